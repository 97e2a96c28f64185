/* Unit tests for duration_phrase: the durations contracts write, bounds, ranges, business days, required words. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "duration_phrase.h"

/*
 * Each phrasing with what the reader must find: every phrase as "<bound> <words>", joined by
 * " | ", where bound is within/least/plain/range/vague and words come from ck_dphrase_describe;
 * "" when nothing may be read.
 */
static const struct {
    const char *text;
    const char *want;
} phrasings[] = {
    /* digits and words, with and without a bound */
    {"within 24 hours", "within 24 hours"},
    {"within twenty-four (24) hours", "within 24 hours"},
    {"twenty-four (24) hours", "plain 24 hours"},
    {"seventy-two (72) hours", "plain 72 hours"},
    {"within seventy two hours", "within 72 hours"},
    {"within 72 (seventy-two) hours", "within 72 hours"},
    {"one (1) business day", "plain 1 business day"},
    {"within 5 working days", "within 5 business days"},
    {"within five (5) Business Days of the request", "within 5 business days"},
    {"ten banking days", "plain 10 business days"},
    {"no later than 72 hours after becoming aware", "within 72 hours"},
    {"not later than forty-eight (48) hours", "within 48 hours"},
    {"in no event later than 10 Business Days", "within 10 business days"},
    {"not exceeding 30 days", "within 30 days"},
    {"a period not to exceed ninety (90) days", "within 90 days"},
    {"not more than 14 days", "within 14 days"},
    {"no longer than six months", "within 6 months"},
    {"up to 4 hours", "within 4 hours"},
    {"at most 2 weeks", "within 2 weeks"},
    {"a maximum of 36 hours", "within 36 hours"},
    {"within a period of 30 days", "within 30 days"},
    {"within two weeks", "within 2 weeks"},
    {"within a fortnight", "within 2 weeks"},
    {"three months", "plain 3 months"},
    {"within three (3) calendar months", "within 3 months"},
    {"twelve (12) months", "plain 12 months"},
    {"one year", "plain 1 year"},
    {"within 2 years", "within 2 years"},
    {"within an hour", "within 1 hour"},
    {"within a day", "within 1 day"},
    {"within a business day", "within 1 business day"},
    {"within 4 business hours", "within 4 business hours"},
    {"within 90 minutes", "within 90 minutes"},
    {"within 24h", "within 24 hours"},
    {"within 72 hrs", "within 72 hours"},
    {"a 72-hour period", "plain 72 hours"},
    {"a twenty-four (24) hour window", "plain 24 hours"},
    {"ninety-nine days", "plain 99 days"},
    {"ninety nine days", "plain 99 days"},
    {"one hundred days", "plain 100 days"},
    {"one hundred and twenty (120) days", "plain 120 days"},
    {"a hundred days", "plain 100 days"},
    {"thirteen weeks", "plain 13 weeks"},
    {"1,000 days", "plain 1000 days"},
    {"within [24] hours", "within 24 hours"},
    {"within **24 hours**", "within 24 hours"},
    {"within twenty\xE2\x80\x91" "four (24)\xC2\xA0" "hours", "within 24 hours"},
    /* lower bounds */
    {"at least thirty (30) days' notice", "least 30 days"},
    {"not less than 60 days", "least 60 days"},
    {"no fewer than ten (10) Business Days", "least 10 business days"},
    {"a minimum of 3 months", "least 3 months"},
    /* ranges: the upper bound is the value */
    {"between 24 and 72 hours", "range between 24 and 72 hours"},
    {"between twenty-four (24) and seventy-two (72) hours", "range between 24 and 72 hours"},
    {"24-72 hours", "range between 24 and 72 hours"},
    {"24\xE2\x80\x93" "72 hours", "range between 24 and 72 hours"},
    {"from 48 to 72 hours", "range between 48 and 72 hours"},
    {"between 12 hours and 3 days", "range between 12 hours and 3 days"},
    {"72 to 24 hours", "range between 24 and 72 hours"},
    /* two values in one sentence */
    {"notify within 24 hours and report within 72 hours", "within 24 hours | within 72 hours"},
    {"an early warning within 24 hours, a notification within 72 hours and a final report "
     "within one month",
     "within 24 hours | within 72 hours | within 1 month"},
    {"promptly and in any event within 24 hours", "vague promptly | within 24 hours"},
    {"without undue delay and no later than 48 hours", "vague without undue delay | within 48 hours"},
    /* unquantified */
    {"without undue delay", "vague without undue delay"},
    {"promptly", "vague promptly"},
    {"immediately", "vague immediately"},
    {"as soon as practicable", "vague as soon as practicable"},
    {"as soon as reasonably practicable", "vague as soon as reasonably practicable"},
    {"As Soon As Possible", "vague as soon as possible"},
    {"in a timely manner", "vague in a timely manner"},
    {"forthwith", "vague forthwith"},
    {"within a reasonable time", "vague within a reasonable time"},
    /* words and figures that disagree keep both readings */
    {"twenty-four (48) hours", "plain 24 or 48 hours (words and figures differ)"},
    /* nothing to read */
    {"24 hours a day, 7 days a week", ""},
    {"within 1.5 days", ""},
    {"clause 9.2 applies", ""},
    {"by 17:00 hours", ""},
    {"on a business day", ""},
    {"the 5th day", ""},
    {"within 0 days", ""},
    {"within 100001 days", ""},
    {"during business hours", ""},
    {"a business week", ""},
    {"in 2026", ""},
};

