/* Grammar of the clausecheck policy language: builds the AST of one file. */
%require "3.8"
%expect 0
%define api.pure full
%define api.prefix {ck_yy}
%define api.token.prefix {CK_TOK_}
%define api.location.type {ck_loc}
%define parse.error custom
%define parse.lac full
%locations
%param {void *scanner}
%parse-param {ck_parse_ctx *ctx}

%code requires {
#include "ast.h"
#include "parse.h"
}

%code provides {
/* Token constructors used by the scanner (src/parse.c). */
int ck_parse_word_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc, const char *text, size_t len);
int ck_parse_string_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc);
int ck_parse_number_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc, const char *text, size_t len);
int ck_parse_duration_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc, const char *text, size_t len);
int ck_parse_date_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc, const char *text, size_t len);
int ck_parse_bad_literal(ck_parse_ctx *ctx, CK_YYSTYPE *val);
void ck_parse_bad_char(ck_parse_ctx *ctx, ck_loc loc, char c);
void ck_parse_bad_bytes(ck_parse_ctx *ctx, ck_loc loc, const char *text, size_t len);
int ck_yylex(CK_YYSTYPE *val, ck_loc *loc, void *scanner);
}

%code {
#include "parse_actions.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                              \
    do {                                                         \
        if (N) {                                                 \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                \
            (Cur).end = YYRHSLOC(Rhs, N).end;                    \
        } else {                                                 \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;      \
        }                                                        \
    } while (0)

/* Deep nesting ends in a located error instead of a deep parser stack. */
#define YYMAXDEPTH 2000
#define S(loc) ck_pa_span(ctx, (loc))
/* The span from one symbol to another: @$ of a left-recursive list would start at the list. */
#define LOC(a, b) ((ck_loc){(a).start, (b).end})

static void ck_yyerror(ck_loc *loc, void *scanner, ck_parse_ctx *ctx, const char *msg)
{
    (void)scanner;
    ck_pa_syntax_error(ctx, *loc, msg, NULL, -1);
}
}

/*
 * Semantic values are allocated in the policy's arena (ck_parse_ctx.arena),
 * so values discarded during error recovery are released with the arena;
 * no %destructor is needed, and none would free anything.
 */
%union {
    ck_number number;
    ck_duration duration;
    ck_date date;
    char *string;
    ck_name name;
    ck_expr *expr;
    ck_rule *rule;
    ck_vec vec;
    ck_field_decl *field;
    ck_type_expr *type;
    ck_cmp_op op;
    ck_assign *assign;
    ck_param_test *param;
    ck_evidence_qual *qual;
    ck_tier_range range;
    ck_decl *decl;
}

%token END 0 "end of file"
%token <string> STRING "quoted string"
%token <number> NUMBER "numeric value"
%token <duration> DURATION "duration value"
%token <date> DATE "date value"
%token <name> IDENT "name"
%token BADLIT "malformed literal"
%token LBRACE "{" RBRACE "}" LPAREN "(" RPAREN ")" COMMA "," COLON ":" DOT "."
%token EQ "==" NE "!=" LT "<" LE "<=" GT ">" GE ">=" ASSIGN "="
%token KW_ALL "all" KW_AND "and" KW_ANY "any" KW_AS "as" KW_AT "at" KW_ATTRIBUTE "attribute"
%token KW_BOOL "bool" KW_CLAUSE "clause" KW_CONTRACT "contract" KW_DATE "date"
%token KW_DEPTH "depth" KW_DEPTHS "depths" KW_DURATION "duration" KW_EFFECTIVE "effective" KW_ENSURE "ensure"
%token KW_EVIDENCE "evidence" KW_EXPECT "expect" KW_EXPIRED "expired" KW_FALSE "false"
%token KW_FOR "for" KW_FROM "from" KW_GAP "gap" KW_GROUP "group" KW_HAS "has" KW_IMPORT "import" KW_IN "in"
%token KW_INDEPENDENT "independent" KW_LEVEL "level" KW_NOT "not" KW_NOTHING "nothing"
%token KW_NUMBER "number" KW_OF "of" KW_OR "or" KW_OTHERWISE "otherwise" KW_OWNER "owner" KW_PARTY "party"
%token KW_POLICY "policy" KW_PROFILE "profile" KW_QUESTION "question"
%token KW_QUESTIONNAIRE "questionnaire" KW_RATIONALE "rationale" KW_REF "ref"
%token KW_REMEDIATION "remediation" KW_REQUIRE "require" KW_SEVERITY "severity"
%token KW_STRING "string" KW_SUPPLIER "supplier" KW_TEST "test" KW_TIER "tier"
%token KW_TIERS "tiers" KW_TO "to" KW_TRUE "true" KW_VALID "valid" KW_VERSION "version"
%token KW_WHEN "when" KW_WITH "with" KW_WITHIN "within"

