// SPDX-License-Identifier: GPL-2.0-only
/*
 * get_page_from_freelist(), rmqueue() and the page-level entry points (core/alloc.c,
 * KERNEL-NOTES §2): which zone, which list, fast or slow path.
 */
#include <errno.h>

#include "alloc_layout.h"

static void set_wmarks(struct mm_zone_st *z, uint64_t min, uint64_t low, uint64_t high)
{
	z->wmark[MM_WMARK_MIN] = min;
	z->wmark[MM_WMARK_LOW] = low;
	z->wmark[MM_WMARK_HIGH] = high;
}

/* pcp batch 1 (6.12: high_min = high_max = 0): a refill brings exactly one page. */
static void small_pcp(struct mm_engine *e)
{
	for (uint32_t i = 0; i < e->nr_zones; i++)
		for (uint32_t c = 0; c < e->nr_cpus; c++)
			e->zones[i].pcp[c].batch = 1;
}

/*
 *   idx  0                               32                              64
 *        | free order 5, list mt          | in use                        |
 * in one pageblock of type mt; min/low/high as given.
 */
static struct mm_engine *alloc_zone(const struct mm_profile *p, const char *release,
				    unsigned int mt, uint64_t min, uint64_t low, uint64_t high)
{
	struct mm_engine *e = al_new1(p, release, 64, 1);
	struct mm_zone_st *z = e->zones;

	z->pb_mt[0] = (uint8_t)mt;
	al_alloc_range(z, 32, 32);
	al_free_block(e, z, 0, 5, mt);
	set_wmarks(z, min, low, high);
	small_pcp(e);
	return e;
}

/*
 * The fast path: GFP_HIGHUSER_MOVABLE, 32 free pages over low 6 and high 8.
 * Expect page 0 through the pcp (refilled with one page), zone 0, flags WMARK_LOW |
 * KSWAPD | NOFRAGMENT (preferred zone Normal) = 0x901, no slow path, nr_alloc[0] 1.
 */
static bool check_fast_path(const struct mm_profile *p)
{
	struct mm_engine *e = alloc_zone(p, NULL, MT_MOVABLE, 4, 6, 8);
	struct alloc_result res;

	ASSERT_EQ(alloc_pages_sim(e, 0, 0, MM_GFP_HIGHUSER_MOVABLE, &res), 0);
	ASSERT_EQ(res.zone, 0);
	ASSERT_EQ_U64(res.pfn, 0);
	ASSERT_TRUE(res.pcp && !res.slowpath && !res.failed);
	ASSERT_EQ(res.alloc_flags, 0x901);
	ASSERT_EQ(res.migratetype, MT_MOVABLE);
	ASSERT_EQ(e->zones->state[0], PG_STATE(PG_ALLOC, 0));
	ASSERT_EQ(e->stats.zone[0].nr_alloc[0], 1);
	ASSERT_EQ(e->stats.zone[0].nr_pcp_hit, 1);
	ASSERT_EQ(e->zones->flags & ZONE_BELOW_HIGH, 0);
	tz_free(e);
	return true;
}

TEST(alloc_fast_path_through_pcp)
{
	for_each_profile(check_fast_path);
	return true;
}

/*
 * 6.12's ZONE_BELOW_HIGH pre-check: 32 free pages, low 24, high 40.
 * Expect the allocation to succeed at the low mark in both; only 6.12 flags the zone
 * ZONE_BELOW_HIGH (which later shrinks pcp->high on frees).
 */
static bool check_below_high(const struct mm_profile *p)
{
	struct mm_engine *e = alloc_zone(p, NULL, MT_MOVABLE, 16, 24, 40);
	struct alloc_result res;

	ASSERT_EQ(alloc_pages_sim(e, 0, 0, MM_GFP_HIGHUSER_MOVABLE, &res), 0);
	ASSERT_TRUE(!res.failed && !res.slowpath);
	ASSERT_EQ(!!(e->zones->flags & ZONE_BELOW_HIGH), p->below_high_precheck);
	tz_free(e);
	return true;
}

TEST(alloc_below_high_precheck_per_profile)
{
	for_each_profile(check_below_high);
	return true;
}

/*
 * Below low, above min: GFP_KERNEL in an UNMOVABLE block with 32 free pages, min 20,
 * low 36.
 * Expect the fast path to fail its low mark twice (nr_wmark_fail[LOW] 2: the pass without
 * ALLOC_NOFRAGMENT checks again) and the slow path's first attempt (WMARK_MIN | CPUSET |
 * KSWAPD = 0x840) to take page 0.
 */
