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
    assert_int_equal(ck_register_open(path, "reg.jsonl", NULL, policy, lim, d, &r), 0);
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

/* ---- CSV ---- */

static const ck_csv_column COLUMNS[] = {
    {"Supplier ID", "supplier.id", NULL, {0}},
    {"Importance", "profile.importance", NULL, {0}},
    {"Notification (hours)", "clauses.incident-notification.notify_within", "h", {0}},
    {"Audit clause", "clauses.right-to-audit", NULL, {0}},
    {"ISO expires", "evidence.iso27001-certificate.expires", NULL, {0}},
    {"Depth", "questionnaires.security-questionnaire.depth", NULL, {0}},
    {"MFA", "questionnaires.security-questionnaire.answers.mfa_enforced", NULL, {0}},
};
static const ck_csv_mapping MAPPING = {COLUMNS, sizeof COLUMNS / sizeof *COLUMNS};

static ck_register *open_csv(const char *text, ck_diags *d)
{
    snprintf(path, sizeof path, "/tmp/ck-register-XXXXXX.csv");
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ck_register *r = NULL;
    int rc = ck_register_open(path, "tprm.csv", &MAPPING, policy, NULL, d, &r);
    unlink(path);
    return rc == 0 ? r : NULL;
}

static void csv_rows_become_records_with_cell_locations(void **state)
{
    (void)state;
    ck_diags d;
    ck_diags_init(&d);
    ck_register *r = open_csv("Supplier ID,Notes,Importance,Notification (hours),Audit clause,ISO expires,Depth,MFA\r\n"
                              "acme,\"a note, with a comma\",high,24,yes,2027-01-31,full,true\r\n"
                              "bolt,\"two\nlines\",extreme,72h,no,,lite,\n"
                              "cask,,low,,,,,\n", &d);
    assert_non_null(r);
    ck_record *rec;
    int rc;
    assert_int_equal(ck_register_next(r, policy, &d, &rec, &rc), 1);
    assert_int_equal(rc, 0);
    assert_string_equal(rec->path, "tprm.csv:2");
    assert_string_equal(rec->supplier_id, "acme");
    assert_int_equal(rec->problems.len, 0);
    int c = ck_policy_clause(policy, "incident-notification");
    const ck_rec_clause *cl = &rec->subject.clauses[c];
    assert_true(cl->present);
    assert_int_equal(ck_duration_minutes(cl->params[0].u.duration), 24 * 60); /* 24 with the column's unit: 24h */
    assert_true(rec->subject.clauses[ck_policy_clause(policy, "right-to-audit")].present);
    assert_int_equal(rec->subject.evidence.len, 1);
    ck_linecol at = ck_source_linecol(cl->params[0].span.src, cl->params[0].span.start);
    assert_int_equal(at.line, 2);
    assert_int_equal(at.col, 34);
    ck_record_free(rec);
    /* a quoted field across two lines; a bad value located at its cell; a "no" clause is absent */
    assert_int_equal(ck_register_next(r, policy, &d, &rec, &rc), 1);
    assert_string_equal(rec->path, "tprm.csv:3");
    assert_false(rec->subject.clauses[ck_policy_clause(policy, "right-to-audit")].present);
    assert_int_equal(rec->problems.len, 1);
    const ck_rec_problem *pb = rec->problems.items[0];
    at = ck_source_linecol(pb->span.src, pb->span.start);
    assert_int_equal(at.line, 4);
    assert_int_equal(at.col, 8);
    assert_non_null(strstr(pb->message, "extreme"));
    ck_record_free(rec);
    /* empty cells are absent keys; the row after the two-line one is line 5 */
    assert_int_equal(ck_register_next(r, policy, &d, &rec, &rc), 1);
    assert_string_equal(rec->path, "tprm.csv:5");
    assert_true(!rec->subject.clauses || !rec->subject.clauses[c].present);
    assert_int_equal(rec->subject.evidence.len, 0);
    ck_record_free(rec);
    assert_int_equal(ck_register_next(r, policy, &d, &rec, &rc), 0);
    assert_int_equal(d.errors, 0);
    ck_register_close(r);
    ck_diags_fini(&d);
}

