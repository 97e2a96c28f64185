/* Small text helpers: edit distance for "did you mean", UTF-8 validation, JSON string output. */
#ifndef CK_TEXTUTIL_H
#define CK_TEXTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Levenshtein distance, capped: returns cap + 1 once it exceeds cap. */
size_t ck_edit_distance(const char *a, const char *b, size_t cap);
/* The candidate closest to name within max(1, strlen(name) / 3) edits (ties: first); NULL if none. */
const char *ck_closest(const char *name, const char *const *candidates, size_t n);
/* Strict UTF-8: no overlongs, surrogates or code points above U+10FFFF. */
bool ck_utf8_valid(const char *s, size_t len);
/* Writes s as a JSON string literal; invalid UTF-8 becomes U+FFFD. */
void ck_json_write_string(FILE *f, const char *s, size_t len);

#endif
