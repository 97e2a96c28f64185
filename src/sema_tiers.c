/* The checker's tiers: tier names, the values each tier gives its attributes, and the tier rules. */
#include <string.h>

#include "expr_print.h"
#include "sema_private.h"
#include "textutil.h"

int ck_sema_tier(ck_sema *ck, const ck_name *nm)
{
    int t = ck_policy_tier(ck->p, nm->text);
    if (t < 0 && ck->p->tiers.count) {
        ck_diag *d = ck_sema_error(ck, nm->span, "unknown tier '%s'", nm->text);
        ck_sema_hint_scale(ck, d, nm->text, &ck->p->tiers, "the tiers are");
    }
    return t;
}

/* It only keeps the follow-on checks ("gives no value", "no tier rule yields") quiet about a
 * tier whose name was already reported. */
int ck_sema_tier_standin(ck_sema *ck, const ck_name *nm)
{
    const char *close = ck_closest(nm->text, ck->p->tiers.names, ck->p->tiers.count);
    return close ? ck_policy_tier(ck->p, close) : -1;
}

/* ---- tier attributes: tier T has a = v, ... ---- */

static const ck_expr **attr_slot(ck_policy *p, int tier, int attr)
{
    return &p->attr_values[(size_t)tier * p->nattrs + (size_t)attr];
}

/* An attribute the policy does not declare, reported once however many tiers give it. */
static void unknown_attr(ck_sema *ck, int tier, const ck_assign *as, ck_name_index *reported)
{
    ck_policy *p = ck->p;
    const char **names = CK_NAMES_OF(ck->arena, p->attrs, p->nattrs, name);
    const char *close = names ? ck_closest(as->name.text, names, p->nattrs) : NULL;
    if (close && tier >= 0) {
        /* The misspelt name stands for that attribute: no "gives no value" for it too. */
        const ck_expr **slot = attr_slot(p, tier, ck_field_index(p->attrs, p->nattrs, close));
        if (!*slot)
            *slot = as->value;
    }
    if (ck_name_index_find(reported, as->name.text) >= 0)
        return;
    ck_name_index_put(reported, as->name.text, 0);
    ck_diag *dg = ck_sema_error(ck, as->name.span, "unknown tier attribute '%s'", as->name.text);
    if (close)
        HINT(dg, "did you mean '%s'?", close);
    else
        HINT(dg, "declare it first: tier attribute %s : TYPE \"description\"", as->name.text);
}

static void tier_has(ck_sema *ck, const ck_decl *d, ck_name_index *reported)
{
    ck_policy *p = ck->p;
    int t = ck_sema_tier(ck, &d->name);
    for (size_t k = 0; k < d->assigns.len; k++) {
        const ck_assign *as = d->assigns.items[k];
        int a = ck_field_index(p->attrs, p->nattrs, as->name.text);
        if (a < 0) {
            unknown_attr(ck, t, as, reported);
            continue;
        }
        ck_sema_value(ck, as->value, p->attrs[a].type, as->name.text);
        if (t < 0) {
            int s = ck_sema_tier_standin(ck, &d->name);
            if (s >= 0 && !*attr_slot(p, s, a))
                *attr_slot(p, s, a) = as->value;
            continue;
        }
        const ck_expr **slot = attr_slot(p, t, a);
        if (*slot) {
            ck_diag *dg = ck_sema_error(ck, as->name.span, "tier '%s' gives '%s' twice", d->name.text, as->name.text);
            ck_linecol lc = ck_source_linecol((*slot)->span.src, (*slot)->span.start);
            HINT(dg, "the first value is at %s:%u:%u; keep one", (*slot)->span.src->path, lc.line, lc.col);
            continue;
        }
        *slot = as->value;
    }
}

