// SPDX-License-Identifier: GPL-2.0-only
/*
 * Follow mode: apply the kernel's recorded decisions to the model (KERNEL-NOTES §9.3).
 *
 *   mm_page_alloc_zone_locked  the block leaves the buddy lists (split out of a larger free
 *                              block if need be); with percpu_refill it joins the CPU's pcp
 *                              list (tail, as rmqueue_bulk() appends), else it is allocated
 *   mm_page_alloc              the block is allocated: off a pcp list, or straight out of
 *                              the buddy lists (6.12's steal path emits no zone_locked)
 *   mm_page_free               pcp-able orders go to the head of the CPU's pcp list
 *                              (free_unref_page), others to __free_one_page()
 *   mm_page_pcpu_drain         pcp -> buddy with the event's migratetype (free_pcppages_bulk)
 *   mm_page_alloc_extfrag      counted; change_ownership retags the pageblock and moves its
 *                              free pages to the new type's lists (move_freepages_block)
 *
 * Anything the model's state cannot explain is counted by class (enum mm_inconsistency)
 * and then forced, so one surprise does not cascade.
 */
#include <errno.h>
#include <stdlib.h>

#include "alloc.h"
#include "engine.h"
#include "internal.h"

/*
 * Lock-step state of one CPU. rmqueue_bulk() emits one zone_locked per page under the zone
 * lock with interrupts off, so a CPU's run of percpu_refill pages is one refill, closed by
 * that CPU's next other event. 6.12's claim path records the buddy removal before the
 * fallback (the page comes from __rmqueue_smallest() after the claim), so the fallback the
 * model foresaw at that removal waits here for the extfrag event.
 */
struct follow_cpu {
	bool pending;			/* a fallback foreseen at this CPU's last zone_locked */
	bool pending_found;
	uint32_t pending_zone;
	uint64_t pending_pfn;
	struct fallback_choice pending_choice;
	bool burst;			/* an rmqueue_bulk() run is open */
	bool burst_needed;		/* the model's pcp list was empty when it began */
	bool alloc_counted;		/* pcp_follow_alloc() done for the coming mm_page_alloc */
	uint32_t burst_zone;
	unsigned int burst_order, burst_mt;
	int burst_nr, burst_want;
};

int follow_init(struct mm_engine *e)
{
	e->fcpu = calloc(e->nr_cpus, sizeof(*e->fcpu));
	return e->fcpu ? 0 : -ENOMEM;
}

/* NULL for a CPU the snapshot did not know */
static struct follow_cpu *fcpu_of(struct mm_engine *e, uint32_t cpu)
{
	return cpu < e->nr_cpus ? &e->fcpu[cpu] : NULL;
}

/* pcp_allowed_order(): orders up to PAGE_ALLOC_COSTLY_ORDER, and the THP order */
static bool pcp_allowed(const struct mm_engine *e, unsigned int order)
{
	return order <= 3 || order == e->k.p->pageblock_order;
}

/* order_to_pindex() */
static unsigned int follow_pindex(const struct mm_engine *e, unsigned int mt, unsigned int order)
{
	if (order > 3)
		return 12 + (e->k.pcp_thp_split && mt == MT_MOVABLE);
	return 3 * order + mt;
}

/*
 * Takes [idx, idx + 2^order) out of the free block containing it: the halves that do not
 * hold it go back to the head of that block's list, as expand() files them.
 */
static bool take_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order)
{
	uint32_t head = zone_free_block_of(z, idx, e->k.p->nr_page_orders);
	unsigned int o, mt;

	if (head == MM_NO_IDX)
		return false;
	o = PG_ORDER(z->state[head]);
	if (o < order)
		return false;
	mt = z->pcp_mt[head];
	buddy_del_free(e, z, head, o, mt);
	while (o > order) {
		uint32_t half;

		o--;
		half = head + (1u << o);
		if (idx >= half) {
			buddy_add_free(e, z, head, o, mt, false);
			head = half;
		} else {
			buddy_add_free(e, z, half, o, mt, false);
		}
	}
	return true;
}

static void set_block(struct mm_zone_st *z, uint32_t idx, unsigned int order, enum pg_kind kind)
{
	uint32_t n = 1u << order;

	z->state[idx] = PG_STATE(kind, order);
	for (uint32_t i = 1; i < n && idx + i < z->nr_pages; i++)
		z->state[idx + i] = PG_STATE(PG_NONE, 0);
}

