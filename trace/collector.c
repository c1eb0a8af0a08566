// SPDX-License-Identifier: GPL-2.0-only
/*
 * The skeleton lifecycle and the ring buffers feeding the writer (STYLE.md rules 3, 19, 20).
 *
 * Ordering: each CPU's ring buffer is in that CPU's order. Each drain takes the time first,
 * consumes every buffer, sorts what it holds by timestamp (ties keep arrival order) and
 * writes the events older than that time minus a margin (records reserved but not yet
 * committed while a buffer was read); the rest waits for the next drain. So the trace is
 * in timestamp order across CPUs; an event that still arrives behind one already written
 * is counted in nr_late and written anyway.
 *
 * Snapshots: the start snapshot is read on a thread after attaching, while this thread
 * keeps draining into memory; events from its start time on are kept, earlier ones are
 * left out (they are in the state it reads). Symmetrically, events from the end snapshot's
 * start time on are left out. KERNEL-NOTES §9.2: the reads race with events, and the
 * events timestamped during the walk are in the trace to reconcile them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "../core/event.h"
#include "bpf/events.h"
#include "collector.h"
#include "mmtrace.skel.h"
#include "siphash.h"
#include "snapshot.h"
#include "writer.h"

#define DEFAULT_BUFFER_MB 8
#define DEFAULT_POLL_MS 100
/* Records older than a drain's start minus this are final (see the top comment). */
#define LATE_MARGIN_NS 10000000ull

/* How far collector__new got with the BPF object, best first. */
enum load_level {
	LOAD_FULL = 0,		/* raw tracepoint programs and the slab tag */
	LOAD_NO_SLAB_TAG = 1,	/* raw tracepoint programs */
	LOAD_CLASSIC = 2,	/* classic tracepoints only */
};

struct queued {
	struct mm_event ev;
	uint64_t seq;
};

struct name_slot {
	uint64_t hash;		/* 0 = empty */
	uint32_t id;
};

struct collector {
	struct mmtrace_bpf *skel;
	struct ring_buffer *rb;
	int *rb_fds;
	uint32_t nr_cpus;
	uint32_t poll_ms;
	uint64_t *drops_seen;	/* per CPU, already written */
	/* drained, not yet written */
	struct queued *q;
	size_t nr_q, cap_q;
	uint64_t seq;
	int err;		/* sticky, from the ring buffer callback */
	/* cache name hash -> string id */
	struct name_slot *names;
	uint32_t nr_names, nr_name_slots;
	struct trace_writer *w;
	uint64_t last_written_ts;
	bool hold;		/* a snapshot is being read: drain into memory only */
	struct collector_stats st;
	/* what collector__new chose (collector__describe) */
	struct bpf_link **links;
	struct bpf_program **attached;	/* parallel to links */
	size_t nr_links;
	const char *via[MM_EV__NR];	/* "raw_tp", "tracepoint", NULL = not recorded */
	uint64_t vmemmap;		/* calibrated, 0 = not */
	uint64_t calib_agree;
	uint64_t page_struct_bytes;	/* sizeof(struct page), from the kernel's BTF */
	char calib_note[96];
	char slab_tag[256];
	char load_note[160];
	bool slab_on;
	uint32_t tgid;
	bool follow;
	bool redact;
	uint8_t key[16];		/* --redact; never written anywhere */
};

static void (*log_fn)(int level, const char *fmt, va_list ap);

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (log_fn)
		log_fn(level == LIBBPF_WARN ? 0 : level == LIBBPF_INFO ? 1 : 2, fmt, ap);
	return 0;
}

bool collector_available(void)
{
	return true;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	/* bpf_ktime_get_ns() is CLOCK_MONOTONIC */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Whether tracefs knows the event; unknown (no tracefs mounted) counts as yes. */
static bool tracepoint_exists(const char *category, const char *name)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[PATH_MAX];
	bool any_root = false;

	for (unsigned int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/events", roots[i]);
		if (access(path, F_OK))
			continue;
		any_root = true;
		snprintf(path, sizeof(path), "%s/events/%s/%s", roots[i], category, name);
		if (!access(path, F_OK))
			return true;
	}
	return !any_root;
}

static uint32_t name_lookup(struct collector *c, uint64_t hash)
{
	if (!c->nr_name_slots)
		return 0;
	for (uint32_t i = (uint32_t)hash & (c->nr_name_slots - 1); c->names[i].hash;
	     i = (i + 1) & (c->nr_name_slots - 1))
		if (c->names[i].hash == hash)
			return c->names[i].id;
	return 0;
}

static int name_add(struct collector *c, uint64_t hash, uint32_t id)
{
	uint32_t i;

	if ((c->nr_names + 1) * 2 > c->nr_name_slots) {
		uint32_t n = c->nr_name_slots ? c->nr_name_slots * 2 : 256;
		struct name_slot *s = calloc(n, sizeof(*s));

		if (!s)
			return -ENOMEM;
		for (uint32_t k = 0; k < c->nr_name_slots; k++) {
			if (!c->names[k].hash)
				continue;
			for (i = (uint32_t)c->names[k].hash & (n - 1); s[i].hash; i = (i + 1) & (n - 1))
				;
			s[i] = c->names[k];
		}
		free(c->names);
		c->names = s;
		c->nr_name_slots = n;
	}
	for (i = (uint32_t)hash & (c->nr_name_slots - 1); c->names[i].hash; i = (i + 1) & (c->nr_name_slots - 1))
		if (c->names[i].hash == hash)
			return 0;
	c->names[i].hash = hash;
	c->names[i].id = id;
	c->nr_names++;
	return 0;
}

