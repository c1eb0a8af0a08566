// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target for policy files (report/policy_load.c). The input is the file. A rejection
 * must be EBADMSG or EINVAL and say why; an accepted policy written back with
 * policy_file_json() must read back as the same policy (name, keys, canonical values).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../json.h"
#include "../policy_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_load_err err;
	struct mm_policy p, q;
	char *json;
	int ret;

	ret = policy_load_buf((const char *)data, size, &p, &err);
	if (ret) {
		if (ret != -EBADMSG && ret != -EINVAL)
			abort();
		if (!err.msg[0])
			abort();	/* a rejection always says why */
		return 0;
	}
	json = policy_file_json(&p);
	if (!json)
		return 0;
	if (policy_load_buf(json, strlen(json), &q, &err))
		abort();
	if (strcmp(p.name, q.name) || p.set != q.set)
		abort();
	for (int i = 0; i < MM_POLICY__NR; i++)
		if (strcmp(p.value[i], q.value[i]))
			abort();
	free(json);
	return 0;
}
