/* The config file that marks a contract repository's root: .clausecheck.yaml, its keys and values. */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "file_read.h"
#include "report.h"
#include "severity.h"
#include "textutil.h"
#include "yaml_tree.h"

/* A config file is a few lines; this is generous and keeps a hostile one cheap. */
#define CK_CONFIG_MAX_BYTES (64u * 1024)
#define CK_CONFIG_MAX_LIST 1024

typedef struct loader {
    ck_arena *arena;
    ck_diags *diags;
    const char *dir;
    ck_config *c;
    bool invalid;
} loader;

__attribute__((format(printf, 4, 5))) static int bad(loader *ld, ck_span at, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_diag *d = ck_diag_addv(ld->diags, CK_DIAG_ERROR, at, NULL, fmt, ap);
    va_end(ap);
    if (hint)
        ck_diag_hint(ld->diags, d, "%s", hint);
    ld->invalid = true;
    return 1;
}

/* A scalar that is one line of text (a path, a pattern, a word); NULL after a diagnostic. */
static const char *text_of(loader *ld, const char *key, const ck_yaml_node *v)
{
    if (v->kind != CK_YAML_SCALAR) {
        bad(ld, v->span, NULL, "%s takes a single value, not %s", key, v->kind == CK_YAML_MAP ? "a mapping" : "a list");
        return NULL;
    }
    if (v->text_len == 0 || strlen(v->text) != v->text_len || strchr(v->text, '\n')) {
        bad(ld, v->span, NULL, "%s must be one line of text, not empty and without NUL bytes", key);
        return NULL;
    }
    return v->text;
}

/* A path in the config file, resolved against the file's folder; *real is its canonical form
 * when the file exists (for comparing two spellings), else the resolved path. The folder is
 * named by a path made of real folder names (repo.h), so a leading ".." of p can take its last
 * name off: "examples/contracts" and "../organisation.policy" give "examples/organisation.policy". */
static int resolve(loader *ld, const char *p, char **resolved, char **real)
{
    size_t keep = strlen(ld->dir);
    if (strcmp(ld->dir, ".") == 0)
        keep = 0;
    while (p[0] != '/' && strncmp(p, "../", 3) == 0 && keep > 0) {
        const char *last = ld->dir + keep;
        while (last > ld->dir && last[-1] != '/')
            last--;
        if (strncmp(last, "..", 2) == 0 && (last[2] == '/' || last + 2 == ld->dir + keep))
            break; /* "../.." has no name to take off */
        keep = last > ld->dir ? (size_t)(last - 1 - ld->dir) : 0;
        p += 3;
    }
    if (p[0] == '/' || keep == 0)
        *resolved = ck_arena_strdup(ld->arena, p);
    else
        *resolved = ck_arena_printf(ld->arena, "%.*s/%s", (int)keep, ld->dir, p);
    char canon[PATH_MAX];
    *real = *resolved && realpath(*resolved, canon) ? ck_arena_strdup(ld->arena, canon) : *resolved;
    return *resolved && *real ? 0 : -1;
}

/* A list of one-line texts: policies and exclude. */
static int text_list(loader *ld, const char *key, const ck_yaml_node *v, const char ***out, size_t *n)
{
    if (v->kind != CK_YAML_SEQ) {
        char hint[160];
        ck_format(hint, sizeof hint, "write a list, even of one: %s: [%s]", key,
                  v->kind == CK_YAML_SCALAR ? v->text : "...");
        return bad(ld, v->span, hint, "%s takes a list", key);
    }
    if (v->count > CK_CONFIG_MAX_LIST)
        return bad(ld, v->span, NULL, "%s has %zu entries; at most %d", key, v->count, CK_CONFIG_MAX_LIST);
    *out = ck_arena_alloc(ld->arena, (v->count + 1) * sizeof **out);
    if (!*out)
        return -1;
    *n = 0;
    for (size_t i = 0; i < v->count; i++) {
        const char *t = text_of(ld, key, v->values[i]);
        if (t)
            (*out)[(*n)++] = t;
    }
    return 0;
}

