/* Unit tests for the public C API (include/clausecheck.h): its promises, and its misuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define _GNU_SOURCE /* open_memstream */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../include/clausecheck.h"

static const char POLICY[] =
    "policy \"API test\" version \"1\"\n"
    "profile { importance : level(low, high) \"How important\" }\n"
    "tiers low < high\n"
    "tier high when importance >= high\n"
    "tier low otherwise\n"
    "group notice \"Notice\" { }\n"
    "clause incident-notification \"Incidents are notified\" { notify_within : duration \"Longest\" }\n"
    "require R-1 \"Incidents are notified in a day\" for tier >= high {\n"
    "  group notice\n"
    "  clause incident-notification with notify_within <= 24h\n"
    "}\n"
    "require R-2 \"Low tier asks nothing more\" for tier low { clause incident-notification }\n";

static const char RECORD[] = "supplier: { id: acme }\n"
                             "profile: { importance: high }\n"
                             "clauses:\n"
                             "  incident-notification: { notify_within: 72h }\n";

/* text copied into a buffer with garbage after it, so nothing may read past len */
static char *unterminated(const char *text, size_t *len)
{
    *len = strlen(text);
    char *b = malloc(*len + 8);
    assert_non_null(b);
    memcpy(b, text, *len);
    memset(b + *len, '{', 8);
    return b;
}

static clausecheck_policy *compiled(void)
{
    size_t len;
    char *text = unterminated(POLICY, &len);
    clausecheck_policy *p = NULL;
    clausecheck_diagnostics *d = NULL;
    assert_int_equal(clausecheck_policy_compile_buffer("api.policy", text, len, NULL, &p, &d), CLAUSECHECK_OK);
    free(text);
    assert_non_null(p);
    assert_int_equal(clausecheck_diagnostics_errors(d), 0);
    clausecheck_diagnostics_free(&d);
    return p;
}

static void compile_and_check_from_memory(void **state)
{
    (void)state;
    clausecheck_policy *p = compiled();
    assert_string_equal(clausecheck_policy_title(p), "API test");
    assert_int_equal(clausecheck_policy_tier_count(p), 2);
    assert_string_equal(clausecheck_policy_tier(p, 1), "high");
    assert_null(clausecheck_policy_tier(p, 2));
    size_t len;
    char *rec = unterminated(RECORD, &len);
    clausecheck_check_options o = {.as_of = "2026-11-28"};
    clausecheck_result *r = NULL;
    assert_int_equal(clausecheck_check_buffer(p, "acme.yaml", rec, len, &o, &r, NULL), CLAUSECHECK_OK);
    free(rec);
    assert_string_equal(clausecheck_result_tier(r), "high");
    assert_false(clausecheck_result_tier_uncertain(r));
    assert_string_equal(clausecheck_result_supplier(r), "acme");
    assert_int_equal(clausecheck_result_finding_count(r), 1);
    clausecheck_finding f;
    assert_int_equal(clausecheck_result_finding(r, 0, &f), CLAUSECHECK_OK);
    assert_string_equal(f.kind, "clause-weaker");
    assert_string_equal(f.severity, "error");
    assert_string_equal(f.requirement, "R-1");
    assert_string_equal(f.path, "acme.yaml");
    assert_int_equal(f.line, 4);
    assert_int_equal(f.column, 43);
    assert_non_null(strstr(f.fix, "from 72h to at most 24h"));
    assert_null(f.party_kind);
    /* every requirement, in policy order: the grouped one first */
    assert_int_equal(clausecheck_result_requirement_count(r), 2);
    clausecheck_requirement q;
    assert_int_equal(clausecheck_result_requirement(r, 0, &q), CLAUSECHECK_OK);
    assert_string_equal(q.id, "R-1");
    assert_string_equal(q.outcome, "unmet");
    assert_string_equal(q.group, "notice");
    assert_int_equal(clausecheck_result_requirement(r, 1, &q), CLAUSECHECK_OK);
    assert_string_equal(q.outcome, "not-applicable");
    assert_string_equal(q.reason, "does not apply to tier high");
    assert_null(q.group);
    /* a JSON record means the same */
    const char *json = "{\"supplier\": {\"id\": \"acme\"}, \"profile\": {\"importance\": \"high\"},"
                       " \"clauses\": {\"incident-notification\": {\"notify_within\": \"12h\"}}}";
    clausecheck_result *j = NULL;
    assert_int_equal(clausecheck_check_buffer(p, "acme.json", json, strlen(json), &o, &j, NULL), CLAUSECHECK_OK);
    assert_int_equal(clausecheck_result_finding_count(j), 0);
    clausecheck_result_free(&j);
    clausecheck_result_free(&r);
    clausecheck_policy_free(&p);
}

