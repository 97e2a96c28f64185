/* The command line: parses options, runs one subcommand, decides what reaches the terminal. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "driver.h"
#include "fmt.h"
#include "html.h"
#include "lsp.h"
#include "output.h"
#include "parallel.h"
#include "policy.h"
#include "policy_test.h"
#include "report_calendar.h"
#include "report_checklist.h"
#include "report_explain.h"
#include "report_review.h"
#include "record.h"
#include "record_jsonschema.h"
#include "run.h"
#include "textutil.h"
#include "timeval.h"
#include "version.h"

typedef struct ck_command {
    const char *name;
    const char *usage;
    const char *summary;
    int (*run)(int argc, char **argv, FILE *out); /* out: standard output, checked by the caller */
} ck_command;

static int cmd_lint(int argc, char **argv, FILE *out);
static int cmd_check(int argc, char **argv, FILE *out);
static int cmd_test(int argc, char **argv, FILE *out);
static int cmd_requirements(int argc, char **argv, FILE *out);
static int cmd_review(int argc, char **argv, FILE *out);
static int cmd_explain(int argc, char **argv, FILE *out);
static int cmd_fmt(int argc, char **argv, FILE *out);
static int cmd_lsp(int argc, char **argv, FILE *out);
static int cmd_calendar(int argc, char **argv, FILE *out);
static int cmd_schema(int argc, char **argv, FILE *out);

