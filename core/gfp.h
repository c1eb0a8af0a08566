/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GFP flags and what the page allocator derives from them before it looks at any free
 * list: the highest usable zone, the migratetype, and the alloc_flags of the fast and
 * slow paths (KERNEL-NOTES §1). Values are the raw bits a trace's gfp_flags carries.
 */
#ifndef MMTRACE_CORE_GFP_H
#define MMTRACE_CORE_GFP_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

/*
 * include/linux/gfp_types.h: bits 0..23 are the same in 6.1 and 6.12 except bit 9, which
 * is __GFP_ATOMIC in 6.1 and unused in 6.12 (6.3: Mel Gorman's "Discard __GFP_ATOMIC"
 * series, ending in "mm: discard __GFP_ATOMIC"). Bits above 23 depend on KASAN_HW_TAGS,
 * LOCKDEP and SLAB_OBJ_EXT and never matter to the allocator's decisions.
 */
#define MM__GFP_DMA		0x01u
#define MM__GFP_HIGHMEM		0x02u
#define MM__GFP_DMA32		0x04u
#define MM__GFP_MOVABLE		0x08u
#define MM__GFP_RECLAIMABLE	0x10u
#define MM__GFP_HIGH		0x20u
#define MM__GFP_IO		0x40u
#define MM__GFP_FS		0x80u
#define MM__GFP_ZERO		0x100u
#define MM__GFP_ATOMIC_6_1	0x200u	/* __GFP_ATOMIC: 6.1 only */
#define MM__GFP_DIRECT_RECLAIM	0x400u
#define MM__GFP_KSWAPD_RECLAIM	0x800u
#define MM__GFP_WRITE		0x1000u
#define MM__GFP_NOWARN		0x2000u
#define MM__GFP_RETRY_MAYFAIL	0x4000u
#define MM__GFP_NOFAIL		0x8000u
#define MM__GFP_NORETRY		0x10000u
#define MM__GFP_MEMALLOC		0x20000u
#define MM__GFP_COMP		0x40000u
#define MM__GFP_NOMEMALLOC	0x80000u
#define MM__GFP_HARDWALL		0x100000u
#define MM__GFP_THISNODE		0x200000u
#define MM__GFP_ACCOUNT		0x400000u
#define MM__GFP_ZEROTAGS		0x800000u
/* GFP_ZONEMASK: the bits gfp_zone() looks at */
#define MM_GFP_ZONEMASK (MM__GFP_DMA | MM__GFP_HIGHMEM | MM__GFP_DMA32 | MM__GFP_MOVABLE)

#define MM__GFP_RECLAIM		(MM__GFP_DIRECT_RECLAIM | MM__GFP_KSWAPD_RECLAIM)
/* Composites (include/linux/gfp_types.h) */
#define MM_GFP_KERNEL		(MM__GFP_RECLAIM | MM__GFP_IO | MM__GFP_FS)	/* 0xcc0 */
#define MM_GFP_KERNEL_ACCOUNT	(MM_GFP_KERNEL | MM__GFP_ACCOUNT)
#define MM_GFP_NOIO		(MM__GFP_RECLAIM)
#define MM_GFP_NOFS		(MM__GFP_RECLAIM | MM__GFP_IO)
#define MM_GFP_USER		(MM_GFP_KERNEL | MM__GFP_HARDWALL)
#define MM_GFP_DMA32		MM__GFP_DMA32	/* GFP_DMA32 is the bare zone bit */
#define MM_GFP_HIGHUSER		(MM_GFP_USER | MM__GFP_HIGHMEM)
#define MM_GFP_HIGHUSER_MOVABLE	(MM_GFP_HIGHUSER | MM__GFP_MOVABLE)	/* 0x100cca */
#define MM_GFP_ATOMIC_6_12	(MM__GFP_HIGH | MM__GFP_KSWAPD_RECLAIM)	/* 0x820 */
#define MM_GFP_ATOMIC_6_1	(MM_GFP_ATOMIC_6_12 | MM__GFP_ATOMIC_6_1)	/* 0xa20 */
#define MM_GFP_NOWAIT_6_1	(MM__GFP_KSWAPD_RECLAIM)
#define MM_GFP_NOWAIT_6_12	(MM__GFP_KSWAPD_RECLAIM | MM__GFP_NOWARN)
#define MM_GFP_TRANSHUGE_LIGHT                                                           \
	((MM_GFP_HIGHUSER_MOVABLE | MM__GFP_COMP | MM__GFP_NOMEMALLOC | MM__GFP_NOWARN) & \
	 ~MM__GFP_RECLAIM)
