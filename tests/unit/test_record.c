/* Unit tests for the record loader: typed values with places, wrong types, unknown names, JSON, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "record.h"
#include "record_facts.h"

static const char POLICY[] =
    "profile {\n"
    "  importance : level(low, medium, high, critical)\n"
    "  data_shared : bool\n"
    "  staff : number\n"
    "  country : string\n"
    "  rto : duration\n"
    "  since : date\n"
    "}\n"
    "tiers low < high\n"
    "tier high when importance >= high\n"
    "tier low otherwise\n"
    "clause notify \"Notify\" { notify_within : duration  covers_all : bool  grade : level(basic, full) }\n"
    "clause audit \"Audit\" { every : duration  audits : number  scope : string  since : date }\n"
    "evidence iso \"ISO\" { valid for 3y independent }\n"
    "evidence pentest \"Pen test\" { }\n"
    "questionnaire sq \"SQ\" { depths lite < full  question mfa : bool  question days : number }\n"
    "require R-1 \"r\" when data_shared and staff > 1 and country == \"GB\" and rto <= 1d and since >= 2020-01-01 {\n"
    "  clause notify with notify_within <= 24h and covers_all and grade >= full\n"
    "  clause audit with every <= 1y and audits >= 1 and scope == \"all\" and since >= 2020-01-01\n"
    "  evidence iso\n"
    "  evidence pentest\n"
    "  questionnaire sq at depth full\n"
    "}\n"
    "test \"from a test block\" {\n"
    "  as of 2026-11-28\n"
    "  supplier id = \"acme\", name = \"Acme\"\n"
    "  profile importance = high, staff = 12, rto = 4h\n"
    "  contract last_assessed = 2026-01-02, status = \"active\"\n"
    "  clause notify notify_within = 24h, grade = full\n"
    "  evidence iso issued = 2026-01-01, independent = true, file = \"e/iso.pdf\"\n"
    "  questionnaire sq depth = full, mfa = true\n"
    "  gap R-1 reason = \"later\", accepted_by = \"CISO\", expires = 2027-01-01\n"
    "  expect tier high\n"
    "  expect nothing\n"
    "}\n";

#include "record_loading.h"

static void assert_span_text(ck_span span, const char *want)
{
    size_t len = span.end - span.start;
    if (len != strlen(want) || memcmp(span.src->text + span.start, want, len) != 0)
        fail_msg("span covers '%.*s', expected '%s'", (int)len, span.src->text + span.start, want);
}

static int field(const char *name)
{
    int f = ck_policy_profile_field(policy, name);
    assert_true(f >= 0);
    return f;
}

static const ck_value *pval(const loaded *l, const char *name) { return &l->rec->subject.fields[field(name)]; }

static const ck_rec_clause *clause(const loaded *l, const char *name)
{
    int c = ck_policy_clause(policy, name);
    assert_true(c >= 0);
    return &l->rec->subject.clauses[c];
}

static const ck_value *param(const loaded *l, const char *cl, const char *name)
{
    int c = ck_policy_clause(policy, cl);
    int p = ck_field_index(policy->clauses[c].params, policy->clauses[c].nparams, name);
    assert_true(p >= 0);
    return &l->rec->subject.clauses[c].params[p];
}

static ck_date date(const char *s)
{
    ck_date d;
    assert_int_equal(ck_date_parse(s, strlen(s), &d), CK_TIME_OK);
    return d;
}

static const char FULL[] =
    "# a comment first\n"                                                               /* 1 */
    "supplier: { id: acme, name: \"Acme Ltd\", location: GB }\n"                        /* 2 */
    "contract:\n"                                                                       /* 3 */
    "  id: C-1\n"                                                                       /* 4 */
    "  status: active\n"                                                                /* 5 */
    "  title: Cloud\n"                                                                  /* 6 */
    "  signed: 2025-09-30\n"                                                            /* 7 */
    "  last_assessed: 2026-07-14\n"                                                     /* 8 */
    "  last_reviewed: 2026-07-15\n"                                                     /* 9 */
    "profile:\n"                                                                        /* 10 */
    "  importance: critical\n"                                                          /* 11 */
    "  data_shared: true\n"                                                             /* 12 */
    "  staff: 250\n"                                                                    /* 13 */
    "  country: \"GB\"\n"                                                               /* 14 */
    "  rto: 4h\n"                                                                       /* 15 */
    "  since: 2019-03-01\n"                                                             /* 16 */
    "clauses:\n"                                                                        /* 17 */
    "  notify: { notify_within: 12h, covers_all: false, grade: full, section: \"12.3\" }\n" /* 18 */
    "  audit:\n"                                                                        /* 19 */
    "evidence:\n"                                                                       /* 20 */
    "  - kind: iso\n"                                                                   /* 21 */
    "    file: evidence/iso.pdf\n"                                                      /* 22 */
    "    sha256: \"710a10370a2e91b2d191255ce105260af2b9837b8557631a78d2b0add6d0a5a0\"\n" /* 23 */
    "    issued: 2025-03-12\n"                                                          /* 24 */
    "    expires: 2028-03-11\n"                                                         /* 25 */
    "    last_audit: 2026-03-20\n"                                                      /* 26 */
    "    period_end: 2026-02-28\n"                                                      /* 27 */
    "    issuer: \"BSI\"\n"                                                             /* 28 */
    "    independent: true\n"                                                           /* 29 */
    "    note: \"kept for people\"\n"                                                   /* 30 */
    "  - { kind: pentest, file: evidence/pt.pdf }\n"                                    /* 31 */
    "questionnaires:\n"                                                                 /* 32 */
    "  sq: { depth: full, answers: { mfa: true, days: 14 } }\n"                         /* 33 */
    "gaps:\n"                                                                           /* 34 */
    "  - { requirement: R-1, reason: \"later\", accepted_by: CISO, expires: 2027-01-31, compensating: \"monitoring\" }\n";

