// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "slab" section of the replay JSON (report/SCHEMA.md): the SLUB model's counters per
 * cache, the kmalloc call sites, and what the model does not reproduce. Caches that saw no
 * object event are left out; the rest keep the model's order (sorted by name).
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>

#include "../core/slab_stats.h"
#include "json.h"

static const char *const slab_mt_names[MT__NR] = { "Unmovable", "Movable", "Reclaimable",
						   "HighAtomic", "CMA", "Isolate" };

/* What the model approximates or leaves out; fixed text, so the JSON stays stable. */
static const char *const not_modelled[] = {
	"slub_debug (red zones, poisoning, user tracking): caches are taken as sysfs shows them",
	"CONFIG_SLAB_FREELIST_RANDOM: objects are placed in freelist order only when the model "
	"chooses the slab (membership \"model\": hashed pointers)",
	"memcg per-object accounting (obj_cgroup, kmalloc-cg charging)",
	"CONFIG_RANDOM_KMALLOC_CACHES: kmalloc goes to the plain kmalloc-* cache",
	"NUMA: one node partial list per cache",
	"slab state at the start: objects allocated before the trace are counted as untracked "
	"frees, their slabs as preexisting; by pointer, node partial slabs of the start snapshot "
	"only count toward min_partial; by model, they are seeded with their objects_partial, "
	"and each CPU's first refill of a cache with cpu_slabs takes a start cpu slab taken as "
	"half free",
	"by pointer: a slab taken from the node partial list does not bring the extra slabs "
	"get_partial_node() moves to the per-cpu list",
	"by pointer: a slab is PAGE_SIZE << order aligned; a min-order fallback slab shares its "
	"id with its aligned neighbour",
	"without MM_EVF_SLAB tags a new slab's page is the mm_page_alloc of the cache's order just "
	"before the object's event on the same CPU",
	"kmem_cache_alloc without a cache name (6.1, 6.12 tracepoints): the one cache whose "
	"slab_size is bytes_alloc, or by pointer the one of those whose known slab holds it; "
	"else the object is attributed when a named kmem_cache_free frees it, outside any slab",
	"simulate mode without MM_EVF_SLAB tags: the recorded page stream already holds the "
	"kernel's slab pages, so the model adds none of its own; a new slab names the block the "
	"page model gave its paired request (slabs without one count as page_unknown)",
	"kmem_cache_shrink, cpu hotplug and memory hotplug flushes",
};

