/* Unit tests for the evaluator: tiering with unknowns, comparisons, groups, evidence files, questionnaires, gaps. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval.h"
#include "record_facts.h"

#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_ZERO "0000000000000000000000000000000000000000000000000000000000000000"

/* Declarations shared by every test; each test adds the requirements it is about. */
static const char HEADER[] =
    "profile {\n"
    "  importance : level(low, medium, high, critical)\n"
    "  access : bool\n"
    "  data_shared : bool\n"
    "  staff : number\n"
    "  country : string\n"
    "}\n"
    "tiers low < medium < high < critical\n"
    "tier attribute notify_within : duration \"Notify\"\n"
    "tier attribute qdepth : depth of sq\n"
    "tier low has notify_within = 7d, qdepth = lite\n"
    "tier medium has notify_within = 72h, qdepth = standard\n"
    "tier high has notify_within = 24h, qdepth = full\n"
    "tier critical has notify_within = 4h, qdepth = full\n"
    "tier critical when access and data_shared and importance >= high\n"
    "tier high when importance >= high or access\n"
    "tier medium when data_shared or staff > 100\n"
    "tier low otherwise\n"
    "clause notify \"Incidents are notified\" { notify_within : duration }\n"
    "clause retention \"Records are kept\" { keep : duration }\n"
    "clause audit \"Right to audit\" { audits : number  grade : level(basic, standard, premium)\n"
    "                                 covers_all : bool  scope : string  since : date }\n"
    "clause a \"Clause A\"\n"
    "clause b \"Clause B\"\n"
    "evidence iso \"ISO certificate\" { valid for 1y independent }\n"
    "evidence report \"Audit report\" { }\n"
    "questionnaire sq \"Security questionnaire\" {\n"
    "  depths lite < standard < full\n"
    "  question has_policy : bool \"A security policy\" expect true\n"
    "  question mfa : bool \"MFA\" expect true from standard\n"
    "  question patch_days : number \"Days to patch\" expect <= 30 from full\n"
    "}\n";

/* A complete profile that puts the supplier in tier low. */
#define LOW_PROFILE "profile: { importance: low, access: false, data_shared: false, staff: 1, country: GB }\n"
#define AS_OF "2026-11-28"

typedef struct {
    ck_diags diags;
    ck_policy *policy;
    ck_record *rec;
    ck_result res;
    ck_eval_options opts;
    ck_vec trace;
} run;

static ck_date date(const char *s)
{
    ck_date d;
    assert_int_equal(ck_date_parse(s, strlen(s), &d), CK_TIME_OK);
    return d;
}

