/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading a text file line by line, plain or zstd-compressed (by magic), or stdin. */
#ifndef MMTRACE_CMD_LINES_H
#define MMTRACE_CMD_LINES_H

#include <stddef.h>

struct lines;

/* "-" is stdin. NULL with errno set. */
struct lines *lines_open(const char *path);
/* 1 with line and len set (without the newline), 0 at the end, negative errno on error. */
int lines_next(struct lines *l, const char **line, size_t *len);
/* Whether the input can be read again from the start (a regular file). */
int lines_rewind(struct lines *l);
void lines_close(struct lines *l);

#endif
