/* The policy syntax tree: what the parser builds and the checker and formatter read. */
#ifndef CK_AST_H
#define CK_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "number.h"
#include "severity.h"
#include "source.h"
#include "timeval.h"

/*
 * Ownership: every node, string and vector of a parsed file lives in the
 * arena passed to the parser (the compiled policy's arena). Nodes are never
 * freed one by one.
 */

typedef enum {
    CK_TYPE_BOOL,
    CK_TYPE_NUMBER,
    CK_TYPE_STRING,
    CK_TYPE_DURATION,
    CK_TYPE_DATE,
    CK_TYPE_LEVEL,   /* ordered scale, declared inline: level(a, b, c) */
    CK_TYPE_DEPTH,   /* the depth scale of a named questionnaire */
    CK_TYPE_TIER,    /* the tier order (internal: the type of `tier`) */
} ck_type_kind;

typedef struct ck_name {
    char *text;
    ck_span span;
} ck_name;

typedef struct ck_type_expr {
    ck_type_kind kind;
    ck_span span;
    ck_vec levels;   /* CK_TYPE_LEVEL: ck_name * in ascending order */
    ck_name ref;     /* CK_TYPE_DEPTH: questionnaire name */
} ck_type_expr;

typedef enum { CK_OP_EQ, CK_OP_NE, CK_OP_LT, CK_OP_LE, CK_OP_GT, CK_OP_GE } ck_cmp_op;
const char *ck_cmp_op_text(ck_cmp_op op);

typedef enum {
    CK_EX_BOOL,
    CK_EX_NUMBER,
    CK_EX_STRING,
    CK_EX_DURATION,
    CK_EX_DATE,
    CK_EX_NAME,   /* a profile field, or a level value when compared with a level */
    CK_EX_TIER,   /* the supplier's tier */
    CK_EX_ATTR,   /* tier.attribute */
    CK_EX_NOT,
    CK_EX_AND,
    CK_EX_OR,
    CK_EX_CMP,
    CK_EX_IN,     /* operand in (v, v, ...) */
    CK_EX_PAREN,  /* kept so the formatter can reproduce grouping */
    CK_EX_ERROR,  /* a literal the scanner already reported; checks stay silent on it */
} ck_expr_kind;

typedef struct ck_expr {
    ck_expr_kind kind;
    ck_span span;
    unsigned depth;   /* nesting depth, bounded so later recursive passes stay shallow */
    union {
        bool boolean;
        ck_number number;
        char *string;
        ck_duration duration;
        ck_date date;
        ck_name name;                 /* NAME, ATTR (attribute name) */
        struct ck_expr *operand;      /* NOT, PAREN */
        struct {
            struct ck_expr *lhs, *rhs;
            ck_cmp_op op;             /* CMP only */
        } bin;
        struct {
            struct ck_expr *lhs;
            ck_vec items;             /* ck_expr * */
            bool negated;             /* operand not in (...) */
        } in;
    } u;
    /* Filled by the checker. */
    int ref; /* NAME: profile or party field index, or level index when a level value; ATTR: attribute index */
    bool is_level_value;
    bool is_party_field;  /* NAME: a field of the party a `for` rule is looking at, not of the profile */
} ck_expr;

typedef struct ck_comment {
    ck_span span;   /* includes the # or the comment delimiters */
    bool own_line;  /* nothing but whitespace before it on its line */
} ck_comment;

/* ---- requirement rules ---- */

typedef enum {
    CK_RULE_CLAUSE,        /* clause NAME [with param OP value and ...] */
    CK_RULE_EVIDENCE,      /* evidence KIND [qualifiers] */
    CK_RULE_QUESTIONNAIRE, /* questionnaire NAME [at depth EXPR] [within EXPR] */
    CK_RULE_DATE,          /* contract.FIELD within EXPR */
    CK_RULE_ANY,           /* any { rules } and `a or b` */
    CK_RULE_ALL,           /* all { rules } */
    CK_RULE_CHOICE,        /* guarded arms: rule when cond ... rule otherwise */
    CK_RULE_ENSURE,        /* ensure COND: a condition on the profile, or on a party's fields */
    CK_RULE_QUANT,         /* for each|some|no|at least N|at most N KIND [where COND] [{ rules }] */
} ck_rule_kind;

