/* Unit tests for repo: the root rule, one answer per folder, config files, agreement across repositories. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repo.h"
#include "severity.h"

/* Layout under a fresh temporary folder T:
 *   T/git/.git/                  a git work tree without a config file
 *   T/git/plain/                 nothing of its own
 *   T/git/cfg/.clausecheck.yaml  a config file inside it: a root of its own
 *   T/git/cfg/sub/.git           a file (a submodule): the config above still rules
 *   T/warn/.clausecheck.yaml     fail-on: warning (disagrees with cfg's default)
 *   T/bad/.clausecheck.yaml      an unknown key */
static char T[64], cwd[PATH_MAX];

static void put(const char *rel, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", T, rel);
    if (!text) {
        assert_int_equal(mkdir(p, 0755), 0);
        return;
    }
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(T, sizeof T, "/tmp/ck-repo-XXXXXX");
    if (!mkdtemp(T) || !getcwd(cwd, sizeof cwd))
        return -1;
    char real[PATH_MAX];
    if (!realpath(T, real)) /* /tmp may itself be a link */
        return -1;
    snprintf(T, sizeof T, "%s", real);
    put("git", NULL);
    put("git/.git", NULL);
    put("git/plain", NULL);
    put("git/cfg", NULL);
    put("git/cfg/.clausecheck.yaml", "# a root\n");
    put("git/cfg/sub", NULL);
    put("git/cfg/sub/.git", "gitdir: elsewhere\n");
    put("warn", NULL);
    put("warn/.clausecheck.yaml", "fail-on: warning\nexclude: [drafts]\n");
    put("bad", NULL);
    put("bad/.clausecheck.yaml", "fail-on: error\nfaill-on: warning\n");
    put("nothing", NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (chdir(cwd) != 0)
        return -1;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", T);
    return system(cmd) == 0 ? 0 : -1;
}

static ck_repo *lookup(ck_repos *r, const char *rel, ck_diags *diags)
{
    char p[256];
    struct stat st;
    const char *real;
    snprintf(p, sizeof p, "%s/%s", T, rel);
    return ck_repos_for_path(r, p, &st, &real, diags);
}

static void test_root_rule(void **state)
{
    (void)state;
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_repos *r = ck_repos_new(NULL, NULL, &diags);
    assert_non_null(r);
    ck_repo *git = lookup(r, "git/plain", &diags);
    assert_non_null(git);
    assert_int_equal(git->kind, CK_ROOT_GIT);
    assert_true(strstr(git->real, "/git") && strcmp(strstr(git->real, "/git"), "/git") == 0);
    ck_repo *cfg = lookup(r, "git/cfg/sub", &diags);
    assert_non_null(cfg);
    assert_int_equal(cfg->kind, CK_ROOT_CONFIG); /* a config file above beats the nearer .git */
    assert_ptr_equal(lookup(r, "git/cfg", &diags), cfg);
    /* a record file belongs to its folder's repository; a path that cannot be read has none */
    put("git/cfg/sub/record.yaml", "supplier: { id: x }\n");
    assert_ptr_equal(lookup(r, "git/cfg/sub/record.yaml", &diags), cfg);
    assert_ptr_equal(lookup(r, "git/cfg/sub/missing.yaml", &diags), NULL);
    assert_int_equal(diags.errors, 1);
    /* what stat said of a named path is kept for the run, like every other answer */
    put("git/cfg/sub/missing.yaml", "supplier: { id: late }\n");
    assert_ptr_equal(lookup(r, "git/cfg/sub/missing.yaml", &diags), NULL);
    assert_int_equal(diags.errors, 2);
    ck_repos_free(r);
    ck_diags_fini(&diags);
}

static void test_asked_once(void **state)
{
    (void)state;
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_repos *r = ck_repos_new(NULL, NULL, &diags);
    ck_repo *before = lookup(r, "git/cfg/sub", &diags);
    assert_non_null(before);
    /* the answer is kept: with the config file gone, the same run still gives the same root */
    char p[256];
    snprintf(p, sizeof p, "%s/git/cfg/.clausecheck.yaml", T);
    assert_int_equal(unlink(p), 0);
    assert_ptr_equal(lookup(r, "git/cfg/sub", &diags), before);
    assert_ptr_equal(lookup(r, "git/cfg", &diags), before);
    ck_repos_free(r);
    /* a new run asks again: now the submodule's .git is the nearest marker */
    r = ck_repos_new(NULL, NULL, &diags);
    ck_repo *after = lookup(r, "git/cfg/sub", &diags);
    assert_int_equal(after->kind, CK_ROOT_GIT);
    assert_true(strcmp(strrchr(after->real, '/'), "/sub") == 0);
    ck_repos_free(r);
    put("git/cfg/.clausecheck.yaml", "# a root\n");
    ck_diags_fini(&diags);
}

static void test_fallback_said_once(void **state)
{
    (void)state;
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_repos *r = ck_repos_new(NULL, NULL, &diags);
    ck_repo *a = lookup(r, "nothing", &diags), *b = lookup(r, "nothing", &diags);
    /* T is under /tmp; nothing above it is a root unless the machine is odd */
    if (a->kind == CK_ROOT_CWD) {
        assert_ptr_equal(a, b);
        size_t notes = 0;
        for (size_t i = 0; i < diags.list.len; i++)
            notes += ((ck_diag *)diags.list.items[i])->level == CK_DIAG_NOTE;
        assert_int_equal(notes, 1);
        assert_string_equal(a->path, "."); /* the current directory, named as such */
    }
    ck_repos_free(r);
    ck_diags_fini(&diags);
}

static void test_given_root_and_paths(void **state)
{
    (void)state;
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    char given[256];
    snprintf(given, sizeof given, "%s/warn", T);
    ck_repos *r = ck_repos_new(given, NULL, &diags);
    assert_non_null(r);
    ck_repo *w = lookup(r, "git/plain", &diags);
    assert_int_equal(w->kind, CK_ROOT_GIVEN);
    assert_int_equal(w->config.fail_on, CK_SEV_WARNING); /* --root reads the config file it holds */
    assert_int_equal(w->config.nexclude, 1);
    ck_repos_free(r);
    /* paths for messages: relative to the current directory, with ".." when above it */
    snprintf(given, sizeof given, "%s/git/cfg/sub", T);
    assert_int_equal(chdir(given), 0);
    r = ck_repos_new(NULL, NULL, &diags);
    struct stat st;
    const char *real;
    ck_repo *cfg = ck_repos_for_path(r, ".", &st, &real, &diags);
    assert_string_equal(cfg->path, "..");
    assert_string_equal(cfg->config.path, "../.clausecheck.yaml");
    assert_string_equal(ck_repo_relative(cfg, real), "sub");
    assert_null(ck_repo_relative(cfg, "/elsewhere"));
    ck_repos_free(r);
    assert_int_equal(chdir(cwd), 0);
    ck_diags_fini(&diags);
}

static void test_agreement(void **state)
{
    (void)state;
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_repos *r = ck_repos_new(NULL, NULL, &diags);
    char cfg[256], warn[256];
    snprintf(cfg, sizeof cfg, "%s/git/cfg", T);
    snprintf(warn, sizeof warn, "%s/warn", T);
    char *paths[] = {cfg, warn};
    assert_int_equal(ck_repos_resolve(r, paths, 2, &diags), 1);
    assert_int_equal(diags.errors, 1);
    const ck_diag *d = diags.list.items[0];
    assert_non_null(strstr(d->message, "fail-on is warning here but error in"));
    assert_non_null(d->span.src); /* at the key, with a caret */
    ck_repos_free(r);
    /* the command line settles it: then they need not agree */
    bool sets[CK_SET_COUNT] = {[CK_SET_FAIL_ON] = true};
    r = ck_repos_new(NULL, sets, &diags);
    assert_int_equal(ck_repos_resolve(r, paths, 2, &diags), 0);
    assert_int_equal(diags.errors, 1);
    ck_repos_free(r);
    ck_diags_fini(&diags);
}

static void test_invalid_config(void **state)
{
    (void)state;
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_repos *r = ck_repos_new(NULL, NULL, &diags);
    ck_repo *bad = lookup(r, "bad", &diags);
    assert_non_null(bad);
    assert_false(bad->usable);
    assert_int_equal(diags.errors, 1);
    const ck_diag *d = diags.list.items[0];
    assert_string_equal(d->message, "unknown config key 'faill-on'");
    assert_string_equal(d->hint, "did you mean 'fail-on'?");
    assert_ptr_equal(lookup(r, "bad", &diags), bad);
    assert_int_equal(diags.errors, 1); /* said once, when first met */
    ck_repos_free(r);
    ck_diags_fini(&diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_rule),
        cmocka_unit_test(test_asked_once),
        cmocka_unit_test(test_fallback_said_once),
        cmocka_unit_test(test_given_root_and_paths),
        cmocka_unit_test(test_agreement),
        cmocka_unit_test(test_invalid_config),
    };
    return cmocka_run_group_tests_name("repo", tests, setup, teardown);
}
