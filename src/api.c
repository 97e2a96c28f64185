/* The public C API (include/clausecheck.h): opaque handles over the policy loader, the record
 * loader, the evaluator and the reporters. */
#include "../include/clausecheck.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "document_cache.h"
#include "driver.h"
#include "eval.h"
#include "policy.h"
#include "record.h"
#include "report.h"
#include "severity.h"
#include "version.h"

/* Handles carry a tag so that a pointer of the wrong kind, or to memory that was never a handle
 * of this library, is refused (MISUSE) instead of being read as one. */
enum { TAG_POLICY = 0x43434b50, TAG_RESULT = 0x43434b52, TAG_DIAGS = 0x43434b44 };

struct clausecheck_diagnostics {
    uint32_t tag;
    ck_arena *arena;
    clausecheck_diagnostic *items;
    size_t count, errors;
    char *rendered;            /* the command's text for all of them */
    size_t rendered_len;
};

struct clausecheck_policy {
    uint32_t tag;
    ck_policy *policy;
};

struct clausecheck_result {
    uint32_t tag;
    const ck_policy *policy;
    ck_record *record;         /* owns the result's memory */
    struct ck_doc_cache *documents; /* the contract documents read: document findings point into them */
    ck_result result;
    ck_date as_of;
};

const char *clausecheck_version(void) { return CK_VERSION; }

const char *clausecheck_status_text(clausecheck_status status)
{
    switch (status) {
    case CLAUSECHECK_OK: return "ok";
    case CLAUSECHECK_INVALID: return "the input cannot be used (see the diagnostics)";
    case CLAUSECHECK_NO_MEMORY: return "out of memory";
    case CLAUSECHECK_MISUSE: return "invalid argument";
    case CLAUSECHECK_IO: return "input or output error";
    }
    return "unknown status";
}

/* ---- diagnostics ---- */

/* Copies what the caller may read out of d, so that the diagnostics outlive the policy or record
 * their sources belong to; the command-style text is rendered once, now. */
static clausecheck_status copy_diagnostics(const ck_diags *d, clausecheck_diagnostics **out)
{
    if (!out)
        return CLAUSECHECK_OK;
    *out = NULL;
    clausecheck_diagnostics *c = calloc(1, sizeof *c);
    if (!c || !(c->arena = ck_arena_new()))
        goto oom;
    c->tag = TAG_DIAGS;
    c->count = d->list.len;
    c->errors = d->errors;
    c->items = ck_arena_alloc(c->arena, (c->count + 1) * sizeof *c->items);
    if (!c->items)
        goto oom;
    for (size_t i = 0; i < c->count; i++) {
        const ck_diag *g = d->list.items[i];
        clausecheck_diagnostic *it = &c->items[i];
        it->severity = ck_diag_level_name(g->level);
        const char *path = g->span.src ? g->span.src->path : g->path;
        it->path = ck_arena_strdup(c->arena, path ? path : "");
        it->message = ck_arena_strdup(c->arena, g->message);
        it->hint = g->hint ? ck_arena_strdup(c->arena, g->hint) : NULL;
        if (!it->path || !it->message || (g->hint && !it->hint))
            goto oom;
        if (g->span.src) {
            ck_linecol a = ck_source_linecol(g->span.src, g->span.start);
            ck_linecol b = ck_source_linecol(g->span.src, g->span.end);
            *it = (clausecheck_diagnostic){it->severity, it->path, a.line, a.col, b.line, b.col, it->message, it->hint};
        }
    }
    FILE *mem = open_memstream(&c->rendered, &c->rendered_len);
    if (!mem)
        goto oom;
    ck_diags_print(mem, d, false);
    if (fclose(mem) != 0)
        goto oom;
    *out = c;
    return CLAUSECHECK_OK;
oom:
    clausecheck_diagnostics_free(&c);
    return CLAUSECHECK_NO_MEMORY;
}

