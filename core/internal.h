/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The engine's private structures, shared by the files of core/ (STYLE.md rule 2).
 *
 * Memory layout (scales to a 1 TiB host, <= 12 bytes per page): a zone indexes its pages by
 * zone-relative pfn (u32). Every page has list links next/prev (u32 each) and one state byte;
 * 6.1's pcp keeps a cached migratetype byte too. All lists (buddy free lists and pcp lists)
 * are circular doubly linked lists threaded through those arrays: list heads are extra
 * "sentinel" indices after the pages, so add/del/first/last are O(1) with no allocation.
 * A page is on at most one list at a time, as in the kernel (page->buddy_list / pcp_list).
 */
#ifndef MMTRACE_CORE_INTERNAL_H
#define MMTRACE_CORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "machine.h"
#include "profile.h"
#include "stats.h"

#define MM_NO_IDX UINT32_MAX

/* Page state byte: kind in bits 4-6, order in bits 0-3. */
enum pg_kind {
	PG_NONE = 0,	/* inside a block (tail page), or allocated before the trace began */
	PG_BUDDY = 1,	/* head of a free buddy block of `order` (PageBuddy + page_private) */
	PG_PCP = 2,	/* head of a page of `order` on a pcp list */
	PG_ALLOC = 3,	/* head of a block of `order` allocated during the replay */
	PG_HOLE = 4,	/* not present / not managed: never merges (memory hole, reserved) */
	PG_UNKNOWN = 5,	/* no free-block map: learnt from the page's first event (follow.c) */
};
#define PG_KIND(s) (((s) >> 4) & 7u)
#define PG_ORDER(s) ((s) & 15u)
#define PG_STATE(kind, order) ((uint8_t)((kind) << 4 | (order)))

/* Zone flags (enum zone_flags in include/linux/mmzone.h), the ones that change decisions. */
enum {
	ZONE_BOOSTED_WATERMARK = 1u << 0,
	ZONE_RECLAIM_ACTIVE = 1u << 1,
	ZONE_BELOW_HIGH = 1u << 2,
};

/* pcp flags (6.12 struct per_cpu_pages.flags) */
enum {
	PCPF_PREV_FREE_HIGH_ORDER = 1u << 0,
	PCPF_FREE_HIGH_BATCH = 1u << 1,
};

struct mm_pcp {
	int32_t count;		/* base pages on all lists */
	int32_t high;
	int32_t high_min;	/* 6.12 */
	int32_t high_max;	/* 6.12 */
	int32_t batch;
	int16_t free_count;	/* 6.12 */
	uint8_t alloc_factor;	/* 6.12 */
	uint8_t free_factor;	/* 6.1 */
	uint8_t flags;		/* PCPF_* */
};

struct mm_zone_st {
	int32_t node;
	int32_t zone_idx;	/* enum mm_zone_type */
	char name[16];
	uint64_t zone_start_pfn;
	uint32_t nr_pages;	/* spanned */
	uint64_t present_pages;
	uint64_t managed_pages;

	/* per page, [nr_pages] (next/prev: [nr_pages + nr_heads]) */
	uint32_t *next;
	uint32_t *prev;
	uint8_t *state;
	/*
	 * The migratetype of the list a head page is on: for PG_BUDDY the free list's type
	 * (6.1 lets it differ from the pageblock's), for PG_PCP the type cached at free
	 * (6.1 page->index). Set by buddy_add_free() and the pcp code.
	 */
	uint8_t *pcp_mt;
	uint8_t *pb_mt;		/* per pageblock: get_pageblock_migratetype() */
	uint32_t nr_pageblocks;
	uint32_t nr_heads;	/* sentinels: free lists, then pcp lists */

	uint64_t nr_free[MM_NR_ORDERS_MAX];	/* free_area[order].nr_free (blocks) */
	int64_t nr_free_pages;			/* NR_FREE_PAGES: buddy pages, not ISOLATE */
	int64_t nr_free_highatomic;		/* 6.12 */
	int64_t nr_reserved_highatomic;
	int64_t nr_free_cma;

	uint64_t wmark[4];	/* _watermark[WMARK_MIN..PROMO], without boost */
	uint64_t watermark_boost;
	int64_t lowmem_reserve[ZT__NR];
	uint32_t flags;		/* ZONE_* */

	struct mm_pcp *pcp;	/* [nr_cpus] */
};

