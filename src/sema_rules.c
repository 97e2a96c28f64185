/* The checker's requirements: tier ranges, conditions and rules resolved, contradictions found. */
#include <string.h>

#include "expr_print.h"
#include "record_schema.h"
#include "sema_private.h"
#include "textutil.h"

/* The values one parameter may take, as literal bounds narrow it (for contradictions). */
typedef struct {
    bool has_lo, lo_incl, has_hi, hi_incl;
    ck_number lo, hi;
} interval;

static bool interval_add(interval *iv, ck_cmp_op op, ck_number v)
{
    switch (op) {
    case CK_OP_EQ:
        return interval_add(iv, CK_OP_GE, v) && interval_add(iv, CK_OP_LE, v);
    case CK_OP_NE: break;
    case CK_OP_LT:
    case CK_OP_LE:
        if (!iv->has_hi || ck_number_cmp(v, iv->hi) < 0 || (ck_number_cmp(v, iv->hi) == 0 && op == CK_OP_LT)) {
            iv->has_hi = true;
            iv->hi = v;
            iv->hi_incl = op == CK_OP_LE;
        }
        break;
    case CK_OP_GT:
    case CK_OP_GE:
        if (!iv->has_lo || ck_number_cmp(v, iv->lo) > 0 || (ck_number_cmp(v, iv->lo) == 0 && op == CK_OP_GT)) {
            iv->has_lo = true;
            iv->lo = v;
            iv->lo_incl = op == CK_OP_GE;
        }
        break;
    }
    if (iv->has_lo && iv->has_hi) {
        int c = ck_number_cmp(iv->lo, iv->hi);
        if (c > 0)
            return false;
        if (c == 0 && !(iv->lo_incl && iv->hi_incl))
            return false;
    }
    return true;
}

static void check_rule(ck_sema *ck, ck_requirement *req, ck_rule *r);

static void check_rules(ck_sema *ck, ck_requirement *req, ck_vec *rules)
{
    for (size_t i = 0; i < rules->len; i++)
        check_rule(ck, req, rules->items[i]);
}

static void check_clause_rule(ck_sema *ck, ck_rule *r)
{
    ck_policy *p = ck->p;
    int c = ck_policy_clause(p, r->target.text);
    r->target_ref = c;
    if (c < 0) {
        ck_diag *d = ck_sema_error(ck, r->target.span, "unknown clause '%s'", r->target.text);
        ck_sema_hint_closest(ck, d, r->target.text, CK_NAMES_OF(ck->arena, p->clauses, p->nclauses, name), p->nclauses);
        if (d && !d->hint)
            HINT(d, "declare it: clause %s \"what the clause says\" { ... }", r->target.text);
        return;
    }
    ck_clause *cl = &p->clauses[c];
    cl->used = true;
    for (size_t i = 0; i < r->params.len; i++) {
        ck_param_test *pt = r->params.items[i];
        int k = ck_field_index(cl->params, cl->nparams, pt->param.text);
        pt->param_index = k;
        if (k < 0) {
            ck_diag *d = ck_sema_error(ck, pt->param.span, "clause '%s' has no parameter '%s'", cl->name, pt->param.text);
            ck_sema_hint_closest(ck, d, pt->param.text, CK_NAMES_OF(ck->arena, cl->params, cl->nparams, name), cl->nparams);
            continue;
        }
        ck_field *pf = &cl->params[k];
        pf->used = true;
        char b[128];
        if (!pt->value) {
            if (pf->type.kind != CK_TYPE_BOOL) {
                ck_diag *d = ck_sema_error(ck, pt->span, "parameter '%s' is a %s, so it needs a comparison", pf->name,
                                      ck_type_name(pf->type, b, sizeof b));
                HINT(d, "e.g. %s %s", pf->name, pf->type.kind == CK_TYPE_DURATION ? "<= 24h" : "== ...");
            }
            continue;
        }
        ck_sema_value(ck, pt->value, pf->type, pf->name);
        if (!ck_type_ordered(pf->type.kind) && pt->op != CK_OP_EQ && pt->op != CK_OP_NE) {
            ck_diag *d = ck_sema_error(ck, pt->span, "'%s' does not apply to %s values", ck_cmp_op_text(pt->op),
                                  ck_type_name(pf->type, b, sizeof b));
            HINT(d, "use == or !=");
        }
    }
    /* Contradictions: two literal bounds on one parameter that no value meets. */
    for (size_t i = 0; i < r->params.len; i++) {
        ck_param_test *a = r->params.items[i];
        if (a->param_index < 0 || !a->value)
            continue;
        interval iv = {0};
        ck_number v;
        if (!ck_sema_literal_number(a->value, &v))
            continue;
        interval_add(&iv, a->op, v);
        for (size_t j = i + 1; j < r->params.len; j++) {
            ck_param_test *b = r->params.items[j];
            if (b->param_index != a->param_index || !b->value || !ck_sema_literal_number(b->value, &v))
                continue;
            if (!interval_add(&iv, b->op, v)) {
                char s1[64], s2[64];
                ck_expr_to_string(a->value, s1, sizeof s1);
                ck_expr_to_string(b->value, s2, sizeof s2);
                ck_diag *d = ck_sema_error(ck, b->span, "contradictory conditions: no value of '%s' is both %s %s and %s %s",
                                      a->param.text, ck_cmp_op_text(a->op), s1, ck_cmp_op_text(b->op), s2);
                HINT(d, "no contract could meet this rule; drop one of the bounds");
                break;
            }
        }
    }
}

