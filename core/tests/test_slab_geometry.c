// SPDX-License-Identifier: GPL-2.0-only
/*
 * SLUB geometry and kmalloc size classes (core/slab.h). The numbers in the comments are
 * worked by hand from Debian's 6.1.192 / 6.12.117 mm/slub.c (calculate_sizes(),
 * calculate_order(), calc_slab_order(), kmem_cache_open(), set_cpu_partial()),
 * mm/slab_common.c (create_boot_cache(), kmalloc_size_roundup()) and include/linux/slab.h;
 * the kmalloc table is KERNEL-NOTES §10's live 6.18 host (6.12 formulas). The exhaustive
 * tests compare against reference models written here in a different (declarative) form,
 * so a slip in either shows up as a disagreement. The real snapshots are checked in
 * trace/tests/test_conformance.c.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "../gfp.h"
#include "../slab.h"
#include "testlib.h"

static const uint32_t test_cpus[] = { 1, 2, 4, 8, 64, 256 };
#define NR_TEST_CPUS (sizeof(test_cpus) / sizeof(test_cpus[0]))

/* Parameters for profile p with nr CPUs present and possible, Debian's config. */
static void params(struct slab_params *sp, const struct mm_profile *p, uint32_t nr)
{
	slab_params_init(sp, p, NULL, 12);
	sp->nr_cpus_present = sp->nr_cpu_ids = nr;
}

/* ---- reference models of calculate_order(), stated as "which order wins" ---- */

struct ref_order {
	uint32_t objs;		/* (4096 << o) / size */
	uint32_t waste;		/* (4096 << o) % size */
	uint32_t cls;		/* the largest of 16, 8, 4, 2 with waste <= slab / cls; 0 if none */
};

static void ref_orders(uint32_t size, struct ref_order r[4])
{
	for (uint32_t o = 0; o < 4; o++) {
		uint32_t slab = 4096u << o;

		r[o].objs = slab / size;
		r[o].waste = slab % size;
		r[o].cls = 0;
		for (uint32_t k = 16; k >= 2 && !r[o].cls; k /= 2)
			if (r[o].waste <= slab / k)
				r[o].cls = k;
	}
}

static uint32_t ref_get_order(uint32_t size)
{
	uint32_t o = 0;

	while ((4096u << o) < size)
		o++;
	return o;
}

/*
 * 6.12: the orders allowed are those holding min(M, max(objs(3), 1)) objects; the kernel
 * tries fractions 1/16 .. 1/2 and takes the smallest allowed order at the first that
 * any allowed order meets, i.e. the allowed order with the best class, smallest first.
 * No allowed order within slub_max_order 3: get_order(size).
 */
static uint32_t ref_order_6_12(uint32_t size, uint32_t min_objects)
{
	struct ref_order r[4];
	uint32_t want, best = UINT32_MAX;

	ref_orders(size, r);
	want = r[3].objs > 1 ? r[3].objs : 1;
	if (min_objects < want)
		want = min_objects;
	for (uint32_t o = 0; o < 4; o++) {
		if (r[o].objs < want || !r[o].cls)
			continue;
		if (best == UINT32_MAX || r[o].cls > r[best].cls)
			best = o;
	}
	return best != UINT32_MAX ? best : ref_get_order(size);
}

/*
 * 6.1: for m from min(M, objs(3)) down to 2, for fractions 1/16, 1/8, 1/4, the smallest
 * order holding m objects that meets the fraction. So the winner maximises
 * (min(objs, M), class) over orders with class >= 4 and at least 2 objects, smallest order
 * first. Else one object with any waste: get_order(size) (then up to order 10).
 */
static uint32_t ref_order_6_1(uint32_t size, uint32_t min_objects)
{
	struct ref_order r[4];
	uint32_t best = UINT32_MAX, best_m = 0;

	ref_orders(size, r);
	for (uint32_t o = 0; o < 4; o++) {
		uint32_t m = r[o].objs < min_objects ? r[o].objs : min_objects;

		if (m > r[3].objs)
			m = r[3].objs;
		if (m < 2 || r[o].cls < 4)
			continue;
		if (best == UINT32_MAX || m > best_m || (m == best_m && r[o].cls > r[best].cls)) {
			best = o;
			best_m = m;
		}
	}
	return best != UINT32_MAX ? best : ref_get_order(size);
}

/* min_objects = 4 * (fls(nr) + 1), worked: 1 -> 8, 2 -> 12, 4 -> 16, 8 -> 20, 64 -> 32,
 * 256 -> 40 (KERNEL-NOTES §6.3); 3 -> 12; 1 present of 8 possible uses nr_cpu_ids -> 20 */
TEST(slab_min_objects)
{
	static const uint32_t want[NR_TEST_CPUS] = { 8, 12, 16, 20, 32, 40 };
	struct slab_params sp;

	for (size_t i = 0; i < NR_TEST_CPUS; i++) {
		params(&sp, &profile_6_12, test_cpus[i]);
		ASSERT_EQ(slab_min_objects(&sp), want[i]);
	}
	params(&sp, &profile_6_12, 3);
	ASSERT_EQ(slab_min_objects(&sp), 12);
	sp.nr_cpus_present = 1;
	sp.nr_cpu_ids = 8;
	ASSERT_EQ(slab_min_objects(&sp), 20);
	/* num_present_cpus() > 1 wins over nr_cpu_ids */
	sp.nr_cpus_present = 2;
	ASSERT_EQ(slab_min_objects(&sp), 12);
	sp.slub_min_objects = 5;
	ASSERT_EQ(slab_min_objects(&sp), 5);
	return true;
}

/* Every 8-byte size 8..65536, every CPU count, both profiles: the model equals the
 * declarative reference, and objs_per_slab / s->min follow from the order. */
