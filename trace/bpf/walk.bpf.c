// SPDX-License-Identifier: GPL-2.0-only
/*
 * The free lists and pcp lists of every zone, in list order, for an exact replay start
 * (KERNEL-NOTES §9.2). Run on demand, once per node, by bpf_prog_test_run_opts() on a
 * raw_tp program (test runs of raw tracepoint programs exist since 5.10; bpf_loop()
 * since 5.17). fentry and kprobes would be simpler triggers but the lab host refuses both.
 * No data symbol is needed: kernels without KALLSYMS_ALL, like the lab host, list no
 * node_data, vmemmap_base or __per_cpu_offset in /proc/kallsyms, and per-cpu __ksym
 * variables cannot be resolved there either.
 *
 * - Every layout step is CO-RE: array strides from bpf_core_type_size(), array lengths
 *   (MAX_NR_ZONES, NR_PAGE_ORDERS, MIGRATE_TYPES, NR_PCP_LISTS) from
 *   bpf_core_field_size(), optional fields behind bpf_core_field_exists().
 * - The walk holds no zone->lock or pcp->lock: each list is followed with
 *   bpf_probe_read_kernel() for at most the room left in `pages`, and the user side
 *   checks that every list came back to its head and that the per-list counts agree
 *   with free_area[].nr_free and pcp->count read before and after (retrying otherwise).
 * - A CPU's per-cpu offset comes from a per-cpu array map of our own (per_cpu_offset()).
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "walk.h"

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 targ_tgid = 0;
const volatile __u32 nr_cpus = 1;	/* possible CPUs, <= WALK_MAX_CPUS */
/*
 * The pageblock bitmap, where /proc/kallsyms names mem_section (KALLSYMS_ALL, as on
 * Debian's kernels): the symbol's address, PFN_SECTION_SHIFT (15 on x86-64,
 * SECTION_SIZE_BITS 27 - PAGE_SHIFT) and pageblock_order. SPARSEMEM_EXTREME layout:
 * mem_section is struct mem_section **, SECTIONS_PER_ROOT = PAGE_SIZE / sizeof(struct
 * mem_section). NR_PAGEBLOCK_BITS is 4 in 6.1 and 6.12 (3 migratetype bits, skip).
 */
const volatile __u64 mem_section_addr = 0;
const volatile __u32 pfn_section_shift = 15;
const volatile __u32 pageblock_order = 9;
const volatile __u32 page_size = 4096;

/* 6.1 .. 6.6: struct per_cpu_pages had free_factor (replaced by free_count and
 * alloc_factor in 6.7, commit 6ccdcb6d3a74 "mm, pcp: reduce detecting time of
 * consecutive high order page freeing" and its series). */
struct per_cpu_pages___v61 {
	short free_factor;
} __attribute__((preserve_access_index));

/* 6.1: zone had no nr_free_highatomic (added in 6.10?, counted per free page). */
struct zone___v612 {
	unsigned long nr_free_highatomic;
} __attribute__((preserve_access_index));

/*
 * __per_cpu_offset[cpu], learnt from a per-cpu array of our own: its value on cpu is
 * bpf_map_lookup_percpu_elem() = pptrs[0] + __per_cpu_offset[cpu], and pptrs[0] is read
 * from the map's struct bpf_array. A per-cpu __ksym would be simpler, but the kernel
 * resolves those through kallsyms, which lists no data symbols without KALLSYMS_ALL.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pcpu_probe SEC(".maps");

/* The map's address and a looked-up value address pass through these so that the
 * verifier sees plain numbers (pointer arithmetic on a map pointer is refused). */
volatile __u64 pcpu_probe_addr = 0;
volatile __u64 pcpu_value_addr = 0;

