/* Unit tests for the YAML record loader: tree shape, byte spans, limits and located errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "yaml_tree.h"

typedef struct {
    ck_arena *arena;
    ck_diags diags;
    ck_source *src;
    ck_yaml_node *root;
    int rc;
} fixture;

static fixture *load_n(const char *text, size_t len, const ck_yaml_limits *lim)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->arena = ck_arena_new();
    assert_non_null(f->arena);
    assert_int_equal(ck_diags_init(&f->diags), 0);
    f->src = ck_source_from_text(f->arena, "rec.yaml", text, len);
    assert_non_null(f->src);
    f->rc = ck_yaml_load(f->arena, f->src, lim, &f->root, &f->diags);
    return f;
}

static fixture *load(const char *text) { return load_n(text, strlen(text), NULL); }

static void done(fixture *f)
{
    ck_diags_fini(&f->diags);
    ck_arena_free(f->arena);
    free(f);
}

static void assert_at(const ck_source *src, uint32_t offset, unsigned line, unsigned col)
{
    ck_linecol lc = ck_source_linecol(src, offset);
    if (lc.line != line || lc.col != col)
        fail_msg("offset %u is at %u:%u, expected %u:%u", offset, lc.line, lc.col, line, col);
}

static void assert_loaded(const fixture *f)
{
    if (f->rc != 0)
        fail_msg("load failed: %s",
                 f->diags.list.len ? ((ck_diag *)f->diags.list.items[0])->message : "(no diag)");
    assert_non_null(f->root);
    assert_int_equal(f->diags.errors, 0);
}

/* The i-th diagnostic: an error whose message holds want, located at line:col. */
static const ck_diag *assert_error(const fixture *f, size_t i, const char *want, unsigned line,
                                   unsigned col)
{
    assert_int_equal(f->rc, -1);
    assert_null(f->root);
    assert_true(f->diags.list.len > i);
    const ck_diag *d = f->diags.list.items[i];
    assert_int_equal(d->level, CK_DIAG_ERROR);
    if (!strstr(d->message, want))
        fail_msg("message '%s' lacks '%s'", d->message, want);
    assert_ptr_equal(d->span.src, f->src);
    assert_at(f->src, d->span.start, line, col);
    return d;
}

static void assert_scalar(const ck_yaml_node *n, const char *text, bool plain)
{
    assert_non_null(n);
    assert_int_equal(n->kind, CK_YAML_SCALAR);
    assert_int_equal(n->text_len, strlen(text));
    assert_string_equal(n->text, text);
    assert_int_equal(n->plain, plain);
}

/* The source bytes a span covers, for comparing with what the file says there. */
static void assert_span_text(const fixture *f, const ck_yaml_node *n, const char *want)
{
    size_t len = n->span.end - n->span.start;
    if (len != strlen(want) || memcmp(f->src->text + n->span.start, want, len) != 0)
        fail_msg("span covers '%.*s', expected '%s'", (int)len, f->src->text + n->span.start, want);
}

static void test_limits_default(void **state)
{
    (void)state;
    ck_yaml_limits l;
    ck_yaml_limits_default(&l);
    assert_int_equal(l.max_bytes, 1u << 20);
    assert_int_equal(l.max_depth, 64);
    assert_int_equal(l.max_nodes, 100000);
}

static void test_nested_spans(void **state)
{
    (void)state;
    fixture *f = load("supplier:\n"
                      "  name: Acme Ltd\n"
                      "  tags: [a, \"b\"]\n"
                      "items:\n"
                      "  - id: 1\n"
                      "    ok: true\n"
                      "  - {id: 2}\n");
    assert_loaded(f);
    const ck_yaml_node *root = f->root;
    assert_int_equal(root->kind, CK_YAML_MAP);
    assert_int_equal(root->count, 2);
    assert_at(f->src, root->span.start, 1, 1);
    assert_scalar(root->keys[0], "supplier", true);
    assert_scalar(root->keys[1], "items", true);
    assert_at(f->src, root->keys[1]->span.start, 4, 1);

    const ck_yaml_node *sup = ck_yaml_map_get(root, "supplier");
    assert_int_equal(sup->kind, CK_YAML_MAP);
    assert_at(f->src, sup->span.start, 2, 3);
    /* A block collection ends with its last entry, not at the next key. */
    assert_at(f->src, sup->span.end, 3, 17);
    const ck_yaml_node *name = ck_yaml_map_get(sup, "name");
    assert_scalar(name, "Acme Ltd", true);
    assert_at(f->src, name->span.start, 2, 9);
    assert_span_text(f, name, "Acme Ltd");
    const ck_yaml_node *tags = ck_yaml_map_get(sup, "tags");
    assert_int_equal(tags->kind, CK_YAML_SEQ);
    assert_null(tags->keys);
    assert_int_equal(tags->count, 2);
    assert_span_text(f, tags, "[a, \"b\"]");
    assert_scalar(tags->values[1], "b", false);
    assert_span_text(f, tags->values[1], "\"b\"");
    assert_at(f->src, tags->values[1]->span.start, 3, 13);

    const ck_yaml_node *items = ck_yaml_map_get(root, "items");
    assert_int_equal(items->kind, CK_YAML_SEQ);
    assert_int_equal(items->count, 2);
    assert_at(f->src, items->span.start, 5, 3);
    const ck_yaml_node *item0 = items->values[0];
    assert_int_equal(item0->kind, CK_YAML_MAP);
    assert_at(f->src, item0->span.start, 5, 5);
    const ck_yaml_node *ok = ck_yaml_map_get(item0, "ok");
    assert_scalar(ok, "true", true);
    assert_at(f->src, ok->span.start, 6, 9);
    assert_span_text(f, items->values[1], "{id: 2}");
    assert_at(f->src, root->span.end, 7, 12);
    done(f);
}

