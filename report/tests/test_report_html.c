// SPDX-License-Identifier: GPL-2.0-only
/* The report's reader (report_load.c), plot helpers (svg.c) and page (html.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/tests/testlib.h"
#include "../html.h"
#include "../report_load.h"
#include "../svg.h"

/* A result of one zone with 11 orders, two samples, a fallback and a claim. */
#define ZONE_SAMPLES                                                                      \
	"\"samples\": {\"interval\": 10, \"event\": [10, 20],"                           \
	" \"nr_free\": [[1,2,3,4,5,6,7,8,9,10,11], [0,0,0,0,0,0,0,0,0,0,1]],"             \
	" \"pageblocks\": {\"Unmovable\": [1, 2], \"Movable\": [7, 6], \"Reclaimable\": [0, 0],"\
	" \"HighAtomic\": [0, 0], \"CMA\": [0, 0], \"Isolate\": [0, 0]},"                  \
	" \"nr_fallbacks\": [0, 3], \"nr_pageblock_claims\": [0, 1]}"
#define RESULT(policy, extra)                                                             \
	"{\"schema\": 1, " policy "\"trace\": {\"path\": \"t<1>.mmt\", \"crc32c\": \"0\"},"  \
	" \"profile\": \"6.12\", \"mode\": \"follow\", \"events\": {\"total\": 20},"         \
	" \"zones\": [{\"node\": 0, \"zone\": \"Normal\", \"managed_pages\": 4096,"          \
	" \"end\": {\"nr_free\": [0,0,0,0,0,0,0,0,0,0,1], \"pageblocks\": {\"Unmovable\": 2,"\
	" \"Movable\": 6, \"Reclaimable\": 0, \"HighAtomic\": 0, \"CMA\": 0, \"Isolate\": 0}},"\
	" \"fallbacks\": [{\"order\": 0, \"start_migratetype\": \"Unmovable\","              \
	" \"fallback_migratetype\": \"Movable\", \"fallback_order\": 3, \"count\": 3}],"     \
	" \"pageblock_claims\": [{\"to\": \"Unmovable\", \"from\": \"Movable\", \"count\": 1}]," \
	ZONE_SAMPLES "}]" extra "}"

static const char doc[] = RESULT("", "");
static const char doc_slab[] = RESULT(
	"\"policy\": {\"name\": \"tight\", \"settings\": {}}, ",
	", \"slab\": {\"caches\": [{\"name\": \"<x>&y\", \"waste\": {\"internal_bytes\": 10,"
	" \"tail_bytes\": 20}}, {\"name\": \"kmalloc-64\", \"waste\": {\"internal_bytes\": 50,"
	" \"tail_bytes\": 0}}]}");

static bool contains(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s += strlen(needle);
	}
	return n;
}

