/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SLUB cache geometry and kmalloc size classes (KERNEL-NOTES §6), mirrored from Debian's
 * 6.1.192 and 6.12.117 mm/slub.c, mm/slab_common.c and include/linux/slab.h:
 *
 *   object_size, align, flags --slab_calculate_sizes()--> s->size, s->inuse, s->offset
 *   s->size, CPUs, cmdline    --slab_calculate_order()--> s->oo (order, objects), s->min
 *   s->size                   --slab_set_min_partial(), slab_set_cpu_partial()-->
 *                                                          min_partial, cpu_partial(_slabs)
 *   size, gfp                 --kmalloc_index(), kmalloc_type()--> "kmalloc-rcl-96", ...
 *
 * Everything is pure arithmetic on struct slab_params, filled once from the profile and
 * the snapshot (slab_params_init()); nothing here allocates except the check at the end,
 * which compares a derivation with what /sys/kernel/slab printed for `info --check`.
 */
#ifndef MMTRACE_CORE_SLAB_H
#define MMTRACE_CORE_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"
#include "profile.h"

/* MAX_OBJS_PER_PAGE (mm/slub.c): oo_objects() is 15 bits wide */
#define SLAB_MAX_OBJS_PER_PAGE 32767
/* MIN_PARTIAL, MAX_PARTIAL (mm/slub.c, both) */
#define SLAB_MIN_PARTIAL 5
#define SLAB_MAX_PARTIAL 10
/* PAGE_ALLOC_COSTLY_ORDER: slub_max_order's default without SLUB_TINY (both) */
#define SLAB_DEFAULT_MAX_ORDER 3
/* sizeof(struct track) with CONFIG_STACKDEPOT (mm/slub.c, both; SLUB_DEBUG selects it
 * on x86-64): addr 8, handle 4, cpu 4, pid 4, pad 4, when 8 */
#define SLAB_TRACK_SIZE 32
/* cache_line_size() on x86-64 (L1_CACHE_BYTES), used by SLAB_HWCACHE_ALIGN */
#define SLAB_CACHE_LINE_SIZE 64

/* KMALLOC_SHIFT_LOW 3 and KMALLOC_SHIFT_HIGH PAGE_SHIFT + 1 (include/linux/slab.h, SLUB) */
#define KMALLOC_SHIFT_LOW 3
#define KMALLOC_NR_INDEX 14		/* indices 0..KMALLOC_SHIFT_HIGH (13 with 4K pages) */

/*
 * The kmem_cache flags geometry depends on, as the sysfs attributes show them (the
 * kernel's SLAB_* values are not needed: these are our own bits).
 */
enum slab_flag {
	SLAB_F_CTOR = 1u << 0,			/* s->ctor != NULL ("ctor" names a function) */
	SLAB_F_TYPESAFE_BY_RCU = 1u << 1,	/* "destroy_by_rcu" */
	SLAB_F_POISON = 1u << 2,
	SLAB_F_RED_ZONE = 1u << 3,
	SLAB_F_STORE_USER = 1u << 4,
	SLAB_F_CONSISTENCY_CHECKS = 1u << 5,	/* "sanity_checks" */
	SLAB_F_HWCACHE_ALIGN = 1u << 6,
	SLAB_F_RECLAIM_ACCOUNT = 1u << 7,
	SLAB_F_CACHE_DMA = 1u << 8,
	SLAB_F_KMALLOC = 1u << 9,		/* SLAB_KMALLOC: a kmalloc-* cache */
	/* 6.12 kmem_cache_args.use_freeptr_offset: an RCU cache that keeps its free pointer
	 * inside the object ("filp" in 6.12.117, fs/file_table.c files_init(); see
	 * slab_cache_flags() for the list) */
	SLAB_F_FREEPTR_OFFSET = 1u << 10,
};

/* SLAB_DEBUG_FLAGS that sysfs shows (mm/slab.h; SLAB_TRACE is not captured) */
#define SLAB_F_DEBUG \
	(SLAB_F_POISON | SLAB_F_RED_ZONE | SLAB_F_STORE_USER | SLAB_F_CONSISTENCY_CHECKS)

/*
 * What the kernel's SLUB code reads besides the cache itself. The variant switches come
 * from the profile (slab_params_init()); only calculate_order()'s change has a profile
 * field (slub_order_6_12), and the smaller 6.1 -> 6.12 differences below travel with it:
 * they were all in place by 6.12 and none in 6.1.
 */
