/* SARIF 2.1.0 report: one rule per requirement (and per record-level finding kind), one result per finding. */
#include "report.h"

#include <ctype.h>
#include <string.h>

#include "escape.h"
#include "html.h"
#include "textutil.h"
#include "record.h"
#include "version.h"

#define CK_SARIF_FP_KEY "clausecheck/v1"

static void str(FILE *out, const char *s) { ck_json_write_string(out, s ? s : "", s ? strlen(s) : 0); }

/* A message as SARIF viewers expect it: one sentence ending with a period. */
static void sentence(FILE *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n && (s[n - 1] == '.' || s[n - 1] == '?' || s[n - 1] == '!')) {
        str(out, s);
        return;
    }
    char buf[2048];
    ck_format(buf, sizeof buf, "%s.", s ? s : "");
    str(out, buf);
}

/* A relative path as a URI reference: unreserved bytes kept, the rest percent-encoded. */
static void uri(FILE *out, const char *path)
{
    fputc('"', out);
    ck_html_url_path(out, path); /* the encoding the HTML report's links use */
    fputc('"', out);
}

/* PascalCase rule name from a title: "Incidents are notified" -> "IncidentsAreNotified". */
static void pascal(FILE *out, const char *title)
{
    char buf[256];
    size_t n = 0;
    bool up = true;
    for (const char *t = title; *t && n + 1 < sizeof buf; t++) {
        if (isalnum((unsigned char)*t)) {
            buf[n++] = up ? (char)toupper((unsigned char)*t) : *t;
            up = false;
        } else {
            up = true;
        }
    }
    buf[n] = '\0';
    str(out, n ? buf : "Requirement");
}

static const char *level(ck_severity s) { return ck_severity_get(s)->sarif_level; }

/*
 * A document finding's place in the document, as a related location. Text and Markdown documents
 * get a region (their lines are the file's lines); a DOCX paragraph or a PDF page's line is no line
 * of the file, so those name the file and say where in the message.
 */
static void related_document(FILE *out, const ck_finding *f)
{
    const ck_finding_document *d = f->document;
    if (!d || !d->where)
        return;
    char text[1024];
    snprintf(text, sizeof text, "%s%s%s, %s", d->path, d->section ? ", section " : "", d->section ? d->section : "",
             d->where);
    fputs(",\"relatedLocations\":[{\"id\":1,\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
    uri(out, d->path);
    fputc('}', out);
    bool lines = d->format && (strcmp(d->format, "text") == 0 || strcmp(d->format, "markdown") == 0);
    if (lines && d->line) {
        fprintf(out, ",\"region\":{\"startLine\":%u,\"startColumn\":%u", d->line, d->start_char);
        if (d->end_char)
            fprintf(out, ",\"endColumn\":%u", d->end_char + 1);
        if (d->text) {
            fputs(",\"snippet\":{\"text\":", out);
            str(out, d->text);
            fputc('}', out);
        }
        fputc('}', out);
    }
    fputs("},\"message\":{\"text\":", out);
    sentence(out, text);
    fputs("}}]", out);
}

static void sarif_begin(ck_report *r)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
          "\"tool\":{\"driver\":{\"name\":\"clausecheck\",\"version\":\"" CK_VERSION "\",\"semanticVersion\":\"" CK_VERSION "\","
          "\"rules\":[",
          out);
    for (size_t i = 0; i < p->nreqs; i++) {
        const ck_requirement *req = &p->reqs[i];
        fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
        str(out, req->id);
        fputs(",\"name\":", out);
        pascal(out, req->title);
        fputs(",\"shortDescription\":{\"text\":", out);
        sentence(out, req->title);
        fputs("},\"fullDescription\":{\"text\":", out);
        sentence(out, req->decl->rationale ? req->decl->rationale : req->title);
        fputs("},\"help\":{\"text\":", out);
        if (req->decl->remediation) {
            sentence(out, req->decl->remediation);
        } else {
            char help[512];
            snprintf(help, sizeof help, "Each finding names the change that meets %s: %s", req->id, req->title);
            sentence(out, help);
        }
        fprintf(out, "},\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{\"severity\":", level(req->severity));
        str(out, ck_severity_name(req->severity));
        fputs(",\"tiers\":", out);
        char tiers[256];
        snprintf(tiers, sizeof tiers, "%s..%s", p->tiers.names[req->tier_lo], p->tiers.names[req->tier_hi]);
        str(out, tiers);
        fputs(",\"tags\":[", out);
        for (size_t k = 0; k < req->decl->refs.len; k++) {
            if (k)
                fputc(',', out);
            str(out, req->decl->refs.items[k]);
        }
        fputs("]}}", out);
    }
    /* Findings about a record as a whole have a rule per kind. */
    bool first = p->nreqs == 0;
    for (int k = 0; k < CK_FK_COUNT; k++) {
        const ck_finding_kind_info *info = ck_finding_kind_get((ck_finding_kind)k);
        if (info->about_requirement)
            continue;
        fputs(first ? "\n{\"id\":" : ",\n{\"id\":", out);
        first = false;
        str(out, info->code);
        fputs(",\"name\":", out);
        pascal(out, info->code);
        fputs(",\"shortDescription\":{\"text\":", out);
        sentence(out, info->summary);
        fputs("},\"fullDescription\":{\"text\":", out);
        sentence(out, info->summary);
        fputs("},\"help\":{\"text\":\"Each finding says what to correct in the record or the repository.\"},"
              "\"defaultConfiguration\":{\"level\":\"error\"}}",
              out);
    }
    fputs("]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[", out);
}

