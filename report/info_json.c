// SPDX-License-Identifier: GPL-2.0-only
/* JSON for `mmtrace info --json`; keys are inserted in a fixed order (STYLE.md rule 27). */
#include <jansson.h>
#include <stdlib.h>

#include "info.h"

static json_t *json_u64(uint64_t v)
{
	return json_integer((json_int_t)v);
}

char *info_report_json(const struct info_report *r)
{
	json_t *root = json_object(), *events = json_object(), *drops = json_array();
	json_t *zones = json_array(), *snap = json_object();
	uint64_t dur = r->last_ts_ns > r->first_ts_ns ? r->last_ts_ns - r->first_ts_ns : 0;
	uint64_t nr_drops = 0;
	char *out;

	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "trace", json_string(r->path));
	json_object_set_new(root, "file_bytes", json_u64(r->file_bytes));
	json_object_set_new(root, "format_version", json_sprintf("%u.%u", r->version_major,
								  r->version_minor));
	json_object_set_new(root, "tool", json_string(r->tool));
	json_object_set_new(root, "source", json_string(r->source));
	json_object_set_new(root, "kernel_release", json_string(r->release));
	json_object_set_new(root, "arch", json_string(r->arch));
	json_object_set_new(root, "page_size", json_u64(r->page_size));
	json_object_set_new(root, "nr_cpus", json_u64(r->nr_cpus));
	json_object_set_new(root, "clock", json_string(r->clock));
	json_object_set_new(root, "first_ts_ns", json_u64(r->first_ts_ns));
	json_object_set_new(root, "duration_ns", json_u64(dur));
	json_object_set_new(root, "nr_events", json_u64(r->nr_events));
	/* Events per second as an integer, so the document is byte-stable. */
	json_object_set_new(root, "events_per_sec",
			    json_u64(dur ? (uint64_t)((double)r->nr_events * 1e9 / (double)dur) : 0));
	json_object_set_new(root, "event_bytes", json_u64(r->event_bytes));
	/* Blocks only: snapshots are a fixed cost that would hide the encoding's. */
	json_object_set_new(root, "event_bytes_per_event_milli",
			    json_u64(r->nr_events ? r->event_bytes * 1000 / r->nr_events : 0));
	for (unsigned int t = 1; t < MM_EV__NR; t++)
		if (t != MM_EV_LOST)
			json_object_set_new(events, mm_event_type_name(t), json_u64(r->counts[t]));
	json_object_set_new(root, "events", events);
	for (uint32_t c = 0; r->drops && c < r->nr_drop_cpus; c++) {
		json_array_append_new(drops, json_u64(r->drops[c]));
		nr_drops += r->drops[c];
	}
	json_object_set_new(root, "nr_drops", json_u64(nr_drops));
	json_object_set_new(root, "drops_per_cpu", drops);
	json_object_set_new(root, "nr_lost_markers", json_u64(r->counts[MM_EV_LOST]));
	json_object_set_new(root, "nr_lost", json_u64(r->nr_lost));
	json_object_set_new(root, "status", json_string(r->status));
	json_object_set_new(root, "nr_unwritten", json_u64(r->nr_unwritten));
	for (unsigned int k = 0; k < 2; k++)
		json_object_set_new(snap, k ? "end_files" : "start_files",
				    r->have_snapshot[k] ? json_u64(r->snapshot_files[k]) : json_null());
	json_object_set_new(snap, "nr_slab_caches", json_u64(r->nr_slab_caches));
	for (size_t i = 0; i < r->nr_zones; i++) {
		const struct info_zone *z = &r->zones[i];
		json_t *zo = json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:I}",
			"node", (json_int_t)z->node, "zone", z->name,
			"managed", (json_int_t)z->managed, "nr_free", (json_int_t)z->nr_free,
			"min", (json_int_t)z->wmark_min, "low", (json_int_t)z->wmark_low,
			"high", (json_int_t)z->wmark_high);
		json_t *u = json_array(), *f = json_array();

		for (uint32_t o = 0; o < z->nr_orders; o++) {
			json_array_append_new(u, json_integer(z->unusable_free_index[o]));
			json_array_append_new(f, json_integer(z->fragmentation_index[o]));
		}
		json_object_set_new(zo, "unusable_free_index_milli", u);
		json_object_set_new(zo, "fragmentation_index_milli", f);
		json_array_append_new(zones, zo);
	}
	json_object_set_new(snap, "zones", zones);
	json_object_set_new(root, "snapshot", snap);
	json_object_set_new(root, "verified", json_boolean(r->verified));
	json_object_set_new(root, "error", r->error ? json_string(r->error) : json_null());
	out = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	return out;
}
