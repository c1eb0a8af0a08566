// SPDX-License-Identifier: GPL-2.0-only
/*
 * Policies (core/policy.h): the key table, parsing and validation of values, the
 * defaults `policy show` prints, and the recomputation of what the kernel derives from
 * the sysctls a policy changes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "slab.h"

/*
 * Ranges are the sysctls' own (kernel/sysctl.c, mm/page_alloc.c proc handlers): for
 * example watermark_scale_factor is clamped to 1..3000 by its handler's extra1/extra2
 * and percpu_pagelist_high_fraction is 0 or at least MIN_PERCPU_PAGELIST_HIGH_FRACTION.
 */
const struct mm_policy_keydef mm_policy_keys[MM_POLICY__NR] = {
	[MM_POLICY_KERNEL] = { "kernel", MM_POLICY_T_STRING, 0, 0,
		"the profile: a series (6.1, 6.12) or a release (6.12.28)" },
	[MM_POLICY_MIN_FREE_KBYTES] = { "min_free_kbytes", MM_POLICY_T_INT, 0, INT32_MAX,
		"vm.min_free_kbytes: WMARK_MIN of all zones together, kB" },
	[MM_POLICY_WATERMARK_SCALE_FACTOR] = { "watermark_scale_factor", MM_POLICY_T_INT, 1, 3000,
		"vm.watermark_scale_factor: min-low-high gaps, 1/10000 of a zone" },
	[MM_POLICY_WATERMARK_BOOST_FACTOR] = { "watermark_boost_factor", MM_POLICY_T_INT, 0,
		INT32_MAX, "vm.watermark_boost_factor: boost after a fragmenting fallback (0 off)" },
	[MM_POLICY_LOWMEM_RESERVE_RATIO] = { "lowmem_reserve_ratio", MM_POLICY_T_LIST, 0, INT32_MAX,
		"vm.lowmem_reserve_ratio: one ratio per zone (0 no protection), e.g. \"256 256 32 0\"" },
	[MM_POLICY_PERCPU_PAGELIST_HIGH_FRACTION] = { "percpu_pagelist_high_fraction",
		MM_POLICY_T_INT, 0, INT32_MAX,
		"vm.percpu_pagelist_high_fraction: pcp high = zone / N (0 from WMARK_LOW; else >= 8)" },
	[MM_POLICY_PCP_BATCH] = { "pcp_batch", MM_POLICY_T_INT, 1, 65535,
		"pcp->batch of every zone and CPU instead of zone_batchsize()" },
	[MM_POLICY_PCP_HIGH] = { "pcp_high", MM_POLICY_T_INT, 1, INT32_MAX,
		"pcp->high (6.12: high_min = high_max) of every zone and CPU" },
	[MM_POLICY_PAGEBLOCK_ORDER] = { "pageblock_order", MM_POLICY_T_INT, 1, MM_NR_ORDERS_MAX - 1,
		"pageblock size (1 .. top order): type tracking, stealing, boost, reserves" },
	[MM_POLICY_FALLBACKS] = { "fallbacks", MM_POLICY_T_FALLBACKS, 0, 0,
		"fallback order per type, e.g. \"Movable=Unmovable,Reclaimable\"" },
	[MM_POLICY_ALLOC_NOFRAGMENT] = { "alloc_nofragment", MM_POLICY_T_BOOL, 0, 1,
		"ALLOC_NOFRAGMENT in the fast path (on/off)" },
	[MM_POLICY_HIGHATOMIC] = { "highatomic", MM_POLICY_T_BOOL, 0, 1,
		"new MIGRATE_HIGHATOMIC reserves (on/off)" },
	[MM_POLICY_SLUB_MIN_OBJECTS] = { "slub_min_objects", MM_POLICY_T_INT, 0, 32767,
		"slub_min_objects= (0: 4 * (fls(nr_cpus) + 1))" },
	[MM_POLICY_SLUB_MIN_ORDER] = { "slub_min_order", MM_POLICY_T_INT, 0, MM_NR_ORDERS_MAX - 1,
		"slub_min_order=" },
	[MM_POLICY_SLUB_MAX_ORDER] = { "slub_max_order", MM_POLICY_T_INT, 0, MM_NR_ORDERS_MAX - 1,
		"slub_max_order= (default 3, PAGE_ALLOC_COSTLY_ORDER)" },
};

