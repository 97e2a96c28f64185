/* What rules read for one record at one tier: policy values, profile fields, three-valued conditions. */
#ifndef CK_SCOPE_H
#define CK_SCOPE_H

#include <stdbool.h>

#include "policy.h"
#include "record.h"
#include "value.h"

/* Three-valued logic: a missing profile field makes a condition unknown, never false. */
typedef enum { CK_TRI_FALSE, CK_TRI_TRUE, CK_TRI_UNKNOWN } ck_tri;

/*
 * A scope is read-only over its policy and record; the two marker arrays are the caller's, to
 * learn what a condition read (the evaluator's profile-incomplete findings, the checklist's
 * thresholds).
 */
typedef struct ck_scope {
    const ck_policy *policy;
    const ck_record *record;  /* whose profile fields are read (a blank record for checklists) */
    int tier;                 /* the tier whose attribute values tier.X reads */
    bool *missing_read;       /* [nprofile], or NULL: marks profile fields read while absent */
    bool *attrs_read;         /* [nattrs], or NULL: marks tier attributes read */
    const ck_rec_party *party;/* inside a `for` rule: the party whose fields its names read */
} ck_scope;

/* A policy operand's value in the scope: a literal, a level value, `tier`, tier.X or a profile
 * field (not present when the record lacks it). */
ck_value ck_scope_value(const ck_scope *s, const ck_expr *x);
/* A condition in the scope. */
ck_tri ck_scope_cond(const ck_scope *s, const ck_expr *x);
const char *ck_tri_name(ck_tri t);

/* Whether a OP b, for two present values of one type. */
bool ck_value_compare(const ck_value *a, ck_cmp_op op, const ck_value *b);

/* Profile fields a condition reads (each once, in order written): indexes pushed as intptr_t. */
void ck_expr_profile_fields(const ck_expr *x, bool *seen, ck_vec *order, ck_arena *arena);

#endif
