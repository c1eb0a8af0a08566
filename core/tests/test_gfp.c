// SPDX-License-Identifier: GPL-2.0-only
/*
 * gfp -> zone, migratetype and alloc_flags (core/gfp.c, KERNEL-NOTES §1): the values a
 * trace's raw gfp_flags turn into before any free list is looked at.
 */
#include "alloc_layout.h"

/* The composites are the kernel's numbers (include/linux/gfp_types.h). */
TEST(gfp_composite_values)
{
	ASSERT_EQ_U64(MM_GFP_KERNEL, 0xcc0);
	ASSERT_EQ_U64(MM_GFP_KERNEL_ACCOUNT, 0x400cc0);
	ASSERT_EQ_U64(MM_GFP_USER, 0x100cc0);
	ASSERT_EQ_U64(MM_GFP_HIGHUSER, 0x100cc2);
	ASSERT_EQ_U64(MM_GFP_HIGHUSER_MOVABLE, 0x100cca);
	ASSERT_EQ_U64(MM_GFP_ATOMIC_6_1, 0xa20);
	ASSERT_EQ_U64(MM_GFP_ATOMIC_6_12, 0x820);
	ASSERT_EQ_U64(MM_GFP_NOWAIT_6_12, 0x2800);
	ASSERT_EQ_U64(MM_GFP_NOIO, 0xc00);
	ASSERT_EQ_U64(MM_GFP_NOFS, 0xc40);
	/* GFP_TRANSHUGE_LIGHT: HIGHUSER_MOVABLE | COMP | NOMEMALLOC | NOWARN, no reclaim */
	ASSERT_EQ_U64(MM_GFP_TRANSHUGE_LIGHT, 0x1c20ca);
	return true;
}

/*
 * gfp_zone() on x86-64: the low four bits pick the highest usable zone.
 * Expect GFP_KERNEL -> NORMAL, GFP_HIGHUSER -> NORMAL (no HIGHMEM), GFP_HIGHUSER_MOVABLE ->
 * MOVABLE, __GFP_MOVABLE alone -> NORMAL, GFP_DMA32 (alone or with MOVABLE) -> DMA32,
 * __GFP_DMA -> DMA, and the invalid DMA|HIGHMEM -> 0 (ZONE_DMA) as the packed table reads.
 */
TEST(gfp_zone_x86_64_table)
{
	ASSERT_EQ(gfp_zone(MM_GFP_KERNEL), ZT_NORMAL);
	ASSERT_EQ(gfp_zone(MM_GFP_HIGHUSER), ZT_NORMAL);
	ASSERT_EQ(gfp_zone(MM_GFP_HIGHUSER_MOVABLE), ZT_MOVABLE);
	ASSERT_EQ(gfp_zone(MM_GFP_KERNEL | MM__GFP_MOVABLE), ZT_NORMAL);
	ASSERT_EQ(gfp_zone(MM_GFP_KERNEL | MM_GFP_DMA32), ZT_DMA32);
	ASSERT_EQ(gfp_zone(MM_GFP_KERNEL | MM_GFP_DMA32 | MM__GFP_MOVABLE), ZT_DMA32);
	ASSERT_EQ(gfp_zone(MM_GFP_KERNEL | MM__GFP_DMA), ZT_DMA);
	ASSERT_EQ(gfp_zone(MM__GFP_MOVABLE | MM__GFP_DMA), ZT_DMA);
	ASSERT_EQ(gfp_zone(MM__GFP_DMA | MM__GFP_HIGHMEM), ZT_DMA);
	return true;
}

/*
 * gfp_migratetype(): bits 3-4 shifted down.
 * Expect GFP_KERNEL UNMOVABLE, GFP_HIGHUSER_MOVABLE MOVABLE, __GFP_RECLAIMABLE RECLAIMABLE,
 * both bits HIGHATOMIC; everything UNMOVABLE once mobility grouping is disabled.
 */
static bool check_gfp_migratetype(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);

	ASSERT_EQ(gfp_migratetype(e, MM_GFP_KERNEL), MT_UNMOVABLE);
	ASSERT_EQ(gfp_migratetype(e, MM_GFP_HIGHUSER_MOVABLE), MT_MOVABLE);
	ASSERT_EQ(gfp_migratetype(e, MM_GFP_KERNEL | MM__GFP_RECLAIMABLE), MT_RECLAIMABLE);
	ASSERT_EQ(gfp_migratetype(e, MM__GFP_MOVABLE | MM__GFP_RECLAIMABLE), MT_HIGHATOMIC);
	e->page_group_by_mobility_disabled = true;
	ASSERT_EQ(gfp_migratetype(e, MM_GFP_HIGHUSER_MOVABLE), MT_UNMOVABLE);
	tz_free(e);
	return true;
}

