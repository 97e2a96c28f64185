/* Pre-signature review output: tier and why, a checklist with the change each item needs, a verdict. */
#include "report_review.h"

#include <string.h>

#include "expr_print.h"
#include "report.h"
#include "escape.h"
#include "textutil.h"

static const char *status_word(const ck_review_item *it)
{
    switch (it->state) {
    case CK_REVIEW_MET: return "met";
    case CK_REVIEW_NOT_APPLICABLE: return "not applicable";
    case CK_REVIEW_GAP_ACCEPTED: return "gap accepted";
    case CK_REVIEW_GAP_DECLARED: return "gap declared, not accepted";
    case CK_REVIEW_GAP_EXPIRED: return "gap acceptance expired";
    case CK_REVIEW_VALUE_INVALID: return "not met: a value it needs is not valid (see About the record itself)";
    case CK_REVIEW_MISSING: return "missing";
    case CK_REVIEW_WEAKER: return "weaker than required";
    case CK_REVIEW_NOT_MET: break;
    }
    return "not met";
}

static const char *box(const ck_review_item *it)
{
    switch (it->outcome) {
    case CK_OUTCOME_MET: return "[x]";
    case CK_OUTCOME_NOT_APPLICABLE: return "[-]";
    case CK_OUTCOME_GAP_ACCEPTED: return "[~]";
    case CK_OUTCOME_UNMET: break;
    }
    return "[ ]";
}

/* Record values and policy text, escaped for the format (docs/output.md, "untrusted text"). */
static void text(FILE *out, const char *s, bool markdown)
{
    if (markdown)
        ck_esc_markdown(out, s);
    else
        ck_esc_text(out, s);
}

/* A line under an item: "      LABEL: s" as text, "  - _LABEL:_ s" in Markdown; deep, one level further in. */
static void sub_line(FILE *out, const char *label, const char *s, bool deep, bool markdown)
{
    fprintf(out, markdown ? "%s  - _%s:_ " : "%s      %s: ", deep ? "  " : "", label);
    text(out, s, markdown);
    fputc('\n', out);
}

static void verdict_line(FILE *out, const ck_policy *p, const ck_review *rv, bool markdown)
{
    const char *b = markdown ? "**" : "";
    char what_if[128] = "";
    if (rv->hypothetical)
        snprintf(what_if, sizeof what_if, " (hypothetical: as if tier %s)", p->tiers.names[rv->result->tier]);
    if (rv->to_resolve == 0)
        fprintf(out, "%sVerdict%s: ready to sign%s\n", b, what_if, b);
    else
        fprintf(out, "%sVerdict%s: %zu item%s to resolve before signature%s\n", b, what_if, rv->to_resolve,
                rv->to_resolve == 1 ? "" : "s", b);
}

/* Who the review is of, which contract, against what, as of when. */
static void write_heading(FILE *out, const ck_policy *p, const ck_record *rec, ck_date as_of, bool markdown)
{
    char date[16];
    ck_date_format(as_of, date);
    fprintf(out, "%sPre-signature review of ", markdown ? "## " : "");
    text(out, rec->supplier_name ? rec->supplier_name : rec->supplier_id ? rec->supplier_id : rec->path, markdown);
    fputc('\n', out);
    if (markdown)
        fputc('\n', out);
    const char *li = markdown ? "- " : "  ";
    fprintf(out, "%sRecord: ", li);
    text(out, rec->path, markdown);
    fprintf(out, "\n%sContract: ", li);
    text(out, rec->contract_id ? rec->contract_id : "(no id)", markdown);
    fprintf(out, ", status ");
    text(out, rec->status ? rec->status : "(none)", markdown);
    fprintf(out, "\n%sChecked against: ", li);
    text(out, p->header ? p->header->title : "policy", markdown);
    fprintf(out, " as of %s\n", date);
}

