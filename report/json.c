// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct mm_stats to JSON. Keys are inserted in a fixed order, counts are integers and
 * ratios are integer ppm or the kernel's own thousandths, so the document is byte-stable
 * across runs and machines (STYLE.md rule 27).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../core/event.h"
#include "json.h"

static const char *const mt_names[MT__NR] = { "Unmovable", "Movable", "Reclaimable",
					      "HighAtomic", "CMA", "Isolate" };
static const char *const inc_names[INC__NR] = { "alloc_not_free", "free_not_allocated",
						"pfn_outside_zones", "order_mismatch",
						"drain_not_on_pcp" };

static json_t *u64(uint64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *u64_array(const uint64_t *v, unsigned int n)
{
	json_t *a = json_array();

	for (unsigned int i = 0; i < n; i++)
		json_array_append_new(a, u64(v[i]));
	return a;
}

/*
 * The zone's samples: parallel arrays, one entry per sample. Per-order values are
 * [i][order]; pageblocks are an object of migratetypes like end.pageblocks, each with
 * one count per sample; the fallback and claim counts are cumulative.
 */
static json_t *samples_json(const struct replay_meta *meta, uint32_t zi)
{
	json_t *o = json_object(), *ev = json_array(), *ts = json_array(), *nf = json_array();
	json_t *ui = json_array(), *fi = json_array(), *pb = json_object(), *pbt[MT__NR];
	json_t *fb = json_array(), *cl = json_array();

	for (unsigned int mt = 0; mt < MT__NR; mt++)
		pbt[mt] = json_array();
	for (uint64_t i = 0; i < meta->nr_samples; i++) {
		const struct mm_sample *s = &meta->samples[i];
		json_t *u = json_array(), *f = json_array();

		json_array_append_new(ev, json_integer((json_int_t)s->event_nr));
		json_array_append_new(ts, json_integer((json_int_t)s->ts_ns));
		json_array_append_new(nf, u64_array(s->nr_free[zi], meta->nr_orders));
		for (unsigned int o2 = 0; o2 < meta->nr_orders; o2++) {
			json_array_append_new(u, json_integer(mm_unusable_free_index(
							 s->nr_free[zi], meta->nr_orders, o2)));
			json_array_append_new(f, json_integer(mm_fragmentation_index(
							 s->nr_free[zi], meta->nr_orders, o2)));
		}
		json_array_append_new(ui, u);
		json_array_append_new(fi, f);
		for (unsigned int mt = 0; mt < MT__NR; mt++)
			json_array_append_new(pbt[mt], u64(s->nr_pageblocks[zi][mt]));
		json_array_append_new(fb, u64(s->nr_fallbacks[zi]));
		json_array_append_new(cl, u64(s->nr_pageblock_claims[zi]));
	}
	for (unsigned int mt = 0; mt < MT__NR; mt++)
		json_object_set_new(pb, mt_names[mt], pbt[mt]);
	json_object_set_new(o, "interval", json_integer((json_int_t)meta->interval));
	json_object_set_new(o, "event", ev);
	json_object_set_new(o, "ts_ns", ts);
	json_object_set_new(o, "nr_free", nf);
	json_object_set_new(o, "unusable_free_index_milli", ui);
	json_object_set_new(o, "fragmentation_index_milli", fi);
	json_object_set_new(o, "pageblocks", pb);
	json_object_set_new(o, "nr_fallbacks", fb);
	json_object_set_new(o, "nr_pageblock_claims", cl);
	return o;
}

/* A set key's value as its type says: integer, boolean or string. */
static json_t *policy_value(const struct mm_policy *p, int key)
{
	const char *v = p->value[key];

	switch (mm_policy_keys[key].type) {
	case MM_POLICY_T_INT:
		return json_integer(strtoll(v, NULL, 10));
	case MM_POLICY_T_BOOL:
		return json_boolean(!strcmp(v, "on"));
	default:
		return json_string(v);
	}
}

/* {"name", "settings"}: the keys that were set, in key-table order; skip_kernel for a
 * policy file, whose kernel is a top-level key */
static json_t *policy_json(const struct mm_policy *p, bool skip_kernel)
{
	json_t *o = json_object(), *set = json_object();

	json_object_set_new(o, "name", json_string(p ? p->name : "default"));
	if (p && !skip_kernel)
		for (int k = 0; k < MM_POLICY__NR; k++)
			if (mm_policy_is_set(p, k))
				json_object_set_new(set, mm_policy_keys[k].name, policy_value(p, k));
	if (p && skip_kernel) {
		if (mm_policy_is_set(p, MM_POLICY_KERNEL))
			json_object_set_new(o, "kernel", json_string(p->value[MM_POLICY_KERNEL]));
		for (int k = 0; k < MM_POLICY__NR; k++)
			if (k != MM_POLICY_KERNEL && mm_policy_is_set(p, k))
				json_object_set_new(set, mm_policy_keys[k].name, policy_value(p, k));
	}
	json_object_set_new(o, "settings", set);
	return o;
}

/* json_dumps() with JSON_INDENT(2) and a final newline, or NULL */
static char *dump_nl(json_t *root)
{
	char *out = json_dumps(root, JSON_INDENT(2));

	if (out) {
		size_t len = strlen(out);
		char *nl = realloc(out, len + 2);

		if (!nl) {
			free(out);
			return NULL;
		}
		nl[len] = '\n';
		nl[len + 1] = '\0';
		out = nl;
	}
	return out;
}

char *policy_file_json(const struct mm_policy *p)
{
	json_t *root = policy_json(p, true);
	char *out = root ? dump_nl(root) : NULL;

	json_decref(root);
	return out;
}

static json_t *zone_json(const struct replay_meta *meta, const struct mm_zone_free *zf,
			 const struct mm_zone_stats *zs, uint32_t zi)
{
	unsigned int n = meta->nr_orders;
	json_t *z = json_object(), *end = json_object(), *bymt = json_object(), *pb = json_object();
	json_t *unusable = json_array(), *fragidx = json_array(), *fb = json_array(), *cl = json_array();
	json_t *alloc = json_object(), *pcp = json_object(), *pol = json_object(), *wm = json_object();

	json_object_set_new(z, "node", json_integer(zf->node));
	json_object_set_new(z, "zone", json_string(zf->name));
	json_object_set_new(z, "managed_pages", u64(zf->managed_pages));
	json_object_set_new(wm, "min", u64(zf->wmark[0]));
	json_object_set_new(wm, "low", u64(zf->wmark[1]));
	json_object_set_new(wm, "high", u64(zf->wmark[2]));
	json_object_set_new(wm, "promo", u64(zf->wmark[3]));
	json_object_set_new(z, "watermarks", wm);
	/* the sizes first (CPU 0's), so a policy's derived changes show next to the marks */
	json_object_set_new(pcp, "batch", json_integer(zf->pcp_batch));
	json_object_set_new(pcp, "high", json_integer(zf->pcp_high));
	if (meta->pcp_high_minmax) {
		json_object_set_new(pcp, "high_min", json_integer(zf->pcp_high_min));
		json_object_set_new(pcp, "high_max", json_integer(zf->pcp_high_max));
	}
	json_object_set_new(pcp, "hits", u64(zs->nr_pcp_hit));
	json_object_set_new(pcp, "refills", u64(zs->nr_pcp_refill));
	json_object_set_new(pcp, "refill_pages", u64(zs->nr_pcp_refill_pages));
	json_object_set_new(pcp, "drain_pages", u64(zs->nr_pcp_drain_pages));
	json_object_set_new(z, "pcp", pcp);

	json_object_set_new(end, "nr_free", u64_array(zf->nr_free, n));
	json_object_set_new(end, "free_pages", u64(zf->nr_free_pages));
	json_object_set_new(end, "pcp_pages", u64(zf->nr_pcp_pages));
	for (unsigned int mt = 0; mt < MT__NR; mt++) {
		json_object_set_new(bymt, mt_names[mt], u64_array(zf->nr_free_mt[mt], n));
		json_object_set_new(pb, mt_names[mt], u64(zf->nr_pageblocks[mt]));
	}
	json_object_set_new(end, "nr_free_by_migratetype", bymt);
	json_object_set_new(end, "pageblocks", pb);
	for (unsigned int o = 0; o < n; o++) {
		json_array_append_new(unusable, json_integer(mm_unusable_free_index(zf->nr_free, n, o)));
		json_array_append_new(fragidx, json_integer(mm_fragmentation_index(zf->nr_free, n, o)));
	}
	json_object_set_new(end, "unusable_free_index_milli", unusable);
	json_object_set_new(end, "fragmentation_index_milli", fragidx);
	json_object_set_new(z, "end", end);

	json_object_set_new(alloc, "by_order", u64_array(zs->nr_alloc, n));
	json_object_set_new(alloc, "failed_by_order", u64_array(zs->nr_alloc_failed, n));
	json_object_set_new(alloc, "watermark_failures",
			    json_pack("{s:I, s:I, s:I, s:I}", "min", (json_int_t)zs->nr_wmark_fail[0],
				      "low", (json_int_t)zs->nr_wmark_fail[1], "high",
				      (json_int_t)zs->nr_wmark_fail[2], "promo",
				      (json_int_t)zs->nr_wmark_fail[3]));
	json_object_set_new(z, "allocations", alloc);

	/* Only the fallbacks that happened, in (order, start, fallback, fallback order) order. */
	for (unsigned int o = 0; o < n; o++)
		for (unsigned int s = 0; s < MT_PCPTYPES; s++)
			for (unsigned int f = 0; f < MT_PCPTYPES; f++)
				for (unsigned int fo = 0; fo < n; fo++) {
					uint64_t c = zs->fallbacks[o][s][f][fo];

					if (!c)
						continue;
					json_array_append_new(fb, json_pack(
						"{s:i, s:s, s:s, s:i, s:I}", "order", (int)o,
						"start_migratetype", mt_names[s],
						"fallback_migratetype", mt_names[f],
						"fallback_order", (int)fo, "count", (json_int_t)c));
				}
	json_object_set_new(z, "fallbacks", fb);
	for (unsigned int to = 0; to < MT_PCPTYPES; to++)
		for (unsigned int from = 0; from < MT__NR; from++)
			if (zs->nr_pageblock_claims[to][from])
				json_array_append_new(cl, json_pack(
					"{s:s, s:s, s:I}", "to", mt_names[to], "from", mt_names[from],
					"count", (json_int_t)zs->nr_pageblock_claims[to][from]));
	json_object_set_new(z, "pageblock_claims", cl);
	json_object_set_new(z, "highatomic", json_pack("{s:I, s:I}", "reserved",
		(json_int_t)zs->nr_highatomic_reserve, "unreserved",
		(json_int_t)zs->nr_highatomic_unreserve));
	json_object_set_new(z, "watermark_boosts", u64(zs->nr_boosts));
	for (unsigned int mt = 0; mt < MT_PCPTYPES; mt++) {
		if (mt == MT_MOVABLE)
			continue;
		json_object_set_new(pol, mt_names[mt], json_pack("{s:I, s:I}", "allocations",
			(json_int_t)zs->nr_polluting_allocs[mt], "pages",
			(json_int_t)zs->nr_polluting_pages[mt]));
	}
	json_object_set_new(z, "in_movable_pageblocks", pol);
	if (meta->interval)
		json_object_set_new(z, "samples", samples_json(meta, zi));
	return z;
}

static json_t *replay_doc(const struct replay_meta *meta, const struct mm_stats *st,
			  const struct mm_zone_free *zones, uint32_t nr_zones)
{
	json_t *root = json_object(), *trace = json_object(), *kernel = json_object();
	json_t *events = json_object(), *zarr = json_array(), *follow = json_object();
	json_t *inc = json_object();
	uint64_t nr_page_events = 0, nr_inc = 0;

	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "tool", json_string(meta->tool));
	json_object_set_new(trace, "path", json_string(meta->trace_path));
	json_object_set_new(trace, "crc32c", json_string(meta->trace_crc32c));
	json_object_set_new(root, "trace", trace);
	json_object_set_new(kernel, "release", json_string(meta->release));
	json_object_set_new(kernel, "profile", json_string(meta->profile));
	json_object_set_new(kernel, "sublevel", json_integer(meta->sublevel));
	json_object_set_new(kernel, "fallback", json_string(meta->fallback));
	json_object_set_new(root, "kernel", kernel);
	json_object_set_new(root, "profile", json_string(meta->profile));
	json_object_set_new(root, "mode", json_string(meta->mode));
	json_object_set_new(root, "initial_state", json_string(meta->initial_state));
	json_object_set_new(root, "policy", policy_json(meta->policy, false));
	json_object_set_new(root, "initial_unknown_pages", u64(st->nr_unknown_pages));
	json_object_set_new(events, "total", u64(st->nr_events));
	for (unsigned int t = 1; t < MM_EV__NR; t++) {
		if (t == MM_EV_LOST)
			continue;
		json_object_set_new(events, mm_event_type_name(t), u64(st->nr_events_by_type[t]));
		if (t <= MM_EV_PAGE_ALLOC_EXTFRAG && t != MM_EV_PAGE_FREE_BATCHED)
			nr_page_events += st->nr_events_by_type[t];
	}
	json_object_set_new(events, "drops", u64(meta->nr_drops));
	json_object_set_new(root, "events", events);
	for (uint32_t i = 0; i < nr_zones && i < st->nr_zones; i++)
		json_array_append_new(zarr, zone_json(meta, &zones[i], &st->zone[i], i));
	json_object_set_new(root, "zones", zarr);
	for (unsigned int c = 0; c < INC__NR; c++) {
		json_object_set_new(inc, inc_names[c], u64(st->inconsistencies[c]));
		nr_inc += st->inconsistencies[c];
	}
	json_object_set_new(follow, "page_events", u64(nr_page_events));
	json_object_set_new(follow, "inferred_bulk_allocs", u64(st->nr_inferred_bulk_allocs));
	json_object_set_new(follow, "untraced_pcp_takes", u64(st->nr_untraced_pcp_takes));
	json_object_set_new(follow, "buddy_predictions", json_pack(
		"{s:I, s:I, s:I, s:I}", "removals", (json_int_t)st->predict.nr_buddy,
		"same_pfn", (json_int_t)st->predict.nr_buddy_agree,
		"same_pfn_ppm", (json_int_t)(st->predict.nr_buddy ?
			st->predict.nr_buddy_agree * 1000000 / st->predict.nr_buddy : 0),
		"no_block", (json_int_t)st->predict.nr_buddy_no_block));
	json_object_set_new(follow, "fallback_predictions", json_pack(
		"{s:I, s:I, s:I, s:I, s:I}", "recorded", (json_int_t)st->predict.nr_fallback,
		"model_fell_back", (json_int_t)st->predict.nr_fallback_needed,
		"same_block", (json_int_t)st->predict.nr_fallback_same_block,
		"same_block_ppm", (json_int_t)(st->predict.nr_fallback ?
			st->predict.nr_fallback_same_block * 1000000 / st->predict.nr_fallback : 0),
		"same_claim", (json_int_t)st->predict.nr_fallback_same_claim));
	json_object_set_new(follow, "refill_predictions", json_pack(
		"{s:I, s:I, s:I, s:I}", "recorded", (json_int_t)st->predict.nr_refill,
		"model_list_empty", (json_int_t)st->predict.nr_refill_needed,
		"same_count", (json_int_t)st->predict.nr_refill_same_count,
		"same_count_ppm", (json_int_t)(st->predict.nr_refill ?
			st->predict.nr_refill_same_count * 1000000 / st->predict.nr_refill : 0)));
	json_object_set_new(follow, "inconsistencies", inc);
	/* consistent share of page events, in parts per million */
	json_object_set_new(follow, "consistent_ppm",
			    u64(nr_page_events ? (nr_page_events - (nr_inc < nr_page_events ? nr_inc : nr_page_events)) *
						   1000000 / nr_page_events : 1000000));
	{
		static const char *const kinds[] = { "allocated", "free", "pcp", "allocated",
						     "hole", "unknown", "?", "?" };
		json_t *samples = json_array();

		for (uint32_t i = 0; i < st->nr_inc_samples; i++) {
			const struct mm_inc_sample *x = &st->inc_samples[i];

			json_array_append_new(samples, json_pack(
				"{s:I, s:s, s:s, s:I, s:i, s:s}", "event", (json_int_t)x->event_nr,
				"type", mm_event_type_name(x->type), "class", inc_names[x->cls],
				"pfn", (json_int_t)x->pfn, "order", (int)x->order,
				"model_state", kinds[x->state & 7]));
		}
		json_object_set_new(follow, "first_inconsistencies", samples);
	}
	json_object_set_new(root, "follow", follow);
	if (!strcmp(meta->mode, "simulate")) {
		const struct mm_sim_stats *ss = &st->sim;
		json_t *sim = json_object();

		json_object_set_new(sim, "requests", u64(ss->nr_requests));
		json_object_set_new(sim, "pfn_agree", u64(ss->nr_pfn_agree));
		json_object_set_new(sim, "pfn_agreement_ppm",
				    u64(ss->nr_requests ? ss->nr_pfn_agree * 1000000 / ss->nr_requests : 0));
		json_object_set_new(sim, "model_failed", u64(ss->nr_model_failed));
		json_object_set_new(sim, "kernel_failed", u64(ss->nr_kernel_failed));
		json_object_set_new(sim, "free_conflicts", u64(ss->nr_free_conflicts));
		json_object_set_new(sim, "bad_requests", u64(ss->nr_bad_requests));
		if (ss->diverged)
			json_object_set_new(sim, "first_divergence", json_pack(
				"{s:I, s:I, s:I}", "event", (json_int_t)ss->first_divergence_event,
				"kernel_pfn", (json_int_t)ss->first_divergence_kernel_pfn,
				"model_pfn", (json_int_t)ss->first_divergence_model_pfn));
		else
			json_object_set_new(sim, "first_divergence", json_null());
		json_object_set_new(root, "simulate", sim);
	}
	if (meta->slab)
		json_object_set_new(root, "slab", slab_json(meta->slab, meta->nr_orders));
	return root;
}

char *replay_json(const struct replay_meta *meta, const struct mm_stats *st,
		  const struct mm_zone_free *zones, uint32_t nr_zones)
{
	json_t *root = replay_doc(meta, st, zones, nr_zones);
	char *out = root ? dump_nl(root) : NULL;

	json_decref(root);
	return out;
}

char *replay_set_json(const char *tool, const char *trace_path, const char *trace_crc32c,
		      const struct replay_set_item *items, size_t nr_items)
{
	json_t *root = json_object(), *trace = json_object(), *results = json_array();
	char *out;

	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "kind", json_string("replay-set"));
	json_object_set_new(root, "tool", json_string(tool));
	json_object_set_new(trace, "path", json_string(trace_path));
	json_object_set_new(trace, "crc32c", json_string(trace_crc32c));
	json_object_set_new(root, "trace", trace);
	for (size_t i = 0; i < nr_items; i++)
		json_array_append_new(results, replay_doc(items[i].meta, items[i].st, items[i].zones,
							  items[i].nr_zones));
	json_object_set_new(root, "results", results);
	out = dump_nl(root);
	json_decref(root);
	return out;
}
