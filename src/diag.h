/* Diagnostics: accumulated, counted, and printed compiler-style with the source line and a caret. */
#ifndef CK_DIAG_H
#define CK_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "source.h"

typedef enum { CK_DIAG_ERROR, CK_DIAG_WARNING, CK_DIAG_NOTE } ck_diag_level;
/* "error", "warning", "note": as diagnostics print the level, and the public API reports it. */
const char *ck_diag_level_name(ck_diag_level level);

typedef struct ck_diag {
    ck_diag_level level;
    ck_span span;       /* span.src may be NULL for errors without a place */
    const char *path;   /* used when span.src is NULL (e.g. an unreadable file) */
    char *message;
    char *hint;         /* optional */
    const char *code;   /* a stable name of its kind (lint -f json), or NULL: see docs/lint.schema.json */
} ck_diag;

/* A diagnostics list owns its messages (in its own arena). */
typedef struct ck_diags {
    ck_arena *arena;
    ck_vec list; /* of ck_diag * */
    size_t errors;
    size_t warnings;
    size_t max_errors; /* stop recording errors after this many; 0 = no limit */
    bool truncated;
    ck_vec adopted;    /* arenas whose sources the diagnostics point into (freed by fini) */
} ck_diags;

int ck_diags_init(ck_diags *d);
void ck_diags_fini(ck_diags *d);
/* Keeps arena alive as long as the diagnostics: a failed compile hands over the
 * arena holding the sources its diagnostics quote. */
int ck_diags_adopt(ck_diags *d, ck_arena *arena);

/* Adds a diagnostic; returns it so a hint can be attached. NULL when dropped. */
ck_diag *ck_diag_add(ck_diags *d, ck_diag_level level, ck_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
ck_diag *ck_diag_add_path(ck_diags *d, ck_diag_level level, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Either of the above, with the arguments as a va_list (path NULL: the span's file), for wrappers. */
ck_diag *ck_diag_addv(ck_diags *d, ck_diag_level level, ck_span span, const char *path, const char *fmt,
                      va_list ap);
void ck_diag_hint(ck_diags *d, ck_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints every diagnostic in order, then nothing else. */
void ck_diags_print(FILE *out, const ck_diags *d, bool color);
void ck_diag_print(FILE *out, const ck_diag *diag, bool color);
/* Only the first line, "path:line:col: error: message", for one-line-per-problem outputs. */
void ck_diag_print_line(FILE *out, const ck_diag *diag, bool color);

/* One diagnostic as a JSON object (docs/lint.schema.json): file, line, column and end (null
 * without a place; columns count characters), severity, code, message, hint. */
void ck_diag_write_json(FILE *out, const ck_diag *diag);

/* Prints the source line of span and a caret line under it (shared with the text report). */
void ck_diag_print_excerpt(FILE *out, ck_span span, bool color);

/* Whether to colour output for stream: a terminal and NO_COLOR unset. */
bool ck_diag_want_color(FILE *stream);

#endif
