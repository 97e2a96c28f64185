/* The evaluator: tiering with unknowns, requirement rules, evidence, questionnaires and gaps. */
#include "eval.h"

#include "expr_print.h"
#include "digest.h"
#include "textutil.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>

/* Three-valued logic: a missing profile field makes a condition unknown, never false. */
typedef enum { TRI_FALSE, TRI_TRUE, TRI_UNKNOWN } tri;

typedef struct ev {
    const ck_policy *p;
    ck_record *rec;
    const ck_eval_options *opts;
    ck_result *res;
    ck_arena *arena;
    int tier;
    bool *missing_read;     /* [nprofile]: profile fields read while unknown */
    bool oom;
    /* evidence entries whose files passed (or were not checked) */
    bool *entry_ok;
    int trace_req;          /* requirement being traced, -1 outside requirements */
    int trace_depth;
    bool plain;             /* describe rules for a supplier (checklist), not a policy author */
    bool *attrs_read;       /* checklist: [nattrs] tier attributes its wording used, or NULL */
    tri *applies;           /* [nreqs]: each requirement's `when` for this record, decided once */
} ev;

bool ck_severity_fails(ck_severity sev, int fail_on) { return fail_on < CK_FAIL_NEVER && (int)sev <= fail_on; }

static char *fmt(ev *e, const char *f, ...) __attribute__((format(printf, 2, 3)));
static char *fmt(ev *e, const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    char *s = ck_arena_strdup(e->arena, buf);
    if (!s)
        e->oom = true;
    return s;
}

/* Appends a trace line (explain); returns its slot so a verdict can be filled in later. */
static ck_trace_line *trace(ev *e, const char *f, ...) __attribute__((format(printf, 2, 3)));
static ck_trace_line *trace(ev *e, const char *f, ...)
{
    if (!e->opts || !e->opts->trace)
        return NULL;
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    ck_trace_line *t = ck_arena_alloc(e->arena, sizeof *t);
    if (!t || !(t->text = ck_arena_strdup(e->arena, buf)) || ck_vec_push(e->arena, e->opts->trace, t) != 0) {
        e->oom = true;
        return NULL;
    }
    t->req = e->trace_req;
    t->depth = e->trace_depth;
    return t;
}

/* "file:line:col" of a span, for saying where a value came from. */
static const char *where(ev *e, ck_span span)
{
    if (!span.src)
        return "not given";
    ck_linecol lc = ck_source_linecol(span.src, span.start);
    return fmt(e, "%s:%u:%u", span.src->path, lc.line, lc.col);
}

static ck_finding *add_finding(ev *e, ck_finding_kind kind, ck_severity sev, int req, ck_span span,
                               const char *message, const char *remediation)
{
    ck_finding *f = ck_arena_alloc(e->arena, sizeof *f);
    if (!f) {
        e->oom = true;
        return NULL;
    }
    f->kind = kind;
    f->severity = sev;
    f->req = req;
    f->span = span.src ? span : e->rec->span;
    f->message = message;
    f->remediation = remediation;
    if (ck_vec_push(e->arena, &e->res->findings, f) != 0)
        e->oom = true;
    return f;
}

/* ---- values ---- */

/* A constant from the policy (literal, level value, tier attribute) as a value. */
static ck_value policy_value(ev *e, const ck_expr *x)
{
    ck_value v = {.present = true, .span = x->span};
    while (x->kind == CK_EX_PAREN)
        x = x->u.operand;
    switch (x->kind) {
    case CK_EX_BOOL: v.kind = CK_TYPE_BOOL; v.u.boolean = x->u.boolean; break;
    case CK_EX_NUMBER: v.kind = CK_TYPE_NUMBER; v.u.number = x->u.number; break;
    case CK_EX_STRING: v.kind = CK_TYPE_STRING; v.u.string = x->u.string; break;
    case CK_EX_DURATION: v.kind = CK_TYPE_DURATION; v.u.duration = x->u.duration; break;
    case CK_EX_DATE: v.kind = CK_TYPE_DATE; v.u.date = x->u.date; break;
    case CK_EX_TIER: v.kind = CK_TYPE_TIER; v.u.level = e->tier; break;
    case CK_EX_ATTR: {
        if (e->attrs_read)
            e->attrs_read[x->ref] = true;
        const ck_expr *val = e->p->attr_values[(size_t)e->tier * e->p->nattrs + (size_t)x->ref];
        ck_value av = val ? policy_value(e, val) : (ck_value){0};
        av.kind = e->p->attrs[x->ref].type.kind;
        return av;
    }
    case CK_EX_NAME:
        if (x->is_level_value) {
            v.kind = CK_TYPE_LEVEL;
            v.u.level = x->ref;
            break;
        }
        /* a profile field */
        v = e->rec->profile[x->ref];
        if (!v.present && e->missing_read)
            e->missing_read[x->ref] = true;
        break;
    default: v.present = false; break;
    }
    return v;
}

static int64_t ordinal(const ck_value *v)
{
    switch (v->kind) {
    case CK_TYPE_BOOL: return v->u.boolean;
    case CK_TYPE_NUMBER: return v->u.number;
    case CK_TYPE_DURATION: return ck_duration_minutes(v->u.duration);
    case CK_TYPE_DATE: return v->u.date.days;
    case CK_TYPE_LEVEL:
    case CK_TYPE_DEPTH:
    case CK_TYPE_TIER: return v->u.level;
    case CK_TYPE_STRING: return 0;
    }
    return 0;
}

static bool compare(const ck_value *a, ck_cmp_op op, const ck_value *b)
{
    int c;
    if (a->kind == CK_TYPE_STRING)
        c = strcmp(a->u.string, b->u.string);
    else {
        int64_t x = ordinal(a), y = ordinal(b);
        c = x < y ? -1 : x > y;
    }
    switch (op) {
    case CK_OP_EQ: return c == 0;
    case CK_OP_NE: return c != 0;
    case CK_OP_LT: return c < 0;
    case CK_OP_LE: return c <= 0;
    case CK_OP_GT: return c > 0;
    case CK_OP_GE: return c >= 0;
    }
    return false;
}

/* Renders a value for messages: 72h, 2026-05-02, critical, true, "text". */
static const char *show(ev *e, const ck_value *v, const ck_scale *scale)
{
    char buf[64];
    if (!v->present)
        return v->invalid ? "not valid" : "absent";
    switch (v->kind) {
    case CK_TYPE_BOOL: return v->u.boolean ? "true" : "false";
    case CK_TYPE_NUMBER: return fmt(e, "%" PRId64, v->u.number);
    case CK_TYPE_STRING: return fmt(e, "\"%s\"", v->u.string);
    case CK_TYPE_DURATION: ck_duration_format(v->u.duration, buf, sizeof buf); return fmt(e, "%s", buf);
    case CK_TYPE_DATE: ck_date_format(v->u.date, buf); return fmt(e, "%s", buf);
    case CK_TYPE_TIER: return e->p->tiers.names[v->u.level];
    case CK_TYPE_LEVEL:
    case CK_TYPE_DEPTH:
        if (scale && v->u.level >= 0 && (size_t)v->u.level < scale->count)
            return scale->names[v->u.level];
        return fmt(e, "#%d", v->u.level);
    }
    return "?";
}

/* ---- conditions ---- */

static tri tri_not(tri a) { return a == TRI_UNKNOWN ? a : a == TRI_TRUE ? TRI_FALSE : TRI_TRUE; }

