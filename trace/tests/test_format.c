// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writer -> reader round trips (every field at its extremes), the end-frame accounting,
 * sink failures at byte N (STYLE.md rule 36) and the reader's verdicts on damaged files.
 */
#include <errno.h>
#include <stdlib.h>

#include "../../core/tests/testlib.h"
#include "../crc32c.h"
#include "../reader.h"
#include "../varint.h"
#include "../writer.h"

struct mem_sink {
	struct bytebuf b;
	size_t fail_at;		/* fail the write that would pass this many bytes; 0 = never */
	int fail_err;
	bool can_truncate;
};

static int mem_write(void *ctx, const void *buf, size_t len)
{
	struct mem_sink *m = ctx;

	if (m->fail_at && m->b.len + len > m->fail_at) {
		/* Like a full disk: a short write lands, then the error. */
		bytebuf_put(&m->b, buf, m->fail_at - m->b.len);
		return m->fail_err;
	}
	bytebuf_put(&m->b, buf, len);
	return m->b.err;
}

static int mem_truncate(void *ctx, uint64_t off)
{
	struct mem_sink *m = ctx;

	m->b.len = (size_t)off;
	m->fail_at = 0;	/* the freed room takes the end frame */
	return 0;
}

static struct trace_writer *open_mem(struct mem_sink *m, uint32_t nr_cpus, uint32_t block_events)
{
	struct trace_sink sink = { mem_write, m->can_truncate ? mem_truncate : NULL, m };
	struct trace_header h = {
		.arch = MMT_ARCH_X86_64,
		.clock = MMT_CLOCK_MONOTONIC,
		.page_size = 4096,
		.nr_cpus = nr_cpus,
		.source = MMT_SOURCE_SYNTHETIC,
		.start_ts_ns = 1000,
		.start_realtime_ns = 1700000000000000000ull,
		.release = "6.12.117+deb12-cloud-amd64",
		.tool = "mmtrace test",
	};
	struct trace_writer_opts o = { .level = 3, .block_events = block_events };

	return trace_writer__new(&sink, &h, &o);
}

/* A varied event stream touching every type and every field's extremes. */
static void make_event(struct mm_event *ev, unsigned int i, uint32_t nr_cpus, uint32_t cache)
{
	static const uint64_t u64s[] = { 0, 1, 0x7fffffffffffffffull, 0x8000000000000000ull,
					 UINT64_MAX, 0xffffffff81234567ull, 4096 };
	static const int32_t s32s[] = { 0, -1, INT32_MIN, INT32_MAX, 3, 10 };
	uint64_t a = u64s[i % 7], b = u64s[(i / 7) % 7];
	int32_t s = s32s[i % 6], t = s32s[(i / 6) % 6];

	memset(ev, 0, sizeof(*ev));
	ev->type = (uint16_t)(1 + i % (MM_EV__NR - 1));
	ev->cpu = (i * 7) % nr_cpus;
	ev->pid = (i % 5 == 0) ? INT32_MIN : (i % 5 == 1) ? INT32_MAX : (int32_t)(i % 3);
	/* Timestamps jump around: backwards, to the extremes, and equal. */
	ev->ts_ns = (i % 11 == 0) ? UINT64_MAX : (i % 13 == 0) ? 0 : 1000 + (uint64_t)i * 250;
	switch (ev->type) {
	case MM_EV_PAGE_ALLOC:
		ev->page_alloc.pfn = (i % 4) ? a : MM_PFN_NONE;
		ev->page_alloc.gfp = b;
		ev->page_alloc.order = (uint32_t)t;
		ev->page_alloc.migratetype = s;
		if (i % 2) {
			ev->flags = MM_EVF_SLAB;
			ev->page_alloc.cache = cache;
		}
		break;
	case MM_EV_PAGE_FREE:
		ev->page_free.pfn = a;
		ev->page_free.order = UINT32_MAX;
		break;
	case MM_EV_PAGE_FREE_BATCHED:
		ev->page_free_batched.pfn = b;
		break;
	case MM_EV_PAGE_ALLOC_ZONE_LOCKED:
		ev->zone_locked.pfn = a;
		ev->zone_locked.order = (uint32_t)s;
		ev->zone_locked.migratetype = t;
		ev->zone_locked.percpu_refill = s;
		break;
	case MM_EV_PAGE_PCPU_DRAIN:
		ev->pcpu_drain.pfn = b;
		ev->pcpu_drain.order = 10;
		ev->pcpu_drain.migratetype = t;
		break;
	case MM_EV_PAGE_ALLOC_EXTFRAG:
		ev->extfrag.pfn = a;
		ev->extfrag.alloc_order = s;
		ev->extfrag.fallback_order = t;
		ev->extfrag.alloc_migratetype = INT32_MIN;
		ev->extfrag.fallback_migratetype = INT32_MAX;
		ev->extfrag.change_ownership = 1;
		break;
	case MM_EV_KMEM_CACHE_ALLOC:
		ev->alloc.cache = cache;
		if (i % 3)
			ev->flags = MM_EVF_ACCOUNTED;
		/* fall through */
	case MM_EV_KMALLOC:
		ev->alloc.call_site = a;
		ev->alloc.ptr = b;
		ev->alloc.bytes_req = b;
		ev->alloc.bytes_alloc = a;
		ev->alloc.gfp = a ^ b;
		ev->alloc.node = s;
		break;
	case MM_EV_KMEM_CACHE_FREE:
		ev->free.cache = cache;
		/* fall through */
	case MM_EV_KFREE:
		ev->free.call_site = b;
		ev->free.ptr = a;
		break;
	case MM_EV_LOST:
		ev->lost.nr_lost = a;
		break;
	}
}

