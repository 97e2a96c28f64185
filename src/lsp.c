/* The language server session: lifecycle, open documents, and one table row per LSP method. */
#include "lsp.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lsp_features.h"
#include "lsp_rpc.h"
#include "lsp_uri.h"
#include "policy.h"

/* JSON-RPC and LSP error codes. */
enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603,
    LSP_SERVER_NOT_INITIALIZED = -32002,
};

typedef struct session {
    FILE *out;
    bool initialized;
    bool shutdown;         /* the shutdown request came: only exit is honoured now */
    bool exited;
    bool out_failed;       /* the client is gone: stop */
    ck_lsp_doc **docs;
    size_t ndocs;
} session;

/* A handler's answer to a request: a result, or an error (result NULL, code non-zero). */
typedef struct {
    json_t *result;
    int code;
    const char *message;
} reply;

static reply ok(json_t *result)
{
    return result ? (reply){result, 0, NULL} : (reply){NULL, RPC_INTERNAL_ERROR, "out of memory"};
}

static const reply bad_params = {NULL, RPC_INVALID_PARAMS, "invalid params"};

/* ---- output ---- */

/* A message that could not be built (out of memory) is dropped; one that cannot be written means
 * the client is gone. */
static void send(session *s, json_t *msg)
{
    if (msg && ck_rpc_write(s->out, msg) != 0)
        s->out_failed = true;
    json_decref(msg);
}

static void respond(session *s, json_t *id, reply r)
{
    if (r.code)
        send(s, json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error", "code",
                          r.code, "message", r.message));
    else
        send(s, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result", r.result));
}

static void publish(session *s, const ck_lsp_doc *doc, json_t *diagnostics)
{
    send(s, json_pack("{s:s,s:s,s:{s:s,s:o}}", "jsonrpc", "2.0", "method", "textDocument/publishDiagnostics",
                      "params", "uri", doc->uri, "diagnostics", diagnostics ? diagnostics : json_array()));
}

/* ---- documents ---- */

static void doc_free(ck_lsp_doc *doc)
{
    if (!doc)
        return;
    ck_lsp_doc_release(doc);
    free(doc->uri);
    free(doc->path);
    free(doc->text);
    free(doc);
}

static size_t doc_index(const session *s, const char *uri)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0)
            return i;
    return SIZE_MAX;
}

static ck_lsp_doc *find_doc(const session *s, json_t *params)
{
    const char *uri;
    if (json_unpack(params, "{s:{s:s}}", "textDocument", "uri", &uri) != 0)
        return NULL;
    size_t i = doc_index(s, uri);
    return i == SIZE_MAX ? NULL : s->docs[i];
}

/* Analyses the document's text and publishes what lint says of it. A text larger than lint would
 * read from disk is not analysed: one diagnostic says so, and requests about it have no result. */
static void refresh(session *s, ck_lsp_doc *doc)
{
    ck_policy_limits limits;
    ck_policy_limits_default(&limits);
    if (doc->len > limits.max_file_bytes) {
        ck_lsp_doc_release(doc);
        char msg[128];
        snprintf(msg, sizeof msg, "policy file is too large (%zu bytes; the limit is %zu)", doc->len,
                 limits.max_file_bytes);
        publish(s, doc, json_pack("[{s:{s:{s:i,s:i},s:{s:i,s:i}},s:i,s:s,s:s}]", "range", "start", "line", 0,
                                  "character", 0, "end", "line", 0, "character", 0, "severity", 1, "source",
                                  "clausecheck", "message", msg));
        return;
    }
    if (ck_lsp_doc_analyse(doc) != 0)
        ck_lsp_doc_release(doc); /* out of memory: requests then find no names */
    publish(s, doc, doc->src ? ck_lsp_diagnostics(doc) : NULL);
}

static reply did_open(session *s, json_t *params)
{
    const char *uri, *text;
    size_t len;
    json_int_t version = 0;
    if (json_unpack(params, "{s:{s:s,s?I,s:s%}}", "textDocument", "uri", &uri, "version", &version, "text", &text,
                    &len) != 0)
        return bad_params;
    ck_lsp_doc *doc = calloc(1, sizeof *doc);
    ck_lsp_doc **docs = realloc(s->docs, (s->ndocs + 1) * sizeof *docs);
    if (docs)
        s->docs = docs;
    if (!doc || !docs || !(doc->uri = strdup(uri)) || !(doc->text = malloc(len + 1))) {
        doc_free(doc);
        return (reply){NULL, RPC_INTERNAL_ERROR, "out of memory"};
    }
    memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;
    doc->version = version;
    doc->path = ck_lsp_uri_to_path(uri);
    doc->on_disk = doc->path != NULL;
    if (!doc->path && !(doc->path = strdup(uri))) {
        doc_free(doc);
        return (reply){NULL, RPC_INTERNAL_ERROR, "out of memory"};
    }
    size_t at = doc_index(s, uri); /* opened twice: the new text replaces the old */
    if (at != SIZE_MAX) {
        doc_free(s->docs[at]);
        s->docs[at] = doc;
    } else {
        s->docs[s->ndocs++] = doc;
    }
    refresh(s, doc);
    return ok(json_null());
}

