/* Byte offsets to LSP positions and back: lines from the source's line table, columns in UTF-16. */
#include "lsp_position.h"

#include <stdbool.h>

#include "textutil.h"

/* UTF-16 code units of the character at s: 2 for a four-byte sequence, else 1. */
static uint32_t utf16_units(const char *s, size_t len, size_t *bytes)
{
    bool valid;
    *bytes = ck_utf8_char_len(s, len, &valid);
    return valid && *bytes == 4 ? 2 : 1;
}

/* The byte where line (zero-based) ends: at its LF, or before CR LF, or at the end of the text. */
static uint32_t line_end(const ck_source *src, size_t line)
{
    size_t end = line + 1 < src->nlines ? src->line_starts[line + 1] - 1 : src->len;
    if (end > src->line_starts[line] && src->text[end - 1] == '\r' && end < src->len)
        end--;
    return (uint32_t)end;
}

ck_lsp_pos ck_lsp_pos_from_offset(const ck_source *src, uint32_t offset)
{
    if (offset > src->len)
        offset = (uint32_t)src->len;
    size_t line = ck_source_linecol(src, offset).line - 1;
    uint32_t units = 0;
    for (size_t i = src->line_starts[line]; i < offset;) {
        size_t n;
        units += utf16_units(src->text + i, src->len - i, &n);
        i += n;
    }
    return (ck_lsp_pos){(uint32_t)line, units};
}

uint32_t ck_lsp_offset_from_pos(const ck_source *src, ck_lsp_pos pos)
{
    if (pos.line >= src->nlines)
        return (uint32_t)src->len;
    uint32_t end = line_end(src, pos.line), units = 0;
    size_t i = src->line_starts[pos.line];
    while (i < end) {
        size_t n;
        units += utf16_units(src->text + i, end - i, &n);
        if (units > pos.character)
            break;
        i += n;
    }
    return (uint32_t)i;
}
