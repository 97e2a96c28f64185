/* Loading a policy: reading files, following imports, diagnosing cycles, then checking. */
#include "policy.h"
#include "policy_path.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sema.h"
#include "tier_use.h"
#include "parse.h"

void ck_policy_limits_default(ck_policy_limits *limits)
{
    limits->max_file_bytes = 4u << 20;
    limits->max_files = 64;
}

/* Names the kind of the diagnostics added since `from` that have none yet (lint -f json). */
static void code_since(ck_diags *diags, size_t from, const char *code)
{
    for (size_t i = from; i < diags->list.len; i++) {
        ck_diag *d = diags->list.items[i];
        if (!d->code)
            d->code = code;
    }
}

/* Reads a whole regular file into the arena; diagnostics name the path on failure. */
static const ck_source *read_source(ck_arena *arena, const char *path, const ck_policy_limits *limits,
                                    ck_diags *diags, ck_span from)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    ck_diag *d = NULL;
    if (fd < 0) {
        if (from.src) {
            int err = errno;
            d = ck_diag_add(diags, CK_DIAG_ERROR, from, "cannot read imported policy '%s': %s", path,
                            strerror(err));
            if (err == ENOENT) {
                char dirs[1024];
                ck_policy_search_describe(dirs, sizeof dirs);
                ck_diag_hint(diags, d, "an import is read beside the importing file, then in the folders of "
                             "CLAUSECHECK_PATH and the installed policies%s%s", dirs[0] ? ": " : " (none here)",
                             dirs);
            }
        } else
            d = ck_diag_add_path(diags, CK_DIAG_ERROR, path, "cannot read policy: %s", strerror(errno));
        return NULL;
    }
    bool examined = fstat(fd, &st) == 0;
    if (!examined || !S_ISREG(st.st_mode)) {
        /* st says nothing when fstat itself failed */
        bool dir = examined && S_ISDIR(st.st_mode);
        const char *what = !examined ? "cannot be examined" : dir ? "is a directory" : "is not a regular file";
        if (from.src)
            d = ck_diag_add(diags, CK_DIAG_ERROR, from, "imported policy '%s' %s", path, what);
        else
            d = ck_diag_add_path(diags, CK_DIAG_ERROR, path, "policy %s", what);
        if (dir)
            ck_diag_hint(diags, d, "name the .policy files inside it");
        close(fd);
        return NULL;
    }
    if ((size_t)st.st_size > limits->max_file_bytes) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, path, "policy file is too large (%lld bytes; the limit is %zu)",
                         (long long)st.st_size, limits->max_file_bytes);
        close(fd);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return NULL;
    }
    for (;;) {
        if (len == cap) { /* the file grew while we read it */
            ck_diag_add_path(diags, CK_DIAG_ERROR, path, "policy file changed while it was read");
            free(buf);
            close(fd);
            return NULL;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ck_diag_add_path(diags, CK_DIAG_ERROR, path, "cannot read policy: %s", strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    const ck_source *src = ck_source_from_text(arena, path, buf, len);
    free(buf);
    return src;
}

typedef struct {
    ck_arena *arena;
    ck_diags *diags;
    const ck_policy_limits *limits;
    ck_vec *files;        /* finished, in post-order */
    ck_vec stack;         /* char * canonical paths being loaded (for cycles) */
    ck_vec stack_shown;   /* char * display paths, parallel to stack */
    ck_vec done;          /* char * canonical paths finished */
    ck_vec done_files;    /* ck_file *, parallel to done */
    size_t loaded;
    int errors;
    bool oom;
} loader;

static bool in_vec(const ck_vec *v, const char *s, size_t *at)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0) {
            if (at)
                *at = i;
            return true;
        }
    return false;
}

static char *join_dir(ck_arena *arena, const char *from_path, const char *rel)
{
    if (rel[0] == '/' || !from_path)
        return ck_arena_strdup(arena, rel);
    char *copy = ck_arena_strdup(arena, from_path);
    if (!copy)
        return NULL;
    char *dir = dirname(copy);
    if (strcmp(dir, ".") == 0)
        return ck_arena_strdup(arena, rel);
    return ck_arena_printf(arena, "%s/%s", dir, rel);
}

