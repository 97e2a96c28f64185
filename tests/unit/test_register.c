/* Unit tests for JSON Lines registers: one record per line, located at the file's lines, nothing
 * lost around a bad line, flat memory for any line length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "register.h"

static ck_policy *policy;
static char path[64];

static int setup(void **state)
{
    (void)state;
    ck_diags d;
    ck_diags_init(&d);
    int rc = ck_driver_load_policy(NULL, 0, &d, &policy) == CK_STATUS_OK ? 0 : -1;
    ck_diags_fini(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    ck_policy_free(policy);
    return 0;
}

static void write_register(const char *text, size_t len)
{
    snprintf(path, sizeof path, "/tmp/ck-register-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
}

/* Reads the whole register: the record names and load codes, joined; the records are kept (the
 * diagnostics point into the text of those that failed) until free_kept. */
static ck_record *kept[16];
static size_t nkept;

static void read_all(const ck_record_limits *lim, char *names, size_t n, ck_diags *d)
{
    ck_register *r;
    assert_int_equal(ck_register_open(path, "reg.jsonl", lim, d, &r), 0);
    names[0] = '\0';
    ck_record *rec;
    int rc, got;
    while ((got = ck_register_next(r, policy, d, &rec, &rc)) == 1) {
        size_t used = strlen(names);
        snprintf(names + used, n - used, "%s%s=%d", used ? " " : "", rc == 0 ? rec->path : "(error)", rc);
        assert_true(nkept < 16);
        kept[nkept++] = rec;
    }
    assert_int_equal(got, 0);
    ck_register_close(r);
    unlink(path);
}

static void free_kept(ck_diags *d)
{
    ck_diags_fini(d);
    for (size_t i = 0; i < nkept; i++)
        ck_record_free(kept[i]);
    nkept = 0;
}

#define REC(id) "{\"supplier\": {\"id\": \"" id "\"}}"

static void one_record_per_line_named_by_line(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF" REC("a") "\n\n   \n" REC("b") "\r\n" REC("c");
    write_register(text, strlen(text));
    ck_diags d;
    ck_diags_init(&d);
    char names[256];
    read_all(NULL, names, sizeof names, &d);
    assert_string_equal(names, "reg.jsonl:1=0 reg.jsonl:4=0 reg.jsonl:5=0");
    assert_int_equal(d.errors, 0);
    free_kept(&d);
}

static void a_bad_line_is_located_and_its_neighbours_read(void **state)
{
    (void)state;
    static const char text[] = REC("a") "\n{\"supplier\": {\"id\": \"b\",}}\n" REC("c") "\n{\"x\": \"\0\"}\n" REC("e") "\n";
    write_register(text, sizeof text - 1);
    ck_diags d;
    ck_diags_init(&d);
    char names[256];
    read_all(NULL, names, sizeof names, &d);
    assert_string_equal(names, "reg.jsonl:1=0 (error)=1 reg.jsonl:3=0 (error)=1 reg.jsonl:5=0");
    assert_int_equal(d.errors, 2);
    const ck_diag *first = d.list.items[0];
    ck_linecol at = ck_source_linecol(first->span.src, first->span.start);
    assert_int_equal(at.line, 2);
    assert_int_equal(at.col, 25);
    assert_string_equal(first->span.src->path, "reg.jsonl");
    const ck_diag *nul = d.list.items[1];
    assert_non_null(strstr(nul->message, "NUL byte"));
    assert_int_equal(ck_source_linecol(nul->span.src, nul->span.start).line, 4);
    free_kept(&d);
}

/* A line over the limit is refused without being kept, however long, and reading goes on. */
static void an_over_long_line_is_refused_and_skipped(void **state)
{
    (void)state;
    size_t big = 3 * 1024 * 1024;
    char *text = malloc(big + 200);
    assert_non_null(text);
    size_t o = (size_t)sprintf(text, "%s\n{\"supplier\": {\"id\": \"", REC("a"));
    memset(text + o, 'x', big);
    o += big;
    o += (size_t)sprintf(text + o, "\"}}\n%s\n", REC("c"));
    write_register(text, o);
    free(text);
    ck_record_limits lim;
    ck_record_limits_default(&lim);
    lim.yaml.max_bytes = 4096;
    ck_diags d;
    ck_diags_init(&d);
    char names[256];
    read_all(&lim, names, sizeof names, &d);
    assert_string_equal(names, "reg.jsonl:1=0 (error)=1 reg.jsonl:3=0");
    assert_int_equal(d.errors, 1);
    const ck_diag *e = d.list.items[0];
    assert_non_null(strstr(e->message, "longer than the 4096-byte limit"));
    assert_int_equal(ck_source_linecol(e->span.src, e->span.start).line, 2);
    free_kept(&d);
}

static void not_a_register(void **state)
{
    (void)state;
    assert_true(ck_register_named("export.jsonl"));
    assert_true(ck_register_named("a/b.ndjson"));
    assert_false(ck_register_named("record.json"));
    assert_false(ck_register_named(".jsonl"));
    ck_diags d;
    ck_diags_init(&d);
    ck_register *r = (ck_register *)1;
    assert_int_equal(ck_register_open("/nonexistent.jsonl", "x.jsonl", NULL, &d, &r), 1);
    assert_null(r);
    assert_int_equal(ck_register_open("/tmp", "tmp.jsonl", NULL, &d, &r), 1);
    assert_int_equal(d.errors, 2);
    free_kept(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_record_per_line_named_by_line),
        cmocka_unit_test(a_bad_line_is_located_and_its_neighbours_read),
        cmocka_unit_test(an_over_long_line_is_refused_and_skipped),
        cmocka_unit_test(not_a_register),
    };
    return cmocka_run_group_tests_name("register", tests, setup, teardown);
}
