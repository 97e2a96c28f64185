/* Text helpers shared by the checker, the record loader and the reporters. */
#include "textutil.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strfmt.h"

/* One row of the classic DP; 64 covers every identifier we compare in practice without touching the heap. */
#define SMALL_ROW 64

static size_t cap_plus_one(size_t cap) { return cap == SIZE_MAX ? SIZE_MAX : cap + 1; }

size_t ck_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la < lb) { /* the row follows the shorter string, so memory is O(min) */
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    if (la - lb > cap) /* at least that many insertions are needed */
        return cap_plus_one(cap);
    size_t small[SMALL_ROW + 1];
    size_t *row = small;
    if (lb > SMALL_ROW) {
        row = malloc((lb + 1) * sizeof *row); /* lb + 1 <= strlen + 1, so no overflow */
        if (!row)
            return cap_plus_one(cap);
    }
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    bool exceeded = false;
    for (size_t i = 1; i <= la && !exceeded; i++) {
        size_t diag = row[0], best = i;
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (up + 1 < v)
                v = up + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        /* Row minima never decrease, so once every cell is past cap the answer is too. */
        exceeded = best > cap;
    }
    size_t result = exceeded || row[lb] > cap ? cap_plus_one(cap) : row[lb];
    if (row != small)
        free(row);
    return result;
}

/* "nmae" for "name": the commonest typo costs two edits in Levenshtein terms, so it is
 * recognised on its own as one. */
static bool one_swap_apart(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    if (!a[i] || !b[i] || !a[i + 1] || a[i] != b[i + 1] || a[i + 1] != b[i])
        return false;
    return strcmp(a + i + 2, b + i + 2) == 0;
}

/* Whether a and b hold the same digits in the same order: 27001 and 27017 name different things. */
static bool same_digits(const char *a, const char *b)
{
    for (;;) {
        while (*a && (*a < '0' || *a > '9'))
            a++;
        while (*b && (*b < '0' || *b > '9'))
            b++;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
        a++, b++;
    }
}

const char *ck_misspelling(const char *name, const char *const *candidates, size_t n)
{
    if (!name || !candidates)
        return NULL;
    size_t cap = strlen(name) < 8 ? 1 : 2, best_d = cap + 1;
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i] || !same_digits(name, candidates[i]))
            continue;
        size_t d = one_swap_apart(name, candidates[i]) ? 1 : ck_edit_distance(name, candidates[i], cap);
        if (d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

const char *ck_closest(const char *name, const char *const *candidates, size_t n)
{
    if (!name || !candidates)
        return NULL;
    size_t cap = strlen(name) / 3;
    if (cap < 1)
        cap = 1;
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t d = one_swap_apart(name, candidates[i]) ? 1 : ck_edit_distance(name, candidates[i], cap);
        if (d > cap)
            continue;
        best = candidates[i];
        if (d == 0)
            break;
        cap = d - 1; /* only a strictly closer one can replace it, so ties keep the first */
    }
    return best;
}

/*
 * Decodes the sequence at s. Returns its length and sets *valid; for an invalid
 * sequence the length is its maximal subpart (the longest prefix that could
 * still have begun a valid sequence, at least 1), which is what U+FFFD replaces.
 */
static size_t utf8_next(const unsigned char *s, size_t len, bool *valid)
{
    unsigned char c = s[0];
    *valid = true;
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* below: overlong */
        else if (c == 0xED)
            hi = 0x9F; /* above: UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* below: overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above: past U+10FFFF */
    } else {
        *valid = false; /* stray continuation byte, C0, C1 or F5..FF */
        return 1;
    }
    size_t i = 1;
    for (; i < n && i < len; i++) {
        unsigned char b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
            break;
    }
    if (i < n)
        *valid = false;
    return i;
}

size_t ck_utf8_char_len(const char *s, size_t len, bool *valid)
{
    return utf8_next((const unsigned char *)s, len, valid);
}

uint32_t ck_utf8_codepoint(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n <= 1)
        return u[0];
    uint32_t cp = n == 2 ? u[0] & 0x1Fu : n == 3 ? u[0] & 0x0Fu : u[0] & 0x07u;
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (u[i] & 0x3Fu);
    return cp;
}

/* Whether no byte of p[0, len) is outside ASCII (or, with printable, outside 0x20-0x7e). The
 * blocks have a constant trip count, so even -O2's cheapest vectoriser widens them. */
static inline bool ascii_scan(const unsigned char *p, size_t len, bool printable)
{
    unsigned char any = 0;
    size_t i = 0;
    for (; i + 32 <= len && !any; i += 32)
        for (size_t k = 0; k < 32; k++)
            any |= printable ? (unsigned char)((p[i + k] < 0x20) | (p[i + k] >= 0x7f)) : (unsigned char)(p[i + k] & 0x80);
    for (; i < len; i++)
        any |= printable ? (unsigned char)((p[i] < 0x20) | (p[i] >= 0x7f)) : (unsigned char)(p[i] & 0x80);
    return !any;
}

bool ck_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    bool valid = true;
    for (size_t i = 0; i < len && valid;) {
        if (p[i] >= 0x80)
            i += utf8_next(p + i, len - i, &valid);
        else if (i + 32 <= len && ascii_scan(p + i, 32, false))
            i += 32; /* record text is mostly ASCII: a block at a time */
        else
            while (i < len && p[i] < 0x80) /* the ASCII before the next sequence, each byte once more */
                i++;
    }
    return valid;
}

bool ck_ascii_only(const char *s, size_t len) { return ascii_scan((const unsigned char *)s, len, false); }

bool ck_ascii_printable(const char *s, size_t len) { return ascii_scan((const unsigned char *)s, len, true); }

void ck_utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && n - i < 3 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
        i--; /* back over the continuation bytes at the end */
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (lead >= 0xc0 && n - (i - 1) < need)
        s[i - 1] = '\0'; /* a lead byte short of its continuation bytes: the cut came inside it */
}

void ck_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    if (ck_vsnprintf(buf, size, fmt, ap) >= (int)size)
        ck_utf8_trim(buf);
}

void ck_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ck_vformat(buf, size, fmt, ap);
    va_end(ap);
}
