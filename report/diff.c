// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace diff's metric table, thresholds and output formats (STYLE.md rules 4 and 28).
 * Values are integers in the unit of the replay JSON (pages, events, thousandths, ppm);
 * arithmetic is done in 128 bits so hostile inputs cannot overflow it.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"

/* PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h): orders above it are "costly". */
#define DIFF_COSTLY_ORDER 3

static bool get_zone_u64(const struct replay_result *r, const struct result_zone *z, int off,
			 int64_t *out)
{
	(void)r;
	*out = (int64_t) * (const uint64_t *)((const char *)z + off);
	return true;
}

static bool get_unusable(const struct replay_result *r, const struct result_zone *z, int order,
			 int64_t *out)
{
	(void)r;
	if ((unsigned int)order >= z->nr_orders)
		return false;
	*out = z->unusable_free_index_milli[order];
	return true;
}

static bool get_fragidx(const struct replay_result *r, const struct result_zone *z, int order,
			int64_t *out)
{
	(void)r;
	if ((unsigned int)order >= z->nr_orders)
		return false;
	*out = z->fragmentation_index_milli[order];
	return true;
}

/* Failed allocations of order > min_order - 1, i.e. from min_order up. */
static bool get_failed(const struct replay_result *r, const struct result_zone *z, int min_order,
		       int64_t *out)
{
	__int128 sum = 0;

	(void)r;
	for (unsigned int o = (unsigned int)min_order; o < z->nr_orders; o++)
		sum += z->nr_alloc_failed[o];
	*out = sum > INT64_MAX ? INT64_MAX : (int64_t)sum;
	return true;
}

static bool get_inconsistencies(const struct replay_result *r, const struct result_zone *z,
				int arg, int64_t *out)
{
	(void)z;
	(void)arg;
	if (strcmp(r->mode, "follow"))
		return false;
	*out = (int64_t)r->nr_inconsistencies;
	return true;
}

static bool get_pfn_agreement(const struct replay_result *r, const struct result_zone *z,
			      int arg, int64_t *out)
{
	(void)z;
	(void)arg;
	if (!r->has_simulate)
		return false;
	*out = (int64_t)r->pfn_agreement_ppm;
	return true;
}

#define ZONE_U64(field) get_zone_u64, (int)offsetof(struct result_zone, field)
#define UNUSABLE(k)                                                                    \
	{ "unusable_index_order_" #k,                                                  \
	  "unusable index at order " #k ", end, worst zone",  \
	  DIFF_HIGHER_IS_WORSE, DIFF_ZONE_MAX, get_unusable, k }

