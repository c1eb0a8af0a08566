// SPDX-License-Identifier: GPL-2.0-only
/* Shared by report/'s JSON readers (json_read.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_read.h"

int json_read_file(const char *path, size_t max_bytes, char **buf, size_t *len)
{
	size_t cap = 0, n_read = 0;
	char *b = NULL;
	struct stat st;
	int fd, ret = 0;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		goto out;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max_bytes) {
		ret = -EFBIG;
		goto out;
	}
	for (;;) {
		ssize_t n;

		/* one byte always spare, for the NUL */
		if (n_read + 1 >= cap) {
			char *nb;

			if (cap > max_bytes) {
				ret = -EFBIG;
				goto out;
			}
			cap = cap ? cap * 2 : 1 << 16;
			nb = realloc(b, cap);
			if (!nb) {
				ret = -ENOMEM;
				goto out;
			}
			b = nb;
		}
		n = read(fd, b + n_read, cap - n_read - 1);
		if (n < 0) {
			ret = -errno;
			goto out;
		}
		if (!n)
			break;
		n_read += (size_t)n;
	}
	if (n_read > max_bytes) {
		ret = -EFBIG;
		goto out;
	}
	b[n_read] = '\0';
	*buf = b;
	*len = n_read;
	b = NULL;
out:
	if (fd >= 0)
		close(fd);
	free(b);
	return ret;
}

const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}
