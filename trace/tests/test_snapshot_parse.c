// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshot parsers on real text (testdata/snapshots/host-6.18, copied from the live
 * 6.18 host), on hand-written fixtures of the 6.1 and 4.4 layouts, and on garbage that
 * must be rejected with the right line number. Also the free-block map: run splitting
 * and the varint encoding. Run from the repository root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/tests/testlib.h"
#include "../snapshot.h"
#include "../snapshot_collect.h"
#include "../snapshot_parse.h"

#define HOST "testdata/snapshots/host-6.18/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		fprintf(stderr, "cannot open %s (run tests from the repository root)\n", path);
		return NULL;
	}
	while (1) {
		if (cap - n < 4096) {
			char *nb = realloc(buf, cap ? cap * 2 : 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);

		if (!r)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

typedef int (*parse_fn)(const char *, size_t, struct mm_machine *, struct parse_err *);

/* Parse a file into a fresh machine m; the parser's return value. */
static int parse_path(parse_fn fn, const char *path, struct mm_machine *m, struct parse_err *err)
{
	size_t len;
	char *buf = slurp(path, &len);
	int ret;

	mm_machine__init(m);
	if (!buf)
		return -ENOENT;
	ret = fn(buf, len, m, err);
	free(buf);
	return ret;
}

static int parse_str(parse_fn fn, const char *text, struct mm_machine *m, struct parse_err *err)
{
	mm_machine__init(m);
	*err = (struct parse_err){ .line = 0 };
	return fn(text, strlen(text), m, err);
}

/* ------------------------------------------------------------ zoneinfo */

TEST(zoneinfo_host_6_18)
{
	struct mm_machine m;
	struct parse_err err = { .line = 0 };
	const struct mm_zone *dma, *dma32, *mov;

	ASSERT_EQ(parse_path(parse_zoneinfo, HOST "proc/zoneinfo", &m, &err), 0);
	ASSERT_EQ(m.nr_zones, 5);
	dma = mm_machine__zone(&m, 0, "DMA");
	dma32 = mm_machine__zone(&m, 0, "DMA32");
	mov = mm_machine__zone(&m, 0, "Movable");
	ASSERT_TRUE(dma && dma32 && mov);
	ASSERT_EQ(dma->zone_idx, MM_ZONE_DMA);
	ASSERT_EQ(dma32->zone_idx, MM_ZONE_DMA32);
	ASSERT_EQ(mov->zone_idx, MM_ZONE_MOVABLE);
	ASSERT_EQ(mm_machine__zone(&m, 0, "Device")->zone_idx, MM_ZONE_DEVICE);
	ASSERT_EQ(dma->nr_free_pages, 3840);
	ASSERT_EQ(dma->wmark[MM_WMARK_MIN], 39);
	ASSERT_EQ(dma->wmark[MM_WMARK_LOW], 48);
	ASSERT_EQ(dma->wmark[MM_WMARK_HIGH], 57);
	ASSERT_EQ(dma->wmark[MM_WMARK_PROMO], 66);
	ASSERT_TRUE(dma->has & MM_ZONE_HAS_PROMO);
	ASSERT_EQ(dma->spanned_pages, 4095);
	ASSERT_EQ(dma->present_pages, 3998);
	ASSERT_EQ(dma->managed_pages, 3840);
	ASSERT_EQ(dma->zone_start_pfn, 1);
	ASSERT_EQ(dma->nr_protection, 5);
	ASSERT_EQ(dma->lowmem_reserve[1], 3018);
	ASSERT_EQ(dma->lowmem_reserve[4], 6474);
	ASSERT_EQ(dma->nr_pagesets, 2);
	ASSERT_EQ(dma->pagesets[1].cpu, 1);
	ASSERT_EQ(dma->pagesets[1].batch, 1);
	ASSERT_EQ(dma->pagesets[1].high_min, 24);
	ASSERT_EQ(dma->pagesets[1].high_max, 240);
	ASSERT_TRUE(dma->pagesets[1].has_high_min_max);
	ASSERT_EQ(dma->stat_threshold, 4);
	ASSERT_EQ(dma32->zone_start_pfn, 4096);
	ASSERT_EQ(dma32->pagesets[0].high, 4911);
	ASSERT_EQ(dma32->pagesets[0].batch, 63);
	ASSERT_EQ(dma32->stat_threshold, 24);
	/* per-node stats sit on the node's first populated zone only */
	ASSERT_TRUE(dma->nr_node_stats > 40);
	ASSERT_EQ(dma32->nr_node_stats, 0);
	ASSERT_STREQ(dma->stats[0].name, "nr_free_pages");
	ASSERT_EQ(dma->stats[0].value, 3840);
	/* unpopulated zones print only up to "protection" */
	ASSERT_EQ(mov->populated, 0);
	ASSERT_EQ(mov->nr_pagesets, 0);
	ASSERT_EQ(mov->wmark[MM_WMARK_MIN], 32);
	ASSERT_TRUE(!(mov->has & MM_ZONE_HAS_START_PFN));
	mm_machine__free(&m);
	return true;
}

/* Layout from Debian 6.1.192 mm/vmstat.c zoneinfo_show_print(): no "promo", pagesets
 * print "count: %i / high:  %i / batch: %i" and no high_min/high_max. */
TEST(zoneinfo_6_1_layout)
{
	struct mm_machine m;
	struct parse_err err;
	const struct mm_zone *z;

	ASSERT_EQ(parse_path(parse_zoneinfo, "testdata/snapshots/fixture-6.1/proc/zoneinfo", &m,
			     &err), 0);
	ASSERT_EQ(m.nr_zones, 4);
	z = mm_machine__zone(&m, 0, "DMA32");
	ASSERT_TRUE(z != NULL);
	ASSERT_TRUE(!(z->has & MM_ZONE_HAS_PROMO));
	ASSERT_TRUE(z->has & MM_ZONE_HAS_BOOST);
	ASSERT_EQ(z->watermark_boost, 512);
	ASSERT_EQ(z->wmark[MM_WMARK_HIGH], 1825);
	ASSERT_EQ(z->nr_pagesets, 1);
	ASSERT_EQ(z->pagesets[0].count, 150);
	ASSERT_EQ(z->pagesets[0].high, 1825);
	ASSERT_EQ(z->pagesets[0].batch, 31);
	ASSERT_EQ(z->pagesets[0].has_high_min_max, 0);
	ASSERT_EQ(z->populated, 1);
	ASSERT_EQ(mm_machine__zone(&m, 0, "Normal")->populated, 0);
	ASSERT_EQ(mm_machine__zone(&m, 0, "Movable")->zone_idx, MM_ZONE_MOVABLE);
	mm_machine__free(&m);
	return true;
}

/* 4.4 layout (written from memory of 4.4 mm/vmstat.c, not checked against a source
 * tree): no boost/promo/cma, a "scanned" line, counters before "protection" with 4-space
 * indent, four protection entries, all_unreclaimable and inactive_ratio. */
TEST(zoneinfo_4_4_layout)
{
	struct mm_machine m;
	struct parse_err err;
	const struct mm_zone *z;

	ASSERT_EQ(parse_path(parse_zoneinfo, "testdata/snapshots/fixture-4.4/proc/zoneinfo", &m,
			     &err), 0);
	ASSERT_EQ(m.nr_zones, 2);
	z = &m.zones[1];
	ASSERT_STREQ(z->name, "DMA32");
	ASSERT_EQ(z->zone_idx, 1);
	ASSERT_TRUE(!(z->has & (MM_ZONE_HAS_BOOST | MM_ZONE_HAS_PROMO | MM_ZONE_HAS_CMA)));
	ASSERT_EQ(z->managed_pages, 765934);
	ASSERT_EQ(z->nr_protection, 4);
	ASSERT_EQ(z->lowmem_reserve[2], 942);
	ASSERT_EQ(z->nr_stats, 2);
	ASSERT_STREQ(z->stats[1].name, "nr_alloc_batch");
	ASSERT_EQ(z->nr_pagesets, 2);
	ASSERT_EQ(z->pagesets[1].count, 157);
	ASSERT_EQ(z->pagesets[1].stat_threshold, 42);
	ASSERT_TRUE(z->has & MM_ZONE_HAS_NODE_UNRECLAIMABLE);
	ASSERT_EQ(z->zone_start_pfn, 4096);
	mm_machine__free(&m);
	return true;
}

TEST(zoneinfo_garbage_line_number)
{
	struct mm_machine m;
	struct parse_err err;
	static const char bad_value[] = "Node 0, zone      DMA\n"
					"  pages free     3840\n"
					"        min      4x6\n";
	static const char before_zone[] = "\n  pages free     3840\n";
	static const char bad_protection[] = "Node 0, zone DMA\n"
					     "  pages free 1\n"
					     "        protection: (0, 3018, 5450\n";
	static const char pageset_no_cpu[] = "Node 0, zone DMA\n"
					     "  pagesets\n"
					     "              count:    0\n";
	static const char binary[] = "Node 0, zone DMA\n  pages free 1\n\x01\x02\x03\n";

	ASSERT_EQ(parse_str(parse_zoneinfo, bad_value, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 3);
	ASSERT_STREQ(err.file, "proc/zoneinfo");
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_zoneinfo, before_zone, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 2);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_zoneinfo, bad_protection, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 3);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_zoneinfo, pageset_no_cpu, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 3);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_zoneinfo, binary, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 3);
	mm_machine__free(&m);
	return true;
}

