// SPDX-License-Identifier: GPL-2.0-only
/* Linux 6.1 stable (written from Debian's 6.1.192 mm/page_alloc.c and mm/slub.c). */
#include "profile.h"

const struct mm_profile profile_6_1 = {
	.name = "6.1",
	.version_major = 6,
	.version_minor = 1,
	/* MAX_ORDER 11 is an exclusive bound in 6.1: orders 0..10 */
	.nr_page_orders = 11,
	.pageblock_order = 9,
	.fallbacks = {
		[MT_UNMOVABLE] = { MT_RECLAIMABLE, MT_MOVABLE },
		[MT_MOVABLE] = { MT_RECLAIMABLE, MT_UNMOVABLE },
		[MT_RECLAIMABLE] = { MT_UNMOVABLE, MT_MOVABLE },
	},
	.movable_wmark_capped = false,
	.pcp_high_autotune = false,
	.below_high_precheck = false,
	.wmark_uses_free_highatomic = false,
	.highatomic_max_aligned = false,
	.pcp_skip_cma_movable = true,
	.slub_order_6_12 = false,
};
