/* Unit tests for the language server's plumbing: UTF-16 positions, file: URIs, message framing. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lsp_position.h"
#include "lsp_rpc.h"
#include "lsp_uri.h"

/* ---- positions ---- */

/* a, e-acute (2 bytes), a padlock outside the BMP (4 bytes, 2 UTF-16 units), b; a broken byte, c,
 * CR LF; the euro sign (3 bytes, 1 unit), x. */
static const char TEXT[] = "a\xc3\xa9\xf0\x9f\x94\x92" "b\n\xff" "c\r\n\xe2\x82\xac" "x";

static const ck_source *source(ck_arena *a)
{
    const ck_source *src = ck_source_from_text(a, "t.policy", TEXT, sizeof TEXT - 1);
    assert_non_null(src);
    return src;
}

static void assert_pos(ck_lsp_pos got, uint32_t line, uint32_t character)
{
    assert_int_equal(got.line, line);
    assert_int_equal(got.character, character);
}

static void test_offsets_to_utf16_positions(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    const ck_source *src = source(a);
    assert_pos(ck_lsp_pos_from_offset(src, 0), 0, 0);  /* a */
    assert_pos(ck_lsp_pos_from_offset(src, 1), 0, 1);  /* e-acute */
    assert_pos(ck_lsp_pos_from_offset(src, 3), 0, 2);  /* padlock */
    assert_pos(ck_lsp_pos_from_offset(src, 7), 0, 4);  /* b: the padlock took two units */
    assert_pos(ck_lsp_pos_from_offset(src, 8), 0, 5);  /* the line feed */
    assert_pos(ck_lsp_pos_from_offset(src, 9), 1, 0);  /* the broken byte counts as one U+FFFD */
    assert_pos(ck_lsp_pos_from_offset(src, 10), 1, 1); /* c */
    assert_pos(ck_lsp_pos_from_offset(src, 11), 1, 2); /* CR */
    assert_pos(ck_lsp_pos_from_offset(src, 13), 2, 0); /* euro */
    assert_pos(ck_lsp_pos_from_offset(src, 16), 2, 1); /* x */
    assert_pos(ck_lsp_pos_from_offset(src, 17), 2, 2); /* the end */
    assert_pos(ck_lsp_pos_from_offset(src, 9999), 2, 2);
    ck_arena_free(a);
}

static void test_utf16_positions_to_offsets(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    const ck_source *src = source(a);
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){0, 0}), 0);
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){0, 2}), 3);
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){0, 3}), 3);  /* inside the pair: its start */
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){0, 4}), 7);
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){0, 99}), 8); /* past the end: the line's end */
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){1, 1}), 10);
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){1, 99}), 11); /* before CR LF */
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){2, 1}), 16);
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){2, 2}), 17);
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){7, 0}), 17); /* past the last line: the end */
    ck_arena_free(a);
}

static void test_positions_round_trip(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    const ck_source *src = source(a);
    static const uint32_t starts[] = {0, 1, 3, 7, 8, 9, 10, 11, 13, 16, 17};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
        assert_int_equal(ck_lsp_offset_from_pos(src, ck_lsp_pos_from_offset(src, starts[i])), starts[i]);
    ck_arena_free(a);
}

static void test_empty_text(void **state)
{
    (void)state;
    ck_arena *a = ck_arena_new();
    const ck_source *src = ck_source_from_text(a, "e.policy", "", 0);
    assert_pos(ck_lsp_pos_from_offset(src, 0), 0, 0);
    assert_int_equal(ck_lsp_offset_from_pos(src, (ck_lsp_pos){3, 4}), 0);
    ck_arena_free(a);
}

/* ---- URIs ---- */

static void assert_path(const char *uri, const char *want)
{
    char *got = ck_lsp_uri_to_path(uri);
    if (want)
        assert_string_equal(got, want);
    else
        assert_null(got);
    free(got);
}

static void test_uri_to_path(void **state)
{
    (void)state;
    assert_path("file:///home/sec/a%20b/base.policy", "/home/sec/a b/base.policy");
    assert_path("file://localhost/x.policy", "/x.policy");
    assert_path("FILE:///%C3%BC.policy", "/\xc3\xbc.policy");
    assert_path("file:///c%3A/x.policy?query#frag", "/c:/x.policy");
    assert_path("untitled:Untitled-1", NULL);
    assert_path("file://server/share/x.policy", NULL); /* not a local file */
    assert_path("file:///a%2fb", NULL);                 /* an encoded '/' would change the path */
    assert_path("file:///a%00b", NULL);
    assert_path("file:///a%zz", NULL);
    assert_path("file:///a%2", NULL);
}

static void test_path_to_uri(void **state)
{
    (void)state;
    char *uri = ck_lsp_path_to_uri("/home/sec/a b/\xc3\xbc%#.policy");
    assert_string_equal(uri, "file:///home/sec/a%20b/%C3%BC%25%23.policy");
    char *back = ck_lsp_uri_to_path(uri);
    assert_string_equal(back, "/home/sec/a b/\xc3\xbc%#.policy");
    free(uri);
    free(back);
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    uri = ck_lsp_path_to_uri("rel.policy");
    back = ck_lsp_uri_to_path(uri);
    char want[4200];
    snprintf(want, sizeof want, "%s/rel.policy", cwd);
    assert_string_equal(back, want); /* relative paths are made absolute */
    free(uri);
    free(back);
}

