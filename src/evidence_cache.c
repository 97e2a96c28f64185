/* A per-run map from evidence path to what checking it found, hash included once it was needed. */
#include "evidence_cache.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "key_table.h"

typedef struct {
    ck_evfile_result result;  /* as found without comparing (status OK carries the hash if hashed) */
    bool hashed;
} entry;

struct ck_evidence_cache {
    ck_arena *arena;
    ck_key_table paths;
    size_t lookups, hits;
};

ck_evidence_cache *ck_evidence_cache_new(void)
{
    ck_evidence_cache *c = calloc(1, sizeof *c);
    if (!c || !(c->arena = ck_arena_new())) {
        free(c);
        return NULL;
    }
    ck_key_table_init(&c->paths);
    return c;
}

void ck_evidence_cache_free(ck_evidence_cache *cache)
{
    if (!cache)
        return;
    ck_arena_free(cache->arena);
    free(cache);
}

/* Looks the file up (and hashes it when asked) without an expected value, then remembers that. */
static entry *learn(ck_evidence_cache *c, const ck_evfile_root *root, const char *relpath, size_t len, bool hash,
                    entry *e, uint64_t h)
{
    ck_evfile_result r;
    if (hash)
        ck_evfile_hash_n(root, relpath, len, &r);
    else
        ck_evfile_check_n(root, relpath, len, NULL, &r);
    if (!e) {
        char *key = ck_arena_strndup(c->arena, relpath, len);
        e = ck_arena_alloc(c->arena, sizeof *e);
        if (!key || !e || ck_key_set(c->arena, &c->paths, h, 0, key, len, e, 0) != 0)
            return NULL;
    }
    e->result = r;
    e->hashed = hash && r.status == CK_EVFILE_OK;
    return e;
}

ck_evfile_status ck_evidence_check(ck_evidence_cache *c, const ck_evfile_root *root, const char *relpath,
                                   size_t len, const char *expected_sha256, ck_evfile_result *out)
{
    /* paths the lookup refuses before touching the disk are not worth remembering */
    if (!c || !relpath || len == 0 || len > CK_EVFILE_PATH_MAX || memchr(relpath, '\0', len))
        return ck_evfile_check_n(root, relpath, len, expected_sha256, out);
    c->lookups++;
    uint64_t h = ck_key_hash(&c->paths, 0, relpath, len);
    ck_key_slot *slot = ck_key_find(&c->paths, h, 0, relpath, len);
    entry *e = slot ? slot->val : NULL;
    bool need_hash = expected_sha256 != NULL;
    if (e && (e->hashed || !need_hash || e->result.status != CK_EVFILE_OK)) {
        c->hits++;
    } else if (!(e = learn(c, root, relpath, len, need_hash, e, h))) {
        return ck_evfile_check_n(root, relpath, len, expected_sha256, out); /* no memory: uncached */
    }
    *out = e->result;
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
