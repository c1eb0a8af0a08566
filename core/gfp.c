// SPDX-License-Identifier: GPL-2.0-only
/*
 * From a request's gfp to its zone, migratetype and alloc_flags (KERNEL-NOTES §1), as
 * __alloc_pages() and __alloc_pages_slowpath() derive them in mm/page_alloc.c of 6.1 and
 * 6.12. The trace records the gfp after current_gfp_context() and gfp_allowed_mask, so
 * neither is applied again here.
 */
#include "gfp.h"

/*
 * GFP_ZONE_TABLE (include/linux/gfp.h, both) unpacked for x86-64: no HIGHMEM, so
 * OPT_ZONE_HIGHMEM is ZONE_NORMAL, and MOVABLE|HIGHMEM is the only way to ZONE_MOVABLE.
 * The combinations GFP_ZONE_BAD lists read 0 (ZONE_DMA) from the packed table; the kernel
 * only catches them with CONFIG_DEBUG_VM.
 */
static const uint8_t gfp_zone_table[16] = {
	[0] = ZT_NORMAL,
	[MM__GFP_DMA] = ZT_DMA,
	[MM__GFP_HIGHMEM] = ZT_NORMAL,
	[MM__GFP_DMA32] = ZT_DMA32,
	[MM__GFP_MOVABLE] = ZT_NORMAL,
	[MM__GFP_MOVABLE | MM__GFP_DMA] = ZT_DMA,
	[MM__GFP_MOVABLE | MM__GFP_HIGHMEM] = ZT_MOVABLE,
	[MM__GFP_MOVABLE | MM__GFP_DMA32] = ZT_DMA32,
};

unsigned int gfp_zone(uint64_t gfp)
{
	return gfp_zone_table[gfp & MM_GFP_ZONEMASK];
}

/* GFP_MOVABLE_SHIFT: __GFP_MOVABLE >> 3 is MIGRATE_MOVABLE, __GFP_RECLAIMABLE >> 3 RECLAIMABLE */
#define GFP_MOVABLE_MASK (MM__GFP_RECLAIMABLE | MM__GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3

