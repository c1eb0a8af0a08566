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
 * and follow.c learns each from its first event. Pageblock types are not exported either:
 * synthesize_pageblocks() picks them so that each type's pageblock count and free-list
 * lengths per order match /proc/pagetypeinfo. Without the map (MM_INIT_LAZY) every page
 * is PG_UNKNOWN and follow.c learns it from the page's first event.
 *
 * With the eBPF walk (mmtrace/freelists, MM_INIT_BPF_WALK) the free lists of every zone
 * the walk saw without a race are rebuilt from it in the kernel's list order, head first,
 * so __rmqueue_smallest() takes blocks in the kernel's order. Pageblock types come from
 * the kernel's pageblock bitmap where the walk could read it (Debian's kernels, with
 * mem_section in kallsyms); otherwise each free block's pageblocks take its list's
 * migratetype (equal to the block type on 6.10+; on 6.1 they may differ) and pageblocks
 * with no free block keep their fitted type. The pcp lists of every CPU are
 * filled in order with the walked pages, and the pcp and zone counters are set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "config.h"
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

/* Per pageblock: free blocks by order, and whether it is covered by a larger free block. */
struct pb_census {
	uint16_t nr[MM_NR_ORDERS_MAX];
	uint32_t free_pages;
	uint32_t head;		/* the pageblock heading the free block that covers this one */
	uint8_t span;		/* pageblocks a free block of order > pageblock_order covers */
};

static bool census_fits(const struct pb_census *c, const uint64_t *need, unsigned int nr_orders)
{
	bool any = false;

	for (unsigned int o = 0; o < nr_orders; o++) {
		if (c->nr[o] > need[o])
			return false;
		any |= c->nr[o] != 0;
	}
	return any;
}

static void census_assign(struct mm_zone_st *z, struct pb_census *c, uint32_t pb, unsigned int mt,
			  uint64_t *need, uint64_t *want, unsigned int nr_orders)
{
	for (uint32_t i = 0; i < c[pb].span && pb + i < z->nr_pageblocks; i++)
		z->pb_mt[pb + i] = (uint8_t)mt;
	for (unsigned int o = 0; o < nr_orders; o++)
		if (need[o] != UINT64_MAX)
			need[o] -= c[pb].nr[o];
	*want -= *want < c[pb].span ? *want : c[pb].span;
}

/*
 * The pageblock-type synthesis (see the file comment): /proc/pagetypeinfo gives, per
 * migratetype, how many pageblocks there are and how many free blocks of each order sit
 * on its lists, but not which pageblocks. For each non-MOVABLE type, rarest first, take
 * (lowest pfn first) the pageblocks whose free blocks still fit in that type's counts,
 * then pageblocks with no free pages, then those with the fewest; the rest are MOVABLE.
 * When the counts allow only one choice this is the kernel's layout.
 */
static int synthesize_pageblocks(struct mm_engine *e, struct mm_zone_st *z, const struct mm_zone *mz,
				 struct pb_census *c)
{
	static const unsigned int types[] = { MT_RECLAIMABLE, MT_HIGHATOMIC, MT_UNMOVABLE };
	unsigned int nr_orders = e->k.p->nr_page_orders;
	uint64_t need[3][MM_NR_ORDERS_MAX], want[3];
	uint64_t *order;
	unsigned int seq[3] = { 0, 1, 2 };

