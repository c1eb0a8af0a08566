// SPDX-License-Identifier: GPL-2.0-only
/*
 * A large synthetic trace for the replay benchmark (cmd/tests/bench_replay.sh): the start
 * snapshot of an existing trace, then N events of page and slab churn that a follow-mode
 * replay of that snapshot explains without one inconsistency.
 *
 * Usage: gen_trace [--slab-heavy] SNAPSHOT_TRACE N OUT.mmt
 *
 * --slab-heavy: the same page churn with twelve slab chances per fault instead of two,
 * mostly kmalloc/kfree, every kmalloc's bytes_alloc its size class's, objects packed in a
 * region per size class or cache (so a pointer's slab holds one cache's objects), and
 * every free of an object the trace allocated: about eight events in ten are slab events
 * (the SLUB model's benchmark, cmd/tests/bench_replay.sh).
 *
 * The snapshot must hold the kpageflags free-block map (mmtrace/free_blocks), so the
 * generator knows which pages are free. It takes its pages only from the free blocks of the
 * highest populated zone and keeps the state of every page it touched:
 *
 *   buddy    a pool per request type: movable base pages (from order >= 9 blocks), THP
 *            order-9 blocks (every 4th of those), unmovable base pages (the smaller
 *            blocks, which sit in the mixed pageblocks the engine types UNMOVABLE)
 *   pcp      one list per CPU and pcp index, as the kernel's: mm_page_free puts a page at
 *            the head, mm_page_alloc takes the head, a refill (rmqueue_bulk(),
 *            mm_page_alloc_zone_locked with percpu_refill) appends pcp->batch pages at the
 *            tail, and a list above pcp->high drains pcp->batch pages from the tail
 *            (free_pcppages_bulk(), mm_page_pcpu_drain) back to the buddy pool
 *   in use   the pages a simulated task holds
 *
 * The workload mimics cmd/tests/e2e/workload_churn.c as testdata/traces/host-churn.mmt
 * recorded it (`mmtrace info` of that trace: per iteration about 67 mm_page_alloc,
 * 67 mm_page_free, 65 mm_page_free_batched, 30 kmem_cache_alloc, 27 kmem_cache_free,
 * 4 kmalloc, 9 kfree, and a drain or refill now and then): 64 anonymous pages faulted in
 * (GFP_HIGHUSER_MOVABLE|__GFP_ZERO|__GFP_COMP) and unmapped in folio batches of 31
 * (mm_page_free, then mm_page_free_batched for the batch), page tables and pipe buffers
 * (GFP_NOWAIT, GFP_HIGHUSER|__GFP_ACCOUNT, GFP_KERNEL_ACCOUNT), an order-9 THP every 64th
 * iteration, one page in 16 kept in a long-lived set (page cache) that kswapd frees on
 * the other CPU as it wraps, and the task moving between the two CPUs now and then, so
 * one CPU's pcp lists drain while the other's refill. Timestamps are nanoseconds, monotonic, 120-420 ns
 * apart. The output is deterministic for a given snapshot and N.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../reader.h"
#include "../snapshot_parse.h"
#include "../writer.h"

/* gfp bits of 6.x (include/linux/gfp_types.h; the print fmt of kmem:mm_page_alloc) */
#define GFP_KERNEL 0xcc0ull			/* __GFP_RECLAIM | __GFP_IO | __GFP_FS */
#define GFP_NOWAIT 0x2800ull			/* __GFP_KSWAPD_RECLAIM | __GFP_NOWARN */
#define GFP_HIGHUSER_MOVABLE 0x100ccaull	/* GFP_USER | __GFP_HIGHMEM | __GFP_MOVABLE */
#define GFP_HIGHUSER 0x100cc2ull
#define __GFP_ZERO 0x100ull
#define __GFP_COMP 0x40000ull
#define __GFP_ACCOUNT 0x400000ull
#define __GFP_NORETRY 0x10000ull
#define __GFP_THISNODE 0x200000ull
#define GFP_TRANSHUGE 0x1c24caull		/* GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM */

/* enum migratetype (include/linux/mmzone.h) */
#define MIGRATE_UNMOVABLE 0
#define MIGRATE_MOVABLE 1

