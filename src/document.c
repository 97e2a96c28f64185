/* Contract documents: format detection, text and Markdown, the paragraph builder, locations. */
#include "document.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document_build.h"
#include "textutil.h"

const ck_doc_limits ck_doc_default_limits = {
    .max_file_bytes = 32u << 20,
    .max_zip_members = 4096,
    .max_member_bytes = 32u << 20,
    .max_text_bytes = 16u << 20,
    .max_paragraphs = 500000,
    .max_pages = 5000,
    .pdf_seconds = 10,
    .pdf_memory_bytes = (size_t)1 << 30,
};

/* ---- the builder ---- */

static ck_doc_error *set_error(ck_doc_error *err, ck_doc_status s, const char *fmt, va_list ap)
{
    err->status = s;
    err->file_status = CK_EVFILE_OK;
    ck_vformat(err->detail, sizeof err->detail, fmt, ap);
    return err;
}

ck_doc_status ck_docb_fail(ck_doc_builder *b, ck_doc_status s, const char *fmt, ...)
{
    if (b->status != CK_DOC_OK)
        return b->status;
    va_list ap;
    va_start(ap, fmt);
    set_error(b->err, s, fmt, ap);
    va_end(ap);
    b->status = s;
    return s;
}

void ck_docb_init(ck_doc_builder *b, const ck_doc_limits *limits, ck_doc_error *err)
{
    memset(b, 0, sizeof *b);
    b->limits = limits;
    b->err = err;
    err->status = CK_DOC_OK;
    err->file_status = CK_EVFILE_OK;
    err->detail[0] = '\0';
}

/* Room for n more bytes of text plus the NUL, within the text limit. */
static ck_doc_status reserve(ck_doc_builder *b, size_t n)
{
    if (n > b->limits->max_text_bytes || b->len > b->limits->max_text_bytes - n)
        return ck_docb_fail(b, CK_DOC_TOO_LARGE, "the extracted text passes the limit of %zu bytes",
                            b->limits->max_text_bytes);
    if (b->len + n + 1 <= b->cap)
        return CK_DOC_OK;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1)
        cap *= 2;
    char *t = realloc(b->text, cap);
    if (!t)
        return ck_docb_fail(b, CK_DOC_NO_MEMORY, "out of memory");
    b->text = t;
    b->cap = cap;
    return CK_DOC_OK;
}

/* Bytes s[0..n) take once sanitised: each invalid subpart becomes a 3-byte U+FFFD. */
static size_t sanitised_len(const char *s, size_t n)
{
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        bool valid;
        size_t k = ck_utf8_char_len(s + i, n - i, &valid);
        out += valid ? k : 3;
        i += k;
    }
    return out;
}

ck_doc_status ck_docb_append(ck_doc_builder *b, const char *s, size_t n)
{
    if (b->status != CK_DOC_OK || reserve(b, sanitised_len(s, n)) != CK_DOC_OK)
        return b->status;
    for (size_t i = 0; i < n;) {
        bool valid;
        size_t k = ck_utf8_char_len(s + i, n - i, &valid);
        unsigned char c = (unsigned char)s[i];
        if (!valid) {
            memcpy(b->text + b->len, "\xEF\xBF\xBD", 3);
            b->len += 3;
        } else if (k == 1 && ((c < 0x20 && c != '\t') || c == 0x7f)) {
            b->text[b->len++] = ' '; /* newlines included: a paragraph holds none */
        } else {
            memcpy(b->text + b->len, s + i, k);
            b->len += k;
        }
        i += k;
    }
    return CK_DOC_OK;
}