	for (unsigned int t = 0; t < 3; t++) {
		unsigned int mt = types[t];

		want[t] = (mz->has & MM_ZONE_HAS_PAGEBLOCKS) ? mz->nr_pageblocks[mt] : 0;
		for (unsigned int o = 0; o < nr_orders; o++)
			need[t][o] = !(mz->has & MM_ZONE_HAS_PAGETYPEINFO) ||
						 (mz->nr_free_capped[mt] & (1u << o))
					     ? UINT64_MAX
					     : mz->nr_free_mt[mt][o];
	}
	/* rarest type first: its few pageblocks are the most constrained */
	for (unsigned int i = 0; i < 3; i++)
		for (unsigned int j = i + 1; j < 3; j++)
			if (want[seq[j]] < want[seq[i]]) {
				unsigned int x = seq[i];

				seq[i] = seq[j];
				seq[j] = x;
			}
	for (unsigned int i = 0; i < 3; i++) {
		unsigned int t = seq[i];

		for (uint32_t pb = 0; pb < z->nr_pageblocks && want[t]; pb++)
			if (c[pb].head == pb && z->pb_mt[pb] == MT_MOVABLE && c[pb].span <= want[t] &&
			    census_fits(&c[pb], need[t], nr_orders))
				census_assign(z, c, pb, types[t], need[t], &want[t], nr_orders);
		for (uint32_t pb = 0; pb < z->nr_pageblocks && want[t]; pb++)
			if (c[pb].head == pb && z->pb_mt[pb] == MT_MOVABLE && !c[pb].free_pages)
				census_assign(z, c, pb, types[t], need[t], &want[t], nr_orders);
	}
	if (!want[0] && !want[1] && !want[2])
		return 0;
	/* Not enough: the pageblocks with the fewest free pages, as kernel allocations fill them. */
	order = malloc(z->nr_pageblocks * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (uint32_t pb = 0; pb < z->nr_pageblocks; pb++)
		order[pb] = (uint64_t)c[pb].free_pages << 32 | pb;
	qsort(order, z->nr_pageblocks, sizeof(*order), cmp_u64);
	for (unsigned int i = 0; i < 3; i++)
		for (uint32_t k = 0; k < z->nr_pageblocks && want[seq[i]]; k++) {
			uint32_t pb = (uint32_t)order[k];

			if (c[pb].head == pb && z->pb_mt[pb] == MT_MOVABLE)
				census_assign(z, c, pb, types[seq[i]], need[seq[i]], &want[seq[i]], nr_orders);
		}
	free(order);
	return 0;
}

/* Counts the free blocks of zone z per pageblock. */
static int census_zone(struct mm_engine *e, struct mm_zone_st *z, const struct mm_machine *m,
		       struct pb_census *c)
{
	unsigned int pbo = e->k.p->pageblock_order;
	struct mm_pfn_map_iter it;
	uint64_t pfn, size;
	int ret;

	for (uint32_t pb = 0; pb < z->nr_pageblocks; pb++) {
		c[pb].head = pb;
		c[pb].span = 1;
	}
	mm_free_block_iter__init(&it, &m->free_blocks);
	while ((ret = mm_pfn_map_iter__next(&it, &pfn, &size)) > 0) {
		uint32_t pb, span;

		if (zone_of_pfn(e, pfn) != z || pfn + (1ull << size) > z->zone_start_pfn + z->nr_pages ||
		    size >= MM_NR_ORDERS_MAX)
			continue;
		pb = pb_index(e, z, (uint32_t)(pfn - z->zone_start_pfn));
		span = size > pbo ? 1u << (size - pbo) : 1;
		c[pb].nr[size]++;
		c[pb].free_pages += (uint32_t)(1ull << size);
		c[pb].span = (uint8_t)(span < 255 ? span : 255);
		for (uint32_t i = 1; i < span && pb + i < z->nr_pageblocks; i++)
			c[pb + i].head = pb;
	}
	return ret;
}

/*
 * 6.7+ tunes pcp->high between high_min and high_max, but some 6.12 stable kernels' zoneinfo
 * prints neither (6.12.117 does not): derive them as the kernel computed them, with the
 * same fitted managed counts `info --check` uses, or refills would be a single page.
 */
static int pcp_bounds_from_config(struct mm_engine *e, const struct mm_machine *m)
{
	struct mm_config_check c;
	bool missing = false;
	int err;

	if (!e->k.p->pcp_high_autotune)
		return 0;
	for (uint32_t i = 0; i < m->nr_zones; i++)
		for (uint32_t cpu = 0; cpu < m->zones[i].nr_pagesets; cpu++)
			missing |= !m->zones[i].pagesets[cpu].has_high_min_max;
	if (!missing)
		return 0;
	memset(&c, 0, sizeof(c));
	err = mm_config_check(&e->k, m, 0, &c);
	if (err) {
		/* several nodes or odd zones: keep what zoneinfo printed */
		mm_config_check__free(&c);
		return err == -ENOMEM ? err : 0;
	}
	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];

