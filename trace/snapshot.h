/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine snapshot, as stored in a trace: the raw text of the /proc and /sys files a
 * replay needs (proc/zoneinfo, proc/sys/vm/min_free_kbytes, sys/kernel/slab/<cache>/order,
 * ...), keyed by their path relative to the root, plus files mmtrace derives at capture
 * time under "mmtrace/" (the kpageflags free-block map). Storing the files rather than a
 * parsed struct keeps the trace lossless and lets a newer mmtrace re-parse an old trace.
 * Parsing into typed values (struct mm_machine, core/machine.h) is snapshot_parse.c.
 */
#ifndef MMTRACE_TRACE_SNAPSHOT_H
#define MMTRACE_TRACE_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

struct snap_file {
	char *path;		/* relative, '/'-separated, no "..", NUL-terminated */
	unsigned char *data;	/* NUL-terminated for convenience; len excludes it */
	size_t len;
};

struct snap_files {
	struct snap_file *v;
	size_t nr;
	size_t cap;
	/* v[0..nr_sorted) is in strcmp order (files added in order, or sorted): searched by
	 * bisection, so adding a snapshot's thousands of files is not quadratic */
	size_t nr_sorted;
};

/* Snapshot kinds in a trace. */
enum snap_kind {
	SNAP_START = 0,
	SNAP_END = 1,
	SNAP__NR,
};

/* Append a copy of (path, data). -EINVAL for a bad path, -EEXIST if present, -ENOMEM. */
int snap_files__add(struct snap_files *s, const char *path, const void *data, size_t len);
const struct snap_file *snap_files__find(const struct snap_files *s, const char *path);
/* Sort by path, so serialisation is deterministic whatever the capture order was. */
void snap_files__sort(struct snap_files *s);
void snap_files__clear(struct snap_files *s);
/* A path is valid if it is relative, has no empty, "." or ".." component and no NUL. */
int snap_path_valid(const char *path, size_t len);

#endif
