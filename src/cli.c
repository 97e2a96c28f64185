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

#include "cli_table.h"
#include "diag.h"
#include "driver.h"
#include "escape.h"
#include "fmt.h"
#include "html.h"
#include "lsp.h"
#include "output.h"
#include "parallel.h"
#include "policy.h"
#include "policy_test.h"
#include "progress.h"
#include "report_calendar.h"
#include "report_checklist.h"
#include "report_explain.h"
#include "report_review.h"
#include "record.h"
#include "record_jsonschema.h"
#include "register.h"
#include "run.h"
#include "textutil.h"
#include "timeval.h"
#include "udiff.h"
#include "version.h"
#include "yaml_tree.h"

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
static int cmd_help(int argc, char **argv, FILE *out);
static int cmd_version(int argc, char **argv, FILE *out);

/* Options several commands share, each the same row wherever it appears. The keys of options
 * without a short name are letters that are not short options of the same command. */
#define OPT_POLICY                                                                                                  \
    {"policy", 'p', true, "POLICY", CK_VAL_POLICY, NULL, true,                                                      \
     "a policy file; several compose into one (default: the config's, else the baseline)"}
#define OPT_AS_OF {"as-of", 'a', false, "DATE", CK_VAL_TEXT, NULL, false, "the date to judge by, YYYY-MM-DD (default: today in UTC)"}
#define OPT_ROOT                                                                                                    \
    {"root", 'r', false, "DIR", CK_VAL_DIR, NULL, false,                                                            \
     "the repository root evidence resolves against (default: found from the record)"}
#define OPT_OUTPUT {"output", 'o', true, "FILE", CK_VAL_FILE, NULL, false, "write to FILE, atomically, instead of standard output"}
#define OPT_COLOR                                                                                                   \
    {"color", 'K', false, "WHEN", CK_VAL_CHOICE, "auto always never", false,                                        \
     "colour the report and messages (default auto: on a terminal, without NO_COLOR)"}
#define OPT_HELP {"help", 'h', true, NULL, CK_VAL_TEXT, NULL, false, "print this help and exit"}
#define OPT_END {NULL, 0, false, NULL, CK_VAL_TEXT, NULL, false, NULL}