/* How many of the listed parties of a kind (that pass the filter) must meet a quantifier's rules. */
typedef enum { CK_QUANT_EACH, CK_QUANT_SOME, CK_QUANT_NO, CK_QUANT_AT_LEAST, CK_QUANT_AT_MOST } ck_quant;

typedef struct ck_param_test {
    ck_name param;
    ck_cmp_op op;
    ck_expr *value;   /* NULL: a bool parameter that must be true */
    ck_span span;
    int param_index;  /* checker */
} ck_param_test;

typedef enum {
    CK_EVQ_NOT_EXPIRED,
    CK_EVQ_INDEPENDENT,
    CK_EVQ_WITHIN,     /* FIELD within EXPR: issued, period_end, last_audit */
    CK_EVQ_ATTR,       /* ATTRIBUTE OP EXPR: an attribute the evidence kind declares */
} ck_evq_kind;

typedef struct ck_evidence_qual {
    ck_evq_kind kind;
    ck_span span;
    ck_name field;  /* WITHIN: the date; ATTR: the attribute */
    ck_expr *limit; /* WITHIN: the longest age; ATTR: the value compared with */
    ck_cmp_op op;   /* ATTR */
    int field_key;  /* checker: WITHIN's date among the record schema's evidence keys; ATTR: the attribute's index */
    int cover;      /* checker: ATTR's coverage slot in its requirement (a threshold counts as a rule) */
} ck_evidence_qual;

typedef struct ck_guard_arm {
    struct ck_rule *rule;
    ck_expr *cond;      /* NULL for `otherwise` */
    ck_span span;
} ck_guard_arm;

typedef struct ck_rule {
    ck_rule_kind kind;
    ck_span span;
    ck_name target;     /* clause / evidence kind / questionnaire name; DATE: record section */
    ck_name field;      /* DATE: contract field */
    ck_vec params;      /* CLAUSE: ck_param_test * */
    ck_vec quals;       /* EVIDENCE: ck_evidence_qual * */
    ck_expr *limit;     /* DATE: within limit; QUESTIONNAIRE: required depth (may be NULL) */
    ck_expr *within;    /* QUESTIONNAIRE: the longest age of its answers (may be NULL) */
    ck_vec children;    /* ANY/ALL: ck_rule *; CHOICE: ck_guard_arm * */
    ck_expr *cond;      /* ENSURE: the condition; QUANT: the `where` filter, or NULL */
    ck_quant quant;     /* QUANT */
    int64_t count;      /* QUANT at least / at most: N */
    bool has_block;     /* QUANT: written with { rules } (children) */
    bool braced;        /* ANY/ALL written with braces (vs. infix `or`) */
    bool closed;        /* CHOICE: ended by an `otherwise` arm */
    unsigned depth;     /* nesting depth of any/all groups */
    int index;          /* checker: position in the requirement's rule list, for coverage */
    int target_ref;     /* checker: index of the declaration named by target */
    int field_key;      /* checker: DATE's field among the record schema's contract keys */
    int cover_base;     /* checker: QUESTIONNAIRE: coverage slot of its first question's expectation */
} ck_rule;

/* ---- top-level declarations ---- */

typedef enum {
    CK_DECL_POLICY,
    CK_DECL_IMPORT,
    CK_DECL_PROFILE,
    CK_DECL_TIERS,
    CK_DECL_TIER_ATTR,
    CK_DECL_TIER_HAS,
    CK_DECL_TIER_RULE,
    CK_DECL_CLAUSE,
    CK_DECL_EVIDENCE,
    CK_DECL_QUESTIONNAIRE,
    CK_DECL_REQUIRE,
    CK_DECL_TEST,
    CK_DECL_PARTY,      /* party KIND "title" { fields }: a kind of party a record may list behind the supplier */
    CK_DECL_GROUP,      /* group NAME "title" { rationale, refs }: requirements that serve one purpose */
} ck_decl_kind;

/* A typed, described name: profile fields, tier attributes, clause parameters, questions. */
typedef struct ck_field_decl {
    ck_name name;
    ck_type_expr *type;
    char *description;   /* may be NULL */
    ck_span span;
    /* questions only */
    bool has_expect;
    ck_cmp_op expect_op;
    ck_expr *expect;
    ck_name from_depth;  /* text NULL when the question applies at every depth */
} ck_field_decl;

