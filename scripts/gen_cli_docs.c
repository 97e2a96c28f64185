/* What the build writes from the command table (src/cli.c): the man page's SYNOPSIS and OPTIONS
 * sections, and the bash, zsh and fish completions. Usage: gen_cli_docs synopsis|options|bash|zsh|fish */
#include <stdio.h>
#include <string.h>

#include "cli_table.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: gen_cli_docs synopsis|options|bash|zsh|fish\n", stderr);
        return 2;
    }
    if (strcmp(argv[1], "synopsis") == 0)
        ck_cli_man_synopsis(stdout);
    else if (strcmp(argv[1], "options") == 0)
        ck_cli_man_options(stdout);
    else if (ck_cli_completion_write(stdout, argv[1]) != 0) {
        fprintf(stderr, "gen_cli_docs: unknown section '%s'\n", argv[1]);
        return 2;
    }
    return fclose(stdout) == 0 ? 0 : 1;
}
