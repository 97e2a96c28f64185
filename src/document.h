/* Contract documents: plain text, Markdown, DOCX and PDF read into paragraphs of UTF-8 text. */
#ifndef CK_DOCUMENT_H
#define CK_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evidence_file.h"

/*
 * A document is read once into one UTF-8 text: its paragraphs in order, each followed by '\n',
 * none containing '\n' itself, control characters other than tab replaced by spaces. Every
 * paragraph knows where it came from (page and line for PDF, paragraph number for DOCX, line
 * for text and Markdown), so a finding can point at "MSA.docx, paragraph 41, characters 12-20"
 * or "DPA.pdf, page 7, line 3".
 *
 * Formats are told by content first, then by name: "%PDF-" is PDF; a ZIP ("PK\3\4") is DOCX (it
 * must hold word/document.xml); otherwise UTF-8 text, Markdown when the name ends in .md or
 * .markdown. Anything else (binary, another encoding, another ZIP-based format) is refused.
 *
 * Hostile input. Documents come from the same repositories as evidence files, so every limit
 * below is enforced before the work it bounds, and every failure is a status with a message,
 * never a print, an exit or a file written:
 *  - the file: confined beneath the repository root by evidence_file's walk and read once, the
 *    bytes parsed being the bytes hashed; over max_file_bytes it is not read at all;
 *  - DOCX: at most max_zip_members members; every member name is checked and a document with
 *    an absolute, "..", backslash or drive-letter name is refused (we never extract, but such
 *    a file is an attack, not a contract); encrypted members are refused; each member read is
 *    refused when its declared size exceeds max_member_bytes and cut off when inflating passes
 *    it (a ZIP bomb with a lying header stops at the limit); XML with a DOCTYPE is refused,
 *    so no entity can expand; libxml2's own depth and size limits stay on;
 *  - PDF: poppler runs in a child process (fork, no exec: nothing is shelled out) with a
 *    memory budget (RLIMIT_AS) and a CPU limit, while this process waits on a pipe with a
 *    wall-clock deadline (poll, no signals or alarms in the caller) and kills the child (by
 *    its pid) when it passes. A loop in the object graph, a stream that inflates forever, or a
 *    crash inside poppler thus ends as a status within the deadline, and poppler's own
 *    messages never reach the caller's stderr. Pages past max_pages and text past
 *    max_text_bytes are refused;
 *  - all formats: at most max_text_bytes of extracted text and max_paragraphs paragraphs.
 */

typedef enum {
    CK_DOC_TEXT,
    CK_DOC_MARKDOWN,
    CK_DOC_DOCX,
    CK_DOC_PDF,
} ck_doc_format;

typedef enum {
    CK_DOC_OK,
    CK_DOC_FILE,        /* the file could not be reached or read: see file_status */
    CK_DOC_TOO_LARGE,   /* a size or count limit: file, member, members, pages, text, paragraphs */
    CK_DOC_UNSUPPORTED, /* not a format read here (binary, not UTF-8, a ZIP without word/document.xml) */
    CK_DOC_MALFORMED,   /* broken ZIP, XML or PDF */
    CK_DOC_REFUSED,     /* well formed but dangerous: traversal member names, encryption, DOCTYPE */
    CK_DOC_READER_FAILED, /* the PDF reader passed its time or memory budget, or crashed */
    CK_DOC_NO_TEXT,     /* read, but holds no text: a scanned PDF without a text layer, an empty file */
    CK_DOC_NO_MEMORY,
} ck_doc_status;

typedef struct {
    ck_doc_status status;
    ck_evfile_status file_status; /* with CK_DOC_FILE; else CK_EVFILE_OK */
    char detail[256];             /* one line, safe to print: names the member or page at fault */
} ck_doc_error;

