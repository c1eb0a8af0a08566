// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SLUB model (KERNEL-NOTES §6.4-6.5): per cache a cpu slab and a per-cpu partial list
 * per CPU, one node partial list, and the kernel's rules for moving slabs between them,
 * after Debian's 6.1.192 and 6.12.117 mm/slub.c (___slab_alloc(), get_partial_node(),
 * put_cpu_partial(), __put_partials() / unfreeze_partials(), deactivate_slab(),
 * __slab_free(), allocate_slab(), discard_slab()). The two versions agree on everything
 * modelled here: 6.8 stopped freezing per-cpu partial slabs, but a free into one still
 * leaves it where it is in both.
 *
 *   kmem_cache_alloc / kmalloc  the object goes into the CPU's cpu slab; when that has no
 *                               free object: per-cpu partial list, node partial list
 *                               (plus up to cpu_partial_slabs / 2 + 1 more slabs moved to
 *                               the per-cpu list), else a new slab of order oo (retried
 *                               at s->min when the page allocator says no)
 *   kfree / kmem_cache_free     the object's slab loses one: a full slab goes to the
 *                               freeing CPU's partial list (that list is flushed to the
 *                               node first when it holds cpu_partial_slabs), an empty slab
 *                               on the node list is discarded while nr_partial >=
 *                               min_partial
 *
 * Which slab holds an object: the tracepoints carry the object's pointer, not its slab.
 * With kernel addresses (follow mode) the slab is the pointer rounded down to PAGE_SIZE <<
 * oo (slab pages come from the buddy allocator, so they are naturally aligned, and the
 * direct map is at least PUD aligned); the model then only infers which list the kernel
 * took that slab from. Hashed pointers (%p in ftrace text) and simulate mode let the
 * model place objects itself, as the kernel's freelists would, in order.
 *
 * A new slab's page: the recorded mm_page_alloc tagged MM_EVF_SLAB, or without tags the
 * mm_page_alloc just before the object's event on the same CPU with the cache's order and
 * migratetype. In simulate mode, once the trace has tags, the model allocates slab pages
 * itself (alloc_pages_sim(), oo then s->min) and frees them on discard, and the recorded
 * tagged allocations are not replayed; without tags the recorded stream already holds
 * the kernel's slab pages, so a new slab names the block the page model gave its paired
 * request and the model adds no page of its own (the page model keeps the kernel's
 * request stream: with the eBPF walk's exact start it stays on the kernel's pfns).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "engine.h"
#include "gfp.h"
#include "internal.h"
#include "policy.h"
#include "slab.h"
#include "slab_stats.h"

#define SM_NONE UINT32_MAX
/* the object map's cache for an unnamed kmem_cache_alloc not yet attributed; the low word
 * then holds its bytes_alloc - bytes_req until a named kmem_cache_free says the cache */
#define SM_UNRES (UINT32_MAX - 1)
/* a kernel direct-map address: the top byte of x86-64 kernel space; hashed %p is 32-bit */
#define SM_KERNEL_ADDR 0xff00000000000000ull
/* a tagged slab page allocation stays claimable for this many events (it precedes the
 * object's event by a handful on its CPU) */
#define SM_TAG_WINDOW 16

enum sm_where { SL_UNUSED, SL_CPU, SL_CPU_PARTIAL, SL_NODE_PARTIAL, SL_FULL };

struct sm_list {
	uint32_t first, last, nr;
};

struct sm_slab {
	uint64_t base;		/* by pointer: the slab's address */
	uint64_t pfn;		/* MM_PFN_NONE if not known */
	uint32_t cache;
	uint32_t inuse;		/* objects of the trace in it */
	uint32_t next, prev;	/* on its list, or the free-id chain */
	uint32_t cpu;
	uint8_t where;		/* enum sm_where */
	uint8_t order;
	uint8_t preexisting;	/* holds objects from before the trace: never empty to us */
	uint8_t sim_page;	/* simulate: the model allocated its page and frees it on discard */
	uint8_t remote;		/* a remote free hit it while it was a cpu slab */
	uint8_t pad[3];
};

struct sm_cpu {
	uint32_t slab;		/* the cpu slab, SM_NONE */
	struct sm_list partial;
	bool warm;		/* has refilled once: the start's cpu slab is used up */
};

struct sm_cache {
	uint32_t objects;	/* oo_objects */
	uint32_t order;
	uint32_t min_order, min_objects;
	uint32_t min_partial;
	uint32_t cpu_partial_slabs;	/* 0: no per-cpu partial lists */
	uint32_t nr_partial_base;	/* node partial slabs of the start snapshot */
	uint64_t seed_objects_partial;	/* objects on them (sysfs objects_partial) */
	uint64_t seed_cpu_slabs;	/* sysfs cpu_slabs not yet handed to a CPU */
	uint64_t allocflags;		/* s->allocflags */
	struct sm_list node_partial;
	struct sm_cpu *cpu;		/* [nr_cpus] */
};

/* Open addressing, linear probing, backward-shift deletion: no tombstones. key 0 = empty. */
struct sm_slot {
	uint64_t key;
	uint64_t v;
};

/* one allocation call site's totals (sites maps the address to an index here) */
struct sm_site {
	uint64_t call_site, bytes, waste, count;
};

struct sm_map {
	struct sm_slot *slots;
	uint64_t mask;		/* capacity - 1 */
	uint64_t nr;
	uint32_t shift;		/* 64 - log2(capacity) */
};

/* The recorded mm_page_alloc a new slab may pair with. */
struct sm_page {
	bool valid, tagged;
	uint64_t event_nr;
	uint32_t cpu, order;
	int32_t mt;
	uint64_t pfn;
	uint32_t cache;		/* tagged: the cache's string id */
};

struct slab_model {
	struct slab_params sp;
	/* a policy set slub_* boot parameters: every cache's geometry is calculate_order()'s
	 * under them, not what sysfs printed under the recorded ones */
	bool derive_geometry;
	uint32_t nr_cpus;
	uint32_t nr_caches;
	struct sm_cache *caches;
	struct mm_slab_stats st;	/* st.caches[i] belongs to caches[i] */
	/* names for lookups: sorted cache names and aliases -> cache index */
	char **names;
	uint32_t *name_cache;
	uint32_t nr_names;
	/* string id -> cache index + 1 (0 unknown yet, SM_NONE no such cache) */
	uint32_t *str_cache;
	uint32_t nr_str;
	const char *(*string)(const void *ctx, uint32_t id);
	const void *string_ctx;
	uint32_t kmalloc_cache[NR_KMALLOC_TYPES][KMALLOC_NR_INDEX];	/* idx + 1, SM_NONE */
	struct sm_slab *slabs;
	uint32_t nr_slabs, cap_slabs, free_slab;
	struct sm_map objs;	/* ptr -> slab id | cache << 32 (SM_NONE: a large kmalloc) */
	struct sm_map slab_of;	/* slab base -> slab id */
	struct sm_map sites;	/* call_site + 1 -> index in site[] */
	struct sm_site *site;
	uint32_t nr_sites, cap_sites;
	struct sm_map pageblocks;	/* (cache, pageblock) seen movable */
	struct sm_map by_size;		/* s->size + 1 -> cache, SM_NONE: not one cache */
	uint32_t *size_order;		/* cache indices sorted by s->size, then index */
	struct sm_page page;
	bool by_pointer_decided;
	uint32_t slab_pages;	/* enum mm_slab_pages */
	int err;		/* -ENOMEM: the model stopped growing */
};