		for (uint32_t j = 0; j < c.in.nr_zones; j++) {
			if (c.in.zones[j].node != z->node || c.in.zones[j].zone_idx != z->zone_idx)
				continue;
			for (uint32_t cpu = 0; cpu < e->nr_cpus; cpu++) {
				if (z->pcp[cpu].high_min || z->pcp[cpu].high_max)
					continue;
				z->pcp[cpu].high_min = c.out.zones[j].high_min;
				z->pcp[cpu].high_max = c.out.zones[j].high_max;
			}
		}
	}
	mm_config_check__free(&c);
	return 0;
}

/* The engine zone the walk's zone describes, or NULL. */
static struct mm_zone_st *walk_zone(struct mm_engine *e, const struct mm_fl_zone *fz)
{
	for (uint32_t i = 0; i < e->nr_zones; i++)
		if (e->zones[i].node == fz->node && !strcmp(e->zones[i].name, fz->name))
			return &e->zones[i];
	return NULL;
}

/* The walked pfn pfns[k] as an index into z, or MM_NO_IDX if outside the zone. */
static uint32_t walk_idx(const struct mm_zone_st *z, uint64_t pfn, unsigned int order)
{
	if (pfn < z->zone_start_pfn || pfn + (1ull << order) > z->zone_start_pfn + z->nr_pages)
		return MM_NO_IDX;
	return (uint32_t)(pfn - z->zone_start_pfn);
}

/* Replaces z's free lists by the walked ones (see the file comment). */
static void walk_buddy(struct mm_engine *e, struct mm_zone_st *z, const struct mm_fl_zone *fz,
		       const struct mm_freelists *fl)
{
	unsigned int pbo = e->k.p->pageblock_order, nr_orders = e->k.p->nr_page_orders;

	for (unsigned int o = 0; o < MM_NR_ORDERS_MAX; o++)
		for (unsigned int mt = 0; mt < MT__NR; mt++) {
			uint32_t head = free_list_head(z, o, mt), idx;

			while ((idx = lst_first(z, head)) != MM_NO_IDX)
				buddy_del_free(e, z, idx, o, mt);
		}
	for (unsigned int o = 0; o < fz->nr_orders && o < nr_orders; o++)
		for (unsigned int kmt = 0; kmt < fz->nr_migratetypes; kmt++) {
			const struct mm_fl_list *l = &fz->free[o][kmt];
			unsigned int mt = engine_mt_from_trace(e, (int32_t)kmt);

			for (uint32_t k = 0; k < l->nr; k++) {
				uint32_t idx = walk_idx(z, fl->pfns[l->start + k], o);

				if (idx == MM_NO_IDX || PG_KIND(z->state[idx]) == PG_BUDDY)
					continue;
				if (PG_KIND(z->state[idx]) == PG_UNKNOWN)
					e->stats.nr_unknown_pages--;
				buddy_add_free(e, z, idx, o, mt, true);
				if (fz->pb_mt)
					continue;	/* the bitmap below is exact */
				for (uint32_t i = 0; i < (o > pbo ? 1u << (o - pbo) : 1u); i++) {
					uint32_t pb = pb_index(e, z, idx) + i;

					if (pb < z->nr_pageblocks)
						z->pb_mt[pb] = (uint8_t)mt;
				}
			}
		}
	/* the pageblock bitmap, where the walk read it: every pageblock's exact type */
	for (uint64_t i = 0; fz->pb_mt && i < fz->nr_pageblocks; i++) {
		uint64_t pfn = fz->pb_first_pfn + (i << pbo);
		uint32_t pb;

		if (pfn + (1ull << pbo) <= z->zone_start_pfn ||
		    pfn >= z->zone_start_pfn + z->nr_pages)
			continue;
		pb = (uint32_t)((pfn >> pbo) - (z->zone_start_pfn >> pbo));
		if (pb < z->nr_pageblocks)
			z->pb_mt[pb] = (uint8_t)engine_mt_from_trace(e, fz->pb_mt[i]);
	}
	z->watermark_boost = fz->watermark_boost;
	/* enum zone_flags: BOOSTED_WATERMARK 0, RECLAIM_ACTIVE 1, BELOW_HIGH 2 (6.7+) */
	z->flags = (uint32_t)(fz->flags & 7);
	z->nr_reserved_highatomic = (int64_t)fz->nr_reserved_highatomic;
}

