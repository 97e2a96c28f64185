/* Directory walking for record files: sorted, recursive, hidden folders skipped. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool ck_walk_is_record(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int walk_dir(const char *dir, ck_walk_fn fn, void *ctx, ck_diags *diags, unsigned depth)
{
    if (depth > CK_WALK_MAX_DEPTH) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, dir, "directories nested too deeply (more than %d levels)",
                         CK_WALK_MAX_DEPTH);
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, dir, "cannot read directory: %s", strerror(errno));
        return 0;
    }
    size_t n = 0, cap = 0;
    char **names = NULL;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue; /* hidden files and folders (.git, .github) are not records */
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        names[n] = strdup(de->d_name);
        if (!names[n]) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc == 0 && n > 0) /* an empty folder leaves names NULL, which qsort must not see */
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = -1;
            break;
        }
        if (strcmp(dir, ".") == 0) /* "./x.yaml" would only add noise to every location */
            snprintf(path, len, "%s", names[i]);
        else
            snprintf(path, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        struct stat st;
        if (lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = walk_dir(path, fn, ctx, diags, depth + 1);
            else if (S_ISREG(st.st_mode) && ck_walk_is_record(names[i]))
                rc = fn(ctx, path);
            /* symlinks and special files in a tree are not records: never followed */
        }
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int ck_walk(const char *path, ck_walk_fn fn, void *ctx, ck_diags *diags)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, path, "cannot read: %s", strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return walk_dir(path, fn, ctx, diags, 0);
    return fn(ctx, path);
}
