// SPDX-License-Identifier: GPL-2.0-only
/*
 * The engine's starting state from a parsed snapshot: zones from zoneinfo (start_pfn,
 * spanned, managed, watermarks, protection, pagesets), then the free blocks.
 *
 * With the kpageflags free-block map (MM_INIT_KPAGEFLAGS) every listed block goes on the
 * free list of its pageblock's type and every other page of the zone is taken as allocated,
 * except the "pcp candidates": non-buddy pages with a zero /proc/kpagecount. That file is
 * the mapcount, not the refcount, so they are the free pages on pcp lists mixed with every
 * unmapped kernel allocation; nothing exported tells them apart, so they start PG_UNKNOWN
 * and follow.c learns each from its first event. Pageblock types are not exported either: the synthesis gives
 * each zone the pagetypeinfo count of UNMOVABLE and RECLAIMABLE blocks, assigned to the
 * pageblocks with the fewest free pages (those most likely to hold kernel allocations),
 * lowest pfn first, and the rest MOVABLE. Without the map (MM_INIT_LAZY) every page is
 * PG_UNKNOWN and follow.c learns it from the page's first event.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "internal.h"

/* Maps a trace migratetype number (ISOLATE moves with CONFIG_CMA) to ours. */
unsigned int engine_mt_from_trace(const struct mm_engine *e, int32_t mt)
{
	if (mt >= 0 && mt < MT_CMA)
		return (unsigned int)mt;
	if (mt == e->trace_mt_isolate)
		return MT_ISOLATE;
	return e->config_cma && mt == 4 ? MT_CMA : MT_MOVABLE;
}

