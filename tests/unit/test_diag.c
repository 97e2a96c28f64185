/* Unit tests for the diagnostics excerpt: carets by display width, long lines cut between characters. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "textutil.h"
#include "width.h"

/* The two lines ck_diag_print_excerpt writes for the span [start, end) of text (one line). */
typedef struct {
    char *out;   /* whole output, owned */
    char *line;  /* the source line as shown, without the two-space indent */
    char *caret; /* the caret line, without the indent */
} excerpt;

static excerpt print_excerpt(const char *text, size_t start, size_t end)
{
    ck_arena *arena = ck_arena_new();
    assert_non_null(arena);
    ck_source *src = ck_source_from_text(arena, "t.yaml", text, strlen(text));
    assert_non_null(src);
    excerpt x = {0};
    size_t size = 0;
    FILE *f = open_memstream(&x.out, &size);
    assert_non_null(f);
    ck_diag_print_excerpt(f, (ck_span){src, (uint32_t)start, (uint32_t)end}, false);
    assert_int_equal(fclose(f), 0);
    ck_arena_free(arena);
    char *nl = strchr(x.out, '\n');
    assert_non_null(nl);
    *nl = '\0';
    char *nl2 = strchr(nl + 1, '\n');
    assert_non_null(nl2);
    *nl2 = '\0';
    assert_string_equal(nl2 + 1, ""); /* nothing after the caret line */
    assert_memory_equal(x.out, "  ", 2);
    assert_memory_equal(nl + 1, "  ", 2);
    x.line = x.out + 2;
    x.caret = nl + 3;
    return x;
}

/* The byte offset in s of the character drawn at display column col (0-based), or -1 past the end. */
static long char_at_column(const char *s, size_t col)
{
    size_t len = strlen(s), at = 0;
    for (size_t i = 0; i < len;) {
        bool valid;
        size_t n = ck_utf8_char_len(s + i, len - i, &valid);
        assert_true(valid);
        unsigned w = ck_width_codepoint(ck_utf8_codepoint(s + i, n));
        if (w > 0 && col < at + w)
            return (long)i;
        at += w;
        i += n;
    }
    return -1;
}

static size_t columns(const char *s)
{
    size_t len = strlen(s), at = 0;
    for (size_t i = 0; i < len;) {
        bool valid;
        size_t n = ck_utf8_char_len(s + i, len - i, &valid);
        at += ck_width_codepoint(ck_utf8_codepoint(s + i, n));
        i += n;
    }
    return at;
}

/* The caret line is spaces, one '^', then '~'s: returns the caret's column and the underline's width. */
static void caret_shape(const char *caret, size_t *col, size_t *width)
{
    size_t i = strspn(caret, " ");
    assert_int_equal(caret[i], '^');
    size_t tildes = strspn(caret + i + 1, "~");
    assert_int_equal(caret[i + 1 + tildes], '\0');
    *col = i;
    *width = 1 + tildes;
}

/* Each case: a line, the text the span covers (its first occurrence), the line as shown if it
 * differs, and where the caret line puts the caret (columns before it) and how wide the underline is. */