/* ------------------------------------------------------------ buddyinfo, pagetypeinfo */

TEST(buddyinfo_host_6_18)
{
	struct mm_machine m;
	struct parse_err err;
	const struct mm_zone *z;

	ASSERT_EQ(parse_path(parse_buddyinfo, HOST "proc/buddyinfo", &m, &err), 0);
	ASSERT_EQ(m.nr_zones, 3);
	z = mm_machine__zone(&m, 0, "DMA32");
	ASSERT_EQ(z->nr_orders, 11);
	ASSERT_EQ(z->nr_free[0], 2);
	ASSERT_EQ(z->nr_free[10], 752);
	z = mm_machine__zone(&m, 0, "Normal");
	ASSERT_EQ(z->nr_free[0], 1494);
	ASSERT_EQ(z->zone_idx, MM_ZONE_NORMAL);	/* from the name: no zoneinfo here */
	mm_machine__free(&m);

	ASSERT_EQ(parse_str(parse_buddyinfo, "Node 0, zone DMA 1 2 3\nNode 0, zone DMA32 1 -2 3\n",
			    &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 2);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_buddyinfo, "Node 0, zone DMA 1 2\n\nNode 0 zone DMA32 1\n", &m,
			    &err), -EBADMSG);
	ASSERT_EQ(err.line, 3);
	mm_machine__free(&m);
	return true;
}

