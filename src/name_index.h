/* Hash index from names to array positions, so that name lookups stay O(1) however many
 * clauses, requirements or level values a policy declares. */
#ifndef CK_NAME_INDEX_H
#define CK_NAME_INDEX_H

#include <stddef.h>

#include "arena.h"

/*
 * Open addressing over a table sized up front for the most entries the array can hold; the
 * keys are not copied (they live in the same arena as the array). A zeroed index is valid and
 * empty: it finds nothing and ignores puts.
 */
typedef struct ck_name_index {
    const char **keys;  /* NULL slot: empty */
    int *values;
    size_t mask;        /* capacity - 1; 0 when the index was never built */
} ck_name_index;

/* Room for max_entries names. 0 on success, -1 when out of memory (the index stays unbuilt). */
int ck_name_index_init(ck_name_index *ix, ck_arena *arena, size_t max_entries);
static inline int ck_name_index_built(const ck_name_index *ix) { return ix && ix->mask != 0; }
/* The value stored under name, or -1. */
int ck_name_index_find(const ck_name_index *ix, const char *name);
/* Stores name -> value; name must be absent and the index not yet full (sized by init). */
void ck_name_index_put(ck_name_index *ix, const char *name, int value);

#endif
