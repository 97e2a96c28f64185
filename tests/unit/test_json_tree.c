/* Unit tests for the JSON record loader: the same tree as YAML, exact spans, limits, located errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json_tree.h"

typedef struct {
    ck_arena *arena;
    ck_diags diags;
    ck_source *src;
    ck_yaml_node *root;
    int rc;
} fixture;

static fixture *load_with(const char *text, size_t len, const ck_yaml_limits *lim, bool yaml)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->arena = ck_arena_new();
    assert_non_null(f->arena);
    assert_int_equal(ck_diags_init(&f->diags), 0);
    f->src = ck_source_from_text(f->arena, yaml ? "rec.yaml" : "rec.json", text, len);
    assert_non_null(f->src);
    f->rc = yaml ? ck_yaml_load(f->arena, f->src, lim, &f->root, &f->diags)
                 : ck_json_load(f->arena, f->src, lim, &f->root, &f->diags);
    return f;
}

static fixture *load(const char *text) { return load_with(text, strlen(text), NULL, false); }

static void done(fixture *f)
{
    ck_diags_fini(&f->diags);
    ck_arena_free(f->arena);
    free(f);
}

static void assert_loaded(const fixture *f)
{
    if (f->rc != 0)
        fail_msg("load failed: %s", f->diags.list.len ? ((ck_diag *)f->diags.list.items[0])->message : "(no diag)");
    assert_non_null(f->root);
}

/* The span's text, for comparing with what the JSON says. */
static void assert_span_text(const fixture *f, ck_span sp, const char *want)
{
    size_t n = sp.end - sp.start;
    if (n != strlen(want) || memcmp(f->src->text + sp.start, want, n) != 0)
        fail_msg("span [%u,%u) is '%.*s', expected '%s'", sp.start, sp.end, (int)n, f->src->text + sp.start, want);
}

static const ck_diag *assert_error(const fixture *f, const char *want, unsigned line, unsigned col)
{
    assert_int_equal(f->rc, -1);
    assert_null(f->root);
    assert_true(f->diags.list.len > 0);
    const ck_diag *d = f->diags.list.items[0];
    if (!strstr(d->message, want))
        fail_msg("message '%s' lacks '%s'", d->message, want);
    ck_linecol lc = ck_source_linecol(f->src, d->span.start);
    if (lc.line != line || lc.col != col)
        fail_msg("'%s' at %u:%u, expected %u:%u", d->message, lc.line, lc.col, line, col);
    return d;
}

static void scalars_are_typed_as_in_yaml(void **state)
{
    (void)state;
    fixture *f = load("{\"s\": \"24h\", \"n\": -1.5e3, \"t\": true, \"f\": false, \"z\": null}");
    assert_loaded(f);
    assert_int_equal(f->root->kind, CK_YAML_MAP);
    assert_int_equal(f->root->count, 5);
    const char *texts[] = {"24h", "-1.5e3", "true", "false", "null"};
    for (size_t i = 0; i < 5; i++) {
        const ck_yaml_node *v = f->root->values[i];
        assert_int_equal(v->kind, CK_YAML_SCALAR);
        assert_string_equal(v->text, texts[i]);
        /* a JSON string is text whatever it says; the rest may be typed */
        assert_int_equal(v->plain, i != 0);
        assert_false(f->root->keys[i]->plain);
    }
    done(f);
}

static void spans_cover_each_token_exactly(void **state)
{
    (void)state;
    fixture *f = load("{\n  \"clauses\": {\"a\\\"b\": \"x\\\\\", \"n\": 12},\n  \"list\": [ 1 , \"two\" ]\n}\n");
    assert_loaded(f);
    assert_span_text(f, f->root->keys[0]->span, "\"clauses\"");
    const ck_yaml_node *clauses = f->root->values[0];
    assert_span_text(f, clauses->span, "{\"a\\\"b\": \"x\\\\\", \"n\": 12}");
    assert_span_text(f, clauses->keys[0]->span, "\"a\\\"b\"");
    assert_string_equal(clauses->keys[0]->text, "a\"b");
    assert_span_text(f, clauses->values[0]->span, "\"x\\\\\"");
    assert_string_equal(clauses->values[0]->text, "x\\");
    assert_span_text(f, clauses->values[1]->span, "12");
    const ck_yaml_node *list = f->root->values[1];
    assert_span_text(f, list->span, "[ 1 , \"two\" ]");
    assert_span_text(f, list->values[1]->span, "\"two\"");
    /* a string whose escapes put a quote where an unescaped string's opening quote would be */
    fixture *g = load("{\"q\": \"\\\"\\\"\", \"plain\": \"ab\"}");
    assert_loaded(g);
    assert_span_text(g, g->root->values[0]->span, "\"\\\"\\\"\"");
    assert_string_equal(g->root->values[0]->text, "\"\"");
    assert_span_text(g, g->root->keys[1]->span, "\"plain\"");
    assert_span_text(g, g->root->values[1]->span, "\"ab\"");
    done(g);
    /* the root ends at its closing brace, not at the newline after it */
    assert_int_equal(f->root->span.start, 0);
    assert_int_equal(f->root->span.end, f->src->len - 1);
    done(f);
}

