/* Untrusted text in every output format: one classification of characters, one escape notation. */
#include "escape.h"

#include <string.h>

#include "textutil.h"

ck_char ck_char_at(const char *s, size_t avail)
{
    bool valid;
    ck_char c = {.len = ck_utf8_char_len(s, avail, &valid), .cp = (unsigned char)s[0], .cls = CK_CHAR_PLAIN};
    if (!valid) {
        c.cls = CK_CHAR_INVALID;
        return c;
    }
    if (c.len > 1)
        c.cp = ck_utf8_codepoint(s, c.len);
    if (c.cp == '\t')
        c.cls = CK_CHAR_TAB;
    else if (c.cp < 0x20 || (c.cp >= 0x7f && c.cp < 0xa0))
        c.cls = CK_CHAR_CONTROL;
    else if ((c.cp >= 0x202a && c.cp <= 0x202e) || (c.cp >= 0x2066 && c.cp <= 0x2069) || c.cp == 0x061c ||
             c.cp == 0x200e || c.cp == 0x200f)
        c.cls = CK_CHAR_BIDI;
    else if (c.cp == 0xfffe || c.cp == 0xffff)
        c.cls = CK_CHAR_NONCHAR;
    else if (c.cp == 0x2028 || c.cp == 0x2029)
        c.cls = CK_CHAR_BREAK;
    return c;
}

size_t ck_escape_notation(char buf[CK_ESCAPE_MAX], const char *s, ck_char c)
{
    size_t n = 0;
    if (c.cls == CK_CHAR_INVALID) {
        for (size_t i = 0; i < c.len && i < 4; i++)
            n += (size_t)snprintf(buf + n, CK_ESCAPE_MAX - n, "\\x%02x", (unsigned char)s[i]);
    } else if (c.cp == '\t' || c.cp == '\n' || c.cp == '\r') {
        n = (size_t)snprintf(buf, CK_ESCAPE_MAX, "%s", c.cp == '\t' ? "\\t" : c.cp == '\n' ? "\\n" : "\\r");
    } else if (c.cp < 0x80) {
        n = (size_t)snprintf(buf, CK_ESCAPE_MAX, "\\x%02x", (unsigned)c.cp);
    } else {
        n = (size_t)snprintf(buf, CK_ESCAPE_MAX, "\\u%04x", (unsigned)c.cp);
    }
    return n;
}

void ck_escape_char(FILE *out, const char *s, ck_char c)
{
    char buf[CK_ESCAPE_MAX];
    fwrite(buf, 1, ck_escape_notation(buf, s, c), out);
}

/* How one format writes untrusted text: the ASCII characters it writes itself, and the writer
 * for those and for every unsafe character (false: show it in the notation). */
typedef struct {
    const char *ascii;
    bool (*put)(FILE *out, const char *s, ck_char c, const void *ctx);
    const void *ctx;
} text_rules;

/* Letters, digits and space: plain in every format, and most of any text. */
static bool ordinary(unsigned char b) { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == ' '; }

/* Writes s[0, len) under rules: runs of plain characters in one fwrite, the rest one by one. The
 * common case, an ordinary ASCII byte, is decided without decoding anything. */
static void write_text(FILE *out, const char *s, size_t len, const text_rules *rules)
{
    /* Most of what plain text shows is printable ASCII throughout: one check 32 bytes a step,
     * one fwrite. */
    if (!rules && ck_ascii_printable(s, len)) {
        fwrite(s, 1, len, out);
        return;
    }
    size_t run = 0; /* start of the pending run of plain bytes */
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)s[i];
        if (ordinary(b) || (b > 0x20 && b < 0x7f && !(rules && strchr(rules->ascii, b)))) {
            i++;
            continue;
        }
        ck_char c = ck_char_at(s + i, len - i);
        bool own = rules && c.cp && c.cp < 0x80 && c.cls != CK_CHAR_INVALID && strchr(rules->ascii, (int)c.cp);
        if ((c.cls == CK_CHAR_PLAIN || c.cls == CK_CHAR_TAB) && !own) {
            i += c.len;
            continue;
        }
        fwrite(s + run, 1, i - run, out);
        if (!(rules && rules->put(out, s + i, c, rules->ctx)))
            ck_escape_char(out, s + i, c);
        i += c.len;
        run = i;
    }
    fwrite(s + run, 1, len - run, out);
}

void ck_esc_textn(FILE *out, const char *s, size_t len) { write_text(out, s, len, NULL); }

void ck_esc_text(FILE *out, const char *s)
{
    if (s)
        write_text(out, s, strlen(s), NULL);
}

static bool markdown_put(FILE *out, const char *s, ck_char c, const void *ctx)
{
    (void)ctx;
    if (c.cls != CK_CHAR_PLAIN)
        return false;
    fputc('\\', out);
    fputc(*s, out);
    return true;
}

