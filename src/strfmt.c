/* snprintf for messages: the common conversions done directly, the rest by vsnprintf. */
#include "strfmt.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *buf;
    size_t size;
    size_t len; /* the length of the whole text so far, written or not */
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->len + 1 < o->size) {
        size_t room = o->size - 1 - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

/* The decimal digits of v, with a '-' when negative. */
static void put_int(out *o, uintmax_t v, bool negative)
{
    char digits[24];
    char *p = digits + sizeof digits;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (negative)
        *--p = '-';
    put(o, p, (size_t)(digits + sizeof digits - p));
}

/* One conversion after its '%' at *f: done, *f moved past it; false for what this does not handle. */
static bool convert(out *o, const char **f, va_list *ap)
{
    const char *c = *f;
    if (c[0] == 's') {
        const char *s = va_arg(*ap, const char *);
        if (!s)
            return false; /* glibc's "(null)" is vsnprintf's to write */
        put(o, s, strlen(s));
        *f = c + 1;
    } else if (c[0] == '.' && c[1] == '*' && c[2] == 's') {
        int prec = va_arg(*ap, int);
        const char *s = va_arg(*ap, const char *);
        if (!s)
            return false;
        put(o, s, prec < 0 ? strlen(s) : strnlen(s, (size_t)prec));
        *f = c + 3;
    } else if (c[0] == 'd') {
        int v = va_arg(*ap, int);
        put_int(o, v < 0 ? (uintmax_t)0 - (uintmax_t)(intmax_t)v : (uintmax_t)v, v < 0);
        *f = c + 1;
    } else if (c[0] == 'u') {
        put_int(o, va_arg(*ap, unsigned), false);
        *f = c + 1;
    } else if (c[0] == 'z' && c[1] == 'u') {
        put_int(o, va_arg(*ap, size_t), false);
        *f = c + 2;
    } else if (c[0] == 'l' && c[1] == 'l' && c[2] == 'd') {
        long long v = va_arg(*ap, long long);
        put_int(o, v < 0 ? (uintmax_t)0 - (uintmax_t)v : (uintmax_t)v, v < 0);
        *f = c + 3;
    } else if (c[0] == 'l' && c[1] == 'l' && c[2] == 'u') {
        put_int(o, va_arg(*ap, unsigned long long), false);
        *f = c + 3;
    } else if (c[0] == 'c') {
        char ch = (char)va_arg(*ap, int);
        put(o, &ch, 1);
        *f = c + 1;
    } else if (c[0] == '%') {
        put(o, "%", 1);
        *f = c + 1;
    } else {
        return false;
    }
    return true;
}

int ck_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    out o = {buf, size, 0};
    va_list args, whole;
    va_copy(args, ap);
    va_copy(whole, ap);
    const char *f = fmt;
    bool handled = true;
    while (*f) {
        const char *pct = strchr(f, '%');
        size_t lit = pct ? (size_t)(pct - f) : strlen(f);
        put(&o, f, lit);
        if (!pct)
            break;
        f = pct + 1;
        if (!convert(&o, &f, &args)) {
            handled = false;
            break;
        }
    }
    va_end(args);
    int n;
    if (!handled) {
        n = vsnprintf(buf, size, fmt, whole);
    } else if (o.len > INT_MAX) {
        n = -1; /* as vsnprintf: the length cannot be returned */
    } else {
        if (size)
            buf[o.len < size ? o.len : size - 1] = '\0';
        n = (int)o.len;
    }
    va_end(whole);
    return n;
}

int ck_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = ck_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
