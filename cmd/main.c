// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmtrace: global options, the command table, and the one place errors become exit
 * codes (STYLE.md rule 17). After the command, stdout is flushed and checked, so a
 * report cut short by a full disk or a closed pipe never exits 0 (git's run_builtin).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "log.h"

#define MMTRACE_VERSION "0.1"

int verbose;
const char *cmd_name;
bool json_output;

static const struct cmd commands[] = {
	{ "record", cmd_record, NEEDS_ROOT | NEEDS_BPF, "record kmem events and a machine snapshot" },
	{ "import", cmd_import, 0, "convert ftrace text of kmem events into a trace" },
	{ "snapshot", cmd_snapshot, 0, "take a machine snapshot (live or from a copied tree)" },
	{ "info", cmd_info, 0, "describe and verify a trace" },
	{ "replay", cmd_replay, 0, "replay a trace through a kernel's allocator model" },
	{ "diff", cmd_diff, 0, "compare two replay results; exit 1 past a --max-regress" },
	{ "report", cmd_report, 0, "replay results as one self-contained HTML page" },
	{ "policy", cmd_policy, 0, "print the knobs a replay policy can set (policy show)" },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: mmtrace [-v] COMMAND [ARGS]\n"
		   "       mmtrace {help | --help | --version}\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'mmtrace COMMAND --help' describes a command.\n"
		   "\nExit codes: 0 ok, 1 regression or mismatch, 2 usage, 3 bad input\n"
		   "(corrupt, truncated, wrong version, unknown kernel), 4 system (privilege, I/O).\n");
}

/* errno -> exit code: the only such mapping in the program. */
static int exit_code(int err)
{
	switch (err) {
	case EINVAL:
		return EXIT_USAGE;
	case EBADMSG:
	case ENODATA:
	case EPROTONOSUPPORT:
	case ENOENT:
	case ENOEXEC:
		return EXIT_BAD_INPUT;
	default:
		return EXIT_SYSTEM;
	}
}

static int finish_stdout(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		int err = errno ? errno : EIO;

		pr_err("writing the output: %s", strerror(err));
		return EXIT_SYSTEM;
	}
	if (fclose(stdout)) {
		pr_err("writing the output: %s", strerror(errno));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct cmd *cmd = NULL;
	int i = 1, ret, code;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			verbose++;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return finish_stdout();
		} else if (!strcmp(argv[i], "--version")) {
			printf("mmtrace %s\n", MMTRACE_VERSION);
			return finish_stdout();
		} else {
			pr_err("unknown option '%s'", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return finish_stdout();
	}
	/* Exact names only: prefixes would break scripts when commands are added. */
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (!strcmp(argv[i], commands[k].name))
			cmd = &commands[k];
	if (!cmd) {
		pr_err("unknown command '%s'", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd_name = cmd->name;
	if ((cmd->flags & NEEDS_ROOT) && geteuid() != 0 &&
	    !(argc > i + 1 && (!strcmp(argv[i + 1], "-h") || !strcmp(argv[i + 1], "--help")))) {
		pr_err("needs root");
		pr_hint("needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN); run with sudo");
		return EXIT_SYSTEM;
	}
	ret = cmd->fn(argc - i, argv + i);
	code = finish_stdout();
	if (ret == CMD_REGRESSION)
		return code ? code : EXIT_REGRESSION;
	if (ret < 0) {
		if (!pr_err_printed())
			pr_err("%s", strerror(-ret));
		return exit_code(-ret);
	}
	return code;
}
