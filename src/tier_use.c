/* Which tier attribute values and questionnaire depths each tier's requirements can read: lint. */
#include "tier_use.h"

#include <string.h>

#include "scope.h"

/*
 * A requirement can read tier.X at tier T when it applies at T and the expression stands where
 * evaluation may reach at T: in its `when`, its rules, a quantifier's filter and block, a guarded
 * arm whose guard is not false at T (guards are decided here with T known and the profile
 * unknown, as the checklist does), and not past an arm that surely holds. Reads are
 * over-approximated, never missed: a value is demanded wherever it might be read.
 */
typedef struct {
    const ck_policy *p;
    ck_scope scope;            /* the tier being looked at, with a blank record */
    bool *read;                /* [nattrs]: attributes read at this tier by the current requirement */
    const ck_expr **first;     /* [nattrs]: where each was first read (for the diagnostic) */
    bool *depth_asked;         /* [sum of depths]: questionnaire depths some requirement asks for */
    size_t *depth_offset;      /* [nquestionnaires] */
} use_walk;

/* A depth named by value in a condition (`review_depth < full`) is in use: mark it. */
static void depth_named(use_walk *w, const ck_expr *x)
{
    const ck_policy *p = w->p;
    for (size_t q = 0; q < p->nquestionnaires; q++)
        if (x->u.name.text && ck_scale_index(&p->questionnaires[q].depths, x->u.name.text) == x->ref)
            w->depth_asked[w->depth_offset[q] + (size_t)x->ref] = true;
}

static void expr_reads(use_walk *w, const ck_expr *x)
{
    if (!x)
        return;
    switch (x->kind) {
    case CK_EX_NAME:
        if (x->is_level_value)
            depth_named(w, x);
        return;
    case CK_EX_ATTR:
        if (x->ref >= 0 && !w->read[x->ref]) {
            w->read[x->ref] = true;
            w->first[x->ref] = x;
        }
        return;
    case CK_EX_NOT:
    case CK_EX_PAREN: expr_reads(w, x->u.operand); return;
    case CK_EX_AND:
    case CK_EX_OR:
    case CK_EX_CMP:
        expr_reads(w, x->u.bin.lhs);
        expr_reads(w, x->u.bin.rhs);
        return;
    case CK_EX_IN:
        expr_reads(w, x->u.in.lhs);
        for (size_t i = 0; i < x->u.in.items.len; i++)
            expr_reads(w, x->u.in.items.items[i]);
        return;
    default: return;
    }
}

/* A questionnaire depth a rule asks for at this tier: a literal, or a tier attribute's value. */
static void depth_reads(use_walk *w, const ck_rule *r)
{
    if (r->target_ref < 0)
        return;
    const ck_policy *p = w->p;
    int depth = 0;
    if (r->limit) {
        ck_value v = ck_scope_value(&w->scope, r->limit);
        if (!v.present)
            return;
        depth = v.u.level;
    }
    if (depth >= 0 && (size_t)depth < p->questionnaires[r->target_ref].depths.count)
        w->depth_asked[w->depth_offset[r->target_ref] + (size_t)depth] = true;
}

static void rule_reads(use_walk *w, const ck_rule *r);

static void rules_reads(use_walk *w, const ck_vec *rules)
{
    for (size_t i = 0; i < rules->len; i++)
        rule_reads(w, rules->items[i]);
}