TEST(pagetypeinfo_host_6_18_no_cma)
{
	struct mm_machine m;
	struct parse_err err;
	const struct mm_zone *z;

	ASSERT_EQ(parse_path(parse_pagetypeinfo, HOST "proc/pagetypeinfo", &m, &err), 0);
	ASSERT_EQ(m.pageblock_order, 9);
	ASSERT_EQ(m.pageblock_nr_pages, 512);
	/* CONFIG_CMA=n on the host: no CMA row, so MIGRATE_ISOLATE is 4 */
	ASSERT_EQ(m.nr_migratetypes, 5);
	ASSERT_EQ(m.migrate_cma, -1);
	ASSERT_EQ(m.migrate_isolate, 4);
	ASSERT_STREQ(m.migratetype_names[3], "HighAtomic");
	z = mm_machine__zone(&m, 0, "DMA");
	ASSERT_EQ(z->nr_free_mt[0][8], 1);	/* Unmovable, order 8 */
	ASSERT_EQ(z->nr_free_mt[1][10], 3);	/* Movable, order 10 */
	ASSERT_EQ(z->nr_pageblocks[1], 7);
	z = mm_machine__zone(&m, 0, "DMA32");
	ASSERT_EQ(z->nr_free_mt[1][10], 752);
	ASSERT_EQ(z->nr_pageblocks[1], 1528);
	ASSERT_EQ(z->nr_free_capped[1], 0);
	mm_machine__free(&m);
	return true;
}

/* Layout from Debian 6.1.192 mm/vmstat.c pagetypeinfo_showfree_print() and
 * pagetypeinfo_showblockcount_print() for a CONFIG_CMA=y kernel (hand-written: Debian's
 * amd64 6.1/6.12 configs have CMA off, so no real snapshot here has the CMA row). */
TEST(pagetypeinfo_6_1_cma_and_cap)
{
	struct mm_machine m;
	struct parse_err err;
	const struct mm_zone *z;

	ASSERT_EQ(parse_path(parse_pagetypeinfo, "testdata/snapshots/fixture-6.1/proc/pagetypeinfo",
			     &m, &err), 0);
	ASSERT_EQ(m.nr_migratetypes, 6);
	ASSERT_EQ(m.migrate_cma, 4);
	ASSERT_EQ(m.migrate_isolate, 5);
	z = mm_machine__zone(&m, 0, "DMA32");
	/* ">100000": the walk stopped at the cap */
	ASSERT_EQ(z->nr_free_mt[1][0], MM_PAGETYPEINFO_CAP);
	ASSERT_EQ(z->nr_free_capped[1], 1u << 0);
	ASSERT_EQ(z->nr_free_mt[1][10], 95);
	ASSERT_EQ(z->nr_pageblocks[0], 22);
	ASSERT_EQ(z->nr_pageblocks[5], 0);
	mm_machine__free(&m);
	return true;
}

TEST(pagetypeinfo_garbage)
{
	struct mm_machine m;
	struct parse_err err;
	static const char short_row[] =
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		"Free pages count per migrate type at order       0      1      2 \n"
		"Node    0, zone      DMA, type    Unmovable      0      0 \n";
	static const char names_disagree[] =
		"Free pages count per migrate type at order       0 \n"
		"Node    0, zone      DMA, type    Unmovable      0 \n"
		"Node    0, zone      DMA, type      Movable      0 \n"
		"\n"
		"Number of blocks type     Unmovable  Reclaimable \n";
	static const char row_before_header[] = "Page block order: 9\nNode 0, zone DMA 1 2\n";

	ASSERT_EQ(parse_str(parse_pagetypeinfo, short_row, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 5);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_pagetypeinfo, names_disagree, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 5);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_pagetypeinfo, row_before_header, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 2);
	mm_machine__free(&m);
	return true;
}

/* ------------------------------------------------------------ vmstat, slabinfo */

TEST(vmstat_host_6_18)
{
	struct mm_machine m;
	struct parse_err err;
	uint64_t v = 0;

	ASSERT_EQ(parse_path(parse_vmstat, HOST "proc/vmstat", &m, &err), 0);
	ASSERT_TRUE(m.nr_vmstat > 100);
	ASSERT_EQ(mm_machine__vmstat(&m, "nr_free_pages", &v), 0);
	ASSERT_EQ(v, 922170);
	ASSERT_EQ(mm_machine__vmstat(&m, "pgalloc_normal", &v), 0);
	ASSERT_EQ(v, 12910880);
	ASSERT_EQ(mm_machine__vmstat(&m, "no_such_counter", &v), -ENOENT);
	mm_machine__free(&m);

	ASSERT_EQ(parse_str(parse_vmstat, "nr_free_pages 1\nnr_zone 2 3\n", &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 2);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_vmstat, "a 1\nb 2\n\nc 99999999999999999999\n", &m, &err),
		  -EBADMSG);
	ASSERT_EQ(err.line, 4);
	mm_machine__free(&m);
	return true;
}

TEST(slabinfo_host_6_18)
{
	struct mm_machine m;
	struct parse_err err;
	const struct mm_slabinfo *r = NULL;

	ASSERT_EQ(parse_path(parse_slabinfo, HOST "proc/slabinfo", &m, &err), 0);
	ASSERT_TRUE(m.nr_slabinfo > 200);
	for (uint32_t i = 0; i < m.nr_slabinfo; i++)
		if (!strcmp(m.slabinfo[i].name, "kmalloc-64"))
			r = &m.slabinfo[i];
	ASSERT_TRUE(r != NULL);
	ASSERT_EQ(r->active_objs, 3239);
	ASSERT_EQ(r->num_objs, 3968);
	ASSERT_EQ(r->objsize, 64);
	ASSERT_EQ(r->objperslab, 64);
	ASSERT_EQ(r->pagesperslab, 1);
	ASSERT_EQ(r->num_slabs, 62);
	mm_machine__free(&m);

	/* format version other than 2.x */
	ASSERT_EQ(parse_str(parse_slabinfo, "slabinfo - version: 1.1\n", &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 1);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_slabinfo,
			    "slabinfo - version: 2.1\n# name <active_objs>\n"
			    "a 1 1 8 512 1 : tunables 0 0 0 : slabdata 1 1 0\n"
			    "b 1 1 8 512 : tunables 0 0 0 : slabdata 1 1 0\n",
			    &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 4);
	mm_machine__free(&m);
	return true;
}

