/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A policy file (report/SCHEMA.md, "Policy files") read into struct mm_policy:
 * {"name": "wsf200", "kernel": "6.12", "settings": {"watermark_scale_factor": 200, ...}}.
 * Values may be JSON integers, strings or booleans; each is turned into its text form and
 * given to mm_policy_set(), so a file and `--set` accept exactly the same things.
 */
#ifndef MMTRACE_REPORT_POLICY_LOAD_H
#define MMTRACE_REPORT_POLICY_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/policy.h"

struct policy_load_err {
	char msg[256];		/* "settings.pcp_high: ..." */
	bool unknown_key;	/* a key mm_policy_set() does not know (valid ones: hint) */
};

/*
 * Parse a policy file into p (initialised here). 0, or: -EBADMSG (not JSON, not an
 * object, a member of the wrong type, a top-level key other than name, kernel, settings),
 * -EINVAL (a key's value, or a combination, mm_policy_set() refuses; unknown_key set for
 * an unknown key). err->msg names the key.
 */
int policy_load_buf(const char *buf, size_t len, struct mm_policy *p, struct policy_load_err *err);
/* The same from a file; also the open/read errno (-ENOENT, -EACCES, -EISDIR, ...). */
int policy_load_file(const char *path, struct mm_policy *p, struct policy_load_err *err);

#endif
