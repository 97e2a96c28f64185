/* Numbers as policies and records write them: exact decimals, compared without rounding. */
#include "number.h"

#include <stdio.h>

#include "strfmt.h"

ck_number_status ck_number_parse(const char *s, size_t len, ck_number *out)
{
    size_t i = 0, digits = 0, scale = 0;
    bool neg = false, point = false;
    int64_t coef = 0;
    if (i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    if (i == len || s[i] < '0' || s[i] > '9')
        return CK_NUMBER_MALFORMED;
    for (; i < len; i++) {
        char c = s[i];
        if (c == '.' && !point && i + 1 < len) {
            point = true;
            continue;
        }
        if (c < '0' || c > '9')
            return CK_NUMBER_MALFORMED;
        /* leading zeros are not significant: 007 has one digit */
        if (coef || c != '0' || point)
            digits++;
        scale += point;
        if (digits > CK_NUMBER_MAX_DIGITS || scale > CK_NUMBER_MAX_SCALE)
            return CK_NUMBER_TOO_LONG;
        coef = coef * 10 + (c - '0');
    }
    *out = (ck_number){.coef = neg ? -coef : coef, .scale = (uint8_t)scale};
    return CK_NUMBER_OK;
}

ck_number ck_number_int(int64_t v) { return (ck_number){.coef = v}; }

int ck_number_cmp(ck_number a, ck_number b)
{
    /* At most 15 digits and 6 decimals: the larger coefficient times 10^6 fits in 128 bits. */
    __int128 x = a.coef, y = b.coef;
    for (int s = a.scale; s < b.scale; s++)
        x *= 10;
    for (int s = b.scale; s < a.scale; s++)
        y *= 10;
    return x < y ? -1 : x > y;
}

void ck_number_format(ck_number n, char *buf, size_t cap)
{
    uint64_t mag = n.coef < 0 ? (uint64_t)0 - (uint64_t)n.coef : (uint64_t)n.coef;
    uint64_t unit = 1;
    for (int s = 0; s < n.scale; s++)
        unit *= 10;
    /* the decimals' zero-padded width is vsnprintf's: ck_snprintf would hand it over after a first pass */
    if (n.scale == 0)
        ck_snprintf(buf, cap, "%s%llu", n.coef < 0 ? "-" : "", (unsigned long long)mag);
    else
        snprintf(buf, cap, "%s%llu.%0*llu", n.coef < 0 ? "-" : "", (unsigned long long)(mag / unit), (int)n.scale,
                 (unsigned long long)(mag % unit));
}