static void test_full_record_typed(void **state)
{
    (void)state;
    loaded *l = load(FULL);
    assert_problems(l, 0);
    const ck_record *r = l->rec;
    assert_string_equal(r->path, "rec.yaml");
    assert_string_equal(r->supplier_id, "acme");
    assert_string_equal(r->supplier_name, "Acme Ltd");
    assert_string_equal(r->location, "GB");
    assert_string_equal(r->contract_id, "C-1");
    assert_string_equal(r->status, "active");
    assert_true(r->last_assessed.present);
    assert_int_equal(r->last_assessed.u.date.days, date("2026-07-14").days);
    assert_int_equal(r->last_reviewed.u.date.days, date("2026-07-15").days);
    assert_int_equal(r->signed_on.u.date.days, date("2025-09-30").days);
    assert_at(r->signed_on.span, 7, 11);

    const ck_value *v = pval(l, "importance");
    assert_true(v->present);
    assert_false(v->invalid);
    assert_int_equal(v->kind, CK_TYPE_LEVEL);
    assert_int_equal(v->u.level, 3);
    assert_at(v->span, 11, 15);
    assert_span_text(v->span, "critical");
    v = pval(l, "data_shared");
    assert_int_equal(v->kind, CK_TYPE_BOOL);
    assert_true(v->u.boolean);
    v = pval(l, "staff");
    assert_int_equal(v->kind, CK_TYPE_NUMBER);
    assert_int_equal(v->u.number.coef, 250);
    v = pval(l, "country");
    assert_int_equal(v->kind, CK_TYPE_STRING);
    assert_string_equal(v->u.string, "GB");
    assert_span_text(v->span, "\"GB\"");
    v = pval(l, "rto");
    assert_int_equal(v->u.duration.amount, 4);
    assert_int_equal(v->u.duration.unit, CK_DUR_HOUR);
    v = pval(l, "since");
    assert_int_equal(v->u.date.days, date("2019-03-01").days);
    assert_at(v->span, 16, 10);
    done(l);
}

static void test_full_record_sections(void **state)
{
    (void)state;
    loaded *l = load(FULL);
    assert_problems(l, 0);
    const ck_record *r = l->rec;
    /* The record's place is its first key, after the comment; each section's is its key. */
    assert_at(r->span, 2, 1);
    assert_span_text(r->subject.fields_span, "profile");
    assert_at(r->subject.fields_span, 10, 1);
    assert_at(r->contract_span, 3, 1);
    assert_at(r->subject.clauses_span, 17, 1);
    assert_at(r->subject.evidence_span, 20, 1);
    assert_at(r->questionnaires_span, 32, 1);

    const ck_rec_clause *n = clause(l, "notify");
    assert_true(n->present);
    assert_at(n->span, 18, 3);
    assert_string_equal(n->section, "12.3");
    assert_int_equal(param(l, "notify", "notify_within")->u.duration.amount, 12);
    assert_true(param(l, "notify", "covers_all")->present);
    assert_false(param(l, "notify", "covers_all")->u.boolean);
    assert_int_equal(param(l, "notify", "grade")->u.level, 1);
    assert_at(param(l, "notify", "grade")->span, 18, 59);
    /* A clause given with nothing: present, no parameters stated. */
    const ck_rec_clause *a = clause(l, "audit");
    assert_true(a->present);
    assert_false(param(l, "audit", "every")->present);
    assert_false(param(l, "audit", "every")->invalid);

    assert_int_equal(r->subject.evidence.len, 2);
    const ck_rec_evidence *e = r->subject.evidence.items[0];
    assert_string_equal(e->kind_name, "iso");
    assert_int_equal(e->kind, ck_policy_evidence_kind(policy, "iso"));
    assert_string_equal(e->file, "evidence/iso.pdf");
    assert_int_equal(e->file_len, strlen("evidence/iso.pdf"));
    assert_span_text(e->file_span, "evidence/iso.pdf");
    assert_string_equal(e->sha256, "710a10370a2e91b2d191255ce105260af2b9837b8557631a78d2b0add6d0a5a0");
    assert_int_equal(e->issued.u.date.days, date("2025-03-12").days);
    assert_int_equal(e->expires.u.date.days, date("2028-03-11").days);
    assert_int_equal(e->last_audit.u.date.days, date("2026-03-20").days);
    assert_int_equal(e->period_end.u.date.days, date("2026-02-28").days);
    assert_string_equal(e->issuer, "BSI");
    assert_true(e->independent.present && e->independent.u.boolean);
    assert_at(e->span, 21, 5);
    const ck_rec_evidence *e2 = r->subject.evidence.items[1];
    assert_int_equal(e2->kind, ck_policy_evidence_kind(policy, "pentest"));
    assert_false(e2->issued.present);
    assert_null(e2->sha256);

    const ck_rec_questionnaire *q = &r->questionnaires[0];
    assert_true(q->present);
    assert_int_equal(q->depth.kind, CK_TYPE_DEPTH);
    assert_int_equal(q->depth.u.level, 1);
    assert_true(q->answers[0].u.boolean);
    assert_int_equal(q->answers[1].u.number.coef, 14);
    assert_at(q->answers[1].span, 33, 50);

    assert_int_equal(r->gaps.len, 1);
    const ck_rec_gap *g = r->gaps.items[0];
    assert_string_equal(g->requirement, "R-1");
    assert_int_equal(g->req, 0);
    assert_string_equal(g->reason, "later");
    assert_string_equal(g->accepted_by, "CISO");
    assert_string_equal(g->compensating, "monitoring");
    assert_int_equal(g->expires.u.date.days, date("2027-01-31").days);
    /* A gap is placed at its requirement id, which names it. */
    assert_span_text(g->span, "R-1");
    done(l);
}

