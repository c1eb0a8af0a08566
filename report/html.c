// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report page (html.h). Sections follow the questions a reader brings: how the free
 * memory is spread over the orders, how fragmented it is at the orders that matter
 * (3, PAGE_ALLOC_COSTLY_ORDER; 4; 9, pageblock_order and THP on x86-64), which
 * migratetypes fell back to which, how pageblock ownership moved, and where slab wastes
 * memory. Several results are overlaid in one plot where a plot can overlay (lines);
 * heatmaps and matrices come one per result.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "svg.h"

/* PAGE_ALLOC_COSTLY_ORDER, the next order, and pageblock_order (HPAGE_PMD_ORDER on x86-64) */
static const unsigned int frag_orders[] = { 3, 4, 9 };
#define FRAG_ORDER_THP 9
/* a heatmap has at most this many columns; longer runs show every k-th sample */
#define HEATMAP_MAX_COLS 240
#define SLAB_TOP 20

static const char *const doc_colors[] = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd",
					  "#ff7f0e", "#8c564b", "#e377c2", "#17becf" };
static const char *const doc_dashes[] = { NULL, "7 4", "2 3", "9 3 2 3" };
static const char *const order_dashes[] = { NULL, "7 4", "2 3" };
static const char *const mt_colors[MT__NR] = { "#d62728", "#2ca02c", "#1f77b4",
					       "#ff7f0e", "#9467bd", "#7f7f7f" };
#define DOC_COLOR(i) doc_colors[(i) % (sizeof(doc_colors) / sizeof(doc_colors[0]))]
#define DOC_DASH(i) doc_dashes[(i) % (sizeof(doc_dashes) / sizeof(doc_dashes[0]))]

struct builder {
	const struct report_set *s;
	struct sbuf html;
	struct report_plot *plots;
	size_t nr_plots, cap_plots;
	bool oom;
};

void report_slug(char *out, size_t size, const char *s)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++) {
		char c = *s;

		out[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				   (c >= '0' && c <= '9') || c == '.' || c == '-' ? c : '_';
	}
	out[n] = '\0';
}

/* "kind.n0-Normal.label": unique in the report (a number is added to a repeat) */
static void plot_id(struct builder *b, char *out, size_t size, const char *kind,
		    const struct report_zone *z, const struct report_doc *d)
{
	char zs[48] = "", ds[48] = "", base[128];

	if (z) {
		char name[40];

		report_slug(name, sizeof(name), z->name);
		snprintf(zs, sizeof(zs), ".n%d-%s", z->node, name);
	}
	if (d) {
		ds[0] = '.';
		report_slug(ds + 1, sizeof(ds) - 1, d->label);
	}
	snprintf(base, sizeof(base), "%s%s%s", kind, zs, ds);
	snprintf(out, size, "%s", base);
	for (unsigned int k = 2;; k++) {
		bool taken = false;

		for (size_t i = 0; i < b->nr_plots && !taken; i++)
			taken = !strcmp(b->plots[i].id, out);
		if (!taken)
			return;
		snprintf(out, size, "%.100s-%u", base, k);
	}
}

/* The plot in svg joins the page (in a figure with its caption) and the --svg list. */
static void add_plot(struct builder *b, const char *id, struct sbuf *svg, const char *caption)
{
	char *text = sbuf_take(svg);

	if (!text || b->oom) {
		free(text);
		b->oom = true;
		return;
	}
	if (b->nr_plots == b->cap_plots) {
		size_t cap = b->cap_plots ? b->cap_plots * 2 : 16;
		struct report_plot *p = realloc(b->plots, cap * sizeof(*p));

		if (!p) {
			free(text);
			b->oom = true;
			return;
		}
		b->plots = p;
		b->cap_plots = cap;
	}
	snprintf(b->plots[b->nr_plots].id, sizeof(b->plots[0].id), "%s", id);
	b->plots[b->nr_plots++].svg = text;
	sbuf_puts(&b->html, "<figure>\n");
	sbuf_puts(&b->html, text);
	if (caption) {
		sbuf_puts(&b->html, "<figcaption>");
		sbuf_escape(&b->html, caption);
		sbuf_puts(&b->html, "</figcaption>\n");
	}
	sbuf_puts(&b->html, "</figure>\n");
}