/* ------------------------------------------------------------ tracepoint formats */

TEST(tracepoint_format_host_6_18)
{
	struct mm_machine m;
	struct parse_err err;
	const struct mm_tp_format *tp;

	ASSERT_EQ(parse_path(parse_tracepoint_format,
			     HOST "sys/kernel/tracing/events/kmem/kmem_cache_alloc/format", &m, &err),
		  0);
	ASSERT_EQ(m.nr_tp_formats, 1);
	tp = &m.tp_formats[0];
	ASSERT_STREQ(tp->name, "kmem_cache_alloc");
	ASSERT_EQ(tp->id, 659);
	ASSERT_EQ(tp->nr_fields, 12);
	ASSERT_STREQ(tp->fields[0].name, "common_type");
	ASSERT_EQ(tp->fields[0].is_common, 1);
	ASSERT_EQ(tp->fields[3].is_signed, 1);
	ASSERT_EQ(tp->fields[4].is_common, 0);
	ASSERT_STREQ(tp->fields[5].type, "const void *");
	ASSERT_STREQ(tp->fields[5].name, "ptr");
	ASSERT_STREQ(tp->fields[6].type, "__data_loc char[]");
	ASSERT_STREQ(tp->fields[6].name, "name");
	ASSERT_EQ(tp->fields[6].offset, 24);
	ASSERT_EQ(tp->fields[6].size, 4);
	ASSERT_STREQ(tp->fields[11].name, "accounted");
	ASSERT_EQ(tp->fields[11].offset, 60);
	ASSERT_TRUE(!strncmp(tp->print_fmt, "\"call_site=%pS", 14));
	mm_machine__free(&m);
	return true;
}

TEST(tracepoint_format_arrays_and_garbage)
{
	struct mm_machine m;
	struct parse_err err;
	static const char ok[] = "name: sched_switch\nID: 300\nformat:\n"
				 "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
				 "\n"
				 "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
				 "\n"
				 "print fmt: \"prev_comm=%s\", REC->prev_comm\n";
	static const char no_size[] = "name: x\nID: 1\nformat:\n"
				      "\tfield:int a;\toffset:0;\tsigned:1;\n"
				      "print fmt: \"\"\n";

	ASSERT_EQ(parse_str(parse_tracepoint_format, ok, &m, &err), 0);
	ASSERT_STREQ(m.tp_formats[0].fields[1].type, "char[16]");
	ASSERT_STREQ(m.tp_formats[0].fields[1].name, "prev_comm");
	ASSERT_EQ(m.tp_formats[0].fields[1].size, 16);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_tracepoint_format, no_size, &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 4);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_tracepoint_format, "name: x\nID: 1\nwhat\n", &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 3);
	mm_machine__free(&m);
	return true;
}

/* ------------------------------------------------------------ config, cmdline, values */

TEST(kconfig_full_and_reduced)
{
	struct mm_machine m;
	struct parse_err err;
	static const char cfg[] = "#\n# Automatically generated file; DO NOT EDIT.\n#\n"
				  "CONFIG_CC_VERSION_TEXT=\"gcc (Debian 12.2.0-14) 12.2.0\"\n"
				  "CONFIG_CMA=y\n"
				  "# CONFIG_SLUB_DEBUG_ON is not set\n"
				  "CONFIG_NR_CPUS=8192\n"
				  "CONFIG_ARCH_FORCE_MAX_ORDER=0xa\n"
				  "CONFIG_MEMCG=m\n";

	/* before any config: unknown, not "not set" */
	mm_machine__init(&m);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_CMA].state, MM_KCONFIG_UNKNOWN);
	ASSERT_EQ(parse_str(parse_kconfig, cfg, &m, &err), 0);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_CMA].state, MM_KCONFIG_YES);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_SLUB_DEBUG_ON].state, MM_KCONFIG_NOT_SET);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_NR_CPUS].state, MM_KCONFIG_NUMBER);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_NR_CPUS].value, 8192);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_ARCH_FORCE_MAX_ORDER].value, 10);
	ASSERT_EQ(m.kconfig[MM_KCONFIG_MEMCG].state, MM_KCONFIG_MODULE);
	/* absent from the file: not set */
	ASSERT_EQ(m.kconfig[MM_KCONFIG_NUMA].state, MM_KCONFIG_NOT_SET);
	mm_machine__free(&m);

	ASSERT_EQ(parse_str(parse_kconfig, "CONFIG_A=y\n\nthis is not a config\n", &m, &err),
		  -EBADMSG);
	ASSERT_EQ(err.line, 3);
	mm_machine__free(&m);
	return true;
}