void ck_sema_tier_attrs(ck_sema *ck)
{
    ck_policy *p = ck->p;
    size_t n = p->tiers.count * p->nattrs;
    size_t given = 0;
    for (size_t f = 0; f < p->files.len; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len; i++) {
            const ck_decl *d = file->decls.items[i];
            given += d->kind == CK_DECL_TIER_HAS ? d->assigns.len : 0;
        }
    }
    ck_name_index reported; /* undeclared attributes already reported: at most one per value given */
    p->attr_values = ck_arena_alloc(ck->arena, (n + 1) * sizeof *p->attr_values);
    if (!p->attr_values || ck_name_index_init(&reported, ck->arena, given) != 0) {
        ck->oom = true;
        return;
    }
    for (size_t f = 0; f < p->files.len; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len; i++) {
            const ck_decl *d = file->decls.items[i];
            if (d->kind == CK_DECL_TIER_HAS)
                tier_has(ck, d, &reported);
        }
    }
    /* A tier needs a value only where a requirement reads it: tier_use.c checks that. */
}

/* ---- tier rules: the first that holds decides ---- */

/*
 * A rule is shadowed when every alternative of its condition (a disjunct: a conjunction of
 * atoms, compared as canonical text) contains all atoms of an earlier rule's alternative:
 * whatever it matches, the earlier rule matched first.
 */
static void flatten_and(ck_sema *ck, const ck_expr *e, ck_vec *atoms)
{
    while (e->kind == CK_EX_PAREN)
        e = e->u.operand;
    if (e->kind == CK_EX_AND) {
        flatten_and(ck, e->u.bin.lhs, atoms);
        flatten_and(ck, e->u.bin.rhs, atoms);
        return;
    }
    char buf[512];
    ck_expr_to_string(e, buf, sizeof buf);
    ck_vec_push(ck->arena, atoms, ck_arena_strdup(ck->arena, buf));
}

static void flatten_or(ck_sema *ck, const ck_expr *e, ck_vec *disjuncts)
{
    while (e->kind == CK_EX_PAREN)
        e = e->u.operand;
    if (e->kind == CK_EX_OR) {
        flatten_or(ck, e->u.bin.lhs, disjuncts);
        flatten_or(ck, e->u.bin.rhs, disjuncts);
        return;
    }
    ck_vec *atoms = ck_arena_alloc(ck->arena, sizeof *atoms);
    if (!atoms)
        return;
    flatten_and(ck, e, atoms);
    ck_vec_push(ck->arena, disjuncts, atoms);
}

#define CK_SHADOW_MAX_ALTERNATIVES 1024

