/* Registers: a block reader that hands out one row (one record) at a time, as a JSON line or a
 * CSV row mapped onto record keys. */
#define _GNU_SOURCE /* SEEK_DATA: an over-long line's holes are skipped, not read */
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

size_t ck_register_rows_about(const char *path)
{
    /* as the reader opens it: a FIFO or device with a register's name is never waited on */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return 0;
    }
    char buf[1 << 16];
    ssize_t n;
    size_t lines = 0;
    char last = '\n';
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (const char *p = buf, *end = buf + n; (p = memchr(p, '\n', (size_t)(end - p))); p++)
            lines++;
        last = buf[n - 1];
    }
    close(fd);
    lines += last != '\n'; /* a last line without its newline */
    return ends_with(path, ".csv") && lines ? lines - 1 : lines;
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
static char *row_end(const ck_register *r, unsigned *lines, bool *quoted);

/* A header row that shows the file is not a CSV this reader can take: UTF-16 text (Excel's
 * "Unicode text" export: NUL bytes between the letters) or lines ending in CR only (old Mac
 * exports: the whole file reads as one header row). Left alone, either gives one missing-column
 * error per mapped column with no word about the cause; this gives one error that names it. */
static int header_encoding(const ck_register *r, const char *text, size_t len, ck_diags *diags)
{
    const char *cr = memchr(text, '\r', len);
    const char *nul = memchr(text, '\0', len);
    const unsigned char *u = (const unsigned char *)text;
    bool bom16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    bool utf16 = bom16 || nul;
    if (!utf16 && !cr)
        return 0;
    size_t at = bom16 ? 0 : utf16 ? (size_t)(nul - text) : (size_t)(cr - text);
    size_t shown = at + 1 < SHOWN_PREFIX ? (len < SHOWN_PREFIX ? len : SHOWN_PREFIX) : at + 1;
    ck_source *src = ck_source_from_text(diags->arena, r->path, text, shown);
    ck_diag *d = ck_diag_add(diags, CK_DIAG_ERROR, (ck_span){src, (uint32_t)at, (uint32_t)at + 1}, "%s",
                             utf16 ? "the register is UTF-16 text, not UTF-8"
                                   : "the register's lines end in CR alone, not LF or CR LF");
    ck_diag_hint(diags, d, "save the export as \"CSV UTF-8 (Comma delimited)\"%s; the register is not read",
                 utf16 ? "" : ", which ends its lines in CR LF");
    return 1;
}

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
    while (!(nl = row_end(r, &inner, NULL)) && r->end - r->start <= r->max_line && fill(r, diags))
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
    if (header_encoding(r, text, len, diags) != 0)
        return 1;
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

/* Where the row at buf[start] ends: its newline, or NULL when it is not all buffered. A CSV row
 * continues over line breaks inside quotes; *lines counts the line breaks inside it. quoted (NULL:
 * the row starts here) carries whether a quote is open across calls over a row read in parts. */
static char *row_end(const ck_register *r, unsigned *lines, bool *quoted)
{
    const char *p = r->buf + r->start, *end = r->buf + r->end;
    *lines = 0;
    if (!r->is_csv)
        return memchr(p, '\n', (size_t)(end - p));
    bool q = quoted && *quoted;
    for (; p < end; p++) {
        if (*p == '"')
            q = !q;
        else if (*p == '\n' && !q)
            break;
        else if (*p == '\n')
            ++*lines;
    }
    if (quoted)
        *quoted = q;
    return p < end ? (char *)p : NULL;
}

/* Skips a hole of a sparse file at the read position: a hole reads as NUL bytes, which end no line
 * and open no quote, so a 10 GB line of them is passed over without reading it. Where the file
 * system cannot say, nothing is skipped and the bytes are read as any others. */
static void skip_hole(ck_register *r)
{
    off_t at = lseek(r->fd, 0, SEEK_CUR);
    if (at < 0)
        return;
    off_t data = lseek(r->fd, at, SEEK_DATA);
    if (data < 0 && errno == ENXIO)
        r->eof = lseek(r->fd, 0, SEEK_END) >= 0; /* only a hole remains: the line runs to the end */
}

/* A CSV row whose quote never closed ran to the end of the file: it was only its first line, which
 * the error is about, and reading resumes after it (at, its file offset), so an unbalanced quote
 * costs one row, not every row after it. */
static bool resume_after(ck_register *r, off_t at)
{
    if (at < 0 || lseek(r->fd, at, SEEK_SET) != at)
        return false;
    r->start = r->end = 0;
    r->eof = false;
    return true;
}

