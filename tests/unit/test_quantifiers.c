/* Unit tests for language version 2 in the evaluator: quantifiers over parties both ways, unknown
 * filters, empty lists, ensure, evidence attributes at their thresholds, party attribution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eval.h"
#include "record.h"

/* Declarations shared by every test; each test adds the requirements it is about. */
static const char HEADER[] =
    "profile {\n"
    "  personal_data : bool\n"
    "  region : string\n"
    "  cloud : bool\n"
    "}\n"
    "tiers low < high\n"
    "tier high when personal_data\n"
    "tier low otherwise\n"
    "party sub \"A sub-processor\" {\n"
    "  location : string \"Where it processes our data\"\n"
    "  handles_data : bool \"Processes our personal data\"\n"
    "  min_score : number \"The least score we accept from it\"\n"
    "  region : string \"Its own region, not the supplier's\"\n"
    "}\n"
    "party vendor \"A vendor behind a sub-processor\" { country : string }\n"
    "clause dpa \"Data processing terms\" { audit : bool }\n"
    "evidence assess \"Security assessment\" {\n"
    "  attribute score : number \"Score\"\n"
    "  attribute grade : level(basic, medium, high) \"Grade\"\n"
    "  attribute assessor : string \"Who assessed\"\n"
    "  attribute accredited : bool \"Accredited assessor\"\n"
    "  attribute assessed : date \"Assessed on\"\n"
    "}\n";

#define SUPPLIER "supplier: { id: s }\nprofile: { personal_data: true, region: EU }\n"
#define AS_OF "2026-11-28"

typedef struct {
    ck_diags diags;
    ck_policy *policy;
    ck_record *rec;
    ck_result res;
} run;

static void dump(const run *r)
{
    for (size_t i = 0; i < r->diags.list.len; i++)
        print_message("  diag: %s\n", ((ck_diag *)r->diags.list.items[i])->message);
    for (size_t i = 0; r->rec && i < r->res.findings.len; i++) {
        const ck_finding *f = r->res.findings.items[i];
        print_message("  finding %zu: %s req %d: %s\n", i, ck_finding_kind_get(f->kind)->code, f->req, f->message);
    }
}

static ck_policy *compile(ck_diags *diags, const char *reqs)
{
    size_t n = strlen(HEADER) + strlen(reqs) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "%s%s", HEADER, reqs);
    ck_policy_input in = {.path = "t.policy", .text = text, .len = n - 1};
    ck_policy *p = NULL;
    int rc = ck_policy_compile(&in, 1, NULL, diags, &p);
    free(text);
    if (rc != 0 || diags->errors) {
        for (size_t i = 0; i < diags->list.len; i++)
            print_message("  policy: %s\n", ((ck_diag *)diags->list.items[i])->message);
        fail_msg("policy does not compile");
    }
    return p;
}

/* Compiles HEADER + reqs, loads the record (SUPPLIER + rest), evaluates it as of AS_OF. */
static run *evaluate(const char *reqs, const char *rest)
{
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_int_equal(ck_diags_init(&r->diags), 0);
    r->policy = compile(&r->diags, reqs);
    char text[8192];
    snprintf(text, sizeof text, "%s%s", SUPPLIER, rest);
    if (ck_record_load_text(r->policy, "rec.yaml", text, strlen(text), NULL, &r->diags, &r->rec) != 0) {
        dump(r);
        fail_msg("record does not load");
    }
    if (r->rec->problems.len) {
        dump(r);
        fail_msg("record has %zu problems", r->rec->problems.len);
    }
    ck_eval_options o = {.fingerprints = true};
    assert_int_equal(ck_date_parse(AS_OF, strlen(AS_OF), &o.as_of), CK_TIME_OK);
    assert_int_equal(ck_eval_record(r->policy, r->rec, &o, &r->res), 0);
    return r;
}

static void done(run *r)
{
    ck_record_free(r->rec);
    ck_diags_fini(&r->diags);
    ck_policy_free(r->policy);
    free(r);
}

static ck_outcome outcome(const run *r, const char *id)
{
    int i = ck_policy_requirement(r->policy, id);
    assert_true(i >= 0);
    return r->res.reqs[i].outcome;
}