static __always_inline __u64 per_cpu_offset(__u32 cpu)
{
	__u64 pptr = 0, map, val;
	__u32 zero = 0;
	void *v;

	pcpu_probe_addr = (__u64)(void *)&pcpu_probe;
	map = pcpu_probe_addr;
	if (bpf_probe_read_kernel(&pptr, sizeof(pptr),
				  (void *)(map + bpf_core_field_offset(struct bpf_array, pptrs))) ||
	    !pptr)
		return 0;
	v = bpf_map_lookup_percpu_elem(&pcpu_probe, &zero, cpu);
	if (!v)
		return 0;
	pcpu_value_addr = (__u64)v;
	val = pcpu_value_addr;
	return val - pptr;
}

/* Set by the user side; the walk fills zones[] and pages. */
__u32 armed = 0;
__u32 pos = 0;
__u32 nr_walks = 0;
__u32 page_struct_size = 0;	/* sizeof(struct page) */
/* a power of two, so that an index can be masked into range where clang drops a check */
struct walk_zone zones[32];
_Static_assert(WALK_MAX_NODES * WALK_MAX_ZONES <= 32, "zones[] too small");

/* max_entries set before load from the machine's free block and pcp counts */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pages SEC(".maps");

/*
 * An index masked into [0, n) (n a power of two) in a way clang cannot drop after an
 * earlier range check: the verifier needs the mask on the register that forms the address.
 */
#define MASKED(x, n)                   \
	({                             \
		__u32 __v = (x);       \
		barrier_var(__v);      \
		__v & ((n) - 1);       \
	})

struct list_ctx {
	__u64 head;
	__u64 cur;
	__u64 lru_off;
	struct walk_list *wl;
	__s64 order;		/* -1: do not check page_private() */
};

static int entry_cb(__u32 i, struct list_ctx *c)
{
	__u64 next = 0, page, priv = 0;
	__u32 p = pos;
	__u64 *slot;

	if (bpf_probe_read_kernel(&next, sizeof(next), (void *)c->cur) || !next)
		return 1;
	if (next == c->head) {
		c->wl->closed = 1;
		return 1;
	}
	slot = bpf_map_lookup_elem(&pages, &p);
	if (!slot) {
		c->wl->truncated = 1;
		return 1;
	}
	page = next - c->lru_off;
	*slot = page;
	pos = p + 1;
	c->wl->nr++;
	if (c->order >= 0) {
		struct page *pg = (void *)page;

		priv = BPF_CORE_READ(pg, private);
		if (priv != (__u64)c->order && c->wl->nr_bad < 0xffff)
			c->wl->nr_bad++;
	}
	c->cur = next;
	return 0;
}

static void walk_list(__u64 head, struct walk_list *wl, __s64 order)
{
	struct list_ctx c = {
		.head = head,
		.cur = head,
		.lru_off = bpf_core_field_offset(struct page, lru),
		.wl = wl,
		.order = order,
	};

	wl->start = pos;
	wl->nr = 0;
	wl->closed = 0;
	wl->truncated = 0;
	wl->nr_bad = 0;
	/* at most the room left in pages; bpf_loop() takes up to 1 << 23 */
	bpf_loop(1u << 23, entry_cb, &c, 0);
}

struct zone_ctx {
	__u64 zone;
	__u32 idx;		/* into zones[] */
	__u32 nr_mt;
	__u64 pcp;		/* the current CPU's per_cpu_pages */
	__u32 cpu;
};

static __always_inline struct walk_zone *zone_out(__u32 idx)
{
	if (idx >= WALK_MAX_NODES * WALK_MAX_ZONES)
		return NULL;
	return &zones[MASKED(idx, 32)];
}

static int free_list_cb(__u32 i, struct zone_ctx *c)
{
	struct walk_zone *out = zone_out(c->idx);
	__u32 order, mt;
	__u64 head;

	if (!out || !c->nr_mt)
		return 1;
	order = i / c->nr_mt;
	mt = i % c->nr_mt;
	if (order >= WALK_MAX_ORDERS || mt >= WALK_MAX_MT)
		return 1;
	head = c->zone + bpf_core_field_offset(struct zone, free_area) +
	       order * bpf_core_type_size(struct free_area) +
	       bpf_core_field_offset(struct free_area, free_list) + mt * sizeof(struct list_head);
	walk_list(head, &out->free[MASKED(order, WALK_MAX_ORDERS)][MASKED(mt, WALK_MAX_MT)], order);
	return 0;
}

