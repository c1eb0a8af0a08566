// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace snapshot [-o FILE] [--from-dir ROOT] [--no-pfn-map] [--no-walk]: the machine state a
 * replay starts from, as a trace holding one snapshot and no events.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../trace/snapshot_collect.h"
#include "../trace/snapshot_parse.h"
#include "../trace/writer.h"
#include "cmd.h"
#include "log.h"
#include "trace_out.h"

static void usage_snapshot(FILE *f)
{
	fprintf(f, "Usage: mmtrace snapshot [-o FILE] [--from-dir ROOT] [--no-pfn-map] [--no-walk]\n"
		   "                        [--freelists-out FILE]\n"
		   "  -o FILE        output trace (default snapshot.mmt)\n"
		   "  --from-dir     read ROOT/proc/zoneinfo, ROOT/sys/kernel/slab/... instead of /\n"
		   "  --no-pfn-map   skip the /proc/kpageflags free-block scan\n"
		   "  --no-walk      skip the eBPF walk of the free lists and pcp lists\n"
		   "  --freelists-out FILE  also write mmtrace/freelists to FILE (for checks)\n"
		   "  --trace-marker TEXT  write TEXT to the ftrace trace_marker once the snapshot\n"
		   "                 is taken, so `import --after-marker TEXT` starts the trace there\n");
}

/*
 * Marks the end of the snapshot in the ftrace buffer. Everything this process frees when it
 * exits comes after the marker, so a trace that starts at the marker begins in the state
 * the snapshot saw.
 */
static int write_marker(const char *text)
{
	static const char *const paths[] = { "/sys/kernel/tracing/trace_marker",
					     "/sys/kernel/debug/tracing/trace_marker" };
	int err = -ENOENT;

	for (unsigned int i = 0; i < 2; i++) {
		int fd = open(paths[i], O_WRONLY | O_CLOEXEC);
		ssize_t n;

		if (fd < 0)
			continue;
		n = write(fd, text, strlen(text));
		err = n == (ssize_t)strlen(text) ? 0 : -errno;
		close(fd);
		if (!err)
			return 0;
	}
	pr_err("trace_marker: %s", strerror(-err));
	return err;
}

int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "from-dir", required_argument, NULL, 'd' },
		{ "no-pfn-map", no_argument, NULL, 'n' },
		{ "no-walk", no_argument, NULL, 'W' },
		{ "freelists-out", required_argument, NULL, 'F' },
		{ "trace-marker", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct trace_header hdr = { .clock = MMT_CLOCK_MONOTONIC, .page_size = 4096,
				    .nr_cpus = 1, .source = MMT_SOURCE_RECORD,
				    .tool = "mmtrace 0.1" };
	const char *out_path = "snapshot.mmt", *root = "/", *marker = NULL, *fl_path = NULL;
	struct snap_files snap = { 0 };
	struct parse_err perr = { 0 };
	struct snap_collect_info info = { .walk_err = -ENODATA };
	struct trace_writer *w = NULL;
	struct trace_out out;
	unsigned int flags = 0;
	bool live = true;
	struct timespec ts;
	int opt, ret, nr_skipped;

	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out_path = optarg; break;
		case 'd': root = optarg; live = false; break;
		case 'n': flags |= SNAP_COLLECT_NO_PFN_MAPS; break;
		case 'W': flags |= SNAP_COLLECT_NO_WALK; break;
		case 'F': fl_path = optarg; break;
		case 't': marker = optarg; break;
		case 'h':
			usage_snapshot(stdout);
			return 0;
		default:
			usage_snapshot(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc) {
		usage_snapshot(stderr);
		return -EINVAL;
	}
	if (marker) {
		/*
		 * Everything this process frees must come after the marker: keep glibc from
		 * handing memory back (munmap of large buffers, heap trimming) before exit.
		 */
#ifdef __GLIBC__
		mallopt(M_MMAP_MAX, 0);
		mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
	}
	nr_skipped = snap_collect_info(&snap, root, flags, &perr, &info);
	/* The state is what was just read: mark it before writing anything. */
	if (marker && nr_skipped >= 0 && (ret = write_marker(marker)))
		goto out_free;
	if (nr_skipped < 0) {
		ret = nr_skipped;
		pr_err("%s: %s%s%s", root, perr.file, perr.file[0] ? ": " : "",
		       perr.msg[0] ? perr.msg : strerror(-ret));
		goto out_free;
	}
	if (!snap_files__find(&snap, "proc/zoneinfo")) {
		pr_err("%s: no proc/zoneinfo: not a machine tree", root);
		ret = -ENOENT;
		goto out_free;
	}
	if (fl_path) {
		const struct snap_file *fl = snap_files__find(&snap, "mmtrace/freelists");
		FILE *f = fopen(fl_path, "w");

		ret = !f ? -errno : fl && fwrite(fl->data, 1, fl->len, f) != fl->len ? -EIO : 0;
		if (f && fclose(f) && !ret)
			ret = -EIO;
		if (ret) {
			pr_err("%s: %s", fl_path, strerror(-ret));
			goto out_free;
		}
	}
	header_from_snapshot(&hdr, &snap);
	if (live) {
		long ps = sysconf(_SC_PAGESIZE);

		hdr.page_size = ps > 0 ? (uint32_t)ps : 4096;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		hdr.start_ts_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		clock_gettime(CLOCK_REALTIME, &ts);
		hdr.start_realtime_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	} else {
		hdr.clock = MMT_CLOCK_UNKNOWN;
	}
	ret = trace_out_open(&out, out_path);
	if (ret)
		goto out_free;
	w = trace_writer__new(&out.sink, &hdr, NULL);
	if (!w)
		ret = -errno;
	if (!ret)
		ret = trace_writer__snapshot(w, SNAP_START, hdr.start_ts_ns, &snap);
	if (!ret)
		ret = trace_writer__finish(w, MMT_STOP_END, hdr.start_ts_ns);
	if (ret)
		pr_err("%s: %s", out_path, strerror(-ret));
	trace_writer__free(w);
	ret = trace_out_close(&out, ret == 0) ?: ret;
	if (!ret) {
		pr_info("snapshot of %s: %zu files into %s", live ? "this machine" : root, snap.nr,
			out_path);
		if (!info.walk_err)
			pr_info("free lists walked in %.1f ms: %llu blocks, %llu pcp pages, "
				"%u zones (%u racy), %u racy pcps, %u attempts",
				(double)info.walk.walk_ns / 1e6,
				(unsigned long long)info.walk.nr_blocks,
				(unsigned long long)info.walk.nr_pcp_pages, info.walk.nr_zones,
				info.walk.nr_racy_zones, info.walk.nr_racy_pcps,
				info.walk.nr_attempts);
		else if (info.walk_err != -ENODATA)
			pr_info("no free-list walk: %s", info.walk.reason[0] ? info.walk.reason
									 : strerror(-info.walk_err));
		if (nr_skipped)
			pr_warn("%d files could not be read (listed in mmtrace/skipped)%s",
				nr_skipped, live && geteuid() ? "; run as root for all of them" : "");
	}
out_free:
	snap_files__clear(&snap);
	return ret;
}
