// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace diff: two replay results side by side, metric by metric, and a CI gate. Exit 1
 * when a --max-regress threshold is exceeded (like diff(1) finding differences), 2 on a
 * usage error, 3 when a file is not a replay result of schema 1.
 *
 * Results of different traces compare (with a warning: the same policy on two workloads
 * is a fair question); results of different modes do not, because follow and simulate
 * count different things (watermark failures and pfn agreement exist only in simulate,
 * inconsistencies only in follow), so that is an error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../report/diff.h"
#include "../report/load.h"
#include "cmd.h"
#include "log.h"

enum diff_format { FMT_TEXT, FMT_JSON, FMT_MARKDOWN };

static void usage_diff(FILE *f)
{
	fprintf(f, "Usage: mmtrace diff [--max-regress METRIC=N%%|N]...\n"
		   "       [--format text|json|markdown] [--per-zone] BASE.json NEW.json\n"
		   "  -r, --max-regress M=N%%  fail (exit 1) if METRIC worsens by more than N%% of\n"
		   "                          BASE, or M=N by more than N; repeatable; a zone's\n"
		   "                          own value is METRIC@NODE:ZONE (fallbacks@0:Normal)\n"
		   "  -f, --format FMT        text (default), json, or markdown (for a CI comment)\n"
		   "  -z, --per-zone          also list every metric per zone\n"
		   "BASE and NEW are `mmtrace replay` JSON of the same mode; FILE#NAME picks\n"
		   "policy NAME's result of a multi-policy replay. Metrics (counts\n"
		   "summed over zones; indices in thousandths; higher is worse unless marked v):\n");
	for (size_t i = 0; i < nr_diff_metrics; i++)
		fprintf(f, "%c %-27s %s\n", diff_metrics[i].dir == DIFF_LOWER_IS_WORSE ? 'v' : ' ',
			diff_metrics[i].name, diff_metrics[i].desc);
}

/*
 * arg is FILE or FILE#NAME, NAME a policy of a result set; a file whose own name has a
 * '#' is taken whole when it exists.
 */
static int load(const char *arg, struct replay_result **out)
{
	const char *hash = strrchr(arg, '#');
	char path[4096];
	const char *name = NULL;
	struct load_err err;
	int ret;

	snprintf(path, sizeof(path), "%s", arg);
	if (hash && access(arg, F_OK)) {
		path[hash - arg] = '\0';
		name = hash + 1;
	}
	*out = replay_result__load_named(path, name, &err);
	if (*out)
		return 0;
	ret = -errno;
	pr_err("%s: %s", arg, err.msg);
	if (ret == -EPROTONOSUPPORT)
		pr_hint("replay the trace again with this mmtrace");
	if (ret == -EINVAL && err.names[0])
		pr_hint("policies: %s", err.names);
	/* A missing file or a directory is bad input; EACCES and ENOMEM stay system errors. */
	return ret == -EISDIR ? -ENOENT : ret;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "max-regress", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "per-zone", no_argument, NULL, 'z' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct replay_result *base = NULL, *new = NULL;
	struct diff_threshold *t = NULL;
	struct diff_report d = { 0 };
	enum diff_format fmt = FMT_TEXT;
	size_t nr_t = 0;
	bool per_zone = false;
	char msg[512], *out = NULL;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "r:f:zh", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': {
			struct diff_threshold *nt = realloc(t, (nr_t + 1) * sizeof(*t));

			if (!nt) {
				ret = -ENOMEM;
				goto out;
			}
			t = nt;
			ret = diff_threshold_parse(optarg, &t[nr_t], msg, sizeof(msg));
			if (ret) {
				pr_err("%s", msg);
				if (ret == -ENOENT)
					pr_hint("metrics: %s", diff_metric_names());
				ret = -EINVAL;
				goto out;
			}
			nr_t++;
			break;
		}
		case 'f':
			if (!strcmp(optarg, "text")) {
				fmt = FMT_TEXT;
			} else if (!strcmp(optarg, "json")) {
				fmt = FMT_JSON;
				json_output = true;
			} else if (!strcmp(optarg, "markdown")) {
				fmt = FMT_MARKDOWN;
			} else {
				pr_err("--format %s: expected text, json or markdown", optarg);
				ret = -EINVAL;
				goto out;
			}
			break;
		case 'z': per_zone = true; break;
		case 'h':
			usage_diff(stdout);
			ret = 0;
			goto out;
		default:
			usage_diff(stderr);
			ret = -EINVAL;
			goto out;
		}
	}
	if (optind != argc - 2) {
		pr_err("expected two replay results, BASE.json and NEW.json");
		usage_diff(stderr);
		ret = -EINVAL;
		goto out;
	}
	if ((ret = load(argv[optind], &base)) || (ret = load(argv[optind + 1], &new)))
		goto out;
	if (strcmp(base->mode, new->mode)) {
		pr_err("%s: mode %s, but %s is mode %s: they count different things",
		       argv[optind + 1], new->mode, argv[optind], base->mode);
		pr_hint("replay both with the same --mode");
		ret = -EBADMSG;
		goto out;
	}
	if (strcmp(base->trace_crc32c, new->trace_crc32c))
		pr_warn("the results are of different traces (%s crc32c %s, %s crc32c %s)",
			base->trace_path, base->trace_crc32c, new->trace_path, new->trace_crc32c);
	ret = diff_report__build(&d, base, new, t, nr_t, per_zone, msg, sizeof(msg));
	if (ret) {
		if (ret == -EINVAL)
			pr_err("%s", msg);
		goto out;
	}
	d.base_path = argv[optind];
	d.new_path = argv[optind + 1];
	out = fmt == FMT_JSON ? diff_report__json(&d) :
	      fmt == FMT_MARKDOWN ? diff_report__markdown(&d) : diff_report__text(&d);
	if (!out) {
		ret = -ENOMEM;
		goto out;
	}
	fputs(out, stdout);
	ret = d.nr_exceeded ? CMD_REGRESSION : 0;
out:
	free(out);
	diff_report__clear(&d);
	replay_result__free(new);
	replay_result__free(base);
	free(t);
	return ret;
}
