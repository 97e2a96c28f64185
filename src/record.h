/* Contract records: YAML/JSON files (or test blocks) validated against a policy into typed values. */
#ifndef CK_RECORD_H
#define CK_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "policy.h"
#include "record_schema.h"
#include "source.h"
#include "timeval.h"
#include "value.h"
#include "yaml_tree.h"

/*
 * Ownership: a ck_record owns one arena with its source text, YAML tree and
 * every value below; ck_record_free releases it. A record points into its
 * policy (names), so the policy must outlive it. Records are loaded, evaluated
 * and freed one at a time, which keeps memory flat however many there are.
 */

typedef struct ck_rec_clause {
    bool present;
    ck_span span;
    ck_value *params;       /* [clause nparams] */
    const char *section;    /* where in the contract, if given */
    ck_span section_span;
    const char *document;   /* the id of the record's document the section is in, if given */
    ck_span document_span;
    const struct ck_rec_document *doc; /* the document `document` names, once the record is loaded; NULL when
                                          none is named or the id is unknown (a record-invalid problem) */
} ck_rec_clause;

typedef struct ck_rec_evidence {
    const char *kind_name;
    ck_span kind_span;      /* the kind's value, where an undeclared kind is reported */
    int kind;               /* evidence kind index, -1 when unknown */
    const char *file;       /* NULL when not given, or given in an invalid form (then file_span is set) */
    size_t file_len;
    ck_span file_span;
    const char *sha256;
    ck_value issued, expires, period_end, last_audit, independent;
    const char *issuer, *note;
    ck_value *attrs;        /* [kind nattrs]: the attributes its kind declares; NULL when it declares none */
    ck_span span;
    bool unusable;          /* the evaluator found its file failing its checks, or its kind undeclared */
} ck_rec_evidence;

/* A contract document the record names (the main agreement, a security schedule, a DPA). */
typedef struct ck_rec_document {
    const char *id;         /* what clauses' `document:` keys name */
    ck_span id_span;
    const char *file;       /* as ck_rec_evidence.file: NULL when not given or invalid (file_span set) */
    size_t file_len;
    ck_span file_span;
    const char *sha256;
    const char *title, *kind; /* for people: "Master Services Agreement", "dpa" */
    ck_span span;           /* the entry */
} ck_rec_document;

typedef struct ck_rec_party ck_rec_party;

/*
 * What rules look at, for the supplier and for each party listed behind it: its fields (the
 * supplier's risk profile, a party's declared fields), its clauses, its evidence and the
 * parties behind it in turn. The spans are the keys, where findings about absent things point.
 */
typedef struct ck_rec_subject {
    ck_value *fields;        /* supplier: [policy nprofile]; party: [kind nfields] */
    ck_rec_clause *clauses;  /* [policy nclauses]; NULL for a party that lists none */
    ck_vec evidence;         /* ck_rec_evidence * */
    ck_vec parties;          /* ck_rec_party *, in record order */
    ck_span fields_span, clauses_span, evidence_span, parties_span;
} ck_rec_subject;

/* A party behind the supplier (a sub-processor, a subcontractor, ...), or behind another party. */
struct ck_rec_party {
    const char *kind_name;
    ck_span kind_span;
    int kind;                /* party kind index, -1 when the policy does not declare it */
    const char *id, *name;
    ck_span span;            /* the entry: where findings about the party point */
    unsigned depth;          /* 1 for the supplier's own parties */
    const ck_rec_party *parent; /* the party it is listed behind, NULL behind the supplier */
    ck_rec_subject subject;
};

typedef struct ck_rec_questionnaire {
    bool present;
    ck_span span;
    ck_value depth;         /* DEPTH */
    ck_value answered;      /* DATE: when the supplier answered, for `within` */
    ck_value *answers;      /* [nquestions] */
    ck_span answers_span;   /* the `answers:` key, where an unanswered question belongs */
} ck_rec_questionnaire;

typedef struct ck_rec_gap {
    const char *requirement;
    int req;                /* requirement index, -1 when unknown */
    const char *reason, *accepted_by, *compensating;
    ck_value expires;
    ck_span span;
} ck_rec_gap;

