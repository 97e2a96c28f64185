/* Unit tests for textutil and JSON strings: edit distance, "did you mean", UTF-8 validation and trimming. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "textutil.h"

/* The textbook full-matrix Levenshtein, to check the capped one-row version against. */
static size_t reference_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *m = malloc((la + 1) * (lb + 1) * sizeof *m);
    assert_non_null(m);
    for (size_t i = 0; i <= la; i++)
        for (size_t j = 0; j <= lb; j++) {
            size_t v;
            if (i == 0)
                v = j;
            else if (j == 0)
                v = i;
            else {
                v = m[(i - 1) * (lb + 1) + j - 1] + (a[i - 1] != b[j - 1]);
                if (m[(i - 1) * (lb + 1) + j] + 1 < v)
                    v = m[(i - 1) * (lb + 1) + j] + 1;
                if (m[i * (lb + 1) + j - 1] + 1 < v)
                    v = m[i * (lb + 1) + j - 1] + 1;
            }
            m[i * (lb + 1) + j] = v;
        }
    size_t d = m[la * (lb + 1) + lb];
    free(m);
    return d;
}

/* Deterministic, so a failure reproduces. */
static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_edit_distance_known(void **state)
{
    (void)state;
    assert_int_equal(ck_edit_distance("kitten", "sitting", 10), 3);
    assert_int_equal(ck_edit_distance("sitting", "kitten", 10), 3);
    assert_int_equal(ck_edit_distance("flaw", "lawn", 10), 2);
    assert_int_equal(ck_edit_distance("", "", 0), 0);
    assert_int_equal(ck_edit_distance("", "abc", 5), 3);
    assert_int_equal(ck_edit_distance("abc", "", 5), 3);
    assert_int_equal(ck_edit_distance("abc", "abc", 0), 0);
    assert_int_equal(ck_edit_distance("ab", "ba", 5), 2); /* no transpositions */
    assert_int_equal(ck_edit_distance("tier", "tiers", 5), 1);
    assert_int_equal(ck_edit_distance("Tier", "tier", 5), 1); /* bytes, case-sensitive */
    assert_int_equal(ck_edit_distance("caf\xc3\xa9", "cafe", 5), 2); /* bytes, not characters */
}

static void test_edit_distance_cap(void **state)
{
    (void)state;
    assert_int_equal(ck_edit_distance("kitten", "sitting", 3), 3);
    assert_int_equal(ck_edit_distance("kitten", "sitting", 2), 3);
    assert_int_equal(ck_edit_distance("kitten", "sitting", 1), 2);
    assert_int_equal(ck_edit_distance("kitten", "sitting", 0), 1);
    assert_int_equal(ck_edit_distance("a", "abcdef", 2), 3); /* length gap alone exceeds the cap */
    assert_int_equal(ck_edit_distance("abcdef", "a", 2), 3);
    assert_int_equal(ck_edit_distance("kitten", "sitting", SIZE_MAX), 3);
    assert_int_equal(ck_edit_distance("", "abc", SIZE_MAX), 3);
}

static void test_edit_distance_long_strings(void **state)
{
    (void)state;
    /* Past 64 bytes the row comes from the heap; valgrind checks it is freed on every path. */
    char *a = repeat('a', 200), *b = repeat('a', 200), *c = repeat('a', 300), *z = repeat('z', 65);
    b[100] = 'b';
    assert_int_equal(ck_edit_distance(a, b, 5), 1);
    assert_int_equal(ck_edit_distance(a, c, 500), 100);
    assert_int_equal(ck_edit_distance(c, a, 500), 100);
    assert_int_equal(ck_edit_distance(a, c, 99), 100); /* gap check, before any allocation */
    assert_int_equal(ck_edit_distance(z, c + 235, 3), 4); /* 65 vs 65: early exit after the heap row */
    assert_int_equal(ck_edit_distance(z, c + 235, 100), 65);
    assert_int_equal(ck_edit_distance(z, "zz", 100), 63); /* long a, short b: the row stays small */
    free(a);
    free(b);
    free(c);
    free(z);
}

