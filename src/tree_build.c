/* The node tree builder shared by the YAML and JSON record loaders. */
#include "tree_build.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "textutil.h"

void ck_tree_build_init(ck_tree_build *b, ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits,
                        ck_diags *diags)
{
    memset(b, 0, sizeof *b);
    b->arena = arena;
    b->src = src;
    b->diags = diags;
    ck_yaml_limits_default(&b->lim);
    if (limits) {
        if (limits->max_bytes)
            b->lim.max_bytes = limits->max_bytes;
        if (limits->max_depth)
            b->lim.max_depth = limits->max_depth;
        if (limits->max_nodes)
            b->lim.max_nodes = limits->max_nodes;
    }
    /* Spans are 32-bit, whatever the caller allows. */
    if (b->lim.max_bytes >= UINT32_MAX)
        b->lim.max_bytes = UINT32_MAX - 1;
    ck_key_table_init(&b->keys);
}

ck_diag *ck_tree_error(ck_tree_build *b, ck_span span, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    ck_vformat(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ck_diag_add(b->diags, CK_DIAG_ERROR, span, "%s", buf);
}

ck_span ck_tree_span(const ck_tree_build *b, size_t start, size_t end)
{
    return (ck_span){.src = b->src, .start = (uint32_t)start, .end = (uint32_t)end};
}

int ck_tree_out_of_memory(ck_tree_build *b)
{
    ck_tree_error(b, ck_tree_span(b, 0, 0), "out of memory while loading the record");
    return -1;
}

int ck_tree_count(ck_tree_build *b, size_t n, ck_span where, const char *alias)
{
    if (n <= b->lim.max_nodes && b->nodes <= b->lim.max_nodes - n) {
        b->nodes += n;
        return 0;
    }
    if (alias) {
        ck_diag *d = ck_tree_error(b, where, "alias expansion exceeds %zu nodes", b->lim.max_nodes);
        ck_diag_hint(b->diags, d,
                     "each use of '*%s' counts its %zu nodes again; deeply repeated aliases "
                     "(a \"billion laughs\" file) are refused",
                     alias, n);
    } else {
        ck_tree_error(b, where, "record has more than %zu nodes", b->lim.max_nodes);
    }
    return -1;
}

static ck_yaml_node *new_node(ck_tree_build *b, ck_yaml_kind kind, ck_span span, const char *tag)
{
    ck_yaml_node *n = ck_arena_alloc(b->arena, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->span = span;
    if (tag && !(n->tag = ck_arena_strdup(b->arena, tag)))
        return NULL;
    return n;
}

/* Copies a key for a message: bounded, on one line. */
static void key_preview(char *buf, size_t size, const char *text, size_t len)
{
    size_t o = 0;
    const size_t keep = size - 4; /* room for "..." and the NUL */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (o >= keep) {
            /* Output mirrors input byte for byte, so backing up i backs up o alike. */
            while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80) {
                i--;
                o--;
            }
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        buf[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    buf[o] = '\0';
}

static const char *kind_name(ck_yaml_kind k)
{
    switch (k) {
    case CK_YAML_SCALAR: return "scalar";
    case CK_YAML_MAP: return "mapping";
    case CK_YAML_SEQ: return "sequence";
    }
    return "node";
}

static void report_duplicate(ck_tree_build *b, const ck_yaml_node *key, ck_span where, uint32_t first_pos)
{
    char shown[72];
    key_preview(shown, sizeof shown, key->text, key->text_len);
    ck_diag *d = ck_tree_error(b, where, "duplicate key '%s'", shown);
    ck_diag_hint(b->diags, d, "first defined at line %u", ck_source_linecol(b->src, first_pos).line);
    b->failed = true;
}

static int index_key(ck_tree_build *b, ck_tree_frame *f, ck_yaml_node *key, uint32_t pos)
{
    uint64_t h = ck_key_hash(&b->keys, f->map_ns, key->text, key->text_len);
    if (ck_key_set(b->arena, &b->keys, h, f->map_ns, key->text, key->text_len, key, pos) != 0)
        return ck_tree_out_of_memory(b);
    return 0;
}

/* A key of the open mapping: a scalar, and new in it. Errors are reported and parsing goes on,
 * so that one run shows every duplicate. */
static int check_key(ck_tree_build *b, ck_tree_frame *f, ck_yaml_node *key, ck_span where)
{
    if (key->kind != CK_YAML_SCALAR) {
        ck_diag *d = ck_tree_error(b, where, "mapping keys must be scalars, not a %s", kind_name(key->kind));
        ck_diag_hint(b->diags, d, "complex keys (`? [a, b]`, `{[1]: x}`) are not supported");
        b->failed = true;
        return 0;
    }
    size_t nkeys = f->items.len / 2;
    if (!f->indexed && nkeys < CK_TREE_SMALL_MAP) {
        f->key_pos[nkeys] = where.start;
        for (size_t i = 0; i < nkeys; i++) {
            const ck_yaml_node *k = f->items.items[2 * i];
            if (k->kind == CK_YAML_SCALAR && k->text_len == key->text_len &&
                memcmp(k->text, key->text, key->text_len) == 0) {
                report_duplicate(b, key, where, f->key_pos[i]);
                return 0;
            }
        }
        return 0;
    }
    if (!f->indexed) {
        for (size_t i = 0; i < nkeys; i++) {
            ck_yaml_node *k = f->items.items[2 * i];
            if (k->kind == CK_YAML_SCALAR && index_key(b, f, k, f->key_pos[i]) != 0)
                return -1;
        }
        f->indexed = true;
    }
    uint64_t h = ck_key_hash(&b->keys, f->map_ns, key->text, key->text_len);
    ck_key_slot *s = ck_key_find(&b->keys, h, f->map_ns, key->text, key->text_len);
    if (s) {
        report_duplicate(b, key, where, s->pos);
        return 0;
    }
    return index_key(b, f, key, where.start);
}

int ck_tree_attach(ck_tree_build *b, ck_yaml_node *child, ck_span where)
{
    if (b->depth == 0) {
        b->root = child;
        return 0;
    }
    ck_tree_frame *f = &b->frames[b->depth - 1];
    f->last_end = where.end;
    if (f->node->kind == CK_YAML_MAP && f->items.len % 2 == 0 && check_key(b, f, child, where) != 0)
        return -1;
    if (ck_vec_push(b->arena, &f->items, child) != 0)
        return ck_tree_out_of_memory(b);
    return 0;
}

int ck_tree_scalar(ck_tree_build *b, ck_span span, const char *text, size_t len, bool plain, const char *tag,
                   ck_yaml_node **made)
{
    if (ck_tree_count(b, 1, span, NULL) != 0)
        return -1;
    ck_yaml_node *n = new_node(b, CK_YAML_SCALAR, span, tag);
    if (!n || !(n->text = ck_arena_strndup(b->arena, text, len)))
        return ck_tree_out_of_memory(b);
    n->text_len = len;
    n->plain = plain;
    if (made)
        *made = n;
    return ck_tree_attach(b, n, span);
}

int ck_tree_open(ck_tree_build *b, ck_yaml_kind kind, ck_span span, const char *tag, bool flow,
                 ck_tree_frame **opened)
{
    if (b->depth >= b->lim.max_depth) {
        ck_tree_error(b, span, "collections nested deeper than %u levels", b->lim.max_depth);
        return -1;
    }
    size_t before = b->nodes;
    if (ck_tree_count(b, 1, span, NULL) != 0)
        return -1;
    ck_yaml_node *n = new_node(b, kind, ck_tree_span(b, span.start, span.start), tag);
    if (!n)
        return ck_tree_out_of_memory(b);
    if (b->depth == b->frames_cap) {
        size_t cap = b->frames_cap ? b->frames_cap * 2 : 16;
        ck_tree_frame *frames = ck_arena_alloc(b->arena, cap * sizeof *frames);
        if (!frames)
            return ck_tree_out_of_memory(b);
        if (b->frames_cap)
            memcpy(frames, b->frames, b->frames_cap * sizeof *frames);
        b->frames = frames;
        b->frames_cap = cap;
    }
    /* Frames are reused by depth, and so are their item buffers. */
    ck_tree_frame *f = &b->frames[b->depth++];
    f->node = n;
    f->items.len = 0;
    f->nodes_before = before;
    f->map_ns = kind == CK_YAML_MAP ? ++b->next_ns : 0;
    f->last_end = span.end;
    f->flow = flow;
    f->indexed = false;
    f->user = NULL;
    if (opened)
        *opened = f;
    return 0;
}

/* Moves a frame's items into its node, as keys and values or as values. */
static int lay_out(ck_tree_build *b, ck_tree_frame *f)
{
    ck_yaml_node *n = f->node;
    size_t len = f->items.len;
    if (n->kind == CK_YAML_MAP) {
        n->count = len / 2;
        if (!n->count)
            return 0;
        n->keys = ck_arena_alloc(b->arena, n->count * sizeof *n->keys);
        n->values = ck_arena_alloc(b->arena, n->count * sizeof *n->values);
        if (!n->keys || !n->values)
            return ck_tree_out_of_memory(b);
        for (size_t i = 0; i < n->count; i++) {
            n->keys[i] = f->items.items[2 * i];
            n->values[i] = f->items.items[2 * i + 1];
        }
        return 0;
    }
    n->count = len;
    if (len) {
        n->values = ck_arena_alloc(b->arena, len * sizeof *n->values);
        if (!n->values)
            return ck_tree_out_of_memory(b);
        memcpy(n->values, f->items.items, len * sizeof *n->values);
    }
    return 0;
}

int ck_tree_close(ck_tree_build *b, uint32_t end, ck_tree_frame *closed)
{
    ck_tree_frame *f = &b->frames[b->depth - 1];
    ck_yaml_node *n = f->node;
    if (!f->flow)
        end = f->last_end;
    n->span.end = end < n->span.start ? n->span.start : end;
    if (lay_out(b, f) != 0)
        return -1;
    if (closed)
        *closed = *f;
    b->depth--;
    return ck_tree_attach(b, n, n->span);
}

/* What every record text must pass before a parser sees it: the size limit, no NUL byte. */
int ck_tree_admit_text(ck_tree_build *b)
{
    const ck_source *src = b->src;
    if (src->len > b->lim.max_bytes) {
        ck_tree_error(b, ck_tree_span(b, 0, 0), "record file is %zu bytes, over the %zu-byte limit", src->len,
                      b->lim.max_bytes);
        return -1;
    }
    const char *nul = memchr(src->text, '\0', src->len);
    if (nul) {
        size_t off = (size_t)(nul - src->text);
        ck_diag *d = ck_tree_error(b, ck_tree_span(b, off, off + 1), "NUL byte in record file");
        ck_diag_hint(b->diags, d, "record files are UTF-8 text; is this a binary or UTF-16 file?");
        return -1;
    }
    return 0;
}

int ck_tree_build_start(ck_tree_build *b, ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits,
                        ck_yaml_node **out, ck_diags *diags)
{
    if (!out)
        return -1;
    *out = NULL;
    if (!arena || !src || !diags)
        return -1;
    ck_tree_build_init(b, arena, src, limits, diags);
    return ck_tree_admit_text(b);
}
