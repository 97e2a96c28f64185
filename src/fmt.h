/* The canonical formatter: a parsed policy file printed back in one agreed layout, comments kept. */
#ifndef CK_FMT_H
#define CK_FMT_H

#include <stdio.h>

#include "ast.h"

/*
 * Canonical form (also in docs/language.md):
 *   - declarations in source order; one blank line between declarations, except between
 *     consecutive one-line declarations of one kind (imports, tier attributes, `tier X has`,
 *     tier rules), which stay together; a blank line the author left is kept (at most one);
 *   - two spaces of indentation per block; the policy header's version, owner and effective
 *     date each on their own line;
 *   - in a block of typed fields (profile, clause parameters, questions) the colons align; in
 *     a group of tier rules the `when` keywords align, in `tier X has` lines the `has`;
 *   - a requirement lists its rules first, then severity (when written), rationale,
 *     remediation and each ref on its own line; evidence qualifiers are joined with `and`;
 *   - a test lists `as of` first, then its facts and expectations in source order;
 *   - one declaration, rule, fact or expectation per line, never wrapped;
 *   - literals canonical: strings re-escaped (\" \\ \n \t, other control characters \uXXXX),
 *     durations and dates as the scanner reads them, `or` alternatives kept infix;
 *   - comments kept: an own-line comment on its own line before the item it preceded, at that
 *     item's indentation; a comment after code stays at the end of that line; comments before
 *     a closing brace stay inside the block.
 * Formatting its own output changes nothing.
 */

/* Writes file in canonical form. 0, or -1 when out of memory. The file must have parsed without errors. */
int ck_fmt_write(FILE *out, const ck_file *file);
/* The same into a malloc'd buffer of *len bytes (NUL-terminated); NULL when out of memory. */
char *ck_fmt_to_buffer(const ck_file *file, size_t *len);

#endif
