/* Repository roots: which contract repository a record belongs to, found once per folder. */
#ifndef CK_REPO_H
#define CK_REPO_H

#include <stdbool.h>
#include <sys/stat.h>

#include "config.h"
#include "diag.h"
#include "evidence_cache.h"
#include "evidence_file.h"

/*
 * The root rule (docs/records.md#the-repository-root): for a record, the nearest folder at or
 * above the record's folder that holds .clausecheck.yaml; without one, the nearest that holds
 * .git (a folder or a file, as in worktrees and submodules); without either, the current
 * directory, said once in a note. --root DIR overrides the rule for the whole run. Folders are
 * taken physically (symlinks resolved), so the answer is the same from any working directory
 * and whichever path names the record.
 *
 * Each folder is asked once: answers are kept by canonical path, and the walk hands down what
 * it saw in each listing instead of asking again. A root's config file is read once, when the
 * root is first met; a root whose config file is invalid, or whose whole-run settings disagree
 * with the run's, is unusable and its records are not checked (the diagnostics say why).
 */
typedef enum {
    CK_ROOT_CONFIG,   /* holds .clausecheck.yaml */
    CK_ROOT_GIT,      /* holds .git, and no config file is above it */
    CK_ROOT_CWD,      /* nothing above the record: the current directory */
    CK_ROOT_GIVEN,    /* --root */
} ck_root_kind;

typedef struct ck_repo {
    ck_root_kind kind;
    const char *real;        /* canonical absolute path */
    const char *path;        /* for messages: relative to the current directory (with ".." when
                                above it), absolute when they share only "/" */
    ck_config config;        /* its config file's settings, or the defaults */
    bool usable;
    ck_evfile_root evidence; /* opened on first use (ck_repo_evidence) */
    ck_evidence_cache *evidence_cache; /* what the run learnt of its evidence files; NULL: none kept */
    struct ck_doc_cache *documents;    /* its contract documents, each read once per run */
    bool evidence_opened;
} ck_repo;

typedef struct ck_repos ck_repos;

/*
 * A run's roots. given_root is --root (NULL: the rule above); cli_sets[s] is true for each
 * whole-run setting the command line gives, which then need not agree across repositories.
 * NULL when out of memory or when given_root cannot be resolved (a diagnostic says why).
 */
ck_repos *ck_repos_new(const char *given_root, const bool cli_sets[CK_SET_COUNT], ck_diags *diags);
void ck_repos_free(ck_repos *r);

/*
 * The repository of a path named by the user (*st: what stat says of it): a folder's own (*real
 * its canonical path), a file's that of its folder (so a symlinked record belongs where its link is, as in a
 * walk). NULL when the path cannot be read or the root found (a diagnostic says why), or out of
 * memory; an unusable repository is returned as such (its diagnostics were added once, when it
 * was first met).
 */
ck_repo *ck_repos_for_path(ck_repos *r, const char *path, struct stat *st, const char **real, ck_diags *diags);
/* The repository of a folder named by the user; *real (if real) its canonical path. */
ck_repo *ck_repos_for_dir(ck_repos *r, const char *dir, const char **real, ck_diags *diags);
/* The repository of a folder by its canonical path (a symlinked folder the walk follows);
 * named is the path as the user sees it, for the note when nothing is above. */
ck_repo *ck_repos_for_real(ck_repos *r, const char *real, const char *named, ck_diags *diags);
/* The repository of a subfolder the walk entered: the root rule applied one step down from its
 * parent folder's repository, with what the folder's listing showed. real is the folder's
 * canonical path. */
ck_repo *ck_repos_descend(ck_repos *r, ck_repo *parent, const char *real, bool has_config, bool has_git,
                          ck_diags *diags);

/* The repositories of the paths the user named, in order, so that the first gives the run its
 * settings: 0 when every one is usable; 1 when one is not (an invalid config file, or settings
 * that disagree: diags say why); -1 out of memory. A path that cannot be read is left to
 * whoever reads it. */
int ck_repos_resolve(ck_repos *r, char *const *paths, size_t n, ck_diags *diags);
/* The first repository met: its whole-run settings are the run's, where the command line gives
 * none. NULL before any. */
const ck_repo *ck_repos_first(const ck_repos *r);

/* The repository's evidence root, opened on first use; NULL (with a diagnostic) when it cannot be. */
const ck_evfile_root *ck_repo_evidence(ck_repo *repo, ck_diags *diags);

/* The canonical path real relative to the repository's root ("" for the root itself), or NULL
 * when real is not inside it. */
const char *ck_repo_relative(const ck_repo *repo, const char *real);

#endif
