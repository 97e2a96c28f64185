/* Unit tests for width: display columns of code points, checked by hand and against glibc's wcwidth. */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "width.h"

static void test_width_known(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        unsigned width;
        const char *what;
    } cases[] = {
        {'a', 1, "ASCII letter"},
        {' ', 1, "space"},
        {0x00E9, 1, "e with acute, precomposed"},
        {0x00AD, 1, "soft hyphen: a format character, but drawn"},
        {0x0301, 0, "combining acute accent"},
        {0x20DD, 0, "combining enclosing circle (Me)"},
        {0x200B, 0, "zero-width space"},
        {0x200C, 0, "zero-width non-joiner"},
        {0x200D, 0, "zero-width joiner"},
        {0xFEFF, 0, "byte-order mark / zero-width no-break space"},
        {0xFE0F, 0, "variation selector 16 (emoji presentation)"},
        {0x0600, 1, "Arabic number sign: prepended concatenation mark, drawn"},
        {0x1100, 2, "Hangul leading consonant"},
        {0x1160, 0, "Hangul vowel: joins the syllable before"},
        {0x11A8, 0, "Hangul final consonant"},
        {0xAC00, 2, "Hangul syllable"},
        {0x4E91, 2, "CJK ideograph (yun)"},
        {0x9AD8, 2, "CJK ideograph (gao)"},
        {0x3000, 2, "ideographic space"},
        {0x3042, 2, "hiragana a"},
        {0xFF01, 2, "fullwidth exclamation mark (F)"},
        {0xFF61, 1, "halfwidth ideographic full stop (H)"},
        {0x1F600, 2, "grinning face emoji"},
        {0x1F469, 2, "woman emoji"},
        {0x2764, 1, "heavy black heart: text presentation by default"},
        {0x3248, 2, "circled number on black square (A, wide as in glibc)"},
        {0x4DC0, 2, "Yijing hexagram (wide as in glibc)"},
        {0x20000, 2, "CJK extension B"},
        {0x2FFFD, 2, "unassigned in plane 2: defaults to wide"},
        {0xE000, 1, "private use"},
        {0x0410, 1, "Cyrillic A"},
        {0x05D0, 1, "Hebrew alef"},
        {0x10FFFF, 1, "last code point"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned got = ck_width_codepoint(cases[i].cp);
        if (got != cases[i].width)
            fail_msg("U+%04X (%s): width %u, expected %u", (unsigned)cases[i].cp, cases[i].what, got, cases[i].width);
    }
}

static void test_width_only_0_1_2(void **state)
{
    (void)state;
    size_t count[3] = {0};
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        unsigned w = ck_width_codepoint(cp);
        assert_true(w <= 2);
        count[w]++;
    }
    /* Unicode 15 has about 2,500 zero-width and 190,000 wide code points (planes 2 and 3 alone
     * are 131,068): a table that lost a file or a rule is far off these bounds. */
    assert_in_range(count[0], 2000, 4000);
    assert_in_range(count[2], 170000, 200000);
}

/*
 * The table is built by the rules glibc uses for wcwidth(), so wherever this machine's glibc knows
 * a code point (its Unicode version may be older than the table's: it says -1 for what it does
 * not know), both must agree. Skipped where no C.UTF-8 locale is installed. The locale is set for
 * this thread only.
 */
static void test_width_matches_glibc(void **state)
{
    (void)state;
    locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!utf8) {
        print_message("no C.UTF-8 locale: glibc comparison skipped\n");
        skip();
    }
    locale_t old = uselocale(utf8);
    size_t compared = 0, differ = 0;
    char first[160] = "";
    for (uint32_t cp = 0x20; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        int g = wcwidth((wchar_t)cp);
        if (g < 0)
            continue;
        compared++;
        if ((unsigned)g != ck_width_codepoint(cp) && differ++ == 0)
            snprintf(first, sizeof first, "U+%04X: glibc %d, table %u", (unsigned)cp, g, ck_width_codepoint(cp));
    }
    uselocale(old);
    freelocale(utf8);
    if (differ)
        fail_msg("%zu of %zu code points differ from glibc, first %s", differ, compared, first);
    assert_true(compared > 250000);
}

static void test_width_version(void **state)
{
    (void)state;
    const char *v = ck_width_unicode_version();
    assert_non_null(v);
    assert_true(v[0] >= '1' && v[0] <= '9' && strchr(v, '.'));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width_known),
        cmocka_unit_test(test_width_only_0_1_2),
        cmocka_unit_test(test_width_matches_glibc),
        cmocka_unit_test(test_width_version),
    };
    return cmocka_run_group_tests_name("width", tests, NULL, NULL);
}