/* "import cycle: a -> b -> a", at the import that closes it; at is where the loop starts on the stack. */
static void report_cycle(loader *ld, size_t at, ck_span from)
{
    char chain[1024];
    size_t n = 0;
    for (size_t i = at; i < ld->stack_shown.len && n < sizeof chain; i++)
        n += (size_t)snprintf(chain + n, sizeof chain - n, "%s -> ", (char *)ld->stack_shown.items[i]);
    /* close the loop with the name the file was first loaded under, so the chain reads as a
     * cycle even when the import spelled the path differently ("../x.policy") */
    if (n < sizeof chain)
        snprintf(chain + n, sizeof chain - n, "%s", (char *)ld->stack_shown.items[at]);
    size_t ndiags = ld->diags->list.len;
    ck_diag *d = ck_diag_add(ld->diags, CK_DIAG_ERROR, from, "import cycle: %s", chain);
    code_since(ld->diags, ndiags, "import");
    ck_diag_hint(ld->diags, d, "move the shared declarations into a file that both import");
    ld->errors++;
}

static ck_file *load_file(loader *ld, const char *path, const char *text, size_t len, bool beside_path,
                          ck_span from);

/* Loads the files file imports, each resolved beside from_path (NULL: the working directory),
 * then on the search path. */
static void load_imports(loader *ld, ck_file *file, const char *from_path)
{
    for (size_t i = 0; i < file->decls.len; i++) {
        ck_decl *d = file->decls.items[i];
        if (d->kind != CK_DECL_IMPORT || !d->title)
            continue;
        if (d->title[0] == '\0') {
            ck_diag *dg = ck_diag_add(ld->diags, CK_DIAG_ERROR, d->title_span, "empty import path");
            if (dg)
                dg->code = "import";
            ld->errors++;
            continue;
        }
        char *target = join_dir(ld->arena, from_path, d->title);
        /* not beside the importer: the search path (CLAUSECHECK_PATH, the installed policies) */
        if (target && access(target, F_OK) != 0) {
            char *found = ck_policy_search(ld->arena, d->title);
            if (found)
                target = found;
        }
        if (target)
            d->imported = load_file(ld, target, NULL, 0, false, d->title_span);
    }
}

/* Loads path (or text under that name) and its imports; returns the file, NULL when it failed. */
static ck_file *load_file(loader *ld, const char *path, const char *text, size_t len, bool beside_path,
                          ck_span from)
{
    char real[PATH_MAX];
    /* built-in text has no place on disk; an editor's buffer of a file is that file */
    const char *key = text && !beside_path ? path : (realpath(path, real) ? real : path);
    size_t at;
    if (in_vec(&ld->done, key, &at))
        return ld->done_files.items[at]; /* diamond imports load once */
    if (in_vec(&ld->stack, key, &at)) {
        report_cycle(ld, at, from);
        return NULL;
    }
    if (++ld->loaded > ld->limits->max_files) {
        if (ld->loaded == ld->limits->max_files + 1) {
            size_t ndiags = ld->diags->list.len;
            ck_diag_add(ld->diags, CK_DIAG_ERROR, from, "too many policy files (the limit is %zu)",
                        ld->limits->max_files);
            code_since(ld->diags, ndiags, "import");
            ld->errors++;
        }
        return NULL;
    }
    const ck_source *src;
    size_t ndiags = ld->diags->list.len;
    if (text)
        src = ck_source_from_text(ld->arena, path, text, len);
    else
        src = read_source(ld->arena, path, ld->limits, ld->diags, from);
    code_since(ld->diags, ndiags, from.src ? "import" : "unreadable");
    if (!src) {
        ld->errors++;
        return NULL;
    }
    const char *nul = memchr(src->text, '\0', src->len < 8192 ? src->len : 8192);
    if (nul) {
        ck_diag *d = ck_diag_add(ld->diags, CK_DIAG_ERROR, (ck_span){src, (uint32_t)(nul - src->text), (uint32_t)(nul - src->text) + 1},
                                 "policy file contains a NUL byte: it is not text");
        if (d)
            d->code = "unreadable";
        ck_diag_hint(ld->diags, d, "name a .policy text file");
        ld->errors++;
        return NULL;
    }
    ck_file *file = NULL;
    int rc = ck_parse_file(ld->arena, src, ld->diags, &file);
    if (rc < 0) {
        ld->oom = true;
        return NULL;
    }
    if (rc > 0)
        ld->errors++;
    if (rc == 0 && file->decls.len == 0) {
        ck_diag *d = ck_diag_add(ld->diags, CK_DIAG_ERROR, (ck_span){src, 0, 0}, "policy file has no declarations");
        if (d)
            d->code = "invalid";
        ck_diag_hint(ld->diags, d, "a policy starts with: policy \"Name\" version \"1\"");
        ld->errors++;
    }
    char *key_copy = ck_arena_strdup(ld->arena, key);
    ck_vec_push(ld->arena, &ld->stack, key_copy);
    ck_vec_push(ld->arena, &ld->stack_shown, (void *)src->path);
    load_imports(ld, file, text && !beside_path ? NULL : path);
    ld->stack.len--;
    ld->stack_shown.len--;
    ck_vec_push(ld->arena, &ld->done, key_copy);
    ck_vec_push(ld->arena, &ld->done_files, file);
    ck_vec_push(ld->arena, ld->files, file);
    return file;
}

