/* Loads one YAML (or JSON) record document into a located, size-limited node tree. */
#ifndef CK_YAML_TREE_H
#define CK_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "source.h"

typedef enum { CK_YAML_SCALAR, CK_YAML_MAP, CK_YAML_SEQ } ck_yaml_kind;

/*
 * Every node lives in the caller's arena. Aliases share the anchored node's
 * pointer, so the result is a DAG: a walker must not assume each node is
 * reached once, but it can never meet a cycle (self-referencing aliases are
 * rejected).
 */
typedef struct ck_yaml_node {
    ck_yaml_kind kind;
    ck_span span;    /* byte range in the source, including any anchor/tag/quotes */
    const char *tag; /* explicit tag as libyaml resolved it (e.g. "tag:yaml.org,2002:str"), or NULL */
    /* scalar: text is NUL-terminated but may hold NULs from escapes, so text_len counts */
    const char *text;
    size_t text_len;
    bool plain; /* unquoted plain scalar (so `true`, `24h`, `12` may be typed); quoted -> always a string */
    /* map: keys[i] -> values[i] (keys are scalars); seq: values[i], keys is NULL */
    struct ck_yaml_node **keys;
    struct ck_yaml_node **values;
    size_t count;
} ck_yaml_node;

/* A zero field means "use the default", so callers can set just the limits they care about. */
typedef struct {
    size_t max_bytes;   /* default 1 MiB (record files) */
    unsigned max_depth; /* default 64 nested collections */
    size_t max_nodes;   /* default 100000 nodes after alias expansion: a "billion laughs" file fails fast */
} ck_yaml_limits;

#define CK_YAML_DEFAULT_MAX_BYTES ((size_t)1 << 20)
#define CK_YAML_DEFAULT_MAX_DEPTH 64u
#define CK_YAML_DEFAULT_MAX_NODES ((size_t)100000)

void ck_yaml_limits_default(ck_yaml_limits *l);

/*
 * Exactly one non-empty document is accepted. limits may be NULL for the
 * defaults. Returns 0 with *out set, or -1 with *out NULL and located
 * diagnostics added (never a partial tree). Nodes made before an error stay
 * in the arena, unreachable, until the arena is freed.
 */
int ck_yaml_load(ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits,
                 ck_yaml_node **out, ck_diags *diags);

/* The value for a scalar key equal to key, or NULL (also when map is not a map). */
const ck_yaml_node *ck_yaml_map_get(const ck_yaml_node *map, const char *key);

#endif