static int queue_push(struct collector *c, const struct mm_event *ev)
{
	if (c->nr_q == c->cap_q) {
		size_t n = c->cap_q ? c->cap_q * 2 : 65536;
		struct queued *q = realloc(c->q, n * sizeof(*q));

		if (!q)
			return -ENOMEM;
		c->q = q;
		c->cap_q = n;
	}
	c->q[c->nr_q].ev = *ev;
	c->q[c->nr_q].seq = c->seq++;
	c->nr_q++;
	return 0;
}

/*
 * The string id of the cache name behind hash, learning the name when the record carries
 * one (name: its MMT_NAME_LEN bytes, or NULL).
 */
static uint32_t rec_name(struct collector *c, uint8_t flags, uint64_t hash, const uint8_t *name_in)
{
	uint32_t id;

	if (!(flags & MMT_RECF_HASH))
		return MM_STR_NONE;
	if ((flags & MMT_RECF_NAME) && name_in) {
		char name[MMT_NAME_LEN];

		memcpy(name, name_in, sizeof(name));
		name[sizeof(name) - 1] = 0;
		id = name_lookup(c, hash);
		if (!id && name[0]) {
			id = trace_writer__intern(c->w, name);
			if (!id || name_add(c, hash, id)) {
				c->err = -ENOMEM;
				return MM_STR_NONE;
			}
		}
		return id;
	}
	id = name_lookup(c, hash);
	if (!id)
		c->st.nr_unnamed++;
	return id;
}

/* The cache id of a slab record. */
static uint32_t rec_cache(struct collector *c, const struct mmt_rec_slab *r, size_t size)
{
	const uint8_t *name = size >= sizeof(struct mmt_rec_slab_named) ?
				      ((const struct mmt_rec_slab_named *)r)->name : NULL;

	return rec_name(c, r->hdr.flags, r->name_hash, name);
}

/* --redact: a keyed hash keeps equal values equal; NULL stays NULL (a failed allocation). */
static uint64_t redact(const struct collector *c, uint64_t v)
{
	return c->redact && v ? siphash24_u64(c->key, v) : v;
}

/*
 * A slab tag (mmtrace.bpf.c): mark the queued mm_page_alloc of that pfn on that CPU. It is
 * recent (the tag follows it within one slab allocation), so the search from the end is
 * short; one already written is counted, not marked.
 */
static void slab_tag(struct collector *c, const struct mmt_rec_slab_tag *r, size_t size)
{
	const uint8_t *name = size >= sizeof(struct mmt_rec_slab_tag_named) ?
				      ((const struct mmt_rec_slab_tag_named *)r)->name : NULL;
	uint32_t id = rec_name(c, r->hdr.flags, r->name_hash, name);

	for (size_t i = c->nr_q; id && i-- > 0;) {
		struct mm_event *ev = &c->q[i].ev;

		if (ev->type != MM_EV_PAGE_ALLOC || ev->cpu != r->hdr.cpu || ev->page_alloc.pfn != r->pfn)
			continue;
		if (ev->flags & MM_EVF_SLAB || ev->page_alloc.order != r->order)
			break;
		ev->flags |= MM_EVF_SLAB;
		ev->page_alloc.cache = id;
		c->st.nr_slab_pages++;
		return;
	}
	c->st.nr_slab_untagged++;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct collector *c = ctx;
	const struct mmt_rec_hdr *h = data;
	struct mm_event ev = { 0 };

	if (size < sizeof(*h))
		return 0;
	ev.ts_ns = h->ts_ns;
	ev.cpu = h->cpu;
	ev.pid = (int32_t)h->pid;
	ev.type = h->type;
	switch (h->type) {
	case MMT_REC_PAGE_ALLOC:
	case MMT_REC_PAGE_FREE:
	case MMT_REC_PAGE_FREE_BATCHED:
	case MMT_REC_PAGE_ALLOC_ZONE_LOCKED:
	case MMT_REC_PAGE_PCPU_DRAIN: {
		const struct mmt_rec_page *r = data;

		if (size < sizeof(*r))
			return 0;
		if (h->type == MMT_REC_PAGE_ALLOC) {
			ev.page_alloc.pfn = r->pfn;
			ev.page_alloc.gfp = r->gfp;
			ev.page_alloc.order = r->order;
			ev.page_alloc.migratetype = (int32_t)r->migratetype;
		} else if (h->type == MMT_REC_PAGE_FREE) {
			ev.page_free.pfn = r->pfn;
			ev.page_free.order = r->order;
		} else if (h->type == MMT_REC_PAGE_FREE_BATCHED) {
			ev.page_free_batched.pfn = r->pfn;
		} else if (h->type == MMT_REC_PAGE_ALLOC_ZONE_LOCKED) {
			ev.zone_locked.pfn = r->pfn;
			ev.zone_locked.order = r->order;
			ev.zone_locked.migratetype = (int32_t)r->migratetype;
			ev.zone_locked.percpu_refill = (int32_t)r->percpu_refill;
		} else {
			ev.pcpu_drain.pfn = r->pfn;
			ev.pcpu_drain.order = r->order;
			ev.pcpu_drain.migratetype = (int32_t)r->migratetype;
		}
		break;
	}
	case MMT_REC_PAGE_ALLOC_EXTFRAG: {
		const struct mmt_rec_extfrag *r = data;

		if (size < sizeof(*r))
			return 0;
		ev.extfrag.pfn = r->pfn;
		ev.extfrag.alloc_order = (int32_t)r->alloc_order;
		ev.extfrag.fallback_order = (int32_t)r->fallback_order;
		ev.extfrag.alloc_migratetype = (int32_t)r->alloc_migratetype;
		ev.extfrag.fallback_migratetype = (int32_t)r->fallback_migratetype;
		ev.extfrag.change_ownership = (int32_t)r->change_ownership;
		break;
	}
	case MMT_REC_KMALLOC:
	case MMT_REC_KMEM_CACHE_ALLOC: {
		const struct mmt_rec_slab *r = data;

		if (size < sizeof(*r))
			return 0;
		ev.alloc.call_site = redact(c, r->call_site);
		ev.alloc.ptr = redact(c, r->ptr);
		ev.alloc.bytes_req = r->bytes_req;
		ev.alloc.bytes_alloc = r->bytes_alloc;
		ev.alloc.gfp = r->gfp;
		ev.alloc.node = (int32_t)r->node;
		ev.alloc.cache = rec_cache(c, r, size);
		if (r->hdr.flags & MMT_RECF_ACCOUNTED)
			ev.flags |= MM_EVF_ACCOUNTED;
		break;
	}
	case MMT_REC_KFREE:
	case MMT_REC_KMEM_CACHE_FREE: {
		const struct mmt_rec_slab *r = data;

		if (size < sizeof(*r))
			return 0;
		ev.free.call_site = redact(c, r->call_site);
		ev.free.ptr = redact(c, r->ptr);
		ev.free.cache = rec_cache(c, r, size);
		break;
	}
	case MMT_REC_SLAB_TAG:
		if (size >= sizeof(struct mmt_rec_slab_tag))
			slab_tag(c, data, size);
		return 0;
	default:
		return 0;
	}
	if (!c->err)
		c->err = queue_push(c, &ev);
	return 0;
}

