// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshot text -> struct mm_machine. Every parser walks (buf, len) as lines of
 * whitespace-separated tokens and never relies on a terminating NUL, so fuzzed input
 * is safe. A line must have one of the shapes the kernel prints (mm/vmstat.c,
 * mm/slab_common.c, kernel/trace/trace_events.c) or the parse fails with its number;
 * known lines a given kernel lacks are simply absent.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "snapshot_parse.h"

/* A slice of the input: (p, n), not NUL-terminated. */
struct sl {
	const char *p;
	size_t n;
};

struct lines {
	const char *p;
	const char *end;
	unsigned int nr;	/* 1-based number of the line last returned */
};

static void perr(struct parse_err *err, const char *file, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void perr(struct parse_err *err, const char *file, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

static void lines_init(struct lines *l, const char *buf, size_t len)
{
	l->p = buf;
	l->end = buf + len;
	l->nr = 0;
}

/* The next line without its '\n'; false at the end. A final line without '\n' counts. */
static bool lines_next(struct lines *l, struct sl *line)
{
	const char *nl;

	if (l->p >= l->end)
		return false;
	nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	line->p = l->p;
	line->n = nl ? (size_t)(nl - l->p) : (size_t)(l->end - l->p);
	l->p = nl ? nl + 1 : l->end;
	l->nr++;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void sl_trim(struct sl *s)
{
	while (s->n && is_space(s->p[0])) {
		s->p++;
		s->n--;
	}
	while (s->n && is_space(s->p[s->n - 1]))
		s->n--;
}

/* Pop the next whitespace-separated token; false if none is left. */
static bool sl_tok(struct sl *s, struct sl *tok)
{
	size_t i = 0;

	while (i < s->n && is_space(s->p[i]))
		i++;
	if (i == s->n) {
		s->p += i;
		s->n = 0;
		return false;
	}
	tok->p = s->p + i;
	while (i < s->n && !is_space(s->p[i]))
		i++;
	tok->n = (size_t)(s->p + i - tok->p);
	s->p += i;
	s->n -= i;
	return true;
}

static bool sl_empty(struct sl s)
{
	sl_trim(&s);
	return s.n == 0;
}

static bool sl_eq(struct sl s, const char *str)
{
	size_t n = strlen(str);

	return s.n == n && !memcmp(s.p, str, n);
}

static bool sl_starts(struct sl s, const char *str)
{
	size_t n = strlen(str);

	return s.n >= n && !memcmp(s.p, str, n);
}

static void sl_skip(struct sl *s, size_t n)
{
	s->p += n;
	s->n -= n;
}

/* Decimal u64, the whole slice, no sign. */
static bool sl_u64(struct sl s, uint64_t *v)
{
	uint64_t x = 0;

	if (!s.n)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		unsigned int d;

		if (!is_digit(s.p[i]))
			return false;
		d = (unsigned int)(s.p[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*v = x;
	return true;
}

static bool sl_i64(struct sl s, int64_t *v)
{
	bool neg = s.n && s.p[0] == '-';
	uint64_t x;

	if (neg)
		sl_skip(&s, 1);
	if (!sl_u64(s, &x) || x > (uint64_t)INT64_MAX + neg)
		return false;
	*v = neg ? (int64_t)(0 - x) : (int64_t)x;
	return true;
}

static bool sl_u32(struct sl s, uint32_t *v)
{
	uint64_t x;

	if (!sl_u64(s, &x) || x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	return true;
}

static bool sl_i32(struct sl s, int32_t *v)
{
	int64_t x;

	if (!sl_i64(s, &x) || x < INT32_MIN || x > INT32_MAX)
		return false;
	*v = (int32_t)x;
	return true;
}

/* Copy into a fixed buffer; false if it does not fit or holds a NUL. */
static bool sl_copy(char *dst, size_t size, struct sl s)
{
	if (s.n >= size || memchr(s.p, '\0', s.n))
		return false;
	memcpy(dst, s.p, s.n);
	dst[s.n] = '\0';
	return true;
}

static char *sl_dup(struct sl s)
{
	char *d;

	if (memchr(s.p, '\0', s.n)) {
		errno = EBADMSG;
		return NULL;
	}
	d = malloc(s.n + 1);
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(d, s.p, s.n);
	d[s.n] = '\0';
	return d;
}

/* An identifier as vmstat and zoneinfo print counter names: [a-z0-9_]. */
static bool sl_ident(struct sl s)
{
	if (!s.n)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_'))
			return false;
	}
	return true;
}

/*
 * Make room for one more zeroed element after nr elements of size sz at base; the new
 * base goes to *out. Arrays double at powers of two, so no capacity is stored.
 */
static int arr_grow(void *base, uint32_t nr, size_t sz, void **out)
{
	char *nb = base;

	if (nr >= (1u << 30))
		return -ENOMEM;
	if (!(nr & (nr - 1))) {
		nb = realloc(base, (nr ? (size_t)nr * 2 : 4) * sz);
		if (!nb)
			return -ENOMEM;
	}
	memset(nb + (size_t)nr * sz, 0, sz);
	*out = nb;
	return 0;
}

/* Append a zeroed element to (arr, nr); evaluates to its index or -ENOMEM. */
#define PUSH(arr, nr)                                                         \
	({                                                                    \
		void *nb_;                                                    \
		int r_ = arr_grow((arr), (nr), sizeof(*(arr)), &nb_);         \
		if (!r_) {                                                    \
			(arr) = nb_;                                          \
			r_ = (int)(nr)++;                                     \
		}                                                             \
		r_;                                                           \
	})

static int add_stat(struct mm_stat **v, uint32_t *nr, struct sl name, uint64_t value)
{
	int i;

	if (name.n >= MM_STAT_NAME_LEN)
		return -EBADMSG;
	i = PUSH(*v, *nr);
	if (i < 0)
		return i;
	sl_copy((*v)[i].name, MM_STAT_NAME_LEN, name);
	(*v)[i].value = value;
	return 0;
}

/* ---------------------------------------------------------------- zones */

static int zone_idx_by_name(const char *name)
{
	static const char *const names[] = {
		[MM_ZONE_DMA] = "DMA",		[MM_ZONE_DMA32] = "DMA32",
		[MM_ZONE_NORMAL] = "Normal",	[MM_ZONE_MOVABLE] = "Movable",
		[MM_ZONE_DEVICE] = "Device",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return MM_ZONE_UNKNOWN;
}

static int zone_find(const struct mm_machine *m, int node, const char *name)
{
	for (uint32_t i = 0; i < m->nr_zones; i++)
		if (m->zones[i].node == node && !strcmp(m->zones[i].name, name))
			return (int)i;
	return -1;
}

/* Find or add the zone "Node <node>, zone <name>"; its index or a negative errno. */
static int zone_get(struct mm_machine *m, struct sl node_tok, struct sl name_tok)
{
	char name[MM_ZONE_NAME_LEN];
	int32_t node;
	int i;

	/* "0," */
	if (!node_tok.n || node_tok.p[node_tok.n - 1] != ',')
		return -EBADMSG;
	node_tok.n--;
	if (!sl_i32(node_tok, &node) || node < 0)
		return -EBADMSG;
	if (!sl_ident(name_tok) || !sl_copy(name, sizeof(name), name_tok))
		return -EBADMSG;
	i = zone_find(m, node, name);
	if (i >= 0)
		return i;
	if (m->nr_zones >= 64 * MM_MAX_NR_ZONES * 16)
		return -EBADMSG;	/* 1024 nodes' worth: not a real machine */
	i = PUSH(m->zones, m->nr_zones);
	if (i < 0)
		return i;
	m->zones[i].node = node;
	memcpy(m->zones[i].name, name, sizeof(name));
	m->zones[i].zone_idx = zone_idx_by_name(name);
	m->zones[i].stat_threshold = -1;
	return i;
}

/* "protection: (0, 3018, 5450, 5450, 5450)" after the "protection:" token */
static bool parse_protection(struct sl rest, struct mm_zone *z)
{
	uint32_t nr = 0;

	sl_trim(&rest);
	if (rest.n < 2 || rest.p[0] != '(' || rest.p[rest.n - 1] != ')')
		return false;
	sl_skip(&rest, 1);
	rest.n--;
	while (1) {
		const char *comma = memchr(rest.p, ',', rest.n);
		struct sl num = { rest.p, comma ? (size_t)(comma - rest.p) : rest.n };

		sl_trim(&num);
		if (nr >= MM_MAX_NR_ZONES || !sl_i64(num, &z->lowmem_reserve[nr]))
			return false;
		nr++;
		if (!comma)
			break;
		sl_skip(&rest, (size_t)(comma - rest.p) + 1);
	}
	z->nr_protection = nr;
	z->has |= MM_ZONE_HAS_PROTECTION;
	return true;
}

enum zi_section { ZI_NONE, ZI_NODE_STATS, ZI_ZONE, ZI_PAGESETS };

/* "key N" lines of the zone block that are not counters. 4.x printed "scanned". */
static bool zoneinfo_zone_field(struct mm_zone *z, struct sl key, uint64_t v)
{
	static const struct {
		const char *key;
		size_t off;
		uint32_t has;
	} fields[] = {
		{ "boost", offsetof(struct mm_zone, watermark_boost), MM_ZONE_HAS_BOOST },
		{ "min", offsetof(struct mm_zone, wmark[MM_WMARK_MIN]), 0 },
		{ "low", offsetof(struct mm_zone, wmark[MM_WMARK_LOW]), 0 },
		{ "high", offsetof(struct mm_zone, wmark[MM_WMARK_HIGH]), 0 },
		{ "promo", offsetof(struct mm_zone, wmark[MM_WMARK_PROMO]), MM_ZONE_HAS_PROMO },
		{ "spanned", offsetof(struct mm_zone, spanned_pages), 0 },
		{ "present", offsetof(struct mm_zone, present_pages), 0 },
		{ "managed", offsetof(struct mm_zone, managed_pages), 0 },
		{ "cma", offsetof(struct mm_zone, cma_pages), MM_ZONE_HAS_CMA },
		{ "scanned", 0, 0 },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (!sl_eq(key, fields[i].key))
			continue;
		if (fields[i].off)
			memcpy((char *)z + fields[i].off, &v, sizeof(v));
		z->has |= fields[i].has;
		return true;
	}
	return false;
}

int parse_zoneinfo(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	static const char file[] = "proc/zoneinfo";
	enum zi_section sec = ZI_NONE;
	int zi = -1, ps = -1, cur_node = -1, node_ordinal = 0;
	struct lines l;
	struct sl line;
	const char *why = "unrecognised line";
	int ret = -EBADMSG;

	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		struct sl rest = line, t1, t2, t3, t4, extra;
		struct mm_zone *z;
		uint64_t v;
		int32_t iv;

		if (!sl_tok(&rest, &t1))
			continue;	/* blank */
		if (sl_eq(t1, "Node")) {
			/* "Node 0, zone      DMA": zones of a node come in zone_idx order */
			if (!sl_tok(&rest, &t2) || !sl_tok(&rest, &t3) || !sl_eq(t3, "zone") ||
			    !sl_tok(&rest, &t4) || sl_tok(&rest, &extra)) {
				why = "bad zone header";
				goto fail;
			}
			zi = zone_get(m, t2, t4);
			if (zi < 0) {
				ret = zi;
				why = "bad zone header";
				goto fail;
			}
			z = &m->zones[zi];
			if (z->has & MM_ZONE_HAS_ZONEINFO) {
				why = "zone listed twice";
				goto fail;
			}
			if (z->node != cur_node) {
				cur_node = z->node;
				node_ordinal = 0;
			}
			if (node_ordinal >= MM_MAX_NR_ZONES) {
				why = "too many zones in a node";
				goto fail;
			}
			z->zone_idx = node_ordinal++;
			z->has |= MM_ZONE_HAS_ZONEINFO;
			sec = ZI_NONE;
			ps = -1;
			continue;
		}
		if (zi < 0) {
			why = "text before the first zone";
			goto fail;
		}
		z = &m->zones[zi];
		if (sl_eq(t1, "per-node")) {
			if (!sl_tok(&rest, &t2) || !sl_eq(t2, "stats") || sl_tok(&rest, &extra))
				goto fail;
			sec = ZI_NODE_STATS;
			continue;
		}
		if (sl_eq(t1, "pagesets")) {
			if (sl_tok(&rest, &extra))
				goto fail;
			sec = ZI_PAGESETS;
			continue;
		}
		if (sl_eq(t1, "pages")) {
			/* "pages free     3840" */
			if (!sl_tok(&rest, &t2) || !sl_eq(t2, "free") || !sl_tok(&rest, &t3) ||
			    !sl_u64(t3, &z->nr_free_pages) || sl_tok(&rest, &extra))
				goto fail;
			sec = ZI_ZONE;
			continue;
		}
		if (sl_eq(t1, "protection:")) {
			if (!parse_protection(rest, z)) {
				why = "bad protection list";
				goto fail;
			}
			continue;
		}
		if (sl_eq(t1, "vm")) {
			/* "vm stats threshold: 24", printed after each cpu's pageset */
			if (!sl_tok(&rest, &t2) || !sl_eq(t2, "stats") || !sl_tok(&rest, &t3) ||
			    !sl_eq(t3, "threshold:") || !sl_tok(&rest, &t4) || !sl_i32(t4, &iv) ||
			    sl_tok(&rest, &extra))
				goto fail;
			if (ps >= 0)
				z->pagesets[ps].stat_threshold = iv;
			if (!(z->has & MM_ZONE_HAS_STAT_THRESHOLD)) {
				z->stat_threshold = iv;
				z->has |= MM_ZONE_HAS_STAT_THRESHOLD;
			}
			continue;
		}
		/* everything else is "key value" or "key: value" */
		if (!sl_tok(&rest, &t2) || sl_tok(&rest, &extra)) {
			why = "expected \"name value\"";
			goto fail;
		}
		if (t1.n > 1 && t1.p[t1.n - 1] == ':') {
			struct sl key = { t1.p, t1.n - 1 };
			struct mm_pageset *p;

			if (!sl_ident(key)) {
				why = "bad key";
				goto fail;
			}
			if (sl_eq(key, "cpu")) {
				uint32_t cpu;

				if (sec != ZI_PAGESETS || !sl_u32(t2, &cpu)) {
					why = "cpu outside pagesets";
					goto fail;
				}
				if (z->nr_pagesets >= 65536) {
					why = "too many pagesets";
					goto fail;
				}
				ps = PUSH(z->pagesets, z->nr_pagesets);
				if (ps < 0) {
					ret = ps;
					goto fail;
				}
				z->pagesets[ps].cpu = cpu;
				z->pagesets[ps].stat_threshold = -1;
				continue;
			}
			if (sl_eq(key, "count") || sl_eq(key, "high") || sl_eq(key, "batch") ||
			    sl_eq(key, "high_min") || sl_eq(key, "high_max")) {
				if (ps < 0 || !sl_i32(t2, &iv)) {
					why = "pageset value without a cpu";
					goto fail;
				}
				p = &z->pagesets[ps];
				if (sl_eq(key, "count"))
					p->count = iv;
				else if (sl_eq(key, "high"))
					p->high = iv;
				else if (sl_eq(key, "batch"))
					p->batch = iv;
				else if (sl_eq(key, "high_min"))
					p->high_min = iv, p->has_high_min_max = 1;
				else
					p->high_max = iv, p->has_high_min_max = 1;
				continue;
			}
			if (!sl_u64(t2, &v)) {
				why = "bad number";
				goto fail;
			}
			if (sl_eq(key, "start_pfn")) {
				z->zone_start_pfn = v;
				z->has |= MM_ZONE_HAS_START_PFN;
			} else if (sl_eq(key, "node_unreclaimable") ||
				   sl_eq(key, "all_unreclaimable")) {
				z->node_unreclaimable = (uint32_t)!!v;
				z->has |= MM_ZONE_HAS_NODE_UNRECLAIMABLE;
			}
			/* others ("inactive_ratio:" in 4.x) carry nothing a replay uses */
			continue;
		}
		if (!sl_ident(t1) || !sl_u64(t2, &v)) {
			why = "expected \"name value\"";
			goto fail;
		}
		if (sec == ZI_NODE_STATS) {
			ret = add_stat(&z->node_stats, &z->nr_node_stats, t1, v);
		} else if (sec == ZI_ZONE) {
			if (zoneinfo_zone_field(z, t1, v))
				continue;
			ret = add_stat(&z->stats, &z->nr_stats, t1, v);
		} else {
			why = "counter outside a zone's block";
			goto fail;
		}
		if (ret) {
			why = ret == -ENOMEM ? "out of memory" : "counter name too long";
			goto fail;
		}
	}
	for (uint32_t i = 0; i < m->nr_zones; i++)
		if (m->zones[i].present_pages)
			m->zones[i].populated = 1;
	m->has |= MM_MACHINE_HAS_ZONEINFO;
	return 0;
fail:
	perr(err, file, l.nr, "%s", ret == -ENOMEM ? "out of memory" : why);
	return ret;
}

/* ---------------------------------------------------------------- buddyinfo */

int parse_buddyinfo(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	static const char file[] = "proc/buddyinfo";
	struct lines l;
	struct sl line;
	int ret = -EBADMSG;
	const char *why = "expected \"Node N, zone NAME counts...\"";

	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		struct sl rest = line, t1, t2, t3, t4, t;
		uint64_t nr_free[MM_MAX_NR_ORDERS];
		uint32_t nr = 0;
		struct mm_zone *z;
		int zi;

		if (!sl_tok(&rest, &t1))
			continue;
		if (!sl_eq(t1, "Node") || !sl_tok(&rest, &t2) || !sl_tok(&rest, &t3) ||
		    !sl_eq(t3, "zone") || !sl_tok(&rest, &t4))
			goto fail;
		while (sl_tok(&rest, &t)) {
			if (nr >= MM_MAX_NR_ORDERS) {
				why = "too many orders";
				goto fail;
			}
			if (!sl_u64(t, &nr_free[nr++])) {
				why = "bad count";
				goto fail;
			}
		}
		if (!nr) {
			why = "no counts";
			goto fail;
		}
		zi = zone_get(m, t2, t4);
		if (zi < 0) {
			ret = zi;
			why = "bad zone header";
			goto fail;
		}
		z = &m->zones[zi];
		if (z->has & MM_ZONE_HAS_BUDDYINFO) {
			why = "zone listed twice";
			goto fail;
		}
		z->nr_orders = nr;
		memcpy(z->nr_free, nr_free, nr * sizeof(nr_free[0]));
		z->has |= MM_ZONE_HAS_BUDDYINFO;
		z->populated = 1;
	}
	m->has |= MM_MACHINE_HAS_BUDDYINFO;
	return 0;
fail:
	perr(err, file, l.nr, "%s", ret == -ENOMEM ? "out of memory" : why);
	return ret;
}

/* ---------------------------------------------------------------- pagetypeinfo */

/* Record migratetype `mt`'s name, or check it against the one already seen. */
static bool set_mt_name(struct mm_machine *m, uint32_t mt, struct sl name)
{
	char n[MM_MIGRATETYPE_NAME_LEN];

	if (mt >= MM_MAX_MIGRATETYPES || !sl_copy(n, sizeof(n), name) || !sl_ident(name))
		return false;
	if (mt < m->nr_migratetypes)
		return !strcmp(m->migratetype_names[mt], n);
	if (mt != m->nr_migratetypes)
		return false;
	memcpy(m->migratetype_names[mt], n, sizeof(n));
	m->nr_migratetypes = mt + 1;
	if (!strcmp(n, "CMA"))
		m->migrate_cma = (int32_t)mt;
	else if (!strcmp(n, "Isolate"))
		m->migrate_isolate = (int32_t)mt;
	return true;
}

enum pti_section { PTI_HEAD, PTI_FREE, PTI_BLOCKS, PTI_MIXED };

int parse_pagetypeinfo(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	static const char file[] = "proc/pagetypeinfo";
	enum pti_section sec = PTI_HEAD;
	uint32_t nr_orders = 0, nr_block_types = 0;
	int prev_zone = -1;
	uint32_t mt = 0;
	struct lines l;
	struct sl line;
	int ret = -EBADMSG;
	const char *why = "unrecognised line";

	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		struct sl rest = line, t1, t2, t3, t4, t5, t6, t;
		struct mm_zone *z;
		uint64_t v;
		int zi;

		if (!sl_tok(&rest, &t1))
			continue;
		if (sl_eq(t1, "Page")) {
			/* "Page block order: 9" */
			int32_t order;

			if (!sl_tok(&rest, &t2) || !sl_eq(t2, "block") || !sl_tok(&rest, &t3) ||
			    !sl_eq(t3, "order:") || !sl_tok(&rest, &t4) || !sl_i32(t4, &order) ||
			    order < 0 || order >= MM_MAX_NR_ORDERS || sl_tok(&rest, &t) ||
			    (m->pageblock_order >= 0 && m->pageblock_order != order)) {
				why = "bad page block order";
				goto fail;
			}
			m->pageblock_order = order;
			m->has |= MM_MACHINE_HAS_PAGEBLOCK_ORDER;
			sec = PTI_HEAD;
			continue;
		}
		if (sl_eq(t1, "Pages")) {
			/* "Pages per block:  512" */
			if (!sl_tok(&rest, &t2) || !sl_eq(t2, "per") || !sl_tok(&rest, &t3) ||
			    !sl_eq(t3, "block:") || !sl_tok(&rest, &t4) ||
			    !sl_u32(t4, &m->pageblock_nr_pages) || sl_tok(&rest, &t)) {
				why = "bad pages per block";
				goto fail;
			}
			continue;
		}
		if (sl_eq(t1, "Free")) {
			/* "Free pages count per migrate type at order       0      1 ..." */
			struct sl head = line;

			sl_trim(&head);
			if (!sl_starts(head, "Free pages count per migrate type at order")) {
				why = "bad free-count header";
				goto fail;
			}
			sl_skip(&head, strlen("Free pages count per migrate type at order"));
			nr_orders = 0;
			while (sl_tok(&head, &t)) {
				if (nr_orders >= MM_MAX_NR_ORDERS || !sl_u64(t, &v) || v != nr_orders) {
					why = "bad order columns";
					goto fail;
				}
				nr_orders++;
			}
			if (!nr_orders) {
				why = "no order columns";
				goto fail;
			}
			sec = PTI_FREE;
			prev_zone = -1;
			continue;
		}
		if (sl_eq(t1, "Number")) {
			/* "Number of blocks type     Unmovable ..." / "Number of mixed blocks ..." */
			bool mixed;

			if (!sl_tok(&rest, &t2) || !sl_eq(t2, "of") || !sl_tok(&rest, &t3) ||
			    !sl_tok(&rest, &t4)) {
				why = "bad block-count header";
				goto fail;
			}
			if (sl_eq(t3, "blocks") && sl_eq(t4, "type")) {
				mixed = false;
			} else if (sl_eq(t3, "mixed") && sl_eq(t4, "blocks")) {
				mixed = true;
			} else {
				why = "bad block-count header";
				goto fail;
			}
			nr_block_types = 0;
			while (sl_tok(&rest, &t)) {
				if (!set_mt_name(m, nr_block_types, t)) {
					why = "migratetype names disagree";
					goto fail;
				}
				nr_block_types++;
			}
			if (!nr_block_types) {
				why = "no migratetype columns";
				goto fail;
			}
			sec = mixed ? PTI_MIXED : PTI_BLOCKS;
			continue;
		}
		if (!sl_eq(t1, "Node") || !sl_tok(&rest, &t2) || !sl_tok(&rest, &t3) ||
		    !sl_eq(t3, "zone") || !sl_tok(&rest, &t4))
			goto fail;
		if (sec == PTI_FREE) {
			/* "Node    0, zone      DMA, type    Unmovable      0 ... >100000 ..." */
			uint32_t o = 0;

			if (t4.n < 2 || t4.p[t4.n - 1] != ',' || !sl_tok(&rest, &t5) ||
			    !sl_eq(t5, "type") || !sl_tok(&rest, &t6)) {
				why = "bad free-count row";
				goto fail;
			}
			t4.n--;
			zi = zone_get(m, t2, t4);
			if (zi < 0) {
				ret = zi;
				why = "bad zone header";
				goto fail;
			}
			mt = zi == prev_zone ? mt + 1 : 0;
			prev_zone = zi;
			if (!set_mt_name(m, mt, t6)) {
				why = "migratetype names disagree";
				goto fail;
			}
			z = &m->zones[zi];
			while (sl_tok(&rest, &t)) {
				bool capped = t.n > 1 && t.p[0] == '>';

				if (capped)
					sl_skip(&t, 1);
				if (o >= nr_orders || !sl_u64(t, &v)) {
					why = "bad free count";
					goto fail;
				}
				z->nr_free_mt[mt][o] = v;
				if (capped)
					z->nr_free_capped[mt] |= 1u << o;
				o++;
			}
			if (o != nr_orders) {
				why = "row shorter than the order columns";
				goto fail;
			}
			z->has |= MM_ZONE_HAS_PAGETYPEINFO;
			z->populated = 1;
			if (z->nr_orders < nr_orders && !(z->has & MM_ZONE_HAS_BUDDYINFO))
				z->nr_orders = nr_orders;
			continue;
		}
		if (sec == PTI_BLOCKS || sec == PTI_MIXED) {
			/* "Node 0, zone      DMA            1            7 ..." */
			uint64_t counts[MM_MAX_MIGRATETYPES];
			uint32_t n = 0;

			zi = zone_get(m, t2, t4);
			if (zi < 0) {
				ret = zi;
				why = "bad zone header";
				goto fail;
			}
			while (sl_tok(&rest, &t)) {
				if (n >= nr_block_types || !sl_u64(t, &counts[n])) {
					why = "bad block count";
					goto fail;
				}
				n++;
			}
			if (n != nr_block_types) {
				why = "row shorter than the migratetype columns";
				goto fail;
			}
			if (sec == PTI_BLOCKS) {
				z = &m->zones[zi];
				memcpy(z->nr_pageblocks, counts, n * sizeof(counts[0]));
				z->has |= MM_ZONE_HAS_PAGEBLOCKS;
			}
			continue;
		}
		why = "zone row before a header";
		goto fail;
	}
	m->has |= MM_MACHINE_HAS_PAGETYPEINFO;
	return 0;
fail:
	perr(err, file, l.nr, "%s", ret == -ENOMEM ? "out of memory" : why);
	return ret;
}

/* ---------------------------------------------------------------- vmstat */

int parse_vmstat(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	struct lines l;
	struct sl line;
	int ret;

	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		struct sl rest = line, name, val, extra;
		uint64_t v;

		if (!sl_tok(&rest, &name))
			continue;
		if (!sl_tok(&rest, &val) || sl_tok(&rest, &extra) || !sl_ident(name) ||
		    !sl_u64(val, &v)) {
			perr(err, "proc/vmstat", l.nr, "expected \"name value\"");
			return -EBADMSG;
		}
		ret = add_stat(&m->vmstat, &m->nr_vmstat, name, v);
		if (ret) {
			perr(err, "proc/vmstat", l.nr, "%s",
			     ret == -ENOMEM ? "out of memory" : "name too long");
			return ret;
		}
	}
	m->has |= MM_MACHINE_HAS_VMSTAT;
	return 0;
}

/* ---------------------------------------------------------------- slabinfo */

/* Parse exactly n numbers from s into v (with widths given by the destination). */
static bool parse_u64s(struct sl s, uint64_t *v, size_t n)
{
	struct sl t;

	for (size_t i = 0; i < n; i++)
		if (!sl_tok(&s, &t) || !sl_u64(t, &v[i]))
			return false;
	return !sl_tok(&s, &t);
}

static const char *find_sep(struct sl s, const char *sep)
{
	size_t n = strlen(sep);

	for (size_t i = 0; i + n <= s.n; i++)
		if (!memcmp(s.p + i, sep, n))
			return s.p + i;
	return NULL;
}

int parse_slabinfo(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	static const char file[] = "proc/slabinfo";
	struct lines l;
	struct sl line;
	const char *why = "bad row";
	int ret = -EBADMSG;

	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		struct sl left, tun, dat, t;
		const char *p1, *p2, *p3;
		uint64_t a[5], b[3], c[3];
		struct mm_slabinfo *r;
		size_t i;
		int ri;

		if (l.nr == 1) {
			/* "slabinfo - version: 2.1" (2.1 (statistics) for SLAB with STATS) */
			if (!sl_starts(line, "slabinfo - version: 2.")) {
				why = "not slabinfo version 2.x";
				goto fail;
			}
			continue;
		}
		if (sl_empty(line) || (line.n && line.p[0] == '#'))
			continue;
		/* "name active num objsize objperslab pagesperslab : tunables l b s : slabdata
		 *  a n s" [": globalstat ... : cpustat ..." with SLAB statistics]. Names are
		 * split from the right, so one containing spaces still parses. */
		p1 = find_sep(line, " : tunables ");
		if (!p1)
			goto fail;
		left = (struct sl){ line.p, (size_t)(p1 - line.p) };
		tun = (struct sl){ p1 + 12, (size_t)(line.p + line.n - p1 - 12) };
		p2 = find_sep(tun, " : slabdata ");
		if (!p2)
			goto fail;
		dat = (struct sl){ p2 + 12, (size_t)(tun.p + tun.n - p2 - 12) };
		tun.n = (size_t)(p2 - tun.p);
		p3 = find_sep(dat, " : ");
		if (p3)
			dat.n = (size_t)(p3 - dat.p);
		if (!parse_u64s(tun, b, 3) || !parse_u64s(dat, c, 3))
			goto fail;
		sl_trim(&left);
		i = left.n;
		for (int k = 4; k >= 0; k--) {
			size_t e;

			while (i && is_space(left.p[i - 1]))
				i--;
			e = i;
			while (i && !is_space(left.p[i - 1]))
				i--;
			t = (struct sl){ left.p + i, e - i };
			if (!sl_u64(t, &a[k]))
				goto fail;
		}
		left.n = i;
		sl_trim(&left);
		if (!left.n || a[2] > UINT32_MAX || a[3] > UINT32_MAX || a[4] > UINT32_MAX ||
		    b[0] > UINT32_MAX || b[1] > UINT32_MAX || b[2] > UINT32_MAX) {
			why = "bad name or value";
			goto fail;
		}
		ri = PUSH(m->slabinfo, m->nr_slabinfo);
		if (ri < 0) {
			ret = ri;
			goto fail;
		}
		r = &m->slabinfo[ri];
		r->name = sl_dup(left);
		if (!r->name) {
			m->nr_slabinfo--;
			ret = -errno;
			why = "bad name";
			goto fail;
		}
		r->active_objs = a[0];
		r->num_objs = a[1];
		r->objsize = (uint32_t)a[2];
		r->objperslab = (uint32_t)a[3];
		r->pagesperslab = (uint32_t)a[4];
		r->limit = (uint32_t)b[0];
		r->batchcount = (uint32_t)b[1];
		r->sharedfactor = (uint32_t)b[2];
		r->active_slabs = c[0];
		r->num_slabs = c[1];
		r->sharedavail = c[2];
	}
	if (!l.nr) {
		why = "empty";
		goto fail;
	}
	m->has |= MM_MACHINE_HAS_SLABINFO;
	return 0;
fail:
	perr(err, file, l.nr, "%s", ret == -ENOMEM ? "out of memory" : why);
	return ret;
}

/* ---------------------------------------------------------------- tracepoint formats */

/* "unsigned long pfn" -> ("unsigned long", "pfn"); "char comm[16]" -> ("char[16]",
 * "comm"); "__data_loc char[] name" -> ("__data_loc char[]", "name"). */
static bool split_decl(struct sl decl, struct mm_tp_field *f)
{
	struct sl arr = { NULL, 0 }, name, type;
	size_t i;

	sl_trim(&decl);
	if (decl.n && decl.p[decl.n - 1] == ']') {
		const char *lb = NULL;

		for (i = decl.n; i-- > 0;)
			if (decl.p[i] == '[') {
				lb = decl.p + i;
				break;
			}
		if (!lb)
			return false;
		arr = (struct sl){ lb, (size_t)(decl.p + decl.n - lb) };
		decl.n = (size_t)(lb - decl.p);
		sl_trim(&decl);
	}
	i = decl.n;
	while (i && !is_space(decl.p[i - 1]) && decl.p[i - 1] != '*')
		i--;
	name = (struct sl){ decl.p + i, decl.n - i };
	type = (struct sl){ decl.p, i };
	sl_trim(&type);
	if (!sl_ident(name) || !type.n || type.n + arr.n >= sizeof(f->type) ||
	    !sl_copy(f->name, sizeof(f->name), name) || memchr(type.p, '\0', type.n) ||
	    (arr.n && memchr(arr.p, '\0', arr.n)))
		return false;
	memcpy(f->type, type.p, type.n);
	if (arr.n)
		memcpy(f->type + type.n, arr.p, arr.n);
	f->type[type.n + arr.n] = '\0';
	return true;
}

/* "\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;" */
static bool parse_field(struct sl line, struct mm_tp_field *f)
{
	bool have_offset = false, have_size = false;

	sl_trim(&line);
	while (line.n) {
		const char *semi = memchr(line.p, ';', line.n);
		struct sl item, key, val;
		const char *colon;
		uint64_t v;

		if (!semi)
			return false;
		item = (struct sl){ line.p, (size_t)(semi - line.p) };
		sl_skip(&line, item.n + 1);
		sl_trim(&line);
		sl_trim(&item);
		colon = memchr(item.p, ':', item.n);
		if (!colon)
			return false;
		key = (struct sl){ item.p, (size_t)(colon - item.p) };
		val = (struct sl){ colon + 1, (size_t)(item.p + item.n - colon - 1) };
		if (sl_eq(key, "field")) {
			if (!split_decl(val, f))
				return false;
			continue;
		}
		if (!sl_u64(val, &v) || v > UINT32_MAX)
			return false;
		if (sl_eq(key, "offset")) {
			f->offset = (uint32_t)v;
			have_offset = true;
		} else if (sl_eq(key, "size")) {
			f->size = (uint32_t)v;
			have_size = true;
		} else if (sl_eq(key, "signed")) {
			f->is_signed = !!v;
		}
	}
	return have_offset && have_size && f->name[0];
}

int parse_tracepoint_format(const char *buf, size_t len, struct mm_machine *m,
			    struct parse_err *err)
{
	static const char file[] = "format";
	struct mm_tp_format tp = { .name = "" };
	bool have_id = false, in_fields = false, common = true;
	struct lines l;
	struct sl line;
	const char *why = "unrecognised line";
	int ret = -EBADMSG, i;

	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		struct sl rest = line;

		if (sl_empty(line)) {
			if (in_fields && tp.nr_fields)
				common = false;	/* the blank line ends the common fields */
			continue;
		}
		if (sl_starts(line, "name: ")) {
			sl_skip(&rest, 6);
			sl_trim(&rest);
			if (tp.name[0] || !sl_ident(rest) || !sl_copy(tp.name, sizeof(tp.name), rest)) {
				why = "bad name";
				goto fail;
			}
			continue;
		}
		if (sl_starts(line, "ID: ")) {
			sl_skip(&rest, 4);
			sl_trim(&rest);
			if (have_id || !sl_u32(rest, &tp.id)) {
				why = "bad ID";
				goto fail;
			}
			have_id = true;
			continue;
		}
		if (sl_eq(line, "format:")) {
			in_fields = true;
			continue;
		}
		if (sl_starts(line, "print fmt: ")) {
			sl_skip(&rest, 11);
			free(tp.print_fmt);
			tp.print_fmt = sl_dup(rest);
			if (!tp.print_fmt) {
				ret = -errno;
				why = "bad print fmt";
				goto fail;
			}
			in_fields = false;
			continue;
		}
		sl_trim(&rest);
		if (in_fields && sl_starts(rest, "field:")) {
			struct mm_tp_field f = { .is_common = common };

			if (!parse_field(rest, &f)) {
				why = "bad field";
				goto fail;
			}
			if (tp.nr_fields >= 4096) {
				why = "too many fields";
				goto fail;
			}
			i = PUSH(tp.fields, tp.nr_fields);
			if (i < 0) {
				ret = i;
				goto fail;
			}
			tp.fields[i] = f;
			continue;
		}
		goto fail;
	}
	if (!tp.name[0] || !have_id || !tp.print_fmt) {
		why = "missing name, ID or print fmt";
		goto fail;
	}
	i = PUSH(m->tp_formats, m->nr_tp_formats);
	if (i < 0) {
		ret = i;
		goto fail;
	}
	m->tp_formats[i] = tp;
	return 0;
fail:
	free(tp.fields);
	free(tp.print_fmt);
	perr(err, file, l.nr, "%s", ret == -ENOMEM ? "out of memory" : why);
	return ret;
}

