// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulate mode: the engine decides every pfn itself from the request stream. Each
 * mm_page_alloc is a request (order, gfp, CPU) given to alloc_pages_sim(); the block the
 * engine chose is remembered under the pfn the kernel chose, so the kernel's later
 * mm_page_free of that pfn frees the engine's block. The other page events are the
 * kernel's own decisions and are ignored: the model makes its own refills and drains.
 *
 * Agreement with the kernel is counted per request (same pfn; same failure) with the
 * first divergence, which is the honest measure while both start from the same state.
 * Frees of blocks allocated before the trace free the same pfns in the model, unless the
 * model has meanwhile given those pages to another request (counted as a conflict).
 * 6.12's decay_pcp_high runs once per CPU and zone per second of trace time, as
 * vmstat_update does (sysctl_stat_interval = HZ).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "engine.h"
#include "internal.h"

#define NS_PER_SEC 1000000000ull

struct sim_slot {
	uint64_t key;		/* trace pfn + 1 (0 = empty) */
	uint64_t pfn;		/* the model's block */
	uint16_t order;
	uint16_t slab;		/* MM_EVF_SLAB: the SLUB model makes its own slab pages, so the
				 * kernel's free of this pfn is not replayed either */
	uint32_t tomb;		/* deleted: keep probing past it */
};

struct sim_state {
	struct sim_slot *slots;
	uint64_t cap;		/* power of two */
	uint64_t used;		/* live + tombstones */
	uint64_t live;
	uint64_t last_decay_ns;
	bool decay_started;
};

static uint64_t sim_hash(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return k;
}

static int sim_grow(struct sim_state *s)
{
	uint64_t cap = s->cap ? s->cap * 2 : 1u << 16;
	struct sim_slot *old = s->slots, *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (uint64_t i = 0; i < s->cap; i++) {
		uint64_t j;

		if (!old[i].key || old[i].tomb)
			continue;
		for (j = sim_hash(old[i].key) & (cap - 1); slots[j].key; j = (j + 1) & (cap - 1))
			;
		slots[j] = old[i];
	}
	free(old);
	s->slots = slots;
	s->cap = cap;
	s->used = s->live;
	return 0;
}

static struct sim_slot *sim_find(struct sim_state *s, uint64_t trace_pfn)
{
	uint64_t key = trace_pfn + 1;

	if (!s->cap)
		return NULL;
	for (uint64_t j = sim_hash(key) & (s->cap - 1); s->slots[j].key; j = (j + 1) & (s->cap - 1))
		if (s->slots[j].key == key && !s->slots[j].tomb)
			return &s->slots[j];
	return NULL;
}

static int sim_put(struct sim_state *s, uint64_t trace_pfn, uint64_t pfn, uint32_t order)
{
	uint64_t key = trace_pfn + 1, j;
	struct sim_slot *old = sim_find(s, trace_pfn);

	if (old) {	/* the kernel reused a pfn we still map: the older mapping is stale */
		old->pfn = pfn;
		old->order = (uint16_t)order;
		old->slab = 0;
		return 0;
	}
	if ((s->used + 1) * 2 > s->cap && sim_grow(s))
		return -ENOMEM;
	for (j = sim_hash(key) & (s->cap - 1); s->slots[j].key && !s->slots[j].tomb; j = (j + 1) & (s->cap - 1))
		;
	if (!s->slots[j].key)
		s->used++;
	s->slots[j] = (struct sim_slot){ .key = key, .pfn = pfn, .order = (uint16_t)order };
	s->live++;
	return 0;
}

int simulate_init(struct mm_engine *e)
{
	e->sim = calloc(1, sizeof(*e->sim));
	if (!e->sim)
		return -ENOMEM;
	/*
	 * Without the eBPF walk the pcp lists' contents at the start are unknown (internal.h:
	 * PG_UNKNOWN); the model starts them empty and counts those pages as allocated. With
	 * it (MM_INIT_BPF_WALK) the walked pcp lists are kept, in their order.
	 */
	bool keep_pcp = e->initial_state == MM_INIT_BPF_WALK;

	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];

		if (keep_pcp) {
			for (uint32_t p = 0; p < z->nr_pages; p++)
				if (PG_KIND(z->state[p]) == PG_UNKNOWN)
					z->state[p] = PG_STATE(PG_NONE, 0);
			continue;
		}
		for (uint32_t p = 0; p < z->nr_pages; p++)
			if (PG_KIND(z->state[p]) == PG_UNKNOWN || PG_KIND(z->state[p]) == PG_PCP) {
				if (PG_KIND(z->state[p]) == PG_PCP)
					lst_del(z, p);
				z->state[p] = PG_STATE(PG_NONE, 0);
			}
		for (uint32_t c = 0; c < e->nr_cpus; c++)
			z->pcp[c].count = 0;
	}
	return 0;
}

void simulate_free(struct mm_engine *e)
{
	if (!e->sim)
		return;
	free(e->sim->slots);
	free(e->sim);
	e->sim = NULL;
}

