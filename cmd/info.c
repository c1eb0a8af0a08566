// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace info TRACE [--json] [--verify]: header, snapshot summary, counts per event
 * type, duration, rate and drops. Reading the trace already checks every checksum and
 * that the end frame matches the events; --verify adds per-event sanity checks and
 * parses the snapshots. Any failure: one line, exit 3.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../report/info.h"
#include "../trace/reader.h"
#include "cmd.h"
#include "info_check.h"
#include "info_snapshot.h"
#include "log.h"

static void usage_info(FILE *f)
{
	fprintf(f, "Usage: mmtrace info [--json] [--verify] [--check [--kernel VER]] TRACE\n"
		   "  -j, --json     print the same content as JSON\n"
		   "  -V, --verify   also check every event's fields and parse the snapshots\n"
		   "  -c, --check    derive watermarks, protection, pcp sizes and slab cache\n"
		   "                 geometry for the kernel and compare them with the start\n"
		   "                 snapshot (exit 1: mismatch)\n"
		   "  -k, --kernel VER  check as this kernel (6.1, 6.12 or a release)\n");
}

static const char *const clock_names[] = { "unknown", "monotonic", "boottime", "ftrace-local",
					   "synthetic" };
static const char *const source_names[] = { "unknown", "record", "ftrace-import", "synthetic" };

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n ? names[v] : "unknown";
}

static const char *arch_name(unsigned int arch)
{
	switch (arch) {
	case MMT_ARCH_X86_64:
		return "x86_64";
	case MMT_ARCH_AARCH64:
		return "aarch64";
	default:
		return "unknown";
	}
}

/* Sanity a kernel could not violate: the verifier's per-event checks. */
struct verify_state {
	uint64_t *last_ts;	/* per CPU */
	uint64_t nr_bad;
	char first[160];
};

static void verify_bad(struct verify_state *v, uint64_t i, const char *what)
{
	if (!v->nr_bad++)
		snprintf(v->first, sizeof(v->first), "event %" PRIu64 ": %s", i, what);
}

static void verify_event(struct verify_state *v, uint64_t i, const struct mm_event *ev)
{
	/* MAX_PAGE_ORDER is at most 15 on any configuration (arch/arm64/Kconfig). */
	const uint32_t max_order = 15;

	if (ev->ts_ns < v->last_ts[ev->cpu])
		verify_bad(v, i, "timestamp goes backwards on its CPU");
	v->last_ts[ev->cpu] = ev->ts_ns;
	switch (ev->type) {
	case MM_EV_PAGE_ALLOC:
		if (ev->page_alloc.order > max_order)
			verify_bad(v, i, "mm_page_alloc order out of range");
		break;
	case MM_EV_PAGE_FREE:
		if (ev->page_free.order > max_order)
			verify_bad(v, i, "mm_page_free order out of range");
		break;
	case MM_EV_PAGE_ALLOC_ZONE_LOCKED:
		if (ev->zone_locked.order > max_order || ev->zone_locked.migratetype < 0)
			verify_bad(v, i, "mm_page_alloc_zone_locked field out of range");
		break;
	case MM_EV_PAGE_PCPU_DRAIN:
		if (ev->pcpu_drain.order > max_order || ev->pcpu_drain.migratetype < 0)
			verify_bad(v, i, "mm_page_pcpu_drain field out of range");
		break;
	case MM_EV_PAGE_ALLOC_EXTFRAG:
		if (ev->extfrag.alloc_order < 0 || ev->extfrag.alloc_order > (int32_t)max_order ||
		    ev->extfrag.fallback_order < 0 || ev->extfrag.fallback_order > (int32_t)max_order)
			verify_bad(v, i, "mm_page_alloc_extfrag order out of range");
		break;
	case MM_EV_KMALLOC:
	case MM_EV_KMEM_CACHE_ALLOC:
		if (ev->alloc.ptr && ev->alloc.bytes_alloc < ev->alloc.bytes_req)
			verify_bad(v, i, "bytes_alloc smaller than bytes_req");
		break;
	default:
		break;
	}
}