const struct diff_metric diff_metrics[] = {
	{ "fallbacks", "allocations taken from another migratetype",
	  DIFF_HIGHER_IS_WORSE, DIFF_ZONE_SUM, ZONE_U64(nr_fallbacks) },
	{ "fallbacks_fragmenting", "fallbacks with fallback_order < 9 (pageblock)",
	  DIFF_HIGHER_IS_WORSE, DIFF_ZONE_SUM, ZONE_U64(nr_fallbacks_fragmenting) },
	{ "pageblock_claims", "pageblocks whose migratetype a fallback changed",
	  DIFF_HIGHER_IS_WORSE, DIFF_ZONE_SUM, ZONE_U64(nr_pageblock_claims) },
	UNUSABLE(0), UNUSABLE(1), UNUSABLE(2), UNUSABLE(3), UNUSABLE(4), UNUSABLE(5),
	UNUSABLE(6), UNUSABLE(7), UNUSABLE(8), UNUSABLE(9), UNUSABLE(10),
	{ "fragmentation_index_order_9",
	  "fragmentation index at order 9, end, worst zone",
	  DIFF_HIGHER_IS_WORSE, DIFF_ZONE_MAX, get_fragidx, 9 },
	{ "alloc_failures", "allocations that failed", DIFF_HIGHER_IS_WORSE, DIFF_ZONE_SUM,
	  get_failed, 0 },
	{ "alloc_failures_costly", "failed allocations above order 3 (costly)",
	  DIFF_HIGHER_IS_WORSE, DIFF_ZONE_SUM, get_failed, DIFF_COSTLY_ORDER + 1 },
	{ "watermark_failures", "failed watermark checks, all marks (simulate)",
	  DIFF_HIGHER_IS_WORSE, DIFF_ZONE_SUM, ZONE_U64(nr_wmark_fail) },
	{ "movable_contamination_pages",
	  "unmovable/reclaimable pages in movable blocks", DIFF_HIGHER_IS_WORSE,
	  DIFF_ZONE_SUM, ZONE_U64(nr_polluting_pages) },
	{ "pcp_drain_pages", "pages drained from pcp lists to the buddy", DIFF_HIGHER_IS_WORSE,
	  DIFF_ZONE_SUM, ZONE_U64(nr_pcp_drain_pages) },
	{ "highatomic_reserves", "pageblocks reserved as highatomic", DIFF_HIGHER_IS_WORSE,
	  DIFF_ZONE_SUM, ZONE_U64(nr_highatomic_reserved) },
	{ "watermark_boosts", "boost_watermark() calls", DIFF_HIGHER_IS_WORSE, DIFF_ZONE_SUM,
	  ZONE_U64(nr_boosts) },
	{ "inconsistencies", "events the model could not explain (follow)",
	  DIFF_HIGHER_IS_WORSE, DIFF_GLOBAL, get_inconsistencies, 0 },
	{ "pfn_agreement_ppm", "pfn the same as the kernel's, ppm (simulate)",
	  DIFF_LOWER_IS_WORSE, DIFF_GLOBAL, get_pfn_agreement, 0 },
};
const size_t nr_diff_metrics = sizeof(diff_metrics) / sizeof(diff_metrics[0]);

const struct diff_metric *diff_metric_find(const char *name)
{
	for (size_t i = 0; i < nr_diff_metrics; i++)
		if (!strcmp(diff_metrics[i].name, name))
			return &diff_metrics[i];
	return NULL;
}

const char *diff_metric_names(void)
{
	static char buf[1024];
	size_t off = 0;

	for (size_t i = 0; i < nr_diff_metrics && off < sizeof(buf); i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%s", i ? " " : "",
					diff_metrics[i].name);
	return buf;
}

/* A metric over a whole result: the zones summed or maximised, or the global value. */
static bool metric_value(const struct diff_metric *m, const struct replay_result *r,
			 int64_t *out)
{
	__int128 sum = 0;
	bool any = false;
	int64_t v, max = 0;

	if (m->scope == DIFF_GLOBAL)
		return m->get(r, NULL, m->arg, out);
	for (uint32_t i = 0; i < r->nr_zones; i++) {
		if (!m->get(r, &r->zones[i], m->arg, &v))
			continue;
		sum += v;
		if (!any || v > max)
			max = v;
		any = true;
	}
	if (m->scope == DIFF_ZONE_MAX) {
		*out = max;
		return any;
	}
	*out = sum > INT64_MAX ? INT64_MAX : (int64_t)sum;
	return true;
}

/* Non-negative decimal with at most max_frac fractional digits, scaled by 10^max_frac. */
static int parse_fixed(const char *s, size_t len, unsigned int max_frac, int64_t *out)
{
	int64_t v = 0;
	unsigned int frac = 0, digits = 0;
	bool dot = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.' && !dot && max_frac && digits) {
			dot = true;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || ++digits > 15 || (dot && ++frac > max_frac))
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (!digits || (dot && !frac))
		return -EINVAL;
	for (; frac < max_frac; frac++)
		v *= 10;
	*out = v;
	return 0;
}