struct mm_engine {
	struct mm_kernel k;
	/* the engine's own copy of *k.p (mm_engine__new() points k.p here), so a policy can
	 * change pageblock_order and the fallback table of this engine only */
	struct mm_profile prof;
	/* policy switches, false = the kernel's behaviour (so a calloc'd test engine has it):
	 * no ALLOC_NOFRAGMENT in gfp_alloc_flags_nofragment(), no new highatomic reserves */
	bool no_alloc_nofragment;
	bool no_highatomic_reserve;
	/* the policy while mm_engine__new() runs (slab_model_init() reads its slub_* keys);
	 * NULL after */
	const struct mm_policy *policy;
	uint32_t nr_cpus;
	uint32_t nr_zones;
	struct mm_zone_st *zones;	/* ascending zone_start_pfn */
	/* the trace's migratetype numbers: ISOLATE is 4 without CONFIG_CMA */
	bool config_cma;
	int32_t trace_mt_isolate;
	struct mm_stats stats;
	/* buddy.c / fallback.c: sysctl vm.watermark_boost_factor (15000 at boot, mm/page_alloc.c);
	 * 0 disables boost_watermark(), so whoever builds an engine must set it */
	uint32_t watermark_boost_factor;
	/* page_group_by_mobility_disabled (build_all_zonelists(), mm/page_alloc.c): set only on
	 * machines with fewer than pageblock_nr_pages * MIGRATE_TYPES pages */
	bool page_group_by_mobility_disabled;
	/* engine.c / follow.c / simulate.c */
	struct sim_state *sim;
	struct slab_model *slab;	/* slab_model.c */
	struct follow_cpu *fcpu;	/* follow.c: [nr_cpus], lock-step prediction state */
	int mode;			/* enum mm_mode */
	int initial_state;		/* enum mm_initial_state */
	uint64_t interval;
	struct mm_sample *samples;
	uint64_t nr_samples, cap_samples;
	int sample_err;		/* -ENOMEM stops sampling, reported by mm_engine__samples() */
};

/* --- lists (list.c): heads are sentinel indices >= z->nr_pages */
static inline uint32_t free_list_head(const struct mm_zone_st *z, unsigned int order, unsigned int mt)
{
	return z->nr_pages + order * MT__NR + mt;
}

static inline uint32_t pcp_list_head(const struct mm_zone_st *z, uint32_t cpu, unsigned int pindex)
{
	return z->nr_pages + MM_NR_ORDERS_MAX * MT__NR + cpu * MM_NR_PCP_LISTS + pindex;
}

void lst_init(struct mm_zone_st *z, uint32_t head);
void lst_add_head(struct mm_zone_st *z, uint32_t head, uint32_t idx);
void lst_add_tail(struct mm_zone_st *z, uint32_t head, uint32_t idx);
void lst_del(struct mm_zone_st *z, uint32_t idx);
static inline bool lst_empty(const struct mm_zone_st *z, uint32_t head)
{
	return z->next[head] == head;
}
/* MM_NO_IDX if empty */
static inline uint32_t lst_first(const struct mm_zone_st *z, uint32_t head)
{
	return z->next[head] == head ? MM_NO_IDX : z->next[head];
}
static inline uint32_t lst_last(const struct mm_zone_st *z, uint32_t head)
{
	return z->prev[head] == head ? MM_NO_IDX : z->prev[head];
}

/* --- zone helpers (zone.c) */

/* Pageblocks are aligned to absolute pfns, and a zone need not start on one. */
static inline uint32_t pb_index(const struct mm_engine *e, const struct mm_zone_st *z, uint32_t idx)
{
	unsigned int pbo = e->k.p->pageblock_order;

	return (uint32_t)(((z->zone_start_pfn + idx) >> pbo) - (z->zone_start_pfn >> pbo));
}

static inline unsigned int pageblock_mt(const struct mm_engine *e, const struct mm_zone_st *z,
					uint32_t idx)
{
	return z->pb_mt[pb_index(e, z, idx)];
}

/* The head of the free buddy block containing idx, or MM_NO_IDX. */
uint32_t zone_free_block_of(const struct mm_zone_st *z, uint32_t idx, unsigned int nr_orders);
/* The zone holding pfn, or NULL. */
struct mm_zone_st *zone_of_pfn(struct mm_engine *e, uint64_t pfn);
/* Allocates the per-page arrays of a zone, every page of kind initial, every list empty. */
int zone_init(struct mm_zone_st *z, uint64_t start_pfn, uint32_t nr_pages, uint32_t nr_cpus,
	      unsigned int pageblock_order, enum pg_kind initial);
