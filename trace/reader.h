/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Streaming trace reader. Memory use is bounded by one block and the string table,
 * whatever the trace length. Every frame's checksum is verified; any inconsistency is an
 * error with the frame offset and event number (trace_reader__strerror()).
 */
#ifndef MMTRACE_TRACE_READER_H
#define MMTRACE_TRACE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "../core/event.h"
#include "format.h"
#include "snapshot.h"

struct trace_reader;

/*
 * Opens a trace and reads up to its first event block, so the header and the start
 * snapshot are available at once. NULL with errno set: -EBADMSG corrupt, -ENODATA
 * truncated, -EPROTONOSUPPORT version, or a system error; *errmsg (if given) then points
 * to a static description valid until the next open.
 */
struct trace_reader *trace_reader__open(const char *path, const char **errmsg);
/* The same over a caller-owned buffer (tests, fuzzing). */
struct trace_reader *trace_reader__open_mem(const void *buf, size_t len, const char **errmsg);

const struct trace_header *trace_reader__header(const struct trace_reader *r);
/* The snapshot of that kind, or NULL if the trace has none (SNAP_END: only after EOF). */
const struct snap_files *trace_reader__snapshot(const struct trace_reader *r, enum snap_kind kind);
/* 1: *ev holds the next event; 0: clean end (end frame seen and consistent); <0: error. */
int trace_reader__next(struct trace_reader *r, struct mm_event *ev);
/*
 * Up to n (>= 1) events at once, for replay's loop: the count decoded
 * into ev[], 0 at the clean end, <0 on error. Events before a corrupt one come out first;
 * the call after returns the error, as next() would have reached it.
 */
int trace_reader__next_batch(struct trace_reader *r, struct mm_event *ev, unsigned int n);
/* The end frame, after next() returned 0. */
const struct trace_end *trace_reader__end(const struct trace_reader *r);
/* A string-table entry (a cache name), or NULL for an unknown id. */
const char *trace_reader__string(const struct trace_reader *r, uint32_t id);
/* "record 18231 at offset 0x5a1f0: ..." for the last error. */
const char *trace_reader__strerror(const struct trace_reader *r);
uint64_t trace_reader__nr_events(const struct trace_reader *r);
/* On-disk bytes of the event blocks read so far: the events' share of the file. */
uint64_t trace_reader__block_bytes(const struct trace_reader *r);
/*
 * The CRC-32C of the whole input, from the bytes the reader read, so the caller need not
 * read the file a second time: 0, or -EAGAIN before the clean end of a trace.
 */
int trace_reader__file_crc32c(const struct trace_reader *r, uint32_t *crc);
/* Bytes consumed from the file so far. */
uint64_t trace_reader__offset(const struct trace_reader *r);
void trace_reader__close(struct trace_reader *r);

#endif
