// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MIGRATE_HIGHATOMIC reserve (core/highatomic.c). Drawings as in test_buddy.c. The
 * zones are small but claim a large managed_pages, which is all the reserve limit reads.
 */
#include "buddy_layout.h"

#define PFN0 0x10000u

static struct mm_zone_stats *st(struct mm_engine *e)
{
	return &e->stats.zone[0];
}

static struct mm_engine *ha_new(const struct mm_profile *p, uint64_t managed_pages)
{
	struct mm_engine *e = tz_new(p, PFN0, 2048);

	e->zones->managed_pages = managed_pages;
	return e;
}

/*
 * 2048 pages, 100 MiB managed (6.1 limit 1024 + 512, 6.12 1024); pageblock 2 is already
 * reserved (nr_reserved_highatomic 512) and has a free page on HIGHATOMIC's order-0 list:
 *
 *   pageblock 1 (MOVABLE):    512 A 513 [o0 M] 514 [o1 M] 516 [o2 M] ... 768 [o8 M]
 *   pageblock 2 (HIGHATOMIC): 1024 a 1025 [o0 H] 1026 a a ...
 *   the rest in use
 *
 * reserve_highatomic_pageblock(512, order 0)
 * Expect pageblock 1 HIGHATOMIC with its nine free blocks moved to the tails of HIGHATOMIC's
 * lists (513 behind 1025), nr_reserved_highatomic 1024, nr_free_highatomic 512,
 * NR_FREE_PAGES unchanged at 512.
 */
static bool reserve_moves_block(const struct mm_profile *p)
{
	struct mm_engine *e = ha_new(p, 102400);
	struct mm_zone_st *z = e->zones;

	tz_alloc_range(e, 0, 513, MT_MOVABLE);
	for (unsigned int o = 0; o < 9; o++)
		tz_free_block(e, 512 + (1u << o), o, MT_MOVABLE);
	tz_set_pageblocks(e, 1024, 1, MT_HIGHATOMIC);
	tz_alloc_block(e, 1024, 0, MT_MOVABLE);
	tz_free_block(e, 1025, 0, MT_HIGHATOMIC);
	tz_alloc_range(e, 1026, 1022, MT_MOVABLE);
	z->nr_reserved_highatomic = 512;

	highatomic_reserve(e, z, 512, 0);

	ASSERT_EQ(pageblock_mt(e, z, 512), MT_HIGHATOMIC);
	for (unsigned int o = 0; o < 9; o++)
		ASSERT_FREE(e, 512 + (1u << o), o, MT_HIGHATOMIC);
	ASSERT_EQ(tz_list_pos(e, 0, MT_HIGHATOMIC, 1025), 0);
	ASSERT_EQ(tz_list_pos(e, 0, MT_HIGHATOMIC, 513), 1);
	ASSERT_EQ(tz_list_len(e, 0, MT_MOVABLE), 0);
	ASSERT_EQ(z->nr_reserved_highatomic, 1024);
	ASSERT_EQ(z->nr_free_highatomic, 512);
	ASSERT_EQ(z->nr_free_pages, 512);
	ASSERT_EQ(st(e)->nr_highatomic_reserve, 1);
	tz_free(e);
	return true;
}

TEST(highatomic_reserve_moves_block)
{
	for_each_profile(reserve_moves_block);
	return true;
}

/*
 * The limit: 6.1 allows managed/100 + a pageblock, 6.12 ALIGN(managed/100, pageblock) and
 * nothing if 1% is below a pageblock.
 *
 *   pageblock 0 (MOVABLE): 0 A 1 [o0 M] 2 a a ...
 *
 * reserve_highatomic_pageblock(0, order 0) with the given managed pages and reserve.
 */
static bool reserve_limit(const struct mm_profile *p, uint64_t managed, int64_t reserved,
			  bool want_reserved)
{
	struct mm_engine *e = ha_new(p, managed);
	struct mm_zone_st *z = e->zones;

	tz_alloc_block(e, 0, 0, MT_MOVABLE);
	tz_free_block(e, 1, 0, MT_MOVABLE);
	tz_alloc_range(e, 2, 2046, MT_MOVABLE);
	z->nr_reserved_highatomic = reserved;

	highatomic_reserve(e, z, 0, 0);

	ASSERT_EQ(pageblock_mt(e, z, 0), want_reserved ? MT_HIGHATOMIC : MT_MOVABLE);
	ASSERT_EQ(z->nr_reserved_highatomic, reserved + (want_reserved ? 512 : 0));
	ASSERT_FREE(e, 1, 0, want_reserved ? MT_HIGHATOMIC : MT_MOVABLE);
	ASSERT_EQ(z->nr_free_highatomic, want_reserved ? 1 : 0);
	tz_free(e);
	return true;
}

/* 40000 managed pages: 6.1 limit 400 + 512 = 912. Expect a reserve. */
TEST(highatomic_reserve_small_zone_6_1)
{
	return reserve_limit(&profile_6_1, 40000, 0, true);
}

