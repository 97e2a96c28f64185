/* What rules read for one record at one tier: policy values, profile fields, three-valued conditions. */
#include "scope.h"

#include <stdint.h>
#include <string.h>

/* A constant from the policy (literal, level value, tier attribute) as a value. */
ck_value ck_scope_value(const ck_scope *s, const ck_expr *x)
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
    case CK_EX_TIER: v.kind = CK_TYPE_TIER; v.u.level = s->tier; break;
    case CK_EX_ATTR: {
        if (s->attrs_read)
            s->attrs_read[x->ref] = true;
        const ck_expr *val = s->policy->attr_values[(size_t)s->tier * s->policy->nattrs + (size_t)x->ref];
        ck_value av = val ? ck_scope_value(s, val) : (ck_value){0};
        av.kind = s->policy->attrs[x->ref].type.kind;
        return av;
    }
    case CK_EX_NAME:
        if (x->is_level_value) {
            v.kind = CK_TYPE_LEVEL;
            v.u.level = x->ref;
            break;
        }
        if (x->is_party_field) {
            v = s->party ? s->party->subject.fields[x->ref] : (ck_value){0};
            break;
        }
        /* a profile field */
        v = s->record->subject.fields[x->ref];
        if (!v.present && s->missing_read)
            s->missing_read[x->ref] = true;
        break;
    default: v.present = false; break;
    }
    return v;
}

static int64_t ordinal(const ck_value *v)
{
    switch (v->kind) {
    case CK_TYPE_BOOL: return v->u.boolean;
    case CK_TYPE_NUMBER: return 0; /* compared as ck_number */
    case CK_TYPE_DURATION: return ck_duration_minutes(v->u.duration);
    case CK_TYPE_DATE: return v->u.date.days;
    case CK_TYPE_LEVEL:
    case CK_TYPE_DEPTH:
    case CK_TYPE_TIER: return v->u.level;
    case CK_TYPE_STRING: return 0;
    }
    return 0;
}

bool ck_value_compare(const ck_value *a, ck_cmp_op op, const ck_value *b)
{
    int c;
    if (a->kind == CK_TYPE_STRING)
        c = strcmp(a->u.string, b->u.string);
    else if (a->kind == CK_TYPE_NUMBER)
        c = ck_number_cmp(a->u.number, b->u.number);
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


static ck_tri tri_not(ck_tri a) { return a == CK_TRI_UNKNOWN ? a : a == CK_TRI_TRUE ? CK_TRI_FALSE : CK_TRI_TRUE; }

ck_tri ck_scope_cond(const ck_scope *s, const ck_expr *x)
{
    switch (x->kind) {
    case CK_EX_PAREN: return ck_scope_cond(s, x->u.operand);
    case CK_EX_NOT: return tri_not(ck_scope_cond(s, x->u.operand));
    case CK_EX_AND: {
        ck_tri a = ck_scope_cond(s, x->u.bin.lhs);
        if (a == CK_TRI_FALSE)
            return CK_TRI_FALSE;
        ck_tri b = ck_scope_cond(s, x->u.bin.rhs);
        if (b == CK_TRI_FALSE)
            return CK_TRI_FALSE;
        return a == CK_TRI_TRUE && b == CK_TRI_TRUE ? CK_TRI_TRUE : CK_TRI_UNKNOWN;
    }
    case CK_EX_OR: {
        ck_tri a = ck_scope_cond(s, x->u.bin.lhs);
        if (a == CK_TRI_TRUE)
            return CK_TRI_TRUE;
        ck_tri b = ck_scope_cond(s, x->u.bin.rhs);
        if (b == CK_TRI_TRUE)
            return CK_TRI_TRUE;
        return a == CK_TRI_FALSE && b == CK_TRI_FALSE ? CK_TRI_FALSE : CK_TRI_UNKNOWN;
    }
    case CK_EX_CMP: {
        ck_value a = ck_scope_value(s, x->u.bin.lhs), b = ck_scope_value(s, x->u.bin.rhs);
        if (!a.present || !b.present)
            return CK_TRI_UNKNOWN;
        return ck_value_compare(&a, x->u.bin.op, &b) ? CK_TRI_TRUE : CK_TRI_FALSE;
    }
    case CK_EX_IN: {
        ck_value a = ck_scope_value(s, x->u.in.lhs);
        if (!a.present)
            return CK_TRI_UNKNOWN;
        for (size_t i = 0; i < x->u.in.items.len; i++) {
            ck_value b = ck_scope_value(s, x->u.in.items.items[i]);
            if (b.present && ck_value_compare(&a, CK_OP_EQ, &b))
                return x->u.in.negated ? CK_TRI_FALSE : CK_TRI_TRUE;
        }
        return x->u.in.negated ? CK_TRI_TRUE : CK_TRI_FALSE;
    }
    default: {
        ck_value v = ck_scope_value(s, x);
        if (!v.present)
            return CK_TRI_UNKNOWN;
        return v.u.boolean ? CK_TRI_TRUE : CK_TRI_FALSE;
    }
    }
}

void ck_expr_profile_fields(const ck_expr *x, bool *seen, ck_vec *order, ck_arena *a)
{
    switch (x->kind) {
    case CK_EX_NAME:
        if (!x->is_level_value && !x->is_party_field && x->ref >= 0 && !seen[x->ref]) {
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

const char *ck_tri_name(ck_tri t) { return t == CK_TRI_TRUE ? "true" : t == CK_TRI_FALSE ? "false" : "unknown"; }
