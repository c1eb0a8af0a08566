/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Layout helpers for the buddy allocator tests (test_buddy.c, test_fallback.c,
 * test_highatomic.c), in the spirit of tools/testing/memblock's alloc_helpers: build a tiny
 * zone, put free and allocated blocks where a case needs them, then look at the lists.
 */
#ifndef MMTRACE_CORE_TESTS_BUDDY_LAYOUT_H
#define MMTRACE_CORE_TESTS_BUDDY_LAYOUT_H

#include <stdlib.h>

#include "../internal.h"
#include "testlib.h"

/* sysctl vm.watermark_boost_factor at boot (mm/page_alloc.c) */
#define TZ_WATERMARK_BOOST_FACTOR 15000

/*
 * A one-zone engine for profile p, resolved to the newest stable behaviour of the series
 * (6.1.192, 6.12.117). Every page is a hole and every pageblock MOVABLE until a case says
 * otherwise.
 */
static inline struct mm_engine *tz_new(const struct mm_profile *p, uint64_t start_pfn,
				       uint32_t nr_pages)
{
	struct mm_engine *e = engine_new_test(p, start_pfn, nr_pages, 1);

	if (!e)
		abort();
	if (mm_kernel_resolve(&e->k, p->name, NULL))
		abort();
	e->watermark_boost_factor = TZ_WATERMARK_BOOST_FACTOR;
	return e;
}

static inline void tz_free(struct mm_engine *e)
{
	for (uint32_t i = 0; i < e->nr_zones; i++)
		zone_free(&e->zones[i]);
	free(e->zones);
	free(e);
}

/* A free block appended to the tail of mt's list of its order (no merging). */
static inline void tz_free_block(struct mm_engine *e, uint32_t idx, unsigned int order,
				 unsigned int mt)
{
	struct mm_zone_st *z = e->zones;

	for (uint32_t i = 1; i < (1u << order); i++)
		z->state[idx + i] = PG_STATE(PG_NONE, 0);
	buddy_add_free(e, z, idx, order, mt, true);
}

/* An in-use block, allocated as migratetype mt. */
static inline void tz_alloc_block(struct mm_engine *e, uint32_t idx, unsigned int order,
				  unsigned int mt)
{
	struct mm_zone_st *z = e->zones;

	z->state[idx] = PG_STATE(PG_ALLOC, order);
	z->pcp_mt[idx] = (uint8_t)mt;
	for (uint32_t i = 1; i < (1u << order); i++)
		z->state[idx + i] = PG_STATE(PG_NONE, 0);
}

/* [idx, idx + nr) as the largest aligned in-use blocks, allocated as mt. */
static inline void tz_alloc_range(struct mm_engine *e, uint32_t idx, uint32_t nr, unsigned int mt)
{
	uint32_t end = idx + nr;

	while (idx < end) {
		unsigned int o = 0;

		while (o < 10 && !((e->zones->zone_start_pfn + idx) & ((2ull << o) - 1)) &&
		       idx + (2u << o) <= end)
			o++;
		tz_alloc_block(e, idx, o, mt);
		idx += 1u << o;
	}
}

static inline void tz_set_pageblocks(struct mm_engine *e, uint32_t idx, uint32_t nr_blocks,
				     unsigned int mt)
{
	for (uint32_t i = 0; i < nr_blocks; i++)
		pageblock_set_mt(e, e->zones, idx + (i << e->k.p->pageblock_order), mt);
}

/* Position of idx in mt's list of this order (0 = head), or -1. */
static inline int tz_list_pos(const struct mm_engine *e, unsigned int order, unsigned int mt,
			      uint32_t idx)
{
	const struct mm_zone_st *z = e->zones;
	uint32_t head = free_list_head(z, order, mt);
	int pos = 0;

	for (uint32_t i = z->next[head]; i != head; i = z->next[i], pos++)
		if (i == idx)
			return pos;
	return -1;
}

static inline int tz_list_len(const struct mm_engine *e, unsigned int order, unsigned int mt)
{
	const struct mm_zone_st *z = e->zones;
	uint32_t head = free_list_head(z, order, mt);
	int n = 0;

	for (uint32_t i = z->next[head]; i != head; i = z->next[i])
		n++;
	return n;
}

/* idx is the head of a free block of this order on mt's list */
#define ASSERT_FREE(e, idx, order, mt)                                                   \
	do {                                                                             \
		ASSERT_EQ(PG_KIND((e)->zones->state[idx]), PG_BUDDY);                    \
		ASSERT_EQ(PG_ORDER((e)->zones->state[idx]), (order));                    \
		ASSERT_TRUE(tz_list_pos((e), (order), (mt), (idx)) >= 0);                \
	} while (0)

typedef bool (*tz_profile_fn)(const struct mm_profile *p);

/* memblock's run_top_down()/run_bottom_up(): one case under each profile, named on failure */
static inline bool tz_run(tz_profile_fn fn, const struct mm_profile *p)
{
	if (fn(p))
		return true;
	fprintf(stderr, "  ... under profile %s\n", p->name);
	return false;
}

#define for_each_profile(fn)                              \
	do {                                              \
		if (!tz_run((fn), &profile_6_1))          \
			return false;                     \
		if (!tz_run((fn), &profile_6_12))         \
			return false;                     \
	} while (0)

/* nr_free[] of orders 0..10 in one go */
static inline bool tz_nr_free_is(const struct mm_engine *e, const uint64_t want[11])
{
	for (unsigned int o = 0; o < 11; o++)
		if (e->zones->nr_free[o] != want[o]) {
			fprintf(stderr, "  nr_free[%u] = %" PRIu64 ", want %" PRIu64 "\n", o,
				e->zones->nr_free[o], want[o]);
			return false;
		}
	return true;
}

#endif