static void note(struct builder *b, const char *text)
{
	sbuf_puts(&b->html, "<p class=\"note\">");
	sbuf_escape(&b->html, text);
	sbuf_puts(&b->html, "</p>\n");
}

static void heading(struct builder *b, int level, const char *text, const struct report_zone *z)
{
	sbuf_printf(&b->html, "<h%d>", level);
	sbuf_escape(&b->html, text);
	if (z) {
		sbuf_printf(&b->html, ": node %d, zone ", z->node);
		sbuf_escape(&b->html, z->name);
	}
	sbuf_printf(&b->html, "</h%d>\n", level);
}

/* the zones of all results, in the order they first appear (node and name identify one) */
struct zone_key {
	const struct report_zone *first;
};

static size_t zone_keys(const struct report_set *s, struct zone_key *keys, size_t max)
{
	size_t n = 0;

	for (size_t d = 0; d < s->nr_docs; d++)
		for (uint32_t i = 0; i < s->docs[d].nr_zones; i++) {
			const struct report_zone *z = &s->docs[d].zones[i];
			bool seen = false;

			for (size_t k = 0; k < n && !seen; k++)
				seen = keys[k].first->node == z->node &&
				       !strcmp(keys[k].first->name, z->name);
			if (!seen && n < max)
				keys[n++].first = z;
		}
	return n;
}

static const struct report_zone *doc_zone(const struct report_doc *d, const struct report_zone *key)
{
	for (uint32_t i = 0; i < d->nr_zones; i++)
		if (d->zones[i].node == key->node && !strcmp(d->zones[i].name, key->name))
			return &d->zones[i];
	return NULL;
}

static uint64_t free_pages(const uint64_t *nr_free, unsigned int nr_orders)
{
	uint64_t p = 0;

	for (unsigned int o = 0; o < nr_orders; o++)
		p += nr_free[o] << o;
	return p;
}

static void inputs_table(struct builder *b)
{
	struct sbuf *h = &b->html;

	sbuf_puts(h, "<table><tr><th>result</th><th>policy</th><th>file</th><th>trace</th>"
		     "<th>crc32c</th><th>profile</th><th>mode</th><th>events</th>"
		     "<th>samples</th></tr>\n");
	for (size_t i = 0; i < b->s->nr_docs; i++) {
		const struct report_doc *d = &b->s->docs[i];
		const char *fields[] = { d->policy, d->source, d->trace_path, d->trace_crc32c,
					 d->profile, d->mode };
		uint64_t interval = 0;

		for (uint32_t z = 0; z < d->nr_zones; z++)
			if (d->zones[z].nr_samples)
				interval = d->zones[z].interval;
		sbuf_printf(h, "<tr><td><span class=\"swatch\" style=\"background:%s\"></span>",
			    DOC_COLOR(i));
		sbuf_escape(h, d->label);
		sbuf_puts(h, "</td>");
		for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
			sbuf_puts(h, "<td>");
			sbuf_escape(h, fields[f]);
			sbuf_puts(h, "</td>");
		}
		sbuf_printf(h, "<td class=\"num\">%" PRIu64 "</td><td>", d->nr_events);
		if (interval)
			sbuf_printf(h, "every %" PRIu64 " events", interval);
		else
			sbuf_puts(h, "none");
		sbuf_puts(h, "</td></tr>\n");
	}
	sbuf_puts(h, "</table>\n");
}

static void milli(struct sbuf *h, int32_t v)
{
	sbuf_printf(h, "<td class=\"num\">%s%d.%03d</td>", v < 0 ? "-" : "", abs(v) / 1000,
		    abs(v) % 1000);
}