static tri eval_cond(ev *e, const ck_expr *x)
{
    switch (x->kind) {
    case CK_EX_PAREN: return eval_cond(e, x->u.operand);
    case CK_EX_NOT: return tri_not(eval_cond(e, x->u.operand));
    case CK_EX_AND: {
        tri a = eval_cond(e, x->u.bin.lhs);
        if (a == TRI_FALSE)
            return TRI_FALSE;
        tri b = eval_cond(e, x->u.bin.rhs);
        if (b == TRI_FALSE)
            return TRI_FALSE;
        return a == TRI_TRUE && b == TRI_TRUE ? TRI_TRUE : TRI_UNKNOWN;
    }
    case CK_EX_OR: {
        tri a = eval_cond(e, x->u.bin.lhs);
        if (a == TRI_TRUE)
            return TRI_TRUE;
        tri b = eval_cond(e, x->u.bin.rhs);
        if (b == TRI_TRUE)
            return TRI_TRUE;
        return a == TRI_FALSE && b == TRI_FALSE ? TRI_FALSE : TRI_UNKNOWN;
    }
    case CK_EX_CMP: {
        ck_value a = policy_value(e, x->u.bin.lhs), b = policy_value(e, x->u.bin.rhs);
        if (!a.present || !b.present)
            return TRI_UNKNOWN;
        return compare(&a, x->u.bin.op, &b) ? TRI_TRUE : TRI_FALSE;
    }
    case CK_EX_IN: {
        ck_value a = policy_value(e, x->u.in.lhs);
        if (!a.present)
            return TRI_UNKNOWN;
        for (size_t i = 0; i < x->u.in.items.len; i++) {
            ck_value b = policy_value(e, x->u.in.items.items[i]);
            if (b.present && compare(&a, CK_OP_EQ, &b))
                return TRI_TRUE;
        }
        return TRI_FALSE;
    }
    default: {
        ck_value v = policy_value(e, x);
        if (!v.present)
            return TRI_UNKNOWN;
        return v.u.boolean ? TRI_TRUE : TRI_FALSE;
    }
    }
}

/* ---- tiering ---- */

void ck_expr_profile_fields(const ck_expr *x, bool *seen, ck_vec *order, ck_arena *a)
{
    switch (x->kind) {
    case CK_EX_NAME:
        if (!x->is_level_value && x->ref >= 0 && !seen[x->ref]) {
            seen[x->ref] = true;
            ck_vec_push(a, order, (void *)(intptr_t)x->ref);
        }
        break;
    case CK_EX_NOT:
    case CK_EX_PAREN: ck_expr_profile_fields(x->u.operand, seen, order, a); break;
    case CK_EX_AND:
    case CK_EX_OR:
    case CK_EX_CMP:
        ck_expr_profile_fields(x->u.bin.lhs, seen, order, a);
        ck_expr_profile_fields(x->u.bin.rhs, seen, order, a);
        break;
    case CK_EX_IN: ck_expr_profile_fields(x->u.in.lhs, seen, order, a); break;
    default: break;
    }
}

static const char *tri_name(tri t) { return t == TRI_TRUE ? "true" : t == TRI_FALSE ? "false" : "unknown"; }

/* Traces a condition: its text, each profile field it reads with value and origin, its result. */
static void trace_cond(ev *e, const char *what, const ck_expr *cond, tri t)
{
    if (!e->opts || !e->opts->trace)
        return;
    char text[256];
    ck_expr_to_string(cond, text, sizeof text);
    trace(e, "%s %s (%s) is %s", what, text, where(e, cond->span), tri_name(t));
    bool *seen = ck_arena_alloc(e->arena, e->p->nprofile + 1);
    ck_vec order = {0};
    if (!seen)
        return;
    ck_expr_profile_fields(cond, seen, &order, e->arena);
    e->trace_depth++;
    for (size_t i = 0; i < order.len; i++) {
        int f = (int)(intptr_t)order.items[i];
        const ck_value *v = &e->rec->profile[f];
        trace(e, "%s = %s (%s)", e->p->profile[f].name, show(e, v, e->p->profile[f].type.scale),
              v->present ? where(e, v->span) : "missing from the record");
    }
    e->trace_depth--;
}

static void decide_tier(ev *e)
{
    const ck_policy *p = e->p;
    int held = -1;
    bool uncertain = false;
    e->res->tier_rule = -1;
    trace(e, "tiering: tier rules are tried in order; the first that holds decides");
    e->trace_depth++;
    for (size_t i = 0; i < p->ntier_rules; i++) {
        const ck_tier_rule *r = &p->tier_rules[i];
        tri t = r->cond ? eval_cond(e, r->cond) : TRI_TRUE;
        if (r->cond)
            trace_cond(e, fmt(e, "rule %zu, tier %s when", i + 1, p->tiers.names[r->tier]), r->cond, t);
        else
            trace(e, "rule %zu, tier %s otherwise (%s) holds", i + 1, p->tiers.names[r->tier], where(e, r->decl->span));
        if (t == TRI_FALSE)
            continue;
        if (r->tier > held)
            held = r->tier;
        if (t == TRI_TRUE) {
            if (!uncertain)
                e->res->tier_rule = (int)i;
            break;
        }
        uncertain = true; /* this rule might match: the record could be in its tier */
    }
    if (held < 0)
        held = p->tiers.count ? (int)p->tiers.count - 1 : 0;
    e->trace_depth--;
    trace(e, uncertain ? "tier %s: the highest tier a rule that might hold gives (the profile is incomplete)" : "tier %s",
          p->tiers.names[held]);
    e->tier = held;
    e->res->tier = held;
    e->res->tier_uncertain = uncertain;
}

/* ---- describing rules (for remediation and alternatives) ---- */

static const char *op_words(ck_cmp_op op);

static const ck_scale *param_scale(const ck_type_info *t) { return t->scale; }

static void describe_rule(ev *e, const ck_rule *r, char *buf, size_t n);

static void describe_list(ev *e, const ck_vec *rules, const char *sep, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < rules->len && at < n; i++) {
        char part[512];
        describe_rule(e, rules->items[i], part, sizeof part);
        at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? sep : "", part);
    }
}

/* A threshold as a supplier reads it: "24 hours", "yes", "full". */
static const char *show_plain(ev *e, const ck_value *v, const ck_scale *scale)
{
    char buf[64];
    if (v->present && v->kind == CK_TYPE_DURATION) {
        ck_duration_words(v->u.duration, buf, sizeof buf);
        return fmt(e, "%s", buf);
    }
    if (v->present && v->kind == CK_TYPE_BOOL)
        return v->u.boolean ? "yes" : "no";
    return show(e, v, scale);
}

/* snake_case field names read as words: last_audit -> "last audit" */
static const char *words_of(ev *e, const char *name)
{
    char *w = fmt(e, "%s", name);
    for (char *c = w; c && *c; c++)
        if (*c == '_' || *c == '-')
            *c = ' ';
    return w ? w : name;
}

/* An evidence rule's qualifiers after its kind, written at buf + at: as the policy says them
 * ("not expired and issued within 12mo") or, for the checklist, in words ("issued within the
 * last 12 months"). */
static void describe_quals(ev *e, const ck_rule *r, char *buf, size_t n, size_t at)
{
    for (size_t i = 0; i < r->quals.len && at < n; i++) {
        const ck_evidence_qual *q = r->quals.items[i];
        const char *sep = e->plain ? (i ? ", " : ": ") : (i ? " and " : " ");
        if (q->kind == CK_EVQ_NOT_EXPIRED) {
            at += (size_t)snprintf(buf + at, n - at, "%snot expired", sep);
        } else if (q->kind == CK_EVQ_INDEPENDENT) {
            at += (size_t)snprintf(buf + at, n - at, "%s%s", sep, e->plain ? "from an independent party" : "independent");
        } else {
            ck_value v = policy_value(e, q->limit);
            at += (size_t)snprintf(buf + at, n - at, "%s%s within %s%s", sep,
                                   e->plain ? words_of(e, q->field.text) : q->field.text, e->plain ? "the last " : "",
                                   e->plain ? show_plain(e, &v, NULL) : show(e, &v, NULL));
        }
    }
}

/* The checklist's wording of a single rule: the policy's own descriptions first, the names in
 * brackets so the supplier can match the line to the record fields. False for groups and
 * chains, which describe_rule words the same way for both readers. */
