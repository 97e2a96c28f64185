/* Source files as byte buffers that know their line starts; spans are byte ranges. */
#ifndef CK_SOURCE_H
#define CK_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* A loaded file. Text is NUL-terminated (an embedded NUL is kept in len). */
typedef struct ck_source {
    const char *path;     /* as the user named it */
    const char *text;     /* whole file contents */
    size_t len;           /* bytes in text */
    uint32_t *line_starts; /* byte offset of each line's first byte; see ck_source_adopt */
    size_t nlines;
    ck_arena *lines_arena; /* adopted sources: where the line table is built when first needed */
    unsigned line_base;    /* lines of the file before this text (a record that is one line of a
                              register): line numbers are the file's, not the text's */
} ck_source;

/* A byte range [start, end) in one source; line:col is computed only when printed. */
typedef struct ck_span {
    const ck_source *src;
    uint32_t start;
    uint32_t end;
} ck_span;

typedef struct {
    unsigned line; /* 1-based */
    unsigned col;  /* 1-based, in characters (UTF-8 code points) */
} ck_linecol;

/* Wraps text (copied into arena), with its line table. NULL when out of memory. */
ck_source *ck_source_from_text(ck_arena *arena, const char *path, const char *text, size_t len);
/*
 * Wraps text that already lives in arena, NUL-terminated, without copying it; the line table is
 * built the first time a line or column is asked for. Most records are never quoted, so most
 * never need one. Not for a source that several threads read: building the table writes it.
 */
ck_source *ck_source_adopt(ck_arena *arena, const char *path, const char *text, size_t len);
ck_linecol ck_source_linecol(const ck_source *src, uint32_t offset);
/* The line holding offset, without its newline (or CR LF). */
const char *ck_source_line(const ck_source *src, unsigned line, size_t *len);

#endif