static int pcp_list_cb(__u32 pindex, struct zone_ctx *c)
{
	struct walk_zone *out = zone_out(c->idx);
	__u32 cpu = c->cpu;
	__u64 head;

	if (!out || pindex >= WALK_MAX_PCP_LISTS || cpu >= WALK_MAX_CPUS)
		return 1;
	head = c->pcp + bpf_core_field_offset(struct per_cpu_pages, lists) +
	       pindex * sizeof(struct list_head);
	walk_list(head, &out->pcp[MASKED(cpu, WALK_MAX_CPUS)].lists[MASKED(pindex, WALK_MAX_PCP_LISTS)], -1);
	return 0;
}

static int pcp_cb(__u32 cpu, struct zone_ctx *c)
{
	struct walk_zone *out = zone_out(c->idx);
	__u64 off = per_cpu_offset(cpu);
	struct per_cpu_pages *pcp;
	struct zone *zone;
	struct walk_pcp *wp;
	__u64 base;

	if (!out || cpu >= WALK_MAX_CPUS || !off)
		return 1;
	zone = (void *)c->zone;
	base = (__u64)BPF_CORE_READ(zone, per_cpu_pageset);
	if (!base)
		return 1;
	pcp = (void *)(base + off);
	wp = &out->pcp[MASKED(cpu, WALK_MAX_CPUS)];
	wp->has = WALK_HAS_PCP;
	wp->count_before = BPF_CORE_READ(pcp, count);
	wp->high = BPF_CORE_READ(pcp, high);
	wp->batch = BPF_CORE_READ(pcp, batch);
	if (bpf_core_field_exists(pcp->high_min)) {
		wp->high_min = BPF_CORE_READ(pcp, high_min);
		wp->high_max = BPF_CORE_READ(pcp, high_max);
		wp->has |= WALK_HAS_HIGH_MIN_MAX;
	}
	if (bpf_core_field_exists(pcp->alloc_factor)) {
		wp->alloc_factor = BPF_CORE_READ(pcp, alloc_factor);
		wp->has |= WALK_HAS_ALLOC_FACTOR;
	}
	if (bpf_core_field_exists(pcp->free_count)) {
		wp->free_count = BPF_CORE_READ(pcp, free_count);
		wp->has |= WALK_HAS_FREE_COUNT;
	}
	if (bpf_core_field_exists(pcp->flags)) {
		wp->flags = BPF_CORE_READ(pcp, flags);
		wp->has |= WALK_HAS_PCP_FLAGS;
	}
	if (bpf_core_field_exists(((struct per_cpu_pages___v61 *)pcp)->free_factor)) {
		wp->free_factor = BPF_CORE_READ((struct per_cpu_pages___v61 *)pcp, free_factor);
		wp->has |= WALK_HAS_FREE_FACTOR;
	}
	c->pcp = (__u64)pcp;
	c->cpu = cpu;
	bpf_loop(out->nr_pcp_lists, pcp_list_cb, c, 0);
	wp->count_after = BPF_CORE_READ(pcp, count);
	wp->seen = 1;
	return 0;
}

struct section_ctx {
	__u64 roots;		/* the value of mem_section */
	__u64 first;
	__u32 idx;		/* into zones[] */
	__u32 words;		/* per section */
};