size_t clausecheck_diagnostics_count(const clausecheck_diagnostics *diags)
{
    return diags && diags->tag == TAG_DIAGS ? diags->count : 0;
}

size_t clausecheck_diagnostics_errors(const clausecheck_diagnostics *diags)
{
    return diags && diags->tag == TAG_DIAGS ? diags->errors : 0;
}

clausecheck_status clausecheck_diagnostics_get(const clausecheck_diagnostics *diags, size_t i,
                                               clausecheck_diagnostic *out)
{
    if (!diags || diags->tag != TAG_DIAGS || !out || i >= diags->count)
        return CLAUSECHECK_MISUSE;
    *out = diags->items[i];
    return CLAUSECHECK_OK;
}

clausecheck_status clausecheck_diagnostics_write(const clausecheck_diagnostics *diags, FILE *out)
{
    if (!diags || diags->tag != TAG_DIAGS || !out)
        return CLAUSECHECK_MISUSE;
    if (diags->rendered_len && fwrite(diags->rendered, 1, diags->rendered_len, out) != diags->rendered_len)
        return CLAUSECHECK_IO;
    return fflush(out) == 0 ? CLAUSECHECK_OK : CLAUSECHECK_IO;
}

void clausecheck_diagnostics_free(clausecheck_diagnostics **diags)
{
    if (!diags || !*diags || (*diags)->tag != TAG_DIAGS)
        return;
    (*diags)->tag = 0;
    ck_arena_free((*diags)->arena);
    free((*diags)->rendered);
    free(*diags);
    *diags = NULL;
}

/* ---- policies ---- */

static clausecheck_status compile(const ck_policy_input *inputs, size_t n, clausecheck_policy **policy,
                                  clausecheck_diagnostics **diags)
{
    if (diags)
        *diags = NULL;
    if (!policy)
        return CLAUSECHECK_MISUSE;
    *policy = NULL;
    ck_diags d;
    if (ck_diags_init(&d) != 0)
        return CLAUSECHECK_NO_MEMORY;
    ck_policy *p = NULL;
    int rc = ck_policy_compile(inputs, n, NULL, &d, &p);
    clausecheck_status st = rc < 0 ? CLAUSECHECK_NO_MEMORY : rc > 0 ? CLAUSECHECK_INVALID : CLAUSECHECK_OK;
    if (st == CLAUSECHECK_OK && !(*policy = calloc(1, sizeof **policy)))
        st = CLAUSECHECK_NO_MEMORY;
    if (st == CLAUSECHECK_OK) {
        (*policy)->tag = TAG_POLICY;
        (*policy)->policy = p;
        p = NULL;
    }
    clausecheck_status ds = copy_diagnostics(&d, diags);
    ck_diags_fini(&d);
    ck_policy_free(p);
    if (st == CLAUSECHECK_OK && ds != CLAUSECHECK_OK) {
        clausecheck_policy_free(policy);
        st = ds;
    }
    return st;
}

clausecheck_status clausecheck_policy_compile_files(const char *const *paths, size_t npaths,
                                                    clausecheck_policy **policy,
                                                    clausecheck_diagnostics **diags)
{
    enum { MAX_INPUTS = 64 };
    if (!paths || npaths == 0 || npaths > MAX_INPUTS) {
        if (policy)
            *policy = NULL;
        return CLAUSECHECK_MISUSE;
    }
    ck_policy_input inputs[MAX_INPUTS];
    for (size_t i = 0; i < npaths; i++) {
        if (!paths[i])
            return CLAUSECHECK_MISUSE;
        inputs[i] = (ck_policy_input){.path = paths[i]};
    }
    return compile(inputs, npaths, policy, diags);
}