/* The tier, why, and the profile facts the deciding rule read. */
static void write_tier(FILE *out, const ck_policy *p, const ck_review *rv, bool markdown)
{
    const ck_result *res = rv->result;
    const char *li = markdown ? "- " : "  ", *b = markdown ? "**" : "";
    if (rv->hypothetical) {
        fprintf(out, "%s%sHYPOTHETICAL:%s held to tier %s for negotiation; its profile gives tier %s\n", li, b, b,
                p->tiers.names[res->tier], p->tiers.names[res->decided_tier]);
    } else {
        fprintf(out, "%sTier: %s%s%s", li, b, p->tiers.names[res->tier], b);
        if (res->tier_uncertain) {
            fputs(", the highest it could be in: the profile is incomplete\n", out);
        } else if (rv->deciding_rule && rv->deciding_rule->cond) {
            char cond[256];
            ck_expr_to_string(rv->deciding_rule->cond, cond, sizeof cond);
            ck_linecol lc = ck_source_linecol(rv->deciding_rule->decl->span.src, rv->deciding_rule->decl->span.start);
            fputs(", because ", out);
            text(out, cond, markdown);
            fputs(" (", out);
            text(out, rv->deciding_rule->decl->span.src->path, markdown);
            fprintf(out, ":%u)\n", lc.line);
        } else {
            fputs(", as no other tier rule matches\n", out);
        }
    }
    for (size_t i = 0; i < rv->facts.len; i++) {
        const ck_review_fact *f = rv->facts.items[i];
        fprintf(out, "%s", markdown ? "  - " : "    ");
        text(out, f->field, markdown);
        fputs(" = ", out);
        text(out, f->value, markdown);
        if (f->span.src)
            fprintf(out, " (line %u)", ck_source_linecol(f->span.src, f->span.start).line);
        fputc('\n', out);
    }
}

/* One checklist line per requirement, with each finding and what to do about it. */
static void write_item(FILE *out, const ck_policy *p, const ck_review_item *it, bool markdown)
{
    const ck_requirement *req = &p->reqs[it->req];
    if (markdown)
        fprintf(out, "- %s**%s** ",
                it->outcome == CK_OUTCOME_MET ? "[x] " : it->outcome == CK_OUTCOME_NOT_APPLICABLE ? "n/a " : "[ ] ",
                req->id);
    else
        fprintf(out, "%s %s ", box(it), req->id);
    text(out, req->title, markdown);
    fprintf(out, ": %s", status_word(it));
    if (it->outcome == CK_OUTCOME_NOT_APPLICABLE || it->outcome == CK_OUTCOME_GAP_ACCEPTED) {
        fputs(" (", out);
        text(out, it->reason ? it->reason : "", markdown);
        fputc(')', out);
    }
    fputc('\n', out);
    for (size_t k = 0; k < it->findings.len; k++) {
        const ck_finding *f = it->findings.items[k];
        fprintf(out, "%s", markdown ? "  - " : "      - ");
        text(out, f->message, markdown);
        fputc('\n', out);
        if (f->remediation && f->kind != CK_FK_GAP_ACCEPTED)
            sub_line(out, "to do", f->remediation, true, markdown);
    }
}

/*
 * The contract documents part of the checklist: what the record says against the paper. `[ ]` an
 * error to resolve before signature, `[!]` a warning to look at; each with the words of the
 * document that decided it and what to do.
 */
static void write_document_items(FILE *out, const ck_review *rv, bool markdown)
{
    const ck_doc_tally *t = &rv->result->documents;
    if (!t->listed)
        return;
    fprintf(out, markdown ? "\n### Contract documents\n\n" : "\nContract documents:\n");
    fprintf(out, "%s%zu of %zu document%s read, %zu clause section%s looked up in them\n", markdown ? "" : "  ", t->read,
            t->listed, t->listed == 1 ? "" : "s", t->sections, t->sections == 1 ? "" : "s");
    if (markdown)
        fputc('\n', out);
    for (size_t k = 0; k < rv->document_findings.len; k++) {
        const ck_finding *f = rv->document_findings.items[k];
        const char *box = f->severity == CK_SEV_ERROR ? "[ ]" : "[!]";
        ck_place at = ck_report_place(&f->span);
        if (markdown)
            fprintf(out, "- %s ", box);
        else
            fprintf(out, "%s ", box);
        text(out, f->message, markdown);
        fprintf(out, " (line %u)\n", at.line);
        char doc[1024];
        if (ck_report_document_line(f, doc, sizeof doc))
            sub_line(out, "in the document", doc, false, markdown);
        if (f->remediation)
            sub_line(out, "to do", f->remediation, false, markdown);
    }
    if (!rv->document_findings.len)
        fprintf(out, "%s[x] every section found, saying what the record says\n", markdown ? "- " : "");
}

