// SPDX-License-Identifier: GPL-2.0-only
/*
 * Static conformance: for every committed real snapshot (the start and end snapshots of
 * .mmt files in testdata/traces/ and testdata/snapshots/, and the host-6.18 tree), the
 * watermarks, protection, pcp batch/high and vmstat thresholds core/config.c derives
 * equal what the kernel printed in /proc/zoneinfo, field by field. Debian 6.1.192 and
 * 6.12.117 QEMU guests (512M/1cpu, 2G/1cpu, 6G/2cpu) resolve from their own release; the
 * 6.18 host is checked as 6.12 (LAB.md: it follows the 6.12 formulas).
 * MMTRACE_CONFORMANCE_VERBOSE=1 prints fields matched/total per kernel and shape.
 *
 * The same snapshots' SLUB caches (/sys/kernel/slab) against core/slab_geometry.c: every
 * cache's slab_size from object_size, align and flags, and order, objs_per_slab,
 * min_partial and cpu_partial, caches matched/total per field and kernel (printed with
 * MMTRACE_CONFORMANCE_VERBOSE=1). Merged caches are one sysfs directory, so one cache.
 */
#include <stdlib.h>

#include "../../core/config.h"
#include "../../core/slab.h"
#include "../../core/tests/testlib.h"
#include "../reader.h"
#include "../snapshot.h"
#include "../snapshot_collect.h"
#include "../snapshot_parse.h"

static void report(const char *name, const char *which, const struct mm_kernel *k,
		   const struct mm_config_check *c)
{
	size_t nr_ok = 0;

	if (!getenv("MMTRACE_CONFORMANCE_VERBOSE"))
		return;
	for (size_t i = 0; i < c->nr_rows; i++)
		nr_ok += c->rows[i].ok;
	fprintf(stderr, "conformance: %-26s %-5s kernel %-5s %3zu/%3zu fields%s\n", name, which,
		k->p->name, nr_ok, c->nr_rows,
		c->fit[MM_CONFIG_FIT_WMARK].used || c->fit[MM_CONFIG_FIT_RESERVE].used ?
			", managed fitted" : "");
}

/* Check one snapshot; mismatching rows are printed before the assertion fails. */
static bool check_snapshot(const char *name, const char *which, const struct snap_files *s,
			   const char *release, const char *kernel)
{
	struct mm_config_check c = { 0 };
	struct parse_err err = { 0 };
	struct mm_machine m;
	struct mm_kernel k;
	size_t nr_rows;
	int ret;

	ASSERT_TRUE(s != NULL);
	ASSERT_EQ(mm_machine__from_snapshot(&m, s, &err), 0);
	ret = mm_kernel_resolve(&k, kernel ? kernel : release, m.version);
	if (ret) {
		mm_machine__free(&m);
		ASSERT_EQ(ret, 0);
	}
	ret = mm_config_check(&k, &m, 12, &c);
	if (!ret)
		report(name, which, &k, &c);
	for (size_t i = 0; !ret && i < c.nr_rows; i++)
		if (!c.rows[i].ok && c.rows[i].kind != MM_CONFIG_ROW_INFO)
			fprintf(stderr, "%s %s: zone %d %s: derived %lld..%lld, observed %lld\n",
				name, which, c.rows[i].zone, c.rows[i].field,
				(long long)c.rows[i].derived, (long long)c.rows[i].derived_max,
				(long long)c.rows[i].observed);
	nr_rows = c.nr_rows;
	mm_config_check__free(&c);
	mm_machine__free(&m);
	ASSERT_EQ(ret, 0);
	ASSERT_EQ(c.nr_mismatches, 0);
	/* every zone contributed rows: the check is not vacuous */
	ASSERT_TRUE(nr_rows >= 40);
	return true;
}

static bool check_trace(const char *path, const char *name, const char *kernel)
{
	struct trace_reader *r = trace_reader__open(path, NULL);
	const struct trace_header *h;
	struct mm_event ev;
	int ret;
	bool ok;

	ASSERT_TRUE(r != NULL);
	h = trace_reader__header(r);
	ok = check_snapshot(name, "start", trace_reader__snapshot(r, SNAP_START), h->release,
			    kernel);
	while (ok && (ret = trace_reader__next(r, &ev)) == 1)
		;
	if (ok && trace_reader__snapshot(r, SNAP_END))
		ok = check_snapshot(name, "end", trace_reader__snapshot(r, SNAP_END), h->release,
				    kernel);
	trace_reader__close(r);
	return ok;
}

TEST(conformance_qemu_6_1_512m_1cpu)
{
	return check_trace("testdata/snapshots/qemu-6.1-512m-1cpu.mmt", "qemu-6.1-512m-1cpu", NULL);
}

TEST(conformance_qemu_6_1_2g_1cpu)
{
	return check_trace("testdata/traces/qemu-6.1-2g.mmt", "qemu-6.1-2g-1cpu", NULL);
}