static bool describe_plain(ev *e, const ck_rule *r, char *buf, size_t n)
{
    const ck_policy *p = e->p;
    size_t at = 0;
    switch (r->kind) {
    case CK_RULE_CLAUSE: {
        const ck_clause *cl = r->target_ref >= 0 ? &p->clauses[r->target_ref] : NULL;
        const char *title = cl && cl->decl->title ? cl->decl->title : r->target.text;
        at = (size_t)snprintf(buf, n, "Contract clause: %s (%s)", title, r->target.text);
        for (size_t i = 0; cl && i < r->params.len && at < n; i++) {
            const ck_param_test *pt = r->params.items[i];
            const ck_field *f = &cl->params[pt->param_index];
            const char *what = f->decl->description ? f->decl->description : words_of(e, f->name);
            if (!pt->value) {
                at += (size_t)snprintf(buf + at, n - at, "; %s (%s): yes", what, pt->param.text);
                continue;
            }
            ck_value v = policy_value(e, pt->value);
            at += (size_t)snprintf(buf + at, n - at, "; %s (%s): %s%s", what, pt->param.text,
                                   op_words(pt->op), show_plain(e, &v, param_scale(&f->type)));
        }
        break;
    }
    case CK_RULE_EVIDENCE: {
        int k = ck_policy_evidence_kind(p, r->target.text);
        const char *title = k >= 0 && p->evidence_kinds[k].decl->title ? p->evidence_kinds[k].decl->title
                                                                        : r->target.text;
        at = (size_t)snprintf(buf, n, "Evidence: %s (%s)", title, r->target.text);
        describe_quals(e, r, buf, n, at);
        break;
    }
    case CK_RULE_QUESTIONNAIRE: {
        const ck_questionnaire *q = r->target_ref >= 0 ? &p->questionnaires[r->target_ref] : NULL;
        const char *title = q && q->decl->title ? q->decl->title : r->target.text;
        if (r->limit && q) {
            ck_value v = policy_value(e, r->limit);
            snprintf(buf, n, "Questionnaire: %s (%s), answered at depth %s", title, r->target.text,
                     show(e, &v, &q->depths));
        } else {
            snprintf(buf, n, "Questionnaire: %s (%s), answered", title, r->target.text);
        }
        break;
    }
    case CK_RULE_DATE: {
        ck_value v = policy_value(e, r->limit);
        snprintf(buf, n, "Contract date: %s (contract.%s) within the last %s", words_of(e, r->field.text),
                 r->field.text, show_plain(e, &v, NULL));
        break;
    }
    default: return false;
    }
    return true;
}

static void describe_rule(ev *e, const ck_rule *r, char *buf, size_t n)
{
    const ck_policy *p = e->p;
    size_t at = 0;
    if (e->plain && describe_plain(e, r, buf, n))
        return;
    switch (r->kind) {
    case CK_RULE_CLAUSE: {
        at = (size_t)snprintf(buf, n, "clause %s", r->target.text);
        const ck_clause *cl = r->target_ref >= 0 ? &p->clauses[r->target_ref] : NULL;
        for (size_t i = 0; cl && i < r->params.len && at < n; i++) {
            const ck_param_test *pt = r->params.items[i];
            if (!pt->value) {
                at += (size_t)snprintf(buf + at, n - at, "%s%s set to true", i ? " and " : " with ", pt->param.text);
                continue;
            }
            ck_value v = policy_value(e, pt->value);
            const ck_type_info *t = &cl->params[pt->param_index].type;
            at += (size_t)snprintf(buf + at, n - at, "%s%s %s%s", i ? " and " : " with ", pt->param.text,
                                   pt->op == CK_OP_EQ ? "set to " : op_words(pt->op), show(e, &v, param_scale(t)));
        }
        break;
    }
    case CK_RULE_EVIDENCE:
        at = (size_t)snprintf(buf, n, "evidence %s", r->target.text);
        describe_quals(e, r, buf, n, at);
        break;
    case CK_RULE_QUESTIONNAIRE:
        if (r->limit && r->target_ref >= 0) {
            ck_value v = policy_value(e, r->limit);
            snprintf(buf, n, "questionnaire %s at depth %s", r->target.text,
                     show(e, &v, &p->questionnaires[r->target_ref].depths));
        } else {
            snprintf(buf, n, "questionnaire %s", r->target.text);
        }
        break;
    case CK_RULE_DATE: {
        ck_value v = policy_value(e, r->limit);
        snprintf(buf, n, "contract.%s within %s", r->field.text, show(e, &v, NULL));
        break;
    }
    case CK_RULE_ANY: {
        char inner[1024];
        describe_list(e, &r->children, e->plain ? "; or " : " or ", inner, sizeof inner);
        if (e->plain) {
            snprintf(buf, n, "One of: %s", inner);
            break;
        }
        snprintf(buf, n, "%s", inner);
        break;
    }
    case CK_RULE_ALL: {
        char inner[1024];
        describe_list(e, &r->children, " and ", inner, sizeof inner);
        snprintf(buf, n, "all of: %s", inner);
        break;
    }
    case CK_RULE_CHOICE:
        /* The arm that applies; arms whose guard is unknown are listed with it. */
        buf[0] = '\0';
        for (size_t i = 0; i < r->children.len && at < n; i++) {
            const ck_guard_arm *arm = r->children.items[i];
            tri t = arm->cond ? eval_cond(e, arm->cond) : TRI_TRUE;
            if (t == TRI_FALSE)
                continue;
            char part[512];
            describe_rule(e, arm->rule, part, sizeof part);
            if (t == TRI_TRUE) {
                at += (size_t)snprintf(buf + at, n - at, "%s%s", at ? "; otherwise " : "", part);
                break;
            }
            char cond[256];
            ck_expr_to_string(arm->cond, cond, sizeof cond);
            at += (size_t)snprintf(buf + at, n - at, "%s%s when %s", at ? "; " : "", part, cond);
        }
        if (!at)
            snprintf(buf, n, "nothing for tier %s", p->tiers.names[e->tier]);
        break;
    }
}

/* ---- rules ---- */

typedef struct {
    int req;
    ck_severity sev;
    bool emit;     /* false while choosing which evidence entry to report on */
    bool probing;  /* inside an any-group: findings are collected into its one message, then dropped */
} rule_ctx;

static bool eval_rule(ev *e, const ck_rule *r, const rule_ctx *rc);

static void fail(ev *e, const rule_ctx *rc, ck_finding_kind kind, ck_span span, const char *msg, const char *fix)
{
    if (rc->emit)
        add_finding(e, kind, rc->sev, rc->req, span, msg, fix);
}

/* A rule fails on a value the record gives in an invalid form. Its record-invalid finding already
 * says what is wrong and where, so a second finding would report one mistake twice; only an
 * any-group, which explains each failed alternative in its own message, needs the reason. */
static void fail_invalid(ev *e, const rule_ctx *rc, ck_finding_kind kind, ck_span span, const char *msg)
{
    if (rc->probing)
        fail(e, rc, kind, span, msg, NULL);
}

/* A bound in words for people who do not read operators: "at most 24h". */
static const char *op_words(ck_cmp_op op)
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
static const char *bound_words(ck_cmp_op op) { return op == CK_OP_NE ? "something other than " : op_words(op); }

/* Where a policy value comes from: tier.attr resolves to the tier's `has` line. */
static const char *value_origin(ev *e, const ck_expr *x)
{
    if (x->kind == CK_EX_ATTR) {
        const ck_expr *v = e->p->attr_values[(size_t)e->tier * e->p->nattrs + (size_t)x->ref];
        return fmt(e, "tier.%s of tier %s, %s", x->u.name.text, e->p->tiers.names[e->tier], where(e, v->span));
    }
    return where(e, x->span);
}

/* Who sets a threshold, for messages: "tier high requires" only when the value is the tier's. */
static const char *who_requires(ev *e, const ck_expr *x)
{
    while (x && x->kind == CK_EX_PAREN)
        x = x->u.operand;
    if (x && x->kind == CK_EX_ATTR)
        return fmt(e, "tier %s requires", e->p->tiers.names[e->tier]);
    if (x && x->kind == CK_EX_NAME && !x->is_level_value)
        return fmt(e, "the profile's %s requires", x->u.name.text);
    return "the policy requires";
}

/* The profile field a threshold comes from when the record lacks it (NULL otherwise): such a
 * rule cannot be decided, and must say so rather than pass or compare against nothing. */
static const char *missing_threshold(ev *e, const ck_expr *x)
{
    while (x && x->kind == CK_EX_PAREN)
        x = x->u.operand;
    if (!x || x->kind != CK_EX_NAME || x->is_level_value || x->ref < 0)
        return NULL;
    return e->rec->profile[x->ref].present ? NULL : e->p->profile[x->ref].name;
}

static void fail_threshold(ev *e, const rule_ctx *rc, ck_span at, const char *what, const char *field)
{
    fail(e, rc, CK_FK_PROFILE_INCOMPLETE, at,
         fmt(e, "%s cannot be checked: the policy takes its limit from the profile field %s, which the record %s",
             what, field, e->rec->profile_span.src ? "does not give" : "lacks"),
         fmt(e, "state %s in the record's profile", field));
}

