/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * LEB128 unsigned varints and zigzag signed mapping (FORMAT.md §2), and a growable byte
 * buffer to write them into. Decoding is bounds-checked: a varint longer than 10 bytes
 * or running past the end is corrupt input, never an overread.
 */
#ifndef MMTRACE_TRACE_VARINT_H
#define MMTRACE_TRACE_VARINT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct bytebuf {
	uint8_t *p;
	size_t len;
	size_t cap;
	int err;	/* sticky -ENOMEM */
};

static inline int bytebuf_reserve(struct bytebuf *b, size_t more)
{
	if (b->err)
		return b->err;
	if (b->len + more > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *p;

		while (cap < b->len + more)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return b->err = -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	return 0;
}

static inline void bytebuf_put(struct bytebuf *b, const void *src, size_t n)
{
	/* memcpy(dst, NULL, 0) is undefined behaviour, and callers pass empty buffers. */
	if (!n || bytebuf_reserve(b, n))
		return;
	memcpy(b->p + b->len, src, n);
	b->len += n;
}

static inline void bytebuf_u8(struct bytebuf *b, uint8_t v)
{
	bytebuf_put(b, &v, 1);
}

static inline void bytebuf_le(struct bytebuf *b, uint64_t v, unsigned int bytes)
{
	uint8_t tmp[8];

	for (unsigned int i = 0; i < bytes; i++)
		tmp[i] = (uint8_t)(v >> (8 * i));
	bytebuf_put(b, tmp, bytes);
}

static inline void bytebuf_uvar(struct bytebuf *b, uint64_t v)
{
	uint8_t tmp[10];
	unsigned int n = 0;

	do {
		tmp[n] = (uint8_t)(v & 0x7f);
		v >>= 7;
		if (v)
			tmp[n] |= 0x80;
		n++;
	} while (v);
	bytebuf_put(b, tmp, n);
}

static inline uint64_t zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static inline void bytebuf_svar(struct bytebuf *b, int64_t v)
{
	bytebuf_uvar(b, zigzag(v));
}

static inline void bytebuf_free(struct bytebuf *b)
{
	free(b->p);
	*b = (struct bytebuf){ 0 };
}

/* A bounds-checked read cursor. */
struct cursor {
	const uint8_t *p;
	const uint8_t *end;
};

/*
 * 0 on success, -EBADMSG if the varint is truncated or longer than 64 bits. room: the
 * caller knows that at least 10 bytes are left (a compile-time constant where it is true,
 * which drops the end checks).
 */
static inline __attribute__((always_inline)) int cur_uvar_room(struct cursor *c, uint64_t *out,
								 const bool room)
{
	const uint8_t *p = c->p;
	uint64_t v = 0;

	/* most deltas and small fields fit one byte: skip the loop for them */
	if (__builtin_expect((room || p < c->end) && !(*p & 0x80), 1)) {
		*out = *p;
		c->p = p + 1;
		return 0;
	}
	/* away from the column's end a whole varint fits: no bounds check per byte */
	if (room || __builtin_expect(c->end - p >= 10, 1)) {
		for (unsigned int i = 0; i < 9; i++) {
			uint8_t byte = p[i];

			v |= (uint64_t)(byte & 0x7f) << (7 * i);
			if (!(byte & 0x80)) {
				c->p = p + i + 1;
				*out = v;
				return 0;
			}
		}
		/* the 10th byte holds bit 63 alone, and ends the varint */
		if (p[9] > 1)
			return -EBADMSG;
		c->p = p + 10;
		*out = v | (uint64_t)p[9] << 63;
		return 0;
	}

	for (unsigned int shift = 0; shift < 70; shift += 7) {
		uint8_t byte;

		if (c->p >= c->end)
			return -EBADMSG;
		byte = *c->p++;
		if (shift == 63 && byte > 1)
			return -EBADMSG;
		v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80)) {
			*out = v;
			return 0;
		}
	}
	return -EBADMSG;
}

static inline int cur_uvar(struct cursor *c, uint64_t *out)
{
	return cur_uvar_room(c, out, false);
}

static inline __attribute__((always_inline)) int cur_svar_room(struct cursor *c, int64_t *out,
								 const bool room)
{
	uint64_t v;
	int err = cur_uvar_room(c, &v, room);

	if (!err)
		*out = unzigzag(v);
	return err;
}

static inline int cur_svar(struct cursor *c, int64_t *out)
{
	return cur_svar_room(c, out, false);
}

static inline __attribute__((always_inline)) int cur_le_room(struct cursor *c, unsigned int bytes,
							       uint64_t *out, const bool room)
{
	uint64_t v = 0;

	if (!room && (size_t)(c->end - c->p) < bytes)
		return -EBADMSG;
	if (bytes == 8) {
		/* call_site: one load, not eight */
		memcpy(&v, c->p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		v = __builtin_bswap64(v);
#endif
	} else {
		for (unsigned int i = 0; i < bytes; i++)
			v |= (uint64_t)c->p[i] << (8 * i);
	}
	c->p += bytes;
	*out = v;
	return 0;
}

static inline int cur_le(struct cursor *c, unsigned int bytes, uint64_t *out)
{
	return cur_le_room(c, bytes, out, false);
}

static inline __attribute__((always_inline)) int
cur_bytes_room(struct cursor *c, size_t n, const uint8_t **out, const bool room)
{
	if (!room && (size_t)(c->end - c->p) < n)
		return -EBADMSG;
	*out = c->p;
	c->p += n;
	return 0;
}

static inline int cur_bytes(struct cursor *c, size_t n, const uint8_t **out)
{
	return cur_bytes_room(c, n, out, false);
}

#endif