static void summary_table(struct builder *b, const struct zone_key *keys, size_t nr_keys)
{
	struct sbuf *h = &b->html;

	sbuf_puts(h, "<table><tr><th>zone</th><th>result</th><th>managed pages</th>"
		     "<th>free pages</th><th>unusable index 3</th><th>unusable index 9</th>"
		     "<th>fragmentation index 9</th><th>fallbacks</th><th>pageblock claims</th>"
		     "</tr>\n");
	for (size_t k = 0; k < nr_keys; k++)
		for (size_t i = 0; i < b->s->nr_docs; i++) {
			const struct report_zone *z = doc_zone(&b->s->docs[i], keys[k].first);

			if (!z)
				continue;
			sbuf_printf(h, "<tr><td>%d ", z->node);
			sbuf_escape(h, z->name);
			sbuf_puts(h, "</td><td>");
			sbuf_escape(h, b->s->docs[i].label);
			sbuf_printf(h, "</td><td class=\"num\">%" PRIu64 "</td><td class=\"num\">%"
				       PRIu64 "</td>", z->managed_pages,
				    free_pages(z->end_nr_free, z->nr_orders));
			milli(h, z->nr_orders > 3 ? mm_unusable_free_index(z->end_nr_free,
									  z->nr_orders, 3) : 0);
			milli(h, z->nr_orders > 9 ? mm_unusable_free_index(z->end_nr_free,
									  z->nr_orders, 9) : 0);
			milli(h, z->nr_orders > 9 ? mm_fragmentation_index(z->end_nr_free,
									  z->nr_orders, 9) : 0);
			sbuf_printf(h, "<td class=\"num\">%" PRIu64 "</td><td class=\"num\">%" PRIu64
				       "</td></tr>\n", z->nr_fallbacks, z->nr_claims);
		}
	sbuf_puts(h, "</table>\n");
}

/* 1. free pages per order: a heatmap over time per result, or one of the end state */
static void free_heatmaps(struct builder *b, const struct report_zone *key)
{
	static const char *const order_labels[MM_NR_ORDERS_MAX] = {
		"order 0", "order 1", "order 2", "order 3", "order 4", "order 5", "order 6",
		"order 7", "order 8", "order 9", "order 10", "order 11", "order 12", "order 13",
		"order 14", "order 15" };
	const char *col_labels[REPORT_MAX_DOCS];
	uint64_t *end = NULL;
	unsigned int nr_orders = 0;
	size_t nr_end = 0;
	char id[128];

	heading(b, 3, "Free pages per order", key);
	for (size_t i = 0; i < b->s->nr_docs; i++) {
		const struct report_doc *d = &b->s->docs[i];
		const struct report_zone *z = doc_zone(d, key);
		struct sbuf svg = { 0 };
		char title[160];
		size_t stride, cols;
		uint64_t *v;

		if (!z)
			continue;
		if (z->nr_orders > nr_orders)
			nr_orders = z->nr_orders;
		if (!z->nr_samples)
			continue;
		stride = (z->nr_samples + HEATMAP_MAX_COLS - 1) / HEATMAP_MAX_COLS;
		cols = (z->nr_samples + stride - 1) / stride;
		v = calloc(z->nr_orders * cols, sizeof(*v));
		if (!v) {
			b->oom = true;
			return;
		}
		for (unsigned int o = 0; o < z->nr_orders; o++)
			for (size_t c = 0; c < cols; c++)
				v[o * cols + c] = z->nr_free[c * stride * z->nr_orders + o] << o;
		snprintf(title, sizeof(title), "Free pages per order, node %d %.32s: %.64s",
			 z->node, z->name, d->label);
		plot_id(b, id, sizeof(id), "free-heatmap", z, d);
		svg_heatmap(&svg, &(struct svg_heatmap){
			.id = id, .title = title, .x_label = "events replayed",
			.y_label = "order", .value_label = "free pages", .nr_rows = z->nr_orders,
			.nr_cols = cols, .v = v, .row_labels = order_labels,
			.x_min = (double)z->event[0],
			.x_max = (double)z->event[(cols - 1) * stride] });
		free(v);
		add_plot(b, id, &svg, stride > 1 ? "every k-th sample shown, to keep the file small" : NULL);
	}
	/* the results without samples: their end state side by side */
	end = calloc((size_t)MM_NR_ORDERS_MAX * b->s->nr_docs, sizeof(*end));
	if (!end) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < b->s->nr_docs; i++) {
		const struct report_zone *z = doc_zone(&b->s->docs[i], key);

		if (z && !z->nr_samples)
			col_labels[nr_end++] = b->s->docs[i].label;
	}
	if (nr_end) {
		struct sbuf svg = { 0 };
		char title[160];
		size_t c = 0;

		for (size_t i = 0; i < b->s->nr_docs; i++) {
			const struct report_zone *z = doc_zone(&b->s->docs[i], key);

			if (!z || z->nr_samples)
				continue;
			for (unsigned int o = 0; o < z->nr_orders && o < MM_NR_ORDERS_MAX; o++)
				end[o * nr_end + c] = z->end_nr_free[o] << o;
			c++;
		}
		snprintf(title, sizeof(title), "Free pages per order at the end, node %d %.32s",
			 key->node, key->name);
		plot_id(b, id, sizeof(id), "free-end", key, NULL);
		svg_heatmap(&svg, &(struct svg_heatmap){
			.id = id, .title = title, .x_label = "result", .y_label = "order",
			.value_label = "free pages", .nr_rows = nr_orders, .nr_cols = nr_end,
			.v = end, .row_labels = order_labels, .col_labels = col_labels });
		add_plot(b, id, &svg, NULL);
	}
	free(end);
}

