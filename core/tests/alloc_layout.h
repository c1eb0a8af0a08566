/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Layout helpers for the allocation-path tests (test_gfp.c, test_wmark_check.c,
 * test_pcp.c, test_alloc.c), on top of buddy_layout.h: engines with several zones and
 * CPUs, and pcp lists built and read page by page.
 */
#ifndef MMTRACE_CORE_TESTS_ALLOC_LAYOUT_H
#define MMTRACE_CORE_TESTS_ALLOC_LAYOUT_H

#include <string.h>

#include "../alloc.h"
#include "../gfp.h"
#include "buddy_layout.h"

struct al_zone {
	int32_t zone_idx;	/* ZT_* */
	int32_t node;
	uint64_t start_pfn;
	uint32_t nr_pages;
};

/*
 * An engine with the given zones (ascending pfns) and cpus, resolved to the newest stable
 * behaviour of p's series, or of `release` ("6.1.100") if not NULL. Every page is a hole
 * and every pageblock MOVABLE; watermarks, lowmem_reserve and pcp sizes are 0.
 */
static inline struct mm_engine *al_new(const struct mm_profile *p, const char *release,
				       const struct al_zone *zs, uint32_t nr_zones, uint32_t nr_cpus)
{
	struct mm_engine *e = calloc(1, sizeof(*e));

	if (!e || mm_kernel_resolve(&e->k, release ? release : p->name, NULL))
		abort();
	e->nr_cpus = nr_cpus;
	e->nr_zones = nr_zones;
	e->trace_mt_isolate = 4;
	e->watermark_boost_factor = TZ_WATERMARK_BOOST_FACTOR;
	e->zones = calloc(nr_zones, sizeof(*e->zones));
	if (!e->zones)
		abort();
	for (uint32_t i = 0; i < nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];

		if (zone_init(z, zs[i].start_pfn, zs[i].nr_pages, nr_cpus, p->pageblock_order, PG_HOLE))
			abort();
		z->zone_idx = zs[i].zone_idx;
		z->node = zs[i].node;
		snprintf(z->name, sizeof(z->name), "zone%d", zs[i].zone_idx);
		z->managed_pages = z->present_pages = zs[i].nr_pages;
	}
	e->stats.nr_zones = nr_zones;
	return e;
}

/* One Normal zone of nr_pages at pfn 0. */
static inline struct mm_engine *al_new1(const struct mm_profile *p, const char *release,
					uint32_t nr_pages, uint32_t nr_cpus)
{
	const struct al_zone z = { ZT_NORMAL, 0, 0, nr_pages };

	return al_new(p, release, &z, 1, nr_cpus);
}

/* A free block of zone z, at the tail of mt's list (no merging). */
static inline void al_free_block(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
				 unsigned int order, unsigned int mt)
{
	for (uint32_t i = 1; i < (1u << order); i++)
		z->state[idx + i] = PG_STATE(PG_NONE, 0);
	buddy_add_free(e, z, idx, order, mt, true);
}

/* [idx, idx + nr) of zone z in use (allocated before the case). */
static inline void al_alloc_range(struct mm_zone_st *z, uint32_t idx, uint32_t nr)
{
	for (uint32_t i = idx; i < idx + nr; i++)
		z->state[i] = PG_STATE(PG_ALLOC, 0);
}

/* A page put on cpu's pcp list at the head, as free_unref_page_commit() would, no drain. */
static inline void al_pcp_push(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu,
			       uint32_t idx, unsigned int order, unsigned int mt)
{
	z->state[idx] = PG_STATE(PG_PCP, order);
	z->pcp_mt[idx] = (uint8_t)mt;
	lst_add_head(z, pcp_list_head(z, cpu, pcp_order_to_pindex(e, mt, order)), idx);
	z->pcp[cpu].count += 1 << order;
}

/* The pcp list of (mt, order) as idx values from head to tail, -1 terminated; its length. */
static inline int al_pcp_list(const struct mm_engine *e, const struct mm_zone_st *z, uint32_t cpu,
			      unsigned int mt, unsigned int order, int64_t *out, int max)
{
	uint32_t head = pcp_list_head(z, cpu, pcp_order_to_pindex(e, mt, order));
	int n = 0;

	for (uint32_t i = z->next[head]; i != head && n < max - 1; i = z->next[i])
		out[n++] = i;
	out[n] = -1;
	return n;
}

/* Asserts the pcp list of (mt, order) holds exactly the given idx values, head first. */
#define ASSERT_PCP_LIST(e, z, cpu, mt, order, ...)                                        \
	do {                                                                              \
		const int64_t want_[] = { __VA_ARGS__, -1 };                              \
		int64_t got_[64];                                                         \
		al_pcp_list((e), (z), (cpu), (mt), (order), got_, 64);                    \
		for (unsigned int i_ = 0; i_ < sizeof(want_) / sizeof(want_[0]); i_++)    \
			ASSERT_EQ(got_[i_], want_[i_]);                                   \
	} while (0)

#define ASSERT_PCP_EMPTY(e, z, cpu, mt, order)                                            \
	ASSERT_TRUE(lst_empty((z), pcp_list_head((z), (cpu), pcp_order_to_pindex((e), (mt), (order)))))

#endif
