/* Line tables for source buffers and offset to line:col conversion. */
#include "source.h"
#include "textutil.h"

#include <string.h>

ck_source *ck_source_from_text(ck_arena *arena, const char *path, const char *text, size_t len)
{
    ck_source *src = ck_arena_alloc(arena, sizeof *src);
    if (!src)
        return NULL;
    src->path = ck_arena_strdup(arena, path);
    src->text = ck_arena_strndup(arena, text, len);
    src->len = len;
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            n++;
    src->line_starts = ck_arena_alloc(arena, n * sizeof(uint32_t));
    if (!src->path || !src->text || !src->line_starts)
        return NULL;
    src->line_starts[0] = 0;
    size_t k = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            src->line_starts[k++] = (uint32_t)(i + 1);
    src->nlines = n;
    return src;
}

ck_linecol ck_source_linecol(const ck_source *src, uint32_t offset)
{
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
    unsigned col = 1;
    for (size_t i = src->line_starts[lo]; i < offset; col++) {
        bool valid;
        i += ck_utf8_char_len(src->text + i, src->len - i, &valid);
    }
    return (ck_linecol){(unsigned)lo + 1, col};
}

const char *ck_source_line(const ck_source *src, unsigned line, size_t *len)
{
    if (line == 0 || line > src->nlines) {
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
