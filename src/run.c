/* The check driver: records are loaded and evaluated through the pipeline (parallel.h, -j), and
 * reported, in walk order, by the thread that walks. */
#include "run.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "document_cache.h"
#include "forecast.h"
#include "key_table.h"
#include "parallel.h"
#include "register.h"
#include "shard.h"
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
    ptrdiff_t rows;               /* records read from registers, less the registers themselves */
    ck_pipeline *pipe;            /* records are loaded and evaluated there, reported here in order */
    struct run_worker *workers;   /* with -j above 1, each worker's repository views; else NULL */
    ck_arena *arena;              /* the run's */
    ck_key_table reached;         /* with several paths named: the canonical path of each record met */
    size_t named_twice;
    bool oom;
} run_state;

/* Whether a record file (or register), by its canonical path, was met already through another
 * path named: 'check dir dir/x.yaml' checks x.yaml once. */
static bool reached_before(run_state *st, const char *real)
{
    size_t len = strlen(real);
    uint64_t h = ck_key_hash(&st->reached, 0, real, len);
    if (ck_key_find(&st->reached, h, 0, real, len)) {
        st->named_twice++;
        return true;
    }
    const char *key = ck_arena_strndup(st->arena, real, len);
    st->oom = st->oom || !key || ck_key_set(st->arena, &st->reached, h, 0, key, len, NULL, 0) != 0;
    return false;
}

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
    return st->opts->nchanged > 0 && bsearch(&key, st->opts->changed, st->opts->nchanged, sizeof *st->opts->changed, cmp_str) != NULL;
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

/* A worker's own view of a repository: the same root and evidence cache (which is locked), with a
 * document cache of its own, since that one is not (-j above 1 only; -j 1 uses the repository
 * itself). */
typedef struct {
    const ck_repo *orig;
    ck_repo view;
} worker_repo;

typedef struct run_worker {
    worker_repo *repos;
    size_t n, cap;
} run_worker;

static ck_repo *repo_for_worker(run_state *st, unsigned worker, ck_repo *repo)
{
    if (!st->workers)
        return repo;
    run_worker *w = &st->workers[worker];
    for (size_t i = 0; i < w->n; i++)
        if (w->repos[i].orig == repo)
            return &w->repos[i].view;
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 4;
        worker_repo *nr = realloc(w->repos, cap * sizeof *nr);
        if (!nr)
            return NULL;
        w->repos = nr;
        w->cap = cap;
    }
    worker_repo *wr = &w->repos[w->n];
    *wr = (worker_repo){.orig = repo, .view = *repo}; /* the root was opened before the job was made */
    wr->view.documents = ck_doc_cache_new(NULL, 0, 0);
    w->n++;
    return &wr->view;
}

static void free_workers(run_worker *workers, unsigned n)
{
    for (unsigned i = 0; workers && i < n; i++) {
        for (size_t k = 0; k < workers[i].n; k++)
            ck_doc_cache_free(workers[i].repos[k].view.documents);
        free(workers[i].repos);
    }
    free(workers);
}

/* One record on its way: made by the walk, loaded and evaluated by a worker, reported in order. */
typedef struct {
    char *path;               /* the record file, or the register the row is from */
    ck_repo *repo;
    const ck_register *reg;   /* a register row: its register, and the row's bytes (a copy) */
    char *text;
    size_t len;
    unsigned line;
    ck_record *rec;           /* set by the walk for a row the reader refused (rs CK_STATUS_INPUT) */
    ck_status rs;
    bool unchanged;           /* --files-from left it out */
    bool alone;               /* names contract documents: evaluated by finish, workers paused */
    bool from_stdin;          /* the record "-" read: the driver knows it by its name's address */
    ck_result res;
    ck_forecast *fc;          /* with --horizon or the overview; in the record's arena */
    ck_diags diags;
} record_job;