void ck_esc_markdown(FILE *out, const char *s)
{
    /* backslash-escaped, these render as themselves in CommonMark: emphasis and strikethrough,
     * code, links and images (no '[', no link: '(' and '!' need nothing), table cells, HTML,
     * entities (&#x202e; would render as the override itself), headings */
    static const text_rules rules = {"\\`*_[]<>|~&#", markdown_put, NULL};
    if (s)
        write_text(out, s, strlen(s), &rules);
}

static bool code_put(FILE *out, const char *s, ck_char c, const void *ctx)
{
    (void)s, (void)ctx;
    if (c.cp != '`' || c.cls != CK_CHAR_PLAIN)
        return false;
    fputc('\'', out);
    return true;
}

void ck_esc_markdown_code(FILE *out, const char *s)
{
    static const text_rules rules = {"`", code_put, NULL};
    if (s)
        write_text(out, s, strlen(s), &rules);
}

/* The runner decodes %25 %0D %0A in messages, and also %3A %2C in properties; a decoded newline
 * stays inside its annotation, so it is the one way a message may span lines. */
static bool github_put(FILE *out, const char *s, ck_char c, const void *ctx)
{
    bool property = *(const bool *)ctx;
    (void)s;
    switch (c.cls == CK_CHAR_INVALID ? 0 : c.cp) {
    case '%': fputs("%25", out); return true;
    case '\r': fputs("%0D", out); return true;
    case '\n': fputs("%0A", out); return true;
    case ':': fputs(property ? "%3A" : ":", out); return true;
    case ',': fputs(property ? "%2C" : ",", out); return true;
    default: return false;
    }
}

void ck_esc_github(FILE *out, const char *s, bool property)
{
    text_rules rules = {"%\r\n:,", github_put, &property};
    if (s)
        write_text(out, s, strlen(s), &rules);
}

/* Markup as entities; tab, newline and CR as character references, so attribute values keep
 * them; broken UTF-8 as U+FFFD. What XML 1.0 cannot carry at all (the other C0 controls,
 * U+FFFE, U+FFFF) and what would act in a viewer (DEL, C1, bidi) take the notation. */
static bool xml_put(FILE *out, const char *s, ck_char c, const void *ctx)
{
    (void)s, (void)ctx;
    if (c.cls == CK_CHAR_INVALID) {
        fputs("\xef\xbf\xbd", out);
        return true;
    }
    switch (c.cp) {
    case '<': fputs("&lt;", out); return true;
    case '>': fputs("&gt;", out); return true;
    case '&': fputs("&amp;", out); return true;
    case '"': fputs("&quot;", out); return true;
    case '\'': fputs("&apos;", out); return true;
    case '\t': fputs("&#9;", out); return true;
    case '\n': fputs("&#10;", out); return true;
    case '\r': fputs("&#13;", out); return true;
    default: return false;
    }
}

/* HTML text and quoted attributes: markup as references; tab and newline are white space there. */
static bool html_put(FILE *out, const char *s, ck_char c, const void *ctx)
{
    (void)ctx;
    if (c.cls == CK_CHAR_INVALID)
        return false;
    switch (c.cp) {
    case '<': fputs("&lt;", out); return true;
    case '>': fputs("&gt;", out); return true;
    case '&': fputs("&amp;", out); return true;
    case '"': fputs("&quot;", out); return true;
    case '\'': fputs("&#39;", out); return true;
    case '\t':
    case '\n': fputc(*s, out); return true;
    default: return false;
    }
}

void ck_esc_html(FILE *out, const char *s, size_t len)
{
    static const text_rules rules = {"<>&\"'\t\n", html_put, NULL};
    write_text(out, s, len, &rules);
}

void ck_esc_xml(FILE *out, const char *s)
{
    static const text_rules rules = {"<>&\"'\t\n\r", xml_put, NULL};
    if (s)
        write_text(out, s, strlen(s), &rules);
}

static bool json_put(FILE *out, const char *s, ck_char c, const void *ctx)
{
    (void)s, (void)ctx;
    if (c.cls == CK_CHAR_INVALID) {
        fputs("\\ufffd", out); /* passing the bytes on would make a JSON reader reject the whole document */
        return true;
    }
    switch (c.cp) {
    case '"': fputs("\\\"", out); return true;
    case '\\': fputs("\\\\", out); return true;
    case '\n': fputs("\\n", out); return true;
    case '\r': fputs("\\r", out); return true;
    case '\t': fputs("\\t", out); return true;
    case '\b': fputs("\\b", out); return true;
    case '\f': fputs("\\f", out); return true;
    default: fprintf(out, "\\u%04x", (unsigned)c.cp); return true;
    }
}

void ck_json_write_string(FILE *f, const char *s, size_t len)
{
    static const text_rules rules = {"\"\\\t", json_put, NULL};
    fputc('"', f);
    write_text(f, s, len, &rules);
    fputc('"', f);
}

void ck_json_write_string_or_null(FILE *f, const char *s)
{
    if (s)
        ck_json_write_string(f, s, strlen(s));
    else
        fputs("null", f);
}