static void csv_bad_rows_are_located_and_their_neighbours_read(void **state)
{
    (void)state;
    ck_diags d;
    ck_diags_init(&d);
    ck_register *r = open_csv("Supplier ID,Importance,Notification (hours),Audit clause,ISO expires,Depth,MFA\n"
                              "a,low,,,,,\n"
                              "b,\"low\"x,,,,,\n"
                              "c,low,,,\n"
                              "d,low,,,,,\n"
                              "e,low,,,,,,x\n"
                              "f,\"low,,,,,\n", &d);
    assert_non_null(r);
    char names[256] = "";
    ck_record *rec;
    int rc, got;
    while ((got = ck_register_next(r, policy, &d, &rec, &rc)) == 1) {
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s=%d", used ? " " : "", rec->path, rc);
        assert_true(nkept < 16);
        kept[nkept++] = rec;
    }
    assert_string_equal(names, "tprm.csv:2=0 tprm.csv:3=1 tprm.csv:4=1 tprm.csv:5=0 tprm.csv:6=1 tprm.csv:7=1");
    assert_int_equal(d.errors, 4);
    const char *want[] = {"text after a field's closing quote", "fewer fields than the header's 7",
                          "more fields than the header's 7", "a quoted field is not closed"};
    unsigned lines[] = {3, 4, 6, 7}, cols[] = {8, 1, 12, 3}; /* one field too many: at that field */
    for (size_t i = 0; i < 4; i++) {
        const ck_diag *e = d.list.items[i];
        assert_non_null(strstr(e->message, want[i]));
        ck_linecol lc = ck_source_linecol(e->span.src, e->span.start);
        assert_int_equal(lc.line, lines[i]);
        assert_int_equal(lc.col, cols[i]);
    }
    ck_register_close(r);
    free_kept(&d);
}

static void csv_mapping_errors(void **state)
{
    (void)state;
    static const ck_csv_column bad[] = {
        {"Supplier ID", "supplier.id", NULL, {0}},
        {"Nope", "profile.importance", NULL, {0}},
        {"Supplier ID", "gaps.requirement", NULL, {0}},
        {"Supplier ID", "clauses.no-such-clause", NULL, {0}},
    };
    const ck_csv_mapping m = {bad, 4};
    snprintf(path, sizeof path, "/tmp/ck-register-XXXXXX.csv");
    int fd = mkstemps(path, 4);
    assert_int_equal(write(fd, "Supplier ID\nx\n", 14), 14);
    close(fd);
    ck_diags d;
    ck_diags_init(&d);
    ck_register *r = NULL;
    assert_int_equal(ck_register_open(path, "tprm.csv", &m, policy, NULL, &d, &r), 1);
    assert_null(r);
    assert_int_equal(d.errors, 3);
    assert_non_null(strstr(((const ck_diag *)d.list.items[0])->message, "no column 'Nope'"));
    assert_non_null(strstr(((const ck_diag *)d.list.items[1])->message, "must start with supplier"));
    assert_non_null(strstr(((const ck_diag *)d.list.items[2])->message, "no such clause"));
    /* no mapping at all */
    assert_int_equal(ck_register_open(path, "tprm.csv", NULL, policy, NULL, &d, &r), 1);
    assert_non_null(strstr(((const ck_diag *)d.list.items[3])->message, "needs a column mapping"));
    unlink(path);
    ck_diags_fini(&d);
}

/* A clause column counts only clear words: anything else is a finding at the cell and the clause
 * is absent, so that a gate never passes on "pending". */
static void csv_clause_cells_say_yes_or_no(void **state)
{
    (void)state;
    ck_diags d;
    ck_diags_init(&d);
    ck_register *r = open_csv("Supplier ID,Importance,Notification (hours),Audit clause,ISO expires,Depth,MFA\n"
                              "a,low,,YES,,,\nb,low,,\xE2\x9C\x93,,,\nc,low,,x,,,\nd,low,,N,,,\ne,low,,-,,,\n"
                              "f,low,,pending,,,\ng,low,,TBD,,,\nh,low,,n/a,,,\ni,low,,off,,,\n", &d);
    assert_non_null(r);
    int audit = ck_policy_clause(policy, "right-to-audit");
    const char *want = "+++--????";
    ck_record *rec;
    int rc;
    for (size_t i = 0; i < 9; i++) {
        assert_int_equal(ck_register_next(r, policy, &d, &rec, &rc), 1);
        assert_int_equal(rc, 0);
        bool present = rec->subject.clauses && rec->subject.clauses[audit].present;
        if (want[i] == '?') {
            assert_false(present); /* unclear: absent, never met */
            assert_int_equal(rec->problems.len, 1);
            const ck_rec_problem *pb = rec->problems.items[0];
            assert_non_null(strstr(pb->message, "column 'Audit clause' (clause right-to-audit) must be yes or no"));
            ck_linecol at = ck_source_linecol(pb->span.src, pb->span.start);
            assert_int_equal(at.line, (unsigned)i + 2);
            assert_int_equal(at.col, 8);
        } else {
            assert_int_equal(present, want[i] == '+');
            assert_int_equal(rec->problems.len, 0);
        }
        ck_record_free(rec);
    }
    assert_int_equal(ck_register_next(r, policy, &d, &rec, &rc), 0);
    assert_int_equal(d.errors, 0);
    ck_register_close(r);
    ck_diags_fini(&d);
}