/* Evaluates a record today and, with --horizon or for the overview, forecasts what falls due. */
static ck_status evaluate(run_state *st, ck_repo *repo, record_job *j)
{
    const ck_run_options *o = st->opts;
    ck_eval_options eo = st->eval;
    if (!repo)
        return CK_STATUS_NO_MEMORY;
    ck_status rs = ck_driver_evaluate(st->driver, repo, j->rec, eo, &j->res, &j->diags);
    if (rs != CK_STATUS_OK || (!o->horizon && !st->overview))
        return rs;
    eo.as_of = o->as_of;
    ck_date until = o->horizon ? o->due_until : o->as_of;
    if (st->overview && ck_overview_until(st->overview).days > until.days)
        until = ck_overview_until(st->overview);
    /* It lives in the record's arena: the reporter reads it while the record is reported. */
    j->fc = ck_arena_alloc(j->rec->arena, sizeof *j->fc);
    if (!j->fc || ck_forecast_record(o->policy, j->rec, &j->res, &eo, until, j->fc) != 0 ||
        (o->horizon && ck_forecast_add_findings(o->policy, j->fc, o->due_until, &j->res) != 0))
        return CK_STATUS_NO_MEMORY;
    return CK_STATUS_OK;
}

/* A record file of the walk, or a register's row, is done (checked, left out or unreadable): the
 * progress line counts it, in walk order. */
static void record_done(run_state *st)
{
    if (st->opts->progress)
        st->opts->progress(st->opts->progress_ctx, ++st->done);
}

/* On a worker: loads the record (unless the walk already refused it) and evaluates it. */
static void work(void *ctx, void *job, unsigned worker)
{
    run_state *st = ctx;
    record_job *j = job;
    if (j->rs != CK_STATUS_OK)
        return;
    if (j->reg) {
        int rc = ck_register_load_row(j->reg, st->opts->policy, j->text, j->len, j->line, &j->diags, &j->rec);
        j->rs = rc == 0 ? CK_STATUS_OK : rc < 0 ? CK_STATUS_NO_MEMORY : CK_STATUS_INPUT;
    } else {
        const char *path = j->from_stdin ? st->opts->stdin_record->name : j->path;
        j->rs = ck_driver_load(st->driver, path, &j->rec, &j->diags);
    }
    if (j->rs == CK_STATUS_OK && st->opts->files_from && !record_changed(st, j->repo, j->path, j->rec))
        j->unchanged = true; /* --files-from: neither the record nor its evidence changed */
    else if (j->rs == CK_STATUS_OK && st->workers && j->rec->documents.len > 0)
        j->alone = true; /* a PDF is read in a forked child: never while other threads run */
    else if (j->rs == CK_STATUS_OK)
        j->rs = evaluate(st, repo_for_worker(st, worker, j->repo), j);
}

/* On the walking thread, in walk order: the record into the overview, the totals and the reports. */
static int finish(void *ctx, void *job)
{
    run_state *st = ctx;
    record_job *j = job;
    ck_record_view *view = NULL;
    if (j->alone) {
        ck_pipeline_pause(st->pipe);
        j->rs = evaluate(st, j->repo, j); /* the repository's own caches: only this thread uses them */
        ck_pipeline_resume(st->pipe);
    }
    if (j->rs == CK_STATUS_OK && st->overview && !j->unchanged) {
        view = ck_arena_alloc(j->rec->arena, sizeof *view);
        if (!view || ck_overview_add(st->overview, st->opts->policy, &j->res, j->fc, st->report->arena, view) != 0)
            j->rs = CK_STATUS_NO_MEMORY;
    }
    st->report->view = view;
    if (j->rs == CK_STATUS_OK && j->unchanged)
        st->summary->unchanged++;
    else if (j->rs == CK_STATUS_OK)
        account(st, &j->res);
    if (j->rs == CK_STATUS_INPUT) {
        st->summary->input_errors++;
        report_input_errors(st, &j->diags, 0);
    }
    st->oom = st->oom || j->rs == CK_STATUS_NO_MEMORY;
    ck_record_free(j->rec);
    ck_diags_fini(&j->diags);
    free(j->path);
    free(j->text);
    record_done(st);
    return st->oom ? -1 : 0;
}