/* libyaml marks count characters; spans must still be bytes. */
static void test_multibyte_spans_are_bytes(void **state)
{
    (void)state;
    fixture *f = load("é: ü\n"
                      "k: \"日本🙂\"\n"
                      "näme: [x, yé]\n");
    assert_loaded(f);
    const ck_yaml_node *u = ck_yaml_map_get(f->root, "é");
    assert_scalar(u, "ü", true);
    assert_int_equal(u->span.start, 4);
    assert_int_equal(u->span.end, 6);
    assert_at(f->src, u->span.start, 1, 4);
    const ck_yaml_node *k = ck_yaml_map_get(f->root, "k");
    assert_span_text(f, k, "\"日本🙂\"");
    const ck_yaml_node *seq = ck_yaml_map_get(f->root, "näme");
    assert_span_text(f, seq, "[x, yé]");
    assert_at(f->src, seq->span.start, 3, 7);
    assert_span_text(f, seq->values[1], "yé");
    done(f);
}

static void test_plain_and_quoted_scalars(void **state)
{
    (void)state;
    fixture *f = load("a: true\n"
                      "b: \"true\"\n"
                      "c: '12'\n"
                      "d: 24h\n"
                      "e: |\n"
                      "  line\n"
                      "f:\n"
                      "g: \"tab\\there\"\n");
    assert_loaded(f);
    assert_scalar(ck_yaml_map_get(f->root, "a"), "true", true);
    assert_scalar(ck_yaml_map_get(f->root, "b"), "true", false);
    assert_scalar(ck_yaml_map_get(f->root, "c"), "12", false);
    assert_scalar(ck_yaml_map_get(f->root, "d"), "24h", true);
    assert_scalar(ck_yaml_map_get(f->root, "e"), "line\n", false);
    /* An empty value is an empty plain scalar: the validator reads it as null. */
    assert_scalar(ck_yaml_map_get(f->root, "f"), "", true);
    assert_scalar(ck_yaml_map_get(f->root, "g"), "tab\there", false);
    assert_null(ck_yaml_map_get(f->root, "zz"));
    assert_null(ck_yaml_map_get(ck_yaml_map_get(f->root, "a"), "a"));
    assert_null(ck_yaml_map_get(NULL, "a"));
    done(f);
}

static void test_explicit_tags_kept(void **state)
{
    (void)state;
    fixture *f = load("a: !!str 12\nb: !money {amount: 3}\nc: 4\n");
    assert_loaded(f);
    assert_string_equal(ck_yaml_map_get(f->root, "a")->tag, "tag:yaml.org,2002:str");
    assert_true(ck_yaml_map_get(f->root, "a")->plain);
    assert_string_equal(ck_yaml_map_get(f->root, "b")->tag, "!money");
    assert_int_equal(ck_yaml_map_get(f->root, "b")->kind, CK_YAML_MAP);
    assert_null(ck_yaml_map_get(f->root, "c")->tag);
    done(f);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    fixture *f = load("a: 1\nb: 2\na: 3\n");
    const ck_diag *d = assert_error(f, 0, "duplicate key 'a'", 3, 1);
    assert_non_null(d->hint);
    assert_string_equal(d->hint, "first defined at line 1");
    assert_int_equal(f->diags.errors, 1);
    done(f);
}

