// SPDX-License-Identifier: GPL-2.0-only
/*
 * Follow mode (core/follow.c): recorded events move blocks between buddy lists, pcp lists
 * and "allocated"; anything the state cannot explain is counted by class.
 */
#include <stdlib.h>

#include "../engine.h"
#include "../internal.h"
#include "testlib.h"

/*
 * A 64-page Normal zone at pfn 0 with this kpageflags free-block map:
 *
 *   pfn  0                               32              48              64
 *        |  free, order 5 (32 pages)      | allocated     | free, order 4 |
 */
static struct mm_engine *tiny_engine_pcp(const struct mm_profile *p, const struct mm_pageset *ps);

static struct mm_engine *tiny_engine(const struct mm_profile *p)
{
	return tiny_engine_pcp(p, NULL);
}

/* ps: both CPUs' pagesets as zoneinfo printed them, or NULL for none */
static struct mm_engine *tiny_engine_pcp(const struct mm_profile *p, const struct mm_pageset *ps)
{
	static uint8_t map[] = { 0, 5, 16, 4 };	/* (gap, order) varint pairs */
	struct mm_machine m;
	struct mm_zone z = { 0 };
	struct mm_engine_opts o = { .mode = MM_MODE_FOLLOW, .nr_cpus = 2 };
	struct mm_kernel k;
	struct mm_engine *e;

	mm_machine__init(&m);
	snprintf(z.name, sizeof(z.name), "Normal");
	z.zone_idx = ZT_NORMAL;
	z.has = MM_ZONE_HAS_ZONEINFO | MM_ZONE_HAS_START_PFN;
	z.spanned_pages = z.present_pages = z.managed_pages = 64;
	if (ps) {
		z.pagesets = (struct mm_pageset *)ps;
		z.nr_pagesets = 2;
	}
	m.zones = &z;
	m.nr_zones = 1;
	m.has |= MM_MACHINE_HAS_FREE_BLOCKS;
	m.free_blocks.data = map;
	m.free_blocks.len = sizeof(map);
	mm_kernel_resolve(&k, p->name, NULL);
	e = mm_engine__new(&k, &m, &o);
	return e;
}

static struct mm_event page_event(uint16_t type, uint64_t pfn, uint32_t order, int32_t mt)
{
	struct mm_event ev = { .type = type, .cpu = 0 };

	switch (type) {
	case MM_EV_PAGE_ALLOC:
		ev.page_alloc.pfn = pfn;
		ev.page_alloc.order = order;
		ev.page_alloc.migratetype = mt;
		ev.page_alloc.gfp = 0x100cca;
		break;
	case MM_EV_PAGE_FREE:
		ev.page_free.pfn = pfn;
		ev.page_free.order = order;
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
	}
	return ev;
}

static uint64_t nr_inconsistent(const struct mm_engine *e)
{
	uint64_t n = 0;

	for (unsigned int c = 0; c < INC__NR; c++)
		n += mm_engine__stats(e)->inconsistencies[c];
	return n;
}

/*
 * Refill, allocate, free and drain pfn 0. Expect the order-5 block to split into
 * 16 (order 4) + 8 + 4 + 2 + 1 around pfn 0, pfn 0 to pass through the pcp list, and
 * the drain to merge everything back into one order-5 block: nothing inconsistent.
 */
