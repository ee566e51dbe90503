#ifndef TRACEDESK_JSON_SKIP_H
#define TRACEDESK_JSON_SKIP_H
#include <stddef.h>

/// Steps over the JSON container that starts at `p[0]` (`{` or `[`): strings must close (a
/// backslash takes the byte after it, a raw byte below 0x20 in a string is refused) and
/// brackets balance; nothing else is looked at. Returns how many bytes the container takes,
/// or -1 if it does not close within `n` bytes or a string holds a raw control byte.
long tracedesk_json_skip(const unsigned char *p, size_t n);

#endif
