// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the snapshot parsers (trace/snapshot_parse.c). The first byte picks
 * the parser (modulo the table below), the rest is the file. For the slab-attribute
 * and whole-snapshot cases the second byte picks the attribute or the path. A parser
 * must return 0 or a negative errno, never crash, leak or read out of bounds; after a
 * successful parse the machine is walked (iterators, lookups) and freed.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../snapshot.h"
#include "../snapshot_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*parse_fn)(const char *, size_t, struct mm_machine *, struct parse_err *);

static const parse_fn text_parsers[] = {
	parse_zoneinfo,	   parse_buddyinfo, parse_pagetypeinfo, parse_vmstat,
	parse_slabinfo,	   parse_tracepoint_format, parse_kconfig, parse_cmdline,
	parse_proc_version, parse_uname, parse_slab_aliases, parse_thp_enabled,
};
#define NR_TEXT (sizeof(text_parsers) / sizeof(text_parsers[0]))

static const char *const slab_attr_names[] = {
	"object_size", "slab_size", "align", "order", "objs_per_slab", "min_partial",
	"cpu_partial", "ctor", "poison", "objects", "cpu_slabs", "aliases", "unknown_attr",
};

/* Paths mm_machine__from_snapshot() knows, for the whole-snapshot case. */
static const char *const snap_paths[] = {
	"proc/zoneinfo",
	"proc/buddyinfo",
	"proc/pagetypeinfo",
	"proc/vmstat",
	"proc/slabinfo",
	"proc/version",
	"proc/cmdline",
	"proc/sys/kernel/osrelease",
	"proc/sys/vm/min_free_kbytes",
	"proc/sys/vm/lowmem_reserve_ratio",
	"sys/devices/system/cpu/possible",
	"sys/module/page_alloc/parameters/shuffle",
	"sys/kernel/mm/transparent_hugepage/enabled",
	"sys/kernel/slab/kmalloc-64/objects",
	"sys/kernel/tracing/events/kmem/mm_page_alloc/format",
	"mmtrace/uname",
	"mmtrace/config",
	"mmtrace/slab_aliases",
	"mmtrace/free_blocks",
	"mmtrace/pcp_candidates",
};
#define NR_PATHS (sizeof(snap_paths) / sizeof(snap_paths[0]))

/* Touch everything a consumer would, so a bad pointer or count shows up here. */
static void walk(const struct mm_machine *m)
{
	volatile uint64_t sink = 0;
	struct mm_pfn_map_iter it;
	uint64_t pfn, sz, v;

	for (uint32_t i = 0; i < m->nr_zones; i++) {
		const struct mm_zone *z = &m->zones[i];

		if (mm_machine__zone(m, z->node, z->name) == NULL)
			abort();
		for (uint32_t j = 0; j < z->nr_pagesets; j++)
			sink += (uint64_t)z->pagesets[j].count;
		for (uint32_t j = 0; j < z->nr_stats; j++)
			sink += z->stats[j].value + strlen(z->stats[j].name);
		for (uint32_t j = 0; j < z->nr_node_stats; j++)
			sink += z->node_stats[j].value;
	}
	for (uint32_t i = 0; i < m->nr_slabinfo; i++)
		sink += strlen(m->slabinfo[i].name);
	for (uint32_t i = 0; i < m->nr_slab_aliases; i++)
		sink += (uintptr_t)mm_machine__slab_cache(m, m->slab_aliases[i].name);
	for (uint32_t i = 0; i < m->nr_tp_formats; i++)
		sink += strlen(m->tp_formats[i].print_fmt) + m->tp_formats[i].nr_fields;
	mm_machine__vmstat(m, "nr_free_pages", &v);
	mm_free_block_iter__init(&it, &m->free_blocks);
	while (mm_pfn_map_iter__next(&it, &pfn, &sz) > 0)
		sink += pfn;
	mm_pcp_candidate_iter__init(&it, &m->pcp_candidates);
	while (mm_pfn_map_iter__next(&it, &pfn, &sz) > 0)
		sink += pfn;
	/* every list of mmtrace/freelists must lie inside pfns[] */
	for (uint32_t i = 0; i < m->freelists.nr_zones; i++) {
		const struct mm_fl_zone *z = &m->freelists.zones[i];

		for (uint32_t o = 0; o < MM_MAX_NR_ORDERS; o++)
			for (uint32_t mt = 0; mt < MM_MAX_MIGRATETYPES; mt++)
				for (uint32_t k = 0; k < z->free[o][mt].nr; k++)
					sink += m->freelists.pfns[z->free[o][mt].start + k];
		for (uint32_t c = 0; c < z->nr_pcps; c++)
			for (uint32_t p = 0; p < MM_MAX_PCP_LISTS; p++)
				for (uint32_t k = 0; k < z->pcps[c].lists[p].nr; k++)
					sink += m->freelists.pfns[z->pcps[c].lists[p].start + k];
	}
	(void)sink;
}

