// SPDX-License-Identifier: GPL-2.0-only
/*
 * snap_collect() on a --from-dir root: the committed host-6.18 copy (run from the
 * repository root), and small roots built in a temporary directory for the pieces that
 * copy lacks (kpageflags, kpagecount, boot/config-*, unreadable files).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../core/tests/testlib.h"
#include "../reader.h"
#include "../snapshot.h"
#include "../snapshot_collect.h"
#include "../snapshot_parse.h"

#define HOST "testdata/snapshots/host-6.18"

TEST(collect_from_dir_host_6_18)
{
	struct snap_files s = { 0 };
	struct parse_err err;
	struct mm_machine m;
	const struct snap_file *f;
	const struct mm_slab_cache *c;
	const struct mm_zone *z;

	ASSERT_EQ(snap_collect(&s, HOST, 0, &err), 0);
	ASSERT_TRUE(snap_files__find(&s, "proc/zoneinfo") != NULL);
	ASSERT_TRUE(snap_files__find(&s, "proc/sys/vm/min_free_kbytes") != NULL);
	ASSERT_TRUE(snap_files__find(&s, "sys/kernel/slab/kmalloc-64/order") != NULL);
	ASSERT_TRUE(snap_files__find(&s, "sys/kernel/tracing/events/kmem/mm_page_alloc/format"));
	/* not captured: the raw config.gz (reduced instead), uname (not the live root),
	 * the pfn maps (no kpageflags in the copy), and nothing was skipped */
	ASSERT_TRUE(!snap_files__find(&s, "proc/config.gz"));
	ASSERT_TRUE(!snap_files__find(&s, "mmtrace/uname"));
	ASSERT_TRUE(!snap_files__find(&s, "mmtrace/free_blocks"));
	ASSERT_TRUE(!snap_files__find(&s, "mmtrace/skipped"));
	f = snap_files__find(&s, "mmtrace/config");
	ASSERT_TRUE(f != NULL);
	ASSERT_TRUE(strstr((const char *)f->data, "# mmtrace: reduced from proc/config.gz\n"));
	ASSERT_TRUE(strstr((const char *)f->data, "\n# CONFIG_CMA is not set\n"));
	ASSERT_TRUE(strstr((const char *)f->data, "\nCONFIG_PCP_BATCH_SCALE_MAX=5\n"));
	f = snap_files__find(&s, "mmtrace/slab_aliases");
	ASSERT_TRUE(f != NULL);
	ASSERT_TRUE(strstr((const char *)f->data, "jbd2_inode :0000064\n"));
	ASSERT_TRUE(strstr((const char *)f->data, "AF_VSOCK :A-0001280\n"));
	/* sorted by path */
	for (size_t i = 1; i < s.nr; i++)
		ASSERT_TRUE(strcmp(s.v[i - 1].path, s.v[i].path) < 0);

	ASSERT_EQ(mm_machine__from_snapshot(&m, &s, &err), 0);
	ASSERT_STREQ(m.release, "6.18.44-fc-v769");
	ASSERT_STREQ(m.version, "#1 SMP PREEMPT_DYNAMIC @0");
	ASSERT_TRUE(!(m.has & MM_MACHINE_HAS_MACHINE));
	ASSERT_EQ(m.nr_cpus_possible, 2);
	ASSERT_EQ(m.nr_cpus_online, 2);
	ASSERT_EQ(m.sysctl.min_free_kbytes, 67584);
	ASSERT_EQ(m.sysctl.watermark_scale_factor, 10);
	ASSERT_EQ(m.sysctl.watermark_boost_factor, 15000);
	ASSERT_EQ(m.sysctl.extfrag_threshold, 500);
	ASSERT_EQ(m.sysctl.percpu_pagelist_high_fraction, 0);
	ASSERT_STREQ(m.thp_enabled, "madvise");
	ASSERT_TRUE(m.cmdline.has & MM_CMDLINE_PAGE_ALLOC_SHUFFLE);
	ASSERT_EQ(m.cmdline.page_alloc_shuffle, 0);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_CMA].state, MM_KCONFIG_NOT_SET);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_SHUFFLE_PAGE_ALLOCATOR].state, MM_KCONFIG_YES);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_NR_CPUS].value, 256);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_ARCH_FORCE_MAX_ORDER].state, MM_KCONFIG_NOT_SET);
	ASSERT_EQ(m.migrate_isolate, 4);
	ASSERT_EQ(m.nr_tp_formats, 14);
	z = mm_machine__zone(&m, 0, "DMA32");
	ASSERT_TRUE(z && (z->has & MM_ZONE_HAS_BUDDYINFO) && (z->has & MM_ZONE_HAS_PAGEBLOCKS));
	/* kmalloc-64 on 6.18 (KERNEL-NOTES §10): order 0, 64 objects, cpu_partial 120 */
	c = mm_machine__slab_cache(&m, "kmalloc-64");
	ASSERT_TRUE(c != NULL);
	ASSERT_EQ(c->object_size, 64);
	ASSERT_EQ(c->slab_size, 64);
	ASSERT_EQ(c->align, 64);
	ASSERT_EQ(c->order, 0);
	ASSERT_EQ(c->objs_per_slab, 64);
	ASSERT_EQ(c->cpu_partial, 120);
	ASSERT_EQ(c->min_partial, 5);
	ASSERT_EQ(c->objects, 3239);
	ASSERT_EQ(c->total_objects, 3968);
	ASSERT_EQ(c->slabs, 62);
	ASSERT_EQ(c->ctor, 0);
	ASSERT_TRUE(c->has & (1u << MM_SLAB_CTOR));
	ASSERT_TRUE(!(c->has & (1u << MM_SLAB_CPU_PARTIAL_SLABS)));	/* not exported */
	c = mm_machine__slab_cache(&m, "kmalloc-8k");
	ASSERT_EQ(c->order, 3);
	ASSERT_EQ(c->min_partial, 6);
	/* an alias resolves to its merged cache */
	c = mm_machine__slab_cache(&m, "jbd2_inode");
	ASSERT_TRUE(c != NULL);
	ASSERT_STREQ(c->name, ":0000064");
	ASSERT_EQ(c->aliases, 6);
	mm_machine__free(&m);
	snap_files__clear(&s);
	return true;
}

