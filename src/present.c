/* Rules and values in words: as the policy says them (messages, fixes) or as a supplier reads them. */
#include "present.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "expr_print.h"
#include "strfmt.h"
#include "textutil.h"

/* Text in the presenter's arena; a failed allocation is remembered and the text left empty. */
static const char *keep(ck_presenter *pr, const char *text)
{
    char *s = ck_arena_strdup(pr->arena, text);
    if (!s)
        pr->oom = true;
    return s ? s : "";
}

/* The same, formatted. */
static const char *say(ck_presenter *pr, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *say(ck_presenter *pr, const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    ck_vformat(buf, sizeof buf, f, ap);
    va_end(ap);
    return keep(pr, buf);
}

/* Renders a value for messages: 72h, 2026-05-02, critical, true, "text". */
const char *ck_present_value(ck_presenter *pr, const ck_value *v, const ck_scale *scale)
{
    char buf[64];
    if (!v->present)
        return v->invalid ? "not valid" : "absent";
    switch (v->kind) {
    case CK_TYPE_BOOL: return v->u.boolean ? "true" : "false";
    case CK_TYPE_NUMBER: ck_number_format(v->u.number, buf, sizeof buf); return keep(pr, buf);
    case CK_TYPE_STRING: return say(pr, "\"%s\"", v->u.string);
    case CK_TYPE_DURATION: ck_duration_format(v->u.duration, buf, sizeof buf); return keep(pr, buf);
    case CK_TYPE_DATE: ck_date_format(v->u.date, buf); return keep(pr, buf);
    case CK_TYPE_TIER: return pr->scope->policy->tiers.names[v->u.level];
    case CK_TYPE_LEVEL:
    case CK_TYPE_DEPTH:
        if (scale && v->u.level >= 0 && (size_t)v->u.level < scale->count)
            return scale->names[v->u.level];
        return say(pr, "#%d", v->u.level);
    }
    return "?";
}

/* Each rule is written straight into buf: a fixed buffer per rule cut a quantifier's nested rules
 * short in the middle of a word, with nothing to say so. */
void ck_present_rules(ck_presenter *pr, const ck_vec *rules, const char *sep, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < rules->len && at + 1 < n; i++) {
        if (i)
            at += strlen(strncat(buf + at, sep, n - at - 1));
        if (at + 1 < n) {
            ck_present_rule(pr, rules->items[i], buf + at, n - at);
            at += strlen(buf + at);
        }
    }
}

/* A threshold as a supplier reads it: "24 hours", "yes", "full". */
const char *ck_present_value_plain(ck_presenter *pr, const ck_value *v, const ck_scale *scale)
{
    char buf[64];
    if (v->present && v->kind == CK_TYPE_DURATION) {
        ck_duration_words(v->u.duration, buf, sizeof buf);
        return keep(pr, buf);
    }
    if (v->present && v->kind == CK_TYPE_BOOL)
        return v->u.boolean ? "yes" : "no";
    return ck_present_value(pr, v, scale);
}

/* snake_case field names read as words: last_audit -> "last audit" */
static const char *words_of(ck_presenter *pr, const char *name)
{
    char *w = ck_arena_strdup(pr->arena, name);
    if (!w) {
        pr->oom = true;
        return name;
    }
    for (char *c = w; *c; c++)
        if (*c == '_' || *c == '-')
            *c = ' ';
    return w;
}

/* An evidence rule's qualifiers after its kind, written at buf + at: as the policy says them
 * ("not expired and issued within 12mo") or, for the checklist, in words ("issued within the
 * last 12 months"). */
