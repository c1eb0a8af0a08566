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
 * - Each event has two programs: `<event>_raw` on the raw tracepoint (raw_tp),
 *   and `<event>` on the classic tracepoint, the fallback (trace/collector.c attaches one).
 *   Classic tracepoint programs are skipped while any other BPF program runs on the CPU
 *   (the global bpf_prog_active: a kfree in an IRQ that interrupts one of ours is lost);
 *   raw tracepoint programs only guard against themselves (the per-program `active` counter),
 *   so they lose nothing but a nested hit of the same event. mm_page_alloc_extfrag stays
 *   on the classic tracepoint: its change_ownership needs the pageblock's migratetype,
 *   which the raw arguments do not carry.
 * - Raw page events carry struct page *; pfn = (page - vmemmap) / sizeof(struct page).
 *   vmemmap is randomized (x86 RANDOMIZE_MEMORY, arm64 memstart_addr) and not always in
 *   kallsyms or BTF (6.18 here: neither), so it is measured at start instead: calib_raw
 *   keeps the struct page * of the pages the collector faults in, whose pfns it reads from
 *   /proc/self/pagemap; the one offset every fault agrees on goes into vmemmap_addr.
 * - Slab-backing pages, from the tracepoints alone: allocate_slab() (mm/slub.c) takes its
 *   page from the page allocator (mm_page_alloc) and then hands out the object that needed
 *   it (kmem_cache_alloc or kmalloc, same CPU). So the raw mm_page_alloc keeps its struct
 *   page * per CPU (`pending_page`), and the next slab allocations on that CPU look at it:
 *   once the page is a slab (page type or PG_slab, core_fixes.bpf.h) whose slab_cache is
 *   the allocating cache (kmem_cache_alloc: the same pointer; kmalloc: a cache of that
 *   object size), a MMT_REC_SLAB_TAG record names the cache, and the collector marks the
 *   queued mm_page_alloc. (fentry on allocate_slab would be simpler, but needs function
 *   tracing, which some kernels refuse; this needs nothing but raw tracepoints.)
 * - --task: sched_process_fork adds children of traced processes to `traced_tgids`.
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
const volatile __u8 targ_follow = 0;		/* --task: targ_tgid and its descendants */
const volatile __u64 wake_bytes = 4u << 20;	/* wake the reader beyond this much pending */
const volatile __u8 slab_tagging = 0;		/* tag slab-backing mm_page_alloc events */
const volatile __u32 calib_tgid = 0;		/* the collector, for calib_raw */

/* Set by the collector after calibration, before the page programs are attached. */
__u64 vmemmap_addr = 0;

/* --task: the processes whose events are kept (CMD, seeded by the collector, and children). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} traced_tgids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mmt_calib_slot);
} calib SEC(".maps");

/* The last mm_page_alloc on a CPU whose page may become a slab (see the top comment). */
struct pending_page {
	__u64 page;		/* struct page *, 0 = none */
	__u64 pfn;
	__u32 order;
	__u32 nr_looks;		/* slab allocations that looked at it */
};

/* A page not claimed by this many slab allocations on its CPU is not a new slab. */
#define PENDING_MAX_LOOKS 8

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pending_page);
} pending_pages SEC(".maps");

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
	__u32 tgid;

	if (!targ_tgid)
		return false;
	tgid = bpf_get_current_pid_tgid() >> 32;
	if (tgid == targ_tgid)
		return false;
	return !targ_follow || !bpf_map_lookup_elem(&traced_tgids, &tgid);
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

/* A cache name read from kernel memory, hashed; whether this CPU has sent it yet. */
struct name_ref {
	__u8 name[MMT_NAME_LEN];
	__u64 hash;
	__u8 *sent;
	bool with_name;
};

static __always_inline void name_ref_read(struct name_ref *n, const void *kname)
{
	bpf_probe_read_kernel_str(n->name, sizeof(n->name), kname);
	n->hash = name_hash(n->name);
	n->sent = bpf_map_lookup_elem(&sent_names, &n->hash);
	n->with_name = !n->sent || !*n->sent;
}

