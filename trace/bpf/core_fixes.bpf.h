/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Layout drift between the kernels mmtrace records on (6.1 .. 6.18), kept in one place as
 * bcc's libbpf-tools do (STYLE.md rule 19). Each shim names the change it covers; none looks
 * at LINUX_VERSION_CODE: the running kernel's BTF decides, at load time, through CO-RE
 * relocations (bpf_core_field_exists, bpf_core_enum_value_exists, bpf_core_type_size).
 *
 * The raw tracepoint programs (raw_tp) see the tracepoints' TP_PROTO arguments, not the
 * classic record. Those prototypes are the same in 6.1, 6.12 and 6.18 for the nine events
 * mmtrace takes from raw tracepoints (include/trace/events/kmem.h; 6.18 from the
 * btf_trace_* typedefs of its vmlinux BTF): kmem_cache_alloc(call_site, ptr,
 * struct kmem_cache *s, gfp, node), kmalloc(call_site, ptr, bytes_req, bytes_alloc, gfp,
 * node), kfree(call_site, ptr), kmem_cache_free(call_site, ptr, const struct kmem_cache *s),
 * and the page events take struct page *. They changed in 6.0-6.1 ("mm/sl[au]b: generalize
 * kmalloc subsystem", 6.1; "mm, tracing: record slab name for kmem_cache_free()", 5.12 for
 * the free), before the oldest kernel mmtrace supports. Raw arguments carry no types, so a
 * kernel with other prototypes would be misread: the collector takes the raw programs only
 * where the BTF has the 6.1+ kmem_cache_alloc prototype (btf_trace_kmem_cache_alloc with
 * a struct kmem_cache * third argument), else the classic tracepoints.
 */
#ifndef MMTRACE_TRACE_BPF_CORE_FIXES_BPF_H
#define MMTRACE_TRACE_BPF_CORE_FIXES_BPF_H

#include <bpf/bpf_core_read.h>

/*
 * kmem:kmem_cache_alloc gained `__data_loc char[] name` after 6.12: absent from Debian's
 * 6.1 and 6.12, present on 6.18 (../shared/KERNEL-NOTES.md §8 has both layouts; the
 * commit is still to be cited here). Without it the function returns 0 and the record
 * goes out without a cache (MMT_RECF_HASH clear). Classic tracepoint only: the raw
 * program reads s->name on every version.
 * The __data_loc word is offset (low 16 bits) | length (high 16 bits) from the start
 * of the event record (include/trace/stages/stage3_trace_output.h).
 */
static __always_inline __u32 kmem_cache_alloc_name_loc(struct trace_event_raw_kmem_cache_alloc *ctx)
{
	if (bpf_core_field_exists(ctx->__data_loc_name))
		return BPF_CORE_READ(ctx, __data_loc_name);
	return 0;
}

/*
 * kmem:kmem_cache_alloc's `accounted` (bool) arrived in 5.19 ("mm/tracing: add 'accounted'
 * entry into output of allocation tracepoints"). Always there on 6.1+, but
 * checked so the object still loads where it is not.
 */
static __always_inline bool kmem_cache_alloc_accounted(struct trace_event_raw_kmem_cache_alloc *ctx)
{
	if (bpf_core_field_exists(ctx->accounted))
		return BPF_CORE_READ(ctx, accounted);
	return false;
}

/* kmem:kmem_cache_free has carried `name` since 5.12 ("mm, tracing: record slab name
 * for kmem_cache_free()"). */
static __always_inline __u32 kmem_cache_free_name_loc(struct trace_event_raw_kmem_cache_free *ctx)
{
	if (bpf_core_field_exists(ctx->__data_loc_name))
		return BPF_CORE_READ(ctx, __data_loc_name);
	return 0;
}

/*
 * __GFP_ACCOUNT: a #define (0x400000u) in 6.1; since 6.10 ("mm: gfp: use an enum for the gfp
 * bits", include/linux/gfp_types.h) ___GFP_ACCOUNT_BIT of an anonymous enum, still 22 (the
 * config-dependent bits come after it). An anonymous enum cannot be matched by CO-RE, and
 * the value never moved: a constant.
 */
#define MMT_GFP_ACCOUNT 0x400000ull

/* 6.10+ enum _slab_flag_bits, as a CO-RE flavour (only the name has to match). */
enum _slab_flag_bits___mmt { _SLAB_ACCOUNT___mmt = 0 };

/*
 * SLAB_ACCOUNT: 0x04000000U in 6.1; since 6.10 ("mm/slab: introduce kmem_cache flag bit
 * enum", include/linux/slab.h) the bit _SLAB_ACCOUNT of enum _slab_flag_bits.
 */
static __always_inline __u64 slab_account_flag(void)
{
	if (bpf_core_enum_value_exists(enum _slab_flag_bits___mmt, _SLAB_ACCOUNT___mmt))
		return 1ull << bpf_core_enum_value(enum _slab_flag_bits___mmt, _SLAB_ACCOUNT___mmt);
	return 0x04000000ull;
}

/*
 * The classic tracepoint's `accounted`, recomputed from the arguments as its
 * TP_fast_assign does on 6.12 (6.1: CONFIG_MEMCG_KMEM instead of CONFIG_MEMCG; both on in
 * Debian). It does not see cgroup.memory=nokmem: such a boot reports accounted objects.
 */
static __always_inline bool cache_alloc_accounted(struct kmem_cache *s, __u64 gfp)
{
	if (!bpf_core_type_exists(struct mem_cgroup))
		return false;
	return (gfp & MMT_GFP_ACCOUNT) || (BPF_CORE_READ(s, flags) & slab_account_flag());
}

/* Order of a kmem_cache_order_objects word (mm/slub.c oo_order(): order << OO_SHIFT(16) |
 * objects, the same in 6.1 and 6.12). */
static __always_inline __u32 cache_oo_order(struct kmem_cache *s, bool min)
{
	return (min ? BPF_CORE_READ(s, min.x) : BPF_CORE_READ(s, oo.x)) >> 16;
}

/*
 * Whether a page is a slab: 6.1 has PG_slab in page->flags (enum pageflags); 6.10 moved it
 * to the page type ("mm: free up PG_slab"), and 6.12 numbers types by enum pagetype, the
 * type in the top byte of page->page_type (include/linux/page-flags.h: PGTY_slab = 0xf5).
 * -1: this kernel has neither (the collector then turns tagging off).
 */
enum pagetype___mmt { PGTY_slab___mmt = 0 };
enum pageflags___mmt { PG_slab___mmt = 0 };

struct page___mmt_6_1 {
	unsigned long flags;
};

static __always_inline int page_is_slab(struct page *page)
{
	if (bpf_core_enum_value_exists(enum pagetype___mmt, PGTY_slab___mmt))
		return BPF_CORE_READ(page, page_type) >> 24 ==
		       bpf_core_enum_value(enum pagetype___mmt, PGTY_slab___mmt);
	if (bpf_core_enum_value_exists(enum pageflags___mmt, PG_slab___mmt)) {
		unsigned long flags = BPF_CORE_READ((struct page___mmt_6_1 *)page, flags);

		return (flags >> bpf_core_enum_value(enum pageflags___mmt, PG_slab___mmt)) & 1;
	}
	return -1;
}

/* Whether page_is_slab() can answer on this kernel, for the collector's rodata switch. */
static __always_inline bool page_slab_known(void)
{
	return bpf_core_enum_value_exists(enum pagetype___mmt, PGTY_slab___mmt) ||
	       bpf_core_enum_value_exists(enum pageflags___mmt, PG_slab___mmt);
}

#endif
