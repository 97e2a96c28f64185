/* Severities: one table of their names and how each output format shows them. */
#ifndef CK_SEVERITY_H
#define CK_SEVERITY_H

#include <stddef.h>
#include <stdio.h>

typedef enum { CK_SEV_ERROR, CK_SEV_WARNING, CK_SEV_INFO, CK_SEV_COUNT } ck_severity;

/* --fail-on never: no severity reaches it. A gate level is a ck_severity or CK_FAIL_NEVER. */
#define CK_FAIL_NEVER ((int)CK_SEV_COUNT)

typedef struct ck_severity_info {
    const char *name;            /* error, warning, info: the policy's word, JSON and text */
    const char *plural;          /* for counts: errors, warnings, info */
    const char *sarif_level;     /* error, warning, note */
    const char *github_command;  /* ::error, ::warning, ::notice */
    const char *color;           /* ANSI escape for terminals */
} ck_severity_info;

const ck_severity_info *ck_severity_get(ck_severity s);
const char *ck_severity_name(ck_severity s);
/* The severity named, or -1. */
int ck_severity_find(const char *name);
/* The gate level a --fail-on word names (a severity or "never"), or -1; and its word back. */
int ck_fail_on_parse(const char *name);
const char *ck_fail_on_name(int fail_on);
/* "2 errors, 1 warning, 0 info" for counts indexed by severity. */
void ck_severity_counts_write(FILE *out, const size_t counts[CK_SEV_COUNT]);

#endif