static bool eval_clause(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    const ck_policy *p = e->p;
    const ck_clause *cl = &p->clauses[r->target_ref];
    const ck_rec_clause *have = &e->rec->clauses[r->target_ref];
    char want[768];
    describe_rule(e, r, want, sizeof want);
    trace(e, have->present ? "clause %s is in the contract (%s)" : "clause %s is not in the contract%s", cl->name,
          have->present ? where(e, have->span) : "");
    if (!have->present) {
        fail(e, rc, CK_FK_CLAUSE_MISSING, e->rec->clauses_span,
             fmt(e, "the contract has no clause %s (%s)", cl->name, cl->decl->title),
             fmt(e, "add %s", want));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < r->params.len; i++) {
        const ck_param_test *pt = r->params.items[i];
        const ck_field *pf = &cl->params[pt->param_index];
        const ck_value *got = &have->params[pt->param_index];
        ck_value need = pt->value ? policy_value(e, pt->value)
                                  : (ck_value){.present = true, .kind = CK_TYPE_BOOL, .u.boolean = true};
        const char *need_s = show(e, &need, pf->type.scale);
        trace(e, "%s = %s (%s) %s %s (%s): %s", pf->name, show(e, got, pf->type.scale),
              got->present || got->invalid ? where(e, got->span) : "not stated", ck_cmp_op_text(pt->op), need_s,
              pt->value ? value_origin(e, pt->value) : "policy",
              got->present && need.present && compare(got, pt->op, &need) ? "holds" : "fails");
        const char *bound = bound_words(pt->op);
        const char *who = who_requires(e, pt->value);
        const char *lacking = missing_threshold(e, pt->value);
        if (lacking) {
            fail_threshold(e, rc, got->present ? got->span : have->span, fmt(e, "%s in clause %s", pf->name, cl->name),
                           lacking);
            ok = false;
        } else if (got->invalid) {
            fail_invalid(e, rc, CK_FK_CLAUSE_WEAKER, got->span,
                         fmt(e, "clause %s states %s in a form that is not valid", cl->name, pf->name));
            ok = false;
        } else if (!got->present) {
            fail(e, rc, CK_FK_CLAUSE_WEAKER, have->span,
                 fmt(e, "clause %s does not state %s; %s %s%s", cl->name, pf->name, who, bound, need_s),
                 fmt(e, "state %s as %s%s in clause %s", pf->name, bound, need_s, cl->name));
            ok = false;
        } else if (need.present && !compare(got, pt->op, &need)) {
            const char *got_s = show(e, got, pf->type.scale);
            fail(e, rc, CK_FK_CLAUSE_WEAKER, got->span,
                 fmt(e, "%s is %s; %s %s%s", pf->name, got_s, who, bound, need_s),
                 fmt(e, "change %s in clause %s from %s to %s%s", pf->name, cl->name, got_s, bound, need_s));
            ok = false;
        }
    }
    return ok;
}

/* Expiry of an evidence entry: recorded, or issued + the kind's validity period. */
static ck_value entry_expiry(const ck_policy *p, const ck_rec_evidence *en)
{
    if (en->expires.present)
        return en->expires;
    const ck_decl *kd = en->kind >= 0 ? p->evidence_kinds[en->kind].decl : NULL;
    if (kd && kd->has_valid_for && en->issued.present) {
        ck_value v = en->issued;
        v.u.date = ck_date_plus(en->issued.u.date, kd->valid_for);
        return v;
    }
    return (ck_value){.kind = CK_TYPE_DATE};
}

static const ck_value *entry_date(const ck_rec_evidence *en, const ck_evidence_qual *q)
{
    return ck_record_key_value(ck_record_key_get(CK_SECTION_EVIDENCE, q->field_key), en);
}

/* Checks one entry against the rule's qualifiers; emits findings when asked. */
static bool entry_meets(ev *e, const ck_rule *r, const ck_rec_evidence *en, const rule_ctx *rc)
{
    const ck_policy *p = e->p;
    char date[16], lim[32];
    bool ok = true;
    bool need_independent = p->evidence_kinds[r->target_ref].decl->independent;
    for (size_t i = 0; i < r->quals.len; i++) {
        const ck_evidence_qual *q = r->quals.items[i];
        if (q->kind == CK_EVQ_NOT_EXPIRED) {
            ck_value exp = entry_expiry(p, en);
            const ck_decl *kd = p->evidence_kinds[en->kind].decl;
            if (!exp.present && (en->expires.invalid || (kd->has_valid_for && en->issued.invalid))) {
                fail_invalid(e, rc, CK_FK_EVIDENCE_EXPIRED, en->span,
                             fmt(e, "%s gives its dates in a form that is not valid", en->kind_name));
                ok = false;
            } else if (!exp.present && kd->has_valid_for) {
                /* Say which date is missing: the policy can derive the expiry from the issue date. */
                char valid[32];
                ck_duration_format(kd->valid_for, valid, sizeof valid);
                fail(e, rc, CK_FK_EVIDENCE_EXPIRED, en->span,
                     fmt(e, "%s records neither an expiry date nor an issue date to count its %s validity from, "
                            "so it counts as expired", en->kind_name, valid),
                     fmt(e, "record the %s's issue date ('issued:') or its expiry date ('expires:')", en->kind_name));
                ok = false;
            } else if (!exp.present) {
                fail(e, rc, CK_FK_EVIDENCE_EXPIRED, en->span,
                     fmt(e, "%s records no expiry date, and the policy gives its kind no validity period to count "
                            "from its issue date, so it counts as expired", en->kind_name),
                     fmt(e, "record the expiry date ('expires:') of the %s", en->kind_name));
                ok = false;
            } else if (exp.u.date.days < e->opts->as_of.days) {
                ck_date_format(exp.u.date, date);
                /* A derived expiry is a date the record does not show: say where it comes from. */
                const char *msg = fmt(e, "%s expired on %s", en->kind_name, date);
                if (!en->expires.present) {
                    char issued[16], valid[32];
                    ck_date_format(en->issued.u.date, issued);
                    ck_duration_format(kd->valid_for, valid, sizeof valid);
                    msg = fmt(e, "%s expired on %s (issued %s, valid for %s)", en->kind_name, date, issued, valid);
                }
                fail(e, rc, CK_FK_EVIDENCE_EXPIRED, exp.span.src ? exp.span : en->span, msg,
                     fmt(e, "obtain a current %s and record it", en->kind_name));
                ok = false;
            }
        } else if (q->kind == CK_EVQ_INDEPENDENT) {
            need_independent = true;
        } else {
            ck_value limit = policy_value(e, q->limit);
            const ck_value *d = entry_date(en, q);
            ck_duration_format(limit.u.duration, lim, sizeof lim);
            const char *lacking = missing_threshold(e, q->limit);
            if (lacking) {
                fail_threshold(e, rc, en->span, fmt(e, "the %s date of %s", q->field.text, en->kind_name), lacking);
                ok = false;
            } else if (d->invalid) {
                fail_invalid(e, rc, CK_FK_EVIDENCE_STALE, d->span,
                             fmt(e, "%s gives its %s date in a form that is not valid", en->kind_name, q->field.text));
                ok = false;
            } else if (!d->present) {
                fail(e, rc, CK_FK_EVIDENCE_STALE, en->span,
                     fmt(e, "%s records no %s date; it must lie within %s", en->kind_name, q->field.text, lim),
                     fmt(e, "record '%s:' for the %s", q->field.text, en->kind_name));
                ok = false;
            } else if (!ck_date_within(d->u.date, limit.u.duration, e->opts->as_of)) {
                ck_date_format(d->u.date, date);
                char asof[16];
                ck_date_format(e->opts->as_of, asof);
                fail(e, rc, CK_FK_EVIDENCE_STALE, d->span.src ? d->span : en->span,
                     strcmp(q->field.text, "issued") == 0
                         ? fmt(e, "%s was issued on %s, more than %s before %s", en->kind_name, date, lim, asof)
                         : fmt(e, "%s's %s is %s, more than %s before %s", en->kind_name, q->field.text, date, lim, asof),
                     strcmp(q->field.text, "issued") == 0
                         ? fmt(e, "obtain a newer %s, issued within the last %s", en->kind_name, lim)
                         : fmt(e, "obtain a newer %s whose %s lies within the last %s", en->kind_name, q->field.text,
                               lim));
                ok = false;
            }
        }
    }
    if (need_independent && en->independent.invalid) {
        fail_invalid(e, rc, CK_FK_EVIDENCE_NOT_INDEPENDENT, en->independent.span,
                     fmt(e, "%s gives 'independent' in a form that is not valid", en->kind_name));
        ok = false;
    } else if (need_independent && !(en->independent.present && en->independent.u.boolean)) {
        fail(e, rc, CK_FK_EVIDENCE_NOT_INDEPENDENT, en->independent.present ? en->independent.span : en->span,
             fmt(e, "%s is not recorded as independent (issued by a third party)", en->kind_name),
             fmt(e, "obtain the %s from an independent, accredited party and record 'independent: true' with the issuer",
                 en->kind_name));
        ok = false;
    }
    return ok;
}

