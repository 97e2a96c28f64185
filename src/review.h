/* Pre-signature review: one draft's evaluation arranged as a checklist with a verdict. */
#ifndef CK_REVIEW_H
#define CK_REVIEW_H

#include <stdbool.h>

#include "eval.h"
#include "forecast.h"

typedef struct ck_review_fact {
    const char *field;
    const char *value;      /* "absent" when the record lacks it */
    ck_span span;           /* where the record states it (src NULL when absent) */
} ck_review_fact;

/* Where a checklist item stands, in the words a reviewer acts on. */
typedef enum {
    CK_REVIEW_MET,
    CK_REVIEW_NOT_APPLICABLE,
    CK_REVIEW_GAP_ACCEPTED,
    CK_REVIEW_GAP_DECLARED,    /* a gap is declared but not accepted */
    CK_REVIEW_GAP_EXPIRED,     /* a gap's acceptance has run out */
    CK_REVIEW_VALUE_INVALID,   /* unmet because a value it needs is invalid (reported once, for the record) */
    CK_REVIEW_MISSING,         /* something it asks for is absent from the draft */
    CK_REVIEW_WEAKER,          /* everything is there, but weaker than required */
    CK_REVIEW_NOT_MET,         /* otherwise: a condition, a count, a date, evidence out of date */
} ck_review_state;

typedef struct ck_review_item {
    int req;
    ck_outcome outcome;
    ck_review_state state;
    const char *reason;     /* not applicable because / gap applied */
    ck_vec findings;        /* const ck_finding * of this requirement */
} ck_review_item;

typedef struct ck_review {
    const ck_result *result;
    bool hypothetical;      /* --tier: held to a tier the profile does not give */
    const ck_tier_rule *deciding_rule; /* NULL when held to the highest possible tier */
    ck_vec facts;           /* ck_review_fact *: profile fields the deciding rule read */
    ck_vec items;           /* ck_review_item *, in policy order */
    ck_vec record_findings; /* const ck_finding * not tied to a requirement, but those of documents */
    ck_vec document_findings; /* const ck_finding * of the contract documents check (document-*) */
    size_t to_resolve;      /* unmet error-severity requirements + record-level errors */
    const ck_forecast *forecast; /* what falls due in the contract's first year (forecast_until), or NULL */
    ck_date forecast_until;
} ck_review;

/* Arranges an evaluated result (allocations in the record's arena). 0, or -1 when out of memory. */
int ck_review_build(const ck_policy *policy, const ck_result *result, bool hypothetical, ck_review *out);

#endif
