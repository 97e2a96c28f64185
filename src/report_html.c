/* HTML report: one self-contained page (inline CSS, script and SVG) with a summary and a section per supplier. */
#include "report.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "expr_print.h"
#include "html.h"

/*
 * The page loads nothing: its Content-Security-Policy allows no source at all except its own
 * style sheet and script, named by hash, so even a string that escaped escaping could neither
 * run a script nor fetch anything. It reads complete without the script, which only adds
 * filtering, sorting and folding. Supplier sections are spooled to a temporary file while the
 * records stream by, because the summary above them is known only at the end.
 *
 * Ten thousand suppliers must open in a browser in a couple of seconds, and the browser's time
 * goes almost all into parsing: bytes and elements. So what is the same for every supplier is
 * said once, at the top, and linked to: requirement titles, groups and references in the
 * requirement table (#r-ID), the tier rules with their conditions (#tier-rule-N). A finding is
 * one element with its severity, requirement link, message, the record line and the fix; its
 * location is the line number of the excerpt, with the path only when it is not the record's.
 * Nothing is hidden from a reader without JavaScript: no content is rendered by the script.
 */
extern const char ck_html_css[], ck_html_js[];
extern const size_t ck_html_css_len, ck_html_js_len;

typedef struct {
    FILE *body;        /* supplier sections so far */
    size_t *per_rule;  /* [policy tier rules]: suppliers whose tier each rule decided */
    bool *linked;      /* [policy requirements]: a supplier section links to it */
    size_t due_soon;   /* due-soon findings, which the findings table leaves to the timeline */
    size_t sections;   /* supplier and unreadable-input sections so far */
    size_t held;       /* suppliers whose tier no rule decided (held to a tier, or profile incomplete) */
    ck_span shown[8];  /* record text the section's excerpts marked (the last 8): not shown twice */
    size_t nshown;     /* excerpts in the section so far */
} html_state;

#define T(s) ck_html_text(out, (s))

static void html_begin(ck_report *r)
{
    html_state *st = ck_arena_alloc(r->arena, sizeof *st);
    if (st) {
        *st = (html_state){.per_rule = ck_arena_alloc(r->arena, (r->policy->ntier_rules + 1) * sizeof *st->per_rule)};
        if (st->per_rule)
            memset(st->per_rule, 0, (r->policy->ntier_rules + 1) * sizeof *st->per_rule);
        st->linked = ck_arena_alloc(r->arena, (r->policy->nreqs + 1) * sizeof *st->linked);
        if (st->linked)
            memset(st->linked, 0, (r->policy->nreqs + 1) * sizeof *st->linked);
        st->body = st->per_rule && st->linked ? tmpfile() : NULL;
    }
    r->state = st;
}

static const char *who(const ck_record *rec)
{
    return rec->supplier_name ? rec->supplier_name : rec->supplier_id ? rec->supplier_id : rec->path;
}

/* line:col, preceded by the path when it is not the supplier's own record (whose path the
 * section shows); a link to the line when --link-base is given (checked to be http or https). */
static void location(ck_report *r, FILE *out, const ck_span *span, const char *record_path)
{
    ck_place at = ck_report_place(span);
    if (r->link_base) {
        fputs("<a href=\"", out);
        T(r->link_base);
        fputc('/', out);
        ck_html_url_path(out, at.path);
        fprintf(out, "#L%u\">", at.line);
    }
    if (!record_path || strcmp(at.path, record_path) != 0) {
        T(at.path);
        fputc(':', out);
    }
    fprintf(out, "%u:%u%s", at.line, at.col, r->link_base ? "</a>" : "");
}

/* The record line a finding is about, after its location, the span marked; a long line is cut
 * around the span. false when there is no line to show. */
static bool excerpt(ck_report *r, FILE *out, const ck_span *span, const char *record_path)
{
    if (!span->src)
        return false;
    ck_linecol lc = ck_source_linecol(span->src, span->start);
    size_t len;
    const char *line = ck_source_line(span->src, lc.line, &len);
    if (!line)
        return false;
    size_t from = span->start - (size_t)(line - span->src->text), to = from + (span->end - span->start);
    if (to > len)
        to = len;
    size_t lo = from > 120 ? from - 120 : 0, hi = to + 160 < len ? to + 160 : len;
    while (lo > 0 && ((unsigned char)line[lo] & 0xC0) == 0x80)
        lo--;
    while (hi < len && ((unsigned char)line[hi] & 0xC0) == 0x80)
        hi++;
    fputs("<pre>", out);
    location(r, out, span, record_path);
    fprintf(out, "  %s", lo ? "…" : "");
    ck_html_text_n(out, line + lo, from - lo);
    fputs("<mark>", out);
    ck_html_text_n(out, line + from, to - from);
    fputs("</mark>", out);
    ck_html_text_n(out, line + to, hi - to);
    fprintf(out, "%s</pre>", hi < len ? "…" : "");
    return true;
}

