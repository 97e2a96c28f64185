/* Unit tests for the record side of language version 2: parties (every key, nesting, limits,
 * duplicates, undeclared kinds), evidence attributes of each type, JSON records and test facts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "record.h"
#include "record_facts.h"

static const char POLICY[] =
    "profile { personal_data : bool }\n"
    "tiers low < high\n"
    "tier high when personal_data\n"
    "tier low otherwise\n"
    "party sub \"A sub-processor\" {\n"
    "  location : string  handles_data : bool  staff : number  grade : level(basic, full)\n"
    "  since : date  notice : duration\n"
    "}\n"
    "party vendor \"A vendor\" { country : string }\n"
    "clause dpa \"DPA\" { audit : bool }\n"
    "evidence assess \"Assessment\" {\n"
    "  attribute score : number  attribute grade : level(basic, medium, high)  attribute assessor : string\n"
    "  attribute accredited : bool  attribute assessed : date\n"
    "}\n"
    "evidence iso \"ISO\" { valid for 3y }\n"
    "require I \"i\" { evidence iso }\n"
    "require R \"r\" { for each sub { clause dpa  evidence assess score >= 0  for no vendor } }\n"
    "test \"parties\" {\n"
    "  as of 2026-11-28\n"
    "  party sub mail name = \"Mail Ltd\", location = \"GB\", staff = -2.5 {\n"
    "    clause dpa audit = true\n"
    "    evidence assess score = 70.5, grade = medium, file = \"e/a.pdf\"\n"
    "    party vendor cdn country = \"US\" {\n"
    "      party vendor edge\n"
    "    }\n"
    "  }\n"
    "  party sub files\n"
    "  expect nothing\n"
    "}\n";

#include "record_loading.h"

static const ck_rec_party *party(const ck_rec_subject *s, size_t i)
{
    assert_true(i < s->parties.len);
    return s->parties.items[i];
}

static int kind_of(const char *name)
{
    int k = ck_policy_party_kind(policy, name);
    assert_true(k >= 0);
    return k;
}

static const ck_value *pfield(const ck_rec_party *pt, const char *name)
{
    const ck_party_kind *k = &policy->party_kinds[pt->kind];
    int f = ck_field_index(k->fields, k->nfields, name);
    assert_true(f >= 0);
    return &pt->subject.fields[f];
}

static const ck_value *attr(const ck_rec_evidence *ev, const char *name)
{
    const ck_evidence_kind *k = &policy->evidence_kinds[ev->kind];
    int a = ck_field_index(k->attrs, k->nattrs, name);
    assert_true(a >= 0);
    assert_non_null(ev->attrs);
    return &ev->attrs[a];
}

static const char FULL[] =
    "supplier: { id: s }\n"                                                          /* 1 */
    "parties:\n"                                                                     /* 2 */
    "  - kind: sub\n"                                                                /* 3 */
    "    id: mail\n"                                                                 /* 4 */
    "    name: \"Mail Ltd\"\n"                                                       /* 5 */
    "    profile: { location: GB, handles_data: true, staff: -2.5, grade: full,\n"   /* 6 */
    "               since: 2024-02-29, notice: 30d }\n"                              /* 7 */
    "    clauses:\n"                                                                 /* 8 */
    "      dpa: { audit: true, section: \"4.2\" }\n"                                 /* 9 */
    "    evidence:\n"                                                                /* 10 */
    "      - { kind: assess, file: e/a.pdf, score: -12.75, grade: high, assessor: BSI,\n" /* 11 */
    "          accredited: true, assessed: 2026-03-01 }\n"                           /* 12 */
    "    parties:\n"                                                                 /* 13 */
    "      - { kind: vendor, id: cdn, profile: { country: US } }\n"                  /* 14 */
    "  - { kind: sub, id: files }\n";                                                /* 15 */

