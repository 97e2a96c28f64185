/* Unit tests for the policy scanner and parser: literals, AST shape, syntax errors, recovery, locations, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse.h"

/* One parse: the arena owns the source and AST, the diagnostics their own messages. */
typedef struct {
    ck_arena *arena;
    ck_diags diags;
    ck_source *src;
    ck_file *file;
    int rc;
} parsed;

static parsed *parse_n(const char *text, size_t len)
{
    parsed *p = calloc(1, sizeof *p);
    assert_non_null(p);
    p->arena = ck_arena_new();
    assert_non_null(p->arena);
    assert_int_equal(ck_diags_init(&p->diags), 0);
    p->src = ck_source_from_text(p->arena, "t.policy", text, len);
    assert_non_null(p->src);
    p->rc = ck_parse_file(p->arena, p->src, &p->diags, &p->file);
    assert_non_null(p->file);
    return p;
}

static parsed *parse(const char *text) { return parse_n(text, strlen(text)); }

static void done(parsed *p)
{
    ck_diags_fini(&p->diags);
    ck_arena_free(p->arena);
    free(p);
}

/* Prints every diagnostic, so that a failing count says what was reported. */
static void dump(const parsed *p)
{
    for (size_t i = 0; i < p->diags.list.len; i++) {
        const ck_diag *d = p->diags.list.items[i];
        ck_linecol lc = d->span.src ? ck_source_linecol(d->span.src, d->span.start) : (ck_linecol){0, 0};
        print_message("  diag %zu: %u:%u: %s%s%s\n", i, lc.line, lc.col, d->message, d->hint ? " | hint: " : "",
                      d->hint ? d->hint : "");
    }
}

static void assert_clean(const parsed *p)
{
    if (p->rc != 0 || p->diags.list.len != 0) {
        dump(p);
        fail_msg("expected a clean parse, rc %d with %zu diagnostics", p->rc, p->diags.list.len);
    }
}

static void assert_errors(const parsed *p, size_t n)
{
    if (p->diags.errors != n || p->diags.list.len != n || p->rc != (n ? 1 : 0)) {
        dump(p);
        fail_msg("expected %zu errors (rc %d), got %zu errors, rc %d", n, n ? 1 : 0, p->diags.errors, p->rc);
    }
}

static void assert_at(const ck_source *src, uint32_t offset, unsigned line, unsigned col)
{
    ck_linecol lc = ck_source_linecol(src, offset);
    if (lc.line != line || lc.col != col)
        fail_msg("offset %u is at %u:%u, expected %u:%u", offset, lc.line, lc.col, line, col);
}

/* The i-th diagnostic is an error with exactly this message at line:col; returns it for the hint. */
static const ck_diag *assert_diag(const parsed *p, size_t i, unsigned line, unsigned col, const char *message)
{
    if (p->diags.list.len <= i) {
        dump(p);
        fail_msg("no diagnostic %zu", i);
    }
    const ck_diag *d = p->diags.list.items[i];
    assert_int_equal(d->level, CK_DIAG_ERROR);
    if (strcmp(d->message, message) != 0) {
        dump(p);
        fail_msg("diagnostic %zu is '%s', expected '%s'", i, d->message, message);
    }
    assert_ptr_equal(d->span.src, p->src);
    assert_at(p->src, d->span.start, line, col);
    return d;
}

static void assert_hint(const ck_diag *d, const char *hint)
{
    assert_non_null(d->hint);
    assert_string_equal(d->hint, hint);
}

static void assert_span_text(const parsed *p, ck_span span, const char *want)
{
    size_t len = span.end - span.start;
    if (len != strlen(want) || memcmp(p->src->text + span.start, want, len) != 0)
        fail_msg("span covers '%.*s', expected '%s'", (int)len, p->src->text + span.start, want);
}

static ck_decl *decl(const parsed *p, size_t i)
{
    if (p->file->decls.len <= i)
        fail_msg("no declaration %zu (have %zu)", i, p->file->decls.len);
    return p->file->decls.items[i];
}

static void *item(const ck_vec *v, size_t i)
{
    if (v->len <= i)
        fail_msg("no item %zu (have %zu)", i, v->len);
    return v->items[i];
}

/* Parses `tiers t` and `tier t when COND` and returns the condition. */
static ck_expr *cond_of(parsed **out, const char *cond)
{
    char buf[8192];
    snprintf(buf, sizeof buf, "tiers t\ntier t when %s\n", cond);
    parsed *p = parse(buf);
    *out = p;
    assert_clean(p);
    ck_decl *d = decl(p, 1);
    assert_int_equal(d->kind, CK_DECL_TIER_RULE);
    assert_non_null(d->cond);
    return d->cond;
}

/* ---- literals ---- */

static void test_empty_file(void **state)
{
    (void)state;
    parsed *p = parse("  # only a comment\n\n");
    assert_clean(p);
    assert_int_equal(p->file->decls.len, 0);
    assert_int_equal(p->file->comments.len, 1);
    done(p);
}

static void test_durations_each_unit(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t amount;
        ck_dur_unit unit;
    } cases[] = {{"24h", 24, CK_DUR_HOUR}, {"3d", 3, CK_DUR_DAY},        {"2w", 2, CK_DUR_WEEK},
                 {"6mo", 6, CK_DUR_MONTH}, {"1y", 1, CK_DUR_YEAR},       {"007d", 7, CK_DUR_DAY},
                 {"100000d", 100000, CK_DUR_DAY}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char c[64];
        snprintf(c, sizeof c, "x <= %s", cases[i].text);
        parsed *p;
        ck_expr *e = cond_of(&p, c);
        assert_int_equal(e->kind, CK_EX_CMP);
        assert_int_equal(e->u.bin.op, CK_OP_LE);
        ck_expr *v = e->u.bin.rhs;
        assert_int_equal(v->kind, CK_EX_DURATION);
        assert_int_equal(v->u.duration.amount, cases[i].amount);
        assert_int_equal(v->u.duration.unit, cases[i].unit);
        assert_span_text(p, v->span, cases[i].text);
        done(p);
    }
}

static void test_duration_zero_and_overflow(void **state)
{
    (void)state;
    parsed *p = parse("tiers t\n"
                      "tier t when x <= 0d\n"
                      "tier t when x <= 100001d\n");
    assert_errors(p, 2);
    assert_hint(assert_diag(p, 0, 2, 18, "malformed duration"),
                "durations are a positive whole number and a unit: h, d, w, mo or y");
    assert_hint(assert_diag(p, 1, 3, 18, "duration is too large"), "durations are at most 100000 units (e.g. 100000d)");
    /* The bad literal stands in the AST as an error node, so checks stay silent on it. */
    ck_decl *d = decl(p, 1);
    assert_int_equal(d->cond->kind, CK_EX_CMP);
    assert_int_equal(d->cond->u.bin.rhs->kind, CK_EX_ERROR);
    done(p);
}

static void test_unknown_unit(void **state)
{
    (void)state;
    parsed *p = parse("tiers t\ntier t when x <= 12m\n");
    assert_errors(p, 1);
    const ck_diag *d = assert_diag(p, 0, 2, 18, "malformed number or duration");
    assert_hint(d, "durations take one of the units h, d, w, mo, y (e.g. 24h, 12mo)");
    assert_span_text(p, d->span, "12m");
    done(p);
}