static void dump(const run *r)
{
    for (size_t i = 0; i < r->diags.list.len; i++)
        print_message("  diag: %s\n", ((ck_diag *)r->diags.list.items[i])->message);
    for (size_t i = 0; r->rec && i < r->res.findings.len; i++) {
        const ck_finding *f = r->res.findings.items[i];
        print_message("  finding %zu: %s req %d sev %d: %s\n", i, ck_finding_kind_get(f->kind)->code, f->req,
                      f->severity, f->message);
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

/* Compiles HEADER + reqs, loads the record, evaluates it with opts (evaluate() gives the date AS_OF). */
static run *evaluate_opts(const char *reqs, const char *record, const ck_eval_options *opts)
{
    run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    assert_int_equal(ck_diags_init(&r->diags), 0);
    r->policy = compile(&r->diags, reqs);
    int rc = ck_record_load_text(r->policy, "rec.yaml", record, strlen(record), NULL, &r->diags, &r->rec);
    if (rc != 0) {
        dump(r);
        fail_msg("record does not load");
    }
    r->opts = *opts;
    assert_int_equal(ck_eval_record(r->policy, r->rec, &r->opts, &r->res), 0);
    return r;
}

static run *evaluate(const char *reqs, const char *record)
{
    ck_eval_options o = {.as_of = date(AS_OF)};
    return evaluate_opts(reqs, record, &o);
}

static void done(run *r)
{
    ck_record_free(r->rec);
    ck_diags_fini(&r->diags);
    ck_policy_free(r->policy);
    free(r);
}

static size_t count(const run *r, ck_finding_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < r->res.findings.len; i++)
        n += ((const ck_finding *)r->res.findings.items[i])->kind == kind;
    return n;
}

/* The only finding of kind; fails when there is none or more than one. */
static const ck_finding *only(const run *r, ck_finding_kind kind)
{
    const ck_finding *got = NULL;
    for (size_t i = 0; i < r->res.findings.len; i++) {
        const ck_finding *f = r->res.findings.items[i];
        if (f->kind != kind)
            continue;
        if (got) {
            dump(r);
            fail_msg("more than one %s finding", ck_finding_kind_get(kind)->code);
        }
        got = f;
    }
    if (!got) {
        dump(r);
        fail_msg("no %s finding", ck_finding_kind_get(kind)->code);
    }
    return got;
}

/* Exactly these finding kinds, in this order. */
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

static ck_outcome outcome(const run *r, const char *id)
{
    int i = ck_policy_requirement(r->policy, id);
    assert_true(i >= 0);
    return r->res.reqs[i].outcome;
}

/* ---- tiering ---- */

static const char TIER_ONLY[] = "require T \"t\" { clause a }\n";

static void test_tiering_first_match_wins(void **state)
{
    (void)state;
    static const struct {
        const char *profile;
        int tier, rule;
    } cases[] = {
        {"{ importance: critical, access: true, data_shared: true, staff: 1, country: GB }", 3, 0},
        /* rules 1 and 2 hold too; the first that holds decides */
        {"{ importance: high, access: true, data_shared: false, staff: 500, country: GB }", 2, 1},
        {"{ importance: low, access: false, data_shared: false, staff: 500, country: GB }", 1, 2},
        {"{ importance: medium, access: false, data_shared: false, staff: 100, country: GB }", 0, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rec[256];
        snprintf(rec, sizeof rec, "supplier: { id: s }\nprofile: %s\nclauses: { a: }\n", cases[i].profile);
        run *r = evaluate(TIER_ONLY, rec);
        assert_int_equal(r->res.tier, cases[i].tier);
        assert_int_equal(r->res.decided_tier, cases[i].tier);
        assert_int_equal(r->res.tier_rule, cases[i].rule);
        assert_false(r->res.tier_uncertain);
        assert_kinds(r, 0);
        done(r);
    }
}

static void test_unknown_field_holds_to_highest_possible_tier(void **state)
{
    (void)state;
    /* importance is missing: rule 1 (importance >= high or access) might hold, rule 2 does.
     * The supplier is held to high, the highest tier a rule that might hold gives. */
    run *r = evaluate(TIER_ONLY, "supplier: { id: s }\n"
                                 "profile: { access: false, data_shared: true }\n"
                                 "clauses: { a: }\n");
    assert_int_equal(r->res.tier, 2);
    assert_int_equal(r->res.tier_rule, -1);
    assert_true(r->res.tier_uncertain);
    const ck_finding *f = only(r, CK_FK_PROFILE_INCOMPLETE);
    assert_int_equal(f->severity, CK_SEV_ERROR);
    assert_int_equal(f->req, -1);
    assert_contains(f->message, "importance");
    assert_contains(f->message, "tier high");
    /* staff is missing too, but the rule that decided never needed it. */
    if (strstr(f->message, "staff") || strstr(f->remediation, "staff"))
        fail_msg("'%s' names staff, which tiering did not read", f->message);
    assert_contains(f->remediation, "importance");
    /* It points at the profile key, where the fields belong. */
    assert_at(f->span, 2, 1);
    done(r);
}

static void test_unknown_fields_all_named(void **state)
{
    (void)state;
    /* Nothing known: the first rule might hold, so critical; it read access, data_shared and importance. */
    run *r = evaluate(TIER_ONLY, "supplier: { id: s }\nprofile: { country: GB }\nclauses: { a: }\n");
    assert_int_equal(r->res.tier, 3);
    assert_true(r->res.tier_uncertain);
    const ck_finding *f = only(r, CK_FK_PROFILE_INCOMPLETE);
    assert_contains(f->message, "importance");
    assert_contains(f->message, "access");
    assert_contains(f->message, "data_shared");
    assert_contains(f->message, "tier critical");
    done(r);

    /* Without a profile section at all: the finding points at the record's first key. */
    r = evaluate(TIER_ONLY, "# comment\nsupplier: { id: s }\nclauses: { a: }\n");
    f = only(r, CK_FK_PROFILE_INCOMPLETE);
    assert_at(f->span, 2, 1);
    done(r);
}

static void test_unknown_field_not_needed(void **state)
{
    (void)state;
    /* The first rule holds on known fields; the missing staff changes nothing. */
    run *r = evaluate(TIER_ONLY, "supplier: { id: s }\n"
                                 "profile: { importance: high, access: true, data_shared: true }\n"
                                 "clauses: { a: }\n");
    assert_int_equal(r->res.tier, 3);
    assert_int_equal(r->res.tier_rule, 0);
    assert_false(r->res.tier_uncertain);
    assert_kinds(r, 0);
    done(r);

    /* A rule that is false on known fields is skipped even with an unknown one: false and unknown is false. */
    r = evaluate(TIER_ONLY, "supplier: { id: s }\n"
                            "profile: { importance: low, access: false, data_shared: true }\n"
                            "clauses: { a: }\n");
    assert_int_equal(r->res.tier, 1);
    assert_int_equal(r->res.tier_rule, 2);
    assert_false(r->res.tier_uncertain);
    assert_kinds(r, 0);
    done(r);
}

static void test_invalid_profile_field_is_unknown(void **state)
{
    (void)state;
    run *r = evaluate(TIER_ONLY, "supplier: { id: s }\n"
                                 "profile: { importance: huge, access: false, data_shared: false, staff: 1 }\n"
                                 "clauses: { a: }\n");
    /* The invalid value is reported, and tiering treats it as unknown. */
    assert_kinds(r, 2, CK_FK_RECORD_INVALID, CK_FK_PROFILE_INCOMPLETE);
    assert_int_equal(r->res.tier, 2);
    assert_true(r->res.tier_uncertain);
    const ck_finding *f = only(r, CK_FK_PROFILE_INCOMPLETE);
    assert_contains(f->message, "importance");
    /* It is given, so the message must not say the profile lacks it. */
    if (strstr(f->message, "lacks importance"))
        fail_msg("'%s' says the profile lacks a field it gives", f->message);
    done(r);
}

static void test_force_tier(void **state)
{
    (void)state;
    ck_eval_options o = {.as_of = date(AS_OF), .force_tier = true, .tier = 3};
    run *r = evaluate_opts("require T \"t\" for tier critical { clause a }\n", "supplier: { id: s }\n" LOW_PROFILE, &o);
    assert_int_equal(r->res.decided_tier, 0);
    assert_int_equal(r->res.tier, 3);
    /* The requirement for critical now applies. */
    assert_int_equal(outcome(r, "T"), CK_OUTCOME_UNMET);
    only(r, CK_FK_CLAUSE_MISSING);
    done(r);
}

/* ---- applicability ---- */

static void test_requirement_applicability(void **state)
{
    (void)state;
    run *r = evaluate("require HI \"hi\" for tier >= high { clause a }\n"
                      "require GB \"gb\" when country == \"FR\" { clause a }\n"
                      "require UK \"uk\" when staff > 5 or country == \"GB\" { clause b }\n",
                      "supplier: { id: s }\n" LOW_PROFILE "clauses: { b: }\n");
    assert_int_equal(r->res.tier, 0);
    assert_int_equal(outcome(r, "HI"), CK_OUTCOME_NOT_APPLICABLE);
    assert_contains(r->res.reqs[0].reason, "low");
    assert_int_equal(outcome(r, "GB"), CK_OUTCOME_NOT_APPLICABLE);
    assert_contains(r->res.reqs[1].reason, "country == \"FR\"");
    assert_int_equal(outcome(r, "UK"), CK_OUTCOME_MET);
    assert_kinds(r, 0);
    done(r);

    /* A condition on an unknown field might hold: the requirement applies. */
    r = evaluate("require FR \"fr\" when country == \"FR\" { clause a }\n",
                 "supplier: { id: s }\nprofile: { importance: low, access: false, data_shared: false, staff: 1 }\n");
    assert_int_equal(outcome(r, "FR"), CK_OUTCOME_UNMET);
    only(r, CK_FK_CLAUSE_MISSING);
    done(r);
}

/* ---- clauses and comparisons ---- */

static void test_clause_missing_vs_weaker(void **state)
{
    (void)state;
    static const char reqs[] = "require N \"n\" { clause notify with notify_within <= 24h }\n";
    run *r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "clauses:\n  a: {}\n");
    const ck_finding *f = only(r, CK_FK_CLAUSE_MISSING);
    assert_int_equal(r->res.findings.len, 1);
    assert_int_equal(f->req, 0);
    assert_int_equal(f->severity, CK_SEV_ERROR);
    assert_contains(f->message, "notify");
    /* An absent clause belongs in the clauses section. */
    assert_at(f->span, 3, 1);
    assert_int_equal(outcome(r, "N"), CK_OUTCOME_UNMET);
    done(r);

    r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "clauses:\n  notify: { notify_within: 72h }\n");
    f = only(r, CK_FK_CLAUSE_WEAKER);
    assert_int_equal(r->res.findings.len, 1);
    assert_contains(f->message, "72h");
    assert_contains(f->message, "24h");
    /* At the value that is too weak. */
    assert_at(f->span, 4, 28);
    done(r);

    /* Present without the parameter: weaker, at the clause. */
    r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "clauses:\n  notify: {}\n");
    f = only(r, CK_FK_CLAUSE_WEAKER);
    assert_at(f->span, 4, 3);
    done(r);
}

