/* Registers: many supplier records in one file (a GRC or TPRM export), read as a stream. */
#ifndef CK_REGISTER_H
#define CK_REGISTER_H

#include <stdbool.h>

#include "diag.h"
#include "policy.h"
#include "record.h"
#include "register_csv.h"

/*
 * A JSON Lines register (.jsonl, .ndjson) holds one record per line, each a JSON object with the
 * same structure as a record file. It is read in large blocks, one line at a time, so memory stays
 * flat whatever the register's size; each record is named "FILE:LINE" and located at the file's
 * own lines and columns. Blank lines are skipped; a line that is not a record (bad JSON, a NUL
 * byte, longer than the record size limit) is an input error at its line, and the lines around it
 * are still read. A UTF-8 byte order mark and CR LF line ends are accepted.
 */
typedef struct ck_register ck_register;

/* Whether path names a register by its extension (.jsonl, .ndjson, .csv). */
bool ck_register_named(const char *path);

/* About how many records the register at path holds: its lines, less a CSV's header (a quoted
 * CSV field across lines counts twice); 0 when it cannot be read. For a progress line's total: a
 * pass of memchr over a file about to be read, never a parse. */
size_t ck_register_rows_about(const char *path);

/*
 * Opens the register at path (display: how messages name it). A CSV register (.csv) is read with
 * mapping, which its header row must satisfy (see register_csv.h); a JSON Lines one ignores it.
 * 0; 1 with diagnostics when it cannot be read or its header does not fit the mapping; -1 when out
 * of memory.
 */
int ck_register_open(const char *path, const char *display, const ck_csv_mapping *mapping, const ck_policy *policy,
                     const ck_record_limits *limits, ck_diags *diags, ck_register **out);

/*
 * Reads the next record. 1: a line was read; *rec is the record (rc 0: load it as usual; rc 1:
 * not a record, the diagnostics say why and point into *rec's text, so print them before freeing
 * it, which may be NULL). 0: the register is done. -1: out of memory.
 */
int ck_register_next(ck_register *r, const ck_policy *policy, ck_diags *diags, ck_record **rec, int *rc);

/*
 * The same in two steps, for loading rows on other threads (check -j): the reader hands out each
 * row's bytes in order, and any number of threads load them at once (a register's mapping is only
 * read). A row the reader itself refuses (longer than the limit, a byte order mark inside) comes
 * as refused instead: a record holding what its diagnostics in diags quote.
 */
typedef struct ck_register_row {
    const char *text;      /* valid until the next call */
    size_t len;
    unsigned line;
    ck_record *refused;    /* or NULL */
} ck_register_row;

/* 1: *row is set; 0: the register is done; -1: out of memory. */
int ck_register_next_row(ck_register *r, const ck_policy *policy, ck_diags *diags, ck_register_row *row);
/* Loads a row ck_register_next_row gave (text: those bytes, or a copy): 0 with *rec; 1 when it is
 * not a record (*rec holds the text the diagnostics point into); -1 when out of memory. */
int ck_register_load_row(const ck_register *r, const ck_policy *policy, const char *text, size_t len, unsigned line,
                         ck_diags *diags, ck_record **rec);

void ck_register_close(ck_register *r);

#endif
