// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace reader on arbitrary bytes: it must return an error, never crash or hang, and
 * its batch API must yield exactly what next() does, the same error included.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* odd, so batches end inside blocks and across their ends */
#define FUZZ_BATCH 7

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_reader *r = trace_reader__open_mem(data, size, NULL);
	struct trace_reader *rb = trace_reader__open_mem(data, size, NULL);
	struct mm_event ev, batch[FUZZ_BATCH];
	int ret, got = 0, used = 0;

	if (!r || !rb) {
		if (!r != !rb)
			abort();
		trace_reader__close(r);
		trace_reader__close(rb);
		return 0;
	}
	while ((ret = trace_reader__next(r, &ev)) == 1) {
		if (ev.type == MM_EV_NONE || ev.type >= MM_EV__NR ||
		    ev.cpu >= trace_reader__header(r)->nr_cpus)
			abort();
		if (ev.type == MM_EV_KMEM_CACHE_FREE && ev.free.cache &&
		    !trace_reader__string(r, ev.free.cache))
			abort();
		if (used == got) {
			got = trace_reader__next_batch(rb, batch, FUZZ_BATCH);
			used = 0;
			if (got <= 0 || got > FUZZ_BATCH)
				abort();
		}
		if (memcmp(&ev, &batch[used++], sizeof(ev)))
			abort();
	}
	if (used != got || trace_reader__next_batch(rb, batch, FUZZ_BATCH) != ret ||
	    strcmp(trace_reader__strerror(r), trace_reader__strerror(rb)))
		abort();
	trace_reader__close(r);
	trace_reader__close(rb);
	return 0;
}
