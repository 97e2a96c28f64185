/* Compiler-style diagnostics: path:line:col: level: message, the line, a caret, a hint. */
#include "diag.h"

#include "escape.h"
#include "textutil.h"
#include "width.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lines wider than this many columns are shown as a window around the span. */
#define CK_DIAG_MAX_SHOWN 100
#define CK_DIAG_TAB_WIDTH 4

int ck_diags_init(ck_diags *d)
{
    memset(d, 0, sizeof *d);
    d->max_errors = 200;
    d->arena = ck_arena_new();
    return d->arena ? 0 : -1;
}

int ck_diags_adopt(ck_diags *d, ck_arena *arena)
{
    return ck_vec_push(d->arena, &d->adopted, arena);
}

void ck_diags_fini(ck_diags *d)
{
    for (size_t i = 0; i < d->adopted.len; i++)
        ck_arena_free(d->adopted.items[i]);
    ck_arena_free(d->arena);
    memset(d, 0, sizeof *d);
}

ck_diag *ck_diag_addv(ck_diags *d, ck_diag_level level, ck_span span, const char *path, const char *fmt,
                      va_list ap)
{
    if (level == CK_DIAG_ERROR) {
        d->errors++;
        if (d->max_errors && d->errors > d->max_errors) {
            d->truncated = true;
            return NULL;
        }
    } else if (level == CK_DIAG_WARNING) {
        d->warnings++;
    }
    ck_diag *diag = ck_arena_alloc(d->arena, sizeof *diag);
    if (!diag)
        return NULL;
    char buf[1024];
    ck_vformat(buf, sizeof buf, fmt, ap); /* a long value is cut between characters */
    diag->level = level;
    diag->code = NULL;
    diag->span = span;
    diag->path = path ? ck_arena_strdup(d->arena, path) : (span.src ? span.src->path : NULL);
    diag->message = ck_arena_strdup(d->arena, buf);
    if (!diag->message || ck_vec_push(d->arena, &d->list, diag) != 0)
        return NULL;
    return diag;
}

ck_diag *ck_diag_add(ck_diags *d, ck_diag_level level, ck_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_diag *diag = ck_diag_addv(d, level, span, NULL, fmt, ap);
    va_end(ap);
    return diag;
}

ck_diag *ck_diag_add_path(ck_diags *d, ck_diag_level level, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_diag *diag = ck_diag_addv(d, level, (ck_span){0}, path, fmt, ap);
    va_end(ap);
    return diag;
}

void ck_diag_hint(ck_diags *d, ck_diag *diag, const char *fmt, ...)
{
    if (!diag)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    ck_vformat(buf, sizeof buf, fmt, ap);
    va_end(ap);
    diag->hint = ck_arena_strdup(d->arena, buf);
}

bool ck_diag_want_color(FILE *stream)
{
    const char *no = getenv("NO_COLOR");
    if (no && *no)
        return false;
    return isatty(fileno(stream));
}

const char *ck_diag_level_name(ck_diag_level l)
{
    switch (l) {
    case CK_DIAG_ERROR: return "error";
    case CK_DIAG_WARNING: return "warning";
    case CK_DIAG_NOTE: return "note";
    }
    return "error";
}

static const char *level_color(ck_diag_level l)
{
    switch (l) {
    case CK_DIAG_ERROR: return "\033[1;31m";
    case CK_DIAG_WARNING: return "\033[1;35m";
    case CK_DIAG_NOTE: return "\033[1;36m";
    }
    return "";
}

/* One character of a source line as the excerpt shows it. */
typedef struct {
    size_t len;     /* bytes in the source */
    unsigned width; /* columns on screen */
    bool replaced;  /* shown as '?' */
} shown_char;

static shown_char shown_char_at(const char *p, size_t avail)
{
    unsigned char b = (unsigned char)*p;
    if (b >= 0x20 && b < 0x7f) /* printable ASCII, nearly every byte of a record: no decoding */
        return (shown_char){1, 1, false};
    ck_char ch = ck_char_at(p, avail);
    shown_char c = {ch.len, 1, false};
    if (ch.cls == CK_CHAR_TAB)
        c.width = CK_DIAG_TAB_WIDTH;
    else if (ch.cls != CK_CHAR_PLAIN)
        c.replaced = true; /* never echo control bytes, bidi controls or broken UTF-8 to a terminal */
    else if (ch.len > 1)
        c.width = ck_width_codepoint(ch.cp);
    return c;
}

