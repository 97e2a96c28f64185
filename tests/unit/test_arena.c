/* Unit tests for the region allocator: alignment, zeroing, and rewinding without returning memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

static void allocations_are_zeroed_and_aligned(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    for (size_t n = 1; n < 300; n += 7) {
        unsigned char *p = ck_arena_alloc(a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, n);
    }
    ck_arena_free(a);
}

/* Rewinding gives back what came after the mark, keeps what came before, and the next record's
 * allocations reuse the same memory. */
static void rewind_keeps_earlier_objects_and_reuses_memory(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    char *kept = ck_arena_strdup(a, "policy data");
    ck_arena_mark m = ck_arena_mark_get(a);
    char *first = ck_arena_alloc(a, 100);
    for (int i = 0; i < 50; i++)
        assert_non_null(ck_arena_alloc(a, 5000));   /* several standard blocks */
    assert_non_null(ck_arena_alloc(a, 1 << 20));   /* a one-off big block */
    size_t high = ck_arena_capacity(a);
    for (int round = 0; round < 20; round++) {
        ck_arena_rewind(a, m);
        assert_string_equal(kept, "policy data");
        char *again = ck_arena_alloc(a, 100);
        assert_ptr_equal(again, first);
        for (int i = 0; i < 50; i++)
            assert_non_null(ck_arena_alloc(a, 5000));
        assert_non_null(ck_arena_alloc(a, 1 << 20));
        /* flat: a cycle does not grow the arena */
        assert_true(ck_arena_capacity(a) <= high);
    }
    ck_arena_free(a);
}

static void reset_empties_and_memory_is_zeroed_again(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    unsigned char *p = ck_arena_alloc(a, 64);
    memset(p, 0xFF, 64);
    ck_arena_reset(a);
    unsigned char *q = ck_arena_alloc(a, 64);
    for (int i = 0; i < 64; i++)
        assert_int_equal(q[i], 0);
    ck_arena_reset(a);
    ck_arena_reset(a); /* twice is harmless */
    assert_non_null(ck_arena_alloc(a, 1));
    ck_arena_free(a);
}

static void printf_fits_or_grows(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    char *first = ck_arena_printf(a, "%s %d", "tier", 3); /* into an empty arena */
    assert_string_equal(first, "tier 3");
    char big[100000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    for (int i = 0; i < 300; i++) {
        char *s = ck_arena_printf(a, "%d:%s", i, i % 100 == 0 ? big : "short");
        assert_non_null(s);
        assert_int_equal(strlen(s), strlen(i % 100 == 0 ? big : "short") + (size_t)snprintf(NULL, 0, "%d:", i));
        assert_int_equal((uintptr_t)s % _Alignof(max_align_t), 0);
    }
    assert_string_equal(first, "tier 3"); /* earlier strings untouched */
    ck_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(allocations_are_zeroed_and_aligned),
        cmocka_unit_test(rewind_keeps_earlier_objects_and_reuses_memory),
        cmocka_unit_test(reset_empties_and_memory_is_zeroed_again),
        cmocka_unit_test(printf_fits_or_grows),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
