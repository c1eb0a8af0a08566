/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A one-line progress report on stderr for long jobs: only when stderr is a terminal,
 * only once the job has run for PROGRESS_AFTER_MS, at most a few times a second, and
 * erased when the job ends, so logs and pipes never see it.
 */
#ifndef MMTRACE_CMD_PROGRESS_H
#define MMTRACE_CMD_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	bool enabled;		/* stderr is a terminal and the caller allows it */
	bool shown;		/* something is on the line, to erase at the end */
	const char *what;	/* "replay" */
	uint64_t total_bytes;	/* the input's size; 0 if unknown (no percentage, no ETA) */
	uint64_t start_ns, next_ns, after_ns;
};

/* enabled: the caller's own condition (not --quiet); the terminal test is made here. */
void progress_init(struct progress *p, const char *what, uint64_t total_bytes, bool enabled);
/* Cheap enough to call every few thousand items: looks at the clock, prints when due. */
void progress_update(struct progress *p, uint64_t nr_done, uint64_t bytes_done);
/* Erases the line if one was shown. */
void progress_end(struct progress *p);

#endif
