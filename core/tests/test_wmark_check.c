// SPDX-License-Identifier: GPL-2.0-only
/*
 * __zone_watermark_ok() and zone_watermark_fast() (core/wmark_check.c, KERNEL-NOTES §3.6,
 * §3.7). Order-0 cases set NR_FREE_PAGES directly: only the count matters to them.
 */
#include "alloc_layout.h"

/*
 * The order-0 compare is "free > min + lowmem_reserve[highest_zoneidx]", signed.
 * Expect free 33 over mark 32: ok; 32: not ok; with lowmem_reserve[MOVABLE] = 10 a
 * MOVABLE-capable request needs 43 while a NORMAL one still passes at 33.
 */
static bool check_order0_boundary(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	z->lowmem_reserve[ZT_MOVABLE] = 10;
	ASSERT_TRUE(wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, ALLOC_WMARK_LOW, 33));
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, ALLOC_WMARK_LOW, 32));
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, z, 0, 32, ZT_MOVABLE, ALLOC_WMARK_LOW, 42));
	ASSERT_TRUE(wmark_zone_watermark_ok(e, z, 0, 32, ZT_MOVABLE, ALLOC_WMARK_LOW, 43));
	/* free may go negative after the discounts: still a plain signed compare */
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, z, 3, 0, ZT_NORMAL, ALLOC_WMARK_LOW, 2));
	tz_free(e);
	return true;
}

TEST(wmark_order0_boundary_and_lowmem_reserve)
{
	for_each_profile(check_order0_boundary);
	return true;
}

/*
 * The highatomic discount without reserve rights: 6.1 subtracts nr_reserved_highatomic
 * (8), 6.12 nr_free_highatomic (2).
 * Expect free 42, mark 35: 6.1 34 > 35 fails, 6.12 40 > 35 passes; with ALLOC_MIN_RESERVE
 * (a reserve right, min 35 -> 18) nothing is discounted and both pass.
 */
static bool check_highatomic_discount(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	z->nr_reserved_highatomic = 8;
	z->nr_free_highatomic = 2;
	ASSERT_EQ(wmark_zone_watermark_ok(e, z, 0, 35, ZT_NORMAL, ALLOC_WMARK_LOW, 42),
		  p == &profile_6_12);
	ASSERT_TRUE(wmark_zone_watermark_ok(e, z, 0, 35, ZT_NORMAL, ALLOC_MIN_RESERVE, 19));
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, z, 0, 35, ZT_NORMAL, ALLOC_MIN_RESERVE, 18));
	tz_free(e);
	return true;
}

TEST(wmark_highatomic_discount_per_profile)
{
	for_each_profile(check_highatomic_discount);
	return true;
}

/*
 * Reserve rights lower min: MIN_RESERVE halves it, NON_BLOCK on top takes a quarter of
 * the rest, OOM halves; NON_BLOCK alone lowers nothing. CMA free pages count only with
 * ALLOC_CMA.
 * Expect mark 32: MIN_RESERVE|NON_BLOCK -> 12 (free 13 ok, 12 not); OOM -> 16;
 * NON_BLOCK -> 32; with 5 free CMA pages and CONFIG_CMA, free 38 over 32 only with ALLOC_CMA.
 */
static bool check_reserve_min(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;
	const unsigned int hard = ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK;

	ASSERT_TRUE(wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, hard, 13));
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, hard, 12));
	ASSERT_TRUE(wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, ALLOC_OOM, 17));
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, ALLOC_OOM, 16));
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, ALLOC_NON_BLOCK, 32));
	e->config_cma = true;
	z->nr_free_cma = 5;
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, ALLOC_WMARK_LOW, 37));
	ASSERT_TRUE(wmark_zone_watermark_ok(e, z, 0, 32, ZT_NORMAL, ALLOC_CMA, 33));
	tz_free(e);
	return true;
}

TEST(wmark_reserve_rights_lower_min)
{
	for_each_profile(check_reserve_min);
	return true;
}

/*
 * Before 6.1.119, ALLOC_HARDER (the bit ALLOC_NON_BLOCK reuses) alone took a quarter off
 * min and opened the highatomic reserve; 6.1.192's ALLOC_NON_BLOCK alone does neither.
 * Expect mark 32, free 25, flags 0x10: 6.1.100 ok (min 24), 6.1.192 not (min 32).
 */
TEST(wmark_alloc_harder_before_6_1_119)
{
	struct mm_engine *e = al_new1(&profile_6_1, "6.1.100", 64, 1);

	ASSERT_TRUE(wmark_zone_watermark_ok(e, e->zones, 0, 32, ZT_NORMAL, 0x10, 25));
	tz_free(e);
	e = al_new1(&profile_6_1, "6.1.192", 64, 1);
	ASSERT_TRUE(!wmark_zone_watermark_ok(e, e->zones, 0, 32, ZT_NORMAL, 0x10, 25));
	tz_free(e);
	return true;
}