/* MIN_PERCPU_PAGELIST_HIGH_FRACTION (mm/page_alloc.c): the handler refuses 1..7 */
#define POLICY_MIN_HIGH_FRACTION 8

static const char *const policy_mt_names[MT_PCPTYPES] = { "Unmovable", "Movable", "Reclaimable" };

static int policy_fail(char *msg, size_t msglen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int policy_fail(char *msg, size_t msglen, int ret, const char *fmt, ...)
{
	va_list ap;

	if (msg && msglen) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

void mm_policy_init(struct mm_policy *p, const char *name)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name ? name : "default");
	p->alloc_nofragment = true;
	p->highatomic = true;
}

const char *mm_policy_key_names(void)
{
	return "kernel min_free_kbytes watermark_scale_factor watermark_boost_factor "
	       "lowmem_reserve_ratio percpu_pagelist_high_fraction pcp_batch pcp_high "
	       "pageblock_order fallbacks alloc_nofragment highatomic slub_min_objects "
	       "slub_min_order slub_max_order";
}

int mm_policy_key_find(const char *name)
{
	for (int i = 0; i < MM_POLICY__NR; i++)
		if (!strcmp(mm_policy_keys[i].name, name))
			return i;
	return -1;
}

/* A whole decimal integer, optionally signed, within [min, max]. */
static int policy_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int policy_parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "on") || !strcmp(s, "true") || !strcmp(s, "1")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "off") || !strcmp(s, "false") || !strcmp(s, "0")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

static int policy_mt_find(const char *s, size_t len)
{
	for (int mt = 0; mt < MT_PCPTYPES; mt++)
		if (strlen(policy_mt_names[mt]) == len && !strncmp(policy_mt_names[mt], s, len))
			return mt;
	return -1;
}

/* "Movable=Unmovable,Reclaimable;Unmovable=..." into p, canonical text into canon. */
static int policy_parse_fallbacks(struct mm_policy *p, const char *s, char *canon, size_t clen,
				  char *msg, size_t msglen)
{
	static const char *const valid = "expected TYPE=TYPE,TYPE[;...] where each TYPE is "
					 "Unmovable, Movable or Reclaimable and each type lists "
					 "the other two";
	uint8_t tab[MT_PCPTYPES][2];
	uint32_t given = 0;
	const char *q = s;

	if (!*s)
		return policy_fail(msg, msglen, -EINVAL, "fallbacks: empty: %s", valid);
	while (*q) {
		const char *eq = strchr(q, '='), *semi = strchr(q, ';'), *c1, *end;
		int mt, f0, f1;

		end = semi ? semi : q + strlen(q);
		if (!eq || eq > end)
			return policy_fail(msg, msglen, -EINVAL, "fallbacks: '%.*s': %s",
					   (int)(end - q), q, valid);
		mt = policy_mt_find(q, (size_t)(eq - q));
		c1 = memchr(eq + 1, ',', (size_t)(end - eq - 1));
		if (mt < 0 || !c1)
			return policy_fail(msg, msglen, -EINVAL, "fallbacks: '%.*s': %s",
					   (int)(end - q), q, valid);
		f0 = policy_mt_find(eq + 1, (size_t)(c1 - eq - 1));
		f1 = policy_mt_find(c1 + 1, (size_t)(end - c1 - 1));
		if (f0 < 0 || f1 < 0 || f0 == f1 || f0 == mt || f1 == mt)
			return policy_fail(msg, msglen, -EINVAL, "fallbacks: '%.*s': %s",
					   (int)(end - q), q, valid);
		if (given & (1u << mt))
			return policy_fail(msg, msglen, -EINVAL, "fallbacks: %s given twice",
					   policy_mt_names[mt]);
		given |= 1u << mt;
		tab[mt][0] = (uint8_t)f0;
		tab[mt][1] = (uint8_t)f1;
		q = semi ? semi + 1 : end;
	}
	canon[0] = '\0';
	for (int mt = 0; mt < MT_PCPTYPES; mt++) {
		size_t n = strlen(canon);

		if (!(given & (1u << mt)))
			continue;
		snprintf(canon + n, clen - n, "%s%s=%s,%s", n ? ";" : "", policy_mt_names[mt],
			 policy_mt_names[tab[mt][0]], policy_mt_names[tab[mt][1]]);
		p->fallbacks[mt][0] = tab[mt][0];
		p->fallbacks[mt][1] = tab[mt][1];
	}
	p->fallbacks_set = given;
	return 0;
}