struct slab_params {
	uint32_t page_shift;		/* PAGE_SHIFT, 12 */
	uint32_t max_page_order;	/* 6.1 MAX_ORDER - 1, 6.12 MAX_PAGE_ORDER: 10 */
	uint32_t nr_cpus_present;	/* num_present_cpus() */
	uint32_t nr_cpu_ids;		/* nr_cpu_ids (possible CPUs) */
	uint32_t slub_min_objects;	/* boot parameter, 0: 4 * (fls(nr_cpus) + 1) */
	uint32_t slub_min_order;	/* boot parameters after their __setup() clamping */
	uint32_t slub_max_order;
	bool cpu_partial;		/* CONFIG_SLUB_CPU_PARTIAL */
	bool zone_dma;			/* CONFIG_ZONE_DMA: dma-kmalloc-* exist */
	bool memcg;			/* 6.1 CONFIG_MEMCG_KMEM, 6.12 CONFIG_MEMCG: kmalloc-cg-* */
	/* 6.12 calculate_order(): one min_order, fractions 16..2 (upstream's calculate_order()
	 * rework, "mm/slub: remove min_objects loop from calculate_order()"); 6.1:
	 * min_objects counted down, fractions 16..4, then 1 (profile.slub_order_6_12) */
	bool order_6_12;
	/* 6.12: create_boot_cache() aligns kmalloc caches to the largest power of two dividing
	 * the size (1 << (ffs(size) - 1)); 6.1 to the size only if it is a power of two */
	bool kmalloc_align_ffs;
	/* 6.12: SLAB_STORE_USER kmalloc caches keep orig_size as an unsigned long, and a red
	 * zone with orig_size moves the free pointer out; 6.1: an unsigned int, no move */
	bool debug_orig_size_long;
	/* 6.12 kmalloc_size_roundup(): sizes above KMALLOC_MAX_SIZE are returned unchanged;
	 * 6.1 rounds every size above 8192 to PAGE_SIZE << get_order() */
	bool roundup_keeps_huge;
	/* 6.12 calculate_sizes(): __GFP_COMP for every slab; 6.1 only for order > 0 */
	bool comp_always;
	/* 6.12 kmem_cache_args.freeptr_offset exists (SLAB_F_FREEPTR_OFFSET honoured) */
	bool freeptr_offset;
};

/* What kmem_cache_open() computes for one cache. */
struct slab_geometry {
	uint32_t size;			/* s->size ("slab_size") */
	uint32_t inuse;			/* s->inuse */
	uint32_t offset;		/* s->offset: the free pointer */
	uint32_t red_left_pad;
	uint32_t order;			/* oo_order(s->oo) ("order") */
	uint32_t objs_per_slab;		/* oo_objects(s->oo) ("objs_per_slab") */
	uint32_t min_order;		/* oo_order(s->min): the allocate_slab() fallback */
	uint32_t min_objects;		/* oo_objects(s->min) */
	uint32_t min_partial;
	uint32_t cpu_partial;		/* objects ("cpu_partial") */
	uint32_t cpu_partial_slabs;
	uint32_t allocflags;		/* s->allocflags: __GFP_COMP | DMA | RECLAIMABLE bits */
	bool freeptr_outside;		/* freeptr_outside_object() */
};

/*
 * Parameters for profile p: from machine m when given (present CPUs = online, nr_cpu_ids =
 * possible, the slub_* boot parameters, CONFIG_SLUB_CPU_PARTIAL / ZONE_DMA / MEMCG when a
 * config was captured, Debian's choices when not), else a 1-CPU machine with Debian's
 * config. page_shift 0 means 12.
 */
void slab_params_init(struct slab_params *sp, const struct mm_profile *p,
		      const struct mm_machine *m, uint32_t page_shift);

/* get_order(): the smallest k with PAGE_SIZE << k >= size (size >= 1) */
uint32_t slab_get_order(const struct slab_params *sp, uint64_t size);
/* order_objects(): (PAGE_SIZE << order) / size */
uint32_t slab_order_objects(const struct slab_params *sp, uint32_t order, uint32_t size);

