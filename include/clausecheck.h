/*
 * clausecheck: compile supplier-contract policies and check contract records against them.
 *
 * The library behind the clausecheck command, for programs that embed the checker (a contract
 * management system checking a record as it is saved, a review portal, a bulk importer). It
 * compiles policies written in clausecheck's policy language, evaluates contract records (YAML or
 * JSON, from a file or from memory) with their evidence files beneath a repository root, and
 * hands back the findings and outcomes as data, or renders them in any of the command's report
 * formats. docs/api.md describes it with a worked example (examples/embed/).
 *
 * Conventions
 * - Every object is reached through an opaque handle and owned by whoever received it; free it
 *   with its *_free function, which takes the handle's address and sets it to NULL, so freeing
 *   the same variable twice is a no-op. Freeing NULL is a no-op.
 * - Functions return a clausecheck_status. Input the caller cannot vouch for (a policy with
 *   errors, a record that is not YAML) is CLAUSECHECK_INVALID with diagnostics, never a crash or
 *   an exit; the library never prints unless asked to write to a FILE *.
 * - No global state: separate handles may be used from separate threads at the same time. One
 *   handle must not be used from two threads at once, except a compiled policy, which is
 *   read-only once compiled and may be shared by any number of threads checking records.
 * - Text is UTF-8. Buffers are (pointer, length) and need not be NUL-terminated.
 * - Strings a handle returns stay valid until that handle is freed.
 *
 * The API is versioned with the library (CLAUSECHECK_API_VERSION); only the symbols declared
 * here are exported from the shared library.
 */
#ifndef CLAUSECHECK_H
#define CLAUSECHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility; what this header declares is its interface. */
#pragma GCC visibility push(default)

#define CLAUSECHECK_API_VERSION 1

typedef enum {
    CLAUSECHECK_OK = 0,
    CLAUSECHECK_INVALID = 1,   /* the input cannot be used; the diagnostics say why */
    CLAUSECHECK_NO_MEMORY = 2,
    CLAUSECHECK_MISUSE = 3,    /* a NULL handle, an unknown format, a malformed date */
    CLAUSECHECK_IO = 4,        /* a file could not be read or the output could not be written */
} clausecheck_status;

/* The library's version ("0.1.0"), the same as `clausecheck --version` prints. */
const char *clausecheck_version(void);
/* A short English description of a status. */
const char *clausecheck_status_text(clausecheck_status status);

/* ---- diagnostics: what is wrong with a policy or a record, located ---- */

typedef struct clausecheck_diagnostics clausecheck_diagnostics;

typedef struct {
    const char *severity;      /* "error", "warning" or "note" */
    const char *path;          /* the file (or buffer name) it is about; "" when none */
    unsigned line, column;     /* 1-based; 0 when it concerns the file as a whole */
    unsigned end_line, end_column; /* end of the span (exclusive column); equal to line/column for a point */
    const char *message;
    const char *hint;          /* NULL when there is none */
} clausecheck_diagnostic;

size_t clausecheck_diagnostics_count(const clausecheck_diagnostics *diags);
/* Errors among them (a compile or load failed when this is not 0). */
size_t clausecheck_diagnostics_errors(const clausecheck_diagnostics *diags);
/* The i-th diagnostic, in the order they were found; MISUSE when i is out of range. */
clausecheck_status clausecheck_diagnostics_get(const clausecheck_diagnostics *diags, size_t i,
                                               clausecheck_diagnostic *out);
/* Writes them as the command does: file:line:col: severity: message, the line, a caret, a hint. */
clausecheck_status clausecheck_diagnostics_write(const clausecheck_diagnostics *diags, FILE *out);
void clausecheck_diagnostics_free(clausecheck_diagnostics **diags);

/* ---- policies ---- */

typedef struct clausecheck_policy clausecheck_policy;

/*
 * Compiles the policy files at paths (each with the files it imports) as one policy. *diags (may
 * be NULL if not wanted) receives every diagnostic, warnings included, also on success.
 */
clausecheck_status clausecheck_policy_compile_files(const char *const *paths, size_t npaths,
                                                    clausecheck_policy **policy,
                                                    clausecheck_diagnostics **diags);
/*
 * Compiles policy text held in memory; name is what diagnostics call it. Its imports are read
 * from files, relative to base_dir (NULL: the current directory).
 */
