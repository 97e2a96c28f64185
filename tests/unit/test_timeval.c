/* Unit tests for timeval: strict date and duration parsing, the month/year definitions, calendar arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timeval.h"

static ck_date D(const char *s)
{
    ck_date d = {0};
    ck_time_status st = ck_date_parse(s, strlen(s), &d);
    if (st != CK_TIME_OK)
        fail_msg("'%s' did not parse: %d", s, st);
    return d;
}

static ck_duration DUR(const char *s)
{
    ck_duration d = {0, CK_DUR_DAY};
    ck_time_status st = ck_duration_parse(s, strlen(s), &d);
    if (st != CK_TIME_OK)
        fail_msg("'%s' did not parse: %d", s, st);
    return d;
}

static ck_time_status date_status(const char *s)
{
    ck_date d = {12345};
    ck_time_status st = ck_date_parse(s, strlen(s), &d);
    if (st != CK_TIME_OK)
        assert_int_equal(d.days, 12345); /* untouched on failure */
    return st;
}

static ck_time_status dur_status(const char *s)
{
    ck_duration d = {77, CK_DUR_WEEK};
    ck_time_status st = ck_duration_parse(s, strlen(s), &d);
    if (st != CK_TIME_OK) {
        assert_int_equal(d.amount, 77);
        assert_int_equal(d.unit, CK_DUR_WEEK);
    }
    return st;
}

static void assert_date(ck_date d, const char *want)
{
    char buf[11];
    ck_date_format(d, buf);
    assert_string_equal(buf, want);
}

static void test_epoch_anchors(void **state)
{
    (void)state;
    assert_int_equal(D("1970-01-01").days, 0);
    assert_int_equal(D("1969-12-31").days, -1);
    assert_int_equal(D("2000-01-01").days, 10957);
    assert_int_equal(D("2000-03-01").days, 11017);
    assert_int_equal(D("1000-01-01").days, -354285);
    assert_int_equal(D("9999-12-31").days, 2932896);
    assert_int_equal(ck_date_from_ymd(2026, 11, 28).days, D("2026-11-28").days);
    int y, m, d;
    ck_date_ymd(D("2024-02-29"), &y, &m, &d);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
}

static void test_leap_years(void **state)
{
    (void)state;
    assert_int_equal(date_status("2024-02-29"), CK_TIME_OK);
    assert_int_equal(date_status("2000-02-29"), CK_TIME_OK); /* divisible by 400 */
    assert_int_equal(date_status("2023-02-29"), CK_TIME_IMPOSSIBLE);
    assert_int_equal(date_status("1900-02-29"), CK_TIME_IMPOSSIBLE); /* divisible by 100 only */
    assert_int_equal(date_status("2100-02-29"), CK_TIME_IMPOSSIBLE);
    assert_int_equal(date_status("2024-02-30"), CK_TIME_IMPOSSIBLE);
    assert_int_equal(D("2024-03-01").days - D("2024-02-28").days, 2);
    assert_int_equal(D("2023-03-01").days - D("2023-02-28").days, 1);
    assert_int_equal(D("2001-01-01").days - D("2000-01-01").days, 366);
    assert_int_equal(D("1901-01-01").days - D("1900-01-01").days, 365);
}

