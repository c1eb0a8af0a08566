// SPDX-License-Identifier: GPL-2.0-only
/*
 * The user side of trace/bpf/walk.bpf.c: load, run once per online node with
 * bpf_prog_test_run_opts(), check each list for races, retry, and write mmtrace/freelists
 * (trace/SNAPSHOT.md).
 *
 * - Races: no lock is held. A zone's buddy lists are accepted when every list came back
 *   to its head, every block's page_private() was the list's order, free_area[].nr_free
 *   read before and after the walk agree, and the lists of each order hold nr_free
 *   blocks. A CPU's pcp is accepted when its lists closed, pcp->count before and after
 *   agree and equals the pages on its lists. Whatever is not accepted is walked again,
 *   up to WALK_ATTEMPTS times in all, then stored with racy=1.
 * - pfn = (page address - vmemmap base) / sizeof(struct page). The base is not exported
 *   without KALLSYMS_ALL, so it is derived: on x86-64 it is PUD-aligned (1 GiB) with or
 *   without KASLR (arch/x86/mm/kaslr.c rounds each region to PUD_SIZE; the fixed base is
 *   0xffffea0000000000), and a free page of a zone of fewer than 2^30 / sizeof(struct page)
 *   pfns (DMA, DMA32: 16 Mi pfns) pins it: the only aligned value in
 *   [addr - (end - 1) * size, addr - start * size]. Every other page must then fall in its
 *   zone, and every buddy head on an order's boundary, or the walk is refused.
 *   arm64 (vmemmap = VMEMMAP_START - (memstart_addr >> PAGE_SHIFT) * sizeof(struct page),
 *   memstart_addr aligned to ARM64_MEMSTART_ALIGN) would need its own alignment; untested,
 *   so the walk is x86-64 only for now.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/walk.h"
#include "freelist_walk.h"
#include "walk.skel.h"

#define WALK_ATTEMPTS 5
#define NR_ZONE_SLOTS (WALK_MAX_NODES * WALK_MAX_ZONES)
/* MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1): the low-order pcp lists
 * (include/linux/mmzone.h NR_LOWORDER_PCP_LISTS); the ones after hold THP pages. */
#define NR_LOWORDER_PCP_LISTS 12
#define PCPTYPES 3

#if defined(__x86_64__)
#define VMEMMAP_ALIGN (1ull << 30)	/* PUD_SIZE */
#else
#define VMEMMAP_ALIGN 0
#endif

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Reads a whole /proc file; the walk happens inside the read of /proc/buddyinfo. */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)len < size - 1 && (n = read(fd, buf + len, size - 1 - (size_t)len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return len;
}

/*
 * The free blocks /proc/buddyinfo lists plus the pages on pcp lists ("count:" in
 * /proc/zoneinfo), and "Page block order" from pagetypeinfo.
 */
static void machine_shape(uint64_t *nr_blocks, unsigned int *pageblock_order)
{
	static char buf[1 << 20];
	char *p;

	*nr_blocks = 0;
	*pageblock_order = 9;
	if (read_file("/proc/buddyinfo", buf, sizeof(buf)) > 0)
		for (p = buf; *p; p++)
			if (*p >= '0' && *p <= '9' && (p == buf || p[-1] == ' ')) {
				*nr_blocks += strtoull(p, &p, 10);
				p--;
			}
	if (read_file("/proc/zoneinfo", buf, sizeof(buf)) > 0)
		for (p = buf; (p = strstr(p, "count:")); p += 6)
			*nr_blocks += strtoull(p + 6, NULL, 10);
	if (read_file("/proc/pagetypeinfo", buf, sizeof(buf)) > 0 &&
	    (p = strstr(buf, "Page block order:")))
		*pageblock_order = (unsigned int)strtoul(p + 17, NULL, 10);
}

struct walk_run {
	struct walk_bpf *skel;
	const uint64_t *pages;
	size_t map_bytes;
	uint32_t cap;
	uint32_t nr_cpus;
	unsigned int pageblock_order;
	uint64_t base;			/* vmemmap base, 0 until derived */
	uint64_t psz;			/* sizeof(struct page) */
	/* per zone slot: accepted text of the buddy part, and of each CPU's pcp */
	char *zone_txt[NR_ZONE_SLOTS];
	size_t zone_len[NR_ZONE_SLOTS];
	char *pcp_txt[NR_ZONE_SLOTS][WALK_MAX_CPUS];
	size_t pcp_len[NR_ZONE_SLOTS][WALK_MAX_CPUS];
	bool zone_present[NR_ZONE_SLOTS];
};

/* The address of a data symbol in /proc/kallsyms, or 0 (none without KALLSYMS_ALL). */
static uint64_t kallsyms_addr(const char *name)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512], sym[256], type;
	unsigned long long addr;
	uint64_t found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 && !strcmp(sym, name))
			found = addr;
	fclose(f);
	return found;
}

