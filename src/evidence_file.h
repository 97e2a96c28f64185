/* Evidence files named by contracts: confined lookup beneath the repository root, type checks, SHA-256. */
#ifndef CK_EVFILE_H
#define CK_EVFILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Threat model. clausecheck runs as a CI gate over repositories that anyone
 * with push access can write, so every evidence path and every symlink in the
 * checkout is attacker-controlled. Checking a path must never read outside the
 * repository root, never follow anything out of it, and never block.
 *
 * Why not realpath() + prefix check: the canonical path is computed first and
 * the file opened later by name, so a directory swapped for a symlink in
 * between redirects the open (TOCTOU). realpath also follows absolute links
 * into the host before we get a say, and string prefixes are brittle
 * ("/repo" vs "/repo-evil").
 *
 * Instead the path is resolved one component at a time, every step relative
 * to an fd of the directory reached so far:
 *   - each component is opened with openat(dir, name, O_PATH|O_NOFOLLOW) and
 *     classified with fstat on that fd, so the object classified is the very
 *     object used next; the kernel never follows a link on our behalf;
 *   - "." is skipped; ".." climbs one level, tracked as a depth below the
 *     root. Climbing above the root is OUTSIDE_ROOT, even when later
 *     components would come back in: we refuse the excursion rather than
 *     reason about it. The parent reached is checked against the dev/ino
 *     recorded on the way down, so a directory moved out of the tree while we
 *     stand in it is reported (CHANGED) instead of followed;
 *   - a symlink is read with readlinkat on its own fd and its target spliced
 *     in front of the rest of the path. Absolute targets are OUTSIDE_ROOT
 *     (even ones naming the root itself: checkouts move between machines, so
 *     such links are non-portable anyway). Relative targets resolve from the
 *     link's directory under the same rules, so they stay confined. Trailing
 *     slashes in a target are ignored;
 *   - at most CK_EVFILE_MAX_SYMLINKS expansions are made per lookup; a loop or
 *     an over-long chain is BAD_PATH ("too many levels of symbolic links"),
 *     because it names nothing rather than something outside;
 *   - the final file is opened O_RDONLY|O_NONBLOCK|O_NOCTTY|O_NOFOLLOW only
 *     after fstat said it is a regular file, and the opened fd's dev/ino must
 *     match, so a swap in the gap is CHANGED. FIFOs, sockets and devices are
 *     never opened at all; O_NONBLOCK covers a FIFO slipped in by a race;
 *   - size and mtime from fstat before and after hashing, and the number of
 *     bytes actually read, must agree, else CHANGED: a hash of a file that
 *     moved under us proves nothing.
 * openat2(RESOLVE_BENEATH) would do most of this in the kernel but needs Linux
 * 5.6 and is often filtered by container seccomp profiles; this walk works
 * anywhere O_PATH does (Linux 2.6.39+). Hard links cannot be told from regular
 * files and are out of scope: git never creates them in a checkout.
 *
 * Path syntax: relative, '/'-separated, at most CK_EVFILE_PATH_MAX bytes (also
 * after symlink expansion), components at most 255 bytes, no NUL byte, no
 * trailing '/'. Repeated slashes collapse. ".." is physical: "a/../b" needs
 * "a" to exist and be a directory, as the kernel would.
 *
 * No function here prints or exits; nothing is cached, so concurrent checks
 * on one root are safe.
 */

#define CK_EVFILE_PATH_MAX 4096   /* bytes in a relative path, not counting the NUL */
#define CK_EVFILE_MAX_SYMLINKS 40 /* same budget as the Linux kernel's own lookup */

typedef enum {
    CK_EVFILE_OK,
    CK_EVFILE_MISSING,          /* no such file (or a component missing or not a directory) */
    CK_EVFILE_OUTSIDE_ROOT,     /* absolute path, '..' escaping, or a symlink (direct or via a symlinked folder) resolving outside the root */
    CK_EVFILE_NOT_REGULAR,      /* directory, FIFO, socket, device, ... */
    CK_EVFILE_UNREADABLE,       /* permission denied or I/O error */
    CK_EVFILE_HASH_MISMATCH,    /* expected sha256 given and differs (or is not 64 hex digits) */
    CK_EVFILE_CHANGED,          /* size or mtime changed while hashing, or the tree changed during lookup */
    CK_EVFILE_BAD_PATH,         /* empty, NUL byte, too long (> 4096), malformed, symlink loop */
    CK_EVFILE_TOO_LARGE,        /* only from ck_evfile_read_n: the file is larger than the reader's limit */
} ck_evfile_status;

