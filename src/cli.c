/* The command line: parses options, runs one subcommand, decides what reaches the terminal. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fmt.h"
#include "policy.h"
#include "policy_test.h"
#include "report_checklist.h"
#include "report_review.h"
#include "record.h"
#include "run.h"
#include "textutil.h"
#include "timeval.h"
#include "version.h"

extern const char ck_baseline_policy[];
extern const size_t ck_baseline_policy_len;

typedef struct ck_command {
    const char *name;
    const char *usage;
    const char *summary;
    int (*run)(int argc, char **argv);
} ck_command;

static int cmd_lint(int argc, char **argv);
static int cmd_check(int argc, char **argv);
static int cmd_test(int argc, char **argv);
static int cmd_requirements(int argc, char **argv);
static int cmd_review(int argc, char **argv);
static int cmd_explain(int argc, char **argv);
static int cmd_fmt(int argc, char **argv);

static const ck_command commands[] = {
    {"check",
     "check [-p POLICY]... [--as-of DATE] [-f FORMAT] [-o FILE] [--fail-on LEVEL] [--root DIR] [--show-passed]\n"
     "        [--baseline FILE] [--write-baseline FILE] [--files-from FILE|-] [--link-base URL] PATH...",
     "check contract records against a policy", cmd_check},
    {"explain", "explain [-p POLICY]... [--as-of DATE] [--requirement ID] [--root DIR] RECORD",
     "how the tier and each requirement were decided", cmd_explain},
    {"fmt", "fmt [--check | -w] POLICY...", "print, check or rewrite policies in canonical form", cmd_fmt},
    {"lint", "lint [--strict] POLICY...", "compile policies and report diagnostics", cmd_lint},
    {"requirements", "requirements [-p POLICY]... [--tier T] [-f text|markdown]",
     "the checklist a supplier of a tier receives", cmd_requirements},
    {"review", "review [-p POLICY]... [--as-of DATE] [-f text|markdown|json] [--tier T] [--root DIR] DRAFT",
     "what a draft contract lacks before signature", cmd_review},
    {"test", "test [-v] [--coverage] POLICY...", "run the test blocks of policies", cmd_test},
};

static const size_t ncommands = sizeof commands / sizeof commands[0];

static void print_usage(FILE *out)
{
    fputs("usage: clausecheck COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", out);
    for (size_t i = 0; i < ncommands; i++)
        fprintf(out, "  clausecheck %s\n      %s\n", commands[i].usage, commands[i].summary);
    fputs("\nexit status:\n"
          "  0  success: nothing at or above --fail-on, policy clean, tests passed\n"
          "  1  findings fail the gate, fmt --check would reformat, a policy test failed\n"
          "  2  usage error, invalid policy, or unreadable input\n",
          out);
}

/* "usage: clausecheck CMD ..." from the command table. */
static int command_usage(FILE *out, const char *cmd)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, cmd) == 0)
            fprintf(out, "usage: clausecheck %s\n", commands[i].usage);
    return CK_EXIT_OK;
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "clausecheck %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    command_usage(stderr, cmd);
    return CK_EXIT_ERROR;
}

/* Each command parses its own options. optind 0, not 1, makes glibc reset all of its state,
 * including the permutation that lets options follow the paths; opterr 0 leaves the messages
 * to bad_option. */
static void getopt_restart(void)
{
    opterr = 0;
    optind = 0;
}

/* getopt's own message would name the command as the program; ours names both and says what was
 * wrong with which argument (opterr is off and the option strings start with ':', so getopt
 * returns ':' for a missing value and '?' for an unknown option, and prints nothing). */
static int bad_option(const char *cmd, char **argv, int c, const struct option *opts)
{
    const char *arg = argv[optind - 1];
    bool is_short = arg[0] == '-' && arg[1] != '-' && optopt;
    if (c == ':' && is_short)
        fprintf(stderr, "clausecheck %s: option '-%c' needs a value\n", cmd, optopt);
    else if (c == ':')
        fprintf(stderr, "clausecheck %s: option '%s' needs a value\n", cmd, arg);
    else if (is_short)
        fprintf(stderr, "clausecheck %s: unknown option '-%c'\n", cmd, optopt);
    else {
        fprintf(stderr, "clausecheck %s: unknown option '%s'\n", cmd, arg);
        const char *names[32];
        size_t n = 0;
        for (; opts[n].name && n < 32; n++)
            names[n] = opts[n].name;
        char given[64];
        snprintf(given, sizeof given, "%s", arg + 2);
        given[strcspn(given, "=")] = '\0';
        const char *near = ck_closest(given, names, n);
        if (near)
            fprintf(stderr, "  hint: did you mean '--%s'?\n", near);
    }
    return usage_error(cmd, "%s", "run with --help for every option");
}