static int load(struct walk_run *r, char *why, size_t why_len)
{
	struct walk_bpf *s = walk_bpf__open();
	int err;

	if (!s) {
		snprintf(why, why_len, "open: %s", strerror(errno));
		return -errno;
	}
	s->rodata->targ_tgid = (uint32_t)getpid();
	s->rodata->nr_cpus = r->nr_cpus;
	s->rodata->mem_section_addr = kallsyms_addr("mem_section");
	s->rodata->pageblock_order = r->pageblock_order;
	s->rodata->page_size = (uint32_t)sysconf(_SC_PAGESIZE);
	/* PFN_SECTION_SHIFT: SECTION_SIZE_BITS (27 on x86-64) - PAGE_SHIFT */
	s->rodata->pfn_section_shift = 27 - 12;
	err = bpf_map__set_max_entries(s->maps.pages, r->cap);
	if (!err)
		err = walk_bpf__load(s);
	if (err) {
		snprintf(why, why_len, "loading the walker: %s%s", strerror(-err),
			 err == -EPERM ? " (needs root: CAP_BPF, CAP_PERFMON)" : "");
		walk_bpf__destroy(s);
		return err;
	}
	r->skel = s;
	return 0;
}

/* The online nodes (/sys/devices/system/node/online, "0" without NUMA) as a bit mask. */
static uint32_t online_nodes(void)
{
	char buf[256], *p;
	uint32_t mask = 0;

	if (read_file("/sys/devices/system/node/online", buf, sizeof(buf)) <= 0)
		return 1;
	for (p = buf; *p && *p != '\n';) {
		unsigned long a = strtoul(p, &p, 10), b = a;

		if (*p == '-')
			b = strtoul(p + 1, &p, 10);
		for (unsigned long n = a; n <= b && n < WALK_MAX_NODES; n++)
			mask |= 1u << n;
		if (*p == ',')
			p++;
		else
			break;
	}
	return mask ? mask : 1;
}

/* The vmemmap base from one zone's first free page (see the file comment); 0 if none. */
static uint64_t derive_base(const struct walk_run *r, const struct walk_zone *z)
{
	/* a variable: on arm64 the macro is 0 and "x >= 0" would not build with -Wtype-limits */
	uint64_t addr = 0, lo, hi, base, align = VMEMMAP_ALIGN;

	if (!align || !r->psz || !z->spanned_pages)
		return 0;
	for (uint32_t o = 0; o < z->nr_orders && !addr; o++)
		for (uint32_t mt = 0; mt < z->nr_mt && !addr; mt++)
			if (z->free[o][mt].nr)
				addr = r->pages[z->free[o][mt].start];
	if (!addr || z->spanned_pages * r->psz >= align)
		return 0;
	hi = addr - z->zone_start_pfn * r->psz;
	lo = addr - (z->zone_start_pfn + z->spanned_pages - 1) * r->psz;
	base = hi & ~(align - 1);
	return base >= lo ? base : 0;
}

static bool to_pfn(const struct walk_run *r, uint64_t addr, uint64_t *pfn)
{
	if (addr < r->base || (addr - r->base) % r->psz)
		return false;
	*pfn = (addr - r->base) / r->psz;
	return true;
}

static bool buddy_clean(const struct walk_zone *z)
{
	for (uint32_t o = 0; o < z->nr_orders; o++) {
		uint64_t n = 0;

		for (uint32_t mt = 0; mt < z->nr_mt; mt++) {
			const struct walk_list *l = &z->free[o][mt];

			if (!l->closed || l->truncated || l->nr_bad)
				return false;
			n += l->nr;
		}
		if (z->nr_free_before[o] != z->nr_free_after[o] || n != z->nr_free_before[o])
			return false;
	}
	return true;
}

