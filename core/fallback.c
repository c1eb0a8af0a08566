// SPDX-License-Identifier: GPL-2.0-only
/*
 * __rmqueue(): the requested migratetype's lists, then the fallback to other types' lists
 * (migratetype stealing), in the three designs the supported kernels use (enum
 * mm_fallback_variant, KERNEL-NOTES §5.4):
 *   FALLBACK_6_1               6.1.192 __rmqueue_fallback() + steal_suitable_fallback():
 *                              re-files pages, __rmqueue() retries __rmqueue_smallest()
 *   FALLBACK_6_12_HYGIENE      6.12.0-6.12.28 (6.10's freelist hygiene): the steal returns
 *                              the page. NOT verified against source: no such tree here;
 *                              written from KERNEL-NOTES §5.4b and the 6.10 patches
 *   FALLBACK_6_12_CLAIM_STEAL  6.12.29+ (6.12.117 read): __rmqueue_claim() then
 *                              __rmqueue_steal(), with rmqueue_bulk()'s rmqueue_mode memo
 * CMA: Debian's amd64 kernels run without CMA areas, so the CMA paths only guard against
 * e->config_cma being off.
 */
#include "internal.h"

static void fallback_count(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
			   unsigned int start_mt, unsigned int fallback_mt,
			   unsigned int fallback_order)
{
	zone_stats(e, z)->fallbacks[order][start_mt][fallback_mt][fallback_order]++;
}

/* One pageblock taken over by start_mt (a type that stays the same is no claim). */
static void fallback_claim(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			   unsigned int order, unsigned int start_mt)
{
	unsigned int pbo = e->k.p->pageblock_order;
	uint32_t nr = order > pbo ? 1u << (order - pbo) : 1;

	for (uint32_t i = 0; i < nr && idx + (i << pbo) < z->nr_pages; i++) {
		unsigned int from = pageblock_mt(e, z, idx + (i << pbo));

		if (from != start_mt)
			zone_stats(e, z)->nr_pageblock_claims[start_mt][from]++;
	}
}

/* change_pageblock_range() on a fallback block, counted as claims */
static void fallback_take_range(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
				unsigned int order, unsigned int start_mt)
{
	fallback_claim(e, z, idx, order, start_mt);
	pageblock_change_range(e, z, idx, order, start_mt);
}

/*
 * boost_watermark() (both; 6.12.117 also skips kdump kernels, which a replay never is):
 * raise watermark_boost by a pageblock, up to watermark_boost_factor/10000 of the high
 * watermark but at least a pageblock; not in zones smaller than four pageblocks.
 */
static bool fallback_boost_watermark(struct mm_engine *e, struct mm_zone_st *z)
{
	uint64_t pb_pages = 1ull << e->k.p->pageblock_order;
	uint64_t high = z->wmark[MM_WMARK_HIGH], factor = e->watermark_boost_factor;
	uint64_t max_boost;

	if (!factor)
		return false;
	if (pb_pages * 4 > z->managed_pages)
		return false;
	/* mult_frac(x, n, d) = (x / d) * n + ((x % d) * n) / d */
	max_boost = (high / 10000) * factor + ((high % 10000) * factor) / 10000;
	if (!max_boost)
		return false;
	if (max_boost < pb_pages)
		max_boost = pb_pages;
	z->watermark_boost += pb_pages;
	if (z->watermark_boost > max_boost)
		z->watermark_boost = max_boost;
	zone_stats(e, z)->nr_boosts++;
	return true;
}

/* boost_watermark() and the kswapd wakeup flag, as both steal paths call them */
static void fallback_boost(struct mm_engine *e, struct mm_zone_st *z, unsigned int alloc_flags)
{
	if (fallback_boost_watermark(e, z) && (alloc_flags & ALLOC_KSWAPD))
		z->flags |= ZONE_BOOSTED_WATERMARK;
}

/*
 * can_steal_fallback() (both): whether a fallback block of this order may take its
 * pageblock along. Only MOVABLE requests meeting blocks below pageblock_order / 2 cannot.
 */
static bool fallback_can_steal(const struct mm_engine *e, unsigned int order, unsigned int start_mt)
{
	unsigned int pbo = e->k.p->pageblock_order;

	if (order >= pbo)
		return true;
	return order >= pbo / 2 || start_mt == MT_RECLAIMABLE || start_mt == MT_UNMOVABLE ||
	       e->page_group_by_mobility_disabled;
}

