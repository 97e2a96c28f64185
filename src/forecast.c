/* The forecast: re-evaluating a record as of each date on which a verdict can change. */
#include "forecast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Where the record keeps dated values: the record itself (the contract's dates), lists of entries
 * in the record (gaps), its questionnaires (one slot per questionnaire the policy declares), and
 * lists of entries of each subject, that is the supplier and every party behind it (evidence). Every date key of these sections (the record schema's table says which) is
 * a possible change point, so a new date key is found without a change here, and a new section
 * with dates is one more row.
 */
static const struct {
    ck_section section;
    bool list;          /* entries in a ck_vec at offset in ck_record; else the record itself */
    size_t offset;
} record_dates[] = {
    {CK_SECTION_CONTRACT, false, 0},
    {CK_SECTION_GAPS, true, offsetof(ck_record, gaps)},
};

static const struct {
    ck_section section;
    size_t offset;      /* a ck_vec of entries in ck_rec_subject */
} subject_dates[] = {
    {CK_SECTION_EVIDENCE, offsetof(ck_rec_subject, evidence)},
};

/* A growable set of dates (days), malloc'd: the forecast's candidates. */
typedef struct {
    int32_t *days;
    size_t len, cap;
    bool oom;
} day_set;

static void day_add(day_set *s, int32_t day)
{
    if (s->len == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        int32_t *d = realloc(s->days, cap * sizeof *d);
        if (!d) {
            s->oom = true;
            return;
        }
        s->days = d;
        s->cap = cap;
    }
    s->days[s->len++] = day;
}

/* The first as-of date on which `when` is older than dur (ck_date_within turns false). Month
 * arithmetic clamps at month ends, so the guess when + dur is corrected day by day. */
static ck_date leaves_window(ck_date when, ck_duration dur)
{
    ck_date d = ck_date_plus(when, dur);
    for (int i = 0; i < 40 && ck_date_within(when, dur, d); i++)
        d.days++;
    for (int i = 0; i < 40 && !ck_date_within(when, dur, (ck_date){d.days - 1}); i++)
        d.days--;
    return d;
}

/* The `within` limits a requirement's rules read, as they stand at the record's tier. */
static void gather_limits(const ck_scope *sc, const ck_vec *rules, ck_vec *limits, ck_arena *a, bool *oom)
{
    for (size_t i = 0; i < rules->len; i++) {
        const ck_rule *r = rules->items[i];
        const ck_expr *lim[64];
        size_t n = 0;
        if (r->kind == CK_RULE_DATE)
            lim[n++] = r->limit;
        if (r->kind == CK_RULE_QUESTIONNAIRE && r->within)
            lim[n++] = r->within;
        for (size_t q = 0; r->kind == CK_RULE_EVIDENCE && q < r->quals.len && n < 64; q++) {
            const ck_evidence_qual *ql = r->quals.items[q];
            if (ql->kind == CK_EVQ_WITHIN)
                lim[n++] = ql->limit;
        }
        for (size_t k = 0; k < n; k++) {
            ck_value v = ck_scope_value(sc, lim[k]);
            if (!v.present || v.kind != CK_TYPE_DURATION)
                continue;
            /* each distinct limit once: every date of the record is tried against each, and a
             * policy writes `within 12mo` in many rules */
            bool seen = false;
            for (size_t j = 0; j < limits->len && !seen; j++) {
                const ck_duration *had = limits->items[j];
                seen = had->amount == v.u.duration.amount && had->unit == v.u.duration.unit;
            }
            if (seen)
                continue;
            ck_duration *d = ck_arena_alloc(a, sizeof *d);
            if (d)
                *d = v.u.duration;
            *oom = *oom || !d || ck_vec_push(a, limits, d) != 0;
        }
        /* groups and quantifiers over parties hold rules; a choice holds guarded arms */
        if (r->kind != CK_RULE_CHOICE)
            gather_limits(sc, &r->children, limits, a, oom);
        for (size_t k = 0; r->kind == CK_RULE_CHOICE && k < r->children.len; k++) {
            const ck_guard_arm *arm = r->children.items[k];
            ck_vec one = {.items = (void **)&arm->rule, .len = 1};
            gather_limits(sc, &one, limits, a, oom);
        }
    }
}

/* A date of the record: the day after it (an expiry passes) and the first day it is older than
 * each limit are the days a verdict on it can change. */
static void add_date(day_set *s, const ck_value *v, const ck_vec *limits)
{
    if (!v->present || v->kind != CK_TYPE_DATE)
        return;
    day_add(s, v->u.date.days + 1);
    for (size_t i = 0; i < limits->len; i++)
        day_add(s, leaves_window(v->u.date, *(const ck_duration *)limits->items[i]).days);
}

static void add_entry_dates(day_set *s, ck_section section, const void *obj, const ck_vec *limits)
{
    const ck_section_info *si = ck_section_get(section);
    for (size_t k = 0; k < si->nkeys; k++)
        if (si->keys[k].store == CK_STORE_VALUE && si->keys[k].type == CK_TYPE_DATE)
            add_date(s, ck_record_key_value(&si->keys[k], obj), limits);
}

static int cmp_day(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The dates of a subject's entries (evidence and its derived expiry) and of the parties behind it. */
static void add_subject_dates(day_set *s, const ck_policy *p, const ck_rec_subject *sub, const ck_vec *limits)
{
    for (size_t i = 0; i < sizeof subject_dates / sizeof subject_dates[0]; i++) {
        const ck_vec *entries = (const ck_vec *)(const void *)((const char *)sub + subject_dates[i].offset);
        for (size_t e = 0; e < entries->len; e++)
            add_entry_dates(s, subject_dates[i].section, entries->items[e], limits);
    }
    /* An expiry the policy derives (issued + the kind's validity period) is a date too. */
    for (size_t e = 0; e < sub->evidence.len; e++) {
        ck_value exp = ck_evidence_expiry(p, sub->evidence.items[e]);
        add_date(s, &exp, &(ck_vec){0});
    }
    for (size_t i = 0; i < sub->parties.len; i++)
        add_subject_dates(s, p, &((const ck_rec_party *)sub->parties.items[i])->subject, limits);
}

long ck_forecast_dates(const ck_policy *p, const ck_record *rec, int tier, ck_date from, ck_date until,
                       int32_t **dates)
{
    *dates = NULL;
    ck_arena *a = ck_arena_new();
    if (!a)
        return -1;
    ck_scope sc = {.policy = p, .record = rec, .tier = tier};
    ck_vec limits = {0};
    bool oom = false;
    for (size_t r = 0; r < p->nreqs; r++)
        if (tier >= p->reqs[r].tier_lo && tier <= p->reqs[r].tier_hi)
            gather_limits(&sc, &p->reqs[r].decl->rules, &limits, a, &oom);
    day_set s = {0};
    for (size_t i = 0; i < sizeof record_dates / sizeof record_dates[0]; i++) {
        if (!record_dates[i].list) {
            add_entry_dates(&s, record_dates[i].section, rec, &limits);
            continue;
        }
        const ck_vec *entries = (const ck_vec *)(const void *)((const char *)rec + record_dates[i].offset);
        for (size_t e = 0; e < entries->len; e++)
            add_entry_dates(&s, record_dates[i].section, entries->items[e], &limits);
    }
    for (size_t q = 0; q < p->nquestionnaires; q++)
        if (rec->questionnaires[q].present)
            add_entry_dates(&s, CK_SECTION_QUESTIONNAIRES, &rec->questionnaires[q], &limits);
    add_subject_dates(&s, p, &rec->subject, &limits);
    ck_arena_free(a);
    if (oom || s.oom) {
        free(s.days);
        return -1;
    }
    size_t n = 0;
    if (s.len)
        qsort(s.days, s.len, sizeof *s.days, cmp_day);
    for (size_t i = 0; i < s.len; i++)
        if (s.days[i] > from.days && s.days[i] <= until.days && (n == 0 || s.days[n - 1] != s.days[i]))
            s.days[n++] = s.days[i];
    *dates = s.days;
    return (long)n;
}

/* What a requirement will be reported as: the end of its gap's acceptance when an accepted gap
 * covered it, else its first finding (record-level findings come first, then by requirement). */
static const ck_finding *finding_then(const ck_result *res, int req, bool had_gap)
{
    const ck_finding *first = NULL;
    for (size_t i = 0; i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        if (f->req != req)
            continue;
        if (!had_gap || f->kind == CK_FK_GAP_EXPIRED)
            return f;
        if (!first)
            first = f;
    }
    return first;
}

int ck_forecast_record(const ck_policy *p, ck_record *rec, const ck_result *today, const ck_eval_options *opts,
                       ck_date until, ck_forecast *out)
{
    *out = (ck_forecast){.from = opts->as_of};
    int32_t *dates;
    long n = ck_forecast_dates(p, rec, today->tier, opts->as_of, until, &dates);
    if (n < 0)
        return -1;
    /* Requirements held today and not yet seen to fail: the forecast stops when none is left. */
    size_t open = 0;
    bool *held = ck_arena_alloc(rec->arena, p->nreqs + 1);
    for (size_t r = 0; held && r < p->nreqs; r++) {
        ck_outcome o = today->reqs[r].outcome;
        held[r] = o == CK_OUTCOME_MET || o == CK_OUTCOME_GAP_ACCEPTED;
        open += held[r];
    }
    int rc = held ? 0 : -1;
    for (long i = 0; rc == 0 && i < n && open; i++) {
        ck_eval_options at = {.as_of = {dates[i]}, .force_tier = opts->force_tier, .tier = opts->tier,
                              .files_judged = true};
        ck_result then;
        if (ck_eval_record(p, rec, &at, &then) != 0) {
            rc = -1;
            break;
        }
        for (size_t k = 0; k < p->nreqs; k++) {
            size_t r = p->req_order[k]; /* the order of every report */
            if (!held[r] || then.reqs[r].outcome != CK_OUTCOME_UNMET)
                continue;
            ck_forecast_item *it = ck_arena_alloc(rec->arena, sizeof *it);
            if (!it || ck_vec_push(rec->arena, &out->items, it) != 0) {
                rc = -1;
                break;
            }
            *it = (ck_forecast_item){.req = (int)r, .due = at.as_of,
                                     .then = finding_then(&then, (int)r, today->reqs[r].outcome == CK_OUTCOME_GAP_ACCEPTED)};
            held[r] = false;
            open--;
        }
    }
    free(dates);
    return rc;
}

int ck_forecast_add_findings(const ck_policy *p, const ck_forecast *fc, ck_date until, ck_result *res)
{
    ck_arena *a = res->record->arena;
    const ck_record *rec = res->record;
    for (size_t i = 0; i < fc->items.len; i++) {
        const ck_forecast_item *it = fc->items.items[i];
        if (it->due.days > until.days)
            break;
        ck_finding *f = ck_arena_alloc(a, sizeof *f);
        if (!f)
            return -1;
        char due[16];
        ck_date_format(it->due, due);
        int32_t days = it->due.days - fc->from.days;
        const char *when = ck_arena_printf(a, "due %s (in %d day%s)", due, (int)days, days == 1 ? "" : "s");
        f->kind = CK_FK_DUE_SOON;
        f->severity = CK_SEV_WARNING;
        f->req = it->req;
        f->due = it->due;
        f->cause = it->then ? it->then->kind : CK_FK_DUE_SOON;
        f->span = it->then ? it->then->span : rec->span;
        f->message = !when ? NULL
                     : it->then ? ck_arena_printf(a, "%s: %s", when, it->then->message)
                                : ck_arena_printf(a, "%s: no longer met from that date", when);
        f->remediation = it->then && it->then->remediation ? ck_arena_printf(a, "before %s, %s", due, it->then->remediation)
                                                           : NULL;
        if (!f->message || ck_vec_push(a, &res->findings, f) != 0 ||
            ck_finding_fingerprint(rec->supplier_id ? rec->supplier_id : rec->path, p->reqs[it->req].id, f->kind, 0,
                                   f->fingerprint) != 0)
            return -1;
        res->count[f->severity]++;
    }
    return 0;
}
