/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tracepoint layout drift between the kernels mmtrace records on (6.1 .. 6.18), kept in
 * one place as bcc's libbpf-tools do (STYLE.md rule 19). Each shim names the commit that
 * changed the layout; none looks at LINUX_VERSION_CODE: the field's existence in the
 * running kernel's BTF decides, at load time, through CO-RE relocations.
 */
#ifndef MMTRACE_TRACE_BPF_CORE_FIXES_BPF_H
#define MMTRACE_TRACE_BPF_CORE_FIXES_BPF_H

#include <bpf/bpf_core_read.h>

/*
 * kmem:kmem_cache_alloc gained `__data_loc char[] name` after 6.12: absent from Debian's
 * 6.1 and 6.12, present on 6.18 (../shared/KERNEL-NOTES.md §8 has both layouts; the
 * commit is still to be cited here). Without it the function returns 0 and the record
 * goes out without a cache (MMT_RECF_HASH clear).
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

#endif