/* Evaluates one clause rule against one parameter value; returns whether it was met. */
static bool clause_met(const char *rule, const char *clause_yaml)
{
    char reqs[256], rec[512];
    snprintf(reqs, sizeof reqs, "require C \"c\" { %s }\n", rule);
    snprintf(rec, sizeof rec, "supplier: { id: s }\n" LOW_PROFILE "clauses:\n  %s\n", clause_yaml);
    run *r = evaluate(reqs, rec);
    bool met = outcome(r, "C") == CK_OUTCOME_MET;
    if (met)
        assert_int_equal(r->res.findings.len, 0);
    else
        only(r, CK_FK_CLAUSE_WEAKER);
    done(r);
    return met;
}

static void test_duration_compare_across_units(void **state)
{
    (void)state;
    assert_true(clause_met("clause notify with notify_within <= 24h", "notify: { notify_within: 1d }"));
    assert_true(clause_met("clause notify with notify_within <= 24h", "notify: { notify_within: 23h }"));
    assert_false(clause_met("clause notify with notify_within <= 24h", "notify: { notify_within: 25h }"));
    assert_false(clause_met("clause notify with notify_within < 1d", "notify: { notify_within: 24h }"));
    assert_true(clause_met("clause notify with notify_within <= 1w", "notify: { notify_within: 7d }"));
    assert_false(clause_met("clause notify with notify_within <= 1w", "notify: { notify_within: 8d }"));
    /* A month is 1/12 of a year, 30.4375 days: longer than 4 weeks and 30 days, shorter than 31 days. */
    assert_false(clause_met("clause retention with keep >= 1mo", "retention: { keep: 4w }"));
    assert_false(clause_met("clause retention with keep >= 1mo", "retention: { keep: 30d }"));
    assert_true(clause_met("clause retention with keep >= 1mo", "retention: { keep: 31d }"));
    assert_true(clause_met("clause retention with keep == 1y", "retention: { keep: 12mo }"));
    assert_false(clause_met("clause retention with keep >= 1y", "retention: { keep: 365d }"));
    assert_true(clause_met("clause retention with keep >= 1y", "retention: { keep: 366d }"));
    assert_true(clause_met("clause retention with keep != 1y", "retention: { keep: 52w }"));
}

static void test_number_level_bool_string_date_compare(void **state)
{
    (void)state;
    assert_true(clause_met("clause audit with audits >= 2", "audit: { audits: 2 }"));
    assert_false(clause_met("clause audit with audits >= 2", "audit: { audits: 1 }"));
    assert_true(clause_met("clause audit with audits < 0 or clause audit with audits > 10", "audit: { audits: -1 }"));
    assert_true(clause_met("clause audit with grade >= standard", "audit: { grade: premium }"));
    assert_true(clause_met("clause audit with grade >= standard", "audit: { grade: standard }"));
    assert_false(clause_met("clause audit with grade >= standard", "audit: { grade: basic }"));
    assert_false(clause_met("clause audit with grade == standard", "audit: { grade: premium }"));
    assert_true(clause_met("clause audit with covers_all", "audit: { covers_all: true }"));
    assert_false(clause_met("clause audit with covers_all", "audit: { covers_all: false }"));
    assert_true(clause_met("clause audit with covers_all == false", "audit: { covers_all: false }"));
    assert_true(clause_met("clause audit with scope == \"all\"", "audit: { scope: all }"));
    assert_false(clause_met("clause audit with scope == \"all\"", "audit: { scope: All }"));
    assert_true(clause_met("clause audit with scope != \"none\"", "audit: { scope: \"some\" }"));
    assert_true(clause_met("clause audit with since >= 2020-01-01", "audit: { since: 2020-01-01 }"));
    assert_false(clause_met("clause audit with since > 2020-01-01", "audit: { since: 2020-01-01 }"));
    assert_true(clause_met("clause audit with audits >= 1 and grade >= basic", "audit: { audits: 3, grade: basic }"));
}

static void test_tier_attribute_thresholds(void **state)
{
    (void)state;
    static const char reqs[] = "require N \"n\" { clause notify with notify_within <= tier.notify_within }\n";
    /* Tier medium allows 72h, tier high only 24h. */
    run *r = evaluate(reqs, "supplier: { id: s }\n"
                            "profile: { importance: low, access: false, data_shared: true, staff: 1 }\n"
                            "clauses: { notify: { notify_within: 72h } }\n");
    assert_int_equal(r->res.tier, 1);
    assert_int_equal(outcome(r, "N"), CK_OUTCOME_MET);
    done(r);
    r = evaluate(reqs, "supplier: { id: s }\n"
                       "profile: { importance: high, access: false, data_shared: false, staff: 1 }\n"
                       "clauses: { notify: { notify_within: 72h } }\n");
    assert_int_equal(r->res.tier, 2);
    const ck_finding *f = only(r, CK_FK_CLAUSE_WEAKER);
    assert_contains(f->message, "tier high");
    assert_contains(f->message, "24h");
    done(r);
}

static void test_invalid_value_reported_once(void **state)
{
    (void)state;
    run *r = evaluate("require N \"n\" { clause notify with notify_within <= 24h }\n",
                      "supplier: { id: s }\n" LOW_PROFILE "clauses: { notify: { notify_within: soon } }\n");
    /* The record-invalid finding says it; no clause-weaker repeats it. */
    assert_kinds(r, 1, CK_FK_RECORD_INVALID);
    const ck_finding *f = r->res.findings.items[0];
    assert_int_equal(f->req, -1);
    assert_int_equal(f->severity, CK_SEV_ERROR);
    assert_at(f->span, 3, 37);
    assert_int_equal(outcome(r, "N"), CK_OUTCOME_UNMET);
    done(r);
}

static void test_contract_dates_relative_to_as_of(void **state)
{
    (void)state;
    static const char reqs[] = "require D \"d\" { contract.last_assessed within 1y }\n";
    run *r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "contract: { last_assessed: 2025-11-28 }\n");
    /* The cutoff day itself is within. */
    assert_int_equal(outcome(r, "D"), CK_OUTCOME_MET);
    assert_kinds(r, 0);
    done(r);

    r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "contract: { last_assessed: 2025-11-27 }\n");
    const ck_finding *f = only(r, CK_FK_ASSESSMENT_OVERDUE);
    assert_contains(f->message, "2025-11-27");
    assert_at(f->span, 3, 28);
    done(r);

    /* The same record is fine a day earlier: "today" is the as-of date. */
    ck_eval_options o = {.as_of = date("2026-11-27")};
    r = evaluate_opts(reqs, "supplier: { id: s }\n" LOW_PROFILE "contract: { last_assessed: 2025-11-27 }\n", &o);
    assert_int_equal(outcome(r, "D"), CK_OUTCOME_MET);
    done(r);

    r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "contract: { signed: 2025-01-01 }\n");
    f = only(r, CK_FK_ASSESSMENT_OVERDUE);
    assert_contains(f->message, "last_assessed");
    /* A missing date belongs in the contract section. */
    assert_at(f->span, 3, 1);
    done(r);

    /* Month arithmetic clamps: 6 months before 2026-08-31 is 2026-02-28. */
    o.as_of = date("2026-08-31");
    r = evaluate_opts("require D \"d\" { contract.last_reviewed within 6mo }\n",
                      "supplier: { id: s }\n" LOW_PROFILE "contract: { last_reviewed: 2026-02-28 }\n", &o);
    assert_int_equal(outcome(r, "D"), CK_OUTCOME_MET);
    done(r);
    r = evaluate_opts("require D \"d\" { contract.last_reviewed within 6mo }\n",
                      "supplier: { id: s }\n" LOW_PROFILE "contract: { last_reviewed: 2026-02-27 }\n", &o);
    assert_int_equal(outcome(r, "D"), CK_OUTCOME_UNMET);
    done(r);
}

