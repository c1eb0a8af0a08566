// SPDX-License-Identifier: GPL-2.0-only
/* Zone memory: per-page arrays and list heads; zone lookup by pfn. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int zone_init(struct mm_zone_st *z, uint64_t start_pfn, uint32_t nr_pages, uint32_t nr_cpus,
	      unsigned int pageblock_order, enum pg_kind initial)
{
	uint64_t first_pb = start_pfn >> pageblock_order;
	uint64_t last_pb = nr_pages ? (start_pfn + nr_pages - 1) >> pageblock_order : first_pb;
	size_t links;

	z->zone_start_pfn = start_pfn;
	z->nr_pages = nr_pages;
	z->nr_heads = MM_NR_ORDERS_MAX * MT__NR + nr_cpus * MM_NR_PCP_LISTS;
	if ((uint64_t)nr_pages + z->nr_heads >= MM_NO_IDX)
		return -E2BIG;
	links = (size_t)nr_pages + z->nr_heads;
	z->nr_pageblocks = (uint32_t)(last_pb - first_pb + 1);
	/*
	 * calloc() of large arrays maps zero pages that cost nothing until written: links are
	 * only read on listed pages, and a PG_NONE start needs no write, so the memory holes
	 * a zone spans stay unallocated and RSS follows the pages the replay touches.
	 */
	z->next = calloc(links, sizeof(*z->next));
	z->prev = calloc(links, sizeof(*z->prev));
	z->state = calloc(nr_pages ? nr_pages : 1, 1);
	z->pcp_mt = calloc(nr_pages ? nr_pages : 1, 1);
	z->pb_mt = calloc(z->nr_pageblocks, 1);
	z->pcp = calloc(nr_cpus, sizeof(*z->pcp));
	if (!z->next || !z->prev || !z->state || !z->pcp_mt || !z->pb_mt || !z->pcp) {
		zone_free(z);
		return -ENOMEM;
	}
	if (initial != PG_NONE)
		memset(z->state, PG_STATE(initial, 0), nr_pages);
	for (uint32_t h = 0; h < z->nr_heads; h++)
		lst_init(z, nr_pages + h);
	/* Pageblocks default to MOVABLE, as memmap_init_range() marks them at boot. */
	memset(z->pb_mt, MT_MOVABLE, z->nr_pageblocks);
	return 0;
}

void zone_free(struct mm_zone_st *z)
{
	if (!z)
		return;
	free(z->next);
	free(z->prev);
	free(z->state);
	free(z->pcp_mt);
	free(z->pb_mt);
	free(z->pcp);
	z->next = z->prev = NULL;
	z->state = z->pcp_mt = z->pb_mt = NULL;
	z->pcp = NULL;
}

/* The head of the free block containing idx, or MM_NO_IDX. */
uint32_t zone_free_block_of(const struct mm_zone_st *z, uint32_t idx, unsigned int nr_orders)
{
	for (unsigned int o = 0; o < nr_orders; o++) {
		uint32_t head = (uint32_t)(((z->zone_start_pfn + idx) & ~((1ull << o) - 1)) - z->zone_start_pfn);
		uint8_t s;

		if (head > idx || head >= z->nr_pages)
			break;
		s = z->state[head];
		if (PG_KIND(s) == PG_BUDDY && PG_ORDER(s) >= o && head + (1u << PG_ORDER(s)) > idx)
			return head;
	}
	return MM_NO_IDX;
}

struct mm_zone_st *zone_of_pfn(struct mm_engine *e, uint64_t pfn)
{
	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];

		/* below the zone, the difference wraps past any u32 nr_pages */
		if (pfn - z->zone_start_pfn < z->nr_pages)
			return z;
	}
	return NULL;
}

struct mm_engine *engine_new_test(const struct mm_profile *p, uint64_t start_pfn, uint32_t nr_pages,
				  uint32_t nr_cpus)
{
	struct mm_engine *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->k.p = p;
	e->k.fallback = p == &profile_6_1 ? FALLBACK_6_1 : FALLBACK_6_12_CLAIM_STEAL;
	e->nr_cpus = nr_cpus;
	e->nr_zones = 1;
	e->trace_mt_isolate = 4;
	e->zones = calloc(1, sizeof(*e->zones));
	if (!e->zones || zone_init(e->zones, start_pfn, nr_pages, nr_cpus, p->pageblock_order, PG_HOLE)) {
		free(e->zones);
		free(e);
		return NULL;
	}
	e->zones->zone_idx = ZT_NORMAL;
	strcpy(e->zones->name, "Normal");
	e->zones->managed_pages = nr_pages;
	e->zones->present_pages = nr_pages;
	return e;
}
