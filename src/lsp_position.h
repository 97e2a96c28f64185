/* Positions as the Language Server Protocol counts them: line and UTF-16 code unit. */
#ifndef CK_LSP_POSITION_H
#define CK_LSP_POSITION_H

#include <stdint.h>

#include "source.h"

/* A zero-based line and a zero-based column in UTF-16 code units (the protocol's default). */
typedef struct ck_lsp_pos {
    uint32_t line;
    uint32_t character;
} ck_lsp_pos;

/*
 * The position of a byte offset of src (clamped to its length). A character outside the BMP
 * counts two units; each byte of an invalid UTF-8 sequence's maximal subpart counts as the one
 * U+FFFD an editor shows for it.
 */
ck_lsp_pos ck_lsp_pos_from_offset(const ck_source *src, uint32_t offset);

/*
 * The byte offset of a position. As the protocol asks, a character past the end of its line means
 * the line's end (before its CR LF or LF), and a line past the last one means the end of the text;
 * a position inside a surrogate pair means the character's start.
 */
uint32_t ck_lsp_offset_from_pos(const ck_source *src, ck_lsp_pos pos);

#endif