unsigned int gfp_migratetype(const struct mm_engine *e, uint64_t gfp)
{
	if (e->page_group_by_mobility_disabled)
		return MT_UNMOVABLE;
	/* both bits give MIGRATE_HIGHATOMIC; the kernel only warns (VM_WARN_ON) */
	return (unsigned int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/*
 * Per-profile facts of the allocation path that struct mm_profile does not carry, keyed by
 * profile so nothing compares version numbers:
 * - __GFP_ATOMIC went away in 6.3 (the "Discard __GFP_ATOMIC" series), and with it
 *   zone_watermark_fast()'s __GFP_ATOMIC test became ALLOC_MIN_RESERVE;
 * - 6.12's rmqueue() clears ZONE_BOOSTED_WATERMARK (and wakes kswapd) only for ALLOC_KSWAPD
 *   requests ("mm/page_alloc: don't wake kswapd from rmqueue() unless
 *   __GFP_KSWAPD_RECLAIM is specified"); 6.1 for every request.
 */
static const struct gfp_profile_rules {
	const struct mm_profile *p;
	uint64_t gfp_atomic;
	bool boost_wake_needs_kswapd;
} gfp_profile_rules[] = {
	{ &profile_6_1, MM__GFP_ATOMIC_6_1, false },
	{ &profile_6_12, 0, true },
};

static const struct gfp_profile_rules *gfp_rules(const struct mm_engine *e)
{
	for (unsigned int i = 0; i < sizeof(gfp_profile_rules) / sizeof(gfp_profile_rules[0]); i++)
		if (gfp_profile_rules[i].p == e->k.p)
			return &gfp_profile_rules[i];
	/* an unknown profile gets the newest rules */
	return &gfp_profile_rules[sizeof(gfp_profile_rules) / sizeof(gfp_profile_rules[0]) - 1];
}

uint64_t gfp_atomic_bit(const struct mm_engine *e)
{
	return gfp_rules(e)->gfp_atomic;
}

bool gfp_boost_wake_needs_kswapd(const struct mm_engine *e)
{
	return gfp_rules(e)->boost_wake_needs_kswapd;
}

bool gfp_mobility_disabled_at_boot(const struct mm_engine *e)
{
	/* MIGRATE_TYPES: the three pcp types, HIGHATOMIC, CMA if configured, ISOLATE */
	uint64_t migrate_types = e->config_cma ? 6 : 5;
	uint64_t pageblock_nr_pages = 1ull << e->k.p->pageblock_order;
	uint64_t total = 0;

	/* nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE)): managed above the high mark */
	for (uint32_t i = 0; i < e->nr_zones; i++) {
		const struct mm_zone_st *z = &e->zones[i];
		uint64_t high = z->wmark[MM_WMARK_HIGH] + z->watermark_boost;

		if (z->zone_idx <= ZT_MOVABLE && z->present_pages && z->managed_pages > high)
			total += z->managed_pages - high;
	}
	return total < pageblock_nr_pages * migrate_types;
}

unsigned int gfp_to_alloc_flags_cma(const struct mm_engine *e, uint64_t gfp,
				    unsigned int alloc_flags)
{
	if (e->config_cma && gfp_migratetype(e, gfp) == MT_MOVABLE)
		alloc_flags |= ALLOC_CMA;
	return alloc_flags;
}

/* The node's zone of type zt, or NULL. */
static const struct mm_zone_st *gfp_node_zone(const struct mm_engine *e, int32_t node, int32_t zt)
{
	for (uint32_t i = 0; i < e->nr_zones; i++)
		if (e->zones[i].node == node && e->zones[i].zone_idx == zt)
			return &e->zones[i];
	return NULL;
}

/* nr_online_nodes, taken as the nodes that have a zone */
static unsigned int gfp_nr_nodes(const struct mm_engine *e)
{
	unsigned int n = 0;

	for (uint32_t i = 0; i < e->nr_zones; i++) {
		bool seen = false;

		for (uint32_t j = 0; j < i; j++)
			seen |= e->zones[j].node == e->zones[i].node;
		n += !seen;
	}
	return n;
}

unsigned int gfp_alloc_flags_nofragment(const struct mm_engine *e, const struct mm_zone_st *z,
					uint64_t gfp)
{
	/* __GFP_KSWAPD_RECLAIM and ALLOC_KSWAPD are the same bit */
	unsigned int alloc_flags = (unsigned int)(gfp & MM__GFP_KSWAPD_RECLAIM);
	const struct mm_zone_st *dma32;

	/* the policy switch `alloc_nofragment off` */
	if (!z || z->zone_idx != ZT_NORMAL || e->no_alloc_nofragment)
		return alloc_flags;
	dma32 = gfp_node_zone(e, z->node, ZT_DMA32);
	/* populated_zone(): present pages, not managed ones */
	if (gfp_nr_nodes(e) > 1 && (!dma32 || !dma32->present_pages))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

unsigned int gfp_fast_alloc_flags(const struct mm_engine *e, const struct mm_zone_st *preferred,
				  uint64_t gfp)
{
	unsigned int alloc_flags = gfp_to_alloc_flags_cma(e, gfp, ALLOC_WMARK_LOW);

	return alloc_flags | gfp_alloc_flags_nofragment(e, preferred, gfp);
}

/* gfp_to_alloc_flags() of upstream 6.1.0-6.1.118, after KERNEL-NOTES §1.5 */
static unsigned int gfp_to_alloc_flags_harder(const struct mm_engine *e, uint64_t gfp)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	/* __GFP_HIGH == ALLOC_HIGH, __GFP_KSWAPD_RECLAIM == ALLOC_KSWAPD */
	alloc_flags |= (unsigned int)(gfp & (MM__GFP_HIGH | MM__GFP_KSWAPD_RECLAIM));
	if (gfp & gfp_atomic_bit(e)) {
		if (!(gfp & MM__GFP_NOMEMALLOC))
			alloc_flags |= ALLOC_HARDER;
		alloc_flags &= ~ALLOC_CPUSET;
	}
	return gfp_to_alloc_flags_cma(e, gfp, alloc_flags);
}

unsigned int gfp_to_alloc_flags(const struct mm_engine *e, uint64_t gfp, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	if (!e->k.alloc_flags_6_3)
		return gfp_to_alloc_flags_harder(e, gfp);
	/* __GFP_HIGH == ALLOC_MIN_RESERVE, __GFP_KSWAPD_RECLAIM == ALLOC_KSWAPD */
	alloc_flags |= (unsigned int)(gfp & (MM__GFP_HIGH | MM__GFP_KSWAPD_RECLAIM));
	if (!(gfp & MM__GFP_DIRECT_RECLAIM)) {
		if (!(gfp & MM__GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			/* 6.1.158, 6.12.57: only __GFP_HIGH may reserve highatomic blocks */
			if (order > 0 &&
			    (!e->k.highatomic_needs_high || (alloc_flags & ALLOC_MIN_RESERVE)))
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	/* else: a realtime task in task context would add ALLOC_MIN_RESERVE; not traced */
	return gfp_to_alloc_flags_cma(e, gfp, alloc_flags);
}

unsigned int gfp_pfmemalloc_flags(uint64_t gfp)
{
	if (gfp & MM__GFP_NOMEMALLOC)
		return 0;
	if (gfp & MM__GFP_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	return 0;
}
