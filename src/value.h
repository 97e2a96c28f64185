/* Typed values as records give them (and as the evaluator computes them), with where they were written. */
#ifndef CK_VALUE_H
#define CK_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "number.h"
#include "source.h"
#include "timeval.h"

typedef struct ck_value {
    bool present;
    bool invalid;           /* given, but not usable: a record-invalid finding already says why */
    ck_type_kind kind;
    union {
        bool boolean;
        ck_number number;
        const char *string;
        ck_duration duration;
        ck_date date;
        int level; /* LEVEL, DEPTH, TIER: index in the scale */
    } u;
    ck_span span;
} ck_value;

#endif
