/* Reading a whole input file: regular files only, never blocking, within a size limit. */
#ifndef CK_FILE_READ_H
#define CK_FILE_READ_H

#include <stddef.h>

typedef enum {
    CK_READ_OK,
    CK_READ_ERRNO,        /* open or read failed: *err holds errno */
    CK_READ_DIRECTORY,
    CK_READ_NOT_REGULAR,  /* a FIFO, socket or device: never opened for reading past O_NONBLOCK */
    CK_READ_TOO_LARGE,    /* more than max bytes: *err unused, *len holds the size */
    CK_READ_CHANGED,      /* the file grew while it was read */
    CK_READ_NO_MEMORY,
} ck_read_status;

/*
 * Reads the regular file at path into a malloc'd, NUL-terminated buffer (*text, *len bytes; the
 * caller frees it). O_NONBLOCK so that a FIFO swapped in never blocks the run; the size is taken
 * from fstat on the opened file, so what is classified is what is read.
 */
ck_read_status ck_read_regular(const char *path, size_t max, char **text, size_t *len, int *err);

/* Why a read failed, as words that follow "cannot read FILE: " (err: as ck_read_regular set it). */
const char *ck_read_reason(ck_read_status rs, int err);

#endif
