/* Fuzz target: a JSON record file -> tree (yajl), validation and evaluation against the baseline. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "eval.h"
#include "policy.h"
#include "record.h"

extern const char ck_baseline_policy[];
extern const size_t ck_baseline_policy_len;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ck_policy *baseline(void)
{
    static ck_policy *policy;
    if (!policy) {
        ck_diags diags;
        ck_diags_init(&diags);
        ck_policy_input in = {.path = "baseline.policy", .text = ck_baseline_policy, .len = ck_baseline_policy_len};
        ck_policy_compile(&in, 1, NULL, &diags, &policy);
        ck_diags_fini(&diags);
    }
    return policy;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ck_policy *policy = baseline();
    if (!policy)
        return 0;
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return 0;
    ck_record *rec = NULL;
    if (ck_record_load_text(policy, "fuzz.json", (const char *)data, size, NULL, &diags, &rec) == 0) {
        ck_eval_options opts = {.as_of = {20785}};
        ck_result res;
        ck_eval_record(policy, rec, &opts, &res);
    }
    /* Every diagnostic must point inside the text it names. */
    for (size_t i = 0; i < diags.list.len; i++) {
        const ck_diag *d = diags.list.items[i];
        if (d->span.src && (d->span.start > d->span.end || d->span.end > d->span.src->len))
            __builtin_trap();
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
