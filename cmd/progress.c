// SPDX-License-Identifier: GPL-2.0-only
/* The progress line of long replays (cmd/progress.h). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

/* "about two seconds" before the first report; MMTRACE_PROGRESS_AFTER_MS overrides it
 * (the tests set 0) */
#define PROGRESS_AFTER_MS 2000
#define PROGRESS_EVERY_NS 250000000ull

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void progress_init(struct progress *p, const char *what, uint64_t total_bytes, bool enabled)
{
	const char *after = getenv("MMTRACE_PROGRESS_AFTER_MS");

	p->enabled = enabled && isatty(STDERR_FILENO);
	p->shown = false;
	p->what = what;
	p->total_bytes = total_bytes;
	p->after_ns = (after && *after ? strtoull(after, NULL, 10) : PROGRESS_AFTER_MS) * 1000000ull;
	p->start_ns = now_ns();
	p->next_ns = p->start_ns + p->after_ns;
}

void progress_update(struct progress *p, uint64_t nr_done, uint64_t bytes_done)
{
	uint64_t t;
	double secs, rate;

	if (!p->enabled)
		return;
	t = now_ns();
	if (t < p->next_ns)
		return;
	p->next_ns = t + PROGRESS_EVERY_NS;
	secs = (double)(t - p->start_ns) / 1e9;
	rate = secs > 0 ? (double)nr_done / secs : 0;
	fprintf(stderr, "\r%s: %.1f M events, %.1f M/s", p->what, (double)nr_done / 1e6, rate / 1e6);
	if (p->total_bytes && bytes_done && bytes_done <= p->total_bytes) {
		double frac = (double)bytes_done / (double)p->total_bytes;

		fprintf(stderr, ", %.0f%%, ETA %.0f s", frac * 100, secs / frac - secs);
	}
	fputs("\033[K", stderr);
	fflush(stderr);
	p->shown = true;
}

void progress_end(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = false;
}
