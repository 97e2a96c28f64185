/* The supplier-facing checklist of a tier (`clausecheck requirements`), as text or Markdown. */
#include "report_checklist.h"

#include <string.h>

#include "escape.h"
#include "expr_print.h"
#include "report.h"

/* One requirement of the checklist: Markdown and text differ only in their marks and indents. */
static void write_item(FILE *out, const ck_requirement *req, const ck_checklist_item *it, bool markdown)
{
    void (*esc)(FILE *, const char *) = markdown ? ck_esc_markdown : ck_esc_text;
    fprintf(out, markdown ? "- [ ] **%s** " : "[ ] %s ", req->id);
    esc(out, req->title);
    fprintf(out, " (%s)", ck_severity_name(req->severity));
    if (it->condition) {
        fputs(": only when ", out);
        esc(out, it->condition);
    }
    fputc('\n', out);
    for (size_t k = 0; k < it->rules.len; k++) {
        fputs(markdown ? "  - " : "      - ", out);
        esc(out, it->rules.items[k]);
        fputc('\n', out);
    }
    for (size_t k = 0; k < req->decl->refs.len; k++) {
        fputs(markdown ? "  - _ref:_ " : "      ref: ", out);
        esc(out, req->decl->refs.items[k]);
        fputc('\n', out);
    }
}

void ck_checklist_write(FILE *out, const ck_policy *p, int tier, const ck_vec *items, const bool *attrs_used,
                        bool markdown)
{
    const char *name = p->header ? p->header->title : "policy";
    const char *tier_name = p->tiers.names[tier];
    if (markdown) {
        fputs("## ", out);
        ck_esc_markdown(out, name);
        fprintf(out, ": what a tier %s supplier must agree to and provide\n\n", tier_name);
    } else {
        ck_esc_text(out, name);
        fprintf(out, ": what a tier %s supplier must agree to and provide\n", tier_name);
    }
    size_t shown = 0;
    for (size_t a = 0; a < p->nattrs; a++) {
        if (attrs_used && !attrs_used[a])
            continue;
        shown++;
        const ck_expr *v = p->attr_values[(size_t)tier * p->nattrs + a];
        char buf[128];
        if (v && v->kind == CK_EX_DURATION)
            ck_duration_words(v->u.duration, buf, sizeof buf); /* the supplier reads "1 year", not "1y" */
        else
            ck_expr_to_string(v, buf, sizeof buf);
        const char *desc = p->attrs[a].decl->description ? p->attrs[a].decl->description : p->attrs[a].name;
        if (markdown) {
            fputs("- ", out);
            ck_esc_markdown(out, desc);
            fprintf(out, ": **%s**\n", buf);
        } else {
            fputs("  ", out);
            ck_esc_text(out, desc);
            fprintf(out, ": %s\n", buf);
        }
    }
    if (shown || !markdown) /* markdown's heading already ends with a blank line */
        fputc('\n', out);
    if (items->len == 0)
        fputs(markdown ? "_No requirements apply to this tier._\n" : "  No requirements apply to this tier.\n", out);
    int group = -2; /* items come by group (the policy's order of requirements): a heading where it changes */
    for (size_t i = 0; i < items->len; i++) {
        const ck_checklist_item *it = items->items[i];
        const ck_requirement *req = &p->reqs[it->req];
        if (p->ngroups && req->group != group) {
            ck_group_heading_write(out, p, req->group, markdown, group == -2);
            group = req->group;
        }
        write_item(out, req, it, markdown);
    }
}

void ck_checklist_json_begin(FILE *out, const ck_policy *p)
{
    fputs("{\n  \"schema_version\": 1,\n  \"policy\": ", out);
    ck_json_write_string_or_null(out, p->header ? p->header->title : NULL);
    fputs(",\n  \"version\": ", out);
    ck_json_write_string_or_null(out, p->header ? p->header->version : NULL);
    fputs(",\n  \"tiers\": [", out);
}

/* One requirement of a tier, as the text names it: the rules in words, its condition, its refs. */
static void json_item(FILE *out, const ck_policy *p, const ck_checklist_item *it, bool first)
{
    const ck_requirement *req = &p->reqs[it->req];
    fprintf(out, "%s\n        {\"id\": ", first ? "" : ",");
    ck_json_write_string_or_null(out, req->id);
    fputs(", \"title\": ", out);
    ck_json_write_string_or_null(out, req->title);
    fprintf(out, ", \"severity\": \"%s\", \"group\": ", ck_severity_name(req->severity));
    ck_json_write_string_or_null(out, req->group >= 0 ? p->groups[req->group].name : NULL);
    fputs(", \"condition\": ", out);
    ck_json_write_string_or_null(out, it->condition);
    fputs(", \"rules\": [", out);
    for (size_t k = 0; k < it->rules.len; k++) {
        fputs(k ? ", " : "", out);
        ck_json_write_string_or_null(out, it->rules.items[k]);
    }
    fputs("], \"refs\": [", out);
    for (size_t k = 0; k < req->decl->refs.len; k++) {
        fputs(k ? ", " : "", out);
        ck_json_write_string_or_null(out, req->decl->refs.items[k]);
    }
    fputs("]}", out);
}

void ck_checklist_write_json(FILE *out, const ck_policy *p, int tier, const ck_vec *items, const bool *attrs_used,
                             bool first)
{
    fprintf(out, "%s\n    {\"tier\": \"%s\", \"attributes\": [", first ? "" : ",", p->tiers.names[tier]);
    bool none = true;
    for (size_t a = 0; a < p->nattrs; a++) {
        if (attrs_used && !attrs_used[a])
            continue;
        const ck_expr *v = p->attr_values[(size_t)tier * p->nattrs + a];
        char buf[128];
        ck_expr_to_string(v, buf, sizeof buf);
        fprintf(out, "%s\n        {\"name\": ", none ? "" : ",");
        ck_json_write_string_or_null(out, p->attrs[a].name);
        fputs(", \"description\": ", out);
        ck_json_write_string_or_null(out, p->attrs[a].decl->description);
        fputs(", \"value\": ", out);
        ck_json_write_string_or_null(out, v ? buf : NULL);
        fputc('}', out);
        none = false;
    }
    fputs(none ? "], \"requirements\": [" : "\n      ], \"requirements\": [", out);
    for (size_t i = 0; i < items->len; i++)
        json_item(out, p, items->items[i], i == 0);
    fputs(items->len ? "\n      ]}" : "]}", out);
}

void ck_checklist_json_end(FILE *out) { fputs("\n  ]\n}\n", out); }
