/* Finding record files: paths walked in sorted order, every entry either checked, ignored by a rule, or reported. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "textutil.h"

/* "N <words>" reads for any N: the summaries print "skipped: 12 without a record extension, 1 hidden". */
static const ck_skip_info skip_table[CK_SKIP_COUNT] = {
    [CK_SKIP_HIDDEN] = {"hidden", "hidden", false},
    [CK_SKIP_EXCLUDED] = {"excluded", "excluded", false},
    [CK_SKIP_NOT_RECORD] = {"not-record", "without a record extension", false},
    [CK_SKIP_LOOP] = {"symlink-loop", "in a symlink loop", false},
    [CK_SKIP_EXTENSION_CASE] = {"extension-case", "with a record extension in other case", true},
    [CK_SKIP_NOT_REGULAR] = {"not-regular", "not a regular file", true},
    [CK_SKIP_UNREADABLE] = {"unreadable", "unreadable", true},
    [CK_SKIP_TOO_LONG] = {"path-too-long", "with a path too long", true},
    [CK_SKIP_TOO_DEEP] = {"too-deep", "nested too deeply", true},
    [CK_SKIP_SYMLINK_OUTSIDE] = {"symlink-outside-root", "symlinked outside the root", true},
    [CK_SKIP_SYMLINK_BROKEN] = {"symlink-broken", "symlinked to nothing", true},
    [CK_SKIP_REPOSITORY] = {"repository-unusable", "in an unusable repository", true},
    [CK_SKIP_NAMED_TWICE] = {"named-twice", "reached again through another path named", false},
};

const ck_skip_info *ck_skip_get(ck_skip s) { return &skip_table[s]; }

/* 0: not a record's name; 1: a record extension; 2: one in other letter case. */
static int record_name(const char *name)
{
    static const char *const exts[] = {".yaml", ".yml", ".json"};
    size_t n = strlen(name);
    for (size_t i = 0; i < 3; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcasecmp(name + n - e, exts[i]) == 0)
            return strcmp(name + n - e, exts[i]) == 0 ? 1 : 2;
    }
    return 0;
}

/* One folder being walked. */
typedef struct folder {
    const char *path;         /* as shown: the user's path joined with names */
    const char *real;         /* canonical */
    const char *rel;          /* relative to its repository's root ("" at the root); NULL outside it */
    ck_repo *repo;
    unsigned depth;
    dev_t dev;
    ino_t ino;
    const struct folder *up;  /* the folder it was found in, for loops; NULL at a path given */
} folder;

__attribute__((format(printf, 5, 6))) static void report(ck_walk *w, ck_skip why, const char *path, const char *hint,
                                                         const char *fmt, ...)
{
    w->skipped[why]++;
    va_list ap;
    va_start(ap, fmt);
    ck_diag *d = ck_diag_addv(w->diags, CK_DIAG_ERROR, (ck_span){0}, path, fmt, ap);
    va_end(ap);
    if (hint)
        ck_diag_hint(w->diags, d, "%s", hint);
}

/* A pattern with '/' is matched against the path from the root ('*' stays within one folder); one
 * without, against the name at any depth (config.c took off trailing '/'). An excluded folder is
 * not entered, so everything in it is excluded too. */
static bool excluded(const folder *f, const char *name)
{
    char rel[PATH_MAX] = "";
    for (size_t i = 0; f->rel && i < f->repo->config.nexclude; i++) {
        const char *pat = f->repo->config.exclude[i];
        if (!strchr(pat, '/')) {
            if (fnmatch(pat, name, 0) == 0)
                return true;
            continue;
        }
        if (!rel[0])
            ck_format(rel, sizeof rel, "%s%s%s", f->rel, *f->rel ? "/" : "", name);
        if (fnmatch(pat, rel, FNM_PATHNAME) == 0)
            return true;
    }
    return false;
}

/* A folder's entry as readdir gave it: its type, when the file system says, spares an lstat for
 * each record file, the one system call per record the walk would otherwise add to the reader's. */
typedef struct {
    char *name;
    unsigned char type; /* DT_REG, DT_DIR, ...; DT_UNKNOWN when the file system does not say */
} listed;

/* The sorted entries of a folder, and whether it holds a config file and .git. */
typedef struct {
    listed *names;
    size_t n;
    bool has_config, has_git;
} listing;

static int cmp_names(const void *a, const void *b) { return strcmp(((const listed *)a)->name, ((const listed *)b)->name); }

static void listing_free(listing *ls)
{
    for (size_t i = 0; i < ls->n; i++)
        free(ls->names[i].name);
    free(ls->names);
}

