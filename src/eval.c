/* The evaluator: tiering with unknowns, requirement rules, evidence, questionnaires and gaps. */
#include "eval.h"

#include "document_check.h"
#include "expr_print.h"
#include "strfmt.h"
#include "textutil.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>

typedef struct ev {
    const ck_policy *p;
    ck_record *rec;
    const ck_eval_options *opts;
    ck_result *res;
    ck_arena *arena;
    ck_scope scope;         /* the record at its tier; missing_read marks profile fields read while unknown */
    const ck_rec_subject *subj; /* what rules look at: the supplier, or the party a `for` rule is on */
    const ck_rec_party *party;  /* that party, or NULL for the supplier */
    ck_presenter pr;        /* words for messages and fixes */
    bool oom;
    /* evidence entries whose files passed (or were not checked) */
    int trace_req;          /* requirement being traced, -1 outside requirements */
    int trace_depth;
    bool retracing;         /* an evaluation repeated only for its findings: its trace is already written */
    ck_tri *applies;        /* [nreqs]: each requirement's `when` for this record, decided once */
} ev;

bool ck_severity_fails(ck_severity sev, int fail_on) { return fail_on < CK_FAIL_NEVER && (int)sev <= fail_on; }

static char *fmt(ev *e, const char *f, ...) __attribute__((format(printf, 2, 3)));
static char *fmt(ev *e, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = ck_arena_vprintf(e->arena, f, ap);
    va_end(ap);
    if (!s)
        e->oom = true;
    return s;
}

/* Whether an explain trace is being kept: trace lines whose arguments cost text to build (where,
 * rule descriptions) are built only then. */
static bool tracing(const ev *e) { return e->opts && e->opts->trace && !e->retracing; }

/* Appends a trace line (explain); returns its slot so a verdict can be filled in later. */
static ck_trace_line *trace(ev *e, const char *f, ...) __attribute__((format(printf, 2, 3)));
/* trace() whose arguments are not even computed when no trace is kept. */
#define TRACE(e, ...) (tracing(e) ? trace((e), __VA_ARGS__) : NULL)
static ck_trace_line *trace(ev *e, const char *f, ...)
{
    if (!tracing(e))
        return NULL;
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    ck_vformat(buf, sizeof buf, f, ap);
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
    f->party = e->party;
    f->span = span.src ? span : e->party ? e->party->span : e->rec->span;
    /* Findings about a party name it first, in every output format. */
    f->message = e->party && message ? fmt(e, "%s %s: %s", e->party->kind_name, e->party->id ? e->party->id : "(no id)",
                                           message)
                                     : message;
    f->remediation = remediation;
    if (ck_vec_push(e->arena, &e->res->findings, f) != 0)
        e->oom = true;
    return f;
}

/* ---- values ---- */

/* Traces a condition: its text, each profile field it reads with value and origin, its result. */
/* The fields (profile or party) a condition reads, each once, in the order written. */
#define CK_MAX_READS 16
typedef struct {
    const ck_expr *names[CK_MAX_READS];
    size_t n;
} reads;

static void collect_reads(const ck_expr *x, reads *rd)
{
    switch (x->kind) {
    case CK_EX_NAME:
        if (x->is_level_value || x->ref < 0)
            return;
        for (size_t i = 0; i < rd->n; i++)
            if (rd->names[i]->ref == x->ref && rd->names[i]->is_party_field == x->is_party_field)
                return;
        if (rd->n < CK_MAX_READS)
            rd->names[rd->n++] = x;
        return;
    case CK_EX_NOT:
    case CK_EX_PAREN: collect_reads(x->u.operand, rd); return;
    case CK_EX_AND:
    case CK_EX_OR:
    case CK_EX_CMP:
        collect_reads(x->u.bin.lhs, rd);
        collect_reads(x->u.bin.rhs, rd);
        return;
    case CK_EX_IN: collect_reads(x->u.in.lhs, rd); return;
    default: return;
    }
}

/* A field a condition reads: its declaration and its value in the scope. */
static const ck_field *read_field(const ev *e, const ck_expr *x)
{
    return x->is_party_field ? &e->p->party_kinds[e->party->kind].fields[x->ref] : &e->p->profile[x->ref];
}

static const ck_value *read_value(const ev *e, const ck_expr *x)
{
    return x->is_party_field ? &e->party->subject.fields[x->ref] : &e->rec->subject.fields[x->ref];
}