#define THP_ORDER 9			/* HPAGE_PMD_ORDER on x86-64 with 4K pages */
#define NR_FAULT_PAGES 64		/* workload_churn.c: pages mapped per iteration */
#define FOLIO_BATCH 31			/* PAGEVEC_SIZE / folio_batch: frees per batch */
#define NR_LONG_LIVED 8192		/* page-cache-like pages alive at once */
#define CHURN_PID 3652			/* the pids of host-churn.mmt's churn and kswapd0 */
#define KSWAPD_PID 47
#define NR_SLAB_LIVE 4096		/* slab objects alive at once */
#define MAX_CPUS 2
/* pcp lists used here: order-0 UNMOVABLE, order-0 MOVABLE, THP (order_to_pindex()) */
enum { PL_UNMOVABLE, PL_MOVABLE, PL_THP, PL__NR };

/* A deque of pfns (a pcp list or a buddy pool): push/pop at either end. */
struct deque {
	uint64_t *v;
	size_t cap;	/* a power of two */
	size_t head;
	size_t len;
};

static int deque_init(struct deque *d, size_t cap)
{
	size_t c = 16;

	while (c < cap)
		c <<= 1;
	d->v = malloc(c * sizeof(*d->v));
	d->cap = c;
	d->head = 0;
	d->len = 0;
	return d->v ? 0 : -ENOMEM;
}

static void push_head(struct deque *d, uint64_t pfn)
{
	d->head = (d->head - 1) & (d->cap - 1);
	d->v[d->head] = pfn;
	d->len++;
}

static void push_tail(struct deque *d, uint64_t pfn)
{
	d->v[(d->head + d->len) & (d->cap - 1)] = pfn;
	d->len++;
}

static uint64_t pop_head(struct deque *d)
{
	uint64_t pfn = d->v[d->head];

	d->head = (d->head + 1) & (d->cap - 1);
	d->len--;
	return pfn;
}

static uint64_t pop_tail(struct deque *d)
{
	d->len--;
	return d->v[(d->head + d->len) & (d->cap - 1)];
}

struct slab_obj {
	uint64_t ptr;
	uint64_t call_site;
	uint32_t cache;		/* string id; 0 for kmalloc */
	uint32_t pad;
};

struct gen {
	struct trace_writer *w;
	uint64_t rng;
	uint64_t ts_ns;
	uint64_t nr_left;	/* events still to write */
	uint32_t cpu;
	int32_t pid;
	int err;

	struct deque buddy[PL__NR];		/* free pages (THP: order-9 blocks) */
	struct deque pcp[MAX_CPUS][PL__NR];
	/* per CPU, in base pages, as struct per_cpu_pages: count, the auto-tuned high
	 * (6.7+) between high_min and high_max, free_count; from the snapshot's pagesets */
	int32_t count[MAX_CPUS], high[MAX_CPUS], free_count[MAX_CPUS];
	int32_t high_min, high_max, pcp_batch;
	uint64_t next_decay_ns;
	struct deque long_lived;

	struct slab_obj slab[NR_SLAB_LIVE];
	size_t slab_head, slab_len;
	uint32_t caches[6];
	bool slab_heavy;
	uint64_t next_in_class[11];	/* --slab-heavy: objects placed per size class / cache */
	uint64_t next_obj;
};

/* xorshift64*: fast and deterministic; the quality is plenty for a workload mix */
static uint32_t rnd(struct gen *g, uint32_t n)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return (uint32_t)((g->rng * 0x2545f4914f6cdd1dull) >> 32) % n;
}

static void emit(struct gen *g, struct mm_event *ev)
{
	if (!g->nr_left || g->err)
		return;
	g->ts_ns += 120 + rnd(g, 300);
	ev->ts_ns = g->ts_ns;
	ev->cpu = g->cpu;
	ev->pid = g->pid;
	g->err = trace_writer__append(g->w, ev);
	g->nr_left--;
}

