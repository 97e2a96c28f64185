/* An ordered pipeline: jobs made in one order on the calling thread, worked on N threads, finished
 * on the calling thread in the order they were made. */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "parallel.h"

#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A worker allocates a record's memory and the walking thread frees it: glibc then hands the top
 * of the worker's heap back to the kernel at nearly every free and faults it in again at the next
 * record (3.5 page faults a record at -j 2, against none at -j 1). Freed memory up to this much is
 * kept instead; memory stays flat, since the ring bounds what is ever in use. */
#define KEEP_FREED ((size_t)64 << 20)

/* Jobs in flight per thread: enough that no worker waits while the finisher writes a slow record,
 * few enough that memory stays that of a handful of records per thread. */
#define JOBS_PER_THREAD 32
/* A sleeping worker is woken once this many jobs wait (or when the walking thread itself is about
 * to wait): a wake-up costs more than a record, so one per record would be most of the overhead. */
#define WAKE_BATCH 4

typedef enum { SLOT_FILLING, SLOT_READY, SLOT_DONE } slot_state;

/*
 * Jobs are numbered in the order they are made; job s lives in slot s % nslots. head is the oldest
 * not yet finished, next the oldest no worker has taken, tail the next to be made:
 * head <= next <= tail <= head + nslots. The mutex guards the numbers and the slots' states; a job's
 * own bytes belong to whoever its state says (the maker while filling, the worker that took it,
 * then the finisher once done), so they are touched outside the lock.
 */
struct ck_pipeline {
    ck_pipeline_fns fns;
    void *ctx;
    unsigned threads;        /* 1: no worker threads, everything inline */
    pthread_t *tids;
    unsigned started;
    size_t job_size, nslots;
    unsigned char *jobs;     /* nslots * job_size */
    slot_state *state;
    size_t head, next, tail;
    int stop_rc;             /* finish's first non-zero value */
    unsigned running;        /* workers inside work() */
    unsigned idle;           /* workers waiting for a job: only then is making one worth a wake-up */
    size_t done;             /* jobs done and not yet finished */
    bool waiting;            /* the finisher waits for a job to be done */
    bool paused;             /* ck_pipeline_pause: workers take no job */
    bool quit;
    pthread_mutex_t mu;
    pthread_cond_t work_cv;  /* a job was made, or quit */
    pthread_cond_t done_cv;  /* a job was done */
};

typedef struct {
    ck_pipeline *p;
    unsigned index;
} worker_arg;

static void *job_at(const ck_pipeline *p, size_t seq) { return p->jobs + (seq % p->nslots) * p->job_size; }

/*
 * Whether the waiting finisher is worth waking. A wake-up across CPUs costs tens of microseconds
 * on a virtual machine, more than a small record's whole check: woken for each job, the finisher
 * would finish one, make one and sleep again, and -j 2 ran a JSON Lines register no faster than
 * -j 1 (3,900 context switches for 10,000 rows). So it is woken once half the ring is done, or
 * when no worker is running (nothing else will happen before it acts; pause waits for that).
 * Called with the lock held.
 */
static bool finisher_may_go(const ck_pipeline *p)
{
    if (p->running == 0)
        return true;
    return p->state[p->head % p->nslots] == SLOT_DONE && p->done >= p->nslots / 2;
}

static void *worker_main(void *arg)
{
    worker_arg *w = arg;
    ck_pipeline *p = w->p;
    unsigned index = w->index;
    free(w);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && (p->next == p->tail || p->paused)) {
            p->idle++;
            pthread_cond_wait(&p->work_cv, &p->mu);
            p->idle--;
        }
        if (p->next == p->tail)
            break; /* quit, and nothing left to take */
        size_t seq = p->next++;
        p->running++;
        pthread_mutex_unlock(&p->mu);
        p->fns.work(p->ctx, job_at(p, seq), index);
        pthread_mutex_lock(&p->mu);
        p->running--;
        p->state[seq % p->nslots] = SLOT_DONE;
        p->done++;
        if (p->waiting && finisher_may_go(p))
            pthread_cond_signal(&p->done_cv); /* only the finisher waits on it */
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static int start_workers(ck_pipeline *p)
{
    if (!(p->tids = calloc(p->threads, sizeof *p->tids)))
        return -1;
    for (unsigned i = 0; i < p->threads; i++) {
        worker_arg *w = malloc(sizeof *w);
        if (!w)
            break;
        *w = (worker_arg){p, i};
        if (pthread_create(&p->tids[i], NULL, worker_main, w) != 0) {
            free(w);
            break;
        }
        p->started++;
    }
    return p->started > 0 ? 0 : -1; /* fewer threads than asked still finish every job */
}

