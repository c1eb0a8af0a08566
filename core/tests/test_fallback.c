// SPDX-License-Identifier: GPL-2.0-only
/*
 * __rmqueue() and its fallback variants (core/fallback.c). The same starting layouts run
 * under FALLBACK_6_1, FALLBACK_6_12_HYGIENE and FALLBACK_6_12_CLAIM_STEAL to show where
 * they part. Drawings as in test_buddy.c; "u"/"m" are in-use pages allocated as
 * UNMOVABLE/MOVABLE (movable counts them as movable, see core/pageblock.c).
 */
#include "buddy_layout.h"

#define PFN0 0x10000u
#define WMARK_HIGH 1000		/* max_boost = mult_frac(1000, 15000, 10000) = 1500 */

static struct mm_zone_stats *st(struct mm_engine *e)
{
	return &e->stats.zone[0];
}

static struct mm_engine *fb_new(const struct mm_profile *p, enum mm_fallback_variant v,
				uint32_t nr_pages)
{
	struct mm_engine *e = tz_new(p, PFN0, nr_pages);

	e->k.fallback = v;
	e->zones->wmark[MM_WMARK_HIGH] = WMARK_HIGH;
	return e;
}

/*
 * Layout A: 2048 pages, 4 MOVABLE pageblocks, no UNMOVABLE free page. No pageblock has
 * half of its pages free or alike, so none can be claimed:
 *
 *   pageblock 0: 0 [o7 M] 128 m m m ... 512
 *   pageblock 1: 512 m m m m 516 [o2 M] 520 m m m ... 1024
 *   pageblocks 2-3: m m m ...
 *
 * Request: order 0 UNMOVABLE with ALLOC_KSWAPD.
 */
static struct mm_engine *layout_a(const struct mm_profile *p, enum mm_fallback_variant v)
{
	struct mm_engine *e = fb_new(p, v, 2048);

	tz_free_block(e, 0, 7, MT_MOVABLE);
	tz_alloc_range(e, 128, 384, MT_MOVABLE);
	tz_alloc_range(e, 512, 4, MT_MOVABLE);
	tz_free_block(e, 516, 2, MT_MOVABLE);
	tz_alloc_range(e, 520, 2048 - 520, MT_MOVABLE);
	return e;
}

/*
 * Layout A, 6.1: the largest fallback block (0, o7) is stolen; its pageblock's free pages
 * (just that block) move to UNMOVABLE's lists though the block is not claimed (128 free +
 * 0 alike < 256); the retry splits it there.
 * Expect 0; 1 (o0), 2 (o1), ..., 64 (o6) on UNMOVABLE's lists; pageblock 0 still MOVABLE;
 * 516 untouched; one boost (512) with ZONE_BOOSTED_WATERMARK; fallbacks[0][U][M][7].
 */
TEST(fallback_6_1_largest_first_moves_free_pages)
{
	struct mm_engine *e = layout_a(&profile_6_1, FALLBACK_6_1);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, ALLOC_KSWAPD, NULL);

	ASSERT_EQ(idx, 0);
	for (unsigned int o = 0; o < 7; o++)
		ASSERT_FREE(e, 1u << o, o, MT_UNMOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_MOVABLE);
	ASSERT_FREE(e, 516, 2, MT_MOVABLE);
	ASSERT_EQ(z->nr_free_pages, 127 + 4);
	ASSERT_EQ(z->watermark_boost, 512);
	ASSERT_TRUE(z->flags & ZONE_BOOSTED_WATERMARK);
	ASSERT_EQ(st(e)->nr_boosts, 1);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][7], 1);
	ASSERT_EQ(st(e)->nr_pageblock_claims[MT_UNMOVABLE][MT_MOVABLE], 0);
	tz_free(e);
	return true;
}

/*
 * Layout A, 6.12.29+: __rmqueue_claim tries 0 (o7) then 516 (o2), boosting for each and
 * claiming neither; __rmqueue_steal then takes the SMALLEST fallback block, 516, and splits
 * it on MOVABLE's lists.
 * Expect 516; 517 (o0) and 518 (o1) on MOVABLE's lists; 0 untouched; boost 1024 from two
 * boosts; mode RMQUEUE_STEAL; fallbacks[0][U][M][2].
 */
