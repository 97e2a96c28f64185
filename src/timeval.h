/* Dates and durations: parsing, canonical formatting, comparison and calendar arithmetic. */
#ifndef CK_TIMEVAL_H
#define CK_TIMEVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Product decision, documented in docs/language.md: for comparing durations a
 * month is 1/12 of a year and a year is 365.25 days (so 12mo == 1y and
 * 24h < 3d < 2w < 1mo < 1y). Date arithmetic ("issued within 12mo") steps the
 * calendar instead: one month before 2024-03-31 is 2024-02-29.
 */

typedef struct {
    int32_t days; /* days since 1970-01-01, proleptic Gregorian */
} ck_date;

typedef enum { CK_DUR_HOUR, CK_DUR_DAY, CK_DUR_WEEK, CK_DUR_MONTH, CK_DUR_YEAR } ck_dur_unit;

typedef struct {
    int64_t amount;
    ck_dur_unit unit;
} ck_duration;

typedef enum {
    CK_TIME_OK = 0,
    CK_TIME_MALFORMED = -1,
    CK_TIME_IMPOSSIBLE = -2,
    CK_TIME_OVERFLOW = -3,
} ck_time_status;

#define CK_DURATION_MAX 100000

/* Strictly YYYY-MM-DD, years 1000..9999. */
ck_time_status ck_date_parse(const char *s, size_t len, ck_date *out);
void ck_date_format(ck_date d, char buf[11]);
void ck_date_ymd(ck_date d, int *y, int *m, int *day);
ck_date ck_date_from_ymd(int y, int m, int day);

/* Digits then a unit h|d|w|mo|y; amount 1..CK_DURATION_MAX. */
ck_time_status ck_duration_parse(const char *s, size_t len, ck_duration *out);
size_t ck_duration_format(ck_duration d, char *buf, size_t n);
size_t ck_duration_words(ck_duration d, char *buf, size_t n);
const char *ck_duration_unit_name(ck_dur_unit u);
int64_t ck_duration_minutes(ck_duration d);
int ck_duration_cmp(ck_duration a, ck_duration b);

/* Calendar arithmetic; hours become whole days, rounded so as never to be stricter than the policy. */
ck_date ck_date_minus(ck_date d, ck_duration dur);
ck_date ck_date_plus(ck_date d, ck_duration dur);
ck_time_status ck_date_today_utc(ck_date *out);
/* Is `when` no older than dur before as_of? Dates after as_of count as within. */
bool ck_date_within(ck_date when, ck_duration dur, ck_date as_of);

#endif
