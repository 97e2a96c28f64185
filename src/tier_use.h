/* Which tier attribute values and questionnaire depths each tier's requirements can read: lint. */
#ifndef CK_TIER_USE_H
#define CK_TIER_USE_H

#include "diag.h"
#include "policy.h"

/*
 * Runs on a policy the checker passed. Errors: a requirement that can read tier.X at a tier
 * giving it no value. Warnings: a value no requirement applying at its tier can read, and a
 * questionnaire depth no requirement asks for. Returns the number of errors, -1 when out of
 * memory (scratch memory comes from arena).
 */
int ck_tier_use_check(const ck_policy *policy, ck_arena *arena, ck_diags *diags);

#endif
