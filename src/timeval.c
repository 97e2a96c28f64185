/* Dates and durations: strict parsing, civil-calendar conversion, month-stepping arithmetic. */
#include "timeval.h"

#include <stdio.h>
#include <time.h>

#include "strfmt.h"

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int64_t y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Floor division: C's truncation would put dates before year 0 in month 0 or -11. */
static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

/* Arithmetic can step past what ck_date holds; pinning to the limit keeps every result ordered and defined. */
static ck_date saturate(int64_t days)
{
    if (days > INT32_MAX)
        days = INT32_MAX;
    if (days < INT32_MIN)
        days = INT32_MIN;
    return (ck_date){(int32_t)days};
}

/* Howard Hinnant's days_from_civil, in 64 bits so any year reached by arithmetic converts exactly. */
static int64_t days_from_civil(int64_t y, int m, int64_t d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

ck_date ck_date_from_ymd(int y, int m, int day) { return saturate(days_from_civil(y, m, day)); }

void ck_date_ymd(ck_date date, int *y, int *m, int *d)
{
    int64_t z = (int64_t)date.days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2)); /* |days| < 2^31 keeps the year within about 5.9 million */
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Callers have checked the digits and bounded n, so this cannot overflow. */
static int64_t digits_value(const char *s, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

ck_time_status ck_date_parse(const char *s, size_t len, ck_date *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) || !all_digits(s + 5, 2) ||
        !all_digits(s + 8, 2))
        return CK_TIME_MALFORMED;
    int y = (int)digits_value(s, 4), m = (int)digits_value(s + 5, 2), d = (int)digits_value(s + 8, 2);
    if (y < 1000)
        return CK_TIME_MALFORMED; /* the syntax is four significant digits; 0999 is a typo, not history */
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return CK_TIME_IMPOSSIBLE;
    *out = ck_date_from_ymd(y, m, d);
    return CK_TIME_OK;
}

void ck_date_format(ck_date d, char buf[11])
{
    int y, m, day;
    ck_date_ymd(d, &y, &m, &day);
    /* Ten characters cannot show other years; the nearer bound keeps reports readable and the order right. */
    if (y < 0)
        y = 0, m = 1, day = 1;
    else if (y > 9999)
        y = 9999, m = 12, day = 31;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + day / 10);
    buf[9] = (char)('0' + day % 10);
    buf[10] = '\0';
}

static const char *const unit_names[] = {"h", "d", "w", "mo", "y"};
static const char *const unit_words[] = {"hour", "day", "week", "month", "year"};

static bool unit_ok(ck_dur_unit u) { return (unsigned)u <= (unsigned)CK_DUR_YEAR; }

const char *ck_duration_unit_name(ck_dur_unit u) { return unit_ok(u) ? unit_names[u] : "?"; }

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
    /* Skip leading zeros before counting digits, so 0000007d is fine and 99999999999999999999d cannot overflow. */
    size_t first = 0;
    while (first + 1 < i && s[first] == '0')
        first++;
    if (i - first > 6)
        return CK_TIME_OVERFLOW;
    int64_t amount = digits_value(s + first, i - first);
    if (amount == 0)
        return CK_TIME_MALFORMED;
    if (amount > CK_DURATION_MAX)
        return CK_TIME_OVERFLOW;
    out->amount = amount;
    out->unit = unit;
    return CK_TIME_OK;
}

static size_t snprintf_len(int w) { return w < 0 ? 0 : (size_t)w; }

size_t ck_duration_format(ck_duration d, char *buf, size_t n)
{
    return snprintf_len(ck_snprintf(buf, n, "%lld%s", (long long)d.amount, ck_duration_unit_name(d.unit)));
}

size_t ck_duration_words(ck_duration d, char *buf, size_t n)
{
    const char *word = unit_ok(d.unit) ? unit_words[d.unit] : "?";
    return snprintf_len(ck_snprintf(buf, n, "%lld %s%s", (long long)d.amount, word, d.amount == 1 ? "" : "s"));
}

int64_t ck_duration_minutes(ck_duration d)
{
    /* Month = year / 12 = 30.4375 days, year = 365.25 days: both whole minutes, so 12mo == 1y exactly. */
    static const int64_t per[] = {60, 1440, 10080, 43830, 525960};
    if (!unit_ok(d.unit))
        return 0;
    int64_t k = per[d.unit];
    if (d.amount > INT64_MAX / k)
        return INT64_MAX;
    if (d.amount < INT64_MIN / k)
        return INT64_MIN;
    return d.amount * k;
}

int ck_duration_cmp(ck_duration a, ck_duration b)
{
    int64_t x = ck_duration_minutes(a), y = ck_duration_minutes(b);
    return (x > y) - (x < y);
}

/*
 * Any amount beyond this moves a date past the ends of ck_date in every unit, so
 * clamping to it changes no result and keeps the 64-bit arithmetic below from overflowing.
 */
#define AMOUNT_LIMIT ((int64_t)1 << 40)

static int64_t clamp_amount(int64_t a) { return a > AMOUNT_LIMIT ? AMOUNT_LIMIT : a < -AMOUNT_LIMIT ? -AMOUNT_LIMIT : a; }

static ck_date add_months(ck_date d, int64_t months)
{
    int y, m, day;
    ck_date_ymd(d, &y, &m, &day);
    int64_t total = (int64_t)y * 12 + (m - 1) + months;
    int64_t ny = floor_div(total, 12);
    int nm = (int)(total - ny * 12) + 1;
    int dim = days_in_month(ny, nm);
    return saturate(days_from_civil(ny, nm, day > dim ? dim : day));
}

/*
 * Moves d by a signed number of units. Hours become floor(a / 24) days: forwards
 * that rounds down (36h is 1 day), backwards it rounds the step up (36h before is
 * 2 days before), so a "within" cutoff is never later, never stricter, than the
 * policy wrote.
 */
static ck_date shift(ck_date d, int64_t a, ck_dur_unit unit)
{
    a = clamp_amount(a);
    switch (unit) {
    case CK_DUR_HOUR: return saturate((int64_t)d.days + floor_div(a, 24));
    case CK_DUR_DAY: return saturate((int64_t)d.days + a);
    case CK_DUR_WEEK: return saturate((int64_t)d.days + 7 * a);
    case CK_DUR_MONTH: return add_months(d, a);
    case CK_DUR_YEAR: return add_months(d, 12 * a);
    }
    return d;
}

ck_date ck_date_minus(ck_date d, ck_duration dur) { return shift(d, -clamp_amount(dur.amount), dur.unit); }

ck_date ck_date_plus(ck_date d, ck_duration dur) { return shift(d, dur.amount, dur.unit); }

ck_time_status ck_date_today_utc(ck_date *out)
{
    time_t now = time(NULL);
    if (now == (time_t)-1)
        return CK_TIME_MALFORMED;
    int64_t days = floor_div((int64_t)now, 86400);
    if (days > INT32_MAX || days < INT32_MIN)
        return CK_TIME_OVERFLOW;
    out->days = (int32_t)days;
    return CK_TIME_OK;
}

bool ck_date_within(ck_date when, ck_duration dur, ck_date as_of)
{
    return when.days >= ck_date_minus(as_of, dur).days;
}
