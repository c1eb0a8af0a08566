// SPDX-License-Identifier: GPL-2.0-only
/* unusable_free_index() and __fragmentation_index() of mm/vmstat.c (6.1 = 6.12), hand-worked. */
#include "../stats.h"
#include "testlib.h"

/*
 * nr_free: order 0: 10 blocks, order 1: 3, order 3: 1  => free_pages = 10 + 6 + 8 = 24
 * order 2: suitable = 1 block of order 3 = 2 blocks of order 2 => 8 pages usable
 *   unusable = (24 - 2*4) * 1000 / 24 = 666
 * order 4: nothing suitable: unusable = 1000;
 *   fragmentation = 1000 - (1000 + 24*1000/16) / 14 = 1000 - 2500/14 = 1000 - 178 = 822
 */
TEST(frag_indices_hand_worked)
{
	const uint64_t nr_free[11] = { 10, 3, 0, 1 };

	ASSERT_EQ(mm_unusable_free_index(nr_free, 11, 0), 0);
	ASSERT_EQ(mm_unusable_free_index(nr_free, 11, 2), 666);
	ASSERT_EQ(mm_unusable_free_index(nr_free, 11, 4), 1000);
	ASSERT_EQ(mm_fragmentation_index(nr_free, 11, 2), -1000);
	ASSERT_EQ(mm_fragmentation_index(nr_free, 11, 4), 822);
	return true;
}

TEST(frag_indices_empty_zone)
{
	const uint64_t nr_free[11] = { 0 };

	/* free_pages == 0: unusable 1000; no blocks at all: fragmentation 0 */
	ASSERT_EQ(mm_unusable_free_index(nr_free, 11, 3), 1000);
	ASSERT_EQ(mm_fragmentation_index(nr_free, 11, 3), 0);
	return true;
}
