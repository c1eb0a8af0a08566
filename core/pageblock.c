// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pageblock migratetypes and moving a block's free pages between free lists:
 * set_pageblock_migratetype(), change_pageblock_range(), move_freepages_block() and
 * prep_move_freepages_block() of mm/page_alloc.c (Debian 6.1.192 and 6.12.117).
 */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

/* set_pageblock_migratetype() (both) */
void pageblock_set_mt(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int mt)
{
	z->pb_mt[pb_index(e, z, idx)] = (uint8_t)mt;
}

/* change_pageblock_range() (both): the blocks of a free block of order >= pageblock_order */
void pageblock_change_range(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			    unsigned int order, unsigned int mt)
{
	unsigned int pbo = e->k.p->pageblock_order;
	uint32_t nr_pageblocks = order >= pbo ? 1u << (order - pbo) : 1;

	for (uint32_t i = 0; i < nr_pageblocks; i++) {
		uint64_t at = (uint64_t)idx + ((uint64_t)i << pbo);

		if (at >= z->nr_pages)
			break;
		pageblock_set_mt(e, z, (uint32_t)at, mt);
	}
}

/*
 * The kernel counts an in-use page as movable when it is PageLRU or __PageMovable, which a
 * trace of allocations cannot see. Our stand-in, kept here so it can be refined:
 *  - a block allocated during the replay (PG_ALLOC) is movable, all 2^order pages of it,
 *    iff it was allocated as MIGRATE_MOVABLE (pcp_mt[] of the head: the request's
 *    migratetype, as 6.1's set_pcppage_migratetype() leaves it); compound THP and LRU pages
 *    are the movable high-order case, and their tails answer PageLRU through the head
 *  - pages on pcp lists, holes and reserved pages are neither free nor movable, as in the
 *    kernel (not PageBuddy, not on the LRU)
 *  - pages we know nothing about (allocated before the trace, PG_UNKNOWN) are movable iff
 *    their pageblock is MIGRATE_MOVABLE: movable blocks hold mostly LRU pages, the others
 *    mostly kernel memory.
 */
static bool pageblock_alloc_is_movable(const struct mm_zone_st *z, uint32_t head)
{
	return z->pcp_mt[head] == MT_MOVABLE;
}

struct pb_scan {
	uint32_t cur_end;	/* end of the in-use block being walked */
	bool cur_known;		/* that block is one of ours */
	bool cur_movable;
};

/* The head of the block (free, pcp or allocated) that covers idx, or MM_NO_IDX. */
static uint32_t pageblock_enclosing_head(const struct mm_engine *e, const struct mm_zone_st *z,
					 uint32_t idx)
{
	uint64_t pfn = z->zone_start_pfn + idx;

	for (unsigned int o = 0; o < e->k.p->nr_page_orders; o++) {
		uint64_t hpfn = pfn & ~((1ull << o) - 1);
		uint8_t s;

		if (hpfn < z->zone_start_pfn)
			break;
		s = z->state[hpfn - z->zone_start_pfn];
		if ((PG_KIND(s) == PG_BUDDY || PG_KIND(s) == PG_PCP || PG_KIND(s) == PG_ALLOC) &&
		    PG_ORDER(s) >= o && hpfn + (1ull << PG_ORDER(s)) > pfn)
			return (uint32_t)(hpfn - z->zone_start_pfn);
	}
	return MM_NO_IDX;
}

static void pageblock_scan_enter(struct pb_scan *sc, const struct mm_zone_st *z, uint32_t head)
{
	uint8_t s = z->state[head];

	sc->cur_end = head + (1u << PG_ORDER(s));
	sc->cur_known = true;
	sc->cur_movable = PG_KIND(s) == PG_ALLOC && pageblock_alloc_is_movable(z, head);
}

