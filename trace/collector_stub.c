// SPDX-License-Identifier: GPL-2.0-only
/* Built with NO_BPF=1 (or before the recorder exists): record reports it and exits 4. */
#include "collector.h"

bool collector_available(void)
{
	return false;
}
