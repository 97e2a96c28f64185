/* Line tables for source buffers and offset to line:col conversion. */
#include "source.h"
#include "textutil.h"

#include <string.h>

/* The line table of src, built in arena; -1 when out of memory. */
static int build_lines(ck_source *src, ck_arena *arena)
{
    size_t n = 1;
    for (const char *p = src->text, *end = src->text + src->len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    uint32_t *starts = ck_arena_alloc(arena, n * sizeof(uint32_t));
    if (!starts)
        return -1;
    size_t k = 1;
    for (const char *p = src->text, *end = src->text + src->len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        starts[k++] = (uint32_t)(p - src->text + 1);
    src->line_starts = starts;
    src->nlines = n;
    return 0;
}

ck_source *ck_source_from_text(ck_arena *arena, const char *path, const char *text, size_t len)
{
    ck_source *src = ck_arena_alloc(arena, sizeof *src);
    if (!src)
        return NULL;
    src->path = ck_arena_strdup(arena, path);
    src->text = ck_arena_strndup(arena, text, len);
    src->len = len;
    if (!src->path || !src->text || build_lines(src, arena) != 0)
        return NULL;
    return src;
}

ck_source *ck_source_adopt(ck_arena *arena, const char *path, const char *text, size_t len)
{
    ck_source *src = ck_arena_alloc(arena, sizeof *src);
    if (!src || !(src->path = ck_arena_strdup(arena, path)))
        return NULL;
    src->text = text;
    src->len = len;
    src->lines_arena = arena;
    return src;
}

/* A source's line table, built now if it was adopted; false when there is no memory for it. */
static bool has_lines(const ck_source *src)
{
    if (src->line_starts)
        return true;
    ck_source *mutable_src = (ck_source *)(uintptr_t)src; /* the table is a cache of the text */
    return src->lines_arena && build_lines(mutable_src, src->lines_arena) == 0;
}

ck_linecol ck_source_linecol(const ck_source *src, uint32_t offset)
{
    if (!has_lines(src))
        return (ck_linecol){1 + src->line_base, 1};
    if (offset > src->len)
        offset = (uint32_t)src->len;
    /* Binary search for the last line start <= offset. */
    size_t lo = 0, hi = src->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (src->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    /* A register's line is long and nearly always ASCII: then a character is a byte. */
    if (ck_ascii_only(src->text + src->line_starts[lo], offset - src->line_starts[lo]))
        return (ck_linecol){(unsigned)lo + 1 + src->line_base, offset - src->line_starts[lo] + 1};
    unsigned col = 1;
    for (size_t i = src->line_starts[lo]; i < offset; col++) {
        bool valid;
        i += ck_utf8_char_len(src->text + i, src->len - i, &valid);
    }
    return (ck_linecol){(unsigned)lo + 1 + src->line_base, col};
}

const char *ck_source_line(const ck_source *src, unsigned line, size_t *len)
{
    line = line > src->line_base ? line - src->line_base : 0;
    if (line == 0 || !has_lines(src) || line > src->nlines) {
        *len = 0;
        return "";
    }
    uint32_t start = src->line_starts[line - 1];
    size_t end = line < src->nlines ? src->line_starts[line] - 1 : src->len;
    if (end > start && src->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return src->text + start;
}
