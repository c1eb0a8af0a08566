// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace replay: a trace through the engine of a named kernel, statistics as JSON.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/engine.h"
#include "../report/json.h"
#include "../trace/crc32c.h"
#include "../trace/reader.h"
#include "../trace/snapshot_parse.h"
#include "cmd.h"
#include "log.h"
#include "progress.h"

static void usage_replay(FILE *f)
{
	fprintf(f, "Usage: mmtrace replay [--kernel VER] [--mode follow|simulate] [--interval N]\n"
		   "                      [-o FILE] [--quiet] [--allow-drops] [--no-walk] TRACE\n"
		   "  -k, --kernel VER   the kernel to model (default: the trace's release);\n"
		   "                     a series (6.1, 6.12) or a full release (6.12.28)\n"
		   "  -m, --mode         follow (default): apply the recorded decisions;\n"
		   "                     simulate: decide every pfn, compare with the kernel's\n"
		   "  -o, --output FILE  write the JSON there (default: stdout)\n"
		   "  -q, --quiet        no summary and no progress line on stderr (progress\n"
		   "                     shows on a terminal once a replay passes 2 s)\n"
		   "  -i, --interval N   also sample the free lists every N events\n"
		   "      --allow-drops  replay a trace that lost events (the result is not exact)\n"
		   "      --no-walk      ignore the snapshot's eBPF free-list walk (start from\n"
		   "                     kpageflags, as traces without the walk do)\n");
}

/* CRC-32C of the whole file, so the JSON names exactly what was replayed. */
static int file_crc(const char *path, char out[9])
{
	uint8_t buf[1 << 16];
	uint32_t crc = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		crc = crc32c_extend(crc, buf, (size_t)n);
	close(fd);
	if (n < 0)
		return -errno;
	snprintf(out, 9, "%08x", crc);
	return 0;
}

/* The engine's view of the trace's string table (cache names). */
static const char *replay_string(const void *ctx, uint32_t id)
{
	return trace_reader__string(ctx, id);
}

/* The end snapshot's /proc/slabinfo for the model's comparison; a trace without one (or a
 * snapshot that does not parse) simply leaves the comparison out. */
static void replay_slab_end(struct mm_engine *e, struct trace_reader *r)
{
	const struct snap_files *snap = trace_reader__snapshot(r, SNAP_END);
	struct parse_err perr = { 0 };
	struct mm_machine end;

	if (!snap)
		return;
	mm_machine__init(&end);
	if (!mm_machine__from_snapshot(&end, snap, &perr))
		mm_engine__slab_set_end(e, &end);
	mm_machine__free(&end);
}