/* A record that does not follow the declarations: becomes a record-invalid finding. */
typedef struct ck_rec_problem {
    ck_span span;
    const char *message;
    const char *hint;
} ck_rec_problem;

typedef struct ck_record {
    ck_arena *arena;
    const char *path;
    const ck_source *src;
    ck_span span;            /* the record's first key (after any leading comments): where findings
                                about absent things point when their section is absent too */
    const char *supplier_id, *supplier_name, *location;
    const char *contract_id, *status, *contract_title;
    ck_value last_assessed, last_reviewed, signed_on; /* the contract's dates (key `signed`) */
    ck_rec_subject subject;  /* the supplier's profile, clauses, evidence and parties */
    ck_span supplier_span;   /* the `supplier:` key: where a missing supplier id belongs */
    ck_span contract_span;   /* the `contract:` key: where a missing contract date belongs */
    ck_span questionnaires_span;
    ck_span gaps_span;
    ck_span documents_span;
    ck_vec documents;        /* ck_rec_document *, in record order, ids distinct */
    ck_rec_questionnaire *questionnaires; /* [policy nquestionnaires] */
    ck_vec gaps;             /* ck_rec_gap *, one per requirement id */
    const ck_rec_gap **gap_of_req; /* [policy nreqs]: the gap declared for each requirement, or NULL */
    ck_vec problems;         /* ck_rec_problem * */
} ck_record;

typedef struct ck_record_limits {
    ck_yaml_limits yaml;
    size_t max_evidence;     /* entries per record or party; default 256 */
    size_t max_documents;    /* contract documents per record; default 64 */
    size_t max_parties;      /* party entries in a record, at every depth together; default 10000 */
    unsigned max_party_depth;/* parties behind parties; default 8 */
} ck_record_limits;

void ck_record_limits_default(ck_record_limits *limits);

/*
 * Reads and validates one record file. Returns 0 with *out (validation
 * problems are in (*out)->problems); 1 when the file cannot be read (*out
 * NULL) or is not valid YAML (*out set so that the located diagnostics can
 * still show its text: print them, then free it); -1 when out of memory.
 */
int ck_record_load(const ck_policy *policy, const char *path, const char *display_path,
                   const ck_record_limits *limits, ck_diags *diags, ck_record **out);
/* The same for text already in memory (tests, fuzzing). */
int ck_record_load_text(const ck_policy *policy, const char *display_path, const char *text, size_t len,
                        const ck_record_limits *limits, ck_diags *diags, ck_record **out);
/* The same for a record that is one line of a JSON Lines register: the record is named
 * "path:line" and its locations are the register file's lines. */
int ck_record_load_line(const ck_policy *policy, const char *path, unsigned line, const char *text, size_t len,
                        const ck_record_limits *limits, ck_diags *diags, ck_record **out);
/*
 * For records built from something other than a record file (a CSV row): a record holding a copy
 * of text as its source (named path, reported as display, after line_base lines of its file),
 * then filled from a node tree the caller built in rec->arena with spans into rec->src, checked
 * as a loaded file's tree is. NULL / -1 when out of memory; findings about the record are in it.
 */
ck_record *ck_record_with_text(const ck_policy *policy, const char *path, const char *display, unsigned line_base,
                               const char *text, size_t len);
int ck_record_fill(const ck_policy *policy, ck_record *rec, const ck_yaml_node *root, const ck_record_limits *limits);

/* An empty record with room for every declared profile field, clause, questionnaire and gap;
 * NULL when out of memory. */
ck_record *ck_record_new(const ck_policy *policy);
/* Clause c of subject s, its parameters allocated on first use (a party lists few clauses, if
 * any); NULL when out of memory. */
ck_rec_clause *ck_record_clause(ck_arena *arena, const ck_policy *p, ck_rec_subject *s, int c);
/* The one way a gap joins a record: the list, and the per-requirement lookup the evaluator
 * uses (the first gap for a requirement is the one that counts). */
void ck_record_add_gap(ck_record *rec, ck_rec_gap *g);
void ck_record_free(ck_record *record);

#endif
