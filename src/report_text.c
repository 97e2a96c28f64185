/* Text report: findings grouped by supplier, each located like a compiler diagnostic. */
#include "report.h"

#include <string.h>

#include "escape.h"

static void text_begin(ck_report *r) { (void)r; }

/* The supplier line: every value in it comes from the record, so each is escaped. */
static void supplier_line(ck_report *r, const ck_result *res)
{
    FILE *out = r->out;
    const ck_record *rec = res->record;
    const char *bold = r->color ? "\033[1m" : "", *reset = r->color ? "\033[0m" : "";
    fputs(bold, out);
    ck_esc_text(out, rec->path);
    fprintf(out, "%s: supplier ", reset);
    ck_esc_text(out, rec->supplier_id ? rec->supplier_id : "(no id)");
    if (rec->supplier_name) {
        fputs(" (", out);
        ck_esc_text(out, rec->supplier_name);
        fputc(')', out);
    }
    if (rec->contract_id) {
        fputs(", contract ", out);
        ck_esc_text(out, rec->contract_id);
    }
    if (rec->status) {
        fputs(" [", out);
        ck_esc_text(out, rec->status);
        fputc(']', out);
    }
    fprintf(out, ", tier %s%s\n", r->policy->tiers.names[res->tier],
            res->tier_uncertain ? " (held to the highest possible: profile incomplete)" : "");
}

/* --compact: "file:line:col: severity [kind] ID: message", one line and nothing more; a finding
 * with no place in the record is located at the record's file. */
static void compact_finding(ck_report *r, const ck_result *res, const ck_finding *f)
{
    FILE *out = r->out;
    const char *bold = r->color ? "\033[1m" : "", *reset = r->color ? "\033[0m" : "";
    ck_place at = ck_report_place(&f->span);
    fputs(bold, out);
    if (at.line) {
        ck_esc_text(out, at.path);
        fprintf(out, ":%u:%u:", at.line, at.col);
    } else {
        ck_esc_text(out, res->record->path);
        fputc(':', out);
    }
    fprintf(out, "%s %s%s%s [%s]%s", reset, r->color ? ck_severity_get(f->severity)->color : "",
            ck_severity_name(f->severity), reset, ck_finding_kind_get(f->kind)->code, f->known ? " (known)" : "");
    if (f->req >= 0)
        fprintf(out, " %s%s%s", bold, r->policy->reqs[f->req].id, reset);
    fputs(": ", out);
    ck_esc_text(out, f->message);
    fputc('\n', out);
}

static void text_finding(ck_report *r, const ck_finding *f)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    const char *bold = r->color ? "\033[1m" : "", *reset = r->color ? "\033[0m" : "";
    ck_place at = ck_report_place(&f->span);
    fputs(bold, out);
    ck_esc_text(out, at.path);
    fprintf(out, ":%u:%u:%s %s%s%s [%s]%s", at.line, at.col, reset, r->color ? ck_severity_get(f->severity)->color : "",
            ck_severity_name(f->severity), reset, ck_finding_kind_get(f->kind)->code, f->known ? " (known)" : "");
    if (f->req >= 0) {
        fprintf(out, " %s%s%s ", bold, p->reqs[f->req].id, reset);
        ck_esc_text(out, p->reqs[f->req].title);
        fputc(':', out);
    }
    fputc(' ', out);
    ck_esc_text(out, f->message);
    fputc('\n', out);
    if (f->span.src)
        ck_diag_print_excerpt(out, f->span, r->color);
    char doc[1024];
    if (ck_report_document_line(f, doc, sizeof doc)) {
        fputs("  document: ", out);
        ck_esc_text(out, doc);
        fputc('\n', out);
    }
    if (f->remediation) {
        fputs("  fix: ", out);
        ck_esc_text(out, f->remediation);
        fputc('\n', out);
    }
    if (f->req >= 0) {
        const ck_vec *refs = &p->reqs[f->req].decl->refs;
        for (size_t k = 0; k < refs->len; k++) {
            fputs("  ref: ", out);
            ck_esc_text(out, refs->items[k]);
            fputc('\n', out);
        }
    }
}

/* Whether a record has a finding that fails the gate (one the baseline knows does not). */
static bool record_fails(const ck_report *r, const ck_result *res)
{
    for (size_t i = 0; i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        if (!f->known && ck_severity_fails(f->severity, r->fail_on))
            return true;
    }
    return false;
}

