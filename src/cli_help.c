/* Help from the command table: getopt's arrays, --help, the global help, the man page's sections. */
#include "cli_table.h"

#include <string.h>

#include "report.h"

static const char exit_status_text[] =
    "exit status:\n"
    "  0  success: nothing at or above --fail-on, policy clean, tests passed\n"
    "  1  findings fail the gate, fmt --check would reformat, a policy test failed\n"
    "  2  usage error, invalid policy, unreadable input, or output that could not be written\n";

void ck_cli_getopt_arrays(const ck_cli_option *opts, struct option *longs, size_t cap, char *shorts, size_t scap)
{
    size_t n = 0, s = 0;
    shorts[s++] = ':';
    for (const ck_cli_option *o = opts; o->name && n + 1 < cap; o++, n++) {
        longs[n] = (struct option){o->name, o->value ? required_argument : no_argument, NULL, o->key};
        if (o->has_short && s + 3 < scap) {
            shorts[s++] = (char)o->key;
            if (o->value)
                shorts[s++] = ':';
        }
    }
    longs[n] = (struct option){0};
    shorts[s] = '\0';
}

/* How a synopsis is written: as plain text (--help) or in roff (the man page), where a dash is
 * "\-", an option's name is bold and a value's name italic. */
typedef struct {
    FILE *out;
    bool roff;
    int width, indent, col;
    char buf[256];  /* the item being built */
    size_t len;     /* its width on a terminal */
} synopsis;

static void put(synopsis *s, const char *text, char font)
{
    size_t at = strlen(s->buf);
    if (s->roff && font && at + 3 < sizeof s->buf)
        at += (size_t)snprintf(s->buf + at, sizeof s->buf - at, "\\f%c", font);
    for (const char *p = text; *p && at + 3 < sizeof s->buf; p++) {
        if (s->roff && (*p == '-' || *p == '\\'))
            s->buf[at++] = '\\';
        s->buf[at++] = *p == '\\' && s->roff ? 'e' : *p;
        s->len++;
    }
    if (s->roff && font && at + 4 < sizeof s->buf)
        at += (size_t)snprintf(s->buf + at, sizeof s->buf - at, "\\fR");
    s->buf[at] = '\0';
}

/* The value of o: its choices joined by '|' (italic each in roff), else its name. */
static void put_value(synopsis *s, const ck_cli_option *o)
{
    put(s, " ", 0);
    if (o->kind != CK_VAL_CHOICE) {
        put(s, o->value, 'I');
        return;
    }
    char word[64];
    for (const char *p = o->choices; *p;) {
        size_t n = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)n, p);
        put(s, word, 'I');
        p += n;
        if (*p) {
            put(s, "|", 0);
            p++;
        }
    }
}

/* Ends an item: onto the current line, or a new one when it would pass the width. */
static void flush_item(synopsis *s)
{
    if (!s->roff && s->col + 1 + (int)s->len > s->width && s->col > s->indent) {
        fprintf(s->out, "\n%*s", s->indent, "");
        s->col = s->indent;
    } else if (!s->roff || s->col > 0) {
        fputc(' ', s->out);
        s->col++;
    }
    fputs(s->buf, s->out);
    s->col += (int)s->len;
    s->buf[0] = '\0';
    s->len = 0;
}

static void synopsis_write(synopsis *s, const ck_cli_command *cmd)
{
    s->buf[0] = '\0';
    s->len = 0;
    for (const ck_cli_option *o = cmd->options; o->name; o++) {
        if (o->key == 'h')
            continue; /* every command has --help; the synopsis says what is particular to it */
        char name[64];
        if (o->has_short)
            snprintf(name, sizeof name, "-%c", o->key);
        else
            snprintf(name, sizeof name, "--%s", o->name);
        put(s, "[", 0);
        put(s, name, 'B');
        if (o->value)
            put_value(s, o);
        put(s, o->repeats ? "]..." : "]", 0);
        flush_item(s);
    }
    if (cmd->operands) {
        char word[64];
        size_t n = strcspn(cmd->operands, ".");
        snprintf(word, sizeof word, "%.*s", (int)n, cmd->operands);
        put(s, word, 'I');
        put(s, cmd->operands + n, 0);
        flush_item(s);
    }
}