static void test_duplicate_keys_all_reported(void **state)
{
    (void)state;
    /* Quoted and plain spellings are the same key; the same key in sibling maps is fine. */
    fixture *f = load("x:\n  k: 1\n  \"k\": 2\nother: {k: 1}\ny: 1\ny: 2\n");
    assert_error(f, 0, "duplicate key 'k'", 3, 3);
    assert_string_equal(((ck_diag *)f->diags.list.items[0])->hint, "first defined at line 2");
    assert_error(f, 1, "duplicate key 'y'", 6, 1);
    assert_int_equal(f->diags.errors, 2);
    done(f);
}

static void test_duplicate_key_json(void **state)
{
    (void)state;
    fixture *f = load("{\"a\": 1,\n \"a\": 2}");
    assert_error(f, 0, "duplicate key 'a'", 2, 2);
    done(f);
}

static void test_syntax_error_location(void **state)
{
    (void)state;
    fixture *f = load("ok: 1\na: b: c\n");
    const ck_diag *d =
        assert_error(f, 0, "invalid YAML: mapping values are not allowed in this context", 2, 5);
    assert_null(d->hint);
    done(f);
}

static void test_syntax_error_with_context(void **state)
{
    (void)state;
    fixture *f = load("key: [1, 2\nfoo: bar\n");
    const ck_diag *d = assert_error(f, 0, "invalid YAML: did not find expected ',' or ']'", 2, 4);
    assert_non_null(d->hint);
    assert_string_equal(d->hint, "while parsing a flow sequence at line 1, column 6");
    done(f);
}

static void test_syntax_error_after_multibyte(void **state)
{
    (void)state;
    fixture *f = load("ñame: 'abc\n");
    assert_error(f, 0, "invalid YAML: found unexpected end of stream", 2, 1);
    assert_string_equal(((ck_diag *)f->diags.list.items[0])->hint,
                        "while scanning a quoted scalar at line 1, column 7");
    done(f);
}

static void test_aliases_share_nodes(void **state)
{
    (void)state;
    fixture *f = load("base: &b {x: 1}\nuse: *b\nname: &n acme\nagain: *n\n");
    assert_loaded(f);
    assert_ptr_equal(ck_yaml_map_get(f->root, "base"), ck_yaml_map_get(f->root, "use"));
    assert_ptr_equal(ck_yaml_map_get(f->root, "name"), ck_yaml_map_get(f->root, "again"));
    /* The root's block span ends with the alias that ends it, not the anchored node. */
    assert_at(f->src, f->root->span.end, 4, 10);
    done(f);
}

static char *billion_laughs(void)
{
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s + len, cap - len, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                                                "\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'j'; c++) {
        len += (size_t)snprintf(s + len, cap - len, "%c: &%c [", c, c);
        for (int i = 0; i < 9; i++)
            len += (size_t)snprintf(s + len, cap - len, "%s*%c", i ? "," : "", c - 1);
        len += (size_t)snprintf(s + len, cap - len, "]\n");
    }
    return s;
}

static void test_billion_laughs(void **state)
{
    (void)state;
    char *text = billion_laughs();
    clock_t t0 = clock();
    fixture *f = load(text);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    /* a=10, b=91, c=820, d=7381, e=66430 nodes (plus keys): the first *e on line f tips it over. */
    const ck_diag *d = assert_error(f, 0, "alias expansion exceeds 100000 nodes", 6, 8);
    assert_non_null(d->hint);
    assert_non_null(strstr(d->hint, "'*e'"));
    assert_true(secs < 0.5);
    assert_int_equal(f->diags.errors, 1);
    done(f);
    free(text);
}

static void test_node_limit_without_aliases(void **state)
{
    (void)state;
    ck_yaml_limits lim = {.max_nodes = 5};
    const char *text = "[1, 2, 3, 4, 5]";
    fixture *f = load_n(text, strlen(text), &lim);
    assert_error(f, 0, "record has more than 5 nodes", 1, 14);
    done(f);
    lim.max_nodes = 6;
    f = load_n(text, strlen(text), &lim);
    assert_loaded(f);
    done(f);
}

static char *nested(size_t depth)
{
    char *s = malloc(2 * depth + 1);
    assert_non_null(s);
    memset(s, '[', depth);
    memset(s + depth, ']', depth);
    s[2 * depth] = '\0';
    return s;
}

static void test_depth_bomb(void **state)
{
    (void)state;
    char *text = nested(10000);
    fixture *f = load(text);
    assert_error(f, 0, "collections nested deeper than 64 levels", 1, 65);
    assert_int_equal(f->diags.errors, 1);
    done(f);
    free(text);
}