/* Prints diagnostics and a one-line count when there were any. */
static void report_diags(const ck_diags *diags)
{
    ck_diags_print(stderr, diags, ck_diag_want_color(stderr));
}

static int cmd_lint(int argc, char **argv)
{
    static const struct option opts[] = {{"strict", no_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'}, {0}};
    bool strict = false;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 's': strict = true; break;
        case 'h': return command_usage(stdout, "lint");
        default: return bad_option("lint", argv, c, opts);
        }
    }
    if (optind >= argc)
        return usage_error("lint", "%s", "no policy files given");
    size_t errors = 0, warnings = 0;
    for (int i = optind; i < argc; i++) {
        ck_diags diags;
        if (ck_diags_init(&diags) != 0)
            return CK_EXIT_ERROR;
        ck_policy *policy = NULL;
        ck_policy_input in = {.path = argv[i]};
        int rc = ck_policy_compile(&in, 1, NULL, &diags, &policy);
        report_diags(&diags);
        if (rc < 0)
            fprintf(stderr, "clausecheck: out of memory while compiling %s\n", argv[i]);
        errors += diags.errors + (rc < 0);
        warnings += diags.warnings;
        ck_policy_free(policy);
        ck_diags_fini(&diags);
    }
    if (errors || warnings)
        fprintf(stderr, "clausecheck: %zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings,
                warnings == 1 ? "" : "s");
    if (errors)
        return CK_EXIT_ERROR;
    return strict && warnings ? CK_EXIT_FINDINGS : CK_EXIT_OK;
}

/* Compiles the -p policies, or the built-in baseline when none are given. */
static int load_policy(const char *cmd, char **paths, size_t n, ck_policy **out)
{
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return CK_EXIT_ERROR;
    ck_policy_input inputs[64];
    if (n > 64) {
        ck_diags_fini(&diags);
        return usage_error(cmd, "%s", "too many -p policies (at most 64)");
    }
    for (size_t i = 0; i < n; i++)
        inputs[i] = (ck_policy_input){.path = paths[i]};
    if (n == 0) {
        inputs[0] = (ck_policy_input){.path = "<built-in baseline.policy>", .text = ck_baseline_policy,
                                      .len = ck_baseline_policy_len};
        n = 1;
    }
    int rc = ck_policy_compile(inputs, n, NULL, &diags, out);
    /* Warnings do not stop a check; only errors are shown here (lint shows all). */
    for (size_t i = 0; i < diags.list.len; i++) {
        const ck_diag *d = diags.list.items[i];
        if (d->level == CK_DIAG_ERROR)
            ck_diag_print(stderr, d, ck_diag_want_color(stderr));
    }
    if (rc != 0)
        fprintf(stderr, "clausecheck %s: the policy does not compile%s\n", cmd, rc < 0 ? " (out of memory)" : "");
    ck_diags_fini(&diags);
    return rc == 0 ? CK_EXIT_OK : CK_EXIT_ERROR;
}

static int parse_as_of(const char *cmd, const char *arg, ck_date *out)
{
    if (ck_date_parse(arg, strlen(arg), out) != CK_TIME_OK)
        return usage_error(cmd, "--as-of needs a date as YYYY-MM-DD, not '%s'", arg);
    return CK_EXIT_OK;
}

/* Output goes to a temporary file beside FILE, renamed over it only when complete. */
typedef struct {
    FILE *f;
    const char *final_path;
    char *tmp_path;
} out_file;

static int out_open(const char *cmd, const char *path, out_file *o)
{
    memset(o, 0, sizeof *o);
    if (!path) {
        o->f = stdout;
        return CK_EXIT_OK;
    }
    size_t n = strlen(path) + 32;
    o->tmp_path = malloc(n);
    if (!o->tmp_path)
        return CK_EXIT_ERROR;
    snprintf(o->tmp_path, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        fprintf(stderr, "clausecheck %s: cannot write %s: %s\n", cmd, path, strerror(errno));
        free(o->tmp_path);
        return CK_EXIT_ERROR;
    }
    o->final_path = path;
    return CK_EXIT_OK;
}

