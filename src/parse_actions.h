/* Grammar actions: AST construction called from grammar/parser.y (implemented in parse.c). */
#ifndef CK_PARSE_ACTIONS_H
#define CK_PARSE_ACTIONS_H

#include "parse.h"

ck_span ck_pa_span(ck_parse_ctx *ctx, ck_loc loc);
void ck_pa_push(ck_parse_ctx *ctx, ck_vec *vec, void *item);
ck_name *ck_pa_name(ck_parse_ctx *ctx, const ck_name *name);

void ck_pa_policy(ck_parse_ctx *ctx, char *name, ck_loc name_loc, ck_loc loc);
void ck_pa_policy_attr(ck_parse_ctx *ctx, int which, char *text, const ck_date *date, ck_loc loc);
void ck_pa_import(ck_parse_ctx *ctx, char *path, ck_loc path_loc, ck_loc loc);
void ck_pa_begin(ck_parse_ctx *ctx, ck_decl_kind kind, const ck_name *name, ck_loc loc);
void ck_pa_begin_titled(ck_parse_ctx *ctx, ck_decl_kind kind, const ck_name *name, char *title,
                        ck_loc title_loc, ck_loc loc);
void ck_pa_end(ck_parse_ctx *ctx, ck_loc loc);
void ck_pa_tiers(ck_parse_ctx *ctx, ck_vec *names, ck_loc loc);
void ck_pa_tier_attr(ck_parse_ctx *ctx, ck_field_decl *field, ck_loc loc);
void ck_pa_tier_has(ck_parse_ctx *ctx, const ck_name *tier, ck_vec *assigns, ck_loc loc);
void ck_pa_tier_rule(ck_parse_ctx *ctx, const ck_name *tier, ck_expr *cond, ck_loc loc);
void ck_pa_require(ck_parse_ctx *ctx, const ck_name *id, char *title, ck_loc title_loc,
                   const ck_tier_range *range, ck_expr *when, ck_loc loc);

ck_field_decl *ck_pa_field(ck_parse_ctx *ctx, const ck_name *name, ck_type_expr *type,
                           char *description, ck_loc loc);
void ck_pa_add_field(ck_parse_ctx *ctx, ck_field_decl *field);
ck_type_expr *ck_pa_type(ck_parse_ctx *ctx, ck_type_kind kind, ck_loc loc);
ck_assign *ck_pa_assign(ck_parse_ctx *ctx, const ck_name *name, ck_expr *value, ck_loc loc);

/* A clause's `mentions "a" or "b", "c"`: word is the name read where `mentions` belongs. */
void ck_pa_mentions(ck_parse_ctx *ctx, const ck_name *word, ck_vec *mentions, ck_loc loc);
ck_mention *ck_pa_mention(ck_parse_ctx *ctx, ck_vec *alts, ck_loc loc);
ck_name *ck_pa_phrase(ck_parse_ctx *ctx, char *text, ck_loc loc);
void ck_pa_valid_for(ck_parse_ctx *ctx, ck_duration d, ck_loc loc);
void ck_pa_independent(ck_parse_ctx *ctx, ck_loc loc);
void ck_pa_depths(ck_parse_ctx *ctx, ck_vec *names, ck_loc loc);
void ck_pa_question_expect(ck_parse_ctx *ctx, ck_cmp_op op, ck_expr *value);
void ck_pa_question_from(ck_parse_ctx *ctx, const ck_name *depth);

void ck_pa_add_rule(ck_parse_ctx *ctx, ck_vec *list, ck_rule *rule, ck_expr *guard,
                    bool otherwise, ck_loc loc);
void ck_pa_severity(ck_parse_ctx *ctx, const ck_name *severity, ck_loc loc);
void ck_pa_text(ck_parse_ctx *ctx, int which, char *text, ck_loc loc);
void ck_pa_group_of(ck_parse_ctx *ctx, const ck_name *group, ck_loc loc);
ck_rule *ck_pa_rule(ck_parse_ctx *ctx, ck_rule_kind kind, const ck_name *target, ck_loc loc);
ck_rule *ck_pa_rule_or(ck_parse_ctx *ctx, ck_rule *lhs, ck_rule *rhs, ck_loc loc);
ck_rule *ck_pa_date_rule(ck_parse_ctx *ctx, const ck_name *field, ck_expr *limit,
                         ck_loc section_loc, ck_loc loc);
ck_rule *ck_pa_group(ck_parse_ctx *ctx, ck_rule_kind kind, ck_vec *children, ck_loc loc);
ck_param_test *ck_pa_param(ck_parse_ctx *ctx, const ck_name *param, ck_cmp_op op, ck_expr *value,
                           ck_loc loc);
ck_evidence_qual *ck_pa_qual(ck_parse_ctx *ctx, ck_evq_kind kind, const ck_name *field,
                             ck_expr *limit, ck_loc loc);

void ck_pa_as_of(ck_parse_ctx *ctx, ck_date date, ck_loc loc);
void ck_pa_expect(ck_parse_ctx *ctx, bool tier, bool nothing, const ck_name *req,
                  const ck_name *kind, ck_loc kw_loc, ck_loc loc);
void ck_pa_fact(ck_parse_ctx *ctx, ck_fact_kind kind, const ck_name *target, ck_vec *assigns,
                ck_loc kw_loc, ck_loc loc);
ck_fact *ck_pa_new_fact(ck_parse_ctx *ctx, ck_fact_kind kind, const ck_name *target, ck_vec *assigns,
                        ck_loc kw_loc, ck_loc loc);
ck_fact *ck_pa_party_fact(ck_parse_ctx *ctx, const ck_name *kind, const ck_name *id, ck_vec *assigns, ck_vec *facts,
                          ck_loc kw_loc, ck_loc loc);
/* Into list, or the test being parsed when list is NULL. */
void ck_pa_push_fact(ck_parse_ctx *ctx, ck_vec *list, ck_fact *fact);
/* word: each, some, no (count NULL), least or most (with count); NULL when missing. block: the
 * braced rules as an `all` group, or NULL when the quantifier has none. */
ck_rule *ck_pa_quantifier(ck_parse_ctx *ctx, const char *word, ck_loc word_loc, const ck_number *count,
                          ck_loc count_loc, const ck_name *kind, ck_expr *filter, ck_rule *block, ck_loc loc);
/* A name alone where an evidence qualifier belongs: an attribute without its comparison. */
ck_evidence_qual *ck_pa_bare_qual(ck_parse_ctx *ctx, const ck_name *name);
ck_expr *ck_pa_filter(ck_parse_ctx *ctx, const ck_name *word, ck_expr *filter);

ck_expr *ck_pa_expr(ck_parse_ctx *ctx, ck_expr_kind kind, ck_loc loc);
ck_expr *ck_pa_bool(ck_parse_ctx *ctx, bool value, ck_loc loc);
ck_expr *ck_pa_binary(ck_parse_ctx *ctx, ck_expr_kind kind, ck_expr *lhs, ck_expr *rhs,
                      ck_cmp_op op, ck_loc loc);
ck_expr *ck_pa_unary(ck_parse_ctx *ctx, ck_expr_kind kind, ck_expr *operand, ck_loc loc);
ck_expr *ck_pa_in(ck_parse_ctx *ctx, ck_expr *lhs, ck_vec *items, ck_loc loc);

void ck_pa_syntax_error(ck_parse_ctx *ctx, ck_loc loc, const char *unexpected,
                        const char *const *expected, int n_expected);

#endif
