/* GitHub Actions workflow commands: one annotation per finding on the record line it concerns. */
#include "report.h"

#include <string.h>

#include "escape.h"
#include "textutil.h"

static void gh_begin(ck_report *r) { (void)r; }

/* One workflow command: the annotation of one finding. */
static void gh_finding(ck_report *r, const ck_result *res, const ck_finding *f)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    ck_place at = ck_report_place(&f->span);
    const char *cmd = ck_severity_get(f->severity)->github_command;
    fprintf(out, "::%s file=", cmd);
    ck_esc_github(out, at.path, true);
    fprintf(out, ",line=%u,col=%u,title=", at.line, at.col);
    char title[512];
    ck_format(title, sizeof title, "%s %s%s", f->req >= 0 ? p->reqs[f->req].id : res->record->supplier_id ? res->record->supplier_id : "record",
             ck_finding_kind_get(f->kind)->code, f->known ? " (known)" : "");
    ck_esc_github(out, title, true);
    fputs("::", out);
    ck_esc_github(out, f->message, false);
    char doc[1024];
    if (ck_report_document_line(f, doc, sizeof doc)) {
        fputs("%0Adocument: ", out);
        ck_esc_github(out, doc, false);
    }
    if (f->remediation) {
        fputs("%0Afix: ", out);
        ck_esc_github(out, f->remediation, false);
    }
    fputc('\n', out);
}

static void gh_record(ck_report *r, const ck_result *res)
{
    for (size_t i = 0; i < res->findings.len; i++)
        gh_finding(r, res, res->findings.items[i]);
}

static void gh_input_error(ck_report *r, const ck_diag *d)
{
    FILE *out = r->out;
    fputs("::error file=", out);
    ck_esc_github(out, d->span.src ? d->span.src->path : d->path ? d->path : "", true);
    if (d->span.src) {
        ck_linecol lc = ck_source_linecol(d->span.src, d->span.start);
        fprintf(out, ",line=%u,col=%u", lc.line, lc.col);
    }
    fputs(",title=unreadable input::", out);
    ck_esc_github(out, d->message, false);
    fputc('\n', out);
}

static void gh_end(ck_report *r, const ck_summary *s)
{
    fprintf(r->out, "clausecheck: %zu supplier%s checked, ", s->records, s->records == 1 ? "" : "s");
    ck_severity_counts_write(r->out, s->findings);
    fprintf(r->out, "; gate %s\n", s->gate == CK_GATE_NOT_ENFORCED ? "not enforced" : s->gate == CK_GATE_FAILED ? "failed" : "passed");
}

const ck_reporter ck_report_github = {"github", false, gh_begin, gh_record, gh_input_error, gh_end};
