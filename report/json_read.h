/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the three JSON readers of report/ (load.c for diff, report_load.c for the HTML
 * report, policy_load.c for policy files) share: reading a whole file, pipes included,
 * with a size cap, and naming a JSON value's type in error messages.
 */
#ifndef MMTRACE_REPORT_JSON_READ_H
#define MMTRACE_REPORT_JSON_READ_H

#include <stddef.h>

#include <jansson.h>

/*
 * All of path, read to EOF rather than trusting st_size so that pipes (diff <(...)) work:
 * 0 with a malloc'd, NUL-terminated *buf of *len bytes; -errno (-EISDIR for a directory);
 * -EFBIG past max_bytes. *buf is NULL on failure.
 */
int json_read_file(const char *path, size_t max_bytes, char **buf, size_t *len);

/* "an object", "an array", "a string", "an integer", "a real", "a boolean", "null" */
const char *json_type_name(const json_t *v);

#endif