TEST(slab_order_all_sizes)
{
	for (size_t c = 0; c < NR_TEST_CPUS; c++) {
		struct slab_params a, b;
		uint32_t m;

		params(&a, &profile_6_1, test_cpus[c]);
		params(&b, &profile_6_12, test_cpus[c]);
		m = slab_min_objects(&a);
		for (uint32_t size = 8; size <= 65536; size += 8) {
			int oa = slab_calculate_order(&a, size);
			int ob = slab_calculate_order(&b, size);

			if (oa != (int)ref_order_6_1(size, m) || ob != (int)ref_order_6_12(size, m))
				fprintf(stderr, "size %u cpus %u\n", size, test_cpus[c]);
			ASSERT_EQ(oa, ref_order_6_1(size, m));
			ASSERT_EQ(ob, ref_order_6_12(size, m));
			/* a slab holds at least one object, and never more than oo's 15 bits */
			ASSERT_TRUE(slab_order_objects(&a, (uint32_t)oa, size) >= 1);
			ASSERT_TRUE(slab_order_objects(&b, (uint32_t)ob, size) <= 32767);
		}
	}
	return true;
}

/* min_partial (kmem_cache_open()) restated: clamp(ilog2(size) / 2, 5, 10) */
static uint32_t ref_min_partial(uint32_t size)
{
	uint32_t l = 0;

	while ((size >> l) > 1)
		l++;
	l /= 2;
	return l < 5 ? 5 : l > 10 ? 10 : l;
}

/* set_cpu_partial() restated as a table of lower bounds, then slub_set_cpu_partial() */
static uint32_t ref_cpu_partial_slabs(uint32_t size, uint32_t objs)
{
	static const struct { uint32_t from, n; } t[] = { { 4096, 6 }, { 1024, 24 }, { 256, 52 },
							   { 0, 120 } };
	uint32_t n = 0;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (size >= t[i].from) {
			n = t[i].n;
			break;
		}
	return (2 * n + objs - 1) / objs;
}

/*
 * Every CPU count 1..256 and every 8-byte object size 8..65536, both profiles, through
 * the whole of kmem_cache_open() for a plain cache (align 8, no flags): s->size is the
 * size itself (the free pointer lives inside), and order, objs_per_slab, s->min,
 * min_partial and cpu_partial_slabs equal the reference models. min_objects depends on
 * the CPU count only through fls(), so each distinct value is checked once in full and
 * every count checks its min_objects.
 */
TEST(slab_geometry_all_cpus)
{
	uint32_t done = 0;	/* bit m/4: min_objects m already checked */

	for (uint32_t nr = 1; nr <= 256; nr++) {
		struct slab_params a, b;
		uint32_t m, fls = 0;

		while ((nr >> fls) > 0)
			fls++;
		params(&a, &profile_6_1, nr);
		params(&b, &profile_6_12, nr);
		m = slab_min_objects(&a);
		ASSERT_EQ(m, 4 * (fls + 1));
		ASSERT_EQ(slab_min_objects(&b), m);
		if (done & (1u << (m / 4)))
			continue;
		done |= 1u << (m / 4);
		for (uint32_t size = 8; size <= 65536; size += 8) {
			struct slab_geometry ga, gb;
			uint32_t oa = ref_order_6_1(size, m), ob = ref_order_6_12(size, m);

			ASSERT_EQ(slab_cache_open(&a, size, 8, 0, &ga), 0);
			ASSERT_EQ(slab_cache_open(&b, size, 8, 0, &gb), 0);
			ASSERT_EQ(ga.size, size);
			ASSERT_EQ(gb.size, size);
			ASSERT_EQ(ga.order, oa);
			ASSERT_EQ(gb.order, ob);
			ASSERT_EQ(ga.objs_per_slab, (4096u << oa) / size);
			ASSERT_EQ(gb.objs_per_slab, (4096u << ob) / size);
			ASSERT_EQ(ga.min_order, ref_get_order(size));
			ASSERT_EQ(gb.min_objects, (4096u << ref_get_order(size)) / size);
			ASSERT_EQ(ga.min_partial, ref_min_partial(size));
			ASSERT_EQ(gb.min_partial, ref_min_partial(size));
			ASSERT_EQ(ga.cpu_partial_slabs, ref_cpu_partial_slabs(size, ga.objs_per_slab));
			ASSERT_EQ(gb.cpu_partial_slabs, ref_cpu_partial_slabs(size, gb.objs_per_slab));
			/* the profiles part only where KERNEL-NOTES §6.3 says */
			if (size < 10928 || size > 12280)
				ASSERT_EQ(ga.order, gb.order);
		}
	}
	/* fls() classes 1..9 of 1..256 */
	ASSERT_EQ(__builtin_popcount(done), 9);
	return true;
}

/*
 * KERNEL-NOTES §6.3: the two algorithms differ exactly for s->size 10928..12280 (170
 * sizes), 6.1 order 2 with one object, 6.12 order 3 with two, at every CPU count.
 * 10920 still fits three objects in order 3 (32760, waste 8) and 12288 two with waste
 * 8192 = 1/4: there both agree. 11000: 6.12 min_order get_order(22000) = 3, waste 10768
 * only passes 1/2; 6.1 has no m >= 2 passing 1/4 and falls back to get_order(11000) = 2.
 */