TEST(fallback_6_12_claim_fails_then_steals_smallest)
{
	struct mm_engine *e = layout_a(&profile_6_12, FALLBACK_6_12_CLAIM_STEAL);
	struct mm_zone_st *z = e->zones;
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, ALLOC_KSWAPD, &mode);

	ASSERT_EQ(idx, 516);
	ASSERT_FREE(e, 517, 0, MT_MOVABLE);
	ASSERT_FREE(e, 518, 1, MT_MOVABLE);
	ASSERT_FREE(e, 0, 7, MT_MOVABLE);
	ASSERT_EQ(tz_list_len(e, 0, MT_UNMOVABLE), 0);
	ASSERT_EQ(pageblock_mt(e, z, 512), MT_MOVABLE);
	ASSERT_EQ(z->nr_free_pages, 128 + 3);
	ASSERT_EQ(z->watermark_boost, 1024);
	ASSERT_EQ(st(e)->nr_boosts, 2);
	ASSERT_EQ(mode, RMQUEUE_STEAL);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][2], 1);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][7], 0);
	tz_free(e);
	return true;
}

/*
 * Layout A, 6.12.0-6.12.28 (hygiene; unverified against source): the largest block is
 * stolen as in 6.1, but without a claim it is split on its own (MOVABLE) lists.
 * Expect 0; 1 (o0) ... 64 (o6) on MOVABLE's lists; one boost; fallbacks[0][U][M][7].
 */
TEST(fallback_6_12_hygiene_largest_split_on_own_type)
{
	struct mm_engine *e = layout_a(&profile_6_12, FALLBACK_6_12_HYGIENE);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, ALLOC_KSWAPD, NULL);

	ASSERT_EQ(idx, 0);
	for (unsigned int o = 0; o < 7; o++)
		ASSERT_FREE(e, 1u << o, o, MT_MOVABLE);
	ASSERT_EQ(tz_list_len(e, 0, MT_UNMOVABLE), 0);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_MOVABLE);
	ASSERT_EQ(z->watermark_boost, 512);
	ASSERT_EQ(st(e)->nr_boosts, 1);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][7], 1);
	tz_free(e);
	return true;
}

/*
 * Layout A with ALLOC_NOFRAGMENT: no fallback block of pageblock_order or more.
 * Expect no page (6.1: the search starts at order 9; 6.12: no claim, steal forbidden),
 * nothing moved, no boost, no fallback counted.
 */
static bool nofragment_small_blocks(const struct mm_profile *p)
{
	enum mm_fallback_variant v = p == &profile_6_1 ? FALLBACK_6_1 : FALLBACK_6_12_CLAIM_STEAL;
	struct mm_engine *e = layout_a(p, v);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, ALLOC_NOFRAGMENT | ALLOC_KSWAPD, NULL);

	ASSERT_EQ(idx, MM_NO_IDX);
	ASSERT_FREE(e, 0, 7, MT_MOVABLE);
	ASSERT_FREE(e, 516, 2, MT_MOVABLE);
	ASSERT_EQ(z->nr_free_pages, 132);
	ASSERT_EQ(z->watermark_boost, 0);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][7], 0);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][2], 0);
	tz_free(e);
	return true;
}

TEST(fallback_nofragment_refuses_small_blocks)
{
	for_each_profile(nofragment_small_blocks);
	return true;
}

/*
 * 2048 pages, one whole free pageblock:
 *
 *   0 m m ... 512 [o9 M ...] 1024 m m m ...
 *
 * Request: order 0 UNMOVABLE with ALLOC_NOFRAGMENT, under each variant.
 * Expect 512: pageblock 1 taken over by UNMOVABLE (one claim, no boost), its halves 513
 * (o0) ... 768 (o8) on UNMOVABLE's lists; fallbacks[0][U][M][9].
 */
