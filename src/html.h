/* HTML output helpers: every string from a record or a policy reaches a report through these. */
#ifndef CK_HTML_H
#define CK_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Text for element content and quoted attribute values alike: & < > " ' become references; tab
 * and newline stay; control characters, bidirectional formatting characters (U+061C, U+200E/F,
 * U+202A..U+202E, U+2066..U+2069, which could make a name display as something it is not) and
 * broken UTF-8 are shown in the one notation of src/escape.c: "\x01", "\u202e", "\xff".
 */
void ck_html_text(FILE *out, const char *s);
void ck_html_text_n(FILE *out, const char *s, size_t len);

/* Whether a --link-base URL may become a link: http:// or https:// and a host, nothing that
 * could leave a quoted attribute or start a new scheme. */
bool ck_html_link_base_ok(const char *url);

/* A relative path inside a URL: unreserved bytes and '/' kept, the rest percent-encoded. */
void ck_html_url_path(FILE *out, const char *path);

#endif