TEST(slab_order_6_1_vs_6_12)
{
	for (size_t c = 0; c < NR_TEST_CPUS; c++) {
		struct slab_params a, b;
		uint32_t nr_differ = 0;

		params(&a, &profile_6_1, test_cpus[c]);
		params(&b, &profile_6_12, test_cpus[c]);
		for (uint32_t size = 8; size <= 65536; size += 8) {
			int oa = slab_calculate_order(&a, size);
			int ob = slab_calculate_order(&b, size);
			bool in_range = size >= 10928 && size <= 12280;

			if (in_range) {
				ASSERT_EQ(oa, 2);
				ASSERT_EQ(ob, 3);
				ASSERT_EQ(slab_order_objects(&a, 2, size), 1);
				ASSERT_EQ(slab_order_objects(&b, 3, size), 2);
			} else {
				ASSERT_EQ(oa, ob);
			}
			nr_differ += oa != ob;
		}
		ASSERT_EQ(nr_differ, 170);
	}
	return true;
}

/* Hand-worked orders (2 CPUs, min_objects 12, unless stated). */
TEST(slab_order_examples)
{
	struct slab_params a, b;

	params(&a, &profile_6_1, 2);
	params(&b, &profile_6_12, 2);
	/* 700: 12 * 700 = 8400 -> order 2; 16384 % 700 = 284 <= 1024 -> 2, 23 objects */
	ASSERT_EQ(slab_calculate_order(&a, 700), 2);
	ASSERT_EQ(slab_calculate_order(&b, 700), 2);
	ASSERT_EQ(slab_order_objects(&b, 2, 700), 23);
	/* 3000: objs(3) = 10 -> 30000 -> order 3; 32768 % 3000 = 2768 > 2048, <= 4096 -> 3 */
	ASSERT_EQ(slab_calculate_order(&a, 3000), 3);
	ASSERT_EQ(slab_calculate_order(&b, 3000), 3);
	/* 11000: see slab_order_6_1_vs_6_12 */
	ASSERT_EQ(slab_calculate_order(&a, 11000), 2);
	ASSERT_EQ(slab_calculate_order(&b, 11000), 3);
	/* 20000: one object; min_order get_order(20000) = 3, waste 12768 <= 1/2 -> 3 */
	ASSERT_EQ(slab_calculate_order(&a, 20000), 3);
	ASSERT_EQ(slab_calculate_order(&b, 20000), 3);
	/* 40000: nothing within slub_max_order 3 -> get_order(40000) = 4 */
	ASSERT_EQ(slab_calculate_order(&a, 40000), 4);
	ASSERT_EQ(slab_calculate_order(&b, 40000), 4);
	/* 4 MiB + 8: get_order 11 > MAX_PAGE_ORDER 10 -> the kernel fails the cache */
	ASSERT_EQ(slab_calculate_order(&a, (4u << 20) + 8), -ENOSYS);
	ASSERT_EQ(slab_calculate_order(&b, (4u << 20) + 8), -ENOSYS);
	/* 1024 with 1 CPU (min_objects 8): 8192 -> order 1, 8 objects; 2 CPUs: 12288 -> 2 */
	params(&b, &profile_6_12, 1);
	ASSERT_EQ(slab_calculate_order(&b, 1024), 1);
	params(&b, &profile_6_12, 2);
	ASSERT_EQ(slab_calculate_order(&b, 1024), 2);
	/* 256 CPUs (40): 256 -> 10240 -> order 2, 64 objects; 64 CPUs (32): 8192 -> 1 */
	params(&b, &profile_6_12, 256);
	ASSERT_EQ(slab_calculate_order(&b, 256), 2);
	params(&b, &profile_6_12, 64);
	ASSERT_EQ(slab_calculate_order(&b, 256), 1);
	return true;
}

/*
 * Boot parameters. slub_max_order=0: 6.12 allows only order 0 (max_objects 4096/3000 = 1,
 * waste 1096 <= 1/2); 6.1 finds no m >= 2 and takes get_order(3000) = 0 too.
 * slub_min_order=9 with 8-byte objects: (4096 << 9) / 8 = 262144 > MAX_OBJS_PER_PAGE, so
 * both return get_order(8 * 32767) - 1 = 6 - 1 = 5 (6.12 first raises max_order to 9).
 * slub_min_objects=4 on 2 CPUs: 4 * 1024 = 4096 -> order 0, 4 objects.
 */
TEST(slab_order_cmdline)
{
	struct slab_params a, b;

	params(&a, &profile_6_1, 2);
	params(&b, &profile_6_12, 2);
	a.slub_max_order = b.slub_max_order = 0;
	ASSERT_EQ(slab_calculate_order(&a, 3000), 0);
	ASSERT_EQ(slab_calculate_order(&b, 3000), 0);
	/* 6000 does not fit order 0: both fall back to get_order(6000) = 1 */
	ASSERT_EQ(slab_calculate_order(&a, 6000), 1);
	ASSERT_EQ(slab_calculate_order(&b, 6000), 1);

	params(&a, &profile_6_1, 2);
	params(&b, &profile_6_12, 2);
	a.slub_min_order = 9;
	b.slub_min_order = b.slub_max_order = 9;
	ASSERT_EQ(slab_calculate_order(&a, 8), 5);
	ASSERT_EQ(slab_calculate_order(&b, 8), 5);

	params(&b, &profile_6_12, 2);
	b.slub_min_objects = 4;
	ASSERT_EQ(slab_calculate_order(&b, 1024), 0);
	return true;
}

/* slab_params_init() from a machine: CPUs, boot parameters (6.12's min/max clamping),
 * config. */