static const ck_command commands[] = {
    {"calendar",
     "calendar [-p POLICY]... [--as-of DATE] [--horizon DURATION] [-f ics|text|json] [-o FILE] [--root DIR] PATH...",
     "what falls due within the horizon (default 12mo), by date: a renewal calendar", cmd_calendar},
    {"check",
     "check [-p POLICY]... [--as-of DATE] [-f FORMAT] [-o FILE] [--fail-on LEVEL] [--root DIR] [--show-passed]\n"
     "        [--baseline FILE] [--write-baseline FILE] [--files-from FILE|-] [--link-base URL] [--horizon DURATION]\n"
     "        [--allow-empty] [-j N] [--shard I/N] PATH...",
     "check contract records against a policy", cmd_check},
    {"explain", "explain [-p POLICY]... [--as-of DATE] [--requirement ID] [--root DIR] RECORD",
     "how the tier and each requirement were decided", cmd_explain},
    {"fmt", "fmt [--check | -w] POLICY...", "print, check or rewrite policies in canonical form", cmd_fmt},
    {"lint", "lint [--strict] POLICY...", "compile policies and report diagnostics", cmd_lint},
    {"lsp", "lsp", "a language server for policies (LSP over standard input and output)", cmd_lsp},
    {"requirements", "requirements [-p POLICY]... [--tier T] [-f text|markdown]",
     "the checklist a supplier of a tier receives", cmd_requirements},
    {"review", "review [-p POLICY]... [--as-of DATE] [-f text|markdown|json] [--tier T] [--root DIR] DRAFT",
     "what a draft contract lacks before signature", cmd_review},
    {"schema", "schema [-p POLICY]... [-o FILE]", "the JSON Schema of the records a policy accepts, for editors",
     cmd_schema},
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
          "  2  usage error, invalid policy, unreadable input, or output that could not be written\n",
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

/* Prints every diagnostic, warnings included (lint reports them all). */
static void report_diags(const ck_diags *diags)
{
    ck_diags_print(stderr, diags, ck_diag_want_color(stderr));
}

static int cmd_lint(int argc, char **argv, FILE *out)
{
    static const struct option opts[] = {{"strict", no_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'}, {0}};
    bool strict = false;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 's': strict = true; break;
        case 'h': return command_usage(out, "lint");
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

/* The exit code of a status; running out of memory is said here, once. */
static int exit_code(const char *cmd, ck_status st)
{
    switch (st) {
    case CK_STATUS_OK: return CK_EXIT_OK;
    case CK_STATUS_FAILED: return CK_EXIT_FINDINGS;
    case CK_STATUS_INPUT: return CK_EXIT_ERROR;
    case CK_STATUS_NO_MEMORY: break;
    }
    fprintf(stderr, "clausecheck %s: out of memory\n", cmd);
    return CK_EXIT_ERROR;
}

/* Compiles the -p policies, or the built-in baseline when none are given; CK_STATUS_INPUT when
 * it does not compile (said on stderr with its errors). */
static ck_status load_policy(const char *cmd, char **paths, size_t n, ck_policy **out)
{
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return CK_STATUS_NO_MEMORY;
    ck_status st = ck_driver_load_policy(paths, n, &diags, out);
    /* Warnings do not stop a check; only errors are shown here (lint shows all). */
    for (size_t i = 0; i < diags.list.len; i++) {
        const ck_diag *d = diags.list.items[i];
        if (d->level == CK_DIAG_ERROR)
            ck_diag_print(stderr, d, ck_diag_want_color(stderr));
    }
    if (st != CK_STATUS_OK)
        fprintf(stderr, "clausecheck %s: the policy does not compile%s\n", cmd,
                st == CK_STATUS_NO_MEMORY ? " (out of memory)" : "");
    ck_diags_fini(&diags);
    return st == CK_STATUS_OK ? st : CK_STATUS_INPUT;
}

/*
 * The repositories of the paths a command names (repo.h), whose first gives the settings the
 * command line leaves open. A config file that is invalid, or whose whole-run settings disagree
 * with the first's, stops the command (exit 2) with its diagnostics; the note that the current
 * directory serves as the root goes to stderr when say_notes.
 */
static ck_status open_repos(const char *root, const bool sets[CK_SET_COUNT], char *const *paths, size_t n,
                            bool say_notes, ck_repos **out)
{
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return CK_STATUS_NO_MEMORY;
    *out = ck_repos_new(root, sets, &diags);
    int rc = *out ? ck_repos_resolve(*out, paths, n, &diags) : diags.errors ? 1 : -1;
    for (size_t i = 0; i < diags.list.len; i++) {
        const ck_diag *d = diags.list.items[i];
        if (d->level != CK_DIAG_NOTE || say_notes)
            ck_diag_print(stderr, d, ck_diag_want_color(stderr));
    }
    ck_diags_fini(&diags);
    if (rc != 0) {
        ck_repos_free(*out);
        *out = NULL;
    }
    return rc == 0 ? CK_STATUS_OK : rc < 0 ? CK_STATUS_NO_MEMORY : CK_STATUS_INPUT;
}

/* The policies named on the command line, else those the first repository's config names (none:
 * the built-in baseline). */
static void policies_of(const ck_repos *repos, char **given, size_t ngiven, char ***paths, size_t *n)
{
    const ck_repo *first = repos ? ck_repos_first(repos) : NULL;
    *paths = given;
    *n = ngiven;
    if (!ngiven && first) {
        *paths = first->config.policies;
        *n = first->config.npolicies;
    }
}

static int parse_as_of(const char *cmd, const char *arg, ck_date *out)
{
    if (ck_date_parse(arg, strlen(arg), out) != CK_TIME_OK)
        return usage_error(cmd, "--as-of needs a date as YYYY-MM-DD, not '%s'", arg);
    return CK_EXIT_OK;
}

/* --horizon DURATION: the forecast runs to as_of plus it. */
static int parse_horizon(const char *cmd, const char *arg, ck_date as_of, ck_date *until)
{
    ck_duration d;
    if (ck_duration_parse(arg, strlen(arg), &d) != CK_TIME_OK)
        return usage_error(cmd, "--horizon needs a duration such as 90d, 12w, 6mo or 1y, not '%s'", arg);
    *until = ck_date_plus(as_of, d);
    return CK_EXIT_OK;
}

/* Opens -o FILE (or another file the command writes); says why not in one line. */
static int open_output(const char *cmd, const char *path, ck_output *o)
{
    int err = ck_output_open(o, path);
    if (err)
        fprintf(stderr, "clausecheck%s%s: cannot write %s: %s\n", cmd ? " " : "", cmd ? cmd : "",
                path ? path : "standard output", strerror(err));
    return err ? CK_EXIT_ERROR : CK_EXIT_OK;
}

/*
 * Closes an output and turns a failed write into exit code 2 with one line naming the output and
 * the error. A broken pipe stays quiet: the reader stopped reading (`| head`), which is no news
 * to anyone (with SIGPIPE at its default, the process has ended before getting here anyway).
 */
static int close_output(const char *cmd, ck_output *o, bool keep, int rc)
{
    const char *name = o->name;
    int err = ck_output_close(o, keep);
    if (!err)
        return rc;
    if (err != EPIPE)
        fprintf(stderr, "clausecheck%s%s: cannot write %s: %s\n", cmd ? " " : "", cmd ? cmd : "", name, strerror(err));
    return CK_EXIT_ERROR;
}

/* Replaces path with text through a temporary file in the same directory and a rename, keeping
 * the file's permissions: an interrupted or failed write leaves the original untouched. */
static int write_atomically(const char *cmd, const char *path, const char *text, size_t len)
{
    ck_output of;
    int err = ck_output_open_replacing(&of, path);
    if (err) {
        fprintf(stderr, "clausecheck %s: cannot write %s: %s\n", cmd, path, strerror(err));
        return -1;
    }
    fwrite(text, 1, len, of.f);
    return close_output(cmd, &of, true, 0) == 0 ? 0 : -1;
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

/* check's command line: the run's options, and the files to read and write around it. */
typedef struct {
    ck_run_options ro;
    char *policies[64];
    size_t npolicies;
    const char *output, *baseline_path, *write_baseline, *files_from, *root;
    bool sets[CK_SET_COUNT];   /* whole-run settings the command line gives: no config file's count */
} check_args;

/* -j N: threads that load and evaluate records (parallel.h); the output is the same for any N. */
static int parse_jobs(const char *arg, unsigned *jobs)
{
    char *end;
    errno = 0;
    long n = strtol(arg, &end, 10);
    if (errno || end == arg || *end || n < 1 || n > 256)
        return -1;
    *jobs = (unsigned)n;
    return 0;
}

/* --shard I/N (shard.h): 1 <= I <= N <= 10000. */
static int parse_shard(const char *arg, unsigned *shard, unsigned *shards)
{
    char *slash, *end;
    errno = 0;
    long i = strtol(arg, &slash, 10);
    if (errno || slash == arg || *slash != '/' || !(slash[1] >= '0' && slash[1] <= '9'))
        return -1;
    long n = strtol(slash + 1, &end, 10);
    if (errno || *end || i < 1 || n < 1 || i > n || n > 10000)
        return -1;
    *shard = (unsigned)i;
    *shards = (unsigned)n;
    return 0;
}

/* -1 when the options are good and the check should run; else the exit code. */
static int parse_check(int argc, char **argv, check_args *a, FILE *out)
{
    static const struct option opts[] = {
        {"policy", required_argument, NULL, 'p'},  {"as-of", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'},  {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, 'F'}, {"root", required_argument, NULL, 'r'},
        {"show-passed", no_argument, NULL, 'P'},   {"help", no_argument, NULL, 'h'},
        {"baseline", required_argument, NULL, 'B'}, {"write-baseline", required_argument, NULL, 'W'},
        {"files-from", required_argument, NULL, 'L'}, {"link-base", required_argument, NULL, 'U'},
        {"horizon", required_argument, NULL, 'H'}, {"allow-empty", no_argument, NULL, 'E'},
        {"jobs", required_argument, NULL, 'j'}, {"shard", required_argument, NULL, 'S'},
        {0}};
    bool have_date = false;
    const char *horizon = NULL;
    int c;
    getopt_restart();
    a->ro.jobs = ck_cpu_count();
    while ((c = getopt_long(argc, argv, ":p:f:o:j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            if (parse_jobs(optarg, &a->ro.jobs) != 0)
                return usage_error("check", "-j takes a number of threads from 1 to 256, not '%s'", optarg);
            break;
        case 'S':
            if (parse_shard(optarg, &a->ro.shard, &a->ro.shards) != 0)
                return usage_error("check", "--shard takes I/N, this run's shard I of N, from 1/N to N/N, not '%s'", optarg);
            break;
        case 'p':
            if (a->npolicies == 64)
                return usage_error("check", "%s", "too many -p policies (at most 64)");
            a->policies[a->npolicies++] = optarg;
            a->sets[CK_SET_POLICIES] = true;
            break;
        case 'a':
            if (parse_as_of("check", optarg, &a->ro.as_of) != CK_EXIT_OK)
                return CK_EXIT_ERROR;
            have_date = true;
            break;
        case 'f':
            a->ro.reporter = ck_reporter_find(optarg);
            if (!a->ro.reporter) {
                char names[256];
                ck_reporter_list(names, sizeof names);
                fprintf(stderr, "clausecheck check: unknown format '%s' (formats: %s)\n", optarg, names);
                return CK_EXIT_ERROR;
            }
            a->sets[CK_SET_FORMAT] = true;
            break;
        case 'o': a->output = optarg; break;
        case 'F':
            a->ro.fail_on = ck_fail_on_parse(optarg);
            if (a->ro.fail_on < 0)
                return usage_error("check", "--fail-on takes error, warning, info or never, not '%s'", optarg);
            a->sets[CK_SET_FAIL_ON] = true;
            break;
        case 'r': a->root = optarg; break;
        case 'E': a->ro.allow_empty = true; break;
        case 'P': a->ro.show_passed = true; break;
        case 'B': a->baseline_path = optarg; break;
        case 'W': a->write_baseline = optarg; break;
        case 'L': a->files_from = optarg; break;
        case 'U': a->ro.link_base = optarg; break;
        case 'H': horizon = optarg; break;
        case 'h': return command_usage(out, "check");
        default: return bad_option("check", argv, c, opts);
        }
    }
    if (optind >= argc)
        return usage_error("check", "%s", "no records or directories given");
    if (!have_date && ck_date_today_utc(&a->ro.as_of) != CK_TIME_OK)
        return usage_error("check", "%s", "cannot read today's date; pass --as-of");
    if (horizon && parse_horizon("check", horizon, a->ro.as_of, &a->ro.due_until) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    a->ro.horizon = horizon != NULL;
    if (a->ro.link_base && !ck_html_link_base_ok(a->ro.link_base))
        return usage_error("check", "--link-base takes an http:// or https:// URL, not '%s'", a->ro.link_base);
    a->ro.paths = argv + optind;
    a->ro.npaths = (size_t)(argc - optind);
    return -1;
}

/* The --baseline report and the --files-from list, read into arena. */
static ck_status read_check_inputs(check_args *a, ck_arena *arena, ck_baseline *baseline)
{
    if (a->baseline_path) {
        ck_diags bd;
        if (ck_diags_init(&bd) != 0)
            return CK_STATUS_NO_MEMORY;
        int rc = ck_baseline_load(a->baseline_path, arena, &bd, baseline);
        ck_diags_print(stderr, &bd, ck_diag_want_color(stderr));
        ck_diags_fini(&bd);
        if (rc != 0)
            return CK_STATUS_INPUT;
        a->ro.baseline = baseline;
    }
    if (a->files_from && read_file_list("check", a->files_from, arena, &a->ro.changed, &a->ro.nchanged) != 0)
        return CK_STATUS_INPUT;
    return CK_STATUS_OK;
}

/* The run with its outputs open: the report (standard output, or -o atomically) and the
 * --write-baseline report. The exit code, 2 when an output could not be written; *status is the
 * run's own. */
static int run_check_to(const char *cmd, check_args *a, FILE *out, ck_status *status)
{
    ck_output of, bf;
    *status = CK_STATUS_INPUT;
    if (a->output && open_output(cmd, a->output, &of) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    if (a->write_baseline && open_output(cmd, a->write_baseline, &bf) != CK_EXIT_OK) {
        if (a->output)
            ck_output_close(&of, false);
        return CK_EXIT_ERROR;
    }
    a->ro.baseline_out = a->write_baseline ? bf.f : NULL;
    a->ro.out = a->output ? of.f : out;
    a->ro.color = !a->output && ck_diag_want_color(stdout) && a->ro.reporter == &ck_report_text;
    ck_diags diags;
    ck_status st = ck_diags_init(&diags) == 0 ? CK_STATUS_OK : CK_STATUS_NO_MEMORY;
    ck_summary summary;
    if (st == CK_STATUS_OK) {
        st = ck_run_check(&a->ro, &summary, &diags);
        if (a->output) /* the report went to a file: say on stderr what could not be read */
            ck_diags_print(stderr, &diags, ck_diag_want_color(stderr));
        ck_diags_fini(&diags);
    }
    *status = st;
    int rc = exit_code(cmd, st);
    bool written = st != CK_STATUS_NO_MEMORY;
    if (a->output)
        rc = close_output(cmd, &of, written, rc);
    if (a->write_baseline)
        rc = close_output(cmd, &bf, written, rc);
    return rc;
}

/* The settings the command line leaves open, from the run's first repository (its config file,
 * or the defaults): the others had to agree with it. */
static void apply_config(check_args *a)
{
    const ck_repo *first = ck_repos_first(a->ro.repos);
    if (!first)
        return;
    if (!a->sets[CK_SET_FAIL_ON])
        a->ro.fail_on = first->config.fail_on;
    if (!a->sets[CK_SET_FORMAT])
        a->ro.reporter = ck_reporter_find(first->config.format);
}

static int cmd_check(int argc, char **argv, FILE *out)
{
    check_args a = {.ro = {.fail_on = CK_SEV_ERROR, .reporter = &ck_report_text}};
    int rc = parse_check(argc, argv, &a, out);
    if (rc >= 0)
        return rc;
    ck_arena *arena = ck_arena_new();
    if (!arena)
        return exit_code("check", CK_STATUS_NO_MEMORY);
    ck_baseline baseline;
    ck_policy *policy = NULL;
    char **policies;
    size_t npolicies;
    ck_status st = open_repos(a.root, a.sets, a.ro.paths, a.ro.npaths, true, &a.ro.repos);
    if (st == CK_STATUS_OK) {
        apply_config(&a);
        policies_of(a.ro.repos, a.policies, a.npolicies, &policies, &npolicies);
        st = read_check_inputs(&a, arena, &baseline);
    }
    if (st == CK_STATUS_OK)
        st = load_policy("check", policies, npolicies, &policy);
    rc = exit_code("check", st);
    if (st == CK_STATUS_OK) {
        a.ro.policy = policy;
        rc = run_check_to("check", &a, out, &st);
    }
    ck_policy_free(policy);
    ck_repos_free(a.ro.repos);
    ck_arena_free(arena);
    return rc;
}

static int cmd_test(int argc, char **argv, FILE *out)
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
        case 'h': return command_usage(out, "test");
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
        if (load_policy("test", one, 1, &policy) != CK_STATUS_OK) {
            broken = true;
            continue;
        }
        bool oom = ck_policy_run_tests(policy, argv[i], out, verbose, &totals) != 0 ||
                   (coverage && ck_policy_test_coverage(policy, argv[i], out) != 0);
        ck_policy_free(policy);
        if (oom)
            return exit_code("test", CK_STATUS_NO_MEMORY);
    }
    fprintf(out, "%zu passed, %zu failed\n", totals.passed, totals.failed);
    return exit_code("test", broken ? CK_STATUS_INPUT : totals.failed ? CK_STATUS_FAILED : CK_STATUS_OK);
}

static int cmd_requirements(int argc, char **argv, FILE *out)
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
        case 'h': return command_usage(out, "requirements");
        default: return bad_option("requirements", argv, c, opts);
        }
    }
    if (optind < argc)
        return usage_error("requirements", "unexpected argument '%s'", argv[optind]);
    /* without -p, the policies of the repository the current directory is in */
    ck_repos *repos = NULL;
    char *here[] = {"."}, **paths = policies;
    size_t npaths = npolicies;
    ck_status st = npolicies ? CK_STATUS_OK : open_repos(NULL, NULL, here, 1, false, &repos);
    if (st == CK_STATUS_OK)
        policies_of(repos, policies, npolicies, &paths, &npaths);
    ck_policy *policy = NULL;
    if (st == CK_STATUS_OK)
        st = load_policy("requirements", paths, npaths, &policy);
    ck_repos_free(repos); /* the policy keeps copies of everything it needs */
    if (st != CK_STATUS_OK)
        return exit_code("requirements", st);
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
            fputc('\n', out);
        ck_checklist_write(out, policy, t, &items, attrs_used, markdown);
        ck_arena_free(arena);
    }
    ck_policy_free(policy);
    return rc;
}

/* One record through the driver, for review and explain: the record, its result, and the
 * diagnostics of loading it (printed). Free with one_record_done. */
typedef struct {
    ck_driver driver;
    ck_record *rec;
    ck_result res;
} one_record;

static ck_status one_record_run(const ck_policy *policy, ck_date as_of, ck_repos *repos, const char *path,
                                ck_eval_options eo, one_record *o)
{
    *o = (one_record){0};
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return CK_STATUS_NO_MEMORY;
    ck_driver_init(&o->driver, policy, as_of, repos);
    ck_status st = ck_driver_record(&o->driver, path, eo, &o->rec, &o->res, &diags);
    ck_diags_print(stderr, &diags, ck_diag_want_color(stderr));
    ck_diags_fini(&diags);
    return st;
}

static void one_record_done(one_record *o) { ck_record_free(o->rec); }

/* review's and explain's shared options; the rest each command parses itself. */
typedef struct {
    char *policies[64];
    size_t npolicies;
    ck_date as_of;
    bool have_date;
    const char *root;
    ck_repos *repos;  /* the record's repository, opened by record_policy */
} record_args;

/* The record's repository, and the policy: -p, else its config file's, else the built-in. */
static ck_status record_policy(const char *cmd, record_args *ra, char *path, ck_policy **policy)
{
    bool sets[CK_SET_COUNT] = {[CK_SET_POLICIES] = ra->npolicies > 0};
    char **paths;
    size_t n;
    *policy = NULL;
    ck_status st = open_repos(ra->root, sets, &path, 1, true, &ra->repos);
    if (st == CK_STATUS_OK) {
        policies_of(ra->repos, ra->policies, ra->npolicies, &paths, &n);
        st = load_policy(cmd, paths, n, policy);
    }
    return st;
}

/* -p, --as-of and --root; -1 when c was one of them and taken, else the exit code of a bad value. */
static int record_option(const char *cmd, int c, record_args *a)
{
    switch (c) {
    case 'p':
        if (a->npolicies == 64)
            return usage_error(cmd, "%s", "too many -p policies (at most 64)");
        a->policies[a->npolicies++] = optarg;
        return -1;
    case 'a':
        if (parse_as_of(cmd, optarg, &a->as_of) != CK_EXIT_OK)
            return CK_EXIT_ERROR;
        a->have_date = true;
        return -1;
    case 'r': a->root = optarg; return -1;
    default: return CK_EXIT_ERROR;
    }
}

static int review_format(const char *name, ck_review_format *format)
{
    static const char *const names[] = {[CK_REVIEW_TEXT] = "text", [CK_REVIEW_MARKDOWN] = "markdown",
                                        [CK_REVIEW_JSON] = "json"};
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *format = (ck_review_format)i;
            return -1;
        }
    return usage_error("review", "unknown format '%s' (formats: text, markdown, json)", name);
}

static int cmd_review(int argc, char **argv, FILE *out)
{
    static const struct option opts[] = {
        {"policy", required_argument, NULL, 'p'}, {"as-of", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'}, {"tier", required_argument, NULL, 't'},
        {"root", required_argument, NULL, 'r'},   {"help", no_argument, NULL, 'h'},
        {0}};
    record_args ra = {0};
    const char *tier_name = NULL;
    ck_review_format format = CK_REVIEW_TEXT;
    int c, rc;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":p:f:h", opts, NULL)) != -1) {
        if (c == 'f')
            rc = review_format(optarg, &format);
        else if (c == 't')
            rc = (tier_name = optarg, -1);
        else if (c == 'h')
            return command_usage(out, "review");
        else if (c == 'p' || c == 'a' || c == 'r')
            rc = record_option("review", c, &ra);
        else
            return bad_option("review", argv, c, opts);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc - 1)
        return usage_error("review", "%s", "give exactly one draft record");
    if (!ra.have_date && ck_date_today_utc(&ra.as_of) != CK_TIME_OK)
        return usage_error("review", "%s", "cannot read today's date; pass --as-of");
    ck_policy *policy = NULL;
    ck_status st = record_policy("review", &ra, argv[optind], &policy);
    if (st != CK_STATUS_OK) {
        ck_repos_free(ra.repos);
        return exit_code("review", st);
    }
    ck_eval_options eo = {.force_tier = tier_name != NULL, .tier = tier_name ? ck_policy_tier(policy, tier_name) : 0};
    if (eo.tier < 0) {
        fprintf(stderr, "clausecheck review: unknown tier '%s'\n", tier_name);
        ck_policy_free(policy);
        ck_repos_free(ra.repos);
        return CK_EXIT_ERROR;
    }
    one_record o;
    ck_review rv;
    st = one_record_run(policy, ra.as_of, ra.repos, argv[optind], eo, &o);
    if (st == CK_STATUS_OK && ck_review_build(policy, &o.res, eo.force_tier, &rv) != 0)
        st = CK_STATUS_NO_MEMORY;
    /* What falls due within the first year of a contract signed today. */
    ck_forecast fc;
    eo.as_of = ra.as_of;
    rv.forecast_until = ck_date_plus(ra.as_of, (ck_duration){1, CK_DUR_YEAR});
    if (st == CK_STATUS_OK && ck_forecast_record(policy, o.rec, &o.res, &eo, rv.forecast_until, &fc) != 0)
        st = CK_STATUS_NO_MEMORY;
    rv.forecast = &fc;
    if (st == CK_STATUS_OK) {
        ck_review_write(out, policy, &rv, ra.as_of, format);
        st = rv.to_resolve ? CK_STATUS_FAILED : CK_STATUS_OK;
    }
    one_record_done(&o);
    ck_policy_free(policy);
    ck_repos_free(ra.repos);
    return exit_code("review", st);
}

