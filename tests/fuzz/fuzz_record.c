/* Fuzz target: a record file -> YAML tree, validation and evaluation against the baseline policy
 * and an overlay with parties (fuzz_policy_v2.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "eval.h"
#include "policy.h"
#include "fuzz_policy_v2.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ck_policy *policy = ck_fuzz_policy();
    if (!policy)
        return 0;
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return 0;
    ck_record *rec = NULL;
    if (ck_record_load_text(policy, "fuzz.yaml", (const char *)data, size, NULL, &diags, &rec) == 0) {
        ck_eval_options opts = {.as_of = {20785}};
        ck_result res;
        ck_eval_record(policy, rec, &opts, &res);
    }
    FILE *sink = fopen("/dev/null", "w");
    if (sink) {
        ck_diags_print(sink, &diags, false);
        fclose(sink);
    }
    ck_record_free(rec);
    ck_diags_fini(&diags);
    return 0;
}
