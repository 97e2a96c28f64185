/* JSON record loader: yajl's events handed to the tree builder, with byte spans. */
#include "json_tree.h"

#include <ctype.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "textutil.h"
#include "tree_build.h"

typedef struct {
    ck_tree_build b;
    yajl_handle parser;
    size_t base; /* bytes before yajl's input (a BOM) */
} loader;

/* yajl reports how far it has read, which inside a callback is just past the current token. */
static uint32_t token_end(const loader *L) { return (uint32_t)(L->base + yajl_get_bytes_consumed(L->parser)); }

/* Where the string token ending at end (past its closing quote) starts: its opening quote, the
 * nearest quote before that is not escaped (preceded by an even run of backslashes). */
static uint32_t string_start_scan(const loader *L, uint32_t end)
{
    const char *t = L->b.src->text;
    uint32_t i = end >= 2 ? end - 2 : 0;
    for (; i > L->base; i--) {
        if (t[i] != '"')
            continue;
        uint32_t slashes = 0;
        while (i - slashes > L->base && t[i - slashes - 1] == '\\')
            slashes++;
        if (slashes % 2 == 0)
            break;
    }
    return i;
}

/* The same for a string of decoded length len, without the scan when it has no escapes: the raw
 * text is then as long, and the opening quote right there. A quote found there in a string with
 * escapes lies inside it, after a backslash, and the scan settles it. */
static uint32_t string_start(const loader *L, uint32_t end, size_t len)
{
    const char *t = L->b.src->text;
    if (len + 2 <= end - L->base) {
        uint32_t q = end - (uint32_t)len - 2;
        if (t[q] == '"' && (q == L->base || t[q - 1] != '\\'))
            return q;
    }
    return string_start_scan(L, end);
}

/* A byte of a literal or number (true, -1.5e3). */
static bool in_word(char c) { return isalnum((unsigned char)c) || c == '.' || c == '+' || c == '-'; }

/* The start of the token that ends at end: a string, a literal or number, or one byte. */
static uint32_t token_start(const loader *L, uint32_t end)
{
    const char *t = L->b.src->text;
    if (t[end - 1] == '"')
        return string_start_scan(L, end);
    uint32_t i = end - 1;
    while (i > L->base && in_word(t[i - 1]) && in_word(t[i]))
        i--;
    return i;
}

static int plain(void *ctx, const char *text, size_t len)
{
    loader *L = ctx;
    uint32_t end = token_end(L);
    uint32_t start = end >= len ? end - (uint32_t)len : 0;
    return ck_tree_scalar(&L->b, ck_tree_span(&L->b, start, end), text, len, true, NULL, NULL) == 0;
}

static int on_null(void *ctx) { return plain(ctx, "null", 4); }
static int on_boolean(void *ctx, int value) { return value ? plain(ctx, "true", 4) : plain(ctx, "false", 5); }
static int on_number(void *ctx, const char *text, size_t len) { return plain(ctx, text, len); }

static int on_string(void *ctx, const unsigned char *text, size_t len)
{
    loader *L = ctx;
    uint32_t end = token_end(L);
    ck_span sp = ck_tree_span(&L->b, string_start(L, end, len), end);
    return ck_tree_scalar(&L->b, sp, (const char *)text, len, false, NULL, NULL) == 0;
}

static int open_collection(void *ctx, ck_yaml_kind kind)
{
    loader *L = ctx;
    uint32_t end = token_end(L);
    return ck_tree_open(&L->b, kind, ck_tree_span(&L->b, end - 1, end), NULL, true, NULL) == 0;
}

static int on_start_map(void *ctx) { return open_collection(ctx, CK_YAML_MAP); }
static int on_start_array(void *ctx) { return open_collection(ctx, CK_YAML_SEQ); }

static int on_end(void *ctx)
{
    loader *L = ctx;
    return ck_tree_close(&L->b, token_end(L), NULL) == 0;
}

static const yajl_callbacks callbacks = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_string,
    .yajl_end_map = on_end,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end,
};

static size_t first_invalid_utf8(const loader *L)
{
    const char *t = L->b.src->text;
    size_t len = L->b.src->len;
    for (size_t i = L->base; i < len;) {
        bool valid;
        size_t n = ck_utf8_char_len(t + i, len - i, &valid);
        if (!valid)
            return i;
        i += n;
    }
    return len;
}

