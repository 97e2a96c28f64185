/* Registers: a block reader that hands out one row (one record) at a time, as a JSON line or a
 * CSV row mapped onto record keys. */
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
    bool is_csv;
    ck_csv_plan *csv;    /* a CSV register's mapping, read against its header */
    const ck_record_limits *limits;
    size_t max_line;     /* the record size limit: a longer line is refused without being kept */
    char *buf;           /* [cap]: buf[start, end) is read and not yet handed out */
    size_t cap, start, end;
    unsigned line;       /* lines handed out so far */
    bool eof, failed, at_start;
};

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && strcmp(s + n - t, tail) == 0;
}

bool ck_register_named(const char *path)
{
    return ends_with(path, ".jsonl") || ends_with(path, ".ndjson") || ends_with(path, ".csv");
}

static int open_file(const char *path, const char *display, ck_diags *diags)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, display, "cannot read register: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, display, "cannot read register: not a regular file");
        close(fd);
        return -1;
    }
    return fd;
}

static bool fill(ck_register *r, ck_diags *diags);
static char *row_end(const ck_register *r, unsigned *lines);

/* A CSV register's first row names its columns: the mapping is read against it. */
static int read_header(ck_register *r, const ck_csv_mapping *mapping, const ck_policy *policy, ck_diags *diags)
{
    if (!mapping || mapping->ncolumns == 0) {
        ck_diag *d = ck_diag_add_path(diags, CK_DIAG_ERROR, r->path, "a CSV register needs a column mapping");
        ck_diag_hint(diags, d, "say which column is which record key under 'registers:' in .clausecheck.yaml "
                               "(docs/records.md, CSV registers)");
        return 1;
    }
    unsigned inner = 0;
    char *nl;
    while (!(nl = row_end(r, &inner)) && r->end - r->start <= r->max_line && fill(r, diags))
        ;
    size_t len = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
    if (len == 0 || len > r->max_line) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, r->path, len ? "the header row is longer than the record limit"
                                                            : "the register is empty: a CSV register starts with its header row");
        return 1;
    }
    const char *text = r->buf + r->start;
    if (text[len - 1] == '\r')
        len--;
    r->line = 1 + inner;
    int rc = ck_csv_plan_make(mapping, policy, r->path, 1, text, len, diags, &r->csv);
    r->start = nl ? (size_t)(nl - r->buf) + 1 : r->end;
    return rc;
}

int ck_register_open(const char *path, const char *display, const ck_csv_mapping *mapping, const ck_policy *policy,
                     const ck_record_limits *limits, ck_diags *diags, ck_register **out)
{
    *out = NULL;
    int fd = open_file(path, display, diags);
    if (fd < 0)
        return 1;
    ck_register *r = calloc(1, sizeof *r);
    size_t max = limits && limits->yaml.max_bytes ? limits->yaml.max_bytes : CK_YAML_DEFAULT_MAX_BYTES;
    if (r) {
        r->fd = fd;
        r->cap = max + READ_BLOCK + 1;
        r->buf = malloc(r->cap);
        r->path = strdup(display);
    }
    if (!r || !r->buf || !r->path) {
        if (r)
            ck_register_close(r);
        else
            close(fd);
        return -1;
    }
    r->limits = limits;
    r->max_line = max;
    r->at_start = true;
    r->is_csv = ends_with(display, ".csv"); /* the name as given: a /proc/self/fd path has none */
    int rc = r->is_csv ? read_header(r, mapping, policy, diags) : 0;
    if (rc != 0) {
        ck_register_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

void ck_register_close(ck_register *r)
{
    if (!r)
        return;
    ck_csv_plan_free(r->csv);
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

/* Where the row starting at buf[start] ends: its newline, or NULL when it is not all buffered. A
 * CSV row continues over line breaks inside quotes; *lines counts the line breaks inside it. */
static char *row_end(const ck_register *r, unsigned *lines)
{
    const char *p = r->buf + r->start, *end = r->buf + r->end;
    *lines = 0;
    if (!r->is_csv)
        return memchr(p, '\n', (size_t)(end - p));
    bool quoted = false;
    for (; p < end; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '\n' && !quoted)
            return (char *)p;
        else if (*p == '\n')
            ++*lines;
    }
    return NULL;
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
        unsigned inner;
        char *nl = row_end(r, &inner);
        r->line += inner;
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
        unsigned inner;
        char *nl = row_end(r, &inner);
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
        r->line += inner;
        if (len && text[len - 1] == '\r')
            len--;
        size_t blank = 0;
        while (blank < len && (text[blank] == ' ' || text[blank] == '\t'))
            blank++;
        if (blank == len)
            continue;
        int loaded = r->csv ? ck_csv_row_record(r->csv, policy, r->path, line, text, len, r->limits, diags, rec)
                            : ck_record_load_line(policy, r->path, line, text, len, r->limits, diags, rec);
        if (loaded < 0)
            return -1;
        *rc = loaded;
        return 1;
    }
}