/* A link to a requirement's row in the summary's requirement table, which has its title, group
 * and references; its text the requirement id after an optional prefix. */
static void req_link(ck_report *r, FILE *out, int req, const char *prefix)
{
    const ck_policy *p = r->policy;
    ((html_state *)r->state)->linked[req] = true;
    fputs("<a href=\"#r-", out);
    T(p->reqs[req].id);
    fprintf(out, "\">%s", prefix);
    T(p->reqs[req].id);
    fputs("</a>", out);
}

/* Whether the section has shown an excerpt of this very record text. */
static bool shown_before(const html_state *st, const ck_span *span)
{
    size_t n = st->nshown < 8 ? st->nshown : 8;
    for (size_t i = 0; i < n; i++)
        if (span->src == st->shown[i].src && span->start == st->shown[i].start && span->end == st->shown[i].end)
            return true;
    return false;
}

/* One finding, one element: severity, requirement, kind and message; the record line (headed by
 * its location) or else the location; where in the contract document; the fix. Many findings of
 * a supplier mark the same record text (every missing clause marks the record's clauses: key);
 * after the first, the excerpt would only repeat itself, so they give the location alone. */
static void finding(ck_report *r, FILE *out, const ck_finding *f, const char *record_path)
{
    html_state *st = r->state;
    bool again = f->span.src && shown_before(st, &f->span);
    const char *sev = ck_severity_name(f->severity);
    fprintf(out, "<div class=\"%s\">", sev);
    if (f->req >= 0) { /* the badge: severity and requirement, a link to the requirement */
        char badge[32];
        snprintf(badge, sizeof badge, "%s ", sev);
        req_link(r, out, f->req, badge);
    } else {
        fprintf(out, "<b>%s</b>", sev);
    }
    fprintf(out, " [%s%s] ", ck_finding_kind_get(f->kind)->code, f->known ? ", known" : "");
    T(f->message);
    char doc[1024];
    bool has_doc = ck_report_document_line(f, doc, sizeof doc); /* where in the contract document */
    if (again || !excerpt(r, out, &f->span, record_path)) {
        fputs(again ? " (" : " (at ", out);
        location(r, out, &f->span, record_path);
        fputs(again ? ", as above)" : ")", out);
        fputs(has_doc || f->remediation ? "<br>" : "", out);
    } else {
        st->shown[st->nshown++ % 8] = f->span;
    }
    if (has_doc) {
        fputs("In the document: ", out);
        T(doc);
    }
    if (f->remediation) {
        fputs(has_doc ? "<br>Fix: " : "Fix: ", out);
        T(f->remediation);
    }
    fputs("\n</div>", out);
}

/* A name as a CSS class: spaces become hyphens ("gap acceptance" -> "gap-acceptance"). */
static void slug(FILE *out, const char *prefix, const char *name)
{
    fputs(prefix, out);
    for (const char *c = name; *c; c++)
        fputc(*c == ' ' ? '-' : *c, out);
}

/* The evidence table: each entry with its dates and status (overview.c decides the status). */
static void evidence_table(FILE *out, const ck_record_view *v)
{
    if (!v || !v->nevidence)
        return;
    fputs("<table class=\"evidence\"><caption class=\"muted\">Evidence</caption><thead><tr><th>Kind</th><th>File</th>"
          "<th>Issued</th><th>Expires</th><th>Status</th></tr></thead><tbody>\n", out);
    for (size_t i = 0; i < v->nevidence; i++) {
        const ck_evidence_row *row = &v->evidence[i];
        char issued[16] = "", expires[16] = "";
        if (row->entry->issued.present)
            ck_date_format(row->entry->issued.u.date, issued);
        if (row->expiry.present)
            ck_date_format(row->expiry.u.date, expires);
        fputs("<tr><td>", out);
        T(row->entry->kind_name);
        fputs("</td><td class=\"loc\">", out);
        if (row->entry->file)
            ck_html_text_n(out, row->entry->file, row->entry->file_len);
        const char *st = ck_evstat_name(row->status);
        fprintf(out, "</td><td>%s</td><td>%s%s</td><td class=\"", issued, expires,
                row->expiry.present && !row->entry->expires.present ? " (derived)" : "");
        slug(out, "st-", st);
        fprintf(out, "\">%s</td></tr>\n", st);
    }
    fputs("</tbody></table>\n", out);
}

