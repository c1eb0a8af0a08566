/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The allocation path above the buddy lists: the watermark check (wmark_check.c), the
 * per-cpu page lists (pcp.c), and get_page_from_freelist() with the page-level entry
 * points alloc_pages_sim() / free_pages_sim() (alloc.c). Mirrors mm/page_alloc.c of 6.1
 * and 6.12 (KERNEL-NOTES §2, §3.6-3.7, §4); idx arguments are zone-relative pfns.
 */
#ifndef MMTRACE_CORE_ALLOC_H
#define MMTRACE_CORE_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

/* CONFIG_PCP_BATCH_SCALE_MAX (mm/Kconfig, default 5 in both trees) */
#define PCP_BATCH_SCALE_MAX 5
/* PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h) */
#define PAGE_ALLOC_COSTLY_ORDER 3
/* NR_LOWORDER_PCP_LISTS: MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1) */
#define NR_LOWORDER_PCP_LISTS (MT_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))

/* --- wmark_check.c */

/*
 * __zone_watermark_ok() (mm/page_alloc.c, both): free is NR_FREE_PAGES as read; the
 * compare is signed. Before 6.1.119 the ALLOC_HARDER rules of KERNEL-NOTES §1.5 apply.
 */
bool wmark_zone_watermark_ok(const struct mm_engine *e, const struct mm_zone_st *z,
			     unsigned int order, int64_t mark, unsigned int highest_zoneidx,
			     unsigned int alloc_flags, int64_t free);
/* zone_watermark_ok(): the above with the zone's NR_FREE_PAGES */
bool wmark_zone_watermark_ok_now(const struct mm_engine *e, const struct mm_zone_st *z,
				 unsigned int order, int64_t mark, unsigned int highest_zoneidx,
				 unsigned int alloc_flags);
/* zone_watermark_fast() (mm/page_alloc.c, both): order-0 shortcut, unboosted MIN retry */
bool wmark_zone_watermark_fast(const struct mm_engine *e, const struct mm_zone_st *z,
			       unsigned int order, int64_t mark, unsigned int highest_zoneidx,
			       unsigned int alloc_flags, uint64_t gfp);
/* wmark_pages(): _watermark[i] + watermark_boost */
static inline int64_t wmark_pages(const struct mm_zone_st *z, unsigned int i)
{
	return (int64_t)(z->wmark[i] + z->watermark_boost);
}

/* --- pcp.c */

/*
 * Follow mode keeps the pcp counters the kernel keeps (6.1 free_factor; 6.12 free_count,
 * alloc_factor, flags and the tuned high) from the recorded events, to predict refills:
 * pcp_follow_alloc() at an allocation through the pcp, pcp_follow_free() after a page
 * joined a pcp list (count already raised), pcp_follow_refill_count() when rmqueue_bulk()
 * starts: the pages nr_pcp_alloc() (6.12) or the order-scaled batch (6.1) asks for.
 */
void pcp_follow_alloc(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu);
void pcp_follow_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu, unsigned int order);
int pcp_follow_refill_count(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu,
			    unsigned int order);

/* pcp_allowed_order(): orders up to PAGE_ALLOC_COSTLY_ORDER, and the THP order */
bool pcp_allowed_order(const struct mm_engine *e, unsigned int order);
/* order_to_pindex() / pindex_to_order() (mm/page_alloc.c, both; THP list split in 6.1.98) */
unsigned int pcp_order_to_pindex(const struct mm_engine *e, unsigned int mt, unsigned int order);
unsigned int pcp_pindex_to_order(const struct mm_engine *e, unsigned int pindex);
/* NR_PCP_LISTS: 14, or 13 before 6.1.98's NR_PCP_THP 2 */
unsigned int pcp_nr_lists(const struct mm_engine *e);
/*
 * rmqueue_pcplist() + __rmqueue_pcplist() (6.1, 6.12 with nr_pcp_alloc()): the head page
 * of the cpu's list, refilled by rmqueue_bulk() when empty. MM_NO_IDX if nothing; the
 * page's state is left to the caller.
 */
uint32_t pcp_rmqueue_pcplist(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu,
			     unsigned int order, unsigned int mt, unsigned int alloc_flags);
/* rmqueue_bulk() (both): up to count pages of order appended to the list's tail */
int pcp_rmqueue_bulk(struct mm_engine *e, struct mm_zone_st *z, unsigned int order, int count,
		     uint32_t list, unsigned int mt, unsigned int alloc_flags);
/*
 * free_unref_page() (6.12; 6.1's free_the_page() for pcp orders): the page goes to the
 * head of its pcp list, or to the buddy if its order is not pcp-able or its block is
 * ISOLATE. The head page must not be on any list.
 */
void pcp_free_unref_page(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu, uint32_t idx,
			 unsigned int order);
/* free_pcppages_bulk() (both): count base pages back to the buddy, from pindex on */
void pcp_free_pcppages_bulk(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu, int count,
			    unsigned int pindex);
/* drain_pages_zone() (both; chunks of batch << 5 since 6.1.106) */
void pcp_drain_pages_zone(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu);
/* drain_all_pages(NULL) (both): every cpu with pages, every zone */
void pcp_drain_all_pages(struct mm_engine *e);
/* drain_zone_pages() (both, NUMA remote zones): min(count, batch) from pindex 0 */
void pcp_drain_zone_pages(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu);
/* decay_pcp_high() (6.12, vmstat interval): true if more work is left; 6.1: nothing */
bool pcp_decay_pcp_high(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu);

/* --- alloc.c */

struct alloc_result {
	int32_t zone;		/* index in e->zones, -1 on failure */
	uint64_t pfn;		/* MM_PFN_NONE on failure */
	unsigned int order;
	unsigned int migratetype;	/* gfp_migratetype() of the request */
	unsigned int alloc_flags;	/* of the attempt that succeeded (or the last one) */
	bool pcp;		/* served from a pcp list */
	bool slowpath;		/* the fast path failed */
	bool failed;
};

/*
 * __alloc_pages(): the fast path, then one slow-path get_page_from_freelist() with
 * gfp_to_alloc_flags() (and __GFP_MEMALLOC's NO_WATERMARKS); no reclaim, compaction or
 * OOM. 0, or -EINVAL for an order above the profile's; a failed allocation is 0 with
 * res->failed.
 */
int alloc_pages_sim(struct mm_engine *e, uint32_t cpu, unsigned int order, uint64_t gfp,
		    struct alloc_result *res);
/*
 * __free_pages() of an allocated block: free_unref_page() for pcp orders, else
 * __free_pages_ok(). 0, or -EINVAL for a pfn no zone spans or an order above the profile's.
 */
int free_pages_sim(struct mm_engine *e, uint32_t cpu, uint64_t pfn, unsigned int order);
/*
 * free_one_page() (both, under zone->lock): 6.1 __free_one_page() with the block's type;
 * 6.12 split_large_buddy(), one piece per pageblock with its own type.
 */
void alloc_free_one_page(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			 unsigned int order);

#endif