%type <expr> expr operand value when_opt within_opt
%type <op> cmp_op
%type <vec> name_chain name_list value_list assigns assigns_opt param_tests ev_quals ev_quals_opt rule_list
%type <vec> party_block_opt party_items mention_list mention_alts
%type <field> field_decl
%type <name> assign_name
%type <type> type_expr
%type <string> desc_opt
%type <assign> assign
%type <param> param_test
%type <qual> ev_qual
%type <rule> rule_prim rule_alt quantifier rule_block_opt
%type <expr> party_filter_opt
%type <range> tier_range_opt

/* A party filter runs to its block: `or` after it continues the filter, not a rule alternative. */
%precedence FILTER_END
%left KW_OR
%left KW_AND
%precedence KW_NOT

%%

/* file := decl* */
file
    : %empty
    | file decl
    | file error
    ;

decl
    : KW_POLICY STRING                       { ck_pa_policy(ctx, $2, @2, LOC(@1, @2)); }
      policy_attrs
    | KW_IMPORT STRING                       { ck_pa_import(ctx, $2, @2, @$); }
    | KW_PROFILE                             { ck_pa_begin(ctx, CK_DECL_PROFILE, NULL, @1); }
      "{" field_decls "}"                    { ck_pa_end(ctx, @$); }
    | KW_TIERS name_chain                    { ck_pa_tiers(ctx, &$2, @$); }
    | KW_TIER KW_ATTRIBUTE field_decl        { ck_pa_tier_attr(ctx, $3, @$); }
    | KW_TIER IDENT KW_HAS assigns           { ck_pa_tier_has(ctx, &$2, &$4, @$); }
    | KW_TIER IDENT KW_WHEN expr             { ck_pa_tier_rule(ctx, &$2, $4, @$); }
    | KW_TIER IDENT KW_OTHERWISE             { ck_pa_tier_rule(ctx, &$2, NULL, @$); }
    | KW_CLAUSE IDENT STRING                 { ck_pa_begin_titled(ctx, CK_DECL_CLAUSE, &$2, $3, @3, @1); }
      clause_body                            { ck_pa_end(ctx, @$); }
    | KW_EVIDENCE IDENT STRING               { ck_pa_begin_titled(ctx, CK_DECL_EVIDENCE, &$2, $3, @3, @1); }
      "{" evidence_props "}"                 { ck_pa_end(ctx, @$); }
    | KW_QUESTIONNAIRE IDENT STRING          { ck_pa_begin_titled(ctx, CK_DECL_QUESTIONNAIRE, &$2, $3, @3, @1); }
      "{" questionnaire_items "}"            { ck_pa_end(ctx, @$); }
    | KW_REQUIRE IDENT STRING tier_range_opt when_opt
                                             { ck_pa_require(ctx, &$2, $3, @3, &$4, $5, @1); }
      "{" require_items "}"                  { ck_pa_end(ctx, @$); }
    | KW_TEST STRING                         { ck_pa_begin_titled(ctx, CK_DECL_TEST, NULL, $2, @2, @1); }
      "{" test_items "}"                     { ck_pa_end(ctx, @$); }
    | KW_PARTY IDENT STRING                  { ck_pa_begin_titled(ctx, CK_DECL_PARTY, &$2, $3, @3, @1); }
      "{" field_decls "}"                    { ck_pa_end(ctx, @$); }
    | KW_GROUP IDENT STRING                  { ck_pa_begin_titled(ctx, CK_DECL_GROUP, &$2, $3, @3, @1); }
      "{" group_items "}"                    { ck_pa_end(ctx, @$); }
    ;

