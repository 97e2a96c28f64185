/* Findings: what evaluation reports, as data; the kind table gives stable codes and texts. */
#ifndef CK_FINDING_H
#define CK_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"

/* Stable finding kinds. Their codes appear in JSON, SARIF rule ids and test expectations:
 * never renumber the codes, only add. */
typedef enum {
    CK_FK_CLAUSE_MISSING,
    CK_FK_CLAUSE_WEAKER,
    CK_FK_EVIDENCE_MISSING,
    CK_FK_EVIDENCE_WRONG_KIND,
    CK_FK_EVIDENCE_FILE_MISSING,
    CK_FK_EVIDENCE_OUTSIDE_ROOT,
    CK_FK_EVIDENCE_NOT_REGULAR,
    CK_FK_EVIDENCE_UNREADABLE,
    CK_FK_EVIDENCE_HASH_MISMATCH,
    CK_FK_EVIDENCE_CHANGED,
    CK_FK_EVIDENCE_BAD_PATH,
    CK_FK_EVIDENCE_EXPIRED,
    CK_FK_EVIDENCE_STALE,
    CK_FK_EVIDENCE_NOT_INDEPENDENT,
    CK_FK_QUESTIONNAIRE_MISSING,
    CK_FK_QUESTIONNAIRE_DEPTH,
    CK_FK_QUESTIONNAIRE_ANSWER,
    CK_FK_ASSESSMENT_OVERDUE,
    CK_FK_ALTERNATIVES_UNMET,
    CK_FK_PROFILE_INCOMPLETE,
    CK_FK_RECORD_INVALID,
    CK_FK_GAP_ACCEPTED,
    CK_FK_GAP_DECLARED,
    CK_FK_GAP_EXPIRED,
    CK_FK_GAP_UNKNOWN_REQUIREMENT,
    CK_FK_EVIDENCE_ATTRIBUTE,
    CK_FK_CONDITION_UNMET,
    CK_FK_PARTY_INCOMPLETE,
    CK_FK_PARTIES_INSUFFICIENT,
    CK_FK_PARTY_NOT_ALLOWED,
    CK_FK_DUE_SOON,
    CK_FK_DOCUMENT_FILE_MISSING,
    CK_FK_DOCUMENT_OUTSIDE_ROOT,
    CK_FK_DOCUMENT_UNREADABLE,
    CK_FK_DOCUMENT_HASH_MISMATCH,
    CK_FK_DOCUMENT_SECTION_MISSING,
    CK_FK_DOCUMENT_SECTION_AMBIGUOUS,
    CK_FK_DOCUMENT_MENTION_MISSING,
    CK_FK_DOCUMENT_VALUE_DIFFERS,
    CK_FK_DOCUMENT_VALUE_UNQUANTIFIED,
    CK_FK_QUESTIONNAIRE_STALE,
    CK_FK_COUNT
} ck_finding_kind;

typedef struct ck_finding_kind_info {
    const char *code;        /* kebab-case, stable */
    const char *summary;     /* one line, for rule descriptions */
    bool about_requirement;  /* tied to a requirement (vs. the record as a whole) */
    bool about_document;     /* from the contract documents check: what the record says against the paper */
} ck_finding_kind_info;

const ck_finding_kind_info *ck_finding_kind_get(ck_finding_kind kind);
/* Looks a kind up by its code; -1 when unknown. */
int ck_finding_kind_find(const char *code);
/* A finding's identity across runs (see ck_finding.fingerprint) as 32 hex digits and a NUL:
 * supplier (or record path), requirement id (or "record"), kind, and the occurrence among
 * findings sharing those three. 0, or -1 when hashing fails. */
int ck_finding_fingerprint(const char *supplier, const char *req_id, ck_finding_kind kind, size_t nth, char out[33]);
/* The same about a party behind the supplier: party is its place ("3:sub4:mail", see eval.c), the
 * occurrence nth counted among that party's findings; NULL gives ck_finding_fingerprint's. */
int ck_finding_fingerprint_at(const char *supplier, const char *req_id, ck_finding_kind kind, size_t nth,
                              const char *party, char out[33]);


/* ---- findings as data ---- */

#include "source.h"
#include "timeval.h"

struct ck_rec_party;

/*
 * Where in a contract document a finding's evidence is: the document, and the words that decided
 * it (a section's heading, a duration as written). Everything is computed when the finding is
 * made, so that reporters only print it.
 */
typedef struct ck_finding_document {
    const char *id;           /* the record's id for the document */
    const char *path;         /* the file as reports name it: the repository root joined to the record's path */
    const char *format;       /* "text", "markdown", "docx", "pdf"; NULL when it could not be read */
    const char *section;      /* the section's id as the document numbers it ("9.2"), or NULL */
    const char *where;        /* "paragraph 42, characters 60-84", "page 7, line 3, characters 1-9"; NULL when
                                 the finding concerns the file as a whole */
    unsigned page;            /* PDF page, 0 otherwise */
    unsigned line;            /* DOCX paragraph, or line (of the page, for PDF); 0 with where NULL */
    unsigned start_char;      /* 1-based code points within that paragraph or line; 0 with where NULL */
    unsigned end_char;        /* the last character when the span ends in the same paragraph or line, else 0 */
    const char *text;         /* the words quoted from the document, one line, or NULL */
    const char *record_value; /* value findings: what the record says ("24h") */
    const char *document_value; /* and what the document says ("72 hours", "without undue delay", "nothing") */
    const char *weaker;       /* "document" or "record" when one is weaker than the other, else NULL */
} ck_finding_document;

typedef struct ck_finding {
    ck_finding_kind kind;
    ck_severity severity;
    int req;                  /* requirement index, -1 for record-level findings */
    const struct ck_rec_party *party; /* the party behind the supplier it is about, or NULL */
    ck_span span;             /* where in the record (or test block) */
    const char *message;
    const char *remediation;  /* NULL when nothing to do */
    const ck_finding_document *document; /* document-* findings: the document, and where in it; else NULL */
    /* Identity across runs: supplier, requirement (or "record"), kind and the
     * occurrence among findings sharing those three (and, about a party, its
     * place behind the supplier, the occurrence counted among its findings).
     * Values in the message may change (72h becomes 48h) and the finding stays
     * the same one. */
    char fingerprint[33];
    bool known;               /* present in the --baseline report: reported, never fails the gate */
    /* due-soon only (the forecast): the first date the requirement is no longer met, and the
     * kind of the finding it has from then on (evidence-expired, assessment-overdue, ...) */
    ck_date due;
    ck_finding_kind cause;
} ck_finding;

typedef enum {
    CK_OUTCOME_NOT_APPLICABLE,
    CK_OUTCOME_MET,
    CK_OUTCOME_UNMET,
    CK_OUTCOME_GAP_ACCEPTED,
} ck_outcome;

const char *ck_outcome_name(ck_outcome outcome);

#endif