static int section_cb(__u32 i, struct section_ctx *c)
{
	struct walk_zone *out = zone_out(c->idx);
	__u64 nr = c->first + i, per_root, root = 0, ms, usage = 0;
	__u64 flags;

	if (!out)
		return 1;
	per_root = page_size / bpf_core_type_size(struct mem_section);
	if (!per_root ||
	    bpf_probe_read_kernel(&root, sizeof(root), (void *)(c->roots + nr / per_root * 8)) ||
	    !root)
		return 1;
	ms = root + (nr % per_root) * bpf_core_type_size(struct mem_section);
	if (bpf_probe_read_kernel(&usage, sizeof(usage),
				  (void *)(ms + bpf_core_field_offset(struct mem_section, usage))) ||
	    !usage)
		return 1;
	flags = usage + bpf_core_field_offset(struct mem_section_usage, pageblock_flags);
	for (__u32 w = 0; w < 8; w++) {
		__u32 p = pos;
		__u64 *slot, v = 0;

		if (w >= c->words)
			break;
		slot = bpf_map_lookup_elem(&pages, &p);
		if (!slot || bpf_probe_read_kernel(&v, sizeof(v), (void *)(flags + w * 8)))
			return 1;
		*slot = v;
		pos = p + 1;
		out->pb_words++;
	}
	return 0;
}

static __always_inline void walk_pageblocks(struct zone_ctx *zc, struct walk_zone *out)
{
	struct section_ctx c = { .idx = zc->idx };
	__u64 end = out->zone_start_pfn + out->spanned_pages;
	__u32 bits;

	if (!mem_section_addr || !out->spanned_pages || pfn_section_shift < pageblock_order ||
	    pfn_section_shift > 30 ||
	    bpf_probe_read_kernel(&c.roots, sizeof(c.roots), (void *)mem_section_addr) || !c.roots)
		return;
	/* 4 bits a pageblock, in unsigned longs */
	bits = (1u << (pfn_section_shift - pageblock_order)) * 4;
	c.words = (bits + 63) / 64;
	if (c.words > 8)
		return;
	c.first = out->zone_start_pfn >> pfn_section_shift;
	out->first_section = c.first;
	out->nr_sections = (__u32)(((end - 1) >> pfn_section_shift) - c.first + 1);
	out->words_per_section = c.words;
	out->pb_start = pos;
	out->pb_words = 0;
	bpf_loop(out->nr_sections, section_cb, &c, 0);
}

static __always_inline __u64 read_nr_free(__u64 zone, __u32 order)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v),
			      (void *)(zone + bpf_core_field_offset(struct zone, free_area) +
				       order * bpf_core_type_size(struct free_area) +
				       bpf_core_field_offset(struct free_area, nr_free)));
	return v;
}

struct node_ctx {
	__u64 pgdat;
};

static int zone_cb(__u32 zi, struct node_ctx *nc)
{
	void *pgdat = (void *)nc->pgdat;
	__u32 nid = BPF_CORE_READ((struct pglist_data *)pgdat, node_id);
	struct zone_ctx c = {};
	struct walk_zone *out;
	struct zone *zone;
	const char *name;

	if (nid >= WALK_MAX_NODES || zi >= WALK_MAX_ZONES)
		return 1;
	c.idx = nid * WALK_MAX_ZONES + zi;
	out = zone_out(c.idx);
	if (!out)
		return 1;
	c.zone = (__u64)pgdat + bpf_core_field_offset(struct pglist_data, node_zones) +
		 zi * bpf_core_type_size(struct zone);
	zone = (void *)c.zone;
	out->zone_addr = c.zone;
	out->nid = nid;
	out->zone_idx = zi;
	out->zone_start_pfn = BPF_CORE_READ(zone, zone_start_pfn);
	out->spanned_pages = BPF_CORE_READ(zone, spanned_pages);
	out->present_pages = BPF_CORE_READ(zone, present_pages);
	out->managed_pages = BPF_CORE_READ(zone, managed_pages.counter);
	out->watermark_boost = BPF_CORE_READ(zone, watermark_boost);
	out->flags = BPF_CORE_READ(zone, flags);
	out->nr_reserved_highatomic = BPF_CORE_READ(zone, nr_reserved_highatomic);
	out->has = 0;
	if (bpf_core_field_exists(((struct zone___v612 *)zone)->nr_free_highatomic)) {
		out->nr_free_highatomic =
			BPF_CORE_READ((struct zone___v612 *)zone, nr_free_highatomic);
		out->has |= WALK_HAS_FREE_HIGHATOMIC;
	}
	name = BPF_CORE_READ(zone, name);
	bpf_probe_read_kernel_str(out->name, sizeof(out->name), name);
	out->nr_orders = bpf_core_field_size(struct zone, free_area) / bpf_core_type_size(struct free_area);
	out->nr_mt = bpf_core_field_size(struct free_area, free_list) / sizeof(struct list_head);
	out->nr_pcp_lists = bpf_core_field_size(struct per_cpu_pages, lists) / sizeof(struct list_head);
	if (out->nr_orders > WALK_MAX_ORDERS)
		out->nr_orders = WALK_MAX_ORDERS;
	if (out->nr_mt > WALK_MAX_MT)
		out->nr_mt = WALK_MAX_MT;
	if (out->nr_pcp_lists > WALK_MAX_PCP_LISTS)
		out->nr_pcp_lists = WALK_MAX_PCP_LISTS;
	out->nr_cpus = nr_cpus < WALK_MAX_CPUS ? nr_cpus : WALK_MAX_CPUS;
	out->seen = 1;
	if (!out->present_pages)
		return 0;
	c.nr_mt = out->nr_mt;
	for (__u32 o = 0; o < WALK_MAX_ORDERS; o++) {
		if (o >= out->nr_orders)
			break;
		out->nr_free_before[o] = read_nr_free(c.zone, o);
	}
	bpf_loop(out->nr_orders * out->nr_mt, free_list_cb, &c, 0);
	for (__u32 o = 0; o < WALK_MAX_ORDERS; o++) {
		if (o >= out->nr_orders)
			break;
		out->nr_free_after[o] = read_nr_free(c.zone, o);
	}
	bpf_loop(out->nr_cpus, pcp_cb, &c, 0);
	walk_pageblocks(&c, out);
	return 0;
}

