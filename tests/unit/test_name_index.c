/* Unit tests for the name index behind every policy name lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "arena.h"
#include "name_index.h"

static void test_unbuilt_index_finds_nothing(void **state)
{
    (void)state;
    ck_name_index ix = {0};
    assert_false(ck_name_index_built(&ix));
    assert_int_equal(ck_name_index_find(&ix, "anything"), -1);
    ck_name_index_put(&ix, "ignored", 3); /* must not crash on an unbuilt index */
    assert_int_equal(ck_name_index_find(&ix, "ignored"), -1);
}

static void test_empty_index(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    ck_name_index ix;
    assert_int_equal(ck_name_index_init(&ix, a, 0), 0);
    assert_true(ck_name_index_built(&ix));
    assert_int_equal(ck_name_index_find(&ix, ""), -1);
    ck_arena_free(a);
}

/* Fill to the declared size, so every probe chain is exercised, and look each name up again. */
static void test_full_index(void **state)
{
    (void)state;
    enum { N = 5000 };
    ck_arena *a = ck_arena_new();
    ck_name_index ix;
    assert_int_equal(ck_name_index_init(&ix, a, N), 0);
    char *names[N];
    for (int i = 0; i < N; i++) {
        names[i] = ck_arena_printf(a, "clause-%d", i);
        assert_int_equal(ck_name_index_find(&ix, names[i]), -1);
        ck_name_index_put(&ix, names[i], i);
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(ck_name_index_find(&ix, names[i]), i);
    /* a key equal in content but another pointer is found too */
    assert_int_equal(ck_name_index_find(&ix, "clause-4999"), 4999);
    assert_int_equal(ck_name_index_find(&ix, "clause-5000"), -1);
    assert_int_equal(ck_name_index_find(&ix, "clause-"), -1);
    assert_int_equal(ck_name_index_find(&ix, ""), -1);
    ck_arena_free(a);
}

static void test_absurd_size_fails_cleanly(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    ck_name_index ix;
    assert_int_equal(ck_name_index_init(&ix, a, SIZE_MAX / 2), -1);
    assert_false(ck_name_index_built(&ix));
    ck_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unbuilt_index_finds_nothing),
        cmocka_unit_test(test_empty_index),
        cmocka_unit_test(test_full_index),
        cmocka_unit_test(test_absurd_size_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
