/* Baselines: the fingerprints of a previous JSON report, so that only new findings fail the gate. */
#ifndef CK_BASELINE_H
#define CK_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

typedef struct ck_baseline {
    const char **fingerprints; /* sorted */
    size_t count;
} ck_baseline;

/* Reads a clausecheck JSON report (schema_version 1). 0, or 1 with a diagnostic naming the file and why. */
int ck_baseline_load(const char *path, ck_arena *arena, ck_diags *diags, ck_baseline *out);
bool ck_baseline_has(const ck_baseline *b, const char *fingerprint);

#endif