/* Findings about the record as a whole: invalid values, evidence files, the profile. */
static void write_record_findings(FILE *out, const ck_review *rv, bool markdown)
{
    if (!rv->record_findings.len)
        return;
    fprintf(out, "\n%sAbout the record itself\n", markdown ? "### " : "");
    if (markdown)
        fputc('\n', out);
    for (size_t k = 0; k < rv->record_findings.len; k++) {
        const ck_finding *f = rv->record_findings.items[k];
        ck_place at = ck_report_place(&f->span);
        fprintf(out, "%s%s (line %u): ", markdown ? "- " : "  - ", ck_severity_name(f->severity), at.line);
        text(out, f->message, markdown);
        fputc('\n', out);
        if (f->remediation)
            sub_line(out, "to do", f->remediation, false, markdown);
    }
}

/* What falls due within the contract's first year: requirements met at signature that lapse. */
static void write_forecast(FILE *out, const ck_policy *p, const ck_review *rv, bool markdown)
{
    if (!rv->forecast)
        return;
    char until[16];
    ck_date_format(rv->forecast_until, until);
    fprintf(out, "\n%sFalls due within the first year (to %s)\n", markdown ? "### " : "", until);
    if (markdown)
        fputc('\n', out);
    if (!rv->forecast->items.len)
        fprintf(out, "%snothing that is met today lapses before %s\n", markdown ? "- " : "  ", until);
    for (size_t i = 0; i < rv->forecast->items.len; i++) {
        const ck_forecast_item *it = rv->forecast->items.items[i];
        char due[16];
        ck_date_format(it->due, due);
        fprintf(out, "%s%s %s ", markdown ? "- " : "  ", due, p->reqs[it->req].id);
        text(out, p->reqs[it->req].title, markdown);
        fputs(": ", out);
        text(out, it->then ? it->then->message : "no longer met", markdown);
        fputc('\n', out);
        if (it->then && it->then->remediation)
            sub_line(out, "to do before then", it->then->remediation, false, markdown);
    }
}

static void write_human(FILE *out, const ck_policy *p, const ck_review *rv, ck_date as_of, bool markdown)
{
    write_heading(out, p, rv->result->record, as_of, markdown);
    write_tier(out, p, rv, markdown);
    fprintf(out, "\n%sChecklist\n", markdown ? "### " : "");
    if (markdown)
        fputc('\n', out);
    int group = -2; /* items come by group: a heading where it changes */
    for (size_t i = 0; i < rv->items.len; i++) {
        const ck_review_item *it = rv->items.items[i];
        if (p->ngroups && p->reqs[it->req].group != group) {
            ck_group_heading_write(out, p, p->reqs[it->req].group, markdown, group == -2);
            group = p->reqs[it->req].group;
        }
        write_item(out, p, it, markdown);
    }
    write_document_items(out, rv, markdown);
    write_record_findings(out, rv, markdown);
    write_forecast(out, p, rv, markdown);
    fputc('\n', out);
    verdict_line(out, p, rv, markdown);
}

static void js(FILE *out, const char *s) { ck_json_write_string_or_null(out, s); }

static void write_finding_json(FILE *out, const ck_finding *f)
{
    ck_place at = ck_report_place(&f->span);
    fputs("{\"kind\":", out);
    js(out, ck_finding_kind_get(f->kind)->code);
    fputs(",\"severity\":", out);
    js(out, ck_severity_name(f->severity));
    fprintf(out, ",\"line\":%u,\"column\":%u,\"message\":", at.line, at.col);
    js(out, f->message);
    fputs(",\"remediation\":", out);
    js(out, f->remediation);
    char doc[1024];
    if (ck_report_document_line(f, doc, sizeof doc)) { /* document findings only */
        fputs(",\"document\":", out);
        js(out, doc);
    }
    fputc('}', out);
}