static void emit_page(struct gen *g, uint16_t type, uint64_t pfn, uint32_t order, int32_t mt, uint64_t gfp)
{
	struct mm_event ev = { .type = type };

	switch (type) {
	case MM_EV_PAGE_ALLOC:
		ev.page_alloc.pfn = pfn;
		ev.page_alloc.order = order;
		ev.page_alloc.migratetype = mt;
		ev.page_alloc.gfp = gfp;
		break;
	case MM_EV_PAGE_ALLOC_ZONE_LOCKED:
		ev.zone_locked.pfn = pfn;
		ev.zone_locked.order = order;
		ev.zone_locked.migratetype = mt;
		ev.zone_locked.percpu_refill = 1;
		break;
	case MM_EV_PAGE_PCPU_DRAIN:
		ev.pcpu_drain.pfn = pfn;
		ev.pcpu_drain.order = order;
		ev.pcpu_drain.migratetype = mt;
		break;
	case MM_EV_PAGE_FREE:
		ev.page_free.pfn = pfn;
		ev.page_free.order = order;
		break;
	default:
		ev.page_free_batched.pfn = pfn;
		break;
	}
	emit(g, &ev);
}

static uint32_t list_order(int pl)
{
	return pl == PL_THP ? THP_ORDER : 0;
}

static int32_t list_mt(int pl)
{
	return pl == PL_UNMOVABLE ? MIGRATE_UNMOVABLE : MIGRATE_MOVABLE;
}

/*
 * rmqueue_pcplist(): the head of this CPU's list, after a refill of pcp->batch pages
 * (nr_pcp_alloc(): max(batch >> order, 2) blocks of a higher order) when it is empty.
 */
static uint64_t page_alloc(struct gen *g, int pl, uint64_t gfp)
{
	struct deque *l = &g->pcp[g->cpu][pl];
	uint32_t order = list_order(pl);

	if (!l->len) {
		int32_t n = g->pcp_batch >> order;

		if (n < 2)
			n = 2;
		for (int32_t i = 0; i < n && g->buddy[pl].len; i++) {
			uint64_t pfn = pop_head(&g->buddy[pl]);

			emit_page(g, MM_EV_PAGE_ALLOC_ZONE_LOCKED, pfn, order, list_mt(pl), 0);
			push_tail(l, pfn);
			g->count[g->cpu] += 1 << order;
		}
		if (!l->len) {
			g->err = -ENOSPC;	/* the pool ran dry: the snapshot is too small */
			return 0;
		}
	}
	g->count[g->cpu] -= 1 << order;
	/* rmqueue_pcplist(): an allocation halves the run of frees */
	g->free_count[g->cpu] >>= 1;
	{
		uint64_t pfn = pop_head(l);

		emit_page(g, MM_EV_PAGE_ALLOC, pfn, order, list_mt(pl), gfp);
		return pfn;
	}
}

/*
 * free_pcppages_bulk(): nr base pages from the tails of cpu's lists, the list of pl first,
 * then the others in turn. A drained page goes to the head or the tail of its pool, as
 * __free_one_page() files merged blocks either way, so the pool is cycled through rather
 * than reused from one end only.
 */
static void pcp_drain(struct gen *g, uint32_t cpu, int pl, int32_t nr)
{
	uint32_t saved = g->cpu;

	g->cpu = cpu;
	for (int k = 0; k < PL__NR && nr > 0; k++) {
		int l = (pl + k) % PL__NR;
		struct deque *d = &g->pcp[cpu][l];

		while (nr > 0 && d->len) {
			uint64_t p = pop_tail(d);

			emit_page(g, MM_EV_PAGE_PCPU_DRAIN, p, list_order(l), list_mt(l), 0);
			if (rnd(g, 2))
				push_head(&g->buddy[l], p);
			else
				push_tail(&g->buddy[l], p);
			g->count[cpu] -= 1 << list_order(l);
			nr -= 1 << list_order(l);
		}
	}
	g->cpu = saved;
}

/*
 * free_unref_page_commit() (6.7+): the page goes to the head of this CPU's list; a run of
 * frees (free_count >= batch) raises pcp->high by batch up to high_max, and a count at or
 * above high drains pcp->batch pages (nr_pcp_free() without the scaling).
 */
static void page_free(struct gen *g, int pl, uint64_t pfn, bool batched)
{
	uint32_t order = list_order(pl), c = g->cpu;

	if (!batched)
		emit_page(g, MM_EV_PAGE_FREE, pfn, order, 0, 0);
	push_head(&g->pcp[c][pl], pfn);
	g->count[c] += 1 << order;
	if (g->free_count[c] < g->pcp_batch << 5)
		g->free_count[c] += 1 << order;
	if (g->free_count[c] >= g->pcp_batch && g->high[c] < g->high_max)
		g->high[c] = g->high[c] + g->pcp_batch < g->high_max ? g->high[c] + g->pcp_batch
								      : g->high_max;
	if (g->count[c] >= g->high[c])
		pcp_drain(g, c, pl, g->pcp_batch > (1 << order) ? g->pcp_batch : 1 << order);
}

