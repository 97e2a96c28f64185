/* Internal to the document readers: the one place a document's text and paragraphs are grown. */
#ifndef CK_DOCUMENT_BUILD_H
#define CK_DOCUMENT_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "document.h"

/*
 * Every format reader appends paragraphs through this builder, which enforces the text and
 * paragraph limits, replaces control characters and invalid UTF-8 (by U+FFFD), and keeps the
 * invariant of ck_document.text: paragraphs each followed by one '\n', none containing one.
 * The first failure sticks: later calls do nothing and return it, so a reader may check only
 * where it wants to stop early.
 */
typedef struct {
    const ck_doc_limits *limits;
    ck_doc_error *err;      /* never NULL: points at the caller's or a scratch error */
    ck_doc_status status;   /* CK_DOC_OK until the first failure */
    char *text;
    size_t len, cap;
    ck_doc_para *paras;
    size_t npara, para_cap;
    size_t open_at;         /* where the paragraph being appended to starts */
    uint32_t npages;
} ck_doc_builder;

void ck_docb_init(ck_doc_builder *b, const ck_doc_limits *limits, ck_doc_error *err);
/* Appends bytes to the current paragraph (one is open from init and after each end). */
ck_doc_status ck_docb_append(ck_doc_builder *b, const char *s, size_t n);
/* Closes the current paragraph with where it came from. */
ck_doc_status ck_docb_end(ck_doc_builder *b, uint32_t number, uint32_t page, uint8_t heading_level,
                          uint8_t flags);
/* Drops what the current paragraph holds so far (a PDF's blank lines). */
void ck_docb_drop(ck_doc_builder *b);
/* Records the first failure (printf-style detail) and returns its status. */
__attribute__((format(printf, 3, 4)))
ck_doc_status ck_docb_fail(ck_doc_builder *b, ck_doc_status s, const char *fmt, ...);
/* Hands the text and paragraphs to a new document (NULL and NO_MEMORY in err if that fails). */
ck_document *ck_docb_finish(ck_doc_builder *b, ck_doc_format format);
void ck_docb_discard(ck_doc_builder *b);

/* The format readers (document_docx.c, document_pdf.c): fill b from a file's bytes. */
ck_doc_status ck_docx_read(ck_doc_builder *b, const unsigned char *data, size_t len);
ck_doc_status ck_pdf_read(ck_doc_builder *b, const unsigned char *data, size_t len);

#endif
