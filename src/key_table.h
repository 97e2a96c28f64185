/* A hash table of byte-string keys in namespaces, keyed against collision attacks. */
#ifndef CK_KEY_TABLE_H
#define CK_KEY_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/*
 * Record files come from suppliers, so the hash is keyed (SipHash-1-3): a file crafted to
 * collide would otherwise turn duplicate-key checking quadratic. The key is drawn once per
 * process, not per table: a system call per record costs more than the parse of a small one.
 * Keys are not copied (they must outlive the table); the slots live in the caller's arena.
 */
typedef struct ck_key_slot {
    uint64_t hash;
    uint64_t ns;       /* namespace: lets one table hold the keys of many mappings */
    const char *key;   /* NULL marks an empty slot */
    size_t len;
    void *val;
    uint32_t pos;      /* the caller's: where the key was written */
} ck_key_slot;

typedef struct ck_key_table {
    ck_key_slot *slots;
    size_t cap;        /* power of two */
    size_t used;
    uint64_t seed[2];
} ck_key_table;

/* An empty table with the process's key. */
void ck_key_table_init(ck_key_table *t);
uint64_t ck_key_hash(const ck_key_table *t, uint64_t ns, const char *key, size_t len);
ck_key_slot *ck_key_find(const ck_key_table *t, uint64_t hash, uint64_t ns, const char *key, size_t len);
/* Inserts, or overwrites the value and position of an equal key. -1 when out of memory. */
int ck_key_set(ck_arena *arena, ck_key_table *t, uint64_t hash, uint64_t ns, const char *key, size_t len,
               void *val, uint32_t pos);

#endif