/* A date of the record schema that rules can name (contract.FIELD, evidence FIELD within); -1 after
 * reporting an unknown one. */
static int dated_key(ck_sema *ck, ck_section s, const ck_name *field, const char *unknown, const char *listing)
{
    int k = ck_record_key_find(s, field->text);
    if (k >= 0 && (ck_record_key_get(s, k)->flags & CK_KEY_DATED))
        return k;
    const char *names[32];
    size_t n = ck_record_key_names(s, false, true, names);
    ck_diag *d = ck_sema_error(ck, field->span, unknown, field->text);
    ck_sema_hint_names(ck, d, field->text, names, n, listing);
    return -1;
}

/* What a rule is about, to tell a chain of variants of one obligation from unrelated rules. */
static bool same_subject(const ck_rule *a, const ck_rule *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case CK_RULE_CLAUSE:
    case CK_RULE_EVIDENCE:
    case CK_RULE_QUESTIONNAIRE: return strcmp(a->target.text, b->target.text) == 0;
    case CK_RULE_DATE: return strcmp(a->field.text, b->field.text) == 0;
    default: return false;
    }
}

/*
 * Consecutive guarded rules are one if/else-if chain. That reads naturally for variants of one
 * obligation ("notify within 24h when high, 72h otherwise"), but two unrelated guarded rules
 * written one after the other silently become alternatives: the second is skipped whenever the
 * first guard holds. Such a chain without an `otherwise` is almost always that mistake.
 */
static void warn_mixed_chain(ck_sema *ck, const ck_rule *chain)
{
    if (chain->closed || chain->children.len < 2)
        return;
    const ck_guard_arm *first = chain->children.items[0];
    for (size_t i = 1; i < chain->children.len; i++) {
        const ck_guard_arm *arm = chain->children.items[i];
        if (same_subject(first->rule, arm->rule))
            continue;
        ck_linecol lc = ck_source_linecol(first->span.src, first->span.start);
        ck_diag *d = ck_sema_warn(ck, "guarded-chain", arm->span,
                             "this guarded rule continues the chain begun on line %u: it is checked only when no "
                             "guard before it holds",
                             lc.line);
        HINT(d, "%s", "if the rules are independent, put each in its own 'all { ... }'; if they are alternatives, "
                      "end the chain with an 'otherwise' arm");
        return;
    }
}

static const ck_type_info duration_type = {.kind = CK_TYPE_DURATION};