static int cmp_queued(const void *a, const void *b)
{
	const struct queued *x = a, *y = b;

	if (x->ev.ts_ns != y->ev.ts_ns)
		return x->ev.ts_ns < y->ev.ts_ns ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Writes the queued events older than horizon, in timestamp order; those before the
 * start snapshot or from the end snapshot on are left out (counted).
 */
static int flush_queue(struct collector *c, uint64_t horizon)
{
	size_t i, keep = 0;
	int ret = 0;

	/* an empty queue may never have been allocated: qsort(NULL, 0) is undefined */
	if (c->nr_q)
		qsort(c->q, c->nr_q, sizeof(*c->q), cmp_queued);
	for (i = 0; i < c->nr_q && c->q[i].ev.ts_ns < horizon; i++) {
		const struct mm_event *ev = &c->q[i].ev;

		if (!c->st.start_ts_ns || ev->ts_ns < c->st.start_ts_ns) {
			c->st.nr_before_start++;
			continue;
		}
		if (c->st.end_ts_ns && ev->ts_ns >= c->st.end_ts_ns) {
			c->st.nr_after_end++;
			continue;
		}
		if (ev->ts_ns < c->last_written_ts)
			c->st.nr_late++;
		else
			c->last_written_ts = ev->ts_ns;
		ret = trace_writer__append(c->w, ev);
		if (ret)
			return ret;
		if (ev->type != MM_EV_LOST)
			c->st.nr_events++;
	}
	for (; i < c->nr_q; i++)
		c->q[keep++] = c->q[i];
	c->nr_q = keep;
	return 0;
}

/* Drains every ring buffer into the queue and writes what is final. */
static int drain(struct collector *c, int timeout_ms)
{
	uint64_t horizon;
	int ret;

	/* Without wakeups this sleeps for timeout_ms, or less when a buffer fills up. */
	if (timeout_ms > 0) {
		ret = ring_buffer__poll(c->rb, timeout_ms);
		if (ret < 0 && ret != -EINTR)
			return ret;
	}
	horizon = now_ns() - LATE_MARGIN_NS;
	ret = ring_buffer__consume(c->rb);
	if (ret < 0 && ret != -EINTR)
		return ret;
	if (c->err)
		return c->err;
	return c->hold ? 0 : flush_queue(c, horizon);
}

/* New per-CPU drops since the last call become LOST markers and end-frame drops. */
static int account_drops(struct collector *c, uint64_t ts)
{
	int fd = bpf_map__fd(c->skel->maps.drops);
	uint64_t *v = calloc(c->nr_cpus, sizeof(*v));
	uint32_t zero = 0;
	int ret = 0;

	if (!v)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, &zero, v)) {
		ret = -errno;
		goto out;
	}
	for (uint32_t cpu = 0; cpu < c->nr_cpus; cpu++) {
		struct mm_event ev = { .ts_ns = ts, .cpu = cpu, .pid = -1, .type = MM_EV_LOST };

		if (v[cpu] <= c->drops_seen[cpu])
			continue;
		ev.lost.nr_lost = v[cpu] - c->drops_seen[cpu];
		c->drops_seen[cpu] = v[cpu];
		c->st.nr_drops += ev.lost.nr_lost;
		trace_writer__add_drops(c->w, cpu, ev.lost.nr_lost);
		ret = queue_push(c, &ev);
		if (ret)
			break;
	}
out:
	free(v);
	return ret;
}

/* How a program records its event. */
enum prog_kind {
	PROG_CLASSIC = 0,	/* tracepoint/kmem/<event> */
	PROG_RAW = 1,		/* raw_tp/<event>, <event>_raw: the primary */
	PROG_NEST = 2,		/* raw_tp/<event>, <event>_nest: its twin for nested hits */
};