static void test_dates(void **state)
{
    (void)state;
    parsed *p;
    ck_expr *e = cond_of(&p, "x >= 2024-02-29");
    ck_expr *v = e->u.bin.rhs;
    assert_int_equal(v->kind, CK_EX_DATE);
    ck_date want;
    assert_int_equal(ck_date_parse("2024-02-29", 10, &want), CK_TIME_OK);
    assert_int_equal(v->u.date.days, want.days);
    done(p);

    p = parse("tiers t\n"
              "tier t when x >= 2023-02-29\n"
              "tier t when x >= 2026-13-01\n"
              "tier t when x >= 0999-01-01\n");
    assert_errors(p, 3);
    assert_hint(assert_diag(p, 0, 2, 18, "no such date"), "dates are written YYYY-MM-DD, e.g. 2026-11-28");
    assert_diag(p, 1, 3, 18, "no such date");
    assert_diag(p, 2, 4, 18, "malformed date");
    done(p);
}

static void test_integers(void **state)
{
    (void)state;
    parsed *p;
    ck_expr *e = cond_of(&p, "x == 999999999999999");
    assert_int_equal(e->u.bin.rhs->kind, CK_EX_NUMBER);
    assert_int_equal(e->u.bin.rhs->u.number.coef, INT64_C(999999999999999));
    done(p);

    e = cond_of(&p, "x > 0");
    assert_int_equal(e->u.bin.rhs->u.number.coef, 0);
    done(p);

    /* 16 digits, and one far past int64: rejected without overflowing. */
    p = parse("tiers t\n"
              "tier t when x == 1000000000000000\n"
              "tier t when x == 99999999999999999999999\n");
    assert_errors(p, 2);
    assert_diag(p, 0, 2, 18, "number is too long (at most 15 digits, 6 of them after the point)");
    assert_diag(p, 1, 3, 18, "number is too long (at most 15 digits, 6 of them after the point)");
    assert_int_equal(decl(p, 1)->cond->u.bin.rhs->kind, CK_EX_ERROR);
    done(p);
}

static void test_string_escapes(void **state)
{
    (void)state;
    parsed *p;
    ck_expr *e = cond_of(&p, "x == \"a\\\"b\\\\c\\nd\\te\\u00e9\\u20ac\\u0041\"");
    ck_expr *v = e->u.bin.rhs;
    assert_int_equal(v->kind, CK_EX_STRING);
    assert_string_equal(v->u.string, "a\"b\\c\nd\te\xc3\xa9\xe2\x82\xac" "A");
    /* The token's span covers the quotes. */
    assert_span_text(p, v->span, "\"a\\\"b\\\\c\\nd\\te\\u00e9\\u20ac\\u0041\"");
    done(p);

    e = cond_of(&p, "x == \"\"");
    assert_string_equal(e->u.bin.rhs->u.string, "");
    done(p);
}

static void test_string_bad_escapes(void **state)
{
    (void)state;
    parsed *p = parse("policy \"a\\qb\"\n"
                      "import \"\\u0000\"\n"
                      "import \"\\ud800\"\n");
    assert_errors(p, 3);
    assert_hint(assert_diag(p, 0, 1, 10, "unknown escape sequence in string"),
                "the escapes are \\\" \\\\ \\n \\t and \\uXXXX");
    assert_diag(p, 1, 2, 9, "invalid \\u escape (NUL or surrogate)");
    assert_diag(p, 2, 3, 9, "invalid \\u escape (NUL or surrogate)");
    /* Each declaration is still there. */
    assert_int_equal(p->file->decls.len, 3);
    done(p);
}

static void test_string_invalid_utf8(void **state)
{
    (void)state;
    parsed *p = parse("policy \"caf\xe9\"\n");
    assert_errors(p, 1);
    assert_hint(assert_diag(p, 0, 1, 8, "string is not valid UTF-8"), "save the policy file as UTF-8");
    done(p);
}

static void test_string_too_long(void **state)
{
    (void)state;
    size_t n = CK_PARSE_MAX_STRING + 10;
    char *text = malloc(n + 32);
    assert_non_null(text);
    size_t at = (size_t)sprintf(text, "policy \"");
    memset(text + at, 'a', n);
    at += n;
    at += (size_t)sprintf(text + at, "\"\ntiers t\n");
    parsed *p = parse_n(text, at);
    free(text);
    assert_errors(p, 1);
    assert_diag(p, 0, 1, 8, "string is too long (limit 65536 bytes)");
    /* The string ends where its quote does: the next line parses. */
    assert_int_equal(decl(p, 1)->kind, CK_DECL_TIERS);
    done(p);
}

static void test_unterminated_string_at_line_end(void **state)
{
    (void)state;
    parsed *p = parse("policy \"Name\n"
                      "tiers low < high\n");
    assert_errors(p, 1);
    const ck_diag *d = assert_diag(p, 0, 1, 8, "unterminated string");
    assert_hint(d, "close the string with \" before the end of the line; write \\n for a line break");
    assert_span_text(p, d->span, "\"Name");
    /* The string stops at the line end, so the next line is read normally. */
    assert_int_equal(p->file->decls.len, 2);
    assert_int_equal(decl(p, 1)->kind, CK_DECL_TIERS);
    assert_int_equal(decl(p, 1)->names.len, 2);
    done(p);
}

static void test_unterminated_string_at_eof(void **state)
{
    (void)state;
    parsed *p = parse("tiers t\npolicy \"Name");
    /* One message: no "unexpected end of file" after it. */
    assert_errors(p, 1);
    assert_hint(assert_diag(p, 0, 2, 8, "unterminated string"), "close the string with \"");
    done(p);
}

static void test_comments(void **state)
{
    (void)state;
    parsed *p = parse("# header comment\n"
                      "tiers low < high   # trailing\n"
                      "  /* block\n"
                      "     over lines */ tier low otherwise\n");
    assert_clean(p);
    assert_int_equal(p->file->decls.len, 2);
    assert_int_equal(p->file->comments.len, 3);
    const ck_comment *c0 = p->file->comments.items[0], *c1 = p->file->comments.items[1],
                     *c2 = p->file->comments.items[2];
    assert_span_text(p, c0->span, "# header comment");
    assert_true(c0->own_line);
    assert_span_text(p, c1->span, "# trailing");
    assert_false(c1->own_line);
    assert_span_text(p, c2->span, "/* block\n     over lines */");
    assert_true(c2->own_line);
    assert_at(p->src, decl(p, 1)->span.start, 4, 20);
    done(p);
}

static void test_unterminated_comment(void **state)
{
    (void)state;
    parsed *p = parse("tiers t\n"
                      "  /* never closed\n"
                      "tier t otherwise\n");
    assert_errors(p, 1);
    const ck_diag *d = assert_diag(p, 0, 2, 3, "unterminated comment");
    assert_hint(d, "close the comment with */");
    assert_span_text(p, d->span, "/*");
    done(p);
}

static void test_keywords(void **state)
{
    (void)state;
    assert_true(ck_parse_is_keyword("tier"));
    assert_true(ck_parse_is_keyword("within"));
    assert_true(ck_parse_is_keyword("all"));
    assert_false(ck_parse_is_keyword("tierx"));
    assert_false(ck_parse_is_keyword("Tier"));
    assert_false(ck_parse_is_keyword(""));

    /* A name may contain a keyword and dashes between parts. */
    parsed *p = parse("tiers tier-1 < high_tier < notice\n");
    assert_clean(p);
    ck_decl *d = decl(p, 0);
    assert_int_equal(d->names.len, 3);
    assert_string_equal(((ck_name *)item(&d->names, 0))->text, "tier-1");
    assert_string_equal(((ck_name *)item(&d->names, 1))->text, "high_tier");
    assert_string_equal(((ck_name *)item(&d->names, 2))->text, "notice");
    done(p);
}