static void test_json_record(void **state)
{
    (void)state;
    loaded *l = load("{\n"
                     "  \"supplier\": {\"id\": \"acme\"},\n"
                     "  \"profile\": {\"importance\": \"high\", \"data_shared\": false, \"staff\": 7,\n"
                     "              \"rto\": \"3d\", \"since\": \"2020-05-06\"},\n"
                     "  \"clauses\": {\"notify\": {\"notify_within\": \"24h\", \"covers_all\": true}},\n"
                     "  \"evidence\": [{\"kind\": \"iso\", \"issued\": \"2026-01-01\", \"independent\": true}]\n"
                     "}\n");
    assert_problems(l, 0);
    assert_int_equal(pval(l, "importance")->u.level, 2);
    assert_false(pval(l, "data_shared")->u.boolean);
    assert_int_equal(pval(l, "staff")->u.number.coef, 7);
    /* Quoted in JSON, typed by the declaration: durations and dates are strings there. */
    assert_int_equal(pval(l, "rto")->u.duration.amount, 3);
    assert_int_equal(pval(l, "since")->u.date.days, date("2020-05-06").days);
    assert_at(pval(l, "since")->span, 4, 37);
    assert_true(param(l, "notify", "covers_all")->u.boolean);
    assert_int_equal(l->rec->subject.evidence.len, 1);
    done(l);
}

static void test_wrong_types_profile(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "profile:\n"
                     "  data_shared: yes\n"
                     "  staff: \"21\"\n"
                     "  importance: hihg\n"
                     "  country: { a: 1 }\n"
                     "  rto: 24\n"
                     "  since:\n");
    assert_problems(l, 6);
    assert_problem(l, 0, 3, 16, "profile field 'data_shared' must be true or false, not 'yes'", NULL);
    assert_problem(l, 1, 4, 10, "profile field 'staff' must be a number, not '21'", "remove the quotes");
    /* two swapped letters count as one edit, so the hint names the value meant */
    assert_problem(l, 2, 5, 15, "profile field 'importance' must be one of the declared values, not 'hihg'",
                   "did you mean 'high'?");
    assert_problem(l, 3, 6, 12, "profile field 'country' must be text, not a mapping", NULL);
    assert_problem(l, 4, 7, 8, "profile field 'rto' is not a duration: '24'",
                   "durations are a whole number and a unit: h, d, w, mo or y (e.g. 24h, 12mo)");
    assert_problem(l, 5, 8, 9, "profile field 'since' has no value", "give a value or leave the key out");
    /* Each is invalid, not merely absent: a finding already says why. */
    assert_true(pval(l, "data_shared")->invalid);
    assert_false(pval(l, "data_shared")->present);
    assert_true(pval(l, "country")->invalid);
    assert_true(pval(l, "since")->invalid);
    done(l);
}

