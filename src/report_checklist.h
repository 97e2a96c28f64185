/* Rendering a tier's checklist; the items are computed by ck_eval_checklist. */
#ifndef CK_REPORT_CHECKLIST_H
#define CK_REPORT_CHECKLIST_H

#include <stdbool.h>
#include <stdio.h>

#include "expr_print.h"
#include "eval.h"
#include "policy.h"

/* attrs_used[policy nattrs]: the tier attributes to show (NULL: all). */
void ck_checklist_write(FILE *out, const ck_policy *policy, int tier, const ck_vec *items, const bool *attrs_used,
                        bool markdown);

#endif
