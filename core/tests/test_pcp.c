// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-cpu page lists (core/pcp.c, KERNEL-NOTES §4): refills appended at the tail and
 * taken from the head, frees pushed at the head, drains from the tail.
 *
 * Every case uses one 64-page Normal zone at pfn 0 in one MOVABLE pageblock, cpu 0.
 * "pcp MOVABLE o0 [3 2 1]" lists a pcp list head first.
 */
#include "alloc_layout.h"

/* pcp sizes: 6.1 reads batch/high, 6.12 batch/high_min/high_max (high starts at 0). */
static void set_pcp(struct mm_zone_st *z, int batch, int high, int high_min, int high_max)
{
	z->pcp[0].batch = batch;
	z->pcp[0].high = high;
	z->pcp[0].high_min = high_min;
	z->pcp[0].high_max = high_max;
}

/*
 *   idx  0                               32                              64
 *        | free MOVABLE order 5           | in use                        |
 */
static struct mm_engine *order5_zone(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);

	al_alloc_range(e->zones, 32, 32);
	al_free_block(e, e->zones, 0, 5, MT_MOVABLE);
	return e;
}

/*
 * The first order-0 MOVABLE allocation from an empty list: batch 4.
 * Expect rmqueue_bulk() to carve pages 0..3 off the order-5 block in pfn order onto the
 * tail, the head (0) to be returned: pcp MOVABLE o0 [1 2 3], count 3; the buddy keeps
 * 4 (o2), 8 (o3), 16 (o4). 6.12's nr_pcp_alloc() also grows high 8 -> 12 and sets
 * alloc_factor 1.
 */
static bool check_first_refill(const struct mm_profile *p)
{
	struct mm_engine *e = order5_zone(p);
	struct mm_zone_st *z = e->zones;
	uint32_t idx;

	set_pcp(z, 4, 16, 8, 32);
	if (p->pcp_high_autotune)
		z->pcp[0].high = 0;
	idx = pcp_rmqueue_pcplist(e, z, 0, 0, MT_MOVABLE, ALLOC_WMARK_LOW);
	ASSERT_EQ(idx, 0);
	ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 1, 2, 3);
	ASSERT_EQ(z->pcp[0].count, 3);
	ASSERT_FREE(e, 4, 2, MT_MOVABLE);
	ASSERT_FREE(e, 8, 3, MT_MOVABLE);
	ASSERT_FREE(e, 16, 4, MT_MOVABLE);
	ASSERT_EQ(z->nr_free_pages, 28);
	ASSERT_EQ(e->stats.zone[0].nr_pcp_refill, 1);
	ASSERT_EQ(e->stats.zone[0].nr_pcp_refill_pages, 4);
	ASSERT_EQ(e->stats.zone[0].nr_pcp_hit, 1);
	if (p->pcp_high_autotune) {
		ASSERT_EQ(z->pcp[0].high, 12);
		ASSERT_EQ(z->pcp[0].alloc_factor, 1);
	} else {
		ASSERT_EQ(z->pcp[0].high, 16);
	}
	tz_free(e);
	return true;
}

TEST(pcp_first_refill_tail_in_pfn_order)
{
	for_each_profile(check_first_refill);
	return true;
}

/*
 * Refill size after order-0 allocations without frees: alloc_factor 2, high 12.
 * Expect 6.1: batch pages (4) whatever alloc_factor; 6.12: batch << 2 = 16 pages, high
 * 12 + 16 = 28, alloc_factor 3 (16 <= max(28 - 0 - 4, 4)): pcp holds 1..15.
 */
static bool check_refill_alloc_factor(const struct mm_profile *p)
{
	struct mm_engine *e = order5_zone(p);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 4, 12, 8, 32);
	z->pcp[0].alloc_factor = 2;
	ASSERT_EQ(pcp_rmqueue_pcplist(e, z, 0, 0, MT_MOVABLE, ALLOC_WMARK_LOW), 0);
	if (p->pcp_high_autotune) {
		ASSERT_EQ(z->pcp[0].count, 15);
		ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
				15);
		ASSERT_EQ(z->pcp[0].high, 28);
		ASSERT_EQ(z->pcp[0].alloc_factor, 3);
		ASSERT_FREE(e, 16, 4, MT_MOVABLE);
	} else {
		ASSERT_EQ(z->pcp[0].count, 3);
		ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 1, 2, 3);
		ASSERT_FREE(e, 4, 2, MT_MOVABLE);
	}
	tz_free(e);
	return true;
}