/* Only once the name is certain to reach the buffer. */
static __always_inline void name_ref_sent(struct name_ref *n)
{
	__u8 one = 1;

	if (n->sent)
		*n->sent = 1;
	else
		bpf_map_update_elem(&sent_names, &n->hash, &one, BPF_ANY);
}

struct page_args {
	__u64 pfn, gfp;
	__u32 order;
	__s32 mt, percpu_refill;
	__u8 type;
};

static __always_inline int emit_page(struct page_args *a)
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
	fill_hdr(&r->hdr, a->type, cpu);
	r->pfn = a->pfn;
	r->gfp = a->gfp;
	r->order = a->order;
	r->migratetype = (__u32)a->mt;
	r->percpu_refill = (__u32)a->percpu_refill;
	r->pad = 0;
	submit(rb, r);
	return 1;
}

/* The pfn of a raw page event's struct page * (its first argument; see the top comment),
 * ~0 for no page, as include/trace/events/kmem.h writes -1UL. */
static __always_inline __u64 page_pfn(unsigned long long *ctx)
{
	if (!ctx[0])
		return ~0ull;
	return (ctx[0] - vmemmap_addr) / bpf_core_type_size(struct page);
}

static __always_inline int BPF_PROG(mm_page_alloc_body, struct page *page, unsigned int order, gfp_t gfp_flags,
	     int migratetype)
{
	struct page_args a = { .pfn = page_pfn(ctx), .gfp = gfp_flags, .order = order,
			       .mt = migratetype, .type = MMT_REC_PAGE_ALLOC };
	struct pending_page *pp;
	__u32 zero = 0;

	pp = slab_tagging ? bpf_map_lookup_elem(&pending_pages, &zero) : NULL;
	if (pp && a.pfn != ~0ull && !filtered()) {
		pp->page = ctx[0];
		pp->pfn = a.pfn;
		pp->order = order;
		pp->nr_looks = 0;
	}
	return emit_page(&a);
}

static __always_inline int BPF_PROG(mm_page_free_body, struct page *page, unsigned int order)
{
	struct page_args a = { .pfn = page_pfn(ctx), .order = order, .type = MMT_REC_PAGE_FREE };

	return emit_page(&a);
}

static __always_inline int BPF_PROG(mm_page_free_batched_body, struct page *page)
{
	struct page_args a = { .pfn = page_pfn(ctx), .type = MMT_REC_PAGE_FREE_BATCHED };

	return emit_page(&a);
}

static __always_inline int BPF_PROG(mm_page_alloc_zone_locked_body, struct page *page, unsigned int order,
	     int migratetype, int percpu_refill)
{
	struct page_args a = { .pfn = page_pfn(ctx), .order = order, .mt = migratetype,
			       .percpu_refill = percpu_refill, .type = MMT_REC_PAGE_ALLOC_ZONE_LOCKED };

	return emit_page(&a);
}

static __always_inline int BPF_PROG(mm_page_pcpu_drain_body, struct page *page, unsigned int order, int migratetype)
{
	struct page_args a = { .pfn = page_pfn(ctx), .order = order, .mt = migratetype,
			       .type = MMT_REC_PAGE_PCPU_DRAIN };

	return emit_page(&a);
}

SEC("tracepoint/kmem/mm_page_alloc")
int mm_page_alloc(struct trace_event_raw_mm_page_alloc *ctx)
{
	struct page_args a = { .pfn = ctx->pfn, .gfp = ctx->gfp_flags, .order = ctx->order,
			       .mt = ctx->migratetype, .type = MMT_REC_PAGE_ALLOC };

	return emit_page(&a);
}

SEC("tracepoint/kmem/mm_page_free")
int mm_page_free(struct trace_event_raw_mm_page_free *ctx)
{
	struct page_args a = { .pfn = ctx->pfn, .order = ctx->order, .type = MMT_REC_PAGE_FREE };

	return emit_page(&a);
}