/* calculate_alignment() (mm/slab_common.c, both): SLAB_HWCACHE_ALIGN, arch minimum 8 */
uint32_t slab_calculate_alignment(uint32_t flags, uint32_t align, uint32_t size);

/*
 * calculate_order() (mm/slub.c) for s->size: the 6.1 or 6.12 algorithm (sp->order_6_12),
 * min_objects from the boot parameter or the CPU counts. The order, or -ENOSYS where the
 * kernel fails the cache (no order up to max_page_order holds one object).
 */
int slab_calculate_order(const struct slab_params *sp, uint32_t size);

/* The min_objects calculate_order() starts from: slub_min_objects, or 4 * (fls(nr) + 1)
 * with nr = num_present_cpus(), nr_cpu_ids if that is <= 1 */
uint32_t slab_min_objects(const struct slab_params *sp);

/*
 * calculate_sizes() (mm/slub.c): s->size, inuse, offset, red_left_pad from object_size,
 * the final s->align (the sysfs "align") and flags (SLAB_F_*), then the order, s->oo,
 * s->min and allocflags. 0, or -EINVAL for object_size 0, an align that is not a power
 * of two, or a cache no order can hold (the kernel's calculate_sizes() returning 0).
 */
int slab_calculate_sizes(const struct slab_params *sp, uint32_t object_size, uint32_t align,
			 uint32_t flags, struct slab_geometry *g);

/* kmem_cache_open()'s min_partial: clamp(ilog2(size) / 2, MIN_PARTIAL, MAX_PARTIAL) */
uint32_t slab_set_min_partial(uint32_t size);

/* set_cpu_partial() + slub_set_cpu_partial() (mm/slub.c, both): cpu_partial objects by
 * g->size (0 without CONFIG_SLUB_CPU_PARTIAL or for a debug cache), cpu_partial_slabs =
 * DIV_ROUND_UP(2 * objects, objs_per_slab); needs g->size and g->objs_per_slab */
void slab_set_cpu_partial(const struct slab_params *sp, uint32_t flags, struct slab_geometry *g);

/* kmem_cache_open(): slab_calculate_sizes(), then min_partial and cpu_partial */
int slab_cache_open(const struct slab_params *sp, uint32_t object_size, uint32_t align,
		    uint32_t flags, struct slab_geometry *g);

/* ---- kmalloc ---- */

/* enum kmalloc_cache_type (include/linux/slab.h) without the random copies */
enum kmalloc_cache_type {
	KMALLOC_NORMAL = 0,
	KMALLOC_RECLAIM,
	KMALLOC_DMA,
	KMALLOC_CGROUP,
	NR_KMALLOC_TYPES,
};

/*
 * kmalloc_index() (include/linux/slab.h __kmalloc_index(), and kmalloc_slab()'s
 * size_index[] table, which agree with 8-byte KMALLOC_MIN_SIZE): 0 for size 0, 1 for
 * 65..96, 2 for 129..192, else n for 2^(n-1) < size <= 2^n from 3 (8 bytes) up to
 * KMALLOC_SHIFT_HIGH; -1 above KMALLOC_MAX_CACHE_SIZE (a large kmalloc).
 */
int kmalloc_index(const struct slab_params *sp, uint64_t size);
/* create_boot_cache()'s alignment for a kmalloc cache of size bytes (mm/slab_common.c):
 * 6.12 the largest power of two dividing size, 6.1 size if a power of two; at least 8 */
uint32_t kmalloc_cache_align(const struct slab_params *sp, uint32_t size);
/* kmalloc_info[index].size: 0, 96, 192, 8, 16, ... 8192 */
uint32_t kmalloc_index_size(uint32_t index);
/* KMALLOC_MAX_CACHE_SIZE (8192 with 4K pages) and KMALLOC_MAX_SIZE (4 MiB) */
uint64_t kmalloc_max_cache_size(const struct slab_params *sp);
uint64_t kmalloc_max_size(const struct slab_params *sp);

/*
 * kmalloc_size_roundup() (mm/slab_common.c): the object_size of size's kmalloc cache, or
 * PAGE_SIZE << get_order(size) for a large kmalloc; 0 for 0; above KMALLOC_MAX_SIZE 6.1
 * still rounds, 6.12 returns size.
 */
uint64_t kmalloc_size_roundup(const struct slab_params *sp, uint64_t size);

