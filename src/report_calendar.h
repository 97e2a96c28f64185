/* The renewal calendar (clausecheck calendar): the forecast's due dates across a repository. */
#ifndef CK_REPORT_CALENDAR_H
#define CK_REPORT_CALENDAR_H

#include "report.h"

/*
 * Reporters for a check run with a horizon: they keep the due-soon findings and write them at
 * the end, sorted by date, as "ics" (iCalendar, RFC 5545: one all-day event per item), "text" or
 * "json" (docs/calendar.schema.json). Other findings are not the calendar's business. NULL when
 * name is none of these.
 */
const ck_reporter *ck_calendar_find(const char *name);

#endif
