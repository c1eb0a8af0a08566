/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012) of one
 * 64-bit word: `record --redact` replaces call sites and object addresses with it under
 * a random per-recording key, so equal values stay equal inside a trace and nothing
 * outside it can map them back.
 */
#ifndef MMTRACE_TRACE_SIPHASH_H
#define MMTRACE_TRACE_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/* The reference function over len bytes; key is 16 bytes. */
uint64_t siphash24(const uint8_t key[16], const void *data, size_t len);
/* Of the 8 little-endian bytes of v. */
uint64_t siphash24_u64(const uint8_t key[16], uint64_t v);

#endif
