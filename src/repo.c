/* Repository roots: which contract repository a record belongs to, found once per folder. */
#include "repo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "document_cache.h"
#include "textutil.h"

/* Strings to pointers: canonical folder paths to their repository, and the folder paths the
 * user named to their canonical paths. */
typedef struct {
    const char **keys;
    void **values;
    size_t cap, len;     /* cap is a power of two; kept at most half full */
} folder_map;

struct ck_repos {
    ck_arena *arena;       /* repositories, their configs and the sources their diagnostics quote */
    folder_map folders;    /* canonical folder -> its marks (below) */
    folder_map named;      /* folder as the user named it -> its canonical path */
    folder_map stats;      /* path as the user named it -> what stat said (named_stat) */
    ck_vec repos;          /* ck_repo *, in the order met */
    const char *cwd;       /* canonical */
    ck_repo *given;        /* --root */
    ck_repo *fallback;     /* the current directory, once needed */
    bool cli_sets[CK_SET_COUNT];
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static void **map_slot(folder_map *m, const char *key)
{
    for (size_t i = (size_t)hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1))
        if (!m->keys[i] || strcmp(m->keys[i], key) == 0)
            return &m->values[i];
}

static void *map_get(folder_map *m, const char *key) { return m->cap ? *map_slot(m, key) : NULL; }

static int map_put(ck_arena *arena, folder_map *m, const char *key, void *value)
{
    if (2 * (m->len + 1) > m->cap) {
        folder_map g = {.cap = m->cap ? 2 * m->cap : 64};
        g.keys = ck_arena_alloc(arena, g.cap * sizeof *g.keys);
        g.values = ck_arena_alloc(arena, g.cap * sizeof *g.values);
        if (!g.keys || !g.values)
            return -1;
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                void **s = map_slot(&g, m->keys[i]);
                g.keys[s - g.values] = m->keys[i];
                *s = m->values[i];
            }
        g.len = m->len;
        *m = g; /* the old table stays in the arena, unused */
    }
    void **s = map_slot(m, key);
    if (!m->keys[s - m->values]) {
        m->keys[s - m->values] = ck_arena_strdup(arena, key);
        if (!m->keys[s - m->values])
            return -1;
        m->len++;
    }
    *s = value;
    return 0;
}

/* real as messages show it: relative to the current directory when they share more than "/". */
static const char *display_path(ck_repos *r, const char *real)
{
    size_t common = 0; /* length of the longest common folder prefix */
    for (size_t i = 0;; i++) {
        char a = r->cwd[i], b = real[i];
        if ((a == '/' || a == '\0') && (b == '/' || b == '\0'))
            common = i;
        if (a != b || a == '\0')
            break;
    }
    if (r->cwd[common] == '\0' && real[common] == '\0')
        return ".";
    if (common == 0 && strcmp(r->cwd, "/") != 0)
        return ck_arena_strdup(r->arena, real); /* a copy: real may be the caller's buffer (ck_repos_new's) */
    size_t ups = 0;
    for (const char *p = r->cwd + common; *p; p++)
        ups += *p == '/';
    if (strcmp(r->cwd, "/") == 0)
        ups = 0;
    const char *rest = real[common] == '/' ? real + common + 1 : real + common;
    size_t n = 3 * ups + strlen(rest) + 1;
    char *s = ck_arena_alloc(r->arena, n);
    if (!s)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < ups; i++)
        at += (size_t)snprintf(s + at, n - at, i ? "/.." : "..");
    snprintf(s + at, n - at, "%s%s", at && *rest ? "/" : "", rest);
    return s;
}

#define DISAGREE "%s is %s here but %s in %s: settings that shape the whole run must agree across its repositories"

/* The run's whole-run settings come from the first repository met; each later one must give
 * the same, unless the command line gives the setting. */