static void test_bad_characters_reported_and_read_as_meant(void **state)
{
    (void)state;
    parsed *p = parse("tiers t\n"
                      "tier t when a && b || !c\n");
    assert_errors(p, 3);
    assert_hint(assert_diag(p, 0, 2, 15, "unexpected '&&'"), "write 'and' to combine conditions");
    assert_hint(assert_diag(p, 1, 2, 20, "unexpected '||'"), "write 'or' for alternatives");
    assert_hint(assert_diag(p, 2, 2, 23, "unexpected character '!'"), "write 'not' to negate a condition");
    /* Read as `a and b or not c`. */
    ck_expr *e = decl(p, 1)->cond;
    assert_int_equal(e->kind, CK_EX_OR);
    assert_int_equal(e->u.bin.lhs->kind, CK_EX_AND);
    assert_int_equal(e->u.bin.rhs->kind, CK_EX_NOT);
    done(p);
}

static void test_other_quotes(void **state)
{
    (void)state;
    parsed *p = parse("policy 'Single'\n"
                      "import \xe2\x80\x9ctypo.policy\xe2\x80\x9d\n");
    assert_errors(p, 2);
    assert_hint(assert_diag(p, 0, 1, 8, "string in single quotes"), "strings are written in double quotes: \"...\"");
    assert_hint(assert_diag(p, 1, 2, 8, "string in typographic quotes"),
                "strings are written in straight double quotes: \"...\"");
    assert_string_equal(decl(p, 0)->title, "Single");
    assert_string_equal(decl(p, 1)->title, "typo.policy");
    done(p);
}

static void test_non_ascii_outside_strings(void **state)
{
    (void)state;
    /* A no-break space between tokens is invisible in the excerpt: it is named by code point. */
    parsed *p = parse("tiers low <\xc2\xa0high\n");
    assert_errors(p, 1);
    const ck_diag *d = assert_diag(p, 0, 1, 12, "unexpected non-ASCII character U+00A0");
    assert_hint(d, "outside strings and comments, a policy is plain ASCII text");
    assert_int_equal(d->span.end - d->span.start, 2);
    done(p);
}

static void test_nul_and_dash(void **state)
{
    (void)state;
    static const char text[] = "policy \"a\0b\"\ntiers a- < b\ntier b otherwise\n";
    parsed *p = parse_n(text, sizeof text - 1);
    assert_errors(p, 2);
    assert_diag(p, 0, 1, 8, "string contains a NUL byte");
    assert_hint(assert_diag(p, 1, 2, 8, "unexpected character '-'"),
                "names may contain '-' between letters or digits; a negative number has its '-' just before the digits: -3");
    /* The declaration after the stray '-' is still read. */
    ck_decl *last = decl(p, p->file->decls.len - 1);
    assert_int_equal(last->kind, CK_DECL_TIER_RULE);
    assert_string_equal(last->name.text, "b");
    done(p);
}

/*
 * Input the scanner cannot read gives exactly one error, whatever follows it: the parser drops the
 * declaration (or block item) it stood in and resumes at the next, which is still read. Reading on
 * as if the input were absent would take the next line's `tier` as an operand and report its
 * `low` as unexpected.
 */
static void test_lexer_error_no_cascade(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned line, col;
        const char *message;
    } cases[] = {
        {"tiers low < high\ntier high when a and \xe4\xbe\x9b\xe5\xba\x94\xe5\x95\x86\ntier low otherwise\n", 2, 22,
         "unexpected non-ASCII character U+4F9B"},
        {"tiers low < high\ntier high when a and ;\ntier low otherwise\n", 2, 22, "unexpected character ';'"},
        {"tiers low < high\ntier high when a and $b or c\ntier low otherwise\n", 2, 22, "unexpected character '$'"},
        {"tiers low < high\ntier high when \x01 otherwise\ntier low otherwise\n", 2, 16, "unexpected byte in policy text"},
        {"tiers low < high\ntier high when a or\xc2\xa0" "b\ntier low otherwise\n", 2, 20,
         "unexpected non-ASCII character U+00A0"},
        {"tiers \xe4\xbd\x8e < high\ntier low otherwise\n", 1, 7, "unexpected non-ASCII character U+4F4E"},
        {"tiers low < high\ntier \xe9\xab\x98 when a\ntier low otherwise\n", 2, 6, "unexpected non-ASCII character U+9AD8"},
        /* inside a block: the next item of the block is read, then the next declaration */
        {"profile {\n  a : bool \"x\" \xe4\xbe\x9b\n  b : bool\n}\ntier low otherwise\n", 2, 16,
         "unexpected non-ASCII character U+4F9B"},
        {"require R-1 \"r\" {\n  clause a; clause b\n}\ntier low otherwise\n", 2, 11, "unexpected character ';'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parsed *p = parse(cases[i].text);
        if (p->diags.errors != 1)
            print_message("case %zu: %s", i, cases[i].text);
        assert_errors(p, 1);
        assert_diag(p, 0, cases[i].line, cases[i].col, cases[i].message);
        ck_decl *last = decl(p, p->file->decls.len - 1);
        assert_int_equal(last->kind, CK_DECL_TIER_RULE);
        assert_string_equal(last->name.text, "low");
        assert_null(last->cond);
        done(p);
    }
}

/* Recovery drops no more than the item the unreadable input stood in: an independent mistake in
 * the next item of the same block is still reported. */
static void test_lexer_error_then_independent_error(void **state)
{
    (void)state;
    parsed *p = parse("require R-1 \"r\" {\n"
                      "  clause a;\n"
                      "  clause b with x <=\n"
                      "}\n");
    assert_errors(p, 2);
    assert_diag(p, 0, 2, 11, "unexpected character ';'");
    assert_diag(p, 1, 4, 1, "unexpected '}'");
    done(p);
}

static void test_binary_file(void **state)
{
    (void)state;
    char bin[64];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i % 7 == 0 ? 'a' : 0x01 + (i % 5));
    parsed *p = parse_n(bin, sizeof bin);
    assert_errors(p, 1);
    assert_hint(assert_diag(p, 0, 1, 2, "unexpected binary data: the policy file is not text"),
                "name a .policy text file");
    assert_int_equal(p->file->decls.len, 0);
    done(p);
}

static void test_bom_skipped(void **state)
{
    (void)state;
    parsed *p = parse("\xef\xbb\xbftiers a < b\n");
    assert_clean(p);
    assert_int_equal(decl(p, 0)->kind, CK_DECL_TIERS);
    assert_span_text(p, decl(p, 0)->span, "tiers a < b");
    done(p);
}

/* ---- AST shape ---- */

static void test_header(void **state)
{
    (void)state;
    parsed *p = parse("policy \"Supply chain\" version \"2026.1\" owner \"Security\" effective 2026-12-01\n"
                      "import \"other.policy\"\n");
    assert_clean(p);
    assert_int_equal(p->file->decls.len, 2);
    ck_decl *h = decl(p, 0);
    assert_int_equal(h->kind, CK_DECL_POLICY);
    assert_string_equal(h->title, "Supply chain");
    assert_span_text(p, h->title_span, "\"Supply chain\"");
    assert_string_equal(h->version, "2026.1");
    assert_string_equal(h->owner, "Security");
    assert_true(h->has_effective);
    ck_date eff;
    ck_date_parse("2026-12-01", 10, &eff);
    assert_int_equal(h->effective.days, eff.days);
    /* The header's span runs to its last attribute. */
    assert_span_text(p, h->span, "policy \"Supply chain\" version \"2026.1\" owner \"Security\" effective 2026-12-01");
    ck_decl *im = decl(p, 1);
    assert_int_equal(im->kind, CK_DECL_IMPORT);
    assert_string_equal(im->title, "other.policy");
    assert_at(p->src, im->span.start, 2, 1);
    done(p);
}

