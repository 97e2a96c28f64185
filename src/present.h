/* Rules and values in words: as the policy says them (messages, fixes) or as a supplier reads them. */
#ifndef CK_PRESENT_H
#define CK_PRESENT_H

#include <stdbool.h>
#include <stddef.h>

#include "scope.h"

/*
 * The evaluator words its findings' messages and fixes with a presenter; the checklist of
 * `requirements`, `review` and `explain` read the same words, so a rule is described one way
 * wherever it appears. Texts live in the presenter's arena.
 */
typedef struct ck_presenter {
    const ck_scope *scope;  /* values of tier attributes and guards are read here */
    ck_arena *arena;
    bool plain;             /* a supplier's words (checklist), not a policy author's */
    bool oom;               /* an allocation failed; the texts so far may be empty */
} ck_presenter;

/* A value for messages: 72h, 2026-05-02, critical, true, "text"; "absent" or "not valid". */
const char *ck_present_value(ck_presenter *pr, const ck_value *v, const ck_scale *scale);
/* The same as a supplier reads a threshold: "24 hours", "yes", "full". */
const char *ck_present_value_plain(ck_presenter *pr, const ck_value *v, const ck_scale *scale);
/* A rule in words, into buf: "clause incident-notification with notify_within at most 24h". */
void ck_present_rule(ck_presenter *pr, const ck_rule *r, char *buf, size_t n);
/* Rules joined by sep. */
void ck_present_rules(ck_presenter *pr, const ck_vec *rules, const char *sep, char *buf, size_t n);

/* A bound in words for people who do not read operators: "at most ", "more than ". */
const char *ck_op_words(ck_cmp_op op);
/* The same as the object of "requires" or "expects": "something other than ". */
const char *ck_bound_words(ck_cmp_op op);

/* One applicable requirement of a tier, its rules in words with the tier's thresholds. */
typedef struct ck_checklist_item {
    int req;
    const char *condition;  /* the requirement's `when`, or NULL */
    ck_vec rules;           /* char * */
} ck_checklist_item;

/* What a supplier of `tier` must agree to and provide (allocated in arena). attrs_used (may be
 * NULL) gets [policy nattrs] flags: the tier attributes the items' wording uses, the only
 * thresholds worth showing the supplier. 0, or -1 when out of memory. */
int ck_present_checklist(const ck_policy *policy, int tier, ck_arena *arena, ck_vec *items, bool *attrs_used);

#endif