clausecheck_status clausecheck_policy_compile_buffer(const char *name, const char *text, size_t len,
                                                     const char *base_dir, clausecheck_policy **policy,
                                                     clausecheck_diagnostics **diags)
{
    if (!name || (!text && len)) {
        if (policy)
            *policy = NULL;
        return CLAUSECHECK_MISUSE;
    }
    /* The loader reads text as given, length-counted, so it need not be NUL-terminated. */
    char path[4096];
    if (base_dir && (size_t)snprintf(path, sizeof path, "%s/%s", base_dir, name) >= sizeof path)
        return CLAUSECHECK_MISUSE;
    ck_policy_input in = {.path = base_dir ? path : name, .text = text ? text : "", .len = len,
                          .imports_beside_path = base_dir != NULL};
    return compile(&in, 1, policy, diags);
}

clausecheck_status clausecheck_policy_baseline(clausecheck_policy **policy)
{
    ck_policy_input in = ck_driver_builtin_policy();
    clausecheck_status st = compile(&in, 1, policy, NULL);
    return st == CLAUSECHECK_INVALID ? CLAUSECHECK_NO_MEMORY : st; /* the built-in policy compiles; only memory can fail */
}

static const ck_policy *policy_of(const clausecheck_policy *policy)
{
    return policy && policy->tag == TAG_POLICY ? policy->policy : NULL;
}

const char *clausecheck_policy_title(const clausecheck_policy *policy)
{
    const ck_policy *p = policy_of(policy);
    return p && p->header ? p->header->title : NULL;
}

size_t clausecheck_policy_tier_count(const clausecheck_policy *policy)
{
    const ck_policy *p = policy_of(policy);
    return p ? p->tiers.count : 0;
}

const char *clausecheck_policy_tier(const clausecheck_policy *policy, size_t i)
{
    const ck_policy *p = policy_of(policy);
    return p && i < p->tiers.count ? p->tiers.names[i] : NULL;
}

void clausecheck_policy_free(clausecheck_policy **policy)
{
    if (!policy || !*policy || (*policy)->tag != TAG_POLICY)
        return;
    (*policy)->tag = 0;
    ck_policy_free((*policy)->policy);
    free(*policy);
    *policy = NULL;
}

/* ---- checking ---- */

/* Reads the options into what the evaluator takes; MISUSE for a malformed date. */
static clausecheck_status eval_options(const clausecheck_check_options *o, ck_date *as_of)
{
    if (!o || !o->as_of)
        return ck_date_today_utc(as_of) == CK_TIME_OK ? CLAUSECHECK_OK : CLAUSECHECK_IO;
    return ck_date_parse(o->as_of, strlen(o->as_of), as_of) == CK_TIME_OK ? CLAUSECHECK_OK : CLAUSECHECK_MISUSE;
}

/* Evaluates a loaded record (rc as the record loader returned it) into a result handle. */
static clausecheck_status finish_check(const ck_policy *p, ck_record *rec, int rc,
                                       const clausecheck_check_options *o, ck_date as_of, ck_diags *d,
                                       clausecheck_result **result, clausecheck_diagnostics **diags)
{
    clausecheck_status st = rc < 0 ? CLAUSECHECK_NO_MEMORY : rc > 0 ? CLAUSECHECK_INVALID : CLAUSECHECK_OK;
    ck_evfile_root root = {.root_fd = -1};
    ck_evidence_cache *cache = NULL;
    struct ck_doc_cache *documents = NULL;
    if (st == CLAUSECHECK_OK && o && o->root) {
        if (ck_evfile_root_open(&root, o->root) != 0) {
            ck_diag_add_path(d, CK_DIAG_ERROR, o->root, "cannot open the repository root");
            st = CLAUSECHECK_IO;
        } else if (!(cache = ck_evidence_cache_new()) || !(documents = ck_doc_cache_new(NULL, 0, 0))) {
            st = CLAUSECHECK_NO_MEMORY;
        }
    }
    clausecheck_result *r = st == CLAUSECHECK_OK ? calloc(1, sizeof *r) : NULL;
    if (st == CLAUSECHECK_OK && !r)
        st = CLAUSECHECK_NO_MEMORY;
    if (st == CLAUSECHECK_OK) {
        ck_eval_options eo = {.as_of = as_of, .root = o && o->root ? &root : NULL, .evidence_cache = cache,
                              .documents = documents, .fingerprints = true};
        r->documents = documents; /* the result keeps them: its document findings quote them */
        documents = NULL;
        if (ck_eval_record(p, rec, &eo, &r->result) != 0)
            st = CLAUSECHECK_NO_MEMORY;
    }
    ck_doc_cache_free(documents);
    ck_evidence_cache_free(cache);
    ck_evfile_root_close(&root);
    clausecheck_status ds = copy_diagnostics(d, diags); /* before the record its sources live in goes */
    if (st == CLAUSECHECK_OK && ds == CLAUSECHECK_OK) {
        r->tag = TAG_RESULT;
        r->policy = p;
        r->record = rec;
        r->as_of = as_of;
        *result = r;
        return CLAUSECHECK_OK;
    }
    if (r)
        ck_doc_cache_free(r->documents);
    free(r);
    ck_record_free(rec);
    return st != CLAUSECHECK_OK ? st : ds;
}