static void test_header_attribute_twice(void **state)
{
    (void)state;
    parsed *p = parse("policy \"P\" version \"1\" owner \"a\" version \"2\" effective 2026-01-01 effective 2026-01-02\n");
    assert_errors(p, 2);
    assert_diag(p, 0, 1, 34, "the policy's version is given twice");
    assert_diag(p, 1, 1, 67, "the policy's effective date is given twice");
    assert_string_equal(decl(p, 0)->version, "2");
    done(p);
}

static void test_profile(void **state)
{
    (void)state;
    parsed *p = parse("profile {\n"
                      "  critical : bool \"Critical function\"\n"
                      "  staff    : number\n"
                      "  country  : string\n"
                      "  rto      : duration\n"
                      "  since    : date\n"
                      "  size     : level(small, medium, large)\n"
                      "  answered : depth of security-q \"how deep\"\n"
                      "}\n");
    assert_clean(p);
    ck_decl *d = decl(p, 0);
    assert_int_equal(d->kind, CK_DECL_PROFILE);
    assert_int_equal(d->fields.len, 7);
    static const ck_type_kind kinds[] = {CK_TYPE_BOOL, CK_TYPE_NUMBER, CK_TYPE_STRING, CK_TYPE_DURATION,
                                         CK_TYPE_DATE, CK_TYPE_LEVEL,  CK_TYPE_DEPTH};
    static const char *const names[] = {"critical", "staff", "country", "rto", "since", "size", "answered"};
    for (size_t i = 0; i < 7; i++) {
        ck_field_decl *f = item(&d->fields, i);
        assert_string_equal(f->name.text, names[i]);
        assert_non_null(f->type);
        assert_int_equal(f->type->kind, kinds[i]);
        assert_at(p->src, f->name.span.start, (unsigned)i + 2, 3);
    }
    ck_field_decl *f0 = item(&d->fields, 0);
    assert_string_equal(f0->description, "Critical function");
    assert_null(((ck_field_decl *)item(&d->fields, 1))->description);
    ck_field_decl *lv = item(&d->fields, 5);
    assert_int_equal(lv->type->levels.len, 3);
    assert_string_equal(((ck_name *)item(&lv->type->levels, 0))->text, "small");
    assert_string_equal(((ck_name *)item(&lv->type->levels, 2))->text, "large");
    assert_span_text(p, lv->type->span, "level(small, medium, large)");
    ck_field_decl *dp = item(&d->fields, 6);
    assert_string_equal(dp->type->ref.text, "security-q");
    assert_string_equal(dp->description, "how deep");
    assert_at(p->src, d->span.start, 1, 1);
    assert_at(p->src, d->span.end, 9, 2);
    done(p);
}

static void test_tiers_and_tier_declarations(void **state)
{
    (void)state;
    parsed *p = parse("tiers low < medium < high\n"
                      "tier attribute notify : duration \"Notify within\"\n"
                      "tier high has notify = 24h, depth = full\n"
                      "tier high when a and b\n"
                      "tier low otherwise\n");
    assert_clean(p);
    assert_int_equal(p->file->decls.len, 5);
    ck_decl *t = decl(p, 0);
    assert_int_equal(t->kind, CK_DECL_TIERS);
    assert_int_equal(t->names.len, 3);
    assert_string_equal(((ck_name *)item(&t->names, 1))->text, "medium");
    assert_at(p->src, ((ck_name *)item(&t->names, 2))->span.start, 1, 22);

    ck_decl *a = decl(p, 1);
    assert_int_equal(a->kind, CK_DECL_TIER_ATTR);
    assert_string_equal(a->name.text, "notify");
    assert_int_equal(a->fields.len, 1);
    assert_int_equal(((ck_field_decl *)item(&a->fields, 0))->type->kind, CK_TYPE_DURATION);

    ck_decl *h = decl(p, 2);
    assert_int_equal(h->kind, CK_DECL_TIER_HAS);
    assert_string_equal(h->name.text, "high");
    assert_int_equal(h->assigns.len, 2);
    ck_assign *as0 = item(&h->assigns, 0), *as1 = item(&h->assigns, 1);
    assert_string_equal(as0->name.text, "notify");
    assert_int_equal(as0->value->kind, CK_EX_DURATION);
    assert_string_equal(as1->name.text, "depth");
    assert_int_equal(as1->value->kind, CK_EX_NAME);
    assert_string_equal(as1->value->u.name.text, "full");

    ck_decl *r = decl(p, 3);
    assert_int_equal(r->kind, CK_DECL_TIER_RULE);
    assert_string_equal(r->name.text, "high");
    assert_int_equal(r->cond->kind, CK_EX_AND);
    assert_span_text(p, r->span, "tier high when a and b");

    ck_decl *o = decl(p, 4);
    assert_int_equal(o->kind, CK_DECL_TIER_RULE);
    assert_string_equal(o->name.text, "low");
    assert_null(o->cond);
    done(p);
}

static void test_clause_and_evidence(void **state)
{
    (void)state;
    parsed *p = parse("clause incident-notification \"Incidents are notified\" {\n"
                      "  notify_within : duration \"Longest time\"\n"
                      "  covers_all : bool\n"
                      "}\n"
                      "clause plain \"No parameters\"\n"
                      "evidence iso27001 \"ISO certificate\" {\n"
                      "  valid for 3y\n"
                      "  independent\n"
                      "}\n"
                      "evidence pentest \"Pen test\" { }\n");
    assert_clean(p);
    assert_int_equal(p->file->decls.len, 4);
    ck_decl *c = decl(p, 0);
    assert_int_equal(c->kind, CK_DECL_CLAUSE);
    assert_string_equal(c->name.text, "incident-notification");
    assert_string_equal(c->title, "Incidents are notified");
    assert_int_equal(c->fields.len, 2);
    assert_string_equal(((ck_field_decl *)item(&c->fields, 1))->name.text, "covers_all");
    assert_at(p->src, c->span.end, 4, 2);

    ck_decl *c2 = decl(p, 1);
    assert_int_equal(c2->kind, CK_DECL_CLAUSE);
    assert_int_equal(c2->fields.len, 0);

    ck_decl *e = decl(p, 2);
    assert_int_equal(e->kind, CK_DECL_EVIDENCE);
    assert_true(e->has_valid_for);
    assert_int_equal(e->valid_for.amount, 3);
    assert_int_equal(e->valid_for.unit, CK_DUR_YEAR);
    assert_true(e->independent);

    ck_decl *e2 = decl(p, 3);
    assert_false(e2->has_valid_for);
    assert_false(e2->independent);
    done(p);
}

static void test_evidence_validity_twice(void **state)
{
    (void)state;
    parsed *p = parse("evidence e \"E\" {\n"
                      "  valid for 1y\n"
                      "  valid for 2y\n"
                      "}\n");
    assert_errors(p, 1);
    assert_diag(p, 0, 3, 3, "validity period given twice");
    done(p);
}

