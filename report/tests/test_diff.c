// SPDX-License-Identifier: GPL-2.0-only
/*
 * report/diff.c: threshold parsing and arithmetic (relative and absolute, both
 * directions, a zero base), the metric table, and the three output formats.
 */
#include <errno.h>
#include <stdlib.h>

#include "../../core/tests/testlib.h"
#include "../diff.h"

static struct diff_threshold thr(const char *spec)
{
	struct diff_threshold t;
	char msg[256];

	if (diff_threshold_parse(spec, &t, msg, sizeof(msg))) {
		fprintf(stderr, "%s\n", msg);
		abort();
	}
	return t;
}

TEST(diff_threshold_parse)
{
	struct diff_threshold t;
	char msg[256];

	t = thr("fallbacks=5%");
	ASSERT_TRUE(t.relative);
	ASSERT_EQ(t.limit, 5000);	/* thousandths of a percent */
	ASSERT_STREQ(t.m->name, "fallbacks");
	ASSERT_TRUE(!t.per_zone);
	t = thr("unusable_index_order_9=2.5%");
	ASSERT_EQ(t.limit, 2500);
	t = thr("pageblock_claims=12");
	ASSERT_TRUE(!t.relative);
	ASSERT_EQ(t.limit, 12);
	t = thr("fallbacks@1:Normal=0");
	ASSERT_TRUE(t.per_zone);
	ASSERT_EQ(t.node, 1);
	ASSERT_STREQ(t.zone, "Normal");
	ASSERT_STREQ(t.spec, "0");

	ASSERT_EQ(diff_threshold_parse("frag=5%", &t, msg, sizeof(msg)), -ENOENT);
	ASSERT_TRUE(strstr(msg, "unknown metric 'frag'"));
	ASSERT_EQ(diff_threshold_parse("fallbacks", &t, msg, sizeof(msg)), -EINVAL);
	ASSERT_EQ(diff_threshold_parse("fallbacks=", &t, msg, sizeof(msg)), -EINVAL);
	ASSERT_EQ(diff_threshold_parse("fallbacks=-1", &t, msg, sizeof(msg)), -EINVAL);
	ASSERT_EQ(diff_threshold_parse("fallbacks=1.5", &t, msg, sizeof(msg)), -EINVAL);
	ASSERT_EQ(diff_threshold_parse("fallbacks=1.2345%", &t, msg, sizeof(msg)), -EINVAL);
	ASSERT_EQ(diff_threshold_parse("fallbacks=%", &t, msg, sizeof(msg)), -EINVAL);
	ASSERT_EQ(diff_threshold_parse("fallbacks@Normal=1", &t, msg, sizeof(msg)), -EINVAL);
	ASSERT_EQ(diff_threshold_parse("pfn_agreement_ppm@0:DMA=1", &t, msg, sizeof(msg)), -EINVAL);
	return true;
}

TEST(diff_relative_threshold)
{
	struct diff_threshold t = thr("fallbacks=5%");

	/* 100 -> 105 is exactly 5%: allowed; 106 is over */
	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, 100, 105, &t));
	ASSERT_TRUE(diff_exceeds(DIFF_HIGHER_IS_WORSE, 100, 106, &t));
	/* an improvement never exceeds */
	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, 100, 10, &t));
	/* 2.5% of 1000 is 25 */
	t = thr("fallbacks=2.5%");
	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, 1000, 1025, &t));
	ASSERT_TRUE(diff_exceeds(DIFF_HIGHER_IS_WORSE, 1000, 1026, &t));
	/* negative bases (fragmentation index -1000) are taken by magnitude */
	t = thr("fragmentation_index_order_9=10%");
	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, -1000, -900, &t));
	ASSERT_TRUE(diff_exceeds(DIFF_HIGHER_IS_WORSE, -1000, -899, &t));
	/* no overflow at the ends */
	ASSERT_TRUE(diff_exceeds(DIFF_HIGHER_IS_WORSE, 1, INT64_MAX, &t));
	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, INT64_MAX, 1, &t));
	return true;
}

TEST(diff_absolute_threshold)
{
	struct diff_threshold t = thr("pageblock_claims=3");

	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, 10, 13, &t));
	ASSERT_TRUE(diff_exceeds(DIFF_HIGHER_IS_WORSE, 10, 14, &t));
	t = thr("pageblock_claims=0");
	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, 10, 10, &t));
	ASSERT_TRUE(diff_exceeds(DIFF_HIGHER_IS_WORSE, 10, 11, &t));
	return true;
}