ck_doc_status ck_docb_end(ck_doc_builder *b, uint32_t number, uint32_t page, uint8_t heading_level,
                          uint8_t flags)
{
    if (b->status != CK_DOC_OK || reserve(b, 1) != CK_DOC_OK)
        return b->status;
    if (b->npara >= b->limits->max_paragraphs)
        return ck_docb_fail(b, CK_DOC_TOO_LARGE, "the document has more than %zu paragraphs",
                            b->limits->max_paragraphs);
    if (b->npara == b->para_cap) {
        size_t cap = b->para_cap ? b->para_cap * 2 : 256;
        ck_doc_para *p = realloc(b->paras, cap * sizeof *p);
        if (!p)
            return ck_docb_fail(b, CK_DOC_NO_MEMORY, "out of memory");
        b->paras = p;
        b->para_cap = cap;
    }
    b->paras[b->npara++] = (ck_doc_para){
        .offset = b->open_at, .len = b->len - b->open_at, .number = number, .page = page,
        .heading_level = heading_level, .flags = flags};
    b->text[b->len++] = '\n';
    b->open_at = b->len;
    return CK_DOC_OK;
}

void ck_docb_drop(ck_doc_builder *b)
{
    b->len = b->open_at;
}

ck_document *ck_docb_finish(ck_doc_builder *b, ck_doc_format format)
{
    ck_document *doc;
    if (b->status != CK_DOC_OK || reserve(b, 0) != CK_DOC_OK)
        return NULL;
    if (b->len > b->open_at && ck_docb_end(b, b->npara + 1, b->npages, 0, 0) != CK_DOC_OK)
        return NULL; /* defensive: readers end their last paragraph */
    if (!(doc = calloc(1, sizeof *doc))) {
        ck_docb_fail(b, CK_DOC_NO_MEMORY, "out of memory");
        return NULL;
    }
    b->text[b->len] = '\0';
    doc->format = format;
    doc->text = b->text;
    doc->text_len = b->len;
    doc->paras = b->paras;
    doc->npara = b->npara;
    doc->npages = b->npages;
    doc->sha256_matches = true;
    b->text = NULL;
    b->paras = NULL;
    return doc;
}

void ck_docb_discard(ck_doc_builder *b)
{
    free(b->text);
    free(b->paras);
    b->text = NULL;
    b->paras = NULL;
}

/* ---- plain text and Markdown ---- */

/* ATX heading level of a Markdown line ("## 9.2 Title" is 2), or 0. Up to three spaces may lead. */
static uint8_t atx_level(const char *s, size_t n)
{
    size_t i = 0, hashes = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    while (i < n && s[i] == '#')
        i++, hashes++;
    if (hashes == 0 || hashes > 6 || (i < n && s[i] != ' ' && s[i] != '\t'))
        return 0;
    return (uint8_t)hashes;
}

/* A setext underline ("====" makes the line above a level-1 heading, "----" level 2), or 0. */
static uint8_t setext_level(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    if (i == n || (s[i] != '=' && s[i] != '-'))
        return 0;
    char c = s[i];
    while (i < n && s[i] == c)
        i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == n ? (c == '=' ? 1 : 2) : 0;
}

/*
 * One paragraph per line, so that "line 41" is the line an editor shows; CRLF and lone CR end
 * lines too. Text must be UTF-8 without NUL bytes: anything else is probably not text, and
 * guessing an encoding could misread the very numbers we check.
 */
static ck_doc_status read_text(ck_doc_builder *b, const char *s, size_t n, bool markdown)
{
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, n -= 3;
    if (memchr(s, '\0', n))
        return ck_docb_fail(b, CK_DOC_UNSUPPORTED, "binary content (a NUL byte): not a text, "
                                                  "Markdown, DOCX or PDF document");
    uint32_t line = 1;
    for (size_t i = 0; i <= n; line++) {
        size_t e = i;
        while (e < n && s[e] != '\n' && s[e] != '\r')
            e++;
        if (!ck_utf8_valid(s + i, e - i))
            return ck_docb_fail(b, CK_DOC_UNSUPPORTED, "line %u is not valid UTF-8 "
                                "(save the document as UTF-8)", line);
        uint8_t level = markdown ? atx_level(s + i, e - i) : 0;
        uint8_t under = markdown && b->npara > 0 ? setext_level(s + i, e - i) : 0;
        ck_doc_para *prev = b->npara ? &b->paras[b->npara - 1] : NULL;
        if (under && prev->len > 0 && prev->heading_level == 0 && prev->number == line - 1)
            prev->heading_level = under;
        if (ck_docb_append(b, s + i, e - i) != CK_DOC_OK ||
            ck_docb_end(b, line, 0, level, 0) != CK_DOC_OK)
            return b->status;
        if (e == n)
            break;
        i = e + (s[e] == '\r' && e + 1 < n && s[e + 1] == '\n' ? 2 : 1);
        if (i == n)
            break; /* a final newline ends the last line; it does not start another */
    }
    return CK_DOC_OK;
}

