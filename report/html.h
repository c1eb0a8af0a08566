/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The `mmtrace report` page: one self-contained HTML document (inline CSS and SVG, no
 * script, nothing fetched: a Content-Security-Policy of default-src 'none' says so to
 * the browser) built from a report_set, plus each plot as its own SVG for --svg.
 * Deterministic: the same results give the same bytes (no date, no host, no locale).
 */
#ifndef MMTRACE_REPORT_HTML_H
#define MMTRACE_REPORT_HTML_H

#include <stddef.h>

#include "report_load.h"

struct report_plot {
	char id[128];	/* data-plot; [A-Za-z0-9._-] only, so it is also a file name */
	char *svg;	/* a standalone SVG document (it carries its xmlns) */
};

struct report_out {
	char *html;
	size_t nr_plots;
	struct report_plot *plots;
};

/* 0 or -ENOMEM; out is filled on success and empty otherwise. */
int report_html(const struct report_set *s, struct report_out *out);
void report_out__clear(struct report_out *out);

/* "ab_c" from "a b/c": the characters a plot id and a file name may hold, at most size-1. */
void report_slug(char *out, size_t size, const char *s);

#endif