static void rule_reads(use_walk *w, const ck_rule *r)
{
    switch (r->kind) {
    case CK_RULE_CLAUSE:
        for (size_t i = 0; i < r->params.len; i++)
            expr_reads(w, ((const ck_param_test *)r->params.items[i])->value);
        break;
    case CK_RULE_EVIDENCE:
        for (size_t i = 0; i < r->quals.len; i++)
            expr_reads(w, ((const ck_evidence_qual *)r->quals.items[i])->limit);
        break;
    case CK_RULE_QUESTIONNAIRE:
        expr_reads(w, r->limit);
        expr_reads(w, r->within);
        depth_reads(w, r);
        break;
    case CK_RULE_DATE: expr_reads(w, r->limit); break;
    case CK_RULE_ENSURE: expr_reads(w, r->cond); break;
    case CK_RULE_QUANT:
        expr_reads(w, r->cond);
        rules_reads(w, &r->children);
        break;
    case CK_RULE_ANY:
    case CK_RULE_ALL: rules_reads(w, &r->children); break;
    case CK_RULE_CHOICE:
        for (size_t i = 0; i < r->children.len; i++) {
            const ck_guard_arm *arm = r->children.items[i];
            ck_tri t = arm->cond ? ck_scope_cond(&w->scope, arm->cond) : CK_TRI_TRUE;
            expr_reads(w, arm->cond);
            if (t == CK_TRI_FALSE)
                continue;
            rule_reads(w, arm->rule);
            if (t == CK_TRI_TRUE)
                break;
        }
        break;
    }
}

static void list_tiers(const ck_policy *p, const bool *tiers, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t t = 0; t < p->tiers.count && at < n; t++)
        if (tiers[t])
            at += (size_t)snprintf(buf + at, n - at, "%s%s", at ? ", " : "", p->tiers.names[t]);
}

/* Every tier at which the requirement reads an attribute that tier gives no value: one error
 * per attribute, at its first reading, naming the tiers. */
static int report_missing(use_walk *w, const ck_requirement *req, bool *missing, const ck_expr **where,
                          ck_diags *diags)
{
    const ck_policy *p = w->p;
    int errors = 0;
    for (size_t a = 0; a < p->nattrs; a++) {
        bool *tiers = &missing[a * p->tiers.count];
        size_t first = p->tiers.count;
        for (size_t t = 0; t < p->tiers.count && first == p->tiers.count; t++)
            if (tiers[t])
                first = t;
        if (first == p->tiers.count)
            continue;
        char list[256];
        list_tiers(p, tiers, list, sizeof list);
        ck_diag *d = ck_diag_add(diags, CK_DIAG_ERROR, where[a]->span,
                                 "requirement %s reads tier.%s at tier%s %s, which give%s it no value", req->id,
                                 p->attrs[a].name, strchr(list, ',') ? "s" : "", list, strchr(list, ',') ? "" : "s");
        ck_diag_hint(diags, d, "add: tier %s has %s = ...", p->tiers.names[first], p->attrs[a].name);
        if (d)
            d->code = "invalid";
        errors++;
    }
    return errors;
}

/* One requirement at every tier it applies to: what it reads, and what is missing. */
static int requirement_use(use_walk *w, const ck_requirement *req, bool *used, bool *missing, const ck_expr **where,
                           ck_diags *diags)
{
    const ck_policy *p = w->p;
    memset(missing, 0, p->nattrs * p->tiers.count);
    for (int t = req->tier_lo; t <= req->tier_hi; t++) {
        w->scope.tier = t;
        memset(w->read, 0, p->nattrs);
        expr_reads(w, req->decl->when);
        rules_reads(w, &req->decl->rules);
        for (size_t a = 0; a < p->nattrs; a++) {
            if (!w->read[a])
                continue;
            if (!p->attr_values[(size_t)t * p->nattrs + a]) {
                missing[a * p->tiers.count + (size_t)t] = true;
                if (!where[a])
                    where[a] = w->first[a];
            }
            used[(size_t)t * p->nattrs + a] = true;
        }
    }
    return report_missing(w, req, missing, where, diags);
}

/* Values given that no requirement applying at their tier can read: a reviewer would take them
 * for requirements. */
static void warn_unread(const ck_policy *p, const bool *used, ck_diags *diags)
{
    for (size_t t = 0; t < p->tiers.count; t++)
        for (size_t a = 0; a < p->nattrs; a++) {
            const ck_expr *v = p->attr_values[t * p->nattrs + a];
            if (!v || used[t * p->nattrs + a] || !p->attrs[a].used)
                continue;
            ck_diag *d = ck_diag_add(diags, CK_DIAG_WARNING, v->span,
                                     "tier %s gives '%s', but no requirement that applies at tier %s reads it",
                                     p->tiers.names[t], p->attrs[a].name, p->tiers.names[t]);
            ck_diag_hint(diags, d, "remove the value, or state what tier %s must meet with tier.%s",
                         p->tiers.names[t], p->attrs[a].name);
            if (d)
                d->code = "unused-tier-value";
        }
}