typedef struct ck_assign {
    ck_name name;
    ck_expr *value;
    ck_span span;
} ck_assign;

typedef enum { CK_TR_ALL, CK_TR_CMP, CK_TR_RANGE } ck_tier_range_kind;

typedef struct ck_tier_range {
    ck_tier_range_kind kind;
    ck_cmp_op op;       /* CMP: tier OP name (== for a single tier) */
    ck_name lo, hi;     /* CMP uses lo; RANGE: lo to hi */
    ck_span span;
} ck_tier_range;


typedef enum {
    CK_FACT_SUPPLIER,
    CK_FACT_PROFILE,
    CK_FACT_CONTRACT,
    CK_FACT_CLAUSE,
    CK_FACT_EVIDENCE,
    CK_FACT_QUESTIONNAIRE,
    CK_FACT_GAP,
    CK_FACT_PARTY,
} ck_fact_kind;

/* One line of a test's inline record: `clause incident-notification notify_within = 24h`. */
typedef struct ck_fact {
    ck_fact_kind kind;
    ck_name target;     /* clause/evidence/questionnaire name, gap requirement id, party kind */
    ck_name id;         /* PARTY: the party's id */
    ck_vec assigns;     /* ck_assign *: fields (PARTY: the party's own) */
    ck_vec facts;       /* PARTY: ck_fact * of what it carries (clauses, evidence, parties) */
    ck_span span;
} ck_fact;

typedef struct ck_expectation {
    bool is_tier;       /* expect tier NAME */
    bool nothing;       /* expect nothing */
    ck_name req;        /* expect REQ KIND */
    ck_name kind;
    ck_span span;
} ck_expectation;

/* One item of a clause's `mentions`: words its section in a contract document must contain,
 * `"incident" or "breach"`: any one of the alternatives is enough. */
typedef struct ck_mention {
    ck_vec alts;          /* ck_name *: each alternative's text (words, matched whole) and span */
    ck_span span;
} ck_mention;

typedef struct ck_decl {
    ck_decl_kind kind;
    ck_span span;
    ck_name name;         /* clause/evidence/questionnaire/require id/tier name/attr */
    char *title;          /* POLICY name, IMPORT path, CLAUSE/EVIDENCE/QUESTIONNAIRE/REQUIRE/TEST title */
    ck_span title_span;
    /* IMPORT: the file the loader read for it; NULL when it could not be loaded */
    const struct ck_file *imported;
    /* POLICY */
    char *version, *owner;
    bool has_effective;
    ck_date effective;
    /* PROFILE, CLAUSE params, QUESTIONNAIRE questions, EVIDENCE attributes: ck_field_decl *; TIER_ATTR uses fields[0] */
    ck_vec fields;
    /* CLAUSE: ck_mention *, every one of which its section must contain */
    ck_vec mentions;
    /* TIERS: ck_name *; QUESTIONNAIRE: depths as ck_name * */
    ck_vec names;
    /* TIER_HAS: ck_assign * */
    ck_vec assigns;
    /* TIER_RULE */
    ck_expr *cond;        /* NULL for otherwise */
    /* EVIDENCE */
    bool has_valid_for;
    ck_duration valid_for;
    bool independent;
    /* REQUIRE */
    ck_tier_range range;
    ck_expr *when;        /* optional applicability condition */
    ck_vec rules;         /* ck_rule * */
    bool has_severity;
    ck_severity severity;
    ck_span severity_span;
    ck_name group;        /* REQUIRE: the group it belongs to (text NULL: none) */
    char *rationale;      /* REQUIRE, GROUP */
    char *remediation;
    ck_vec refs;          /* char * */
    ck_span rationale_span, remediation_span;
    ck_vec ref_spans;     /* ck_span *, parallel to refs (fmt keeps comments beside them) */
    /* TEST */
    bool has_as_of;
    ck_date as_of;
    ck_vec facts;         /* ck_fact * */
    ck_vec expects;       /* ck_expectation * */
} ck_decl;

/* One parsed file. */
typedef struct ck_file {
    const ck_source *src;
    ck_vec decls;      /* ck_decl * */
    ck_vec comments;   /* ck_comment *, in source order */
} ck_file;

#endif