/* The trace's size for the progress line's percentage; 0 if unknown (a pipe). */
static uint64_t file_size(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

/* events decoded per reader call: 64 KiB of struct mm_event, which stays in L2 */
#define REPLAY_BATCH 1024

static const char *const fallback_names[] = { "6.1", "6.12-hygiene", "6.12-claim-steal" };

static void print_summary(const struct mm_stats *st, const struct mm_zone_free *zf, uint32_t nr_zones,
			  const char *profile, const char *mode, const char *initial)
{
	uint64_t inc = 0;

	for (unsigned int c = 0; c < INC__NR; c++)
		inc += st->inconsistencies[c];
	fprintf(stderr, "replayed %" PRIu64 " events with the %s profile (%s, initial state %s)\n",
		st->nr_events, profile, mode, initial);
	if (!strcmp(mode, "follow")) {
		fprintf(stderr, "inconsistent page events: %" PRIu64 "\n", inc);
		if (st->predict.nr_buddy)
			fprintf(stderr, "buddy removals predicted in lock-step: %" PRIu64 " of %" PRIu64
					" at the kernel's pfn\n",
				st->predict.nr_buddy_agree, st->predict.nr_buddy);
		if (st->predict.nr_fallback)
			fprintf(stderr, "fallbacks predicted in lock-step: %" PRIu64 " of %" PRIu64
					" took the kernel's block (%" PRIu64 " with its claim decision)\n",
				st->predict.nr_fallback_same_block, st->predict.nr_fallback,
				st->predict.nr_fallback_same_claim);
		if (st->predict.nr_refill)
			fprintf(stderr, "pcp refills predicted in lock-step: %" PRIu64 " of %" PRIu64
					" with the kernel's page count\n",
				st->predict.nr_refill_same_count, st->predict.nr_refill);
	}
	else
		fprintf(stderr, "same pfn as the kernel: %" PRIu64 " of %" PRIu64
				" requests; first divergence at event %" PRIu64 "\n",
			st->sim.nr_pfn_agree, st->sim.nr_requests,
			st->sim.diverged ? st->sim.first_divergence_event : st->nr_events);
	fprintf(stderr, "  %-4s %-8s %10s %10s %10s  unusable index at order 3/9\n", "node", "zone",
		"free", "pcp", "allocs");
	for (uint32_t i = 0; i < nr_zones; i++) {
		uint64_t allocs = 0;

		for (unsigned int o = 0; o < MM_NR_ORDERS_MAX; o++)
			allocs += st->zone[i].nr_alloc[o];
		fprintf(stderr, "  %-4d %-8s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "  %.3f %.3f\n",
			zf[i].node, zf[i].name, zf[i].nr_free_pages, zf[i].nr_pcp_pages, allocs,
			mm_unusable_free_index(zf[i].nr_free, 11, 3) / 1000.0,
			mm_unusable_free_index(zf[i].nr_free, 11, 9) / 1000.0);
	}
}

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "mode", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "allow-drops", no_argument, NULL, 'D' },
		{ "no-walk", no_argument, NULL, 'W' },
		{ "interval", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *kernel = NULL, *out_path = NULL, *path, *msg = NULL;
	struct mm_engine_opts eo = { .mode = MM_MODE_FOLLOW };
	struct mm_engine *e = NULL;
	struct trace_reader *r = NULL;
	const struct snap_files *snap;
	struct mm_zone_free *zf = NULL;
	struct parse_err perr = { 0 };
	struct replay_meta meta = { .tool = "mmtrace 0.1", .mode = "follow" };
	struct mm_machine m;
	struct mm_kernel k;
	bool quiet = false, allow_drops = false, have_m = false;
	const struct trace_end *end;
	struct mm_event *ev = NULL;
	char crc[9] = "";
	uint32_t crc32;
	uint64_t drops = 0;
	char *json = NULL;
	struct progress prog;
	uint64_t nr_fed = 0;
	bool no_walk = false;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "k:m:o:qi:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': kernel = optarg; break;
		case 'm':
			if (!strcmp(optarg, "follow")) {
				eo.mode = MM_MODE_FOLLOW;
			} else if (!strcmp(optarg, "simulate")) {
				eo.mode = MM_MODE_SIMULATE;
			} else {
				pr_err("--mode %s: expected follow or simulate", optarg);
				return -EINVAL;
			}
			meta.mode = optarg;
			break;
		case 'o': out_path = optarg; break;
		case 'q': quiet = true; break;
		case 'D': allow_drops = true; break;
		case 'W': no_walk = true; break;
		case 'i': {
			char *end;

			eo.interval = strtoull(optarg, &end, 10);
			if (*end || !eo.interval) {
				pr_err("--interval %s: expected a number of events > 0", optarg);
				return -EINVAL;
			}
			break;
		}
		case 'h':
			usage_replay(stdout);
			return 0;
		default:
			usage_replay(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc - 1) {
		pr_err("expected one trace file");
		usage_replay(stderr);
		return -EINVAL;
	}
	path = argv[optind];
	r = trace_reader__open(path, &msg);
	if (!r) {
		ret = -errno;
		pr_err("%s: %s", path, msg);
		return ret == -EACCES ? ret : (ret == -ENOENT || ret == -EISDIR ? -ENOENT : ret);
	}
	snap = trace_reader__snapshot(r, SNAP_START);
	if (!snap || !snap_files__find(snap, "proc/zoneinfo")) {
		pr_err("%s: the trace has no start snapshot with zones to replay from", path);
		pr_hint("import with --snapshot, or record with mmtrace record");
		ret = -EBADMSG;
		goto out;
	}
	mm_machine__init(&m);
	have_m = true;
	ret = mm_machine__from_snapshot(&m, snap, &perr);
	if (ret) {
		pr_err("%s: start snapshot: %s:%u: %s", path, perr.file, perr.line, perr.msg);
		have_m = false;
		goto out;
	}
	if (no_walk)
		m.has &= ~(uint32_t)MM_MACHINE_HAS_FREELISTS;
	meta.release = kernel ? kernel : trace_reader__header(r)->release;
	ret = mm_kernel_resolve(&k, meta.release, kernel ? NULL : m.version);
	if (ret) {
		pr_err("%s: unknown kernel '%s'", path, meta.release);
		pr_hint("known kernels: %s (pick the nearest with --kernel)", mm_profile_names());
		ret = -ENOENT;
		goto out;
	}
	meta.profile = k.p->name;
	meta.sublevel = k.sublevel;
	meta.fallback = fallback_names[k.fallback];
	meta.nr_orders = k.p->nr_page_orders;
	eo.nr_cpus = trace_reader__header(r)->nr_cpus;
	eo.string = replay_string;
	eo.string_ctx = r;
	e = mm_engine__new(&k, &m, &eo);
	if (!e) {
		ret = -errno;
		pr_err("%s: cannot build the engine from the snapshot: %s", path, strerror(errno));
		goto out;
	}
	ev = malloc(REPLAY_BATCH * sizeof(*ev));
	if (!ev) {
		ret = -ENOMEM;
		goto out;
	}
	progress_init(&prog, "replay", file_size(path), !quiet);
	while ((ret = trace_reader__next_batch(r, ev, REPLAY_BATCH)) > 0) {
		mm_engine__feed_batch(e, ev, (size_t)ret);
		/* every 64 Ki events, as one at a time did: when a batch crosses a multiple */
		if ((nr_fed + (uint64_t)ret) >> 16 != nr_fed >> 16)
			progress_update(&prog, nr_fed + (uint64_t)ret, trace_reader__offset(r));
		nr_fed += (uint64_t)ret;
	}
	progress_end(&prog);
	if (ret < 0) {
		pr_err("%s: %s", path, trace_reader__strerror(r));
		goto out;
	}
	end = trace_reader__end(r);
	for (uint32_t c = 0; c < end->nr_cpus; c++)
		drops += end->drops[c];
	if (drops && !allow_drops) {
		pr_err("%s: the trace lost %" PRIu64 " events; a replay of it cannot be exact", path, drops);
		pr_hint("--allow-drops replays it anyway");
		ret = -EBADMSG;
		goto out;
	}
	meta.nr_drops = drops;
	replay_slab_end(e, r);
	meta.slab = mm_engine__slab_stats(e);
	/* the reader hashed every byte it read; a second pass only if it could not */
	ret = trace_reader__file_crc32c(r, &crc32);
	if (!ret)
		snprintf(crc, sizeof(crc), "%08x", crc32);
	else
		ret = file_crc(path, crc);
	if (ret) {
		pr_err("%s: %s", path, strerror(-ret));
		goto out;
	}
	meta.trace_path = path;
	meta.trace_crc32c = crc;
	meta.initial_state = mm_engine__initial_state(e) == MM_INIT_BPF_WALK     ? "bpf-walk"
			     : mm_engine__initial_state(e) == MM_INIT_KPAGEFLAGS ? "kpageflags"
										 : "lazy";
	meta.interval = eo.interval;
	meta.samples = mm_engine__samples(e, &meta.nr_samples);
	if (eo.interval && !meta.nr_samples && mm_engine__stats(e)->nr_events >= eo.interval) {
		pr_err("%s: out of memory for the samples", path);
		ret = -ENOMEM;
		goto out;
	}
	zf = calloc(mm_engine__nr_zones(e), sizeof(*zf));
	if (!zf) {
		ret = -ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < mm_engine__nr_zones(e); i++)
		mm_engine__zone_free(e, i, &zf[i]);
	json = replay_json(&meta, mm_engine__stats(e), zf, mm_engine__nr_zones(e));
	if (!json) {
		ret = -ENOMEM;
		goto out;
	}
	if (out_path) {
		FILE *f = fopen(out_path, "w");

		if (!f || fputs(json, f) < 0 || fclose(f)) {
			ret = -errno;
			pr_err("%s: %s", out_path, strerror(errno));
			if (f)
				unlink(out_path);
			goto out;
		}
	} else {
		fputs(json, stdout);
	}
	if (!quiet)
		print_summary(mm_engine__stats(e), zf, mm_engine__nr_zones(e), k.p->name, meta.mode,
			      meta.initial_state);
	ret = 0;
out:
	free(ev);
	free(json);
	free(zf);
	mm_engine__free(e);
	if (have_m)
		mm_machine__free(&m);
	trace_reader__close(r);
	return ret;
}
