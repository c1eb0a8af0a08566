// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-type field table of an event block (FORMAT.md §5.3) and the one loop that
 * encodes it and the one that decodes it. Fields are written in table order, each into
 * its column; a column holds the fields of every event in event order.
 */
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

static const struct type_layout layouts[MM_EV__NR] = {
	[MM_EV_PAGE_ALLOC] = { MM_EVF_SLAB, 5, {
		FLD(F_PFN, COL_PFN, page_alloc.pfn),
		FLD(F_U32, COL_SMALL, page_alloc.order),
		FLD(F_S32, COL_SMALL, page_alloc.migratetype),
		FLD(F_U64, COL_GFP, page_alloc.gfp),
		FLD(F_STR_SLAB, COL_STR, page_alloc.cache) } },
	[MM_EV_PAGE_FREE] = { 0, 2, {
		FLD(F_PFN, COL_PFN, page_free.pfn),
		FLD(F_U32, COL_SMALL, page_free.order) } },
	[MM_EV_PAGE_FREE_BATCHED] = { 0, 1, {
		FLD(F_PFN, COL_PFN, page_free_batched.pfn) } },
	[MM_EV_PAGE_ALLOC_ZONE_LOCKED] = { 0, 4, {
		FLD(F_PFN, COL_PFN, zone_locked.pfn),
		FLD(F_U32, COL_SMALL, zone_locked.order),
		FLD(F_S32, COL_SMALL, zone_locked.migratetype),
		FLD(F_S32, COL_SMALL, zone_locked.percpu_refill) } },
	[MM_EV_PAGE_PCPU_DRAIN] = { 0, 3, {
		FLD(F_PFN, COL_PFN, pcpu_drain.pfn),
		FLD(F_U32, COL_SMALL, pcpu_drain.order),
		FLD(F_S32, COL_SMALL, pcpu_drain.migratetype) } },
	[MM_EV_PAGE_ALLOC_EXTFRAG] = { 0, 6, {
		FLD(F_PFN, COL_PFN, extfrag.pfn),
		FLD(F_S32, COL_SMALL, extfrag.alloc_order),
		FLD(F_S32, COL_SMALL, extfrag.fallback_order),
		FLD(F_S32, COL_SMALL, extfrag.alloc_migratetype),
		FLD(F_S32, COL_SMALL, extfrag.fallback_migratetype),
		FLD(F_S32, COL_SMALL, extfrag.change_ownership) } },
	[MM_EV_KMALLOC] = { 0, 6, {
		FLD(F_SITE, COL_SITE, alloc.call_site),
		FLD(F_PTR, COL_PTR, alloc.ptr),
		FLD(F_U64, COL_SIZE, alloc.bytes_req),
		FLD(F_ALLOC, COL_SIZE, alloc.bytes_alloc),
		FLD(F_U64, COL_GFP, alloc.gfp),
		FLD(F_S32, COL_SMALL, alloc.node) } },
	[MM_EV_KFREE] = { 0, 2, {
		FLD(F_SITE, COL_SITE, free.call_site),
		FLD(F_PTR, COL_PTR, free.ptr) } },
	[MM_EV_KMEM_CACHE_ALLOC] = { MM_EVF_ACCOUNTED, 7, {
		FLD(F_SITE, COL_SITE, alloc.call_site),
		FLD(F_PTR, COL_PTR, alloc.ptr),
		FLD(F_U64, COL_SIZE, alloc.bytes_req),
		FLD(F_ALLOC, COL_SIZE, alloc.bytes_alloc),
		FLD(F_U64, COL_GFP, alloc.gfp),
		FLD(F_S32, COL_SMALL, alloc.node),
		FLD(F_STR, COL_STR, alloc.cache) } },
	[MM_EV_KMEM_CACHE_FREE] = { 0, 3, {
		FLD(F_SITE, COL_SITE, free.call_site),
		FLD(F_PTR, COL_PTR, free.ptr),
		FLD(F_STR, COL_STR, free.cache) } },
	[MM_EV_LOST] = { 0, 1, {
		FLD(F_U64, COL_SMALL, lost.nr_lost) } },
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

static void put_u64(struct mm_event *ev, uint16_t off, uint64_t v)
{
	memcpy((char *)ev + off, &v, sizeof(v));
}

static void put_u32(struct mm_event *ev, uint16_t off, uint32_t v)
{
	memcpy((char *)ev + off, &v, sizeof(v));
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

int block_decode_event(struct block_state *st, struct cursor col[COL__NR], struct mm_event *ev,
		       uint32_t nr_strings)
{
	const struct type_layout *lay;
	uint64_t v, cpu;
	int64_t s;
	const uint8_t *tb;

	if (cur_bytes(&col[COL_TYPE], 1, &tb))
		return -EBADMSG;
	ev->type = *tb & MMT_TYPE_MASK;
	ev->flags = (*tb >> MMT_FLAGS_SHIFT) & MMT_FLAGS_MASK;
	if ((*tb & 0x80) || ev->type == MM_EV_NONE || ev->type >= MM_EV__NR)
		return -EBADMSG;
	lay = &layouts[ev->type];
	if (ev->flags & ~lay->allowed_flags)
		return -EBADMSG;
	if (cur_uvar(&col[COL_CPU], &cpu) || cpu >= st->nr_cpus)
		return -EBADMSG;
	ev->cpu = (uint32_t)cpu;
	if (cur_svar(&col[COL_PID], &s))
		return -EBADMSG;
	s += st->prev_pid[cpu];
	if (s < INT32_MIN || s > INT32_MAX)
		return -EBADMSG;
	ev->pid = (int32_t)s;
	st->prev_pid[cpu] = ev->pid;

	for (unsigned int i = 0; i < lay->nr; i++) {
		const struct field *f = &lay->f[i];
		struct cursor *c = &col[f->col];

		switch (f->kind) {
		case F_PFN:
			if (cur_svar(c, &s))
				return -EBADMSG;
			st->prev_pfn += (uint64_t)s;
			put_u64(ev, f->off, st->prev_pfn);
			break;
		case F_PTR:
			if (cur_svar(c, &s))
				return -EBADMSG;
			st->prev_ptr += (uint64_t)s;
			put_u64(ev, f->off, st->prev_ptr);
			break;
		case F_SITE:
			if (cur_le(c, 8, &v))
				return -EBADMSG;
			put_u64(ev, f->off, v);
			break;
		case F_U32:
			if (cur_uvar(c, &v) || v > UINT32_MAX)
				return -EBADMSG;
			put_u32(ev, f->off, (uint32_t)v);
			break;
		case F_S32:
			if (cur_svar(c, &s) || s < INT32_MIN || s > INT32_MAX)
				return -EBADMSG;
			put_u32(ev, f->off, (uint32_t)(int32_t)s);
			break;
		case F_U64:
			if (cur_uvar(c, &v))
				return -EBADMSG;
			put_u64(ev, f->off, v);
			break;
		case F_ALLOC:
			if (cur_svar(c, &s))
				return -EBADMSG;
			put_u64(ev, f->off, ev->alloc.bytes_req + (uint64_t)s);
			break;
		case F_STR_SLAB:
			if (!(ev->flags & MM_EVF_SLAB))
				break;
			/* fall through */
		case F_STR:
			if (cur_uvar(c, &v) || v > nr_strings)
				return -EBADMSG;
			put_u32(ev, f->off, (uint32_t)v);
			break;
		}
	}
	return 0;
}
