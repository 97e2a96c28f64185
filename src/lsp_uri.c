/* Percent-encoding of file: URIs (RFC 8089, RFC 3986) both ways. */
#include "lsp_uri.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *ck_lsp_uri_to_path(const char *uri)
{
    if (strncasecmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (strncasecmp(p, "localhost/", 10) == 0)
        p += 9;
    if (*p != '/')
        return NULL; /* a remote host, or no path */
    char *out = malloc(strlen(p) + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (; *p && *p != '?' && *p != '#'; p++) {
        if (*p != '%') {
            out[n++] = *p;
            continue;
        }
        int hi = hex_value(p[1]), lo = hi < 0 ? -1 : hex_value(p[2]);
        int c = lo < 0 ? -1 : hi * 16 + lo;
        if (c <= 0 || c == '/') { /* malformed, or a byte that would change what the path names */
            free(out);
            return NULL;
        }
        out[n++] = (char)c;
        p += 2;
    }
    out[n] = '\0';
    return out;
}

static bool unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '/';
}

char *ck_lsp_path_to_uri(const char *path)
{
    char cwd[PATH_MAX] = "";
    if (path[0] != '/' && !getcwd(cwd, sizeof cwd))
        cwd[0] = '\0';
    size_t need = 8 + 3 * (strlen(cwd) + 1 + strlen(path)) + 1;
    char *out = malloc(need);
    if (!out)
        return NULL;
    size_t n = (size_t)snprintf(out, need, "file://");
    for (int part = 0; part < 2; part++) {
        const char *s = part == 0 ? cwd : path;
        for (; *s; s++) {
            unsigned char c = (unsigned char)*s;
            n += unreserved(c) ? (size_t)snprintf(out + n, need - n, "%c", c)
                               : (size_t)snprintf(out + n, need - n, "%%%02X", c);
        }
        if (part == 0 && cwd[0])
            out[n++] = '/';
    }
    out[n] = '\0';
    return out;
}
