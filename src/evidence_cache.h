/* What a run learnt about each evidence file, so that a file named again is not looked up again. */
#ifndef CK_EVIDENCE_CACHE_H
#define CK_EVIDENCE_CACHE_H

#include <stddef.h>

#include "evidence_file.h"

/*
 * Group certificates are named by many records, and one record can name a file twice. Within one
 * run each path is resolved at most once and hashed at most once (when some entry pins it); a
 * later entry reuses the answer, compared with its own sha256. The run assumes its repository
 * does not change under it, as it assumes of the records. The worker threads of a run share one
 * cache (it is locked), so -j N hashes a file no more often than -j 1.
 */
typedef struct ck_evidence_cache ck_evidence_cache;

ck_evidence_cache *ck_evidence_cache_new(void);
void ck_evidence_cache_free(ck_evidence_cache *cache);

/* As ck_evfile_check_n, answered from the cache when it can be; cache may be NULL (no caching). */
ck_evfile_status ck_evidence_check(ck_evidence_cache *cache, const ck_evfile_root *root, const char *relpath,
                                   size_t len, const char *expected_sha256, ck_evfile_result *out);

/* Lookups made and answered from the cache, for tests and benchmarks. */
void ck_evidence_cache_stats(const ck_evidence_cache *cache, size_t *lookups, size_t *hits);

#endif
