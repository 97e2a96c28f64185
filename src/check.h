/* The policy checker: resolves names and types across all files of a policy. */
#ifndef CK_CHECK_H
#define CK_CHECK_H

#include "diag.h"
#include "policy.h"

/*
 * Fills policy's tables from policy->files (already parsed, imports first).
 * Every problem is a diagnostic; returns the number of errors added, or -1
 * when out of memory.
 */
int ck_check_policy(ck_policy *policy, ck_diags *diags);

/* Writes s as a policy string literal with canonical escapes. */
void ck_write_string_literal(FILE *out, const char *s);

/* Writes an expression in canonical policy syntax (used by messages and the formatter). */
void ck_expr_write(FILE *out, const ck_expr *e);
/* The same into a buffer (truncated to n). */
void ck_expr_to_string(const ck_expr *e, char *buf, size_t n);

#endif