/* One record, read from the file at name, or from text (len bytes) under that name when buffer. */
static clausecheck_status check_one(const clausecheck_policy *policy, const char *name, bool buffer, const char *text,
                                    size_t len, const clausecheck_check_options *options,
                                    clausecheck_result **result, clausecheck_diagnostics **diags)
{
    if (diags)
        *diags = NULL;
    const ck_policy *p = policy_of(policy);
    if (!result)
        return CLAUSECHECK_MISUSE;
    *result = NULL;
    ck_date as_of;
    bool usable = p && name && (!buffer || text || !len);
    clausecheck_status st = usable ? eval_options(options, &as_of) : CLAUSECHECK_MISUSE;
    if (st != CLAUSECHECK_OK)
        return st;
    ck_diags d;
    if (ck_diags_init(&d) != 0)
        return CLAUSECHECK_NO_MEMORY;
    ck_record *rec = NULL;
    int rc = buffer ? ck_record_load_text(p, name, text ? text : "", len, NULL, &d, &rec)
                    : ck_record_load(p, name, name, NULL, &d, &rec);
    st = finish_check(p, rec, rc, options, as_of, &d, result, diags);
    ck_diags_fini(&d);
    return st;
}

clausecheck_status clausecheck_check_file(const clausecheck_policy *policy, const char *path,
                                          const clausecheck_check_options *options,
                                          clausecheck_result **result, clausecheck_diagnostics **diags)
{
    return check_one(policy, path, false, NULL, 0, options, result, diags);
}

clausecheck_status clausecheck_check_buffer(const clausecheck_policy *policy, const char *name,
                                            const char *text, size_t len,
                                            const clausecheck_check_options *options,
                                            clausecheck_result **result, clausecheck_diagnostics **diags)
{
    return check_one(policy, name, true, text, len, options, result, diags);
}

void clausecheck_result_free(clausecheck_result **result)
{
    if (!result || !*result || (*result)->tag != TAG_RESULT)
        return;
    (*result)->tag = 0;
    ck_record_free((*result)->record);
    ck_doc_cache_free((*result)->documents);
    free(*result);
    *result = NULL;
}

static const clausecheck_result *result_of(const clausecheck_result *r)
{
    return r && r->tag == TAG_RESULT ? r : NULL;
}

const char *clausecheck_result_tier(const clausecheck_result *result)
{
    const clausecheck_result *r = result_of(result);
    return r ? r->policy->tiers.names[r->result.tier] : NULL;
}

bool clausecheck_result_tier_uncertain(const clausecheck_result *result)
{
    const clausecheck_result *r = result_of(result);
    return r && r->result.tier_uncertain;
}

const char *clausecheck_result_supplier(const clausecheck_result *result)
{
    const clausecheck_result *r = result_of(result);
    return r ? r->record->supplier_id : NULL;
}