static void test_wrong_types_more(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "profile:\n"
                     "  data_shared: \"true\"\n"
                     "  staff: 1234567890123456\n"
                     "  importance: hgh\n"
                     "  country: !!int 5\n"
                     "clauses:\n"
                     "  notify: { covers_all: \"yes\", grade: [full] }\n");
    assert_problems(l, 6);
    assert_problem(l, 0, 3, 16, "profile field 'data_shared' must be true or false, not 'true'", "remove the quotes");
    assert_problem(l, 1, 4, 10, "profile field 'staff' must be a number, not '1234567890123456'",
                   "numbers have at most 15 digits, 6 of them after the decimal point");
    assert_problem(l, 2, 5, 15, "profile field 'importance' must be one of the declared values, not 'hgh'",
                   "did you mean 'high'?");
    assert_problem(l, 3, 6, 12, "profile field 'country' has a YAML tag 'tag:yaml.org,2002:int', which records do not use",
                   "remove the tag; records use plain values");
    assert_problem(l, 4, 8, 25, "parameter 'covers_all' must be true or false, not 'yes'",
                   "write true or false, without quotes");
    assert_problem(l, 5, 8, 39, "parameter 'grade' must be a level, not a list", NULL);
    done(l);
}

static void test_negative_number(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\nprofile: { staff: -3 }\n");
    assert_problems(l, 0);
    assert_int_equal(pval(l, "staff")->u.number.coef, -3);
    done(l);
}

/* Decimals are kept exactly as written; exponents, a bare point and quoted numbers are not numbers. */
static void test_decimal_numbers(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\nprofile: { staff: -12.50 }\n");
    assert_problems(l, 0);
    assert_int_equal(pval(l, "staff")->u.number.coef, -1250);
    assert_int_equal(pval(l, "staff")->u.number.scale, 2);
    done(l);
    l = load("supplier: { id: s }\nprofile: { staff: 1e3 }\n");
    assert_problem(l, 0, 2, 19, "profile field 'staff' must be a number, not '1e3'",
                   "write a number as digits, with '-' and a decimal point where needed: -3, 9.5");
    done(l);
    l = load("supplier: { id: s }\nprofile: { staff: .5 }\n");
    assert_problems(l, 1);
    done(l);
    l = load("supplier: { id: s }\nprofile: { staff: 0.1234567 }\n");
    assert_problem(l, 0, 2, 19, "profile field 'staff' must be a number, not '0.1234567'",
                   "numbers have at most 15 digits, 6 of them after the decimal point");
    done(l);
}

static void test_malformed_dates_and_durations(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "contract: { signed: 2026-1-01, last_assessed: 2026-02-30 }\n"
                     "profile: { rto: 0h, since: 20260101 }\n"
                     "clauses:\n"
                     "  audit: { every: 100001d, since: 2023-02-29 }\n");
    assert_problems(l, 6);
    assert_problem(l, 0, 2, 21, "signed is not a date: '2026-1-01'", "dates are written YYYY-MM-DD");
    assert_problem(l, 1, 2, 47, "last_assessed is not a real date: '2026-02-30'",
                   "check the day and month: no such day in the calendar");
    assert_problem(l, 2, 3, 17, "profile field 'rto' is not a duration: '0h'",
                   "durations are a whole number and a unit: h, d, w, mo or y (e.g. 24h, 12mo)");
    assert_problem(l, 3, 3, 28, "profile field 'since' is not a date: '20260101'", "dates are written YYYY-MM-DD");
    assert_problem(l, 4, 5, 19, "parameter 'every' is too large a duration: '100001d'",
                   "durations are a whole number and a unit: h, d, w, mo or y (e.g. 24h, 12mo)");
    assert_problem(l, 5, 5, 35, "parameter 'since' is not a real date: '2023-02-29'",
                   "check the day and month: no such day in the calendar");
    assert_true(l->rec->signed_on.invalid);
    assert_true(l->rec->last_assessed.invalid);
    assert_false(l->rec->last_reviewed.invalid);
    done(l);
}

static void test_unknown_names_did_you_mean(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s, nme: x }\n"
                     "contract: { statsu: active }\n"
                     "profile: { importanse: high, zzzzz: 1 }\n"
                     "clauses:\n"
                     "  notfy: {}\n"
                     "  notify: { notify_withn: 24h, sectoin: \"1\" }\n"
                     "questionnaires:\n"
                     "  sqq: {}\n"
                     "  sq: { depth: ful, answers: { mfaa: true }, answer: {} }\n"
                     "profiel: {}\n");
    assert_problems(l, 12);
    assert_problem(l, 0, 1, 20, "unknown key 'nme' in supplier", "did you mean 'name'?");
    assert_problem(l, 1, 2, 13, "unknown key 'statsu' in contract", "did you mean 'status'?");
    assert_problem(l, 2, 3, 12, "unknown profile field 'importanse'", "did you mean 'importance'?");
    assert_problem(l, 3, 3, 30, "unknown profile field 'zzzzz'", NULL);
    assert_problem(l, 4, 5, 3, "clause 'notfy' is not declared by the policy", "did you mean 'notify'?");
    assert_problem(l, 5, 6, 13, "clause 'notify' has no parameter 'notify_withn'", "did you mean 'notify_within'?");
    assert_problem(l, 6, 6, 32, "clause 'notify' has no parameter 'sectoin'", "did you mean 'section'?");
    assert_problem(l, 7, 8, 3, "questionnaire 'sqq' is not declared by the policy", "did you mean 'sq'?");
    assert_problem(l, 8, 9, 16, "questionnaire depth must be one of the declared values, not 'ful'", "did you mean 'full'?");
    assert_problem(l, 9, 9, 32, "questionnaire 'sq' has no question 'mfaa'", "did you mean 'mfa'?");
    assert_problem(l, 10, 9, 46, "unknown key 'answer' in questionnaire 'sq'", "did you mean 'answers'?");
    assert_problem(l, 11, 10, 1, "unknown section 'profiel'", "did you mean 'profile'?");
    done(l);
}