TEST(conformance_qemu_6_12_512m_1cpu)
{
	return check_trace("testdata/snapshots/qemu-6.12-512m-1cpu.mmt", "qemu-6.12-512m-1cpu",
			   NULL);
}

TEST(conformance_qemu_6_12_2g_1cpu)
{
	return check_trace("testdata/traces/qemu-6.12-2g.mmt", "qemu-6.12-2g-1cpu", NULL);
}

TEST(conformance_qemu_6_12_6g_2cpu)
{
	return check_trace("testdata/snapshots/qemu-6.12-6g-2cpu.mmt", "qemu-6.12-6g-2cpu", NULL);
}

TEST(conformance_host_6_18_churn)
{
	return check_trace("testdata/traces/host-churn.mmt", "host-6.18-churn", "6.12");
}

TEST(conformance_host_6_18_tree)
{
	struct snap_files s = { 0 };
	struct parse_err err = { 0 };
	bool ok;

	ASSERT_TRUE(snap_collect(&s, "testdata/snapshots/host-6.18", SNAP_COLLECT_NO_PFN_MAPS,
				 &err) >= 0);
	ok = check_snapshot("host-6.18", "tree", &s, "", "6.12");
	snap_files__clear(&s);
	return ok;
}

/* The 6.1 and 6.12 formulas differ visibly on every guest (ZONE_MOVABLE's watermarks,
 * 6.12's auto-tuned pcp high): the wrong series must not pass. */
static bool wrong_series(const char *path, const char *kernel)
{
	struct trace_reader *r = trace_reader__open(path, NULL);
	struct mm_config_check c = { 0 };
	struct parse_err err = { 0 };
	struct mm_machine m;
	struct mm_kernel k;
	int ret;

	ASSERT_TRUE(r != NULL);
	ret = mm_machine__from_snapshot(&m, trace_reader__snapshot(r, SNAP_START), &err);
	trace_reader__close(r);
	ASSERT_EQ(ret, 0);
	ASSERT_EQ(mm_kernel_resolve(&k, kernel, NULL), 0);
	ret = mm_config_check(&k, &m, 12, &c);
	mm_config_check__free(&c);
	mm_machine__free(&m);
	ASSERT_EQ(ret, 0);
	ASSERT_TRUE(c.nr_mismatches > 0);
	return true;
}

TEST(conformance_wrong_series)
{
	return wrong_series("testdata/traces/qemu-6.1-2g.mmt", "6.12") &&
	       wrong_series("testdata/traces/qemu-6.12-2g.mmt", "6.1") &&
	       wrong_series("testdata/snapshots/qemu-6.12-6g-2cpu.mmt", "6.1") &&
	       wrong_series("testdata/snapshots/qemu-6.1-512m-1cpu.mmt", "6.12");
}

/* ---- SLUB geometry ---- */

struct slab_tally {
	const char *kernel;		/* "6.1", "6.12", "6.18 as 6.12" */
	uint32_t nr_snapshots;
	uint32_t nr_caches;
	uint32_t nr_checked[SLAB_CHECK__NR];
	uint32_t nr_ok[SLAB_CHECK__NR];
	uint32_t nr_underived[SLAB_CHECK__NR];
};

static void slab_tally_print(const struct slab_tally *t)
{
	if (!getenv("MMTRACE_CONFORMANCE_VERBOSE"))
		return;
	fprintf(stderr, "conformance: slab %-12s %u snapshots, %u caches:", t->kernel,
		t->nr_snapshots, t->nr_caches);
	for (unsigned int f = 0; f < SLAB_CHECK__NR; f++)
		if (t->nr_checked[f] || t->nr_underived[f])
			fprintf(stderr, " %s %u/%u%s", slab_check_field_name(f), t->nr_ok[f],
				t->nr_checked[f], t->nr_underived[f] ? " (+underived)" : "");
	fprintf(stderr, "\n");
}

/*
 * Check one snapshot's caches as kernel (a profile name, or NULL for the release) and add
 * them to t. min_caches guards against a vacuous pass; full says the snapshot has every
 * flag attribute, so slab_size must have been checked for every cache.
 */
