// SPDX-License-Identifier: GPL-2.0-only
/*
 * report/load.c: a replay document read back. One small valid document, then one edit
 * per class of bad input (missing key, wrong type, out of range, wrong schema, not
 * JSON), each of which must be refused with the key named.
 */
#include <errno.h>
#include <stdlib.h>

#include "../../core/tests/testlib.h"
#include "../load.h"

/* A follow-mode result with two zones of 4 orders, in the writer's key order. */
#define ZONE(node, name, fb, claims)                                                         \
	"{\"node\": " #node ", \"zone\": \"" name "\", \"managed_pages\": 1000,"              \
	" \"watermarks\": {\"min\": 1, \"low\": 2, \"high\": 3, \"promo\": 4},"               \
	" \"end\": {\"nr_free\": [4, 3, 2, 1], \"free_pages\": 18, \"pcp_pages\": 0,"          \
	" \"unusable_free_index_milli\": [0, 222, 555, 777],"                                 \
	" \"fragmentation_index_milli\": [-1000, -1000, -1000, 500]},"                        \
	" \"allocations\": {\"by_order\": [9, 8, 7, 6], \"failed_by_order\": [0, 1, 0, 2],"   \
	" \"watermark_failures\": {\"min\": 1, \"low\": 2, \"high\": 0, \"promo\": 0}},"       \
	" \"pcp\": {\"hits\": 5, \"refills\": 1, \"refill_pages\": 31, \"drain_pages\": 7},"  \
	" \"fallbacks\": " fb ", \"pageblock_claims\": " claims ","                           \
	" \"highatomic\": {\"reserved\": 1, \"unreserved\": 0}, \"watermark_boosts\": 2,"     \
	" \"in_movable_pageblocks\": {\"Unmovable\": {\"allocations\": 3, \"pages\": 5},"     \
	" \"Reclaimable\": {\"allocations\": 1, \"pages\": 2}}}"

static const char good_doc[] =
	"{\"schema\": 1, \"tool\": \"mmtrace 0.1\","
	" \"trace\": {\"path\": \"t.mmt\", \"crc32c\": \"0024b527\"},"
	" \"kernel\": {\"release\": \"6.12\", \"profile\": \"6.12\", \"sublevel\": 0,"
	" \"fallback\": \"6.12-claim-steal\"}, \"profile\": \"6.12\", \"mode\": \"follow\","
	" \"initial_state\": \"kpageflags\", \"initial_unknown_pages\": 0,"
	" \"events\": {\"total\": 100, \"drops\": 0},"
	" \"zones\": [" ZONE(0, "DMA", "[]", "[]") ", "
	ZONE(0, "Normal",
	     "[{\"order\": 0, \"start_migratetype\": \"Unmovable\", \"fallback_migratetype\":"
	     " \"Movable\", \"fallback_order\": 3, \"count\": 4}, {\"order\": 1,"
	     " \"start_migratetype\": \"Reclaimable\", \"fallback_migratetype\": \"Movable\","
	     " \"fallback_order\": 1, \"count\": 6}]",
	     "[{\"to\": \"Unmovable\", \"from\": \"Movable\", \"count\": 2}]") "],"
	" \"follow\": {\"page_events\": 90, \"inferred_bulk_allocs\": 0,"
	" \"inconsistencies\": {\"alloc_not_free\": 1, \"free_not_allocated\": 2,"
	" \"pfn_outside_zones\": 0, \"order_mismatch\": 0, \"drain_not_on_pcp\": 3},"
	" \"consistent_ppm\": 933333, \"first_inconsistencies\": []}}\n";

/* good_doc with the first occurrence of from replaced by to (malloc'd). */
static char *edit(const char *from, const char *to)
{
	const char *p = strstr(good_doc, from);
	size_t n = strlen(good_doc) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	if (!p || !out) {
		fprintf(stderr, "edit: '%s' not in the document\n", from);
		abort();
	}
	snprintf(out, n, "%.*s%s%s", (int)(p - good_doc), good_doc, to, p + strlen(from));
	return out;
}

/* Parse good_doc edited from -> to; expect errno want and a message containing key. */
static bool rejects(const char *from, const char *to, int want, const char *key)
{
	char *doc = edit(from, to);
	struct load_err err;
	struct replay_result *r = replay_result__parse(doc, strlen(doc), &err);
	int got = errno;

	free(doc);
	if (r) {
		replay_result__free(r);
		ASSERT_FAIL_("accepted %s -> %s", from, to);
	}
	ASSERT_EQ(got, want);
	if (!strstr(err.msg, key))
		ASSERT_FAIL_("message \"%s\" does not name \"%s\"", err.msg, key);
	return true;
}

TEST(load_good_document)
{
	struct load_err err;
	struct replay_result *r = replay_result__parse(good_doc, strlen(good_doc), &err);
	const struct result_zone *z;

	if (!r)
		ASSERT_FAIL_("rejected: %s", err.msg);
	ASSERT_STREQ(r->mode, "follow");
	ASSERT_STREQ(r->profile, "6.12");
	ASSERT_STREQ(r->trace_crc32c, "0024b527");
	ASSERT_EQ(r->nr_events, 100);
	ASSERT_EQ(r->nr_inconsistencies, 6);
	ASSERT_TRUE(!r->has_simulate);
	ASSERT_EQ(r->nr_zones, 2);
	z = replay_result__zone(r, 0, "Normal");
	ASSERT_TRUE(z == &r->zones[1]);
	ASSERT_EQ(z->nr_orders, 4);
	ASSERT_EQ(z->nr_fallbacks, 10);
	ASSERT_EQ(z->nr_fallbacks_fragmenting, 10);	/* both below pageblock_order */
	ASSERT_EQ(z->nr_pageblock_claims, 2);
	ASSERT_EQ(z->unusable_free_index_milli[3], 777);
	ASSERT_EQ(z->fragmentation_index_milli[0], -1000);
	ASSERT_EQ(z->nr_alloc_failed[3], 2);
	ASSERT_EQ(z->nr_wmark_fail, 3);
	ASSERT_EQ(z->nr_pcp_drain_pages, 7);
	ASSERT_EQ(z->nr_highatomic_reserved, 1);
	ASSERT_EQ(z->nr_boosts, 2);
	ASSERT_EQ(z->nr_polluting_pages, 7);
	ASSERT_TRUE(replay_result__zone(r, 1, "Normal") == NULL);
	replay_result__free(r);
	return true;
}