/* Returns 0 when the output is in place; on failure the previous file is untouched. */
static int out_close(const char *cmd, out_file *o, bool keep)
{
    if (!o->final_path)
        return fflush(stdout) == 0 ? 0 : -1;
    bool ok = fflush(o->f) == 0 && !ferror(o->f);
    ok = fclose(o->f) == 0 && ok;
    if (ok && keep && rename(o->tmp_path, o->final_path) != 0)
        ok = false;
    if (!ok || !keep) {
        if (!ok)
            fprintf(stderr, "clausecheck %s: cannot write %s: %s\n", cmd, o->final_path, strerror(errno));
        unlink(o->tmp_path);
    }
    free(o->tmp_path);
    return ok ? 0 : -1;
}

/* Replaces path with text through a temporary file in the same directory and a rename, keeping
 * the file's permissions: an interrupted or failed write leaves the original untouched. */
static int write_atomically(const char *cmd, const char *path, const char *text, size_t len)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "clausecheck %s: cannot write %s: %s\n", cmd, path, strerror(errno));
        return -1;
    }
    out_file of;
    if (out_open(cmd, path, &of) != CK_EXIT_OK)
        return -1;
    bool ok = fwrite(text, 1, len, of.f) == len && fchmod(fileno(of.f), st.st_mode & 07777) == 0;
    return out_close(cmd, &of, ok) == 0 && ok ? 0 : -1;
}