TEST(pcp_refill_size_alloc_factor_per_profile)
{
	for_each_profile(check_refill_alloc_factor);
	return true;
}

/*
 * An order-1 refill: batch 4 scaled by order, max(4 >> 1, 2) = 2 blocks, in both (6.12's
 * alloc_factor only scales order 0).
 * Expect pages 0 and 2 carved, 0 returned: pcp MOVABLE o1 [2], count 2; 6.12 alloc_factor
 * stays 2.
 */
static bool check_order1_refill(const struct mm_profile *p)
{
	struct mm_engine *e = order5_zone(p);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 4, 16, 8, 32);
	z->pcp[0].alloc_factor = 2;
	ASSERT_EQ(pcp_rmqueue_pcplist(e, z, 0, 1, MT_MOVABLE, ALLOC_WMARK_LOW), 0);
	ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 1, 2);
	ASSERT_EQ(z->pcp[0].count, 2);
	ASSERT_EQ(z->pcp[0].alloc_factor, 2);
	ASSERT_FREE(e, 4, 2, MT_MOVABLE);
	tz_free(e);
	return true;
}

TEST(pcp_order1_refill_both)
{
	for_each_profile(check_order1_refill);
	return true;
}

/*
 * A free below high goes to the list head and stays:
 *   pcp MOVABLE o0 [5], count 1, high 16 (6.12: high_min = high_max = 16)
 * Expect pcp_free_unref_page(6) -> [6 5], count 2, page 6 PG_PCP, nothing to the buddy;
 * 6.12 counts free_count 1 and halves alloc_factor 3 -> 1.
 */
static bool check_free_to_head(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 4, 16, 16, 16);
	al_alloc_range(z, 0, 64);
	z->pcp[0].alloc_factor = 3;
	al_pcp_push(e, z, 0, 5, 0, MT_MOVABLE);
	pcp_free_unref_page(e, z, 0, 6, 0);
	ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 6, 5);
	ASSERT_EQ(z->pcp[0].count, 2);
	ASSERT_EQ(z->state[6], PG_STATE(PG_PCP, 0));
	ASSERT_EQ(z->nr_free_pages, 0);
	if (p->pcp_high_autotune) {
		ASSERT_EQ(z->pcp[0].free_count, 1);
		ASSERT_EQ(z->pcp[0].alloc_factor, 1);
	}
	tz_free(e);
	return true;
}

TEST(pcp_free_to_list_head)
{
	for_each_profile(check_free_to_head);
	return true;
}

/*
 * Reaching high drains from the tail: batch 2, high 4 (6.12: high_min = high_max = 4).
 *   pcp MOVABLE o0 [3 2 1], count 3; freeing 0 makes [0 3 2 1], count 4 >= 4
 * Expect nr_pcp_free = clamp(batch (6.1) / free_count 1 (6.12), 2, 2) = 2: pages 1 and 2
 * go back to the buddy as order-0 blocks (their buddies 0 and 3 sit on the pcp);
 * pcp [0 3], count 2.
 */
static bool check_drain_at_high(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 2, 4, 4, 4);
	al_alloc_range(z, 0, 64);
	for (uint32_t i = 1; i <= 3; i++)
		al_pcp_push(e, z, 0, i, 0, MT_MOVABLE);
	pcp_free_unref_page(e, z, 0, 0, 0);
	ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 0, 3);
	ASSERT_EQ(z->pcp[0].count, 2);
	ASSERT_FREE(e, 1, 0, MT_MOVABLE);
	ASSERT_FREE(e, 2, 0, MT_MOVABLE);
	ASSERT_EQ(z->nr_free_pages, 2);
	ASSERT_EQ(e->stats.zone[0].nr_pcp_drain_pages, 2);
	tz_free(e);
	return true;
}

