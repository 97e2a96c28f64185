/* The config file that marks a contract repository's root: .clausecheck.yaml, its keys and values. */
#ifndef CK_CONFIG_H
#define CK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "register_csv.h"

#define CK_CONFIG_NAME ".clausecheck.yaml"

/*
 * Settings that shape the whole run (which policy, when the gate fails, what the report looks
 * like) are one value for the run: every repository of one run must give the same, or the
 * command line must. Per-repository settings (exclude; the evidence root, which is the
 * repository's root itself) apply to each repository's own records.
 */
typedef enum {
    CK_SET_POLICIES,
    CK_SET_FAIL_ON,
    CK_SET_FORMAT,
    CK_SET_COUNT
} ck_setting;

/* One repository's settings. Everything it points to lives in the arena it was loaded into. */
typedef struct ck_config {
    const char *path;           /* the config file as messages name it; NULL: none (the defaults) */
    ck_span at[CK_SET_COUNT];   /* where each whole-run setting is given (src NULL: the default) */
    char **policies;            /* paths resolved against the config file's folder; none: built-in */
    char **policies_real;       /* the same, canonical where the file exists (for comparing) */
    size_t npolicies;
    int fail_on;                /* ck_severity, or CK_FAIL_NEVER; default error */
    const char *format;         /* a report format's name; default "text" */
    const char **exclude;       /* glob patterns, relative to the repository root */
    size_t nexclude;
    ck_csv_mapping csv;         /* registers.columns: how a CSV register's columns map onto record keys */
} ck_config;

/* The defaults, as for a repository without a config file. */
void ck_config_default(ck_config *c);
/*
 * Reads the config file at path, whose relative paths resolve against dir ("." or a folder
 * path ending without '/'). 0 with *out filled; 1 when the file is not valid (each unknown key,
 * wrong type or bad value is a diagnostic with its line, column and caret); -1 out of memory.
 */
int ck_config_load(ck_arena *arena, const char *path, const char *dir, ck_config *out, ck_diags *diags);

/* The key of a whole-run setting ("fail-on"), and its value in c in words ("warning"). */
const char *ck_setting_key(ck_setting s);
void ck_config_value(const ck_config *c, ck_setting s, char *buf, size_t n);
/* Whether a and b give s the same value; policy files compare by identity (canonical paths),
 * so two spellings of one file agree. */
bool ck_config_agree(const ck_config *a, const ck_config *b, ck_setting s);

#endif
