/* Fuzz target: policy source -> scan, parse, check (and format and run its tests when it compiles). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "fmt.h"
#include "parse.h"
#include "policy.h"
#include "policy_test.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return 0;
    ck_policy_input in = {.path = "fuzz.policy", .text = (const char *)data, .len = size};
    ck_policy *policy = NULL;
    if (ck_policy_compile(&in, 1, NULL, &diags, &policy) == 0) {
        /* A policy that compiles must also format without failing. */
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            const ck_file *root = policy->files.items[policy->files.len - 1];
            ck_fmt_write(sink, root);
            /* ... and run its own tests with coverage: test blocks build records (parties with
             * what they carry, evidence attributes) and evaluate them. */
            ck_policy_test_coverage(policy, "fuzz.policy", sink);
            fclose(sink);
        }
    }
    FILE *sink = fopen("/dev/null", "w");
    if (sink) {
        ck_diags_print(sink, &diags, false);
        fclose(sink);
    }
    ck_policy_free(policy);
    ck_diags_fini(&diags);
    return 0;
}
