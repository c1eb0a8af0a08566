// SPDX-License-Identifier: GPL-2.0-only
/*
 * SVG plots as text (svg.h). Coordinates are printed with one decimal and labels with a
 * fixed number of decimals, both in the C locale, so the output is byte-stable. No libm:
 * the heatmap's log scale and the axes' nice steps are done in integers and by loops.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t cap = b->cap ? b->cap : 4096;
			char *s;

			while (cap - b->len <= (size_t)n)
				cap *= 2;
			s = realloc(b->s, cap);
			if (!s) {
				free(b->s);
				b->s = NULL;
				b->len = b->cap = 0;
				b->oom = true;
				return;
			}
			b->s = s;
			b->cap = cap;
		}
	}
}

void sbuf_puts(struct sbuf *b, const char *s)
{
	sbuf_printf(b, "%s", s);
}

void sbuf_escape(struct sbuf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			/* C0 controls other than tab and newlines are not allowed in XML 1.0 */
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
				rep = "?";
			else
				continue;
		}
		sbuf_printf(b, "%.*s%s", (int)(s - run), run, rep);
		run = s + 1;
	}
	sbuf_puts(b, run);
}

char *sbuf_take(struct sbuf *b)
{
	char *s = b->oom ? NULL : b->s;

	if (!b->oom && !s)
		s = strdup("");
	if (b->oom)
		free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = false;
	return s;
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

/* viridis at 0, 1/4, 1/2, 3/4 and 1, interpolated linearly */
void svg_color_scale(unsigned int t, char out[8])
{
	static const unsigned char stops[5][3] = {
		{ 0x44, 0x01, 0x54 }, { 0x3b, 0x52, 0x8b }, { 0x21, 0x91, 0x8c },
		{ 0x5e, 0xc9, 0x62 }, { 0xfd, 0xe7, 0x25 },
	};
	unsigned int i, f, c[3];

	if (t > 1000)
		t = 1000;
	i = t / 250;
	if (i == 4)
		i = 3;
	f = t - i * 250;
	for (int k = 0; k < 3; k++)
		c[k] = (stops[i][k] * (250 - f) + stops[i + 1][k] * f + 125) / 250;
	snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

/* log2(1 + v) in thousandths: the bit length plus a linear fraction of the next bit */
static uint64_t log2_milli(uint64_t v)
{
	uint64_t x = v + (v < UINT64_MAX), lo;
	unsigned int msb = 63;

	while (!(x >> msb))
		msb--;
	lo = (uint64_t)1 << msb;
	/* (x - lo) / lo without overflow: both fit in 64 bits, scale down first if needed */
	if (msb >= 44)
		return (uint64_t)msb * 1000 + ((x - lo) >> (msb - 20)) * 1000 / ((uint64_t)1 << 20);
	return (uint64_t)msb * 1000 + (x - lo) * 1000 / lo;
}

unsigned int svg_log_position(uint64_t v, uint64_t max)
{
	uint64_t lm = log2_milli(max);

	if (!max || !v)
		return 0;
	if (v >= max)
		return 1000;
	return (unsigned int)(log2_milli(v) * 1000 / lm);
}

double svg_nice_step(double span, unsigned int n)
{
	double raw, p = 1;

	if (!(span > 0) || !n)
		return 1;
	raw = span / n;
	while (p * 10 <= raw)
		p *= 10;
	while (p > raw)
		p /= 10;
	if (raw <= p)
		return p;
	if (raw <= 2 * p)
		return 2 * p;
	if (raw <= 5 * p)
		return 5 * p;
	return 10 * p;
}

/* floor and ceil of x / step, as integers (the ranges here are far below 2^53) */
static long long div_floor(double x, double step)
{
	double q = x / step;
	long long i = (long long)q;

	return (double)i > q ? i - 1 : i;
}

static long long div_ceil(double x, double step)
{
	double q = x / step;
	long long i = (long long)q;

	return (double)i < q ? i + 1 : i;
}

static unsigned int step_decimals(double step)
{
	unsigned int d = 0;

	while (step < 0.999 && d < 6) {
		step *= 10;
		d++;
	}
	return d;
}

/* The legend shows at most this many characters of a label; the full one is in data-series. */
#define LEGEND_CHARS 30

static void legend_text(struct sbuf *b, double x, double y, const char *label)
{
	char cut[LEGEND_CHARS + 4];
	size_t n = strlen(label);

	if (n > LEGEND_CHARS) {
		/* cut on a UTF-8 character boundary */
		n = LEGEND_CHARS;
		while (n && ((unsigned char)label[n] & 0xc0) == 0x80)
			n--;
		snprintf(cut, sizeof(cut), "%.*s...", (int)n, label);
		label = cut;
	}
	sbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x, y);
	sbuf_escape(b, label);
	sbuf_puts(b, "</text>\n");
}

static void svg_open(struct sbuf *b, const char *id, const char *title, int w, int h)
{
	sbuf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" data-plot=\"");
	sbuf_escape(b, id);
	sbuf_printf(b, "\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		       "font-family=\"sans-serif\" font-size=\"11\">\n<title>", w, h, w, h);
	sbuf_escape(b, title);
	sbuf_puts(b, "</title>\n<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"bold\">");
	sbuf_escape(b, title);
	sbuf_puts(b, "</text>\n");
}

