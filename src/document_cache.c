/* Contract documents read once per run: a small least-recently-used cache of documents and their sections. */
#include "document_cache.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    ck_doc_cached pub;         /* what callers see; first, so an entry is its own handle */
    char *key;                 /* the root's path, a NUL, then the relative path (which may hold a NUL) */
    size_t key_len;
    ck_document *doc;
    ck_sections sections;
    size_t cost;               /* bytes of text it keeps */
    unsigned long used;        /* the record generation that last used it */
} entry;

struct ck_doc_cache {
    ck_doc_limits limits;
    entry **items;             /* separately allocated, so handles survive the array growing */
    size_t n, cap;
    size_t max_docs, max_bytes, bytes;
    unsigned long generation;
    size_t reads;
};

ck_doc_cache *ck_doc_cache_new(const ck_doc_limits *limits, size_t max_docs, size_t max_text_bytes)
{
    ck_doc_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->limits = limits ? *limits : ck_doc_default_limits;
    c->max_docs = max_docs ? max_docs : 32;
    c->max_bytes = max_text_bytes ? max_text_bytes : (size_t)64 << 20;
    c->generation = 1;
    return c;
}

static void entry_free(entry *e)
{
    ck_sections_free(&e->sections);
    ck_doc_free(e->doc);
    free(e->key);
    free(e);
}

void ck_doc_cache_free(ck_doc_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        entry_free(c->items[i]);
    free(c->items);
    free(c);
}

void ck_doc_cache_begin_record(ck_doc_cache *c) { c->generation++; }

size_t ck_doc_cache_reads(const ck_doc_cache *c) { return c->reads; }

/* Drops the least recently used documents no earlier part of this record uses, until one more fits. */
static void make_room(ck_doc_cache *c)
{
    while (c->n && (c->n >= c->max_docs || c->bytes > c->max_bytes)) {
        size_t victim = c->n;
        for (size_t i = 0; i < c->n; i++)
            if (c->items[i]->used < c->generation && (victim == c->n || c->items[i]->used < c->items[victim]->used))
                victim = i;
        if (victim == c->n)
            return; /* everything is this record's: it keeps them, over the budget if need be */
        c->bytes -= c->items[victim]->cost;
        entry_free(c->items[victim]);
        c->items[victim] = c->items[--c->n];
    }
}

/* Reads and splits the document into e; false only when out of memory. */
static bool read_into(ck_doc_cache *c, entry *e, const ck_evfile_root *root, const char *relpath, size_t len)
{
    c->reads++;
    e->pub.status = ck_doc_open(root, relpath, len, NULL, &c->limits, &e->doc, &e->pub.err);
    if (e->pub.status == CK_DOC_NO_MEMORY)
        return false;
    if (e->pub.status != CK_DOC_OK)
        return true;
    if (ck_sections_split(e->doc, &e->sections) != 0)
        return false;
    e->pub.doc = e->doc;
    e->pub.sections = &e->sections;
    e->cost = e->doc->text_len + e->doc->npara * sizeof *e->doc->paras;
    return true;
}

const ck_doc_cached *ck_doc_cache_get(ck_doc_cache *c, const ck_evfile_root *root, const char *relpath,
                                      size_t relpath_len)
{
    const char *rp = root->root_path ? root->root_path : "";
    size_t rlen = strlen(rp), klen = rlen + 1 + relpath_len;
    for (size_t i = 0; i < c->n; i++) {
        entry *e = c->items[i];
        if (e->key_len == klen && memcmp(e->key, rp, rlen + 1) == 0 && memcmp(e->key + rlen + 1, relpath, relpath_len) == 0) {
            e->used = c->generation;
            return &e->pub;
        }
    }
    make_room(c);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        entry **items = realloc(c->items, cap * sizeof *items);
        if (!items)
            return NULL;
        c->items = items;
        c->cap = cap;
    }
    entry *e = calloc(1, sizeof *e);
    if (!e || !(e->key = malloc(klen))) {
        free(e);
        return NULL;
    }
    memcpy(e->key, rp, rlen + 1);
    memcpy(e->key + rlen + 1, relpath, relpath_len);
    e->key_len = klen;
    e->used = c->generation;
    if (!read_into(c, e, root, relpath, relpath_len)) {
        entry_free(e);
        return NULL;
    }
    c->items[c->n++] = e;
    c->bytes += e->cost;
    return &e->pub;
}
