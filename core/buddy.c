// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy free lists: free_area[order].free_list[mt], nr_free, the free-page counters,
 * expand(), __rmqueue_smallest() and __free_one_page(). Written from mm/page_alloc.c of
 * Debian's 6.1.192 and 6.12.117; where the two differ the comment says which does what.
 *
 * Counters: 6.12 updates NR_FREE_PAGES, NR_FREE_CMA_PAGES and nr_free_highatomic in the
 * list primitives (account_freepages()); 6.1 updates NR_FREE_PAGES and NR_FREE_CMA_PAGES in
 * the callers (__mod_zone_freepage_state() in __free_one_page() and rmqueue) and has no
 * nr_free_highatomic. Both amount to the same sums, so the 6.12 scheme serves both: a free
 * block counts for the type of the list it was put on, ISOLATE never counts.
 */
#include "internal.h"

static bool mt_is_mergeable(unsigned int mt)
{
	return mt < MT_PCPTYPES;
}

/* account_freepages() (6.12 mm/page_alloc.c; 6.1 __mod_zone_freepage_state()) */
static void buddy_account_freepages(struct mm_zone_st *z, int64_t nr_pages, unsigned int mt)
{
	if (mt == MT_ISOLATE)
		return;
	z->nr_free_pages += nr_pages;
	if (mt == MT_CMA)
		z->nr_free_cma += nr_pages;
	else if (mt == MT_HIGHATOMIC)
		z->nr_free_highatomic += nr_pages;
}

/* __add_to_free_list() + set_buddy_order(): no counters */
static void buddy_list_add(struct mm_zone_st *z, uint32_t idx, unsigned int order, unsigned int mt,
			   bool tail)
{
	uint32_t head = free_list_head(z, order, mt);

	if (tail)
		lst_add_tail(z, head, idx);
	else
		lst_add_head(z, head, idx);
	z->nr_free[order]++;
	z->state[idx] = PG_STATE(PG_BUDDY, order);
	z->pcp_mt[idx] = (uint8_t)mt;
}

/* __del_page_from_free_list(): __ClearPageBuddy, no counters */
static void buddy_list_del(struct mm_zone_st *z, uint32_t idx, unsigned int order)
{
	lst_del(z, idx);
	z->nr_free[order]--;
	z->state[idx] = PG_STATE(PG_NONE, 0);
}

void buddy_add_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order,
		    unsigned int mt, bool tail)
{
	(void)e;
	buddy_list_add(z, idx, order, mt, tail);
	buddy_account_freepages(z, (int64_t)1 << order, mt);
}

void buddy_del_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order,
		    unsigned int mt)
{
	(void)e;
	buddy_list_del(z, idx, order);
	buddy_account_freepages(z, -((int64_t)1 << order), mt);
}

/* move_to_free_list(): list_move_tail; 6.12 moves the counters from old_mt to new_mt */
void buddy_move_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order,
		     unsigned int old_mt, unsigned int new_mt)
{
	(void)e;
	lst_del(z, idx);
	lst_add_tail(z, free_list_head(z, order, new_mt), idx);
	z->pcp_mt[idx] = (uint8_t)new_mt;
	buddy_account_freepages(z, -((int64_t)1 << order), old_mt);
	buddy_account_freepages(z, (int64_t)1 << order, new_mt);
}

/*
 * expand() (both): the upper half of each split becomes a free block at the head of mt's
 * list of its order, so the block returned is always the lowest-pfn 2^low pages. The halves
 * are counted here; callers take the whole block off with buddy_del_free(), which nets the
 * same -2^low as 6.12's page_del_and_expand() and 6.1's caller-side accounting.
 */
void buddy_expand(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int low,
		  unsigned int high, unsigned int mt)
{
	while (high > low) {
		high--;
		buddy_add_free(e, z, idx + (1u << high), high, mt, false);
	}
}

/*
 * __rmqueue_smallest() (both): the head of mt's list at the lowest order >= order, split by
 * expand(). 6.1 also caches mt in the page (set_pcppage_migratetype()); we keep it in
 * pcp_mt[] for the page's next owner (pcp list, or the movable count of pageblock.c).
 */