static void test_questionnaire(void **state)
{
    (void)state;
    parsed *p = parse("questionnaire sq \"Security questionnaire\" {\n"
                      "  depths lite < standard < full\n"
                      "  question has_policy : bool \"A policy exists\" expect true\n"
                      "  question patch_days : number \"Days to patch\" expect <= 30 from standard\n"
                      "  question notes : string\n"
                      "}\n");
    assert_clean(p);
    ck_decl *q = decl(p, 0);
    assert_int_equal(q->kind, CK_DECL_QUESTIONNAIRE);
    assert_string_equal(q->name.text, "sq");
    assert_int_equal(q->names.len, 3);
    assert_string_equal(((ck_name *)item(&q->names, 0))->text, "lite");
    assert_int_equal(q->fields.len, 3);
    ck_field_decl *q0 = item(&q->fields, 0), *q1 = item(&q->fields, 1), *q2 = item(&q->fields, 2);
    assert_true(q0->has_expect);
    assert_int_equal(q0->expect_op, CK_OP_EQ);
    assert_int_equal(q0->expect->kind, CK_EX_BOOL);
    assert_true(q0->expect->u.boolean);
    assert_null(q0->from_depth.text);
    assert_true(q1->has_expect);
    assert_int_equal(q1->expect_op, CK_OP_LE);
    assert_int_equal(q1->expect->u.number.coef, 30);
    assert_string_equal(q1->from_depth.text, "standard");
    assert_false(q2->has_expect);
    assert_null(q2->description);
    done(p);
}

static void test_questionnaire_depths_twice(void **state)
{
    (void)state;
    parsed *p = parse("questionnaire sq \"Q\" {\n"
                      "  depths a < b\n"
                      "  depths c < d\n"
                      "}\n");
    assert_errors(p, 1);
    assert_diag(p, 0, 3, 3, "the questionnaire's depths are given twice");
    done(p);
}

static void test_require_tier_ranges(void **state)
{
    (void)state;
    parsed *p = parse("require A \"a\" { clause c }\n"
                      "require B \"b\" for all tiers { clause c }\n"
                      "require C \"c\" for tier >= high { clause c }\n"
                      "require D \"d\" for tier medium { clause c }\n"
                      "require E \"e\" for tiers low to high when x { clause c }\n"
                      "require F \"f\" for tier != low { clause c }\n");
    assert_clean(p);
    assert_int_equal(p->file->decls.len, 6);
    assert_int_equal(decl(p, 0)->range.kind, CK_TR_ALL);
    assert_null(decl(p, 0)->range.span.src);
    assert_int_equal(decl(p, 1)->range.kind, CK_TR_ALL);
    assert_span_text(p, decl(p, 1)->range.span, "for all tiers");
    ck_tier_range *c = &decl(p, 2)->range;
    assert_int_equal(c->kind, CK_TR_CMP);
    assert_int_equal(c->op, CK_OP_GE);
    assert_string_equal(c->lo.text, "high");
    ck_tier_range *d = &decl(p, 3)->range;
    assert_int_equal(d->kind, CK_TR_CMP);
    assert_int_equal(d->op, CK_OP_EQ);
    assert_string_equal(d->lo.text, "medium");
    ck_decl *e = decl(p, 4);
    assert_int_equal(e->range.kind, CK_TR_RANGE);
    assert_string_equal(e->range.lo.text, "low");
    assert_string_equal(e->range.hi.text, "high");
    assert_non_null(e->when);
    assert_int_equal(e->when->kind, CK_EX_NAME);
    assert_int_equal(decl(p, 5)->range.op, CK_OP_NE);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(decl(p, i)->kind, CK_DECL_REQUIRE);
        assert_int_equal(decl(p, i)->rules.len, 1);
    }
    done(p);
}

static void test_require_rules(void **state)
{
    (void)state;
    parsed *p = parse("require BL-13 \"Independent evidence\" for tier >= high {\n"
                      "  clause notify with notify_within <= tier.notify_within and covers_all\n"
                      "  evidence iso not expired and independent, last_audit within 12mo\n"
                      "  questionnaire sq at depth full\n"
                      "  questionnaire other\n"
                      "  contract.last_assessed within 1y\n"
                      "  any {\n"
                      "    evidence iso not expired\n"
                      "    all { clause a  clause b }\n"
                      "  }\n"
                      "  clause x or clause y or evidence z\n"
                      "  severity warning\n"
                      "  rationale \"Why\"\n"
                      "  remediation \"Fix it\"\n"
                      "  ref \"ISO 1\"\n"
                      "  ref \"ISO 2\"\n"
                      "}\n");
    assert_clean(p);
    ck_decl *d = decl(p, 0);
    assert_string_equal(d->name.text, "BL-13");
    assert_string_equal(d->title, "Independent evidence");
    assert_int_equal(d->rules.len, 7);

    ck_rule *r0 = item(&d->rules, 0);
    assert_int_equal(r0->kind, CK_RULE_CLAUSE);
    assert_string_equal(r0->target.text, "notify");
    assert_int_equal(r0->params.len, 2);
    ck_param_test *pt0 = item(&r0->params, 0), *pt1 = item(&r0->params, 1);
    assert_string_equal(pt0->param.text, "notify_within");
    assert_int_equal(pt0->op, CK_OP_LE);
    assert_int_equal(pt0->value->kind, CK_EX_ATTR);
    assert_string_equal(pt0->value->u.name.text, "notify_within");
    assert_string_equal(pt1->param.text, "covers_all");
    assert_null(pt1->value);
    assert_span_text(p, r0->span, "clause notify with notify_within <= tier.notify_within and covers_all");

    ck_rule *r1 = item(&d->rules, 1);
    assert_int_equal(r1->kind, CK_RULE_EVIDENCE);
    assert_int_equal(r1->quals.len, 3);
    assert_int_equal(((ck_evidence_qual *)item(&r1->quals, 0))->kind, CK_EVQ_NOT_EXPIRED);
    assert_int_equal(((ck_evidence_qual *)item(&r1->quals, 1))->kind, CK_EVQ_INDEPENDENT);
    ck_evidence_qual *w = item(&r1->quals, 2);
    assert_int_equal(w->kind, CK_EVQ_WITHIN);
    assert_string_equal(w->field.text, "last_audit");
    assert_int_equal(w->limit->u.duration.unit, CK_DUR_MONTH);

    ck_rule *r2 = item(&d->rules, 2);
    assert_int_equal(r2->kind, CK_RULE_QUESTIONNAIRE);
    assert_non_null(r2->limit);
    assert_string_equal(r2->limit->u.name.text, "full");
    ck_rule *r3 = item(&d->rules, 3);
    assert_int_equal(r3->kind, CK_RULE_QUESTIONNAIRE);
    assert_null(r3->limit);

    ck_rule *r4 = item(&d->rules, 4);
    assert_int_equal(r4->kind, CK_RULE_DATE);
    assert_string_equal(r4->target.text, "contract");
    assert_string_equal(r4->field.text, "last_assessed");
    assert_int_equal(r4->limit->kind, CK_EX_DURATION);

    ck_rule *r5 = item(&d->rules, 5);
    assert_int_equal(r5->kind, CK_RULE_ANY);
    assert_true(r5->braced);
    assert_int_equal(r5->children.len, 2);
    ck_rule *all = item(&r5->children, 1);
    assert_int_equal(all->kind, CK_RULE_ALL);
    assert_int_equal(all->children.len, 2);
    assert_int_equal(all->depth, 1);
    assert_int_equal(r5->depth, 2);

    /* `a or b or c` is one flat, unbraced group of three. */
    ck_rule *r6 = item(&d->rules, 6);
    assert_int_equal(r6->kind, CK_RULE_ANY);
    assert_false(r6->braced);
    assert_int_equal(r6->children.len, 3);
    assert_int_equal(((ck_rule *)item(&r6->children, 2))->kind, CK_RULE_EVIDENCE);
    assert_span_text(p, r6->span, "clause x or clause y or evidence z");

    assert_true(d->has_severity);
    assert_int_equal(d->severity, CK_SEV_WARNING);
    assert_string_equal(d->rationale, "Why");
    assert_string_equal(d->remediation, "Fix it");
    assert_int_equal(d->refs.len, 2);
    assert_string_equal(item(&d->refs, 1), "ISO 2");
    assert_int_equal(d->ref_spans.len, 2);
    done(p);
}