/* ---- framing ---- */

typedef struct {
    FILE *in;
    char error[256];
} reader;

static void open_reader(reader *r, const char *bytes, size_t len)
{
    r->in = fmemopen((void *)bytes, len, "r");
    assert_non_null(r->in);
}

static ck_rpc_status next(reader *r, json_t **msg)
{
    return ck_rpc_read(r->in, msg, r->error, sizeof r->error);
}

static void assert_message(reader *r, const char *want_method)
{
    json_t *msg;
    assert_int_equal(next(r, &msg), CK_RPC_OK);
    assert_string_equal(json_string_value(json_object_get(msg, "method")), want_method);
    json_decref(msg);
}

#define BYTES(s) s, sizeof s - 1

static void test_reads_framed_messages(void **state)
{
    (void)state;
    static const char in[] = "Content-Length: 17\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n{\"method\":\"one\"}\n"
                             "\r\ncontent-length:17\n\n{\"method\":\"two\"}\n";
    reader r;
    open_reader(&r, BYTES(in));
    assert_message(&r, "one");
    assert_message(&r, "two"); /* a blank line between messages, LF alone, any case of the name */
    json_t *msg;
    assert_int_equal(next(&r, &msg), CK_RPC_EOF);
    assert_null(msg);
    fclose(r.in);
}

static void test_bad_frames_are_skipped(void **state)
{
    (void)state;
    char in[12000];
    int n = snprintf(in, sizeof in, "%s", "Content-Type: x\r\n\r\n"            /* no length */
                                         "Content-Length: -3\r\n\r\n"         /* a bad one */
                                         "Content-Length: 9\r\n\r\n{\"a\": 1,"); /* not JSON */
    n += snprintf(in + n, sizeof in - (size_t)n, "X-Long: %09000d\r\nContent-Length: 2\r\n\r\n{}", 0);
    n += snprintf(in + n, sizeof in - (size_t)n, "Content-Length: 16\r\n\r\n{\"method\":\"ok\"}\n");
    reader r;
    open_reader(&r, in, (size_t)n);
    json_t *msg;
    assert_int_equal(next(&r, &msg), CK_RPC_BAD_FRAME);
    assert_string_equal(r.error, "message header without Content-Length");
    assert_int_equal(next(&r, &msg), CK_RPC_BAD_FRAME);
    assert_string_equal(r.error, "invalid Content-Length header: Content-Length: -3");
    assert_int_equal(next(&r, &msg), CK_RPC_BAD_JSON);
    assert_int_equal(next(&r, &msg), CK_RPC_BAD_FRAME);
    assert_string_equal(r.error, "message header longer than 8192 bytes");
    assert_message(&r, "ok"); /* the long header's body was skipped by its length */
    assert_int_equal(next(&r, &msg), CK_RPC_EOF);
    fclose(r.in);
}

static void test_oversized_and_truncated_bodies(void **state)
{
    (void)state;
    static const char big[] = "Content-Length: 67108865\r\n\r\n{}";
    reader r;
    open_reader(&r, BYTES(big));
    json_t *msg;
    assert_int_equal(next(&r, &msg), CK_RPC_BAD_FRAME);
    assert_string_equal(r.error, "message of 67108865 bytes is larger than the limit of 67108864");
    assert_int_equal(next(&r, &msg), CK_RPC_EOF);
    fclose(r.in);
    static const char cut[] = "Content-Length: 50\r\n\r\n{\"method\":";
    open_reader(&r, BYTES(cut));
    assert_int_equal(next(&r, &msg), CK_RPC_EOF);
    fclose(r.in);
    static const char headless[] = "Content-Length: 5\r\n";
    open_reader(&r, BYTES(headless));
    assert_int_equal(next(&r, &msg), CK_RPC_BAD_FRAME); /* the input ended inside the header */
    fclose(r.in);
}

static void test_errors_quote_only_printable_ascii(void **state)
{
    (void)state;
    static const char in[] = "Content-Length: \x01\xff\r\n\r\n";
    reader r;
    open_reader(&r, BYTES(in));
    json_t *msg;
    assert_int_equal(next(&r, &msg), CK_RPC_BAD_FRAME);
    assert_string_equal(r.error, "invalid Content-Length header: Content-Length: ??");
    fclose(r.in);
}

static void test_writes_framed_messages(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    json_t *msg = json_pack("{s:s}", "m", "\xc3\xa9");
    assert_int_equal(ck_rpc_write(out, msg), 0);
    fclose(out);
    assert_string_equal(buf, "Content-Length: 10\r\n\r\n{\"m\":\"\xc3\xa9\"}"); /* bytes, not characters */
    json_decref(msg);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets_to_utf16_positions),
        cmocka_unit_test(test_utf16_positions_to_offsets),
        cmocka_unit_test(test_positions_round_trip),
        cmocka_unit_test(test_empty_text),
        cmocka_unit_test(test_uri_to_path),
        cmocka_unit_test(test_path_to_uri),
        cmocka_unit_test(test_reads_framed_messages),
        cmocka_unit_test(test_bad_frames_are_skipped),
        cmocka_unit_test(test_oversized_and_truncated_bodies),
        cmocka_unit_test(test_errors_quote_only_printable_ascii),
        cmocka_unit_test(test_writes_framed_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