static bool follow_round_trip(const struct mm_profile *p)
{
	struct mm_engine *e = tiny_engine(p);
	struct mm_zone_free zf;
	struct mm_event ev;

	ASSERT_TRUE(e);
	ASSERT_EQ(mm_engine__initial_state(e), MM_INIT_KPAGEFLAGS);
	mm_engine__zone_free(e, 0, &zf);
	ASSERT_EQ(zf.nr_free[5], 1);
	ASSERT_EQ(zf.nr_free[4], 1);
	ASSERT_EQ(zf.nr_free_pages, 48);

	ev = page_event(MM_EV_PAGE_ALLOC_ZONE_LOCKED, 0, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	mm_engine__zone_free(e, 0, &zf);
	ASSERT_EQ(zf.nr_free[5], 0);
	ASSERT_EQ(zf.nr_free[4], 2);
	ASSERT_EQ(zf.nr_free[3], 1);
	ASSERT_EQ(zf.nr_free[2], 1);
	ASSERT_EQ(zf.nr_free[1], 1);
	ASSERT_EQ(zf.nr_free[0], 1);
	ASSERT_EQ(zf.nr_pcp_pages, 1);

	ev = page_event(MM_EV_PAGE_ALLOC, 0, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(mm_engine__stats(e)->zone[0].nr_pcp_hit, 1);
	ev = page_event(MM_EV_PAGE_FREE, 0, 0, 0);
	mm_engine__feed(e, &ev);
	ev = page_event(MM_EV_PAGE_PCPU_DRAIN, 0, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	mm_engine__zone_free(e, 0, &zf);
	ASSERT_EQ(zf.nr_free[5], 1);
	ASSERT_EQ(zf.nr_free[4], 1);
	ASSERT_EQ(zf.nr_free[0], 0);
	ASSERT_EQ(zf.nr_pcp_pages, 0);
	ASSERT_EQ(nr_inconsistent(e), 0);
	mm_engine__free(e);
	return true;
}

TEST(follow_refill_alloc_free_drain_6_1)
{
	return follow_round_trip(&profile_6_1);
}

TEST(follow_refill_alloc_free_drain_6_12)
{
	return follow_round_trip(&profile_6_12);
}

/* Expect each event the state contradicts to be counted in its class, and nothing else. */
TEST(follow_counts_inconsistencies)
{
	struct mm_engine *e = tiny_engine(&profile_6_12);
	const struct mm_stats *st;
	struct mm_event ev;

	ASSERT_TRUE(e);
	st = mm_engine__stats(e);
	ev = page_event(MM_EV_PAGE_FREE, 48, 0, 0);	/* inside the free order-4 block */
	mm_engine__feed(e, &ev);
	ASSERT_EQ(st->inconsistencies[INC_FREE_NOT_ALLOCATED], 1);
	ev = page_event(MM_EV_PAGE_ALLOC, 40, 0, MT_MOVABLE);	/* allocated before the trace */
	mm_engine__feed(e, &ev);
	ASSERT_EQ(st->inconsistencies[INC_ALLOC_NOT_FREE], 1);
	ev = page_event(MM_EV_PAGE_FREE, 4096, 0, 0);	/* no zone spans it */
	mm_engine__feed(e, &ev);
	ASSERT_EQ(st->inconsistencies[INC_PFN_OUTSIDE_ZONES], 1);
	ev = page_event(MM_EV_PAGE_PCPU_DRAIN, 36, 0, MT_MOVABLE);	/* allocated, not on a pcp */
	mm_engine__feed(e, &ev);
	ASSERT_EQ(st->inconsistencies[INC_DRAIN_NOT_ON_PCP], 1);
	ASSERT_EQ(nr_inconsistent(e), 4);
	mm_engine__free(e);
	return true;
}

/*
 * Simulate mode on the same zone (6.12, 2 CPUs, no pagesets: refills of one page). An
 * order-0 MOVABLE request refills CPU 0's pcp list through __rmqueue_smallest(), which
 * splits the smallest free block, the order-4 one at 48 (not the lower order-5 one), and
 * keeps its lowest page: pfn 48. The next request gets 49, the head of the order-0 list
 * that expand() left. Expect agreement when the kernel also chose 48, a divergence when
 * it chose 0 for the second, and the kernel's free of 0 to free the model's 49.
 */
TEST(simulate_counts_agreement)
{
	static uint8_t map[] = { 0, 5, 16, 4 };
	struct mm_machine m;
	struct mm_zone z = { 0 };
	struct mm_engine_opts o = { .mode = MM_MODE_SIMULATE, .nr_cpus = 2 };
	struct mm_kernel k;
	struct mm_engine *e;
	const struct mm_stats *st;
	struct mm_event ev;

	mm_machine__init(&m);
	snprintf(z.name, sizeof(z.name), "Normal");
	z.zone_idx = ZT_NORMAL;
	z.has = MM_ZONE_HAS_ZONEINFO | MM_ZONE_HAS_START_PFN;
	z.spanned_pages = z.present_pages = z.managed_pages = 64;
	m.zones = &z;
	m.nr_zones = 1;
	m.has |= MM_MACHINE_HAS_FREE_BLOCKS;
	m.free_blocks.data = map;
	m.free_blocks.len = sizeof(map);
	mm_kernel_resolve(&k, "6.12", NULL);
	e = mm_engine__new(&k, &m, &o);
	ASSERT_TRUE(e);
	st = mm_engine__stats(e);
	ev = page_event(MM_EV_PAGE_ALLOC, 48, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(st->sim.nr_requests, 1);
	ASSERT_EQ(st->sim.nr_pfn_agree, 1);
	ev = page_event(MM_EV_PAGE_ALLOC, 0, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(st->sim.nr_pfn_agree, 1);
	ASSERT_TRUE(st->sim.diverged);
	ASSERT_EQ(st->sim.first_divergence_event, 1);
	ASSERT_EQ_U64(st->sim.first_divergence_kernel_pfn, 0);
	ASSERT_EQ_U64(st->sim.first_divergence_model_pfn, 49);
	ev = page_event(MM_EV_PAGE_FREE, 0, 0, 0);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(st->sim.nr_free_conflicts, 0);
	mm_engine__free(e);
	return true;
}

/*
 * Pageblock types from /proc/pagetypeinfo counts (snapshot_apply.c). Two pageblocks:
 *
 *   pb0 (pfn 0-511):    free order-0 at 0, free order-2 at 4   (5 free pages)
 *   pb1 (pfn 512-1023): free order-0 at 512                    (1 free page)
 *
 * pagetypeinfo: RECLAIMABLE has 1 pageblock and, on its lists, one order-0 and one order-2
 * block; MOVABLE 1 pageblock, one order-0 block. Expect pb0 RECLAIMABLE (its free blocks
 * are exactly RECLAIMABLE's), not pb1, which has fewer free pages.
 */
TEST(pageblock_types_match_pagetypeinfo)
{
	static uint8_t map[] = { 0, 0, 3, 2, 0xf8, 0x03, 0 };	/* (gap, order) varints */
	struct mm_machine m;
	struct mm_zone z = { 0 };
	struct mm_engine_opts o = { .mode = MM_MODE_FOLLOW, .nr_cpus = 1 };
	struct mm_kernel k;
	struct mm_engine *e;
	struct mm_zone_free zf;

	mm_machine__init(&m);
	snprintf(z.name, sizeof(z.name), "Normal");
	z.zone_idx = ZT_NORMAL;
	z.has = MM_ZONE_HAS_ZONEINFO | MM_ZONE_HAS_START_PFN | MM_ZONE_HAS_PAGETYPEINFO |
		MM_ZONE_HAS_PAGEBLOCKS;
	z.spanned_pages = z.present_pages = z.managed_pages = 1024;
	z.nr_pageblocks[MT_RECLAIMABLE] = 1;
	z.nr_pageblocks[MT_MOVABLE] = 1;
	z.nr_free_mt[MT_RECLAIMABLE][0] = 1;
	z.nr_free_mt[MT_RECLAIMABLE][2] = 1;
	z.nr_free_mt[MT_MOVABLE][0] = 1;
	m.zones = &z;
	m.nr_zones = 1;
	m.has |= MM_MACHINE_HAS_FREE_BLOCKS;
	m.free_blocks.data = map;
	m.free_blocks.len = sizeof(map);
	mm_kernel_resolve(&k, "6.12", NULL);
	e = mm_engine__new(&k, &m, &o);
	ASSERT_TRUE(e);
	mm_engine__zone_free(e, 0, &zf);
	ASSERT_EQ(zf.nr_pageblocks[MT_RECLAIMABLE], 1);
	ASSERT_EQ(zf.nr_pageblocks[MT_MOVABLE], 1);
	ASSERT_EQ(zf.nr_free_mt[MT_RECLAIMABLE][0], 1);
	ASSERT_EQ(zf.nr_free_mt[MT_RECLAIMABLE][2], 1);
	ASSERT_EQ(zf.nr_free_mt[MT_MOVABLE][0], 1);
	ASSERT_EQ(zf.nr_free_mt[MT_MOVABLE][2], 0);
	mm_engine__free(e);
	return true;
}

/*
 * Lock-step pcp refill prediction, batch 4 and (6.12) high 8 in [8, 32]:
 *
 *   pcp list cpu0 order-0 MOVABLE: empty
 *   recorded: zone_locked x4 (pfn 0..3, percpu_refill), then mm_page_alloc pfn 0
 *
 * Expect one refill, the model's list empty too, and the kernel's count: 6.1 rmqueue_pcplist()
 * asks for batch >> 0 = 4; 6.12 nr_pcp_alloc() grows high to 12, max_nr_alloc = 12 - 0 - 4
 * = 8, asks for 4 << alloc_factor 0 = 4. A second run of 3 (6.12 would ask 8) does not match.
 */
static bool follow_refill_prediction(const struct mm_profile *p, int second_want)
{
	static const struct mm_pageset ps[2] = {
		{ .cpu = 0, .high = 8, .batch = 4, .high_min = 8, .high_max = 32, .has_high_min_max = 1 },
		{ .cpu = 1, .high = 8, .batch = 4, .high_min = 8, .high_max = 32, .has_high_min_max = 1 },
	};
	struct mm_engine *e = tiny_engine_pcp(p, ps);
	const struct mm_follow_predict *fp;
	struct mm_event ev;

	ASSERT_TRUE(e);
	for (uint64_t pfn = 0; pfn < 4; pfn++) {
		ev = page_event(MM_EV_PAGE_ALLOC_ZONE_LOCKED, pfn, 0, MT_MOVABLE);
		mm_engine__feed(e, &ev);
	}
	ev = page_event(MM_EV_PAGE_ALLOC, 0, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	fp = &mm_engine__stats(e)->predict;
	ASSERT_EQ(fp->nr_refill, 1);
	ASSERT_EQ(fp->nr_refill_needed, 1);
	ASSERT_EQ(fp->nr_refill_same_count, 1);
	/* drain the three left, then a refill of second_want pages */
	for (uint64_t pfn = 1; pfn < 4; pfn++) {
		ev = page_event(MM_EV_PAGE_ALLOC, pfn, 0, MT_MOVABLE);
		mm_engine__feed(e, &ev);
	}
	for (uint64_t pfn = 4; pfn < 4 + (uint64_t)second_want; pfn++) {
		ev = page_event(MM_EV_PAGE_ALLOC_ZONE_LOCKED, pfn, 0, MT_MOVABLE);
		mm_engine__feed(e, &ev);
	}
	ev = page_event(MM_EV_PAGE_ALLOC, 4, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(fp->nr_refill, 2);
	ASSERT_EQ(fp->nr_refill_needed, 2);
	ASSERT_EQ(fp->nr_refill_same_count, 2);
	ASSERT_EQ(nr_inconsistent(e), 0);
	mm_engine__free(e);
	return true;
}

TEST(follow_predicts_refill_count_6_1)
{
	/* 6.1: always batch >> order */
	return follow_refill_prediction(&profile_6_1, 4);
}

TEST(follow_predicts_refill_count_6_12)
{
	/* 6.12: alloc_factor 1 now: 4 << 1 = 8, max_nr_alloc = max(16 - 0 - 4, 4) = 12 */
	return follow_refill_prediction(&profile_6_12, 8);
}

static struct mm_event extfrag_event(uint64_t pfn, int ao, int fo, int amt, int fmt, int claim)
{
	struct mm_event ev = { .type = MM_EV_PAGE_ALLOC_EXTFRAG, .cpu = 0 };

	ev.extfrag.pfn = pfn;
	ev.extfrag.alloc_order = ao;
	ev.extfrag.fallback_order = fo;
	ev.extfrag.alloc_migratetype = amt;
	ev.extfrag.fallback_migratetype = fmt;
	ev.extfrag.change_ownership = claim;
	return ev;
}

/*
 * 6.1 lock-step fallback (__rmqueue_fallback() records the block before the retry takes):
 *
 *   pfn  0                               32              48              64
 *        |  MOVABLE order 5               | allocated     | MOVABLE order 4|
 *
 * An UNMOVABLE order-0 request: no UNMOVABLE block, the largest fallback is the order-5 block
 * at pfn 0 (the pageblock straddles this 64-page zone, so it is not claimed). Expect the
 * kernel's extfrag (pfn 0, order 5, no claim) to be the model's choice, the block re-filed
 * onto UNMOVABLE, and the zone_locked retry at pfn 0 predicted.
 */
TEST(follow_predicts_fallback_6_1)
{
	struct mm_engine *e = tiny_engine(&profile_6_1);
	const struct mm_follow_predict *fp;
	struct mm_event ev;

	ASSERT_TRUE(e);
	ev = extfrag_event(0, 0, 5, MT_UNMOVABLE, MT_MOVABLE, 0);
	mm_engine__feed(e, &ev);
	fp = &mm_engine__stats(e)->predict;
	ASSERT_EQ(fp->nr_fallback, 1);
	ASSERT_EQ(fp->nr_fallback_needed, 1);
	ASSERT_EQ(fp->nr_fallback_same_block, 1);
	ASSERT_EQ(fp->nr_fallback_same_claim, 1);
	ev = page_event(MM_EV_PAGE_ALLOC_ZONE_LOCKED, 0, 0, MT_UNMOVABLE);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(fp->nr_buddy, 1);
	ASSERT_EQ(fp->nr_buddy_agree, 1);
	ASSERT_EQ(nr_inconsistent(e), 0);
	mm_engine__free(e);
	return true;
}

/*
 * 6.12.29+ (claim, then steal): same zone; nothing can be claimed, so __rmqueue_steal()
 * splits the smallest fallback, the order-4 block at pfn 48, and records the page it
 * returns. Expect the prediction to match, and pfn 48 on cpu 0's pcp list (pcp orders
 * always refill through rmqueue_bulk(), which records no zone_locked for a stolen page).
 * A claim the kernel recorded at pfn 0 instead would not match.
 */
TEST(follow_predicts_fallback_6_12_steal)
{
	struct mm_engine *e = tiny_engine(&profile_6_12);
	const struct mm_follow_predict *fp;
	struct mm_zone_free zf;
	struct mm_event ev;

	ASSERT_TRUE(e);
	ev = extfrag_event(48, 0, 4, MT_UNMOVABLE, MT_MOVABLE, 0);
	mm_engine__feed(e, &ev);
	fp = &mm_engine__stats(e)->predict;
	ASSERT_EQ(fp->nr_fallback_needed, 1);
	ASSERT_EQ(fp->nr_fallback_same_block, 1);
	mm_engine__zone_free(e, 0, &zf);
	ASSERT_EQ(zf.nr_pcp_pages, 1);
	ASSERT_EQ(zf.nr_free[4], 0);
	ASSERT_EQ(zf.nr_free[3], 1);
	ev = page_event(MM_EV_PAGE_ALLOC, 48, 0, MT_UNMOVABLE);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(mm_engine__stats(e)->zone[0].nr_pcp_hit, 1);
	ev = extfrag_event(0, 0, 5, MT_UNMOVABLE, MT_MOVABLE, 1);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(fp->nr_fallback, 2);
	ASSERT_EQ(fp->nr_fallback_same_block, 1);
	ASSERT_EQ(nr_inconsistent(e), 0);
	mm_engine__free(e);
	return true;
}

/*
 * A refill proves the list was empty: rmqueue_bulk() runs only then.
 *
 *   pfn 32 (allocated before the trace) is freed onto cpu 0's order-0 MOVABLE list;
 *   the kernel then refills that list with pfn 0 - so pfn 32 left it untraced
 *   (alloc_pages_bulk()).
 *
 * Expect pfn 32 taken as allocated (one untraced pcp take, the refill not foreseen), and its
 * next free consistent.
 */
TEST(follow_refill_empties_stale_pcp_list)
{
	struct mm_engine *e = tiny_engine(&profile_6_12);
	struct mm_zone_free zf;
	struct mm_event ev;

	ASSERT_TRUE(e);
	ev = page_event(MM_EV_PAGE_FREE, 32, 0, 0);
	mm_engine__feed(e, &ev);
	mm_engine__zone_free(e, 0, &zf);
	ASSERT_EQ(zf.nr_pcp_pages, 1);
	ev = page_event(MM_EV_PAGE_ALLOC_ZONE_LOCKED, 0, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	ev = page_event(MM_EV_PAGE_ALLOC, 0, 0, MT_MOVABLE);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(mm_engine__stats(e)->nr_untraced_pcp_takes, 1);
	ASSERT_EQ(mm_engine__stats(e)->predict.nr_refill, 1);
	ASSERT_EQ(mm_engine__stats(e)->predict.nr_refill_needed, 0);
	mm_engine__zone_free(e, 0, &zf);
	ASSERT_EQ(zf.nr_pcp_pages, 0);
	ev = page_event(MM_EV_PAGE_FREE, 32, 0, 0);
	mm_engine__feed(e, &ev);
	ASSERT_EQ(nr_inconsistent(e), 0);
	ASSERT_EQ(mm_engine__stats(e)->nr_inferred_bulk_allocs, 0);
	mm_engine__free(e);
	return true;
}