static void test_every_key_of_a_party(void **state)
{
    (void)state;
    loaded *l = load(FULL);
    assert_problems(l, 0);
    const ck_rec_subject *s = &l->rec->subject;
    assert_int_equal(s->parties.len, 2);
    assert_at(s->parties_span, 2, 1);
    const ck_rec_party *mail = party(s, 0);
    assert_string_equal(mail->kind_name, "sub");
    assert_int_equal(mail->kind, kind_of("sub"));
    assert_string_equal(mail->id, "mail");
    assert_string_equal(mail->name, "Mail Ltd");
    assert_int_equal(mail->depth, 1);
    assert_null(mail->parent);
    assert_at(mail->span, 3, 5);
    assert_at(mail->kind_span, 3, 11);
    /* its fields, typed as its kind declares them */
    assert_string_equal(pfield(mail, "location")->u.string, "GB");
    assert_true(pfield(mail, "handles_data")->u.boolean);
    assert_int_equal(pfield(mail, "staff")->u.number.coef, -25);
    assert_int_equal(pfield(mail, "staff")->u.number.scale, 1);
    assert_int_equal(pfield(mail, "grade")->u.level, 1);
    assert_true(pfield(mail, "since")->present);
    assert_int_equal(pfield(mail, "notice")->u.duration.amount, 30);
    assert_at(pfield(mail, "location")->span, 6, 26);
    assert_at(mail->subject.fields_span, 6, 5);
    /* its clauses and evidence, kept apart from the supplier's */
    int c = ck_policy_clause(policy, "dpa");
    assert_non_null(mail->subject.clauses);
    assert_true(mail->subject.clauses[c].present);
    assert_true(mail->subject.clauses[c].params[0].u.boolean);
    assert_string_equal(mail->subject.clauses[c].section, "4.2");
    assert_true(!s->clauses || !s->clauses[c].present);
    assert_int_equal(mail->subject.evidence.len, 1);
    assert_int_equal(s->evidence.len, 0);
    assert_at(mail->subject.evidence_span, 10, 5);
    /* the parties behind it */
    assert_int_equal(mail->subject.parties.len, 1);
    const ck_rec_party *cdn = party(&mail->subject, 0);
    assert_string_equal(cdn->id, "cdn");
    assert_int_equal(cdn->kind, kind_of("vendor"));
    assert_int_equal(cdn->depth, 2);
    assert_ptr_equal(cdn->parent, mail);
    assert_string_equal(pfield(cdn, "country")->u.string, "US");
    /* a party with nothing but its kind and id */
    const ck_rec_party *files = party(s, 1);
    assert_string_equal(files->id, "files");
    assert_null(files->name);
    assert_false(pfield(files, "location")->present);
    assert_null(files->subject.clauses);
    assert_int_equal(files->subject.evidence.len, 0);
    done(l);
}

static void test_evidence_attributes_of_each_type(void **state)
{
    (void)state;
    loaded *l = load(FULL);
    assert_problems(l, 0);
    const ck_rec_evidence *ev = party(&l->rec->subject, 0)->subject.evidence.items[0];
    assert_int_equal(ev->kind, ck_policy_evidence_kind(policy, "assess"));
    assert_string_equal(ev->file, "e/a.pdf");
    assert_int_equal(attr(ev, "score")->u.number.coef, -1275);
    assert_int_equal(attr(ev, "score")->u.number.scale, 2);
    assert_at(attr(ev, "score")->span, 11, 47);
    assert_int_equal(attr(ev, "grade")->u.level, 2);
    assert_string_equal(attr(ev, "assessor")->u.string, "BSI");
    assert_true(attr(ev, "accredited")->u.boolean);
    assert_true(attr(ev, "assessed")->present);
    done(l);
}

