/* Evidence files: confined component-wise lookup beneath a repository root, type checks, SHA-256. */
/* O_PATH and readlinkat() on an O_PATH fd are Linux extensions the race-free walk depends on. */
#define _GNU_SOURCE

#include "evidence_file.h"
#include "textutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#define NAME_MAX_BYTES 255  /* NAME_MAX on every Linux filesystem */
#define HASH_CHUNK 65536
#define SHOW_MAX 100        /* two shown paths plus prose must fit in detail[256] */

/* One directory on the way down from the root. The dev/ino pair lets ".." prove
 * it landed where we came from; chain_len is where its name ends in chain. */
typedef struct {
    dev_t dev;
    ino_t ino;
    size_t chain_len;
} level;

/* A symlink whose target text is still being consumed. Components are consumed
 * from the front of path and targets are spliced in at the front, so the text
 * that followed the link keeps its distance from the end: a component belongs
 * to this link while more than `tail` bytes remain from its start. That lets
 * messages blame the link that actually led outside, not merely the last one. */
typedef struct {
    size_t tail;
    char name[SHOW_MAX];
} link_frame;

typedef struct {
    int root_fd;
    int dirfd;      /* directory reached so far; root_fd is borrowed and never closed */
    level *lv;      /* lv[0] is the root, lv[depth] the current directory */
    size_t depth, lv_cap;
    char *chain;    /* physical root-relative path of dirfd, only for messages */
    size_t chain_len, chain_cap;
    char path[CK_EVFILE_PATH_MAX + 1];
    size_t pos, len; /* unresolved rest is path[pos..len) */
    link_frame frames[CK_EVFILE_MAX_SYMLINKS];
    size_t nframes;
    unsigned links;
    ck_evfile_result *out;
    bool capture;          /* ck_evfile_read: keep the bytes that were hashed */
    bool hash;             /* read and hash the file (a sha256 to compare, bytes to keep, or asked) */
    size_t max_bytes;      /* with capture: larger files are TOO_LARGE, never read */
    unsigned char *data;   /* with capture: the file's bytes, NUL-terminated; owned by the caller after */
    size_t data_len;
} walk;

__attribute__((format(printf, 3, 4)))
static ck_evfile_status fail(ck_evfile_result *out, ck_evfile_status s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_vformat(out->detail, sizeof out->detail, fmt, ap);
    va_end(ap);
    out->status = s;
    out->sha256_hex[0] = '\0';
    return s;
}

/* Repository file names are attacker-chosen and details end up in CI logs, so
 * control bytes (terminal escapes, newlines forging log lines) are masked.
 * Long paths keep their tail, which is the part that tells files apart. */