/*
 * The outcome of every requirement agrees with its findings: a met requirement has none, an
 * unmet one at least one (review's verdict and check's gate read the two).
 */
static void assert_consistent(const run *r)
{
    for (size_t q = 0; q < r->policy->nreqs; q++) {
        size_t n = 0;
        for (size_t i = 0; i < r->res.findings.len; i++)
            n += ((const ck_finding *)r->res.findings.items[i])->req == (int)q;
        ck_outcome o = r->res.reqs[q].outcome;
        if ((o == CK_OUTCOME_MET && n) || (o == CK_OUTCOME_UNMET && !n)) {
            dump(r);
            fail_msg("requirement %s is %s with %zu findings", r->policy->reqs[q].id, ck_outcome_name(o), n);
        }
    }
}

/* Exactly these finding kinds, in this order, and outcomes that agree with them. */
static void assert_kinds(const run *r, size_t n, ...)
{
    va_list ap;
    va_start(ap, n);
    bool ok = r->res.findings.len == n;
    for (size_t i = 0; ok && i < n; i++)
        ok = ((const ck_finding *)r->res.findings.items[i])->kind == (ck_finding_kind)va_arg(ap, int);
    va_end(ap);
    if (!ok) {
        dump(r);
        fail_msg("findings differ from the %zu expected", n);
    }
    assert_consistent(r);
}

static const ck_finding *finding(const run *r, size_t i)
{
    assert_true(i < r->res.findings.len);
    return r->res.findings.items[i];
}

static void assert_contains(const char *s, const char *part)
{
    if (!s || !strstr(s, part))
        fail_msg("'%s' does not contain '%s'", s ? s : "(null)", part);
}

static void assert_at(ck_span span, unsigned line, unsigned col)
{
    assert_non_null(span.src);
    ck_linecol lc = ck_source_linecol(span.src, span.start);
    if (lc.line != line || lc.col != col)
        fail_msg("span is at %u:%u, expected %u:%u", lc.line, lc.col, line, col);
}

/* The party a finding is about: its id, or NULL for the supplier. */
static const char *party_of(const ck_finding *f) { return f->party ? f->party->id : NULL; }

/* ---- for each ---- */

static const char EACH[] = "require E \"each\" { for each sub where handles_data { clause dpa with audit } }\n";

static void test_each_met_and_unmet(void **state)
{
    (void)state;
    /* line 3 parties:, 4 a, 5 b, 6 c; c is outside the filter and need not have the clause */
    static const char two_meet[] = "parties:\n"
                                   "  - { kind: sub, id: a, profile: { handles_data: true }, clauses: { dpa: { audit: true } } }\n"
                                   "  - { kind: sub, id: b, profile: { handles_data: true }, clauses: { dpa: { audit: true } } }\n"
                                   "  - { kind: sub, id: c, profile: { handles_data: false } }\n";
    run *r = evaluate(EACH, two_meet);
    assert_kinds(r, 0);
    assert_int_equal(outcome(r, "E"), CK_OUTCOME_MET);
    done(r);

    static const char one_fails[] = "parties:\n"
                                    "  - { kind: sub, id: a, profile: { handles_data: true }, clauses: { dpa: { audit: true } } }\n"
                                    "  - { kind: sub, id: b, profile: { handles_data: true }, clauses: { dpa: { audit: false } } }\n"
                                    "  - { kind: sub, id: c, profile: { handles_data: true } }\n";
    r = evaluate(EACH, one_fails);
    assert_kinds(r, 2, CK_FK_CLAUSE_WEAKER, CK_FK_CLAUSE_MISSING);
    assert_int_equal(outcome(r, "E"), CK_OUTCOME_UNMET);
    /* each finding is about its own party, named first, at its own place */
    assert_string_equal(party_of(finding(r, 0)), "b");
    assert_contains(finding(r, 0)->message, "sub b: audit is false");
    assert_at(finding(r, 0)->span, 5, 83);
    assert_string_equal(party_of(finding(r, 1)), "c");
    assert_contains(finding(r, 1)->message, "sub c: no clause dpa (Data processing terms) is recorded for it");
    assert_at(finding(r, 1)->span, 6, 5);
    done(r);
}