int diff_threshold_parse(const char *arg, struct diff_threshold *t, char *msg, size_t msg_size)
{
	const char *eq = strrchr(arg, '='), *at, *val;
	char name[96];
	size_t nlen, vlen;

	memset(t, 0, sizeof(*t));
	if (!eq || eq == arg) {
		snprintf(msg, msg_size, "--max-regress %s: expected METRIC=N%% or METRIC=N", arg);
		return -EINVAL;
	}
	nlen = (size_t)(eq - arg);
	if (nlen >= sizeof(name)) {
		snprintf(msg, msg_size, "--max-regress %.40s...: metric name too long", arg);
		return -EINVAL;
	}
	memcpy(name, arg, nlen);
	name[nlen] = '\0';
	at = strchr(name, '@');
	if (at) {
		const char *colon = strchr(at, ':');
		char *end;
		long node;

		name[at - name] = '\0';
		node = colon ? strtol(at + 1, &end, 10) : -1;
		if (!colon || end != colon || end == at + 1 || node < 0 || node > 1 << 16 ||
		    !colon[1] || strlen(colon + 1) >= sizeof(t->zone)) {
			snprintf(msg, msg_size, "--max-regress %s: expected METRIC@NODE:ZONE, "
				 "such as fallbacks@0:Normal", arg);
			return -EINVAL;
		}
		t->per_zone = true;
		t->node = (int)node;
		strcpy(t->zone, colon + 1);
	}
	t->m = diff_metric_find(name);
	if (!t->m) {
		snprintf(msg, msg_size, "--max-regress %s: unknown metric '%s'", arg, name);
		return -ENOENT;
	}
	if (t->per_zone && t->m->scope == DIFF_GLOBAL) {
		snprintf(msg, msg_size, "--max-regress %s: %s has no per-zone values", arg, name);
		return -EINVAL;
	}
	val = eq + 1;
	vlen = strlen(val);
	t->relative = vlen && val[vlen - 1] == '%';
	/* Relative limits in thousandths of a percent: "2.5%" is 2500. */
	if (parse_fixed(val, t->relative ? vlen - 1 : vlen, t->relative ? 3 : 0, &t->limit)) {
		snprintf(msg, msg_size, "--max-regress %s: expected a number N >= 0 (an absolute "
			 "increase) or N%% (relative to the base, up to 3 decimals)", arg);
		return -EINVAL;
	}
	snprintf(t->spec, sizeof(t->spec), "%s", val);
	return 0;
}

bool diff_relative_ppm(int64_t base, int64_t new, int64_t *ppm)
{
	__int128 d = (__int128) new - base, b = base < 0 ? -(__int128)base : base, q;

	if (!base) {
		*ppm = 0;
		return !new;
	}
	q = d * 1000000 / b;
	*ppm = q > INT64_MAX ? INT64_MAX : q < -INT64_MAX ? -INT64_MAX : (int64_t)q;
	return true;
}

bool diff_exceeds(enum diff_dir dir, int64_t base, int64_t new, const struct diff_threshold *t)
{
	__int128 worse = dir == DIFF_HIGHER_IS_WORSE ? (__int128) new - base : (__int128)base - new;
	__int128 b = base < 0 ? -(__int128)base : base;

	if (worse <= 0)
		return false;
	if (!t->relative)
		return worse > t->limit;
	if (!base)
		return true;	/* from nothing to something is an infinite relative increase */
	/* worse / |base| > limit / 100000 (limit is in thousandths of a percent) */
	return worse * 100000 > (__int128)t->limit * b;
}

static bool threshold_matches(const struct diff_threshold *t, const struct diff_metric *m,
			      const struct result_zone *z)
{
	if (t->m != m || t->per_zone != (z != NULL))
		return false;
	return !z || (t->node == z->node && !strcmp(t->zone, z->name));
}

