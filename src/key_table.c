/* Keyed hash table for record keys and anchors: SipHash-1-3, open addressing, arena slots. */
#include "key_table.h"

#include <pthread.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static uint64_t process_seed[2];
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

static void draw_seed(void)
{
    if (getrandom(process_seed, sizeof process_seed, GRND_NONBLOCK) == (ssize_t)sizeof process_seed)
        return;
    /* Without the kernel's entropy, address layout and time still keep the key unguessable enough
     * to stop precomputed collisions. */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    process_seed[0] = (uint64_t)(uintptr_t)&ts ^ ((uint64_t)ts.tv_nsec << 20) ^ 0x9e3779b97f4a7c15ULL;
    process_seed[1] = (uint64_t)ts.tv_sec * 0xbf58476d1ce4e5b9ULL ^ (uint64_t)(uintptr_t)&process_seed;
}

void ck_key_table_init(ck_key_table *t)
{
    pthread_once(&seed_once, draw_seed);
    memset(t, 0, sizeof *t);
    t->seed[0] = process_seed[0];
    t->seed[1] = process_seed[1];
}

static uint64_t rotl64(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

typedef struct {
    uint64_t v0, v1, v2, v3;
} sip_state;

static void sip_round(sip_state *s)
{
    s->v0 += s->v1;
    s->v1 = rotl64(s->v1, 13);
    s->v1 ^= s->v0;
    s->v0 = rotl64(s->v0, 32);
    s->v2 += s->v3;
    s->v3 = rotl64(s->v3, 16);
    s->v3 ^= s->v2;
    s->v0 += s->v3;
    s->v3 = rotl64(s->v3, 21);
    s->v3 ^= s->v0;
    s->v2 += s->v1;
    s->v1 = rotl64(s->v1, 17);
    s->v1 ^= s->v2;
    s->v2 = rotl64(s->v2, 32);
}

static void sip_block(sip_state *s, uint64_t m)
{
    s->v3 ^= m;
    sip_round(s);
    s->v0 ^= m;
}

/* SipHash-1-3 over ns followed by the key bytes. */
uint64_t ck_key_hash(const ck_key_table *t, uint64_t ns, const char *p, size_t len)
{
    sip_state s = {t->seed[0] ^ 0x736f6d6570736575ULL, t->seed[1] ^ 0x646f72616e646f6dULL,
                   t->seed[0] ^ 0x6c7967656e657261ULL, t->seed[1] ^ 0x7465646279746573ULL};
    sip_block(&s, ns);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t m;
        memcpy(&m, p + i, 8);
        sip_block(&s, m);
    }
    uint64_t last = (uint64_t)(len + 8) << 56;
    for (size_t k = 0; i + k < len; k++)
        last |= (uint64_t)(unsigned char)p[i + k] << (8 * k);
    sip_block(&s, last);
    s.v2 ^= 0xff;
    for (int r = 0; r < 3; r++)
        sip_round(&s);
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

ck_key_slot *ck_key_find(const ck_key_table *t, uint64_t hash, uint64_t ns, const char *key, size_t len)
{
    if (!t->cap)
        return NULL;
    for (size_t i = hash & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        ck_key_slot *s = &t->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == hash && s->ns == ns && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
}

int ck_key_set(ck_arena *arena, ck_key_table *t, uint64_t hash, uint64_t ns, const char *key, size_t len,
               void *val, uint32_t pos)
{
    ck_key_slot *found = ck_key_find(t, hash, ns, key, len);
    if (found) {
        found->val = val;
        found->pos = pos;
        return 0;
    }
    if ((t->used + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        ck_key_slot *slots = ck_arena_alloc(arena, cap * sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].key)
                continue;
            size_t j = t->slots[i].hash & (cap - 1);
            while (slots[j].key)
                j = (j + 1) & (cap - 1);
            slots[j] = t->slots[i];
        }
        t->slots = slots;
        t->cap = cap;
    }
    size_t i = hash & (t->cap - 1);
    while (t->slots[i].key)
        i = (i + 1) & (t->cap - 1);
    t->slots[i] = (ck_key_slot){.hash = hash, .ns = ns, .key = key, .len = len, .val = val, .pos = pos};
    t->used++;
    return 0;
}
