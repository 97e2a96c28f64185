/* JSON Lines registers: a block reader that hands out one line (one record) at a time. */
#include "register.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read size: big enough that the system calls do not show, small enough to stay in cache. */
#define READ_BLOCK ((size_t)1 << 20)
/* How much of an over-long line is kept to show in its diagnostic. */
#define SHOWN_PREFIX 120

struct ck_register {
    int fd;
    char *path;
    const ck_record_limits *limits;
    size_t max_line;     /* the record size limit: a longer line is refused without being kept */
    char *buf;           /* [cap]: buf[start, end) is read and not yet handed out */
    size_t cap, start, end;
    unsigned line;       /* lines handed out so far */
    bool eof, failed, at_start;
};

bool ck_register_named(const char *path)
{
    size_t n = strlen(path);
    return (n > 6 && strcmp(path + n - 6, ".jsonl") == 0) || (n > 7 && strcmp(path + n - 7, ".ndjson") == 0);
}

int ck_register_open(const char *path, const char *display, const ck_record_limits *limits, ck_diags *diags,
                     ck_register **out)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        ck_diag_add_path(diags, CK_DIAG_ERROR, display, "cannot read register: %s",
                         fd >= 0 && e == 0 ? "not a regular file" : strerror(e ? e : EINVAL));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    ck_register *r = calloc(1, sizeof *r);
    size_t max = limits && limits->yaml.max_bytes ? limits->yaml.max_bytes : CK_YAML_DEFAULT_MAX_BYTES;
    if (r) {
        r->cap = max + READ_BLOCK + 1;
        r->buf = malloc(r->cap);
        r->path = strdup(display);
    }
    if (!r || !r->buf || !r->path) {
        if (r) {
            free(r->buf);
            free(r->path);
        }
        free(r);
        close(fd);
        return -1;
    }
    r->fd = fd;
    r->limits = limits;
    r->max_line = max;
    r->at_start = true;
    *out = r;
    return 0;
}

void ck_register_close(ck_register *r)
{
    if (!r)
        return;
    close(r->fd);
    free(r->buf);
    free(r->path);
    free(r);
}

/* Reads more after what is buffered (moving it to the front first); false at the end or on an
 * error (reported once). */
static bool fill(ck_register *r, ck_diags *diags)
{
    if (r->eof || r->failed)
        return false;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    size_t room = r->cap - 1 - r->end;
    if (room > READ_BLOCK)
        room = READ_BLOCK;
    ssize_t n;
    do
        n = read(r->fd, r->buf + r->end, room);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, r->path, "cannot read register at line %u: %s", r->line + 1,
                         strerror(errno));
        r->failed = true;
        return false;
    }
    if (n == 0) {
        r->eof = true;
        return false;
    }
    r->end += (size_t)n;
    if (r->at_start && r->end >= 3) {
        if (memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
            r->start = 3;
        r->at_start = false;
    }
    return true;
}

/* An over-long line: reported with what little of it is kept, the rest read and dropped. */
static int refuse_long_line(ck_register *r, const ck_policy *policy, ck_diags *diags, ck_record **rec)
{
    unsigned line = ++r->line;
    size_t shown = r->end - r->start < SHOWN_PREFIX ? r->end - r->start : SHOWN_PREFIX;
    ck_record *kept = ck_record_new(policy);
    ck_source *src = kept ? ck_source_from_text(kept->arena, r->path, r->buf + r->start, shown) : NULL;
    if (!src) {
        ck_record_free(kept);
        return -1;
    }
    src->line_base = line - 1;
    ck_diag *d = ck_diag_add(diags, CK_DIAG_ERROR, (ck_span){src, 0, 0},
                             "record line is longer than the %zu-byte limit", r->max_line);
    ck_diag_hint(diags, d, "a register holds one record per line; the lines after it are still read");
    /* skip to the end of the line, however long, keeping nothing */
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        if (nl) {
            r->start = (size_t)(nl - r->buf) + 1;
            break;
        }
        r->start = r->end;
        if (!fill(r, diags))
            break;
    }
    *rec = kept;
    return 1;
}

int ck_register_next(ck_register *r, const ck_policy *policy, ck_diags *diags, ck_record **rec, int *rc)
{
    *rec = NULL;
    *rc = 1;
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        size_t len = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
        if (!nl && len <= r->max_line && fill(r, diags))
            continue;
        if (len > r->max_line)
            return refuse_long_line(r, policy, diags, rec);
        if (!nl && len == 0)
            return 0; /* the end, or a read error already reported */
        const char *text = r->buf + r->start;
        r->start += len + (nl != NULL);
        unsigned line = ++r->line;
        if (len && text[len - 1] == '\r')
            len--;
        size_t blank = 0;
        while (blank < len && (text[blank] == ' ' || text[blank] == '\t'))
            blank++;
        if (blank == len)
            continue;
        int loaded = ck_record_load_line(policy, r->path, line, text, len, r->limits, diags, rec);
        if (loaded < 0)
            return -1;
        *rc = loaded;
        return 1;
    }
}
