/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Import of kmem tracepoint events from ftrace text: tracefs `trace` / `trace_pipe`
 * output and `trace-cmd report` output (symbolic, or raw with -R). The importer is a
 * pure streaming parser: the caller feeds one line at a time and gets back at most
 * one struct mm_event per line. It does no file I/O; ftrace_formats_read_tracefs() is
 * the only function here that touches files, for the CLI.
 *
 * Line shapes accepted (comm may contain spaces and dashes; "<...>" when unknown):
 *   tracefs:    "  comm-pid  [001] d..2.  1234.567890: mm_page_alloc: page=... pfn=0x..."
 *               with the irq-info column optional and a "(  tgid)" column when
 *               options/record-tgid is set
 *   trace-cmd:  "  comm-pid [001]  1234.567890: mm_page_alloc:   page=... pfn=0x..."
 *               with optional latency columns, and "(sym+0x10)" before call_site=
 * Timestamps are seconds with 1 to 9 fractional digits (microseconds by default,
 * nanoseconds with `trace-cmd report -t`); ts_ns is exact. An integer timestamp (the
 * "counter" and "x86-tsc" clocks) is stored unscaled.
 *
 * Value conventions, which differ from what the BPF recorder stores:
 *   - ptr: tracefs hashes %p pointers (hash-ptr) into stable 32-bit ids printed as 16
 *     hex digits; they are stored as printed. They are identities, not addresses.
 *     trace-cmd report prints raw addresses; "(nil)" is 0.
 *   - call_site: tracefs prints %pS ("kfree_rcu_work+0x1a/0x30 [mod]"), trace-cmd
 *     report "kfree_rcu_work+0x1a". The symbol text without the "/size" part (and
 *     with " [mod]" if present) is interned through opts->intern, and call_site is
 *     its 64-bit FNV-1a hash with bit 63 cleared (FTRACE_CALL_SITE_SYM), so it can
 *     never equal a kernel text address (bit 63 set on x86-64 and arm64). A consumer
 *     maps ids back to names by hashing the strings of the trace's string table
 *     with ftrace_call_site_id(). An unsymbolized call site ("0xffffffff81234567")
 *     is stored as that address.
 *   - gfp_flags: printed symbolically ("GFP_KERNEL|__GFP_ZERO|0x1000000", or "none");
 *     the names are mapped back to bits with the __print_flags table in the "print
 *     fmt:" line of the event's format file, which opts->formats must provide. A
 *     pure hex value (trace-cmd report -R) needs no table.
 *   - mm_page_alloc / mm_page_alloc_zone_locked print pfn 0 and a NULL page for a
 *     failed allocation (pfn -1 in the record); that becomes MM_PFN_NONE.
 *   - "CPU:N [LOST M EVENTS]" (trace_pipe) and "CPU:N [M EVENTS DROPPED]" (trace-cmd)
 *     become MM_EV_LOST events with lost.nr_lost = M on cpu N.
 */
#ifndef MMTRACE_TRACE_FTRACE_IMPORT_H
#define MMTRACE_TRACE_FTRACE_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/event.h"
#include "snapshot.h"

/* Where a kmem format file sits in a snapshot (and in a tracefs mount at /). */
#define FTRACE_FORMAT_PATH "sys/kernel/tracing/events/kmem/%s/format"
#define FTRACE_FORMAT_PATH_DEBUGFS "sys/kernel/debug/tracing/events/kmem/%s/format"

/* call_site ids made from symbol text have this bit clear; kernel addresses have it set. */
#define FTRACE_CALL_SITE_SYM_MASK ((UINT64_C(1) << 63) - 1)

