/* The forecast: which obligations a record meets today but will not by a later date, and from when. */
#ifndef CK_FORECAST_H
#define CK_FORECAST_H

#include <stdbool.h>

#include "eval.h"

/*
 * The evaluator is a pure function of a record and its as-of date, so the forecast asks it again:
 * as of each date within the horizon on which a date rule's verdict can change (the day after
 * a recorded or derived expiry, the first day a dated value is older than a `within` limit), and
 * keeps, per requirement met today (or covered by an accepted gap), the first date on which it is
 * unmet. Evidence files are judged once, today; later evaluations reuse the verdicts.
 *
 * Everything lives in the record's arena, valid until the record is freed.
 */
typedef struct ck_forecast_item {
    int req;                  /* the requirement */
    ck_date due;              /* the first date on which it is no longer met */
    const ck_finding *then;   /* its first finding as of that date; NULL if it has none of its own */
} ck_forecast_item;

typedef struct ck_forecast {
    ck_date from;             /* today: the date the forecast counts from */
    ck_vec items;             /* ck_forecast_item *, by date, then in the policy's report order (req_order) */
} ck_forecast;

/*
 * Re-evaluates the record as of each date in (today's as-of date, until] on which something can
 * change. opts are the options today's evaluation ran with (a forced tier carries over); today
 * is its result. 0, or -1 when out of memory.
 */
int ck_forecast_record(const ck_policy *policy, ck_record *rec, const ck_result *today, const ck_eval_options *opts,
                       ck_date until, ck_forecast *out);

/*
 * Adds a due-soon finding (severity warning) to res for each item due on or before until, after
 * the findings it has, by date: message and fix are the ones the requirement will have then,
 * with the date. Counts and fingerprints follow. 0, or -1 when out of memory.
 */
int ck_forecast_add_findings(const ck_policy *policy, const ck_forecast *fc, ck_date until, ck_result *res);

/*
 * The dates on which any date rule of the record can change its verdict, within (from, until],
 * sorted and distinct, into *dates (int32_t days, malloc'd; the caller frees). The count, or -1
 * when out of memory. Exposed for the unit tests.
 */
long ck_forecast_dates(const ck_policy *policy, const ck_record *rec, int tier, ck_date from, ck_date until,
                       int32_t **dates);

#endif