/* ---- the map ---- */

static uint64_t sm_hash(uint64_t k)
{
	return k * 0x9e3779b97f4a7c15ull;
}

static int sm_map_grow(struct sm_map *m)
{
	uint64_t cap = m->slots ? (m->mask + 1) * 2 : 1024;
	struct sm_slot *slots = calloc(cap, sizeof(*slots));
	uint32_t shift = 64;

	if (!slots)
		return -ENOMEM;
	for (uint64_t c = cap; c > 1; c >>= 1)
		shift--;
	for (uint64_t i = 0; m->slots && i <= m->mask; i++) {
		uint64_t j;

		if (!m->slots[i].key)
			continue;
		for (j = sm_hash(m->slots[i].key) >> shift; slots[j].key; j = (j + 1) & (cap - 1))
			;
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->mask = cap - 1;
	m->shift = shift;
	return 0;
}

static struct sm_slot *sm_map_find(const struct sm_map *m, uint64_t key)
{
	if (!m->slots)
		return NULL;
	for (uint64_t j = sm_hash(key) >> m->shift;; j = (j + 1) & m->mask) {
		if (m->slots[j].key == key)
			return &m->slots[j];
		if (!m->slots[j].key)
			return NULL;
	}
}

/* The slot for key, inserted zeroed if new; NULL on ENOMEM. */
static struct sm_slot *sm_map_get(struct sm_map *m, uint64_t key, bool *fresh)
{
	uint64_t j;

	if ((!m->slots || (m->nr + 1) * 4 > (m->mask + 1) * 3) && sm_map_grow(m))
		return NULL;
	for (j = sm_hash(key) >> m->shift; m->slots[j].key; j = (j + 1) & m->mask)
		if (m->slots[j].key == key) {
			*fresh = false;
			return &m->slots[j];
		}
	m->slots[j] = (struct sm_slot){ .key = key };
	m->nr++;
	*fresh = true;
	return &m->slots[j];
}

static void sm_map_del(struct sm_map *m, struct sm_slot *s)
{
	uint64_t i = (uint64_t)(s - m->slots), j = i;

	for (;;) {
		uint64_t h;

		j = (j + 1) & m->mask;
		if (!m->slots[j].key)
			break;
		h = sm_hash(m->slots[j].key) >> m->shift;
		/* move j back to i unless its home lies cyclically in (i, j] */
		if (i <= j ? (i < h && h <= j) : (i < h || h <= j))
			continue;
		m->slots[i] = m->slots[j];
		i = j;
	}
	m->slots[i].key = 0;
	m->nr--;
}

static void sm_map_free(struct sm_map *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* ---- slab lists ---- */

static struct sm_list *sm_list_of(struct slab_model *sm, const struct sm_slab *s)
{
	struct sm_cache *c = &sm->caches[s->cache];

	if (s->where == SL_CPU_PARTIAL)
		return &c->cpu[s->cpu].partial;
	if (s->where == SL_NODE_PARTIAL)
		return &c->node_partial;
	return NULL;
}

static void sm_unlink(struct slab_model *sm, uint32_t id)
{
	struct sm_slab *s = &sm->slabs[id];
	struct sm_list *l = sm_list_of(sm, s);

	if (!l)
		return;
	if (s->prev != SM_NONE)
		sm->slabs[s->prev].next = s->next;
	else
		l->first = s->next;
	if (s->next != SM_NONE)
		sm->slabs[s->next].prev = s->prev;
	else
		l->last = s->prev;
	l->nr--;
}

/* Moves slab id to where (on cpu's list for SL_CPU_PARTIAL), at the head or the tail. */
static void sm_move(struct slab_model *sm, uint32_t id, enum sm_where where, uint32_t cpu, bool tail)
{
	struct sm_slab *s = &sm->slabs[id];
	struct sm_list *l;

	sm_unlink(sm, id);
	s->where = (uint8_t)where;
	s->cpu = cpu;
	s->next = s->prev = SM_NONE;
	l = sm_list_of(sm, s);
	if (!l)
		return;
	if (!l->nr) {
		l->first = l->last = id;
	} else if (tail) {
		s->prev = l->last;
		sm->slabs[l->last].next = id;
		l->last = id;
	} else {
		s->next = l->first;
		sm->slabs[l->first].prev = id;
		l->first = id;
	}
	l->nr++;
}

static uint32_t sm_slab_new_id(struct slab_model *sm)
{
	uint32_t id;

	if (sm->free_slab != SM_NONE) {
		id = sm->free_slab;
		sm->free_slab = sm->slabs[id].next;
		return id;
	}
	if (sm->nr_slabs == sm->cap_slabs) {
		uint32_t cap = sm->cap_slabs ? sm->cap_slabs * 2 : 256;
		struct sm_slab *v = realloc(sm->slabs, (size_t)cap * sizeof(*v));

		if (!v)
			return SM_NONE;
		sm->slabs = v;
		sm->cap_slabs = cap;
	}
	return sm->nr_slabs++;
}

static struct mm_slab_cache_stats *cst(struct slab_model *sm, uint32_t cache)
{
	return &sm->st.caches[cache];
}

/* discard_slab() -> free_slab(): the page goes back (simulate: to the model's allocator). */
static void sm_discard(struct mm_engine *e, uint32_t id)
{
	struct slab_model *sm = e->slab;
	struct sm_slab *s = &sm->slabs[id];
	struct sm_slot *slot;

	sm_unlink(sm, id);
	cst(sm, s->cache)->nr_slabs_free++;
	if (s->sim_page && s->pfn != MM_PFN_NONE)
		free_pages_sim(e, s->cpu < e->nr_cpus ? s->cpu : 0, s->pfn, s->order);
	if (s->base && (slot = sm_map_find(&sm->slab_of, s->base)))
		sm_map_del(&sm->slab_of, slot);
	s->where = SL_UNUSED;
	s->next = sm->free_slab;
	sm->free_slab = id;
}

static bool sm_empty(const struct sm_slab *s)
{
	return !s->inuse && !s->preexisting;
}

/* __put_partials() / unfreeze_partials(): the CPU's list onto the node list's tail,
 * discarding empty slabs while the node keeps min_partial. */
static void sm_put_partials(struct mm_engine *e, uint32_t cache, uint32_t cpu)
{
	struct slab_model *sm = e->slab;
	struct sm_cache *c = &sm->caches[cache];
	uint32_t id;

	while ((id = c->cpu[cpu].partial.first) != SM_NONE) {
		if (sm_empty(&sm->slabs[id]) &&
		    c->node_partial.nr + c->nr_partial_base >= c->min_partial)
			sm_discard(e, id);
		else
			sm_move(sm, id, SL_NODE_PARTIAL, 0, true);
	}
}

/* put_cpu_partial(drain = 1): a slab with a free object joins the head of cpu's list. */
static void sm_put_cpu_partial(struct mm_engine *e, uint32_t id, uint32_t cpu, bool drain)
{
	struct slab_model *sm = e->slab;
	struct sm_cache *c = &sm->caches[sm->slabs[id].cache];

	if (drain && c->cpu[cpu].partial.nr >= c->cpu_partial_slabs) {
		cst(sm, sm->slabs[id].cache)->nr_cpu_partial_drains++;
		sm_put_partials(e, sm->slabs[id].cache, cpu);
	}
	sm_move(sm, id, SL_CPU_PARTIAL, cpu, false);
}

/* deactivate_slab(): the old cpu slab goes to the node list, is freed if empty, or is
 * left off every list when full. */
static void sm_deactivate(struct mm_engine *e, uint32_t id)
{
	struct slab_model *sm = e->slab;
	struct sm_slab *s = &sm->slabs[id];
	struct sm_cache *c = &sm->caches[s->cache];

	if (sm_empty(s) && c->node_partial.nr + c->nr_partial_base >= c->min_partial)
		sm_discard(e, id);
	else if (s->inuse < c->objects || s->preexisting)
		sm_move(sm, id, SL_NODE_PARTIAL, 0, s->remote);
	else
		sm_move(sm, id, SL_FULL, 0, false);
	s->remote = 0;
}

/* The recorded page allocation a new slab of cache on cpu pairs with, if any. */
static bool sm_take_page(struct mm_engine *e, uint32_t cache, uint32_t cpu, struct sm_page *out,
			 bool consume)
{
	struct slab_model *sm = e->slab;
	struct sm_cache *c = &sm->caches[cache];
	struct sm_page *p = &sm->page;
	uint64_t now = e->stats.nr_events - 1;

	if (!p->valid || p->cpu != cpu || (p->order != c->order && p->order != c->min_order))
		return false;
	if (p->tagged) {
		if (now - p->event_nr > SM_TAG_WINDOW || slab_model_cache_of_str(e, p->cache) != cache)
			return false;
	} else if (sm->st.slab_tags || p->event_nr + 1 != now ||
		   engine_mt_from_trace(e, p->mt) != cst(sm, cache)->migratetype) {
		/* untagged: the event just before, of the cache's migratetype (never MOVABLE) */
		return false;
	}
	if (out)
		*out = *p;
	if (consume)
		p->valid = false;
	return true;
}

/* The slab's page is known: count it by order and migratetype, and its pageblock. */
static void sm_account_page(struct mm_engine *e, uint32_t id, uint64_t pfn, unsigned int order,
			    unsigned int mt)
{
	struct slab_model *sm = e->slab;
	struct sm_slab *s = &sm->slabs[id];
	struct mm_slab_cache_stats *cs = cst(sm, s->cache);
	struct mm_zone_st *z = zone_of_pfn(e, pfn);

	s->pfn = pfn;
	s->order = (uint8_t)order;
	if (order < MM_NR_ORDERS_MAX)
		cs->slabs_by_order[order]++;
	cs->slabs_by_mt[mt < MT__NR ? mt : MT_UNMOVABLE]++;
	if (z && pageblock_mt(e, z, (uint32_t)(pfn - z->zone_start_pfn)) == MT_MOVABLE &&
	    mt != MT_MOVABLE) {
		uint64_t key = ((uint64_t)s->cache << 40 | pfn >> e->k.p->pageblock_order) + 1;
		bool fresh;

		if (sm_map_get(&sm->pageblocks, key, &fresh) && fresh)
			cs->movable_pageblocks_contaminated++;
	}
}

/* allocate_slab()'s gfp (mm/slub.c, both): the caller's reclaim and zone bits, the cache's
 * allocflags, NOWARN | NORETRY for the oo attempt, which may not direct-reclaim */
static uint64_t sm_slab_gfp(const struct sm_cache *c, uint64_t gfp, bool first)
{
	uint64_t g = (gfp & (MM__GFP_RECLAIM | MM__GFP_IO | MM__GFP_FS | MM__GFP_HIGH |
			     MM_GFP_ZONEMASK | MM__GFP_HARDWALL | MM__GFP_THISNODE)) |
		     c->allocflags;

	g &= ~(uint64_t)(MM__GFP_MOVABLE | MM__GFP_NOFAIL);
	if (first && c->order > c->min_order) {
		g |= MM__GFP_NOWARN | MM__GFP_NORETRY;
		if (g & MM__GFP_DIRECT_RECLAIM)
			g = (g | MM__GFP_NOMEMALLOC) & ~(uint64_t)MM__GFP_RECLAIM;
	}
	return g;
}

/* Whether the model allocates its slabs' pages itself (simulate mode): always when told
 * so, else once the trace has shown MM_EVF_SLAB tags, since only then are the recorded
 * slab pages left out of the page model's request stream. */
static bool sm_own_pages(const struct slab_model *sm)
{
	return sm->slab_pages == MM_SLAB_PAGES_MODEL ||
	       (sm->slab_pages == MM_SLAB_PAGES_AUTO && sm->st.slab_tags);
}

/* new_slab() -> allocate_slab(): a slab id on no list, its page allocated or paired. */
static uint32_t sm_new_slab(struct mm_engine *e, uint32_t cache, uint32_t cpu, uint64_t base,
			    uint64_t gfp)
{
	struct slab_model *sm = e->slab;
	struct sm_cache *c = &sm->caches[cache];
	struct mm_slab_cache_stats *cs = cst(sm, cache);
	uint32_t id = sm_slab_new_id(sm);
	struct sm_page pg;

	if (id == SM_NONE)
		return SM_NONE;
	sm->slabs[id] = (struct sm_slab){ .base = base, .pfn = MM_PFN_NONE, .cache = cache,
					  .next = SM_NONE, .prev = SM_NONE, .cpu = cpu,
					  .where = SL_FULL, .order = (uint8_t)c->order };
	cs->nr_slabs_alloc++;
	if (sm_take_page(e, cache, cpu, &pg, true)) {
		uint64_t pfn = pg.pfn;
		uint32_t order = pg.order;

		sm->st.nr_paired_pages++;
		if (pg.order != c->order)
			cs->nr_order_fallbacks++;
		if (e->mode != MM_MODE_SIMULATE) {
			sm_account_page(e, id, pfn, order, engine_mt_from_trace(e, pg.mt));
			return id;
		}
		/*
		 * simulate, untagged: the page model already decided that recorded request and
		 * will free the block at the kernel's mm_page_free; the slab just names it
		 */
		if (!pg.tagged) {
			if (simulate_block_of(e, pg.pfn, &pfn, &order))
				sm_account_page(e, id, pfn, order, engine_mt_from_trace(e, pg.mt));
			else
				cs->nr_slabs_no_page++;
			return id;
		}
	}
	if (e->mode == MM_MODE_SIMULATE && sm_own_pages(sm)) {
		struct alloc_result res;
		uint64_t g = sm_slab_gfp(c, gfp, true);

		if (alloc_pages_sim(e, cpu, c->order, g, &res) || res.failed) {
			if (c->order > c->min_order &&
			    !alloc_pages_sim(e, cpu, c->min_order, sm_slab_gfp(c, gfp, false), &res) &&
			    !res.failed)
				cs->nr_order_fallbacks++;
			else
				res.failed = true;
		}
		if (!res.failed) {
			sm->slabs[id].sim_page = 1;
			sm_account_page(e, id, res.pfn, res.order, res.migratetype);
			return id;
		}
		cs->nr_slab_alloc_failed++;
	}
	cs->nr_slabs_no_page++;
	return id;
}

/* get_partial_node(): the first node partial slab becomes the cpu slab, and more follow it
 * to the CPU's list until that holds more than cpu_partial_slabs / 2. */
static uint32_t sm_get_partial_node(struct mm_engine *e, uint32_t cache, uint32_t cpu)
{
	struct slab_model *sm = e->slab;
	struct sm_cache *c = &sm->caches[cache];
	uint32_t first = c->node_partial.first, moved = 0, id;

	if (first == SM_NONE)
		return SM_NONE;
	sm_move(sm, first, SL_CPU, cpu, false);
	while (c->cpu_partial_slabs && (id = c->node_partial.first) != SM_NONE) {
		sm_put_cpu_partial(e, id, cpu, false);
		if (++moved > c->cpu_partial_slabs / 2)
			break;
	}
	return first;
}

/* ___slab_alloc() by the model: a cpu slab with a free object for cpu. */
static uint32_t sm_refill(struct mm_engine *e, uint32_t cache, uint32_t cpu, uint64_t gfp)
{
	struct slab_model *sm = e->slab;
	struct sm_cache *c = &sm->caches[cache];
	struct mm_slab_cache_stats *cs = cst(sm, cache);
	uint32_t id;

	if ((id = c->cpu[cpu].partial.first) != SM_NONE) {
		cs->nr_refill_cpu_partial++;
		sm_move(sm, id, SL_CPU, cpu, false);
	} else if ((id = sm_get_partial_node(e, cache, cpu)) != SM_NONE) {
		cs->nr_refill_node_partial++;
	} else if (!c->cpu[cpu].warm && c->seed_cpu_slabs) {
		/*
		 * The cpu slab this CPU had at the start (sysfs cpu_slabs says the cache had
		 * some; how full they were it does not say): taken as half free, holding
		 * objects from before the trace, so it never empties.
		 */
		id = sm_slab_new_id(sm);
		if (id == SM_NONE)
			return SM_NONE;
		sm->slabs[id] = (struct sm_slab){ .pfn = MM_PFN_NONE, .cache = cache,
						  .inuse = c->objects / 2, .next = SM_NONE,
						  .prev = SM_NONE, .where = SL_FULL,
						  .order = (uint8_t)c->order,
						  .preexisting = c->objects / 2 == 0 };
		c->seed_cpu_slabs--;
		cs->nr_slabs_preexisting++;
		sm_move(sm, id, SL_CPU, cpu, false);
	} else {
		cs->nr_refill_new_slab++;
		id = sm_new_slab(e, cache, cpu, 0, gfp);
		if (id == SM_NONE)
			return SM_NONE;
		sm_move(sm, id, SL_CPU, cpu, false);
	}
	c->cpu[cpu].slab = id;
	c->cpu[cpu].warm = true;
	return id;
}

/* The slab the kernel put ptr in (by pointer), made the CPU's cpu slab. */
static uint32_t sm_slab_by_pointer(struct mm_engine *e, uint32_t cache, uint32_t cpu, uint64_t ptr,
				   uint64_t gfp)
{
	struct slab_model *sm = e->slab;
	struct sm_cache *c = &sm->caches[cache];
	struct mm_slab_cache_stats *cs = cst(sm, cache);
	uint64_t base = ptr & ~(((uint64_t)1 << (sm->sp.page_shift + c->order)) - 1);
	struct sm_slot *slot;
	uint32_t id = c->cpu[cpu].slab;
	bool fresh;

	/* most objects come from the cpu slab: no map lookup then */
	if (id != SM_NONE && sm->slabs[id].base == base)
		return id;
	slot = sm_map_find(&sm->slab_of, base);
	id = slot ? (uint32_t)slot->v : SM_NONE;

	if (id != SM_NONE && sm->slabs[id].cache != cache) {
		/* the page went to another cache: its discard was not seen (or the pointers do
		 * not come from slabs of this geometry); forget it without counting a free */
		sm->st.nr_pointer_conflicts++;
		cst(sm, sm->slabs[id].cache)->nr_slabs_free--;
		sm_discard(e, id);
		id = SM_NONE;
	}
	if (id != SM_NONE && id == c->cpu[cpu].slab)
		return id;
	if (c->cpu[cpu].slab != SM_NONE) {
		sm_deactivate(e, c->cpu[cpu].slab);
		c->cpu[cpu].slab = SM_NONE;
	}
	if (id == SM_NONE) {
		/* a slab never seen: new if its page allocation is in the trace */
		if (sm_take_page(e, cache, cpu, NULL, false)) {
			cs->nr_refill_new_slab++;
			id = sm_new_slab(e, cache, cpu, base, gfp);
		} else {
			id = sm_slab_new_id(sm);
			if (id == SM_NONE)
				return SM_NONE;
			sm->slabs[id] = (struct sm_slab){ .base = base, .pfn = MM_PFN_NONE,
							  .cache = cache, .next = SM_NONE,
							  .prev = SM_NONE, .where = SL_FULL,
							  .order = (uint8_t)c->order, .preexisting = 1 };
			cs->nr_slabs_preexisting++;
		}
		if (id == SM_NONE)
			return SM_NONE;
		slot = sm_map_get(&sm->slab_of, base, &fresh);
		if (!slot)
			return SM_NONE;
		slot->v = id;
	} else {
		struct sm_slab *s = &sm->slabs[id];

		if (s->where == SL_CPU_PARTIAL)
			cs->nr_refill_cpu_partial++;
		else if (s->where == SL_NODE_PARTIAL || s->where == SL_FULL)
			cs->nr_refill_node_partial++;
		else if (s->where == SL_CPU && s->cpu != cpu)
			sm->caches[cache].cpu[s->cpu].slab = SM_NONE;	/* flushed from another CPU */
	}
	sm_move(sm, id, SL_CPU, cpu, false);
	c->cpu[cpu].slab = id;
	return id;
}

/* The start snapshot's node partial slabs as real slabs, for the model's own placement:
 * each holds its share of objects_partial, objects from before the trace that no traced
 * free names, so they are never empty to the model. */
#define SM_SEED_MAX 4096	/* per cache: memory stays bounded on a huge host */
static void sm_seed(struct slab_model *sm)
{
	for (uint32_t i = 0; i < sm->nr_caches; i++) {
		struct sm_cache *c = &sm->caches[i];
		uint32_t n = c->nr_partial_base < SM_SEED_MAX ? c->nr_partial_base : SM_SEED_MAX;
		uint64_t used = c->seed_objects_partial;

		for (uint32_t k = 0; k < n; k++) {
			uint32_t id = sm_slab_new_id(sm);
			uint64_t share = used / (n - k);

			if (id == SM_NONE) {
				sm->err = -ENOMEM;
				return;
			}
			if (share >= c->objects)
				share = c->objects - 1;	/* on the partial list: one free at least */
			used -= share < used ? share : used;
			sm->slabs[id] = (struct sm_slab){ .pfn = MM_PFN_NONE, .cache = i,
							  .inuse = (uint32_t)share, .next = SM_NONE,
							  .prev = SM_NONE, .where = SL_FULL,
							  .order = (uint8_t)c->order };
			/* a slab with no object from before would look empty: keep one */
			if (!sm->slabs[id].inuse)
				sm->slabs[id].preexisting = 1;
			sm_move(sm, id, SL_NODE_PARTIAL, 0, true);
			cst(sm, i)->nr_slabs_preexisting++;
		}
		c->nr_partial_base -= n;
	}
}

/* ---- call sites ---- */

static void sm_site(struct slab_model *sm, uint64_t call_site, uint64_t bytes, uint64_t waste)
{
	bool fresh;
	struct sm_slot *s = sm_map_get(&sm->sites, call_site + 1, &fresh);
	struct sm_site *x;

	if (!s) {
		sm->err = -ENOMEM;
		return;
	}
	if (fresh) {
		if (sm->nr_sites == sm->cap_sites) {
			uint32_t cap = sm->cap_sites ? sm->cap_sites * 2 : 256;
			struct sm_site *v = realloc(sm->site, (size_t)cap * sizeof(*v));

			if (!v) {
				sm_map_del(&sm->sites, s);
				sm->err = -ENOMEM;
				return;
			}
			sm->site = v;
			sm->cap_sites = cap;
		}
		s->v = sm->nr_sites;
		sm->site[sm->nr_sites++] = (struct sm_site){ .call_site = call_site };
	}
	x = &sm->site[s->v];
	x->bytes += bytes;
	x->waste += waste;
	x->count++;
}

/* ---- events ---- */

static void sm_alloc(struct mm_engine *e, const struct mm_event *ev, uint32_t cache)
{
	struct slab_model *sm = e->slab;
	struct sm_cache *c = &sm->caches[cache];
	struct mm_slab_cache_stats *cs = cst(sm, cache);
	uint64_t ptr = ev->alloc.ptr;
	uint32_t cpu = ev->cpu < sm->nr_cpus ? ev->cpu : 0, id;
	struct sm_slot *o;
	bool fresh;

	cs->nr_alloc++;
	if (ev->alloc.bytes_alloc > ev->alloc.bytes_req)
		cs->waste_internal_bytes += ev->alloc.bytes_alloc - ev->alloc.bytes_req;
	if (!sm->by_pointer_decided) {
		sm->by_pointer_decided = true;
		sm->st.membership = ptr >= SM_KERNEL_ADDR ? MM_SLAB_BY_POINTER : MM_SLAB_BY_MODEL;
		if (sm->st.membership == MM_SLAB_BY_MODEL) {
			sm_seed(sm);
			if (sm->err)
				return;
		}
	}
	if (sm->st.membership == MM_SLAB_BY_POINTER && ptr >= SM_KERNEL_ADDR) {
		id = sm_slab_by_pointer(e, cache, cpu, ptr, ev->alloc.gfp);
	} else {
		id = c->cpu[cpu].slab;
		if (id == SM_NONE || sm->slabs[id].inuse >= c->objects) {
			if (id != SM_NONE)
				sm_deactivate(e, id);
			c->cpu[cpu].slab = SM_NONE;
			id = sm_refill(e, cache, cpu, ev->alloc.gfp);
		}
	}
	if (id == SM_NONE) {
		sm->err = -ENOMEM;
		return;
	}
	sm->slabs[id].inuse++;
	o = sm_map_get(&sm->objs, ptr ? ptr : 1, &fresh);
	if (!o) {
		sm->err = -ENOMEM;
		return;
	}
	if (!fresh) {
		/* the kernel reused a pointer we still hold live: its free was not traced */
		uint32_t old = (uint32_t)o->v;

		if ((uint32_t)(o->v >> 32) < SM_UNRES && old != SM_NONE &&
		    sm->slabs[old].where != SL_UNUSED && sm->slabs[old].inuse)
			sm->slabs[old].inuse--;
	}
	o->v = (uint64_t)cache << 32 | id;
}

/*
 * By pointer: a named free shows which cache the slab around ptr belongs to. A slab not
 * seen yet is remembered as preexisting (on no list), so that later unnamed allocations
 * in it resolve to that cache (sm_cache_by_slab()).
 */
static void sm_learn_slab(struct slab_model *sm, uint32_t cache, uint64_t ptr)
{
	struct sm_cache *c = &sm->caches[cache];
	uint64_t base = ptr & ~(((uint64_t)1 << (sm->sp.page_shift + c->order)) - 1);
	struct sm_slot *slot;
	uint32_t id;
	bool fresh;

	if (sm_map_find(&sm->slab_of, base))
		return;
	id = sm_slab_new_id(sm);
	if (id == SM_NONE)
		return;
	slot = sm_map_get(&sm->slab_of, base, &fresh);
	if (!slot) {
		sm->slabs[id].next = sm->free_slab;
		sm->free_slab = id;
		return;
	}
	slot->v = id;
	sm->slabs[id] = (struct sm_slab){ .base = base, .pfn = MM_PFN_NONE, .cache = cache,
					  .next = SM_NONE, .prev = SM_NONE, .where = SL_FULL,
					  .order = (uint8_t)c->order, .preexisting = 1 };
	cst(sm, cache)->nr_slabs_preexisting++;
}

/* __slab_free() / do_slab_free() of one object of slab id on cpu. */
static void sm_free_from_slab(struct mm_engine *e, uint32_t id, uint32_t cpu)
{
	struct slab_model *sm = e->slab;
	struct sm_slab *s = &sm->slabs[id];
	struct sm_cache *c = &sm->caches[s->cache];
	bool was_full = s->inuse >= c->objects && !s->preexisting;

	if (s->inuse)
		s->inuse--;
	if (s->where == SL_CPU) {
		if (s->cpu != cpu) {
			cst(sm, s->cache)->nr_remote_frees++;
			s->remote = 1;
		}
		return;		/* fast path, or a remote free to a frozen slab */
	}
	if (s->where == SL_CPU_PARTIAL)
		return;		/* left alone (6.1 frozen; 6.12 not on the node list) */
	if (was_full) {
		if (c->cpu_partial_slabs) {
			sm_put_cpu_partial(e, id, cpu, true);
			return;
		}
		if (!sm_empty(s) || c->node_partial.nr + c->nr_partial_base < c->min_partial) {
			sm_move(sm, id, SL_NODE_PARTIAL, 0, true);
			return;
		}
	}
	if (s->where == SL_NODE_PARTIAL || was_full) {
		if (sm_empty(s) && c->node_partial.nr + c->nr_partial_base >= c->min_partial)
			sm_discard(e, id);
	}
}

static void sm_free(struct mm_engine *e, const struct mm_event *ev, uint32_t named_cache)
{
	struct slab_model *sm = e->slab;
	uint64_t ptr = ev->free.ptr;
	struct sm_slot *o = sm_map_find(&sm->objs, ptr ? ptr : 1);
	uint32_t cpu = ev->cpu < sm->nr_cpus ? ev->cpu : 0;

	if (named_cache != SM_NONE && sm->st.membership == MM_SLAB_BY_POINTER &&
	    ptr >= SM_KERNEL_ADDR)
		sm_learn_slab(sm, named_cache, ptr);
	if (!o) {
		if (named_cache != SM_NONE)
			cst(sm, named_cache)->nr_free_untracked++;
		else
			sm->st.nr_untracked_frees++;
		return;
	}
	if ((uint32_t)(o->v >> 32) == SM_NONE) {	/* a large kmalloc */
		sm->st.large_nr_free++;
	} else if ((uint32_t)(o->v >> 32) == SM_UNRES) {
		/* its cache is known only now: both ends are counted there, not in a slab */
		if (named_cache != SM_NONE) {
			struct mm_slab_cache_stats *cs = cst(sm, named_cache);

			cs->nr_alloc++;
			cs->nr_free++;
			cs->waste_internal_bytes += (uint32_t)o->v;
			sm->st.nr_resolved_at_free++;
		} else {
			sm->st.nr_unresolved_frees++;
		}
	} else {
		uint32_t cache = (uint32_t)(o->v >> 32), id = (uint32_t)o->v;

		cst(sm, cache)->nr_free++;
		if (id != SM_NONE && sm->slabs[id].where != SL_UNUSED && sm->slabs[id].cache == cache)
			sm_free_from_slab(e, id, cpu);
	}
	sm_map_del(&sm->objs, o);
}

/* ---- caches by name ---- */

/* The cache named name (a sysfs directory or an alias), SM_NONE if none. */
static uint32_t sm_lookup(const struct slab_model *sm, const char *name)
{
	uint32_t lo = 0, hi = sm->nr_names;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		int r = strcmp(name, sm->names[mid]);

		if (!r)
			return sm->name_cache[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return SM_NONE;
}

uint32_t slab_model_cache_of_str(struct mm_engine *e, uint32_t str)
{
	struct slab_model *sm = e->slab;
	const char *name;
	uint32_t c;

	if (str == MM_STR_NONE || !sm->string)
		return SM_NONE;
	if (str >= sm->nr_str) {
		uint32_t n = str + 64;
		uint32_t *v = realloc(sm->str_cache, (size_t)n * sizeof(*v));

		if (!v)
			return SM_NONE;
		memset(v + sm->nr_str, 0, (size_t)(n - sm->nr_str) * sizeof(*v));
		sm->str_cache = v;
		sm->nr_str = n;
	}
	if (sm->str_cache[str])
		return sm->str_cache[str] == SM_NONE ? SM_NONE : sm->str_cache[str] - 1;
	name = sm->string(sm->string_ctx, str);
	c = name ? sm_lookup(sm, name) : SM_NONE;
	sm->str_cache[str] = c == SM_NONE ? SM_NONE : c + 1;
	return c;
}

/* An unnamed kmem_cache_alloc (6.1 / 6.12 tracepoints): the one cache of that s->size. */
static uint32_t sm_cache_by_size(struct slab_model *sm, uint64_t size)
{
	uint32_t found = SM_NONE;
	struct sm_slot *memo;
	bool fresh;

	memo = sm_map_get(&sm->by_size, size + 1, &fresh);
	if (memo && !fresh)
		return (uint32_t)memo->v;
	for (uint32_t i = 0; i < sm->nr_caches; i++)
		if (sm->st.caches[i].size == size) {
			if (found != SM_NONE) {
				found = SM_NONE;
				break;
			}
			found = i;
		}
	if (memo)
		memo->v = found;
	return found;
}

/* kmalloc(): a size class's cache (kmalloc_index(), kmalloc_type()) or a large kmalloc,
 * classified inline: this runs for most events of a kmalloc-heavy trace */
static void sm_on_kmalloc(struct mm_engine *e, const struct mm_event *ev)
{
	struct slab_model *sm = e->slab;
	uint64_t req = ev->alloc.bytes_req, bytes = ev->alloc.bytes_alloc;
	uint64_t waste = bytes > req ? bytes - req : 0;
	uint32_t cache, idx, type;

	if (!ev->alloc.ptr || !req || req > kmalloc_max_size(&sm->sp)) {
		sm->st.nr_no_cache++;
		return;
	}
	sm_site(sm, ev->alloc.call_site, bytes, waste);
	if (req > kmalloc_max_cache_size(&sm->sp)) {
		bool fresh;
		struct sm_slot *o;

		if (kmalloc_size_roundup(&sm->sp, req) != bytes)
			sm->st.nr_kmalloc_mismatches++;
		o = sm_map_get(&sm->objs, ev->alloc.ptr, &fresh);
		sm->st.large_nr_alloc++;
		sm->st.large_bytes += bytes;
		sm->st.large_waste_bytes += waste;
		if (!o) {
			sm->err = -ENOMEM;
			return;
		}
		o->v = (uint64_t)SM_NONE << 32 | SM_NONE;
		return;
	}
	idx = (uint32_t)kmalloc_index(&sm->sp, req);
	type = kmalloc_type(&sm->sp, ev->alloc.gfp);
	if (kmalloc_index_size(idx) != bytes)
		sm->st.nr_kmalloc_mismatches++;
	cache = sm->kmalloc_cache[type][idx];
	if (!cache) {
		char name[32];

		cache = kmalloc_cache_name(idx, (enum kmalloc_cache_type)type, name, sizeof(name)) ?
				SM_NONE : sm_lookup(sm, name);
		cache = cache == SM_NONE ? SM_NONE : cache + 1;
		sm->kmalloc_cache[type][idx] = cache;
	}
	if (cache == SM_NONE) {
		sm->st.nr_no_cache++;
		return;
	}
	sm_alloc(e, ev, cache - 1);
}

/* By pointer: the cache of that s->size whose known slab holds ptr, SM_NONE if none. */
static uint32_t sm_cache_by_slab(struct slab_model *sm, uint64_t size, uint64_t ptr)
{
	uint32_t lo = 0, hi = sm->nr_caches;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (sm->st.caches[sm->size_order[mid]].size < size)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < sm->nr_caches && sm->st.caches[sm->size_order[lo]].size == size; lo++) {
		uint32_t c = sm->size_order[lo];
		uint64_t base = ptr & ~(((uint64_t)1 << (sm->sp.page_shift + sm->caches[c].order)) - 1);
		const struct sm_slot *slot = sm_map_find(&sm->slab_of, base);

		if (slot && sm->slabs[slot->v].cache == c)
			return c;
	}
	return SM_NONE;
}

static void sm_on_cache_alloc(struct mm_engine *e, const struct mm_event *ev)
{
	struct slab_model *sm = e->slab;
	uint32_t cache = slab_model_cache_of_str(e, ev->alloc.cache);
	uint64_t waste = ev->alloc.bytes_alloc > ev->alloc.bytes_req ?
				 ev->alloc.bytes_alloc - ev->alloc.bytes_req : 0;

	if (!ev->alloc.ptr) {
		sm->st.nr_unresolved_allocs++;
		return;
	}
	if (cache == SM_NONE && ev->alloc.cache == MM_STR_NONE) {
		cache = sm_cache_by_size(sm, ev->alloc.bytes_alloc);
		if (cache == SM_NONE && sm->st.membership == MM_SLAB_BY_POINTER &&
		    ev->alloc.ptr >= SM_KERNEL_ADDR)
			cache = sm_cache_by_slab(sm, ev->alloc.bytes_alloc, ev->alloc.ptr);
	}
	sm_site(sm, ev->alloc.call_site, ev->alloc.bytes_alloc, waste);
	if (cache == SM_NONE) {
		bool fresh;
		struct sm_slot *o = sm_map_get(&sm->objs, ev->alloc.ptr, &fresh);

		sm->st.nr_unresolved_allocs++;
		if (!o) {
			sm->err = -ENOMEM;
			return;
		}
		o->v = (uint64_t)SM_UNRES << 32 | (waste < UINT32_MAX ? waste : UINT32_MAX);
		return;
	}
	sm_alloc(e, ev, cache);
}

void slab_model_feed(struct mm_engine *e, const struct mm_event *ev)
{
	struct slab_model *sm = e->slab;

	if (!sm || sm->err)
		return;
	switch (ev->type) {
	case MM_EV_PAGE_ALLOC:
		if (ev->page_alloc.pfn == MM_PFN_NONE)
			break;
		if (ev->flags & MM_EVF_SLAB)
			sm->st.slab_tags = true;
		sm->page = (struct sm_page){ .valid = true, .tagged = ev->flags & MM_EVF_SLAB,
					     .event_nr = e->stats.nr_events - 1, .cpu = ev->cpu,
					     .order = ev->page_alloc.order,
					     .mt = ev->page_alloc.migratetype,
					     .pfn = ev->page_alloc.pfn,
					     .cache = ev->page_alloc.cache };
		break;
	case MM_EV_KMALLOC:
		sm_on_kmalloc(e, ev);
		break;
	case MM_EV_KMEM_CACHE_ALLOC:
		sm_on_cache_alloc(e, ev);
		break;
	case MM_EV_KFREE:
		sm_free(e, ev, SM_NONE);
		break;
	case MM_EV_KMEM_CACHE_FREE:
		sm_free(e, ev, slab_model_cache_of_str(e, ev->free.cache));
		break;
	default:
		break;
	}
}

/* ---- lifecycle ---- */

/* The geometry of snapshot cache i: what sysfs printed, derived where it did not. */
static void sm_cache_init(struct slab_model *sm, const struct mm_machine *m, uint32_t i,
			  uint32_t nr_cpus, struct sm_cache *c, struct mm_slab_cache_stats *cs)
{
	const struct mm_slab_cache *sc = &m->slab_caches[i];
	uint32_t flags = slab_cache_flags(m, i);
	struct slab_geometry g = { 0 };

#define HAS(a) (sc->has & (1u << (a)))
	if (HAS(MM_SLAB_OBJECT_SIZE) && HAS(MM_SLAB_ALIGN))
		slab_cache_open(&sm->sp, sc->object_size, sc->align, flags, &g);
	if (HAS(MM_SLAB_SLAB_SIZE) && sc->slab_size) {
		g.size = sc->slab_size;
		g.order = (uint32_t)slab_calculate_order(&sm->sp, g.size);
		g.objs_per_slab = slab_order_objects(&sm->sp, g.order, g.size);
		g.min_order = slab_get_order(&sm->sp, g.size);
		g.min_objects = slab_order_objects(&sm->sp, g.min_order, g.size);
		g.min_partial = slab_set_min_partial(g.size);
		slab_set_cpu_partial(&sm->sp, flags, &g);
	}
	if (sm->derive_geometry && g.size) {
		/* a cache that sysfs shows with per-cpu partials off keeps them off */
		if (HAS(MM_SLAB_CPU_PARTIAL) && !sc->cpu_partial)
			g.cpu_partial_slabs = 0;
	} else {
		if (HAS(MM_SLAB_ORDER))
			g.order = sc->order;
		if (HAS(MM_SLAB_OBJS_PER_SLAB) && sc->objs_per_slab)
			g.objs_per_slab = sc->objs_per_slab;
		if (HAS(MM_SLAB_MIN_PARTIAL))
			g.min_partial = sc->min_partial;
		if (HAS(MM_SLAB_CPU_PARTIAL_SLABS))
			g.cpu_partial_slabs = sc->cpu_partial_slabs;
		else if (HAS(MM_SLAB_CPU_PARTIAL) && !sc->cpu_partial)
			g.cpu_partial_slabs = 0;
	}
#undef HAS
	if (!g.objs_per_slab)
		g.objs_per_slab = 1;
	if (g.min_order > g.order)
		g.min_order = g.order;
	strncpy(cs->name, sc->name, sizeof(cs->name) - 1);
	cs->object_size = sc->object_size;
	cs->size = g.size ? g.size : sc->slab_size;
	cs->order = g.order;
	cs->objs_per_slab = g.objs_per_slab;
	cs->min_order = g.min_order;
	cs->min_partial = g.min_partial;
	cs->cpu_partial_slabs = g.cpu_partial_slabs;
	cs->migratetype = (flags & SLAB_F_RECLAIM_ACCOUNT) ? MT_RECLAIMABLE : MT_UNMOVABLE;
	c->objects = g.objs_per_slab;
	c->order = g.order;
	c->min_order = g.min_order;
	c->min_objects = g.min_objects;
	c->min_partial = g.min_partial;
	c->cpu_partial_slabs = g.cpu_partial_slabs;
	c->allocflags = g.allocflags | MM__GFP_COMP;
	if (flags & SLAB_F_RECLAIM_ACCOUNT)
		c->allocflags |= MM__GFP_RECLAIMABLE;
	c->nr_partial_base = (uint32_t)(sc->partial < UINT32_MAX ? sc->partial : UINT32_MAX);
	c->seed_cpu_slabs = (sc->has & (1u << MM_SLAB_CPU_SLABS)) ? sc->cpu_slabs : 0;
	c->seed_objects_partial = (sc->has & (1u << MM_SLAB_OBJECTS_PARTIAL)) ?
					  sc->objects_partial : (uint64_t)c->nr_partial_base * c->objects;
	c->node_partial = (struct sm_list){ SM_NONE, SM_NONE, 0 };
	for (uint32_t cpu = 0; cpu < nr_cpus; cpu++)
		c->cpu[cpu] = (struct sm_cpu){ SM_NONE, { SM_NONE, SM_NONE, 0 }, false };
}

static void sm_slabinfo_fill(struct slab_model *sm, const struct mm_machine *m, int which)
{
	uint32_t *row = calloc(sm->nr_caches ? sm->nr_caches : 1, sizeof(*row));

	if (!row)
		return;
	/* one pass over slabinfo, not one per cache */
	for (uint32_t r = 0; r < m->nr_slabinfo; r++) {
		uint32_t c = sm_lookup(sm, m->slabinfo[r].name);

		if (c != SM_NONE && !row[c])
			row[c] = r + 1;
	}
	for (uint32_t c = 0; c < sm->nr_caches; c++) {
		struct mm_slabinfo_delta *d = &sm->st.caches[c].slabinfo;
		const struct mm_slabinfo *si = row[c] ? &m->slabinfo[row[c] - 1] : NULL;

		if (!si)
			continue;
		if (which)
			d->have_end = true;
		else
			d->have_start = true;
		d->active_objs[which] = si->active_objs;
		d->num_objs[which] = si->num_objs;
		d->num_slabs[which] = si->num_slabs;
	}
	free(row);
}

void slab_model_free(struct mm_engine *e)
{
	struct slab_model *sm = e->slab;

	if (!sm)
		return;
	for (uint32_t i = 0; i < sm->nr_caches; i++)
		free(sm->caches[i].cpu);
	free(sm->caches);
	free(sm->st.caches);
	for (uint32_t i = 0; i < sm->nr_names; i++)
		free(sm->names[i]);
	free(sm->names);
	free(sm->name_cache);
	free(sm->str_cache);
	free(sm->slabs);
	sm_map_free(&sm->objs);
	sm_map_free(&sm->slab_of);
	sm_map_free(&sm->sites);
	free(sm->site);
	sm_map_free(&sm->pageblocks);
	sm_map_free(&sm->by_size);
	free(sm->size_order);
	free(sm);
	e->slab = NULL;
}

struct sm_name {
	char *name;
	uint32_t cache;
};

static int sm_pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sm_name *)a)->name, ((const struct sm_name *)b)->name);
}