static bool check_slow_path(const struct mm_profile *p)
{
	struct mm_engine *e = alloc_zone(p, NULL, MT_UNMOVABLE, 20, 36, 50);
	struct alloc_result res;

	ASSERT_EQ(alloc_pages_sim(e, 0, 0, MM_GFP_KERNEL, &res), 0);
	ASSERT_TRUE(res.slowpath && !res.failed);
	ASSERT_EQ_U64(res.pfn, 0);
	ASSERT_EQ(res.alloc_flags, 0x840);
	ASSERT_EQ(e->stats.zone[0].nr_wmark_fail[MM_WMARK_LOW], 2);
	ASSERT_EQ(e->stats.zone[0].nr_wmark_fail[MM_WMARK_MIN], 0);
	tz_free(e);
	return true;
}

TEST(alloc_slow_path_min_watermark)
{
	for_each_profile(check_slow_path);
	return true;
}

/*
 * Below min: 32 free pages, min 40.
 * Expect GFP_KERNEL to fail (two failures at low, with and without NOFRAGMENT, one at
 * min; nr_alloc_failed[0] 1, no page moved), while GFP_ATOMIC's reserves (min 40 -> 20
 * -> 15) let it take page 0 with 0x830 (MIN_RESERVE | NON_BLOCK | KSWAPD).
 */
static bool check_below_min(const struct mm_profile *p)
{
	struct mm_engine *e = alloc_zone(p, NULL, MT_UNMOVABLE, 40, 50, 60);
	uint64_t atomic = p == &profile_6_1 ? MM_GFP_ATOMIC_6_1 : MM_GFP_ATOMIC_6_12;
	struct alloc_result res;

	ASSERT_EQ(alloc_pages_sim(e, 0, 0, MM_GFP_KERNEL, &res), 0);
	ASSERT_TRUE(res.failed && res.slowpath);
	ASSERT_EQ(res.zone, -1);
	ASSERT_EQ_U64(res.pfn, MM_PFN_NONE);
	ASSERT_EQ(e->stats.zone[0].nr_alloc_failed[0], 1);
	ASSERT_EQ(e->stats.zone[0].nr_wmark_fail[MM_WMARK_LOW], 2);
	ASSERT_EQ(e->stats.zone[0].nr_wmark_fail[MM_WMARK_MIN], 1);
	ASSERT_EQ(e->zones->nr_free_pages, 32);

	ASSERT_EQ(alloc_pages_sim(e, 0, 0, atomic, &res), 0);
	ASSERT_TRUE(!res.failed && res.slowpath);
	ASSERT_EQ_U64(res.pfn, 0);
	ASSERT_EQ(res.alloc_flags, 0x830);
	tz_free(e);
	return true;
}

TEST(alloc_below_min_atomic_reserves)
{
	for_each_profile(check_below_min);
	return true;
}

/*
 * Only a HIGHATOMIC reserve is free (nr_reserved_highatomic 8, watermarks 0):
 *
 *   idx  0        8                                                     64
 *        | HA o3  | in use                                               |
 *
 * An order-1 GFP_ATOMIC request fails the fast path (the reserve is discounted) and in the
 * slow path (0xa30, ALLOC_HIGHATOMIC) finds nothing on the pcp or the UNMOVABLE lists,
 * then takes the HIGHATOMIC list first in rmqueue_buddy().
 * Expect page 0 from the buddy, halves 2 (o1) and 4 (o2) left on the HIGHATOMIC lists.
 */
static struct mm_engine *highatomic_zone(const struct mm_profile *p, const char *release)
{
	struct mm_engine *e = al_new1(p, release, 64, 1);
	struct mm_zone_st *z = e->zones;

	z->pb_mt[0] = MT_HIGHATOMIC;
	al_alloc_range(z, 8, 56);
	al_free_block(e, z, 0, 3, MT_HIGHATOMIC);
	z->nr_reserved_highatomic = 8;
	small_pcp(e);
	return e;
}

static bool check_highatomic_first(const struct mm_profile *p)
{
	struct mm_engine *e = highatomic_zone(p, NULL);
	uint64_t atomic = p == &profile_6_1 ? MM_GFP_ATOMIC_6_1 : MM_GFP_ATOMIC_6_12;
	struct alloc_result res;

	ASSERT_EQ(alloc_pages_sim(e, 0, 1, atomic, &res), 0);
	ASSERT_TRUE(!res.failed && res.slowpath && !res.pcp);
	ASSERT_EQ_U64(res.pfn, 0);
	ASSERT_EQ(res.alloc_flags, 0xa30);
	ASSERT_FREE(e, 2, 1, MT_HIGHATOMIC);
	ASSERT_FREE(e, 4, 2, MT_HIGHATOMIC);
	ASSERT_EQ(e->stats.zone[0].nr_alloc[1], 1);
	tz_free(e);
	return true;
}

TEST(alloc_highatomic_first_for_high_order_atomic)
{
	for_each_profile(check_highatomic_first);
	return true;
}

