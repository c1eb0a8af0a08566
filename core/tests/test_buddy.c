// SPDX-License-Identifier: GPL-2.0-only
/*
 * Free lists, expand(), __rmqueue_smallest() and __free_one_page() (core/buddy.c), in
 * memblock's form: a tiny zone, its free_area drawn, one call, exact results.
 * Drawings: one character per page or per block, "." a hole, "A" in use, "[oN mt]" a free
 * block of order N on mt's list (U/M/R/H for UNMOVABLE/MOVABLE/RECLAIMABLE/HIGHATOMIC).
 * Zones start at pfn 0x10000 (aligned to order 10) unless a case says otherwise.
 */
#include "buddy_layout.h"

#define PFN0 0x10000u

/*
 * 2048 pages; an order-1 block sits on MOVABLE's order-1 list, the order-10 block at 0
 * has just been taken off its list:
 *
 *   0                                      1024   1026
 *   [taken o10 .........................]  A A    [o1 M]  A ...
 *
 * expand(0, low 0, high 10, MOVABLE)
 * Expect the upper halves 512 (o9), 256 (o8), ..., 2 (o1), 1 (o0) each at the head of
 * MOVABLE's list of its order, 1026 behind the new order-1 head, and 1023 pages counted.
 */
static bool expand_upper_halves_at_head(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 2048);
	struct mm_zone_st *z = e->zones;
	const uint64_t want[11] = { 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0 };

	tz_alloc_range(e, 1024, 1024, MT_MOVABLE);
	tz_free_block(e, 1026, 1, MT_MOVABLE);
	tz_free_block(e, 0, 10, MT_MOVABLE);
	buddy_del_free(e, z, 0, 10, MT_MOVABLE);
	ASSERT_EQ(z->nr_free_pages, 2);

	buddy_expand(e, z, 0, 0, 10, MT_MOVABLE);

	for (unsigned int o = 0; o < 10; o++) {
		ASSERT_FREE(e, 1u << o, o, MT_MOVABLE);
		ASSERT_EQ(tz_list_pos(e, o, MT_MOVABLE, 1u << o), 0);
	}
	ASSERT_EQ(tz_list_pos(e, 1, MT_MOVABLE, 1026), 1);
	ASSERT_EQ(PG_KIND(z->state[0]), PG_NONE);
	ASSERT_TRUE(tz_nr_free_is(e, want));
	ASSERT_EQ(z->nr_free_pages, 1023 + 2);
	tz_free(e);
	return true;
}

TEST(buddy_expand_upper_halves_at_head)
{
	for_each_profile(expand_upper_halves_at_head);
	return true;
}

/*
 * 64 pages, MOVABLE lists:
 *
 *   order 1: [8] -> [16]          order 3: [32]          UNMOVABLE order 0: [40]
 *   0       8       16      32         40
 *   A A ... [o1 M]  [o1 M]  [o3 M ...] [o0 U] A ...
 *
 * __rmqueue_smallest(order 0, MOVABLE)
 * Expect the head of the lowest non-empty MOVABLE order: 8, split so that 9 becomes the
 * order-0 MOVABLE list; 16 and 32 stay, the UNMOVABLE page is not looked at.
 */
static bool rmqueue_smallest_head_of_lowest_order(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 64);
	struct mm_zone_st *z = e->zones;
	const uint64_t want[11] = { 2, 1, 0, 1 };
	uint32_t idx;

	tz_alloc_range(e, 0, 64, MT_MOVABLE);
	tz_free_block(e, 8, 1, MT_MOVABLE);
	tz_free_block(e, 16, 1, MT_MOVABLE);
	tz_free_block(e, 32, 3, MT_MOVABLE);
	tz_free_block(e, 40, 0, MT_UNMOVABLE);

	idx = buddy_rmqueue_smallest(e, z, 0, MT_MOVABLE);

	ASSERT_EQ(idx, 8);
	ASSERT_EQ(PG_KIND(z->state[8]), PG_NONE);
	ASSERT_EQ(z->pcp_mt[8], MT_MOVABLE);
	ASSERT_FREE(e, 9, 0, MT_MOVABLE);
	ASSERT_EQ(tz_list_pos(e, 1, MT_MOVABLE, 16), 0);
	ASSERT_FREE(e, 32, 3, MT_MOVABLE);
	ASSERT_FREE(e, 40, 0, MT_UNMOVABLE);
	ASSERT_TRUE(tz_nr_free_is(e, want));
	ASSERT_EQ(z->nr_free_pages, 1 + 2 + 8 + 1);
	tz_free(e);
	return true;
}

