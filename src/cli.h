/* The command line: subcommands as table rows, options, exit codes. */
#ifndef CK_CLI_H
#define CK_CLI_H

/* Exit codes, documented in --help and the man page. */
enum {
    CK_EXIT_OK = 0,        /* nothing at or above --fail-on; lint clean; tests passed */
    CK_EXIT_FINDINGS = 1,  /* findings fail the gate; fmt --check would change; a test failed */
    CK_EXIT_ERROR = 2,     /* usage error, invalid policy, unreadable input */
};

int ck_cli_main(int argc, char **argv);

#endif
