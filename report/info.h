/* SPDX-License-Identifier: GPL-2.0-only */
/* `mmtrace info --json`: a trace's description, as plain values the CLI fills in. */
#ifndef MMTRACE_REPORT_INFO_H
#define MMTRACE_REPORT_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/event.h"

struct info_zone {
	uint32_t node;
	char name[16];
	uint64_t managed;
	uint64_t nr_free;
	uint64_t wmark_min, wmark_low, wmark_high;
	uint32_t nr_orders;		/* 0 if the snapshot had no buddyinfo for it */
	int32_t unusable_free_index[16];	/* thousandths, from buddyinfo (mm/vmstat.c) */
	int32_t fragmentation_index[16];
};

struct info_report {
	const char *path;
	uint64_t file_bytes;
	uint64_t event_bytes;		/* the event blocks' share of file_bytes */
	unsigned int version_major, version_minor;
	const char *tool, *source, *clock, *arch, *release;
	uint32_t page_size, nr_cpus;
	uint64_t first_ts_ns, last_ts_ns;
	uint64_t nr_events;
	uint64_t counts[MM_EV__NR];
	uint64_t nr_lost;		/* sum of the lost-event markers */
	const uint64_t *drops;		/* per CPU, from the end frame; NULL if none */
	uint32_t nr_drop_cpus;
	const char *status;		/* "complete", "stopped by signal", "interrupted", "truncated", "corrupt" */
	uint64_t nr_unwritten;
	bool have_snapshot[2];
	size_t snapshot_files[2];
	const struct info_zone *zones;	/* from the start snapshot */
	size_t nr_zones;
	size_t nr_slab_caches;
	bool verified;
	const char *error;		/* NULL if the trace read cleanly */
};

/* The report as a JSON document (keys in a fixed order), malloc'd; NULL on ENOMEM. */
char *info_report_json(const struct info_report *r);

#endif