static const ck_cli_option calendar_opts[] = {
    OPT_POLICY, OPT_AS_OF,
    {"horizon", 'H', false, "DURATION", CK_VAL_TEXT, NULL, false, "how far ahead to look: 90d, 12w, 6mo, 1y (default 12mo)"},
    {"format", 'f', true, "FORMAT", CK_VAL_CHOICE, "ics text json", false, "the calendar's format (default text)"},
    OPT_OUTPUT, OPT_ROOT, OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_option check_opts[] = {
    OPT_POLICY, OPT_AS_OF,
    {"format", 'f', true, "FORMAT", CK_VAL_REPORTER, NULL, false, "the report's format (default text, or the config's)"},
    OPT_OUTPUT,
    {"fail-on", 'F', false, "LEVEL", CK_VAL_CHOICE, "error warning info never", false,
     "the lowest severity that fails the gate (default error, or the config's)"},
    OPT_ROOT,
    {"show-passed", 'P', false, NULL, CK_VAL_TEXT, NULL, false, "also list the requirements each supplier meets"},
    {"baseline", 'B', false, "FILE", CK_VAL_FILE, NULL, false,
     "findings in this earlier JSON report are known; they never fail the gate"},
    {"write-baseline", 'W', false, "FILE", CK_VAL_FILE, NULL, false, "also write a JSON report to FILE, a later --baseline"},
    {"files-from", 'L', false, "FILE", CK_VAL_FILE, NULL, false,
     "check only the records, evidence and documents listed in FILE (- for stdin)"},
    {"link-base", 'U', false, "URL", CK_VAL_TEXT, NULL, false, "make record locations links under this http(s) URL (Markdown, HTML)"},
    {"horizon", 'H', false, "DURATION", CK_VAL_TEXT, NULL, false,
     "also warn of what falls due within DURATION: 90d, 12w, 6mo, 1y"},
    {"allow-empty", 'E', false, NULL, CK_VAL_TEXT, NULL, false, "finding no record at all is not an input error"},
    {"quiet", 'q', true, NULL, CK_VAL_TEXT, NULL, false, "text: only the records that fail the gate, and the summary"},
    {"stdin-name", 'I', false, "PATH", CK_VAL_FILE, NULL, false,
     "the name of the record '-' reads from stdin; its folder's repository is the record's (default <stdin>)"},
    {"no-progress", 'N', false, NULL, CK_VAL_TEXT, NULL, false,
     "no progress line on a terminal's stderr while a long run writes its report elsewhere"},
    {"compact", 'C', false, NULL, CK_VAL_TEXT, NULL, false,
     "text: one line per finding, file:line:col: severity [kind] ID: message"},
    {"jobs", 'j', true, "N", CK_VAL_TEXT, NULL, false,
     "check records on N threads (default: the CPUs this process may use); the report is the same"},
    {"shard", 'S', false, "I/N", CK_VAL_TEXT, NULL, false,
     "check only shard I of N: a stable 1/N of the records, by their path in the repository"},
    OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_option explain_opts[] = {
    OPT_POLICY, OPT_AS_OF,
    {"requirement", 'q', false, "ID", CK_VAL_TEXT, NULL, false, "explain only this requirement (the tier is always explained)"},
    {"format", 'f', true, "FORMAT", CK_VAL_CHOICE, "text json", false, "the explanation's format (default text)"},
    OPT_ROOT,
    {"stdin-name", 'I', false, "PATH", CK_VAL_FILE, NULL, false,
     "the name of the record '-' reads from stdin; its folder's repository is the record's (default <stdin>)"},
    OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_option fmt_opts[] = {
    {"check", 'c', false, NULL, CK_VAL_TEXT, NULL, false, "change nothing; list the files not in canonical form (exit 1 if any)"},
    {"write", 'w', true, NULL, CK_VAL_TEXT, NULL, false, "rewrite the files in canonical form, in place"},
    {"list", 'l', true, NULL, CK_VAL_TEXT, NULL, false, "list the files not in canonical form, print nothing else"},
    {"diff", 'd', false, NULL, CK_VAL_TEXT, NULL, false, "print a unified diff of each file to its canonical form"},
    OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_option lint_opts[] = {
    {"strict", 's', false, NULL, CK_VAL_TEXT, NULL, false, "warnings fail too (exit 1)"},
    {"format", 'f', true, "FORMAT", CK_VAL_CHOICE, "text json", false,
     "the diagnostics' format: text on stderr (default), or JSON on stdout"},
    OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_option help_only_opts[] = {OPT_HELP, OPT_END};

static const ck_cli_option requirements_opts[] = {
    OPT_POLICY,
    {"tier", 't', false, "TIER", CK_VAL_TIER, NULL, false, "only this tier's checklist (default: every tier, highest first)"},
    {"format", 'f', true, "FORMAT", CK_VAL_CHOICE, "text markdown json", false, "the checklist's format (default text)"},
    {"list-tiers", 'T', false, NULL, CK_VAL_TEXT, NULL, false, "print only the policy's tiers, lowest first, one a line"},
    OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_option review_opts[] = {
    OPT_POLICY, OPT_AS_OF,
    {"format", 'f', true, "FORMAT", CK_VAL_CHOICE, "text markdown json", false, "the review's format (default text)"},
    {"tier", 't', false, "TIER", CK_VAL_TIER, NULL, false, "review the draft as if it were of this tier (marked hypothetical)"},
    OPT_ROOT,
    {"stdin-name", 'I', false, "PATH", CK_VAL_FILE, NULL, false,
     "the name of the draft '-' reads from stdin; its folder's repository is the draft's (default <stdin>)"}, OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_option schema_opts[] = {OPT_POLICY, OPT_OUTPUT, OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_option test_opts[] = {
    {"verbose", 'v', true, NULL, CK_VAL_TEXT, NULL, false, "also name each test that passed"},
    {"format", 'f', true, "FORMAT", CK_VAL_CHOICE, "text json", false, "the results' format (default text)"},
    {"coverage", 'c', false, NULL, CK_VAL_TEXT, NULL, false,
     "then say which requirements and rules the tests exercised, and which way"},
    OPT_COLOR, OPT_HELP, OPT_END};

static const ck_cli_command commands[] = {
    {"calendar", "PATH...", CK_VAL_PATH, "what falls due within the horizon (default 12mo), by date: a renewal calendar",
     calendar_opts, cmd_calendar},
    {"check", "PATH...", CK_VAL_PATH, "check contract records against a policy", check_opts, cmd_check},
    {"explain", "RECORD|-", CK_VAL_FILE, "how the tier and each requirement were decided", explain_opts, cmd_explain},
    {"fmt", "POLICY...", CK_VAL_POLICY, "print, check or rewrite policies in canonical form", fmt_opts, cmd_fmt},
    {"help", "[COMMAND]", CK_VAL_COMMAND, "every command, or every option of one", help_only_opts, cmd_help},
    {"lint", "POLICY...", CK_VAL_POLICY, "compile policies and report diagnostics", lint_opts, cmd_lint},
    {"lsp", NULL, CK_VAL_TEXT, "a language server for policies (LSP over standard input and output)", help_only_opts,
     cmd_lsp},
    {"requirements", NULL, CK_VAL_TEXT, "the checklist a supplier of a tier receives", requirements_opts,
     cmd_requirements},
    {"review", "DRAFT", CK_VAL_FILE, "what a draft contract lacks before signature", review_opts, cmd_review},
    {"schema", NULL, CK_VAL_TEXT, "the JSON Schema of the records a policy accepts, for editors", schema_opts,
     cmd_schema},
    {"test", "POLICY...", CK_VAL_POLICY, "run the test blocks of policies", test_opts, cmd_test},
    {"version", NULL, CK_VAL_TEXT, "print the version (also -V, --version)", help_only_opts, cmd_version},
};

static const size_t ncommands = sizeof commands / sizeof commands[0];

const ck_cli_command *ck_cli_commands(size_t *n)
{
    *n = ncommands;
    return commands;
}

const ck_cli_command *ck_cli_command_find(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* COMMAND --help, on standard output. */
static int command_help(FILE *out, const char *cmd)
{
    ck_cli_help_command(out, ck_cli_command_find(cmd));
    return CK_EXIT_OK;
}

/* The short form of the synopsis, after a usage error: the message said what was wrong, and
 * --help lists every option. */
static int usage_line(const char *cmd)
{
    const ck_cli_command *c = ck_cli_command_find(cmd);
    fprintf(stderr, "usage: clausecheck %s [OPTIONS]%s%s (--help for every option)\n", cmd, c->operands ? " " : "",
            c->operands ? c->operands : "");
    return CK_EXIT_ERROR;
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "clausecheck %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return usage_line(cmd);
}

/* --color: whether the text report and the messages are coloured. The command line is parsed once
 * per process, and ck_cli_main resets it, so this one setting lives beside the table. */
typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;
static color_mode colors = COLOR_AUTO;

/* auto: stream is a terminal and NO_COLOR is unset or empty; always overrides NO_COLOR. */
static bool want_color(FILE *stream)
{
    return colors == COLOR_ALWAYS || (colors == COLOR_AUTO && ck_diag_want_color(stream));
}

/* getopt_long over a command's row of the table. */
typedef struct {
    const char *cmd;
    struct option longs[32];
    char shorts[48];
} opt_parser;

/* Each command parses its own options. optind 0, not 1, makes glibc reset all of its state,
 * including the permutation that lets options follow the paths; opterr 0 leaves the messages
 * to bad_option. */
static void parser_start(opt_parser *p, const char *cmd)
{
    p->cmd = cmd;
    ck_cli_getopt_arrays(ck_cli_command_find(cmd)->options, p->longs, sizeof p->longs / sizeof p->longs[0], p->shorts,
                         sizeof p->shorts);
    opterr = 0;
    optind = 0;
}

/* What parser_next returns for a --color value that is none of auto, always and never. */
enum { BAD_COLOR = 1 };

/* The next option, --color taken here for every command that has it. */
static int parser_next(opt_parser *p, int argc, char **argv)
{
    static const char *const modes[] = {[COLOR_AUTO] = "auto", [COLOR_ALWAYS] = "always", [COLOR_NEVER] = "never"};
    int c;
    while ((c = getopt_long(argc, argv, p->shorts, p->longs, NULL)) == 'K') {
        size_t m = 0;
        while (m < 3 && strcmp(optarg, modes[m]) != 0)
            m++;
        if (m == 3)
            return BAD_COLOR;
        colors = (color_mode)m;
    }
    return c;
}

/* getopt's own message would name the command as the program; ours names both and says what was
 * wrong with which argument (opterr is off and the option strings start with ':', so getopt
 * returns ':' for a missing value and '?' for an unknown option, and prints nothing). */
static int bad_option(const opt_parser *p, char **argv, int c)
{
    const char *cmd = p->cmd;
    const char *arg = argv[optind - 1];
    if (c == BAD_COLOR)
        return usage_error(cmd, "--color takes auto, always or never, not '%s'", optarg);
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
        for (; p->longs[n].name && n < 32; n++)
            names[n] = p->longs[n].name;
        char given[64];
        snprintf(given, sizeof given, "%s", arg + 2);
        given[strcspn(given, "=")] = '\0';
        const char *near = ck_closest(given, names, n);
        if (near)
            fprintf(stderr, "  hint: did you mean '--%s'?\n", near);
    }
    return usage_line(cmd);
}

/* Prints every diagnostic, warnings included (lint reports them all). */
static void report_diags(const ck_diags *diags)
{
    ck_diags_print(stderr, diags, want_color(stderr));
}

/* lint -f json: every diagnostic of every policy in one object (docs/lint.schema.json). */
static void lint_json(FILE *out, const ck_diags *diags, bool first)
{
    for (size_t i = 0; i < diags->list.len; i++) {
        fputs(first && i == 0 ? "\n    " : ",\n    ", out);
        ck_diag_write_json(out, diags->list.items[i]);
    }
}

/* One policy compiled: its diagnostics (on stderr, or into the JSON), counted into the totals. */
static void lint_one(FILE *out, const char *path, bool json, size_t *errors, size_t *warnings)
{
    ck_diags diags;
    if (ck_diags_init(&diags) != 0) {
        fprintf(stderr, "clausecheck: out of memory while compiling %s\n", path);
        (*errors)++;
        return;
    }
    ck_policy *policy = NULL;
    ck_policy_input in = {.path = path};
    int rc = ck_policy_compile(&in, 1, NULL, &diags, &policy);
    if (json)
        lint_json(out, &diags, *errors + *warnings == 0);
    else
        report_diags(&diags);
    if (rc < 0)
        fprintf(stderr, "clausecheck: out of memory while compiling %s\n", path);
    *errors += diags.errors + (rc < 0);
    *warnings += diags.warnings;
    ck_policy_free(policy);
    ck_diags_fini(&diags);
}

static int cmd_lint(int argc, char **argv, FILE *out)
{
    bool strict = false, json = false;
    int c;
    opt_parser op;
    parser_start(&op, "lint");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        switch (c) {
        case 's': strict = true; break;
        case 'f':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return usage_error("lint", "unknown format '%s' (formats: text, json)", optarg);
            json = optarg[0] == 'j';
            break;
        case 'h': return command_help(out, "lint");
        default: return bad_option(&op, argv, c);
        }
    }
    if (optind >= argc)
        return usage_error("lint", "%s", "no policy files given");
    size_t errors = 0, warnings = 0;
    if (json) {
        fputs("{\n  \"schema_version\": 1,\n  \"files\": [", out);
        for (int i = optind; i < argc; i++) {
            fputs(i > optind ? ", " : "", out);
            ck_json_write_string(out, argv[i], strlen(argv[i]));
        }
        fputs("],\n  \"diagnostics\": [", out);
    }
    for (int i = optind; i < argc; i++)
        lint_one(out, argv[i], json, &errors, &warnings);
    if (json)
        fprintf(out, "%s],\n  \"errors\": %zu,\n  \"warnings\": %zu\n}\n", errors + warnings ? "\n  " : "", errors,
                warnings);
    else if (errors || warnings)
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
            ck_diag_print(stderr, d, want_color(stderr));
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
            ck_diag_print(stderr, d, want_color(stderr));
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
    if (v.len > 0) /* an empty list has no array, which qsort must not be given */
        qsort(v.items, v.len, sizeof *v.items, cmp_path);
    *out = (const char **)v.items;
    *n = v.len;
    return 0;
}

/* "-": the one record on standard input, read whole (within the record size limit) and named
 * name; -1 when read, else the exit code. in->text is malloc'd: the caller frees it. */
static int read_stdin_record(const char *cmd, const char *name, ck_stdin_record *in)
{
    size_t max = CK_YAML_DEFAULT_MAX_BYTES, len = 0, n;
    char *text = malloc(max + 2);
    if (!text) {
        fprintf(stderr, "clausecheck %s: out of memory\n", cmd);
        return CK_EXIT_ERROR;
    }
    while (len <= max && (n = fread(text + len, 1, max + 1 - len, stdin)) > 0)
        len += n;
    if (ferror(stdin) || len > max) {
        if (len > max)
            fprintf(stderr, "clausecheck %s: %s: the record on standard input is too large (the limit is %zu bytes)\n",
                    cmd, name, max);
        else
            fprintf(stderr, "clausecheck %s: %s: cannot read standard input: %s\n", cmd, name, strerror(errno));
        free(text);
        return CK_EXIT_ERROR;
    }
    text[len] = '\0';
    *in = (ck_stdin_record){.name = name, .text = text, .len = len};
    return -1;
}

/* check's command line: the run's options, and the files to read and write around it. */
typedef struct {
    ck_run_options ro;
    char *policies[64];
    size_t npolicies;
    const char *output, *baseline_path, *write_baseline, *files_from, *root;
    bool sets[CK_SET_COUNT];   /* whole-run settings the command line gives: no config file's count */
    bool progress;             /* the command may show a progress line (check, without --quiet or --no-progress) */
    bool no_progress;
    const char *stdin_name;    /* --stdin-name */
    ck_stdin_record in;        /* "-" among the paths: the record read from standard input */
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
    bool have_date = false;
    const char *horizon = NULL;
    int c;
    opt_parser op;
    parser_start(&op, "check");
    a->ro.jobs = ck_cpu_count();
    while ((c = parser_next(&op, argc, argv)) != -1) {
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
        case 'q': a->ro.quiet = true; break;
        case 'N': a->no_progress = true; break;
        case 'I': a->stdin_name = optarg; break;
        case 'C': a->ro.compact = true; break;
        case 'B': a->baseline_path = optarg; break;
        case 'W': a->write_baseline = optarg; break;
        case 'L': a->files_from = optarg; break;
        case 'U': a->ro.link_base = optarg; break;
        case 'H': horizon = optarg; break;
        case 'h': return command_help(out, "check");
        default: return bad_option(&op, argv, c);
        }
    }
    if (optind >= argc)
        return usage_error("check", "%s", "no records or directories given");
    if (a->ro.compact && a->ro.show_passed)
        return usage_error("check", "%s", "--compact lists findings only; it excludes --show-passed");
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
        ck_diags_print(stderr, &bd, want_color(stderr));
        ck_diags_fini(&bd);
        if (rc != 0)
            return CK_STATUS_INPUT;
        a->ro.baseline = baseline;
    }
    a->ro.files_from = a->files_from != NULL;
    if (a->files_from && read_file_list("check", a->files_from, arena, &a->ro.changed, &a->ro.nchanged) != 0)
        return CK_STATUS_INPUT;
    return CK_STATUS_OK;
}

static void progress_hook(void *ctx, size_t done) { ck_progress_update(ctx, done); }

/*
 * The progress line goes to stderr when it is a terminal and the report goes elsewhere (-o, a
 * file, a pipe): a report streaming to the same terminal shows its own progress, and a line
 * redrawn under it would be torn by every record it writes.
 */
static void start_progress(check_args *a, ck_progress *p)
{
    bool show = a->progress && isatty(fileno(stderr)) && (a->output || !isatty(fileno(stdout)));
    ck_progress_start(p, stderr, show, show ? ck_progress_total(a->ro.repos, a->ro.paths, a->ro.npaths) : 0);
    a->ro.progress = show ? progress_hook : NULL;
    a->ro.progress_ctx = p;
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
    /* auto colours only a terminal, so never a file; always means the report wherever it goes */
    a->ro.color = a->ro.reporter == &ck_report_text && (colors == COLOR_ALWAYS || (!a->output && want_color(stdout)));
    ck_diags diags;
    ck_status st = ck_diags_init(&diags) == 0 ? CK_STATUS_OK : CK_STATUS_NO_MEMORY;
    ck_summary summary;
    ck_progress progress;
    start_progress(a, &progress);
    if (st == CK_STATUS_OK) {
        st = ck_run_check(&a->ro, &summary, &diags);
        ck_progress_clear(&progress);
        if (a->output) /* the report went to a file: say on stderr what could not be read */
            ck_diags_print(stderr, &diags, want_color(stderr));
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

/*
 * "-" among check's paths: the record on standard input, read now (once, and not when --files-from
 * also wants standard input). resolve[] gets the paths with "-" replaced by folder, the folder the
 * record is named in, so that its repository's config counts as for a file there. -1 when the
 * run can go on, else the exit code.
 */
static int check_stdin(check_args *a, char **resolve, char *folder, size_t n)
{
    size_t dashes = 0;
    for (size_t i = 0; i < a->ro.npaths; i++) {
        bool dash = strcmp(a->ro.paths[i], "-") == 0;
        dashes += dash;
        resolve[i] = dash ? folder : a->ro.paths[i];
    }
    if (!dashes)
        return a->stdin_name ? usage_error("check", "%s", "--stdin-name names the record '-' reads; no path is '-'") : -1;
    if (dashes > 1)
        return usage_error("check", "%s", "standard input holds one record: give '-' once");
    if (a->files_from && strcmp(a->files_from, "-") == 0)
        return usage_error("check", "%s", "'-' and --files-from - cannot both read standard input");
    if (a->stdin_name && ck_register_named(a->stdin_name)) /* else the file of that name is read instead */
        return usage_error("check", "--stdin-name %s names a register; '-' reads one record (.yaml, .yml or .json): "
                           "give the register's file instead of '-'", a->stdin_name);
    const char *name = a->stdin_name ? a->stdin_name : "<stdin>";
    ck_stdin_folder(name, folder, n);
    int rc = read_stdin_record("check", name, &a->in);
    if (rc < 0)
        a->ro.stdin_record = &a->in;
    return rc;
}

static int cmd_check(int argc, char **argv, FILE *out)
{
    check_args a = {.ro = {.fail_on = CK_SEV_ERROR, .reporter = &ck_report_text}};
    int rc = parse_check(argc, argv, &a, out);
    if (rc >= 0)
        return rc;
    char folder[PATH_MAX];
    char **resolve = malloc(a.ro.npaths * sizeof *resolve);
    ck_arena *arena = resolve ? ck_arena_new() : NULL;
    if (!arena) {
        free(resolve);
        return exit_code("check", CK_STATUS_NO_MEMORY);
    }
    if ((rc = check_stdin(&a, resolve, folder, sizeof folder)) >= 0) {
        free(resolve);
        ck_arena_free(arena);
        return rc;
    }
    ck_baseline baseline;
    ck_policy *policy = NULL;
    char **policies = NULL; /* set when the repositories open; initialised for compilers that cannot tell */
    size_t npolicies = 0;
    ck_status st = open_repos(a.root, a.sets, resolve, a.ro.npaths, !a.ro.quiet, &a.ro.repos);
    if (st == CK_STATUS_OK) {
        apply_config(&a);
        policies_of(a.ro.repos, a.policies, a.npolicies, &policies, &npolicies);
        st = read_check_inputs(&a, arena, &baseline);
    }
    a.progress = !a.ro.quiet && !a.no_progress;
    /* after apply_config: the format may be the config file's */
    if (st == CK_STATUS_OK && (a.ro.quiet || a.ro.compact) && a.ro.reporter != &ck_report_text) {
        fprintf(stderr, "clausecheck check: %s shapes the text report, and the format is %s\n",
                a.ro.compact ? "--compact" : "--quiet", a.ro.reporter->name);
        st = CK_STATUS_INPUT;
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
    free(resolve);
    free((char *)a.in.text);
    return rc;
}

/* test -f json: one object (docs/test.schema.json); the policies that do not compile are listed
 * in it too, their errors on stderr. */
static void test_json_end(FILE *out, const ck_test_totals *t, char **broken, size_t nbroken)
{
    fputs(t->passed + t->failed ? "\n  ],\n  \"broken\": [" : "],\n  \"broken\": [", out);
    for (size_t i = 0; i < nbroken; i++) {
        fputs(i ? ", " : "", out);
        ck_json_write_string(out, broken[i], strlen(broken[i]));
    }
    fprintf(out, "],\n  \"passed\": %zu,\n  \"failed\": %zu\n}\n", t->passed, t->failed);
}

static int cmd_test(int argc, char **argv, FILE *out)
{
    ck_test_output to = {.out = out};
    bool coverage = false;
    int c;
    opt_parser op;
    parser_start(&op, "test");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        switch (c) {
        case 'v': to.verbose = true; break;
        case 'c': coverage = true; break;
        case 'f':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return usage_error("test", "unknown format '%s' (formats: text, json)", optarg);
            to.json = optarg[0] == 'j';
            break;
        case 'h': return command_help(out, "test");
        default: return bad_option(&op, argv, c);
        }
    }
    if (optind >= argc)
        return usage_error("test", "%s", "no policy files given");
    if (to.json && coverage)
        return usage_error("test", "%s", "--coverage is written as text only; it excludes -f json");
    ck_test_totals totals = {0};
    size_t nbroken = 0;
    if (to.json)
        fputs("{\n  \"schema_version\": 1,\n  \"tests\": [", out);
    for (int i = optind; i < argc; i++) {
        ck_policy *policy = NULL;
        char *one[] = {argv[i]};
        if (load_policy("test", one, 1, &policy) != CK_STATUS_OK) {
            argv[optind + nbroken++] = argv[i]; /* kept in order, for the JSON's list */
            continue;
        }
        bool oom = ck_policy_run_tests(policy, argv[i], &to, &totals) != 0 ||
                   (coverage && ck_policy_test_coverage(policy, argv[i], out) != 0);
        ck_policy_free(policy);
        if (oom)
            return exit_code("test", CK_STATUS_NO_MEMORY);
    }
    if (to.json)
        test_json_end(out, &totals, argv + optind, nbroken);
    else
        fprintf(out, "%zu passed, %zu failed\n", totals.passed, totals.failed);
    return exit_code("test", nbroken ? CK_STATUS_INPUT : totals.failed ? CK_STATUS_FAILED : CK_STATUS_OK);
}

/* The checklists of tiers hi down to lo, as text ('t'), Markdown ('m') or one JSON object ('j'). */
static int write_checklists(FILE *out, const ck_policy *policy, int lo, int hi, char format)
{
    if (format == 'j')
        ck_checklist_json_begin(out, policy);
    for (int t = hi; t >= lo; t--) {
        ck_arena *arena = ck_arena_new();
        ck_vec items = {0};
        bool *attrs_used = arena ? ck_arena_alloc(arena, policy->nattrs + 1) : NULL;
        if (!attrs_used || ck_present_checklist(policy, t, arena, &items, attrs_used) != 0) {
            fprintf(stderr, "clausecheck requirements: out of memory\n");
            ck_arena_free(arena);
            return CK_EXIT_ERROR;
        }
        if (format == 'j')
            ck_checklist_write_json(out, policy, t, &items, attrs_used, t == hi);
        else {
            if (t != hi)
                fputc('\n', out);
            ck_checklist_write(out, policy, t, &items, attrs_used, format == 'm');
        }
        ck_arena_free(arena);
    }
    if (format == 'j')
        ck_checklist_json_end(out);
    return CK_EXIT_OK;
}

static int cmd_requirements(int argc, char **argv, FILE *out)
{
    char *policies[64];
    size_t npolicies = 0;
    const char *tier_name = NULL;
    bool markdown = false, json = false, list_tiers = false;
    int c;
    opt_parser op;
    parser_start(&op, "requirements");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        switch (c) {
        case 'p':
            if (npolicies == 64)
                return usage_error("requirements", "%s", "too many -p policies (at most 64)");
            policies[npolicies++] = optarg;
            break;
        case 't': tier_name = optarg; break;
        case 'T': list_tiers = true; break;
        case 'f':
            markdown = strcmp(optarg, "markdown") == 0;
            json = strcmp(optarg, "json") == 0;
            if (!markdown && !json && strcmp(optarg, "text") != 0)
                return usage_error("requirements", "unknown format '%s' (formats: text, markdown, json)", optarg);
            break;
        case 'h': return command_help(out, "requirements");
        default: return bad_option(&op, argv, c);
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
    if (list_tiers) { /* for scripts and the shell completions of --tier */
        for (size_t i = 0; i < policy->tiers.count; i++)
            fprintf(out, "%s\n", policy->tiers.names[i]);
        ck_policy_free(policy);
        return CK_EXIT_OK;
    }
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
    int rc = write_checklists(out, policy, lo, hi, json ? 'j' : markdown ? 'm' : 't');
    ck_policy_free(policy);
    return rc;
}

/* One record through the driver, for review and explain: the record, its result, and the
 * diagnostics of loading it (printed). Free with one_record_done. */
typedef struct {
    ck_driver driver;
    ck_record *rec;
    ck_result res;
    const ck_stdin_record *in;  /* the record on standard input, when path is in->name */
} one_record;

static ck_status one_record_run(const ck_policy *policy, ck_date as_of, ck_repos *repos, const char *path,
                                ck_eval_options eo, one_record *o)
{
    *o = (one_record){.in = o->in};
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return CK_STATUS_NO_MEMORY;
    ck_driver_init(&o->driver, policy, as_of, repos);
    o->driver.stdin_record = o->in;
    ck_status st = ck_driver_record(&o->driver, path, eo, &o->rec, &o->res, &diags);
    ck_diags_print(stderr, &diags, want_color(stderr));
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
    const char *stdin_name;  /* --stdin-name */
    ck_stdin_record in;      /* the record is "-": read from standard input (in.text malloc'd) */
} record_args;

/* The record's repository, and the policy: -p, else its config file's, else the built-in. */
static ck_status record_policy(const char *cmd, record_args *ra, char *path, ck_policy **policy)
{
    bool sets[CK_SET_COUNT] = {[CK_SET_POLICIES] = ra->npolicies > 0};
    char **paths, folder[PATH_MAX];
    size_t n;
    *policy = NULL;
    if (ra->in.name) { /* the repository of the folder the record on standard input is named in */
        ck_stdin_folder(ra->in.name, folder, sizeof folder);
        path = folder;
    }
    ck_status st = open_repos(ra->root, sets, &path, 1, true, &ra->repos);
    if (st == CK_STATUS_OK) {
        policies_of(ra->repos, ra->policies, ra->npolicies, &paths, &n);
        st = load_policy(cmd, paths, n, policy);
    }
    return st;
}

/* -p, --as-of and --root; -1 when c was one of them and taken, else the exit code of a bad value. */
/* The options review, explain and calendar share, --help, and the error for any other; -1 when
 * parsing goes on, else the exit code. */
static int record_option(const char *cmd, int c, record_args *a, opt_parser *op, char **argv, FILE *out)
{
    switch (c) {
    case 'h': return command_help(out, cmd);
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
    default: return bad_option(op, argv, c);
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

/* review - and explain -: the record on standard input, named --stdin-name (default <stdin>);
 * *path becomes that name. -1 when the command can go on, else the exit code. */
static int record_stdin(const char *cmd, const char *what, record_args *ra, char **path)
{
    if (strcmp(*path, "-") != 0 && ra->stdin_name) {
        char why[128];
        ck_format(why, sizeof why, "--stdin-name names the %s '-' reads; the %s is not '-'", what, what);
        return usage_error(cmd, "%s", why);
    }
    if (strcmp(*path, "-") != 0)
        return -1;
    int rc = read_stdin_record(cmd, ra->stdin_name ? ra->stdin_name : "<stdin>", &ra->in);
    if (rc < 0)
        *path = (char *)ra->in.name;
    return rc;
}

static int cmd_review(int argc, char **argv, FILE *out)
{
    record_args ra = {0};
    const char *tier_name = NULL;
    ck_review_format format = CK_REVIEW_TEXT;
    int c, rc;
    opt_parser op;
    parser_start(&op, "review");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        if (c == 'f')
            rc = review_format(optarg, &format);
        else if (c == 't')
            rc = (tier_name = optarg, -1);
        else if (c == 'I')
            rc = (ra.stdin_name = optarg, -1);
        else
            rc = record_option("review", c, &ra, &op, argv, out);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc - 1)
        return usage_error("review", "%s", "give exactly one draft record");
    char *path = argv[optind];
    /* the name --stdin-name gives is the one the record is read as: a register by that name too */
    const char *named = strcmp(path, "-") == 0 && ra.stdin_name ? ra.stdin_name : path;
    if (ck_register_named(named))
        return usage_error("review", "%s is a register; review reads one draft record (.yaml, .yml or .json)",
                           named);
    if (!ra.have_date && ck_date_today_utc(&ra.as_of) != CK_TIME_OK)
        return usage_error("review", "%s", "cannot read today's date; pass --as-of");
    if ((rc = record_stdin("review", "draft", &ra, &path)) >= 0)
        return rc;
    ck_policy *policy = NULL;
    ck_status st = record_policy("review", &ra, path, &policy);
    if (st != CK_STATUS_OK) {
        ck_repos_free(ra.repos);
        free((char *)ra.in.text);
        return exit_code("review", st);
    }
    ck_eval_options eo = {.force_tier = tier_name != NULL, .tier = tier_name ? ck_policy_tier(policy, tier_name) : 0};
    if (eo.tier < 0) {
        fprintf(stderr, "clausecheck review: unknown tier '%s'\n", tier_name);
        ck_policy_free(policy);
        ck_repos_free(ra.repos);
        free((char *)ra.in.text);
        return CK_EXIT_ERROR;
    }
    one_record o = {.in = ra.in.name ? &ra.in : NULL};
    ck_review rv;
    st = one_record_run(policy, ra.as_of, ra.repos, path, eo, &o);
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
    free((char *)ra.in.text);
    return exit_code("review", st);
}

static int cmd_explain(int argc, char **argv, FILE *out)
{
    record_args ra = {0};
    const char *only = NULL;
    bool json = false;
    int c, rc;
    opt_parser op;
    parser_start(&op, "explain");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        if (c == 'q')
            rc = (only = optarg, -1);
        else if (c == 'f' && strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
            return usage_error("explain", "unknown format '%s' (formats: text, json)", optarg);
        else if (c == 'f')
            rc = (json = optarg[0] == 'j', -1);
        else if (c == 'I')
            rc = (ra.stdin_name = optarg, -1);
        else
            rc = record_option("explain", c, &ra, &op, argv, out);
        if (rc >= 0)
            return rc;
    }
    if (optind != argc - 1)
        return usage_error("explain", "%s", "give exactly one record");
    char *path = argv[optind];
    const char *named = strcmp(path, "-") == 0 && ra.stdin_name ? ra.stdin_name : path;
    if (ck_register_named(named))
        return usage_error("explain", "%s is a register; explain reads one record file (.yaml, .yml or .json): "
                           "check reads registers", named);
    if (!ra.have_date && ck_date_today_utc(&ra.as_of) != CK_TIME_OK)
        return usage_error("explain", "%s", "cannot read today's date; pass --as-of");
    if ((rc = record_stdin("explain", "record", &ra, &path)) >= 0)
        return rc;
    ck_policy *policy = NULL;
    ck_status st = record_policy("explain", &ra, path, &policy);
    int want = -1;
    if (st == CK_STATUS_OK && only && (want = ck_policy_requirement(policy, only)) < 0) {
        fprintf(stderr, "clausecheck explain: the policy has no requirement '%s'\n", only);
        st = CK_STATUS_INPUT;
    }
    ck_vec trace = {0};
    one_record o = {.in = ra.in.name ? &ra.in : NULL};
    if (st == CK_STATUS_OK)
        st = one_record_run(policy, ra.as_of, ra.repos, path, (ck_eval_options){.trace = &trace}, &o);
    if (st == CK_STATUS_OK && json)
        ck_explain_write_json(out, policy, &o.res, ra.as_of, &trace, want);
    else if (st == CK_STATUS_OK)
        ck_explain_write(out, o.rec, ra.as_of, &trace, want);
    one_record_done(&o);
    ck_policy_free(policy);
    ck_repos_free(ra.repos);
    free((char *)ra.in.text);
    return exit_code("explain", st);
}

/* calendar: a check run whose reporter keeps only what falls due; it is a plan, not a gate. */
static int cmd_calendar(int argc, char **argv, FILE *out)
{
    check_args a = {.ro = {.fail_on = CK_FAIL_NEVER, .reporter = ck_calendar_find("text"), .horizon = true}};
    record_args ra = {0};
    const char *horizon = "12mo";
    int c, rc = -1;
    opt_parser op;
    parser_start(&op, "calendar");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        if (c == 'f' && !(a.ro.reporter = ck_calendar_find(optarg)))
            rc = usage_error("calendar", "unknown format '%s' (formats: ics, text, json)", optarg);
        else if (c == 'o' || c == 'H')
            *(c == 'o' ? &a.output : &horizon) = optarg;
        else if (c != 'f')
            rc = record_option("calendar", c, &ra, &op, argv, out);
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

/* fmt's modes: any of them, or none (the canonical form on standard output). */
typedef struct {
    bool check, write, list, diff;
} fmt_modes;

/* The policy fmt reads: a file, or "-" (standard input, within the policy size limit). */
static int fmt_read_stdin(ck_policy_input *in, char **buf)
{
    ck_policy_limits limits;
    ck_policy_limits_default(&limits);
    size_t max = limits.max_file_bytes, len = 0, n;
    if (!(*buf = malloc(max + 2)))
        return CK_EXIT_ERROR;
    while (len <= max && (n = fread(*buf + len, 1, max + 1 - len, stdin)) > 0)
        len += n;
    if (ferror(stdin) || len > max) {
        fprintf(stderr, "clausecheck fmt: <stdin>: %s\n", len > max ? "the policy is too large" : strerror(errno));
        return CK_EXIT_ERROR;
    }
    *in = (ck_policy_input){.path = "<stdin>", .text = *buf, .len = len};
    return CK_EXIT_OK;
}

/* What fmt does with one formatted policy whose text was src: 1 when it is not in canonical form. */
static int fmt_emit(FILE *out, fmt_modes m, const char *path, const ck_source *src, const char *text, size_t len)
{
    bool same = len == src->len && memcmp(text, src->text, len) == 0;
    if (!m.check && !m.write && !m.list && !m.diff) {
        fwrite(text, 1, len, out);
        return 0;
    }
    if (same)
        return 0;
    if (m.list || (m.check && !m.diff))
        fprintf(out, "%s\n", path);
    if (m.diff && ck_udiff_write(out, path, src->text, src->len, path, text, len) != 0)
        return -1;
    if (m.check)
        fprintf(stderr, "clausecheck fmt: %s would be reformatted\n", path);
    if (m.write && write_atomically("fmt", path, text, len) != 0)
        return -1;
    return 1;
}

/*
 * One policy through fmt: CK_EXIT_OK, CK_EXIT_FINDINGS when it is not in canonical form and
 * --check asks, CK_EXIT_ERROR when it cannot be read (said so: an unreadable file is not one
 * that "does not parse"), does not parse, or cannot be written.
 */
static int fmt_one(FILE *out, fmt_modes m, const char *path)
{
    ck_arena *arena = ck_arena_new();
    ck_diags diags;
    if (!arena || ck_diags_init(&diags) != 0) {
        ck_arena_free(arena);
        return CK_EXIT_ERROR;
    }
    char *buf = NULL;
    ck_policy_input in = {.path = path};
    ck_file *file = NULL;
    int rc = strcmp(path, "-") == 0 ? fmt_read_stdin(&in, &buf) : CK_EXIT_OK;
    int pr = rc == CK_EXIT_OK ? ck_policy_parse_input(&in, NULL, arena, &diags, &file) : 1;
    if (rc == CK_EXIT_OK && pr != 0) {
        ck_diags_print(stderr, &diags, want_color(stderr));
        const ck_diag *d = diags.list.len ? diags.list.items[0] : NULL;
        bool unreadable = d && d->code && strcmp(d->code, "unreadable") == 0;
        fprintf(stderr, "clausecheck fmt: %s not formatted: %s\n", in.path,
                pr < 0 ? "out of memory" : unreadable ? "it cannot be read" : "it does not parse");
        rc = CK_EXIT_ERROR;
    } else if (rc == CK_EXIT_OK) {
        size_t len = 0;
        char *text = ck_fmt_to_buffer(file, &len);
        int e = text ? fmt_emit(out, m, in.path, file->src, text, len) : -1;
        if (!text)
            fprintf(stderr, "clausecheck fmt: out of memory formatting %s\n", in.path);
        rc = e < 0 ? CK_EXIT_ERROR : e > 0 && m.check ? CK_EXIT_FINDINGS : CK_EXIT_OK;
        free(text);
    }
    free(buf);
    ck_diags_fini(&diags);
    ck_arena_free(arena);
    return rc;
}

static int cmd_fmt(int argc, char **argv, FILE *out)
{
    fmt_modes m = {0};
    int c;
    opt_parser op;
    parser_start(&op, "fmt");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        switch (c) {
        case 'c': m.check = true; break;
        case 'w': m.write = true; break;
        case 'l': m.list = true; break;
        case 'd': m.diff = true; break;
        case 'h': return command_help(out, "fmt");
        default: return bad_option(&op, argv, c);
        }
    }
    if (m.check && m.write)
        return usage_error("fmt", "%s", "--check and -w exclude each other");
    if (optind >= argc)
        return usage_error("fmt", "%s", "no policy files given");
    for (int i = optind; i < argc; i++)
        if (strcmp(argv[i], "-") == 0 && (m.write || argc - optind > 1))
            return usage_error("fmt", "%s", m.write ? "-w cannot rewrite standard input" : "'-' is the only policy, or none");
    int rc = CK_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        int one = fmt_one(out, m, argv[i]);
        if (one > rc)
            rc = one; /* an error (2) outweighs a file to reformat (1) */
    }
    return rc;
}

static int cmd_lsp(int argc, char **argv, FILE *out)
{
    int c;
    opt_parser op;
    parser_start(&op, "lsp");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        if (c == 'h')
            return command_help(out, "lsp");
        return bad_option(&op, argv, c);
    }
    if (optind < argc)
        return usage_error("lsp", "unexpected argument '%s'", argv[optind]);
    signal(SIGPIPE, SIG_IGN); /* a client that goes away ends the session, not the process */
    return ck_lsp_run(stdin, out) == 0 ? CK_EXIT_OK : CK_EXIT_FINDINGS;
}

static int cmd_schema(int argc, char **argv, FILE *out)
{
    char *policies[64];
    size_t npolicies = 0;
    const char *output = NULL;
    int c;
    opt_parser op;
    parser_start(&op, "schema");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        switch (c) {
        case 'p':
            if (npolicies == 64)
                return usage_error("schema", "%s", "too many -p policies (at most 64)");
            policies[npolicies++] = optarg;
            break;
        case 'o': output = optarg; break;
        case 'h': return command_help(out, "schema");
        default: return bad_option(&op, argv, c);
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

/* A name that is no command: the nearest command's name as a hint, not the whole help. */
static int unknown_command(const char *name)
{
    const char *names[sizeof commands / sizeof commands[0]];
    for (size_t i = 0; i < ncommands; i++)
        names[i] = commands[i].name;
    fprintf(stderr, "clausecheck: unknown command '%s'\n", name);
    const char *near = ck_closest(name, names, ncommands);
    if (near)
        fprintf(stderr, "  hint: did you mean '%s'?\n", near);
    fputs("run 'clausecheck --help' for every command\n", stderr);
    return CK_EXIT_ERROR;
}

/* help [COMMAND]: every command, or every option of one. */
static int cmd_help(int argc, char **argv, FILE *out)
{
    int c;
    opt_parser op;
    parser_start(&op, "help");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        if (c == 'h')
            return command_help(out, "help");
        return bad_option(&op, argv, c);
    }
    if (optind < argc - 1)
        return usage_error("help", "unexpected argument '%s'", argv[optind + 1]);
    if (optind == argc) {
        ck_cli_help_all(out);
        return CK_EXIT_OK;
    }
    if (!ck_cli_command_find(argv[optind]))
        return unknown_command(argv[optind]);
    return command_help(out, argv[optind]);
}

static int cmd_version(int argc, char **argv, FILE *out)
{
    int c;
    opt_parser op;
    parser_start(&op, "version");
    while ((c = parser_next(&op, argc, argv)) != -1) {
        if (c == 'h')
            return command_help(out, "version");
        return bad_option(&op, argv, c);
    }
    if (optind < argc)
        return usage_error("version", "unexpected argument '%s'", argv[optind]);
    fputs("clausecheck " CK_VERSION "\n", out);
    return CK_EXIT_OK;
}

/* The command named by argv[1] (or --help, -V, --version), writing to out. */
static int dispatch(int argc, char **argv, FILE *out)
{
    if (argc < 2) {
        ck_cli_help_all(stderr);
        return CK_EXIT_ERROR;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        name = "help";
    else if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0)
        name = "version";
    const ck_cli_command *cmd = ck_cli_command_find(name);
    if (!cmd)
        return unknown_command(name);
    return cmd->run(argc - 1, argv + 1, out);
}

int ck_cli_main(int argc, char **argv)
{
    ck_output out;
    colors = COLOR_AUTO;
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
