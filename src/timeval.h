/* Dates and durations: parsing, canonical formatting, comparison and calendar arithmetic. */
#ifndef CK_TIMEVAL_H
#define CK_TIMEVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What a month and a year mean is a product decision (docs/language.md), and it
 * differs on purpose between the two things durations are used for:
 *
 *  - Comparing durations ("notify_within <= 72h", "retention >= 6mo") uses fixed
 *    lengths: a year is 365.25 days and a month is 1/12 of a year, 30.4375 days.
 *    So 12mo == 1y exactly, and 24h < 3d < 2w < 1mo < 1y. See ck_duration_minutes.
 *
 *  - Date arithmetic ("issued within 12mo", "valid for 1y") steps the calendar:
 *    one month before 2024-03-31 is 2024-02-29 (the day is clamped to the end of
 *    the month), one year after 2024-02-29 is 2025-02-28. Days and weeks are
 *    exact. A date has no time of day, so hours are turned into whole days in the
 *    direction that never makes a check stricter than the policy wrote it.
 *
 * Dates are proleptic Gregorian. Parsing accepts years 1000..9999 only; arithmetic
 * may step outside that range and saturates at the limits of ck_date.
 */

typedef struct {
    int32_t days; /* days since 1970-01-01, proleptic Gregorian; negative before */
} ck_date;

typedef enum { CK_DUR_HOUR, CK_DUR_DAY, CK_DUR_WEEK, CK_DUR_MONTH, CK_DUR_YEAR } ck_dur_unit;

typedef struct {
    int64_t amount; /* 1..CK_DURATION_MAX when it came from ck_duration_parse */
    ck_dur_unit unit;
} ck_duration;

typedef enum {
    CK_TIME_OK = 0,
    CK_TIME_MALFORMED = -1,  /* not written the way the syntax requires */
    CK_TIME_IMPOSSIBLE = -2, /* well formed, but no such day (2026-02-30, 2026-13-01) */
    CK_TIME_OVERFLOW = -3,   /* well formed, but too large to accept */
} ck_time_status;

/* Large enough for any real policy (100000d is 273 years), small enough that no arithmetic overflows. */
#define CK_DURATION_MAX 100000

/*
 * Strictly YYYY-MM-DD: exactly ten bytes, ASCII digits, years 1000..9999.
 * MALFORMED for any other shape (2026-1-01, 20260101, trailing bytes) and
 * for years below 1000; IMPOSSIBLE for a well-formed date that is not in the
 * calendar: month 00 or 13+, day 00, or a day past the month's end (2023-02-29).
 * *out is written only on CK_TIME_OK.
 */
ck_time_status ck_date_parse(const char *s, size_t len, ck_date *out);
/* "YYYY-MM-DD" plus NUL. Dates outside years 0000..9999 print as the nearer of 0000-01-01 and 9999-12-31. */
void ck_date_format(ck_date d, char buf[11]);
void ck_date_ymd(ck_date d, int *y, int *m, int *day);
/* The date of a civil day; m must be 1..12, day may run past the month and rolls over. */
ck_date ck_date_from_ymd(int y, int m, int day);

/*
 * ASCII digits then a unit, nothing else: 24h 3d 2w 6mo 1y. Leading zeros are
 * allowed (007d). Amount 0, signs, spaces, other units: MALFORMED. Amount
 * above CK_DURATION_MAX: OVERFLOW. *out is written only on CK_TIME_OK.
 */
ck_time_status ck_duration_parse(const char *s, size_t len, ck_duration *out);
/* Canonical form ("24h", "12mo"), snprintf-style: returns the length it needed, truncates to n. */
size_t ck_duration_format(ck_duration d, char *buf, size_t n);
/* Plain words for reports ("24 hours", "1 month", "3 years"); snprintf-style like ck_duration_format. */
size_t ck_duration_words(ck_duration d, char *buf, size_t n);
/* "h", "d", "w", "mo", "y"; "?" for a value outside the enum. */
const char *ck_duration_unit_name(ck_dur_unit u);
/* Fixed length in minutes for comparison: h 60, d 1440, w 10080, mo 43830, y 525960. Saturates. */
int64_t ck_duration_minutes(ck_duration d);
/* <0, 0, >0 as a is shorter than, as long as, longer than b, by ck_duration_minutes. */
int ck_duration_cmp(ck_duration a, ck_duration b);

/* Calendar arithmetic as described above. ck_date_minus rounds hours up to whole days (36h is 2 days). */
ck_date ck_date_minus(ck_date d, ck_duration dur);
/* The same forwards; hours round down (36h is 1 day). */
ck_date ck_date_plus(ck_date d, ck_duration dur);
/* Today's date in UTC from the system clock; CK_TIME_MALFORMED if it cannot be read, OVERFLOW if absurd. */
ck_time_status ck_date_today_utc(ck_date *out);
/*
 * Is `when` no older than dur before as_of, i.e. when >= ck_date_minus(as_of, dur)?
 * The cutoff day itself is within; dates after as_of are within.
 */
bool ck_date_within(ck_date when, ck_duration dur, ck_date as_of);

#endif