/* vmstat_update() -> decay_pcp_high() once a second of trace time (6.12; 6.1 has none). */
static void sim_decay(struct mm_engine *e, uint64_t ts)
{
	struct sim_state *s = e->sim;

	if (!s->decay_started) {
		s->decay_started = true;
		s->last_decay_ns = ts;
		return;
	}
	if (ts < s->last_decay_ns + NS_PER_SEC)
		return;
	s->last_decay_ns = ts;
	for (uint32_t i = 0; i < e->nr_zones; i++)
		for (uint32_t c = 0; c < e->nr_cpus; c++)
			pcp_decay_pcp_high(e, &e->zones[i], c);
}

bool simulate_block_of(struct mm_engine *e, uint64_t trace_pfn, uint64_t *pfn, uint32_t *order)
{
	struct sim_slot *slot = e->sim ? sim_find(e->sim, trace_pfn) : NULL;

	if (!slot || slot->slab)
		return false;
	*pfn = slot->pfn;
	*order = slot->order;
	return true;
}

static void sim_alloc(struct mm_engine *e, const struct mm_event *ev)
{
	struct mm_sim_stats *ss = &e->stats.sim;
	struct alloc_result res;
	bool agree;

	if (ev->flags & MM_EVF_SLAB) {
		/* the SLUB model makes its own slab pages: only remember to skip the free */
		if (ev->page_alloc.pfn != MM_PFN_NONE &&
		    !sim_put(e->sim, ev->page_alloc.pfn, MM_PFN_NONE, ev->page_alloc.order))
			sim_find(e->sim, ev->page_alloc.pfn)->slab = 1;
		return;
	}

	if (alloc_pages_sim(e, ev->cpu, ev->page_alloc.order, ev->page_alloc.gfp, &res)) {
		ss->nr_bad_requests++;
		return;
	}
	ss->nr_requests++;
	if (res.failed)
		ss->nr_model_failed++;
	if (ev->page_alloc.pfn == MM_PFN_NONE)
		ss->nr_kernel_failed++;
	agree = res.failed ? ev->page_alloc.pfn == MM_PFN_NONE : res.pfn == ev->page_alloc.pfn;
	if (agree) {
		ss->nr_pfn_agree++;
	} else if (!ss->diverged) {
		ss->diverged = true;
		ss->first_divergence_event = e->stats.nr_events - 1;
		ss->first_divergence_kernel_pfn = ev->page_alloc.pfn;
		ss->first_divergence_model_pfn = res.failed ? MM_PFN_NONE : res.pfn;
	}
	if (res.failed)
		return;
	if (ev->page_alloc.pfn == MM_PFN_NONE) {
		/* No free will ever name this block: the request did not happen for the kernel. */
		free_pages_sim(e, ev->cpu, res.pfn, res.order);
		return;
	}
	if (sim_put(e->sim, ev->page_alloc.pfn, res.pfn, res.order))
		ss->nr_bad_requests++;
}

static void sim_free(struct mm_engine *e, const struct mm_event *ev)
{
	struct mm_sim_stats *ss = &e->stats.sim;
	struct sim_slot *slot = sim_find(e->sim, ev->page_free.pfn);
	uint64_t pfn = ev->page_free.pfn;
	unsigned int order = ev->page_free.order;
	struct mm_zone_st *z;
	uint32_t idx;

	if (slot && slot->slab) {
		slot->tomb = 1;		/* the slab model frees its own page */
		e->sim->live--;
		return;
	}
	if (slot) {
		pfn = slot->pfn;
		order = slot->order;
		slot->tomb = 1;
		e->sim->live--;
	} else {
		/* Allocated before the trace (or by an untraced bulk allocation): same pfns. */
		z = zone_of_pfn(e, pfn);
		if (!z || pfn + (1ull << order) > z->zone_start_pfn + z->nr_pages) {
			ss->nr_free_conflicts++;
			return;
		}
		idx = (uint32_t)(pfn - z->zone_start_pfn);
		if (PG_KIND(z->state[idx]) != PG_NONE ||
		    zone_free_block_of(z, idx, e->k.p->nr_page_orders) != MM_NO_IDX) {
			ss->nr_free_conflicts++;
			return;
		}
		for (uint32_t i = 1; i < (1u << order); i++)
			if (PG_KIND(z->state[idx + i]) != PG_NONE) {
				ss->nr_free_conflicts++;
				return;
			}
	}
	if (free_pages_sim(e, ev->cpu, pfn, order))
		ss->nr_free_conflicts++;
}

void simulate_feed(struct mm_engine *e, const struct mm_event *ev)
{
	if (e->k.p->pcp_high_autotune)
		sim_decay(e, ev->ts_ns);
	switch (ev->type) {
	case MM_EV_PAGE_ALLOC:
		sim_alloc(e, ev);
		break;
	case MM_EV_PAGE_FREE:
		sim_free(e, ev);
		break;
	default:
		break;
	}
}
