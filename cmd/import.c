// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace import: ftrace text of kmem events (tracefs trace/trace_pipe, trace-cmd
 * report; plain or zstd-compressed) into a trace. The snapshot supplies the kernel
 * release, CPU count and the format files whose print fmt maps gfp flag names to bits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../trace/ftrace_import.h"
#include "../trace/writer.h"
#include "cmd.h"
#include "lines.h"
#include "log.h"
#include "trace_out.h"

static void usage_import(FILE *f)
{
	fprintf(f,
		"Usage: mmtrace import [--snapshot DIR|TRACE] [--end-snapshot DIR|TRACE]\n"
		"                     [--release R] [--nr-cpus N] [--page-size N] [--arch A]\n"
		"                     -o OUT.mmt FILE\n"
		"  FILE            ftrace text (plain or .zst); - for stdin\n"
		"  --snapshot      machine state at the start: a directory laid out like /\n"
		"                  (--from-dir style) or a trace; also gives the format files\n"
		"                  (default: the running kernel's tracefs formats, no snapshot)\n"
		"  --end-snapshot  machine state at the end\n"
		"  --after-marker TEXT  import only what follows the trace_marker line TEXT\n"
		"                  (written by `mmtrace snapshot --trace-marker TEXT`)\n"
		"  --release, --nr-cpus, --page-size, --arch (x86_64|aarch64)\n"
		"                  override what the snapshot says\n");
}

static uint32_t intern_cb(void *ctx, const char *name)
{
	return trace_writer__intern(ctx, name);
}

/* The highest CPU number in the text, for a trace without a snapshot (first pass). */
static int scan_cpus(struct lines *in, const struct snap_files *formats, uint32_t *nr_cpus)
{
	struct ftrace_import_opts o = { .formats = formats };
	struct ftrace_importer *im = ftrace_importer__new(&o);
	const char *line;
	struct mm_event ev;
	size_t len;
	int ret;

	if (!im)
		return -errno;
	*nr_cpus = 1;
	while ((ret = lines_next(in, &line, &len)) == 1) {
		ret = ftrace_importer__line(im, line, len, &ev);
		if (ret < 0)
			break;
		if (ret == 1 && ev.cpu >= *nr_cpus)
			*nr_cpus = ev.cpu + 1;
	}
	if (ret < 0)
		pr_err("%s", ftrace_importer__strerror(im));
	ftrace_importer__free(im);
	return ret < 0 ? ret : lines_rewind(in);
}