/* Which event a program records (0: a helper program), and how. */
static unsigned int prog_event(const struct bpf_program *p, enum prog_kind *kind)
{
	const char *name = bpf_program__name(p);
	size_t n = strlen(name);
	char buf[64];

	*kind = PROG_CLASSIC;
	if (n > 4 && n < sizeof(buf) && !strcmp(name + n - 4, "_raw"))
		*kind = PROG_RAW;
	else if (n > 5 && n < sizeof(buf) && !strcmp(name + n - 5, "_nest"))
		*kind = PROG_NEST;
	if (*kind == PROG_CLASSIC)
		return mm_event_type_from_name(name);
	n -= *kind == PROG_RAW ? 4 : 5;
	memcpy(buf, name, n);
	buf[n] = 0;
	return mm_event_type_from_name(buf);
}

static uint64_t one_prog_misses(const struct bpf_program *p)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	int fd = bpf_program__fd(p);

	memset(&info, 0, sizeof(info));
	if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
		return info.recursion_misses;
	return 0;
}

/*
 * Events the kernel skipped: recursion_misses (bpf_prog_info) of the classic programs and
 * of the raw tracepoint primaries, less the primaries' misses their twins recorded (`covered`,
 * mmtrace.bpf.c). A twin's own misses lose nothing: the primary ran for those hits.
 */
static uint64_t covered_total(const struct collector *c)
{
	uint64_t cov = 0, *v = calloc(c->nr_cpus, sizeof(*v));

	for (uint32_t t = 1; v && t < MMT_REC__NR; t++)
		if (!bpf_map_lookup_elem(bpf_map__fd(c->skel->maps.covered), &t, v))
			for (uint32_t cpu = 0; cpu < c->nr_cpus; cpu++)
				cov += v[cpu];
	free(v);
	return cov;
}

static uint64_t prog_misses(struct collector *c)
{
	uint64_t n = 0, *v = calloc(c->nr_cpus, sizeof(*v));
	enum prog_kind kind;

	/* per event: a twin's surplus (a duplicate, see mmtrace.bpf.c) must not hide a loss
	 * of another event */
	for (size_t i = 0; i < c->nr_links; i++) {
		uint32_t t = prog_event(c->attached[i], &kind);
		uint64_t m, cov = 0;

		if (!t || kind == PROG_NEST)
			continue;
		m = one_prog_misses(c->attached[i]);
		if (kind == PROG_RAW && v &&
		    !bpf_map_lookup_elem(bpf_map__fd(c->skel->maps.covered), &t, v))
			for (uint32_t cpu = 0; cpu < c->nr_cpus; cpu++)
				cov += v[cpu];
		n += m > cov ? m - cov : 0;
	}
	free(v);
	return n;
}

static void detach_all(struct collector *c)
{
	if (!c->links)
		return;
	for (size_t i = 0; i < c->nr_links; i++)
		bpf_link__destroy(c->links[i]);
	free(c->links);
	c->links = NULL;
	/* c->attached stays: the miss counts are read after detaching */
}

struct snap_job {
	pthread_t thread;
	int (*fn)(void *ctx, struct snap_files *out);
	void *ctx;
	struct snap_files files;
	int ret;
	volatile int done;
};

static void *snap_thread(void *arg)
{
	struct snap_job *j = arg;

	j->ret = j->fn(j->ctx, &j->files);
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * Reads a snapshot on a thread while this one keeps draining the buffers into memory, so
 * they cannot overflow during the read (up to a second for the kpageflags scan). *ts is
 * the time the read started. The caller writes the snapshot.
 */
static int snapshot_while_draining(struct collector *c, const struct collector_run *run,
				   struct snap_files *out, uint64_t *ts)
{
	struct snap_job j = { .fn = run->snapshot, .ctx = run->ctx };
	int ret, err = 0;

	c->hold = true;
	*ts = now_ns();
	ret = pthread_create(&j.thread, NULL, snap_thread, &j);
	if (ret)
		return -ret;
	while (!__atomic_load_n(&j.done, __ATOMIC_ACQUIRE))
		if (!err)
			err = drain(c, 20);
		else
			usleep(20000);
	pthread_join(j.thread, NULL);
	c->hold = false;
	if (!err && j.ret < 0)
		err = j.ret;
	*out = j.files;
	return err;
}

int collector__run(struct collector *c, const struct collector_run *run, struct collector_stats *st)
{
	struct snap_files snap = { 0 };
	uint64_t last_tick, t, misses;
	int ret = 0, err;

	c->w = run->w;
	memset(&c->st, 0, sizeof(c->st));
	if (run->snapshot) {
		ret = snapshot_while_draining(c, run, &snap, &c->st.start_ts_ns);
		/* Before any event block: the reader requires it. */
		if (!ret)
			ret = trace_writer__snapshot(c->w, SNAP_START, c->st.start_ts_ns, &snap);
		snap_files__clear(&snap);
	} else {
		c->st.start_ts_ns = now_ns();
	}
	if (!ret && run->started)
		run->started(run->ctx);
	last_tick = now_ns();
	while (!ret && !*run->stop) {
		ret = drain(c, (int)c->poll_ms);
		t = now_ns();
		if (!ret && t - last_tick >= 1000000000ull) {
			last_tick = t;
			ret = account_drops(c, t);
			if (run->tick)
				run->tick(run->ctx, &c->st);
		}
	}
	if (!ret && run->snapshot)
		ret = snapshot_while_draining(c, run, &snap, &c->st.end_ts_ns);
	/* Detach, then drain what is left: nothing is in flight any more. */
	detach_all(c);
	if (!c->st.end_ts_ns)
		c->st.end_ts_ns = now_ns();
	err = ring_buffer__consume(c->rb);
	if (!ret && err < 0)
		ret = err;
	if (!ret && c->err)
		ret = c->err;
	/* Losses are marked just before the end, so the window keeps them. */
	if (!ret)
		ret = account_drops(c, c->st.end_ts_ns - 1);
	misses = prog_misses(c);
	if (!ret && misses) {
		/* Not per CPU in the kernel: counted on CPU 0. */
		struct mm_event ev = { .ts_ns = c->st.end_ts_ns - 1, .pid = -1, .type = MM_EV_LOST };

		ev.lost.nr_lost = misses;
		c->st.nr_misses = misses;
		trace_writer__add_drops(c->w, 0, misses);
		ret = queue_push(c, &ev);
	}
	if (!ret)
		ret = flush_queue(c, UINT64_MAX);
	if (!ret && run->snapshot)
		ret = trace_writer__snapshot(c->w, SNAP_END, c->st.end_ts_ns, &snap);
	snap_files__clear(&snap);
	if (st)
		*st = c->st;
	return ret;
}

uint32_t collector__nr_cpus(const struct collector *c)
{
	return c->nr_cpus;
}

static void set_err(const struct collector_opts *o, const char *fmt, const char *what, int err)
{
	if (o->errbuf && o->errbuf_len)
		snprintf(o->errbuf, o->errbuf_len, fmt, what, strerror(err));
}

/* mm_page_alloc .. mm_page_pcpu_drain: raw programs that need the calibrated vmemmap. */
static bool page_event(unsigned int type)
{
	return type >= MM_EV_PAGE_ALLOC && type <= MM_EV_PAGE_PCPU_DRAIN;
}

/* Whether enum `name` has the enumerator `value` (core_fixes.bpf.h page_is_slab()). */
static bool enum_has(const struct btf *btf, const char *name, const char *value)
{
	int id = btf ? btf__find_by_name_kind(btf, name, BTF_KIND_ENUM) : -1;
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, (uint32_t)id) : NULL;
	const struct btf_enum *e = t ? btf_enum(t) : NULL;

	for (uint16_t i = 0; e && i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, e[i].name_off), value))
			return true;
	return false;
}