TEST(diff_direction)
{
	struct diff_threshold rel = thr("pfn_agreement_ppm=1%"), abs = thr("pfn_agreement_ppm=500");

	ASSERT_EQ(diff_metric_find("pfn_agreement_ppm")->dir, DIFF_LOWER_IS_WORSE);
	ASSERT_EQ(diff_metric_find("fallbacks")->dir, DIFF_HIGHER_IS_WORSE);
	/* lower is worse: a rise is never a regression, a drop past the limit is */
	ASSERT_TRUE(!diff_exceeds(DIFF_LOWER_IS_WORSE, 900000, 1000000, &rel));
	ASSERT_TRUE(!diff_exceeds(DIFF_LOWER_IS_WORSE, 900000, 891000, &rel));
	ASSERT_TRUE(diff_exceeds(DIFF_LOWER_IS_WORSE, 900000, 890999, &rel));
	ASSERT_TRUE(!diff_exceeds(DIFF_LOWER_IS_WORSE, 1000, 500, &abs));
	ASSERT_TRUE(diff_exceeds(DIFF_LOWER_IS_WORSE, 1000, 499, &abs));
	return true;
}

TEST(diff_zero_base)
{
	struct diff_threshold rel = thr("fallbacks=50%"), abs = thr("fallbacks=2");
	int64_t ppm;

	/* from nothing to something is an infinite relative increase: over any N% */
	ASSERT_TRUE(diff_exceeds(DIFF_HIGHER_IS_WORSE, 0, 1, &rel));
	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, 0, 0, &rel));
	/* but an absolute limit still allows it */
	ASSERT_TRUE(!diff_exceeds(DIFF_HIGHER_IS_WORSE, 0, 2, &abs));
	ASSERT_TRUE(diff_exceeds(DIFF_HIGHER_IS_WORSE, 0, 3, &abs));
	/* and the relative change is undefined rather than made up */
	ASSERT_TRUE(!diff_relative_ppm(0, 5, &ppm));
	ASSERT_TRUE(diff_relative_ppm(0, 0, &ppm));
	ASSERT_EQ(ppm, 0);
	ASSERT_TRUE(diff_relative_ppm(200, 250, &ppm));
	ASSERT_EQ(ppm, 250000);
	ASSERT_TRUE(diff_relative_ppm(-1000, -500, &ppm));
	ASSERT_EQ(ppm, 500000);
	return true;
}

TEST(diff_metric_table)
{
	char name[32];

	/* the names documented for --max-regress exist, unusable index for orders 0..10 */
	ASSERT_TRUE(diff_metric_find("fallbacks_fragmenting"));
	ASSERT_TRUE(diff_metric_find("movable_contamination_pages"));
	ASSERT_TRUE(diff_metric_find("inconsistencies"));
	for (int k = 0; k <= 10; k++) {
		snprintf(name, sizeof(name), "unusable_index_order_%d", k);
		ASSERT_TRUE(diff_metric_find(name));
		ASSERT_TRUE(strstr(diff_metric_names(), name));
	}
	ASSERT_TRUE(!diff_metric_find("unusable_index_order_11"));
	ASSERT_TRUE(!diff_metric_find("fallback"));	/* no prefixes */
	for (size_t i = 0; i < nr_diff_metrics; i++)
		ASSERT_TRUE(diff_metrics[i].desc && diff_metrics[i].get);
	return true;
}

static void zone(struct result_zone *z, int node, const char *name, uint64_t fallbacks,
		 int64_t unusable9)
{
	memset(z, 0, sizeof(*z));
	z->node = node;
	snprintf(z->name, sizeof(z->name), "%s", name);
	z->nr_orders = 11;
	z->nr_fallbacks = fallbacks;
	z->unusable_free_index_milli[9] = unusable9;
}

static void result(struct replay_result *r, const char *crc, uint64_t fb_dma, uint64_t fb_normal,
		   int64_t u_dma, int64_t u_normal)
{
	memset(r, 0, sizeof(*r));
	r->tool = (char *)"mmtrace 0.1";
	r->trace_path = (char *)"testdata/traces/t.mmt";
	r->trace_crc32c = (char *)crc;
	r->release = r->profile = (char *)"6.12";
	r->mode = (char *)"follow";
	r->nr_zones = 2;
	zone(&r->zones[0], 0, "DMA", fb_dma, u_dma);
	zone(&r->zones[1], 0, "Normal", fb_normal, u_normal);
}

static const struct diff_row *row(const struct diff_report *d, const char *name)
{
	for (size_t i = 0; i < d->nr_rows; i++)
		if (!strcmp(d->rows[i].name, name))
			return &d->rows[i];
	return NULL;
}

