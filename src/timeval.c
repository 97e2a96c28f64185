/* Dates and durations: strict parsing, civil-calendar conversion, month-stepping arithmetic. */
#include "timeval.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Days from civil date (Howard Hinnant's algorithm). */
ck_date ck_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (ck_date){(int32_t)(era * 146097 + doe - 719468)};
}

void ck_date_ymd(ck_date date, int *y, int *m, int *d)
{
    int z = date.days + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

ck_time_status ck_date_parse(const char *s, size_t len, ck_date *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) || !digits(s + 8, 2))
        return CK_TIME_MALFORMED;
    int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    if (y < 1000 || m < 1 || m > 12 || d < 1)
        return CK_TIME_IMPOSSIBLE;
    if (d > days_in_month(y, m))
        return CK_TIME_IMPOSSIBLE;
    *out = ck_date_from_ymd(y, m, d);
    return CK_TIME_OK;
}

void ck_date_format(ck_date d, char buf[11])
{
    int y, m, day;
    ck_date_ymd(d, &y, &m, &day);
    snprintf(buf, 11, "%04d-%02d-%02d", y % 10000, m, day);
}

static const char *const unit_names[] = {"h", "d", "w", "mo", "y"};

const char *ck_duration_unit_name(ck_dur_unit u) { return unit_names[u]; }

ck_time_status ck_duration_parse(const char *s, size_t len, ck_duration *out)
{
    size_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0)
        return CK_TIME_MALFORMED;
    const char *u = s + i;
    size_t ul = len - i;
    ck_dur_unit unit;
    if (ul == 1 && u[0] == 'h')
        unit = CK_DUR_HOUR;
    else if (ul == 1 && u[0] == 'd')
        unit = CK_DUR_DAY;
    else if (ul == 1 && u[0] == 'w')
        unit = CK_DUR_WEEK;
    else if (ul == 2 && u[0] == 'm' && u[1] == 'o')
        unit = CK_DUR_MONTH;
    else if (ul == 1 && u[0] == 'y')
        unit = CK_DUR_YEAR;
    else
        return CK_TIME_MALFORMED;
    size_t first = 0;
    while (first + 1 < i && s[first] == '0')
        first++;
    if (i - first > 6)
        return CK_TIME_OVERFLOW;
    int64_t amount = num(s + first, i - first);
    if (amount > CK_DURATION_MAX)
        return CK_TIME_OVERFLOW;
    if (amount == 0)
        return CK_TIME_MALFORMED;
    out->amount = amount;
    out->unit = unit;
    return CK_TIME_OK;
}

size_t ck_duration_format(ck_duration d, char *buf, size_t n)
{
    int w = snprintf(buf, n, "%lld%s", (long long)d.amount, unit_names[d.unit]);
    return w < 0 ? 0 : (size_t)w;
}

size_t ck_duration_words(ck_duration d, char *buf, size_t n)
{
    static const char *const words[] = {"hour", "day", "week", "month", "year"};
    int w = snprintf(buf, n, "%lld %s%s", (long long)d.amount, words[d.unit], d.amount == 1 ? "" : "s");
    return w < 0 ? 0 : (size_t)w;
}

int64_t ck_duration_minutes(ck_duration d)
{
    static const int64_t per[] = {60, 1440, 10080, 43830, 525960};
    return d.amount * per[d.unit];
}

int ck_duration_cmp(ck_duration a, ck_duration b)
{
    int64_t x = ck_duration_minutes(a), y = ck_duration_minutes(b);
    return x < y ? -1 : x > y;
}

static ck_date add_months(ck_date d, int64_t months)
{
    int y, m, day;
    ck_date_ymd(d, &y, &m, &day);
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    int ny = (int)(total / 12), nm = (int)(total % 12) + 1;
    int dim = days_in_month(ny, nm);
    return ck_date_from_ymd(ny, nm, day > dim ? dim : day);
}

ck_date ck_date_minus(ck_date d, ck_duration dur)
{
    switch (dur.unit) {
    case CK_DUR_HOUR: return (ck_date){(int32_t)(d.days - (dur.amount + 23) / 24)};
    case CK_DUR_DAY: return (ck_date){(int32_t)(d.days - dur.amount)};
    case CK_DUR_WEEK: return (ck_date){(int32_t)(d.days - 7 * dur.amount)};
    case CK_DUR_MONTH: return add_months(d, -dur.amount);
    case CK_DUR_YEAR: return add_months(d, -12 * dur.amount);
    }
    return d;
}

ck_date ck_date_plus(ck_date d, ck_duration dur)
{
    switch (dur.unit) {
    case CK_DUR_HOUR: return (ck_date){(int32_t)(d.days + dur.amount / 24)};
    case CK_DUR_DAY: return (ck_date){(int32_t)(d.days + dur.amount)};
    case CK_DUR_WEEK: return (ck_date){(int32_t)(d.days + 7 * dur.amount)};
    case CK_DUR_MONTH: return add_months(d, dur.amount);
    case CK_DUR_YEAR: return add_months(d, 12 * dur.amount);
    }
    return d;
}

ck_time_status ck_date_today_utc(ck_date *out)
{
    time_t now = time(NULL);
    if (now == (time_t)-1)
        return CK_TIME_MALFORMED;
    out->days = (int32_t)(now / 86400);
    return CK_TIME_OK;
}

bool ck_date_within(ck_date when, ck_duration dur, ck_date as_of)
{
    return when.days >= ck_date_minus(as_of, dur).days;
}