/* ---------------------------------------------------------------- kconfig */

static int kconfig_find(struct sl name)
{
	for (unsigned int i = 0; i < MM_KCONFIG__NR; i++)
		if (sl_eq(name, mm_kconfig_name(i)))
			return (int)i;
	return -1;
}

int parse_kconfig(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	struct mm_kconfig_value kc[MM_KCONFIG__NR];
	struct lines l;
	struct sl line;

	for (unsigned int i = 0; i < MM_KCONFIG__NR; i++)
		kc[i] = (struct mm_kconfig_value){ .state = MM_KCONFIG_NOT_SET };
	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		struct sl name, val, rest;
		const char *eq;
		int opt;

		sl_trim(&line);
		if (!line.n)
			continue;
		if (line.p[0] == '#') {
			/* "# CONFIG_CMA is not set", or any other comment */
			rest = line;
			sl_skip(&rest, 1);
			if (sl_tok(&rest, &name) && sl_starts(name, "CONFIG_") &&
			    (opt = kconfig_find(name)) >= 0 && sl_tok(&rest, &val) &&
			    sl_eq(val, "is"))
				kc[opt].state = MM_KCONFIG_NOT_SET;
			continue;
		}
		eq = memchr(line.p, '=', line.n);
		name = (struct sl){ line.p, eq ? (size_t)(eq - line.p) : 0 };
		if (!eq || !sl_starts(name, "CONFIG_") || !sl_ident(name)) {
			perr(err, "config", l.nr, "expected CONFIG_NAME=value");
			return -EBADMSG;
		}
		opt = kconfig_find(name);
		if (opt < 0)
			continue;
		val = (struct sl){ eq + 1, (size_t)(line.p + line.n - eq - 1) };
		if (sl_eq(val, "y")) {
			kc[opt].state = MM_KCONFIG_YES;
		} else if (sl_eq(val, "m")) {
			kc[opt].state = MM_KCONFIG_MODULE;
		} else if (sl_eq(val, "n")) {
			kc[opt].state = MM_KCONFIG_NOT_SET;
		} else if (sl_i64(val, &kc[opt].value)) {
			kc[opt].state = MM_KCONFIG_NUMBER;
		} else if (val.n > 2 && val.p[0] == '0' && (val.p[1] == 'x' || val.p[1] == 'X')) {
			uint64_t x = 0;

			for (size_t i = 2; i < val.n; i++) {
				char c = val.p[i];
				unsigned int d = is_digit(c)		 ? (unsigned int)(c - '0')
						 : (c >= 'a' && c <= 'f') ? (unsigned int)(c - 'a' + 10)
						 : (c >= 'A' && c <= 'F') ? (unsigned int)(c - 'A' + 10)
									 : 16;

				if (d == 16 || x >> 60) {
					x = UINT64_MAX;
					break;
				}
				x = x << 4 | d;
			}
			kc[opt].state = x == UINT64_MAX ? MM_KCONFIG_OTHER : MM_KCONFIG_NUMBER;
			kc[opt].value = x == UINT64_MAX ? 0 : (int64_t)x;
		} else {
			kc[opt].state = MM_KCONFIG_OTHER;
		}
	}
	memcpy(m->kconfig, kc, sizeof(kc));
	m->has |= MM_MACHINE_HAS_KCONFIG;
	return 0;
}

