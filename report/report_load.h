/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What `mmtrace report` reads: replay results (report/SCHEMA.md, schema 1), single or
 * as a multi-policy result set ({"kind": "replay-set", "results": [...]}), reduced to the
 * values the plots need. Like load.c, a key that is missing, of the wrong type or out
 * of range is rejected with its full path ("results[1].zones[0].samples.nr_free[3]").
 * Keys that only newer replays write (samples' pageblocks and cumulative counts, the
 * "policy" and "slab" objects) are optional, but checked when present.
 */
#ifndef MMTRACE_REPORT_REPORT_LOAD_H
#define MMTRACE_REPORT_REPORT_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/stats.h"
#include "load.h"

/* Results one report overlays, and the samples and slab caches one of them may hold. */
#define REPORT_MAX_DOCS 16
#define REPORT_MAX_SAMPLES (1u << 20)
#define REPORT_MAX_CACHES 4096

extern const char *const report_mt_names[MT__NR];

struct report_zone {
	int node;
	char name[32];
	unsigned int nr_orders;
	uint64_t managed_pages;
	uint64_t end_nr_free[MM_NR_ORDERS_MAX];
	uint64_t end_pageblocks[MT__NR];
	uint64_t fallbacks[MT__NR][MT__NR];	/* [start][fallback], summed over the orders */
	uint64_t claims[MT__NR][MT__NR];	/* [to][from] */
	uint64_t nr_fallbacks, nr_claims;
	/* --interval samples: nr_samples 0 and the arrays NULL without */
	uint64_t interval;
	size_t nr_samples;
	uint64_t *event;			/* [i] */
	uint64_t *nr_free;			/* [i * nr_orders + order] */
	uint64_t *pageblocks;			/* [i * MT__NR + mt]; NULL in older results */
	uint64_t *cum_fallbacks, *cum_claims;	/* [i]; NULL in older results */
};

struct report_cache {
	char *name;
	uint64_t internal_bytes, tail_bytes;
};

struct report_doc {
	char *label;		/* the policy's name, or the file's; unique in the set */
	char *policy;		/* "default" when the result names none */
	char *source;		/* "a.json", "set.json results[1]" */
	char *trace_path, *trace_crc32c, *profile, *mode;
	uint64_t nr_events;
	uint32_t nr_zones;
	struct report_zone zones[MM_STATS_MAX_ZONES];
	bool has_slab;
	size_t nr_caches;
	struct report_cache *caches;
};

struct report_set {
	size_t nr_docs;
	struct report_doc docs[REPORT_MAX_DOCS];
};

/*
 * Add the result(s) in buf, read from the file `source`: 0, or -EBADMSG (not a result;
 * err->msg names the key), -EPROTONOSUPPORT (another schema), -E2BIG (more than
 * REPORT_MAX_DOCS results in all), -ENOMEM. On failure the set is as before.
 */
int report_set__add(struct report_set *s, const char *buf, size_t len, const char *source,
		    struct load_err *err);
/* The same from a file; also the open/read errno (ENOENT, EISDIR, EACCES, ...). */
int report_set__add_file(struct report_set *s, const char *path, struct load_err *err);
void report_set__clear(struct report_set *s);

#endif
