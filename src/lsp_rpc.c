/* Content-Length framing of JSON-RPC messages over byte streams (the LSP base protocol). */
#include "lsp_rpc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One header line into line (NUL-terminated, CR LF or LF dropped); returns its length, -1 at the
 * end of the input, or -2 when it is longer than size - 1 bytes (the rest of the line is skipped). */
static long read_line(FILE *in, char *line, size_t size, size_t *consumed)
{
    size_t n = 0;
    bool long_line = false;
    int c;
    while ((c = getc(in)) != EOF) {
        (*consumed)++;
        if (c == '\n')
            break;
        if (n + 1 < size)
            line[n++] = (char)c;
        else
            long_line = true;
    }
    if (c == EOF && n == 0 && !long_line)
        return -1;
    if (n > 0 && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    return long_line ? -2 : (long)n;
}

/* The value of a Content-Length line, -1 when the line is another header, -2 when the value is bad. */
static long long content_length(const char *line)
{
    static const char name[] = "Content-Length:";
    if (strncasecmp(line, name, sizeof name - 1) != 0)
        return -1;
    const char *v = line + sizeof name - 1;
    while (*v == ' ' || *v == '\t')
        v++;
    if (!isdigit((unsigned char)*v))
        return -2;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    return *end || n > (unsigned long long)CK_RPC_MAX_BODY * 4 ? -2 : (long long)n;
}

/* Reads the header block: the body length (-1: none given), or -2 at the end of the input before
 * any header. *bad is set, with error, when the block is unusable. */
static long long read_headers(FILE *in, bool *bad, char *error, size_t error_size)
{
    char line[1024];
    size_t consumed = 0;
    long long length = -1;
    bool any = false;
    *bad = false;
    for (;;) {
        long n = read_line(in, line, sizeof line, &consumed);
        if (n == -1) {
            if (!any)
                return -2;
            snprintf(error, error_size, "the input ended inside a message header");
            *bad = true;
            return -1;
        }
        if (n == 0 && any)
            break;
        if (n == 0)
            continue; /* blank lines between messages */
        any = true;
        if (consumed > CK_RPC_MAX_HEADER && !*bad) {
            snprintf(error, error_size, "message header longer than %d bytes", CK_RPC_MAX_HEADER);
            *bad = true;
        }
        long long len = n == -2 ? -1 : content_length(line);
        if (len == -2 && !*bad) {
            snprintf(error, error_size, "invalid Content-Length header: %.60s", line);
            *bad = true;
        }
        if (len >= 0)
            length = len;
    }
    if (!*bad && length < 0) {
        snprintf(error, error_size, "message header without Content-Length");
        *bad = true;
    }
    return length;
}

/* Reads and drops n bytes, so that the next message is read from its start. */
static void skip(FILE *in, long long n)
{
    for (long long i = 0; i < n && getc(in) != EOF; i++)
        ;
}

/* Error messages quote the input; only printable ASCII of it reaches the JSON answer. */
static void printable(char *s)
{
    for (; *s; s++)
        if (*s < 0x20 || *s > 0x7e)
            *s = '?';
}

static ck_rpc_status read_message(FILE *in, json_t **msg, char *error, size_t error_size);

ck_rpc_status ck_rpc_read(FILE *in, json_t **msg, char *error, size_t error_size)
{
    error[0] = '\0';
    ck_rpc_status st = read_message(in, msg, error, error_size);
    printable(error);
    return st;
}

static ck_rpc_status read_message(FILE *in, json_t **msg, char *error, size_t error_size)
{
    *msg = NULL;
    bool bad;
    long long length = read_headers(in, &bad, error, error_size);
    if (length == -2)
        return CK_RPC_EOF;
    if (bad) {
        skip(in, length); /* a length that was given still says where the next message starts */
        return CK_RPC_BAD_FRAME;
    }
    if ((unsigned long long)length > CK_RPC_MAX_BODY) {
        skip(in, length);
        snprintf(error, error_size, "message of %lld bytes is larger than the limit of %u", length,
                 CK_RPC_MAX_BODY);
        return CK_RPC_BAD_FRAME;
    }
    char *body = malloc((size_t)length + 1);
    if (!body) {
        snprintf(error, error_size, "out of memory reading a message of %lld bytes", length);
        return CK_RPC_BAD_FRAME;
    }
    size_t got = fread(body, 1, (size_t)length, in);
    if (got < (size_t)length) {
        free(body);
        snprintf(error, error_size, "the input ended inside a message body");
        return CK_RPC_EOF;
    }
    json_error_t jerr;
    *msg = json_loadb(body, got, JSON_REJECT_DUPLICATES, &jerr);
    free(body);
    if (!*msg) {
        snprintf(error, error_size, "invalid JSON at byte %d: %s", jerr.position, jerr.text);
        return CK_RPC_BAD_JSON;
    }
    return CK_RPC_OK;
}

int ck_rpc_write(FILE *out, const json_t *msg)
{
    /* Compact, and U+2028/U+2029 and non-ASCII as they are: the length counts bytes. */
    char *text = json_dumps(msg, JSON_COMPACT);
    if (!text)
        return -1;
    size_t len = strlen(text);
    int rc = fprintf(out, "Content-Length: %zu\r\n\r\n", len) < 0 || fwrite(text, 1, len, out) != len ||
                     fflush(out) != 0
                 ? -1
                 : 0;
    free(text);
    return rc;
}