/* ---- groups and guarded rules ---- */

static void test_any_group(void **state)
{
    (void)state;
    static const char reqs[] = "require A \"a\" { any { clause a  clause b } }\n"
                               "require O \"o\" { clause a or clause b }\n";
    run *r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "clauses: { b: }\n");
    assert_int_equal(outcome(r, "A"), CK_OUTCOME_MET);
    assert_int_equal(outcome(r, "O"), CK_OUTCOME_MET);
    assert_kinds(r, 0);
    done(r);

    /* Neither: one finding per group that names both alternatives, not one per alternative. */
    r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "clauses: { }\n");
    assert_kinds(r, 2, CK_FK_ALTERNATIVES_UNMET, CK_FK_ALTERNATIVES_UNMET);
    const ck_finding *f = r->res.findings.items[0];
    assert_int_equal(f->req, 0);
    assert_contains(f->message, "2");
    assert_contains(f->message, "clause a");
    assert_contains(f->message, "clause b");
    assert_contains(f->remediation, "clause a");
    assert_contains(f->remediation, "clause b");
    assert_int_equal(((const ck_finding *)r->res.findings.items[1])->req, 1);
    done(r);
}

static void test_all_group(void **state)
{
    (void)state;
    static const char reqs[] = "require L \"l\" { all { clause a  clause b } }\n";
    run *r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "clauses: { a: }\n");
    assert_int_equal(outcome(r, "L"), CK_OUTCOME_UNMET);
    const ck_finding *f = only(r, CK_FK_CLAUSE_MISSING);
    assert_contains(f->message, "clause b");
    done(r);

    r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "clauses: { }\n");
    assert_kinds(r, 2, CK_FK_CLAUSE_MISSING, CK_FK_CLAUSE_MISSING);
    done(r);

    /* An any inside: met when one of its alternatives and the other rule are. */
    r = evaluate("require L \"l\" { all { clause a  any { clause b  clause notify } } }\n",
                 "supplier: { id: s }\n" LOW_PROFILE "clauses: { a: , notify: }\n");
    assert_int_equal(outcome(r, "L"), CK_OUTCOME_MET);
    done(r);
}

static void test_guarded_rules_choose_an_arm(void **state)
{
    (void)state;
    static const char reqs[] = "require G \"g\" {\n"
                               "  clause a when country == \"GB\"\n"
                               "  clause b otherwise\n"
                               "}\n";
    run *r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "clauses: { a: }\n");
    assert_int_equal(outcome(r, "G"), CK_OUTCOME_MET);
    done(r);
    r = evaluate(reqs, "supplier: { id: s }\n"
                       "profile: { importance: low, access: false, data_shared: false, staff: 1, country: FR }\n"
                       "clauses: { a: }\n");
    assert_int_equal(outcome(r, "G"), CK_OUTCOME_UNMET);
    assert_contains(only(r, CK_FK_CLAUSE_MISSING)->message, "clause b");
    done(r);
    /* Unknown guard: the arm might apply, so it must hold, and so must the otherwise. */
    r = evaluate(reqs, "supplier: { id: s }\n"
                       "profile: { importance: low, access: false, data_shared: false, staff: 1 }\n"
                       "clauses: { }\n");
    assert_int_equal(outcome(r, "G"), CK_OUTCOME_UNMET);
    assert_int_equal(count(r, CK_FK_CLAUSE_MISSING), 2);
    done(r);
}

/* ---- evidence ---- */

static char repo_parent[64];
static char repo[96];
static ck_evfile_root root;

static void put_file(const char *rel, const char *data)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", repo_parent, rel);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
    close(fd);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int group_setup(void **state)
{
    (void)state;
    strcpy(repo_parent, "/tmp/ck_eval_XXXXXX");
    if (!mkdtemp(repo_parent))
        return -1;
    snprintf(repo, sizeof repo, "%s/repo", repo_parent);
    char p[256];
    static const char *const dirs[] = {"repo", "repo/evidence", "repo/evidence/folder"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", repo_parent, dirs[i]);
        if (mkdir(p, 0755) != 0)
            return -1;
    }
    put_file("repo/evidence/iso.pdf", "abc");
    put_file("secret.txt", "secret");
    snprintf(p, sizeof p, "%s/repo/evidence/escape", repo_parent);
    if (symlink("../../secret.txt", p) != 0)
        return -1;
    return ck_evfile_root_open(&root, repo);
}