TEST(cmdline_params)
{
	struct mm_machine m;
	struct parse_err err;
	size_t len;
	char *host = slurp(HOST "proc/cmdline", &len);

	ASSERT_TRUE(host != NULL);
	mm_machine__init(&m);
	ASSERT_EQ(parse_cmdline(host, len, &m, &err), 0);
	free(host);
	ASSERT_EQ(m.cmdline.has, 0);
	mm_machine__free(&m);

	/* '-' and '_' are the same in names; 6.8+ slab_* spellings; "--" ends the kernel's */
	ASSERT_EQ(parse_str(parse_cmdline,
			    "root=/dev/vda page-alloc.shuffle=1 slub_debug=FZ,kmalloc-64 "
			    "slab_max_order=2 msg=\"a b\" slub_min_objects=8 -- slub_min_order=3\n",
			    &m, &err), 0);
	ASSERT_TRUE(m.cmdline.has & MM_CMDLINE_PAGE_ALLOC_SHUFFLE);
	ASSERT_EQ(m.cmdline.page_alloc_shuffle, 1);
	ASSERT_STREQ(m.cmdline.slub_debug, "FZ,kmalloc-64");
	ASSERT_EQ(m.cmdline.slub_max_order, 2);
	ASSERT_EQ(m.cmdline.slub_min_objects, 8);
	ASSERT_TRUE(!(m.cmdline.has & MM_CMDLINE_SLUB_MIN_ORDER));
	mm_machine__free(&m);

	ASSERT_EQ(parse_str(parse_cmdline, "slub_max_order=x\n", &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 1);
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_cmdline, "quiet\nsecond line\n", &m, &err), -EBADMSG);
	ASSERT_EQ(err.line, 2);
	mm_machine__free(&m);
	return true;
}

TEST(single_values)
{
	struct parse_err err;
	int64_t v = 0, list[MM_MAX_NR_ZONES];
	uint32_t nr = 0;
	uint8_t b = 9;

	ASSERT_EQ(parse_sysctl_value("67584\n", 6, &v, &err), 0);
	ASSERT_EQ(v, 67584);
	ASSERT_EQ(parse_sysctl_value("-1\n", 3, &v, &err), 0);
	ASSERT_EQ(v, -1);
	ASSERT_EQ(parse_sysctl_value("12 13\n", 6, &v, &err), -EBADMSG);
	ASSERT_EQ(parse_sysctl_value("1\n2\n", 4, &v, &err), -EBADMSG);
	ASSERT_EQ(parse_int_list("256\t256\t32\t0\t0\n", 15, list, MM_MAX_NR_ZONES, &nr, &err), 0);
	ASSERT_EQ(nr, 5);
	ASSERT_EQ(list[2], 32);
	ASSERT_EQ(parse_int_list("1 2 3", 5, list, 2, &nr, &err), -EBADMSG);
	ASSERT_EQ(parse_cpulist("0-3,8,10-11\n", 12, &nr, &err), 0);
	ASSERT_EQ(nr, 7);
	ASSERT_EQ(parse_cpulist("3-1\n", 4, &nr, &err), -EBADMSG);
	ASSERT_EQ(parse_cpulist("0,\n", 3, &nr, &err), -EBADMSG);
	ASSERT_EQ(parse_param_bool("N\n", 2, &b, &err), 0);
	ASSERT_EQ(b, 0);
	ASSERT_EQ(parse_param_bool("Y\n", 2, &b, &err), 0);
	ASSERT_EQ(b, 1);
	ASSERT_EQ(parse_param_bool("maybe\n", 6, &b, &err), -EBADMSG);
	return true;
}

TEST(proc_version_nested_parens)
{
	struct mm_machine m;
	struct parse_err err;

	ASSERT_EQ(parse_path(parse_proc_version, HOST "proc/version", &m, &err), 0);
	ASSERT_STREQ(m.release, "6.18.44-fc-v769");
	ASSERT_STREQ(m.version, "#1 SMP PREEMPT_DYNAMIC @0");
	mm_machine__free(&m);
	ASSERT_EQ(parse_str(parse_proc_version, "Linux version 6.1.0 (x (y) #1\n", &m, &err),
		  -EBADMSG);
	mm_machine__free(&m);
	return true;
}

TEST(slab_attrs)
{
	struct mm_slab_cache c = { 0 };
	struct parse_err err;

	ASSERT_EQ(parse_slab_attr(&c, "order", "3\n", 2, &err), 0);
	ASSERT_EQ(c.order, 3);
	ASSERT_EQ(parse_slab_attr(&c, "objects", "3239 N0=3239\n", 13, &err), 0);
	ASSERT_EQ(c.objects, 3239);
	ASSERT_EQ(parse_slab_attr(&c, "cpu_slabs", "7 N0=5 N1=2\n", 12, &err), 0);
	ASSERT_EQ(c.cpu_slabs, 7);
	ASSERT_EQ(parse_slab_attr(&c, "ctor", "", 0, &err), 0);
	ASSERT_EQ(c.ctor, 0);
	ASSERT_EQ(parse_slab_attr(&c, "ctor", "init_once+0x0/0x30\n", 19, &err), 0);
	ASSERT_EQ(c.ctor, 1);
	ASSERT_TRUE(c.has & (1u << MM_SLAB_CTOR));
	ASSERT_EQ(parse_slab_attr(&c, "poison", "1\n", 2, &err), 0);
	ASSERT_EQ(c.poison, 1);
	ASSERT_EQ(parse_slab_attr(&c, "poison", "2\n", 2, &err), -EBADMSG);
	ASSERT_EQ(parse_slab_attr(&c, "objects", "12 C0=3\n", 8, &err), -EBADMSG);
	ASSERT_EQ(parse_slab_attr(&c, "slabs_cpu_partial", "160(5) C0=128(4)\n", 17, &err),
		  -ENOENT);
	return true;
}

/* ------------------------------------------------------------ from_snapshot */

static int add_host_file(struct snap_files *s, const char *rel)
{
	char path[512];
	size_t len;
	char *buf;
	int ret;

	snprintf(path, sizeof(path), HOST "%s", rel);
	buf = slurp(path, &len);
	if (!buf)
		return -ENOENT;
	ret = snap_files__add(s, rel, buf, len);
	free(buf);
	return ret;
}