/* PageLRU(page) || __PageMovable(page) for the in-use page idx, walked in pfn order */
static bool pageblock_page_is_movable(struct pb_scan *sc, const struct mm_engine *e,
				      const struct mm_zone_st *z, uint32_t idx)
{
	uint8_t s = z->state[idx];

	switch (PG_KIND(s)) {
	case PG_ALLOC:
	case PG_PCP:
		pageblock_scan_enter(sc, z, idx);
		return sc->cur_movable;
	case PG_NONE:
		if (sc->cur_known && idx < sc->cur_end)
			return sc->cur_movable;
		/* allocated before the trace began */
		return pageblock_mt(e, z, idx) == MT_MOVABLE;
	case PG_HOLE:
		return false;
	default:		/* PG_UNKNOWN */
		return pageblock_mt(e, z, idx) == MT_MOVABLE;
	}
}

/*
 * move_freepages() (6.1) / __move_freepages_block()'s loop (6.12): walk [start, end) in pfn
 * order, move every free buddy to the tail of new_mt's list of its order and skip over it;
 * count in-use movable pages into *nr_movable when asked. old_mt is what 6.12's
 * move_to_free_list() takes the counters from; MT__NR means "the list the page is on",
 * which is what 6.1's counters amount to (its moves touch no counter; mergeable and
 * HIGHATOMIC pages all count in NR_FREE_PAGES alike).
 */
static int pageblock_move_freepages(struct mm_engine *e, struct mm_zone_st *z, uint32_t start,
				    uint32_t end, unsigned int old_mt, unsigned int new_mt,
				    int *nr_movable)
{
	struct pb_scan sc = { 0 };
	int pages_moved = 0;
	uint32_t head;

	if (nr_movable) {
		*nr_movable = 0;
		/* the range may begin inside a block that started before it */
		head = pageblock_enclosing_head(e, z, start);
		if (head != MM_NO_IDX && head < start)
			pageblock_scan_enter(&sc, z, head);
	}
	for (uint32_t idx = start; idx < end;) {
		uint8_t s = z->state[idx];

		if (PG_KIND(s) != PG_BUDDY) {
			if (nr_movable && pageblock_page_is_movable(&sc, e, z, idx))
				(*nr_movable)++;
			idx++;
			continue;
		}
		buddy_move_free(e, z, idx, PG_ORDER(s), old_mt == MT__NR ? z->pcp_mt[idx] : old_mt,
				new_mt);
		idx += 1u << PG_ORDER(s);
		pages_moved += 1 << PG_ORDER(s);
	}
	return pages_moved;
}

/* idx's pageblock as zone-relative [start, end) before clipping; start may be negative */
static void pageblock_range(const struct mm_engine *e, const struct mm_zone_st *z, uint32_t idx,
			    int64_t *start, int64_t *end)
{
	unsigned int pbo = e->k.p->pageblock_order;
	uint64_t pfn = z->zone_start_pfn + idx;
	uint64_t bstart = pfn & ~((1ull << pbo) - 1);

	*start = (int64_t)bstart - (int64_t)z->zone_start_pfn;
	*end = *start + (1ll << pbo);
}

/*
 * prep_move_freepages_block() (6.10+; 6.12.117): a block that straddles the zone is left
 * alone. The free count adds each PageBuddy block by its order and steps over it; every
 * other page is tested for movability one by one.
 */
bool pageblock_prep_move(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			 uint32_t *start_idx, int *nr_free, int *nr_movable)
{
	struct pb_scan sc = { 0 };
	int64_t start, end;

	pageblock_range(e, z, idx, &start, &end);
	if (start < 0 || end > (int64_t)z->nr_pages)
		return false;
	*start_idx = (uint32_t)start;
	if (!nr_free)
		return true;
	*nr_free = 0;
	*nr_movable = 0;
	for (uint32_t i = (uint32_t)start; i < (uint32_t)end;) {
		uint8_t s = z->state[i];

		if (PG_KIND(s) == PG_BUDDY) {
			*nr_free += 1 << PG_ORDER(s);
			i += 1u << PG_ORDER(s);
			continue;
		}
		if (i == (uint32_t)start) {
			uint32_t head = pageblock_enclosing_head(e, z, i);

			if (head != MM_NO_IDX && head < i)
				pageblock_scan_enter(&sc, z, head);
		}
		if (pageblock_page_is_movable(&sc, e, z, i))
			(*nr_movable)++;
		i++;
	}
	return true;
}