TEST(pcp_drain_at_high_from_tail)
{
	for_each_profile(check_drain_at_high);
	return true;
}

/*
 * How much a drain frees: batch 2, high 8 (6.12: high_min = high_max = 8).
 *   pcp MOVABLE o0 [6 5 4 3 2 1 0], count 7; 6.1 free_factor 1; 6.12 free_count 0
 * Freeing 7 reaches high.
 * Expect 6.1: batch << free_factor = 4 pages (0..3, merging to an order-2 block at 0),
 *        free_factor 2; 6.12: clamp(free_count 1, 2, 6) = 2 pages (an order-1 block at 0).
 */
static bool check_drain_amount(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 2, 8, 8, 8);
	al_alloc_range(z, 0, 64);
	for (uint32_t i = 0; i <= 6; i++)
		al_pcp_push(e, z, 0, i, 0, MT_MOVABLE);
	z->pcp[0].free_factor = 1;
	pcp_free_unref_page(e, z, 0, 7, 0);
	if (p->pcp_high_autotune) {
		ASSERT_EQ(z->pcp[0].count, 6);
		ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 7, 6, 5, 4, 3, 2);
		ASSERT_FREE(e, 0, 1, MT_MOVABLE);
	} else {
		ASSERT_EQ(z->pcp[0].count, 4);
		ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 7, 6, 5, 4);
		ASSERT_FREE(e, 0, 2, MT_MOVABLE);
		ASSERT_EQ(z->pcp[0].free_factor, 2);
	}
	tz_free(e);
	return true;
}

TEST(pcp_drain_amount_free_factor_vs_free_count)
{
	for_each_profile(check_drain_amount);
	return true;
}

/*
 * High-order frees in a row ("free_high"): batch 2, high 16 (6.12: 16/16), free_factor 1
 * (6.1), free_count 2 but no PCPF_PREV_FREE_HIGH_ORDER (6.12).
 *   pcp MOVABLE o1 [2]; freeing the order-1 page 0
 * Expect 6.1: free_factor > 0 and order 1 -> everything drains, 2 then 0, merging to an
 *        order-2 block at 0; 6.12: the first high-order free only sets the flag: pcp o1
 *        [0 2], count 4.
 */
static bool check_free_high(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 2, 16, 16, 16);
	al_alloc_range(z, 0, 64);
	al_pcp_push(e, z, 0, 2, 1, MT_MOVABLE);
	z->pcp[0].free_factor = 1;
	z->pcp[0].free_count = 2;
	pcp_free_unref_page(e, z, 0, 0, 1);
	if (p->pcp_high_autotune) {
		ASSERT_EQ(z->pcp[0].count, 4);
		ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 1, 0, 2);
		ASSERT_EQ(z->pcp[0].flags, PCPF_PREV_FREE_HIGH_ORDER);
		ASSERT_EQ(z->pcp[0].free_count, 4);
	} else {
		ASSERT_EQ(z->pcp[0].count, 0);
		ASSERT_FREE(e, 0, 2, MT_MOVABLE);
	}
	tz_free(e);
	return true;
}

TEST(pcp_free_high_first_high_order_free)
{
	for_each_profile(check_free_high);
	return true;
}

/*
 * 6.12's free_high proper: PCPF_PREV_FREE_HIGH_ORDER set, free_count 2 >= batch 2,
 * high 40 in [8, 64].
 * Expect nr_pcp_high() to lower high to max(40 - (2 << 5), 8) = 8 and return 0: all 4
 * pages drain (min(count, batch << 5)), an order-2 block at 0.
 */
TEST(pcp_free_high_drains_6_12)
{
	struct mm_engine *e = al_new1(&profile_6_12, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 2, 40, 8, 64);
	al_alloc_range(z, 0, 64);
	al_pcp_push(e, z, 0, 2, 1, MT_MOVABLE);
	z->pcp[0].flags = PCPF_PREV_FREE_HIGH_ORDER;
	z->pcp[0].free_count = 2;
	pcp_free_unref_page(e, z, 0, 0, 1);
	ASSERT_EQ(z->pcp[0].count, 0);
	ASSERT_EQ(z->pcp[0].high, 8);
	ASSERT_FREE(e, 0, 2, MT_MOVABLE);
	tz_free(e);
	return true;
}

