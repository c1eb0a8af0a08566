/* SPDX-License-Identifier: GPL-2.0-only */
/* Diagnostics on stderr: one line per failure, "mmtrace <cmd>: error: ..." (STYLE.md rule 16). */
#ifndef MMTRACE_CMD_LOG_H
#define MMTRACE_CMD_LOG_H

void pr_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pr_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Whether an error line was already printed for this run (main prints a generic one if not). */
int pr_err_printed(void);

#endif