TEST(buddy_rmqueue_smallest_head_of_lowest_order)
{
	for_each_profile(rmqueue_smallest_head_of_lowest_order);
	return true;
}

/*
 * 1024 pages, everything but page 0 free as the largest aligned blocks:
 *
 *   0 1      2        4        ...  512
 *   A [o0 M] [o1 M]   [o2 M]   ...  [o9 M .......]
 *
 * __free_one_page(0, order 0, MOVABLE)
 * Expect ten merges into one order-10 block at 0, every lower order empty, 1024 free pages.
 */
static bool free_merges_up_to_max_order(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 1024);
	struct mm_zone_st *z = e->zones;
	const uint64_t want[11] = { [10] = 1 };

	tz_alloc_block(e, 0, 0, MT_MOVABLE);
	for (unsigned int o = 0; o < 10; o++)
		tz_free_block(e, 1u << o, o, MT_MOVABLE);
	ASSERT_EQ(z->nr_free_pages, 1023);

	buddy_free_one_page(e, z, 0, 0, MT_MOVABLE, 0);

	ASSERT_FREE(e, 0, 10, MT_MOVABLE);
	ASSERT_TRUE(tz_nr_free_is(e, want));
	for (unsigned int o = 0; o < 10; o++)
		ASSERT_EQ(PG_KIND(z->state[1u << o]), PG_NONE);
	ASSERT_EQ(z->nr_free_pages, 1024);
	tz_free(e);
	return true;
}

TEST(buddy_free_merges_up_to_max_order)
{
	for_each_profile(free_merges_up_to_max_order);
	return true;
}

/*
 * 2048 pages: two order-10 blocks are buddies at order 10, but order 10 is the largest.
 *
 *   0                1024
 *   A (o10)          [o10 M]
 *
 * __free_one_page(0, order 10, MOVABLE)
 * Expect two order-10 blocks, 0 at the head (no buddy_merge_likely at the top orders).
 */
static bool free_no_merge_beyond_max_order(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 2048);
	struct mm_zone_st *z = e->zones;

	tz_alloc_block(e, 0, 10, MT_MOVABLE);
	tz_free_block(e, 1024, 10, MT_MOVABLE);

	buddy_free_one_page(e, z, 0, 10, MT_MOVABLE, 0);

	ASSERT_EQ(z->nr_free[10], 2);
	ASSERT_EQ(tz_list_pos(e, 10, MT_MOVABLE, 0), 0);
	ASSERT_EQ(tz_list_pos(e, 10, MT_MOVABLE, 1024), 1);
	ASSERT_EQ(z->nr_free_pages, 2048);
	tz_free(e);
	return true;
}

TEST(buddy_free_no_merge_beyond_max_order)
{
	for_each_profile(free_no_merge_beyond_max_order);
	return true;
}

/*
 * A 12-page zone at pfn 0x10004 (not aligned to order 3):
 *
 *   pfn 0x10004  0x10008  0x1000c
 *   idx 0        4        8
 *       [o2 M]   [o2 M]   A A A A
 *
 * __free_one_page(8, order 2, MOVABLE)
 * Expect 8 to merge with 4 into an order-3 block at idx 4 (pfn 0x10008), which stops there:
 * its order-3 buddy, pfn 0x10000, is outside the zone. The block at 0 stays order 2.
 */
static bool free_merge_stops_at_zone_edge(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0 + 4, 12);
	struct mm_zone_st *z = e->zones;
	const uint64_t want[11] = { 0, 0, 1, 1 };

	tz_free_block(e, 0, 2, MT_MOVABLE);
	tz_free_block(e, 4, 2, MT_MOVABLE);
	tz_alloc_block(e, 8, 2, MT_MOVABLE);

	buddy_free_one_page(e, z, 8, 2, MT_MOVABLE, 0);

	ASSERT_FREE(e, 4, 3, MT_MOVABLE);
	ASSERT_FREE(e, 0, 2, MT_MOVABLE);
	ASSERT_EQ(PG_KIND(z->state[8]), PG_NONE);
	ASSERT_TRUE(tz_nr_free_is(e, want));
	ASSERT_EQ(z->nr_free_pages, 12);
	tz_free(e);
	return true;
}

