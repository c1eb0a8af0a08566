/* SPDX-License-Identifier: GPL-2.0-only */
/* Replay statistics to JSON (schema in report/SCHEMA.md). The only place that knows the keys. */
#ifndef MMTRACE_REPORT_JSON_H
#define MMTRACE_REPORT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/policy.h"
#include "../core/stats.h"

struct replay_meta {
	const char *tool;
	const char *trace_path;
	const char *trace_crc32c;	/* hex of the whole file's CRC-32C */
	const char *release;
	const char *profile;
	unsigned int sublevel;		/* 0 if unknown */
	const char *fallback;		/* "6.1", "6.12-hygiene", "6.12-claim-steal" */
	const char *mode;		/* "follow", "simulate" */
	const char *initial_state;	/* "kpageflags", "lazy" */
	unsigned int nr_orders;
	bool pcp_high_minmax;		/* 6.12: report pcp high_min and high_max too */
	const struct mm_policy *policy;	/* NULL: "default" with no settings */
	uint64_t nr_drops;
	uint64_t interval;		/* --interval; 0 = no samples */
	const struct mm_sample *samples;
	uint64_t nr_samples;
	const struct mm_slab_stats *slab;	/* the "slab" section; NULL leaves it out */
};

struct mm_slab_stats;
typedef struct json_t json_t;
/* The "slab" object (report/json_slab.c). */
json_t *slab_json(const struct mm_slab_stats *ss, unsigned int nr_orders);

/* The result document, malloc'd (NUL-terminated, ends with a newline); NULL on ENOMEM. */
char *replay_json(const struct replay_meta *meta, const struct mm_stats *st,
		  const struct mm_zone_free *zones, uint32_t nr_zones);

/* One result of a set, as replay_json() would print it alone. */
struct replay_set_item {
	const struct replay_meta *meta;
	const struct mm_stats *st;
	const struct mm_zone_free *zones;
	uint32_t nr_zones;
};

/*
 * The result set of a multi-policy replay: {"schema", "kind": "replay-set", "tool",
 * "trace", "results": [...]}. Each result's lines are exactly replay_json()'s for that
 * result, indented by four spaces (what JSON_INDENT(2) gives at that depth), so a result
 * can be cut out of the set and compared with a single-policy run byte for byte.
 * malloc'd, ends with a newline; NULL on ENOMEM.
 */
char *replay_set_json(const char *tool, const char *trace_path, const char *trace_crc32c,
		      const struct replay_set_item *items, size_t nr_items);

/*
 * A policy file (report/SCHEMA.md) that policy_load() reads back: {"name", "kernel" (if
 * set), "settings": {every other set key, in key-table order}}; integers as JSON
 * integers, on/off as booleans, lists and the fallback table as strings. malloc'd, ends
 * with a newline; NULL on ENOMEM.
 */
char *policy_file_json(const struct mm_policy *p);

#endif