/* Depths of a questionnaire no requirement asks for at any tier. */
static void warn_unasked_depths(const use_walk *w, ck_diags *diags)
{
    const ck_policy *p = w->p;
    for (size_t q = 0; q < p->nquestionnaires; q++) {
        const ck_questionnaire *qn = &p->questionnaires[q];
        if (!qn->used || !qn->decl->names.len)
            continue; /* a questionnaire without depths has the one implicit depth */
        for (size_t d = 0; d < qn->depths.count; d++) {
            if (w->depth_asked[w->depth_offset[q] + d])
                continue;
            const ck_name *nm = NULL;
            for (size_t k = 0; k < qn->decl->names.len && !nm; k++)
                if (strcmp(((const ck_name *)qn->decl->names.items[k])->text, qn->depths.names[d]) == 0)
                    nm = qn->decl->names.items[k];
            ck_diag *dg = ck_diag_add(diags, CK_DIAG_WARNING, nm ? nm->span : qn->decl->name.span,
                                      "no requirement asks for questionnaire %s at depth %s, and no rule or question "
                                      "names it", qn->name, qn->depths.names[d]);
            ck_diag_hint(diags, dg, "remove the depth, or require 'questionnaire %s at depth %s' where it applies",
                         qn->name, qn->depths.names[d]);
            if (dg)
                dg->code = "unused-depth";
        }
    }
}

int ck_tier_use_check(const ck_policy *p, ck_arena *arena, ck_diags *diags)
{
    size_t nt = p->tiers.count, na = p->nattrs, ndepths = 0;
    use_walk w = {.p = p};
    w.depth_offset = ck_arena_alloc(arena, (p->nquestionnaires + 1) * sizeof *w.depth_offset);
    for (size_t q = 0; w.depth_offset && q < p->nquestionnaires; q++) {
        w.depth_offset[q] = ndepths;
        ndepths += p->questionnaires[q].depths.count;
    }
    ck_record *blank = ck_arena_alloc(arena, sizeof *blank);
    bool *used = ck_arena_alloc(arena, nt * na + 1), *missing = ck_arena_alloc(arena, nt * na + 1);
    const ck_expr **where = ck_arena_alloc(arena, (na + 1) * sizeof *where);
    w.read = ck_arena_alloc(arena, na + 1);
    w.first = ck_arena_alloc(arena, (na + 1) * sizeof *w.first);
    w.depth_asked = ck_arena_alloc(arena, ndepths + 1);
    if (!w.depth_offset || !blank || !used || !missing || !where || !w.read || !w.first || !w.depth_asked ||
        !(blank->subject.fields = ck_arena_alloc(arena, (p->nprofile + 1) * sizeof(ck_value))))
        return -1;
    w.scope = (ck_scope){.policy = p, .record = blank};
    /* Depths in use besides those asked for: named in a tier rule, or where questions start. */
    for (size_t i = 0; i < p->ntier_rules; i++)
        expr_reads(&w, p->tier_rules[i].cond);
    for (size_t q = 0; q < p->nquestionnaires; q++)
        for (size_t k = 0; k < p->questionnaires[q].nquestions; k++)
            if (p->questionnaires[q].questions[k].from_depth >= 0)
                w.depth_asked[w.depth_offset[q] + (size_t)p->questionnaires[q].questions[k].from_depth] = true;
    int errors = 0;
    for (size_t r = 0; r < p->nreqs; r++) {
        memset(where, 0, (na + 1) * sizeof *where);
        errors += requirement_use(&w, &p->reqs[r], used, missing, where, diags);
    }
    if (errors == 0) {
        warn_unread(p, used, diags);
        warn_unasked_depths(&w, diags);
    }
    return errors;
}