/* plot geometry shared by the line chart and the heatmap */
enum { PW = 780, PH = 300, ML = 70, MR = 200, MT = 30, MB = 46 };

struct axis {
	double min, max, step;
	unsigned int decimals;
};

static void axis_fit(struct axis *a, double min, double max, unsigned int nr_ticks)
{
	if (!(max > min)) {
		max = min + 1;
	}
	a->step = svg_nice_step(max - min, nr_ticks);
	a->min = (double)div_floor(min, a->step) * a->step;
	a->max = (double)div_ceil(max, a->step) * a->step;
	if (!(a->max > a->min))
		a->max = a->min + a->step;
	a->decimals = step_decimals(a->step);
}

static double map(const struct axis *a, double v, double from, double len)
{
	return from + (v - a->min) / (a->max - a->min) * len;
}

static void axis_labels(struct sbuf *b, const char *x_label, const char *y_label)
{
	sbuf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", ML + (PW - ML - MR) / 2.0,
		    PH - 8);
	sbuf_escape(b, x_label);
	sbuf_printf(b, "</text>\n<text transform=\"translate(14 %.1f) rotate(-90)\" "
		       "text-anchor=\"middle\">", MT + (PH - MT - MB) / 2.0);
	sbuf_escape(b, y_label);
	sbuf_puts(b, "</text>\n");
}

static void x_ticks(struct sbuf *b, const struct axis *x, bool grid)
{
	double pw = PW - ML - MR, ph = PH - MT - MB;
	long long i0 = div_ceil(x->min, x->step), i1 = div_floor(x->max, x->step);

	for (long long i = i0; i <= i1 && i - i0 < 50; i++) {
		double v = (double)i * x->step, px = map(x, v, ML, pw);

		if (grid)
			sbuf_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" "
				       "stroke=\"#e4e4e4\"/>\n", px, MT, px, MT + ph);
		sbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.*f</text>\n",
			    px, MT + ph + 14, (int)x->decimals, v);
	}
}

