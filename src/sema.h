/* The policy checker (semantic analysis): resolves names and types across all files of a policy. */
#ifndef CK_SEMA_H
#define CK_SEMA_H

#include "diag.h"
#include "policy.h"

/*
 * Fills policy's tables from policy->files (already parsed, imports first).
 * Every problem is a diagnostic; returns the number of errors added, or -1
 * when out of memory. Only the policy loader calls it.
 */
int ck_sema_check_policy(ck_policy *policy, ck_diags *diags);

#endif