/* ATTRIBUTE OP VALUE after an evidence kind: the kind declares the attribute, the value has its type. */
static void check_attr_qual(ck_sema *ck, const ck_evidence_kind *k, ck_evidence_qual *q)
{
    int a = ck_field_index(k->attrs, k->nattrs, q->field.text);
    q->field_key = a;
    if (a < 0) {
        ck_diag *d = ck_sema_error(ck, q->field.span, "evidence kind '%s' has no attribute '%s'", k->name, q->field.text);
        if (k->nattrs)
            ck_sema_hint_names(ck, d, q->field.text, CK_NAMES_OF(ck->arena, k->attrs, k->nattrs, name), k->nattrs,
                               "its attributes are");
        else
            HINT(d, "declare it in the evidence kind: attribute %s : TYPE \"what it measures\"", q->field.text);
        return;
    }
    const ck_field *f = &k->attrs[a];
    ck_sema_value(ck, q->limit, f->type, f->name);
    if (!ck_type_ordered(f->type.kind) && q->op != CK_OP_EQ && q->op != CK_OP_NE) {
        char b[128];
        ck_diag *d = ck_sema_error(ck, q->span, "'%s' does not apply to %s values", ck_cmp_op_text(q->op),
                                   ck_type_name(f->type, b, sizeof b));
        HINT(d, "use == or !=");
    }
}

/* evidence KIND [not expired] [independent] [FIELD within LIMIT] [ATTRIBUTE OP VALUE] */
static void check_evidence_rule(ck_sema *ck, ck_rule *r)
{
    ck_policy *p = ck->p;
    int e = ck_policy_evidence_kind(p, r->target.text);
    r->target_ref = e;
    if (e < 0) {
        ck_diag *d = ck_sema_error(ck, r->target.span, "unknown evidence kind '%s'", r->target.text);
        ck_sema_hint_misspelling(ck, d, r->target.text, CK_NAMES_OF(ck->arena, p->evidence_kinds, p->nevidence_kinds, name),
                             p->nevidence_kinds);
        if (d && !d->hint)
            HINT(d, "declare it: evidence %s \"what it is\" { valid for 3y }", r->target.text);
    } else {
        p->evidence_kinds[e].used = true;
    }
    for (size_t i = 0; i < r->quals.len; i++) {
        ck_evidence_qual *q = r->quals.items[i];
        if (q->kind == CK_EVQ_WITHIN) {
            q->field_key = dated_key(ck, CK_SECTION_EVIDENCE, &q->field, "evidence has no date '%s'", "evidence dates are");
            ck_sema_value(ck, q->limit, duration_type, "the freshness limit");
        } else if (q->kind == CK_EVQ_ATTR && e >= 0) {
            check_attr_qual(ck, &p->evidence_kinds[e], q);
        }
    }
}

/* questionnaire NAME [at depth DEPTH] [within DURATION] */
static void check_questionnaire_rule(ck_sema *ck, ck_rule *r)
{
    ck_policy *p = ck->p;
    if (r->within)
        ck_sema_value(ck, r->within, duration_type, "the time limit");
    int q = ck_policy_questionnaire(p, r->target.text);
    r->target_ref = q;
    if (q < 0) {
        ck_diag *d = ck_sema_error(ck, r->target.span, "unknown questionnaire '%s'", r->target.text);
        ck_sema_hint_closest(ck, d, r->target.text, CK_NAMES_OF(ck->arena, p->questionnaires, p->nquestionnaires, name),
                             p->nquestionnaires);
        return;
    }
    p->questionnaires[q].used = true;
    if (r->limit) {
        ck_type_info depth = {.kind = CK_TYPE_DEPTH, .scale = &p->questionnaires[q].depths};
        ck_sema_value(ck, r->limit, depth, "the questionnaire depth");
    }
}

/* contract.FIELD within LIMIT */
static void check_date_rule(ck_sema *ck, ck_rule *r)
{
    r->field_key = dated_key(ck, CK_SECTION_CONTRACT, &r->field, "contracts have no date '%s'", "contract dates are");
    ck_sema_value(ck, r->limit, duration_type, "the time limit");
}

