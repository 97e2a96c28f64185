/*
 * make bench: evaluation alone. Loads every record under DIR into memory once (YAML and JSON, as
 * check would), then evaluates each of them ROUNDS times against the built-in baseline, the
 * evaluator's memory rewound after each, and prints records evaluated per second. Evidence files
 * are not looked at (their lookups are I/O, measured by the whole-run figures), so this is the
 * evaluator's own speed: tiering, every rule, findings and their messages.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "driver.h"
#include "eval.h"
#include "record.h"

static ck_policy *policy;
static ck_record **records;
static size_t nrecords, cap;

static int add(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    size_t n = strlen(path);
    if (type != FTW_F || !((n > 5 && !strcmp(path + n - 5, ".yaml")) || (n > 5 && !strcmp(path + n - 5, ".json"))))
        return 0;
    if (!strcmp(path + ftw->base, ".clausecheck.yaml")) /* the repository's config file is no record */
        return 0;
    ck_diags diags;
    ck_diags_init(&diags);
    ck_record *rec = NULL;
    int rc = ck_record_load(policy, path, path, NULL, &diags, &rec);
    ck_diags_fini(&diags);
    if (rc != 0) {
        fprintf(stderr, "%s: does not load\n", path);
        ck_record_free(rec);
        return 1;
    }
    if (nrecords == cap) {
        cap = cap ? cap * 2 : 1024;
        records = realloc(records, cap * sizeof *records);
        if (!records)
            return 1;
    }
    records[nrecords++] = rec;
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s DIR ROUNDS\n", argv[0]);
        return 2;
    }
    ck_diags diags;
    ck_diags_init(&diags);
    if (ck_driver_load_policy(NULL, 0, &diags, &policy) != CK_STATUS_OK)
        return 2;
    ck_diags_fini(&diags);
    if (nftw(argv[1], add, 64, FTW_PHYS) != 0 || nrecords == 0)
        return 2;
    int rounds = atoi(argv[2]);
    ck_date as_of;
    ck_date_parse("2026-11-28", 10, &as_of);
    ck_eval_options opts = {.as_of = as_of};
    size_t findings = 0;
    double t0 = now();
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < nrecords; i++) {
            ck_arena_mark mark = ck_arena_mark_get(records[i]->arena);
            ck_result res;
            if (ck_eval_record(policy, records[i], &opts, &res) != 0)
                return 2;
            findings += res.findings.len;
            ck_arena_rewind(records[i]->arena, mark);
        }
    }
    double secs = now() - t0;
    double n = (double)nrecords * rounds;
    printf("evaluated %zu records x %d rounds in %.3f s: %.0f records/s (%.2f us each, %.1f findings each)\n",
           nrecords, rounds, secs, n / secs, secs / n * 1e6, (double)findings / n);
    for (size_t i = 0; i < nrecords; i++)
        ck_record_free(records[i]);
    free(records);
    ck_policy_free(policy);
    return 0;
}