static void test_impossible_dates(void **state)
{
    (void)state;
    /* Well formed, but no such day: reported as IMPOSSIBLE so the message can say "no such date". */
    const char *bad[] = {"2026-02-30", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
                         "2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31", "2026-99-99"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (date_status(bad[i]) != CK_TIME_IMPOSSIBLE)
            fail_msg("'%s' should be impossible", bad[i]);
    assert_int_equal(date_status("2026-01-31"), CK_TIME_OK);
    assert_int_equal(date_status("2026-04-30"), CK_TIME_OK);
    assert_int_equal(date_status("2026-12-31"), CK_TIME_OK);
}

static void test_malformed_dates(void **state)
{
    (void)state;
    const char *bad[] = {"",           "2026-1-01",   "2026-01-1",   "20260101",    "2026-01-01x", "2026-01-01 ",
                         " 2026-01-01", "2026/01/01", "2026-01-0a", "+026-01-01", "-026-01-01", "2026_01-01",
                         "26-01-01",   "02026-01-01", "2026-001-01", "0999-12-31", "0000-01-01", "2026-01-01T00:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (date_status(bad[i]) != CK_TIME_MALFORMED)
            fail_msg("'%s' should be malformed", bad[i]);
    /* The length is what counts, not a terminator: an embedded NUL is junk, a longer buffer is fine. */
    ck_date d;
    assert_int_equal(ck_date_parse("2026-01-01\0", 11, &d), CK_TIME_MALFORMED);
    assert_int_equal(ck_date_parse("2026-01-01junk", 10, &d), CK_TIME_OK);
    assert_int_equal(d.days, D("2026-01-01").days);
    assert_int_equal(ck_date_parse("2026-01-0", 9, &d), CK_TIME_MALFORMED);
    assert_int_equal(date_status("1000-01-01"), CK_TIME_OK);
    assert_int_equal(date_status("9999-12-31"), CK_TIME_OK);
}

/* Every day of the accepted range formats and parses back to itself, one day after the other. */
static void test_date_round_trip_every_day(void **state)
{
    (void)state;
    ck_date first = D("1000-01-01"), last = D("9999-12-31");
    int py = 999, pm = 12, pd = 31;
    for (int32_t n = first.days; n <= last.days; n++) {
        ck_date d = {n}, back = {0};
        char buf[11];
        ck_date_format(d, buf);
        if (ck_date_parse(buf, 10, &back) != CK_TIME_OK || back.days != n)
            fail_msg("day %d formats as '%s' which does not parse back", (int)n, buf);
        int y, m, day;
        ck_date_ymd(d, &y, &m, &day);
        bool next = (y == py && m == pm && day == pd + 1) || (y == py && m == pm + 1 && day == 1 && pd >= 28) ||
                    (y == py + 1 && m == 1 && day == 1 && pm == 12 && pd == 31);
        if (!next)
            fail_msg("%s does not follow %04d-%02d-%02d", buf, py, pm, pd);
        py = y, pm = m, pd = day;
    }
}

static void test_date_format_out_of_range(void **state)
{
    (void)state;
    assert_date((ck_date){INT32_MIN}, "0000-01-01");
    assert_date((ck_date){INT32_MAX}, "9999-12-31");
    assert_date(ck_date_from_ymd(-5, 3, 1), "0000-01-01");
    assert_date(ck_date_from_ymd(12026, 3, 1), "9999-12-31"); /* not wrapped to 2026 */
    assert_date(ck_date_from_ymd(0, 6, 15), "0000-06-15");
}

static void test_duration_parse(void **state)
{
    (void)state;
    struct {
        const char *text;
        int64_t amount;
        ck_dur_unit unit;
    } ok[] = {
        {"24h", 24, CK_DUR_HOUR},     {"3d", 3, CK_DUR_DAY},           {"2w", 2, CK_DUR_WEEK},
        {"6mo", 6, CK_DUR_MONTH},     {"1y", 1, CK_DUR_YEAR},          {"007d", 7, CK_DUR_DAY},
        {"100000d", 100000, CK_DUR_DAY}, {"0000100000y", 100000, CK_DUR_YEAR}, {"1h", 1, CK_DUR_HOUR},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        ck_duration d = DUR(ok[i].text);
        assert_int_equal(d.amount, ok[i].amount);
        assert_int_equal(d.unit, ok[i].unit);
    }
    const char *malformed[] = {"",    "d",    "0d",   "000h", "3",  "3m",    "3mon", "3D",  "3Y",  "-3d", "+3d",
                               " 3d", "3d ",  "3 d",  "3.5d", "1y1d", "mo",  "3dd",  "3s",  "3min", "1e3d", "0x10d"};
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++)
        if (dur_status(malformed[i]) != CK_TIME_MALFORMED)
            fail_msg("'%s' should be malformed", malformed[i]);
    ck_duration d;
    assert_int_equal(ck_duration_parse("3\0d", 3, &d), CK_TIME_MALFORMED);
    assert_int_equal(ck_duration_parse("3dx", 2, &d), CK_TIME_OK);
}

static void test_duration_overflow(void **state)
{
    (void)state;
    assert_int_equal(dur_status("100001d"), CK_TIME_OVERFLOW);
    assert_int_equal(dur_status("1000000d"), CK_TIME_OVERFLOW);
    assert_int_equal(dur_status("999999mo"), CK_TIME_OVERFLOW);
    assert_int_equal(dur_status("99999999999999999999999999y"), CK_TIME_OVERFLOW);
    assert_int_equal(dur_status("000000000000000000000000001y"), CK_TIME_OK); /* zeros do not count */
    assert_int_equal(dur_status("100000h"), CK_TIME_OK);
    /* A bad unit is the more useful complaint even when the number is also too big. */
    assert_int_equal(dur_status("1000000x"), CK_TIME_MALFORMED);
}

static void test_duration_format_round_trip(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(ck_duration_format(DUR("24h"), buf, sizeof buf), 3);
    assert_string_equal(buf, "24h");
    ck_duration_format(DUR("0012mo"), buf, sizeof buf);
    assert_string_equal(buf, "12mo"); /* canonical: no leading zeros */
    const int64_t amounts[] = {1, 2, 9, 10, 24, 99, 365, 1000, 99999, CK_DURATION_MAX};
    for (int u = CK_DUR_HOUR; u <= CK_DUR_YEAR; u++)
        for (size_t i = 0; i < sizeof amounts / sizeof *amounts; i++) {
            ck_duration d = {amounts[i], (ck_dur_unit)u}, back;
            size_t n = ck_duration_format(d, buf, sizeof buf);
            assert_int_equal(n, strlen(buf));
            assert_int_equal(ck_duration_parse(buf, n, &back), CK_TIME_OK);
            assert_int_equal(back.amount, d.amount);
            assert_int_equal(back.unit, d.unit);
        }
    /* snprintf-style: truncates, always terminates, reports the length it needed. */
    char small[3];
    assert_int_equal(ck_duration_format(DUR("100mo"), small, sizeof small), 5);
    assert_string_equal(small, "10");
    assert_int_equal(ck_duration_format(DUR("100mo"), NULL, 0), 5);
}

static void test_duration_names_and_words(void **state)
{
    (void)state;
    assert_string_equal(ck_duration_unit_name(CK_DUR_HOUR), "h");
    assert_string_equal(ck_duration_unit_name(CK_DUR_DAY), "d");
    assert_string_equal(ck_duration_unit_name(CK_DUR_WEEK), "w");
    assert_string_equal(ck_duration_unit_name(CK_DUR_MONTH), "mo");
    assert_string_equal(ck_duration_unit_name(CK_DUR_YEAR), "y");
    assert_string_equal(ck_duration_unit_name((ck_dur_unit)42), "?");
    struct {
        const char *in, *words;
    } w[] = {{"24h", "24 hours"}, {"1h", "1 hour"},   {"1d", "1 day"},      {"3d", "3 days"},
             {"1w", "1 week"},    {"2w", "2 weeks"},  {"1mo", "1 month"},   {"6mo", "6 months"},
             {"1y", "1 year"},    {"3y", "3 years"}, {"001y", "1 year"}};
    char buf[32];
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        size_t n = ck_duration_words(DUR(w[i].in), buf, sizeof buf);
        assert_string_equal(buf, w[i].words);
        assert_int_equal(n, strlen(w[i].words));
    }
}

