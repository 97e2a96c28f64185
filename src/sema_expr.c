/* The checker's expressions: operands, comparisons and conditions typed, names resolved. */
#include <stdio.h>

#include "expr_print.h"
#include "sema_private.h"
#include "textutil.h"

/* The field a bare name reads: inside a `for` rule the party's own fields first, then the profile's. */
static ck_field *field_named(ck_sema *ck, const char *name, bool *is_party)
{
    const ck_party_kind *k = ck->party;
    int f = k ? ck_field_index(k->fields, k->nfields, name) : -1;
    *is_party = f >= 0;
    if (f >= 0)
        return &k->fields[f];
    f = ck_policy_profile_field(ck->p, name);
    return f >= 0 ? &ck->p->profile[f] : NULL;
}

/* A party kind, other than the one a `for` rule is on, that declares a field of this name. */
static const ck_party_kind *kind_with_field(const ck_sema *ck, const char *name)
{
    for (size_t k = 0; k < ck->p->nparty_kinds; k++) {
        const ck_party_kind *pk = &ck->p->party_kinds[k];
        if (pk != ck->party && ck_field_index(pk->fields, pk->nfields, name) >= 0)
            return pk;
    }
    return NULL;
}

static bool is_unresolved_name(ck_sema *ck, const ck_expr *e)
{
    bool party;
    return e->kind == CK_EX_NAME && !field_named(ck, e->u.name.text, &party);
}

static ck_typed check_cmp(ck_sema *ck, ck_expr *e)
{
    ck_expr *lhs = e->u.bin.lhs, *rhs = e->u.bin.rhs;
    ck_typed lt, rt;
    if (is_unresolved_name(ck, lhs) && !is_unresolved_name(ck, rhs)) {
        rt = ck_sema_operand(ck, rhs, NULL);
        lt = ck_sema_operand(ck, lhs, rt.ok ? &rt.t : NULL);
    } else {
        lt = ck_sema_operand(ck, lhs, NULL);
        /* After a bad left side, a bare name on the right may be a value of the scale the left
         * side was meant to have: it cannot be judged, so it is not reported. */
        if (!lt.ok && is_unresolved_name(ck, rhs))
            rt = (ck_typed){.ok = false};
        else
            rt = ck_sema_operand(ck, rhs, lt.ok ? &lt.t : NULL);
    }
    ck_typed out = {.ok = true, .t = {.kind = CK_TYPE_BOOL}};
    if (!lt.ok || !rt.ok)
        return out;
    char b1[128], b2[128];
    if (!ck_type_eq(lt.t, rt.t)) {
        char s1[96], s2[96];
        ck_expr_to_string(lhs, s1, sizeof s1);
        ck_expr_to_string(rhs, s2, sizeof s2);
        ck_diag *d = ck_sema_error(ck, e->span, "cannot compare %s (%s) with %s (%s)", s1,
                              ck_type_name(lt.t, b1, sizeof b1), s2, ck_type_name(rt.t, b2, sizeof b2));
        if (lt.t.kind == CK_TYPE_LEVEL && rt.t.kind == CK_TYPE_LEVEL)
            HINT(d, "levels compare only with values of the same scale");
        return out;
    }
    if (!ck_type_ordered(lt.t.kind) && e->u.bin.op != CK_OP_EQ && e->u.bin.op != CK_OP_NE) {
        ck_diag *d = ck_sema_error(ck, e->span, "'%s' does not apply to %s values", ck_cmp_op_text(e->u.bin.op),
                              ck_type_name(lt.t, b1, sizeof b1));
        HINT(d, "compare %s values with == or !=", ck_type_name(lt.t, b1, sizeof b1));
    }
    return out;
}

static const ck_typed not_typed = {.ok = false};

static ck_typed of_kind(ck_type_kind kind) { return (ck_typed){.ok = true, .t = {.kind = kind}}; }

static ck_typed check_tier(ck_sema *ck, const ck_expr *e)
{
    if (ck->in_tier_rule) {
        /* the evaluator has no tier yet while it runs the tier rules */
        ck_diag *d = ck_sema_error(ck, e->span, "a tier rule cannot use the tier it decides");
        HINT(d, "%s", "tier rules read profile fields; 'tier' belongs in requirements and tests");
        return not_typed;
    }
    return (ck_typed){.ok = true, .t = ck->p->tier_type};
}