static void show_parts(char *dst, const char *dir, size_t dlen, const char *name, size_t nlen)
{
    size_t sep = dlen && nlen ? 1 : 0;
    size_t total = dlen + sep + nlen;
    size_t o = 0, i = 0;
    if (total == 0) {
        strcpy(dst, ".");
        return;
    }
    if (total > SHOW_MAX - 1) {
        memcpy(dst, "...", 3);
        o = 3;
        i = total - (SHOW_MAX - 1 - 3);
    }
    for (; i < total; i++) {
        unsigned char c;
        if (i < dlen)
            c = (unsigned char)dir[i];
        else if (i < dlen + sep)
            c = '/';
        else
            c = (unsigned char)name[i - dlen - sep];
        dst[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    dst[o] = '\0';
}

static void show(char *dst, const walk *w, const char *name, size_t nlen)
{
    show_parts(dst, w->chain, w->chain_len, name, nlen);
}

static const char *via_link(const walk *w)
{
    return w->nframes ? w->frames[w->nframes - 1].name : NULL;
}

static const char *err_text(int e, char *buf, size_t cap)
{
    return strerror_r(e, buf, cap); /* GNU variant under _GNU_SOURCE: may return a static string */
}

static ck_evfile_status lookup_error(walk *w, int e, const char *name, size_t nlen)
{
    char where[SHOW_MAX], eb[64];
    const char *link = via_link(w);
    show(where, w, name, nlen);
    switch (e) {
    case ENOENT:
        if (link)
            return fail(w->out, CK_EVFILE_MISSING, "'%s' does not exist (target of symlink '%s')",
                        where, link);
        return fail(w->out, CK_EVFILE_MISSING, "'%s' does not exist", where);
    case ENOTDIR:
        return fail(w->out, CK_EVFILE_MISSING, "a parent of '%s' is not a directory", where);
    case EACCES:
    case EPERM:
        return fail(w->out, CK_EVFILE_UNREADABLE, "permission denied looking up '%s'", where);
    case ENAMETOOLONG:
        return fail(w->out, CK_EVFILE_BAD_PATH, "name too long at '%s'", where);
    default:
        return fail(w->out, CK_EVFILE_UNREADABLE, "cannot look up '%s': %s", where,
                    err_text(e, eb, sizeof eb));
    }
}

static ck_evfile_status not_regular(walk *w, const char *name, size_t nlen, mode_t mode)
{
    char where[SHOW_MAX];
    const char *link = via_link(w);
    const char *kind = S_ISDIR(mode)    ? "a directory"
                       : S_ISFIFO(mode) ? "a FIFO"
                       : S_ISSOCK(mode) ? "a socket"
                       : S_ISCHR(mode)  ? "a character device"
                       : S_ISBLK(mode)  ? "a block device"
                                        : "not a regular file";
    show(where, w, name, nlen);
    if (link)
        return fail(w->out, CK_EVFILE_NOT_REGULAR, "'%s' is %s (target of symlink '%s')", where,
                    kind, link);
    return fail(w->out, CK_EVFILE_NOT_REGULAR, "'%s' is %s", where, kind);
}

static ck_evfile_status oom(walk *w)
{
    return fail(w->out, CK_EVFILE_UNREADABLE, "out of memory");
}

/* Takes ownership of fd, a directory just opened beneath dirfd. */
static ck_evfile_status descend(walk *w, int fd, const struct stat *st, const char *name, size_t nlen)
{
    if (w->depth + 1 >= w->lv_cap) {
        size_t cap = w->lv_cap * 2;
        level *lv = realloc(w->lv, cap * sizeof *lv);
        if (!lv) {
            close(fd);
            return oom(w);
        }
        w->lv = lv;
        w->lv_cap = cap;
    }
    size_t need = w->chain_len + 1 + nlen + 1;
    if (need > w->chain_cap) {
        size_t cap = w->chain_cap * 2 > need ? w->chain_cap * 2 : need;
        char *chain = realloc(w->chain, cap);
        if (!chain) {
            close(fd);
            return oom(w);
        }
        w->chain = chain;
        w->chain_cap = cap;
    }
    if (w->chain_len)
        w->chain[w->chain_len++] = '/';
    memcpy(w->chain + w->chain_len, name, nlen);
    w->chain_len += nlen;
    w->depth++;
    w->lv[w->depth] = (level){st->st_dev, st->st_ino, w->chain_len};
    if (w->dirfd != w->root_fd)
        close(w->dirfd);
    w->dirfd = fd;
    return CK_EVFILE_OK;
}

static ck_evfile_status go_up(walk *w)
{
    if (w->depth == 0) {
        const char *link = via_link(w);
        if (link)
            return fail(w->out, CK_EVFILE_OUTSIDE_ROOT,
                        "symlink '%s' points outside the repository", link);
        return fail(w->out, CK_EVFILE_OUTSIDE_ROOT, "'..' climbs above the repository root");
    }
    /* ".." is never a symlink, and the dev/ino check below catches a directory
     * that was moved (possibly out of the tree) while we held it. */
    int fd = openat(w->dirfd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return lookup_error(w, errno, "..", 2);
    struct stat st;
    const level *parent = &w->lv[w->depth - 1];
    if (fstat(fd, &st) != 0 || st.st_dev != parent->dev || st.st_ino != parent->ino) {
        char where[SHOW_MAX];
        close(fd);
        show(where, w, "", 0);
        return fail(w->out, CK_EVFILE_CHANGED, "directory '%s' was moved during the check", where);
    }
    close(w->dirfd);
    w->depth--;
    w->chain_len = w->lv[w->depth].chain_len;
    if (w->depth == 0) {
        close(fd);
        w->dirfd = w->root_fd;
    } else {
        w->dirfd = fd;
    }
    return CK_EVFILE_OK;
}

/* fd is an O_PATH fd on the link itself, so the link read is the link classified. */
static ck_evfile_status expand(walk *w, int fd, const char *name, size_t nlen)
{
    char where[SHOW_MAX], eb[64];
    char target[CK_EVFILE_PATH_MAX + 1];
    show(where, w, name, nlen);
    if (++w->links > CK_EVFILE_MAX_SYMLINKS)
        return fail(w->out, CK_EVFILE_BAD_PATH,
                    "too many levels of symbolic links at '%s' (a loop?)", where);
    ssize_t t = readlinkat(fd, "", target, sizeof target);
    if (t < 0)
        return fail(w->out, CK_EVFILE_UNREADABLE, "cannot read symlink '%s': %s", where,
                    err_text(errno, eb, sizeof eb));
    if (t == 0)
        return fail(w->out, CK_EVFILE_BAD_PATH, "symlink '%s' is empty", where);
    if ((size_t)t > CK_EVFILE_PATH_MAX)
        return fail(w->out, CK_EVFILE_BAD_PATH, "symlink '%s' has an over-long target", where);
    if (target[0] == '/')
        return fail(w->out, CK_EVFILE_OUTSIDE_ROOT,
                    "symlink '%s' points outside the repository (absolute target)", where);
    size_t rest = w->len - w->pos;
    if ((size_t)t + 1 + rest > CK_EVFILE_PATH_MAX)
        return fail(w->out, CK_EVFILE_BAD_PATH,
                    "path longer than %d bytes after expanding symlink '%s'", CK_EVFILE_PATH_MAX,
                    where);
    memmove(w->path + t + 1, w->path + w->pos, rest);
    memcpy(w->path, target, (size_t)t);
    w->path[t] = '/';
    w->pos = 0;
    w->len = (size_t)t + 1 + rest;
    /* links <= CK_EVFILE_MAX_SYMLINKS bounds the frame count */
    link_frame *f = &w->frames[w->nframes++];
    f->tail = rest;
    memcpy(f->name, where, strlen(where) + 1);
    return CK_EVFILE_OK;
}

static bool is_sha256_hex(const char *s)
{
    if (strnlen(s, 65) != 64)
        return false;
    for (size_t i = 0; i < 64; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

static ck_evfile_status hash_fd(walk *w, int fd, const struct stat *before, const char *where)
{
    char eb[64];
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    long long total = 0;
    ck_evfile_status s = CK_EVFILE_OK;
    unsigned char *buf = malloc(HASH_CHUNK);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    /* The captured bytes are the hashed bytes, so a reader parses exactly what the hash names. */
    size_t want = (size_t)before->st_size;
    if (w->capture)
        w->data = malloc(want + 1);
    if (!buf || !ctx || (w->capture && !w->data)) {
        s = oom(w);
        goto done;
    }
    if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        s = fail(w->out, CK_EVFILE_UNREADABLE, "SHA-256 is unavailable in libcrypto");
        goto done;
    }
    for (;;) {
        ssize_t n = read(fd, buf, HASH_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            s = fail(w->out, CK_EVFILE_UNREADABLE, "cannot read '%s': %s", where,
                     err_text(errno, eb, sizeof eb));
            goto done;
        }
        if (n == 0)
            break;
        if (w->capture) {
            /* A file growing while read stops here: the byte count check below reports CHANGED. */
            if ((size_t)total + (size_t)n > want) {
                total += n;
                break;
            }
            memcpy(w->data + total, buf, (size_t)n);
        }
        if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1) {
            s = fail(w->out, CK_EVFILE_UNREADABLE, "SHA-256 update failed");
            goto done;
        }
        total += n;
    }
    if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
        s = fail(w->out, CK_EVFILE_UNREADABLE, "SHA-256 finalisation failed");
        goto done;
    }
    struct stat after;
    if (fstat(fd, &after) != 0) {
        s = fail(w->out, CK_EVFILE_UNREADABLE, "cannot stat '%s': %s", where,
                 err_text(errno, eb, sizeof eb));
        goto done;
    }
    /* Byte count is compared too: a writer can restore size and mtime, and
     * pseudo-files report a size unrelated to what they yield. */
    if (after.st_size != before->st_size || after.st_mtim.tv_sec != before->st_mtim.tv_sec ||
        after.st_mtim.tv_nsec != before->st_mtim.tv_nsec || total != (long long)before->st_size) {
        s = fail(w->out, CK_EVFILE_CHANGED, "'%s' changed while it was being hashed", where);
        goto done;
    }
    static const char hex[] = "0123456789abcdef";
    for (unsigned i = 0; i < 32; i++) {
        w->out->sha256_hex[2 * i] = hex[md[i] >> 4];
        w->out->sha256_hex[2 * i + 1] = hex[md[i] & 15];
    }
    w->out->sha256_hex[64] = '\0';
    if (w->capture) {
        w->data[want] = '\0';
        w->data_len = want;
    }
done:
    EVP_MD_CTX_free(ctx);
    free(buf);
    return s;
}

/* st describes the regular file found at name beneath dirfd. */
ck_evfile_status ck_evfile_compare(ck_evfile_result *out, const char *expected)
{
    if (!expected)
        return out->status;
    if (!is_sha256_hex(expected)) {
        out->status = CK_EVFILE_HASH_MISMATCH;
        snprintf(out->detail, sizeof out->detail, "expected sha256 is not 64 hex digits, so it cannot match");
        return CK_EVFILE_HASH_MISMATCH;
    }
    for (size_t i = 0; i < 64; i++) {
        char c = expected[i];
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        if (c != out->sha256_hex[i]) {
            out->status = CK_EVFILE_HASH_MISMATCH;
            snprintf(out->detail, sizeof out->detail, "content sha256 differs from the expected value");
            return CK_EVFILE_HASH_MISMATCH;
        }
    }
    return out->status;
}

static ck_evfile_status open_and_hash(walk *w, const char *name, size_t nlen,
                                      const struct stat *st, const char *expected)
{
    char where[SHOW_MAX], eb[64];
    show(where, w, name, nlen);
    w->out->size = (long long)st->st_size;
    /* Without a recorded sha256 there is nothing to compare a hash with: the file exists, inside
     * the root, is a regular file (the walk has established that) and is readable, which one
     * access check tells. Hashing it anyway would read every byte (a 1 GiB scan costs as long as
     * a pinned one) for no answer. */
    if (!w->hash) {
        if (faccessat(w->dirfd, name, R_OK, AT_EACCESS) == 0)
            return CK_EVFILE_OK;
        int e = errno;
        if (e == EACCES || e == EPERM)
            return fail(w->out, CK_EVFILE_UNREADABLE, "permission denied reading '%s'", where);
        return fail(w->out, CK_EVFILE_CHANGED, "'%s' was replaced during the check", where);
    }
    /* Should the file be swapped for a FIFO or device after fstat, O_NONBLOCK
     * and O_NOCTTY keep the open from hanging or grabbing a terminal; the
     * dev/ino check then rejects it before any read. */
    int fd = openat(w->dirfd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == EACCES || e == EPERM)
            return fail(w->out, CK_EVFILE_UNREADABLE, "permission denied reading '%s'", where);
        if (e == ENOENT || e == ELOOP || e == ENXIO || e == ENOTDIR)
            return fail(w->out, CK_EVFILE_CHANGED, "'%s' was replaced during the check", where);
        return fail(w->out, CK_EVFILE_UNREADABLE, "cannot open '%s': %s", where,
                    err_text(e, eb, sizeof eb));
    }
    struct stat before;
    if (fstat(fd, &before) != 0) {
        int e = errno;
        close(fd);
        return fail(w->out, CK_EVFILE_UNREADABLE, "cannot stat '%s': %s", where,
                    err_text(e, eb, sizeof eb));
    }
    if (!S_ISREG(before.st_mode) || before.st_dev != st->st_dev || before.st_ino != st->st_ino) {
        close(fd);
        return fail(w->out, CK_EVFILE_CHANGED, "'%s' was replaced during the check", where);
    }
    if (w->capture && (unsigned long long)before.st_size > w->max_bytes) {
        close(fd);
        return fail(w->out, CK_EVFILE_TOO_LARGE, "'%s' is %lld bytes, over the limit of %zu",
                    where, (long long)before.st_size, w->max_bytes);
    }
    /* Known regular from here on; blocking reads are the normal semantics. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    w->out->size = (long long)before.st_size;
    ck_evfile_status s = hash_fd(w, fd, &before, where);
    close(fd);
    if (s != CK_EVFILE_OK)
        return s;
    return ck_evfile_compare(w->out, expected);
}

static ck_evfile_status resolve(walk *w, const char *expected)
{
    char name[NAME_MAX_BYTES + 1];
    for (;;) {
        while (w->pos < w->len && w->path[w->pos] == '/')
            w->pos++;
        if (w->pos == w->len) /* defensive: final "." and ".." return below */
            return not_regular(w, "", 0, S_IFDIR);
        size_t start = w->pos, remaining = w->len - start;
        while (w->nframes && w->frames[w->nframes - 1].tail >= remaining)
            w->nframes--;
        size_t n = 0;
        while (start + n < w->len && w->path[start + n] != '/')
            n++;
        if (n > NAME_MAX_BYTES)
            return fail(w->out, CK_EVFILE_BAD_PATH, "a path component is longer than %d bytes",
                        NAME_MAX_BYTES);
        memcpy(name, w->path + start, n);
        name[n] = '\0';
        w->pos = start + n;
        while (w->pos < w->len && w->path[w->pos] == '/')
            w->pos++;
        bool final = w->pos == w->len;

        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
            if (name[1] == '.') {
                ck_evfile_status s = go_up(w);
                if (s != CK_EVFILE_OK)
                    return s;
            }
            if (final)
                return not_regular(w, "", 0, S_IFDIR);
            continue;
        }

        int fd = openat(w->dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return lookup_error(w, errno, name, n);
        struct stat st;
        if (fstat(fd, &st) != 0) {
            int e = errno;
            close(fd);
            return lookup_error(w, e, name, n);
        }
        if (S_ISLNK(st.st_mode)) {
            ck_evfile_status s = expand(w, fd, name, n);
            close(fd);
            if (s != CK_EVFILE_OK)
                return s;
            continue;
        }
        if (S_ISDIR(st.st_mode) && !final) {
            ck_evfile_status s = descend(w, fd, &st, name, n);
            if (s != CK_EVFILE_OK)
                return s;
            continue;
        }
        close(fd);
        if (!final) {
            char where[SHOW_MAX];
            show(where, w, name, n);
            return fail(w->out, CK_EVFILE_MISSING, "'%s' is not a directory", where);
        }
        if (!S_ISREG(st.st_mode))
            return not_regular(w, name, n, st.st_mode);
        return open_and_hash(w, name, n, &st, expected);
    }
}

