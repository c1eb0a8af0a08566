/* SPDX-License-Identifier: GPL-2.0-only */
/* The snapshot part of `mmtrace info`: parse the stored files, summarise zones and caches. */
#ifndef MMTRACE_CMD_INFO_SNAPSHOT_H
#define MMTRACE_CMD_INFO_SNAPSHOT_H

#include <stdbool.h>

#include "../report/info.h"
#include "../trace/snapshot.h"

struct snap_summary {
	struct info_zone *zones;
	size_t nr_zones;
	char error[512];
};

/* Fills rep's snapshot fields; with verify, a snapshot that does not parse is -EBADMSG. */
int snap_summary_build(struct snap_summary *ss, const struct snap_files *start,
		       const struct snap_files *end, bool verify, struct info_report *rep);
void snap_summary_print(const struct snap_summary *ss, const struct info_report *rep);
void snap_summary_free(struct snap_summary *ss);

#endif