static void check_agreement(ck_repos *r, ck_repo *repo, ck_diags *diags)
{
    const ck_repo *first = r->repos.len ? r->repos.items[0] : NULL;
    bool agrees = true;
    /* an invalid config file has said what is wrong with it; comparing it would only add noise */
    for (int s = 0; first && first != repo && repo->usable && s < CK_SET_COUNT; s++) {
        if (r->cli_sets[s] || ck_config_agree(&first->config, &repo->config, (ck_setting)s))
            continue;
        char mine[256], theirs[256], where[300];
        ck_config_value(&repo->config, (ck_setting)s, mine, sizeof mine);
        ck_config_value(&first->config, (ck_setting)s, theirs, sizeof theirs);
        const char *key = ck_setting_key((ck_setting)s);
        if (first->config.path)
            ck_format(where, sizeof where, "%s", first->config.path);
        else
            ck_format(where, sizeof where, "the repository at %s, which has no %s", first->path, CK_CONFIG_NAME);
        ck_diag *d = repo->config.at[s].src
                         ? ck_diag_add(diags, CK_DIAG_ERROR, repo->config.at[s], DISAGREE, key, mine, theirs, where)
                         : ck_diag_add_path(diags, CK_DIAG_ERROR, repo->config.path ? repo->config.path : repo->path,
                                            DISAGREE, key, mine, theirs, where);
        ck_diag_hint(diags, d, "check the repositories in separate runs, or give --%s on the command line",
                     s == CK_SET_POLICIES ? "policy (-p)" : key);
        agrees = false;
    }
    repo->usable = repo->usable && agrees;
}

/* The repository rooted at the canonical folder real (made once, its config file read once). */
static ck_repo *repo_at(ck_repos *r, const char *real, ck_root_kind kind, ck_diags *diags)
{
    for (size_t i = 0; i < r->repos.len; i++) {
        ck_repo *repo = r->repos.items[i];
        if (strcmp(repo->real, real) == 0)
            return repo;
    }
    ck_repo *repo = ck_arena_alloc(r->arena, sizeof *repo);
    if (!repo)
        return NULL;
    *repo = (ck_repo){.kind = kind, .real = ck_arena_strdup(r->arena, real), .path = display_path(r, real),
                      .usable = true, .evidence = {.root_fd = -1}};
    ck_config_default(&repo->config);
    if (!repo->real || !repo->path)
        return NULL;
    struct stat st;
    char *cfg = ck_arena_printf(r->arena, "%s/%s", repo->real, CK_CONFIG_NAME);
    if (!cfg)
        return NULL;
    /* a .git root holds no config file, or the rule would have made it a config root */
    if (kind == CK_ROOT_CONFIG || (kind != CK_ROOT_GIT && fstatat(AT_FDCWD, cfg, &st, AT_SYMLINK_NOFOLLOW) == 0)) {
        const char *shown = strcmp(repo->path, ".") == 0 ? CK_CONFIG_NAME
                                                          : ck_arena_printf(r->arena, "%s/%s", repo->path, CK_CONFIG_NAME);
        int rc = shown ? ck_config_load(r->arena, shown, repo->path, &repo->config, diags) : -1;
        if (rc < 0)
            return NULL;
        repo->usable = rc == 0;
    }
    check_agreement(r, repo, diags);
    return ck_vec_push(r->arena, &r->repos, repo) == 0 ? repo : NULL;
}

