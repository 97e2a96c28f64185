/* A command's output: standard output or a file replaced atomically, with every write checked. */
#define _GNU_SOURCE /* fopencookie: the one way to learn why a buffered write failed */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Called by stdio with each full buffer: writes it all, or keeps the first errno and fails. */
static ssize_t output_write(void *cookie, const char *buf, size_t n)
{
    ck_output *o = cookie;
    if (o->error)
        return 0; /* the output is lost already; stop knocking on a full disk */
    for (size_t done = 0; done < n;) {
        ssize_t w = write(o->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            o->error = w < 0 ? errno : EIO;
            return 0; /* fopencookie: 0 reports an error */
        }
        done += (size_t)w;
    }
    return (ssize_t)n;
}

/* A file's descriptor is closed here, because close can report a delayed write error (NFS);
 * standard output's stays open for whatever the process writes after the command. */
static int output_cookie_close(void *cookie)
{
    ck_output *o = cookie;
    if (o->path && close(o->fd) != 0 && !o->error)
        o->error = errno;
    return 0;
}

static int output_stream(ck_output *o)
{
    cookie_io_functions_t io = {.write = output_write, .close = output_cookie_close};
    o->f = fopencookie(o, "w", io);
    if (!o->f)
        return errno ? errno : ENOMEM;
    /* a terminal sees each line as it is written; anything else gets full buffers */
    if (isatty(o->fd))
        setvbuf(o->f, NULL, _IOLBF, 0);
    return 0;
}

/* Creates PATH.tmp.XXXXXXXX exclusively: O_EXCL never follows a planted symlink, and the mode
 * 0666 lets the kernel apply the umask (mkstemp's 0600 would ignore it). */
static int create_temporary(ck_output *o, const char *path)
{
    size_t n = strlen(path) + 16;
    o->tmp_path = malloc(n);
    if (!o->tmp_path)
        return ENOMEM;
    for (int attempt = 0; attempt < 100; attempt++) {
        uint32_t r;
        if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
            r = (uint32_t)getpid() * 2654435761u ^ (uint32_t)time(NULL) ^ (uint32_t)attempt;
        snprintf(o->tmp_path, n, "%s.tmp.%08x", path, (unsigned)r);
        o->fd = open(o->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
        if (o->fd >= 0)
            return 0;
        if (errno != EEXIST)
            break;
    }
    int err = errno;
    free(o->tmp_path);
    o->tmp_path = NULL;
    return err;
}

static int open_file(ck_output *o, const char *path, const struct stat *keep_mode)
{
    *o = (ck_output){.name = path, .path = path, .fd = -1};
    int err = create_temporary(o, path);
    if (!err && keep_mode && fchmod(o->fd, keep_mode->st_mode & 07777) != 0)
        err = errno;
    if (!err)
        err = output_stream(o);
    if (err && o->tmp_path) {
        close(o->fd);
        unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
    }
    return err;
}

/*
 * A path that names something other than a regular file (/dev/full, /dev/stdout, a FIFO a
 * consumer reads) is written into as it is: replacing it by renaming a file over it would
 * destroy the device node or pipe, and its folder (/dev) is no place for a temporary file.
 */
static int open_in_place(ck_output *o, const char *path, const struct stat *st)
{
    *o = (ck_output){.name = path, .path = path, .fd = -1};
    if (S_ISDIR(st->st_mode))
        return EISDIR;
    o->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (o->fd < 0)
        return errno;
    int err = output_stream(o);
    if (err)
        close(o->fd);
    return err;
}

int ck_output_open(ck_output *o, const char *path)
{
    struct stat st;
    if (path && stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return open_in_place(o, path, &st);
    if (path)
        return open_file(o, path, NULL);
    *o = (ck_output){.name = "standard output", .fd = STDOUT_FILENO};
    return output_stream(o);
}

int ck_output_open_replacing(ck_output *o, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *o = (ck_output){.name = path, .fd = -1};
        return errno;
    }
    return open_file(o, path, &st);
}

int ck_output_close(ck_output *o, bool keep)
{
    if (fflush(o->f) != 0 && !o->error)
        o->error = errno ? errno : EIO;
    if (fclose(o->f) != 0 && !o->error)
        o->error = errno ? errno : EIO;
    o->f = NULL;
    if (o->tmp_path) {
        if (!o->error && keep && rename(o->tmp_path, o->path) != 0)
            o->error = errno;
        if (o->error || !keep)
            unlink(o->tmp_path);
        free(o->tmp_path);
        o->tmp_path = NULL;
    }
    return o->error;
}
