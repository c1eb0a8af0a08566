// SPDX-License-Identifier: GPL-2.0-only
/*
 * Policies (core/policy.c, core/policy_apply.c): mm_policy_set() for every class of valid
 * and invalid input, the checks against a profile, the slab parameters, and the switches
 * a policy turns on one engine: the fallback table, ALLOC_NOFRAGMENT, the highatomic
 * reserve and pageblock_order. The recomputation against real snapshots is in
 * trace/tests/test_policy_derive.c (it needs the snapshot parser).
 */
#include <errno.h>

#include "../gfp.h"
#include "../policy.h"
#include "../slab.h"
#include "buddy_layout.h"

static char msg[256];

static int set(struct mm_policy *p, const char *k, const char *v)
{
	msg[0] = '\0';
	return mm_policy_set(p, k, v, msg, sizeof(msg));
}

/* Every key takes a value of its type; the canonical text is what the JSON reports. */
TEST(policy_set_valid)
{
	struct mm_policy p;

	mm_policy_init(&p, NULL);
	ASSERT_STREQ(p.name, "default");
	ASSERT_EQ(p.set, 0);
	ASSERT_EQ(set(&p, "kernel", "6.12.28"), 0);
	ASSERT_STREQ(p.kernel, "6.12.28");
	ASSERT_EQ(set(&p, "min_free_kbytes", "67584"), 0);
	ASSERT_EQ(p.min_free_kbytes, 67584);
	ASSERT_EQ(set(&p, "watermark_scale_factor", "200"), 0);
	ASSERT_EQ(p.watermark_scale_factor, 200);
	ASSERT_EQ(set(&p, "watermark_boost_factor", "0"), 0);
	ASSERT_EQ(set(&p, "lowmem_reserve_ratio", " 256,256  32 0 "), 0);
	ASSERT_EQ(p.nr_lowmem_reserve_ratio, 4);
	ASSERT_EQ(p.lowmem_reserve_ratio[2], 32);
	ASSERT_STREQ(p.value[MM_POLICY_LOWMEM_RESERVE_RATIO], "256 256 32 0");
	ASSERT_EQ(set(&p, "percpu_pagelist_high_fraction", "8"), 0);
	ASSERT_EQ(set(&p, "pcp_batch", "31"), 0);
	ASSERT_EQ(set(&p, "pageblock_order", "10"), 0);
	ASSERT_EQ(set(&p, "fallbacks", "Movable=Unmovable,Reclaimable"), 0);
	ASSERT_EQ(p.fallbacks_set, 1u << MT_MOVABLE);
	ASSERT_EQ(p.fallbacks[MT_MOVABLE][0], MT_UNMOVABLE);
	ASSERT_EQ(p.fallbacks[MT_MOVABLE][1], MT_RECLAIMABLE);
	ASSERT_EQ(set(&p, "alloc_nofragment", "false"), 0);
	ASSERT_EQ(p.alloc_nofragment, false);
	ASSERT_STREQ(p.value[MM_POLICY_ALLOC_NOFRAGMENT], "off");
	ASSERT_EQ(set(&p, "highatomic", "off"), 0);
	ASSERT_EQ(set(&p, "slub_min_objects", "16"), 0);
	ASSERT_EQ(set(&p, "slub_min_order", "1"), 0);
	ASSERT_EQ(set(&p, "slub_max_order", "2"), 0);
	/* every key but pcp_high (exclusive with the fraction) is now set */
	ASSERT_EQ(p.set, ((1u << MM_POLICY__NR) - 1) & ~(1u << MM_POLICY_PCP_HIGH));
	/* a later value replaces an earlier one */
	ASSERT_EQ(set(&p, "watermark_scale_factor", "30"), 0);
	ASSERT_STREQ(p.value[MM_POLICY_WATERMARK_SCALE_FACTOR], "30");
	return true;
}

/* The fallback table's canonical form lists the given types in migratetype order. */
TEST(policy_set_fallbacks_canonical)
{
	struct mm_policy p;

	mm_policy_init(&p, "x");
	ASSERT_EQ(set(&p, "fallbacks", "Reclaimable=Movable,Unmovable;Unmovable=Movable,Reclaimable"),
		  0);
	ASSERT_STREQ(p.value[MM_POLICY_FALLBACKS],
		     "Unmovable=Movable,Reclaimable;Reclaimable=Movable,Unmovable");
	ASSERT_EQ(p.fallbacks_set, 1u << MT_UNMOVABLE | 1u << MT_RECLAIMABLE);
	return true;
}