/* policies: [paths], relative to this file; they replace the built-in baseline. */
static int load_policies(loader *ld, const ck_yaml_node *v)
{
    const char **list = NULL;
    size_t n = 0;
    int rc = text_list(ld, "policies", v, &list, &n);
    if (rc != 0)
        return rc;
    if (n == 0)
        return bad(ld, v->span, "leave policies out to use the built-in baseline", "policies names no policy");
    ck_config *c = ld->c;
    c->policies = ck_arena_alloc(ld->arena, n * sizeof *c->policies);
    c->policies_real = ck_arena_alloc(ld->arena, n * sizeof *c->policies_real);
    if (!c->policies || !c->policies_real)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (resolve(ld, list[i], &c->policies[i], &c->policies_real[i]) != 0)
            return -1;
    c->npolicies = n;
    return 0;
}

static int load_fail_on(loader *ld, const ck_yaml_node *v)
{
    const char *t = text_of(ld, "fail-on", v);
    if (!t)
        return 1;
    int level = ck_fail_on_parse(t);
    if (level < 0)
        return bad(ld, v->span, "fail-on takes error, warning, info or never", "unknown fail-on level '%s'", t);
    ld->c->fail_on = level;
    return 0;
}

static int load_format(loader *ld, const ck_yaml_node *v)
{
    const char *t = text_of(ld, "format", v);
    if (!t)
        return 1;
    if (!ck_reporter_find(t)) {
        char names[256], hint[300];
        ck_reporter_list(names, sizeof names);
        ck_format(hint, sizeof hint, "formats: %s", names);
        return bad(ld, v->span, hint, "unknown format '%s'", t);
    }
    ld->c->format = t;
    return 0;
}

/* exclude: [glob patterns], matched against paths relative to the repository root. */
static int load_exclude(loader *ld, const ck_yaml_node *v)
{
    int rc = text_list(ld, "exclude", v, &ld->c->exclude, &ld->c->nexclude);
    for (size_t i = 0; rc == 0 && i < ld->c->nexclude; i++) {
        size_t n = strlen(ld->c->exclude[i]);
        while (n > 1 && ld->c->exclude[i][n - 1] == '/')
            n--; /* "archive/" names the folder archive, as "archive" does */
        const char *p = ld->c->exclude[i] = ck_arena_strndup(ld->arena, ld->c->exclude[i], n);
        if (!p)
            return -1;
        if (p[0] == '/' || strcmp(p, "..") == 0 || strncmp(p, "../", 3) == 0)
            rc = bad(ld, v->values[i]->span, "patterns are relative to the repository root, e.g. archive or drafts/*.yaml",
                     "exclude pattern '%s' leads outside the repository", p);
    }
    return rc;
}

/* The sub-keys of registers and of one mapped column, each documented in docs/records.md. */
static const char *const register_keys[] = {"columns"};
static const char *const column_keys[] = {"target", "unit"};

/* A key of a nested mapping that is not one of names[n]: an error at it, with the nearest name. */
static void unknown_sub_key(loader *ld, const char *where, const ck_yaml_node *key, const char *const *names, size_t n)
{
    const char *near = ck_closest(key->text, names, n);
    char hint[200];
    if (near)
        ck_format(hint, sizeof hint, "did you mean '%s'?", near);
    else
        ck_format(hint, sizeof hint, "%s takes %s%s%s", where, names[0], n > 1 ? " and " : "", n > 1 ? names[1] : "");
    bad(ld, key->span, hint, "unknown key '%s' in %s", key->text, where);
}

/* A column's unit: a duration unit appended to a bare number ("24" with unit h reads as 24h). */
static const char *column_unit(loader *ld, const ck_yaml_node *v)
{
    static const char *const units[] = {"h", "d", "w", "mo", "y"};
    const char *t = text_of(ld, "unit", v);
    for (size_t i = 0; t && i < sizeof units / sizeof *units; i++)
        if (strcmp(t, units[i]) == 0)
            return t;
    if (t)
        bad(ld, v->span, "a unit is one of h, d, w, mo, y", "unknown duration unit '%s'", t);
    return NULL;
}