/* An evidence attribute's threshold: "score at least 0"; for a supplier with its description. */
static size_t describe_attr(ck_presenter *pr, const ck_rule *r, const ck_evidence_qual *q, const char *sep, char *buf,
                            size_t n)
{
    const ck_policy *p = pr->scope->policy;
    const ck_field *f = r->target_ref >= 0 && q->field_key >= 0 ? &p->evidence_kinds[r->target_ref].attrs[q->field_key]
                                                               : NULL;
    ck_value v = ck_scope_value(pr->scope, q->limit);
    const ck_scale *scale = f ? f->type.scale : NULL;
    const char *bound = q->op == CK_OP_EQ ? "" : ck_op_words(q->op);
    if (pr->plain && f && f->decl->description)
        return (size_t)ck_snprintf(buf, n, "%s%s (%s) %s%s", sep, f->decl->description, q->field.text, bound,
                                   ck_present_value_plain(pr, &v, scale));
    return (size_t)ck_snprintf(buf, n, "%s%s %s%s", sep, q->field.text, q->op == CK_OP_EQ ? "equal to " : bound,
                               pr->plain ? ck_present_value_plain(pr, &v, scale) : ck_present_value(pr, &v, scale));
}

static void describe_quals(ck_presenter *pr, const ck_rule *r, char *buf, size_t n, size_t at)
{
    for (size_t i = 0; i < r->quals.len && at < n; i++) {
        const ck_evidence_qual *q = r->quals.items[i];
        const char *sep = pr->plain ? (i ? ", " : ": ") : (i ? " and " : " ");
        if (q->kind == CK_EVQ_NOT_EXPIRED) {
            at += (size_t)ck_snprintf(buf + at, n - at, "%snot expired", sep);
        } else if (q->kind == CK_EVQ_INDEPENDENT) {
            at += (size_t)ck_snprintf(buf + at, n - at, "%s%s", sep,
                                      pr->plain ? "from an independent party" : "independent");
        } else if (q->kind == CK_EVQ_ATTR) {
            at += describe_attr(pr, r, q, sep, buf + at, n - at);
        } else {
            ck_value v = ck_scope_value(pr->scope, q->limit);
            at += (size_t)ck_snprintf(
                buf + at, n - at, "%s%s within %s%s", sep, pr->plain ? words_of(pr, q->field.text) : q->field.text,
                pr->plain ? "the last " : "",
                pr->plain ? ck_present_value_plain(pr, &v, NULL) : ck_present_value(pr, &v, NULL));
        }
    }
}

/* The answers a questionnaire accepts at a depth, each question with its expectation: the
 * thresholds a supplier must know before answering. */
static void describe_answers(ck_presenter *pr, const ck_questionnaire *q, int depth, char *buf, size_t n)
{
    size_t at = 0, shown = 0;
    for (size_t i = 0; i < q->nquestions && at < n; i++) {
        const ck_field *f = &q->questions[i];
        if (f->from_depth > depth || !f->decl->has_expect)
            continue;
        ck_value v = ck_scope_value(pr->scope, f->decl->expect);
        const char *what = f->decl->description ? f->decl->description : words_of(pr, f->name);
        const char *bound = f->decl->expect_op == CK_OP_EQ ? "" : ck_bound_words(f->decl->expect_op);
        at += (size_t)ck_snprintf(buf + at, n - at, "%s%s (%s): %s%s", shown++ ? "; " : "; accepted answers: ", what,
                                  f->name, bound, ck_present_value_plain(pr, &v, f->type.scale));
    }
}

/* The checklist's wording of a single rule: the policy's own descriptions first, the names in
 * brackets so the supplier can match the line to the record fields. False for groups and
 * chains, which describe_rule words the same way for both readers. */