static int add_row(struct diff_report *d, size_t *cap, const struct diff_metric *m,
		   const struct result_zone *bz, const struct result_zone *nz,
		   const struct diff_threshold *t, size_t nr_t, char *msg, size_t msg_size)
{
	struct diff_row *row;
	bool hb, hn;

	if (d->nr_rows == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct diff_row *nr = realloc(d->rows, nc * sizeof(*nr));

		if (!nr)
			return -ENOMEM;
		d->rows = nr;
		*cap = nc;
	}
	row = &d->rows[d->nr_rows];
	memset(row, 0, sizeof(*row));
	row->m = m;
	if (bz) {
		snprintf(row->name, sizeof(row->name), "%s@%d:%s", m->name, bz->node, bz->name);
		hb = m->get(d->base, bz, m->arg, &row->base);
		hn = m->get(d->new, nz, m->arg, &row->new);
	} else {
		snprintf(row->name, sizeof(row->name), "%s", m->name);
		hb = metric_value(m, d->base, &row->base);
		hn = metric_value(m, d->new, &row->new);
	}
	row->has_base = hb;
	row->has_new = hn;
	row->present = hb && hn;
	if (row->present) {
		__int128 c = (__int128)row->new - row->base;

		row->change = c > INT64_MAX ? INT64_MAX : c < -INT64_MAX ? -INT64_MAX : (int64_t)c;
		row->has_relative = diff_relative_ppm(row->base, row->new, &row->relative_ppm);
	}
	for (size_t i = 0; i < nr_t; i++) {
		if (!threshold_matches(&t[i], m, bz))
			continue;
		if (!row->present) {
			snprintf(msg, msg_size, "--max-regress %s=%s: %s is not in %s", row->name,
				 t[i].spec, row->name,
				 hb ? "the new result" : hn ? "the base result" : "these results");
			return -EINVAL;
		}
		if (!row->threshold)
			row->threshold = &t[i];
		if (diff_exceeds(m->dir, row->base, row->new, &t[i])) {
			if (!row->exceeded)
				row->threshold = &t[i];
			row->exceeded = true;
			d->nr_exceeded++;
		}
	}
	d->nr_rows++;
	return 0;
}

int diff_report__build(struct diff_report *d, const struct replay_result *base,
		       const struct replay_result *new, const struct diff_threshold *t, size_t nr_t,
		       bool all_zones, char *msg, size_t msg_size)
{
	size_t cap = 0;
	int ret = 0;

	memset(d, 0, sizeof(*d));
	d->base = base;
	d->new = new;
	d->nr_thresholds = nr_t;
	for (size_t i = 0; i < nr_t; i++) {
		if (!t[i].per_zone || (replay_result__zone(base, t[i].node, t[i].zone) &&
				       replay_result__zone(new, t[i].node, t[i].zone)))
			continue;
		{
			size_t off = (size_t)snprintf(msg, msg_size, "--max-regress %s@%d:%s: no zone "
						      "%d:%s in both results; zones:", t[i].m->name,
						      t[i].node, t[i].zone, t[i].node, t[i].zone);

			for (uint32_t z = 0; z < base->nr_zones && off < msg_size; z++)
				if (replay_result__zone(new, base->zones[z].node, base->zones[z].name))
					off += (size_t)snprintf(msg + off, msg_size - off, " %d:%s",
								base->zones[z].node,
								base->zones[z].name);
		}
		return -EINVAL;
	}
	for (size_t i = 0; i < nr_diff_metrics && !ret; i++) {
		const struct diff_metric *m = &diff_metrics[i];

		ret = add_row(d, &cap, m, NULL, NULL, t, nr_t, msg, msg_size);
		if (m->scope == DIFF_GLOBAL)
			continue;
		for (uint32_t z = 0; z < base->nr_zones && !ret; z++) {
			const struct result_zone *bz = &base->zones[z];
			const struct result_zone *nz = replay_result__zone(new, bz->node, bz->name);
			bool want = all_zones;

			if (!nz)
				continue;
			for (size_t k = 0; k < nr_t && !want; k++)
				want = threshold_matches(&t[k], m, bz);
			if (want)
				ret = add_row(d, &cap, m, bz, nz, t, nr_t, msg, msg_size);
		}
	}
	if (ret)
		diff_report__clear(d);
	return ret;
}

void diff_report__clear(struct diff_report *d)
{
	free(d->rows);
	d->rows = NULL;
	d->nr_rows = 0;
}