static void test_missing_supplier_id(void **state)
{
    (void)state;
    loaded *l = load("# leading comment\nprofile: { staff: 3 }\nsupplier: { name: x }\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 3, 1, "record has no supplier id", "add 'supplier: { id: ..., name: ... }'");
    done(l);

    /* Without a supplier section: at the first key. */
    l = load("profile: { staff: 3 }\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 1, 1, "record has no supplier id", "add 'supplier: { id: ..., name: ... }'");
    done(l);

    /* Given but unusable: one problem, not two. */
    l = load("supplier: { id: [a] }\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 1, 17, "id must be text, not a list", NULL);
    done(l);
}

static void test_sections_of_the_wrong_shape(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "profile: [a, b]\n"
                     "clauses: x\n"
                     "evidence: { kind: iso }\n"
                     "gaps: { requirement: R-1 }\n"
                     "contract: 3\n");
    assert_problems(l, 5);
    assert_problem(l, 0, 2, 10, "profile must be a mapping of keys to values, not a list", NULL);
    assert_problem(l, 1, 3, 10, "clauses must be a mapping of keys to values, not a single value", NULL);
    assert_problem(l, 2, 4, 11, "evidence must be a list, not a mapping",
                   "write one '- { kind: ..., file: ... }' entry per piece of evidence");
    assert_problem(l, 3, 5, 7, "gaps must be a list, not a mapping", NULL);
    assert_problem(l, 4, 6, 11, "contract must be a mapping of keys to values, not a single value", NULL);
    /* Unreadable contract dates are invalid, so no "records no date" follows. */
    assert_true(l->rec->last_assessed.invalid);
    done(l);

    l = load("- a\n- b\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 1, 1, "record must be a mapping, not a list",
                   "a record is a mapping with supplier, contract, profile, clauses, ...");
    done(l);
}

static void test_clause_value_not_a_mapping(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\nclauses:\n  notify: yes\n  audit: ~\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 3, 11, "notify must be a mapping of keys to values, not a single value", NULL);
    const ck_rec_clause *n = clause(l, "notify");
    /* The clause is there; its parameters are unreadable, not missing. */
    assert_true(n->present);
    assert_true(param(l, "notify", "notify_within")->invalid);
    assert_true(clause(l, "audit")->present);
    assert_false(param(l, "audit", "every")->invalid);
    done(l);
}

static void test_evidence_entries(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "evidence:\n"
                     "  - { file: a.pdf }\n"
                     "  - { kind: unknown-kind, file: b.pdf }\n"
                     "  - { kind: iso, sha256: abc, knd: x }\n"
                     "  - just text\n");
    assert_problems(l, 4);
    assert_problem(l, 0, 3, 5, "evidence entry has no kind", "add 'kind:' naming one of the policy's evidence kinds");
    assert_problem(l, 1, 5, 26, "sha256 is not a SHA-256 digest",
                   "write the file's SHA-256 as 64 hexadecimal digits (sha256sum prints it)");
    assert_problem(l, 2, 5, 31, "unknown key 'knd' in an evidence entry", "did you mean 'kind'?");
    assert_problem(l, 3, 6, 5, "an evidence entry must be a mapping of keys to values, not a single value", NULL);
    /* Entries with a kind are kept; an undeclared kind is the evaluator's to report. */
    assert_int_equal(l->rec->subject.evidence.len, 3);
    const ck_rec_evidence *e1 = l->rec->subject.evidence.items[1];
    assert_int_equal(e1->kind, -1);
    assert_string_equal(e1->kind_name, "unknown-kind");
    const ck_rec_evidence *e2 = l->rec->subject.evidence.items[2];
    assert_null(e2->sha256);
    done(l);
}

static void test_gaps(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "gaps:\n"
                     "  - { reason: none }\n"
                     "  - { requirement: R-9, reason: typo }\n"
                     "  - { requirement: R-1, accepted_by: CISO, expires: 2026-13-01 }\n");
    assert_problems(l, 2);
    assert_problem(l, 0, 3, 5, "gap names no requirement", "add 'requirement:' with the id of the requirement not met");
    assert_problem(l, 1, 5, 53, "expires is not a real date: '2026-13-01'",
                   "check the day and month: no such day in the calendar");
    assert_int_equal(l->rec->gaps.len, 2);
    const ck_rec_gap *g0 = l->rec->gaps.items[0], *g1 = l->rec->gaps.items[1];
    /* An unknown requirement is kept (the evaluator reports it); a known one is resolved. */
    assert_int_equal(g0->req, -1);
    assert_string_equal(g0->requirement, "R-9");
    assert_int_equal(g1->req, 0);
    assert_true(g1->expires.invalid);
    done(l);
}

