// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "info_snapshot.h"

int snap_summary_build(struct snap_summary *ss, const struct snap_files *start,
		       const struct snap_files *end, bool verify, struct info_report *rep)
{
	(void)ss;
	(void)start;
	(void)end;
	(void)verify;
	(void)rep;
	return 0;
}

void snap_summary_print(const struct snap_summary *ss, const struct info_report *rep)
{
	(void)ss;
	printf("snapshot:  ");
	if (!rep->have_snapshot[0] && !rep->have_snapshot[1]) {
		printf("none\n");
		return;
	}
	if (rep->have_snapshot[0])
		printf("start (%zu files)%s", rep->snapshot_files[0], rep->have_snapshot[1] ? ", " : "");
	if (rep->have_snapshot[1])
		printf("end (%zu files)", rep->snapshot_files[1]);
	printf("\n");
}

void snap_summary_free(struct snap_summary *ss)
{
	free(ss->zones);
	ss->zones = NULL;
}