static int cmp_path(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* --files-from: one path per line (git diff --name-only), "-" for stdin; kept as sorted canonical paths. */
static int read_file_list(const char *cmd, const char *from, ck_arena *arena, const char ***out, size_t *n)
{
    FILE *f = strcmp(from, "-") == 0 ? stdin : fopen(from, "r");
    if (!f) {
        fprintf(stderr, "clausecheck %s: cannot read --files-from %s: %s\n", cmd, from, strerror(errno));
        return -1;
    }
    ck_vec v = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char real[PATH_MAX];
        if (len == 0 || !realpath(line, real))
            continue; /* deleted files cannot make a record count as changed */
        ck_vec_push(arena, &v, ck_arena_strdup(arena, real));
    }
    free(line);
    if (f != stdin)
        fclose(f);
    qsort(v.items, v.len, sizeof *v.items, cmp_path);
    *out = (const char **)v.items;
    *n = v.len;
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"policy", required_argument, NULL, 'p'},  {"as-of", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},  {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, 'F'}, {"root", required_argument, NULL, 'r'},
        {"show-passed", no_argument, NULL, 'P'},   {"help", no_argument, NULL, 'h'},
        {"baseline", required_argument, NULL, 'B'}, {"write-baseline", required_argument, NULL, 'W'},
        {"files-from", required_argument, NULL, 'L'}, {"link-base", required_argument, NULL, 'U'},
        {0}};
    const char *baseline_path = NULL, *write_baseline = NULL, *files_from = NULL;
    char *policies[64];
    size_t npolicies = 0;
    ck_run_options ro = {.fail_on = CK_SEV_ERROR, .reporter = &ck_report_text};
    const char *output = NULL;
    bool have_date = false;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":p:f:o:j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (npolicies == 64)
                return usage_error("check", "%s", "too many -p policies (at most 64)");
            policies[npolicies++] = optarg;
            break;
        case 'a':
            if (parse_as_of("check", optarg, &ro.as_of) != CK_EXIT_OK)
                return CK_EXIT_ERROR;
            have_date = true;
            break;
        case 'f':
            ro.reporter = ck_reporter_find(optarg);
            if (!ro.reporter) {
                fprintf(stderr, "clausecheck check: unknown format '%s' (formats: %s)\n", optarg, ck_reporter_names());
                return CK_EXIT_ERROR;
            }
            break;
        case 'o': output = optarg; break;
        case 'F':
            ro.fail_on = ck_fail_on_parse(optarg);
            if (ro.fail_on < 0)
                return usage_error("check", "--fail-on takes error, warning, info or never, not '%s'", optarg);
            break;
        case 'r': ro.root = optarg; break;
        case 'P': ro.show_passed = true; break;
        case 'B': baseline_path = optarg; break;
        case 'W': write_baseline = optarg; break;
        case 'L': files_from = optarg; break;
        case 'U': ro.link_base = optarg; break;
        case 'j': break; /* records are checked in one stream; accepted for compatibility */
        case 'h': return command_usage(stdout, "check");
        default: return bad_option("check", argv, c, opts);
        }
    }
    if (optind >= argc)
        return usage_error("check", "%s", "no records or directories given");
    if (!have_date && ck_date_today_utc(&ro.as_of) != CK_TIME_OK)
        return usage_error("check", "%s", "cannot read today's date; pass --as-of");
    ck_arena *run_arena = ck_arena_new();
    if (!run_arena)
        return CK_EXIT_ERROR;
    ck_baseline baseline;
    if (baseline_path) {
        ck_diags bd;
        if (ck_diags_init(&bd) != 0 || ck_baseline_load(baseline_path, run_arena, &bd, &baseline) != 0) {
            ck_diags_print(stderr, &bd, ck_diag_want_color(stderr));
            ck_diags_fini(&bd);
            ck_arena_free(run_arena);
            return CK_EXIT_ERROR;
        }
        ck_diags_fini(&bd);
        ro.baseline = &baseline;
    }
    if (files_from && read_file_list("check", files_from, run_arena, &ro.changed, &ro.nchanged) != 0) {
        ck_arena_free(run_arena);
        return CK_EXIT_ERROR;
    }
    ck_policy *policy = NULL;
    if (load_policy("check", policies, npolicies, &policy) != CK_EXIT_OK) {
        ck_arena_free(run_arena);
        return CK_EXIT_ERROR;
    }
    out_file of, bf = {0};
    if (out_open("check", output, &of) != CK_EXIT_OK) {
        ck_policy_free(policy);
        ck_arena_free(run_arena);
        return CK_EXIT_ERROR;
    }
    if (write_baseline) {
        if (out_open("check", write_baseline, &bf) != CK_EXIT_OK) {
            out_close("check", &of, false);
            ck_policy_free(policy);
            ck_arena_free(run_arena);
            return CK_EXIT_ERROR;
        }
        ro.baseline_out = bf.f;
    }
    ro.policy = policy;
    ro.paths = argv + optind;
    ro.npaths = (size_t)(argc - optind);
    ro.out = of.f;
    ro.color = !output && ck_diag_want_color(stdout) && ro.reporter == &ck_report_text;
    ck_diags diags;
    if (ck_diags_init(&diags) != 0) {
        ck_policy_free(policy);
        return CK_EXIT_ERROR;
    }
    ck_summary summary;
    int rc = ck_run_check(&ro, &summary, &diags);
    if (output) /* the report went to a file: say on stderr what could not be read */
        ck_diags_print(stderr, &diags, ck_diag_want_color(stderr));
    ck_diags_fini(&diags);
    if (out_close("check", &of, rc >= 0) != 0 && rc >= 0)
        rc = CK_EXIT_ERROR;
    if (write_baseline && out_close("check", &bf, rc >= 0) != 0 && rc >= 0)
        rc = CK_EXIT_ERROR;
    ck_policy_free(policy);
    ck_arena_free(run_arena);
    if (rc < 0) {
        fprintf(stderr, "clausecheck check: out of memory\n");
        return CK_EXIT_ERROR;
    }
    return rc;
}

static int cmd_test(int argc, char **argv)
{
    static const struct option opts[] = {{"verbose", no_argument, NULL, 'v'},
                                         {"coverage", no_argument, NULL, 'c'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    bool verbose = false, coverage = false;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":vh", opts, NULL)) != -1) {
        switch (c) {
        case 'v': verbose = true; break;
        case 'c': coverage = true; break;
        case 'h': return command_usage(stdout, "test");
        default: return bad_option("test", argv, c, opts);
        }
    }
    if (optind >= argc)
        return usage_error("test", "%s", "no policy files given");
    ck_test_totals totals = {0};
    bool broken = false;
    for (int i = optind; i < argc; i++) {
        ck_policy *policy = NULL;
        char *one[] = {argv[i]};
        if (load_policy("test", one, 1, &policy) != CK_EXIT_OK) {
            broken = true;
            continue;
        }
        if (ck_policy_run_tests(policy, argv[i], stdout, verbose, &totals) != 0 ||
            (coverage && ck_policy_test_coverage(policy, argv[i], stdout) != 0)) {
            fprintf(stderr, "clausecheck test: out of memory\n");
            ck_policy_free(policy);
            return CK_EXIT_ERROR;
        }
        ck_policy_free(policy);
    }
    printf("%zu passed, %zu failed\n", totals.passed, totals.failed);
    if (broken)
        return CK_EXIT_ERROR;
    return totals.failed ? CK_EXIT_FINDINGS : CK_EXIT_OK;
}