clausecheck_status clausecheck_policy_compile_buffer(const char *name, const char *text, size_t len,
                                                     const char *base_dir, clausecheck_policy **policy,
                                                     clausecheck_diagnostics **diags);
/* The baseline policy built into the library (what `clausecheck check` uses without -p). */
clausecheck_status clausecheck_policy_baseline(clausecheck_policy **policy);
/* The policy's title, and its tiers from lowest to highest. */
const char *clausecheck_policy_title(const clausecheck_policy *policy);
size_t clausecheck_policy_tier_count(const clausecheck_policy *policy);
const char *clausecheck_policy_tier(const clausecheck_policy *policy, size_t i);
void clausecheck_policy_free(clausecheck_policy **policy);

/* ---- checking records ---- */

typedef struct {
    /* "YYYY-MM-DD": the day every date rule is judged at; NULL for today (UTC). */
    const char *as_of;
    /* The repository root evidence and contract document paths resolve beneath (confined to
     * it); NULL: neither is looked at, only the record's dates and attributes. */
    const char *root;
} clausecheck_check_options;

typedef struct clausecheck_result clausecheck_result;

/*
 * Checks one record file (YAML, or JSON when its name ends in .json) against policy. OK: *result
 * holds the outcome, whatever it is (a record with findings is still OK). INVALID: the file is
 * not a record at all (unreadable, not YAML); *diags say why, and *result is NULL. options may be
 * NULL for the defaults.
 */
clausecheck_status clausecheck_check_file(const clausecheck_policy *policy, const char *path,
                                          const clausecheck_check_options *options,
                                          clausecheck_result **result, clausecheck_diagnostics **diags);
/* The same for a record held in memory; name decides the syntax (.json) and names it in findings. */
clausecheck_status clausecheck_check_buffer(const clausecheck_policy *policy, const char *name,
                                            const char *text, size_t len,
                                            const clausecheck_check_options *options,
                                            clausecheck_result **result, clausecheck_diagnostics **diags);
void clausecheck_result_free(clausecheck_result **result);

/* The tier the supplier is held to, and whether only because its profile is incomplete. */
const char *clausecheck_result_tier(const clausecheck_result *result);
bool clausecheck_result_tier_uncertain(const clausecheck_result *result);
/* The supplier id the record gives (NULL when it gives none). */
const char *clausecheck_result_supplier(const clausecheck_result *result);

typedef struct {
    const char *kind;          /* stable code: "clause-missing", "evidence-expired", ... (docs/records.md) */
    const char *severity;      /* "error", "warning" or "info" */
    const char *requirement;   /* the requirement's id; NULL for findings about the record as a whole */
    const char *requirement_title;
    const char *party_kind;    /* the party behind the supplier it is about (NULL for the supplier) */
    const char *party_id;
    const char *path;          /* where in the record: file, 1-based line and column (0 when none) */
    unsigned line, column;
    const char *message;
    const char *fix;           /* the change that would resolve it; NULL when there is none */
} clausecheck_finding;

size_t clausecheck_result_finding_count(const clausecheck_result *result);
clausecheck_status clausecheck_result_finding(const clausecheck_result *result, size_t i,
                                              clausecheck_finding *out);

typedef struct {
    const char *id;
    const char *title;
    const char *outcome;       /* "met", "unmet", "not-applicable" or "gap-accepted" */
    const char *reason;        /* why not applicable, or the gap applied; NULL otherwise */
    const char *severity;
    const char *group;         /* the requirement group's name; NULL when in none */
} clausecheck_requirement;

/* Every requirement of the policy, in policy order, with its outcome for this record. */
size_t clausecheck_result_requirement_count(const clausecheck_result *result);
clausecheck_status clausecheck_result_requirement(const clausecheck_result *result, size_t i,
                                                  clausecheck_requirement *out);

/* ---- reports ---- */

/*
 * Writes results as one report in a format of the command: "text", "json", "sarif", "junit",
 * "github" or "markdown" (MISUSE for another). fail_on is the gate's threshold as in
 * `--fail-on`: "error", "warning", "info" or "never". The results must come from policy.
 * Returns IO when writing fails.
 */
clausecheck_status clausecheck_report_write(const clausecheck_policy *policy,
                                            const clausecheck_result *const *results, size_t nresults,
                                            const char *format, const char *fail_on, FILE *out);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif
