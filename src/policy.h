/* The compiled policy: every declaration resolved and typed, ready for evaluation. */
#ifndef CK_POLICY_H
#define CK_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "name_index.h"
#include "timeval.h"

/*
 * Ownership: a ck_policy owns one arena holding its sources, ASTs and every
 * table below; ck_policy_free releases all of it. Records and findings may
 * point into a policy (names, spans) and must not outlive it.
 */

/* An ordered set of names: tiers, a level type's values, a questionnaire's depths. */
typedef struct ck_scale {
    const char *what;     /* for messages: "tier", "importance", "depth of security-questionnaire" */
    const char **names;
    size_t count;
    ck_name_index ix;     /* names -> position */
} ck_scale;

typedef struct ck_type_info {
    ck_type_kind kind;
    const ck_scale *scale; /* LEVEL, DEPTH, TIER: values compare only within one scale */
} ck_type_info;

/* A typed name: profile field, tier attribute, clause parameter, question. */
typedef struct ck_field {
    const char *name;
    const ck_field_decl *decl;
    const ck_name_index *ix; /* the index of the array this field belongs to, for ck_field_index */
    ck_type_info type;
    bool used;
    /* questions */
    int from_depth;        /* -1: asked at every depth */
} ck_field;

typedef struct ck_clause {
    const char *name;
    const ck_decl *decl;
    ck_field *params;
    size_t nparams;
    ck_name_index param_ix;
    bool used;
} ck_clause;

typedef struct ck_evidence_kind {
    const char *name;
    const ck_decl *decl;
    ck_field *attrs;         /* the attributes its entries carry (a score, a level) */
    size_t nattrs;
    ck_name_index attr_ix;
    bool used;
} ck_evidence_kind;

typedef struct ck_questionnaire {
    const char *name;
    const ck_decl *decl;
    ck_scale depths;       /* a single implicit depth "standard" when none declared */
    ck_field *questions;
    size_t nquestions;
    ck_name_index question_ix;
    bool used;
} ck_questionnaire;

/* A kind of party a record may list behind the supplier: sub-processors, subcontractors, ... */
typedef struct ck_party_kind {
    const char *name;
    const ck_decl *decl;
    ck_field *fields;        /* typed like the profile's */
    size_t nfields;
    ck_name_index field_ix;
    bool used;
} ck_party_kind;

/* A named group of requirements (the guidance's summary requirements, say), shown together. */
typedef struct ck_group {
    const char *name;
    const ck_decl *decl;    /* title, rationale, refs */
    bool used;
} ck_group;

typedef struct ck_tier_rule {
    const ck_decl *decl;
    int tier;
    const ck_expr *cond;   /* NULL: otherwise */
} ck_tier_rule;

typedef struct ck_requirement {
    const char *id;
    const char *title;
    const ck_decl *decl;
    int tier_lo, tier_hi;  /* inclusive range of tier indexes */
    ck_severity severity;
    int nrules;            /* rules numbered 0..nrules-1 (ck_rule.index), for coverage */
    int group;             /* index in the policy's groups, -1 when in none */
    const char *when_reason; /* "applies only when COND" (NULL without a when): said of every record
                                it does not apply to, so written once */
} ck_requirement;

typedef struct ck_policy {
    ck_arena *arena;
    ck_vec files;            /* ck_file *, imports before importers; the root last */
    const ck_decl *header;   /* the root file's policy header, or NULL */
    ck_scale tiers;
    const char **not_for_tier;  /* [tier] "does not apply to tier T", written once per policy */
    const ck_decl *tiers_decl;  /* the tier order's declaration, or NULL */
    ck_type_info tier_type;
    ck_field *profile;
    size_t nprofile;
    ck_field *attrs;         /* tier attributes */
    size_t nattrs;
    const ck_expr **attr_values; /* [tier * nattrs + attr] */
    ck_tier_rule *tier_rules;
    size_t ntier_rules;
    ck_clause *clauses;
    size_t nclauses;
    ck_evidence_kind *evidence_kinds;
    size_t nevidence_kinds;
    ck_questionnaire *questionnaires;
    size_t nquestionnaires;
    ck_party_kind *party_kinds;
    size_t nparty_kinds;
    ck_group *groups;
    size_t ngroups;
    ck_requirement *reqs;
    size_t nreqs;
    const size_t *req_order; /* [nreqs]: requirements by group, in the order groups and requirements are declared,
                                ungrouped last: the order of evaluation, findings and every report */
    ck_vec tests;            /* const ck_decl * of kind CK_DECL_TEST */
    /* name -> position in the arrays above; a policy may declare tens of thousands of names */
    ck_name_index profile_ix, attr_ix, clause_ix, evidence_ix, questionnaire_ix, req_ix, party_ix, group_ix;
} ck_policy;

