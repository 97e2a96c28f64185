/* The record format as one table: its sections, and each fixed key with its type and where it is stored. */
#ifndef CK_RECORD_SCHEMA_H
#define CK_RECORD_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "value.h"

/*
 * The YAML loader, the record builder for policy test blocks, the policy checker (which keys a
 * test may set, which dates a rule may name) and the evaluator all read this table, so a new
 * record key is one row here and a field in the struct that stores it.
 *
 * Sections whose keys the policy declares (profile) have no fixed keys. A clause entry has the
 * parameters its clause declares and the fixed keys `section` and `document`; a questionnaire has
 * its depth and answers (typed by its declaration) and the fixed key `answered`.
 */
typedef enum {
    CK_SECTION_SUPPLIER,
    CK_SECTION_CONTRACT,
    CK_SECTION_PROFILE,
    CK_SECTION_CLAUSES,
    CK_SECTION_EVIDENCE,
    CK_SECTION_QUESTIONNAIRES,
    CK_SECTION_GAPS,
    CK_SECTION_PARTIES,
    CK_SECTION_DOCUMENTS,
    CK_SECTION_COUNT
} ck_section;

/* How a fixed key's value is kept: text (const char *, NULL when absent or invalid) or a typed ck_value. */
typedef enum { CK_STORE_TEXT, CK_STORE_VALUE } ck_store;

enum {
    CK_KEY_DATED = 1,    /* a date the language can name: contract.FIELD within ..., evidence FIELD within ... */
    CK_KEY_TARGET = 2,   /* named by a test fact's target (evidence kind, gap requirement), not assigned */
    CK_KEY_RAW = 4,      /* text kept with its length even when it holds a NUL byte (hostile paths) */
    CK_KEY_SHA256 = 8,   /* text that must be 64 hexadecimal digits */
    CK_KEY_REQUIRED = 16, /* an entry without it is record-invalid (the loader says so in its own words) */
};

typedef struct ck_record_key {
    const char *name;
    ck_type_kind type;
    ck_store store;
    size_t offset;       /* in the section's storage: ck_record, ck_rec_evidence, ck_rec_gap, ck_rec_party,
                            ck_rec_clause, ck_rec_questionnaire or ck_rec_document */
    size_t span_offset;  /* where the value's span is kept too, or 0 */
    size_t len_offset;   /* CK_KEY_RAW: where the text's length is kept */
    unsigned flags;
} ck_record_key;

typedef struct ck_section_info {
    const char *name;           /* the record's key: "evidence" */
    const char *entry;          /* one of it, for the loader's messages: "an evidence entry" */
    const char *fact_what;      /* for the checker's messages about test facts: "evidence" */
    bool is_list;               /* a list of entries (evidence, gaps) rather than one mapping */
    size_t span_offset;         /* where ck_record keeps the span of the section's key */
    const ck_record_key *keys;  /* fixed keys; NULL when the policy declares them */
    size_t nkeys;
} ck_section_info;

const ck_section_info *ck_section_get(ck_section s);
/* The section named, or -1. */
int ck_section_find(const char *name);
/* The section a test block's fact describes. */
ck_section ck_section_of_fact(ck_fact_kind kind);

/* Keys of entries whose other keys the policy declares, named once for the loader and the JSON
 * Schema (record_jsonschema.c). A clause entry's fixed keys (section, document) are rows of the
 * table, as CK_SECTION_CLAUSES's keys. */
#define CK_CLAUSE_SECTION_KEY "section"         /* a clause entry: where in the contract it is (text) */
#define CK_QUESTIONNAIRE_DEPTH_KEY "depth"      /* a questionnaire: the depth it was sent at */
#define CK_QUESTIONNAIRE_ANSWERS_KEY "answers"  /* a questionnaire: its answers by question */

/* What a party entry carries besides its fixed keys: sections shaped like the record's own, the
 * profile holding the fields its kind declares. */
#define CK_PARTY_NSECTIONS 4
extern const ck_section ck_party_sections[CK_PARTY_NSECTIONS];

/* A fixed key of a section by name, or -1. */
int ck_record_key_find(ck_section s, const char *name);
const ck_record_key *ck_record_key_get(ck_section s, int key);
/* The names of a section's keys, without the CK_KEY_TARGET ones when `assignable`, and with only
 * CK_KEY_DATED ones when `dated`; into names (room for nkeys), returning how many. */
size_t ck_record_key_names(ck_section s, bool assignable, bool dated, const char **names);

/* Stores v under key k of obj (text keys take v->u.string when present, else NULL). */
void ck_record_key_store(const ck_record_key *k, void *obj, const ck_value *v);
/* The value of a CK_STORE_VALUE key in obj. */
const ck_value *ck_record_key_value(const ck_record_key *k, const void *obj);

#endif