/* One mapped column: "Header: record.key" or "Header: { target: record.key, unit: h }". */
static void load_column(loader *ld, const ck_yaml_node *key, const ck_yaml_node *v, ck_csv_column *col)
{
    *col = (ck_csv_column){.header = key->text, .at = key->span};
    if (strlen(key->text) != key->text_len || key->text_len == 0) {
        bad(ld, key->span, NULL, "a column name must be one line of text, not empty and without NUL bytes");
        return;
    }
    if (v->kind != CK_YAML_MAP) {
        col->target = text_of(ld, "a column's target", v);
        return;
    }
    for (size_t i = 0; i < v->count; i++) {
        const ck_yaml_node *k = v->keys[i];
        if (strcmp(k->text, "target") == 0)
            col->target = text_of(ld, "target", v->values[i]);
        else if (strcmp(k->text, "unit") == 0)
            col->unit = column_unit(ld, v->values[i]);
        else
            unknown_sub_key(ld, "a mapped column", k, column_keys, 2);
    }
    if (!col->target && !ld->invalid)
        bad(ld, key->span, "write the record key it fills, e.g. target: profile.importance",
            "column '%s' has no target", key->text);
}

/* registers.columns: CSV header names mapped onto record keys (register_csv.h says which). */
static int load_columns(loader *ld, const ck_yaml_node *v)
{
    if (v->kind != CK_YAML_MAP)
        return bad(ld, v->span, "write one line per column, e.g. \"Supplier ID\": supplier.id",
                   "columns takes a mapping of CSV column names to record keys");
    if (v->count == 0 || v->count > CK_CONFIG_MAX_LIST)
        return bad(ld, v->span, NULL, "columns maps %zu columns; between 1 and %d", v->count, CK_CONFIG_MAX_LIST);
    ck_csv_column *cols = ck_arena_alloc(ld->arena, v->count * sizeof *cols);
    if (!cols)
        return -1;
    for (size_t i = 0; i < v->count; i++)
        load_column(ld, v->keys[i], v->values[i], &cols[i]);
    ld->c->csv = (ck_csv_mapping){cols, v->count};
    return 0;
}

/* registers: how the registers (JSON Lines and CSV exports) of this repository are read. */
static int load_registers(loader *ld, const ck_yaml_node *v)
{
    if (v->kind != CK_YAML_MAP)
        return bad(ld, v->span, "write registers: then, indented below it, columns:",
                   "registers takes a mapping, not %s", v->kind == CK_YAML_SEQ ? "a list" : "a single value");
    for (size_t i = 0; i < v->count; i++) {
        if (strcmp(v->keys[i]->text, "columns") != 0) {
            unknown_sub_key(ld, "registers", v->keys[i], register_keys, 1);
            continue;
        }
        if (load_columns(ld, v->values[i]) < 0)
            return -1;
    }
    return 0;
}

typedef struct config_key {
    const char *name;
    int setting;   /* ck_setting, or -1 for a per-repository key */
    int (*load)(loader *ld, const ck_yaml_node *v);
} config_key;

/* Every key a config file may hold; docs/records.md#the-config-file describes each. */
static const config_key config_keys[] = {
    {"policies", CK_SET_POLICIES, load_policies},
    {"fail-on", CK_SET_FAIL_ON, load_fail_on},
    {"format", CK_SET_FORMAT, load_format},
    {"exclude", -1, load_exclude},
    {"registers", -1, load_registers},
};
#define NKEYS (sizeof config_keys / sizeof config_keys[0])

const char *ck_setting_key(ck_setting s)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (config_keys[i].setting == (int)s)
            return config_keys[i].name;
    return "?";
}

static void unknown_key(loader *ld, const ck_yaml_node *key)
{
    if (strcmp(key->text, "as-of") == 0 || strcmp(key->text, "as_of") == 0) {
        bad(ld, key->span,
            "a date written here would freeze the gate: certificates would never expire and reviews never fall "
            "due; pass --as-of on the command line for a reproducible run",
            "as-of is not a config key");
        return;
    }
    const char *names[NKEYS];
    for (size_t i = 0; i < NKEYS; i++)
        names[i] = config_keys[i].name;
    const char *near = ck_closest(key->text, names, NKEYS);
    char hint[160];
    ck_format(hint, sizeof hint, "did you mean '%s'?", near ? near : "");
    bad(ld, key->span, near ? hint : "keys: policies, fail-on, format, exclude, registers",
        "unknown config key '%s'", key->text);
}

/* Only comments and blank lines: a valid config that changes nothing (it marks the root). */
static bool only_comments(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '#')
            while (i < len && text[i] != '\n')
                i++;
        else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            return false;
    }
    return true;
}

