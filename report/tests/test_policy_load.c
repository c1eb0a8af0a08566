// SPDX-License-Identifier: GPL-2.0-only
/*
 * report/policy_load.c: policy files read back (each class of bad input refused with the
 * key named), the policy file writer round trip, and result sets: each result in the set
 * is the single-policy document byte for byte (indented), and load picks one by name.
 */
#include <errno.h>
#include <stdlib.h>

#include "../../core/tests/testlib.h"
#include "../json.h"
#include "../load.h"
#include "../policy_load.h"

static int load(const char *doc, struct mm_policy *p, struct policy_load_err *err)
{
	return policy_load_buf(doc, strlen(doc), p, err);
}

/* Numbers, strings and booleans all become mm_policy_set() text. */
TEST(policy_load_valid)
{
	static const char doc[] =
		"{\"name\": \"wsf200\", \"kernel\": \"6.12\", \"settings\": {"
		"\"watermark_scale_factor\": 200, \"lowmem_reserve_ratio\": \"256 256 32 0\","
		"\"alloc_nofragment\": false, \"highatomic\": \"on\", \"pcp_batch\": \"7\"}}";
	struct policy_load_err err;
	struct mm_policy p;

	ASSERT_EQ(load(doc, &p, &err), 0);
	ASSERT_STREQ(p.name, "wsf200");
	ASSERT_STREQ(p.kernel, "6.12");
	ASSERT_EQ(p.watermark_scale_factor, 200);
	ASSERT_EQ(p.nr_lowmem_reserve_ratio, 4);
	ASSERT_EQ(p.alloc_nofragment, false);
	ASSERT_EQ(p.highatomic, true);
	ASSERT_EQ(p.pcp_batch, 7);
	ASSERT_EQ(p.set, 1u << MM_POLICY_KERNEL | 1u << MM_POLICY_WATERMARK_SCALE_FACTOR |
				 1u << MM_POLICY_LOWMEM_RESERVE_RATIO |
				 1u << MM_POLICY_ALLOC_NOFRAGMENT | 1u << MM_POLICY_HIGHATOMIC |
				 1u << MM_POLICY_PCP_BATCH);
	/* name and settings are optional */
	ASSERT_EQ(load("{}", &p, &err), 0);
	ASSERT_STREQ(p.name, "default");
	ASSERT_EQ(p.set, 0);
	return true;
}

TEST(policy_load_invalid)
{
	static const struct {
		const char *doc;
		int ret;
		const char *in_msg;
		bool unknown_key;
	} bad[] = {
		{ "", -EBADMSG, "not valid JSON", false },
		{ "[1]", -EBADMSG, "not a policy file", false },
		{ "{\"name\": \"a\", \"name\": \"b\"}", -EBADMSG, "not valid JSON", false },
		{ "{\"nmae\": \"a\"}", -EBADMSG, "nmae", false },
		{ "{\"name\": 3}", -EBADMSG, "name", false },
		{ "{\"name\": \"a b\"}", -EBADMSG, "name", false },
		{ "{\"name\": \"\"}", -EBADMSG, "name", false },
		{ "{\"settings\": []}", -EBADMSG, "settings", false },
		{ "{\"settings\": {\"wsf\": 1}}", -EINVAL, "settings.wsf", true },
		{ "{\"settings\": {\"pcp_batch\": 0}}", -EINVAL, "settings.pcp_batch", false },
		{ "{\"settings\": {\"pcp_batch\": 1.5}}", -EBADMSG, "settings.pcp_batch", false },
		{ "{\"settings\": {\"pcp_batch\": null}}", -EBADMSG, "settings.pcp_batch", false },
		{ "{\"settings\": {\"fallbacks\": [\"Movable\"]}}", -EBADMSG, "settings.fallbacks",
		  false },
		{ "{\"settings\": {\"highatomic\": 2}}", -EINVAL, "settings.highatomic", false },
		{ "{\"settings\": {\"pcp_high\": 100, \"percpu_pagelist_high_fraction\": 8}}",
		  -EINVAL, "percpu_pagelist_high_fraction", false },
		{ "{\"kernel\": 6.12}", -EBADMSG, "kernel", false },
		{ "{\"settings\": {\"kernel\": \"x\\u0000y\"}}", -EBADMSG, "not valid JSON", false },
	};
	struct policy_load_err err;
	struct mm_policy p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = load(bad[i].doc, &p, &err);

		if (ret != bad[i].ret || !strstr(err.msg, bad[i].in_msg) ||
		    err.unknown_key != bad[i].unknown_key)
			ASSERT_FAIL_("%s: ret %d, msg \"%s\", unknown_key %d", bad[i].doc, ret,
				     err.msg, err.unknown_key);
	}
	return true;
}