int pageblock_move_freepages_block(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
				   unsigned int old_mt, unsigned int new_mt, int *nr_movable)
{
	int64_t start, end;
	uint32_t start_idx;
	int moved;

	if (buddy_freelist_hygiene(e)) {
		uint32_t end_idx;

		/* 6.12 move_freepages_block(): prep, then __move_freepages_block() retags */
		if (!pageblock_prep_move(e, z, idx, &start_idx, NULL, NULL))
			return -1;
		end_idx = start_idx + (1u << e->k.p->pageblock_order);
		moved = pageblock_move_freepages(e, z, start_idx, end_idx, old_mt, new_mt, NULL);
		pageblock_set_mt(e, z, start_idx, new_mt);
		return moved;
	}
	/*
	 * 6.1 move_freepages_block(): "do not cross zone boundaries" clips a block that begins
	 * before the zone to start at the page itself, and gives up (0, with *nr_movable 0) on
	 * one that ends past it.
	 */
	if (nr_movable)
		*nr_movable = 0;
	pageblock_range(e, z, idx, &start, &end);
	if (start < 0)
		start = idx;
	if (end > (int64_t)z->nr_pages)
		return 0;
	return pageblock_move_freepages(e, z, (uint32_t)start, (uint32_t)end, MT__NR, new_mt,
					nr_movable);
}

/*
 * A policy's pageblock_order (policy_apply.c). The snapshot's pageblock types are known
 * at the kernel's own order; at another order each new pageblock takes the type of the
 * old pageblock holding its first page, which keeps every type exactly when the order
 * shrinks and takes the first of several when it grows (a kernel built so would have
 * grouped the same allocations differently; nothing recorded says how). The free blocks
 * then move to the tails of their new pageblock's type's lists, each list's blocks in
 * their order.
 */
int pageblock_reorder(struct mm_engine *e, unsigned int new_order)
{
	unsigned int old_order = e->prof.pageblock_order;

	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];
		uint64_t start = z->zone_start_pfn;
		uint64_t first = start >> new_order;
		uint64_t last = z->nr_pages ? (start + z->nr_pages - 1) >> new_order : first;
		uint32_t n = (uint32_t)(last - first + 1);
		uint8_t *pb = calloc(n, 1);

		if (!pb)
			return -ENOMEM;
		for (uint32_t j = 0; j < n; j++) {
			uint64_t pfn = (first + j) << new_order;

			if (pfn < start)
				pfn = start;
			pb[j] = z->pb_mt[(pfn >> old_order) - (start >> old_order)];
		}
		free(z->pb_mt);
		z->pb_mt = pb;
		z->nr_pageblocks = n;
	}
	e->prof.pageblock_order = new_order;
	/* list by list, so blocks keep their order (the kernel's, after a free-list walk) */
	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];

		for (unsigned int order = 0; order < MM_NR_ORDERS_MAX; order++)
			for (unsigned int mt = 0; mt < MT__NR; mt++) {
				uint32_t head = free_list_head(z, order, mt), n = 0, *v;

				for (uint32_t p = z->next[head]; p != head; p = z->next[p])
					n++;
				if (!n)
					continue;
				v = malloc(n * sizeof(*v));
				if (!v)
					return -ENOMEM;
				n = 0;
				for (uint32_t p = z->next[head]; p != head; p = z->next[p])
					v[n++] = p;
				for (uint32_t k = 0; k < n; k++) {
					buddy_del_free(e, z, v[k], order, mt);
					buddy_add_free(e, z, v[k], order, pageblock_mt(e, z, v[k]), true);
				}
				free(v);
			}
	}
	return 0;
}