static bool nofragment_whole_pageblock(enum mm_fallback_variant v)
{
	struct mm_engine *e = fb_new(v == FALLBACK_6_1 ? &profile_6_1 : &profile_6_12, v, 2048);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	tz_alloc_range(e, 0, 512, MT_MOVABLE);
	tz_free_block(e, 512, 9, MT_MOVABLE);
	tz_alloc_range(e, 1024, 1024, MT_MOVABLE);

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, ALLOC_NOFRAGMENT | ALLOC_KSWAPD, NULL);

	ASSERT_EQ(idx, 512);
	ASSERT_EQ(pageblock_mt(e, z, 512), MT_UNMOVABLE);
	for (unsigned int o = 0; o < 9; o++)
		ASSERT_FREE(e, 512 + (1u << o), o, MT_UNMOVABLE);
	ASSERT_EQ(z->nr_free_pages, 511);
	ASSERT_EQ(z->watermark_boost, 0);
	ASSERT_EQ(st(e)->nr_pageblock_claims[MT_UNMOVABLE][MT_MOVABLE], 1);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][9], 1);
	tz_free(e);
	return true;
}

TEST(fallback_nofragment_takes_whole_pageblock)
{
	ASSERT_TRUE(nofragment_whole_pageblock(FALLBACK_6_1));
	ASSERT_TRUE(nofragment_whole_pageblock(FALLBACK_6_12_HYGIENE));
	ASSERT_TRUE(nofragment_whole_pageblock(FALLBACK_6_12_CLAIM_STEAL));
	return true;
}

/*
 * Layout B: the claim threshold, free + alike >= pageblock_nr_pages / 2 = 256. An
 * UNMOVABLE request in a MOVABLE pageblock counts every in-use page that is not movable
 * as alike:
 *
 *   pageblock 0: 0 [o7 M] 128 u u ... (nr_alike u) ... m m m ... 512
 *   pageblocks 1-3: m m m ...
 *
 * With 128 u: 128 free + 128 alike = 256, the block is claimed by every variant.
 * Expect 0; pageblock 0 UNMOVABLE; 1 (o0) ... 64 (o6) on UNMOVABLE's lists; one claim.
 */
static struct mm_engine *layout_b(const struct mm_profile *p, enum mm_fallback_variant v,
				  uint32_t nr_alike)
{
	struct mm_engine *e = fb_new(p, v, 2048);

	tz_free_block(e, 0, 7, MT_MOVABLE);
	tz_alloc_range(e, 128, nr_alike, MT_UNMOVABLE);
	tz_alloc_range(e, 128 + nr_alike, 2048 - 128 - nr_alike, MT_MOVABLE);
	return e;
}

static bool claim_at_threshold(enum mm_fallback_variant v)
{
	struct mm_engine *e = layout_b(v == FALLBACK_6_1 ? &profile_6_1 : &profile_6_12, v, 128);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, 0, NULL);

	ASSERT_EQ(idx, 0);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_UNMOVABLE);
	for (unsigned int o = 0; o < 7; o++)
		ASSERT_FREE(e, 1u << o, o, MT_UNMOVABLE);
	ASSERT_EQ(st(e)->nr_pageblock_claims[MT_UNMOVABLE][MT_MOVABLE], 1);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][7], 1);
	ASSERT_EQ(z->flags & ZONE_BOOSTED_WATERMARK, 0);
	ASSERT_EQ(z->watermark_boost, 512);
	tz_free(e);
	return true;
}

TEST(fallback_claim_at_half_pageblock)
{
	ASSERT_TRUE(claim_at_threshold(FALLBACK_6_1));
	ASSERT_TRUE(claim_at_threshold(FALLBACK_6_12_HYGIENE));
	ASSERT_TRUE(claim_at_threshold(FALLBACK_6_12_CLAIM_STEAL));
	return true;
}

/*
 * Layout B with 127 u: 255 < 256, no claim.
 * 6.1: the block's free pages still move to UNMOVABLE's lists and the retry splits 0 there.
 * Expect 0; pageblock 0 MOVABLE; 1 ... 64 on UNMOVABLE's lists; no claim.
 */
TEST(fallback_6_1_below_threshold_moves_without_claim)
{
	struct mm_engine *e = layout_b(&profile_6_1, FALLBACK_6_1, 127);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, 0, NULL);

	ASSERT_EQ(idx, 0);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_MOVABLE);
	for (unsigned int o = 0; o < 7; o++)
		ASSERT_FREE(e, 1u << o, o, MT_UNMOVABLE);
	ASSERT_EQ(st(e)->nr_pageblock_claims[MT_UNMOVABLE][MT_MOVABLE], 0);
	tz_free(e);
	return true;
}

