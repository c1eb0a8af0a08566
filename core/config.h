/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Configuration derivation: what the kernel computes from the machine's shape and its
 * sysctls — min_free_kbytes, the per-zone watermarks, lowmem_reserve ("protection"),
 * totalreserve_pages, the pcp batch and high limits and the vmstat threshold — mirrored
 * with the kernel's integer arithmetic (KERNEL-NOTES §3.1-3.4, §4.1, §3.6 threshold).
 *
 * mm_config_derive() is pure: struct mm_config_in in, struct mm_config_out out. The check
 * half (mm_config_check()) compares a derivation with what a snapshot's /proc/zoneinfo
 * printed, field by field, for `mmtrace info --check` and the conformance tests.
 *
 * Managed pages at the moment of computation: the kernel derives all of this in initcalls
 * (init_per_zone_wmark_min() at postcore, set_recommended_min_free_kbytes() when
 * khugepaged starts) and again only on sysctl writes, memory hotplug and THP changes.
 * Pages freed later — free_initmem(), free_initrd_mem(), the x86 text/rodata gaps — raise
 * a zone's managed count without a recomputation, so a booted guest's zoneinfo shows a
 * larger `managed` than the one its watermarks were computed from. mm_config_check()
 * therefore first derives from the current managed counts and, if that does not reproduce
 * the snapshot, looks for the one zone whose managed count at computation time explains
 * every field (see struct mm_config_fit).
 */
#ifndef MMTRACE_CORE_CONFIG_H
#define MMTRACE_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "machine.h"
#include "profile.h"

#define MM_CONFIG_MAX_NODES 16
/* MAX_NR_ZONES is at most 6 (include/linux/mmzone.h), machine.h allows 8 */
#define MM_CONFIG_MAX_NODE_ZONES MM_MAX_NR_ZONES
#define MM_CONFIG_MAX_ZONES 64
/* min_free_kbytes not set by the user: derive the kernel's default */
#define MM_CONFIG_UNSET (-1)

struct mm_config_zone_in {
	int32_t node;
	int32_t zone_idx;		/* zone_idx(): position in its node */
	uint64_t managed_pages;		/* zone_managed_pages() when the kernel computed */
	uint64_t present_pages;		/* populated_zone() is present_pages != 0 */
	uint64_t spanned_pages;
	bool highmem;			/* is_highmem() */
	bool movable;			/* zone_idx == ZONE_MOVABLE */
	bool user;			/* zone_idx <= gfp_zone(GFP_USER), i.e. up to ZONE_NORMAL */
};

struct mm_config_in {
	/* sorted by (node, zone_idx); every node lists all nr_node_zones zones, as the kernel's
	 * pgdat->node_zones[] and /proc/zoneinfo do */
	uint32_t nr_zones;
	uint32_t nr_node_zones;		/* MAX_NR_ZONES */
	struct mm_config_zone_in zones[MM_CONFIG_MAX_ZONES];
	uint32_t nr_nodes;
	uint32_t nr_cpus_online;	/* num_online_cpus() */
	uint32_t nr_cpus_possible;
	uint32_t nr_node_cpus[MM_CONFIG_MAX_NODES];	/* cpumask_weight(cpumask_of_node(nid)) */
	uint32_t page_shift;		/* PAGE_SHIFT, 12 for 4 KiB pages */
	uint32_t pageblock_order;	/* 9 on x86-64 */
	bool thp_enabled;		/* hugepage_pmd_enabled(): not "never", khugepaged runs */
	int64_t min_free_kbytes;	/* the sysctl, or MM_CONFIG_UNSET for the default */
	int64_t watermark_scale_factor;
	int64_t watermark_boost_factor;
	int64_t percpu_pagelist_high_fraction;
	int64_t lowmem_reserve_ratio[MM_CONFIG_MAX_NODE_ZONES];	/* sysctl_lowmem_reserve_ratio */
};