static bool describe_plain(ck_presenter *pr, const ck_rule *r, char *buf, size_t n)
{
    const ck_policy *p = pr->scope->policy;
    size_t at = 0;
    switch (r->kind) {
    case CK_RULE_CLAUSE: {
        const ck_clause *cl = r->target_ref >= 0 ? &p->clauses[r->target_ref] : NULL;
        const char *title = cl && cl->decl->title ? cl->decl->title : r->target.text;
        at = (size_t)ck_snprintf(buf, n, "Contract clause: %s (%s)", title, r->target.text);
        for (size_t i = 0; cl && i < r->params.len && at < n; i++) {
            const ck_param_test *pt = r->params.items[i];
            const ck_field *f = &cl->params[pt->param_index];
            const char *what = f->decl->description ? f->decl->description : words_of(pr, f->name);
            if (!pt->value) {
                at += (size_t)ck_snprintf(buf + at, n - at, "; %s (%s): yes", what, pt->param.text);
                continue;
            }
            ck_value v = ck_scope_value(pr->scope, pt->value);
            at += (size_t)ck_snprintf(buf + at, n - at, "; %s (%s): %s%s", what, pt->param.text,
                                      ck_op_words(pt->op), ck_present_value_plain(pr, &v, (f->type).scale));
        }
        break;
    }
    case CK_RULE_EVIDENCE: {
        int k = ck_policy_evidence_kind(p, r->target.text);
        const char *title = k >= 0 && p->evidence_kinds[k].decl->title ? p->evidence_kinds[k].decl->title
                                                                        : r->target.text;
        at = (size_t)ck_snprintf(buf, n, "Evidence: %s (%s)", title, r->target.text);
        describe_quals(pr, r, buf, n, at);
        break;
    }
    case CK_RULE_QUESTIONNAIRE: {
        const ck_questionnaire *q = r->target_ref >= 0 ? &p->questionnaires[r->target_ref] : NULL;
        const char *title = q && q->decl->title ? q->decl->title : r->target.text;
        int depth = 0;
        if (r->limit && q) {
            ck_value v = ck_scope_value(pr->scope, r->limit);
            depth = v.present ? v.u.level : 0;
            at = (size_t)ck_snprintf(buf, n, "Questionnaire: %s (%s), answered at depth %s", title, r->target.text,
                                     ck_present_value(pr, &v, &q->depths));
        } else {
            at = (size_t)ck_snprintf(buf, n, "Questionnaire: %s (%s), answered", title, r->target.text);
        }
        if (r->within && at < n) {
            ck_value w = ck_scope_value(pr->scope, r->within);
            at += (size_t)ck_snprintf(buf + at, n - at, " within the last %s", ck_present_value_plain(pr, &w, NULL));
        }
        if (q && at < n)
            describe_answers(pr, q, depth, buf + at, n - at);
        break;
    }
    case CK_RULE_DATE: {
        ck_value v = ck_scope_value(pr->scope, r->limit);
        ck_snprintf(buf, n, "Contract date: %s (contract.%s) within the last %s", words_of(pr, r->field.text),
                    r->field.text, ck_present_value_plain(pr, &v, NULL));
        break;
    }
    default: return false;
    }
    return true;
}

/* for each KIND where COND: RULES, in the policy's words or a supplier's. */
static void describe_quantifier(ck_presenter *pr, const ck_rule *r, char *buf, size_t n)
{
    const ck_policy *p = pr->scope->policy;
    static const char *const author[] = {[CK_QUANT_EACH] = "for each", [CK_QUANT_SOME] = "for some",
                                         [CK_QUANT_NO] = "for no", [CK_QUANT_AT_LEAST] = "for at least",
                                         [CK_QUANT_AT_MOST] = "for at most"};
    static const char *const plain[] = {[CK_QUANT_EACH] = "Each", [CK_QUANT_SOME] = "At least one",
                                        [CK_QUANT_NO] = "No", [CK_QUANT_AT_LEAST] = "At least",
                                        [CK_QUANT_AT_MOST] = "At most"};
    char count[32] = "", cond[1024] = "";
    if (r->quant == CK_QUANT_AT_LEAST || r->quant == CK_QUANT_AT_MOST)
        ck_snprintf(count, sizeof count, " %lld", (long long)r->count);
    if (r->cond)
        ck_expr_to_string(r->cond, cond, sizeof cond);
    const char *title = pr->plain && r->target_ref >= 0 ? p->party_kinds[r->target_ref].decl->title : NULL;
    size_t at = (size_t)ck_snprintf(buf, n, "%s%s %s%s%s%s%s%s", pr->plain ? plain[r->quant] : author[r->quant], count,
                                    r->target.text, title ? " (" : "", title ? title : "", title ? ")" : "",
                                    r->cond ? " where " : "", cond);
    /* the rules each party must meet, written on into buf however long they are */
    if (r->has_block && r->children.len && at + 3 < n) {
        at += (size_t)ck_snprintf(buf + at, n - at, ": ");
        ck_present_rules(pr, &r->children, pr->plain ? "; " : " and ", buf + at, n - at);
    }
}

