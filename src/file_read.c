/* Reading a whole input file: regular files only, never blocking, within a size limit. */
#include "file_read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static ck_read_status read_all(int fd, size_t size, char **text, size_t *len, int *err)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return CK_READ_NO_MEMORY;
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, size + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || (size_t)r + n > size) {
            *err = errno;
            free(buf);
            return r < 0 ? CK_READ_ERRNO : CK_READ_CHANGED;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return CK_READ_OK;
}

ck_read_status ck_read_regular(const char *path, size_t max, char **text, size_t *len, int *err)
{
    *text = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return CK_READ_ERRNO;
    }
    struct stat st;
    ck_read_status rs;
    if (fstat(fd, &st) != 0) {
        *err = errno;
        rs = CK_READ_ERRNO;
    } else if (!S_ISREG(st.st_mode)) {
        rs = S_ISDIR(st.st_mode) ? CK_READ_DIRECTORY : CK_READ_NOT_REGULAR;
    } else if ((size_t)st.st_size > max) {
        *len = (size_t)st.st_size;
        rs = CK_READ_TOO_LARGE;
    } else {
        rs = read_all(fd, (size_t)st.st_size, text, len, err);
    }
    close(fd);
    return rs;
}

const char *ck_read_reason(ck_read_status rs, int err)
{
    switch (rs) {
    case CK_READ_DIRECTORY: return "it is a directory";
    case CK_READ_NOT_REGULAR: return "it is not a regular file";
    case CK_READ_TOO_LARGE: return "it is too large";
    case CK_READ_CHANGED: return "it changed while it was read";
    case CK_READ_NO_MEMORY: return "out of memory";
    case CK_READ_ERRNO:
    case CK_READ_OK: break;
    }
    return strerror(err);
}
