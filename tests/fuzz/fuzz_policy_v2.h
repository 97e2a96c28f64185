/* The policy the record and check fuzz targets evaluate against: the shipped baseline composed with
 * an overlay of language version 2 (parties, every quantifier, ensure, evidence attributes), so
 * that fuzzed records reach the party loader and the quantifiers. The overlay's names are its own
 * (fz-...), so that it composes with whatever the baseline declares; a policy that stops compiling
 * aborts the target, so that `make test`'s replay cannot pass by fuzzing nothing. */
#ifndef CK_FUZZ_POLICY_V2_H
#define CK_FUZZ_POLICY_V2_H

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "policy.h"

extern const char ck_baseline_policy[];
extern const size_t ck_baseline_policy_len;

static const char ck_fuzz_overlay[] =
    "party fz-sub \"Fuzzed sub-processor\" {\n"
    "  fz_location : string \"L\"\n"
    "  fz_data : bool \"D\"\n"
    "  fz_staff : number \"S\"\n"
    "  fz_grade : level(fz_low, fz_high) \"G\"\n"
    "  fz_since : date \"D\"\n"
    "}\n"
    "party fz-vendor \"Fuzzed vendor\" { fz_country : string \"C\" }\n"
    "clause fz-dpa \"Fuzzed terms\" { fz_audit : bool \"A\"  fz_within : duration \"W\" }\n"
    "evidence fz-assessment \"Fuzzed assessment\" {\n"
    "  valid for 1y\n"
    "  attribute fz_score : number \"S\"\n"
    "  attribute fz_level : level(fz_basic, fz_top) \"L\"\n"
    "  attribute fz_by : string \"B\"\n"
    "  attribute fz_on : date \"O\"\n"
    "  attribute fz_ok : bool \"K\"\n"
    "}\n"
    "require FZ-1 \"Each\" {\n"
    "  for each fz-sub where fz_data and fz_location not in (\"GB\", \"IE\") {\n"
    "    clause fz-dpa with fz_audit and fz_within <= 72h\n"
    "    evidence fz-assessment not expired and fz_score >= fz_staff and fz_level >= fz_top\n"
    "    for no fz-vendor where fz_country == \"KP\"\n"
    "    ensure fz_grade >= fz_high or fz_staff < 10.5\n"
    "  }\n"
    "}\n"
    "require FZ-2 \"Some, at least, at most\" {\n"
    "  for some fz-sub where fz_grade == fz_high\n"
    "  for at least 2 fz-sub {\n"
    "    evidence fz-assessment fz_by != \"self\" or clause fz-dpa\n"
    "  }\n"
    "  for at most 3 fz-vendor\n"
    "  any {\n"
    "    for no fz-sub where fz_staff > 100 and fz_since >= 2020-01-01\n"
    "    for at most 0 fz-sub { ensure not fz_data }\n"
    "  }\n"
    "}\n"
    "require FZ-3 \"The supplier's own assessment\" {\n"
    "  evidence fz-assessment fz_score >= -20.5 and fz_on >= 2025-01-01 and fz_ok == true\n"
    "}\n";

static ck_policy *ck_fuzz_policy(void)
{
    static ck_policy *policy;
    if (!policy) {
        ck_diags diags;
        ck_diags_init(&diags);
        ck_policy_input in[] = {
            {.path = "baseline.policy", .text = ck_baseline_policy, .len = ck_baseline_policy_len},
            {.path = "fuzz-overlay.policy", .text = ck_fuzz_overlay, .len = sizeof ck_fuzz_overlay - 1},
        };
        if (ck_policy_compile(in, 2, NULL, &diags, &policy) != 0 || diags.errors) {
            ck_diags_print(stderr, &diags, false);
            fprintf(stderr, "fuzz: the baseline with the version-2 overlay does not compile\n");
            abort();
        }
        ck_diags_fini(&diags);
    }
    return policy;
}

#endif
