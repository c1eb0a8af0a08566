/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine a trace was recorded on, as typed data: what a replay engine needs to build
 * its zones, watermarks, pcp sizing and SLUB caches. It is filled by
 * trace/snapshot_parse.c from the raw /proc and /sys text stored in the trace (see
 * trace/SNAPSHOT.md) and read by core/. Field names follow the kernel's words; every value
 * is "as the kernel printed it", so a flag in ->has says whether the file and line it
 * comes from were in the snapshot at all (older kernels print fewer lines).
 *
 * The free-block map is kept in its encoded form (a few bytes per free block) and walked
 * with mm_free_block_iter__next(): a 1 TiB host has 2^28 pfns, far too many to expand.
 * The small helpers at the end are static inline because this header is the only core/
 * file of the snapshot code; they use libc only.
 */
#ifndef MMTRACE_CORE_MACHINE_H
#define MMTRACE_CORE_MACHINE_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* NR_PAGE_ORDERS is 11 on x86-64 (MAX_PAGE_ORDER 10); arm64 with 64K pages and
 * CONFIG_ARCH_FORCE_MAX_ORDER can reach 14 orders (arch/arm64/Kconfig). */
#define MM_MAX_NR_ORDERS 16
/* MAX_NR_ZONES: at most 6 (DMA, DMA32, NORMAL, HIGHMEM, MOVABLE, DEVICE),
 * include/linux/mmzone.h enum zone_type. */
#define MM_MAX_NR_ZONES 8
/* MIGRATE_TYPES: at most 6 (include/linux/mmzone.h enum migratetype); 4.x had 6 too. */
#define MM_MAX_MIGRATETYPES 8
#define MM_ZONE_NAME_LEN 16		/* zone->name: "DMA32", "Normal", ... */
#define MM_MIGRATETYPE_NAME_LEN 16	/* migratetype_names[]: "Reclaimable", ... */
#define MM_UTS_LEN 65			/* __NEW_UTS_LEN + 1 */
#define MM_STAT_NAME_LEN 64		/* vmstat_text[] names are well under this */
#define MM_TP_NAME_LEN 64
/* The cap /proc/pagetypeinfo puts on one free-list walk (mm/vmstat.c,
 * pagetypeinfo_showfree_print(), since 5.4): it prints ">100000". */
#define MM_PAGETYPEINFO_CAP 100000

/*
 * zone_idx() on x86-64 with ZONE_DMA and ZONE_DMA32 (include/linux/mmzone.h). The
 * parser takes a zone's index from its position in its node's /proc/zoneinfo block
 * (which lists every zone, populated or not), so other layouts (32-bit HighMem, no
 * ZONE_DMA) come out right; these names are only the fallback without zoneinfo.
 */
enum mm_zone_idx {
	MM_ZONE_DMA = 0,
	MM_ZONE_DMA32 = 1,
	MM_ZONE_NORMAL = 2,
	MM_ZONE_MOVABLE = 3,
	MM_ZONE_DEVICE = 4,
	MM_ZONE_UNKNOWN = -1,
};

/* enum zone_watermarks (include/linux/mmzone.h); WMARK_PROMO since 6.0. */
enum mm_wmark {
	MM_WMARK_MIN = 0,
	MM_WMARK_LOW,
	MM_WMARK_HIGH,
	MM_WMARK_PROMO,
	MM_NR_WMARK,
};

/* A counter as "name value" (per-zone and per-node counters in zoneinfo, /proc/vmstat). */
struct mm_stat {
	char name[MM_STAT_NAME_LEN];
	uint64_t value;		/* the kernel prints %lu; a negative drift wraps */
};

/* One CPU's entry under "pagesets" in /proc/zoneinfo. */
struct mm_pageset {
	uint32_t cpu;
	int32_t count;		/* pcp->count, base pages */
	int32_t high;		/* pcp->high (6.7+: the current auto-tuned value) */
	int32_t batch;
	int32_t high_min;	/* valid if has_high_min_max (printed since 6.7) */
	int32_t high_max;
	int32_t stat_threshold;	/* "vm stats threshold" printed after this cpu; -1 if absent */
	uint8_t has_high_min_max;
	uint8_t pad[3];
};