TEST(slab_params_from_machine)
{
	struct mm_machine m;
	struct slab_params sp;

	mm_machine__init(&m);
	m.has = MM_MACHINE_HAS_CPUS_ONLINE | MM_MACHINE_HAS_CPUS_POSSIBLE | MM_MACHINE_HAS_CMDLINE |
		MM_MACHINE_HAS_KCONFIG;
	m.nr_cpus_online = 1;
	m.nr_cpus_possible = 4;
	m.cmdline.has = MM_CMDLINE_SLUB_MIN_ORDER;
	m.cmdline.slub_min_order = 5;
	m.kconfig[MM_KCONFIG_SLUB_CPU_PARTIAL].state = MM_KCONFIG_NOT_SET;
	m.kconfig[MM_KCONFIG_MEMCG].state = MM_KCONFIG_YES;
	slab_params_init(&sp, &profile_6_12, &m, 0);
	ASSERT_EQ(sp.page_shift, 12);
	ASSERT_EQ(sp.max_page_order, 10);
	ASSERT_EQ(sp.nr_cpus_present, 1);
	ASSERT_EQ(sp.nr_cpu_ids, 4);
	ASSERT_EQ(slab_min_objects(&sp), 16);	/* fls(4) = 3 */
	ASSERT_EQ(sp.slub_min_order, 5);
	ASSERT_EQ(sp.slub_max_order, 5);	/* setup_slub_min_order() raised it */
	ASSERT_TRUE(!sp.cpu_partial);
	ASSERT_TRUE(sp.memcg);
	ASSERT_TRUE(sp.zone_dma);		/* not in the config: Debian's =y */
	slab_params_init(&sp, &profile_6_1, &m, 0);
	ASSERT_EQ(sp.slub_max_order, 3);	/* 6.1 leaves it */
	ASSERT_TRUE(sp.order_6_12 == false && sp.kmalloc_align_ffs == false);
	m.cmdline.has |= MM_CMDLINE_SLUB_MAX_ORDER;
	m.cmdline.slub_max_order = 20;
	slab_params_init(&sp, &profile_6_1, &m, 0);
	ASSERT_EQ(sp.slub_max_order, 10);	/* min(20, MAX_ORDER - 1) */
	return true;
}

/*
 * calculate_sizes() layouts (both unless stated), align 8:
 *   52, no flags:  ALIGN(52, 8) = 56 = inuse, free pointer ALIGN_DOWN(26, 8) = 24 -> 56
 *   52, ctor:      free pointer after the object at 56 -> 64
 *   52, RCU:       64; 6.12 with a freeptr_offset (filp): inside -> 56; 6.1 has no such
 *                  argument -> 64
 *   100, align 64: ALIGN(104, 64) = 128
 */
TEST(slab_calculate_sizes_layout)
{
	struct slab_params a, b;
	struct slab_geometry g;

	params(&a, &profile_6_1, 2);
	params(&b, &profile_6_12, 2);
	ASSERT_EQ(slab_calculate_sizes(&b, 52, 8, 0, &g), 0);
	ASSERT_EQ(g.size, 56);
	ASSERT_EQ(g.inuse, 56);
	ASSERT_EQ(g.offset, 24);
	ASSERT_TRUE(!g.freeptr_outside);
	ASSERT_EQ(slab_calculate_sizes(&b, 52, 8, SLAB_F_CTOR, &g), 0);
	ASSERT_EQ(g.size, 64);
	ASSERT_EQ(g.offset, 56);
	ASSERT_TRUE(g.freeptr_outside);
	ASSERT_EQ(slab_calculate_sizes(&b, 52, 8, SLAB_F_TYPESAFE_BY_RCU, &g), 0);
	ASSERT_EQ(g.size, 64);
	ASSERT_EQ(slab_calculate_sizes(&b, 52, 8, SLAB_F_TYPESAFE_BY_RCU | SLAB_F_FREEPTR_OFFSET,
				       &g), 0);
	ASSERT_EQ(g.size, 56);
	ASSERT_EQ(slab_calculate_sizes(&a, 52, 8, SLAB_F_TYPESAFE_BY_RCU | SLAB_F_FREEPTR_OFFSET,
				       &g), 0);
	ASSERT_EQ(g.size, 64);
	ASSERT_EQ(slab_calculate_sizes(&b, 100, 64, 0, &g), 0);
	ASSERT_EQ(g.size, 128);
	/* s->oo and s->min: 128 on 2 CPUs: 12 * 128 = 1536 -> order 0, 32; min order 0 */
	ASSERT_EQ(g.order, 0);
	ASSERT_EQ(g.objs_per_slab, 32);
	ASSERT_EQ(g.min_order, 0);
	ASSERT_EQ(g.min_objects, 32);
	/* allocflags: 6.12 always __GFP_COMP, 6.1 only above order 0; RECLAIMABLE, DMA */
	ASSERT_EQ_U64(g.allocflags, MM__GFP_COMP);
	ASSERT_EQ(slab_calculate_sizes(&a, 100, 64, SLAB_F_RECLAIM_ACCOUNT, &g), 0);
	ASSERT_EQ_U64(g.allocflags, MM__GFP_RECLAIMABLE);
	ASSERT_EQ(slab_calculate_sizes(&a, 4096, 8, SLAB_F_CACHE_DMA, &g), 0);
	ASSERT_EQ_U64(g.allocflags, MM__GFP_COMP | MM__GFP_DMA);
	/* s->min for 5000: get_order(5000) = 1, 8192 / 5000 = 1; oo: 12 * 5000 -> order 3,
	 * 32768 % 5000 = 2768 <= 4096 -> 3, 6 objects */
	ASSERT_EQ(slab_calculate_sizes(&b, 5000, 8, 0, &g), 0);
	ASSERT_EQ(g.order, 3);
	ASSERT_EQ(g.objs_per_slab, 6);
	ASSERT_EQ(g.min_order, 1);
	ASSERT_EQ(g.min_objects, 1);
	/* bad input */
	ASSERT_EQ(slab_calculate_sizes(&b, 0, 8, 0, &g), -EINVAL);
	ASSERT_EQ(slab_calculate_sizes(&b, 64, 24, 0, &g), -EINVAL);
	ASSERT_EQ(slab_calculate_sizes(&b, 64, 0, 0, &g), -EINVAL);
	ASSERT_EQ(slab_calculate_sizes(&b, (4u << 20) + 1, 8, 0, &g), -EINVAL);
	return true;
}