typedef struct {
    size_t max_file_bytes;   /* the document file */
    size_t max_zip_members;  /* entries in a DOCX's central directory */
    size_t max_member_bytes; /* one DOCX member, declared and inflated */
    size_t max_text_bytes;   /* extracted text, all paragraphs */
    size_t max_paragraphs;
    unsigned max_pages;      /* PDF pages */
    unsigned pdf_seconds;    /* wall-clock deadline, and CPU limit, of the PDF reader */
    size_t pdf_memory_bytes; /* address space the PDF reader may add to what it started with */
} ck_doc_limits;

/* Defaults: 32 MiB file, 4096 members, 32 MiB per member, 16 MiB text, 500,000 paragraphs,
 * 5000 pages, 10 s, 1 GiB. Far above real contracts (a 300-page agreement is ~2 MiB of text). */
extern const ck_doc_limits ck_doc_default_limits;

/* Paragraph flags. */
enum {
    CK_PARA_NUMBERED = 1, /* DOCX: the number at its start comes from automatic list numbering */
};

typedef struct {
    size_t offset;          /* of its first byte in ck_document.text */
    size_t len;             /* bytes, not counting the '\n' that follows it */
    uint32_t number;        /* 1-based: DOCX paragraph, text/Markdown line, PDF line on its page */
    uint32_t page;          /* 1-based PDF page; 0 in formats without pages */
    uint8_t heading_level;  /* 1..9 for a heading (DOCX heading style or outline level,
                               Markdown '#'), 0 for body text */
    uint8_t flags;          /* CK_PARA_* */
} ck_doc_para;

typedef struct {
    ck_doc_format format;
    char *text;             /* the paragraphs, each + '\n'; NUL-terminated, valid UTF-8 */
    size_t text_len;
    ck_doc_para *paras;
    size_t npara;
    uint32_t npages;        /* PDF; 0 otherwise */
    char sha256_hex[65];    /* of the file's bytes as read ("" for documents from memory) */
    bool sha256_matches;    /* ck_doc_open with an expected sha256: it matched (true without one) */
} ck_document;

/*
 * Reads the document at relpath (length-counted, as record values are) beneath root. An expected
 * sha256 may be given (NULL: none); a mismatch does not stop the reading, since the changed
 * document is still the best evidence of what it now says: doc->sha256_matches tells. limits may
 * be NULL for the defaults. CK_DOC_OK with *out set, or another status with *out NULL and err
 * filled (err may be NULL).
 */
ck_doc_status ck_doc_open(const ck_evfile_root *root, const char *relpath, size_t relpath_len,
                          const char *expected_sha256, const ck_doc_limits *limits,
                          ck_document **out, ck_doc_error *err);

/* As ck_doc_open for bytes in memory; name (may be NULL) only helps tell Markdown from text. */
ck_doc_status ck_doc_read_memory(const void *data, size_t len, const char *name,
                                 const ck_doc_limits *limits, ck_document **out, ck_doc_error *err);

void ck_doc_free(ck_document *doc);

/* The paragraph holding text offset off (an offset at a paragraph's '\n' belongs to it); NULL
 * when off is past the text. Binary search: O(log npara). */
const ck_doc_para *ck_doc_para_at(const ck_document *doc, size_t off);

/*
 * Where bytes [start, end) of doc->text are, in words a reader can follow: "paragraph 41,
 * characters 12-20" (DOCX), "line 41, characters 12-20" (text, Markdown), "page 7, line 3,
 * characters 12-20" (PDF). Characters are counted in UTF-8 code points from 1 within the
 * paragraph where the span starts; a span that runs on into later paragraphs says so ("lines
 * 41-43"). snprintf-style.
 */
size_t ck_doc_describe_span(const ck_document *doc, size_t start, size_t end, char *buf, size_t n);
/* Code points in text[from, to): the character offsets locations give within a paragraph. */
size_t ck_doc_chars_between(const char *text, size_t from, size_t to);

/* "text", "markdown", "docx", "pdf". */
const char *ck_doc_format_name(ck_doc_format f);
/* Stable kebab-case codes: "ok", "file", "too-large", "unsupported", "malformed", "refused",
 * "reader-failed", "no-text", "no-memory". */
const char *ck_doc_status_name(ck_doc_status s);

#endif