/* "256 256 32 0" or "256,256,32,0" */
static int policy_parse_list(struct mm_policy *p, const struct mm_policy_keydef *d, const char *s,
			     char *canon, size_t clen, char *msg, size_t msglen)
{
	int64_t v[MM_MAX_NR_ZONES];
	uint32_t n = 0;
	const char *q = s;

	for (;;) {
		char item[24];
		size_t len;

		while (*q == ' ' || *q == ',' || *q == '\t')
			q++;
		if (!*q)
			break;
		len = strcspn(q, " ,\t");
		if (n == MM_MAX_NR_ZONES || len >= sizeof(item))
			return policy_fail(msg, msglen, -EINVAL,
					   "%s: '%s': expected at most %d integers, one per zone",
					   d->name, s, MM_MAX_NR_ZONES);
		memcpy(item, q, len);
		item[len] = '\0';
		if (policy_parse_int(item, d->min, d->max, &v[n]))
			return policy_fail(msg, msglen, -EINVAL,
					   "%s: '%s': expected integers from %lld to %lld, one per zone",
					   d->name, item, (long long)d->min, (long long)d->max);
		n++;
		q += len;
	}
	if (!n)
		return policy_fail(msg, msglen, -EINVAL, "%s: expected one integer per zone", d->name);
	canon[0] = '\0';
	for (uint32_t i = 0; i < n; i++) {
		size_t l = strlen(canon);

		snprintf(canon + l, clen - l, "%s%lld", i ? " " : "", (long long)v[i]);
		p->lowmem_reserve_ratio[i] = v[i];
	}
	p->nr_lowmem_reserve_ratio = n;
	return 0;
}

