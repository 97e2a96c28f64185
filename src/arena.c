/* Region allocator: big blocks carved into objects, released all at once. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CK_ARENA_BLOCK 65536u

typedef struct ck_arena_block {
    struct ck_arena_block *next;
    size_t size;
    size_t used;
    max_align_t data[]; /* payload, aligned for any type */
} ck_arena_block;

struct ck_arena {
    ck_arena_block *head;
};

ck_arena *ck_arena_new(void) { return calloc(1, sizeof(ck_arena)); }

void ck_arena_free(ck_arena *arena)
{
    if (!arena)
        return;
    ck_arena_block *b = arena->head;
    while (b) {
        ck_arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void *ck_arena_alloc(ck_arena *arena, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    ck_arena_block *b = arena->head;
    if (!b || b->size - b->used < size) {
        size_t payload = size > CK_ARENA_BLOCK ? size : CK_ARENA_BLOCK;
        if (payload > SIZE_MAX - sizeof(ck_arena_block))
            return NULL;
        ck_arena_block *nb = malloc(sizeof(ck_arena_block) + payload);
        if (!nb)
            return NULL;
        nb->size = payload;
        nb->used = 0;
        /* A big one-off allocation goes behind the current block so the
         * current block's free space is not wasted. */
        if (b && payload == size) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            arena->head = nb;
        }
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *ck_arena_strndup(ck_arena *arena, const char *s, size_t len)
{
    char *p = ck_arena_alloc(arena, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *ck_arena_strdup(ck_arena *arena, const char *s)
{
    return ck_arena_strndup(arena, s, strlen(s));
}

char *ck_arena_printf(ck_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = ck_arena_alloc(arena, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int ck_vec_push(ck_arena *arena, ck_vec *vec, void *item)
{
    if (vec->len == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 8;
        void **items = ck_arena_alloc(arena, cap * sizeof(void *));
        if (!items)
            return -1;
        if (vec->len)
            memcpy(items, vec->items, vec->len * sizeof(void *));
        vec->items = items;
        vec->cap = cap;
    }
    vec->items[vec->len++] = item;
    return 0;
}