TEST(gfp_migratetype_both)
{
	for_each_profile(check_gfp_migratetype);
	return true;
}

/*
 * build_all_zonelists()'s rule: grouping is disabled below pageblock_nr_pages *
 * MIGRATE_TYPES pages above the high marks. 4096 managed pages, high mark 100:
 * Expect 3996 >= 512 * 6 = 3072 with CMA (enabled); a 64-page zone is below (disabled).
 */
static bool check_mobility_disabled(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 4096, 1);

	e->config_cma = true;
	e->zones[0].wmark[MM_WMARK_HIGH] = 100;
	ASSERT_TRUE(!gfp_mobility_disabled_at_boot(e));
	/* 3072 + 100 managed leaves exactly 3072: still enough (the test is "<") */
	e->zones[0].managed_pages = 3172;
	ASSERT_TRUE(!gfp_mobility_disabled_at_boot(e));
	e->zones[0].managed_pages = 3171;
	ASSERT_TRUE(gfp_mobility_disabled_at_boot(e));
	tz_free(e);
	e = al_new1(p, NULL, 64, 1);
	ASSERT_TRUE(gfp_mobility_disabled_at_boot(e));
	tz_free(e);
	return true;
}

TEST(gfp_mobility_disabled_threshold)
{
	for_each_profile(check_mobility_disabled);
	return true;
}

/*
 * The fast path's flags on a UMA node with DMA32 and Normal:
 *
 *   zones:  DMA32 [0, 64)   Normal [64, 128)   Movable [128, 192)
 *
 * Expect GFP_KERNEL (preferred Normal) WMARK_LOW | KSWAPD | NOFRAGMENT = 0x901,
 * GFP_HIGHUSER_MOVABLE (preferred Movable) with CONFIG_CMA WMARK_LOW | CMA | KSWAPD = 0x881,
 * GFP_KERNEL | GFP_DMA32 (preferred DMA32) 0x801, and a gfp without __GFP_KSWAPD_RECLAIM
 * no ALLOC_KSWAPD (0x101).
 */
static bool check_fast_flags(const struct mm_profile *p)
{
	const struct al_zone zs[] = {
		{ ZT_DMA32, 0, 0, 64 }, { ZT_NORMAL, 0, 64, 64 }, { ZT_MOVABLE, 0, 128, 64 },
	};
	struct mm_engine *e = al_new(p, NULL, zs, 3, 1);

	e->config_cma = true;
	ASSERT_EQ(gfp_fast_alloc_flags(e, &e->zones[1], MM_GFP_KERNEL), 0x901);
	ASSERT_EQ(gfp_fast_alloc_flags(e, &e->zones[2], MM_GFP_HIGHUSER_MOVABLE), 0x881);
	ASSERT_EQ(gfp_fast_alloc_flags(e, &e->zones[0], MM_GFP_KERNEL | MM_GFP_DMA32), 0x801);
	ASSERT_EQ(gfp_fast_alloc_flags(e, &e->zones[1], MM__GFP_DIRECT_RECLAIM), 0x101);
	tz_free(e);
	return true;
}

TEST(gfp_fast_alloc_flags_uma)
{
	for_each_profile(check_fast_flags);
	return true;
}

/*
 * alloc_flags_nofragment() with two nodes: node 1's Normal has no DMA32 of its own.
 *
 *   node 0:  DMA32 [0, 64)   Normal [64, 128)      node 1:  Normal [128, 192)
 *
 * Expect NOFRAGMENT for node 0's Normal only; node 1's gets just KSWAPD.
 */
static bool check_nofragment_numa(const struct mm_profile *p)
{
	const struct al_zone zs[] = {
		{ ZT_DMA32, 0, 0, 64 }, { ZT_NORMAL, 0, 64, 64 }, { ZT_NORMAL, 1, 128, 64 },
	};
	struct mm_engine *e = al_new(p, NULL, zs, 3, 1);

	ASSERT_EQ(gfp_alloc_flags_nofragment(e, &e->zones[1], MM_GFP_KERNEL), 0x900);
	ASSERT_EQ(gfp_alloc_flags_nofragment(e, &e->zones[2], MM_GFP_KERNEL), 0x800);
	ASSERT_EQ(gfp_alloc_flags_nofragment(e, NULL, MM_GFP_KERNEL), 0x800);
	tz_free(e);
	return true;
}

