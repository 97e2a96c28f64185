/* HTML output helpers: escaping of text and attributes, and the one way a link is built. */
#include "html.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "textutil.h"

static bool is_bidi_control(uint32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

void ck_html_text_n(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        bool valid;
        size_t n = ck_utf8_char_len(s + i, len - i, &valid);
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = valid ? ck_utf8_codepoint(s + i, n) : 0xFFFD;
        if (!valid || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            fputs("\xEF\xBF\xBD", out);
        else if (is_bidi_control(cp))
            fprintf(out, "[U+%04X]", (unsigned)cp);
        else if (c == '&')
            fputs("&amp;", out);
        else if (c == '<')
            fputs("&lt;", out);
        else if (c == '>')
            fputs("&gt;", out);
        else if (c == '"')
            fputs("&quot;", out);
        else if (c == '\'')
            fputs("&#39;", out);
        else
            fwrite(s + i, 1, n, out);
        i += n;
    }
}

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
