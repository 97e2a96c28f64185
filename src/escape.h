/* Untrusted text in every output format: one classification of characters, one escape notation. */
#ifndef CK_ESCAPE_H
#define CK_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * File names and record values are written by whoever can push to a contract repository, and
 * end up on terminals, in CI logs, in pull-request comments and annotations. Characters that
 * act instead of showing must never reach those raw: a terminal obeys ESC sequences, a newline
 * forges a log line or a workflow command, and the bidi overrides reorder what a reviewer sees
 * (CVE-2021-42574, "Trojan Source"). Every writer below classifies text with ck_char_at and
 * shows an unsafe character in one notation: \t \n \r for those three, \xHH for any other
 * byte below 0x80 and for each byte of broken UTF-8, \uHHHH for a code point (C1 controls,
 * bidi controls, U+2028, U+2029, U+FFFE, U+FFFF). Text for people (text, Markdown, HTML, GitHub
 * annotations, the calendar, review, explain, diagnostics) shows the notation (iCalendar with its
 * backslash escaped); JSON uses its own \u escapes, which keep the value intact; XML (JUnit)
 * shows the notation for what XML 1.0 cannot carry and replaces broken UTF-8 with U+FFFD, as
 * JSON does. Tab stays raw where the format allows it.
 */
typedef enum {
    CK_CHAR_PLAIN,    /* shown as it is */
    CK_CHAR_TAB,
    CK_CHAR_CONTROL,  /* C0 but tab (newline and CR included), DEL, C1 (U+0080-U+009F) */
    CK_CHAR_BIDI,     /* embeddings, overrides, isolates and marks: U+202A-U+202E, U+2066-U+2069,
                         U+061C, U+200E, U+200F */
    CK_CHAR_NONCHAR,  /* U+FFFE, U+FFFF: not characters, and excluded from XML 1.0 */
    CK_CHAR_BREAK,    /* U+2028, U+2029: line breaks to editors and browsers, and to JavaScript */
    CK_CHAR_INVALID,  /* a maximal invalid UTF-8 subpart (ck_utf8_char_len) */
} ck_char_class;

typedef struct {
    size_t len;          /* bytes */
    uint32_t cp;         /* the code point; the first byte when invalid */
    ck_char_class cls;
} ck_char;

/* The character at s (avail > 0 bytes). */
ck_char ck_char_at(const char *s, size_t avail);
/* The notation of c (at s) into buf, not NUL-terminated; its length. For formats with escapes of
 * their own (iCalendar doubles its backslash). */
#define CK_ESCAPE_MAX 24
size_t ck_escape_notation(char buf[CK_ESCAPE_MAX], const char *s, ck_char c);
/* Writes c (at s) in the notation above. */
void ck_escape_char(FILE *out, const char *s, ck_char c);
/* Writes len bytes of s with every unsafe character escaped (tab kept). */
void ck_esc_textn(FILE *out, const char *s, size_t len);
/* The same for a NUL-terminated string; NULL writes nothing. */
void ck_esc_text(FILE *out, const char *s);
/* Inline Markdown: also backslash before the characters that format, link or open HTML. */
void ck_esc_markdown(FILE *out, const char *s);
/* Inside a Markdown code span, where a backslash is literal: a backtick (which would end the
 * span) becomes ', the rest as ck_esc_text. */
void ck_esc_markdown_code(FILE *out, const char *s);
/* A GitHub Actions workflow command's message (property false) or property value: % CR LF
 * (and in properties : ,) as the runner decodes them, everything else unsafe escaped. */
void ck_esc_github(FILE *out, const char *s, bool property);
/* HTML element content or a quoted attribute value: & < > " ' as references, tab and newline
 * kept, everything unsafe in the notation. */
void ck_esc_html(FILE *out, const char *s, size_t len);
/* XML 1.0 text or attribute content (JUnit): valid UTF-8 whatever the input. */
void ck_esc_xml(FILE *out, const char *s);
/*
 * Writes len bytes of s to f as a JSON string literal, quotes included: " and \ escaped, every
 * character the notation would escape as a JSON \u escape (\n \r \t \b \f for those), so the
 * value is kept and the bytes are safe. Each maximal invalid UTF-8 subpart becomes one U+FFFD,
 * as the Unicode standard recommends, so the output is always valid JSON and valid UTF-8.
 */
void ck_json_write_string(FILE *f, const char *s, size_t len);
/* The same for a NUL-terminated string, and null for NULL. */
void ck_json_write_string_or_null(FILE *f, const char *s);

#endif
