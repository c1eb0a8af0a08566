/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a replay counts (report/json.c turns it into JSON; report/SCHEMA.md documents it).
 * Plain counters, so results of several engines can be compared field by field.
 */
#ifndef MMTRACE_CORE_STATS_H
#define MMTRACE_CORE_STATS_H

#include <stdint.h>

#include "profile.h"

#define MM_STATS_MAX_ZONES 8

struct mm_zone_stats {
	uint64_t nr_alloc[MM_NR_ORDERS_MAX];		/* successful allocations by order */
	uint64_t nr_alloc_failed[MM_NR_ORDERS_MAX];	/* every watermark and list failed */
	uint64_t nr_wmark_fail[4];			/* watermark check failures by mark */
	uint64_t nr_pcp_hit;				/* served from a pcp list */
	uint64_t nr_pcp_refill;				/* rmqueue_bulk calls */
	uint64_t nr_pcp_refill_pages;
	uint64_t nr_pcp_drain_pages;			/* pages moved pcp -> buddy */
	/* fallbacks[order][start_mt][fallback_mt][fallback_order] */
	uint64_t fallbacks[MM_NR_ORDERS_MAX][MT_PCPTYPES][MT_PCPTYPES][MM_NR_ORDERS_MAX];
	uint64_t nr_pageblock_claims[MT_PCPTYPES][MT__NR];	/* [to][from] */
	uint64_t nr_highatomic_reserve;
	uint64_t nr_highatomic_unreserve;
	/* unmovable / reclaimable allocations placed in MOVABLE pageblocks */
	uint64_t nr_polluting_allocs[MT_PCPTYPES];
	uint64_t nr_polluting_pages[MT_PCPTYPES];
	uint64_t nr_boosts;
};

/* follow mode: what the trace asked for that the model's state could not explain */
enum mm_inconsistency {
	INC_ALLOC_NOT_FREE,	/* an allocation of pages the model holds as allocated */
	INC_FREE_NOT_ALLOCATED,	/* a free of pages the model holds as free */
	INC_PFN_OUTSIDE_ZONES,	/* a pfn no zone spans */
	INC_ORDER_MISMATCH,	/* a free whose order differs from its allocation's */
	INC_DRAIN_NOT_ON_PCP,	/* a pcpu_drain of a page the model has not on a pcp list */
	INC__NR,
};

struct mm_stats {
	uint64_t nr_events;
	uint64_t nr_events_by_type[16];
	uint64_t nr_onlined_pages;	/* frees of never-seen pfns, taken as memory onlining */
	uint64_t inconsistencies[INC__NR];
	uint32_t nr_zones;
	struct mm_zone_stats zone[MM_STATS_MAX_ZONES];
};

#endif