/*
 * Layout B with 127 u, 6.12.29+: the claim fails, the steal splits 0 on MOVABLE's lists.
 * Expect 0; pageblock 0 MOVABLE; 1 ... 64 on MOVABLE's lists; mode RMQUEUE_STEAL.
 */
TEST(fallback_6_12_below_threshold_steals)
{
	struct mm_engine *e = layout_b(&profile_6_12, FALLBACK_6_12_CLAIM_STEAL, 127);
	struct mm_zone_st *z = e->zones;
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, 0, &mode);

	ASSERT_EQ(idx, 0);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_MOVABLE);
	for (unsigned int o = 0; o < 7; o++)
		ASSERT_FREE(e, 1u << o, o, MT_MOVABLE);
	ASSERT_EQ(st(e)->nr_pageblock_claims[MT_UNMOVABLE][MT_MOVABLE], 0);
	ASSERT_EQ(mode, RMQUEUE_STEAL);
	tz_free(e);
	return true;
}

/*
 * 6.12.29+: a failed claim at the largest order goes on to smaller orders.
 *
 *   pageblock 0: 0 [o7 M] 128 m m m ... 512                 (128 free: no claim)
 *   pageblock 1: 512 [o6 M] 576 [o6 M] 640 [o6 M] 704 [o6 M] 768 m m ... 1024
 *   pageblocks 2-3: m m m ...
 *
 * Expect 512: pageblock 1 claimed (256 free), its four order-6 blocks moved to the tail of
 * UNMOVABLE's order-6 list and 512 split from there: 576, 640, 704 remain on it in order.
 */
TEST(fallback_6_12_claim_tries_smaller_orders)
{
	struct mm_engine *e = fb_new(&profile_6_12, FALLBACK_6_12_CLAIM_STEAL, 2048);
	struct mm_zone_st *z = e->zones;
	enum rmqueue_mode mode = RMQUEUE_CLAIM;
	uint32_t idx;

	tz_free_block(e, 0, 7, MT_MOVABLE);
	tz_alloc_range(e, 128, 384, MT_MOVABLE);
	for (uint32_t i = 512; i < 768; i += 64)
		tz_free_block(e, i, 6, MT_MOVABLE);
	tz_alloc_range(e, 768, 2048 - 768, MT_MOVABLE);

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, 0, &mode);

	ASSERT_EQ(idx, 512);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_MOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 512), MT_UNMOVABLE);
	ASSERT_EQ(tz_list_pos(e, 6, MT_UNMOVABLE, 576), 0);
	ASSERT_EQ(tz_list_pos(e, 6, MT_UNMOVABLE, 640), 1);
	ASSERT_EQ(tz_list_pos(e, 6, MT_UNMOVABLE, 704), 2);
	ASSERT_EQ(tz_list_pos(e, 6, MT_UNMOVABLE, 544), -1);
	ASSERT_FREE(e, 544, 5, MT_UNMOVABLE);
	ASSERT_FREE(e, 0, 7, MT_MOVABLE);
	ASSERT_EQ(mode, RMQUEUE_NORMAL);
	ASSERT_EQ(st(e)->fallbacks[0][MT_UNMOVABLE][MT_MOVABLE][6], 1);
	ASSERT_EQ(st(e)->nr_pageblock_claims[MT_UNMOVABLE][MT_MOVABLE], 1);
	tz_free(e);
	return true;
}

/*
 * Layout C: a MOVABLE request meeting only small UNMOVABLE blocks (can_steal_fallback is
 * false below order 4 for MOVABLE). 1024 pages, both pageblocks UNMOVABLE; pageblock 0
 * holds enough movable pages (alike) to be claimed, were claiming allowed:
 *
 *   pageblock 0: 0 u u 2 [o1 U] 4 u u u u 8 [o3 U] 16 m m ... 512
 *   pageblock 1: 512 u u u u 516 [o2 U] 520 u u ... 1024
 *
 * Request: order 0 MOVABLE.
 */
static struct mm_engine *layout_c(const struct mm_profile *p, enum mm_fallback_variant v)
{
	struct mm_engine *e = fb_new(p, v, 1024);