static int cmd_explain(int argc, char **argv, FILE *out)
{
    static const struct option opts[] = {
        {"policy", required_argument, NULL, 'p'},      {"as-of", required_argument, NULL, 'a'},
        {"requirement", required_argument, NULL, 'q'}, {"root", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},              {0}};
    record_args ra = {0};
    const char *only = NULL;
    int c, rc;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":p:h", opts, NULL)) != -1) {
        if (c == 'q')
            rc = (only = optarg, -1);
        else if (c == 'h')
            return command_usage(out, "explain");
        else if (c == 'p' || c == 'a' || c == 'r')
            rc = record_option("explain", c, &ra);
        else
            return bad_option("explain", argv, c, opts);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc - 1)
        return usage_error("explain", "%s", "give exactly one record");
    if (!ra.have_date && ck_date_today_utc(&ra.as_of) != CK_TIME_OK)
        return usage_error("explain", "%s", "cannot read today's date; pass --as-of");
    ck_policy *policy = NULL;
    ck_status st = record_policy("explain", &ra, argv[optind], &policy);
    int want = -1;
    if (st == CK_STATUS_OK && only && (want = ck_policy_requirement(policy, only)) < 0) {
        fprintf(stderr, "clausecheck explain: the policy has no requirement '%s'\n", only);
        st = CK_STATUS_INPUT;
    }
    ck_vec trace = {0};
    one_record o = {0};
    if (st == CK_STATUS_OK)
        st = one_record_run(policy, ra.as_of, ra.repos, argv[optind], (ck_eval_options){.trace = &trace}, &o);
    if (st == CK_STATUS_OK)
        ck_explain_write(out, o.rec, ra.as_of, &trace, want);
    one_record_done(&o);
    ck_policy_free(policy);
    ck_repos_free(ra.repos);
    return exit_code("explain", st);
}

