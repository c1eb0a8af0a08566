// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshot capture: thin file readers around the pure parsers in snapshot_parse.c.
 * Memory stays bounded whatever the host size: text files are small, and the pfn scan
 * reads /proc/kpageflags and kpagecount in fixed chunks, keeping only the encoded map.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include "snapshot.h"
#include "freelist_walk.h"
#include "snapshot_collect.h"
#include "snapshot_parse.h"

/* Larger than any text file mmtrace reads (zoneinfo on a big NUMA host is ~1 MiB). */
#define SNAP_MAX_FILE_BYTES (64u << 20)
/* pfns per pread of kpageflags/kpagecount: 512 KiB per buffer */
#define SNAP_PFN_CHUNK 65536
/* MAX_PAGE_ORDER on x86-64 (include/linux/mmzone.h) when no buddyinfo says otherwise */
#define SNAP_DEFAULT_MAX_ORDER 10

/* The plain files of a snapshot (trace/SNAPSHOT.md). */
static const char *const snap_plain_files[] = {
	"proc/zoneinfo",
	"proc/buddyinfo",
	"proc/pagetypeinfo",
	"proc/vmstat",
	"proc/meminfo",
	"proc/slabinfo",
	"proc/version",
	"proc/cmdline",
	"proc/sys/kernel/osrelease",
	"proc/sys/kernel/version",
	"proc/sys/vm/min_free_kbytes",
	"proc/sys/vm/watermark_scale_factor",
	"proc/sys/vm/watermark_boost_factor",
	"proc/sys/vm/lowmem_reserve_ratio",
	"proc/sys/vm/percpu_pagelist_high_fraction",
	"proc/sys/vm/extfrag_threshold",
	"proc/sys/vm/compaction_proactiveness",
	"sys/devices/system/cpu/possible",
	"sys/devices/system/cpu/online",
	"sys/kernel/mm/transparent_hugepage/enabled",
	"sys/module/page_alloc/parameters/shuffle",
};

/*
 * /sys/kernel/slab/<cache>/ files not captured: shrink and validate act when written
 * and print nothing, and the CONFIG_SLUB_STATS counters (mm/slub.c STAT_ATTR, plus the
 * 6.18 sheaf/barn ones) print one number per cpu and say nothing about sizing.
 */
static const char *const slab_skip[] = {
	"shrink", "validate",
	"alloc_fastpath", "alloc_slowpath", "free_fastpath", "free_slowpath", "free_frozen",
	"free_add_partial", "free_remove_partial", "alloc_from_partial", "alloc_slab",
	"alloc_refill", "alloc_node_mismatch", "free_slab", "cpuslab_flush", "deactivate_full",
	"deactivate_empty", "deactivate_to_head", "deactivate_to_tail",
	"deactivate_remote_frees", "deactivate_bypass", "order_fallback",
	"cmpxchg_double_cpu_fail", "cmpxchg_double_fail", "cpu_partial_alloc",
	"cpu_partial_free", "cpu_partial_node", "cpu_partial_drain", "free_rcu_sheaf",
	"free_rcu_sheaf_fail", "barn_get", "barn_get_fail", "barn_put", "barn_put_fail",
	"sheaf_flush", "sheaf_refill", "sheaf_alloc", "sheaf_free", "sheaf_prefill_fast",
	"sheaf_prefill_slow", "sheaf_prefill_oversize", "sheaf_return_fast",
	"sheaf_return_slow",
};

struct collect {
	struct snap_files *out;
	char root[PATH_MAX];
	struct snap_pfn_buf skipped;	/* "path\terror\n" lines */
	int nr_skipped;
};

static int buf_put(struct snap_pfn_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *d;

		while (cap < b->len + n)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d)
			return -ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

static int buf_puts(struct snap_pfn_buf *b, const char *s)
{
	return buf_put(b, s, strlen(s));
}

