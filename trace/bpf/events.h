/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The record trace/bpf/mmtrace.bpf.c hands to trace/collector.c (STYLE.md rules 8, 13):
 * fixed-width fields only, explicit padding, free to change with both sides. Not on disk:
 * the collector converts it into struct mm_event.
 *
 * Each record is a struct mmt_rec_hdr followed by the body of its type; records of a
 * type always have the same size, except that slab records carrying MMT_RECF_NAME are
 * followed by MMT_NAME_LEN bytes of NUL-terminated cache name.
 */
#ifndef MMTRACE_TRACE_BPF_EVENTS_H
#define MMTRACE_TRACE_BPF_EVENTS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* Longest slab cache name kept (with its NUL); longer names are cut. */
#define MMT_NAME_LEN 48

/* Record types: the same numbers as enum mm_event_type in core/event.h. */
enum mmt_rec_type {
	MMT_REC_PAGE_ALLOC = 1,
	MMT_REC_PAGE_FREE = 2,
	MMT_REC_PAGE_FREE_BATCHED = 3,
	MMT_REC_PAGE_ALLOC_ZONE_LOCKED = 4,
	MMT_REC_PAGE_PCPU_DRAIN = 5,
	MMT_REC_PAGE_ALLOC_EXTFRAG = 6,
	MMT_REC_KMALLOC = 7,
	MMT_REC_KFREE = 8,
	MMT_REC_KMEM_CACHE_ALLOC = 9,
	MMT_REC_KMEM_CACHE_FREE = 10,
	MMT_REC__NR = 11,
	/* not an event: "the mm_page_alloc of pfn on this CPU made a slab" (struct mmt_rec_slab_tag) */
	MMT_REC_SLAB_TAG = 32,
};

enum {
	MMT_RECF_ACCOUNTED = 1 << 0,	/* kmem_cache_alloc: the tracepoint's "accounted" */
	MMT_RECF_NAME = 1 << 1,		/* the cache name follows (first use of name_hash on this CPU) */
	MMT_RECF_HASH = 1 << 2,		/* name_hash is valid (the tracepoint has a name field) */
};

struct mmt_rec_hdr {
	__u64 ts_ns;	/* bpf_ktime_get_ns() */
	__u32 pid;	/* thread id, as ftrace's common_pid */
	__u16 cpu;
	__u8 type;	/* enum mmt_rec_type */
	__u8 flags;	/* MMT_RECF_* */
};

struct mmt_rec_page {		/* mm_page_alloc, _free, _free_batched, _zone_locked, _pcpu_drain */
	struct mmt_rec_hdr hdr;
	__u64 pfn;
	__u64 gfp;		/* mm_page_alloc */
	__u32 order;		/* not mm_page_free_batched */
	__u32 migratetype;	/* s32: alloc, zone_locked, pcpu_drain */
	__u32 percpu_refill;	/* s32: zone_locked */
	__u32 pad;
};

/* Sent after an mm_page_alloc once its page turned out to be a new slab (mmtrace.bpf.c). */
struct mmt_rec_slab_tag {
	struct mmt_rec_hdr hdr;	/* flags: MMT_RECF_HASH, MMT_RECF_NAME */
	__u64 pfn;		/* of the mm_page_alloc on hdr.cpu to tag */
	__u64 name_hash;	/* the slab's cache */
	__u32 order;
	__u32 pad;
};

struct mmt_rec_slab_tag_named {
	struct mmt_rec_slab_tag rec;
	__u8 name[MMT_NAME_LEN];	/* as in struct mmt_rec_slab_named */
};

/* Per-CPU: the struct page * of the collector's own page allocations (calib_raw). */
#define MMT_CALIB_PAGES 32
struct mmt_calib_slot {
	__u64 nr;
	__u64 page[MMT_CALIB_PAGES];
};

struct mmt_rec_extfrag {
	struct mmt_rec_hdr hdr;
	__u64 pfn;
	__u32 alloc_order;	/* each field is s32 in the tracepoint */
	__u32 fallback_order;
	__u32 alloc_migratetype;
	__u32 fallback_migratetype;
	__u32 change_ownership;
	__u32 pad;
};

struct mmt_rec_slab {		/* kmalloc, kfree, kmem_cache_alloc, kmem_cache_free */
	struct mmt_rec_hdr hdr;
	__u64 call_site;
	__u64 ptr;
	__u64 bytes_req;	/* allocs */
	__u64 bytes_alloc;	/* allocs */
	__u64 gfp;		/* allocs */
	__u64 name_hash;	/* kmem_cache_*: FNV-1a 64 of the cache name, with MMT_RECF_HASH */
	__u32 node;		/* s32, allocs */
	__u32 pad;
};

struct mmt_rec_slab_named {
	struct mmt_rec_slab rec;
	__u8 name[MMT_NAME_LEN];	/* NUL-terminated, cut to MMT_NAME_LEN - 1 */
};

#endif
