// SPDX-License-Identifier: GPL-2.0-only
/* Event type names are the tracepoints' own: JSON keys and ftrace lines depend on them. */
#include "../event.h"
#include "testlib.h"

TEST(event_names_round_trip)
{
	for (unsigned int t = 1; t < MM_EV__NR; t++) {
		ASSERT_TRUE(mm_event_type_name(t));
		ASSERT_EQ(mm_event_type_from_name(mm_event_type_name(t)), t);
	}
	ASSERT_TRUE(!mm_event_type_name(MM_EV_NONE));
	ASSERT_TRUE(!mm_event_type_name(MM_EV__NR));
	ASSERT_EQ(mm_event_type_from_name("mm_page_alloc_zone_locked"), MM_EV_PAGE_ALLOC_ZONE_LOCKED);
	ASSERT_EQ(mm_event_type_from_name("kmalloc_node"), MM_EV_NONE);
	return true;
}