/* ---------------------------------------------------------------- cmdline */

/* parameq(): '-' and '_' are the same in parameter names (kernel/params.c). */
static bool param_is(struct sl name, const char *want)
{
	size_t n = strlen(want);

	if (name.n != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char a = name.p[i] == '-' ? '_' : name.p[i];
		char b = want[i] == '-' ? '_' : want[i];

		if (a != b)
			return false;
	}
	return true;
}

/* kstrtobool(): y/Y/1/on true, n/N/0/off false. */
static bool sl_bool(struct sl s, uint8_t *v)
{
	if (!s.n)
		return false;
	switch (s.p[0]) {
	case 'y': case 'Y': case '1':
		*v = 1;
		return true;
	case 'n': case 'N': case '0':
		*v = 0;
		return true;
	case 'o': case 'O':
		if (s.n >= 2 && (s.p[1] == 'n' || s.p[1] == 'N')) {
			*v = 1;
			return true;
		}
		if (s.n >= 2 && (s.p[1] == 'f' || s.p[1] == 'F')) {
			*v = 0;
			return true;
		}
		return false;
	}
	return false;
}

int parse_cmdline(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	struct mm_cmdline c = m->cmdline;
	struct sl s = { buf, len };
	const char *nl = memchr(buf, '\n', len);
	const char *why = "bad value";

	if (nl) {
		struct sl after = { nl + 1, (size_t)(buf + len - nl - 1) };

		if (!sl_empty(after)) {
			perr(err, "proc/cmdline", 2, "more than one line");
			return -EBADMSG;
		}
		s.n = (size_t)(nl - buf);
	}
	if (memchr(s.p, '\0', s.n)) {
		perr(err, "proc/cmdline", 1, "NUL byte");
		return -EBADMSG;
	}
	while (1) {
		struct sl param, name, val = { NULL, 0 };
		bool has_val = false, in_q = false;
		size_t i = 0;
		uint32_t *num = NULL;
		uint32_t bit = 0;

		while (s.n && is_space(s.p[0]))
			sl_skip(&s, 1);
		if (!s.n)
			break;
		/* next_arg(): a space ends a parameter unless inside double quotes */
		while (i < s.n && (in_q || !is_space(s.p[i]))) {
			if (s.p[i] == '"')
				in_q = !in_q;
			i++;
		}
		param = (struct sl){ s.p, i };
		sl_skip(&s, i);
		if (sl_eq(param, "--"))
			break;		/* the rest is init's */
		name = param;
		for (i = 0; i < param.n; i++)
			if (param.p[i] == '=') {
				name.n = i;
				val = (struct sl){ param.p + i + 1, param.n - i - 1 };
				has_val = true;
				break;
			}
		if (val.n >= 2 && val.p[0] == '"' && val.p[val.n - 1] == '"') {
			val.p++;
			val.n -= 2;
		}
		if (param_is(name, "page_alloc.shuffle")) {
			uint8_t b = 1;

			if (has_val && !sl_bool(val, &b))
				goto fail;
			c.page_alloc_shuffle = b;
			c.has |= MM_CMDLINE_PAGE_ALLOC_SHUFFLE;
		} else if (param_is(name, "slub_debug") || param_is(name, "slab_debug")) {
			if (!sl_copy(c.slub_debug, sizeof(c.slub_debug), has_val ? val : (struct sl){ "", 0 })) {
				why = "slub_debug value too long";
				goto fail;
			}
			c.has |= MM_CMDLINE_SLUB_DEBUG;
		} else if (param_is(name, "slub_min_objects") || param_is(name, "slab_min_objects")) {
			num = &c.slub_min_objects;
			bit = MM_CMDLINE_SLUB_MIN_OBJECTS;
		} else if (param_is(name, "slub_min_order") || param_is(name, "slab_min_order")) {
			num = &c.slub_min_order;
			bit = MM_CMDLINE_SLUB_MIN_ORDER;
		} else if (param_is(name, "slub_max_order") || param_is(name, "slab_max_order")) {
			num = &c.slub_max_order;
			bit = MM_CMDLINE_SLUB_MAX_ORDER;
		}
		if (num) {
			if (!has_val || !sl_u32(val, num))
				goto fail;
			c.has |= bit;
		}
	}
	m->cmdline = c;
	m->has |= MM_MACHINE_HAS_CMDLINE;
	return 0;
fail:
	perr(err, "proc/cmdline", 1, "%s", why);
	return -EBADMSG;
}

