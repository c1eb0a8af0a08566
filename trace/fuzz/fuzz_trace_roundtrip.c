// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writer -> reader must reproduce any event stream the writer accepts. The input is
 * read as a stream of raw struct mm_event images; fields the format cannot carry for
 * a type are cleared first, as a collector would never set them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../reader.h"
#include "../varint.h"
#include "../writer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int buf_write(void *ctx, const void *p, size_t n)
{
	bytebuf_put(ctx, p, n);
	return ((struct bytebuf *)ctx)->err;
}

/* Keeps only what the type carries, so the round trip can compare whole structs. */
static void normalise(struct mm_event *ev, uint32_t nr_cpus, uint32_t nr_strings)
{
	struct mm_event c = { 0 };

	c.ts_ns = ev->ts_ns;
	c.cpu = ev->cpu % nr_cpus;
	c.pid = ev->pid;
	c.type = (uint16_t)(1 + ev->type % (MM_EV__NR - 1));
	/* Field by field: struct assignment may carry padding bytes the reader zeroes. */
	switch (c.type) {
	case MM_EV_PAGE_ALLOC:
		c.page_alloc.pfn = ev->page_alloc.pfn;
		c.page_alloc.gfp = ev->page_alloc.gfp;
		c.page_alloc.order = ev->page_alloc.order;
		c.page_alloc.migratetype = ev->page_alloc.migratetype;
		c.flags = ev->flags & MM_EVF_SLAB;
		c.page_alloc.cache = c.flags ? ev->page_alloc.cache % (nr_strings + 1) : 0;
		break;
	case MM_EV_PAGE_FREE:
		c.page_free.pfn = ev->page_free.pfn;
		c.page_free.order = ev->page_free.order;
		break;
	case MM_EV_PAGE_FREE_BATCHED:
		c.page_free_batched.pfn = ev->page_free_batched.pfn;
		break;
	case MM_EV_PAGE_ALLOC_ZONE_LOCKED:
		c.zone_locked.pfn = ev->zone_locked.pfn;
		c.zone_locked.order = ev->zone_locked.order;
		c.zone_locked.migratetype = ev->zone_locked.migratetype;
		c.zone_locked.percpu_refill = ev->zone_locked.percpu_refill;
		break;
	case MM_EV_PAGE_PCPU_DRAIN:
		c.pcpu_drain.pfn = ev->pcpu_drain.pfn;
		c.pcpu_drain.order = ev->pcpu_drain.order;
		c.pcpu_drain.migratetype = ev->pcpu_drain.migratetype;
		break;
	case MM_EV_PAGE_ALLOC_EXTFRAG:
		c.extfrag.pfn = ev->extfrag.pfn;
		c.extfrag.alloc_order = ev->extfrag.alloc_order;
		c.extfrag.fallback_order = ev->extfrag.fallback_order;
		c.extfrag.alloc_migratetype = ev->extfrag.alloc_migratetype;
		c.extfrag.fallback_migratetype = ev->extfrag.fallback_migratetype;
		c.extfrag.change_ownership = ev->extfrag.change_ownership;
		break;
	case MM_EV_KMEM_CACHE_ALLOC:
		c.flags = ev->flags & MM_EVF_ACCOUNTED;
		c.alloc.cache = ev->alloc.cache % (nr_strings + 1);
		/* fall through */
	case MM_EV_KMALLOC:
		c.alloc.call_site = ev->alloc.call_site;
		c.alloc.ptr = ev->alloc.ptr;
		c.alloc.bytes_req = ev->alloc.bytes_req;
		c.alloc.bytes_alloc = ev->alloc.bytes_alloc;
		c.alloc.gfp = ev->alloc.gfp;
		c.alloc.node = ev->alloc.node;
		break;
	case MM_EV_KMEM_CACHE_FREE:
		c.free.cache = ev->free.cache % (nr_strings + 1);
		/* fall through */
	case MM_EV_KFREE:
		c.free.call_site = ev->free.call_site;
		c.free.ptr = ev->free.ptr;
		break;
	case MM_EV_LOST:
		c.lost.nr_lost = ev->lost.nr_lost;
		break;
	}
	*ev = c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_header h = { .page_size = 4096, .release = "fuzz", .tool = "fuzz" };
	struct trace_writer_opts o = { .level = 1 };
	struct bytebuf out = { 0 };
	struct trace_sink sink = { buf_write, NULL, &out };
	size_t nr = size / sizeof(struct mm_event);
	struct trace_writer *w;
	struct trace_reader *r;
	struct mm_event ev, got;

	if (size < 2)
		return 0;
	h.nr_cpus = 1 + data[0] % 64;
	o.block_events = 1 + data[1] % 16;
	w = trace_writer__new(&sink, &h, &o);
	if (!w)
		abort();
	if (!trace_writer__intern(w, "kmalloc-64") || !trace_writer__intern(w, "dentry"))
		abort();
	for (size_t i = 0; i < nr; i++) {
		memcpy(&ev, data + i * sizeof(ev), sizeof(ev));
		normalise(&ev, h.nr_cpus, 2);
		if (trace_writer__append(w, &ev))
			abort();
	}
	if (trace_writer__finish(w, MMT_STOP_END, 0))
		abort();
	trace_writer__free(w);

	r = trace_reader__open_mem(out.p, out.len, NULL);
	if (!r)
		abort();
	for (size_t i = 0; i < nr; i++) {
		memcpy(&ev, data + i * sizeof(ev), sizeof(ev));
		normalise(&ev, h.nr_cpus, 2);
		if (trace_reader__next(r, &got) != 1 || memcmp(&ev, &got, sizeof(ev)))
			abort();
	}
	if (trace_reader__next(r, &got) != 0)
		abort();
	trace_reader__close(r);
	bytebuf_free(&out);
	return 0;
}
