/* Region allocator: the one allocation choke point for policies and records. */
#ifndef CK_ARENA_H
#define CK_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Ownership rule: every object reachable from a compiled policy lives in the
 * policy's arena; every value of a record lives in that record's arena. Nothing
 * allocated from an arena is freed on its own; ck_arena_free releases it all at
 * once. Allocation failure is reported as NULL and must propagate as a status.
 */
typedef struct ck_arena ck_arena;

ck_arena *ck_arena_new(void);
void ck_arena_free(ck_arena *arena);

/*
 * Taking memory back without returning it to the system: a mark remembers how far the arena was
 * used; rewinding to it releases everything allocated since (objects allocated since must no
 * longer be used) but keeps the blocks, so the next allocations reuse them. A run that loads
 * one record after another in one arena allocates from the system once, not per record.
 */
typedef struct ck_arena_mark {
    void *block;
    size_t used;
    unsigned long serial;
} ck_arena_mark;
ck_arena_mark ck_arena_mark_get(const ck_arena *arena);
void ck_arena_rewind(ck_arena *arena, ck_arena_mark mark);
/* Rewinds to empty. */
void ck_arena_reset(ck_arena *arena);
/* Bytes of blocks the arena holds (used or kept for reuse). */
size_t ck_arena_capacity(const ck_arena *arena);
/* Zeroed memory, aligned for any type; NULL when out of memory. */
void *ck_arena_alloc(ck_arena *arena, size_t size);
char *ck_arena_strndup(ck_arena *arena, const char *s, size_t len);
char *ck_arena_strdup(ck_arena *arena, const char *s);
char *ck_arena_printf(ck_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *ck_arena_vprintf(ck_arena *arena, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Growable array of pointers whose storage lives in an arena. */
typedef struct {
    void **items;
    size_t len;
    size_t cap;
} ck_vec;

/* Returns 0 on success, -1 when out of memory. */
int ck_vec_push(ck_arena *arena, ck_vec *vec, void *item);

#endif