SEC("tracepoint/kmem/mm_page_free_batched")
int mm_page_free_batched(struct trace_event_raw_mm_page_free_batched *ctx)
{
	struct page_args a = { .pfn = ctx->pfn, .type = MMT_REC_PAGE_FREE_BATCHED };

	return emit_page(&a);
}

SEC("tracepoint/kmem/mm_page_alloc_zone_locked")
int mm_page_alloc_zone_locked(struct trace_event_raw_mm_page *ctx)
{
	struct page_args a = { .pfn = ctx->pfn, .order = ctx->order, .mt = ctx->migratetype,
			       .percpu_refill = ctx->percpu_refill,
			       .type = MMT_REC_PAGE_ALLOC_ZONE_LOCKED };

	return emit_page(&a);
}

SEC("tracepoint/kmem/mm_page_pcpu_drain")
int mm_page_pcpu_drain(struct trace_event_raw_mm_page_pcpu_drain *ctx)
{
	struct page_args a = { .pfn = ctx->pfn, .order = ctx->order, .mt = ctx->migratetype,
			       .type = MMT_REC_PAGE_PCPU_DRAIN };

	return emit_page(&a);
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
	const void *name;	/* kernel address of the cache name, NULL = none */
	__u8 type;
	__u8 flags;
};

static __always_inline int emit_slab(struct slab_args *a)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct name_ref n = {};
	struct mmt_rec_slab *r;
	void *rb;

	if (filtered())
		return 1;
	rb = cpu_ringbuf(cpu);
	if (!rb)
		return 1;
	if (a->name)
		name_ref_read(&n, a->name);
	if (n.with_name)
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
	r->name_hash = n.hash;
	r->node = (__u32)a->node;
	r->pad = 0;
	if (a->name)
		r->hdr.flags |= MMT_RECF_HASH;
	if (n.with_name) {
		r->hdr.flags |= MMT_RECF_NAME;
		__builtin_memcpy(((struct mmt_rec_slab_named *)r)->name, n.name, sizeof(n.name));
		name_ref_sent(&n);
	}
	submit(rb, r);
	return 1;
}

/*
 * Whether this CPU's pending page is now a slab of the cache just allocated from (top
 * comment); if so, the tag record goes out. s: the cache (kmem_cache_alloc), or NULL with
 * the object's size (kmalloc).
 */
static __always_inline void slab_tag_check(struct kmem_cache *s, __u64 bytes_alloc)
{
	__u32 zero = 0, cpu;
	struct pending_page *pp = bpf_map_lookup_elem(&pending_pages, &zero);
	struct mmt_rec_slab_tag *r;
	struct kmem_cache *owner;
	struct name_ref n = {};
	struct page *page;
	int is_slab;
	void *rb;

	if (!pp || !pp->page)
		return;
	page = (struct page *)pp->page;
	is_slab = page_is_slab(page);
	owner = BPF_CORE_READ((struct slab *)page, slab_cache);
	if (is_slab <= 0 || !owner || (s && owner != s) ||
	    (!s && BPF_CORE_READ(owner, size) != bytes_alloc) ||
	    (pp->order != cache_oo_order(owner, false) && pp->order != cache_oo_order(owner, true))) {
		/* not (yet) a slab: SLUB may allocate before it sets slab_cache (6.12 obj_exts) */
		if (is_slab == 0 || ++pp->nr_looks >= PENDING_MAX_LOOKS)
			pp->page = 0;
		return;
	}
	pp->page = 0;
	cpu = bpf_get_smp_processor_id();
	rb = cpu_ringbuf(cpu);
	if (!rb)
		return;
	name_ref_read(&n, BPF_CORE_READ(owner, name));
	if (n.with_name)
		r = bpf_ringbuf_reserve(rb, sizeof(struct mmt_rec_slab_tag_named), 0);
	else
		r = bpf_ringbuf_reserve(rb, sizeof(struct mmt_rec_slab_tag), 0);
	if (!r) {
		count_drop();
		return;
	}
	fill_hdr(&r->hdr, MMT_REC_SLAB_TAG, cpu);
	r->hdr.flags = MMT_RECF_HASH;
	r->pfn = pp->pfn;
	r->name_hash = n.hash;
	r->order = pp->order;
	r->pad = 0;
	if (n.with_name) {
		r->hdr.flags |= MMT_RECF_NAME;
		__builtin_memcpy(((struct mmt_rec_slab_tag_named *)r)->name, n.name, sizeof(n.name));
		name_ref_sent(&n);
	}
	submit(rb, r);
}