static int load_tree(loader *ld, const ck_yaml_node *root)
{
    if (root->kind != CK_YAML_MAP)
        return bad(ld, root->span, "write keys such as 'fail-on: error', one per line",
                   "a config file is a mapping of keys, not %s", root->kind == CK_YAML_SEQ ? "a list" : "a single value");
    for (size_t i = 0; i < root->count; i++) {
        const ck_yaml_node *key = root->keys[i];
        size_t k = 0;
        while (k < NKEYS && strcmp(config_keys[k].name, key->text) != 0)
            k++;
        if (k == NKEYS) {
            unknown_key(ld, key);
            continue;
        }
        if (config_keys[k].setting >= 0)
            ld->c->at[config_keys[k].setting] = key->span;
        if (config_keys[k].load(ld, root->values[i]) < 0)
            return -1;
    }
    return ld->invalid ? 1 : 0;
}

void ck_config_default(ck_config *c) { *c = (ck_config){.fail_on = CK_SEV_ERROR, .format = "text"}; }

static int read_error(ck_diags *diags, const char *path, ck_read_status rs, int err, size_t len)
{
    switch (rs) {
    case CK_READ_NO_MEMORY: return -1;
    case CK_READ_DIRECTORY: ck_diag_add_path(diags, CK_DIAG_ERROR, path, "config file is a directory"); break;
    case CK_READ_NOT_REGULAR: ck_diag_add_path(diags, CK_DIAG_ERROR, path, "config file is not a regular file"); break;
    case CK_READ_TOO_LARGE:
        ck_diag_add_path(diags, CK_DIAG_ERROR, path, "config file is too large (%zu bytes; the limit is %u)", len,
                         CK_CONFIG_MAX_BYTES);
        break;
    case CK_READ_CHANGED: ck_diag_add_path(diags, CK_DIAG_ERROR, path, "config file changed while it was read"); break;
    case CK_READ_ERRNO:
    case CK_READ_OK: ck_diag_add_path(diags, CK_DIAG_ERROR, path, "cannot read config file: %s", strerror(err)); break;
    }
    return 1;
}

int ck_config_load(ck_arena *arena, const char *path, const char *dir, ck_config *out, ck_diags *diags)
{
    ck_config_default(out);
    out->path = ck_arena_strdup(arena, path);
    char *text;
    size_t len;
    int err = 0;
    ck_read_status rs = ck_read_regular(path, CK_CONFIG_MAX_BYTES, &text, &len, &err);
    if (rs != CK_READ_OK)
        return read_error(diags, path, rs, err, len);
    const ck_source *src = ck_source_from_text(arena, out->path, text, len);
    free(text);
    if (!out->path || !src)
        return -1;
    if (only_comments(src->text, src->len))
        return 0;
    ck_yaml_node *root = NULL;
    if (ck_yaml_load(arena, src, NULL, &root, diags) != 0)
        return 1;
    loader ld = {.arena = arena, .diags = diags, .dir = dir, .c = out};
    return load_tree(&ld, root);
}

void ck_config_value(const ck_config *c, ck_setting s, char *buf, size_t n)
{
    size_t at = 0;
    switch (s) {
    case CK_SET_POLICIES:
        if (!c->npolicies)
            ck_format(buf, n, "the built-in baseline");
        for (size_t i = 0; i < c->npolicies && at < n; i++)
            at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? ", " : "", c->policies[i]);
        break;
    case CK_SET_FAIL_ON: ck_format(buf, n, "%s", ck_fail_on_name(c->fail_on)); break;
    case CK_SET_FORMAT: ck_format(buf, n, "%s", c->format); break;
    case CK_SET_COUNT: buf[0] = '\0'; break;
    }
    if (at >= n)
        ck_utf8_trim(buf);
}

static bool same(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

bool ck_config_agree(const ck_config *a, const ck_config *b, ck_setting s)
{
    switch (s) {
    case CK_SET_POLICIES:
        if (a->npolicies != b->npolicies)
            return false;
        for (size_t i = 0; i < a->npolicies; i++)
            if (!same(a->policies_real[i], b->policies_real[i]))
                return false;
        return true;
    case CK_SET_FAIL_ON: return a->fail_on == b->fail_on;
    case CK_SET_FORMAT: return strcmp(a->format, b->format) == 0;
    case CK_SET_COUNT: break;
    }
    return true;
}