size_t clausecheck_result_finding_count(const clausecheck_result *result)
{
    const clausecheck_result *r = result_of(result);
    return r ? r->result.findings.len : 0;
}

clausecheck_status clausecheck_result_finding(const clausecheck_result *result, size_t i,
                                              clausecheck_finding *out)
{
    const clausecheck_result *r = result_of(result);
    if (!r || !out || i >= r->result.findings.len)
        return CLAUSECHECK_MISUSE;
    const ck_finding *f = r->result.findings.items[i];
    const ck_requirement *req = f->req >= 0 ? &r->policy->reqs[f->req] : NULL;
    ck_place at = ck_report_place(&f->span);
    *out = (clausecheck_finding){
        .kind = ck_finding_kind_get(f->kind)->code,
        .severity = ck_severity_name(f->severity),
        .requirement = req ? req->id : NULL,
        .requirement_title = req ? req->title : NULL,
        .party_kind = f->party ? f->party->kind_name : NULL,
        .party_id = f->party ? f->party->id : NULL,
        .path = at.path,
        .line = at.line,
        .column = at.col,
        .message = f->message,
        .fix = f->remediation,
    };
    return CLAUSECHECK_OK;
}

size_t clausecheck_result_requirement_count(const clausecheck_result *result)
{
    const clausecheck_result *r = result_of(result);
    return r ? r->policy->nreqs : 0;
}

clausecheck_status clausecheck_result_requirement(const clausecheck_result *result, size_t i,
                                                  clausecheck_requirement *out)
{
    const clausecheck_result *r = result_of(result);
    if (!r || !out || i >= r->policy->nreqs)
        return CLAUSECHECK_MISUSE;
    size_t ri = r->policy->req_order[i];
    const ck_requirement *req = &r->policy->reqs[ri];
    const ck_req_result *rr = &r->result.reqs[ri];
    *out = (clausecheck_requirement){
        .id = req->id,
        .title = req->title,
        .outcome = ck_outcome_name(rr->outcome),
        .reason = rr->reason,
        .severity = ck_severity_name(req->severity),
        .group = req->group >= 0 ? r->policy->groups[req->group].name : NULL,
    };
    return CLAUSECHECK_OK;
}

/* ---- reports ---- */

clausecheck_status clausecheck_report_write(const clausecheck_policy *policy,
                                            const clausecheck_result *const *results, size_t nresults,
                                            const char *format, const char *fail_on, FILE *out)
{
    const ck_policy *p = policy_of(policy);
    const ck_reporter *rep = format ? ck_reporter_find(format) : NULL;
    int gate = fail_on ? ck_fail_on_parse(fail_on) : CK_SEV_ERROR;
    if (!p || !rep || gate < 0 || !out || (!results && nresults))
        return CLAUSECHECK_MISUSE;
    for (size_t i = 0; i < nresults; i++)
        if (!result_of(results[i]) || results[i]->policy != p)
            return CLAUSECHECK_MISUSE;
    ck_arena *arena = ck_arena_new();
    ck_summary summary = {0};
    summary.per_tier = arena ? ck_arena_alloc(arena, (p->tiers.count + 1) * sizeof(size_t)) : NULL;
    if (!summary.per_tier) {
        ck_arena_free(arena);
        return CLAUSECHECK_NO_MEMORY;
    }
    ck_report report = {.out = out, .policy = p, .fail_on = gate, .arena = arena,
                        .as_of = nresults ? results[0]->as_of : (ck_date){0}};
    rep->begin(&report);
    for (size_t i = 0; i < nresults; i++) {
        ck_summary_add(&summary, &results[i]->result, gate, NULL);
        rep->record(&report, &results[i]->result);
    }
    summary.gate = ck_summary_gate(&summary, gate);
    summary.found = nresults; /* the records handed over are the ones found, as for named files */
    rep->end(&report, &summary);
    ck_arena_free(arena);
    return fflush(out) == 0 && !ferror(out) ? CLAUSECHECK_OK : CLAUSECHECK_IO;
}