static __always_inline int BPF_PROG(kmalloc_body, unsigned long call_site, const void *ptr, size_t bytes_req,
	     size_t bytes_alloc, gfp_t gfp_flags, int node)
{
	struct slab_args a = {
		.call_site = call_site, .ptr = (__u64)ptr, .bytes_req = bytes_req,
		.bytes_alloc = bytes_alloc, .gfp = gfp_flags, .node = node, .type = MMT_REC_KMALLOC,
	};

	if (slab_tagging && !filtered())
		slab_tag_check(NULL, bytes_alloc);
	return emit_slab(&a);
}

static __always_inline int BPF_PROG(kfree_body, unsigned long call_site, const void *ptr)
{
	struct slab_args a = { .call_site = call_site, .ptr = (__u64)ptr, .type = MMT_REC_KFREE };

	return emit_slab(&a);
}

/* bytes_req/bytes_alloc as the classic record has them: s->object_size and s->size. */
static __always_inline int BPF_PROG(kmem_cache_alloc_body, unsigned long call_site, const void *ptr,
	     struct kmem_cache *s, gfp_t gfp_flags, int node)
{
	struct slab_args a = {
		.call_site = call_site, .ptr = (__u64)ptr,
		.bytes_req = BPF_CORE_READ(s, object_size), .bytes_alloc = BPF_CORE_READ(s, size),
		.gfp = gfp_flags, .node = node, .name = BPF_CORE_READ(s, name),
		.type = MMT_REC_KMEM_CACHE_ALLOC,
		.flags = cache_alloc_accounted(s, gfp_flags) ? MMT_RECF_ACCOUNTED : 0,
	};

	if (slab_tagging && !filtered())
		slab_tag_check(s, 0);
	return emit_slab(&a);
}

static __always_inline int BPF_PROG(kmem_cache_free_body, unsigned long call_site, const void *ptr,
	     const struct kmem_cache *s)
{
	struct slab_args a = {
		.call_site = call_site, .ptr = (__u64)ptr, .name = s ? BPF_CORE_READ(s, name) : NULL,
		.type = MMT_REC_KMEM_CACHE_FREE,
	};

	return emit_slab(&a);
}

/* The classic record's __data_loc name, as a kernel address (the record is in kernel memory). */
static __always_inline const void *loc_name(void *ctx, __u32 loc)
{
	return loc ? ctx + (loc & 0xffff) : NULL;
}

SEC("tracepoint/kmem/kmalloc")
int kmalloc(struct trace_event_raw_kmalloc *ctx)
{
	struct slab_args a = {
		.call_site = ctx->call_site, .ptr = (__u64)ctx->ptr, .bytes_req = ctx->bytes_req,
		.bytes_alloc = ctx->bytes_alloc, .gfp = ctx->gfp_flags, .node = ctx->node,
		.type = MMT_REC_KMALLOC,
	};

	return emit_slab(&a);
}

SEC("tracepoint/kmem/kfree")
int kfree(struct trace_event_raw_kfree *ctx)
{
	struct slab_args a = {
		.call_site = ctx->call_site, .ptr = (__u64)ctx->ptr, .type = MMT_REC_KFREE,
	};

	return emit_slab(&a);
}

