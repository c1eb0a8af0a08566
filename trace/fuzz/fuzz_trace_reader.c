// SPDX-License-Identifier: GPL-2.0-only
/* The trace reader on arbitrary bytes: it must return an error, never crash or hang. */
#include <stdint.h>
#include <stdlib.h>

#include "../reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_reader *r = trace_reader__open_mem(data, size, NULL);
	struct mm_event ev;

	if (!r)
		return 0;
	while (trace_reader__next(r, &ev) == 1) {
		if (ev.type == MM_EV_NONE || ev.type >= MM_EV__NR ||
		    ev.cpu >= trace_reader__header(r)->nr_cpus)
			abort();
		if (ev.type == MM_EV_KMEM_CACHE_FREE && ev.free.cache &&
		    !trace_reader__string(r, ev.free.cache))
			abort();
	}
	trace_reader__close(r);
	return 0;
}