/* A bare name that is not a profile field, where a value of a scale is wanted: a level, depth or tier. */
static ck_typed check_scale_value(ck_sema *ck, ck_expr *e, const ck_type_info *want)
{
    const char *name = e->u.name.text;
    if (want->kind == CK_TYPE_TIER && want->scale->count == 0)
        return not_typed; /* no tier order: reported once already ("declares no tiers") */
    int v = ck_scale_index(want->scale, name);
    if (v >= 0) {
        e->ref = v;
        e->is_level_value = true;
        return (ck_typed){.ok = true, .t = *want};
    }
    ck_diag *d = want->kind == CK_TYPE_TIER
                     ? ck_sema_error(ck, e->u.name.span, "unknown tier '%s'", name)
                     : ck_sema_error(ck, e->u.name.span, "'%s' is not a value of %s", name, want->scale->what);
    ck_sema_hint_scale(ck, d, name, want->scale, "the values are");
    return not_typed;
}

/* name: a profile field, else a value of the scale wanted. */
static ck_typed check_name(ck_sema *ck, ck_expr *e, const ck_type_info *want)
{
    const char *name = e->u.name.text;
    bool party;
    ck_field *f = field_named(ck, name, &party);
    if (f) {
        f->used = true;
        e->ref = (int)(f - (party ? ck->party->fields : ck->p->profile));
        e->is_party_field = party;
        return (ck_typed){.ok = !ck_type_poisoned(f->type), .t = f->type};
    }
    if (want && ck_type_scaled(want->kind) && want->scale)
        return check_scale_value(ck, e, want);
    ck_diag *d;
    const ck_party_kind *other = kind_with_field(ck, name);
    if (ck->party)
        d = ck_sema_error(ck, e->u.name.span, "'%s' is neither a field of party kind '%s' nor a profile field", name,
                          ck->party->name);
    else
        d = ck_sema_error(ck, e->u.name.span, "unknown profile field '%s'", name);
    /* explicit nesting: an enclosing party's fields are not in reach, nor a party's outside `for` */
    if (d && other && ck->party)
        HINT(d, "'%s' is a field of party kind '%s'; inside 'for ... %s' a name reads the %s's own fields, then the "
                "supplier's profile", name, other->name, ck->party->name, ck->party->name);
    else if (d && other)
        HINT(d, "'%s' is a field of party kind '%s': read it inside 'for each %s { ... }'", name, other->name,
             other->name);
    if (d && !d->hint && ck->party)
        ck_sema_hint_closest(ck, d, name, CK_NAMES_OF(ck->arena, ck->party->fields, ck->party->nfields, name),
                             ck->party->nfields);
    if (d && !d->hint)
        ck_sema_hint_closest(ck, d, name, CK_NAMES_OF(ck->arena, ck->p->profile, ck->p->nprofile, name),
                             ck->p->nprofile);
    if (d && !d->hint && want && want->kind == CK_TYPE_STRING)
        HINT(d, "a string value is written in double quotes: \"%s\"", name);
    return not_typed;
}

/* tier.attribute */
static ck_typed check_attr(ck_sema *ck, ck_expr *e)
{
    if (ck->in_tier_rule) {
        ck_diag *d = ck_sema_error(ck, e->span, "a tier rule cannot use tier.%s: the tier is what it decides",
                                   e->u.name.text);
        HINT(d, "%s", "tier attributes belong in requirements; tier rules read profile fields");
        return not_typed;
    }
    int a = ck_field_index(ck->p->attrs, ck->p->nattrs, e->u.name.text);
    if (a < 0) {
        ck_diag *d = ck_sema_error(ck, e->span, "unknown tier attribute '%s'", e->u.name.text);
        ck_sema_hint_closest(ck, d, e->u.name.text, CK_NAMES_OF(ck->arena, ck->p->attrs, ck->p->nattrs, name),
                             ck->p->nattrs);
        if (!d || !d->hint)
            HINT(d, "declare it: tier attribute %s : TYPE \"description\"", e->u.name.text);
        return not_typed;
    }
    ck->p->attrs[a].used = true;
    e->ref = a;
    return (ck_typed){.ok = !ck_type_poisoned(ck->p->attrs[a].type), .t = ck->p->attrs[a].type};
}

