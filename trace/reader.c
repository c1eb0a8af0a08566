// SPDX-License-Identifier: GPL-2.0-only
/*
 * Streaming trace reader: walks the frames of FORMAT.md §1 in order, verifying each
 * checksum, the section order, the block sequence and, at the end, that the end frame's
 * counts equal what was decoded. Holds one block and the string table at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "block.h"
#include "crc32c.h"
#include "reader.h"

#define READ_CHUNK (1u << 20)
/* ZSTD_FRAMEHEADERSIZE_MAX, which libzstd keeps behind ZSTD_STATIC_LINKING_ONLY */
#define FRAME_HEADER_MAX 18

enum rd_state {
	RD_SECTIONS,	/* between frames; expecting snapshot, block or end */
	RD_BLOCK,	/* decoding a block */
	RD_DONE,	/* end frame verified */
	RD_FAILED,
};

struct trace_reader {
	/* input */
	int fd;
	const uint8_t *mem;	/* whole input (open_mem), or NULL */
	uint8_t *buf;		/* file buffer */
	size_t buf_cap, pos, len;
	bool eof;
	uint64_t off;		/* file offset of buf[pos] */
	uint64_t frame_off;	/* offset of the frame being read */
	uint32_t file_crc;	/* CRC-32C of every byte read from fd so far */

	ZSTD_DCtx *dctx;
	struct bytebuf content;	/* decompressed frame */

	struct trace_header hdr;
	struct trace_end end;
	struct snap_files snap[SNAP__NR];
	bool have_snap[SNAP__NR];

	char **strs;
	uint32_t nr_strs;

	/* current block */
	struct block_state st;
	struct cursor col[COL__NR];
	uint32_t block_left;
	uint64_t prev_ts, ts_unit;
	uint32_t nr_blocks;
	uint64_t block_bytes;	/* on-disk bytes of event block frames */
	uint64_t nr_events;
	uint64_t counts[MM_EV__NR];

	enum rd_state state;
	int err;
	char msg[256];
};

static char open_msg[256];

static int fail(struct trace_reader *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct trace_reader *r, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	r->err = err;
	r->state = RD_FAILED;
	return err;
}

/* Makes at least n bytes available at buf+pos, unless the input ends first. */
static int src_fill(struct trace_reader *r, size_t n)
{
	if (r->mem || r->len - r->pos >= n)
		return 0;
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (n > r->buf_cap) {
		size_t cap = r->buf_cap;
		uint8_t *p;

		while (cap < n)
			cap *= 2;
		p = realloc(r->buf, cap);
		if (!p)
			return -ENOMEM;
		r->buf = p;
		r->buf_cap = cap;
	}
	while (!r->eof && r->len < n) {
		ssize_t got = read(r->fd, r->buf + r->len, r->buf_cap - r->len);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (got == 0)
			r->eof = true;
		r->file_crc = crc32c_extend(r->file_crc, r->buf + r->len, (size_t)got);
		r->len += (size_t)got;
	}
	return 0;
}

static size_t src_avail(const struct trace_reader *r)
{
	return r->len - r->pos;
}