/* x (events) and y arrays of a series, kept until the plot is drawn */
struct series_set {
	struct svg_series s[REPORT_MAX_DOCS * MT__NR + 2 * REPORT_MAX_DOCS];
	char labels[REPORT_MAX_DOCS * MT__NR + 2 * REPORT_MAX_DOCS][200];
	double *mem[REPORT_MAX_DOCS * MT__NR + 2 * REPORT_MAX_DOCS];
	size_t n;
	double y_min, y_max, x_min, x_max;
	bool by_order;		/* x is the order (end state), not the events replayed */
};

static double *series_add(struct series_set *ss, const char *label, const char *color,
			  const char *dash, const uint64_t *event, size_t n)
{
	double *mem;
	size_t k = ss->n;

	if (k >= sizeof(ss->s) / sizeof(ss->s[0]) || !(mem = calloc(2 * n, sizeof(double))))
		return NULL;
	ss->mem[k] = mem;
	snprintf(ss->labels[k], sizeof(ss->labels[k]), "%s", label);
	for (size_t i = 0; i < n; i++)
		mem[i] = (double)event[i];
	ss->s[k] = (struct svg_series){ .label = ss->labels[k], .color = color, .dash = dash,
					.n = n, .x = mem, .y = mem + n };
	if (!ss->n || mem[0] < ss->x_min)
		ss->x_min = mem[0];
	if (!ss->n || mem[n - 1] > ss->x_max)
		ss->x_max = mem[n - 1];
	ss->n++;
	return mem + n;
}

static void series_free(struct series_set *ss)
{
	for (size_t i = 0; i < ss->n; i++)
		free(ss->mem[i]);
	ss->n = 0;
}

static void lines_plot(struct builder *b, struct series_set *ss, const char *kind,
		       const struct report_zone *key, const char *title, const char *y_label,
		       const char *caption)
{
	struct sbuf svg = { 0 };
	char id[128];

	plot_id(b, id, sizeof(id), kind, key, NULL);
	svg_lines(&svg, &(struct svg_lines){ .id = id, .title = title,
		.x_label = ss->by_order ? "order" : "events replayed", .y_label = y_label,
		.x_min = ss->x_min, .x_max = ss->x_max,
		.y_min = ss->y_min, .y_max = ss->y_max, .nr_series = ss->n, .series = ss->s });
	add_plot(b, id, &svg, caption);
}

