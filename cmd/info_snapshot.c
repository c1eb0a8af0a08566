// SPDX-License-Identifier: GPL-2.0-only
/* The snapshot part of `mmtrace info`: zones and caches from the start snapshot. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/machine.h"
#include "../core/stats.h"
#include "../trace/snapshot_parse.h"
#include "info_snapshot.h"

static int parse_one(struct snap_summary *ss, const struct snap_files *s, const char *which,
		     struct mm_machine *m)
{
	struct parse_err err = { 0 };
	int ret;

	mm_machine__init(m);
	ret = mm_machine__from_snapshot(m, s, &err);
	if (ret) {
		if (err.line)
			snprintf(ss->error, sizeof(ss->error), "%s snapshot: %s:%u: %s", which,
				 err.file, err.line, err.msg);
		else
			snprintf(ss->error, sizeof(ss->error), "%s snapshot: %s: %s", which,
				 err.file, err.msg[0] ? err.msg : strerror(-ret));
	}
	return ret;
}

int snap_summary_build(struct snap_summary *ss, const struct snap_files *start,
		       const struct snap_files *end, bool verify, struct info_report *rep)
{
	struct mm_machine m;
	int ret = 0;

	if (start) {
		ret = parse_one(ss, start, "start", &m);
		if (!ret || !verify) {
			ss->zones = calloc(m.nr_zones ? m.nr_zones : 1, sizeof(*ss->zones));
			for (uint32_t i = 0; ss->zones && i < m.nr_zones; i++) {
				const struct mm_zone *z = &m.zones[i];
				struct info_zone *iz = &ss->zones[ss->nr_zones];

				/* Zones with no memory are listed by zoneinfo but say nothing. */
				if (!z->managed_pages && !z->nr_free_pages)
					continue;
				iz->node = (uint32_t)z->node;
				snprintf(iz->name, sizeof(iz->name), "%s", z->name);
				iz->managed = z->managed_pages;
				iz->nr_free = z->nr_free_pages;
				iz->wmark_min = z->wmark[MM_WMARK_MIN];
				iz->wmark_low = z->wmark[MM_WMARK_LOW];
				iz->wmark_high = z->wmark[MM_WMARK_HIGH];
				if (z->has & MM_ZONE_HAS_BUDDYINFO && z->nr_orders <= 16) {
					iz->nr_orders = z->nr_orders;
					for (uint32_t o = 0; o < z->nr_orders; o++) {
						iz->unusable_free_index[o] =
							mm_unusable_free_index(z->nr_free, z->nr_orders, o);
						iz->fragmentation_index[o] =
							mm_fragmentation_index(z->nr_free, z->nr_orders, o);
					}
				}
				ss->nr_zones++;
			}
			rep->zones = ss->zones;
			rep->nr_zones = ss->nr_zones;
			rep->nr_slab_caches = m.nr_slab_caches;
		}
		mm_machine__free(&m);
		/* Without --verify a snapshot that does not parse only loses its summary. */
		if (!verify)
			ret = 0;
		if (ret)
			return -EBADMSG;
	}
	if (end && verify) {
		ret = parse_one(ss, end, "end", &m);
		mm_machine__free(&m);
		if (ret)
			return -EBADMSG;
	}
	return 0;
}

void snap_summary_print(const struct snap_summary *ss, const struct info_report *rep)
{
	printf("snapshot:  ");
	if (!rep->have_snapshot[0] && !rep->have_snapshot[1]) {
		printf("none\n");
		return;
	}
	if (rep->have_snapshot[0])
		printf("start (%zu files)%s", rep->snapshot_files[0], rep->have_snapshot[1] ? ", " : "");
	if (rep->have_snapshot[1])
		printf("end (%zu files)", rep->snapshot_files[1]);
	if (rep->nr_slab_caches)
		printf(", %zu slab caches", rep->nr_slab_caches);
	printf("\n");
	if (!ss->nr_zones)
		return;
	printf("  %-4s %-8s %12s %12s %9s %9s %9s\n", "node", "zone", "managed", "free", "min",
	       "low", "high");
	for (size_t i = 0; i < ss->nr_zones; i++) {
		const struct info_zone *z = &ss->zones[i];

		printf("  %-4u %-8s %12" PRIu64 " %12" PRIu64 " %9" PRIu64 " %9" PRIu64
		       " %9" PRIu64 "\n", z->node, z->name, z->managed, z->nr_free, z->wmark_min,
		       z->wmark_low, z->wmark_high);
	}
}

void snap_summary_free(struct snap_summary *ss)
{
	free(ss->zones);
	ss->zones = NULL;
}
