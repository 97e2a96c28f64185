/* Hash index from names to array positions (open addressing, linear probing). */
#include "name_index.h"

#include <stdint.h>
#include <string.h>

/* FNV-1a: short identifiers, no adversary gains from collisions beyond a longer probe. */
static size_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return (size_t)h;
}

int ck_name_index_init(ck_name_index *ix, ck_arena *arena, size_t max_entries)
{
    *ix = (ck_name_index){0};
    size_t cap = 8;
    while (cap < 2 * max_entries + 1) { /* at most half full keeps probes short */
        if (cap > SIZE_MAX / 4 / sizeof(const char *))
            return -1;
        cap *= 2;
    }
    const char **keys = ck_arena_alloc(arena, cap * sizeof *keys);
    int *values = ck_arena_alloc(arena, cap * sizeof *values);
    if (!keys || !values)
        return -1;
    ix->keys = keys;
    ix->values = values;
    ix->mask = cap - 1;
    return 0;
}

int ck_name_index_find(const ck_name_index *ix, const char *name)
{
    if (!ck_name_index_built(ix))
        return -1;
    for (size_t i = hash_name(name) & ix->mask;; i = (i + 1) & ix->mask) {
        if (!ix->keys[i])
            return -1;
        if (strcmp(ix->keys[i], name) == 0)
            return ix->values[i];
    }
}

void ck_name_index_put(ck_name_index *ix, const char *name, int value)
{
    if (!ck_name_index_built(ix))
        return;
    size_t i = hash_name(name) & ix->mask;
    while (ix->keys[i])
        i = (i + 1) & ix->mask;
    ix->keys[i] = name;
    ix->values[i] = value;
}
