/* Unit tests for the progress line's total: record files count one each, a register its rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "progress.h"

static char dir[64];

static void put(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static size_t total_of(const char *name)
{
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_repos *r = ck_repos_new(dir, NULL, &diags);
    assert_non_null(r);
    char p[128];
    snprintf(p, sizeof p, "%s%s%s", dir, name ? "/" : "", name ? name : "");
    char *paths[] = {p};
    size_t total = ck_progress_total(r, paths, 1);
    ck_repos_free(r);
    ck_diags_fini(&diags);
    return total;
}

static void registers_count_their_rows(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ck-progress-XXXXXX");
    assert_non_null(mkdtemp(dir));
    put("a.yaml", "supplier: { id: a }\n");
    put("b.json", "{\"supplier\": {\"id\": \"b\"}}\n");
    put("rows.jsonl", "{}\n{}\n{}"); /* the last line without its newline still counts */
    put("rows.csv", "Supplier ID\nx\ny\n");
    put("notes.txt", "not a record\n");
    assert_int_equal(total_of("rows.jsonl"), 3);
    assert_int_equal(total_of("rows.csv"), 2); /* the header is no record */
    assert_int_equal(total_of("a.yaml"), 1);
    /* a FIFO with a register's name is not waited on (the reader refuses it too) */
    char fifo[128];
    snprintf(fifo, sizeof fifo, "%s/pipe.jsonl", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(total_of("pipe.jsonl"), 0);
    unlink(fifo);
    /* a walked folder: registers in it are not read by check, so they are not counted */
    assert_int_equal(total_of(NULL), 2);
    const char *names[] = {"a.yaml", "b.json", "rows.jsonl", "rows.csv", "notes.txt"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registers_count_their_rows),
    };
    return cmocka_run_group_tests_name("progress", tests, NULL, NULL);
}
