/* Region allocator: big blocks carved into objects, released all at once or rewound for reuse. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strfmt.h"

#define CK_ARENA_BLOCK 65536u
/* Blocks kept for reuse when rewinding; beyond this many bytes they go back to the system, so a
 * record that needed a lot does not keep its memory for all that follow. */
#define CK_ARENA_KEEP ((size_t)4 << 20)

typedef struct ck_arena_block {
    struct ck_arena_block *next;
    size_t size;
    size_t used;
    unsigned long serial;   /* allocation order, for rewinding */
    max_align_t data[];     /* payload, aligned for any type */
} ck_arena_block;

struct ck_arena {
    ck_arena_block *head;   /* blocks in use; the head is the one being carved */
    ck_arena_block *spare;  /* standard blocks kept by a rewind */
    size_t spare_bytes;
    unsigned long next_serial;
};

ck_arena *ck_arena_new(void) { return calloc(1, sizeof(ck_arena)); }

static void free_list(ck_arena_block *b)
{
    while (b) {
        ck_arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void ck_arena_free(ck_arena *arena)
{
    if (!arena)
        return;
    free_list(arena->head);
    free_list(arena->spare);
    free(arena);
}

static ck_arena_block *new_block(ck_arena *arena, size_t payload)
{
    ck_arena_block *nb = NULL;
    if (payload == CK_ARENA_BLOCK && arena->spare) {
        nb = arena->spare;
        arena->spare = nb->next;
        arena->spare_bytes -= CK_ARENA_BLOCK;
    } else {
        if (payload > SIZE_MAX - sizeof(ck_arena_block))
            return NULL;
        nb = malloc(sizeof(ck_arena_block) + payload);
        if (!nb)
            return NULL;
    }
    nb->size = payload;
    nb->used = 0;
    nb->serial = ++arena->next_serial;
    return nb;
}

/* Memory from the arena, not zeroed: for what the caller fills at once (string copies). */
static void *alloc_uninit(ck_arena *arena, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    ck_arena_block *b = arena->head;
    if (!b || b->size - b->used < size) {
        size_t payload = size > CK_ARENA_BLOCK ? size : CK_ARENA_BLOCK;
        ck_arena_block *nb = new_block(arena, payload);
        if (!nb)
            return NULL;
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
    return p;
}

void *ck_arena_alloc(ck_arena *arena, size_t size)
{
    void *p = alloc_uninit(arena, size);
    if (p)
        memset(p, 0, size);
    return p;
}

ck_arena_mark ck_arena_mark_get(const ck_arena *arena)
{
    const ck_arena_block *b = arena->head;
    return (ck_arena_mark){.block = (void *)b, .used = b ? b->used : 0, .serial = arena->next_serial};
}

void ck_arena_rewind(ck_arena *arena, ck_arena_mark mark)
{
    ck_arena_block **link = &arena->head;
    while (*link) {
        ck_arena_block *b = *link;
        if (b->serial <= mark.serial) {
            link = &b->next;
            continue;
        }
        *link = b->next;
        if (b->size == CK_ARENA_BLOCK && arena->spare_bytes < CK_ARENA_KEEP) {
            b->next = arena->spare;
            arena->spare = b;
            arena->spare_bytes += CK_ARENA_BLOCK;
        } else {
            free(b);
        }
    }
    if (mark.block) {
        /* The marked block is the head again: blocks after it in the list are older. */
        ck_arena_block *b = mark.block;
        b->used = mark.used;
    }
}

void ck_arena_reset(ck_arena *arena) { ck_arena_rewind(arena, (ck_arena_mark){0}); }

size_t ck_arena_capacity(const ck_arena *arena)
{
    size_t n = arena->spare_bytes;
    for (const ck_arena_block *b = arena->head; b; b = b->next)
        n += b->size;
    return n;
}

char *ck_arena_strndup(ck_arena *arena, const char *s, size_t len)
{
    char *p = alloc_uninit(arena, len + 1);
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

char *ck_arena_vprintf(ck_arena *arena, const char *fmt, va_list ap)
{
    /* Formatted once, straight into the current block when it fits (most messages do); only a
     * text longer than the block's free space is formatted a second time. */
    ck_arena_block *b = arena->head;
    size_t avail = b ? b->size - b->used : 0;
    va_list again;
    va_copy(again, ap);
    char *p = b ? (char *)b->data + b->used : NULL;
    int n = ck_vsnprintf(p, avail, fmt, ap);
    if (n < 0) {
        va_end(again);
        return NULL;
    }
    if ((size_t)n < avail) {
        const size_t align = _Alignof(max_align_t);
        b->used += ((size_t)n + 1 + align - 1) & ~(align - 1);
        va_end(again);
        return p;
    }
    p = ck_arena_alloc(arena, (size_t)n + 1);
    if (p)
        ck_vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

char *ck_arena_printf(ck_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = ck_arena_vprintf(arena, fmt, ap);
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
