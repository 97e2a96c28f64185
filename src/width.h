/* Display width of characters in a terminal, so carets line up under wide and zero-width text. */
#ifndef CK_WIDTH_H
#define CK_WIDTH_H

#include <stddef.h>
#include <stdint.h>

/*
 * Columns a terminal gives code point cp: 2 for East Asian Wide and Fullwidth characters (CJK,
 * most emoji), 0 for combining and enclosing marks, zero-width joiners and spaces and other
 * format characters, 1 for everything else. The table is generated at build time from the
 * Unicode character database (scripts/gen_width.sh) by the rules glibc's wcwidth() follows, so
 * no locale is needed or changed. Control characters count 1: the caller shows them replaced.
 */
unsigned ck_width_codepoint(uint32_t cp);
/* The Unicode version the table was generated from, e.g. "15.0.0". */
const char *ck_width_unicode_version(void);

#endif