/* ---------------------------------------------------------------- uname, version */

int parse_proc_version(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	/* init/version-timestamp.c linux_banner: "Linux version " UTS_RELEASE " (" user@host
	 * ") (" compiler ") " UTS_VERSION; 4.x had one group fewer. The compiler string has
	 * parentheses of its own, so groups are skipped by nesting depth. */
	struct sl s = { buf, len }, t1, t2, rel;
	const char *nl = memchr(buf, '\n', len);

	if (nl)
		s.n = (size_t)(nl - buf);
	if (!sl_tok(&s, &t1) || !sl_eq(t1, "Linux") || !sl_tok(&s, &t2) ||
	    !sl_eq(t2, "version") || !sl_tok(&s, &rel) || rel.n >= MM_UTS_LEN)
		goto fail;
	while (1) {
		int depth = 0;
		size_t i;

		sl_trim(&s);
		if (!s.n || s.p[0] != '(')
			break;
		for (i = 0; i < s.n; i++) {
			if (s.p[i] == '(')
				depth++;
			else if (s.p[i] == ')' && --depth == 0)
				break;
		}
		if (i == s.n)
			goto fail;
		sl_skip(&s, i + 1);
	}
	if (!(m->has & MM_MACHINE_HAS_RELEASE)) {
		if (!sl_copy(m->release, sizeof(m->release), rel))
			goto fail;
		m->has |= MM_MACHINE_HAS_RELEASE;
	}
	if (!(m->has & MM_MACHINE_HAS_VERSION) && s.n) {
		if (!sl_copy(m->version, sizeof(m->version), s))
			goto fail;
		m->has |= MM_MACHINE_HAS_VERSION;
	}
	return 0;
fail:
	perr(err, "proc/version", 1, "expected \"Linux version RELEASE (...) VERSION\"");
	return -EBADMSG;
}