	tz_set_pageblocks(e, 0, 2, MT_UNMOVABLE);
	tz_alloc_range(e, 0, 2, MT_UNMOVABLE);
	tz_free_block(e, 2, 1, MT_UNMOVABLE);
	tz_alloc_range(e, 4, 4, MT_UNMOVABLE);
	tz_free_block(e, 8, 3, MT_UNMOVABLE);
	tz_alloc_range(e, 16, 496, MT_MOVABLE);
	tz_alloc_range(e, 512, 4, MT_UNMOVABLE);
	tz_free_block(e, 516, 2, MT_UNMOVABLE);
	tz_alloc_range(e, 520, 504, MT_UNMOVABLE);
	return e;
}

/*
 * Layout C, 6.1: the largest candidate (8, o3) may not be stolen, so find_smallest takes
 * 2 (o1): only that block moves to MOVABLE's order-1 list and the retry splits it.
 * Expect 2; 3 on MOVABLE's order-0 list; 8 and 516 untouched; pageblock 0 UNMOVABLE.
 */
TEST(fallback_6_1_movable_cannot_steal_takes_smallest)
{
	struct mm_engine *e = layout_c(&profile_6_1, FALLBACK_6_1);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_MOVABLE, 0, NULL);

	ASSERT_EQ(idx, 2);
	ASSERT_FREE(e, 3, 0, MT_MOVABLE);
	ASSERT_FREE(e, 8, 3, MT_UNMOVABLE);
	ASSERT_FREE(e, 516, 2, MT_UNMOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_UNMOVABLE);
	ASSERT_EQ(st(e)->fallbacks[0][MT_MOVABLE][MT_UNMOVABLE][1], 1);
	ASSERT_EQ(z->nr_free_pages, 1 + 8 + 4);
	tz_free(e);
	return true;
}

/*
 * Layout C, 6.12 (both variants): no claim is tried (claim: the largest candidate may not
 * be stolen, give up), then the smallest block is split on its own lists.
 * Expect 2; 3 on UNMOVABLE's order-0 list; 8 and 516 untouched.
 */
static bool movable_small_6_12(enum mm_fallback_variant v)
{
	struct mm_engine *e = layout_c(&profile_6_12, v);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	idx = buddy_rmqueue(e, z, 0, MT_MOVABLE, 0, NULL);

	ASSERT_EQ(idx, 2);
	ASSERT_FREE(e, 3, 0, MT_UNMOVABLE);
	ASSERT_EQ(tz_list_len(e, 0, MT_MOVABLE), 0);
	ASSERT_FREE(e, 8, 3, MT_UNMOVABLE);
	ASSERT_FREE(e, 516, 2, MT_UNMOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_UNMOVABLE);
	ASSERT_EQ(st(e)->fallbacks[0][MT_MOVABLE][MT_UNMOVABLE][1], 1);
	ASSERT_EQ(z->nr_free_pages, 1 + 8 + 4);
	tz_free(e);
	return true;
}

TEST(fallback_6_12_movable_cannot_steal_splits_smallest)
{
	ASSERT_TRUE(movable_small_6_12(FALLBACK_6_12_HYGIENE));
	ASSERT_TRUE(movable_small_6_12(FALLBACK_6_12_CLAIM_STEAL));
	return true;
}

/*
 * A MOVABLE request may steal from order 4 (pageblock_order / 2) up. 1024 pages, pageblock
 * 0 UNMOVABLE holding movable pages (alike for a MOVABLE request):
 *
 *   pageblock 0: 0 u ... 16 [o4 U] 32 m m m ... 512
 *   pageblock 1: u u u ...
 *
 * Expect 16 under every variant: 16 free + 480 movable >= 256 claims pageblock 0 for
 * MOVABLE; 17 (o0), 18 (o1), 20 (o2), 24 (o3) on MOVABLE's lists.
 */