static void test_evidence_attributes_of_the_wrong_type(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "evidence:\n"
                     "  - { kind: assess, score: \"12\", grade: top, assessor: [a], accredited: yes, assessed: 2026-02-30 }\n"
                     "  - { kind: assess, scor: 1 }\n"
                     "  - { kind: iso, score: 1 }\n");
    assert_problems(l, 7);
    assert_problem(l, 0, 3, 28, "attribute 'score' must be a number, not '12'", "remove the quotes");
    assert_problem(l, 1, 3, 41, "attribute 'grade' must be one of the declared values, not 'top'",
                   "one of: basic, medium, high");
    assert_problem(l, 2, 3, 56, "attribute 'assessor' must be text, not a list", NULL);
    assert_problem(l, 3, 3, 73, "attribute 'accredited' must be true or false, not 'yes'", NULL);
    assert_problem(l, 4, 3, 88, "attribute 'assessed' is not a real date: '2026-02-30'",
                   "check the day and month: no such day in the calendar");
    /* a misspelt attribute is named among the entry's keys and attributes */
    assert_problem(l, 5, 4, 21, "unknown key 'scor' in an evidence entry", "did you mean 'score'?");
    /* a kind that declares no attributes takes none */
    assert_problem(l, 6, 5, 18, "unknown key 'score' in an evidence entry", NULL);
    /* an invalid attribute is invalid, never absent nor taken as written */
    const ck_rec_evidence *ev = l->rec->subject.evidence.items[0];
    assert_true(attr(ev, "score")->invalid);
    assert_false(attr(ev, "score")->present);
    done(l);
}

static void test_party_problems(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "parties:\n"
                     "  - { kind: subb, id: a, profile: { location: GB } }\n"
                     "  - { kind: sub, id: b, profile: { locaton: GB, staff: many } }\n"
                     "  - { kind: sub, id: c, clauses: { dpx: }, evidence: [ { kind: assess, score: x } ] }\n"
                     "  - { kind: sub, id: d, profiles: {} }\n"
                     "  - { id: e }\n"
                     "  - { kind: sub }\n"
                     "  - just a name\n");
    assert_problems(l, 9);
    /* an undeclared kind: one problem, its fields unread */
    assert_problem(l, 0, 3, 13, "party kind 'subb' is not declared by the policy", "did you mean 'sub'?");
    assert_problem(l, 1, 4, 36, "party kind 'sub' has no field 'locaton'", "did you mean 'location'?");
    static const char number_hint[] = "write a number as digits, with '-' and a decimal point where needed: -3, 9.5";
    assert_problem(l, 2, 4, 56, "field 'staff' must be a number, not 'many'", number_hint);
    assert_problem(l, 3, 5, 36, "clause 'dpx' is not declared by the policy", "did you mean 'dpa'?");
    assert_problem(l, 4, 5, 79, "attribute 'score' must be a number, not 'x'", number_hint);
    assert_problem(l, 5, 6, 25, "unknown key 'profiles' in a party", "did you mean 'profile'?");
    assert_problem(l, 6, 7, 5, "party entry has no kind", "add 'kind:' naming one of the policy's kinds of party");
    assert_problem(l, 7, 8, 5, "party entry has no id", "add 'id:' so findings can name the party");
    assert_problem(l, 8, 9, 5, "a party must be a mapping of keys to values, not a single value", NULL);
    done(l);
}

/* Another kind with a similar name is not relabelled as a declared one; a slip of the keyboard is named. */
static void test_party_kind_not_relabelled(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "parties:\n"
                     "  - { kind: vendor-eu, id: a }\n"
                     "  - { kind: vednor, id: b }\n");
    assert_problems(l, 2);
    assert_problem(l, 0, 3, 13, "party kind 'vendor-eu' is not declared by the policy", NULL);
    assert_problem(l, 1, 4, 13, "party kind 'vednor' is not declared by the policy", "did you mean 'vendor'?");
    done(l);
}

static void test_parties_of_the_wrong_shape(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\nparties: { kind: sub, id: a }\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 2, 10, "parties must be a list, not a mapping", "write one '- { kind: ..., id: ... }' entry per party");
    assert_int_equal(l->rec->subject.parties.len, 0);
    done(l);
    l = load("supplier: { id: s }\nparties: sub\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 2, 10, "parties must be a list, not a single value", "write one '- { kind: ..., id: ... }' entry per party");
    done(l);
    /* nothing listed is no parties */
    l = load("supplier: { id: s }\nparties:\n");
    assert_problems(l, 0);
    assert_int_equal(l->rec->subject.parties.len, 0);
    done(l);
}

