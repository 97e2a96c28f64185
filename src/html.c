/* HTML output helpers: escaping of text and attributes, and the one way a link is built. */
#include "html.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "escape.h"

/* The one classification of unsafe characters, with HTML's markup rules (src/escape.c). */
void ck_html_text_n(FILE *out, const char *s, size_t len) { ck_esc_html(out, s, len); }

void ck_html_text(FILE *out, const char *s)
{
    if (s)
        ck_html_text_n(out, s, strlen(s));
}

bool ck_html_link_base_ok(const char *url)
{
    size_t scheme = strncasecmp(url, "https://", 8) == 0 ? 8 : strncasecmp(url, "http://", 7) == 0 ? 7 : 0;
    if (!scheme || !url[scheme] || url[scheme] == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p >= 0x7F || strchr("\"'<>\\`", *p))
            return false;
    return true;
}

void ck_html_url_path(FILE *out, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("-._~/", *p))
            fputc(*p, out);
        else
            fprintf(out, "%%%02X", *p);
    }
}