static bool events_equal(const struct mm_event *a, const struct mm_event *b)
{
	return !memcmp(a, b, sizeof(*a));
}

TEST(crc32c_check_value)
{
	ASSERT_EQ_U64(crc32c("123456789", 9), 0xE3069283u);
	return true;
}

/* Whichever implementation runs (SSE4.2 or tables), at any length, alignment and split. */
TEST(crc32c_matches_bitwise)
{
	uint8_t buf[80];

	for (unsigned int i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	for (unsigned int off = 0; off < 8; off++) {
		for (unsigned int len = 0; off + len <= sizeof(buf); len++) {
			uint32_t c = ~0u;

			for (unsigned int i = off; i < off + len; i++) {
				c ^= buf[i];
				for (int k = 0; k < 8; k++)
					c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
			}
			ASSERT_EQ_U64(crc32c(buf + off, len), ~c);
			ASSERT_EQ_U64(crc32c_extend(crc32c(buf + off, len / 3), buf + off + len / 3,
						    len - len / 3), ~c);
		}
	}
	return true;
}

/* Every length, with room after it (the word-at-a-time path) and at a column's very end. */
TEST(varint_every_length)
{
	struct bytebuf b = { 0 };
	struct cursor c;
	uint64_t vals[3 * 65], got;
	unsigned int nr = 0;

	for (unsigned int k = 0; k <= 64; k++) {
		uint64_t top = k == 64 ? UINT64_MAX : (1ull << k) - 1;

		vals[nr++] = top;
		vals[nr++] = top ^ (top >> 1) ^ 0x5555555555555555ull;
		vals[nr++] = k == 64 ? 1 : 1ull << k;
	}
	for (unsigned int i = 0; i < nr; i++)
		bytebuf_uvar(&b, vals[i]);
	c = (struct cursor){ b.p, b.p + b.len };
	for (unsigned int i = 0; i < nr; i++) {
		ASSERT_EQ_U64(cur_uvar(&c, &got), 0);
		ASSERT_EQ_U64(got, vals[i]);
	}
	ASSERT_TRUE(c.p == c.end);
	ASSERT_TRUE(cur_uvar(&c, &got) == -EBADMSG);
	/* the same varint cut short, alone or with continuation bytes after it */
	for (unsigned int len = 1; len < 10; len++) {
		uint8_t cut[16];

		memset(cut, 0xff, sizeof(cut));
		c = (struct cursor){ cut, cut + len };
		ASSERT_TRUE(cur_uvar(&c, &got) == -EBADMSG);
	}
	/* an 11-byte varint and a 10th byte above 1 are corrupt wherever they are */
	{
		uint8_t big[16];

		memset(big, 0x80, sizeof(big));
		big[9] = 0x02;
		c = (struct cursor){ big, big + sizeof(big) };
		ASSERT_TRUE(cur_uvar(&c, &got) == -EBADMSG);
		big[9] = 0x81;
		big[10] = 0x00;
		c = (struct cursor){ big, big + sizeof(big) };
		ASSERT_TRUE(cur_uvar(&c, &got) == -EBADMSG);
		big[9] = 0x01;
		c = (struct cursor){ big, big + sizeof(big) };
		ASSERT_EQ_U64(cur_uvar(&c, &got), 0);
		ASSERT_EQ_U64(got, 1ull << 63);
	}
	bytebuf_free(&b);
	return true;
}

TEST(varint_extremes)
{
	static const int64_t vals[] = { 0, 1, -1, 63, -64, 64, INT64_MAX, INT64_MIN };
	struct bytebuf b = { 0 };
	struct cursor c;

	for (unsigned int i = 0; i < 8; i++)
		bytebuf_svar(&b, vals[i]);
	bytebuf_uvar(&b, UINT64_MAX);
	c = (struct cursor){ b.p, b.p + b.len };
	for (unsigned int i = 0; i < 8; i++) {
		int64_t v;

		ASSERT_EQ(cur_svar(&c, &v), 0);
		ASSERT_EQ(v, vals[i]);
	}
	{
		uint64_t u;

		ASSERT_EQ(cur_uvar(&c, &u), 0);
		ASSERT_EQ_U64(u, UINT64_MAX);
		ASSERT_EQ(cur_uvar(&c, &u), -EBADMSG);
	}
	/* Eleven continuation bytes: corrupt, not an overread. */
	{
		uint8_t bad[11];
		uint64_t u;

		memset(bad, 0xff, sizeof(bad));
		c = (struct cursor){ bad, bad + sizeof(bad) };
		ASSERT_EQ(cur_uvar(&c, &u), -EBADMSG);
	}
	bytebuf_free(&b);
	return true;
}

static bool roundtrip(unsigned int nr, uint32_t nr_cpus, uint32_t block_events)
{
	struct mem_sink m = { 0 };
	struct trace_writer *w = open_mem(&m, nr_cpus, block_events);
	struct snap_files sf = { 0 };
	struct trace_reader *r;
	const struct trace_end *e;
	struct mm_event ev, got;
	uint32_t cache;
	const char *msg;
	int ret;

	ASSERT_TRUE(w);
	ASSERT_EQ(snap_files__add(&sf, "proc/zoneinfo", "Node 0, zone DMA\n", 17), 0);
	ASSERT_EQ(snap_files__add(&sf, "mmtrace/empty", "", 0), 0);
	ASSERT_EQ(trace_writer__snapshot(w, SNAP_START, 5, &sf), 0);
	cache = trace_writer__intern(w, "kmalloc-64");
	ASSERT_EQ(cache, 1);
	ASSERT_EQ(trace_writer__intern(w, "kmalloc-64"), 1);
	for (unsigned int i = 0; i < nr; i++) {
		if (i == nr / 2)
			cache = trace_writer__intern(w, "dentry");
		make_event(&ev, i, nr_cpus, cache);
		ASSERT_EQ(trace_writer__append(w, &ev), 0);
	}
	ASSERT_EQ(trace_writer__add_drops(w, nr_cpus - 1, 42), 0);
	ASSERT_EQ(trace_writer__snapshot(w, SNAP_END, 6, &sf), 0);
	ASSERT_EQ(trace_writer__finish(w, MMT_STOP_SIGNAL, 99), 0);
	trace_writer__free(w);

	r = trace_reader__open_mem(m.b.p, m.b.len, &msg);
	ASSERT_TRUE(r);
	ASSERT_STREQ(trace_reader__header(r)->release, "6.12.117+deb12-cloud-amd64");
	ASSERT_EQ(trace_reader__header(r)->nr_cpus, nr_cpus);
	ASSERT_EQ_U64(trace_reader__header(r)->start_realtime_ns, 1700000000000000000ull);
	ASSERT_TRUE(trace_reader__snapshot(r, SNAP_START));
	ASSERT_STREQ((const char *)snap_files__find(trace_reader__snapshot(r, SNAP_START),
						    "proc/zoneinfo")->data, "Node 0, zone DMA\n");
	cache = 1;
	for (unsigned int i = 0; i < nr; i++) {
		if (i == nr / 2)
			cache = 2;
		make_event(&ev, i, nr_cpus, cache);
		ret = trace_reader__next(r, &got);
		if (ret != 1)
			fprintf(stderr, "event %u: %s\n", i, trace_reader__strerror(r));
		ASSERT_EQ(ret, 1);
		if (!events_equal(&ev, &got))
			ASSERT_FAIL_("event %u (type %u) differs after round trip", i, ev.type);
	}
	ASSERT_EQ(trace_reader__next(r, &got), 0);
	e = trace_reader__end(r);
	ASSERT_TRUE(e);
	ASSERT_EQ(e->stop_reason, MMT_STOP_SIGNAL);
	ASSERT_EQ(e->nr_events, nr);
	ASSERT_EQ(e->drops[nr_cpus - 1], 42);
	ASSERT_EQ_U64(e->end_ts_ns, 99);
	if (nr)
		ASSERT_STREQ(trace_reader__string(r, 2), "dentry");
	ASSERT_TRUE(trace_reader__snapshot(r, SNAP_END));
	trace_reader__close(r);
	snap_files__clear(&sf);
	bytebuf_free(&m.b);
	return true;
}

TEST(roundtrip_extremes_one_block)
{
	return roundtrip(5000, 4, 0);
}

TEST(roundtrip_many_small_blocks)
{
	/* Blocks of 7 events: every delta state and string definition crosses blocks. */
	return roundtrip(3001, MMT_MAX_CPUS, 7);
}

TEST(roundtrip_empty_trace)
{
	return roundtrip(0, 1, 0);
}

TEST(writer_rejects_unencodable_events)
{
	struct mem_sink m = { 0 };
	struct trace_writer *w = open_mem(&m, 2, 0);
	struct mm_event ev = { .type = MM_EV_PAGE_FREE, .cpu = 2 };

	ASSERT_EQ(trace_writer__append(w, &ev), -EINVAL);	/* cpu >= nr_cpus */
	trace_writer__free(w);
	w = open_mem(&m, 2, 0);
	ev = (struct mm_event){ .type = MM_EV_PAGE_FREE, .flags = MM_EVF_SLAB };
	ASSERT_EQ(trace_writer__append(w, &ev), -EINVAL);	/* flag not valid for type */
	trace_writer__free(w);
	w = open_mem(&m, 2, 0);
	ev = (struct mm_event){ .type = MM_EV_KMEM_CACHE_FREE, .free.cache = 3 };
	ASSERT_EQ(trace_writer__append(w, &ev), -EINVAL);	/* unknown string id */
	trace_writer__free(w);
	bytebuf_free(&m.b);
	return true;
}

/* Writes a complete 3-block trace into m. */
static bool write_small(struct mem_sink *m, unsigned int nr)
{
	struct trace_writer *w = open_mem(m, 2, 100);
	struct mm_event ev;
	bool failed = false;

	ASSERT_TRUE(w);
	for (unsigned int i = 0; i < nr; i++) {
		make_event(&ev, i, 2, 0);
		if (ev.type == MM_EV_KMEM_CACHE_ALLOC || ev.type == MM_EV_KMEM_CACHE_FREE ||
		    ev.flags & MM_EVF_SLAB) {
			ev.flags = 0;
			ev.alloc.cache = 0;
			ev.free.cache = 0;
			ev.page_alloc.cache = 0;
		}
		/* Keep feeding after an error, as a recorder draining its buffers does. */
		failed |= trace_writer__append(w, &ev) != 0;
	}
	failed |= trace_writer__finish(w, MMT_STOP_END, 1) != 0;
	trace_writer__free(w);
	return !failed;
}

static uint64_t digest;

/* Reads all of buf: 0 for a clean trace, else the error. Sets digest over the events. */
static int read_all(const void *buf, size_t len, uint64_t *nr, const char **msg)
{
	struct trace_reader *r = trace_reader__open_mem(buf, len, msg);
	struct mm_event ev;
	int ret;

	*nr = 0;
	digest = 0;
	if (!r)
		return -errno;
	while ((ret = trace_reader__next(r, &ev)) == 1) {
		(*nr)++;
		digest = (digest ^ crc32c(&ev, sizeof(ev))) * 0x100000001b3ull;
	}
	if (ret < 0) {
		static char keep[256];

		snprintf(keep, sizeof(keep), "%s", trace_reader__strerror(r));
		*msg = keep;
	}
	trace_reader__close(r);
	return ret;
}

TEST(truncated_at_every_offset_is_an_error)
{
	struct mem_sink m = { 0 };
	uint64_t nr;
	const char *msg;

	ASSERT_TRUE(write_small(&m, 250));
	ASSERT_EQ(read_all(m.b.p, m.b.len, &nr, &msg), 0);
	ASSERT_EQ(nr, 250);
	for (size_t cut = 0; cut < m.b.len; cut++) {
		int ret = read_all(m.b.p, cut, &nr, &msg);

		if (ret != -ENODATA && ret != -EBADMSG)
			ASSERT_FAIL_("cut at %zu: ret %d", cut, ret);
	}
	bytebuf_free(&m.b);
	return true;
}

TEST(flipped_bit_anywhere_is_an_error)
{
	struct mem_sink m = { 0 };
	uint64_t nr;
	const char *msg;

	uint64_t good;

	ASSERT_TRUE(write_small(&m, 250));
	ASSERT_EQ(read_all(m.b.p, m.b.len, &nr, &msg), 0);
	good = digest;
	for (size_t i = 0; i < m.b.len; i++) {
		for (unsigned int bit = 0; bit < 8; bit++) {
			int ret;

			m.b.p[i] ^= (uint8_t)(1u << bit);
			ret = read_all(m.b.p, m.b.len, &nr, &msg);
			m.b.p[i] ^= (uint8_t)(1u << bit);
			/*
			 * Every byte is covered by a checksum, a magic or a length; the one
			 * exception is a zstd header bit decoders must ignore, and then the
			 * events must come out unchanged.
			 */
			if (ret >= 0 && (nr != 250 || digest != good))
				ASSERT_FAIL_("flip of bit %u at %zu of %zu went unnoticed", bit, i,
					     m.b.len);
		}
	}
	bytebuf_free(&m.b);
	return true;
}

TEST(enospc_with_truncate_leaves_marked_trace)
{
	struct mem_sink full = { 0 };
	uint64_t nr;
	const char *msg;
	struct trace_reader *r;
	struct mm_event ev;
	size_t size;

	ASSERT_TRUE(write_small(&full, 250));
	size = full.b.len;
	bytebuf_free(&full.b);
	/* Fail part-way through every region of the file. */
	/* From just past the 92-byte header frame (without it there is no trace at all). */
	for (size_t at = 93; at < size; at += 37) {
		struct mem_sink m = { .fail_at = at, .fail_err = -ENOSPC, .can_truncate = true };

		ASSERT_TRUE(!write_small(&m, 250));
		if (at >= size - 168) {
			/* The end frame itself did not fit: removed, so the trace reads as truncated. */
			ASSERT_EQ(read_all(m.b.p, m.b.len, &nr, &msg), -ENODATA);
			ASSERT_EQ(nr, 250);
			bytebuf_free(&m.b);
			continue;
		}
		r = trace_reader__open_mem(m.b.p, m.b.len, &msg);
		if (!r)
			ASSERT_FAIL_("fail at %zu: %s", at, msg);
		nr = 0;
		while (trace_reader__next(r, &ev) == 1)
			nr++;
		if (!trace_reader__end(r))
			ASSERT_FAIL_("fail at %zu: %s", at, trace_reader__strerror(r));
		ASSERT_EQ(trace_reader__end(r)->stop_reason, MMT_STOP_ERROR);
		ASSERT_EQ(trace_reader__end(r)->nr_events + trace_reader__end(r)->nr_unwritten, 250);
		ASSERT_EQ(nr, trace_reader__end(r)->nr_events);
		trace_reader__close(r);
		bytebuf_free(&m.b);
	}
	return true;
}

TEST(eio_without_truncate_reads_as_truncated)
{
	struct mem_sink m = { 0 };
	uint64_t nr;
	const char *msg = NULL;

	size_t size;

	ASSERT_TRUE(write_small(&m, 250));
	size = m.b.len;
	bytebuf_free(&m.b);
	/* Fail inside the last block, before the 168-byte end frame. */
	m = (struct mem_sink){ .fail_at = size - 300, .fail_err = -EIO };
	ASSERT_TRUE(!write_small(&m, 250));
	ASSERT_EQ(read_all(m.b.p, m.b.len, &nr, &msg), -ENODATA);
	ASSERT_TRUE(nr > 0 && nr < 250);
	ASSERT_TRUE(strstr(msg, "truncated"));
	bytebuf_free(&m.b);
	return true;
}

TEST(future_version_is_rejected)
{
	struct mem_sink m = { 0 };
	const char *msg;
	uint64_t nr;

	ASSERT_TRUE(write_small(&m, 10));
	/* Header payload starts at 8; the major version is at payload offset 4. */
	m.b.p[8 + 4] = 2;
	ASSERT_EQ(read_all(m.b.p, m.b.len, &nr, &msg), -EPROTONOSUPPORT);
	ASSERT_TRUE(strstr(msg, "version 2.0"));
	bytebuf_free(&m.b);
	return true;
}

/*
 * With MMTRACE_SEED_DIR set, writes the traces these tests build as fuzz seeds
 * (testdata/fuzz/fuzz_trace_reader/ was made this way); otherwise a no-op.
 */
TEST(write_seed_corpus)
{
	const char *dir = getenv("MMTRACE_SEED_DIR");
	static const unsigned int sizes[] = { 0, 1, 17, 250 };
	char path[512];

	if (!dir)
		return true;
	for (unsigned int i = 0; i < 4; i++) {
		struct mem_sink m = { 0 };
		FILE *f;

		ASSERT_TRUE(write_small(&m, sizes[i]));
		snprintf(path, sizeof(path), "%s/small-%u.mmt", dir, sizes[i]);
		f = fopen(path, "wb");
		ASSERT_TRUE(f);
		fwrite(m.b.p, 1, m.b.len, f);
		fclose(f);
		bytebuf_free(&m.b);
	}
	return true;
}

/* A sink that remembers where each frame starts (the writer writes one frame per call). */
struct frame_sink {
	struct bytebuf b;
	size_t starts[64];
	unsigned int nr;
};

static int frame_write(void *ctx, const void *buf, size_t len)
{
	struct frame_sink *f = ctx;

	if (f->nr < 64)
		f->starts[f->nr++] = f->b.len;
	bytebuf_put(&f->b, buf, len);
	return f->b.err;
}

static bool put_file(const char *dir, const char *name, const void *p, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ASSERT_TRUE(f);
	if (len)
		ASSERT_EQ(fwrite(p, 1, len, f), len);
	ASSERT_EQ(fclose(f), 0);
	return true;
}

static bool put_flipped(const char *dir, const char *name, const struct bytebuf *b, size_t at)
{
	uint8_t *copy = malloc(b->len);
	bool ok;

	ASSERT_TRUE(copy);
	memcpy(copy, b->p, b->len);
	copy[at] ^= 0x20;
	ok = put_file(dir, name, copy, b->len);
	free(copy);
	return ok;
}

/*
 * With MMTRACE_BAD_DIR set, writes testdata/traces/bad/: damaged copies of a small
 * trace with both snapshots, one per way a trace goes wrong. Frames: 0 header,
 * 1 start snapshot, 2..4 blocks, 5 end snapshot, 6 end.
 */
TEST(write_bad_traces)
{
	const char *dir = getenv("MMTRACE_BAD_DIR");
	struct frame_sink fs = { 0 };
	struct trace_sink sink = { frame_write, NULL, &fs };
	struct trace_header h = { .arch = MMT_ARCH_X86_64, .clock = MMT_CLOCK_SYNTHETIC,
				  .page_size = 4096, .nr_cpus = 2, .source = MMT_SOURCE_SYNTHETIC,
				  .release = "6.12.117+deb12-cloud-amd64", .tool = "mmtrace 0.1" };
	struct trace_writer_opts o = { .block_events = 100 };
	struct snap_files sf = { 0 };
	struct trace_writer *w;
	struct mm_event ev;
	size_t *s = fs.starts, len;
	uint8_t *p;

	if (!dir)
		return true;
	w = trace_writer__new(&sink, &h, &o);
	ASSERT_TRUE(w);
	const char *buddyinfo = "Node 0, zone      DMA      0      0      0      0      0"
				"      0      0      0      1      1      2 \n";

	ASSERT_EQ(snap_files__add(&sf, "proc/buddyinfo", buddyinfo, strlen(buddyinfo)), 0);
	ASSERT_EQ(trace_writer__snapshot(w, SNAP_START, 0, &sf), 0);
	for (unsigned int i = 0; i < 250; i++) {
		ev = (struct mm_event){ .ts_ns = 1000 * i, .cpu = i % 2, .pid = 100 + i % 3,
					.type = i % 2 ? MM_EV_PAGE_FREE : MM_EV_PAGE_ALLOC };
		ev.page_alloc.pfn = 0x1000 + i / 2;
		if (ev.type == MM_EV_PAGE_ALLOC)
			ev.page_alloc.gfp = 0xcc0;
		ASSERT_EQ(trace_writer__append(w, &ev), 0);
	}
	ASSERT_EQ(trace_writer__snapshot(w, SNAP_END, 250000, &sf), 0);
	ASSERT_EQ(trace_writer__finish(w, MMT_STOP_END, 250000), 0);
	trace_writer__free(w);
	snap_files__clear(&sf);
	ASSERT_EQ(fs.nr, 7);
	p = fs.b.p;
	len = fs.b.len;

	/* The undamaged original sits beside the bad ones, as a synthetic trace. */
	ASSERT_TRUE(put_file(dir, "../synthetic-frames.mmt", p, len));
	ASSERT_TRUE(put_file(dir, "empty.mmt", p, 0));
	ASSERT_TRUE(put_file(dir, "not-a-trace.mmt", "Node 0, zone DMA\n", 17));
	ASSERT_TRUE(put_flipped(dir, "wrong-magic.mmt", &fs.b, 0));
	{
		uint8_t v = p[12];

		p[12] = 2;	/* header payload offset 4: version_major */
		ASSERT_TRUE(put_file(dir, "future-version.mmt", p, len));
		p[12] = v;
	}
	ASSERT_TRUE(put_file(dir, "truncated-in-header.mmt", p, s[1] / 2));
	ASSERT_TRUE(put_file(dir, "truncated-in-snapshot.mmt", p, (s[1] + s[2]) / 2));
	ASSERT_TRUE(put_file(dir, "truncated-in-block.mmt", p, (s[3] + s[4]) / 2));
	ASSERT_TRUE(put_file(dir, "truncated-in-end.mmt", p, (s[6] + len) / 2));
	ASSERT_TRUE(put_file(dir, "missing-end.mmt", p, s[6]));
	ASSERT_TRUE(put_flipped(dir, "flipped-header.mmt", &fs.b, 8 + 44));	/* release */
	ASSERT_TRUE(put_flipped(dir, "flipped-snapshot.mmt", &fs.b, s[2] - 6));
	ASSERT_TRUE(put_flipped(dir, "flipped-block.mmt", &fs.b, (s[3] + s[4]) / 2));
	ASSERT_TRUE(put_flipped(dir, "flipped-end.mmt", &fs.b, s[6] + 30));	/* nr_events */
	{
		uint8_t *more = malloc(len + 5);

		ASSERT_TRUE(more);
		memcpy(more, p, len);
		memcpy(more + len, "junk\n", 5);
		ASSERT_TRUE(put_file(dir, "trailing-data.mmt", more, len + 5));
		free(more);
	}
	bytebuf_free(&fs.b);
	return true;
}

TEST(crc32c_extend_is_incremental)
{
	ASSERT_EQ_U64(crc32c_extend(crc32c("1234", 4), "56789", 5), 0xE3069283u);
	return true;
}

TEST(crc32c_slicing_matches_bytewise)
{
	uint8_t buf[1000];
	uint32_t bytewise = ~0u;

	for (unsigned int i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	/* every length and misalignment against a one-byte-at-a-time reference */
	for (unsigned int i = 0; i < sizeof(buf); i++) {
		uint32_t c = bytewise ^ buf[i];

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
		bytewise = c;
		ASSERT_EQ_U64(crc32c(buf, i + 1), ~bytewise);
		ASSERT_EQ_U64(crc32c_extend(crc32c(buf, i / 3), buf + i / 3, i + 1 - i / 3), ~bytewise);
	}
	return true;
}