TEST(buddy_free_merge_stops_at_zone_edge)
{
	for_each_profile(free_merge_stops_at_zone_edge);
	return true;
}

/*
 * A 28-page zone at pfn 0x10004: the order-3 parent of the block at idx 0 would be pfn
 * 0x10000, outside the zone, so buddy_merge_likely() cannot look at its buddy (0x10008,
 * a free order-3 block) and says no:
 *
 *   pfn 0x10004  0x10008   0x10010  0x10014
 *   idx 0        4         12       16
 *       A (o2)   [o3 M]    [o2 M]   A A ...
 *
 * __free_one_page(0, order 2, MOVABLE)
 * Expect 0 at the HEAD of the order-2 list: [0, 12].
 */
static bool free_merge_likely_parent_outside_zone(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0 + 4, 28);
	struct mm_zone_st *z = e->zones;

	tz_alloc_block(e, 0, 2, MT_MOVABLE);
	tz_free_block(e, 4, 3, MT_MOVABLE);
	tz_free_block(e, 12, 2, MT_MOVABLE);
	tz_alloc_range(e, 16, 12, MT_MOVABLE);

	buddy_free_one_page(e, z, 0, 2, MT_MOVABLE, 0);

	ASSERT_EQ(tz_list_pos(e, 2, MT_MOVABLE, 0), 0);
	ASSERT_EQ(tz_list_pos(e, 2, MT_MOVABLE, 12), 1);
	ASSERT_FREE(e, 4, 3, MT_MOVABLE);
	tz_free(e);
	return true;
}

TEST(buddy_free_merge_likely_parent_outside_zone)
{
	for_each_profile(free_merge_likely_parent_outside_zone);
	return true;
}

/*
 * 8 pages; 0-1 are a hole (not present, PG_HOLE), 4-7 free:
 *
 *   0 1  2  3  4
 *   . .  A  A  [o2 M]
 *
 * __free_one_page(2, order 1, MOVABLE)
 * Expect no merge with the hole at 0: 2 stays an order-1 block, the only one of its order.
 */
static bool free_no_merge_with_hole(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 8);
	struct mm_zone_st *z = e->zones;
	const uint64_t want[11] = { 0, 1, 1 };

	tz_alloc_block(e, 2, 1, MT_MOVABLE);
	tz_free_block(e, 4, 2, MT_MOVABLE);

	buddy_free_one_page(e, z, 2, 1, MT_MOVABLE, 0);

	ASSERT_FREE(e, 2, 1, MT_MOVABLE);
	ASSERT_EQ(PG_KIND(z->state[0]), PG_HOLE);
	ASSERT_TRUE(tz_nr_free_is(e, want));
	ASSERT_EQ(z->nr_free_pages, 6);
	tz_free(e);
	return true;
}

TEST(buddy_free_no_merge_with_hole)
{
	for_each_profile(free_no_merge_with_hole);
	return true;
}

/*
 * 8 pages; the order-1 buddy at 2 is only half free (2 is a free order-0 page, 3 in use):
 *
 *   0  1  2       3  4
 *   A  A  [o0 M]  A  A ...
 *
 * __free_one_page(0, order 1, MOVABLE)
 * Expect no merge: a buddy must be a free block of the same order.
 */
static bool free_no_merge_with_smaller_buddy(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 8);
	struct mm_zone_st *z = e->zones;
	const uint64_t want[11] = { 1, 1 };

	tz_alloc_block(e, 0, 1, MT_MOVABLE);
	tz_free_block(e, 2, 0, MT_MOVABLE);
	tz_alloc_block(e, 3, 0, MT_MOVABLE);
	tz_alloc_block(e, 4, 2, MT_MOVABLE);

	buddy_free_one_page(e, z, 0, 1, MT_MOVABLE, 0);

	ASSERT_FREE(e, 0, 1, MT_MOVABLE);
	ASSERT_FREE(e, 2, 0, MT_MOVABLE);
	ASSERT_TRUE(tz_nr_free_is(e, want));
	tz_free(e);
	return true;
}