static void test_guarded_rules(void **state)
{
    (void)state;
    parsed *p = parse("require R \"r\" {\n"
                      "  clause a when x\n"
                      "  clause b when y\n"
                      "  clause c otherwise\n"
                      "  clause d\n"
                      "  clause e when z\n"
                      "}\n");
    assert_clean(p);
    ck_decl *d = decl(p, 0);
    assert_int_equal(d->rules.len, 3);
    ck_rule *ch = item(&d->rules, 0);
    assert_int_equal(ch->kind, CK_RULE_CHOICE);
    assert_true(ch->closed);
    assert_int_equal(ch->children.len, 3);
    ck_guard_arm *a0 = item(&ch->children, 0), *a2 = item(&ch->children, 2);
    assert_string_equal(a0->rule->target.text, "a");
    assert_int_equal(a0->cond->kind, CK_EX_NAME);
    assert_string_equal(a2->rule->target.text, "c");
    assert_null(a2->cond);
    assert_span_text(p, ch->span, "clause a when x\n  clause b when y\n  clause c otherwise");
    assert_int_equal(((ck_rule *)item(&d->rules, 1))->kind, CK_RULE_CLAUSE);
    /* A guard after an unguarded rule starts a new, open choice. */
    ck_rule *ch2 = item(&d->rules, 2);
    assert_int_equal(ch2->kind, CK_RULE_CHOICE);
    assert_false(ch2->closed);
    assert_int_equal(ch2->children.len, 1);
    done(p);
}

static void test_otherwise_without_when(void **state)
{
    (void)state;
    parsed *p = parse("require R \"r\" {\n"
                      "  clause a\n"
                      "  clause b otherwise\n"
                      "}\n");
    assert_errors(p, 1);
    assert_hint(assert_diag(p, 0, 3, 3, "'otherwise' without a preceding 'when' rule"),
                "write 'RULE when CONDITION' before the 'otherwise' rule, or drop 'otherwise'");
    /* The rule is kept as an unconditional one. */
    assert_int_equal(decl(p, 0)->rules.len, 2);
    done(p);
}

static void test_require_attribute_errors(void **state)
{
    (void)state;
    parsed *p = parse("require R \"r\" {\n"
                      "  clause a\n"
                      "  severity eror\n"
                      "  severity critical\n"
                      "  rationale \"one\"\n"
                      "  rationale \"two\"\n"
                      "}\n");
    assert_errors(p, 3);
    assert_hint(assert_diag(p, 0, 3, 12, "unknown severity"), "did you mean 'error'?");
    assert_hint(assert_diag(p, 1, 4, 12, "unknown severity"), "severity is one of: error, warning, info");
    assert_hint(assert_diag(p, 2, 6, 3, "rationale given twice"), "join the texts into one string");
    done(p);
}

static void test_severity_twice(void **state)
{
    (void)state;
    parsed *p = parse("require R \"r\" {\n"
                      "  clause a\n"
                      "  severity info\n"
                      "  severity warning\n"
                      "}\n");
    assert_errors(p, 1);
    assert_hint(assert_diag(p, 0, 4, 3, "severity given twice"), "it was first given at t.policy:3:3; keep one");
    done(p);
}

static void test_test_block(void **state)
{
    (void)state;
    parsed *p = parse("test \"critical supplier\" {\n"
                      "  as of 2026-11-28\n"
                      "  supplier id = \"acme\"\n"
                      "  profile importance = high, staff = 12\n"
                      "  contract last_assessed = 2026-01-01\n"
                      "  clause notify notify_within = 24h\n"
                      "  clause plain\n"
                      "  evidence iso issued = 2026-01-01, independent = true\n"
                      "  questionnaire sq depth = full, has_policy = true\n"
                      "  gap BL-01 reason = \"later\", expires = 2027-01-01\n"
                      "  expect tier high\n"
                      "  expect BL-01 clause-missing\n"
                      "  expect nothing\n"
                      "}\n");
    assert_clean(p);
    ck_decl *t = decl(p, 0);
    assert_int_equal(t->kind, CK_DECL_TEST);
    assert_string_equal(t->title, "critical supplier");
    assert_true(t->has_as_of);
    ck_date asof;
    ck_date_parse("2026-11-28", 10, &asof);
    assert_int_equal(t->as_of.days, asof.days);
    assert_int_equal(t->facts.len, 8);
    static const ck_fact_kind kinds[] = {CK_FACT_SUPPLIER, CK_FACT_PROFILE,  CK_FACT_CONTRACT, CK_FACT_CLAUSE,
                                         CK_FACT_CLAUSE,   CK_FACT_EVIDENCE, CK_FACT_QUESTIONNAIRE, CK_FACT_GAP};
    static const size_t nassigns[] = {1, 2, 1, 1, 0, 2, 2, 2};
    for (size_t i = 0; i < 8; i++) {
        ck_fact *f = item(&t->facts, i);
        assert_int_equal(f->kind, kinds[i]);
        assert_int_equal(f->assigns.len, nassigns[i]);
        assert_at(p->src, f->span.start, (unsigned)i + 3, 3);
    }
    ck_fact *ev = item(&t->facts, 5);
    assert_string_equal(ev->target.text, "iso");
    assert_string_equal(((ck_assign *)item(&ev->assigns, 1))->name.text, "independent");
    ck_fact *q = item(&t->facts, 6);
    assert_string_equal(((ck_assign *)item(&q->assigns, 0))->name.text, "depth");
    ck_fact *g = item(&t->facts, 7);
    assert_string_equal(g->target.text, "BL-01");

    assert_int_equal(t->expects.len, 3);
    ck_expectation *x0 = item(&t->expects, 0), *x1 = item(&t->expects, 1), *x2 = item(&t->expects, 2);
    assert_true(x0->is_tier);
    assert_string_equal(x0->kind.text, "high");
    assert_false(x1->is_tier);
    assert_string_equal(x1->req.text, "BL-01");
    assert_string_equal(x1->kind.text, "clause-missing");
    assert_span_text(p, x1->span, "expect BL-01 clause-missing");
    assert_true(x2->nothing);
    done(p);
}

static void test_as_of_twice(void **state)
{
    (void)state;
    parsed *p = parse("test \"t\" {\n  as of 2026-01-01\n  as of 2026-01-02\n  expect nothing\n}\n");
    assert_errors(p, 1);
    assert_diag(p, 0, 3, 3, "'as of' date given twice");
    done(p);
}

/* ---- expressions ---- */

