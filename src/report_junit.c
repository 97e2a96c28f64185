/* JUnit XML report: a test suite per supplier, a test case per requirement (failed, passed or skipped). */
#include "report.h"

#include <string.h>

/* XML text or attribute content: markup escaped, characters XML 1.0 forbids replaced. */
static void xml(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        case '\n': fputs("&#10;", out); break;
        case '\t': fputs("&#9;", out); break;
        case '\r': fputs("&#13;", out); break;
        default:
            if (*p < 0x20)
                fputc('?', out); /* not representable in XML 1.0 at all */
            else
                fputc(*p, out);
        }
    }
}

static void junit_begin(ck_report *r) { fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"clausecheck\">\n", r->out); }

static void junit_record(ck_report *r, const ck_result *res)
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
    /* Findings about the record itself become one more test case, so they are never lost. */
    size_t record_level = 0;
    for (size_t k = 0; k < res->findings.len; k++)
        record_level += ((const ck_finding *)res->findings.items[k])->req < 0;
    fputs("  <testsuite name=\"", out);
    xml(out, rec->supplier_id ? rec->supplier_id : rec->path);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" file=\"", p->nreqs + 1,
            failures + (record_level > 0), skipped);
    xml(out, rec->path);
    fputs("\">\n    <properties>\n      <property name=\"tier\" value=\"", out);
    xml(out, p->tiers.names[res->tier]);
    fputs("\"/>\n      <property name=\"supplier\" value=\"", out);
    xml(out, rec->supplier_name);
    fputs("\"/>\n      <property name=\"contract\" value=\"", out);
    xml(out, rec->contract_id);
    fputs("\"/>\n    </properties>\n", out);
    fputs("    <testcase classname=\"", out);
    xml(out, rec->supplier_id ? rec->supplier_id : rec->path);
    fputs("\" name=\"record is valid and its evidence files check out\">\n", out);
    for (size_t k = 0; k < res->findings.len; k++) {
        const ck_finding *f = res->findings.items[k];
        if (f->req >= 0)
            continue;
        const char *path;
        unsigned line, col;
        ck_report_location(&f->span, &path, &line, &col);
        fputs("      <failure type=\"", out);
        xml(out, ck_finding_kind_get(f->kind)->code);
        fputs("\" message=\"", out);
        xml(out, f->message);
        fputs("\">", out);
        xml(out, path);
        fprintf(out, ":%u:%u: ", line, col);
        xml(out, f->message);
        if (f->remediation) {
            fputs("&#10;fix: ", out);
            xml(out, f->remediation);
        }
        fputs("</failure>\n", out);
    }
    fputs("    </testcase>\n", out);
    for (size_t i = 0; i < p->nreqs; i++) {
        const ck_req_result *rr = &res->reqs[i];
        fputs("    <testcase classname=\"", out);
        xml(out, rec->supplier_id ? rec->supplier_id : rec->path);
        fputs("\" name=\"", out);
        xml(out, p->reqs[i].id);
        fputs(" ", out);
        xml(out, p->reqs[i].title);
        fputs("\"", out);
        if (rr->outcome == CK_OUTCOME_MET) {
            fputs("/>\n", out);
            continue;
        }
        fputs(">\n", out);
        if (rr->outcome == CK_OUTCOME_NOT_APPLICABLE || rr->outcome == CK_OUTCOME_GAP_ACCEPTED) {
            fputs("      <skipped message=\"", out);
            xml(out, rr->reason);
            fputs("\"/>\n", out);
        }
        for (size_t k = 0; k < res->findings.len; k++) {
            const ck_finding *f = res->findings.items[k];
            if (f->req != (int)i || rr->outcome != CK_OUTCOME_UNMET)
                continue;
            const char *path;
            unsigned line, col;
            ck_report_location(&f->span, &path, &line, &col);
            fputs("      <failure type=\"", out);
            xml(out, ck_finding_kind_get(f->kind)->code);
            fputs("\" message=\"", out);
            xml(out, f->message);
            fputs("\">", out);
            xml(out, path);
            fprintf(out, ":%u:%u: %s: ", line, col, ck_severity_name(f->severity));
            xml(out, f->message);
            if (f->remediation) {
                fputs("&#10;fix: ", out);
                xml(out, f->remediation);
            }
            fputs("</failure>\n", out);
        }
        fputs("    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
}

static void junit_input_error(ck_report *r, const ck_diag *d)
{
    FILE *out = r->out;
    const char *path = d->span.src ? d->span.src->path : d->path ? d->path : "";
    fputs("  <testsuite name=\"", out);
    xml(out, path);
    fputs("\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase classname=\"input\" name=\"", out);
    xml(out, path);
    fputs("\">\n      <error type=\"input-error\" message=\"", out);
    xml(out, d->message);
    fputs("\"/>\n    </testcase>\n  </testsuite>\n", out);
}

static void junit_end(ck_report *r, const ck_summary *s)
{
    (void)s;
    fputs("</testsuites>\n", r->out);
}

const ck_reporter ck_report_junit = {"junit", junit_begin, junit_record, junit_input_error, junit_end};