static void test_duration_ordering(void **state)
{
    (void)state;
    const char *ascending[] = {"1h", "23h", "24h", "25h", "3d", "6d", "2w", "4w", "30d", "730h", "1mo",
                               "731h", "31d", "5w", "11mo", "52w", "365d", "1y", "366d", "53w", "13mo", "2y"};
    size_t n = sizeof ascending / sizeof *ascending;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = ck_duration_cmp(DUR(ascending[i]), DUR(ascending[j]));
            int want = (i > j) - (i < j);
            if ((c > 0) - (c < 0) != want)
                fail_msg("cmp(%s, %s) = %d", ascending[i], ascending[j], c);
        }
    assert_int_equal(ck_duration_cmp(DUR("12mo"), DUR("1y")), 0);
    assert_int_equal(ck_duration_cmp(DUR("24mo"), DUR("2y")), 0);
    assert_int_equal(ck_duration_cmp(DUR("24h"), DUR("1d")), 0);
    assert_int_equal(ck_duration_cmp(DUR("7d"), DUR("1w")), 0);
    assert_int_equal(ck_duration_cmp(DUR("168h"), DUR("1w")), 0);
    assert_int_equal(ck_duration_minutes(DUR("1mo")), 43830); /* 30.4375 days */
    assert_int_equal(ck_duration_minutes(DUR("1y")), 525960); /* 365.25 days */
    assert_int_equal(ck_duration_minutes(DUR("100000y")), 52596000000LL);
    /* Outside what parsing produces, still defined: saturation, not overflow. */
    assert_true(ck_duration_minutes((ck_duration){INT64_MAX, CK_DUR_YEAR}) == INT64_MAX);
    assert_true(ck_duration_minutes((ck_duration){INT64_MIN, CK_DUR_HOUR}) == INT64_MIN);
    assert_true(ck_duration_cmp((ck_duration){INT64_MAX, CK_DUR_YEAR}, DUR("100000y")) > 0);
}