uint32_t buddy_rmqueue_smallest(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
				unsigned int mt)
{
	for (unsigned int o = order; o < e->k.p->nr_page_orders; o++) {
		uint32_t idx = lst_first(z, free_list_head(z, o, mt));

		if (idx == MM_NO_IDX)
			continue;
		buddy_del_free(e, z, idx, o, mt);
		buddy_expand(e, z, idx, order, o, mt);
		z->pcp_mt[idx] = (uint8_t)mt;
		return idx;
	}
	return MM_NO_IDX;
}

/*
 * page_is_buddy() via find_buddy_page_pfn() (mm/internal.h, both): the block at pfn is a
 * free buddy of this order in this zone. A pfn outside the zone's span is another zone or
 * no memory at all; PG_HOLE, PG_UNKNOWN, pcp and allocated pages are not PageBuddy.
 */
static bool buddy_page_is_buddy(const struct mm_zone_st *z, uint64_t pfn, unsigned int order)
{
	uint8_t s;

	if (pfn < z->zone_start_pfn || pfn - z->zone_start_pfn >= z->nr_pages)
		return false;
	s = z->state[pfn - z->zone_start_pfn];
	return PG_KIND(s) == PG_BUDDY && PG_ORDER(s) == order;
}

/*
 * buddy_merge_likely() (both): below order MAX_ORDER - 2 (6.1) / MAX_PAGE_ORDER - 1 (6.12),
 * both 9, a block whose parent's buddy is free goes to the tail, where it waits to merge.
 * buddy_pfn is the last buddy tried, the one that was not free.
 */
static bool buddy_merge_likely(const struct mm_engine *e, const struct mm_zone_st *z, uint64_t pfn,
			       uint64_t buddy_pfn, unsigned int order)
{
	uint64_t higher_pfn;

	if (order >= e->k.p->nr_page_orders - 2)
		return false;
	higher_pfn = buddy_pfn & pfn;
	/* a parent outside the zone is in another zone: page_is_buddy()'s zone check fails */
	if (higher_pfn < z->zone_start_pfn)
		return false;
	return buddy_page_is_buddy(z, higher_pfn ^ (1ull << (order + 1)), order + 1);
}

/*
 * __free_one_page() (both): count the pages for mt, merge with free buddies of equal order
 * up to the largest order, then put the block on mt's list, at the tail with FPI_TO_TAIL or
 * when buddy_merge_likely(). Below pageblock_order migratetypes do not matter; from it up, a
 * buddy whose block type differs merges only if both types are mergeable. The buddy leaves
 * its list without touching the counters (__del_page_from_free_list()), so its pages stay
 * counted for the type they were counted for, as in the kernel.
 * 6.12.69+ (e->k.merge_retag) retags a buddy of another type to mt, so that a later expand()
 * files the halves on the right lists. Compaction capture and shuffle's random tail
 * placement (CONFIG_SHUFFLE_PAGE_ALLOCATOR without page_alloc.shuffle=1 is off) are not
 * modelled; nor are debug guard pages.
 */
void buddy_free_one_page(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			 unsigned int order, unsigned int mt, unsigned int fpi)
{
	unsigned int max_order = e->k.p->nr_page_orders - 1;
	unsigned int pbo = e->k.p->pageblock_order;
	uint64_t pfn = z->zone_start_pfn + idx;
	uint64_t buddy_pfn = 0;
	bool to_tail;

	buddy_account_freepages(z, (int64_t)1 << order, mt);
	/* the freed head becomes a tail page if a lower buddy absorbs it */
	z->state[idx] = PG_STATE(PG_NONE, 0);

	while (order < max_order) {
		unsigned int buddy_mt = mt;
		uint32_t bidx;

		buddy_pfn = pfn ^ (1ull << order);
		if (!buddy_page_is_buddy(z, buddy_pfn, order))
			break;
		bidx = (uint32_t)(buddy_pfn - z->zone_start_pfn);
		if (order >= pbo) {
			buddy_mt = pageblock_mt(e, z, bidx);
			if (mt != buddy_mt && (!mt_is_mergeable(mt) || !mt_is_mergeable(buddy_mt)))
				break;
		}
		buddy_list_del(z, bidx, order);
		if (e->k.merge_retag && buddy_mt != mt)
			pageblock_change_range(e, z, bidx, order, mt);
		pfn &= buddy_pfn;
		order++;
	}

	if (fpi & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(e, z, pfn, buddy_pfn, order);
	buddy_list_add(z, (uint32_t)(pfn - z->zone_start_pfn), order, mt, to_tail);
}
