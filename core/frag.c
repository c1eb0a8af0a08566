// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fragmentation metrics, mirroring mm/vmstat.c (identical in 6.1 and 6.12): fill_contig_page_info(),
 * unusable_free_index() and __fragmentation_index(), in thousandths, with the kernel's
 * integer divisions so the values equal /sys/kernel/debug/extfrag/{unusable,extfrag}_index.
 */
#include "stats.h"

struct contig_info {
	uint64_t free_pages;
	uint64_t free_blocks_total;
	uint64_t free_blocks_suitable;
};

/* fill_contig_page_info() */
static void frag_fill(const uint64_t nr_free[], unsigned int nr_orders, unsigned int order,
		      struct contig_info *info)
{
	*info = (struct contig_info){ 0 };
	for (unsigned int o = 0; o < nr_orders; o++) {
		uint64_t blocks = nr_free[o];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << o;
		if (o >= order)
			info->free_blocks_suitable += blocks << (o - order);
	}
}

/* unusable_free_index() */
int32_t mm_unusable_free_index(const uint64_t nr_free[], unsigned int nr_orders, unsigned int order)
{
	struct contig_info info;

	frag_fill(nr_free, nr_orders, order, &info);
	if (!info.free_pages)
		return 1000;
	return (int32_t)(((info.free_pages - (info.free_blocks_suitable << order)) * 1000) /
			 info.free_pages);
}

/* __fragmentation_index() */
int32_t mm_fragmentation_index(const uint64_t nr_free[], unsigned int nr_orders, unsigned int order)
{
	struct contig_info info;
	uint64_t requested = 1ull << order;

	frag_fill(nr_free, nr_orders, order, &info);
	if (!info.free_blocks_total)
		return 0;
	if (info.free_blocks_suitable)
		return -1000;
	return (int32_t)(1000 - ((1000 + (info.free_pages * 1000) / requested) /
				 info.free_blocks_total));
}
