/* Unit tests for the forecast: its change dates against a day-by-day evaluation, and due-soon findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "forecast.h"

/* Every kind of date rule: an expiry (recorded and derived), `within` in months (clamped at month
 * ends), years, weeks and hours, alternatives, a gap whose acceptance runs out, evidence of a
 * party behind the supplier, and a questionnaire whose answers go stale. */
static const char POLICY[] =
    "profile {\n  cloud : bool\n}\n"
    "tiers standard\ntier standard otherwise\n"
    "clause c \"C\" { d : duration }\n"
    "evidence cert \"Certificate\" { valid for 1y }\n"
    "evidence rep \"Report\" { }\n"
    "require A \"a\" { evidence cert not expired }\n"
    "require B \"b\" { evidence rep issued within 1mo }\n"
    "require C \"c\" { contract.last_assessed within 1y }\n"
    "require D \"d\" { clause c with d <= 1d }\n"
    "require E \"e\" { evidence rep period_end within 36h }\n"
    "require F \"f\" { evidence cert issued within 2w or evidence rep last_audit within 3mo }\n"
    "require G \"g\" { evidence rep not expired }\n"
    "party sub \"Sub-processor\" {\n  location : string\n}\n"
    "require P \"p\" { for each sub { evidence rep issued within 6mo } }\n"
    "questionnaire sq \"Security questionnaire\" {\n  question ok : bool expect true\n}\n"
    "require Q \"q\" { questionnaire sq within 5w }\n";

static const char RECORD[] =
    "supplier: { id: t }\n"
    "contract: { last_assessed: 2023-02-28 }\n"
    "clauses:\n  c: { d: 3d }\n"
    "evidence:\n"
    "  - { kind: cert, issued: 2023-03-31 }\n"
    "  - { kind: rep, issued: 2024-01-31, period_end: 2024-02-29, last_audit: 2023-12-31, expires: 2024-03-30 }\n"
    "gaps:\n  - { requirement: D, reason: r, accepted_by: X, expires: 2024-01-31 }\n"
    "parties:\n  - { kind: sub, id: s1, profile: { location: GB }, evidence: [ { kind: rep, issued: 2023-10-17 } ] }\n"
    "questionnaires:\n  sq: { answered: 2024-01-05, answers: { ok: true } }\n";