/* group NAME "title" { [rationale "why"] [ref "source"]... } */
group_items
    : %empty
    | group_items KW_RATIONALE STRING        { ck_pa_text(ctx, CK_TOK_KW_RATIONALE, $3, @2); }
    | group_items KW_REF STRING              { ck_pa_text(ctx, CK_TOK_KW_REF, $3, @2); }
    | group_items error
    ;

/* policy "name" [version "v"] [owner "o"] [effective DATE] */
policy_attrs
    : %empty
    | policy_attrs KW_VERSION STRING         { ck_pa_policy_attr(ctx, CK_TOK_KW_VERSION, $3, NULL, LOC(@2, @3)); }
    | policy_attrs KW_OWNER STRING           { ck_pa_policy_attr(ctx, CK_TOK_KW_OWNER, $3, NULL, LOC(@2, @3)); }
    | policy_attrs KW_EFFECTIVE DATE         { ck_pa_policy_attr(ctx, CK_TOK_KW_EFFECTIVE, NULL, &$3, LOC(@2, @3)); }
    ;

/* name : type ["description"] */
field_decls
    : %empty
    | field_decls field_decl                 { ck_pa_add_field(ctx, $2); }
    | field_decls error
    ;

field_decl
    : IDENT ":" type_expr desc_opt           { $$ = ck_pa_field(ctx, &$1, $3, $4, @$); }
    ;

type_expr
    : KW_BOOL                                { $$ = ck_pa_type(ctx, CK_TYPE_BOOL, @$); }
    | KW_NUMBER                              { $$ = ck_pa_type(ctx, CK_TYPE_NUMBER, @$); }
    | KW_STRING                              { $$ = ck_pa_type(ctx, CK_TYPE_STRING, @$); }
    | KW_DURATION                            { $$ = ck_pa_type(ctx, CK_TYPE_DURATION, @$); }
    | KW_DATE                                { $$ = ck_pa_type(ctx, CK_TYPE_DATE, @$); }
    | KW_LEVEL "(" name_list ")"             { $$ = ck_pa_type(ctx, CK_TYPE_LEVEL, @$); if ($$) $$->levels = $3; }
    | KW_DEPTH KW_OF IDENT                   { $$ = ck_pa_type(ctx, CK_TYPE_DEPTH, @$); if ($$) $$->ref = $3; }
    ;

desc_opt
    : %empty                                 { $$ = NULL; }
    | STRING                                 { $$ = $1; }
    ;

name_list
    : IDENT                                  { $$ = (ck_vec){0}; ck_pa_push(ctx, &$$, ck_pa_name(ctx, &$1)); }
    | name_list "," IDENT                    { $$ = $1; ck_pa_push(ctx, &$$, ck_pa_name(ctx, &$3)); }
    ;

/* a < b < c */
name_chain
    : IDENT                                  { $$ = (ck_vec){0}; ck_pa_push(ctx, &$$, ck_pa_name(ctx, &$1)); }
    | name_chain "<" IDENT                   { $$ = $1; ck_pa_push(ctx, &$$, ck_pa_name(ctx, &$3)); }
    ;

assigns
    : assign                                 { $$ = (ck_vec){0}; ck_pa_push(ctx, &$$, $1); }
    | assigns "," assign                     { $$ = $1; ck_pa_push(ctx, &$$, $3); }
    ;

