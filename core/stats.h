/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a replay counts (report/json.c turns it into JSON; report/SCHEMA.md documents it).
 * Plain counters, so results of several engines can be compared field by field.
 */
#ifndef MMTRACE_CORE_STATS_H
#define MMTRACE_CORE_STATS_H

#include <stdbool.h>
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

/* One inconsistent event, kept for the report (the first MM_NR_INC_SAMPLES of them). */
struct mm_inc_sample {
	uint64_t event_nr;	/* 0-based position in the trace */
	uint64_t pfn;
	uint32_t order;
	uint16_t type;		/* enum mm_event_type */
	uint8_t cls;		/* enum mm_inconsistency */
	uint8_t state;		/* the model's page kind at pfn (enum pg_kind, see SCHEMA.md) */
};
#define MM_NR_INC_SAMPLES 16

/* simulate mode: the model's choices against the kernel's */
struct mm_sim_stats {
	uint64_t nr_requests;		/* mm_page_alloc requests decided */
	uint64_t nr_pfn_agree;		/* same pfn, or both failed */
	uint64_t nr_model_failed;
	uint64_t nr_kernel_failed;
	uint64_t nr_free_conflicts;	/* a free the model could not apply */
	uint64_t nr_bad_requests;	/* an order the profile does not have */
	bool diverged;
	uint64_t first_divergence_event;
	uint64_t first_divergence_kernel_pfn;
	uint64_t first_divergence_model_pfn;
};

/*
 * follow mode, lock-step: before each recorded buddy removal, what __rmqueue_smallest()
 * would have taken from the model's lists.
 */
struct mm_follow_predict {
	uint64_t nr_buddy;		/* removals the model had a block for */
	uint64_t nr_buddy_agree;	/* ... and it was the kernel's pfn */
	uint64_t nr_buddy_no_block;	/* the model had none: it would have fallen back */
	/* recorded fallbacks (mm_page_alloc_extfrag), against __rmqueue()'s fallback path */
	uint64_t nr_fallback;
	uint64_t nr_fallback_needed;	/* the model had no block of the requested type either */
	uint64_t nr_fallback_same_block; /* ... and its fallback took the kernel's block */
	uint64_t nr_fallback_same_claim; /* ... and made the kernel's pageblock-claim decision */
	/* recorded pcp refills (rmqueue_bulk(): a run of zone_locked pages onto one pcp list) */
	uint64_t nr_refill;
	uint64_t nr_refill_needed;	/* the model's pcp list was empty too */
	uint64_t nr_refill_same_count;	/* ... and nr_pcp_alloc() asked for the kernel's count */
};

struct mm_stats {
	uint64_t nr_events;
	uint64_t nr_events_by_type[16];
	uint64_t nr_onlined_pages;	/* frees of never-seen pfns, taken as memory onlining */
	uint64_t nr_unknown_pages;	/* pages whose starting state the snapshot could not tell */
	uint64_t nr_inferred_bulk_allocs; /* frees of pcp pages: alloc_pages_bulk() is not traced */
	uint64_t nr_untraced_pcp_takes;	/* pcp pages gone when the kernel refilled their list */
	uint64_t inconsistencies[INC__NR];
	uint32_t nr_inc_samples;
	struct mm_inc_sample inc_samples[MM_NR_INC_SAMPLES];
	struct mm_sim_stats sim;
	struct mm_follow_predict predict;
	uint32_t nr_zones;
	struct mm_zone_stats zone[MM_STATS_MAX_ZONES];
};

/* A zone's free lists at a moment, as /proc/buddyinfo and /proc/pagetypeinfo count them. */
struct mm_zone_free {
	int32_t node;
	int32_t zone_idx;
	char name[16];
	uint64_t managed_pages;
	uint64_t nr_free[MM_NR_ORDERS_MAX];		/* free_area[order].nr_free */
	uint64_t nr_free_mt[MT__NR][MM_NR_ORDERS_MAX];	/* free_list[mt] lengths */
	uint64_t nr_pageblocks[MT__NR];
	uint64_t nr_free_pages;
	uint64_t nr_pcp_pages;
	uint64_t wmark[4];
	/* CPU 0's pcp sizes (6.1 uses high only; 6.12 tunes high within [high_min, high_max]) */
	int32_t pcp_batch, pcp_high, pcp_high_min, pcp_high_max;
};

/* The free lists and pageblock owners sampled every --interval events (engine.c). */
struct mm_sample {
	uint64_t event_nr;	/* events replayed when taken */
	uint64_t ts_ns;		/* the last event's timestamp */
	uint64_t nr_free[MM_STATS_MAX_ZONES][MM_NR_ORDERS_MAX];
	uint64_t nr_pageblocks[MM_STATS_MAX_ZONES][MT__NR];	/* pageblocks per migratetype */
	uint64_t nr_fallbacks[MM_STATS_MAX_ZONES];		/* so far: sum of fallbacks[][][][] */
	uint64_t nr_pageblock_claims[MM_STATS_MAX_ZONES];	/* so far: sum of the claims */
};

/* Fragmentation metrics of mm/vmstat.c (KERNEL-NOTES §7) in thousandths, as the kernel keeps them. */
int32_t mm_unusable_free_index(const uint64_t nr_free[], unsigned int nr_orders, unsigned int order);
int32_t mm_fragmentation_index(const uint64_t nr_free[], unsigned int nr_orders, unsigned int order);

#endif