TEST(buddy_free_no_merge_with_smaller_buddy)
{
	for_each_profile(free_no_merge_with_smaller_buddy);
	return true;
}

/*
 * 1024 pages; pageblock 1 is HIGHATOMIC and free:
 *
 *   0 (pageblock MOVABLE)    512 (pageblock HIGHATOMIC)
 *   A (o9)                   [o9 H ...]
 *
 * __free_one_page(0, order 9, MOVABLE)
 * Expect no merge at pageblock_order between a mergeable and a non-mergeable type: two
 * order-9 blocks on their own lists; NR_FREE_PAGES 1024, of which 512 highatomic.
 */
static bool free_barrier_highatomic(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 1024);
	struct mm_zone_st *z = e->zones;
	const uint64_t want[11] = { [9] = 2 };

	tz_set_pageblocks(e, 512, 1, MT_HIGHATOMIC);
	tz_alloc_block(e, 0, 9, MT_MOVABLE);
	tz_free_block(e, 512, 9, MT_HIGHATOMIC);

	buddy_free_one_page(e, z, 0, 9, MT_MOVABLE, 0);

	ASSERT_FREE(e, 0, 9, MT_MOVABLE);
	ASSERT_FREE(e, 512, 9, MT_HIGHATOMIC);
	ASSERT_TRUE(tz_nr_free_is(e, want));
	ASSERT_EQ(z->nr_free_pages, 1024);
	ASSERT_EQ(z->nr_free_highatomic, 512);
	tz_free(e);
	return true;
}

TEST(buddy_free_barrier_highatomic)
{
	for_each_profile(free_barrier_highatomic);
	return true;
}

/*
 * The same with pageblock 1 ISOLATE: its free pages are not counted.
 *
 *   0 (pageblock MOVABLE)    512 (pageblock ISOLATE)
 *   A (o9)                   [o9 I ...]
 *
 * __free_one_page(0, order 9, MOVABLE)
 * Expect no merge, NR_FREE_PAGES 512.
 */
static bool free_barrier_isolate(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 1024);
	struct mm_zone_st *z = e->zones;

	tz_set_pageblocks(e, 512, 1, MT_ISOLATE);
	tz_alloc_block(e, 0, 9, MT_MOVABLE);
	tz_free_block(e, 512, 9, MT_ISOLATE);
	ASSERT_EQ(z->nr_free_pages, 0);

	buddy_free_one_page(e, z, 0, 9, MT_MOVABLE, 0);

	ASSERT_FREE(e, 0, 9, MT_MOVABLE);
	ASSERT_FREE(e, 512, 9, MT_ISOLATE);
	ASSERT_EQ(z->nr_free[9], 2);
	ASSERT_EQ(z->nr_free_pages, 512);
	tz_free(e);
	return true;
}

TEST(buddy_free_barrier_isolate)
{
	for_each_profile(free_barrier_isolate);
	return true;
}

/*
 * Two mergeable types at pageblock_order:
 *
 *   0 (pageblock UNMOVABLE)  512 (pageblock MOVABLE)
 *   A (o9)                   [o9 M ...]
 *
 * __free_one_page(0, order 9, UNMOVABLE)
 * Expect one order-10 block at 0 on UNMOVABLE's list. The buddy's pageblock keeps MOVABLE
 * in 6.1 and in 6.12 before 6.12.69; 6.12.69+ retags it UNMOVABLE (merge_retag).
 */
static bool free_merge_mergeable_types(const struct mm_profile *p, bool retag_off,
				       unsigned int want_mt)
{
	struct mm_engine *e = tz_new(p, PFN0, 1024);
	struct mm_zone_st *z = e->zones;

	if (retag_off)
		e->k.merge_retag = false;
	tz_set_pageblocks(e, 0, 1, MT_UNMOVABLE);
	tz_alloc_block(e, 0, 9, MT_UNMOVABLE);
	tz_free_block(e, 512, 9, MT_MOVABLE);

	buddy_free_one_page(e, z, 0, 9, MT_UNMOVABLE, 0);

	ASSERT_FREE(e, 0, 10, MT_UNMOVABLE);
	ASSERT_EQ(z->nr_free[9], 0);
	ASSERT_EQ(pageblock_mt(e, z, 0), MT_UNMOVABLE);
	ASSERT_EQ(pageblock_mt(e, z, 512), want_mt);
	ASSERT_EQ(z->nr_free_pages, 1024);
	tz_free(e);
	return true;
}