assigns_opt
    : %empty                                 { $$ = (ck_vec){0}; }
    | assigns                                { $$ = $1; }
    ;

assign
    : assign_name "=" value                  { $$ = ck_pa_assign(ctx, &$1, $3, @$); }
    ;

/* Record fields in tests may share a word with the language: depth, independent. */
assign_name
    : IDENT                                  { $$ = $1; }
    | KW_DEPTH                               { $$ = (ck_name){"depth", S(@1)}; }
    | KW_INDEPENDENT                         { $$ = (ck_name){"independent", S(@1)}; }
    ;

clause_body
    : %empty
    | "{" clause_items "}"
    ;

/* name : type ["description"] | mentions "words" [or "words"]... [, ...] ('mentions' is not reserved) */
clause_items
    : %empty
    | clause_items field_decl                { ck_pa_add_field(ctx, $2); }
    | clause_items IDENT mention_list        { ck_pa_mentions(ctx, &$2, &$3, LOC(@2, @3)); }
    | clause_items error
    ;

/* "a" or "b", "c": every item, each by any of its alternatives */
mention_list
    : mention_alts                           { $$ = (ck_vec){0}; ck_pa_push(ctx, &$$, ck_pa_mention(ctx, &$1, @1)); }
    | mention_list "," mention_alts          { $$ = $1; ck_pa_push(ctx, &$$, ck_pa_mention(ctx, &$3, @3)); }
    ;

mention_alts
    : STRING                                 { $$ = (ck_vec){0}; ck_pa_push(ctx, &$$, ck_pa_phrase(ctx, $1, @1)); }
    | mention_alts KW_OR STRING              { $$ = $1; ck_pa_push(ctx, &$$, ck_pa_phrase(ctx, $3, @3)); }
    ;

/* valid for DURATION | independent | attribute name : type ["description"] */
evidence_props
    : %empty
    | evidence_props KW_VALID KW_FOR DURATION { ck_pa_valid_for(ctx, $4, LOC(@2, @4)); }
    | evidence_props KW_INDEPENDENT          { ck_pa_independent(ctx, @2); }
    | evidence_props KW_ATTRIBUTE field_decl { ck_pa_add_field(ctx, $3); }
    | evidence_props error
    ;

/* depths a < b < c | question name : type ["text"] [expect [op] value] [from depth] */
questionnaire_items
    : %empty
    | questionnaire_items KW_DEPTHS name_chain { ck_pa_depths(ctx, &$3, LOC(@2, @3)); }
    | questionnaire_items KW_QUESTION field_decl question_expect question_from
                                             { ck_pa_add_field(ctx, $3); }
    | questionnaire_items error
    ;

question_expect
    : %empty
    | KW_EXPECT value                        { ck_pa_question_expect(ctx, CK_OP_EQ, $2); }
    | KW_EXPECT cmp_op value                 { ck_pa_question_expect(ctx, $2, $3); }
    ;

question_from
    : %empty
    | KW_FROM IDENT                          { ck_pa_question_from(ctx, &$2); }
    ;

/* for tier OP t | for tier t | for tiers a to b | for all tiers */
tier_range_opt
    : %empty                                 { $$ = (ck_tier_range){.kind = CK_TR_ALL}; }
    | KW_FOR KW_ALL KW_TIERS                 { $$ = (ck_tier_range){.kind = CK_TR_ALL, .span = S(@$)}; }
    | KW_FOR KW_TIER cmp_op IDENT            { $$ = (ck_tier_range){.kind = CK_TR_CMP, .op = $3, .lo = $4, .span = S(@$)}; }
    | KW_FOR KW_TIER IDENT                   { $$ = (ck_tier_range){.kind = CK_TR_CMP, .op = CK_OP_EQ, .lo = $3, .span = S(@$)}; }
    | KW_FOR KW_TIERS IDENT KW_TO IDENT      { $$ = (ck_tier_range){.kind = CK_TR_RANGE, .lo = $3, .hi = $5, .span = S(@$)}; }
    ;

