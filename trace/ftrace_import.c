// SPDX-License-Identifier: GPL-2.0-only
/*
 * ftrace text → struct mm_event (see ftrace_import.h for the accepted shapes and value
 * conventions). Everything above the "File I/O" section works on (pointer, length)
 * ranges that need not be NUL-terminated, so the fuzz target can feed arbitrary bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ftrace_import.h"

/* ---- small helpers over [p, e) ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

static const char *skip_space(const char *p, const char *e)
{
	while (p < e && is_space(*p))
		p++;
	return p;
}

static bool has_prefix(const char *p, const char *e, const char *pfx)
{
	size_t n = strlen(pfx);

	return (size_t)(e - p) >= n && !memcmp(p, pfx, n);
}

static bool eq_str(const char *p, size_t len, const char *s)
{
	return strlen(s) == len && !memcmp(p, s, len);
}

/* Decimal digits in [p, e) exactly; false on empty, a non-digit or overflow. */
static bool parse_dec(const char *p, const char *e, uint64_t *out)
{
	uint64_t v = 0;

	if (p == e)
		return false;
	for (; p < e; p++) {
		if (!is_digit(*p))
			return false;
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return true;
}

/* Hex digits in [p, e) exactly (no prefix), at most 16. */
static bool parse_hex_digits(const char *p, const char *e, uint64_t *out)
{
	uint64_t v = 0;

	if (p == e || e - p > 16)
		return false;
	for (; p < e; p++) {
		int d = hex_val(*p);

		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return true;
}

/* "0x1f" (hex) or "31" (decimal). */
static bool parse_u64(const char *p, const char *e, uint64_t *out)
{
	if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return parse_hex_digits(p + 2, e, out);
	return parse_dec(p, e, out);
}

static bool parse_s64(const char *p, const char *e, int64_t *out)
{
	bool neg = p < e && *p == '-';
	uint64_t v;

	if (!parse_u64(p + neg, e, &v))
		return false;
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1)
			return false;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (v > INT64_MAX)
			return false;
		*out = (int64_t)v;
	}
	return true;
}

/* A %p value: hashed ("00000000deadbeef"), raw ("0xffff888..."), or "(nil)"/"(null)". */
static bool parse_ptr(const char *p, const char *e, uint64_t *out)
{
	if (eq_str(p, (size_t)(e - p), "(nil)") || eq_str(p, (size_t)(e - p), "(null)")) {
		*out = 0;
		return true;
	}
	if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	return parse_hex_digits(p, e, out);
}

/* FNV-1a, 64 bit (http://www.isthe.com/chongo/tech/comp/fnv/): offset basis and prime. */
#define FNV64_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV64_PRIME UINT64_C(0x100000001b3)

static uint64_t fnv1a(const char *p, size_t len)
{
	uint64_t h = FNV64_OFFSET;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= FNV64_PRIME;
	}
	return h;
}

uint64_t ftrace_call_site_id(const char *sym, size_t len)
{
	return fnv1a(sym, len) & FTRACE_CALL_SITE_SYM_MASK;
}

/* ---- string map: open addressing, keyed by bytes, with a 64-bit value ---- */

struct strmap_ent {
	uint64_t hash;
	char *str;	/* NUL-terminated copy; NULL = empty slot */
	size_t len;
	uint64_t val;
};

struct strmap {
	struct strmap_ent *v;
	size_t cap;	/* power of two, or 0 */
	size_t nr;
};

static struct strmap_ent *strmap_find(const struct strmap *m, const char *s, size_t len,
				      uint64_t h)
{
	if (!m->cap)
		return NULL;
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct strmap_ent *x = &m->v[i];

		if (!x->str)
			return NULL;
		if (x->hash == h && x->len == len && !memcmp(x->str, s, len))
			return x;
	}
}

static int strmap_grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct strmap_ent *v = calloc(cap, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		struct strmap_ent *x = &m->v[i];
		size_t j;

		if (!x->str)
			continue;
		for (j = x->hash & (cap - 1); v[j].str; j = (j + 1) & (cap - 1))
			;
		v[j] = *x;
	}
	free(m->v);
	m->v = v;
	m->cap = cap;
	return 0;
}

/* Adds (s, len) which must not be present; returns the entry or NULL on ENOMEM. */
static struct strmap_ent *strmap_add(struct strmap *m, const char *s, size_t len, uint64_t h,
				     uint64_t val)
{
	struct strmap_ent *x;
	size_t i;
	char *copy;

	if ((m->nr + 1) * 2 > m->cap && strmap_grow(m))
		return NULL;
	copy = malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, len);
	copy[len] = '\0';
	for (i = h & (m->cap - 1); m->v[i].str; i = (i + 1) & (m->cap - 1))
		;
	x = &m->v[i];
	x->hash = h;
	x->str = copy;
	x->len = len;
	x->val = val;
	m->nr++;
	return x;
}

static void strmap_clear(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].str);
	free(m->v);
	m->v = NULL;
	m->cap = m->nr = 0;
}

/* ---- the gfp_flags table of a format file's print fmt ---- */

/* Bounds on what a sane format file holds; mmflags.h has about 40 gfp names. */
#define GFP_TABLE_MAX 128
#define GFP_NAME_MAX 64
/* parentheses, casts and unary operators; the 6.18 table nests about 15 deep */
#define EXPR_DEPTH_MAX 100

struct gfp_flag {
	char name[GFP_NAME_MAX];
	size_t len;
	uint64_t mask;
};

struct gfp_table {
	struct gfp_flag *v;
	size_t nr;
	struct strmap cache;	/* printed gfp string → bits */
};

/* A tiny evaluator for the unresolved C constant expressions in the table. */
struct expr {
	const char *p, *e;
	int depth;
	const char *err;
};

static int expr_or(struct expr *x, uint64_t *out);

static void expr_ws(struct expr *x)
{
	while (x->p < x->e && (is_space(*x->p) || *x->p == '\n' || *x->p == '\r'))
		x->p++;
}

static int expr_fail(struct expr *x, const char *why)
{
	if (!x->err)
		x->err = why;
	return -EBADMSG;
}

