// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "event.h"

static const char *const event_names[MM_EV__NR] = {
	[MM_EV_PAGE_ALLOC] = "mm_page_alloc",
	[MM_EV_PAGE_FREE] = "mm_page_free",
	[MM_EV_PAGE_FREE_BATCHED] = "mm_page_free_batched",
	[MM_EV_PAGE_ALLOC_ZONE_LOCKED] = "mm_page_alloc_zone_locked",
	[MM_EV_PAGE_PCPU_DRAIN] = "mm_page_pcpu_drain",
	[MM_EV_PAGE_ALLOC_EXTFRAG] = "mm_page_alloc_extfrag",
	[MM_EV_KMALLOC] = "kmalloc",
	[MM_EV_KFREE] = "kfree",
	[MM_EV_KMEM_CACHE_ALLOC] = "kmem_cache_alloc",
	[MM_EV_KMEM_CACHE_FREE] = "kmem_cache_free",
	[MM_EV_LOST] = "lost",
};

const char *mm_event_type_name(unsigned int type)
{
	if (type == MM_EV_NONE || type >= MM_EV__NR)
		return NULL;
	return event_names[type];
}

unsigned int mm_event_type_from_name(const char *name)
{
	for (unsigned int t = 1; t < MM_EV__NR; t++)
		if (!strcmp(event_names[t], name))
			return t;
	return MM_EV_NONE;
}