/* Unknown keys are -ENOENT and name the key; the valid ones come from the table. */
TEST(policy_set_unknown_key)
{
	struct mm_policy p;

	mm_policy_init(&p, NULL);
	ASSERT_EQ(set(&p, "watermark_scale", "10"), -ENOENT);
	ASSERT_TRUE(strstr(msg, "'watermark_scale'") != NULL);
	ASSERT_EQ(p.set, 0);
	for (int i = 0; i < MM_POLICY__NR; i++) {
		ASSERT_EQ(mm_policy_key_find(mm_policy_keys[i].name), i);
		ASSERT_TRUE(strstr(mm_policy_key_names(), mm_policy_keys[i].name) != NULL);
	}
	return true;
}

/* Bad values of every type are -EINVAL, say what is valid and leave the policy alone. */
TEST(policy_set_bad_values)
{
	static const char *const bad[][2] = {
		{ "min_free_kbytes", "" },		{ "min_free_kbytes", "-1" },
		{ "min_free_kbytes", "12k" },		{ "min_free_kbytes", "99999999999999999999" },
		{ "watermark_scale_factor", "0" },	{ "watermark_scale_factor", "3001" },
		{ "watermark_scale_factor", " 10" },	{ "percpu_pagelist_high_fraction", "7" },
		{ "pcp_batch", "0" },			{ "pageblock_order", "0" },
		{ "pageblock_order", "16" },		{ "alloc_nofragment", "yes" },
		{ "highatomic", "" },			{ "lowmem_reserve_ratio", "" },
		{ "lowmem_reserve_ratio", "256 x" },	{ "lowmem_reserve_ratio", "-1" },
		{ "lowmem_reserve_ratio", "1 2 3 4 5 6 7 8 9" },
		{ "fallbacks", "" },			{ "fallbacks", "Movable" },
		{ "fallbacks", "Movable=Unmovable" },	{ "fallbacks", "Movable=Movable,Unmovable" },
		{ "fallbacks", "Movable=Unmovable,Unmovable" },
		{ "fallbacks", "HighAtomic=Unmovable,Movable" },
		{ "fallbacks", "Movable=Unmovable,Reclaimable;Movable=Reclaimable,Unmovable" },
		{ "kernel", "" },			{ "slub_max_order", "16" },
	};
	struct mm_policy p;

	mm_policy_init(&p, NULL);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = set(&p, bad[i][0], bad[i][1]);

		if (ret != -EINVAL || !strstr(msg, bad[i][0]) || p.set)
			ASSERT_FAIL_("%s=%s: ret %d, msg \"%s\", set %#x", bad[i][0], bad[i][1], ret,
				     msg, p.set);
	}
	/* the message says the range */
	set(&p, "watermark_scale_factor", "0");
	ASSERT_TRUE(strstr(msg, "1 to 3000") != NULL);
	return true;
}

/* Pairs that cannot hold fail whichever comes second; the first stays set. */
TEST(policy_set_impossible_combinations)
{
	struct mm_policy p;

	mm_policy_init(&p, NULL);
	ASSERT_EQ(set(&p, "percpu_pagelist_high_fraction", "8"), 0);
	ASSERT_EQ(set(&p, "pcp_high", "1000"), -EINVAL);
	ASSERT_TRUE(strstr(msg, "percpu_pagelist_high_fraction") != NULL);
	ASSERT_TRUE(!mm_policy_is_set(&p, MM_POLICY_PCP_HIGH));

	mm_policy_init(&p, NULL);
	ASSERT_EQ(set(&p, "pcp_high", "1000"), 0);
	ASSERT_EQ(set(&p, "percpu_pagelist_high_fraction", "8"), -EINVAL);
	/* 0 is "from the low watermark", no conflict */
	ASSERT_EQ(set(&p, "percpu_pagelist_high_fraction", "0"), 0);
	ASSERT_EQ(set(&p, "pcp_batch", "1001"), -EINVAL);
	ASSERT_EQ(set(&p, "pcp_batch", "1000"), 0);

	mm_policy_init(&p, NULL);
	ASSERT_EQ(set(&p, "slub_max_order", "1"), 0);
	ASSERT_EQ(set(&p, "slub_min_order", "2"), -EINVAL);
	ASSERT_TRUE(strstr(msg, "slub_max_order") != NULL);
	return true;
}

