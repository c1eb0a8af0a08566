// SPDX-License-Identifier: GPL-2.0-only
/*
 * A policy applied to an engine just built from its snapshot (core/policy.h): the
 * switches become this engine's fields, and changed sysctls replace the snapshot's
 * watermarks, protection and pcp sizes with what the kernel derives from them, as a
 * sysctl write would (setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve(),
 * zone_pcp_update() of mm/page_alloc.c). Run-time state stays the snapshot's: the
 * watermark boost, and 6.12's pcp->high, which the kernel does not reset either
 * (pageset_update() sets only batch, high_min and high_max; nr_pcp_high() clamps).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine.h"
#include "internal.h"
#include "policy.h"

/* Whether p changes an input of mm_config_derive() or sets a pcp size outright. */
static bool policy_config_differs(const struct mm_config_in *snap, const struct mm_config_in *in,
				  const struct mm_policy *p)
{
	if (mm_policy_is_set(p, MM_POLICY_PCP_BATCH) || mm_policy_is_set(p, MM_POLICY_PCP_HIGH))
		return true;
	return snap->min_free_kbytes != in->min_free_kbytes ||
	       snap->watermark_scale_factor != in->watermark_scale_factor ||
	       snap->percpu_pagelist_high_fraction != in->percpu_pagelist_high_fraction ||
	       snap->pageblock_order != in->pageblock_order ||
	       memcmp(snap->lowmem_reserve_ratio, in->lowmem_reserve_ratio,
		      sizeof(snap->lowmem_reserve_ratio));
}

static int policy_install_config(struct mm_engine *e, const struct mm_machine *m,
				 const struct mm_policy *p)
{
	struct mm_config_in *snap = malloc(sizeof(*snap)), *in = malloc(sizeof(*in));
	struct mm_config_out *out = malloc(sizeof(*out));
	int ret;

	if (!snap || !in || !out) {
		ret = -ENOMEM;
		goto out;
	}
	ret = mm_config_in_from_machine(m, snap);
	if (ret)
		goto out;
	ret = mm_policy_derive(&e->k, m, p, in, out);
	if (ret || !policy_config_differs(snap, in, p))
		goto out;
	for (uint32_t i = 0; i < e->nr_zones; i++) {
		struct mm_zone_st *z = &e->zones[i];
		const struct mm_config_zone_out *o = NULL;

		for (uint32_t j = 0; j < in->nr_zones; j++)
			if (in->zones[j].node == z->node && in->zones[j].zone_idx == z->zone_idx)
				o = &out->zones[j];
		if (!o)
			continue;
		memcpy(z->wmark, o->wmark, sizeof(z->wmark));
		for (uint32_t j = 0; j < ZT__NR && j < in->nr_node_zones; j++)
			z->lowmem_reserve[j] = o->lowmem_reserve[j];
		for (uint32_t c = 0; c < e->nr_cpus; c++) {
			struct mm_pcp *pcp = &z->pcp[c];

			pcp->batch = o->batch;
			pcp->high_min = o->high_min;
			pcp->high_max = o->high_max;
			if (!e->k.p->pcp_high_autotune || mm_policy_is_set(p, MM_POLICY_PCP_HIGH))
				pcp->high = o->high;
		}
	}
out:
	free(out);
	free(in);
	free(snap);
	return ret;
}

int engine_apply_policy(struct mm_engine *e, const struct mm_machine *m, const struct mm_policy *p)
{
	int ret;

	for (unsigned int mt = 0; mt < MT_PCPTYPES; mt++)
		if (mm_policy_is_set(p, MM_POLICY_FALLBACKS) && (p->fallbacks_set & (1u << mt)))
			memcpy(e->prof.fallbacks[mt], p->fallbacks[mt], sizeof(e->prof.fallbacks[mt]));
	if (mm_policy_is_set(p, MM_POLICY_ALLOC_NOFRAGMENT))
		e->no_alloc_nofragment = !p->alloc_nofragment;
	if (mm_policy_is_set(p, MM_POLICY_HIGHATOMIC))
		e->no_highatomic_reserve = !p->highatomic;
	if (mm_policy_is_set(p, MM_POLICY_WATERMARK_BOOST_FACTOR))
		e->watermark_boost_factor = (uint32_t)p->watermark_boost_factor;
	if (mm_policy_is_set(p, MM_POLICY_PAGEBLOCK_ORDER) &&
	    p->pageblock_order != e->prof.pageblock_order) {
		if (!p->pageblock_order || p->pageblock_order >= e->prof.nr_page_orders)
			return -EINVAL;
		ret = pageblock_reorder(e, p->pageblock_order);
		if (ret)
			return ret;
	}
	if (mm_policy_changes_config(p))
		return policy_install_config(e, m, p);
	return 0;
}
