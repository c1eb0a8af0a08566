// SPDX-License-Identifier: GPL-2.0-only
/* Built with NO_BPF=1, or without clang/bpftool: record reports it and exits 4. */
#include <errno.h>

#include "collector.h"

bool collector_available(void)
{
	return false;
}

struct collector *collector__new(const struct collector_opts *opts)
{
	(void)opts;
	errno = ENOTSUP;
	return NULL;
}

uint32_t collector__nr_cpus(const struct collector *c)
{
	(void)c;
	return 0;
}

int collector__describe(const struct collector *c, const struct collector_stats *st, char *buf,
			size_t len)
{
	(void)c;
	(void)st;
	if (len)
		buf[0] = 0;
	return -ENOTSUP;
}

int collector__run(struct collector *c, const struct collector_run *run, struct collector_stats *st)
{
	(void)c;
	(void)run;
	(void)st;
	return -ENOTSUP;
}

void collector__free(struct collector *c)
{
	(void)c;
}
