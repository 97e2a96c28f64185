/* Shell completions (bash, zsh, fish) written from the command table, so they cannot drift from it. */
#include "cli_table.h"

#include <string.h>

#include "report.h"

/* Tiers come from the policy in force: `requirements --list-tiers` is cheap (one compile, no
 * records), and silent when there is no usable policy. */

/* The words an option's value can be (its choices, or check's formats), space-separated. */
static void choice_words(const ck_cli_option *o, char *buf, size_t n)
{
    buf[0] = '\0';
    if (o->kind == CK_VAL_CHOICE) {
        snprintf(buf, n, "%s", o->choices);
    } else if (o->kind == CK_VAL_REPORTER) {
        char list[256];
        ck_reporter_list(list, sizeof list);
        size_t at = 0;
        for (const char *p = list; *p && at + 1 < n; p++)
            if (*p != ',')
                buf[at++] = *p;
        buf[at] = '\0';
    }
}

/* text inside a single-quoted shell word; fish escapes a quote as \', the others close and reopen. */
static void quoted(FILE *out, const char *text, bool fish, bool zsh_brackets)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            fputs(fish ? "\\'" : "'\\''", out);
        else if (*p == '\\')
            fputs(fish ? "\\\\" : "\\", out);
        else if (zsh_brackets && (*p == '[' || *p == ']')) /* an option's description is in brackets */
            fprintf(out, "\\%c", *p);
        else
            fputc(*p, out);
    }
}

/* ---- bash ---- */

/* COMPREPLY for a value (or an operand) of kind k, from $cur. */
static void bash_value(FILE *out, ck_val_kind k, const char *words)
{
    switch (k) {
    case CK_VAL_FILE:
    case CK_VAL_PATH: fputs("compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\"))", out); break;
    case CK_VAL_POLICY:
        fputs("compopt -o filenames; COMPREPLY=($(compgen -d -- \"$cur\") $(compgen -f -X '!*.policy' -- \"$cur\"))", out);
        break;
    case CK_VAL_DIR: fputs("compopt -o filenames; COMPREPLY=($(compgen -d -- \"$cur\"))", out); break;
    case CK_VAL_TIER: fputs("COMPREPLY=($(compgen -W \"$(_clausecheck_tiers)\" -- \"$cur\"))", out); break;
    case CK_VAL_REPORTER:
    case CK_VAL_CHOICE:
    case CK_VAL_COMMAND: fprintf(out, "COMPREPLY=($(compgen -W '%s' -- \"$cur\"))", words); break;
    case CK_VAL_TEXT: fputs("COMPREPLY=()", out); break;
    }
}

static void bash_command(FILE *out, const ck_cli_command *cmd, const char *command_names)
{
    char words[256];
    fprintf(out, "    %s)\n        case $prev in\n", cmd->name);
    for (const ck_cli_option *o = cmd->options; o->name; o++) {
        if (!o->value)
            continue;
        choice_words(o, words, sizeof words);
        fputs("        ", out);
        if (o->has_short)
            fprintf(out, "-%c|", o->key);
        fprintf(out, "--%s) ", o->name);
        bash_value(out, o->kind, words);
        fputs("; return ;;\n", out);
    }
    fputs("        esac\n        opts='", out);
    for (const ck_cli_option *o = cmd->options; o->name; o++) {
        if (o->has_short)
            fprintf(out, "-%c ", o->key);
        fprintf(out, "--%s%s", o->name, o[1].name ? " " : "");
    }
    fputs("'\n        if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\")); return; fi\n        ", out);
    bash_value(out, cmd->operands ? cmd->operand_kind : CK_VAL_TEXT, command_names);
    fputs(" ;;\n", out);
}

static void bash_write(FILE *out, const ck_cli_command *cmds, size_t n, const char *names)
{
    fputs("# bash completion for clausecheck, generated from its command table\n"
          "_clausecheck_tiers() {\n"
          "    local i args=()\n"
          "    for ((i = 2; i < ${#COMP_WORDS[@]} - 1; i++)); do\n"
          "        case ${COMP_WORDS[i]} in -p|--policy) args+=(-p \"${COMP_WORDS[i + 1]}\") ;; esac\n"
          "    done\n"
          "    clausecheck requirements \"${args[@]}\" --list-tiers 2>/dev/null\n"
          "}\n\n"
          "_clausecheck() {\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} opts\n"
          "    if ((COMP_CWORD == 1)); then\n",
          out);
    fprintf(out, "        COMPREPLY=($(compgen -W '%s -h --help -V --version' -- \"$cur\"))\n        return\n    fi\n", names);
    fputs("    case ${COMP_WORDS[1]} in\n", out);
    for (size_t i = 0; i < n; i++)
        bash_command(out, &cmds[i], names);
    fputs("    esac\n}\ncomplete -F _clausecheck clausecheck\n", out);
}

/* ---- zsh ---- */

static void zsh_action(FILE *out, ck_val_kind k, const char *words)
{
    switch (k) {
    case CK_VAL_FILE:
    case CK_VAL_PATH: fputs("_files", out); break;
    case CK_VAL_POLICY: fputs("_files -g \"*.policy\"", out); break;
    case CK_VAL_DIR: fputs("_files -/", out); break;
    case CK_VAL_TIER: fputs("_clausecheck_tiers", out); break;
    case CK_VAL_REPORTER:
    case CK_VAL_CHOICE:
    case CK_VAL_COMMAND: fprintf(out, "(%s)", words); break;
    case CK_VAL_TEXT: fputs(" ", out); break;
    }
}