/*
 * find_suitable_fallback() (both, only_stealable false as __rmqueue uses it): the first
 * type in fallbacks[start_mt] with a free block of this order, or -1.
 */
static int fallback_find_suitable(const struct mm_engine *e, const struct mm_zone_st *z,
				  unsigned int order, unsigned int start_mt, bool *can_steal)
{
	if (!z->nr_free[order])
		return -1;
	*can_steal = false;
	for (unsigned int i = 0; i < 2; i++) {
		unsigned int fmt = e->k.p->fallbacks[start_mt][i];

		if (lst_empty(z, free_list_head(z, order, fmt)))
			continue;
		if (fallback_can_steal(e, order, start_mt))
			*can_steal = true;
		return (int)fmt;
	}
	return -1;
}

/* the lowest order __rmqueue_fallback() / __rmqueue_claim() look at */
static int fallback_min_order(const struct mm_engine *e, unsigned int order,
			      unsigned int alloc_flags)
{
	unsigned int pbo = e->k.p->pageblock_order;

	if (order < pbo && (alloc_flags & ALLOC_NOFRAGMENT))
		return (int)pbo;
	return (int)order;
}

/* alike_pages of steal_suitable_fallback() / try_to_steal_block() (both) */
static int fallback_alike_pages(const struct mm_engine *e, unsigned int start_mt,
				unsigned int block_mt, int free_pages, int movable_pages)
{
	if (start_mt == MT_MOVABLE)
		return movable_pages;
	if (block_mt == MT_MOVABLE)
		return (1 << e->k.p->pageblock_order) - (free_pages + movable_pages);
	return 0;
}

static bool fallback_enough(const struct mm_engine *e, int free_pages, int alike_pages)
{
	return free_pages + alike_pages >= (1 << (e->k.p->pageblock_order - 1)) ||
	       e->page_group_by_mobility_disabled;
}

/* __rmqueue_cma_fallback() (both): nothing without CONFIG_CMA */
static uint32_t fallback_cma(struct mm_engine *e, struct mm_zone_st *z, unsigned int order)
{
	if (!e->config_cma)
		return MM_NO_IDX;
	return buddy_rmqueue_smallest(e, z, order, MT_CMA);
}

/* ---- 6.1 */

/*
 * steal_suitable_fallback() (6.1.192): re-files the fallback block F (and maybe its whole
 * pageblock) onto start_mt's lists; the caller's retry allocates. The free pages of the
 * block are moved even when the block is not claimed. recorded: NULL to decide the claim
 * as the kernel does; in follow mode the kernel's recorded decision (change_ownership),
 * because the model cannot count the block's movable in-use pages exactly. Follow mode
 * counts claims from the events and does not boost (kswapd's resets are not traced).
 */
static void fallback_steal_suitable_6_1(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
					unsigned int alloc_flags, unsigned int start_mt,
					bool whole_block, const bool *recorded)
{
	unsigned int order = PG_ORDER(z->state[idx]);
	unsigned int old_mt = pageblock_mt(e, z, idx);
	int free_pages, movable_pages;
	bool claim;

	if (old_mt == MT_HIGHATOMIC)
		goto single_page;
	if (order >= e->k.p->pageblock_order) {
		if (recorded)
			pageblock_change_range(e, z, idx, order, start_mt);
		else
			fallback_take_range(e, z, idx, order, start_mt);
		goto single_page;
	}
	if (!recorded)
		fallback_boost(e, z, alloc_flags);
	if (!whole_block)
		goto single_page;

	free_pages = pageblock_move_freepages_block(e, z, idx, old_mt, start_mt, &movable_pages);
	if (!free_pages)
		goto single_page;
	claim = recorded ? *recorded
			 : fallback_enough(e, free_pages,
					   fallback_alike_pages(e, start_mt, old_mt, free_pages,
								movable_pages));
	if (claim) {
		if (!recorded)
			fallback_claim(e, z, idx, 0, start_mt);
		pageblock_set_mt(e, z, idx, start_mt);
	}
	return;

single_page:
	buddy_move_free(e, z, idx, order, z->pcp_mt[idx], start_mt);
}

