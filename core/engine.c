// SPDX-License-Identifier: GPL-2.0-only
/* Engine lifecycle, event dispatch and the free-list census for the statistics. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "internal.h"

struct mm_engine *mm_engine__new(const struct mm_kernel *k, const struct mm_machine *m,
				 const struct mm_engine_opts *opts)
{
	struct mm_engine *e = calloc(1, sizeof(*e));
	int err;

	if (!e) {
		errno = ENOMEM;
		return NULL;
	}
	e->k = *k;
	e->prof = *k->p;
	e->k.p = &e->prof;
	e->nr_cpus = opts->nr_cpus ? opts->nr_cpus : 1;
	e->mode = opts->mode;
	e->interval = opts->interval;
	err = engine_apply_snapshot(e, m);
	if (!err && opts->policy)
		err = engine_apply_policy(e, m, opts->policy);
	if (err) {
		mm_engine__free(e);
		errno = -err;
		return NULL;
	}
	if ((err = e->mode == MM_MODE_SIMULATE ? simulate_init(e) : follow_init(e))) {
		mm_engine__free(e);
		errno = -err;
		return NULL;
	}
	e->policy = opts->policy;
	err = slab_model_init(e, m, opts->string, opts->string_ctx, opts->slab_pages);
	e->policy = NULL;
	if (err) {
		mm_engine__free(e);
		errno = -err;
		return NULL;
	}
	e->stats.nr_zones = e->nr_zones;
	return e;
}

/*
 * One sample: free_area[].nr_free of every zone, as /proc/buddyinfo would show it now,
 * the pageblocks of each migratetype (/proc/pagetypeinfo's "Number of blocks type") and
 * the fallbacks and pageblock claims counted so far. The sums walk a few thousand
 * counters per zone, which is nothing next to the --interval events between samples.
 */
static void take_sample(struct mm_engine *e, uint64_t ts_ns)
{
	struct mm_sample *s;

	if (e->nr_samples == e->cap_samples) {
		uint64_t cap = e->cap_samples ? e->cap_samples * 2 : 64;
		struct mm_sample *v = realloc(e->samples, cap * sizeof(*v));

		if (!v) {
			e->sample_err = -ENOMEM;
			return;
		}
		e->samples = v;
		e->cap_samples = cap;
	}
	s = &e->samples[e->nr_samples++];
	memset(s, 0, sizeof(*s));
	s->event_nr = e->stats.nr_events;
	s->ts_ns = ts_ns;
	for (uint32_t i = 0; i < e->nr_zones && i < MM_STATS_MAX_ZONES; i++) {
		const struct mm_zone_st *z = &e->zones[i];
		const struct mm_zone_stats *zs = &e->stats.zone[i];
		const uint64_t *fb = &zs->fallbacks[0][0][0][0];

		memcpy(s->nr_free[i], z->nr_free, sizeof(s->nr_free[i]));
		for (uint32_t b = 0; b < z->nr_pageblocks; b++)
			s->nr_pageblocks[i][z->pb_mt[b] < MT__NR ? z->pb_mt[b] : MT_MOVABLE]++;
		for (size_t k = 0; k < sizeof(zs->fallbacks) / sizeof(*fb); k++)
			s->nr_fallbacks[i] += fb[k];
		for (unsigned int to = 0; to < MT_PCPTYPES; to++)
			for (unsigned int from = 0; from < MT__NR; from++)
				s->nr_pageblock_claims[i] += zs->nr_pageblock_claims[to][from];
	}
}

const struct mm_sample *mm_engine__samples(const struct mm_engine *e, uint64_t *nr)
{
	*nr = e->sample_err ? 0 : e->nr_samples;
	return e->samples;
}

static void feed_one(struct mm_engine *e, const struct mm_event *ev);

void mm_engine__feed(struct mm_engine *e, const struct mm_event *ev)
{
	feed_one(e, ev);
	if (e->interval && !e->sample_err && e->stats.nr_events % e->interval == 0)
		take_sample(e, ev->ts_ns);
}