/* Diagnostics are the caller's: they outlive the policy or record they are about. */
static void diagnostics_are_located_and_outlive_their_sources(void **state)
{
    (void)state;
    const char *bad = "policy \"x\"\ntiers low\ntier low otherwise\nclause c \"C\"\nrequire R \"r\" { clause d }\n";
    clausecheck_policy *p = (clausecheck_policy *)1;
    clausecheck_diagnostics *d = NULL;
    assert_int_equal(clausecheck_policy_compile_buffer("bad.policy", bad, strlen(bad), NULL, &p, &d),
                     CLAUSECHECK_INVALID);
    assert_null(p);
    assert_int_equal(clausecheck_diagnostics_errors(d), 1);
    clausecheck_diagnostic g;
    assert_int_equal(clausecheck_diagnostics_get(d, 0, &g), CLAUSECHECK_OK);
    assert_string_equal(g.severity, "error");
    assert_string_equal(g.path, "bad.policy");
    assert_int_equal(g.line, 5);
    assert_int_equal(g.column, 24);
    assert_int_equal(g.end_column, 25);
    assert_non_null(strstr(g.message, "unknown clause 'd'"));
    assert_int_equal(clausecheck_diagnostics_get(d, 1, &g), CLAUSECHECK_MISUSE);
    char *text = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&text, &n);
    assert_int_equal(clausecheck_diagnostics_write(d, mem), CLAUSECHECK_OK);
    fclose(mem);
    assert_non_null(strstr(text, "bad.policy:5:24: error: unknown clause 'd'"));
    assert_non_null(strstr(text, "^"));
    free(text);
    clausecheck_diagnostics_free(&d);

    clausecheck_policy *ok = compiled();
    clausecheck_result *r = NULL;
    const char *broken = "supplier: { id: x\n";
    assert_int_equal(clausecheck_check_buffer(ok, "broken.yaml", broken, strlen(broken), NULL, &r, &d),
                     CLAUSECHECK_INVALID);
    assert_null(r);
    clausecheck_policy_free(&ok); /* the diagnostics do not point into it or the record */
    assert_int_equal(clausecheck_diagnostics_get(d, 0, &g), CLAUSECHECK_OK);
    assert_string_equal(g.path, "broken.yaml");
    assert_int_equal(g.line, 2);
    clausecheck_diagnostics_free(&d);
}

static void misuse_is_refused(void **state)
{
    (void)state;
    clausecheck_policy *p = compiled();
    clausecheck_result *r = NULL;
    clausecheck_finding f;
    clausecheck_check_options bad_date = {.as_of = "2026-02-30"};
    assert_int_equal(clausecheck_check_buffer(NULL, "a.yaml", RECORD, strlen(RECORD), NULL, &r, NULL),
                     CLAUSECHECK_MISUSE);
    assert_int_equal(clausecheck_check_buffer(p, NULL, RECORD, strlen(RECORD), NULL, &r, NULL), CLAUSECHECK_MISUSE);
    assert_int_equal(clausecheck_check_buffer(p, "a.yaml", NULL, 5, NULL, &r, NULL), CLAUSECHECK_MISUSE);
    assert_int_equal(clausecheck_check_buffer(p, "a.yaml", RECORD, strlen(RECORD), &bad_date, &r, NULL),
                     CLAUSECHECK_MISUSE);
    assert_int_equal(clausecheck_check_buffer(p, "a.yaml", RECORD, strlen(RECORD), NULL, NULL, NULL),
                     CLAUSECHECK_MISUSE);
    assert_int_equal(clausecheck_check_file(p, NULL, NULL, &r, NULL), CLAUSECHECK_MISUSE);
    clausecheck_policy *none = (clausecheck_policy *)1;
    assert_int_equal(clausecheck_policy_compile_files(NULL, 1, &none, NULL), CLAUSECHECK_MISUSE);
    assert_null(none); /* an out parameter is cleared even when refused */
    /* a handle of the wrong kind is not read as the right one */
    assert_int_equal(clausecheck_result_finding_count((const clausecheck_result *)p), 0);
    assert_null(clausecheck_result_tier((const clausecheck_result *)p));
    assert_int_equal(clausecheck_result_finding(NULL, 0, &f), CLAUSECHECK_MISUSE);
    assert_int_equal(clausecheck_check_buffer(p, "a.yaml", RECORD, strlen(RECORD), NULL, &r, NULL), CLAUSECHECK_OK);
    assert_int_equal(clausecheck_result_finding(r, 99, &f), CLAUSECHECK_MISUSE);
    /* unknown format or threshold, results of another policy */
    const clausecheck_result *rs[] = {r};
    FILE *null = fopen("/dev/null", "w");
    assert_int_equal(clausecheck_report_write(p, rs, 1, "pdf", "error", null), CLAUSECHECK_MISUSE);
    assert_int_equal(clausecheck_report_write(p, rs, 1, "json", "fatal", null), CLAUSECHECK_MISUSE);
    clausecheck_policy *other = compiled();
    assert_int_equal(clausecheck_report_write(other, rs, 1, "json", "error", null), CLAUSECHECK_MISUSE);
    assert_int_equal(clausecheck_report_write(p, rs, 1, "sarif", NULL, null), CLAUSECHECK_OK);
    fclose(null);
    /* a write that fails is said */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(clausecheck_report_write(p, rs, 1, "text", "never", full), CLAUSECHECK_IO);
        fclose(full);
    }
    /* freeing twice through the same variable, or NULL, does nothing */
    clausecheck_result_free(&r);
    assert_null(r);
    clausecheck_result_free(&r);
    clausecheck_result_free(NULL);
    clausecheck_policy_free(&other);
    clausecheck_policy_free(&p);
    clausecheck_policy_free(&p);
    clausecheck_diagnostics_free(NULL);
    assert_string_equal(clausecheck_status_text(CLAUSECHECK_MISUSE), "invalid argument");
    assert_string_equal(clausecheck_version(), "0.1.0");
}