static void test_depth_at_limit(void **state)
{
    (void)state;
    char *text = nested(64);
    fixture *f = load(text);
    assert_loaded(f);
    const ck_yaml_node *n = f->root;
    for (int i = 1; i < 64; i++)
        n = n->values[0];
    assert_int_equal(n->kind, CK_YAML_SEQ);
    assert_int_equal(n->count, 0);
    done(f);
    free(text);

    ck_yaml_limits lim = {.max_depth = 2};
    const char *block = "a:\n  b:\n    c: 1\n";
    f = load_n(block, strlen(block), &lim);
    assert_error(f, 0, "nested deeper than 2 levels", 3, 5);
    done(f);
}

static void test_size_limit(void **state)
{
    (void)state;
    ck_yaml_limits lim = {.max_bytes = 8};
    const char *text = "a: 1\nb: [oops\n";
    fixture *f = load_n(text, strlen(text), &lim);
    /* Refused before parsing, so the syntax error is not reported. */
    assert_error(f, 0, "record file is 14 bytes, over the 8-byte limit", 1, 1);
    assert_int_equal(f->diags.errors, 1);
    done(f);
}

static void test_empty_file(void **state)
{
    (void)state;
    const char *empties[] = {"", "# only a comment\n", "\n\n", "---\n", "--- # nothing\n...\n"};
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        fixture *f = load(empties[i]);
        assert_error(f, 0, "empty record file", 1, 1);
        assert_int_equal(f->diags.errors, 1);
        done(f);
    }
}

static void test_two_documents(void **state)
{
    (void)state;
    fixture *f = load("a: 1\n---\nb: 2\n");
    const ck_diag *d = assert_error(f, 0, "a second YAML document", 2, 1);
    assert_non_null(d->hint);
    done(f);
    f = load("a: 1\n...\n--- {b: 2}\n");
    assert_error(f, 0, "a second YAML document", 3, 1);
    done(f);
    /* One document with explicit markers is fine. */
    f = load("%YAML 1.1\n---\na: 1\n...\n");
    assert_loaded(f);
    done(f);
}

static void test_nul_byte(void **state)
{
    (void)state;
    const char text[] = "a: 1\nb: x\0y\n";
    fixture *f = load_n(text, sizeof text - 1, NULL);
    const ck_diag *d = assert_error(f, 0, "NUL byte", 2, 5);
    assert_int_equal(d->span.start, 9);
    assert_int_equal(d->span.end, 10);
    done(f);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    fixture *f = load("a: 1\nb: \xff\n");
    assert_error(f, 0, "invalid YAML: invalid leading UTF-8 octet (byte 0xFF)", 2, 4);
    done(f);
    f = load("a: 1\nbé: \xc3(\n");
    assert_error(f, 0, "invalid trailing UTF-8 octet", 2, 6);
    done(f);
    /* A UTF-16 file is not guessed at: it fails (here on its NUL bytes). */
    const char utf16[] = "\xff\xfe" "a\0:\0 \0" "1\0";
    f = load_n(utf16, sizeof utf16 - 1, NULL);
    assert_int_equal(f->rc, -1);
    assert_null(f->root);
    done(f);
}

static void test_control_character(void **state)
{
    (void)state;
    fixture *f = load("a: b\x01\n");
    assert_error(f, 0, "control characters are not allowed (U+0001)", 1, 5);
    done(f);
}

static void test_bom(void **state)
{
    (void)state;
    fixture *f = load("\xEF\xBB\xBF" "a: é\nb: [1]\n");
    assert_loaded(f);
    const ck_yaml_node *a = ck_yaml_map_get(f->root, "a");
    assert_scalar(a, "é", true);
    assert_int_equal(f->root->keys[0]->span.start, 3);
    assert_int_equal(a->span.start, 6);
    assert_span_text(f, a, "é");
    const ck_yaml_node *b = ck_yaml_map_get(f->root, "b");
    assert_span_text(f, b, "[1]");
    assert_at(f->src, b->span.start, 2, 4);
    done(f);
}

static void test_crlf(void **state)
{
    (void)state;
    fixture *f = load("a: 1\r\nb:\r\n  - x\r\n  - \"y\"\r\nc: |\r\n  t\r\n");
    assert_loaded(f);
    assert_scalar(ck_yaml_map_get(f->root, "a"), "1", true);
    const ck_yaml_node *b = ck_yaml_map_get(f->root, "b");
    assert_at(f->src, f->root->keys[1]->span.start, 2, 1);
    assert_int_equal(b->count, 2);
    assert_scalar(b->values[0], "x", true);
    assert_at(f->src, b->values[0]->span.start, 3, 5);
    assert_span_text(f, b->values[1], "\"y\"");
    assert_at(f->src, b->values[1]->span.start, 4, 5);
    assert_scalar(ck_yaml_map_get(f->root, "c"), "t\n", false);
    done(f);
}

