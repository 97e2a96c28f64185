/* Compiler-style diagnostics: path:line:col: level: message, the line, a caret, a hint. */
#include "diag.h"

#include "textutil.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lines longer than this are shown as a window around the span. */
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

static ck_diag *diag_addv(ck_diags *d, ck_diag_level level, ck_span span, const char *path,
                          const char *fmt, va_list ap)
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
    vsnprintf(buf, sizeof buf, fmt, ap);
    diag->level = level;
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
    ck_diag *diag = diag_addv(d, level, span, NULL, fmt, ap);
    va_end(ap);
    return diag;
}

ck_diag *ck_diag_add_path(ck_diags *d, ck_diag_level level, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_diag *diag = diag_addv(d, level, (ck_span){0}, path, fmt, ap);
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
    vsnprintf(buf, sizeof buf, fmt, ap);
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

static const char *level_name(ck_diag_level l)
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

static bool utf8_lead(unsigned char c) { return (c & 0xC0) != 0x80; }

/* Display width of one character starting at p (control bytes shown as '?'). */
static void put_char_shown(FILE *out, const char *p, size_t n, bool valid, unsigned *width)
{
    unsigned char c = (unsigned char)p[0];
    if (c == '\t') {
        for (int i = 0; i < CK_DIAG_TAB_WIDTH; i++)
            fputc(' ', out);
        *width = CK_DIAG_TAB_WIDTH;
    } else if (c < 0x20 || c == 0x7f || !valid) {
        fputc('?', out); /* never echo control bytes or broken UTF-8 to a terminal */
        *width = 1;
    } else {
        fwrite(p, 1, n, out);
        *width = 1;
    }
}

/* Prints the source line and a caret line under [start, end) of that line. */
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

    /* Window long lines so the caret stays on screen. */
    size_t from = 0, to = len;
    bool cut_left = false, cut_right = false;
    if (len > CK_DIAG_MAX_SHOWN) {
        if (s > CK_DIAG_MAX_SHOWN / 2) {
            from = s - CK_DIAG_MAX_SHOWN / 2;
            while (from < len && !utf8_lead((unsigned char)line[from]))
                from++;
            cut_left = true;
        }
        if (from + CK_DIAG_MAX_SHOWN < len) {
            to = from + CK_DIAG_MAX_SHOWN;
            while (to < len && !utf8_lead((unsigned char)line[to]))
                to++;
            cut_right = true;
        }
    }

    char caret[4 * CK_DIAG_MAX_SHOWN + 64];
    size_t ci = 0;
    fputs("  ", out);
    if (cut_left) {
        fputs("...", out);
        ci += (size_t)snprintf(caret + ci, sizeof caret - ci, "   ");
    }
    for (size_t i = from; i < to;) {
        bool valid;
        size_t n = ck_utf8_char_len(line + i, to - i, &valid);
        unsigned w;
        put_char_shown(out, line + i, n, valid, &w);
        /* a span may start inside a broken stretch: mark the character that holds it */
        char mark = (i + n > s && i < e) ? (i <= s ? '^' : '~') : ' ';
        for (unsigned k = 0; k < w && ci + 1 < sizeof caret; k++)
            caret[ci++] = (mark == '^' && k > 0) ? '~' : mark;
        i += n;
    }
    if (cut_right)
        fputs("...", out);
    fputc('\n', out);
    if (s >= to && ci + 1 < sizeof caret) /* span at end of line */
        caret[ci++] = '^';
    while (ci > 0 && caret[ci - 1] == ' ')
        ci--;
    caret[ci] = '\0';
    fprintf(out, "  %s%s%s\n", color ? "\033[1;32m" : "", caret, color ? "\033[0m" : "");
}

void ck_diag_print(FILE *out, const ck_diag *diag, bool color)
{
    const char *bold = color ? "\033[1m" : "";
    const char *reset = color ? "\033[0m" : "";
    if (diag->span.src) {
        ck_linecol lc = ck_source_linecol(diag->span.src, diag->span.start);
        fprintf(out, "%s%s:%u:%u:%s ", bold, diag->span.src->path, lc.line, lc.col, reset);
    } else if (diag->path) {
        fprintf(out, "%s%s:%s ", bold, diag->path, reset);
    }
    fprintf(out, "%s%s:%s %s%s%s\n", color ? level_color(diag->level) : "", level_name(diag->level),
            reset, bold, diag->message, reset);
    if (diag->span.src)
        ck_diag_print_excerpt(out, diag->span, color);
    if (diag->hint)
        fprintf(out, "  %shint:%s %s\n", color ? "\033[1;36m" : "", reset, diag->hint);
}

void ck_diags_print(FILE *out, const ck_diags *d, bool color)
{
    for (size_t i = 0; i < d->list.len; i++)
        ck_diag_print(out, d->list.items[i], color);
    if (d->truncated)
        fprintf(out, "clausecheck: too many errors (%zu); stopped after %zu\n", d->errors,
                d->max_errors);
}