/* The next job, for a record of repo; NULL when out of memory. diags, when given, become the
 * job's (moved: the caller's are left fresh). */
static record_job *new_job(run_state *st, const char *path, ck_repo *repo, ck_diags *diags)
{
    record_job *j = ck_pipeline_job(st->pipe);
    if (!j)
        return NULL;
    j->repo = repo;
    bool ok = (j->path = strdup(path)) != NULL;
    if (diags) {
        j->diags = *diags;
        ok = ck_diags_init(diags) == 0 && ok;
    } else {
        ok = ck_diags_init(&j->diags) == 0 && ok;
    }
    j->rs = ok ? CK_STATUS_OK : CK_STATUS_NO_MEMORY; /* the job is still made, so that finish frees it */
    if (ok && st->workers) /* workers copy the repository once its root is open */
        ck_repo_evidence(repo, &j->diags);
    return j;
}

/* The key --shard hashes: the path from the repository's root (real: the canonical path, NULL
 * when it does not resolve), or the path as given when it is not inside the root. */
static const char *shard_key(const char *path, const ck_repo *repo, const char *real)
{
    const char *rel = real ? ck_repo_relative(repo, real) : NULL;
    return rel ? rel : path;
}

/* Whether this run checks the record (line: its line in a register, 0 for a file); one left to
 * another shard is counted, never silently dropped. */
static bool in_shard(run_state *st, const char *key, unsigned line)
{
    bool mine = ck_shard_mine(st->opts->shard, st->opts->shards, key, line);
    st->summary->elsewhere += !mine;
    return mine;
}

/* A register named on the command line: each row a record, checked as a record file is (key: what
 * --shard hashes with each row's line). The register itself counts as one input error when it cannot be opened or its header does not fit
 * the repository's column mapping. */
static void visit_register(run_state *st, const char *path, const char *key, ck_repo *repo, ck_diags *diags)
{
    ck_register *r = NULL;
    const ck_policy *policy = st->opts->policy;
    int rc = ck_register_open(path, path, &repo->config.csv, policy, &st->driver->limits, diags, &r);
    if (rc != 0) {
        st->oom = st->oom || rc < 0;
        st->summary->input_errors += rc > 0;
        report_input_errors(st, diags, 0);
        return;
    }
    st->rows--; /* the walk counted the register as one record file; its rows count instead */
    ck_register_row row;
    while (!st->oom && (rc = ck_register_next_row(r, policy, diags, &row)) == 1) {
        st->rows++;
        if (!in_shard(st, key, row.line)) {
            record_done(st);
            if (row.refused) { /* its diagnostics go with it: another shard reports them */
                ck_diags_fini(diags);
                ck_record_free(row.refused);
                st->oom = ck_diags_init(diags) != 0;
            }
            continue;
        }
        record_job *j = new_job(st, path, repo, diags);
        if (!j)
            break;
        j->reg = r;
        j->line = row.line;
        j->rec = row.refused;
        j->rs = row.refused ? CK_STATUS_INPUT : CK_STATUS_OK;
        if (!row.refused && (j->text = malloc(row.len + 1)) != NULL)
            memcpy(j->text, row.text, row.len), j->len = row.len;
        else if (!row.refused)
            j->rs = CK_STATUS_NO_MEMORY;
        ck_pipeline_submit(st->pipe);
    }
    st->oom = st->oom || rc < 0 || ck_pipeline_drain(st->pipe) != 0; /* its rows are loaded before it closes */
    if (rc == 0 && diags->errors) { /* a read error after the last row */
        st->summary->input_errors++;
        report_input_errors(st, diags, 0);
    }
    ck_register_close(r);
}