static bool eval_evidence(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    const ck_rec_evidence *best = NULL;
    for (size_t i = 0; i < e->rec->evidence.len; i++) {
        const ck_rec_evidence *en = e->rec->evidence.items[i];
        if (en->kind != r->target_ref || !e->entry_ok[i])
            continue;
        rule_ctx quiet = *rc;
        quiet.emit = false;
        bool meets = entry_meets(e, r, en, &quiet);
        trace(e, "%s entry (%s): issued %s, expires %s: %s", en->kind_name, where(e, en->span),
              show(e, &en->issued, NULL), show(e, &en->expires, NULL), meets ? "meets the rule" : "does not meet it");
        if (meets)
            return true;
        /* Report against the most recently issued candidate. */
        if (!best || (en->issued.present && (!best->issued.present || en->issued.u.date.days > best->issued.u.date.days)))
            best = en;
    }
    if (best) {
        entry_meets(e, r, best, rc);
        return false;
    }
    char want[768];
    describe_rule(e, r, want, sizeof want);
    const ck_evidence_kind *k = &e->p->evidence_kinds[r->target_ref];
    bool has_bad_file = false;
    for (size_t i = 0; i < e->rec->evidence.len; i++) {
        const ck_rec_evidence *en = e->rec->evidence.items[i];
        if (en->kind == r->target_ref && !e->entry_ok[i])
            has_bad_file = true;
    }
    fail(e, rc, CK_FK_EVIDENCE_MISSING, e->rec->evidence_span,
         has_bad_file ? fmt(e, "no usable %s (%s): its evidence file failed its checks", k->name, k->decl->title)
                      : fmt(e, "no %s (%s) is recorded", k->name, k->decl->title),
         has_bad_file ? fmt(e, "correct the evidence file of the recorded %s (see the finding about its file), or "
                               "obtain %s", k->name, want)
                      : fmt(e, "obtain %s and record it with its file and sha256", want));
    return false;
}

static bool eval_questionnaire(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    const ck_questionnaire *q = &e->p->questionnaires[r->target_ref];
    const ck_rec_questionnaire *have = &e->rec->questionnaires[r->target_ref];
    int need = 0;
    if (r->limit) {
        ck_value v = policy_value(e, r->limit);
        need = v.present ? v.u.level : 0;
    }
    const char *need_s = q->depths.names[need];
    trace(e, have->present ? "answered at depth %s (%s); required: %s" : "not answered%s%s; required: %s",
          have->present ? show(e, &have->depth, &q->depths) : "", have->present ? where(e, have->span) : "", need_s);
    if (!have->present) {
        fail(e, rc, CK_FK_QUESTIONNAIRE_MISSING, e->rec->questionnaires_span,
             fmt(e, "questionnaire %s (%s) has not been answered", q->name, q->decl->title),
             fmt(e, "send the supplier questionnaire %s at depth %s and record the answers", q->name, need_s));
        return false;
    }
    if (have->depth.invalid) {
        fail_invalid(e, rc, CK_FK_QUESTIONNAIRE_DEPTH, have->depth.span.src ? have->depth.span : have->span,
                     fmt(e, "questionnaire %s gives its depth in a form that is not valid", q->name));
        return false;
    }
    /* a questionnaire with a single depth (none declared) needs no depth in the record */
    bool single_depth = q->depths.count == 1;
    if ((!have->depth.present && !single_depth) || (have->depth.present && have->depth.u.level < need)) {
        const char *got = have->depth.present ? q->depths.names[have->depth.u.level] : "unknown";
        fail(e, rc, CK_FK_QUESTIONNAIRE_DEPTH, have->depth.present ? have->depth.span : have->span,
             fmt(e, "questionnaire %s was answered at depth %s; %s %s", q->name, got, who_requires(e, r->limit), need_s),
             fmt(e, "send questionnaire %s at depth %s", q->name, need_s));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < q->nquestions; i++) {
        const ck_field *qf = &q->questions[i];
        if (qf->from_depth > need)
            continue;
        const ck_value *a = &have->answers[i];
        if (a->invalid) {
            fail_invalid(e, rc, CK_FK_QUESTIONNAIRE_ANSWER, a->span.src ? a->span : have->span,
                         fmt(e, "answer %s is given in a form that is not valid", qf->name));
            ok = false;
            continue;
        }
        if (!a->present) {
            fail(e, rc, CK_FK_QUESTIONNAIRE_ANSWER, have->answers_span.src ? have->answers_span : have->span,
                 fmt(e, "question %s (%s) is not answered", qf->name, qf->decl->description ? qf->decl->description : qf->name),
                 fmt(e, "obtain the supplier's answer to %s", qf->name));
            ok = false;
            continue;
        }
        if (!qf->decl->has_expect)
            continue;
        ck_value want = policy_value(e, qf->decl->expect);
        if (want.present && !compare(a, qf->decl->expect_op, &want)) {
            const char *got_s = show(e, a, qf->type.scale), *want_s = show(e, &want, qf->type.scale);
            fail(e, rc, CK_FK_QUESTIONNAIRE_ANSWER, a->span,
                 fmt(e, "answer %s is %s; the policy expects %s%s", qf->name, got_s, bound_words(qf->decl->expect_op),
                     want_s),
                 fmt(e, "agree a remedy with the supplier so that %s is %s%s, or declare a gap", qf->name,
                     bound_words(qf->decl->expect_op), want_s));
            ok = false;
        }
    }
    return ok;
}

/* What to do about an old or missing contract date depends on which date it is. */
static const char *date_action(ev *e, const char *field, bool missing)
{
    if (strcmp(field, "last_assessed") == 0)
        return fmt(e, "%s the supplier and %s contract.last_assessed", missing ? "assess" : "reassess",
                   missing ? "record" : "update");
    if (strcmp(field, "last_reviewed") == 0)
        return fmt(e, "review the contract and %s contract.last_reviewed", missing ? "record" : "update");
    if (strcmp(field, "signed") == 0)
        return missing ? "record the date the contract was signed in contract.signed"
                       : "renew the contract and update contract.signed";
    return fmt(e, "%s contract.%s", missing ? "record" : "update", field);
}

static bool eval_date(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    /* the checker resolved the field to a dated contract key */
    const ck_value *d = ck_record_key_value(ck_record_key_get(CK_SECTION_CONTRACT, r->field_key), e->rec);
    ck_value limit = policy_value(e, r->limit);
    const char *lacking = missing_threshold(e, r->limit);
    if (lacking) {
        fail_threshold(e, rc, d->present ? d->span : e->rec->contract_span.src ? e->rec->contract_span : e->rec->span,
                       fmt(e, "contract.%s", r->field.text), lacking);
        return false;
    }
    char lim[32], date[16], asof[16];
    ck_duration_format(limit.u.duration, lim, sizeof lim);
    ck_date_format(e->opts->as_of, asof);
    char cutoff[16];
    ck_date_format(ck_date_minus(e->opts->as_of, limit.u.duration), cutoff);
    trace(e, "%s = %s (%s); it must be on or after %s (%s before %s)", r->field.text,
          show(e, d, NULL), d->present ? where(e, d->span) : "not given", cutoff, lim, asof);
    if (d->invalid) {
        fail_invalid(e, rc, CK_FK_ASSESSMENT_OVERDUE, d->span.src ? d->span : e->rec->contract_span,
                     fmt(e, "the contract gives %s in a form that is not valid", r->field.text));
        return false;
    }
    if (!d->present) {
        /* The date belongs in the contract section: point there when it exists. */
        fail(e, rc, CK_FK_ASSESSMENT_OVERDUE, e->rec->contract_span,
             fmt(e, "the contract records no %s date; tier %s requires one within %s", r->field.text,
                 e->p->tiers.names[e->tier], lim),
             date_action(e, r->field.text, true));
        return false;
    }
    if (!ck_date_within(d->u.date, limit.u.duration, e->opts->as_of)) {
        ck_date_format(d->u.date, date);
        fail(e, rc, CK_FK_ASSESSMENT_OVERDUE, d->span,
             fmt(e, "%s is %s, more than %s before %s (tier %s)", r->field.text, date, lim, asof,
                 e->p->tiers.names[e->tier]),
             date_action(e, r->field.text, false));
        return false;
    }
    return true;
}