static bool has_entry(const char *real, const char *name)
{
    char path[PATH_MAX];
    struct stat st;
    return (size_t)snprintf(path, sizeof path, "%s/%s", strcmp(real, "/") == 0 ? "" : real, name) < sizeof path &&
           fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* For a canonical folder: the nearest folders at or above it that hold a config file and .git
 * (NULL: none). Asked once per folder, each answer built on its parent's. */
typedef struct {
    const char *config, *git;
} marks;

static const marks *marks_of(ck_repos *r, const char *real)
{
    const marks *known = map_get(&r->folders, real);
    if (known)
        return known;
    marks up = {0};
    if (strcmp(real, "/") != 0) {
        char parent[PATH_MAX];
        snprintf(parent, sizeof parent, "%s", real);
        char *slash = strrchr(parent, '/');
        slash[slash == parent ? 1 : 0] = '\0';
        const marks *p = marks_of(r, parent);
        if (!p)
            return NULL;
        up = *p;
    }
    marks *m = ck_arena_alloc(r->arena, sizeof *m);
    const char *self = ck_arena_strdup(r->arena, real);
    if (!m || !self)
        return NULL;
    m->config = has_entry(real, CK_CONFIG_NAME) ? self : up.config;
    m->git = has_entry(real, ".git") ? self : up.git;
    return map_put(r->arena, &r->folders, self, m) == 0 ? m : NULL;
}

/* Nothing above the folder: the current directory, said once. */
static ck_repo *fallback(ck_repos *r, const char *named, ck_diags *diags)
{
    if (r->fallback)
        return r->fallback;
    r->fallback = repo_at(r, r->cwd, CK_ROOT_CWD, diags);
    if (r->fallback)
        ck_diag_add_path(diags, CK_DIAG_NOTE, named,
                         "no %s or .git in this folder or above it: evidence paths resolve against the current directory",
                         CK_CONFIG_NAME);
    return r->fallback;
}

ck_repo *ck_repos_descend(ck_repos *r, ck_repo *parent, const char *real, bool has_config, bool has_git,
                          ck_diags *diags)
{
    /* the rule of marks_of, one step down from the parent folder's answer */
    if (r->given)
        return r->given;
    if (has_config)
        return repo_at(r, real, CK_ROOT_CONFIG, diags);
    if (has_git && parent->kind != CK_ROOT_CONFIG)
        return repo_at(r, real, CK_ROOT_GIT, diags);
    return parent;
}

ck_repo *ck_repos_for_real(ck_repos *r, const char *real, const char *named, ck_diags *diags)
{
    if (r->given)
        return r->given;
    const marks *m = marks_of(r, real);
    if (!m)
        return NULL;
    if (m->config)
        return repo_at(r, m->config, CK_ROOT_CONFIG, diags);
    if (m->git)
        return repo_at(r, m->git, CK_ROOT_GIT, diags);
    return fallback(r, named, diags);
}

ck_repo *ck_repos_for_dir(ck_repos *r, const char *dir, const char **real, ck_diags *diags)
{
    const char *canon = map_get(&r->named, dir);
    if (!canon) {
        char buf[PATH_MAX];
        if (!realpath(dir, buf)) {
            ck_diag_add_path(diags, CK_DIAG_ERROR, dir, "cannot read: %s", strerror(errno));
            return NULL;
        }
        if (!(canon = ck_arena_strdup(r->arena, buf)) || map_put(r->arena, &r->named, dir, (void *)canon) != 0)
            return NULL;
    }
    if (real)
        *real = canon;
    return ck_repos_for_real(r, canon, dir, diags);
}

/* The repository of a path whose stat is st. */
static ck_repo *for_stat(ck_repos *r, const char *path, const struct stat *st, const char **real, ck_diags *diags)
{
    if (S_ISDIR(st->st_mode))
        return ck_repos_for_dir(r, path, real, diags);
    /* a file belongs to the repository of the folder it is in, where its name is (a symlinked
     * record belongs where its link is, as in a walk) */
    *real = NULL;
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ck_repos_for_dir(r, ".", NULL, diags);
    char dir[PATH_MAX];
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    memcpy(dir, path, n); /* n < PATH_MAX: stat accepted the path */
    dir[n] = '\0';
    return ck_repos_for_dir(r, dir, NULL, diags);
}

/* What stat said of a path the user named: asked once, for the command line's check of the
 * settings and again for the walk. */
typedef struct {
    int err;
    struct stat st;
} named_stat;

static const named_stat *stat_named(ck_repos *r, const char *path)
{
    named_stat *ns = map_get(&r->stats, path);
    if (ns)
        return ns;
    if (!(ns = ck_arena_alloc(r->arena, sizeof *ns)))
        return NULL;
    ns->err = stat(path, &ns->st) == 0 ? 0 : errno;
    return map_put(r->arena, &r->stats, path, ns) == 0 ? ns : NULL;
}

ck_repo *ck_repos_for_path(ck_repos *r, const char *path, struct stat *st, const char **real, ck_diags *diags)
{
    const named_stat *ns = stat_named(r, path);
    if (!ns)
        return NULL;
    if (ns->err) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, path, "cannot read: %s", strerror(ns->err));
        return NULL;
    }
    *st = ns->st;
    return for_stat(r, path, st, real, diags);
}

