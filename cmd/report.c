// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace report: replay results as one self-contained HTML page (inline SVG and CSS,
 * nothing fetched), and with --svg each plot as its own SVG file. Several results, given
 * as several files or as one multi-policy result set, are overlaid.
 *
 * The page goes to stdout unless -o, like replay's JSON and like flamegraph.pl; it is
 * not written to a terminal (as zstd refuses to), since a screenful of SVG helps no one.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../report/html.h"
#include "../report/report_load.h"
#include "cmd.h"
#include "log.h"

static void usage_report(FILE *f)
{
	fprintf(f, "Usage: mmtrace report [-o FILE] [--svg DIR] RESULT.json...\n"
		   "  -o, --output FILE  write the HTML page there (default: stdout, never a\n"
		   "                     terminal; with --svg and no -o, no page is written)\n"
		   "  -s, --svg DIR      also write each plot as DIR/<plot>.svg (DIR is created)\n"
		   "RESULT.json is `mmtrace replay` JSON or a multi-policy result set; several\n"
		   "results are overlaid. Replay with --interval N for curves over time.\n");
}

/* Write text to path, or remove what was written: no partial output (STYLE.md rule 16). */
static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (!f || fputs(text, f) < 0)
		ret = -errno;
	if (f && fclose(f) && !ret)
		ret = -errno;
	if (ret) {
		pr_err("%s: %s", path, strerror(-ret));
		if (f)
			unlink(path);
	}
	return ret;
}

static int write_svgs(const char *dir, const struct report_out *out)
{
	if (mkdir(dir, 0777) && errno != EEXIST) {
		int ret = -errno;

		pr_err("%s: %s", dir, strerror(-ret));
		return ret == -ENOENT ? -EIO : ret;
	}
	for (size_t i = 0; i < out->nr_plots; i++) {
		size_t len = strlen(dir) + strlen(out->plots[i].id) + 6;
		char *path = malloc(len);
		int ret;

		if (!path)
			return -ENOMEM;
		snprintf(path, len, "%s/%s.svg", dir, out->plots[i].id);
		ret = write_file(path, out->plots[i].svg);
		free(path);
		if (ret)
			return ret == -ENOENT ? -EIO : ret;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "svg", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out_path = NULL, *svg_dir = NULL;
	struct report_set *set = NULL;
	struct report_out out = { 0 };
	struct load_err err;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "o:s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': out_path = optarg; break;
		case 's': svg_dir = optarg; break;
		case 'h':
			usage_report(stdout);
			return 0;
		default:
			usage_report(stderr);
			return -EINVAL;
		}
	}
	if (optind >= argc) {
		pr_err("expected at least one replay result");
		usage_report(stderr);
		return -EINVAL;
	}
	if (!out_path && !svg_dir && isatty(STDOUT_FILENO)) {
		pr_err("refusing to write HTML to a terminal");
		pr_hint("use -o report.html, or redirect stdout");
		return -EINVAL;
	}
	set = calloc(1, sizeof(*set));
	if (!set)
		return -ENOMEM;
	for (int i = optind; i < argc; i++) {
		ret = report_set__add_file(set, argv[i], &err);
		if (ret) {
			pr_err("%s: %s", argv[i], err.msg);
			if (ret == -EPROTONOSUPPORT)
				pr_hint("replay the trace again with this mmtrace");
			/* a missing file or a directory is bad input, as in diff */
			if (ret == -EISDIR || ret == -E2BIG)
				ret = -ENOENT;
			goto out;
		}
	}
	ret = report_html(set, &out);
	if (ret)
		goto out;
	if (svg_dir && (ret = write_svgs(svg_dir, &out)))
		goto out;
	if (out_path) {
		/* a missing directory in -o is the system's complaint, not bad input */
		ret = write_file(out_path, out.html);
		if (ret == -ENOENT)
			ret = -EIO;
	} else if (!svg_dir) {
		fputs(out.html, stdout);
	}
out:
	report_out__clear(&out);
	if (set)
		report_set__clear(set);
	free(set);
	return ret;
}