static int expr_number(struct expr *x, uint64_t *out)
{
	const char *s = x->p;
	uint64_t v = 0;

	if (x->e - s > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		const char *d = s + 2, *q = d;

		while (q < x->e && hex_val(*q) >= 0)
			q++;
		if (!parse_hex_digits(d, q, &v))
			return expr_fail(x, "bad hex literal");
		x->p = q;
	} else {
		const char *q = s;

		while (q < x->e && is_digit(*q))
			q++;
		if (!parse_dec(s, q, &v))
			return expr_fail(x, "bad literal");
		x->p = q;
	}
	/* integer suffixes: u, l, ul, ull, lu ... */
	while (x->p < x->e && (*x->p == 'u' || *x->p == 'U' || *x->p == 'l' || *x->p == 'L'))
		x->p++;
	if (x->p < x->e && is_ident(*x->p))
		return expr_fail(x, "bad literal suffix");
	*out = v;
	return 0;
}

/* After '(' with an identifier next: a cast such as "( gfp_t)" or "(unsigned long)". */
static bool expr_is_cast(const struct expr *x)
{
	const char *q = x->p;

	while (q < x->e && is_space(*q))
		q++;
	return q < x->e && is_ident(*q) && !is_digit(*q);
}

static int expr_unary(struct expr *x, uint64_t *out)
{
	int err;

	if (++x->depth > EXPR_DEPTH_MAX)
		return expr_fail(x, "expression nested too deeply");
	expr_ws(x);
	if (x->p >= x->e) {
		err = expr_fail(x, "unexpected end of expression");
	} else if (*x->p == '~' || *x->p == '-' || *x->p == '!') {
		char op = *x->p++;

		err = expr_unary(x, out);
		if (!err)
			*out = op == '~' ? ~*out : op == '-' ? (uint64_t)0 - *out : !*out;
	} else if (*x->p == '(') {
		x->p++;
		if (expr_is_cast(x)) {
			/* type names and '*', then ')' and the operand; the cast itself is a no-op
			 * in 64-bit unsigned arithmetic for the values the table holds */
			while (x->p < x->e && (is_ident(*x->p) || is_space(*x->p) || *x->p == '*'))
				x->p++;
			if (x->p >= x->e || *x->p != ')')
				return expr_fail(x, "bad cast");
			x->p++;
			err = expr_unary(x, out);
		} else {
			err = expr_or(x, out);
			expr_ws(x);
			if (!err && (x->p >= x->e || *x->p++ != ')'))
				err = expr_fail(x, "missing ')'");
		}
	} else if (is_digit(*x->p)) {
		err = expr_number(x, out);
	} else {
		err = expr_fail(x, "unexpected character in expression");
	}
	x->depth--;
	return err;
}

/* Binary operators by C precedence, loosest first; level 5 is the unary operand. */
static int expr_binary(struct expr *x, int level, uint64_t *out)
{
	static const char *const ops[5][3] = {
		{ "|" }, { "^" }, { "&" }, { "<<", ">>" }, { "+", "-", "*" },
	};
	uint64_t lhs, rhs;
	int err;

	if (level == 5)
		return expr_unary(x, out);
	err = expr_binary(x, level + 1, &lhs);
	while (!err) {
		const char *op = NULL;

		expr_ws(x);
		for (int i = 0; i < 3 && ops[level][i]; i++)
			if (has_prefix(x->p, x->e, ops[level][i]))
				op = ops[level][i];
		if (!op)
			break;
		/* "||" and "&&" are not bitwise: refuse rather than misread them */
		if ((op[0] == '|' || op[0] == '&') && !op[1] && x->e - x->p > 1 &&
		    x->p[1] == op[0]) {
			err = expr_fail(x, "logical operator in expression");
			break;
		}
		x->p += strlen(op);
		err = expr_binary(x, level + 1, &rhs);
		if (err)
			break;
		switch (op[0]) {
		case '|':
			lhs |= rhs;
			break;
		case '^':
			lhs ^= rhs;
			break;
		case '&':
			lhs &= rhs;
			break;
		case '+':
			lhs += rhs;
			break;
		case '-':
			lhs -= rhs;
			break;
		case '*':
			lhs *= rhs;
			break;
		case '<':
		case '>':
			if (rhs >= 64)
				return expr_fail(x, "shift out of range");
			lhs = op[0] == '<' ? lhs << rhs : lhs >> rhs;
			break;
		}
	}
	*out = lhs;
	return err;
}

static int expr_or(struct expr *x, uint64_t *out)
{
	return expr_binary(x, 0, out);
}

static void gfp_table_free(struct gfp_table *t)
{
	if (!t)
		return;
	strmap_clear(&t->cache);
	free(t->v);
	free(t);
}

#define GFP_PRINT_FLAGS "__print_flags(REC->gfp_flags,"

/*
 * Parses the entries "{(unsigned long)(expr), "NAME"}, ..." of the gfp_flags
 * __print_flags() in a format file, up to the closing ')' or the "{ 0, NULL }"
 * sentinel. *out is NULL if the text has no such table. 0 or -EBADMSG (why in *why)
 * or -ENOMEM.
 */
