// SPDX-License-Identifier: GPL-2.0-only
/*
 * The configuration derivation as a whole (core/config.h): the boot sequence that calls
 * watermark.c and pcp_size.c in the kernel's order, the input built from a parsed
 * snapshot, and the field-by-field comparison with what the snapshot printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static int config_validate(const struct mm_config_in *in)
{
	if (!in->nr_zones || in->nr_zones > MM_CONFIG_MAX_ZONES || !in->nr_node_zones ||
	    in->nr_node_zones > MM_CONFIG_MAX_NODE_ZONES || in->nr_zones % in->nr_node_zones ||
	    !in->nr_nodes || in->nr_nodes > MM_CONFIG_MAX_NODES ||
	    in->nr_zones / in->nr_node_zones != in->nr_nodes || in->page_shift < 10 ||
	    in->page_shift > 27 || in->pageblock_order > 20)
		return -EINVAL;
	for (uint32_t i = 0; i < in->nr_zones; i++)
		if (in->zones[i].node != (int32_t)(i / in->nr_node_zones) ||
		    in->zones[i].zone_idx != (int32_t)(i % in->nr_node_zones))
			return -EINVAL;
	return 0;
}

/* setup_per_zone_wmarks(): __setup_per_zone_wmarks(), then zone_pcp_update(zone, 0) */
static void config_setup_per_zone_wmarks(const struct mm_kernel *k, const struct mm_config_in *in,
					 struct mm_config_out *out)
{
	wmark_setup_per_zone(k, in, out);
	pcp_set_high_and_batch(k, in, out);
}

/* refresh_zone_stat_thresholds(): populated zones only; others keep 0 */
static void config_refresh_zone_stat_thresholds(const struct mm_config_in *in,
						struct mm_config_out *out)
{
	for (uint32_t i = 0; i < in->nr_zones; i++)
		out->zones[i].stat_threshold = in->zones[i].present_pages ?
			wmark_normal_threshold(in, in->zones[i].managed_pages) : 0;
}

/*
 * init_per_zone_wmark_min() at postcore_initcall, when every watermark is still 0: the
 * default min_free_kbytes (unless the user set one), watermarks and pcp, vmstat
 * thresholds, lowmem_reserve. Then hugepage_init() starts khugepaged, whose
 * set_recommended_min_free_kbytes() may raise min_free_kbytes and always recomputes the
 * watermarks. A user-set value is the final one; THP does not apply again.
 */
static void config_init_per_zone_wmark_min(const struct mm_kernel *k,
					   const struct mm_config_in *in,
					   struct mm_config_out *out, int64_t min_free_kbytes)
{
	memset(out, 0, sizeof(*out));
	out->min_free_kbytes = min_free_kbytes == MM_CONFIG_UNSET ?
		wmark_calculate_min_free_kbytes(in, out) : min_free_kbytes;
	config_setup_per_zone_wmarks(k, in, out);
	config_refresh_zone_stat_thresholds(in, out);
	wmark_lowmem_reserve(in, out);
	if (min_free_kbytes == MM_CONFIG_UNSET && in->thp_enabled) {
		int64_t rec = wmark_recommended_min_free_kbytes(in, out);

		if (rec > out->min_free_kbytes)
			out->min_free_kbytes = rec;
		config_setup_per_zone_wmarks(k, in, out);
	}
}

static int config_derive(const struct mm_kernel *k, const struct mm_config_in *in,
			 struct mm_config_out *out, bool with_default)
{
	int ret = config_validate(in);

	if (ret)
		return ret;
	if (in->min_free_kbytes == MM_CONFIG_UNSET) {
		config_init_per_zone_wmark_min(k, in, out, MM_CONFIG_UNSET);
		out->min_free_kbytes_default = out->min_free_kbytes;
		return 0;
	}
	if (with_default) {
		struct mm_config_out *def = malloc(sizeof(*def));

		if (!def)
			return -ENOMEM;
		config_init_per_zone_wmark_min(k, in, def, MM_CONFIG_UNSET);
		config_init_per_zone_wmark_min(k, in, out, in->min_free_kbytes);
		out->min_free_kbytes_default = def->min_free_kbytes;
		free(def);
		return 0;
	}
	config_init_per_zone_wmark_min(k, in, out, in->min_free_kbytes);
	return 0;
}

int mm_config_derive(const struct mm_kernel *k, const struct mm_config_in *in,
		     struct mm_config_out *out)
{
	return config_derive(k, in, out, true);
}

