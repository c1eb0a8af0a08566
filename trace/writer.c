// SPDX-License-Identifier: GPL-2.0-only
/* Streaming trace writer: header frame, snapshot and block frames, end frame. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "block.h"
#include "crc32c.h"
#include "writer.h"

struct str_table {
	char **v;		/* v[id - 1] */
	uint32_t nr;
	uint32_t *slots;	/* open addressing: id, 0 = empty */
	uint32_t nr_slots;	/* power of two */
};

struct trace_writer {
	struct trace_sink sink;
	struct trace_header hdr;
	ZSTD_CCtx *cctx;
	int level;
	uint32_t block_events;
	int err;		/* first error; sticky */
	bool finished;

	struct block_state st;
	struct bytebuf col[COL__NR];
	uint64_t *ts;		/* [block_events] raw timestamps of the open block */
	uint32_t nr_block;	/* events in the open block */
	uint32_t strings_written;	/* ids <= this are already in the file */

	struct str_table strs;
	struct bytebuf frame;	/* scratch: payload being built */
	struct bytebuf out;	/* scratch: compressed frame */

	uint32_t seq;		/* blocks written */
	uint64_t nr_events;	/* events in complete frames */
	uint64_t nr_appended;	/* events given to append, written or not */
	uint64_t counts[MM_EV__NR];
	uint64_t block_counts[MM_EV__NR];
	uint64_t bytes;		/* bytes of complete frames on the sink */
	uint64_t *drops;
};