static int write_file(const char *dir, const char *rel, const void *data, size_t len)
{
	char path[4096], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "wb");
	if (!f)
		return -errno;
	if (len && fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -EIO;
	}
	return fclose(f) ? -EIO : 0;
}

static void rm_rf(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
}

/*
 * A two-zone machine of 64 pfns (orders 0..3 in buddyinfo, so max order 3):
 *
 *   zone A [0, 32): BUDDY 4..31            zone B [32, 64): BUDDY 32..47, 60
 *   pfn 0         4   8      16      24    32     40     48         60
 *       ....      |-2-|---3---|---3---|---3---|---3---|  .. count0 ..|0|
 *                                  zone edge ^
 *   Expect free blocks 4/2 8/3 16/3 24/3 | 32/3 40/3 60/0 (the zone edge at 32 cuts
 *   the run 4..47), pcp candidates: pfns 50..59 (refcount 0, not BUDDY).
 */
TEST(collect_kpageflags_free_blocks)
{
	static const char zoneinfo[] = "Node 0, zone        A\n"
				       "  pages free     0\n"
				       "        spanned  32\n"
				       "        present  32\n"
				       "  start_pfn:           0\n"
				       "Node 0, zone        B\n"
				       "  pages free     0\n"
				       "        spanned  32\n"
				       "        present  32\n"
				       "  start_pfn:           32\n";
	static const char buddyinfo[] = "Node 0, zone A 0 0 1 3\nNode 0, zone B 1 0 0 2\n";
	static const uint64_t want[][2] = { { 4, 2 },  { 8, 3 },  { 16, 3 }, { 24, 3 },
					    { 32, 3 }, { 40, 3 }, { 60, 0 } };
	uint64_t flags[64] = { 0 }, counts[64], pfn, size;
	char dir[] = "/tmp/mmtrace-test-collect-XXXXXX";
	struct snap_files s = { 0 };
	struct parse_err err;
	struct mm_machine m;
	struct mm_pfn_map_iter it;
	int n = 0;

	for (int i = 0; i < 64; i++) {
		counts[i] = 1;
		if ((i >= 4 && i < 48) || i == 60) {
			flags[i] = 1ull << SNAP_KPF_BUDDY;
			counts[i] = 0;
		}
		if (i >= 50 && i < 60)
			counts[i] = 0;
	}
	ASSERT_TRUE(mkdtemp(dir) != NULL);
	ASSERT_EQ(write_file(dir, "proc/zoneinfo", zoneinfo, sizeof(zoneinfo) - 1), 0);
	ASSERT_EQ(write_file(dir, "proc/buddyinfo", buddyinfo, sizeof(buddyinfo) - 1), 0);
	ASSERT_EQ(write_file(dir, "proc/kpageflags", flags, sizeof(flags)), 0);
	ASSERT_EQ(write_file(dir, "proc/kpagecount", counts, sizeof(counts)), 0);
	ASSERT_EQ(snap_collect(&s, dir, 0, &err), 0);
	rm_rf(dir);
	ASSERT_EQ(mm_machine__from_snapshot(&m, &s, &err), 0);
	ASSERT_TRUE(m.has & MM_MACHINE_HAS_FREE_BLOCKS);
	ASSERT_EQ(m.free_blocks.nr_entries, 7);
	ASSERT_EQ(m.free_blocks.nr_pages, 45);
	mm_free_block_iter__init(&it, &m.free_blocks);
	while (mm_pfn_map_iter__next(&it, &pfn, &size) > 0 && n < 7) {
		ASSERT_EQ(pfn, want[n][0]);
		ASSERT_EQ(size, want[n][1]);
		n++;
	}
	ASSERT_EQ(n, 7);
	ASSERT_EQ(m.pcp_candidates.nr_entries, 1);
	ASSERT_EQ(m.pcp_candidates.nr_pages, 10);
	mm_pcp_candidate_iter__init(&it, &m.pcp_candidates);
	ASSERT_EQ(mm_pfn_map_iter__next(&it, &pfn, &size), 1);
	ASSERT_EQ(pfn, 50);
	ASSERT_EQ(size, 10);
	mm_machine__free(&m);
	snap_files__clear(&s);

	/* SNAP_COLLECT_NO_PFN_MAPS leaves the maps out */
	ASSERT_TRUE(mkdtemp(strcpy(dir, "/tmp/mmtrace-test-collect-XXXXXX")) != NULL);
	ASSERT_EQ(write_file(dir, "proc/kpageflags", flags, sizeof(flags)), 0);
	ASSERT_EQ(snap_collect(&s, dir, SNAP_COLLECT_NO_PFN_MAPS, &err), 0);
	ASSERT_TRUE(!snap_files__find(&s, "mmtrace/free_blocks"));
	snap_files__clear(&s);
	/* without zoneinfo the whole file is scanned, unsplit by zones, max order 10 */
	ASSERT_EQ(snap_collect(&s, dir, 0, &err), 0);
	rm_rf(dir);
	ASSERT_EQ(mm_machine__from_snapshot(&m, &s, &err), 0);
	ASSERT_EQ(m.free_blocks.nr_pages, 45);
	ASSERT_TRUE(!(m.has & MM_MACHINE_HAS_PCP_CANDIDATES));
	mm_machine__free(&m);
	snap_files__clear(&s);
	return true;
}