static void test_caret_after_wide_and_zero_width(void **state)
{
    (void)state;
    static const struct {
        const char *line, *span, *shown;
        size_t col, width;
    } cases[] = {
        /* 20 + five CJK characters of two columns + 18 */
        {"contract: { title: \"云服务协议\", last_assessed: 2026-13-01 }", "2026-13-01", NULL, 20 + 10 + 18, 10},
        /* a wide value is underlined over both its columns */
        {"profile: { importance: 高 }", "高", NULL, 23, 2},
        /* 7 + emoji (2) + " Cafe" and a combining accent (5 + 0) + " " + woman, joiner, laptop (2 + 0 + 2) + "\" " */
        {"name: \"😀 Cafe\xCC\x81 👩\xE2\x80\x8D💻\" x", "x", NULL, 7 + 2 + 5 + 1 + 4 + 2, 1},
        /* a span on a zero-width character still shows a caret */
        {"a\xE2\x80\x8B" "b", "\xE2\x80\x8B", NULL, 1, 1},
        /* a letter and its combining mark: one column */
        {"x = e\xCC\x81!", "e\xCC\x81", NULL, 4, 1},
        /* a tab is four columns, as the line shows it */
        {"\tk: 高", "高", "    k: 高", 4 + 3, 2},
        /* a C1 control character is shown as '?', one column */
        {"a\xC2\x9B" "b", "b", "a?b", 2, 1},
        /* fullwidth letters and a Hangul syllable written as three jamo (2 + 0 + 0) */
        {"ＡＢ \xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8 z", "z", NULL, 4 + 1 + 2 + 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *at = strstr(cases[i].line, cases[i].span);
        assert_non_null(at);
        size_t s = (size_t)(at - cases[i].line);
        excerpt x = print_excerpt(cases[i].line, s, s + strlen(cases[i].span));
        assert_string_equal(x.line, cases[i].shown ? cases[i].shown : cases[i].line);
        size_t col, width;
        caret_shape(x.caret, &col, &width);
        if (col != cases[i].col || width != cases[i].width)
            fail_msg("case %zu (%s): caret at column %zu, %zu wide; expected %zu, %zu wide", i, cases[i].line, col,
                     width, cases[i].col, cases[i].width);
        free(x.out);
    }
}

/* A long line of CJK text with an ASCII marker: the window is cut between characters, is at most
 * 100 columns wide, and the caret stands under the marker. */
static void check_long_line(const char *unit, size_t before, size_t after, const char *marker)
{
    size_t ul = strlen(unit), ml = strlen(marker);
    char *text = malloc(ul * (before + after) + ml + 1);
    assert_non_null(text);
    char *p = text;
    for (size_t i = 0; i < before; i++, p += ul)
        memcpy(p, unit, ul);
    memcpy(p, marker, ml);
    size_t s = (size_t)(p - text);
    p += ml;
    for (size_t i = 0; i < after; i++, p += ul)
        memcpy(p, unit, ul);
    *p = '\0';

    excerpt x = print_excerpt(text, s, s + ml);
    assert_true(ck_utf8_valid(x.line, strlen(x.line)));
    size_t shown = strlen(x.line);
    bool left = strncmp(x.line, "...", 3) == 0;
    bool right = shown >= 3 && strcmp(x.line + shown - 3, "...") == 0;
    assert_true(left || right);
    /* between the dots: a piece of the line, valid UTF-8, so both cuts fell between characters */
    const char *body = x.line + (left ? 3 : 0);
    size_t body_len = shown - (left ? 3 : 0) - (right ? 3 : 0);
    assert_true(ck_utf8_valid(body, body_len));
    const char *piece = memmem(text, strlen(text), body, body_len);
    assert_non_null(piece);
    assert_int_equal(left, piece > text);
    assert_int_equal(right, piece + body_len < text + strlen(text));
    char *inner = strndup(body, body_len);
    assert_non_null(inner);
    assert_true(columns(inner) <= 100);
    if (right) /* one column may stay empty where a wide character did not fit */
        assert_true(columns(inner) >= 99);
    /* the caret is under the marker, as drawn */
    size_t col, width;
    caret_shape(x.caret, &col, &width);
    long under = char_at_column(x.line, col);
    assert_true(under >= 0);
    assert_memory_equal(x.line + under, marker, ml);
    assert_int_equal(width, columns(marker));
    free(inner);
    free(x.out);
    free(text);
}

static void test_long_line_cut_on_characters(void **state)
{
    (void)state;
    check_long_line("云", 150, 100, "X");   /* cut on both sides */
    check_long_line("云", 10, 200, "X");    /* only on the right */
    check_long_line("云", 200, 3, "X");     /* only on the left */
    check_long_line("a云", 120, 120, "高"); /* odd widths: a wide character may not fit at an edge */
    check_long_line("é", 300, 300, "X");    /* two bytes, one column: the cut is by columns, not bytes */
    check_long_line("😀", 99, 99, "!");      /* four bytes, two columns */
}

/* A letter and its combining marks stay together at both cuts: no mark is shown without its letter. */
static void test_long_line_keeps_marks_with_letters(void **state)
{
    (void)state;
    const char *unit = "e\xCC\x81\xCC\x82"; /* e, combining acute, combining circumflex */
    for (size_t before = 60; before < 64; before++) {
        char text[4096];
        size_t at = 0;
        for (size_t i = 0; i < before; i++, at += strlen(unit))
            memcpy(text + at, unit, strlen(unit));
        size_t s = at;
        text[at++] = 'X';
        for (size_t i = 0; i < 150; i++, at += strlen(unit))
            memcpy(text + at, unit, strlen(unit));
        text[at] = '\0';
        excerpt x = print_excerpt(text, s, s + 1);
        size_t shown = strlen(x.line);
        assert_memory_equal(x.line, "...e\xCC\x81\xCC\x82", 3 + strlen(unit));
        assert_true(shown > 3 + strlen(unit));
        assert_string_equal(x.line + shown - 3 - strlen(unit), "e\xCC\x81\xCC\x82...");
        size_t col, width;
        caret_shape(x.caret, &col, &width);
        assert_int_equal(x.line[char_at_column(x.line, col)], 'X');
        free(x.out);
    }
}

/* ASCII lines keep the window they always had: 50 columns before the span, 100 in all. */
static void test_long_ascii_line_window(void **state)
{
    (void)state;
    char text[301];
    for (int i = 0; i < 300; i++)
        text[i] = (char)('a' + i % 26);
    text[300] = '\0';
    excerpt x = print_excerpt(text, 200, 203);
    assert_int_equal(strlen(x.line), 3 + 100 + 3);
    assert_memory_equal(x.line + 3, text + 150, 100);
    assert_string_equal(x.caret, "                                                     ^~~");
    free(x.out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caret_after_wide_and_zero_width),
        cmocka_unit_test(test_long_line_cut_on_characters),
        cmocka_unit_test(test_long_line_keeps_marks_with_letters),
        cmocka_unit_test(test_long_ascii_line_window),
    };
    return cmocka_run_group_tests_name("diag excerpt", tests, NULL, NULL);
}
