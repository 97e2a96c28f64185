/* Rendering a pre-signature review as text, Markdown (for an email or ticket) or JSON. */
#ifndef CK_REPORT_REVIEW_H
#define CK_REPORT_REVIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "review.h"

typedef enum { CK_REVIEW_TEXT, CK_REVIEW_MARKDOWN, CK_REVIEW_JSON } ck_review_format;

void ck_review_write(FILE *out, const ck_policy *policy, const ck_review *review, ck_date as_of,
                     ck_review_format format);

#endif
