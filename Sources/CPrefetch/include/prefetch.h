#ifndef TRACEDESK_PREFETCH_H
#define TRACEDESK_PREFETCH_H

/// Asks the CPU to bring the cache line at `address` in without waiting for it: replay looks
/// up tables larger than the caches one event at a time, and a plain read a few events ahead
/// stalls as long as the lookup itself would.
void tracedesk_prefetch(const void *address);

#endif