static void test_expression_precedence(void **state)
{
    (void)state;
    parsed *p;
    /* not binds tighter than and, and tighter than or: a or (b and (not c)) */
    ck_expr *e = cond_of(&p, "a or b and not c");
    assert_int_equal(e->kind, CK_EX_OR);
    assert_int_equal(e->u.bin.lhs->kind, CK_EX_NAME);
    ck_expr *r = e->u.bin.rhs;
    assert_int_equal(r->kind, CK_EX_AND);
    assert_int_equal(r->u.bin.rhs->kind, CK_EX_NOT);
    assert_string_equal(r->u.bin.rhs->u.operand->u.name.text, "c");
    done(p);

    /* or is left-associative; parentheses are kept for the formatter */
    e = cond_of(&p, "(a or b) and c or d");
    assert_int_equal(e->kind, CK_EX_OR);
    assert_int_equal(e->u.bin.lhs->kind, CK_EX_AND);
    assert_int_equal(e->u.bin.lhs->u.bin.lhs->kind, CK_EX_PAREN);
    assert_int_equal(e->u.bin.lhs->u.bin.lhs->u.operand->kind, CK_EX_OR);
    assert_span_text(p, e->u.bin.lhs->u.bin.lhs->span, "(a or b)");
    done(p);
}

static void test_comparisons_and_in(void **state)
{
    (void)state;
    static const struct {
        const char *op;
        ck_cmp_op want;
    } ops[] = {{"==", CK_OP_EQ}, {"!=", CK_OP_NE}, {"<", CK_OP_LT},
               {"<=", CK_OP_LE}, {">", CK_OP_GT},  {">=", CK_OP_GE}};
    for (size_t i = 0; i < 6; i++) {
        char c[64];
        snprintf(c, sizeof c, "importance %s high", ops[i].op);
        parsed *p;
        ck_expr *e = cond_of(&p, c);
        assert_int_equal(e->kind, CK_EX_CMP);
        assert_int_equal(e->u.bin.op, ops[i].want);
        assert_string_equal(ck_cmp_op_text(ops[i].want), ops[i].op);
        done(p);
    }
    parsed *p;
    ck_expr *e = cond_of(&p, "location in (\"GB\", \"IE\", x) and tier.notify == full and tier >= low");
    ck_expr *in = e->u.bin.lhs->u.bin.lhs;
    assert_int_equal(in->kind, CK_EX_IN);
    assert_string_equal(in->u.in.lhs->u.name.text, "location");
    assert_int_equal(in->u.in.items.len, 3);
    assert_string_equal(((ck_expr *)item(&in->u.in.items, 1))->u.string, "IE");
    ck_expr *attr = e->u.bin.lhs->u.bin.rhs->u.bin.lhs;
    assert_int_equal(attr->kind, CK_EX_ATTR);
    assert_string_equal(attr->u.name.text, "notify");
    assert_span_text(p, attr->span, "tier.notify");
    assert_int_equal(e->u.bin.rhs->u.bin.lhs->kind, CK_EX_TIER);
    done(p);

    e = cond_of(&p, "true or false");
    assert_int_equal(e->u.bin.lhs->kind, CK_EX_BOOL);
    assert_true(e->u.bin.lhs->u.boolean);
    assert_false(e->u.bin.rhs->u.boolean);
    done(p);
}

/* ---- syntax errors ---- */

static void test_syntax_error_expected_list(void **state)
{
    (void)state;
    parsed *p = parse("profile {\n"
                      "  y : frob\n"
                      "}\n");
    assert_errors(p, 1);
    assert_diag(p, 0, 2, 7,
                "unexpected name 'frob', expected 'bool', 'date', 'depth', 'duration', 'level', 'number' or 'string'");
    done(p);
}

static void test_syntax_error_missing_brace_hint(void **state)
{
    (void)state;
    parsed *p = parse("evidence e \"E\"\n"
                      "  # the brace is missing above\n"
                      "  valid for 1y\n"
                      "}\n");
    assert_errors(p, 1);
    const ck_diag *d = assert_diag(p, 0, 3, 3, "unexpected 'valid', expected '{'");
    assert_hint(d, "is '{' missing at the end of line 1?");
    done(p);
}

static void test_syntax_error_at_eof(void **state)
{
    (void)state;
    parsed *p = parse("tiers low <\n\n");
    assert_errors(p, 1);
    /* The end of the file is placed right after the last token. */
    assert_hint(assert_diag(p, 0, 1, 12, "unexpected end of file, expected name"),
                "the file ends in the middle of a declaration: is it complete?");
    done(p);

    p = parse("profile {\n  a : bool\n");
    assert_errors(p, 1);
    const ck_diag *d = assert_diag(p, 0, 2, 11, "unexpected end of file, expected quoted string, name or '}'");
    assert_hint(d, "a '{' is not closed");
    done(p);
}

static void test_syntax_error_reserved_word(void **state)
{
    (void)state;
    parsed *p = parse("tiers low < tier\n");
    assert_errors(p, 1);
    assert_hint(assert_diag(p, 0, 1, 13, "unexpected 'tier', expected name"),
                "'tier' is a reserved word and cannot be used as a name");
    done(p);
}

static void test_syntax_error_assignment_in_condition(void **state)
{
    (void)state;
    parsed *p = parse("tiers t\ntier t when x = 3\n");
    assert_errors(p, 1);
    const ck_diag *d = p->diags.list.items[0];
    assert_true(strncmp(d->message, "unexpected '='", 14) == 0);
    assert_at(p->src, d->span.start, 2, 15);
    assert_hint(d, "comparisons use '==', assignments appear only in tier attributes and tests");
    done(p);
}

static void test_utf8_columns(void **state)
{
    (void)state;
    /* Columns count characters: each é is one column though two bytes. */
    parsed *p = parse("policy \"\xc3\xa9\xc3\xa9\xc3\xa9\" version 1\n");
    assert_errors(p, 1);
    assert_diag(p, 0, 1, 22, "unexpected numeric value '1', expected quoted string");
    done(p);
}

static void test_recovery_reports_independent_errors(void **state)
{
    (void)state;
    parsed *p = parse("policy \"P\"\n"
                      "tiers low < high\n"
                      "profile {\n"
                      "  a : frob\n"
                      "  b : bool\n"
                      "}\n"
                      "tier high when a == == 1\n"
                      "tier low otherwise\n"
                      "require R-1 \"r\" {\n"
                      "  clause c with\n"
                      "  clause d\n"
                      "}\n"
                      "clause c \"c\"\n"
                      "test \"t\" {\n"
                      "  as of 2026-01-01\n"
                      "  expect tier\n"
                      "  expect nothing\n"
                      "}\n");
    assert_errors(p, 4);
    assert_diag(p, 0, 4, 7,
                "unexpected name 'frob', expected 'bool', 'date', 'depth', 'duration', 'level', 'number' or 'string'");
    /* Too many tokens could follow to list them usefully. */
    assert_null(assert_diag(p, 1, 7, 21, "unexpected '=='")->hint);
    assert_hint(assert_diag(p, 2, 11, 3, "unexpected 'clause', expected name"),
                "is a name missing at the end of line 10?");
    assert_hint(assert_diag(p, 3, 17, 3, "unexpected 'expect', expected name"),
                "is a name missing at the end of line 16?");
    /* What follows each mistake still parsed. */
    size_t n_profile_fields = 0, n_decls = p->file->decls.len;
    bool saw_otherwise = false, saw_clause = false, saw_test = false;
    for (size_t i = 0; i < n_decls; i++) {
        ck_decl *d = decl(p, i);
        if (d->kind == CK_DECL_PROFILE)
            n_profile_fields = d->fields.len;
        if (d->kind == CK_DECL_TIER_RULE && !d->cond)
            saw_otherwise = true;
        if (d->kind == CK_DECL_CLAUSE && strcmp(d->name.text, "c") == 0)
            saw_clause = true;
        if (d->kind == CK_DECL_TEST)
            saw_test = true;
    }
    assert_int_equal(n_profile_fields, 1);
    assert_true(saw_otherwise);
    assert_true(saw_clause);
    assert_true(saw_test);
    done(p);
}