/* A NUL byte or invalid UTF-8 makes a row an input error at the byte, as in a JSON line. */
static void csv_rows_that_are_not_text(void **state)
{
    (void)state;
    ck_diags d;
    ck_diags_init(&d);
    static const char text[] = "Supplier ID,Importance,Notification (hours),Audit clause,ISO expires,Depth,MFA\n"
                               "a,low,,,,,\nb,l\0w,,,,,\nc,l\xFFw,,,,,\nd,low,,,,,\n";
    snprintf(path, sizeof path, "/tmp/ck-register-XXXXXX.csv");
    int fd = mkstemps(path, 4);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)sizeof text - 1);
    close(fd);
    ck_register *r = NULL;
    assert_int_equal(ck_register_open(path, "tprm.csv", &MAPPING, policy, NULL, &d, &r), 0);
    unlink(path);
    char names[256] = "";
    ck_record *rec;
    int rc;
    while (ck_register_next(r, policy, &d, &rec, &rc) == 1) {
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s=%d", used ? " " : "", rec->path, rc);
        kept[nkept++] = rec;
    }
    assert_string_equal(names, "tprm.csv:2=0 tprm.csv:3=1 tprm.csv:4=1 tprm.csv:5=0");
    assert_int_equal(d.errors, 2);
    const char *want[] = {"NUL byte", "invalid UTF-8"};
    for (size_t i = 0; i < 2; i++) {
        const ck_diag *e = d.list.items[i];
        assert_non_null(strstr(e->message, want[i]));
        ck_linecol lc = ck_source_linecol(e->span.src, e->span.start);
        assert_int_equal(lc.line, i + 3);
        assert_int_equal(lc.col, 4);
    }
    ck_register_close(r);
    free_kept(&d);
}

/* UTF-16 and CR-only exports: one error naming the cause, not one per mapped column. */
static void csv_exports_in_the_wrong_encoding(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t len;
        const char *want;
        unsigned col;
    } cases[] = {
        {"\xFF\xFES\0u\0p\0,\0\r\0\n\0", 14, "UTF-16", 1},
        {"S\0u\0p\0,\0\r\0\n\0", 12, "UTF-16", 2},
        {"Supplier ID,Importance\ra,low\r", 29, "CR alone", 23},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(path, sizeof path, "/tmp/ck-register-XXXXXX.csv");
        int fd = mkstemps(path, 4);
        assert_int_equal(write(fd, cases[i].text, cases[i].len), (ssize_t)cases[i].len);
        close(fd);
        ck_diags d;
        ck_diags_init(&d);
        ck_register *r = NULL;
        assert_int_equal(ck_register_open(path, "tprm.csv", &MAPPING, policy, NULL, &d, &r), 1);
        unlink(path);
        assert_null(r);
        assert_int_equal(d.errors, 1);
        const ck_diag *e = d.list.items[0];
        assert_non_null(strstr(e->message, cases[i].want));
        assert_non_null(strstr(e->hint, "CSV UTF-8"));
        ck_linecol lc = ck_source_linecol(e->span.src, e->span.start);
        assert_int_equal(lc.line, 1);
        assert_int_equal(lc.col, cases[i].col);
        ck_diags_fini(&d);
    }
}

/* A JSON line that is a list or a value is no record: an input error, its neighbours read. */
static void a_json_line_must_be_an_object(void **state)
{
    (void)state;
    const char *text = REC("a") "\n[" REC("b") "]\n  \"c\"\n42\n" REC("e") "\n";
    write_register(text, strlen(text));
    ck_diags d;
    ck_diags_init(&d);
    char names[256];
    read_all(NULL, names, sizeof names, &d);
    assert_string_equal(names, "reg.jsonl:1=0 (error)=1 (error)=1 (error)=1 reg.jsonl:5=0");
    assert_int_equal(d.errors, 3);
    unsigned cols[] = {1, 3, 1};
    for (size_t i = 0; i < 3; i++) {
        const ck_diag *e = d.list.items[i];
        assert_non_null(strstr(e->message, "a register line must be a JSON object"));
        ck_linecol lc = ck_source_linecol(e->span.src, e->span.start);
        assert_int_equal(lc.line, i + 2);
        assert_int_equal(lc.col, cols[i]);
    }
    free_kept(&d);
}

