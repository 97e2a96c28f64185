/* Small text helpers: edit distance for "did you mean", UTF-8 validation. */
#ifndef CK_TEXTUTIL_H
#define CK_TEXTUTIL_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Levenshtein distance (insert, delete, substitute; no transpositions) between two
 * NUL-terminated byte strings, capped: returns cap + 1 (SIZE_MAX if cap is SIZE_MAX)
 * as soon as the distance must exceed cap. O(len_a * len_b) time, one row of
 * min(len_a, len_b) + 1 cells; no allocation while the shorter string is at most 64
 * bytes, and cap + 1 if a larger row cannot be allocated.
 */
size_t ck_edit_distance(const char *a, const char *b, size_t cap);
/* The candidate closest to name within max(1, strlen(name) / 3) edits (ties: the first); NULL if none. NULL entries are skipped.
 * Two swapped neighbouring letters count as one edit here. */
const char *ck_closest(const char *name, const char *const *candidates, size_t n);
/* Stricter: a candidate that name is a slip of the keyboard for (at most two edits, one below
 * eight characters, the same digits), never a different thing with a similar name:
 * fedramp-low-authorization is not a misspelling of fedramp-moderate-authorization, nor
 * iso27017 of iso27001. For names a record gives that the policy may declare as distinct kinds. */
const char *ck_misspelling(const char *name, const char *const *candidates, size_t n);
/*
 * Length of the character at s (len > 0): a valid UTF-8 sequence, or else its maximal invalid
 * subpart, which *valid reports as false. Columns, carets and U+FFFD all count characters this
 * way, so a caret always lands under the '?' shown for a broken byte.
 */
size_t ck_utf8_char_len(const char *s, size_t len, bool *valid);
/* The code point of the valid n-byte sequence at s (n as ck_utf8_char_len gave it). */
uint32_t ck_utf8_codepoint(const char *s, size_t n);
/* Strict UTF-8: no overlongs, surrogates, code points above U+10FFFF or truncated sequences. NUL bytes are valid. */
bool ck_utf8_valid(const char *s, size_t len);

/* Whether every byte of s[0, len) is ASCII; and whether every one is printable ASCII (0x20-0x7e).
 * Register lines are long (a 2 KB JSON object) and a location's column and its excerpt scan them,
 * so these go 32 bytes a step, a loop gcc -O2 turns into vector instructions. */
bool ck_ascii_only(const char *s, size_t len);
bool ck_ascii_printable(const char *s, size_t len);
/* Cuts a string that snprintf may have truncated back to a whole UTF-8 character, so that a
 * message cut to fit its buffer never ends in half a character. */
void ck_utf8_trim(char *s);
/* vsnprintf and snprintf into a fixed buffer, cut (when too long) only between characters. */
void ck_vformat(char *buf, size_t size, const char *fmt, va_list ap);
void ck_format(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
