/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing a trace file from the CLI: the header filled from a snapshot, and an output
 * file that only gets its final name once the trace is whole (never a partial file
 * passed off as complete).
 */
#ifndef MMTRACE_CMD_TRACE_OUT_H
#define MMTRACE_CMD_TRACE_OUT_H

#include "../trace/writer.h"

struct trace_out {
	char *path;		/* final name */
	char *tmp;		/* written here, renamed on success */
	int fd;
	struct trace_sink sink;
};

/* Header fields a snapshot knows (release, CPUs, arch); the rest is left as given. */
void header_from_snapshot(struct trace_header *h, const struct snap_files *s);
/* Creates path.tmp (mode 0600: traces hold kernel addresses). */
int trace_out_open(struct trace_out *o, const char *path);
/* Renames into place if ok, else removes the temporary file. */
int trace_out_close(struct trace_out *o, int ok);
/* Loads a snapshot from a directory laid out like / or from a trace's start snapshot. */
int snapshot_load(struct snap_files *out, const char *path, int end);

#endif