/*
 * decay_pcp_high(), from vmstat_update() once a second: high drops by an eighth towards
 * high_min, and what the list holds above it is drained.
 */
static void pcp_decay(struct gen *g)
{
	if (g->ts_ns < g->next_decay_ns)
		return;
	g->next_decay_ns = g->ts_ns + 1000000000ull;
	for (uint32_t c = 0; c < MAX_CPUS; c++) {
		int32_t h = g->high[c] - (g->high[c] >> 3);

		g->high[c] = h > g->high_min ? h : g->high_min;
		if (g->count[c] > g->high[c])
			pcp_drain(g, c, PL_MOVABLE, g->count[c] - g->high[c]);
	}
}

/* kernel text addresses for call sites: made up, stable, in the x86-64 text range */
static uint64_t call_site(uint32_t cache)
{
	return 0xffffffff81200000ull + cache * 0x1c40ull + 0x3b;
}

static void slab_alloc(struct gen *g, bool kmalloc)
{
	struct mm_event ev = { .type = kmalloc ? MM_EV_KMALLOC : MM_EV_KMEM_CACHE_ALLOC };
	static const uint32_t sizes[] = { 64, 192, 256, 512, 1024 };
	uint32_t ci = kmalloc ? 0 : rnd(g, 6), c = kmalloc ? 0 : g->caches[ci];
	struct slab_obj *o;

	if (g->slab_len == NR_SLAB_LIVE)
		return;
	o = &g->slab[(g->slab_head + g->slab_len++) % NR_SLAB_LIVE];
	/* a direct-map address, 64-byte steps, never reused within the trace */
	o->ptr = 0xffff888100000000ull + (g->next_obj++ << 6);
	o->cache = c;
	o->call_site = call_site(c) + (kmalloc ? 0x100 : 0);
	ev.alloc.call_site = o->call_site;
	ev.alloc.ptr = o->ptr;
	ev.alloc.bytes_req = kmalloc ? sizes[rnd(g, 5)] - rnd(g, 16) : 208;
	ev.alloc.bytes_alloc = kmalloc ? sizes[rnd(g, 5)] : 256;
	if (g->slab_heavy) {
		/* kmalloc_size_roundup() of what was asked (no 96/192 class is crossed) */
		uint32_t i = kmalloc ? rnd(g, 5) : 5 + ci;
		uint64_t size = kmalloc ? sizes[i] : 256;

		if (kmalloc) {
			ev.alloc.bytes_req = sizes[i] - rnd(g, 16);
			ev.alloc.bytes_alloc = sizes[i];
		}
		/* one 1 GiB region per size class or cache, objects packed in it: pointers
		 * rounded down to any slab size stay within one cache, as real slabs do; the
		 * addresses cycle through 65536 slots (far more than NR_SLAB_LIVE objects are
		 * ever live), so slabs get reused as a kernel's would */
		o->ptr = 0xffff888100000000ull + ((uint64_t)i << 30) +
			 (g->next_in_class[i]++ % 65536) * size;
		ev.alloc.ptr = o->ptr;
	}
	if (ev.alloc.bytes_alloc < ev.alloc.bytes_req)
		ev.alloc.bytes_alloc = ev.alloc.bytes_req;
	ev.alloc.gfp = GFP_KERNEL;
	ev.alloc.node = -1;
	ev.alloc.cache = c;
	emit(g, &ev);
}

/* Frees the oldest live object; kfree also frees objects allocated before the trace. */
static void slab_free(struct gen *g, bool kfree)
{
	struct mm_event ev = { .type = kfree ? MM_EV_KFREE : MM_EV_KMEM_CACHE_FREE };

	if (g->slab_len && (!kfree || g->slab_heavy || rnd(g, 2))) {
		struct slab_obj *o = &g->slab[g->slab_head];

		g->slab_head = (g->slab_head + 1) % NR_SLAB_LIVE;
		g->slab_len--;
		ev.type = o->cache ? MM_EV_KMEM_CACHE_FREE : MM_EV_KFREE;
		ev.free.ptr = o->ptr;
		ev.free.call_site = o->call_site + 0x80;
		ev.free.cache = o->cache;
	} else {
		ev.type = MM_EV_KFREE;
		ev.free.ptr = 0xffff888080000000ull + ((uint64_t)rnd(g, 1u << 20) << 6);
		ev.free.call_site = call_site(7);
	}
	emit(g, &ev);
}