/* calendar: a check run whose reporter keeps only what falls due; it is a plan, not a gate. */
static int cmd_calendar(int argc, char **argv, FILE *out)
{
    static const struct option opts[] = {
        {"policy", required_argument, NULL, 'p'}, {"as-of", required_argument, NULL, 'a'},
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"root", required_argument, NULL, 'r'},   {"horizon", required_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},         {0}};
    check_args a = {.ro = {.fail_on = CK_FAIL_NEVER, .reporter = ck_calendar_find("text"), .horizon = true}};
    record_args ra = {0};
    const char *horizon = "12mo";
    int c, rc = -1;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":p:f:o:h", opts, NULL)) != -1) {
        if (c == 'f' && !(a.ro.reporter = ck_calendar_find(optarg)))
            rc = usage_error("calendar", "unknown format '%s' (formats: ics, text, json)", optarg);
        else if (c == 'o' || c == 'H')
            *(c == 'o' ? &a.output : &horizon) = optarg;
        else if (c == 'h')
            return command_usage(out, "calendar");
        else if (c == 'p' || c == 'a' || c == 'r')
            rc = record_option("calendar", c, &ra);
        else if (c != 'f')
            return bad_option("calendar", argv, c, opts);
        if (rc >= 0)
            return rc;
    }
    if (optind >= argc)
        return usage_error("calendar", "%s", "no records or directories given");
    if (!ra.have_date && ck_date_today_utc(&ra.as_of) != CK_TIME_OK)
        return usage_error("calendar", "%s", "cannot read today's date; pass --as-of");
    if (parse_horizon("calendar", horizon, ra.as_of, &a.ro.due_until) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    a.ro.as_of = ra.as_of;
    a.ro.paths = argv + optind;
    a.ro.npaths = (size_t)(argc - optind);
    /* a calendar is a plan, not a gate: the repositories' fail-on and format do not apply */
    bool sets[CK_SET_COUNT] = {[CK_SET_POLICIES] = ra.npolicies > 0, [CK_SET_FAIL_ON] = true, [CK_SET_FORMAT] = true};
    ck_policy *policy = NULL;
    char **policies;
    size_t npolicies;
    ck_status st = open_repos(ra.root, sets, a.ro.paths, a.ro.npaths, true, &a.ro.repos);
    if (st == CK_STATUS_OK) {
        policies_of(a.ro.repos, ra.policies, ra.npolicies, &policies, &npolicies);
        st = load_policy("calendar", policies, npolicies, &policy);
    }
    rc = exit_code("calendar", st);
    if (st == CK_STATUS_OK) {
        a.ro.policy = policy;
        rc = run_check_to("calendar", &a, out, &st);
    }
    if (st == CK_STATUS_INPUT && policy)
        fputs("clausecheck calendar: some inputs could not be read; the calendar lists them, and "
              "`clausecheck check` says why\n", stderr);
    ck_policy_free(policy);
    ck_repos_free(a.ro.repos);
    return rc;
}