static int abs_path(const struct collect *c, const char *rel, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", c->root, rel);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* A file that exists but could not be read: remember it, keep going. */
static int skip(struct collect *c, const char *rel, int error)
{
	int ret;

	c->nr_skipped++;
	ret = buf_puts(&c->skipped, rel);
	if (!ret)
		ret = buf_puts(&c->skipped, "\t");
	if (!ret)
		ret = buf_puts(&c->skipped, strerror(error));
	if (!ret)
		ret = buf_puts(&c->skipped, "\n");
	return ret;
}

/* Read a whole file (proc files report size 0, so read to EOF). */
static int read_fd(int fd, struct snap_pfn_buf *b)
{
	while (1) {
		ssize_t n;

		if (b->cap - b->len < 4096) {
			size_t cap = b->cap ? b->cap * 2 : 16384;
			uint8_t *d;

			if (cap > SNAP_MAX_FILE_BYTES)
				return -EFBIG;
			d = realloc(b->data, cap);
			if (!d)
				return -ENOMEM;
			b->data = d;
			b->cap = cap;
		}
		n = read(fd, b->data + b->len, b->cap - b->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!n)
			return 0;
		b->len += (size_t)n;
	}
}

/*
 * Read ROOT/rel and store it as rel. Absent: 0 and nothing stored. Unreadable: recorded
 * in mmtrace/skipped, 0. Only -ENOMEM (and other failures of our own) are returned.
 */
static int add_file(struct collect *c, const char *rel, struct snap_pfn_buf *keep)
{
	struct snap_pfn_buf b = { 0 };
	char path[PATH_MAX];
	int fd, ret;

	ret = abs_path(c, rel, path, sizeof(path));
	if (ret)
		return skip(c, rel, -ret);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : skip(c, rel, errno);
	ret = read_fd(fd, &b);
	close(fd);
	if (ret == -ENOMEM)
		goto out;
	if (ret) {
		ret = skip(c, rel, -ret);
		goto out;
	}
	ret = snap_files__add(c->out, rel, b.data ? b.data : (const uint8_t *)"", b.len);
	if (ret == -EEXIST)
		ret = 0;
	if (!ret && keep) {
		*keep = b;
		return 0;
	}
out:
	free(b.data);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entry names of a directory, without "." and "..". -errno if unopenable. */
static int list_dir(const char *path, char ***names, size_t *nr)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0;

	*names = NULL;
	*nr = 0;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			char **nv;

			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto nomem;
			v = nv;
		}
		v[n] = strdup(de->d_name);
		if (!v[n])
			goto nomem;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	*names = v;
	*nr = n;
	return 0;
nomem:
	closedir(d);
	while (n)
		free(v[--n]);
	free(v);
	return -ENOMEM;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static bool slab_skipped(const char *attr)
{
	for (size_t i = 0; i < sizeof(slab_skip) / sizeof(slab_skip[0]); i++)
		if (!strcmp(attr, slab_skip[i]))
			return true;
	return false;
}

static int collect_slab_cache(struct collect *c, const char *cache)
{
	char rel[PATH_MAX], path[PATH_MAX];
	char **attrs;
	size_t nr;
	int ret;

	snprintf(rel, sizeof(rel), "sys/kernel/slab/%s", cache);
	ret = abs_path(c, rel, path, sizeof(path));
	if (!ret)
		ret = list_dir(path, &attrs, &nr);
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return skip(c, rel, -ret);
	for (size_t i = 0; i < nr && !ret; i++) {
		struct stat st;
		int n;

		if (slab_skipped(attrs[i]))
			continue;
		n = snprintf(rel, sizeof(rel), "sys/kernel/slab/%s/%s", cache, attrs[i]);
		if (n < 0 || (size_t)n >= sizeof(rel) || abs_path(c, rel, path, sizeof(path)))
			continue;
		if (lstat(path, &st) || !S_ISREG(st.st_mode) || !(st.st_mode & 0444))
			continue;	/* write-only or not a plain attribute */
		ret = add_file(c, rel, NULL);
	}
	free_names(attrs, nr);
	return ret;
}

/* Every cache directory's attributes, and the alias symlinks as mmtrace/slab_aliases. */
static int collect_slab(struct collect *c)
{
	struct snap_pfn_buf aliases = { 0 };
	char dir[PATH_MAX];
	char **names;
	size_t nr;
	int ret;

	ret = abs_path(c, "sys/kernel/slab", dir, sizeof(dir));
	if (ret)
		return 0;
	ret = list_dir(dir, &names, &nr);
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return ret == -ENOENT || ret == -ENOTDIR ? 0 : skip(c, "sys/kernel/slab", -ret);
	for (size_t i = 0; i < nr && !ret; i++) {
		char path[PATH_MAX], target[PATH_MAX];
		struct stat st;
		ssize_t n;
		const char *base;

		if (!snap_path_valid(names[i], strlen(names[i])) ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= sizeof(path) ||
		    lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			ret = collect_slab_cache(c, names[i]);
			continue;
		}
		if (!S_ISLNK(st.st_mode))
			continue;
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		base = strrchr(target, '/');
		base = base ? base + 1 : target;
		ret = buf_puts(&aliases, names[i]);
		if (!ret)
			ret = buf_puts(&aliases, " ");
		if (!ret)
			ret = buf_puts(&aliases, base);
		if (!ret)
			ret = buf_puts(&aliases, "\n");
	}
	if (!ret && aliases.len)
		ret = snap_files__add(c->out, "mmtrace/slab_aliases", aliases.data, aliases.len);
	free(aliases.data);
	free_names(names, nr);
	return ret;
}

/* events/kmem/<event>/format from tracefs, else from debugfs's tracing directory. */
static int collect_tracepoints(struct collect *c)
{
	static const char *const dirs[] = {
		"sys/kernel/tracing/events/kmem",
		"sys/kernel/debug/tracing/events/kmem",
	};
	int ret = 0;

	for (size_t d = 0; d < 2; d++) {
		char path[PATH_MAX];
		size_t before = c->out->nr;
		char **names;
		size_t nr;

		if (abs_path(c, dirs[d], path, sizeof(path)))
			continue;
		ret = list_dir(path, &names, &nr);
		if (ret == -ENOMEM)
			return ret;
		if (ret) {
			ret = 0;
			continue;
		}
		for (size_t i = 0; i < nr && !ret; i++) {
			char rel[PATH_MAX];
			int n = snprintf(rel, sizeof(rel), "%s/%s/format", dirs[d], names[i]);

			if (n > 0 && (size_t)n < sizeof(rel) && snap_path_valid(rel, (size_t)n))
				ret = add_file(c, rel, NULL);
		}
		free_names(names, nr);
		if (ret || c->out->nr > before)
			break;
	}
	return ret;
}

/* Keep the lines of a .config that set or unset an mm_kconfig_name() option. */
static int reduce_config(const char *text, size_t len, const char *source,
			 struct snap_pfn_buf *out)
{
	const char *p = text, *end = text + len;
	int ret;

	ret = buf_puts(out, "# mmtrace: reduced from ");
	if (!ret)
		ret = buf_puts(out, source);
	if (!ret)
		ret = buf_puts(out, "\n");
	while (!ret && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *name = p;

		if (n > 2 && p[0] == '#' && p[1] == ' ')
			name = p + 2;
		for (unsigned int i = 0; i < MM_KCONFIG__NR; i++) {
			const char *k = mm_kconfig_name(i);
			size_t kn = strlen(k);

			if ((size_t)(p + n - name) > kn && !memcmp(name, k, kn) &&
			    (name[kn] == '=' || (name != p && name[kn] == ' '))) {
				ret = buf_put(out, p, n);
				if (!ret)
					ret = buf_puts(out, "\n");
				break;
			}
		}
		p += n + 1;
	}
	return ret;
}

/* The config as "mmtrace/config": boot/config-<release>, else proc/config.gz. */
static int collect_config(struct collect *c, const char *release)
{
	struct snap_pfn_buf text = { 0 }, red = { 0 };
	char rel[PATH_MAX], path[PATH_MAX];
	const char *source = NULL;
	int ret = 0;

	if (release && release[0] && !strchr(release, '/')) {
		snprintf(rel, sizeof(rel), "boot/config-%s", release);
		if (!abs_path(c, rel, path, sizeof(path))) {
			int fd = open(path, O_RDONLY | O_CLOEXEC);

			if (fd >= 0) {
				ret = read_fd(fd, &text);
				close(fd);
				if (ret == -ENOMEM)
					goto out;
				if (ret) {
					ret = skip(c, rel, -ret);
					text.len = 0;
				} else {
					source = rel;
				}
			} else if (errno != ENOENT) {
				ret = skip(c, rel, errno);
			}
			if (ret)
				goto out;
		}
	}
	if (!source && !abs_path(c, "proc/config.gz", path, sizeof(path))) {
		gzFile gz;

		if (access(path, F_OK))
			goto out;
		gz = gzopen(path, "rb");
		if (!gz) {
			ret = skip(c, "proc/config.gz", errno ? errno : EIO);
			goto out;
		}
		text.len = 0;
		while (1) {
			int n;

			if (text.cap - text.len < 65536) {
				size_t cap = text.cap ? text.cap * 2 : 262144;
				uint8_t *d;

				if (cap > SNAP_MAX_FILE_BYTES) {
					ret = -EFBIG;
					break;
				}
				d = realloc(text.data, cap);
				if (!d) {
					ret = -ENOMEM;
					break;
				}
				text.data = d;
				text.cap = cap;
			}
			n = gzread(gz, text.data + text.len, (unsigned int)(text.cap - text.len));
			if (n < 0) {
				ret = -EIO;
				break;
			}
			if (!n)
				break;
			text.len += (size_t)n;
		}
		gzclose(gz);
		if (ret == -ENOMEM)
			goto out;
		if (ret) {
			ret = skip(c, "proc/config.gz", -ret);
			goto out;
		}
		source = "proc/config.gz";
	}
	if (!source)
		goto out;
	ret = reduce_config((const char *)text.data, text.len, source, &red);
	if (!ret)
		ret = snap_files__add(c->out, "mmtrace/config", red.data, red.len);
out:
	free(text.data);
	free(red.data);
	return ret;
}

static int collect_uname(struct collect *c)
{
	struct snap_pfn_buf b = { 0 };
	struct utsname u;
	int ret;

	if (uname(&u))
		return 0;
	ret = buf_puts(&b, "sysname=");
	if (!ret)
		ret = buf_puts(&b, u.sysname);
	if (!ret)
		ret = buf_puts(&b, "\nrelease=");
	if (!ret)
		ret = buf_puts(&b, u.release);
	if (!ret)
		ret = buf_puts(&b, "\nversion=");
	if (!ret)
		ret = buf_puts(&b, u.version);
	if (!ret)
		ret = buf_puts(&b, "\nmachine=");
	if (!ret)
		ret = buf_puts(&b, u.machine);
	if (!ret)
		ret = buf_puts(&b, "\n");
	if (!ret)
		ret = snap_files__add(c->out, "mmtrace/uname", b.data, b.len);
	free(b.data);
	return ret;
}

/* ---------------------------------------------------------------- pfn maps */

static int put_varint(struct snap_pfn_buf *b, uint64_t v)
{
	uint8_t tmp[10];

	return buf_put(b, tmp, mm_varint_encode(tmp, v));
}

void snap_pfn_encoder__init(struct snap_pfn_encoder *e, unsigned int max_order,
			    const uint64_t *bounds, size_t nr_bounds)
{
	*e = (struct snap_pfn_encoder){ 0 };
	e->max_order = max_order < MM_MAX_NR_ORDERS ? max_order : MM_MAX_NR_ORDERS - 1;
	e->bounds = bounds;
	e->nr_bounds = nr_bounds;
}

/* Split [s, end) into maximal naturally aligned blocks of order <= max_order. */
static void emit_blocks(struct snap_pfn_encoder *e, uint64_t s, uint64_t end)
{
	while (s < end && !e->err) {
		unsigned int o = e->max_order;

		while (o && ((s & ((1ull << o) - 1)) || (1ull << o) > end - s))
			o--;
		if (put_varint(&e->blocks, s - e->blocks_prev_end) || put_varint(&e->blocks, o))
			e->err = -ENOMEM;
		e->blocks_prev_end = s + (1ull << o);
		e->nr_blocks++;
		e->nr_block_pages += 1ull << o;
		s += 1ull << o;
	}
}

static void close_run(struct snap_pfn_encoder *e, uint64_t end)
{
	if (e->in_run)
		emit_blocks(e, e->run_start, end);
	e->in_run = 0;
}

static void close_cand(struct snap_pfn_encoder *e, uint64_t end)
{
	if (e->in_cand && !e->err) {
		if (put_varint(&e->candidates, e->cand_start - e->candidates_prev_end) ||
		    put_varint(&e->candidates, end - e->cand_start))
			e->err = -ENOMEM;
		e->candidates_prev_end = end;
		e->nr_cand_runs++;
		e->nr_cand_pages += end - e->cand_start;
	}
	e->in_cand = 0;
}

int snap_pfn_encoder__feed(struct snap_pfn_encoder *e, uint64_t pfn, const uint64_t *kpageflags,
			   const uint64_t *kpagecount, size_t nr)
{
	const uint64_t buddy = 1ull << SNAP_KPF_BUDDY;
	const uint64_t not_free = buddy | 1ull << SNAP_KPF_NOPAGE | 1ull << SNAP_KPF_OFFLINE |
				  1ull << SNAP_KPF_HWPOISON;

	if (pfn != e->next_pfn) {
		close_run(e, e->next_pfn);
		close_cand(e, e->next_pfn);
	}
	if (!kpagecount)
		close_cand(e, pfn);
	for (size_t i = 0; i < nr; i++) {
		uint64_t p = pfn + i, f = kpageflags[i];

		while (e->next_bound < e->nr_bounds && e->bounds[e->next_bound] < p)
			e->next_bound++;
		if (e->next_bound < e->nr_bounds && e->bounds[e->next_bound] == p) {
			close_run(e, p);
			close_cand(e, p);
		}
		if ((f & buddy) && !(f & (1ull << SNAP_KPF_NOPAGE))) {
			if (!e->in_run) {
				e->in_run = 1;
				e->run_start = p;
			}
		} else {
			close_run(e, p);
		}
		if (!kpagecount)
			continue;
		if (!kpagecount[i] && !(f & not_free)) {
			if (!e->in_cand) {
				e->in_cand = 1;
				e->cand_start = p;
			}
		} else {
			close_cand(e, p);
		}
	}
	e->next_pfn = pfn + nr;
	return e->err;
}

int snap_pfn_encoder__finish(struct snap_pfn_encoder *e)
{
	close_run(e, e->next_pfn);
	close_cand(e, e->next_pfn);
	return e->err;
}

void snap_pfn_encoder__free(struct snap_pfn_encoder *e)
{
	if (!e)
		return;
	free(e->blocks.data);
	free(e->candidates.data);
	e->blocks = e->candidates = (struct snap_pfn_buf){ 0 };
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Read up to nr u64 at index pfn; the number read (0 at EOF) or -errno. */
static ssize_t pread_u64(int fd, uint64_t *buf, size_t nr, uint64_t pfn)
{
	size_t got = 0;

	if (pfn > (uint64_t)INT64_MAX / 8)
		return 0;
	while (got < nr * 8) {
		ssize_t n = pread(fd, (char *)buf + got, nr * 8 - got, (off_t)(pfn * 8 + got));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	return (ssize_t)(got / 8);
}

/*
 * Scan one pfn range [start, end) (end UINT64_MAX: to EOF) into the encoder.
 * 0, or -errno of a failed read (the caller records it as skipped).
 */
static int scan_range(int kpf, int kpc, uint64_t start, uint64_t end,
		      struct snap_pfn_encoder *e, uint64_t *flags, uint64_t *counts)
{
	uint64_t pfn = start;

	while (pfn < end) {
		size_t want = end - pfn < SNAP_PFN_CHUNK ? (size_t)(end - pfn) : SNAP_PFN_CHUNK;
		ssize_t n = pread_u64(kpf, flags, want, pfn), nc = 0;
		int ret;

		if (n < 0)
			return (int)n;
		if (!n)
			break;
		if (kpc >= 0)
			nc = pread_u64(kpc, counts, (size_t)n, pfn);
		ret = snap_pfn_encoder__feed(e, pfn, flags, nc == n ? counts : NULL, (size_t)n);
		if (ret)
			return ret;
		pfn += (uint64_t)n;
		if ((size_t)n < want)
			break;
	}
	return 0;
}

static int collect_pfn_maps(struct collect *c, struct parse_err *err)
{
	const struct snap_file *zi = snap_files__find(c->out, "proc/zoneinfo");
	const struct snap_file *bi = snap_files__find(c->out, "proc/buddyinfo");
	const struct snap_file *pti = snap_files__find(c->out, "proc/pagetypeinfo");
	struct snap_pfn_encoder e = { 0 };
	unsigned int max_order = SNAP_DEFAULT_MAX_ORDER;
	uint64_t (*ranges)[2] = NULL, *bounds = NULL, *flags = NULL, *counts = NULL;
	size_t nr_ranges = 0, nr_bounds = 0;
	char path[PATH_MAX];
	struct mm_machine m;
	int kpf = -1, kpc = -1, ret;

	mm_machine__init(&m);
	ret = zi ? parse_zoneinfo((const char *)zi->data, zi->len, &m, err) : 0;
	if (!ret && bi)
		ret = parse_buddyinfo((const char *)bi->data, bi->len, &m, err);
	if (!ret && pti && !bi)
		ret = parse_pagetypeinfo((const char *)pti->data, pti->len, &m, err);
	if (ret)
		goto out;
	/* the free_area count of the first listed zone: NR_PAGE_ORDERS */
	for (uint32_t i = 0; i < m.nr_zones; i++)
		if (m.zones[i].nr_orders) {
			max_order = m.zones[i].nr_orders - 1;
			break;
		}
	ranges = calloc(m.nr_zones ? m.nr_zones : 1, sizeof(*ranges));
	bounds = calloc(m.nr_zones ? 2 * m.nr_zones : 1, sizeof(*bounds));
	flags = malloc(SNAP_PFN_CHUNK * sizeof(*flags));
	counts = malloc(SNAP_PFN_CHUNK * sizeof(*counts));
	if (!ranges || !bounds || !flags || !counts) {
		ret = -ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < m.nr_zones; i++) {
		const struct mm_zone *z = &m.zones[i];

		if (!(z->has & MM_ZONE_HAS_START_PFN) || !z->spanned_pages ||
		    z->zone_start_pfn + z->spanned_pages < z->zone_start_pfn)
			continue;
		ranges[nr_ranges][0] = z->zone_start_pfn;
		ranges[nr_ranges++][1] = z->zone_start_pfn + z->spanned_pages;
		bounds[nr_bounds++] = z->zone_start_pfn;
		bounds[nr_bounds++] = z->zone_start_pfn + z->spanned_pages;
	}
	/* NUMA spans may interleave: scan the union once, cut at every zone edge */
	qsort(ranges, nr_ranges, sizeof(*ranges), cmp_u64);
	qsort(bounds, nr_bounds, sizeof(*bounds), cmp_u64);
	if (!nr_ranges) {
		ranges[0][0] = 0;
		ranges[0][1] = UINT64_MAX;
		nr_ranges = 1;
	}

	if ((ret = abs_path(c, "proc/kpageflags", path, sizeof(path))))
		goto out;
	kpf = open(path, O_RDONLY | O_CLOEXEC);
	if (kpf < 0) {
		ret = errno == ENOENT ? 0 : skip(c, "proc/kpageflags", errno);
		goto out;
	}
	if ((ret = abs_path(c, "proc/kpagecount", path, sizeof(path))))
		goto out;
	kpc = open(path, O_RDONLY | O_CLOEXEC);
	if (kpc < 0 && errno != ENOENT && (ret = skip(c, "proc/kpagecount", errno)))
		goto out;

	snap_pfn_encoder__init(&e, max_order, bounds, nr_bounds);
	for (size_t i = 0; i < nr_ranges; i++) {
		uint64_t start = ranges[i][0], end = ranges[i][1];

		while (i + 1 < nr_ranges && ranges[i + 1][0] <= end) {
			if (ranges[i + 1][1] > end)
				end = ranges[i + 1][1];
			i++;
		}
		ret = scan_range(kpf, kpc, start, end, &e, flags, counts);
		if (ret)
			break;
	}
	if (!ret)
		ret = snap_pfn_encoder__finish(&e);
	if (ret == -ENOMEM)
		goto out;
	if (ret) {
		ret = skip(c, "proc/kpageflags", -ret);
		goto out;
	}
	ret = snap_files__add(c->out, "mmtrace/free_blocks", e.blocks.data ? e.blocks.data : (uint8_t *)"",
			      e.blocks.len);
	if (!ret && kpc >= 0)
		ret = snap_files__add(c->out, "mmtrace/pcp_candidates",
				      e.candidates.data ? e.candidates.data : (uint8_t *)"",
				      e.candidates.len);
out:
	if (kpc >= 0)
		close(kpc);
	if (kpf >= 0)
		close(kpf);
	snap_pfn_encoder__free(&e);
	free(counts);
	free(flags);
	free(bounds);
	free(ranges);
	mm_machine__free(&m);
	return ret;
}

/*
 * mmtrace/freelists: the eBPF walk of the free lists and pcp lists (freelist_walk.c),
 * taken right after the kpageflags scan so both describe nearly the same moment. Where the
 * walk cannot run (no BPF in this build, no root, no BTF) the file says so in one line and
 * the snapshot goes on without it.
 */
static int collect_freelists(struct collect *c, struct snap_collect_info *info)
{
	struct freelist_walk_stats st;
	char *text = NULL, line[192];
	size_t len = 0;
	int ret, err;

	err = freelist_walk(&text, &len, &st);
	if (err == -ENOMEM)
		return err;
	if (info) {
		info->walk = st;
		info->walk_err = err;
	}
	if (err) {
		int n = snprintf(line, sizeof(line), "freelists 1\nunavailable %s\n",
				 st.reason[0] ? st.reason : strerror(-err));

		return snap_files__add(c->out, "mmtrace/freelists", line, (size_t)n);
	}
	ret = snap_files__add(c->out, "mmtrace/freelists", text, len);
	free(text);
	return ret;
}

int snap_collect(struct snap_files *out, const char *root, unsigned int flags,
		 struct parse_err *err)
{
	return snap_collect_info(out, root, flags, err, NULL);
}

int snap_collect_info(struct snap_files *out, const char *root, unsigned int flags,
		      struct parse_err *err, struct snap_collect_info *info)
{
	struct collect *c;
	struct snap_pfn_buf release = { 0 };
	struct stat st;
	size_t n;
	int ret = 0;

	if (err)
		*err = (struct parse_err){ .line = 0 };
	if (!root || !root[0] || stat(root, &st) || !S_ISDIR(st.st_mode)) {
		if (err)
			snprintf(err->msg, sizeof(err->msg), "not a directory");
		return -ENOENT;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->out = out;
	n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n >= sizeof(c->root)) {
		ret = -ENAMETOOLONG;
		goto out;
	}
	/* "/" becomes "" so paths read "/proc/..." */
	memcpy(c->root, root, n);
	c->root[n == 1 && root[0] == '/' ? 0 : n] = '\0';

	for (size_t i = 0; i < sizeof(snap_plain_files) / sizeof(snap_plain_files[0]) && !ret; i++)
		ret = add_file(c, snap_plain_files[i],
			       !strcmp(snap_plain_files[i], "proc/sys/kernel/osrelease") ? &release
											: NULL);
	if (!ret)
		ret = collect_slab(c);
	if (!ret)
		ret = collect_tracepoints(c);
	if (!ret) {
		char rel[MM_UTS_LEN] = "";
		size_t len = release.len;

		while (len && (release.data[len - 1] == '\n' || release.data[len - 1] == ' '))
			len--;
		if (len && len < sizeof(rel) && !memchr(release.data, '\0', len)) {
			memcpy(rel, release.data, len);
			rel[len] = '\0';
		}
		ret = collect_config(c, rel);
	}
	if (!ret && !c->root[0])
		ret = collect_uname(c);
	if (!ret && !(flags & SNAP_COLLECT_NO_PFN_MAPS))
		ret = collect_pfn_maps(c, err);
	if (!ret && !c->root[0] && !(flags & SNAP_COLLECT_NO_WALK))
		ret = collect_freelists(c, info);
	if (!ret && c->skipped.len)
		ret = snap_files__add(out, "mmtrace/skipped", c->skipped.data, c->skipped.len);
	if (!ret) {
		snap_files__sort(out);
		ret = c->nr_skipped;
	}
out:
	free(release.data);
	free(c->skipped.data);
	free(c);
	return ret;
}
