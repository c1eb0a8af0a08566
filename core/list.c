// SPDX-License-Identifier: GPL-2.0-only
/* Circular doubly linked lists threaded through a zone's next/prev arrays (internal.h). */
#include "internal.h"

void lst_init(struct mm_zone_st *z, uint32_t head)
{
	z->next[head] = z->prev[head] = head;
}

static void lst_insert(struct mm_zone_st *z, uint32_t idx, uint32_t prev, uint32_t next)
{
	z->next[idx] = next;
	z->prev[idx] = prev;
	z->next[prev] = idx;
	z->prev[next] = idx;
}

void lst_add_head(struct mm_zone_st *z, uint32_t head, uint32_t idx)
{
	lst_insert(z, idx, head, z->next[head]);
}

void lst_add_tail(struct mm_zone_st *z, uint32_t head, uint32_t idx)
{
	lst_insert(z, idx, z->prev[head], head);
}

void lst_del(struct mm_zone_st *z, uint32_t idx)
{
	uint32_t p = z->prev[idx], n = z->next[idx];

	z->next[p] = n;
	z->prev[n] = p;
	z->next[idx] = z->prev[idx] = MM_NO_IDX;
}
