/* Unit tests for unified diffs: applied to the old text, every diff gives the new one exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "udiff.h"

/* Applies a unified diff to old as patch would, checking every context and removed line and
 * every hunk's counts against old; the result is malloc'd. */
static char *apply(const char *diff, const char *old)
{
    size_t cap = strlen(old) + strlen(diff) + 1, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    const char *o = old; /* the next line of old */
    const char *d = strchr(diff, '\n') + 1;
    d = strchr(d, '\n') + 1; /* past "--- " and "+++ " */
    unsigned next_old = 1;
    while (*d) {
        unsigned os, oc = 1, ns, nc = 1;
        assert_true(strncmp(d, "@@ -", 4) == 0);
        int got = sscanf(d, "@@ -%u,%u", &os, &oc);
        assert_true(got >= 1);
        const char *plus = strchr(d, '+');
        got = sscanf(plus, "+%u,%u", &ns, &nc);
        assert_true(got >= 1);
        if (oc == 0)
            os++; /* "-0,0" and "-3,0": the hunk goes after that line */
        for (; next_old < os; next_old++) { /* lines before the hunk, unchanged */
            const char *e = strchr(o, '\n');
            size_t l = e ? (size_t)(e - o) + 1 : strlen(o);
            memcpy(out + len, o, l), len += l, o += l;
        }
        d = strchr(d, '\n') + 1;
        unsigned seen_old = 0, seen_new = 0;
        bool last_was_old = false;
        while (*d && *d != '@') {
            const char *e = strchr(d, '\n');
            size_t l = (size_t)(e - d) - 1; /* the line without its mark and newline */
            if (*d == '\\') { /* the line before ends without a newline */
                if (last_was_old)
                    assert_true(*o == '\0' || o[-1] != '\n');
                else
                    len--;
                d = e + 1;
                continue;
            }
            if (*d == ' ' || *d == '-') {
                assert_memory_equal(o, d + 1, l);
                o += l;
                if (*o == '\n')
                    o++;
                seen_old++, next_old++;
            }
            if (*d == ' ' || *d == '+') {
                memcpy(out + len, d + 1, l), len += l;
                out[len++] = '\n';
                seen_new++;
            }
            last_was_old = *d == '-';
            d = e + 1;
        }
        assert_int_equal(seen_old, oc);
        assert_int_equal(seen_new, nc);
    }
    size_t rest = strlen(o);
    memcpy(out + len, o, rest), len += rest;
    out[len] = '\0';
    return out;
}

static char *diff_of(const char *a, const char *b)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    assert_int_equal(ck_udiff_write(f, "a", a, strlen(a), "b", b, strlen(b)), 0);
    fclose(f);
    return buf;
}

static void round_trip(const char *a, const char *b)
{
    char *d = diff_of(a, b);
    char *got = apply(d, a);
    if (strcmp(got, b) != 0)
        fail_msg("diff of\n%s\nto\n%s\nis\n%s\nwhich gives\n%s", a, b, d, got);
    free(got);
    free(d);
}

static void test_edges(void **state)
{
    (void)state;
    round_trip("", "");
    round_trip("", "x\n");
    round_trip("x\n", "");
    round_trip("x", "x\n");
    round_trip("x\n", "x");
    round_trip("a\nb\nc\n", "a\nb\nc\n");
    round_trip("a\nb\nc", "a\nB\nc");
    char *d = diff_of("same\n", "same\n");
    assert_string_equal(d, "--- a\n+++ b\n");
    free(d);
}

static void test_hunk_shape(void **state)
{
    (void)state;
    char *d = diff_of("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n",
                      "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n14\nfifteen\n16\n");
    assert_string_equal(d, "--- a\n+++ b\n"
                           "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
                           "@@ -12,5 +12,5 @@\n 12\n 13\n 14\n-15\n+fifteen\n 16\n");
    free(d);
    d = diff_of("a\n", "a\nb");
    assert_string_equal(d, "--- a\n+++ b\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n");
    free(d);
}

/* Random texts over four lines, with and without a final newline: each diff applies exactly. */
static void test_random(void **state)
{
    (void)state;
    srand(14);
    static const char *const words[] = {"alpha", "beta", "gamma", "delta"};
    char a[512], b[512];
    for (int iter = 0; iter < 3000; iter++) {
        char *t[2] = {a, b};
        for (int k = 0; k < 2; k++) {
            size_t at = 0;
            int n = rand() % 30;
            for (int i = 0; i < n; i++)
                at += (size_t)sprintf(t[k] + at, "%s\n", words[rand() % 4]);
            if (at && rand() % 4 == 0)
                at--; /* no final newline */
            t[k][at] = '\0';
        }
        round_trip(a, b);
    }
}

/* Past the edit limit the middle is replaced whole: longer, still exact. */
static void test_very_different(void **state)
{
    (void)state;
    size_t n = 5000;
    char *a = malloc(n * 12), *b = malloc(n * 12);
    assert_non_null(a);
    assert_non_null(b);
    size_t la = 0, lb = 0;
    for (size_t i = 0; i < n; i++) {
        la += (size_t)sprintf(a + la, "a%zu\n", i);
        lb += (size_t)sprintf(b + lb, "b%zu\n", i);
    }
    round_trip(a, b);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_hunk_shape),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_very_different),
    };
    return cmocka_run_group_tests_name("udiff", tests, NULL, NULL);
}
