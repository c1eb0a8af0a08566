// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for `mmtrace report`: the reader (report_load.c) and the page built from
 * what it accepts (html.c, svg.c). The input is a result or a result set. A rejection
 * must be EBADMSG, EPROTONOSUPPORT, E2BIG or ENOMEM and say why; an accepted input must
 * render, with no markup of its own (no script), every plot as a standalone SVG whose id
 * is a plain file name, and the same bytes twice.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../html.h"
#include "../report_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_set *s = calloc(1, sizeof(*s));
	struct report_out a, b;
	struct load_err err;
	int ret;

	if (!s)
		return 0;
	ret = report_set__add(s, (const char *)data, size, "fuzz.json", &err);
	if (ret) {
		if (ret != -EBADMSG && ret != -EPROTONOSUPPORT && ret != -E2BIG && ret != -ENOMEM)
			abort();
		if (!err.msg[0] || s->nr_docs)
			abort();	/* a rejection says why and keeps nothing */
		free(s);
		return 0;
	}
	if (report_html(s, &a) == 0) {
		if (strstr(a.html, "<script"))
			abort();
		for (size_t i = 0; i < a.nr_plots; i++) {
			if (strncmp(a.plots[i].svg, "<svg xmlns=", 11))
				abort();
			if (strspn(a.plots[i].id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
						  "0123456789._-") != strlen(a.plots[i].id))
				abort();
		}
		if (report_html(s, &b) == 0) {
			if (strcmp(a.html, b.html))
				abort();	/* deterministic */
			report_out__clear(&b);
		}
		report_out__clear(&a);
	}
	report_set__clear(s);
	free(s);
	return 0;
}