/*
 * Page allocations tagged as new slabs (MM_EVF_SLAB), checked against the start
 * snapshot: the page's order should be the cache's /sys/kernel/slab/<cache>/order (a
 * merged cache's name is a link there: mmtrace/slab_aliases). A different order is the
 * cache's minimum order after a failed allocation, or a tunable changed during the
 * recording: counted, not an error.
 */
struct slab_tags {
	uint64_t nr, nr_at_order, nr_unknown;
};

static const struct snap_file *slab_order_file(const struct snap_files *sf, const char *cache)
{
	const struct snap_file *f, *aliases;
	char path[320];
	size_t n = strlen(cache);

	snprintf(path, sizeof(path), "sys/kernel/slab/%s/order", cache);
	f = snap_files__find(sf, path);
	aliases = f ? NULL : snap_files__find(sf, "mmtrace/slab_aliases");
	for (const char *l = aliases ? (const char *)aliases->data : NULL; l && *l;) {
		const char *eol = strchr(l, '\n');

		if (!strncmp(l, cache, n) && l[n] == ' ') {
			int len = (int)((eol ? eol : l + strlen(l)) - (l + n + 1));

			snprintf(path, sizeof(path), "sys/kernel/slab/%.*s/order", len, l + n + 1);
			return snap_files__find(sf, path);
		}
		l = eol ? eol + 1 : NULL;
	}
	return f;
}

static void slab_tag_event(struct slab_tags *t, const struct trace_reader *r,
			   const struct snap_files *sf, const struct mm_event *ev)
{
	const char *cache = trace_reader__string(r, ev->page_alloc.cache);
	const struct snap_file *f = cache && sf ? slab_order_file(sf, cache) : NULL;

	t->nr++;
	if (!f)
		t->nr_unknown++;
	else if (strtoul((const char *)f->data, NULL, 10) == ev->page_alloc.order)
		t->nr_at_order++;
}

/* One line of text after lead, wrapped at spaces to stay within 79 columns. */
static void print_wrapped(const char *lead, const char *l, int len)
{
	const int width = 79 - 11;

	while (len > width) {
		int cut = width;

		while (cut > 0 && l[cut] != ' ')
			cut--;
		if (!cut)
			cut = width;
		printf("%s%.*s\n", lead, cut, l);
		lead = "             ";
		l += cut;
		len -= cut;
		while (len && *l == ' ') {
			l++;
			len--;
		}
	}
	printf("%s%.*s\n", lead, len, l);
}

/* The recorder's own account (mmtrace/record, trace/SNAPSHOT.md), indented. */
static void print_recorder(const struct snap_files *start, const struct snap_files *end)
{
	const struct snap_file *f = start ? snap_files__find(start, "mmtrace/record") : NULL;
	const struct snap_file *e = end ? snap_files__find(end, "mmtrace/record") : NULL;
	const char *lead = "recorder:  ";

	for (const char *l = f ? (const char *)f->data : NULL; l && *l; lead = "           ") {
		const char *eol = strchr(l, '\n');

		print_wrapped(lead, l, (int)(eol ? eol - l : (long)strlen(l)));
		l = eol ? eol + 1 : NULL;
	}
	/* from the end: the kernel's per-program misses and the nested hits recovered */
	for (const char *l = e ? (const char *)e->data : NULL; l && *l;) {
		const char *eol = strchr(l, '\n');

		if (!strncmp(l, "misses:", 7) || !strncmp(l, "nested_hits_recorded:", 21))
			print_wrapped("           ", l, (int)(eol ? eol - l : (long)strlen(l)));
		l = eol ? eol + 1 : NULL;
	}
}

