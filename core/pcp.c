// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-cpu page lists (KERNEL-NOTES §4), mm/page_alloc.c of 6.1 and 6.12: allocation from
 * the list head with rmqueue_bulk() refills appended at the tail, frees to the list head,
 * and the drains (free_pcppages_bulk() round-robin from the tail of each list).
 *
 * pcp sizing (batch, high, high_min, high_max, PCPF_FREE_HIGH_BATCH) is set by the zone
 * configuration code; this file only moves high within [high_min, high_max] as 6.12's
 * auto-tuning does. A pcp page's head has state PG_PCP and its list in z->pcp_mt: the type
 * cached at free time, which 6.1 drains the page back to (page->index).
 *
 * The pcp spinlock is taken with a trylock in the kernel; a failed trylock (a drain or
 * an IRQ on the same cpu) sends the request to the buddy and is invisible in a trace.
 * Here the trylock always succeeds.
 */
#include <string.h>

#include "alloc.h"

/* The kernel's clamp() (include/linux/minmax.h, both trees): hi wins when lo > hi. */
static int pcp_clamp(int val, int lo, int hi)
{
	return val >= hi ? hi : val <= lo ? lo : val;
}

static int pcp_max(int a, int b)
{
	return a > b ? a : b;
}

static int pcp_min(int a, int b)
{
	return a < b ? a : b;
}

/* pcp->batch as a loop step: a snapshot may carry 0 where the kernel never has less than 1 */
static int pcp_batch_step(const struct mm_pcp *pcp)
{
	return pcp->batch > 0 ? pcp->batch : 1;
}

bool pcp_allowed_order(const struct mm_engine *e, unsigned int order)
{
	/* the THP order: pageblock_order in 6.1, HPAGE_PMD_ORDER in 6.12, both 9 on x86-64 */
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == e->k.p->pageblock_order;
}

unsigned int pcp_nr_lists(const struct mm_engine *e)
{
	return NR_LOWORDER_PCP_LISTS + (e->k.pcp_thp_split ? 2 : 1);
}

unsigned int pcp_order_to_pindex(const struct mm_engine *e, unsigned int mt, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS + (e->k.pcp_thp_split && mt == MT_MOVABLE);
	return MT_PCPTYPES * order + mt;
}

unsigned int pcp_pindex_to_order(const struct mm_engine *e, unsigned int pindex)
{
	if (pindex >= NR_LOWORDER_PCP_LISTS)
		return e->k.p->pageblock_order;
	return pindex / MT_PCPTYPES;
}

int pcp_rmqueue_bulk(struct mm_engine *e, struct mm_zone_st *z, unsigned int order, int count,
		     uint32_t list, unsigned int mt, unsigned int alloc_flags)
{
	/* 6.12.29+: the fallback mode that last produced a page is where the next call starts */
	enum rmqueue_mode mode = RMQUEUE_NORMAL;
	struct mm_zone_stats *zs = zone_stats(e, z);
	int i;

	zs->nr_pcp_refill++;
	for (i = 0; i < count; i++) {
		uint32_t idx = buddy_rmqueue(e, z, order, mt, alloc_flags, &mode);

		if (idx == MM_NO_IDX)
			break;
		/*
		 * Pages split out of one buddy come in ascending pfn order; appending keeps the
		 * list in that order. 6.1's pcp_mt (page->index) is the list the buddy
		 * allocator took the page from, as __rmqueue_smallest() sets it.
		 */
		z->state[idx] = PG_STATE(PG_PCP, order);
		lst_add_tail(z, list, idx);
		zs->nr_pcp_refill_pages += 1u << order;
	}
	return i;
}

