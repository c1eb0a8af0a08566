// SPDX-License-Identifier: GPL-2.0-only
/*
 * SLUB cache geometry and kmalloc size classes (core/slab.h), written from Debian's
 * 6.1.192 and 6.12.117 mm/slub.c (calculate_sizes(), calculate_order(), calc_slab_order(),
 * kmem_cache_open(), set_cpu_partial()), mm/slab_common.c (calculate_alignment(),
 * create_boot_cache(), kmalloc_size_roundup(), kmalloc_info[]) and include/linux/slab.h
 * (__kmalloc_index(), kmalloc_type()). Each function names the one it mirrors; the
 * arithmetic is the kernel's unsigned int arithmetic, done in 64 bits where the kernel's
 * operands cannot overflow anyway.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gfp.h"
#include "slab.h"

/* sizeof(void *) on 64-bit: the free pointer, and the word SLUB rounds objects to */
#define SLAB_WORD 8u
/* ARCH_KMALLOC_MINALIGN and arch_slab_minalign() on x86-64: __alignof__(unsigned long long) */
#define SLAB_ARCH_MINALIGN 8u

static uint32_t slab_align_up(uint32_t x, uint32_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* fls(): 1-based index of the highest set bit, 0 for 0 */
static uint32_t slab_fls(uint64_t x)
{
	uint32_t n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

/* ilog2() for x >= 1 */
static uint32_t slab_ilog2(uint64_t x)
{
	return slab_fls(x) - 1;
}

static bool kconfig_on(const struct mm_machine *m, unsigned int opt, bool dflt)
{
	if (!m || !(m->has & MM_MACHINE_HAS_KCONFIG))
		return dflt;
	switch (m->kconfig[opt].state) {
	case MM_KCONFIG_YES:
		return true;
	case MM_KCONFIG_NOT_SET:
		return false;
	default:
		return dflt;
	}
}

void slab_params_init(struct slab_params *sp, const struct mm_profile *p,
		      const struct mm_machine *m, uint32_t page_shift)
{
	bool v6_12 = p->slub_order_6_12;

	memset(sp, 0, sizeof(*sp));
	sp->page_shift = page_shift ? page_shift : 12;
	sp->max_page_order = p->nr_page_orders ? p->nr_page_orders - 1 : 10;
	sp->order_6_12 = v6_12;
	sp->kmalloc_align_ffs = v6_12;
	sp->debug_orig_size_long = v6_12;
	sp->roundup_keeps_huge = v6_12;
	sp->comp_always = v6_12;
	sp->freeptr_offset = v6_12;

	sp->nr_cpus_present = 1;
	if (m && (m->has & MM_MACHINE_HAS_CPUS_ONLINE) && m->nr_cpus_online)
		sp->nr_cpus_present = m->nr_cpus_online;
	else if (m && (m->has & MM_MACHINE_HAS_CPUS_POSSIBLE) && m->nr_cpus_possible)
		sp->nr_cpus_present = m->nr_cpus_possible;
	sp->nr_cpu_ids = sp->nr_cpus_present;
	if (m && (m->has & MM_MACHINE_HAS_CPUS_POSSIBLE) && m->nr_cpus_possible)
		sp->nr_cpu_ids = m->nr_cpus_possible;

	/* Debian's amd64 configs: SLUB_CPU_PARTIAL, ZONE_DMA and MEMCG all =y */
	sp->cpu_partial = kconfig_on(m, MM_KCONFIG_SLUB_CPU_PARTIAL, true);
	sp->zone_dma = kconfig_on(m, MM_KCONFIG_ZONE_DMA, true);
	sp->memcg = kconfig_on(m, MM_KCONFIG_MEMCG, true);

	sp->slub_max_order = SLAB_DEFAULT_MAX_ORDER;
	if (!m || !(m->has & MM_MACHINE_HAS_CMDLINE))
		return;
	if (m->cmdline.has & MM_CMDLINE_SLUB_MIN_OBJECTS)
		sp->slub_min_objects = m->cmdline.slub_min_objects;
	if (m->cmdline.has & MM_CMDLINE_SLUB_MIN_ORDER)
		sp->slub_min_order = m->cmdline.slub_min_order;
	if (m->cmdline.has & MM_CMDLINE_SLUB_MAX_ORDER) {
		/* setup_slub_max_order(): both clamp to the top order */
		sp->slub_max_order = m->cmdline.slub_max_order;
		if (sp->slub_max_order > sp->max_page_order)
			sp->slub_max_order = sp->max_page_order;
	}
	/*
	 * 6.12's setup_slub_min_order() raises max_order to min_order and its
	 * setup_slub_max_order() lowers min_order to max_order, whichever comes last on the
	 * command line (not recorded: an explicit max is taken as the last word). 6.1 does
	 * neither, and calculate_order() copes with min > max.
	 */
	if (v6_12 && sp->slub_min_order > sp->slub_max_order) {
		if (m->cmdline.has & MM_CMDLINE_SLUB_MAX_ORDER)
			sp->slub_min_order = sp->slub_max_order;
		else
			sp->slub_max_order = sp->slub_min_order;
	}
}

uint32_t slab_get_order(const struct slab_params *sp, uint64_t size)
{
	uint32_t order = 0;

	if (!size)
		return 0;
	size = (size - 1) >> sp->page_shift;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

uint32_t slab_order_objects(const struct slab_params *sp, uint32_t order, uint32_t size)
{
	return (uint32_t)(((uint64_t)1 << (sp->page_shift + order)) / size);
}

uint32_t slab_calculate_alignment(uint32_t flags, uint32_t align, uint32_t size)
{
	if (flags & SLAB_F_HWCACHE_ALIGN) {
		uint32_t ralign = SLAB_CACHE_LINE_SIZE;

		while (size <= ralign / 2)
			ralign /= 2;
		if (ralign > align)
			align = ralign;
	}
	if (align < SLAB_ARCH_MINALIGN)
		align = SLAB_ARCH_MINALIGN;
	return slab_align_up(align, SLAB_WORD);
}

uint32_t slab_min_objects(const struct slab_params *sp)
{
	uint32_t nr_cpus;

	if (sp->slub_min_objects)
		return sp->slub_min_objects;
	nr_cpus = sp->nr_cpus_present;
	if (nr_cpus <= 1)
		nr_cpus = sp->nr_cpu_ids;
	return 4 * (slab_fls(nr_cpus) + 1);
}

/* Does order leave at most 1/fract_leftover of the slab unused (calc_slab_order()'s test)? */
static bool slab_fits(const struct slab_params *sp, uint32_t size, uint32_t order,
		      uint32_t fract_leftover)
{
	uint64_t slab_bytes = (uint64_t)1 << (sp->page_shift + order);

	return slab_bytes % size <= slab_bytes / fract_leftover;
}

/* The first order in [min_order, max_order] that fits; max_order + 1 if none (or min_order
 * when that is already above max_order), as both calc_slab_order()s return. */
static uint32_t slab_first_fit(const struct slab_params *sp, uint32_t size, uint32_t min_order,
			       uint32_t max_order, uint32_t fract_leftover)
{
	uint32_t order;

	for (order = min_order; order <= max_order; order++)
		if (slab_fits(sp, size, order, fract_leftover))
			break;
	return order;
}

/* get_order(size * MAX_OBJS_PER_PAGE) - 1: the order whose objects still fit oo's 15 bits */
static uint32_t slab_max_objs_order(const struct slab_params *sp, uint32_t size)
{
	return slab_get_order(sp, (uint64_t)size * SLAB_MAX_OBJS_PER_PAGE) - 1;
}

/* 6.1 calc_slab_order(size, min_objects, max_order, fract_leftover) */
static uint32_t slab_calc_order_6_1(const struct slab_params *sp, uint32_t size,
				    uint32_t min_objects, uint32_t max_order,
				    uint32_t fract_leftover)
{
	uint32_t min_order = sp->slub_min_order;
	uint32_t start = slab_get_order(sp, (uint64_t)min_objects * size);

	if (slab_order_objects(sp, min_order, size) > SLAB_MAX_OBJS_PER_PAGE)
		return slab_max_objs_order(sp, size);
	return slab_first_fit(sp, size, start > min_order ? start : min_order, max_order,
			      fract_leftover);
}

/* 6.1 calculate_order(): back off the waste fraction, then the object count */
static int slab_calculate_order_6_1(const struct slab_params *sp, uint32_t size)
{
	uint32_t max_order = sp->slub_max_order;
	uint32_t min_objects = slab_min_objects(sp);
	uint32_t max_objects = slab_order_objects(sp, max_order, size);
	uint32_t order;

	if (min_objects > max_objects)
		min_objects = max_objects;
	for (; min_objects > 1; min_objects--) {
		for (uint32_t fraction = 16; fraction >= 4; fraction /= 2) {
			order = slab_calc_order_6_1(sp, size, min_objects, max_order, fraction);
			if (order <= max_order)
				return (int)order;
		}
	}
	/* a single object, any waste, up to slub_max_order and then up to MAX_ORDER - 1 */
	order = slab_calc_order_6_1(sp, size, 1, max_order, 1);
	if (order <= max_order)
		return (int)order;
	order = slab_calc_order_6_1(sp, size, 1, sp->max_page_order + 1, 1);
	if (order <= sp->max_page_order)
		return (int)order;
	return -ENOSYS;
}

/* 6.12 calculate_order(): one min_order from min_objects, then waste 1/16 .. 1/2 */
static int slab_calculate_order_6_12(const struct slab_params *sp, uint32_t size)
{
	uint32_t max_order = sp->slub_max_order;
	uint32_t min_objects = slab_min_objects(sp);
	uint32_t max_objects = slab_order_objects(sp, max_order, size);
	uint32_t min_order, order;

	if (max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	min_order = slab_get_order(sp, (uint64_t)min_objects * size);
	if (min_order < sp->slub_min_order)
		min_order = sp->slub_min_order;
	if (slab_order_objects(sp, min_order, size) > SLAB_MAX_OBJS_PER_PAGE)
		return (int)slab_max_objs_order(sp, size);
	for (uint32_t fraction = 16; fraction > 1; fraction /= 2) {
		order = slab_first_fit(sp, size, min_order, max_order, fraction);
		if (order <= max_order)
			return (int)order;
	}
	order = slab_get_order(sp, size);
	if (order <= sp->max_page_order)
		return (int)order;
	return -ENOSYS;
}

int slab_calculate_order(const struct slab_params *sp, uint32_t size)
{
	if (!size)
		return -ENOSYS;
	return sp->order_6_12 ? slab_calculate_order_6_12(sp, size) :
				slab_calculate_order_6_1(sp, size);
}

int slab_calculate_sizes(const struct slab_params *sp, uint32_t object_size, uint32_t align,
			 uint32_t flags, struct slab_geometry *g)
{
	bool rcu_outside, orig_size;
	uint32_t size;
	int order;

	memset(g, 0, sizeof(*g));
	if (!object_size || !align || (align & (align - 1)) || object_size > (1u << 30))
		return -EINVAL;
	/* the free pointer can only sit on a word boundary */
	size = slab_align_up(object_size, SLAB_WORD);
	/* a red zone needs at least a word between the object and the free pointer */
	if ((flags & SLAB_F_RED_ZONE) && size == object_size)
		size += SLAB_WORD;
	g->inuse = size;

	/*
	 * The free pointer goes after the object when the object may not be overwritten
	 * once freed: RCU (6.12: unless the cache gave a freeptr_offset), poisoning, a
	 * constructor, a red zone around an object smaller than a word or (6.12) one whose
	 * right red zone grows with the kmalloc orig_size.
	 */
	rcu_outside = (flags & SLAB_F_TYPESAFE_BY_RCU) &&
		      !(sp->freeptr_offset && (flags & SLAB_F_FREEPTR_OFFSET));
	orig_size = sp->debug_orig_size_long && (flags & SLAB_F_STORE_USER) &&
		    (flags & SLAB_F_KMALLOC);
	if (rcu_outside || (flags & (SLAB_F_POISON | SLAB_F_CTOR)) ||
	    ((flags & SLAB_F_RED_ZONE) && (object_size < SLAB_WORD || orig_size))) {
		g->offset = size;
		size += SLAB_WORD;
		g->freeptr_outside = true;
	} else {
		/* near the middle (6.12's given freeptr_offset is not known: middle too) */
		g->offset = (object_size / 2) & ~(SLAB_WORD - 1);
	}
	if (flags & SLAB_F_STORE_USER) {
		size += 2 * SLAB_TRACK_SIZE;
		/* the kmalloc request size: 6.1 unsigned int, 6.12 unsigned long */
		if (flags & SLAB_F_KMALLOC)
			size += sp->debug_orig_size_long ? 8 : 4;
	}
	/* kasan_cache_create(): no KASAN in the kernels we model */
	if (flags & SLAB_F_RED_ZONE) {
		size += SLAB_WORD;
		g->red_left_pad = slab_align_up(SLAB_WORD, align);
		size += g->red_left_pad;
	}
	/* objects follow each other from offset 0: each is padded to the alignment */
	size = slab_align_up(size, align);
	g->size = size;

	order = slab_calculate_order(sp, size);
	if (order < 0)
		return -EINVAL;
	g->order = (uint32_t)order;
	g->objs_per_slab = slab_order_objects(sp, g->order, size);
	g->min_order = slab_get_order(sp, size);
	g->min_objects = slab_order_objects(sp, g->min_order, size);
	if (sp->comp_always || g->order)
		g->allocflags |= MM__GFP_COMP;
	if (flags & SLAB_F_CACHE_DMA)
		g->allocflags |= MM__GFP_DMA;
	if (flags & SLAB_F_RECLAIM_ACCOUNT)
		g->allocflags |= MM__GFP_RECLAIMABLE;
	return g->objs_per_slab ? 0 : -EINVAL;
}

uint32_t slab_set_min_partial(uint32_t size)
{
	uint32_t min_partial = size ? slab_ilog2(size) / 2 : 0;

	if (min_partial > SLAB_MAX_PARTIAL)
		min_partial = SLAB_MAX_PARTIAL;
	if (min_partial < SLAB_MIN_PARTIAL)
		min_partial = SLAB_MIN_PARTIAL;
	return min_partial;
}

void slab_set_cpu_partial(const struct slab_params *sp, uint32_t flags, struct slab_geometry *g)
{
	uint32_t page_size = 1u << sp->page_shift, nr_objects;

	g->cpu_partial = 0;
	g->cpu_partial_slabs = 0;
	/* without CONFIG_SLUB_CPU_PARTIAL set_cpu_partial() is empty */
	if (!sp->cpu_partial)
		return;
	/* kmem_cache_has_cpu_partial(): not for debug caches */
	if (flags & SLAB_F_DEBUG)
		nr_objects = 0;
	else if (g->size >= page_size)
		nr_objects = 6;
	else if (g->size >= 1024)
		nr_objects = 24;
	else if (g->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	g->cpu_partial = nr_objects;
	/* slub_set_cpu_partial(): slabs assumed half full */
	if (g->objs_per_slab)
		g->cpu_partial_slabs = (nr_objects * 2 + g->objs_per_slab - 1) / g->objs_per_slab;
}

int slab_cache_open(const struct slab_params *sp, uint32_t object_size, uint32_t align,
		    uint32_t flags, struct slab_geometry *g)
{
	int ret = slab_calculate_sizes(sp, object_size, align, flags, g);

	if (ret)
		return ret;
	g->min_partial = slab_set_min_partial(g->size);
	slab_set_cpu_partial(sp, flags, g);
	return 0;
}

/* ---- kmalloc ---- */

/* kmalloc_info[] (mm/slab_common.c): size and the name's size part, by index */
static const struct {
	uint32_t size;
	const char *name;
} kmalloc_info[] = {
	{ 0, NULL }, { 96, "96" }, { 192, "192" }, { 8, "8" }, { 16, "16" }, { 32, "32" },
	{ 64, "64" }, { 128, "128" }, { 256, "256" }, { 512, "512" }, { 1024, "1k" },
	{ 2048, "2k" }, { 4096, "4k" }, { 8192, "8k" }, { 16384, "16k" }, { 32768, "32k" },
	{ 65536, "64k" }, { 131072, "128k" },
};
#define KMALLOC_INFO_NR (sizeof(kmalloc_info) / sizeof(kmalloc_info[0]))

uint64_t kmalloc_max_cache_size(const struct slab_params *sp)
{
	/* KMALLOC_SHIFT_HIGH = PAGE_SHIFT + 1 */
	return (uint64_t)1 << (sp->page_shift + 1);
}

uint64_t kmalloc_max_size(const struct slab_params *sp)
{
	/* KMALLOC_SHIFT_MAX: 6.1 MAX_ORDER + PAGE_SHIFT - 1, 6.12 MAX_PAGE_ORDER + PAGE_SHIFT */
	return (uint64_t)1 << (sp->max_page_order + sp->page_shift);
}

int kmalloc_index(const struct slab_params *sp, uint64_t size)
{
	if (!size)
		return 0;
	if (size > kmalloc_max_cache_size(sp))
		return -1;
	if (size <= (1u << KMALLOC_SHIFT_LOW))
		return KMALLOC_SHIFT_LOW;
	/* KMALLOC_MIN_SIZE <= 32 / 64: the two non-power-of-two caches */
	if (size > 64 && size <= 96)
		return 1;
	if (size > 128 && size <= 192)
		return 2;
	return (int)slab_fls(size - 1);
}

uint32_t kmalloc_cache_align(const struct slab_params *sp, uint32_t size)
{
	uint32_t align = SLAB_ARCH_MINALIGN;

	if (!size)
		return align;
	if (sp->kmalloc_align_ffs) {
		/* 1 << (ffs(size) - 1): the lowest set bit */
		if ((size & -size) > align)
			align = size & -size;
	} else if (!(size & (size - 1)) && size > align) {
		align = size;
	}
	return slab_calculate_alignment(SLAB_F_KMALLOC, align, size);
}

uint32_t kmalloc_index_size(uint32_t index)
{
	return index < KMALLOC_INFO_NR ? kmalloc_info[index].size : 0;
}

uint64_t kmalloc_size_roundup(const struct slab_params *sp, uint64_t size)
{
	if (!size)
		return 0;
	if (size <= kmalloc_max_cache_size(sp))
		return kmalloc_index_size((uint32_t)kmalloc_index(sp, size));
	if (sp->roundup_keeps_huge && size > kmalloc_max_size(sp))
		return size;
	/* 6.1 SIZE_MAX short-circuit; anything else rounds to whole pages */
	if (size == UINT64_MAX || slab_get_order(sp, size) >= 64 - sp->page_shift)
		return UINT64_MAX;
	return (uint64_t)1 << (sp->page_shift + slab_get_order(sp, size));
}

enum kmalloc_cache_type kmalloc_type(const struct slab_params *sp, uint64_t gfp)
{
	uint64_t not_normal = MM__GFP_RECLAIMABLE | (sp->zone_dma ? MM__GFP_DMA : 0) |
			      (sp->memcg ? MM__GFP_ACCOUNT : 0);

	if (!(gfp & not_normal))
		return KMALLOC_NORMAL;
	if (sp->zone_dma && (gfp & MM__GFP_DMA))
		return KMALLOC_DMA;
	if (!sp->memcg || (gfp & MM__GFP_RECLAIMABLE))
		return KMALLOC_RECLAIM;
	return KMALLOC_CGROUP;
}

int kmalloc_cache_name(uint32_t index, enum kmalloc_cache_type type, char *buf, size_t len)
{
	static const char *const fmt[NR_KMALLOC_TYPES] = {
		[KMALLOC_NORMAL] = "kmalloc-%s",
		[KMALLOC_RECLAIM] = "kmalloc-rcl-%s",
		[KMALLOC_DMA] = "dma-kmalloc-%s",
		[KMALLOC_CGROUP] = "kmalloc-cg-%s",
	};
	int n;

	if (index >= KMALLOC_INFO_NR || !kmalloc_info[index].name || (unsigned int)type >=
	    NR_KMALLOC_TYPES)
		return -EINVAL;
	n = snprintf(buf, len, fmt[type], kmalloc_info[index].name);
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}

int kmalloc_classify(const struct slab_params *sp, uint64_t size, uint64_t gfp,
		     struct kmalloc_class *kc)
{
	memset(kc, 0, sizeof(*kc));
	if (!size || size > kmalloc_max_size(sp))
		return -EINVAL;
	kc->gfp = gfp;
	kc->bytes_alloc = kmalloc_size_roundup(sp, size);
	if (size > kmalloc_max_cache_size(sp)) {
		/* __kmalloc_large_node(): pages of get_order(size), compound */
		kc->large = true;
		kc->index = -1;
		kc->order = slab_get_order(sp, size);
		kc->gfp |= MM__GFP_COMP;
		return 0;
	}
	kc->index = kmalloc_index(sp, size);
	kc->type = kmalloc_type(sp, gfp);
	return kmalloc_cache_name((uint32_t)kc->index, (enum kmalloc_cache_type)kc->type, kc->name,
				  sizeof(kc->name));
}

/* ---- comparison with /sys/kernel/slab ---- */

const char *slab_check_field_name(unsigned int field)
{
	static const char *const names[SLAB_CHECK__NR] = {
		[SLAB_CHECK_SLAB_SIZE] = "slab_size",
		[SLAB_CHECK_ORDER] = "order",
		[SLAB_CHECK_OBJS_PER_SLAB] = "objs_per_slab",
		[SLAB_CHECK_MIN_PARTIAL] = "min_partial",
		[SLAB_CHECK_CPU_PARTIAL] = "cpu_partial",
		[SLAB_CHECK_CPU_PARTIAL_SLABS] = "cpu_partial_slabs",
	};

	return field < SLAB_CHECK__NR ? names[field] : NULL;
}

static bool slab_is_kmalloc_name(const char *name)
{
	return !strncmp(name, "kmalloc-", 8) || !strncmp(name, "dma-kmalloc-", 12);
}

/*
 * SLAB_TYPESAFE_BY_RCU caches created with kmem_cache_args.use_freeptr_offset, whose free
 * pointer stays inside the object. sysfs does not show it, so they are known by name and
 * only while "destroy_by_rcu" is 1:
 *   filp            6.12: fs/file_table.c files_init(), offsetof(struct file, f_freeptr)
 *   vm_area_struct  not in 6.12 (there it is not RCU at all); the 6.18 host's is RCU
 *                   with s->size == object_size (192), so its free pointer is inside
 */
static bool slab_has_freeptr_offset(const char *name)
{
	return !strcmp(name, "filp") || !strcmp(name, "vm_area_struct");
}

uint32_t slab_cache_flags(const struct mm_machine *m, uint32_t cache)
{
	const struct mm_slab_cache *c = &m->slab_caches[cache];
	bool kmalloc = slab_is_kmalloc_name(c->name);
	bool freeptr_offset = slab_has_freeptr_offset(c->name);
	uint32_t flags = 0;

	for (uint32_t i = 0; i < m->nr_slab_aliases; i++) {
		if (m->slab_aliases[i].cache != cache)
			continue;
		kmalloc |= slab_is_kmalloc_name(m->slab_aliases[i].name);
		freeptr_offset |= slab_has_freeptr_offset(m->slab_aliases[i].name);
	}
	flags |= c->ctor ? SLAB_F_CTOR : 0;
	flags |= c->destroy_by_rcu ? SLAB_F_TYPESAFE_BY_RCU : 0;
	flags |= c->poison ? SLAB_F_POISON : 0;
	flags |= c->red_zone ? SLAB_F_RED_ZONE : 0;
	flags |= c->store_user ? SLAB_F_STORE_USER : 0;
	flags |= c->sanity_checks ? SLAB_F_CONSISTENCY_CHECKS : 0;
	flags |= c->hwcache_align ? SLAB_F_HWCACHE_ALIGN : 0;
	flags |= c->reclaim_account ? SLAB_F_RECLAIM_ACCOUNT : 0;
	flags |= c->cache_dma ? SLAB_F_CACHE_DMA : 0;
	flags |= kmalloc ? SLAB_F_KMALLOC : 0;
	flags |= freeptr_offset && c->destroy_by_rcu ? SLAB_F_FREEPTR_OFFSET : 0;
	return flags;
}

static int slab_check_row(struct slab_check *c, size_t *cap, uint32_t cache, uint32_t field,
			  bool have, int64_t derived, int64_t observed)
{
	if (!have)
		return 0;
	c->nr_checked[field]++;
	if (derived == observed) {
		c->nr_ok[field]++;
		return 0;
	}
	c->nr_mismatches++;
	if (c->nr_rows == *cap) {
		size_t n = *cap ? *cap * 2 : 16;
		struct slab_check_row *v = realloc(c->rows, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		c->rows = v;
		*cap = n;
	}
	c->rows[c->nr_rows++] = (struct slab_check_row){
		.cache = cache,
		.field = field,
		.derived = derived,
		.observed = observed,
	};
	return 0;
}

#define SLAB_HAS(c, attr) (((c)->has >> (attr)) & 1u)

int slab_check(const struct mm_profile *p, const struct mm_machine *m, uint32_t page_shift,
	       struct slab_check *c)
{
	size_t cap = 0;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	slab_params_init(&c->params, p, m, page_shift);
	c->min_objects = slab_min_objects(&c->params);
	for (uint32_t i = 0; i < m->nr_slab_caches; i++) {
		const struct mm_slab_cache *sc = &m->slab_caches[i];
		uint32_t flags = slab_cache_flags(m, i);
		struct slab_geometry from_object, g;
		bool have_size = SLAB_HAS(sc, MM_SLAB_SLAB_SIZE);
		bool flags_known = SLAB_HAS(sc, MM_SLAB_DESTROY_BY_RCU) &&
				   SLAB_HAS(sc, MM_SLAB_POISON) && SLAB_HAS(sc, MM_SLAB_RED_ZONE) &&
				   SLAB_HAS(sc, MM_SLAB_STORE_USER);
		uint32_t size;

		if (!SLAB_HAS(sc, MM_SLAB_OBJECT_SIZE) || !SLAB_HAS(sc, MM_SLAB_ALIGN))
			continue;
		c->nr_caches++;
		if (slab_cache_open(&c->params, sc->object_size, sc->align, flags, &from_object))
			from_object = (struct slab_geometry){ 0 };
		if (have_size && !flags_known)
			c->nr_underived[SLAB_CHECK_SLAB_SIZE]++;
		ret = slab_check_row(c, &cap, i, SLAB_CHECK_SLAB_SIZE, have_size && flags_known,
				     from_object.size, sc->slab_size);
		if (ret)
			break;
		/* the rest from the observed s->size, so each field checks its own formula */
		size = have_size ? sc->slab_size : from_object.size;
		g = (struct slab_geometry){ .size = size };
		if (size) {
			int order = slab_calculate_order(&c->params, size);

			g.order = order < 0 ? UINT32_MAX : (uint32_t)order;
			g.objs_per_slab = order < 0 ? 0 : slab_order_objects(&c->params,
									     g.order, size);
			g.min_partial = slab_set_min_partial(size);
			slab_set_cpu_partial(&c->params, flags, &g);
		}
		if ((ret = slab_check_row(c, &cap, i, SLAB_CHECK_ORDER, SLAB_HAS(sc, MM_SLAB_ORDER),
					  g.order, sc->order)) ||
		    (ret = slab_check_row(c, &cap, i, SLAB_CHECK_OBJS_PER_SLAB,
					  SLAB_HAS(sc, MM_SLAB_OBJS_PER_SLAB), g.objs_per_slab,
					  sc->objs_per_slab)) ||
		    (ret = slab_check_row(c, &cap, i, SLAB_CHECK_MIN_PARTIAL,
					  SLAB_HAS(sc, MM_SLAB_MIN_PARTIAL), g.min_partial,
					  sc->min_partial)) ||
		    (ret = slab_check_row(c, &cap, i, SLAB_CHECK_CPU_PARTIAL,
					  SLAB_HAS(sc, MM_SLAB_CPU_PARTIAL), g.cpu_partial,
					  sc->cpu_partial)) ||
		    (ret = slab_check_row(c, &cap, i, SLAB_CHECK_CPU_PARTIAL_SLABS,
					  SLAB_HAS(sc, MM_SLAB_CPU_PARTIAL_SLABS),
					  g.cpu_partial_slabs, sc->cpu_partial_slabs)))
			break;
	}
	if (ret) {
		slab_check__free(c);
		return ret;
	}
	return 0;
}

void slab_check__free(struct slab_check *c)
{
	if (!c)
		return;
	free(c->rows);
	c->rows = NULL;
	c->nr_rows = 0;
}
