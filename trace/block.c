// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-type field lists of an event block (FORMAT.md §5.3), the loop that encodes
 * them and the per-type decoders generated from the same lists. Fields are written in table order, each into
 * its column; a column holds the fields of every event in event order.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "block.h"

enum field_kind {
	F_PFN,		/* u64, delta against the previous pfn */
	F_PTR,		/* u64, delta against the previous ptr */
	F_SITE,		/* u64, 8 bytes LE */
	F_U32,		/* uvar, must fit u32 */
	F_S32,		/* svar, must fit s32 */
	F_U64,		/* uvar */
	F_ALLOC,	/* u64 bytes_alloc as svar of (bytes_alloc - bytes_req) */
	F_STR,		/* uvar string id */
	F_STR_SLAB,	/* F_STR, present only with MM_EVF_SLAB */
};

struct field {
	uint8_t kind;
	uint8_t col;
	uint16_t off;	/* offsetof(struct mm_event, ...) */
};

#define FLD(kind, col, member) { kind, col, offsetof(struct mm_event, member) }
#define MAX_FIELDS 7

struct type_layout {
	uint16_t allowed_flags;
	uint8_t nr;
	struct field f[MAX_FIELDS];
};

/*
 * The field lists, one per event type, in order (FORMAT.md §5.3): the only place the
 * layout is written down. They build the table the encoder walks and, expanded inline,
 * one straight-line decoder per type (the reader's hot path).
 */
#define FIELDS_PAGE_ALLOC(X)                                 \
	X(F_PFN, COL_PFN, page_alloc.pfn)                    \
	X(F_U32, COL_SMALL, page_alloc.order)                \
	X(F_S32, COL_SMALL, page_alloc.migratetype)          \
	X(F_U64, COL_GFP, page_alloc.gfp)                    \
	X(F_STR_SLAB, COL_STR, page_alloc.cache)
#define FIELDS_PAGE_FREE(X)                                  \
	X(F_PFN, COL_PFN, page_free.pfn)                     \
	X(F_U32, COL_SMALL, page_free.order)
#define FIELDS_PAGE_FREE_BATCHED(X)                          \
	X(F_PFN, COL_PFN, page_free_batched.pfn)
#define FIELDS_ZONE_LOCKED(X)                                \
	X(F_PFN, COL_PFN, zone_locked.pfn)                   \
	X(F_U32, COL_SMALL, zone_locked.order)               \
	X(F_S32, COL_SMALL, zone_locked.migratetype)         \
	X(F_S32, COL_SMALL, zone_locked.percpu_refill)
#define FIELDS_PCPU_DRAIN(X)                                 \
	X(F_PFN, COL_PFN, pcpu_drain.pfn)                    \
	X(F_U32, COL_SMALL, pcpu_drain.order)                \
	X(F_S32, COL_SMALL, pcpu_drain.migratetype)
#define FIELDS_EXTFRAG(X)                                    \
	X(F_PFN, COL_PFN, extfrag.pfn)                       \
	X(F_S32, COL_SMALL, extfrag.alloc_order)             \
	X(F_S32, COL_SMALL, extfrag.fallback_order)          \
	X(F_S32, COL_SMALL, extfrag.alloc_migratetype)       \
	X(F_S32, COL_SMALL, extfrag.fallback_migratetype)    \
	X(F_S32, COL_SMALL, extfrag.change_ownership)
#define FIELDS_KMALLOC(X)                                    \
	X(F_SITE, COL_SITE, alloc.call_site)                 \
	X(F_PTR, COL_PTR, alloc.ptr)                         \
	X(F_U64, COL_SIZE, alloc.bytes_req)                  \
	X(F_ALLOC, COL_SIZE, alloc.bytes_alloc)              \
	X(F_U64, COL_GFP, alloc.gfp)                         \
	X(F_S32, COL_SMALL, alloc.node)
#define FIELDS_KFREE(X)                                      \
	X(F_SITE, COL_SITE, free.call_site)                  \
	X(F_PTR, COL_PTR, free.ptr)
#define FIELDS_KMEM_CACHE_ALLOC(X)                           \
	FIELDS_KMALLOC(X)                                    \
	X(F_STR, COL_STR, alloc.cache)
#define FIELDS_KMEM_CACHE_FREE(X)                            \
	FIELDS_KFREE(X)                                      \
	X(F_STR, COL_STR, free.cache)
#define FIELDS_LOST(X)                                       \
	X(F_U64, COL_SMALL, lost.nr_lost)

