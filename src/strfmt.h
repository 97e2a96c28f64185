/* snprintf for the evaluator's and presenter's messages, without stdio's per-call cost. */
#ifndef CK_STRFMT_H
#define CK_STRFMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * vsnprintf's contract (the length the whole text needs, at most size - 1 bytes and a NUL
 * written), done here for the conversions messages use: %s, %.*s, %c, %d, %u, %zu, %lld, %llu and %%.
 * A format with any other conversion, flag or width, or a NULL string argument, is handed to
 * vsnprintf whole, so the output is always what vsnprintf would write.
 *
 * Why: findings are worded as they are made, several a record, each a few %s joined; glibc's
 * vsnprintf spends some 300 instructions setting up a string stream per call and copies %s
 * arguments a byte at a time. In `make bench`'s evaluation-only figure half the time went there.
 */
int ck_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ck_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