/* 2. unusable free index at orders 3, 4, 9 and fragmentation index at 9, over time */
static void frag_plots(struct builder *b, const struct report_zone *key)
{
	struct series_set *ss = calloc(1, sizeof(*ss));
	size_t nr_sampled = 0;
	char title[160], label[200];

	if (!ss) {
		b->oom = true;
		return;
	}
	heading(b, 3, "Fragmentation", key);
	for (size_t i = 0; i < b->s->nr_docs; i++) {
		const struct report_zone *z = doc_zone(&b->s->docs[i], key);

		nr_sampled += z && z->nr_samples;
	}
	if (nr_sampled) {
		for (int pass = 0; pass < 2; pass++) {
			ss->y_min = pass ? -1 : 0;
			ss->y_max = 1;
			for (size_t i = 0; i < b->s->nr_docs; i++) {
				const struct report_doc *d = &b->s->docs[i];
				const struct report_zone *z = doc_zone(d, key);

				if (!z || !z->nr_samples)
					continue;
				for (size_t k = 0; k < 3; k++) {
					unsigned int o = frag_orders[k];
					double *y;

					if ((pass && o != FRAG_ORDER_THP) || o >= z->nr_orders)
						continue;
					snprintf(label, sizeof(label), "%s order %u", d->label, o);
					y = series_add(ss, label, DOC_COLOR(i),
						       pass ? DOC_DASH(i) : order_dashes[k], z->event,
						       z->nr_samples);
					if (!y) {
						b->oom = true;
						break;
					}
					for (size_t j = 0; j < z->nr_samples; j++) {
						const uint64_t *nf = &z->nr_free[j * z->nr_orders];
						int32_t v = pass ? mm_fragmentation_index(nf, z->nr_orders, o)
							    : mm_unusable_free_index(nf, z->nr_orders, o);

						y[j] = v / 1000.0;
					}
				}
			}
			snprintf(title, sizeof(title), "%s, node %d %.32s",
				 pass ? "Fragmentation index at order 9" :
					"Unusable free index at orders 3, 4 and 9", key->node, key->name);
			lines_plot(b, ss, pass ? "fragmentation-index" : "unusable-index", key, title,
				   pass ? "fragmentation index" : "unusable free index",
				   pass ? "-1 while a block of order 9 is free; towards 1 the failure "
					  "is fragmentation, towards 0 a lack of memory" :
					  "share of free memory in blocks too small for the order "
					  "(solid 3, dashed 4, dotted 9)");
			series_free(ss);
		}
	} else {
		/* the end state per order */
		for (int pass = 0; pass < 2; pass++) {
			ss->y_min = pass ? -1 : 0;
			ss->y_max = 1;
			for (size_t i = 0; i < b->s->nr_docs; i++) {
				const struct report_doc *d = &b->s->docs[i];
				const struct report_zone *z = doc_zone(d, key);
				uint64_t orders[MM_NR_ORDERS_MAX];
				double *y;

				if (!z)
					continue;
				for (unsigned int o = 0; o < z->nr_orders; o++)
					orders[o] = o;
				y = series_add(ss, d->label, DOC_COLOR(i), DOC_DASH(i), orders,
					       z->nr_orders);
				if (!y) {
					b->oom = true;
					break;
				}
				for (unsigned int o = 0; o < z->nr_orders; o++)
					y[o] = (pass ? mm_fragmentation_index(z->end_nr_free, z->nr_orders, o)
						: mm_unusable_free_index(z->end_nr_free, z->nr_orders, o)) /
					       1000.0;
			}
			ss->by_order = true;
			snprintf(title, sizeof(title), "%s at the end, node %d %.32s",
				 pass ? "Fragmentation index" : "Unusable free index", key->node,
				 key->name);
			lines_plot(b, ss, pass ? "fragmentation-index-end" : "unusable-index-end", key,
				   title, pass ? "fragmentation index" : "unusable free index", NULL);
			series_free(ss);
		}
	}
	free(ss);
}