/* What falls due in the next twelve months, from the forecast. */
static void forecast_list(ck_report *r, FILE *out, const ck_record_view *v)
{
    if (!v || !v->forecast || !v->forecast->items.len)
        return;
    fputs("<p class=\"due\"><b>Falls due in the next 12 months</b>", out);
    for (size_t i = 0; i < v->forecast->items.len; i++) {
        const ck_forecast_item *it = v->forecast->items.items[i];
        char due[16];
        ck_date_format(it->due, due);
        fprintf(out, "<br>%s ", due);
        req_link(r, out, it->req, "");
        fputs(": ", out);
        T(it->then ? it->then->message : "no longer met");
    }
    fputs("</p>", out);
}

static const char *reason_of(const ck_result *res, size_t req) { return res->reqs[req].reason ? res->reqs[req].reason : ""; }

/* Whether the k-th requirement in report order is the first not applicable one with its reason. */
static bool first_with_reason(const ck_policy *p, const ck_result *res, size_t k)
{
    const char *why = reason_of(res, p->req_order[k]);
    for (size_t j = 0; j < k; j++) {
        size_t o = p->req_order[j];
        if (res->reqs[o].outcome == CK_OUTCOME_NOT_APPLICABLE && strcmp(reason_of(res, o), why) == 0)
            return false;
    }
    return true;
}

/* The title of a requirement group (ck_group_heading_write's words), for the requirement table. */
static void group_title(FILE *out, const ck_policy *p, int group)
{
    T(group >= 0 ? p->groups[group].decl->title : "Other requirements");
    if (group >= 0) {
        fputs(" <span class=\"group-id\">(", out);
        T(p->groups[group].name);
        fputs(")</span>", out);
    }
}

/* Requirements met and not applicable, folded away: ids only (the summary's requirement table has
 * their titles), since ten thousand suppliers times every requirement would make the page slow. */
static void passes(FILE *out, const ck_policy *p, const ck_result *res)
{
    size_t met = 0, na = 0;
    for (size_t i = 0; i < p->nreqs; i++) {
        met += res->reqs[i].outcome == CK_OUTCOME_MET;
        na += res->reqs[i].outcome == CK_OUTCOME_NOT_APPLICABLE;
    }
    fprintf(out, "<details><summary>%zu requirement%s met, %zu not applicable</summary>", met,
            met == 1 ? "" : "s", na);
    fputs("Met:", out);
    for (size_t k = 0; k < p->nreqs; k++) {
        size_t i = p->req_order[k];
        if (res->reqs[i].outcome == CK_OUTCOME_MET) {
            fputc(' ', out);
            T(p->reqs[i].id);
        }
    }
    /* Not applicable, grouped by reason (most share "does not apply to tier T"), in report order. */
    for (size_t k = 0; k < p->nreqs; k++) {
        size_t i = p->req_order[k];
        if (res->reqs[i].outcome != CK_OUTCOME_NOT_APPLICABLE || !first_with_reason(p, res, k))
            continue;
        fputs("<br>Not applicable (", out);
        T(reason_of(res, i));
        fputs("):", out);
        for (size_t j = k; j < p->nreqs; j++) {
            size_t o = p->req_order[j];
            if (res->reqs[o].outcome == CK_OUTCOME_NOT_APPLICABLE && strcmp(reason_of(res, o), reason_of(res, i)) == 0) {
                fputc(' ', out);
                T(p->reqs[o].id);
            }
        }
    }
    fputs("</details>", out);
}

/* How the tier was decided, after the tier in the heading: a link to the deciding rule in the
 * summary's tier-rule table, or the reason in words when no rule decided it (held to a tier, or
 * an incomplete profile). */
