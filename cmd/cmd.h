/* SPDX-License-Identifier: GPL-2.0-only */
/* The subcommands, their table flags and the exit codes (README "Exit codes"). */
#ifndef MMTRACE_CMD_CMD_H
#define MMTRACE_CMD_CMD_H

#include <stdbool.h>

enum {
	EXIT_OK = 0,
	EXIT_REGRESSION = 1,	/* diff: a change beyond threshold; info --check: a mismatch */
	EXIT_USAGE = 2,
	EXIT_BAD_INPUT = 3,	/* corrupt, truncated, wrong version, unknown kernel */
	EXIT_SYSTEM = 4,	/* privilege, BTF, I/O, ENOSPC */
};

/* A subcommand's verdict that is not an error (e.g. diff found a regression). */
#define CMD_REGRESSION 1

enum cmd_flags {
	NEEDS_ROOT = 1 << 0,
	NEEDS_BPF = 1 << 1,
};

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	unsigned int flags;
	const char *summary;
};

/* Each returns 0, CMD_REGRESSION, or a negative errno (-EINVAL for a usage error). */
int cmd_info(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* Set by main from -v/--verbose before the subcommand runs. */
extern int verbose;
/* Name of the running subcommand, for messages. */
extern const char *cmd_name;
/* True if -j/--json was given to a subcommand that supports it (errors go to stdout too). */
extern bool json_output;

#endif
