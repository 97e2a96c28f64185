/* Unit tests for strfmt: ck_snprintf writes and returns exactly what snprintf does, at every buffer size. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "strfmt.h"

/* Both formatters into buffers of every size from 0 to the text's length + 2, over a guard byte
 * pattern: the same returned length, the same bytes written, nothing written past size. */
#define SAME(...)                                                                                          \
    do {                                                                                                   \
        char want[512], got[512];                                                                          \
        int need = snprintf(NULL, 0, __VA_ARGS__);                                                         \
        assert_true(need >= 0 && need < 500);                                                              \
        for (size_t size = 0; size <= (size_t)need + 2; size++) {                                          \
            memset(want, '#', sizeof want);                                                                \
            memset(got, '#', sizeof got);                                                                  \
            int w = snprintf(size ? want : NULL, size, __VA_ARGS__);                                       \
            int g = ck_snprintf(size ? got : NULL, size, __VA_ARGS__);                                     \
            assert_int_equal(g, w);                                                                        \
            assert_memory_equal(got, want, sizeof want);                                                   \
        }                                                                                                  \
    } while (0)

static void test_handled_conversions(void **state)
{
    (void)state;
    SAME("plain words, no conversion");
    SAME("%s", "");
    SAME("%s %s: %s", "subprocessor", "sub-4", "clause incident-notification with notify_within at most 24h");
    SAME("%.*s|%.*s|%.*s", 3, "abcdef", 0, "abc", -1, "whole");
    SAME("%.*s", 10, "short");
    SAME("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
    SAME("%u %u", 0u, UINT_MAX);
    SAME("%zu items, %zu", (size_t)0, SIZE_MAX);
    SAME("%lld %lld %lld %llu", 0LL, LLONG_MIN, LLONG_MAX, ULLONG_MAX);
    SAME("100%% sure, %c%c", 'o', 'k');
    SAME("%s%c%s%c%zu", "a", 0, "b", 0, (size_t)7); /* NUL bytes inside, as fingerprints use */
    SAME("trailing %s", "caf\xc3\xa9");
}

static void test_other_conversions_fall_back(void **state)
{
    (void)state;
    SAME("%5s|%-5s|%.3s", "ab", "cd", "efghij");
    SAME("%02x %x %o %ld %lu", 10u, 255u, 8u, -5L, 5UL);
    SAME("%s then %5d", "handled", 42);
    SAME("%0*llu", 4, 7ULL);
    SAME("%f", 1.5);
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    SAME("%s and %d", big, -3);
}

/* A NULL string is vsnprintf's to print ("(null)" in glibc): not a crash, not a different text. */
static void test_null_string(void **state)
{
    (void)state;
    const char *none = NULL;
    char want[32], got[32];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat"
    int w = snprintf(want, sizeof want, "[%s]", none);
    int g = ck_snprintf(got, sizeof got, "[%s]", none);
#pragma GCC diagnostic pop
    assert_int_equal(g, w);
    assert_string_equal(got, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handled_conversions),
        cmocka_unit_test(test_other_conversions_fall_back),
        cmocka_unit_test(test_null_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