void mm_engine__feed_batch(struct mm_engine *e, const struct mm_event *ev, size_t n)
{
	if (e->interval) {
		for (size_t i = 0; i < n; i++)
			mm_engine__feed(e, &ev[i]);
		return;
	}
	for (size_t i = 0; i < n; i++)
		feed_one(e, &ev[i]);
}

static void feed_one(struct mm_engine *e, const struct mm_event *ev)
{
	struct mm_event copy;

	e->stats.nr_events++;
	if (ev->type < 16)
		e->stats.nr_events_by_type[ev->type]++;
	/* A CPU the snapshot did not know (hotplug): it has no pcp of ours. */
	if (ev->cpu >= e->nr_cpus && ev->type != MM_EV_LOST) {
		copy = *ev;
		copy.cpu = 0;
		ev = &copy;
	}
	if (e->mode == MM_MODE_SIMULATE)
		simulate_feed(e, ev);
	else
		follow_feed(e, ev);
	if (ev->type >= MM_EV_KMALLOC || ev->type == MM_EV_PAGE_ALLOC)
		slab_model_feed(e, ev);
}

const struct mm_slab_stats *mm_engine__slab_stats(struct mm_engine *e)
{
	return slab_model_stats(e);
}

void mm_engine__slab_set_end(struct mm_engine *e, const struct mm_machine *end)
{
	slab_model_set_end(e, end);
}

const struct mm_stats *mm_engine__stats(const struct mm_engine *e)
{
	return &e->stats;
}

enum mm_initial_state mm_engine__initial_state(const struct mm_engine *e)
{
	return (enum mm_initial_state)e->initial_state;
}

uint32_t mm_engine__nr_zones(const struct mm_engine *e)
{
	return e->nr_zones;
}

/* Counts the free lists, as /proc/buddyinfo and /proc/pagetypeinfo do. */
void mm_engine__zone_free(const struct mm_engine *e, uint32_t i, struct mm_zone_free *out)
{
	const struct mm_zone_st *z = &e->zones[i];

	memset(out, 0, sizeof(*out));
	out->node = z->node;
	out->zone_idx = z->zone_idx;
	memcpy(out->name, z->name, sizeof(out->name));
	out->managed_pages = z->managed_pages;
	memcpy(out->wmark, z->wmark, sizeof(out->wmark));
	if (e->nr_cpus) {
		out->pcp_batch = z->pcp[0].batch;
		out->pcp_high = z->pcp[0].high;
		out->pcp_high_min = z->pcp[0].high_min;
		out->pcp_high_max = z->pcp[0].high_max;
	}
	for (unsigned int o = 0; o < e->k.p->nr_page_orders; o++) {
		out->nr_free[o] = z->nr_free[o];
		for (unsigned int mt = 0; mt < MT__NR; mt++) {
			uint32_t head = free_list_head(z, o, mt);

			for (uint32_t p = z->next[head]; p != head; p = z->next[p])
				out->nr_free_mt[mt][o]++;
		}
	}
	out->nr_free_pages = z->nr_free_pages > 0 ? (uint64_t)z->nr_free_pages : 0;
	for (uint32_t b = 0; b < z->nr_pageblocks; b++)
		out->nr_pageblocks[z->pb_mt[b] < MT__NR ? z->pb_mt[b] : MT_MOVABLE]++;
	for (uint32_t c = 0; c < e->nr_cpus; c++)
		out->nr_pcp_pages += (uint64_t)(z->pcp[c].count > 0 ? z->pcp[c].count : 0);
}

void mm_engine__free(struct mm_engine *e)
{
	if (!e)
		return;
	simulate_free(e);
	slab_model_free(e);
	free(e->fcpu);
	free(e->samples);
	for (uint32_t i = 0; i < e->nr_zones; i++)
		zone_free(&e->zones[i]);
	free(e->zones);
	free(e);
}