struct ftrace_import_opts {
	/*
	 * The kmem format files, keyed by FTRACE_FORMAT_PATH or FTRACE_FORMAT_PATH_DEBUGFS:
	 * a trace snapshot, or what ftrace_formats_read_tracefs() read. May be NULL; then
	 * only "none" and hex gfp_flags can be decoded, and a symbolic one is an error.
	 */
	const struct snap_files *formats;
	/*
	 * Interns a cache name or call-site symbol into the trace's string table
	 * (trace_writer__intern); returns an id >= 1, or 0 with errno set. May be NULL:
	 * then cache names are MM_STR_NONE and call-site symbols are only hashed.
	 */
	uint32_t (*intern)(void *ctx, const char *name);
	void *intern_ctx;
	/* If set, ftrace_importer__new() explains an EBADMSG failure here (NUL-terminated). */
	char *errbuf;
	size_t errbuf_len;
};

/* Why a line produced no event. */
enum ftrace_skip {
	FTRACE_SKIP_BLANK,
	/* "#..." incl. tracefs "##### CPU 1 buffer started ####" */
	FTRACE_SKIP_COMMENT,
	/* trace-cmd report: "cpus=2", "version = 6", "CPU 0 is empty" */
	FTRACE_SKIP_HEADER,
	/* a well-formed line of an event not imported (counted by name in the stats) */
	FTRACE_SKIP_OTHER_EVENT,
	/* anything else that names no kmem event */
	FTRACE_SKIP_UNRECOGNIZED,
	FTRACE_SKIP__NR,
};

#define FTRACE_IMPORT_TOP_N 8

struct ftrace_import_stats {
	uint64_t nr_lines;
	uint64_t nr_events[MM_EV__NR];		/* events returned, by type */
	uint64_t nr_skipped[FTRACE_SKIP__NR];
	uint64_t nr_lost;			/* sum of MM_EV_LOST nr_lost */
	/* tracefs header "entries-in-buffer/entries-written: B/W": W - B, summed */
	uint64_t nr_overwritten;
	/* the most frequent skipped event names, count descending, then name */
	struct {
		char name[64];
		uint64_t nr;
	} other[FTRACE_IMPORT_TOP_N];
	uint32_t nr_other;			/* valid entries in other[] */
	uint32_t nr_other_names;		/* distinct names seen (capped at 1024) */
};

struct ftrace_importer;

/*
 * Parses the gfp_flags tables out of the format files. NULL with errno set: ENOMEM, or
 * EBADMSG if a format file is present but its gfp table cannot be evaluated (the
 * reason, naming the file, goes to opts->errbuf).
 */
struct ftrace_importer *ftrace_importer__new(const struct ftrace_import_opts *opts);
/*
 * Parses one line (with or without its '\n'). Returns 1 and fills *ev for an event,
 * 0 for a skipped line, -EBADMSG for a malformed kmem line, -ENOENT for symbolic
 * gfp_flags without format files, or the negative errno of a failed intern. After an
 * error, ftrace_importer__strerror() names the line number and the problem; the
 * importer stays usable (the caller decides whether to stop).
 */
int ftrace_importer__line(struct ftrace_importer *im, const char *line, size_t len,
			  struct mm_event *ev);
const char *ftrace_importer__strerror(const struct ftrace_importer *im);
/* The counters so far; the pointer stays valid until the next call on im. */
const struct ftrace_import_stats *ftrace_importer__stats(struct ftrace_importer *im);
void ftrace_importer__free(struct ftrace_importer *im);

/* "blank", "comment", "header", "other-event", "unrecognized"; NULL if out of range. */
const char *ftrace_skip_name(unsigned int reason);
/* The call_site id of a symbol text ("sym+0x1a", already without "/size"). */
uint64_t ftrace_call_site_id(const char *sym, size_t len);

/*
 * File I/O, for the CLI only: adds the format files of the imported kmem events of
 * the running kernel to out, keyed by FTRACE_FORMAT_PATH. root is the tracefs mount;
 * NULL tries /sys/kernel/tracing, then /sys/kernel/debug/tracing. Events the kernel
 * lacks (kmalloc_node on 6.x) are skipped. 0, or -ENOENT if no kmem format file was
 * found, or another negative errno.
 */
int ftrace_formats_read_tracefs(struct snap_files *out, const char *root);

#endif
