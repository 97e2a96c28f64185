/* `clausecheck lsp`: a Language Server Protocol session for .policy files over two streams. */
#ifndef CK_LSP_H
#define CK_LSP_H

#include <stdio.h>

/*
 * Serves one client: reads JSON-RPC messages from in, writes responses and notifications to out
 * (nothing else is written anywhere), until the exit notification or the end of in. Returns the
 * exit status the protocol asks for: 0 when shutdown came before exit, 1 otherwise.
 */
int ck_lsp_run(FILE *in, FILE *out);

#endif