int parse_uname(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	struct lines l;
	struct sl line;

	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		const char *eq = memchr(line.p, '=', line.n);
		struct sl key, val;
		char *dst = NULL;
		uint32_t bit = 0;

		if (sl_empty(line))
			continue;
		if (!eq)
			goto fail;
		key = (struct sl){ line.p, (size_t)(eq - line.p) };
		val = (struct sl){ eq + 1, (size_t)(line.p + line.n - eq - 1) };
		if (sl_eq(key, "release"))
			dst = m->release, bit = MM_MACHINE_HAS_RELEASE;
		else if (sl_eq(key, "version"))
			dst = m->version, bit = MM_MACHINE_HAS_VERSION;
		else if (sl_eq(key, "machine"))
			dst = m->machine, bit = MM_MACHINE_HAS_MACHINE;
		else if (!sl_ident(key))
			goto fail;
		if (!dst)
			continue;
		if (!sl_copy(dst, MM_UTS_LEN, val))
			goto fail;
		m->has |= bit;
	}
	return 0;
fail:
	perr(err, "mmtrace/uname", l.nr, "expected key=value");
	return -EBADMSG;
}

/* ---------------------------------------------------------------- single values */

/* The file's text without trailing whitespace; false if it has more than one line. */
static bool one_line(const char *buf, size_t len, struct sl *out)
{
	struct sl s = { buf, len };
	const char *nl;

	sl_trim(&s);
	while (s.n && s.p[s.n - 1] == '\n') {
		s.n--;
		sl_trim(&s);
	}
	nl = memchr(s.p, '\n', s.n);
	if (nl)
		return false;
	*out = s;
	return true;
}

int parse_sysctl_value(const char *buf, size_t len, int64_t *value, struct parse_err *err)
{
	struct sl s;

	if (!one_line(buf, len, &s) || !sl_i64(s, value)) {
		perr(err, "sysctl", 1, "expected one integer");
		return -EBADMSG;
	}
	return 0;
}

int parse_int_list(const char *buf, size_t len, int64_t *v, uint32_t max, uint32_t *nr,
		   struct parse_err *err)
{
	struct sl s, t;
	uint32_t n = 0;

	if (!one_line(buf, len, &s))
		goto fail;
	while (sl_tok(&s, &t)) {
		if (n >= max || !sl_i64(t, &v[n]))
			goto fail;
		n++;
	}
	*nr = n;
	return 0;
fail:
	perr(err, "sysctl", 1, "expected at most %u integers", max);
	return -EBADMSG;
}

int parse_cpulist(const char *buf, size_t len, uint32_t *nr_cpus, struct parse_err *err)
{
	struct sl s;
	uint64_t total = 0;

	if (!one_line(buf, len, &s))
		goto fail;
	while (s.n) {
		const char *comma = memchr(s.p, ',', s.n);
		struct sl r = { s.p, comma ? (size_t)(comma - s.p) : s.n };
		const char *dash = memchr(r.p, '-', r.n);
		uint32_t a, b;

		sl_skip(&s, comma ? r.n + 1 : r.n);
		if (dash) {
			if (!sl_u32((struct sl){ r.p, (size_t)(dash - r.p) }, &a) ||
			    !sl_u32((struct sl){ dash + 1, (size_t)(r.p + r.n - dash - 1) }, &b) ||
			    b < a)
				goto fail;
		} else {
			if (!sl_u32(r, &a))
				goto fail;
			b = a;
		}
		total += (uint64_t)b - a + 1;
		if (total > UINT32_MAX || (comma && !s.n))
			goto fail;
	}
	*nr_cpus = (uint32_t)total;
	return 0;
fail:
	perr(err, "cpulist", 1, "expected a cpu list like 0-3,8");
	return -EBADMSG;
}

int parse_param_bool(const char *buf, size_t len, uint8_t *value, struct parse_err *err)
{
	struct sl s;

	if (!one_line(buf, len, &s) || s.n != 1 || !sl_bool(s, value)) {
		perr(err, "parameter", 1, "expected Y or N");
		return -EBADMSG;
	}
	return 0;
}

int parse_thp_enabled(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	struct sl s, t;

	if (!one_line(buf, len, &s))
		goto fail;
	while (sl_tok(&s, &t)) {
		if (t.n > 2 && t.p[0] == '[' && t.p[t.n - 1] == ']') {
			t.p++;
			t.n -= 2;
			if (!sl_ident(t) || !sl_copy(m->thp_enabled, sizeof(m->thp_enabled), t))
				goto fail;
			m->has |= MM_MACHINE_HAS_THP_ENABLED;
			return 0;
		}
	}
fail:
	perr(err, "sys/kernel/mm/transparent_hugepage/enabled", 1, "no [selected] mode");
	return -EBADMSG;
}

/* ---------------------------------------------------------------- slab */

#define SLAB_U32(f) offsetof(struct mm_slab_cache, f), 4
#define SLAB_U64(f) offsetof(struct mm_slab_cache, f), 8
#define SLAB_BOOL(f) offsetof(struct mm_slab_cache, f), 1