/* Targets naming no record key, a column the header names twice, two columns filling one key:
 * each an error, none resolved by picking one. */
static void csv_mapping_keys_and_ambiguous_columns(void **state)
{
    (void)state;
    static const ck_csv_column cols[] = {
        {"Supplier ID", "supplier.id", NULL, {0}},
        {"Importance", "profile.importance", NULL, {0}},
        {"Risk", "profile.importance", NULL, {0}},
        {"X", "supplier.idd", NULL, {0}},
        {"X", "contract.idx", NULL, {0}},
        {"X", "profile.nosuch", NULL, {0}},
        {"X", "evidence.iso27001-certificate.expirse", NULL, {0}},
        {"X", "clauses.incident-notification.notify_withn", NULL, {0}},
        {"X", "questionnaires.security-questionnaire.answers.nosuchq", NULL, {0}},
    };
    const ck_csv_mapping m = {cols, sizeof cols / sizeof *cols};
    snprintf(path, sizeof path, "/tmp/ck-register-XXXXXX.csv");
    int fd = mkstemps(path, 4);
    const char *text = "Supplier ID,Importance,Supplier ID,Risk\na,low,b,high\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ck_diags d;
    ck_diags_init(&d);
    ck_register *r = NULL;
    assert_int_equal(ck_register_open(path, "tprm.csv", &m, policy, NULL, &d, &r), 1);
    unlink(path);
    assert_null(r);
    static const char *const want[][2] = {
        {"the header names column 'Supplier ID' twice (columns 1 and 3)", NULL},
        {"column 'Risk' fills profile.importance, which column 'Importance' fills already", NULL},
        {"supplier has no key 'idd'", "did you mean 'id'?"},
        {"contract has no key 'idx'", "did you mean 'id'?"},
        {"the policy declares no profile field 'nosuch'", NULL},
        {"an evidence entry has no key 'expirse'", "did you mean 'expires'?"},
        {"the clause has no parameter 'notify_withn'", "did you mean 'notify_within'?"},
        {"the questionnaire has no question 'nosuchq'", NULL},
    };
    assert_int_equal(d.errors, sizeof want / sizeof *want);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const ck_diag *e = d.list.items[i];
        assert_non_null(strstr(e->message, want[i][0]));
        if (want[i][1])
            assert_string_equal(e->hint, want[i][1]);
    }
    const ck_diag *twice = d.list.items[0];
    ck_linecol lc = ck_source_linecol(twice->span.src, twice->span.start);
    assert_int_equal(lc.line, 1);
    assert_int_equal(lc.col, 24);
    ck_diags_fini(&d);
}

static void not_a_register(void **state)
{
    (void)state;
    assert_true(ck_register_named("export.jsonl"));
    assert_true(ck_register_named("a/b.ndjson"));
    assert_false(ck_register_named("record.json"));
    assert_true(ck_register_named("export.csv"));
    assert_false(ck_register_named(".jsonl"));
    ck_diags d;
    ck_diags_init(&d);
    ck_register *r = (ck_register *)1;
    assert_int_equal(ck_register_open("/nonexistent.jsonl", "x.jsonl", NULL, policy, NULL, &d, &r), 1);
    assert_null(r);
    assert_int_equal(ck_register_open("/tmp", "tmp.jsonl", NULL, policy, NULL, &d, &r), 1);
    assert_int_equal(d.errors, 2);
    free_kept(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_record_per_line_named_by_line),
        cmocka_unit_test(a_bad_line_is_located_and_its_neighbours_read),
        cmocka_unit_test(an_over_long_line_is_refused_and_skipped),
        cmocka_unit_test(csv_rows_become_records_with_cell_locations),
        cmocka_unit_test(csv_bad_rows_are_located_and_their_neighbours_read),
        cmocka_unit_test(csv_mapping_errors),
        cmocka_unit_test(csv_mapping_keys_and_ambiguous_columns),
        cmocka_unit_test(csv_clause_cells_say_yes_or_no),
        cmocka_unit_test(csv_rows_that_are_not_text),
        cmocka_unit_test(csv_exports_in_the_wrong_encoding),
        cmocka_unit_test(a_json_line_must_be_an_object),
        cmocka_unit_test(not_a_register),
    };
    return cmocka_run_group_tests_name("register", tests, setup, teardown);
}