/* kmalloc_type() (include/linux/slab.h, both without RANDOM_KMALLOC_CACHES): DMA before
 * RECLAIMABLE before ACCOUNT; ACCOUNT without memcg means RECLAIM */
enum kmalloc_cache_type kmalloc_type(const struct slab_params *sp, uint64_t gfp);

/*
 * kmalloc_info[index].name[type] (mm/slab_common.c): "kmalloc-96", "kmalloc-rcl-1k",
 * "dma-kmalloc-8k", "kmalloc-cg-192". Writes into buf; -EINVAL for an index without a
 * cache (0, large) or an unknown type, -ENOSPC if len is too small.
 */
int kmalloc_cache_name(uint32_t index, enum kmalloc_cache_type type, char *buf, size_t len);

/* Where a kmalloc of size bytes with gfp goes. */
struct kmalloc_class {
	bool large;			/* size > KMALLOC_MAX_CACHE_SIZE: page allocator */
	int32_t index;			/* kmalloc_index(); -1 when large */
	uint32_t type;			/* enum kmalloc_cache_type (small only) */
	uint32_t order;			/* large: get_order(size); the page allocation's order */
	uint64_t bytes_alloc;		/* kmalloc_size_roundup(): what the tracepoint reports */
	uint64_t gfp;			/* large: gfp | __GFP_COMP as __kmalloc_large_node() adds */
	char name[24];			/* the cache's name ("" when large or size 0) */
};

/* Classify one kmalloc (size >= 1). 0, or -EINVAL for 0 or > KMALLOC_MAX_SIZE (the
 * kernel returns ZERO_SIZE_PTR / NULL). */
int kmalloc_classify(const struct slab_params *sp, uint64_t size, uint64_t gfp,
		     struct kmalloc_class *kc);

/* ---- comparing a derivation with a snapshot's /sys/kernel/slab ---- */

enum slab_check_field {
	SLAB_CHECK_SLAB_SIZE,
	SLAB_CHECK_ORDER,
	SLAB_CHECK_OBJS_PER_SLAB,
	SLAB_CHECK_MIN_PARTIAL,
	SLAB_CHECK_CPU_PARTIAL,
	SLAB_CHECK_CPU_PARTIAL_SLABS,
	SLAB_CHECK__NR,
};

/* "slab_size", "order", ... (the sysfs attribute's name) */
const char *slab_check_field_name(unsigned int field);

struct slab_check_row {
	uint32_t cache;			/* index into mm_machine.slab_caches */
	uint32_t field;			/* enum slab_check_field */
	int64_t derived;
	int64_t observed;
};

struct slab_check {
	struct slab_params params;
	uint32_t min_objects;		/* what calculate_order() started from */
	uint32_t nr_caches;		/* caches with object_size and align (checked) */
	uint32_t nr_checked[SLAB_CHECK__NR];	/* caches whose sysfs had the field */
	uint32_t nr_ok[SLAB_CHECK__NR];
	/* caches that showed the field but not the inputs its derivation needs: slab_size
	 * without destroy_by_rcu, poison, red_zone and store_user (an old snapshot's
	 * shorter attribute list); not counted as mismatches */
	uint32_t nr_underived[SLAB_CHECK__NR];
	size_t nr_mismatches;
	size_t nr_rows;
	struct slab_check_row *rows;	/* mismatches only; owned, slab_check__free() */
};

/*
 * Derive every cache of m that has object_size and align (merged caches are one sysfs
 * directory, so one cache) and compare with its attributes: slab_size from object_size,
 * align and flags; order, objs_per_slab, min_partial, cpu_partial and cpu_partial_slabs
 * from the observed slab_size (the derived one if it was not captured), so each field
 * checks its own formula. A missing "ctor" means none (an empty sysfs file is not copied by
 * every collector); missing debug flags mean off for cpu_partial, but leave slab_size
 * underived. 0 (c->nr_mismatches says how it went), or -ENOMEM.
 */
int slab_check(const struct mm_profile *p, const struct mm_machine *m, uint32_t page_shift,
	       struct slab_check *c);
void slab_check__free(struct slab_check *c);

/* The SLAB_F_* flags a parsed cache's attributes show (kmalloc by name or alias). */
uint32_t slab_cache_flags(const struct mm_machine *m, uint32_t cache);

#endif