/* clause NAME [with PARAM OP VALUE and ...], the values resolved for the record's tier */
static void describe_clause(ck_presenter *pr, const ck_rule *r, char *buf, size_t n)
{
    const ck_policy *p = pr->scope->policy;
    size_t at = (size_t)ck_snprintf(buf, n, "clause %s", r->target.text);
    const ck_clause *cl = r->target_ref >= 0 ? &p->clauses[r->target_ref] : NULL;
    for (size_t i = 0; cl && i < r->params.len && at < n; i++) {
        const ck_param_test *pt = r->params.items[i];
        if (!pt->value) {
            at += (size_t)ck_snprintf(buf + at, n - at, "%s%s set to true", i ? " and " : " with ", pt->param.text);
            continue;
        }
        ck_value v = ck_scope_value(pr->scope, pt->value);
        const ck_type_info *t = &cl->params[pt->param_index].type;
        at += (size_t)ck_snprintf(buf + at, n - at, "%s%s %s%s", i ? " and " : " with ", pt->param.text,
                                  pt->op == CK_OP_EQ ? "set to " : ck_op_words(pt->op),
                                  ck_present_value(pr, &v, t->scale));
    }
}

/* The arm of a guarded choice that applies; arms whose guard is unknown are listed with it. */
static void describe_choice(ck_presenter *pr, const ck_rule *r, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->children.len && at < n; i++) {
        const ck_guard_arm *arm = r->children.items[i];
        ck_tri t = arm->cond ? ck_scope_cond(pr->scope, arm->cond) : CK_TRI_TRUE;
        if (t == CK_TRI_FALSE)
            continue;
        char part[512];
        ck_present_rule(pr, arm->rule, part, sizeof part);
        if (t == CK_TRI_TRUE) {
            at += (size_t)ck_snprintf(buf + at, n - at, "%s%s", at ? "; otherwise " : "", part);
            break;
        }
        char cond[256];
        ck_expr_to_string(arm->cond, cond, sizeof cond);
        at += (size_t)ck_snprintf(buf + at, n - at, "%s%s when %s", at ? "; " : "", part, cond);
    }
    if (!at)
        ck_snprintf(buf, n, "nothing for tier %s", pr->scope->policy->tiers.names[pr->scope->tier]);
}

void ck_present_rule(ck_presenter *pr, const ck_rule *r, char *buf, size_t n)
{
    const ck_policy *p = pr->scope->policy;
    if (pr->plain && describe_plain(pr, r, buf, n))
        return;
    switch (r->kind) {
    case CK_RULE_CLAUSE: describe_clause(pr, r, buf, n); break;
    case CK_RULE_EVIDENCE:
        describe_quals(pr, r, buf, n, (size_t)ck_snprintf(buf, n, "evidence %s", r->target.text));
        break;
    case CK_RULE_QUESTIONNAIRE: {
        size_t at = (size_t)ck_snprintf(buf, n, "questionnaire %s", r->target.text);
        if (r->limit && r->target_ref >= 0 && at < n) {
            ck_value v = ck_scope_value(pr->scope, r->limit);
            at += (size_t)ck_snprintf(buf + at, n - at, " at depth %s",
                                      ck_present_value(pr, &v, &p->questionnaires[r->target_ref].depths));
        }
        if (r->within && at < n) {
            ck_value w = ck_scope_value(pr->scope, r->within);
            ck_snprintf(buf + at, n - at, " within %s", ck_present_value(pr, &w, NULL));
        }
        break;
    }
    case CK_RULE_DATE: {
        ck_value v = ck_scope_value(pr->scope, r->limit);
        ck_snprintf(buf, n, "contract.%s within %s", r->field.text, ck_present_value(pr, &v, NULL));
        break;
    }
    case CK_RULE_ANY: {
        char inner[1024];
        ck_present_rules(pr, &r->children, pr->plain ? "; or " : " or ", inner, sizeof inner);
        if (pr->plain) {
            ck_snprintf(buf, n, "One of: %s", inner);
            break;
        }
        ck_snprintf(buf, n, "%s", inner);
        break;
    }
    case CK_RULE_ALL: {
        char inner[1024];
        ck_present_rules(pr, &r->children, " and ", inner, sizeof inner);
        ck_snprintf(buf, n, "all of: %s", inner);
        break;
    }
    case CK_RULE_ENSURE: {
        char cond[512];
        ck_expr_to_string(r->cond, cond, sizeof cond);
        ck_snprintf(buf, n, pr->plain ? "Must hold: %s" : "ensure %s", cond);
        break;
    }
    case CK_RULE_QUANT: describe_quantifier(pr, r, buf, n); break;
    case CK_RULE_CHOICE: describe_choice(pr, r, buf, n); break;
    }
}

