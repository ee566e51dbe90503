// The CRC-32C instruction, eight bytes a cycle or so: Swift cannot name it, so these few lines
// are C. The function is compiled for SSE 4.2 on its own (target attribute), so the rest of
// the program needs no special flags, and callers ask first whether the CPU has it.
#include "crc32c_hw.h"
#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

int tracedesk_crc32c_hw_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}

__attribute__((target("sse4.2")))
uint32_t tracedesk_crc32c_hw(uint32_t crc, const void *bytes, size_t n) {
    const unsigned char *p = bytes;
    uint64_t c = crc;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        c = _mm_crc32_u64(c, v);
        p += 8;
        n -= 8;
    }
    uint32_t c32 = (uint32_t)c;
    while (n > 0) {
        c32 = _mm_crc32_u8(c32, *p++);
        n--;
    }
    return c32;
}
#else
int tracedesk_crc32c_hw_available(void) { return 0; }
uint32_t tracedesk_crc32c_hw(uint32_t crc, const void *bytes, size_t n) { (void)bytes; (void)n; return crc; }
#endif
