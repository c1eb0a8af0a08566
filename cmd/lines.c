// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "lines.h"

#define CHUNK (1u << 16)

struct lines {
	int fd;
	bool zstd, eof, probed;
	bool drained;		/* zstd: a call at end of input produced nothing more */
	size_t last_ret;	/* zstd: the last call that made progress; 0 = frame complete */
	ZSTD_DCtx *dctx;
	uint8_t in[CHUNK];
	size_t in_pos, in_len;
	char *buf;		/* decoded text */
	size_t pos, len, cap;
};

struct lines *lines_open(const char *path)
{
	struct lines *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (l->fd < 0) {
		int err = errno;

		free(l);
		errno = err;
		return NULL;
	}
	return l;
}

static int read_in(struct lines *l)
{
	ssize_t n;

	do
		n = read(l->fd, l->in, sizeof(l->in));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	l->in_pos = 0;
	l->in_len = (size_t)n;
	if (!n)
		l->eof = true;
	return 0;
}

/* Appends more decoded text to buf; 0, or negative errno. */
static int fill(struct lines *l)
{
	int err;

	if (l->in_pos == l->in_len && !l->eof && (err = read_in(l)))
		return err;
	if (!l->probed) {
		l->probed = true;
		if (l->in_len >= 4 && !memcmp(l->in, "\x28\xb5\x2f\xfd", 4)) {
			l->zstd = true;
			l->dctx = ZSTD_createDCtx();
			if (!l->dctx)
				return -ENOMEM;
		}
	}
	if (l->cap - l->len < CHUNK) {
		size_t cap = l->cap ? l->cap * 2 : 4 * CHUNK;
		char *p;

		/* Move the unread tail down first; grow only for a line longer than the buffer. */
		if (l->pos) {
			memmove(l->buf, l->buf + l->pos, l->len - l->pos);
			l->len -= l->pos;
			l->pos = 0;
		}
		if (l->cap - l->len < CHUNK) {
			p = realloc(l->buf, cap);
			if (!p)
				return -ENOMEM;
			l->buf = p;
			l->cap = cap;
		}
	}
	if (!l->zstd) {
		size_t n = l->in_len - l->in_pos;

		memcpy(l->buf + l->len, l->in + l->in_pos, n);
		l->len += n;
		l->in_pos = l->in_len;
		return 0;
	}
	{
		ZSTD_inBuffer in = { l->in, l->in_len, l->in_pos };
		ZSTD_outBuffer out = { l->buf + l->len, l->cap - l->len, 0 };
		size_t ret = ZSTD_decompressStream(l->dctx, &out, &in);

		if (ZSTD_isError(ret))
			return -EBADMSG;
		if (in.pos != l->in_pos || out.pos)
			l->last_ret = ret;
		l->in_pos = in.pos;
		l->len += out.pos;
		if (l->eof && in.pos == in.size && !out.pos) {
			if (l->last_ret)
				return -ENODATA;	/* the compressed input ended mid-frame */
			l->drained = true;
		}
	}
	return 0;
}

int lines_next(struct lines *l, const char **line, size_t *len)
{
	for (;;) {
		char *nl = l->pos < l->len ? memchr(l->buf + l->pos, '\n', l->len - l->pos) : NULL;
		int err;

		if (nl) {
			*line = l->buf + l->pos;
			*len = (size_t)(nl - *line);
			l->pos += *len + 1;
			return 1;
		}
		if (l->eof && l->in_pos == l->in_len && (!l->zstd || l->drained)) {
			if (l->pos == l->len)
				return 0;
			/* A last line without its newline. */
			*line = l->buf + l->pos;
			*len = l->len - l->pos;
			l->pos = l->len;
			return 1;
		}
		err = fill(l);
		if (err)
			return err;
	}
}

int lines_rewind(struct lines *l)
{
	if (lseek(l->fd, 0, SEEK_SET) < 0)
		return -errno;
	l->eof = false;
	l->drained = false;
	l->in_pos = l->in_len = 0;
	l->pos = l->len = 0;
	if (l->dctx)
		ZSTD_DCtx_reset(l->dctx, ZSTD_reset_session_only);
	return 0;
}

void lines_close(struct lines *l)
{
	if (!l)
		return;
	if (l->fd > STDIN_FILENO)
		close(l->fd);
	ZSTD_freeDCtx(l->dctx);
	free(l->buf);
	free(l);
}