/*
 * Slab operations spread over an iteration, two chances per page fault, in host-churn's
 * proportions (per iteration ~30 kmem_cache_alloc, ~27 kmem_cache_free, ~4 kmalloc and
 * ~9 kfree: per mille of a chance 227, 204, 33, 65).
 */
static void maybe_slab(struct gen *g)
{
	for (int i = 0; i < (g->slab_heavy ? 12 : 2); i++) {
		uint32_t r = rnd(g, 1000);

		if (g->slab_heavy) {
			/* kmalloc 35%, kfree 35%, kmem_cache_alloc 15%, kmem_cache_free 15% */
			if (r < 350)
				slab_alloc(g, true);
			else if (r < 700)
				slab_free(g, true);
			else if (r < 850)
				slab_alloc(g, false);
			else
				slab_free(g, false);
			continue;
		}

		if (r < 227)
			slab_alloc(g, false);
		else if (r < 431)
			slab_free(g, false);
		else if (r < 464)
			slab_alloc(g, true);
		else if (r < 529)
			slab_free(g, true);
	}
}

static void iteration(struct gen *g, uint64_t it)
{
	uint64_t pages[NR_FAULT_PAGES], kernel[4];
	uint32_t nr_pages = 0, nr_kernel = 0;
	uint64_t thp = 0;
	bool have_thp = it % 64 == 63;

	pcp_decay(g);
	/* the scheduler moves the task now and then */
	if (!rnd(g, 12))
		g->cpu = (g->cpu + 1) % MAX_CPUS;
	/* page table and pipe/socket buffers */
	kernel[nr_kernel++] = page_alloc(g, PL_UNMOVABLE, GFP_NOWAIT);
	kernel[nr_kernel++] = page_alloc(g, PL_UNMOVABLE, GFP_HIGHUSER | __GFP_ACCOUNT);
	if (!rnd(g, 4))
		kernel[nr_kernel++] = page_alloc(g, PL_UNMOVABLE,
						 GFP_KERNEL | __GFP_ACCOUNT | __GFP_ZERO | __GFP_COMP);
	for (uint32_t i = 0; i < NR_FAULT_PAGES; i++) {
		uint64_t pfn = page_alloc(g, PL_MOVABLE, GFP_HIGHUSER_MOVABLE | __GFP_ZERO | __GFP_COMP);

		maybe_slab(g);
		if (rnd(g, 16)) {
			pages[nr_pages++] = pfn;
			continue;
		}
		/* into the long-lived set; kswapd reclaims the oldest there on the other CPU */
		if (g->long_lived.len == NR_LONG_LIVED) {
			uint32_t cpu = g->cpu;
			int32_t pid = g->pid;

			g->cpu = (cpu + 1) % MAX_CPUS;
			g->pid = KSWAPD_PID;
			page_free(g, PL_MOVABLE, pop_head(&g->long_lived), false);
			g->cpu = cpu;
			g->pid = pid;
		}
		push_tail(&g->long_lived, pfn);
	}
	if (have_thp)
		thp = page_alloc(g, PL_THP, GFP_TRANSHUGE | __GFP_NORETRY | __GFP_THISNODE);
	/* a preemption between fault-in and unmap: the frees land on the other CPU */
	if (!rnd(g, 24))
		g->cpu = (g->cpu + 1) % MAX_CPUS;
	/* munmap: folio batches of mm_page_free, then mm_page_free_batched for the batch */
	for (uint32_t i = 0; i < nr_pages; i += FOLIO_BATCH) {
		uint32_t n = nr_pages - i < FOLIO_BATCH ? nr_pages - i : FOLIO_BATCH;

		for (uint32_t j = 0; j < n; j++)
			emit_page(g, MM_EV_PAGE_FREE, pages[i + j], 0, 0, 0);
		for (uint32_t j = 0; j < n; j++) {
			emit_page(g, MM_EV_PAGE_FREE_BATCHED, pages[i + j], 0, 0, 0);
			page_free(g, PL_MOVABLE, pages[i + j], true);
		}
		maybe_slab(g);
	}
	if (have_thp)
		page_free(g, PL_THP, thp, false);
	for (uint32_t i = 0; i < nr_kernel; i++)
		page_free(g, PL_UNMOVABLE, kernel[i], false);
}