typedef struct {
    ck_policy *policy;
    ck_record *rec;
    ck_diags diags;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_int_equal(ck_diags_init(&f->diags), 0);
    ck_policy_input in = {.path = "f.policy", .text = POLICY, .len = sizeof POLICY - 1};
    assert_int_equal(ck_policy_compile(&in, 1, NULL, &f->diags, &f->policy), 0);
    assert_int_equal(ck_record_load_text(f->policy, "r.yaml", RECORD, sizeof RECORD - 1, NULL, &f->diags, &f->rec), 0);
    assert_int_equal(f->rec->problems.len, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ck_record_free(f->rec);
    ck_policy_free(f->policy);
    ck_diags_fini(&f->diags);
    free(f);
    return 0;
}

static ck_date date(const char *s)
{
    ck_date d;
    assert_int_equal(ck_date_parse(s, strlen(s), &d), CK_TIME_OK);
    return d;
}

static bool held(ck_outcome o) { return o == CK_OUTCOME_MET || o == CK_OUTCOME_GAP_ACCEPTED; }

/* From several starting dates, the forecast finds for each requirement exactly the first day on
 * which a day-by-day evaluation sees it unmet, and nothing for a requirement that stays met. */
static void test_matches_day_by_day(void **state)
{
    fixture *f = *state;
    size_t checked = 0;
    for (int32_t start = date("2023-12-20").days; start <= date("2024-03-31").days; start += 9) {
        ck_eval_options opts = {.as_of = {start}};
        ck_result today;
        assert_int_equal(ck_eval_record(f->policy, f->rec, &opts, &today), 0);
        ck_date until = {start + 400};
        ck_forecast fc;
        assert_int_equal(ck_forecast_record(f->policy, f->rec, &today, &opts, until, &fc), 0);
        for (size_t r = 0; r < f->policy->nreqs; r++) {
            int32_t first = 0;
            for (int32_t day = start + 1; held(today.reqs[r].outcome) && !first && day <= until.days; day++) {
                ck_eval_options at = {.as_of = {day}};
                ck_result then;
                assert_int_equal(ck_eval_record(f->policy, f->rec, &at, &then), 0);
                if (then.reqs[r].outcome == CK_OUTCOME_UNMET)
                    first = day;
            }
            int32_t got = 0;
            for (size_t i = 0; i < fc.items.len; i++) {
                const ck_forecast_item *it = fc.items.items[i];
                if (it->req == (int)r)
                    got = it->due.days;
            }
            char a[16], b[16], s[16];
            ck_date_format((ck_date){first}, a);
            ck_date_format((ck_date){got}, b);
            ck_date_format((ck_date){start}, s);
            if (got != first)
                fail_msg("from %s, requirement %s: day by day %s, forecast %s", s, f->policy->reqs[r].id,
                         first ? a : "-", got ? b : "-");
            checked += first != 0;
        }
        for (size_t i = 1; i < fc.items.len; i++)
            assert_true(((const ck_forecast_item *)fc.items.items[i - 1])->due.days <=
                        ((const ck_forecast_item *)fc.items.items[i])->due.days);
    }
    assert_true(checked > 20); /* the case exercises the rules, not a record that never changes */
}

/* The change dates around a month end: one month after 2024-01-31 is clamped to 2024-02-29, but
 * a date stays "within 1mo" until the day whose month-back cutoff passes it, which is later; the
 * first day outside the window is among the dates, and the dates are sorted, distinct, in range. */
static void test_month_end_dates(void **state)
{
    fixture *f = *state;
    int32_t *days = NULL;
    long n = ck_forecast_dates(f->policy, f->rec, 0, date("2024-02-01"), date("2024-03-31"), &days);
    assert_true(n > 0);
    bool found = false;
    for (long i = 0; i < n; i++) {
        /* within 1mo of 2024-01-31 holds as long as the date one month back is on or before it */
        ck_date d = {days[i]};
        if (!ck_date_within(date("2024-01-31"), (ck_duration){1, CK_DUR_MONTH}, d) &&
            ck_date_within(date("2024-01-31"), (ck_duration){1, CK_DUR_MONTH}, (ck_date){d.days - 1}))
            found = true;
        if (i)
            assert_true(days[i - 1] < days[i]);
        assert_true(days[i] > date("2024-02-01").days && days[i] <= date("2024-03-31").days);
    }
    free(days);
    assert_true(found);
}

/* Due-soon findings: one per item up to the date given, a warning with its date and cause,
 * counted, fingerprinted apart from the requirement's other findings. */
static void test_due_soon_findings(void **state)
{
    fixture *f = *state;
    ck_eval_options opts = {.as_of = date("2024-01-15")};
    ck_result res;
    assert_int_equal(ck_eval_record(f->policy, f->rec, &opts, &res), 0);
    ck_forecast fc;
    assert_int_equal(ck_forecast_record(f->policy, f->rec, &res, &opts, date("2024-12-31"), &fc), 0);
    assert_true(fc.items.len >= 3);
    size_t before = res.findings.len, warnings = res.count[CK_SEV_WARNING];
    ck_date until = ((const ck_forecast_item *)fc.items.items[1])->due;
    assert_int_equal(ck_forecast_add_findings(f->policy, &fc, until, &res), 0);
    size_t added = res.findings.len - before;
    assert_true(added >= 2 && added < fc.items.len);
    assert_int_equal(res.count[CK_SEV_WARNING], warnings + added);
    for (size_t i = before; i < res.findings.len; i++) {
        const ck_finding *d = res.findings.items[i];
        const ck_forecast_item *it = fc.items.items[i - before];
        assert_int_equal(d->kind, CK_FK_DUE_SOON);
        assert_int_equal(d->severity, CK_SEV_WARNING);
        assert_int_equal(d->req, it->req);
        assert_int_equal(d->due.days, it->due.days);
        assert_int_equal(d->cause, it->then->kind);
        assert_non_null(strstr(d->message, it->then->message));
        for (size_t k = 0; k < before; k++)
            assert_string_not_equal(d->fingerprint, ((const ck_finding *)res.findings.items[k])->fingerprint);
    }
    /* D's gap runs out on 2024-01-31: it falls due the day after, as a gap-expired finding */
    bool gap = false;
    for (size_t i = 0; i < fc.items.len; i++) {
        const ck_forecast_item *it = fc.items.items[i];
        if (strcmp(f->policy->reqs[it->req].id, "D") == 0) {
            assert_int_equal(it->due.days, date("2024-02-01").days);
            assert_int_equal(it->then->kind, CK_FK_GAP_EXPIRED);
            gap = true;
        }
    }
    assert_true(gap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matches_day_by_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_month_end_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_soon_findings, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