/* 40000 managed pages: 1% = 400 < 512. Expect no reserve in 6.12. */
TEST(highatomic_reserve_small_zone_6_12)
{
	return reserve_limit(&profile_6_12, 40000, 0, false);
}

/* 102400 managed, 1024 reserved: under 6.1's 1536. Expect a third block. */
TEST(highatomic_reserve_limit_6_1)
{
	return reserve_limit(&profile_6_1, 102400, 1024, true);
}

/* 102400 managed, 1024 reserved: 6.12's ALIGN(1024, 512) = 1024 reached. Expect none. */
TEST(highatomic_reserve_limit_6_12)
{
	return reserve_limit(&profile_6_12, 102400, 1024, false);
}

/*
 * An order-10 allocation covering two MOVABLE pageblocks, 200 MiB managed:
 *
 *   0 A (o10) .............. 1024 a a ...
 *
 * reserve_highatomic_pageblock(0, order 10)
 * Expect 6.1: pageblock 0 only, 512 reserved; 6.12: both pageblocks, 1024 reserved.
 */
static bool reserve_multi_block(const struct mm_profile *p, uint32_t want_blocks)
{
	struct mm_engine *e = ha_new(p, 204800);
	struct mm_zone_st *z = e->zones;

	tz_alloc_block(e, 0, 10, MT_MOVABLE);
	tz_alloc_range(e, 1024, 1024, MT_MOVABLE);

	highatomic_reserve(e, z, 0, 10);

	ASSERT_EQ(pageblock_mt(e, z, 0), MT_HIGHATOMIC);
	ASSERT_EQ(pageblock_mt(e, z, 512), want_blocks == 2 ? MT_HIGHATOMIC : MT_MOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 1024), MT_MOVABLE);
	ASSERT_EQ(z->nr_reserved_highatomic, 512 * want_blocks);
	tz_free(e);
	return true;
}

TEST(highatomic_reserve_order_10_6_1)
{
	return reserve_multi_block(&profile_6_1, 1);
}

TEST(highatomic_reserve_order_10_6_12)
{
	return reserve_multi_block(&profile_6_12, 2);
}

/*
 * Only mergeable pageblocks are reserved:
 *
 *   pageblock 0 (ISOLATE): 0 A 1 [o0 I] 2 a a ...
 *
 * reserve_highatomic_pageblock(0, order 0)
 * Expect nothing: the block stays ISOLATE, 1 on ISOLATE's list, nothing reserved.
 */
static bool reserve_skips_unmergeable(const struct mm_profile *p)
{
	struct mm_engine *e = ha_new(p, 102400);
	struct mm_zone_st *z = e->zones;

	tz_set_pageblocks(e, 0, 1, MT_ISOLATE);
	tz_alloc_block(e, 0, 0, MT_MOVABLE);
	tz_free_block(e, 1, 0, MT_ISOLATE);
	tz_alloc_range(e, 2, 2046, MT_MOVABLE);

	highatomic_reserve(e, z, 0, 0);

	ASSERT_EQ(pageblock_mt(e, z, 0), MT_ISOLATE);
	ASSERT_FREE(e, 1, 0, MT_ISOLATE);
	ASSERT_EQ(z->nr_reserved_highatomic, 0);
	ASSERT_EQ(st(e)->nr_highatomic_reserve, 0);
	tz_free(e);
	return true;
}

TEST(highatomic_reserve_skips_unmergeable)
{
	for_each_profile(reserve_skips_unmergeable);
	return true;
}

/*
 * Two reserved pageblocks (1024), free pages on HIGHATOMIC's lists:
 *
 *   pageblock 0 (H): 0 a a 2 [o1 H] 4 a a a a a 9 [o0 H] 10 a a ...
 *   pageblock 1 (H): 512 a a a a 516 [o2 H] 520 a a ...
 *
 * unreserve_highatomic_pageblock(MOVABLE, force false)
 * Expect the lowest order first: 9's pageblock 0 goes back to MOVABLE with 2 and 9 moved
 * to MOVABLE's lists; 516 stays; nr_reserved_highatomic 512, nr_free_highatomic 4.
 */
static struct mm_engine *layout_unreserve(const struct mm_profile *p)
{
	struct mm_engine *e = ha_new(p, 102400);

	tz_set_pageblocks(e, 0, 2, MT_HIGHATOMIC);
	tz_alloc_range(e, 0, 2, MT_UNMOVABLE);
	tz_free_block(e, 2, 1, MT_HIGHATOMIC);
	tz_alloc_range(e, 4, 5, MT_UNMOVABLE);
	tz_free_block(e, 9, 0, MT_HIGHATOMIC);
	tz_alloc_range(e, 10, 506, MT_UNMOVABLE);
	tz_free_block(e, 516, 2, MT_HIGHATOMIC);
	tz_alloc_range(e, 520, 2048 - 520, MT_UNMOVABLE);
	e->zones->nr_reserved_highatomic = 1024;
	return e;
}