/*
 * The same zone, an order-0 GFP_ATOMIC request: since 6.1.119 (and in 6.12) a failed
 * __rmqueue() of a NON_BLOCK request falls back to the HIGHATOMIC list; 6.1.100's
 * ALLOC_HARDER never gave order 0 the reserve.
 * Expect page 0 in 6.1.192 and 6.12; a failure in 6.1.100.
 */
static bool highatomic_order0(const struct mm_profile *p, const char *release, bool want_ok)
{
	struct mm_engine *e = highatomic_zone(p, release);
	uint64_t atomic = p == &profile_6_1 ? MM_GFP_ATOMIC_6_1 : MM_GFP_ATOMIC_6_12;
	struct alloc_result res;

	ASSERT_EQ(alloc_pages_sim(e, 0, 0, atomic, &res), 0);
	ASSERT_EQ(res.failed, !want_ok);
	if (want_ok)
		ASSERT_EQ_U64(res.pfn, 0);
	tz_free(e);
	return true;
}

TEST(alloc_highatomic_last_for_order0_atomic)
{
	ASSERT_TRUE(highatomic_order0(&profile_6_1, "6.1.192", true));
	ASSERT_TRUE(highatomic_order0(&profile_6_12, NULL, true));
	ASSERT_TRUE(highatomic_order0(&profile_6_1, "6.1.100", false));
	return true;
}

/*
 * ALLOC_NOFRAGMENT: GFP_KERNEL prefers Normal, whose only free pages are MOVABLE.
 *
 *   DMA32  [0, 64):    | U o2 |  in use ...      (UNMOVABLE pageblock)
 *   Normal [64, 128):  | free MOVABLE o5 | in use (MOVABLE pageblock)
 *
 * Expect the first pass to skip Normal (no whole-pageblock fallback there) and take
 * DMA32's page 0: zone 0, no pollution. With DMA32 empty, the second pass without
 * NOFRAGMENT falls back inside Normal: one UNMOVABLE allocation in a MOVABLE pageblock.
 */
static struct mm_engine *nofragment_zones(const struct mm_profile *p, bool dma32_free)
{
	const struct al_zone zs[] = { { ZT_DMA32, 0, 0, 64 }, { ZT_NORMAL, 0, 64, 64 } };
	struct mm_engine *e = al_new(p, NULL, zs, 2, 1);

	e->zones[0].pb_mt[0] = MT_UNMOVABLE;
	al_alloc_range(&e->zones[0], 4, 60);
	if (dma32_free)
		al_free_block(e, &e->zones[0], 0, 2, MT_UNMOVABLE);
	else
		al_alloc_range(&e->zones[0], 0, 4);
	al_alloc_range(&e->zones[1], 32, 32);
	al_free_block(e, &e->zones[1], 0, 5, MT_MOVABLE);
	small_pcp(e);
	return e;
}

static bool check_nofragment(const struct mm_profile *p)
{
	struct mm_engine *e = nofragment_zones(p, true);
	struct alloc_result res;

	ASSERT_EQ(alloc_pages_sim(e, 0, 0, MM_GFP_KERNEL, &res), 0);
	ASSERT_EQ(res.zone, 0);
	ASSERT_EQ_U64(res.pfn, 0);
	ASSERT_TRUE(!res.slowpath);
	ASSERT_EQ(e->zones[1].nr_free_pages, 32);
	ASSERT_EQ(e->stats.zone[0].nr_polluting_allocs[MT_UNMOVABLE], 0);
	tz_free(e);

	e = nofragment_zones(p, false);
	ASSERT_EQ(alloc_pages_sim(e, 0, 0, MM_GFP_KERNEL, &res), 0);
	ASSERT_EQ(res.zone, 1);
	ASSERT_TRUE(!res.slowpath);
	ASSERT_EQ(res.alloc_flags & ALLOC_NOFRAGMENT, 0);
	ASSERT_EQ(e->stats.zone[1].nr_polluting_allocs[MT_UNMOVABLE], 1);
	ASSERT_EQ(e->stats.zone[1].nr_polluting_pages[MT_UNMOVABLE], 1);
	tz_free(e);
	return true;
}

TEST(alloc_nofragment_prefers_lower_zone)
{
	for_each_profile(check_nofragment);
	return true;
}

/*
 * lowmem_reserve protects a lower zone from requests that could use a higher one:
 * the same layout, Normal below its marks (min 40), DMA32's lowmem_reserve[NORMAL] 4.
 * Expect GFP_KERNEL to fail (DMA32: 4 free <= 0 + 4), GFP_DMA32 to take DMA32's page 0
 * (it indexes lowmem_reserve[DMA32] = 0).
 */