static void test_each_over_no_parties_holds(void **state)
{
    (void)state;
    run *r = evaluate(EACH, "");
    assert_kinds(r, 0);
    assert_int_equal(outcome(r, "E"), CK_OUTCOME_MET);
    done(r);
    r = evaluate(EACH, "parties: []\n");
    assert_kinds(r, 0);
    done(r);
    /* parties of another kind are not looked at */
    r = evaluate(EACH, "parties: [ { kind: vendor, id: v, profile: { country: US } } ]\n");
    assert_kinds(r, 0);
    done(r);
}

/* ---- for some and for at least ---- */

static const char SOME[] = "require S \"some\" { for some sub where handles_data { clause dpa } }\n";

static void test_some_met_and_unmet(void **state)
{
    (void)state;
    run *r = evaluate(SOME, "parties:\n"
                            "  - { kind: sub, id: a, profile: { handles_data: true } }\n"
                            "  - { kind: sub, id: b, profile: { handles_data: true }, clauses: { dpa: } }\n");
    assert_kinds(r, 0);
    assert_int_equal(outcome(r, "S"), CK_OUTCOME_MET);
    done(r);
    /* b has the clause but is outside the filter: it does not count */
    r = evaluate(SOME, "parties:\n"
                       "  - { kind: sub, id: a, profile: { handles_data: true } }\n"
                       "  - { kind: sub, id: b, profile: { handles_data: false }, clauses: { dpa: } }\n");
    assert_kinds(r, 1, CK_FK_PARTIES_INSUFFICIENT);
    const ck_finding *f = finding(r, 0);
    assert_null(f->party); /* about the list, not one party */
    assert_string_equal(f->message, "0 of the 1 listed sub where handles_data meet the rule; it needs 1: sub a: no "
                                    "clause dpa (Data processing terms) is recorded for it");
    assert_at(f->span, 3, 1);
    done(r);
}

static void test_some_over_no_parties_fails(void **state)
{
    (void)state;
    run *r = evaluate(SOME, "");
    assert_kinds(r, 1, CK_FK_PARTIES_INSUFFICIENT);
    assert_string_equal(finding(r, 0)->message, "no sub where handles_data is listed; the rule needs 1");
    done(r);
}

static void test_at_least_at_its_threshold(void **state)
{
    (void)state;
    static const char reqs[] = "require L \"at least 2\" { for at least 2 sub { clause dpa } }\n"
                               "require Z \"at least 0\" { for at least 0 sub { clause dpa } }\n";
    static const char parties[] = "parties:\n"
                                  "  - { kind: sub, id: a, clauses: { dpa: } }\n"
                                  "  - { kind: sub, id: b, clauses: { dpa: } }\n"
                                  "  - { kind: sub, id: c }\n";
    run *r = evaluate(reqs, parties);
    assert_kinds(r, 0);
    assert_int_equal(outcome(r, "L"), CK_OUTCOME_MET);
    done(r);
    r = evaluate(reqs, "parties:\n"
                       "  - { kind: sub, id: a, clauses: { dpa: } }\n"
                       "  - { kind: sub, id: c }\n");
    assert_kinds(r, 1, CK_FK_PARTIES_INSUFFICIENT);
    assert_string_equal(finding(r, 0)->message, "1 of the 2 listed subs meets the rule; it needs at least 2: sub c: no "
                                                "clause dpa (Data processing terms) is recorded for it");
    assert_int_equal(outcome(r, "Z"), CK_OUTCOME_MET);
    done(r);
    r = evaluate(reqs, "");
    assert_kinds(r, 1, CK_FK_PARTIES_INSUFFICIENT);
    assert_int_equal(outcome(r, "Z"), CK_OUTCOME_MET); /* none are needed */
    done(r);
}

/* ---- for no and for at most ---- */

