// SPDX-License-Identifier: GPL-2.0-only
/*
 * get_page_from_freelist() and rmqueue() over the engine's zones, and the page-level
 * entry points of a simulated replay (KERNEL-NOTES §2): mm/page_alloc.c of 6.1 and 6.12.
 *
 * Not modelled: cpusets and mempolicies (no nodemask), dirty-page spreading
 * (__GFP_WRITE), node_reclaim (zone_reclaim_mode 0), deferred/unaccepted memory growth,
 * and everything of the slow path after its first get_page_from_freelist() calls
 * (reclaim, compaction, OOM, highatomic unreserve). The zonelist is the UMA one; with
 * several nodes the preferred node is the lowest-numbered and the others follow by
 * number, not by distance.
 */
#include <errno.h>
#include <string.h>

#include "alloc.h"
#include "event.h"
#include "gfp.h"

/* struct alloc_context, without zonelist pointers: the zonelist is walked by rank */
struct alloc_context {
	unsigned int highest_zoneidx;
	unsigned int migratetype;
	int32_t preferred_nid;
	unsigned int nr_nodes;
	struct mm_zone_st *preferred;	/* ac->preferred_zoneref */
};

/*
 * A zone's place in the node's fallback zonelist (build_zonelists(), both): the preferred
 * node's zones first, each node's populated zones from the highest index down.
 */
static uint64_t alloc_zone_rank(const struct alloc_context *ac, const struct mm_zone_st *z)
{
	uint64_t node_rank = z->node == ac->preferred_nid ? 0 : (uint64_t)(uint32_t)z->node + 1;

	return node_rank * ZT__NR + (uint64_t)(ZT__NR - 1 - z->zone_idx);
}

/*
 * for_next_zone_zonelist_nodemask(): the next zone after prev (NULL: the first) that is
 * populated and no higher than highest_zoneidx.
 */
static struct mm_zone_st *alloc_next_zone(struct mm_engine *e, const struct alloc_context *ac,
					  const struct mm_zone_st *prev)
{
	struct mm_zone_st *best = NULL;
	uint64_t after = prev ? alloc_zone_rank(ac, prev) : 0, best_rank = UINT64_MAX;

	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];
		uint64_t r;

		/* build_zonerefs_node() lists populated_zone()s: present pages */
		if (!z->present_pages || (uint32_t)z->zone_idx > ac->highest_zoneidx)
			continue;
		r = alloc_zone_rank(ac, z);
		if ((prev && r <= after) || r >= best_rank)
			continue;
		best = z;
		best_rank = r;
	}
	return best;
}

static void alloc_prepare(struct mm_engine *e, uint64_t gfp, struct alloc_context *ac)
{
	memset(ac, 0, sizeof(*ac));
	ac->highest_zoneidx = gfp_zone(gfp);
	ac->migratetype = gfp_migratetype(e, gfp);
	ac->preferred_nid = e->nr_zones ? e->zones[0].node : 0;
	for (uint32_t i = 0; i < e->nr_zones; i++) {
		bool seen = false;

		if (e->zones[i].node < ac->preferred_nid)
			ac->preferred_nid = e->zones[i].node;
		for (uint32_t j = 0; j < i; j++)
			seen |= e->zones[j].node == e->zones[i].node;
		ac->nr_nodes += !seen;
	}
	/* first_zones_zonelist() */
	ac->preferred = alloc_next_zone(e, ac, NULL);
}

/* rmqueue_buddy() (both): the HIGHATOMIC reserve first for ALLOC_HIGHATOMIC, last for
 * order-0 ALLOC_NON_BLOCK/OOM (6.1.119+; before, first for order > 0 ALLOC_HARDER only) */