static void zsh_command(FILE *out, const ck_cli_command *cmd, const char *command_names)
{
    char words[256];
    fprintf(out, "    %s)\n        _arguments -s", cmd->name);
    for (const ck_cli_option *o = cmd->options; o->name; o++) {
        fputs(" \\\n            '", out);
        if (o->repeats)
            fputc('*', out);
        else if (o->has_short)
            fprintf(out, "(-%c --%s)", o->key, o->name);
        if (o->has_short)
            fprintf(out, "'{-%c,--%s}'", o->key, o->name);
        else
            fprintf(out, "--%s", o->name);
        fputc('[', out);
        quoted(out, o->help, false, true);
        fputc(']', out);
        if (o->value) {
            choice_words(o, words, sizeof words);
            fprintf(out, ":%s:", o->value);
            zsh_action(out, o->kind, words);
        }
        fputc('\'', out);
    }
    if (cmd->operands) {
        fprintf(out, " \\\n            '%s:%s:", strstr(cmd->operands, "...") ? "*" : "1", cmd->operands);
        zsh_action(out, cmd->operand_kind, command_names);
        fputc('\'', out);
    }
    fputs(" ;;\n", out);
}

static void zsh_write(FILE *out, const ck_cli_command *cmds, size_t n, const char *names)
{
    fputs("#compdef clausecheck\n# zsh completion for clausecheck, generated from its command table\n\n"
          "_clausecheck_tiers() {\n"
          "    local -a tiers\n"
          "    tiers=(${(f)\"$(clausecheck requirements ${(kv)opt_args[(I)(-p|--policy)]} --list-tiers 2>/dev/null)\"})\n"
          "    _describe tier tiers\n"
          "}\n\n"
          "_clausecheck() {\n"
          "    local -a commands\n"
          "    commands=(\n",
          out);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "        '%s:", cmds[i].name); /* after the first colon, _describe takes the rest as it is */
        quoted(out, cmds[i].summary, false, false);
        fputs("'\n", out);
    }
    fputs("    )\n"
          "    if ((CURRENT == 2)); then\n"
          "        _describe command commands\n"
          "        return\n"
          "    fi\n"
          "    local cmd=$words[2]\n"
          "    shift words\n"
          "    ((CURRENT--))\n"
          "    case $cmd in\n",
          out);
    for (size_t i = 0; i < n; i++)
        zsh_command(out, &cmds[i], names);
    fputs("    esac\n}\n\n_clausecheck \"$@\"\n", out);
}

/* ---- fish ---- */

static void fish_value(FILE *out, ck_val_kind k, const char *words)
{
    switch (k) {
    case CK_VAL_FILE:
    case CK_VAL_PATH:
    case CK_VAL_POLICY: fputs(" -r -F", out); break;
    case CK_VAL_DIR: fputs(" -x -a '(__fish_complete_directories)'", out); break;
    case CK_VAL_TIER: fputs(" -x -a '(__clausecheck_tiers)'", out); break;
    case CK_VAL_REPORTER:
    case CK_VAL_CHOICE:
    case CK_VAL_COMMAND: fprintf(out, " -x -a '%s'", words); break;
    case CK_VAL_TEXT: fputs(" -x", out); break;
    }
}

static void fish_write(FILE *out, const ck_cli_command *cmds, size_t n, const char *names)
{
    char words[256];
    fputs("# fish completion for clausecheck, generated from its command table\n"
          "function __clausecheck_tiers\n"
          "    set -l args\n"
          "    set -l words (commandline -opc)\n"
          "    for i in (seq 2 (math (count $words) - 1))\n"
          "        contains -- $words[$i] -p --policy; and set -a args -p $words[(math $i + 1)]\n"
          "    end\n"
          "    clausecheck requirements $args --list-tiers 2>/dev/null\n"
          "end\n\n"
          "complete -c clausecheck -f\n",
          out);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "complete -c clausecheck -n __fish_use_subcommand -a %s -d '", cmds[i].name);
        quoted(out, cmds[i].summary, true, false);
        fputs("'\n", out);
    }
    for (size_t i = 0; i < n; i++) {
        const ck_cli_command *cmd = &cmds[i];
        for (const ck_cli_option *o = cmd->options; o->name; o++) {
            fprintf(out, "complete -c clausecheck -n '__fish_seen_subcommand_from %s'", cmd->name);
            if (o->has_short)
                fprintf(out, " -s %c", o->key);
            fprintf(out, " -l %s", o->name);
            if (o->value) {
                choice_words(o, words, sizeof words);
                fish_value(out, o->kind, words);
            }
            fputs(" -d '", out);
            quoted(out, o->help, true, false);
            fputs("'\n", out);
        }
        if (cmd->operands && cmd->operand_kind != CK_VAL_TEXT) {
            fprintf(out, "complete -c clausecheck -n '__fish_seen_subcommand_from %s'", cmd->name);
            if (cmd->operand_kind == CK_VAL_COMMAND)
                fprintf(out, " -x -a '%s'\n", names);
            else
                fputs(cmd->operand_kind == CK_VAL_DIR ? " -x -a '(__fish_complete_directories)'\n" : " -F\n", out);
        }
    }
}

int ck_cli_completion_write(FILE *out, const char *shell)
{
    size_t n;
    const ck_cli_command *cmds = ck_cli_commands(&n);
    char names[512] = "";
    for (size_t i = 0, at = 0; i < n && at < sizeof names; i++)
        at += (size_t)snprintf(names + at, sizeof names - at, "%s%s", i ? " " : "", cmds[i].name);
    if (strcmp(shell, "bash") == 0)
        bash_write(out, cmds, n, names);
    else if (strcmp(shell, "zsh") == 0)
        zsh_write(out, cmds, n, names);
    else if (strcmp(shell, "fish") == 0)
        fish_write(out, cmds, n, names);
    else
        return -1;
    return 0;
}
