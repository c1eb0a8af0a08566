/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parsers from the raw snapshot text (trace/snapshot.h, trace/SNAPSHOT.md) to the typed
 * machine state (core/machine.h). Each parse_*() is pure: it reads (buf, len), which
 * need not be NUL-terminated, and adds what it finds to a machine initialised with
 * mm_machine__init(). They return 0 or a negative errno: -EBADMSG for text that is not
 * the file it claims to be (err->line is then the 1-based line, err->msg the reason),
 * -ENOMEM. err may be NULL. Layouts from 4.x to 6.18 are accepted: lines a kernel does
 * not print simply leave their "has" bit clear.
 */
#ifndef MMTRACE_TRACE_SNAPSHOT_PARSE_H
#define MMTRACE_TRACE_SNAPSHOT_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/machine.h"

struct snap_files;

struct parse_err {
	char file[128];		/* the snapshot path, "proc/zoneinfo" */
	unsigned int line;	/* 1-based; 0 if not about a line (binary files) */
	char msg[160];
};

/* /proc files */
int parse_zoneinfo(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
int parse_buddyinfo(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
int parse_pagetypeinfo(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
int parse_vmstat(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
int parse_slabinfo(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
/* /proc/cmdline: page_alloc.shuffle, slub_debug, slub_{min_objects,min_order,max_order} */
int parse_cmdline(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
/* /proc/version ("Linux version R (...) (...) V"): release and version, if not yet set */
int parse_proc_version(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);

/* One events/<system>/<event>/format file; appends to m->tp_formats. */
int parse_tracepoint_format(const char *buf, size_t len, struct mm_machine *m,
			    struct parse_err *err);
/* A kernel .config (whole or reduced to mm_kconfig_name() options). */
int parse_kconfig(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);

/* Single values. A sysctl or sysfs file holding one integer ("67584\n"). */
int parse_sysctl_value(const char *buf, size_t len, int64_t *value, struct parse_err *err);
/* Whitespace-separated integers ("256\t256\t32\t0\t0\n"); -EBADMSG if more than max. */
int parse_int_list(const char *buf, size_t len, int64_t *v, uint32_t max, uint32_t *nr,
		   struct parse_err *err);
/* A cpulist ("0-3,8\n") as a count of cpus. */
int parse_cpulist(const char *buf, size_t len, uint32_t *nr_cpus, struct parse_err *err);
/* A bool module parameter ("Y\n"/"N\n", also 1/0). */
int parse_param_bool(const char *buf, size_t len, uint8_t *value, struct parse_err *err);
/* /sys/kernel/mm/transparent_hugepage/enabled: the bracketed word into m->thp_enabled. */
int parse_thp_enabled(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
/*
 * One /sys/kernel/slab/<cache>/<attr> file into c. -ENOENT for an attribute mmtrace does
 * not use (callers skip it), -EBADMSG if the value is not what that attribute prints.
 */
int parse_slab_attr(struct mm_slab_cache *c, const char *attr, const char *buf, size_t len,
		    struct parse_err *err);

/* Files mmtrace derives (trace/SNAPSHOT.md) */
int parse_uname(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
int parse_slab_aliases(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
/* mmtrace/freelists: the eBPF walk, or the line saying why there is none. */
int parse_freelists(const char *buf, size_t len, struct mm_machine *m, struct parse_err *err);
/* Validate an encoded pfn map and copy it into map. size_is_order: 1 for free_blocks
 * (the second varint is an order <= MM_MAX_NR_ORDERS - 1), 0 for pcp_candidates. */
int parse_pfn_map(const void *buf, size_t len, int size_is_order, struct mm_pfn_map *map,
		  struct parse_err *err);

/*
 * Parse every file of a snapshot that mmtrace knows, in a fixed order whatever the
 * snapshot's order (zoneinfo first, so zone indices come from it). m is initialised
 * here; on error it is freed again and err names the file. A file that is absent leaves
 * its fields marked not present; an unknown file is ignored.
 */
int mm_machine__from_snapshot(struct mm_machine *m, const struct snap_files *s,
			      struct parse_err *err);

/* The zone with this node and name, or NULL. */
const struct mm_zone *mm_machine__zone(const struct mm_machine *m, int node, const char *name);
/* The cache with this name (a sysfs directory or an alias), or NULL. */
const struct mm_slab_cache *mm_machine__slab_cache(const struct mm_machine *m, const char *name);
/* The value of a vmstat counter; -ENOENT if absent. */
int mm_machine__vmstat(const struct mm_machine *m, const char *name, uint64_t *value);

#endif