static void test_no_met_and_unmet(void **state)
{
    (void)state;
    static const char reqs[] = "require N \"no\" { for no sub where location not in (\"GB\", \"IE\") }\n";
    run *r = evaluate(reqs, "parties:\n"
                            "  - { kind: sub, id: a, profile: { location: GB } }\n"
                            "  - { kind: sub, id: b, profile: { location: IE } }\n");
    assert_kinds(r, 0);
    done(r);
    r = evaluate(reqs, "parties:\n"
                       "  - { kind: sub, id: a, profile: { location: US } }\n"
                       "  - { kind: sub, id: b, profile: { location: IE } }\n"
                       "  - { kind: sub, id: c, profile: { location: CN } }\n");
    /* one finding at each party the rule rules out */
    assert_kinds(r, 2, CK_FK_PARTY_NOT_ALLOWED, CK_FK_PARTY_NOT_ALLOWED);
    assert_string_equal(finding(r, 0)->message,
                        "sub a: the policy allows no sub where location not in (\"GB\", \"IE\")");
    assert_at(finding(r, 0)->span, 4, 5);
    assert_string_equal(party_of(finding(r, 1)), "c");
    assert_at(finding(r, 1)->span, 6, 5);
    done(r);
    r = evaluate(reqs, "");
    assert_kinds(r, 0);
    done(r);
}

static void test_no_with_rules_rules_out_those_that_meet_them(void **state)
{
    (void)state;
    /* no sub in the US that has an assessment: a US sub without one is allowed (the rules say
     * which parties the rule rules out, as `where` does) */
    static const char reqs2[] = "require N \"no\" { for no sub where location == \"US\" { evidence assess } }\n";
    run *r = evaluate(reqs2, "parties:\n"
                             "  - { kind: sub, id: a, profile: { location: US } }\n"
                             "  - { kind: sub, id: b, profile: { location: GB }, evidence: [ { kind: assess } ] }\n");
    assert_kinds(r, 0);
    done(r);
    r = evaluate(reqs2, "parties:\n"
                        "  - { kind: sub, id: a, profile: { location: US }, evidence: [ { kind: assess } ] }\n");
    assert_kinds(r, 1, CK_FK_PARTY_NOT_ALLOWED);
    assert_string_equal(finding(r, 0)->message,
                        "sub a: the policy allows no sub where location == \"US\" that meets the rule");
    done(r);
}

static void test_at_most_at_its_threshold(void **state)
{
    (void)state;
    static const char reqs[] = "require M \"at most 2\" { for at most 2 sub }\n"
                               "require Z \"at most 0\" { for at most 0 vendor }\n";
    run *r = evaluate(reqs, "parties:\n"
                            "  - { kind: sub, id: a }\n"
                            "  - { kind: sub, id: b }\n");
    assert_kinds(r, 0);
    done(r);
    r = evaluate(reqs, "parties:\n"
                       "  - { kind: sub, id: a }\n"
                       "  - { kind: sub, id: b }\n"
                       "  - { kind: sub, id: c }\n"
                       "  - { kind: vendor, id: v }\n");
    /* every party counted against the rule is named at its entry */
    assert_kinds(r, 4, CK_FK_PARTY_NOT_ALLOWED, CK_FK_PARTY_NOT_ALLOWED, CK_FK_PARTY_NOT_ALLOWED,
                 CK_FK_PARTY_NOT_ALLOWED);
    assert_string_equal(finding(r, 2)->message, "sub c: one of the 3 listed subs; the policy allows at most 2");
    assert_string_equal(finding(r, 3)->message, "vendor v: one of the 1 listed vendor; the policy allows at most 0");
    done(r);
}

/* ---- filters that cannot be decided ---- */

/* A party whose filter is unknown is reported (party-incomplete) and the rule is not met, for
 * every quantifier, whatever the count without it: the outcome then agrees with the finding. */