/* 0, 1 when the folder cannot be read (reported), -1 out of memory. */
static int read_listing(ck_walk *w, const folder *f, listing *ls)
{
    *ls = (listing){0};
    DIR *d = opendir(f->path);
    if (!d) {
        report(w, CK_SKIP_UNREADABLE, f->path, NULL, "cannot read folder: %s", strerror(errno));
        return 1;
    }
    size_t cap = 0;
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        ls->has_config |= strcmp(de->d_name, CK_CONFIG_NAME) == 0;
        ls->has_git |= strcmp(de->d_name, ".git") == 0;
        if (ls->n == cap) {
            cap = cap ? 2 * cap : 32;
            listed *nn = realloc(ls->names, cap * sizeof *nn);
            if (!nn) {
                rc = -1;
                break;
            }
            ls->names = nn;
        }
        if (!(ls->names[ls->n].name = strdup(de->d_name)))
            rc = -1;
        else
            ls->names[ls->n++].type = de->d_type;
    }
    closedir(d);
    if (rc == 0 && ls->n > 0) /* an empty folder leaves names NULL, which qsort must not see */
        qsort(ls->names, ls->n, sizeof *ls->names, cmp_names);
    if (rc != 0)
        listing_free(ls);
    return rc;
}

static int walk_folder(ck_walk *w, folder *f, bool descend);

/* A folder found in f: walked unless too deep, or a loop back to one being walked. */
static int subfolder(ck_walk *w, const folder *f, folder *sub, const struct stat *st, bool descend)
{
    sub->dev = st->st_dev;
    sub->ino = st->st_ino;
    sub->up = f;
    sub->depth = f->depth + 1;
    for (const folder *a = f; a; a = a->up)
        if (a->dev == st->st_dev && a->ino == st->st_ino) {
            w->skipped[CK_SKIP_LOOP]++;
            return 0;
        }
    if (sub->depth > CK_WALK_MAX_DEPTH) {
        report(w, CK_SKIP_TOO_DEEP, sub->path, NULL, "folders nested too deeply (more than %d levels): not walked",
               CK_WALK_MAX_DEPTH);
        return 0;
    }
    return walk_folder(w, sub, descend);
}

/* A file that is (or a symlink leads to) st: a record, a record name in other case, a special
 * file with a record's name, or nothing to check. */
static int file_entry(ck_walk *w, ck_repo *repo, const char *path, const char *name, mode_t mode)
{
    int kind = record_name(name);
    if (kind == 0) {
        w->skipped[CK_SKIP_NOT_RECORD]++;
        return 0;
    }
    if (!S_ISREG(mode)) {
        const char *what = S_ISFIFO(mode) ? "a FIFO" : S_ISSOCK(mode) ? "a socket" : "a device";
        report(w, CK_SKIP_NOT_REGULAR, path, NULL, "not a regular file (%s): not checked", what);
        return 0;
    }
    if (kind == 2) {
        report(w, CK_SKIP_EXTENSION_CASE, path, "rename it to end in .yaml, .yml or .json, or exclude it in " CK_CONFIG_NAME,
               "a record extension in other letter case: not checked");
        return 0;
    }
    w->records++;
    return w->fn(w->ctx, path, repo);
}

/* A symlink: followed when it leads to a folder or a record inside its repository's root. */
static int link_entry(ck_walk *w, const folder *f, folder *sub, const char *name)
{
    struct stat st;
    if (stat(sub->path, &st) != 0) {
        report(w, CK_SKIP_SYMLINK_BROKEN, sub->path, NULL, "symbolic link leads nowhere (%s): not followed",
               strerror(errno));
        return 0;
    }
    if (!S_ISDIR(st.st_mode) && record_name(name) == 0) {
        w->skipped[CK_SKIP_NOT_RECORD]++; /* wherever it leads, it is no record */
        return 0;
    }
    char real[PATH_MAX];
    if (!realpath(sub->path, real)) {
        report(w, CK_SKIP_UNREADABLE, sub->path, NULL, "cannot resolve symbolic link: %s", strerror(errno));
        return 0;
    }
    if (!ck_repo_relative(f->repo, real)) {
        report(w, CK_SKIP_SYMLINK_OUTSIDE, sub->path,
               "a repository's records and folders stay inside its root; move the target in, or exclude the link",
               "symbolic link leads outside the repository root (%s): not followed", f->repo->path);
        return 0;
    }
    if (!S_ISDIR(st.st_mode))
        return file_entry(w, f->repo, sub->path, name, st.st_mode);
    /* a folder's repository is that of where it really is, as when its path is given alone */
    if (!(sub->real = strdup(real)))
        return -1;
    if (!(sub->repo = ck_repos_for_real(w->repos, sub->real, sub->path, w->diags))) {
        free((char *)sub->real);
        return -1;
    }
    if (sub->repo != f->repo)
        sub->rel = ck_repo_relative(sub->repo, sub->real);
    int rc = subfolder(w, f, sub, &st, false);
    free((char *)sub->real);
    return rc;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) /* "./x.yaml" would only add noise to every location */
        snprintf(p, n, "%s%s%s", strcmp(dir, ".") == 0 ? "" : dir,
                 strcmp(dir, ".") == 0 || dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return p;
}