static void test_edit_distance_matches_reference(void **state)
{
    (void)state;
    char a[100], b[100];
    for (int round = 0; round < 3000; round++) {
        /* A small alphabet makes near matches common, so the cap matters. */
        size_t la = rng() % (round < 2000 ? 12 : 90), lb = rng() % (round < 2000 ? 12 : 90);
        for (size_t i = 0; i < la; i++)
            a[i] = (char)('a' + rng() % 3);
        for (size_t i = 0; i < lb; i++)
            b[i] = (char)('a' + rng() % 3);
        a[la] = b[lb] = '\0';
        size_t want = reference_distance(a, b);
        size_t cap = rng() % 12;
        size_t got = ck_edit_distance(a, b, cap);
        if (got != (want <= cap ? want : cap + 1))
            fail_msg("distance('%s', '%s', cap %zu) = %zu, reference %zu", a, b, cap, got, want);
        assert_int_equal(ck_edit_distance(a, b, SIZE_MAX), want);
    }
}

static void test_closest_transposition(void **state)
{
    (void)state;
    const char *const names[] = {"name", "id", "high", "critical"};
    assert_string_equal(ck_closest("nmae", names, 4), "name");
    assert_string_equal(ck_closest("hihg", names, 4), "high");
    assert_string_equal(ck_closest("ciritcal", names, 4), "critical");
    assert_string_equal(ck_closest("di", names, 4), "id");
    assert_null(ck_closest("nmea", names, 4)); /* two swaps are not one */
}

static void test_closest(void **state)
{
    (void)state;
    const char *const names[] = {"tier", "tiers", "importance", "data_shared", "cloud"};
    size_t n = sizeof names / sizeof *names;
    assert_ptr_equal(ck_closest("imprtance", names, n), names[2]);
    assert_ptr_equal(ck_closest("data_shard", names, n), names[3]);
    assert_ptr_equal(ck_closest("tierz", names, n), names[0]); /* tie at 1 with "tiers": the first wins */
    assert_ptr_equal(ck_closest("tiers", names, n), names[1]); /* an exact match beats an earlier near one */
    assert_ptr_equal(ck_closest("clod", names, n), names[4]);
    assert_null(ck_closest("xyz", names, n));
    assert_null(ck_closest("supplier", names, n));
    assert_null(ck_closest("tier", names, 0));
    assert_null(ck_closest("tier", NULL, 3));
    assert_null(ck_closest(NULL, names, n));
}

static void test_closest_threshold(void **state)
{
    (void)state;
    /* The allowance is max(1, strlen / 3): short names still get one edit. */
    const char *const one[] = {"b"};
    assert_ptr_equal(ck_closest("a", one, 1), one[0]);
    const char *const two[] = {"cd"};
    assert_null(ck_closest("ab", two, 1));
    const char *const six[] = {"axyzef", "abcxyf"};
    assert_ptr_equal(ck_closest("abcdef", six, 2), six[1]); /* 2 edits allowed, "axyzef" needs 3 */
    assert_null(ck_closest("abcdef", six, 1));
    const char *const nine[] = {"abcxyzghi"};
    assert_ptr_equal(ck_closest("abcdefghi", nine, 1), nine[0]); /* 3 edits allowed */
    const char *const holes[] = {NULL, "tier", NULL};
    assert_ptr_equal(ck_closest("tie", holes, 3), holes[1]);
    /* A closer candidate later in the list replaces an earlier one. */
    const char *const better[] = {"abcdxx", "abcdex", "abcdef"};
    assert_ptr_equal(ck_closest("abcdeg", better, 3), better[1]);
}

/* The block scans: one odd byte at any place in a long line (in a 32-byte block, across two, in
 * the tail) is found, by the ASCII checks and by UTF-8 validation. */