int mm_policy_set(struct mm_policy *p, const char *key, const char *value, char *msg,
		  size_t msglen)
{
	char canon[MM_POLICY_VALUE_MAX];
	const struct mm_policy_keydef *d;
	struct mm_policy t = *p;
	int k = mm_policy_key_find(key);
	int64_t v = 0;
	bool b = false;
	int ret;

	if (k < 0)
		return policy_fail(msg, msglen, -ENOENT, "unknown policy key '%s'", key);
	d = &mm_policy_keys[k];
	switch (d->type) {
	case MM_POLICY_T_STRING:
		if (!*value || strlen(value) >= sizeof(t.kernel))
			return policy_fail(msg, msglen, -EINVAL, "%s: expected %s", d->name, d->desc);
		snprintf(canon, sizeof(canon), "%s", value);
		break;
	case MM_POLICY_T_INT:
		if (policy_parse_int(value, d->min, d->max, &v))
			return policy_fail(msg, msglen, -EINVAL,
					   "%s: '%s': expected an integer from %lld to %lld", d->name,
					   value, (long long)d->min, (long long)d->max);
		snprintf(canon, sizeof(canon), "%lld", (long long)v);
		break;
	case MM_POLICY_T_BOOL:
		if (policy_parse_bool(value, &b))
			return policy_fail(msg, msglen, -EINVAL, "%s: '%s': expected on or off",
					   d->name, value);
		snprintf(canon, sizeof(canon), "%s", b ? "on" : "off");
		break;
	case MM_POLICY_T_LIST:
		ret = policy_parse_list(&t, d, value, canon, sizeof(canon), msg, msglen);
		if (ret)
			return ret;
		break;
	case MM_POLICY_T_FALLBACKS:
		ret = policy_parse_fallbacks(&t, value, canon, sizeof(canon), msg, msglen);
		if (ret)
			return ret;
		break;
	}

	switch ((enum mm_policy_key)k) {
	case MM_POLICY_KERNEL: snprintf(t.kernel, sizeof(t.kernel), "%s", value); break;
	case MM_POLICY_MIN_FREE_KBYTES: t.min_free_kbytes = v; break;
	case MM_POLICY_WATERMARK_SCALE_FACTOR: t.watermark_scale_factor = v; break;
	case MM_POLICY_WATERMARK_BOOST_FACTOR: t.watermark_boost_factor = v; break;
	case MM_POLICY_PERCPU_PAGELIST_HIGH_FRACTION:
		if (v && v < POLICY_MIN_HIGH_FRACTION)
			return policy_fail(msg, msglen, -EINVAL,
					   "%s: %lld: expected 0 or at least %d (the kernel refuses "
					   "smaller fractions)", d->name, (long long)v,
					   POLICY_MIN_HIGH_FRACTION);
		t.percpu_pagelist_high_fraction = v;
		break;
	case MM_POLICY_PCP_BATCH: t.pcp_batch = (int32_t)v; break;
	case MM_POLICY_PCP_HIGH: t.pcp_high = (int32_t)v; break;
	case MM_POLICY_PAGEBLOCK_ORDER: t.pageblock_order = (uint32_t)v; break;
	case MM_POLICY_ALLOC_NOFRAGMENT: t.alloc_nofragment = b; break;
	case MM_POLICY_HIGHATOMIC: t.highatomic = b; break;
	case MM_POLICY_SLUB_MIN_OBJECTS: t.slub_min_objects = (uint32_t)v; break;
	case MM_POLICY_SLUB_MIN_ORDER: t.slub_min_order = (uint32_t)v; break;
	case MM_POLICY_SLUB_MAX_ORDER: t.slub_max_order = (uint32_t)v; break;
	case MM_POLICY_LOWMEM_RESERVE_RATIO:
	case MM_POLICY_FALLBACKS:
	case MM_POLICY__NR:
		break;
	}
	t.set |= 1u << k;
	snprintf(t.value[k], sizeof(t.value[k]), "%s", canon);

	/* combinations that cannot hold, whichever of the two came first */
	if (mm_policy_is_set(&t, MM_POLICY_PCP_HIGH) &&
	    mm_policy_is_set(&t, MM_POLICY_PERCPU_PAGELIST_HIGH_FRACTION) &&
	    t.percpu_pagelist_high_fraction)
		return policy_fail(msg, msglen, -EINVAL,
				   "%s: pcp_high and percpu_pagelist_high_fraction both size pcp->high; "
				   "set one of them", d->name);
	if (mm_policy_is_set(&t, MM_POLICY_PCP_HIGH) && mm_policy_is_set(&t, MM_POLICY_PCP_BATCH) &&
	    t.pcp_batch > t.pcp_high)
		return policy_fail(msg, msglen, -EINVAL,
				   "%s: pcp_batch %d is above pcp_high %d; expected batch <= high",
				   d->name, t.pcp_batch, t.pcp_high);
	if (mm_policy_is_set(&t, MM_POLICY_SLUB_MIN_ORDER) &&
	    mm_policy_is_set(&t, MM_POLICY_SLUB_MAX_ORDER) && t.slub_min_order > t.slub_max_order)
		return policy_fail(msg, msglen, -EINVAL,
				   "%s: slub_min_order %u is above slub_max_order %u; expected "
				   "min <= max", d->name, t.slub_min_order, t.slub_max_order);
	*p = t;
	return 0;
}