static bool unreserve_lowest_order_first(const struct mm_profile *p)
{
	struct mm_engine *e = layout_unreserve(p);
	struct mm_zone_st *z = e->zones;

	ASSERT_TRUE(highatomic_unreserve(e, z, MT_MOVABLE, false));

	ASSERT_EQ(pageblock_mt(e, z, 0), MT_MOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 512), MT_HIGHATOMIC);
	ASSERT_FREE(e, 2, 1, MT_MOVABLE);
	ASSERT_FREE(e, 9, 0, MT_MOVABLE);
	ASSERT_FREE(e, 516, 2, MT_HIGHATOMIC);
	ASSERT_EQ(z->nr_reserved_highatomic, 512);
	ASSERT_EQ(z->nr_free_highatomic, 4);
	ASSERT_EQ(z->nr_free_pages, 7);
	ASSERT_EQ(st(e)->nr_highatomic_unreserve, 1);
	tz_free(e);
	return true;
}

TEST(highatomic_unreserve_lowest_order_first)
{
	for_each_profile(unreserve_lowest_order_first);
	return true;
}

/*
 * The same layout with only one pageblock's worth reserved (512).
 * unreserve_highatomic_pageblock(MOVABLE, force false)
 * Expect false and nothing changed: the last pageblock is kept unless forced.
 */
static bool unreserve_keeps_last_block(const struct mm_profile *p)
{
	struct mm_engine *e = layout_unreserve(p);
	struct mm_zone_st *z = e->zones;

	z->nr_reserved_highatomic = 512;

	ASSERT_TRUE(!highatomic_unreserve(e, z, MT_MOVABLE, false));

	ASSERT_EQ(pageblock_mt(e, z, 0), MT_HIGHATOMIC);
	ASSERT_FREE(e, 9, 0, MT_HIGHATOMIC);
	ASSERT_EQ(z->nr_reserved_highatomic, 512);
	ASSERT_EQ(st(e)->nr_highatomic_unreserve, 0);
	tz_free(e);
	return true;
}

TEST(highatomic_unreserve_keeps_last_block)
{
	for_each_profile(unreserve_keeps_last_block);
	return true;
}

/*
 * The same with 512 reserved, forced (the allocation is about to fail).
 * unreserve_highatomic_pageblock(UNMOVABLE, force true)
 * Expect pageblock 0 to go to UNMOVABLE and the reserve to drop to 0.
 */
static bool unreserve_forced(const struct mm_profile *p)
{
	struct mm_engine *e = layout_unreserve(p);
	struct mm_zone_st *z = e->zones;

	z->nr_reserved_highatomic = 512;

	ASSERT_TRUE(highatomic_unreserve(e, z, MT_UNMOVABLE, true));

	ASSERT_EQ(pageblock_mt(e, z, 0), MT_UNMOVABLE);
	ASSERT_FREE(e, 9, 0, MT_UNMOVABLE);
	ASSERT_EQ(z->nr_reserved_highatomic, 0);
	tz_free(e);
	return true;
}

TEST(highatomic_unreserve_forced)
{
	for_each_profile(unreserve_forced);
	return true;
}

/*
 * A free order-10 block over two reserved pageblocks (1024 reserved):
 *
 *   0 [o10 H] ............... 1024 a a ...
 *
 * unreserve_highatomic_pageblock(MOVABLE, force false)
 * Expect the block on MOVABLE's order-10 list under both; 6.1: only pageblock 0 retagged
 * and 512 given back; 6.12: both retagged and all 1024 given back.
 */
static bool unreserve_multi_block(const struct mm_profile *p, unsigned int want_mt_1,
				  int64_t want_reserved)
{
	struct mm_engine *e = ha_new(p, 102400);
	struct mm_zone_st *z = e->zones;

	tz_set_pageblocks(e, 0, 2, MT_HIGHATOMIC);
	tz_free_block(e, 0, 10, MT_HIGHATOMIC);
	tz_alloc_range(e, 1024, 1024, MT_MOVABLE);
	z->nr_reserved_highatomic = 1024;

	ASSERT_TRUE(highatomic_unreserve(e, z, MT_MOVABLE, false));

	ASSERT_FREE(e, 0, 10, MT_MOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_MOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 512), want_mt_1);
	ASSERT_EQ(z->nr_reserved_highatomic, want_reserved);
	ASSERT_EQ(z->nr_free_highatomic, 0);
	ASSERT_EQ(z->nr_free_pages, 1024);
	tz_free(e);
	return true;
}

TEST(highatomic_unreserve_order_10_6_1)
{
	return unreserve_multi_block(&profile_6_1, MT_HIGHATOMIC, 512);
}

TEST(highatomic_unreserve_order_10_6_12)
{
	return unreserve_multi_block(&profile_6_12, MT_MOVABLE, 0);
}
