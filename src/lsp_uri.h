/* file: URIs, as editors name documents, and the paths they stand for. */
#ifndef CK_LSP_URI_H
#define CK_LSP_URI_H

/* The path of a file: URI ("file:///a%20b/x.policy" -> "/a b/x.policy"), malloc'd; NULL when the URI
 * is not a local file: URI or is malformed (a bad escape, an encoded NUL or '/'), or out of memory. */
char *ck_lsp_uri_to_path(const char *uri);

/* The file: URI of a path, made absolute against the working folder and percent-encoded
 * (everything but unreserved characters and '/'); malloc'd, NULL when out of memory. */
char *ck_lsp_path_to_uri(const char *path);

#endif