static int load_all(ck_arena *arena, const ck_policy_input *inputs, size_t n, const ck_policy_limits *limits,
                    ck_diags *diags, ck_vec *files)
{
    loader ld = {.arena = arena, .diags = diags, .limits = limits, .files = files};
    for (size_t i = 0; i < n; i++)
        load_file(&ld, inputs[i].path, inputs[i].text, inputs[i].len, inputs[i].imports_beside_path, (ck_span){0});
    if (ld.oom)
        return -1;
    return ld.errors ? 1 : 0;
}

/* The caller's limits, or the defaults, filled into *dflt. */
static const ck_policy_limits *limits_or_default(const ck_policy_limits *limits, ck_policy_limits *dflt)
{
    if (limits)
        return limits;
    ck_policy_limits_default(dflt);
    return dflt;
}

int ck_policy_compile(const ck_policy_input *inputs, size_t ninputs, const ck_policy_limits *limits,
                      ck_diags *diags, ck_policy **out)
{
    *out = NULL;
    ck_policy_limits dflt;
    limits = limits_or_default(limits, &dflt);
    ck_arena *arena = ck_arena_new();
    if (!arena)
        return -1;
    ck_policy *p = ck_arena_alloc(arena, sizeof *p);
    if (!p) {
        ck_arena_free(arena);
        return -1;
    }
    p->arena = arena;
    int rc = load_all(arena, inputs, ninputs, limits, diags, &p->files);
    if (rc == 0) {
        int errors = ck_sema_check_policy(p, diags);
        rc = errors < 0 ? -1 : errors > 0 ? 1 : 0;
    }
    if (rc == 0) {
        /* what each tier's requirements read, on the checked policy: scratch memory only */
        ck_arena *scratch = ck_arena_new();
        int errors = scratch ? ck_tier_use_check(p, scratch, diags) : -1;
        ck_arena_free(scratch);
        rc = errors < 0 ? -1 : errors > 0 ? 1 : 0;
    }
    if (rc != 0) {
        if (ck_diags_adopt(diags, arena) != 0)
            ck_arena_free(arena); /* out of memory: the diagnostics cannot be shown anyway */
        return rc;
    }
    *out = p;
    return 0;
}

int ck_policy_load_files(const ck_policy_input *inputs, size_t ninputs, const ck_policy_limits *limits,
                         ck_arena *arena, ck_diags *diags, ck_vec *files)
{
    ck_policy_limits dflt;
    limits = limits_or_default(limits, &dflt);
    return load_all(arena, inputs, ninputs, limits, diags, files);
}

int ck_policy_parse_input(const ck_policy_input *input, const ck_policy_limits *limits, ck_arena *arena,
                          ck_diags *diags, ck_file **out)
{
    ck_policy_limits dflt;
    limits = limits_or_default(limits, &dflt);
    *out = NULL;
    size_t ndiags = diags->list.len;
    const ck_source *src = input->text ? ck_source_from_text(arena, input->path, input->text, input->len)
                                       : read_source(arena, input->path, limits, diags, (ck_span){0});
    code_since(diags, ndiags, "unreadable");
    if (!src)
        return input->text ? -1 : 1;
    return ck_parse_file(arena, src, diags, out);
}

int ck_policy_parse_only(const char *path, const ck_policy_limits *limits, ck_arena *arena,
                         ck_diags *diags, ck_file **out)
{
    return ck_policy_parse_input(&(ck_policy_input){.path = path}, limits, arena, diags, out);
}

void ck_policy_free(ck_policy *policy)
{
    if (policy)
        ck_arena_free(policy->arena);
}