/* A bound in words for people who do not read operators: "at most 24h". */
const char *ck_op_words(ck_cmp_op op)
{
    switch (op) {
    case CK_OP_EQ: return "";
    case CK_OP_NE: return "other than ";
    case CK_OP_LT: return "less than ";
    case CK_OP_LE: return "at most ";
    case CK_OP_GT: return "more than ";
    case CK_OP_GE: return "at least ";
    }
    return "";
}

/* The same as the object of "requires" or "expects": "requires other than X" does not read. */
const char *ck_bound_words(ck_cmp_op op) { return op == CK_OP_NE ? "something other than " : ck_op_words(op); }

/* Whether some arm of a guarded rule holds, or might, for the checklist's tier and blank record. */
static bool choice_may_apply(ck_presenter *pr, const ck_rule *r)
{
    for (size_t i = 0; i < r->children.len; i++) {
        const ck_guard_arm *arm = r->children.items[i];
        if (!arm->cond || ck_scope_cond(pr->scope, arm->cond) != CK_TRI_FALSE)
            return true;
    }
    return false;
}

int ck_present_checklist(const ck_policy *policy, int tier, ck_arena *arena, ck_vec *items, bool *attrs_used)
{
    /* A blank record: conditions on its profile are unknown, so guarded rules that might apply
     * at this tier are listed with their guard. */
    ck_record *blank = ck_arena_alloc(arena, sizeof *blank);
    if (!blank)
        return -1;
    blank->subject.fields = ck_arena_alloc(arena, (policy->nprofile + 1) * sizeof *blank->subject.fields);
    if (!blank->subject.fields)
        return -1;
    blank->arena = arena;
    if (attrs_used)
        memset(attrs_used, 0, policy->nattrs);
    ck_scope scope = {.policy = policy, .record = blank, .tier = tier, .attrs_read = attrs_used};
    ck_presenter pr = {.scope = &scope, .arena = arena, .plain = true};
    for (size_t k = 0; k < policy->nreqs; k++) {
        size_t r = policy->req_order[k];
        const ck_requirement *req = &policy->reqs[r];
        if (tier < req->tier_lo || tier > req->tier_hi)
            continue;
        ck_checklist_item *item = ck_arena_alloc(arena, sizeof *item);
        if (!item)
            return -1;
        item->req = (int)r;
        if (req->decl->when) {
            char cond[256];
            ck_expr_to_string(req->decl->when, cond, sizeof cond);
            item->condition = ck_arena_strdup(arena, cond);
        }
        for (size_t i = 0; i < req->decl->rules.len; i++) {
            const ck_rule *rule = req->decl->rules.items[i];
            if (rule->kind == CK_RULE_CHOICE && !choice_may_apply(&pr, rule))
                continue; /* e.g. a pentest asked only "when tier == critical": not this tier's business */
            char buf[4096];
            ck_present_rule(&pr, rule, buf, sizeof buf);
            ck_vec_push(arena, &item->rules, ck_arena_strdup(arena, buf));
        }
        if (ck_vec_push(arena, items, item) != 0)
            return -1;
    }
    return pr.oom ? -1 : 0;
}