/* mm/slub.c SLAB_ATTR/SLAB_ATTR_RO names and what they print. */
static const struct {
	const char *name;
	uint32_t attr;
	size_t off;
	size_t width;		/* 1: 0/1 flag; 4, 8: number; totals print "N N0=.." */
} slab_attrs[] = {
	{ "object_size", MM_SLAB_OBJECT_SIZE, SLAB_U32(object_size) },
	{ "slab_size", MM_SLAB_SLAB_SIZE, SLAB_U32(slab_size) },
	{ "align", MM_SLAB_ALIGN, SLAB_U32(align) },
	{ "order", MM_SLAB_ORDER, SLAB_U32(order) },
	{ "objs_per_slab", MM_SLAB_OBJS_PER_SLAB, SLAB_U32(objs_per_slab) },
	{ "min_partial", MM_SLAB_MIN_PARTIAL, SLAB_U32(min_partial) },
	{ "cpu_partial", MM_SLAB_CPU_PARTIAL, SLAB_U32(cpu_partial) },
	{ "cpu_partial_slabs", MM_SLAB_CPU_PARTIAL_SLABS, SLAB_U32(cpu_partial_slabs) },
	{ "aliases", MM_SLAB_ALIASES, SLAB_U32(aliases) },
	{ "reclaim_account", MM_SLAB_RECLAIM_ACCOUNT, SLAB_BOOL(reclaim_account) },
	{ "destroy_by_rcu", MM_SLAB_DESTROY_BY_RCU, SLAB_BOOL(destroy_by_rcu) },
	{ "hwcache_align", MM_SLAB_HWCACHE_ALIGN, SLAB_BOOL(hwcache_align) },
	{ "poison", MM_SLAB_POISON, SLAB_BOOL(poison) },
	{ "red_zone", MM_SLAB_RED_ZONE, SLAB_BOOL(red_zone) },
	{ "store_user", MM_SLAB_STORE_USER, SLAB_BOOL(store_user) },
	{ "sanity_checks", MM_SLAB_SANITY_CHECKS, SLAB_BOOL(sanity_checks) },
	{ "cache_dma", MM_SLAB_CACHE_DMA, SLAB_BOOL(cache_dma) },
	{ "objects", MM_SLAB_OBJECTS, SLAB_U64(objects) },
	{ "total_objects", MM_SLAB_TOTAL_OBJECTS, SLAB_U64(total_objects) },
	{ "slabs", MM_SLAB_SLABS, SLAB_U64(slabs) },
	{ "partial", MM_SLAB_PARTIAL, SLAB_U64(partial) },
	{ "cpu_slabs", MM_SLAB_CPU_SLABS, SLAB_U64(cpu_slabs) },
	{ "objects_partial", MM_SLAB_OBJECTS_PARTIAL, SLAB_U64(objects_partial) },
};

int parse_slab_attr(struct mm_slab_cache *c, const char *attr, const char *buf, size_t len,
		    struct parse_err *err)
{
	struct sl s, t;
	uint64_t v;

	if (!strcmp(attr, "ctor")) {
		/* "%pS\n" of the constructor, or nothing */
		struct sl all = { buf, len };

		sl_trim(&all);
		while (all.n && all.p[all.n - 1] == '\n')
			all.n--;
		c->ctor = all.n != 0;
		c->has |= 1u << MM_SLAB_CTOR;
		return 0;
	}
	for (size_t i = 0; i < sizeof(slab_attrs) / sizeof(slab_attrs[0]); i++) {
		if (strcmp(attr, slab_attrs[i].name))
			continue;
		/* "35 N0=35" for the per-node totals: the total comes first */
		if (!one_line(buf, len, &s) || !sl_tok(&s, &t) || !sl_u64(t, &v))
			goto fail;
		while (sl_tok(&s, &t))
			if (t.n < 3 || t.p[0] != 'N' || !memchr(t.p, '=', t.n))
				goto fail;
		if (slab_attrs[i].width == 1) {
			uint8_t b = (uint8_t)v;

			if (v > 1)
				goto fail;
			memcpy((char *)c + slab_attrs[i].off, &b, 1);
		} else if (slab_attrs[i].width == 4) {
			uint32_t w = (uint32_t)v;

			if (v > UINT32_MAX)
				goto fail;
			memcpy((char *)c + slab_attrs[i].off, &w, 4);
		} else {
			memcpy((char *)c + slab_attrs[i].off, &v, 8);
		}
		c->has |= 1u << slab_attrs[i].attr;
		return 0;
	}
	return -ENOENT;
fail:
	perr(err, attr, 1, "unexpected value for %s", attr);
	return -EBADMSG;
}

static int cmp_cache(const void *a, const void *b)
{
	return strcmp(((const struct mm_slab_cache *)a)->name,
		      ((const struct mm_slab_cache *)b)->name);
}

static int slab_cache_index(const struct mm_machine *m, const char *name)
{
	struct mm_slab_cache key = { .name = (char *)name };
	const struct mm_slab_cache *c;

	if (!m->nr_slab_caches)
		return -1;
	c = bsearch(&key, m->slab_caches, m->nr_slab_caches, sizeof(key), cmp_cache);
	return c ? (int)(c - m->slab_caches) : -1;
}

int parse_slab_aliases(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	struct lines l;
	struct sl line;

	lines_init(&l, buf, len);
	while (lines_next(&l, &line)) {
		struct sl rest = line, name, target, extra;
		struct mm_slab_alias *a;
		char *na, *ta;
		int i;

		if (!sl_tok(&rest, &name))
			continue;
		if (!sl_tok(&rest, &target) || sl_tok(&rest, &extra)) {
			perr(err, "mmtrace/slab_aliases", l.nr, "expected \"alias target\"");
			return -EBADMSG;
		}
		na = sl_dup(name);
		ta = na ? sl_dup(target) : NULL;
		if (!ta) {
			int ret = -errno;

			free(na);
			perr(err, "mmtrace/slab_aliases", l.nr, "%s",
			     ret == -ENOMEM ? "out of memory" : "bad name");
			return ret;
		}
		i = PUSH(m->slab_aliases, m->nr_slab_aliases);
		if (i < 0) {
			free(na);
			free(ta);
			return i;
		}
		a = &m->slab_aliases[i];
		a->name = na;
		a->target = ta;
		a->cache = UINT32_MAX;
	}
	return 0;
}

/* ---------------------------------------------------------------- pfn maps */

int parse_pfn_map(const void *buf, size_t len, int size_is_order, struct mm_pfn_map *map,
		  struct parse_err *err)
{
	struct mm_pfn_map tmp = { .data = (uint8_t *)buf, .len = len };
	const char *file = size_is_order ? "mmtrace/free_blocks" : "mmtrace/pcp_candidates";
	struct mm_pfn_map_iter it;
	uint64_t pfn, size, nr = 0, pages = 0;
	int ret;

	mm_free_block_iter__init(&it, &tmp);
	it.size_is_order = size_is_order ? 1 : 0;
	while ((ret = mm_pfn_map_iter__next(&it, &pfn, &size)) > 0) {
		uint64_t n = size_is_order ? 1ull << size : size;

		if (size_is_order && (pfn & (n - 1))) {
			ret = -EBADMSG;
			break;
		}
		nr++;
		pages += n;
	}
	if (ret < 0) {
		perr(err, file, 0, "entry %" PRIu64 " at byte %zu: bad encoding", nr,
		     (size_t)(it.p - (const uint8_t *)buf));
		return ret;
	}
	map->data = malloc(len ? len : 1);
	if (!map->data)
		return -ENOMEM;
	if (len)
		memcpy(map->data, buf, len);
	map->len = len;
	map->nr_entries = nr;
	map->nr_pages = pages;
	return 0;
}

/* ---------------------------------------------------------------- the whole snapshot */

static const char *path_base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Run one text parser on a snapshot file if present, naming the file on error. */
static int run(const struct snap_files *s, const char *path, struct mm_machine *m,
	       int (*fn)(const char *, size_t, struct mm_machine *, struct parse_err *),
	       struct parse_err *err)
{
	const struct snap_file *f = snap_files__find(s, path);
	int ret;

	if (!f)
		return 0;
	ret = fn((const char *)f->data, f->len, m, err);
	if (ret && err)
		snprintf(err->file, sizeof(err->file), "%s", path);
	return ret;
}

static int sysctls(const struct snap_files *s, struct mm_machine *m, struct parse_err *err)
{
	static const struct {
		const char *path;
		size_t off;
		uint32_t bit;
	} vm[] = {
		{ "proc/sys/vm/min_free_kbytes", offsetof(struct mm_vm_sysctl, min_free_kbytes),
		  MM_SYSCTL_MIN_FREE_KBYTES },
		{ "proc/sys/vm/watermark_scale_factor",
		  offsetof(struct mm_vm_sysctl, watermark_scale_factor),
		  MM_SYSCTL_WATERMARK_SCALE_FACTOR },
		{ "proc/sys/vm/watermark_boost_factor",
		  offsetof(struct mm_vm_sysctl, watermark_boost_factor),
		  MM_SYSCTL_WATERMARK_BOOST_FACTOR },
		{ "proc/sys/vm/percpu_pagelist_high_fraction",
		  offsetof(struct mm_vm_sysctl, percpu_pagelist_high_fraction),
		  MM_SYSCTL_PERCPU_PAGELIST_HIGH_FRACTION },
		{ "proc/sys/vm/extfrag_threshold", offsetof(struct mm_vm_sysctl, extfrag_threshold),
		  MM_SYSCTL_EXTFRAG_THRESHOLD },
		{ "proc/sys/vm/compaction_proactiveness",
		  offsetof(struct mm_vm_sysctl, compaction_proactiveness),
		  MM_SYSCTL_COMPACTION_PROACTIVENESS },
	};
	const struct snap_file *f;
	int ret;

	for (size_t i = 0; i < sizeof(vm) / sizeof(vm[0]); i++) {
		int64_t v;

		f = snap_files__find(s, vm[i].path);
		if (!f)
			continue;
		ret = parse_sysctl_value((const char *)f->data, f->len, &v, err);
		if (ret)
			goto fail;
		memcpy((char *)&m->sysctl + vm[i].off, &v, sizeof(v));
		m->sysctl.has |= vm[i].bit;
	}
	f = snap_files__find(s, "proc/sys/vm/lowmem_reserve_ratio");
	if (f) {
		ret = parse_int_list((const char *)f->data, f->len, m->sysctl.lowmem_reserve_ratio,
				     MM_MAX_NR_ZONES, &m->sysctl.nr_lowmem_reserve_ratio, err);
		if (ret)
			goto fail;
		m->sysctl.has |= MM_SYSCTL_LOWMEM_RESERVE_RATIO;
	}
	f = snap_files__find(s, "sys/devices/system/cpu/possible");
	if (f) {
		ret = parse_cpulist((const char *)f->data, f->len, &m->nr_cpus_possible, err);
		if (ret)
			goto fail;
		m->has |= MM_MACHINE_HAS_CPUS_POSSIBLE;
	}
	f = snap_files__find(s, "sys/devices/system/cpu/online");
	if (f) {
		ret = parse_cpulist((const char *)f->data, f->len, &m->nr_cpus_online, err);
		if (ret)
			goto fail;
		m->has |= MM_MACHINE_HAS_CPUS_ONLINE;
	}
	f = snap_files__find(s, "sys/module/page_alloc/parameters/shuffle");
	if (f) {
		ret = parse_param_bool((const char *)f->data, f->len,
				       &m->cmdline.page_alloc_shuffle, err);
		if (ret)
			goto fail;
		m->cmdline.has |= MM_CMDLINE_PAGE_ALLOC_SHUFFLE;
	}
	return 0;
fail:
	if (err && f)
		snprintf(err->file, sizeof(err->file), "%s", f->path);
	return ret;
}