/* Counts an inconsistency and keeps the first few for the report. */
static void inconsistent(struct mm_engine *e, enum mm_inconsistency cls, const struct mm_event *ev,
			 uint64_t pfn, unsigned int order, uint8_t state)
{
	struct mm_stats *st = &e->stats;

	st->inconsistencies[cls]++;
	if (st->nr_inc_samples < MM_NR_INC_SAMPLES)
		st->inc_samples[st->nr_inc_samples++] = (struct mm_inc_sample){
			.event_nr = st->nr_events - 1, .pfn = pfn, .order = order,
			.type = ev->type, .cls = (uint8_t)cls, .state = PG_KIND(state) };
}

static struct mm_zone_st *zone_for(struct mm_engine *e, const struct mm_event *ev, uint64_t pfn,
				   unsigned int order, uint32_t *idx)
{
	struct mm_zone_st *z = zone_of_pfn(e, pfn);

	if (!z || pfn + (1ull << order) > z->zone_start_pfn + z->nr_pages ||
	    order >= e->k.p->nr_page_orders) {
		inconsistent(e, INC_PFN_OUTSIDE_ZONES, ev, pfn, order, PG_HOLE << 4);
		return NULL;
	}
	*idx = (uint32_t)(pfn - z->zone_start_pfn);
	return z;
}

/*
 * pcp counts follow the event's CPU: a page drained or allocated by another CPU than the
 * one whose list held it (the snapshot's pcp candidates all sit on CPU 0) must not take a
 * count below zero.
 */
static void pcp_count_sub(struct mm_zone_st *z, uint32_t cpu, unsigned int order)
{
	z->pcp[cpu].count -= 1 << order;
	if (z->pcp[cpu].count < 0)
		z->pcp[cpu].count = 0;
}

static struct mm_zone_stats *zstats(struct mm_engine *e, const struct mm_zone_st *z)
{
	return &e->stats.zone[z - e->zones];
}

/*
 * The snapshot lists pcp pages as refcount-0 base pages, but the kernel may hold them as
 * order-1..3 pages: a block made only of pcp pages leaves the lists page by page.
 */
static bool take_pcp_range(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order,
			   uint32_t cpu)
{
	uint32_t n = 1u << order;

	for (uint32_t i = 0; i < n; i += 1u << PG_ORDER(z->state[idx + i]))
		if (PG_KIND(z->state[idx + i]) != PG_PCP)
			return false;
	for (uint32_t i = 0; i < n;) {
		unsigned int o = PG_ORDER(z->state[idx + i]);

		lst_del(z, idx + i);
		if (cpu < e->nr_cpus)
			pcp_count_sub(z, cpu, o);
		i += 1u << o;
	}
	return true;
}

/* The block leaves the buddy allocator: returns false if the model did not hold it free. */
static bool remove_from_buddy(struct mm_engine *e, const struct mm_event *ev, struct mm_zone_st *z,
			      uint32_t idx, unsigned int order)
{
	uint8_t s = z->state[idx];

	if (take_free(e, z, idx, order))
		return true;
	if (PG_KIND(s) == PG_UNKNOWN)
		return true;	/* lazy start: it was free */
	/* Forced: a pcp page leaves its list (its CPU's count is not tracked per page). */
	if (PG_KIND(s) == PG_PCP)
		lst_del(z, idx);
	inconsistent(e, INC_ALLOC_NOT_FREE, ev, z->zone_start_pfn + idx, order, s);
	return false;
}

/*
 * Lock-step check of one buddy decision: the block __rmqueue_smallest() would take for
 * (order, mt) on the model's lists now, before the kernel's choice is applied. The head
 * of the lowest non-empty list of order >= order, whose lowest page expand() keeps.
 */
static bool predict_smallest(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
			     unsigned int mt, uint64_t kernel_pfn)
{
	struct mm_follow_predict *fp = &e->stats.predict;

	if (mt >= MT__NR)
		return true;
	for (unsigned int o = order; o < e->k.p->nr_page_orders; o++) {
		uint32_t head = lst_first(z, free_list_head(z, o, mt));

		if (head == MM_NO_IDX)
			continue;
		fp->nr_buddy++;
		if (z->zone_start_pfn + head == kernel_pfn)
			fp->nr_buddy_agree++;
		return true;
	}
	fp->nr_buddy_no_block++;	/* the model would have had to fall back */
	return false;
}

