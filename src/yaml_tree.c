/* YAML record loader: libyaml events, anchors and aliases, handed to the tree builder with byte spans. */
#include "yaml_tree.h"

#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "tree_build.h"

void ck_yaml_limits_default(ck_yaml_limits *l)
{
    l->max_bytes = CK_YAML_DEFAULT_MAX_BYTES;
    l->max_depth = CK_YAML_DEFAULT_MAX_DEPTH;
    l->max_nodes = CK_YAML_DEFAULT_MAX_NODES;
}

typedef struct {
    ck_yaml_node *node;
    size_t size;   /* nodes in the anchored subtree, aliases inside it expanded */
    bool complete; /* false while the anchored collection is still open */
} anchor_def;

typedef struct {
    ck_tree_build b;
    size_t base; /* bytes before libyaml's input (a BOM) */
    /* libyaml marks count characters; this cursor turns them into byte offsets. Marks arrive
     * nearly in order, so walking from the last position costs little; a file without any
     * multi-byte character needs no walk at all. */
    size_t cur_chars;
    size_t cur_byte;
    bool ascii;
    ck_key_table anchors;
    unsigned docs;
} loader;

static uint32_t byte_at(loader *L, size_t index)
{
    if (L->ascii)
        return (uint32_t)(L->base + index);
    const unsigned char *t = (const unsigned char *)L->b.src->text;
    size_t len = L->b.src->len;
    while (L->cur_chars < index && L->cur_byte < len) {
        L->cur_byte++;
        while (L->cur_byte < len && (t[L->cur_byte] & 0xC0) == 0x80)
            L->cur_byte++;
        L->cur_chars++;
    }
    while (L->cur_chars > index && L->cur_byte > L->base) {
        L->cur_byte--;
        while (L->cur_byte > L->base && (t[L->cur_byte] & 0xC0) == 0x80)
            L->cur_byte--;
        L->cur_chars--;
    }
    return (uint32_t)L->cur_byte;
}

static ck_span span_marks(loader *L, yaml_mark_t start, yaml_mark_t end)
{
    uint32_t s = byte_at(L, start.index);
    uint32_t e = byte_at(L, end.index);
    return ck_tree_span(&L->b, s, e < s ? s : e);
}

static anchor_def *define_anchor(loader *L, const yaml_char_t *name, ck_yaml_node *node, bool complete)
{
    anchor_def *a = ck_arena_alloc(L->b.arena, sizeof *a);
    size_t len = strlen((const char *)name);
    char *key = ck_arena_strndup(L->b.arena, (const char *)name, len);
    if (!a || !key)
        return NULL;
    a->node = node;
    a->size = 1;
    a->complete = complete;
    /* A later anchor with the same name wins: YAML aliases name the most recent one. */
    uint64_t h = ck_key_hash(&L->anchors, 0, key, len);
    if (ck_key_set(L->b.arena, &L->anchors, h, 0, key, len, a, 0) != 0)
        return NULL;
    return a;
}

static int on_scalar(loader *L, const yaml_event_t *ev)
{
    ck_span sp = span_marks(L, ev->start_mark, ev->end_mark);
    const yaml_char_t *anchor = ev->data.scalar.anchor;
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (L->b.depth == 0 && plain && ev->data.scalar.length == 0 && !anchor && !ev->data.scalar.tag) {
        /* libyaml's stand-in for a document with no content. */
        ck_tree_error(&L->b, ck_tree_span(&L->b, 0, 0), "empty record file");
        return -1;
    }
    ck_yaml_node *n;
    if (ck_tree_scalar(&L->b, sp, (const char *)ev->data.scalar.value, ev->data.scalar.length, plain,
                       (const char *)ev->data.scalar.tag, &n) != 0)
        return -1;
    if (anchor && !define_anchor(L, anchor, n, true))
        return ck_tree_out_of_memory(&L->b);
    return 0;
}

static int on_start(loader *L, const yaml_event_t *ev, ck_yaml_kind kind)
{
    ck_span sp = span_marks(L, ev->start_mark, ev->end_mark);
    const yaml_char_t *tag, *anchor;
    bool flow;
    if (kind == CK_YAML_MAP) {
        tag = ev->data.mapping_start.tag;
        anchor = ev->data.mapping_start.anchor;
        flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    } else {
        tag = ev->data.sequence_start.tag;
        anchor = ev->data.sequence_start.anchor;
        flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    }
    ck_tree_frame *f;
    if (ck_tree_open(&L->b, kind, sp, (const char *)tag, flow, &f) != 0)
        return -1;
    if (anchor && !(f->user = define_anchor(L, anchor, f->node, false)))
        return ck_tree_out_of_memory(&L->b);
    return 0;
}

static int on_end(loader *L, const yaml_event_t *ev)
{
    ck_tree_frame closed;
    if (ck_tree_close(&L->b, byte_at(L, ev->end_mark.index), &closed) != 0)
        return -1;
    anchor_def *a = closed.user;
    if (a) {
        a->size = L->b.nodes - closed.nodes_before;
        a->complete = true;
    }
    return 0;
}