TEST(buddy_free_merge_mergeable_types_6_1)
{
	return free_merge_mergeable_types(&profile_6_1, false, MT_MOVABLE);
}

TEST(buddy_free_merge_mergeable_types_6_12_68)
{
	return free_merge_mergeable_types(&profile_6_12, true, MT_MOVABLE);
}

TEST(buddy_free_merge_mergeable_types_6_12_117)
{
	return free_merge_mergeable_types(&profile_6_12, false, MT_UNMOVABLE);
}

/*
 * Below pageblock_order migratetypes do not stop a merge:
 *
 *   0  1       2
 *   A  [o0 U]  A A ...     (pageblock MOVABLE)
 *
 * __free_one_page(0, order 0, MOVABLE)
 * Expect an order-1 block at 0 on MOVABLE's list, and UNMOVABLE's order-0 list empty.
 */
static bool free_merge_ignores_type_below_pageblock(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 8);
	struct mm_zone_st *z = e->zones;

	tz_alloc_block(e, 0, 0, MT_MOVABLE);
	tz_free_block(e, 1, 0, MT_UNMOVABLE);
	tz_alloc_range(e, 2, 6, MT_MOVABLE);

	buddy_free_one_page(e, z, 0, 0, MT_MOVABLE, 0);

	ASSERT_FREE(e, 0, 1, MT_MOVABLE);
	ASSERT_EQ(tz_list_len(e, 0, MT_UNMOVABLE), 0);
	ASSERT_EQ(z->nr_free[0], 0);
	ASSERT_EQ(z->nr_free_pages, 2);
	tz_free(e);
	return true;
}

TEST(buddy_free_merge_ignores_type_below_pageblock)
{
	for_each_profile(free_merge_ignores_type_below_pageblock);
	return true;
}

/*
 * 16 pages; the order-0 list holds 5; 1's order-1 parent (0) has a free buddy (2, o1):
 *
 *   0  1  2       4  5       6
 *   A  A  [o1 M]  A  [o0 M]  A ...
 *
 * __free_one_page(1, order 0, MOVABLE)
 * Expect 1 at the TAIL of the order-0 list (buddy_merge_likely): [5, 1].
 */
static bool free_merge_likely_goes_to_tail(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 16);
	struct mm_zone_st *z = e->zones;

	tz_alloc_block(e, 0, 0, MT_MOVABLE);
	tz_alloc_block(e, 1, 0, MT_MOVABLE);
	tz_free_block(e, 2, 1, MT_MOVABLE);
	tz_alloc_block(e, 4, 0, MT_MOVABLE);
	tz_free_block(e, 5, 0, MT_MOVABLE);
	tz_alloc_range(e, 6, 10, MT_MOVABLE);

	buddy_free_one_page(e, z, 1, 0, MT_MOVABLE, 0);

	ASSERT_FREE(e, 1, 0, MT_MOVABLE);
	ASSERT_EQ(tz_list_pos(e, 0, MT_MOVABLE, 5), 0);
	ASSERT_EQ(tz_list_pos(e, 0, MT_MOVABLE, 1), 1);
	tz_free(e);
	return true;
}

TEST(buddy_free_merge_likely_goes_to_tail)
{
	for_each_profile(free_merge_likely_goes_to_tail);
	return true;
}

/*
 * The same, but 2-3 in use, so no merge is likely:
 *
 *   0  1  2  3  4  5       6
 *   A  A  A  A  A  [o0 M]  A ...
 *
 * __free_one_page(1, order 0, MOVABLE)
 * Expect 1 at the HEAD: [1, 5].
 */