TEST(sbuf_escape_markup)
{
	struct sbuf b = { 0 };
	char *s;

	sbuf_escape(&b, "<a href='x'>&\"\x01");
	s = sbuf_take(&b);
	ASSERT_STREQ(s, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;?");
	free(s);
	s = sbuf_take(&b);	/* empty, not NULL */
	ASSERT_STREQ(s, "");
	free(s);
	return true;
}

TEST(svg_scales)
{
	char c[8];

	ASSERT_TRUE(svg_nice_step(10, 5) == 2);
	ASSERT_TRUE(svg_nice_step(1, 5) > 0.19 && svg_nice_step(1, 5) < 0.21);
	ASSERT_TRUE(svg_nice_step(1000000, 6) == 200000);
	ASSERT_TRUE(svg_nice_step(0, 5) == 1);
	ASSERT_EQ(svg_log_position(0, 100), 0);
	ASSERT_EQ(svg_log_position(5, 0), 0);
	ASSERT_EQ(svg_log_position(1023, 1023), 1000);
	ASSERT_EQ(svg_log_position(1, 1023), 100);	/* log2(2) / log2(1024) */
	ASSERT_EQ(svg_log_position(UINT64_MAX / 2, UINT64_MAX), 984);	/* no overflow */
	svg_color_scale(0, c);
	ASSERT_STREQ(c, "#440154");
	svg_color_scale(1000, c);
	ASSERT_STREQ(c, "#fde725");
	svg_color_scale(5000, c);
	ASSERT_STREQ(c, "#fde725");
	return true;
}

TEST(svg_lines_series)
{
	static const double x[] = { 1, 2, 3 }, y[] = { 0, 0.5, 1 };
	const struct svg_series s[2] = {
		{ .label = "a\"b", .color = "#000", .n = 3, .x = x, .y = y },
		{ .label = "one", .color = "#111", .dash = "2 3", .n = 1, .x = x, .y = y },
	};
	struct sbuf b = { 0 };
	char *out;

	svg_lines(&b, &(struct svg_lines){ .id = "p<1>", .title = "T&", .x_label = "x",
		.y_label = "y", .x_min = 1, .x_max = 3, .y_min = 0, .y_max = 1, .nr_series = 2,
		.series = s });
	out = sbuf_take(&b);
	ASSERT_TRUE(out != NULL);
	ASSERT_TRUE(contains(out, "class=\"plot\" data-plot=\"p&lt;1&gt;\""));
	ASSERT_EQ(count(out, "class=\"series\""), 2);
	ASSERT_TRUE(contains(out, "data-series=\"a&quot;b\""));
	ASSERT_TRUE(contains(out, "<title>T&amp;</title>"));
	ASSERT_TRUE(contains(out, " h0\""));	/* one point is still drawn */
	free(out);
	return true;
}

TEST(report_load_single_and_labels)
{
	struct report_set *s = calloc(1, sizeof(*s));
	struct load_err err;

	ASSERT_EQ(report_set__add(s, doc, strlen(doc), "dir/base.json", &err), 0);
	ASSERT_EQ(report_set__add(s, doc, strlen(doc), "other/base.json", &err), 0);
	ASSERT_EQ(report_set__add(s, doc_slab, strlen(doc_slab), "x.json", &err), 0);
	ASSERT_EQ(s->nr_docs, 3);
	ASSERT_STREQ(s->docs[0].label, "base");
	ASSERT_STREQ(s->docs[0].policy, "default");
	ASSERT_STREQ(s->docs[1].label, "base (other/base.json)");
	ASSERT_STREQ(s->docs[2].label, "tight");
	ASSERT_EQ(s->docs[0].zones[0].nr_samples, 2);
	ASSERT_EQ(s->docs[0].zones[0].fallbacks[0][1], 3);
	ASSERT_EQ(s->docs[0].zones[0].claims[0][1], 1);
	ASSERT_EQ(s->docs[0].zones[0].pageblocks[1 * MT__NR + 1], 6);
	ASSERT_EQ(s->docs[0].zones[0].cum_fallbacks[1], 3);
	ASSERT_TRUE(!s->docs[0].has_slab && s->docs[2].has_slab);
	ASSERT_EQ(s->docs[2].nr_caches, 2);
	report_set__clear(s);
	free(s);
	return true;
}

TEST(report_load_set)
{
	struct report_set *s = calloc(1, sizeof(*s));
	struct load_err err;
	char *set = malloc(3 * sizeof(doc_slab) + 200);

	sprintf(set, "{\"schema\": 1, \"kind\": \"replay-set\", \"results\": [%s, %s]}", doc_slab,
		doc);
	ASSERT_EQ(report_set__add(s, set, strlen(set), "set.json", &err), 0);
	ASSERT_EQ(s->nr_docs, 2);
	ASSERT_STREQ(s->docs[0].label, "tight");
	ASSERT_STREQ(s->docs[1].label, "results[1]");
	ASSERT_STREQ(s->docs[1].source, "set.json results[1]");
	/* a bad second result: named with its place, and the set keeps nothing of the file */
	sprintf(set, "{\"schema\": 1, \"kind\": \"replay-set\", \"results\": [%s, {\"schema\": 1}]}",
		doc);
	ASSERT_EQ(report_set__add(s, set, strlen(set), "set.json", &err), -EBADMSG);
	ASSERT_STREQ(err.msg, "results[1].trace: missing");
	ASSERT_EQ(s->nr_docs, 2);
	sprintf(set, "{\"schema\": 1, \"kind\": \"sets\"}");
	ASSERT_EQ(report_set__add(s, set, strlen(set), "set.json", &err), -EBADMSG);
	ASSERT_TRUE(contains(err.msg, "kind: "));
	free(set);
	report_set__clear(s);
	free(s);
	return true;
}

TEST(report_load_rejects_by_key)
{
	static const struct {
		const char *from, *to, *msg;
		int ret;
	} cases[] = {
		{ "\"schema\": 1", "\"schema\": 3", "schema 3 is not supported (this mmtrace reads 1)",
		  -EPROTONOSUPPORT },
		{ "\"start_migratetype\": \"Unmovable\"", "\"start_migratetype\": \"Sticky\"",
		  "zones[0].fallbacks[0].start_migratetype: \"Sticky\" is not a migratetype", -EBADMSG },
		{ "\"event\": [10, 20]", "\"event\": [10]",
		  "zones[0].samples.nr_free: 2 samples, expected 1 as in event", -EBADMSG },
		{ "\"Movable\": [7, 6]", "\"Movable\": [7, -6]",
		  "zones[0].samples.pageblocks.Movable[1]: -6 is negative", -EBADMSG },
		{ "[0,0,0,0,0,0,0,0,0,0,1]]", "[0,0,0,0,0,0,0,0,0,1]]",
		  "zones[0].samples.nr_free[1]: 10 entries, expected 11", -EBADMSG },
		{ "\"tail_bytes\": 20", "\"tail_bytes\": \"20\"",
		  "slab.caches[0].waste.tail_bytes: expected an integer, got a string", -EBADMSG },
		{ "\"name\": \"tight\"", "\"name\": \"\"", "policy.name: empty", -EBADMSG },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report_set *s = calloc(1, sizeof(*s));
		const char *at = strstr(doc_slab, cases[i].from);
		char buf[sizeof(doc_slab) + 64];
		struct load_err err;
		int ret;

		ASSERT_TRUE(at != NULL);
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - doc_slab), doc_slab, cases[i].to,
			 at + strlen(cases[i].from));
		ret = report_set__add(s, buf, strlen(buf), "a.json", &err);
		ASSERT_EQ(ret, cases[i].ret);
		ASSERT_STREQ(err.msg, cases[i].msg);
		ASSERT_EQ(s->nr_docs, 0);
		free(s);
	}
	return true;
}