static int on_alias(loader *L, const yaml_event_t *ev)
{
    ck_span sp = span_marks(L, ev->start_mark, ev->end_mark);
    const char *name = (const char *)ev->data.alias.anchor;
    size_t len = strlen(name);
    ck_key_slot *s = ck_key_find(&L->anchors, ck_key_hash(&L->anchors, 0, name, len), 0, name, len);
    if (!s) {
        ck_tree_error(&L->b, sp, "undefined alias '*%s'", name);
        return -1;
    }
    anchor_def *a = s->val;
    if (!a->complete) {
        ck_diag *d = ck_tree_error(&L->b, sp, "alias '*%s' refers to a collection that contains it", name);
        ck_diag_hint(L->b.diags, d, "a record cannot refer to itself");
        return -1;
    }
    if (ck_tree_count(&L->b, a->size, sp, name) != 0)
        return -1;
    return ck_tree_attach(&L->b, a->node, sp);
}

static int on_event(loader *L, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++L->docs > 1) {
            ck_diag *d = ck_tree_error(&L->b, span_marks(L, ev->start_mark, ev->end_mark),
                                       "a second YAML document in a record file");
            ck_diag_hint(L->b.diags, d, "a record file holds exactly one document; split it into files");
            return -1;
        }
        return 0;
    case YAML_SCALAR_EVENT: return on_scalar(L, ev);
    case YAML_SEQUENCE_START_EVENT: return on_start(L, ev, CK_YAML_SEQ);
    case YAML_MAPPING_START_EVENT: return on_start(L, ev, CK_YAML_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return on_end(L, ev);
    case YAML_ALIAS_EVENT: return on_alias(L, ev);
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_END_EVENT: return 0;
    }
    return 0;
}

static void report_parser_error(loader *L, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "malformed input";
    const ck_source *src = L->b.src;
    if (p->error == YAML_MEMORY_ERROR) {
        ck_tree_out_of_memory(&L->b);
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        /* The reader knows only a raw byte offset; marks are not set for its errors. */
        size_t off = L->base + p->problem_offset;
        if (off > src->len)
            off = src->len;
        ck_span sp = ck_tree_span(&L->b, off, off < src->len ? off + 1 : off);
        if (p->problem_value < 0)
            ck_tree_error(&L->b, sp, "invalid YAML: %s", problem);
        else if (strstr(problem, "octet"))
            ck_tree_error(&L->b, sp, "invalid YAML: %s (byte 0x%02X)", problem, (unsigned)p->problem_value);
        else
            ck_tree_error(&L->b, sp, "invalid YAML: %s (U+%04X)", problem, (unsigned)p->problem_value);
        return;
    }
    uint32_t at = byte_at(L, p->problem_mark.index);
    ck_diag *d = ck_tree_error(&L->b, ck_tree_span(&L->b, at, at), "invalid YAML: %s", problem);
    if (at < src->len && src->text[at] == '\t' && strstr(problem, "cannot start any token")) {
        ck_diag_hint(L->b.diags, d, "%s", "YAML indents with spaces; a tab is not allowed here");
        return;
    }
    if (p->context && *p->context) {
        ck_linecol lc = ck_source_linecol(src, byte_at(L, p->context_mark.index));
        ck_diag_hint(L->b.diags, d, "%s at line %u, column %u", p->context, lc.line, lc.col);
    }
}

static int run(loader *L, yaml_parser_t *p)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(p, &ev)) {
            report_parser_error(L, p);
            return -1;
        }
        int rc = on_event(L, &ev);
        bool done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (rc != 0)
            return -1;
        if (done)
            break;
    }
    if (!L->b.root) {
        ck_tree_error(&L->b, ck_tree_span(&L->b, 0, 0), "empty record file");
        return -1;
    }
    return 0;
}

static bool all_ascii(const char *text, size_t len)
{
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, text + i, 8);
        any |= w;
    }
    for (; i < len; i++)
        any |= (unsigned char)text[i];
    return (any & 0x8080808080808080ULL) == 0;
}

int ck_yaml_load(ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits,
                 ck_yaml_node **out, ck_diags *diags)
{
    loader L = {0};
    if (ck_tree_build_start(&L.b, arena, src, limits, out, diags) != 0)
        return -1;
    /* The BOM is skipped here rather than by libyaml so that libyaml's character marks start
     * at a known byte and the encoding can be pinned to UTF-8 (no UTF-16 guessing). */
    if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
        L.base = 3;
    L.cur_byte = L.base;
    L.ascii = all_ascii(src->text + L.base, src->len - L.base);
    ck_key_table_init(&L.anchors);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return ck_tree_out_of_memory(&L.b);
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text + L.base, src->len - L.base);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    int rc = run(&L, &parser);
    yaml_parser_delete(&parser);
    if (rc != 0 || L.b.failed)
        return -1;
    *out = L.b.root;
    return 0;
}

const ck_yaml_node *ck_yaml_map_get(const ck_yaml_node *map, const char *key)
{
    if (!map || map->kind != CK_YAML_MAP || !key)
        return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < map->count; i++) {
        const ck_yaml_node *k = map->keys[i];
        if (k->text_len == len && memcmp(k->text, key, len) == 0)
            return map->values[i];
    }
    return NULL;
}
