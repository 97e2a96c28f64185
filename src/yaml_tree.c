/* YAML record loader: libyaml events folded into an arena tree with byte spans, limits and alias accounting. */
#include "yaml_tree.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <yaml.h>

void ck_yaml_limits_default(ck_yaml_limits *l)
{
    l->max_bytes = CK_YAML_DEFAULT_MAX_BYTES;
    l->max_depth = CK_YAML_DEFAULT_MAX_DEPTH;
    l->max_nodes = CK_YAML_DEFAULT_MAX_NODES;
}

/*
 * Anchors and per-mapping keys share one hash table. Record files come from
 * suppliers, so the hash is keyed per load (SipHash-1-3): a file crafted to
 * collide would otherwise turn duplicate-key checking quadratic.
 */
typedef struct {
    uint64_t hash;
    uint64_t ns; /* 0 for anchor names, else the serial of the mapping the key belongs to */
    const char *key; /* NULL marks an empty slot */
    size_t len;
    void *val;
    uint32_t pos; /* for keys: where the key was written (an aliased key's node lives elsewhere) */
} slot;

typedef struct {
    slot *slots;
    size_t cap; /* power of two */
    size_t used;
    uint64_t seed[2];
} table;

static uint64_t rotl64(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

typedef struct {
    uint64_t v0, v1, v2, v3;
} sip_state;

static void sip_round(sip_state *s)
{
    s->v0 += s->v1;
    s->v1 = rotl64(s->v1, 13);
    s->v1 ^= s->v0;
    s->v0 = rotl64(s->v0, 32);
    s->v2 += s->v3;
    s->v3 = rotl64(s->v3, 16);
    s->v3 ^= s->v2;
    s->v0 += s->v3;
    s->v3 = rotl64(s->v3, 21);
    s->v3 ^= s->v0;
    s->v2 += s->v1;
    s->v1 = rotl64(s->v1, 17);
    s->v1 ^= s->v2;
    s->v2 = rotl64(s->v2, 32);
}

static void sip_block(sip_state *s, uint64_t m)
{
    s->v3 ^= m;
    sip_round(s);
    s->v0 ^= m;
}

/* SipHash-1-3 over ns followed by the key bytes. */
static uint64_t hash_key(const uint64_t seed[2], uint64_t ns, const char *p, size_t len)
{
    sip_state s = {seed[0] ^ 0x736f6d6570736575ULL, seed[1] ^ 0x646f72616e646f6dULL,
                   seed[0] ^ 0x6c7967656e657261ULL, seed[1] ^ 0x7465646279746573ULL};
    sip_block(&s, ns);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t m;
        memcpy(&m, p + i, 8);
        sip_block(&s, m);
    }
    uint64_t last = (uint64_t)(len + 8) << 56;
    for (size_t k = 0; i + k < len; k++)
        last |= (uint64_t)(unsigned char)p[i + k] << (8 * k);
    sip_block(&s, last);
    s.v2 ^= 0xff;
    for (int r = 0; r < 3; r++)
        sip_round(&s);
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

static void table_seed(table *t)
{
    if (getrandom(t->seed, sizeof t->seed, GRND_NONBLOCK) == (ssize_t)sizeof t->seed)
        return;
    /* Without the kernel's entropy, address layout and time still keep the key unguessable enough
     * to stop precomputed collisions. */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t->seed[0] = (uint64_t)(uintptr_t)t ^ ((uint64_t)ts.tv_nsec << 20) ^ 0x9e3779b97f4a7c15ULL;
    t->seed[1] = (uint64_t)ts.tv_sec * 0xbf58476d1ce4e5b9ULL ^ (uint64_t)(uintptr_t)&ts;
}

static slot *table_find(const table *t, uint64_t hash, uint64_t ns, const char *key, size_t len)
{
    if (!t->cap)
        return NULL;
    for (size_t i = hash & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        slot *s = &t->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == hash && s->ns == ns && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
}

/* Inserts or overwrites; the key must outlive the table. -1 when out of memory. */
static int table_set(ck_arena *scratch, table *t, uint64_t hash, uint64_t ns, const char *key,
                     size_t len, void *val, uint32_t pos)
{
    slot *found = table_find(t, hash, ns, key, len);
    if (found) {
        found->val = val;
        found->pos = pos;
        return 0;
    }
    if ((t->used + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        slot *slots = ck_arena_alloc(scratch, cap * sizeof *slots);
        if (!slots)
            return -1;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->slots[i].key)
                continue;
            size_t j = t->slots[i].hash & (cap - 1);
            while (slots[j].key)
                j = (j + 1) & (cap - 1);
            slots[j] = t->slots[i];
        }
        t->slots = slots;
        t->cap = cap;
    }
    size_t i = hash & (t->cap - 1);
    while (t->slots[i].key)
        i = (i + 1) & (t->cap - 1);
    t->slots[i] = (slot){.hash = hash, .ns = ns, .key = key, .len = len, .val = val, .pos = pos};
    t->used++;
    return 0;
}

typedef struct {
    ck_yaml_node *node;
    size_t size;   /* nodes in the anchored subtree, aliases inside it expanded */
    bool complete; /* false while the anchored collection is still open */
} anchor_def;

/* One open collection. Frames are reused by depth so their item buffers are too. */
typedef struct {
    ck_yaml_node *node;
    ck_vec items; /* seq: values; map: key, value, key, value... */
    size_t nodes_before;
    anchor_def *anchor;
    uint64_t map_ns;
    uint32_t last_end; /* block collections end where their last entry ends, not at the next token */
    bool flow;
} frame;

typedef struct {
    ck_arena *arena;
    ck_arena *scratch; /* freed when loading ends, success or not */
    const ck_source *src;
    ck_diags *diags;
    ck_yaml_limits lim;
    size_t base; /* bytes before libyaml's input (a BOM) */
    /* libyaml marks count characters; this cursor turns them into byte offsets. Marks arrive
     * nearly in order, so walking from the last position costs little. */
    size_t cur_chars;
    size_t cur_byte;
    frame *frames;
    size_t depth;
    size_t frames_cap;
    table names;
    size_t nodes;
    uint64_t next_ns;
    ck_yaml_node *root;
    unsigned docs;
    bool failed; /* an error that did not stop parsing (duplicate or non-scalar key) */
} loader;

__attribute__((format(printf, 3, 4))) static ck_diag *error_at(loader *L, ck_span span,
                                                               const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ck_diag_add(L->diags, CK_DIAG_ERROR, span, "%s", buf);
}

static ck_span span_bytes(const loader *L, size_t start, size_t end)
{
    return (ck_span){.src = L->src, .start = (uint32_t)start, .end = (uint32_t)end};
}

static uint32_t byte_at(loader *L, size_t index)
{
    const unsigned char *t = (const unsigned char *)L->src->text;
    size_t len = L->src->len;
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
    return span_bytes(L, s, e < s ? s : e);
}

static int out_of_memory(loader *L)
{
    error_at(L, span_bytes(L, 0, 0), "out of memory while loading the record");
    return -1;
}

static int count_nodes(loader *L, size_t n, ck_span where, const char *alias)
{
    if (n <= L->lim.max_nodes && L->nodes <= L->lim.max_nodes - n) {
        L->nodes += n;
        return 0;
    }
    if (alias) {
        ck_diag *d = error_at(L, where, "alias expansion exceeds %zu nodes", L->lim.max_nodes);
        ck_diag_hint(L->diags, d,
                     "each use of '*%s' counts its %zu nodes again; deeply repeated aliases "
                     "(a \"billion laughs\" file) are refused",
                     alias, n);
    } else {
        error_at(L, where, "record has more than %zu nodes", L->lim.max_nodes);
    }
    return -1;
}

static ck_yaml_node *new_node(loader *L, ck_yaml_kind kind, ck_span span, const yaml_char_t *tag)
{
    ck_yaml_node *n = ck_arena_alloc(L->arena, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->span = span;
    if (tag) {
        n->tag = ck_arena_strdup(L->arena, (const char *)tag);
        if (!n->tag)
            return NULL;
    }
    return n;
}

static anchor_def *define_anchor(loader *L, const yaml_char_t *name, ck_yaml_node *node,
                                 bool complete)
{
    anchor_def *a = ck_arena_alloc(L->scratch, sizeof *a);
    size_t len = strlen((const char *)name);
    char *key = ck_arena_strndup(L->scratch, (const char *)name, len);
    if (!a || !key)
        return NULL;
    a->node = node;
    a->size = 1;
    a->complete = complete;
    /* A later anchor with the same name wins: YAML aliases name the most recent one. */
    uint64_t h = hash_key(L->names.seed, 0, key, len);
    if (table_set(L->scratch, &L->names, h, 0, key, len, a, 0) != 0)
        return NULL;
    return a;
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

/* Adds a finished node to the open collection (or makes it the root). where is the text that
 * produced it here: for an alias, the alias itself. */
static int attach(loader *L, ck_yaml_node *child, ck_span where)
{
    if (L->depth == 0) {
        L->root = child;
        return 0;
    }
    frame *f = &L->frames[L->depth - 1];
    f->last_end = where.end;
    if (f->node->kind == CK_YAML_MAP && f->items.len % 2 == 0) {
        if (child->kind != CK_YAML_SCALAR) {
            ck_diag *d = error_at(L, where, "mapping keys must be scalars, not a %s",
                                  kind_name(child->kind));
            ck_diag_hint(L->diags, d, "complex keys (`? [a, b]`, `{[1]: x}`) are not supported");
            L->failed = true;
        } else {
            uint64_t h = hash_key(L->names.seed, f->map_ns, child->text, child->text_len);
            slot *s = table_find(&L->names, h, f->map_ns, child->text, child->text_len);
            if (s) {
                char shown[72];
                key_preview(shown, sizeof shown, child->text, child->text_len);
                ck_diag *d = error_at(L, where, "duplicate key '%s'", shown);
                ck_diag_hint(L->diags, d, "first defined at line %u",
                             ck_source_linecol(L->src, s->pos).line);
                L->failed = true;
            } else if (table_set(L->scratch, &L->names, h, f->map_ns, child->text, child->text_len,
                                 child, where.start) != 0) {
                return out_of_memory(L);
            }
        }
    }
    if (ck_vec_push(L->scratch, &f->items, child) != 0)
        return out_of_memory(L);
    return 0;
}

static int on_scalar(loader *L, const yaml_event_t *ev)
{
    ck_span sp = span_marks(L, ev->start_mark, ev->end_mark);
    const yaml_char_t *anchor = ev->data.scalar.anchor;
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (L->depth == 0 && plain && ev->data.scalar.length == 0 && !anchor && !ev->data.scalar.tag) {
        /* libyaml's stand-in for a document with no content. */
        error_at(L, span_bytes(L, 0, 0), "empty record file");
        return -1;
    }
    if (count_nodes(L, 1, sp, NULL) != 0)
        return -1;
    ck_yaml_node *n = new_node(L, CK_YAML_SCALAR, sp, ev->data.scalar.tag);
    if (!n)
        return out_of_memory(L);
    n->text = ck_arena_strndup(L->arena, (const char *)ev->data.scalar.value, ev->data.scalar.length);
    if (!n->text)
        return out_of_memory(L);
    n->text_len = ev->data.scalar.length;
    n->plain = plain;
    if (anchor && !define_anchor(L, anchor, n, true))
        return out_of_memory(L);
    return attach(L, n, sp);
}

static int on_start(loader *L, const yaml_event_t *ev, ck_yaml_kind kind)
{
    uint32_t start = byte_at(L, ev->start_mark.index);
    ck_span sp = span_bytes(L, start, byte_at(L, ev->end_mark.index));
    if (L->depth >= L->lim.max_depth) {
        error_at(L, sp, "collections nested deeper than %u levels", L->lim.max_depth);
        return -1;
    }
    size_t before = L->nodes;
    if (count_nodes(L, 1, sp, NULL) != 0)
        return -1;
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
    ck_yaml_node *n = new_node(L, kind, span_bytes(L, start, start), tag);
    if (!n)
        return out_of_memory(L);
    if (L->depth == L->frames_cap) {
        size_t cap = L->frames_cap ? L->frames_cap * 2 : 16;
        frame *frames = ck_arena_alloc(L->scratch, cap * sizeof *frames);
        if (!frames)
            return out_of_memory(L);
        if (L->frames_cap)
            memcpy(frames, L->frames, L->frames_cap * sizeof *frames);
        L->frames = frames;
        L->frames_cap = cap;
    }
    frame *f = &L->frames[L->depth++];
    f->node = n;
    f->items.len = 0;
    f->nodes_before = before;
    f->anchor = NULL;
    f->map_ns = kind == CK_YAML_MAP ? ++L->next_ns : 0;
    f->last_end = sp.end;
    f->flow = flow;
    if (anchor && !(f->anchor = define_anchor(L, anchor, n, false)))
        return out_of_memory(L);
    return 0;
}

static int on_end(loader *L, const yaml_event_t *ev)
{
    frame *f = &L->frames[L->depth - 1];
    ck_yaml_node *n = f->node;
    uint32_t end = f->flow ? byte_at(L, ev->end_mark.index) : f->last_end;
    n->span.end = end < n->span.start ? n->span.start : end;
    size_t len = f->items.len;
    if (n->kind == CK_YAML_MAP) {
        n->count = len / 2;
        if (n->count) {
            n->keys = ck_arena_alloc(L->arena, n->count * sizeof *n->keys);
            n->values = ck_arena_alloc(L->arena, n->count * sizeof *n->values);
            if (!n->keys || !n->values)
                return out_of_memory(L);
            for (size_t i = 0; i < n->count; i++) {
                n->keys[i] = f->items.items[2 * i];
                n->values[i] = f->items.items[2 * i + 1];
            }
        }
    } else {
        n->count = len;
        if (len) {
            n->values = ck_arena_alloc(L->arena, len * sizeof *n->values);
            if (!n->values)
                return out_of_memory(L);
            memcpy(n->values, f->items.items, len * sizeof *n->values);
        }
    }
    if (f->anchor) {
        f->anchor->size = L->nodes - f->nodes_before;
        f->anchor->complete = true;
    }
    L->depth--;
    return attach(L, n, n->span);
}

static int on_alias(loader *L, const yaml_event_t *ev)
{
    ck_span sp = span_marks(L, ev->start_mark, ev->end_mark);
    const char *name = (const char *)ev->data.alias.anchor;
    size_t len = strlen(name);
    slot *s = table_find(&L->names, hash_key(L->names.seed, 0, name, len), 0, name, len);
    if (!s) {
        error_at(L, sp, "undefined alias '*%s'", name);
        return -1;
    }
    anchor_def *a = s->val;
    if (!a->complete) {
        ck_diag *d = error_at(L, sp, "alias '*%s' refers to a collection that contains it", name);
        ck_diag_hint(L->diags, d, "a record cannot refer to itself");
        return -1;
    }
    if (count_nodes(L, a->size, sp, name) != 0)
        return -1;
    return attach(L, a->node, sp);
}

static int on_event(loader *L, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++L->docs > 1) {
            ck_diag *d = error_at(L, span_marks(L, ev->start_mark, ev->end_mark),
                                  "a second YAML document in a record file");
            ck_diag_hint(L->diags, d, "a record file holds exactly one document; split it into files");
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

/* JSON records are read by the YAML parser (JSON is YAML), but their author thinks in JSON. */
static const char *syntax_name(const loader *L)
{
    const char *path = L->src->path;
    size_t n = path ? strlen(path) : 0;
    return n >= 5 && strcmp(path + n - 5, ".json") == 0 ? "JSON" : "YAML";
}

static void report_parser_error(loader *L, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "malformed input";
    const char *lang = syntax_name(L);
    if (p->error == YAML_MEMORY_ERROR) {
        out_of_memory(L);
        return;
    }
    if (p->error == YAML_READER_ERROR) {
        /* The reader knows only a raw byte offset; marks are not set for its errors. */
        size_t off = L->base + p->problem_offset;
        if (off > L->src->len)
            off = L->src->len;
        ck_span sp = span_bytes(L, off, off < L->src->len ? off + 1 : off);
        if (p->problem_value < 0)
            error_at(L, sp, "invalid %s: %s", lang, problem);
        else if (strstr(problem, "octet"))
            error_at(L, sp, "invalid %s: %s (byte 0x%02X)", lang, problem, (unsigned)p->problem_value);
        else
            error_at(L, sp, "invalid %s: %s (U+%04X)", lang, problem, (unsigned)p->problem_value);
        return;
    }
    uint32_t at = byte_at(L, p->problem_mark.index);
    ck_diag *d = error_at(L, span_bytes(L, at, at), "invalid %s: %s", lang, problem);
    if (at < L->src->len && L->src->text[at] == '\t' && strstr(problem, "cannot start any token")) {
        ck_diag_hint(L->diags, d, "%s", "YAML indents with spaces; a tab is not allowed here");
        return;
    }
    if (p->context && *p->context) {
        ck_linecol lc = ck_source_linecol(L->src, byte_at(L, p->context_mark.index));
        ck_diag_hint(L->diags, d, "%s at line %u, column %u", p->context, lc.line, lc.col);
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
    if (!L->root) {
        error_at(L, span_bytes(L, 0, 0), "empty record file");
        return -1;
    }
    return 0;
}

int ck_yaml_load(ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits,
                 ck_yaml_node **out, ck_diags *diags)
{
    if (!out)
        return -1;
    *out = NULL;
    if (!arena || !src || !diags)
        return -1;

    loader L = {.arena = arena, .src = src, .diags = diags};
    ck_yaml_limits_default(&L.lim);
    if (limits) {
        if (limits->max_bytes)
            L.lim.max_bytes = limits->max_bytes;
        if (limits->max_depth)
            L.lim.max_depth = limits->max_depth;
        if (limits->max_nodes)
            L.lim.max_nodes = limits->max_nodes;
    }
    /* Spans are 32-bit, whatever the caller allows. */
    size_t max_bytes = L.lim.max_bytes < UINT32_MAX ? L.lim.max_bytes : UINT32_MAX - 1;
    if (src->len > max_bytes) {
        error_at(&L, span_bytes(&L, 0, 0), "record file is %zu bytes, over the %zu-byte limit",
                 src->len, max_bytes);
        return -1;
    }
    const char *nul = memchr(src->text, '\0', src->len);
    if (nul) {
        size_t off = (size_t)(nul - src->text);
        ck_diag *d = error_at(&L, span_bytes(&L, off, off + 1), "NUL byte in record file");
        ck_diag_hint(diags, d, "record files are UTF-8 text; is this a binary or UTF-16 file?");
        return -1;
    }
    /* The BOM is skipped here rather than by libyaml so that libyaml's character marks start
     * at a known byte and the encoding can be pinned to UTF-8 (no UTF-16 guessing). */
    if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
        L.base = 3;
    L.cur_byte = L.base;

    L.scratch = ck_arena_new();
    if (!L.scratch)
        return out_of_memory(&L);
    table_seed(&L.names);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        ck_arena_free(L.scratch);
        return out_of_memory(&L);
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->text + L.base,
                                 src->len - L.base);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    int rc = run(&L, &parser);
    yaml_parser_delete(&parser);
    ck_arena_free(L.scratch);
    if (rc != 0 || L.failed)
        return -1;
    *out = L.root;
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
