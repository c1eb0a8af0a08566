// SPDX-License-Identifier: GPL-2.0-only
/* Linux 6.12 stable (written from Debian's 6.12.117 mm/page_alloc.c and mm/slub.c). */
#include "profile.h"

const struct mm_profile profile_6_12 = {
	.name = "6.12",
	.version_major = 6,
	.version_minor = 12,
	/* MAX_PAGE_ORDER 10 is inclusive: NR_PAGE_ORDERS 11, the same levels as 6.1 */
	.nr_page_orders = 11,
	.pageblock_order = 9,
	.fallbacks = {
		[MT_UNMOVABLE] = { MT_RECLAIMABLE, MT_MOVABLE },
		[MT_MOVABLE] = { MT_RECLAIMABLE, MT_UNMOVABLE },
		[MT_RECLAIMABLE] = { MT_UNMOVABLE, MT_MOVABLE },
	},
	/* 6.12: ZONE_MOVABLE left out of lowmem, its WMARK_MIN capped (__setup_per_zone_wmarks) */
	.movable_wmark_capped = true,
	/* 6.7's pcp high auto-tuning between high_min and high_max (mm/page_alloc.c:nr_pcp_high,
	 * nr_pcp_alloc, decay_pcp_high) */
	.pcp_high_autotune = true,
	.below_high_precheck = true,
	/* __zone_watermark_ok() discounts zone->nr_free_highatomic (free pages on HIGHATOMIC
	 * lists, kept by account_freepages()), not nr_reserved_highatomic */
	.wmark_uses_free_highatomic = true,
	.highatomic_max_aligned = true,
	.pcp_skip_cma_movable = false,
	.slub_order_6_12 = true,
};