TEST(collect_boot_config_and_skipped)
{
	static const char cfg[] = "CONFIG_CMA=y\nCONFIG_FOO=y\n# CONFIG_NUMA is not set\n";
	char dir[] = "/tmp/mmtrace-test-collect-XXXXXX";
	char path[4200];
	struct snap_files s = { 0 };
	struct parse_err err;
	const struct snap_file *f;

	ASSERT_TRUE(mkdtemp(dir) != NULL);
	ASSERT_EQ(write_file(dir, "proc/sys/kernel/osrelease", "6.1.0-test\n", 11), 0);
	ASSERT_EQ(write_file(dir, "boot/config-6.1.0-test", cfg, sizeof(cfg) - 1), 0);
	/* a directory where a file should be: exists but cannot be read */
	snprintf(path, sizeof(path), "%s/proc/vmstat", dir);
	ASSERT_EQ(mkdir(path, 0755), 0);
	ASSERT_EQ(snap_collect(&s, dir, 0, &err), 1);
	rm_rf(dir);
	f = snap_files__find(&s, "mmtrace/config");
	ASSERT_TRUE(f != NULL);
	ASSERT_STREQ((const char *)f->data, "# mmtrace: reduced from boot/config-6.1.0-test\n"
					    "CONFIG_CMA=y\n# CONFIG_NUMA is not set\n");
	f = snap_files__find(&s, "mmtrace/skipped");
	ASSERT_TRUE(f != NULL);
	ASSERT_TRUE(!strncmp((const char *)f->data, "proc/vmstat\t", 12));
	ASSERT_TRUE(!snap_files__find(&s, "proc/vmstat"));
	snap_files__clear(&s);

	ASSERT_EQ(snap_collect(&s, "testdata/snapshots/no-such-dir", 0, &err), -ENOENT);
	ASSERT_EQ(s.nr, 0);
	return true;
}