static bool atoms_subset(const ck_vec *a, const ck_vec *b)
{
    for (size_t i = 0; i < a->len; i++) {
        bool found = false;
        for (size_t j = 0; j < b->len && !found; j++)
            found = strcmp(a->items[i], b->items[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

typedef struct {
    const ck_decl *otherwise, *last_rule;
    ck_vec earlier;   /* pairs: ck_vec * of an earlier rule's alternative's atoms, then its ck_decl * */
    bool *yielded;    /* [tiers]: some rule names the tier */
} rule_scan;

static void report_unreachable(ck_sema *ck, const ck_decl *d, const char *why, const ck_decl *by)
{
    ck_diag *dg = ck_sema_error(ck, d->span, "this tier rule can never match");
    ck_linecol lc = ck_source_linecol(by->span.src, by->span.start);
    HINT(dg, why, by->span.src->path, lc.line, lc.col);
}

/* Whether an earlier rule already matches everything d does; remembers d's alternatives if not. */
static bool shadowed(ck_sema *ck, rule_scan *sc, const ck_decl *d)
{
    ck_vec mine = {0};
    flatten_or(ck, d->cond, &mine);
    /* Pairwise comparison is quadratic; real policies have a few dozen tier rules, and past
     * CK_SHADOW_MAX_ALTERNATIVES earlier alternatives the check steps aside rather than let a
     * generated policy stall lint (docs/security.md, limits). */
    bool all_shadowed = mine.len > 0 && sc->earlier.len / 2 <= CK_SHADOW_MAX_ALTERNATIVES;
    const ck_decl *by = NULL;
    for (size_t m = 0; m < mine.len && all_shadowed; m++) {
        bool sh = false;
        for (size_t e = 0; e < sc->earlier.len && !sh; e += 2) {
            if (atoms_subset(sc->earlier.items[e], mine.items[m])) {
                sh = true;
                by = sc->earlier.items[e + 1];
            }
        }
        all_shadowed = sh;
    }
    if (all_shadowed && by) {
        report_unreachable(ck, d, "every supplier it matches is already matched by the rule at %s:%u:%u (first match "
                                  "wins)", by);
        return true;
    }
    for (size_t m = 0; m < mine.len; m++) {
        ck_vec_push(ck->arena, &sc->earlier, mine.items[m]);
        ck_vec_push(ck->arena, &sc->earlier, (void *)d);
    }
    return false;
}

static void tier_rule(ck_sema *ck, rule_scan *sc, const ck_decl *d)
{
    ck_policy *p = ck->p;
    sc->last_rule = d;
    int t = ck_sema_tier(ck, &d->name);
    if (d->cond) {
        ck->in_tier_rule = true;
        ck_sema_cond(ck, d->cond);
        ck->in_tier_rule = false;
    }
    /* A rule names its tier even when it cannot match or the name is misspelt: that error is
     * enough, and "no tier rule yields" it would only repeat it. */
    int named = t >= 0 ? t : ck_sema_tier_standin(ck, &d->name);
    if (named >= 0 && sc->yielded)
        sc->yielded[named] = true;
    if (sc->otherwise) {
        report_unreachable(ck, d, "the 'otherwise' rule at %s:%u:%u already matches every supplier; move this rule "
                                  "above it", sc->otherwise);
        return;
    }
    if (!d->cond)
        sc->otherwise = d;
    else if (shadowed(ck, sc, d))
        return;
    if (t >= 0)
        p->tier_rules[p->ntier_rules++] = (ck_tier_rule){.decl = d, .tier = t, .cond = d->cond};
}

/* Without an `otherwise`, a supplier that matches no rule would have no tier. */
static void report_no_otherwise(ck_sema *ck, const rule_scan *sc)
{
    ck_policy *p = ck->p;
    const ck_file *root = p->files.items[p->files.len - 1];
    /* Located at the last tier rule, where 'otherwise' belongs, or at the tier order. */
    const ck_decl *last = sc->last_rule ? sc->last_rule : p->tiers_decl;
    ck_span at = last ? last->span : (ck_span){root->src, 0, 0};
    if (sc->last_rule) {
        ck_diag *dg = ck_sema_error(ck, at, "%s",
                                    "no 'otherwise' tier rule: a supplier that matches no rule would have no tier");
        HINT(dg, "end the tier rules with 'tier %s otherwise'", p->tiers.names[0]);
        return;
    }
    ck_diag *dg = ck_sema_error(ck, at, "%s", "the policy has no tier rules");
    HINT(dg, "add rules that give each supplier a tier, e.g. 'tier %s when ...', ending with 'tier %s otherwise'",
         p->tiers.names[p->tiers.count - 1], p->tiers.names[0]);
}

static void warn_unyielded(ck_sema *ck, const bool *yielded)
{
    ck_policy *p = ck->p;
    const ck_vec *order = &p->tiers_decl->names;
    for (size_t t = 0; yielded && t < p->tiers.count; t++) {
        if (yielded[t])
            continue;
        const ck_name *nm = order->items[0];
        for (size_t k = 0; k < order->len; k++)
            if (strcmp(((const ck_name *)order->items[k])->text, p->tiers.names[t]) == 0)
                nm = order->items[k];
        ck_diag *dg = ck_sema_warn(ck, "unreachable-tier", nm->span, "no tier rule yields tier '%s'", p->tiers.names[t]);
        HINT(dg, "add a rule 'tier %s when ...' or remove the tier", p->tiers.names[t]);
    }
}

void ck_sema_tier_rules(ck_sema *ck)
{
    ck_policy *p = ck->p;
    rule_scan sc = {.yielded = ck_arena_alloc(ck->arena, p->tiers.count + 1)};
    for (size_t f = 0; f < p->files.len; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len; i++) {
            const ck_decl *d = file->decls.items[i];
            if (d->kind == CK_DECL_TIER_RULE)
                tier_rule(ck, &sc, d);
        }
    }
    if (!p->tiers.count)
        return;
    if (!sc.otherwise)
        report_no_otherwise(ck, &sc);
    else
        warn_unyielded(ck, sc.yielded);
}