/* Bits in struct mm_zone.has: which lines/files the zone's values came from. */
enum {
	MM_ZONE_HAS_ZONEINFO = 1u << 0,	/* "pages free", min/low/high, spanned/present/managed */
	MM_ZONE_HAS_BOOST = 1u << 1,	/* "boost" (5.0+) */
	MM_ZONE_HAS_PROMO = 1u << 2,	/* "promo" (6.0+) */
	MM_ZONE_HAS_CMA = 1u << 3,	/* "cma" (5.x+) */
	MM_ZONE_HAS_PROTECTION = 1u << 4,
	MM_ZONE_HAS_START_PFN = 1u << 5,
	MM_ZONE_HAS_STAT_THRESHOLD = 1u << 6,
	MM_ZONE_HAS_BUDDYINFO = 1u << 7,	/* nr_free[] from /proc/buddyinfo */
	MM_ZONE_HAS_PAGETYPEINFO = 1u << 8,	/* nr_free_mt[][] */
	MM_ZONE_HAS_PAGEBLOCKS = 1u << 9,	/* nr_pageblocks[] */
	MM_ZONE_HAS_NODE_UNRECLAIMABLE = 1u << 10,
};

struct mm_zone {
	int32_t node;
	int32_t zone_idx;		/* zone_idx(); see enum mm_zone_idx */
	char name[MM_ZONE_NAME_LEN];
	uint32_t has;			/* MM_ZONE_HAS_* */
	uint32_t populated;		/* zoneinfo printed the counters, or buddyinfo listed it */

	uint64_t nr_free_pages;		/* "pages free": NR_FREE_PAGES, folded, buddy only */
	uint64_t watermark_boost;	/* "boost" */
	/* min/low/high/promo as printed: wmark_pages() = _watermark[i] + watermark_boost */
	uint64_t wmark[MM_NR_WMARK];
	uint64_t spanned_pages;
	uint64_t present_pages;
	uint64_t managed_pages;
	uint64_t cma_pages;
	uint64_t zone_start_pfn;	/* "start_pfn" (populated zones only) */
	uint32_t nr_protection;		/* entries in lowmem_reserve[] ("protection: (...)") */
	uint32_t node_unreclaimable;	/* 4.x: "all_unreclaimable" */
	int64_t lowmem_reserve[MM_MAX_NR_ZONES];
	int32_t stat_threshold;		/* "vm stats threshold" of the first cpu */
	uint32_t nr_pagesets;
	struct mm_pageset *pagesets;
	uint32_t nr_stats;		/* per-zone counters and numa events, in print order */
	uint32_t nr_node_stats;		/* "per-node stats", on the node's first populated zone */
	struct mm_stat *stats;
	struct mm_stat *node_stats;

	/* /proc/buddyinfo: free_area[order].nr_free, blocks (not pages), all migratetypes */
	uint32_t nr_orders;
	uint32_t pad;
	uint64_t nr_free[MM_MAX_NR_ORDERS];
	/* /proc/pagetypeinfo: blocks on free_list[mt] of free_area[order]; a walk that hit
	 * MM_PAGETYPEINFO_CAP stores the cap and sets bit `order` of nr_free_capped[mt]. */
	uint64_t nr_free_mt[MM_MAX_MIGRATETYPES][MM_MAX_NR_ORDERS];
	uint32_t nr_free_capped[MM_MAX_MIGRATETYPES];
	/* pageblocks of each migratetype ("Number of blocks type") */
	uint64_t nr_pageblocks[MM_MAX_MIGRATETYPES];
};

/* Bits in struct mm_vm_sysctl.has, one per /proc/sys/vm file. */
enum {
	MM_SYSCTL_MIN_FREE_KBYTES = 1u << 0,
	MM_SYSCTL_WATERMARK_SCALE_FACTOR = 1u << 1,
	MM_SYSCTL_WATERMARK_BOOST_FACTOR = 1u << 2,
	MM_SYSCTL_LOWMEM_RESERVE_RATIO = 1u << 3,
	MM_SYSCTL_PERCPU_PAGELIST_HIGH_FRACTION = 1u << 4,	/* 5.14+; was ..._fraction */
	MM_SYSCTL_EXTFRAG_THRESHOLD = 1u << 5,
	MM_SYSCTL_COMPACTION_PROACTIVENESS = 1u << 6,		/* 5.9+ */
};