static int group_teardown(void **state)
{
    (void)state;
    ck_evfile_root_close(&root);
    return nftw(repo_parent, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static run *evaluate_in_repo(const char *reqs, const char *record)
{
    ck_eval_options o = {.as_of = date(AS_OF), .root = &root};
    return evaluate_opts(reqs, record, &o);
}

static const char ISO_REQ[] = "require E \"e\" { evidence iso not expired }\n";

static void test_evidence_ok(void **state)
{
    (void)state;
    run *r = evaluate_in_repo(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                                       "evidence:\n"
                                       "  - { kind: iso, file: evidence/iso.pdf, sha256: \"" SHA_ABC "\",\n"
                                       "      issued: 2026-01-01, independent: true }\n");
    assert_kinds(r, 0);
    assert_int_equal(outcome(r, "E"), CK_OUTCOME_MET);
    done(r);

    /* Without a root the files are not looked at (policy tests). */
    r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                          "evidence: [ { kind: iso, file: nowhere.pdf, issued: 2026-01-01, independent: true } ]\n");
    assert_kinds(r, 0);
    done(r);
}

static void test_evidence_missing(void **state)
{
    (void)state;
    run *r = evaluate_in_repo(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE "evidence: []\n");
    const ck_finding *f = only(r, CK_FK_EVIDENCE_MISSING);
    assert_int_equal(r->res.findings.len, 1);
    assert_int_equal(f->req, 0);
    assert_contains(f->message, "iso");
    assert_at(f->span, 3, 1);
    done(r);
}

static void test_evidence_file_problems(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        const char *sha;
        ck_finding_kind kind;
    } cases[] = {
        {"evidence/none.pdf", SHA_ABC, CK_FK_EVIDENCE_FILE_MISSING},
        {"evidence/escape", SHA_ABC, CK_FK_EVIDENCE_OUTSIDE_ROOT},
        {"../secret.txt", SHA_ABC, CK_FK_EVIDENCE_OUTSIDE_ROOT},
        {"evidence/folder", SHA_ABC, CK_FK_EVIDENCE_NOT_REGULAR},
        {"evidence/iso.pdf", SHA_ZERO, CK_FK_EVIDENCE_HASH_MISMATCH},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rec[512];
        snprintf(rec, sizeof rec,
                 "supplier: { id: s }\n" LOW_PROFILE
                 "evidence:\n"
                 "  - { kind: iso, file: %s, sha256: \"%s\", issued: 2026-01-01, independent: true }\n",
                 cases[i].file, cases[i].sha);
        run *r = evaluate_in_repo(ISO_REQ, rec);
        /* The file's problem is about the record; the requirement then has no usable evidence. */
        assert_kinds(r, 2, cases[i].kind, CK_FK_EVIDENCE_MISSING);
        const ck_finding *f = r->res.findings.items[0];
        assert_int_equal(f->req, -1);
        assert_int_equal(f->severity, CK_SEV_ERROR);
        assert_contains(f->message, cases[i].file);
        /* At the path as written. */
        assert_at(f->span, 4, 24);
        assert_int_equal(outcome(r, "E"), CK_OUTCOME_UNMET);
        if (cases[i].kind == CK_FK_EVIDENCE_HASH_MISMATCH)
            assert_contains(f->remediation, SHA_ABC);
        done(r);
    }
}

static void test_evidence_path_with_nul(void **state)
{
    (void)state;
    /* A NUL escaped into the path must not shorten it to another file's name. */
    run *r = evaluate_in_repo(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                                       "evidence:\n"
                                       "  - { kind: iso, file: \"evidence/iso.pdf\\0x\", sha256: \"" SHA_ABC "\",\n"
                                       "      issued: 2026-01-01, independent: true }\n");
    assert_kinds(r, 2, CK_FK_EVIDENCE_BAD_PATH, CK_FK_EVIDENCE_MISSING);
    assert_int_equal(outcome(r, "E"), CK_OUTCOME_UNMET);
    done(r);
}

static void test_evidence_without_file(void **state)
{
    (void)state;
    run *r = evaluate_in_repo(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                                       "evidence: [ { kind: iso, issued: 2026-01-01, independent: true } ]\n");
    assert_kinds(r, 2, CK_FK_EVIDENCE_FILE_MISSING, CK_FK_EVIDENCE_MISSING);
    done(r);
}

static void test_evidence_wrong_kind(void **state)
{
    (void)state;
    run *r = evaluate("require E \"e\" { evidence report }\n",
                      "supplier: { id: s }\n" LOW_PROFILE
                      "evidence: [ { kind: soc2, file: x.pdf }, { kind: report, file: y.pdf } ]\n");
    const ck_finding *f = only(r, CK_FK_EVIDENCE_WRONG_KIND);
    assert_int_equal(r->res.findings.len, 1);
    assert_int_equal(f->severity, CK_SEV_WARNING);
    assert_int_equal(f->req, -1);
    assert_contains(f->message, "soc2");
    assert_int_equal(outcome(r, "E"), CK_OUTCOME_MET);
    done(r);
}

static void test_evidence_expiry(void **state)
{
    (void)state;
    /* Expiry derived from the issue date and the kind's 1y validity: 2025-11-27 + 1y < as-of. */
    run *r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                               "evidence: [ { kind: iso, issued: 2025-11-27, independent: true } ]\n");
    const ck_finding *f = only(r, CK_FK_EVIDENCE_EXPIRED);
    assert_int_equal(r->res.findings.len, 1);
    assert_contains(f->message, "2026-11-27");
    done(r);
    r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                          "evidence: [ { kind: iso, issued: 2025-11-28, independent: true } ]\n");
    assert_int_equal(outcome(r, "E"), CK_OUTCOME_MET);
    done(r);

    /* A recorded expiry wins over the derived one; the expiry day itself is still valid. */
    r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                          "evidence: [ { kind: iso, issued: 2020-01-01, expires: 2026-11-28, independent: true } ]\n");
    assert_int_equal(outcome(r, "E"), CK_OUTCOME_MET);
    done(r);
    r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                          "evidence: [ { kind: iso, issued: 2026-01-01, expires: 2026-11-27, independent: true } ]\n");
    f = only(r, CK_FK_EVIDENCE_EXPIRED);
    assert_at(f->span, 3, 55);
    done(r);

    /* Neither date: it cannot be shown to be current. */
    r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE "evidence: [ { kind: iso, independent: true } ]\n");
    only(r, CK_FK_EVIDENCE_EXPIRED);
    done(r);

    /* Of several entries one that meets the rule is enough. */
    r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                          "evidence:\n"
                          "  - { kind: iso, issued: 2020-01-01, independent: true }\n"
                          "  - { kind: iso, issued: 2026-06-01, independent: true }\n");
    assert_kinds(r, 0);
    done(r);
}

static void test_evidence_stale(void **state)
{
    (void)state;
    static const char reqs[] = "require S \"s\" { evidence report issued within 12mo and period_end within 6mo }\n";
    run *r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE
                            "evidence: [ { kind: report, issued: 2025-11-28, period_end: 2026-05-28 } ]\n");
    assert_int_equal(outcome(r, "S"), CK_OUTCOME_MET);
    done(r);
    r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE
                       "evidence: [ { kind: report, issued: 2025-11-27, period_end: 2026-05-27 } ]\n");
    assert_kinds(r, 2, CK_FK_EVIDENCE_STALE, CK_FK_EVIDENCE_STALE);
    const ck_finding *f0 = r->res.findings.items[0], *f1 = r->res.findings.items[1];
    assert_contains(f0->message, "2025-11-27");
    assert_contains(f1->message, "2026-05-27");
    assert_at(f0->span, 3, 37);
    done(r);
    /* No date to judge by. */
    r = evaluate(reqs, "supplier: { id: s }\n" LOW_PROFILE "evidence: [ { kind: report, issued: 2026-11-01 } ]\n");
    f0 = only(r, CK_FK_EVIDENCE_STALE);
    assert_contains(f0->message, "period_end");
    done(r);
}