static void check_ret(int ret)
{
	if (ret > 0 || (ret < 0 && ret != -EBADMSG && ret != -ENOMEM && ret != -ENOENT))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_err err = { .line = 0 };
	struct mm_machine m;
	const char *buf;
	size_t len;
	unsigned int sel;

	if (size < 1)
		return 0;
	/* 0xf1: mmtrace/freelists (a byte no older seed starts with, so their meaning stays) */
	if (data[0] == 0xf1) {
		int ret;

		mm_machine__init(&m);
		ret = parse_freelists((const char *)data + 1, size - 1, &m, &err);
		check_ret(ret);
		if (ret == -EBADMSG && !err.msg[0])
			abort();
		walk(&m);
		mm_machine__free(&m);
		return 0;
	}
	sel = data[0] % (NR_TEXT + 4);
	buf = (const char *)data + 1;
	len = size - 1;
	mm_machine__init(&m);

	if (sel < NR_TEXT) {
		int ret = text_parsers[sel](buf, len, &m, &err);

		check_ret(ret);
		if (ret == -EBADMSG && !err.msg[0])
			abort();	/* a rejection always says why */
		walk(&m);
	} else if (sel == NR_TEXT) {
		/* single-value parsers */
		int64_t v, list[MM_MAX_NR_ZONES];
		uint32_t nr;
		uint8_t b;

		check_ret(parse_sysctl_value(buf, len, &v, &err));
		check_ret(parse_int_list(buf, len, list, MM_MAX_NR_ZONES, &nr, &err));
		check_ret(parse_cpulist(buf, len, &nr, &err));
		check_ret(parse_param_bool(buf, len, &b, &err));
	} else if (sel == NR_TEXT + 1) {
		struct mm_slab_cache c = { 0 };
		const char *attr;

		if (!len)
			return 0;
		attr = slab_attr_names[(uint8_t)buf[0] %
				       (sizeof(slab_attr_names) / sizeof(slab_attr_names[0]))];
		check_ret(parse_slab_attr(&c, attr, buf + 1, len - 1, &err));
	} else if (sel == NR_TEXT + 2) {
		struct mm_pfn_map map = { 0 };
		int ret = parse_pfn_map(buf, len, len & 1, &map, &err);

		check_ret(ret);
		if (!ret) {
			m.free_blocks = map;
			walk(&m);
		}
	} else {
		/* one file in an otherwise empty snapshot */
		struct snap_files s = { 0 };
		const char *path;
		int ret;

		if (!len)
			return 0;
		path = snap_paths[(uint8_t)buf[0] % NR_PATHS];
		if (snap_files__add(&s, path, buf + 1, len - 1))
			abort();
		ret = mm_machine__from_snapshot(&m, &s, &err);
		check_ret(ret);
		if (!ret)
			walk(&m);
		snap_files__clear(&s);
	}
	mm_machine__free(&m);
	return 0;
}