/* The same record in both syntaxes gives the same tree, scalar for scalar. */
static void same_tree_as_yaml(void **state)
{
    (void)state;
    const char *json = "{\"supplier\": {\"id\": \"acme\", \"name\": \"Acme \\u00e9\"}, \"evidence\": "
                       "[{\"kind\": \"pen-test\", \"issued\": \"2026-01-02\", \"score\": 9.5}], \"ok\": true}";
    fixture *j = load(json);
    fixture *y = load_with(json, strlen(json), NULL, true);
    assert_loaded(j);
    assert_loaded(y);
    const ck_yaml_node *stack_j[64], *stack_y[64];
    size_t n = 0;
    stack_j[n] = j->root;
    stack_y[n++] = y->root;
    while (n) {
        n--;
        const ck_yaml_node *a = stack_j[n], *b = stack_y[n];
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->count, b->count);
        assert_int_equal(a->span.start, b->span.start);
        if (a->kind == CK_YAML_SCALAR) {
            assert_int_equal(a->text_len, b->text_len);
            assert_memory_equal(a->text, b->text, a->text_len);
            assert_int_equal(a->plain, b->plain);
            assert_int_equal(a->span.end, b->span.end);
            continue;
        }
        for (size_t i = 0; i < a->count; i++) {
            assert_true(n + 2 <= 64);
            if (a->kind == CK_YAML_MAP) {
                stack_j[n] = a->keys[i];
                stack_y[n++] = b->keys[i];
            }
            stack_j[n] = a->values[i];
            stack_y[n++] = b->values[i];
        }
    }
    done(j);
    done(y);
}

static void duplicate_keys_are_located_and_all_reported(void **state)
{
    (void)state;
    fixture *f = load("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2},\n \"a\": 3}");
    assert_int_equal(f->rc, -1);
    assert_int_equal(f->diags.errors, 2);
    const ck_diag *d = f->diags.list.items[0];
    assert_string_equal(d->message, "duplicate key 'c'");
    d = f->diags.list.items[1];
    assert_string_equal(d->message, "duplicate key 'a'");
    assert_int_equal(ck_source_linecol(f->src, d->span.start).line, 3);
    done(f);
}

/* Small mappings compare their keys, big ones hash them; a duplicate is caught on either side of
 * the switch, with the line of its first definition. */
static void duplicates_in_small_and_big_mappings(void **state)
{
    (void)state;
    for (int n = 2; n <= 20; n++) {
        for (int dup_of = 0; dup_of < n; dup_of++) {
            char text[2048];
            size_t o = (size_t)snprintf(text, sizeof text, "{");
            for (int k = 0; k < n; k++)
                o += (size_t)snprintf(text + o, sizeof text - o, "%s\n\"k%d\": %d", k ? "," : "", k, k);
            o += (size_t)snprintf(text + o, sizeof text - o, ",\n\"k%d\": 0}", dup_of);
            fixture *f = load(text);
            assert_int_equal(f->rc, -1);
            assert_int_equal(f->diags.errors, 1);
            const ck_diag *d = f->diags.list.items[0];
            char want[64];
            snprintf(want, sizeof want, "duplicate key 'k%d'", dup_of);
            assert_string_equal(d->message, want);
            assert_int_equal(ck_source_linecol(f->src, d->span.start).line, (unsigned)n + 2);
            snprintf(want, sizeof want, "first defined at line %d", dup_of + 2);
            assert_string_equal(d->hint, want);
            done(f);
        }
    }
}

static void syntax_errors_point_at_the_token(void **state)
{
    (void)state;
    struct {
        const char *json, *want;
        unsigned line, col;
    } cases[] = {
        {"{\"a\": 1,}", "invalid object key", 1, 9},
        {"{\n  \"cloud\" true\n}", "separated by a colon", 2, 11},
        {"[1 2]", "after array element", 1, 4},
        {"{\"a\": tru}", "not a JSON value", 1, 7},
        {"{\"a\": \"\\q\"}", "invalid escape", 1, 9},
        {"{\"a\": 1}}", "more text after", 1, 9},
        {"{\"a\": [1,\n 2", "ends early", 2, 3},
        {"{\"a\": \"x\x01y\"}", "invalid character inside string", 1, 9},
        {"{\"a\": \"\xff\"}", "invalid bytes in UTF8 string", 1, 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        fixture *f = load(cases[i].json);
        assert_error(f, cases[i].want, cases[i].line, cases[i].col);
        assert_non_null(strstr(((const ck_diag *)f->diags.list.items[0])->message, "invalid JSON"));
        done(f);
    }
}

static void empty_nul_and_bom(void **state)
{
    (void)state;
    fixture *f = load(" \n\t\n");
    assert_error(f, "empty record file", 1, 1);
    done(f);
    f = load_with("{\"a\": \"x\0y\"}", 12, NULL, false);
    assert_error(f, "NUL byte", 1, 9);
    done(f);
    f = load("\xEF\xBB\xBF{\"a\": 1}");
    assert_loaded(f);
    assert_span_text(f, f->root->keys[0]->span, "\"a\"");
    done(f);
}

static void limits_hold(void **state)
{
    (void)state;
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    fixture *f = load_with(deep, sizeof deep, NULL, false);
    assert_error(f, "nested deeper than 64", 1, 65);
    done(f);
    ck_yaml_limits lim = {.max_nodes = 5};
    const char *many = "[1, 2, 3, 4, 5, 6]";
    f = load_with(many, strlen(many), &lim, false);
    assert_error(f, "more than 5 nodes", 1, 14);
    done(f);
    lim = (ck_yaml_limits){.max_bytes = 8};
    f = load_with(many, strlen(many), &lim, false);
    assert_error(f, "over the 8-byte limit", 1, 1);
    done(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scalars_are_typed_as_in_yaml),
        cmocka_unit_test(spans_cover_each_token_exactly),
        cmocka_unit_test(same_tree_as_yaml),
        cmocka_unit_test(duplicate_keys_are_located_and_all_reported),
        cmocka_unit_test(duplicates_in_small_and_big_mappings),
        cmocka_unit_test(syntax_errors_point_at_the_token),
        cmocka_unit_test(empty_nul_and_bom),
        cmocka_unit_test(limits_hold),
    };
    return cmocka_run_group_tests_name("json_tree", tests, NULL, NULL);
}
