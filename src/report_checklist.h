/* Rendering a tier's checklist; the items are worded by ck_present_checklist. */
#ifndef CK_REPORT_CHECKLIST_H
#define CK_REPORT_CHECKLIST_H

#include <stdbool.h>
#include <stdio.h>

#include "policy.h"
#include "present.h"

/* attrs_used[policy nattrs]: the tier attributes to show (NULL: all). */
void ck_checklist_write(FILE *out, const ck_policy *policy, int tier, const ck_vec *items, const bool *attrs_used,
                        bool markdown);

#endif