void ck_cli_synopsis(FILE *out, const ck_cli_command *cmd, int width, int indent)
{
    synopsis s = {.out = out, .width = width, .indent = indent};
    fprintf(out, "clausecheck %s", cmd->name);
    s.col = (int)strlen("clausecheck ") + (int)strlen(cmd->name);
    synopsis_write(&s, cmd);
}

/* "text, json or sarif": the values an option takes, for its description. */
static void values_of(const ck_cli_option *o, char *buf, size_t n)
{
    buf[0] = '\0';
    if (o->kind == CK_VAL_REPORTER)
        ck_reporter_list(buf, n);
    else if (o->kind == CK_VAL_CHOICE)
        for (const char *p = o->choices, *sep = ""; *p; sep = ", ") {
            size_t len = strcspn(p, " "), at = strlen(buf);
            snprintf(buf + at, n - at, "%s%.*s", sep, (int)len, p);
            p += len + (p[len] == ' ');
        }
}

/* "  -p, --policy POLICY" then the description at column 30, or on the next line if it is wider. */
static void option_help(FILE *out, const ck_cli_option *o)
{
    char head[96], values[256];
    int n = snprintf(head, sizeof head, "  %s%c%s --%s%s%s", o->has_short ? "-" : " ", o->has_short ? o->key : ' ',
                     o->has_short ? "," : " ", o->name, o->value ? " " : "", o->value ? o->value : "");
    if (n > 28)
        fprintf(out, "%s\n%30s", head, "");
    else
        fprintf(out, "%-30s", head);
    values_of(o, values, sizeof values);
    fprintf(out, "%s\n", o->help);
    if (*values)
        fprintf(out, "%30sone of: %s\n", "", values);
}

void ck_cli_help_command(FILE *out, const ck_cli_command *cmd)
{
    fputs("usage: ", out);
    ck_cli_synopsis(out, cmd, 100, 8);
    fprintf(out, "\n\n%s\n\noptions:\n", cmd->summary);
    for (const ck_cli_option *o = cmd->options; o->name; o++)
        option_help(out, o);
    fputc('\n', out);
    fputs(exit_status_text, out);
}

void ck_cli_help_all(FILE *out)
{
    size_t n;
    const ck_cli_command *cmds = ck_cli_commands(&n);
    fputs("usage: clausecheck COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", out);
    for (size_t i = 0; i < n; i++) {
        fputs("  ", out);
        ck_cli_synopsis(out, &cmds[i], 100, 8);
        fprintf(out, "\n      %s\n", cmds[i].summary);
    }
    fputs("\n'clausecheck COMMAND --help' or 'clausecheck help COMMAND' describes every option of a command.\n\n", out);
    fputs(exit_status_text, out);
}

/* A line of running text in roff: dashes and backslashes escaped. */
static void roff_text(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '-')
            fputs("\\-", out);
        else if (*p == '\\')
            fputs("\\e", out);
        else
            fputc(*p, out);
    }
}

void ck_cli_man_synopsis(FILE *out)
{
    size_t n;
    const ck_cli_command *cmds = ck_cli_commands(&n);
    fputs(".nh\n", out); /* an option's name is never hyphenated */
    for (size_t i = 0; i < n; i++) {
        synopsis s = {.out = out, .roff = true};
        fprintf(out, "%s.B clausecheck %s\n", i ? ".br\n" : "", cmds[i].name);
        synopsis_write(&s, &cmds[i]);
        if (s.col > 0)
            fputc('\n', out);
    }
    fputs(".hy\n", out);
}

void ck_cli_man_options(FILE *out)
{
    size_t n;
    char values[256];
    const ck_cli_command *cmds = ck_cli_commands(&n);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, ".SS %s\n", cmds[i].name);
        for (const ck_cli_option *o = cmds[i].options; o->name; o++) {
            fputs(".TP\n", out);
            if (o->has_short)
                fprintf(out, "\\fB\\-%c\\fR, ", o->key);
            fputs("\\fB\\-\\-", out);
            roff_text(out, o->name);
            fputs("\\fR", out);
            if (o->value) {
                fputs(" \\fI", out);
                roff_text(out, o->value);
                fputs("\\fR", out);
            }
            fputc('\n', out);
            values_of(o, values, sizeof values);
            roff_text(out, o->help);
            fputs(values[0] ? "; one of: " : ".\n", out);
            if (values[0]) {
                roff_text(out, values);
                fputs(".\n", out);
            }
        }
    }
}
