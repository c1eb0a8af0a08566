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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../core/event.h"
#include "bpf/events.h"
#include "collector.h"
#include "mmtrace.skel.h"
#include "snapshot.h"
#include "writer.h"

#define DEFAULT_BUFFER_MB 8
#define DEFAULT_POLL_MS 100
/* Records older than a drain's start minus this are final (see the top comment). */
#define LATE_MARGIN_NS 10000000ull

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

/* The cache id of a slab record, learning its name when the record carries one. */
static uint32_t rec_cache(struct collector *c, const struct mmt_rec_slab *r, size_t size)
{
	uint32_t id;

	if (!(r->hdr.flags & MMT_RECF_HASH))
		return MM_STR_NONE;
	if ((r->hdr.flags & MMT_RECF_NAME) && size >= sizeof(struct mmt_rec_slab_named)) {
		const struct mmt_rec_slab_named *n = (const void *)r;
		char name[MMT_NAME_LEN];

		memcpy(name, n->name, sizeof(name));
		name[sizeof(name) - 1] = 0;
		id = name_lookup(c, r->name_hash);
		if (!id && name[0]) {
			id = trace_writer__intern(c->w, name);
			if (!id || name_add(c, r->name_hash, id)) {
				c->err = -ENOMEM;
				return MM_STR_NONE;
			}
		}
		return id;
	}
	id = name_lookup(c, r->name_hash);
	if (!id)
		c->st.nr_unnamed++;
	return id;
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
		ev.alloc.call_site = r->call_site;
		ev.alloc.ptr = r->ptr;
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
		ev.free.call_site = r->call_site;
		ev.free.ptr = r->ptr;
		ev.free.cache = rec_cache(c, r, size);
		break;
	}
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

/* The kernel's count of runs of our programs it skipped (bpf_prog_info.recursion_misses). */
static uint64_t prog_misses(struct collector *c)
{
	struct bpf_program *p;
	uint64_t n = 0;

	bpf_object__for_each_program(p, c->skel->obj) {
		struct bpf_prog_info info;
		uint32_t len = sizeof(info);
		int fd = bpf_program__fd(p);

		memset(&info, 0, sizeof(info));
		if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len))
			n += info.recursion_misses;
	}
	return n;
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
	mmtrace_bpf__detach(c->skel);
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

struct collector *collector__new(const struct collector_opts *o)
{
	uint32_t mb = o->buffer_mb ? o->buffer_mb : DEFAULT_BUFFER_MB;
	size_t rb_bytes = (size_t)mb << 20;
	struct collector *c;
	struct bpf_program *p;
	int ncpus, err = 0;

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

	/* open */
	c->skel = mmtrace_bpf__open();
	if (!c->skel) {
		err = errno;
		set_err(o, "%s: %s", "opening the BPF object", err);
		goto fail;
	}
	/* configure */
	c->skel->rodata->targ_tgid = o->tgid;
	c->skel->rodata->wake_bytes = rb_bytes / 4;
	for (uint32_t cpu = 0; cpu < c->nr_cpus; cpu++) {
		c->rb_fds[cpu] = bpf_map_create(BPF_MAP_TYPE_RINGBUF, NULL, 0, 0, (uint32_t)rb_bytes, NULL);
		if (c->rb_fds[cpu] < 0) {
			err = errno;
			set_err(o, "%s: %s", "creating the per-CPU ring buffers", err);
			goto fail;
		}
	}
	if (bpf_map__set_max_entries(c->skel->maps.ringbufs, c->nr_cpus) ||
	    bpf_map__set_inner_map_fd(c->skel->maps.ringbufs, c->rb_fds[0])) {
		err = errno ? errno : EINVAL;
		set_err(o, "%s: %s", "sizing the ring buffers", err);
		goto fail;
	}
	bpf_object__for_each_program(p, c->skel->obj) {
		unsigned int type = mm_event_type_from_name(bpf_program__name(p));
		bool want = !o->events || (type && (o->events & (1u << type)));

		if (!want || !tracepoint_exists("kmem", bpf_program__name(p)))
			bpf_program__set_autoload(p, false);
	}
	/* load */
	err = mmtrace_bpf__load(c->skel);
	if (err) {
		err = -err;
		set_err(o, "%s: %s", "loading the BPF programs", err);
		goto fail;
	}
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
	/* attach */
	err = mmtrace_bpf__attach(c->skel);
	if (err) {
		err = -err;
		set_err(o, "%s: %s", "attaching to the kmem tracepoints", err);
		goto fail;
	}
	return c;
fail:
	collector__free(c);
	errno = err ? err : ENOMEM;
	return NULL;
}

void collector__free(struct collector *c)
{
	if (!c)
		return;
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