static bool movable_steals_order_4(enum mm_fallback_variant v)
{
	struct mm_engine *e = fb_new(v == FALLBACK_6_1 ? &profile_6_1 : &profile_6_12, v, 1024);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	tz_set_pageblocks(e, 0, 2, MT_UNMOVABLE);
	tz_alloc_range(e, 0, 16, MT_UNMOVABLE);
	tz_free_block(e, 16, 4, MT_UNMOVABLE);
	tz_alloc_range(e, 32, 480, MT_MOVABLE);
	tz_alloc_range(e, 512, 512, MT_UNMOVABLE);

	idx = buddy_rmqueue(e, z, 0, MT_MOVABLE, 0, NULL);

	ASSERT_EQ(idx, 16);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_MOVABLE);
	for (unsigned int o = 0; o < 4; o++)
		ASSERT_FREE(e, 16 + (1u << o), o, MT_MOVABLE);
	ASSERT_EQ(st(e)->nr_pageblock_claims[MT_MOVABLE][MT_UNMOVABLE], 1);
	ASSERT_EQ(st(e)->fallbacks[0][MT_MOVABLE][MT_UNMOVABLE][4], 1);
	tz_free(e);
	return true;
}

TEST(fallback_movable_steals_from_order_4)
{
	ASSERT_TRUE(movable_steals_order_4(FALLBACK_6_1));
	ASSERT_TRUE(movable_steals_order_4(FALLBACK_6_12_HYGIENE));
	ASSERT_TRUE(movable_steals_order_4(FALLBACK_6_12_CLAIM_STEAL));
	return true;
}

/*
 * rmqueue_bulk()'s memo (6.12.29+): in RMQUEUE_STEAL mode the requested type's own lists
 * are not looked at again. 1024 pages:
 *
 *   pageblock 0 (UNMOVABLE): 0 [o0 U] 1 u u u ... 512
 *   pageblock 1 (MOVABLE):   512 m m 514 [o1 M] 516 m m m ... 1024
 *
 * Request: order 0 UNMOVABLE, mode RMQUEUE_STEAL.
 * Expect 514 stolen (515 on MOVABLE's order-0 list), page 0 left alone, mode unchanged.
 */
TEST(fallback_6_12_steal_mode_skips_own_lists)
{
	struct mm_engine *e = fb_new(&profile_6_12, FALLBACK_6_12_CLAIM_STEAL, 1024);
	struct mm_zone_st *z = e->zones;
	enum rmqueue_mode mode = RMQUEUE_STEAL;
	uint32_t idx;

	tz_set_pageblocks(e, 0, 1, MT_UNMOVABLE);
	tz_free_block(e, 0, 0, MT_UNMOVABLE);
	tz_alloc_range(e, 1, 511, MT_UNMOVABLE);
	tz_alloc_range(e, 512, 2, MT_MOVABLE);
	tz_free_block(e, 514, 1, MT_MOVABLE);
	tz_alloc_range(e, 516, 508, MT_MOVABLE);

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, 0, &mode);

	ASSERT_EQ(idx, 514);
	ASSERT_FREE(e, 515, 0, MT_MOVABLE);
	ASSERT_FREE(e, 0, 0, MT_UNMOVABLE);
	ASSERT_EQ(mode, RMQUEUE_STEAL);
	ASSERT_EQ(z->nr_free_pages, 2);
	tz_free(e);
	return true;
}

/*
 * boost_watermark() is capped at mult_frac(high, 15000, 10000) (at least a pageblock) and
 * needs four pageblocks of managed memory. Layout A under 6.1 with the boost at 1200:
 * Expect the boost to stop at 1500; without ALLOC_KSWAPD the zone flag stays clear.
 */
TEST(fallback_boost_capped)
{
	struct mm_engine *e = layout_a(&profile_6_1, FALLBACK_6_1);
	struct mm_zone_st *z = e->zones;

	z->watermark_boost = 1200;

	buddy_rmqueue(e, z, 0, MT_UNMOVABLE, 0, NULL);

	ASSERT_EQ(z->watermark_boost, 1500);
	ASSERT_EQ(z->flags & ZONE_BOOSTED_WATERMARK, 0);
	ASSERT_EQ(st(e)->nr_boosts, 1);
	tz_free(e);
	return true;
}

/*
 * Layout C has 1024 pages of managed memory, fewer than four pageblocks.
 * Expect no boost under 6.1 though the fallback goes below pageblock_order.
 */
TEST(fallback_no_boost_in_small_zone)
{
	struct mm_engine *e = layout_c(&profile_6_1, FALLBACK_6_1);
	struct mm_zone_st *z = e->zones;

	buddy_rmqueue(e, z, 0, MT_MOVABLE, ALLOC_KSWAPD, NULL);

	ASSERT_EQ(z->watermark_boost, 0);
	ASSERT_EQ(st(e)->nr_boosts, 0);
	tz_free(e);
	return true;
}