static int fd_write(void *ctx, const void *buf, size_t len)
{
	int fd = *(int *)ctx;
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int fd_truncate(void *ctx, uint64_t off)
{
	int fd = *(int *)ctx;

	if (ftruncate(fd, (off_t)off) || lseek(fd, (off_t)off, SEEK_SET) < 0)
		return -errno;
	return 0;
}

void trace_sink_fd(struct trace_sink *sink, int *fd)
{
	sink->write = fd_write;
	sink->truncate = fd_truncate;
	sink->ctx = fd;
}

static int sink_put(struct trace_writer *w, const void *buf, size_t len)
{
	int err;

	if (w->err)
		return w->err;
	err = w->sink.write(w->sink.ctx, buf, len);
	if (err) {
		w->err = err;
		return err;
	}
	w->bytes += len;
	return 0;
}

/* A skippable frame (RFC 8878 §3.1.2) whose payload ends with its CRC-32C. */
static int put_skippable(struct trace_writer *w, struct bytebuf *payload)
{
	struct bytebuf fr = { 0 };
	int err;

	bytebuf_le(payload, crc32c(payload->p, payload->len), 4);
	bytebuf_le(&fr, MMT_SKIPPABLE_MAGIC, 4);
	bytebuf_le(&fr, payload->len, 4);
	bytebuf_put(&fr, payload->p, payload->len);
	err = payload->err ? payload->err : fr.err;
	if (!err)
		err = sink_put(w, fr.p, fr.len);
	bytebuf_free(&fr);
	return err;
}

/* A zstd frame with content size and content checksum (FORMAT.md §2). */
static int put_zstd(struct trace_writer *w, const struct bytebuf *payload)
{
	size_t bound = ZSTD_compressBound(payload->len), n;
	int err;

	if (payload->err)
		return payload->err;
	w->out.len = 0;
	err = bytebuf_reserve(&w->out, bound);
	if (err)
		return err;
	n = ZSTD_compress2(w->cctx, w->out.p, bound, payload->p, payload->len);
	if (ZSTD_isError(n))
		return -EIO;
	return sink_put(w, w->out.p, n);
}

static void put_header(struct bytebuf *b, const struct trace_header *h)
{
	size_t rl = strlen(h->release), tl = strlen(h->tool);

	bytebuf_le(b, MMT_TAG_HEADER, 4);
	bytebuf_le(b, MMT_VERSION_MAJOR, 2);
	bytebuf_le(b, MMT_VERSION_MINOR, 2);
	bytebuf_le(b, h->arch, 2);
	bytebuf_le(b, h->clock, 2);
	bytebuf_le(b, h->page_size, 4);
	bytebuf_le(b, h->nr_cpus, 4);
	bytebuf_le(b, h->source, 4);
	bytebuf_le(b, h->start_ts_ns, 8);
	bytebuf_le(b, h->start_realtime_ns, 8);
	bytebuf_u8(b, (uint8_t)rl);
	bytebuf_put(b, h->release, rl);
	bytebuf_u8(b, (uint8_t)tl);
	bytebuf_put(b, h->tool, tl);
}

struct trace_writer *trace_writer__new(const struct trace_sink *sink, const struct trace_header *hdr,
				       const struct trace_writer_opts *opts)
{
	struct trace_writer *w;
	struct bytebuf b = { 0 };
	int err = -EINVAL;

	if (!hdr->nr_cpus || hdr->nr_cpus > MMT_MAX_CPUS ||
	    strnlen(hdr->release, sizeof(hdr->release)) > MMT_MAX_RELEASE ||
	    strnlen(hdr->tool, sizeof(hdr->tool)) > MMT_MAX_TOOL) {
		errno = EINVAL;
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		errno = ENOMEM;
		return NULL;
	}
	w->sink = *sink;
	w->hdr = *hdr;
	w->level = opts && opts->level ? opts->level : MMT_DEFAULT_LEVEL;
	w->block_events = opts && opts->block_events ? opts->block_events : MMT_DEFAULT_BLOCK_EVENTS;
	if (w->block_events > MMT_MAX_BLOCK_EVENTS)
		goto fail;
	err = -ENOMEM;
	w->st.nr_cpus = hdr->nr_cpus;
	w->st.prev_pid = calloc(hdr->nr_cpus, sizeof(*w->st.prev_pid));
	w->drops = calloc(hdr->nr_cpus, sizeof(*w->drops));
	w->ts = malloc(w->block_events * sizeof(*w->ts));
	w->cctx = ZSTD_createCCtx();
	if (!w->st.prev_pid || !w->drops || !w->ts || !w->cctx)
		goto fail;
	err = -EINVAL;
	if (ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel, w->level)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_checksumFlag, 1)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_contentSizeFlag, 1)))
		goto fail;
	put_header(&b, hdr);
	err = put_skippable(w, &b);
	bytebuf_free(&b);
	if (err)
		goto fail;
	return w;
fail:
	bytebuf_free(&b);
	trace_writer__free(w);
	errno = -err;
	return NULL;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/* Closes the open block: FORMAT.md §5.1. */
