// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>

#include "cmd.h"
#include "log.h"

static int err_printed;

static void vlog(const char *level, const char *fmt, va_list ap)
{
	fprintf(stderr, "mmtrace%s%s: %s", cmd_name ? " " : "", cmd_name ? cmd_name : "", level);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void pr_err(const char *fmt, ...)
{
	va_list ap;

	/* One line per failure: later errors of the same run are consequences. */
	if (err_printed++)
		return;
	va_start(ap, fmt);
	vlog("error: ", fmt, ap);
	va_end(ap);
	if (json_output) {
		va_start(ap, fmt);
		fputs("{\"error\": \"", stdout);
		char buf[512];

		vsnprintf(buf, sizeof(buf), fmt, ap);
		for (const char *p = buf; *p; p++) {
			if (*p == '"' || *p == '\\')
				putchar('\\');
			if ((unsigned char)*p >= 0x20)
				putchar(*p);
		}
		fputs("\"}\n", stdout);
		va_end(ap);
	}
}

int pr_err_printed(void)
{
	return err_printed;
}

void pr_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void pr_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void pr_debug(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	vlog("debug: ", fmt, ap);
	va_end(ap);
}

void pr_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("hint: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