struct mm_config_zone_out {
	uint64_t wmark[MM_NR_WMARK];	/* _watermark[]; watermark_boost is 0 after a recompute */
	int64_t lowmem_reserve[MM_CONFIG_MAX_NODE_ZONES];
	uint64_t reserve_pages;		/* this zone's share of totalreserve_pages */
	int32_t batch;			/* pcp->batch */
	int32_t high;			/* 6.1: pcp->high */
	int32_t high_min;		/* 6.12: pcp->high_min, pcp->high_max */
	int32_t high_max;
	int32_t stat_threshold;		/* calculate_normal_threshold(); 0 if unpopulated */
};

struct mm_config_out {
	int64_t min_free_kbytes;	/* the value the watermarks were computed from */
	int64_t min_free_kbytes_default;	/* what the kernel sets when the user did not */
	uint64_t totalreserve_pages;
	struct mm_config_zone_out zones[MM_CONFIG_MAX_ZONES];
};

/*
 * Derive everything for kernel k from in. Mirrors the boot sequence: with min_free_kbytes
 * MM_CONFIG_UNSET, init_per_zone_wmark_min() (default min_free_kbytes with all watermarks
 * still 0, watermarks, vmstat thresholds, lowmem_reserve) and then, with THP enabled,
 * khugepaged's set_recommended_min_free_kbytes() and a second setup_per_zone_wmarks().
 * 0, or -EINVAL for an inconsistent input (no zones, zone order, too many zones or nodes).
 */
int mm_config_derive(const struct mm_kernel *k, const struct mm_config_in *in,
		     struct mm_config_out *out);

/*
 * in from a parsed snapshot: zones, CPUs and sysctls, with min_free_kbytes as the snapshot
 * read it (the kernel computed the watermarks from that value) and the current managed
 * counts. 0; -ENODATA without zoneinfo; -EOPNOTSUPP for several NUMA nodes (the
 * snapshot does not say which CPUs each node has) or more zones than MM_CONFIG_MAX_ZONES.
 */
int mm_config_in_from_machine(const struct mm_machine *m, struct mm_config_in *in);

/* ---- the kernel mirrors, shared by watermark.c, pcp_size.c, config.c and the tests ---- */

/* int_sqrt(): floor of the square root (lib/math/int_sqrt.c) */
uint64_t wmark_int_sqrt(uint64_t x);
/* mult_frac(x, n, d) (include/linux/math.h): x * n / d without overflowing x * n */
uint64_t wmark_mult_frac(uint64_t x, uint64_t n, uint64_t d);
/* nr_free_buffer_pages(): sum of managed - high over zones up to ZONE_NORMAL */
uint64_t wmark_nr_free_buffer_pages(const struct mm_config_in *in, const struct mm_config_out *out);
/* calculate_min_free_kbytes(): clamp(int_sqrt(lowmem_kbytes * 16), 128, 262144) */
int64_t wmark_calculate_min_free_kbytes(const struct mm_config_in *in,
					const struct mm_config_out *out);
/* khugepaged set_recommended_min_free_kbytes(): the THP recommendation in kB */
int64_t wmark_recommended_min_free_kbytes(const struct mm_config_in *in,
					  const struct mm_config_out *out);
/* __setup_per_zone_wmarks() from out->min_free_kbytes, then calculate_totalreserve_pages() */
void wmark_setup_per_zone(const struct mm_kernel *k, const struct mm_config_in *in,
			  struct mm_config_out *out);
/* setup_per_zone_lowmem_reserve(), then calculate_totalreserve_pages() */
void wmark_lowmem_reserve(const struct mm_config_in *in, struct mm_config_out *out);
void wmark_totalreserve_pages(const struct mm_config_in *in, struct mm_config_out *out);
/* mm/vmstat.c calculate_normal_threshold() */
int32_t wmark_normal_threshold(const struct mm_config_in *in, uint64_t managed_pages);

/* zone_batchsize() (already max(1, ...) as zone_set_pageset_high_and_batch() stores it) */
int32_t pcp_zone_batchsize(uint64_t managed_pages, uint32_t page_shift);
/* zone_highsize(zone, batch, cpu_online, high_fraction): low_wmark or managed / fraction,
 * split over the node's CPUs, at least batch * 4 */