static bool check_lowmem_reserve(const struct mm_profile *p)
{
	struct mm_engine *e = nofragment_zones(p, true);
	struct alloc_result res;

	set_wmarks(&e->zones[1], 40, 50, 60);
	e->zones[0].lowmem_reserve[ZT_NORMAL] = 4;
	ASSERT_EQ(alloc_pages_sim(e, 0, 0, MM_GFP_KERNEL, &res), 0);
	ASSERT_TRUE(res.failed);
	ASSERT_EQ(e->stats.zone[1].nr_alloc_failed[0], 1);
	ASSERT_EQ(alloc_pages_sim(e, 0, 0, MM_GFP_KERNEL | MM_GFP_DMA32, &res), 0);
	ASSERT_EQ(res.zone, 0);
	ASSERT_EQ_U64(res.pfn, 0);
	tz_free(e);
	return true;
}

TEST(alloc_lowmem_reserve_by_highest_zoneidx)
{
	for_each_profile(check_lowmem_reserve);
	return true;
}

/*
 * free_pages_sim(): an order-0 page goes to the pcp head, an order-4 block straight to
 * the buddy (not pcp-able), merging with its free buddy.
 *
 *   idx  0                16               32                              64
 *        | allocated o4    | free o4       | in use                        |
 *
 * Expect page 32 (order 0) on pcp MOVABLE o0, count 1; then block 0 merged with 16 into an
 * order-5 block at 0; a second free of 0 refused with -EINVAL.
 */
static bool check_free_pages(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	z->pcp[0].batch = 4;
	z->pcp[0].high = z->pcp[0].high_min = z->pcp[0].high_max = 64;
	al_alloc_range(z, 32, 32);
	z->state[0] = PG_STATE(PG_ALLOC, 4);
	for (uint32_t i = 1; i < 16; i++)
		z->state[i] = PG_STATE(PG_NONE, 0);
	al_free_block(e, z, 16, 4, MT_MOVABLE);

	ASSERT_EQ(free_pages_sim(e, 0, 32, 0), 0);
	ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 32);
	ASSERT_EQ(z->pcp[0].count, 1);
	ASSERT_EQ(free_pages_sim(e, 0, 0, 4), 0);
	ASSERT_FREE(e, 0, 5, MT_MOVABLE);
	ASSERT_EQ(z->nr_free_pages, 32);
	ASSERT_EQ(free_pages_sim(e, 0, 0, 4), -EINVAL);
	ASSERT_EQ(free_pages_sim(e, 0, 64, 0), -EINVAL);
	tz_free(e);
	return true;
}

TEST(alloc_free_pages_pcp_or_buddy)
{
	for_each_profile(check_free_pages);
	return true;
}

/*
 * Freeing an order-10 block over a MOVABLE and an ISOLATE pageblock (1024 pages):
 *
 *   idx  0                 512                1024
 *        | MOVABLE block    | ISOLATE block    |   allocated as one order-10 block
 *
 * Expect 6.1 (__free_pages_ok): one order-10 block on the MOVABLE list, the head's type;
 *        6.12 (split_large_buddy): order-9 blocks 0 (MOVABLE) and 512 (ISOLATE), which
 *        do not merge; NR_FREE_PAGES 1024 vs 512 (ISOLATE is not counted).
 */
static bool check_free_large(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 1024, 1);
	struct mm_zone_st *z = e->zones;

	z->pb_mt[1] = MT_ISOLATE;
	z->state[0] = PG_STATE(PG_ALLOC, 10);
	for (uint32_t i = 1; i < 1024; i++)
		z->state[i] = PG_STATE(PG_NONE, 0);
	ASSERT_EQ(free_pages_sim(e, 0, 0, 10), 0);
	if (p == &profile_6_1) {
		ASSERT_FREE(e, 0, 10, MT_MOVABLE);
		ASSERT_EQ(z->nr_free_pages, 1024);
	} else {
		ASSERT_FREE(e, 0, 9, MT_MOVABLE);
		ASSERT_FREE(e, 512, 9, MT_ISOLATE);
		ASSERT_EQ(z->nr_free_pages, 512);
	}
	tz_free(e);
	return true;
}

TEST(alloc_free_large_split_per_pageblock)
{
	for_each_profile(check_free_large);
	return true;
}

/* Bad requests: an order above the profile's, a cpu the engine does not have. */
TEST(alloc_rejects_bad_requests)
{
	struct mm_engine *e = al_new1(&profile_6_12, NULL, 64, 1);
	struct alloc_result res;

	ASSERT_EQ(alloc_pages_sim(e, 0, 11, MM_GFP_KERNEL, &res), -EINVAL);
	ASSERT_EQ(alloc_pages_sim(e, 1, 0, MM_GFP_KERNEL, &res), -EINVAL);
	ASSERT_EQ(free_pages_sim(e, 0, 0, 11), -EINVAL);
	tz_free(e);
	return true;
}
