// SPDX-License-Identifier: GPL-2.0-only
/*
 * The MIGRATE_HIGHATOMIC reserve: reserve_highatomic_pageblock() after a successful
 * ALLOC_HIGHATOMIC allocation, unreserve_highatomic_pageblock() in the slow path before
 * giving up (mm/page_alloc.c, Debian 6.1.192 and 6.12.117; KERNEL-NOTES §5.6).
 */
#include "internal.h"

/*
 * The most nr_reserved_highatomic may reach, 0 for no reserve at all.
 * 6.1: a pageblock plus 1% of the zone. 6.12 (profile->highatomic_max_aligned): 1% rounded
 * up to whole pageblocks, and nothing when 1% is less than a pageblock.
 */
static uint64_t highatomic_max_managed(const struct mm_engine *e, const struct mm_zone_st *z)
{
	uint64_t pb_pages = 1ull << e->k.p->pageblock_order;
	uint64_t one_pct = z->managed_pages / 100;

	if (!e->k.p->highatomic_max_aligned)
		return one_pct + pb_pages;
	if (one_pct < pb_pages)
		return 0;
	return (one_pct + pb_pages - 1) & ~(pb_pages - 1);
}

/*
 * reserve_highatomic_pageblock() (both): the pageblock(s) of the page just allocated at idx
 * become HIGHATOMIC, if the block is of a mergeable type and the reserve has room.
 * 6.1 counts a pageblock, retags, then moves the block's free pages (move_freepages_block()
 * clips at the zone start and moves nothing when the block ends past the zone, but the
 * block stays retagged and counted).
 * 6.12: below pageblock_order the free pages move and the block is retagged only if it lies
 * inside the zone; from pageblock_order up every block of the allocation is retagged and
 * 2^order pages are counted.
 */
void highatomic_reserve(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order)
{
	unsigned int pbo = e->k.p->pageblock_order;
	int64_t pb_pages = 1ll << pbo;
	uint64_t max_managed = highatomic_max_managed(e, z);
	unsigned int mt;

	/* the policy switch `highatomic off`: the reserve never grows */
	if (e->no_highatomic_reserve)
		return;
	if (!max_managed || z->nr_reserved_highatomic >= (int64_t)max_managed)
		return;
	mt = pageblock_mt(e, z, idx);
	if (mt >= MT_PCPTYPES)
		return;

	if (!buddy_freelist_hygiene(e)) {
		z->nr_reserved_highatomic += pb_pages;
		pageblock_set_mt(e, z, idx, MT_HIGHATOMIC);
		pageblock_move_freepages_block(e, z, idx, mt, MT_HIGHATOMIC, NULL);
	} else if (order < pbo) {
		if (pageblock_move_freepages_block(e, z, idx, mt, MT_HIGHATOMIC, NULL) == -1)
			return;
		z->nr_reserved_highatomic += pb_pages;
	} else {
		pageblock_change_range(e, z, idx, order, MT_HIGHATOMIC);
		z->nr_reserved_highatomic += 1ll << order;
	}
	zone_stats(e, z)->nr_highatomic_reserve++;
}

/*
 * unreserve_highatomic_pageblock() (both), for one zone of the zonelist walk: unless force,
 * keep the last pageblock; else the head of the lowest-order HIGHATOMIC list gives its
 * block(s) back to start_mt (the request's migratetype) with their free pages. The reserve
 * shrinks by a pageblock (6.12: by the larger of a pageblock and the buddy) if the block was
 * still HIGHATOMIC. True once something moved.
 */
bool highatomic_unreserve(struct mm_engine *e, struct mm_zone_st *z, unsigned int start_mt,
			  bool force)
{
	unsigned int pbo = e->k.p->pageblock_order;
	int64_t pb_pages = 1ll << pbo;

	if (!force && z->nr_reserved_highatomic <= pb_pages)
		return false;

	for (unsigned int o = 0; o < e->k.p->nr_page_orders; o++) {
		uint32_t idx = lst_first(z, free_list_head(z, o, MT_HIGHATOMIC));
		unsigned int mt;
		int64_t size;
		int ret;

		if (idx == MM_NO_IDX)
			continue;
		mt = pageblock_mt(e, z, idx);
		if (mt == MT_HIGHATOMIC) {
			size = pb_pages;
			if (buddy_freelist_hygiene(e) && (1ll << o) > size)
				size = 1ll << o;
			if (size > z->nr_reserved_highatomic)
				size = z->nr_reserved_highatomic;
			z->nr_reserved_highatomic -= size;
		}

		if (!buddy_freelist_hygiene(e)) {
			pageblock_set_mt(e, z, idx, start_mt);
			ret = pageblock_move_freepages_block(e, z, idx, mt, start_mt, NULL);
		} else if (o < pbo) {
			ret = pageblock_move_freepages_block(e, z, idx, mt, start_mt, NULL);
		} else {
			buddy_move_free(e, z, idx, o, mt, start_mt);
			pageblock_change_range(e, z, idx, o, start_mt);
			ret = 1;
		}
		if (ret > 0) {
			zone_stats(e, z)->nr_highatomic_unreserve++;
			return true;
		}
	}
	return false;
}
