/* The per-record driver: the policy, the repository root, one record loaded and evaluated. */
#include "driver.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "record_facts.h"

extern const char ck_baseline_policy[];
extern const size_t ck_baseline_policy_len;

/* At most this many -p policies: each is a file of its own, imports aside. */
#define CK_MAX_POLICIES 64

ck_policy_input ck_driver_builtin_policy(void)
{
    return (ck_policy_input){.path = CK_BUILTIN_POLICY_NAME, .text = ck_baseline_policy, .len = ck_baseline_policy_len};
}

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
        inputs[0] = ck_driver_builtin_policy();
        n = 1;
    }
    int rc = ck_policy_compile(inputs, n, NULL, diags, out);
    return rc == 0 ? CK_STATUS_OK : rc < 0 ? CK_STATUS_NO_MEMORY : CK_STATUS_INPUT;
}

void ck_driver_init(ck_driver *d, const ck_policy *policy, ck_date as_of, ck_repos *repos)
{
    *d = (ck_driver){.policy = policy, .as_of = as_of, .repos = repos};
    ck_record_limits_default(&d->limits);
}

static bool is_stdin(const ck_driver *d, const char *path)
{
    return d->stdin_record && path == d->stdin_record->name;
}

void ck_stdin_folder(const char *name, char *buf, size_t n)
{
    const char *slash = strrchr(name, '/');
    if (!slash)
        snprintf(buf, n, ".");
    else
        snprintf(buf, n, "%.*s", slash == name ? 1 : (int)(slash - name), name);
}

ck_repo *ck_driver_stdin_repo(const ck_driver *d, ck_diags *diags)
{
    char dir[PATH_MAX];
    ck_stdin_folder(d->stdin_record->name, dir, sizeof dir);
    return ck_repos_for_dir(d->repos, dir, NULL, diags);
}

ck_status ck_driver_load(const ck_driver *d, const char *path, ck_record **rec, ck_diags *diags)
{
    int rc = is_stdin(d, path) ? ck_record_load_text(d->policy, path, d->stdin_record->text, d->stdin_record->len,
                                                     &d->limits, diags, rec)
                               : ck_record_load(d->policy, path, path, &d->limits, diags, rec);
    return rc == 0 ? CK_STATUS_OK : rc < 0 ? CK_STATUS_NO_MEMORY : CK_STATUS_INPUT;
}

ck_status ck_driver_evaluate(const ck_driver *d, ck_repo *repo, ck_record *rec, ck_eval_options opts,
                             ck_result *res, ck_diags *diags)
{
    opts.as_of = d->as_of;
    opts.root = ck_repo_evidence(repo, diags);
    if (!opts.root)
        return CK_STATUS_INPUT; /* never evaluate as if the record had no evidence files */
    opts.evidence_cache = repo->evidence_cache; /* paths are the repository's own: one cache each */
    opts.documents = repo->documents;
    if (!opts.documents)
        return CK_STATUS_NO_MEMORY; /* documents are never skipped for want of a cache */
    return ck_eval_record(d->policy, rec, &opts, res) == 0 ? CK_STATUS_OK : CK_STATUS_NO_MEMORY;
}

ck_status ck_driver_record(const ck_driver *d, const char *path, ck_eval_options opts, ck_record **rec,
                           ck_result *res, ck_diags *diags)
{
    *rec = NULL;
    struct stat st;
    const char *real;
    size_t errors = diags->errors;
    ck_repo *repo = is_stdin(d, path) ? ck_driver_stdin_repo(d, diags) : ck_repos_for_path(d->repos, path, &st, &real, diags);
    if (!repo)
        return diags->errors > errors ? CK_STATUS_INPUT : CK_STATUS_NO_MEMORY;
    if (!repo->usable)
        return CK_STATUS_INPUT;
    ck_status rs = ck_driver_load(d, path, rec, diags);
    return rs == CK_STATUS_OK ? ck_driver_evaluate(d, repo, *rec, opts, res, diags) : rs;
}

ck_status ck_driver_test(const ck_policy *policy, const ck_decl *test, ck_coverage *cov, ck_record **rec,
                         ck_result *res)
{
    *rec = ck_record_from_test(policy, test);
    if (!*rec)
        return CK_STATUS_NO_MEMORY;
    ck_eval_options opts = {.as_of = test->as_of, .coverage = cov};
    return ck_eval_record(policy, *rec, &opts, res) == 0 ? CK_STATUS_OK : CK_STATUS_NO_MEMORY;
}
