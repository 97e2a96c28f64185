/* The per-record driver: the policy, the repository root, one record loaded and evaluated. */
#include "driver.h"

#include "document_cache.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

extern const char ck_baseline_policy[];
extern const size_t ck_baseline_policy_len;

/* At most this many -p policies: each is a file of its own, imports aside. */
#define CK_MAX_POLICIES 64

ck_status ck_driver_load_policy(char *const *paths, size_t n, ck_diags *diags, ck_policy **out)
{
    ck_policy_input inputs[CK_MAX_POLICIES];
    *out = NULL;
    if (n > CK_MAX_POLICIES) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, paths[CK_MAX_POLICIES], "too many policies (at most %d)",
                         CK_MAX_POLICIES);
        return CK_STATUS_INPUT;
    }
    for (size_t i = 0; i < n; i++)
        inputs[i] = (ck_policy_input){.path = paths[i]};
    if (n == 0) {
        inputs[0] = (ck_policy_input){.path = CK_BUILTIN_POLICY_NAME, .text = ck_baseline_policy,
                                      .len = ck_baseline_policy_len};
        n = 1;
    }
    int rc = ck_policy_compile(inputs, n, NULL, diags, out);
    return rc == 0 ? CK_STATUS_OK : rc < 0 ? CK_STATUS_NO_MEMORY : CK_STATUS_INPUT;
}

ck_status ck_driver_open(ck_driver *d, const ck_policy *policy, ck_date as_of, const char *root_path,
                         char *const *paths, size_t npaths, ck_diags *diags)
{
    *d = (ck_driver){.policy = policy, .as_of = as_of, .root = {.root_fd = -1}};
    ck_record_limits_default(&d->limits);
    for (size_t i = 0; !root_path && i < npaths; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            root_path = paths[i];
    }
    d->root_path = root_path ? root_path : ".";
    if (ck_evfile_root_open(&d->root, d->root_path) != 0) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, d->root_path, "cannot open the repository root: %s", strerror(errno));
        return CK_STATUS_INPUT;
    }
    if (!(d->evidence_cache = ck_evidence_cache_new()) || !(d->documents = ck_doc_cache_new(NULL, 0, 0))) {
        ck_driver_close(d);
        return CK_STATUS_NO_MEMORY;
    }
    return CK_STATUS_OK;
}

void ck_driver_close(ck_driver *d)
{
    ck_evidence_cache_free(d->evidence_cache);
    d->evidence_cache = NULL;
    ck_doc_cache_free(d->documents);
    d->documents = NULL;
    ck_evfile_root_close(&d->root);
}

ck_status ck_driver_load(const ck_driver *d, const char *path, ck_record **rec, ck_diags *diags)
{
    int rc = ck_record_load(d->policy, path, path, &d->limits, diags, rec);
    return rc == 0 ? CK_STATUS_OK : rc < 0 ? CK_STATUS_NO_MEMORY : CK_STATUS_INPUT;
}

ck_status ck_driver_evaluate(const ck_driver *d, ck_record *rec, ck_eval_options opts, ck_result *res)
{
    opts.as_of = d->as_of;
    opts.root = &d->root;
    opts.evidence_cache = d->evidence_cache;
    opts.documents = d->documents;
    return ck_eval_record(d->policy, rec, &opts, res) == 0 ? CK_STATUS_OK : CK_STATUS_NO_MEMORY;
}

ck_status ck_driver_record(const ck_driver *d, const char *path, ck_eval_options opts, ck_record **rec,
                           ck_result *res, ck_diags *diags)
{
    ck_status st = ck_driver_load(d, path, rec, diags);
    return st == CK_STATUS_OK ? ck_driver_evaluate(d, *rec, opts, res) : st;
}