/*
 * A high-order request also needs a free block of a usable type at its order or above:
 *
 *   idx  0        8  9                                                  64
 *        | HA o3  |U0| in use                                            |
 *
 * (HA: HIGHATOMIC order-3 block, U0: UNMOVABLE order-0 page; NR_FREE_PAGES 9).
 * Expect an order-2 check at mark 0 to pass with ALLOC_HIGHATOMIC or ALLOC_OOM (the
 * HIGHATOMIC list counts), and to fail with ALLOC_MIN_RESERVE only: the order-3 block is
 * not on a pcp-type list.
 */
static bool check_high_order_lists(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	al_alloc_range(z, 9, 55);
	al_free_block(e, z, 0, 3, MT_HIGHATOMIC);
	al_free_block(e, z, 8, 0, MT_UNMOVABLE);
	ASSERT_EQ(z->nr_free_pages, 9);
	ASSERT_TRUE(wmark_zone_watermark_ok_now(e, z, 2, 0, ZT_NORMAL, ALLOC_HIGHATOMIC));
	ASSERT_TRUE(wmark_zone_watermark_ok_now(e, z, 2, 0, ZT_NORMAL, ALLOC_OOM));
	ASSERT_TRUE(!wmark_zone_watermark_ok_now(e, z, 2, 0, ZT_NORMAL, ALLOC_MIN_RESERVE));
	/* order 0 is decided by the count alone */
	ASSERT_TRUE(wmark_zone_watermark_ok_now(e, z, 0, 0, ZT_NORMAL, ALLOC_MIN_RESERVE));
	tz_free(e);
	return true;
}

TEST(wmark_high_order_needs_usable_block)
{
	for_each_profile(check_high_order_lists);
	return true;
}

/*
 * zone_watermark_fast()'s unboosted MIN retry: _watermark[MIN] 20, boost 16, free 12,
 * an order-0 GFP_ATOMIC request in the slow path (WMARK_MIN | MIN_RESERVE | NON_BLOCK):
 * boosted min 36 -> 14 fails, unboosted 20 -> 8 passes.
 * Expect 6.1: ok only when the gfp carries __GFP_ATOMIC (0xa20, not 0x820);
 *        6.12: ok for ALLOC_MIN_RESERVE whatever the gfp; neither retries at WMARK_LOW.
 */
static bool check_unboosted_retry(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;
	const unsigned int flags = ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK;
	int64_t mark;

	z->wmark[MM_WMARK_MIN] = 20;
	z->watermark_boost = 16;
	z->nr_free_pages = 12;
	mark = wmark_pages(z, MM_WMARK_MIN);
	ASSERT_EQ(mark, 36);
	ASSERT_TRUE(wmark_zone_watermark_fast(e, z, 0, mark, ZT_NORMAL, flags, MM_GFP_ATOMIC_6_1));
	ASSERT_EQ(wmark_zone_watermark_fast(e, z, 0, mark, ZT_NORMAL, flags, MM_GFP_ATOMIC_6_12),
		  p == &profile_6_12);
	ASSERT_TRUE(!wmark_zone_watermark_fast(e, z, 0, mark, ZT_NORMAL,
					       ALLOC_WMARK_LOW | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK,
					       MM_GFP_ATOMIC_6_1));
	/* order 1 never retries */
	ASSERT_TRUE(!wmark_zone_watermark_fast(e, z, 1, mark, ZT_NORMAL, flags, MM_GFP_ATOMIC_6_1));
	tz_free(e);
	return true;
}

TEST(wmark_fast_unboosted_min_retry)
{
	for_each_profile(check_unboosted_retry);
	return true;
}

/*
 * zone_watermark_fast()'s order-0 shortcut subtracts the highatomic reserve but takes no
 * reserve discount; when it fails the full check still runs.
 * Expect free 40, nr_reserved 50 (6.1) / nr_free_highatomic 50 (6.12), mark 10: the
 * shortcut's usable is 0, the full check with ALLOC_OOM (no discount, min 5) passes,
 * without reserve rights it fails.
 */
static bool check_fast_shortcut(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	z->nr_free_pages = 40;
	z->nr_reserved_highatomic = 50;
	z->nr_free_highatomic = 50;
	ASSERT_TRUE(wmark_zone_watermark_fast(e, z, 0, 10, ZT_NORMAL, ALLOC_OOM, 0));
	ASSERT_TRUE(!wmark_zone_watermark_fast(e, z, 0, 10, ZT_NORMAL, ALLOC_WMARK_LOW, 0));
	z->nr_reserved_highatomic = z->nr_free_highatomic = 29;
	ASSERT_TRUE(wmark_zone_watermark_fast(e, z, 0, 10, ZT_NORMAL, ALLOC_WMARK_LOW, 0));
	tz_free(e);
	return true;
}

TEST(wmark_fast_order0_shortcut)
{
	for_each_profile(check_fast_shortcut);
	return true;
}
