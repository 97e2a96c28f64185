/* Pre-signature review: one draft's evaluation arranged as a checklist with a verdict. */
#ifndef CK_REVIEW_H
#define CK_REVIEW_H

#include <stdbool.h>

#include "eval.h"

typedef struct ck_review_fact {
    const char *field;
    const char *value;      /* "absent" when the record lacks it */
    ck_span span;           /* where the record states it (src NULL when absent) */
} ck_review_fact;

typedef struct ck_review_item {
    int req;
    ck_outcome outcome;
    const char *reason;     /* not applicable because / gap applied */
    bool weaker;            /* unmet only because present clauses are weaker */
    ck_vec findings;        /* const ck_finding * of this requirement */
} ck_review_item;

typedef struct ck_review {
    const ck_result *result;
    bool hypothetical;      /* --tier: held to a tier the profile does not give */
    const ck_tier_rule *deciding_rule; /* NULL when held to the highest possible tier */
    ck_vec facts;           /* ck_review_fact *: profile fields the deciding rule read */
    ck_vec items;           /* ck_review_item *, in policy order */
    ck_vec record_findings; /* const ck_finding * not tied to a requirement */
    size_t to_resolve;      /* unmet error-severity requirements + record-level errors */
} ck_review;

/* Arranges an evaluated result (allocations in the record's arena). 0, or -1 when out of memory. */
int ck_review_build(const ck_policy *policy, const ck_result *result, bool hypothetical, ck_review *out);

#endif
