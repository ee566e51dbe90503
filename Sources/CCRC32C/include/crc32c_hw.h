#ifndef TRACEDESK_CRC32C_HW_H
#define TRACEDESK_CRC32C_HW_H
#include <stddef.h>
#include <stdint.h>

/// Nonzero when this CPU has the CRC-32C instruction (x86-64 SSE 4.2).
int tracedesk_crc32c_hw_available(void);
/// Continues the running (not yet inverted) CRC-32C `crc` over `n` bytes with the instruction;
/// call only when available.
uint32_t tracedesk_crc32c_hw(uint32_t crc, const void *bytes, size_t n);

#endif
