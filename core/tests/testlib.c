// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runner for the registered tests. Usage: test_<module> [-v] [NAME...]
 * Prints "<module>: N passed, M failed" alone on the last line (CI reads it) and exits
 * non-zero when anything failed. The module name comes from TESTLIB_MODULE.
 */
#include <stdlib.h>

#include "testlib.h"

#ifndef TESTLIB_MODULE
#define TESTLIB_MODULE "tests"
#endif

struct test_case {
	const char *name;
	test_fn fn;
};

static struct test_case *cases;
static size_t nr_cases, cap_cases;

void testlib_register(const char *name, test_fn fn)
{
	if (nr_cases == cap_cases) {
		cap_cases = cap_cases ? cap_cases * 2 : 64;
		cases = realloc(cases, cap_cases * sizeof(*cases));
		if (!cases)
			abort();
	}
	cases[nr_cases++] = (struct test_case){ name, fn };
}

static int cmp_case(const void *a, const void *b)
{
	return strcmp(((const struct test_case *)a)->name, ((const struct test_case *)b)->name);
}

static bool selected(const char *name, int argc, char **argv, int first)
{
	if (first >= argc)
		return true;
	for (int i = first; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	unsigned int passed = 0, failed = 0;
	bool verbose = false;
	int first = 1;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = true;
		first = 2;
	}
	/* Constructor order depends on link order; sort so runs are reproducible. */
	qsort(cases, nr_cases, sizeof(*cases), cmp_case);
	for (size_t i = 0; i < nr_cases; i++) {
		if (!selected(cases[i].name, argc, argv, first))
			continue;
		bool ok = cases[i].fn();

		if (ok)
			passed++;
		else
			failed++;
		if (verbose || !ok)
			fprintf(stderr, "%s %s\n", ok ? "ok  " : "FAIL", cases[i].name);
	}
	free(cases);
	printf("%s: %u passed, %u failed\n", TESTLIB_MODULE, passed, failed);
	return failed ? 1 : 0;
}