static void tier_how(ck_report *r, FILE *out, const ck_result *res, const ck_record_view *v)
{
    html_state *st = r->state;
    if (res->tier == res->decided_tier && !res->tier_uncertain && res->tier_rule >= 0) {
        st->per_rule[res->tier_rule]++;
        fprintf(out, " <a href=\"#tier-rule-%d\">by tier rule %d</a>", res->tier_rule + 1,
                res->tier_rule + 1);
    } else {
        st->held++;
        if (v) {
            fputs(" <span class=\"how\">", out);
            T(v->tier_reason);
            fputs("</span>", out);
        }
    }
}

/* The section's opening: filter data (tier and the counts that are not zero), the heading (name,
 * tier, how it was decided) and the line under it. The script's search reads the name and that
 * line, which give the supplier id, contract id, status and file. */
static void section_open(ck_report *r, FILE *out, const ck_result *res, const ck_record_view *v)
{
    const ck_record *rec = res->record;
    size_t due = 0;
    for (size_t i = 0; i < res->findings.len; i++)
        due += ((const ck_finding *)res->findings.items[i])->kind == CK_FK_DUE_SOON;
    const char *names[] = {"errors", "warnings", "info", "due"};
    const size_t counts[] = {res->count[CK_SEV_ERROR], res->count[CK_SEV_WARNING], res->count[CK_SEV_INFO], due};
    fputs("<section data-tier=\"", out);
    T(r->policy->tiers.names[res->tier]);
    fputc('"', out);
    ((html_state *)r->state)->due_soon += due;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (counts[i])
            fprintf(out, " data-%s=\"%zu\"", names[i], counts[i]);
    fputs("><h3><bdi>", out);
    T(who(rec));
    fputs("</bdi> <span class=\"badge\">", out);
    T(r->policy->tiers.names[res->tier]);
    fputs("</span>", out);
    tier_how(r, out, res, v);
    fputs("</h3><p class=\"meta\">supplier <bdi>", out);
    T(rec->supplier_id ? rec->supplier_id : "(no id)");
    fputs("</bdi>", out);
    if (rec->contract_id) {
        fputs(" · contract <bdi>", out);
        T(rec->contract_id);
        fputs("</bdi>", out);
    }
    if (rec->status) {
        fputs(" [", out);
        T(rec->status);
        fputc(']', out);
    }
    fputs(" · ", out);
    T(rec->path);
    fputs("</p>", out);
}

/* Sections come in chunks of CHUNK, each a div the browser lays out only when it is near the
 * viewport (content-visibility: auto): a filter that hides or shows thousands of sections then
 * costs the style and layout of the chunks on screen, not of every section. */
enum { CHUNK = 100 };

/* The spool, ready for the next section (a new chunk begun where one is full); NULL when there
 * is none (out of memory, or no temporary file). */
static FILE *next_section(ck_report *r)
{
    html_state *st = r->state;
    if (!st || !st->body)
        return NULL;
    if (st->sections % CHUNK == 0)
        fputs(st->sections ? "</div>\n<div class=\"chunk\">\n" : "<div class=\"chunk\">\n", st->body);
    st->sections++;
    return st->body;
}

static void html_record(ck_report *r, const ck_result *res)
{
    html_state *st = r->state;
    FILE *out = next_section(r);
    if (!out)
        return;
    const ck_record_view *v = r->view;
    section_open(r, out, res, v);
    st->nshown = 0;
    int group = -2; /* findings of requirements come by group, as in Markdown: the group's name where it changes */
    for (size_t i = 0; i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        if (r->policy->ngroups && f->req >= 0 && r->policy->reqs[f->req].group != group) {
            group = r->policy->reqs[f->req].group;
            fputs("<h4>", out);
            T(group >= 0 ? r->policy->groups[group].name : "other requirements");
            fputs("</h4>", out);
        }
        finding(r, out, f, res->record->path);
    }
    if (!res->findings.len)
        fputs("<p class=\"gate-passed\">No findings.</p>", out);
    forecast_list(r, out, v);
    evidence_table(out, v);
    passes(out, r->policy, res);
    fputs("</section>\n", out);
}

static void html_input_error(ck_report *r, const ck_diag *d)
{
    FILE *out = next_section(r);
    if (!out)
        return;
    fputs("<section class=\"unreadable panel\"><h3>Unreadable input</h3><p class=\"loc\">", out);
    T(d->span.src ? d->span.src->path : d->path ? d->path : "");
    if (d->span.src)
        fprintf(out, ":%u", ck_source_linecol(d->span.src, d->span.start).line);
    fputs("</p><p>", out);
    T(d->message);
    fputs("</p></section>\n", out);
}

