/* The checker's shared state and helpers, private to the sema_*.c files. */
#ifndef CK_SEMA_PRIVATE_H
#define CK_SEMA_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "policy.h"

/*
 * The checker runs in stages over the parsed files, in the order of ck_sema_check_policy:
 * declarations are collected (sema_decls.c), their types resolved, tier attributes and tier
 * rules checked (sema_tiers.c), then requirements (sema_rules.c) and test blocks
 * (sema_tests.c). Expressions are typed by sema_expr.c. Every stage reports through
 * ck_sema_error / ck_sema_warn and keeps going, so one run reports independent mistakes.
 */
typedef struct ck_sema {
    ck_policy *p;
    ck_diags *diags;
    ck_arena *arena;    /* the policy's arena */
    int errors;
    bool oom;
    bool in_tier_rule;  /* checking the condition of a tier rule, which decides the tier */
    const ck_party_kind *party; /* inside a `for` rule: the kind of party its names and rules are about */
} ck_sema;

/* A type, or "already reported": an ill-typed operand stays silent further up. */
typedef struct {
    bool ok;
    ck_type_info t;
} ck_typed;

ck_diag *ck_sema_error(ck_sema *ck, ck_span span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* code: the warning's stable name, for lint -f json (docs/lint.schema.json) */
ck_diag *ck_sema_warn(ck_sema *ck, const char *code, ck_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define HINT(d, ...) ck_diag_hint(ck->diags, (d), __VA_ARGS__)
/* "WHAT first declared at file:line:col" */
void ck_sema_hint_where(ck_sema *ck, ck_diag *d, const char *what, ck_span first);
/* "did you mean 'x'?" among n names, if one is close. */
void ck_sema_hint_closest(ck_sema *ck, ck_diag *d, const char *name, const char *const *names, size_t n);
/* "did you mean 'x'?" only when name is a slip of the keyboard for x (ck_misspelling): for kinds of
 * evidence and of party, where a similar name is usually another kind, never to be relabelled. */
void ck_sema_hint_misspelling(ck_sema *ck, ck_diag *d, const char *name, const char *const *names, size_t n);

/* "did you mean 'x'?" when one of the n names is close, else "LISTING: a, b, c". */
void ck_sema_hint_names(ck_sema *ck, ck_diag *d, const char *name, const char *const *names, size_t n,
                        const char *listing);
#define ck_sema_hint_scale(ck, d, name, s, listing) \
    ck_sema_hint_names((ck), (d), (name), (s)->names, (s)->count, (listing))

/* sema.c: a declared type as the compiled policy holds it (level scales are built here). */
ck_type_info ck_sema_resolve_type(ck_sema *ck, const ck_type_expr *te, const char *owner);

/* sema_expr.c */
ck_typed ck_sema_operand(ck_sema *ck, ck_expr *e, const ck_type_info *want);
/* A condition: an operand that must be true or false. */
ck_typed ck_sema_cond(ck_sema *ck, ck_expr *e);
/* A value that must have type want (parameters, attributes, answers, limits). */
void ck_sema_value(ck_sema *ck, ck_expr *e, ck_type_info want, const char *what);
/* Whether e (after parentheses) is a literal usable for contradiction checks; fills v. */
bool ck_sema_literal_number(const ck_expr *e, ck_number *v);

/* sema_decls.c */
/* Fills scale s from names, each once (`twice`: the message for a repeat, with one %s; `hint`
 * its hint); room for `extra` more names. False when out of memory. */
bool ck_sema_scale(ck_sema *ck, ck_scale *s, const ck_vec *names, size_t extra, const char *twice, const char *hint);
void ck_sema_collect(ck_sema *ck);
void ck_sema_field_types(ck_sema *ck);
void ck_sema_warn_unused(ck_sema *ck);

/* sema_tiers.c */
/* The tier named, or -1 after reporting an unknown one. */
int ck_sema_tier(ck_sema *ck, const ck_name *nm);
/* The tier a misspelt tier name most likely means, or -1 (keeps follow-on checks quiet). */
int ck_sema_tier_standin(ck_sema *ck, const ck_name *nm);
void ck_sema_tier_attrs(ck_sema *ck);
void ck_sema_tier_rules(ck_sema *ck);

/* sema_rules.c */
void ck_sema_requirement(ck_sema *ck, ck_requirement *req);

/* sema_tests.c */
void ck_sema_test(ck_sema *ck, const ck_decl *test);

#endif
