/* The names of a policy for editors: every declaration and every use of a declared name, with spans. */
#ifndef CK_POLICY_SYMBOLS_H
#define CK_POLICY_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "source.h"

typedef enum {
    CK_SYM_POLICY,        /* the policy header (named by its title) */
    CK_SYM_PROFILE_FIELD,
    CK_SYM_LEVEL_VALUE,   /* a value of a level(...) type; parent: the field, attribute, parameter or question */
    CK_SYM_TIER,
    CK_SYM_TIER_ATTR,
    CK_SYM_CLAUSE,
    CK_SYM_PARAM,         /* parent: the clause */
    CK_SYM_EVIDENCE,
    CK_SYM_QUESTIONNAIRE,
    CK_SYM_DEPTH,         /* parent: the questionnaire */
    CK_SYM_QUESTION,      /* parent: the questionnaire */
    CK_SYM_REQUIREMENT,
    CK_SYM_TEST,          /* named by its title */
    CK_SYM_PARTY,         /* a kind of party behind the supplier */
    CK_SYM_PARTY_FIELD,   /* parent: the party kind */
    CK_SYM_EVIDENCE_ATTR, /* parent: the evidence kind */
    CK_SYM_GROUP,         /* a group of requirements */
    CK_SYM_KIND_COUNT     /* tables indexed by kind are checked against it */
} ck_sym_kind;

typedef struct ck_symbol {
    ck_sym_kind kind;
    const char *name;
    ck_span name_span;           /* the declaring name (POLICY, TEST: the title) */
    ck_span span;                /* the whole declaration: for a field its line, else the top-level declaration */
    int parent;                  /* enclosing symbol, or -1 */
    const ck_decl *decl;         /* the top-level declaration it belongs to */
    const ck_field_decl *field;  /* PROFILE_FIELD, TIER_ATTR, PARAM, QUESTION, PARTY_FIELD, EVIDENCE_ATTR */
    int position;                /* TIER, LEVEL_VALUE, DEPTH: 0-based place in its scale */
} ck_symbol;

/* A use of a declared name. */
typedef struct ck_symbol_ref {
    ck_span span;
    int symbol;
} ck_symbol_ref;

/*
 * Built from the syntax trees alone, so that it also serves a policy that does not compile. Names
 * resolve as the checker resolves them: a bare name in a condition is a field of the party a `for`
 * rule is looking at, else a profile field, else a value of the scale it is compared with (tiers,
 * a level type, a questionnaire's depths); a parameter belongs to the clause named before it, an
 * attribute to its evidence kind, a question to its questionnaire. When a name is declared twice,
 * uses resolve to the first declaration.
 */
typedef struct ck_symbols {
    ck_symbol *syms;
    size_t nsyms;
    ck_symbol_ref *refs;   /* in the order of the files, then of the text */
    size_t nrefs;
    int *slots;            /* hash of (kind, parent, name) -> symbol; -1: empty */
    size_t mask;
} ck_symbols;

/* Indexes files (imports before importers, as ck_policy_load_files gives them). 0, or -1 when out of memory. */
int ck_symbols_build(ck_arena *arena, const ck_vec *files, ck_symbols *out);

/* The symbol of the declared name (parent -1 for top-level kinds), or -1. */
int ck_symbols_find(const ck_symbols *s, ck_sym_kind kind, int parent, const char *name);

/*
 * The symbol whose name, declared or used, covers the byte offset in src (its end included, so a
 * cursor right after a name finds it), or -1. *span receives the name's span there.
 */
int ck_symbols_at(const ck_symbols *s, const ck_source *src, uint32_t offset, ck_span *span);

/* What a kind is called in hovers and completion details: "profile field", "tier", ... */
const char *ck_sym_kind_name(ck_sym_kind kind);

#endif