/*
 * Debug layouts (track 32 bytes with STACKDEPOT):
 *   64, POISON|RED_ZONE|STORE_USER, align 8, not kmalloc (both):
 *     64 == object_size -> +8 = 72 = inuse; poison: free pointer at 72 -> 80;
 *     +2*32 = 144; red zone +8 = 152, red_left_pad ALIGN(8, 8) = 8 -> 160
 *   kmalloc-64, RED_ZONE|STORE_USER, align 64:
 *     6.12: 72 = inuse; orig_size + red zone -> free pointer at 72 -> 80; +64 = 144;
 *           +8 (unsigned long orig_size) = 152; +8 = 160; red_left_pad 64 -> 224 -> 256
 *     6.1:  72; free pointer inside at ALIGN_DOWN(32, 8) = 32; +64 = 136; +4 = 140;
 *           +8 = 148; +64 = 212 -> 256
 *   4, RED_ZONE, align 8: ALIGN(4, 8) = 8 (!= 4, no word added) = inuse; object < word
 *     -> free pointer at 8 -> 16; +8 = 24; +8 = 32
 */
#define RZ_SU_KMALLOC (SLAB_F_RED_ZONE | SLAB_F_STORE_USER | SLAB_F_KMALLOC)

TEST(slab_calculate_sizes_debug)
{
	struct slab_params a, b;
	struct slab_geometry g;

	params(&a, &profile_6_1, 2);
	params(&b, &profile_6_12, 2);
	for (int v = 0; v < 2; v++) {
		ASSERT_EQ(slab_calculate_sizes(v ? &b : &a, 64, 8,
					       SLAB_F_POISON | SLAB_F_RED_ZONE | SLAB_F_STORE_USER,
					       &g), 0);
		ASSERT_EQ(g.inuse, 72);
		ASSERT_EQ(g.offset, 72);
		ASSERT_EQ(g.red_left_pad, 8);
		ASSERT_EQ(g.size, 160);
	}
	ASSERT_EQ(slab_calculate_sizes(&b, 64, 64, RZ_SU_KMALLOC, &g), 0);
	ASSERT_EQ(g.offset, 72);
	ASSERT_EQ(g.red_left_pad, 64);
	ASSERT_EQ(g.size, 256);
	ASSERT_EQ(slab_calculate_sizes(&a, 64, 64, RZ_SU_KMALLOC, &g), 0);
	ASSERT_EQ(g.offset, 32);
	ASSERT_EQ(g.size, 256);
	/* align 8: 6.1 140 + 8 + 8 = 156 -> 160; 6.12 152 + 8 + 8 = 168, one word more for
	 * the free pointer it moves out. (orig_size's 4 vs 8 bytes never shows in s->size:
	 * everything else is a multiple of 8 and the result is aligned to 8.) */
	ASSERT_EQ(slab_calculate_sizes(&a, 64, 8, RZ_SU_KMALLOC, &g), 0);
	ASSERT_EQ(g.size, 160);
	ASSERT_EQ(slab_calculate_sizes(&b, 64, 8, RZ_SU_KMALLOC, &g), 0);
	ASSERT_EQ(g.size, 168);
	ASSERT_EQ(slab_calculate_sizes(&b, 4, 8, SLAB_F_RED_ZONE, &g), 0);
	ASSERT_EQ(g.inuse, 8);
	ASSERT_EQ(g.offset, 8);
	ASSERT_EQ(g.size, 32);
	return true;
}

/* calculate_alignment(): HWCACHE halves 64 while size <= ralign / 2; at least 8 */
TEST(slab_calculate_alignment)
{
	ASSERT_EQ(slab_calculate_alignment(SLAB_F_HWCACHE_ALIGN, 0, 100), 64);
	ASSERT_EQ(slab_calculate_alignment(SLAB_F_HWCACHE_ALIGN, 0, 33), 64);
	ASSERT_EQ(slab_calculate_alignment(SLAB_F_HWCACHE_ALIGN, 0, 32), 32);
	ASSERT_EQ(slab_calculate_alignment(SLAB_F_HWCACHE_ALIGN, 0, 24), 32);
	ASSERT_EQ(slab_calculate_alignment(SLAB_F_HWCACHE_ALIGN, 0, 8), 8);
	ASSERT_EQ(slab_calculate_alignment(SLAB_F_HWCACHE_ALIGN, 128, 8), 128);
	ASSERT_EQ(slab_calculate_alignment(0, 0, 100), 8);
	ASSERT_EQ(slab_calculate_alignment(0, 4, 100), 8);
	ASSERT_EQ(slab_calculate_alignment(0, 16, 100), 16);
	return true;
}

/* min_partial = clamp(ilog2(size) / 2, 5, 10): 8 -> 1 -> 5; 2048 -> 5; 4096 -> 6;
 * 8192 -> 6; 65536 -> 8; 2^20 -> 10; 2^22 -> 11 -> 10 */
TEST(slab_min_partial)
{
	ASSERT_EQ(slab_set_min_partial(8), 5);
	ASSERT_EQ(slab_set_min_partial(2048), 5);
	ASSERT_EQ(slab_set_min_partial(4095), 5);
	ASSERT_EQ(slab_set_min_partial(4096), 6);
	ASSERT_EQ(slab_set_min_partial(8192), 6);
	ASSERT_EQ(slab_set_min_partial(16384), 7);
	ASSERT_EQ(slab_set_min_partial(65536), 8);
	ASSERT_EQ(slab_set_min_partial(1u << 20), 10);
	ASSERT_EQ(slab_set_min_partial(1u << 22), 10);
	return true;
}

