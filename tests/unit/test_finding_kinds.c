/* Unit tests for the finding-kind table: every kind has a code and a summary, codes are unique, and
 * each is documented where users and tools read the codes (JSON schema, records.md, output.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>

#include "finding.h"

static void test_codes_unique_and_found(void **state)
{
    (void)state;
    for (int k = 0; k < CK_FK_COUNT; k++) {
        const ck_finding_kind_info *info = ck_finding_kind_get((ck_finding_kind)k);
        assert_non_null(info->code);
        assert_non_null(info->summary);
        assert_int_equal(ck_finding_kind_find(info->code), k);
    }
    assert_int_equal(ck_finding_kind_find("no-such-kind"), -1);
}

/* The JSON report's schema lists exactly the table's codes, in the table's order. */
static void test_schema_lists_every_kind(void **state)
{
    (void)state;
    json_error_t err;
    json_t *schema = json_load_file("docs/report.schema.json", 0, &err);
    if (!schema)
        fail_msg("docs/report.schema.json: %s (run from the repository root)", err.text);
    json_t *kinds = json_object_get(json_object_get(json_object_get(schema, "$defs"), "finding_kind"), "enum");
    assert_non_null(kinds);
    assert_int_equal(json_array_size(kinds), CK_FK_COUNT);
    for (int k = 0; k < CK_FK_COUNT; k++)
        assert_string_equal(json_string_value(json_array_get(kinds, (size_t)k)),
                            ck_finding_kind_get((ck_finding_kind)k)->code);
    json_decref(schema);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s (run from the repository root)", path);
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* records.md has a table row per kind; output.md's field reference names each code. */
static void test_docs_name_every_kind(void **state)
{
    (void)state;
    char *records = slurp("docs/records.md"), *output = slurp("docs/output.md");
    for (int k = 0; k < CK_FK_COUNT; k++) {
        char row[128], code[128];
        const char *c = ck_finding_kind_get((ck_finding_kind)k)->code;
        snprintf(row, sizeof row, "| `%s` |", c);
        snprintf(code, sizeof code, "`%s`", c);
        if (!strstr(records, row))
            fail_msg("docs/records.md has no row for %s", c);
        if (!strstr(output, code))
            fail_msg("docs/output.md does not name %s", c);
    }
    free(records);
    free(output);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_unique_and_found),
        cmocka_unit_test(test_schema_lists_every_kind),
        cmocka_unit_test(test_docs_name_every_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