/* ---- format detection and entry points ---- */

static bool ends_with(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    if (n < e)
        return false;
    for (size_t i = 0; i < e; i++) {
        char c = name[n - e + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != ext[i])
            return false;
    }
    return true;
}

/* Anything but spaces, tabs and line ends? A contract with nothing to read cannot be checked. */
static bool has_text(const ck_document *doc)
{
    for (size_t i = 0; i < doc->text_len; i++)
        if (doc->text[i] != ' ' && doc->text[i] != '\t' && doc->text[i] != '\n')
            return true;
    return false;
}

static ck_document *read_bytes(ck_doc_builder *b, const unsigned char *d, size_t n, const char *name)
{
    ck_doc_format f;
    if (n >= 5 && memcmp(d, "%PDF-", 5) == 0) {
        f = CK_DOC_PDF;
        ck_pdf_read(b, d, n);
    } else if (n >= 4 && memcmp(d, "PK\3\4", 4) == 0) {
        f = CK_DOC_DOCX;
        ck_docx_read(b, d, n);
    } else if (n >= 4 && memcmp(d, "\xD0\xCF\x11\xE0", 4) == 0) {
        ck_docb_fail(b, CK_DOC_UNSUPPORTED, "a legacy binary Word or Office file: save it as DOCX or PDF");
        return NULL;
    } else if (ends_with(name, ".pdf") || ends_with(name, ".docx")) {
        ck_docb_fail(b, CK_DOC_MALFORMED, "named %s but does not start as one",
                     ends_with(name, ".pdf") ? "a PDF" : "a DOCX (ZIP) file");
        return NULL;
    } else {
        f = ends_with(name, ".md") || ends_with(name, ".markdown") ? CK_DOC_MARKDOWN : CK_DOC_TEXT;
        read_text(b, (const char *)d, n, f == CK_DOC_MARKDOWN);
    }
    ck_document *doc = ck_docb_finish(b, f);
    if (doc && !has_text(doc)) {
        if (f == CK_DOC_PDF)
            ck_docb_fail(b, CK_DOC_NO_TEXT, "no text on its %u page%s: a scanned image has no text "
                         "layer to check, or poppler could not read the page content",
                         doc->npages, doc->npages == 1 ? "" : "s");
        else
            ck_docb_fail(b, CK_DOC_NO_TEXT, "the document holds no text");
        ck_doc_free(doc);
        return NULL;
    }
    return doc;
}

static const ck_doc_limits *limits_or_default(const ck_doc_limits *limits)
{
    return limits ? limits : &ck_doc_default_limits;
}

ck_doc_status ck_doc_read_memory(const void *data, size_t len, const char *name,
                                 const ck_doc_limits *limits, ck_document **out, ck_doc_error *err)
{
    ck_doc_error scratch;
    ck_doc_builder b;
    limits = limits_or_default(limits);
    ck_docb_init(&b, limits, err ? err : &scratch);
    *out = NULL;
    if (len > limits->max_file_bytes)
        return ck_docb_fail(&b, CK_DOC_TOO_LARGE, "%zu bytes, over the limit of %zu", len,
                            limits->max_file_bytes);
    *out = read_bytes(&b, data ? data : (const void *)"", data ? len : 0, name ? name : "");
    ck_docb_discard(&b);
    return b.status;
}