static int cmd_fmt(int argc, char **argv, FILE *out)
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
        case 'h': return command_usage(out, "fmt");
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
            char *text = ck_fmt_to_buffer(file, &len);
            bool same = text && len == file->src->len && memcmp(text, file->src->text, len) == 0;
            if (!text) {
                fprintf(stderr, "clausecheck fmt: out of memory formatting %s\n", path);
                rc = CK_EXIT_ERROR;
            } else if (check) {
                if (!same) {
                    fprintf(out, "%s\n", path);
                    fprintf(stderr, "clausecheck fmt: %s would be reformatted\n", path);
                    if (rc == CK_EXIT_OK)
                        rc = CK_EXIT_FINDINGS;
                }
            } else if (write) {
                if (!same && write_atomically("fmt", path, text, len) != 0)
                    rc = CK_EXIT_ERROR;
            } else {
                fwrite(text, 1, len, out);
            }
            free(text);
        }
        ck_diags_fini(&diags);
        ck_arena_free(arena);
    }
    return rc;
}

static int cmd_lsp(int argc, char **argv, FILE *out)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return command_usage(out, "lsp");
    if (argc > 1)
        return usage_error("lsp", "unexpected argument '%s'", argv[1]);
    signal(SIGPIPE, SIG_IGN); /* a client that goes away ends the session, not the process */
    return ck_lsp_run(stdin, out) == 0 ? CK_EXIT_OK : CK_EXIT_FINDINGS;
}

