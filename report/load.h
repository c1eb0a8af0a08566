/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A replay JSON document (report/SCHEMA.md, schema 1) read back for `mmtrace diff`: the
 * schema is validated and the values diff compares are kept, per zone. Anything that
 * does not match the schema is rejected with the key that was wrong.
 */
#ifndef MMTRACE_REPORT_LOAD_H
#define MMTRACE_REPORT_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/stats.h"

/* The only schema this loader understands (the writer is report/json.c). */
#define REPLAY_SCHEMA 1

struct load_err {
	char msg[256];	/* "zones[1].fallbacks[0].count: expected an integer >= 0, got a string" */
	char names[256];	/* a result set's policy names, "a b c", when one must be picked */
};

/* Formats err->msg and returns ret (for report/'s readers: return load_fail(...)). */
int load_fail(struct load_err *err, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct result_zone {
	int node;
	char name[32];
	unsigned int nr_orders;				/* length of every per-order array */
	uint64_t managed_pages;
	int64_t unusable_free_index_milli[MM_NR_ORDERS_MAX];	/* 0..1000 */
	int64_t fragmentation_index_milli[MM_NR_ORDERS_MAX];	/* -1000..1000 */
	uint64_t nr_alloc_failed[MM_NR_ORDERS_MAX];
	uint64_t nr_wmark_fail;				/* min + low + high + promo */
	uint64_t nr_pcp_drain_pages;
	uint64_t nr_fallbacks;
	uint64_t nr_fallbacks_fragmenting;		/* fallback_order < RESULT_PAGEBLOCK_ORDER */
	uint64_t nr_pageblock_claims;
	uint64_t nr_highatomic_reserved;
	uint64_t nr_boosts;
	uint64_t nr_polluting_pages;			/* in_movable_pageblocks.*.pages */
};

struct replay_result {
	char *tool;
	char *trace_path;
	char *trace_crc32c;
	char *release;
	char *profile;
	char *mode;				/* "follow" or "simulate" */
	char *policy;				/* policy.name ("default" if absent) */
	uint64_t nr_events;
	uint64_t nr_inconsistencies;		/* follow.inconsistencies, all classes */
	bool has_simulate;			/* the "simulate" object (simulate mode only) */
	uint64_t pfn_agreement_ppm;
	uint32_t nr_zones;
	struct result_zone zones[MM_STATS_MAX_ZONES];
};

/*
 * The trace's fallback_order below pageblock_order is the kernel's "fragmenting"
 * fallback (include/trace/events/kmem.h, mm_page_alloc_extfrag). The JSON does not
 * carry pageblock_order; 9 is x86-64's and arm64's with 4K pages (HPAGE_PMD_ORDER).
 */
#define RESULT_PAGEBLOCK_ORDER 9

/*
 * Parse a replay document. NULL with errno set on failure: EBADMSG (not JSON, a key
 * missing or of the wrong type, a value out of range), EPROTONOSUPPORT (schema is not
 * REPLAY_SCHEMA), ENOMEM; err->msg says which key and why.
 */
struct replay_result *replay_result__parse(const char *buf, size_t len, struct load_err *err);
/* The same from a file; also the open/read errno (ENOENT, EACCES, EISDIR, ...). */
struct replay_result *replay_result__load(const char *path, struct load_err *err);

/*
 * Either of a single result or of a result set ("kind": "replay-set", one result per
 * policy): name picks the result whose policy.name it is. A set without a name, or a name
 * that is not there, fails with EINVAL (a usage error) and err->names lists the set's
 * names; a single result is taken when name is NULL or its own policy's name.
 */
struct replay_result *replay_result__parse_named(const char *buf, size_t len, const char *name,
						 struct load_err *err);
struct replay_result *replay_result__load_named(const char *path, const char *name,
						struct load_err *err);
void replay_result__free(struct replay_result *r);

/* The zone with this node and name, or NULL. */
const struct result_zone *replay_result__zone(const struct replay_result *r, int node,
					      const char *name);

#endif