int mm_policy_validate(const struct mm_policy *p, const struct mm_profile *prof,
		       uint32_t nr_node_zones, char *msg, size_t msglen)
{
	unsigned int top = prof->nr_page_orders - 1;

	/* pageblock_order <= MAX_PAGE_ORDER (6.12 include/linux/pageblock-flags.h) */
	if (mm_policy_is_set(p, MM_POLICY_PAGEBLOCK_ORDER) && p->pageblock_order > top)
		return policy_fail(msg, msglen, -EINVAL,
				   "pageblock_order: %u: expected 1 to %u for kernel %s", p->pageblock_order,
				   top, prof->name);
	if (mm_policy_is_set(p, MM_POLICY_SLUB_MIN_ORDER) && p->slub_min_order > top)
		return policy_fail(msg, msglen, -EINVAL,
				   "slub_min_order: %u: expected 0 to %u for kernel %s", p->slub_min_order,
				   top, prof->name);
	if (mm_policy_is_set(p, MM_POLICY_SLUB_MAX_ORDER) && p->slub_max_order > top)
		return policy_fail(msg, msglen, -EINVAL,
				   "slub_max_order: %u: expected 0 to %u for kernel %s", p->slub_max_order,
				   top, prof->name);
	if (nr_node_zones && mm_policy_is_set(p, MM_POLICY_LOWMEM_RESERVE_RATIO) &&
	    p->nr_lowmem_reserve_ratio > nr_node_zones)
		return policy_fail(msg, msglen, -EINVAL,
				   "lowmem_reserve_ratio: %u ratios for %u zones; expected at most one "
				   "per zone", p->nr_lowmem_reserve_ratio, nr_node_zones);
	return 0;
}

/* Sets key from an integer the model already holds (never fails for in-range values). */
static void policy_set_int(struct mm_policy *p, enum mm_policy_key key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	mm_policy_set(p, mm_policy_keys[key].name, buf, NULL, 0);
}

void mm_policy_defaults(struct mm_policy *p, const struct mm_kernel *k, const struct mm_machine *m)
{
	const struct mm_profile *prof = k->p;
	struct mm_config_in in;
	char buf[MM_POLICY_VALUE_MAX];
	bool have_in = m && !mm_config_in_from_machine(m, &in);

	if (have_in) {
		if (in.min_free_kbytes == MM_CONFIG_UNSET) {
			struct mm_config_out *out = malloc(sizeof(*out));

			if (out && !mm_config_derive(k, &in, out))
				policy_set_int(p, MM_POLICY_MIN_FREE_KBYTES, out->min_free_kbytes);
			free(out);
		} else {
			policy_set_int(p, MM_POLICY_MIN_FREE_KBYTES, in.min_free_kbytes);
		}
		policy_set_int(p, MM_POLICY_WATERMARK_SCALE_FACTOR, in.watermark_scale_factor);
		policy_set_int(p, MM_POLICY_WATERMARK_BOOST_FACTOR, in.watermark_boost_factor);
		buf[0] = '\0';
		for (uint32_t i = 0; i < in.nr_node_zones; i++) {
			size_t n = strlen(buf);

			snprintf(buf + n, sizeof(buf) - n, "%s%lld", i ? " " : "",
				 (long long)in.lowmem_reserve_ratio[i]);
		}
		mm_policy_set(p, "lowmem_reserve_ratio", buf, NULL, 0);
		policy_set_int(p, MM_POLICY_PERCPU_PAGELIST_HIGH_FRACTION,
			       in.percpu_pagelist_high_fraction);
	} else {
		/* sysctl initialisers (mm/page_alloc.c): DMA, DMA32, Normal, Movable */
		policy_set_int(p, MM_POLICY_WATERMARK_SCALE_FACTOR, 10);
		policy_set_int(p, MM_POLICY_WATERMARK_BOOST_FACTOR, 15000);
		mm_policy_set(p, "lowmem_reserve_ratio", "256 256 32 0", NULL, 0);
		policy_set_int(p, MM_POLICY_PERCPU_PAGELIST_HIGH_FRACTION, 0);
	}
	policy_set_int(p, MM_POLICY_PAGEBLOCK_ORDER,
		       m && m->pageblock_order > 0 ? (int64_t)m->pageblock_order : (int64_t)prof->pageblock_order);
	buf[0] = '\0';
	for (int mt = 0; mt < MT_PCPTYPES; mt++) {
		size_t n = strlen(buf);

		snprintf(buf + n, sizeof(buf) - n, "%s%s=%s,%s", mt ? ";" : "", policy_mt_names[mt],
			 policy_mt_names[prof->fallbacks[mt][0]],
			 policy_mt_names[prof->fallbacks[mt][1]]);
	}
	mm_policy_set(p, "fallbacks", buf, NULL, 0);
	mm_policy_set(p, "alloc_nofragment", "on", NULL, 0);
	mm_policy_set(p, "highatomic", "on", NULL, 0);
	{
		struct slab_params sp;

		slab_params_init(&sp, prof, m, 0);
		policy_set_int(p, MM_POLICY_SLUB_MIN_OBJECTS, sp.slub_min_objects);
		policy_set_int(p, MM_POLICY_SLUB_MIN_ORDER, sp.slub_min_order);
		policy_set_int(p, MM_POLICY_SLUB_MAX_ORDER, sp.slub_max_order);
	}
}