int32_t pcp_zone_highsize(const struct mm_config_in *in, unsigned int zone, uint64_t low_wmark,
			  int32_t batch, int cpu_online, int64_t high_fraction);
/* zone_set_pageset_high_and_batch(zone, 0) for every zone (6.1 high; 6.12 high_min/max) */
void pcp_set_high_and_batch(const struct mm_kernel *k, const struct mm_config_in *in,
			    struct mm_config_out *out);

/* ---- comparing a derivation with a snapshot ---- */

enum mm_config_row_kind {
	MM_CONFIG_ROW_EXACT,	/* derived must equal observed */
	MM_CONFIG_ROW_RANGE,	/* 6.12 pcp->high: 0 (never used) or in [derived, derived_max] */
	MM_CONFIG_ROW_INFO,	/* shown, never a mismatch (min_free_kbytes default) */
};

struct mm_config_row {
	char field[24];			/* "min", "protection[2]", "cpu1 high_min", ... */
	int32_t zone;			/* index into in.zones, or -1 for a global row */
	uint32_t kind;			/* enum mm_config_row_kind */
	int64_t derived;
	int64_t derived_max;		/* MM_CONFIG_ROW_RANGE only */
	int64_t observed;
	bool ok;
};

/*
 * Fields the kernel computes at different moments, each fitted on its own: the
 * watermarks, pcp sizes and vmstat thresholds, and protection (lowmem_reserve), which
 * setup_per_zone_lowmem_reserve() recomputes on every read of
 * /proc/sys/vm/lowmem_reserve_ratio (its handler does not test `write`).
 */
enum mm_config_fit_kind {
	MM_CONFIG_FIT_WMARK,
	MM_CONFIG_FIT_RESERVE,
	MM_CONFIG_FIT__NR,
};

/*
 * A zone whose managed count at computation time differed from the snapshot's: the
 * group's fields were reproduced with managed_pages in [managed_lo, managed_hi] for that
 * zone (every other zone at its current count); managed is the value used, the one
 * nearest managed_now (for the watermark group, preferring counts that also give
 * min_free_kbytes as the kernel's default).
 */
struct mm_config_fit {
	bool used;
	int32_t zone;			/* index into in.zones */
	uint64_t managed_now;
	uint64_t managed;
	uint64_t managed_lo, managed_hi;
};

/* How far mm_config_check() looks for a zone's managed count at computation time:
 * 256 MiB of 4 KiB pages, more than a kernel's init sections and a Debian initrd. */
#define MM_CONFIG_FIT_MAX_PAGES 65536
/* When only min_free_kbytes differs from the default (every other field already fits, and
 * the user may well have set it), the search is shorter: 64 MiB. */
#define MM_CONFIG_FIT_DEFAULT_MAX_PAGES 16384

struct mm_config_check {
	struct mm_config_in in;		/* as the snapshot shows it (current managed) */
	struct mm_config_out out;	/* the derivation compared, fits applied */
	struct mm_config_fit fit[MM_CONFIG_FIT__NR];
	size_t nr_rows;
	size_t nr_mismatches;		/* rows of kind EXACT or RANGE that are not ok */
	struct mm_config_row *rows;	/* owned; mm_config_check__free() */
};

/*
 * Derive for kernel k from snapshot m and compare with what m's zoneinfo printed: per
 * zone min, low, high, promo (if printed), protection[], and for each CPU's pageset batch,
 * high (6.1: exact; 6.12: within [high_min, high_max] or 0), high_min/high_max (if
 * printed) and the vm stats threshold; then min_free_kbytes's default as an INFO row.
 * Observed watermarks are compared without their boost. page_shift is the recording's
 * (0: 12). 0 (c->nr_mismatches says how it went), or a negative errno from
 * mm_config_in_from_machine() or -ENOMEM.
 */
int mm_config_check(const struct mm_kernel *k, const struct mm_machine *m, uint32_t page_shift,
		    struct mm_config_check *c);
void mm_config_check__free(struct mm_config_check *c);

#endif