TEST(diff_report_sums_and_maxes_over_zones)
{
	struct replay_result a, b;
	struct diff_threshold t[3] = { thr("fallbacks=10%"), thr("unusable_index_order_9=100"),
				       thr("fallbacks@0:Normal=0") };
	struct diff_report d;
	const struct diff_row *r;
	char msg[256];

	result(&a, "00000001", 10, 90, 300, 100);
	result(&b, "00000001", 10, 101, 200, 350);
	ASSERT_EQ(diff_report__build(&d, &a, &b, t, 3, false, msg, sizeof(msg)), 0);
	d.base_path = "a.json";
	d.new_path = "b.json";
	r = row(&d, "fallbacks");
	ASSERT_TRUE(r);
	ASSERT_EQ(r->base, 100);
	ASSERT_EQ(r->new, 111);
	ASSERT_EQ(r->change, 11);
	ASSERT_EQ(r->relative_ppm, 110000);
	ASSERT_TRUE(r->exceeded);
	/* the worst zone: 300 -> 350 is +50, under 100 */
	r = row(&d, "unusable_index_order_9");
	ASSERT_EQ(r->base, 300);
	ASSERT_EQ(r->new, 350);
	ASSERT_TRUE(r->threshold && !r->exceeded);
	/* only the zone with a threshold gets a row unless all_zones */
	ASSERT_TRUE(row(&d, "fallbacks@0:Normal") && row(&d, "fallbacks@0:Normal")->exceeded);
	ASSERT_TRUE(!row(&d, "fallbacks@0:DMA"));
	ASSERT_TRUE(row(&d, "inconsistencies")->present);
	ASSERT_TRUE(!row(&d, "pfn_agreement_ppm")->present);
	ASSERT_EQ(d.nr_exceeded, 2);
	diff_report__clear(&d);

	ASSERT_EQ(diff_report__build(&d, &a, &b, t, 0, true, msg, sizeof(msg)), 0);
	ASSERT_TRUE(row(&d, "fallbacks@0:DMA"));
	ASSERT_TRUE(row(&d, "unusable_index_order_9@0:Normal"));
	ASSERT_EQ(d.nr_exceeded, 0);
	diff_report__clear(&d);
	return true;
}

TEST(diff_report_refuses_thresholds_it_cannot_check)
{
	struct replay_result a, b;
	struct diff_threshold zt = thr("fallbacks@0:Movable=1"), st = thr("pfn_agreement_ppm=1%");
	struct diff_report d;
	char msg[256];

	result(&a, "00000001", 0, 0, 0, 0);
	result(&b, "00000001", 0, 0, 0, 0);
	ASSERT_EQ(diff_report__build(&d, &a, &b, &zt, 1, false, msg, sizeof(msg)), -EINVAL);
	ASSERT_TRUE(strstr(msg, "zones: 0:DMA 0:Normal"));
	/* a gate on a metric neither result has must not pass silently */
	ASSERT_EQ(diff_report__build(&d, &a, &b, &st, 1, false, msg, sizeof(msg)), -EINVAL);
	ASSERT_TRUE(strstr(msg, "pfn_agreement_ppm is not in these results"));
	return true;
}

TEST(diff_report_formats)
{
	struct replay_result a, b;
	struct diff_threshold t[2] = { thr("fallbacks=5%"), thr("pageblock_claims=0") };
	struct diff_report d;
	char msg[256], *text, *md, *js, *js2;

	result(&a, "00000001", 0, 100, 0, 0);
	result(&b, "00000002", 0, 200, 0, 0);
	ASSERT_EQ(diff_report__build(&d, &a, &b, t, 2, false, msg, sizeof(msg)), 0);
	d.base_path = "a.json";
	d.new_path = "b.json";
	text = diff_report__text(&d);
	md = diff_report__markdown(&d);
	js = diff_report__json(&d);
	js2 = diff_report__json(&d);
	ASSERT_TRUE(text && md && js && js2);
	ASSERT_TRUE(strstr(text, "\nfallbacks "));
	ASSERT_TRUE(strstr(text, "+100.0% ! >5%\n"));
	ASSERT_TRUE(strstr(text, "  <=0\n"));
	ASSERT_TRUE(strstr(text, "\nREGRESSION: 1 of 2 thresholds exceeded: fallbacks +100 (+100.0%) > 5%\n"));
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');

		/* the bcc rule, for the table (the header names the files) */
		if (strncmp(p, "base ", 5) && strncmp(p, "new ", 4))
			ASSERT_TRUE(nl - p < 80);
		p = nl + 1;
	}
	ASSERT_TRUE(!strncmp(md, "**mmtrace diff** :x: REGRESSION: 1 of 2", 39));
	ASSERT_TRUE(strstr(md, "| **fallbacks** | 100 | 200 | +100 | +100.0% | :x: >5% |\n"));
	ASSERT_TRUE(strstr(md, "| pageblock_claims | 0 | 0 | +0 | +0.0% | :white_check_mark: <=0 |\n"));
	ASSERT_STREQ(js, js2);
	ASSERT_TRUE(strstr(js, "\"same_trace\": false"));
	ASSERT_TRUE(strstr(js, "\"verdict\": \"regression\""));
	ASSERT_TRUE(strstr(js, "\"relative_ppm\": 1000000"));
	ASSERT_TRUE(strstr(js, "\"schema\": 1") < strstr(js, "\"metrics\""));
	free(text);
	free(md);
	free(js);
	free(js2);
	diff_report__clear(&d);
	return true;
}
