/* Unit tests for HTML escaping and --link-base checking: what every record string passes through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html.h"

/* ck_html_text_n into a string (static buffer, one call at a time). */
static const char *escaped(const char *s, size_t len)
{
    static char buf[1024];
    FILE *m = fmemopen(buf, sizeof buf, "w");
    assert_non_null(m);
    ck_html_text_n(m, s, len);
    fclose(m);
    return buf;
}
#define ESC(lit) escaped((lit), sizeof(lit) - 1)

static void test_markup_escaped(void **state)
{
    (void)state;
    assert_string_equal(ESC("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assert_string_equal(ESC("\"><img src=x onerror=1>"), "&quot;&gt;&lt;img src=x onerror=1&gt;");
    assert_string_equal(ESC("a & b &amp;"), "a &amp; b &amp;amp;");
    assert_string_equal(ESC("Ünïcödé 云 🚀"), "Ünïcödé 云 🚀");
}

static void test_controls_and_broken_utf8(void **state)
{
    (void)state;
    /* the one notation of src/escape.c, as in every format for people */
    assert_string_equal(ESC("a\x01" "b\x7f" "c\td\n"), "a\\x01b\\x7fc\td\n");
    assert_string_equal(ESC("x\xC3(\xFF"), "x\\xc3(\\xff");
    assert_string_equal(ESC("nul\0end"), "nul\\x00end");
}

/* Bidi formatting characters are shown, never obeyed: "evil\u202Egnp.exe" would display as "evilexe.png". */
static void test_bidi_shown(void **state)
{
    (void)state;
    assert_string_equal(ESC("evil\xE2\x80\xAEgnp.exe\xE2\x80\xAC"), "evil\\u202egnp.exe\\u202c");
    assert_string_equal(ESC("\xE2\x81\xA6x\xE2\x81\xA9 \xE2\x80\x8F \xD8\x9C"), "\\u2066x\\u2069 \\u200f \\u061c");
}

static void test_link_base(void **state)
{
    (void)state;
    assert_true(ck_html_link_base_ok("https://git.example/org/repo/blob/main"));
    assert_true(ck_html_link_base_ok("HTTP://intranet:8080/x"));
    assert_false(ck_html_link_base_ok("javascript:alert(1)"));
    assert_false(ck_html_link_base_ok("JavaScript://%0aalert(1)"));
    assert_false(ck_html_link_base_ok("data:text/html,x"));
    assert_false(ck_html_link_base_ok("https://"));
    assert_false(ck_html_link_base_ok("https:///path"));
    assert_false(ck_html_link_base_ok("https://a\"onclick=\"x"));
    assert_false(ck_html_link_base_ok("https://a b"));
    assert_false(ck_html_link_base_ok("//host/path"));
}

static void test_url_path(void **state)
{
    (void)state;
    char buf[256];
    FILE *m = fmemopen(buf, sizeof buf, "w");
    ck_html_url_path(m, "odd dir/\"x\"#?<.yaml");
    fclose(m);
    assert_string_equal(buf, "odd%20dir/%22x%22%23%3F%3C.yaml");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markup_escaped),
        cmocka_unit_test(test_controls_and_broken_utf8),
        cmocka_unit_test(test_bidi_shown),
        cmocka_unit_test(test_link_base),
        cmocka_unit_test(test_url_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
