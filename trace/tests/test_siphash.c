// SPDX-License-Identifier: GPL-2.0-only
/* SipHash-2-4 against the reference vectors of the paper's appendix (key 00..0f, message
 * 00..len-1), which `record --redact` relies on being the real function. */
#include "../../core/tests/testlib.h"
#include "../siphash.h"

TEST(siphash_reference_vectors)
{
	uint8_t key[16], msg[16];

	for (int i = 0; i < 16; i++)
		key[i] = msg[i] = (uint8_t)i;
	ASSERT_EQ_U64(siphash24(key, msg, 0), 0x726fdb47dd0e0e31ull);
	ASSERT_EQ_U64(siphash24(key, msg, 1), 0x74f839c593dc67fdull);
	ASSERT_EQ_U64(siphash24(key, msg, 8), 0x93f5f5799a932462ull);
	ASSERT_EQ_U64(siphash24(key, msg, 15), 0xa129ca6149be45e5ull);
	ASSERT_EQ_U64(siphash24_u64(key, 0x0706050403020100ull), 0x93f5f5799a932462ull);
	return true;
}

TEST(siphash_key_matters)
{
	uint8_t a[16] = { 0 }, b[16] = { 1 };

	ASSERT_NE(siphash24_u64(a, 42), siphash24_u64(b, 42));
	ASSERT_NE(siphash24_u64(a, 42), siphash24_u64(a, 43));
	return true;
}
