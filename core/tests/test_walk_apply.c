// SPDX-License-Identifier: GPL-2.0-only
/* snapshot_apply.c with an eBPF walk (mmtrace/freelists): list order, pcp lists, counters. */
#include <stdio.h>
#include <string.h>

#include "../engine.h"
#include "../internal.h"
#include "buddy_layout.h"
#include "testlib.h"

/*
 * A 64-page Normal zone. kpageflags saw three free order-3 blocks (pfn order 0, 8, 16);
 * the walk saw them on the MOVABLE order-3 list as 16, 0, 8 (head first), and pfns 40, 41
 * on cpu 1's order-0 MOVABLE pcp list (pindex 1), with boost 512.
 *
 *   pfn  0       8       16      24              40 41                   64
 *        | o3 #2 | o3 #3 | o3 #1 |   allocated    |p|p|   allocated       |
 *
 * Expect: initial state bpf-walk; __rmqueue_smallest(3, MOVABLE) takes 16, then 0, then 8
 * (the walk's order, not pfn order); cpu 1's pcp holds 40 then 41, count 2, high 7.
 */
static bool check_walk_order(const struct mm_profile *p)
{
	static uint8_t map[] = { 0, 3, 0, 3, 0, 3 };	/* (gap, order) varints */
	static uint64_t pfns[] = { 16, 0, 8, 40, 41 };
	struct mm_fl_pcp pcps[2] = { 0 };
	struct mm_fl_zone fz = { 0 };
	struct mm_zone z = { 0 };
	struct mm_machine m;
	struct mm_engine_opts o = { .mode = MM_MODE_SIMULATE, .nr_cpus = 2 };
	struct mm_kernel k;
	struct mm_engine *e;
	struct mm_zone_st *zs;
	uint32_t head, idx;

	mm_machine__init(&m);
	snprintf(z.name, sizeof(z.name), "Normal");
	z.zone_idx = ZT_NORMAL;
	z.has = MM_ZONE_HAS_ZONEINFO | MM_ZONE_HAS_START_PFN;
	z.spanned_pages = z.present_pages = z.managed_pages = 64;
	m.zones = &z;
	m.nr_zones = 1;
	m.has |= MM_MACHINE_HAS_FREE_BLOCKS | MM_MACHINE_HAS_FREELISTS;
	m.free_blocks.data = map;
	m.free_blocks.len = sizeof(map);

	snprintf(fz.name, sizeof(fz.name), "Normal");
	fz.zone_idx = ZT_NORMAL;
	fz.spanned_pages = 64;
	fz.nr_orders = 11;
	fz.nr_migratetypes = 6;
	fz.watermark_boost = 512;
	fz.free[3][MT_MOVABLE] = (struct mm_fl_list){ .start = 0, .nr = 3 };
	pcps[0].cpu = 0;
	pcps[0].nr_lists = 14;
	pcps[1].cpu = 1;
	pcps[1].nr_lists = 14;
	pcps[1].count = 2;
	pcps[1].high = 7;
	pcps[1].batch = 1;
	pcps[1].lists[1] = (struct mm_fl_list){ .start = 3, .nr = 2 };
	fz.pcps = pcps;
	fz.nr_pcps = 2;
	m.freelists.zones = &fz;
	m.freelists.nr_zones = 1;
	m.freelists.pfns = pfns;
	m.freelists.nr_pfns = 5;

	mm_kernel_resolve(&k, p->name, NULL);
	e = mm_engine__new(&k, &m, &o);
	ASSERT_TRUE(e);
	ASSERT_EQ(mm_engine__initial_state(e), MM_INIT_BPF_WALK);
	zs = &e->zones[0];
	ASSERT_EQ(zs->watermark_boost, 512);
	ASSERT_EQ(zs->nr_free[3], 3);
	ASSERT_EQ(zs->nr_free_pages, 24);
	ASSERT_EQ(zs->pcp[1].count, 2);
	ASSERT_EQ(zs->pcp[1].high, 7);
	head = pcp_list_head(zs, 1, 1);
	ASSERT_EQ(lst_first(zs, head), 40);
	ASSERT_EQ(lst_last(zs, head), 41);
	ASSERT_EQ(PG_KIND(zs->state[40]), PG_PCP);
	ASSERT_EQ(zs->pcp[0].count, 0);
	idx = buddy_rmqueue_smallest(e, zs, 3, MT_MOVABLE);
	ASSERT_EQ(idx, 16);
	idx = buddy_rmqueue_smallest(e, zs, 3, MT_MOVABLE);
	ASSERT_EQ(idx, 0);
	idx = buddy_rmqueue_smallest(e, zs, 3, MT_MOVABLE);
	ASSERT_EQ(idx, 8);
	mm_engine__free(e);
	return true;
}

TEST(walk_sets_list_order_and_pcp)
{
	for_each_profile(check_walk_order);
	return true;
}

/* A racy zone keeps the kpageflags state: pfn order, initial state kpageflags. */
TEST(walk_racy_zone_is_not_used)
{
	static uint8_t map[] = { 0, 3, 0, 3 };
	static uint64_t pfns[] = { 8, 0 };
	struct mm_fl_zone fz = { 0 };
	struct mm_zone z = { 0 };
	struct mm_machine m;
	struct mm_engine_opts o = { .mode = MM_MODE_SIMULATE, .nr_cpus = 1 };
	struct mm_kernel k;
	struct mm_engine *e;

	mm_machine__init(&m);
	snprintf(z.name, sizeof(z.name), "Normal");
	z.zone_idx = ZT_NORMAL;
	z.has = MM_ZONE_HAS_ZONEINFO | MM_ZONE_HAS_START_PFN;
	z.spanned_pages = z.present_pages = z.managed_pages = 64;
	m.zones = &z;
	m.nr_zones = 1;
	m.has |= MM_MACHINE_HAS_FREE_BLOCKS | MM_MACHINE_HAS_FREELISTS;
	m.free_blocks.data = map;
	m.free_blocks.len = sizeof(map);
	snprintf(fz.name, sizeof(fz.name), "Normal");
	fz.nr_orders = 11;
	fz.nr_migratetypes = 6;
	fz.racy = 1;
	fz.free[3][MT_MOVABLE] = (struct mm_fl_list){ .start = 0, .nr = 2 };
	m.freelists.zones = &fz;
	m.freelists.nr_zones = 1;
	m.freelists.pfns = pfns;
	m.freelists.nr_pfns = 2;
	mm_kernel_resolve(&k, "6.12", NULL);
	e = mm_engine__new(&k, &m, &o);
	ASSERT_TRUE(e);
	ASSERT_EQ(mm_engine__initial_state(e), MM_INIT_KPAGEFLAGS);
	ASSERT_EQ(buddy_rmqueue_smallest(e, &e->zones[0], 3, MT_MOVABLE), 0);
	mm_engine__free(e);
	return true;
}