/* The highest populated zone with free blocks: where user and most kernel pages come from. */
static const struct mm_zone *pick_zone(const struct mm_machine *m)
{
	const struct mm_zone *best = NULL;

	for (uint32_t i = 0; i < m->nr_zones; i++)
		if (m->zones[i].has & MM_ZONE_HAS_START_PFN && m->zones[i].spanned_pages &&
		    (!best || m->zones[i].managed_pages > best->managed_pages))
			best = &m->zones[i];
	return best;
}

static int fill_pools(struct gen *g, const struct mm_machine *m, const struct mm_zone *z)
{
	struct mm_pfn_map_iter it;
	uint64_t pfn, order, nr_big = 0, end = z->zone_start_pfn + z->spanned_pages;
	int ret;

	for (int pl = 0; pl < PL__NR; pl++)
		if (deque_init(&g->buddy[pl], m->free_blocks.nr_pages + 1))
			return -ENOMEM;
	mm_free_block_iter__init(&it, &m->free_blocks);
	while ((ret = mm_pfn_map_iter__next(&it, &pfn, &order)) > 0) {
		if (pfn < z->zone_start_pfn || pfn + (1ull << order) > end)
			continue;
		if (order >= THP_ORDER && nr_big++ % 4 == 3) {
			for (uint64_t p = pfn; p < pfn + (1ull << order); p += 1ull << THP_ORDER)
				push_tail(&g->buddy[PL_THP], p);
		} else if (order >= THP_ORDER) {
			for (uint64_t p = pfn; p < pfn + (1ull << order); p++)
				push_tail(&g->buddy[PL_MOVABLE], p);
		} else {
			for (uint64_t p = pfn; p < pfn + (1ull << order); p++)
				push_tail(&g->buddy[PL_UNMOVABLE], p);
		}
	}
	if (ret < 0)
		return ret;
	/* too few small blocks: one large block's pages for the kernel's allocations */
	while (g->buddy[PL_UNMOVABLE].len < 8192 && g->buddy[PL_MOVABLE].len > 8192 + 1024)
		for (int i = 0; i < 1024; i++)
			push_tail(&g->buddy[PL_UNMOVABLE], pop_tail(&g->buddy[PL_MOVABLE]));
	if (g->buddy[PL_MOVABLE].len < 4 * NR_LONG_LIVED || g->buddy[PL_THP].len < 8)
		return -ENOSPC;
	return 0;
}