/* 3. fallbacks (start x fallback migratetype) and claims (to x from), summed over zones */
static void matrices(struct builder *b, const struct report_doc *d)
{
	static const char *const titles[2] = { "Fallbacks, summed over zones: ",
					       "Pageblock claims, summed over zones: " };
	uint64_t m[MT__NR][MT__NR] = { { 0 } }, v[MT__NR * MT__NR];
	const char *rows[MT__NR], *cols[MT__NR];
	char title[160], id[128];

	for (int pass = 0; pass < 2; pass++) {
		struct sbuf svg = { 0 };
		size_t nr = MT_PCPTYPES, nc = MT_PCPTYPES;

		memset(m, 0, sizeof(m));
		for (uint32_t zi = 0; zi < d->nr_zones; zi++)
			for (unsigned int r = 0; r < MT__NR; r++)
				for (unsigned int c = 0; c < MT__NR; c++)
					m[r][c] += pass ? d->zones[zi].claims[r][c] :
							  d->zones[zi].fallbacks[r][c];
		/* the types past the pcp ones only when they occur */
		for (unsigned int r = 0; r < MT__NR; r++)
			for (unsigned int c = 0; c < MT__NR; c++)
				if (m[r][c]) {
					nr = r + 1 > nr ? r + 1 : nr;
					nc = c + 1 > nc ? c + 1 : nc;
				}
		for (size_t r = 0; r < nr; r++) {
			rows[r] = report_mt_names[r];
			for (size_t c = 0; c < nc; c++)
				v[r * nc + c] = m[r][c];
		}
		for (size_t c = 0; c < nc; c++)
			cols[c] = report_mt_names[c];
		snprintf(title, sizeof(title), "%s%.100s", titles[pass], d->label);
		plot_id(b, id, sizeof(id), pass ? "claims-matrix" : "fallback-matrix", NULL, d);
		svg_matrix(&svg, &(struct svg_matrix){
			.id = id, .title = title,
			.row_title = pass ? "claimed for" : "requested",
			.col_title = pass ? "pageblock was" : "served from the free list of",
			.nr_rows = nr, .nr_cols = nc, .v = v, .row_labels = rows, .col_labels = cols });
		add_plot(b, id, &svg, NULL);
	}
}

/* 4. pageblocks per migratetype (change since the first sample) and fallbacks/claims so far */
static void pageblock_plots(struct builder *b, const struct report_zone *key)
{
	struct series_set *ss = calloc(1, sizeof(*ss));
	bool used[MT__NR] = { false }, any = false, any_cum = false;
	char title[160], label[200];

	if (!ss) {
		b->oom = true;
		return;
	}
	heading(b, 3, "Pageblock ownership", key);
	for (size_t i = 0; i < b->s->nr_docs; i++) {
		const struct report_zone *z = doc_zone(&b->s->docs[i], key);

		if (!z || !z->pageblocks)
			continue;
		any = true;
		for (size_t j = 0; j < z->nr_samples; j++)
			for (unsigned int mt = 0; mt < MT__NR; mt++)
				used[mt] |= z->pageblocks[j * MT__NR + mt] != 0;
	}
	if (any) {
		ss->y_min = ss->y_max = 0;
		for (size_t i = 0; i < b->s->nr_docs && !b->oom; i++) {
			const struct report_zone *z = doc_zone(&b->s->docs[i], key);

			if (!z || !z->pageblocks)
				continue;
			for (unsigned int mt = 0; mt < MT__NR; mt++) {
				double *y;

				if (!used[mt])
					continue;
				snprintf(label, sizeof(label), "%s %s (%" PRIu64 " at first)",
					 b->s->docs[i].label, report_mt_names[mt], z->pageblocks[mt]);
				y = series_add(ss, label, mt_colors[mt], DOC_DASH(i), z->event,
					       z->nr_samples);
				if (!y) {
					b->oom = true;
					break;
				}
				for (size_t j = 0; j < z->nr_samples; j++) {
					y[j] = (double)z->pageblocks[j * MT__NR + mt] -
					       (double)z->pageblocks[mt];
					ss->y_min = y[j] < ss->y_min ? y[j] : ss->y_min;
					ss->y_max = y[j] > ss->y_max ? y[j] : ss->y_max;
				}
			}
		}
		if (ss->y_max - ss->y_min < 4) {
			ss->y_min -= 2;
			ss->y_max += 2;
		}
		snprintf(title, sizeof(title), "Pageblocks per migratetype, node %d %.32s",
			 key->node, key->name);
		lines_plot(b, ss, "pageblocks", key, title, "change since the first sample",
			   "colour: migratetype; line style: result");
		series_free(ss);
	}
	ss->y_min = ss->y_max = 0;
	for (size_t i = 0; i < b->s->nr_docs && !b->oom; i++) {
		const struct report_zone *z = doc_zone(&b->s->docs[i], key);

		if (!z || !z->cum_fallbacks || !z->cum_claims)
			continue;
		any_cum = true;
		for (int pass = 0; pass < 2; pass++) {
			const uint64_t *src = pass ? z->cum_claims : z->cum_fallbacks;
			double *y;

			snprintf(label, sizeof(label), "%s %s", b->s->docs[i].label,
				 pass ? "pageblock claims" : "fallbacks");
			y = series_add(ss, label, DOC_COLOR(i), pass ? "2 3" : NULL, z->event,
				       z->nr_samples);
			if (!y) {
				b->oom = true;
				break;
			}
			for (size_t j = 0; j < z->nr_samples; j++) {
				y[j] = (double)src[j];
				ss->y_max = y[j] > ss->y_max ? y[j] : ss->y_max;
			}
		}
	}
	if (any_cum) {
		snprintf(title, sizeof(title), "Fallbacks and pageblock claims so far, node %d %.32s",
			 key->node, key->name);
		lines_plot(b, ss, "fallbacks-over-time", key, title, "count (cumulative)",
			   "solid: fallbacks; dotted: pageblock claims");
	}
	series_free(ss);
	free(ss);
	if (!any || !any_cum) {
		struct sbuf *h = &b->html;

		/* the end state as a table */
		sbuf_puts(h, "<table><tr><th>result</th>");
		for (unsigned int mt = 0; mt < MT__NR; mt++)
			sbuf_printf(h, "<th>%s</th>", report_mt_names[mt]);
		sbuf_puts(h, "</tr>\n");
		for (size_t i = 0; i < b->s->nr_docs; i++) {
			const struct report_zone *z = doc_zone(&b->s->docs[i], key);

			if (!z)
				continue;
			sbuf_puts(h, "<tr><td>");
			sbuf_escape(h, b->s->docs[i].label);
			sbuf_puts(h, "</td>");
			for (unsigned int mt = 0; mt < MT__NR; mt++)
				sbuf_printf(h, "<td class=\"num\">%" PRIu64 "</td>",
					    z->end_pageblocks[mt]);
			sbuf_puts(h, "</tr>\n");
		}
		sbuf_puts(h, "</table>\n");
		note(b, "pageblocks per migratetype at the end; a replay with --interval N also "
			"shows them over time");
	}
}