static bool pcp_clean(const struct walk_run *r, const struct walk_zone *z, const struct walk_pcp *p)
{
	int64_t pages = 0;

	if (!p->seen || p->count_before != p->count_after)
		return false;
	for (uint32_t i = 0; i < z->nr_pcp_lists; i++) {
		const struct walk_list *l = &p->lists[i];
		unsigned int order = i < NR_LOWORDER_PCP_LISTS ? i / PCPTYPES : r->pageblock_order;

		if (!l->closed || l->truncated)
			return false;
		pages += (int64_t)l->nr << order;
	}
	return pages == p->count_before;
}

static bool entry_pfn(const struct walk_run *r, const struct walk_zone *z,
		      const struct walk_list *l, uint32_t i, int order, uint64_t *pfn)
{
	return l->start + i < r->cap && to_pfn(r, r->pages[l->start + i], pfn) &&
	       *pfn >= z->zone_start_pfn && *pfn < z->zone_start_pfn + z->spanned_pages &&
	       !(order > 0 && (*pfn & ((1ull << order) - 1)));
}

/*
 * " <nr> : pfn pfn ..." of one list. In a list the walk accepted every page must be a
 * block of its zone (-EBADMSG otherwise: the vmemmap base is wrong); a racy list may
 * have followed a page off its list, so what does not fit is left out.
 */
static int put_list(FILE *f, const struct walk_run *r, const struct walk_zone *z,
		    const struct walk_list *l, int order, bool racy, uint64_t *nr)
{
	uint32_t n = 0;
	uint64_t pfn;

	for (uint32_t i = 0; i < l->nr; i++) {
		if (entry_pfn(r, z, l, i, order, &pfn))
			n++;
		else if (!racy)
			return -EBADMSG;
	}
	fprintf(f, " %u :", n);
	for (uint32_t i = 0; i < l->nr; i++)
		if (entry_pfn(r, z, l, i, order, &pfn))
			fprintf(f, " %llu", (unsigned long long)pfn);
	fputc('\n', f);
	*nr += n;
	return 0;
}

/*
 * "pageblocks FIRST_PFN N : <one hex digit per pageblock>": the migratetype bits of each
 * pageblock the zone spans, from the bitmap words the walk copied (4 bits a pageblock,
 * low bits first, PB_migrate in bits 0-2). Left out when the bitmap was not read whole.
 */
static void put_pageblocks(FILE *f, const struct walk_run *r, const struct walk_zone *z)
{
	unsigned int pbo = r->pageblock_order, shift = 27 - 12;
	uint64_t first = z->zone_start_pfn >> pbo << pbo, end = z->zone_start_pfn + z->spanned_pages;
	uint64_t n = (end - first + (1ull << pbo) - 1) >> pbo;

	if (!z->words_per_section || z->pb_words != z->nr_sections * z->words_per_section ||
	    z->pb_start + z->pb_words > r->cap)
		return;
	fprintf(f, "pageblocks %llu %llu :", (unsigned long long)first, (unsigned long long)n);
	fputc(' ', f);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pfn = first + (i << pbo), sec = (pfn >> shift) - z->first_section;
		uint64_t bit = ((pfn & ((1ull << shift) - 1)) >> pbo) * 4;
		uint64_t word = r->pages[z->pb_start + sec * z->words_per_section + bit / 64];

		fputc("0123456789abcdef"[(word >> (bit % 64)) & 7], f);
	}
	fputc('\n', f);
}

static int put_zone(const struct walk_run *r, const struct walk_zone *z, bool racy, char **txt,
		    size_t *len, uint64_t *nr_blocks)
{
	FILE *f = open_memstream(txt, len);
	int err = 0;

	if (!f)
		return -errno;
	fprintf(f, "zone %u %s idx=%u start_pfn=%llu spanned=%llu present=%llu managed=%llu boost=%llu "
		   "flags=%llu reserved_highatomic=%llu free_highatomic=",
		z->nid, z->name[0] ? z->name : "?", z->zone_idx, (unsigned long long)z->zone_start_pfn,
		(unsigned long long)z->spanned_pages, (unsigned long long)z->present_pages,
		(unsigned long long)z->managed_pages, (unsigned long long)z->watermark_boost,
		(unsigned long long)z->flags, (unsigned long long)z->nr_reserved_highatomic);
	if (z->has & WALK_HAS_FREE_HIGHATOMIC)
		fprintf(f, "%llu", (unsigned long long)z->nr_free_highatomic);
	else
		fputc('-', f);
	fprintf(f, " orders=%u migratetypes=%u racy=%d\nnr_free", z->nr_orders, z->nr_mt, racy);
	for (uint32_t o = 0; o < z->nr_orders; o++)
		fprintf(f, " %llu", (unsigned long long)z->nr_free_before[o]);
	fputc('\n', f);
	for (uint32_t o = 0; o < z->nr_orders && !err; o++)
		for (uint32_t mt = 0; mt < z->nr_mt && !err; mt++) {
			if (!z->free[o][mt].nr)
				continue;
			fprintf(f, "free %u %u", o, mt);
			err = put_list(f, r, z, &z->free[o][mt], (int)o, racy, nr_blocks);
		}
	if (!err)
		put_pageblocks(f, r, z);
	if (fclose(f) && !err)
		err = -ENOMEM;
	return err;
}