TEST(load_committed_golden)
{
	struct load_err err;
	struct replay_result *r =
		replay_result__load("testdata/golden/qemu-6.12-2g.6.12-sim.json", &err);

	if (!r)
		ASSERT_FAIL_("rejected: %s", err.msg);
	ASSERT_STREQ(r->mode, "simulate");
	ASSERT_TRUE(r->has_simulate);
	ASSERT_TRUE(r->nr_zones >= 1);
	ASSERT_EQ(r->zones[0].nr_orders, 11);
	replay_result__free(r);
	return true;
}

TEST(load_rejects_missing_keys)
{
	return rejects("\"schema\": 1, ", "", EBADMSG, "schema: missing") &&
	       rejects("\"crc32c\": \"0024b527\"", "\"crc\": \"0\"", EBADMSG, "trace.crc32c: missing") &&
	       rejects("\"drain_pages\": 7", "\"drained\": 7", EBADMSG,
		       "zones[0].pcp.drain_pages: missing") &&
	       rejects("\"count\": 6", "\"n\": 6", EBADMSG, "zones[1].fallbacks[1].count: missing") &&
	       rejects("\"drain_not_on_pcp\": 3", "\"x\": 3", EBADMSG,
		       "follow.inconsistencies.drain_not_on_pcp: missing") &&
	       rejects("\"mode\": \"follow\"", "\"mode\": \"simulate\"", EBADMSG,
		       "simulate: missing");
}

TEST(load_rejects_wrong_types)
{
	return rejects("\"tool\": \"mmtrace 0.1\"", "\"tool\": 1", EBADMSG,
		       "tool: expected a string, got an integer") &&
	       rejects("\"zones\": [", "\"zones\": {}, \"z\": [", EBADMSG,
		       "zones: expected an array, got an object") &&
	       rejects("\"managed_pages\": 1000", "\"managed_pages\": \"1000\"", EBADMSG,
		       "zones[0].managed_pages: expected an integer, got a string") &&
	       rejects("\"failed_by_order\": [0, 1, 0, 2]", "\"failed_by_order\": [0, 1.5, 0, 2]",
		       EBADMSG, "zones[0].allocations.failed_by_order[1]: expected an integer, got a real") &&
	       rejects("\"pageblock_claims\": []", "\"pageblock_claims\": [null]", EBADMSG,
		       "zones[0].pageblock_claims[0]: expected an object, got null");
}

TEST(load_rejects_out_of_range)
{
	return rejects("\"count\": 4", "\"count\": -4", EBADMSG, "zones[1].fallbacks[0].count") &&
	       rejects("\"fallback_order\": 3", "\"fallback_order\": 4", EBADMSG,
		       "zones[1].fallbacks[0].fallback_order: 4 is out of range") &&
	       rejects("[0, 222, 555, 777]", "[0, 222, 555, 1001]", EBADMSG,
		       "unusable_free_index_milli[3]") &&
	       rejects("[0, 222, 555, 777]", "[0, 222, 555]", EBADMSG,
		       "zones[0].end.unusable_free_index_milli: 3 orders, expected 4") &&
	       rejects("\"mode\": \"follow\"", "\"mode\": \"guess\"", EBADMSG, "mode: expected") &&
	       rejects("\"zone\": \"Normal\"", "\"zone\": \"DMA\"", EBADMSG,
		       "zones[1]: zone 0 DMA appears twice");
}

TEST(load_rejects_wrong_schema)
{
	return rejects("\"schema\": 1", "\"schema\": 2", EPROTONOSUPPORT, "schema 2 is not supported") &&
	       rejects("\"schema\": 1", "\"schema\": \"1\"", EBADMSG,
		       "schema: expected an integer, got a string");
}

TEST(load_rejects_non_json)
{
	struct load_err err;
	static const char *const bad[] = { "", "not json", "[1, 2]", "{\"schema\": 1", "null" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct replay_result *r = replay_result__parse(bad[i], strlen(bad[i]), &err);

		ASSERT_TRUE(r == NULL);
		ASSERT_EQ(errno, EBADMSG);
		ASSERT_TRUE(err.msg[0]);
	}
	/* duplicate keys are ambiguous: refused */
	return rejects("\"schema\": 1,", "\"schema\": 1, \"schema\": 1,", EBADMSG, "duplicate");
}

TEST(load_file_errors)
{
	struct load_err err;

	ASSERT_TRUE(replay_result__load("testdata/no/such/file.json", &err) == NULL);
	ASSERT_EQ(errno, ENOENT);
	ASSERT_TRUE(replay_result__load("testdata", &err) == NULL);
	ASSERT_EQ(errno, EISDIR);
	replay_result__free(NULL);
	return true;
}