static void describe_all(const char *text, char *out, size_t cap)
{
    ck_dphrase p[8];
    size_t n = ck_dphrase_scan(text, strlen(text), p, 8);
    size_t w = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && i < 8; i++) {
        static const char *const bound[] = {"plain", "within", "least", "range"};
        char d[96];
        ck_dphrase_describe(&p[i], d, sizeof d);
        const char *b = p[i].kind == CK_DPHRASE_UNQUANTIFIED ? "vague" : bound[p[i].bound];
        if (p[i].bound == CK_DPHRASE_AT_LEAST && strncmp(d, "at least ", 9) == 0)
            memmove(d, d + 9, strlen(d + 9) + 1);
        w += (size_t)snprintf(out + w, cap - w, "%s%s %s", i ? " | " : "", b, d);
    }
}

static void test_phrasings(void **state)
{
    (void)state;
    size_t failures = 0;
    for (size_t i = 0; i < sizeof phrasings / sizeof phrasings[0]; i++) {
        char got[512];
        describe_all(phrasings[i].text, got, sizeof got);
        if (strcmp(got, phrasings[i].want) != 0) {
            print_error("'%s': expected '%s', got '%s'\n", phrasings[i].text, phrasings[i].want, got);
            failures++;
        }
    }
    assert_true(sizeof phrasings / sizeof phrasings[0] >= 60);
    assert_int_equal(failures, 0);
}

static ck_dphrase one(const char *text)
{
    ck_dphrase p[2];
    size_t n = ck_dphrase_scan(text, strlen(text), p, 2);
    if (n != 1)
        fail_msg("'%s': %zu phrases, expected 1", text, n);
    return p[0];
}

static void test_spans(void **state)
{
    (void)state;
    const char *t = "The Supplier shall notify the Customer no later than seventy-two (72) hours after "
                    "becoming aware.";
    ck_dphrase p = one(t);
    assert_int_equal(p.end - p.start, strlen("no later than seventy-two (72) hours"));
    assert_memory_equal(t + p.start, "no later than", 13);

    const char *two = "within 24 hours; and within 3 days";
    ck_dphrase q[2];
    assert_int_equal(ck_dphrase_scan(two, strlen(two), q, 2), 2);
    assert_int_equal(q[0].start, 0);
    assert_int_equal(q[0].end, 15);
    assert_int_equal(q[1].start, 21);
    assert_int_equal(q[1].end, strlen(two));
}

static void test_values(void **state)
{
    (void)state;
    ck_dphrase p = one("within 72 hours");
    assert_int_equal(p.value.amount, 72);
    assert_int_equal(p.value.unit, CK_DUR_HOUR);
    p = one("between 24 and 72 hours");
    assert_int_equal(p.value.amount, 72); /* the upper bound is what the supplier commits to */
    assert_int_equal(p.low.amount, 24);
    p = one("within 90 minutes");
    assert_int_equal(p.value.amount, 2); /* rounded up to whole hours: never stricter than written */
    assert_int_equal(p.value.unit, CK_DUR_HOUR);
    p = one("5 business days");
    assert_true(p.high.business);
    assert_int_equal(p.value.amount, 5);
    assert_int_equal(p.value.unit, CK_DUR_DAY);
    p = one("within a fortnight");
    assert_int_equal(p.value.amount, 2);
    assert_int_equal(p.value.unit, CK_DUR_WEEK);
    p = one("promptly");
    assert_int_equal(p.kind, CK_DPHRASE_UNQUANTIFIED);
    assert_string_equal(p.words, "promptly");
}

