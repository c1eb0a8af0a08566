// SPDX-License-Identifier: GPL-2.0-only
/*
 * ftrace text import. The lines are real ones from the 6.18 host (testdata/ftrace/README);
 * the gfp_flags oracle is `trace-cmd report -R`, which prints the same events' raw
 * gfp_flags in hex, so decoding the symbolic names must give exactly those bits.
 * Run from the repository root.
 */
#include <errno.h>
#include <stdlib.h>

#include "../../core/tests/testlib.h"
#include "../ftrace_import.h"

#define FORMATS_618 "testdata/ftrace/formats-6.18/sys/kernel/tracing"
#define TRACEFS_618 "testdata/ftrace/host-6.18-tracefs.txt"
#define REPORT_618 "testdata/ftrace/host-6.18-report.txt"
#define RAW_618 "testdata/ftrace/host-6.18-report-raw.txt"

/* A deterministic interner shared by importers in one test: id = 1 + first-seen index. */
#define NAMES_MAX 4096
static char *names[NAMES_MAX];
static uint32_t nr_names;
static uint32_t nr_intern_calls;

static uint32_t test_intern(void *ctx, const char *name)
{
	(void)ctx;
	nr_intern_calls++;
	for (uint32_t i = 0; i < nr_names; i++)
		if (!strcmp(names[i], name))
			return i + 1;
	if (nr_names == NAMES_MAX) {
		errno = ENOSPC;
		return 0;
	}
	names[nr_names] = strdup(name);
	return ++nr_names;
}

static void names_reset(void)
{
	for (uint32_t i = 0; i < nr_names; i++)
		free(names[i]);
	nr_names = 0;
	nr_intern_calls = 0;
}

static const char *name_of(uint32_t id)
{
	return id >= 1 && id <= nr_names ? names[id - 1] : NULL;
}

/* An importer over the committed 6.18 format files, interning into names[]. */
static struct ftrace_importer *new_importer(struct snap_files *sf)
{
	struct ftrace_import_opts opts = { .formats = sf, .intern = test_intern };

	if (ftrace_formats_read_tracefs(sf, FORMATS_618))
		return NULL;
	return ftrace_importer__new(&opts);
}

static int feed(struct ftrace_importer *im, const char *line, struct mm_event *ev)
{
	return ftrace_importer__line(im, line, strlen(line), ev);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		goto out;
	}
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
out:
	fclose(f);
	return buf;
}

/* Iterates the lines of a file buffer: *pos advances; returns false at the end. */
static bool next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n)
{
	const char *nl;

	if (*pos >= len)
		return false;
	*line = buf + *pos;
	nl = memchr(*line, '\n', len - *pos);
	*n = nl ? (size_t)(nl - *line) + 1 : len - *pos;
	*pos += *n;
	return true;
}

TEST(ftrace_formats_read)
{
	struct snap_files sf = { 0 };
	const struct snap_file *f;

	ASSERT_EQ(ftrace_formats_read_tracefs(&sf, FORMATS_618), 0);
	/* the ten 6.x events; kmalloc_node and kmem_cache_alloc_node are pre-6.0 */
	ASSERT_EQ(sf.nr, 10);
	f = snap_files__find(&sf, "sys/kernel/tracing/events/kmem/mm_page_alloc/format");
	ASSERT_TRUE(f != NULL);
	ASSERT_TRUE(strstr((const char *)f->data, "name: mm_page_alloc\n") != NULL);
	ASSERT_EQ(ftrace_formats_read_tracefs(&sf, "testdata/ftrace/no-such-dir"), -ENOENT);
	snap_files__clear(&sf);
	return true;
}