static void test_duplicate_gap_for_one_requirement(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "gaps:\n"
                     "  - { requirement: R-1, reason: first }\n"
                     "  - { requirement: R-1, reason: second, accepted_by: CISO, expires: 2030-01-01 }\n");
    /* Only the first is used, and the second is not dropped without a word. */
    assert_problems(l, 1);
    const ck_rec_problem *pr = l->rec->problems.items[0];
    assert_at(pr->span, 4, 20);
    assert_non_null(strstr(pr->message, "R-1"));
    assert_int_equal(l->rec->gaps.len, 1);
    assert_string_equal(((ck_rec_gap *)l->rec->gaps.items[0])->reason, "first");
    done(l);
}

static void test_questionnaire_shapes(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "questionnaires:\n"
                     "  sq: { depth: lite, answers: [true] }\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 3, 31, "answers must be a mapping of keys to values, not a list", NULL);
    const ck_rec_questionnaire *q = &l->rec->questionnaires[0];
    assert_true(q->present);
    assert_int_equal(q->depth.u.level, 0);
    assert_true(q->answers[0].invalid);
    assert_true(q->answers[1].invalid);
    done(l);

    l = load("supplier: { id: s }\nquestionnaires:\n  sq: full\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 3, 7, "sq must be a mapping of keys to values, not a single value", NULL);
    assert_true(l->rec->questionnaires[0].present);
    assert_true(l->rec->questionnaires[0].depth.invalid);
    done(l);
}

/* ---- YAML-level failures and limits ---- */

static void test_duplicate_keys(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "profile:\n"
                     "  staff: 3\n"
                     "  staff: 4\n");
    /* Not valid as a record: the loader fails with a located diagnostic, the record kept for its text. */
    assert_int_equal(l->rc, 1);
    assert_non_null(l->rec);
    assert_int_equal(l->diags.errors, 1);
    const ck_diag *d = l->diags.list.items[0];
    assert_string_equal(d->message, "duplicate key 'staff'");
    assert_ptr_equal(d->span.src, l->rec->src);
    assert_at(d->span, 4, 3);
    done(l);
}

static void test_invalid_yaml(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s\nprofile: x\n");
    assert_int_equal(l->rc, 1);
    assert_non_null(l->rec);
    assert_true(l->diags.errors >= 1);
    const ck_diag *d = l->diags.list.items[0];
    assert_true(strncmp(d->message, "invalid YAML: ", 14) == 0);
    assert_ptr_equal(d->span.src, l->rec->src);
    done(l);
}

static void test_evidence_count_limit(void **state)
{
    (void)state;
    ck_record_limits lim;
    ck_record_limits_default(&lim);
    assert_int_equal(lim.max_evidence, 256);
    lim.max_evidence = 2;
    static const char two[] = "supplier: { id: s }\n"
                              "evidence:\n"
                              "  - { kind: iso }\n"
                              "  - { kind: iso }\n";
    loaded *l = load_as("rec.yaml", two, &lim);
    assert_problems(l, 0);
    assert_int_equal(l->rec->subject.evidence.len, 2);
    done(l);
    l = load_as("rec.yaml", "supplier: { id: s }\n"
                 "evidence:\n"
                 "  - { kind: iso }\n"
                 "  - { kind: iso }\n"
                 "  - { kind: pentest }\n",
                 &lim);
    assert_problems(l, 1);
    assert_problem(l, 0, 3, 3, "too many evidence entries (3; the limit is 2)", NULL);
    /* None are taken: a partial list would make findings depend on the order. */
    assert_int_equal(l->rec->subject.evidence.len, 0);
    done(l);
}

static void test_nesting_limit(void **state)
{
    (void)state;
    ck_record_limits lim;
    ck_record_limits_default(&lim);
    lim.yaml.max_depth = 3;
    loaded *l = load_as("rec.yaml", "supplier: { id: s }\nclauses: { notify: { notify_within: 24h } }\n", &lim);
    assert_problems(l, 0);
    done(l);
    l = load_as("rec.yaml", "supplier: { id: s }\nclauses: { notify: { notify_within: [ 24h ] } }\n", &lim);
    assert_int_equal(l->rc, 1);
    assert_int_equal(l->diags.errors, 1);
    const ck_diag *d = l->diags.list.items[0];
    assert_string_equal(d->message, "collections nested deeper than 3 levels");
    assert_at(d->span, 2, 37);
    done(l);

    /* The default limit stops a deep document too. */
    char deep[1024];
    size_t at = (size_t)snprintf(deep, sizeof deep, "supplier: ");
    for (int i = 0; i < 100; i++)
        deep[at++] = '[';
    for (int i = 0; i < 100; i++)
        deep[at++] = ']';
    deep[at++] = '\n';
    deep[at] = '\0';
    l = load(deep);
    assert_int_equal(l->rc, 1);
    assert_string_equal(((ck_diag *)l->diags.list.items[0])->message, "collections nested deeper than 64 levels");
    done(l);
}