static int visit(void *ctx, const char *path, ck_repo *repo)
{
    run_state *st = ctx;
    bool from_stdin = st->opts->stdin_record && path == st->opts->stdin_record->name;
    /* One realpath serves both uses, and none is made for a run over one path, unsharded. */
    char buf[PATH_MAX];
    const char *real = (st->opts->npaths > 1 || st->opts->shards) && realpath(path, buf) ? buf : NULL;
    if (!from_stdin && real && st->opts->npaths > 1 && reached_before(st, real)) {
        record_done(st);
        return st->oom ? -1 : 0;
    }
    const char *key = st->opts->shards ? shard_key(path, repo, real) : path;
    if (ck_register_named(path)) {
        ck_diags diags;
        if (ck_diags_init(&diags) != 0)
            return -1;
        visit_register(st, path, key, repo, &diags); /* the progress line counts its rows */
        ck_diags_fini(&diags);
        return st->oom ? -1 : 0;
    }
    if (st->opts->shards && !in_shard(st, key, 0)) {
        record_done(st);
        return 0;
    }
    record_job *j = new_job(st, path, repo, NULL);
    if (j) {
        j->from_stdin = from_stdin;
        ck_pipeline_submit(st->pipe);
    }
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
        if (ck_pipeline_drain(st->pipe) != 0) /* its records are reported before what its walk found */
            st->oom = true;
        st->summary->input_errors += diags->errors - errs;
        report_input_errors(st, diags, before);
    }
    /* Nothing checked must not pass; when an input error already says why, it is enough. */
    if (!st->oom && (ptrdiff_t)w.records + st->rows == 0 && !o->allow_empty && st->summary->input_errors == 0) {
        size_t before = diags->list.len;
        char where[512] = "";
        bool registers = true;
        for (size_t i = 0, at = 0; i < o->npaths && at < sizeof where; i++) {
            at += (size_t)snprintf(where + at, sizeof where - at, "%s%s", i ? ", " : "", o->paths[i]);
            registers = registers && ck_register_named(o->paths[i]);
        }
        ck_utf8_trim(where);
        ck_diag *d = ck_diag_add_path(diags, CK_DIAG_ERROR, o->paths[0], "no records found under %s", where);
        ck_diag_hint(diags, d, "%s; pass --allow-empty if an empty selection is expected",
                     registers ? "a register holds a record a row, and this one has none"
                               : "record files end in .yaml, .yml or .json (registers named on the command line: "
                                 ".jsonl, .ndjson, .csv)");
        st->summary->input_errors++;
        report_input_errors(st, diags, before);
    }
    memcpy(st->summary->skipped, w.skipped, sizeof w.skipped);
    st->summary->skipped[CK_SKIP_NAMED_TWICE] = st->named_twice;
    st->summary->found = (size_t)((ptrdiff_t)w.records + st->rows);
}

ck_status ck_run_check(const ck_run_options *o, ck_summary *summary, ck_diags *diags)
{
    memset(summary, 0, sizeof *summary);
    summary->shard = o->shard;
    summary->shards = o->shards;
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
    run_state st = {.opts = o, .driver = &driver, .report = &report, .summary = summary, .arena = arena,
                    .baseline_report = o->baseline_out ? &baseline_report : NULL,
                    .eval = {.fingerprints = o->reporter->fingerprints || o->baseline || o->baseline_out}};
    ck_key_table_init(&st.reached);
    if (o->reporter->wants_overview) {
        st.oom = ck_overview_init(&overview, o->policy, o->as_of, arena) != 0;
        st.overview = &overview;
        summary->overview = &overview;
    }
    unsigned threads = o->jobs ? o->jobs : 1;
    if (threads > 1 && !(st.workers = calloc(threads + 1, sizeof *st.workers))) /* + the walking thread */
        st.oom = true;
    if (!st.oom && !(st.pipe = ck_pipeline_new(threads, sizeof(record_job), (ck_pipeline_fns){work, finish}, &st)))
        st.oom = true;
    o->reporter->begin(&report);
    if (st.baseline_report)
        ck_report_json.begin(st.baseline_report);
    if (!st.oom)
        walk_paths(&st, diags);
    ck_pipeline_free(st.pipe);
    free_workers(st.workers, threads + 1);
    summary->gate = ck_summary_gate(summary, o->fail_on);
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
