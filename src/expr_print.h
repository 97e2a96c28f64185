/* Expression printing: policy expressions and string literals in canonical policy syntax. */
#ifndef CK_EXPR_PRINT_H
#define CK_EXPR_PRINT_H

#include <stddef.h>
#include <stdio.h>

#include "ast.h"

/* Writes s as a policy string literal with canonical escapes. */
void ck_write_string_literal(FILE *out, const char *s);

/* Writes an expression in canonical policy syntax (used by messages and the formatter). */
void ck_expr_write(FILE *out, const ck_expr *e);
/* The same into a buffer (truncated to n). */
void ck_expr_to_string(const ck_expr *e, char *buf, size_t n);

#endif