void svg_lines(struct sbuf *b, const struct svg_lines *p)
{
	double pw = PW - ML - MR, ph = PH - MT - MB;
	struct axis x, y;

	axis_fit(&x, p->x_min, p->x_max, 6);
	axis_fit(&y, p->y_min, p->y_max, 5);
	svg_open(b, p->id, p->title, PW, PH);
	{
		long long i0 = div_ceil(y.min, y.step), i1 = div_floor(y.max, y.step);

		for (long long i = i0; i <= i1 && i - i0 < 50; i++) {
			double v = (double)i * y.step, py = map(&y, v, MT + ph, -ph);

			sbuf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				       "stroke=\"#e4e4e4\"/>\n", ML, py, ML + pw, py);
			sbuf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.*f</text>\n",
				    ML - 4, py + 4, (int)y.decimals, v);
		}
	}
	x_ticks(b, &x, true);
	sbuf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
		       "stroke=\"#888\"/>\n", ML, MT, pw, ph);
	axis_labels(b, p->x_label, p->y_label);
	for (size_t s = 0; s < p->nr_series; s++) {
		const struct svg_series *se = &p->series[s];
		/* at most about 1000 points per line; the last one is always drawn */
		size_t stride = se->n > 1000 ? (se->n + 999) / 1000 : 1;
		double ly = MT + 6 + 16.0 * (double)s;

		sbuf_puts(b, "<path class=\"series\" data-series=\"");
		sbuf_escape(b, se->label);
		sbuf_printf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" "
			       "stroke-linecap=\"round\" stroke-linejoin=\"round\"", se->color);
		if (se->dash)
			sbuf_printf(b, " stroke-dasharray=\"%s\"", se->dash);
		sbuf_puts(b, " d=\"");
		for (size_t i = 0; i < se->n; i += stride) {
			size_t k = i + stride >= se->n ? se->n - 1 : i;

			sbuf_printf(b, "%s%.1f %.1f", i ? " L" : "M", map(&x, se->x[k], ML, pw),
				    map(&y, se->y[k], MT + ph, -ph));
			if (se->n == 1)
				sbuf_puts(b, " h0");
			if (k == se->n - 1)
				break;
		}
		sbuf_puts(b, "\"><title>");
		sbuf_escape(b, se->label);
		sbuf_puts(b, "</title></path>\n");
		/* the legend: a sample of the line and the label */
		sbuf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
			       "stroke-width=\"2\"", ML + pw + 10, ly, ML + pw + 34, ly, se->color);
		if (se->dash)
			sbuf_printf(b, " stroke-dasharray=\"%s\"", se->dash);
		sbuf_puts(b, "/>\n");
		legend_text(b, ML + pw + 38, ly + 4, se->label);
	}
	sbuf_puts(b, "</svg>\n");
}

static void fmt_count(char *out, size_t size, uint64_t v)
{
	if (v >= 10000000)
		snprintf(out, size, "%lluM", (unsigned long long)(v / 1000000));
	else if (v >= 10000)
		snprintf(out, size, "%lluk", (unsigned long long)(v / 1000));
	else
		snprintf(out, size, "%llu", (unsigned long long)v);
}

#define ZERO_COLOR "#eeeeee"