struct cache_rank {
	const struct report_cache *c;
	size_t i;
};

/* the most waste first; ties by name, then by position, so the order is total */
static int cache_cmp(const void *pa, const void *pb)
{
	const struct cache_rank *a = pa, *b = pb;
	uint64_t wa = a->c->internal_bytes + a->c->tail_bytes;
	uint64_t wb = b->c->internal_bytes + b->c->tail_bytes;
	int r;

	if (wa != wb)
		return wa > wb ? -1 : 1;
	r = strcmp(a->c->name, b->c->name);
	if (r)
		return r;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* 5. slab caches by waste: the top SLAB_TOP, internal fragmentation and slab tails */
static void slab_plot(struct builder *b, const struct report_doc *d)
{
	struct cache_rank *rank;
	const char *labels[SLAB_TOP];
	uint64_t a[SLAB_TOP], t[SLAB_TOP];
	struct sbuf svg = { 0 };
	char title[160], id[128];
	size_t n;

	if (!d->has_slab || !d->nr_caches) {
		char text[256];

		snprintf(text, sizeof(text), "%s: no slab data in this replay", d->label);
		note(b, text);
		return;
	}
	rank = calloc(d->nr_caches, sizeof(*rank));
	if (!rank) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < d->nr_caches; i++)
		rank[i] = (struct cache_rank){ &d->caches[i], i };
	qsort(rank, d->nr_caches, sizeof(*rank), cache_cmp);
	n = d->nr_caches < SLAB_TOP ? d->nr_caches : SLAB_TOP;
	for (size_t i = 0; i < n; i++) {
		labels[i] = rank[i].c->name;
		a[i] = rank[i].c->internal_bytes;
		t[i] = rank[i].c->tail_bytes;
	}
	snprintf(title, sizeof(title), "Slab caches by waste (top %zu of %zu): %.80s", n,
		 d->nr_caches, d->label);
	plot_id(b, id, sizeof(id), "slab-waste", NULL, d);
	svg_hbars(&svg, &(struct svg_hbars){ .id = id, .title = title, .x_label = "bytes wasted",
		.a_label = "internal (object padding)", .b_label = "slab tail", .n = n,
		.labels = labels, .a = a, .b = t });
	add_plot(b, id, &svg, NULL);
	free(rank);
}