/* yajl's messages that a record's author would not recognise, said in their terms. */
static const struct {
    const char *yajl, *ours, *hint;
} clearer[] = {
    {"invalid string in json text", "not a JSON value",
     "text is written in double quotes; the literals are true, false and null"},
    {"inside a string, '\\' occurs before a character which it may not", "invalid escape in a string",
     "JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX"},
    {"trailing garbage", "more text after the record's closing brace",
     "a record file holds exactly one JSON object"},
    {"premature EOF", "the record ends early", "an object or array is not closed"},
};

/* yajl's message without its "parse error: " or "lexical error: " prefix, its trailing newline
 * and the excerpt our own caret replaces. */
static void report_syntax_error(loader *L, const unsigned char *json, size_t len)
{
    unsigned char *raw = yajl_get_error(L->parser, 0, json, len);
    const char *msg = raw ? (const char *)raw : "parse error: malformed input";
    const char *colon = strstr(msg, "error: ");
    if (colon)
        msg = colon + strlen("error: ");
    size_t n = strlen(msg);
    while (n && (isspace((unsigned char)msg[n - 1]) || msg[n - 1] == '.'))
        n--;
    /* A lexical error stops at the offending byte; a parse error just past the offending token,
     * which is pointed at from its start. */
    size_t at = L->base + yajl_get_bytes_consumed(L->parser);
    if (at > L->b.src->len)
        at = L->b.src->len;
    bool lexical = raw && strstr((const char *)raw, "lexical error");
    if (strstr(msg, "premature EOF")) {
        /* found only once the input is done: point just past its last token */
        at = L->b.src->len;
        while (at > L->base && isspace((unsigned char)L->b.src->text[at - 1]))
            at--;
    } else if (!lexical && at > L->base)
        at = token_start(L, (uint32_t)at);
    else if (lexical && strstr((const char *)raw, "UTF8"))
        at = first_invalid_utf8(L); /* yajl checks a string's bytes once it has read all of it */
    else if (lexical && strstr((const char *)raw, "invalid string in json text") && at > L->base &&
             in_word(L->b.src->text[at - 1]))
        at = token_start(L, (uint32_t)at); /* a misspelt literal (`tru`): from its first letter */
    const char *hint = NULL;
    for (size_t i = 0; i < sizeof clearer / sizeof *clearer; i++) {
        if (strncmp(msg, clearer[i].yajl, n) == 0 && clearer[i].yajl[n] == '\0') {
            msg = clearer[i].ours;
            n = strlen(msg);
            hint = clearer[i].hint;
        }
    }
    ck_diag *d = ck_tree_error(&L->b, ck_tree_span(&L->b, at, at), "invalid JSON: %.*s", (int)n, msg);
    if (hint)
        ck_diag_hint(L->b.diags, d, "%s", hint);
    if (raw)
        yajl_free_error(L->parser, raw);
}

int ck_json_load(ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits, ck_yaml_node **out,
                 ck_diags *diags)
{
    loader L = {0};
    if (ck_tree_build_start(&L.b, arena, src, limits, out, diags) != 0)
        return -1;
    if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
        L.base = 3;
    size_t first = L.base;
    while (first < src->len && isspace((unsigned char)src->text[first]))
        first++;
    if (first == src->len) {
        ck_tree_error(&L.b, ck_tree_span(&L.b, 0, 0), "empty record file");
        return -1;
    }
    L.parser = yajl_alloc(&callbacks, NULL, &L);
    if (!L.parser)
        return ck_tree_out_of_memory(&L.b);
    const unsigned char *json = (const unsigned char *)src->text + L.base;
    size_t len = src->len - L.base;
    yajl_status st = yajl_parse(L.parser, json, len);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(L.parser);
    /* a callback that refused (a limit, out of memory) has reported already */
    if (st == yajl_status_error)
        report_syntax_error(&L, json, len);
    yajl_free(L.parser);
    if (st != yajl_status_ok || L.b.failed)
        return -1;
    *out = L.b.root;
    return 0;
}
