/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The exact free-list and pcp state of the running kernel, walked by eBPF
 * (trace/bpf/walk.bpf.c), as the text of the snapshot file mmtrace/freelists
 * (trace/SNAPSHOT.md). freelist_walk.c is the only user of the walk_bpf skeleton;
 * freelist_walk_stub.c stands in for it when mmtrace is built without BPF.
 */
#ifndef MMTRACE_TRACE_FREELIST_WALK_H
#define MMTRACE_TRACE_FREELIST_WALK_H

#include <stddef.h>
#include <stdint.h>

struct freelist_walk_stats {
	uint64_t walk_ns;		/* the accepted attempts' walks, summed */
	uint64_t nr_blocks;		/* free blocks on buddy lists */
	uint64_t nr_pcp_pages;		/* entries on pcp lists */
	uint64_t vmemmap_base;		/* derived; see freelist_walk.c */
	uint32_t nr_attempts;
	uint32_t nr_zones;
	uint32_t nr_racy_zones;		/* buddy lists still changing after every attempt */
	uint32_t nr_racy_pcps;		/* (zone, cpu) pcps still changing */
	char reason[128];		/* why not, when the walk is unavailable */
};

/*
 * Walk every zone's free lists and every possible CPU's pcp lists. On success *text is a
 * malloc'd mmtrace/freelists file (NUL-terminated, *len without the NUL) and st says
 * what was seen. A negative errno when it cannot run: -ENOTSUP without BPF support,
 * -EPERM without privileges, -ENOENT without kernel BTF or frag_show(); st->reason
 * then has one line of detail.
 */
int freelist_walk(char **text, size_t *len, struct freelist_walk_stats *st);

#endif