int slab_model_init(struct mm_engine *e, const struct mm_machine *m,
		    const char *(*string)(const void *ctx, uint32_t id), const void *ctx,
		    uint32_t slab_pages)
{
	struct slab_model *sm = calloc(1, sizeof(*sm));
	struct sm_name *pairs = NULL;
	uint32_t n = 0;

	if (!sm)
		return -ENOMEM;
	e->slab = sm;
	sm->nr_cpus = e->nr_cpus;
	sm->string = string;
	sm->string_ctx = ctx;
	sm->free_slab = SM_NONE;
	sm->st.membership = MM_SLAB_BY_POINTER;
	sm->slab_pages = slab_pages;
	slab_params_init(&sm->sp, e->k.p, m, 0);
	if (e->policy && mm_policy_changes_slab(e->policy)) {
		mm_policy_slab_params(e->policy, &sm->sp);
		sm->derive_geometry = true;
	}
	sm->nr_caches = m->nr_slab_caches;
	sm->caches = calloc(sm->nr_caches + 1, sizeof(*sm->caches));
	sm->st.caches = calloc(sm->nr_caches + 1, sizeof(*sm->st.caches));
	pairs = calloc((size_t)m->nr_slab_caches + m->nr_slab_aliases + 1, sizeof(*pairs));
	if (!sm->caches || !sm->st.caches || !pairs)
		goto nomem;
	sm->st.nr_caches = sm->nr_caches;
	for (uint32_t i = 0; i < m->nr_slab_caches; i++)
		pairs[n++] = (struct sm_name){ m->slab_caches[i].name, i };
	for (uint32_t i = 0; i < m->nr_slab_aliases; i++)
		if (m->slab_aliases[i].cache < m->nr_slab_caches)
			pairs[n++] = (struct sm_name){ m->slab_aliases[i].name, m->slab_aliases[i].cache };
	qsort(pairs, n, sizeof(*pairs), sm_pair_cmp);
	sm->names = calloc(n + 1, sizeof(*sm->names));
	sm->name_cache = calloc(n + 1, sizeof(*sm->name_cache));
	if (!sm->names || !sm->name_cache)
		goto nomem;
	for (uint32_t i = 0; i < n; i++) {
		if (sm->nr_names && !strcmp(sm->names[sm->nr_names - 1], pairs[i].name))
			continue;
		sm->names[sm->nr_names] = strdup(pairs[i].name);
		if (!sm->names[sm->nr_names])
			goto nomem;
		sm->name_cache[sm->nr_names++] = pairs[i].cache;
	}
	free(pairs);
	pairs = NULL;
	for (uint32_t i = 0; i < sm->nr_caches; i++) {
		sm->caches[i].cpu = calloc(e->nr_cpus, sizeof(*sm->caches[i].cpu));
		if (!sm->caches[i].cpu)
			goto nomem;
		sm_cache_init(sm, m, i, e->nr_cpus, &sm->caches[i], &sm->st.caches[i]);
	}
	sm->size_order = calloc(sm->nr_caches + 1, sizeof(*sm->size_order));
	if (!sm->size_order)
		goto nomem;
	/* insertion sort by (size, index): a few hundred caches, once */
	for (uint32_t i = 0; i < sm->nr_caches; i++) {
		uint32_t j = i;

		while (j && sm->st.caches[sm->size_order[j - 1]].size > sm->st.caches[i].size) {
			sm->size_order[j] = sm->size_order[j - 1];
			j--;
		}
		sm->size_order[j] = i;
	}
	sm_slabinfo_fill(sm, m, 0);
	return 0;
nomem:
	free(pairs);
	slab_model_free(e);
	return -ENOMEM;
}

