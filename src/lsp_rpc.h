/* JSON-RPC 2.0 messages framed as the Language Server Protocol frames them (Content-Length headers). */
#ifndef CK_LSP_RPC_H
#define CK_LSP_RPC_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/* Limits that keep a broken or hostile client from making the server hold unbounded input. */
#define CK_RPC_MAX_HEADER 8192              /* bytes of one header block */
#define CK_RPC_MAX_BODY (64u * 1024 * 1024) /* bytes of one message */

typedef enum {
    CK_RPC_OK,          /* *msg holds the parsed message */
    CK_RPC_EOF,         /* the input ended between messages */
    CK_RPC_BAD_FRAME,   /* the header block was unusable; it has been skipped (*error says why) */
    CK_RPC_BAD_JSON,    /* the body was read but is not JSON (*error says why) */
} ck_rpc_status;

/*
 * Reads one message: header lines up to an empty line (CR LF or LF), then Content-Length bytes.
 * A header block without a usable Content-Length, or larger than CK_RPC_MAX_HEADER, is skipped
 * to its end; a body larger than CK_RPC_MAX_BODY is read and dropped. error is set for BAD_*.
 */
ck_rpc_status ck_rpc_read(FILE *in, json_t **msg, char *error, size_t error_size);

/* Writes msg with its Content-Length header and flushes. 0, or -1 when the output failed. */
int ck_rpc_write(FILE *out, const json_t *msg);

#endif