/*
 * The fallback search of __rmqueue_fallback() (6.1.192, and 6.10-6.14 whose search is the
 * same): the largest fallback block first, except that a MOVABLE request that may not
 * steal the block takes the smallest one instead (find_smallest). False if none; else the
 * block's order, its list's migratetype and can_steal.
 */
static bool fallback_search(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
			    unsigned int start_mt, unsigned int alloc_flags, int *order_out,
			    int *fmt_out, bool *can_steal)
{
	int min_order = fallback_min_order(e, order, alloc_flags);
	int o, fmt;

	for (o = (int)e->k.p->nr_page_orders - 1; o >= min_order; o--) {
		fmt = fallback_find_suitable(e, z, (unsigned int)o, start_mt, can_steal);
		if (fmt == -1)
			continue;
		if (!*can_steal && start_mt == MT_MOVABLE && o > (int)order)
			goto find_smallest;
		goto found;
	}
	return false;

find_smallest:
	for (o = (int)order; o < (int)e->k.p->nr_page_orders; o++) {
		fmt = fallback_find_suitable(e, z, (unsigned int)o, start_mt, can_steal);
		if (fmt != -1)
			break;
	}
found:
	*order_out = o;
	*fmt_out = fmt;
	return true;
}

/* __rmqueue_fallback() (6.1.192): returns whether something was re-filed onto start_mt. */
static bool fallback_rmqueue_fallback_6_1(struct mm_engine *e, struct mm_zone_st *z,
					  unsigned int order, unsigned int start_mt,
					  unsigned int alloc_flags)
{
	bool can_steal = false;
	int o, fmt;
	uint32_t idx;

	if (!fallback_search(e, z, order, start_mt, alloc_flags, &o, &fmt, &can_steal))
		return false;
	idx = lst_first(z, free_list_head(z, (unsigned int)o, (unsigned int)fmt));
	fallback_steal_suitable_6_1(e, z, idx, alloc_flags, start_mt, can_steal, NULL);
	fallback_count(e, z, order, start_mt, (unsigned int)fmt, (unsigned int)o);
	return true;
}

/* __rmqueue() (6.1.192) */
static uint32_t fallback_rmqueue_6_1(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
				     unsigned int mt, unsigned int alloc_flags)
{
	uint32_t idx;

	for (;;) {
		idx = buddy_rmqueue_smallest(e, z, order, mt);
		if (idx != MM_NO_IDX)
			return idx;
		if (alloc_flags & ALLOC_CMA)
			idx = fallback_cma(e, z, order);
		if (idx != MM_NO_IDX)
			return idx;
		if (mt >= MT_PCPTYPES)
			return MM_NO_IDX;
		if (!fallback_rmqueue_fallback_6_1(e, z, order, mt, alloc_flags))
			return MM_NO_IDX;
	}
}

/* ---- 6.12.0-6.12.28: freelist hygiene (UNVERIFIED: written from KERNEL-NOTES §5.4b) */

/*
 * steal_suitable_fallback() of 6.10-6.14 (6.12.0-6.12.28): returns the page. A block of at
 * least pageblock_order is taken whole; a claimable block has its free pages moved and is
 * retagged, then start_mt's lists serve the request; otherwise the block is split on its own
 * type's lists (single_page), leaving lists and block types consistent.
 */
static uint32_t fallback_steal_suitable_hygiene(struct mm_engine *e, struct mm_zone_st *z,
						uint32_t idx, unsigned int current_order,
						unsigned int order, unsigned int start_mt,
						unsigned int alloc_flags, bool whole_block)
{
	unsigned int block_mt = pageblock_mt(e, z, idx);
	int free_pages, movable_pages, alike_pages;
	uint32_t start_idx;

	if (block_mt == MT_HIGHATOMIC)
		goto single_page;
	if (current_order >= e->k.p->pageblock_order) {
		buddy_del_free(e, z, idx, current_order, block_mt);
		fallback_take_range(e, z, idx, current_order, start_mt);
		buddy_expand(e, z, idx, order, current_order, start_mt);
		z->pcp_mt[idx] = (uint8_t)start_mt;
		return idx;
	}
	fallback_boost(e, z, alloc_flags);
	if (!whole_block)
		goto single_page;
	if (!pageblock_prep_move(e, z, idx, &start_idx, &free_pages, &movable_pages))
		goto single_page;
	alike_pages = fallback_alike_pages(e, start_mt, block_mt, free_pages, movable_pages);
	if (fallback_enough(e, free_pages, alike_pages)) {
		fallback_claim(e, z, start_idx, 0, start_mt);
		pageblock_move_freepages_block(e, z, start_idx, block_mt, start_mt, NULL);
		return buddy_rmqueue_smallest(e, z, order, start_mt);
	}

single_page:
	buddy_del_free(e, z, idx, current_order, block_mt);
	buddy_expand(e, z, idx, order, current_order, block_mt);
	z->pcp_mt[idx] = (uint8_t)start_mt;
	return idx;
}