/* One real tracefs line per event type, every stored field checked by hand. */
TEST(ftrace_tracefs_page_events)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] .....   461.064120: mm_page_alloc: "
			   "page=00000000e0bd436e pfn=0x1945a3 order=0 migratetype=0 "
			   "gfp_flags=GFP_NOFS|__GFP_NOWARN|__GFP_NORETRY|__GFP_COMP\n", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_PAGE_ALLOC);
	ASSERT_EQ_U64(ev.ts_ns, 461064120000ull);
	ASSERT_EQ(ev.cpu, 1);
	ASSERT_EQ(ev.pid, 18353);
	ASSERT_EQ_U64(ev.page_alloc.pfn, 0x1945a3);
	ASSERT_EQ(ev.page_alloc.order, 0);
	ASSERT_EQ(ev.page_alloc.migratetype, 0);
	/* NOFS = RECLAIM|IO 0xc40; NOWARN 0x2000, NORETRY 0x10000, COMP 0x40000 */
	ASSERT_EQ_U64(ev.page_alloc.gfp, 0x52c40);
	ASSERT_EQ(ev.flags, 0);

	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] ...1.   462.391653: mm_page_free: "
			   "page=000000003060cd99 pfn=0x1944f0 order=1", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_PAGE_FREE);
	ASSERT_EQ_U64(ev.ts_ns, 462391653000ull);
	ASSERT_EQ_U64(ev.page_free.pfn, 0x1944f0);
	ASSERT_EQ(ev.page_free.order, 1);

	ASSERT_EQ(feed(im, "         python3-27151   [001] ...2.   572.859020: mm_page_free_batched: "
			   "page=00000000345da8e3 pfn=0x167e6f order=0", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_PAGE_FREE_BATCHED);
	ASSERT_EQ(ev.pid, 27151);
	ASSERT_EQ_U64(ev.page_free_batched.pfn, 0x167e6f);

	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] d..3.   461.250096: mm_page_alloc_zone_locked: "
			   "page=0000000005e1dbe5 pfn=0x194d10 order=2 migratetype=0 percpu_refill=1",
		       &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_PAGE_ALLOC_ZONE_LOCKED);
	ASSERT_EQ_U64(ev.zone_locked.pfn, 0x194d10);
	ASSERT_EQ(ev.zone_locked.order, 2);
	ASSERT_EQ(ev.zone_locked.migratetype, 0);
	ASSERT_EQ(ev.zone_locked.percpu_refill, 1);

	ASSERT_EQ(feed(im, "            zstd-26565   [000] d..3.   573.290961: mm_page_pcpu_drain: "
			   "page=000000001dcf5210 pfn=0x10ec22 order=0 migratetype=1", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_PAGE_PCPU_DRAIN);
	ASSERT_EQ(ev.cpu, 0);
	ASSERT_EQ(ev.pid, 26565);
	ASSERT_EQ_U64(ev.pcpu_drain.pfn, 0x10ec22);
	ASSERT_EQ(ev.pcpu_drain.order, 0);
	ASSERT_EQ(ev.pcpu_drain.migratetype, 1);

	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] d..3.   461.480330: mm_page_alloc_extfrag: "
			   "page=000000000730133b pfn=0x195400 alloc_order=2 fallback_order=10 "
			   "pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 "
			   "fragmenting=0 change_ownership=1", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_PAGE_ALLOC_EXTFRAG);
	ASSERT_EQ_U64(ev.extfrag.pfn, 0x195400);
	ASSERT_EQ(ev.extfrag.alloc_order, 2);
	ASSERT_EQ(ev.extfrag.fallback_order, 10);
	ASSERT_EQ(ev.extfrag.alloc_migratetype, 0);
	ASSERT_EQ(ev.extfrag.fallback_migratetype, 1);
	ASSERT_EQ(ev.extfrag.change_ownership, 1);

	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

TEST(ftrace_tracefs_slab_events)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] .....   461.064158: kmalloc: "
			   "call_site=alloc_slab_obj_exts+0x58/0x110 ptr=00000000679a02e9 "
			   "bytes_req=168 bytes_alloc=192 "
			   "gfp_flags=GFP_KERNEL|__GFP_ZERO|__GFP_COMP node=0 accounted=false",
		       &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_KMALLOC);
	ASSERT_EQ_U64(ev.alloc.call_site, ftrace_call_site_id("alloc_slab_obj_exts+0x58", 24));
	ASSERT_EQ_U64(ev.alloc.call_site >> 63, 0);
	ASSERT_EQ_U64(ev.alloc.ptr, 0x679a02e9);
	ASSERT_EQ_U64(ev.alloc.bytes_req, 168);
	ASSERT_EQ_U64(ev.alloc.bytes_alloc, 192);
	ASSERT_EQ_U64(ev.alloc.gfp, 0x40dc0);
	ASSERT_EQ(ev.alloc.node, 0);
	ASSERT_EQ(ev.alloc.cache, MM_STR_NONE);
	/* the symbol text is in the string table, without the "/size" */
	ASSERT_STREQ(name_of(1), "alloc_slab_obj_exts+0x58");

	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] .Ns..   462.247108: kfree: "
			   "call_site=unwind_task_free+0x15/0x30 ptr=0000000000000000", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_KFREE);
	ASSERT_EQ_U64(ev.free.call_site, ftrace_call_site_id("unwind_task_free+0x15", 21));
	ASSERT_EQ_U64(ev.free.ptr, 0);

	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] .....   461.063949: kmem_cache_alloc: "
			   "call_site=alloc_empty_file+0x3c/0x110 ptr=00000000e8ac5988 name=filp "
			   "bytes_req=184 bytes_alloc=192 gfp_flags=GFP_KERNEL node=-1 accounted=true",
		       &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_KMEM_CACHE_ALLOC);
	ASSERT_EQ_U64(ev.alloc.ptr, 0xe8ac5988);
	ASSERT_STREQ(name_of(ev.alloc.cache), "filp");
	ASSERT_EQ_U64(ev.alloc.bytes_req, 184);
	ASSERT_EQ_U64(ev.alloc.bytes_alloc, 192);
	ASSERT_EQ_U64(ev.alloc.gfp, 0xcc0);
	ASSERT_EQ(ev.alloc.node, -1);
	ASSERT_EQ(ev.flags, MM_EVF_ACCOUNTED);

	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] .....   461.063933: kmem_cache_free: "
			   "call_site=do_sys_openat2+0xa2/0xe0 ptr=00000000764fe3a5 name=names_cache",
		       &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_KMEM_CACHE_FREE);
	ASSERT_EQ_U64(ev.free.call_site, ftrace_call_site_id("do_sys_openat2+0xa2", 19));
	ASSERT_EQ_U64(ev.free.ptr, 0x764fe3a5);
	ASSERT_STREQ(name_of(ev.free.cache), "names_cache");

	/* a second filp: same id, and the interner is not asked again */
	ASSERT_EQ(feed(im, "         kw er-7-18353   [001] .....   461.063969: kmem_cache_alloc: "
			   "call_site=alloc_empty_file+0x3c/0x110 ptr=00000000e8ac5988 name=filp "
			   "bytes_req=184 bytes_alloc=192 gfp_flags=GFP_KERNEL node=-1 accounted=true",
		       &ev), 1);
	ASSERT_STREQ(name_of(ev.alloc.cache), "filp");
	ASSERT_EQ(nr_intern_calls, 6);	/* 4 call sites, 2 caches */

	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

