// SPDX-License-Identifier: GPL-2.0-only
/* The snapshot container: a list of named blobs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"

int snap_path_valid(const char *path, size_t len)
{
	size_t start = 0;

	if (!len || path[0] == '/')
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && path[i] == '\0')
			return 0;
		if (i == len || path[i] == '/') {
			size_t n = i - start;

			if (n == 0 || (n == 1 && path[start] == '.') ||
			    (n == 2 && path[start] == '.' && path[start + 1] == '.'))
				return 0;
			start = i + 1;
		}
	}
	return 1;
}

const struct snap_file *snap_files__find(const struct snap_files *s, const char *path)
{
	size_t lo = 0, hi = s->nr_sorted < s->nr ? s->nr_sorted : s->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid].path, path);

		if (!c)
			return &s->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = s->nr_sorted; i < s->nr; i++)
		if (!strcmp(s->v[i].path, path))
			return &s->v[i];
	return NULL;
}

int snap_files__add(struct snap_files *s, const char *path, const void *data, size_t len)
{
	size_t plen = strlen(path);
	struct snap_file f;

	if (!snap_path_valid(path, plen))
		return -EINVAL;
	if (snap_files__find(s, path))
		return -EEXIST;
	if (s->nr == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct snap_file *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	f.path = malloc(plen + 1);
	f.data = malloc(len + 1);
	if (!f.path || !f.data) {
		free(f.path);
		free(f.data);
		return -ENOMEM;
	}
	memcpy(f.path, path, plen + 1);
	if (len)
		memcpy(f.data, data, len);
	f.data[len] = '\0';
	f.len = len;
	if (s->nr_sorted == s->nr && (!s->nr || strcmp(s->v[s->nr - 1].path, f.path) < 0))
		s->nr_sorted++;
	s->v[s->nr++] = f;
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct snap_file *)a)->path, ((const struct snap_file *)b)->path);
}

void snap_files__sort(struct snap_files *s)
{
	if (s->nr > 1)
		qsort(s->v, s->nr, sizeof(*s->v), cmp_file);
	s->nr_sorted = s->nr;
}

void snap_files__clear(struct snap_files *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr; i++) {
		free(s->v[i].path);
		free(s->v[i].data);
	}
	free(s->v);
	s->v = NULL;
	s->nr = s->cap = s->nr_sorted = 0;
}