static int text_value(const struct snap_files *s, const char *path, char *dst, uint32_t bit,
		      struct mm_machine *m, struct parse_err *err)
{
	const struct snap_file *f = snap_files__find(s, path);
	struct sl v;

	if (!f)
		return 0;
	if (!one_line((const char *)f->data, f->len, &v) || !sl_copy(dst, MM_UTS_LEN, v)) {
		perr(err, path, 1, "expected one line of at most %d bytes", MM_UTS_LEN - 1);
		return -EBADMSG;
	}
	m->has |= bit;
	return 0;
}

static int slab_files(const struct snap_files *s, struct mm_machine *m, struct parse_err *err)
{
	static const char prefix[] = "sys/kernel/slab/";
	int last = -1, ret;

	for (size_t i = 0; i < s->nr; i++) {
		const struct snap_file *f = &s->v[i];
		const char *cache, *slash;
		struct mm_slab_cache *c;
		size_t n;

		if (strncmp(f->path, prefix, sizeof(prefix) - 1))
			continue;
		cache = f->path + sizeof(prefix) - 1;
		slash = strchr(cache, '/');
		if (!slash || strchr(slash + 1, '/'))
			continue;
		n = (size_t)(slash - cache);
		if (last < 0 || strncmp(m->slab_caches[last].name, cache, n) ||
		    m->slab_caches[last].name[n]) {
			last = -1;
			for (uint32_t j = 0; j < m->nr_slab_caches; j++)
				if (!strncmp(m->slab_caches[j].name, cache, n) &&
				    !m->slab_caches[j].name[n]) {
					last = (int)j;
					break;
				}
		}
		if (last < 0) {
			last = PUSH(m->slab_caches, m->nr_slab_caches);
			if (last < 0)
				return last;
			m->slab_caches[last].name = strndup(cache, n);
			if (!m->slab_caches[last].name) {
				m->nr_slab_caches--;
				return -ENOMEM;
			}
		}
		c = &m->slab_caches[last];
		ret = parse_slab_attr(c, slash + 1, (const char *)f->data, f->len, err);
		if (ret == -ENOENT)
			continue;
		if (ret) {
			if (err)
				snprintf(err->file, sizeof(err->file), "%s", f->path);
			return ret;
		}
	}
	if (m->nr_slab_caches > 1)
		qsort(m->slab_caches, m->nr_slab_caches, sizeof(*m->slab_caches), cmp_cache);
	ret = run(s, "mmtrace/slab_aliases", m, parse_slab_aliases, err);
	if (ret)
		return ret;
	for (uint32_t i = 0; i < m->nr_slab_aliases; i++) {
		int ci = slab_cache_index(m, m->slab_aliases[i].target);

		m->slab_aliases[i].cache = ci < 0 ? UINT32_MAX : (uint32_t)ci;
	}
	return 0;
}

static int tp_files(const struct snap_files *s, struct mm_machine *m, struct parse_err *err)
{
	static const char *const dirs[] = {
		"sys/kernel/tracing/events/",
		"sys/kernel/debug/tracing/events/",
	};

	for (size_t d = 0; d < 2; d++) {
		size_t dn = strlen(dirs[d]);

		for (size_t i = 0; i < s->nr; i++) {
			const struct snap_file *f = &s->v[i];
			const char *ev, *slash;
			struct mm_tp_format *tp;
			bool dup = false;
			int ret;

			if (strncmp(f->path, dirs[d], dn) || strcmp(path_base(f->path), "format"))
				continue;
			/* <system>/<event>/format */
			ev = strchr(f->path + dn, '/');
			if (!ev)
				continue;
			ev++;
			slash = strchr(ev, '/');
			if (!slash || strcmp(slash, "/format"))
				continue;
			for (uint32_t j = 0; j < m->nr_tp_formats; j++)
				if (!strncmp(m->tp_formats[j].name, ev, (size_t)(slash - ev)) &&
				    !m->tp_formats[j].name[slash - ev])
					dup = true;
			if (dup)
				continue;	/* the tracefs copy wins over debugfs */
			ret = parse_tracepoint_format((const char *)f->data, f->len, m, err);
			if (ret) {
				if (err)
					snprintf(err->file, sizeof(err->file), "%s", f->path);
				return ret;
			}
			tp = &m->tp_formats[m->nr_tp_formats - 1];
			if (strncmp(tp->name, ev, (size_t)(slash - ev)) || tp->name[slash - ev]) {
				perr(err, f->path, 1, "name \"%s\" does not match its directory",
				     tp->name);
				return -EBADMSG;
			}
		}
	}
	return 0;
}

static int pfn_map_file(const struct snap_files *s, const char *path, int size_is_order,
			struct mm_pfn_map *map, uint32_t bit, struct mm_machine *m,
			struct parse_err *err)
{
	const struct snap_file *f = snap_files__find(s, path);
	int ret;

	if (!f)
		return 0;
	ret = parse_pfn_map(f->data, f->len, size_is_order, map, err);
	if (ret)
		return ret;
	m->has |= bit;
	return 0;
}

/* "key=value" with an integer value; -1 if tok is not key=..., 0 if the value is bad. */
static int kv_i64(struct sl tok, const char *key, int64_t *v)
{
	size_t n = strlen(key);

	if (tok.n <= n || memcmp(tok.p, key, n) || tok.p[n] != '=')
		return -1;
	sl_skip(&tok, n + 1);
	if (tok.n == 1 && tok.p[0] == '-') {
		*v = INT64_MIN;		/* "-": the kernel has no such field */
		return 1;
	}
	return sl_i64(tok, v) ? 1 : 0;
}

/* " <nr> : pfn pfn ..." into a new run of fl->pfns. */
static const char *fl_list(struct sl rest, struct mm_freelists *fl, struct mm_fl_list *out,
			   uint64_t *cap)
{
	struct sl tok;
	uint32_t nr;

	if (!sl_tok(&rest, &tok) || !sl_u32(tok, &nr))
		return "expected the list length";
	if (!sl_tok(&rest, &tok) || !sl_eq(tok, ":"))
		return "expected ':' after the list length";
	if (fl->nr_pfns + nr > UINT32_MAX)
		return "too many pfns";
	if (fl->nr_pfns + nr > *cap) {
		uint64_t nc = (fl->nr_pfns + nr) * 2 + 64;
		uint64_t *np = realloc(fl->pfns, nc * sizeof(*np));

		if (!np)
			return NULL;	/* -ENOMEM */
		fl->pfns = np;
		*cap = nc;
	}
	out->start = (uint32_t)fl->nr_pfns;
	out->nr = nr;
	for (uint32_t i = 0; i < nr; i++) {
		if (!sl_tok(&rest, &tok) || !sl_u64(tok, &fl->pfns[fl->nr_pfns]))
			return "fewer pfns than the list length";
		fl->nr_pfns++;
	}
	if (sl_tok(&rest, &tok))
		return "more pfns than the list length";
	return "";
}

