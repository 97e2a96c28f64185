/* Parsing one policy file into its AST: scanner and parser glue, shared state. */
#ifndef CK_PARSE_H
#define CK_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "source.h"

/* Parser locations: byte offsets into the file being parsed. */
typedef struct ck_loc {
    uint32_t start;
    uint32_t end;
} ck_loc;

/* Limits that keep hostile policy text from driving recursion or memory. */
#define CK_PARSE_MAX_NESTING 64       /* parentheses and any/all groups */
#define CK_PARSE_MAX_STRING (64 * 1024)

/* State shared by the scanner and the parser for one file. */
typedef struct ck_parse_ctx {
    const ck_source *src;
    ck_arena *arena;
    ck_diags *diags;
    ck_file *file;
    size_t offset;         /* scanner position (bytes) */
    size_t tok_start;      /* start of a multi-part token (string, comment) */
    char *buf;             /* string literal being scanned (malloc'd, reused) */
    size_t buf_len, buf_cap;
    bool string_bad;
    bool nesting_reported;
    bool bad_bytes_reported;
    ck_decl *cur;          /* declaration whose block is being parsed */
    ck_field_decl *last_field; /* question a trailing `expect`/`from` belongs to */
    size_t syntax_errors;
} ck_parse_ctx;

/*
 * Parses src into *out (allocated in arena). Syntax errors go to diags; the
 * returned file holds whatever parsed cleanly. Returns 0 when there were no
 * syntax errors, 1 when there were, -1 when out of memory.
 */
int ck_parse_file(ck_arena *arena, const ck_source *src, ck_diags *diags, ck_file **out);

/* Whether word is reserved (the scanner returns a keyword token for it, never a name). */
bool ck_parse_is_keyword(const char *word);
/* The i-th reserved word in alphabetical order, NULL past the last (for editors' completion). */
const char *ck_parse_keyword(size_t i);

/* Called by the scanner. */
void ck_parse_comment(ck_parse_ctx *ctx, size_t start, size_t end);
void ck_parse_error(ck_parse_ctx *ctx, ck_span span, const char *message, const char *hint);
void ck_parse_buf_add(ck_parse_ctx *ctx, const char *text, size_t len);
void ck_parse_buf_add_codepoint(ck_parse_ctx *ctx, const char *hex4, ck_loc loc);

#endif