static int put_pcp(const struct walk_run *r, const struct walk_zone *z, uint32_t cpu, bool racy,
		   char **txt, size_t *len, uint64_t *nr_pages)
{
	const struct walk_pcp *p = &z->pcp[cpu];
	FILE *f = open_memstream(txt, len);
	int err = 0;

	if (!f)
		return -errno;
	fprintf(f, "pcp %u count=%d high=%d batch=%d", cpu, p->count_before, p->high, p->batch);
	if (p->has & WALK_HAS_HIGH_MIN_MAX)
		fprintf(f, " high_min=%d high_max=%d", p->high_min, p->high_max);
	if (p->has & WALK_HAS_ALLOC_FACTOR)
		fprintf(f, " alloc_factor=%u", p->alloc_factor);
	if (p->has & WALK_HAS_FREE_COUNT)
		fprintf(f, " free_count=%d", p->free_count);
	if (p->has & WALK_HAS_PCP_FLAGS)
		fprintf(f, " flags=%u", p->flags);
	if (p->has & WALK_HAS_FREE_FACTOR)
		fprintf(f, " free_factor=%d", p->free_factor);
	fprintf(f, " lists=%u racy=%d\n", z->nr_pcp_lists, racy);
	for (uint32_t i = 0; i < z->nr_pcp_lists && !err; i++) {
		if (!p->lists[i].nr)
			continue;
		fprintf(f, "pcplist %u %u", cpu, i);
		err = put_list(f, r, z, &p->lists[i], -1, racy, nr_pages);
	}
	if (fclose(f) && !err)
		err = -ENOMEM;
	return err;
}

/* One attempt: one run per online node; then take what is clean. */
static int attempt(struct walk_run *r, bool last, struct freelist_walk_stats *st)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	struct walk_bpf__bss *bss = r->skel->bss;
	uint32_t nodes = online_nodes();
	int fd = bpf_program__fd(r->skel->progs.walk_run);
	int err = 0;

	memset(bss->zones, 0, sizeof(bss->zones));
	bss->pos = 0;
	bss->nr_walks = 0;
	bss->armed = 1;
	for (uint32_t nid = 0; nid < WALK_MAX_NODES && !err; nid++) {
		uint64_t t0 = now_ns();

		if (!(nodes & (1u << nid)))
			continue;
		bss->want_nid = nid;
		err = bpf_prog_test_run_opts(fd, &opts) ? -errno : 0;
		st->walk_ns += now_ns() - t0;
	}
	bss->armed = 0;
	st->nr_attempts++;
	if (err)
		return err;
	if (!bss->nr_walks)
		return -ENOENT;
	r->psz = bss->page_struct_size;
	for (uint32_t i = 0; i < NR_ZONE_SLOTS && !r->base; i++)
		if (bss->zones[i].seen && bss->zones[i].present_pages)
			r->base = derive_base(r, &bss->zones[i]);
	if (!r->base)
		return -ENOENT;
	for (uint32_t i = 0; i < NR_ZONE_SLOTS && !err; i++) {
		const struct walk_zone *z = &bss->zones[i];

		if (!z->seen || !z->present_pages)
			continue;
		r->zone_present[i] = true;
		if (!r->zone_txt[i] && (buddy_clean(z) || last)) {
			err = put_zone(r, z, !buddy_clean(z), &r->zone_txt[i], &r->zone_len[i],
				       &st->nr_blocks);
			st->nr_racy_zones += !buddy_clean(z);
		}
		for (uint32_t c = 0; c < z->nr_cpus && c < WALK_MAX_CPUS && !err; c++) {
			bool clean = pcp_clean(r, z, &z->pcp[c]);

			if (r->pcp_txt[i][c] || !z->pcp[c].seen || (!clean && !last))
				continue;
			err = put_pcp(r, z, c, !clean, &r->pcp_txt[i][c], &r->pcp_len[i][c],
				      &st->nr_pcp_pages);
			st->nr_racy_pcps += !clean;
		}
	}
	return err;
}