static void test_unknown_filter_each_quantifier(void **state)
{
    (void)state;
    static const struct {
        const char *req;
        size_t nkinds;
        ck_finding_kind kinds[2];
        const char *says;
    } cases[] = {
        /* u has the clause: it would meet the rule, but whether it must cannot be told */
        {"for each sub where handles_data { clause dpa }", 1, {CK_FK_PARTY_INCOMPLETE}, "is held to the rule as if it did"},
        /* a meets the rule, u does not count */
        {"for some sub where handles_data { clause dpa }", 1, {CK_FK_PARTY_INCOMPLETE}, "does not count toward the rule"},
        {"for at least 1 sub where handles_data { clause dpa }", 1, {CK_FK_PARTY_INCOMPLETE}, "does not count"},
        /* counted against the rule as if the filter held */
        {"for no sub where handles_data", 2, {CK_FK_PARTY_INCOMPLETE, CK_FK_PARTY_NOT_ALLOWED}, "held to the rule"},
        {"for at most 5 sub where handles_data", 1, {CK_FK_PARTY_INCOMPLETE}, "held to the rule"},
        /* u does not meet the block, so it would not be ruled out either way */
        {"for no sub where handles_data { evidence assess }", 1, {CK_FK_PARTY_INCOMPLETE}, "held to the rule"},
    };
    static const char parties[] = "parties:\n"
                                  "  - { kind: sub, id: a, profile: { handles_data: false }, clauses: { dpa: } }\n"
                                  "  - { kind: sub, id: u, clauses: { dpa: } }\n";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char reqs[256];
        snprintf(reqs, sizeof reqs, "require Q \"q\" { %s }\n", cases[i].req);
        run *r = evaluate(reqs, strstr(cases[i].req, "some") || strstr(cases[i].req, "least")
                                    ? "parties:\n"
                                      "  - { kind: sub, id: a, profile: { handles_data: true }, clauses: { dpa: } }\n"
                                      "  - { kind: sub, id: u, clauses: { dpa: } }\n"
                                    : parties);
        if (cases[i].nkinds == 1)
            assert_kinds(r, 1, cases[i].kinds[0]);
        else
            assert_kinds(r, 2, cases[i].kinds[0], cases[i].kinds[1]);
        assert_int_equal(outcome(r, "Q"), CK_OUTCOME_UNMET);
        const ck_finding *f = finding(r, 0);
        assert_string_equal(party_of(f), "u");
        assert_contains(f->message, "sub u: whether 'where handles_data' covers it cannot be decided (handles_data is "
                                    "absent); it ");
        assert_contains(f->message, cases[i].says);
        assert_string_equal(f->remediation, "state handles_data in the profile of sub u");
        assert_at(f->span, 5, 5);
        done(r);
    }
}

static void test_unknown_filter_on_the_suppliers_profile(void **state)
{
    (void)state;
    /* cloud is the supplier's, and the record does not give it: the fix says where it belongs */
    run *r = evaluate("require Q \"q\" { for each sub where cloud and handles_data { clause dpa } }\n",
                      "parties: [ { kind: sub, id: a, profile: { handles_data: true }, clauses: { dpa: } } ]\n");
    assert_kinds(r, 1, CK_FK_PARTY_INCOMPLETE);
    assert_string_equal(finding(r, 0)->remediation, "state cloud in the supplier's profile");
    done(r);
    r = evaluate("require Q \"q\" { for each sub { ensure cloud or location == \"GB\" } }\n",
                 "parties: [ { kind: sub, id: a } ]\n");
    assert_kinds(r, 1, CK_FK_PARTY_INCOMPLETE);
    assert_string_equal(finding(r, 0)->remediation, "state location in the profile of sub a, and cloud in the "
                                                    "supplier's profile");
    done(r);
}

/* ---- names inside `for` ---- */

static void test_names_read_the_party_then_the_profile(void **state)
{
    (void)state;
    /* region is the party's own field (it shadows the supplier's); personal_data is the profile's */
    static const char reqs[] = "require R \"r\" { for each sub where region == \"EU\" and personal_data { clause dpa } }\n";
    run *r = evaluate(reqs, "parties:\n"
                            "  - { kind: sub, id: a, profile: { region: US } }\n"
                            "  - { kind: sub, id: b, profile: { region: EU } }\n");
    /* the supplier's region is EU too, but only b's own region matches */
    assert_kinds(r, 1, CK_FK_CLAUSE_MISSING);
    assert_string_equal(party_of(finding(r, 0)), "b");
    done(r);
}

static void test_rules_inside_read_only_the_partys_own(void **state)
{
    (void)state;
    /* the supplier has the clause and the evidence; the party has neither */
    static const char reqs[] = "require R \"r\" { for each sub { clause dpa  evidence assess } }\n";
    run *r = evaluate(reqs, "clauses: { dpa: }\n"
                            "evidence: [ { kind: assess } ]\n"
                            "parties: [ { kind: sub, id: a } ]\n");
    assert_kinds(r, 2, CK_FK_CLAUSE_MISSING, CK_FK_EVIDENCE_MISSING);
    assert_contains(finding(r, 1)->message, "sub a: no assess (Security assessment) is recorded");
    done(r);
}