void svg_heatmap(struct sbuf *b, const struct svg_heatmap *p)
{
	double pw = PW - ML - MR, ph = PH - MT - MB, cw, rh;
	uint64_t max = 0;
	char col[8], num[32];

	for (size_t i = 0; i < p->nr_rows * p->nr_cols; i++)
		if (p->v[i] > max)
			max = p->v[i];
	cw = p->nr_cols ? pw / (double)p->nr_cols : pw;
	rh = p->nr_rows ? ph / (double)p->nr_rows : ph;
	svg_open(b, p->id, p->title, PW, PH);
	for (size_t r = 0; r < p->nr_rows; r++) {
		double y = MT + ph - rh * (double)(r + 1);

		sbuf_puts(b, "<g class=\"series\" data-series=\"");
		sbuf_escape(b, p->row_labels[r]);
		sbuf_puts(b, "\">\n");
		/* runs of equal values are one rectangle, which keeps the file small */
		for (size_t c = 0; c < p->nr_cols;) {
			uint64_t v = p->v[r * p->nr_cols + c];
			size_t e = c + 1;

			while (e < p->nr_cols && p->v[r * p->nr_cols + e] == v)
				e++;
			if (v)
				svg_color_scale(svg_log_position(v, max), col);
			sbuf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				       "fill=\"%s\"><title>", ML + cw * (double)c, y,
				    cw * (double)(e - c), rh, v ? col : ZERO_COLOR);
			sbuf_escape(b, p->row_labels[r]);
			sbuf_printf(b, ": %llu ", (unsigned long long)v);
			sbuf_escape(b, p->value_label);
			sbuf_puts(b, "</title></rect>\n");
			c = e;
		}
		sbuf_puts(b, "</g>\n");
		sbuf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", ML - 4,
			    y + rh / 2 + 4);
		sbuf_escape(b, p->row_labels[r]);
		sbuf_puts(b, "</text>\n");
	}
	if (p->col_labels) {
		for (size_t c = 0; c < p->nr_cols; c++) {
			sbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
				    ML + cw * ((double)c + 0.5), MT + ph + 14);
			sbuf_escape(b, p->col_labels[c]);
			sbuf_puts(b, "</text>\n");
		}
	} else {
		struct axis x;

		axis_fit(&x, p->x_min, p->x_max, 6);
		/* the cells span [x_min, x_max]; ticks inside that range only */
		x.min = p->x_min;
		x.max = p->x_max > p->x_min ? p->x_max : p->x_min + 1;
		x_ticks(b, &x, false);
	}
	sbuf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
		       "stroke=\"#888\"/>\n", ML, MT, pw, ph);
	axis_labels(b, p->x_label, p->y_label);
	/* the legend: the colour scale from 1 (bottom) to max (top), and the colour of 0 */
	for (unsigned int i = 0; i < 20; i++) {
		svg_color_scale(1000 - i * 1000 / 19, col);
		sbuf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"9\" fill=\"%s\"/>\n",
			    ML + pw + 14, MT + 9 * (int)i, col);
	}
	fmt_count(num, sizeof(num), max);
	sbuf_printf(b, "<text x=\"%.1f\" y=\"%d\">%s</text>\n", ML + pw + 32, MT + 9, num);
	sbuf_printf(b, "<text x=\"%.1f\" y=\"%d\">1</text>\n", ML + pw + 32, MT + 180);
	sbuf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"9\" fill=\"%s\" "
		       "stroke=\"#aaa\"/>\n<text x=\"%.1f\" y=\"%d\">0</text>\n",
		    ML + pw + 14, MT + 190, ZERO_COLOR, ML + pw + 32, MT + 199);
	sbuf_printf(b, "<text x=\"%.1f\" y=\"%d\">", ML + pw + 14, MT + 216);
	sbuf_escape(b, p->value_label);
	sbuf_puts(b, " (log scale)</text>\n</svg>\n");
}

void svg_matrix(struct sbuf *b, const struct svg_matrix *p)
{
	enum { L = 120, T = 64, CW = 96, CH = 30 };
	int w = L + CW * (int)p->nr_cols + 20, h = T + CH * (int)p->nr_rows + 16;
	uint64_t max = 0;
	char col[8];

	for (size_t i = 0; i < p->nr_rows * p->nr_cols; i++)
		if (p->v[i] > max)
			max = p->v[i];
	svg_open(b, p->id, p->title, w, h);
	sbuf_printf(b, "<text x=\"%.1f\" y=\"36\" text-anchor=\"middle\" font-style=\"italic\">",
		    L + CW * (double)p->nr_cols / 2);
	sbuf_escape(b, p->col_title);
	sbuf_printf(b, "</text>\n<text x=\"8\" y=\"%d\" font-style=\"italic\">", T - 6);
	sbuf_escape(b, p->row_title);
	sbuf_puts(b, "</text>\n");
	for (size_t c = 0; c < p->nr_cols; c++) {
		sbuf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
			    L + CW * ((double)c + 0.5), T - 6);
		sbuf_escape(b, p->col_labels[c]);
		sbuf_puts(b, "</text>\n");
	}
	for (size_t r = 0; r < p->nr_rows; r++) {
		int y = T + CH * (int)r;

		sbuf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", L - 6, y + CH / 2 + 4);
		sbuf_escape(b, p->row_labels[r]);
		sbuf_puts(b, "</text>\n<g class=\"series\" data-series=\"");
		sbuf_escape(b, p->row_labels[r]);
		sbuf_puts(b, "\">\n");
		for (size_t c = 0; c < p->nr_cols; c++) {
			uint64_t v = p->v[r * p->nr_cols + c];
			unsigned int t = svg_log_position(v, max);

			/* white to a strong blue; dark cells get white text */
			snprintf(col, sizeof(col), "#%02x%02x%02x", 255 - t * 222 / 1000,
				 255 - t * 155 / 1000, 255 - t * 75 / 1000);
			sbuf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
				       "fill=\"%s\" stroke=\"#999\"/>"
				       "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%llu"
				       "</text>\n", L + CW * (int)c, y, CW, CH, v ? col : "#ffffff",
				    L + CW * (int)c + CW / 2, y + CH / 2 + 4, t > 600 ? "#fff" : "#000",
				    (unsigned long long)v);
		}
		sbuf_puts(b, "</g>\n");
	}
	sbuf_puts(b, "</svg>\n");
}