/* set_cpu_partial(): 120 below 256, 52 below 1024, 24 below PAGE_SIZE, 6 from it; 0 for
 * debug caches and without CONFIG_SLUB_CPU_PARTIAL; slabs = DIV_ROUND_UP(2 * n, objs) */
TEST(slab_cpu_partial)
{
	static const struct {
		uint32_t size, objs, cpu_partial, slabs;
	} cases[] = {
		{ 8, 512, 120, 1 },	/* 240 / 512 -> 1 */
		{ 248, 16, 120, 15 },	/* 240 / 16 */
		{ 256, 16, 52, 7 },	/* 104 / 16 -> 7 */
		{ 1016, 32, 52, 4 },	/* 104 / 32 -> 4 */
		{ 1024, 16, 24, 3 },	/* 48 / 16 */
		{ 4088, 8, 24, 6 },
		{ 4096, 8, 6, 2 },	/* 12 / 8 -> 2 */
		{ 8192, 4, 6, 3 },
	};
	struct slab_params sp;

	params(&sp, &profile_6_12, 2);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct slab_geometry g = { .size = cases[i].size, .objs_per_slab = cases[i].objs };

		slab_set_cpu_partial(&sp, 0, &g);
		ASSERT_EQ(g.cpu_partial, cases[i].cpu_partial);
		ASSERT_EQ(g.cpu_partial_slabs, cases[i].slabs);
		slab_set_cpu_partial(&sp, SLAB_F_STORE_USER, &g);
		ASSERT_EQ(g.cpu_partial, 0);
		ASSERT_EQ(g.cpu_partial_slabs, 0);
	}
	/* SLAB_CONSISTENCY_CHECKS alone is a debug cache too; RCU / ctor are not */
	{
		struct slab_geometry g = { .size = 64, .objs_per_slab = 64 };

		slab_set_cpu_partial(&sp, SLAB_F_CONSISTENCY_CHECKS, &g);
		ASSERT_EQ(g.cpu_partial, 0);
		slab_set_cpu_partial(&sp, SLAB_F_TYPESAFE_BY_RCU | SLAB_F_CTOR, &g);
		ASSERT_EQ(g.cpu_partial, 120);
		sp.cpu_partial = false;
		slab_set_cpu_partial(&sp, 0, &g);
		ASSERT_EQ(g.cpu_partial, 0);
	}
	return true;
}

/*
 * KERNEL-NOTES §10, the live 6.18 host (6.12 formulas, 2 CPUs): every kmalloc cache's
 * align, slab_size, order, objs_per_slab, min_partial and cpu_partial. 6.1 aligns 96 and
 * 192 to 8 only; the rest of its geometry is the same.
 */
TEST(slab_kmalloc_caches_live)
{
	static const struct {
		const char *name;
		uint32_t size, align, order, objs, min_partial, cpu_partial;
	} live[] = {
		{ "kmalloc-8", 8, 8, 0, 512, 5, 120 },
		{ "kmalloc-16", 16, 16, 0, 256, 5, 120 },
		{ "kmalloc-32", 32, 32, 0, 128, 5, 120 },
		{ "kmalloc-64", 64, 64, 0, 64, 5, 120 },
		{ "kmalloc-96", 96, 32, 0, 42, 5, 120 },
		{ "kmalloc-128", 128, 128, 0, 32, 5, 120 },
		{ "kmalloc-192", 192, 64, 0, 21, 5, 120 },
		{ "kmalloc-256", 256, 256, 0, 16, 5, 52 },
		{ "kmalloc-512", 512, 512, 1, 16, 5, 52 },
		{ "kmalloc-1k", 1024, 1024, 2, 16, 5, 24 },
		{ "kmalloc-2k", 2048, 2048, 3, 16, 5, 24 },
		{ "kmalloc-4k", 4096, 4096, 3, 8, 6, 6 },
		{ "kmalloc-8k", 8192, 8192, 3, 4, 6, 6 },
	};
	struct slab_params a, b;

	params(&a, &profile_6_1, 2);
	params(&b, &profile_6_12, 2);
	for (size_t i = 0; i < sizeof(live) / sizeof(live[0]); i++) {
		uint32_t size = live[i].size, align_6_1;
		struct slab_geometry g;
		char name[24];
		int idx = kmalloc_index(&b, size);

		ASSERT_TRUE(idx > 0);
		ASSERT_EQ(kmalloc_index_size((uint32_t)idx), size);
		ASSERT_EQ(kmalloc_cache_name((uint32_t)idx, KMALLOC_NORMAL, name, sizeof(name)), 0);
		ASSERT_STREQ(name, live[i].name);
		ASSERT_EQ(kmalloc_cache_align(&b, size), live[i].align);
		align_6_1 = size == 96 || size == 192 ? 8 : live[i].align;
		ASSERT_EQ(kmalloc_cache_align(&a, size), align_6_1);
		for (int v = 0; v < 2; v++) {
			struct slab_params *sp = v ? &b : &a;

			ASSERT_EQ(slab_cache_open(sp, size, kmalloc_cache_align(sp, size),
						  SLAB_F_KMALLOC, &g), 0);
			ASSERT_EQ(g.size, size);
			ASSERT_EQ(g.order, live[i].order);
			ASSERT_EQ(g.objs_per_slab, live[i].objs);
			ASSERT_EQ(g.min_partial, live[i].min_partial);
			ASSERT_EQ(g.cpu_partial, live[i].cpu_partial);
		}
	}
	return true;
}

