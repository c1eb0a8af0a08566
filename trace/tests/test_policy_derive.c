// SPDX-License-Identifier: GPL-2.0-only
/*
 * A policy's recomputation (core/policy.c mm_policy_derive(), core/policy_apply.c)
 * against the committed real snapshots, the conformance data of test_conformance.c:
 *  - a policy that sets nothing derives exactly the snapshot's watermarks, protection and
 *    pcp sizes (6.12's auto-tuned pcp->high within [high_min, high_max], as the kernel
 *    leaves it);
 *  - watermark_scale_factor=200 gives what mm_config_derive() gives for those inputs with
 *    that one sysctl changed, and leaves WMARK_MIN alone (__setup_per_zone_wmarks()
 *    scales only the low/high/promo gaps);
 *  - an engine built with that policy holds the derived values; one built with an empty
 *    policy holds the snapshot's, as one built without a policy does.
 */
#include <stdlib.h>

#include "../../core/config.h"
#include "../../core/engine.h"
#include "../../core/policy.h"
#include "../../core/slab_stats.h"
#include "../../core/tests/testlib.h"
#include "../reader.h"
#include "../snapshot_parse.h"

struct snap_case {
	const char *path;
	const char *kernel;	/* NULL: the trace's release */
};

static const struct snap_case cases[] = {
	{ "testdata/snapshots/qemu-6.1-512m-1cpu.mmt", NULL },
	{ "testdata/traces/qemu-6.1-2g.mmt", NULL },
	{ "testdata/snapshots/qemu-6.12-512m-1cpu.mmt", NULL },
	{ "testdata/traces/qemu-6.12-2g.mmt", NULL },
	{ "testdata/snapshots/qemu-6.12-6g-2cpu.mmt", NULL },
	{ "testdata/traces/host-churn.mmt", "6.12" },
};

static bool open_case(const struct snap_case *sc, struct trace_reader **r, struct mm_machine *m,
		      struct mm_kernel *k)
{
	struct parse_err err = { 0 };
	const struct trace_header *h;

	*r = trace_reader__open(sc->path, NULL);
	ASSERT_TRUE(*r != NULL);
	h = trace_reader__header(*r);
	ASSERT_EQ(mm_machine__from_snapshot(m, trace_reader__snapshot(*r, SNAP_START), &err), 0);
	ASSERT_EQ(mm_kernel_resolve(k, sc->kernel ? sc->kernel : h->release,
				    sc->kernel ? NULL : m->version), 0);
	return true;
}

/* out equals what zoneinfo printed, field by field */
static bool equals_snapshot(const struct mm_kernel *k, const struct mm_machine *m,
			    const struct mm_config_out *out, const char *path)
{
	for (uint32_t i = 0; i < m->nr_zones; i++) {
		const struct mm_zone *mz = &m->zones[i];
		const struct mm_config_zone_out *o = &out->zones[i];

		for (unsigned int w = 0; w < MM_WMARK_PROMO; w++)
			if (o->wmark[w] != mz->wmark[w] - mz->watermark_boost)
				ASSERT_FAIL_("%s zone %s wmark[%u]: %llu, snapshot %llu", path, mz->name,
					     w, (unsigned long long)o->wmark[w],
					     (unsigned long long)mz->wmark[w]);
		for (uint32_t j = 0; j < mz->nr_protection; j++)
			if (o->lowmem_reserve[j] != mz->lowmem_reserve[j])
				ASSERT_FAIL_("%s zone %s protection[%u]: %lld, snapshot %lld", path,
					     mz->name, j, (long long)o->lowmem_reserve[j],
					     (long long)mz->lowmem_reserve[j]);
		if (!mz->present_pages || !mz->nr_pagesets)
			continue;
		for (uint32_t c = 0; c < mz->nr_pagesets; c++) {
			const struct mm_pageset *ps = &mz->pagesets[c];

			ASSERT_EQ(o->batch, ps->batch);
			if (!k->p->pcp_high_autotune)
				ASSERT_EQ(o->high, ps->high);
			else if (ps->high)
				ASSERT_TRUE(ps->high >= o->high_min && ps->high <= o->high_max);
			if (ps->has_high_min_max) {
				ASSERT_EQ(o->high_min, ps->high_min);
				ASSERT_EQ(o->high_max, ps->high_max);
			}
		}
	}
	return true;
}

static bool check_empty_policy(const struct snap_case *sc)
{
	struct mm_config_in *in = malloc(sizeof(*in));
	struct mm_config_out *out = malloc(sizeof(*out));
	struct trace_reader *r = NULL;
	struct mm_policy p;
	struct mm_machine m;
	struct mm_kernel k;
	bool ok;

	mm_machine__init(&m);
	ASSERT_TRUE(in && out);
	ok = open_case(sc, &r, &m, &k);
	mm_policy_init(&p, NULL);
	ok = ok && mm_policy_derive(&k, &m, &p, in, out) == 0;
	ok = ok && equals_snapshot(&k, &m, out, sc->path);
	mm_machine__free(&m);
	trace_reader__close(r);
	free(out);
	free(in);
	return ok;
}

