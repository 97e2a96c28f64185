/* Markdown summary for a pull-request comment or a job summary: totals, a table per tier, findings by supplier. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* Sections are spooled to temporary files as records stream by, so memory stays flat. */
typedef struct {
    FILE *details;
    FILE **tier_rows;   /* [tiers] */
} md_state;

/* Text inside Markdown (also inside table cells): formatting characters and newlines neutralised. */
static void md(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\n' || *s == '\r') {
            fputc(' ', out);
            continue;
        }
        if (strchr("\\`*_{}[]<>()#+!|~", *s))
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void md_begin(ck_report *r)
{
    md_state *st = ck_arena_alloc(r->arena, sizeof *st);
    if (!st)
        return;
    st->details = tmpfile();
    st->tier_rows = ck_arena_alloc(r->arena, (r->policy->tiers.count + 1) * sizeof(FILE *));
    for (size_t t = 0; st->tier_rows && t < r->policy->tiers.count; t++)
        st->tier_rows[t] = tmpfile();
    r->state = st;
}

static void location_link(ck_report *r, FILE *out, const ck_span *span)
{
    ck_place at = ck_report_place(span);
    if (r->link_base) {
        fputs("[", out);
        md(out, at.path);
        fprintf(out, ":%u](%s/", at.line, r->link_base);
        for (const char *p = at.path; *p; p++) {
            if (*p == ' ' || *p == '(' || *p == ')')
                fprintf(out, "%%%02X", (unsigned char)*p);
            else
                fputc(*p, out);
        }
        fprintf(out, "#L%u)", at.line);
    } else {
        fputc('`', out);
        for (const char *p = at.path; *p; p++)
            fputc(*p == '`' ? '\'' : *p, out);
        fprintf(out, ":%u`", at.line);
    }
}

static void md_record(ck_report *r, const ck_result *res)
{
    md_state *st = r->state;
    if (!st || !st->details)
        return;
    const ck_policy *p = r->policy;
    const ck_record *rec = res->record;
    FILE *row = st->tier_rows ? st->tier_rows[res->tier] : NULL;
    if (row) {
        fputs("| ", row);
        md(row, rec->supplier_name ? rec->supplier_name : rec->supplier_id ? rec->supplier_id : rec->path);
        fputs(" | ", row);
        md(row, rec->contract_id ? rec->contract_id : "");
        fprintf(row, " | %zu | %zu | %zu | %s |\n", res->count[CK_SEV_ERROR], res->count[CK_SEV_WARNING],
                res->count[CK_SEV_INFO],
                res->tier_uncertain ? "held to this tier: profile incomplete"
                : res->count[CK_SEV_ERROR] ? "fails"
                                           : "passes");
    }
    if (res->findings.len == 0)
        return;
    FILE *out = st->details;
    fputs("\n### ", out);
    md(out, rec->supplier_name ? rec->supplier_name : rec->supplier_id ? rec->supplier_id : rec->path);
    fprintf(out, " (tier %s)\n\n", p->tiers.names[res->tier]);
    int group = -2; /* findings of requirements come by group: a heading where it changes */
    for (size_t i = 0; i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        if (p->ngroups && f->req >= 0 && p->reqs[f->req].group != group) {
            group = p->reqs[f->req].group;
            fputs("\n#", out); /* one level below the supplier's heading */
            ck_group_heading_write(out, p, group, true, true);
        }
        fprintf(out, "- **%s** `%s`%s ", ck_severity_name(f->severity), ck_finding_kind_get(f->kind)->code,
                f->known ? " (known)" : "");
        if (f->req >= 0) {
            fprintf(out, "%s ", p->reqs[f->req].id);
            md(out, p->reqs[f->req].title);
            fputs(": ", out);
        }
        md(out, f->message);
        fputs(" (", out);
        location_link(r, out, &f->span);
        fputs(")\n", out);
        char doc[1024];
        if (ck_report_document_line(f, doc, sizeof doc)) {
            fputs("  - document: ", out);
            md(out, doc);
            fputc('\n', out);
        }
        if (f->remediation) {
            fputs("  - fix: ", out);
            md(out, f->remediation);
            fputc('\n', out);
        }
    }
}

static void md_input_error(ck_report *r, const ck_diag *d)
{
    md_state *st = r->state;
    if (!st || !st->details)
        return;
    fputs("\n- **unreadable input** `", st->details);
    const char *path = d->span.src ? d->span.src->path : d->path ? d->path : "";
    for (const char *p = path; *p; p++)
        fputc(*p == '`' ? '\'' : *p, st->details);
    fputs("`: ", st->details);
    md(st->details, d->message);
    fputc('\n', st->details);
}

static void copy(FILE *from, FILE *to)
{
    char buf[8192];
    size_t n;
    rewind(from);
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        fwrite(buf, 1, n, to);
}

static void md_end(ck_report *r, const ck_summary *s)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    md_state *st = r->state;
    const char *verdict = r->fail_on == CK_FAIL_NEVER ? "not enforced" : s->gate_failed ? "**failed**" : "passed";
    fprintf(out, "## clausecheck: gate %s\n\n", verdict);
    fprintf(out, "%zu supplier%s checked: ", s->records, s->records == 1 ? "" : "s");
    ck_severity_counts_write(out, s->findings);
    if (s->input_errors)
        fprintf(out, ", %zu unreadable input%s", s->input_errors, s->input_errors == 1 ? "" : "s");
    fputs(".\n", out);
    for (size_t t = p->tiers.count; st && st->tier_rows && t-- > 0;) {
        if (!s->per_tier[t] || !st->tier_rows[t])
            continue;
        fprintf(out, "\n### Tier %s (%zu)\n\n| Supplier | Contract | Errors | Warnings | Info | Result |\n"
                     "|---|---|---:|---:|---:|---|\n",
                p->tiers.names[t], s->per_tier[t]);
        copy(st->tier_rows[t], out);
    }
    if (st && st->details) {
        fputs("\n## Findings by supplier\n", out);
        copy(st->details, out);
        fclose(st->details);
    }
    for (size_t t = 0; st && st->tier_rows && t < p->tiers.count; t++)
        if (st->tier_rows[t])
            fclose(st->tier_rows[t]);
}

const ck_reporter ck_report_markdown = {"markdown", false, md_begin, md_record, md_input_error, md_end};
