/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * walk.bpf.c to freelist_walk.c: the counters of every zone and of every CPU's pcp, and
 * where in the `pages` array each free list's and pcp list's struct page addresses are.
 * Only __u8..__u64, explicit padding (STYLE.md rule 13). The page addresses, not pfns,
 * are what the kernel side writes: freelist_walk.c turns them into pfns (it derives the
 * vmemmap base), which keeps the BPF side free of arch knowledge.
 */
#ifndef MMTRACE_TRACE_BPF_WALK_H
#define MMTRACE_TRACE_BPF_WALK_H

#define WALK_MAX_NODES 4
#define WALK_MAX_ZONES 6	/* MAX_NR_ZONES is at most 6 (enum zone_type) */
#define WALK_MAX_ORDERS 16
#define WALK_MAX_MT 8
#define WALK_MAX_PCP_LISTS 16	/* NR_PCP_LISTS: 13 (6.1 early), 14 (THP split) */
#define WALK_MAX_CPUS 64

/* A list's entries are pages[start .. start + nr). */
struct walk_list {
	__u32 start;
	__u32 nr;
	__u8 closed;		/* came back to the list head */
	__u8 truncated;		/* the pages array was full */
	__u16 nr_bad;		/* buddy list: page_private() != the list's order */
};

/* Bits in walk_pcp.has and walk_zone.has: which optional fields this kernel has. */
enum {
	WALK_HAS_HIGH_MIN_MAX = 1u << 0,	/* 6.7+ */
	WALK_HAS_ALLOC_FACTOR = 1u << 1,	/* 6.7+ */
	WALK_HAS_FREE_COUNT = 1u << 2,		/* 6.7+ */
	WALK_HAS_PCP_FLAGS = 1u << 3,		/* 6.6+ */
	WALK_HAS_FREE_FACTOR = 1u << 4,		/* 6.1 .. 6.6 */
	WALK_HAS_FREE_HIGHATOMIC = 1u << 5,	/* zone, 6.10+ */
	WALK_HAS_PCP = 1u << 6,			/* per-cpu offsets were found */
};

struct walk_pcp {
	__s32 count_before;
	__s32 count_after;
	__s32 high;
	__s32 batch;
	__s32 high_min;
	__s32 high_max;
	__s32 free_factor;
	__s32 free_count;
	__u8 flags;
	__u8 alloc_factor;
	__u8 seen;
	__u8 pad;
	__u32 has;
	struct walk_list lists[WALK_MAX_PCP_LISTS];
};

struct walk_zone {
	__u64 zone_addr;
	__u64 zone_start_pfn;
	__u64 spanned_pages;
	__u64 present_pages;
	__u64 managed_pages;
	__u64 watermark_boost;
	__u64 flags;
	__u64 nr_reserved_highatomic;
	__u64 nr_free_highatomic;
	__u64 nr_free_before[WALK_MAX_ORDERS];
	__u64 nr_free_after[WALK_MAX_ORDERS];
	char name[16];
	__u32 nid;
	__u32 zone_idx;
	__u32 nr_orders;
	__u32 nr_mt;
	__u32 nr_pcp_lists;
	__u32 nr_cpus;
	__u32 has;
	__u32 seen;		/* the walk reached this zone */
	/* pageblock bitmap words (mem_section[].usage->pageblock_flags) in pages[]: of the
	 * sections first_section .. first_section + nr_sections, words_per_section each */
	__u64 first_section;
	__u32 nr_sections;
	__u32 pb_start;
	__u32 pb_words;		/* written; nr_sections * words_per_section when complete */
	__u32 words_per_section;
	struct walk_list free[WALK_MAX_ORDERS][WALK_MAX_MT];
	struct walk_pcp pcp[WALK_MAX_CPUS];
};

#endif