/*
 * A pageblock cut by the zone's end: 768 pages, pageblock 1 has only 256 of its pages.
 *
 *   pageblock 0: m m m ... 512
 *   pageblock 1: 512 [o8 M ...] 768 | end of zone
 *
 * Request: order 0 UNMOVABLE.
 * 6.1: move_freepages_block() gives up (0) on a block ending past the zone, so only the
 * buddy itself moves to UNMOVABLE's list and the retry splits it there.
 * Expect 512; 513 (o0) ... 640 (o7) on UNMOVABLE's lists; pageblock 1 MOVABLE.
 */
TEST(fallback_6_1_block_past_zone_end)
{
	struct mm_engine *e = fb_new(&profile_6_1, FALLBACK_6_1, 768);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	tz_alloc_range(e, 0, 512, MT_MOVABLE);
	tz_free_block(e, 512, 8, MT_MOVABLE);

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, 0, NULL);

	ASSERT_EQ(idx, 512);
	for (unsigned int o = 0; o < 8; o++)
		ASSERT_FREE(e, 512 + (1u << o), o, MT_UNMOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 512), MT_MOVABLE);
	ASSERT_EQ(st(e)->nr_pageblock_claims[MT_UNMOVABLE][MT_MOVABLE], 0);
	tz_free(e);
	return true;
}

/*
 * The same zone under 6.12.29+: prep_move_freepages_block() refuses the block, so no claim;
 * the steal splits 512 on MOVABLE's lists.
 * Expect 512; 513 ... 640 on MOVABLE's lists; pageblock 1 MOVABLE; mode RMQUEUE_STEAL.
 */
TEST(fallback_6_12_block_past_zone_end)
{
	struct mm_engine *e = fb_new(&profile_6_12, FALLBACK_6_12_CLAIM_STEAL, 768);
	struct mm_zone_st *z = e->zones;
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	uint32_t idx;

	tz_alloc_range(e, 0, 512, MT_MOVABLE);
	tz_free_block(e, 512, 8, MT_MOVABLE);

	idx = buddy_rmqueue(e, z, 0, MT_UNMOVABLE, 0, &mode);

	ASSERT_EQ(idx, 512);
	for (unsigned int o = 0; o < 8; o++)
		ASSERT_FREE(e, 512 + (1u << o), o, MT_MOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 512), MT_MOVABLE);
	ASSERT_EQ(mode, RMQUEUE_STEAL);
	tz_free(e);
	return true;
}

/*
 * Our stand-in for PageLRU || __PageMovable (core/pageblock.c), one MOVABLE pageblock:
 *
 *   0 [o7 M] 128 m(64) 192 u(64) 256 pcp(o6) 320 ?(128, before the trace) 448 .(64 holes)
 *
 * prep_move_freepages_block(0)
 * Expect 128 free and 192 movable: the MOVABLE allocations and the unknown pages of a
 * MOVABLE pageblock; pcp pages, UNMOVABLE allocations and holes are not movable.
 */
static bool movable_page_rule(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 1024);
	struct mm_zone_st *z = e->zones;
	int nr_free = -1, nr_movable = -1;
	uint32_t start = MM_NO_IDX;

	tz_free_block(e, 0, 7, MT_MOVABLE);
	tz_alloc_range(e, 128, 64, MT_MOVABLE);
	tz_alloc_range(e, 192, 64, MT_UNMOVABLE);
	tz_alloc_block(e, 256, 6, MT_MOVABLE);
	z->state[256] = PG_STATE(PG_PCP, 6);
	for (uint32_t i = 320; i < 448; i++)
		z->state[i] = PG_STATE(PG_NONE, 0);

	ASSERT_TRUE(pageblock_prep_move(e, z, 100, &start, &nr_free, &nr_movable));

	ASSERT_EQ(start, 0);
	ASSERT_EQ(nr_free, 128);
	ASSERT_EQ(nr_movable, 192);
	tz_free(e);
	return true;
}

TEST(pageblock_movable_page_rule)
{
	for_each_profile(movable_page_rule);
	return true;
}
