/* Baselines read with jansson: a maintained JSON parser rather than one written here. */
#include "baseline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "file_read.h"

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* A baseline is a whole run's JSON report: allowed to be large, but not unbounded. */
#define BASELINE_MAX_BYTES ((size_t)1 << 30)

/* The baseline's JSON, parsed; NULL with a diagnostic (at the error's place when it is in the
 * text, with the line and a caret) when it cannot be read or parsed. */
static json_t *load_json(const char *path, ck_arena *arena, ck_diags *diags)
{
    char *text;
    size_t len;
    int errnum = 0;
    ck_read_status rs = ck_read_regular(path, BASELINE_MAX_BYTES, &text, &len, &errnum);
    if (rs != CK_READ_OK) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, path, "cannot read the baseline: %s", ck_read_reason(rs, errnum));
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        size_t at = err.position > 0 && (size_t)err.position <= len ? (size_t)err.position - 1 : 0;
        const ck_source *src = ck_source_from_text(arena, path, text, len);
        if (src)
            ck_diag_add(diags, CK_DIAG_ERROR, (ck_span){src, (uint32_t)at, (uint32_t)at + 1},
                        "the baseline is not valid JSON: %s", err.text);
        else
            ck_diag_add_path(diags, CK_DIAG_ERROR, path, "the baseline is not valid JSON: %s", err.text);
    }
    free(text);
    return root;
}

int ck_baseline_load(const char *path, ck_arena *arena, ck_diags *diags, ck_baseline *out)
{
    memset(out, 0, sizeof *out);
    json_t *root = load_json(path, arena, diags);
    if (!root)
        return 1;
    json_t *version = json_object_get(root, "schema_version");
    json_t *records = json_object_get(root, "records");
    if (!json_is_integer(version) || json_integer_value(version) != 1 || !json_is_array(records)) {
        ck_diag *d = ck_diag_add_path(diags, CK_DIAG_ERROR, path, "the baseline is not a clausecheck JSON report (schema_version 1)");
        ck_diag_hint(diags, d, "write one with --write-baseline FILE or -f json -o FILE");
        json_decref(root);
        return 1;
    }
    size_t n = 0, i, k;
    json_t *rec, *f;
    json_array_foreach(records, i, rec) n += json_array_size(json_object_get(rec, "findings"));
    out->fingerprints = ck_arena_alloc(arena, (n + 1) * sizeof *out->fingerprints);
    if (!out->fingerprints) {
        json_decref(root);
        return 1;
    }
    json_array_foreach(records, i, rec)
    {
        json_array_foreach(json_object_get(rec, "findings"), k, f)
        {
            const char *fp = json_string_value(json_object_get(f, "fingerprint"));
            if (fp)
                out->fingerprints[out->count++] = ck_arena_strdup(arena, fp);
        }
    }
    json_decref(root);
    qsort(out->fingerprints, out->count, sizeof *out->fingerprints, cmp_str);
    return 0;
}

bool ck_baseline_has(const ck_baseline *b, const char *fingerprint)
{
    return b && b->count &&
           bsearch(&fingerprint, b->fingerprints, b->count, sizeof *b->fingerprints, cmp_str) != NULL;
}