static void test_date_minus_months_clamp(void **state)
{
    (void)state;
    struct {
        const char *from, *dur, *want;
    } c[] = {
        {"2024-03-31", "1mo", "2024-02-29"}, {"2023-03-31", "1mo", "2023-02-28"}, {"2024-05-31", "1mo", "2024-04-30"},
        {"2024-01-15", "1mo", "2023-12-15"}, {"2024-03-31", "13mo", "2023-02-28"}, {"2024-12-31", "6mo", "2024-06-30"},
        {"2024-02-29", "1y", "2023-02-28"},  {"2024-02-29", "4y", "2020-02-29"},   {"2026-11-28", "12mo", "2025-11-28"},
        {"2026-11-28", "1y", "2025-11-28"},  {"2000-02-29", "100y", "1900-02-28"}, {"2026-01-01", "3d", "2025-12-29"},
        {"2026-01-01", "2w", "2025-12-18"},  {"2024-03-01", "1d", "2024-02-29"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char buf[11];
        ck_date_format(ck_date_minus(D(c[i].from), DUR(c[i].dur)), buf);
        if (strcmp(buf, c[i].want) != 0)
            fail_msg("%s - %s = %s, want %s", c[i].from, c[i].dur, buf, c[i].want);
    }
}

static void test_date_plus(void **state)
{
    (void)state;
    assert_date(ck_date_plus(D("2024-01-31"), DUR("1mo")), "2024-02-29");
    assert_date(ck_date_plus(D("2023-01-31"), DUR("1mo")), "2023-02-28");
    assert_date(ck_date_plus(D("2024-02-29"), DUR("1y")), "2025-02-28");
    assert_date(ck_date_plus(D("2023-12-31"), DUR("2mo")), "2024-02-29");
    assert_date(ck_date_plus(D("2025-11-28"), DUR("12mo")), "2026-11-28");
    assert_date(ck_date_plus(D("2026-12-25"), DUR("1w")), "2027-01-01");
    assert_date(ck_date_plus(D("2026-02-28"), DUR("1d")), "2026-03-01");
    /* Clamping loses the day, so a month forth and back is not the identity: documented behaviour. */
    assert_date(ck_date_minus(ck_date_plus(D("2024-01-31"), DUR("1mo")), DUR("1mo")), "2024-01-29");
}

static void test_date_hours_rounding(void **state)
{
    (void)state;
    ck_date base = D("2026-11-28");
    /* Backwards the step rounds up, never making a cutoff later than the policy allows. */
    assert_int_equal(base.days - ck_date_minus(base, DUR("1h")).days, 1);
    assert_int_equal(base.days - ck_date_minus(base, DUR("23h")).days, 1);
    assert_int_equal(base.days - ck_date_minus(base, DUR("24h")).days, 1);
    assert_int_equal(base.days - ck_date_minus(base, DUR("25h")).days, 2);
    assert_int_equal(base.days - ck_date_minus(base, DUR("36h")).days, 2);
    assert_int_equal(base.days - ck_date_minus(base, DUR("48h")).days, 2);
    assert_int_equal(base.days - ck_date_minus(base, DUR("49h")).days, 3);
    /* Forwards it rounds down. */
    assert_int_equal(ck_date_plus(base, DUR("23h")).days - base.days, 0);
    assert_int_equal(ck_date_plus(base, DUR("24h")).days - base.days, 1);
    assert_int_equal(ck_date_plus(base, DUR("36h")).days - base.days, 1);
    assert_int_equal(ck_date_plus(base, DUR("48h")).days - base.days, 2);
}

static void test_date_arithmetic_extremes(void **state)
{
    (void)state;
    /* The biggest parsed durations from the edges of the parsed range stay defined and ordered. */
    ck_date lo = D("1000-01-01"), hi = D("9999-12-31");
    const char *units[] = {"100000h", "100000d", "100000w", "100000mo", "100000y"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        assert_true(ck_date_minus(lo, DUR(units[i])).days < lo.days);
        assert_true(ck_date_plus(hi, DUR(units[i])).days > hi.days);
    }
    assert_date(ck_date_minus(lo, DUR("100000y")), "0000-01-01");
    assert_date(ck_date_plus(hi, DUR("100000y")), "9999-12-31");
    int y, m, d;
    ck_date_ymd(ck_date_minus(lo, DUR("100000y")), &y, &m, &d);
    assert_int_equal(y, -99000);
    assert_int_equal(m, 1);
    assert_int_equal(d, 1);
    /* Before year 0 the months must still be 1..12 (floor, not truncating, division). */
    ck_date_ymd(ck_date_minus(ck_date_from_ymd(1, 1, 15), DUR("2mo")), &y, &m, &d);
    assert_int_equal(y, 0);
    assert_int_equal(m, 11);
    assert_int_equal(d, 15);
    ck_date_ymd(ck_date_minus(ck_date_from_ymd(0, 1, 31), DUR("11mo")), &y, &m, &d);
    assert_int_equal(y, -1);
    assert_int_equal(m, 2);
    assert_int_equal(d, 28);
    /* Amounts no parse produces saturate at the limits of ck_date. */
    assert_int_equal(ck_date_plus(hi, (ck_duration){INT64_MAX, CK_DUR_DAY}).days, INT32_MAX);
    assert_int_equal(ck_date_minus(lo, (ck_duration){INT64_MAX, CK_DUR_YEAR}).days, INT32_MIN);
    assert_int_equal(ck_date_minus(lo, (ck_duration){INT64_MIN, CK_DUR_HOUR}).days, INT32_MAX);
    assert_int_equal(ck_date_plus((ck_date){INT32_MAX}, DUR("1mo")).days, INT32_MAX);
    assert_int_equal(ck_date_minus((ck_date){INT32_MIN}, DUR("1w")).days, INT32_MIN);
}

static void test_date_within_boundaries(void **state)
{
    (void)state;
    ck_date as_of = D("2026-11-28");
    assert_true(ck_date_within(D("2025-11-28"), DUR("12mo"), as_of)); /* exactly on the cutoff */
    assert_false(ck_date_within(D("2025-11-27"), DUR("12mo"), as_of));
    assert_true(ck_date_within(D("2025-11-28"), DUR("1y"), as_of));
    assert_false(ck_date_within(D("2025-11-27"), DUR("1y"), as_of));
    assert_true(ck_date_within(as_of, DUR("1d"), as_of));
    assert_true(ck_date_within(D("2026-12-01"), DUR("1d"), as_of)); /* after as_of */
    assert_true(ck_date_within(D("2030-01-01"), DUR("1h"), as_of));
    assert_true(ck_date_within(D("2026-11-27"), DUR("1d"), as_of));
    assert_false(ck_date_within(D("2026-11-26"), DUR("1d"), as_of));
    assert_true(ck_date_within(D("2026-11-27"), DUR("24h"), as_of));
    assert_false(ck_date_within(D("2026-11-26"), DUR("24h"), as_of));
    assert_true(ck_date_within(D("2026-11-26"), DUR("36h"), as_of)); /* 36h reaches back two days */
    assert_false(ck_date_within(D("2026-11-25"), DUR("36h"), as_of));
    assert_true(ck_date_within(D("2026-11-14"), DUR("2w"), as_of));
    assert_false(ck_date_within(D("2026-11-13"), DUR("2w"), as_of));
    /* The month cutoff clamps to the month's end. */
    assert_true(ck_date_within(D("2024-02-29"), DUR("1mo"), D("2024-03-31")));
    assert_false(ck_date_within(D("2024-02-28"), DUR("1mo"), D("2024-03-31")));
    assert_true(ck_date_within(D("2023-02-28"), DUR("1y"), D("2024-02-29")));
    assert_false(ck_date_within(D("2023-02-27"), DUR("1y"), D("2024-02-29")));
}

static void test_today_utc(void **state)
{
    (void)state;
    time_t before = time(NULL);
    ck_date today;
    assert_int_equal(ck_date_today_utc(&today), CK_TIME_OK);
    time_t after = time(NULL);
    assert_true(today.days >= before / 86400 && today.days <= after / 86400);
    assert_true(today.days > D("2024-01-01").days);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_epoch_anchors),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_impossible_dates),
        cmocka_unit_test(test_malformed_dates),
        cmocka_unit_test(test_date_round_trip_every_day),
        cmocka_unit_test(test_date_format_out_of_range),
        cmocka_unit_test(test_duration_parse),
        cmocka_unit_test(test_duration_overflow),
        cmocka_unit_test(test_duration_format_round_trip),
        cmocka_unit_test(test_duration_names_and_words),
        cmocka_unit_test(test_duration_ordering),
        cmocka_unit_test(test_date_minus_months_clamp),
        cmocka_unit_test(test_date_plus),
        cmocka_unit_test(test_date_hours_rounding),
        cmocka_unit_test(test_date_arithmetic_extremes),
        cmocka_unit_test(test_date_within_boundaries),
        cmocka_unit_test(test_today_utc),
    };
    return cmocka_run_group_tests_name("timeval", tests, NULL, NULL);
}
