/*
 * What the record unit tests share: a policy compiled once per group from the including file's
 * POLICY text, records loaded from text, and assertions on the problems a load reports (exact
 * message, place and hint, with every problem and diagnostic printed when one fails).
 * Included by one test file each; it defines static functions, so it needs no object of its own.
 */
#ifndef CK_TEST_RECORD_LOADING_H
#define CK_TEST_RECORD_LOADING_H

static ck_policy *policy;

static int group_setup(void **state)
{
    (void)state;
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return -1;
    ck_policy_input in = {.path = "t.policy", .text = POLICY, .len = sizeof POLICY - 1};
    int rc = ck_policy_compile(&in, 1, NULL, &diags, &policy);
    for (size_t i = 0; i < diags.list.len; i++)
        fprintf(stderr, "policy: %s\n", ((ck_diag *)diags.list.items[i])->message);
    size_t errors = diags.errors;
    ck_diags_fini(&diags);
    return rc == 0 && errors == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    ck_policy_free(policy);
    return 0;
}

typedef struct {
    ck_diags diags;
    ck_record *rec;
    int rc;
} loaded;

static loaded *load_as(const char *path, const char *text, const ck_record_limits *lim)
{
    loaded *l = calloc(1, sizeof *l);
    assert_non_null(l);
    assert_int_equal(ck_diags_init(&l->diags), 0);
    l->rc = ck_record_load_text(policy, path, text, strlen(text), lim, &l->diags, &l->rec);
    return l;
}

static loaded *load(const char *text) { return load_as("rec.yaml", text, NULL); }

static void done(loaded *l)
{
    ck_diags_fini(&l->diags);
    ck_record_free(l->rec);
    free(l);
}

static void dump(const loaded *l)
{
    for (size_t i = 0; l->rec && i < l->rec->problems.len; i++) {
        const ck_rec_problem *pr = l->rec->problems.items[i];
        ck_linecol lc = ck_source_linecol(pr->span.src, pr->span.start);
        print_message("  problem %zu: %u:%u: %s%s%s\n", i, lc.line, lc.col, pr->message, pr->hint ? " | hint: " : "",
                      pr->hint ? pr->hint : "");
    }
    for (size_t i = 0; i < l->diags.list.len; i++)
        print_message("  diag %zu: %s\n", i, ((ck_diag *)l->diags.list.items[i])->message);
}

static void assert_at(ck_span span, unsigned line, unsigned col)
{
    assert_non_null(span.src);
    ck_linecol lc = ck_source_linecol(span.src, span.start);
    if (lc.line != line || lc.col != col)
        fail_msg("span is at %u:%u, expected %u:%u", lc.line, lc.col, line, col);
}

/* Loaded, and exactly n problems. */
static void assert_problems(const loaded *l, size_t n)
{
    if (l->rc != 0 || !l->rec || l->rec->problems.len != n || l->diags.list.len != 0) {
        dump(l);
        fail_msg("expected rc 0 with %zu problems, got rc %d with %zu problems, %zu diagnostics", n, l->rc,
                 l->rec ? l->rec->problems.len : 0, l->diags.list.len);
    }
}

/* The i-th problem: exact message and place (in the record's own source); hint exact, or NULL
 * for none. */
static void assert_problem(const loaded *l, size_t i, unsigned line, unsigned col, const char *message,
                           const char *hint)
{
    if (l->rec->problems.len <= i) {
        dump(l);
        fail_msg("no problem %zu", i);
    }
    const ck_rec_problem *pr = l->rec->problems.items[i];
    if (strcmp(pr->message, message) != 0) {
        dump(l);
        fail_msg("problem %zu is '%s', expected '%s'", i, pr->message, message);
    }
    assert_ptr_equal(pr->span.src, l->rec->src);
    assert_at(pr->span, line, col);
    if (!hint) {
        if (pr->hint)
            fail_msg("problem '%s' has hint '%s'", pr->message, pr->hint);
    } else {
        if (!pr->hint)
            fail_msg("problem '%s' has no hint, expected '%s'", pr->message, hint);
        assert_string_equal(pr->hint, hint);
    }
}

#endif
