/* Finding record files: paths walked in sorted order, every entry either checked, ignored by a rule, or reported. */
#ifndef CK_WALK_H
#define CK_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "repo.h"

#define CK_WALK_MAX_DEPTH 64

/*
 * Why an entry of a walked folder was not checked. The first four are documented rules and only
 * counted; every other is also an input error naming the entry (docs/records.md#what-check-reads).
 */
typedef enum {
    CK_SKIP_HIDDEN,          /* a name starting with '.' (.git, .clausecheck.yaml, .github) */
    CK_SKIP_EXCLUDED,        /* matches an exclude pattern of its repository */
    CK_SKIP_NOT_RECORD,      /* a name without a record extension (.yaml, .yml, .json in any case) */
    CK_SKIP_LOOP,            /* a symlink back to a folder being walked */
    CK_SKIP_EXTENSION_CASE,  /* a record extension in other letter case (.YAML) */
    CK_SKIP_NOT_REGULAR,     /* a FIFO, socket or device with a record's name */
    CK_SKIP_UNREADABLE,      /* a folder that cannot be read, an entry that cannot be examined */
    CK_SKIP_TOO_LONG,        /* a path longer than PATH_MAX */
    CK_SKIP_TOO_DEEP,        /* more than CK_WALK_MAX_DEPTH folders deep */
    CK_SKIP_SYMLINK_OUTSIDE, /* a symlink leading outside its repository's root */
    CK_SKIP_SYMLINK_BROKEN,  /* a symlink to nothing */
    CK_SKIP_REPOSITORY,      /* in a repository whose config file is invalid or disagrees with the run */
    CK_SKIP_NAMED_TWICE,     /* a record (or register) reached again through another path named */
    CK_SKIP_COUNT
} ck_skip;

typedef struct ck_skip_info {
    const char *code;    /* JSON key, e.g. "not-record" */
    const char *words;   /* for summaries: "not records" */
    bool reported;       /* an input error, not only counted */
} ck_skip_info;

const ck_skip_info *ck_skip_get(ck_skip s);

/* Called once per record file, in walk order, with its repository; non-zero stops the walk. */
typedef int (*ck_walk_fn)(void *ctx, const char *path, ck_repo *repo);

typedef struct ck_walk {
    ck_repos *repos;
    ck_walk_fn fn;
    void *ctx;
    ck_diags *diags;                /* reported entries and unusable repositories */
    size_t records;                 /* record files handed to fn */
    size_t skipped[CK_SKIP_COUNT];
} ck_walk;

/*
 * Visits path: a file given directly is handed to fn whatever its name; a folder is walked
 * (entries in bytewise order, subfolders as met). Problems are diagnostics and the walk goes
 * on. Returns fn's non-zero value, -1 when out of memory, or 0.
 */
int ck_walk_path(ck_walk *w, const char *path);

#endif
