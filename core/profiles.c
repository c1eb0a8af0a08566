// SPDX-License-Identifier: GPL-2.0-only
/*
 * The profile registry (STYLE.md rule 24) and the resolution of a full kernel release into
 * a profile plus the stable-update switches of KERNEL-NOTES §0.1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

static const struct mm_profile *const profiles[] = { &profile_6_1, &profile_6_12, NULL };

const char *mm_profile_names(void)
{
	return "6.1 6.12";
}

const struct mm_profile *mm_profile_find(const char *name)
{
	for (unsigned int i = 0; profiles[i]; i++)
		if (!strcmp(profiles[i]->name, name))
			return profiles[i];
	return NULL;
}

/* "6.12.117+deb12..." -> 6, 12, 117; returns how many numbers were read. */
static int parse_version(const char *s, unsigned int v[3])
{
	int n = 0;

	while (n < 3) {
		char *end;
		unsigned long x = strtoul(s, &end, 10);

		if (end == s)
			break;
		v[n++] = (unsigned int)x;
		if (*end != '.')
			break;
		s = end + 1;
	}
	return n;
}

/*
 * Debian's ABI releases ("6.1.0-56-cloud-amd64") always say sublevel 0; the real one is in
 * `uname -v`: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2025-...)".
 */
static unsigned int debian_sublevel(const char *version, unsigned int major, unsigned int minor)
{
	const char *d = version ? strstr(version, "Debian ") : NULL;
	unsigned int v[3];

	if (!d || parse_version(d + 7, v) != 3 || v[0] != major || v[1] != minor)
		return 0;
	return v[2];
}

int mm_kernel_resolve(struct mm_kernel *k, const char *release, const char *version)
{
	unsigned int v[3] = { 0, 0, 0 };
	int n = parse_version(release, v);
	unsigned int sub;

	memset(k, 0, sizeof(*k));
	if (n < 2)
		return -ENOENT;
	for (unsigned int i = 0; profiles[i]; i++)
		if (profiles[i]->version_major == v[0] && profiles[i]->version_minor == v[1])
			k->p = profiles[i];
	if (!k->p)
		return -ENOENT;
	sub = n == 3 ? v[2] : 0;
	if (!sub)
		sub = debian_sublevel(version, v[0], v[1]);
	k->sublevel = sub;
	k->sublevel_known = sub != 0;
	/*
	 * Without a sublevel ("6.12" from --kernel), take the newest behaviour of the series:
	 * the Debian stable trees the profiles were written from (6.1.192, 6.12.117).
	 */
	if (!sub)
		sub = 1000;
	if (k->p == &profile_6_1) {
		k->fallback = FALLBACK_6_1;
		k->pcp_free_keeps_block_type = sub >= 64;
		k->pcp_thp_split = sub >= 98;
		k->pcp_batch_scale_max = sub >= 106;
		k->alloc_flags_6_3 = sub >= 119;
		k->highatomic_needs_high = sub >= 158;
	} else {
		k->fallback = sub >= 29 ? FALLBACK_6_12_CLAIM_STEAL : FALLBACK_6_12_HYGIENE;
		k->alloc_flags_6_3 = true;
		k->pcp_free_keeps_block_type = true;
		k->pcp_thp_split = true;
		k->pcp_batch_scale_max = true;
		k->highatomic_needs_high = sub >= 57;
		k->merge_retag = sub >= 69;
		k->decay_in_batches = sub >= 69;
	}
	return 0;
}