struct mm_vm_sysctl {
	uint32_t has;
	uint32_t nr_lowmem_reserve_ratio;
	int64_t min_free_kbytes;
	int64_t watermark_scale_factor;
	int64_t watermark_boost_factor;
	int64_t percpu_pagelist_high_fraction;
	int64_t extfrag_threshold;
	int64_t compaction_proactiveness;
	int64_t lowmem_reserve_ratio[MM_MAX_NR_ZONES];
};

/* Bits in struct mm_slab_cache.has, one per /sys/kernel/slab/<cache>/<attr> file. */
enum mm_slab_attr {
	MM_SLAB_OBJECT_SIZE,
	MM_SLAB_SLAB_SIZE,
	MM_SLAB_ALIGN,
	MM_SLAB_ORDER,
	MM_SLAB_OBJS_PER_SLAB,
	MM_SLAB_MIN_PARTIAL,
	MM_SLAB_CPU_PARTIAL,
	MM_SLAB_CPU_PARTIAL_SLABS,
	MM_SLAB_RECLAIM_ACCOUNT,
	MM_SLAB_CTOR,
	MM_SLAB_DESTROY_BY_RCU,
	MM_SLAB_HWCACHE_ALIGN,
	MM_SLAB_POISON,
	MM_SLAB_RED_ZONE,
	MM_SLAB_STORE_USER,
	MM_SLAB_SANITY_CHECKS,
	MM_SLAB_CACHE_DMA,
	MM_SLAB_OBJECTS,
	MM_SLAB_TOTAL_OBJECTS,
	MM_SLAB_SLABS,
	MM_SLAB_PARTIAL,
	MM_SLAB_CPU_SLABS,
	MM_SLAB_OBJECTS_PARTIAL,
	MM_SLAB_ALIASES,
	MM_SLAB_ATTR__NR,
};

struct mm_slab_cache {
	char *name;			/* the sysfs directory: "kmalloc-64", ":0000064", ... */
	uint32_t has;			/* bit (1u << enum mm_slab_attr) per file read */
	uint32_t object_size;
	uint32_t slab_size;		/* s->size */
	uint32_t align;
	uint32_t order;			/* oo_order(s->oo) */
	uint32_t objs_per_slab;
	uint32_t min_partial;
	uint32_t cpu_partial;		/* objects */
	uint32_t cpu_partial_slabs;	/* only where the kernel exports it */
	uint32_t aliases;		/* s->refcount - 1 */
	uint8_t reclaim_account;
	uint8_t ctor;			/* 1 if the "ctor" file names a function */
	uint8_t destroy_by_rcu;
	uint8_t hwcache_align;
	uint8_t poison;
	uint8_t red_zone;
	uint8_t store_user;
	uint8_t sanity_checks;
	uint8_t cache_dma;
	uint8_t pad[3];
	/* totals over nodes (the first number of "N N0=..") */
	uint64_t objects;
	uint64_t total_objects;
	uint64_t slabs;
	uint64_t partial;
	uint64_t cpu_slabs;
	uint64_t objects_partial;
};

/* A merged cache's other name: a symlink in /sys/kernel/slab ("dentry -> :a-0000192"). */
struct mm_slab_alias {
	char *name;
	char *target;
	uint32_t cache;			/* index into mm_machine.slab_caches, or UINT32_MAX */
	uint32_t pad;
};

/* One row of /proc/slabinfo (version 2.x). */
struct mm_slabinfo {
	char *name;
	uint64_t active_objs;
	uint64_t num_objs;
	uint32_t objsize;		/* s->size */
	uint32_t objperslab;
	uint32_t pagesperslab;
	uint32_t limit;
	uint32_t batchcount;
	uint32_t sharedfactor;
	uint64_t active_slabs;
	uint64_t num_slabs;
	uint64_t sharedavail;
};

/* A field of a tracepoint's "format" file. */
struct mm_tp_field {
	char type[MM_TP_NAME_LEN];	/* "unsigned long", "__data_loc char[]", "char[16]" */
	char name[MM_TP_NAME_LEN];
	uint32_t offset;
	uint32_t size;
	uint8_t is_signed;
	uint8_t is_common;		/* before the blank line: common_type, ... */
	uint8_t pad[2];
};

struct mm_tp_format {
	char name[MM_TP_NAME_LEN];	/* "mm_page_alloc" */
	uint32_t id;
	uint32_t nr_fields;
	struct mm_tp_field *fields;
	char *print_fmt;		/* the text after "print fmt: " */
};