TEST(html_plots_and_escaping)
{
	struct report_set *s = calloc(1, sizeof(*s));
	struct report_out a, b;
	struct load_err err;

	ASSERT_EQ(report_set__add(s, doc, strlen(doc), "a.json", &err), 0);
	ASSERT_EQ(report_set__add(s, doc_slab, strlen(doc_slab), "b.json", &err), 0);
	ASSERT_EQ(report_html(s, &a), 0);
	ASSERT_EQ(report_html(s, &b), 0);
	ASSERT_STREQ(a.html, b.html);	/* deterministic */
	/* 2 heatmaps, unusable and fragmentation index, 2 x 2 matrices, pageblocks,
	 * fallbacks over time, the slab bars of the one result that has slab data */
	ASSERT_EQ(a.nr_plots, 11);
	ASSERT_EQ(count(a.html, "class=\"plot\""), 11);
	ASSERT_STREQ(a.plots[0].id, "free-heatmap.n0-Normal.a");
	ASSERT_STREQ(a.plots[2].id, "unusable-index.n0-Normal");
	ASSERT_EQ(count(a.plots[2].svg, "class=\"series\""), 6);	/* 2 results x 3 orders */
	ASSERT_EQ(count(a.plots[3].svg, "class=\"series\""), 2);
	ASSERT_STREQ(a.plots[10].id, "slab-waste.tight");
	ASSERT_EQ(count(a.plots[10].svg, "class=\"series\""), 2);
	ASSERT_TRUE(contains(a.plots[10].svg, "&lt;x&gt;&amp;y"));
	ASSERT_TRUE(!contains(a.html, "<x>"));
	ASSERT_TRUE(contains(a.html, "<title>mmtrace report: t&lt;1&gt;.mmt</title>"));
	ASSERT_TRUE(contains(a.html, "a: no slab data in this replay"));
	ASSERT_TRUE(!contains(a.html, "<script"));
	report_out__clear(&a);
	report_out__clear(&b);
	report_set__clear(s);
	free(s);
	return true;
}

TEST(report_slug_chars)
{
	char out[8];

	report_slug(out, sizeof(out), "a b/c.d-é");
	ASSERT_STREQ(out, "a_b_c.d");
	return true;
}
