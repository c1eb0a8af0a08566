/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Plots as SVG text for `mmtrace report`: pure string building, no JSON, no libm, no
 * locale (numbers are printed with "%.1f" and integers only, and mmtrace never calls
 * setlocale), so the same data gives the same bytes on every machine.
 *
 * Every plot is one <svg class="plot" data-plot="ID"> and every series in it one element
 * with class="series" and data-series="LABEL", so a browser test can count them. All
 * text is escaped for HTML and XML.
 */
#ifndef MMTRACE_REPORT_SVG_H
#define MMTRACE_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growing string. After a failed allocation it stays empty and oom is set. */
struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_puts(struct sbuf *b, const char *s);
/* s with & < > " ' as character references: safe in element text and attribute values. */
void sbuf_escape(struct sbuf *b, const char *s);
/* The string (malloc'd, the caller frees it) and an empty buffer; NULL after an ENOMEM. */
char *sbuf_take(struct sbuf *b);
void sbuf_free(struct sbuf *b);

/* A line: n points (x[i], y[i]). dash is an SVG stroke-dasharray or NULL for solid. */
struct svg_series {
	const char *label;
	const char *color;
	const char *dash;
	size_t n;
	const double *x, *y;
};

struct svg_lines {
	const char *id, *title, *x_label, *y_label;
	double x_min, x_max, y_min, y_max;	/* the axes' ranges; widened to nice ticks */
	size_t nr_series;
	const struct svg_series *series;
};

/*
 * A heatmap: nr_rows x nr_cols cells, v[row * nr_cols + col], coloured on a log scale
 * (0 has its own colour), row 0 at the bottom. Each row is a series. Column labels are
 * optional: without them the x axis runs from x_min to x_max.
 */
struct svg_heatmap {
	const char *id, *title, *x_label, *y_label, *value_label;
	size_t nr_rows, nr_cols;
	const uint64_t *v;
	const char *const *row_labels;
	const char *const *col_labels;
	double x_min, x_max;
};

/* A table of counts as a grid: v[row * nr_cols + col]; each row is a series. */
struct svg_matrix {
	const char *id, *title, *row_title, *col_title;
	size_t nr_rows, nr_cols;
	const uint64_t *v;
	const char *const *row_labels, *const *col_labels;
};

/* Horizontal stacked bars: bar i is a[i] then b[i]; the a parts and b parts are the series. */
struct svg_hbars {
	const char *id, *title, *x_label, *a_label, *b_label;
	size_t n;
	const char *const *labels;
	const uint64_t *a, *b;
};

void svg_lines(struct sbuf *out, const struct svg_lines *p);
void svg_heatmap(struct sbuf *out, const struct svg_heatmap *p);
void svg_matrix(struct sbuf *out, const struct svg_matrix *p);
void svg_hbars(struct sbuf *out, const struct svg_hbars *p);

/* The colour of t in [0, 1000] on the heatmap's scale (viridis), as "#rrggbb". */
void svg_color_scale(unsigned int t, char out[8]);
/* log2(1 + v) * 1000 / log2(1 + max), in integers: the heatmap's position of v. */
unsigned int svg_log_position(uint64_t v, uint64_t max);
/* A "nice" tick step (1, 2 or 5 times a power of ten) for about n ticks over span. */
double svg_nice_step(double span, unsigned int n);

#endif