/* any { ... } / all { ... } */
static void check_group(ck_sema *ck, ck_requirement *req, ck_rule *r)
{
    if (r->children.len == 0) {
        ck_diag *d = ck_sema_error(ck, r->span, "empty '%s' group", r->kind == CK_RULE_ANY ? "any" : "all");
        HINT(d, "put at least one rule inside the braces, or remove the group");
    }
    check_rules(ck, req, &r->children);
}

/* rule when COND ... rule otherwise */
static void check_choice(ck_sema *ck, ck_requirement *req, ck_rule *r)
{
    for (size_t i = 0; i < r->children.len; i++) {
        ck_guard_arm *arm = r->children.items[i];
        if (arm->cond)
            ck_sema_cond(ck, arm->cond);
        check_rule(ck, req, arm->rule);
    }
    warn_mixed_chain(ck, r);
}

/* A rule that only the supplier can meet (its questionnaire, its contract's dates), inside `for`. */
static void supplier_only(ck_sema *ck, const ck_rule *r, const char *what, const char *whats)
{
    ck_diag *d = ck_sema_error(ck, r->span, "a %s rule cannot be inside 'for %s': parties behind the supplier have no %s",
                               what, ck->party->name, whats);
    HINT(d, "%s", "state it for the supplier, outside the 'for' block");
}

/* ensure COND: a condition that must hold, on the profile or on a party's fields. */
static void check_ensure(ck_sema *ck, ck_rule *r)
{
    ck_sema_cond(ck, r->cond);
}

/* for QUANT KIND [where COND] [{ rules }]: names and rules inside are about the party. */
static void check_quantifier(ck_sema *ck, ck_requirement *req, ck_rule *r)
{
    ck_policy *p = ck->p;
    int k = ck_policy_party_kind(p, r->target.text);
    r->target_ref = k;
    if (k < 0) {
        ck_diag *d = ck_sema_error(ck, r->target.span, "unknown party kind '%s'", r->target.text);
        ck_sema_hint_misspelling(ck, d, r->target.text, CK_NAMES_OF(ck->arena, p->party_kinds, p->nparty_kinds, name),
                             p->nparty_kinds);
        if (d && !d->hint)
            HINT(d, "declare it: party %s \"who they are\" { FIELD : TYPE \"description\" }", r->target.text);
        check_rules(ck, req, &r->children); /* numbered for coverage all the same */
        return;
    }
    p->party_kinds[k].used = true;
    if (r->quant == CK_QUANT_EACH && !r->has_block) {
        ck_diag *d = ck_sema_error(ck, r->span, "'for each %s' needs the rules each %s must meet, in braces",
                                   r->target.text, r->target.text);
        HINT(d, "write: for each %s { clause ... }; to rule such parties out, write: for no %s where ...", r->target.text,
             r->target.text);
    }
    const ck_party_kind *outer = ck->party;
    ck->party = &p->party_kinds[k];
    if (r->cond)
        ck_sema_cond(ck, r->cond);
    check_rules(ck, req, &r->children);
    ck->party = outer;
}

static void check_rule(ck_sema *ck, ck_requirement *req, ck_rule *r)
{
    r->index = req->nrules++;
    r->target_ref = -1;
    if (ck->party && (r->kind == CK_RULE_QUESTIONNAIRE || r->kind == CK_RULE_DATE))
        supplier_only(ck, r, r->kind == CK_RULE_QUESTIONNAIRE ? "questionnaire" : "contract date",
                      r->kind == CK_RULE_QUESTIONNAIRE ? "questionnaires" : "contract dates");
    switch (r->kind) {
    case CK_RULE_ENSURE: check_ensure(ck, r); break;
    case CK_RULE_QUANT: check_quantifier(ck, req, r); break;
    case CK_RULE_CLAUSE: check_clause_rule(ck, r); break;
    case CK_RULE_EVIDENCE: check_evidence_rule(ck, r); break;
    case CK_RULE_QUESTIONNAIRE: check_questionnaire_rule(ck, r); break;
    case CK_RULE_DATE: check_date_rule(ck, r); break;
    case CK_RULE_ANY:
    case CK_RULE_ALL: check_group(ck, req, r); break;
    case CK_RULE_CHOICE: check_choice(ck, req, r); break;
    }
    /* Thresholds inside a rule are exercised by tests like rules: each gets a coverage slot. */
    for (size_t i = 0; r->kind == CK_RULE_EVIDENCE && i < r->quals.len; i++) {
        ck_evidence_qual *q = r->quals.items[i];
        q->cover = q->kind == CK_EVQ_ATTR ? req->nrules++ : -1;
    }
    r->cover_base = -1;
    if (r->kind == CK_RULE_QUESTIONNAIRE && r->target_ref >= 0) {
        r->cover_base = req->nrules;
        req->nrules += (int)ck->p->questionnaires[r->target_ref].nquestions;
    }
}