when_opt
    : %empty                                 { $$ = NULL; }
    | KW_WHEN expr                           { $$ = $2; }
    ;

require_items
    : %empty
    | require_items rule_alt                 { ck_pa_add_rule(ctx, NULL, $2, NULL, false, @2); }
    | require_items rule_alt KW_WHEN expr    { ck_pa_add_rule(ctx, NULL, $2, $4, false, LOC(@2, @4)); }
    | require_items rule_alt KW_OTHERWISE    { ck_pa_add_rule(ctx, NULL, $2, NULL, true, LOC(@2, @3)); }
    | require_items KW_SEVERITY IDENT        { ck_pa_severity(ctx, &$3, LOC(@2, @3)); }
    | require_items KW_GROUP IDENT           { ck_pa_group_of(ctx, &$3, LOC(@2, @3)); }
    | require_items KW_RATIONALE STRING      { ck_pa_text(ctx, CK_TOK_KW_RATIONALE, $3, @2); }
    | require_items KW_REMEDIATION STRING    { ck_pa_text(ctx, CK_TOK_KW_REMEDIATION, $3, @2); }
    | require_items KW_REF STRING            { ck_pa_text(ctx, CK_TOK_KW_REF, $3, @2); }
    | require_items error
    ;

rule_list
    : %empty                                 { $$ = (ck_vec){0}; }
    | rule_list rule_alt                     { $$ = $1; ck_pa_add_rule(ctx, &$$, $2, NULL, false, @2); }
    | rule_list rule_alt KW_WHEN expr        { $$ = $1; ck_pa_add_rule(ctx, &$$, $2, $4, false, LOC(@2, @4)); }
    | rule_list rule_alt KW_OTHERWISE        { $$ = $1; ck_pa_add_rule(ctx, &$$, $2, NULL, true, LOC(@2, @3)); }
    | rule_list error                        { $$ = $1; }
    ;

/* rule or rule ... */
rule_alt
    : rule_prim                              { $$ = $1; }
    | rule_alt KW_OR rule_prim               { $$ = ck_pa_rule_or(ctx, $1, $3, @$); }
    ;

rule_prim
    : KW_CLAUSE IDENT                        { $$ = ck_pa_rule(ctx, CK_RULE_CLAUSE, &$2, @$); }
    | KW_CLAUSE IDENT KW_WITH param_tests    { $$ = ck_pa_rule(ctx, CK_RULE_CLAUSE, &$2, @$); if ($$) $$->params = $4; }
    | KW_EVIDENCE IDENT ev_quals_opt         { $$ = ck_pa_rule(ctx, CK_RULE_EVIDENCE, &$2, @$); if ($$) $$->quals = $3; }
    | KW_QUESTIONNAIRE IDENT within_opt      { $$ = ck_pa_rule(ctx, CK_RULE_QUESTIONNAIRE, &$2, @$); if ($$) $$->within = $3; }
    | KW_QUESTIONNAIRE IDENT KW_AT KW_DEPTH value within_opt
                                             { $$ = ck_pa_rule(ctx, CK_RULE_QUESTIONNAIRE, &$2, @$);
                                               if ($$) { $$->limit = $5; $$->within = $6; } }
    | KW_CONTRACT "." IDENT KW_WITHIN value  { $$ = ck_pa_date_rule(ctx, &$3, $5, @1, @$); }
    | KW_ANY "{" rule_list "}"               { $$ = ck_pa_group(ctx, CK_RULE_ANY, &$3, @$); }
    | KW_ALL "{" rule_list "}"               { $$ = ck_pa_group(ctx, CK_RULE_ALL, &$3, @$); }
    | KW_ENSURE expr %prec FILTER_END        { $$ = ck_pa_rule(ctx, CK_RULE_ENSURE, NULL, @$); if ($$) $$->cond = $2; }
    | quantifier                             { $$ = $1; }
    ;