static void test_nested_quantifiers_look_behind_their_own_party(void **state)
{
    (void)state;
    static const char reqs[] = "require V \"v\" { for each sub { for no vendor where country == \"US\" } }\n";
    run *r = evaluate(reqs, "parties:\n"
                            "  - kind: sub\n"
                            "    id: a\n"
                            "    parties: [ { kind: vendor, id: v1, profile: { country: GB } } ]\n"
                            "  - kind: sub\n"
                            "    id: b\n"
                            "    parties: [ { kind: vendor, id: v1, profile: { country: US } } ]\n"
                            "  - { kind: vendor, id: top, profile: { country: US } }\n");
    /* only b's vendor: a's is in GB and the supplier's own vendor is not behind a sub */
    assert_kinds(r, 1, CK_FK_PARTY_NOT_ALLOWED);
    assert_string_equal(finding(r, 0)->message, "vendor v1: the policy allows no vendor where country == \"US\"");
    assert_at(finding(r, 0)->span, 9, 16);
    done(r);
}

/* ---- ensure ---- */

static void test_ensure_on_the_profile(void **state)
{
    (void)state;
    static const char reqs[] = "require C \"c\" { ensure region in (\"EU\", \"UK\") }\n";
    run *r = evaluate(reqs, "");
    assert_kinds(r, 0);
    done(r);
    static const char not_uk[] = "require C \"c\" { ensure region == \"UK\" }\n";
    r = evaluate(not_uk, "");
    assert_kinds(r, 1, CK_FK_CONDITION_UNMET);
    assert_string_equal(finding(r, 0)->message, "region == \"UK\" does not hold: region is \"EU\"");
    assert_at(finding(r, 0)->span, 2, 41); /* the value it read */
    done(r);
}

static void test_ensure_on_a_partys_fields(void **state)
{
    (void)state;
    static const char reqs[] = "require C \"c\" { for each sub { ensure location != \"US\" } }\n";
    run *r = evaluate(reqs, "parties:\n"
                            "  - { kind: sub, id: a, profile: { location: GB } }\n"
                            "  - { kind: sub, id: b, profile: { location: US } }\n"
                            "  - { kind: sub, id: c }\n");
    assert_kinds(r, 2, CK_FK_CONDITION_UNMET, CK_FK_PARTY_INCOMPLETE);
    assert_string_equal(finding(r, 0)->message, "sub b: location != \"US\" does not hold: location is \"US\"");
    assert_string_equal(finding(r, 1)->message, "sub c: 'location != \"US\"' cannot be decided: location is absent");
    assert_at(finding(r, 1)->span, 6, 5);
    done(r);
}

/* ---- evidence attributes ---- */

/* One supplier evidence entry with these attributes against one rule: met or not. */
static void attr_case(const char *rule, const char *attrs, bool met)
{
    char reqs[256], rest[512];
    snprintf(reqs, sizeof reqs, "require A \"a\" { evidence assess %s }\n", rule);
    snprintf(rest, sizeof rest, "evidence: [ { kind: assess, %s } ]\n", attrs);
    run *r = evaluate(reqs, rest);
    if ((outcome(r, "A") == CK_OUTCOME_MET) != met) {
        dump(r);
        fail_msg("evidence assess %s with %s: expected %s", rule, attrs, met ? "met" : "unmet");
    }
    if (!met)
        assert_kinds(r, 1, CK_FK_EVIDENCE_ATTRIBUTE);
    else
        assert_kinds(r, 0);
    done(r);
}