static void test_duplicate_parties(void **state)
{
    (void)state;
    loaded *l = load("supplier: { id: s }\n"
                     "parties:\n"
                     "  - { kind: sub, id: a, profile: { location: GB } }\n"
                     "  - { kind: vendor, id: a }\n"
                     "  - { kind: sub, id: a, profile: { location: US } }\n"
                     "  - kind: sub\n"
                     "    id: b\n"
                     "    parties: [ { kind: vendor, id: a }, { kind: vendor, id: a } ]\n"
                     "  - kind: sub\n"
                     "    id: c\n"
                     "    parties: [ { kind: vendor, id: a } ]\n");
    /* one kind and id once in a list; the same id of another kind, or behind another party, is another party */
    assert_problems(l, 2);
    assert_problem(l, 0, 5, 5, "sub 'a' is already listed at line 3", "give each party one entry, with everything it carries");
    assert_problem(l, 1, 8, 41, "vendor 'a' is already listed at line 8", "give each party one entry, with everything it carries");
    const ck_rec_subject *s = &l->rec->subject;
    assert_int_equal(s->parties.len, 4); /* the repeat is not taken: the first entry counts */
    assert_string_equal(pfield(party(s, 0), "location")->u.string, "GB");
    assert_int_equal(party(s, 2)->subject.parties.len, 1);
    assert_int_equal(party(s, 3)->subject.parties.len, 1);
    done(l);
    /* kind and id are told apart whatever they hold: an undeclared kind 'sub\nx' with id 'y' does
     * not make the sub-processor 'x\ny' a repeat (which would drop it from every rule) */
    l = load("supplier: { id: s }\n"
             "parties:\n"
             "  - { kind: \"sub\\\\nx\", id: y }\n"
             "  - { kind: sub, id: \"x\\\\ny\" }\n");
    assert_problems(l, 1);
    assert_problem(l, 0, 3, 13, "party kind 'sub\\nx' is not declared by the policy", NULL);
    assert_int_equal(l->rec->subject.parties.len, 2);
    assert_string_equal(party(&l->rec->subject, 1)->id, "x\\ny");
    done(l);
}

static void test_party_count_limit(void **state)
{
    (void)state;
    ck_record_limits lim;
    ck_record_limits_default(&lim);
    assert_int_equal(lim.max_parties, 10000);
    assert_int_equal(lim.max_party_depth, 8);
    lim.max_parties = 3;
    /* the limit counts parties at every depth together */
    static const char three[] = "supplier: { id: s }\n"
                                "parties:\n"
                                "  - { kind: sub, id: a, parties: [ { kind: vendor, id: v } ] }\n"
                                "  - { kind: sub, id: b }\n";
    loaded *l = load_as("rec.yaml", three, &lim);
    assert_problems(l, 0);
    done(l);
    static const char four[] = "supplier: { id: s }\n"
                               "parties:\n"
                               "  - { kind: sub, id: a, parties: [ { kind: vendor, id: v }, { kind: vendor, id: w } ] }\n"
                               "  - { kind: sub, id: b }\n"
                               "  - { kind: sub, id: c }\n";
    l = load_as("rec.yaml", four, &lim);
    assert_problems(l, 1); /* reported once */
    assert_problem(l, 0, 4, 5, "too many parties (the limit is 3 in a record)", NULL);
    done(l);
}

static void test_party_depth_limit(void **state)
{
    (void)state;
    ck_record_limits lim;
    ck_record_limits_default(&lim);
    lim.max_party_depth = 2;
    loaded *l = load_as("rec.yaml",
                        "supplier: { id: s }\n"
                        "parties: [ { kind: sub, id: a, parties: [ { kind: vendor, id: v } ] } ]\n",
                        &lim);
    assert_problems(l, 0);
    done(l);
    l = load_as("rec.yaml",
                "supplier: { id: s }\n"
                "parties: [ { kind: sub, id: a, parties: [ { kind: vendor, id: v, parties: [ { kind: vendor, id: w } ] } ] } ]\n",
                &lim);
    assert_problems(l, 1);
    assert_problem(l, 0, 2, 75, "parties are nested too deeply (more than 2 levels)", NULL);
    /* what is within the limit is kept */
    const ck_rec_party *v = party(&party(&l->rec->subject, 0)->subject, 0);
    assert_int_equal(v->subject.parties.len, 0);
    done(l);
}