/* Both entry points: with bytes non-NULL the file's content is kept (see ck_evfile_read_n). */
static ck_evfile_status check_or_read(const ck_evfile_root *root, const char *relpath, size_t len,
                                      const char *expected_sha256, bool hash, size_t max_bytes,
                                      ck_evfile_result *out, ck_evfile_bytes *bytes)
{
    ck_evfile_result scratch;
    if (bytes) {
        bytes->data = NULL;
        bytes->len = 0;
    }
    if (!out)
        out = &scratch;
    out->status = CK_EVFILE_OK;
    out->sha256_hex[0] = '\0';
    out->size = -1;
    out->detail[0] = '\0';
    if (!root || root->root_fd < 0)
        return fail(out, CK_EVFILE_UNREADABLE, "repository root is not open");
    if (!relpath || len == 0)
        return fail(out, CK_EVFILE_BAD_PATH, "empty path");
    if (len > CK_EVFILE_PATH_MAX)
        return fail(out, CK_EVFILE_BAD_PATH, "path longer than %d bytes", CK_EVFILE_PATH_MAX);
    if (memchr(relpath, '\0', len))
        return fail(out, CK_EVFILE_BAD_PATH, "path contains a NUL byte");
    if (relpath[0] == '/')
        return fail(out, CK_EVFILE_OUTSIDE_ROOT,
                    "absolute path; evidence paths are relative to the repository root");
    if (relpath[len - 1] == '/')
        return fail(out, CK_EVFILE_BAD_PATH, "path ends with '/', so it cannot name a file");

    /* The walk holds a path buffer and link frames (~9 KiB); heap keeps small thread stacks safe. */
    walk *w = calloc(1, sizeof *w);
    if (!w)
        return fail(out, CK_EVFILE_UNREADABLE, "out of memory");
    w->out = out;
    w->capture = bytes != NULL;
    w->hash = hash || expected_sha256 || bytes;
    w->max_bytes = max_bytes;
    w->root_fd = w->dirfd = root->root_fd;
    w->lv_cap = 16;
    w->chain_cap = 256;
    w->lv = malloc(w->lv_cap * sizeof *w->lv);
    w->chain = malloc(w->chain_cap);
    ck_evfile_status s;
    if (!w->lv || !w->chain) {
        s = oom(w);
    } else {
        w->lv[0] = (level){root->dev, root->ino, 0};
        memcpy(w->path, relpath, len);
        w->len = len;
        s = resolve(w, expected_sha256);
    }
    if (w->dirfd != w->root_fd)
        close(w->dirfd);
    if (bytes && w->data && (s == CK_EVFILE_OK || s == CK_EVFILE_HASH_MISMATCH)) {
        bytes->data = w->data;
        bytes->len = w->data_len;
    } else {
        free(w->data);
    }
    free(w->lv);
    free(w->chain);
    free(w);
    out->status = s;
    return s;
}