/* for each|some|no KIND [where COND] [{ rules }] | for at least|most N KIND [where COND] [{ rules }] */
quantifier
    : KW_FOR IDENT IDENT party_filter_opt rule_block_opt
                                             { $$ = ck_pa_quantifier(ctx, $2.text, @2, NULL, @2, &$3, $4, $5, @$); }
    | KW_FOR KW_AT IDENT NUMBER IDENT party_filter_opt rule_block_opt
                                             { $$ = ck_pa_quantifier(ctx, $3.text, @3, &$4, @4, &$5, $6, $7, @$); }
    /* two mistakes read as what they were meant to be, so that one message says what to write */
    | KW_FOR KW_ALL IDENT party_filter_opt rule_block_opt
                                             { $$ = ck_pa_quantifier(ctx, "all", @2, NULL, @2, &$3, $4, $5, @$); }
    | KW_FOR KW_AT NUMBER IDENT party_filter_opt rule_block_opt
                                             { $$ = ck_pa_quantifier(ctx, NULL, @3, &$3, @3, &$4, $5, $6, @$); }
    ;

party_filter_opt
    : %empty                                 { $$ = NULL; }
    | IDENT expr %prec FILTER_END            { $$ = ck_pa_filter(ctx, &$1, $2); }
    ;

rule_block_opt
    : %empty                                 { $$ = NULL; }
    | "{" rule_list "}"                      { $$ = ck_pa_group(ctx, CK_RULE_ALL, &$2, @$); }
    ;

param_tests
    : param_test                             { $$ = (ck_vec){0}; ck_pa_push(ctx, &$$, $1); }
    | param_tests KW_AND param_test          { $$ = $1; ck_pa_push(ctx, &$$, $3); }
    ;

param_test
    : IDENT cmp_op value                     { $$ = ck_pa_param(ctx, &$1, $2, $3, @$); }
    | IDENT                                  { $$ = ck_pa_param(ctx, &$1, CK_OP_EQ, NULL, @$); }
    ;

ev_quals_opt
    : %empty                                 { $$ = (ck_vec){0}; }
    | ev_quals                               { $$ = $1; }
    ;

ev_quals
    : ev_qual                                { $$ = (ck_vec){0}; ck_pa_push(ctx, &$$, $1); }
    | ev_quals KW_AND ev_qual                { $$ = $1; ck_pa_push(ctx, &$$, $3); }
    | ev_quals "," ev_qual                   { $$ = $1; ck_pa_push(ctx, &$$, $3); }
    ;

ev_qual
    : KW_NOT KW_EXPIRED                      { $$ = ck_pa_qual(ctx, CK_EVQ_NOT_EXPIRED, NULL, NULL, @$); }
    | KW_INDEPENDENT                         { $$ = ck_pa_qual(ctx, CK_EVQ_INDEPENDENT, NULL, NULL, @$); }
    | IDENT KW_WITHIN value                  { $$ = ck_pa_qual(ctx, CK_EVQ_WITHIN, &$1, $3, @$); }
    | IDENT cmp_op value                     { $$ = ck_pa_qual(ctx, CK_EVQ_ATTR, &$1, $3, @$); if ($$) $$->op = $2; }
    | IDENT                                  { $$ = ck_pa_bare_qual(ctx, &$1); }
    ;

