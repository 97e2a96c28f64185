/* The evaluator: one record against a compiled policy, producing findings and outcomes. */
#ifndef CK_EVAL_H
#define CK_EVAL_H

#include <stdbool.h>

#include "evidence_cache.h"
#include "evidence_file.h"
#include "finding.h"
#include "policy.h"
#include "present.h"
#include "record.h"
#include "scope.h"

/* Which ways each requirement and each of its rules went across evaluations (policy test coverage). */
enum { CK_COVER_MET = 1, CK_COVER_UNMET = 2, CK_COVER_NOT_APPLICABLE = 4 };
typedef struct ck_coverage {
    unsigned char *req_bits;   /* [nreqs] */
    unsigned char *rule_bits;  /* [sum of nrules], requirement r's rules start at rule_offset[r] */
    size_t *rule_offset;       /* [nreqs] */
} ck_coverage;

/* Allocates zeroed coverage tables for policy in arena; 0, or -1 when out of memory. */
int ck_coverage_init(ck_coverage *cov, const ck_policy *policy, ck_arena *arena);

typedef struct ck_eval_options {
    ck_date as_of;                 /* "today" for every date rule */
    const ck_evfile_root *root;    /* NULL: evidence files are not looked at (policy tests) */
    ck_evidence_cache *evidence_cache; /* NULL, or what this run already knows of evidence files */
    struct ck_doc_cache *documents;/* with root: contract documents are read through it; NULL: not read */
    ck_coverage *coverage;         /* NULL, or tables to mark */
    bool force_tier;               /* what-if: hold the record to `tier` whatever its profile says */
    int tier;
    ck_vec *trace;                 /* NULL, or receives ck_trace_line * explaining each decision */
    bool fingerprints;             /* give each finding its fingerprint (JSON, SARIF, baselines); "" otherwise */
    bool files_judged;             /* an earlier evaluation of the same record judged its evidence files
                                      (ck_rec_evidence.unusable): they are not looked at again (the forecast) */
} ck_eval_options;

/* One line of an evaluation trace (`clausecheck explain`), in the record's arena. */
typedef struct ck_trace_line {
    int req;                       /* requirement the line belongs to, -1 for tiering and the record */
    int depth;                     /* nesting, for indentation */
    const char *text;
} ck_trace_line;

typedef struct ck_req_result {
    ck_outcome outcome;
    const char *reason;            /* why not applicable, or the gap applied */
} ck_req_result;

/* What the contract documents check looked at, for a record that names documents. */
typedef struct ck_doc_tally {
    size_t listed;                 /* documents the record lists */
    size_t read;                   /* of them, read (with their sections) */
    size_t sections;               /* clause sections looked up in them */
} ck_doc_tally;

/*
 * The result of one record. Everything it points to lives in the record's
 * arena (findings, texts) or the policy; it is valid until the record is freed.
 */
typedef struct ck_result {
    const ck_record *record;
    int tier;                      /* the tier the record is held to */
    int tier_rule;                 /* index of the deciding tier rule; -1 when held to the highest possible */
    bool tier_uncertain;           /* the profile is incomplete and tiering depended on it */
    int decided_tier;              /* the tier the profile gives (differs from tier under force_tier) */
    ck_vec findings;               /* ck_finding *, record-level first, then by requirement (policy->req_order) */
    ck_req_result *reqs;           /* [policy nreqs] */
    size_t count[CK_SEV_COUNT];    /* findings per severity */
    ck_doc_tally documents;        /* all zero when the record names no documents or they were not read */
} ck_result;

/* Returns 0, or -1 when out of memory. */
int ck_eval_record(const ck_policy *policy, ck_record *record, const ck_eval_options *opts, ck_result *out);

/* When an evidence entry expires: its recorded expiry, or its issue date plus its kind's validity
 * period; not present when neither is known. */
ck_value ck_evidence_expiry(const ck_policy *policy, const ck_rec_evidence *entry);

/* Whether a finding of severity sev fails a gate set at fail_on (or CK_FAIL_NEVER). */
bool ck_severity_fails(ck_severity sev, int fail_on);

#endif