/* One compiled policy, shared read-only by threads that check records at the same time. */
typedef struct {
    const clausecheck_policy *policy;
    int matches;
} worker;

static void *check_many(void *arg)
{
    worker *w = arg;
    clausecheck_check_options o = {.as_of = "2026-11-28"};
    for (int i = 0; i < 200; i++) {
        clausecheck_result *r = NULL;
        if (clausecheck_check_buffer(w->policy, "acme.yaml", RECORD, strlen(RECORD), &o, &r, NULL) != CLAUSECHECK_OK)
            return NULL;
        clausecheck_finding f;
        if (clausecheck_result_finding(r, 0, &f) == CLAUSECHECK_OK && strcmp(f.kind, "clause-weaker") == 0)
            w->matches++;
        clausecheck_result_free(&r);
    }
    return NULL;
}

static void a_policy_is_shared_between_threads(void **state)
{
    (void)state;
    clausecheck_policy *p = compiled();
    pthread_t t[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){.policy = p};
        assert_int_equal(pthread_create(&t[i], NULL, check_many, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].matches, 200);
    }
    clausecheck_policy_free(&p);
}

static void the_builtin_baseline(void **state)
{
    (void)state;
    clausecheck_policy *p = NULL;
    assert_int_equal(clausecheck_policy_baseline(&p), CLAUSECHECK_OK);
    assert_string_equal(clausecheck_policy_title(p), "Supply chain security baseline");
    assert_int_equal(clausecheck_policy_tier_count(p), 4);
    clausecheck_policy_free(&p);
}

/* With a root, the record's evidence and its contract documents are read beneath it; the result
 * keeps what its document findings quote (rendered after the check, under valgrind in CI). */
static void documents_are_checked_beneath_the_root(void **state)
{
    (void)state;
    const char *paths[] = {"tests/check/documents/policy.policy"};
    clausecheck_policy *p = NULL;
    assert_int_equal(clausecheck_policy_compile_files(paths, 1, &p, NULL), CLAUSECHECK_OK);
    clausecheck_check_options o = {.as_of = "2026-11-28", .root = "tests/check/documents/contracts"};
    clausecheck_result *r = NULL;
    assert_int_equal(clausecheck_check_file(p, "tests/check/documents/contracts/drifts.yaml", &o, &r, NULL),
                     CLAUSECHECK_OK);
    size_t differs = 0;
    for (size_t i = 0; i < clausecheck_result_finding_count(r); i++) {
        clausecheck_finding f;
        assert_int_equal(clausecheck_result_finding(r, i, &f), CLAUSECHECK_OK);
        differs += strcmp(f.kind, "document-value-differs") == 0;
    }
    assert_int_equal(differs, 2);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    const clausecheck_result *results[] = {r};
    assert_int_equal(clausecheck_report_write(p, results, 1, "text", "error", out), CLAUSECHECK_OK);
    fclose(out);
    assert_non_null(strstr(text, "section 9.2, line 12, characters 25-60: \"no later than seventy-two (72) hours\""));
    free(text);
    clausecheck_result_free(&r);
    clausecheck_policy_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compile_and_check_from_memory),
        cmocka_unit_test(diagnostics_are_located_and_outlive_their_sources),
        cmocka_unit_test(misuse_is_refused),
        cmocka_unit_test(a_policy_is_shared_between_threads),
        cmocka_unit_test(the_builtin_baseline),
        cmocka_unit_test(documents_are_checked_beneath_the_root),
    };
    return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