/* ---- the summary ---- */

static void head(ck_report *r, FILE *out)
{
    char css[45] = "", js[45] = "", date[16];
    ck_sha256_base64(ck_html_css, ck_html_css_len, css);
    ck_sha256_base64(ck_html_js, ck_html_js_len, js);
    ck_date_format(r->as_of, date);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    fprintf(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-%s'; "
                 "script-src 'sha256-%s'; img-src data:; form-action 'none'; base-uri 'none'\">\n", css, js);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" "
          "content=\"no-referrer\">\n<title>clausecheck report: ", out);
    T(r->policy->header ? r->policy->header->title : "policy");
    fprintf(out, " as of %s</title>\n<style>", date);
    fwrite(ck_html_css, 1, ck_html_css_len, out);
    fputs("</style>\n</head>\n<body>\n<header class=\"top\"><h1>Supplier contract compliance</h1><p>", out);
    T(r->policy->header ? r->policy->header->title : "policy");
    if (r->policy->header && r->policy->header->version) {
        fputs(" version ", out);
        T(r->policy->header->version);
    }
    fprintf(out, " · as of %s · clausecheck</p></header>\n<main>\n", date);
}

static void totals(ck_report *r, FILE *out, const ck_summary *s)
{
    const char *gate = s->gate == CK_GATE_NOT_ENFORCED ? "not-enforced" : s->gate == CK_GATE_FAILED ? "failed" : "passed";
    fputs("<section id=\"summary\"><h2>Summary</h2>\n<dl class=\"totals\">\n", out);
    fprintf(out, "<div><dt>Gate (fail on %s)</dt><dd id=\"gate\" class=\"gate-%s\" data-gate=\"%s\">%s</dd></div>\n",
            ck_fail_on_name(r->fail_on), gate, gate,
            s->gate == CK_GATE_NOT_ENFORCED ? "not enforced" : s->gate == CK_GATE_FAILED ? "FAILED" : "passed");
    fprintf(out, "<div><dt>Suppliers</dt><dd data-count=\"records\">%zu</dd></div>\n", s->records);
    for (int sev = 0; sev < CK_SEV_COUNT; sev++) {
        const char *plural = ck_severity_get((ck_severity)sev)->plural;
        fprintf(out, "<div><dt>%c%s</dt><dd data-count=\"%s\">%zu</dd></div>\n", toupper((unsigned char)plural[0]),
                plural + 1, ck_severity_name((ck_severity)sev), s->findings[sev]);
    }
    if (s->input_errors)
        fprintf(out, "<div><dt>Unreadable inputs</dt><dd data-count=\"input_errors\">%zu</dd></div>\n", s->input_errors);
    fputs("</dl>\n", out);
}

/* A horizontal bar scaled to max, in an SVG row of a table. */
static void bar(FILE *out, size_t n, size_t max, const char *cls)
{
    unsigned w = max ? (unsigned)(n * 200 / max) : 0;
    fprintf(out, "<svg width=\"210\" height=\"14\" viewBox=\"0 0 210 14\" aria-hidden=\"true\"><rect class=\"%s\" "
                 "x=\"0\" y=\"2\" width=\"%u\" height=\"10\" rx=\"2\"/></svg>", cls, w);
}