static int flush_block(struct trace_writer *w)
{
	struct bytebuf *f = &w->frame;
	struct bytebuf ts = { 0 };
	uint64_t unit = 0;
	int err;

	if (w->err)
		return w->err;
	if (!w->nr_block)
		return 0;

	/* The largest unit dividing every delta: 1000 for microsecond-resolution imports. */
	for (uint32_t i = 1; i < w->nr_block; i++)
		unit = gcd64(unit, magnitude((int64_t)(w->ts[i] - w->ts[i - 1])));
	if (!unit)
		unit = 1;
	for (uint32_t i = 0; i < w->nr_block; i++) {
		int64_t d = i ? (int64_t)(w->ts[i] - w->ts[i - 1]) : 0;

		bytebuf_svar(&ts, d / (int64_t)unit);
	}

	f->len = 0;
	bytebuf_le(f, MMT_TAG_BLOCK, 4);
	bytebuf_uvar(f, w->seq);
	bytebuf_uvar(f, w->nr_block);
	bytebuf_uvar(f, w->ts[0]);
	bytebuf_uvar(f, unit);
	bytebuf_uvar(f, w->strs.nr - w->strings_written);
	for (uint32_t id = w->strings_written + 1; id <= w->strs.nr; id++) {
		const char *s = w->strs.v[id - 1];
		size_t n = strlen(s);

		bytebuf_uvar(f, n);
		bytebuf_put(f, s, n);
	}
	bytebuf_uvar(f, COL__NR);
	for (unsigned int c = 0; c < COL__NR; c++)
		bytebuf_uvar(f, c == COL_TS ? ts.len : w->col[c].len);
	for (unsigned int c = 0; c < COL__NR; c++) {
		if (c == COL_TS)
			bytebuf_put(f, ts.p, ts.len);
		else
			bytebuf_put(f, w->col[c].p, w->col[c].len);
	}
	err = ts.err;
	bytebuf_free(&ts);
	if (!err)
		err = put_zstd(w, f);
	if (err) {
		w->err = err;
		return err;
	}
	w->strings_written = w->strs.nr;
	w->seq++;
	w->nr_events += w->nr_block;
	for (unsigned int t = 0; t < MM_EV__NR; t++)
		w->counts[t] += w->block_counts[t];
	memset(w->block_counts, 0, sizeof(w->block_counts));
	w->nr_block = 0;
	for (unsigned int c = 0; c < COL__NR; c++)
		w->col[c].len = 0;
	block_state_reset(&w->st);
	return 0;
}

int trace_writer__flush(struct trace_writer *w)
{
	return flush_block(w);
}

int trace_writer__append(struct trace_writer *w, const struct mm_event *ev)
{
	int err;

	w->nr_appended++;
	if (w->err)
		return w->err;
	err = block_encode_event(&w->st, w->col, ev, w->strs.nr);
	if (err) {
		/* A half-encoded event would corrupt the columns: rewind is not worth it. */
		w->err = err;
		return err;
	}
	w->ts[w->nr_block++] = ev->ts_ns;
	w->block_counts[ev->type]++;
	if (w->nr_block == w->block_events)
		return flush_block(w);
	return 0;
}

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static int str_grow(struct str_table *t)
{
	uint32_t n = t->nr_slots ? t->nr_slots * 2 : 256;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (uint32_t id = 1; id <= t->nr; id++) {
		uint32_t i = str_hash(t->v[id - 1]) & (n - 1);

		while (slots[i])
			i = (i + 1) & (n - 1);
		slots[i] = id;
	}
	free(t->slots);
	t->slots = slots;
	t->nr_slots = n;
	return 0;
}

uint32_t trace_writer__intern(struct trace_writer *w, const char *name)
{
	struct str_table *t = &w->strs;
	size_t len = strlen(name);
	uint32_t i;
	char **v;

	if (!len || len > MMT_MAX_STRING) {
		errno = EINVAL;
		return 0;
	}
	if (t->nr_slots) {
		for (i = str_hash(name) & (t->nr_slots - 1); t->slots[i]; i = (i + 1) & (t->nr_slots - 1))
			if (!strcmp(t->v[t->slots[i] - 1], name))
				return t->slots[i];
	}
	if (t->nr >= MMT_MAX_STRINGS) {
		errno = E2BIG;
		return 0;
	}
	if ((t->nr + 1) * 2 > t->nr_slots && str_grow(t)) {
		errno = ENOMEM;
		return 0;
	}
	v = realloc(t->v, (t->nr + 1) * sizeof(*v));
	if (!v) {
		errno = ENOMEM;
		return 0;
	}
	t->v = v;
	v[t->nr] = strdup(name);
	if (!v[t->nr]) {
		errno = ENOMEM;
		return 0;
	}
	t->nr++;
	for (i = str_hash(name) & (t->nr_slots - 1); t->slots[i]; i = (i + 1) & (t->nr_slots - 1))
		;
	t->slots[i] = t->nr;
	return t->nr;
}

