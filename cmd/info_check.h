/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `mmtrace info --check`: derive the allocator configuration from a snapshot's shape and
 * sysctls (core/config.h) and the slab caches' geometry (core/slab.h), and compare them,
 * field by field, with what the snapshot's /proc/zoneinfo and /sys/kernel/slab show.
 */
#ifndef MMTRACE_CMD_INFO_CHECK_H
#define MMTRACE_CMD_INFO_CHECK_H

#include <stdint.h>

struct snap_files;

/*
 * Check snapshot s (the trace at path, for messages). The kernel is kernel_override
 * (--kernel, a profile name or a release) if given, else the trace's release (or the
 * snapshot's osrelease), with the snapshot's `uname -v` text for Debian's hidden
 * sublevel. page_size is the trace header's (0: 4096). Prints the table on stdout and
 * returns the number of mismatches, or a negative errno after one error line:
 * -ENOENT unknown kernel (with a hint listing the known ones), -ENODATA no snapshot or
 * no zoneinfo, -EBADMSG a snapshot that does not parse, -EOPNOTSUPP a shape the
 * derivation does not handle (several NUMA nodes), -ENOMEM.
 */
int info_check(const struct snap_files *s, const char *path, const char *kernel_override,
	       const char *trace_release, uint32_t page_size);

#endif