/* __rmqueue_fallback() of 6.10-6.14: the 6.1 search, the page comes back directly */
static uint32_t fallback_rmqueue_fallback_hygiene(struct mm_engine *e, struct mm_zone_st *z,
						  unsigned int order, unsigned int start_mt,
						  unsigned int alloc_flags)
{
	bool can_steal = false;
	int o, fmt;
	uint32_t idx;

	if (!fallback_search(e, z, order, start_mt, alloc_flags, &o, &fmt, &can_steal))
		return MM_NO_IDX;
	idx = lst_first(z, free_list_head(z, (unsigned int)o, (unsigned int)fmt));
	idx = fallback_steal_suitable_hygiene(e, z, idx, (unsigned int)o, order, start_mt,
					      alloc_flags, can_steal);
	fallback_count(e, z, order, start_mt, (unsigned int)fmt, (unsigned int)o);
	return idx;
}

/* __rmqueue() of 6.10-6.14: no retry loop */
static uint32_t fallback_rmqueue_hygiene(struct mm_engine *e, struct mm_zone_st *z,
					 unsigned int order, unsigned int mt,
					 unsigned int alloc_flags)
{
	uint32_t idx = buddy_rmqueue_smallest(e, z, order, mt);

	if (idx != MM_NO_IDX)
		return idx;
	if (alloc_flags & ALLOC_CMA)
		idx = fallback_cma(e, z, order);
	if (idx == MM_NO_IDX && mt < MT_PCPTYPES)
		idx = fallback_rmqueue_fallback_hygiene(e, z, order, mt, alloc_flags);
	return idx;
}

/* ---- 6.12.29+: claim, then steal (6.12.117) */

/*
 * try_to_steal_block() (6.12.117): claim F's pageblock for start_mt and allocate from it,
 * or MM_NO_IDX. Boosts the watermark for every candidate below pageblock_order.
 */
static uint32_t fallback_try_to_steal_block(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
					    unsigned int current_order, unsigned int order,
					    unsigned int start_mt, unsigned int alloc_flags)
{
	unsigned int block_mt = pageblock_mt(e, z, idx);
	int free_pages, movable_pages, alike_pages;
	uint32_t start_idx;

	if (block_mt == MT_HIGHATOMIC)
		return MM_NO_IDX;
	if (current_order >= e->k.p->pageblock_order) {
		buddy_del_free(e, z, idx, current_order, block_mt);
		fallback_take_range(e, z, idx, current_order, start_mt);
		buddy_expand(e, z, idx, order, current_order, start_mt);
		z->pcp_mt[idx] = (uint8_t)start_mt;
		return idx;
	}
	fallback_boost(e, z, alloc_flags);
	if (!pageblock_prep_move(e, z, idx, &start_idx, &free_pages, &movable_pages))
		return MM_NO_IDX;
	alike_pages = fallback_alike_pages(e, start_mt, block_mt, free_pages, movable_pages);
	if (fallback_enough(e, free_pages, alike_pages)) {
		fallback_claim(e, z, start_idx, 0, start_mt);
		pageblock_move_freepages_block(e, z, start_idx, block_mt, start_mt, NULL);
		return buddy_rmqueue_smallest(e, z, order, start_mt);
	}
	return MM_NO_IDX;
}

/*
 * __rmqueue_claim() (6.12.117): the largest fallback block whose pageblock can be claimed;
 * a MOVABLE request meeting a block it may not steal gives up claiming.
 */