/* Collect and parse one --from-dir root; checks that hold for any real kernel. */
static bool check_snapshot(const char *dir, const struct snap_files *s)
{
	struct parse_err err = { .line = 0 };
	struct mm_machine m;
	int ret;

	ret = mm_machine__from_snapshot(&m, s, &err);
	if (ret)
		fprintf(stderr, "%s: %s:%u: %s\n", dir, err.file, err.line, err.msg);
	ASSERT_EQ(ret, 0);
	ASSERT_TRUE(m.nr_zones > 0);
	ASSERT_TRUE(m.has & MM_MACHINE_HAS_RELEASE);
	for (uint32_t i = 0; i < m.nr_zones; i++) {
		const struct mm_zone *z = &m.zones[i];

		ASSERT_TRUE(z->has & MM_ZONE_HAS_ZONEINFO);
		/* a populated zone is in buddyinfo and has a pageset per online cpu */
		if (!z->populated)
			continue;
		ASSERT_TRUE(z->has & MM_ZONE_HAS_BUDDYINFO);
		if (m.has & MM_MACHINE_HAS_CPUS_ONLINE)
			ASSERT_EQ(z->nr_pagesets, m.nr_cpus_online);
		/* "promo" since 6.0; high_min/high_max printed since 6.7 (not in 6.12.117) */
		if (!strncmp(m.release, "6.1.", 4))
			ASSERT_TRUE(!(z->has & MM_ZONE_HAS_PROMO));
		if (!strncmp(m.release, "6.12.", 5))
			ASSERT_TRUE(z->has & MM_ZONE_HAS_PROMO);
	}
	if (m.has & MM_MACHINE_HAS_KCONFIG) {
		/* MIGRATE_ISOLATE's index follows CONFIG_CMA */
		if (m.kconfig[MM_KCONFIG_CMA].state == MM_KCONFIG_YES)
			ASSERT_EQ(m.migrate_isolate, 5);
		else if (m.nr_migratetypes)
			ASSERT_EQ(m.migrate_isolate, 4);
	}
	mm_machine__free(&m);
	return true;
}

