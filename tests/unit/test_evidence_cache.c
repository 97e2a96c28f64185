/* Unit tests for the per-run evidence cache: one lookup and one hash per file, answers as uncached. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence_cache.h"

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_OTHER "0000000000000000000000000000000000000000000000000000000000000000"

static char dir[64];
static ck_evfile_root root;

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ck-evcache-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char p[128];
    snprintf(p, sizeof p, "%s/abc.txt", dir);
    FILE *f = fopen(p, "w");
    if (!f)
        return -1;
    fputs("abc", f);
    fclose(f);
    return ck_evfile_root_open(&root, dir);
}

static int teardown(void **state)
{
    (void)state;
    char p[128];
    snprintf(p, sizeof p, "%s/abc.txt", dir);
    unlink(p);
    rmdir(dir);
    ck_evfile_root_close(&root);
    return 0;
}

static ck_evfile_status check(ck_evidence_cache *c, const char *path, const char *sha, ck_evfile_result *r)
{
    return ck_evidence_check(c, &root, path, strlen(path), sha, r);
}

/* The same questions, cached and not, get the same answers, in any order. */
static void answers_match_uncached(void **state)
{
    (void)state;
    struct {
        const char *path, *sha;
    } asks[] = {{"abc.txt", NULL}, {"abc.txt", SHA_ABC}, {"abc.txt", SHA_OTHER}, {"abc.txt", "nothex"},
                {"abc.txt", NULL}, {"missing.pdf", NULL}, {"missing.pdf", SHA_ABC}, {"../x", NULL},
                {"abc.txt", SHA_ABC}};
    ck_evidence_cache *c = ck_evidence_cache_new();
    assert_non_null(c);
    for (size_t i = 0; i < sizeof asks / sizeof *asks; i++) {
        ck_evfile_result got, want;
        ck_evfile_status gs = check(c, asks[i].path, asks[i].sha, &got);
        ck_evfile_status ws = ck_evfile_check(&root, asks[i].path, asks[i].sha, &want);
        assert_int_equal(gs, ws);
        assert_int_equal(got.status, want.status);
        assert_string_equal(got.sha256_hex, want.sha256_hex);
        assert_string_equal(got.detail, want.detail);
        assert_int_equal(got.size, want.size);
    }
    ck_evidence_cache_free(c);
}

static void each_path_looked_up_once_and_hashed_once(void **state)
{
    (void)state;
    ck_evidence_cache *c = ck_evidence_cache_new();
    ck_evfile_result r;
    size_t lookups, hits;
    assert_int_equal(check(c, "abc.txt", NULL, &r), CK_EVFILE_OK);   /* looked up, not hashed */
    assert_int_equal(check(c, "abc.txt", NULL, &r), CK_EVFILE_OK);   /* answered */
    assert_int_equal(check(c, "abc.txt", SHA_ABC, &r), CK_EVFILE_OK); /* now hashed */
    assert_int_equal(check(c, "abc.txt", SHA_OTHER, &r), CK_EVFILE_HASH_MISMATCH); /* answered */
    assert_string_equal(r.sha256_hex, SHA_ABC);
    assert_int_equal(check(c, "abc.txt", SHA_ABC, &r), CK_EVFILE_OK); /* answered, not spoilt */
    ck_evidence_cache_stats(c, &lookups, &hits);
    assert_int_equal(lookups, 5);
    assert_int_equal(hits, 3);
    ck_evidence_cache_free(c);
}

/* Threads naming the same file at once: one of them hashes it, the others wait for its answer. */
enum { THREADS = 4, ASKS = 50 };

static void *ask_many(void *cache)
{
    for (int i = 0; i < ASKS; i++) {
        ck_evfile_result r;
        if (check(cache, "big.bin", NULL, &r) != CK_EVFILE_OK || r.size != 8 << 20)
            return "unpinned check failed";
        /* the pin is the hash of 8 MiB of zero bytes */
        if (check(cache, "big.bin", "2daeb1f36095b44b318410b3f4e8b5d989dcc7bb023d1426c492dab0a3053e74", &r) !=
            CK_EVFILE_OK)
            return "pinned check failed";
    }
    return NULL;
}

static void threads_share_one_hash(void **state)
{
    (void)state;
    char p[128];
    snprintf(p, sizeof p, "%s/big.bin", dir);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 8 << 20), 0); /* large enough that hashing it takes a while */
    close(fd);
    ck_evidence_cache *c = ck_evidence_cache_new();
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, ask_many, c), 0);
    for (int i = 0; i < THREADS; i++) {
        void *failed;
        pthread_join(t[i], &failed);
        assert_null(failed);
    }
    size_t lookups, hits;
    ck_evidence_cache_stats(c, &lookups, &hits);
    assert_int_equal(lookups, 2 * THREADS * ASKS);
    /* looked up once, and at most once more to hash it (when an unpinned check came first) */
    assert_true(hits >= lookups - 2);
    ck_evidence_cache_free(c);
    unlink(p);
}

/* Without a cache every call is a fresh check; a NULL cache is allowed. */
static void null_cache_checks_directly(void **state)
{
    (void)state;
    ck_evfile_result r;
    assert_int_equal(check(NULL, "abc.txt", SHA_ABC, &r), CK_EVFILE_OK);
    assert_int_equal(check(NULL, "", NULL, &r), CK_EVFILE_BAD_PATH);
    size_t lookups, hits;
    ck_evidence_cache_stats(NULL, &lookups, &hits);
    assert_int_equal(lookups + hits, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_match_uncached),
        cmocka_unit_test(each_path_looked_up_once_and_hashed_once),
        cmocka_unit_test(null_cache_checks_directly),
        cmocka_unit_test(threads_share_one_hash),
    };
    return cmocka_run_group_tests_name("evidence_cache", tests, setup, teardown);
}