SEC("tracepoint/kmem/kmem_cache_alloc")
int kmem_cache_alloc(struct trace_event_raw_kmem_cache_alloc *ctx)
{
	struct slab_args a = {
		.call_site = ctx->call_site, .ptr = (__u64)ctx->ptr, .bytes_req = ctx->bytes_req,
		.bytes_alloc = ctx->bytes_alloc, .gfp = ctx->gfp_flags, .node = ctx->node,
		.name = loc_name(ctx, kmem_cache_alloc_name_loc(ctx)), .type = MMT_REC_KMEM_CACHE_ALLOC,
		.flags = kmem_cache_alloc_accounted(ctx) ? MMT_RECF_ACCOUNTED : 0,
	};

	return emit_slab(&a);
}

SEC("tracepoint/kmem/kmem_cache_free")
int kmem_cache_free(struct trace_event_raw_kmem_cache_free *ctx)
{
	struct slab_args a = {
		.call_site = ctx->call_site, .ptr = (__u64)ctx->ptr,
		.name = loc_name(ctx, kmem_cache_free_name_loc(ctx)), .type = MMT_REC_KMEM_CACHE_FREE,
	};

	return emit_slab(&a);
}

/*
 * The raw tracepoint programs, two per event (raw_tp, not tp_btf: 6.12's verifier refuses
 * a tp_btf program that reads a `const void *` argument, such as kfree's ptr, and both run
 * through the same __bpf_trace_run() guard). The kernel runs one only when it is not
 * already running on this CPU (bpf_prog->active): a kfree in an IRQ that interrupts our
 * kfree program is skipped and counted in its recursion_misses. So each event has a
 * primary (<event>_raw) and a twin (<event>_nest) on the same tracepoint, called one
 * after the other for each hit. The primary first pushes the hit's identity on a per-CPU
 * stack: the address of its argument array (the same for both programs of one hit: each
 * is called from the same tracepoint frame; different for hits that are live at the same
 * time) and its first two arguments. The twin finds it and pops it with everything above
 * it (entries of nested hits, all finished by then). When the primary was skipped (the
 * hit nested in it) the twin does not find the hit, records the event and counts it in
 * `covered`. A hit nested in the twin finds `twin_running` set: the primary records it
 * and pushes nothing, as the twin will be skipped. A hit is lost only when both programs
 * are skipped, so the collector's loss count is the primaries' misses less `covered`;
 * a twin's own misses lose nothing, the primary ran for those hits.
 */
#define NEST_KEYS 32

struct nest_stack {
	__u64 ctx[NEST_KEYS], k0[NEST_KEYS], k1[NEST_KEYS];
	__u32 sp;		/* pushes so far, less pops; the slot is sp % NEST_KEYS */
	__u32 twin_running;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMT_REC__NR);
	__type(key, __u32);
	__type(value, struct nest_stack);
} nest_stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMT_REC__NR);
	__type(key, __u32);
	__type(value, __u64);
} covered SEC(".maps");

static __always_inline void nest_note(__u32 type, void *ctx, __u64 k0, __u64 k1)
{
	struct nest_stack *r = bpf_map_lookup_elem(&nest_stacks, &type);
	__u32 i;

	if (!r || r->twin_running)
		return;
	i = r->sp++ & (NEST_KEYS - 1);
	r->ctx[i] = (__u64)ctx;
	r->k0[i] = k0;
	r->k1[i] = k1;
}

/* Whether the primary did not see this hit (the twin records it). */
static __always_inline bool nest_missed(struct nest_stack *r, __u32 type, void *ctx, __u64 k0,
					__u64 k1)
{
	__u64 *n;

	for (__u32 j = 0; j < NEST_KEYS && j < r->sp; j++) {
		__u32 i = (r->sp - 1 - j) & (NEST_KEYS - 1);

		if (r->ctx[i] == (__u64)ctx && r->k0[i] == k0 && r->k1[i] == k1) {
			r->sp -= j + 1;
			return false;
		}
	}
	n = bpf_map_lookup_elem(&covered, &type);
	if (n)
		*n += 1;
	return true;
}