void zone_free(struct mm_zone_st *z);
/* A test engine: one zone of nr_pages from start_pfn, everything a hole, for profile p. */
struct mm_engine *engine_new_test(const struct mm_profile *p, uint64_t start_pfn, uint32_t nr_pages,
				  uint32_t nr_cpus);

/* --- buddy allocator (buddy.c, pageblock.c, fallback.c, highatomic.c); names mirror the
 * kernel's without leading underscores (STYLE.md rule 12). idx is zone-relative. */

/* add_to_free_list / add_to_free_list_tail: state, list, nr_free and NR_FREE_PAGES */
void buddy_add_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order,
		    unsigned int mt, bool tail);
/* del_page_from_free_list */
void buddy_del_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order,
		    unsigned int mt);
/* expand(): keeps the low half, frees the upper halves at the head of mt's lists */
void buddy_expand(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int low,
		  unsigned int high, unsigned int mt);
/* __rmqueue_smallest(): MM_NO_IDX if no block */
uint32_t buddy_rmqueue_smallest(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
				unsigned int mt);
/* fpi flags of __free_one_page */
#define FPI_TO_TAIL 1u
/* __free_one_page(): merges and inserts at head or tail (buddy_merge_likely) */
void buddy_free_one_page(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order,
			 unsigned int mt, unsigned int fpi);
void pageblock_set_mt(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int mt);
/* move_to_free_list(): to the tail of new_mt's list; counters move from old_mt to new_mt */
void buddy_move_free(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order,
		     unsigned int old_mt, unsigned int new_mt);
/* change_pageblock_range(): retags the 2^(order - pageblock_order) blocks from idx */
void pageblock_change_range(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			    unsigned int order, unsigned int mt);
/*
 * move_freepages_block(), whose contract changed in 6.10 (buddy_freelist_hygiene()):
 * 6.1: moves idx's block's free buddies to the tail of new_mt's lists (the block clipped at
 * the zone start; 0 if it ends past the zone), counts in-use movable pages into *nr_movable
 * (may be NULL), leaves the block type alone; old_mt is unused.
 * 6.10+: -1 if the block straddles the zone, else moves them and retags the block.
 * Returns the pages moved.
 */
int pageblock_move_freepages_block(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
				   unsigned int old_mt, unsigned int new_mt, int *nr_movable);
/* prep_move_freepages_block() (6.10+): false if idx's block straddles the zone; else its
 * first idx and, if nr_free is not NULL, its free and movable in-use page counts */
bool pageblock_prep_move(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			 uint32_t *start_idx, int *nr_free, int *nr_movable);
/*
 * 6.10's "freelist migratetype hygiene" series (mm: page_alloc: fix freelist movement during
 * block conversion, ...) made free lists follow the block type: move_freepages_block()
 * retags, steals expand on the block's own type, highatomic covers multi-block buddies.
 * Every 6.12 fallback variant has it, 6.1 has not.
 */
static inline bool buddy_freelist_hygiene(const struct mm_engine *e)
{
	return e->k.fallback != FALLBACK_6_1;
}
/* The zone's counters (snapshot_apply.c refuses more than MM_STATS_MAX_ZONES zones). */
static inline struct mm_zone_stats *zone_stats(struct mm_engine *e, const struct mm_zone_st *z)
{
	return &e->stats.zone[z - e->zones];
}

/* rmqueue_mode of 6.12.29+ rmqueue_bulk() */
enum rmqueue_mode { RMQUEUE_NORMAL, RMQUEUE_CMA, RMQUEUE_CLAIM, RMQUEUE_STEAL };
/* __rmqueue(): the profile's fallback variant; mode may be NULL outside rmqueue_bulk */
uint32_t buddy_rmqueue(struct mm_engine *e, struct mm_zone_st *z, unsigned int order, unsigned int mt,
		       unsigned int alloc_flags, enum rmqueue_mode *mode);
/* What a fallback would take: the block (head idx, order, list migratetype) and whether its
 * pageblock is claimed for the requested type. */
struct fallback_choice {
	unsigned int order;
	unsigned int mt;
	uint32_t idx;
	bool claim;
};
/*
 * Follow mode's lock-step check: the fallback block the profile's __rmqueue() fallback path
 * would take for (order, start_mt) on the model's lists now, changing nothing. nofragment:
 * try ALLOC_NOFRAGMENT's pageblock-or-larger search first, as get_page_from_freelist() does
 * for a request whose preferred zone is ZONE_NORMAL. False if there is no fallback block.
 */