static const char style[] =
	"body{font-family:sans-serif;margin:1.5em auto;max-width:1100px;color:#222;"
	"padding:0 1em}\n"
	"h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;"
	"margin-top:2em}h3{font-size:1.05em;margin-bottom:.3em}\n"
	"table{border-collapse:collapse;margin:.5em 0;font-size:.85em}\n"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"th{background:#f3f3f3}figure{margin:.6em 0}figcaption{font-size:.8em;color:#555}\n"
	".note{color:#555;font-style:italic}"
	".swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em}\n"
	"svg.plot{max-width:100%;height:auto;background:#fff}\n";

int report_html(const struct report_set *s, struct report_out *out)
{
	struct builder b = { .s = s };
	struct zone_key keys[REPORT_MAX_DOCS * MM_STATS_MAX_ZONES];
	size_t nr_keys = zone_keys(s, keys, sizeof(keys) / sizeof(keys[0]));
	bool sampled = false, slab = false;
	struct sbuf *h = &b.html;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < s->nr_docs; i++) {
		slab |= s->docs[i].has_slab;
		for (uint32_t z = 0; z < s->docs[i].nr_zones; z++)
			sampled |= s->docs[i].zones[z].nr_samples > 0;
	}
	sbuf_puts(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		     "style-src 'unsafe-inline'\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"mmtrace report\">\n<title>mmtrace report: ");
	sbuf_escape(h, s->nr_docs ? s->docs[0].trace_path : "");
	sbuf_printf(h, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>mmtrace report: ", style);
	sbuf_escape(h, s->nr_docs ? s->docs[0].trace_path : "");
	sbuf_puts(h, "</h1>\n<p class=\"toc\"><a href=\"#free\">free memory by order</a> | "
		     "<a href=\"#fragmentation\">fragmentation</a> | <a href=\"#fallbacks\">fallbacks</a> | "
		     "<a href=\"#pageblocks\">pageblock ownership</a> | <a href=\"#slab\">slab waste</a></p>\n"
		     "<h2 id=\"results\">Results</h2>\n");
	inputs_table(&b);
	if (!sampled)
		note(&b, "These results have no samples: the figures show the end state. "
			 "Replay with --interval N for curves over time.");
	sbuf_puts(h, "<h2 id=\"summary\">Summary at the end</h2>\n");
	summary_table(&b, keys, nr_keys);

	sbuf_puts(h, "<h2 id=\"free\">Free memory by order</h2>\n");
	for (size_t k = 0; k < nr_keys && !b.oom; k++)
		free_heatmaps(&b, keys[k].first);
	sbuf_puts(h, "<h2 id=\"fragmentation\">Fragmentation</h2>\n");
	for (size_t k = 0; k < nr_keys && !b.oom; k++)
		frag_plots(&b, keys[k].first);
	sbuf_puts(h, "<h2 id=\"fallbacks\">Migratetype fallbacks</h2>\n");
	for (size_t i = 0; i < s->nr_docs && !b.oom; i++)
		matrices(&b, &s->docs[i]);
	sbuf_puts(h, "<h2 id=\"pageblocks\">Pageblock ownership over time</h2>\n");
	for (size_t k = 0; k < nr_keys && !b.oom; k++)
		pageblock_plots(&b, keys[k].first);
	sbuf_puts(h, "<h2 id=\"slab\">Slab caches by waste</h2>\n");
	if (!slab)
		note(&b, "no slab data in this replay");
	else
		for (size_t i = 0; i < s->nr_docs && !b.oom; i++)
			slab_plot(&b, &s->docs[i]);
	sbuf_puts(h, "</body>\n</html>\n");

	out->html = sbuf_take(h);
	out->plots = b.plots;
	out->nr_plots = b.nr_plots;
	if (b.oom || !out->html) {
		report_out__clear(out);
		return -ENOMEM;
	}
	return 0;
}

void report_out__clear(struct report_out *out)
{
	for (size_t i = 0; i < out->nr_plots; i++)
		free(out->plots[i].svg);
	free(out->plots);
	free(out->html);
	memset(out, 0, sizeof(*out));
}
