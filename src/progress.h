/* A progress line on a terminal for long runs: records done of all, the rate, the time left. */
#ifndef CK_PROGRESS_H
#define CK_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "repo.h"

/*
 * Shown only when asked (the caller decides: stderr is a terminal, no --quiet, no --no-progress)
 * and only once the run has lasted about a second, so a quick run prints nothing. Redrawn in place
 * (carriage return, the line, erase to its end) at most ten times a second, and erased when the run
 * ends, so what the run prints on stdout and its diagnostics are never mixed with it.
 */
typedef struct ck_progress {
    FILE *out;
    bool enabled;
    bool shown;            /* something is on the line now */
    double started, drawn_at;
    size_t total;          /* 0 when not known */
} ck_progress;

void ck_progress_start(ck_progress *p, FILE *out, bool enabled, size_t total);
/* The records under paths, for the line's total and time left: a walk that reads no record file
 * (what it would report is left to the run itself), and counts each register's lines. */
size_t ck_progress_total(ck_repos *repos, char *const *paths, size_t n);
/* done records so far; cheap to call for every record. */
void ck_progress_update(ck_progress *p, size_t done);
/* Erases the line before something else is written to out, or at the end. */
void ck_progress_clear(ck_progress *p);

#endif
