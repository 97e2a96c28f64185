/* Numbers as policies and records write them: exact decimals, compared without rounding. */
#ifndef CK_NUMBER_H
#define CK_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * coef × 10^-scale, kept as written: 9.0 is {90, 1} and prints as 9.0, equal to 9 and greater
 * than 8.99 exactly. Thresholds such as a CVSS score of 9.0 or a NIST SP 800-171 score of -12
 * must compare exactly, which binary floating point does not promise.
 */
typedef struct ck_number {
    int64_t coef;
    uint8_t scale;   /* digits after the decimal point */
} ck_number;

#define CK_NUMBER_MAX_DIGITS 15   /* significant digits, integer and fraction together */
#define CK_NUMBER_MAX_SCALE 6     /* digits after the decimal point */

typedef enum {
    CK_NUMBER_OK,
    CK_NUMBER_MALFORMED,   /* not -?DIGITS[.DIGITS] */
    CK_NUMBER_TOO_LONG,    /* more than CK_NUMBER_MAX_DIGITS digits or CK_NUMBER_MAX_SCALE decimals */
} ck_number_status;

/* Reads -?DIGITS[.DIGITS] (len bytes, no sign but '-', no exponent). */
ck_number_status ck_number_parse(const char *s, size_t len, ck_number *out);
ck_number ck_number_int(int64_t v);
/* <0, 0 or >0, exactly. */
int ck_number_cmp(ck_number a, ck_number b);
/* As written: "-12", "9.0", "0.25". Needs at most 24 bytes. */
void ck_number_format(ck_number n, char *buf, size_t cap);

#endif
