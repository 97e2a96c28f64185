/* A per-run map from evidence path to what checking it found, hash included once it was needed. */
#include "evidence_cache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "key_table.h"

typedef struct {
    ck_evfile_result result;  /* as found without comparing (status OK carries the hash if hashed) */
    bool hashed;
    bool busy;                /* a thread is looking it up: the others wait for its answer */
} entry;

/* Workers share one cache, so a file is hashed once per run however many threads name it. The
 * lock is held only to find and fill entries, never while a file is read: a worker hashing a large
 * certificate keeps no other from checking other files. */
struct ck_evidence_cache {
    ck_arena *arena;
    ck_key_table paths;
    size_t lookups, hits;
    pthread_mutex_t lock;
    pthread_cond_t answered;
};

ck_evidence_cache *ck_evidence_cache_new(void)
{
    ck_evidence_cache *c = calloc(1, sizeof *c);
    if (!c || !(c->arena = ck_arena_new())) {
        free(c);
        return NULL;
    }
    ck_key_table_init(&c->paths);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->answered, NULL);
    return c;
}

void ck_evidence_cache_free(ck_evidence_cache *cache)
{
    if (!cache)
        return;
    pthread_mutex_destroy(&cache->lock);
    pthread_cond_destroy(&cache->answered);
    ck_arena_free(cache->arena);
    free(cache);
}

/* The entry for relpath, made (busy, for the caller to fill) when there is none; NULL out of memory.
 * Called with the lock held. */
static entry *entry_for(ck_evidence_cache *c, const char *relpath, size_t len, uint64_t h)
{
    ck_key_slot *slot = ck_key_find(&c->paths, h, 0, relpath, len);
    if (slot)
        return slot->val;
    char *key = ck_arena_strndup(c->arena, relpath, len);
    entry *e = ck_arena_alloc(c->arena, sizeof *e);
    if (!key || !e || ck_key_set(c->arena, &c->paths, h, 0, key, len, e, 0) != 0)
        return NULL;
    *e = (entry){.busy = true, .result.status = CK_EVFILE_UNREADABLE};
    return e;
}

ck_evfile_status ck_evidence_check(ck_evidence_cache *c, const ck_evfile_root *root, const char *relpath,
                                   size_t len, const char *expected_sha256, ck_evfile_result *out)
{
    /* paths the lookup refuses before touching the disk are not worth remembering */
    if (!c || !relpath || len == 0 || len > CK_EVFILE_PATH_MAX || memchr(relpath, '\0', len))
        return ck_evfile_check_n(root, relpath, len, expected_sha256, out);
    bool need_hash = expected_sha256 != NULL;
    uint64_t h = ck_key_hash(&c->paths, 0, relpath, len);
    pthread_mutex_lock(&c->lock);
    c->lookups++;
    bool fresh = !ck_key_find(&c->paths, h, 0, relpath, len);
    entry *e = entry_for(c, relpath, len, h);
    while (e && !fresh && e->busy)
        pthread_cond_wait(&c->answered, &c->lock);
    if (!e) {
        pthread_mutex_unlock(&c->lock);
        return ck_evfile_check_n(root, relpath, len, expected_sha256, out); /* no memory: uncached */
    }
    if (!fresh && (e->hashed || !need_hash || e->result.status != CK_EVFILE_OK)) {
        c->hits++;
    } else {
        /* looked up (again, to hash it) by this thread alone, without the lock */
        e->busy = true;
        pthread_mutex_unlock(&c->lock);
        ck_evfile_result r;
        if (need_hash)
            ck_evfile_hash_n(root, relpath, len, &r);
        else
            ck_evfile_check_n(root, relpath, len, NULL, &r);
        pthread_mutex_lock(&c->lock);
        e->result = r;
        e->hashed = need_hash && r.status == CK_EVFILE_OK;
        e->busy = false;
        pthread_cond_broadcast(&c->answered);
    }
    *out = e->result;
    pthread_mutex_unlock(&c->lock);
    if (out->status != CK_EVFILE_OK)
        return out->status;
    if (!need_hash)
        out->sha256_hex[0] = '\0'; /* as an uncached unpinned check reports it */
    return ck_evfile_compare(out, expected_sha256);
}

void ck_evidence_cache_stats(const ck_evidence_cache *cache, size_t *lookups, size_t *hits)
{
    *lookups = cache ? cache->lookups : 0;
    *hits = cache ? cache->hits : 0;
}