static json_t *u(uint64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *i64(int64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *slabinfo_json(const struct mm_slab_cache_stats *c)
{
	const struct mm_slabinfo_delta *d = &c->slabinfo;
	json_t *o = json_object();
	int64_t d_objs, d_slabs, m_objs, m_slabs;

	if (!d->have_start || !d->have_end) {
		json_decref(o);
		return json_null();
	}
	d_objs = (int64_t)d->active_objs[1] - (int64_t)d->active_objs[0];
	d_slabs = (int64_t)d->num_slabs[1] - (int64_t)d->num_slabs[0];
	m_objs = (int64_t)c->nr_alloc - (int64_t)c->nr_free - (int64_t)c->nr_free_untracked;
	m_slabs = (int64_t)c->nr_slabs_alloc - (int64_t)c->nr_slabs_free;
	json_object_set_new(o, "active_objs_delta", i64(d_objs));
	json_object_set_new(o, "model_objects_delta", i64(m_objs));
	json_object_set_new(o, "num_slabs_delta", i64(d_slabs));
	json_object_set_new(o, "model_slabs_delta", i64(m_slabs));
	json_object_set_new(o, "objects_agree", json_boolean(d_objs == m_objs));
	json_object_set_new(o, "slabs_agree", json_boolean(d_slabs == m_slabs));
	return o;
}

static json_t *cache_json(const struct mm_slab_cache_stats *c, unsigned int nr_orders)
{
	json_t *o = json_object(), *objs = json_object(), *slabs = json_object();
	json_t *by_order = json_array(), *by_mt = json_object(), *refills = json_object();
	json_t *partial = json_object(), *waste = json_object();

	json_object_set_new(o, "name", json_string(c->name));
	json_object_set_new(o, "object_size", u(c->object_size));
	json_object_set_new(o, "size", u(c->size));
	json_object_set_new(o, "order", u(c->order));
	json_object_set_new(o, "objs_per_slab", u(c->objs_per_slab));
	json_object_set_new(o, "min_partial", u(c->min_partial));
	json_object_set_new(o, "cpu_partial_slabs", u(c->cpu_partial_slabs));
	json_object_set_new(objs, "allocated", u(c->nr_alloc));
	json_object_set_new(objs, "freed", u(c->nr_free));
	json_object_set_new(objs, "freed_untracked", u(c->nr_free_untracked));
	json_object_set_new(objs, "live_end", u(c->nr_live_end));
	json_object_set_new(objs, "remote_frees", u(c->nr_remote_frees));
	json_object_set_new(o, "objects", objs);
	json_object_set_new(slabs, "allocated", u(c->nr_slabs_alloc));
	json_object_set_new(slabs, "freed", u(c->nr_slabs_free));
	json_object_set_new(slabs, "live_end", u(c->nr_slabs_live_end));
	json_object_set_new(slabs, "preexisting", u(c->nr_slabs_preexisting));
	for (unsigned int i = 0; i < nr_orders && i < MM_NR_ORDERS_MAX; i++)
		json_array_append_new(by_order, u(c->slabs_by_order[i]));
	json_object_set_new(slabs, "by_order", by_order);
	for (unsigned int mt = 0; mt < MT__NR; mt++)
		json_object_set_new(by_mt, slab_mt_names[mt], u(c->slabs_by_mt[mt]));
	json_object_set_new(slabs, "by_migratetype", by_mt);
	json_object_set_new(slabs, "page_unknown", u(c->nr_slabs_no_page));
	json_object_set_new(slabs, "alloc_failed", u(c->nr_slab_alloc_failed));
	json_object_set_new(o, "slabs", slabs);
	json_object_set_new(refills, "from_cpu_partial", u(c->nr_refill_cpu_partial));
	json_object_set_new(refills, "from_partial", u(c->nr_refill_node_partial));
	json_object_set_new(refills, "new_slab", u(c->nr_refill_new_slab));
	json_object_set_new(o, "refills", refills);
	json_object_set_new(o, "order_fallbacks", u(c->nr_order_fallbacks));
	json_object_set_new(partial, "cpu_end", u(c->nr_cpu_partial_end));
	json_object_set_new(partial, "node_end", u(c->nr_node_partial_end));
	json_object_set_new(partial, "cpu_partial_drains", u(c->nr_cpu_partial_drains));
	json_object_set_new(o, "partial", partial);
	json_object_set_new(waste, "internal_bytes", u(c->waste_internal_bytes));
	json_object_set_new(waste, "tail_bytes", u(c->waste_tail_bytes));
	json_object_set_new(o, "waste", waste);
	json_object_set_new(o, "movable_pageblocks_contaminated",
			    u(c->movable_pageblocks_contaminated));
	json_object_set_new(o, "slabinfo_agreement", slabinfo_json(c));
	return o;
}

static json_t *sites_json(const struct mm_slab_call_site *s, uint32_t n)
{
	json_t *a = json_array();

	for (uint32_t i = 0; i < n; i++) {
		char addr[24];

		snprintf(addr, sizeof(addr), "0x%" PRIx64, s[i].call_site);
		json_array_append_new(a, json_pack("{s:s, s:I, s:I, s:I}", "call_site", addr,
						   "bytes", (json_int_t)s[i].bytes, "waste_bytes",
						   (json_int_t)s[i].waste_bytes, "count",
						   (json_int_t)s[i].count));
	}
	return a;
}

json_t *slab_json(const struct mm_slab_stats *ss, unsigned int nr_orders)
{
	json_t *o = json_object(), *model = json_object(), *nm = json_array(), *caches = json_array();
	json_t *large = json_object(), *sites = json_object();
	uint64_t agree_objs = 0, agree_slabs = 0, compared = 0;

	json_object_set_new(model, "membership",
			    json_string(ss->membership == MM_SLAB_BY_POINTER ? "pointer" : "model"));
	json_object_set_new(model, "slab_page_tags", json_boolean(ss->slab_tags));
	for (size_t i = 0; i < sizeof(not_modelled) / sizeof(not_modelled[0]); i++)
		json_array_append_new(nm, json_string(not_modelled[i]));
	json_object_set_new(model, "not_modelled", nm);
	json_object_set_new(o, "model", model);
	json_object_set_new(o, "kmalloc_mismatches", u(ss->nr_kmalloc_mismatches));
	json_object_set_new(o, "no_cache", u(ss->nr_no_cache));
	json_object_set_new(o, "unresolved_allocs", u(ss->nr_unresolved_allocs));
	json_object_set_new(o, "resolved_at_free", u(ss->nr_resolved_at_free));
	json_object_set_new(o, "unresolved_frees", u(ss->nr_unresolved_frees));
	json_object_set_new(o, "untracked_frees", u(ss->nr_untracked_frees));
	json_object_set_new(o, "paired_slab_pages", u(ss->nr_paired_pages));
	json_object_set_new(o, "pointer_conflicts", u(ss->nr_pointer_conflicts));
	json_object_set_new(large, "allocated", u(ss->large_nr_alloc));
	json_object_set_new(large, "freed", u(ss->large_nr_free));
	json_object_set_new(large, "bytes", u(ss->large_bytes));
	json_object_set_new(large, "internal_bytes", u(ss->large_waste_bytes));
	json_object_set_new(o, "kmalloc_large", large);
	for (uint32_t i = 0; i < ss->nr_caches; i++) {
		const struct mm_slab_cache_stats *c = &ss->caches[i];

		if (!c->nr_alloc && !c->nr_free && !c->nr_free_untracked)
			continue;
		json_array_append_new(caches, cache_json(c, nr_orders));
		if (c->slabinfo.have_start && c->slabinfo.have_end) {
			compared++;
			agree_objs += (int64_t)c->slabinfo.active_objs[1] -
					      (int64_t)c->slabinfo.active_objs[0] ==
				      (int64_t)c->nr_alloc - (int64_t)c->nr_free -
					      (int64_t)c->nr_free_untracked;
			agree_slabs += (int64_t)c->slabinfo.num_slabs[1] -
					       (int64_t)c->slabinfo.num_slabs[0] ==
				       (int64_t)c->nr_slabs_alloc - (int64_t)c->nr_slabs_free;
		}
	}
	json_object_set_new(o, "slabinfo_agreement", json_pack(
		"{s:I, s:I, s:I}", "caches_compared", (json_int_t)compared, "objects_agree",
		(json_int_t)agree_objs, "slabs_agree", (json_int_t)agree_slabs));
	json_object_set_new(o, "caches", caches);
	json_object_set_new(sites, "by_bytes", sites_json(ss->by_bytes, ss->nr_by_bytes));
	json_object_set_new(sites, "by_waste", sites_json(ss->by_waste, ss->nr_by_waste));
	json_object_set_new(o, "call_sites", sites);
	return o;
}