/* type, its allowed flags and its field list */
#define EVENT_TYPES(X)                                                        \
	X(MM_EV_PAGE_ALLOC, MM_EVF_SLAB, FIELDS_PAGE_ALLOC)                   \
	X(MM_EV_PAGE_FREE, 0, FIELDS_PAGE_FREE)                               \
	X(MM_EV_PAGE_FREE_BATCHED, 0, FIELDS_PAGE_FREE_BATCHED)               \
	X(MM_EV_PAGE_ALLOC_ZONE_LOCKED, 0, FIELDS_ZONE_LOCKED)                \
	X(MM_EV_PAGE_PCPU_DRAIN, 0, FIELDS_PCPU_DRAIN)                        \
	X(MM_EV_PAGE_ALLOC_EXTFRAG, 0, FIELDS_EXTFRAG)                        \
	X(MM_EV_KMALLOC, 0, FIELDS_KMALLOC)                                   \
	X(MM_EV_KFREE, 0, FIELDS_KFREE)                                       \
	X(MM_EV_KMEM_CACHE_ALLOC, MM_EVF_ACCOUNTED, FIELDS_KMEM_CACHE_ALLOC)  \
	X(MM_EV_KMEM_CACHE_FREE, 0, FIELDS_KMEM_CACHE_FREE)                   \
	X(MM_EV_LOST, 0, FIELDS_LOST)

#define COUNT_FIELD(kind, col, member) +1
#define TABLE_FIELD(kind, col, member) FLD(kind, col, member),
#define TABLE_TYPE(type, flags, fields) [type] = { flags, 0 fields(COUNT_FIELD), { fields(TABLE_FIELD) } },

static const struct type_layout layouts[MM_EV__NR] = {
	EVENT_TYPES(TABLE_TYPE)
};

static const char *const col_names[COL__NR] = {
	"type", "cpu", "ts", "pid", "pfn", "small", "gfp", "call_site", "ptr", "size", "string",
};

const char *block_col_name(unsigned int col)
{
	return col < COL__NR ? col_names[col] : "?";
}

void block_state_reset(struct block_state *st)
{
	st->prev_pfn = 0;
	st->prev_ptr = 0;
	if (st->prev_pid)
		memset(st->prev_pid, 0, st->nr_cpus * sizeof(*st->prev_pid));
}

static uint64_t get_u64(const struct mm_event *ev, uint16_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)ev + off, sizeof(v));
	return v;
}

static uint32_t get_u32(const struct mm_event *ev, uint16_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)ev + off, sizeof(v));
	return v;
}

int block_encode_event(struct block_state *st, struct bytebuf col[COL__NR], const struct mm_event *ev,
		       uint32_t nr_strings)
{
	const struct type_layout *lay;

	if (ev->type == MM_EV_NONE || ev->type >= MM_EV__NR || ev->cpu >= st->nr_cpus)
		return -EINVAL;
	lay = &layouts[ev->type];
	if (ev->flags & ~lay->allowed_flags)
		return -EINVAL;

	bytebuf_u8(&col[COL_TYPE], (uint8_t)(ev->type | ev->flags << MMT_FLAGS_SHIFT));
	bytebuf_uvar(&col[COL_CPU], ev->cpu);
	bytebuf_svar(&col[COL_PID], (int64_t)ev->pid - st->prev_pid[ev->cpu]);
	st->prev_pid[ev->cpu] = ev->pid;

	for (unsigned int i = 0; i < lay->nr; i++) {
		const struct field *f = &lay->f[i];
		struct bytebuf *b = &col[f->col];
		uint64_t v;

		switch (f->kind) {
		case F_PFN:
			v = get_u64(ev, f->off);
			bytebuf_svar(b, (int64_t)(v - st->prev_pfn));
			st->prev_pfn = v;
			break;
		case F_PTR:
			v = get_u64(ev, f->off);
			bytebuf_svar(b, (int64_t)(v - st->prev_ptr));
			st->prev_ptr = v;
			break;
		case F_SITE:
			bytebuf_le(b, get_u64(ev, f->off), 8);
			break;
		case F_U32:
			bytebuf_uvar(b, get_u32(ev, f->off));
			break;
		case F_S32:
			bytebuf_svar(b, (int32_t)get_u32(ev, f->off));
			break;
		case F_U64:
			bytebuf_uvar(b, get_u64(ev, f->off));
			break;
		case F_ALLOC:
			bytebuf_svar(b, (int64_t)(get_u64(ev, f->off) - ev->alloc.bytes_req));
			break;
		case F_STR_SLAB:
			if (!(ev->flags & MM_EVF_SLAB)) {
				if (get_u32(ev, f->off) != MM_STR_NONE)
					return -EINVAL;
				break;
			}
			/* fall through */
		case F_STR:
			v = get_u32(ev, f->off);
			if (v > nr_strings)
				return -EINVAL;
			bytebuf_uvar(b, v);
			break;
		}
	}
	for (unsigned int c = 0; c < COL__NR; c++)
		if (col[c].err)
			return col[c].err;
	return 0;
}