/* "+12.5%", "-0.3%", "+inf%"; truncated toward zero, so the same on every libc. */
static void fmt_relative(char *buf, size_t size, const struct diff_row *r)
{
	uint64_t a;

	if (!r->present) {
		snprintf(buf, size, "-");
		return;
	}
	if (!r->has_relative) {
		snprintf(buf, size, "%sinf%%", r->change > 0 ? "+" : "-");
		return;
	}
	a = r->relative_ppm < 0 ? (uint64_t)(-r->relative_ppm) : (uint64_t)r->relative_ppm;
	snprintf(buf, size, "%s%" PRIu64 ".%" PRIu64 "%%", r->relative_ppm < 0 ? "-" : "+",
		 a / 10000, a / 1000 % 10);
}

static void fmt_value(char *buf, size_t size, bool has, int64_t v)
{
	if (has)
		snprintf(buf, size, "%" PRId64, v);
	else
		snprintf(buf, size, "-");
}

static void fmt_change(char *buf, size_t size, const struct diff_row *r)
{
	if (r->present)
		snprintf(buf, size, "%+" PRId64, r->change);
	else
		snprintf(buf, size, "-");
}

/* "> 5%" or "<= 10" next to a row that has a threshold. */
static void fmt_limit(char *buf, size_t size, const struct diff_row *r)
{
	snprintf(buf, size, "%s%s%s", r->exceeded ? ">" : "<=", r->threshold->spec,
		 r->m->dir == DIFF_LOWER_IS_WORSE ? " drop" : "");
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* One line: "ok: ..." or "REGRESSION: ...", no newline. */
static void fmt_verdict(FILE *f, const struct diff_report *d, bool markdown)
{
	size_t n = 0;

	if (!d->nr_exceeded) {
		if (!d->nr_thresholds)
			fprintf(f, "%sok: no thresholds given (--max-regress METRIC=N%%|N)",
				markdown ? ":white_check_mark: " : "");
		else
			fprintf(f, "%sok: %zu threshold%s, none exceeded",
				markdown ? ":white_check_mark: " : "", d->nr_thresholds,
				d->nr_thresholds == 1 ? "" : "s");
		return;
	}
	fprintf(f, "%sREGRESSION: %zu of %zu threshold%s exceeded:", markdown ? ":x: " : "",
		d->nr_exceeded, d->nr_thresholds, d->nr_thresholds == 1 ? "" : "s");
	for (size_t i = 0; i < d->nr_rows; i++) {
		const struct diff_row *r = &d->rows[i];
		char rel[32], ch[32];

		if (!r->exceeded)
			continue;
		fmt_relative(rel, sizeof(rel), r);
		fmt_change(ch, sizeof(ch), r);
		fprintf(f, "%s %s%s%s %s (%s) > %s", n++ ? "," : "", markdown ? "`" : "", r->name,
			markdown ? "`" : "", ch, rel, r->threshold->spec);
	}
}

static void fmt_header(FILE *f, const struct diff_report *d, bool markdown)
{
	const char *q = markdown ? "`" : "";

	fprintf(f, "base %s%s%s: profile %s, %s, trace %s (%s)%s\n", q, d->base_path, q, d->base->profile, d->base->mode,
		base_name(d->base->trace_path), d->base->trace_crc32c, markdown ? "  " : "");
	fprintf(f, "new  %s%s%s: profile %s, %s, trace %s (%s)\n", q, d->new_path, q,
		d->new->profile, d->new->mode, base_name(d->new->trace_path),
		d->new->trace_crc32c);
}

char *diff_report__text(const struct diff_report *d)
{
	char *out = NULL;
	size_t size = 0, w = 6;
	FILE *f = open_memstream(&out, &size);

	if (!f)
		return NULL;
	for (size_t i = 0; i < d->nr_rows; i++)
		if (strlen(d->rows[i].name) > w)
			w = strlen(d->rows[i].name);
	fmt_header(f, d, false);
	fprintf(f, "\n%-*s %10s %10s %10s %8s\n", (int)w, "metric", "base", "new", "change",
		"relative");
	for (size_t i = 0; i < d->nr_rows; i++) {
		const struct diff_row *r = &d->rows[i];
		char b[24], n[24], c[24], rel[32], lim[112] = "";

		fmt_value(b, sizeof(b), r->has_base, r->base);
		fmt_value(n, sizeof(n), r->has_new, r->new);
		fmt_change(c, sizeof(c), r);
		fmt_relative(rel, sizeof(rel), r);
		if (r->threshold) {
			lim[0] = ' ';
			lim[1] = r->exceeded ? '!' : ' ';
			lim[2] = ' ';
			fmt_limit(lim + 3, sizeof(lim) - 3, r);
		}
		fprintf(f, "%-*s %10s %10s %10s %8s%s\n", (int)w, r->name, b, n, c, rel, lim);
	}
	fputc('\n', f);
	fmt_verdict(f, d, false);
	fputc('\n', f);
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

char *diff_report__markdown(const struct diff_report *d)
{
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	if (!f)
		return NULL;
	fputs("**mmtrace diff** ", f);
	fmt_verdict(f, d, true);
	fputs("\n\n", f);
	fmt_header(f, d, true);
	fputs("\n| metric | base | new | change | relative | threshold |\n"
	      "|:--|--:|--:|--:|--:|:--|\n", f);
	for (size_t i = 0; i < d->nr_rows; i++) {
		const struct diff_row *r = &d->rows[i];
		char b[24], n[24], c[24], rel[32], lim[128] = "";

		fmt_value(b, sizeof(b), r->has_base, r->base);
		fmt_value(n, sizeof(n), r->has_new, r->new);
		fmt_change(c, sizeof(c), r);
		fmt_relative(rel, sizeof(rel), r);
		if (r->threshold) {
			size_t o = (size_t)snprintf(lim, sizeof(lim), "%s",
						    r->exceeded ? ":x: " : ":white_check_mark: ");

			fmt_limit(lim + o, sizeof(lim) - o, r);
		}
		fprintf(f, "| %s%s%s | %s | %s | %s | %s | %s |\n", r->exceeded ? "**" : "",
			r->name, r->exceeded ? "**" : "", b, n, c, rel, lim);
	}
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

static json_t *side_json(const char *path, const struct replay_result *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "path", path, "trace", r->trace_path,
			 "trace_crc32c", r->trace_crc32c, "profile", r->profile, "mode", r->mode);
}

static json_t *opt_int(bool has, int64_t v)
{
	return has ? json_integer((json_int_t)v) : json_null();
}

char *diff_report__json(const struct diff_report *d)
{
	json_t *root = json_object(), *rows = json_array();
	char *out, *nl;
	size_t len;

	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "base", side_json(d->base_path, d->base));
	json_object_set_new(root, "new", side_json(d->new_path, d->new));
	json_object_set_new(root, "same_trace",
			    json_boolean(!strcmp(d->base->trace_crc32c, d->new->trace_crc32c)));
	for (size_t i = 0; i < d->nr_rows; i++) {
		const struct diff_row *r = &d->rows[i];
		json_t *o = json_object();

		json_object_set_new(o, "name", json_string(r->name));
		json_object_set_new(o, "worse", json_string(r->m->dir == DIFF_HIGHER_IS_WORSE ?
								   "higher" : "lower"));
		json_object_set_new(o, "base", opt_int(r->has_base, r->base));
		json_object_set_new(o, "new", opt_int(r->has_new, r->new));
		json_object_set_new(o, "change", opt_int(r->present, r->change));
		json_object_set_new(o, "relative_ppm", opt_int(r->has_relative, r->relative_ppm));
		json_object_set_new(o, "threshold",
				    r->threshold ? json_string(r->threshold->spec) : json_null());
		json_object_set_new(o, "exceeded", json_boolean(r->exceeded));
		json_array_append_new(rows, o);
	}
	json_object_set_new(root, "metrics", rows);
	json_object_set_new(root, "thresholds", json_integer((json_int_t)d->nr_thresholds));
	json_object_set_new(root, "exceeded", json_integer((json_int_t)d->nr_exceeded));
	json_object_set_new(root, "verdict", json_string(d->nr_exceeded ? "regression" : "ok"));
	out = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (!out)
		return NULL;
	len = strlen(out);
	nl = realloc(out, len + 2);
	if (!nl) {
		free(out);
		return NULL;
	}
	nl[len] = '\n';
	nl[len + 1] = '\0';
	return nl;
}
