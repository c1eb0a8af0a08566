// SPDX-License-Identifier: GPL-2.0-only
/* info --json: fixed key order, integer values, tracepoint names as event keys. */
#include <stdlib.h>

#include "../../core/tests/testlib.h"
#include "../info.h"

TEST(info_json_is_stable_and_ordered)
{
	static const uint64_t drops[2] = { 0, 7 };
	struct info_zone z = { .node = 0, .name = "Normal", .managed = 1000, .nr_free = 500,
			       .wmark_min = 10, .wmark_low = 12, .wmark_high = 14 };
	struct info_report r = { .path = "t.mmt", .file_bytes = 1000, .event_bytes = 250,
				 .version_major = 1, .tool = "mmtrace 0.1", .source = "record",
				 .clock = "monotonic", .arch = "x86_64", .release = "6.1.0",
				 .page_size = 4096, .nr_cpus = 2, .first_ts_ns = 1000,
				 .last_ts_ns = 1000001000, .nr_events = 100, .drops = drops,
				 .nr_drop_cpus = 2, .status = "complete", .zones = &z,
				 .nr_zones = 1 };
	char *a, *b;

	r.counts[MM_EV_PAGE_ALLOC] = 60;
	r.counts[MM_EV_KFREE] = 40;
	a = info_report_json(&r);
	b = info_report_json(&r);
	ASSERT_TRUE(a && b);
	ASSERT_STREQ(a, b);
	ASSERT_TRUE(strstr(a, "\"schema\": 1"));
	ASSERT_TRUE(strstr(a, "\"mm_page_alloc\": 60"));
	ASSERT_TRUE(strstr(a, "\"kfree\": 40"));
	ASSERT_TRUE(strstr(a, "\"nr_drops\": 7"));
	ASSERT_TRUE(strstr(a, "\"events_per_sec\": 100,"));
	ASSERT_TRUE(strstr(a, "\"event_bytes_per_event_milli\": 2500"));
	ASSERT_TRUE(strstr(a, "\"error\": null"));
	/* Insertion order: schema first, error last. */
	ASSERT_TRUE(strstr(a, "\"schema\"") < strstr(a, "\"trace\""));
	ASSERT_TRUE(strstr(a, "\"snapshot\"") < strstr(a, "\"error\""));
	free(a);
	free(b);
	return true;
}
