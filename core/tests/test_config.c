// SPDX-License-Identifier: GPL-2.0-only
/*
 * Configuration derivation (core/config.h) on small hand-worked shapes. Each test names the
 * kernel function it checks and the versions it holds for; the numbers in the comments are
 * worked by hand from Debian's 6.1.192 / 6.12.117 mm/page_alloc.c, mm/khugepaged.c and
 * mm/vmstat.c, not taken from the code under test. The real snapshots are checked in
 * trace/tests/test_conformance.c.
 */
#include <errno.h>
#include <stdint.h>

#include "../config.h"
#include "../profile.h"
#include "testlib.h"

/*
 * One node, one CPU, x86-64 4K pages, the kernel's default sysctls and the five zones of
 * a Debian amd64 build; managed pages per zone as given (present = managed).
 */
static void shape(struct mm_config_in *in, const uint64_t managed[5], int64_t min_free_kbytes)
{
	static const int64_t ratio[5] = { 256, 256, 32, 0, 0 };

	*in = (struct mm_config_in){ 0 };
	in->nr_zones = in->nr_node_zones = 5;
	in->nr_nodes = 1;
	in->nr_cpus_online = in->nr_cpus_possible = in->nr_node_cpus[0] = 1;
	in->page_shift = 12;
	in->pageblock_order = 9;
	in->min_free_kbytes = min_free_kbytes;
	in->watermark_scale_factor = 10;
	in->watermark_boost_factor = 15000;
	for (int i = 0; i < 5; i++) {
		struct mm_config_zone_in *z = &in->zones[i];

		z->node = 0;
		z->zone_idx = i;
		z->managed_pages = z->present_pages = z->spanned_pages = managed[i];
		z->movable = i == 3;
		z->user = i <= 2;
		in->lowmem_reserve_ratio[i] = ratio[i];
	}
}

static bool kernel(struct mm_kernel *k, const char *name)
{
	return mm_kernel_resolve(k, name, NULL) == 0;
}

/* lib/math/int_sqrt.c int_sqrt(): floor of the square root, all 64 bits */
TEST(config_int_sqrt)
{
	ASSERT_EQ(wmark_int_sqrt(0), 0);
	ASSERT_EQ(wmark_int_sqrt(1), 1);
	ASSERT_EQ(wmark_int_sqrt(3), 1);
	ASSERT_EQ(wmark_int_sqrt(4), 2);
	/* 2744^2 = 7529536, 2745^2 = 7535025 */
	ASSERT_EQ(wmark_int_sqrt(7529536), 2744);
	ASSERT_EQ(wmark_int_sqrt(7535024), 2744);
	ASSERT_EQ(wmark_int_sqrt(7535025), 2745);
	ASSERT_EQ_U64(wmark_int_sqrt(UINT64_MAX), 4294967295ull);
	return true;
}

/* include/linux/math.h mult_frac(): (x / d) * n + ((x % d) * n) / d, no x * n overflow */
TEST(config_mult_frac)
{
	ASSERT_EQ(wmark_mult_frac(3840, 10, 10000), 3);
	ASSERT_EQ(wmark_mult_frac(1081344, 10, 10000), 1081);
	ASSERT_EQ_U64(wmark_mult_frac(UINT64_MAX, 10, 10000), UINT64_MAX / 1000);
	return true;
}

/*
 * zone_batchsize() (6.1 and 6.12 alike), with zone_set_pageset_high_and_batch()'s max(1):
 *   3840:    3840 >> 10 = 3, / 4 = 0 -> 1, rounddown_pow2(1) - 1 = 0 -> stored 1
 *   116230:  113 / 4 = 28, 28 + 14 = 42 -> 32 - 1 = 31 (the 512M guests' DMA32)
 *   502726:  490 -> min(490, 256) = 256 / 4 = 64, 64 + 32 = 96 -> 63
 *   100000:  97 / 4 = 24, 24 + 12 = 36 -> 31
 */
TEST(config_zone_batchsize)
{
	ASSERT_EQ(pcp_zone_batchsize(0, 12), 1);
	ASSERT_EQ(pcp_zone_batchsize(3840, 12), 1);
	ASSERT_EQ(pcp_zone_batchsize(116230, 12), 31);
	ASSERT_EQ(pcp_zone_batchsize(502726, 12), 63);
	ASSERT_EQ(pcp_zone_batchsize(100000, 12), 31);
	ASSERT_EQ(pcp_zone_batchsize(1ull << 40, 12), 63);
	return true;
}