ck_pipeline *ck_pipeline_new(unsigned threads, size_t job_size, ck_pipeline_fns fns, void *ctx)
{
    ck_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    *p = (ck_pipeline){.fns = fns, .ctx = ctx, .threads = threads ? threads : 1, .job_size = job_size};
    p->nslots = p->threads == 1 ? 1 : (size_t)p->threads * JOBS_PER_THREAD;
    p->jobs = calloc(p->nslots, job_size);
    p->state = calloc(p->nslots, sizeof *p->state);
    bool ok = p->jobs && p->state && pthread_mutex_init(&p->mu, NULL) == 0;
    ok = ok && pthread_cond_init(&p->work_cv, NULL) == 0 && pthread_cond_init(&p->done_cv, NULL) == 0;
    if (ok && p->threads > 1)
        mallopt(M_TRIM_THRESHOLD, (int)KEEP_FREED);
    if (ok && p->threads > 1 && start_workers(p) != 0) {
        ck_pipeline_free(p);
        return NULL;
    }
    if (!ok) {
        free(p->jobs);
        free(p->state);
        free(p);
        return NULL;
    }
    return p;
}

/* Finishes the oldest job once it is done. The walking thread does not sleep while that job is
 * still waiting for a worker: it works on it itself (as worker number threads), which also keeps
 * it busy when the workers are slower than the walk. */
static void finish_oldest(ck_pipeline *p)
{
    size_t slot = p->head % p->nslots;
    if (p->threads > 1) {
        pthread_mutex_lock(&p->mu);
        bool mine = p->next == p->head && p->head < p->tail && !p->paused;
        if (mine)
            p->next++;
        while (!mine && p->state[slot] != SLOT_DONE) {
            if (p->idle && p->next < p->tail)
                pthread_cond_signal(&p->work_cv); /* jobs are waiting: no one should sleep */
            p->waiting = true;
            pthread_cond_wait(&p->done_cv, &p->mu);
            p->waiting = false;
        }
        p->done -= !mine;
        pthread_mutex_unlock(&p->mu);
        if (mine)
            p->fns.work(p->ctx, job_at(p, p->head), p->threads);
    }
    int rc = p->fns.finish(p->ctx, job_at(p, p->head));
    if (rc != 0 && p->stop_rc == 0)
        p->stop_rc = rc;
    p->head++; /* only this thread reads head */
}

/* Finishes every job already done, in order, without waiting: fewer wake-ups than one at a time. */
static void finish_done(ck_pipeline *p)
{
    for (;;) {
        pthread_mutex_lock(&p->mu);
        bool done = p->head < p->tail && p->state[p->head % p->nslots] == SLOT_DONE;
        pthread_mutex_unlock(&p->mu);
        if (!done)
            return;
        finish_oldest(p);
    }
}

void *ck_pipeline_job(ck_pipeline *p)
{
    if (p->tail - p->head == p->nslots) {
        finish_oldest(p);
        if (p->threads > 1)
            finish_done(p);
    }
    if (p->stop_rc != 0)
        return NULL;
    void *job = job_at(p, p->tail);
    memset(job, 0, p->job_size);
    p->state[p->tail % p->nslots] = SLOT_FILLING;
    return job;
}

void ck_pipeline_submit(ck_pipeline *p)
{
    if (p->threads == 1) {
        p->fns.work(p->ctx, job_at(p, p->tail), 0);
        p->tail++;
        finish_oldest(p);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->state[p->tail % p->nslots] = SLOT_READY;
    p->tail++;
    if (p->idle && p->tail - p->next >= WAKE_BATCH)
        pthread_cond_signal(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
}

void ck_pipeline_pause(ck_pipeline *p)
{
    if (p->threads == 1)
        return;
    pthread_mutex_lock(&p->mu);
    p->paused = true;
    while (p->running > 0) {
        p->waiting = true;
        pthread_cond_wait(&p->done_cv, &p->mu);
        p->waiting = false;
    }
    pthread_mutex_unlock(&p->mu);
}

void ck_pipeline_resume(ck_pipeline *p)
{
    if (p->threads == 1)
        return;
    pthread_mutex_lock(&p->mu);
    p->paused = false;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
}

int ck_pipeline_drain(ck_pipeline *p)
{
    while (p->head < p->tail)
        finish_oldest(p);
    return p->stop_rc;
}

void ck_pipeline_free(ck_pipeline *p)
{
    if (!p)
        return;
    ck_pipeline_drain(p);
    if (p->tids) {
        pthread_mutex_lock(&p->mu);
        p->quit = true;
        pthread_cond_broadcast(&p->work_cv);
        pthread_mutex_unlock(&p->mu);
        for (unsigned i = 0; i < p->started; i++)
            pthread_join(p->tids[i], NULL);
        free(p->tids);
    }
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->done_cv);
    pthread_mutex_destroy(&p->mu);
    free(p->jobs);
    free(p->state);
    free(p);
}

unsigned ck_cpu_count(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}