static int cmd_schema(int argc, char **argv, FILE *out)
{
    static const struct option opts[] = {{"policy", required_argument, NULL, 'p'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0}};
    char *policies[64];
    size_t npolicies = 0;
    const char *output = NULL;
    int c;
    getopt_restart();
    while ((c = getopt_long(argc, argv, ":p:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (npolicies == 64)
                return usage_error("schema", "%s", "too many -p policies (at most 64)");
            policies[npolicies++] = optarg;
            break;
        case 'o': output = optarg; break;
        case 'h': return command_usage(out, "schema");
        default: return bad_option("schema", argv, c, opts);
        }
    }
    if (optind < argc)
        return usage_error("schema", "unexpected argument '%s'", argv[optind]);
    ck_policy *policy = NULL;
    ck_output of;
    if (load_policy("schema", policies, npolicies, &policy) != CK_STATUS_OK)
        return CK_EXIT_ERROR;
    if (output && open_output("schema", output, &of) != CK_EXIT_OK) {
        ck_policy_free(policy);
        return CK_EXIT_ERROR;
    }
    /* a failed write is the output's to report: -o FILE's here, standard output's by the caller */
    bool ok = ck_record_jsonschema_write(output ? of.f : out, policy) == 0;
    ck_policy_free(policy);
    return output ? close_output("schema", &of, ok, CK_EXIT_OK) : CK_EXIT_OK;
}

/* The command named by argv[1] (or --help, --version), writing to out. */
static int dispatch(int argc, char **argv, FILE *out)
{
    if (argc < 2) {
        print_usage(stderr);
        return CK_EXIT_ERROR;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_usage(out);
        return CK_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        fputs("clausecheck " CK_VERSION "\n", out);
        return CK_EXIT_OK;
    }
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, argv[1]) == 0)
            return commands[i].run(argc - 1, argv + 1, out);
    fprintf(stderr, "clausecheck: unknown command '%s'\n", argv[1]);
    print_usage(stderr);
    return CK_EXIT_ERROR;
}

int ck_cli_main(int argc, char **argv)
{
    ck_output out;
    if (open_output(NULL, NULL, &out) != CK_EXIT_OK)
        return CK_EXIT_ERROR;
    const char *cmd = NULL;
    for (size_t i = 0; argc > 1 && i < ncommands; i++)
        if (strcmp(commands[i].name, argv[1]) == 0)
            cmd = commands[i].name;
    int rc = close_output(cmd, &out, true, dispatch(argc, argv, out.f));
    /* Standard error has nowhere to report its own failure; the exit code says it. */
    return ferror(stderr) ? CK_EXIT_ERROR : rc;
}
