/* The check driver: streams records through load, evaluate and report, in walk order on any number of threads. */
#ifndef CK_RUN_H
#define CK_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "baseline.h"
#include "driver.h"
#include "policy.h"
#include "report.h"

typedef struct ck_run_options {
    const ck_policy *policy;
    char *const *paths;        /* files or directories */
    size_t npaths;
    ck_repos *repos;           /* the repository roots (repo.h): what each record's evidence resolves against */
    bool allow_empty;          /* finding no record at all is not an input error */
    ck_date as_of;
    const ck_reporter *reporter;
    FILE *out;
    int fail_on;               /* ck_severity, or CK_FAIL_NEVER */
    bool show_passed;
    bool quiet, compact;       /* the text report's --quiet and --compact (report.h) */
    bool color;
    const ck_baseline *baseline;  /* findings in it are reported as known and never fail the gate */
    FILE *baseline_out;           /* --write-baseline: a JSON report written alongside, or NULL */
    const char *link_base;        /* links to record lines (Markdown, HTML) */
    bool horizon;                 /* --horizon: due-soon findings for what falls due up to due_until */
    ck_date due_until;
    /* --files-from (files_from set): only records whose file, or one of whose evidence files, is
     * listed (canonical paths, sorted; an empty list leaves every record out) */
    bool files_from;
    const char **changed;
    size_t nchanged;
    /* Called after each record file is done (checked, left out or unreadable), in walk order, with
     * how many are done so far; NULL: not called. The command line's progress line hangs here. */
    void (*progress)(void *ctx, size_t done);
    void *progress_ctx;
    const ck_stdin_record *stdin_record; /* the record a path "-" stands for (driver.h), or NULL */
    /* -j: records loaded and evaluated on this many threads (0 or 1: on the calling thread, one
     * after the other); the reports are the same byte for byte whatever the number (parallel.h) */
    unsigned jobs;
    /* --shard I/N: only the records whose path from their repository's root (and line, in a
     * register) hashes to I of N; shards 0 checks every record */
    unsigned shard, shards;
} ck_run_options;

/*
 * Checks every record under the paths, one at a time through the driver: CK_STATUS_OK when
 * the gate passes, CK_STATUS_FAILED when findings fail it, CK_STATUS_INPUT when inputs were
 * unreadable, entries were reported by the walk, a repository was unusable, or no record was
 * found at all without allow_empty (all reported to the reporter; diags keeps the walk's
 * diagnostics, notes included).
 */
ck_status ck_run_check(const ck_run_options *opts, ck_summary *summary, ck_diags *diags);

#endif
