/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event block column codec (FORMAT.md §5), shared by the writer and the reader so the
 * per-type field layout is written down exactly once, in block.c's field table.
 */
#ifndef MMTRACE_TRACE_BLOCK_H
#define MMTRACE_TRACE_BLOCK_H

#include <stdint.h>

#include "../core/event.h"
#include "varint.h"

enum mmt_col {
	COL_TYPE,	/* u8 per event: type | flags << 5 */
	COL_CPU,	/* uvar */
	COL_TS,		/* svar of (ts - prev_ts) / ts_unit */
	COL_PID,	/* svar of pid - prev pid on the same CPU */
	COL_PFN,	/* svar of pfn - prev pfn (any event) */
	COL_SMALL,	/* orders, migratetypes, node, ... */
	COL_GFP,	/* uvar */
	COL_SITE,	/* call_site, u64 LE (repeats are what zstd finds best) */
	COL_PTR,	/* svar of ptr - prev ptr */
	COL_SIZE,	/* uvar bytes_req, svar bytes_alloc - bytes_req */
	COL_STR,	/* uvar string id */
	COL__NR,
};

#define MMT_TYPE_SHIFT 0
#define MMT_TYPE_MASK 0x1fu
#define MMT_FLAGS_SHIFT 5
#define MMT_FLAGS_MASK 0x3u

/* Delta state; reset at every block so each block decodes on its own. */
struct block_state {
	uint64_t prev_pfn;
	uint64_t prev_ptr;
	int32_t *prev_pid;	/* [nr_cpus] */
	uint32_t nr_cpus;
};

/*
 * Encodes every field but the timestamp (which needs the whole block for its unit).
 * -EINVAL for an event the format cannot hold (bad type, flags, cpu or string id).
 */
int block_encode_event(struct block_state *st, struct bytebuf col[COL__NR], const struct mm_event *ev,
		       uint32_t nr_strings);
/*
 * Decodes up to n whole events (every field, the timestamp as *prev_ts plus its delta
 * times ts_unit) into ev[0..n), each zeroed first, and counts them by type. Returns the
 * events decoded; *err is -EBADMSG if the next one is corrupt (the cursors are then past
 * an unknown part of it), else 0.
 */
uint32_t block_decode_batch(struct block_state *st, struct cursor col[COL__NR], struct mm_event *ev,
			    uint32_t n, uint32_t nr_strings, uint64_t *prev_ts, uint64_t ts_unit,
			    uint64_t counts[MM_EV__NR], int *err);
void block_state_reset(struct block_state *st);
const char *block_col_name(unsigned int col);

#endif
