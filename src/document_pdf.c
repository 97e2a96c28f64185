/* PDF text through poppler's glib API, run in a child process with a time and memory budget. */
/* pipe2() (a pipe that is close-on-exec from birth) is a GNU extension. */
#define _GNU_SOURCE
#include "document_build.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <poppler.h>

/*
 * Why a child process. poppler has no way to bound its work from the outside: a content stream
 * that inflates to gigabytes, or a font or object graph crafted to make it loop, runs as long
 * as it runs, inside whatever page call we made, and poppler-glib offers no cancellation for
 * text extraction. Signals (alarm) would reach into the caller's process, and a thread cannot
 * be stopped safely. A forked child can: it gets RLIMIT_AS (memory on top of what it inherited),
 * RLIMIT_CPU, no core dumps and no file writes, and this process waits for its output with
 * poll() against a wall-clock deadline and kills it, by its pid, when the deadline passes. A
 * crash in poppler on a malformed file ends the child, not the check. There is no exec: the
 * child runs this library's code on the bytes it inherited, so nothing is shelled out and no
 * file is written; the text comes back through a pipe.
 *
 * The child writes records: 'P' page-number length bytes for each page's text, then 'D' when
 * all pages are done, or 'E' status length message on a failure it can name. Numbers are
 * 32-bit, native byte order (same machine, same binary). The parent trusts none of it beyond
 * its bounds: lengths are checked against the text limit, and a stream without 'D' is a failure.
 */

enum { REC_PAGE = 'P', REC_DONE = 'D', REC_ERROR = 'E' };

/*
 * poppler-glib is loaded with dlopen the first time a PDF is read, not linked: linked, it and
 * the 40 libraries it pulls in (glib, cairo, NSS, X11...) were mapped and relocated at every
 * start, 20 million instructions and some 500 system calls, four fifths of the start-up of a
 * run that reads no PDF. It is loaded in this process, once, before the first fork, so each
 * child starts with it in place. CK_POPPLER_SONAME comes from the Makefile (the build
 * machine's library), so the version the headers describe is the one loaded.
 */
#ifndef CK_POPPLER_SONAME
#define CK_POPPLER_SONAME "libpoppler-glib.so.8"
#endif

/* The functions used, each named once: the table's fields, their types and the names looked up. */
#define PDF_FUNCTIONS(X)                                                                      \
    X(g_bytes_new_static) X(g_bytes_unref) X(g_error_free) X(g_free) X(g_object_unref)        \
    X(poppler_error_quark) X(poppler_document_new_from_bytes) X(poppler_document_get_n_pages) \
    X(poppler_document_get_page) X(poppler_page_get_text)

#define PDF_FIELD(name) __typeof__(&name) name;
static struct {
    PDF_FUNCTIONS(PDF_FIELD)
} pdf;
static char pdf_load_error[256]; /* why loading failed; empty when it worked */
static pthread_once_t pdf_once = PTHREAD_ONCE_INIT;