static int cmd_requirements(int argc, char **argv)
{
    static const struct option opts[] = {{"policy", required_argument, NULL, 'p'},
                                         {"tier", required_argument, NULL, 't'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    char *policies[64];
    size_t npolicies = 0;
    const char *tier_name = NULL;
    bool markdown = false;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":p:t:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (npolicies == 64)
                return usage_error("requirements", "%s", "too many -p policies (at most 64)");
            policies[npolicies++] = optarg;
            break;
        case 't': tier_name = optarg; break;
        case 'f':
            if (strcmp(optarg, "markdown") == 0)
                markdown = true;
            else if (strcmp(optarg, "text") != 0)
                return usage_error("requirements", "unknown format '%s' (formats: text, markdown)", optarg);
            break;
        case 'h': return command_usage(stdout, "requirements");
        default: return bad_option("requirements", argv, c, opts);
        }
    }
    if (optind < argc)
        return usage_error("requirements", "unexpected argument '%s'", argv[optind]);
    ck_policy *policy = NULL;
    if (load_policy("requirements", policies, npolicies, &policy) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    int lo = 0, hi = (int)policy->tiers.count - 1;
    if (tier_name) {
        int t = ck_policy_tier(policy, tier_name);
        if (t < 0) {
            fprintf(stderr, "clausecheck requirements: unknown tier '%s' (tiers:", tier_name);
            for (size_t i = 0; i < policy->tiers.count; i++)
                fprintf(stderr, " %s", policy->tiers.names[i]);
            fputs(")\n", stderr);
            ck_policy_free(policy);
            return CK_EXIT_ERROR;
        }
        lo = hi = t;
    }
    int rc = CK_EXIT_OK;
    for (int t = hi; t >= lo; t--) {
        ck_arena *arena = ck_arena_new();
        ck_vec items = {0};
        bool *attrs_used = arena ? ck_arena_alloc(arena, policy->nattrs + 1) : NULL;
        if (!attrs_used || ck_present_checklist(policy, t, arena, &items, attrs_used) != 0) {
            fprintf(stderr, "clausecheck requirements: out of memory\n");
            ck_arena_free(arena);
            rc = CK_EXIT_ERROR;
            break;
        }
        if (t != hi)
            fputc('\n', stdout);
        ck_checklist_write(stdout, policy, t, &items, attrs_used, markdown);
        ck_arena_free(arena);
    }
    ck_policy_free(policy);
    return rc;
}

static int cmd_review(int argc, char **argv)
{
    static const struct option opts[] = {
        {"policy", required_argument, NULL, 'p'}, {"as-of", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'}, {"tier", required_argument, NULL, 't'},
        {"root", required_argument, NULL, 'r'},   {"help", no_argument, NULL, 'h'},
        {0}};
    char *policies[64];
    size_t npolicies = 0;
    const char *tier_name = NULL, *root_path = NULL;
    ck_review_format format = CK_REVIEW_TEXT;
    ck_eval_options eo = {0};
    bool have_date = false;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":p:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (npolicies == 64)
                return usage_error("review", "%s", "too many -p policies (at most 64)");
            policies[npolicies++] = optarg;
            break;
        case 'a':
            if (parse_as_of("review", optarg, &eo.as_of) != CK_EXIT_OK)
                return CK_EXIT_ERROR;
            have_date = true;
            break;
        case 'f':
            if (strcmp(optarg, "text") == 0)
                format = CK_REVIEW_TEXT;
            else if (strcmp(optarg, "markdown") == 0)
                format = CK_REVIEW_MARKDOWN;
            else if (strcmp(optarg, "json") == 0)
                format = CK_REVIEW_JSON;
            else
                return usage_error("review", "unknown format '%s' (formats: text, markdown, json)", optarg);
            break;
        case 't': tier_name = optarg; break;
        case 'r': root_path = optarg; break;
        case 'h': return command_usage(stdout, "review");
        default: return bad_option("review", argv, c, opts);
        }
    }
    if (optind != argc - 1)
        return usage_error("review", "%s", "give exactly one draft record");
    const char *draft = argv[optind];
    if (!have_date && ck_date_today_utc(&eo.as_of) != CK_TIME_OK)
        return usage_error("review", "%s", "cannot read today's date; pass --as-of");
    ck_policy *policy = NULL;
    if (load_policy("review", policies, npolicies, &policy) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    int rc = CK_EXIT_ERROR;
    if (tier_name) {
        eo.tier = ck_policy_tier(policy, tier_name);
        eo.force_tier = true;
        if (eo.tier < 0) {
            fprintf(stderr, "clausecheck review: unknown tier '%s'\n", tier_name);
            ck_policy_free(policy);
            return CK_EXIT_ERROR;
        }
    }
    ck_diags diags;
    ck_record *rec = NULL;
    ck_evfile_root root = {.root_fd = -1};
    if (ck_diags_init(&diags) != 0) {
        ck_policy_free(policy);
        return CK_EXIT_ERROR;
    }
    if (!root_path)
        root_path = "."; /* evidence paths are relative to the repository root: run from it, or pass --root */
    if (ck_evfile_root_open(&root, root_path) != 0) {
        fprintf(stderr, "clausecheck review: cannot open the repository root %s: %s\n", root_path, strerror(errno));
        goto done;
    }
    eo.root = &root;
    int lr = ck_record_load(policy, draft, draft, NULL, &diags, &rec);
    ck_diags_print(stderr, &diags, ck_diag_want_color(stderr));
    if (lr != 0)
        goto done;
    ck_result res;
    ck_review rv;
    if (ck_eval_record(policy, rec, &eo, &res) != 0 || ck_review_build(policy, &res, eo.force_tier, &rv) != 0) {
        fprintf(stderr, "clausecheck review: out of memory\n");
        goto done;
    }
    ck_review_write(stdout, policy, &rv, eo.as_of, format);
    rc = rv.to_resolve ? CK_EXIT_FINDINGS : CK_EXIT_OK;
done:
    ck_record_free(rec);
    ck_diags_fini(&diags);
    ck_evfile_root_close(&root);
    ck_policy_free(policy);
    return rc;
}

static int cmd_explain(int argc, char **argv)
{
    static const struct option opts[] = {
        {"policy", required_argument, NULL, 'p'},      {"as-of", required_argument, NULL, 'a'},
        {"requirement", required_argument, NULL, 'q'}, {"root", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},              {0}};
    char *policies[64];
    size_t npolicies = 0;
    const char *only = NULL, *root_path = ".";
    ck_eval_options eo = {0};
    bool have_date = false;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":p:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (npolicies == 64)
                return usage_error("explain", "%s", "too many -p policies (at most 64)");
            policies[npolicies++] = optarg;
            break;
        case 'a':
            if (parse_as_of("explain", optarg, &eo.as_of) != CK_EXIT_OK)
                return CK_EXIT_ERROR;
            have_date = true;
            break;
        case 'q': only = optarg; break;
        case 'r': root_path = optarg; break;
        case 'h': return command_usage(stdout, "explain");
        default: return bad_option("explain", argv, c, opts);
        }
    }
    if (optind != argc - 1)
        return usage_error("explain", "%s", "give exactly one record");
    if (!have_date && ck_date_today_utc(&eo.as_of) != CK_TIME_OK)
        return usage_error("explain", "%s", "cannot read today's date; pass --as-of");
    ck_policy *policy = NULL;
    if (load_policy("explain", policies, npolicies, &policy) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    int want = -1;
    if (only && (want = ck_policy_requirement(policy, only)) < 0) {
        fprintf(stderr, "clausecheck explain: the policy has no requirement '%s'\n", only);
        ck_policy_free(policy);
        return CK_EXIT_ERROR;
    }
    int rc = CK_EXIT_ERROR;
    ck_diags diags;
    ck_record *rec = NULL;
    ck_evfile_root root = {.root_fd = -1};
    ck_vec trace = {0};
    if (ck_diags_init(&diags) != 0) {
        ck_policy_free(policy);
        return CK_EXIT_ERROR;
    }
    if (ck_evfile_root_open(&root, root_path) != 0) {
        fprintf(stderr, "clausecheck explain: cannot open the repository root %s: %s\n", root_path, strerror(errno));
        goto done;
    }
    eo.root = &root;
    eo.trace = &trace;
    int lr = ck_record_load(policy, argv[optind], argv[optind], NULL, &diags, &rec);
    ck_diags_print(stderr, &diags, ck_diag_want_color(stderr));
    if (lr != 0)
        goto done;
    ck_result res;
    if (ck_eval_record(policy, rec, &eo, &res) != 0) {
        fprintf(stderr, "clausecheck explain: out of memory\n");
        goto done;
    }
    char date[16];
    ck_date_format(eo.as_of, date);
    printf("%s: supplier %s, as of %s\n", rec->path, rec->supplier_id ? rec->supplier_id : "(no id)", date);
    for (size_t i = 0; i < trace.len; i++) {
        const ck_trace_line *t = trace.items[i];
        if (want >= 0 && t->req >= 0 && t->req != want)
            continue;
        printf("%*s%s\n", 2 * t->depth + 2, "", t->text);
    }
    rc = CK_EXIT_OK;
done:
    ck_record_free(rec);
    ck_diags_fini(&diags);
    ck_evfile_root_close(&root);
    ck_policy_free(policy);
    return rc;
}

