// SPDX-License-Identifier: GPL-2.0-only
/*
 * Zone watermarks and reserves as the kernel sizes them (KERNEL-NOTES §3.1-3.4): the
 * default min_free_kbytes, THP's recommendation, __setup_per_zone_wmarks(),
 * setup_per_zone_lowmem_reserve(), calculate_totalreserve_pages(), and the vmstat
 * threshold that bounds how far NR_FREE_PAGES may lag the truth. Written from Debian's
 * 6.1.192 and 6.12.117 mm/page_alloc.c, mm/khugepaged.c and mm/vmstat.c; the two differ
 * only in how ZONE_MOVABLE enters __setup_per_zone_wmarks() (profile movable_wmark_capped).
 */
#include <stdint.h>

#include "config.h"

/* SWAP_CLUSTER_MAX and the 128-page cap of a HIGHMEM/MOVABLE WMARK_MIN
 * (__setup_per_zone_wmarks()) */
#define SWAP_CLUSTER_MAX 32
#define WMARK_MIN_CAPPED_MAX 128
/* calculate_min_free_kbytes(): "128k min", "256MB max" */
#define MIN_FREE_KBYTES_LO 128
#define MIN_FREE_KBYTES_HI 262144
/* MIGRATE_PCPTYPES, the "3 MIGRATE_TYPES we care about" of set_recommended_min_free_kbytes() */
#define MIGRATE_PCPTYPES 3

uint64_t wmark_int_sqrt(uint64_t x)
{
	uint64_t r = 0, bit = 1ull << 62;

	/* digit-by-digit square root, base 4: exact floor for every 64-bit input */
	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

uint64_t wmark_mult_frac(uint64_t x, uint64_t n, uint64_t d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

/*
 * nr_free_zone_pages(gfp_zone(GFP_USER)): the zones of node 0's zonelist up to
 * ZONE_NORMAL, which holds every node's zones; each counts managed - high_wmark if
 * positive. high_wmark_pages() includes the boost, which a recompute leaves at 0.
 */
uint64_t wmark_nr_free_buffer_pages(const struct mm_config_in *in, const struct mm_config_out *out)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < in->nr_zones; i++) {
		uint64_t size = in->zones[i].managed_pages;
		uint64_t high = out->zones[i].wmark[MM_WMARK_HIGH];

		if (in->zones[i].user && size > high)
			sum += size - high;
	}
	return sum;
}

/*
 * calculate_min_free_kbytes(): sqrt(lowmem_kbytes * 16) kB, clamped to [128, 262144]. The
 * kernel compares with user_min_free_kbytes first; the caller only asks when it is unset
 * (-1), where any value passes.
 */
int64_t wmark_calculate_min_free_kbytes(const struct mm_config_in *in,
					const struct mm_config_out *out)
{
	uint64_t lowmem_kbytes = wmark_nr_free_buffer_pages(in, out) << (in->page_shift - 10);
	/* new_min_free_kbytes is an int in the kernel */
	int64_t v = (int32_t)wmark_int_sqrt(lowmem_kbytes * 16);

	if (v < MIN_FREE_KBYTES_LO)
		v = MIN_FREE_KBYTES_LO;
	if (v > MIN_FREE_KBYTES_HI)
		v = MIN_FREE_KBYTES_HI;
	return v;
}

/*
 * khugepaged's set_recommended_min_free_kbytes(): 2 free pageblocks per populated zone up
 * to ZONE_NORMAL plus MIGRATE_PCPTYPES^2 more, at most 5% of nr_free_buffer_pages().
 */
int64_t wmark_recommended_min_free_kbytes(const struct mm_config_in *in,
					  const struct mm_config_out *out)
{
	uint64_t pageblock_nr_pages = 1ull << in->pageblock_order, nr_zones = 0, rec;

	for (uint32_t i = 0; i < in->nr_zones; i++)
		if (in->zones[i].present_pages && in->zones[i].user)
			nr_zones++;
	rec = pageblock_nr_pages * nr_zones * 2;
	rec += pageblock_nr_pages * nr_zones * MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	if (rec > wmark_nr_free_buffer_pages(in, out) / 20)
		rec = wmark_nr_free_buffer_pages(in, out) / 20;
	return (int64_t)(rec << (in->page_shift - 10));
}

/*
 * __setup_per_zone_wmarks(): pages_min shared out in proportion to managed pages over the
 * "lowmem" zones; a capped WMARK_MIN for HIGHMEM (6.12: and MOVABLE, which 6.12 also
 * leaves out of lowmem; 6.1 counts MOVABLE as lowmem and gives it a proportional
 * WMARK_MIN; see profile movable_wmark_capped); then the kswapd distances from
 * watermark_scale_factor.
 */
void wmark_setup_per_zone(const struct mm_kernel *k, const struct mm_config_in *in,
			  struct mm_config_out *out)
{
	uint64_t pages_min = (uint64_t)out->min_free_kbytes >> (in->page_shift - 10);
	uint64_t wsf = in->watermark_scale_factor > 0 ? (uint64_t)in->watermark_scale_factor : 0;
	bool movable_capped = k->p->movable_wmark_capped;
	uint64_t lowmem_pages = 0;

