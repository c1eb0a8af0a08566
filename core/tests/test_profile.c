// SPDX-License-Identifier: GPL-2.0-only
/* Release strings to profiles and stable-update switches (KERNEL-NOTES §0.1). */
#include <errno.h>

#include "../profile.h"
#include "testlib.h"

TEST(resolve_debian_releases)
{
	struct mm_kernel k;

	/* Debian 12 backport: the sublevel is in the release. */
	ASSERT_EQ(mm_kernel_resolve(&k, "6.12.117+deb12-cloud-amd64", NULL), 0);
	ASSERT_TRUE(k.p == &profile_6_12);
	ASSERT_EQ(k.sublevel, 117);
	ASSERT_EQ(k.fallback, FALLBACK_6_12_CLAIM_STEAL);
	ASSERT_TRUE(k.merge_retag);
	/* Debian 6.1's ABI release hides it; uname -v has it. */
	ASSERT_EQ(mm_kernel_resolve(&k, "6.1.0-56-cloud-amd64",
				    "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2025-10-23)"), 0);
	ASSERT_TRUE(k.p == &profile_6_1);
	ASSERT_EQ(k.sublevel, 192);
	ASSERT_TRUE(k.alloc_flags_6_3 && k.highatomic_needs_high && k.pcp_batch_scale_max);
	return true;
}

TEST(resolve_stable_boundaries)
{
	struct mm_kernel k;

	/* 6.12.29 split the fallback into claim, then steal */
	ASSERT_EQ(mm_kernel_resolve(&k, "6.12.28", NULL), 0);
	ASSERT_EQ(k.fallback, FALLBACK_6_12_HYGIENE);
	ASSERT_EQ(mm_kernel_resolve(&k, "6.12.29", NULL), 0);
	ASSERT_EQ(k.fallback, FALLBACK_6_12_CLAIM_STEAL);
	ASSERT_TRUE(!k.merge_retag);
	/* 6.1.119 brought the 6.3 alloc flags */
	ASSERT_EQ(mm_kernel_resolve(&k, "6.1.118", NULL), 0);
	ASSERT_TRUE(!k.alloc_flags_6_3);
	ASSERT_EQ(mm_kernel_resolve(&k, "6.1.119", NULL), 0);
	ASSERT_TRUE(k.alloc_flags_6_3);
	/* a bare series models the newest behaviour known */
	ASSERT_EQ(mm_kernel_resolve(&k, "6.12", NULL), 0);
	ASSERT_TRUE(!k.sublevel_known && k.merge_retag);
	return true;
}

TEST(resolve_unknown_series)
{
	struct mm_kernel k;

	ASSERT_EQ(mm_kernel_resolve(&k, "5.10.0-30-amd64", NULL), -ENOENT);
	ASSERT_EQ(mm_kernel_resolve(&k, "6.18.44-fc-v769", NULL), -ENOENT);
	ASSERT_EQ(mm_kernel_resolve(&k, "garbage", NULL), -ENOENT);
	ASSERT_TRUE(mm_profile_find("6.1") == &profile_6_1);
	ASSERT_TRUE(!mm_profile_find("6"));
	return true;
}