/* sysctl_lowmem_reserve_ratio[]'s initialiser by zone name (mm/page_alloc.c) */
static int64_t config_default_ratio(const char *name)
{
	if (!strcmp(name, "DMA") || !strcmp(name, "DMA32"))
		return 256;
	if (!strcmp(name, "Normal"))
		return 32;
	return 0;
}

int mm_config_in_from_machine(const struct mm_machine *m, struct mm_config_in *in)
{
	uint32_t nr_node_zones = 0;
	int32_t normal_idx = MM_ZONE_NORMAL;

	memset(in, 0, sizeof(*in));
	if (!(m->has & MM_MACHINE_HAS_ZONEINFO) || !m->nr_zones)
		return -ENODATA;
	for (uint32_t i = 0; i < m->nr_zones; i++) {
		if (m->zones[i].node != 0)
			return -EOPNOTSUPP;
		if (!strcmp(m->zones[i].name, "Normal"))
			normal_idx = m->zones[i].zone_idx;
		nr_node_zones++;
	}
	if (nr_node_zones > MM_CONFIG_MAX_NODE_ZONES)
		return -EOPNOTSUPP;
	in->nr_zones = nr_node_zones;
	in->nr_node_zones = nr_node_zones;
	in->nr_nodes = 1;
	for (uint32_t i = 0; i < m->nr_zones; i++) {
		const struct mm_zone *mz = &m->zones[i];
		struct mm_config_zone_in *z = &in->zones[i];

		if (mz->zone_idx != (int32_t)i)
			return -EOPNOTSUPP;
		z->node = 0;
		z->zone_idx = mz->zone_idx;
		z->managed_pages = mz->managed_pages;
		z->present_pages = mz->present_pages;
		z->spanned_pages = mz->spanned_pages;
		z->highmem = !strcmp(mz->name, "HighMem");
		z->movable = !strcmp(mz->name, "Movable");
		z->user = mz->zone_idx <= normal_idx;
		in->lowmem_reserve_ratio[i] = config_default_ratio(mz->name);
	}

	/* zoneinfo prints a pageset for each online CPU */
	in->nr_cpus_online = m->has & MM_MACHINE_HAS_CPUS_ONLINE ? m->nr_cpus_online : 0;
	for (uint32_t i = 0; !in->nr_cpus_online && i < m->nr_zones; i++)
		in->nr_cpus_online = m->zones[i].nr_pagesets;
	if (!in->nr_cpus_online)
		in->nr_cpus_online = 1;
	in->nr_cpus_possible = m->has & MM_MACHINE_HAS_CPUS_POSSIBLE ? m->nr_cpus_possible :
								      in->nr_cpus_online;
	in->nr_node_cpus[0] = in->nr_cpus_online;

	/* the trace header knows the page size; x86-64 and arm64 4K are the default */
	in->page_shift = 12;
	in->pageblock_order = m->pageblock_order >= 0 ? (uint32_t)m->pageblock_order : 9;
	/* hugepage_pmd_enabled(): anything but [never] (per-size mTHP "inherit" follows it) */
	in->thp_enabled = (m->has & MM_MACHINE_HAS_THP_ENABLED) && m->thp_enabled[0] &&
			  strcmp(m->thp_enabled, "never");

	in->min_free_kbytes = m->sysctl.has & MM_SYSCTL_MIN_FREE_KBYTES ?
		m->sysctl.min_free_kbytes : MM_CONFIG_UNSET;
	in->watermark_scale_factor = m->sysctl.has & MM_SYSCTL_WATERMARK_SCALE_FACTOR ?
		m->sysctl.watermark_scale_factor : 10;
	in->watermark_boost_factor = m->sysctl.has & MM_SYSCTL_WATERMARK_BOOST_FACTOR ?
		m->sysctl.watermark_boost_factor : 15000;
	in->percpu_pagelist_high_fraction =
		m->sysctl.has & MM_SYSCTL_PERCPU_PAGELIST_HIGH_FRACTION ?
		m->sysctl.percpu_pagelist_high_fraction : 0;
	if (m->sysctl.has & MM_SYSCTL_LOWMEM_RESERVE_RATIO)
		for (uint32_t i = 0; i < m->sysctl.nr_lowmem_reserve_ratio && i < nr_node_zones;
		     i++)
			in->lowmem_reserve_ratio[i] = m->sysctl.lowmem_reserve_ratio[i];
	return 0;
}

/* ---- comparison ---- */

/*
 * Rows fall in two groups the kernel computes at different moments: the watermarks, pcp
 * sizes and thresholds (setup_per_zone_wmarks(), refresh_zone_stat_thresholds()), and
 * protection (setup_per_zone_lowmem_reserve(), which also runs on every *read* of
 * /proc/sys/vm/lowmem_reserve_ratio: its handler has no `write` test in 6.1 or 6.12).
 */
