// A replay steps over every saved interview draft (1.3 KB of JSON, 300,000 of them in a city's
// journal) to check it is whole without decoding it. Byte by byte that was a tenth of a
// replay's work; here 64 bytes are looked at together (SSE2, in every x86-64): where the
// quotes and brackets are, which bytes are inside strings (a running XOR of the quote bits),
// and the brackets outside them counted. A block with a backslash in it (rare in drafts) goes
// byte by byte, so escapes follow exactly the rules of the one-byte path.
#include "json_skip.h"
#include <stdint.h>

typedef struct {
    int in_string;
    int escape;   // the next byte is escaped (a backslash ended the last one looked at)
    long depth;
} skip_state;

// Byte by byte over [from, to): the end of the container (+1), -1 for a control byte in a
// string, or -2 to go on.
static long bytewise(const unsigned char *p, size_t from, size_t to, skip_state *s) {
    for (size_t i = from; i < to; i++) {
        unsigned char c = p[i];
        if (s->in_string) {
            if (s->escape) { s->escape = 0; continue; }
            if (c == '"') s->in_string = 0;
            else if (c == '\\') s->escape = 1;
            else if (c < 0x20) return -1;
        } else if (c == '"') {
            s->in_string = 1;
        } else if (c == '{' || c == '[') {
            s->depth++;
        } else if (c == '}' || c == ']') {
            if (--s->depth == 0) return (long)(i + 1);
        }
    }
    return -2;
}

#if defined(__x86_64__)
#include <emmintrin.h>

static inline uint64_t bits(__m128i a, __m128i b, __m128i c, __m128i d) {
    return (uint64_t)(uint16_t)_mm_movemask_epi8(a) | (uint64_t)(uint16_t)_mm_movemask_epi8(b) << 16
         | (uint64_t)(uint16_t)_mm_movemask_epi8(c) << 32 | (uint64_t)(uint16_t)_mm_movemask_epi8(d) << 48;
}

#define EQ(x) bits(_mm_cmpeq_epi8(v0, _mm_set1_epi8(x)), _mm_cmpeq_epi8(v1, _mm_set1_epi8(x)), \
                   _mm_cmpeq_epi8(v2, _mm_set1_epi8(x)), _mm_cmpeq_epi8(v3, _mm_set1_epi8(x)))
// Bytes at most 0x1F: max(byte, 0x1F) == 0x1F.
#define LOW(v) _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F))

long tracedesk_json_skip(const unsigned char *p, size_t n) {
    skip_state s = {0, 0, 0};
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        __m128i v0 = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i v1 = _mm_loadu_si128((const __m128i *)(p + i + 16));
        __m128i v2 = _mm_loadu_si128((const __m128i *)(p + i + 32));
        __m128i v3 = _mm_loadu_si128((const __m128i *)(p + i + 48));
        uint64_t backslash = EQ('\\');
        if (backslash != 0 || s.escape) {
            long r = bytewise(p, i, i + 64, &s);
            if (r != -2) return r;
            continue;
        }
        uint64_t quote = EQ('"');
        uint64_t open = EQ('{') | EQ('[');
        uint64_t close = EQ('}') | EQ(']');
        uint64_t control = bits(LOW(v0), LOW(v1), LOW(v2), LOW(v3));
        // Each bit: the XOR of the quote bits up to it, so from an opening quote up to (not
        // including) its closing one; flipped throughout when a string runs in from before.
        uint64_t inside = quote;
        inside ^= inside << 1; inside ^= inside << 2; inside ^= inside << 4;
        inside ^= inside << 8; inside ^= inside << 16; inside ^= inside << 32;
        if (s.in_string) inside = ~inside;
        // A raw control byte in a string is refused, but only before the container ends.
        uint64_t bad = control & inside;
        s.in_string = (int)(inside >> 63);
        open &= ~inside;
        close &= ~inside;
        uint64_t brackets = open | close;
        if (brackets == 0 || (open == 0 && __builtin_popcountll(close) < s.depth)) {
            if (bad) return -1;
            s.depth -= __builtin_popcountll(close);
            continue;
        }
        while (brackets) {
            int b = __builtin_ctzll(brackets);
            if ((open >> b) & 1) {
                s.depth++;
            } else if (--s.depth == 0) {
                uint64_t before = b == 63 ? ~0ULL : (1ULL << (b + 1)) - 1;
                return (bad & before) ? -1 : (long)(i + (size_t)b + 1);
            }
            brackets &= brackets - 1;
        }
        if (bad) return -1;
    }
    long r = bytewise(p, i, n, &s);
    return r == -2 ? -1 : r;
}

#else

long tracedesk_json_skip(const unsigned char *p, size_t n) {
    skip_state s = {0, 0, 0};
    long r = bytewise(p, 0, n, &s);
    return r == -2 ? -1 : r;
}

#endif
