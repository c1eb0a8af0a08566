// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/machine.h"
#include "../trace/reader.h"
#include "../trace/snapshot_collect.h"
#include "../trace/snapshot_parse.h"
#include "log.h"
#include "trace_out.h"

void header_from_snapshot(struct trace_header *h, const struct snap_files *s)
{
	struct mm_machine m;
	struct parse_err err;

	mm_machine__init(&m);
	/* Best effort: a snapshot that does not parse still leaves the flags' values. */
	mm_machine__from_snapshot(&m, s, &err);
	if (m.release[0])
		snprintf(h->release, sizeof(h->release), "%s", m.release);
	if (m.nr_cpus_possible)
		h->nr_cpus = m.nr_cpus_possible;
	if (!strcmp(m.machine, "x86_64"))
		h->arch = MMT_ARCH_X86_64;
	else if (!strcmp(m.machine, "aarch64"))
		h->arch = MMT_ARCH_AARCH64;
	else if (!m.machine[0]) {
		/*
		 * A copied tree has no uname -m: /proc/version names the compiler's target
		 * triple ("x86_64-linux-gnu-gcc-12"), Debian releases end in -amd64/-arm64.
		 */
		const struct snap_file *v = snap_files__find(s, "proc/version");
		const char *text = v ? (const char *)v->data : "";
		size_t rl = strlen(h->release);

		if (strstr(text, "x86_64") || (rl > 6 && !strcmp(h->release + rl - 6, "-amd64")))
			h->arch = MMT_ARCH_X86_64;
		else if (strstr(text, "aarch64") || (rl > 6 && !strcmp(h->release + rl - 6, "-arm64")))
			h->arch = MMT_ARCH_AARCH64;
	}
	mm_machine__free(&m);
}

int trace_out_open(struct trace_out *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->path = strdup(path);
	if (!o->path || asprintf(&o->tmp, "%s.tmp", path) < 0) {
		free(o->path);
		return -ENOMEM;
	}
	o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (o->fd < 0) {
		int err = -errno;

		pr_err("%s: %s", o->tmp, strerror(errno));
		free(o->path);
		free(o->tmp);
		return err;
	}
	trace_sink_fd(&o->sink, &o->fd);
	return 0;
}

int trace_out_close(struct trace_out *o, int ok)
{
	int err = 0;

	if (o->fd >= 0 && (fsync(o->fd) || close(o->fd)) && ok) {
		err = -errno;
		pr_err("%s: %s", o->tmp, strerror(errno));
	}
	if (ok && !err && rename(o->tmp, o->path)) {
		err = -errno;
		pr_err("%s: %s", o->path, strerror(errno));
	}
	if (!ok || err)
		unlink(o->tmp);
	free(o->path);
	free(o->tmp);
	return err;
}

int snapshot_load(struct snap_files *out, const char *path, int end)
{
	struct parse_err perr = { 0 };
	struct stat st;
	int ret;

	if (stat(path, &st)) {
		ret = -errno;
		pr_err("%s: %s", path, strerror(errno));
		return ret;
	}
	if (S_ISDIR(st.st_mode)) {
		ret = snap_collect(out, path, 0, &perr);
		if (ret < 0) {
			pr_err("%s: %s%s%s", path, perr.file, perr.file[0] ? ": " : "",
			       perr.msg[0] ? perr.msg : strerror(-ret));
			return ret;
		}
		return 0;
	} else {
		const char *msg = NULL;
		struct trace_reader *r = trace_reader__open(path, &msg);
		const struct snap_files *sf;
		struct mm_event ev;

		if (!r) {
			ret = -errno;
			pr_err("%s: %s", path, msg);
			return ret;
		}
		if (end)
			while ((ret = trace_reader__next(r, &ev)) == 1)
				;
		sf = trace_reader__snapshot(r, end ? SNAP_END : SNAP_START);
		/* A `mmtrace snapshot` file holds one snapshot: it serves as either. */
		if (!sf && end && ret == 0 && !trace_reader__nr_events(r))
			sf = trace_reader__snapshot(r, SNAP_START);
		if (!sf) {
			pr_err("%s: the trace has no %s snapshot", path, end ? "end" : "start");
			trace_reader__close(r);
			return -ENOENT;
		}
		ret = 0;
		for (size_t i = 0; i < sf->nr && !ret; i++)
			ret = snap_files__add(out, sf->v[i].path, sf->v[i].data, sf->v[i].len);
		trace_reader__close(r);
		return ret;
	}
}