TEST(policy_derive_empty_reproduces_snapshots)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!check_empty_policy(&cases[i]))
			ASSERT_FAIL_("%s", cases[i].path);
	return true;
}

/* What mm_config_derive() gives with wsf changed, from the managed counts that fit. */
static int expected_wsf(const struct mm_kernel *k, const struct mm_machine *m, int64_t wsf,
			struct mm_config_out *want, bool *fitted)
{
	struct mm_config_check c = { 0 };
	struct mm_config_in in;
	struct mm_config_out res;
	int ret = mm_config_check(k, m, 0, &c);

	if (ret)
		return ret;
	*fitted = c.fit[MM_CONFIG_FIT_WMARK].used || c.fit[MM_CONFIG_FIT_RESERVE].used;
	in = c.in;
	in.watermark_scale_factor = wsf;
	if (c.fit[MM_CONFIG_FIT_WMARK].used)
		in.zones[c.fit[MM_CONFIG_FIT_WMARK].zone].managed_pages =
			c.fit[MM_CONFIG_FIT_WMARK].managed;
	ret = mm_config_derive(k, &in, want);
	in = c.in;
	in.watermark_scale_factor = wsf;
	if (!ret && c.fit[MM_CONFIG_FIT_RESERVE].used)
		in.zones[c.fit[MM_CONFIG_FIT_RESERVE].zone].managed_pages =
			c.fit[MM_CONFIG_FIT_RESERVE].managed;
	if (!ret)
		ret = mm_config_derive(k, &in, &res);
	for (uint32_t i = 0; !ret && i < in.nr_zones; i++)
		memcpy(want->zones[i].lowmem_reserve, res.zones[i].lowmem_reserve,
		       sizeof(res.zones[i].lowmem_reserve));
	mm_config_check__free(&c);
	return ret;
}

static bool check_wsf(const struct snap_case *sc, unsigned int *nr_unfitted)
{
	static struct mm_config_out out, want, plain;
	static struct mm_config_in in, in_plain;
	struct trace_reader *r = NULL;
	struct mm_engine_opts eo = { .mode = MM_MODE_FOLLOW, .nr_cpus = 1 };
	struct mm_engine *e = NULL, *e0 = NULL, *e1 = NULL;
	struct mm_policy p, empty;
	struct mm_machine m;
	struct mm_kernel k;
	bool fitted = false;

	mm_machine__init(&m);
	if (!open_case(sc, &r, &m, &k))
		return false;
	mm_policy_init(&p, "wsf200");
	ASSERT_EQ(mm_policy_set(&p, "watermark_scale_factor", "200", NULL, 0), 0);
	ASSERT_EQ(mm_policy_derive(&k, &m, &p, &in, &out), 0);
	ASSERT_EQ(in.watermark_scale_factor, 200);
	ASSERT_EQ(expected_wsf(&k, &m, 200, &want, &fitted), 0);
	for (uint32_t i = 0; i < in.nr_zones; i++) {
		ASSERT_EQ(memcmp(out.zones[i].wmark, want.zones[i].wmark, sizeof(want.zones[i].wmark)), 0);
		ASSERT_EQ(memcmp(out.zones[i].lowmem_reserve, want.zones[i].lowmem_reserve,
				 sizeof(want.zones[i].lowmem_reserve)), 0);
		ASSERT_EQ(out.zones[i].batch, want.zones[i].batch);
		ASSERT_EQ(out.zones[i].high_min, want.zones[i].high_min);
		ASSERT_EQ(out.zones[i].high_max, want.zones[i].high_max);
		/* the scale factor moves the gaps above WMARK_MIN only */
		ASSERT_EQ(out.zones[i].wmark[MM_WMARK_MIN],
			  m.zones[i].wmark[MM_WMARK_MIN] - m.zones[i].watermark_boost);
		if (m.zones[i].managed_pages > 100000)
			ASSERT_TRUE(out.zones[i].wmark[MM_WMARK_LOW] >
				    m.zones[i].wmark[MM_WMARK_LOW]);
	}
	/* where the current managed counts reproduce the snapshot, plain derive agrees */
	if (!fitted) {
		(*nr_unfitted)++;
		ASSERT_EQ(mm_config_in_from_machine(&m, &in_plain), 0);
		in_plain.watermark_scale_factor = 200;
		ASSERT_EQ(mm_config_derive(&k, &in_plain, &plain), 0);
		for (uint32_t i = 0; i < in.nr_zones; i++)
			ASSERT_EQ(memcmp(out.zones[i].wmark, plain.zones[i].wmark,
					 sizeof(plain.zones[i].wmark)), 0);
	}

	/* engines: the policy's values installed; an empty policy is no policy */
	eo.policy = &p;
	e = mm_engine__new(&k, &m, &eo);
	mm_policy_init(&empty, NULL);
	eo.policy = &empty;
	e1 = mm_engine__new(&k, &m, &eo);
	eo.policy = NULL;
	e0 = mm_engine__new(&k, &m, &eo);
	ASSERT_TRUE(e && e0 && e1);
	for (uint32_t zi = 0; zi < mm_engine__nr_zones(e); zi++) {
		struct mm_zone_free zf, zf0, zf1;
		uint32_t ci;

		mm_engine__zone_free(e, zi, &zf);
		mm_engine__zone_free(e0, zi, &zf0);
		mm_engine__zone_free(e1, zi, &zf1);
		ci = (uint32_t)zf.zone_idx;
		ASSERT_EQ(memcmp(zf.wmark, out.zones[ci].wmark, sizeof(zf.wmark)), 0);
		ASSERT_EQ(zf.pcp_batch, out.zones[ci].batch);
		ASSERT_EQ(zf.pcp_high_min, out.zones[ci].high_min);
		ASSERT_EQ(memcmp(&zf0, &zf1, sizeof(zf0)), 0);
	}
	mm_engine__free(e);
	mm_engine__free(e0);
	mm_engine__free(e1);
	mm_machine__free(&m);
	trace_reader__close(r);
	return true;
}