TEST(from_snapshot_partial)
{
	struct snap_files s = { 0 };
	struct mm_machine m;
	struct parse_err err;
	const struct mm_slab_cache *c;

	/* buddyinfo before zoneinfo in the snapshot: zoneinfo still decides zone_idx */
	ASSERT_EQ(add_host_file(&s, "proc/buddyinfo"), 0);
	ASSERT_EQ(add_host_file(&s, "proc/zoneinfo"), 0);
	ASSERT_EQ(add_host_file(&s, "proc/sys/vm/lowmem_reserve_ratio"), 0);
	ASSERT_EQ(add_host_file(&s, "proc/sys/vm/min_free_kbytes"), 0);
	ASSERT_EQ(add_host_file(&s, "sys/kernel/slab/kmalloc-64/order"), 0);
	ASSERT_EQ(add_host_file(&s, "sys/kernel/slab/kmalloc-64/objs_per_slab"), 0);
	ASSERT_EQ(add_host_file(&s, "sys/kernel/slab/kmalloc-64/slabs_cpu_partial"), 0);
	ASSERT_EQ(snap_files__add(&s, "mmtrace/slab_aliases", "kmalloc-x kmalloc-64\n", 21), 0);
	ASSERT_EQ(mm_machine__from_snapshot(&m, &s, &err), 0);
	ASSERT_EQ(m.nr_zones, 5);
	ASSERT_EQ(mm_machine__zone(&m, 0, "Normal")->zone_idx, 2);
	ASSERT_EQ(mm_machine__zone(&m, 0, "Normal")->nr_orders, 11);
	ASSERT_TRUE(m.sysctl.has & MM_SYSCTL_MIN_FREE_KBYTES);
	ASSERT_TRUE(!(m.sysctl.has & MM_SYSCTL_WATERMARK_SCALE_FACTOR));
	ASSERT_EQ(m.sysctl.nr_lowmem_reserve_ratio, 5);
	ASSERT_EQ(m.sysctl.lowmem_reserve_ratio[0], 256);
	ASSERT_TRUE(!(m.has & MM_MACHINE_HAS_KCONFIG));
	ASSERT_EQ(m.kconfig[MM_KCONFIG_CMA].state, MM_KCONFIG_UNKNOWN);
	ASSERT_EQ(m.nr_slab_caches, 1);
	c = mm_machine__slab_cache(&m, "kmalloc-x");
	ASSERT_TRUE(c != NULL);
	ASSERT_EQ(c->objs_per_slab, 64);
	ASSERT_TRUE(!(c->has & (1u << MM_SLAB_OBJECT_SIZE)));
	mm_machine__free(&m);

	/* a bad file fails the whole parse and is named */
	ASSERT_EQ(snap_files__add(&s, "proc/vmstat", "nr_free_pages 1\nbad\n", 20), 0);
	ASSERT_EQ(mm_machine__from_snapshot(&m, &s, &err), -EBADMSG);
	ASSERT_STREQ(err.file, "proc/vmstat");
	ASSERT_EQ(err.line, 2);
	ASSERT_EQ(m.nr_zones, 0);	/* freed on failure */
	snap_files__clear(&s);
	return true;
}

/* ------------------------------------------------------------ varints, free-block map */

TEST(varint_roundtrip)
{
	static const uint64_t vals[] = { 0, 1, 127, 128, 300, 16383, 16384, (1ull << 32) - 1,
					 1ull << 35, (1ull << 63) - 1, 1ull << 63, UINT64_MAX };
	uint8_t buf[10];

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		const uint8_t *p = buf;
		size_t n = mm_varint_encode(buf, vals[i]);
		uint64_t v = 0;

		ASSERT_EQ(mm_varint_decode(&p, buf + n, &v), 0);
		ASSERT_EQ_U64(v, vals[i]);
		ASSERT_EQ(p - buf, n);
		/* one byte short is truncated */
		p = buf;
		ASSERT_EQ(mm_varint_decode(&p, buf + n - 1, &v), -EBADMSG);
	}
	ASSERT_EQ(mm_varint_encode(buf, 300), 2);
	ASSERT_EQ(buf[0], 0xac);	/* LEB128 of 300: 0xac 0x02 */
	ASSERT_EQ(buf[1], 0x02);
	ASSERT_EQ(mm_varint_encode(buf, UINT64_MAX), 10);
	{
		/* 65 bits, and 11 bytes, are rejected */
		static const uint8_t wide[] = { 0xff, 0xff, 0xff, 0xff, 0xff,
						0xff, 0xff, 0xff, 0xff, 0x03 };
		static const uint8_t longer[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
						  0x80, 0x80, 0x80, 0x80, 0x00 };
		const uint8_t *p = wide;
		uint64_t v;

		ASSERT_EQ(mm_varint_decode(&p, wide + sizeof(wide), &v), -EBADMSG);
		p = longer;
		ASSERT_EQ(mm_varint_decode(&p, longer + sizeof(longer), &v), -EBADMSG);
	}
	return true;
}

#define BUDDY (1ull << SNAP_KPF_BUDDY)
#define NOPAGE (1ull << SNAP_KPF_NOPAGE)

/* Decode an encoder's free-block output into (pfn, order) pairs. */
static int decode_blocks(const struct snap_pfn_encoder *e, uint64_t (*out)[2], int max)
{
	struct mm_pfn_map map = { .data = e->blocks.data, .len = e->blocks.len };
	struct mm_pfn_map_iter it;
	uint64_t pfn, order;
	int n = 0, ret;

	mm_free_block_iter__init(&it, &map);
	while ((ret = mm_pfn_map_iter__next(&it, &pfn, &order)) > 0 && n < max) {
		out[n][0] = pfn;
		out[n++][1] = order;
	}
	return ret < 0 ? ret : n;
}