static int gfp_table_parse(const char *text, size_t len, struct gfp_table **out,
			   const char **why)
{
	const char *e = text + len, *p;
	struct gfp_table *t;
	size_t n = strlen(GFP_PRINT_FLAGS);
	struct expr x = { 0 };
	int err = -EBADMSG;

	*out = NULL;
	*why = NULL;
	p = text;
	while (p < e && !has_prefix(p, e, GFP_PRINT_FLAGS)) {
		p = memchr(p + 1, '_', (size_t)(e - p - 1));
		if (!p)
			return 0;
	}
	if (p >= e)
		return 0;
	t = calloc(1, sizeof(*t));
	if (!t || !(t->v = calloc(GFP_TABLE_MAX, sizeof(*t->v)))) {
		free(t);
		return -ENOMEM;
	}
	/* skip the delimiter argument: "|", */
	p = skip_space(p + n, e);
	if (p >= e || *p != '"' || !(p = memchr(p + 1, '"', (size_t)(e - p - 1)))) {
		*why = "no delimiter string";
		goto out;
	}
	p = skip_space(p + 1, e);
	if (p >= e || *p++ != ',') {
		*why = "no ',' after the delimiter";
		goto out;
	}
	for (;;) {
		struct gfp_flag *f;
		const char *q;
		uint64_t v;

		x.p = p;
		x.e = e;
		expr_ws(&x);
		if (x.p < x.e && *x.p == ')')
			break;
		if (x.p >= x.e || *x.p++ != '{') {
			*why = "expected '{'";
			goto out;
		}
		if (expr_or(&x, &v)) {
			*why = x.err;
			goto out;
		}
		expr_ws(&x);
		if (x.p >= x.e || *x.p++ != ',') {
			*why = "expected ',' after a flag value";
			goto out;
		}
		expr_ws(&x);
		if (x.p >= x.e || *x.p != '"')
			break;	/* the { 0, NULL } sentinel */
		q = memchr(x.p + 1, '"', (size_t)(x.e - x.p - 1));
		if (!q || q - (x.p + 1) == 0 || q - (x.p + 1) >= GFP_NAME_MAX) {
			*why = "bad flag name";
			goto out;
		}
		if (t->nr == GFP_TABLE_MAX) {
			*why = "too many flag names";
			goto out;
		}
		f = &t->v[t->nr++];
		f->len = (size_t)(q - (x.p + 1));
		memcpy(f->name, x.p + 1, f->len);
		f->mask = v;
		x.p = q + 1;
		expr_ws(&x);
		if (x.p >= x.e || *x.p++ != '}') {
			*why = "expected '}'";
			goto out;
		}
		expr_ws(&x);
		if (x.p < x.e && *x.p == ',')
			x.p++;
		p = x.p;
	}
	if (!t->nr) {
		*why = "empty flag table";
		goto out;
	}
	*out = t;
	t = NULL;
	err = 0;
out:
	gfp_table_free(t);
	return err;
}

/* ---- events and their fields ---- */

enum fkind {
	FK_U32,
	FK_S32,
	FK_U64,
	FK_PFN,
	FK_PAGE,	/* parsed for failure detection only */
	FK_PTR,
	FK_GFP,
	FK_CALL_SITE,
	FK_CACHE,
	FK_ACCOUNTED,
};

#define F_REQ 1

struct fdesc {
	const char *key;
	uint8_t kind;
	uint8_t flags;
	uint16_t off;	/* in struct mm_event */
};

#define FD(k, kind, flags, member) { k, kind, flags, offsetof(struct mm_event, member) }
#define FD_NONE(k, kind) { k, kind, 0, 0 }

/* Fields by event, from the TP_printk of include/trace/events/kmem.h (6.1, 6.12, 6.18). */
static const struct fdesc f_page_alloc[] = {
	FD_NONE("page", FK_PAGE),
	FD("pfn", FK_PFN, F_REQ, page_alloc.pfn),
	FD("order", FK_U32, F_REQ, page_alloc.order),
	FD("migratetype", FK_S32, F_REQ, page_alloc.migratetype),
	FD("gfp_flags", FK_GFP, F_REQ, page_alloc.gfp),
	{ 0 },
};

static const struct fdesc f_page_free[] = {
	FD_NONE("page", FK_PAGE),
	FD("pfn", FK_PFN, F_REQ, page_free.pfn),
	FD("order", FK_U32, F_REQ, page_free.order),
	{ 0 },
};

/* prints a constant "order=0": there is no order field */
static const struct fdesc f_page_free_batched[] = {
	FD_NONE("page", FK_PAGE),
	FD("pfn", FK_PFN, F_REQ, page_free_batched.pfn),
	{ 0 },
};

static const struct fdesc f_zone_locked[] = {
	FD_NONE("page", FK_PAGE),
	FD("pfn", FK_PFN, F_REQ, zone_locked.pfn),
	FD("order", FK_U32, F_REQ, zone_locked.order),
	FD("migratetype", FK_S32, F_REQ, zone_locked.migratetype),
	FD("percpu_refill", FK_S32, F_REQ, zone_locked.percpu_refill),
	{ 0 },
};

static const struct fdesc f_pcpu_drain[] = {
	FD_NONE("page", FK_PAGE),
	FD("pfn", FK_PFN, F_REQ, pcpu_drain.pfn),
	FD("order", FK_U32, F_REQ, pcpu_drain.order),
	FD("migratetype", FK_S32, F_REQ, pcpu_drain.migratetype),
	{ 0 },
};

/* pageblock_order and fragmenting are derived in the print fmt and not stored (and
 * libtraceevent misprints fragmenting) */
static const struct fdesc f_extfrag[] = {
	FD_NONE("page", FK_PAGE),
	FD("pfn", FK_PFN, F_REQ, extfrag.pfn),
	FD("alloc_order", FK_S32, F_REQ, extfrag.alloc_order),
	FD("fallback_order", FK_S32, F_REQ, extfrag.fallback_order),
	FD("alloc_migratetype", FK_S32, F_REQ, extfrag.alloc_migratetype),
	FD("fallback_migratetype", FK_S32, F_REQ, extfrag.fallback_migratetype),
	FD("change_ownership", FK_S32, F_REQ, extfrag.change_ownership),
	{ 0 },
};

/* kmalloc's "accounted" is derived from gfp_flags in the print fmt: not a field. node
 * is optional: kernels before 6.0 had a separate kmalloc_node event. */
static const struct fdesc f_kmalloc[] = {
	FD("call_site", FK_CALL_SITE, F_REQ, alloc.call_site),
	FD("ptr", FK_PTR, F_REQ, alloc.ptr),
	FD("bytes_req", FK_U64, F_REQ, alloc.bytes_req),
	FD("bytes_alloc", FK_U64, F_REQ, alloc.bytes_alloc),
	FD("gfp_flags", FK_GFP, F_REQ, alloc.gfp),
	FD("node", FK_S32, 0, alloc.node),
	{ 0 },
};