static void test_long_lines_any_position(void **state)
{
    (void)state;
    char line[100];
    for (size_t len = 1; len <= sizeof line; len++) {
        memset(line, 'a', sizeof line);
        assert_true(ck_ascii_only(line, len));
        assert_true(ck_ascii_printable(line, len));
        assert_true(ck_utf8_valid(line, len));
        for (size_t at = 0; at < len; at++) {
            line[at] = '\t';
            assert_true(ck_ascii_only(line, len));
            assert_false(ck_ascii_printable(line, len));
            line[at] = '\x7f';
            assert_false(ck_ascii_printable(line, len));
            line[at] = '\xff'; /* never valid in UTF-8 */
            assert_false(ck_ascii_only(line, len));
            assert_false(ck_ascii_printable(line, len));
            assert_false(ck_utf8_valid(line, len));
            if (at + 1 < len) {
                memcpy(line + at, "\xc3\xa9", 2); /* é: valid, not ASCII */
                assert_true(ck_utf8_valid(line, len));
                assert_false(ck_ascii_only(line, len));
                line[at + 1] = 'a';
                assert_false(ck_utf8_valid(line, len)); /* its lead byte alone */
            }
            line[at] = 'a';
        }
    }
}

static void test_utf8_valid(void **state)
{
    (void)state;
    struct {
        const char *s;
        size_t len;
    } ok[] = {
        {"", 0},
        {"abc", 3},
        {"\xc3\xa9", 2},             /* U+00E9 */
        {"\xc2\x80", 2},             /* U+0080, smallest two-byte */
        {"\xdf\xbf", 2},             /* U+07FF */
        {"\xe0\xa0\x80", 3},         /* U+0800, smallest three-byte */
        {"\xe2\x82\xac", 3},         /* U+20AC */
        {"\xed\x9f\xbf", 3},         /* U+D7FF, just below the surrogates */
        {"\xee\x80\x80", 3},         /* U+E000, just above */
        {"\xef\xbf\xbf", 3},         /* U+FFFF */
        {"\xf0\x90\x80\x80", 4},     /* U+10000 */
        {"\xf0\x9d\x84\x9e", 4},     /* U+1D11E */
        {"\xf4\x8f\xbf\xbf", 4},     /* U+10FFFF */
        {"a\0b", 3},                 /* NUL is a character */
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (!ck_utf8_valid(ok[i].s, ok[i].len))
            fail_msg("case %zu should be valid", i);
    struct {
        const char *s;
        size_t len;
    } bad[] = {
        {"\x80", 1},                 /* lone continuation */
        {"\xbf", 1},
        {"\xc0\x80", 2},             /* overlong NUL */
        {"\xc1\xbf", 2},             /* overlong */
        {"\xe0\x80\x80", 3},         /* overlong */
        {"\xe0\x9f\xbf", 3},         /* overlong U+07FF */
        {"\xf0\x8f\xbf\xbf", 4},     /* overlong U+FFFF */
        {"\xed\xa0\x80", 3},         /* U+D800 */
        {"\xed\xbf\xbf", 3},         /* U+DFFF */
        {"\xf4\x90\x80\x80", 4},     /* U+110000 */
        {"\xf5\x80\x80\x80", 4},
        {"\xf8\x88\x80\x80\x80", 5}, /* old five-byte form */
        {"\xfe", 1},
        {"\xff", 1},
        {"\xe2\x82", 2},             /* truncated */
        {"\xf0\x9d\x84", 3},
        {"\xc3", 1},
        {"\xc3" "A", 2},             /* continuation missing */
        {"\xe2" "A" "\xac", 3},
        {"ok\xc3\xa9\xa9", 5},       /* one continuation too many */
        {"\xc3\xa9", 1},             /* len cuts the sequence */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (ck_utf8_valid(bad[i].s, bad[i].len))
            fail_msg("case %zu should be invalid", i);
}

/* Every scalar value, encoded by hand, is valid; every surrogate encoded the same way is not. */
/* Columns and carets count characters with ck_utf8_char_len: each must be what U+FFFD replaces. */
static void test_utf8_char_len(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len, want;
        bool valid;
    } cases[] = {
        {"a", 1, 1, true},
        {"\xc3\xa9x", 3, 2, true},             /* e-acute */
        {"\xe2\x80\x9c", 3, 3, true},         /* typographic quote */
        {"\xf0\x9f\x98\x80", 4, 4, true},     /* emoji */
        {"\x80\x81", 2, 1, false},             /* stray continuation bytes: one each */
        {"\xe2\x80x", 3, 2, false},            /* truncated sequence: its maximal subpart */
        {"\xe0\x80\x80", 3, 1, false},         /* overlong: the lead alone */
        {"\xed\xa0\x80", 3, 1, false},         /* surrogate: the lead alone */
        {"\xff", 1, 1, false},
        {"\xc3", 1, 1, false},                 /* cut at the end of the buffer */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool valid = !cases[i].valid;
        assert_int_equal(ck_utf8_char_len(cases[i].s, cases[i].len, &valid), cases[i].want);
        assert_int_equal(valid, cases[i].valid);
    }
}

static void test_utf8_every_code_point(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        unsigned char b[4];
        size_t n;
        if (cp < 0x80) {
            b[0] = (unsigned char)cp;
            n = 1;
        } else if (cp < 0x800) {
            b[0] = (unsigned char)(0xC0 | cp >> 6);
            b[1] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 2;
        } else if (cp < 0x10000) {
            b[0] = (unsigned char)(0xE0 | cp >> 12);
            b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
            b[2] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 3;
        } else {
            b[0] = (unsigned char)(0xF0 | cp >> 18);
            b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
            b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
            b[3] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 4;
        }
        bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        if (ck_utf8_valid((const char *)b, n) == surrogate)
            fail_msg("U+%04X judged %s", (unsigned)cp, surrogate ? "valid" : "invalid");
        if (n > 1 && ck_utf8_valid((const char *)b, n - 1))
            fail_msg("U+%04X truncated judged valid", (unsigned)cp);
    }
}