/* Per-kind field decoders: the bodies of the generic switch, typed and inlinable. */
static inline __attribute__((always_inline)) bool
dec_F_PFN(struct block_state *st, struct cursor *c, const bool room, uint64_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	int64_t d;

	(void)ev;
	(void)nr_strings;
	if (cur_svar_room(c, &d, room))
		return false;
	st->prev_pfn += (uint64_t)d;
	*v = st->prev_pfn;
	return true;
}

static inline __attribute__((always_inline)) bool
dec_F_PTR(struct block_state *st, struct cursor *c, const bool room, uint64_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	int64_t d;

	(void)ev;
	(void)nr_strings;
	if (cur_svar_room(c, &d, room))
		return false;
	st->prev_ptr += (uint64_t)d;
	*v = st->prev_ptr;
	return true;
}

static inline __attribute__((always_inline)) bool
dec_F_SITE(struct block_state *st, struct cursor *c, const bool room, uint64_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	(void)st;
	(void)ev;
	(void)nr_strings;
	return !cur_le_room(c, 8, v, room);
}

static inline __attribute__((always_inline)) bool
dec_F_U32(struct block_state *st, struct cursor *c, const bool room, uint32_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	uint64_t x;

	(void)st;
	(void)ev;
	(void)nr_strings;
	if (cur_uvar_room(c, &x, room) || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

static inline __attribute__((always_inline)) bool
dec_F_S32(struct block_state *st, struct cursor *c, const bool room, int32_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	int64_t x;

	(void)st;
	(void)ev;
	(void)nr_strings;
	if (cur_svar_room(c, &x, room) || x < INT32_MIN || x > INT32_MAX)
		return false;
	*v = (int32_t)x;
	return true;
}

static inline __attribute__((always_inline)) bool
dec_F_U64(struct block_state *st, struct cursor *c, const bool room, uint64_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	(void)st;
	(void)ev;
	(void)nr_strings;
	return !cur_uvar_room(c, v, room);
}

static inline __attribute__((always_inline)) bool
dec_F_ALLOC(struct block_state *st, struct cursor *c, const bool room, uint64_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	int64_t d;

	(void)st;
	(void)nr_strings;
	if (cur_svar_room(c, &d, room))
		return false;
	*v = ev->alloc.bytes_req + (uint64_t)d;
	return true;
}

static inline __attribute__((always_inline)) bool
dec_F_STR(struct block_state *st, struct cursor *c, const bool room, uint32_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	uint64_t x;

	(void)st;
	(void)ev;
	if (cur_uvar_room(c, &x, room) || x > nr_strings)
		return false;
	*v = (uint32_t)x;
	return true;
}

static inline __attribute__((always_inline)) bool
dec_F_STR_SLAB(struct block_state *st, struct cursor *c, const bool room, uint32_t *v,
	const struct mm_event *ev, uint32_t nr_strings)
{
	if (!(ev->flags & MM_EVF_SLAB))
		return true;
	return dec_F_STR(st, c, room, v, ev, nr_strings);
}

#define DEC_FIELD(kind, column, member)                                            \
	if (!dec_##kind(st, &col[column], room, &ev->member, ev, nr_strings))             \
		return -EBADMSG;
#define DEC_TYPE(type, flags, fields)                                              \
	case type:                                                                 \
		fields(DEC_FIELD)                                                  \
		return 0;

/*
 * Whether a type column byte is valid: a known type (not MM_EV_NONE), flags that type
 * allows, bit 7 clear. One load per event instead of four tests.
 */
static bool type_byte_ok[256];

__attribute__((constructor)) static void type_byte_ok_init(void)
{
	for (unsigned int b = 0; b < 256; b++) {
		unsigned int type = b & MMT_TYPE_MASK, flags = (b >> MMT_FLAGS_SHIFT) & MMT_FLAGS_MASK;

		type_byte_ok[b] = !(b & 0x80) && type != MM_EV_NONE && type < MM_EV__NR &&
				  !(flags & ~layouts[type].allowed_flags);
	}
}

/* Decodes every field of one event but ts_ns; ev must be zeroed. -EBADMSG on any inconsistency. */
static inline __attribute__((always_inline)) int
decode_one(struct block_state *st, struct cursor col[COL__NR], struct mm_event *ev,
	   uint32_t nr_strings, const bool room)
{
	uint64_t cpu;
	int64_t s;
	const uint8_t *tb;

	if (cur_bytes_room(&col[COL_TYPE], 1, &tb, room) || !type_byte_ok[*tb])
		return -EBADMSG;
	ev->type = *tb & MMT_TYPE_MASK;
	ev->flags = (*tb >> MMT_FLAGS_SHIFT) & MMT_FLAGS_MASK;
	if (cur_uvar_room(&col[COL_CPU], &cpu, room) || cpu >= st->nr_cpus)
		return -EBADMSG;
	ev->cpu = (uint32_t)cpu;
	if (cur_svar_room(&col[COL_PID], &s, room))
		return -EBADMSG;
	s += st->prev_pid[cpu];
	if (s < INT32_MIN || s > INT32_MAX)
		return -EBADMSG;
	ev->pid = (int32_t)s;
	st->prev_pid[cpu] = ev->pid;

	switch (ev->type) {
		EVENT_TYPES(DEC_TYPE)
	}
	return -EBADMSG;
}

/* The most bytes one event can take in each column: a varint is 10 at most. */
static void max_event_bytes(size_t max[COL__NR])
{
	for (unsigned int c = 0; c < COL__NR; c++)
		max[c] = c == COL_TYPE ? 1 : c == COL_CPU || c == COL_PID || c == COL_TS ? 10 : 0;
	for (unsigned int t = 1; t < MM_EV__NR; t++) {
		size_t b[COL__NR] = { 0 };

		for (unsigned int i = 0; i < layouts[t].nr; i++)
			b[layouts[t].f[i].col] += layouts[t].f[i].kind == F_SITE ? 8 : 10;
		for (unsigned int c = 0; c < COL__NR; c++)
			if (b[c] > max[c])
				max[c] = b[c];
	}
}

/*
 * One event and its timestamp; room: as in cur_uvar_room(), for every column.
 * Returns false on a corrupt event.
 */
static inline __attribute__((always_inline)) bool
decode_ts(struct block_state *st, struct cursor c[COL__NR], struct mm_event *e, uint32_t nr_strings,
	  uint64_t *ts, uint64_t ts_unit, const bool room)
{
	int64_t d;

	memset(e, 0, sizeof(*e));
	if (decode_one(st, c, e, nr_strings, room) || cur_svar_room(&c[COL_TS], &d, room))
		return false;
	*ts += (uint64_t)d * ts_unit;
	e->ts_ns = *ts;
	return true;
}

uint32_t block_decode_batch(struct block_state *st, struct cursor col[COL__NR], struct mm_event *ev,
			    uint32_t n, uint32_t nr_strings, uint64_t *prev_ts, uint64_t ts_unit,
			    uint64_t counts[MM_EV__NR], int *err)
{
	/* a private copy of the cursors: no reload after each store into ev */
	struct cursor c[COL__NR];
	uint64_t ts = *prev_ts;
	size_t max[COL__NR];
	uint32_t i, n_room = n;

	memcpy(c, col, sizeof(c));
	*err = 0;
	/*
	 * While every column holds more than n_room events' worth of its largest fields, no
	 * field of those events can run past its column's end: they are decoded without the
	 * end checks (the varints' own checks stay). The rest, at a block's end, with them.
	 */
	max_event_bytes(max);
	for (unsigned int k = 0; k < COL__NR; k++) {
		size_t left = (size_t)(c[k].end - c[k].p) / max[k];

		if (max[k] && left < n_room)
			n_room = (uint32_t)left;
	}
	for (i = 0; i < n_room; i++) {
		if (!decode_ts(st, c, &ev[i], nr_strings, &ts, ts_unit, true))
			goto corrupt;
		counts[ev[i].type]++;
	}
	for (; i < n; i++) {
		if (!decode_ts(st, c, &ev[i], nr_strings, &ts, ts_unit, false))
			goto corrupt;
		counts[ev[i].type]++;
	}
	goto out;
corrupt:
	*err = -EBADMSG;
out:
	memcpy(col, c, sizeof(c));
	*prev_ts = ts;
	return i;
}
