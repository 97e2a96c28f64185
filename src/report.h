/* Reporters: render results that the check driver computed; each format is one table row. */
#ifndef CK_REPORT_H
#define CK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "eval.h"
#include "overview.h"
#include "policy.h"
#include "walk.h"

/* The gate's verdict. Failed when a finding reaches --fail-on, and whenever some input could not
 * be read or checked, --fail-on never included: a gate passes on what it checked, never on what it
 * could not. Not enforced: --fail-on never, every input read. */
typedef enum { CK_GATE_PASSED, CK_GATE_FAILED, CK_GATE_NOT_ENFORCED } ck_gate;

/* Totals the driver computes as records stream by; reporters only print them. */
typedef struct ck_summary {
    size_t records;            /* records evaluated */
    size_t found;              /* record files the walk found */
    size_t unchanged;          /* found, but left out by --files-from: neither it nor its evidence changed */
    unsigned shard, shards;    /* --shard I/N (shards 0: the run is not sharded) */
    size_t elsewhere;          /* found, but left to the other shards */
    size_t input_errors;       /* inputs not checked: unreadable or invalid, reported by the walk, none found */
    size_t skipped[CK_SKIP_COUNT]; /* entries the walk did not check, by why (walk.h) */
    size_t *per_tier;          /* [policy tiers] */
    size_t uncertain_tier;     /* records held to a tier because their profile is incomplete */
    size_t findings[CK_SEV_COUNT];
    size_t failing;            /* findings at or above --fail-on, not in the baseline */
    size_t known;              /* findings the baseline already had */
    ck_gate gate;              /* the verdict every format states; the exit status agrees with it */
    const ck_overview *overview; /* for reporters that ask for it (ck_reporter.wants_overview), else NULL */
} ck_summary;

/* Counts one evaluated record into the totals: its tier, its findings, those failing a gate at
 * fail_on; known[severity] (NULL: none) of its findings a baseline already had, which never fail. */
void ck_summary_add(ck_summary *s, const ck_result *res, int fail_on, const size_t *known);
/* The gate's verdict from the totals (see ck_gate): computed once, when the last record is in. */
ck_gate ck_summary_gate(const ck_summary *s, int fail_on);

typedef struct ck_report {
    FILE *out;
    const ck_policy *policy;
    ck_date as_of;
    bool color;
    bool show_passed;
    bool quiet;                /* text: only records with findings that fail the gate, and the summary */
    bool compact;              /* text: one line per finding, no supplier line, excerpt, fix or refs */
    int fail_on;               /* ck_severity, or CK_FAIL_NEVER */
    size_t nrecords_written;   /* reporter state: records and input errors written so far (for separators) */
    ck_vec input_errors;       /* copies of input errors, for formats that list them at the end */
    bool baseline_used;        /* findings were compared with a --baseline report */
    const char *link_base;     /* --link-base URL for links to record lines (Markdown, HTML), or NULL */
    bool horizon;              /* --horizon given: due-soon findings cover up to due_until */
    ck_date due_until;
    const ck_record_view *view; /* wants_overview: the derived data of the record being reported */
    void *state;               /* a reporter's own state between begin and end */
    ck_arena *arena;
} ck_report;

typedef struct ck_reporter {
    const char *name;
    bool fingerprints;         /* prints findings' fingerprints, so the evaluator must compute them */
    void (*begin)(ck_report *r);
    void (*record)(ck_report *r, const ck_result *res);
    void (*input_error)(ck_report *r, const ck_diag *d);
    void (*end)(ck_report *r, const ck_summary *s);
    bool wants_overview;       /* the run computes the overview (overview.h) and a 12-month forecast */
} ck_reporter;

const ck_reporter *ck_reporter_find(const char *name);
/* "text, json, ..." (every format in the table) for usage messages, into buf. */
void ck_reporter_list(char *buf, size_t n);

extern const ck_reporter ck_report_text;
extern const ck_reporter ck_report_json;
extern const ck_reporter ck_report_sarif;
extern const ck_reporter ck_report_junit;
extern const ck_reporter ck_report_github;
extern const ck_reporter ck_report_markdown;
extern const ck_reporter ck_report_html;

/* Shared helpers for reporters. */
/* Where a span is, for reports: path "" and line 0 when it has no place. */
typedef struct ck_place {
    const char *path;
    unsigned line, col;
} ck_place;
ck_place ck_report_place(const ck_span *span);
/* Where in a contract document a finding's evidence is, on one line: 'documents/acme/MSA.docx,
 * section 9.2, paragraph 42, characters 60-84: "within seventy-two (72) hours"'. false (and buf
 * "") when the finding points at no words of a document. */
bool ck_report_document_line(const ck_finding *f, char *buf, size_t n);
/* The heading of a group of requirements (group -1: those in none), for the outputs that present
 * requirements by group; a blank line before it unless it is the first. */
void ck_group_heading_write(FILE *out, const ck_policy *p, int group, bool markdown, bool first);
/* Writes what a reporter spooled to the temporary file from (rewound first) to the output to. */
void ck_report_copy_spool(FILE *from, FILE *to);
/* "12 without a record extension, 1 hidden": the entries the walk did not check, by why, in the
 * order of walk.h; false (and nothing written) when there were none. out NULL only asks. */
bool ck_report_skips(FILE *out, const ck_summary *s);

#endif
