/* The overview: findings per requirement, the forecast month by month, accepted gaps, evidence status. */
#include "overview.h"

#include <string.h>

#include "expr_print.h"

static const char *const due_class_names[CK_DUE_COUNT] = {
    [CK_DUE_EVIDENCE] = "evidence",
    [CK_DUE_ASSESSMENT] = "reassessment",
    [CK_DUE_GAP] = "gap acceptance",
    [CK_DUE_OTHER] = "other",
};

const char *ck_due_class_name(ck_due_class c) { return (unsigned)c < CK_DUE_COUNT ? due_class_names[c] : "other"; }

ck_due_class ck_due_class_of(ck_finding_kind cause)
{
    switch (cause) {
    case CK_FK_EVIDENCE_EXPIRED:
    case CK_FK_EVIDENCE_STALE:
    case CK_FK_EVIDENCE_MISSING:
    case CK_FK_ALTERNATIVES_UNMET: return CK_DUE_EVIDENCE;
    case CK_FK_ASSESSMENT_OVERDUE:
    case CK_FK_QUESTIONNAIRE_STALE: return CK_DUE_ASSESSMENT;
    case CK_FK_GAP_EXPIRED: return CK_DUE_GAP;
    default: return CK_DUE_OTHER;
    }
}

static const char *const evstat_names[CK_EVSTAT_COUNT] = {
    [CK_EVSTAT_VALID] = "valid",
    [CK_EVSTAT_EXPIRING] = "expires within 12 months",
    [CK_EVSTAT_EXPIRED] = "expired",
    [CK_EVSTAT_NO_EXPIRY] = "no expiry date",
    [CK_EVSTAT_FILE_PROBLEM] = "file problem",
    [CK_EVSTAT_UNKNOWN_KIND] = "unknown kind",
};

const char *ck_evstat_name(ck_evstat s) { return (unsigned)s < CK_EVSTAT_COUNT ? evstat_names[s] : "?"; }

int ck_overview_init(ck_overview *ov, const ck_policy *p, ck_date as_of, ck_arena *arena)
{
    memset(ov, 0, sizeof *ov);
    ov->as_of = as_of;
    for (int m = 0; m <= CK_TIMELINE_MONTHS; m++)
        ov->month_start[m] = ck_date_plus(as_of, (ck_duration){m, CK_DUR_MONTH});
    /* month 0 starts today; ck_date_plus of 0 months is as_of itself */
    ov->per_req = ck_arena_alloc(arena, (p->nreqs + 1) * sizeof *ov->per_req);
    ov->unmet_per_req = ck_arena_alloc(arena, (p->nreqs + 1) * sizeof *ov->unmet_per_req);
    return ov->per_req && ov->unmet_per_req ? 0 : -1;
}

/* The forecast runs to the last day of the twelfth month. */
ck_date ck_overview_until(const ck_overview *ov) { return (ck_date){ov->month_start[CK_TIMELINE_MONTHS].days - 1}; }

static int month_of(const ck_overview *ov, ck_date d)
{
    for (int m = 0; m < CK_TIMELINE_MONTHS; m++)
        if (d.days >= ov->month_start[m].days && d.days < ov->month_start[m + 1].days)
            return m;
    return -1;
}

/* How the tier was decided, in words: the deciding rule and where it is, or why the record is held to it. */
static const char *tier_reason(const ck_policy *p, const ck_result *res, ck_arena *a)
{
    if (res->tier != res->decided_tier)
        return ck_arena_printf(a, "held to tier %s; its profile gives tier %s", p->tiers.names[res->tier],
                               p->tiers.names[res->decided_tier]);
    if (res->tier_uncertain || res->tier_rule < 0)
        return "the highest tier it could be in: the risk profile is incomplete";
    const ck_tier_rule *rule = &p->tier_rules[res->tier_rule];
    ck_linecol lc = ck_source_linecol(rule->decl->span.src, rule->decl->span.start);
    if (!rule->cond)
        return ck_arena_printf(a, "no other tier rule holds (%s:%u)", rule->decl->span.src->path, lc.line);
    char cond[512];
    ck_expr_to_string(rule->cond, cond, sizeof cond);
    return ck_arena_printf(a, "because %s (%s:%u)", cond, rule->decl->span.src->path, lc.line);
}

