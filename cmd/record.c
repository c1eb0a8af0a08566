// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace record: the kmem tracepoints and a snapshot at each end into a trace.
 *
 * Order of work: the programs are attached first; the start snapshot is read while
 * events already flow (trace/collector.c keeps the ones from the snapshot's start on);
 * only then does `-- CMD` start, so everything CMD does is inside the window. At the
 * stop (SIGINT/SIGTERM, CMD's exit, -d) the end snapshot is read the same way, the
 * buffers are drained and the end frame is written. A write error (ENOSPC, EIO) keeps
 * the trace up to its last complete frame under the final name, marked interrupted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../trace/collector.h"
#include "../trace/snapshot.h"
#include "../trace/snapshot_collect.h"
#include "../trace/snapshot_parse.h"
#include "../trace/writer.h"
#include "cmd.h"
#include "log.h"
#include "trace_out.h"

static void usage_record(FILE *f)
{
	fprintf(f, "Usage: mmtrace record [-o FILE] [-d SECONDS] [-e EVENTS] [-p PID | -a | -- CMD ARGS...]\n"
		   "                      [--buffer-mb N] [--task] [--redact] [--classic]\n"
		   "  -o FILE         output trace (default record.mmt), created 0600\n"
		   "  -d SECONDS      stop after this long\n"
		   "  -e EVENTS       comma-separated kmem events (default: all ten)\n"
		   "  -p PID          only events of process PID\n"
		   "  -a              system-wide (the default, also while CMD runs)\n"
		   "  --buffer-mb N   ring buffer per CPU in MiB, a power of two (default 8)\n"
		   "  -- CMD ARGS     run CMD once the start snapshot is taken; stop when it exits\n"
		   "  --task          with CMD: only CMD and the processes it forks\n"
		   "  --redact        replace call_site and ptr with a keyed hash (SipHash-2-4 under\n"
		   "                  a random key that is never written): equal stays equal\n"
		   "  --classic       classic tracepoint programs only (the fallback for kernels\n"
		   "                  without BTF; the kernel skips some of their hits)\n");
}

static volatile sig_atomic_t stop, stop_signal;

static void on_signal(int sig)
{
	if (sig == SIGINT || sig == SIGTERM)
		stop_signal = 1;
	stop = 1;
}

struct record_ctx {
	int go_fd;		/* write end of CMD's start pipe, -1 if none */
	struct collector *c;
	unsigned int nr_snapshots;
	struct trace_writer *w;
	uint64_t t0_ns;
	bool tty;
};

/* The machine, plus mmtrace/record: what the recorder chose (trace/SNAPSHOT.md). */
static int take_snapshot(void *ctx, struct snap_files *out)
{
	struct record_ctx *r = ctx;
	struct collector_stats st = { 0 };
	struct parse_err perr = { 0 };
	char desc[2048];
	int ret;

	ret = snap_collect(out, "/", 0, &perr);
	if (ret < 0)
		return ret;
	/* the second (end) snapshot also lists the kernel's misses per program so far */
	ret = collector__describe(r->c, r->nr_snapshots++ ? &st : NULL, desc, sizeof(desc));
	if (!ret)
		ret = snap_files__add(out, "mmtrace/record", desc, strlen(desc));
	return ret < 0 ? ret : 0;
}

static void started(void *ctx)
{
	struct record_ctx *r = ctx;

	if (r->go_fd >= 0) {
		if (write(r->go_fd, "g", 1) != 1)
			stop = 1;
		close(r->go_fd);
		r->go_fd = -1;
	}
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void tick(void *ctx, const struct collector_stats *st)
{
	struct record_ctx *r = ctx;
	double s = (double)(mono_ns() - r->t0_ns) / 1e9;

	if (!r->tty)
		return;
	fprintf(stderr, "\rrecording: %" PRIu64 " events, %.0f/s, %" PRIu64 " dropped, %" PRIu64
		" bytes  ", st->nr_events, s > 0 ? (double)st->nr_events / s : 0.0,
		st->nr_drops + st->nr_misses, trace_writer__bytes(r->w));
}

static void libbpf_log(int level, const char *fmt, va_list ap)
{
	(void)level;
	/* -v shows libbpf's own output, one level down (xdp-tools) */
	if (verbose)
		vfprintf(stderr, fmt, ap);
}

static int parse_events(const char *arg, uint32_t *mask)
{
	char *s = strdup(arg), *save = NULL, *tok;

	if (!s)
		return -ENOMEM;
	*mask = 0;
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const char *name = strncmp(tok, "kmem:", 5) ? tok : tok + 5;
		unsigned int type = mm_event_type_from_name(name);

		if (!type || type == MM_EV_LOST) {
			pr_err("-e: unknown event '%s'", tok);
			pr_hint("events: mm_page_alloc mm_page_free mm_page_free_batched "
				"mm_page_alloc_zone_locked mm_page_pcpu_drain mm_page_alloc_extfrag "
				"kmalloc kfree kmem_cache_alloc kmem_cache_free");
			free(s);
			return -EINVAL;
		}
		*mask |= 1u << type;
	}
	free(s);
	return *mask ? 0 : -EINVAL;
}

/* Forks CMD, held until the start snapshot is taken (a byte on *go_fd; EOF aborts it). */
static pid_t spawn(char **argv, int *go_fd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (!pid) {
		char c;

		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(127);
		close(p[0]);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "mmtrace record: error: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(p[0]);
	*go_fd = p[1];
	return pid;
}

int cmd_record(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "duration", required_argument, NULL, 'd' },
		{ "events", required_argument, NULL, 'e' },
		{ "pid", required_argument, NULL, 'p' },
		{ "all-cpus", no_argument, NULL, 'a' },
		{ "buffer-mb", required_argument, NULL, 'b' },
		{ "task", no_argument, NULL, 't' },
		{ "redact", no_argument, NULL, 'r' },
		{ "classic", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct trace_header hdr = { .clock = MMT_CLOCK_MONOTONIC, .source = MMT_SOURCE_RECORD,
				    .tool = "mmtrace 0.1" };
	struct collector_opts co = { 0 };
	struct collector_stats st = { 0 };
	struct record_ctx rc = { .go_fd = -1 };
	struct collector_run run = { .stop = &stop, .snapshot = take_snapshot, .started = started,
				     .tick = tick, .ctx = &rc };
	const char *out_path = "record.mmt";
	struct collector *c = NULL;
	struct trace_out out = { .fd = -1 };
	struct trace_writer *w = NULL;
	struct sigaction sa = { .sa_handler = on_signal };
	unsigned long duration = 0, v;
	char errbuf[256] = "";
	bool opened = false, task = false;
	struct utsname u;
	pid_t child = -1;
	int opt, ret, status = 0, reason;
	char *end;
	long ps;

	while ((opt = getopt_long(argc, argv, "+o:d:e:p:ah", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out_path = optarg; break;
		case 'd':
			duration = strtoul(optarg, &end, 10);
			if (*end || !duration) {
				pr_err("-d: expected a number of seconds");
				return -EINVAL;
			}
			break;
		case 'e':
			if ((ret = parse_events(optarg, &co.events)))
				return ret;
			break;
		case 'p':
			v = strtoul(optarg, &end, 10);
			if (*end || !v || v > INT32_MAX) {
				pr_err("-p: expected a process id");
				return -EINVAL;
			}
			co.tgid = (uint32_t)v;
			break;
		case 'a': break;
		case 't': task = true; break;
		case 'r': co.redact = true; break;
		case 'B': co.classic = true; break;
		case 'b':
			v = strtoul(optarg, &end, 10);
			if (*end || !v || v > 1024 || (v & (v - 1))) {
				pr_err("--buffer-mb: expected a power of two from 1 to 1024");
				return -EINVAL;
			}
			co.buffer_mb = (uint32_t)v;
			break;
		case 'h':
			usage_record(stdout);
			return 0;
		default:
			usage_record(stderr);
			return -EINVAL;
		}
	}
	if (task && optind >= argc) {
		pr_err("--task needs a command");
		return -EINVAL;
	}
	if (co.tgid && optind < argc) {
		pr_err("-p and a command exclude each other");
		return -EINVAL;
	}
	if (!collector_available()) {
		pr_err("mmtrace was built without BPF support");
		pr_hint("rebuild without NO_BPF=1, with clang, bpftool and libbpf-dev installed");
		return -ENOTSUP;
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	if (optind < argc) {
		sa.sa_flags = SA_NOCLDSTOP;
		sigaction(SIGCHLD, &sa, NULL);
		child = spawn(argv + optind, &rc.go_fd);
		if (child < 0) {
			ret = -errno;
			pr_err("%s: %s", argv[optind], strerror(errno));
			return ret;
		}
		if (task) {
			co.tgid = (uint32_t)child;
			co.follow = true;
		}
	}

	co.log = libbpf_log;
	co.errbuf = errbuf;
	co.errbuf_len = sizeof(errbuf);
	c = collector__new(&co);
	if (!c) {
		ret = -errno;
		pr_err("%s", errbuf[0] ? errbuf : strerror(errno));
		if (ret == -EPERM || ret == -EACCES) {
			pr_hint("needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN); run with sudo");
			ret = -EPERM;
		}
		goto out;
	}
	rc.c = c;

	uname(&u);
	snprintf(hdr.release, sizeof(hdr.release), "%s", u.release);
	hdr.arch = !strcmp(u.machine, "x86_64") ? MMT_ARCH_X86_64
		   : !strcmp(u.machine, "aarch64") ? MMT_ARCH_AARCH64 : 0;
	ps = sysconf(_SC_PAGESIZE);
	hdr.page_size = ps > 0 ? (uint32_t)ps : 4096;
	hdr.nr_cpus = collector__nr_cpus(c);
	{
		struct timespec ts;

		rc.t0_ns = mono_ns();
		hdr.start_ts_ns = rc.t0_ns;
		clock_gettime(CLOCK_REALTIME, &ts);
		hdr.start_realtime_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
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
	rc.w = w;
	rc.tty = isatty(2);
	run.w = w;
	if (duration)
		alarm((unsigned int)duration);

	ret = collector__run(c, &run, &st);
	alarm(0);
	if (rc.tty)
		fputc('\n', stderr);
	reason = ret ? MMT_STOP_ERROR : stop_signal ? MMT_STOP_SIGNAL : MMT_STOP_END;
	{
		int err = trace_writer__finish(w, reason, st.end_ts_ns);

		ret = ret ? ret : err;
	}
	if (ret) {
		pr_err("%s: %s", out_path, strerror(-ret));
		if (trace_writer__bytes(w))
			pr_hint("the trace up to the error is kept in %s, marked interrupted", out_path);
	} else {
		double s = (double)(st.end_ts_ns - st.start_ts_ns) / 1e9;

		pr_info("recorded %" PRIu64 " events in %.1f s (%.0f/s), %" PRIu64
			" dropped (buffer full %" PRIu64 ", kernel misses %" PRIu64 "), %" PRIu64
			" bytes into %s", st.nr_events, s, s > 0 ? (double)st.nr_events / s : 0.0,
			st.nr_drops + st.nr_misses, st.nr_drops, st.nr_misses,
			trace_writer__bytes(w), out_path);
		pr_info("%" PRIu64 " page allocations tagged as new slabs", st.nr_slab_pages);
		if (st.nr_late || st.nr_unnamed)
			pr_warn("%" PRIu64 " events arrived out of time order, %" PRIu64
				" cache events without a name", st.nr_late, st.nr_unnamed);
	}
out:
	if (rc.go_fd >= 0)
		close(rc.go_fd);	/* CMD never started: EOF makes it exit */
	if (child > 0) {
		if (stop_signal || ret)
			kill(child, SIGTERM);
		if (waitpid(child, &status, 0) == child && !ret && WIFEXITED(status) &&
		    WEXITSTATUS(status))
			pr_warn("%s exited with status %d", argv[optind], WEXITSTATUS(status));
	}
	collector__free(c);
	if (opened) {
		/* Keep a trace cut short by the disk: it is valid up to its last frame. */
		bool keep = !ret || (w && trace_writer__bytes(w));
		int err;

		trace_writer__free(w);
		w = NULL;
		err = trace_out_close(&out, keep);

		ret = ret ? ret : err;
	}
	trace_writer__free(w);
	return ret;
}