/*
 * A BUDDY run over pfns 3..17 (inclusive) splits greedily into maximal aligned blocks:
 *
 *   pfn  0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
 *        . . . B B B B B B B B  B  B  B  B  B  B  B  .  .
 *              |0|--2----|---------3------------|--1--|
 *
 * Expect 3/0, 4/2, 8/3, 16/1, whatever chunk size the pfns are fed in.
 */
TEST(free_block_run_split)
{
	uint64_t flags[20] = { 0 }, got[8][2];
	struct snap_pfn_encoder e;

	for (int i = 3; i <= 17; i++)
		flags[i] = BUDDY;
	for (size_t chunk = 1; chunk <= 20; chunk++) {
		snap_pfn_encoder__init(&e, 10, NULL, 0);
		for (size_t p = 0; p < 20; p += chunk)
			ASSERT_EQ(snap_pfn_encoder__feed(&e, p, flags + p, NULL,
							 20 - p < chunk ? 20 - p : chunk), 0);
		ASSERT_EQ(snap_pfn_encoder__finish(&e), 0);
		ASSERT_EQ(decode_blocks(&e, got, 8), 4);
		ASSERT_EQ(got[0][0], 3);
		ASSERT_EQ(got[0][1], 0);
		ASSERT_EQ(got[1][0], 4);
		ASSERT_EQ(got[1][1], 2);
		ASSERT_EQ(got[2][0], 8);
		ASSERT_EQ(got[2][1], 3);
		ASSERT_EQ(got[3][0], 16);
		ASSERT_EQ(got[3][1], 1);
		ASSERT_EQ(e.nr_block_pages, 15);
		/* the bytes: (3-0, 0) (4-4, 2) (8-8, 3) (16-16, 1) */
		ASSERT_EQ(e.blocks.len, 8);
		ASSERT_EQ(memcmp(e.blocks.data, "\x03\x00\x00\x02\x00\x03\x00\x01", 8), 0);
		snap_pfn_encoder__free(&e);
	}
	return true;
}

/*
 * A run of 40 pfns from 0 with max_order 3, a zone edge at pfn 20 and a NOPAGE hole
 * (BUDDY bit set but NOPAGE too, which a real kernel never reports) at 36:
 *
 *   0       8       16  20  24      32  36 37 38 40
 *   |---3---|---3---|-2-|-2-|---3---|-2-|x|0|-1-|
 *                       ^ zone edge         ^ hole
 *   Expect 0/3 8/3 16/2 | 20/2 24/3 32/2 | 37/0 38/1
 * (20 is only 4-aligned, so the second run starts with an order-2 block).
 */
TEST(free_block_zone_edge_and_max_order)
{
	uint64_t flags[40], bounds[] = { 0, 20, 40 }, got[16][2];
	static const uint64_t want[][2] = { { 0, 3 },  { 8, 3 },  { 16, 2 }, { 20, 2 },
					    { 24, 3 }, { 32, 2 }, { 37, 0 }, { 38, 1 } };
	struct snap_pfn_encoder e;
	int n;

	for (int i = 0; i < 40; i++)
		flags[i] = BUDDY;
	flags[36] |= NOPAGE;
	snap_pfn_encoder__init(&e, 3, bounds, 3);
	ASSERT_EQ(snap_pfn_encoder__feed(&e, 0, flags, NULL, 40), 0);
	ASSERT_EQ(snap_pfn_encoder__finish(&e), 0);
	n = decode_blocks(&e, got, 16);
	ASSERT_EQ(n, 8);
	for (int i = 0; i < n; i++) {
		ASSERT_EQ(got[i][0], want[i][0]);
		ASSERT_EQ(got[i][1], want[i][1]);
	}
	snap_pfn_encoder__free(&e);
	return true;
}

/*
 * Non-contiguous feeds close runs; pcp candidates are refcount-0 pfns that are neither
 * BUDDY nor NOPAGE:
 *
 *   pfn    100 101 102 103 104 105 | 200 201
 *   flags   B   B   -   -   -   N  |  B   -
 *   count   0   0   0   0   1   0  |  0   0
 *   Expect blocks 100/1, 200/0; candidate runs [102,104) and [201,202).
 */
TEST(pcp_candidates_and_gaps)
{
	uint64_t f1[] = { BUDDY, BUDDY, 0, 0, 0, NOPAGE }, c1[] = { 0, 0, 0, 0, 1, 0 };
	uint64_t f2[] = { BUDDY, 0 }, c2[] = { 0, 0 }, got[4][2], pfn, nr;
	struct mm_pfn_map map;
	struct mm_pfn_map_iter it;
	struct snap_pfn_encoder e;

	snap_pfn_encoder__init(&e, 10, NULL, 0);
	ASSERT_EQ(snap_pfn_encoder__feed(&e, 100, f1, c1, 6), 0);
	ASSERT_EQ(snap_pfn_encoder__feed(&e, 200, f2, c2, 2), 0);
	ASSERT_EQ(snap_pfn_encoder__finish(&e), 0);
	ASSERT_EQ(decode_blocks(&e, got, 4), 2);
	ASSERT_EQ(got[0][0], 100);
	ASSERT_EQ(got[0][1], 1);
	ASSERT_EQ(got[1][0], 200);
	ASSERT_EQ(got[1][1], 0);
	map = (struct mm_pfn_map){ .data = e.candidates.data, .len = e.candidates.len };
	mm_pcp_candidate_iter__init(&it, &map);
	ASSERT_EQ(mm_pfn_map_iter__next(&it, &pfn, &nr), 1);
	ASSERT_EQ(pfn, 102);
	ASSERT_EQ(nr, 2);
	ASSERT_EQ(mm_pfn_map_iter__next(&it, &pfn, &nr), 1);
	ASSERT_EQ(pfn, 201);
	ASSERT_EQ(nr, 1);
	ASSERT_EQ(mm_pfn_map_iter__next(&it, &pfn, &nr), 0);
	ASSERT_EQ(e.nr_cand_pages, 3);
	snap_pfn_encoder__free(&e);
	return true;
}