/* Whether the model has a free block of order >= order on mt's lists. */
static bool has_block(const struct mm_engine *e, const struct mm_zone_st *z, unsigned int order,
		      unsigned int mt)
{
	for (unsigned int o = order; o < e->k.p->nr_page_orders; o++)
		if (!lst_empty(z, free_list_head(z, o, mt)))
			return true;
	return false;
}

/*
 * alloc_flags_nofragment() (both): a request whose preferred zone is ZONE_NORMAL first
 * searches fallbacks of pageblock size only. The preferred zone is not traced; most
 * requests prefer ZONE_NORMAL when the node has one.
 */
static bool follow_nofragment(const struct mm_engine *e, const struct mm_zone_st *z)
{
	for (uint32_t i = 0; i < e->nr_zones; i++)
		if (e->zones[i].node == z->node && e->zones[i].zone_idx == ZT_NORMAL &&
		    e->zones[i].present_pages)
			return true;
	return false;
}

/* The end of a CPU's refill run: was it foreseen, and with the kernel's page count? */
static void burst_close(struct mm_engine *e, struct follow_cpu *fc)
{
	struct mm_follow_predict *fp = &e->stats.predict;

	if (!fc || !fc->burst)
		return;
	fc->burst = false;
	fp->nr_refill++;
	if (fc->burst_needed) {
		fp->nr_refill_needed++;
		if (fc->burst_nr == fc->burst_want)
			fp->nr_refill_same_count++;
	}
}

/* One more page of a refill onto (cpu, order, mt); call before it joins the list. */
static void burst_page(struct mm_engine *e, struct follow_cpu *fc, struct mm_zone_st *z,
		       uint32_t cpu, unsigned int order, unsigned int mt)
{
	uint32_t zi = (uint32_t)(z - e->zones), list, idx;

	if (!fc)
		return;
	if (fc->burst && fc->burst_zone == zi && fc->burst_order == order && fc->burst_mt == mt) {
		fc->burst_nr++;
		return;
	}
	burst_close(e, fc);
	fc->burst = true;
	fc->burst_zone = zi;
	fc->burst_order = order;
	fc->burst_mt = mt;
	fc->burst_nr = 1;
	list = pcp_list_head(z, cpu, follow_pindex(e, mt, order));
	fc->burst_needed = lst_empty(z, list);
	/*
	 * rmqueue_bulk() runs only on an empty list: pages the model still has there left it
	 * untraced, taken by alloc_pages_bulk() (vmalloc, page_pool), which records nothing.
	 */
	while ((idx = lst_first(z, list)) != MM_NO_IDX) {
		lst_del(z, idx);
		pcp_count_sub(z, cpu, PG_ORDER(z->state[idx]));
		set_block(z, idx, PG_ORDER(z->state[idx]), PG_ALLOC);
		e->stats.nr_untraced_pcp_takes++;
	}
	/* rmqueue_pcplist() of the allocation this refill serves */
	pcp_follow_alloc(e, z, cpu);
	fc->alloc_counted = true;
	fc->burst_want = pcp_follow_refill_count(e, z, cpu, order);
}

static void on_zone_locked(struct mm_engine *e, const struct mm_event *ev)
{
	unsigned int order = ev->zone_locked.order;
	struct follow_cpu *fc;
	struct mm_zone_st *z;
	bool had;
	unsigned int mt;
	uint32_t idx;

	z = zone_for(e, ev, ev->zone_locked.pfn, order, &idx);
	if (!z)
		return;
	mt = engine_mt_from_trace(e, ev->zone_locked.migratetype);
	fc = fcpu_of(e, ev->cpu);
	had = predict_smallest(e, z, order, mt, ev->zone_locked.pfn);
	if (fc) {
		fc->pending = !had && mt < MT_PCPTYPES && e->k.fallback != FALLBACK_6_1;
		if (fc->pending) {
			fc->pending_zone = (uint32_t)(z - e->zones);
			fc->pending_pfn = ev->zone_locked.pfn;
			fc->pending_found = fallback_predict(e, z, order, mt, follow_nofragment(e, z),
							     &fc->pending_choice);
		}
	}
	remove_from_buddy(e, ev, z, idx, order);
	if (ev->zone_locked.percpu_refill && pcp_allowed(e, order) && ev->cpu < e->nr_cpus) {
		burst_page(e, fc, z, ev->cpu, order, mt < MT_PCPTYPES ? mt : MT_MOVABLE);
		set_block(z, idx, order, PG_PCP);
		z->pcp_mt[idx] = (uint8_t)(mt < MT_PCPTYPES ? mt : MT_MOVABLE);
		lst_add_tail(z, pcp_list_head(z, ev->cpu, follow_pindex(e, z->pcp_mt[idx], order)), idx);
		z->pcp[ev->cpu].count += 1 << order;
		zstats(e, z)->nr_pcp_refill_pages += 1u << order;
	} else {
		burst_close(e, fc);
		set_block(z, idx, order, PG_ALLOC);
	}
}