ck_evfile_status ck_evfile_check_n(const ck_evfile_root *root, const char *relpath, size_t len,
                                   const char *expected_sha256, ck_evfile_result *out)
{
    return check_or_read(root, relpath, len, expected_sha256, false, 0, out, NULL);
}

ck_evfile_status ck_evfile_hash_n(const ck_evfile_root *root, const char *relpath, size_t len,
                                  ck_evfile_result *out)
{
    return check_or_read(root, relpath, len, NULL, true, 0, out, NULL);
}

ck_evfile_status ck_evfile_read_n(const ck_evfile_root *root, const char *relpath, size_t len,
                                  const char *expected_sha256, size_t max_bytes,
                                  ck_evfile_result *out, ck_evfile_bytes *bytes)
{
    return check_or_read(root, relpath, len, expected_sha256, true, max_bytes, out, bytes);
}

void ck_evfile_bytes_free(ck_evfile_bytes *bytes)
{
    if (!bytes)
        return;
    free(bytes->data);
    bytes->data = NULL;
    bytes->len = 0;
}

ck_evfile_status ck_evfile_check(const ck_evfile_root *root, const char *relpath,
                                 const char *expected_sha256, ck_evfile_result *out)
{
    /* strnlen bounds the scan: an over-long path is rejected without reading it all */
    size_t len = relpath ? strnlen(relpath, CK_EVFILE_PATH_MAX + 1) : 0;
    return ck_evfile_check_n(root, relpath, len, expected_sha256, out);
}

