/* JUnit XML report: a test suite per supplier, a test case per requirement (failed, passed or skipped). */
#include "report.h"

#include <string.h>

#include "escape.h"

static void junit_begin(ck_report *r) { fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"clausecheck\">\n", r->out); }

/* <failure> for one finding; findings about a requirement say their severity in the text. */
static void write_failure(FILE *out, const ck_finding *f)
{
    ck_place at = ck_report_place(&f->span);
    fputs("      <failure type=\"", out);
    ck_esc_xml(out, ck_finding_kind_get(f->kind)->code);
    fputs("\" message=\"", out);
    ck_esc_xml(out, f->message);
    fputs("\">", out);
    ck_esc_xml(out, at.path);
    fprintf(out, ":%u:%u: ", at.line, at.col);
    if (f->req >= 0)
        fprintf(out, "%s: ", ck_severity_name(f->severity));
    ck_esc_xml(out, f->message);
    char doc[1024];
    if (ck_report_document_line(f, doc, sizeof doc)) {
        fputs("&#10;document: ", out);
        ck_esc_xml(out, doc);
    }
    if (f->remediation) {
        fputs("&#10;fix: ", out);
        ck_esc_xml(out, f->remediation);
    }
    fputs("</failure>\n", out);
}

/* Findings come record-level first, then by requirement, then the forecast's due-soon ones (ck_result,
 * forecast.h): the count of those at the end. */
static size_t count_due(const ck_result *res)
{
    size_t n = 0;
    while (n < res->findings.len && ((const ck_finding *)res->findings.items[res->findings.len - 1 - n])->kind == CK_FK_DUE_SOON)
        n++;
    return n;
}

static void write_suite_header(ck_report *r, const ck_result *res, size_t record_level)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    const ck_record *rec = res->record;
    size_t failures = 0, skipped = 0;
    for (size_t i = 0; i < p->nreqs; i++) {
        ck_outcome o = res->reqs[i].outcome;
        failures += o == CK_OUTCOME_UNMET;
        skipped += o == CK_OUTCOME_NOT_APPLICABLE;
    }
    fputs("  <testsuite name=\"", out);
    ck_esc_xml(out, rec->supplier_id ? rec->supplier_id : rec->path);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" file=\"", p->nreqs + 1 + r->horizon,
            failures + (record_level > 0) + (count_due(res) > 0), skipped);
    ck_esc_xml(out, rec->path);
    fputs("\">\n    <properties>\n      <property name=\"tier\" value=\"", out);
    ck_esc_xml(out, p->tiers.names[res->tier]);
    fputs("\"/>\n      <property name=\"supplier\" value=\"", out);
    ck_esc_xml(out, rec->supplier_name);
    fputs("\"/>\n      <property name=\"contract\" value=\"", out);
    ck_esc_xml(out, rec->contract_id);
    fputs("\"/>\n    </properties>\n", out);
}

/* One <testcase> per requirement. Findings come record-level first, then by requirement in the
 * policy's order of evaluation (ck_result), so *next walks them once for the whole suite. */
static void write_requirement_case(ck_report *r, const ck_result *res, size_t i, size_t *next)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    const ck_req_result *rr = &res->reqs[i];
    fputs("    <testcase classname=\"", out);
    ck_esc_xml(out, res->record->supplier_id ? res->record->supplier_id : res->record->path);
    fputs("\" name=\"", out);
    ck_esc_xml(out, p->reqs[i].id);
    fputs(" ", out);
    ck_esc_xml(out, p->reqs[i].title);
    fputs("\"", out);
    size_t first = *next, end = res->findings.len - count_due(res);
    while (*next < end && ((const ck_finding *)res->findings.items[*next])->req == (int)i)
        (*next)++;
    if (rr->outcome == CK_OUTCOME_MET) {
        fputs("/>\n", out);
        return;
    }
    fputs(">\n", out);
    if (rr->outcome == CK_OUTCOME_NOT_APPLICABLE || rr->outcome == CK_OUTCOME_GAP_ACCEPTED) {
        fputs("      <skipped message=\"", out);
        ck_esc_xml(out, rr->reason);
        fputs("\"/>\n", out);
    }
    for (size_t k = first; rr->outcome == CK_OUTCOME_UNMET && k < *next; k++)
        write_failure(out, res->findings.items[k]);
    fputs("    </testcase>\n", out);
}

static void junit_record(ck_report *r, const ck_result *res)
{
    FILE *out = r->out;
    const ck_record *rec = res->record;
    /* Findings about the record itself become one more test case, so they are never lost. */
    size_t record_level = 0;
    while (record_level < res->findings.len && ((const ck_finding *)res->findings.items[record_level])->req < 0)
        record_level++;
    write_suite_header(r, res, record_level);
    fputs("    <testcase classname=\"", out);
    ck_esc_xml(out, rec->supplier_id ? rec->supplier_id : rec->path);
    fputs("\" name=\"record is valid and its evidence files check out\">\n", out);
    for (size_t k = 0; k < record_level; k++)
        write_failure(out, res->findings.items[k]);
    fputs("    </testcase>\n", out);
    size_t next = record_level;
    for (size_t k = 0; k < r->policy->nreqs; k++)
        write_requirement_case(r, res, r->policy->req_order[k], &next);
    /* --horizon: what falls due is one more test case, failing while anything does. */
    if (r->horizon) {
        char until[16];
        ck_date_format(r->due_until, until);
        fputs("    <testcase classname=\"", out);
        ck_esc_xml(out, rec->supplier_id ? rec->supplier_id : rec->path);
        fprintf(out, "\" name=\"nothing falls due by %s\">\n", until);
        for (size_t k = res->findings.len - count_due(res); k < res->findings.len; k++)
            write_failure(out, res->findings.items[k]);
        fputs("    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
}

static void junit_input_error(ck_report *r, const ck_diag *d)
{
    FILE *out = r->out;
    const char *path = d->span.src ? d->span.src->path : d->path ? d->path : "";
    fputs("  <testsuite name=\"", out);
    ck_esc_xml(out, path);
    fputs("\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"input\" name=\"", out);
    ck_esc_xml(out, path);
    fputs("\">\n      <error type=\"input-error\" message=\"", out);
    ck_esc_xml(out, d->message);
    fputs("\"/>\n    </testcase>\n  </testsuite>\n", out);
}

static void junit_end(ck_report *r, const ck_summary *s)
{
    (void)s;
    fputs("</testsuites>\n", r->out);
}

const ck_reporter ck_report_junit = {"junit", false, junit_begin, junit_record, junit_input_error, junit_end};
