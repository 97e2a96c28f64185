/* Unit tests for exact decimal numbers: parsing, exact comparison at thresholds, formatting as written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "number.h"

static ck_number N(const char *s)
{
    ck_number n;
    assert_int_equal(ck_number_parse(s, strlen(s), &n), CK_NUMBER_OK);
    return n;
}

static void test_parse(void **state)
{
    (void)state;
    ck_number n;
    assert_int_equal(N("9.0").coef, 90);
    assert_int_equal(N("9.0").scale, 1);
    assert_int_equal(N("-203").coef, -203);
    assert_int_equal(N("0.25").coef, 25);
    assert_int_equal(N("007").coef, 7);
    assert_int_equal(N("999999999999999").coef, INT64_C(999999999999999));
    assert_int_equal(ck_number_parse("1000000000000000", 16, &n), CK_NUMBER_TOO_LONG);
    assert_int_equal(ck_number_parse("0.1234567", 9, &n), CK_NUMBER_TOO_LONG);
    assert_int_equal(N("0.123456").scale, 6);
    const char *bad[] = {"", "-", ".5", "5.", "1e3", "+3", "--3", "3-", "1.2.3", "1,5", " 1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(ck_number_parse(bad[i], strlen(bad[i]), &n), CK_NUMBER_MALFORMED);
}

/* The thresholds of the issue: 9.0 vs 8.99, -12 vs 0, 110 vs 110.0, across scales. */
static void test_compare_exactly(void **state)
{
    (void)state;
    assert_true(ck_number_cmp(N("9.0"), N("8.99")) > 0);
    assert_true(ck_number_cmp(N("8.99"), N("9")) < 0);
    assert_int_equal(ck_number_cmp(N("110"), N("110.000000")), 0);
    assert_true(ck_number_cmp(N("-12"), N("0")) < 0);
    assert_true(ck_number_cmp(N("-0.000001"), N("0")) < 0);
    assert_int_equal(ck_number_cmp(N("-0"), N("0")), 0);
    assert_true(ck_number_cmp(N("999999999999999"), N("999999999.999999")) > 0);
    assert_true(ck_number_cmp(N("-999999999999999"), N("0.000001")) < 0);
    /* 0.1 + 0.2 style trouble cannot arise: 0.3 is 3 tenths exactly */
    assert_int_equal(ck_number_cmp(N("0.3"), N("0.30")), 0);
}

static void test_format_as_written(void **state)
{
    (void)state;
    const char *cases[] = {"9.0", "-12", "0.25", "-0.5", "110", "999999999.999999", "0.000001", "-203"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        ck_number_format(N(cases[i]), buf, sizeof buf);
        assert_string_equal(buf, cases[i]);
    }
    char buf[32];
    ck_number_format(N("007"), buf, sizeof buf);
    assert_string_equal(buf, "7");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_compare_exactly),
        cmocka_unit_test(test_format_as_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