	for (uint32_t i = 0; i < in->nr_zones; i++) {
		const struct mm_config_zone_in *z = &in->zones[i];

		if (!z->highmem && !(movable_capped && z->movable))
			lowmem_pages += z->managed_pages;
	}
	for (uint32_t i = 0; i < in->nr_zones; i++) {
		const struct mm_config_zone_in *z = &in->zones[i];
		struct mm_config_zone_out *o = &out->zones[i];
		/* the kernel divides by zero here; no machine that boots has no lowmem */
		uint64_t tmp = lowmem_pages ? pages_min * z->managed_pages / lowmem_pages : 0;
		uint64_t d;

		if (z->highmem || (movable_capped && z->movable)) {
			uint64_t min_pages = z->managed_pages / 1024;

			if (min_pages < SWAP_CLUSTER_MAX)
				min_pages = SWAP_CLUSTER_MAX;
			if (min_pages > WMARK_MIN_CAPPED_MAX)
				min_pages = WMARK_MIN_CAPPED_MAX;
			o->wmark[MM_WMARK_MIN] = min_pages;
		} else {
			o->wmark[MM_WMARK_MIN] = tmp;
		}
		/* the uncapped share, not WMARK_MIN, sets the distances */
		d = tmp >> 2;
		if (wmark_mult_frac(z->managed_pages, wsf, 10000) > d)
			d = wmark_mult_frac(z->managed_pages, wsf, 10000);
		o->wmark[MM_WMARK_LOW] = o->wmark[MM_WMARK_MIN] + d;
		o->wmark[MM_WMARK_HIGH] = o->wmark[MM_WMARK_LOW] + d;
		o->wmark[MM_WMARK_PROMO] = o->wmark[MM_WMARK_HIGH] + d;
	}
	wmark_totalreserve_pages(in, out);
}

/*
 * setup_per_zone_lowmem_reserve(): for each zone i below the node's last, the pages of
 * the zones above it, cumulatively, divided by sysctl_lowmem_reserve_ratio[i]; all 0 when
 * the ratio is 0 or zone i manages nothing. lowmem_reserve[j <= i] stays 0.
 */
void wmark_lowmem_reserve(const struct mm_config_in *in, struct mm_config_out *out)
{
	uint32_t nz = in->nr_node_zones;

	for (uint32_t i = 0; i < in->nr_zones; i++)
		for (uint32_t j = 0; j < MM_CONFIG_MAX_NODE_ZONES; j++)
			out->zones[i].lowmem_reserve[j] = 0;
	for (uint32_t base = 0; base + nz <= in->nr_zones; base += nz) {
		for (uint32_t i = 0; i + 1 < nz; i++) {
			const struct mm_config_zone_in *z = &in->zones[base + i];
			int64_t ratio = in->lowmem_reserve_ratio[i];
			bool clear = ratio <= 0 || !z->managed_pages;
			uint64_t managed_pages = 0;

			for (uint32_t j = i + 1; j < nz; j++) {
				managed_pages += in->zones[base + j].managed_pages;
				out->zones[base + i].lowmem_reserve[j] =
					clear ? 0 : (int64_t)(managed_pages / (uint64_t)ratio);
			}
		}
	}
	wmark_totalreserve_pages(in, out);
}

/*
 * calculate_totalreserve_pages(): per zone the largest lowmem_reserve[j >= i] plus the
 * high watermark, at most the zone's managed pages.
 */
void wmark_totalreserve_pages(const struct mm_config_in *in, struct mm_config_out *out)
{
	uint32_t nz = in->nr_node_zones;

	out->totalreserve_pages = 0;
	for (uint32_t i = 0; i < in->nr_zones; i++) {
		struct mm_config_zone_out *o = &out->zones[i];
		int64_t max = 0;

		for (uint32_t j = (uint32_t)in->zones[i].zone_idx; j < nz; j++)
			if (o->lowmem_reserve[j] > max)
				max = o->lowmem_reserve[j];
		max += (int64_t)o->wmark[MM_WMARK_HIGH];
		if (max > (int64_t)in->zones[i].managed_pages)
			max = (int64_t)in->zones[i].managed_pages;
		o->reserve_pages = (uint64_t)max;
		out->totalreserve_pages += (uint64_t)max;
	}
}

/* fls(): the 1-based index of the highest set bit, 0 for 0 */
static int32_t wmark_fls(uint32_t x)
{
	int32_t r = 0;

	while (x) {
		r++;
		x >>= 1;
	}
	return r;
}

/*
 * calculate_normal_threshold() (mm/vmstat.c): 2 * fls(cpus) * (1 + fls(managed in 128 MiB
 * units)), at most 125.
 */
int32_t wmark_normal_threshold(const struct mm_config_in *in, uint64_t managed_pages)
{
	/* mem is an int in the kernel: memory in 128 MB units */
	uint32_t mem = (uint32_t)(managed_pages >> (27 - in->page_shift));
	int32_t threshold = 2 * wmark_fls(in->nr_cpus_online) * (1 + wmark_fls(mem));

	return threshold < 125 ? threshold : 125;
}