static bool eval_rules(ev *e, const ck_vec *rules, const rule_ctx *rc)
{
    bool ok = true;
    for (size_t i = 0; i < rules->len; i++)
        ok = eval_rule(e, rules->items[i], rc) && ok;
    return ok;
}

static bool eval_rule_kind(ev *e, const ck_rule *r, const rule_ctx *rc);

static bool eval_rule(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    ck_trace_line *line = NULL;
    if (e->opts && e->opts->trace && r->kind != CK_RULE_CHOICE) {
        char d[768];
        describe_rule(e, r, d, sizeof d);
        line = trace(e, "%s (%s)", d, where(e, r->span));
    }
    e->trace_depth++;
    bool ok = eval_rule_kind(e, r, rc);
    e->trace_depth--;
    if (line)
        line->text = fmt(e, "%s: %s", line->text, ok ? "met" : "not met");
    const ck_coverage *cov = e->opts ? e->opts->coverage : NULL;
    if (cov)
        cov->rule_bits[cov->rule_offset[rc->req] + (size_t)r->index] |= ok ? CK_COVER_MET : CK_COVER_UNMET;
    return ok;
}

static bool eval_rule_kind(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    switch (r->kind) {
    case CK_RULE_CLAUSE: return eval_clause(e, r, rc);
    case CK_RULE_EVIDENCE: return eval_evidence(e, r, rc);
    case CK_RULE_QUESTIONNAIRE: return eval_questionnaire(e, r, rc);
    case CK_RULE_DATE: return eval_date(e, r, rc);
    case CK_RULE_ALL: return eval_rules(e, &r->children, rc);
    case CK_RULE_ANY: {
        if (r->children.len == 1)
            return eval_rule(e, r->children.items[0], rc);
        /* Each alternative is evaluated with its findings captured, then rolled back: the
         * one finding says why each alternative failed, e.g. which certificate expired. */
        char why[1024];
        size_t at = 0;
        why[0] = '\0';
        rule_ctx capture = *rc;
        capture.probing = true;
        /* Where the finding points: the evidence section when an alternative is evidence (that is
         * where one would be recorded), else where the first alternative's first problem is. */
        ck_span span = {0};
        for (size_t i = 0; i < r->children.len; i++)
            if (((const ck_rule *)r->children.items[i])->kind == CK_RULE_EVIDENCE)
                span = e->rec->evidence_span;
        for (size_t i = 0; i < r->children.len; i++) {
            size_t before = e->res->findings.len;
            capture.emit = rc->emit;
            bool ok = eval_rule(e, r->children.items[i], &capture);
            /* Messages may contain "; " themselves: number the alternatives so that it is clear
             * where one's reasons end, and join the reasons of one alternative with "and". */
            for (size_t k = before; !ok && k < e->res->findings.len && at < sizeof why; k++) {
                const ck_finding *f = e->res->findings.items[k];
                if (k == before)
                    at += (size_t)snprintf(why + at, sizeof why - at, "%s(%zu) %s", at ? "; " : "", i + 1, f->message);
                else
                    at += (size_t)snprintf(why + at, sizeof why - at, ", and %s", f->message);
                if (!span.src)
                    span = f->span;
            }
            e->res->findings.len = before;
            if (ok)
                return true;
        }
        char alts[1024];
        describe_list(e, &r->children, "; or ", alts, sizeof alts);
        fail(e, rc, CK_FK_ALTERNATIVES_UNMET, span,
             rc->emit ? fmt(e, "none of the %zu acceptable alternatives is met: %s", r->children.len, why)
                      : "none of the acceptable alternatives is met",
             fmt(e, "provide one of: %s", alts));
        return false;
    }
    case CK_RULE_CHOICE: {
        /* Arms whose guard is unknown might apply, so they must hold as well. */
        bool ok = true;
        for (size_t i = 0; i < r->children.len; i++) {
            const ck_guard_arm *arm = r->children.items[i];
            tri t = arm->cond ? eval_cond(e, arm->cond) : TRI_TRUE;
            if (arm->cond)
                trace_cond(e, "guard", arm->cond, t);
            else
                trace(e, "otherwise (%s)", where(e, arm->span));
            if (t == TRI_FALSE)
                continue;
            ok = eval_rule(e, arm->rule, rc) && ok;
            if (t == TRI_TRUE)
                break;
        }
        return ok;
    }
    }
    return true;
}

/* ---- evidence files, gaps, the record ---- */

static void check_evidence_files(ev *e)
{
    static const ck_finding_kind by_status[] = {
        [CK_EVFILE_MISSING] = CK_FK_EVIDENCE_FILE_MISSING,   [CK_EVFILE_OUTSIDE_ROOT] = CK_FK_EVIDENCE_OUTSIDE_ROOT,
        [CK_EVFILE_NOT_REGULAR] = CK_FK_EVIDENCE_NOT_REGULAR, [CK_EVFILE_UNREADABLE] = CK_FK_EVIDENCE_UNREADABLE,
        [CK_EVFILE_HASH_MISMATCH] = CK_FK_EVIDENCE_HASH_MISMATCH, [CK_EVFILE_CHANGED] = CK_FK_EVIDENCE_CHANGED,
        [CK_EVFILE_BAD_PATH] = CK_FK_EVIDENCE_BAD_PATH,
    };
    for (size_t i = 0; i < e->rec->evidence.len; i++) {
        const ck_rec_evidence *en = e->rec->evidence.items[i];
        e->entry_ok[i] = true;
        if (en->kind < 0) {
            /* A misspelling is the likely cause: name the kind it was meant to be, else list them. */
            const char *names[256];
            char list[512];
            size_t n = 0, at = 0;
            list[0] = '\0';
            for (size_t k = 0; k < e->p->nevidence_kinds && n < 256; k++) {
                names[n++] = e->p->evidence_kinds[k].name;
                if (at < sizeof list)
                    at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", k ? ", " : "", names[n - 1]);
            }
            const char *close = en->kind_name ? ck_closest(en->kind_name, names, n) : NULL;
            add_finding(e, CK_FK_EVIDENCE_WRONG_KIND, CK_SEV_WARNING, -1, en->kind_span.src ? en->kind_span : en->span,
                        fmt(e, "evidence kind '%s' is not declared by the policy", en->kind_name ? en->kind_name : "?"),
                        close ? fmt(e, "did you mean '%s'?", close)
                        : n   ? fmt(e, "use one of the policy's evidence kinds (%s), or remove the entry", list)
                              : "remove the entry: the policy declares no evidence kinds");
            e->entry_ok[i] = false;
            continue;
        }
        if (!e->opts->root)
            continue;
        if (!en->file && en->file_span.src) {
            e->entry_ok[i] = false; /* the file value is invalid: its record-invalid finding says so */
            continue;
        }
        if (!en->file) {
            add_finding(e, CK_FK_EVIDENCE_FILE_MISSING, CK_SEV_ERROR, -1, en->span,
                        fmt(e, "%s names no evidence file", en->kind_name),
                        fmt(e, "add 'file:' with the path of the %s in the repository", en->kind_name));
            e->entry_ok[i] = false;
            continue;
        }
        ck_evfile_result fr;
        ck_evfile_status st = ck_evfile_check_n(e->opts->root, en->file, en->file_len, en->sha256, &fr);
        if (st == CK_EVFILE_OK)
            continue;
        e->entry_ok[i] = false;
        const char *fix;
        switch (st) {
        case CK_EVFILE_HASH_MISMATCH:
            fix = fmt(e, "check that %s is the document that was reviewed; if it is, record sha256 %s", en->file,
                      fr.sha256_hex);
            break;
        case CK_EVFILE_OUTSIDE_ROOT: fix = "keep evidence files inside the contract repository and name them by a relative path"; break;
        case CK_EVFILE_MISSING: fix = fmt(e, "add the file %s to the repository or correct the path", en->file); break;
        case CK_EVFILE_UNREADABLE:
            fix = "make the file readable by the account that runs clausecheck (in CI, the job's user)";
            break;
        case CK_EVFILE_CHANGED: fix = "run the check again once nothing is writing to the repository"; break;
        default: fix = "replace the path with a regular, readable file inside the repository"; break;
        }
        /* The detail often starts by quoting the whole path: then do not quote it twice. */
        size_t flen = strlen(en->file);
        bool quotes_path = fr.detail[0] == '\'' && strncmp(fr.detail + 1, en->file, flen) == 0 &&
                           fr.detail[flen + 1] == '\'';
        add_finding(e, by_status[st], CK_SEV_ERROR, -1, en->file_span,
                    quotes_path ? fmt(e, "evidence file %s", fr.detail)
                                : fmt(e, "evidence file '%s': %s", en->file, fr.detail[0] ? fr.detail : ck_evfile_status_name(st)),
                    fix);
    }
}

