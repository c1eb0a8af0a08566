/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Capturing a machine snapshot (trace/SNAPSHOT.md): the raw /proc and /sys files a
 * replay needs, read from "/" or from a directory laid out like one (--from-dir), plus
 * the files mmtrace derives: the kernel config reduced to the options that matter, the
 * slab alias links, uname, and the free-block map from /proc/kpageflags.
 */
#ifndef MMTRACE_TRACE_SNAPSHOT_COLLECT_H
#define MMTRACE_TRACE_SNAPSHOT_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "freelist_walk.h"

struct snap_files;
struct parse_err;

enum {
	/* Do not scan /proc/kpageflags and kpagecount (no mmtrace/free_blocks). */
	SNAP_COLLECT_NO_PFN_MAPS = 1u << 0,
	/* Do not walk the free lists by eBPF (no mmtrace/freelists); live root only anyway. */
	SNAP_COLLECT_NO_WALK = 1u << 1,
};

/* What snap_collect_info() saw of the free-list walk, for the caller to report. */
struct snap_collect_info {
	int walk_err;			/* 0: mmtrace/freelists holds the walk; else why not */
	struct freelist_walk_stats walk;
};

/*
 * Read the snapshot of the machine at root ("/" for this one) into out, which should be
 * empty. Files that do not exist are left out; files that exist but cannot be read
 * (permissions, EIO) are left out too and listed in "mmtrace/skipped". Returns the number
 * of files skipped (>= 0), or a negative errno: -ENOENT if root is not a directory,
 * -ENOMEM, -EBADMSG if zoneinfo or buddyinfo could not be parsed for the free-block map
 * (err says where). out is sorted by path on success.
 */
int snap_collect(struct snap_files *out, const char *root, unsigned int flags,
		 struct parse_err *err);

/* snap_collect(), and what the free-list walk saw into *info (may be NULL). */
int snap_collect_info(struct snap_files *out, const char *root, unsigned int flags,
		      struct parse_err *err, struct snap_collect_info *info);

/* /proc/kpageflags bits (include/uapi/linux/kernel-page-flags.h) */
#define SNAP_KPF_BUDDY 10
#define SNAP_KPF_HWPOISON 19
#define SNAP_KPF_NOPAGE 20
#define SNAP_KPF_OFFLINE 23

struct snap_pfn_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

/*
 * The streaming encoder behind mmtrace/free_blocks and mmtrace/pcp_candidates. Feed it
 * kpageflags (and kpagecount, or NULL) for increasing pfns in chunks of any size; a
 * maximal run of KPF_BUDDY pfns becomes the maximal naturally aligned blocks of order
 * <= max_order, and runs are also cut at every pfn in bounds (zone starts and ends) and
 * wherever the fed pfns are not contiguous.
 */
struct snap_pfn_encoder {
	struct snap_pfn_buf blocks;		/* mmtrace/free_blocks */
	struct snap_pfn_buf candidates;		/* mmtrace/pcp_candidates */
	uint64_t blocks_prev_end;
	uint64_t candidates_prev_end;
	uint64_t run_start;			/* of the open BUDDY run */
	uint64_t cand_start;			/* of the open candidate run */
	uint64_t next_pfn;			/* the pfn the next feed is expected at */
	const uint64_t *bounds;			/* sorted */
	size_t nr_bounds;
	size_t next_bound;
	unsigned int max_order;
	int in_run;
	int in_cand;
	int err;				/* sticky -ENOMEM */
	uint64_t nr_blocks;
	uint64_t nr_block_pages;
	uint64_t nr_cand_runs;
	uint64_t nr_cand_pages;
};

void snap_pfn_encoder__init(struct snap_pfn_encoder *e, unsigned int max_order,
			    const uint64_t *bounds, size_t nr_bounds);
/* kpagecount may be NULL: then no candidates are recorded. 0 or -ENOMEM. */
int snap_pfn_encoder__feed(struct snap_pfn_encoder *e, uint64_t pfn, const uint64_t *kpageflags,
			   const uint64_t *kpagecount, size_t nr);
/* Close the open runs. 0 or -ENOMEM. */
int snap_pfn_encoder__finish(struct snap_pfn_encoder *e);
void snap_pfn_encoder__free(struct snap_pfn_encoder *e);

#endif