static void pdf_load(void)
{
    void *lib = dlopen(CK_POPPLER_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(pdf_load_error, sizeof pdf_load_error, "%s", why ? why : CK_POPPLER_SONAME " does not load");
        return;
    }
    /* Never closed: each child uses it, and glib's type system cannot be unloaded. */
#define PDF_LOOKUP(name)                                                                           \
    if (!(*(void **)&pdf.name = dlsym(lib, #name))) {                                              \
        snprintf(pdf_load_error, sizeof pdf_load_error, "%s has no %s", CK_POPPLER_SONAME, #name); \
        return;                                                                                    \
    }
    PDF_FUNCTIONS(PDF_LOOKUP)
}

/* ---- the child ---- */

static bool write_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

static bool write_record(int fd, char kind, uint32_t a, const char *s, size_t n)
{
    uint32_t len = (uint32_t)n;
    return write_all(fd, &kind, 1) && write_all(fd, &a, sizeof a) && write_all(fd, &len, sizeof len) &&
           write_all(fd, s, n);
}

/* The budget: address space grows by at most `extra` bytes beyond the inherited mappings
 * (read from /proc, so that sanitizer shadow and the parent's heap do not count against it). */
static void limit_child(const ck_doc_limits *l)
{
    struct rlimit zero = {0, 0};
    setrlimit(RLIMIT_CORE, &zero);  /* a crash leaves no core file behind */
    setrlimit(RLIMIT_FSIZE, &zero); /* and nothing can write a file */
    /* One second more than the wall-clock deadline, which so fires first with the clearer message. */
    struct rlimit cpu = {(rlim_t)l->pdf_seconds + 1, (rlim_t)l->pdf_seconds + 2};
    setrlimit(RLIMIT_CPU, &cpu);
    unsigned long long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%llu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    if (pages) {
        rlim_t as = (rlim_t)(pages * (unsigned long long)sysconf(_SC_PAGESIZE) + l->pdf_memory_bytes);
        struct rlimit mem = {as, as};
        setrlimit(RLIMIT_AS, &mem);
    }
}

static void quiet_stdio(void)
{
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2); /* poppler prints its syntax errors to stderr */
        if (null > 2)
            close(null);
    }
}

static int child_error(int fd, ck_doc_status s, const char *msg)
{
    write_record(fd, REC_ERROR, (uint32_t)s, msg, strlen(msg));
    return 1;
}

static int child_main(int fd, const unsigned char *data, size_t len, const ck_doc_limits *l)
{
    GError *gerr = NULL;
    GBytes *bytes = pdf.g_bytes_new_static(data, len);
    PopplerDocument *doc = pdf.poppler_document_new_from_bytes(bytes, NULL, &gerr);
    pdf.g_bytes_unref(bytes);
    if (!doc) {
        /* POPPLER_ERROR is a call of poppler_error_quark(), which is not linked */
        bool locked = gerr && gerr->domain == pdf.poppler_error_quark() && gerr->code == POPPLER_ERROR_ENCRYPTED;
        char msg[200];
        snprintf(msg, sizeof msg, "%s", locked ? "the PDF is encrypted with a password"
                                       : gerr ? gerr->message : "poppler could not open it");
        if (gerr)
            pdf.g_error_free(gerr);
        return child_error(fd, locked ? CK_DOC_REFUSED : CK_DOC_MALFORMED, msg);
    }
    int n = pdf.poppler_document_get_n_pages(doc);
    if (n < 0 || (unsigned)n > l->max_pages) {
        char msg[100];
        snprintf(msg, sizeof msg, "%d pages, over the limit of %u", n, l->max_pages);
        pdf.g_object_unref(doc);
        return child_error(fd, CK_DOC_TOO_LARGE, msg);
    }
    bool ok = true;
    for (int i = 0; i < n && ok; i++) {
        PopplerPage *page = pdf.poppler_document_get_page(doc, i);
        char *text = page ? pdf.poppler_page_get_text(page) : NULL;
        ok = write_record(fd, REC_PAGE, (uint32_t)i + 1, text ? text : "", text ? strlen(text) : 0);
        pdf.g_free(text);
        if (page)
            pdf.g_object_unref(page);
    }
    pdf.g_object_unref(doc);
    return ok && write_record(fd, REC_DONE, (uint32_t)n, "", 0) ? 0 : 1;
}

/* ---- the parent ---- */

typedef struct {
    char *buf;
    size_t len, cap, max;
} inbox;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef enum { READ_EOF, READ_TIMEOUT, READ_TOO_MUCH, READ_NO_MEMORY, READ_ERROR } read_end;

/* Everything the child writes, until it closes the pipe or the deadline passes. */
static read_end read_child(int fd, inbox *in, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return READ_TIMEOUT;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, left > 1000 ? 1000 : (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return READ_ERROR;
        if (r == 0)
            continue;
        if (in->len == in->cap) {
            if (in->cap >= in->max)
                return READ_TOO_MUCH;
            size_t cap = in->cap ? in->cap * 2 : 65536;
            cap = cap > in->max ? in->max : cap;
            char *b = realloc(in->buf, cap);
            if (!b)
                return READ_NO_MEMORY;
            in->buf = b;
            in->cap = cap;
        }
        ssize_t n = read(fd, in->buf + in->len, in->cap - in->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return READ_ERROR;
        if (n == 0)
            return READ_EOF;
        in->len += (size_t)n;
    }
}

/* One page's text: a paragraph per non-blank line, numbered from 1 on the page. */
static ck_doc_status add_page(ck_doc_builder *b, uint32_t page, const char *s, size_t n)
{
    uint32_t line = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n' && s[e] != '\f')
            e++;
        size_t k = i;
        while (k < e && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
            k++;
        if (k < e && (ck_docb_append(b, s + i, e - i) != CK_DOC_OK ||
                      ck_docb_end(b, ++line, page, 0, 0) != CK_DOC_OK))
            return b->status;
        i = e + 1;
    }
    return CK_DOC_OK;
}

/* Why the child ended without finishing, in words. */
static ck_doc_status child_failed(ck_doc_builder *b, int wstatus)
{
    const ck_doc_limits *l = b->limits;
    int sig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
    if (sig == SIGXCPU || sig == SIGKILL)
        return ck_docb_fail(b, CK_DOC_READER_FAILED,
                            "reading the PDF used more than %u s of processor time", l->pdf_seconds);
    /* Out of memory ends the child by abort() (glib, C++ new) or, under a sanitizer, by exit. */
    if (sig || (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0))
        return ck_docb_fail(b, CK_DOC_READER_FAILED,
                            "the PDF reader stopped (%s %d) before the last page: over its %zu MiB "
                            "memory budget, or a fault in poppler on a malformed file",
                            sig ? "signal" : "exit status", sig ? sig : WEXITSTATUS(wstatus),
                            l->pdf_memory_bytes >> 20);
    return ck_docb_fail(b, CK_DOC_READER_FAILED, "the PDF reader stopped before the last page");
}

/* The pages the child sent; a stream that ends without 'D' (or 'E') is explained by wstatus. */
static ck_doc_status parse_records(ck_doc_builder *b, const inbox *in, int wstatus)
{
    size_t i = 0;
    while (i < in->len) {
        uint32_t a, n;
        char kind = in->buf[i];
        if (in->len - i < 9)
            break;
        memcpy(&a, in->buf + i + 1, 4);
        memcpy(&n, in->buf + i + 5, 4);
        i += 9;
        if (n > in->len - i)
            break;
        const char *s = in->buf + i;
        i += n;
        if (kind == REC_PAGE) {
            if (add_page(b, a, s, n) != CK_DOC_OK)
                return b->status;
            b->npages = a;
        } else if (kind == REC_DONE) {
            return CK_DOC_OK;
        } else if (kind == REC_ERROR && a > CK_DOC_OK && a <= CK_DOC_NO_MEMORY) { /* the last status */
            return ck_docb_fail(b, (ck_doc_status)a, "%.*s", (int)(n > 200 ? 200 : n), s);
        } else {
            break;
        }
    }
    return child_failed(b, wstatus);
}

ck_doc_status ck_pdf_read(ck_doc_builder *b, const unsigned char *data, size_t len)
{
    pthread_once(&pdf_once, pdf_load);
    if (pdf_load_error[0])
        return ck_docb_fail(b, CK_DOC_READER_FAILED, "cannot load the PDF reader: %s (install libpoppler-glib8)",
                            pdf_load_error);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return ck_docb_fail(b, CK_DOC_READER_FAILED, "cannot start the PDF reader: %s", strerror(errno));
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return ck_docb_fail(b, CK_DOC_READER_FAILED, "cannot start the PDF reader: %s", strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        signal(SIGPIPE, SIG_DFL);
        quiet_stdio();
        limit_child(b->limits);
        _exit(child_main(fds[1], data, len, b->limits));
    }
    close(fds[1]);
    /* Records add 9 bytes a page; the text limit bounds the rest. */
    inbox in = {.max = b->limits->max_text_bytes + 9 * ((size_t)b->limits->max_pages + 2) + 256};
    read_end how = read_child(fds[0], &in, now_ms() + 1000LL * b->limits->pdf_seconds);
    close(fds[0]);
    if (how != READ_EOF)
        kill(pid, SIGKILL);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    if (how == READ_TIMEOUT)
        ck_docb_fail(b, CK_DOC_READER_FAILED, "reading the PDF took longer than %u s",
                     b->limits->pdf_seconds);
    else if (how == READ_TOO_MUCH)
        ck_docb_fail(b, CK_DOC_TOO_LARGE, "the extracted text passes the limit of %zu bytes",
                     b->limits->max_text_bytes);
    else if (how != READ_EOF)
        ck_docb_fail(b, how == READ_NO_MEMORY ? CK_DOC_NO_MEMORY : CK_DOC_READER_FAILED,
                     "cannot read the PDF reader's output");
    else
        parse_records(b, &in, wstatus);
    free(in.buf);
    return b->status;
}