static void test_evidence_independence(void **state)
{
    (void)state;
    /* The kind is declared independent: false and absent both fail. */
    run *r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE
                               "evidence: [ { kind: iso, issued: 2026-01-01, independent: false } ]\n");
    const ck_finding *f = only(r, CK_FK_EVIDENCE_NOT_INDEPENDENT);
    assert_int_equal(r->res.findings.len, 1);
    assert_at(f->span, 3, 59);
    done(r);
    r = evaluate(ISO_REQ, "supplier: { id: s }\n" LOW_PROFILE "evidence: [ { kind: iso, issued: 2026-01-01 } ]\n");
    only(r, CK_FK_EVIDENCE_NOT_INDEPENDENT);
    done(r);

    /* A kind not declared independent needs it only when the rule says so. */
    r = evaluate("require P \"p\" { evidence report }\n",
                 "supplier: { id: s }\n" LOW_PROFILE "evidence: [ { kind: report } ]\n");
    assert_kinds(r, 0);
    done(r);
    r = evaluate("require P \"p\" { evidence report independent }\n",
                 "supplier: { id: s }\n" LOW_PROFILE "evidence: [ { kind: report } ]\n");
    only(r, CK_FK_EVIDENCE_NOT_INDEPENDENT);
    done(r);
}

/* ---- questionnaires ---- */

static const char Q_REQ[] = "require Q \"q\" { questionnaire sq at depth standard }\n";

static void test_questionnaire_missing_and_depth(void **state)
{
    (void)state;
    run *r = evaluate(Q_REQ, "supplier: { id: s }\n" LOW_PROFILE);
    const ck_finding *f = only(r, CK_FK_QUESTIONNAIRE_MISSING);
    assert_int_equal(r->res.findings.len, 1);
    assert_contains(f->remediation, "standard");
    done(r);

    r = evaluate(Q_REQ, "supplier: { id: s }\n" LOW_PROFILE
                        "questionnaires:\n  sq: { depth: lite, answers: { has_policy: true, mfa: true } }\n");
    f = only(r, CK_FK_QUESTIONNAIRE_DEPTH);
    assert_int_equal(r->res.findings.len, 1);
    assert_contains(f->message, "lite");
    assert_contains(f->message, "standard");
    assert_at(f->span, 4, 16);
    done(r);

    /* Deeper than required is fine. */
    r = evaluate(Q_REQ, "supplier: { id: s }\n" LOW_PROFILE
                        "questionnaires:\n  sq: { depth: full, answers: { has_policy: true, mfa: true } }\n");
    assert_kinds(r, 0);
    done(r);
}

static void test_questionnaire_answers(void **state)
{
    (void)state;
    /* patch_days is asked only from depth full, so at standard a bad answer does not count. */
    run *r = evaluate(Q_REQ, "supplier: { id: s }\n" LOW_PROFILE
                             "questionnaires:\n"
                             "  sq: { depth: standard, answers: { has_policy: true, mfa: false, patch_days: 90 } }\n");
    const ck_finding *f = only(r, CK_FK_QUESTIONNAIRE_ANSWER);
    assert_int_equal(r->res.findings.len, 1);
    assert_contains(f->message, "mfa");
    assert_at(f->span, 4, 60);
    done(r);

    r = evaluate("require Q \"q\" { questionnaire sq at depth full }\n",
                 "supplier: { id: s }\n" LOW_PROFILE
                 "questionnaires:\n"
                 "  sq: { depth: full, answers: { has_policy: true, mfa: true, patch_days: 31 } }\n");
    f = only(r, CK_FK_QUESTIONNAIRE_ANSWER);
    assert_contains(f->message, "patch_days");
    assert_contains(f->message, "31");
    assert_contains(f->message, "30");
    done(r);

    /* An unanswered question that is asked at the depth. */
    r = evaluate(Q_REQ, "supplier: { id: s }\n" LOW_PROFILE
                        "questionnaires:\n  sq: { depth: standard, answers: { has_policy: true } }\n");
    f = only(r, CK_FK_QUESTIONNAIRE_ANSWER);
    assert_contains(f->message, "mfa");
    done(r);
}

static void test_questionnaire_depth_from_tier(void **state)
{
    (void)state;
    static const char reqs[] = "require Q \"q\" { questionnaire sq at depth tier.qdepth }\n";
    static const char answers[] = "questionnaires:\n  sq: { depth: standard, answers: { has_policy: true, mfa: true } }\n";
    char rec[512];
    snprintf(rec, sizeof rec, "supplier: { id: s }\n" LOW_PROFILE "%s", answers);
    run *r = evaluate(reqs, rec);
    assert_int_equal(outcome(r, "Q"), CK_OUTCOME_MET);
    done(r);
    snprintf(rec, sizeof rec,
             "supplier: { id: s }\nprofile: { importance: high, access: false, data_shared: false, staff: 1 }\n%s",
             answers);
    r = evaluate(reqs, rec);
    assert_int_equal(r->res.tier, 2);
    assert_contains(only(r, CK_FK_QUESTIONNAIRE_DEPTH)->message, "full");
    done(r);
}

/* `questionnaire sq within 12mo`: answers as old as the limit hold (calendar arithmetic, as for
 * contract dates), a day older or no date is questionnaire-stale at the date or the entry, an
 * invalid date is only the record's problem, and stale answers are not weighed one by one. */
static void test_questionnaire_within(void **state)
{
    (void)state;
    static const char reqs[] = "require Q \"q\" { questionnaire sq at depth standard within 12mo }\n";
    static const char fmt_rec[] = "supplier: { id: s }\n" LOW_PROFILE
                                  "questionnaires:\n  sq: { depth: standard, %s answers: { has_policy: true, mfa: %s } }\n";
    char rec[512];
    snprintf(rec, sizeof rec, fmt_rec, "answered: 2025-11-28,", "true");
    run *r = evaluate(reqs, rec);
    assert_kinds(r, 0);
    done(r);

    snprintf(rec, sizeof rec, fmt_rec, "answered: 2025-11-27,", "false");
    r = evaluate(reqs, rec);
    const ck_finding *f = only(r, CK_FK_QUESTIONNAIRE_STALE);
    assert_int_equal(r->res.findings.len, 1); /* not also the mfa answer */
    assert_contains(f->message, "answered on 2025-11-27, more than 12mo before 2026-11-28");
    assert_contains(f->remediation, "send questionnaire sq again");
    assert_at(f->span, 4, 36);
    done(r);

    snprintf(rec, sizeof rec, fmt_rec, "", "true");
    r = evaluate(reqs, rec);
    f = only(r, CK_FK_QUESTIONNAIRE_STALE);
    assert_contains(f->message, "the record gives no answered date; the policy wants answers within 12mo");
    assert_contains(f->remediation, "answered:");
    assert_at(f->span, 4, 3);
    done(r);

    snprintf(rec, sizeof rec, fmt_rec, "answered: 2025-02-30,", "true");
    r = evaluate(reqs, rec);
    assert_kinds(r, 1, CK_FK_RECORD_INVALID);
    assert_at(only(r, CK_FK_RECORD_INVALID)->span, 4, 36);
    done(r);
}

/* ---- gaps ---- */

static const char GAP_REQ[] = "require G-1 \"g\" { clause a }\n";

