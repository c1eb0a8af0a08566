/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-version profiles (STYLE.md rule 22): mostly data, with a variant enum where the
 * algorithm itself changed. A profile covers one stable series; behaviour that stable
 * updates changed inside a series (KERNEL-NOTES §0.1) is resolved into struct mm_kernel
 * from the full release, so the engine never compares version numbers itself.
 */
#ifndef MMTRACE_CORE_PROFILE_H
#define MMTRACE_CORE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Migratetypes, numbered as in the kernel with CONFIG_CMA=y; see mm_kernel.mt_* for the trace's. */
enum mm_mt {
	MT_UNMOVABLE = 0,
	MT_MOVABLE = 1,
	MT_RECLAIMABLE = 2,
	MT_PCPTYPES = 3,	/* MIGRATE_PCPTYPES: the "mergeable" types are below it */
	MT_HIGHATOMIC = 3,
	MT_CMA = 4,
	MT_ISOLATE = 5,
	MT__NR = 6,
};

/* Zone indices on 64-bit (include/linux/mmzone.h, no HIGHMEM). */
enum mm_zone_type {
	ZT_DMA = 0,
	ZT_DMA32 = 1,
	ZT_NORMAL = 2,
	ZT_MOVABLE = 3,
	ZT_DEVICE = 4,
	ZT__NR = 5,	/* MAX_NR_ZONES */
};

#define MM_NR_ORDERS_MAX 16	/* arrays; the profile says how many are used */
#define MM_NR_PCP_LISTS 14	/* NR_PCP_LISTS with THP: 3 * 4 + 2 */

enum mm_fallback_variant {
	/* 6.1: __rmqueue_fallback largest-first, steal_suitable_fallback moves free pages,
	 * then __rmqueue retries __rmqueue_smallest */
	FALLBACK_6_1,
	/* 6.12.0-6.12.28: freelist hygiene, steal_suitable_fallback returns the page */
	FALLBACK_6_12_HYGIENE,
	/* 6.12.29+: __rmqueue_claim, then __rmqueue_steal, rmqueue_mode memo in rmqueue_bulk */
	FALLBACK_6_12_CLAIM_STEAL,
};

struct mm_profile {
	const char *name;		/* "6.1", "6.12" */
	unsigned int version_major, version_minor;
	unsigned int nr_page_orders;	/* 11 in both (6.1 MAX_ORDER 11 exclusive, 6.12 10 inclusive) */
	unsigned int pageblock_order;	/* 9 on x86-64 with 4K pages */
	/* fallbacks[mt] for the mergeable types, in search order (mm/page_alloc.c fallbacks[]) */
	uint8_t fallbacks[MT_PCPTYPES][2];
	/* 6.12: __setup_per_zone_wmarks() leaves ZONE_MOVABLE out of lowmem and caps its
	 * WMARK_MIN like HIGHMEM's; 6.1 counts it and gives it a proportional WMARK_MIN */
	bool movable_wmark_capped;
	/* 6.12: pcp high auto-tuning between high_min and high_max (6.7+, "mm: tune PCP high") */
	bool pcp_high_autotune;
	/* 6.12: the ZONE_BELOW_HIGH pre-check in get_page_from_freelist (6.7+) */
	bool below_high_precheck;
	/* 6.12: the watermark check discounts nr_free_highatomic (free pages), 6.1 nr_reserved */
	bool wmark_uses_free_highatomic;
	/* 6.12: reserve_highatomic max = ALIGN(managed/100, pageblock); 6.1: managed/100 + pageblock */
	bool highatomic_max_aligned;
	/* 6.1: rmqueue() skips the pcp for MOVABLE without ALLOC_CMA when CONFIG_CMA=y */
	bool pcp_skip_cma_movable;	/* 6.1: pcp is skipped for MOVABLE without ALLOC_CMA (CONFIG_CMA) */
	/* SLUB calculate_order() variant: 6.1 loops min_objects down; 6.12 fraction loop */
	bool slub_order_6_12;
};

/* What a full release resolves to: the profile plus the stable-update switches. */
struct mm_kernel {
	const struct mm_profile *p;
	unsigned int sublevel;		/* 192 in 6.1.192; 0 if unknown */
	bool sublevel_known;
	enum mm_fallback_variant fallback;
	bool alloc_flags_6_3;		/* 6.1.119+: NON_BLOCK/MIN_RESERVE/HIGHATOMIC (else HARDER) */
	bool highatomic_needs_high;	/* 6.1.158, 6.12.57: ALLOC_HIGHATOMIC only with __GFP_HIGH */
	bool merge_retag;		/* 6.12.69: coalescing retags the buddy's pageblocks */
	bool pcp_batch_scale_max;	/* 6.1.106: free_factor capped by CONFIG_PCP_BATCH_SCALE_MAX */
	bool pcp_thp_split;		/* 6.1.98: THP pcp list split movable / non-movable */
	bool pcp_free_keeps_block_type;	/* 6.1.64: HIGHATOMIC/CMA pages keep their type through pcp */
	bool decay_in_batches;		/* 6.12.69: decay_pcp_high frees in batch-sized chunks */
};

extern const struct mm_profile profile_6_1;
extern const struct mm_profile profile_6_12;

/*
 * Resolves a kernel: name is a profile name ("6.12"), a release ("6.12.117+deb12-cloud-amd64",
 * "6.1.0-56-cloud-amd64"), or either with the `uname -v` text (Debian's ABI release hides the
 * sublevel there: "... Debian 6.1.192-2 ..."). 0, or -ENOENT for an unknown series.
 */
int mm_kernel_resolve(struct mm_kernel *k, const char *release, const char *version);
/* "6.1 6.12": the known series, for error messages. */
const char *mm_profile_names(void);
const struct mm_profile *mm_profile_find(const char *name);

#endif