static bool all_done(const struct walk_run *r)
{
	for (uint32_t i = 0; i < NR_ZONE_SLOTS; i++) {
		if (!r->zone_present[i])
			continue;
		if (!r->zone_txt[i])
			return false;
		for (uint32_t c = 0; c < r->nr_cpus; c++)
			if (!r->pcp_txt[i][c])
				return false;
	}
	return true;
}

int freelist_walk(char **text, size_t *len, struct freelist_walk_stats *st)
{
	libbpf_print_fn_t old = libbpf_set_print(silent_print);
	struct walk_run *r = calloc(1, sizeof(*r));
	unsigned int pbo;
	uint64_t nr_blocks;
	FILE *f = NULL;
	void *map = MAP_FAILED;
	int ncpu, err;

	*text = NULL;
	*len = 0;
	*st = (struct freelist_walk_stats){ 0 };
	if (!r) {
		err = -ENOMEM;
		goto out;
	}
	if (!VMEMMAP_ALIGN) {
		snprintf(st->reason, sizeof(st->reason), "the walk supports x86-64 only");
		err = -ENOTSUP;
		goto out;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		snprintf(st->reason, sizeof(st->reason), "no kernel BTF (/sys/kernel/btf/vmlinux)");
		err = -ENOENT;
		goto out;
	}
	ncpu = libbpf_num_possible_cpus();
	r->nr_cpus = ncpu > 0 ? (ncpu < WALK_MAX_CPUS ? (uint32_t)ncpu : WALK_MAX_CPUS) : 1;
	machine_shape(&nr_blocks, &pbo);
	r->pageblock_order = pbo;
	/* room for the free blocks and pcp pages twice over, and the pageblock bitmap */
	r->cap = (uint32_t)(2 * nr_blocks + 4096ull * r->nr_cpus + 65536);
	err = load(r, st->reason, sizeof(st->reason));
	if (err)
		goto out;
	r->map_bytes = ((size_t)r->cap * sizeof(uint64_t) + 4095) & ~(size_t)4095;
	map = mmap(NULL, r->map_bytes, PROT_READ, MAP_SHARED, bpf_map__fd(r->skel->maps.pages), 0);
	if (map == MAP_FAILED) {
		err = -errno;
		snprintf(st->reason, sizeof(st->reason), "mmap of the page array: %s", strerror(errno));
		goto out;
	}
	r->pages = map;
	for (int a = 0; a < WALK_ATTEMPTS && (!a || !all_done(r)); a++) {
		err = attempt(r, a == WALK_ATTEMPTS - 1, st);
		if (err) {
			snprintf(st->reason, sizeof(st->reason), "%s",
				 err == -ENOENT	   ? "the walk found no node or could not place vmemmap"
				 : err == -EBADMSG ? "a page outside its zone: vmemmap base wrong?"
						   : strerror(-err));
			goto out;
		}
	}
	st->vmemmap_base = r->base;
	f = open_memstream(text, len);
	if (!f) {
		err = -errno;
		goto out;
	}
	fprintf(f, "freelists 1\nsource bpf-walk\npageblock_order %u\n", r->pageblock_order);
	for (uint32_t i = 0; i < NR_ZONE_SLOTS; i++) {
		if (!r->zone_txt[i])
			continue;
		st->nr_zones++;
		fwrite(r->zone_txt[i], 1, r->zone_len[i], f);
		for (uint32_t c = 0; c < WALK_MAX_CPUS; c++)
			if (r->pcp_txt[i][c])
				fwrite(r->pcp_txt[i][c], 1, r->pcp_len[i][c], f);
	}
	fprintf(f, "end\n");
	err = fclose(f) ? -ENOMEM : 0;
	if (err) {
		free(*text);
		*text = NULL;
		*len = 0;
	}
out:
	if (map != MAP_FAILED)
		munmap(map, r->map_bytes);
	if (r) {
		walk_bpf__destroy(r->skel);
		for (uint32_t i = 0; i < NR_ZONE_SLOTS; i++) {
			free(r->zone_txt[i]);
			for (uint32_t c = 0; c < WALK_MAX_CPUS; c++)
				free(r->pcp_txt[i][c]);
		}
		free(r);
	}
	libbpf_set_print(old);
	return err;
}
