// SPDX-License-Identifier: GPL-2.0-only
/* mmtrace record: the eBPF collector's front end. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../trace/collector.h"
#include "cmd.h"
#include "log.h"

static void usage_record(FILE *f)
{
	fprintf(f, "Usage: mmtrace record [-o FILE] [-d SECONDS] [-e EVENTS] [-p PID | -a | -- CMD ARGS...]\n"
		   "                      [--buffer-mb N] [--redact]\n");
}

int cmd_record(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage_record(stdout);
		return 0;
	}
	if (!collector_available()) {
		pr_err("mmtrace was built without BPF support");
		pr_hint("rebuild without NO_BPF=1, with clang, bpftool and libbpf-dev installed");
		return -ENOTSUP;
	}
	return -ENOTSUP;
}