/*
 * __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve() under 6.12, DMA 3840 and
 * DMA32 100000 pages, min_free_kbytes 4096 (pages_min 1024), lowmem 103840:
 *   DMA:   tmp = 1024 * 3840 / 103840 = 37; d = max(37 >> 2, 3840 * 10 / 10000) = 9
 *          -> 37 / 46 / 55 / 64
 *   DMA32: tmp = 1024 * 100000 / 103840 = 986; d = max(246, 100) = 246
 *          -> 986 / 1232 / 1478 / 1724
 *   Movable (empty, capped): clamp(0 / 1024, 32, 128) = 32, d = 0 -> 32 / 32 / 32 / 32
 *   protection: DMA (0, 390, 390, 390, 390) = 100000 / 256; DMA32 all 0 (Normal empty)
 *   calculate_totalreserve_pages(): DMA 390 + 55, DMA32 1478, Movable min(32, 0) = 0
 */
TEST(config_wmarks_6_12)
{
	static const uint64_t managed[5] = { 3840, 100000, 0, 0, 0 };
	struct mm_config_out out;
	struct mm_config_in in;
	struct mm_kernel k;

	ASSERT_TRUE(kernel(&k, "6.12"));
	shape(&in, managed, 4096);
	ASSERT_EQ(mm_config_derive(&k, &in, &out), 0);
	ASSERT_EQ(out.min_free_kbytes, 4096);
	ASSERT_EQ(out.zones[0].wmark[MM_WMARK_MIN], 37);
	ASSERT_EQ(out.zones[0].wmark[MM_WMARK_LOW], 46);
	ASSERT_EQ(out.zones[0].wmark[MM_WMARK_HIGH], 55);
	ASSERT_EQ(out.zones[0].wmark[MM_WMARK_PROMO], 64);
	ASSERT_EQ(out.zones[1].wmark[MM_WMARK_MIN], 986);
	ASSERT_EQ(out.zones[1].wmark[MM_WMARK_LOW], 1232);
	ASSERT_EQ(out.zones[1].wmark[MM_WMARK_HIGH], 1478);
	ASSERT_EQ(out.zones[1].wmark[MM_WMARK_PROMO], 1724);
	for (int w = 0; w < MM_NR_WMARK; w++) {
		ASSERT_EQ(out.zones[2].wmark[w], 0);
		ASSERT_EQ(out.zones[3].wmark[w], 32);
		ASSERT_EQ(out.zones[4].wmark[w], 0);
	}
	ASSERT_EQ(out.zones[0].lowmem_reserve[0], 0);
	for (int j = 1; j < 5; j++)
		ASSERT_EQ(out.zones[0].lowmem_reserve[j], 390);
	for (int j = 0; j < 5; j++)
		ASSERT_EQ(out.zones[1].lowmem_reserve[j], 0);
	ASSERT_EQ(out.zones[0].reserve_pages, 445);
	ASSERT_EQ(out.zones[1].reserve_pages, 1478);
	ASSERT_EQ(out.zones[3].reserve_pages, 0);
	ASSERT_EQ(out.totalreserve_pages, 1923);
	return true;
}

/*
 * The 6.1 vs 6.12 ZONE_MOVABLE difference in __setup_per_zone_wmarks(). DMA 3840, DMA32
 * 100000, Movable 50000, min_free_kbytes 4096 (pages_min 1024):
 *   6.1 counts Movable as lowmem (153840) and gives it tmp as WMARK_MIN:
 *     DMA32 tmp = 1024 * 100000 / 153840 = 665
 *     Movable tmp = 1024 * 50000 / 153840 = 332, d = max(83, 50) = 83 -> 332 / 415 / 498
 *   6.12 leaves it out (103840) and caps WMARK_MIN, while tmp still sets the distances:
 *     DMA32 tmp = 986
 *     Movable tmp = 493, min = clamp(50000 / 1024 = 48, 32, 128) = 48, d = max(123, 50)
 *     = 123 -> 48 / 171 / 294 / 417
 *   An empty Movable zone: 6.1 0 / 0 / 0, 6.12 32 / 32 / 32 (the QEMU guests' zoneinfo).
 */
TEST(config_movable_6_1_vs_6_12)
{
	static const uint64_t managed[5] = { 3840, 100000, 0, 50000, 0 };
	static const uint64_t empty[5] = { 3840, 100000, 0, 0, 0 };
	struct mm_config_out out;
	struct mm_config_in in;
	struct mm_kernel k61, k612;

	ASSERT_TRUE(kernel(&k61, "6.1"));
	ASSERT_TRUE(kernel(&k612, "6.12"));
	shape(&in, managed, 4096);

	ASSERT_EQ(mm_config_derive(&k61, &in, &out), 0);
	ASSERT_EQ(out.zones[1].wmark[MM_WMARK_MIN], 665);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_MIN], 332);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_LOW], 415);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_HIGH], 498);

	ASSERT_EQ(mm_config_derive(&k612, &in, &out), 0);
	ASSERT_EQ(out.zones[1].wmark[MM_WMARK_MIN], 986);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_MIN], 48);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_LOW], 171);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_HIGH], 294);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_PROMO], 417);

	shape(&in, empty, 4096);
	ASSERT_EQ(mm_config_derive(&k61, &in, &out), 0);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_MIN], 0);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_HIGH], 0);
	ASSERT_EQ(mm_config_derive(&k612, &in, &out), 0);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_MIN], 32);
	ASSERT_EQ(out.zones[3].wmark[MM_WMARK_HIGH], 32);
	return true;
}