/* Kernel config options the replay depends on (KERNEL-NOTES §0.1). */
enum mm_kconfig_opt {
	MM_KCONFIG_CMA,
	MM_KCONFIG_MEMORY_ISOLATION,
	MM_KCONFIG_TRANSPARENT_HUGEPAGE,
	MM_KCONFIG_ZONE_DMA,
	MM_KCONFIG_ZONE_DMA32,
	MM_KCONFIG_PCP_BATCH_SCALE_MAX,
	MM_KCONFIG_SHUFFLE_PAGE_ALLOCATOR,
	MM_KCONFIG_SLUB_CPU_PARTIAL,
	MM_KCONFIG_SLAB_FREELIST_RANDOM,
	MM_KCONFIG_RANDOM_KMALLOC_CACHES,
	MM_KCONFIG_MEMCG,
	MM_KCONFIG_SLUB_DEBUG_ON,
	MM_KCONFIG_NR_CPUS,
	MM_KCONFIG_NUMA,
	MM_KCONFIG_HUGETLB_PAGE,
	MM_KCONFIG_ARCH_FORCE_MAX_ORDER,
	MM_KCONFIG__NR,
};

enum mm_kconfig_state {
	MM_KCONFIG_UNKNOWN = 0,		/* the snapshot has no config at all */
	MM_KCONFIG_NOT_SET,		/* "# CONFIG_X is not set", or absent from a config */
	MM_KCONFIG_YES,			/* =y */
	MM_KCONFIG_MODULE,		/* =m */
	MM_KCONFIG_NUMBER,		/* =123 or =0x7b: see .value */
	MM_KCONFIG_OTHER,		/* a string or anything else */
};

struct mm_kconfig_value {
	uint32_t state;			/* enum mm_kconfig_state */
	uint32_t pad;
	int64_t value;
};

/* Bits in struct mm_cmdline.has. */
enum {
	MM_CMDLINE_PAGE_ALLOC_SHUFFLE = 1u << 0,
	MM_CMDLINE_SLUB_DEBUG = 1u << 1,
	MM_CMDLINE_SLUB_MIN_OBJECTS = 1u << 2,
	MM_CMDLINE_SLUB_MIN_ORDER = 1u << 3,
	MM_CMDLINE_SLUB_MAX_ORDER = 1u << 4,
};

/*
 * Boot parameters that change allocator behaviour. slub_* and (6.8+) slab_* spellings
 * are both accepted. page_alloc_shuffle is the effective value: the cmdline, then
 * overridden by /sys/module/page_alloc/parameters/shuffle when that was captured.
 */
struct mm_cmdline {
	uint32_t has;
	uint8_t page_alloc_shuffle;
	uint8_t pad[3];
	uint32_t slub_min_objects;
	uint32_t slub_min_order;
	uint32_t slub_max_order;
	char slub_debug[64];		/* the value after '=', "" for a bare "slub_debug" */
};

/*
 * An encoded pfn map (see trace/SNAPSHOT.md): a sequence of (gap, size) pairs of LEB128
 * varints, gap = start pfn - end pfn of the previous entry (0 before the first).
 * free_blocks: size is the block's order; pcp_candidates: size is a run length >= 1.
 * The parser validates the whole encoding once, so iterators only fail on memory that
 * was changed afterwards.
 */
struct mm_pfn_map {
	uint8_t *data;			/* NULL if the snapshot had none */
	size_t len;
	uint64_t nr_entries;		/* blocks or runs */
	uint64_t nr_pages;
};

/* Bits in struct mm_machine.has. */
enum {
	MM_MACHINE_HAS_RELEASE = 1u << 0,
	MM_MACHINE_HAS_VERSION = 1u << 1,
	MM_MACHINE_HAS_MACHINE = 1u << 2,
	MM_MACHINE_HAS_CPUS_POSSIBLE = 1u << 3,
	MM_MACHINE_HAS_CPUS_ONLINE = 1u << 4,
	MM_MACHINE_HAS_PAGEBLOCK_ORDER = 1u << 5,
	MM_MACHINE_HAS_KCONFIG = 1u << 6,
	MM_MACHINE_HAS_CMDLINE = 1u << 7,
	MM_MACHINE_HAS_THP_ENABLED = 1u << 8,
	MM_MACHINE_HAS_VMSTAT = 1u << 9,
	MM_MACHINE_HAS_SLABINFO = 1u << 10,
	MM_MACHINE_HAS_FREE_BLOCKS = 1u << 11,
	MM_MACHINE_HAS_PCP_CANDIDATES = 1u << 12,
	MM_MACHINE_HAS_ZONEINFO = 1u << 13,
	MM_MACHINE_HAS_BUDDYINFO = 1u << 14,
	MM_MACHINE_HAS_PAGETYPEINFO = 1u << 15,
	MM_MACHINE_HAS_FREELISTS = 1u << 16,	/* mmtrace/freelists held a walk */
};