ck_doc_status ck_doc_open(const ck_evfile_root *root, const char *relpath, size_t relpath_len,
                          const char *expected_sha256, const ck_doc_limits *limits,
                          ck_document **out, ck_doc_error *err)
{
    ck_doc_error scratch;
    ck_evfile_result res;
    ck_evfile_bytes bytes;
    if (!err)
        err = &scratch;
    limits = limits_or_default(limits);
    *out = NULL;
    ck_evfile_status fs = ck_evfile_read_n(root, relpath, relpath_len, expected_sha256,
                                           limits->max_file_bytes, &res, &bytes);
    if (fs != CK_EVFILE_OK && fs != CK_EVFILE_HASH_MISMATCH) {
        err->status = fs == CK_EVFILE_TOO_LARGE ? CK_DOC_TOO_LARGE : CK_DOC_FILE;
        err->file_status = fs;
        snprintf(err->detail, sizeof err->detail, "%s", res.detail);
        return err->status;
    }
    /* The name only tells Markdown from text; a copy keeps it NUL-terminated. */
    char name[64] = "";
    size_t keep = relpath_len < sizeof name - 1 ? relpath_len : sizeof name - 1;
    memcpy(name, relpath + relpath_len - keep, keep);
    name[keep] = '\0';
    ck_doc_status s = ck_doc_read_memory(bytes.data, bytes.len, name, limits, out, err);
    ck_evfile_bytes_free(&bytes);
    if (*out) {
        memcpy((*out)->sha256_hex, res.sha256_hex, sizeof res.sha256_hex);
        (*out)->sha256_matches = fs == CK_EVFILE_OK;
    }
    return s;
}

void ck_doc_free(ck_document *doc)
{
    if (!doc)
        return;
    free(doc->text);
    free(doc->paras);
    free(doc);
}

/* ---- locations ---- */

const ck_doc_para *ck_doc_para_at(const ck_document *doc, size_t off)
{
    if (!doc || doc->npara == 0 || off >= doc->text_len)
        return NULL;
    size_t lo = 0, hi = doc->npara; /* the last paragraph starting at or before off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->paras[mid].offset <= off)
            lo = mid;
        else
            hi = mid;
    }
    return &doc->paras[lo];
}

size_t ck_doc_chars_between(const char *text, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        n += ((unsigned char)text[i] & 0xC0) != 0x80;
    return n;
}

size_t ck_doc_describe_span(const ck_document *doc, size_t start, size_t end, char *buf, size_t n)
{
    const ck_doc_para *a = ck_doc_para_at(doc, start);
    const ck_doc_para *z = ck_doc_para_at(doc, end > start ? end - 1 : start);
    if (!a || !z) {
        int r = snprintf(buf, n, "end of the document");
        return r < 0 ? 0 : (size_t)r;
    }
    const char *unit = doc->format == CK_DOC_DOCX ? "paragraph" : "line";
    char where[64] = "";
    if (a->page)
        snprintf(where, sizeof where, a->page == z->page ? "page %u, " : "pages %u-%u, ", a->page,
                 z->page);
    size_t c0 = ck_doc_chars_between(doc->text, a->offset, start) + 1;
    size_t c1 = ck_doc_chars_between(doc->text, a->offset, end > start ? end : start + 1);
    int r;
    if (a == z)
        r = snprintf(buf, n, "%s%s %u, characters %zu-%zu", where, unit, a->number, c0, c1);
    else
        r = snprintf(buf, n, "%s%ss %u-%u, from character %zu", where, unit, a->number, z->number, c0);
    return r < 0 ? 0 : (size_t)r;
}

const char *ck_doc_format_name(ck_doc_format f)
{
    switch (f) {
    case CK_DOC_TEXT: return "text";
    case CK_DOC_MARKDOWN: return "markdown";
    case CK_DOC_DOCX: return "docx";
    case CK_DOC_PDF: return "pdf";
    }
    return "unknown";
}

const char *ck_doc_status_name(ck_doc_status s)
{
    switch (s) {
    case CK_DOC_OK: return "ok";
    case CK_DOC_FILE: return "file";
    case CK_DOC_TOO_LARGE: return "too-large";
    case CK_DOC_UNSUPPORTED: return "unsupported";
    case CK_DOC_MALFORMED: return "malformed";
    case CK_DOC_REFUSED: return "refused";
    case CK_DOC_READER_FAILED: return "reader-failed";
    case CK_DOC_NO_TEXT: return "no-text";
    case CK_DOC_NO_MEMORY: return "no-memory";
    }
    return "unknown";
}