static void fmt_bytes(char *out, size_t size, uint64_t v)
{
	if (v >= (1u << 20))
		snprintf(out, size, "%llu.%llu MiB", (unsigned long long)(v >> 20),
			 (unsigned long long)((v & ((1u << 20) - 1)) * 10 >> 20));
	else if (v >= 1024)
		snprintf(out, size, "%llu.%llu KiB", (unsigned long long)(v >> 10),
			 (unsigned long long)((v & 1023) * 10 >> 10));
	else
		snprintf(out, size, "%llu B", (unsigned long long)v);
}

void svg_hbars(struct sbuf *b, const struct svg_hbars *p)
{
	enum { L = 200, T = 44, BH = 14, GAP = 6, BW = 480 };
	static const char *const colors[2] = { "#d62728", "#1f77b4" };
	int h = T + (BH + GAP) * (int)p->n + 40;
	uint64_t max = 1;
	char num[32];

	for (size_t i = 0; i < p->n; i++)
		if (p->a[i] + p->b[i] > max)
			max = p->a[i] + p->b[i];
	svg_open(b, p->id, p->title, L + BW + 110, h);
	for (int s = 0; s < 2; s++) {
		sbuf_printf(b, "<rect x=\"%d\" y=\"26\" width=\"12\" height=\"10\" fill=\"%s\"/>"
			       "<text x=\"%d\" y=\"35\">", L + 160 * s, colors[s], L + 160 * s + 16);
		sbuf_escape(b, s ? p->b_label : p->a_label);
		sbuf_puts(b, "</text>\n");
	}
	for (size_t i = 0; i < p->n; i++) {
		int y = T + (BH + GAP) * (int)i;

		sbuf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", L - 6, y + BH - 3);
		sbuf_escape(b, p->labels[i]);
		fmt_bytes(num, sizeof(num), p->a[i] + p->b[i]);
		sbuf_printf(b, "</text>\n<text x=\"%.1f\" y=\"%d\">%s</text>\n",
			    L + (double)(p->a[i] + p->b[i]) * BW / (double)max + 4, y + BH - 3, num);
	}
	for (int s = 0; s < 2; s++) {
		sbuf_puts(b, "<g class=\"series\" data-series=\"");
		sbuf_escape(b, s ? p->b_label : p->a_label);
		sbuf_printf(b, "\" fill=\"%s\">\n", colors[s]);
		for (size_t i = 0; i < p->n; i++) {
			double x = L + (s ? (double)p->a[i] * BW / (double)max : 0);
			double w = (double)(s ? p->b[i] : p->a[i]) * BW / (double)max;

			sbuf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"><title>",
				    x, T + (BH + GAP) * (int)i, w, BH);
			sbuf_escape(b, p->labels[i]);
			fmt_bytes(num, sizeof(num), s ? p->b[i] : p->a[i]);
			sbuf_printf(b, ": %s ", num);
			sbuf_escape(b, s ? p->b_label : p->a_label);
			sbuf_puts(b, "</title></rect>\n");
		}
		sbuf_puts(b, "</g>\n");
	}
	sbuf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", L + BW / 2, h - 10);
	sbuf_escape(b, p->x_label);
	sbuf_puts(b, "</text>\n</svg>\n");
}