#define MM_GFP_TRANSHUGE	(MM_GFP_TRANSHUGE_LIGHT | MM__GFP_DIRECT_RECLAIM)

/*
 * Before 6.1.119 (upstream 6.1.0-6.1.118, KERNEL-NOTES §1.5) the two reserve bits were
 * ALLOC_HARDER and ALLOC_HIGH, at the values ALLOC_NON_BLOCK and ALLOC_MIN_RESERVE took
 * over (mm/internal.h); they are used only when !e->k.alloc_flags_6_3.
 */
#define ALLOC_HARDER ALLOC_NON_BLOCK
#define ALLOC_HIGH ALLOC_MIN_RESERVE

/* gfp_zone() (include/linux/gfp.h, both): the highest zone index the request may use */
unsigned int gfp_zone(uint64_t gfp);
/* gfp_migratetype() (include/linux/gfp.h, both) */
unsigned int gfp_migratetype(const struct mm_engine *e, uint64_t gfp);
/* The __GFP_ATOMIC bit of the profile's kernel, 0 if it has none (6.3+). */
uint64_t gfp_atomic_bit(const struct mm_engine *e);
/* Whether rmqueue() clears ZONE_BOOSTED_WATERMARK only for ALLOC_KSWAPD requests (6.12). */
bool gfp_boost_wake_needs_kswapd(const struct mm_engine *e);
/*
 * build_all_zonelists_init()'s rule for page_group_by_mobility_disabled: fewer than
 * pageblock_nr_pages * MIGRATE_TYPES pages in nr_free_zone_pages(ZONE_MOVABLE).
 */
bool gfp_mobility_disabled_at_boot(const struct mm_engine *e);

/* gfp_to_alloc_flags_cma() (mm/page_alloc.c, both): ALLOC_CMA for MOVABLE with CONFIG_CMA */
unsigned int gfp_to_alloc_flags_cma(const struct mm_engine *e, uint64_t gfp,
				    unsigned int alloc_flags);
/*
 * alloc_flags_nofragment() (mm/page_alloc.c, both): ALLOC_KSWAPD from the gfp, and
 * ALLOC_NOFRAGMENT when the preferred zone is ZONE_NORMAL (CONFIG_ZONE_DMA32) and either one
 * node is online or the node's DMA32 zone is populated. z may be NULL.
 */
unsigned int gfp_alloc_flags_nofragment(const struct mm_engine *e, const struct mm_zone_st *z,
					uint64_t gfp);
/*
 * The alloc_flags of the first get_page_from_freelist() of __alloc_pages() (both):
 * WMARK_LOW | CMA | alloc_flags_nofragment(preferred zone). No cpusets.
 */
unsigned int gfp_fast_alloc_flags(const struct mm_engine *e, const struct mm_zone_st *preferred,
				  uint64_t gfp);
/*
 * gfp_to_alloc_flags() (mm/page_alloc.c): the slow path's flags. 6.1.119+/6.12 semantics,
 * or the ALLOC_HARDER ones before 6.1.119 (KERNEL-NOTES §1.5, not checked against a
 * 6.1.0 tree). The task is taken as not realtime.
 */
unsigned int gfp_to_alloc_flags(const struct mm_engine *e, uint64_t gfp, unsigned int order);
/*
 * __gfp_pfmemalloc_flags() (mm/page_alloc.c, both) as far as the gfp decides it:
 * ALLOC_NO_WATERMARKS for __GFP_MEMALLOC, 0 with __GFP_NOMEMALLOC or otherwise (the task's
 * PF_MEMALLOC and OOM-victim state are not in the trace).
 */
unsigned int gfp_pfmemalloc_flags(uint64_t gfp);

#endif