/* The type id behind typedefs and modifiers. */
static const struct btf_type *btf_resolve(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_typedef(t) || btf_is_const(t) || btf_is_volatile(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

/*
 * Whether the raw tracepoint arguments are the ones the programs read (core_fixes.bpf.h):
 * the kernel's btf_trace_kmem_cache_alloc is (void *, call_site, ptr, struct kmem_cache *,
 * gfp, node), as on 6.1 .. 6.18. Raw arguments carry no types: on a kernel where they
 * differ, or with no BTF to tell, the classic tracepoints are used.
 */
static bool raw_args_known(const struct btf *btf)
{
	int id = btf ? btf__find_by_name_kind(btf, "btf_trace_kmem_cache_alloc", BTF_KIND_TYPEDEF) : -1;
	const struct btf_type *t = id > 0 ? btf_resolve(btf, (uint32_t)id) : NULL;
	const struct btf_param *p;

	if (!t || !btf_is_ptr(t))
		return false;
	t = btf_resolve(btf, t->type);
	if (!t || !btf_is_func_proto(t) || btf_vlen(t) != 6)
		return false;
	p = btf_params(t);
	t = btf_resolve(btf, p[3].type);
	if (!t || !btf_is_ptr(t))
		return false;
	t = btf_resolve(btf, t->type);
	return t && btf_is_struct(t) && !strcmp(btf__name_by_offset(btf, t->name_off), "kmem_cache");
}

/*
 * Open the object and choose, per program, what to load (STYLE.md rule 19): the raw
 * tracepoint program where the kernel's BTF shows the arguments it expects (and the level
 * allows), the classic one otherwise; page events keep their classic program loaded too,
 * for when calibration fails.
 */
static int open_configure(struct collector *c, const struct collector_opts *o, int level,
			  const struct btf *btf, uint64_t wake)
{
	struct bpf_program *p;
	bool raw_pages = false, slab_known, raw_ok = level < LOAD_CLASSIC && raw_args_known(btf);

	c->skel = mmtrace_bpf__open();
	if (!c->skel)
		return -errno;
	c->skel->rodata->targ_tgid = o->tgid;
	c->skel->rodata->targ_follow = o->follow;
	c->skel->rodata->wake_bytes = wake;
	if (bpf_map__set_max_entries(c->skel->maps.ringbufs, c->nr_cpus) ||
	    bpf_map__set_inner_map_fd(c->skel->maps.ringbufs, c->rb_fds[0]))
		return errno ? -errno : -EINVAL;
	slab_known = enum_has(btf, "pagetype", "PGTY_slab") || enum_has(btf, "pageflags", "PG_slab");
	memset(c->via, 0, sizeof(c->via));
	bpf_object__for_each_program(p, c->skel->obj) {
		const char *name = bpf_program__name(p);
		enum prog_kind kind;
		bool want, load;
		unsigned int type = prog_event(p, &kind);

		if (!type)
			continue;
		want = !o->events || (o->events & (1u << type));
		if (kind != PROG_CLASSIC) {
			load = want && raw_ok && tracepoint_exists("kmem", mm_event_type_name(type));
			if (load) {
				c->via[type] = "raw_tp";
				raw_pages |= page_event(type);
			}
		} else {
			load = want && tracepoint_exists("kmem", name);
		}
		bpf_program__set_autoload(p, load);
	}
	/* A classic program is not needed where the raw one is chosen, except for pages. */
	bpf_object__for_each_program(p, c->skel->obj) {
		enum prog_kind kind;
		unsigned int type = prog_event(p, &kind);

		if (!type || kind != PROG_CLASSIC || !bpf_program__autoload(p))
			continue;
		if (c->via[type] && !page_event(type))
			bpf_program__set_autoload(p, false);
		else if (!c->via[type])
			c->via[type] = "tracepoint";
	}
	bpf_program__set_autoload(c->skel->progs.calib_raw, raw_pages);
	c->skel->rodata->calib_tgid = (uint32_t)getpid();
	/* slab tags: raw mm_page_alloc and a slab allocation event, and a way to see PG_slab */
	if (level == LOAD_FULL && slab_known &&
	    bpf_program__autoload(c->skel->progs.mm_page_alloc_raw) &&
	    (bpf_program__autoload(c->skel->progs.kmalloc_raw) ||
	     bpf_program__autoload(c->skel->progs.kmem_cache_alloc_raw))) {
		c->skel->rodata->slab_tagging = 1;
		snprintf(c->slab_tag, sizeof(c->slab_tag),
			 "raw mm_page_alloc, then kmalloc/kmem_cache_alloc: slab_cache");
	} else if (level == LOAD_FULL) {
		snprintf(c->slab_tag, sizeof(c->slab_tag), "off: %s",
			 !slab_known ? "the kernel's BTF has neither PGTY_slab nor PG_slab"
				     : "needs raw mm_page_alloc and kmalloc or kmem_cache_alloc");
	}
	bpf_program__set_autoload(c->skel->progs.sched_process_fork_raw,
				  o->follow && raw_ok && tracepoint_exists("sched", "sched_process_fork"));
	bpf_program__set_autoload(c->skel->progs.sched_process_fork,
				  o->follow && !bpf_program__autoload(c->skel->progs.sched_process_fork_raw));
	return 0;
}

/*
 * vmemmap from our own page faults (top comment of mmtrace.bpf.c): for each of
 * CALIB_FAULTS pages touched one at a time, every struct page * allocated meanwhile in
 * this process (the page itself, maybe a page table) minus the page's pfn from
 * /proc/self/pagemap times sizeof(struct page) is a candidate; the value that every
 * fault offers is vmemmap. Needs the pfns, which pagemap shows only to CAP_SYS_ADMIN.
 */
#define CALIB_FAULTS 16

static void calibrate(struct collector *c, uint64_t page_size_bytes)
{
	long psz = sysconf(_SC_PAGESIZE);
	size_t pg = (size_t)(psz > 0 ? psz : 4096), len = CALIB_FAULTS * pg;
	struct mmt_calib_slot *v = calloc(c->nr_cpus, sizeof(*v));
	uint64_t cand[CALIB_FAULTS * 4] = { 0 }, best = 0;
	unsigned int hits[CALIB_FAULTS * 4] = { 0 }, last[CALIB_FAULTS * 4] = { 0 };
	unsigned int nr_cand = 0, nr_faults = 0;
	struct bpf_link *raw = NULL;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC), calib_fd;
	uint32_t zero = 0;
	char *m = MAP_FAILED;

	snprintf(c->calib_note, sizeof(c->calib_note), "no pfns in /proc/self/pagemap");
	if (!v || fd < 0 || !page_size_bytes)
		goto out;
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		goto out;
	madvise(m, len, MADV_NOHUGEPAGE);
	raw = bpf_program__attach(c->skel->progs.calib_raw);
	if (!raw) {
		snprintf(c->calib_note, sizeof(c->calib_note), "cannot attach: %s", strerror(errno));
		goto out;
	}
	calib_fd = bpf_map__fd(c->skel->maps.calib);
	for (unsigned int k = 0; k < CALIB_FAULTS; k++) {
		uint64_t ent = 0, pfn;

		memset(v, 0, c->nr_cpus * sizeof(*v));
		if (bpf_map_update_elem(calib_fd, &zero, v, BPF_ANY))
			break;
		m[k * pg] = 1;
		if (bpf_map_lookup_elem(calib_fd, &zero, v) ||
		    pread(fd, &ent, sizeof(ent), (off_t)(((uintptr_t)m / pg + k) * sizeof(ent))) !=
			    (ssize_t)sizeof(ent))
			break;
		/* bit 63: present; bits 0-54: pfn, 0 without CAP_SYS_ADMIN */
		pfn = ent & ((1ull << 55) - 1);
		if (!(ent >> 63) || !pfn)
			continue;
		nr_faults++;
		for (uint32_t cpu = 0; cpu < c->nr_cpus; cpu++)
			for (uint64_t i = 0; i < v[cpu].nr && i < MMT_CALIB_PAGES; i++) {
				uint64_t x = v[cpu].page[i] - pfn * page_size_bytes;
				unsigned int j;

				for (j = 0; j < nr_cand && cand[j] != x; j++)
					;
				if (j == nr_cand) {
					if (nr_cand == sizeof(cand) / sizeof(*cand))
						continue;
					cand[nr_cand++] = x;
				}
				/* counted once per fault */
				if (last[j] != nr_faults) {
					last[j] = nr_faults;
					hits[j]++;
				}
			}
	}
	for (unsigned int j = 0; j < nr_cand; j++)
		if (hits[j] == nr_faults && nr_faults >= CALIB_FAULTS / 2) {
			if (best) {
				best = 0;
				snprintf(c->calib_note, sizeof(c->calib_note), "faults disagree");
				break;
			}
			best = cand[j];
		}
	/* a kernel address: the top byte is all ones on x86-64 and arm64 */
	if (best && best >> 56 == 0xff) {
		c->vmemmap = best;
		c->calib_agree = nr_faults;
	}
out:
	bpf_link__destroy(raw);
	if (m != MAP_FAILED)
		munmap(m, len);
	if (fd >= 0)
		close(fd);
	free(v);
}

static bool via_btf(const struct collector *c, unsigned int type)
{
	return c->via[type] && !strcmp(c->via[type], "raw_tp");
}

static int attach_one(struct collector *c, struct bpf_program *p)
{
	struct bpf_link *l = bpf_program__attach(p);

	if (!l)
		return -errno;
	c->links[c->nr_links] = l;
	c->attached[c->nr_links++] = p;
	return 0;
}

/*
 * Attach one program per wanted event: the raw one where it is loaded (and, for page events,
 * vmemmap is known), else the classic one; then the slab tag (optional) and --task's
 * fork follower. Helpers are not attached here (calibration attaches its own).
 */
static int attach(struct collector *c, char *what, size_t what_len)
{
	struct bpf_program *by_type[MM_EV__NR][3] = { { 0 } };
	struct bpf_program *p;
	size_t nr = 0;
	int err;

	bpf_object__for_each_program(p, c->skel->obj)
		nr++;
	c->links = calloc(nr, sizeof(*c->links));
	c->attached = calloc(nr, sizeof(*c->attached));
	if (!c->links || !c->attached)
		return -ENOMEM;
	bpf_object__for_each_program(p, c->skel->obj) {
		enum prog_kind kind;
		unsigned int type = prog_event(p, &kind);

		if (type && bpf_program__fd(p) >= 0)
			by_type[type][kind] = p;
	}
	for (unsigned int t = 1; t < MM_EV__NR; t++) {
		struct bpf_program *raw = by_type[t][PROG_RAW], *nest = by_type[t][PROG_NEST];
		struct bpf_program *tp = by_type[t][PROG_CLASSIC];

		if (raw && page_event(t) && !c->vmemmap)
			raw = NULL;
		/* the primary first: the twin must not record a hit before the primary could */
		if (raw && nest && !attach_one(c, raw)) {
			c->via[t] = "raw_tp";
			err = attach_one(c, nest);
			if (err) {
				snprintf(what, what_len, "attaching raw_tp/%s", mm_event_type_name(t));
				return err;
			}
			continue;
		}
		if (!tp) {
			c->via[t] = NULL;
			if (!raw)
				continue;
			snprintf(what, what_len, "attaching raw_tp/%s", mm_event_type_name(t));
			return -errno;
		}
		c->via[t] = "tracepoint";
		err = attach_one(c, tp);
		if (err) {
			snprintf(what, what_len, "attaching to kmem:%s", mm_event_type_name(t));
			return err;
		}
	}
	if (c->skel->rodata->slab_tagging) {
		c->slab_on = via_btf(c, MM_EV_PAGE_ALLOC) &&
			     (via_btf(c, MM_EV_KMALLOC) || via_btf(c, MM_EV_KMEM_CACHE_ALLOC));
		if (!c->slab_on)
			snprintf(c->slab_tag, sizeof(c->slab_tag),
				 "off: mm_page_alloc is on the classic tracepoint (vmemmap: %s)",
				 c->calib_note);
	}
	p = bpf_program__fd(c->skel->progs.sched_process_fork_raw) >= 0 ?
		    c->skel->progs.sched_process_fork_raw : c->skel->progs.sched_process_fork;
	if (c->follow && (err = attach_one(c, p))) {
		snprintf(what, what_len, "attaching to sched:sched_process_fork");
		return err;
	}
	return 0;
}

struct collector *collector__new(const struct collector_opts *o)
{
	uint32_t mb = o->buffer_mb ? o->buffer_mb : DEFAULT_BUFFER_MB;
	size_t rb_bytes = (size_t)mb << 20;
	struct btf *btf = NULL;
	struct collector *c;
	char what[128];
	int ncpus, level, err = 0;

	if (mb & (mb - 1) || mb > 1024) {
		set_err(o, "%s: %s", "--buffer-mb must be a power of two up to 1024", EINVAL);
		errno = EINVAL;
		return NULL;
	}
	log_fn = o->log;
	libbpf_set_print(libbpf_log);
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->poll_ms = o->poll_ms ? o->poll_ms : DEFAULT_POLL_MS;
	c->tgid = o->tgid;
	c->follow = o->follow && o->tgid;
	c->redact = o->redact;
	if (c->redact && getrandom(c->key, sizeof(c->key), 0) != (ssize_t)sizeof(c->key)) {
		err = errno ? errno : EIO;
		set_err(o, "%s: %s", "the --redact key", err);
		goto fail;
	}
	ncpus = libbpf_num_possible_cpus();
	if (ncpus <= 0) {
		err = ncpus ? -ncpus : EINVAL;
		set_err(o, "%s: %s", "possible CPUs", err);
		goto fail;
	}
	c->nr_cpus = (uint32_t)ncpus;
	c->drops_seen = calloc(c->nr_cpus, sizeof(*c->drops_seen));
	c->rb_fds = calloc(c->nr_cpus, sizeof(*c->rb_fds));
	if (!c->drops_seen || !c->rb_fds) {
		err = ENOMEM;
		goto fail;
	}
	for (uint32_t i = 0; i < c->nr_cpus; i++)
		c->rb_fds[i] = -1;
	for (uint32_t cpu = 0; cpu < c->nr_cpus; cpu++) {
		c->rb_fds[cpu] = bpf_map_create(BPF_MAP_TYPE_RINGBUF, NULL, 0, 0, (uint32_t)rb_bytes, NULL);
		if (c->rb_fds[cpu] < 0) {
			err = errno;
			set_err(o, "%s: %s", "creating the per-CPU ring buffers", err);
			goto fail;
		}
	}

	/* open, configure, load: the best level this kernel verifies */
	btf = o->classic ? NULL : btf__load_vmlinux_btf();
	if (!btf)
		snprintf(c->load_note, sizeof(c->load_note), "%s",
			 o->classic ? "classic tracepoints requested" : "no kernel BTF");
	for (level = btf ? LOAD_FULL : LOAD_CLASSIC; level <= LOAD_CLASSIC; level++) {
		c->slab_tag[0] = 0;
		err = open_configure(c, o, level, btf, rb_bytes / 4);
		if (err) {
			set_err(o, "%s: %s", "opening the BPF object", -err);
			break;
		}
		err = mmtrace_bpf__load(c->skel);
		if (!err)
			break;
		if (level == LOAD_FULL)
			snprintf(c->slab_tag, sizeof(c->slab_tag), "off: the object with slab tagging did "
				 "not load (%s)", strerror(-err));
		else if (level == LOAD_NO_SLAB_TAG)
			snprintf(c->load_note, sizeof(c->load_note),
				 "raw tracepoint programs did not load (%s)", strerror(-err));
		set_err(o, "%s: %s", "loading the BPF programs", -err);
		mmtrace_bpf__destroy(c->skel);
		c->skel = NULL;
	}
	if (btf) {
		int id = btf__find_by_name_kind(btf, "page", BTF_KIND_STRUCT);

		c->page_struct_bytes = id > 0 ? (uint64_t)btf__resolve_size(btf, (uint32_t)id) : 0;
	}
	btf__free(btf);
	if (err) {
		err = -err;
		goto fail;
	}
	if (!c->slab_tag[0])
		snprintf(c->slab_tag, sizeof(c->slab_tag), "off: %s",
			 c->load_note[0] ? c->load_note : "not requested");
	for (uint32_t cpu = 0; cpu < c->nr_cpus; cpu++) {
		int outer = bpf_map__fd(c->skel->maps.ringbufs);

		if (bpf_map_update_elem(outer, &cpu, &c->rb_fds[cpu], BPF_ANY)) {
			err = errno;
			set_err(o, "%s: %s", "installing the per-CPU ring buffers", err);
			goto fail;
		}
		if (!cpu)
			c->rb = ring_buffer__new(c->rb_fds[0], on_record, c, NULL);
		else if (c->rb && ring_buffer__add(c->rb, c->rb_fds[cpu], on_record, c))
			err = errno;
		if (!c->rb && !err)
			err = errno;
		if (err) {
			set_err(o, "%s: %s", "mapping the ring buffers", err);
			goto fail;
		}
	}
	if (bpf_program__fd(c->skel->progs.calib_raw) >= 0)
		calibrate(c, c->page_struct_bytes);
	else
		snprintf(c->calib_note, sizeof(c->calib_note), "not needed");
	c->skel->bss->vmemmap_addr = c->vmemmap;
	/* attach */
	err = attach(c, what, sizeof(what));
	if (err) {
		err = -err;
		set_err(o, "%s: %s", what, err);
		goto fail;
	}
	return c;
fail:
	collector__free(c);
	errno = err ? err : ENOMEM;
	return NULL;
}

int collector__describe(const struct collector *c, const struct collector_stats *st, char *buf,
			size_t len)
{
	size_t n = 0;

#define PUT(...)                                                                   \
	do {                                                                       \
		int k_ = snprintf(buf + n, n < len ? len - n : 0, __VA_ARGS__);     \
		n += k_ > 0 ? (size_t)k_ : 0;                                      \
	} while (0)
	PUT("programs:");
	for (unsigned int t = 1; t < MM_EV__NR; t++)
		if (c->via[t])
			PUT(" %s=%s", mm_event_type_name(t), c->via[t]);
	PUT("\n");
	if (c->load_note[0])
		PUT("fallback: %s\n", c->load_note);
	if (c->vmemmap)
		PUT("vmemmap: calibrated (%llu page faults agree)\n", (unsigned long long)c->calib_agree);
	else
		PUT("vmemmap: %s\n", c->calib_note);
	PUT("slab_tag: %s\n", c->slab_on ? "on" : "off");
	PUT("slab_tag_via: %s\n", c->slab_tag);
	if (!c->tgid)
		PUT("filter: system-wide\n");
	else
		PUT("filter: tgid %u%s\n", c->tgid, c->follow ? " and its descendants" : "");
	PUT("redacted: %s\n", c->redact ? "call_site ptr (SipHash-2-4, per-recording key)" : "no");
	/* at the end snapshot: the kernel's recursion_misses per attached program so far */
	if (st) {
		size_t before;

		PUT("misses:");
		before = n;
		for (size_t i = 0; i < c->nr_links; i++) {
			uint64_t m = one_prog_misses(c->attached[i]);

			if (m)
				PUT(" %s=%llu", bpf_program__name(c->attached[i]), (unsigned long long)m);
		}
		if (n == before)
			PUT(" none");
		PUT("\n");
		PUT("nested_hits_recorded: %llu\n", (unsigned long long)covered_total(c));
	}
#undef PUT
	return n < len ? 0 : -ENOSPC;
}

void collector__free(struct collector *c)
{
	if (!c)
		return;
	detach_all(c);
	free(c->attached);
	ring_buffer__free(c->rb);
	mmtrace_bpf__destroy(c->skel);
	if (c->rb_fds)
		for (uint32_t i = 0; i < c->nr_cpus; i++)
			if (c->rb_fds[i] >= 0)
				close(c->rb_fds[i]);
	free(c->rb_fds);
	free(c->drops_seen);
	free(c->q);
	free(c->names);
	free(c);
}
