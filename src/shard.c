/* Shards: which records a run of --shard I/N checks, the same on every machine and every run. */
#include "shard.h"

#include <stdint.h>
#include <stdio.h>

/* FNV-1a, 64 bits: defined byte by byte, so no platform, compiler or seed changes a record's shard. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

bool ck_shard_mine(unsigned shard, unsigned shards, const char *rel, unsigned line)
{
    if (shards == 0)
        return true;
    uint64_t h = fnv1a(0xcbf29ce484222325ULL, rel);
    if (line) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, ":%u", line);
        h = fnv1a(h, suffix);
    }
    return h % shards == shard - 1;
}