static void put_shown(FILE *out, const char *p, shown_char c)
{
    if (c.replaced)
        fputc('?', out);
    else if (*p == '\t')
        fprintf(out, "%*s", CK_DIAG_TAB_WIDTH, "");
    else
        fwrite(p, 1, c.len, out);
}

/*
 * The bytes [*from, *to) of a line wider than CK_DIAG_MAX_SHOWN columns to show: at most that
 * many columns, with the character holding byte s about half-way in when the line is cut on the
 * left. Both ends fall between characters, and never between a character and the zero-width
 * marks after it, which stay with it on the right and go with it on the left.
 */
static void excerpt_window(const char *line, size_t len, size_t s, size_t *from, size_t *to)
{
    size_t scol = 0; /* columns before the character holding s, as the printing loop counts them */
    for (size_t i = 0; i < len;) {
        shown_char c = shown_char_at(line + i, len - i);
        if (i + c.len > s)
            break;
        scol += c.width;
        i += c.len;
    }
    size_t f = 0;
    if (scol > CK_DIAG_MAX_SHOWN / 2) {
        for (size_t col = 0; f < len;) {
            shown_char c = shown_char_at(line + f, len - f);
            if (col >= scol - CK_DIAG_MAX_SHOWN / 2 && c.width > 0)
                break; /* zero-width marks of the last character cut off go with it */
            col += c.width;
            f += c.len;
        }
    }
    size_t t = f, shown = 0;
    while (t < len) {
        shown_char c = shown_char_at(line + t, len - t);
        if (shown + c.width > CK_DIAG_MAX_SHOWN)
            break;
        shown += c.width;
        t += c.len;
    }
    *from = f;
    *to = t;
}

static void put_caret(FILE *out, size_t before, size_t under, bool color)
{
    /* a span of zero-width characters still gets its caret, under the character they mark */
    fprintf(out, "  %s%*s^", color ? "\033[1;32m" : "", (int)before, "");
    for (size_t k = 1; k < under; k++)
        fputc('~', out);
    fprintf(out, "%s\n", color ? "\033[0m" : "");
}

/* The excerpt of a line of printable ASCII (a register's line, most records' lines): one column
 * per byte, so the window and the caret are arithmetic. Prints exactly what the general loop in
 * ck_diag_print_excerpt would, without decoding every character of a long line three times. */
static void print_ascii_excerpt(FILE *out, const char *line, size_t len, size_t s, size_t e, bool color)
{
    size_t from = 0, to = len;
    if (len > CK_DIAG_MAX_SHOWN) {
        from = s > CK_DIAG_MAX_SHOWN / 2 ? s - CK_DIAG_MAX_SHOWN / 2 : 0;
        to = len - from > CK_DIAG_MAX_SHOWN ? from + CK_DIAG_MAX_SHOWN : len;
    }
    fprintf(out, "  %s%.*s%s\n", from ? "..." : "", (int)(to - from), line + from, to < len ? "..." : "");
    size_t lo = s > from ? s : from, hi = e < to ? e : to;
    put_caret(out, (from ? 3 : 0) + (s > from ? (s < to ? s : to) - from : 0), hi > lo ? hi - lo : 0, color);
}

/*
 * Prints the source line and a caret line under [start, end) of that line. Columns are display
 * columns, so the caret lands under its character whatever is before it on the line: wide
 * characters take two, combining marks and zero-width joiners none, a tab four.
 */