/* Applies one content change: the whole text, or a range of it replaced. 0, or -1 when invalid. */
static int apply_change(ck_lsp_doc *doc, json_t *change)
{
    const char *text;
    size_t len;
    json_t *range = NULL;
    json_int_t l0, c0, l1, c1;
    if (json_unpack(change, "{s:s%,s?o}", "text", &text, &len, "range", &range) != 0)
        return -1;
    size_t from = 0, to = doc->len;
    if (range) {
        if (json_unpack(range, "{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", &l0, "character", &c0, "end", "line",
                        &l1, "character", &c1) != 0 || l0 < 0 || c0 < 0 || l1 < 0 || c1 < 0)
            return -1;
        ck_arena *arena = ck_arena_new();
        const ck_source *src = arena ? ck_source_from_text(arena, doc->path, doc->text, doc->len) : NULL;
        if (src) {
            from = ck_lsp_offset_from_pos(src, (ck_lsp_pos){(uint32_t)(l0 > UINT32_MAX ? UINT32_MAX : l0),
                                                            (uint32_t)(c0 > UINT32_MAX ? UINT32_MAX : c0)});
            to = ck_lsp_offset_from_pos(src, (ck_lsp_pos){(uint32_t)(l1 > UINT32_MAX ? UINT32_MAX : l1),
                                                          (uint32_t)(c1 > UINT32_MAX ? UINT32_MAX : c1)});
        }
        ck_arena_free(arena);
        if (!src)
            return -1;
        if (to < from)
            to = from;
    }
    char *next = malloc(from + len + (doc->len - to) + 1);
    if (!next)
        return -1;
    memcpy(next, doc->text, from);
    memcpy(next + from, text, len);
    memcpy(next + from + len, doc->text + to, doc->len - to);
    doc->len = from + len + (doc->len - to);
    next[doc->len] = '\0';
    free(doc->text);
    doc->text = next;
    return 0;
}

static reply did_change(session *s, json_t *params)
{
    ck_lsp_doc *doc = find_doc(s, params);
    json_t *changes = json_object_get(params, "contentChanges");
    json_int_t version = 0;
    if (!doc || !json_is_array(changes))
        return bad_params;
    if (json_unpack(params, "{s:{s?I}}", "textDocument", "version", &version) == 0)
        doc->version = version;
    size_t i;
    json_t *change;
    json_array_foreach(changes, i, change) {
        if (apply_change(doc, change) != 0)
            break;
    }
    refresh(s, doc);
    return ok(json_null());
}

static reply did_close(session *s, json_t *params)
{
    ck_lsp_doc *doc = find_doc(s, params);
    if (!doc)
        return bad_params;
    publish(s, doc, json_array()); /* a closed file's problems leave the editor's list */
    size_t at = doc_index(s, doc->uri);
    doc_free(doc);
    s->docs[at] = s->docs[--s->ndocs];
    return ok(json_null());
}

/* ---- requests ---- */

static reply initialize(session *s, json_t *params)
{
    (void)params;
    if (s->initialized)
        return (reply){NULL, RPC_INVALID_REQUEST, "initialize was already sent"};
    s->initialized = true;
    return ok(json_pack("{s:{s:s,s:{s:b,s:i},s:b,s:b,s:b,s:b,s:{s:[s]},s:b},s:{s:s}}", "capabilities",
                        "positionEncoding", "utf-16", "textDocumentSync", "openClose", 1, "change", 1,
                        "documentFormattingProvider", 1, "hoverProvider", 1, "definitionProvider", 1,
                        "referencesProvider", 1, "completionProvider", "triggerCharacters", ".",
                        "documentSymbolProvider", 1, "serverInfo", "name", "clausecheck"));
}

static reply initialized(session *s, json_t *params)
{
    (void)s, (void)params;
    return ok(json_null());
}

static reply shutdown(session *s, json_t *params)
{
    (void)params;
    s->shutdown = true;
    return ok(json_null());
}

/* The document and position a request is about. */
static bool doc_pos(const session *s, json_t *params, ck_lsp_doc **doc, ck_lsp_pos *pos)
{
    json_int_t line, character;
    if (json_unpack(params, "{s:{s:I,s:I}}", "position", "line", &line, "character", &character) != 0 ||
        line < 0 || character < 0)
        return false;
    *pos = (ck_lsp_pos){(uint32_t)(line > UINT32_MAX ? UINT32_MAX : line),
                        (uint32_t)(character > UINT32_MAX ? UINT32_MAX : character)};
    *doc = find_doc(s, params);
    return true;
}