static void on_page_alloc(struct mm_engine *e, const struct mm_event *ev)
{
	unsigned int order = ev->page_alloc.order;
	struct mm_zone_st *z;
	struct mm_zone_stats *zs;
	unsigned int mt;
	uint32_t idx;
	uint8_t s;

	if (ev->page_alloc.pfn == MM_PFN_NONE) {
		/* A failure after the slow path; the zone is not known, count it against the first. */
		if (e->nr_zones && order < MM_NR_ORDERS_MAX)
			e->stats.zone[0].nr_alloc_failed[order]++;
		return;
	}
	z = zone_for(e, ev, ev->page_alloc.pfn, order, &idx);
	if (!z)
		return;
	zs = zstats(e, z);
	s = z->state[idx];
	if (PG_KIND(s) == PG_PCP && take_pcp_range(e, z, idx, order, ev->cpu)) {
		struct follow_cpu *fc = fcpu_of(e, ev->cpu);

		zs->nr_pcp_hit++;
		if (fc && fc->alloc_counted)
			fc->alloc_counted = false;
		else if (ev->cpu < e->nr_cpus)
			pcp_follow_alloc(e, z, ev->cpu);
	} else if (PG_KIND(s) == PG_ALLOC && PG_ORDER(s) == order) {
		/* just taken by mm_page_alloc_zone_locked, straight from the buddy */
	} else {
		remove_from_buddy(e, ev, z, idx, order);
	}
	set_block(z, idx, order, PG_ALLOC);
	zs->nr_alloc[order]++;
	mt = engine_mt_from_trace(e, ev->page_alloc.migratetype);
	if ((mt == MT_UNMOVABLE || mt == MT_RECLAIMABLE) && pageblock_mt(e, z, idx) == MT_MOVABLE) {
		zs->nr_polluting_allocs[mt]++;
		zs->nr_polluting_pages[mt] += 1u << order;
	}
}

static void on_page_free(struct mm_engine *e, const struct mm_event *ev)
{
	unsigned int order = ev->page_free.order;
	struct mm_zone_st *z;
	unsigned int mt;
	uint32_t idx;
	uint8_t s;

	z = zone_for(e, ev, ev->page_free.pfn, order, &idx);
	if (!z)
		return;
	s = z->state[idx];
	/*
	 * alloc_pages_bulk() (vmalloc, page_pool, sunrpc...) takes pages off the pcp lists
	 * without an mm_page_alloc event; their free is the first sign of it (KERNEL-NOTES §8).
	 */
	if (PG_KIND(s) == PG_PCP && take_pcp_range(e, z, idx, order, ev->cpu)) {
		e->stats.nr_inferred_bulk_allocs++;
		s = PG_STATE(PG_ALLOC, order);
	}
	/* An allocated head cannot lie inside a free block: only other kinds need the walk. */
	if (PG_KIND(s) == PG_BUDDY || PG_KIND(s) == PG_PCP ||
	    (PG_KIND(s) != PG_ALLOC && zone_free_block_of(z, idx, e->k.p->nr_page_orders) != MM_NO_IDX)) {
		inconsistent(e, INC_FREE_NOT_ALLOCATED, ev, ev->page_free.pfn, order, s);
		return;
	}
	if (PG_KIND(s) == PG_ALLOC && PG_ORDER(s) != order)
		inconsistent(e, INC_ORDER_MISMATCH, ev, ev->page_free.pfn, order, s);
	mt = pageblock_mt(e, z, idx);
	if (pcp_allowed(e, order) && mt != MT_ISOLATE && ev->cpu < e->nr_cpus) {
		unsigned int pmt = mt < MT_PCPTYPES ? mt : MT_MOVABLE;

		set_block(z, idx, order, PG_PCP);
		/* 6.1.64+ and 6.12 drain a page back to its block's own type */
		z->pcp_mt[idx] = (uint8_t)(e->k.pcp_free_keeps_block_type ? mt : pmt);
		lst_add_head(z, pcp_list_head(z, ev->cpu, follow_pindex(e, pmt, order)), idx);
		z->pcp[ev->cpu].count += 1 << order;
		pcp_follow_free(e, z, ev->cpu, order);
		return;
	}
	set_block(z, idx, order, PG_NONE);
	buddy_free_one_page(e, z, idx, order, mt, 0);
}