/* The repository root. root_path is the path as given, kept for messages. */
typedef struct {
    int root_fd;
    char *root_path;
    dev_t dev;             /* the root's identity, taken when it is opened */
    ino_t ino;
} ck_evfile_root;

/* 0 on success; -1 with errno set (root left with root_fd -1, root_path NULL).
 * The root path itself comes from the operator, not the repository, so
 * symlinks in it are followed. */
int ck_evfile_root_open(ck_evfile_root *root, const char *path);
/* The same, with shown (NULL: path) kept as root_path for messages: a repository is opened by its
 * canonical path and shown as the user sees it. */
int ck_evfile_root_open_as(ck_evfile_root *root, const char *path, const char *shown);
/* Safe on a root that failed to open or was already closed. */
void ck_evfile_root_close(ck_evfile_root *root);

typedef struct {
    ck_evfile_status status;
    char sha256_hex[65];   /* lower-case hex of the file when it could be hashed, else "" */
    long long size;        /* bytes in the file when it was reached as a regular file, else -1 */
    char detail[256];      /* short human explanation, "" when OK; paths in it are root-relative,
                              with control bytes replaced by '?' so it is safe to print */
} ck_evfile_result;

/* Resolves relpath beneath root and checks it; with expected_sha256 (64 hex chars, any case) it
 * also hashes the file and compares. Without one the file is not opened or read: it must exist
 * inside the root and be a regular file, and sha256_hex stays "". Never blocks on FIFOs.
 * Returns the status also stored in out->status. On HASH_MISMATCH sha256_hex holds the actual
 * hash. */
ck_evfile_status ck_evfile_check(const ck_evfile_root *root, const char *relpath,
                                 const char *expected_sha256, ck_evfile_result *out);

/* As ck_evfile_check for a length-counted path (e.g. a YAML scalar), so that an
 * embedded NUL byte is rejected as BAD_PATH instead of silently truncating the
 * path to a different file. */
ck_evfile_status ck_evfile_check_n(const ck_evfile_root *root, const char *relpath, size_t len,
                                   const char *expected_sha256, ck_evfile_result *out);

/* As ck_evfile_check_n without an expected value, but the file is read and hashed all the same
 * (sha256_hex is set when the status is OK), for a caller that compares later. */
ck_evfile_status ck_evfile_hash_n(const ck_evfile_root *root, const char *relpath, size_t len,
                                  ck_evfile_result *out);

/* Bytes read by ck_evfile_read_n; data is NUL-terminated (data[len] == 0) and owned by the caller. */
typedef struct {
    unsigned char *data;
    size_t len;
} ck_evfile_bytes;

/*
 * As ck_evfile_check_n, and also hands back the file's content, for readers (contract documents)
 * that parse what they check. The bytes returned are exactly the bytes hashed, read once through
 * the one fd that was confined and classified, so what is parsed is what the hash names: no
 * second open a swap could redirect. A file over max_bytes (by fstat) is TOO_LARGE and never
 * read. bytes is filled on OK and on HASH_MISMATCH (the caller decides whether a changed file is
 * still worth reading), else left empty; free it with ck_evfile_bytes_free.
 */
ck_evfile_status ck_evfile_read_n(const ck_evfile_root *root, const char *relpath, size_t len,
                                  const char *expected_sha256, size_t max_bytes,
                                  ck_evfile_result *out, ck_evfile_bytes *bytes);
void ck_evfile_bytes_free(ck_evfile_bytes *bytes);

/* Compares a result that holds a hash (status OK) with an expected sha256: HASH_MISMATCH with a
 * detail when they differ or expected is not 64 hex digits; the status unchanged otherwise. */
ck_evfile_status ck_evfile_compare(ck_evfile_result *out, const char *expected);

/* Stable kebab-case codes: "ok", "missing", "outside-root", "not-regular",
 * "unreadable", "hash-mismatch", "changed", "bad-path", "too-large"; "unknown" otherwise. */
const char *ck_evfile_status_name(ck_evfile_status s);

#endif