/* k1: the second argument, or 0 for one-argument tracepoints (mm_page_free_batched). */
#define TP_BTF_TWIN_N(ev, rec, k1)                                          \
	SEC("raw_tp/" #ev)                                                  \
	int ev##_raw(unsigned long long *ctx)                               \
	{                                                                   \
		nest_note(rec, ctx, ctx[0], k1);                            \
		return ev##_body(ctx);                                      \
	}                                                                   \
	SEC("raw_tp/" #ev)                                                  \
	int ev##_nest(unsigned long long *ctx)                              \
	{                                                                   \
		__u32 type_ = rec;                                          \
		struct nest_stack *r_ = bpf_map_lookup_elem(&nest_stacks, &type_); \
                                                                            \
		if (!r_)                                                    \
			return 0;                                           \
		r_->twin_running = 1;                                       \
		if (nest_missed(r_, rec, ctx, ctx[0], k1))                  \
			ev##_body(ctx);                                     \
		r_->twin_running = 0;                                       \
		return 0;                                                   \
	}
#define TP_BTF_TWIN(ev, rec) TP_BTF_TWIN_N(ev, rec, ctx[1])

TP_BTF_TWIN(mm_page_alloc, MMT_REC_PAGE_ALLOC)
TP_BTF_TWIN(mm_page_free, MMT_REC_PAGE_FREE)
TP_BTF_TWIN_N(mm_page_free_batched, MMT_REC_PAGE_FREE_BATCHED, 0)
TP_BTF_TWIN(mm_page_alloc_zone_locked, MMT_REC_PAGE_ALLOC_ZONE_LOCKED)
TP_BTF_TWIN(mm_page_pcpu_drain, MMT_REC_PAGE_PCPU_DRAIN)
TP_BTF_TWIN(kmalloc, MMT_REC_KMALLOC)
TP_BTF_TWIN(kfree, MMT_REC_KFREE)
TP_BTF_TWIN(kmem_cache_alloc, MMT_REC_KMEM_CACHE_ALLOC)
TP_BTF_TWIN(kmem_cache_free, MMT_REC_KMEM_CACHE_FREE)

/*
 * --- vmemmap calibration (top comment), attached briefly: the struct page * of every page
 * the collector's own process allocates (its page faults). The collector knows those
 * pages' pfns from /proc/self/pagemap.
 */
SEC("raw_tp/mm_page_alloc")
int BPF_PROG(calib_raw, struct page *page)
{
	__u32 zero = 0;
	struct mmt_calib_slot *c;

	if ((bpf_get_current_pid_tgid() >> 32) != calib_tgid || !page)
		return 0;
	c = bpf_map_lookup_elem(&calib, &zero);
	if (c && c->nr < MMT_CALIB_PAGES)
		c->page[c->nr++ & (MMT_CALIB_PAGES - 1)] = (__u64)page;
	return 0;
}

/* --- --task: follow forks */

static __always_inline void follow_fork(__u32 parent_tgid, __u32 child_tgid)
{
	__u8 one = 1;

	if (parent_tgid != targ_tgid && !bpf_map_lookup_elem(&traced_tgids, &parent_tgid))
		return;
	bpf_map_update_elem(&traced_tgids, &child_tgid, &one, BPF_ANY);
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(sched_process_fork_raw, struct task_struct *parent, struct task_struct *child)
{
	follow_fork(BPF_CORE_READ(parent, tgid), BPF_CORE_READ(child, tgid));
	return 0;
}

/* The classic record has thread ids only: a new thread's id is added too (harmless: it is
 * no other process's tgid while it lives). */
SEC("tracepoint/sched/sched_process_fork")
int sched_process_fork(struct trace_event_raw_sched_process_fork *ctx)
{
	follow_fork(bpf_get_current_pid_tgid() >> 32, (__u32)ctx->child_pid);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
