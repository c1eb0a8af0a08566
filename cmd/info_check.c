// SPDX-License-Identifier: GPL-2.0-only
/*
 * `mmtrace info --check`: the snapshot's watermarks, protection, pcp sizing and vmstat
 * thresholds against what core/config.c derives for the recording's kernel. One row per
 * field: "field  derived  observed  ok|MISMATCH". Then the SLUB caches of
 * /sys/kernel/slab against core/slab_geometry.c: one line per attribute (caches matched
 * out of those that have it) and one per mismatching cache and attribute.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../core/config.h"
#include "../core/profile.h"
#include "../core/slab.h"
#include "../trace/snapshot.h"
#include "../trace/snapshot_parse.h"
#include "info_check.h"
#include "log.h"

static uint32_t page_shift_of(uint32_t page_size)
{
	uint32_t shift = 10;

	if (!page_size || page_size & (page_size - 1) || page_size < 1024)
		return 0;
	while ((1u << shift) < page_size)
		shift++;
	return shift;
}

static void print_row(const struct mm_machine *m, const struct mm_config_row *row)
{
	const struct mm_zone *z = row->zone >= 0 ? &m->zones[row->zone] : NULL;
	char derived[32], node[8];
	const char *verdict;

	if (row->kind == MM_CONFIG_ROW_RANGE)
		snprintf(derived, sizeof(derived), "%" PRId64 "..%" PRId64, row->derived,
			 row->derived_max);
	else
		snprintf(derived, sizeof(derived), "%" PRId64, row->derived);
	if (row->ok)
		verdict = "ok";
	else if (row->kind == MM_CONFIG_ROW_INFO)
		verdict = "info: not the default";
	else
		verdict = "MISMATCH";
	snprintf(node, sizeof(node), "%d", z ? z->node : -1);
	printf("  %-4s %-8s %-16s %15s %12" PRId64 "  %s\n", z ? node : "-", z ? z->name : "-",
	       row->field, derived, row->observed, verdict);
}

/* The slab rows; the number of mismatches, or -ENOMEM after an error line. */
static int check_slab(const struct mm_kernel *k, const struct mm_machine *m, const char *path,
		      uint32_t page_shift)
{
	struct slab_check c;
	int ret;

	ret = slab_check(k->p, m, page_shift, &c);
	if (ret) {
		pr_err("%s: slab check: %s", path, strerror(-ret));
		return ret;
	}
	if (!c.nr_caches) {
		printf("slab:      no /sys/kernel/slab caches with object_size and align\n");
		goto out;
	}
	printf("slab:      %u caches, %s calculate_order(), min_objects %u (cpus %u, "
	       "nr_cpu_ids %u)\n", c.nr_caches, k->p->name, c.min_objects,
	       c.params.nr_cpus_present, c.params.nr_cpu_ids);
	for (unsigned int f = 0; f < SLAB_CHECK__NR; f++) {
		if (!c.nr_checked[f] && !c.nr_underived[f])
			continue;
		printf("  %-17s %4u/%-4u ok", slab_check_field_name(f), c.nr_ok[f],
		       c.nr_checked[f]);
		if (c.nr_underived[f])
			printf(" (%u caches lack the flag attributes)", c.nr_underived[f]);
		printf("\n");
	}
	for (size_t i = 0; i < c.nr_rows; i++) {
		const struct slab_check_row *row = &c.rows[i];

		printf("  %-26s %-14s %10" PRId64 " %10" PRId64 "  MISMATCH\n",
		       m->slab_caches[row->cache].name, slab_check_field_name(row->field),
		       row->derived, row->observed);
	}
	printf("slab:      %zu mismatches\n", c.nr_mismatches);
out:
	ret = (int)c.nr_mismatches;
	slab_check__free(&c);
	return ret;
}

int info_check(const struct snap_files *s, const char *path, const char *kernel_override,
	       const char *trace_release, uint32_t page_size)
{
	struct mm_config_check c = { 0 };
	struct parse_err err = { 0 };
	const char *release;
	struct mm_machine m;
	struct mm_kernel k;
	size_t nr_ok = 0;
	int ret;

	if (!s) {
		pr_err("%s: no start snapshot to check", path);
		return -ENODATA;
	}
	mm_machine__init(&m);
	ret = mm_machine__from_snapshot(&m, s, &err);
	if (ret) {
		if (err.line)
			pr_err("%s: start snapshot: %s:%u: %s", path, err.file, err.line, err.msg);
		else
			pr_err("%s: start snapshot: %s: %s", path, err.file,
			       err.msg[0] ? err.msg : strerror(-ret));
		return ret;
	}
	release = kernel_override;
	if (!release || !release[0])
		release = trace_release && trace_release[0] ? trace_release : m.release;
	ret = mm_kernel_resolve(&k, release, m.has & MM_MACHINE_HAS_VERSION ? m.version : NULL);
	if (ret) {
		pr_err("%s: unknown kernel '%s'", path, release[0] ? release : "?");
		pr_hint("known kernels: %s; choose one with --kernel", mm_profile_names());
		goto out;
	}
	ret = mm_config_check(&k, &m, page_shift_of(page_size), &c);
	if (ret) {
		if (ret == -ENODATA)
			pr_err("%s: start snapshot has no /proc/zoneinfo", path);
		else if (ret == -EOPNOTSUPP)
			pr_err("%s: --check handles one NUMA node with at most %d zones", path,
			       MM_CONFIG_MAX_NODE_ZONES);
		else
			pr_err("%s: check: %s", path, strerror(-ret));
		goto out;
	}

	printf("check:     kernel %s", k.p->name);
	if (k.sublevel_known)
		printf(".%u", k.sublevel);
	printf(" (%s), min_free_kbytes %" PRId64 "\n", release, c.out.min_free_kbytes);
	for (unsigned int g = 0; g < MM_CONFIG_FIT__NR; g++) {
		const struct mm_config_fit *f = &c.fit[g];

		if (!f->used)
			continue;
		printf("  %s: %s managed %" PRIu64 " (fits %" PRIu64 "..%" PRIu64 ", now %" PRIu64
		       ")\n", g == MM_CONFIG_FIT_WMARK ? "watermarks" : "protection",
		       m.zones[f->zone].name, f->managed, f->managed_lo, f->managed_hi,
		       f->managed_now);
	}
	printf("  %-4s %-8s %-16s %15s %12s\n", "node", "zone", "field", "derived", "observed");
	for (size_t i = 0; i < c.nr_rows; i++) {
		print_row(&m, &c.rows[i]);
		nr_ok += c.rows[i].ok;
	}
	/* the slab block sits between the rows and their summary, which stays the last line */
	ret = check_slab(&k, &m, path, page_shift_of(page_size));
	if (ret < 0)
		goto out;
	printf("check:     %zu fields, %zu ok, %zu mismatches\n", c.nr_rows, nr_ok,
	       c.nr_mismatches);
	ret += (int)c.nr_mismatches;
out:
	mm_config_check__free(&c);
	mm_machine__free(&m);
	return ret;
}