static void test_business_day_lengths(void **state)
{
    (void)state;
    int64_t lo, hi;
    ck_dphrase p = one("one (1) business day");
    ck_dphrase_minutes(&p, &lo, &hi);
    assert_int_equal(lo, 1440);     /* at the shortest, a day */
    assert_int_equal(hi, 3 * 1440); /* Friday evening to the end of Monday */
    p = one("5 business days");
    ck_dphrase_minutes(&p, &lo, &hi);
    assert_int_equal(hi, 7 * 1440);
    p = one("6 business days");
    ck_dphrase_minutes(&p, &lo, &hi);
    assert_int_equal(lo, 6 * 1440);
    assert_int_equal(hi, 10 * 1440);
    p = one("4 business hours");
    ck_dphrase_minutes(&p, &lo, &hi);
    assert_int_equal(lo, 4 * 60);
    assert_int_equal(hi, 3 * 1440);
    p = one("24 hours");
    ck_dphrase_minutes(&p, &lo, &hi);
    assert_int_equal(lo, 1440);
    assert_int_equal(hi, 1440);
    p = one("twenty-four (48) hours");
    ck_dphrase_minutes(&p, &lo, &hi);
    assert_int_equal(lo, 1440);
    assert_int_equal(hi, 2880);
    p = one("3 months");
    ck_dphrase_minutes(&p, &lo, &hi);
    assert_int_equal(hi, ck_duration_minutes((ck_duration){3, CK_DUR_MONTH}));
    p = one("without undue delay");
    ck_dphrase_minutes(&p, &lo, &hi);
    assert_int_equal(lo, 0);
    assert_true(hi == INT64_MAX);
}

static void test_cap_and_count(void **state)
{
    (void)state;
    const char *t = "1 day, 2 days, 3 days, 4 days";
    ck_dphrase p[2];
    assert_int_equal(ck_dphrase_scan(t, strlen(t), p, 2), 4);
    assert_int_equal(p[1].value.amount, 2);
    assert_int_equal(ck_dphrase_scan(t, strlen(t), NULL, 0), 4);
    assert_int_equal(ck_dphrase_scan("", 0, NULL, 0), 0);
    /* a text cut in the middle of a phrase reads what is there */
    assert_int_equal(ck_dphrase_scan("within 24 hou", 13, p, 2), 0);
}

static bool has(const char *text, const char *words, size_t *s, size_t *e)
{
    return ck_dphrase_find_words(text, strlen(text), words, strlen(words), s, e);
}

static void test_required_words(void **state)
{
    (void)state;
    size_t s, e;
    assert_true(has("notify any Security Incident", "security incident", &s, &e));
    assert_int_equal(s, 11);
    assert_int_equal(e, 28);
    assert_true(has("a security\n**incident**", "Security incident", NULL, NULL));
    assert_true(has("INCIDENTS and incident", "incident", &s, NULL));
    assert_int_equal(s, 14); /* whole words only: "INCIDENTS" is another word */
    assert_false(has("incidental costs", "incident", NULL, NULL));
    assert_false(has("security, incident", "security incident", NULL, NULL));
    assert_false(has("audit", "", NULL, NULL));
    assert_true(has("ISO 27001 certificate", "iso 27001", NULL, NULL));
    assert_false(has("notification", "incident", NULL, NULL));
    /* punctuation written must be there; any hyphen or dash is a hyphen */
    assert_true(has("each Sub\xe2\x80\x91Processor engaged", "sub-processor", &s, &e));
    assert_int_equal(s, 5);
    assert_int_equal(e, 20);
    assert_true(has("under Article 28(3)(d) GDPR", "article 28(3)(d)", NULL, NULL));
    assert_false(has("under Article 28 GDPR", "article 28(3)", NULL, NULL));
    assert_false(has("sub processor", "sub-processor", NULL, NULL));
}

/* What a policy may give as required words: something to find, and not too much of it. */
static void test_required_words_usable(void **state)
{
    (void)state;
    size_t n;
    assert_true(ck_dphrase_words_usable("security incident", 17, &n));
    assert_int_equal(n, 2);
    assert_true(ck_dphrase_words_usable("sub-processor", 13, &n));
    assert_int_equal(n, 3);
    assert_true(ck_dphrase_words_usable("28", 2, NULL));
    assert_false(ck_dphrase_words_usable("", 0, &n));
    assert_int_equal(n, 0);
    assert_false(ck_dphrase_words_usable("** -- ()", 8, &n));
    assert_int_equal(n, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phrasings),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_business_day_lengths),
        cmocka_unit_test(test_cap_and_count),
        cmocka_unit_test(test_required_words),
        cmocka_unit_test(test_required_words_usable),
    };
    return cmocka_run_group_tests_name("duration_phrase", tests, NULL, NULL);
}