ck_repos *ck_repos_new(const char *given_root, const bool cli_sets[CK_SET_COUNT], ck_diags *diags)
{
    ck_arena *arena = ck_arena_new();
    ck_repos *r = arena ? ck_arena_alloc(arena, sizeof *r) : NULL;
    char cwd[PATH_MAX];
    if (!r || !getcwd(cwd, sizeof cwd) || !(r->cwd = ck_arena_strdup(arena, cwd))) {
        if (r && !r->cwd)
            ck_diag_add_path(diags, CK_DIAG_ERROR, ".", "cannot read the current directory: %s", strerror(errno));
        ck_arena_free(arena);
        return NULL;
    }
    r->arena = arena;
    for (int s = 0; s < CK_SET_COUNT; s++)
        r->cli_sets[s] = cli_sets && cli_sets[s];
    char real[PATH_MAX];
    if (given_root && !realpath(given_root, real)) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, given_root, "cannot open the repository root: %s", strerror(errno));
        ck_arena_free(arena);
        return NULL;
    }
    if (given_root && !(r->given = repo_at(r, real, CK_ROOT_GIVEN, diags))) {
        ck_arena_free(arena);
        return NULL;
    }
    return r;
}

void ck_repos_free(ck_repos *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->repos.len; i++) {
        ck_repo *repo = r->repos.items[i];
        ck_evidence_cache_free(repo->evidence_cache);
        ck_doc_cache_free(repo->documents);
        ck_evfile_root_close(&repo->evidence);
    }
    ck_arena_free(r->arena);
}

int ck_repos_resolve(ck_repos *r, char *const *paths, size_t n, ck_diags *diags)
{
    for (size_t i = 0; i < n; i++) {
        const named_stat *ns = stat_named(r, paths[i]);
        const char *real;
        if (!ns)
            return -1;
        if (ns->err)
            continue; /* whoever reads the path says it cannot be read, in place */
        size_t errors = diags->errors;
        ck_repo *repo = for_stat(r, paths[i], &ns->st, &real, diags);
        if (!repo && diags->errors == errors)
            return -1;
        if (!repo || !repo->usable)
            return 1;
    }
    return 0;
}

const ck_repo *ck_repos_first(const ck_repos *r) { return r->repos.len ? r->repos.items[0] : NULL; }

const ck_evfile_root *ck_repo_evidence(ck_repo *repo, ck_diags *diags)
{
    if (!repo->evidence_opened) {
        repo->evidence_opened = true;
        if (ck_evfile_root_open_as(&repo->evidence, repo->real, repo->path) != 0)
            ck_diag_add_path(diags, CK_DIAG_ERROR, repo->path, "cannot open the repository root: %s", strerror(errno));
        else {
            repo->evidence_cache = ck_evidence_cache_new(); /* out of memory: checks go uncached */
            repo->documents = ck_doc_cache_new(NULL, 0, 0);
        }
    }
    return repo->evidence.root_fd >= 0 ? &repo->evidence : NULL;
}

const char *ck_repo_relative(const ck_repo *repo, const char *real)
{
    if (strcmp(repo->real, "/") == 0)
        return real[0] == '/' ? real + 1 : NULL;
    size_t n = strlen(repo->real);
    if (strncmp(real, repo->real, n) != 0 || (real[n] != '\0' && real[n] != '/'))
        return NULL;
    return real[n] ? real + n + 1 : real + n;
}
