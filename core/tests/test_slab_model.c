// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SLUB model (core/slab_model.c): where objects go, which list a slab moves to, when
 * an empty slab is discarded, and the page a new slab takes. Each case builds one small
 * cache whose geometry is given as its sysfs attributes (objs_per_slab 2 or 4,
 * cpu_partial_slabs 2, min_partial 1), so a few events reach every rule. Hashed pointers
 * (below the kernel's address range) make the model place objects itself, in freelist
 * order: slab S1 takes objects 1 and 2, S2 objects 3 and 4, and so on.
 *
 * Drawings: [ab] is a slab holding objects a and b, [a.] one with a free slot; "cpu" is
 * the cpu slab, "pcp" the per-cpu partial list (head first), "node" the node partial
 * list, "full" a slab on no list.
 */
#include <stdlib.h>

#include "../engine.h"
#include "../internal.h"
#include "../slab_stats.h"
#include "buddy_layout.h"
#include "testlib.h"

enum { W_CPU = 1, W_CPU_PARTIAL = 2, W_NODE_PARTIAL = 3, W_FULL = 4 };

static const char *test_string(const void *ctx, uint32_t id)
{
	(void)ctx;
	return id == 1 ? "test-2k" : NULL;
}

/*
 * A 64-page Normal zone at pfn 0 with the free-block map `map`, and one cache "test-2k"
 * (slab_size 2048) of order `order`, min_partial 1 and cpu_partial_slabs 2.
 */
static struct mm_engine *slab_engine(const struct mm_profile *p, enum mm_mode mode, uint32_t order,
				     bool reclaim, const uint8_t *map, size_t map_len)
{
	struct mm_machine m;
	struct mm_zone z = { 0 };
	struct mm_slab_cache c = { 0 };
	/* the model's own slab pages: these tests feed slab events without page events */
	struct mm_engine_opts o = { .mode = mode, .nr_cpus = 2, .string = test_string,
				    .slab_pages = MM_SLAB_PAGES_MODEL };
	struct mm_kernel k;
	struct mm_engine *e;

	mm_machine__init(&m);
	snprintf(z.name, sizeof(z.name), "Normal");
	z.zone_idx = ZT_NORMAL;
	z.has = MM_ZONE_HAS_ZONEINFO | MM_ZONE_HAS_START_PFN;
	z.spanned_pages = z.present_pages = z.managed_pages = 64;
	m.zones = &z;
	m.nr_zones = 1;
	m.has |= MM_MACHINE_HAS_FREE_BLOCKS;
	m.free_blocks.data = (uint8_t *)map;
	m.free_blocks.len = map_len;
	c.name = "test-2k";
	c.has = 1u << MM_SLAB_OBJECT_SIZE | 1u << MM_SLAB_SLAB_SIZE | 1u << MM_SLAB_ORDER |
		1u << MM_SLAB_OBJS_PER_SLAB | 1u << MM_SLAB_MIN_PARTIAL |
		1u << MM_SLAB_CPU_PARTIAL_SLABS | 1u << MM_SLAB_RECLAIM_ACCOUNT;
	c.object_size = c.slab_size = 2048;
	c.order = order;
	c.objs_per_slab = (4096u << order) / 2048;
	c.min_partial = 1;
	c.cpu_partial_slabs = 2;
	c.reclaim_account = reclaim;
	m.slab_caches = &c;
	m.nr_slab_caches = 1;
	mm_kernel_resolve(&k, p->name, NULL);
	e = mm_engine__new(&k, &m, &o);
	return e;
}

static const uint8_t map_free[] = { 0, 5, 16, 4 };	/* order 5 at 0, order 4 at 48 */

static void cache_alloc(struct mm_engine *e, uint64_t ptr, uint32_t cpu)
{
	struct mm_event ev = { .type = MM_EV_KMEM_CACHE_ALLOC, .cpu = cpu };

	ev.alloc.ptr = ptr;
	ev.alloc.call_site = 0x1000;
	ev.alloc.bytes_req = 2000;
	ev.alloc.bytes_alloc = 2048;
	ev.alloc.gfp = 0xcc0;	/* GFP_KERNEL */
	ev.alloc.cache = 1;
	mm_engine__feed(e, &ev);
}

static void cache_free(struct mm_engine *e, uint64_t ptr, uint32_t cpu)
{
	struct mm_event ev = { .type = MM_EV_KMEM_CACHE_FREE, .cpu = cpu };

	ev.free.ptr = ptr;
	ev.free.cache = 1;
	mm_engine__feed(e, &ev);
}

static bool slab_is(const struct mm_engine *e, uint64_t ptr, uint32_t where, uint32_t inuse)
{
	uint32_t w = 0, n = 0, cpu = 0;

	if (slab_model_slab_state(e, ptr, &w, &n, &cpu)) {
		fprintf(stderr, "  object %#" PRIx64 " is not live\n", ptr);
		return false;
	}
	if (w != where || n != inuse) {
		fprintf(stderr, "  object %#" PRIx64 ": slab on list %u with %u objects, want %u with %u\n",
			ptr, w, n, where, inuse);
		return false;
	}
	return true;
}

/*
 * Refill order, one CPU, 2 objects per slab:
 *
 *   alloc 1 2 3      cpu [3.]   full [12]            (2 new slabs)
 *   free 1           cpu [3.]   pcp [.2]             (a full slab goes to the pcp list)
 *   alloc 4 5        cpu [25]   full [34]            (the pcp list refills the cpu slab)
 *
 * Expect 2 new slabs, 1 refill from the per-cpu partial list, none from the node list,
 * and object 5 in the slab that held 1 and 2, now the cpu slab.
 */
static bool check_refill_order(const struct mm_profile *p)
{
	struct mm_engine *e = slab_engine(p, MM_MODE_FOLLOW, 0, false, map_free, sizeof(map_free));
	const struct mm_slab_cache_stats *c;

	ASSERT_TRUE(e);
	cache_alloc(e, 1, 0);
	cache_alloc(e, 2, 0);
	cache_alloc(e, 3, 0);
	ASSERT_TRUE(slab_is(e, 1, W_FULL, 2));
	ASSERT_TRUE(slab_is(e, 3, W_CPU, 1));
	cache_free(e, 1, 0);
	ASSERT_TRUE(slab_is(e, 2, W_CPU_PARTIAL, 1));
	cache_alloc(e, 4, 0);
	cache_alloc(e, 5, 0);
	ASSERT_TRUE(slab_is(e, 5, W_CPU, 2));
	ASSERT_TRUE(slab_is(e, 2, W_CPU, 2));
	ASSERT_TRUE(slab_is(e, 3, W_FULL, 2));
	c = &mm_engine__slab_stats(e)->caches[0];
	ASSERT_EQ(c->nr_refill_new_slab, 2);
	ASSERT_EQ(c->nr_refill_cpu_partial, 1);
	ASSERT_EQ(c->nr_refill_node_partial, 0);
	ASSERT_EQ(c->nr_slabs_alloc, 2);
	ASSERT_EQ(c->nr_alloc, 5);
	ASSERT_EQ(c->nr_free, 1);
	ASSERT_EQ(c->nr_live_end, 4);
	ASSERT_EQ(c->nr_cpu_partial_end, 0);
	ASSERT_EQ(c->waste_internal_bytes, 5 * 48);
	ASSERT_EQ(c->waste_tail_bytes, 0);
	ASSERT_EQ(c->nr_slabs_no_page, 2);	/* follow mode, no page events */
	mm_engine__free(e);
	return true;
}

TEST(slab_refill_order)
{
	for_each_profile(check_refill_order);
	return true;
}

/*
 * put_cpu_partial() drain, then discard, one CPU, 2 objects per slab, cpu_partial_slabs 2,
 * min_partial 1:
 *
 *   alloc 1..8       cpu [78]   full S1 [12]  S2 [34]  S3 [56]
 *   free 1 2         pcp S1 [..]                     (S1 is left alone on the pcp list)
 *   free 3           pcp S2 [.4] S1 [..]             (head first)
 *   free 5           pcp S3 [.6]   node S2 [.4]      (pcp held 2: drained head first;
 *                                                     S2 to the node list, then S1, empty
 *                                                     with nr_partial 1 >= 1: discarded)
 *   free 4           pcp S3 [.6]   node (empty)      (S2 empty on the node list with
 *                                                     nr_partial 1 >= 1: discarded)
 *
 * Expect one drain, two slabs freed, S3 alone on the per-cpu list at the end.
 */
static bool check_drain_discard(const struct mm_profile *p)
{
	struct mm_engine *e = slab_engine(p, MM_MODE_FOLLOW, 0, false, map_free, sizeof(map_free));
	const struct mm_slab_cache_stats *c;

	ASSERT_TRUE(e);
	for (uint64_t i = 1; i <= 8; i++)
		cache_alloc(e, i, 0);
	cache_free(e, 1, 0);
	cache_free(e, 2, 0);
	cache_free(e, 3, 0);
	ASSERT_TRUE(slab_is(e, 4, W_CPU_PARTIAL, 1));
	cache_free(e, 5, 0);
	ASSERT_TRUE(slab_is(e, 6, W_CPU_PARTIAL, 1));
	ASSERT_TRUE(slab_is(e, 4, W_NODE_PARTIAL, 1));
	c = &mm_engine__slab_stats(e)->caches[0];
	ASSERT_EQ(c->nr_cpu_partial_drains, 1);
	ASSERT_EQ(c->nr_node_partial_end, 1);
	ASSERT_EQ(c->nr_slabs_free, 1);
	cache_free(e, 4, 0);
	c = &mm_engine__slab_stats(e)->caches[0];
	ASSERT_EQ(c->nr_slabs_free, 2);
	ASSERT_EQ(c->nr_node_partial_end, 0);
	ASSERT_EQ(c->nr_cpu_partial_end, 1);
	ASSERT_EQ(c->nr_slabs_live_end, 2);
	mm_engine__free(e);
	return true;
}

TEST(slab_drain_discard)
{
	for_each_profile(check_drain_discard);
	return true;
}

/*
 * Remote free and the node refill, two CPUs, 2 objects per slab:
 *
 *   cpu0: alloc 1 2 3    cpu0 [3.]   full [12]
 *   cpu1: free 3         cpu0 [..]                   (remote free to cpu0's frozen slab:
 *                                                     it stays cpu0's cpu slab)
 *   cpu1: free 1         pcp1 [.2]                   (the full slab goes to the list of
 *                                                     the CPU that freed into it)
 *   cpu1: alloc 4 5      cpu1 [42] full, then [5.]   (cpu1 refills from its own pcp
 *                                                     list, then a new slab)
 *
 * Expect 1 remote free, 1 refill from the per-cpu list, 3 new slabs.
 */
static bool check_remote_free(const struct mm_profile *p)
{
	struct mm_engine *e = slab_engine(p, MM_MODE_FOLLOW, 0, false, map_free, sizeof(map_free));
	const struct mm_slab_cache_stats *c;

	ASSERT_TRUE(e);
	cache_alloc(e, 1, 0);
	cache_alloc(e, 2, 0);
	cache_alloc(e, 3, 0);
	cache_free(e, 3, 1);
	cache_free(e, 1, 1);
	ASSERT_TRUE(slab_is(e, 2, W_CPU_PARTIAL, 1));
	cache_alloc(e, 4, 1);
	ASSERT_TRUE(slab_is(e, 4, W_CPU, 2));
	cache_alloc(e, 5, 1);
	ASSERT_TRUE(slab_is(e, 5, W_CPU, 1));
	c = &mm_engine__slab_stats(e)->caches[0];
	ASSERT_EQ(c->nr_remote_frees, 1);
	ASSERT_EQ(c->nr_refill_cpu_partial, 1);
	ASSERT_EQ(c->nr_refill_new_slab, 3);
	mm_engine__free(e);
	return true;
}

TEST(slab_remote_free)
{
	for_each_profile(check_remote_free);
	return true;
}

/*
 * Simulate mode: a reclaim-accounted cache of order 1 (4 objects per slab) takes its slab
 * from the page model as RECLAIMABLE, order 1:
 *
 *   pfn  0                               32              48              64
 *        |  free, order 5                 | allocated     | free, order 4 |
 *
 * Expect slabs_by_order[1] = 1, slabs_by_migratetype RECLAIMABLE = 1, 2 pages fewer free;
 * the slab page sits in a MOVABLE pageblock (a new zone's blocks are MOVABLE), so one
 * contaminated pageblock.
 */
static bool check_sim_new_slab(const struct mm_profile *p)
{
	struct mm_engine *e = slab_engine(p, MM_MODE_SIMULATE, 1, true, map_free, sizeof(map_free));
	const struct mm_slab_cache_stats *c;
	int64_t before;

	ASSERT_TRUE(e);
	before = e->zones[0].nr_free_pages;
	cache_alloc(e, 1, 0);
	c = &mm_engine__slab_stats(e)->caches[0];
	ASSERT_EQ(c->nr_slabs_alloc, 1);
	ASSERT_EQ(c->slabs_by_order[1], 1);
	ASSERT_EQ(c->slabs_by_mt[MT_RECLAIMABLE], 1);
	ASSERT_EQ(c->nr_order_fallbacks, 0);
	ASSERT_EQ(c->migratetype, MT_RECLAIMABLE);
	ASSERT_TRUE(e->zones[0].nr_free_pages <= before - 2 ||
		    e->zones[0].pcp[0].count > 0);
	ASSERT_EQ(c->movable_pageblocks_contaminated,
		  pageblock_mt(e, &e->zones[0], 0) == MT_MOVABLE ? 1 : 0);
	mm_engine__free(e);
	return true;
}

TEST(slab_sim_new_slab)
{
	for_each_profile(check_sim_new_slab);
	return true;
}

/*
 * Simulate mode, order fallback: only order-0 blocks are free, so allocate_slab()'s first
 * try at oo (order 1) fails and the retry at s->min (order 0, 2048 <= 4096) succeeds:
 *
 *   pfn  0   1   2   3   4   5 ... 64
 *        | f | a | f | a | f | allocated
 *
 * Expect one order fallback and the slab counted under order 0.
 */
static bool check_sim_fallback(const struct mm_profile *p)
{
	static const uint8_t map_holes[] = { 0, 0, 1, 0, 1, 0 };
	struct mm_engine *e = slab_engine(p, MM_MODE_SIMULATE, 1, false, map_holes, sizeof(map_holes));
	const struct mm_slab_cache_stats *c;

	ASSERT_TRUE(e);
	cache_alloc(e, 1, 0);
	c = &mm_engine__slab_stats(e)->caches[0];
	ASSERT_EQ(c->nr_slabs_alloc, 1);
	ASSERT_EQ(c->nr_order_fallbacks, 1);
	ASSERT_EQ(c->slabs_by_order[0], 1);
	ASSERT_EQ(c->slabs_by_order[1], 0);
	ASSERT_EQ(c->slabs_by_mt[MT_UNMOVABLE], 1);
	mm_engine__free(e);
	return true;
}

TEST(slab_sim_fallback)
{
	for_each_profile(check_sim_fallback);
	return true;
}

/*
 * kmalloc classes: a 100-byte GFP_KERNEL kmalloc goes to kmalloc-128 (bytes_alloc 128); a
 * trace that says 96 is counted as a mismatch. A 9000-byte kmalloc is a large kmalloc
 * (order 2, 16384 bytes) and its kfree is matched by pointer.
 */
static const char *kmalloc_string(const void *ctx, uint32_t id)
{
	(void)ctx;
	(void)id;
	return NULL;
}

static bool check_kmalloc_classes(const struct mm_profile *p)
{
	struct mm_machine m;
	struct mm_zone z = { 0 };
	struct mm_slab_cache c[2] = { { 0 } };
	struct mm_engine_opts o = { .mode = MM_MODE_FOLLOW, .nr_cpus = 1, .string = kmalloc_string };
	struct mm_event ev = { .type = MM_EV_KMALLOC };
	const struct mm_slab_stats *ss;
	struct mm_kernel k;
	struct mm_engine *e;

	mm_machine__init(&m);
	snprintf(z.name, sizeof(z.name), "Normal");
	z.zone_idx = ZT_NORMAL;
	z.has = MM_ZONE_HAS_ZONEINFO | MM_ZONE_HAS_START_PFN;
	z.spanned_pages = z.present_pages = z.managed_pages = 64;
	m.zones = &z;
	m.nr_zones = 1;
	c[0].name = "kmalloc-128";
	c[1].name = "kmalloc-96";
	for (int i = 0; i < 2; i++) {
		c[i].has = 1u << MM_SLAB_OBJECT_SIZE | 1u << MM_SLAB_SLAB_SIZE | 1u << MM_SLAB_ALIGN;
		c[i].object_size = c[i].slab_size = i ? 96 : 128;
		c[i].align = i ? 8 : 128;
	}
	m.slab_caches = c;
	m.nr_slab_caches = 2;
	mm_kernel_resolve(&k, p->name, NULL);
	e = mm_engine__new(&k, &m, &o);
	ASSERT_TRUE(e);
	ev.alloc.ptr = 0x10;
	ev.alloc.bytes_req = 100;
	ev.alloc.bytes_alloc = 128;
	ev.alloc.gfp = 0xcc0;
	mm_engine__feed(e, &ev);
	ev.alloc.ptr = 0x20;
	ev.alloc.bytes_alloc = 96;	/* not what kmalloc_size_roundup(100) says */
	mm_engine__feed(e, &ev);
	ev.alloc.ptr = 0x30;
	ev.alloc.bytes_req = 9000;
	ev.alloc.bytes_alloc = 16384;
	mm_engine__feed(e, &ev);
	ev = (struct mm_event){ .type = MM_EV_KFREE };
	ev.free.ptr = 0x30;
	mm_engine__feed(e, &ev);
	ss = mm_engine__slab_stats(e);
	ASSERT_EQ(ss->nr_kmalloc_mismatches, 1);
	ASSERT_EQ(ss->caches[0].nr_alloc, 2);	/* kmalloc-128, by size class */
	ASSERT_EQ(ss->caches[1].nr_alloc, 0);
	ASSERT_EQ(ss->large_nr_alloc, 1);
	ASSERT_EQ(ss->large_nr_free, 1);
	ASSERT_EQ(ss->large_waste_bytes, 16384 - 9000);
	ASSERT_EQ(ss->nr_by_bytes, 1);
	ASSERT_EQ(ss->by_bytes[0].bytes, 128 + 96 + 16384);
	mm_engine__free(e);
	return true;
}

TEST(slab_kmalloc_classes)
{
	for_each_profile(check_kmalloc_classes);
	return true;
}

/*
 * Follow mode with kernel addresses: the slab is the pointer rounded down to 4096 << 0,
 * and a slab whose page allocation just preceded the object on the same CPU is new:
 *
 *   mm_page_alloc pfn 5, order 0     then alloc B+0x5000   cpu S5 [a.]       (new, paired)
 *   alloc B+0x9000 (no page event)        cpu S9 [b?]   node S5 [a.]         (preexisting;
 *                                                        S5 deactivated with a free slot)
 *   alloc B+0x5800                        cpu S5 [ac]   node S9              (node refill)
 *
 * Expect 1 new slab counted under order 0 / UNMOVABLE, 1 preexisting, 1 node refill.
 */
static bool check_by_pointer(const struct mm_profile *p)
{
	struct mm_engine *e = slab_engine(p, MM_MODE_FOLLOW, 0, false, map_free, sizeof(map_free));
	const uint64_t base = 0xff11000000000000ull;
	struct mm_event pa = { .type = MM_EV_PAGE_ALLOC, .cpu = 0 };
	const struct mm_slab_stats *ss;
	const struct mm_slab_cache_stats *c;

	ASSERT_TRUE(e);
	pa.page_alloc.pfn = 5;
	pa.page_alloc.order = 0;
	pa.page_alloc.migratetype = MT_UNMOVABLE;
	pa.page_alloc.gfp = 0xcc0;
	mm_engine__feed(e, &pa);
	cache_alloc(e, base + 0x5000, 0);
	ASSERT_TRUE(slab_is(e, base + 0x5000, W_CPU, 1));
	cache_alloc(e, base + 0x9000, 0);
	ASSERT_TRUE(slab_is(e, base + 0x5000, W_NODE_PARTIAL, 1));
	cache_alloc(e, base + 0x5800, 0);
	ASSERT_TRUE(slab_is(e, base + 0x5000, W_CPU, 2));
	ASSERT_TRUE(slab_is(e, base + 0x9000, W_NODE_PARTIAL, 1));
	ss = mm_engine__slab_stats(e);
	c = &ss->caches[0];
	ASSERT_EQ(ss->membership, MM_SLAB_BY_POINTER);
	ASSERT_EQ(ss->nr_paired_pages, 1);
	ASSERT_EQ(c->nr_slabs_alloc, 1);
	ASSERT_EQ(c->slabs_by_order[0], 1);
	ASSERT_EQ(c->slabs_by_mt[MT_UNMOVABLE], 1);
	ASSERT_EQ(c->nr_slabs_preexisting, 1);
	ASSERT_EQ(c->nr_refill_new_slab, 1);
	ASSERT_EQ(c->nr_refill_node_partial, 1);
	mm_engine__free(e);
	return true;
}

TEST(slab_by_pointer)
{
	for_each_profile(check_by_pointer);
	return true;
}

/*
 * MM_EVF_SLAB tags (the recorder's slab-backing page allocations), one CPU:
 *
 *   follow:    mm_page_alloc pfn 8 order 0 tagged "test-2k", an unrelated event, then
 *              the object: the slab's page is pfn 8 even though it was not the event
 *              just before.
 *   simulate:  the tagged allocation is not replayed (the model allocates its own slab
 *              page), and the kernel's later mm_page_free of pfn 8 is not either.
 *
 * Expect one paired page in follow mode; in simulate mode one slab page from the model,
 * one page request fewer for the page model, and no free conflict.
 */
static bool check_tags(const struct mm_profile *p)
{
	struct mm_event pa = { .type = MM_EV_PAGE_ALLOC, .cpu = 0, .flags = MM_EVF_SLAB };
	struct mm_event pf = { .type = MM_EV_PAGE_FREE, .cpu = 0 };
	struct mm_event other = { .type = MM_EV_KFREE, .cpu = 0 };
	const struct mm_slab_stats *ss;
	struct mm_engine *e;

	pa.page_alloc.pfn = 8;
	pa.page_alloc.migratetype = MT_UNMOVABLE;
	pa.page_alloc.gfp = 0xcc0;
	pa.page_alloc.cache = 1;
	other.free.ptr = 0x777;
	pf.page_free.pfn = 8;

	e = slab_engine(p, MM_MODE_FOLLOW, 0, false, map_free, sizeof(map_free));
	ASSERT_TRUE(e);
	mm_engine__feed(e, &pa);
	mm_engine__feed(e, &other);
	cache_alloc(e, 0xff11000000008000ull, 0);
	ss = mm_engine__slab_stats(e);
	ASSERT_TRUE(ss->slab_tags);
	ASSERT_EQ(ss->nr_paired_pages, 1);
	ASSERT_EQ(ss->caches[0].nr_slabs_alloc, 1);
	ASSERT_EQ(ss->caches[0].slabs_by_order[0], 1);
	mm_engine__free(e);

	e = slab_engine(p, MM_MODE_SIMULATE, 0, false, map_free, sizeof(map_free));
	ASSERT_TRUE(e);
	mm_engine__feed(e, &pa);
	cache_alloc(e, 1, 0);
	mm_engine__feed(e, &pf);
	ss = mm_engine__slab_stats(e);
	ASSERT_EQ(e->stats.sim.nr_requests, 0);
	ASSERT_EQ(e->stats.sim.nr_free_conflicts, 0);
	ASSERT_EQ(ss->caches[0].nr_slabs_alloc, 1);
	ASSERT_EQ(ss->caches[0].slabs_by_order[0], 1);
	ASSERT_EQ(ss->caches[0].nr_slabs_no_page, 0);
	mm_engine__free(e);
	return true;
}

TEST(slab_tags)
{
	for_each_profile(check_tags);
	return true;
}