static bool check_real_root(const char *dir)
{
	struct snap_files s = { 0 };
	struct parse_err err = { .line = 0 };
	bool ok;
	int ret;

	ret = snap_collect(&s, dir, SNAP_COLLECT_NO_PFN_MAPS, &err);
	if (ret < 0)
		fprintf(stderr, "%s: %s:%u: %s\n", dir, err.file, err.line, err.msg);
	ASSERT_TRUE(ret >= 0);
	ok = check_snapshot(dir, &s);
	snap_files__clear(&s);
	return ok;
}

/* Every snapshot stored in a committed trace: the QEMU guests' and the real recordings'. */
static bool check_trace_snapshots(const char *path, int *nr)
{
	const char *msg = NULL;
	struct trace_reader *r = trace_reader__open(path, &msg);
	struct mm_event ev;

	if (!r)
		fprintf(stderr, "%s: %s\n", path, msg);
	ASSERT_TRUE(r != NULL);
	while (trace_reader__next(r, &ev) == 1)
		;
	for (unsigned int k = 0; k < SNAP__NR; k++) {
		const struct snap_files *s = trace_reader__snapshot(r, k);

		/* Synthetic traces carry a token snapshot without zoneinfo. */
		if (!s || !snap_files__find(s, "proc/zoneinfo"))
			continue;
		if (!check_snapshot(path, s)) {
			trace_reader__close(r);
			return false;
		}
		(*nr)++;
	}
	trace_reader__close(r);
	return true;
}

TEST(parse_every_committed_trace_snapshot)
{
	static const char *const dirs[] = { "testdata/snapshots", "testdata/traces" };
	int nr = 0;

	for (unsigned int i = 0; i < 2; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;

		ASSERT_TRUE(d != NULL);
		while ((de = readdir(d))) {
			size_t n = strlen(de->d_name);
			char path[1024];

			if (n < 4 || strcmp(de->d_name + n - 4, ".mmt"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[i], de->d_name);
			if (!check_trace_snapshots(path, &nr)) {
				closedir(d);
				return false;
			}
		}
		closedir(d);
	}
	ASSERT_TRUE(nr >= 2);
	return true;
}

/*
 * Every real snapshot directory under testdata/snapshots (host-6.18 and the QEMU 6.1 and
 * 6.12 guests, with their start/ and end/ subdirectories) collects and parses.
 */
TEST(collect_every_testdata_snapshot)
{
	DIR *d = opendir("testdata/snapshots");
	struct dirent *de;
	int nr = 0;

	ASSERT_TRUE(d != NULL);
	while ((de = readdir(d))) {
		static const char *const subs[] = { "", "/start", "/end" };

		if (de->d_name[0] == '.' || !strncmp(de->d_name, "fixture-", 8))
			continue;
		for (size_t i = 0; i < 3; i++) {
			char dir[1024], zi[1100];

			snprintf(dir, sizeof(dir), "testdata/snapshots/%s%s", de->d_name, subs[i]);
			snprintf(zi, sizeof(zi), "%s/proc/zoneinfo", dir);
			if (access(zi, R_OK))
				continue;
			if (!check_real_root(dir)) {
				closedir(d);
				return false;
			}
			nr++;
		}
	}
	closedir(d);
	ASSERT_TRUE(nr >= 1);
	return true;
}

/* The live machine, when readable: only checks that collection and parsing agree. */
TEST(collect_live_root_parses)
{
	struct snap_files s = { 0 };
	struct parse_err err;
	struct mm_machine m;
	int ret;

	if (access("/proc/zoneinfo", R_OK))
		return true;	/* not Linux */
	ret = snap_collect(&s, "/", SNAP_COLLECT_NO_PFN_MAPS, &err);
	ASSERT_TRUE(ret >= 0);
	ASSERT_TRUE(snap_files__find(&s, "mmtrace/uname") != NULL);
	ASSERT_EQ(mm_machine__from_snapshot(&m, &s, &err), 0);
	ASSERT_TRUE(m.has & MM_MACHINE_HAS_MACHINE);
	ASSERT_TRUE(m.nr_zones > 0);
	mm_machine__free(&m);
	snap_files__clear(&s);
	return true;
}