static void text_record(ck_report *r, const ck_result *res)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    if (r->quiet && !record_fails(r, res))
        return;
    if (r->compact) {
        for (size_t i = 0; i < res->findings.len; i++)
            compact_finding(r, res, res->findings.items[i]);
        return;
    }
    if (r->nrecords_written++)
        fputc('\n', out);
    supplier_line(r, res);
    for (size_t i = 0; i < res->findings.len; i++)
        text_finding(r, res->findings.items[i]);
    /* "no findings" stands where the findings would be, so it comes before the passed list */
    if (res->findings.len == 0)
        fprintf(out, "  no findings\n");
    if (r->show_passed) {
        for (size_t k = 0; k < p->nreqs; k++) {
            size_t i = p->req_order[k];
            const ck_req_result *rr = &res->reqs[i];
            if (rr->outcome != CK_OUTCOME_MET && rr->outcome != CK_OUTCOME_NOT_APPLICABLE)
                continue;
            fprintf(out, "  %s: %s ", rr->outcome == CK_OUTCOME_MET ? "passed" : "not applicable", p->reqs[i].id);
            ck_esc_text(out, p->reqs[i].title);
            if (rr->outcome == CK_OUTCOME_NOT_APPLICABLE) {
                fputs(" (", out);
                ck_esc_text(out, rr->reason);
                fputc(')', out);
            }
            fputc('\n', out);
        }
    }
}

static void text_input_error(ck_report *r, const ck_diag *d)
{
    /* Unreadable inputs go to the report as well as the count, so a CI log shows them in place. */
    if (r->compact) {
        ck_diag_print_line(r->out, d, r->color);
        return;
    }
    if (r->nrecords_written++)
        fputc('\n', r->out);
    ck_diag_print(r->out, d, r->color);
}

static void text_end(ck_report *r, const ck_summary *s)
{
    FILE *out = r->out;
    const ck_policy *p = r->policy;
    fprintf(out, "\nchecked %zu supplier%s", s->records, s->records == 1 ? "" : "s");
    const char *sep = ": ";
    for (size_t t = p->tiers.count; t-- > 0;) {
        if (!s->per_tier[t])
            continue;
        fprintf(out, "%s%zu %s", sep, s->per_tier[t], p->tiers.names[t]);
        sep = ", ";
    }
    fputc('\n', out);
    if (s->uncertain_tier)
        fprintf(out, "%zu held to a higher tier because the profile is incomplete\n", s->uncertain_tier);
    fputs("findings: ", out);
    ck_severity_counts_write(out, s->findings);
    fputc('\n', out);
    if (r->baseline_used)
        fprintf(out, "known from the baseline: %zu (reported, not failing the gate)\n", s->known);
    if (s->unchanged)
        fprintf(out, "unchanged, not checked (--files-from): %zu\n", s->unchanged);
    if (s->shards)
        fprintf(out, "shard %u of %u: %zu record%s left to the other shards\n", s->shard, s->shards, s->elsewhere,
                s->elsewhere == 1 ? "" : "s");
    if (ck_report_skips(NULL, s)) {
        fputs("skipped: ", out);
        ck_report_skips(out, s);
        fputc('\n', out);
    }
    if (s->input_errors)
        fprintf(out, "input errors: %zu\n", s->input_errors);
    if (s->gate == CK_GATE_NOT_ENFORCED)
        fprintf(out, "gate: not enforced (--fail-on never)\n");
    else if (s->gate == CK_GATE_FAILED && r->fail_on == CK_FAIL_NEVER)
        fprintf(out, "gate: FAILED (input errors; findings are not enforced: --fail-on never)\n");
    else if (s->gate == CK_GATE_FAILED)
        fprintf(out, "gate: FAILED (%zu finding%s at or above %s%s)\n", s->failing, s->failing == 1 ? "" : "s",
                ck_fail_on_name(r->fail_on), s->input_errors ? ", and input errors" : "");
    else
        fprintf(out, "gate: passed (nothing at or above %s)\n", ck_fail_on_name(r->fail_on));
}

const ck_reporter ck_report_text = {"text", false, text_begin, text_record, text_input_error, text_end};