/* Whether a tracing_mark_write line carries exactly text (tracefs appends a newline). */
static bool is_marker(const char *line, size_t len, const char *text)
{
	const char *p = memmem(line, len, "tracing_mark_write: ", 20);
	size_t tl = strlen(text), rest;

	if (!p)
		return false;
	p += 20;
	rest = len - (size_t)(p - line);
	while (rest && (p[rest - 1] == '\n' || p[rest - 1] == ' '))
		rest--;
	return rest == tl && !memcmp(p, text, tl);
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "snapshot", required_argument, NULL, 's' },
		{ "end-snapshot", required_argument, NULL, 'e' },
		{ "release", required_argument, NULL, 'r' },
		{ "nr-cpus", required_argument, NULL, 'c' },
		{ "page-size", required_argument, NULL, 'p' },
		{ "arch", required_argument, NULL, 'a' },
		{ "after-marker", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct trace_header hdr = { .clock = MMT_CLOCK_FTRACE_LOCAL, .page_size = 4096,
				    .source = MMT_SOURCE_FTRACE, .tool = "mmtrace 0.1" };
	const char *out_path = NULL, *snap_path = NULL, *end_path = NULL, *release = NULL;
	const char *marker = NULL;
	uint64_t nr_before_marker = 0;
	struct snap_files snap = { 0 }, end_snap = { 0 }, formats = { 0 };
	const struct snap_files *fmt = &formats;
	struct ftrace_import_opts io = { 0 };
	struct ftrace_importer *im = NULL;
	struct trace_writer *w = NULL;
	unsigned long nr_cpus = 0, page_size = 0;
	int arch = -1;
	struct trace_out out = { .fd = -1 };
	struct lines *in = NULL;
	uint64_t last_ts = 0;
	char errbuf[256] = "";
	bool opened = false;
	struct mm_event ev;
	const char *line;
	size_t len;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out_path = optarg; break;
		case 's': snap_path = optarg; break;
		case 'e': end_path = optarg; break;
		case 'r': release = optarg; break;
		case 'c':
			nr_cpus = strtoul(optarg, NULL, 0);
			if (!nr_cpus || nr_cpus > MMT_MAX_CPUS) {
				pr_err("--nr-cpus: expected 1..%u", (unsigned int)MMT_MAX_CPUS);
				return -EINVAL;
			}
			break;
		case 'p':
			page_size = strtoul(optarg, NULL, 0);
			if (page_size < 1024 || (page_size & (page_size - 1))) {
				pr_err("--page-size: expected a power of two >= 1024");
				return -EINVAL;
			}
			break;
		case 'M': marker = optarg; break;
		case 'a':
			if (!strcmp(optarg, "x86_64"))
				arch = MMT_ARCH_X86_64;
			else if (!strcmp(optarg, "aarch64"))
				arch = MMT_ARCH_AARCH64;
			else {
				pr_err("--arch: expected x86_64 or aarch64");
				return -EINVAL;
			}
			break;
		case 'h':
			usage_import(stdout);
			return 0;
		default:
			usage_import(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc - 1 || !out_path) {
		pr_err(out_path ? "expected one input file" : "-o OUT.mmt is required");
		usage_import(stderr);
		return -EINVAL;
	}
	if (release && strlen(release) > MMT_MAX_RELEASE) {
		pr_err("--release: at most %d characters", MMT_MAX_RELEASE);
		return -EINVAL;
	}

	if (snap_path) {
		ret = snapshot_load(&snap, snap_path, 0);
		if (ret)
			goto out;
		header_from_snapshot(&hdr, &snap);
		fmt = &snap;
	} else {
		/* Without a snapshot, the running kernel's formats are the best guess. */
		ftrace_formats_read_tracefs(&formats, NULL);
		hdr.nr_cpus = 0;
	}
	if (end_path && (ret = snapshot_load(&end_snap, end_path, 1)))
		goto out;
	if (release)
		snprintf(hdr.release, sizeof(hdr.release), "%s", release);
	if (page_size)
		hdr.page_size = (uint32_t)page_size;
	if (arch >= 0)
		hdr.arch = (uint16_t)arch;

	in = lines_open(argv[optind]);
	if (!in) {
		ret = -errno;
		pr_err("%s: %s", argv[optind], strerror(errno));
		goto out;
	}
	if (nr_cpus) {
		hdr.nr_cpus = (uint32_t)nr_cpus;
	} else if (!hdr.nr_cpus) {
		ret = scan_cpus(in, fmt, &hdr.nr_cpus);
		if (ret == -ESPIPE) {
			pr_err("%s: cannot tell the CPU count from a pipe", argv[optind]);
			pr_hint("pass --nr-cpus N or --snapshot");
			ret = -EINVAL;
		}
		if (ret)
			goto out;
	}

	ret = trace_out_open(&out, out_path);
	if (ret)
		goto out;
	opened = true;
	w = trace_writer__new(&out.sink, &hdr, NULL);
	if (!w) {
		ret = -errno;
		pr_err("%s: %s", out_path, strerror(errno));
		goto out;
	}
	if (snap.nr && (ret = trace_writer__snapshot(w, SNAP_START, 0, &snap)))
		goto write_err;
	io.formats = fmt;
	io.intern = intern_cb;
	io.intern_ctx = w;
	io.errbuf = errbuf;
	io.errbuf_len = sizeof(errbuf);
	im = ftrace_importer__new(&io);
	if (!im) {
		ret = -errno;
		pr_err("%s", errbuf[0] ? errbuf : strerror(errno));
		goto out;
	}
	while ((ret = lines_next(in, &line, &len)) == 1) {
		ret = ftrace_importer__line(im, line, len, &ev);
		if (marker) {
			/* Before the snapshot's marker: parsed (so errors still surface), not kept. */
			if (ret == 0 && memmem(line, len, "tracing_mark_write: ", 20) &&
			    is_marker(line, len, marker))
				marker = NULL;
			else if (ret == 1)
				nr_before_marker++;
			if (ret >= 0)
				continue;
		}
		if (ret == 0)
			continue;
		if (ret < 0) {
			pr_err("%s: %s", argv[optind], ftrace_importer__strerror(im));
			if (ret == -ENOENT)
				pr_hint("symbolic gfp flags need the kmem format files: pass --snapshot");
			ret = -EBADMSG;
			goto out;
		}
		if (ev.cpu >= hdr.nr_cpus) {
			pr_err("%s: an event on CPU %u, but the trace has %u CPUs", argv[optind],
			       ev.cpu, hdr.nr_cpus);
			pr_hint("pass --nr-cpus N");
			ret = -EBADMSG;
			goto out;
		}
		/* The text's own loss reports count as the trace's drops. */
		if (ev.type == MM_EV_LOST)
			trace_writer__add_drops(w, ev.cpu, ev.lost.nr_lost);
		last_ts = ev.ts_ns > last_ts ? ev.ts_ns : last_ts;
		ret = trace_writer__append(w, &ev);
		if (ret)
			goto write_err;
	}
	if (ret < 0) {
		pr_err("%s: %s", argv[optind], ret == -ENODATA ? "compressed input is truncated"
							   : strerror(-ret));
		ret = ret == -ENODATA ? -EBADMSG : ret;
		goto out;
	}
	if (marker) {
		pr_err("%s: no trace_marker line '%s'", argv[optind], marker);
		ret = -EBADMSG;
		goto out;
	}
	if (end_snap.nr && (ret = trace_writer__snapshot(w, SNAP_END, last_ts, &end_snap)))
		goto write_err;
	ret = trace_writer__finish(w, MMT_STOP_END, last_ts);
	if (ret)
		goto write_err;
	{
		const struct ftrace_import_stats *st = ftrace_importer__stats(im);

		pr_info("imported %" PRIu64 " events from %" PRIu64 " lines into %s (%" PRIu64
			" bytes)", trace_writer__nr_events(w), st->nr_lines, out_path,
			trace_writer__bytes(w));
		if (st->nr_skipped[FTRACE_SKIP_OTHER_EVENT] || st->nr_skipped[FTRACE_SKIP_UNRECOGNIZED]) {
			pr_info("skipped %" PRIu64 " lines of other events, %" PRIu64
				" unrecognized", st->nr_skipped[FTRACE_SKIP_OTHER_EVENT],
				st->nr_skipped[FTRACE_SKIP_UNRECOGNIZED]);
			for (uint32_t i = 0; i < st->nr_other; i++)
				pr_info("  %-32s %" PRIu64, st->other[i].name, st->other[i].nr);
		}
		if (nr_before_marker)
			pr_info("left out %" PRIu64 " events before the snapshot's marker",
				nr_before_marker);
		if (st->nr_lost || st->nr_overwritten)
			pr_warn("the text reports %" PRIu64 " lost and %" PRIu64
				" overwritten events", st->nr_lost, st->nr_overwritten);
	}
	goto out;
write_err:
	pr_err("%s: %s", out_path, strerror(-ret));
out:
	ftrace_importer__free(im);
	trace_writer__free(w);
	if (opened) {
		int err = trace_out_close(&out, ret == 0);

		ret = ret ? ret : err;
	}
	lines_close(in);
	snap_files__clear(&snap);
	snap_files__clear(&end_snap);
	snap_files__clear(&formats);
	return ret;
}