TEST(pfn_map_validation)
{
	struct mm_pfn_map map = { 0 };
	struct parse_err err;

	/* (5, 0) (1, 1): pfn 5 order 0, then pfn 7 order 1 is misaligned */
	ASSERT_EQ(parse_pfn_map("\x05\x00\x01\x01", 4, 1, &map, &err), -EBADMSG);
	ASSERT_STREQ(err.file, "mmtrace/free_blocks");
	/* (4, 0) (1, 1): pfn 4, then pfn 6 order 1 */
	ASSERT_EQ(parse_pfn_map("\x04\x00\x01\x01", 4, 1, &map, &err), 0);
	ASSERT_EQ(map.nr_entries, 2);
	ASSERT_EQ(map.nr_pages, 3);
	free(map.data);
	/* truncated pair, zero-length run, order too large */
	ASSERT_EQ(parse_pfn_map("\x04", 1, 1, &map, &err), -EBADMSG);
	ASSERT_EQ(parse_pfn_map("\x04\x00", 2, 0, &map, &err), -EBADMSG);
	ASSERT_EQ(parse_pfn_map("\x00\x10", 2, 1, &map, &err), -EBADMSG);
	return true;
}

/* mmtrace/freelists: lists in order, pcp counters, absent fields, and the refusals. */
TEST(parse_freelists_walk)
{
	static const char text[] =
		"freelists 1\nsource bpf-walk\npageblock_order 9\n"
		"zone 0 Normal idx=2 start_pfn=4096 spanned=64 present=64 managed=60 boost=512 "
		"flags=1 reserved_highatomic=0 free_highatomic=- orders=11 migratetypes=6 racy=0\n"
		"nr_free 0 0 0 3\n"
		"free 3 1 3 : 4112 4096 4104\n"
		"pageblocks 4096 2 : 10\n"
		"pcp 1 count=2 high=7 batch=1 free_factor=0 lists=13 racy=1\n"
		"pcplist 1 1 2 : 4136 4137\n"
		"end\n";
	struct mm_machine m;
	struct parse_err err;
	const struct mm_fl_zone *z;

	mm_machine__init(&m);
	ASSERT_EQ(parse_freelists(text, sizeof(text) - 1, &m, &err), 0);
	ASSERT_TRUE(m.has & MM_MACHINE_HAS_FREELISTS);
	ASSERT_EQ(m.freelists.nr_zones, 1);
	z = &m.freelists.zones[0];
	ASSERT_EQ(z->zone_idx, 2);
	ASSERT_EQ(z->watermark_boost, 512);
	ASSERT_EQ(z->flags, 1);
	ASSERT_EQ(z->has & MM_FL_FREE_HIGHATOMIC, 0);
	ASSERT_EQ(z->nr_free[3], 3);
	ASSERT_EQ(z->free[3][1].nr, 3);
	ASSERT_EQ(m.freelists.pfns[z->free[3][1].start], 4112);
	ASSERT_EQ(m.freelists.pfns[z->free[3][1].start + 2], 4104);
	ASSERT_EQ(z->pb_first_pfn, 4096);
	ASSERT_EQ(z->nr_pageblocks, 2);
	ASSERT_EQ(z->pb_mt[0], 1);
	ASSERT_EQ(z->pb_mt[1], 0);
	ASSERT_EQ(z->nr_pcps, 1);
	ASSERT_EQ(z->pcps[0].cpu, 1);
	ASSERT_EQ(z->pcps[0].count, 2);
	ASSERT_EQ(z->pcps[0].racy, 1);
	ASSERT_EQ(z->pcps[0].nr_lists, 13);
	ASSERT_TRUE(z->pcps[0].has & MM_FL_FREE_FACTOR);
	ASSERT_EQ(m.freelists.pfns[z->pcps[0].lists[1].start + 1], 4137);
	mm_machine__free(&m);
	return true;
}

TEST(parse_freelists_unavailable_and_bad)
{
	static const char *const bad[] = {
		"freelists 2\nend\n",
		"freelists 1\nfree 0 0 1 : 5\nend\n",
		"freelists 1\nzone 0 Normal\nfree 0 0 2 : 5\nend\n",
		"freelists 1\nzone 0 Normal\nfree 0 0 1 : 5 6\nend\n",
		"freelists 1\nzone 0 Normal\nfree 16 0 1 : 5\nend\n",
		"freelists 1\nzone 0 Normal\npcplist 0 0 1 : 5\nend\n",
		"freelists 1\nzone 0 Normal\n",
		"freelists 1\nzone 0 Normal\npageblocks 0 3 : 18\nend\n",
		"freelists 1\nzone 0 Normal\npageblocks 0 2 : 19\nend\n",
	};
	static const char na[] = "freelists 1\nunavailable mmtrace was built without BPF support\n";
	struct mm_machine m;
	struct parse_err err;

	mm_machine__init(&m);
	ASSERT_EQ(parse_freelists(na, sizeof(na) - 1, &m, &err), 0);
	ASSERT_EQ(m.has & MM_MACHINE_HAS_FREELISTS, 0);
	ASSERT_TRUE(!strcmp(m.freelists.unavailable, "mmtrace was built without BPF support"));
	mm_machine__free(&m);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mm_machine__init(&m);
		err.msg[0] = 0;
		ASSERT_EQ(parse_freelists(bad[i], strlen(bad[i]), &m, &err), -EBADMSG);
		ASSERT_TRUE(err.msg[0]);
		mm_machine__free(&m);
	}
	return true;
}