static uint32_t fallback_rmqueue_claim(struct mm_engine *e, struct mm_zone_st *z,
				       unsigned int order, unsigned int start_mt,
				       unsigned int alloc_flags)
{
	int min_order = fallback_min_order(e, order, alloc_flags);
	bool can_steal = false;

	for (int o = (int)e->k.p->nr_page_orders - 1; o >= min_order; o--) {
		int fmt = fallback_find_suitable(e, z, (unsigned int)o, start_mt, &can_steal);
		uint32_t idx;

		if (fmt == -1)
			continue;
		if (!can_steal)
			break;
		idx = lst_first(z, free_list_head(z, (unsigned int)o, (unsigned int)fmt));
		idx = fallback_try_to_steal_block(e, z, idx, (unsigned int)o, order, start_mt,
						  alloc_flags);
		if (idx != MM_NO_IDX) {
			fallback_count(e, z, order, start_mt, (unsigned int)fmt, (unsigned int)o);
			return idx;
		}
	}
	return MM_NO_IDX;
}

/*
 * __rmqueue_steal() (6.12.117): the smallest fallback block, split on its own lists; the
 * rest of its pageblock keeps its type.
 */
static uint32_t fallback_rmqueue_steal(struct mm_engine *e, struct mm_zone_st *z,
				       unsigned int order, unsigned int start_mt)
{
	bool can_steal;

	for (unsigned int o = order; o < e->k.p->nr_page_orders; o++) {
		int fmt = fallback_find_suitable(e, z, o, start_mt, &can_steal);
		uint32_t idx;

		if (fmt == -1)
			continue;
		idx = lst_first(z, free_list_head(z, o, (unsigned int)fmt));
		buddy_del_free(e, z, idx, o, (unsigned int)fmt);
		buddy_expand(e, z, idx, order, o, (unsigned int)fmt);
		z->pcp_mt[idx] = (uint8_t)start_mt;
		fallback_count(e, z, order, start_mt, (unsigned int)fmt, o);
		return idx;
	}
	return MM_NO_IDX;
}

/* __rmqueue() (6.12.117): modes of rising fragmentation risk, remembered in *mode */
static uint32_t fallback_rmqueue_claim_steal(struct mm_engine *e, struct mm_zone_st *z,
					     unsigned int order, unsigned int mt,
					     unsigned int alloc_flags, enum rmqueue_mode *mode)
{
	uint32_t idx;

	switch (*mode) {
	case RMQUEUE_NORMAL:
		idx = buddy_rmqueue_smallest(e, z, order, mt);
		if (idx != MM_NO_IDX)
			return idx;
		/* fall through */
	case RMQUEUE_CMA:
		if (alloc_flags & ALLOC_CMA) {
			idx = fallback_cma(e, z, order);
			if (idx != MM_NO_IDX) {
				*mode = RMQUEUE_CMA;
				return idx;
			}
		}
		/* fall through */
	case RMQUEUE_CLAIM:
		if (mt >= MT_PCPTYPES)
			return MM_NO_IDX;
		idx = fallback_rmqueue_claim(e, z, order, mt, alloc_flags);
		if (idx != MM_NO_IDX) {
			/* the preferred lists were replenished: back to normal */
			*mode = RMQUEUE_NORMAL;
			return idx;
		}
		/* fall through */
	case RMQUEUE_STEAL:
		if (mt < MT_PCPTYPES && !(alloc_flags & ALLOC_NOFRAGMENT)) {
			idx = fallback_rmqueue_steal(e, z, order, mt);
			if (idx != MM_NO_IDX) {
				*mode = RMQUEUE_STEAL;
				return idx;
			}
		}
	}
	return MM_NO_IDX;
}

uint32_t buddy_rmqueue(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
		       unsigned int mt, unsigned int alloc_flags, enum rmqueue_mode *mode)
{
	enum rmqueue_mode local = RMQUEUE_NORMAL;
	uint32_t idx;

	/*
	 * CMA balancing (both): movable allocations that may use CMA take it first while CMA
	 * holds more than half of the zone's free pages.
	 */
	if (e->config_cma && (alloc_flags & ALLOC_CMA) && z->nr_free_cma > z->nr_free_pages / 2) {
		idx = fallback_cma(e, z, order);
		if (idx != MM_NO_IDX)
			return idx;
	}
	switch (e->k.fallback) {
	case FALLBACK_6_1:
		return fallback_rmqueue_6_1(e, z, order, mt, alloc_flags);
	case FALLBACK_6_12_HYGIENE:
		return fallback_rmqueue_hygiene(e, z, order, mt, alloc_flags);
	case FALLBACK_6_12_CLAIM_STEAL:
		return fallback_rmqueue_claim_steal(e, z, order, mt, alloc_flags,
						    mode ? mode : &local);
	}
	return MM_NO_IDX;
}