int parse_freelists(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err)
{
	static const char *const file = "mmtrace/freelists";
	struct mm_freelists *fl = &m->freelists;
	struct mm_fl_zone *z = NULL;
	struct mm_fl_pcp *pcp = NULL;
	const char *why = NULL;
	struct lines l;
	struct sl line, tok;
	uint64_t cap = fl->nr_pfns;
	bool head = false, end = false;
	int ret = -EBADMSG;

	lines_init(&l, buf, len);
	while (!why && lines_next(&l, &line)) {
		if (!sl_tok(&line, &tok))
			continue;
		if (end) {
			why = "text after \"end\"";
		} else if (!head) {
			uint32_t v;

			if (!sl_eq(tok, "freelists") || !sl_tok(&line, &tok) || !sl_u32(tok, &v))
				why = "expected \"freelists 1\"";
			else if (v != 1)
				why = "unknown freelists version";
			head = true;
		} else if (sl_eq(tok, "unavailable")) {
			sl_trim(&line);
			sl_copy(fl->unavailable, sizeof(fl->unavailable), line);
			if (!fl->unavailable[0])
				snprintf(fl->unavailable, sizeof(fl->unavailable), "unknown");
			end = true;
		} else if (sl_eq(tok, "source") || sl_eq(tok, "pageblock_order")) {
			uint32_t v;

			if (sl_eq(tok, "pageblock_order")) {
				if (!sl_tok(&line, &tok) || !sl_u32(tok, &v) || v >= MM_MAX_NR_ORDERS)
					why = "bad pageblock_order";
				else
					fl->pageblock_order = v;
			}
		} else if (sl_eq(tok, "zone")) {
			struct sl node, name;
			int32_t nid;
			int i;

			if (!sl_tok(&line, &node) || !sl_i32(node, &nid) || nid < 0 ||
			    !sl_tok(&line, &name) || name.n >= MM_ZONE_NAME_LEN) {
				why = "expected \"zone NODE NAME key=value...\"";
				break;
			}
			if (fl->nr_zones >= 64) {
				why = "more than 64 zones";
				break;
			}
			i = PUSH(fl->zones, fl->nr_zones);
			if (i < 0) {
				ret = i;
				why = "";
				break;
			}
			z = &fl->zones[i];
			pcp = NULL;
			z->node = nid;
			z->zone_idx = -1;
			sl_copy(z->name, sizeof(z->name), name);
			while (!why && sl_tok(&line, &tok)) {
				static const char *const keys[] = {
					"idx", "start_pfn", "spanned", "present", "managed", "boost",
					"flags", "reserved_highatomic", "free_highatomic", "orders",
					"migratetypes", "racy",
				};
				int64_t v = 0;
				unsigned int k;
				int r = -1;

				for (k = 0; k < sizeof(keys) / sizeof(keys[0]) && r < 0; k++)
					r = kv_i64(tok, keys[k], &v);
				k--;
				if (r < 0)
					continue;	/* a key a newer mmtrace added */
				if (!r || (v < 0 && !(k == 8 && v == INT64_MIN))) {
					why = "bad zone value";
					break;
				}
				switch (k) {
				case 0: z->zone_idx = v < MM_MAX_NR_ZONES ? (int32_t)v : -1; break;
				case 1: z->zone_start_pfn = (uint64_t)v; break;
				case 2: z->spanned_pages = (uint64_t)v; break;
				case 3: z->present_pages = (uint64_t)v; break;
				case 4: z->managed_pages = (uint64_t)v; break;
				case 5: z->watermark_boost = (uint64_t)v; break;
				case 6: z->flags = (uint64_t)v; break;
				case 7: z->nr_reserved_highatomic = (uint64_t)v; break;
				case 8:
					if (v != INT64_MIN) {
						z->nr_free_highatomic = (uint64_t)v;
						z->has |= MM_FL_FREE_HIGHATOMIC;
					}
					break;
				case 9:
					if (v > MM_MAX_NR_ORDERS)
						why = "orders above the maximum";
					z->nr_orders = (uint32_t)v;
					break;
				case 10:
					if (v > MM_MAX_MIGRATETYPES)
						why = "migratetypes above the maximum";
					z->nr_migratetypes = (uint32_t)v;
					break;
				default: z->racy = v != 0; break;
				}
			}
		} else if (!z) {
			why = "a list before any zone line";
		} else if (sl_eq(tok, "nr_free")) {
			for (uint32_t o = 0; !why && sl_tok(&line, &tok); o++)
				if (o >= MM_MAX_NR_ORDERS || !sl_u64(tok, &z->nr_free[o]))
					why = "bad nr_free";
		} else if (sl_eq(tok, "free")) {
			uint32_t order, mt;

			if (!sl_tok(&line, &tok) || !sl_u32(tok, &order) || order >= MM_MAX_NR_ORDERS ||
			    !sl_tok(&line, &tok) || !sl_u32(tok, &mt) || mt >= MM_MAX_MIGRATETYPES) {
				why = "expected \"free ORDER MIGRATETYPE N : pfns\"";
				break;
			}
			if (z->free[order][mt].nr) {
				why = "a free list given twice";
				break;
			}
			why = fl_list(line, fl, &z->free[order][mt], &cap);
			if (!why) {
				ret = -ENOMEM;
				why = "";
				break;
			}
			if (!why[0])
				why = NULL;
		} else if (sl_eq(tok, "pcp")) {
			uint32_t cpu;
			int i;

			if (!sl_tok(&line, &tok) || !sl_u32(tok, &cpu) || cpu >= 65536) {
				why = "expected \"pcp CPU key=value...\"";
				break;
			}
			if (z->nr_pcps >= 65536) {
				why = "too many pcp lines";
				break;
			}
			i = PUSH(z->pcps, z->nr_pcps);
			if (i < 0) {
				ret = i;
				why = "";
				break;
			}
			pcp = &z->pcps[i];
			pcp->cpu = cpu;
			while (!why && sl_tok(&line, &tok)) {
				static const char *const keys[] = {
					"count", "high", "batch", "high_min", "high_max", "alloc_factor",
					"free_count", "flags", "free_factor", "lists", "racy",
				};
				int64_t v = 0;
				unsigned int k;
				int r = -1;

				for (k = 0; k < sizeof(keys) / sizeof(keys[0]) && r < 0; k++)
					r = kv_i64(tok, keys[k], &v);
				k--;
				if (r < 0)
					continue;
				if (!r || v < INT32_MIN || v > INT32_MAX) {
					why = "bad pcp value";
					break;
				}
				switch (k) {
				case 0: pcp->count = (int32_t)v; break;
				case 1: pcp->high = (int32_t)v; break;
				case 2: pcp->batch = (int32_t)v; break;
				case 3: pcp->high_min = (int32_t)v; pcp->has |= MM_FL_HIGH_MIN_MAX; break;
				case 4: pcp->high_max = (int32_t)v; pcp->has |= MM_FL_HIGH_MIN_MAX; break;
				case 5: pcp->alloc_factor = (uint8_t)v; pcp->has |= MM_FL_ALLOC_FACTOR; break;
				case 6: pcp->free_count = (int32_t)v; pcp->has |= MM_FL_FREE_COUNT; break;
				case 7: pcp->flags = (uint8_t)v; pcp->has |= MM_FL_PCP_FLAGS; break;
				case 8: pcp->free_factor = (int32_t)v; pcp->has |= MM_FL_FREE_FACTOR; break;
				case 9:
					if (v < 0 || v > MM_MAX_PCP_LISTS)
						why = "lists above the maximum";
					pcp->nr_lists = (uint32_t)v;
					break;
				default: pcp->racy = v != 0; break;
				}
			}
		} else if (sl_eq(tok, "pcplist")) {
			uint32_t cpu, pindex;

			if (!sl_tok(&line, &tok) || !sl_u32(tok, &cpu) || !sl_tok(&line, &tok) ||
			    !sl_u32(tok, &pindex) || pindex >= MM_MAX_PCP_LISTS) {
				why = "expected \"pcplist CPU PINDEX N : pfns\"";
				break;
			}
			if (!pcp || pcp->cpu != cpu) {
				why = "pcplist without its pcp line";
				break;
			}
			if (pcp->lists[pindex].nr) {
				why = "a pcp list given twice";
				break;
			}
			why = fl_list(line, fl, &pcp->lists[pindex], &cap);
			if (!why) {
				ret = -ENOMEM;
				why = "";
				break;
			}
			if (!why[0])
				why = NULL;
		} else if (sl_eq(tok, "pageblocks")) {
			uint64_t first, n;

			if (!sl_tok(&line, &tok) || !sl_u64(tok, &first) || !sl_tok(&line, &tok) ||
			    !sl_u64(tok, &n) || !sl_tok(&line, &tok) || !sl_eq(tok, ":") ||
			    !sl_tok(&line, &tok) || tok.n != n || n > (1ull << 28)) {
				why = "expected \"pageblocks FIRST_PFN N : <N hex digits>\"";
				break;
			}
			if (z->pb_mt) {
				why = "pageblocks given twice";
				break;
			}
			z->pb_mt = malloc(n ? n : 1);
			if (!z->pb_mt) {
				ret = -ENOMEM;
				why = "";
				break;
			}
			z->pb_first_pfn = first;
			z->nr_pageblocks = n;
			for (uint64_t i = 0; i < n && !why; i++) {
				char c = tok.p[i];

				if (c < '0' || c > '7')
					why = "a pageblock type is not 0-7";
				else
					z->pb_mt[i] = (uint8_t)(c - '0');
			}
		} else if (sl_eq(tok, "end")) {
			end = true;
		} else {
			why = "unknown line";
		}
	}
	if (!why && !head)
		why = "empty file";
	else if (!why && !end)
		why = "no \"end\" line: truncated";
	if (!why) {
		if (!fl->unavailable[0])
			m->has |= MM_MACHINE_HAS_FREELISTS;
		return 0;
	}
	if (ret == -ENOMEM)
		why = "out of memory";
	perr(err, file, l.nr, "%s", why);
	return ret;
}

int mm_machine__from_snapshot(struct mm_machine *m, const struct snap_files *s,
			      struct parse_err *err)
{
	int ret;

	mm_machine__init(m);
	if (err)
		*err = (struct parse_err){ .line = 0 };
	/* zoneinfo first: zone indices come from its order */
	ret = run(s, "proc/zoneinfo", m, parse_zoneinfo, err);
	if (!ret)
		ret = run(s, "proc/buddyinfo", m, parse_buddyinfo, err);
	if (!ret)
		ret = run(s, "proc/pagetypeinfo", m, parse_pagetypeinfo, err);
	if (!ret)
		ret = run(s, "proc/vmstat", m, parse_vmstat, err);
	if (!ret)
		ret = run(s, "proc/slabinfo", m, parse_slabinfo, err);
	if (!ret)
		ret = run(s, "mmtrace/uname", m, parse_uname, err);
	if (!ret && !(m->has & MM_MACHINE_HAS_RELEASE))
		ret = text_value(s, "proc/sys/kernel/osrelease", m->release,
				 MM_MACHINE_HAS_RELEASE, m, err);
	if (!ret && !(m->has & MM_MACHINE_HAS_VERSION))
		ret = text_value(s, "proc/sys/kernel/version", m->version,
				 MM_MACHINE_HAS_VERSION, m, err);
	if (!ret)
		ret = run(s, "proc/version", m, parse_proc_version, err);
	/* cmdline before sysctls(): the live module parameter overrides the boot value */
	if (!ret)
		ret = run(s, "proc/cmdline", m, parse_cmdline, err);
	if (!ret)
		ret = sysctls(s, m, err);
	if (!ret)
		ret = run(s, "sys/kernel/mm/transparent_hugepage/enabled", m, parse_thp_enabled,
			  err);
	if (!ret)
		ret = run(s, "mmtrace/config", m, parse_kconfig, err);
	if (!ret)
		ret = slab_files(s, m, err);
	if (!ret)
		ret = tp_files(s, m, err);
	if (!ret)
		ret = pfn_map_file(s, "mmtrace/free_blocks", 1, &m->free_blocks,
				   MM_MACHINE_HAS_FREE_BLOCKS, m, err);
	if (!ret)
		ret = pfn_map_file(s, "mmtrace/pcp_candidates", 0, &m->pcp_candidates,
				   MM_MACHINE_HAS_PCP_CANDIDATES, m, err);
	if (!ret)
		ret = run(s, "mmtrace/freelists", m, parse_freelists, err);
	if (ret) {
		if (ret == -ENOMEM && err && !err->msg[0])
			snprintf(err->msg, sizeof(err->msg), "out of memory");
		mm_machine__free(m);
	}
	return ret;
}

const struct mm_zone *mm_machine__zone(const struct mm_machine *m, int node, const char *name)
{
	int i = zone_find(m, node, name);

	return i < 0 ? NULL : &m->zones[i];
}

const struct mm_slab_cache *mm_machine__slab_cache(const struct mm_machine *m, const char *name)
{
	int i = slab_cache_index(m, name);

	if (i >= 0)
		return &m->slab_caches[i];
	for (uint32_t j = 0; j < m->nr_slab_aliases; j++)
		if (!strcmp(m->slab_aliases[j].name, name) && m->slab_aliases[j].cache != UINT32_MAX)
			return &m->slab_caches[m->slab_aliases[j].cache];
	return NULL;
}

int mm_machine__vmstat(const struct mm_machine *m, const char *name, uint64_t *value)
{
	for (uint32_t i = 0; i < m->nr_vmstat; i++)
		if (!strcmp(m->vmstat[i].name, name)) {
			*value = m->vmstat[i].value;
			return 0;
		}
	return -ENOENT;
}