static void test_recovery_inside_blocks(void **state)
{
    (void)state;
    /* One bad line per block; the lines after it in the same block are kept. */
    parsed *p = parse("evidence e \"E\" {\n"
                      "  valid for 1x\n"
                      "  independent\n"
                      "}\n"
                      "questionnaire q \"Q\" {\n"
                      "  question a bool\n"
                      "  question b : bool\n"
                      "}\n");
    assert_errors(p, 2);
    assert_diag(p, 0, 2, 13, "malformed number or duration");
    assert_at(p->src, ((const ck_diag *)p->diags.list.items[1])->span.start, 6, 14);
    assert_true(decl(p, 0)->independent);
    ck_decl *q = decl(p, 1);
    assert_int_equal(q->fields.len, 1);
    assert_string_equal(((ck_field_decl *)item(&q->fields, 0))->name.text, "b");
    done(p);
}

/* ---- nesting limits ---- */

static void test_nesting_parentheses(void **state)
{
    (void)state;
    char buf[4096];
    size_t at = (size_t)snprintf(buf, sizeof buf, "tiers t\ntier t when ");
    for (int i = 0; i < 80; i++)
        buf[at++] = '(';
    buf[at++] = 'x';
    for (int i = 0; i < 80; i++)
        buf[at++] = ')';
    at += (size_t)snprintf(buf + at, sizeof buf - at, "\ntier t otherwise\n");
    parsed *p = parse_n(buf, at);
    /* Reported once, not once per level above the limit. */
    assert_errors(p, 1);
    assert_hint(assert_diag(p, 0, 2, 29, "condition is nested too deeply (more than 64 levels)"),
                "split the condition, or remove redundant parentheses");
    assert_int_equal(decl(p, 2)->kind, CK_DECL_TIER_RULE);
    done(p);

    /* 64 levels of parentheses is within the limit (the name inside is the first level). */
    at = (size_t)snprintf(buf, sizeof buf, "tiers t\ntier t when ");
    for (int i = 0; i < CK_PARSE_MAX_NESTING - 1; i++)
        buf[at++] = '(';
    buf[at++] = 'x';
    for (int i = 0; i < CK_PARSE_MAX_NESTING - 1; i++)
        buf[at++] = ')';
    buf[at++] = '\n';
    p = parse_n(buf, at);
    assert_clean(p);
    assert_int_equal(decl(p, 1)->cond->depth, CK_PARSE_MAX_NESTING);
    done(p);
}

static void test_nesting_exhausts_parser_stack(void **state)
{
    (void)state;
    size_t n = 5000;
    char *buf = malloc(n + 64);
    assert_non_null(buf);
    size_t at = (size_t)sprintf(buf, "tiers t\ntier t when ");
    memset(buf + at, '(', n);
    at += n;
    parsed *p = parse_n(buf, at);
    free(buf);
    /* One error, and no "unexpected end of file" after the parser gave up. */
    assert_errors(p, 1);
    const ck_diag *d = p->diags.list.items[0];
    assert_string_equal(d->message, "policy is nested too deeply to parse");
    assert_hint(d, "at most 64 levels of parentheses and any/all groups are allowed");
    assert_int_equal(ck_source_linecol(p->src, d->span.start).line, 2);
    done(p);
}

static void test_nesting_rule_groups(void **state)
{
    (void)state;
    char buf[4096];
    size_t at = (size_t)snprintf(buf, sizeof buf, "require R \"r\" {\n");
    for (int i = 0; i < 70; i++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "any { ");
    at += (size_t)snprintf(buf + at, sizeof buf - at, "clause c ");
    for (int i = 0; i < 70; i++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "} ");
    at += (size_t)snprintf(buf + at, sizeof buf - at, "\n}\n");
    parsed *p = parse_n(buf, at);
    assert_errors(p, 1);
    const ck_diag *d = p->diags.list.items[0];
    assert_string_equal(d->message, "rules are nested too deeply (more than 64 levels)");
    assert_hint(d, "flatten nested any/all groups");
    done(p);
}

static void test_long_or_chain(void **state)
{
    (void)state;
    char buf[4096];
    size_t at = (size_t)snprintf(buf, sizeof buf, "tiers t\ntier t when a");
    for (int i = 0; i < 70; i++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, " or a");
    buf[at++] = '\n';
    parsed *p = parse_n(buf, at);
    assert_errors(p, 1);
    const ck_diag *d = assert_diag(p, 0, 2, 13, "condition has too many 'or' terms (more than 64)");
    assert_non_null(d->hint);
    assert_non_null(strstr(d->hint, "FIELD in (A, B, ...)"));
    done(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_durations_each_unit),
        cmocka_unit_test(test_duration_zero_and_overflow),
        cmocka_unit_test(test_unknown_unit),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_string_bad_escapes),
        cmocka_unit_test(test_string_invalid_utf8),
        cmocka_unit_test(test_string_too_long),
        cmocka_unit_test(test_unterminated_string_at_line_end),
        cmocka_unit_test(test_unterminated_string_at_eof),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_unterminated_comment),
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_bad_characters_reported_and_read_as_meant),
        cmocka_unit_test(test_other_quotes),
        cmocka_unit_test(test_non_ascii_outside_strings),
        cmocka_unit_test(test_nul_and_dash),
        cmocka_unit_test(test_lexer_error_no_cascade),
        cmocka_unit_test(test_lexer_error_then_independent_error),
        cmocka_unit_test(test_binary_file),
        cmocka_unit_test(test_bom_skipped),
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_header_attribute_twice),
        cmocka_unit_test(test_profile),
        cmocka_unit_test(test_tiers_and_tier_declarations),
        cmocka_unit_test(test_clause_and_evidence),
        cmocka_unit_test(test_evidence_validity_twice),
        cmocka_unit_test(test_questionnaire),
        cmocka_unit_test(test_questionnaire_depths_twice),
        cmocka_unit_test(test_require_tier_ranges),
        cmocka_unit_test(test_require_rules),
        cmocka_unit_test(test_guarded_rules),
        cmocka_unit_test(test_otherwise_without_when),
        cmocka_unit_test(test_require_attribute_errors),
        cmocka_unit_test(test_severity_twice),
        cmocka_unit_test(test_test_block),
        cmocka_unit_test(test_as_of_twice),
        cmocka_unit_test(test_expression_precedence),
        cmocka_unit_test(test_comparisons_and_in),
        cmocka_unit_test(test_syntax_error_expected_list),
        cmocka_unit_test(test_syntax_error_missing_brace_hint),
        cmocka_unit_test(test_syntax_error_at_eof),
        cmocka_unit_test(test_syntax_error_reserved_word),
        cmocka_unit_test(test_syntax_error_assignment_in_condition),
        cmocka_unit_test(test_utf8_columns),
        cmocka_unit_test(test_recovery_reports_independent_errors),
        cmocka_unit_test(test_recovery_inside_blocks),
        cmocka_unit_test(test_nesting_parentheses),
        cmocka_unit_test(test_nesting_exhausts_parser_stack),
        cmocka_unit_test(test_nesting_rule_groups),
        cmocka_unit_test(test_long_or_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
