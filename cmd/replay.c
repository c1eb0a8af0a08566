// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace replay: a trace through the engine of a named kernel, statistics as JSON.
 */
#define _GNU_SOURCE	/* sched_getaffinity(), CPU_COUNT() */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/engine.h"
#include "../core/policy.h"
#include "../report/json.h"
#include "../report/policy_load.h"
#include "../trace/crc32c.h"
#include "../trace/reader.h"
#include "../trace/snapshot_parse.h"
#include "cmd.h"
#include "log.h"
#include "progress.h"

static void usage_replay(FILE *f)
{
	fprintf(f, "Usage: mmtrace replay [--kernel VER] [--mode follow|simulate] [--interval N]\n"
		   "                      [--policy FILE]... [--set KEY=VALUE]...\n"
		   "                      [-o FILE] [--quiet] [--allow-drops] [--no-walk] TRACE\n"
		   "  -k, --kernel VER   the kernel to model (default: the trace's release);\n"
		   "                     a series (6.1, 6.12) or a full release (6.12.28)\n"
		   "  -p, --policy FILE  a policy file (mmtrace policy show prints one); repeat\n"
		   "                     it to replay several policies in one pass: the output\n"
		   "                     is then a result set with one result per policy\n"
		   "  -s, --set KEY=VAL  change one knob (of every policy, after its file's\n"
		   "                     settings); repeatable. Keys: mmtrace policy show\n"
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

/* The end snapshot's /proc/slabinfo for the models' comparison; a trace without one (or a
 * snapshot that does not parse) simply leaves the comparison out. */
static void replay_slab_end(struct mm_engine *const *e, size_t nr, struct trace_reader *r)
{
	const struct snap_files *snap = trace_reader__snapshot(r, SNAP_END);
	struct parse_err perr = { 0 };
	struct mm_machine end;

	if (!snap)
		return;
	mm_machine__init(&end);
	if (!mm_machine__from_snapshot(&end, snap, &perr))
		for (size_t i = 0; i < nr; i++)
			mm_engine__slab_set_end(e[i], &end);
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

/* One policy's replay: its kernel, engine and result. */
struct replay_run {
	struct mm_policy pol;
	struct mm_kernel k;
	struct mm_engine *e;
	struct replay_meta meta;
	struct mm_zone_free *zf;
	int err;			/* errno of a failed mm_engine__new() */
};

/*
 * Events decoded once and handed to every engine, a batch at a time: 4 Ki events are
 * 288 KiB, which stays in L2 while every engine reads it (64 Ki batches measured no
 * faster and fall out of cache).
 */
#define REPLAY_BATCH_EVENTS (4u << 10)

struct feed_pool {
	pthread_mutex_t setup;		/* held while the threads are created */
	pthread_barrier_t start, done;
	struct replay_run *runs;
	size_t nr_runs;
	unsigned int nr_threads;
	const struct mm_event *batch;
	size_t nr;
	bool stop;
};

struct feed_worker {
	struct feed_pool *pool;
	unsigned int id;
};

/* Engine i belongs to thread i % nr_threads, so each engine sees every event in order. */
static void *feed_thread(void *arg)
{
	struct feed_worker *w = arg;
	struct feed_pool *pool = w->pool;

	/* the barriers exist once setup is released, sized for the threads that started */
	pthread_mutex_lock(&pool->setup);
	pthread_mutex_unlock(&pool->setup);
	for (;;) {
		pthread_barrier_wait(&pool->start);
		if (pool->stop)
			break;
		for (size_t r = w->id; r < pool->nr_runs; r += pool->nr_threads)
			mm_engine__feed_batch(pool->runs[r].e, pool->batch, pool->nr);
		pthread_barrier_wait(&pool->done);
	}
	return NULL;
}

/* The CPUs this process may run on (taskset, cgroups' cpusets), else those online. */
static long usable_cpus(void)
{
	cpu_set_t set;

	if (!sched_getaffinity(0, sizeof(set), &set) && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	return sysconf(_SC_NPROCESSORS_ONLN);
}

struct build_job {
	struct replay_run *runs;
	size_t nr_runs;
	unsigned int nr_threads, id;
	const struct mm_machine *m;
	struct mm_engine_opts eo;
};

static void *build_thread(void *arg)
{
	struct build_job *job = arg;

	for (size_t i = job->id; i < job->nr_runs; i += job->nr_threads) {
		struct replay_run *run = &job->runs[i];
		struct mm_engine_opts eo = job->eo;

		eo.policy = run->pol.set ? &run->pol : NULL;
		run->e = mm_engine__new(&run->k, job->m, &eo);
		run->err = run->e ? 0 : errno;
	}
	return NULL;
}

/*
 * Every policy's engine, built on min(policies, CPUs) threads: a policy that changes
 * sysctls spends most of its start in the managed-count fit (mm_policy_derive()), which
 * the engines can do side by side. Failures are left in run->err, reported in order.
 */
static void build_all(struct replay_run *runs, size_t nr_runs, const struct mm_machine *m,
		      const struct mm_engine_opts *eo)
{
	long cpus = usable_cpus();
	unsigned int nr_threads = (unsigned int)(cpus > 0 && (size_t)cpus < nr_runs ? (size_t)cpus
										   : nr_runs);
	struct build_job *jobs = nr_threads > 1 ? calloc(nr_threads, sizeof(*jobs)) : NULL;
	pthread_t *threads = jobs ? calloc(nr_threads, sizeof(*threads)) : NULL;
	unsigned int started = 0;

	if (!threads) {
		struct build_job one = { runs, nr_runs, 1, 0, m, *eo };

		free(jobs);
		build_thread(&one);
		return;
	}
	for (unsigned int t = 0; t < nr_threads; t++)
		jobs[t] = (struct build_job){ runs, nr_runs, nr_threads, t, m, *eo };
	for (; started < nr_threads; started++)
		if (pthread_create(&threads[started], NULL, build_thread, &jobs[started]))
			break;
	/* a thread that did not start: its share here */
	for (unsigned int t = started; t < nr_threads; t++)
		build_thread(&jobs[t]);
	for (unsigned int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	free(jobs);
}

/* Up to REPLAY_BATCH_EVENTS events into buf: the count, or a negative reader error. */
static long decode_batch(struct trace_reader *r, struct mm_event *buf)
{
	size_t n = 0;
	int ret = 1;

	_Static_assert(REPLAY_BATCH_EVENTS % REPLAY_BATCH == 0, "whole reader batches");
	while (n < REPLAY_BATCH_EVENTS && (ret = trace_reader__next_batch(r, buf + n, REPLAY_BATCH)) > 0)
		n += (size_t)ret;
	return ret < 0 ? ret : (long)n;
}

/*
 * Every event of r through every engine. One engine: in this thread. Several: the main
 * thread decodes a batch, then min(engines, CPUs) threads feed it to their engines, so
 * the trace is decoded once and no engine's result depends on the thread count. Decoding
 * does not overlap feeding: the engines read cache names from the reader's string table
 * (opts.string), which decoding may grow.
 */
static int feed_all(struct trace_reader *r, struct replay_run *runs, size_t nr_runs,
		    struct progress *prog)
{
	struct mm_event *buf = NULL;
	struct feed_worker *workers = NULL;
	pthread_t *threads = NULL;
	struct feed_pool pool = { .runs = runs, .nr_runs = nr_runs };
	long online = usable_cpus(), n;
	unsigned int started = 0;
	int ret = 0;

	uint64_t nr_fed = 0;

	if (nr_runs == 1) {
		struct mm_event *ev = malloc(REPLAY_BATCH * sizeof(*ev));

		if (!ev)
			return -ENOMEM;
		while ((ret = trace_reader__next_batch(r, ev, REPLAY_BATCH)) > 0) {
			mm_engine__feed_batch(runs[0].e, ev, (size_t)ret);
			/* every 64 Ki events, as one at a time did: when a batch crosses a multiple */
			if ((nr_fed + (uint64_t)ret) >> 16 != nr_fed >> 16)
				progress_update(prog, nr_fed + (uint64_t)ret, trace_reader__offset(r));
			nr_fed += (uint64_t)ret;
		}
		free(ev);
		return ret < 0 ? ret : 0;
	}
	pool.nr_threads = (unsigned int)(online > 0 && (size_t)online < nr_runs ? (size_t)online
										 : nr_runs);
	buf = malloc(REPLAY_BATCH_EVENTS * sizeof(*buf));
	threads = calloc(pool.nr_threads, sizeof(*threads));
	workers = calloc(pool.nr_threads, sizeof(*workers));
	if (!buf || !threads || !workers) {
		ret = -ENOMEM;
		goto out;
	}
	pthread_mutex_init(&pool.setup, NULL);
	pthread_mutex_lock(&pool.setup);
	for (; started < pool.nr_threads; started++) {
		workers[started] = (struct feed_worker){ .pool = &pool, .id = started };
		if (pthread_create(&threads[started], NULL, feed_thread, &workers[started]))
			break;
	}
	/* fewer threads than wanted (EAGAIN) only means more engines per thread */
	pool.nr_threads = started ? started : 1;
	pthread_barrier_init(&pool.start, NULL, started + 1);
	pthread_barrier_init(&pool.done, NULL, started + 1);
	pthread_mutex_unlock(&pool.setup);
	n = decode_batch(r, buf);
	while (n > 0) {
		pool.batch = buf;
		pool.nr = (size_t)n;
		if (!started) {
			for (size_t e = 0; e < nr_runs; e++)
				mm_engine__feed_batch(runs[e].e, buf, (size_t)n);
		} else {
			pthread_barrier_wait(&pool.start);
			pthread_barrier_wait(&pool.done);
		}
		nr_fed += (uint64_t)n;
		progress_update(prog, nr_fed, trace_reader__offset(r));
		n = decode_batch(r, buf);
	}
	if (n < 0)
		ret = (int)n;
	pool.stop = true;
	if (started)
		pthread_barrier_wait(&pool.start);
	for (unsigned int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	pthread_barrier_destroy(&pool.start);
	pthread_barrier_destroy(&pool.done);
	pthread_mutex_destroy(&pool.setup);
out:
	free(workers);
	free(threads);
	free(buf);
	return ret;
}

/* "KEY=VALUE" of --set into every policy. */
static int apply_set(struct replay_run *runs, size_t nr_runs, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char key[64], msg[256];

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(key)) {
		pr_err("--set %s: expected KEY=VALUE", arg);
		pr_hint("keys: %s", mm_policy_key_names());
		return -EINVAL;
	}
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = '\0';
	for (size_t i = 0; i < nr_runs; i++) {
		int ret = mm_policy_set(&runs[i].pol, key, eq + 1, msg, sizeof(msg));

		if (ret) {
			pr_err("--set %s: %s", arg, msg);
			if (ret == -ENOENT)
				pr_hint("keys: %s", mm_policy_key_names());
			return -EINVAL;
		}
	}
	return 0;
}

static int load_policy(const char *path, struct mm_policy *p)
{
	struct policy_load_err err;
	int ret = policy_load_file(path, p, &err);

	if (!ret)
		return 0;
	pr_err("%s: %s", path, err.msg);
	if (err.unknown_key)
		pr_hint("keys: %s", mm_policy_key_names());
	/* a missing file or a directory is bad input; a refused setting is usage */
	return ret == -EISDIR ? -ENOENT : ret;
}

static uint64_t sum_fallbacks(const struct mm_stats *st)
{
	uint64_t n = 0;

	for (uint32_t z = 0; z < st->nr_zones && z < MM_STATS_MAX_ZONES; z++)
		for (unsigned int o = 0; o < MM_NR_ORDERS_MAX; o++)
			for (unsigned int s = 0; s < MT_PCPTYPES; s++)
				for (unsigned int f = 0; f < MT_PCPTYPES; f++)
					for (unsigned int fo = 0; fo < MM_NR_ORDERS_MAX; fo++)
						n += st->zone[z].fallbacks[o][s][f][fo];
	return n;
}

/* The set's summary: one line per policy. */
static void print_set_summary(const struct replay_run *runs, size_t nr_runs)
{
	for (size_t i = 0; i < nr_runs; i++) {
		const struct mm_stats *st = mm_engine__stats(runs[i].e);
		uint64_t inc = 0, fail = 0, claims = 0;

		for (unsigned int c = 0; c < INC__NR; c++)
			inc += st->inconsistencies[c];
		for (uint32_t z = 0; z < st->nr_zones && z < MM_STATS_MAX_ZONES; z++) {
			for (unsigned int o = 0; o < MM_NR_ORDERS_MAX; o++)
				fail += st->zone[z].nr_alloc_failed[o];
			for (unsigned int to = 0; to < MT_PCPTYPES; to++)
				for (unsigned int from = 0; from < MT__NR; from++)
					claims += st->zone[z].nr_pageblock_claims[to][from];
		}
		fprintf(stderr, "policy %s: %" PRIu64 " events (%s, %s): fallbacks %" PRIu64
				", pageblock claims %" PRIu64 ", failed allocations %" PRIu64
				", inconsistent %" PRIu64 "\n",
			runs[i].pol.name, st->nr_events, runs[i].k.p->name, runs[i].meta.mode,
			sum_fallbacks(st), claims, fail, inc);
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
		{ "policy", required_argument, NULL, 'p' },
		{ "set", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *kernel = NULL, *out_path = NULL, *path, *msg = NULL;
	const char **policy_paths = NULL, **sets = NULL;
	size_t nr_policy_paths = 0, nr_sets = 0, nr_runs = 0;
	struct mm_engine_opts eo = { .mode = MM_MODE_FOLLOW };
	struct replay_run *runs = NULL;
	struct replay_set_item *items = NULL;
	struct trace_reader *r = NULL;
	const struct snap_files *snap;
	struct parse_err perr = { 0 };
	const char *mode = "follow";
	struct mm_machine m;
	bool quiet = false, allow_drops = false, have_m = false, no_walk = false;
	struct progress prog;
	const struct trace_end *end;
	char crc[9] = "";
	uint32_t crc32;
	uint64_t drops = 0;
	char *json = NULL;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "k:m:o:qi:p:s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': kernel = optarg; break;
		case 'm':
			if (!strcmp(optarg, "follow")) {
				eo.mode = MM_MODE_FOLLOW;
			} else if (!strcmp(optarg, "simulate")) {
				eo.mode = MM_MODE_SIMULATE;
			} else {
				pr_err("--mode %s: expected follow or simulate", optarg);
				ret = -EINVAL;
				goto out;
			}
			mode = optarg;
			break;
		case 'o': out_path = optarg; break;
		case 'q': quiet = true; break;
		case 'D': allow_drops = true; break;
		case 'W': no_walk = true; break;
		case 'i': {
			char *end_;

			eo.interval = strtoull(optarg, &end_, 10);
			if (*end_ || !eo.interval) {
				pr_err("--interval %s: expected a number of events > 0", optarg);
				ret = -EINVAL;
				goto out;
			}
			break;
		}
		case 'p':
		case 's': {
			const char ***v = opt == 'p' ? &policy_paths : &sets;
			size_t *nr = opt == 'p' ? &nr_policy_paths : &nr_sets;
			const char **nv = realloc(*v, (*nr + 1) * sizeof(**v));

			if (!nv) {
				ret = -ENOMEM;
				goto out;
			}
			*v = nv;
			nv[(*nr)++] = optarg;
			break;
		}
		case 'h':
			usage_replay(stdout);
			ret = 0;
			goto out;
		default:
			usage_replay(stderr);
			ret = -EINVAL;
			goto out;
		}
	}
	if (optind != argc - 1) {
		pr_err("expected one trace file");
		usage_replay(stderr);
		ret = -EINVAL;
		goto out;
	}
	path = argv[optind];

	/* the policies: the files, or one "default"; then --set over each */
	nr_runs = nr_policy_paths ? nr_policy_paths : 1;
	runs = calloc(nr_runs, sizeof(*runs));
	if (!runs) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nr_runs; i++) {
		mm_policy_init(&runs[i].pol, NULL);
		if (nr_policy_paths && (ret = load_policy(policy_paths[i], &runs[i].pol)))
			goto out;
	}
	for (size_t i = 0; i < nr_sets; i++)
		if ((ret = apply_set(runs, nr_runs, sets[i])))
			goto out;
	for (size_t i = 0; i < nr_runs; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(runs[i].pol.name, runs[j].pol.name)) {
				pr_err("%s: policy name '%s' is also %s's; the results of a set are "
				       "told apart by name", policy_paths[i], runs[i].pol.name,
				       policy_paths[j]);
				pr_hint("give each policy file its own \"name\"");
				ret = -EINVAL;
				goto out;
			}

	r = trace_reader__open(path, &msg);
	if (!r) {
		ret = -errno;
		pr_err("%s: %s", path, msg);
		ret = ret == -EACCES ? ret : (ret == -ENOENT || ret == -EISDIR ? -ENOENT : ret);
		goto out;
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
	eo.nr_cpus = trace_reader__header(r)->nr_cpus;
	eo.string = replay_string;
	eo.string_ctx = r;
	for (size_t i = 0; i < nr_runs; i++) {
		struct replay_run *run = &runs[i];
		const char *want = mm_policy_is_set(&run->pol, MM_POLICY_KERNEL) ? run->pol.kernel
										 : kernel;
		struct replay_meta *meta = &run->meta;
		char vmsg[256];

		*meta = (struct replay_meta){ .tool = "mmtrace 0.1", .mode = mode };
		meta->release = want ? want : trace_reader__header(r)->release;
		ret = mm_kernel_resolve(&run->k, meta->release, want ? NULL : m.version);
		if (ret) {
			pr_err("%s: unknown kernel '%s'", want == run->pol.kernel ?
				policy_paths ? policy_paths[i] : "--set kernel" : path, meta->release);
			pr_hint("known kernels: %s (pick the nearest with --kernel)", mm_profile_names());
			ret = -ENOENT;
			goto out;
		}
		ret = mm_policy_validate(&run->pol, run->k.p, m.nr_zones, vmsg, sizeof(vmsg));
		if (ret) {
			pr_err("%s: %s", nr_policy_paths ? policy_paths[i] : "--set", vmsg);
			goto out;
		}
		meta->profile = run->k.p->name;
		meta->sublevel = run->k.sublevel;
		meta->fallback = fallback_names[run->k.fallback];
		meta->nr_orders = run->k.p->nr_page_orders;
		meta->pcp_high_minmax = run->k.p->pcp_high_autotune;
		meta->policy = &run->pol;
	}
	build_all(runs, nr_runs, &m, &eo);
	for (size_t i = 0; i < nr_runs; i++) {
		struct replay_run *run = &runs[i];

		if (run->e)
			continue;
		ret = -run->err;
		pr_err("%s: cannot build the engine from the snapshot%s%s: %s", path,
		       run->pol.set ? " with policy " : "", run->pol.set ? run->pol.name : "",
		       strerror(run->err));
		if (ret == -EOPNOTSUPP)
			pr_hint("policies that change sysctls need a single-node snapshot");
		goto out;
	}
	progress_init(&prog, "replay", file_size(path), !quiet);
	ret = feed_all(r, runs, nr_runs, &prog);
	progress_end(&prog);
	if (ret < 0) {
		if (ret == -ENOMEM)
			pr_err("%s: %s", path, strerror(-ret));
		else
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
	{
		struct mm_engine **es = calloc(nr_runs, sizeof(*es));

		if (!es) {
			ret = -ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < nr_runs; i++)
			es[i] = runs[i].e;
		replay_slab_end(es, nr_runs, r);
		free(es);
	}
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
	items = calloc(nr_runs, sizeof(*items));
	if (!items) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nr_runs; i++) {
		struct replay_run *run = &runs[i];
		struct replay_meta *meta = &run->meta;
		uint32_t nz = mm_engine__nr_zones(run->e);

		meta->nr_drops = drops;
		meta->slab = mm_engine__slab_stats(run->e);
		meta->trace_path = path;
		meta->trace_crc32c = crc;
		meta->initial_state =
			mm_engine__initial_state(run->e) == MM_INIT_BPF_WALK     ? "bpf-walk"
			: mm_engine__initial_state(run->e) == MM_INIT_KPAGEFLAGS ? "kpageflags"
										 : "lazy";
		meta->interval = eo.interval;
		meta->samples = mm_engine__samples(run->e, &meta->nr_samples);
		if (eo.interval && !meta->nr_samples &&
		    mm_engine__stats(run->e)->nr_events >= eo.interval) {
			pr_err("%s: out of memory for the samples", path);
			ret = -ENOMEM;
			goto out;
		}
		run->zf = calloc(nz ? nz : 1, sizeof(*run->zf));
		if (!run->zf) {
			ret = -ENOMEM;
			goto out;
		}
		for (uint32_t z = 0; z < nz; z++)
			mm_engine__zone_free(run->e, z, &run->zf[z]);
		items[i] = (struct replay_set_item){ .meta = meta, .st = mm_engine__stats(run->e),
						     .zones = run->zf, .nr_zones = nz };
	}
	json = nr_runs == 1 ? replay_json(&runs[0].meta, items[0].st, items[0].zones,
					  items[0].nr_zones)
			    : replay_set_json("mmtrace 0.1", path, crc, items, nr_runs);
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
	if (!quiet && nr_runs == 1) {
		if (runs[0].pol.set)
			fprintf(stderr, "policy %s\n", runs[0].pol.name);
		print_summary(items[0].st, runs[0].zf, items[0].nr_zones, runs[0].k.p->name, mode,
			      runs[0].meta.initial_state);
	} else if (!quiet) {
		print_set_summary(runs, nr_runs);
	}
	ret = 0;
out:
	free(json);
	free(items);
	for (size_t i = 0; runs && i < nr_runs; i++) {
		free(runs[i].zf);
		mm_engine__free(runs[i].e);
	}
	free(runs);
	if (have_m)
		mm_machine__free(&m);
	trace_reader__close(r);
	free(sets);
	free(policy_paths);
	return ret;
}
