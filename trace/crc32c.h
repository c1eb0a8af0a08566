/* SPDX-License-Identifier: GPL-2.0-only */
/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as in RFC 3720 §B.4. */
#ifndef MMTRACE_TRACE_CRC32C_H
#define MMTRACE_TRACE_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* crc32c("123456789") == 0xE3069283 */
uint32_t crc32c(const void *buf, size_t len);
/* Continues a CRC over more bytes: crc32c(ab) == crc32c_extend(crc32c(a), b). */
uint32_t crc32c_extend(uint32_t crc, const void *buf, size_t len);

#endif
