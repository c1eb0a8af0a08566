// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writer and reader throughput on one core, over the events of a real trace replayed
 * until at least MIN_EVENTS have been written (timestamps shifted so every pass
 * continues the last). Each timestamp gets 0..999 ns of jitter: that stops zstd from
 * matching the previous pass, and turns microsecond ftrace times into what a
 * nanosecond BPF recording looks like, so the size printed estimates a recording.
 * Usage: bench_format TRACE [LEVEL]
 * Prints events/s for writing (encode + zstd) and reading (zstd + decode), and the
 * event bytes per event of the result.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../reader.h"
#include "../varint.h"
#include "../writer.h"

#define MIN_EVENTS 20000000u

static int mem_write(void *ctx, const void *p, size_t n)
{
	bytebuf_put(ctx, p, n);
	return ((struct bytebuf *)ctx)->err;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct trace_writer_opts o = { 0 };
	struct mm_event *evs = NULL, ev;
	size_t nr = 0, cap = 0, total = 0;
	struct trace_reader *r;
	struct trace_writer *w;
	struct trace_header h;
	struct bytebuf out = { 0 };
	struct trace_sink sink = { mem_write, NULL, &out };
	const char *msg;
	uint64_t span, read_n = 0;
	double t0, t_write, t_read;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_format TRACE [LEVEL]\n");
		return 2;
	}
	if (argc > 2)
		o.level = atoi(argv[2]);
	r = trace_reader__open(argv[1], &msg);
	if (!r) {
		fprintf(stderr, "%s: %s\n", argv[1], msg);
		return 3;
	}
	h = *trace_reader__header(r);
	while (trace_reader__next(r, &ev) == 1) {
		if (nr == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			evs = realloc(evs, cap * sizeof(*evs));
			if (!evs)
				return 4;
		}
		/* Cache names are re-interned below in the same order, so ids stay valid. */
		evs[nr++] = ev;
	}
	if (!nr) {
		fprintf(stderr, "%s: no events\n", argv[1]);
		return 3;
	}
	span = evs[nr - 1].ts_ns - evs[0].ts_ns + 1;

	t0 = now();
	w = trace_writer__new(&sink, &h, &o);
	for (uint32_t id = 1; trace_reader__string(r, id); id++)
		trace_writer__intern(w, trace_reader__string(r, id));
	srand(1);
	for (uint64_t pass = 0; total < MIN_EVENTS; pass++) {
		for (size_t i = 0; i < nr; i++) {
			ev = evs[i];
			ev.ts_ns += pass * span + (uint64_t)(rand() % 1000);
			if (trace_writer__append(w, &ev))
				return 4;
		}
		total += nr;
	}
	if (trace_writer__finish(w, MMT_STOP_END, 0))
		return 4;
	trace_writer__free(w);
	t_write = now() - t0;
	trace_reader__close(r);

	t0 = now();
	r = trace_reader__open_mem(out.p, out.len, &msg);
	if (!r)
		return 3;
	while (trace_reader__next(r, &ev) == 1)
		read_n++;
	t_read = now() - t0;
	printf("events %zu (%zu distinct, repeated)\n", total, nr);
	printf("write  %.2f M events/s  (level %d, one core)\n", (double)total / t_write / 1e6,
	       o.level ? o.level : MMT_DEFAULT_LEVEL);
	printf("read   %.2f M events/s\n", (double)read_n / t_read / 1e6);
	printf("size   %.3f bytes/event with nanosecond timestamps (simulated)\n",
	       (double)trace_reader__block_bytes(r) / (double)read_n);
	trace_reader__close(r);
	free(evs);
	bytebuf_free(&out);
	return read_n == total ? 0 : 1;
}