TEST(gfp_nofragment_needs_local_dma32)
{
	for_each_profile(check_nofragment_numa);
	return true;
}

/*
 * gfp_to_alloc_flags() after 6.1.119 (the two profiles agree; 6.1's GFP_ATOMIC has the
 * extra __GFP_ATOMIC bit, which no longer matters):
 * Expect GFP_KERNEL: MIN | CPUSET | KSWAPD = 0x840;
 *        GFP_ATOMIC order 0: MIN_RESERVE | NON_BLOCK | KSWAPD, no CPUSET = 0x830;
 *        GFP_ATOMIC order 1: + HIGHATOMIC = 0xa30;
 *        GFP_ATOMIC | __GFP_NOMEMALLOC order 1: MIN_RESERVE | KSWAPD = 0x820;
 *        GFP_HIGHUSER_MOVABLE with CONFIG_CMA: 0x8c0;
 *        GFP_NOWAIT order 1 (no __GFP_HIGH): NON_BLOCK | CPUSET | KSWAPD = 0x850, no
 *        HIGHATOMIC since 6.1.158 / 6.12.57.
 */
static bool check_slow_flags(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	uint64_t atomic = p == &profile_6_1 ? MM_GFP_ATOMIC_6_1 : MM_GFP_ATOMIC_6_12;

	ASSERT_EQ(gfp_to_alloc_flags(e, MM_GFP_KERNEL, 0), 0x840);
	ASSERT_EQ(gfp_to_alloc_flags(e, atomic, 0), 0x830);
	ASSERT_EQ(gfp_to_alloc_flags(e, atomic, 1), 0xa30);
	ASSERT_EQ(gfp_to_alloc_flags(e, atomic | MM__GFP_NOMEMALLOC, 1), 0x820);
	ASSERT_EQ(gfp_to_alloc_flags(e, MM_GFP_NOWAIT_6_12, 1), 0x850);
	e->config_cma = true;
	ASSERT_EQ(gfp_to_alloc_flags(e, MM_GFP_HIGHUSER_MOVABLE, 0), 0x8c0);
	tz_free(e);
	return true;
}

TEST(gfp_to_alloc_flags_both)
{
	for_each_profile(check_slow_flags);
	return true;
}

/*
 * Stable updates inside a series: 6.12.56 still gave ALLOC_HIGHATOMIC to any non-blocking
 * order > 0 request; 6.1.100 (before 6.1.119) had ALLOC_HARDER from __GFP_ATOMIC only.
 * Expect GFP_NOWAIT order 1: 6.12.56 0xa50 (HIGHATOMIC), 6.12.117 0x850;
 *        6.1.100: GFP_NOWAIT 0x840 (nothing harder), GFP_ATOMIC 0x830 (HARDER | HIGH,
 *        no CPUSET) at order 0 and 1 alike.
 */
TEST(gfp_to_alloc_flags_stable_updates)
{
	struct mm_engine *e = al_new1(&profile_6_12, "6.12.56", 64, 1);

	ASSERT_EQ(gfp_to_alloc_flags(e, MM_GFP_NOWAIT_6_12, 1), 0xa50);
	tz_free(e);
	e = al_new1(&profile_6_12, "6.12.117", 64, 1);
	ASSERT_EQ(gfp_to_alloc_flags(e, MM_GFP_NOWAIT_6_12, 1), 0x850);
	tz_free(e);
	e = al_new1(&profile_6_1, "6.1.100", 64, 1);
	ASSERT_EQ(gfp_to_alloc_flags(e, MM_GFP_NOWAIT_6_1, 1), 0x840);
	ASSERT_EQ(gfp_to_alloc_flags(e, MM_GFP_ATOMIC_6_1, 0), 0x830);
	ASSERT_EQ(gfp_to_alloc_flags(e, MM_GFP_ATOMIC_6_1, 1), 0x830);
	tz_free(e);
	return true;
}

/* Expect __GFP_MEMALLOC -> NO_WATERMARKS unless __GFP_NOMEMALLOC; plain gfp -> 0. */
TEST(gfp_pfmemalloc_flags)
{
	ASSERT_EQ(gfp_pfmemalloc_flags(MM_GFP_ATOMIC_6_12 | MM__GFP_MEMALLOC), ALLOC_NO_WATERMARKS);
	ASSERT_EQ(gfp_pfmemalloc_flags(MM__GFP_MEMALLOC | MM__GFP_NOMEMALLOC), 0);
	ASSERT_EQ(gfp_pfmemalloc_flags(MM_GFP_KERNEL), 0);
	return true;
}
