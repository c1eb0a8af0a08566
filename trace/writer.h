/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Streaming trace writer (format in trace/FORMAT.md). Events are buffered into a block,
 * encoded column by column and written as one checksummed zstd frame when the block is
 * full or trace_writer__flush() is called. Memory use is bounded by the block size.
 * After any sink error the writer is failed: later calls return that error, and
 * trace_writer__finish() still tries to write an end frame marked MMT_STOP_ERROR.
 */
#ifndef MMTRACE_TRACE_WRITER_H
#define MMTRACE_TRACE_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "../core/event.h"
#include "format.h"
#include "snapshot.h"

/* Where the bytes go: a file descriptor, or a test's fault-injecting buffer. */
struct trace_sink {
	/* Write all of buf or return a negative errno. */
	int (*write)(void *ctx, const void *buf, size_t len);
	/* Optional: cut the output back to off bytes, so a failed frame can be removed. */
	int (*truncate)(void *ctx, uint64_t off);
	void *ctx;
};

/* A sink writing to fd (a regular file, for truncate); the caller owns fd. */
void trace_sink_fd(struct trace_sink *sink, int *fd);

struct trace_writer_opts {
	int level;		/* zstd level; 0 = MMT_DEFAULT_LEVEL */
	uint32_t block_events;	/* events per block; 0 = MMT_DEFAULT_BLOCK_EVENTS */
};

struct trace_writer;

/* Writes the header frame. NULL with errno set on failure. */
struct trace_writer *trace_writer__new(const struct trace_sink *sink, const struct trace_header *hdr,
				       const struct trace_writer_opts *opts);
/* Writes a snapshot section (flushes the current block first). */
int trace_writer__snapshot(struct trace_writer *w, enum snap_kind kind, uint64_t ts_ns,
			   const struct snap_files *files);
/* The string-table id of name (>= 1), adding it if new; 0 with errno on failure. */
uint32_t trace_writer__intern(struct trace_writer *w, const char *name);
int trace_writer__append(struct trace_writer *w, const struct mm_event *ev);
/* Ends the current block, so everything appended so far is on the sink. */
int trace_writer__flush(struct trace_writer *w);
/* Per-CPU delivery failures, written into the end frame. */
int trace_writer__add_drops(struct trace_writer *w, uint32_t cpu, uint64_t nr);
/* Flushes and writes the end frame; returns the first error the writer met. */
int trace_writer__finish(struct trace_writer *w, enum mmt_stop_reason reason, uint64_t end_ts_ns);
uint64_t trace_writer__nr_events(const struct trace_writer *w);
uint64_t trace_writer__bytes(const struct trace_writer *w);
void trace_writer__free(struct trace_writer *w);

#endif