/* What needs the kernel: orders within the profile's top order, one ratio per zone. */
TEST(policy_validate)
{
	struct mm_policy p;

	mm_policy_init(&p, NULL);
	ASSERT_EQ(mm_policy_validate(&p, &profile_6_12, 5, msg, sizeof(msg)), 0);
	ASSERT_EQ(set(&p, "pageblock_order", "11"), 0);
	ASSERT_EQ(mm_policy_validate(&p, &profile_6_12, 5, msg, sizeof(msg)), -EINVAL);
	ASSERT_TRUE(strstr(msg, "1 to 10") != NULL);
	ASSERT_EQ(set(&p, "pageblock_order", "10"), 0);
	ASSERT_EQ(mm_policy_validate(&p, &profile_6_1, 5, msg, sizeof(msg)), 0);
	ASSERT_EQ(set(&p, "lowmem_reserve_ratio", "1 2 3 4 5 6"), 0);
	ASSERT_EQ(mm_policy_validate(&p, &profile_6_1, 5, msg, sizeof(msg)), -EINVAL);
	ASSERT_EQ(mm_policy_validate(&p, &profile_6_1, 6, msg, sizeof(msg)), 0);
	ASSERT_EQ(set(&p, "slub_max_order", "12"), 0);
	ASSERT_EQ(mm_policy_validate(&p, &profile_6_1, 6, msg, sizeof(msg)), -EINVAL);
	return true;
}

/* Without a snapshot: the sysctl initialisers and the profile's own table. */
TEST(policy_defaults_without_snapshot)
{
	struct mm_policy p;
	struct mm_kernel k;

	ASSERT_EQ(mm_kernel_resolve(&k, "6.1", NULL), 0);
	mm_policy_init(&p, NULL);
	mm_policy_defaults(&p, &k, NULL);
	ASSERT_TRUE(!mm_policy_is_set(&p, MM_POLICY_MIN_FREE_KBYTES));
	ASSERT_TRUE(!mm_policy_is_set(&p, MM_POLICY_PCP_BATCH));
	ASSERT_STREQ(p.value[MM_POLICY_WATERMARK_SCALE_FACTOR], "10");
	ASSERT_STREQ(p.value[MM_POLICY_WATERMARK_BOOST_FACTOR], "15000");
	ASSERT_STREQ(p.value[MM_POLICY_LOWMEM_RESERVE_RATIO], "256 256 32 0");
	ASSERT_STREQ(p.value[MM_POLICY_PAGEBLOCK_ORDER], "9");
	ASSERT_STREQ(p.value[MM_POLICY_FALLBACKS], "Unmovable=Reclaimable,Movable;"
						   "Movable=Reclaimable,Unmovable;"
						   "Reclaimable=Unmovable,Movable");
	ASSERT_STREQ(p.value[MM_POLICY_SLUB_MAX_ORDER], "3");
	/* a policy of the defaults changes no derived configuration value by itself, but
	 * names the knobs that feed it */
	ASSERT_TRUE(mm_policy_changes_config(&p));
	return true;
}

/* slub_* over slab_params_init(): max clamped to the top order; 6.12 raises max to min. */
TEST(policy_slab_params)
{
	struct slab_params sp;
	struct mm_policy p;

	mm_policy_init(&p, NULL);
	slab_params_init(&sp, &profile_6_12, NULL, 12);
	mm_policy_slab_params(&p, &sp);
	ASSERT_EQ(sp.slub_max_order, 3);
	ASSERT_EQ(set(&p, "slub_min_order", "5"), 0);
	ASSERT_EQ(set(&p, "slub_min_objects", "8"), 0);
	mm_policy_slab_params(&p, &sp);
	ASSERT_EQ(sp.slub_min_order, 5);
	ASSERT_EQ(sp.slub_max_order, 5);
	ASSERT_EQ(sp.slub_min_objects, 8);

	slab_params_init(&sp, &profile_6_1, NULL, 12);
	mm_policy_slab_params(&p, &sp);
	ASSERT_EQ(sp.slub_min_order, 5);
	ASSERT_EQ(sp.slub_max_order, 3);
	return true;
}

/* A test engine with its own profile copy, as mm_engine__new() makes one. */
static struct mm_engine *pol_new(const struct mm_profile *p, uint32_t nr_pages)
{
	struct mm_engine *e = tz_new(p, 0x10000, nr_pages);

	e->prof = *p;
	e->k.p = &e->prof;
	return e;
}

/*
 * The switches: fallbacks replaces one type's row only; alloc_nofragment off takes
 * ALLOC_NOFRAGMENT out of the fast path's flags (kswapd bit kept); highatomic off stops
 * reserve_highatomic_pageblock(); watermark_boost_factor is the engine's. The profile
 * itself is untouched (another engine may use it).
 */
