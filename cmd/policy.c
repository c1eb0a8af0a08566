// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace policy show: the knobs a policy can set, with the values a replay starts from,
 * printed as a policy file that `mmtrace replay --policy` accepts. Without a trace these
 * are the kernel's boot defaults; with one, what its snapshot says (sysctls, boot
 * parameters), so `policy show TRACE > p.json` and editing p.json is how a policy starts.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/policy.h"
#include "../report/json.h"
#include "../trace/reader.h"
#include "../trace/snapshot_parse.h"
#include "cmd.h"
#include "log.h"

/* The profile `policy show` describes without a trace or --kernel: the newest. */
#define POLICY_SHOW_DEFAULT_KERNEL "6.12"

static void usage_policy(FILE *f)
{
	fprintf(f, "Usage: mmtrace policy show [--kernel VER] [TRACE]\n"
		   "  -k, --kernel VER   the kernel whose defaults to print (default: the trace's,\n"
		   "                     or " POLICY_SHOW_DEFAULT_KERNEL " without a trace)\n"
		   "Prints a policy file: {\"name\", \"kernel\", \"settings\": {KEY: VALUE, ...}}.\n"
		   "With TRACE the values are the ones its snapshot gives, and \"kernel\" is left\n"
		   "out unless --kernel is given (the trace's own kernel is the default).\n"
		   "Keys:\n");
	for (int i = 0; i < MM_POLICY__NR; i++)
		fprintf(f, "  %-30s %s\n", mm_policy_keys[i].name, mm_policy_keys[i].desc);
}

static int policy_show(const char *kernel, const char *path)
{
	struct trace_reader *r = NULL;
	struct parse_err perr = { 0 };
	const struct snap_files *snap;
	const char *msg = NULL, *release;
	struct mm_policy p;
	struct mm_machine m;
	struct mm_kernel k;
	bool have_m = false;
	char *json = NULL;
	int ret;

	mm_policy_init(&p, NULL);
	if (path) {
		r = trace_reader__open(path, &msg);
		if (!r) {
			ret = -errno;
			pr_err("%s: %s", path, msg);
			return ret == -EACCES ? ret : (ret == -ENOENT || ret == -EISDIR ? -ENOENT : ret);
		}
		snap = trace_reader__snapshot(r, SNAP_START);
		if (!snap || !snap_files__find(snap, "proc/zoneinfo")) {
			pr_err("%s: the trace has no start snapshot with zones", path);
			ret = -EBADMSG;
			goto out;
		}
		mm_machine__init(&m);
		have_m = true;
		ret = mm_machine__from_snapshot(&m, snap, &perr);
		if (ret) {
			pr_err("%s: start snapshot: %s:%u: %s", path, perr.file, perr.line, perr.msg);
			have_m = false;
			goto out;
		}
	}
	release = kernel ? kernel : path ? trace_reader__header(r)->release : POLICY_SHOW_DEFAULT_KERNEL;
	ret = mm_kernel_resolve(&k, release, kernel || !path ? NULL : m.version);
	if (ret) {
		pr_err("%s: unknown kernel '%s'", path ? path : "--kernel", release);
		pr_hint("known kernels: %s", mm_profile_names());
		ret = -ENOENT;
		goto out;
	}
	if (kernel || !path)
		mm_policy_set(&p, "kernel", kernel ? kernel : k.p->name, NULL, 0);
	mm_policy_defaults(&p, &k, have_m ? &m : NULL);
	json = policy_file_json(&p);
	if (!json) {
		ret = -ENOMEM;
		goto out;
	}
	fputs(json, stdout);
	ret = 0;
out:
	free(json);
	if (have_m)
		mm_machine__free(&m);
	trace_reader__close(r);
	return ret;
}

int cmd_policy(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *kernel = NULL;
	int opt;

	if (argc < 2 || strcmp(argv[1], "show")) {
		if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			usage_policy(stdout);
			return 0;
		}
		pr_err(argc < 2 ? "expected a subcommand" : "unknown subcommand '%s'",
		       argc < 2 ? "" : argv[1]);
		usage_policy(stderr);
		return -EINVAL;
	}
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, "k:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': kernel = optarg; break;
		case 'h':
			usage_policy(stdout);
			return 0;
		default:
			usage_policy(stderr);
			return -EINVAL;
		}
	}
	if (argc - optind > 1) {
		pr_err("expected at most one trace file");
		usage_policy(stderr);
		return -EINVAL;
	}
	return policy_show(kernel, optind < argc ? argv[optind] : NULL);
}