/*
 * zone_set_pageset_high_and_batch(zone, 0), same shape as config_wmarks_6_12, one CPU:
 *   6.1 pcp->high = zone_highsize() = max(low / 1, batch * 4): DMA max(46, 4) = 46,
 *     DMA32 1232 (batch 31)
 *   6.12 high_min = the same; high_max = zone_highsize(fraction 8): DMA max(480, 4) = 480,
 *     DMA32 100000 / 8 = 12500
 *   6.12 with percpu_pagelist_high_fraction 100: high_min = high_max = DMA32 1000,
 *     DMA max(38, 4) = 38
 *   two CPUs on the node halve them: DMA32 low 1232 / 2 = 616
 */
TEST(config_pcp_high)
{
	static const uint64_t managed[5] = { 3840, 100000, 0, 0, 0 };
	struct mm_config_out out;
	struct mm_config_in in;
	struct mm_kernel k61, k612;

	ASSERT_TRUE(kernel(&k61, "6.1"));
	ASSERT_TRUE(kernel(&k612, "6.12"));
	shape(&in, managed, 4096);
	ASSERT_EQ(mm_config_derive(&k61, &in, &out), 0);
	ASSERT_EQ(out.zones[0].batch, 1);
	ASSERT_EQ(out.zones[0].high, 46);
	ASSERT_EQ(out.zones[1].batch, 31);
	ASSERT_EQ(out.zones[1].high, 1232);

	ASSERT_EQ(mm_config_derive(&k612, &in, &out), 0);
	ASSERT_EQ(out.zones[0].high_min, 46);
	ASSERT_EQ(out.zones[0].high_max, 480);
	ASSERT_EQ(out.zones[1].high_min, 1232);
	ASSERT_EQ(out.zones[1].high_max, 12500);

	in.percpu_pagelist_high_fraction = 100;
	ASSERT_EQ(mm_config_derive(&k612, &in, &out), 0);
	ASSERT_EQ(out.zones[1].high_min, 1000);
	ASSERT_EQ(out.zones[1].high_max, 1000);
	ASSERT_EQ(out.zones[0].high_min, 38);

	in.percpu_pagelist_high_fraction = 0;
	in.nr_cpus_online = in.nr_node_cpus[0] = 2;
	ASSERT_EQ(mm_config_derive(&k61, &in, &out), 0);
	ASSERT_EQ(out.zones[1].high, 616);
	/* zone_highsize(): a node without CPUs splits over all online CPUs */
	in.nr_node_cpus[0] = 0;
	ASSERT_EQ(pcp_zone_highsize(&in, 1, 1232, 31, 0, 0), 616);
	ASSERT_EQ(pcp_zone_highsize(&in, 1, 1232, 31, 1, 0), 1232);
	return true;
}

/*
 * calculate_normal_threshold() (mm/vmstat.c, both): 2 * fls(cpus) * (1 + fls(managed >> 15)),
 * at most 125. 1 CPU: 3840 -> 2 * 1 * 1 = 2; 100000 (>> 15 = 3, fls 2) -> 6. 2 CPUs:
 * 1020293 (>> 15 = 31, fls 5) -> 2 * 2 * 6 = 24. 1024 CPUs (fls 11), 16 GiB -> 125.
 */
TEST(config_normal_threshold)
{
	struct mm_config_in in = { .page_shift = 12, .nr_cpus_online = 1 };

	ASSERT_EQ(wmark_normal_threshold(&in, 3840), 2);
	ASSERT_EQ(wmark_normal_threshold(&in, 100000), 6);
	in.nr_cpus_online = 2;
	ASSERT_EQ(wmark_normal_threshold(&in, 1020293), 24);
	in.nr_cpus_online = 1024;
	ASSERT_EQ(wmark_normal_threshold(&in, 4194304), 125);
	return true;
}