/* trace-cmd report: raw pointers, "(sym)" prefix, no irq-info, "(nil)" */
TEST(ftrace_report_lines)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	ASSERT_EQ(feed(im, "         kw er-7-18353 [001]   461.063932: kmem_cache_alloc:     "
			   "(security_inode_alloc+0x28) call_site=security_inode_alloc+0x28 "
			   "ptr=0xffff8881945a1420 name=lsm_inode_cache bytes_req=32 bytes_alloc=32 "
			   "gfp_flags=GFP_NOFS|__GFP_ZERO node=-1 accounted=false", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_KMEM_CACHE_ALLOC);
	ASSERT_EQ_U64(ev.ts_ns, 461063932000ull);
	ASSERT_EQ(ev.cpu, 1);
	ASSERT_EQ(ev.pid, 18353);
	/* same id as tracefs's "security_inode_alloc+0x28/0xd0" */
	ASSERT_EQ_U64(ev.alloc.call_site, ftrace_call_site_id("security_inode_alloc+0x28", 25));
	ASSERT_EQ_U64(ev.alloc.ptr, 0xffff8881945a1420ull);
	ASSERT_STREQ(name_of(ev.alloc.cache), "lsm_inode_cache");
	ASSERT_EQ_U64(ev.alloc.gfp, 0xd40);
	ASSERT_EQ(ev.flags, 0);

	ASSERT_EQ(feed(im, "         kw er-7-18353 [001]   462.247108: kfree:                "
			   "(unwind_task_free+0x15) call_site=unwind_task_free+0x15 ptr=(nil)", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_KFREE);
	ASSERT_EQ_U64(ev.free.ptr, 0);
	ASSERT_EQ_U64(ev.free.call_site, ftrace_call_site_id("unwind_task_free+0x15", 21));

	/* libtraceevent misprints fragmenting (10): it is derived and not stored */
	ASSERT_EQ(feed(im, "         kw er-7-18353 [001]   461.480330: mm_page_alloc_extfrag: "
			   "page=0x195400 pfn=0x195400 alloc_order=2 fallback_order=10 "
			   "pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 "
			   "fragmenting=10 change_ownership=1", &ev), 1);
	ASSERT_EQ_U64(ev.extfrag.pfn, 0x195400);
	ASSERT_EQ(ev.extfrag.fallback_order, 10);

	/* -R: raw values, accounted as 0/1, failed pfn as -1 */
	ASSERT_EQ(feed(im, "            bash-27149 [000]   572.848330: kmem_cache_alloc:      "
			   "call_site=alloc_empty_file+0x3c ptr=0xffff88815399d000 name=filp "
			   "bytes_req=184 bytes_alloc=192 gfp_flags=0xcc0 node=-1 accounted=1", &ev), 1);
	ASSERT_EQ_U64(ev.alloc.gfp, 0xcc0);
	ASSERT_EQ(ev.flags, MM_EVF_ACCOUNTED);
	ASSERT_EQ(feed(im, "            bash-27149 [000]   572.849149: mm_page_alloc:         "
			   "pfn=0xffffffffffffffff order=3 gfp_flags=0x140cca migratetype=1", &ev), 1);
	ASSERT_EQ_U64(ev.page_alloc.pfn, MM_PFN_NONE);
	ASSERT_EQ(ev.page_alloc.order, 3);

	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

/* TASK-PID forms: spaces and dashes in comm, "<...>", a tgid column, no irq-info. */
TEST(ftrace_task_columns)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	/* options/record-tgid=1, options/irq-info=0 (real line) */
	ASSERT_EQ(feed(im, "           sleep-27506   (  27506) [000]    638.475270: mm_page_alloc: "
			   "page=0000000059f0ef9f pfn=0x1058b4 order=0 migratetype=1 "
			   "gfp_flags=GFP_HIGHUSER_MOVABLE|__GFP_COMP", &ev), 1);
	ASSERT_EQ(ev.pid, 27506);
	ASSERT_EQ(ev.cpu, 0);
	ASSERT_EQ_U64(ev.ts_ns, 638475270000ull);
	ASSERT_EQ_U64(ev.page_alloc.pfn, 0x1058b4);
	ASSERT_EQ_U64(ev.page_alloc.gfp, 0x140cca);
	/* comm "kworker/u4:2-1", tgid not yet known */
	ASSERT_EQ(feed(im, "  kworker/u4:2-1-77   (-------) [012] ..... 5.000001: mm_page_free: "
			   "page=000000003060cd99 pfn=0x10 order=0", &ev), 1);
	ASSERT_EQ(ev.pid, 77);
	ASSERT_EQ(ev.cpu, 12);
	ASSERT_EQ_U64(ev.ts_ns, 5000001000ull);
	ASSERT_EQ(feed(im, "           <...>-123     [003] d.h1.  1.5: mm_page_free: "
			   "page=000000003060cd99 pfn=0x10 order=0", &ev), 1);
	ASSERT_EQ(ev.pid, 123);
	ASSERT_EQ(ev.cpu, 3);
	ASSERT_EQ_U64(ev.ts_ns, 1500000000ull);
	/* trace-cmd report -t: nanoseconds, and latency columns */
	ASSERT_EQ(feed(im, "<idle>-0 [001] d.s2 18446744073.709551615: mm_page_free: "
			   "page=0x10 pfn=0x10 order=0", &ev), 1);
	ASSERT_EQ(ev.pid, 0);
	ASSERT_EQ_U64(ev.ts_ns, UINT64_MAX);
	/* one nanosecond more does not fit */
	ASSERT_EQ(feed(im, "<idle>-0 [001] d.s2 18446744073.709551616: mm_page_free: "
			   "page=0x10 pfn=0x10 order=0", &ev), -EBADMSG);
	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

/* GFP composites against KERNEL-NOTES §1.1 (6.12+ values; live 6.18 has NO_OBJ_EXT at bit 24). */
TEST(ftrace_gfp_names)
{
	static const struct {
		const char *text;
		uint64_t bits;
	} cases[] = {
		{ "GFP_KERNEL", 0xcc0 },
		{ "GFP_KERNEL_ACCOUNT", 0x400cc0 },
		{ "GFP_USER", 0x100cc0 },
		{ "GFP_HIGHUSER", 0x100cc2 },
		{ "GFP_HIGHUSER_MOVABLE", 0x100cca },
		{ "GFP_ATOMIC", 0x820 },
		{ "GFP_NOWAIT", 0x2800 },
		{ "GFP_NOIO", 0xc00 },
		{ "GFP_NOFS", 0xc40 },
		/* (HIGHUSER_MOVABLE|COMP|NOMEMALLOC|NOWARN) & ~RECLAIM */
		{ "GFP_TRANSHUGE_LIGHT", 0x1c20ca },
		{ "GFP_TRANSHUGE", 0x1c24ca },
		{ "__GFP_RECLAIM", 0xc00 },
		{ "__GFP_NO_OBJ_EXT", 0x1000000 },
		{ "GFP_KERNEL|__GFP_ZERO|0x8000000", 0x8000dc0 },
		{ "0x8000000", 0x8000000 },
		{ "none", 0 },
	};
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	struct mm_event ev;
	char line[256];

	ASSERT_TRUE(im != NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(line, sizeof(line), "x-1 [000] 1.0: mm_page_alloc: page=0000000000000001 "
			 "pfn=0x1 order=0 migratetype=0 gfp_flags=%s", cases[i].text);
		ASSERT_EQ(feed(im, line, &ev), 1);
		if (ev.page_alloc.gfp != cases[i].bits)
			fprintf(stderr, "gfp_flags=%s\n", cases[i].text);
		ASSERT_EQ_U64(ev.page_alloc.gfp, cases[i].bits);
	}
	ASSERT_EQ(feed(im, "x-1 [000] 1.0: mm_page_alloc: page=0000000000000001 pfn=0x1 order=0 "
			   "migratetype=0 gfp_flags=GFP_KERNEL|__GFP_BOGUS", &ev), -EBADMSG);
	ASSERT_TRUE(strstr(ftrace_importer__strerror(im), "unknown gfp flag name '__GFP_BOGUS'"));
	ASSERT_EQ(feed(im, "x-1 [000] 1.0: mm_page_alloc: page=0000000000000001 pfn=0x1 order=0 "
			   "migratetype=0 gfp_flags=GFP_KERNEL||0x1", &ev), -EBADMSG);
	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

/* Report (symbolic) and report -R (raw) of the same trace.dat: identical events. */
TEST(ftrace_oracle_report_vs_raw)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *a = new_importer(&sf), *b;
	struct ftrace_import_opts opts = { .formats = &sf, .intern = test_intern };
	size_t la = 0, lb = 0, pa = 0, pb = 0, n;
	char *ta = slurp(REPORT_618, &la), *tb = slurp(RAW_618, &lb);
	const char *line;
	uint64_t nr = 0, nr_gfp = 0;
	bool ok = true;

	b = ftrace_importer__new(&opts);
	ASSERT_TRUE(a && b && ta && tb);
	for (;;) {
		struct mm_event ea, eb;
		int ra = 0, rb = 0;

		while (ra == 0 && next_line(ta, la, &pa, &line, &n))
			ra = ftrace_importer__line(a, line, n, &ea);
		while (rb == 0 && next_line(tb, lb, &pb, &line, &n))
			rb = ftrace_importer__line(b, line, n, &eb);
		if (ra < 0)
			fprintf(stderr, "%s\n", ftrace_importer__strerror(a));
		if (rb < 0)
			fprintf(stderr, "%s\n", ftrace_importer__strerror(b));
		ASSERT_EQ(ra, rb);
		if (!ra)
			break;
		ASSERT_EQ(ra, 1);
		if (memcmp(&ea, &eb, sizeof(ea))) {
			fprintf(stderr, "event %llu differs (%s)\n", (unsigned long long)nr,
				mm_event_type_name(ea.type));
			ok = false;
		}
		nr_gfp += ea.type == MM_EV_PAGE_ALLOC || ea.type == MM_EV_KMALLOC ||
			  ea.type == MM_EV_KMEM_CACHE_ALLOC;
		nr++;
	}
	ASSERT_TRUE(ok);
	/* 315 event lines, 68 of them rss_stat/sched_process_fork, + 2 "EVENTS DROPPED" */
	ASSERT_EQ(nr, 315 - 68 + 2);
	ASSERT_TRUE(nr_gfp >= 60);
	ASSERT_EQ(ftrace_importer__stats(a)->nr_lost, 399829 + 1657428);
	free(ta);
	free(tb);
	ftrace_importer__free(a);
	ftrace_importer__free(b);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

/*
 * tracefs `trace` and trace-cmd report of the same buffer: same events, except that
 * tracefs hashes ptr. (The tracefs sample ends with 10 lines of a third recording.)
 */
TEST(ftrace_oracle_tracefs_vs_report)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *a = new_importer(&sf), *b;
	struct ftrace_import_opts opts = { .formats = &sf, .intern = test_intern };
	size_t la = 0, lb = 0, pa = 0, pb = 0, n;
	char *ta = slurp(TRACEFS_618, &la), *tb = slurp(REPORT_618, &lb);
	const char *line;
	uint64_t nr = 0;

	b = ftrace_importer__new(&opts);
	ASSERT_TRUE(a && b && ta && tb);
	for (;;) {
		struct mm_event ea, eb;
		int ra = 0, rb = 0;

		while (ra == 0 && next_line(ta, la, &pa, &line, &n))
			ra = ftrace_importer__line(a, line, n, &ea);
		while ((rb == 0 || eb.type == MM_EV_LOST) && next_line(tb, lb, &pb, &line, &n))
			rb = ftrace_importer__line(b, line, n, &eb);
		ASSERT_TRUE(ra >= 0 && rb >= 0);
		if (!rb)
			break;
		if (eb.type == MM_EV_KMALLOC || eb.type == MM_EV_KMEM_CACHE_ALLOC)
			eb.alloc.ptr = ea.alloc.ptr;
		if (eb.type == MM_EV_KFREE || eb.type == MM_EV_KMEM_CACHE_FREE)
			eb.free.ptr = ea.free.ptr;
		if (memcmp(&ea, &eb, sizeof(ea)))
			ASSERT_EQ(nr, -1);	/* names the first differing event */
		nr++;
	}
	ASSERT_EQ(nr, 315 - 68);
	free(ta);
	free(tb);
	ftrace_importer__free(a);
	ftrace_importer__free(b);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

/* Whole-sample counts: every line is accounted for, by event type and skip reason. */
TEST(ftrace_sample_counts)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	size_t len = 0, pos = 0, n;
	char *text = slurp(TRACEFS_618, &len);
	const struct ftrace_import_stats *st;
	const char *line;
	struct mm_event ev;

	ASSERT_TRUE(im && text);
	while (next_line(text, len, &pos, &line, &n))
		ASSERT_TRUE(ftrace_importer__line(im, line, n, &ev) >= 0);
	st = ftrace_importer__stats(im);
	ASSERT_EQ(st->nr_lines, 356);
	/* 12 + 13 + 6 "#" header lines of the three recordings (13: "CPU 1 buffer started") */
	ASSERT_EQ(st->nr_skipped[FTRACE_SKIP_COMMENT], 31);
	ASSERT_EQ(st->nr_events[MM_EV_PAGE_ALLOC_EXTFRAG], 21);
	ASSERT_EQ(st->nr_events[MM_EV_PAGE_PCPU_DRAIN], 14);
	/* the counts are grep -c " <event>: " of the file */
	ASSERT_EQ(st->nr_events[MM_EV_PAGE_ALLOC], 59);
	ASSERT_EQ(st->nr_skipped[FTRACE_SKIP_OTHER_EVENT], 44 + 24);
	ASSERT_EQ(st->nr_other, 2);
	ASSERT_STREQ(st->other[0].name, "rss_stat");
	ASSERT_EQ(st->other[0].nr, 44);
	ASSERT_STREQ(st->other[1].name, "sched_process_fork");
	ASSERT_EQ(st->other[1].nr, 24);
	/* entries-written minus entries-in-buffer of recording A */
	ASSERT_EQ(st->nr_overwritten, 2057257);
	free(text);
	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

TEST(ftrace_skipped_lines)
{
	static const struct {
		const char *line;
		enum ftrace_skip why;
	} cases[] = {
		{ "", FTRACE_SKIP_BLANK },
		{ "   \r\n", FTRACE_SKIP_BLANK },
		{ "# tracer: nop", FTRACE_SKIP_COMMENT },
		{ "##### CPU 1 buffer started ####", FTRACE_SKIP_COMMENT },
		{ "cpus=2", FTRACE_SKIP_HEADER },
		{ "version = 6", FTRACE_SKIP_HEADER },
		{ "CPU 0 is empty", FTRACE_SKIP_HEADER },
		{ "hello world", FTRACE_SKIP_UNRECOGNIZED },
		{ "  bash-6359 [000] ..s1. 348.591137: sched_switch: prev_comm=bash",
		  FTRACE_SKIP_OTHER_EVENT },
		{ "  bash-6359 [000] ..s1. 348.591137: rss_stat: mm_id=1 curr=1 type=MM_ANONPAGES",
		  FTRACE_SKIP_OTHER_EVENT },
		{ "  bash-6359 [000] ..s1. 348.591137: mm_page_free_bogus: pfn=0x1",
		  FTRACE_SKIP_OTHER_EVENT },
	};
	struct ftrace_importer *im = ftrace_importer__new(NULL);
	const struct ftrace_import_stats *st;
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t before = ftrace_importer__stats(im)->nr_skipped[cases[i].why];

		ASSERT_EQ(feed(im, cases[i].line, &ev), 0);
		if (ftrace_importer__stats(im)->nr_skipped[cases[i].why] != before + 1)
			fprintf(stderr, "line '%s'\n", cases[i].line);
		ASSERT_EQ(ftrace_importer__stats(im)->nr_skipped[cases[i].why], before + 1);
	}
	st = ftrace_importer__stats(im);
	ASSERT_EQ(st->nr_other_names, 3);
	ASSERT_EQ(st->nr_other, 3);
	ASSERT_STREQ(st->other[0].name, "mm_page_free_bogus");
	ASSERT_EQ(st->other[0].nr, 1);
	ftrace_importer__free(im);
	return true;
}

TEST(ftrace_lost_lines)
{
	struct ftrace_importer *im = ftrace_importer__new(NULL);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	ASSERT_EQ(feed(im, "x-1 [000] 7.000000: mm_page_free: page=0x10 pfn=0x10 order=0", &ev), 1);
	ASSERT_EQ(feed(im, "CPU:1 [LOST 12 EVENTS]", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_LOST);
	ASSERT_EQ(ev.cpu, 1);
	ASSERT_EQ_U64(ev.lost.nr_lost, 12);
	ASSERT_EQ_U64(ev.ts_ns, 7000000000ull);
	ASSERT_EQ(feed(im, "CPU:0 [1657428 EVENTS DROPPED]\n", &ev), 1);
	ASSERT_EQ(ev.cpu, 0);
	ASSERT_EQ_U64(ev.lost.nr_lost, 1657428);
	ASSERT_EQ_U64(ftrace_importer__stats(im)->nr_lost, 1657440);
	ASSERT_EQ_U64(ftrace_importer__stats(im)->nr_events[MM_EV_LOST], 2);
	ftrace_importer__free(im);
	return true;
}

TEST(ftrace_failed_alloc)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	/* TP_printk prints a NULL page and pfn 0 when the record's pfn is -1 */
	ASSERT_EQ(feed(im, "a-1 [000] 1.000001: mm_page_alloc: page=0000000000000000 pfn=0x0 "
			   "order=9 migratetype=1 gfp_flags=GFP_HIGHUSER_MOVABLE", &ev), 1);
	ASSERT_EQ_U64(ev.page_alloc.pfn, MM_PFN_NONE);
	ASSERT_EQ(ev.page_alloc.order, 9);
	ASSERT_EQ(feed(im, "a-1 [000] 1.000001: mm_page_alloc_zone_locked: page=(nil) pfn=0x0 "
			   "order=0 migratetype=1 percpu_refill=1", &ev), 1);
	ASSERT_EQ_U64(ev.zone_locked.pfn, MM_PFN_NONE);
	/* a real page at pfn 0 has a non-NULL page */
	ASSERT_EQ(feed(im, "a-1 [000] 1.000001: mm_page_alloc: page=00000000deadbeef pfn=0x0 "
			   "order=0 migratetype=1 gfp_flags=GFP_KERNEL", &ev), 1);
	ASSERT_EQ_U64(ev.page_alloc.pfn, 0);
	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

TEST(ftrace_call_sites)
{
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	/* FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the FNV test vectors); bit 63 cleared */
	ASSERT_EQ_U64(ftrace_call_site_id("a", 1), 0x2f63dc4c8601ec8cull);
	/* an unsymbolized call site keeps its address (bit 63 set) */
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: kfree: call_site=0xffffffffc0a01234 ptr=0000000012345678",
		       &ev), 1);
	ASSERT_EQ_U64(ev.free.call_site, 0xffffffffc0a01234ull);
	ASSERT_EQ(nr_names, 0);
	/* module text: " [ext4]" is part of the identity */
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: kfree: call_site=ext4_free+0x1a/0x30 [ext4] "
			   "ptr=0000000012345678", &ev), 1);
	ASSERT_EQ_U64(ev.free.call_site, ftrace_call_site_id("ext4_free+0x1a [ext4]", 21));
	ASSERT_EQ_U64(ev.free.ptr, 0x12345678);
	ASSERT_STREQ(name_of(1), "ext4_free+0x1a [ext4]");
	/* pre-6.0 kmalloc_node and kmem_cache_alloc_node; kmalloc without node= is -1 */
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: kmalloc_node: call_site=f+0x1/0x2 ptr=0000000012345678 "
			   "bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL node=1", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_KMALLOC);
	ASSERT_EQ(ev.alloc.node, 1);
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: kmalloc: call_site=f+0x1/0x2 ptr=0000000012345678 "
			   "bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL", &ev), 1);
	ASSERT_EQ(ev.alloc.node, -1);
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: kmem_cache_alloc_node: call_site=f+0x1/0x2 "
			   "ptr=0000000012345678 bytes_req=8 bytes_alloc=8 gfp_flags=GFP_KERNEL "
			   "node=0", &ev), 1);
	ASSERT_EQ(ev.type, MM_EV_KMEM_CACHE_ALLOC);
	ASSERT_EQ(ev.alloc.cache, MM_STR_NONE);
	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

