/* What the language server answers about one open policy: diagnostics, formatting, hover,
 * definitions, references, completion and the outline, as LSP JSON values. */
#ifndef CK_LSP_FEATURES_H
#define CK_LSP_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "arena.h"
#include "ast.h"
#include "lsp_position.h"
#include "policy_symbols.h"
#include "source.h"

/* An open document: the editor's text, and its analysis (rebuilt on every change). */
typedef struct ck_lsp_doc {
    char *uri;             /* as the client named it */
    char *path;            /* the file it stands for, or the URI itself when it is not a file: URI */
    bool on_disk;          /* path is a real file path: imports resolve beside it */
    char *text;            /* the editor's text (malloc'd, NUL-terminated) */
    size_t len;
    long long version;
    /* analysis */
    ck_arena *arena;       /* owns everything below */
    ck_vec files;          /* the text and its imports, parsed from the buffer and from disk */
    const ck_file *root;   /* the text's own syntax tree; NULL when it could not be parsed */
    const ck_source *src;  /* the text as a source: root->src, or a copy when there is no root */
    ck_symbols syms;
} ck_lsp_doc;

/* Parses the text and its imports and indexes their names. 0, or -1 when out of memory. */
int ck_lsp_doc_analyse(ck_lsp_doc *doc);
/* Frees the analysis (not the text). */
void ck_lsp_doc_release(ck_lsp_doc *doc);

/* Each returns a new reference, or NULL when out of memory. */

/* Diagnostic[]: what `clausecheck lint` reports for the text, with ranges. Diagnostics in an
 * imported file are placed on the import that leads to it, naming the file and place. */
json_t *ck_lsp_diagnostics(const ck_lsp_doc *doc);
/* TextEdit[]: the canonical form as one edit of the whole text; none when the text does not parse
 * or is already canonical. */
json_t *ck_lsp_formatting(const ck_lsp_doc *doc);
/* Hover | null: the declaration of the name at pos, its type and description. */
json_t *ck_lsp_hover(const ck_lsp_doc *doc, ck_lsp_pos pos);
/* Location | null: where the name at pos is declared (or the file an import string names). */
json_t *ck_lsp_definition(const ck_lsp_doc *doc, ck_lsp_pos pos);
/* Location[] | null: every use of the name at pos, its declaration first when asked. */
json_t *ck_lsp_references(const ck_lsp_doc *doc, ck_lsp_pos pos, bool with_declaration);
/* CompletionItem[]: names that fit before pos (after `clause`, `tier.`...), else every declared
 * name and keyword. */
json_t *ck_lsp_completion(const ck_lsp_doc *doc, ck_lsp_pos pos);
/* DocumentSymbol[]: the text's declarations, with their fields, values and depths as children. */
json_t *ck_lsp_document_symbols(const ck_lsp_doc *doc);

#endif