static void write_findings_json(FILE *out, const ck_vec *findings)
{
    for (size_t k = 0; k < findings->len; k++) {
        if (k)
            fputc(',', out);
        write_finding_json(out, findings->items[k]);
    }
}

static void write_json(FILE *out, const ck_policy *p, const ck_review *rv, ck_date as_of)
{
    const ck_result *res = rv->result;
    const ck_record *rec = res->record;
    char date[16];
    ck_date_format(as_of, date);
    fprintf(out, "{\"schema_version\":1,\"as_of\":\"%s\",\"record\":", date);
    js(out, rec->path);
    fputs(",\"supplier\":", out);
    js(out, rec->supplier_id);
    fputs(",\"contract\":", out);
    js(out, rec->contract_id);
    fputs(",\"status\":", out);
    js(out, rec->status);
    fputs(",\"tier\":", out);
    js(out, p->tiers.names[res->tier]);
    fputs(",\"profile_tier\":", out);
    js(out, p->tiers.names[res->decided_tier]);
    fprintf(out, ",\"hypothetical\":%s,\"tier_uncertain\":%s,\"items\":[", rv->hypothetical ? "true" : "false",
            res->tier_uncertain ? "true" : "false");
    for (size_t i = 0; i < rv->items.len; i++) {
        const ck_review_item *it = rv->items.items[i];
        fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
        js(out, p->reqs[it->req].id);
        fputs(",\"title\":", out);
        js(out, p->reqs[it->req].title);
        if (p->reqs[it->req].group >= 0) { /* as in check's JSON: the key only where the policy groups */
            fputs(",\"group\":", out);
            js(out, p->groups[p->reqs[it->req].group].name);
        }
        fputs(",\"outcome\":", out);
        js(out, ck_outcome_name(it->outcome));
        fputs(",\"status\":", out);
        js(out, status_word(it));
        fputs(",\"findings\":[", out);
        for (size_t k = 0; k < it->findings.len; k++) {
            if (k)
                fputc(',', out);
            write_finding_json(out, it->findings.items[k]);
        }
        fputs("]}", out);
    }
    fputs("],\"record_findings\":[", out);
    write_findings_json(out, &rv->record_findings);
    fputc(']', out);
    if (res->documents.listed) { /* only drafts that name documents carry the key */
        fprintf(out, ",\"documents\":{\"listed\":%zu,\"read\":%zu,\"sections\":%zu,\"findings\":[", res->documents.listed,
                res->documents.read, res->documents.sections);
        write_findings_json(out, &rv->document_findings);
        fputs("]}", out);
    }
    fputs(",\"falls_due\":[", out);
    for (size_t i = 0; rv->forecast && i < rv->forecast->items.len; i++) {
        const ck_forecast_item *it = rv->forecast->items.items[i];
        char due[16];
        ck_date_format(it->due, due);
        fprintf(out, "%s{\"due\":\"%s\",\"id\":", i ? "," : "", due);
        js(out, p->reqs[it->req].id);
        fputs(",\"finding\":", out);
        if (it->then)
            write_finding_json(out, it->then);
        else
            fputs("null", out);
        fputc('}', out);
    }
    fprintf(out, "],\"verdict\":{\"ready_to_sign\":%s,\"items_to_resolve\":%zu}}\n", rv->to_resolve ? "false" : "true",
            rv->to_resolve);
}

void ck_review_write(FILE *out, const ck_policy *policy, const ck_review *review, ck_date as_of,
                     ck_review_format format)
{
    if (format == CK_REVIEW_JSON)
        write_json(out, policy, review, as_of);
    else
        write_human(out, policy, review, as_of, format == CK_REVIEW_MARKDOWN);
}
