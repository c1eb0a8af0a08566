/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one unit-test harness (STYLE.md rule 31), after tools/testing/vma's shared.h.
 * A test is `TEST(name) { ...; return true; }`; it registers itself at load time so a
 * module's runner is just its test files linked with testlib.c. ASSERT_* print
 * file:line, the function, the expression and both values, then fail the test.
 */
#ifndef MMTRACE_CORE_TESTS_TESTLIB_H
#define MMTRACE_CORE_TESTS_TESTLIB_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef bool (*test_fn)(void);
void testlib_register(const char *name, test_fn fn);

#define TEST(name)                                                        \
	static bool test_##name(void);                                    \
	__attribute__((constructor)) static void test_register_##name(void) \
	{                                                                 \
		testlib_register(#name, test_##name);                     \
	}                                                                 \
	static bool test_##name(void)

#define ASSERT_FAIL_(fmt, ...)                                                       \
	do {                                                                         \
		fprintf(stderr, "%s:%d: %s(): " fmt "\n", __FILE__, __LINE__, __func__, \
			__VA_ARGS__);                                                \
		return false;                                                        \
	} while (0)

#define ASSERT_EQ(a, b)                                                                \
	do {                                                                           \
		long long a_ = (long long)(a), b_ = (long long)(b);                    \
		if (a_ != b_)                                                          \
			ASSERT_FAIL_("%s != %s (got %lld, want %lld)", #a, #b, a_, b_); \
	} while (0)

#define ASSERT_EQ_U64(a, b)                                                               \
	do {                                                                              \
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                          \
		if (a_ != b_)                                                             \
			ASSERT_FAIL_("%s != %s (got %#" PRIx64 ", want %#" PRIx64 ")", #a, #b, \
				     a_, b_);                                             \
	} while (0)

#define ASSERT_NE(a, b)                                                        \
	do {                                                                   \
		long long a_ = (long long)(a), b_ = (long long)(b);            \
		if (a_ == b_)                                                  \
			ASSERT_FAIL_("%s == %s (both %lld)", #a, #b, a_);      \
	} while (0)

#define ASSERT_TRUE(c)                                         \
	do {                                                   \
		if (!(c))                                      \
			ASSERT_FAIL_("%s is false", #c);       \
	} while (0)

#define ASSERT_STREQ(a, b)                                                           \
	do {                                                                         \
		const char *a_ = (a), *b_ = (b);                                     \
		if (!a_ || !b_ || strcmp(a_, b_))                                    \
			ASSERT_FAIL_("%s != %s (got \"%s\", want \"%s\")", #a, #b,   \
				     a_ ? a_ : "(null)", b_ ? b_ : "(null)");        \
	} while (0)

#endif