/* Whether two requirement ids differ only in case and punctuation: bl-12, BL12 and BL_12 are BL-12. */
static bool same_id(const char *a, const char *b)
{
    for (;;) {
        while (*a && !isalnum((unsigned char)*a))
            a++;
        while (*b && !isalnum((unsigned char)*b))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a++) != tolower((unsigned char)*b++))
            return false;
    }
}

/* Applies declared gaps to requirement outcomes; returns whether findings for req are waived. */
static const ck_rec_gap *gap_for(ev *e, int req) { return e->rec->gap_of_req[req]; }

static void evaluate_requirement(ev *e, int ri)
{
    const ck_requirement *req = &e->p->reqs[ri];
    ck_req_result *out = &e->res->reqs[ri];
    const char *tier = e->p->tiers.names[e->tier];
    unsigned char *cover = e->opts->coverage ? &e->opts->coverage->req_bits[ri] : &(unsigned char){0};
    e->trace_req = ri;
    trace(e, "%s %s (%s)", req->id, req->title, where(e, req->decl->name.span));
    e->trace_depth++;
    trace(e, "tiers %s to %s; the supplier's tier is %s", e->p->tiers.names[req->tier_lo],
          e->p->tiers.names[req->tier_hi], tier);
    if (e->tier < req->tier_lo || e->tier > req->tier_hi) {
        *cover |= CK_COVER_NOT_APPLICABLE;
        out->outcome = CK_OUTCOME_NOT_APPLICABLE;
        out->reason = fmt(e, "does not apply to tier %s", tier);
        trace(e, "not applicable");
        return;
    }
    tri applies = req->decl->when ? e->applies[ri] : TRI_TRUE;
    if (req->decl->when)
        trace_cond(e, "applies when", req->decl->when, applies);
    if (applies == TRI_FALSE) {
        char cond[256];
        ck_expr_to_string(req->decl->when, cond, sizeof cond);
        *cover |= CK_COVER_NOT_APPLICABLE;
        out->outcome = CK_OUTCOME_NOT_APPLICABLE;
        out->reason = fmt(e, "applies only when %s", cond);
        trace(e, "not applicable");
        return;
    }
    size_t before = e->res->findings.len;
    rule_ctx rc = {.req = ri, .sev = req->severity, .emit = true};
    bool met = eval_rules(e, &req->decl->rules, &rc);
    out->outcome = met ? CK_OUTCOME_MET : CK_OUTCOME_UNMET;
    *cover |= met ? CK_COVER_MET : CK_COVER_UNMET;
    if (met)
        return;
    const ck_rec_gap *g = gap_for(e, ri);
    if (!g)
        return;
    char until[16] = "";
    if (g->expires.present)
        ck_date_format(g->expires.u.date, until);
    const char *why = g->reason ? g->reason : "no reason given";
    trace(e, "the record declares a gap for %s (%s)", req->id, where(e, g->span));
    if (g->accepted_by && g->expires.present && g->expires.u.date.days >= e->opts->as_of.days) {
        /* An accepted gap replaces the requirement's findings: the risk is owned. */
        e->res->findings.len = before;
        out->outcome = CK_OUTCOME_GAP_ACCEPTED;
        out->reason = fmt(e, "accepted by %s until %s", g->accepted_by, until);
        add_finding(e, CK_FK_GAP_ACCEPTED, CK_SEV_INFO, ri, g->span,
                    g->compensating ? fmt(e, "gap accepted by %s until %s: %s (compensating control: %s)", g->accepted_by,
                                          until, why, g->compensating)
                                    : fmt(e, "gap accepted by %s until %s: %s", g->accepted_by, until, why),
                    fmt(e, "meet %s or renew the acceptance by %s", req->id, until));
    } else if (g->accepted_by && g->expires.present) {
        add_finding(e, CK_FK_GAP_EXPIRED, CK_SEV_ERROR, ri, g->expires.span,
                    fmt(e, "the acceptance of the gap for %s by %s expired on %s: %s", req->id, g->accepted_by, until, why),
                    fmt(e, "meet %s, or have the risk owner renew the acceptance with a new expiry date", req->id));
    } else if (g->accepted_by) {
        /* Someone did sign it off: say what keeps that from counting, not that nobody accepted it. */
        add_finding(e, CK_FK_GAP_DECLARED, CK_SEV_WARNING, ri, g->span,
                    fmt(e, "the gap for %s is accepted by %s, but the acceptance has %s expiry date, so it does not "
                           "count: %s", req->id, g->accepted_by, g->expires.invalid ? "no valid" : "no", why),
                    fmt(e, "add the date the acceptance ends ('expires:'), or meet %s", req->id));
    } else {
        add_finding(e, CK_FK_GAP_DECLARED, CK_SEV_WARNING, ri, g->span,
                    fmt(e, "the supplier declares a gap for %s that nobody has accepted: %s", req->id, why),
                    fmt(e, "have the risk owner accept the gap (accepted_by, expires) or require %s to be met", req->id));
    }
    (void)tier;
}

/* "a, b, c": the profile fields in `set`; with only_invalid 0 or 1, just those whose record value
 * is (1) or is not (0) invalid. */
static void join_fields(const ev *e, const bool *set, int only_invalid, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t f = 0; f < e->p->nprofile && at < n; f++)
        if (set[f] && (only_invalid < 0 || e->rec->profile[f].invalid == (only_invalid == 1)))
            at += (size_t)snprintf(buf + at, n - at, "%s%s", at ? ", " : "", e->p->profile[f].name);
}

/*
 * Decides each applicable requirement's `when` once, for evaluate_requirement. A condition left
 * unknown by a missing profile field makes its requirement apply (it is never silently skipped),
 * and one profile-incomplete finding names those fields and the requirements they would settle.
 * Fields the tier finding already named (already_named, may be NULL) are left out.
 */
static int decide_conditions(ev *e, const bool *already_named)
{
    const ck_policy *p = e->p;
    bool *fields = ck_arena_alloc(e->arena, p->nprofile + 1);
    bool *seen = ck_arena_alloc(e->arena, p->nprofile + 1);
    if (!fields || !seen)
        return -1;
    ck_vec read = {0};
    char reqs[256] = "";
    size_t nreqs = 0, at = 0;
    for (size_t r = 0; r < p->nreqs; r++) {
        const ck_requirement *req = &p->reqs[r];
        if (!req->decl->when || e->tier < req->tier_lo || e->tier > req->tier_hi)
            continue;
        e->applies[r] = eval_cond(e, req->decl->when);
        if (e->applies[r] != TRI_UNKNOWN)
            continue;
        /* Only the fields this condition reads are visited and cleared: no pass over the whole
         * profile per requirement. */
        read.len = 0;
        ck_expr_profile_fields(req->decl->when, seen, &read, e->arena);
        bool news = false;
        for (size_t i = 0; i < read.len; i++) {
            size_t f = (size_t)(intptr_t)read.items[i];
            seen[f] = false;
            if (!e->rec->profile[f].present && !(already_named && already_named[f]))
                fields[f] = news = true;
        }
        if (!news)
            continue;
        if (nreqs < 4 && at < sizeof reqs)
            at += (size_t)snprintf(reqs + at, sizeof reqs - at, "%s%s", nreqs ? ", " : "", req->id);
        nreqs++;
    }
    if (!nreqs)
        return 0;
    char names[512];
    join_fields(e, fields, -1, names, sizeof names);
    add_finding(e, CK_FK_PROFILE_INCOMPLETE, CK_SEV_ERROR, -1,
                e->rec->profile_span.src ? e->rec->profile_span : e->rec->span,
                fmt(e, "the risk profile does not give %s; %zu requirement%s that depend%s on it %s checked as if it "
                       "applied (%s%s)",
                    names, nreqs, nreqs == 1 ? "" : "s", nreqs == 1 ? "s" : "", nreqs == 1 ? "is" : "are", reqs,
                    nreqs > 4 ? ", ..." : ""),
                fmt(e, "state %s in the record's profile so the policy can tell whether %s", names,
                    nreqs == 1 ? "it applies" : "they apply"));
    return 0;
}

