/* The table of report formats and helpers every reporter shares. */
#include "report.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "strfmt.h"

static const ck_reporter *const reporters[] = {&ck_report_text,  &ck_report_json,   &ck_report_sarif,
                                               &ck_report_junit, &ck_report_github, &ck_report_markdown,
                                               &ck_report_html};

const ck_reporter *ck_reporter_find(const char *name)
{
    for (size_t i = 0; i < sizeof reporters / sizeof reporters[0]; i++)
        if (strcmp(reporters[i]->name, name) == 0)
            return reporters[i];
    return NULL;
}

void ck_reporter_list(char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof reporters / sizeof reporters[0] && at < n; i++)
        at += (size_t)ck_snprintf(buf + at, n - at, "%s%s", i ? ", " : "", reporters[i]->name);
}

void ck_report_copy_spool(FILE *from, FILE *to)
{
    char buf[65536];
    size_t n;
    rewind(from);
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        fwrite(buf, 1, n, to);
}

void ck_group_heading_write(FILE *out, const ck_policy *p, int group, bool markdown, bool first)
{
    const char *title = group >= 0 ? p->groups[group].decl->title : "Other requirements";
    if (!first)
        fputc('\n', out);
    if (markdown) {
        fputs("### ", out);
        ck_esc_markdown(out, title);
        if (group >= 0)
            fprintf(out, " (`%s`)", p->groups[group].name);
        fputs("\n\n", out);
        return;
    }
    ck_esc_text(out, title);
    if (group >= 0)
        fprintf(out, " (%s)", p->groups[group].name);
    fputs(":\n", out);
}

ck_place ck_report_place(const ck_span *span)
{
    if (!span->src)
        return (ck_place){.path = ""};
    ck_linecol lc = ck_source_linecol(span->src, span->start);
    return (ck_place){.path = span->src->path, .line = lc.line, .col = lc.col};
}

void ck_summary_add(ck_summary *s, const ck_result *res, int fail_on, const size_t *known)
{
    s->records++;
    s->per_tier[res->tier]++;
    if (res->tier_uncertain)
        s->uncertain_tier++;
    for (int sev = 0; sev < CK_SEV_COUNT; sev++) {
        size_t k = known ? known[sev] : 0;
        s->findings[sev] += res->count[sev];
        if (ck_severity_fails((ck_severity)sev, fail_on))
            s->failing += res->count[sev] - k;
        s->known += k;
    }
}

ck_gate ck_summary_gate(const ck_summary *s, int fail_on)
{
    if (s->input_errors > 0 || s->failing > 0)
        return CK_GATE_FAILED;
    return fail_on == CK_FAIL_NEVER ? CK_GATE_NOT_ENFORCED : CK_GATE_PASSED;
}

bool ck_report_document_line(const ck_finding *f, char *buf, size_t n)
{
    const ck_finding_document *d = f->document;
    buf[0] = '\0';
    if (!d || !d->where)
        return false;
    ck_snprintf(buf, n, "%s%s%s, %s%s%s%s", d->path, d->section ? ", section " : "", d->section ? d->section : "",
                d->where, d->text ? ": \"" : "", d->text ? d->text : "", d->text ? "\"" : "");
    return true;
}

bool ck_report_skips(FILE *out, const ck_summary *s)
{
    const char *sep = "";
    for (int k = 0; k < CK_SKIP_COUNT; k++) {
        if (!s->skipped[k])
            continue;
        if (out)
            fprintf(out, "%s%zu %s", sep, s->skipped[k], ck_skip_get((ck_skip)k)->words);
        sep = ", ";
    }
    return *sep != '\0';
}