bool mm_policy_changes_slab(const struct mm_policy *p)
{
	return p->set & (1u << MM_POLICY_SLUB_MIN_OBJECTS | 1u << MM_POLICY_SLUB_MIN_ORDER |
			 1u << MM_POLICY_SLUB_MAX_ORDER);
}

bool mm_policy_changes_config(const struct mm_policy *p)
{
	return p->set & (1u << MM_POLICY_MIN_FREE_KBYTES | 1u << MM_POLICY_WATERMARK_SCALE_FACTOR |
			 1u << MM_POLICY_LOWMEM_RESERVE_RATIO |
			 1u << MM_POLICY_PERCPU_PAGELIST_HIGH_FRACTION | 1u << MM_POLICY_PCP_BATCH |
			 1u << MM_POLICY_PCP_HIGH | 1u << MM_POLICY_PAGEBLOCK_ORDER);
}

/* p's sysctl overrides on in */
static void policy_apply_in(const struct mm_policy *p, const struct mm_machine *m,
			    const struct mm_config_out *snap_default, struct mm_config_in *in)
{
	if (mm_policy_is_set(p, MM_POLICY_MIN_FREE_KBYTES))
		in->min_free_kbytes = p->min_free_kbytes;
	if (mm_policy_is_set(p, MM_POLICY_WATERMARK_SCALE_FACTOR))
		in->watermark_scale_factor = p->watermark_scale_factor;
	if (mm_policy_is_set(p, MM_POLICY_WATERMARK_BOOST_FACTOR))
		in->watermark_boost_factor = p->watermark_boost_factor;
	if (mm_policy_is_set(p, MM_POLICY_PERCPU_PAGELIST_HIGH_FRACTION))
		in->percpu_pagelist_high_fraction = p->percpu_pagelist_high_fraction;
	/* proc_dointvec: a shorter write sets the leading entries only */
	for (uint32_t i = 0; mm_policy_is_set(p, MM_POLICY_LOWMEM_RESERVE_RATIO) &&
			     i < p->nr_lowmem_reserve_ratio && i < in->nr_node_zones; i++)
		in->lowmem_reserve_ratio[i] = p->lowmem_reserve_ratio[i];
	if (mm_policy_is_set(p, MM_POLICY_PAGEBLOCK_ORDER) &&
	    p->pageblock_order != in->pageblock_order) {
		in->pageblock_order = p->pageblock_order;
		/*
		 * A kernel built with another pageblock_order boots with another default
		 * min_free_kbytes (khugepaged's recommendation counts pageblocks): if the
		 * snapshot's value was the default and the policy does not set one, derive it.
		 */
		if (!mm_policy_is_set(p, MM_POLICY_MIN_FREE_KBYTES) && snap_default &&
		    (m->sysctl.has & MM_SYSCTL_MIN_FREE_KBYTES) &&
		    snap_default->min_free_kbytes_default == m->sysctl.min_free_kbytes)
			in->min_free_kbytes = MM_CONFIG_UNSET;
	}
}