static run *with_gap(const char *gap)
{
    char rec[512];
    snprintf(rec, sizeof rec, "supplier: { id: s }\n" LOW_PROFILE "gaps:\n  - %s\n", gap);
    return evaluate(GAP_REQ, rec);
}

static void test_gap_declared_not_accepted(void **state)
{
    (void)state;
    run *r = with_gap("{ requirement: G-1, reason: \"negotiating\" }");
    /* The finding stays, and the gap is noted beside it. */
    assert_kinds(r, 2, CK_FK_CLAUSE_MISSING, CK_FK_GAP_DECLARED);
    const ck_finding *g = r->res.findings.items[1];
    assert_int_equal(g->severity, CK_SEV_WARNING);
    assert_int_equal(g->req, 0);
    assert_contains(g->message, "negotiating");
    assert_at(g->span, 4, 20);
    assert_int_equal(outcome(r, "G-1"), CK_OUTCOME_UNMET);
    done(r);

    /* Accepted, but with no end date: does not count. */
    r = with_gap("{ requirement: G-1, accepted_by: CISO }");
    assert_kinds(r, 2, CK_FK_CLAUSE_MISSING, CK_FK_GAP_DECLARED);
    assert_contains(((const ck_finding *)r->res.findings.items[1])->message, "CISO");
    assert_int_equal(outcome(r, "G-1"), CK_OUTCOME_UNMET);
    done(r);
}

static void test_gap_accepted(void **state)
{
    (void)state;
    run *r = with_gap("{ requirement: G-1, reason: later, accepted_by: CISO, expires: 2027-01-01, compensating: logs }");
    /* The accepted gap replaces the requirement's findings. */
    assert_kinds(r, 1, CK_FK_GAP_ACCEPTED);
    const ck_finding *g = r->res.findings.items[0];
    assert_int_equal(g->severity, CK_SEV_INFO);
    assert_contains(g->message, "CISO");
    assert_contains(g->message, "2027-01-01");
    assert_contains(g->message, "logs");
    assert_int_equal(outcome(r, "G-1"), CK_OUTCOME_GAP_ACCEPTED);
    assert_contains(r->res.reqs[0].reason, "CISO");
    assert_int_equal(r->res.count[CK_SEV_ERROR], 0);
    assert_int_equal(r->res.count[CK_SEV_INFO], 1);
    done(r);

    /* Still accepted on its last day. */
    r = with_gap("{ requirement: G-1, accepted_by: CISO, expires: " AS_OF " }");
    assert_kinds(r, 1, CK_FK_GAP_ACCEPTED);
    done(r);
}

static void test_gap_acceptance_expired(void **state)
{
    (void)state;
    run *r = with_gap("{ requirement: G-1, accepted_by: CISO, expires: 2026-11-27 }");
    assert_kinds(r, 2, CK_FK_CLAUSE_MISSING, CK_FK_GAP_EXPIRED);
    const ck_finding *g = r->res.findings.items[1];
    assert_int_equal(g->severity, CK_SEV_ERROR);
    assert_contains(g->message, "2026-11-27");
    /* At the date that passed. */
    assert_at(g->span, 4, 53);
    assert_int_equal(outcome(r, "G-1"), CK_OUTCOME_UNMET);
    done(r);
}

static void test_gap_unknown_requirement(void **state)
{
    (void)state;
    run *r = with_gap("{ requirement: G-9, accepted_by: CISO, expires: 2030-01-01 }");
    assert_kinds(r, 2, CK_FK_GAP_UNKNOWN_REQUIREMENT, CK_FK_CLAUSE_MISSING);
    const ck_finding *g = r->res.findings.items[0];
    assert_int_equal(g->req, -1);
    assert_int_equal(g->severity, CK_SEV_WARNING);
    assert_contains(g->message, "G-9");
    done(r);
}

static void test_gap_on_met_requirement(void **state)
{
    (void)state;
    run *r = evaluate(GAP_REQ, "supplier: { id: s }\n" LOW_PROFILE "clauses: { a: }\n"
                               "gaps: [ { requirement: G-1, accepted_by: CISO, expires: 2020-01-01 } ]\n");
    /* Nothing to waive: the requirement is met and the old gap says nothing. */
    assert_kinds(r, 0);
    assert_int_equal(outcome(r, "G-1"), CK_OUTCOME_MET);
    done(r);
}

/* ---- results as a whole ---- */

static void test_counts_severities_and_fingerprints(void **state)
{
    (void)state;
    static const char reqs[] = "require W \"w\" { clause a  clause b  severity warning }\n"
                               "require E \"e\" { clause a }\n";
    static const char rec[] = "supplier: { id: s }\n" LOW_PROFILE "evidence: [ { kind: soc2 } ]\n";
    const ck_eval_options with_prints = {.as_of = date(AS_OF), .fingerprints = true};
    /* not asked for, none are made */
    run *r = evaluate(reqs, rec);
    for (size_t i = 0; i < r->res.findings.len; i++)
        assert_string_equal(((const ck_finding *)r->res.findings.items[i])->fingerprint, "");
    assert_int_equal(r->res.count[CK_SEV_WARNING], 3);
    done(r);
    r = evaluate_opts(reqs, rec, &with_prints);
    assert_kinds(r, 4, CK_FK_EVIDENCE_WRONG_KIND, CK_FK_CLAUSE_MISSING, CK_FK_CLAUSE_MISSING, CK_FK_CLAUSE_MISSING);
    assert_int_equal(r->res.count[CK_SEV_ERROR], 1);
    assert_int_equal(r->res.count[CK_SEV_WARNING], 3);
    assert_int_equal(r->res.count[CK_SEV_INFO], 0);
    assert_int_equal(((const ck_finding *)r->res.findings.items[1])->severity, CK_SEV_WARNING);
    assert_int_equal(((const ck_finding *)r->res.findings.items[3])->severity, CK_SEV_ERROR);
    /* Fingerprints: 32 hex digits, distinct, and the same on a second run. */
    char prints[4][33];
    for (size_t i = 0; i < 4; i++) {
        const ck_finding *f = r->res.findings.items[i];
        assert_int_equal(strlen(f->fingerprint), 32);
        assert_int_equal(strspn(f->fingerprint, "0123456789abcdef"), 32);
        memcpy(prints[i], f->fingerprint, 33);
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(prints[k], prints[i]);
    }
    done(r);
    r = evaluate_opts(reqs, rec, &with_prints);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(((const ck_finding *)r->res.findings.items[i])->fingerprint, prints[i]);
    done(r);
    assert_true(ck_severity_fails(CK_SEV_ERROR, CK_SEV_WARNING));
    assert_true(ck_severity_fails(CK_SEV_WARNING, CK_SEV_WARNING));
    assert_false(ck_severity_fails(CK_SEV_INFO, CK_SEV_WARNING));
    assert_false(ck_severity_fails(CK_SEV_WARNING, CK_SEV_ERROR));
    assert_true(ck_severity_fails(CK_SEV_INFO, CK_SEV_INFO));
}

