/* SPDX-License-Identifier: GPL-2.0-only */
/* The eBPF collector behind `mmtrace record` (trace/collector.c; collector_stub.c without BPF). */
#ifndef MMTRACE_TRACE_COLLECTOR_H
#define MMTRACE_TRACE_COLLECTOR_H

#include <stdbool.h>

/* Whether this binary was built with the BPF collector. */
bool collector_available(void);

#endif
