// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>

#include "cmd.h"
#include "log.h"

int cmd_snapshot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pr_err("not implemented yet");
	return -ENOTSUP;
}