static void test_attributes_at_their_thresholds(void **state)
{
    (void)state;
    /* numbers compare exactly, whatever their scale */
    attr_case("score >= 70.5", "score: 70.5", true);
    attr_case("score >= 70.5", "score: 70.50", true);
    attr_case("score >= 70.5", "score: 70.49", false);
    attr_case("score > 9.0", "score: 9", false);
    attr_case("score < 9.0", "score: 8.99", true);
    attr_case("score >= -20", "score: -20", true);
    attr_case("score >= -20", "score: -20.5", false);
    attr_case("score == 0", "score: 0.0", true);
    attr_case("score != 0", "score: -0", false);
    /* levels by their order */
    attr_case("grade >= medium", "grade: medium", true);
    attr_case("grade >= medium", "grade: basic", false);
    attr_case("grade < high", "grade: high", false);
    /* strings exactly, bools, dates by day */
    attr_case("assessor == \"BSI\"", "assessor: BSI", true);
    attr_case("assessor == \"BSI\"", "assessor: bsi", false);
    attr_case("assessor != \"Self\"", "assessor: Self", false);
    attr_case("accredited == true", "accredited: true", true);
    attr_case("accredited == true", "accredited: false", false);
    attr_case("assessed >= 2026-01-01", "assessed: 2026-01-01", true);
    attr_case("assessed >= 2026-01-01", "assessed: 2025-12-31", false);
    /* not recorded: never met */
    attr_case("score >= -203", "grade: high", false);
}

static void test_attribute_findings(void **state)
{
    (void)state;
    run *r = evaluate("require A \"a\" { evidence assess score >= 0 }\n",
                      "evidence: [ { kind: assess, score: -12 } ]\n");
    assert_kinds(r, 1, CK_FK_EVIDENCE_ATTRIBUTE);
    assert_string_equal(finding(r, 0)->message, "assess has score -12; the policy requires at least 0");
    assert_at(finding(r, 0)->span, 3, 36); /* at the value */
    done(r);
    r = evaluate("require A \"a\" { evidence assess score >= 0 }\n", "evidence: [ { kind: assess } ]\n");
    assert_kinds(r, 1, CK_FK_EVIDENCE_ATTRIBUTE);
    assert_string_equal(finding(r, 0)->message, "assess records no score (Score); the policy requires at least 0");
    assert_string_equal(finding(r, 0)->remediation, "record 'score:' for the assess");
    done(r);
    /* one entry that meets the rule is enough */
    r = evaluate("require A \"a\" { evidence assess score >= 0 and grade >= medium }\n",
                 "evidence: [ { kind: assess, score: 5, grade: basic }, { kind: assess, score: 5, grade: high } ]\n");
    assert_kinds(r, 0);
    done(r);
}

static void test_attribute_threshold_from_a_partys_field(void **state)
{
    (void)state;
    static const char reqs[] = "require A \"a\" { for each sub { evidence assess score >= min_score } }\n";
    run *r = evaluate(reqs, "parties:\n"
                            "  - { kind: sub, id: a, profile: { min_score: 50 }, evidence: [ { kind: assess, score: 50 } ] }\n"
                            "  - { kind: sub, id: b, profile: { min_score: 50.01 }, evidence: [ { kind: assess, score: 50 } ] }\n"
                            "  - { kind: sub, id: c, evidence: [ { kind: assess, score: 50 } ] }\n");
    assert_kinds(r, 2, CK_FK_EVIDENCE_ATTRIBUTE, CK_FK_PARTY_INCOMPLETE);
    assert_string_equal(party_of(finding(r, 0)), "b");
    assert_string_equal(party_of(finding(r, 1)), "c");
    assert_contains(finding(r, 1)->message, "sub c: the score of assess cannot be checked: the policy takes its limit "
                                            "from the field min_score");
    done(r);
}

/* ---- findings about parties ---- */

static void test_party_findings_name_their_party(void **state)
{
    (void)state;
    static const char reqs[] = "require P \"p\" { for each sub { clause dpa } }\n";
    run *r = evaluate(reqs, "parties:\n"
                            "  - { kind: sub, id: a, name: \"Alpha Mail Inc\" }\n");
    assert_kinds(r, 1, CK_FK_CLAUSE_MISSING);
    const ck_finding *f = finding(r, 0);
    assert_non_null(f->party);
    assert_string_equal(f->party->kind_name, "sub");
    assert_string_equal(f->party->id, "a");
    assert_string_equal(f->party->name, "Alpha Mail Inc");
    assert_int_equal(f->req, 0);
    done(r);
}

/* The fingerprint of the only finding about party id (of any kind), or fails. */
static const char *fingerprint_of(const run *r, const char *id)
{
    const char *fp = NULL;
    for (size_t i = 0; i < r->res.findings.len; i++) {
        const ck_finding *f = r->res.findings.items[i];
        if (f->party && strcmp(f->party->id, id) == 0) {
            if (fp)
                fail_msg("more than one finding about %s", id);
            fp = f->fingerprint;
        }
    }
    if (!fp) {
        dump(r);
        fail_msg("no finding about %s", id);
    }
    return fp;
}

