/* JSON report: a documented, versioned schema (docs/output.md, docs/report.schema.json). */
#include "report.h"

#include <string.h>

#include "escape.h"
#include "textutil.h"
#include "record.h"
#include "version.h"

#define CK_JSON_SCHEMA_VERSION 1

static void str(FILE *out, const char *s) { ck_json_write_string_or_null(out, s); }

static void location(FILE *out, const ck_span *span)
{
    ck_place at = ck_report_place(span);
    fputs("{\"path\":", out);
    str(out, at.path);
    fprintf(out, ",\"line\":%u,\"column\":%u}", at.line, at.col);
}

static void number_or_null(FILE *out, unsigned n)
{
    if (n)
        fprintf(out, "%u", n);
    else
        fputs("null", out);
}

/* A document finding's document and place in it (docs/output.md, "Document"). */
static void document(FILE *out, const ck_finding_document *d)
{
    bool docx = d->format && strcmp(d->format, "docx") == 0;
    fputs(",\"document\":{\"id\":", out);
    str(out, d->id);
    fputs(",\"path\":", out);
    str(out, d->path);
    fputs(",\"format\":", out);
    str(out, d->format);
    fputs(",\"section\":", out);
    str(out, d->section);
    fputs(",\"location\":", out);
    str(out, d->where);
    fputs(",\"page\":", out);
    number_or_null(out, d->page);
    fputs(",\"paragraph\":", out);
    number_or_null(out, docx ? d->line : 0);
    fputs(",\"line\":", out);
    number_or_null(out, docx ? 0 : d->line);
    fputs(",\"start_character\":", out);
    number_or_null(out, d->start_char);
    fputs(",\"end_character\":", out);
    number_or_null(out, d->end_char);
    fputs(",\"text\":", out);
    str(out, d->text);
    fputs(",\"record_value\":", out);
    str(out, d->record_value);
    fputs(",\"document_value\":", out);
    str(out, d->document_value);
    fputs(",\"weaker\":", out);
    str(out, d->weaker);
    fputc('}', out);
}

static void json_begin(ck_report *r)
{
    FILE *out = r->out;
    char date[16];
    ck_date_format(r->as_of, date);
    fprintf(out, "{\"schema_version\":%d,\"tool\":{\"name\":\"clausecheck\",\"version\":\"" CK_VERSION "\"},", CK_JSON_SCHEMA_VERSION);
    fprintf(out, "\"as_of\":\"%s\",\"fail_on\":\"%s\",", date, ck_fail_on_name(r->fail_on));
    if (r->horizon) {
        ck_date_format(r->due_until, date);
        fprintf(out, "\"forecast_until\":\"%s\",", date);
    }
    fputs("\"policy\":{\"name\":", out);
    const ck_decl *h = r->policy->header;
    str(out, h ? h->title : NULL);
    fputs(",\"version\":", out);
    str(out, h ? h->version : NULL);
    fputs(",\"tiers\":[", out);
    for (size_t t = 0; t < r->policy->tiers.count; t++) {
        if (t)
            fputc(',', out);
        str(out, r->policy->tiers.names[t]);
    }
    fputc(']', out);
    /* groups only when the policy has some: reports of policies without them stay as they were */
    for (size_t g = 0; g < r->policy->ngroups; g++) {
        fputs(g ? ",{\"id\":" : ",\"groups\":[{\"id\":", out);
        str(out, r->policy->groups[g].name);
        fputs(",\"title\":", out);
        str(out, r->policy->groups[g].decl->title);
        fputs(g + 1 == r->policy->ngroups ? "}]" : "}", out);
    }
    fputs("},\"records\":[", out);
}

static void refs(FILE *out, const ck_requirement *req)
{
    fputc('[', out);
    for (size_t k = 0; k < req->decl->refs.len; k++) {
        if (k)
            fputc(',', out);
        str(out, req->decl->refs.items[k]);
    }
    fputc(']', out);
}

/* One finding's object, after its opening '{"kind":'. */
static void json_finding(FILE *out, const ck_policy *p, const ck_finding *f)
{
    str(out, ck_finding_kind_get(f->kind)->code);
    fputs(",\"severity\":", out);
    str(out, ck_severity_name(f->severity));
    fputs(",\"requirement\":", out);
    if (f->req >= 0) {
        fputs("{\"id\":", out);
        str(out, p->reqs[f->req].id);
        fputs(",\"title\":", out);
        str(out, p->reqs[f->req].title);
        fputs("}", out);
    } else {
        fputs("null", out);
    }
    if (f->party) { /* only findings about a party carry the key: reports of version-1 policies stay as they were */
        fputs(",\"party\":{\"kind\":", out);
        str(out, f->party->kind_name);
        fputs(",\"id\":", out);
        str(out, f->party->id);
        fputs(",\"name\":", out);
        str(out, f->party->name);
        fputs("}", out);
    }
    fputs(",\"location\":", out);
    location(out, &f->span);
    if (f->document) /* only document findings carry the key: other reports stay as they were */
        document(out, f->document);
    fputs(",\"message\":", out);
    str(out, f->message);
    fputs(",\"remediation\":", out);
    str(out, f->remediation);
    fputs(",\"references\":", out);
    if (f->req >= 0)
        refs(out, &p->reqs[f->req]);
    else
        fputs("[]", out);
    fprintf(out, ",\"fingerprint\":\"%s\",\"known\":%s", f->fingerprint, f->known ? "true" : "false");
    if (f->kind == CK_FK_DUE_SOON) {
        char due[16];
        ck_date_format(f->due, due);
        fprintf(out, ",\"due\":\"%s\",\"cause\":\"%s\"", due, ck_finding_kind_get(f->cause)->code);
    }
    fputc('}', out);
}