/* nr_pcp_alloc() (6.12): the refill size, growing with alloc_factor; grows pcp->high. */
static int pcp_nr_pcp_alloc(struct mm_zone_st *z, struct mm_pcp *pcp, unsigned int order)
{
	int base_batch = pcp->batch, batch, high;

	high = pcp->high = pcp_clamp(pcp->high, pcp->high_min, pcp->high_max);
	/* pcp disabled or boot pageset */
	if (high < base_batch)
		return 1;
	batch = order ? base_batch : base_batch << pcp->alloc_factor;
	/* a larger high would have kept the pages here: grow it unless the zone is short */
	if (pcp->high_min != pcp->high_max && !(z->flags & ZONE_BELOW_HIGH))
		high = pcp->high = pcp_min(high + batch, pcp->high_max);
	if (!order) {
		int max_nr_alloc = pcp_max(high - pcp->count - base_batch, base_batch);

		/* doubles while order-0 allocations come without frees in between */
		if (batch <= max_nr_alloc && pcp->alloc_factor < PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = pcp_min(batch, max_nr_alloc);
	}
	if (batch > 1)
		batch = pcp_max(batch >> order, 2);
	return batch;
}

uint32_t pcp_rmqueue_pcplist(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu,
			     unsigned int order, unsigned int mt, unsigned int alloc_flags)
{
	struct mm_pcp *pcp = &z->pcp[cpu];
	uint32_t list = pcp_list_head(z, cpu, pcp_order_to_pindex(e, mt, order));
	uint32_t idx;

	/* an allocation halves the free-side batching (6.1 free_factor, 6.12 free_count) */
	if (e->k.p->pcp_high_autotune)
		pcp->free_count >>= 1;
	else
		pcp->free_factor >>= 1;
	if (lst_empty(z, list)) {
		int batch;

		if (e->k.p->pcp_high_autotune) {
			batch = pcp_nr_pcp_alloc(z, pcp, order);
		} else {
			/* 6.1: batch pages scaled down by order (not below 2), unless batch is 1 */
			batch = pcp->batch;
			if (batch > 1)
				batch = pcp_max(batch >> order, 2);
		}
		pcp->count += pcp_rmqueue_bulk(e, z, order, batch, list, mt, alloc_flags) << order;
		if (lst_empty(z, list))
			return MM_NO_IDX;
	}
	idx = lst_first(z, list);
	lst_del(z, idx);
	pcp->count -= 1 << order;
	zone_stats(e, z)->nr_pcp_hit++;
	return idx;
}

void pcp_free_pcppages_bulk(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu, int count,
			    unsigned int pindex)
{
	struct mm_pcp *pcp = &z->pcp[cpu];
	unsigned int nr_lists = pcp_nr_lists(e);
	/* 6.1 re-reads the block type only while the zone has isolated pageblocks */
	bool reread = buddy_freelist_hygiene(e) ||
		      memchr(z->pb_mt, MT_ISOLATE, z->nr_pageblocks) != NULL;
	struct mm_zone_stats *zs = zone_stats(e, z);

	count = pcp_min(count, pcp->count);
	/*
	 * Round-robin from the list just freed to. 6.1 also narrows the scanned range past
	 * empty lists at either end; that skips only empty lists, so the visiting order of
	 * the non-empty ones is the same.
	 */
	pindex = pindex ? pindex - 1 : nr_lists - 1;
	while (count > 0) {
		uint32_t list;
		unsigned int order;

		unsigned int nr_empty = 0;

		do {
			if (++pindex > nr_lists - 1)
				pindex = 0;
			list = pcp_list_head(z, cpu, pindex);
		} while (lst_empty(z, list) && ++nr_empty <= nr_lists);
		/* count above the lists' contents (a model out of step): all lists empty */
		if (nr_empty > nr_lists) {
			pcp->count = 0;
			break;
		}
		order = pcp_pindex_to_order(e, pindex);
		/* the oldest pages first, and the same list until it empties or count is met */
		do {
			uint32_t idx = lst_last(z, list);
			unsigned int mt = reread ? pageblock_mt(e, z, idx) : z->pcp_mt[idx];

			lst_del(z, idx);
			count -= 1 << order;
			pcp->count -= 1 << order;
			z->state[idx] = PG_STATE(PG_NONE, 0);
			buddy_free_one_page(e, z, idx, order, mt, 0);
			zs->nr_pcp_drain_pages += 1u << order;
		} while (count > 0 && !lst_empty(z, list));
	}
}

/* nr_pcp_free() of 6.1: free_factor doubles the batch while frees come without allocations */
static int pcp_nr_pcp_free_6_1(const struct mm_engine *e, struct mm_pcp *pcp, int high,
			       int batch, bool free_high)
{
	int min_nr_free, max_nr_free;

	if (free_high)
		return pcp->count;
	if (high < batch)
		return 1;
	min_nr_free = batch;
	max_nr_free = high - batch;
	batch <<= pcp->free_factor;
	/* 6.1.106: free_factor capped at CONFIG_PCP_BATCH_SCALE_MAX */
	if (batch < max_nr_free &&
	    (!e->k.pcp_batch_scale_max || pcp->free_factor < PCP_BATCH_SCALE_MAX))
		pcp->free_factor++;
	return pcp_clamp(batch, min_nr_free, max_nr_free);
}

/* nr_pcp_high() of 6.1 */
static int pcp_nr_pcp_high_6_1(const struct mm_zone_st *z, const struct mm_pcp *pcp,
			       bool free_high)
{
	if (!pcp->high || free_high)
		return 0;
	if (!(z->flags & ZONE_RECLAIM_ACTIVE))
		return pcp->high;
	/* kswapd is reclaiming: keep few pages on the lists */
	return pcp_min(pcp->batch << 2, pcp->high);
}

/* nr_pcp_free() of 6.12: free_count (consecutive freed pages) sets the amount */
static int pcp_nr_pcp_free_6_12(const struct mm_pcp *pcp, int batch, int high, bool free_high)
{
	if (free_high)
		return pcp_min(pcp->count, batch << PCP_BATCH_SCALE_MAX);
	if (high < batch)
		return 1;
	return pcp_clamp(pcp->free_count, batch, high - batch);
}

/* nr_pcp_high() of 6.12: also tunes pcp->high within [high_min, high_max] */
static int pcp_nr_pcp_high_6_12(const struct mm_zone_st *z, struct mm_pcp *pcp, int batch,
				bool free_high)
{
	int high_min = pcp->high_min, high_max = pcp->high_max;
	int high = pcp->high = pcp_clamp(pcp->high, high_min, high_max);

	if (!high)
		return 0;
	if (free_high) {
		pcp->high = pcp_max(high - (batch << PCP_BATCH_SCALE_MAX), high_min);
		return 0;
	}
	if (z->flags & ZONE_RECLAIM_ACTIVE) {
		int free_count = pcp_max(pcp->free_count, batch);

		pcp->high = pcp_max(high - free_count, high_min);
		return pcp_min(batch << 2, pcp->high);
	}
	if (high_min == high_max)
		return high;
	if (z->flags & ZONE_BELOW_HIGH) {
		int free_count = pcp_max(pcp->free_count, batch);

		pcp->high = pcp_max(high - free_count, high_min);
		high = pcp_max(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		/* room for a batch of freed pages */
		if (pcp->high < need_high)
			pcp->high = pcp_clamp(need_high, high_min, high_max);
	}
	return high;
}

/* free_unref_page_commit() (6.1 and 6.12): list head, then drain above high */
static void pcp_free_unref_page_commit(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu,
				       uint32_t idx, unsigned int mt, unsigned int order)
{
	struct mm_pcp *pcp = &z->pcp[cpu];
	unsigned int pindex = pcp_order_to_pindex(e, mt, order);
	bool costly_high = order && order <= PAGE_ALLOC_COSTLY_ORDER;
	bool free_high;
	int high, batch;

	if (e->k.p->pcp_high_autotune)
		pcp->alloc_factor >>= 1;
	z->state[idx] = PG_STATE(PG_PCP, order);
	lst_add_head(z, pcp_list_head(z, cpu, pindex), idx);
	pcp->count += 1 << order;
	batch = pcp->batch;

	if (!e->k.p->pcp_high_autotune) {
		/* high-order frees without allocations in between drain everything */
		free_high = pcp->free_factor && costly_high;
		high = pcp_nr_pcp_high_6_1(z, pcp, free_high);
		if (pcp->count >= high)
			pcp_free_pcppages_bulk(e, z, cpu,
					       pcp_nr_pcp_free_6_1(e, pcp, high, batch, free_high),
					       pindex);
		return;
	}

	/* 6.12: a second high-order free in a row, with batch pages freed, drains */
	if (costly_high) {
		free_high = pcp->free_count >= batch && (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else {
		free_high = false;
		pcp->flags &= (uint8_t)~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << PCP_BATCH_SCALE_MAX))
		pcp->free_count += 1 << order;
	high = pcp_nr_pcp_high_6_12(z, pcp, batch, free_high);
	if (pcp->count >= high) {
		pcp_free_pcppages_bulk(e, z, cpu, pcp_nr_pcp_free_6_12(pcp, batch, high, free_high),
				       pindex);
		if ((z->flags & ZONE_BELOW_HIGH) &&
		    wmark_zone_watermark_ok_now(e, z, 0, wmark_pages(z, MM_WMARK_HIGH), ZT_MOVABLE,
						0))
			z->flags &= ~ZONE_BELOW_HIGH;
	}
}

void pcp_free_unref_page(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu, uint32_t idx,
			 unsigned int order)
{
	unsigned int mt, pcpmt;

	if (!pcp_allowed_order(e, order)) {
		alloc_free_one_page(e, z, idx, order);
		return;
	}
	/*
	 * Only the three pcp types have lists: ISOLATE goes to the buddy (the block is being
	 * offlined), HIGHATOMIC and CMA share the MOVABLE list.
	 */
	mt = pcpmt = pageblock_mt(e, z, idx);
	if (mt >= MT_PCPTYPES) {
		if (mt == MT_ISOLATE) {
			alloc_free_one_page(e, z, idx, order);
			return;
		}
		pcpmt = MT_MOVABLE;
	}
	/* 6.1 page->index: since 6.1.64 the block's own type, before it the list's */
	z->pcp_mt[idx] = (uint8_t)(e->k.pcp_free_keeps_block_type ? mt : pcpmt);
	pcp_free_unref_page_commit(e, z, cpu, idx, pcpmt, order);
}

void pcp_drain_pages_zone(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu)
{
	struct mm_pcp *pcp = &z->pcp[cpu];

	/* 6.1.106 / 6.12: chunks of batch << CONFIG_PCP_BATCH_SCALE_MAX, lock dropped between */
	while (pcp->count > 0) {
		int to_drain = pcp->count;

		if (e->k.pcp_batch_scale_max)
			to_drain = pcp_min(to_drain, pcp_batch_step(pcp) << PCP_BATCH_SCALE_MAX);
		pcp_free_pcppages_bulk(e, z, cpu, to_drain, 0);
	}
}

void pcp_drain_all_pages(struct mm_engine *e)
{
	/* __drain_all_pages(NULL, false): cpus in order, each draining every populated zone */
	for (uint32_t cpu = 0; cpu < e->nr_cpus; cpu++) {
		bool has_pcps = false;

		for (uint32_t i = 0; i < e->nr_zones; i++)
			has_pcps |= e->zones[i].present_pages && e->zones[i].pcp[cpu].count;
		if (!has_pcps)
			continue;
		for (uint32_t i = 0; i < e->nr_zones; i++)
			if (e->zones[i].present_pages)
				pcp_drain_pages_zone(e, &e->zones[i], cpu);
	}
}

void pcp_drain_zone_pages(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu)
{
	struct mm_pcp *pcp = &z->pcp[cpu];
	int to_drain = pcp_min(pcp->count, pcp->batch);

	if (to_drain > 0)
		pcp_free_pcppages_bulk(e, z, cpu, to_drain, 0);
}

bool pcp_decay_pcp_high(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu)
{
	struct mm_pcp *pcp = &z->pcp[cpu];
	int batch = pcp_batch_step(pcp), to_drain;
	bool todo = false;

	if (!e->k.p->pcp_high_autotune)
		return false;
	/* lower high by an eighth (at most down to count - batch << 5) to free idle pages */
	if (pcp->high > pcp->high_min) {
		int high = pcp_max(pcp->count - (batch << PCP_BATCH_SCALE_MAX),
				   pcp->high - (pcp->high >> 3));

		pcp->high = pcp_max(high, pcp->high_min);
		if (pcp->high > pcp->high_min)
			todo = true;
	}
	to_drain = pcp->count - pcp->high;
	if (to_drain > 0 && !e->k.decay_in_batches) {
		/* 6.12.0-6.12.68: one bulk free */
		pcp_free_pcppages_bulk(e, z, cpu, to_drain, 0);
		return true;
	}
	/* 6.12.69+: batch-sized chunks, each starting over at list 0 */
	while (to_drain > 0) {
		int chunk = pcp_min(to_drain, batch);

		pcp_free_pcppages_bulk(e, z, cpu, chunk, 0);
		todo = true;
		to_drain -= chunk;
	}
	return todo;
}

/* ---- follow mode: the pcp counters the kernel keeps, driven by recorded events */

void pcp_follow_alloc(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu)
{
	struct mm_pcp *pcp = &z->pcp[cpu];

	/* rmqueue_pcplist(): every allocation through the pcp halves the free-side batching */
	if (e->k.p->pcp_high_autotune)
		pcp->free_count >>= 1;
	else
		pcp->free_factor >>= 1;
}

int pcp_follow_refill_count(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu,
			    unsigned int order)
{
	struct mm_pcp *pcp = &z->pcp[cpu];
	int batch;

	if (e->k.p->pcp_high_autotune)
		return pcp_nr_pcp_alloc(z, pcp, order);
	batch = pcp->batch;
	if (batch > 1)
		batch = pcp_max(batch >> order, 2);
	return batch;
}

void pcp_follow_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t cpu, unsigned int order)
{
	struct mm_pcp *pcp = &z->pcp[cpu];
	bool costly_high = order && order <= PAGE_ALLOC_COSTLY_ORDER, free_high;

	/* free_unref_page_commit() without the list work: pcp->count is the caller's */
	if (!e->k.p->pcp_high_autotune)
		return;
	pcp->alloc_factor >>= 1;
	if (costly_high) {
		free_high = pcp->free_count >= pcp->batch && (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= pcp->batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else {
		free_high = false;
		pcp->flags &= (uint8_t)~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (pcp->batch << PCP_BATCH_SCALE_MAX))
		pcp->free_count += 1 << order;
	pcp_nr_pcp_high_6_12(z, pcp, pcp->batch, free_high);
}