/* kmalloc_index() at every boundary (include/linux/slab.h __kmalloc_index()) and
 * kmalloc_size_roundup() (6.1: everything above 8192 rounds to pages, even past 4 MiB;
 * 6.12: above KMALLOC_MAX_SIZE the size comes back) */
TEST(slab_kmalloc_index_roundup)
{
	static const struct {
		uint64_t size;
		int index;
		uint64_t roundup;
	} cases[] = {
		{ 0, 0, 0 },	  { 1, 3, 8 },	     { 8, 3, 8 },	 { 9, 4, 16 },
		{ 16, 4, 16 },	  { 17, 5, 32 },     { 32, 5, 32 },	 { 33, 6, 64 },
		{ 64, 6, 64 },	  { 65, 1, 96 },     { 96, 1, 96 },	 { 97, 7, 128 },
		{ 128, 7, 128 },  { 129, 2, 192 },   { 192, 2, 192 },	 { 193, 8, 256 },
		{ 256, 8, 256 },  { 257, 9, 512 },   { 512, 9, 512 },	 { 513, 10, 1024 },
		{ 1024, 10, 1024 }, { 1025, 11, 2048 }, { 2048, 11, 2048 }, { 2049, 12, 4096 },
		{ 4096, 12, 4096 }, { 4097, 13, 8192 }, { 8192, 13, 8192 }, { 8193, -1, 16384 },
		{ 16384, -1, 16384 }, { 16385, -1, 32768 }, { 4u << 20, -1, 4u << 20 },
	};
	struct slab_params a, b;

	params(&a, &profile_6_1, 1);
	params(&b, &profile_6_12, 1);
	ASSERT_EQ_U64(kmalloc_max_cache_size(&b), 8192);
	ASSERT_EQ_U64(kmalloc_max_size(&a), 4u << 20);
	ASSERT_EQ_U64(kmalloc_max_size(&b), 4u << 20);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int v = 0; v < 2; v++) {
			struct slab_params *sp = v ? &b : &a;

			ASSERT_EQ(kmalloc_index(sp, cases[i].size), cases[i].index);
			ASSERT_EQ_U64(kmalloc_size_roundup(sp, cases[i].size), cases[i].roundup);
		}
	}
	ASSERT_EQ_U64(kmalloc_size_roundup(&a, (4u << 20) + 1), 8u << 20);
	ASSERT_EQ_U64(kmalloc_size_roundup(&b, (4u << 20) + 1), (4u << 20) + 1);
	/* every size 1..8192 rounds to a class that holds it, and to no larger class than
	 * the next one up */
	for (uint64_t s = 1; s <= 8192; s++) {
		uint64_t r = kmalloc_size_roundup(&b, s);

		ASSERT_TRUE(r >= s);
		ASSERT_EQ_U64(kmalloc_size_roundup(&b, r), r);
		ASSERT_TRUE(s == 1 || kmalloc_size_roundup(&b, s - 1) <= r);
	}
	return true;
}

/* kmalloc_type(): DMA before RECLAIMABLE before ACCOUNT; ACCOUNT without memcg is not a
 * reason to leave NORMAL, RECLAIMABLE|ACCOUNT is rcl; DMA without ZONE_DMA is normal */
TEST(slab_kmalloc_type)
{
	struct kmalloc_class kc;
	struct slab_params sp;

	params(&sp, &profile_6_12, 2);
	ASSERT_EQ(kmalloc_type(&sp, MM_GFP_KERNEL), KMALLOC_NORMAL);
	ASSERT_EQ(kmalloc_type(&sp, MM_GFP_KERNEL | MM__GFP_RECLAIMABLE), KMALLOC_RECLAIM);
	ASSERT_EQ(kmalloc_type(&sp, MM_GFP_KERNEL_ACCOUNT), KMALLOC_CGROUP);
	ASSERT_EQ(kmalloc_type(&sp, MM_GFP_KERNEL_ACCOUNT | MM__GFP_RECLAIMABLE), KMALLOC_RECLAIM);
	ASSERT_EQ(kmalloc_type(&sp, MM__GFP_DMA | MM__GFP_RECLAIMABLE | MM__GFP_ACCOUNT),
		  KMALLOC_DMA);
	/* __GFP_MOVABLE is not one of KMALLOC_NOT_NORMAL_BITS */
	ASSERT_EQ(kmalloc_type(&sp, MM_GFP_KERNEL | MM__GFP_MOVABLE), KMALLOC_NORMAL);
	sp.memcg = false;
	ASSERT_EQ(kmalloc_type(&sp, MM_GFP_KERNEL_ACCOUNT), KMALLOC_NORMAL);
	sp.zone_dma = false;
	ASSERT_EQ(kmalloc_type(&sp, MM__GFP_DMA), KMALLOC_NORMAL);

	params(&sp, &profile_6_12, 2);
	ASSERT_EQ(kmalloc_classify(&sp, 70, MM_GFP_KERNEL | MM__GFP_RECLAIMABLE, &kc), 0);
	ASSERT_STREQ(kc.name, "kmalloc-rcl-96");
	ASSERT_EQ_U64(kc.bytes_alloc, 96);
	ASSERT_TRUE(!kc.large);
	ASSERT_EQ(kmalloc_classify(&sp, 1000, MM_GFP_KERNEL_ACCOUNT, &kc), 0);
	ASSERT_STREQ(kc.name, "kmalloc-cg-1k");
	ASSERT_EQ(kmalloc_classify(&sp, 5000, MM__GFP_DMA | MM_GFP_KERNEL, &kc), 0);
	ASSERT_STREQ(kc.name, "dma-kmalloc-8k");
	ASSERT_EQ(kmalloc_classify(&sp, 150, MM_GFP_KERNEL, &kc), 0);
	ASSERT_STREQ(kc.name, "kmalloc-192");
	/* large: 8193 -> get_order 2 (16384 bytes), __GFP_COMP added */
	ASSERT_EQ(kmalloc_classify(&sp, 8193, MM_GFP_KERNEL, &kc), 0);
	ASSERT_TRUE(kc.large);
	ASSERT_EQ(kc.order, 2);
	ASSERT_EQ_U64(kc.bytes_alloc, 16384);
	ASSERT_EQ_U64(kc.gfp, MM_GFP_KERNEL | MM__GFP_COMP);
	ASSERT_STREQ(kc.name, "");
	ASSERT_EQ(kmalloc_classify(&sp, 4u << 20, MM_GFP_KERNEL, &kc), 0);
	ASSERT_EQ(kc.order, 10);
	ASSERT_EQ(kmalloc_classify(&sp, (4u << 20) + 1, MM_GFP_KERNEL, &kc), -EINVAL);
	ASSERT_EQ(kmalloc_classify(&sp, 0, MM_GFP_KERNEL, &kc), -EINVAL);
	/* names: no cache at index 0, unknown type, short buffer */
	{
		char buf[8];

		ASSERT_EQ(kmalloc_cache_name(0, KMALLOC_NORMAL, buf, sizeof(buf)), -EINVAL);
		ASSERT_EQ(kmalloc_cache_name(3, NR_KMALLOC_TYPES, buf, sizeof(buf)), -EINVAL);
		ASSERT_EQ(kmalloc_cache_name(13, KMALLOC_CGROUP, buf, sizeof(buf)), -ENOSPC);
	}
	return true;
}