test_items
    : %empty
    | test_items KW_AS KW_OF DATE            { ck_pa_as_of(ctx, $4, LOC(@2, @4)); }
    | test_items KW_EXPECT KW_TIER IDENT     { ck_pa_expect(ctx, true, false, NULL, &$4, @2, @$); }
    | test_items KW_EXPECT KW_NOTHING        { ck_pa_expect(ctx, false, true, NULL, NULL, @2, @$); }
    | test_items KW_EXPECT IDENT IDENT       { ck_pa_expect(ctx, false, false, &$3, &$4, @2, @$); }
    | test_items KW_SUPPLIER assigns         { ck_pa_fact(ctx, CK_FACT_SUPPLIER, NULL, &$3, @2, @$); }
    | test_items KW_PROFILE assigns          { ck_pa_fact(ctx, CK_FACT_PROFILE, NULL, &$3, @2, @$); }
    | test_items KW_CONTRACT assigns         { ck_pa_fact(ctx, CK_FACT_CONTRACT, NULL, &$3, @2, @$); }
    | test_items KW_CLAUSE IDENT assigns_opt { ck_pa_fact(ctx, CK_FACT_CLAUSE, &$3, &$4, @2, @$); }
    | test_items KW_EVIDENCE IDENT assigns_opt
                                             { ck_pa_fact(ctx, CK_FACT_EVIDENCE, &$3, &$4, @2, @$); }
    | test_items KW_QUESTIONNAIRE IDENT assigns_opt
                                             { ck_pa_fact(ctx, CK_FACT_QUESTIONNAIRE, &$3, &$4, @2, @$); }
    | test_items KW_GAP IDENT assigns_opt    { ck_pa_fact(ctx, CK_FACT_GAP, &$3, &$4, @2, @$); }
    | test_items KW_PARTY IDENT IDENT assigns_opt party_block_opt
                                             { ck_pa_push_fact(ctx, NULL, ck_pa_party_fact(ctx, &$3, &$4, &$5, &$6, @2, @$)); }
    | test_items error
    ;

/* What a party in a test's record carries: party KIND ID [field = value, ...] [{ facts }] */
party_block_opt
    : %empty                                 { $$ = (ck_vec){0}; }
    | "{" party_items "}"                    { $$ = $2; }
    ;

party_items
    : %empty                                 { $$ = (ck_vec){0}; }
    | party_items KW_CLAUSE IDENT assigns_opt
                                             { $$ = $1; ck_pa_push_fact(ctx, &$$, ck_pa_new_fact(ctx, CK_FACT_CLAUSE, &$3, &$4, @2, LOC(@2, @4))); }
    | party_items KW_EVIDENCE IDENT assigns_opt
                                             { $$ = $1; ck_pa_push_fact(ctx, &$$, ck_pa_new_fact(ctx, CK_FACT_EVIDENCE, &$3, &$4, @2, LOC(@2, @4))); }
    | party_items KW_PARTY IDENT IDENT assigns_opt party_block_opt
                                             { $$ = $1; ck_pa_push_fact(ctx, &$$, ck_pa_party_fact(ctx, &$3, &$4, &$5, &$6, @2, LOC(@2, @6))); }
    | party_items error                      { $$ = $1; }
    ;

/* Conditions over the risk profile and the tier. */
expr
    : expr KW_OR expr                        { $$ = ck_pa_binary(ctx, CK_EX_OR, $1, $3, CK_OP_EQ, @$); }
    | expr KW_AND expr                       { $$ = ck_pa_binary(ctx, CK_EX_AND, $1, $3, CK_OP_EQ, @$); }
    | KW_NOT expr                            { $$ = ck_pa_unary(ctx, CK_EX_NOT, $2, @$); }
    | operand                                { $$ = $1; }
    | operand cmp_op operand                 { $$ = ck_pa_binary(ctx, CK_EX_CMP, $1, $3, $2, @$); }
    | operand KW_IN "(" value_list ")"       { $$ = ck_pa_in(ctx, $1, &$4, @$); }
    | operand KW_NOT KW_IN "(" value_list ")" { $$ = ck_pa_in(ctx, $1, &$5, @$); if ($$) $$->u.in.negated = true; }
    ;

operand
    : value                                  { $$ = $1; }
    | KW_TIER                                { $$ = ck_pa_expr(ctx, CK_EX_TIER, @$); }
    | "(" expr ")"                           { $$ = ck_pa_unary(ctx, CK_EX_PAREN, $2, @$); }
    ;