/* mmtrace/freelists (trace/SNAPSHOT.md): the eBPF walk of the free lists and pcp lists.
 * Lists are runs of mm_freelists.pfns, head first. */
#define MM_MAX_PCP_LISTS 16	/* NR_PCP_LISTS is 12 .. 14 */

struct mm_fl_list {
	uint32_t start;		/* index into mm_freelists.pfns */
	uint32_t nr;
};

/* Bits in struct mm_fl_pcp.has / mm_fl_zone.has: the optional counters present. */
enum {
	MM_FL_HIGH_MIN_MAX = 1u << 0,
	MM_FL_ALLOC_FACTOR = 1u << 1,
	MM_FL_FREE_COUNT = 1u << 2,
	MM_FL_PCP_FLAGS = 1u << 3,
	MM_FL_FREE_FACTOR = 1u << 4,
	MM_FL_FREE_HIGHATOMIC = 1u << 5,
};

struct mm_fl_pcp {
	uint32_t cpu;
	uint32_t has;		/* MM_FL_* */
	int32_t count;
	int32_t high;
	int32_t batch;
	int32_t high_min;
	int32_t high_max;
	int32_t free_count;	/* 6.7+ */
	int32_t free_factor;	/* 6.1 .. 6.6 */
	uint8_t alloc_factor;	/* 6.7+ */
	uint8_t flags;		/* 6.6+ PCPF_* */
	uint8_t racy;		/* still changing after every attempt */
	uint8_t pad;
	uint32_t nr_lists;	/* NR_PCP_LISTS of the kernel */
	struct mm_fl_list lists[MM_MAX_PCP_LISTS];	/* by pindex */
};

struct mm_fl_zone {
	int32_t node;
	int32_t zone_idx;
	char name[MM_ZONE_NAME_LEN];
	uint32_t has;		/* MM_FL_FREE_HIGHATOMIC */
	uint32_t racy;
	uint64_t zone_start_pfn;
	uint64_t spanned_pages;
	uint64_t present_pages;
	uint64_t managed_pages;
	uint64_t watermark_boost;
	uint64_t flags;		/* zone->flags (enum zone_flags bits) */
	uint64_t nr_reserved_highatomic;
	uint64_t nr_free_highatomic;
	uint32_t nr_orders;
	uint32_t nr_migratetypes;
	uint64_t nr_free[MM_MAX_NR_ORDERS];	/* free_area[].nr_free as read by the walk */
	struct mm_fl_list free[MM_MAX_NR_ORDERS][MM_MAX_MIGRATETYPES];
	uint32_t nr_pcps;
	uint32_t pad;
	struct mm_fl_pcp *pcps;
	/* the pageblock bitmap's migratetype of each pageblock from pb_first_pfn (aligned),
	 * where the walk could read it (mem_section in kallsyms); NULL otherwise */
	uint64_t pb_first_pfn;
	uint64_t nr_pageblocks;
	uint8_t *pb_mt;
};

struct mm_freelists {
	char unavailable[128];	/* why there is no walk ("" if there is one, or no file) */
	uint32_t pageblock_order;
	uint32_t nr_zones;
	struct mm_fl_zone *zones;
	uint64_t nr_pfns;
	uint64_t *pfns;
};

struct mm_machine {
	uint32_t has;			/* MM_MACHINE_HAS_* */
	char release[MM_UTS_LEN];	/* uname -r */
	char version[MM_UTS_LEN];	/* uname -v */
	char machine[MM_UTS_LEN];	/* uname -m */
	uint32_t nr_cpus_possible;
	uint32_t nr_cpus_online;

	struct mm_vm_sysctl sysctl;
	struct mm_cmdline cmdline;
	struct mm_kconfig_value kconfig[MM_KCONFIG__NR];
	char thp_enabled[16];		/* the bracketed word: "always", "madvise", "never" */

	uint32_t nr_zones;		/* in zoneinfo order: node, then zone_idx */
	struct mm_zone *zones;