enum {
	CONFIG_GROUP_WMARK = 1u << MM_CONFIG_FIT_WMARK,
	CONFIG_GROUP_RESERVE = 1u << MM_CONFIG_FIT_RESERVE,
	CONFIG_GROUP_ALL = CONFIG_GROUP_WMARK | CONFIG_GROUP_RESERVE,
};

struct config_rows {
	bool count_only;		/* only nr_mismatches, no rows */
	bool count_info;		/* an INFO row that differs counts too */
	uint32_t groups;		/* CONFIG_GROUP_* counted */
	struct mm_config_row *v;
	size_t nr, cap;
	size_t nr_mismatches;
	bool nomem;
};

static void config_row(struct config_rows *r, uint32_t group, int32_t zone, const char *field,
		       uint32_t kind, int64_t derived, int64_t derived_max, int64_t observed)
{
	bool ok;

	if (!(r->groups & group))
		return;
	if (kind == MM_CONFIG_ROW_RANGE)
		ok = observed == 0 || (observed >= derived && observed <= derived_max);
	else
		ok = derived == observed;
	if (!ok && (kind != MM_CONFIG_ROW_INFO || r->count_info))
		r->nr_mismatches++;
	if (r->count_only)
		return;
	if (r->nr == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct mm_config_row *v = realloc(r->v, cap * sizeof(*v));

		if (!v) {
			r->nomem = true;
			return;
		}
		r->v = v;
		r->cap = cap;
	}
	r->v[r->nr] = (struct mm_config_row){
		.zone = zone,
		.kind = kind,
		.derived = derived,
		.derived_max = derived_max,
		.observed = observed,
		.ok = ok,
	};
	snprintf(r->v[r->nr].field, sizeof(r->v[r->nr].field), "%s", field);
	r->nr++;
}

static void config_compare(const struct mm_kernel *k, const struct mm_machine *m,
			   const struct mm_config_in *in, const struct mm_config_out *out,
			   struct config_rows *r)
{
	static const char *const wmark_names[MM_NR_WMARK] = { "min", "low", "high", "promo" };
	const uint32_t W = CONFIG_GROUP_WMARK;
	char field[32];

	for (uint32_t i = 0; i < m->nr_zones && i < in->nr_zones; i++) {
		const struct mm_zone *mz = &m->zones[i];
		const struct mm_config_zone_out *o = &out->zones[i];
		int32_t zi = (int32_t)i;

		if (!(mz->has & MM_ZONE_HAS_ZONEINFO))
			continue;
		/* zoneinfo prints wmark_pages() = _watermark[] + watermark_boost */
		for (unsigned int w = 0; w < MM_NR_WMARK; w++) {
			if (w == MM_WMARK_PROMO && !(mz->has & MM_ZONE_HAS_PROMO))
				continue;
			config_row(r, W, zi, wmark_names[w], MM_CONFIG_ROW_EXACT,
				   (int64_t)o->wmark[w], 0,
				   (int64_t)(mz->wmark[w] - mz->watermark_boost));
		}
		for (uint32_t j = 0; (mz->has & MM_ZONE_HAS_PROTECTION) && j < mz->nr_protection &&
				     j < in->nr_node_zones; j++) {
			snprintf(field, sizeof(field), "protection[%u]", j);
			config_row(r, CONFIG_GROUP_RESERVE, zi, field, MM_CONFIG_ROW_EXACT,
				   o->lowmem_reserve[j], 0, mz->lowmem_reserve[j]);
		}
		for (uint32_t c = 0; c < mz->nr_pagesets; c++) {
			const struct mm_pageset *ps = &mz->pagesets[c];

			snprintf(field, sizeof(field), "cpu%u batch", ps->cpu);
			config_row(r, W, zi, field, MM_CONFIG_ROW_EXACT, o->batch, 0, ps->batch);
			snprintf(field, sizeof(field), "cpu%u high", ps->cpu);
			/*
			 * 6.12's pcp->high is tuned between high_min and high_max, but only
			 * clamped when the CPU next uses its pcp (nr_pcp_high()): a CPU idle
			 * since the last zone_pcp_update() still shows what an earlier, smaller
			 * high_min allowed. Only high_max bounds it.
			 */
			if (k->p->pcp_high_autotune)
				config_row(r, W, zi, field, MM_CONFIG_ROW_RANGE, 0, o->high_max,
					   ps->high);
			else
				config_row(r, W, zi, field, MM_CONFIG_ROW_EXACT, o->high, 0,
					   ps->high);
			if (ps->has_high_min_max) {
				snprintf(field, sizeof(field), "cpu%u high_min", ps->cpu);
				config_row(r, W, zi, field, MM_CONFIG_ROW_EXACT, o->high_min, 0,
					   ps->high_min);
				snprintf(field, sizeof(field), "cpu%u high_max", ps->cpu);
				config_row(r, W, zi, field, MM_CONFIG_ROW_EXACT, o->high_max, 0,
					   ps->high_max);
			}
			if (ps->stat_threshold >= 0) {
				snprintf(field, sizeof(field), "cpu%u threshold", ps->cpu);
				config_row(r, W, zi, field, MM_CONFIG_ROW_EXACT,
					   o->stat_threshold, 0, ps->stat_threshold);
			}
		}
	}
	/* Whether the user set min_free_kbytes is not recorded: the default is information. */
	if (m->sysctl.has & MM_SYSCTL_MIN_FREE_KBYTES)
		config_row(r, W, -1, "min_free_kbytes", MM_CONFIG_ROW_INFO,
			   out->min_free_kbytes_default, 0, m->sysctl.min_free_kbytes);
}

