/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The engine's input event: one kmem tracepoint hit, decoded into fixed-width fields.
 * The trace reader produces these from the on-disk format (trace/format.h); the engine
 * consumes them. Field names are the tracepoints' own (include/trace/events/kmem.h).
 */
#ifndef MMTRACE_CORE_EVENT_H
#define MMTRACE_CORE_EVENT_H

#include <stdint.h>

enum mm_event_type {
	MM_EV_NONE = 0,
	MM_EV_PAGE_ALLOC,		/* kmem:mm_page_alloc */
	MM_EV_PAGE_FREE,		/* kmem:mm_page_free */
	MM_EV_PAGE_FREE_BATCHED,	/* kmem:mm_page_free_batched */
	MM_EV_PAGE_ALLOC_ZONE_LOCKED,	/* kmem:mm_page_alloc_zone_locked */
	MM_EV_PAGE_PCPU_DRAIN,		/* kmem:mm_page_pcpu_drain */
	MM_EV_PAGE_ALLOC_EXTFRAG,	/* kmem:mm_page_alloc_extfrag */
	MM_EV_KMALLOC,			/* kmem:kmalloc */
	MM_EV_KFREE,			/* kmem:kfree */
	MM_EV_KMEM_CACHE_ALLOC,		/* kmem:kmem_cache_alloc */
	MM_EV_KMEM_CACHE_FREE,		/* kmem:kmem_cache_free */
	MM_EV_LOST,			/* the collector lost events on a CPU */
	MM_EV__NR,
};

/* Flags in struct mm_event.flags. */
enum {
	/* page_alloc: the page backs a new SLUB slab of the cache in page_alloc.cache */
	MM_EVF_SLAB = 1u << 0,
	/* kmem_cache_alloc: the tracepoint's "accounted" field */
	MM_EVF_ACCOUNTED = 1u << 1,
};
#define MM_EVF__ALL (MM_EVF_SLAB | MM_EVF_ACCOUNTED)

/* mm_page_alloc reports pfn -1 when the allocation failed. */
#define MM_PFN_NONE UINT64_MAX

/* A cache name is an index into the trace's string table; 0 means "none / not recorded". */
#define MM_STR_NONE 0u

struct mm_event {
	uint64_t ts_ns;		/* trace clock (see the header's clock field) */
	uint32_t cpu;
	int32_t pid;
	uint16_t type;		/* enum mm_event_type */
	uint16_t flags;		/* MM_EVF_* */
	uint32_t pad;
	union {
		struct {
			uint64_t pfn;		/* MM_PFN_NONE on failure */
			uint64_t gfp;		/* raw gfp_t bits */
			uint32_t order;
			int32_t migratetype;
			uint32_t cache;		/* with MM_EVF_SLAB: the slab cache */
		} page_alloc;
		struct {
			uint64_t pfn;
			uint32_t order;
		} page_free;
		struct {
			uint64_t pfn;
		} page_free_batched;
		struct {
			uint64_t pfn;
			uint32_t order;
			int32_t migratetype;
			int32_t percpu_refill;
		} zone_locked;
		struct {
			uint64_t pfn;
			uint32_t order;
			int32_t migratetype;
		} pcpu_drain;
		struct {
			uint64_t pfn;
			int32_t alloc_order;
			int32_t fallback_order;
			int32_t alloc_migratetype;
			int32_t fallback_migratetype;
			int32_t change_ownership;
		} extfrag;
		struct {	/* kmalloc and kmem_cache_alloc */
			uint64_t call_site;
			uint64_t ptr;
			uint64_t bytes_req;
			uint64_t bytes_alloc;
			uint64_t gfp;
			int32_t node;
			uint32_t cache;		/* kmem_cache_alloc on 6.x: the cache name */
		} alloc;
		struct {	/* kfree and kmem_cache_free */
			uint64_t call_site;
			uint64_t ptr;
			uint32_t cache;		/* kmem_cache_free: the cache name */
		} free;
		struct {
			uint64_t nr_lost;	/* events lost on ->cpu */
		} lost;
	};
};

/* The tracepoint name of an event type ("mm_page_alloc", ...), or NULL if out of range. */
const char *mm_event_type_name(unsigned int type);
/* The type for a tracepoint name, or MM_EV_NONE. */
unsigned int mm_event_type_from_name(const char *name);

#endif