TEST(ftrace_malformed_lines)
{
	static const struct {
		const char *line;
		const char *msg;
	} cases[] = {
		{ "a-1 [000] 1.0: mm_page_alloc: page=0000000000000001 pfn=0x1 order=x "
		  "migratetype=0 gfp_flags=none", "line 1: mm_page_alloc: bad value 'order=x'" },
		{ "a-1 [000] 1.0: mm_page_alloc: page=0000000000000001 order=1 migratetype=0 "
		  "gfp_flags=none", "line 2: mm_page_alloc: missing field pfn=" },
		{ "a-1 [000] 1.0: mm_page_free: page=0000000000000001 pfn=0x1 order=4294967296",
		  "line 3: mm_page_free: bad value 'order=4294967296'" },
		{ "a-1 [000] 1.0: mm_page_pcpu_drain: page=00 pfn=0x1 order=0 migratetype=2147483648",
		  "line 4: mm_page_pcpu_drain: bad value 'migratetype=2147483648'" },
		{ "a-1 [000] 12a.5: kfree: call_site=f+0x1/0x2 ptr=00000000",
		  "line 5: kfree: bad timestamp or event column" },
		{ "garbage mm_page_free: page=00 pfn=0x1 order=0",
		  "line 6: mm_page_free: no TASK-PID [CPU] columns" },
		{ "a-1 [000] 1.0: kfree: call_site=f+0x1/0x2 ptr=0xzz",
		  "line 7: kfree: bad value 'ptr=0xzz'" },
		{ "a-1 [000] 1.0: kmem_cache_free: call_site=f ptr=0 name=a name=b",
		  "line 8: kmem_cache_free: duplicate field 'name'" },
		{ "a-1 [000] 1.0: kmem_cache_alloc: call_site=f ptr=0 bytes_req=1 bytes_alloc=1 "
		  "gfp_flags=none accounted=maybe",
		  "line 9: kmem_cache_alloc: bad value 'accounted=maybe'" },
		{ "a-1 [000] 1.1234567890: kfree: call_site=f ptr=0",
		  "line 10: kfree: bad timestamp or event column" },
	};
	struct snap_files sf = { 0 };
	struct ftrace_importer *im = new_importer(&sf);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	ASSERT_STREQ(ftrace_importer__strerror(im), "no error");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ASSERT_EQ(feed(im, cases[i].line, &ev), -EBADMSG);
		ASSERT_STREQ(ftrace_importer__strerror(im), cases[i].msg);
	}
	/* the importer stays usable */
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: kfree: call_site=f ptr=0", &ev), 1);
	ftrace_importer__free(im);
	snap_files__clear(&sf);
	names_reset();
	return true;
}