static bool slab_snapshot(const char *name, const struct snap_files *s, const char *release,
			  const char *kernel, uint32_t min_caches, bool full, struct slab_tally *t)
{
	struct parse_err err = { 0 };
	struct slab_check c;
	struct mm_machine m;
	struct mm_kernel k;
	int ret;

	ASSERT_TRUE(s != NULL);
	ASSERT_EQ(mm_machine__from_snapshot(&m, s, &err), 0);
	ret = mm_kernel_resolve(&k, kernel ? kernel : release, m.version);
	if (!ret)
		ret = slab_check(k.p, &m, 12, &c);
	if (ret) {
		mm_machine__free(&m);
		ASSERT_EQ(ret, 0);
	}
	for (size_t i = 0; i < c.nr_rows; i++)
		fprintf(stderr, "%s: %s %s: derived %lld, observed %lld\n", name,
			m.slab_caches[c.rows[i].cache].name, slab_check_field_name(c.rows[i].field),
			(long long)c.rows[i].derived, (long long)c.rows[i].observed);
	t->nr_snapshots++;
	t->nr_caches += c.nr_caches;
	for (unsigned int f = 0; f < SLAB_CHECK__NR; f++) {
		t->nr_checked[f] += c.nr_checked[f];
		t->nr_ok[f] += c.nr_ok[f];
		t->nr_underived[f] += c.nr_underived[f];
	}
	slab_check__free(&c);
	mm_machine__free(&m);
	ASSERT_EQ(c.nr_mismatches, 0);
	ASSERT_TRUE(c.nr_caches >= min_caches);
	ASSERT_EQ(c.nr_checked[SLAB_CHECK_ORDER], c.nr_caches);
	ASSERT_EQ(c.nr_checked[SLAB_CHECK_OBJS_PER_SLAB], c.nr_caches);
	ASSERT_EQ(c.nr_checked[SLAB_CHECK_MIN_PARTIAL], c.nr_caches);
	ASSERT_EQ(c.nr_checked[SLAB_CHECK_CPU_PARTIAL], c.nr_caches);
	if (full)
		ASSERT_EQ(c.nr_checked[SLAB_CHECK_SLAB_SIZE], c.nr_caches);
	return true;
}

/* The start snapshot, and the end one when the trace has it. */
static bool slab_trace(const char *path, const char *kernel, uint32_t min_caches, bool full,
		       struct slab_tally *t)
{
	struct trace_reader *r = trace_reader__open(path, NULL);
	const struct trace_header *h;
	struct mm_event ev;
	bool ok;

	ASSERT_TRUE(r != NULL);
	h = trace_reader__header(r);
	ok = slab_snapshot(path, trace_reader__snapshot(r, SNAP_START), h->release, kernel,
			   min_caches, full, t);
	while (ok && trace_reader__next(r, &ev) == 1)
		;
	if (ok && trace_reader__snapshot(r, SNAP_END))
		ok = slab_snapshot(path, trace_reader__snapshot(r, SNAP_END), h->release, kernel,
				   min_caches, full, t);
	trace_reader__close(r);
	return ok;
}

/* Debian 6.1.192 guests: 153 caches each (qemu-6.1-512m-1cpu has the 21 lab.sh
 * attributes, qemu-6.1-2g all of them). */
TEST(conformance_slab_6_1)
{
	struct slab_tally t = { .kernel = "6.1" };
	bool ok = slab_trace("testdata/snapshots/qemu-6.1-512m-1cpu.mmt", NULL, 100, true, &t) &&
		  slab_trace("testdata/traces/qemu-6.1-2g.mmt", NULL, 100, true, &t);

	slab_tally_print(&t);
	return ok;
}

/* Debian 6.12.117 guests: 187 caches each, 1 and 2 CPUs (min_objects 8 and 12). */
TEST(conformance_slab_6_12)
{
	struct slab_tally t = { .kernel = "6.12" };
	bool ok = slab_trace("testdata/snapshots/qemu-6.12-512m-1cpu.mmt", NULL, 100, true, &t) &&
		  slab_trace("testdata/traces/qemu-6.12-2g.mmt", NULL, 100, true, &t) &&
		  slab_trace("testdata/snapshots/qemu-6.12-6g-2cpu.mmt", NULL, 100, true, &t) &&
		  slab_trace("testdata/traces/qemu-6.12-6g-2cpu.mmt", NULL, 100, true, &t);

	slab_tally_print(&t);
	return ok;
}

/*
 * The 6.18 host, checked with the 6.12 formulas: host-churn.mmt's snapshots came from an
 * older collector without destroy_by_rcu/poison/red_zone/store_user (slab_size cannot be
 * derived there; everything else is checked), and the host-6.18 tree holds 19 of its
 * caches with every attribute.
 */
TEST(conformance_slab_6_18_host)
{
	struct slab_tally t = { .kernel = "6.18-as-6.12" };
	struct snap_files s = { 0 };
	struct parse_err err = { 0 };
	bool ok;

	ok = slab_trace("testdata/traces/host-churn.mmt", "6.12", 200, false, &t);
	if (ok) {
		ASSERT_TRUE(snap_collect(&s, "testdata/snapshots/host-6.18",
					 SNAP_COLLECT_NO_PFN_MAPS, &err) >= 0);
		ok = slab_snapshot("host-6.18", &s, "", "6.12", 10, true, &t);
		snap_files__clear(&s);
	}
	slab_tally_print(&t);
	return ok;
}
