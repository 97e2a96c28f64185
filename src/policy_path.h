/* Where `import` looks for a policy that is not beside the importing file: the search path. */
#ifndef CK_POLICY_PATH_H
#define CK_POLICY_PATH_H

#include <stddef.h>

#include "arena.h"

/*
 * An import names a file relative to the importing file. When no such file exists there, the
 * name is looked up in each folder of the environment variable CLAUSECHECK_PATH (colon-separated,
 * in order), then in the installed policies: share/clausecheck/policies under the prefix the
 * program (or the library) was installed to, found from its own location, so an installed
 * `import "baseline.policy"` works from any folder and a relocated installation still finds its
 * own. Returns the path of the first file found (in arena), or NULL.
 */
char *ck_policy_search(ck_arena *arena, const char *name);

/* The folders searched, for a hint ("looked in: a, b"), into buf. */
void ck_policy_search_describe(char *buf, size_t n);

#endif
