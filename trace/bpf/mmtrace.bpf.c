// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kmem tracepoints into per-CPU ring buffers (records in events.h).
 *
 * - One BPF_MAP_TYPE_RINGBUF per CPU, in an ARRAY_OF_MAPS indexed by CPU: producers never
 *   share a buffer, so there is no cross-CPU contention on the reserve spinlock.
 * - Records are committed with BPF_RB_NO_WAKEUP: the collector polls on a timer. Only when
 *   more than wake_bytes are pending is the reader woken (LAB.md: per-event wakeups made a
 *   page-churn loop 3x slower).
 * - A failed reserve counts one drop in the per-CPU `drops` array (STYLE.md rule 20).
 * - Classic tracepoints return 1 so perf and ftrace on the same event still see it (LAB.md).
 * - Slab cache names: the name is hashed (FNV-1a 64) and the record carries the hash; the
 *   first record on a CPU with a given hash also carries the name (`sent_names`, an LRU
 *   per-CPU hash), so the collector learns each name before its hash is used on that
 *   CPU's buffer, whose order it preserves.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "core_fixes.bpf.h"
#include "events.h"

/* Configured by the collector before load (rodata). */
const volatile __u32 targ_tgid = 0;		/* -p PID: only this process; 0 = all */
const volatile __u64 wake_bytes = 4u << 20;	/* wake the reader beyond this much pending */

/*
 * Set up by the collector: max_entries = possible CPUs, and the inner template (the
 * size, --buffer-mb) is a ring buffer it creates and passes as inner_map_fd before load.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} ringbufs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, __u8);
} sent_names SEC(".maps");

static __always_inline bool filtered(void)
{
	return targ_tgid && (bpf_get_current_pid_tgid() >> 32) != targ_tgid;
}

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&drops, &zero);

	if (n)
		*n += 1;
}

static __always_inline void *cpu_ringbuf(__u32 cpu)
{
	return bpf_map_lookup_elem(&ringbufs, &cpu);
}

static __always_inline void fill_hdr(struct mmt_rec_hdr *h, __u8 type, __u32 cpu)
{
	h->ts_ns = bpf_ktime_get_ns();
	h->pid = (__u32)bpf_get_current_pid_tgid();
	h->cpu = (__u16)cpu;
	h->type = type;
	h->flags = 0;
}

static __always_inline void submit(void *rb, void *rec)
{
	__u64 flags = bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA) >= wake_bytes ?
			      BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;

	bpf_ringbuf_submit(rec, flags);
}

static __always_inline int emit_page(__u8 type, __u64 pfn, __u64 gfp, __u32 order, __s32 mt,
				     __s32 percpu_refill)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct mmt_rec_page *r;
	void *rb;

	if (filtered())
		return 1;
	rb = cpu_ringbuf(cpu);
	if (!rb)
		return 1;
	r = bpf_ringbuf_reserve(rb, sizeof(*r), 0);
	if (!r) {
		count_drop();
		return 1;
	}
	fill_hdr(&r->hdr, type, cpu);
	r->pfn = pfn;
	r->gfp = gfp;
	r->order = order;
	r->migratetype = (__u32)mt;
	r->percpu_refill = (__u32)percpu_refill;
	r->pad = 0;
	submit(rb, r);
	return 1;
}

SEC("tracepoint/kmem/mm_page_alloc")
int mm_page_alloc(struct trace_event_raw_mm_page_alloc *ctx)
{
	return emit_page(MMT_REC_PAGE_ALLOC, ctx->pfn, ctx->gfp_flags, ctx->order, ctx->migratetype, 0);
}

SEC("tracepoint/kmem/mm_page_free")
int mm_page_free(struct trace_event_raw_mm_page_free *ctx)
{
	return emit_page(MMT_REC_PAGE_FREE, ctx->pfn, 0, ctx->order, 0, 0);
}

SEC("tracepoint/kmem/mm_page_free_batched")
int mm_page_free_batched(struct trace_event_raw_mm_page_free_batched *ctx)
{
	return emit_page(MMT_REC_PAGE_FREE_BATCHED, ctx->pfn, 0, 0, 0, 0);
}

SEC("tracepoint/kmem/mm_page_alloc_zone_locked")
int mm_page_alloc_zone_locked(struct trace_event_raw_mm_page *ctx)
{
	return emit_page(MMT_REC_PAGE_ALLOC_ZONE_LOCKED, ctx->pfn, 0, ctx->order, ctx->migratetype,
			 ctx->percpu_refill);
}

SEC("tracepoint/kmem/mm_page_pcpu_drain")
int mm_page_pcpu_drain(struct trace_event_raw_mm_page_pcpu_drain *ctx)
{
	return emit_page(MMT_REC_PAGE_PCPU_DRAIN, ctx->pfn, 0, ctx->order, ctx->migratetype, 0);
}

SEC("tracepoint/kmem/mm_page_alloc_extfrag")
int mm_page_alloc_extfrag(struct trace_event_raw_mm_page_alloc_extfrag *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct mmt_rec_extfrag *r;
	void *rb;

	if (filtered())
		return 1;
	rb = cpu_ringbuf(cpu);
	if (!rb)
		return 1;
	r = bpf_ringbuf_reserve(rb, sizeof(*r), 0);
	if (!r) {
		count_drop();
		return 1;
	}
	fill_hdr(&r->hdr, MMT_REC_PAGE_ALLOC_EXTFRAG, cpu);
	r->pfn = ctx->pfn;
	r->alloc_order = (__u32)ctx->alloc_order;
	r->fallback_order = (__u32)ctx->fallback_order;
	r->alloc_migratetype = (__u32)ctx->alloc_migratetype;
	r->fallback_migratetype = (__u32)ctx->fallback_migratetype;
	r->change_ownership = (__u32)ctx->change_ownership;
	r->pad = 0;
	submit(rb, r);
	return 1;
}

struct slab_args {
	__u64 call_site, ptr, bytes_req, bytes_alloc, gfp;
	__s32 node;
	__u32 name_loc;		/* __data_loc word, 0 = no name */
	__u8 type;
	__u8 flags;
};