/* Formats one parsed file into a malloc'd buffer. */
static char *format_to_buffer(const ck_file *file, size_t *len)
{
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);
    if (!m)
        return NULL;
    int rc = ck_fmt_write(m, file);
    if (fclose(m) != 0 || rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int cmd_fmt(int argc, char **argv)
{
    static const struct option opts[] = {{"check", no_argument, NULL, 'c'}, {"write", no_argument, NULL, 'w'},
                                         {"help", no_argument, NULL, 'h'}, {0}};
    bool check = false, write = false;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":wh", opts, NULL)) != -1) {
        switch (c) {
        case 'c': check = true; break;
        case 'w': write = true; break;
        case 'h': return command_usage(stdout, "fmt");
        default: return bad_option("fmt", argv, c, opts);
        }
    }
    if (check && write)
        return usage_error("fmt", "%s", "--check and -w exclude each other");
    if (optind >= argc)
        return usage_error("fmt", "%s", "no policy files given");
    int rc = CK_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        ck_arena *arena = ck_arena_new();
        ck_diags diags;
        if (!arena || ck_diags_init(&diags) != 0) {
            ck_arena_free(arena);
            return CK_EXIT_ERROR;
        }
        ck_file *file = NULL;
        int pr = ck_policy_parse_only(path, NULL, arena, &diags, &file);
        if (pr != 0) {
            ck_diags_print(stderr, &diags, ck_diag_want_color(stderr));
            fprintf(stderr, "clausecheck fmt: %s not formatted: it does not parse\n", path);
            rc = CK_EXIT_ERROR;
        } else {
            size_t len = 0;
            char *text = format_to_buffer(file, &len);
            bool same = text && len == file->src->len && memcmp(text, file->src->text, len) == 0;
            if (!text) {
                fprintf(stderr, "clausecheck fmt: out of memory formatting %s\n", path);
                rc = CK_EXIT_ERROR;
            } else if (check) {
                if (!same) {
                    printf("%s\n", path);
                    fprintf(stderr, "clausecheck fmt: %s would be reformatted\n", path);
                    if (rc == CK_EXIT_OK)
                        rc = CK_EXIT_FINDINGS;
                }
            } else if (write) {
                if (!same && write_atomically("fmt", path, text, len) != 0)
                    rc = CK_EXIT_ERROR;
            } else {
                fwrite(text, 1, len, stdout);
            }
            free(text);
        }
        ck_diags_fini(&diags);
        ck_arena_free(arena);
    }
    return rc;
}

int ck_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return CK_EXIT_ERROR;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_usage(stdout);
        return CK_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        puts("clausecheck " CK_VERSION);
        return CK_EXIT_OK;
    }
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, argv[1]) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "clausecheck: unknown command '%s'\n", argv[1]);
    print_usage(stderr);
    return CK_EXIT_ERROR;
}