int trace_writer__snapshot(struct trace_writer *w, enum snap_kind kind, uint64_t ts_ns,
			   const struct snap_files *files)
{
	struct bytebuf b = { 0 };
	int err = flush_block(w);

	if (err)
		return err;
	if ((unsigned int)kind >= SNAP__NR)
		return -EINVAL;
	bytebuf_le(&b, MMT_TAG_SNAPSHOT, 4);
	bytebuf_u8(&b, (uint8_t)kind);
	bytebuf_le(&b, 0, 3);
	bytebuf_le(&b, ts_ns, 8);
	bytebuf_uvar(&b, files->nr);
	for (size_t i = 0; i < files->nr; i++) {
		size_t n = strlen(files->v[i].path);

		bytebuf_uvar(&b, n);
		bytebuf_put(&b, files->v[i].path, n);
		bytebuf_uvar(&b, files->v[i].len);
		bytebuf_put(&b, files->v[i].data, files->v[i].len);
	}
	if (b.len > MMT_MAX_SNAPSHOT_BYTES)
		err = -E2BIG;
	else
		err = put_zstd(w, &b);
	bytebuf_free(&b);
	if (err && !w->err)
		w->err = err;
	return err;
}

int trace_writer__add_drops(struct trace_writer *w, uint32_t cpu, uint64_t nr)
{
	if (cpu >= w->hdr.nr_cpus)
		return -EINVAL;
	w->drops[cpu] += nr;
	return 0;
}

int trace_writer__finish(struct trace_writer *w, enum mmt_stop_reason reason, uint64_t end_ts_ns)
{
	struct bytebuf b = { 0 };
	int first, err;

	if (w->finished)
		return -EINVAL;
	w->finished = true;
	flush_block(w);
	first = w->err;
	if (first) {
		/*
		 * Drop the partial frame (which also frees the room a full disk needs) and
		 * mark the trace as cut short. Without truncate an end frame would follow
		 * garbage, so the reader's "truncated" verdict is the honest one.
		 */
		reason = MMT_STOP_ERROR;
		if (!w->sink.truncate || w->sink.truncate(w->sink.ctx, w->bytes))
			return first;
		w->err = 0;
	}
	bytebuf_le(&b, MMT_TAG_END, 4);
	bytebuf_le(&b, reason, 4);
	bytebuf_le(&b, end_ts_ns, 8);
	bytebuf_le(&b, w->nr_events, 8);
	bytebuf_le(&b, w->nr_appended - w->nr_events, 8);
	bytebuf_le(&b, w->seq, 4);
	bytebuf_le(&b, MM_EV__NR, 4);
	for (unsigned int t = 0; t < MM_EV__NR; t++)
		bytebuf_le(&b, w->counts[t], 8);
	bytebuf_le(&b, w->hdr.nr_cpus, 4);
	for (uint32_t c = 0; c < w->hdr.nr_cpus; c++)
		bytebuf_le(&b, w->drops[c], 8);
	err = put_skippable(w, &b);
	bytebuf_free(&b);
	/* A torn end frame would read as corrupt; without it the file reads as truncated. */
	if (err && w->sink.truncate)
		w->sink.truncate(w->sink.ctx, w->bytes);
	return first ? first : err;
}

uint64_t trace_writer__nr_events(const struct trace_writer *w)
{
	return w->nr_appended;
}

uint64_t trace_writer__bytes(const struct trace_writer *w)
{
	return w->bytes;
}

void trace_writer__free(struct trace_writer *w)
{
	if (!w)
		return;
	ZSTD_freeCCtx(w->cctx);
	for (unsigned int c = 0; c < COL__NR; c++)
		bytebuf_free(&w->col[c]);
	bytebuf_free(&w->frame);
	bytebuf_free(&w->out);
	for (uint32_t i = 0; i < w->strs.nr; i++)
		free(w->strs.v[i]);
	free(w->strs.v);
	free(w->strs.slots);
	free(w->st.prev_pid);
	free(w->drops);
	free(w->ts);
	free(w);
}
