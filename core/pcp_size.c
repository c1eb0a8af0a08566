// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-cpu pageset sizing (KERNEL-NOTES §4.1): zone_batchsize(), zone_highsize() and
 * zone_set_pageset_high_and_batch() from Debian's 6.1.192 and 6.12.117 mm/page_alloc.c.
 * The kernel gives every possible CPU of a zone the same values, so they are per zone
 * here. 6.1 stores one pcp->high; 6.12 stores high_min and high_max and tunes pcp->high
 * between them at run time (profile pcp_high_autotune).
 */
#include <stdint.h>

#include "config.h"

/* SZ_1M / PAGE_SIZE: zone_batchsize()'s "or 1MB, whichever is smaller" */
#define PCP_BATCH_BYTES_MAX (1u << 20)
/* MIN_PERCPU_PAGELIST_HIGH_FRACTION (mm/page_alloc.c): 6.12's high_max is managed / 8 */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8

/* rounddown_pow_of_two() of a positive int */
static int32_t pcp_rounddown_pow_of_two(int32_t x)
{
	int32_t p = 1;

	while (p <= x / 2)
		p *= 2;
	return p;
}

/*
 * zone_batchsize(): about 0.1% of the zone or 1 MiB, whichever is smaller, divided by 4,
 * at least 1, then 1.5x rounded down to a power of two minus 1 (cache aliasing); the
 * caller's max(1, ...) folded in.
 */
int32_t pcp_zone_batchsize(uint64_t managed_pages, uint32_t page_shift)
{
	uint64_t limit = PCP_BATCH_BYTES_MAX >> page_shift;
	int32_t batch = (int32_t)((managed_pages >> 10) < limit ? managed_pages >> 10 : limit);

	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch = pcp_rounddown_pow_of_two(batch + batch / 2) - 1;
	return batch < 1 ? 1 : batch;
}

/*
 * zone_highsize(): the low watermark (or managed / high_fraction) split over the CPUs of
 * the zone's node (plus cpu_online during hotplug; all online CPUs if the node has none),
 * at least batch * 4.
 */
int32_t pcp_zone_highsize(const struct mm_config_in *in, unsigned int zone, uint64_t low_wmark,
			  int32_t batch, int cpu_online, int64_t high_fraction)
{
	const struct mm_config_zone_in *z = &in->zones[zone];
	uint64_t total_pages;
	int32_t nr_split_cpus, high;

	if (!high_fraction)
		total_pages = low_wmark;
	else
		total_pages = z->managed_pages / (uint64_t)high_fraction;
	nr_split_cpus = (int32_t)in->nr_node_cpus[z->node] + cpu_online;
	if (!nr_split_cpus)
		nr_split_cpus = (int32_t)in->nr_cpus_online;
	/* the kernel's int high = unsigned long / int */
	high = nr_split_cpus ? (int32_t)(total_pages / (uint64_t)nr_split_cpus) : 0;
	if (high < batch * 4)
		high = batch * 4;
	return high;
}

/*
 * zone_set_pageset_high_and_batch(zone, cpu_online = 0), as setup_per_zone_wmarks() calls
 * it for every zone after the watermarks changed. 6.1: high from percpu_pagelist_high_fraction
 * (0: the low watermark). 6.12: a set fraction pins high_min = high_max (no auto-tuning);
 * otherwise high_min from the low watermark and high_max from managed / 8.
 */
void pcp_set_high_and_batch(const struct mm_kernel *k, const struct mm_config_in *in,
			    struct mm_config_out *out)
{
	int64_t fraction = in->percpu_pagelist_high_fraction;

	if (fraction < 0)
		fraction = 0;

	for (uint32_t i = 0; i < in->nr_zones; i++) {
		struct mm_config_zone_out *o = &out->zones[i];
		uint64_t low = o->wmark[MM_WMARK_LOW];
		int32_t batch = pcp_zone_batchsize(in->zones[i].managed_pages, in->page_shift);

		o->batch = batch;
		if (!k->p->pcp_high_autotune) {
			o->high = pcp_zone_highsize(in, i, low, batch, 0, fraction);
			o->high_min = o->high_max = o->high;
		} else if (fraction) {
			o->high_min = pcp_zone_highsize(in, i, low, batch, 0, fraction);
			o->high_max = o->high_min;
			o->high = o->high_min;
		} else {
			o->high_min = pcp_zone_highsize(in, i, low, batch, 0, 0);
			o->high_max = pcp_zone_highsize(in, i, low, batch, 0,
							MIN_PERCPU_PAGELIST_HIGH_FRACTION);
			o->high = o->high_min;
		}
	}
}