static void test_load_from_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/ck_record_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/r.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("supplier: { id: from-file }\nprofile: { staff: 9 }\n", f);
    fclose(f);

    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_record *rec = NULL;
    assert_int_equal(ck_record_load(policy, path, "shown/r.yaml", NULL, &diags, &rec), 0);
    assert_non_null(rec);
    assert_string_equal(rec->path, "shown/r.yaml");
    assert_string_equal(rec->src->path, "shown/r.yaml");
    assert_string_equal(rec->supplier_id, "from-file");
    assert_int_equal(rec->subject.fields[field("staff")].u.number.coef, 9);
    ck_record_free(rec);

    /* A directory and a missing file: a diagnostic naming the display path, no record. */
    rec = (ck_record *)1;
    assert_int_equal(ck_record_load(policy, dir, "the-dir", NULL, &diags, &rec), 1);
    assert_null(rec);
    snprintf(path, sizeof path, "%s/none.yaml", dir);
    assert_int_equal(ck_record_load(policy, path, "none.yaml", NULL, &diags, &rec), 1);
    assert_null(rec);
    assert_int_equal(diags.errors, 2);
    const ck_diag *d0 = diags.list.items[0], *d1 = diags.list.items[1];
    assert_string_equal(d0->path, "the-dir");
    assert_string_equal(d0->message, "record is not a regular file");
    assert_string_equal(d1->path, "none.yaml");
    assert_string_equal(d1->message, "cannot read record: No such file or directory");

    /* Larger than the byte limit: refused before it is read. */
    ck_record_limits lim;
    ck_record_limits_default(&lim);
    lim.yaml.max_bytes = 10;
    snprintf(path, sizeof path, "%s/r.yaml", dir);
    assert_int_equal(ck_record_load(policy, path, "r.yaml", &lim, &diags, &rec), 1);
    assert_null(rec);
    assert_string_equal(((ck_diag *)diags.list.items[2])->message,
                        "record file is too large (50 bytes; the limit is 10)");
    ck_diags_fini(&diags);
    unlink(path);
    rmdir(dir);
}

static void test_record_from_test_block(void **state)
{
    (void)state;
    assert_int_equal(policy->tests.len, 1);
    const ck_decl *t = policy->tests.items[0];
    ck_record *rec = ck_record_from_test(policy, t);
    assert_non_null(rec);
    assert_string_equal(rec->supplier_id, "acme");
    assert_string_equal(rec->supplier_name, "Acme");
    assert_string_equal(rec->status, "active");
    assert_int_equal(rec->last_assessed.u.date.days, date("2026-01-02").days);
    assert_false(rec->signed_on.present);
    assert_int_equal(rec->subject.fields[field("importance")].u.level, 2);
    assert_int_equal(rec->subject.fields[field("staff")].u.number.coef, 12);
    assert_int_equal(rec->subject.fields[field("rto")].u.duration.unit, CK_DUR_HOUR);
    assert_false(rec->subject.fields[field("data_shared")].present);
    int c = ck_policy_clause(policy, "notify");
    assert_true(rec->subject.clauses[c].present);
    assert_false(rec->subject.clauses[ck_policy_clause(policy, "audit")].present);
    assert_int_equal(rec->subject.clauses[c].params[2].u.level, 1);
    assert_int_equal(rec->subject.evidence.len, 1);
    const ck_rec_evidence *e = rec->subject.evidence.items[0];
    assert_string_equal(e->file, "e/iso.pdf");
    assert_true(e->independent.u.boolean);
    assert_true(rec->questionnaires[0].present);
    assert_int_equal(rec->questionnaires[0].depth.u.level, 1);
    assert_int_equal(rec->gaps.len, 1);
    const ck_rec_gap *g = rec->gaps.items[0];
    assert_int_equal(g->req, 0);
    assert_string_equal(g->accepted_by, "CISO");
    assert_int_equal(rec->problems.len, 0);
    ck_record_free(rec);
}

