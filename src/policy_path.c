/* The import search path: CLAUSECHECK_PATH, then the installed share/clausecheck/policies. */
#define _GNU_SOURCE /* dladdr */
#include "policy_path.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The installed policies beside this code: PREFIX/bin/clausecheck or PREFIX/lib/libclausecheck.so
 * give PREFIX/share/clausecheck/policies. False when this code is not where an install puts it. */
static bool installed_dir(char *out, size_t n)
{
    Dl_info info;
    if (!dladdr((void *)installed_dir, &info) || !info.dli_fname)
        return false;
    char self[PATH_MAX];
    if (!realpath(info.dli_fname, self))
        return false;
    char *slash = strrchr(self, '/');
    if (!slash)
        return false;
    *slash = '\0'; /* the folder: PREFIX/bin or PREFIX/lib (or lib/ARCH) */
    for (int up = 0; up < 2; up++) {
        char *base = strrchr(self, '/');
        if (!base)
            return false;
        if (strcmp(base + 1, "bin") == 0 || strcmp(base + 1, "lib") == 0 || strcmp(base + 1, "lib64") == 0) {
            *base = '\0';
            return (size_t)snprintf(out, n, "%s/share/clausecheck/policies", self[0] ? self : "") < n;
        }
        *base = '\0'; /* lib/x86_64-linux-gnu: one more level */
    }
    return false;
}

/* Calls visit on each folder of the search path until it returns true. */
static bool each_dir(bool (*visit)(const char *dir, size_t len, void *ctx), void *ctx)
{
    const char *env = getenv("CLAUSECHECK_PATH");
    for (const char *p = env; p && *p;) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        if (len && visit(p, len, ctx))
            return true;
        p = colon ? colon + 1 : p + len;
    }
    char dir[PATH_MAX];
    return installed_dir(dir, sizeof dir) && visit(dir, strlen(dir), ctx);
}

typedef struct {
    const char *name;
    char found[PATH_MAX];
} lookup;

static bool try_dir(const char *dir, size_t len, void *ctx)
{
    lookup *l = ctx;
    if ((size_t)snprintf(l->found, sizeof l->found, "%.*s/%s", (int)len, dir, l->name) >= sizeof l->found)
        return false;
    return access(l->found, R_OK) == 0;
}

char *ck_policy_search(ck_arena *arena, const char *name)
{
    if (!name || name[0] == '/' || !name[0])
        return NULL;
    lookup l = {.name = name};
    return each_dir(try_dir, &l) ? ck_arena_strdup(arena, l.found) : NULL;
}

typedef struct {
    char *buf;
    size_t n, used;
} describer;

static bool add_dir(const char *dir, size_t len, void *ctx)
{
    describer *d = ctx;
    int k = snprintf(d->buf + d->used, d->n - d->used, "%s%.*s", d->used ? ", " : "", (int)len, dir);
    if (k > 0 && (size_t)k < d->n - d->used)
        d->used += (size_t)k;
    return false;
}

void ck_policy_search_describe(char *buf, size_t n)
{
    describer d = {buf, n, 0};
    buf[0] = '\0';
    each_dir(add_dir, &d);
}