/*
 * An ISOLATE pageblock bypasses the pcp.
 * Expect page 0 straight on the ISOLATE buddy list, pcp count 0, and NR_FREE_PAGES
 * unchanged (isolated pages are not counted).
 */
static bool check_isolate_bypass(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 2, 16, 16, 16);
	al_alloc_range(z, 0, 64);
	z->pb_mt[0] = MT_ISOLATE;
	pcp_free_unref_page(e, z, 0, 0, 0);
	ASSERT_EQ(z->pcp[0].count, 0);
	ASSERT_FREE(e, 0, 0, MT_ISOLATE);
	ASSERT_EQ(z->nr_free_pages, 0);
	tz_free(e);
	return true;
}

TEST(pcp_isolate_bypass)
{
	for_each_profile(check_isolate_bypass);
	return true;
}

/*
 * A page of a HIGHATOMIC pageblock is kept on the MOVABLE list and drains back to the
 * HIGHATOMIC buddy list: 6.1 through the type cached at free (6.1.64+), 6.12 by re-reading
 * the pageblock. Before 6.1.64 the cache held MOVABLE.
 * Expect pcp MOVABLE o0 [0] after the free; after drain_pages_zone() page 0 on the
 * HIGHATOMIC list (6.1.192, 6.12), the MOVABLE one (6.1.50).
 */
static bool highatomic_round_trip(const struct mm_profile *p, const char *release,
				  unsigned int want_mt)
{
	struct mm_engine *e = al_new1(p, release, 64, 1);
	struct mm_zone_st *z = e->zones;

	set_pcp(z, 2, 16, 16, 16);
	al_alloc_range(z, 0, 64);
	z->pb_mt[0] = MT_HIGHATOMIC;
	pcp_free_unref_page(e, z, 0, 0, 0);
	ASSERT_PCP_LIST(e, z, 0, MT_MOVABLE, 0, 0);
	pcp_drain_pages_zone(e, z, 0);
	ASSERT_EQ(z->pcp[0].count, 0);
	ASSERT_FREE(e, 0, 0, want_mt);
	tz_free(e);
	return true;
}

TEST(pcp_highatomic_page_drains_to_own_type)
{
	ASSERT_TRUE(highatomic_round_trip(&profile_6_1, NULL, MT_HIGHATOMIC));
	ASSERT_TRUE(highatomic_round_trip(&profile_6_12, NULL, MT_HIGHATOMIC));
	ASSERT_TRUE(highatomic_round_trip(&profile_6_1, "6.1.50", MT_MOVABLE));
	return true;
}

/*
 * free_pcppages_bulk(count 3, pindex 1) starts at the list just freed to and keeps
 * draining it before moving on:
 *   pindex 0 UNMOVABLE o0 [0]   pindex 1 MOVABLE o0 [5 4]   pindex 3 UNMOVABLE o1 [8]
 * Expect 4 then 5 (merging to an order-1 block at 4), then pindex 3's order-1 page 8
 * (count goes 3 -> 1 -> -1: it may overshoot); page 0 stays. Page 8 is freed as the
 * type cached at free in 6.1 (UNMOVABLE), as its pageblock's type in 6.12 (MOVABLE).
 */
static bool check_round_robin(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;

	al_alloc_range(z, 0, 64);
	al_pcp_push(e, z, 0, 0, 0, MT_UNMOVABLE);
	al_pcp_push(e, z, 0, 4, 0, MT_MOVABLE);
	al_pcp_push(e, z, 0, 5, 0, MT_MOVABLE);
	al_pcp_push(e, z, 0, 8, 1, MT_UNMOVABLE);
	pcp_free_pcppages_bulk(e, z, 0, 3, 1);
	ASSERT_EQ(z->pcp[0].count, 1);
	ASSERT_PCP_LIST(e, z, 0, MT_UNMOVABLE, 0, 0);
	ASSERT_PCP_EMPTY(e, z, 0, MT_MOVABLE, 0);
	ASSERT_FREE(e, 4, 1, MT_MOVABLE);
	ASSERT_FREE(e, 8, 1, p == &profile_6_1 ? MT_UNMOVABLE : MT_MOVABLE);
	ASSERT_EQ(e->stats.zone[0].nr_pcp_drain_pages, 4);
	tz_free(e);
	return true;
}