/* The record's requirements in policy order, each with its outcome. */
static void json_requirements(FILE *out, const ck_policy *p, const ck_result *res)
{
    bool first = true;
    for (size_t k = 0; k < p->nreqs; k++) {
        size_t i = p->req_order[k];
        const ck_req_result *rr = &res->reqs[i];
        fputs(first ? "\n  {\"id\":" : ",\n  {\"id\":", out);
        first = false;
        str(out, p->reqs[i].id);
        fputs(",\"title\":", out);
        str(out, p->reqs[i].title);
        if (p->reqs[i].group >= 0) {
            fputs(",\"group\":", out);
            str(out, p->groups[p->reqs[i].group].name);
        }
        fputs(",\"severity\":", out);
        str(out, ck_severity_name(p->reqs[i].severity));
        fputs(",\"outcome\":", out);
        str(out, ck_outcome_name(rr->outcome));
        fputs(",\"reason\":", out);
        str(out, rr->reason);
        fputs("}", out);
    }
}

static void json_record(ck_report *r, const ck_result *res)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    const ck_record *rec = res->record;
    if (r->nrecords_written++)
        fputc(',', out);
    fputs("\n{\"path\":", out);
    str(out, rec->path);
    fputs(",\"supplier\":{\"id\":", out);
    str(out, rec->supplier_id);
    fputs(",\"name\":", out);
    str(out, rec->supplier_name);
    fputs("},\"contract\":{\"id\":", out);
    str(out, rec->contract_id);
    fputs(",\"status\":", out);
    str(out, rec->status);
    fputs("},\"tier\":", out);
    str(out, p->tiers.names[res->tier]);
    fprintf(out, ",\"tier_uncertain\":%s,\"findings\":[", res->tier_uncertain ? "true" : "false");
    for (size_t i = 0; i < res->findings.len; i++) {
        fputs(i ? ",\n  {\"kind\":" : "\n  {\"kind\":", out);
        json_finding(out, p, res->findings.items[i]);
    }
    fputs("],\"requirements\":[", out);
    json_requirements(out, p, res);
    fputs("]}", out);
}

typedef struct {
    const char *path, *message, *hint; /* hint may be NULL */
    unsigned line, col;
} input_error;

/* Copied now: the diagnostic points into a record that is freed before the report ends. */
static void json_input_error(ck_report *r, const ck_diag *d)
{
    input_error *e = ck_arena_alloc(r->arena, sizeof *e);
    if (!e)
        return;
    e->path = ck_arena_strdup(r->arena, d->span.src ? d->span.src->path : d->path ? d->path : "");
    e->message = ck_arena_strdup(r->arena, d->message);
    e->hint = d->hint ? ck_arena_strdup(r->arena, d->hint) : NULL;
    if (d->span.src) {
        ck_linecol lc = ck_source_linecol(d->span.src, d->span.start);
        e->line = lc.line;
        e->col = lc.col;
    }
    ck_vec_push(r->arena, &r->input_errors, e);
}

static void json_end(ck_report *r, const ck_summary *s)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    fputs("],\n\"input_errors\":[", out);
    for (size_t i = 0; i < r->input_errors.len; i++) {
        const input_error *e = r->input_errors.items[i];
        fputs(i ? "," : "", out);
        fputs("{\"path\":", out);
        str(out, e->path);
        fprintf(out, ",\"line\":%u,\"column\":%u,\"message\":", e->line, e->col);
        str(out, e->message);
        if (e->hint) {
            fputs(",\"hint\":", out);
            str(out, e->hint);
        }
        fputs("}", out);
    }
    fprintf(out, "],\n\"summary\":{\"records\":%zu,\"input_errors\":%zu,\"per_tier\":{", s->records, s->input_errors);
    for (size_t t = 0; t < p->tiers.count; t++) {
        if (t)
            fputc(',', out);
        str(out, p->tiers.names[t]);
        fprintf(out, ":%zu", s->per_tier[t]);
    }
    fprintf(out, "},\"tier_uncertain\":%zu,\"findings\":{\"error\":%zu,\"warning\":%zu,\"info\":%zu},\"gate\":\"%s\"",
            s->uncertain_tier, s->findings[CK_SEV_ERROR], s->findings[CK_SEV_WARNING], s->findings[CK_SEV_INFO],
            s->gate == CK_GATE_NOT_ENFORCED ? "not-enforced" : s->gate == CK_GATE_FAILED ? "failed" : "passed");
    fprintf(out, ",\"found\":%zu,\"unchanged\":%zu,", s->found, s->unchanged);
    if (s->shards) /* only in sharded runs, so that unsharded reports stay as they were */
        fprintf(out, "\"shard\":{\"index\":%u,\"count\":%u,\"elsewhere\":%zu},", s->shard, s->shards, s->elsewhere);
    fputs("\"skipped\":{", out);
    for (int k = 0; k < CK_SKIP_COUNT; k++)
        fprintf(out, "%s\"%s\":%zu", k ? "," : "", ck_skip_get((ck_skip)k)->code, s->skipped[k]);
    fputs("}}}\n", out);
}

const ck_reporter ck_report_json = {"json", true, json_begin, json_record, json_input_error, json_end};
