/* Folds a parser's events into a located node tree: limits, duplicate keys, spans. */
#ifndef CK_TREE_BUILD_H
#define CK_TREE_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "key_table.h"
#include "yaml_tree.h"

/*
 * The YAML and JSON loaders differ in their parsers, not in what they build: both hand each
 * scalar and each collection's start and end to this builder, which enforces the same limits
 * (depth, node count), refuses duplicate and non-scalar keys with the same messages, and lays
 * the nodes out in the caller's arena. Scratch (frames, the key table) goes to the same arena:
 * a record's memory is released or reused as a whole.
 */
/* Keys of a mapping this small are checked for duplicates by comparing them; a bigger mapping's
 * keys go into the hash table, so checking stays linear however many keys a file has. */
#define CK_TREE_SMALL_MAP 16

typedef struct ck_tree_frame {
    ck_yaml_node *node;
    ck_vec items;          /* seq: values; map: key, value, key, value... */
    uint32_t key_pos[CK_TREE_SMALL_MAP]; /* where each key of a small mapping was written */
    bool indexed;          /* its keys are in the hash table */
    size_t nodes_before;
    uint64_t map_ns;
    uint32_t last_end;     /* where the last entry ended */
    bool flow;             /* ends at its closing bracket (JSON, YAML flow style), not its last entry */
    void *user;            /* the loader's (YAML: the anchor being defined) */
} ck_tree_frame;

typedef struct ck_tree_build {
    ck_arena *arena;
    const ck_source *src;
    ck_diags *diags;
    ck_yaml_limits lim;
    ck_tree_frame *frames;
    size_t depth, frames_cap;
    ck_key_table keys;
    size_t nodes;
    uint64_t next_ns;
    ck_yaml_node *root;
    bool failed;           /* an error that did not stop parsing (duplicate or non-scalar key) */
} ck_tree_build;

/* limits may be NULL or partly zero for the defaults; spans are capped to 32 bits here. */
void ck_tree_build_init(ck_tree_build *b, ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits,
                        ck_diags *diags);

/* The size limit and no NUL byte, checked before a parser sees the text; -1 with a diagnostic. */
int ck_tree_admit_text(ck_tree_build *b);

/* What both loaders do first: *out cleared, the arguments checked, b set up and the text admitted;
 * -1 when a parser must not run. */
int ck_tree_build_start(ck_tree_build *b, ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits,
                        ck_yaml_node **out, ck_diags *diags);

ck_diag *ck_tree_error(ck_tree_build *b, ck_span span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Reports running out of memory; returns -1 for the caller to pass on. */
int ck_tree_out_of_memory(ck_tree_build *b);
ck_span ck_tree_span(const ck_tree_build *b, size_t start, size_t end);

/* Counts n more nodes against the limit (alias: the alias name whose expansion they are). */
int ck_tree_count(ck_tree_build *b, size_t n, ck_span where, const char *alias);
/* A scalar: made, counted and attached to the open collection. *made may be NULL. */
int ck_tree_scalar(ck_tree_build *b, ck_span span, const char *text, size_t len, bool plain, const char *tag,
                   ck_yaml_node **made);
/* Opens a mapping or sequence starting at span.start; *opened (may be NULL) is its frame, for the
 * loader's user field, valid until the collection closes. */
int ck_tree_open(ck_tree_build *b, ck_yaml_kind kind, ck_span span, const char *tag, bool flow,
                 ck_tree_frame **opened);
/* Closes the innermost collection and attaches it: a flow collection ends at end (past its
 * closing bracket), a block one where its last entry ended. *closed (may be NULL) gets a copy of
 * its frame. */
int ck_tree_close(ck_tree_build *b, uint32_t end, ck_tree_frame *closed);
/* Attaches an existing node (a YAML alias) where `where` is written. */
int ck_tree_attach(ck_tree_build *b, ck_yaml_node *node, ck_span where);

#endif