static bool free_merge_unlikely_goes_to_head(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 16);
	struct mm_zone_st *z = e->zones;

	tz_alloc_range(e, 0, 5, MT_MOVABLE);
	tz_free_block(e, 5, 0, MT_MOVABLE);
	tz_alloc_range(e, 6, 10, MT_MOVABLE);
	tz_alloc_block(e, 1, 0, MT_MOVABLE);

	buddy_free_one_page(e, z, 1, 0, MT_MOVABLE, 0);

	ASSERT_EQ(tz_list_pos(e, 0, MT_MOVABLE, 1), 0);
	ASSERT_EQ(tz_list_pos(e, 0, MT_MOVABLE, 5), 1);
	tz_free(e);
	return true;
}

TEST(buddy_free_merge_unlikely_goes_to_head)
{
	for_each_profile(free_merge_unlikely_goes_to_head);
	return true;
}

/*
 * FPI_TO_TAIL on the layout above (memory onlining, page reporting):
 * __free_one_page(1, order 0, MOVABLE, FPI_TO_TAIL)
 * Expect 1 at the TAIL: [5, 1].
 */
static bool free_fpi_to_tail(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 16);
	struct mm_zone_st *z = e->zones;

	tz_alloc_range(e, 0, 5, MT_MOVABLE);
	tz_free_block(e, 5, 0, MT_MOVABLE);
	tz_alloc_range(e, 6, 10, MT_MOVABLE);
	tz_alloc_block(e, 1, 0, MT_MOVABLE);

	buddy_free_one_page(e, z, 1, 0, MT_MOVABLE, FPI_TO_TAIL);

	ASSERT_EQ(tz_list_pos(e, 0, MT_MOVABLE, 5), 0);
	ASSERT_EQ(tz_list_pos(e, 0, MT_MOVABLE, 1), 1);
	tz_free(e);
	return true;
}

TEST(buddy_free_fpi_to_tail)
{
	for_each_profile(free_fpi_to_tail);
	return true;
}

/*
 * buddy_merge_likely() stops below order 9 (6.1 MAX_ORDER - 2, 6.12 MAX_PAGE_ORDER - 1).
 * 4096 pages; 512's parent (0, o10) has a free order-10 buddy at 1024:
 *
 *   0        512      1024        2048      2560
 *   A (o9)   A (o9)   [o10 M]     A (o9)    [o9 M]   A ...
 *
 * __free_one_page(512, order 9, MOVABLE)
 * Expect 512 at the HEAD of the order-9 list: [512, 2560].
 */
static bool free_merge_likely_not_at_order_9(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 4096);
	struct mm_zone_st *z = e->zones;

	tz_alloc_block(e, 0, 9, MT_MOVABLE);
	tz_alloc_block(e, 512, 9, MT_MOVABLE);
	tz_free_block(e, 1024, 10, MT_MOVABLE);
	tz_alloc_block(e, 2048, 9, MT_MOVABLE);
	tz_free_block(e, 2560, 9, MT_MOVABLE);
	tz_alloc_block(e, 3072, 10, MT_MOVABLE);

	buddy_free_one_page(e, z, 512, 9, MT_MOVABLE, 0);

	ASSERT_EQ(tz_list_pos(e, 9, MT_MOVABLE, 512), 0);
	ASSERT_EQ(tz_list_pos(e, 9, MT_MOVABLE, 2560), 1);
	tz_free(e);
	return true;
}

TEST(buddy_free_merge_likely_not_at_order_9)
{
	for_each_profile(free_merge_likely_not_at_order_9);
	return true;
}

/*
 * Counters follow the list a block is put on, ISOLATE never counts:
 *
 *   0        1
 *   A (o0)   A ...
 *
 * __free_one_page(0, order 0, ISOLATE)
 * Expect the page on ISOLATE's order-0 list, nr_free[0] 1, NR_FREE_PAGES still 0.
 */
static bool free_isolate_not_counted(const struct mm_profile *p)
{
	struct mm_engine *e = tz_new(p, PFN0, 8);
	struct mm_zone_st *z = e->zones;

	tz_alloc_range(e, 0, 8, MT_MOVABLE);

	buddy_free_one_page(e, z, 0, 0, MT_ISOLATE, 0);

	ASSERT_FREE(e, 0, 0, MT_ISOLATE);
	ASSERT_EQ(z->nr_free[0], 1);
	ASSERT_EQ(z->nr_free_pages, 0);
	tz_free(e);
	return true;
}

TEST(buddy_free_isolate_not_counted)
{
	for_each_profile(free_isolate_not_counted);
	return true;
}
