/* Loads one JSON record document into the same located node tree as the YAML loader. */
#ifndef CK_JSON_TREE_H
#define CK_JSON_TREE_H

#include "yaml_tree.h"

/*
 * Same contract as ck_yaml_load: 0 with *out set, or -1 with located diagnostics and *out NULL.
 * Strings become quoted scalars (always text), numbers, true, false and null plain ones (typed
 * by the record loader as YAML plain scalars are), so a record means the same in either syntax.
 * A UTF-8 byte order mark is skipped.
 */
int ck_json_load(ck_arena *arena, const ck_source *src, const ck_yaml_limits *limits, ck_yaml_node **out,
                 ck_diags *diags);

#endif