static void print_human(const struct info_report *rep, const struct snap_summary *ss,
			const struct slab_tags *tags)
{
	uint64_t dur = rep->last_ts_ns > rep->first_ts_ns ? rep->last_ts_ns - rep->first_ts_ns : 0;
	uint64_t nr_drops = 0;

	for (uint32_t c = 0; rep->drops && c < rep->nr_drop_cpus; c++)
		nr_drops += rep->drops[c];
	printf("trace:     %s (%" PRIu64 " bytes)\n", rep->path, rep->file_bytes);
	if (rep->nr_events)
		printf("size:      %" PRIu64 " bytes of events, %.2f bytes/event\n", rep->event_bytes,
		       (double)rep->event_bytes / (double)rep->nr_events);
	printf("format:    %u.%u, by %s (%s)\n", rep->version_major, rep->version_minor, rep->tool,
	       rep->source);
	printf("kernel:    %s, %s, %u-byte pages, %u CPUs\n", rep->release[0] ? rep->release : "?",
	       rep->arch, rep->page_size, rep->nr_cpus);
	printf("time:      %s clock, duration %.6f s", rep->clock, (double)dur / 1e9);
	if (dur)
		printf(", %.0f events/s", (double)rep->nr_events * 1e9 / (double)dur);
	printf("\n");
	printf("events:    %" PRIu64 "\n", rep->nr_events);
	for (unsigned int t = 1; t < MM_EV__NR; t++)
		if (t != MM_EV_LOST)
			printf("  %-27s %12" PRIu64 "\n", mm_event_type_name(t), rep->counts[t]);
	printf("drops:     %" PRIu64, nr_drops);
	if (rep->counts[MM_EV_LOST])
		printf(" (%" PRIu64 " lost-event markers, %" PRIu64 " events)",
		       rep->counts[MM_EV_LOST], rep->nr_lost);
	printf("\n");
	if (tags->nr)
		printf("slab tags: %" PRIu64 " page allocations back new slabs, %" PRIu64
		       " at their cache's order, %" PRIu64 " of unknown caches\n",
		       tags->nr, tags->nr_at_order, tags->nr_unknown);
	printf("status:    %s", rep->status);
	if (rep->nr_unwritten)
		printf(", %" PRIu64 " events not written", rep->nr_unwritten);
	printf("\n");
	snap_summary_print(ss, rep);
	if (rep->verified)
		printf("verify:    ok\n");
}

