/* Contract documents read once per run: each file opened, extracted and split into sections on first use. */
#ifndef CK_DOCUMENT_CACHE_H
#define CK_DOCUMENT_CACHE_H

#include <stddef.h>

#include "document.h"
#include "evidence_file.h"
#include "sections.h"

/*
 * Several records may name one document (a framework agreement, a group-wide DPA), and a record
 * names each of its documents from several clauses; reading a 200-page PDF takes a noticeable
 * fraction of a second, so each file is read and split once per run and kept. Failures are kept
 * too: a PDF that ran into the reader's deadline is not tried again for the next record.
 *
 * Memory stays bounded: the cache keeps at most max_docs documents and max_text_bytes of their
 * text, evicting the least recently used. Documents used by the record being checked are never
 * evicted while it is (ck_doc_cache_begin_record starts a record), so the pointers the record's
 * check holds stay valid until the next record begins.
 *
 * Ownership: the cache owns every document it read (malloc'd); ck_doc_cache_free releases them.
 * It is not shared between threads.
 */
typedef struct ck_doc_cache ck_doc_cache;

/* One document as read: the reader's status, and on CK_DOC_OK the document and its sections. */
typedef struct ck_doc_cached {
    ck_doc_status status;
    ck_doc_error err;          /* when status is not CK_DOC_OK */
    const ck_document *doc;    /* CK_DOC_OK: its text, paragraphs and the sha256 of the file as read */
    const ck_sections *sections;
} ck_doc_cached;

/* A cache reading with limits (NULL: ck_doc_default_limits) and keeping at most max_docs documents
 * and max_text_bytes of text (0: 32 documents, 64 MiB); NULL when out of memory. */
ck_doc_cache *ck_doc_cache_new(const ck_doc_limits *limits, size_t max_docs, size_t max_text_bytes);
void ck_doc_cache_free(ck_doc_cache *cache);

/* A new record's check begins: what the previous one used may be evicted from now on. */
void ck_doc_cache_begin_record(ck_doc_cache *cache);

/*
 * The document at relpath (length-counted, as records keep paths) beneath root, read on first use
 * (confined and hashed as evidence files are, see document.h) and kept. No expected hash is given:
 * the caller compares doc->sha256_hex with each record's, since records naming one file may
 * disagree. NULL only when out of memory.
 */
const ck_doc_cached *ck_doc_cache_get(ck_doc_cache *cache, const ck_evfile_root *root, const char *relpath,
                                      size_t relpath_len);

/* Files read so far (a document found in the cache is not read again): how tests see reuse. */
size_t ck_doc_cache_reads(const ck_doc_cache *cache);

#endif