static void tiers(ck_report *r, FILE *out, const ck_summary *s)
{
    const ck_policy *p = r->policy;
    size_t max = 0;
    for (size_t t = 0; t < p->tiers.count; t++)
        max = s->per_tier[t] > max ? s->per_tier[t] : max;
    fputs("<div class=\"panel\"><h2>Suppliers per tier</h2><table><thead><tr><th>Tier</th><th class=\"num\">Suppliers"
          "</th><th></th></tr></thead><tbody>\n", out);
    for (size_t t = p->tiers.count; t-- > 0;) {
        fputs("<tr><td>", out);
        T(p->tiers.names[t]);
        fputs("</td><td class=\"num\" data-count-tier=\"", out);
        T(p->tiers.names[t]);
        fprintf(out, "\">%zu</td><td>", s->per_tier[t]);
        bar(out, s->per_tier[t], max, "b-tier");
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>", out);
    if (s->uncertain_tier)
        fprintf(out, "<p class=\"muted\">%zu held to a higher tier because the profile is incomplete</p>", s->uncertain_tier);
    fputs("</div>\n", out);
}

/* A requirement's row: id (the anchor supplier sections link to), title, references, then the
 * given cells. */
static void req_row(FILE *out, const ck_policy *p, size_t i)
{
    fputs("<tr id=\"r-", out);
    T(p->reqs[i].id);
    fputs("\"><td>", out);
    T(p->reqs[i].id);
    fputs("</td><td>", out);
    T(p->reqs[i].title);
    fputs("</td><td class=\"refs\">", out);
    for (size_t n = 0; n < p->reqs[i].decl->refs.len; n++) {
        if (n)
            fputs("; ", out);
        T(p->reqs[i].decl->refs.items[n]);
    }
    fputs("</td>", out);
}

/* Whether a requirement has a row in the findings table: some supplier does not meet it, it has
 * findings, or a section links to it (an item falling due). */
static bool req_in_table(const html_state *st, const ck_overview *ov, size_t i)
{
    const size_t *c = ov->per_req[i];
    return ov->unmet_per_req[i] || c[CK_SEV_ERROR] || c[CK_SEV_WARNING] || c[CK_SEV_INFO] || (st && st->linked[i]);
}

/* The findings table's rows: one body per requirement group (policy order is group order),
 * headed by its title; sorting reorders the rows within each group. A policy without groups has
 * one body, unheaded. */
static void per_requirement_rows(ck_report *r, FILE *out, const ck_overview *ov, size_t max)
{
    const ck_policy *p = r->policy;
    int group = -2;
    for (size_t k = 0; k < p->nreqs; k++) {
        size_t i = p->req_order[k];
        const size_t *c = ov->per_req[i];
        if (!req_in_table(r->state, ov, i))
            continue;
        if (group == -2 || (p->ngroups && p->reqs[i].group != group)) {
            fputs(group == -2 ? "<tbody>\n" : "</tbody><tbody>\n", out);
            group = p->reqs[i].group;
            if (p->ngroups) {
                fputs("<tr class=\"group\"><th colspan=\"8\">", out);
                group_title(out, p, group);
                fputs("</th></tr>\n", out);
            }
        }
        req_row(out, p, i);
        fprintf(out, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
                     "<td class=\"num\">%zu</td><td>", ov->unmet_per_req[i], c[CK_SEV_ERROR], c[CK_SEV_WARNING], c[CK_SEV_INFO]);
        if (ov->unmet_per_req[i])
            bar(out, ov->unmet_per_req[i], max, "b-unmet");
        fputs("</td></tr>\n", out);
    }
}

/* The requirements no supplier section names, folded away: the rest of the legend. */
static void other_requirements(ck_report *r, FILE *out, const ck_overview *ov)
{
    const ck_policy *p = r->policy;
    size_t n = 0;
    for (size_t i = 0; i < p->nreqs; i++)
        n += !req_in_table(r->state, ov, i);
    if (!n)
        return;
    fprintf(out, "<details><summary>%zu requirement%s without findings</summary><table id=\"other-requirements\">"
                 "<thead><tr><th>Requirement</th><th>Title</th><th>References</th><th>Group</th></tr></thead><tbody>\n",
            n, n == 1 ? "" : "s");
    for (size_t k = 0; k < p->nreqs; k++) {
        size_t i = p->req_order[k];
        if (req_in_table(r->state, ov, i))
            continue;
        req_row(out, p, i);
        fputs("<td>", out);
        if (p->reqs[i].group >= 0)
            T(p->groups[p->reqs[i].group].name);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></details>\n", out);
}

/* Findings per requirement, by group, with a bar of how many suppliers do not meet each. With
 * other_requirements it is the page's legend: supplier sections link to a requirement's row
 * (#r-ID) for its title and references instead of repeating them. */
static void per_requirement(ck_report *r, FILE *out, const ck_overview *ov)
{
    const ck_policy *p = r->policy;
    size_t max = 0, rows = 0;
    for (size_t i = 0; i < p->nreqs; i++) {
        max = ov->unmet_per_req[i] > max ? ov->unmet_per_req[i] : max;
        rows += req_in_table(r->state, ov, i);
    }
    fputs("<div class=\"panel\"><h2>Findings per requirement</h2>\n", out);
    if (!max)
        fputs("<p class=\"gate-passed\">Every supplier meets every requirement that applies to it.</p>\n", out);
    if (rows) {
        fputs("<table class=\"sortable\" id=\"per-requirement\"><thead><tr><th>Requirement</th><th>Title</th>"
              "<th>References</th><th class=\"num\">Suppliers unmet</th><th class=\"num\">Errors</th>"
              "<th class=\"num\">Warnings</th><th class=\"num\">Info</th><th></th></tr></thead>\n", out);
        per_requirement_rows(r, out, ov, max);
        fputs("</tbody></table>\n", out);
    }
    const html_state *st = r->state;
    if (st && st->due_soon)
        fprintf(out, "<p class=\"muted\">%zu due-soon finding%s not counted here: the timeline above shows what "
                     "falls due.</p>\n", st->due_soon, st->due_soon == 1 ? " is" : "s are");
    other_requirements(r, out, ov);
    fputs("</div>\n", out);
}

/* The tier rules in policy order, the first that holds deciding: the table the supplier sections
 * link to (#tier-rule-N) for how their tier was decided, with how many suppliers each decided. */
static void tier_rules(ck_report *r, FILE *out)
{
    const ck_policy *p = r->policy;
    const html_state *st = r->state;
    fputs("<div class=\"panel\"><h2>How tiers are decided</h2>\n<table id=\"tier-rules\"><thead><tr><th>Rule</th>"
          "<th>Tier</th><th>When</th><th>Where</th><th class=\"num\">Suppliers</th></tr></thead><tbody>\n", out);
    for (size_t i = 0; i < p->ntier_rules; i++) {
        const ck_tier_rule *rule = &p->tier_rules[i];
        char cond[512] = "no other tier rule holds";
        if (rule->cond)
            ck_expr_to_string(rule->cond, cond, sizeof cond);
        fprintf(out, "<tr id=\"tier-rule-%zu\"><td>%zu</td><td>", i + 1, i + 1);
        T(p->tiers.names[rule->tier]);
        fputs("</td><td>", out);
        T(cond);
        fputs("</td><td>", out);
        if (rule->decl->span.src) {
            T(rule->decl->span.src->path);
            fprintf(out, ":%u", ck_source_linecol(rule->decl->span.src, rule->decl->span.start).line);
        }
        fprintf(out, "</td><td class=\"num\">%zu</td></tr>\n", st && st->per_rule ? st->per_rule[i] : 0);
    }
    fputs("</tbody></table>", out);
    if (st && st->held)
        fprintf(out, "<p class=\"muted\">%zu supplier%s not decided by a rule (held to a tier, or the risk profile is "
                     "incomplete): the section says why.</p>", st->held, st->held == 1 ? "" : "s");
    fputs("</div>\n", out);
}

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* The forecast month by month: a stacked column per month, by what has to be renewed. */
static void timeline(FILE *out, const ck_overview *ov)
{
    size_t max = 0, total = 0;
    for (int m = 0; m < CK_TIMELINE_MONTHS; m++) {
        size_t n = 0;
        for (int c = 0; c < CK_DUE_COUNT; c++)
            n += ov->due[m][c];
        max = n > max ? n : max;
        total += n;
    }
    fprintf(out, "<div class=\"panel\"><h2>Falls due in the next 12 months</h2>\n<p class=\"legend\">");
    for (int c = 0; c < CK_DUE_COUNT; c++) {
        fputs("<span><i class=\"", out);
        slug(out, "c-", ck_due_class_name((ck_due_class)c));
        fprintf(out, "\"></i>%s</span>", ck_due_class_name((ck_due_class)c));
    }
    fprintf(out, "<span id=\"due-total\" data-count=\"due\">%zu in all</span></p>\n", total);
    fputs("<svg viewBox=\"0 0 640 170\" width=\"640\" height=\"170\" role=\"img\" aria-label=\"items falling due per month\">\n", out);
    for (int m = 0; m < CK_TIMELINE_MONTHS; m++) {
        int y0 = 140, x = 20 + m * 51;
        for (int c = 0; c < CK_DUE_COUNT; c++) {
            int h = max ? (int)(ov->due[m][c] * 120 / max) : 0;
            if (!h)
                continue;
            y0 -= h;
            fputs("<rect class=\"", out);
            slug(out, "c-", ck_due_class_name((ck_due_class)c));
            fprintf(out, "\" x=\"%d\" y=\"%d\" width=\"36\" height=\"%d\"><title>%zu %s</title></rect>\n", x, y0, h,
                    ov->due[m][c], ck_due_class_name((ck_due_class)c));
        }
        int y, mo, d;
        ck_date_ymd(ov->month_start[m], &y, &mo, &d);
        size_t n = 0;
        for (int c = 0; c < CK_DUE_COUNT; c++)
            n += ov->due[m][c];
        fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%zu</text>", x + 18, y0 - 4, n);
        fprintf(out, "<text x=\"%d\" y=\"156\" text-anchor=\"middle\">%s %d</text><text x=\"%d\" y=\"168\" "
                     "text-anchor=\"middle\">%d</text>\n", x + 18, month_names[mo - 1], d, x + 18, y);
    }
    fputs("</svg></div>\n", out);
}

static void gaps(ck_report *r, FILE *out, const ck_overview *ov)
{
    fputs("<div class=\"panel\"><h2>Accepted gaps</h2>\n", out);
    if (!ov->gaps.len) {
        fputs("<p class=\"muted\">No gap is accepted.</p></div>\n", out);
        return;
    }
    fputs("<table class=\"sortable\" id=\"gaps\"><thead><tr><th>Supplier</th><th>Requirement</th><th>Accepted by</th>"
          "<th>Expires</th><th>Reason</th><th>Compensating control</th></tr></thead><tbody>\n", out);
    for (size_t i = 0; i < ov->gaps.len; i++) {
        const ck_overview_gap *g = ov->gaps.items[i];
        char until[16];
        ck_date_format(g->expires, until);
        fputs("<tr><td><bdi>", out);
        T(g->supplier);
        fputs("</bdi></td><td>", out);
        T(r->policy->reqs[g->req].id);
        fputs("</td><td><bdi>", out);
        T(g->accepted_by);
        fprintf(out, "</bdi></td><td>%s</td><td>", until);
        T(g->reason);
        fputs("</td><td>", out);
        T(g->compensating);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table></div>\n", out);
}

/* The filter form: hidden until the script shows it, since without the script it does nothing. */
static void filters(ck_report *r, FILE *out)
{
    fputs("<h2>Suppliers</h2>\n<form id=\"filters\" class=\"panel\" hidden><fieldset><legend>Tier</legend>", out);
    for (size_t t = r->policy->tiers.count; t-- > 0;) {
        fputs("<label><input type=\"checkbox\" name=\"tier\" checked value=\"", out);
        T(r->policy->tiers.names[t]);
        fputs("\"> ", out);
        T(r->policy->tiers.names[t]);
        fputs("</label>", out);
    }
    fputs("</fieldset><label>Show <select name=\"severity\"><option value=\"\">all suppliers</option>"
          "<option value=\"errors\">with errors</option><option value=\"warnings\">with warnings</option>"
          "<option value=\"info\">with info</option><option value=\"due\">with items due soon</option></select></label>"
          "<label>Search <input type=\"search\" name=\"q\" placeholder=\"supplier, contract, file\"></label>"
          "<button type=\"button\" id=\"expand\">Expand all</button><button type=\"button\" id=\"collapse\">Collapse all"
          "</button><output id=\"shown\"></output></form>\n", out);
}

static void html_end(ck_report *r, const ck_summary *s)
{
    FILE *out = r->out;
    html_state *st = r->state;
    head(r, out);
    totals(r, out, s);
    fputs("<div class=\"grid\">\n", out);
    tiers(r, out, s);
    if (s->overview)
        timeline(out, s->overview);
    fputs("</div>\n", out);
    if (s->overview) {
        per_requirement(r, out, s->overview);
        tier_rules(r, out);
        gaps(r, out, s->overview);
    }
    fputs("</section>\n", out);
    filters(r, out);
    if (st && st->body) {
        ck_report_copy_spool(st->body, out);
        fclose(st->body);
        st->body = NULL;
        if (st->sections)
            fputs("</div>\n", out);
    }
    fputs("</main>\n<script>", out);
    fwrite(ck_html_js, 1, ck_html_js_len, out);
    fputs("</script>\n</body>\n</html>\n", out);
}

/* The page shows no fingerprint, so the evaluator need not compute them. */
const ck_reporter ck_report_html = {"html", false, html_begin, html_record, html_input_error, html_end, .wants_overview = true};