/* documents: id, file, sha256, title, kind; a clause's `document:` names one of them. */
static void test_documents(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "clauses:\n"
                     "  notify: { notify_within: 24h, section: \"9.2\", document: msa }\n"
                     "  audit: { section: \"Schedule 2 para 4\" }\n"
                     "documents:\n"
                     "  - { id: msa, file: docs/MSA.docx, title: \"Master Services Agreement\", kind: agreement,\n"
                     "      sha256: \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\" }\n"
                     "  - { id: dpa, file: docs/dpa.pdf }\n");
    dump(l);
    assert_problems(l, 0);
    const ck_record *rec = l->rec;
    assert_int_equal(rec->documents.len, 2);
    const ck_rec_document *msa = rec->documents.items[0], *dpa = rec->documents.items[1];
    assert_string_equal(msa->id, "msa");
    assert_string_equal(msa->file, "docs/MSA.docx");
    assert_int_equal(msa->file_len, 13);
    assert_string_equal(msa->title, "Master Services Agreement");
    assert_string_equal(msa->kind, "agreement");
    assert_non_null(msa->sha256);
    assert_at(msa->file_span, 6, 22);
    assert_null(dpa->sha256);
    assert_at(rec->documents_span, 5, 1);
    const ck_rec_clause *n = &rec->subject.clauses[0], *a = &rec->subject.clauses[1];
    assert_string_equal(n->section, "9.2");
    assert_at(n->section_span, 3, 42);
    assert_string_equal(n->document, "msa");
    assert_ptr_equal(n->doc, msa);
    assert_at(n->document_span, 3, 59);
    assert_string_equal(a->section, "Schedule 2 para 4");
    assert_null(a->document);
    assert_null(a->doc);
    done(l);
}

/* Every mistake in documents is a located problem, and a clause names only a listed document. */
static void test_document_mistakes(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "clauses:\n"
                     "  notify: { section: \"9.2\", document: mas }\n"
                     "  audit: { section: 4, document: [a] }\n"
                     "documents:\n"
                     "  - { id: msa, file: a.md, sha256: \"abc\" }\n"
                     "  - { file: b.md }\n"
                     "  - { id: msa, file: c.md }\n"
                     "  - { id: dpa }\n"
                     "  - { id: x, file: y.md, titel: t }\n"
                     "  - just text\n");
    assert_problems(l, 8);
    assert_problem(l, 0, 4, 34, "document must be text, not a list", NULL);
    assert_problem(l, 1, 6, 36, "sha256 is not a SHA-256 digest",
                   "write the file's SHA-256 as 64 hexadecimal digits (sha256sum prints it)");
    assert_problem(l, 2, 7, 5, "document entry has no id", "add 'id:' so that clauses can name the document");
    assert_problem(l, 3, 8, 11, "document 'msa' is already listed at line 6", "give each document its own id");
    assert_problem(l, 4, 9, 5, "document 'dpa' names no file", "add 'file:' with the document's path in the repository");
    assert_problem(l, 5, 10, 26, "unknown key 'titel' in a document entry", "did you mean 'title'?");
    assert_problem(l, 6, 11, 5, "a document entry must be a mapping of keys to values, not a single value", NULL);
    assert_problem(l, 7, 3, 39, "clause 'notify' names document 'mas', which the record does not list",
                   "did you mean 'msa'?");
    /* a section written as a number is text, as written */
    assert_string_equal(l->rec->subject.clauses[1].section, "4");
    done(l);

    l = load("supplier: { id: s }\n"
             "clauses:\n"
             "  notify: { document: msa, sectoin: \"1\" }\n"
             "documents: { id: msa }\n");
    assert_problems(l, 3);
    assert_problem(l, 0, 3, 28, "clause 'notify' has no parameter 'sectoin'", "did you mean 'section'?");
    assert_problem(l, 1, 4, 12, "documents must be a list, not a mapping",
                   "write one '- { id: ..., file: ..., sha256: ... }' entry per document");
    assert_problem(l, 2, 3, 23, "clause 'notify' names document 'msa', but the record lists no documents",
                   "list the contract's documents under 'documents:' with their ids");
    done(l);
}

/* At most max_documents entries. */
static void test_document_count_limit(void **state)
{
    (void)state;
    ck_record_limits lim;
    ck_record_limits_default(&lim);
    lim.max_documents = 2;
    loaded *l = load_as("rec.yaml", "supplier: { id: s }\ndocuments: [ { id: a, file: a }, { id: b, file: b }, { id: c, file: c } ]\n",
                         &lim);
    assert_problems(l, 1);
    assert_problem(l, 0, 2, 12, "too many documents (3; the limit is 2)", NULL);
    assert_int_equal(l->rec->documents.len, 0);
    done(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_record_typed),
        cmocka_unit_test(test_full_record_sections),
        cmocka_unit_test(test_json_record),
        cmocka_unit_test(test_wrong_types_profile),
        cmocka_unit_test(test_wrong_types_more),
        cmocka_unit_test(test_negative_number),
        cmocka_unit_test(test_decimal_numbers),
        cmocka_unit_test(test_malformed_dates_and_durations),
        cmocka_unit_test(test_unknown_names_did_you_mean),
        cmocka_unit_test(test_missing_supplier_id),
        cmocka_unit_test(test_sections_of_the_wrong_shape),
        cmocka_unit_test(test_clause_value_not_a_mapping),
        cmocka_unit_test(test_evidence_entries),
        cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_duplicate_gap_for_one_requirement),
        cmocka_unit_test(test_questionnaire_shapes),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_invalid_yaml),
        cmocka_unit_test(test_evidence_count_limit),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_load_from_file),
        cmocka_unit_test(test_record_from_test_block),
        cmocka_unit_test(test_documents),
        cmocka_unit_test(test_document_mistakes),
        cmocka_unit_test(test_document_count_limit),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
