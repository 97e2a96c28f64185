/* The check driver: each record is loaded, evaluated, reported and freed before the next. */
#include "run.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "forecast.h"
#include "textutil.h"
#include "walk.h"

typedef struct {
    const ck_run_options *opts;
    const ck_driver *driver;
    ck_report *report;
    ck_report *baseline_report;   /* the --write-baseline JSON report, or NULL */
    ck_summary *summary;
    ck_eval_options eval;         /* what this run's outputs need from the evaluator */
    ck_overview *overview;        /* when the reporter wants it, else NULL */
    size_t done;                  /* record files done, for opts->progress */
    bool oom;
} run_state;

static void report_input_errors(run_state *st, ck_diags *diags, size_t from)
{
    for (size_t i = from; i < diags->list.len; i++) {
        const ck_diag *d = diags->list.items[i];
        if (d->level != CK_DIAG_ERROR)
            continue;
        st->opts->reporter->input_error(st->report, d);
        if (st->baseline_report)
            ck_report_json.input_error(st->baseline_report, d);
    }
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static bool listed(const run_state *st, const char *path)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return false;
    const char *key = real;
    return bsearch(&key, st->opts->changed, st->opts->nchanged, sizeof *st->opts->changed, cmp_str) != NULL;
}

/* Whether a file a record names (relative to its repository's root) is listed. */
static bool listed_in_root(const run_state *st, const ck_repo *repo, const char *file, size_t len)
{
    if (!file || file[0] == '/' || memchr(file, '\0', len))
        return false;
    char joined[PATH_MAX];
    return (size_t)snprintf(joined, sizeof joined, "%s/%s", repo->real, file) < sizeof joined && listed(st, joined);
}

/* Whether an evidence file of the subject or of any party behind it is listed. */
static bool subject_changed(const run_state *st, const ck_repo *repo, const ck_rec_subject *sub)
{
    for (size_t i = 0; i < sub->evidence.len; i++) {
        const ck_rec_evidence *ev = sub->evidence.items[i];
        if (listed_in_root(st, repo, ev->file, ev->file_len))
            return true;
    }
    for (size_t i = 0; i < sub->parties.len; i++) {
        const ck_rec_party *party = sub->parties.items[i];
        if (subject_changed(st, repo, &party->subject))
            return true;
    }
    return false;
}

/* A record counts as changed when its file, one of its evidence files (its parties' too) or one
 * of its contract documents is listed; their paths are its own repository's. */
static bool record_changed(const run_state *st, const ck_repo *repo, const char *path, const ck_record *rec)
{
    if (listed(st, path) || subject_changed(st, repo, &rec->subject))
        return true;
    for (size_t i = 0; i < rec->documents.len; i++) {
        const ck_rec_document *doc = rec->documents.items[i];
        if (listed_in_root(st, repo, doc->file, doc->file_len))
            return true;
    }
    return false;
}

/* A result's findings against the baseline, then into the totals and the reports. */
static void account(run_state *st, ck_result *res)
{
    const ck_run_options *o = st->opts;
    size_t known[CK_SEV_COUNT] = {0};
    for (size_t i = 0; o->baseline && i < res->findings.len; i++) {
        ck_finding *f = res->findings.items[i];
        f->known = ck_baseline_has(o->baseline, f->fingerprint);
        known[f->severity] += f->known;
    }
    ck_summary_add(st->summary, res, o->fail_on, known);
    o->reporter->record(st->report, res);
    if (st->baseline_report)
        ck_report_json.record(st->baseline_report, res);
}

/* Evaluates a record today and, with --horizon or for the overview, forecasts what falls due. */
static ck_status evaluate(run_state *st, ck_repo *repo, ck_record *rec, ck_result *res, ck_diags *diags)
{
    const ck_run_options *o = st->opts;
    ck_eval_options eo = st->eval;
    ck_status rs = ck_driver_evaluate(st->driver, repo, rec, eo, res, diags);
    if (rs != CK_STATUS_OK || (!o->horizon && !st->overview))
        return rs;
    eo.as_of = o->as_of;
    ck_date until = o->horizon ? o->due_until : o->as_of;
    if (st->overview && ck_overview_until(st->overview).days > until.days)
        until = ck_overview_until(st->overview);
    /* Both live in the record's arena: the reporter reads them while the record is reported. */
    ck_forecast *fc = ck_arena_alloc(rec->arena, sizeof *fc);
    ck_record_view *view = ck_arena_alloc(rec->arena, sizeof *view);
    if (!fc || !view || ck_forecast_record(o->policy, rec, res, &eo, until, fc) != 0 ||
        (o->horizon && ck_forecast_add_findings(o->policy, fc, o->due_until, res) != 0) ||
        (st->overview && ck_overview_add(st->overview, o->policy, res, fc, st->report->arena, view) != 0))
        return CK_STATUS_NO_MEMORY;
    st->report->view = st->overview ? view : NULL;
    return CK_STATUS_OK;
}