typedef struct ck_policy_limits {
    size_t max_file_bytes;   /* per policy file; default 4 MiB */
    size_t max_files;        /* files reachable through imports; default 64 */
} ck_policy_limits;

void ck_policy_limits_default(ck_policy_limits *limits);

/* Where a policy's text comes from: a path, or built-in text with a display name. */
typedef struct ck_policy_input {
    const char *path;
    const char *text;   /* when non-NULL, used instead of reading path */
    size_t len;
    /* text is the unsaved content of the file at path (an editor's buffer): its imports resolve
     * beside path, as the file's own would; otherwise imports of text resolve in the working folder */
    bool imports_beside_path;
} ck_policy_input;

/*
 * Loads the given files (and their imports), parses and checks them as one
 * policy. Returns 0 and *out when there were no errors (warnings may be in
 * diags), 1 when the policy has errors (*out NULL), -1 when out of memory.
 */
int ck_policy_compile(const ck_policy_input *inputs, size_t ninputs, const ck_policy_limits *limits,
                      ck_diags *diags, ck_policy **out);
void ck_policy_free(ck_policy *policy);

/* Parses one file without its imports and without checking (for fmt); same return codes. */
int ck_policy_parse_only(const char *path, const ck_policy_limits *limits, ck_arena *arena,
                         ck_diags *diags, ck_file **out);
/* The same for an input: a path, or text (-1 when out of memory). */
int ck_policy_parse_input(const ck_policy_input *input, const ck_policy_limits *limits, ck_arena *arena,
                          ck_diags *diags, ck_file **out);
/*
 * Loads and parses the inputs and everything they import, without checking (for editors: the
 * syntax trees of a policy that may not compile). files receives the ck_file * that parsed, in the
 * order of ck_policy.files; each import declaration's `imported` names the file it loaded. Same
 * return codes; the trees live in arena.
 */
int ck_policy_load_files(const ck_policy_input *inputs, size_t ninputs, const ck_policy_limits *limits,
                         ck_arena *arena, ck_diags *diags, ck_vec *files);

/* Lookups by name; -1 when absent. */
int ck_policy_tier(const ck_policy *p, const char *name);
int ck_policy_profile_field(const ck_policy *p, const char *name);
int ck_policy_clause(const ck_policy *p, const char *name);
int ck_policy_evidence_kind(const ck_policy *p, const char *name);
int ck_policy_questionnaire(const ck_policy *p, const char *name);
int ck_policy_requirement(const ck_policy *p, const char *id);
int ck_policy_party_kind(const ck_policy *p, const char *name);
int ck_policy_group(const ck_policy *p, const char *name);
int ck_scale_index(const ck_scale *s, const char *name);
int ck_field_index(const ck_field *fields, size_t n, const char *name);

/* The names of n entries of an array of structs whose `const char *` name lies at name_offset,
 * in arena, for "did you mean" hints; NULL when out of memory. CK_NAMES_OF(a, arr, n, field)
 * spells the offset: CK_NAMES_OF(arena, p->clauses, p->nclauses, name). */
const char **ck_names_of(ck_arena *arena, const void *array, size_t n, size_t size, size_t name_offset);
#define CK_NAMES_OF(arena, arr, n, field) \
    ck_names_of((arena), (arr), (n), sizeof *(arr), offsetof(__typeof__(*(arr)), field))

/* Type helpers. ck_type_name writes scaled types ("level of importance") into buf. */
const char *ck_type_name(ck_type_info t, char *buf, size_t n);
bool ck_type_scaled(ck_type_kind k);   /* LEVEL, DEPTH, TIER: values of one scale */
/* The type of a field declared 'depth of Q' for an unknown Q: already reported, so values
 * of this type and comparisons with it stay silent instead of cascading. */
bool ck_type_poisoned(ck_type_info t);
bool ck_type_eq(ck_type_info a, ck_type_info b);
bool ck_type_ordered(ck_type_kind k);  /* <, <= ... apply */
/* "a, b, c": the names of a scale, into buf. */
void ck_scale_list(const ck_scale *s, char *buf, size_t n);

#endif