/* One SARIF result: one finding, with its rule, place, fingerprint and properties. */
static void sarif_result(ck_report *r, const ck_result *res, const ck_finding *f)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    ck_place at = ck_report_place(&f->span);
    fputs(r->nrecords_written++ ? ",\n{\"ruleId\":" : "\n{\"ruleId\":", out);
    str(out, f->req >= 0 ? p->reqs[f->req].id : ck_finding_kind_get(f->kind)->code);
    fprintf(out, ",\"level\":\"%s\",\"message\":{\"text\":", level(f->severity));
    sentence(out, f->message);
    fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
    uri(out, at.path);
    fprintf(out, "},\"region\":{\"startLine\":%u,\"startColumn\":%u}}}]", at.line ? at.line : 1, at.col ? at.col : 1);
    related_document(out, f);
    fprintf(out, ",\"partialFingerprints\":{\"" CK_SARIF_FP_KEY "\":\"%s\"}", f->fingerprint);
    if (r->baseline_used)
        fprintf(out, ",\"baselineState\":\"%s\"", f->known ? "unchanged" : "new");
    fputs(",\"properties\":{\"kind\":", out);
    str(out, ck_finding_kind_get(f->kind)->code);
    fputs(",\"supplier\":", out);
    str(out, res->record->supplier_id);
    fputs(",\"contract\":", out);
    str(out, res->record->contract_id);
    fputs(",\"tier\":", out);
    str(out, p->tiers.names[res->tier]);
    fputs(",\"remediation\":", out);
    str(out, f->remediation);
    if (f->party) {
        fputs(",\"party\":{\"kind\":", out);
        str(out, f->party->kind_name);
        fputs(",\"id\":", out);
        str(out, f->party->id);
        fputs("}", out);
    }
    if (f->kind == CK_FK_DUE_SOON) {
        char due[16];
        ck_date_format(f->due, due);
        fprintf(out, ",\"due\":\"%s\",\"cause\":\"%s\"", due, ck_finding_kind_get(f->cause)->code);
    }
    fputs("}}", out);
}

static void sarif_record(ck_report *r, const ck_result *res)
{
    for (size_t i = 0; i < res->findings.len; i++)
        sarif_result(r, res, res->findings.items[i]);
}

typedef struct {
    const char *path, *message;
    unsigned line, col;
} notification;

static void sarif_input_error(ck_report *r, const ck_diag *d)
{
    notification *n = ck_arena_alloc(r->arena, sizeof *n);
    if (!n)
        return;
    n->path = ck_arena_strdup(r->arena, d->span.src ? d->span.src->path : d->path ? d->path : "");
    n->message = ck_arena_strdup(r->arena, d->message);
    if (d->span.src) {
        ck_linecol lc = ck_source_linecol(d->span.src, d->span.start);
        n->line = lc.line;
        n->col = lc.col;
    }
    ck_vec_push(r->arena, &r->input_errors, n);
}

static void sarif_end(ck_report *r, const ck_summary *s)
{
    FILE *out = r->out;
    fprintf(out, "],\n\"invocations\":[{\"executionSuccessful\":%s,\"toolExecutionNotifications\":[",
            s->input_errors ? "false" : "true");
    for (size_t i = 0; i < r->input_errors.len; i++) {
        const notification *n = r->input_errors.items[i];
        fputs(i ? ",{\"level\":\"error\",\"message\":{\"text\":" : "{\"level\":\"error\",\"message\":{\"text\":", out);
        sentence(out, n->message);
        fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
        uri(out, n->path);
        fputs("}", out);
        if (n->line)
            fprintf(out, ",\"region\":{\"startLine\":%u,\"startColumn\":%u}", n->line, n->col);
        fputs("}}]}", out);
    }
    fputs("]}]}]}\n", out);
}

const ck_reporter ck_report_sarif = {"sarif", true, sarif_begin, sarif_record, sarif_input_error, sarif_end};