/* name= appeared in 6.18's print fmt */
static const struct fdesc f_kmem_cache_alloc[] = {
	FD("call_site", FK_CALL_SITE, F_REQ, alloc.call_site),
	FD("ptr", FK_PTR, F_REQ, alloc.ptr),
	FD("name", FK_CACHE, 0, alloc.cache),
	FD("bytes_req", FK_U64, F_REQ, alloc.bytes_req),
	FD("bytes_alloc", FK_U64, F_REQ, alloc.bytes_alloc),
	FD("gfp_flags", FK_GFP, F_REQ, alloc.gfp),
	FD("node", FK_S32, 0, alloc.node),
	FD_NONE("accounted", FK_ACCOUNTED),
	{ 0 },
};

static const struct fdesc f_kfree[] = {
	FD("call_site", FK_CALL_SITE, F_REQ, free.call_site),
	FD("ptr", FK_PTR, F_REQ, free.ptr),
	{ 0 },
};

static const struct fdesc f_kmem_cache_free[] = {
	FD("call_site", FK_CALL_SITE, F_REQ, free.call_site),
	FD("ptr", FK_PTR, F_REQ, free.ptr),
	FD("name", FK_CACHE, 0, free.cache),
	{ 0 },
};

#define FIELDS_MAX 8

struct edesc {
	const char *name;
	uint16_t type;
	const struct fdesc *fields;
};

/* Imported events; the *_node variants are the kernels before 6.0 (commit 11e9734bcb6a
 * "mm/slab_common: unify NUMA and UMA version of tracepoints"). */
static const struct edesc events[] = {
	{ "mm_page_alloc", MM_EV_PAGE_ALLOC, f_page_alloc },
	{ "mm_page_free", MM_EV_PAGE_FREE, f_page_free },
	{ "mm_page_free_batched", MM_EV_PAGE_FREE_BATCHED, f_page_free_batched },
	{ "mm_page_alloc_zone_locked", MM_EV_PAGE_ALLOC_ZONE_LOCKED, f_zone_locked },
	{ "mm_page_pcpu_drain", MM_EV_PAGE_PCPU_DRAIN, f_pcpu_drain },
	{ "mm_page_alloc_extfrag", MM_EV_PAGE_ALLOC_EXTFRAG, f_extfrag },
	{ "kmalloc", MM_EV_KMALLOC, f_kmalloc },
	{ "kmalloc_node", MM_EV_KMALLOC, f_kmalloc },
	{ "kfree", MM_EV_KFREE, f_kfree },
	{ "kmem_cache_alloc", MM_EV_KMEM_CACHE_ALLOC, f_kmem_cache_alloc },
	{ "kmem_cache_alloc_node", MM_EV_KMEM_CACHE_ALLOC, f_kmem_cache_alloc },
	{ "kmem_cache_free", MM_EV_KMEM_CACHE_FREE, f_kmem_cache_free },
};

#define NR_EVENTS (sizeof(events) / sizeof(events[0]))

static bool event_has_gfp(const struct edesc *d)
{
	for (const struct fdesc *f = d->fields; f->key; f++)
		if (f->kind == FK_GFP)
			return true;
	return false;
}

/* NUMA_NO_NODE, include/linux/numa.h */
#define NUMA_NO_NODE (-1)

/* ---- the importer ---- */

#define OTHER_NAMES_MAX 1024
#define ERR_MAX 256

struct ftrace_importer {
	uint32_t (*intern)(void *ctx, const char *name);
	void *intern_ctx;
	struct gfp_table *gfp[NR_EVENTS];	/* borrowed from gfp_own, or NULL */
	struct gfp_table *gfp_own[NR_EVENTS];
	struct strmap caches;	/* cache name → string id */
	struct strmap syms;	/* call-site symbol → interned (val unused) */
	struct strmap others;	/* skipped event name → count */
	uint64_t line_no;
	uint64_t last_ts_ns;
	struct ftrace_import_stats stats;
	char err[ERR_MAX];
};

const char *ftrace_skip_name(unsigned int reason)
{
	static const char *const names[FTRACE_SKIP__NR] = {
		[FTRACE_SKIP_BLANK] = "blank",
		[FTRACE_SKIP_COMMENT] = "comment",
		[FTRACE_SKIP_HEADER] = "header",
		[FTRACE_SKIP_OTHER_EVENT] = "other-event",
		[FTRACE_SKIP_UNRECOGNIZED] = "unrecognized",
	};

	return reason < FTRACE_SKIP__NR ? names[reason] : NULL;
}