static int add_view(const ck_overview *ov, const ck_policy *p, const ck_result *res, const ck_forecast *fc,
                    ck_record_view *view)
{
    const ck_record *rec = res->record;
    ck_arena *a = rec->arena;
    const ck_vec *evidence = &rec->subject.evidence; /* the supplier's own; parties' evidence is not listed */
    *view = (ck_record_view){.forecast = fc, .nevidence = evidence->len};
    view->tier_reason = tier_reason(p, res, a);
    view->evidence = ck_arena_alloc(a, (evidence->len + 1) * sizeof *view->evidence);
    if (!view->tier_reason || !view->evidence)
        return -1;
    ck_date until = ck_overview_until(ov);
    for (size_t i = 0; i < evidence->len; i++) {
        ck_evidence_row *row = &view->evidence[i];
        row->entry = evidence->items[i];
        row->expiry = row->entry->kind >= 0 ? ck_evidence_expiry(p, row->entry) : row->entry->expires;
        if (row->entry->kind < 0)
            row->status = CK_EVSTAT_UNKNOWN_KIND;
        else if (row->entry->unusable)
            row->status = CK_EVSTAT_FILE_PROBLEM;
        else if (!row->expiry.present)
            row->status = CK_EVSTAT_NO_EXPIRY;
        else if (row->expiry.u.date.days < ov->as_of.days)
            row->status = CK_EVSTAT_EXPIRED;
        else if (row->expiry.u.date.days < until.days)
            row->status = CK_EVSTAT_EXPIRING;
        else
            row->status = CK_EVSTAT_VALID;
    }
    return 0;
}

/* Accepted gaps, copied: the record is freed before the summary is written. */
static int add_gaps(ck_overview *ov, const ck_policy *p, const ck_result *res, ck_arena *arena)
{
    const ck_record *rec = res->record;
    for (size_t r = 0; r < p->nreqs; r++) {
        const ck_rec_gap *g = rec->gap_of_req[r];
        if (res->reqs[r].outcome != CK_OUTCOME_GAP_ACCEPTED || !g)
            continue;
        ck_overview_gap *og = ck_arena_alloc(arena, sizeof *og);
        if (!og)
            return -1;
        og->supplier = ck_arena_strdup(arena, rec->supplier_id ? rec->supplier_id : rec->path);
        og->path = ck_arena_strdup(arena, rec->path);
        og->req = (int)r;
        og->accepted_by = g->accepted_by ? ck_arena_strdup(arena, g->accepted_by) : NULL;
        og->reason = g->reason ? ck_arena_strdup(arena, g->reason) : NULL;
        og->compensating = g->compensating ? ck_arena_strdup(arena, g->compensating) : NULL;
        og->expires = g->expires.u.date;
        if (!og->supplier || !og->path || ck_vec_push(arena, &ov->gaps, og) != 0)
            return -1;
    }
    return 0;
}

int ck_overview_add(ck_overview *ov, const ck_policy *p, const ck_result *res, const ck_forecast *fc,
                    ck_arena *arena, ck_record_view *view)
{
    for (size_t i = 0; i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        if (f->req >= 0 && f->kind != CK_FK_DUE_SOON)
            ov->per_req[f->req][f->severity]++;
    }
    for (size_t r = 0; r < p->nreqs; r++)
        ov->unmet_per_req[r] += res->reqs[r].outcome == CK_OUTCOME_UNMET;
    for (size_t i = 0; fc && i < fc->items.len; i++) {
        const ck_forecast_item *it = fc->items.items[i];
        int m = month_of(ov, it->due);
        if (m >= 0)
            ov->due[m][ck_due_class_of(it->then ? it->then->kind : CK_FK_DUE_SOON)]++;
    }
    if (add_gaps(ov, p, res, arena) != 0)
        return -1;
    return add_view(ov, p, res, fc, view);
}