/* Fills cpu's pcp lists of z with the walked pages, in order, and sets its counters. */
static void walk_pcp(struct mm_engine *e, struct mm_zone_st *z, const struct mm_fl_pcp *fp,
		     const struct mm_freelists *fl)
{
	struct mm_pcp *pcp = &z->pcp[fp->cpu];
	unsigned int nr_lists = pcp_nr_lists(e);

	for (unsigned int pindex = 0; pindex < MM_MAX_PCP_LISTS && pindex < nr_lists; pindex++) {
		const struct mm_fl_list *l = &fp->lists[pindex];
		unsigned int order = pcp_pindex_to_order(e, pindex);
		uint32_t head = pcp_list_head(z, fp->cpu, pindex);

		for (uint32_t k = 0; k < l->nr; k++) {
			uint32_t idx = walk_idx(z, fl->pfns[l->start + k], order);
			unsigned int kind;

			if (idx == MM_NO_IDX)
				continue;
			kind = PG_KIND(z->state[idx]);
			if (kind != PG_NONE && kind != PG_UNKNOWN)
				continue;	/* already on a list: the walk raced */
			if (kind == PG_UNKNOWN)
				e->stats.nr_unknown_pages--;
			z->state[idx] = PG_STATE(PG_PCP, order);
			/* the low-order lists are per type; the THP ones go by the block's */
			z->pcp_mt[idx] = (uint8_t)(pindex < NR_LOWORDER_PCP_LISTS ? pindex % MT_PCPTYPES
										  : pageblock_mt(e, z, idx));
			lst_add_tail(z, head, idx);
			pcp->count += 1 << order;
		}
	}
	pcp->high = fp->high;
	pcp->batch = fp->batch;
	if (fp->has & MM_FL_HIGH_MIN_MAX) {
		pcp->high_min = fp->high_min;
		pcp->high_max = fp->high_max;
	}
	if (fp->has & MM_FL_ALLOC_FACTOR)
		pcp->alloc_factor = fp->alloc_factor;
	if (fp->has & MM_FL_FREE_COUNT)
		pcp->free_count = (int16_t)fp->free_count;
	if (fp->has & MM_FL_FREE_FACTOR)
		pcp->free_factor = (uint8_t)fp->free_factor;
	if (fp->has & MM_FL_PCP_FLAGS)
		pcp->flags = fp->flags;
}

/* Returns true if the walk set the state of at least one zone. */
static bool apply_freelists(struct mm_engine *e, const struct mm_machine *m)
{
	const struct mm_freelists *fl = &m->freelists;
	bool used = false;

	for (uint32_t i = 0; i < fl->nr_zones; i++) {
		const struct mm_fl_zone *fz = &fl->zones[i];
		struct mm_zone_st *z = walk_zone(e, fz);

		if (!z)
			continue;
		if (!fz->racy) {
			walk_buddy(e, z, fz, fl);
			used = true;
		}
		for (uint32_t c = 0; c < fz->nr_pcps; c++)
			if (!fz->pcps[c].racy && fz->pcps[c].cpu < e->nr_cpus)
				walk_pcp(e, z, &fz->pcps[c], fl);
	}
	return used;
}

int engine_apply_snapshot(struct mm_engine *e, const struct mm_machine *m)
{
	struct mm_pfn_map_iter it;
	uint64_t pfn, size;
	int err, ret;

	err = zones_from_machine(e, m);
	if (!err)
		err = pcp_bounds_from_config(e, m);
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
		if ((m->has & MM_MACHINE_HAS_FREELISTS) && apply_freelists(e, m))
			e->initial_state = MM_INIT_BPF_WALK;
		return 0;
	}
	e->initial_state = MM_INIT_KPAGEFLAGS;

	/* First pass: each pageblock's free blocks, for the type synthesis. */
	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];
		const struct mm_zone *mz = NULL;
		struct pb_census *c = calloc(z->nr_pageblocks, sizeof(*c));

		if (!c)
			return -ENOMEM;
		ret = census_zone(e, z, m, c);
		for (uint32_t j = 0; j < m->nr_zones; j++)
			if (m->zones[j].node == z->node && !strcmp(m->zones[j].name, z->name))
				mz = &m->zones[j];
		err = ret < 0 ? ret : mz ? synthesize_pageblocks(e, z, mz, c) : 0;
		free(c);
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
	if (ret < 0)
		return ret;
	if ((m->has & MM_MACHINE_HAS_FREELISTS) && apply_freelists(e, m))
		e->initial_state = MM_INIT_BPF_WALK;
	return 0;
}