static int visit(void *ctx, const char *path, ck_repo *repo)
{
    run_state *st = ctx;
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return -1;
    ck_record *rec = NULL;
    ck_result res;
    ck_status rs = ck_driver_load(st->driver, path, &rec, &diags);
    if (rs == CK_STATUS_OK && st->opts->changed && !record_changed(st, repo, path, rec))
        st->summary->unchanged++; /* --files-from: neither the record nor its evidence changed */
    else if (rs == CK_STATUS_OK && (rs = evaluate(st, repo, rec, &res, &diags)) == CK_STATUS_OK)
        account(st, &res);
    if (rs == CK_STATUS_INPUT) {
        st->summary->input_errors++;
        report_input_errors(st, &diags, 0);
    }
    st->oom = st->oom || rs == CK_STATUS_NO_MEMORY;
    ck_record_free(rec);
    ck_diags_fini(&diags);
    if (st->opts->progress)
        st->opts->progress(st->opts->progress_ctx, ++st->done);
    return st->oom ? -1 : 0;
}

/* "-": the record read from standard input, visited as the file its name says, in its repository. */
static int visit_stdin(run_state *st, ck_walk *w)
{
    size_t errs = w->diags->errors;
    w->records++; /* there is a record, whether or not its folder can be read */
    ck_repo *repo = ck_driver_stdin_repo(st->driver, w->diags);
    if (!repo)
        return w->diags->errors > errs ? 0 : -1;
    if (!repo->usable) { /* as the walk counts a record there; its diagnostics came when it was met */
        w->skipped[CK_SKIP_REPOSITORY]++;
        return 0;
    }
    return visit(st, st->opts->stdin_record->name, repo);
}

/* Walks every path; what the walk reports (and a run that found no record at all) are input
 * errors of the report. */
static void walk_paths(run_state *st, ck_diags *diags)
{
    const ck_run_options *o = st->opts;
    ck_walk w = {.repos = o->repos, .fn = visit, .ctx = st, .diags = diags};
    for (size_t i = 0; i < o->npaths && !st->oom; i++) {
        size_t before = diags->list.len, errs = diags->errors;
        bool dash = o->stdin_record && strcmp(o->paths[i], "-") == 0;
        if ((dash ? visit_stdin(st, &w) : ck_walk_path(&w, o->paths[i])) < 0)
            st->oom = true;
        st->summary->input_errors += diags->errors - errs;
        report_input_errors(st, diags, before);
    }
    if (!st->oom && w.records == 0 && !o->allow_empty) {
        size_t before = diags->list.len;
        char where[512] = "";
        for (size_t i = 0, at = 0; i < o->npaths && at < sizeof where; i++)
            at += (size_t)snprintf(where + at, sizeof where - at, "%s%s", i ? ", " : "", o->paths[i]);
        ck_utf8_trim(where);
        ck_diag *d = ck_diag_add_path(diags, CK_DIAG_ERROR, o->paths[0], "no records found under %s", where);
        ck_diag_hint(diags, d, "records end in .yaml, .yml or .json; pass --allow-empty if an empty selection is expected");
        st->summary->input_errors++;
        report_input_errors(st, diags, before);
    }
    memcpy(st->summary->skipped, w.skipped, sizeof w.skipped);
    st->summary->found = w.records;
}

ck_status ck_run_check(const ck_run_options *o, ck_summary *summary, ck_diags *diags)
{
    memset(summary, 0, sizeof *summary);
    ck_driver driver;
    ck_driver_init(&driver, o->policy, o->as_of, o->repos);
    driver.stdin_record = o->stdin_record;
    ck_arena *arena = ck_arena_new();
    summary->per_tier = arena ? ck_arena_alloc(arena, (o->policy->tiers.count + 1) * sizeof(size_t)) : NULL;
    if (!summary->per_tier) {
        ck_arena_free(arena);
        return CK_STATUS_NO_MEMORY;
    }
    ck_report report = {.out = o->out, .policy = o->policy, .as_of = o->as_of, .color = o->color,
                        .show_passed = o->show_passed, .quiet = o->quiet, .compact = o->compact,
                        .fail_on = o->fail_on, .arena = arena,
                        .baseline_used = o->baseline != NULL, .link_base = o->link_base,
                        .horizon = o->horizon, .due_until = o->due_until};
    ck_report baseline_report = {.out = o->baseline_out, .policy = o->policy, .as_of = o->as_of,
                                 .fail_on = o->fail_on, .arena = arena};
    ck_overview overview;
    run_state st = {.opts = o, .driver = &driver, .report = &report, .summary = summary,
                    .baseline_report = o->baseline_out ? &baseline_report : NULL,
                    .eval = {.fingerprints = o->reporter->fingerprints || o->baseline || o->baseline_out}};
    if (o->reporter->wants_overview) {
        st.oom = ck_overview_init(&overview, o->policy, o->as_of, arena) != 0;
        st.overview = &overview;
        summary->overview = &overview;
    }
    o->reporter->begin(&report);
    if (st.baseline_report)
        ck_report_json.begin(st.baseline_report);
    if (!st.oom)
        walk_paths(&st, diags);
    summary->gate_failed = summary->failing > 0 || summary->input_errors > 0;
    o->reporter->end(&report, summary);
    if (st.baseline_report)
        ck_report_json.end(st.baseline_report, summary);
    summary->per_tier = NULL; /* lived in the run's arena */
    summary->overview = NULL;
    ck_arena_free(arena);
    if (st.oom)
        return CK_STATUS_NO_MEMORY;
    if (summary->input_errors)
        return CK_STATUS_INPUT;
    return summary->failing ? CK_STATUS_FAILED : CK_STATUS_OK;
}
