/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Two replay results compared metric by metric, with thresholds (STYLE.md rule 28). The
 * metrics are a named table in the spirit of perf kmem's sort_dimension: a name, a
 * description, which direction is worse, and an extractor. Metrics over zones are summed
 * (counts) or maximised (indices); those also exist per zone as METRIC@NODE:ZONE.
 */
#ifndef MMTRACE_REPORT_DIFF_H
#define MMTRACE_REPORT_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load.h"

enum diff_dir {
	DIFF_HIGHER_IS_WORSE,
	DIFF_LOWER_IS_WORSE,
};

enum diff_scope {
	DIFF_GLOBAL,	/* one value per result (follow, simulate) */
	DIFF_ZONE_SUM,	/* summed over zones; per-zone variants exist */
	DIFF_ZONE_MAX,	/* the worst zone; per-zone variants exist */
};

struct diff_metric {
	const char *name;
	const char *desc;
	enum diff_dir dir;
	enum diff_scope scope;
	/* A zone's value (zone != NULL) or the result's (GLOBAL); false if not there. */
	bool (*get)(const struct replay_result *r, const struct result_zone *zone, int arg,
		    int64_t *out);
	int arg;
};

extern const struct diff_metric diff_metrics[];
extern const size_t nr_diff_metrics;

/* Exact match by name, or NULL. */
const struct diff_metric *diff_metric_find(const char *name);
/* The names of all metrics separated by spaces, for "hint:" lines (static buffer). */
const char *diff_metric_names(void);

/* --max-regress METRIC=N% (relative to the base) or METRIC=N (absolute). */
struct diff_threshold {
	const struct diff_metric *m;
	bool per_zone;
	int node;
	char zone[32];
	bool relative;
	int64_t limit;	/* absolute: in the metric's unit; relative: thousandths of a percent */
	char spec[96];	/* as given after '=', for the output */
};

/*
 * Parse "METRIC[@NODE:ZONE]=N[.NNN]%" or "METRIC[@NODE:ZONE]=N". -ENOENT for an unknown
 * metric, -EINVAL for anything else malformed; msg says what.
 */
int diff_threshold_parse(const char *arg, struct diff_threshold *t, char *msg, size_t msg_size);

/*
 * Whether going from base to new worsens the metric by more than t allows. Relative:
 * the worsening over |base| > limit; with base == 0, any worsening exceeds.
 */
bool diff_exceeds(enum diff_dir dir, int64_t base, int64_t new, const struct diff_threshold *t);

/* (new - base) / |base| in parts per million; false if base == 0 (undefined). */
bool diff_relative_ppm(int64_t base, int64_t new, int64_t *ppm);

struct diff_row {
	char name[96];
	const struct diff_metric *m;
	bool has_base, has_new;	/* the metric exists in that result */
	bool present;		/* in both */
	int64_t base, new, change;
	bool has_relative;
	int64_t relative_ppm;
	const struct diff_threshold *threshold;	/* the first one that applies, or NULL */
	bool exceeded;
};

struct diff_report {
	const struct replay_result *base, *new;
	const char *base_path, *new_path;
	struct diff_row *rows;
	size_t nr_rows;
	size_t nr_thresholds;
	size_t nr_exceeded;	/* rows over a threshold */
};

/*
 * Compare two results. Every metric gets a row; per-zone rows follow for zones present in
 * both results when all_zones, and otherwise only for per-zone thresholds. -ENOENT if a
 * threshold names a zone not in both results (msg says which), -ENOMEM.
 */
int diff_report__build(struct diff_report *d, const struct replay_result *base,
		       const struct replay_result *new, const struct diff_threshold *t, size_t nr_t,
		       bool all_zones, char *msg, size_t msg_size);
void diff_report__clear(struct diff_report *d);

/* The report as text (< 80 columns), JSON (deterministic) or Markdown; malloc'd, NULL on ENOMEM. */
char *diff_report__text(const struct diff_report *d);
char *diff_report__json(const struct diff_report *d);
char *diff_report__markdown(const struct diff_report *d);

#endif
