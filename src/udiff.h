/* Unified diffs (fmt --diff): what changes between two texts, as `diff -u` and `patch` know it. */
#ifndef CK_UDIFF_H
#define CK_UDIFF_H

#include <stdio.h>

/*
 * Writes "--- label_a", "+++ label_b" and the hunks that turn a into b, each change with three
 * lines of context, line counts as GNU diff writes them and "\ No newline at end of file" where
 * a text ends without one. Nothing but the headers when the texts are equal. 0, or -1 out of
 * memory.
 */
int ck_udiff_write(FILE *out, const char *label_a, const char *a, size_t alen, const char *label_b, const char *b,
                   size_t blen);

#endif