void ck_diag_print_excerpt(FILE *out, ck_span span, bool color)
{
    const ck_source *src = span.src;
    ck_linecol lc = ck_source_linecol(src, span.start);
    size_t len;
    const char *line = ck_source_line(src, lc.line, &len);
    if (len == 0)
        return; /* an empty line and a lone caret would say nothing */
    size_t line_off = (size_t)(line - src->text);
    size_t s = span.start - line_off;
    size_t e = span.end > span.start ? span.end - line_off : s + 1;
    if (s > len)
        s = len;
    if (e > len)
        e = len > s ? len : s + 1;
    if (e <= s)
        e = s + 1;

    /* the columns up to the end of any window around s decide what is shown */
    if (ck_ascii_printable(line, len < s + CK_DIAG_MAX_SHOWN + 1 ? len : s + CK_DIAG_MAX_SHOWN + 1)) {
        print_ascii_excerpt(out, line, len, s, e, color);
        return;
    }
    size_t total = 0;
    for (size_t i = 0; i < len && total <= CK_DIAG_MAX_SHOWN;) {
        shown_char c = shown_char_at(line + i, len - i);
        total += c.width;
        i += c.len;
    }
    size_t from = 0, to = len;
    if (total > CK_DIAG_MAX_SHOWN) /* window long lines so the caret stays on screen */
        excerpt_window(line, len, s, &from, &to);

    size_t before = 0, under = 0; /* columns before the span, and under it */
    fputs("  ", out);
    if (from > 0) {
        fputs("...", out);
        before = 3;
    }
    for (size_t i = from; i < to;) {
        shown_char c = shown_char_at(line + i, len - i);
        put_shown(out, line + i, c);
        /* a span may start inside a broken stretch: underline the character that holds it */
        if (i + c.len <= s)
            before += c.width;
        else if (i < e)
            under += c.width;
        i += c.len;
    }
    if (to < len)
        fputs("...", out);
    fputc('\n', out);
    put_caret(out, before, under, color);
}

/* Paths and messages quote file names and record values: escaped (docs/output.md). */
void ck_diag_print_line(FILE *out, const ck_diag *diag, bool color)
{
    const char *bold = color ? "\033[1m" : "";
    const char *reset = color ? "\033[0m" : "";
    if (diag->span.src) {
        ck_linecol lc = ck_source_linecol(diag->span.src, diag->span.start);
        fputs(bold, out);
        ck_esc_text(out, diag->span.src->path);
        fprintf(out, ":%u:%u:%s ", lc.line, lc.col, reset);
    } else if (diag->path) {
        fputs(bold, out);
        ck_esc_text(out, diag->path);
        fprintf(out, ":%s ", reset);
    }
    fprintf(out, "%s%s:%s %s", color ? level_color(diag->level) : "", ck_diag_level_name(diag->level), reset, bold);
    ck_esc_text(out, diag->message);
    fprintf(out, "%s\n", reset);
}

void ck_diag_print(FILE *out, const ck_diag *diag, bool color)
{
    const char *reset = color ? "\033[0m" : "";
    ck_diag_print_line(out, diag, color);
    if (diag->span.src)
        ck_diag_print_excerpt(out, diag->span, color);
    if (diag->hint) {
        fprintf(out, "  %shint:%s ", color ? "\033[1;36m" : "", reset);
        ck_esc_text(out, diag->hint);
        fputc('\n', out);
    }
}

void ck_diags_print(FILE *out, const ck_diags *d, bool color)
{
    for (size_t i = 0; i < d->list.len; i++)
        ck_diag_print(out, d->list.items[i], color);
    if (d->truncated)
        fprintf(out, "clausecheck: too many errors (%zu); stopped after %zu\n", d->errors,
                d->max_errors);
}

void ck_diag_write_json(FILE *out, const ck_diag *diag)
{
    fputs("{\"file\": ", out);
    ck_json_write_string_or_null(out, diag->span.src ? diag->span.src->path : diag->path);
    if (diag->span.src) {
        ck_linecol at = ck_source_linecol(diag->span.src, diag->span.start);
        ck_linecol end = ck_source_linecol(diag->span.src, diag->span.end);
        fprintf(out, ", \"line\": %u, \"column\": %u, \"end\": {\"line\": %u, \"column\": %u}", at.line, at.col,
                end.line, end.col);
    } else {
        fputs(", \"line\": null, \"column\": null, \"end\": null", out);
    }
    fprintf(out, ", \"severity\": \"%s\", \"code\": ", ck_diag_level_name(diag->level));
    ck_json_write_string_or_null(out, diag->code);
    fputs(", \"message\": ", out);
    ck_json_write_string_or_null(out, diag->message);
    fputs(", \"hint\": ", out);
    ck_json_write_string_or_null(out, diag->hint);
    fputc('}', out);
}
