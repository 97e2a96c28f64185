/* Finding record files: files or directories walked recursively in sorted order. */
#ifndef CK_WALK_H
#define CK_WALK_H

#include <stdbool.h>

#include "diag.h"

#define CK_WALK_MAX_DEPTH 64

/* Called once per record file, in sorted order; a non-zero return stops the walk. */
typedef int (*ck_walk_fn)(void *ctx, const char *path);

/* Whether a file name is a record (.yaml, .yml, .json). */
bool ck_walk_is_record(const char *name);

/*
 * Visits path: a record file given directly is visited whatever its name; a
 * directory is walked (hidden entries skipped, symlinked directories not
 * followed, entries sorted bytewise). Problems (unreadable directory, too
 * deep) are added to diags and the walk goes on. Returns the callback's
 * non-zero value, or 0.
 */
int ck_walk(const char *path, ck_walk_fn fn, void *ctx, ck_diags *diags);

#endif
