/* Running a policy's own test blocks: each inline record against its expected tier and findings. */
#ifndef CK_POLICY_TEST_H
#define CK_POLICY_TEST_H

#include <stdbool.h>
#include <stdio.h>

#include "policy.h"

/* Where and how test results are written: text (failures, and with verbose the passes too), or
 * as the elements of test -f json's "tests" array (docs/test.schema.json), each test an object,
 * the first when totals count none yet. */
typedef struct ck_test_output {
    FILE *out;
    bool verbose;
    bool json;
} ck_test_output;

typedef struct ck_test_totals {
    size_t passed;
    size_t failed;
} ck_test_totals;

/*
 * Runs the tests declared in the file whose source path is `path` (tests of
 * imported files run when those files are named themselves). Writes one line
 * per failure with its location, expected and actual findings. Returns 0, or
 * -1 when out of memory.
 */
int ck_policy_run_tests(const ck_policy *policy, const char *path, const ck_test_output *to, ck_test_totals *totals);

/*
 * Runs the same tests while recording which ways each requirement and rule
 * went, then writes the coverage report to out: requirements and rules
 * exercised both ways (met and unmet), one way only, or never reached.
 */
int ck_policy_test_coverage(const ck_policy *policy, const char *path, FILE *out);

#endif