bool fallback_predict(struct mm_engine *e, struct mm_zone_st *z, unsigned int order,
		      unsigned int start_mt, bool nofragment, struct fallback_choice *out);
/*
 * Follow mode, 6.1: steal_suitable_fallback()'s list work on the recorded fallback block at
 * idx (a free head), with the kernel's recorded claim decision in place of the model's
 * (the model cannot count the block's movable in-use pages exactly).
 */
void fallback_follow_steal_6_1(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx,
			       unsigned int start_mt, bool claim);
/* reserve_highatomic_pageblock() / unreserve_highatomic_pageblock() */
void highatomic_reserve(struct mm_engine *e, struct mm_zone_st *z, uint32_t idx, unsigned int order);
bool highatomic_unreserve(struct mm_engine *e, struct mm_zone_st *z, unsigned int start_mt, bool force);

/* --- engine (engine.c, snapshot_apply.c, follow.c) */
/* The trace's migratetype number as ours (ISOLATE is 4 in the trace without CONFIG_CMA). */
unsigned int engine_mt_from_trace(const struct mm_engine *e, int32_t mt);
int engine_apply_snapshot(struct mm_engine *e, const struct mm_machine *m);
struct mm_policy;
/* policy_apply.c: a policy over the state engine_apply_snapshot() built */
int engine_apply_policy(struct mm_engine *e, const struct mm_machine *m, const struct mm_policy *p);
/* pageblock.c: regroups every zone's pageblock types at a new pageblock_order and
 * re-files the free blocks on their new pageblock's lists (pfn order kept) */
int pageblock_reorder(struct mm_engine *e, unsigned int new_order);
/* follow mode's per-CPU lock-step state (-ENOMEM), before the first follow_feed() */
int follow_init(struct mm_engine *e);
void follow_feed(struct mm_engine *e, const struct mm_event *ev);
/* simulate.c */
int simulate_init(struct mm_engine *e);
void simulate_feed(struct mm_engine *e, const struct mm_event *ev);
void simulate_free(struct mm_engine *e);

/* simulate.c: the model's block for the recorded allocation of trace_pfn (still freed by
 * the kernel's mm_page_free of trace_pfn); false if the model did not serve that request */
bool simulate_block_of(struct mm_engine *e, uint64_t trace_pfn, uint64_t *pfn, uint32_t *order);

/* --- the SLUB model (slab_model.c) */
struct mm_slab_stats;
int slab_model_init(struct mm_engine *e, const struct mm_machine *m,
		    const char *(*string)(const void *ctx, uint32_t id), const void *ctx,
		    uint32_t slab_pages);
void slab_model_free(struct mm_engine *e);
/* every event, after the page model has applied it */
void slab_model_feed(struct mm_engine *e, const struct mm_event *ev);
void slab_model_set_end(struct mm_engine *e, const struct mm_machine *end);
/* finishes the end-of-trace counters (live objects, partial lists, top call sites) */
const struct mm_slab_stats *slab_model_stats(struct mm_engine *e);
/* the cache a string id names (UINT32_MAX: none) */
uint32_t slab_model_cache_of_str(struct mm_engine *e, uint32_t str);
/* tests: the list (1 cpu slab, 2 per-cpu partial, 3 node partial, 4 full), objects in use
 * and CPU of the slab holding live object ptr; -ENOENT if ptr is not live */
int slab_model_slab_state(const struct mm_engine *e, uint64_t ptr, uint32_t *where, uint32_t *inuse,
			  uint32_t *cpu);

/* alloc_flags (KERNEL-NOTES §1.4, 6.1.119+ and 6.12 values) */
enum {
	ALLOC_WMARK_MIN = 0,
	ALLOC_WMARK_LOW = 1,
	ALLOC_WMARK_HIGH = 2,
	ALLOC_WMARK_MASK = 3,
	ALLOC_NO_WATERMARKS = 0x4,
	ALLOC_OOM = 0x8,
	ALLOC_NON_BLOCK = 0x10,
	ALLOC_MIN_RESERVE = 0x20,
	ALLOC_CPUSET = 0x40,
	ALLOC_CMA = 0x80,
	ALLOC_NOFRAGMENT = 0x100,
	ALLOC_HIGHATOMIC = 0x200,
	ALLOC_KSWAPD = 0x800,
};
#define ALLOC_RESERVES (ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

#endif