/* Traces a condition: its text, each field it reads with value and origin, its result. */
static void trace_cond(ev *e, const char *what, const ck_expr *cond, ck_tri t)
{
    if (!tracing(e))
        return;
    char text[256];
    ck_expr_to_string(cond, text, sizeof text);
    TRACE(e, "%s %s (%s) is %s", what, text, where(e, cond->span), ck_tri_name(t));
    reads rd = {.n = 0};
    collect_reads(cond, &rd);
    e->trace_depth++;
    for (size_t i = 0; i < rd.n; i++) {
        const ck_field *f = read_field(e, rd.names[i]);
        const ck_value *v = read_value(e, rd.names[i]);
        TRACE(e, "%s = %s (%s)", f->name, ck_present_value(&e->pr, v, f->type.scale),
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
    TRACE(e, "tiering: tier rules are tried in order; the first that holds decides");
    e->trace_depth++;
    for (size_t i = 0; i < p->ntier_rules; i++) {
        const ck_tier_rule *r = &p->tier_rules[i];
        ck_tri t = r->cond ? ck_scope_cond(&e->scope, r->cond) : CK_TRI_TRUE;
        if (r->cond && tracing(e))
            trace_cond(e, fmt(e, "rule %zu, tier %s when", i + 1, p->tiers.names[r->tier]), r->cond, t);
        else
            TRACE(e, "rule %zu, tier %s otherwise (%s) holds", i + 1, p->tiers.names[r->tier], where(e, r->decl->span));
        if (t == CK_TRI_FALSE)
            continue;
        if (r->tier > held)
            held = r->tier;
        if (t == CK_TRI_TRUE) {
            if (!uncertain)
                e->res->tier_rule = (int)i;
            break;
        }
        uncertain = true; /* this rule might match: the record could be in its tier */
    }
    if (held < 0)
        held = p->tiers.count ? (int)p->tiers.count - 1 : 0;
    e->trace_depth--;
    TRACE(e, uncertain ? "tier %s: the highest tier a rule that might hold gives (the profile is incomplete)" : "tier %s",
          p->tiers.names[held]);
    e->scope.tier = held;
    e->res->tier = held;
    e->res->tier_uncertain = uncertain;
}

/* ---- rules ---- */

typedef struct {
    int req;
    ck_severity sev;
    bool emit;     /* false while choosing which evidence entry to report on */
    bool probing;  /* inside an any-group: findings are collected into its one message, then dropped */
} rule_ctx;

static bool eval_rule(ev *e, const ck_rule *r, const rule_ctx *rc);

/* A rule's finding, when findings are being emitted; its message and fix are not even built
 * while only probing whether a rule holds. */
#define FAIL(e, rc, kind, span, msg, fix)                                  \
    do {                                                                  \
        if ((rc)->emit)                                                   \
            add_finding((e), (kind), (rc)->sev, (rc)->req, (span), (msg), (fix)); \
    } while (0)

/* A rule fails on a value the record gives in an invalid form. Its record-invalid finding already
 * says what is wrong and where, so a second finding would report one mistake twice; only an
 * any-group, which explains each failed alternative in its own message, needs the reason. */
static void fail_invalid(ev *e, const rule_ctx *rc, ck_finding_kind kind, ck_span span, const char *msg)
{
    if (rc->probing)
        FAIL(e, rc, kind, span, msg, NULL);
}

/* A coverage slot (a rule, or a threshold inside one) went one way in a policy test. */
static void cover(ev *e, const rule_ctx *rc, int slot, bool met)
{
    const ck_coverage *cov = e->opts ? e->opts->coverage : NULL;
    if (cov && slot >= 0)
        cov->rule_bits[cov->rule_offset[rc->req] + (size_t)slot] |= met ? CK_COVER_MET : CK_COVER_UNMET;
}

/* Where a policy value comes from: tier.attr resolves to the tier's `has` line. */
static const char *value_origin(ev *e, const ck_expr *x)
{
    if (x->kind == CK_EX_ATTR) {
        const ck_expr *v = e->p->attr_values[(size_t)e->scope.tier * e->p->nattrs + (size_t)x->ref];
        return fmt(e, "tier.%s of tier %s, %s", x->u.name.text, e->p->tiers.names[e->scope.tier], where(e, v->span));
    }
    return where(e, x->span);
}

/* Who sets a threshold, for messages: "tier high requires" only when the value is the tier's. */
static const char *who_requires(ev *e, const ck_expr *x)
{
    while (x && x->kind == CK_EX_PAREN)
        x = x->u.operand;
    if (x && x->kind == CK_EX_ATTR)
        return fmt(e, "tier %s requires", e->p->tiers.names[e->scope.tier]);
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
    return read_value(e, x)->present ? NULL : read_field(e, x)->name;
}

static void fail_threshold(ev *e, const rule_ctx *rc, ck_span at, const char *what, const char *field)
{
    if (e->party) {
        FAIL(e, rc, CK_FK_PARTY_INCOMPLETE, at,
             fmt(e, "%s cannot be checked: the policy takes its limit from the field %s, which the entry does not give",
                 what, field),
             fmt(e, "state %s in the profile of %s %s", field, e->party->kind_name, e->party->id ? e->party->id : ""));
        return;
    }
    FAIL(e, rc, CK_FK_PROFILE_INCOMPLETE, at,
         fmt(e, "%s cannot be checked: the policy takes its limit from the profile field %s, which the record %s",
             what, field, e->rec->subject.fields_span.src ? "does not give" : "lacks"),
         fmt(e, "state %s in the record's profile", field));
}

/* One `param OP value` of a clause rule against the clause the contract has. */
static bool eval_param(ev *e, const rule_ctx *rc, const ck_clause *cl, const ck_rec_clause *have,
                       const ck_param_test *pt)
{
    const ck_field *pf = &cl->params[pt->param_index];
    const ck_value *got = &have->params[pt->param_index];
    ck_value need = pt->value ? ck_scope_value(&e->scope, pt->value)
                              : (ck_value){.present = true, .kind = CK_TYPE_BOOL, .u.boolean = true};
    bool holds = got->present && need.present && ck_value_compare(got, pt->op, &need);
    TRACE(e, "%s = %s (%s) %s %s (%s): %s", pf->name, ck_present_value(&e->pr, got, pf->type.scale),
          got->present || got->invalid ? where(e, got->span) : "not stated", ck_cmp_op_text(pt->op),
          ck_present_value(&e->pr, &need, pf->type.scale), pt->value ? value_origin(e, pt->value) : "policy",
          holds ? "holds" : "fails");
    const char *lacking = missing_threshold(e, pt->value);
    if (lacking) {
        fail_threshold(e, rc, got->present ? got->span : have->span, fmt(e, "%s in clause %s", pf->name, cl->name),
                       lacking);
        return false;
    }
    if (got->invalid) {
        fail_invalid(e, rc, CK_FK_CLAUSE_WEAKER, got->span,
                     fmt(e, "clause %s states %s in a form that is not valid", cl->name, pf->name));
        return false;
    }
    if (got->present && (!need.present || holds))
        return true;
    if (!rc->emit)
        return false;
    const char *need_s = ck_present_value(&e->pr, &need, pf->type.scale);
    const char *bound = ck_bound_words(pt->op), *who = who_requires(e, pt->value);
    if (!got->present) {
        FAIL(e, rc, CK_FK_CLAUSE_WEAKER, have->span,
             fmt(e, "clause %s does not state %s; %s %s%s", cl->name, pf->name, who, bound, need_s),
             fmt(e, "state %s as %s%s in clause %s", pf->name, bound, need_s, cl->name));
        return false;
    }
    const char *got_s = ck_present_value(&e->pr, got, pf->type.scale);
    FAIL(e, rc, CK_FK_CLAUSE_WEAKER, got->span, fmt(e, "%s is %s; %s %s%s", pf->name, got_s, who, bound, need_s),
         fmt(e, "change %s in clause %s from %s to %s%s", pf->name, cl->name, got_s, bound, need_s));
    return false;
}

static bool eval_clause(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    static const ck_rec_clause absent = {0};
    const ck_clause *cl = &e->p->clauses[r->target_ref];
    const ck_rec_clause *have = e->subj->clauses ? &e->subj->clauses[r->target_ref] : &absent;
    TRACE(e, have->present ? "clause %s is %s (%s)" : "clause %s is not %s%s", cl->name,
          e->party ? "recorded for it" : "in the contract", have->present ? where(e, have->span) : "");
    if (!have->present) {
        char want[768];
        if (rc->emit)
            ck_present_rule(&e->pr, r, want, sizeof want);
        FAIL(e, rc, CK_FK_CLAUSE_MISSING, e->subj->clauses_span.src ? e->subj->clauses_span : e->party ? e->party->span : e->subj->clauses_span,
             fmt(e, e->party ? "no clause %s (%s) is recorded for it" : "the contract has no clause %s (%s)", cl->name,
                 cl->decl->title),
             fmt(e, "add %s", want));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < r->params.len; i++)
        ok = eval_param(e, rc, cl, have, r->params.items[i]) && ok;
    return ok;
}

ck_value ck_evidence_expiry(const ck_policy *p, const ck_rec_evidence *en)
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

/* `not expired`: the recorded expiry, or the issue date plus the kind's validity period. */
static bool entry_not_expired(ev *e, const ck_rec_evidence *en, const rule_ctx *rc)
{
    ck_value exp = ck_evidence_expiry(e->p, en);
    const ck_decl *kd = e->p->evidence_kinds[en->kind].decl;
    if (!exp.present && (en->expires.invalid || (kd->has_valid_for && en->issued.invalid))) {
        fail_invalid(e, rc, CK_FK_EVIDENCE_EXPIRED, en->span,
                     fmt(e, "%s gives its dates in a form that is not valid", en->kind_name));
        return false;
    }
    if (!exp.present && kd->has_valid_for) {
        /* Say which date is missing: the policy can derive the expiry from the issue date. */
        char valid[32];
        ck_duration_format(kd->valid_for, valid, sizeof valid);
        FAIL(e, rc, CK_FK_EVIDENCE_EXPIRED, en->span,
             fmt(e, "%s records neither an expiry date nor an issue date to count its %s validity from, "
                    "so it counts as expired", en->kind_name, valid),
             fmt(e, "record the %s's issue date ('issued:') or its expiry date ('expires:')", en->kind_name));
        return false;
    }
    if (!exp.present) {
        FAIL(e, rc, CK_FK_EVIDENCE_EXPIRED, en->span,
             fmt(e, "%s records no expiry date, and the policy gives its kind no validity period to count "
                    "from its issue date, so it counts as expired", en->kind_name),
             fmt(e, "record the expiry date ('expires:') of the %s", en->kind_name));
        return false;
    }
    bool holds = exp.u.date.days >= e->opts->as_of.days;
    if (tracing(e)) {
        char valid[32];
        ck_duration_format(kd->valid_for, valid, sizeof valid);
        TRACE(e, "not expired: expires %s%s: %s", ck_present_value(&e->pr, &exp, NULL),
              en->expires.present ? "" : fmt(e, " (issued %s, valid for %s)", ck_present_value(&e->pr, &en->issued, NULL), valid),
              holds ? "holds" : "fails");
    }
    if (holds)
        return true;
    if (!rc->emit)
        return false;
    char date[16];
    ck_date_format(exp.u.date, date);
    /* A derived expiry is a date the record does not show: say where it comes from. */
    const char *msg = fmt(e, "%s expired on %s", en->kind_name, date);
    if (!en->expires.present) {
        char issued[16], valid[32];
        ck_date_format(en->issued.u.date, issued);
        ck_duration_format(kd->valid_for, valid, sizeof valid);
        msg = fmt(e, "%s expired on %s (issued %s, valid for %s)", en->kind_name, date, issued, valid);
    }
    FAIL(e, rc, CK_FK_EVIDENCE_EXPIRED, exp.span.src ? exp.span : en->span, msg,
         fmt(e, "obtain a current %s and record it", en->kind_name));
    return false;
}

/* `FIELD within LIMIT`: the entry's date no older than the limit. */
static bool entry_within(ev *e, const ck_evidence_qual *q, const ck_rec_evidence *en, const rule_ctx *rc)
{
    ck_value limit = ck_scope_value(&e->scope, q->limit);
    const ck_value *d = entry_date(en, q);
    const char *lacking = missing_threshold(e, q->limit);
    if (lacking) {
        fail_threshold(e, rc, en->span, fmt(e, "the %s date of %s", q->field.text, en->kind_name), lacking);
        return false;
    }
    if (d->invalid) {
        fail_invalid(e, rc, CK_FK_EVIDENCE_STALE, d->span,
                     fmt(e, "%s gives its %s date in a form that is not valid", en->kind_name, q->field.text));
        return false;
    }
    bool holds = d->present && ck_date_within(d->u.date, limit.u.duration, e->opts->as_of);
    char lim[32];
    ck_duration_format(limit.u.duration, lim, sizeof lim);
    TRACE(e, "%s = %s (%s) within %s: %s", q->field.text, ck_present_value(&e->pr, d, NULL),
          d->present ? where(e, d->span) : "not recorded", lim, holds ? "holds" : "fails");
    if (holds)
        return true;
    if (!rc->emit)
        return false;
    if (!d->present) {
        FAIL(e, rc, CK_FK_EVIDENCE_STALE, en->span,
             fmt(e, "%s records no %s date; it must lie within %s", en->kind_name, q->field.text, lim),
             fmt(e, "record '%s:' for the %s", q->field.text, en->kind_name));
        return false;
    }
    char date[16], asof[16];
    ck_date_format(d->u.date, date);
    ck_date_format(e->opts->as_of, asof);
    bool issued = strcmp(q->field.text, "issued") == 0;
    FAIL(e, rc, CK_FK_EVIDENCE_STALE, d->span.src ? d->span : en->span,
         issued ? fmt(e, "%s was issued on %s, more than %s before %s", en->kind_name, date, lim, asof)
                : fmt(e, "%s's %s is %s, more than %s before %s", en->kind_name, q->field.text, date, lim, asof),
         issued ? fmt(e, "obtain a newer %s, issued within the last %s", en->kind_name, lim)
                : fmt(e, "obtain a newer %s whose %s lies within the last %s", en->kind_name, q->field.text, lim));
    return false;
}

/* Independence: asked by the rule, or by the evidence kind itself. */
static bool entry_independent(ev *e, const ck_rec_evidence *en, const rule_ctx *rc)
{
    if (en->independent.invalid) {
        fail_invalid(e, rc, CK_FK_EVIDENCE_NOT_INDEPENDENT, en->independent.span,
                     fmt(e, "%s gives 'independent' in a form that is not valid", en->kind_name));
        return false;
    }
    if (en->independent.present && en->independent.u.boolean)
        return true;
    FAIL(e, rc, CK_FK_EVIDENCE_NOT_INDEPENDENT, en->independent.present ? en->independent.span : en->span,
         fmt(e, "%s is not recorded as independent (issued by a third party)", en->kind_name),
         fmt(e, "obtain the %s from an independent, accredited party and record 'independent: true' with the issuer",
             en->kind_name));
    return false;
}

/* `ATTRIBUTE OP VALUE`: an attribute the entry's kind declares, compared exactly. */
static bool entry_attr(ev *e, const ck_evidence_qual *q, const ck_rec_evidence *en, const rule_ctx *rc)
{
    const ck_field *f = &e->p->evidence_kinds[en->kind].attrs[q->field_key];
    static const ck_value absent = {0};
    const ck_value *got = en->attrs ? &en->attrs[q->field_key] : &absent;
    ck_value need = ck_scope_value(&e->scope, q->limit);
    const char *lacking = missing_threshold(e, q->limit);
    if (lacking) {
        fail_threshold(e, rc, en->span, fmt(e, "the %s of %s", f->name, en->kind_name), lacking);
        return false;
    }
    if (got->invalid) {
        fail_invalid(e, rc, CK_FK_EVIDENCE_ATTRIBUTE, got->span,
                     fmt(e, "%s gives its %s in a form that is not valid", en->kind_name, f->name));
        return false;
    }
    bool holds = got->present && need.present && ck_value_compare(got, q->op, &need);
    TRACE(e, "%s = %s (%s) %s %s: %s", f->name, ck_present_value(&e->pr, got, f->type.scale),
          got->present ? where(e, got->span) : "not recorded", ck_cmp_op_text(q->op),
          ck_present_value(&e->pr, &need, f->type.scale), holds ? "holds" : "fails");
    if (got->present)
        cover(e, rc, q->cover, holds);
    if (holds)
        return true;
    if (!rc->emit)
        return false;
    const char *need_s = ck_present_value(&e->pr, &need, f->type.scale), *bound = ck_bound_words(q->op);
    const char *what = f->decl->description ? f->decl->description : f->name;
    if (!got->present) {
        FAIL(e, rc, CK_FK_EVIDENCE_ATTRIBUTE, en->span,
             fmt(e, "%s records no %s (%s); the policy requires %s%s", en->kind_name, f->name, what, bound, need_s),
             fmt(e, "record '%s:' for the %s", f->name, en->kind_name));
        return false;
    }
    const char *got_s = ck_present_value(&e->pr, got, f->type.scale);
    FAIL(e, rc, CK_FK_EVIDENCE_ATTRIBUTE, got->span,
         fmt(e, "%s has %s %s; %s %s%s", en->kind_name, f->name, got_s, who_requires(e, q->limit), bound, need_s),
         fmt(e, "obtain evidence %s whose %s is %s%s, or declare a gap", en->kind_name, f->name, bound, need_s));
    return false;
}

/* Checks one entry against the rule's qualifiers; emits findings when asked. */
static bool entry_meets(ev *e, const ck_rule *r, const ck_rec_evidence *en, const rule_ctx *rc)
{
    bool ok = true;
    bool need_independent = e->p->evidence_kinds[r->target_ref].decl->independent;
    for (size_t i = 0; i < r->quals.len; i++) {
        const ck_evidence_qual *q = r->quals.items[i];
        if (q->kind == CK_EVQ_NOT_EXPIRED)
            ok = entry_not_expired(e, en, rc) && ok;
        else if (q->kind == CK_EVQ_INDEPENDENT)
            need_independent = true;
        else if (q->kind == CK_EVQ_ATTR)
            ok = entry_attr(e, q, en, rc) && ok;
        else
            ok = entry_within(e, q, en, rc) && ok;
    }
    if (need_independent)
        ok = entry_independent(e, en, rc) && ok;
    return ok;
}

static bool eval_evidence(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    const ck_rec_evidence *best = NULL;
    for (size_t i = 0; i < e->subj->evidence.len; i++) {
        const ck_rec_evidence *en = e->subj->evidence.items[i];
        if (en->kind != r->target_ref || en->unusable)
            continue;
        rule_ctx quiet = *rc;
        quiet.emit = false;
        /* the entry first, then the comparisons that decided it, beneath it */
        ck_trace_line *line = TRACE(e, "%s entry (%s): issued %s, expires %s", en->kind_name, where(e, en->span),
                                    ck_present_value(&e->pr, &en->issued, NULL),
                                    ck_present_value(&e->pr, &en->expires, NULL));
        e->trace_depth++;
        bool meets = entry_meets(e, r, en, &quiet);
        e->trace_depth--;
        if (line)
            line->text = fmt(e, "%s: %s", line->text, meets ? "meets the rule" : "does not meet it");
        if (meets)
            return true;
        /* Report against the most recently issued candidate. */
        if (!best || (en->issued.present && (!best->issued.present || en->issued.u.date.days > best->issued.u.date.days)))
            best = en;
    }
    if (best) {
        /* again, only for the findings: explain has shown this entry's comparisons above */
        bool was = e->retracing;
        e->retracing = true;
        entry_meets(e, r, best, rc);
        e->retracing = was;
        return false;
    }
    char want[768];
    ck_present_rule(&e->pr, r, want, sizeof want);
    const ck_evidence_kind *k = &e->p->evidence_kinds[r->target_ref];
    bool has_bad_file = false;
    for (size_t i = 0; i < e->subj->evidence.len; i++) {
        const ck_rec_evidence *en = e->subj->evidence.items[i];
        if (en->kind == r->target_ref && en->unusable)
            has_bad_file = true;
    }
    FAIL(e, rc, CK_FK_EVIDENCE_MISSING, e->subj->evidence_span,
         has_bad_file ? fmt(e, "no usable %s (%s): its evidence file failed its checks", k->name, k->decl->title)
                      : fmt(e, "no %s (%s) is recorded", k->name, k->decl->title),
         has_bad_file ? fmt(e, "correct the evidence file of the recorded %s (see the finding about its file), or "
                               "obtain %s", k->name, want)
                      : fmt(e, "obtain %s and record it with its file and sha256", want));
    return false;
}

/* One question asked at the required depth: answered, and as the policy expects when it says. */
static bool eval_answer(ev *e, const ck_rule *r, const rule_ctx *rc, const ck_rec_questionnaire *have, size_t i)
{
    const ck_field *qf = &e->p->questionnaires[r->target_ref].questions[i];
    const ck_value *a = &have->answers[i];
    if (a->invalid) {
        fail_invalid(e, rc, CK_FK_QUESTIONNAIRE_ANSWER, a->span.src ? a->span : have->span,
                     fmt(e, "answer %s is given in a form that is not valid", qf->name));
        return false;
    }
    if (!a->present) {
        TRACE(e, "answer %s: not given", qf->name);
        FAIL(e, rc, CK_FK_QUESTIONNAIRE_ANSWER, have->answers_span.src ? have->answers_span : have->span,
             fmt(e, "question %s (%s) is not answered", qf->name, qf->decl->description ? qf->decl->description : qf->name),
             fmt(e, "obtain the supplier's answer to %s", qf->name));
        return false;
    }
    if (!qf->decl->has_expect) {
        TRACE(e, "answer %s = %s (%s)", qf->name, ck_present_value(&e->pr, a, qf->type.scale), where(e, a->span));
        return true;
    }
    ck_value want = ck_scope_value(&e->scope, qf->decl->expect);
    bool holds = !want.present || ck_value_compare(a, qf->decl->expect_op, &want);
    TRACE(e, "answer %s = %s (%s) %s %s (%s): %s", qf->name, ck_present_value(&e->pr, a, qf->type.scale),
          where(e, a->span), ck_cmp_op_text(qf->decl->expect_op), ck_present_value(&e->pr, &want, qf->type.scale),
          where(e, qf->decl->expect->span), holds ? "holds" : "fails");
    cover(e, rc, r->cover_base + (int)i, holds);
    if (holds)
        return true;
    if (!rc->emit)
        return false;
    const char *got_s = ck_present_value(&e->pr, a, qf->type.scale), *want_s = ck_present_value(&e->pr, &want, qf->type.scale);
    FAIL(e, rc, CK_FK_QUESTIONNAIRE_ANSWER, a->span,
         fmt(e, "answer %s is %s; the policy expects %s%s", qf->name, got_s, ck_bound_words(qf->decl->expect_op), want_s),
         fmt(e, "agree a remedy with the supplier so that %s is %s%s, or declare a gap", qf->name,
             ck_bound_words(qf->decl->expect_op), want_s));
    return false;
}

/* `within DURATION`: the questionnaire answered no longer ago than the policy allows. */
static bool questionnaire_fresh(ev *e, const ck_rule *r, const rule_ctx *rc, const ck_rec_questionnaire *have)
{
    const char *name = e->p->questionnaires[r->target_ref].name;
    const ck_value *d = &have->answered;
    const char *lacking = missing_threshold(e, r->within);
    if (lacking) {
        fail_threshold(e, rc, have->span, fmt(e, "the answered date of questionnaire %s", name), lacking);
        return false;
    }
    if (d->invalid) {
        fail_invalid(e, rc, CK_FK_QUESTIONNAIRE_STALE, d->span.src ? d->span : have->span,
                     fmt(e, "questionnaire %s gives its answered date in a form that is not valid", name));
        return false;
    }
    ck_value limit = ck_scope_value(&e->scope, r->within);
    bool holds = d->present && ck_date_within(d->u.date, limit.u.duration, e->opts->as_of);
    char lim[32];
    ck_duration_format(limit.u.duration, lim, sizeof lim);
    TRACE(e, "answered = %s (%s) within %s: %s", ck_present_value(&e->pr, d, NULL),
          d->present ? where(e, d->span) : "not recorded", lim, holds ? "holds" : "fails");
    if (holds || !rc->emit)
        return holds;
    if (!d->present) {
        FAIL(e, rc, CK_FK_QUESTIONNAIRE_STALE, have->span,
             fmt(e, "questionnaire %s: the record gives no answered date; the policy wants answers within %s", name, lim),
             fmt(e, "record the date questionnaire %s was answered ('answered:')", name));
        return false;
    }
    char date[16], asof[16];
    ck_date_format(d->u.date, date);
    ck_date_format(e->opts->as_of, asof);
    FAIL(e, rc, CK_FK_QUESTIONNAIRE_STALE, d->span.src ? d->span : have->span,
         fmt(e, "questionnaire %s was answered on %s, more than %s before %s", name, date, lim, asof),
         fmt(e, "send questionnaire %s again and record the new answers and their date", name));
    return false;
}

static bool eval_questionnaire(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    const ck_questionnaire *q = &e->p->questionnaires[r->target_ref];
    const ck_rec_questionnaire *have = &e->rec->questionnaires[r->target_ref];
    int need = 0;
    if (r->limit) {
        ck_value v = ck_scope_value(&e->scope, r->limit);
        need = v.present ? v.u.level : 0;
    }
    const char *need_s = q->depths.names[need];
    TRACE(e, have->present ? "answered at depth %s (%s); required: %s" : "not answered%s%s; required: %s",
          have->present ? ck_present_value(&e->pr, &have->depth, &q->depths) : "", have->present ? where(e, have->span) : "", need_s);
    if (!have->present) {
        FAIL(e, rc, CK_FK_QUESTIONNAIRE_MISSING, e->rec->questionnaires_span,
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
        FAIL(e, rc, CK_FK_QUESTIONNAIRE_DEPTH, have->depth.present ? have->depth.span : have->span,
             fmt(e, "questionnaire %s was answered at depth %s; %s %s", q->name, got, who_requires(e, r->limit), need_s),
             fmt(e, "send questionnaire %s at depth %s", q->name, need_s));
        return false;
    }
    /* stale answers are not weighed: the fix is to ask again, whatever they say */
    if (r->within && !questionnaire_fresh(e, r, rc, have))
        return false;
    bool ok = true;
    for (size_t i = 0; i < q->nquestions; i++)
        if (q->questions[i].from_depth <= need)
            ok = eval_answer(e, r, rc, have, i) && ok;
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
    ck_value limit = ck_scope_value(&e->scope, r->limit);
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
    TRACE(e, "%s = %s (%s); it must be on or after %s (%s before %s)", r->field.text,
          ck_present_value(&e->pr, d, NULL), d->present ? where(e, d->span) : "not given", cutoff, lim, asof);
    if (d->invalid) {
        fail_invalid(e, rc, CK_FK_ASSESSMENT_OVERDUE, d->span.src ? d->span : e->rec->contract_span,
                     fmt(e, "the contract gives %s in a form that is not valid", r->field.text));
        return false;
    }
    if (!d->present) {
        /* The date belongs in the contract section: point there when it exists. */
        FAIL(e, rc, CK_FK_ASSESSMENT_OVERDUE, e->rec->contract_span,
             fmt(e, "the contract records no %s date; tier %s requires one within %s", r->field.text,
                 e->p->tiers.names[e->scope.tier], lim),
             date_action(e, r->field.text, true));
        return false;
    }
    if (!ck_date_within(d->u.date, limit.u.duration, e->opts->as_of)) {
        ck_date_format(d->u.date, date);
        FAIL(e, rc, CK_FK_ASSESSMENT_OVERDUE, d->span,
             fmt(e, "%s is %s, more than %s before %s (tier %s)", r->field.text, date, lim, asof,
                 e->p->tiers.names[e->scope.tier]),
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
        ck_present_rule(&e->pr, r, d, sizeof d);
        line = TRACE(e, "%s (%s)", d, where(e, r->span));
    }
    e->trace_depth++;
    bool ok = eval_rule_kind(e, r, rc);
    e->trace_depth--;
    if (line)
        line->text = fmt(e, "%s: %s", line->text, ok ? "met" : "not met");
    cover(e, rc, r->index, ok);
    return ok;
}

/* "location = \"US\", cleared = false": the fields a condition read, for its finding. */
static const char *said(ev *e, const ck_expr *cond, ck_span *first)
{
    reads rd = {.n = 0};
    collect_reads(cond, &rd);
    char buf[512];
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < rd.n && at < sizeof buf; i++) {
        const ck_field *f = read_field(e, rd.names[i]);
        const ck_value *v = read_value(e, rd.names[i]);
        at += (size_t)ck_snprintf(buf + at, sizeof buf - at, "%s%s is %s", i ? ", " : "", f->name,
                                  ck_present_value(&e->pr, v, f->type.scale));
        if (!first->src && v->span.src)
            *first = v->span;
    }
    return fmt(e, "%s", buf);
}

/* The fix for a condition that cannot be decided: state what it lacks, where it belongs (the
 * party's profile, or the supplier's when the condition reads the supplier's profile). */
static const char *where_missing(ev *e, const ck_expr *cond)
{
    reads rd = {.n = 0};
    collect_reads(cond, &rd);
    char party[256] = "", supplier[256] = "";
    size_t pa = 0, sa = 0;
    for (size_t i = 0; i < rd.n; i++) {
        if (read_value(e, rd.names[i])->present)
            continue;
        bool own = rd.names[i]->is_party_field;
        char *buf = own ? party : supplier;
        size_t *at = own ? &pa : &sa;
        if (*at < sizeof party)
            *at += (size_t)ck_snprintf(buf + *at, sizeof party - *at, "%s%s", *at ? ", " : "",
                                       read_field(e, rd.names[i])->name);
    }
    const ck_rec_party *pt = e->party;
    if (party[0] && supplier[0])
        return fmt(e, "state %s in the profile of %s %s, and %s in the supplier's profile", party, pt->kind_name,
                   pt->id ? pt->id : "", supplier);
    if (supplier[0])
        return fmt(e, "state %s in the supplier's profile", supplier);
    return fmt(e, "state %s in the profile of %s %s", party[0] ? party : "the missing fields", pt->kind_name,
               pt->id ? pt->id : "");
}

/* ensure COND: on the profile at the supplier's level, on the party's fields inside `for`. */
static bool eval_ensure(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    ck_tri t = ck_scope_cond(&e->scope, r->cond);
    trace_cond(e, "ensure", r->cond, t);
    if (t == CK_TRI_TRUE)
        return true;
    if (!rc->emit)
        return false;
    char cond[256];
    ck_expr_to_string(r->cond, cond, sizeof cond);
    ck_span at = {0};
    const char *facts = said(e, r->cond, &at);
    ck_span fallback = e->party ? e->party->span : e->subj->fields_span;
    if (t == CK_TRI_UNKNOWN) {
        FAIL(e, rc, e->party ? CK_FK_PARTY_INCOMPLETE : CK_FK_PROFILE_INCOMPLETE, fallback,
             fmt(e, "'%s' cannot be decided: %s", cond, facts),
             e->party ? where_missing(e, r->cond) : fmt(e, "state the missing fields in the record's profile"));
        return false;
    }
    FAIL(e, rc, CK_FK_CONDITION_UNMET, at.src ? at : fallback, fmt(e, "%s does not hold: %s", cond, facts),
         e->party ? fmt(e, "make %s hold for %s %s and record it, or declare a gap",
                        cond, e->party->kind_name, e->party->id)
                  : fmt(e, "make %s hold and record it, or declare a gap", cond));
    return false;
}

/* ---- parties: for each|some|no|at least N|at most N KIND [where COND] [{ rules }] ---- */

/* Looks at party pt: the scope's names read its fields, rules its clauses and evidence. */
static void enter_party(ev *e, const ck_rec_party *pt)
{
    e->party = pt;
    e->subj = &pt->subject;
    e->scope.party = pt;
}

/* A party whose filter cannot be decided: never skipped in silence. It is held to the rules
 * (each, no, at most), or does not count toward the parties that meet them (some, at least). */
static void filter_unknown(ev *e, const ck_rule *r, const rule_ctx *rc, const ck_rec_party *pt)
{
    char cond[256];
    ck_expr_to_string(r->cond, cond, sizeof cond);
    ck_span at = {0};
    const char *facts = said(e, r->cond, &at);
    bool held = r->quant == CK_QUANT_EACH || r->quant == CK_QUANT_NO || r->quant == CK_QUANT_AT_MOST;
    FAIL(e, rc, CK_FK_PARTY_INCOMPLETE, pt->span,
         fmt(e, "whether 'where %s' covers it cannot be decided (%s); it %s", cond, facts,
             held ? "is held to the rule as if it did" : "does not count toward the rule"),
         where_missing(e, r->cond));
}

/* Whether one party (its filter passed or unknown) meets the quantifier's block; findings emitted
 * only for `each`, where every party is held to the rules on its own account. */
static bool party_meets(ev *e, const ck_rule *r, const rule_ctx *rc, size_t before, char *why, size_t n, size_t *at)
{
    if (!r->has_block)
        return true;
    rule_ctx inner = *rc;
    if (r->quant != CK_QUANT_EACH) {
        inner.probing = true; /* their findings become reasons in one message, then go */
        inner.emit = rc->emit;
    }
    bool ok = eval_rules(e, &r->children, &inner);
    if (r->quant == CK_QUANT_EACH)
        return ok;
    for (size_t k = before; !ok && k < e->res->findings.len && *at < n; k++) {
        const ck_finding *f = e->res->findings.items[k];
        *at += (size_t)ck_snprintf(why + *at, n - *at, "%s%s", *at ? "; " : "", f->message);
    }
    e->res->findings.len = before;
    return ok;
}

typedef struct {
    size_t listed, matched, meeting;
    size_t undecided;      /* parties whose filter is unknown: each one leaves the rule unmet */
    ck_vec offenders;      /* ck_rec_party *: for no / at most, the parties that count against the rule */
} quant_tally;

static void quant_verdict_finding(ev *e, const ck_rule *r, const rule_ctx *rc, const quant_tally *t, const char *why)
{
    char filter[256] = "";
    if (r->cond) {
        char cond[240];
        ck_expr_to_string(r->cond, cond, sizeof cond);
        ck_snprintf(filter, sizeof filter, " where %s", cond);
    }
    ck_span at = e->subj->parties_span.src ? e->subj->parties_span : e->party ? e->party->span : e->rec->span;
    size_t need = r->quant == CK_QUANT_SOME ? 1 : (size_t)r->count;
    FAIL(e, rc, CK_FK_PARTIES_INSUFFICIENT, at,
         t->matched ? fmt(e, "%zu of the %zu listed %s%s%s meet%s the rule; it needs %s%zu%s%s", t->meeting, t->matched,
                          r->target.text, t->matched == 1 ? "" : "s", filter, t->meeting == 1 ? "s" : "",
                          r->quant == CK_QUANT_SOME ? "" : "at least ", need, why[0] ? ": " : "", why)
                    : fmt(e, "no %s%s is listed; the rule needs %s%zu", r->target.text, filter,
                          r->quant == CK_QUANT_SOME ? "" : "at least ", need),
         fmt(e, "list the %s that meet%s the rule, with what it carries, or declare a gap", r->target.text,
             need == 1 ? "s" : ""));
}

/* for no / at most: each party that counts against the rule is reported at its own entry. */
static void quant_offenders(ev *e, const ck_rule *r, const rule_ctx *rc, const quant_tally *t)
{
    char filter[256] = "";
    if (r->cond)
        ck_expr_to_string(r->cond, filter, sizeof filter);
    for (size_t i = 0; i < t->offenders.len; i++) {
        enter_party(e, t->offenders.items[i]);
        if (r->quant == CK_QUANT_NO)
            FAIL(e, rc, CK_FK_PARTY_NOT_ALLOWED, e->party->span,
                 fmt(e, "the policy allows no %s%s%s%s", r->target.text, filter[0] ? " where " : "", filter,
                     r->has_block ? " that meets the rule" : ""),
                 fmt(e, "replace or remove %s %s, or declare a gap", e->party->kind_name, e->party->id ? e->party->id : ""));
        else
            FAIL(e, rc, CK_FK_PARTY_NOT_ALLOWED, e->party->span,
                 fmt(e, "one of the %zu listed %s%s%s%s%s; the policy allows at most %lld", t->offenders.len,
                     r->target.text, t->offenders.len == 1 ? "" : "s", filter[0] ? " where " : "", filter,
                     r->has_block ? (t->offenders.len == 1 ? " that meets the rule" : " that meet the rule") : "",
                     (long long)r->count),
                 fmt(e, "list at most %lld, or declare a gap", (long long)r->count));
    }
}

static bool eval_quantifier(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    const ck_rec_subject *outer = e->subj;
    const ck_rec_party *outer_party = e->party;
    quant_tally t = {0};
    bool each_ok = true;
    char why[1024] = "";
    size_t at = 0;
    for (size_t i = 0; i < outer->parties.len; i++) {
        const ck_rec_party *pt = outer->parties.items[i];
        if (pt->kind != r->target_ref)
            continue;
        t.listed++;
        enter_party(e, pt);
        ck_tri f = r->cond ? ck_scope_cond(&e->scope, r->cond) : CK_TRI_TRUE;
        if (r->cond)
            trace_cond(e, fmt(e, "%s %s (%s): where", pt->kind_name, pt->id ? pt->id : "?", where(e, pt->span)), r->cond, f);
        else
            TRACE(e, "%s %s (%s)", pt->kind_name, pt->id ? pt->id : "?", where(e, pt->span));
        if (f == CK_TRI_UNKNOWN) {
            filter_unknown(e, r, rc, pt);
            t.undecided++;
        }
        if (f != CK_TRI_FALSE) {
            size_t before = e->res->findings.len;
            e->trace_depth++;
            bool meets = party_meets(e, r, rc, before, why, sizeof why, &at);
            e->trace_depth--;
            TRACE(e, "%s %s", pt->id ? pt->id : "?", meets ? "meets the rule" : "does not meet the rule");
            t.matched += f == CK_TRI_TRUE;
            t.meeting += meets && f == CK_TRI_TRUE;
            each_ok = each_ok && meets && f == CK_TRI_TRUE;
            if (meets && (r->quant == CK_QUANT_NO || r->quant == CK_QUANT_AT_MOST))
                ck_vec_push(e->arena, &t.offenders, (void *)pt);
        }
    }
    e->subj = outer;
    e->party = outer_party;
    e->scope.party = outer_party;
    bool counted; /* the count the quantifier asks for, undecided parties counted the stricter way */
    switch (r->quant) {
    case CK_QUANT_EACH: counted = each_ok; break;
    case CK_QUANT_SOME: counted = t.meeting >= 1; break;
    case CK_QUANT_AT_LEAST: counted = t.meeting >= (size_t)r->count; break;
    case CK_QUANT_NO: counted = t.offenders.len == 0; break;
    case CK_QUANT_AT_MOST: counted = t.offenders.len <= (size_t)r->count; break;
    default: counted = false; break;
    }
    TRACE(e, "%zu listed, %zu where the filter holds, %zu meeting the rule%s", t.listed, t.matched, t.meeting,
          t.undecided ? fmt(e, ", %zu undecided", t.undecided) : "");
    if (!counted && (r->quant == CK_QUANT_SOME || r->quant == CK_QUANT_AT_LEAST))
        quant_verdict_finding(e, r, rc, &t, why);
    if (!counted && (r->quant == CK_QUANT_NO || r->quant == CK_QUANT_AT_MOST))
        quant_offenders(e, r, rc, &t);
    e->subj = outer;
    e->party = outer_party;
    e->scope.party = outer_party;
    /* A party-incomplete finding was made for each undecided party: the rule is not met until the
     * fields are stated, whatever the count, so that the outcome and the findings agree (a met
     * requirement has no findings; review's verdict and check's gate say the same). */
    return counted && t.undecided == 0;
}

static bool eval_rule_kind(ev *e, const ck_rule *r, const rule_ctx *rc)
{
    switch (r->kind) {
    case CK_RULE_CLAUSE: return eval_clause(e, r, rc);
    case CK_RULE_EVIDENCE: return eval_evidence(e, r, rc);
    case CK_RULE_QUESTIONNAIRE: return eval_questionnaire(e, r, rc);
    case CK_RULE_DATE: return eval_date(e, r, rc);
    case CK_RULE_ALL: return eval_rules(e, &r->children, rc);
    case CK_RULE_ENSURE: return eval_ensure(e, r, rc);
    case CK_RULE_QUANT: return eval_quantifier(e, r, rc);
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
                span = e->subj->evidence_span;
        for (size_t i = 0; i < r->children.len; i++) {
            size_t before = e->res->findings.len;
            capture.emit = rc->emit;
            bool ok = eval_rule(e, r->children.items[i], &capture);
            /* Messages may contain "; " themselves: number the alternatives so that it is clear
             * where one's reasons end, and join the reasons of one alternative with "and". */
            for (size_t k = before; !ok && k < e->res->findings.len && at < sizeof why; k++) {
                const ck_finding *f = e->res->findings.items[k];
                if (k == before)
                    at += (size_t)ck_snprintf(why + at, sizeof why - at, "%s(%zu) %s", at ? "; " : "", i + 1,
                                              f->message);
                else
                    at += (size_t)ck_snprintf(why + at, sizeof why - at, ", and %s", f->message);
                if (!span.src)
                    span = f->span;
            }
            e->res->findings.len = before;
            if (ok)
                return true;
        }
        char alts[1024];
        ck_present_rules(&e->pr, &r->children, "; or ", alts, sizeof alts);
        FAIL(e, rc, CK_FK_ALTERNATIVES_UNMET, span,
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
            ck_tri t = arm->cond ? ck_scope_cond(&e->scope, arm->cond) : CK_TRI_TRUE;
            if (arm->cond)
                trace_cond(e, "guard", arm->cond, t);
            else
                TRACE(e, "otherwise (%s)", where(e, arm->span));
            if (t == CK_TRI_FALSE)
                continue;
            ok = eval_rule(e, arm->rule, rc) && ok;
            if (t == CK_TRI_TRUE)
                break;
        }
        return ok;
    }
    }
    return true;
}

/* ---- evidence files, gaps, the record ---- */

/* An evidence entry of a kind the policy does not declare: a slip of the keyboard is named, a
 * different kind of document is not relabelled as one the policy knows. */
static void wrong_kind(ev *e, const ck_rec_evidence *en)
{
    size_t n = e->p->nevidence_kinds, at = 0;
    const char **names = CK_NAMES_OF(e->arena, e->p->evidence_kinds, n, name);
    char list[512];
    list[0] = '\0';
    for (size_t k = 0; names && k < n && at < sizeof list; k++)
        at += (size_t)ck_snprintf(list + at, sizeof list - at, "%s%s", k ? ", " : "", names[k]);
    const char *close = en->kind_name && names ? ck_misspelling(en->kind_name, names, n) : NULL;
    add_finding(e, CK_FK_EVIDENCE_WRONG_KIND, CK_SEV_WARNING, -1, en->kind_span.src ? en->kind_span : en->span,
                fmt(e, "evidence kind '%s' is not declared by the policy", en->kind_name ? en->kind_name : "?"),
                close ? fmt(e, "did you mean '%s'?", close)
                : n   ? fmt(e, "use one of the policy's evidence kinds (%s), or remove the entry", list)
                      : "remove the entry: the policy declares no evidence kinds");
}

/* An evidence file that failed its checks (confinement, type, readability, hash). */
static void file_finding(ev *e, const ck_rec_evidence *en, ck_evfile_status st, const ck_evfile_result *fr)
{
    static const ck_finding_kind by_status[] = {
        [CK_EVFILE_MISSING] = CK_FK_EVIDENCE_FILE_MISSING,   [CK_EVFILE_OUTSIDE_ROOT] = CK_FK_EVIDENCE_OUTSIDE_ROOT,
        [CK_EVFILE_NOT_REGULAR] = CK_FK_EVIDENCE_NOT_REGULAR, [CK_EVFILE_UNREADABLE] = CK_FK_EVIDENCE_UNREADABLE,
        [CK_EVFILE_HASH_MISMATCH] = CK_FK_EVIDENCE_HASH_MISMATCH, [CK_EVFILE_CHANGED] = CK_FK_EVIDENCE_CHANGED,
        [CK_EVFILE_BAD_PATH] = CK_FK_EVIDENCE_BAD_PATH,      [CK_EVFILE_TOO_LARGE] = CK_FK_EVIDENCE_UNREADABLE,
    };
    const char *fix;
    switch (st) {
    case CK_EVFILE_HASH_MISMATCH:
        fix = fmt(e, "check that %s is the document that was reviewed; if it is, record sha256 %s", en->file,
                  fr->sha256_hex);
        break;
    case CK_EVFILE_OUTSIDE_ROOT: fix = "keep evidence files inside the contract repository and name them by a relative path"; break;
    case CK_EVFILE_MISSING: fix = fmt(e, "add the file %s to the repository or correct the path", en->file); break;
    case CK_EVFILE_UNREADABLE: fix = "make the file readable by the account that runs clausecheck (in CI, the job's user)"; break;
    case CK_EVFILE_CHANGED: fix = "run the check again once nothing is writing to the repository"; break;
    default: fix = "replace the path with a regular, readable file inside the repository"; break;
    }
    /* The detail often starts by quoting the whole path: then do not quote it twice. */
    size_t flen = strlen(en->file);
    bool quotes_path = fr->detail[0] == '\'' && strncmp(fr->detail + 1, en->file, flen) == 0 && fr->detail[flen + 1] == '\'';
    add_finding(e, by_status[st], CK_SEV_ERROR, -1, en->file_span,
                quotes_path ? fmt(e, "evidence file %s", fr->detail)
                            : fmt(e, "evidence file '%s': %s", en->file, fr->detail[0] ? fr->detail : ck_evfile_status_name(st)),
                fix);
}

/* Whether an entry's file can back a rule; findings say why not. Entries without a root to look
 * in (policy tests) are taken as they are. */
static bool entry_usable(ev *e, const ck_rec_evidence *en)
{
    if (en->kind < 0) {
        wrong_kind(e, en);
        return false;
    }
    if (!e->opts->root)
        return true;
    if (!en->file && en->file_span.src)
        return false; /* the file value is invalid: its record-invalid finding says so */
    if (!en->file) {
        add_finding(e, CK_FK_EVIDENCE_FILE_MISSING, CK_SEV_ERROR, -1, en->span,
                    fmt(e, "%s names no evidence file", en->kind_name),
                    fmt(e, "add 'file:' with the path of the %s in the repository", en->kind_name));
        return false;
    }
    ck_evfile_result fr;
    ck_evfile_status st =
        ck_evidence_check(e->opts->evidence_cache, e->opts->root, en->file, en->file_len, en->sha256, &fr);
    if (st == CK_EVFILE_OK)
        return true;
    file_finding(e, en, st, &fr);
    return false;
}

/* Every evidence entry of a subject and of the parties behind it, each finding naming its party. */
static void check_evidence_files(ev *e, const ck_rec_subject *s, const ck_rec_party *party)
{
    e->party = party;
    for (size_t i = 0; i < s->evidence.len; i++) {
        ck_rec_evidence *en = s->evidence.items[i];
        if (!e->opts->files_judged) /* else an earlier evaluation of this record judged them */
            en->unusable = !entry_usable(e, en);
    }
    for (size_t i = 0; i < s->parties.len; i++) {
        const ck_rec_party *pt = s->parties.items[i];
        check_evidence_files(e, &pt->subject, pt);
    }
    e->party = NULL;
}

/* Does the contract say what the record says? Only when the record names its documents, and a
 * cache to read them through is given (document_check.h). */
static int check_documents(ev *e)
{
    if (!e->opts->root || !e->opts->documents || !e->rec->documents.len)
        return 0;
    ck_doccheck dc = {.policy = e->p, .record = e->rec, .tier = e->scope.tier, .root = e->opts->root,
                      .cache = e->opts->documents, .arena = e->arena, .findings = &e->res->findings,
                      .trace = e->opts->trace, .tally = &e->res->documents};
    return ck_doccheck_record(&dc);
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

/*
 * An unmet requirement with a gap declared for it: an accepted gap (owner, expiry not passed)
 * replaces the requirement's findings, which start at `first`, since the risk is owned; an
 * expired, unowned or undated acceptance is reported and fails as it says.
 */
static void apply_gap(ev *e, int ri, const ck_rec_gap *g, size_t first)
{
    const ck_requirement *req = &e->p->reqs[ri];
    ck_req_result *out = &e->res->reqs[ri];
    char until[16] = "";
    if (g->expires.present)
        ck_date_format(g->expires.u.date, until);
    const char *why = g->reason ? g->reason : "no reason given";
    TRACE(e, "the record declares a gap for %s (%s)", req->id, where(e, g->span));
    if (g->accepted_by && g->expires.present && g->expires.u.date.days >= e->opts->as_of.days) {
        e->res->findings.len = first;
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
}

/* Marks a requirement not applicable to this record, and why. */
static void not_applicable(ev *e, int ri, unsigned char *cover, const char *reason)
{
    *cover |= CK_COVER_NOT_APPLICABLE;
    e->res->reqs[ri].outcome = CK_OUTCOME_NOT_APPLICABLE;
    e->res->reqs[ri].reason = reason;
    TRACE(e, "not applicable");
}

static void evaluate_requirement(ev *e, int ri)
{
    const ck_requirement *req = &e->p->reqs[ri];
    ck_req_result *out = &e->res->reqs[ri];
    const char *tier = e->p->tiers.names[e->scope.tier];
    unsigned char *cover = e->opts->coverage ? &e->opts->coverage->req_bits[ri] : &(unsigned char){0};
    e->trace_req = ri;
    TRACE(e, "%s %s (%s)", req->id, req->title, where(e, req->decl->name.span));
    e->trace_depth++;
    TRACE(e, "tiers %s to %s; the supplier's tier is %s", e->p->tiers.names[req->tier_lo],
          e->p->tiers.names[req->tier_hi], tier);
    if (e->scope.tier < req->tier_lo || e->scope.tier > req->tier_hi) {
        not_applicable(e, ri, cover, e->p->not_for_tier[e->scope.tier]);
        return;
    }
    ck_tri applies = req->decl->when ? e->applies[ri] : CK_TRI_TRUE;
    if (req->decl->when)
        trace_cond(e, "applies when", req->decl->when, applies);
    if (applies == CK_TRI_FALSE) {
        not_applicable(e, ri, cover, req->when_reason);
        return;
    }
    size_t before = e->res->findings.len;
    rule_ctx rc = {.req = ri, .sev = req->severity, .emit = true};
    bool met = eval_rules(e, &req->decl->rules, &rc);
    out->outcome = met ? CK_OUTCOME_MET : CK_OUTCOME_UNMET;
    *cover |= met ? CK_COVER_MET : CK_COVER_UNMET;
    if (!met && e->rec->gap_of_req[ri])
        apply_gap(e, ri, e->rec->gap_of_req[ri], before);
}

/* "a, b, c": the profile fields in `set`; with only_invalid 0 or 1, just those whose record value
 * is (1) or is not (0) invalid. */
static void join_fields(const ev *e, const bool *set, int only_invalid, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t f = 0; f < e->p->nprofile && at < n; f++)
        if (set[f] && (only_invalid < 0 || e->rec->subject.fields[f].invalid == (only_invalid == 1)))
            at += (size_t)ck_snprintf(buf + at, n - at, "%s%s", at ? ", " : "", e->p->profile[f].name);
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
        if (!req->decl->when || e->scope.tier < req->tier_lo || e->scope.tier > req->tier_hi)
            continue;
        e->applies[r] = ck_scope_cond(&e->scope, req->decl->when);
        if (e->applies[r] != CK_TRI_UNKNOWN)
            continue;
        /* Only the fields this condition reads are visited and cleared: no pass over the whole
         * profile per requirement. */
        read.len = 0;
        ck_expr_profile_fields(req->decl->when, seen, &read, e->arena);
        bool news = false;
        for (size_t i = 0; i < read.len; i++) {
            size_t f = (size_t)(intptr_t)read.items[i];
            seen[f] = false;
            if (!e->rec->subject.fields[f].present && !(already_named && already_named[f]))
                fields[f] = news = true;
        }
        if (!news)
            continue;
        if (nreqs < 4 && at < sizeof reqs)
            at += (size_t)ck_snprintf(reqs + at, sizeof reqs - at, "%s%s", nreqs ? ", " : "", req->id);
        nreqs++;
    }
    if (!nreqs)
        return 0;
    char names[512];
    join_fields(e, fields, -1, names, sizeof names);
    add_finding(e, CK_FK_PROFILE_INCOMPLETE, CK_SEV_ERROR, -1,
                e->rec->subject.fields_span.src ? e->rec->subject.fields_span : e->rec->span,
                fmt(e, "the risk profile does not give %s; %zu requirement%s that depend%s on it %s checked as if it "
                       "applied (%s%s)",
                    names, nreqs, nreqs == 1 ? "" : "s", nreqs == 1 ? "s" : "", nreqs == 1 ? "is" : "are", reqs,
                    nreqs > 4 ? ", ..." : ""),
                fmt(e, "state %s in the record's profile so the policy can tell whether %s", names,
                    nreqs == 1 ? "it applies" : "they apply"));
    return 0;
}

/* The tier could not be decided for want of profile fields: say which, and the tier held to. */
static void report_uncertain_tier(ev *e, const bool *tier_missing)
{
    /* An invalid field is unknown too, but "lacks" would send the reader looking for a key that
     * is there: name the two apart. */
    char names[512], missing[512], invalid[512], what[1100];
    join_fields(e, tier_missing, -1, names, sizeof names);
    join_fields(e, tier_missing, 0, missing, sizeof missing);
    join_fields(e, tier_missing, 1, invalid, sizeof invalid);
    ck_snprintf(what, sizeof what, "%s%s%s%s%s", missing[0] ? "lacks " : "", missing,
                missing[0] && invalid[0] ? " and " : "", invalid[0] ? "gives no valid value for " : "", invalid);
    add_finding(e, CK_FK_PROFILE_INCOMPLETE, CK_SEV_ERROR, -1,
                e->rec->subject.fields_span.src ? e->rec->subject.fields_span : e->rec->span,
                fmt(e, "the risk profile %s; the supplier is held to tier %s, the highest it could be in", what,
                    e->p->tiers.names[e->res->tier]),
                fmt(e, "complete the profile (%s) so the tier can be decided", names));
}

/* Gaps naming a requirement the policy does not have. */
static void check_gap_ids(ev *e)
{
    const ck_policy *policy = e->p;
    for (size_t i = 0; i < e->rec->gaps.len; i++) {
        const ck_rec_gap *g = e->rec->gaps.items[i];
        if (g->req >= 0)
            continue;
        /* Often the right id written differently (bl-12, BL12): name it. An edit-distance guess
         * would offer BL-15 for BL-16, a different requirement, so only spelling is forgiven. */
        const char *close = NULL;
        for (size_t r = 0; r < policy->nreqs && !close; r++)
            if (same_id(g->requirement, policy->reqs[r].id))
                close = policy->reqs[r].id;
        add_finding(e, CK_FK_GAP_UNKNOWN_REQUIREMENT, CK_SEV_WARNING, -1, g->span,
                    fmt(e, "gap names requirement '%s', which the policy does not have", g->requirement),
                    close ? fmt(e, "did you mean '%s'? Ids are exact: write it as the policy does, or remove the gap", close)
                          : "correct the requirement id or remove the gap");
    }
}

/* Where a party is behind the supplier, outermost first, each kind and id with its length so that
 * no two places read alike ("3:sub4:mail"); like snprintf, returns the length it needs. */
static size_t party_place(const ck_rec_party *pt, char *buf, size_t n)
{
    size_t at = pt->parent ? party_place(pt->parent, buf, n) : 0;
    const char *kind = pt->kind_name ? pt->kind_name : "", *id = pt->id ? pt->id : "";
    return at + (size_t)ck_snprintf(at < n ? buf + at : NULL, at < n ? n - at : 0, "%zu:%s%zu:%s", strlen(kind), kind,
                                    strlen(id), id);
}

/*
 * Counts findings per severity and, when asked, gives each its fingerprint: supplier, requirement
 * (or "record"), kind and the occurrence among findings sharing those three, so that a finding
 * stays the same one across runs when only the values in its message change. A finding about
 * a party adds the party's place (hashed, however long its chain of ids) and counts its
 * occurrence among that party's own findings, so that listing, removing or reordering other
 * parties leaves it the same one. The supplier's own findings keep their version-1 fingerprints.
 */
static int fingerprint_findings(ev *e)
{
    const ck_policy *policy = e->p;
    const ck_record *record = e->rec;
    ck_result *out = e->res;
    for (size_t i = 0; i < out->findings.len; i++)
        out->count[((const ck_finding *)out->findings.items[i])->severity]++;
    if (!e->opts->fingerprints || !out->findings.len)
        return 0;
    unsigned *seen = ck_arena_alloc(e->arena, (policy->nreqs + 1) * CK_FK_COUNT * sizeof *seen);
    unsigned *party_seen = ck_arena_alloc(e->arena, (out->findings.len + 1) * sizeof *party_seen);
    ck_name_index party_ix; /* requirement, kind and party -> its counter in party_seen */
    if (!seen || !party_seen || ck_name_index_init(&party_ix, e->arena, out->findings.len) != 0)
        return -1;
    int nparty = 0;
    for (size_t i = 0; i < out->findings.len; i++) {
        ck_finding *f = out->findings.items[i];
        size_t nth;
        const char *place = NULL;
        if (f->party) {
            const char *which = ck_arena_printf(e->arena, "%d %d %p", f->req, (int)f->kind, (const void *)f->party);
            size_t len = party_place(f->party, NULL, 0);
            char *path = ck_arena_alloc(e->arena, len + 1);
            if (!which || !path)
                return -1;
            int c = ck_name_index_find(&party_ix, which);
            if (c < 0)
                ck_name_index_put(&party_ix, which, c = nparty++);
            nth = party_seen[c]++;
            party_place(f->party, path, len + 1);
            place = path;
        } else {
            nth = seen[(size_t)(f->req + 1) * CK_FK_COUNT + f->kind]++;
        }
        if (ck_finding_fingerprint_at(record->supplier_id ? record->supplier_id : record->path,
                                      f->req >= 0 ? policy->reqs[f->req].id : "record", f->kind, nth, place,
                                      f->fingerprint) != 0)
            return -1;
    }
    return 0;
}

int ck_eval_record(const ck_policy *policy, ck_record *record, const ck_eval_options *opts, ck_result *out)
{
    memset(out, 0, sizeof *out);
    out->record = record;
    ev e = {.p = policy, .rec = record, .opts = opts, .res = out, .arena = record->arena, .trace_req = -1};
    e.scope = (ck_scope){.policy = policy, .record = record};
    e.subj = &record->subject;
    e.pr = (ck_presenter){.scope = &e.scope, .arena = record->arena};
    out->reqs = ck_arena_alloc(e.arena, (policy->nreqs + 1) * sizeof *out->reqs);
    e.scope.missing_read = ck_arena_alloc(e.arena, policy->nprofile + 1);
    bool *tier_missing = ck_arena_alloc(e.arena, policy->nprofile + 1);
    e.applies = ck_arena_alloc(e.arena, (policy->nreqs + 1) * sizeof *e.applies);
    if (!out->reqs || !e.scope.missing_read || !tier_missing || !e.applies)
        return -1;
    for (size_t i = 0; i < record->problems.len; i++) {
        const ck_rec_problem *pr = record->problems.items[i];
        add_finding(&e, CK_FK_RECORD_INVALID, CK_SEV_ERROR, -1, pr->span, pr->message, pr->hint);
    }
    decide_tier(&e);
    out->decided_tier = out->tier;
    if (opts->force_tier && opts->tier >= 0 && (size_t)opts->tier < policy->tiers.count) {
        e.scope.tier = opts->tier;
        out->tier = opts->tier;
    }
    /* The fields tiering read while unknown; requirement conditions may read more. */
    memcpy(tier_missing, e.scope.missing_read, policy->nprofile);
    if (out->tier_uncertain)
        report_uncertain_tier(&e, tier_missing);
    if (decide_conditions(&e, out->tier_uncertain ? tier_missing : NULL) != 0)
        return -1;
    check_evidence_files(&e, &record->subject, NULL);
    if (check_documents(&e) != 0)
        return -1;
    check_gap_ids(&e);
    for (size_t k = 0; k < policy->nreqs; k++) {
        size_t r = policy->req_order[k];
        evaluate_requirement(&e, (int)r);
        e.trace_depth = 1;
        const ck_req_result *rr = &out->reqs[r];
        if (rr->outcome != CK_OUTCOME_NOT_APPLICABLE)
            TRACE(&e, "outcome: %s%s%s", ck_outcome_name(rr->outcome), rr->reason ? ", " : "", rr->reason ? rr->reason : "");
        e.trace_depth = 0;
        e.trace_req = -1;
    }
    if (fingerprint_findings(&e) != 0)
        return -1;
    return e.oom || e.pr.oom ? -1 : 0;
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
