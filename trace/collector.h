/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The eBPF collector behind `mmtrace record` (trace/collector.c; collector_stub.c without
 * BPF). Lifecycle: collector__new() opens, configures, loads and attaches the kmem
 * tracepoint programs; collector__run() takes the start snapshot while events already
 * flow, turns the per-CPU ring buffers into struct mm_event for the writer until *stop,
 * then takes the end snapshot, detaches, drains and accounts every lost event.
 */
#ifndef MMTRACE_TRACE_COLLECTOR_H
#define MMTRACE_TRACE_COLLECTOR_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct collector;
struct snap_files;
struct trace_writer;

struct collector_opts {
	uint32_t events;	/* mask of 1u << MM_EV_*; 0 = all ten kmem events */
	uint32_t tgid;		/* -p: only this process; 0 = system-wide */
	bool follow;		/* --task: tgid and the processes it forks from now on */
	bool redact;		/* --redact: call_site and ptr replaced by a keyed hash */
	bool classic;		/* only classic tracepoints (--classic: the fallback) */
	uint32_t buffer_mb;	/* ring buffer per CPU, a power of two; 0 = 8 */
	uint32_t poll_ms;	/* drain interval; 0 = 100 */
	/* libbpf's messages (level: 0 warn, 1 info, 2 debug), or NULL to drop them */
	void (*log)(int level, const char *fmt, va_list ap);
	char *errbuf;		/* what failed, for collector__new */
	size_t errbuf_len;
};

struct collector_stats {
	uint64_t nr_events;		/* written to the trace, LOST markers excluded */
	uint64_t nr_drops;		/* ring buffer full (all CPUs) */
	uint64_t nr_misses;		/* the kernel skipped our programs (recursion) */
	uint64_t nr_before_start;	/* delivered before the start snapshot, left out */
	uint64_t nr_after_end;		/* delivered after the end snapshot, left out */
	uint64_t nr_late;		/* arrived after a later event had been written */
	uint64_t nr_unnamed;		/* cache events whose name was never delivered */
	uint64_t nr_slab_pages;		/* mm_page_alloc events tagged as new slabs */
	uint64_t nr_slab_untagged;	/* slab tags whose mm_page_alloc was already written */
	uint64_t start_ts_ns, end_ts_ns; /* the snapshots' times (CLOCK_MONOTONIC) */
};

struct collector_run {
	struct trace_writer *w;
	volatile sig_atomic_t *stop;	/* set (by a signal handler) to stop */
	/* Capture a snapshot (run on a thread while events keep draining); NULL = none. */
	int (*snapshot)(void *ctx, struct snap_files *out);
	/* Once the start snapshot is in the trace: events from now on are kept. */
	void (*started)(void *ctx);
	/* About once a second, for a status line. */
	void (*tick)(void *ctx, const struct collector_stats *st);
	void *ctx;
};

/* Whether this binary was built with the BPF collector. */
bool collector_available(void);
/* Open, configure, load and attach. NULL with errno (EPERM: no privilege) on failure. */
struct collector *collector__new(const struct collector_opts *opts);
/* CPUs with a ring buffer (possible CPUs); event cpu ids are below it. */
uint32_t collector__nr_cpus(const struct collector *c);
/*
 * What the recorder chose, as text for the trace's mmtrace/record snapshot file
 * (trace/SNAPSHOT.md): programs per event, calibration, slab tagging, filters,
 * redaction, and with st (at the end) the kernel's miss counts per program.
 */
int collector__describe(const struct collector *c, const struct collector_stats *st, char *buf,
			size_t len);
/* Record until *stop. 0, or a negative errno from the writer (the trace is cut short). */
int collector__run(struct collector *c, const struct collector_run *run, struct collector_stats *st);
void collector__free(struct collector *c);

#endif
