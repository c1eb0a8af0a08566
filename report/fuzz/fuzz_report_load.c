// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for the replay-result loader (report/load.c) and what diff does with a
 * result. The input is the JSON document. A rejection must be EBADMSG, EPROTONOSUPPORT,
 * ENOMEM or (a result set, which needs FILE#NAME) EINVAL and say why; an accepted result is diffed against itself (every change 0,
 * no threshold exceeded) and rendered in all three formats.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../diff.h"
#include "../load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const specs[] = { "fallbacks=0", "unusable_index_order_9=0%",
					     "fragmentation_index_order_9=1.5%" };
	struct diff_threshold t[3];
	struct diff_report d;
	struct load_err err;
	struct replay_result *r;
	char msg[512], *out;

	r = replay_result__parse((const char *)data, size, &err);
	if (!r) {
		if (errno != EBADMSG && errno != EPROTONOSUPPORT && errno != ENOMEM &&
		    errno != EINVAL)
			abort();
		if (!err.msg[0])
			abort();	/* a rejection always says why */
		return 0;
	}
	for (int i = 0; i < 3; i++)
		if (diff_threshold_parse(specs[i], &t[i], msg, sizeof(msg)))
			abort();
	if (diff_report__build(&d, r, r, t, 3, true, msg, sizeof(msg)) == 0) {
		d.base_path = "base.json";
		d.new_path = "new.json";
		if (d.nr_exceeded)
			abort();	/* nothing worsens against itself */
		for (size_t i = 0; i < d.nr_rows; i++)
			if (d.rows[i].present && d.rows[i].change)
				abort();
		free(diff_report__text(&d));
		free(diff_report__markdown(&d));
		out = diff_report__json(&d);
		free(out);
		diff_report__clear(&d);
	}
	replay_result__free(r);
	return 0;
}