/* Mismatches in groups of a derivation with zone z's managed count replaced; strict also
 * counts a min_free_kbytes that is not the default. */
static size_t config_mismatches_with(const struct mm_kernel *k, const struct mm_machine *m,
				     struct mm_config_in *in, struct mm_config_out *out,
				     uint32_t z, uint64_t managed, uint32_t groups, bool strict)
{
	uint64_t saved = in->zones[z].managed_pages;
	struct config_rows r = { .count_only = true, .count_info = strict, .groups = groups };

	in->zones[z].managed_pages = managed;
	config_derive(k, in, out, strict);
	config_compare(k, m, in, out, &r);
	in->zones[z].managed_pages = saved;
	return r.nr_mismatches;
}

static bool config_default_matches(const struct mm_kernel *k, const struct mm_machine *m,
				   struct mm_config_in *in, struct mm_config_out *out, uint32_t z,
				   uint64_t managed)
{
	uint64_t saved = in->zones[z].managed_pages;
	bool match;

	in->zones[z].managed_pages = managed;
	match = !config_derive(k, in, out, true) &&
		out->min_free_kbytes_default == m->sysctl.min_free_kbytes;
	in->zones[z].managed_pages = saved;
	return match;
}

static uint64_t config_dist(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

/*
 * Within a fitting range of the watermark group, the counts that also reproduce
 * min_free_kbytes as the kernel's default (calculate_min_free_kbytes() reads managed at
 * the same moment): when some do, narrow the range to the run of them nearest the
 * current count. The default is only information elsewhere (the user may have set the
 * sysctl), so this never rejects a fit.
 */
static void config_fit_default(const struct mm_kernel *k, const struct mm_machine *m,
			       struct mm_config_in *in, struct mm_config_out *out,
			       struct mm_config_fit *f)
{
	uint32_t z = (uint32_t)f->zone;
	uint64_t best = 0, lo, hi;
	bool found = false;

	if (!(m->sysctl.has & MM_SYSCTL_MIN_FREE_KBYTES))
		return;
	for (uint64_t v = f->managed_lo; v <= f->managed_hi; v++) {
		if (!config_default_matches(k, m, in, out, z, v))
			continue;
		if (!found || config_dist(v, f->managed_now) < config_dist(best, f->managed_now)) {
			found = true;
			best = v;
		}
	}
	if (!found)
		return;
	lo = hi = best;
	while (lo > f->managed_lo && config_default_matches(k, m, in, out, z, lo - 1))
		lo--;
	while (hi < f->managed_hi && config_default_matches(k, m, in, out, z, hi + 1))
		hi++;
	f->managed = best;
	f->managed_lo = lo;
	f->managed_hi = hi;
}

/*
 * The zone whose managed count at computation time explains every field of groups, and
 * the contiguous range of counts that also do. Pages freed after boot (free_initmem(),
 * free_initrd_mem()) only raise managed, so smaller counts are tried first, nearest the
 * current one over all zones, up to MM_CONFIG_FIT_MAX_PAGES; larger ones (a balloon
 * that took pages back) only if none fits.
 */
static bool config_fit(const struct mm_kernel *k, const struct mm_machine *m,
		       struct mm_config_in *in, struct mm_config_out *scratch, uint32_t groups,
		       bool strict, uint64_t max_pages, struct mm_config_fit *f)
{
	for (int sign = -1; sign <= 1; sign += 2) {
		for (uint64_t d = 1; d <= max_pages; d++) {
			for (uint32_t z = 0; z < in->nr_zones; z++) {
				uint64_t now = in->zones[z].managed_pages, cand, lo, hi;

				if (!in->zones[z].present_pages || (sign < 0 && d > now))
					continue;
				cand = sign < 0 ? now - d : now + d;
				if (config_mismatches_with(k, m, in, scratch, z, cand, groups,
							   strict))
					continue;
				lo = hi = cand;
				while (lo > 0 && lo - 1 != now &&
				       !config_mismatches_with(k, m, in, scratch, z, lo - 1, groups,
							       strict))
					lo--;
				while (hi + 1 != now &&
				       !config_mismatches_with(k, m, in, scratch, z, hi + 1, groups,
							       strict))
					hi++;
				*f = (struct mm_config_fit){
					.used = true,
					.zone = (int32_t)z,
					.managed_now = now,
					.managed = cand,
					.managed_lo = lo,
					.managed_hi = hi,
				};
				return true;
			}
		}
	}
	return false;
}

static void config_swap_reserve(struct mm_config_zone_out *a, struct mm_config_zone_out *b)
{
	int64_t t[MM_CONFIG_MAX_NODE_ZONES];

	memcpy(t, a->lowmem_reserve, sizeof(t));
	memcpy(a->lowmem_reserve, b->lowmem_reserve, sizeof(t));
	memcpy(b->lowmem_reserve, t, sizeof(t));
}

int mm_config_check(const struct mm_kernel *k, const struct mm_machine *m, uint32_t page_shift,
		    struct mm_config_check *c)
{
	struct config_rows r = { .count_only = true, .groups = CONFIG_GROUP_ALL };
	struct mm_config_in *fitted = NULL;
	struct mm_config_out *scratch = NULL;
	int ret;

	memset(c, 0, sizeof(*c));
	ret = mm_config_in_from_machine(m, &c->in);
	if (ret)
		return ret;
	if (page_shift)
		c->in.page_shift = page_shift;
	scratch = malloc(sizeof(*scratch));
	fitted = malloc(sizeof(*fitted));
	if (!scratch || !fitted) {
		ret = -ENOMEM;
		goto out;
	}
	ret = mm_config_derive(k, &c->in, &c->out);
	if (ret)
		goto out;
	for (unsigned int g = 0; g < MM_CONFIG_FIT__NR; g++) {
		struct mm_config_fit *f = &c->fit[g];

		uint64_t max_pages;
		bool need, strict;

		r = (struct config_rows){ .count_only = true, .groups = 1u << g };
		config_compare(k, m, &c->in, &c->out, &r);
		need = r.nr_mismatches;
		r = (struct config_rows){
			.count_only = true, .count_info = true, .groups = 1u << g
		};
		config_compare(k, m, &c->in, &c->out, &r);
		/* only min_free_kbytes differs: a count that explains it too is worth a look */
		strict = !need && r.nr_mismatches;
		if (!need && !strict)
			continue;
		*fitted = c->in;
		max_pages = strict ? MM_CONFIG_FIT_DEFAULT_MAX_PAGES : MM_CONFIG_FIT_MAX_PAGES;
		if (!config_fit(k, m, fitted, scratch, 1u << g, strict, max_pages, f))
			continue;
		if (g == MM_CONFIG_FIT_WMARK && !strict)
			config_fit_default(k, m, fitted, scratch, f);
		fitted->zones[f->zone].managed_pages = f->managed;
		ret = mm_config_derive(k, fitted, scratch);
		if (ret)
			goto out;
		if (g == MM_CONFIG_FIT_WMARK) {
			/* keep protection from its own computation */
			for (uint32_t i = 0; i < c->in.nr_zones; i++)
				config_swap_reserve(&c->out.zones[i], &scratch->zones[i]);
			c->out = *scratch;
		} else {
			for (uint32_t i = 0; i < c->in.nr_zones; i++)
				config_swap_reserve(&c->out.zones[i], &scratch->zones[i]);
		}
		wmark_totalreserve_pages(&c->in, &c->out);
	}
	r = (struct config_rows){ .groups = CONFIG_GROUP_ALL };
	config_compare(k, m, &c->in, &c->out, &r);
	if (r.nomem) {
		free(r.v);
		ret = -ENOMEM;
		goto out;
	}
	c->rows = r.v;
	c->nr_rows = r.nr;
	c->nr_mismatches = r.nr_mismatches;
out:
	free(fitted);
	free(scratch);
	return ret;
}

void mm_config_check__free(struct mm_config_check *c)
{
	if (!c)
		return;
	free(c->rows);
	c->rows = NULL;
	c->nr_rows = 0;
}