/* FNV-1a, 64 bit (http://www.isthe.com/chongo/tech/comp/fnv/): never 0 for a real name. */
static __always_inline __u64 name_hash(const __u8 *s)
{
	__u64 h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < MMT_NAME_LEN; i++) {
		if (!s[i])
			break;
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static __always_inline int emit_slab(void *ctx, struct slab_args *a)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u8 name[MMT_NAME_LEN] = {};
	struct mmt_rec_slab *r;
	__u64 hash = 0;
	__u8 *sent = NULL;
	bool with_name = false;
	void *rb;

	if (filtered())
		return 1;
	rb = cpu_ringbuf(cpu);
	if (!rb)
		return 1;
	if (a->name_loc) {
		bpf_probe_read_kernel_str(name, sizeof(name), (void *)ctx + (a->name_loc & 0xffff));
		hash = name_hash(name);
		sent = bpf_map_lookup_elem(&sent_names, &hash);
		with_name = !sent || !*sent;
	}
	if (with_name)
		r = bpf_ringbuf_reserve(rb, sizeof(struct mmt_rec_slab_named), 0);
	else
		r = bpf_ringbuf_reserve(rb, sizeof(struct mmt_rec_slab), 0);
	if (!r) {
		count_drop();
		return 1;
	}
	fill_hdr(&r->hdr, a->type, cpu);
	r->hdr.flags = a->flags;
	r->call_site = a->call_site;
	r->ptr = a->ptr;
	r->bytes_req = a->bytes_req;
	r->bytes_alloc = a->bytes_alloc;
	r->gfp = a->gfp;
	r->name_hash = hash;
	r->node = (__u32)a->node;
	r->pad = 0;
	if (a->name_loc)
		r->hdr.flags |= MMT_RECF_HASH;
	if (with_name) {
		__u8 one = 1;

		r->hdr.flags |= MMT_RECF_NAME;
		__builtin_memcpy(((struct mmt_rec_slab_named *)r)->name, name, sizeof(name));
		/* Only once the name is certain to reach the buffer. */
		if (sent)
			*sent = 1;
		else
			bpf_map_update_elem(&sent_names, &hash, &one, BPF_ANY);
	}
	submit(rb, r);
	return 1;
}

SEC("tracepoint/kmem/kmalloc")
int kmalloc(struct trace_event_raw_kmalloc *ctx)
{
	struct slab_args a = {
		.call_site = ctx->call_site, .ptr = (__u64)ctx->ptr, .bytes_req = ctx->bytes_req,
		.bytes_alloc = ctx->bytes_alloc, .gfp = ctx->gfp_flags, .node = ctx->node,
		.type = MMT_REC_KMALLOC,
	};

	return emit_slab(ctx, &a);
}

SEC("tracepoint/kmem/kfree")
int kfree(struct trace_event_raw_kfree *ctx)
{
	struct slab_args a = {
		.call_site = ctx->call_site, .ptr = (__u64)ctx->ptr, .type = MMT_REC_KFREE,
	};

	return emit_slab(ctx, &a);
}

SEC("tracepoint/kmem/kmem_cache_alloc")
int kmem_cache_alloc(struct trace_event_raw_kmem_cache_alloc *ctx)
{
	struct slab_args a = {
		.call_site = ctx->call_site, .ptr = (__u64)ctx->ptr, .bytes_req = ctx->bytes_req,
		.bytes_alloc = ctx->bytes_alloc, .gfp = ctx->gfp_flags, .node = ctx->node,
		.name_loc = kmem_cache_alloc_name_loc(ctx), .type = MMT_REC_KMEM_CACHE_ALLOC,
		.flags = kmem_cache_alloc_accounted(ctx) ? MMT_RECF_ACCOUNTED : 0,
	};

	return emit_slab(ctx, &a);
}

SEC("tracepoint/kmem/kmem_cache_free")
int kmem_cache_free(struct trace_event_raw_kmem_cache_free *ctx)
{
	struct slab_args a = {
		.call_site = ctx->call_site, .ptr = (__u64)ctx->ptr,
		.name_loc = kmem_cache_free_name_loc(ctx), .type = MMT_REC_KMEM_CACHE_FREE,
	};

	return emit_slab(ctx, &a);
}

char LICENSE[] SEC("license") = "GPL";