static void test_json_record_with_parties(void **state)
{
    (void)state;
    loaded *l = load_as("rec.json",
                        "{ \"supplier\": { \"id\": \"s\" },\n"
                        "  \"parties\": [\n"
                        "    { \"kind\": \"sub\", \"id\": \"mail\", \"profile\": { \"staff\": 12, \"since\": \"2024-01-31\" },\n"
                        "      \"evidence\": [ { \"kind\": \"assess\", \"score\": -3.5, \"grade\": \"medium\", \"accredited\": false } ],\n"
                        "      \"parties\": [ { \"kind\": \"vendor\", \"id\": \"cdn\" } ] }\n"
                        "  ] }\n",
                        NULL);
    assert_problems(l, 0);
    const ck_rec_party *mail = party(&l->rec->subject, 0);
    assert_int_equal(pfield(mail, "staff")->u.number.coef, 12);
    assert_true(pfield(mail, "since")->present);
    const ck_rec_evidence *ev = mail->subject.evidence.items[0];
    assert_int_equal(attr(ev, "score")->u.number.coef, -35);
    assert_int_equal(attr(ev, "grade")->u.level, 1);
    assert_false(attr(ev, "accredited")->u.boolean);
    assert_true(attr(ev, "accredited")->present);
    assert_string_equal(party(&mail->subject, 0)->id, "cdn");
    done(l);
}

static void test_parties_from_a_test_block(void **state)
{
    (void)state;
    assert_int_equal(policy->tests.len, 1);
    ck_record *rec = ck_record_from_test(policy, policy->tests.items[0]);
    assert_non_null(rec);
    assert_int_equal(rec->problems.len, 0);
    const ck_rec_subject *s = &rec->subject;
    assert_int_equal(s->parties.len, 2);
    const ck_rec_party *mail = party(s, 0);
    assert_string_equal(mail->kind_name, "sub");
    assert_string_equal(mail->id, "mail");
    assert_string_equal(mail->name, "Mail Ltd");
    assert_string_equal(pfield(mail, "location")->u.string, "GB");
    assert_int_equal(pfield(mail, "staff")->u.number.coef, -25);
    assert_false(pfield(mail, "handles_data")->present);
    int c = ck_policy_clause(policy, "dpa");
    assert_true(mail->subject.clauses[c].present);
    assert_true(mail->subject.clauses[c].params[0].u.boolean);
    const ck_rec_evidence *ev = mail->subject.evidence.items[0];
    assert_int_equal(attr(ev, "score")->u.number.coef, 705);
    assert_int_equal(attr(ev, "grade")->u.level, 1);
    assert_false(attr(ev, "assessor")->present);
    assert_string_equal(ev->file, "e/a.pdf");
    /* nested as written, each knowing the party it is behind */
    const ck_rec_party *cdn = party(&mail->subject, 0);
    assert_string_equal(cdn->id, "cdn");
    assert_int_equal(cdn->depth, 2);
    assert_ptr_equal(cdn->parent, mail);
    const ck_rec_party *edge = party(&cdn->subject, 0);
    assert_int_equal(edge->depth, 3);
    assert_ptr_equal(edge->parent, cdn);
    assert_int_equal(s->evidence.len, 0); /* the supplier's own stay its own */
    assert_string_equal(party(s, 1)->id, "files");
    ck_record_free(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key_of_a_party),
        cmocka_unit_test(test_evidence_attributes_of_each_type),
        cmocka_unit_test(test_evidence_attributes_of_the_wrong_type),
        cmocka_unit_test(test_party_problems),
        cmocka_unit_test(test_party_kind_not_relabelled),
        cmocka_unit_test(test_parties_of_the_wrong_shape),
        cmocka_unit_test(test_duplicate_parties),
        cmocka_unit_test(test_party_count_limit),
        cmocka_unit_test(test_party_depth_limit),
        cmocka_unit_test(test_json_record_with_parties),
        cmocka_unit_test(test_parties_from_a_test_block),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