/* a questionnaire's [within DURATION]: how old its answers may be */
within_opt
    : %empty                                 { $$ = NULL; }
    | KW_WITHIN value                        { $$ = $2; }
    ;

value_list
    : value                                  { $$ = (ck_vec){0}; ck_pa_push(ctx, &$$, $1); }
    | value_list "," value                   { $$ = $1; ck_pa_push(ctx, &$$, $3); }
    ;

value
    : KW_TRUE                                { $$ = ck_pa_bool(ctx, true, @$); }
    | KW_FALSE                               { $$ = ck_pa_bool(ctx, false, @$); }
    | NUMBER                                 { $$ = ck_pa_expr(ctx, CK_EX_NUMBER, @$); if ($$) $$->u.number = $1; }
    | STRING                                 { $$ = ck_pa_expr(ctx, CK_EX_STRING, @$); if ($$) $$->u.string = $1; }
    | DURATION                               { $$ = ck_pa_expr(ctx, CK_EX_DURATION, @$); if ($$) $$->u.duration = $1; }
    | DATE                                   { $$ = ck_pa_expr(ctx, CK_EX_DATE, @$); if ($$) $$->u.date = $1; }
    | BADLIT                                 { $$ = ck_pa_expr(ctx, CK_EX_ERROR, @$); }
    | IDENT                                  { $$ = ck_pa_expr(ctx, CK_EX_NAME, @$); if ($$) $$->u.name = $1; }
    | KW_TIER "." IDENT                      { $$ = ck_pa_expr(ctx, CK_EX_ATTR, @$); if ($$) $$->u.name = $3; }
    ;

cmp_op
    : "=="  { $$ = CK_OP_EQ; }
    | "!="  { $$ = CK_OP_NE; }
    | "<"   { $$ = CK_OP_LT; }
    | "<="  { $$ = CK_OP_LE; }
    | ">"   { $$ = CK_OP_GT; }
    | ">="  { $$ = CK_OP_GE; }
    ;

%%

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, ck_parse_ctx *ctx)
{
    (void)scanner;
    enum { MAX_EXPECTED = 8 };
    yysymbol_kind_t expected[YYNTOKENS];
    const char *names[MAX_EXPECTED];
    yysymbol_kind_t got = yypcontext_token(yyctx);
    /* With a NULL array bison counts; with a short one it returns 0 when there are more. */
    int total = yypcontext_expected_tokens(yyctx, NULL, 0), n = 0;
    if (total > 0 && total <= MAX_EXPECTED) {
        n = yypcontext_expected_tokens(yyctx, expected, MAX_EXPECTED);
        for (int i = 0; i < n; i++)
            names[i] = yysymbol_name(expected[i]);
    } else if (total > MAX_EXPECTED) {
        /* Too many to be a useful list. Inside parentheses, though, the one that matters is
         * the ')'; and where only a new declaration or the end of the file came, the '}'. */
        bool starts_decl = got == YYSYMBOL_YYEOF || got == YYSYMBOL_KW_POLICY || got == YYSYMBOL_KW_IMPORT ||
                           got == YYSYMBOL_KW_PROFILE || got == YYSYMBOL_KW_TIERS || got == YYSYMBOL_KW_REQUIRE ||
                           got == YYSYMBOL_KW_TEST;
        int m = yypcontext_expected_tokens(yyctx, expected, YYNTOKENS);
        for (int i = 0; i < m && n == 0; i++)
            if (expected[i] == YYSYMBOL_RPAREN || (expected[i] == YYSYMBOL_RBRACE && starts_decl))
                names[n++] = yysymbol_name(expected[i]);
    }
    ck_pa_syntax_error(ctx, *yypcontext_location(yyctx),
                       got == YYSYMBOL_YYEMPTY ? NULL : yysymbol_name(got), names, n);
    return 0;
}