int ck_evfile_root_open(ck_evfile_root *root, const char *path) { return ck_evfile_root_open_as(root, path, NULL); }

int ck_evfile_root_open_as(ck_evfile_root *root, const char *path, const char *shown)
{
    if (!root) {
        errno = EINVAL;
        return -1;
    }
    root->root_fd = -1;
    root->root_path = NULL;
    if (!path) {
        errno = EINVAL;
        return -1;
    }
    char *copy = strdup(shown ? shown : path);
    if (!copy)
        return -1;
    int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        free(copy);
        errno = e;
        return -1;
    }
    /* the root's identity, which every lookup checks ".." against, is asked once */
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        free(copy);
        errno = e;
        return -1;
    }
    root->root_fd = fd;
    root->root_path = copy;
    root->dev = st.st_dev;
    root->ino = st.st_ino;
    return 0;
}

void ck_evfile_root_close(ck_evfile_root *root)
{
    if (!root)
        return;
    if (root->root_fd >= 0)
        close(root->root_fd);
    free(root->root_path);
    root->root_fd = -1;
    root->root_path = NULL;
}

const char *ck_evfile_status_name(ck_evfile_status s)
{
    switch (s) {
    case CK_EVFILE_OK: return "ok";
    case CK_EVFILE_MISSING: return "missing";
    case CK_EVFILE_OUTSIDE_ROOT: return "outside-root";
    case CK_EVFILE_NOT_REGULAR: return "not-regular";
    case CK_EVFILE_UNREADABLE: return "unreadable";
    case CK_EVFILE_HASH_MISMATCH: return "hash-mismatch";
    case CK_EVFILE_CHANGED: return "changed";
    case CK_EVFILE_BAD_PATH: return "bad-path";
    case CK_EVFILE_TOO_LARGE: return "too-large";
    }
    return "unknown";
}