static uint32_t alloc_rmqueue_buddy(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
				    unsigned int alloc_flags, unsigned int mt)
{
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	uint32_t idx = MM_NO_IDX;

	if (!e->k.alloc_flags_6_3) {
		if (order > 0 && (alloc_flags & ALLOC_HARDER))
			idx = buddy_rmqueue_smallest(e, z, order, MT_HIGHATOMIC);
		if (idx == MM_NO_IDX)
			idx = buddy_rmqueue(e, z, order, mt, alloc_flags, &mode);
		return idx;
	}
	if (alloc_flags & ALLOC_HIGHATOMIC)
		idx = buddy_rmqueue_smallest(e, z, order, MT_HIGHATOMIC);
	if (idx == MM_NO_IDX) {
		idx = buddy_rmqueue(e, z, order, mt, alloc_flags, &mode);
		/* failing now is worse than failing a high-order atomic request later */
		if (idx == MM_NO_IDX && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
			idx = buddy_rmqueue_smallest(e, z, order, MT_HIGHATOMIC);
	}
	return idx;
}

/* rmqueue() (both): the pcp for pcp-able orders, else (or if that gave nothing) the buddy */
static uint32_t alloc_rmqueue(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu,
			      unsigned int order, unsigned int alloc_flags, unsigned int mt,
			      bool *from_pcp)
{
	uint32_t idx = MM_NO_IDX;

	*from_pcp = false;
	/* 6.1, CONFIG_CMA: the MOVABLE pcp list may hold CMA pages; skipped without ALLOC_CMA */
	if (pcp_allowed_order(e, order) &&
	    (!(e->k.p->pcp_skip_cma_movable && e->config_cma) || (alloc_flags & ALLOC_CMA) ||
	     mt != MT_MOVABLE)) {
		idx = pcp_rmqueue_pcplist(e, z, cpu, order, mt, alloc_flags);
		*from_pcp = idx != MM_NO_IDX;
	}
	if (idx == MM_NO_IDX)
		idx = alloc_rmqueue_buddy(e, z, order, alloc_flags, mt);
	/* the kswapd wakeup itself changes nothing the model holds */
	if ((z->flags & ZONE_BOOSTED_WATERMARK) &&
	    (!gfp_boost_wake_needs_kswapd(e) || (alloc_flags & ALLOC_KSWAPD)))
		z->flags &= ~ZONE_BOOSTED_WATERMARK;
	if (idx != MM_NO_IDX)
		z->state[idx] = PG_STATE(PG_ALLOC, order);
	return idx;
}

/* get_page_from_freelist() (both; the ZONE_BELOW_HIGH pre-check is 6.12's) */
static uint32_t alloc_get_page_from_freelist(struct mm_engine *e, uint32_t cpu, uint64_t gfp,
					     unsigned int order, unsigned int alloc_flags,
					     const struct alloc_context *ac,
					     struct alloc_result *res)
{
	unsigned int highest_zoneidx = ac->highest_zoneidx;
	bool no_fallback;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (struct mm_zone_st *z = ac->preferred; z; z = alloc_next_zone(e, ac, z)) {
		unsigned int wmark = alloc_flags & ALLOC_WMARK_MASK;
		bool from_pcp;
		uint32_t idx;

		/* leaving the local node: locality beats fragmentation avoidance */
		if (no_fallback && ac->nr_nodes > 1 && z != ac->preferred &&
		    z->node != ac->preferred->node) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		/*
		 * 6.12: a zone below its high mark is flagged, which makes the pcp free path
		 * shrink pcp->high; above it the allocation goes ahead at once.
		 */
		if (e->k.p->below_high_precheck && !(z->flags & ZONE_BELOW_HIGH)) {
			if (wmark_zone_watermark_fast(e, z, order, wmark_pages(z, MM_WMARK_HIGH),
						      highest_zoneidx, alloc_flags, gfp))
				goto try_this_zone;
			z->flags |= ZONE_BELOW_HIGH;
		}
		if (!wmark_zone_watermark_fast(e, z, order, wmark_pages(z, wmark), highest_zoneidx,
					       alloc_flags, gfp)) {
			zone_stats(e, z)->nr_wmark_fail[wmark]++;
			if (!(alloc_flags & ALLOC_NO_WATERMARKS))
				continue;
		}
try_this_zone:
		idx = alloc_rmqueue(e, z, cpu, order, alloc_flags, ac->migratetype, &from_pcp);
		if (idx == MM_NO_IDX)
			continue;
		/* a high-order atomic allocation may turn its pageblock into a reserve */
		if (e->k.alloc_flags_6_3 ? (alloc_flags & ALLOC_HIGHATOMIC)
					 : (order && (alloc_flags & ALLOC_HARDER)))
			highatomic_reserve(e, z, idx, order);
		res->zone = (int32_t)(z - e->zones);
		res->pfn = z->zone_start_pfn + idx;
		res->pcp = from_pcp;
		res->alloc_flags = alloc_flags;
		return idx;
	}
	/* a UMA machine can get through every zone fragmented: try again allowing it */
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	res->alloc_flags = alloc_flags;
	return MM_NO_IDX;
}

int alloc_pages_sim(struct mm_engine *e, uint32_t cpu, unsigned int order, uint64_t gfp,
		    struct alloc_result *res)
{
	struct alloc_context ac;
	struct mm_zone_stats *zs;
	unsigned int alloc_flags, reserve_flags;
	uint32_t idx;

	memset(res, 0, sizeof(*res));
	res->zone = -1;
	res->pfn = MM_PFN_NONE;
	res->order = order;
	if (order >= e->k.p->nr_page_orders || cpu >= e->nr_cpus || !e->nr_zones)
		return -EINVAL;
	alloc_prepare(e, gfp, &ac);
	res->migratetype = ac.migratetype;
	if (!ac.preferred) {
		res->failed = true;
		e->stats.zone[0].nr_alloc_failed[order]++;
		return 0;
	}

	/* __alloc_pages(): the fast path at the low watermark, fragmentation avoided */
	alloc_flags = gfp_fast_alloc_flags(e, ac.preferred, gfp);
	idx = alloc_get_page_from_freelist(e, cpu, gfp, order, alloc_flags, &ac, res);
	if (idx == MM_NO_IDX) {
		/* __alloc_pages_slowpath(): min watermark and reserves, before any reclaim */
		res->slowpath = true;
		alloc_flags = gfp_to_alloc_flags(e, gfp, order);
		idx = alloc_get_page_from_freelist(e, cpu, gfp, order, alloc_flags, &ac, res);
		reserve_flags = gfp_pfmemalloc_flags(gfp);
		if (idx == MM_NO_IDX && reserve_flags) {
			alloc_flags = gfp_to_alloc_flags_cma(e, gfp, reserve_flags) |
				      (alloc_flags & ALLOC_KSWAPD);
			idx = alloc_get_page_from_freelist(e, cpu, gfp, order, alloc_flags, &ac,
							   res);
		}
	}
	if (idx == MM_NO_IDX) {
		res->failed = true;
		zone_stats(e, ac.preferred)->nr_alloc_failed[order]++;
		return 0;
	}
	zs = zone_stats(e, &e->zones[res->zone]);
	zs->nr_alloc[order]++;
	if ((ac.migratetype == MT_UNMOVABLE || ac.migratetype == MT_RECLAIMABLE) &&
	    pageblock_mt(e, &e->zones[res->zone], idx) == MT_MOVABLE) {
		zs->nr_polluting_allocs[ac.migratetype]++;
		zs->nr_polluting_pages[ac.migratetype] += 1u << order;
	}
	return 0;
}

void alloc_free_one_page(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			 unsigned int order)
{
	unsigned int pbo = e->k.p->pageblock_order;
	uint32_t end = idx + (1u << order);

	z->state[idx] = PG_STATE(PG_NONE, 0);
	/* 6.1: one block, freed with the type of the pageblock holding its head */
	if (!buddy_freelist_hygiene(e)) {
		buddy_free_one_page(e, z, idx, order, pageblock_mt(e, z, idx), 0);
		return;
	}
	/* 6.12 split_large_buddy(): each pageblock with its own type */
	if (order > pbo)
		order = pbo;
	for (; idx < end && idx < z->nr_pages; idx += 1u << order)
		buddy_free_one_page(e, z, idx, order, pageblock_mt(e, z, idx), 0);
}

int free_pages_sim(struct mm_engine *e, uint32_t cpu, uint64_t pfn, unsigned int order)
{
	struct mm_zone_st *z = zone_of_pfn(e, pfn);
	uint32_t idx;
	unsigned int kind;

	if (!z || order >= e->k.p->nr_page_orders || cpu >= e->nr_cpus ||
	    pfn + (1ull << order) > z->zone_start_pfn + z->nr_pages)
		return -EINVAL;
	idx = (uint32_t)(pfn - z->zone_start_pfn);
	kind = PG_KIND(z->state[idx]);
	/* a page already free (or a hole) would corrupt the lists */
	if (kind == PG_BUDDY || kind == PG_PCP || kind == PG_HOLE)
		return -EINVAL;
	/* __free_pages() -> free_unref_page(); 6.1 free_the_page() makes the same choice */
	z->state[idx] = PG_STATE(PG_NONE, 0);
	pcp_free_unref_page(e, z, cpu, idx, order);
	return 0;
}