/* Runs ck_json_write_string into memory; the caller frees. */
static char *json(const char *s, size_t len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    ck_json_write_string(f, s, len);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void assert_json(const char *s, size_t len, const char *want)
{
    char *got = json(s, len);
    if (strcmp(got, want) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "got %s, want %s", got, want);
        free(got);
        fail_msg("%s", msg);
    }
    free(got);
}

#define J(lit, want) assert_json(lit, sizeof lit - 1, want)

static void test_json_escapes(void **state)
{
    (void)state;
    J("", "\"\"");
    J("plain text", "\"plain text\"");
    J("say \"hi\"", "\"say \\\"hi\\\"\"");
    J("C:\\dir", "\"C:\\\\dir\"");
    J("a/b", "\"a/b\""); /* solidus needs no escape */
    J("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"");
    J("\x01\x1f", "\"\\u0001\\u001f\"");
    J("\x1b[31m", "\"\\u001b[31m\"");
    J("\x7f", "\"\\u007f\"");
    J("a\0b", "\"a\\u0000b\"");
    J(" ~", "\" ~\"");
}

static void test_json_unicode(void **state)
{
    (void)state;
    J("caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\""); /* raw UTF-8 passes */
    J("\xc2\x85", "\"\\u0085\""); /* C1: legal raw in JSON, but a terminal may obey it */
    J("a\xe2\x80\xae" "b\xe2\x81\xa6", "\"a\\u202eb\\u2066\""); /* bidi controls keep their value, not their bytes */
    J("\xef\xbf\xbe", "\"\\ufffe\"");
    J("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\"");
    J("\xe2\x80\xa7", "\"\xe2\x80\xa7\""); /* U+2027 is ordinary */
}

static void test_json_invalid_utf8(void **state)
{
    (void)state;
    J("a\xff" "b", "\"a\\ufffdb\"");
    J("\x80\x80", "\"\\ufffd\\ufffd\"");
    J("\xe2\x82" "z", "\"\\ufffdz\"");                  /* a truncated sequence is one replacement */
    J("\xf0\x9d\x84", "\"\\ufffd\"");                   /* truncated by the end of input */
    J("\xc0\x80", "\"\\ufffd\\ufffd\"");                /* C0 can start nothing */
    J("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");     /* a surrogate is three stray bytes */
    J("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    J("\xe2" "\"", "\"\\ufffd\\\"\"");                  /* the byte after a broken lead is still escaped */
    J("\xc3\n", "\"\\ufffd\\n\"");
    J("ok\xc3\xa9\xa9", "\"ok\xc3\xa9\\ufffd\"");
}

/* Whatever the bytes, the output is one well-formed JSON string: valid UTF-8, no raw controls, balanced quotes. */
static void test_json_random_bytes(void **state)
{
    (void)state;
    unsigned char in[64];
    for (int round = 0; round < 20000; round++) {
        size_t len = rng() % sizeof in;
        for (size_t i = 0; i < len; i++)
            in[i] = (unsigned char)(round % 2 ? rng() : (rng() % 4 ? 0x80 + rng() % 0x80 : rng() % 0x80));
        char *out = json((const char *)in, len);
        size_t n = strlen(out);
        assert_true(n >= 2 && out[0] == '"' && out[n - 1] == '"');
        assert_true(ck_utf8_valid(out, n));
        for (size_t i = 1; i + 1 < n; i++) {
            unsigned char c = (unsigned char)out[i];
            if (c < 0x20 || c == 0x7f)
                fail_msg("raw control byte 0x%02x in output", c);
            if (c == '\\')
                i++; /* skip the escaped character, which may be a quote */
            else if (c == '"')
                fail_msg("unescaped quote at %zu in %s", i, out);
        }
        /* Valid input passes through unchanged apart from escapes, so its length never shrinks. */
        if (ck_utf8_valid((const char *)in, len))
            assert_true(n >= len + 2);
        free(out);
    }
}

static void trim(const char *in, const char *want)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%s", in);
    ck_utf8_trim(buf);
    assert_string_equal(buf, want);
}