static bool check_switches(const struct mm_profile *prof)
{
	struct mm_engine *e = pol_new(prof, 2048);
	struct mm_zone_st *z = e->zones;
	struct mm_policy p;

	ASSERT_EQ(gfp_alloc_flags_nofragment(e, z, 0) & ALLOC_NOFRAGMENT, ALLOC_NOFRAGMENT);
	mm_policy_init(&p, "s");
	ASSERT_EQ(set(&p, "fallbacks", "Movable=Unmovable,Reclaimable"), 0);
	ASSERT_EQ(set(&p, "alloc_nofragment", "off"), 0);
	ASSERT_EQ(set(&p, "highatomic", "off"), 0);
	ASSERT_EQ(set(&p, "watermark_boost_factor", "0"), 0);
	ASSERT_EQ(engine_apply_policy(e, NULL, &p), 0);
	ASSERT_EQ(e->k.p->fallbacks[MT_MOVABLE][0], MT_UNMOVABLE);
	ASSERT_EQ(e->k.p->fallbacks[MT_UNMOVABLE][0], prof->fallbacks[MT_UNMOVABLE][0]);
	ASSERT_EQ(prof->fallbacks[MT_MOVABLE][0], MT_RECLAIMABLE);
	ASSERT_EQ(gfp_alloc_flags_nofragment(e, z, MM__GFP_KSWAPD_RECLAIM),
		  MM__GFP_KSWAPD_RECLAIM);
	ASSERT_EQ(e->watermark_boost_factor, 0);

	tz_alloc_range(e, 0, 2048, MT_MOVABLE);
	/* 1% of the zone is a pageblock: 6.12 allows a reserve of one (6.1 a little more) */
	z->managed_pages = 51200;
	highatomic_reserve(e, z, 0, 1);
	ASSERT_EQ(z->nr_reserved_highatomic, 0);
	ASSERT_EQ(z->pb_mt[0], MT_MOVABLE);
	e->no_highatomic_reserve = false;
	highatomic_reserve(e, z, 0, 1);
	ASSERT_EQ(z->nr_reserved_highatomic, 512);
	tz_free(e);
	return true;
}

TEST(policy_switches_both)
{
	for_each_profile(check_switches);
	return true;
}

/*
 * pageblock_order 9 -> 8 on 2048 pages: the 4 pageblocks become 8, each half keeping its
 * type; a free order-9 block stays one block on its (same) type's list; an order-3 block in
 * an UNMOVABLE half moves to UNMOVABLE's list. Then 8 -> 10: 2 pageblocks, each the type of
 * its first old one.
 *
 *   pb(9):   0 [M] 512 [U] 1024 [R] 1536 [M] 2048
 *   free:    0 [o9]    ; 1024 + 0: [o3] (on MOVABLE's list before)
 * Expect pb(8) M M U U R R M M; o9 at 0 on MOVABLE, o3 at 1024 on RECLAIMABLE.
 */
static bool check_reorder(const struct mm_profile *prof)
{
	struct mm_engine *e = pol_new(prof, 2048);
	struct mm_zone_st *z = e->zones;
	static const uint8_t want8[8] = { MT_MOVABLE, MT_MOVABLE, MT_UNMOVABLE, MT_UNMOVABLE,
					  MT_RECLAIMABLE, MT_RECLAIMABLE, MT_MOVABLE, MT_MOVABLE };

	tz_alloc_range(e, 0, 2048, MT_MOVABLE);
	z->pb_mt[1] = MT_UNMOVABLE;
	z->pb_mt[2] = MT_RECLAIMABLE;
	tz_free_block(e, 0, 9, MT_MOVABLE);
	tz_free_block(e, 1024, 3, MT_MOVABLE);
	ASSERT_EQ(pageblock_reorder(e, 8), 0);
	ASSERT_EQ(z->nr_pageblocks, 8);
	ASSERT_EQ(e->k.p->pageblock_order, 8);
	ASSERT_EQ(prof->pageblock_order, 9);
	for (unsigned int i = 0; i < 8; i++)
		ASSERT_EQ(z->pb_mt[i], want8[i]);
	ASSERT_FREE(e, 0, 9, MT_MOVABLE);
	ASSERT_FREE(e, 1024, 3, MT_RECLAIMABLE);
	ASSERT_EQ(z->nr_free_pages, 512 + 8);
	ASSERT_EQ(pageblock_reorder(e, 10), 0);
	ASSERT_EQ(z->nr_pageblocks, 2);
	ASSERT_EQ(z->pb_mt[0], MT_MOVABLE);
	ASSERT_EQ(z->pb_mt[1], MT_RECLAIMABLE);
	ASSERT_FREE(e, 1024, 3, MT_RECLAIMABLE);
	tz_free(e);
	return true;
}

TEST(policy_pageblock_reorder_both)
{
	for_each_profile(check_reorder);
	return true;
}
