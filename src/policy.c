/* Lookups in a compiled policy: names to positions, and name lists for "did you mean". */
#include "policy.h"

#include <stdio.h>

/* Every name array of a compiled policy is indexed as it is filled (the checker's collection of
 * declarations), so lookups never scan; an index left unbuilt by an allocation failure finds
 * nothing, and that compile fails anyway. */
int ck_scale_index(const ck_scale *s, const char *name) { return ck_name_index_find(&s->ix, name); }

int ck_field_index(const ck_field *fields, size_t n, const char *name)
{
    if (n == 0)
        return -1;
    int i = ck_name_index_find(fields[0].ix, name);
    return i < (int)n ? i : -1; /* a shorter prefix of the array may be asked for while it fills */
}

int ck_policy_tier(const ck_policy *p, const char *name) { return ck_scale_index(&p->tiers, name); }
int ck_policy_profile_field(const ck_policy *p, const char *name) { return ck_name_index_find(&p->profile_ix, name); }
int ck_policy_clause(const ck_policy *p, const char *name) { return ck_name_index_find(&p->clause_ix, name); }
int ck_policy_evidence_kind(const ck_policy *p, const char *name) { return ck_name_index_find(&p->evidence_ix, name); }
int ck_policy_questionnaire(const ck_policy *p, const char *name) { return ck_name_index_find(&p->questionnaire_ix, name); }
int ck_policy_requirement(const ck_policy *p, const char *name) { return ck_name_index_find(&p->req_ix, name); }
int ck_policy_party_kind(const ck_policy *p, const char *name) { return ck_name_index_find(&p->party_ix, name); }
int ck_policy_group(const ck_policy *p, const char *name) { return ck_name_index_find(&p->group_ix, name); }

const char **ck_names_of(ck_arena *arena, const void *array, size_t n, size_t size, size_t name_offset)
{
    const char **names = ck_arena_alloc(arena, (n + 1) * sizeof *names);
    const char *base = array;
    for (size_t i = 0; names && i < n; i++)
        names[i] = *(const char *const *)(base + i * size + name_offset);
    return names;
}

/* ---- types ---- */

const char *ck_type_name(ck_type_info t, char *buf, size_t n)
{
    switch (t.kind) {
    case CK_TYPE_BOOL: return "bool";
    case CK_TYPE_NUMBER: return "number";
    case CK_TYPE_STRING: return "string";
    case CK_TYPE_DURATION: return "duration";
    case CK_TYPE_DATE: return "date";
    case CK_TYPE_TIER: return "tier";
    case CK_TYPE_LEVEL:
        snprintf(buf, n, "level of %s", t.scale ? t.scale->what : "?");
        return buf;
    case CK_TYPE_DEPTH:
        snprintf(buf, n, "%s", t.scale ? t.scale->what : "depth");
        return buf;
    }
    return "?";
}

bool ck_type_scaled(ck_type_kind k) { return k == CK_TYPE_LEVEL || k == CK_TYPE_DEPTH || k == CK_TYPE_TIER; }

/* The type of a field declared 'depth of Q' for an unknown Q: already reported, so values
 * of this type and comparisons with it stay silent instead of cascading. */
bool ck_type_poisoned(ck_type_info t) { return t.kind == CK_TYPE_DEPTH && !t.scale; }

bool ck_type_eq(ck_type_info a, ck_type_info b)
{
    return a.kind == b.kind && (!ck_type_scaled(a.kind) || a.scale == b.scale);
}

bool ck_type_ordered(ck_type_kind k) { return k != CK_TYPE_BOOL && k != CK_TYPE_STRING; }

void ck_scale_list(const ck_scale *s, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->count && at < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? ", " : "", s->names[i]);
}
