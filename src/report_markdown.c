/* Markdown summary for a pull-request comment or a job summary: totals, a table per tier, findings by supplier. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"

/* Sections are spooled to temporary files as records stream by, so memory stays flat. */
typedef struct {
    FILE *details;
    FILE **tier_rows;   /* [tiers] */
} md_state;

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

/* A link target: unreserved bytes and '/' kept, the rest percent-encoded, so no byte of a file
 * name can end the link or reach the reader raw. */
static void url_path(FILE *out, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
}

static void location_link(ck_report *r, FILE *out, const ck_span *span)
{
    ck_place at = ck_report_place(span);
    if (r->link_base) {
        fputs("[", out);
        ck_esc_markdown(out, at.path);
        fprintf(out, ":%u](%s/", at.line, r->link_base);
        url_path(out, at.path);
        fprintf(out, "#L%u)", at.line);
    } else {
        fputc('`', out);
        ck_esc_markdown_code(out, at.path);
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
        ck_esc_markdown(row, rec->supplier_name ? rec->supplier_name : rec->supplier_id ? rec->supplier_id : rec->path);
        fputs(" | ", row);
        ck_esc_markdown(row, rec->contract_id ? rec->contract_id : "");
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
    ck_esc_markdown(out, rec->supplier_name ? rec->supplier_name : rec->supplier_id ? rec->supplier_id : rec->path);
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
            ck_esc_markdown(out, p->reqs[f->req].title);
            fputs(": ", out);
        }
        ck_esc_markdown(out, f->message);
        fputs(" (", out);
        location_link(r, out, &f->span);
        fputs(")\n", out);
        char doc[1024];
        if (ck_report_document_line(f, doc, sizeof doc)) {
            fputs("  - document: ", out);
            ck_esc_markdown(out, doc);
            fputc('\n', out);
        }
        if (f->remediation) {
            fputs("  - fix: ", out);
            ck_esc_markdown(out, f->remediation);
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
    ck_esc_markdown_code(st->details, d->span.src ? d->span.src->path : d->path ? d->path : "");
    fputs("`: ", st->details);
    ck_esc_markdown(st->details, d->message);
    fputc('\n', st->details);
}

static void md_end(ck_report *r, const ck_summary *s)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    md_state *st = r->state;
    const char *verdict = s->gate == CK_GATE_NOT_ENFORCED ? "not enforced" : s->gate == CK_GATE_FAILED ? "**failed**" : "passed";
    fprintf(out, "## clausecheck: gate %s\n\n", verdict);
    fprintf(out, "%zu supplier%s checked: ", s->records, s->records == 1 ? "" : "s");
    ck_severity_counts_write(out, s->findings);
    if (s->input_errors)
        fprintf(out, ", %zu input error%s", s->input_errors, s->input_errors == 1 ? "" : "s");
    fputs(".\n", out);
    if (s->unchanged)
        fprintf(out, "%zu unchanged, not checked (`--files-from`).\n", s->unchanged);
    if (ck_report_skips(NULL, s)) {
        fputs("Skipped: ", out);
        ck_report_skips(out, s);
        fputs(".\n", out);
    }
    for (size_t t = p->tiers.count; st && st->tier_rows && t-- > 0;) {
        if (!s->per_tier[t] || !st->tier_rows[t])
            continue;
        fprintf(out, "\n### Tier %s (%zu)\n\n| Supplier | Contract | Errors | Warnings | Info | Result |\n"
                     "|---|---|---:|---:|---:|---|\n",
                p->tiers.names[t], s->per_tier[t]);
        ck_report_copy_spool(st->tier_rows[t], out);
    }
    if (st && st->details) {
        fputs("\n## Findings by supplier\n", out);
        ck_report_copy_spool(st->details, out);
        fclose(st->details);
    }
    for (size_t t = 0; st && st->tier_rows && t < p->tiers.count; t++)
        if (st->tier_rows[t])
            fclose(st->tier_rows[t]);
}

const ck_reporter ck_report_markdown = {"markdown", false, md_begin, md_record, md_input_error, md_end};
