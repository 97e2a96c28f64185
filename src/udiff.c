/* Unified diffs (fmt --diff): Myers' shortest edit script between two texts' lines, in hunks. */
#include "udiff.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this many edits the exact script is not worth its memory (O(D^2) ints): the differing
 * middle is written as removed, then added, which is still a correct diff, only a longer one. */
#define MAX_EDITS 2000
#define CONTEXT 3

typedef struct {
    const char *s;
    size_t len; /* with its '\n', when it has one */
} line;

typedef struct {
    line *v;
    size_t n;
} lines;

static int split(const char *text, size_t len, lines *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    n += len && text[len - 1] != '\n';
    out->v = malloc((n ? n : 1) * sizeof *out->v);
    out->n = 0;
    if (!out->v)
        return -1;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t l = nl ? (size_t)(nl - (text + at)) + 1 : len - at;
        out->v[out->n++] = (line){text + at, l};
        at += l;
    }
    return 0;
}

static bool same(const line *a, const line *b) { return a->len == b->len && memcmp(a->s, b->s, a->len) == 0; }

/* The edit script as one op per line: '=' both, '-' only in a, '+' only in b. */
typedef struct {
    char *op;
    size_t n;
} script;

/*
 * Myers' greedy algorithm on a[0..n) and b[0..m): v[d] keeps, for each diagonal k in -d..d (step
 * 2), the furthest x reached with d edits; walking them back from (n, m) gives the script, in
 * reverse, into rev. -1 out of memory, 1 when more than MAX_EDITS edits would be needed.
 */
static int myers(const line *a, size_t n, const line *b, size_t m, char *rev, size_t *nrev)
{
    long **v = calloc(MAX_EDITS + 1, sizeof *v);
    long d, found = -1;
    if (!v)
        return -1;
    for (d = 0; d <= MAX_EDITS && found < 0; d++) {
        if (!(v[d] = malloc((size_t)(d + 1) * sizeof **v)))
            break;
        for (long k = -d; k <= d; k += 2) {
            long x;
            if (d == 0)
                x = 0;
            else if (k == -d || (k != d && v[d - 1][(k - 1 + d - 1) / 2] < v[d - 1][(k + 1 + d - 1) / 2]))
                x = v[d - 1][(k + 1 + d - 1) / 2]; /* down: a line of b inserted */
            else
                x = v[d - 1][(k - 1 + d - 1) / 2] + 1; /* right: a line of a deleted */
            long y = x - k;
            while ((size_t)x < n && (size_t)y < m && same(&a[x], &b[y]))
                x++, y++;
            v[d][(k + d) / 2] = x;
            if ((size_t)x >= n && (size_t)y >= m) {
                found = d;
                break;
            }
        }
    }
    int rc = found < 0 ? (d > MAX_EDITS ? 1 : -1) : 0;
    long x = (long)n, y = (long)m;
    for (d = found; rc == 0 && d > 0; d--) {
        long k = x - y;
        bool down = k == -d || (k != d && v[d - 1][(k - 1 + d - 1) / 2] < v[d - 1][(k + 1 + d - 1) / 2]);
        long pk = down ? k + 1 : k - 1, px = v[d - 1][(pk + d - 1) / 2], py = px - pk;
        long mx = down ? px : px + 1; /* where the edit ends and the snake begins */
        for (; x > mx; x--, y--)
            rev[(*nrev)++] = '=';
        rev[(*nrev)++] = down ? '+' : '-';
        x = px, y = py;
    }
    for (; rc == 0 && x > 0; x--)
        rev[(*nrev)++] = '=';
    for (long i = 0; i <= MAX_EDITS && v[i]; i++)
        free(v[i]);
    free(v);
    return rc;
}