/* group NAME inside a requirement: a declared group. */
static void check_group_of(ck_sema *ck, ck_requirement *req)
{
    ck_policy *p = ck->p;
    const ck_name *g = &req->decl->group;
    req->group = ck_policy_group(p, g->text);
    if (req->group >= 0) {
        p->groups[req->group].used = true;
        return;
    }
    ck_diag *d = ck_sema_error(ck, g->span, "unknown group '%s'", g->text);
    ck_sema_hint_closest(ck, d, g->text, CK_NAMES_OF(ck->arena, p->groups, p->ngroups, name), p->ngroups);
    if (d && !d->hint)
        HINT(d, "declare it: group %s \"what its requirements serve\" { rationale \"...\" }", g->text);
}

void ck_sema_requirement(ck_sema *ck, ck_requirement *req)
{
    ck_policy *p = ck->p;
    const ck_decl *d = req->decl;
    req->severity = d->has_severity ? d->severity : CK_SEV_ERROR;
    int n = (int)p->tiers.count;
    req->tier_lo = 0;
    req->tier_hi = n - 1;
    const ck_tier_range *rg = &d->range;
    if (rg->kind == CK_TR_CMP) {
        int t = ck_sema_tier(ck, &rg->lo);
        if (t >= 0) {
            switch (rg->op) {
            case CK_OP_EQ: req->tier_lo = req->tier_hi = t; break;
            case CK_OP_NE: {
                ck_diag *dg = ck_sema_error(ck, rg->span, "a requirement's tiers must be a range; 'tier != %s' is not one",
                                       rg->lo.text);
                HINT(dg, "write one range, e.g. 'for tier > %s' or 'for tiers %s to %s', or split the requirement",
                     rg->lo.text, p->tiers.names[0], p->tiers.names[p->tiers.count - 1]);
                break;
            }
            case CK_OP_LT: req->tier_hi = t - 1; break;
            case CK_OP_LE: req->tier_hi = t; break;
            case CK_OP_GT: req->tier_lo = t + 1; break;
            case CK_OP_GE: req->tier_lo = t; break;
            }
        }
    } else if (rg->kind == CK_TR_RANGE) {
        int lo = ck_sema_tier(ck, &rg->lo), hi = ck_sema_tier(ck, &rg->hi);
        if (lo >= 0)
            req->tier_lo = lo;
        if (hi >= 0)
            req->tier_hi = hi;
    }
    if (p->tiers.count && req->tier_lo > req->tier_hi) {
        ck_diag *dg = ck_sema_error(ck, rg->span, "requirement %s applies to no tier", req->id);
        HINT(dg, "the tier order is lowest first: %s ... %s", p->tiers.names[0], p->tiers.names[n - 1]);
    }
    if (d->when)
        ck_sema_cond(ck, d->when);
    if (d->group.text)
        check_group_of(ck, req);
    check_rules(ck, req, (ck_vec *)&d->rules);
    if (d->rules.len == 0) {
        ck_diag *dg = ck_sema_error(ck, d->name.span, "requirement %s has no rules", req->id);
        HINT(dg, "state what the contract must carry, e.g. 'clause NAME' or 'evidence KIND not expired'");
    }
}