/* Requests about one place of a document (hover, definition, completion) share their parameters;
 * one that is not open, or whose analysis ran out of memory, has no result. */
static reply at_position(session *s, json_t *params, json_t *(*answer)(const ck_lsp_doc *, ck_lsp_pos))
{
    ck_lsp_doc *doc;
    ck_lsp_pos pos;
    if (!doc_pos(s, params, &doc, &pos))
        return bad_params;
    return ok(doc && doc->src ? answer(doc, pos) : json_null());
}

static reply on_document(session *s, json_t *params, json_t *(*answer)(const ck_lsp_doc *))
{
    ck_lsp_doc *doc = find_doc(s, params);
    return ok(doc && doc->src ? answer(doc) : json_null());
}

static reply references(session *s, json_t *params)
{
    ck_lsp_doc *doc;
    ck_lsp_pos pos;
    int with_declaration = 0;
    if (!doc_pos(s, params, &doc, &pos) ||
        json_unpack(params, "{s?{s?b}}", "context", "includeDeclaration", &with_declaration) != 0)
        return bad_params;
    return ok(doc && doc->src ? ck_lsp_references(doc, pos, with_declaration) : json_null());
}

/* ---- dispatch ---- */

/* One row per method: a handler of its own, or the feature that answers about a place or a document. */
typedef struct {
    const char *name;
    reply (*run)(session *s, json_t *params);
    json_t *(*at)(const ck_lsp_doc *doc, ck_lsp_pos pos);
    json_t *(*whole)(const ck_lsp_doc *doc);
} method;

static const method methods[] = {
    {"initialize", initialize, NULL, NULL},
    {"initialized", initialized, NULL, NULL},
    {"shutdown", shutdown, NULL, NULL},
    {"textDocument/didOpen", did_open, NULL, NULL},
    {"textDocument/didChange", did_change, NULL, NULL},
    {"textDocument/didClose", did_close, NULL, NULL},
    {"textDocument/references", references, NULL, NULL},
    {"textDocument/hover", NULL, ck_lsp_hover, NULL},
    {"textDocument/definition", NULL, ck_lsp_definition, NULL},
    {"textDocument/completion", NULL, ck_lsp_completion, NULL},
    {"textDocument/formatting", NULL, NULL, ck_lsp_formatting},
    {"textDocument/documentSymbol", NULL, NULL, ck_lsp_document_symbols},
};

static void handle(session *s, json_t *msg)
{
    json_t *id = json_object_get(msg, "id");
    const char *name = json_string_value(json_object_get(msg, "method"));
    if (!name && json_is_object(msg) && (json_object_get(msg, "result") || json_object_get(msg, "error")))
        return; /* a response: the server sends no requests, so it answers nothing of ours */
    if (!name || (id && !json_is_integer(id) && !json_is_string(id))) {
        respond(s, NULL, (reply){NULL, RPC_INVALID_REQUEST, "not a JSON-RPC request or notification"});
        return;
    }
    if (strcmp(name, "exit") == 0) {
        s->exited = true;
        return;
    }
    if (!s->initialized && strcmp(name, "initialize") != 0) {
        if (id) /* notifications before initialize are dropped, as the protocol says */
            respond(s, id, (reply){NULL, LSP_SERVER_NOT_INITIALIZED, "the server is not initialized"});
        return;
    }
    if (s->shutdown && id) {
        respond(s, id, (reply){NULL, RPC_INVALID_REQUEST, "the server is shutting down"});
        return;
    }
    const method *m = NULL;
    for (size_t i = 0; !m && i < sizeof methods / sizeof methods[0]; i++)
        if (strcmp(methods[i].name, name) == 0)
            m = &methods[i];
    if (!m) {
        if (id) /* an unknown notification ($/cancelRequest, $/setTrace...) is ignored */
            respond(s, id, (reply){NULL, RPC_METHOD_NOT_FOUND, "method not found"});
        return;
    }
    json_t *params = json_object_get(msg, "params");
    reply r = m->run ? m->run(s, params) : m->at ? at_position(s, params, m->at) : on_document(s, params, m->whole);
    if (id)
        respond(s, id, r);
    else
        json_decref(r.result);
}

int ck_lsp_run(FILE *in, FILE *out)
{
    session s = {.out = out};
    while (!s.exited && !s.out_failed) {
        json_t *msg;
        char error[256];
        ck_rpc_status st = ck_rpc_read(in, &msg, error, sizeof error);
        if (st == CK_RPC_EOF)
            break;
        if (st == CK_RPC_OK) {
            handle(&s, msg);
            json_decref(msg);
        } else {
            respond(&s, NULL, (reply){NULL, RPC_PARSE_ERROR, error});
        }
    }
    for (size_t i = 0; i < s.ndocs; i++)
        doc_free(s.docs[i]);
    free(s.docs);
    return s.shutdown ? 0 : 1;
}
