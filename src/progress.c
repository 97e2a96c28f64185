/* The progress line: throttled redraws on stderr, erased before anything else is written there. */
#include "progress.h"

#include <time.h>

#include "register.h"
#include "walk.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void ck_progress_start(ck_progress *p, FILE *out, bool enabled, size_t total)
{
    *p = (ck_progress){.out = out, .enabled = enabled && out, .total = total};
    if (p->enabled)
        p->started = now();
}

static int count_one(void *ctx, const char *path, ck_repo *repo)
{
    (void)repo;
    *(size_t *)ctx += ck_register_named(path) ? ck_register_rows_about(path) : 1;
    return 0;
}

size_t ck_progress_total(ck_repos *repos, char *const *paths, size_t n)
{
    ck_diags quiet;
    if (ck_diags_init(&quiet) != 0)
        return 0;
    size_t total = 0;
    ck_walk w = {.repos = repos, .fn = count_one, .ctx = &total, .diags = &quiet};
    for (size_t i = 0; i < n; i++)
        if (ck_walk_path(&w, paths[i]) < 0)
            break;
    ck_diags_fini(&quiet);
    return total;
}

/* "1:05" or "12s": how a person reads a remaining time. */
static void say_time(char *buf, size_t n, double secs)
{
    long s = (long)(secs + 0.5);
    if (s >= 60)
        snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
    else
        snprintf(buf, n, "%lds", s);
}

void ck_progress_update(ck_progress *p, size_t done)
{
    if (!p->enabled)
        return;
    double t = now();
    if (t - p->started < 1.0 || t - p->drawn_at < 0.1)
        return;
    p->drawn_at = t;
    double rate = (double)done / (t - p->started);
    if (p->total && done <= p->total) {
        char left[32];
        say_time(left, sizeof left, rate > 0 ? (double)(p->total - done) / rate : 0);
        fprintf(p->out, "\r%zu of %zu records (%d%%), %.0f/s, %s left\033[K", done, p->total,
                (int)(100.0 * (double)done / (double)p->total), rate, left);
    } else {
        fprintf(p->out, "\r%zu records, %.0f/s\033[K", done, rate);
    }
    fflush(p->out);
    p->shown = true;
}

void ck_progress_clear(ck_progress *p)
{
    if (!p->enabled || !p->shown)
        return;
    fputs("\r\033[K", p->out);
    fflush(p->out);
    p->shown = false;
}