TEST(policy_derive_watermark_scale_factor)
{
	unsigned int nr_unfitted = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!check_wsf(&cases[i], &nr_unfitted))
			ASSERT_FAIL_("%s", cases[i].path);
	/* the plain comparison is not vacuous */
	ASSERT_TRUE(nr_unfitted >= 1);
	return true;
}

/*
 * slub_* keys reach the SLUB model: every cache's geometry is then calculate_order()'s
 * under the policy's boot parameters. With the recorded values (slub_max_order=3, the
 * default) that is what sysfs printed, cache for cache; slub_max_order=1 caps the order of
 * every cache whose objects fit in an order-1 slab, and leaves the rest alone.
 */
TEST(policy_slub_max_order_reaches_the_slab_model)
{
	const struct snap_case sc = { "testdata/traces/qemu-6.12-1g-files.mmt", NULL };
	struct mm_engine_opts eo = { .mode = MM_MODE_FOLLOW, .nr_cpus = 1 };
	struct mm_engine *e0, *e3, *e1;
	const struct mm_slab_stats *s0, *s3, *s1;
	struct trace_reader *r = NULL;
	struct mm_policy p3, p1;
	struct mm_machine m;
	struct mm_kernel k;
	uint32_t nr_capped = 0;

	mm_machine__init(&m);
	if (!open_case(&sc, &r, &m, &k))
		return false;
	mm_policy_init(&p3, "max3");
	ASSERT_EQ(mm_policy_set(&p3, "slub_max_order", "3", NULL, 0), 0);
	mm_policy_init(&p1, "max1");
	ASSERT_EQ(mm_policy_set(&p1, "slub_max_order", "1", NULL, 0), 0);
	e0 = mm_engine__new(&k, &m, &eo);
	eo.policy = &p3;
	e3 = mm_engine__new(&k, &m, &eo);
	eo.policy = &p1;
	e1 = mm_engine__new(&k, &m, &eo);
	ASSERT_TRUE(e0 && e3 && e1);
	s0 = mm_engine__slab_stats(e0);
	s3 = mm_engine__slab_stats(e3);
	s1 = mm_engine__slab_stats(e1);
	ASSERT_TRUE(s0->nr_caches > 100);
	ASSERT_EQ(s3->nr_caches, s0->nr_caches);
	for (uint32_t i = 0; i < s0->nr_caches; i++) {
		const struct mm_slab_cache_stats *c0 = &s0->caches[i], *c1 = &s1->caches[i];

		ASSERT_EQ(s3->caches[i].order, c0->order);
		ASSERT_EQ(s3->caches[i].objs_per_slab, c0->objs_per_slab);
		if (c0->order > 1 && c0->size <= 8192) {
			ASSERT_TRUE(c1->order <= 1);
			nr_capped++;
		} else if (c0->order <= 1) {
			ASSERT_EQ(c1->order, c0->order);
		}
	}
	ASSERT_TRUE(nr_capped >= 5);
	mm_engine__free(e0);
	mm_engine__free(e3);
	mm_engine__free(e1);
	mm_machine__free(&m);
	trace_reader__close(r);
	return true;
}