/* slab_check() on a two-cache machine: one cache as the kernel made it, one whose order
 * and slab_size were altered, and one without the flag attributes (slab_size not
 * derivable, the rest checked). */
TEST(slab_check_synthetic)
{
	static const uint32_t base_has = 1u << MM_SLAB_OBJECT_SIZE | 1u << MM_SLAB_SLAB_SIZE |
					 1u << MM_SLAB_ALIGN | 1u << MM_SLAB_ORDER |
					 1u << MM_SLAB_OBJS_PER_SLAB | 1u << MM_SLAB_MIN_PARTIAL |
					 1u << MM_SLAB_CPU_PARTIAL;
	static const uint32_t flag_has = 1u << MM_SLAB_DESTROY_BY_RCU | 1u << MM_SLAB_POISON |
					 1u << MM_SLAB_RED_ZONE | 1u << MM_SLAB_STORE_USER;
	struct mm_slab_cache caches[3] = {
		/* 52 + ctor: 64, 12 * 64 -> order 0, 64 objects */
		{ .name = "a", .has = base_has | flag_has | 1u << MM_SLAB_CTOR, .object_size = 52,
		  .slab_size = 64, .align = 8, .order = 0, .objs_per_slab = 64, .min_partial = 5,
		  .cpu_partial = 120, .ctor = 1 },
		{ .name = "b", .has = base_has | flag_has, .object_size = 52, .slab_size = 64,
		  .align = 8, .order = 1, .objs_per_slab = 64, .min_partial = 5,
		  .cpu_partial = 120 },
		{ .name = "c", .has = base_has, .object_size = 52, .slab_size = 64, .align = 8,
		  .order = 0, .objs_per_slab = 64, .min_partial = 5, .cpu_partial = 120 },
	};
	struct mm_machine m;
	struct slab_check c;

	mm_machine__init(&m);
	m.has = MM_MACHINE_HAS_CPUS_ONLINE;
	m.nr_cpus_online = 2;
	m.nr_slab_caches = 3;
	m.slab_caches = caches;
	ASSERT_EQ(slab_check(&profile_6_12, &m, 12, &c), 0);
	ASSERT_EQ(c.nr_caches, 3);
	ASSERT_EQ(c.min_objects, 12);
	ASSERT_EQ(c.nr_checked[SLAB_CHECK_SLAB_SIZE], 2);
	ASSERT_EQ(c.nr_ok[SLAB_CHECK_SLAB_SIZE], 1);
	ASSERT_EQ(c.nr_underived[SLAB_CHECK_SLAB_SIZE], 1);
	ASSERT_EQ(c.nr_checked[SLAB_CHECK_ORDER], 3);
	ASSERT_EQ(c.nr_ok[SLAB_CHECK_ORDER], 2);
	ASSERT_EQ(c.nr_ok[SLAB_CHECK_OBJS_PER_SLAB], 3);
	ASSERT_EQ(c.nr_checked[SLAB_CHECK_CPU_PARTIAL_SLABS], 0);
	ASSERT_EQ(c.nr_mismatches, 2);
	ASSERT_EQ(c.nr_rows, 2);
	/* "b": no ctor -> 56 derived, 64 observed; order 0 derived (from 64), 1 observed */
	ASSERT_EQ(c.rows[0].cache, 1);
	ASSERT_EQ(c.rows[0].field, SLAB_CHECK_SLAB_SIZE);
	ASSERT_EQ(c.rows[0].derived, 56);
	ASSERT_EQ(c.rows[0].observed, 64);
	ASSERT_EQ(c.rows[1].field, SLAB_CHECK_ORDER);
	ASSERT_EQ(c.rows[1].derived, 0);
	ASSERT_EQ(c.rows[1].observed, 1);
	ASSERT_STREQ(slab_check_field_name(c.rows[1].field), "order");
	slab_check__free(&c);
	slab_check__free(NULL);
	return true;
}