void slab_model_set_end(struct mm_engine *e, const struct mm_machine *end)
{
	if (e->slab)
		sm_slabinfo_fill(e->slab, end, 1);
}

static int sm_site_cmp_bytes(const void *a, const void *b)
{
	const struct mm_slab_call_site *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return x->call_site < y->call_site ? -1 : x->call_site > y->call_site;
}

static int sm_site_cmp_waste(const void *a, const void *b)
{
	const struct mm_slab_call_site *x = a, *y = b;

	if (x->waste_bytes != y->waste_bytes)
		return x->waste_bytes > y->waste_bytes ? -1 : 1;
	return x->call_site < y->call_site ? -1 : x->call_site > y->call_site;
}

/* Keeps the top MM_SLAB_TOP_CALL_SITES of the sites by cmp in out. */
static uint32_t sm_top(const struct sm_site *sites, uint32_t nr, struct mm_slab_call_site *out,
		       int (*cmp)(const void *, const void *))
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < nr; i++) {
		struct mm_slab_call_site cs = { .call_site = sites[i].call_site,
						.bytes = sites[i].bytes,
						.waste_bytes = sites[i].waste,
						.count = sites[i].count };
		uint32_t j;

		if (n == MM_SLAB_TOP_CALL_SITES) {
			if (cmp(&cs, &out[n - 1]) >= 0)
				continue;
			n--;
		}
		/* insertion keeps out[] sorted */
		for (j = n++; j && cmp(&cs, &out[j - 1]) < 0; j--)
			out[j] = out[j - 1];
		out[j] = cs;
	}
	return n;
}

