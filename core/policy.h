/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A policy: the knobs of the model a replay may change, each either unset (keep what the
 * snapshot and the profile say) or set. Keys are parsed from text (`--set KEY=VALUE`, or
 * a policy file through report/policy_load.c) against one named table, which also gives
 * the error messages their list of valid keys and `mmtrace policy show` its order.
 *
 * The engine applies a policy when it is built (mm_engine_opts.policy): changed sysctls
 * are recomputed into watermarks, protection and pcp sizes as the kernel would
 * (mm_policy_derive()), and the switches (fallback table, pageblock_order,
 * ALLOC_NOFRAGMENT, the highatomic reserve) become fields of that engine only.
 */
#ifndef MMTRACE_CORE_POLICY_H
#define MMTRACE_CORE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "machine.h"
#include "profile.h"

/* The keys, in table order (the order of "settings" in the JSON and of `policy show`). */
enum mm_policy_key {
	MM_POLICY_KERNEL,
	MM_POLICY_MIN_FREE_KBYTES,
	MM_POLICY_WATERMARK_SCALE_FACTOR,
	MM_POLICY_WATERMARK_BOOST_FACTOR,
	MM_POLICY_LOWMEM_RESERVE_RATIO,
	MM_POLICY_PERCPU_PAGELIST_HIGH_FRACTION,
	MM_POLICY_PCP_BATCH,
	MM_POLICY_PCP_HIGH,
	MM_POLICY_PAGEBLOCK_ORDER,
	MM_POLICY_FALLBACKS,
	MM_POLICY_ALLOC_NOFRAGMENT,
	MM_POLICY_HIGHATOMIC,
	MM_POLICY_SLUB_MIN_OBJECTS,
	MM_POLICY_SLUB_MIN_ORDER,
	MM_POLICY_SLUB_MAX_ORDER,
	MM_POLICY__NR,
};

enum mm_policy_type {
	MM_POLICY_T_STRING,	/* kernel */
	MM_POLICY_T_INT,	/* a decimal integer in [min, max] */
	MM_POLICY_T_BOOL,	/* on/off (also true/false, 1/0) */
	MM_POLICY_T_LIST,	/* integers separated by blanks or commas */
	MM_POLICY_T_FALLBACKS,	/* Type=Type,Type;... */
};

struct mm_policy_keydef {
	const char *name;
	enum mm_policy_type type;
	int64_t min, max;	/* MM_POLICY_T_INT and each item of MM_POLICY_T_LIST */
	const char *desc;
};

extern const struct mm_policy_keydef mm_policy_keys[MM_POLICY__NR];

/* The longest canonical value (a lowmem_reserve_ratio list, a fallback table). */
#define MM_POLICY_VALUE_MAX 96
#define MM_POLICY_NAME_MAX 64

struct mm_policy {
	char name[MM_POLICY_NAME_MAX];		/* "default", or the policy file's name */
	uint32_t set;				/* 1u << enum mm_policy_key */
	/* each set key's value in canonical text form, as the JSON reports it */
	char value[MM_POLICY__NR][MM_POLICY_VALUE_MAX];

	char kernel[MM_POLICY_VALUE_MAX];
	int64_t min_free_kbytes;
	int64_t watermark_scale_factor;
	int64_t watermark_boost_factor;
	uint32_t nr_lowmem_reserve_ratio;
	int64_t lowmem_reserve_ratio[MM_MAX_NR_ZONES];
	int64_t percpu_pagelist_high_fraction;
	int32_t pcp_batch;
	int32_t pcp_high;
	uint32_t pageblock_order;
	/* fallbacks[mt] for the types in fallbacks_set (1u << mt), the others the profile's */
	uint8_t fallbacks[MT_PCPTYPES][2];
	uint32_t fallbacks_set;
	bool alloc_nofragment;
	bool highatomic;
	uint32_t slub_min_objects;
	uint32_t slub_min_order;
	uint32_t slub_max_order;
};

/* An empty policy named name ("default" if NULL). */
void mm_policy_init(struct mm_policy *p, const char *name);
static inline bool mm_policy_is_set(const struct mm_policy *p, enum mm_policy_key key)
{
	return p->set & (1u << key);
}

/*
 * Sets key to value (text). 0; -ENOENT for an unknown key (msg names it; valid keys from
 * mm_policy_key_names()); -EINVAL for a bad value or a combination that cannot hold with
 * what is already set (pcp_high with percpu_pagelist_high_fraction, slub_min_order above
 * slub_max_order, pcp_batch above pcp_high); msg says what is valid.
 */
int mm_policy_set(struct mm_policy *p, const char *key, const char *value, char *msg,
		  size_t msglen);
/* "kernel min_free_kbytes ...": every key, for error hints. */
const char *mm_policy_key_names(void);
/* The key named name, or -1. */
int mm_policy_key_find(const char *name);

/*
 * The checks that need the kernel: pageblock_order below the profile's nr_page_orders,
 * slub orders within the top order, lowmem_reserve_ratio no longer than the snapshot's
 * zones (nr_node_zones, 0 to skip). 0 or -EINVAL with msg.
 */
int mm_policy_validate(const struct mm_policy *p, const struct mm_profile *prof,
		       uint32_t nr_node_zones, char *msg, size_t msglen);

/*
 * Every key set to what the model starts from without a policy: the profile's switches
 * and, with a snapshot (m may be NULL), its sysctls and boot parameters; without one, the
 * kernel's boot defaults for a machine of four zones (DMA, DMA32, Normal, Movable), and
 * no min_free_kbytes (it depends on the memory size). pcp_batch, pcp_high and kernel are
 * left unset: the first two are derived, the last is the caller's to set.
 */
void mm_policy_defaults(struct mm_policy *p, const struct mm_kernel *k, const struct mm_machine *m);

/* Whether any slub_* key is set: the SLUB model then derives every cache's geometry. */
bool mm_policy_changes_slab(const struct mm_policy *p);

/* Whether any key feeds mm_config_derive() or the pcp sizes. */
bool mm_policy_changes_config(const struct mm_policy *p);

/*
 * The configuration the kernel would have with p's sysctls on machine m: the snapshot's
 * inputs (mm_config_in_from_machine()) with p's overrides, derived with the managed
 * counts mm_config_check() fits to the snapshot, so that a policy that changes nothing
 * reproduces the snapshot's watermarks, protection and pcp sizes exactly and a changed
 * knob shows only its own effect. pcp_batch/pcp_high then replace the derived pcp sizes.
 * *in receives the inputs used (current managed counts). 0, or a negative errno from
 * mm_config_check() (-ENODATA, -EOPNOTSUPP for several nodes, -ENOMEM).
 */
int mm_policy_derive(const struct mm_kernel *k, const struct mm_machine *m,
		     const struct mm_policy *p, struct mm_config_in *in,
		     struct mm_config_out *out);

struct slab_params;
/* The slub_* keys over slab_params_init()'s values, with the boot parameters' clamping.
 * The SLUB model (core/slab_model.c) applies them when mm_policy_changes_slab(). */
void mm_policy_slab_params(const struct mm_policy *p, struct slab_params *sp);

#endif