static void on_pcpu_drain(struct mm_engine *e, const struct mm_event *ev)
{
	unsigned int order = ev->pcpu_drain.order;
	struct mm_zone_st *z;
	uint32_t idx;
	uint8_t s;

	z = zone_for(e, ev, ev->pcpu_drain.pfn, order, &idx);
	if (!z)
		return;
	s = z->state[idx];
	if (PG_KIND(s) == PG_PCP) {
		lst_del(z, idx);
		if (ev->cpu < e->nr_cpus)
			pcp_count_sub(z, ev->cpu, PG_ORDER(s));
	} else if (PG_KIND(s) == PG_BUDDY || zone_free_block_of(z, idx, e->k.p->nr_page_orders) != MM_NO_IDX) {
		inconsistent(e, INC_DRAIN_NOT_ON_PCP, ev, ev->pcpu_drain.pfn, order, s);
		return;
	} else if (PG_KIND(s) != PG_UNKNOWN) {
		inconsistent(e, INC_DRAIN_NOT_ON_PCP, ev, ev->pcpu_drain.pfn, order, s);
	}
	zstats(e, z)->nr_pcp_drain_pages += 1u << order;
	set_block(z, idx, order, PG_NONE);
	buddy_free_one_page(e, z, idx, order, engine_mt_from_trace(e, ev->pcpu_drain.migratetype), 0);
}

/* move_freepages_block() for a claimed pageblock: its free buddies move to mt's lists (tail). */
static void follow_claim(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int mt)
{
	unsigned int pbo = e->k.p->pageblock_order;
	uint64_t start = (z->zone_start_pfn + idx) & ~((1ull << pbo) - 1);
	uint64_t end = start + (1ull << pbo);

	if (start < z->zone_start_pfn)
		start = z->zone_start_pfn;
	if (end > z->zone_start_pfn + z->nr_pages)
		end = z->zone_start_pfn + z->nr_pages;
	pageblock_set_mt(e, z, idx, mt);
	for (uint64_t pfn = start; pfn < end;) {
		uint32_t i = (uint32_t)(pfn - z->zone_start_pfn);
		uint8_t s = z->state[i];

		if (PG_KIND(s) == PG_BUDDY) {
			unsigned int o = PG_ORDER(s);

			if (z->pcp_mt[i] != mt) {
				buddy_del_free(e, z, i, o, z->pcp_mt[i]);
				buddy_add_free(e, z, i, o, mt, true);
			}
			pfn += 1ull << o;
		} else {
			pfn++;
		}
	}
}

/*
 * Lock-step check of one recorded fallback: did the model lack a block of the requested
 * type too, and would its fallback path have taken the kernel's block (the block itself,
 * or for a claim the pageblock the kernel's page came from) with the same claim decision?
 * removed: a zone_locked already took the page (the prediction was made then).
 */
static void predict_fallback(struct mm_engine *e, struct follow_cpu *fc, struct mm_zone_st *z,
			     const struct mm_event *ev, bool removed)
{
	const unsigned int ao = (unsigned int)ev->extfrag.alloc_order;
	const unsigned int fo = (unsigned int)ev->extfrag.fallback_order;
	unsigned int amt = engine_mt_from_trace(e, ev->extfrag.alloc_migratetype);
	unsigned int fmt = engine_mt_from_trace(e, ev->extfrag.fallback_migratetype);
	unsigned int pbo = e->k.p->pageblock_order;
	struct mm_follow_predict *fp = &e->stats.predict;
	struct fallback_choice ch;
	uint64_t head, pfn = ev->extfrag.pfn;
	bool found, same;

	fp->nr_fallback++;
	if (removed) {
		found = fc->pending_found;
		ch = fc->pending_choice;
	} else {
		if (has_block(e, z, ao, amt))
			return;
		found = fallback_predict(e, z, ao, amt, follow_nofragment(e, z), &ch);
	}
	fp->nr_fallback_needed++;
	if (!found || ch.order != fo || ch.mt != fmt)
		return;
	head = z->zone_start_pfn + ch.idx;
	same = pfn >= head && pfn < head + (1ull << fo);
	if (!same && ch.claim && fo < pbo)
		same = pfn >> pbo == head >> pbo;
	if (!same)
		return;
	fp->nr_fallback_same_block++;
	if (ch.claim == !!ev->extfrag.change_ownership)
		fp->nr_fallback_same_claim++;
}

