/* SPDX-License-Identifier: GPL-2.0-only */
/* Replay statistics to JSON (schema in report/SCHEMA.md). The only place that knows the keys. */
#ifndef MMTRACE_REPORT_JSON_H
#define MMTRACE_REPORT_JSON_H

#include <stdint.h>

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

#endif
