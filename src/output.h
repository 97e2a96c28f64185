/* A command's output: standard output or a file replaced atomically, with every write checked. */
#ifndef CK_OUTPUT_H
#define CK_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * Every command writes through one of these, so that no write error is lost: stdio remembers
 * only that a write failed, not why, so the stream handed out is a cookie stream whose write
 * function keeps the first errno. A file output (-o FILE) is written to a temporary file beside
 * FILE, created with mode 0666 minus the umask (the kernel applies it, as for any new file),
 * and renamed over FILE only when closed complete; on failure FILE is untouched.
 * Nothing here prints: errors are errno values for the caller to word.
 */
typedef struct ck_output {
    FILE *f;              /* write here, between open and close */
    const char *name;     /* for messages: the path, or "standard output" */
    const char *path;     /* the file written, or NULL for standard output */
    char *tmp_path;       /* the temporary file beside path (malloc'd); NULL when path is no
                             regular file and is written in place */
    int fd;
    int error;            /* the first write error (errno), 0 while none */
} ck_output;

/* Opens path (NULL: standard output): a regular or new file is replaced atomically on close, a
 * device or FIFO written in place. 0, or an errno value (nothing is left to close). */
int ck_output_open(ck_output *o, const char *path);
/* Like ck_output_open(path), keeping path's permissions (for rewriting a file in place). */
int ck_output_open_replacing(ck_output *o, const char *path);
/*
 * Flushes and closes; with keep, a file output replaces its path. 0 when everything written
 * arrived, else the errno of the first failure (EPIPE when the reader went away). A file output
 * not kept, or failed, leaves its path untouched and no temporary file behind.
 */
int ck_output_close(ck_output *o, bool keep);

#endif
