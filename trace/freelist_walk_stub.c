// SPDX-License-Identifier: GPL-2.0-only
/* Built with NO_BPF=1, or without clang/bpftool: snapshots are taken without the walk. */
#include <errno.h>
#include <stdio.h>

#include "freelist_walk.h"

int freelist_walk(char **text, size_t *len, struct freelist_walk_stats *st)
{
	*text = NULL;
	*len = 0;
	*st = (struct freelist_walk_stats){ 0 };
	snprintf(st->reason, sizeof(st->reason), "mmtrace was built without BPF support");
	return -ENOTSUP;
}