int ck_eval_record(const ck_policy *policy, ck_record *record, const ck_eval_options *opts, ck_result *out)
{
    memset(out, 0, sizeof *out);
    out->record = record;
    ev e = {.p = policy, .rec = record, .opts = opts, .res = out, .arena = record->arena, .trace_req = -1};
    out->reqs = ck_arena_alloc(e.arena, (policy->nreqs + 1) * sizeof *out->reqs);
    e.missing_read = ck_arena_alloc(e.arena, policy->nprofile + 1);
    e.entry_ok = ck_arena_alloc(e.arena, record->evidence.len + 1);
    e.applies = ck_arena_alloc(e.arena, (policy->nreqs + 1) * sizeof *e.applies);
    if (!out->reqs || !e.missing_read || !e.entry_ok || !e.applies)
        return -1;

    for (size_t i = 0; i < record->problems.len; i++) {
        const ck_rec_problem *pr = record->problems.items[i];
        add_finding(&e, CK_FK_RECORD_INVALID, CK_SEV_ERROR, -1, pr->span, pr->message, pr->hint);
    }
    decide_tier(&e);
    out->decided_tier = out->tier;
    if (opts->force_tier && opts->tier >= 0 && (size_t)opts->tier < policy->tiers.count) {
        e.tier = opts->tier;
        out->tier = opts->tier;
    }
    /* Requirement conditions may read fields too: collect every unknown one read. */
    bool *tier_missing = ck_arena_alloc(e.arena, policy->nprofile + 1);
    if (!tier_missing)
        return -1;
    memcpy(tier_missing, e.missing_read, policy->nprofile);
    if (out->tier_uncertain) {
        /* An invalid field is unknown too, but "lacks" would send the reader looking for a key
         * that is there: name the two apart. */
        char names[512], missing[512], invalid[512], what[1100];
        join_fields(&e, tier_missing, -1, names, sizeof names);
        join_fields(&e, tier_missing, 0, missing, sizeof missing);
        join_fields(&e, tier_missing, 1, invalid, sizeof invalid);
        snprintf(what, sizeof what, "%s%s%s%s%s", missing[0] ? "lacks " : "", missing,
                 missing[0] && invalid[0] ? " and " : "", invalid[0] ? "gives no valid value for " : "", invalid);
        add_finding(&e, CK_FK_PROFILE_INCOMPLETE, CK_SEV_ERROR, -1,
                    record->profile_span.src ? record->profile_span : record->span,
                    fmt(&e, "the risk profile %s; the supplier is held to tier %s, the highest it could be in", what,
                        policy->tiers.names[out->tier]),
                    fmt(&e, "complete the profile (%s) so the tier can be decided", names));
    }
    if (decide_conditions(&e, out->tier_uncertain ? tier_missing : NULL) != 0)
        return -1;
    check_evidence_files(&e);
    for (size_t i = 0; i < record->gaps.len; i++) {
        const ck_rec_gap *g = record->gaps.items[i];
        if (g->req >= 0)
            continue;
        /* Often the right id written differently (bl-12, BL12): name it. An edit-distance guess
         * would offer BL-15 for BL-16, a different requirement, so only spelling is forgiven. */
        const char *close = NULL;
        for (size_t r = 0; r < policy->nreqs && !close; r++)
            if (same_id(g->requirement, policy->reqs[r].id))
                close = policy->reqs[r].id;
        add_finding(&e, CK_FK_GAP_UNKNOWN_REQUIREMENT, CK_SEV_WARNING, -1, g->span,
                    fmt(&e, "gap names requirement '%s', which the policy does not have", g->requirement),
                    close ? fmt(&e, "did you mean '%s'? Ids are exact: write it as the policy does, or remove the gap", close)
                          : "correct the requirement id or remove the gap");
    }
    for (size_t r = 0; r < policy->nreqs; r++) {
        evaluate_requirement(&e, (int)r);
        e.trace_depth = 1;
        const ck_req_result *rr = &out->reqs[r];
        if (rr->outcome != CK_OUTCOME_NOT_APPLICABLE)
            trace(&e, "outcome: %s%s%s", ck_outcome_name(rr->outcome), rr->reason ? ", " : "", rr->reason ? rr->reason : "");
        e.trace_depth = 0;
        e.trace_req = -1;
    }
    /* occurrence counters per (requirement or record, kind): a fingerprint tells apart two
     * findings of one kind for one requirement without looking at their changing messages */
    unsigned *seen = ck_arena_alloc(e.arena, (policy->nreqs + 1) * CK_FK_COUNT * sizeof *seen);
    if (!seen)
        return -1;
    for (size_t i = 0; i < out->findings.len; i++) {
        ck_finding *f = out->findings.items[i];
        out->count[f->severity]++;
        size_t nth = seen[(size_t)(f->req + 1) * CK_FK_COUNT + f->kind]++;
        char key[512];
        int n = snprintf(key, sizeof key, "%s%c%s%c%s%c%zu", record->supplier_id ? record->supplier_id : record->path, 0,
                         f->req >= 0 ? policy->reqs[f->req].id : "record", 0, ck_finding_kind_get(f->kind)->code, 0, nth);
        if (ck_sha256_hex(key, n > 0 && (size_t)n < sizeof key ? (size_t)n : sizeof key - 1, f->fingerprint, 32) != 0)
            return -1;
    }
    return e.oom ? -1 : 0;
}

/* Whether some arm of a guarded rule holds, or might, for the checklist's tier and blank record. */
static bool choice_may_apply(ev *e, const ck_rule *r)
{
    for (size_t i = 0; i < r->children.len; i++) {
        const ck_guard_arm *arm = r->children.items[i];
        if (!arm->cond || eval_cond(e, arm->cond) != TRI_FALSE)
            return true;
    }
    return false;
}

int ck_eval_checklist(const ck_policy *policy, int tier, ck_arena *arena, ck_vec *items, bool *attrs_used)
{
    ck_record *blank = ck_arena_alloc(arena, sizeof *blank);
    ck_result res = {0};
    if (!blank)
        return -1;
    blank->profile = ck_arena_alloc(arena, (policy->nprofile + 1) * sizeof *blank->profile);
    if (!blank->profile)
        return -1;
    blank->arena = arena;
    ev e = {.p = policy, .rec = blank, .res = &res, .arena = arena, .tier = tier, .plain = true,
            .attrs_read = attrs_used};
    if (attrs_used)
        memset(attrs_used, 0, policy->nattrs);
    for (size_t r = 0; r < policy->nreqs; r++) {
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
            if (rule->kind == CK_RULE_CHOICE && !choice_may_apply(&e, rule))
                continue; /* e.g. a pentest asked only "when tier == critical": not this tier's business */
            char buf[1024];
            describe_rule(&e, rule, buf, sizeof buf);
            ck_vec_push(arena, &item->rules, ck_arena_strdup(arena, buf));
        }
        if (ck_vec_push(arena, items, item) != 0)
            return -1;
    }
    return e.oom ? -1 : 0;
}

int ck_coverage_init(ck_coverage *cov, const ck_policy *policy, ck_arena *arena)
{
    size_t total = 0;
    cov->req_bits = ck_arena_alloc(arena, policy->nreqs + 1);
    cov->rule_offset = ck_arena_alloc(arena, (policy->nreqs + 1) * sizeof(size_t));
    if (!cov->req_bits || !cov->rule_offset)
        return -1;
    for (size_t r = 0; r < policy->nreqs; r++) {
        cov->rule_offset[r] = total;
        total += (size_t)policy->reqs[r].nrules;
    }
    cov->rule_bits = ck_arena_alloc(arena, total + 1);
    return cov->rule_bits ? 0 : -1;
}
