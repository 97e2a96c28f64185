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

/* requirements -f json (docs/requirements.schema.json): begin, one object per tier (the first
 * with first set), end. Rules are worded as in the text, thresholds as the policy writes them. */
void ck_checklist_json_begin(FILE *out, const ck_policy *policy);
void ck_checklist_write_json(FILE *out, const ck_policy *policy, int tier, const ck_vec *items, const bool *attrs_used,
                             bool first);
void ck_checklist_json_end(FILE *out);

#endif
