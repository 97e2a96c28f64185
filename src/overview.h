/* The overview: what a report's summary shows beyond the totals, computed as records stream by. */
#ifndef CK_OVERVIEW_H
#define CK_OVERVIEW_H

#include <stdbool.h>

#include "eval.h"
#include "forecast.h"

/*
 * Reporters compute nothing, so what the HTML report's summary and supplier sections show beyond
 * the findings is computed here, by the run: findings per requirement, the forecast's due dates
 * month by month, the accepted gaps, and per record the status of each evidence entry and how
 * the tier was decided.
 *
 * Ownership: the run-wide ck_overview lives in the run's arena (strings copied, since records are
 * freed as the run goes); a ck_record_view lives in its record's arena, valid while that record is
 * reported.
 */

#define CK_TIMELINE_MONTHS 12

/* What a forecast item is about, for the timeline: the kind of finding the requirement will have. */
typedef enum {
    CK_DUE_EVIDENCE,       /* evidence expires or leaves its freshness window */
    CK_DUE_ASSESSMENT,     /* a contract date (reassessment, review) falls due, or a questionnaire goes stale */
    CK_DUE_GAP,            /* the acceptance of a gap expires */
    CK_DUE_OTHER,
    CK_DUE_COUNT
} ck_due_class;

const char *ck_due_class_name(ck_due_class c);
ck_due_class ck_due_class_of(ck_finding_kind cause);

typedef struct ck_overview_gap {
    const char *supplier;      /* id, else the record's path */
    const char *path;
    int req;
    const char *accepted_by, *reason, *compensating;
    ck_date expires;
} ck_overview_gap;

typedef struct ck_overview {
    ck_date as_of;
    ck_date month_start[CK_TIMELINE_MONTHS + 1]; /* the timeline's months: [as_of, +1mo), ... */
    size_t due[CK_TIMELINE_MONTHS][CK_DUE_COUNT];   /* forecast items per month and class */
    size_t (*per_req)[CK_SEV_COUNT];              /* [nreqs]: findings per requirement and severity (due-soon left out) */
    size_t *unmet_per_req;                        /* [nreqs]: suppliers not meeting it */
    ck_vec gaps;                                  /* ck_overview_gap *, accepted gaps in report order */
} ck_overview;

/* Evidence entry status, as the report's evidence table shows it. */
typedef enum {
    CK_EVSTAT_VALID,          /* not expired, and not within the timeline */
    CK_EVSTAT_EXPIRING,       /* expires within the timeline's twelve months */
    CK_EVSTAT_EXPIRED,
    CK_EVSTAT_NO_EXPIRY,      /* no expiry recorded or derivable */
    CK_EVSTAT_FILE_PROBLEM,   /* its file failed its checks (a record-level finding says how) */
    CK_EVSTAT_UNKNOWN_KIND,
    CK_EVSTAT_COUNT
} ck_evstat;

const char *ck_evstat_name(ck_evstat s);

typedef struct ck_evidence_row {
    const ck_rec_evidence *entry;
    ck_value expiry;           /* recorded or derived; not present when unknown */
    ck_evstat status;
} ck_evidence_row;

typedef struct ck_record_view {
    const char *tier_reason;   /* "because importance >= high (org.policy:12)", or why held to it */
    ck_evidence_row *evidence; /* [record evidence] */
    size_t nevidence;
    const ck_forecast *forecast; /* what falls due within the timeline */
} ck_record_view;

/* 0, or -1 when out of memory; everything in arena. */
int ck_overview_init(ck_overview *ov, const ck_policy *policy, ck_date as_of, ck_arena *arena);
/* The timeline's end: as_of plus twelve months. */
ck_date ck_overview_until(const ck_overview *ov);
/* Adds one record's result and forecast; fills *view for its report. 0, or -1 when out of memory. */
int ck_overview_add(ck_overview *ov, const ck_policy *policy, const ck_result *res, const ck_forecast *fc,
                    ck_arena *arena, ck_record_view *view);

#endif