/* policy_file_json() of the defaults reads back as the same policy. */
TEST(policy_file_round_trip)
{
	struct policy_load_err err;
	struct mm_policy p, q;
	struct mm_kernel k;
	char *json;

	ASSERT_EQ(mm_kernel_resolve(&k, "6.1", NULL), 0);
	mm_policy_init(&p, "defaults-6.1");
	ASSERT_EQ(mm_policy_set(&p, "kernel", "6.1", NULL, 0), 0);
	mm_policy_defaults(&p, &k, NULL);
	json = policy_file_json(&p);
	ASSERT_TRUE(json != NULL);
	ASSERT_EQ(load(json, &q, &err), 0);
	free(json);
	ASSERT_STREQ(q.name, p.name);
	ASSERT_EQ(q.set, p.set);
	for (int i = 0; i < MM_POLICY__NR; i++)
		ASSERT_STREQ(q.value[i], p.value[i]);
	return true;
}

/* Two results of one fake replay, differing only in their policy. */
static char *fake(const struct mm_policy *pol, bool set, const struct mm_policy *pol2)
{
	static struct mm_stats st;
	static struct mm_zone_free zf = { .name = "Normal", .zone_idx = 2, .managed_pages = 4096,
					  .pcp_batch = 63, .pcp_high = 378 };
	struct replay_meta meta = {
		.tool = "mmtrace 0.1", .trace_path = "t.mmt", .trace_crc32c = "0024b527",
		.release = "6.1", .profile = "6.1", .fallback = "6.1", .mode = "follow",
		.initial_state = "lazy", .nr_orders = 11, .policy = pol,
	};
	struct replay_meta meta2 = meta;
	struct replay_set_item items[2];

	st.nr_zones = 1;
	st.nr_events = 42;
	if (!set)
		return replay_json(&meta, &st, &zf, 1);
	meta2.policy = pol2;
	items[0] = (struct replay_set_item){ &meta, &st, &zf, 1 };
	items[1] = (struct replay_set_item){ &meta2, &st, &zf, 1 };
	return replay_set_json("mmtrace 0.1", "t.mmt", "0024b527", items, 2);
}

/* Each line of the single document, indented by four, is in the set in order. */
static bool contains_indented(const char *set, const char *single)
{
	const char *at = set;

	for (const char *line = single; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char want[512];

		if (len + 6 > sizeof(want))
			return false;
		snprintf(want, sizeof(want), "\n    %.*s", (int)len, line);
		at = strstr(at, want);
		if (!at)
			return false;
		at += strlen(want);
		line = nl ? nl + 1 : line + len;
	}
	return true;
}

TEST(policy_result_set)
{
	struct mm_policy a, b;
	struct replay_result *r;
	struct load_err err;
	char *sa, *sb, *set;

	mm_policy_init(&a, "a");
	mm_policy_init(&b, "b");
	ASSERT_EQ(mm_policy_set(&b, "watermark_scale_factor", "200", NULL, 0), 0);
	ASSERT_EQ(mm_policy_set(&b, "highatomic", "off", NULL, 0), 0);
	sa = fake(&a, false, NULL);
	sb = fake(&b, false, NULL);
	set = fake(&a, true, &b);
	ASSERT_TRUE(sa && sb && set);
	ASSERT_TRUE(strstr(sb, "\"settings\": {\n      \"watermark_scale_factor\": 200,\n"
			       "      \"highatomic\": false\n    }") != NULL);
	ASSERT_TRUE(strstr(sa, "\"pcp\": {\n        \"batch\": 63,\n        \"high\": 378,") != NULL);
	ASSERT_TRUE(strstr(set, "\"kind\": \"replay-set\"") != NULL);
	/* the first result ends where the second begins */
	ASSERT_TRUE(strstr(set, "\n    },\n    {\n") != NULL);
	ASSERT_TRUE(contains_indented(set, sa));
	ASSERT_TRUE(contains_indented(strstr(set, "\n    },\n    {\n") + 6, sb));

	r = replay_result__parse_named(set, strlen(set), "b", &err);
	ASSERT_TRUE(r != NULL);
	ASSERT_STREQ(r->policy, "b");
	ASSERT_EQ(r->nr_events, 42);
	replay_result__free(r);
	r = replay_result__parse(set, strlen(set), &err);
	ASSERT_TRUE(r == NULL);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_STREQ(err.names, "a b");
	r = replay_result__parse_named(set, strlen(set), "c", &err);
	ASSERT_TRUE(r == NULL);
	ASSERT_EQ(errno, EINVAL);
	ASSERT_TRUE(strstr(err.msg, "'c'") != NULL);
	/* a single result answers to its own name only */
	r = replay_result__parse_named(sa, strlen(sa), "a", &err);
	ASSERT_TRUE(r != NULL);
	replay_result__free(r);
	r = replay_result__parse_named(sa, strlen(sa), "b", &err);
	ASSERT_TRUE(r == NULL);
	free(set);
	free(sb);
	free(sa);
	return true;
}