static int zones_from_machine(struct mm_engine *e, const struct mm_machine *m)
{
	unsigned int pbo = e->k.p->pageblock_order;

	e->zones = calloc(m->nr_zones ? m->nr_zones : 1, sizeof(*e->zones));
	if (!e->zones)
		return -ENOMEM;
	for (uint32_t i = 0; i < m->nr_zones; i++) {
		const struct mm_zone *mz = &m->zones[i];
		struct mm_zone_st *z = &e->zones[e->nr_zones];
		int err;

		/* Empty zones hold no pages and take no part in allocation. */
		if (!mz->spanned_pages || !(mz->has & MM_ZONE_HAS_START_PFN))
			continue;
		if (mz->spanned_pages >= UINT32_MAX)
			return -E2BIG;
		err = zone_init(z, mz->zone_start_pfn, (uint32_t)mz->spanned_pages, e->nr_cpus, pbo,
				(m->has & MM_MACHINE_HAS_FREE_BLOCKS) ? PG_NONE : PG_UNKNOWN);
		if (err)
			return err;
		e->nr_zones++;
		z->node = mz->node;
		z->zone_idx = mz->zone_idx;
		memcpy(z->name, mz->name, sizeof(z->name) - 1);
		z->present_pages = mz->present_pages;
		z->managed_pages = mz->managed_pages;
		/* zoneinfo prints wmark_pages() = _watermark + boost */
		for (unsigned int w = 0; w < 4; w++)
			z->wmark[w] = mz->wmark[w] >= mz->watermark_boost ? mz->wmark[w] - mz->watermark_boost
									    : mz->wmark[w];
		z->watermark_boost = mz->watermark_boost;
		for (unsigned int j = 0; j < ZT__NR && j < mz->nr_protection; j++)
			z->lowmem_reserve[j] = mz->lowmem_reserve[j];
		for (uint32_t c = 0; c < e->nr_cpus && c < mz->nr_pagesets; c++) {
			z->pcp[c].batch = (int32_t)mz->pagesets[c].batch;
			z->pcp[c].high = (int32_t)mz->pagesets[c].high;
			z->pcp[c].high_min = (int32_t)mz->pagesets[c].high_min;
			z->pcp[c].high_max = (int32_t)mz->pagesets[c].high_max;
		}
		if (e->nr_zones > MM_STATS_MAX_ZONES)
			return -E2BIG;
	}
	return e->nr_zones ? 0 : -EINVAL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The documented pageblock-type synthesis (see the file comment). */
static int synthesize_pageblocks(struct mm_engine *e, struct mm_zone_st *z, const struct mm_zone *mz,
				 const uint32_t *free_in_pb)
{
	/* (free pages << 32 | pageblock): sorting it orders by free pages, then by pfn */
	uint64_t *order = malloc(z->nr_pageblocks * sizeof(*order));
	uint64_t want[2] = { mz->nr_pageblocks[MT_UNMOVABLE], mz->nr_pageblocks[MT_RECLAIMABLE] };
	uint32_t next = 0;

	if (!order)
		return -ENOMEM;
	(void)e;
	for (uint32_t i = 0; i < z->nr_pageblocks; i++)
		order[i] = (uint64_t)free_in_pb[i] << 32 | i;
	qsort(order, z->nr_pageblocks, sizeof(*order), cmp_u64);
	for (unsigned int t = 0; t < 2; t++)
		for (uint64_t n = 0; n < want[t] && next < z->nr_pageblocks; n++)
			z->pb_mt[(uint32_t)order[next++]] = t == 0 ? MT_UNMOVABLE : MT_RECLAIMABLE;
	free(order);
	return 0;
}

int engine_apply_snapshot(struct mm_engine *e, const struct mm_machine *m)
{
	struct mm_pfn_map_iter it;
	uint64_t pfn, size;
	int err, ret;

	err = zones_from_machine(e, m);
	if (err)
		return err;
	/* vm.watermark_boost_factor, 15000 at boot (mm/page_alloc.c) when not captured */
	e->watermark_boost_factor = m->sysctl.has & MM_SYSCTL_WATERMARK_BOOST_FACTOR &&
					    m->sysctl.watermark_boost_factor >= 0
				    ? (uint32_t)m->sysctl.watermark_boost_factor
				    : 15000;
	e->trace_mt_isolate = m->migrate_isolate >= 0 ? m->migrate_isolate : 4;
	e->config_cma = m->migrate_cma >= 0;
	/* zones_from_machine() started every page PG_UNKNOWN without a map, else PG_NONE */
	if (!(m->has & MM_MACHINE_HAS_FREE_BLOCKS)) {
		e->initial_state = MM_INIT_LAZY;
		return 0;
	}
	e->initial_state = MM_INIT_KPAGEFLAGS;

	/* First pass: free pages per pageblock, for the type synthesis. */
	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];
		const struct mm_zone *mz = NULL;
		uint32_t *free_in_pb = calloc(z->nr_pageblocks, sizeof(*free_in_pb));

		if (!free_in_pb)
			return -ENOMEM;
		mm_free_block_iter__init(&it, &m->free_blocks);
		while ((ret = mm_pfn_map_iter__next(&it, &pfn, &size)) > 0) {
			if (zone_of_pfn(e, pfn) != z)
				continue;
			for (uint64_t p = pfn; p < pfn + (1ull << size); p += 1ull << e->k.p->pageblock_order) {
				uint64_t n = 1ull << size;

				if (n > (1ull << e->k.p->pageblock_order))
					n = 1ull << e->k.p->pageblock_order;
				free_in_pb[pb_index(e, z, (uint32_t)(p - z->zone_start_pfn))] += (uint32_t)n;
			}
		}
		for (uint32_t j = 0; j < m->nr_zones; j++)
			if (m->zones[j].node == z->node && !strcmp(m->zones[j].name, z->name))
				mz = &m->zones[j];
		err = mz ? synthesize_pageblocks(e, z, mz, free_in_pb) : 0;
		free(free_in_pb);
		if (err)
			return err;
	}

	/* Second pass: the blocks themselves, at the tail so the list keeps pfn order. */
	mm_free_block_iter__init(&it, &m->free_blocks);
	while ((ret = mm_pfn_map_iter__next(&it, &pfn, &size)) > 0) {
		struct mm_zone_st *z = zone_of_pfn(e, pfn);
		uint32_t idx;

		if (!z || pfn + (1ull << size) > z->zone_start_pfn + z->nr_pages)
			continue;	/* outside every zone we model: not ours to place */
		idx = (uint32_t)(pfn - z->zone_start_pfn);
		buddy_add_free(e, z, idx, (unsigned int)size, pageblock_mt(e, z, idx), true);
	}
	if (ret < 0)
		return ret;

	/* pcp candidates: free on a pcp list or allocated and unmapped; learnt later. */
	mm_pcp_candidate_iter__init(&it, &m->pcp_candidates);
	while ((ret = mm_pfn_map_iter__next(&it, &pfn, &size)) > 0) {
		for (uint64_t p = pfn; p < pfn + size; p++) {
			struct mm_zone_st *z = zone_of_pfn(e, p);

			if (z && PG_KIND(z->state[p - z->zone_start_pfn]) == PG_NONE) {
				z->state[p - z->zone_start_pfn] = PG_STATE(PG_UNKNOWN, 0);
				e->stats.nr_unknown_pages++;
			}
		}
	}
	return ret < 0 ? ret : 0;
}