int cmd_info(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "verify", no_argument, NULL, 'V' },
		{ "check", no_argument, NULL, 'c' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct info_report rep = { 0 };
	struct snap_summary ss = { 0 };
	struct verify_state vs = { 0 };
	struct slab_tags tags = { 0 };
	struct trace_reader *r = NULL;
	const struct trace_header *h;
	const struct trace_end *end;
	bool json = false, verify = false, check = false;
	const char *path, *msg = NULL, *kernel = NULL;
	struct mm_event ev;
	struct stat st;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "jVck:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = json_output = true;
			break;
		case 'V':
			verify = true;
			break;
		case 'c':
			check = true;
			break;
		case 'k':
			kernel = optarg;
			break;
		case 'h':
			usage_info(stdout);
			return 0;
		default:
			usage_info(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc - 1) {
		pr_err("expected one trace file");
		usage_info(stderr);
		return -EINVAL;
	}
	if ((kernel && !check) || (check && json)) {
		pr_err(kernel && !check ? "--kernel needs --check" : "--check has no JSON form");
		usage_info(stderr);
		return -EINVAL;
	}
	path = argv[optind];
	rep.path = path;
	r = trace_reader__open(path, &msg);
	if (!r) {
		ret = -errno;
		pr_err("%s: %s", path, msg ? msg : strerror(-ret));
		if (ret == -ENOENT || ret == -EACCES || ret == -EISDIR)
			return ret == -EACCES ? -EACCES : -ENOENT;
		return ret;
	}
	if (!stat(path, &st))
		rep.file_bytes = (uint64_t)st.st_size;
	h = trace_reader__header(r);
	vs.last_ts = calloc(h->nr_cpus, sizeof(*vs.last_ts));
	if (!vs.last_ts) {
		ret = -ENOMEM;
		goto out;
	}
	while ((ret = trace_reader__next(r, &ev)) == 1) {
		if (!rep.nr_events)
			rep.first_ts_ns = ev.ts_ns;
		if (ev.ts_ns > rep.last_ts_ns)
			rep.last_ts_ns = ev.ts_ns;
		rep.nr_events++;
		rep.counts[ev.type]++;
		if (ev.type == MM_EV_LOST)
			rep.nr_lost += ev.lost.nr_lost;
		if (verify)
			verify_event(&vs, rep.nr_events - 1, &ev);
		if (ev.type == MM_EV_PAGE_ALLOC && (ev.flags & MM_EVF_SLAB))
			slab_tag_event(&tags, r, trace_reader__snapshot(r, SNAP_START), &ev);
	}
	rep.version_major = h->version_major;
	rep.version_minor = h->version_minor;
	rep.tool = h->tool;
	rep.release = h->release;
	rep.page_size = h->page_size;
	rep.nr_cpus = h->nr_cpus;
	rep.clock = name_of(clock_names, sizeof(clock_names) / sizeof(*clock_names), h->clock);
	rep.source = name_of(source_names, sizeof(source_names) / sizeof(*source_names), h->source);
	rep.arch = arch_name(h->arch);
	rep.event_bytes = trace_reader__block_bytes(r);
	end = trace_reader__end(r);
	if (ret < 0) {
		rep.status = ret == -ENODATA ? "truncated" : "corrupt";
		rep.error = trace_reader__strerror(r);
	} else {
		static const char *const stops[] = { "complete", "complete (stopped by signal)",
						     "interrupted (write error)" };

		rep.status = stops[end->stop_reason];
		rep.drops = end->drops;
		rep.nr_drop_cpus = end->nr_cpus;
		rep.nr_unwritten = end->nr_unwritten;
	}
	for (unsigned int k = 0; k < SNAP__NR; k++) {
		const struct snap_files *sf = trace_reader__snapshot(r, k);

		rep.have_snapshot[k] = sf != NULL;
		rep.snapshot_files[k] = sf ? sf->nr : 0;
	}
	if (!ret) {
		int err = snap_summary_build(&ss, trace_reader__snapshot(r, SNAP_START),
					     trace_reader__snapshot(r, SNAP_END), verify, &rep);

		if (err) {
			ret = err;
			rep.status = "corrupt snapshot";
			rep.error = ss.error;
		}
	}
	if (!ret && verify && vs.nr_bad) {
		ret = -EBADMSG;
		rep.status = "failed verification";
		rep.error = vs.first;
	}
	rep.verified = verify && !ret;

	if (json) {
		char *s = info_report_json(&rep);

		if (!s) {
			ret = -ENOMEM;
			goto out;
		}
		puts(s);
		free(s);
	} else {
		print_human(&rep, &ss, &tags);
		print_recorder(trace_reader__snapshot(r, SNAP_START), trace_reader__snapshot(r, SNAP_END));
	}
	if (!ret && check) {
		ret = info_check(trace_reader__snapshot(r, SNAP_START), path, kernel, h->release,
				 h->page_size);
		if (ret > 0)
			ret = CMD_REGRESSION;
		if (ret < 0)
			goto out;
	}
	if (ret < 0) {
		/* The summary above is what could be read; the verdict goes to stderr. */
		json_output = false;
		pr_err("%s: %s", path, rep.error);
		if (vs.nr_bad > 1)
			pr_hint("%" PRIu64 " events failed verification", vs.nr_bad);
	}
out:
	snap_summary_free(&ss);
	free(vs.last_ts);
	trace_reader__close(r);
	return ret;
}