	/* /proc/pagetypeinfo */
	int32_t pageblock_order;
	uint32_t pageblock_nr_pages;
	uint32_t nr_migratetypes;	/* MIGRATE_TYPES as printed: 5 without CMA, 6 with */
	int32_t migrate_cma;		/* index of "CMA", or -1 */
	int32_t migrate_isolate;	/* index of "Isolate" (4 or 5), or -1 */
	char migratetype_names[MM_MAX_MIGRATETYPES][MM_MIGRATETYPE_NAME_LEN];

	uint32_t nr_vmstat;
	struct mm_stat *vmstat;

	uint32_t nr_slab_caches;
	uint32_t nr_slab_aliases;
	uint32_t nr_slabinfo;
	struct mm_slab_cache *slab_caches;	/* sorted by name */
	struct mm_slab_alias *slab_aliases;
	struct mm_slabinfo *slabinfo;

	uint32_t nr_tp_formats;
	struct mm_tp_format *tp_formats;

	struct mm_pfn_map free_blocks;		/* mmtrace/free_blocks */
	struct mm_pfn_map pcp_candidates;	/* mmtrace/pcp_candidates */
	struct mm_freelists freelists;		/* mmtrace/freelists */
};

/* The CONFIG_ name of an option ("CONFIG_CMA"), or NULL. */
static inline const char *mm_kconfig_name(unsigned int opt)
{
	static const char *const names[MM_KCONFIG__NR] = {
		[MM_KCONFIG_CMA] = "CONFIG_CMA",
		[MM_KCONFIG_MEMORY_ISOLATION] = "CONFIG_MEMORY_ISOLATION",
		[MM_KCONFIG_TRANSPARENT_HUGEPAGE] = "CONFIG_TRANSPARENT_HUGEPAGE",
		[MM_KCONFIG_ZONE_DMA] = "CONFIG_ZONE_DMA",
		[MM_KCONFIG_ZONE_DMA32] = "CONFIG_ZONE_DMA32",
		[MM_KCONFIG_PCP_BATCH_SCALE_MAX] = "CONFIG_PCP_BATCH_SCALE_MAX",
		[MM_KCONFIG_SHUFFLE_PAGE_ALLOCATOR] = "CONFIG_SHUFFLE_PAGE_ALLOCATOR",
		[MM_KCONFIG_SLUB_CPU_PARTIAL] = "CONFIG_SLUB_CPU_PARTIAL",
		[MM_KCONFIG_SLAB_FREELIST_RANDOM] = "CONFIG_SLAB_FREELIST_RANDOM",
		[MM_KCONFIG_RANDOM_KMALLOC_CACHES] = "CONFIG_RANDOM_KMALLOC_CACHES",
		[MM_KCONFIG_MEMCG] = "CONFIG_MEMCG",
		[MM_KCONFIG_SLUB_DEBUG_ON] = "CONFIG_SLUB_DEBUG_ON",
		[MM_KCONFIG_NR_CPUS] = "CONFIG_NR_CPUS",
		[MM_KCONFIG_NUMA] = "CONFIG_NUMA",
		[MM_KCONFIG_HUGETLB_PAGE] = "CONFIG_HUGETLB_PAGE",
		[MM_KCONFIG_ARCH_FORCE_MAX_ORDER] = "CONFIG_ARCH_FORCE_MAX_ORDER",
	};

	return opt < MM_KCONFIG__NR ? names[opt] : NULL;
}

/* LEB128 unsigned varint: 7 bits a byte, low group first, high bit = more. At most 10
 * bytes for a uint64_t. Writes into buf (>= 10 bytes) and returns the length. */
static inline size_t mm_varint_encode(uint8_t *buf, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		buf[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	buf[n++] = (uint8_t)v;
	return n;
}

/* Decode one varint at *p (< end) and advance *p. -EBADMSG if truncated, longer than
 * 10 bytes, or wider than 64 bits. Non-minimal encodings (trailing 0x80) are accepted. */
static inline int mm_varint_decode(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	const uint8_t *q = *p;
	uint64_t x = 0;

	for (unsigned int shift = 0; shift < 70; shift += 7) {
		uint8_t b;

		if (q >= end)
			return -EBADMSG;
		b = *q++;
		if (shift == 63 && (b & 0x7e))
			return -EBADMSG;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*p = q;
			*v = x;
			return 0;
		}
	}
	return -EBADMSG;
}