static void test_coverage_and_trace(void **state)
{
    (void)state;
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_policy *p = compile(&diags, "require A \"a\" { clause a  clause b }\n"
                                   "require H \"h\" for tier high {\n"
                                   "  clause notify with notify_within <= tier.notify_within\n"
                                   "  evidence iso when tier == critical\n"
                                   "}\n");
    ck_arena *arena = ck_arena_new();
    assert_non_null(arena);
    ck_coverage cov;
    assert_int_equal(ck_coverage_init(&cov, p, arena), 0);
    assert_int_equal(cov.rule_offset[1], 2);
    ck_vec trace = {0};
    ck_eval_options o = {.as_of = date(AS_OF), .coverage = &cov, .trace = &trace};
    static const char rec_text[] = "supplier: { id: s }\n" LOW_PROFILE "clauses: { a: }\n";
    ck_record *rec = NULL;
    assert_int_equal(ck_record_load_text(p, "r.yaml", rec_text, sizeof rec_text - 1, NULL, &diags, &rec), 0);
    ck_result res;
    assert_int_equal(ck_eval_record(p, rec, &o, &res), 0);
    assert_int_equal(cov.req_bits[0], CK_COVER_UNMET);
    assert_int_equal(cov.req_bits[1], CK_COVER_NOT_APPLICABLE);
    assert_int_equal(cov.rule_bits[0], CK_COVER_MET);
    assert_int_equal(cov.rule_bits[1], CK_COVER_UNMET);
    assert_int_equal(cov.rule_bits[2], 0);
    /* The trace explains tiering first, then each requirement. */
    assert_true(trace.len > 4);
    const ck_trace_line *t0 = trace.items[0];
    assert_int_equal(t0->req, -1);
    bool saw_req = false;
    for (size_t i = 0; i < trace.len; i++) {
        const ck_trace_line *t = trace.items[i];
        assert_non_null(t->text);
        if (t->req == 0 && strstr(t->text, "clause b"))
            saw_req = true;
    }
    assert_true(saw_req);
    ck_record_free(rec);

    /* The checklist of tier high lists both requirements, with their rules in words. */
    ck_vec items = {0};
    assert_int_equal(ck_present_checklist(p, 2, arena, &items, NULL), 0);
    assert_int_equal(items.len, 2);
    const ck_checklist_item *it = items.items[0];
    assert_int_equal(it->req, 0);
    assert_null(it->condition);
    assert_int_equal(it->rules.len, 2);
    assert_contains(it->rules.items[1], "Clause B");
    assert_contains(it->rules.items[1], "(b)");
    /* The tier's own threshold; the rule guarded to tier critical is not this tier's business. */
    it = items.items[1];
    assert_int_equal(it->req, 1);
    assert_int_equal(it->rules.len, 1);
    assert_contains(it->rules.items[0], "notify_within");
    assert_contains(it->rules.items[0], "24");
    /* Tier critical: H is for tier high only. Tier low: likewise. */
    items = (ck_vec){0};
    assert_int_equal(ck_present_checklist(p, 3, arena, &items, NULL), 0);
    assert_int_equal(items.len, 1);
    items = (ck_vec){0};
    assert_int_equal(ck_present_checklist(p, 0, arena, &items, NULL), 0);
    assert_int_equal(items.len, 1);
    ck_arena_free(arena);
    ck_policy_free(p);
    ck_diags_fini(&diags);
}

static void test_policy_test_block_records(void **state)
{
    (void)state;
    /* A record built from a test block evaluates like a loaded one. */
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_policy *p = compile(&diags, "require N \"n\" for tier >= medium { clause notify with notify_within <= tier.notify_within }\n"
                                   "test \"t\" {\n"
                                   "  as of 2026-11-28\n"
                                   "  profile importance = high, access = false, data_shared = false, staff = 1\n"
                                   "  clause notify notify_within = 2d\n"
                                   "  expect tier high\n"
                                   "  expect N clause-weaker\n"
                                   "}\n");
    const ck_decl *t = p->tests.items[0];
    ck_record *rec = ck_record_from_test(p, t);
    assert_non_null(rec);
    ck_eval_options o = {.as_of = t->as_of};
    ck_result res;
    assert_int_equal(ck_eval_record(p, rec, &o, &res), 0);
    assert_int_equal(res.tier, 2);
    assert_int_equal(res.findings.len, 1);
    const ck_finding *f = res.findings.items[0];
    assert_int_equal(f->kind, CK_FK_CLAUSE_WEAKER);
    /* It points into the test block, at the value. */
    assert_at(f->span, ck_source_linecol(t->span.src, t->span.start).line + 3, 33);
    ck_record_free(rec);
    ck_policy_free(p);
    ck_diags_fini(&diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiering_first_match_wins),
        cmocka_unit_test(test_unknown_field_holds_to_highest_possible_tier),
        cmocka_unit_test(test_unknown_fields_all_named),
        cmocka_unit_test(test_unknown_field_not_needed),
        cmocka_unit_test(test_invalid_profile_field_is_unknown),
        cmocka_unit_test(test_force_tier),
        cmocka_unit_test(test_requirement_applicability),
        cmocka_unit_test(test_clause_missing_vs_weaker),
        cmocka_unit_test(test_duration_compare_across_units),
        cmocka_unit_test(test_number_level_bool_string_date_compare),
        cmocka_unit_test(test_tier_attribute_thresholds),
        cmocka_unit_test(test_invalid_value_reported_once),
        cmocka_unit_test(test_contract_dates_relative_to_as_of),
        cmocka_unit_test(test_any_group),
        cmocka_unit_test(test_all_group),
        cmocka_unit_test(test_guarded_rules_choose_an_arm),
        cmocka_unit_test(test_evidence_ok),
        cmocka_unit_test(test_evidence_missing),
        cmocka_unit_test(test_evidence_file_problems),
        cmocka_unit_test(test_evidence_path_with_nul),
        cmocka_unit_test(test_evidence_without_file),
        cmocka_unit_test(test_evidence_wrong_kind),
        cmocka_unit_test(test_evidence_expiry),
        cmocka_unit_test(test_evidence_stale),
        cmocka_unit_test(test_evidence_independence),
        cmocka_unit_test(test_questionnaire_missing_and_depth),
        cmocka_unit_test(test_questionnaire_answers),
        cmocka_unit_test(test_questionnaire_depth_from_tier),
        cmocka_unit_test(test_questionnaire_within),
        cmocka_unit_test(test_gap_declared_not_accepted),
        cmocka_unit_test(test_gap_accepted),
        cmocka_unit_test(test_gap_acceptance_expired),
        cmocka_unit_test(test_gap_unknown_requirement),
        cmocka_unit_test(test_gap_on_met_requirement),
        cmocka_unit_test(test_counts_severities_and_fingerprints),
        cmocka_unit_test(test_coverage_and_trace),
        cmocka_unit_test(test_policy_test_block_records),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