static void src_skip(struct trace_reader *r, size_t n)
{
	r->pos += n;
	r->off += n;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ZSTD_d_windowLogMax set in open_common(): the largest window a frame may ask for */
#define WINDOW_LOG_MAX 27

/*
 * Decompresses the zstd frame at buf+pos (content size `size`, room for it reserved) in
 * one call, straight into r->content, if the whole frame is in memory or can be read in
 * full. The streaming decoder would first fill a window buffer of its own, which it
 * allocates anew whenever a frame asks for a larger window than the last (every block of
 * a growing trace) and then copies out: page faults and RSS for nothing. Returns false,
 * having consumed nothing, when the frame is not whole and valid with a window the
 * streaming decoder would accept too: read_frame() then streams it and reports any
 * problem exactly as before.
 */
static bool read_frame_whole(struct trace_reader *r, unsigned long long size)
{
	size_t bound = ZSTD_compressBound((size_t)size) + FRAME_HEADER_MAX + 4;
	const uint8_t *f;
	size_t csize, ret;

	for (;;) {
		csize = ZSTD_findFrameCompressedSize(r->buf + r->pos, src_avail(r));
		if (!ZSTD_isError(csize))
			break;
		if (ZSTD_getErrorCode(csize) != ZSTD_error_srcSize_wrong || r->mem || r->eof ||
		    src_avail(r) >= bound || src_fill(r, src_avail(r) + READ_CHUNK))
			return false;
	}
	/*
	 * Frame_Header_Descriptor, then Window_Descriptor unless Single_Segment_flag (bit 5),
	 * whose window is the content size (RFC 8878 §3.1.1.1.1-2).
	 */
	f = r->buf + r->pos;
	if (!(f[4] & 0x20)) {
		unsigned int wlog = 10 + (f[5] >> 3);
		uint64_t wsize = (1ull << wlog) + ((1ull << wlog) >> 3) * (f[5] & 7);

		if (wsize > (1ull << WINDOW_LOG_MAX))
			return false;
	}
	ret = ZSTD_decompressDCtx(r->dctx, r->content.p, (size_t)size, r->buf + r->pos, csize);
	if (ZSTD_isError(ret) || ret != size)
		return false;
	src_skip(r, csize);
	r->content.len = (size_t)size;
	return true;
}

/*
 * Reads the next frame into r->content. Returns 1 with *skippable set, 0 at a clean end
 * of input, or a negative errno (with the message set).
 */
static int read_frame(struct trace_reader *r, bool *skippable)
{
	uint32_t magic;
	int err;

	r->frame_off = r->off;
	err = src_fill(r, 8);
	if (err)
		return fail(r, err, "offset %#llx: read error", (unsigned long long)r->off);
	if (src_avail(r) == 0)
		return 0;
	if (src_avail(r) < 4)
		return fail(r, -ENODATA, "offset %#llx: truncated frame after %llu events",
			    (unsigned long long)r->off, (unsigned long long)r->nr_events);
	magic = le32(r->buf + r->pos);
	r->content.len = 0;

	if ((magic & MMT_SKIPPABLE_MASK) == MMT_SKIPPABLE_ANY) {
		uint32_t size;

		if (src_avail(r) < 8)
			return fail(r, -ENODATA, "offset %#llx: truncated frame after %llu events",
				    (unsigned long long)r->off, (unsigned long long)r->nr_events);
		size = le32(r->buf + r->pos + 4);
		if (size > MMT_MAX_SKIPPABLE)
			return fail(r, -EBADMSG, "offset %#llx: skippable frame of %u bytes is too large",
				    (unsigned long long)r->off, size);
		err = src_fill(r, 8 + (size_t)size);
		if (err)
			return fail(r, err, "offset %#llx: read error", (unsigned long long)r->off);
		if (src_avail(r) < 8 + (size_t)size)
			return fail(r, -ENODATA, "offset %#llx: truncated frame after %llu events",
				    (unsigned long long)r->off, (unsigned long long)r->nr_events);
		if (magic != MMT_SKIPPABLE_MAGIC) {
			/* Someone else's metadata: skippable by definition (RFC 8878). */
			src_skip(r, 8 + (size_t)size);
			return read_frame(r, skippable);
		}
		bytebuf_put(&r->content, r->buf + r->pos + 8, size);
		if (r->content.err)
			return fail(r, r->content.err, "out of memory");
		src_skip(r, 8 + (size_t)size);
		*skippable = true;
		return 1;
	}

	if (magic == MMT_ZSTD_MAGIC) {
		unsigned long long size;
		ZSTD_outBuffer out;
		size_t ret;
		uint8_t fhd;

		err = src_fill(r, FRAME_HEADER_MAX);
		if (err)
			return fail(r, err, "offset %#llx: read error", (unsigned long long)r->off);
		size = ZSTD_getFrameContentSize(r->buf + r->pos, src_avail(r));
		if (size == ZSTD_CONTENTSIZE_ERROR && src_avail(r) < FRAME_HEADER_MAX)
			return fail(r, -ENODATA, "offset %#llx: truncated frame after %llu events",
				    (unsigned long long)r->off, (unsigned long long)r->nr_events);
		if (size == ZSTD_CONTENTSIZE_ERROR)
			return fail(r, -EBADMSG, "offset %#llx: bad zstd frame header",
				    (unsigned long long)r->off);
		/* Frame_Header_Descriptor bit 2: Content_Checksum_flag (RFC 8878 §3.1.1.1.1). */
		fhd = r->buf[r->pos + 4];
		if (size == ZSTD_CONTENTSIZE_UNKNOWN || !(fhd & 0x04))
			return fail(r, -EBADMSG,
				    "offset %#llx: zstd frame without content size or checksum",
				    (unsigned long long)r->off);
		if (size < 4 || size > MMT_MAX_SNAPSHOT_BYTES)
			return fail(r, -EBADMSG, "offset %#llx: zstd frame content of %llu bytes",
				    (unsigned long long)r->off, size);
		err = bytebuf_reserve(&r->content, (size_t)size);
		if (err)
			return fail(r, err, "out of memory");
		if (read_frame_whole(r, size)) {
			*skippable = false;
			return 1;
		}
		ZSTD_DCtx_reset(r->dctx, ZSTD_reset_session_only);
		out = (ZSTD_outBuffer){ r->content.p, (size_t)size, 0 };
		for (;;) {
			ZSTD_inBuffer in = { r->buf + r->pos, src_avail(r), 0 };

			ret = ZSTD_decompressStream(r->dctx, &out, &in);
			src_skip(r, in.pos);
			if (ZSTD_isError(ret))
				return fail(r, -EBADMSG, "offset %#llx: zstd frame corrupt: %s",
					    (unsigned long long)r->frame_off, ZSTD_getErrorName(ret));
			if (ret == 0)
				break;
			if (in.pos == in.size) {
				if (r->mem || r->eof)
					return fail(r, -ENODATA,
						    "offset %#llx: truncated frame after %llu events",
						    (unsigned long long)r->frame_off,
						    (unsigned long long)r->nr_events);
				r->pos = r->len;	/* all consumed */
				err = src_fill(r, 1);
				if (err)
					return fail(r, err, "read error");
			}
		}
		if (out.pos != size)
			return fail(r, -EBADMSG, "offset %#llx: frame content size mismatch",
				    (unsigned long long)r->frame_off);
		r->content.len = out.pos;
		*skippable = false;
		return 1;
	}
	return fail(r, -EBADMSG, "offset %#llx: unknown frame magic %#010x after %llu events",
		    (unsigned long long)r->off, magic, (unsigned long long)r->nr_events);
}

/* Verifies and strips the CRC-32C at the end of a skippable payload. */
static int check_crc(struct trace_reader *r, const char *what)
{
	struct bytebuf *c = &r->content;

	if (c->len < 8 || crc32c(c->p, c->len - 4) != le32(c->p + c->len - 4))
		return fail(r, -EBADMSG, "offset %#llx: %s frame checksum mismatch",
			    (unsigned long long)r->frame_off, what);
	c->len -= 4;
	return 0;
}

static int parse_header(struct trace_reader *r)
{
	struct cursor c;
	struct trace_header *h = &r->hdr;
	uint64_t v[10];
	static const unsigned int widths[] = { 4, 2, 2, 2, 2, 4, 4, 4, 8, 8 };
	const uint8_t *s;

	if (r->content.len >= 8 && le32(r->content.p) == MMT_TAG_HEADER) {
		/* The version comes before the checksum: a future format may differ after it. */
		unsigned int major = r->content.p[4] | r->content.p[5] << 8;
		unsigned int minor = r->content.p[6] | r->content.p[7] << 8;

		if (major != MMT_VERSION_MAJOR)
			return fail(r, -EPROTONOSUPPORT,
				    "format version %u.%u is not supported (this mmtrace reads %u.x)",
				    major, minor, (unsigned int)MMT_VERSION_MAJOR);
	}
	if (check_crc(r, "header"))
		return r->err;
	c = (struct cursor){ r->content.p, r->content.p + r->content.len };
	for (unsigned int i = 0; i < 10; i++)
		if (cur_le(&c, widths[i], &v[i]))
			return fail(r, -EBADMSG, "header: truncated");
	if (v[0] != MMT_TAG_HEADER)
		return fail(r, -EBADMSG, "header: bad tag");
	h->version_major = (uint16_t)v[1];
	h->version_minor = (uint16_t)v[2];
	h->arch = (uint16_t)v[3];
	h->clock = (uint16_t)v[4];
	h->page_size = (uint32_t)v[5];
	h->nr_cpus = (uint32_t)v[6];
	h->source = (uint32_t)v[7];
	h->start_ts_ns = v[8];
	h->start_realtime_ns = v[9];
	if (!h->nr_cpus || h->nr_cpus > MMT_MAX_CPUS)
		return fail(r, -EBADMSG, "header: bad CPU count %u", h->nr_cpus);
	if (h->page_size < 1024 || (h->page_size & (h->page_size - 1)))
		return fail(r, -EBADMSG, "header: bad page size %u", h->page_size);
	if (cur_le(&c, 1, &v[0]) || v[0] > MMT_MAX_RELEASE || cur_bytes(&c, (size_t)v[0], &s) ||
	    memchr(s, '\0', (size_t)v[0]))
		return fail(r, -EBADMSG, "header: bad kernel release");
	memcpy(h->release, s, (size_t)v[0]);
	if (cur_le(&c, 1, &v[0]) || v[0] > MMT_MAX_TOOL || cur_bytes(&c, (size_t)v[0], &s) ||
	    memchr(s, '\0', (size_t)v[0]))
		return fail(r, -EBADMSG, "header: bad tool name");
	memcpy(h->tool, s, (size_t)v[0]);
	if (c.p != c.end)
		return fail(r, -EBADMSG, "header: trailing bytes");
	r->st.nr_cpus = h->nr_cpus;
	r->st.prev_pid = calloc(h->nr_cpus, sizeof(*r->st.prev_pid));
	if (!r->st.prev_pid)
		return fail(r, -ENOMEM, "out of memory");
	return 0;
}

static int parse_snapshot(struct trace_reader *r)
{
	struct cursor c = { r->content.p + 4, r->content.p + r->content.len };
	uint64_t kind, zero, ts, nr;
	struct snap_files *sf;

	if (cur_le(&c, 1, &kind) || cur_le(&c, 3, &zero) || cur_le(&c, 8, &ts) || cur_uvar(&c, &nr))
		return fail(r, -EBADMSG, "offset %#llx: snapshot: truncated",
			    (unsigned long long)r->frame_off);
	if (kind >= SNAP__NR || zero)
		return fail(r, -EBADMSG, "offset %#llx: snapshot: bad kind %llu",
			    (unsigned long long)r->frame_off, (unsigned long long)kind);
	if (r->have_snap[kind])
		return fail(r, -EBADMSG, "offset %#llx: second %s snapshot",
			    (unsigned long long)r->frame_off, kind == SNAP_START ? "start" : "end");
	if (kind == SNAP_START && r->nr_blocks)
		return fail(r, -EBADMSG, "offset %#llx: start snapshot after events",
			    (unsigned long long)r->frame_off);
	sf = &r->snap[kind];
	for (uint64_t i = 0; i < nr; i++) {
		uint64_t plen, dlen;
		const uint8_t *path, *data;
		char pbuf[512];
		int err;

		if (cur_uvar(&c, &plen) || plen >= sizeof(pbuf) || cur_bytes(&c, (size_t)plen, &path) ||
		    cur_uvar(&c, &dlen) || cur_bytes(&c, (size_t)dlen, &data))
			return fail(r, -EBADMSG, "offset %#llx: snapshot: file %llu truncated",
				    (unsigned long long)r->frame_off, (unsigned long long)i);
		memcpy(pbuf, path, (size_t)plen);
		pbuf[plen] = '\0';
		err = snap_files__add(sf, pbuf, data, (size_t)dlen);
		if (err == -ENOMEM)
			return fail(r, err, "out of memory");
		if (err)
			return fail(r, -EBADMSG, "offset %#llx: snapshot: bad or repeated path",
				    (unsigned long long)r->frame_off);
	}
	if (c.p != c.end)
		return fail(r, -EBADMSG, "offset %#llx: snapshot: trailing bytes",
			    (unsigned long long)r->frame_off);
	r->have_snap[kind] = true;
	return 0;
}

static int parse_block(struct trace_reader *r)
{
	struct cursor c = { r->content.p + 4, r->content.p + r->content.len };
	uint64_t seq, nr, base, unit, nr_new, nr_cols, total = 0;
	uint64_t lens[COL__NR];

	if (r->have_snap[SNAP_END])
		return fail(r, -EBADMSG, "offset %#llx: events after the end snapshot",
			    (unsigned long long)r->frame_off);
	if (cur_uvar(&c, &seq) || cur_uvar(&c, &nr) || cur_uvar(&c, &base) || cur_uvar(&c, &unit) ||
	    cur_uvar(&c, &nr_new))
		return fail(r, -EBADMSG, "offset %#llx: block header truncated",
			    (unsigned long long)r->frame_off);
	if (seq != r->nr_blocks)
		return fail(r, -EBADMSG, "offset %#llx: block %llu where block %u was expected",
			    (unsigned long long)r->frame_off, (unsigned long long)seq, r->nr_blocks);
	if (!nr || nr > MMT_MAX_BLOCK_EVENTS || !unit || nr_new > MMT_MAX_STRINGS - r->nr_strs)
		return fail(r, -EBADMSG, "offset %#llx: block %llu: bad header",
			    (unsigned long long)r->frame_off, (unsigned long long)seq);
	if (r->content.len > MMT_MAX_BLOCK_BYTES)
		return fail(r, -EBADMSG, "offset %#llx: block %llu too large",
			    (unsigned long long)r->frame_off, (unsigned long long)seq);
	if (nr_new) {
		char **v = realloc(r->strs, (r->nr_strs + nr_new) * sizeof(*v));

		if (!v)
			return fail(r, -ENOMEM, "out of memory");
		r->strs = v;
	}
	for (uint64_t i = 0; i < nr_new; i++) {
		uint64_t len;
		const uint8_t *s;
		char *dup;

		if (cur_uvar(&c, &len) || !len || len > MMT_MAX_STRING || cur_bytes(&c, (size_t)len, &s) ||
		    memchr(s, '\0', (size_t)len))
			return fail(r, -EBADMSG, "offset %#llx: block %llu: bad string %llu",
				    (unsigned long long)r->frame_off, (unsigned long long)seq,
				    (unsigned long long)i);
		dup = strndup((const char *)s, (size_t)len);
		if (!dup)
			return fail(r, -ENOMEM, "out of memory");
		r->strs[r->nr_strs++] = dup;
	}
	if (cur_uvar(&c, &nr_cols) || nr_cols != COL__NR)
		return fail(r, -EBADMSG, "offset %#llx: block %llu: bad column count",
			    (unsigned long long)r->frame_off, (unsigned long long)seq);
	for (unsigned int i = 0; i < COL__NR; i++) {
		if (cur_uvar(&c, &lens[i]) || lens[i] > r->content.len)
			return fail(r, -EBADMSG, "offset %#llx: block %llu: bad column length",
				    (unsigned long long)r->frame_off, (unsigned long long)seq);
		total += lens[i];
	}
	if (total != (uint64_t)(c.end - c.p))
		return fail(r, -EBADMSG, "offset %#llx: block %llu: columns do not fill the block",
			    (unsigned long long)r->frame_off, (unsigned long long)seq);
	for (unsigned int i = 0; i < COL__NR; i++) {
		r->col[i].p = c.p;
		r->col[i].end = c.p + lens[i];
		c.p += lens[i];
	}
	block_state_reset(&r->st);
	r->block_left = (uint32_t)nr;
	r->prev_ts = base;
	r->ts_unit = unit;
	r->nr_blocks++;
	r->state = RD_BLOCK;
	return 0;
}

static int parse_end(struct trace_reader *r)
{
	struct cursor c;
	struct trace_end *e = &r->end;
	uint64_t tag, v, nr_types, nr_cpus;

	if (check_crc(r, "end"))
		return r->err;
	c = (struct cursor){ r->content.p, r->content.p + r->content.len };
	if (cur_le(&c, 4, &tag) || cur_le(&c, 4, &v) || cur_le(&c, 8, &e->end_ts_ns) ||
	    cur_le(&c, 8, &e->nr_events) || cur_le(&c, 8, &e->nr_unwritten))
		return fail(r, -EBADMSG, "end frame truncated");
	e->stop_reason = (uint32_t)v;
	if (cur_le(&c, 4, &v))
		return fail(r, -EBADMSG, "end frame truncated");
	e->nr_blocks = (uint32_t)v;
	if (e->stop_reason > MMT_STOP_ERROR)
		return fail(r, -EBADMSG, "end frame: unknown stop reason %u", e->stop_reason);
	if (cur_le(&c, 4, &nr_types) || nr_types < 1 || nr_types > 32)
		return fail(r, -EBADMSG, "end frame: bad type count");
	for (uint64_t t = 0; t < nr_types; t++) {
		if (cur_le(&c, 8, &v))
			return fail(r, -EBADMSG, "end frame truncated");
		if (t < MM_EV__NR)
			e->counts[t] = v;
		else if (v)
			return fail(r, -EBADMSG, "end frame: events of unknown type %llu",
				    (unsigned long long)t);
	}
	if (cur_le(&c, 4, &nr_cpus) || nr_cpus != r->hdr.nr_cpus)
		return fail(r, -EBADMSG, "end frame: CPU count differs from the header");
	e->nr_cpus = (uint32_t)nr_cpus;
	e->drops = calloc(nr_cpus, sizeof(*e->drops));
	if (!e->drops)
		return fail(r, -ENOMEM, "out of memory");
	for (uint64_t i = 0; i < nr_cpus; i++)
		if (cur_le(&c, 8, &e->drops[i]))
			return fail(r, -EBADMSG, "end frame truncated");
	if (c.p != c.end)
		return fail(r, -EBADMSG, "end frame: trailing bytes");

	/* The end frame must describe exactly what was decoded. */
	if (e->nr_blocks != r->nr_blocks || e->nr_events != r->nr_events)
		return fail(r, -EBADMSG,
			    "end frame says %llu events in %u blocks, the trace has %llu in %u",
			    (unsigned long long)e->nr_events, e->nr_blocks,
			    (unsigned long long)r->nr_events, r->nr_blocks);
	for (unsigned int t = 1; t < MM_EV__NR; t++)
		if (e->counts[t] != r->counts[t])
			return fail(r, -EBADMSG, "end frame: %s count %llu, the trace has %llu",
				    mm_event_type_name(t), (unsigned long long)e->counts[t],
				    (unsigned long long)r->counts[t]);
	return 0;
}

/* Reads frames until a block is open or the trace ends. */
static int advance(struct trace_reader *r)
{
	for (;;) {
		bool skippable = false;
		int ret = read_frame(r, &skippable);
		uint32_t tag;

		if (ret < 0)
			return ret;
		if (ret == 0)
			return fail(r, -ENODATA,
				    "truncated: no end frame after %llu events (last complete frame ends at offset %#llx)",
				    (unsigned long long)r->nr_events, (unsigned long long)r->off);
		if (r->content.len < 4)
			return fail(r, -EBADMSG, "offset %#llx: empty frame",
				    (unsigned long long)r->frame_off);
		tag = le32(r->content.p);
		if (skippable && tag == MMT_TAG_END) {
			if (parse_end(r))
				return r->err;
			/* Nothing may follow the end frame. */
			if (src_fill(r, 1) == 0 && src_avail(r))
				return fail(r, -EBADMSG, "offset %#llx: data after the end frame",
					    (unsigned long long)r->off);
			r->state = RD_DONE;
			return 0;
		}
		if (!skippable && tag == MMT_TAG_SNAPSHOT) {
			if (parse_snapshot(r))
				return r->err;
			continue;
		}
		if (!skippable && tag == MMT_TAG_BLOCK) {
			r->block_bytes += r->off - r->frame_off;
			return parse_block(r);
		}
		return fail(r, -EBADMSG, "offset %#llx: unexpected section %#010x",
			    (unsigned long long)r->frame_off, tag);
	}
}

static struct trace_reader *open_common(struct trace_reader *r, const char **errmsg)
{
	bool skippable = false;
	int ret;

	r->dctx = ZSTD_createDCtx();
	if (!r->dctx) {
		ret = -ENOMEM;
		snprintf(r->msg, sizeof(r->msg), "out of memory");
		goto fail;
	}
	/* Bound decoder memory whatever a corrupt frame header claims. */
	ZSTD_DCtx_setParameter(r->dctx, ZSTD_d_windowLogMax, WINDOW_LOG_MAX);
	ret = read_frame(r, &skippable);
	if (ret == 0) {
		ret = fail(r, -EBADMSG, "empty file, not an mmtrace trace");
		goto fail;
	}
	if (ret < 0) {
		if (r->frame_off == 0 && ret == -EBADMSG && strstr(r->msg, "magic"))
			snprintf(r->msg, sizeof(r->msg), "not an mmtrace trace (bad magic)");
		goto fail;
	}
	if (!skippable || r->content.len < 4 || le32(r->content.p) != MMT_TAG_HEADER) {
		ret = fail(r, -EBADMSG, "not an mmtrace trace (no header frame)");
		goto fail;
	}
	ret = parse_header(r);
	if (ret)
		goto fail;
	ret = advance(r);
	if (ret)
		goto fail;
	return r;
fail:
	snprintf(open_msg, sizeof(open_msg), "%s", r->msg);
	if (errmsg)
		*errmsg = open_msg;
	trace_reader__close(r);
	errno = -ret;
	return NULL;
}

struct trace_reader *trace_reader__open(const char *path, const char **errmsg)
{
	struct trace_reader *r = calloc(1, sizeof(*r));

	if (!r) {
		errno = ENOMEM;
		return NULL;
	}
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		int err = errno;

		snprintf(open_msg, sizeof(open_msg), "%s", strerror(err));
		if (errmsg)
			*errmsg = open_msg;
		free(r);
		errno = err;
		return NULL;
	}
	r->buf_cap = READ_CHUNK;
	r->buf = malloc(r->buf_cap);
	if (!r->buf) {
		close(r->fd);
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	return open_common(r, errmsg);
}

struct trace_reader *trace_reader__open_mem(const void *buf, size_t len, const char **errmsg)
{
	struct trace_reader *r = calloc(1, sizeof(*r));

	if (!r) {
		errno = ENOMEM;
		return NULL;
	}
	r->fd = -1;
	r->mem = buf;
	r->buf = (uint8_t *)buf;
	r->len = len;
	r->eof = true;
	return open_common(r, errmsg);
}

int trace_reader__next_batch(struct trace_reader *r, struct mm_event *ev, unsigned int n)
{
	uint32_t got;
	int err;

	if (!n)
		return -EINVAL;
	for (;;) {
		switch (r->state) {
		case RD_FAILED:
			return r->err;
		case RD_DONE:
			return 0;
		case RD_SECTIONS:
			if (advance(r))
				return r->err;
			continue;
		case RD_BLOCK:
			break;
		}
		if (r->block_left)
			break;
		for (unsigned int c = 0; c < COL__NR; c++)
			if (r->col[c].p != r->col[c].end)
				return fail(r, -EBADMSG, "block %u: %zu bytes left in column %s",
					    r->nr_blocks - 1, (size_t)(r->col[c].end - r->col[c].p),
					    block_col_name(c));
		r->state = RD_SECTIONS;
	}

	if (n > r->block_left)
		n = r->block_left;
	got = block_decode_batch(&r->st, r->col, ev, n, r->nr_strs, &r->prev_ts, r->ts_unit, r->counts,
				 &err);
	r->block_left -= got;
	r->nr_events += got;
	if (err) {
		/* the events before the corrupt one are good: they go out first, the error next call */
		fail(r, err, "record %llu in block %u (frame at offset %#llx): corrupt event",
		     (unsigned long long)r->nr_events, r->nr_blocks - 1, (unsigned long long)r->frame_off);
		return got ? (int)got : err;
	}
	return (int)got;
}

int trace_reader__next(struct trace_reader *r, struct mm_event *ev)
{
	return trace_reader__next_batch(r, ev, 1);
}

const struct trace_header *trace_reader__header(const struct trace_reader *r)
{
	return &r->hdr;
}

const struct snap_files *trace_reader__snapshot(const struct trace_reader *r, enum snap_kind kind)
{
	if ((unsigned int)kind >= SNAP__NR || !r->have_snap[kind])
		return NULL;
	return &r->snap[kind];
}

const struct trace_end *trace_reader__end(const struct trace_reader *r)
{
	return r->state == RD_DONE ? &r->end : NULL;
}

const char *trace_reader__string(const struct trace_reader *r, uint32_t id)
{
	if (id == MM_STR_NONE || id > r->nr_strs)
		return NULL;
	return r->strs[id - 1];
}

const char *trace_reader__strerror(const struct trace_reader *r)
{
	return r->msg[0] ? r->msg : "no error";
}

uint64_t trace_reader__nr_events(const struct trace_reader *r)
{
	return r->nr_events;
}

uint64_t trace_reader__block_bytes(const struct trace_reader *r)
{
	return r->block_bytes;
}

int trace_reader__file_crc32c(const struct trace_reader *r, uint32_t *crc)
{
	if (r->state != RD_DONE || !r->eof)
		return -EAGAIN;
	/* every byte went through src_fill() up to end of file: the end check reads to EOF */
	*crc = r->mem ? crc32c(r->mem, r->len) : r->file_crc;
	return 0;
}

uint64_t trace_reader__offset(const struct trace_reader *r)
{
	return r->off;
}

void trace_reader__close(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	if (!r->mem)
		free(r->buf);
	ZSTD_freeDCtx(r->dctx);
	bytebuf_free(&r->content);
	for (unsigned int k = 0; k < SNAP__NR; k++)
		snap_files__clear(&r->snap[k]);
	for (uint32_t i = 0; i < r->nr_strs; i++)
		free(r->strs[i]);
	free(r->strs);
	free(r->st.prev_pid);
	free(r->end.drops);
	free(r);
}