static void on_extfrag(struct mm_engine *e, const struct mm_event *ev)
{
	const int32_t ao = ev->extfrag.alloc_order, fo = ev->extfrag.fallback_order;
	unsigned int amt = engine_mt_from_trace(e, ev->extfrag.alloc_migratetype);
	unsigned int fmt = engine_mt_from_trace(e, ev->extfrag.fallback_migratetype);
	struct follow_cpu *fc;
	struct mm_zone_st *z;
	bool removed;
	uint32_t idx;

	z = zone_for(e, ev, ev->extfrag.pfn, 0, &idx);
	if (!z)
		return;
	if (ao < 0 || fo < 0 || ao >= (int32_t)e->k.p->nr_page_orders ||
	    fo >= (int32_t)e->k.p->nr_page_orders || amt >= MT_PCPTYPES || fmt >= MT_PCPTYPES)
		return;
	zstats(e, z)->fallbacks[ao][amt][fmt][fo]++;
	fc = fcpu_of(e, ev->cpu);
	removed = fc && fc->pending && fc->pending_pfn == ev->extfrag.pfn &&
		  fc->pending_zone == (uint32_t)(z - e->zones);
	predict_fallback(e, fc, z, ev, removed);
	if (fc)
		fc->pending = false;
	if (ev->extfrag.change_ownership)
		zstats(e, z)->nr_pageblock_claims[amt][fmt]++;
	if (e->k.fallback == FALLBACK_6_1) {
		/* 6.1 records the fallback block before __rmqueue_smallest() takes from it */
		uint8_t s = z->state[idx];

		if (PG_KIND(s) == PG_BUDDY && PG_ORDER(s) == (unsigned int)fo)
			fallback_follow_steal_6_1(e, z, idx, amt, ev->extfrag.change_ownership);
		else if (ev->extfrag.change_ownership)
			follow_claim(e, z, idx, amt);
		return;
	}
	if (ev->extfrag.change_ownership)
		follow_claim(e, z, idx, amt);
	/*
	 * 6.12 records the page it returns. Unless a zone_locked just took it (the claim path
	 * below pageblock_order), nothing else says where it went: pcp orders always go
	 * through rmqueue_pcplist(), so it joined this CPU's list in an rmqueue_bulk() run.
	 */
	if (!removed && pcp_allowed(e, (unsigned int)ao) && ev->cpu < e->nr_cpus &&
	    take_free(e, z, idx, (unsigned int)ao)) {
		burst_page(e, fc, z, ev->cpu, (unsigned int)ao, amt);
		set_block(z, idx, (unsigned int)ao, PG_PCP);
		z->pcp_mt[idx] = (uint8_t)amt;
		lst_add_tail(z, pcp_list_head(z, ev->cpu, follow_pindex(e, amt, (unsigned int)ao)), idx);
		z->pcp[ev->cpu].count += 1 << ao;
		zstats(e, z)->nr_pcp_refill_pages += 1u << ao;
	}
}

void follow_feed(struct mm_engine *e, const struct mm_event *ev)
{
	/* anything else this CPU does ends its refill run */
	if (ev->type != MM_EV_PAGE_ALLOC_ZONE_LOCKED && ev->type != MM_EV_PAGE_ALLOC_EXTFRAG &&
	    ev->cpu < e->nr_cpus)
		burst_close(e, &e->fcpu[ev->cpu]);
	switch (ev->type) {
	case MM_EV_PAGE_ALLOC_ZONE_LOCKED:
		on_zone_locked(e, ev);
		break;
	case MM_EV_PAGE_ALLOC:
		on_page_alloc(e, ev);
		break;
	case MM_EV_PAGE_FREE:
		on_page_free(e, ev);
		break;
	case MM_EV_PAGE_PCPU_DRAIN:
		on_pcpu_drain(e, ev);
		break;
	case MM_EV_PAGE_ALLOC_EXTFRAG:
		on_extfrag(e, ev);
		break;
	default:
		/* mm_page_free_batched repeats mm_page_free; slab events are the SLUB model's */
		break;
	}
	/* the allocation a refill served has been seen (or never comes) */
	if (ev->type != MM_EV_PAGE_ALLOC_ZONE_LOCKED && ev->type != MM_EV_PAGE_ALLOC_EXTFRAG &&
	    ev->cpu < e->nr_cpus)
		e->fcpu[ev->cpu].alloc_counted = false;
}