const struct mm_slab_stats *slab_model_stats(struct mm_engine *e)
{
	struct slab_model *sm = e->slab;

	if (!sm)
		return NULL;
	for (uint32_t i = 0; i < sm->nr_caches; i++) {
		struct mm_slab_cache_stats *cs = &sm->st.caches[i];
		struct sm_cache *c = &sm->caches[i];
		uint64_t tail = ((uint64_t)1 << (sm->sp.page_shift + c->order)) -
				(uint64_t)c->objects * cs->size;

		cs->nr_live_end = cs->nr_alloc - cs->nr_free;
		cs->nr_slabs_live_end = cs->nr_slabs_alloc - cs->nr_slabs_free;
		cs->nr_node_partial_end = c->node_partial.nr;
		cs->nr_cpu_partial_end = 0;
		for (uint32_t cpu = 0; cpu < sm->nr_cpus; cpu++)
			cs->nr_cpu_partial_end += c->cpu[cpu].partial.nr;
		cs->waste_tail_bytes = cs->size <= ((uint64_t)1 << (sm->sp.page_shift + c->order)) ?
					       tail * cs->nr_slabs_live_end : 0;
	}
	sm->st.nr_by_bytes = sm_top(sm->site, sm->nr_sites, sm->st.by_bytes, sm_site_cmp_bytes);
	sm->st.nr_by_waste = sm_top(sm->site, sm->nr_sites, sm->st.by_waste, sm_site_cmp_waste);
	return &sm->st;
}

/* For the tests: where slab id is and how full. */
int slab_model_slab_state(const struct mm_engine *e, uint64_t ptr, uint32_t *where, uint32_t *inuse,
			  uint32_t *cpu)
{
	const struct slab_model *sm = e->slab;
	const struct sm_slot *o = sm ? sm_map_find(&sm->objs, ptr) : NULL;
	uint32_t id;

	if (!o || (uint32_t)o->v == SM_NONE)
		return -ENOENT;
	id = (uint32_t)o->v;
	*where = sm->slabs[id].where;
	*inuse = sm->slabs[id].inuse;
	*cpu = sm->slabs[id].cpu;
	return 0;
}