static void test_utf8_trim(void **state)
{
    (void)state;
    trim("abc", "abc");
    trim("ab\xc3\xa9", "ab\xc3\xa9");        /* complete: kept */
    trim("ab\xc3", "ab");                     /* two-byte character cut after its lead */
    trim("ab\xe2\x82", "ab");                 /* three-byte character cut inside */
    trim("ab\xe2\x82\xac", "ab\xe2\x82\xac");
    trim("\xf0\x9f\x98", "");                 /* four-byte character cut after three */
    trim("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
    trim("", "");
    /* every cut of a string of multi-byte characters ends on a whole character */
    const char *s = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";
    for (size_t n = 0; n <= strlen(s); n++) {
        char buf[32];
        snprintf(buf, n + 1, "%s", s);
        ck_utf8_trim(buf);
        size_t len = strlen(buf);
        assert_true(len == 0 || len == 2 || len == 5 || len == 9 || len == 10);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit_distance_known),
        cmocka_unit_test(test_edit_distance_cap),
        cmocka_unit_test(test_edit_distance_long_strings),
        cmocka_unit_test(test_edit_distance_matches_reference),
        cmocka_unit_test(test_closest),
        cmocka_unit_test(test_closest_transposition),
        cmocka_unit_test(test_closest_threshold),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_long_lines_any_position),
        cmocka_unit_test(test_utf8_char_len),
        cmocka_unit_test(test_utf8_every_code_point),
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_json_unicode),
        cmocka_unit_test(test_json_invalid_utf8),
        cmocka_unit_test(test_json_random_bytes),
        cmocka_unit_test(test_utf8_trim),
    };
    return cmocka_run_group_tests_name("textutil", tests, NULL, NULL);
}
