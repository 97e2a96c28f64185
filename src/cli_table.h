/* The command table's rows: each command with its options, the one source of getopt's arrays,
 * --help, the man page's SYNOPSIS and OPTIONS, and the shell completions. */
#ifndef CK_CLI_TABLE_H
#define CK_CLI_TABLE_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

/* What an option's value (or a command's operands) is, for help and completion. */
typedef enum {
    CK_VAL_TEXT,      /* anything: nothing to complete */
    CK_VAL_FILE,      /* a file name */
    CK_VAL_POLICY,    /* a .policy file */
    CK_VAL_DIR,       /* a folder */
    CK_VAL_PATH,      /* files or folders (records) */
    CK_VAL_TIER,      /* a tier of the policy in force */
    CK_VAL_REPORTER,  /* one of check's formats (report.c's table) */
    CK_VAL_CHOICE,    /* one of the words in choices */
    CK_VAL_COMMAND,   /* a command's name (help COMMAND) */
} ck_val_kind;

typedef struct ck_cli_option {
    const char *name;      /* the long name, without "--" */
    int key;               /* what getopt_long returns for it; also its short name when has_short */
    bool has_short;        /* -KEY works as well as --NAME */
    const char *value;     /* the value's name in help (POLICY, DATE), or NULL: a flag */
    ck_val_kind kind;      /* what the value is */
    const char *choices;   /* CK_VAL_CHOICE: the values, separated by spaces */
    bool repeats;          /* may be given more than once ("[-p POLICY]...") */
    const char *help;      /* one line, no final full stop */
} ck_cli_option;

typedef struct ck_cli_command {
    const char *name;
    const char *operands;          /* "PATH...", "POLICY...", "RECORD", or NULL: none */
    ck_val_kind operand_kind;
    const char *summary;           /* one line */
    const ck_cli_option *options;  /* ends with a row whose name is NULL */
    int (*run)(int argc, char **argv, FILE *out); /* out: standard output, checked by the caller */
} ck_cli_command;

/* The command table (cli.c). */
const ck_cli_command *ck_cli_commands(size_t *n);
const ck_cli_command *ck_cli_command_find(const char *name);

/* getopt_long's arrays for a command: longs (cap entries, the last zeroed) and the short string
 * (starting with ':' so that getopt reports a missing value as ':'). */
void ck_cli_getopt_arrays(const ck_cli_option *opts, struct option *longs, size_t cap, char *shorts, size_t scap);

/* "[-p POLICY]... [--as-of DATE] PATH...": the synopsis of a command, wrapped before width
 * columns with continuation lines indented by indent spaces. */
void ck_cli_synopsis(FILE *out, const ck_cli_command *cmd, int width, int indent);
/* COMMAND --help: the synopsis, the summary, every option with its description, exit status. */
void ck_cli_help_command(FILE *out, const ck_cli_command *cmd);
/* The global help: every command's synopsis and summary, then the exit status. */
void ck_cli_help_all(FILE *out);

/* The man page's SYNOPSIS and OPTIONS sections, in roff, from the table. */
void ck_cli_man_synopsis(FILE *out);
void ck_cli_man_options(FILE *out);

/* A completion script for shell ("bash", "zsh" or "fish"); -1 for another shell. */
int ck_cli_completion_write(FILE *out, const char *shell);

#endif