static void test_fingerprints_follow_the_party(void **state)
{
    (void)state;
    static const char reqs[] = "require P \"p\" { for each sub { clause dpa } }\n"
                               "require S \"s\" { clause dpa }\n";
    run *both = evaluate(reqs, "parties: [ { kind: sub, id: a }, { kind: sub, id: b } ]\n");
    run *only_b = evaluate(reqs, "parties: [ { kind: sub, id: b } ]\n");
    run *swapped = evaluate(reqs, "parties: [ { kind: sub, id: b }, { kind: sub, id: a } ]\n");
    run *none = evaluate(reqs, "");
    char a[33], b[33];
    snprintf(a, sizeof a, "%s", fingerprint_of(both, "a"));
    snprintf(b, sizeof b, "%s", fingerprint_of(both, "b"));
    /* two parties' findings of one kind for one requirement are two findings */
    assert_string_not_equal(a, b);
    /* b stays b when a goes (it must not take a's fingerprint, nor a's place in a --baseline) */
    assert_string_equal(fingerprint_of(only_b, "b"), b);
    assert_string_equal(fingerprint_of(swapped, "a"), a);
    assert_string_equal(fingerprint_of(swapped, "b"), b);
    /* the supplier's own finding is the same one whatever parties are listed */
    const ck_finding *sup = NULL;
    for (size_t i = 0; i < both->res.findings.len; i++)
        if (!((const ck_finding *)both->res.findings.items[i])->party)
            sup = both->res.findings.items[i];
    assert_non_null(sup);
    assert_int_equal(none->res.findings.len, 1);
    assert_string_equal(sup->fingerprint, ((const ck_finding *)none->res.findings.items[0])->fingerprint);
    done(both);
    done(only_b);
    done(swapped);
    done(none);
}

static void test_fingerprints_of_nested_parties_with_one_id(void **state)
{
    (void)state;
    /* one vendor id behind two sub-processors: two parties, two findings */
    static const char reqs[] = "require V \"v\" { for each sub { for no vendor } }\n";
    run *r = evaluate(reqs, "parties:\n"
                            "  - { kind: sub, id: x, parties: [ { kind: vendor, id: v } ] }\n"
                            "  - { kind: sub, id: y, parties: [ { kind: vendor, id: v } ] }\n");
    assert_kinds(r, 2, CK_FK_PARTY_NOT_ALLOWED, CK_FK_PARTY_NOT_ALLOWED);
    assert_string_not_equal(finding(r, 0)->fingerprint, finding(r, 1)->fingerprint);
    done(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_met_and_unmet),
        cmocka_unit_test(test_each_over_no_parties_holds),
        cmocka_unit_test(test_some_met_and_unmet),
        cmocka_unit_test(test_some_over_no_parties_fails),
        cmocka_unit_test(test_at_least_at_its_threshold),
        cmocka_unit_test(test_no_met_and_unmet),
        cmocka_unit_test(test_no_with_rules_rules_out_those_that_meet_them),
        cmocka_unit_test(test_at_most_at_its_threshold),
        cmocka_unit_test(test_unknown_filter_each_quantifier),
        cmocka_unit_test(test_unknown_filter_on_the_suppliers_profile),
        cmocka_unit_test(test_names_read_the_party_then_the_profile),
        cmocka_unit_test(test_rules_inside_read_only_the_partys_own),
        cmocka_unit_test(test_nested_quantifiers_look_behind_their_own_party),
        cmocka_unit_test(test_ensure_on_the_profile),
        cmocka_unit_test(test_ensure_on_a_partys_fields),
        cmocka_unit_test(test_attributes_at_their_thresholds),
        cmocka_unit_test(test_attribute_findings),
        cmocka_unit_test(test_attribute_threshold_from_a_partys_field),
        cmocka_unit_test(test_party_findings_name_their_party),
        cmocka_unit_test(test_fingerprints_follow_the_party),
        cmocka_unit_test(test_fingerprints_of_nested_parties_with_one_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