struct mm_pfn_map_iter {
	const uint8_t *p;
	const uint8_t *end;
	uint64_t prev_end;
	uint32_t size_is_order;		/* free_blocks: 1; pcp_candidates: 0 */
	uint32_t max_order;
};

/* Walk mm_machine.free_blocks: each step yields a block [pfn, pfn + 2^order). */
static inline void mm_free_block_iter__init(struct mm_pfn_map_iter *it, const struct mm_pfn_map *map)
{
	it->p = map->data;
	it->end = map->data ? map->data + map->len : NULL;
	it->prev_end = 0;
	it->size_is_order = 1;
	it->max_order = MM_MAX_NR_ORDERS - 1;
}

/* Walk mm_machine.pcp_candidates: each step yields a run [pfn, pfn + nr_pages). */
static inline void mm_pcp_candidate_iter__init(struct mm_pfn_map_iter *it,
					       const struct mm_pfn_map *map)
{
	mm_free_block_iter__init(it, map);
	it->size_is_order = 0;
}

/*
 * Next entry: 1 and (*pfn, *size) = (start pfn, order) for free blocks or (start pfn,
 * nr_pages) for pcp candidates; 0 at the end; -EBADMSG on a bad encoding (truncated, a
 * zero-length run, an order above MM_MAX_NR_ORDERS - 1, or pfn overflow).
 */
static inline int mm_pfn_map_iter__next(struct mm_pfn_map_iter *it, uint64_t *pfn, uint64_t *size)
{
	uint64_t gap, sz, start, nr_pages;

	if (!it->p || it->p >= it->end)
		return 0;
	if (mm_varint_decode(&it->p, it->end, &gap) || mm_varint_decode(&it->p, it->end, &sz))
		return -EBADMSG;
	if (it->size_is_order) {
		if (sz > it->max_order)
			return -EBADMSG;
		nr_pages = 1ull << sz;
	} else {
		if (!sz)
			return -EBADMSG;
		nr_pages = sz;
	}
	start = it->prev_end + gap;
	if (start < it->prev_end || start + nr_pages < start)
		return -EBADMSG;
	it->prev_end = start + nr_pages;
	*pfn = start;
	*size = sz;
	return 1;
}

static inline void mm_zone__free(struct mm_zone *z)
{
	free(z->pagesets);
	free(z->stats);
	free(z->node_stats);
	z->pagesets = NULL;
	z->stats = z->node_stats = NULL;
	z->nr_pagesets = z->nr_stats = z->nr_node_stats = 0;
}

/* An empty machine: nothing present, indices that mean "none" set to -1. The parse_*()
 * functions add to a machine that was initialised with this. */
static inline void mm_machine__init(struct mm_machine *m)
{
	*m = (struct mm_machine){ 0 };
	m->pageblock_order = -1;
	m->migrate_cma = -1;
	m->migrate_isolate = -1;
}

/* Free everything the machine owns and reinitialise it; accepts NULL. The struct itself is the
 * caller's (usually on the stack). */
static inline void mm_machine__free(struct mm_machine *m)
{
	if (!m)
		return;
	for (uint32_t i = 0; i < m->nr_zones; i++)
		mm_zone__free(&m->zones[i]);
	free(m->zones);
	free(m->vmstat);
	for (uint32_t i = 0; i < m->nr_slab_caches; i++)
		free(m->slab_caches[i].name);
	free(m->slab_caches);
	for (uint32_t i = 0; i < m->nr_slab_aliases; i++) {
		free(m->slab_aliases[i].name);
		free(m->slab_aliases[i].target);
	}
	free(m->slab_aliases);
	for (uint32_t i = 0; i < m->nr_slabinfo; i++)
		free(m->slabinfo[i].name);
	free(m->slabinfo);
	for (uint32_t i = 0; i < m->nr_tp_formats; i++) {
		free(m->tp_formats[i].fields);
		free(m->tp_formats[i].print_fmt);
	}
	free(m->tp_formats);
	free(m->free_blocks.data);
	free(m->pcp_candidates.data);
	for (uint32_t i = 0; i < m->freelists.nr_zones; i++) {
		free(m->freelists.zones[i].pcps);
		free(m->freelists.zones[i].pb_mt);
	}
	free(m->freelists.zones);
	free(m->freelists.pfns);
	mm_machine__init(m);
}

#endif
