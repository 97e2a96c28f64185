/* The per-record driver: the policy, the repository root, one record loaded and evaluated. */
#ifndef CK_DRIVER_H
#define CK_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "eval.h"
#include "evidence_file.h"
#include "policy.h"
#include "record.h"
#include "repo.h"

/*
 * check, review, explain and test all go through here: the same policy loading (the built-in
 * baseline when none is named), the same repository roots (repo.h), the same load-and-evaluate
 * of a record. The command line maps a status to an exit code; nothing here prints.
 */
typedef enum {
    CK_STATUS_OK,         /* done, and nothing fails: gate passed, draft ready, tests passed */
    CK_STATUS_FAILED,     /* done, and something fails: findings at the gate, items to resolve, a test */
    CK_STATUS_INPUT,      /* an input cannot be used (unreadable, invalid policy or record); diagnostics say why */
    CK_STATUS_NO_MEMORY,
} ck_status;

/* The name of the built-in baseline policy, as diagnostics show it. */
#define CK_BUILTIN_POLICY_NAME "<built-in baseline.policy>"

/* The built-in baseline policy (policies/baseline.policy, compiled into the binary) as an input. */
ck_policy_input ck_driver_builtin_policy(void);

/* Compiles the policies at paths as one (imports followed), or the built-in baseline when
 * n is 0. Diagnostics (warnings too) go to diags. */
ck_status ck_driver_load_policy(char *const *paths, size_t n, ck_diags *diags, ck_policy **out);

/*
 * "-" on the command line: one record the caller read from standard input, named as a file at
 * name would be (in diagnostics and reports, JSON when it ends in .json) and belonging to that
 * file's repository: the one of the folder name is in, so evidence resolves as for that file.
 */
typedef struct ck_stdin_record {
    const char *name;
    const char *text;
    size_t len;
} ck_stdin_record;

typedef struct ck_driver {
    const ck_policy *policy;
    ck_date as_of;
    ck_repos *repos;          /* the repository roots records belong to (evidence resolves there) */
    ck_record_limits limits;
    const ck_stdin_record *stdin_record; /* loaded for the path stdin_record->name (that pointer), or NULL */
} ck_driver;

void ck_driver_init(ck_driver *d, const ck_policy *policy, ck_date as_of, ck_repos *repos);

/* The folder a standard input's record named name is in ("." for a bare name), into buf. */
void ck_stdin_folder(const char *name, char *buf, size_t n);
/* The repository of the standard input's record: that of the folder its name is in; NULL when
 * that folder cannot be read (a diagnostic says why) or out of memory. */
ck_repo *ck_driver_stdin_repo(const ck_driver *d, ck_diags *diags);

/* Loads the record file at path (the standard input's record when path is d->stdin_record->name,
 * that very pointer): CK_STATUS_OK with *rec, or CK_STATUS_INPUT as below. */
ck_status ck_driver_load(const ck_driver *d, const char *path, ck_record **rec, ck_diags *diags);
/* Evaluates a loaded record of repo (evidence files resolve against its root) at the driver's
 * date, with what opts adds. CK_STATUS_INPUT (diags say why) when the root cannot be opened. */
ck_status ck_driver_evaluate(const ck_driver *d, ck_repo *repo, ck_record *rec, ck_eval_options opts,
                             ck_result *res, ck_diags *diags);

/*
 * All of it, for a record named by the user (review, explain): finds its repository, loads it
 * and evaluates it; opts gives what the command adds (trace, forced tier), the driver fills in
 * the date and the root. CK_STATUS_OK: *rec and *res are set (res valid until
 * ck_record_free(*rec)). CK_STATUS_INPUT: diags say why; *rec may hold the text the diagnostics
 * quote, so print them before freeing it.
 */
ck_status ck_driver_record(const ck_driver *d, const char *path, ck_eval_options opts, ck_record **rec,
                           ck_result *res, ck_diags *diags);

/*
 * One test block of a policy: its record made from the block's facts (record_facts.h) and
 * evaluated as of the block's date, with no repository (a test block names no files); what the
 * evaluation exercised goes into cov (NULL: not counted). CK_STATUS_OK: *rec and *res are set, as
 * above; otherwise out of memory.
 */
ck_status ck_driver_test(const ck_policy *policy, const ck_decl *test, ck_coverage *cov, ck_record **rec,
                         ck_result *res);

#endif