/* operand in (value, ...) */
static ck_typed check_in(ck_sema *ck, ck_expr *e)
{
    ck_typed lt = ck_sema_operand(ck, e->u.in.lhs, NULL);
    for (size_t i = 0; i < e->u.in.items.len; i++) {
        ck_expr *item = e->u.in.items.items[i];
        if (!lt.ok && is_unresolved_name(ck, item))
            continue; /* as in check_cmp: cannot be judged against a bad left side */
        ck_typed it = ck_sema_operand(ck, item, lt.ok ? &lt.t : NULL);
        if (lt.ok && it.ok && !ck_type_eq(lt.t, it.t)) {
            char b1[128], b2[128];
            ck_sema_error(ck, item->span, "list value is a %s, but the left side is a %s",
                          ck_type_name(it.t, b1, sizeof b1), ck_type_name(lt.t, b2, sizeof b2));
        }
    }
    return of_kind(CK_TYPE_BOOL);
}

ck_typed ck_sema_operand(ck_sema *ck, ck_expr *e, const ck_type_info *want)
{
    switch (e->kind) {
    case CK_EX_BOOL: return of_kind(CK_TYPE_BOOL);
    case CK_EX_NUMBER: return of_kind(CK_TYPE_NUMBER);
    case CK_EX_STRING: return of_kind(CK_TYPE_STRING);
    case CK_EX_DURATION: return of_kind(CK_TYPE_DURATION);
    case CK_EX_DATE: return of_kind(CK_TYPE_DATE);
    case CK_EX_ERROR: return not_typed;
    case CK_EX_TIER: return check_tier(ck, e);
    case CK_EX_NAME: return check_name(ck, e, want);
    case CK_EX_ATTR: return check_attr(ck, e);
    case CK_EX_PAREN: return ck_sema_operand(ck, e->u.operand, want);
    case CK_EX_NOT:
    case CK_EX_AND:
    case CK_EX_OR: return ck_sema_cond(ck, e);
    case CK_EX_CMP: return check_cmp(ck, e);
    case CK_EX_IN: return check_in(ck, e);
    }
    return not_typed;
}

ck_typed ck_sema_cond(ck_sema *ck, ck_expr *e)
{
    ck_typed r = {.ok = true, .t = {.kind = CK_TYPE_BOOL}};
    switch (e->kind) {
    case CK_EX_NOT:
        ck_sema_cond(ck, e->u.operand);
        return r;
    case CK_EX_AND:
    case CK_EX_OR:
        ck_sema_cond(ck, e->u.bin.lhs);
        ck_sema_cond(ck, e->u.bin.rhs);
        return r;
    case CK_EX_PAREN:
        return ck_sema_cond(ck, e->u.operand);
    default:
        break;
    }
    ck_typed t = ck_sema_operand(ck, e, NULL);
    if (t.ok && t.t.kind != CK_TYPE_BOOL) {
        char b[128], s[96];
        ck_expr_to_string(e, s, sizeof s);
        ck_diag *d = ck_sema_error(ck, e->span, "a condition must be true or false, but %s is a %s", s,
                              ck_type_name(t.t, b, sizeof b));
        HINT(d, "compare it with a value, e.g. %s %s", s,
             t.t.kind == CK_TYPE_STRING ? "== \"...\"" : ">= ...");
    }
    return r;
}

void ck_sema_value(ck_sema *ck, ck_expr *e, ck_type_info want, const char *what)
{
    if (!e || ck_type_poisoned(want))
        return;
    ck_typed t = ck_sema_operand(ck, e, &want);
    if (t.ok && !ck_type_eq(t.t, want)) {
        char b1[128], b2[128];
        ck_diag *d = ck_sema_error(ck, e->span, "%s must be a %s, not a %s", what, ck_type_name(want, b1, sizeof b1),
                              ck_type_name(t.t, b2, sizeof b2));
        if (want.kind == CK_TYPE_DURATION)
            HINT(d, "write a duration with a unit: h, d, w, mo or y (e.g. 24h)");
        else if (want.kind == CK_TYPE_DATE)
            HINT(d, "write a date as YYYY-MM-DD");
        else if (ck_type_scaled(want.kind) && want.scale) {
            ck_scale_list(want.scale, b2, sizeof b2);
            HINT(d, "the values are: %s", b2);
        }
    }
}

bool ck_sema_literal_number(const ck_expr *e, ck_number *v)
{
    while (e->kind == CK_EX_PAREN)
        e = e->u.operand;
    switch (e->kind) {
    case CK_EX_NUMBER: *v = e->u.number; return true;
    case CK_EX_DURATION: *v = ck_number_int(ck_duration_minutes(e->u.duration)); return true;
    case CK_EX_DATE: *v = ck_number_int(e->u.date.days); return true;
    case CK_EX_NAME:
        if (e->is_level_value) {
            *v = ck_number_int(e->ref);
            return true;
        }
        return false;
    default: return false;
    }
}