/* The path of f's entry name from the repository's root, for the folder it may be; NULL outside. */
static int rel_of(const folder *f, const char *name, const char **rel)
{
    *rel = f->rel ? join(*f->rel ? f->rel : ".", name) : NULL; /* join reads "." as no folder */
    return f->rel && !*rel ? -1 : 0;
}

/* One entry of folder f, by the rules in docs/records.md#what-check-reads. */
static int entry(ck_walk *w, const folder *f, const listed *e)
{
    const char *name = e->name;
    if (name[0] == '.') {
        w->skipped[CK_SKIP_HIDDEN]++;
        return 0;
    }
    folder sub = {.repo = f->repo};
    char *path = join(f->path, name);
    if (!path)
        return -1;
    int rc = 0;
    struct stat st;
    if (excluded(f, name)) {
        w->skipped[CK_SKIP_EXCLUDED]++;
    } else if (strlen(path) >= PATH_MAX) {
        report(w, CK_SKIP_TOO_LONG, path, NULL, "path too long (%zu bytes; the limit is %d): not checked", strlen(path),
               PATH_MAX - 1);
    } else if (e->type == DT_REG) {
        rc = file_entry(w, f->repo, path, name, S_IFREG); /* readdir said what lstat would */
    } else if (lstat(path, &st) != 0) {
        report(w, CK_SKIP_UNREADABLE, path, NULL, "cannot examine: %s", strerror(errno));
    } else if (S_ISLNK(st.st_mode)) {
        const char *rel = NULL;
        sub.path = path;
        if ((rc = rel_of(f, name, &rel)) == 0)
            rc = (sub.rel = rel, link_entry(w, f, &sub, name)); /* which may point sub.rel elsewhere */
        free((char *)rel);
    } else if (S_ISDIR(st.st_mode)) {
        sub.path = path;
        char *real = join(f->real, name);
        if (!real || (rc = rel_of(f, name, &sub.rel)) != 0)
            rc = -1;
        else
            rc = (sub.real = real, subfolder(w, f, &sub, &st, true));
        free(real);
        free((char *)sub.rel);
    } else {
        rc = file_entry(w, f->repo, path, name, st.st_mode);
    }
    free(path);
    return rc;
}

/* Walks folder f; with descend, its repository is found one step down from the folder it is in. */
static int walk_folder(ck_walk *w, folder *f, bool descend)
{
    listing ls;
    int rc = read_listing(w, f, &ls);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (descend) {
        ck_repo *repo = ck_repos_descend(w->repos, f->up->repo, f->real, ls.has_config, ls.has_git, w->diags);
        if (!repo)
            rc = -1;
        else if (repo != f->repo)
            f->rel = ""; /* the folder is a repository's root */
        f->repo = repo;
    }
    if (rc == 0 && !f->repo->usable)
        w->skipped[CK_SKIP_REPOSITORY]++; /* its config file's diagnostics say why, once */
    for (size_t i = 0; rc == 0 && f->repo->usable && i < ls.n; i++)
        rc = entry(w, f, &ls.names[i]);
    listing_free(&ls);
    return rc;
}

int ck_walk_path(ck_walk *w, const char *path)
{
    struct stat st;
    const char *real = NULL;
    size_t errors = w->diags->errors;
    ck_repo *repo = ck_repos_for_path(w->repos, path, &st, &real, w->diags);
    if (!repo) {
        if (w->diags->errors == errors)
            return -1; /* no diagnostic: out of memory */
        w->skipped[CK_SKIP_UNREADABLE]++;
        return 0;
    }
    if (!repo->usable) {
        w->skipped[CK_SKIP_REPOSITORY]++;
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) { /* a file named directly is checked whatever its name */
        w->records++;
        return w->fn(w->ctx, path, repo);
    }
    folder f = {.path = path, .real = real, .rel = ck_repo_relative(repo, real), .repo = repo, .dev = st.st_dev,
                .ino = st.st_ino};
    return walk_folder(w, &f, false);
}