static void test_json_input(void **state)
{
    (void)state;
    fixture *f = load("{\n"
                      "  \"supplier\": {\"name\": \"Acme\", \"sla_hours\": 24, \"active\": true, "
                      "\"note\": null},\n"
                      "\t\"items\": [1, 2.5, \"three\", [], {}]\n"
                      "}\n");
    assert_loaded(f);
    assert_int_equal(f->root->kind, CK_YAML_MAP);
    const ck_yaml_node *sup = ck_yaml_map_get(f->root, "supplier");
    assert_at(f->src, sup->span.start, 2, 15);
    assert_scalar(ck_yaml_map_get(sup, "name"), "Acme", false);
    assert_scalar(ck_yaml_map_get(sup, "sla_hours"), "24", true);
    assert_scalar(ck_yaml_map_get(sup, "active"), "true", true);
    assert_scalar(ck_yaml_map_get(sup, "note"), "null", true);
    const ck_yaml_node *items = ck_yaml_map_get(f->root, "items");
    assert_int_equal(items->count, 5);
    assert_span_text(f, items, "[1, 2.5, \"three\", [], {}]");
    assert_int_equal(items->values[3]->kind, CK_YAML_SEQ);
    assert_int_equal(items->values[3]->count, 0);
    assert_int_equal(items->values[4]->kind, CK_YAML_MAP);
    assert_int_equal(items->values[4]->count, 0);
    assert_int_equal(f->root->span.start, 0);
    assert_at(f->src, f->root->span.end, 4, 2);
    done(f);
}

static void test_undefined_alias(void **state)
{
    (void)state;
    fixture *f = load("a: 1\nb: *nope\n");
    assert_error(f, 0, "undefined alias '*nope'", 2, 4);
    done(f);
    /* Anchors must come before their aliases. */
    f = load("a: *x\nb: &x 1\n");
    assert_error(f, 0, "undefined alias '*x'", 1, 4);
    done(f);
}

static void test_recursive_alias(void **state)
{
    (void)state;
    fixture *f = load("a: &x [1, {b: *x}]\n");
    assert_error(f, 0, "alias '*x' refers to a collection that contains it", 1, 15);
    done(f);
}

static void test_non_scalar_key(void **state)
{
    (void)state;
    fixture *f = load("? [1, 2]\n: v\n");
    assert_error(f, 0, "mapping keys must be scalars, not a sequence", 1, 3);
    done(f);
    f = load("{{a: 1}: x}");
    assert_error(f, 0, "mapping keys must be scalars, not a mapping", 1, 2);
    done(f);
    f = load("m: &m {a: 1}\nn: {*m : x}\n");
    assert_error(f, 0, "mapping keys must be scalars, not a mapping", 2, 5);
    done(f);
    /* An alias to a scalar is a fine key. */
    f = load("k: &k name\nm: {*k : x}\n");
    assert_loaded(f);
    assert_scalar(ck_yaml_map_get(ck_yaml_map_get(f->root, "m"), "name"), "x", true);
    done(f);
}

static void test_scalar_root(void **state)
{
    (void)state;
    /* The loader accepts any single document; the record validator wants a mapping. */
    fixture *f = load("just text\n");
    assert_loaded(f);
    assert_scalar(f->root, "just text", true);
    done(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits_default),
        cmocka_unit_test(test_nested_spans),
        cmocka_unit_test(test_multibyte_spans_are_bytes),
        cmocka_unit_test(test_plain_and_quoted_scalars),
        cmocka_unit_test(test_explicit_tags_kept),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_duplicate_keys_all_reported),
        cmocka_unit_test(test_duplicate_key_json),
        cmocka_unit_test(test_syntax_error_location),
        cmocka_unit_test(test_syntax_error_with_context),
        cmocka_unit_test(test_syntax_error_after_multibyte),
        cmocka_unit_test(test_aliases_share_nodes),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_node_limit_without_aliases),
        cmocka_unit_test(test_depth_bomb),
        cmocka_unit_test(test_depth_at_limit),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_two_documents),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_control_character),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_json_input),
        cmocka_unit_test(test_undefined_alias),
        cmocka_unit_test(test_recursive_alias),
        cmocka_unit_test(test_non_scalar_key),
        cmocka_unit_test(test_scalar_root),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