/*
 * The node's pglist_data without node_data (a data symbol, absent from kallsyms without
 * KALLSYMS_ALL and from BTF): the memory cgroup of the running task has a lruvec per node,
 * and each lruvec points at its pglist_data (include/linux/mmzone.h, CONFIG_MEMCG; 6.1
 * through 6.18). The task is this process, as bpf_prog_test_run() runs the program here.
 */
static __always_inline __u64 find_pgdat(__u32 nid)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	int id = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	struct mem_cgroup_per_node *pn = NULL;
	struct css_set *cs = BPF_CORE_READ(t, cgroups);
	__u64 css = 0, memcg;

	if (!cs || id < 0 || id >= 16 || nid >= WALK_MAX_NODES)
		return 0;
	if (bpf_probe_read_kernel(&css, sizeof(css),
				  (void *)((__u64)cs + bpf_core_field_offset(struct css_set, subsys) +
					   id * sizeof(void *))) || !css)
		return 0;
	memcg = css - bpf_core_field_offset(struct mem_cgroup, css);
	if (bpf_probe_read_kernel(&pn, sizeof(pn),
				  (void *)(memcg + bpf_core_field_offset(struct mem_cgroup, nodeinfo) +
					   nid * sizeof(void *))) || !pn)
		return 0;
	return (__u64)BPF_CORE_READ(pn, lruvec.pgdat);
}

/* Set by the user side before each run: the node to walk. */
__u32 want_nid = 0;
__u64 pgdat_found = 0;

/* Run with bpf_prog_test_run_opts(), never attached. */
SEC("raw_tp")
int walk_run(void *ctx)
{
	struct node_ctx nc = {};
	__u32 nr_zones;

	page_struct_size = bpf_core_type_size(struct page);
	if (!armed || (targ_tgid && (bpf_get_current_pid_tgid() >> 32) != targ_tgid))
		return 0;
	nc.pgdat = find_pgdat(want_nid);
	pgdat_found = nc.pgdat;
	if (!nc.pgdat)
		return 0;
	nr_zones = bpf_core_field_size(struct pglist_data, node_zones) / bpf_core_type_size(struct zone);
	bpf_loop(nr_zones < WALK_MAX_ZONES ? nr_zones : WALK_MAX_ZONES, zone_cb, &nc, 0);
	__sync_fetch_and_add(&nr_walks, 1);
	return 0;
}
