/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The replay engine's public API: build it from a parsed snapshot and a kernel, feed it
 * events in trace order, read its statistics. Pure C: no I/O, no globals (one struct
 * mm_engine per replay, so several policies can run side by side).
 */
#ifndef MMTRACE_CORE_ENGINE_H
#define MMTRACE_CORE_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "machine.h"
#include "profile.h"
#include "stats.h"

enum mm_mode {
	MM_MODE_FOLLOW,		/* apply the kernel's recorded decisions */
	MM_MODE_SIMULATE,	/* decide every pfn from the request stream */
};

/* How the starting free-block state was obtained (reported in the JSON). */
enum mm_initial_state {
	MM_INIT_KPAGEFLAGS,	/* exact free-block set from the snapshot's kpageflags map */
	MM_INIT_LAZY,		/* no map: each page's state is learnt from its first event */
	MM_INIT_BPF_WALK,	/* the free lists and pcp lists in order, from the eBPF walk */
};

/* Where simulate mode's slab pages come from (the SLUB model, core/slab_model.c). */
enum mm_slab_pages {
	/* the model's own alloc_pages_sim() once the trace has MM_EVF_SLAB tags; before
	 * that (and in untagged traces) the recorded page stream, which holds them */
	MM_SLAB_PAGES_AUTO = 0,
	MM_SLAB_PAGES_MODEL,	/* always the model's own (tests, synthetic slab-only input) */
	MM_SLAB_PAGES_TRACE,	/* never: the recorded stream only */
};

struct mm_policy;

struct mm_engine_opts {
	enum mm_mode mode;
	uint32_t nr_cpus;	/* from the trace header */
	uint64_t interval;	/* sample the free lists every N events; 0 = end only */
	/* the trace's string table (cache names of kmem_cache_* events and of MM_EVF_SLAB
	 * page allocations): the string for an id, or NULL; may be NULL (no names) */
	const char *(*string)(const void *ctx, uint32_t id);
	const void *string_ctx;
	uint32_t slab_pages;	/* enum mm_slab_pages */
	/* knobs to change (core/policy.h); NULL = the snapshot's and the profile's. Read
	 * only while mm_engine__new() runs. */
	const struct mm_policy *policy;
};

struct mm_engine;

/* NULL with errno: ENOMEM, EINVAL (a snapshot without zones), E2BIG (zone too large),
 * EOPNOTSUPP (a policy's sysctls on a snapshot of several NUMA nodes). */
struct mm_engine *mm_engine__new(const struct mm_kernel *k, const struct mm_machine *m,
				 const struct mm_engine_opts *opts);
/* Applies one event; never fails on odd input (it is counted in the statistics instead). */
void mm_engine__feed(struct mm_engine *e, const struct mm_event *ev);
/* The same for ev[0..n), in order: what replay's loop calls, one dispatch per batch. */
void mm_engine__feed_batch(struct mm_engine *e, const struct mm_event *ev, size_t n);
/* The statistics so far; valid until the next feed or free. */
const struct mm_stats *mm_engine__stats(const struct mm_engine *e);
enum mm_initial_state mm_engine__initial_state(const struct mm_engine *e);

/* The free-list census of zone i (struct mm_zone_free, stats.h). */
uint32_t mm_engine__nr_zones(const struct mm_engine *e);
/* The samples taken every opts->interval events (none without an interval). */
const struct mm_sample *mm_engine__samples(const struct mm_engine *e, uint64_t *nr);
void mm_engine__zone_free(const struct mm_engine *e, uint32_t i, struct mm_zone_free *out);
void mm_engine__free(struct mm_engine *e);

struct mm_slab_stats;
/* The SLUB model's counters (slab_stats.h), finished for the events so far; valid until
 * the next feed or free. NULL if the engine has no slab model. */
const struct mm_slab_stats *mm_engine__slab_stats(struct mm_engine *e);
/* The end snapshot, for the /proc/slabinfo deltas the model is compared with. */
void mm_engine__slab_set_end(struct mm_engine *e, const struct mm_machine *end);


#endif