/* ---- follow mode: the fallback the model would take now, without taking it */

/* Whether the fallback block at idx would have its pageblock claimed for start_mt. */
static bool fallback_predict_claim(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
				   unsigned int current_order, unsigned int start_mt, bool can_steal)
{
	unsigned int block_mt = pageblock_mt(e, z, idx);
	int free_pages, movable_pages;
	uint32_t start_idx;

	if (block_mt == MT_HIGHATOMIC)
		return false;
	if (current_order >= e->k.p->pageblock_order)
		return true;
	if (!can_steal || !pageblock_prep_move(e, z, idx, &start_idx, &free_pages, &movable_pages))
		return false;
	/* 6.1 moves nothing and claims nothing for a block with no free page */
	if (!free_pages)
		return false;
	return fallback_enough(e, free_pages,
			       fallback_alike_pages(e, start_mt, block_mt, free_pages, movable_pages));
}

/*
 * The fallback search of each variant, read-only: __rmqueue_fallback()'s (6.1, 6.12.0-28)
 * or __rmqueue_claim() then __rmqueue_steal() (6.12.29+). False if the model has no
 * fallback block at all.
 */
static bool fallback_predict_flags(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
				   unsigned int start_mt, unsigned int alloc_flags,
				   struct fallback_choice *out)
{
	bool can_steal = false;
	int o, fmt;

	if (e->k.fallback != FALLBACK_6_12_CLAIM_STEAL) {
		if (!fallback_search(e, z, order, start_mt, alloc_flags, &o, &fmt, &can_steal))
			return false;
		out->order = (unsigned int)o;
		out->mt = (unsigned int)fmt;
		out->idx = lst_first(z, free_list_head(z, out->order, out->mt));
		out->claim = fallback_predict_claim(e, z, out->idx, out->order, start_mt, can_steal);
		return true;
	}
	for (o = (int)e->k.p->nr_page_orders - 1; o >= fallback_min_order(e, order, alloc_flags); o--) {
		uint32_t idx;

		fmt = fallback_find_suitable(e, z, (unsigned int)o, start_mt, &can_steal);
		if (fmt == -1)
			continue;
		if (!can_steal)
			break;
		idx = lst_first(z, free_list_head(z, (unsigned int)o, (unsigned int)fmt));
		if (fallback_predict_claim(e, z, idx, (unsigned int)o, start_mt, true)) {
			*out = (struct fallback_choice){ (unsigned int)o, (unsigned int)fmt, idx, true };
			return true;
		}
	}
	if (alloc_flags & ALLOC_NOFRAGMENT)
		return false;
	for (unsigned int so = order; so < e->k.p->nr_page_orders; so++) {
		fmt = fallback_find_suitable(e, z, so, start_mt, &can_steal);
		if (fmt == -1)
			continue;
		*out = (struct fallback_choice){ so, (unsigned int)fmt,
						 lst_first(z, free_list_head(z, so, (unsigned int)fmt)),
						 false };
		return true;
	}
	return false;
}

bool fallback_predict(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
		      unsigned int start_mt, bool nofragment, struct fallback_choice *out)
{
	if (start_mt >= MT_PCPTYPES)
		return false;
	/* get_page_from_freelist() first tries with ALLOC_NOFRAGMENT, then drops it */
	if (nofragment && fallback_predict_flags(e, z, order, start_mt, ALLOC_NOFRAGMENT, out))
		return true;
	return fallback_predict_flags(e, z, order, start_mt, 0, out);
}

void fallback_follow_steal_6_1(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			       unsigned int start_mt, bool claim)
{
	fallback_steal_suitable_6_1(e, z, idx, 0, start_mt,
				    fallback_can_steal(e, PG_ORDER(z->state[idx]), start_mt), &claim);
}