TEST(pcp_bulk_round_robin_from_pindex)
{
	for_each_profile(check_round_robin);
	return true;
}

/*
 * drain_all_pages() empties every cpu's lists (2 cpus, batch 1: chunks of 32 pages).
 * Expect both counts 0, pages 0 and 1 merged to an order-1 block at 0.
 */
static bool check_drain_all(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 2);
	struct mm_zone_st *z = e->zones;

	z->pcp[0].batch = z->pcp[1].batch = 1;
	al_alloc_range(z, 0, 64);
	al_pcp_push(e, z, 0, 0, 0, MT_MOVABLE);
	al_pcp_push(e, z, 1, 1, 0, MT_MOVABLE);
	pcp_drain_all_pages(e);
	ASSERT_EQ(z->pcp[0].count, 0);
	ASSERT_EQ(z->pcp[1].count, 0);
	ASSERT_FREE(e, 0, 1, MT_MOVABLE);
	tz_free(e);
	return true;
}

TEST(pcp_drain_all_pages_every_cpu)
{
	for_each_profile(check_drain_all);
	return true;
}

/*
 * 6.12's decay_pcp_high(): batch 1, high 8 in [2, 40], pcp MOVABLE o0 [11 .. 0], count 12.
 * Expect high = max3(12 - 32, 8 - 1, 2) = 7 and count - high = 5 pages freed one batch
 * at a time from pindex 0: the tail pages 0..4 (0..3 merge to order 2); count 7,
 * "more to do". 6.1 has no decay: nothing changes.
 */
static bool check_decay(const struct mm_profile *p)
{
	struct mm_engine *e = al_new1(p, NULL, 64, 1);
	struct mm_zone_st *z = e->zones;
	bool todo;

	set_pcp(z, 1, 8, 2, 40);
	al_alloc_range(z, 0, 64);
	for (uint32_t i = 0; i < 12; i++)
		al_pcp_push(e, z, 0, i, 0, MT_MOVABLE);
	todo = pcp_decay_pcp_high(e, z, 0);
	if (!p->pcp_high_autotune) {
		ASSERT_TRUE(!todo);
		ASSERT_EQ(z->pcp[0].count, 12);
		ASSERT_EQ(z->pcp[0].high, 8);
	} else {
		ASSERT_TRUE(todo);
		ASSERT_EQ(z->pcp[0].high, 7);
		ASSERT_EQ(z->pcp[0].count, 7);
		ASSERT_FREE(e, 0, 2, MT_MOVABLE);
		ASSERT_FREE(e, 4, 0, MT_MOVABLE);
	}
	tz_free(e);
	return true;
}

TEST(pcp_decay_pcp_high_6_12_only)
{
	for_each_profile(check_decay);
	return true;
}

/* The list index: 3 * order + mt up to order 3; THP lists 12 (non-movable) and 13 (movable),
 * one shared list 12 before 6.1.98. */
TEST(pcp_order_to_pindex)
{
	struct mm_engine *e = al_new1(&profile_6_12, NULL, 64, 1);

	ASSERT_EQ(pcp_order_to_pindex(e, MT_RECLAIMABLE, 3), 11);
	ASSERT_EQ(pcp_order_to_pindex(e, MT_UNMOVABLE, 9), 12);
	ASSERT_EQ(pcp_order_to_pindex(e, MT_MOVABLE, 9), 13);
	ASSERT_EQ(pcp_pindex_to_order(e, 13), 9);
	ASSERT_EQ(pcp_nr_lists(e), 14);
	ASSERT_TRUE(pcp_allowed_order(e, 9) && !pcp_allowed_order(e, 4));
	tz_free(e);
	e = al_new1(&profile_6_1, "6.1.90", 64, 1);
	ASSERT_EQ(pcp_order_to_pindex(e, MT_MOVABLE, 9), 12);
	ASSERT_EQ(pcp_nr_lists(e), 13);
	tz_free(e);
	return true;
}
