/* An ordered pipeline: jobs made in one order on the calling thread, worked on N threads, finished
 * on the calling thread in the order they were made. */
#ifndef CK_PARALLEL_H
#define CK_PARALLEL_H

#include <stddef.h>

/*
 * check -j N: the walk makes a job per record, workers load and evaluate them, and the reports
 * are written by the thread that walks, record after record in walk order, so that the output is
 * byte-identical to -j 1's whatever the threads' timing. A job is an opaque block of job_size
 * bytes owned by the pipeline (a ring of them, reused: whatever a job allocates, finish releases).
 *
 *   work(ctx, job, worker): on a worker thread (worker in [0, threads)), or on the calling thread
 *       (worker == threads) when the oldest job is still untaken when it is to be finished; it may
 *       touch the job and what belongs to that worker number only. With one thread there is no
 *       worker thread: work runs on the calling thread (worker 0), right after the job is made,
 *       and finish right after it.
 *   finish(ctx, job): on the calling thread, in order; a non-zero return stops the pipeline (every
 *       job made is still finished, so nothing leaks, but no new job is accepted).
 *
 * Nothing here prints or exits; the ring is bounded, so memory stays flat: making a job when every
 * slot is taken first waits for and finishes the oldest.
 */
typedef struct ck_pipeline ck_pipeline;

typedef struct ck_pipeline_fns {
    void (*work)(void *ctx, void *job, unsigned worker);
    int (*finish)(void *ctx, void *job);
} ck_pipeline_fns;

/* A pipeline of threads workers (at least 1); NULL when out of memory or no thread could start. */
ck_pipeline *ck_pipeline_new(unsigned threads, size_t job_size, ck_pipeline_fns fns, void *ctx);

/* The next job to fill, zeroed; NULL once finish has stopped the pipeline. The caller fills it and
 * hands it over with ck_pipeline_submit before asking for another. */
void *ck_pipeline_job(ck_pipeline *p);
void ck_pipeline_submit(ck_pipeline *p);

/*
 * From finish only: waits until no worker is inside work(), and keeps them from taking another
 * until ck_pipeline_resume. Work that forks (a PDF read in a child process) or uses a library that
 * wants one thread (libxml2's set-up) then runs alone: a child forked while another thread held a
 * lock inside a library would find that lock held forever.
 */
void ck_pipeline_pause(ck_pipeline *p);
void ck_pipeline_resume(ck_pipeline *p);

/* Waits for every job made so far and finishes them; then 0, or finish's non-zero value. */
int ck_pipeline_drain(ck_pipeline *p);

/* Drains, stops the workers and frees the pipeline. */
void ck_pipeline_free(ck_pipeline *p);

/* The number of CPUs this process may run on (at least 1): -j's default. */
unsigned ck_cpu_count(void);

#endif