int mm_policy_derive(const struct mm_kernel *k, const struct mm_machine *m,
		     const struct mm_policy *p, struct mm_config_in *in,
		     struct mm_config_out *out)
{
	struct mm_config_check c = { 0 };
	struct mm_config_in *fit = malloc(sizeof(*fit));
	struct mm_config_out *res = malloc(sizeof(*res));
	int ret;

	if (!fit || !res) {
		ret = -ENOMEM;
		goto out;
	}
	ret = mm_config_check(k, m, 0, &c);
	if (ret)
		goto out;
	*in = c.in;
	policy_apply_in(p, m, &c.out, in);

	/* each group from the managed counts that reproduced it (see config.h) */
	*fit = *in;
	if (c.fit[MM_CONFIG_FIT_WMARK].used)
		fit->zones[c.fit[MM_CONFIG_FIT_WMARK].zone].managed_pages =
			c.fit[MM_CONFIG_FIT_WMARK].managed;
	ret = mm_config_derive(k, fit, out);
	if (ret)
		goto out;
	*fit = *in;
	if (c.fit[MM_CONFIG_FIT_RESERVE].used)
		fit->zones[c.fit[MM_CONFIG_FIT_RESERVE].zone].managed_pages =
			c.fit[MM_CONFIG_FIT_RESERVE].managed;
	ret = mm_config_derive(k, fit, res);
	if (ret)
		goto out;
	for (uint32_t i = 0; i < in->nr_zones; i++)
		memcpy(out->zones[i].lowmem_reserve, res->zones[i].lowmem_reserve,
		       sizeof(out->zones[i].lowmem_reserve));
	wmark_totalreserve_pages(in, out);

	for (uint32_t i = 0; i < in->nr_zones; i++) {
		struct mm_config_zone_out *z = &out->zones[i];

		if (mm_policy_is_set(p, MM_POLICY_PCP_BATCH))
			z->batch = p->pcp_batch;
		if (mm_policy_is_set(p, MM_POLICY_PCP_HIGH))
			z->high = z->high_min = z->high_max = p->pcp_high;
	}
out:
	mm_config_check__free(&c);
	free(res);
	free(fit);
	return ret;
}

void mm_policy_slab_params(const struct mm_policy *p, struct slab_params *sp)
{
	if (mm_policy_is_set(p, MM_POLICY_SLUB_MIN_OBJECTS))
		sp->slub_min_objects = p->slub_min_objects;
	if (mm_policy_is_set(p, MM_POLICY_SLUB_MIN_ORDER))
		sp->slub_min_order = p->slub_min_order;
	if (mm_policy_is_set(p, MM_POLICY_SLUB_MAX_ORDER))
		sp->slub_max_order = p->slub_max_order < sp->max_page_order ? p->slub_max_order
									     : sp->max_page_order;
	/* 6.12's setup_slub_min_order() raises max_order to min_order (mm/slub.c) */
	if (sp->order_6_12 && sp->slub_min_order > sp->slub_max_order) {
		if (mm_policy_is_set(p, MM_POLICY_SLUB_MAX_ORDER))
			sp->slub_min_order = sp->slub_max_order;
		else
			sp->slub_max_order = sp->slub_min_order;
	}
}