static void set_errbuf(const struct ftrace_import_opts *opts, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_errbuf(const struct ftrace_import_opts *opts, const char *fmt, ...)
{
	va_list ap;

	if (!opts->errbuf || !opts->errbuf_len)
		return;
	va_start(ap, fmt);
	vsnprintf(opts->errbuf, opts->errbuf_len, fmt, ap);
	va_end(ap);
}

struct ftrace_importer *ftrace_importer__new(const struct ftrace_import_opts *opts)
{
	static const struct ftrace_import_opts none = { 0 };
	struct ftrace_importer *im;
	struct gfp_table *first = NULL;
	char path[128];
	int err = 0;

	if (!opts)
		opts = &none;
	im = calloc(1, sizeof(*im));
	if (!im) {
		errno = ENOMEM;
		return NULL;
	}
	im->intern = opts->intern;
	im->intern_ctx = opts->intern_ctx;
	for (size_t i = 0; opts->formats && i < NR_EVENTS; i++) {
		const struct snap_file *f;
		const char *why;

		if (!event_has_gfp(&events[i]))
			continue;
		snprintf(path, sizeof(path), FTRACE_FORMAT_PATH, events[i].name);
		f = snap_files__find(opts->formats, path);
		if (!f) {
			snprintf(path, sizeof(path), FTRACE_FORMAT_PATH_DEBUGFS, events[i].name);
			f = snap_files__find(opts->formats, path);
		}
		if (!f)
			continue;
		err = gfp_table_parse((const char *)f->data, f->len, &im->gfp_own[i], &why);
		if (err == -EBADMSG)
			set_errbuf(opts, "%s: gfp_flags table in print fmt: %s", path,
				   why ? why : "malformed");
		if (err)
			goto out;
		if (im->gfp_own[i] && !first)
			first = im->gfp_own[i];
	}
	/* An event without its own format file uses another's table: mmflags.h's
	 * show_gfp_flags() is shared by all of them. */
	for (size_t i = 0; i < NR_EVENTS; i++)
		im->gfp[i] = im->gfp_own[i] ? im->gfp_own[i] : first;
out:
	if (err) {
		ftrace_importer__free(im);
		errno = -err;
		return NULL;
	}
	return im;
}

void ftrace_importer__free(struct ftrace_importer *im)
{
	if (!im)
		return;
	for (size_t i = 0; i < NR_EVENTS; i++)
		gfp_table_free(im->gfp_own[i]);
	strmap_clear(&im->caches);
	strmap_clear(&im->syms);
	strmap_clear(&im->others);
	free(im);
}

const char *ftrace_importer__strerror(const struct ftrace_importer *im)
{
	return im->err[0] ? im->err : "no error";
}

/* Sets the error message "line N: <event>: <what> '<value>'" and returns err. */
static int import_err(struct ftrace_importer *im, int err, const char *event, const char *what,
		      const char *v, const char *ve)
{
	char val[48];
	size_t n = 0;
	int len;

	if (v) {
		for (; v < ve && n < sizeof(val) - 4; v++)
			val[n++] = (*v >= 0x20 && *v < 0x7f) ? *v : '?';
		if (v < ve) {
			memcpy(val + n, "...", 3);
			n += 3;
		}
	}
	val[n] = '\0';
	len = snprintf(im->err, sizeof(im->err), "line %llu: ", (unsigned long long)im->line_no);
	if (len < 0 || (size_t)len >= sizeof(im->err))
		return err;
	snprintf(im->err + len, sizeof(im->err) - (size_t)len, "%s%s%s%s%s%s", event ? event : "",
		 event ? ": " : "", what, v ? " '" : "", val, v ? "'" : "");
	return err;
}

/* The writer's intern takes a C string. */
static int intern_str(struct ftrace_importer *im, const char *s, uint32_t *id)
{
	uint32_t r;

	errno = 0;
	r = im->intern(im->intern_ctx, s);
	if (!r)
		return errno ? -errno : -ENOMEM;
	*id = r;
	return 0;
}

/* The string id of cache name [p, e), interning it on first sight. */
static int cache_id(struct ftrace_importer *im, const char *p, const char *e, uint32_t *id)
{
	size_t len = (size_t)(e - p);
	uint64_t h = fnv1a(p, len);
	struct strmap_ent *x;
	char buf[256];
	int err;

	if (!im->intern) {
		*id = MM_STR_NONE;
		return 0;
	}
	x = strmap_find(&im->caches, p, len, h);
	if (x) {
		*id = (uint32_t)x->val;
		return 0;
	}
	if (len >= sizeof(buf))
		return -EBADMSG;
	memcpy(buf, p, len);
	buf[len] = '\0';
	/* intern first: a failed intern leaves nothing cached */
	err = intern_str(im, buf, id);
	if (err)
		return err;
	return strmap_add(&im->caches, p, len, h, *id) ? 0 : -ENOMEM;
}

/*
 * call_site [p, e) plus an optional " [module]" [mp, me): a hex address, or a symbol
 * whose "/size" suffix is dropped so that tracefs ("f+0x1a/0x30") and trace-cmd ("f+0x1a")
 * give the same id.
 */
static int call_site_id(struct ftrace_importer *im, const char *p, const char *e,
			const char *mp, const char *me, uint64_t *out)
{
	char buf[256];
	const char *slash;
	size_t len;
	uint64_t h;
	uint32_t id;
	int err;

	if (!mp && e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    parse_hex_digits(p + 2, e, out))
		return 0;
	slash = memchr(p, '/', (size_t)(e - p));
	if (slash)
		e = slash;
	len = (size_t)(e - p);
	if (!len || len + 1 + (mp ? (size_t)(me - mp) : 0) >= sizeof(buf))
		return -EBADMSG;
	memcpy(buf, p, len);
	if (mp) {
		buf[len++] = ' ';
		memcpy(buf + len, mp, (size_t)(me - mp));
		len += (size_t)(me - mp);
	}
	buf[len] = '\0';
	h = fnv1a(buf, len);
	*out = h & FTRACE_CALL_SITE_SYM_MASK;
	if (!im->intern || strmap_find(&im->syms, buf, len, h))
		return 0;
	err = intern_str(im, buf, &id);
	if (err)
		return err;
	return strmap_add(&im->syms, buf, len, h, id) ? 0 : -ENOMEM;
}

/* gfp_flags text → bits, through the event's table (and a cache of whole strings). */
static int gfp_decode(struct ftrace_importer *im, size_t ei, const char *p, const char *e,
		      uint64_t *out)
{
	struct gfp_table *t = im->gfp[ei];
	const char *name = events[ei].name;
	struct strmap_ent *x;
	uint64_t v = 0, h;

	if (eq_str(p, (size_t)(e - p), "none")) {
		*out = 0;
		return 0;
	}
	if (parse_u64(p, e, out))
		return 0;
	if (!t)
		return import_err(im, -ENOENT, name,
				  "gfp flag names need the kmem format files "
				  "(from a snapshot or tracefs):", p, e);
	h = fnv1a(p, (size_t)(e - p));
	x = strmap_find(&t->cache, p, (size_t)(e - p), h);
	if (x) {
		*out = x->val;
		return 0;
	}
	for (const char *s = p; s <= e;) {
		const char *bar = memchr(s, '|', (size_t)(e - s));
		const char *te = bar ? bar : e;
		uint64_t bits;
		size_t i;

		if (te == s)
			return import_err(im, -EBADMSG, name, "empty gfp flag in", p, e);
		if (te - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			/* the remainder __print_flags() prints after the names */
			if (!parse_hex_digits(s + 2, te, &bits))
				return import_err(im, -EBADMSG, name, "bad gfp flag remainder", s,
						  te);
		} else {
			for (i = 0; i < t->nr; i++)
				if (t->v[i].len == (size_t)(te - s) &&
				    !memcmp(t->v[i].name, s, t->v[i].len))
					break;
			if (i == t->nr)
				return import_err(im, -EBADMSG, name, "unknown gfp flag name", s,
						  te);
			bits = t->v[i].mask;
		}
		v |= bits;
		if (!bar)
			break;
		s = bar + 1;
	}
	if (!strmap_add(&t->cache, p, (size_t)(e - p), h, v))
		return -ENOMEM;
	*out = v;
	return 0;
}

static void put_u32(struct mm_event *ev, uint16_t off, uint32_t v)
{
	memcpy((char *)ev + off, &v, sizeof(v));
}

static void put_s32(struct mm_event *ev, uint16_t off, int32_t v)
{
	memcpy((char *)ev + off, &v, sizeof(v));
}

static void put_u64(struct mm_event *ev, uint16_t off, uint64_t v)
{
	memcpy((char *)ev + off, &v, sizeof(v));
}

/* The fields after "event:" in [p, e). */
static int parse_fields(struct ftrace_importer *im, size_t ei, const char *p, const char *e,
			struct mm_event *ev)
{
	const struct edesc *d = &events[ei];
	unsigned int seen = 0, nf = 0;
	uint64_t page = 0, pfn = 0;
	bool have_page = false;
	int err;

	while (d->fields[nf].key)
		nf++;
	for (;;) {
		const char *k, *ke, *v, *ve, *mp = NULL, *me = NULL;
		const struct fdesc *f = NULL;
		unsigned int i;
		uint64_t u;
		int64_t s;

		p = skip_space(p, e);
		if (p >= e)
			break;
		k = p;
		while (p < e && !is_space(*p))
			p++;
		ke = memchr(k, '=', (size_t)(p - k));
		if (!ke)
			continue;	/* trace-cmd's "(sym+0x10)", or words we do not know */
		v = ke + 1;
		ve = p;
		for (i = 0; i < nf; i++)
			if (eq_str(k, (size_t)(ke - k), d->fields[i].key))
				break;
		if (i == nf)
			continue;	/* a field a newer kernel added */
		f = &d->fields[i];
		if (seen & (1u << i))
			return import_err(im, -EBADMSG, d->name, "duplicate field", k, ke);
		seen |= 1u << i;
		switch (f->kind) {
		case FK_U32:
			if (!parse_u64(v, ve, &u) || u > UINT32_MAX)
				goto bad;
			put_u32(ev, f->off, (uint32_t)u);
			break;
		case FK_S32:
			if (!parse_s64(v, ve, &s) || s < INT32_MIN || s > INT32_MAX)
				goto bad;
			put_s32(ev, f->off, (int32_t)s);
			break;
		case FK_U64:
			if (!parse_u64(v, ve, &u))
				goto bad;
			put_u64(ev, f->off, u);
			break;
		case FK_PFN:
			if (!parse_u64(v, ve, &pfn))
				goto bad;
			put_u64(ev, f->off, pfn);
			break;
		case FK_PAGE:
			if (!parse_ptr(v, ve, &page))
				goto bad;
			have_page = true;
			break;
		case FK_PTR:
			if (!parse_ptr(v, ve, &u))
				goto bad;
			put_u64(ev, f->off, u);
			break;
		case FK_GFP:
			err = gfp_decode(im, ei, v, ve, &u);
			if (err)
				return err;
			put_u64(ev, f->off, u);
			break;
		case FK_CALL_SITE: {
			/* %pS appends " [module]" for module text */
			const char *q = skip_space(p, e), *qe = q;

			while (qe < e && !is_space(*qe))
				qe++;
			if (qe - q > 2 && *q == '[' && qe[-1] == ']') {
				mp = q;
				me = qe;
				p = qe;
			}
			err = call_site_id(im, v, ve, mp, me, &u);
			if (err == -EBADMSG)
				goto bad;
			if (err)
				return import_err(im, err, d->name, "cannot intern call site", v,
						  ve);
			put_u64(ev, f->off, u);
			break;
		}
		case FK_CACHE: {
			uint32_t id;

			if (v == ve)
				goto bad;
			err = cache_id(im, v, ve, &id);
			if (err == -EBADMSG)
				goto bad;
			if (err)
				return import_err(im, err, d->name, "cannot intern cache name", v,
						  ve);
			put_u32(ev, f->off, id);
			break;
		}
		case FK_ACCOUNTED:
			if (eq_str(v, (size_t)(ve - v), "true") || eq_str(v, (size_t)(ve - v), "1"))
				ev->flags |= MM_EVF_ACCOUNTED;
			else if (!eq_str(v, (size_t)(ve - v), "false") &&
				 !eq_str(v, (size_t)(ve - v), "0"))
				goto bad;
			break;
		}
		continue;
bad:
		return import_err(im, -EBADMSG, d->name, "bad value", k, ve);
	}
	for (unsigned int i = 0; i < nf; i++) {
		const struct fdesc *f = &d->fields[i];

		if (seen & (1u << i))
			continue;
		if (f->flags & F_REQ) {
			char what[64];

			snprintf(what, sizeof(what), "missing field %s=", f->key);
			return import_err(im, -EBADMSG, d->name, what, NULL, NULL);
		}
		if (f->kind == FK_S32 && !strcmp(f->key, "node"))
			put_s32(ev, f->off, NUMA_NO_NODE);
	}
	/* a failed allocation prints pfn 0 and a NULL page (the record holds pfn -1) */
	if ((have_page && !page && !pfn) || pfn == MM_PFN_NONE) {
		if (d->type == MM_EV_PAGE_ALLOC)
			ev->page_alloc.pfn = MM_PFN_NONE;
		else if (d->type == MM_EV_PAGE_ALLOC_ZONE_LOCKED)
			ev->zone_locked.pfn = MM_PFN_NONE;
	}
	return 0;
}

static size_t event_lookup(const char *p, size_t len)
{
	for (size_t i = 0; i < NR_EVENTS; i++)
		if (eq_str(p, len, events[i].name))
			return i;
	return NR_EVENTS;
}

/* Does [p, e) mention "<kmem event>:"? Decides between "malformed" and "not ours". */
static const char *mentions_kmem_event(const char *p, const char *e)
{
	for (const char *q = p; q < e; q++) {
		const char *s;

		if (*q != ':' || q == p)
			continue;
		s = q;
		while (s > p && is_ident(s[-1]))
			s--;
		if (s < q && event_lookup(s, (size_t)(q - s)) < NR_EVENTS)
			return events[event_lookup(s, (size_t)(q - s))].name;
	}
	return NULL;
}

static void count_other(struct ftrace_importer *im, const char *p, size_t len)
{
	uint64_t h = fnv1a(p, len);
	struct strmap_ent *x = strmap_find(&im->others, p, len, h);

	if (!x && im->others.nr < OTHER_NAMES_MAX && len < sizeof(im->stats.other[0].name))
		x = strmap_add(&im->others, p, len, h, 0);
	if (x)
		x->val++;
}

/* "CPU:1 [LOST 12 EVENTS]" (tracefs trace_pipe) or "CPU:1 [12 EVENTS DROPPED]" (trace-cmd) */
static int parse_lost(struct ftrace_importer *im, const char *p, const char *e,
		      struct mm_event *ev)
{
	const char *q = p + 4, *n;
	uint64_t cpu, nr;

	n = q;
	while (q < e && is_digit(*q))
		q++;
	if (!parse_dec(n, q, &cpu) || cpu > UINT32_MAX || !has_prefix(q, e, " ["))
		return 0;
	q += 2;
	if (has_prefix(q, e, "LOST "))
		q += 5;
	n = q;
	while (q < e && is_digit(*q))
		q++;
	if (!parse_dec(n, q, &nr))
		return 0;
	if (!has_prefix(q, e, " EVENTS]") && !has_prefix(q, e, " EVENTS DROPPED]"))
		return 0;
	memset(ev, 0, sizeof(*ev));
	ev->type = MM_EV_LOST;
	ev->cpu = (uint32_t)cpu;
	ev->ts_ns = im->last_ts_ns;
	ev->lost.nr_lost = nr;
	im->stats.nr_lost += nr;
	return 1;
}

/* "# entries-in-buffer/entries-written: 393066/421235   #P:2" */
static void parse_entries_header(struct ftrace_importer *im, const char *p, const char *e)
{
	static const char key[] = "entries-in-buffer/entries-written:";
	const char *k = p, *a, *b;
	uint64_t in, written;

	for (; k < e && !has_prefix(k, e, key); k++)
		;
	if (k >= e)
		return;
	a = skip_space(k + sizeof(key) - 1, e);
	for (b = a; b < e && is_digit(*b); b++)
		;
	if (!parse_dec(a, b, &in) || b >= e || *b != '/')
		return;
	a = ++b;
	for (; b < e && is_digit(*b); b++)
		;
	if (parse_dec(a, b, &written) && written > in)
		im->stats.nr_overwritten += written - in;
}

/*
 * Finds the "[cpu]" column: the first "[digits]" preceded by whitespace and a
 * "comm-pid" (optionally followed by a "( tgid)" column). A comm that itself holds
 * "-1 [0]" would be misread; comm is at most 15 characters (TASK_COMM_LEN).
 */
static bool find_prefix(const char *p, const char *e, const char **cpu_b, const char **cpu_e,
			const char **pid_b, const char **pid_e)
{
	for (const char *q = p; q < e; q++) {
		const char *b, *r, *t;

		q = memchr(q, '[', (size_t)(e - q));
		if (!q)
			return false;
		if (q == p || !is_space(q[-1]))
			continue;
		for (b = q + 1; b < e && is_digit(*b); b++)
			;
		if (b == q + 1 || b >= e || *b != ']' || (b + 1 < e && !is_space(b[1])))
			continue;
		/* back over spaces and an optional "(  1234)" / "(-------)" tgid */
		r = q;
		while (r > p && is_space(r[-1]))
			r--;
		if (r > p && r[-1] == ')') {
			t = r - 1;
			while (t > p && t[-1] != '(')
				t--;
			if (t == p)
				continue;
			r = t - 1;
			while (r > p && is_space(r[-1]))
				r--;
		}
		t = r;
		while (t > p && is_digit(t[-1]))
			t--;
		if (t == r || t == p || t[-1] != '-')
			continue;
		*cpu_b = q + 1;
		*cpu_e = b;
		*pid_b = t;
		*pid_e = r;
		return true;
	}
	return false;
}

/* "1234.567890:" → ns; 1 to 9 fraction digits; no fraction = unscaled counter clock */
static bool parse_ts(const char *p, const char *e, uint64_t *ts_ns)
{
	const char *dot = memchr(p, '.', (size_t)(e - p));
	uint64_t sec, frac = 0;
	size_t nd;

	if (!dot)
		return parse_dec(p, e, ts_ns);
	nd = (size_t)(e - dot - 1);
	if (!parse_dec(p, dot, &sec) || nd < 1 || nd > 9 || !parse_dec(dot + 1, e, &frac))
		return false;
	for (size_t i = nd; i < 9; i++)
		frac *= 10;
	if (sec > (UINT64_MAX - frac) / 1000000000u)
		return false;
	*ts_ns = sec * 1000000000u + frac;
	return true;
}

static int skip(struct ftrace_importer *im, enum ftrace_skip why)
{
	im->stats.nr_skipped[why]++;
	return 0;
}

static bool is_header_line(const char *p, const char *e)
{
	/* trace-cmd report: "cpus=2", "version = 6", "CPU 0 is empty",
	 * "CPU 1 buffer started"/"CPU0 data recorded at offset=..." */
	return has_prefix(p, e, "cpus=") || has_prefix(p, e, "version") ||
	       has_prefix(p, e, "CPU");
}

static int line_parse(struct ftrace_importer *im, const char *p, const char *e,
		      struct mm_event *ev)
{
	const char *cb, *ce, *pb, *pe, *q, *t, *name, *k;
	uint64_t cpu, pid, ts;
	size_t ei;
	int nr_cols = 0, err;

	p = skip_space(p, e);
	if (p >= e)
		return skip(im, FTRACE_SKIP_BLANK);
	if (*p == '#') {
		parse_entries_header(im, p, e);
		return skip(im, FTRACE_SKIP_COMMENT);
	}
	if (has_prefix(p, e, "CPU:") && parse_lost(im, p, e, ev))
		return 1;
	if (!find_prefix(p, e, &cb, &ce, &pb, &pe)) {
		k = mentions_kmem_event(p, e);
		if (k)
			return import_err(im, -EBADMSG, k, "no TASK-PID [CPU] columns", NULL, NULL);
		return skip(im, is_header_line(p, e) ? FTRACE_SKIP_HEADER
						     : FTRACE_SKIP_UNRECOGNIZED);
	}
	/* after "[cpu]": irq-info or latency columns (at most two), then "ts:" */
	q = ce + 1;
	for (;;) {
		q = skip_space(q, e);
		for (t = q; t < e && !is_space(*t); t++)
			;
		if (t > q && t[-1] == ':' && is_digit(*q))
			break;
		if (t == q || nr_cols++ == 2 || memchr(q, ':', (size_t)(t - q)))
			goto malformed;
		q = t;
	}
	if (!parse_ts(q, t - 1, &ts))
		goto malformed;
	/* "event:" */
	name = skip_space(t, e);
	for (q = name; q < e && is_ident(*q); q++)
		;
	if (q == name || q >= e || *q != ':' || (q + 1 < e && !is_space(q[1])))
		goto malformed;
	ei = event_lookup(name, (size_t)(q - name));
	if (ei == NR_EVENTS) {
		count_other(im, name, (size_t)(q - name));
		return skip(im, FTRACE_SKIP_OTHER_EVENT);
	}
	if (!parse_dec(cb, ce, &cpu) || cpu > UINT32_MAX)
		return import_err(im, -EBADMSG, events[ei].name, "bad CPU", cb, ce);
	if (!parse_dec(pb, pe, &pid) || pid > INT32_MAX)
		return import_err(im, -EBADMSG, events[ei].name, "bad pid", pb, pe);
	memset(ev, 0, sizeof(*ev));
	ev->ts_ns = ts;
	ev->cpu = (uint32_t)cpu;
	ev->pid = (int32_t)pid;
	ev->type = events[ei].type;
	err = parse_fields(im, ei, q + 1, e, ev);
	if (err)
		return err;
	im->last_ts_ns = ts;
	return 1;

malformed:
	k = mentions_kmem_event(p, e);
	if (k)
		return import_err(im, -EBADMSG, k, "bad timestamp or event column", NULL, NULL);
	return skip(im, FTRACE_SKIP_UNRECOGNIZED);
}

int ftrace_importer__line(struct ftrace_importer *im, const char *line, size_t len,
			  struct mm_event *ev)
{
	const char *e = line + len;
	int ret;

	im->line_no++;
	im->stats.nr_lines++;
	while (e > line && (e[-1] == '\n' || e[-1] == '\r'))
		e--;
	ret = line_parse(im, line, e, ev);
	if (ret == 1)
		im->stats.nr_events[ev->type]++;
	return ret;
}

const struct ftrace_import_stats *ftrace_importer__stats(struct ftrace_importer *im)
{
	struct ftrace_import_stats *st = &im->stats;
	uint32_t n = 0;

	/* top N by count, then name: insertion into a sorted array of N */
	memset(st->other, 0, sizeof(st->other));
	for (size_t i = 0; i < im->others.cap; i++) {
		const struct strmap_ent *x = &im->others.v[i];
		uint32_t j;

		if (!x->str)
			continue;
		for (j = 0; j < n; j++)
			if (x->val > st->other[j].nr ||
			    (x->val == st->other[j].nr && strcmp(x->str, st->other[j].name) < 0))
				break;
		if (j == FTRACE_IMPORT_TOP_N)
			continue;
		if (n < FTRACE_IMPORT_TOP_N)
			n++;
		memmove(&st->other[j + 1], &st->other[j], (n - 1 - j) * sizeof(st->other[0]));
		snprintf(st->other[j].name, sizeof(st->other[j].name), "%s", x->str);
		st->other[j].nr = x->val;
	}
	st->nr_other = n;
	st->nr_other_names = (uint32_t)im->others.nr;
	return st;
}

/* ---- File I/O (CLI helper; the parser above never reads files) ---- */

static int read_whole(const char *path, char **buf, size_t *len)
{
	size_t cap = 16384, n = 0;
	char *b = malloc(cap);
	int fd, err = 0;

	if (!b)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	/* tracefs reports size 0: read until EOF */
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb = realloc(b, cap * 2);

			if (!nb) {
				err = -ENOMEM;
				goto out;
			}
			b = nb;
			cap *= 2;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			goto out;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
out:
	if (fd >= 0)
		close(fd);
	if (err) {
		free(b);
		return err;
	}
	*buf = b;
	*len = n;
	return 0;
}

int ftrace_formats_read_tracefs(struct snap_files *out, const char *root)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[512], key[128];
	int nr = 0, err = 0;

	for (size_t r = 0; r < 2 && !nr; r++) {
		const char *base = root ? root : roots[r];

		for (size_t i = 0; i < NR_EVENTS; i++) {
			char *buf;
			size_t len;

			snprintf(path, sizeof(path), "%s/events/kmem/%s/format", base,
				 events[i].name);
			snprintf(key, sizeof(key), FTRACE_FORMAT_PATH, events[i].name);
			err = read_whole(path, &buf, &len);
			if (err == -ENOENT)
				continue;
			if (err)
				return err;
			err = snap_files__add(out, key, buf, len);
			free(buf);
			if (err && err != -EEXIST)
				return err;
			nr++;
		}
		if (root)
			break;
	}
	return nr ? 0 : -ENOENT;
}
