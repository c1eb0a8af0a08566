// SPDX-License-Identifier: GPL-2.0-only
/*
 * The watermark check of the allocation path: __zone_watermark_ok() and
 * zone_watermark_fast() of mm/page_alloc.c, 6.1 and 6.12 (KERNEL-NOTES §3.6, §3.7).
 * Arithmetic is signed, as the kernel's `long`: free may go negative.
 */
#include "alloc.h"
#include "gfp.h"

/* Before 6.1.119 ALLOC_HARDER and ALLOC_OOM ("alloc_harder") opened the reserves. */
static bool wmark_legacy(const struct mm_engine *e)
{
	return !e->k.alloc_flags_6_3;
}

/* __zone_watermark_unusable_free() (both) */
static int64_t wmark_unusable_free(const struct mm_engine *e, const struct mm_zone_st *z,
				   unsigned int order, unsigned int alloc_flags)
{
	int64_t unusable = ((int64_t)1 << order) - 1;
	bool reserves;

	if (wmark_legacy(e))
		reserves = alloc_flags & (ALLOC_HARDER | ALLOC_OOM);
	else
		reserves = alloc_flags & ALLOC_RESERVES;
	/*
	 * 6.12 discounts the free pages on HIGHATOMIC lists; 6.1 the reserve's size, an
	 * over-estimate that avoids a search.
	 */
	if (!reserves)
		unusable += e->k.p->wmark_uses_free_highatomic ? z->nr_free_highatomic
							      : z->nr_reserved_highatomic;
	if (e->config_cma && !(alloc_flags & ALLOC_CMA))
		unusable += z->nr_free_cma;
	return unusable;
}

/* The reserve discounts of min (6.1.119+ and 6.12). */
static int64_t wmark_min_reserves(int64_t min, unsigned int alloc_flags)
{
	if (!(alloc_flags & ALLOC_RESERVES))
		return min;
	if (alloc_flags & ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (alloc_flags & ALLOC_OOM)
		min -= min / 2;
	return min;
}

/* The same before 6.1.119: ALLOC_HIGH halves, then "harder" takes a quarter (OOM: half). */
static int64_t wmark_min_harder(int64_t min, unsigned int alloc_flags)
{
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & (ALLOC_HARDER | ALLOC_OOM)) {
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
		else
			min -= min / 4;
	}
	return min;
}

bool wmark_zone_watermark_ok(const struct mm_engine *e, const struct mm_zone_st *z,
			     unsigned int order, int64_t mark, unsigned int highest_zoneidx,
			     unsigned int alloc_flags, int64_t free)
{
	bool legacy = wmark_legacy(e);
	int64_t min;

	free -= wmark_unusable_free(e, z, order, alloc_flags);
	min = legacy ? wmark_min_harder(mark, alloc_flags) : wmark_min_reserves(mark, alloc_flags);
	if (free <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	/* a high-order request needs one free block of a usable type at order or above */
	for (unsigned int o = order; o < e->k.p->nr_page_orders; o++) {
		bool highatomic;

		if (!z->nr_free[o])
			continue;
		for (unsigned int mt = 0; mt < MT_PCPTYPES; mt++)
			if (!lst_empty(z, free_list_head(z, o, mt)))
				return true;
		if (e->config_cma && (alloc_flags & ALLOC_CMA) &&
		    !lst_empty(z, free_list_head(z, o, MT_CMA)))
			return true;
		if (legacy)
			highatomic = alloc_flags & (ALLOC_HARDER | ALLOC_OOM);
		else
			highatomic = alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM);
		if (highatomic && !lst_empty(z, free_list_head(z, o, MT_HIGHATOMIC)))
			return true;
	}
	return false;
}

bool wmark_zone_watermark_ok_now(const struct mm_engine *e, const struct mm_zone_st *z,
				 unsigned int order, int64_t mark, unsigned int highest_zoneidx,
				 unsigned int alloc_flags)
{
	return wmark_zone_watermark_ok(e, z, order, mark, highest_zoneidx, alloc_flags,
				       z->nr_free_pages);
}

bool wmark_zone_watermark_fast(const struct mm_engine *e, const struct mm_zone_st *z,
			       unsigned int order, int64_t mark, unsigned int highest_zoneidx,
			       unsigned int alloc_flags, uint64_t gfp)
{
	int64_t free = z->nr_free_pages;
	uint64_t atomic = gfp_atomic_bit(e);
	bool boost_exempt;

	if (!order) {
		/* no reserve discounts; reserved may over-estimate the highatomic reserve */
		int64_t reserved = wmark_unusable_free(e, z, 0, alloc_flags);
		int64_t usable = free - (free < reserved ? free : reserved);

		if (usable > mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	if (wmark_zone_watermark_ok(e, z, order, mark, highest_zoneidx, alloc_flags, free))
		return true;
	/*
	 * Order-0 requests with access to the min reserve ignore the boost at the MIN mark:
	 * 6.1 tests __GFP_ATOMIC, 6.12 ALLOC_MIN_RESERVE.
	 */
	boost_exempt = atomic ? (gfp & atomic) : (alloc_flags & ALLOC_MIN_RESERVE);
	if (!order && boost_exempt && z->watermark_boost &&
	    (alloc_flags & ALLOC_WMARK_MASK) == ALLOC_WMARK_MIN)
		return wmark_zone_watermark_ok(e, z, order, (int64_t)z->wmark[MM_WMARK_MIN],
					       highest_zoneidx, alloc_flags, free);
	return false;
}
