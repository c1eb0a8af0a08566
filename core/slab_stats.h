/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the SLUB model counts (core/slab_model.c; report/json_slab.c turns it into the
 * "slab" section, report/SCHEMA.md documents it). Plain counters, one row per cache of the
 * start snapshot, so two replays compare field by field.
 */
#ifndef MMTRACE_CORE_SLAB_STATS_H
#define MMTRACE_CORE_SLAB_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"

/* How a slab object is placed in a slab (mm_slab_stats.membership). */
enum mm_slab_membership {
	/* follow mode with kernel addresses in the trace: the slab is the object's pointer
	 * rounded down to the slab size (slab pages of order oo are naturally aligned) */
	MM_SLAB_BY_POINTER,
	/* simulate mode, or hashed pointers: the model fills slabs as ___slab_alloc() does */
	MM_SLAB_BY_MODEL,
};

/* /proc/slabinfo of the start and end snapshots, for one cache (0 when absent). */
struct mm_slabinfo_delta {
	bool have_start, have_end;
	uint64_t active_objs[2];	/* [0] start, [1] end */
	uint64_t num_objs[2];
	uint64_t num_slabs[2];
};

struct mm_slab_cache_stats {
	char name[64];			/* the /sys/kernel/slab directory */
	uint32_t object_size;
	uint32_t size;			/* s->size */
	uint32_t order;			/* oo_order(s->oo) */
	uint32_t objs_per_slab;
	uint32_t min_order;		/* oo_order(s->min), the fallback */
	uint32_t min_partial;
	uint32_t cpu_partial_slabs;
	uint32_t migratetype;		/* of its slab pages: RECLAIMABLE for reclaim-accounted */

	uint64_t nr_alloc;		/* objects allocated during the trace */
	uint64_t nr_free;		/* ... and freed (only objects allocated in the trace) */
	uint64_t nr_free_untracked;	/* frees of objects allocated before the trace */
	uint64_t nr_live_end;		/* allocated in the trace, not freed */
	uint64_t nr_remote_frees;	/* freed on another CPU than the cpu slab's */

	uint64_t nr_slabs_alloc;	/* new_slab() */
	uint64_t nr_slabs_free;		/* discard_slab() */
	uint64_t nr_slabs_preexisting;	/* slabs first seen holding an older object */
	uint64_t nr_slabs_live_end;	/* allocated in the trace, not discarded */
	uint64_t slabs_by_order[MM_NR_ORDERS_MAX];	/* new slabs whose page is known */
	uint64_t slabs_by_mt[MT__NR];
	uint64_t nr_slabs_no_page;	/* new slabs whose page allocation is not known */
	uint64_t nr_slab_alloc_failed;	/* simulate: both orders failed in the model */
	uint64_t nr_refill_cpu_partial;	/* ___slab_alloc(): from the per-cpu partial list */
	uint64_t nr_refill_node_partial;	/* ... from the node partial list */
	uint64_t nr_refill_new_slab;
	uint64_t nr_order_fallbacks;	/* allocate_slab() retried at s->min */
	uint64_t nr_cpu_partial_drains;	/* put_cpu_partial() flushed a full per-cpu list */
	uint32_t nr_cpu_partial_end;	/* slabs on per-cpu partial lists at the end */
	uint32_t nr_node_partial_end;	/* slabs on the node partial list at the end */

	uint64_t waste_internal_bytes;	/* sum of bytes_alloc - bytes_req */
	uint64_t waste_tail_bytes;	/* (PAGE_SIZE << order) % size over live slabs at the end */
	uint64_t movable_pageblocks_contaminated;	/* distinct MOVABLE blocks holding a new slab */

	struct mm_slabinfo_delta slabinfo;
};

struct mm_slab_call_site {
	uint64_t call_site;		/* the raw address from the trace */
	uint64_t bytes;			/* bytes_alloc */
	uint64_t waste_bytes;		/* bytes_alloc - bytes_req */
	uint64_t count;
};
#define MM_SLAB_TOP_CALL_SITES 10

struct mm_slab_stats {
	uint32_t membership;		/* enum mm_slab_membership */
	bool slab_tags;			/* the trace had MM_EVF_SLAB page allocations */
	uint64_t nr_kmalloc_mismatches;	/* bytes_alloc differs from kmalloc_size_roundup() */
	uint64_t nr_no_cache;		/* a kmalloc class or cache name the snapshot lacks */
	uint64_t nr_unresolved_allocs;	/* unnamed kmem_cache_alloc, size fits no one cache */
	uint64_t nr_resolved_at_free;	/* ... whose kmem_cache_free named the cache later */
	uint64_t nr_unresolved_frees;	/* ... freed by kfree, so never attributed */
	uint64_t nr_untracked_frees;	/* kfree of an object the model never saw allocated */
	uint64_t nr_paired_pages;	/* new slabs matched with a recorded page allocation */
	uint64_t nr_pointer_conflicts;	/* by pointer: an object of one cache in another's slab */
	/* kmalloc above KMALLOC_MAX_CACHE_SIZE: straight to the page allocator */
	uint64_t large_nr_alloc, large_nr_free, large_bytes, large_waste_bytes;
	uint32_t nr_caches;
	struct mm_slab_cache_stats *caches;	/* sorted by name */
	uint32_t nr_by_bytes, nr_by_waste;
	struct mm_slab_call_site by_bytes[MM_SLAB_TOP_CALL_SITES];
	struct mm_slab_call_site by_waste[MM_SLAB_TOP_CALL_SITES];
};

#endif