int main(int argc, char **argv)
{
	struct trace_writer_opts wo = { 0 };
	struct parse_err perr = { 0 };
	struct gen g = { .rng = 0x9e3779b97f4a7c15ull, .pid = CHURN_PID };
	struct trace_reader *r = NULL;
	const struct snap_files *snap;
	const struct mm_zone *z;
	struct trace_header h;
	struct trace_sink sink;
	struct mm_machine m;
	const char *msg = NULL;
	char *endp;
	uint64_t n;
	int fd = -1, ret = 3;

	if (argc == 5 && !strcmp(argv[1], "--slab-heavy")) {
		g.slab_heavy = true;
		argv++;
		argc--;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: gen_trace [--slab-heavy] SNAPSHOT_TRACE N OUT.mmt\n");
		return 2;
	}
	n = strtoull(argv[2], &endp, 10);
	if (*endp || !n) {
		fprintf(stderr, "gen_trace: N must be a positive number of events\n");
		return 2;
	}
	mm_machine__init(&m);
	r = trace_reader__open(argv[1], &msg);
	if (!r) {
		fprintf(stderr, "gen_trace: %s: %s\n", argv[1], msg);
		goto out;
	}
	snap = trace_reader__snapshot(r, SNAP_START);
	if (!snap || mm_machine__from_snapshot(&m, snap, &perr)) {
		fprintf(stderr, "gen_trace: %s: no usable start snapshot (%s: %s)\n", argv[1], perr.file,
			perr.msg);
		goto out;
	}
	z = pick_zone(&m);
	if (!(m.has & MM_MACHINE_HAS_FREE_BLOCKS) || !z) {
		fprintf(stderr, "gen_trace: %s: the snapshot has no kpageflags free-block map\n", argv[1]);
		goto out;
	}
	/* 63 and 4 * batch: zone_batchsize() and high_min on a small zone without the values */
	g.pcp_batch = z->nr_pagesets && z->pagesets[0].batch > 0 ? z->pagesets[0].batch : 63;
	g.high_max = 4 * g.pcp_batch;
	for (uint32_t c = 0; c < z->nr_pagesets; c++)
		if (z->pagesets[c].high > g.high_max)
			g.high_max = z->pagesets[c].high;
	g.high_min = 4 * g.pcp_batch;
	if (z->nr_pagesets && z->pagesets[0].has_high_min_max) {
		g.high_min = z->pagesets[0].high_min;
		g.high_max = z->pagesets[0].high_max;
	}
	for (uint32_t c = 0; c < MAX_CPUS; c++)
		g.high[c] = c < z->nr_pagesets && z->pagesets[c].high > 0 ? z->pagesets[c].high : g.high_min;
	if (fill_pools(&g, &m, z)) {
		fprintf(stderr, "gen_trace: %s: zone %s has too few free pages to churn\n", argv[1],
			z->name);
		goto out;
	}
	if (deque_init(&g.long_lived, NR_LONG_LIVED))
		goto out;
	for (int c = 0; c < MAX_CPUS; c++)
		for (int pl = 0; pl < PL__NR; pl++)
			if (deque_init(&g.pcp[c][pl], (size_t)g.high_max + 2 * (size_t)g.pcp_batch + 4))
				goto out;

	h = *trace_reader__header(r);
	if (h.nr_cpus < MAX_CPUS)
		h.nr_cpus = MAX_CPUS;
	h.source = MMT_SOURCE_SYNTHETIC;
	h.clock = MMT_CLOCK_SYNTHETIC;
	snprintf(h.tool, sizeof(h.tool), "mmtrace gen_trace");
	fd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		perror(argv[3]);
		ret = 4;
		goto out;
	}
	trace_sink_fd(&sink, &fd);
	g.w = trace_writer__new(&sink, &h, &wo);
	if (!g.w || trace_writer__snapshot(g.w, SNAP_START, h.start_ts_ns, snap)) {
		fprintf(stderr, "gen_trace: %s: %s\n", argv[3], strerror(errno));
		ret = 4;
		goto out;
	}
	{
		static const char *const names[6] = { "vm_area_struct", "anon_vma_chain", "anon_vma",
						      "maple_node", "filp", "skbuff_head_cache" };

		for (int i = 0; i < 6; i++)
			g.caches[i] = trace_writer__intern(g.w, names[i]);
	}
	g.ts_ns = h.start_ts_ns + 1000;
	g.nr_left = n;
	for (uint64_t it = 0; g.nr_left && !g.err; it++)
		iteration(&g, it);
	if (g.err == -ENOSPC) {
		fprintf(stderr, "gen_trace: %s: free pages ran out\n", argv[1]);
		goto out;
	}
	fprintf(stderr, "gen_trace: %" PRIu64 " events, zone %s, pcp batch %d high %d..%d\n", n,
		z->name, g.pcp_batch, g.high_min, g.high_max);
	ret = trace_writer__finish(g.w, MMT_STOP_END, g.ts_ns);
	if (ret || g.err) {
		fprintf(stderr, "gen_trace: %s: %s\n", argv[3], strerror(-(ret ? ret : g.err)));
		ret = 4;
		goto out;
	}
	ret = 0;
out:
	trace_writer__free(g.w);
	if (fd >= 0 && close(fd) && !ret)
		ret = 4;
	if (ret && fd >= 0)
		unlink(argv[3]);
	for (int pl = 0; pl < PL__NR; pl++) {
		free(g.buddy[pl].v);
		for (int c = 0; c < MAX_CPUS; c++)
			free(g.pcp[c][pl].v);
	}
	free(g.long_lived.v);
	mm_machine__free(&m);
	trace_reader__close(r);
	return ret;
}
