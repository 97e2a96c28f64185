/* Unit tests for escape: untrusted text in text, Markdown, GitHub and XML output (JSON: test_textutil). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

typedef enum { TEXT, MARKDOWN, GITHUB_MESSAGE, GITHUB_PROPERTY, XML } format;

static void check(format fmt, const char *in, const char *want)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    switch (fmt) {
    case TEXT: ck_esc_text(f, in); break;
    case MARKDOWN: ck_esc_markdown(f, in); break;
    case GITHUB_MESSAGE: ck_esc_github(f, in, false); break;
    case GITHUB_PROPERTY: ck_esc_github(f, in, true); break;
    case XML: ck_esc_xml(f, in); break;
    }
    assert_int_equal(fclose(f), 0);
    if (strcmp(buf, want) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "format %d: got \"%s\", want \"%s\"", (int)fmt, buf, want);
        free(buf);
        fail_msg("%s", msg);
    }
    free(buf);
}

static void test_text(void **state)
{
    (void)state;
    check(TEXT, "plain caf\xc3\xa9 \xe2\x82\xac", "plain caf\xc3\xa9 \xe2\x82\xac");
    check(TEXT, "a\x1b[31mred", "a\\x1b[31mred");
    check(TEXT, "one\ntwo\rthree", "one\\ntwo\\rthree"); /* a newline would forge a line */
    check(TEXT, "tab\tkept", "tab\tkept");
    check(TEXT, "\x7f\x07", "\\x7f\\x07");
    check(TEXT, "\xc2\x9b" "2J", "\\u009b2J"); /* C1 CSI: some terminals obey it */
    check(TEXT, "evil\xe2\x80\xae" "fdp.exe", "evil\\u202efdp.exe");
    check(TEXT, "\xe2\x80\xaa\xe2\x80\xad\xe2\x81\xa6\xe2\x81\xa9", "\\u202a\\u202d\\u2066\\u2069");
    check(TEXT, "\xe2\x80\xa9\xef\xbf\xbf", "\\u2029\\uffff");
    check(TEXT, "bad\xff\xfe" "byte", "bad\\xff\\xfebyte");
    check(TEXT, "\xe2\x82", "\\xe2\\x82"); /* a truncated sequence, byte by byte */
    check(TEXT, "\xe2\x80\xab", "\\u202b");
    check(TEXT, "\xe2\x80\xaf", "\xe2\x80\xaf"); /* U+202F, narrow no-break space: ordinary */
    check(TEXT, "back\\slash", "back\\slash");
}

static void test_markdown(void **state)
{
    (void)state;
    check(MARKDOWN, "*bold* [link](x) <b>|</b>", "\\*bold\\* \\[link\\](x) \\<b\\>\\|\\</b\\>");
    check(MARKDOWN, "&#x202e; ~~x~~ # h", "\\&\\#x202e; \\~\\~x\\~\\~ \\# h");
    check(MARKDOWN, "Art. 23(4)", "Art. 23(4)"); /* no '[', no link: parentheses stay readable */
    check(MARKDOWN, "a\x1b" "b\nc", "a\\x1bb\\nc");
    check(MARKDOWN, "r\xe2\x80\xaeL", "r\\u202eL");
}

static void test_markdown_code(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    ck_esc_markdown_code(f, "a`b\x1b*c");
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, "a'b\\x1b*c");
    free(buf);
}

static void test_github(void **state)
{
    (void)state;
    check(GITHUB_MESSAGE, "100% a:b,c\nnext", "100%25 a:b,c%0Anext");
    check(GITHUB_PROPERTY, "a:b,c%", "a%3Ab%2Cc%25");
    check(GITHUB_PROPERTY, "x\r\n::error::forged", "x%0D%0A%3A%3Aerror%3A%3Aforged");
    check(GITHUB_MESSAGE, "\x1b]8;;\xe2\x80\xae", "\\x1b]8;;\\u202e");
    check(GITHUB_MESSAGE, "\xff", "\\xff");
}

static void test_xml(void **state)
{
    (void)state;
    check(XML, "<a href=\"x\">&'</a>", "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    check(XML, "t\tn\nr\r", "t&#9;n&#10;r&#13;");
    check(XML, "\x01\x1b", "\\x01\\x1b"); /* XML 1.0 cannot carry these even as references */
    check(XML, "a\xff" "b\xc0\x80", "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
    check(XML, "\xef\xbf\xbe\xef\xbf\xbf", "\\ufffe\\uffff");
    check(XML, "\xe2\x80\xae", "\\u202e");
    check(XML, "caf\xc3\xa9", "caf\xc3\xa9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_markdown_code),
        cmocka_unit_test(test_github),
        cmocka_unit_test(test_xml),
    };
    return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