/* A line that is not a record, reported at its place: the record handed out keeps the first
 * shown bytes of it (at most SHOWN_PREFIX), for the diagnostic to quote. NULL when out of memory. */
static ck_record *refused(const ck_register *r, const ck_policy *policy, ck_diags *diags, const char *text, size_t shown,
                          unsigned line, const char *hint, const char *msg)
{
    ck_record *kept = ck_record_new(policy);
    ck_source *src = kept ? ck_source_from_text(kept->arena, r->path, text, shown) : NULL;
    if (!src) {
        ck_record_free(kept);
        return NULL;
    }
    src->line_base = line - 1;
    ck_diag *d = ck_diag_add(diags, CK_DIAG_ERROR, (ck_span){src, 0, 0}, "%s", msg);
    ck_diag_hint(diags, d, "%s", hint);
    return kept;
}

/* An over-long line: reported with what little of it is kept, the rest read and dropped. */
static int refuse_long_line(ck_register *r, const ck_policy *policy, ck_diags *diags, ck_record **rec)
{
    unsigned line = ++r->line;
    size_t shown = r->end - r->start < SHOWN_PREFIX ? r->end - r->start : SHOWN_PREFIX;
    char msg[96];
    snprintf(msg, sizeof msg, "record line is longer than the %zu-byte limit", r->max_line);
    ck_record *kept = refused(r, policy, diags, r->buf + r->start, shown, line,
                              "a register holds one record per line; the lines after it are still read", msg);
    if (!kept)
        return -1;
    off_t first_end = -1; /* where the row's first line ends, should a CSV quote in it never close */
    /* skip to the end of the line, however long, keeping nothing */
    unsigned inner = 0, lines = 0;
    bool quoted = false;
    for (;;) {
        const char *first = r->is_csv && first_end < 0 ? memchr(r->buf + r->start, '\n', r->end - r->start) : NULL;
        off_t here = first ? lseek(r->fd, 0, SEEK_CUR) : -1;
        if (here >= 0)
            first_end = here - (off_t)(r->buf + r->end - first) + 1;
        char *nl = row_end(r, &inner, &quoted);
        lines += inner;
        if (nl) {
            r->line += lines;
            r->start = (size_t)(nl - r->buf) + 1;
            break;
        }
        r->start = r->end;
        skip_hole(r);
        if (!fill(r, diags)) {
            if (!r->failed && first_end >= 0 && resume_after(r, first_end))
                break; /* the row was its first line; the line count already has it */
            r->line += lines;
            break;
        }
    }
    *rec = kept;
    return 1;
}

int ck_register_next_row(ck_register *r, const ck_policy *policy, ck_diags *diags, ck_register_row *row)
{
    *row = (ck_register_row){0};
    for (;;) {
        unsigned inner;
        char *nl = row_end(r, &inner, NULL);
        size_t len = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
        if (!nl && len <= r->max_line && fill(r, diags))
            continue;
        if (!nl && r->eof && r->is_csv && inner > 0 && len <= r->max_line) { /* a quote open at the end */
            nl = memchr(r->buf + r->start, '\n', len); /* the row is its first line */
            len = (size_t)(nl - (r->buf + r->start));
            inner = 0;
        }
        if (len > r->max_line)
            return refuse_long_line(r, policy, diags, &row->refused) < 0 ? -1 : 1;
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
        if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* accepted at the start of the file only */
            row->refused = refused(r, policy, diags, text, len < SHOWN_PREFIX ? len : SHOWN_PREFIX, line,
                                   "two exports joined into one? remove the mark, or the header row that follows it",
                                   "a byte order mark in the middle of the register: this line is not read");
            return row->refused ? 1 : -1;
        }
        *row = (ck_register_row){.text = text, .len = len, .line = line};
        return 1;
    }
}

int ck_register_load_row(const ck_register *r, const ck_policy *policy, const char *text, size_t len, unsigned line,
                         ck_diags *diags, ck_record **rec)
{
    return r->csv ? ck_csv_row_record(r->csv, policy, r->path, line, text, len, r->limits, diags, rec)
                  : ck_record_load_line(policy, r->path, line, text, len, r->limits, diags, rec);
}

int ck_register_next(ck_register *r, const ck_policy *policy, ck_diags *diags, ck_record **rec, int *rc)
{
    ck_register_row row;
    *rec = NULL;
    *rc = 1;
    int got = ck_register_next_row(r, policy, diags, &row);
    if (got != 1 || row.refused) {
        *rec = row.refused;
        return got;
    }
    int loaded = ck_register_load_row(r, policy, row.text, row.len, row.line, diags, rec);
    if (loaded < 0)
        return -1;
    *rc = loaded;
    return 1;
}