/*
 * The default min_free_kbytes (both): init_per_zone_wmark_min() runs
 * calculate_min_free_kbytes() while every watermark is 0, so lowmem_kbytes = (3840 +
 * 100000) * 4 = 415360 and int_sqrt(415360 * 16) = 2577. With THP, khugepaged's
 * set_recommended_min_free_kbytes() then wants 512 * 2 zones * (2 + 9) = 11264 pages but
 * at most nr_free_buffer_pages() / 20 under the watermarks of 2577 kB (pages_min 644):
 * DMA high 23 + 2 * 5 = 33, DMA32 high 620 + 2 * 155 = 930; (3807 + 99070) / 20 = 5143
 * pages = 20572 kB, which beats 2577.
 */
TEST(config_min_free_kbytes_default)
{
	static const uint64_t managed[5] = { 3840, 100000, 0, 0, 0 };
	struct mm_config_out out;
	struct mm_config_in in;
	struct mm_kernel k;

	ASSERT_TRUE(kernel(&k, "6.1"));
	shape(&in, managed, MM_CONFIG_UNSET);
	ASSERT_EQ(mm_config_derive(&k, &in, &out), 0);
	ASSERT_EQ(out.min_free_kbytes, 2577);
	ASSERT_EQ(out.min_free_kbytes_default, 2577);
	in.thp_enabled = true;
	ASSERT_EQ(mm_config_derive(&k, &in, &out), 0);
	ASSERT_EQ(out.min_free_kbytes, 20572);
	/* a user-set value is kept, and the default still reported */
	in.min_free_kbytes = 8192;
	ASSERT_EQ(mm_config_derive(&k, &in, &out), 0);
	ASSERT_EQ(out.min_free_kbytes, 8192);
	ASSERT_EQ(out.min_free_kbytes_default, 20572);
	/* calculate_min_free_kbytes() clamps to [128, 262144] */
	static const uint64_t tiny[5] = { 1000, 0, 0, 0, 0 };
	shape(&in, tiny, MM_CONFIG_UNSET);
	ASSERT_EQ(mm_config_derive(&k, &in, &out), 0);
	ASSERT_EQ(out.min_free_kbytes, 252);	/* sqrt(4000 * 16) = 252.98 */
	in.zones[0].managed_pages = 100;
	ASSERT_EQ(mm_config_derive(&k, &in, &out), 0);
	ASSERT_EQ(out.min_free_kbytes, 128);
	return true;
}

/*
 * setup_per_zone_lowmem_reserve() (both): a 0 ratio or an empty lower zone clears the
 * row; the sum over the zones above is cumulative. DMA 3840, DMA32 100000, Normal 64000:
 * DMA (0, 390, 640, 640, 640) = 100000 / 256, 164000 / 256; DMA32 (0, 0, 250, 250, 250)
 * = 64000 / 256; Normal ratio 32 over empty zones: 0. DMA ratio 0: DMA row all 0.
 */
TEST(config_lowmem_reserve)
{
	static const uint64_t managed[5] = { 3840, 100000, 64000, 0, 0 };
	struct mm_config_out out;
	struct mm_config_in in;
	struct mm_kernel k;

	ASSERT_TRUE(kernel(&k, "6.12"));
	shape(&in, managed, 4096);
	ASSERT_EQ(mm_config_derive(&k, &in, &out), 0);
	ASSERT_EQ(out.zones[0].lowmem_reserve[1], 390);
	ASSERT_EQ(out.zones[0].lowmem_reserve[2], 640);
	ASSERT_EQ(out.zones[0].lowmem_reserve[4], 640);
	ASSERT_EQ(out.zones[1].lowmem_reserve[1], 0);
	ASSERT_EQ(out.zones[1].lowmem_reserve[2], 250);
	ASSERT_EQ(out.zones[1].lowmem_reserve[4], 250);
	ASSERT_EQ(out.zones[2].lowmem_reserve[3], 0);
	in.lowmem_reserve_ratio[0] = 0;
	ASSERT_EQ(mm_config_derive(&k, &in, &out), 0);
	ASSERT_EQ(out.zones[0].lowmem_reserve[2], 0);
	ASSERT_EQ(out.zones[1].lowmem_reserve[2], 250);
	return true;
}

/* mm_config_derive() refuses shapes it cannot mirror */
TEST(config_bad_input)
{
	static const uint64_t managed[5] = { 3840, 100000, 0, 0, 0 };
	struct mm_config_out out;
	struct mm_config_in in;
	struct mm_kernel k;

	ASSERT_TRUE(kernel(&k, "6.12"));
	shape(&in, managed, 4096);
	in.zones[2].zone_idx = 3;
	ASSERT_EQ(mm_config_derive(&k, &in, &out), -EINVAL);
	shape(&in, managed, 4096);
	in.nr_zones = 0;
	ASSERT_EQ(mm_config_derive(&k, &in, &out), -EINVAL);
	return true;
}