/* The whole script: common lines at both ends, Myers between them (or all removed, then added). */
static int edit_script(const lines *a, const lines *b, script *s)
{
    size_t pre = 0, suf = 0;
    while (pre < a->n && pre < b->n && same(&a->v[pre], &b->v[pre]))
        pre++;
    while (suf < a->n - pre && suf < b->n - pre && same(&a->v[a->n - 1 - suf], &b->v[b->n - 1 - suf]))
        suf++;
    size_t n = a->n - pre - suf, m = b->n - pre - suf, nrev = 0;
    s->op = malloc(a->n + b->n + 1);
    char *rev = malloc(n + m + 1);
    if (!s->op || !rev) {
        free(rev);
        return -1;
    }
    int rc = myers(a->v + pre, n, b->v + pre, m, rev, &nrev);
    if (rc < 0) {
        free(rev);
        return -1;
    }
    s->n = 0;
    memset(s->op, '=', pre);
    s->n = pre;
    if (rc == 1) { /* too different to be worth aligning */
        memset(s->op + s->n, '-', n);
        memset(s->op + s->n + n, '+', m);
        s->n += n + m;
    } else {
        while (nrev)
            s->op[s->n++] = rev[--nrev];
    }
    memset(s->op + s->n, '=', suf);
    s->n += suf;
    free(rev);
    return 0;
}

static void put_line(FILE *out, char mark, const line *l)
{
    fputc(mark, out);
    fwrite(l->s, 1, l->len, out);
    if (!l->len || l->s[l->len - 1] != '\n')
        fputs("\n\\ No newline at end of file\n", out);
}

/* "-3,4" as GNU diff writes it: the count left out when it is 1, the start one less when 0. */
static void range(FILE *out, char sign, size_t start, size_t count)
{
    fprintf(out, " %c%zu", sign, count ? start + 1 : start);
    if (count != 1)
        fprintf(out, ",%zu", count);
}

/* The hunk of ops [from, to), which starts at line ai of a and bi of b. */
static void hunk(FILE *out, const script *s, size_t from, size_t to, size_t ai, size_t bi, const lines *a,
                 const lines *b)
{
    size_t na = 0, nb = 0;
    for (size_t i = from; i < to; i++) {
        na += s->op[i] != '+';
        nb += s->op[i] != '-';
    }
    fputs("@@", out);
    range(out, '-', ai, na);
    range(out, '+', bi, nb);
    fputs(" @@\n", out);
    for (size_t i = from; i < to; i++) {
        char op = s->op[i];
        if (op == '=')
            put_line(out, ' ', &a->v[ai]);
        else if (op == '-')
            put_line(out, '-', &a->v[ai]);
        else
            put_line(out, '+', &b->v[bi]);
        ai += op != '+';
        bi += op != '-';
    }
}

/* Every hunk: changes with up to CONTEXT equal lines around them, joined when their contexts meet. */
static void hunks(FILE *out, const script *s, const lines *a, const lines *b)
{
    size_t i = 0, ai = 0, bi = 0;
    while (i < s->n) {
        if (s->op[i] == '=') {
            i++, ai++, bi++;
            continue;
        }
        size_t back = 0; /* context before */
        while (back < CONTEXT && back < i && s->op[i - back - 1] == '=')
            back++;
        size_t end = i;
        for (;;) { /* through changes, and runs of equal lines too short to split at */
            while (end < s->n && s->op[end] != '=')
                end++;
            size_t eq = 0;
            while (end + eq < s->n && s->op[end + eq] == '=')
                eq++;
            if (end + eq == s->n || eq > 2 * CONTEXT) {
                end += eq < CONTEXT ? eq : CONTEXT;
                break;
            }
            end += eq;
        }
        hunk(out, s, i - back, end, ai - back, bi - back, a, b);
        for (; i < end; i++) {
            ai += s->op[i] != '+';
            bi += s->op[i] != '-';
        }
    }
}

int ck_udiff_write(FILE *out, const char *label_a, const char *a, size_t alen, const char *label_b, const char *b,
                   size_t blen)
{
    lines la = {0}, lb = {0};
    script s = {0};
    int rc = -1;
    if (split(a, alen, &la) == 0 && split(b, blen, &lb) == 0 && edit_script(&la, &lb, &s) == 0) {
        fprintf(out, "--- %s\n+++ %s\n", label_a, label_b);
        hunks(out, &s, &la, &lb);
        rc = 0;
    }
    free(s.op);
    free(la.v);
    free(lb.v);
    return rc;
}