/* Without format files a symbolic gfp_flags is an error naming what is missing. */
TEST(ftrace_no_formats)
{
	struct ftrace_importer *im = ftrace_importer__new(NULL);
	struct mm_event ev;

	ASSERT_TRUE(im != NULL);
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: mm_page_alloc: page=00000000000000ff pfn=0x1 order=0 "
			   "migratetype=0 gfp_flags=none", &ev), 1);
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: mm_page_alloc: page=00000000000000ff pfn=0x1 order=0 "
			   "migratetype=0 gfp_flags=0xcc0", &ev), 1);
	ASSERT_EQ_U64(ev.page_alloc.gfp, 0xcc0);
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: mm_page_alloc: page=00000000000000ff pfn=0x1 order=0 "
			   "migratetype=0 gfp_flags=GFP_KERNEL", &ev), -ENOENT);
	ASSERT_TRUE(strstr(ftrace_importer__strerror(im), "line 3: mm_page_alloc: gfp flag names "
			   "need the kmem format files") != NULL);
	ftrace_importer__free(im);
	return true;
}

/* A 6.1-style table (hex literals with u suffixes), '~', '&' and a bad one. */
TEST(ftrace_format_expressions)
{
	static const char fmt_61[] =
		"name: kmalloc\nprint fmt: \"gfp_flags=%s\", (REC->gfp_flags) ? "
		"__print_flags(REC->gfp_flags, \"|\", "
		"{(unsigned long)(((( gfp_t)(0x400u|0x800u)) | (( gfp_t)0x40u) | (( gfp_t)0x80u)) "
		"| (( gfp_t)0x100000u)), \"GFP_USER\"}, "
		"{(unsigned long)((( gfp_t)0x20u)|(( gfp_t)0x200u)|(( gfp_t)0x800u)), \"GFP_ATOMIC\"}, "
		"{(unsigned long)(0xffffUL & ~(1UL << 3) >> 1), \"__GFP_ODD\"}, "
		"{(unsigned long)(( gfp_t)0x200u), \"__GFP_ATOMIC\"} ) : \"none\"\n";
	static const char fmt_bad[] =
		"print fmt: \"%s\", __print_flags(REC->gfp_flags, \"|\", {(unsigned long)(1 << 64), "
		"\"X\"})\n";
	struct snap_files sf = { 0 }, bad = { 0 };
	struct ftrace_import_opts opts = { .formats = &sf };
	struct ftrace_importer *im;
	struct mm_event ev;
	char err[200] = "";

	ASSERT_EQ(snap_files__add(&sf, "sys/kernel/debug/tracing/events/kmem/kmalloc/format",
				  fmt_61, sizeof(fmt_61) - 1), 0);
	im = ftrace_importer__new(&opts);
	ASSERT_TRUE(im != NULL);
	/* mm_page_alloc has no format file of its own: it borrows kmalloc's table */
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: mm_page_alloc: page=00000000000000ff pfn=0x1 order=0 "
			   "migratetype=0 gfp_flags=GFP_ATOMIC|__GFP_ODD", &ev), 1);
	/* 0xa20 | (0xffff & (~8 >> 1)) -- shift binds tighter than & */
	ASSERT_EQ_U64(ev.page_alloc.gfp, 0xa20 | (0xffffull & (~8ull >> 1)));
	ASSERT_EQ(feed(im, "a-1 [000] 1.0: kmalloc: call_site=f ptr=0 bytes_req=1 bytes_alloc=8 "
			   "gfp_flags=GFP_USER", &ev), 1);
	ASSERT_EQ_U64(ev.alloc.gfp, 0x100cc0);
	ftrace_importer__free(im);

	ASSERT_EQ(snap_files__add(&bad, "sys/kernel/tracing/events/kmem/mm_page_alloc/format",
				  fmt_bad, sizeof(fmt_bad) - 1), 0);
	opts.formats = &bad;
	opts.errbuf = err;
	opts.errbuf_len = sizeof(err);
	errno = 0;
	ASSERT_TRUE(ftrace_importer__new(&opts) == NULL);
	ASSERT_EQ(errno, EBADMSG);
	ASSERT_STREQ(err, "sys/kernel/tracing/events/kmem/mm_page_alloc/format: gfp_flags table in "
			  "print fmt: shift out of range");
	snap_files__clear(&sf);
	snap_files__clear(&bad);
	return true;
}
