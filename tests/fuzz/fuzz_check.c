/* Fuzz target: a whole check of a generated small repository. The input is split at NUL bytes
 * into files (records and evidence) written to a temporary directory, then checked in every format
 * against the baseline and an overlay with parties (fuzz_policy_v2.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "policy.h"
#include "repo.h"
#include "fuzz_policy_v2.h"
#include "report.h"
#include "run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ck_policy *policy = ck_fuzz_policy();
    if (!policy || size > 65536)
        return 0;
    char dir[] = "/tmp/ck-fuzz-XXXXXX";
    if (!mkdtemp(dir))
        return 0;
    /* files: r0.yaml r1.yaml ... from NUL-separated chunks; the last chunk is evidence/e.pdf */
    size_t start = 0, n = 0;
    char path[256];
    for (size_t i = 0; i <= size && n < 8; i++) {
        if (i < size && data[i] != 0)
            continue;
        snprintf(path, sizeof path, "%s/r%zu.yaml", dir, n++);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(data + start, 1, i - start, f);
            fclose(f);
        }
        start = i + 1;
    }
    snprintf(path, sizeof path, "%s/evidence", dir);
    if (mkdir(path, 0700) == 0) {
        snprintf(path, sizeof path, "%s/evidence/e.pdf", dir);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(data, 1, size < 64 ? size : 64, f);
            fclose(f);
        }
    }
    static const char *const formats[] = {"text", "json", "sarif", "junit", "github", "markdown"};
    for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
        FILE *sink = fopen("/dev/null", "w");
        if (!sink)
            break;
        char *paths[] = {dir};
        ck_run_options ro = {.policy = policy, .paths = paths, .npaths = 1, .as_of = {20785},
                             .reporter = ck_reporter_find(formats[k]), .out = sink, .fail_on = CK_SEV_ERROR};
        ck_diags diags;
        if (ck_diags_init(&diags) == 0) {
            /* the temporary folder is the repository root, as --root would make it */
            ro.repos = ck_repos_new(dir, NULL, &diags);
            ck_summary summary;
            if (ro.repos)
                ck_run_check(&ro, &summary, &diags);
            ck_repos_free(ro.repos);
            ck_diags_fini(&diags);
        }
        fclose(sink);
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/r%zu.yaml", dir, i);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/evidence/e.pdf", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/evidence", dir);
    rmdir(path);
    rmdir(dir);
    return 0;
}
