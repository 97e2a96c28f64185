/* The renewal calendar: what falls due across a repository, by date, as iCalendar, text or JSON. */
#include "report_calendar.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "overview.h"
#include "textutil.h"
#include "version.h"

/*
 * Records stream by one at a time and are freed after reporting, while the calendar is sorted by
 * date across all of them: each due-soon finding is copied into the run's arena as an entry, and
 * the entries are written at the end.
 */
typedef struct {
    ck_date due;
    const char *supplier_id, *supplier_name, *contract_id, *path;
    unsigned line, col;
    int req;
    ck_finding_kind cause;
    const char *message, *remediation;
    size_t seq;          /* arrival: a record's due-soon findings come in report order within a date */
    char fingerprint[33];
} cal_entry;

typedef struct {
    ck_vec entries;    /* cal_entry * */
} cal_state;

static const char *dup(ck_arena *a, const char *s) { return s ? ck_arena_strdup(a, s) : NULL; }

static void cal_begin(ck_report *r) { r->state = ck_arena_alloc(r->arena, sizeof(cal_state)); }

static void cal_record(ck_report *r, const ck_result *res)
{
    cal_state *st = r->state;
    const ck_record *rec = res->record;
    for (size_t i = 0; st && i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        if (f->kind != CK_FK_DUE_SOON)
            continue;
        cal_entry *e = ck_arena_alloc(r->arena, sizeof *e);
        if (!e)
            return;
        ck_place at = ck_report_place(&f->span);
        /* the file the finding's line is in: a register row's record path already says its line */
        const char *path = f->span.src ? at.path : rec->path;
        *e = (cal_entry){.due = f->due, .req = f->req, .seq = st->entries.len, .cause = f->cause, .line = at.line, .col = at.col,
                         .supplier_id = dup(r->arena, rec->supplier_id), .supplier_name = dup(r->arena, rec->supplier_name),
                         .contract_id = dup(r->arena, rec->contract_id), .path = dup(r->arena, path),
                         .message = dup(r->arena, f->message), .remediation = dup(r->arena, f->remediation)};
        memcpy(e->fingerprint, f->fingerprint, sizeof e->fingerprint);
        ck_vec_push(r->arena, &st->entries, e);
    }
}

/* By date, then supplier and record path, then as the record reported them (the policy's report order). */
static int cmp_entry(const void *a, const void *b)
{
    const cal_entry *x = *(const cal_entry *const *)a, *y = *(const cal_entry *const *)b;
    if (x->due.days != y->due.days)
        return x->due.days < y->due.days ? -1 : 1;
    int c = strcmp(x->supplier_id ? x->supplier_id : "", y->supplier_id ? y->supplier_id : "");
    if (c)
        return c;
    c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static cal_state *sorted(ck_report *r)
{
    cal_state *st = r->state;
    if (st && st->entries.len)
        qsort(st->entries.items, st->entries.len, sizeof *st->entries.items, cmp_entry);
    return st;
}

/* Unreadable inputs, as "path:line: message", for the calendar to list at its end. */
static void cal_input_error(ck_report *r, const ck_diag *d)
{
    const char *path = d->span.src ? d->span.src->path : d->path ? d->path : "";
    unsigned line = d->span.src ? ck_source_linecol(d->span.src, d->span.start).line : 0;
    char *text = line ? ck_arena_printf(r->arena, "%s:%u: %s", path, line, d->message)
                      : ck_arena_printf(r->arena, "%s: %s", path, d->message);
    if (text)
        ck_vec_push(r->arena, &r->input_errors, text);
}

static const char *who(const cal_entry *e)
{
    return e->supplier_name ? e->supplier_name : e->supplier_id ? e->supplier_id : e->path;
}

/* ---- iCalendar (RFC 5545) ---- */

/*
 * A content line: TEXT values escape backslash, semicolon, comma and newlines; every other unsafe
 * character (controls, which TEXT does not allow, bidi controls, broken UTF-8) is shown in the
 * notation of src/escape.c, its backslash escaped like any other. Lines are folded before 75
 * octets, never inside a UTF-8 sequence or an escape, and end in CRLF.
 */
typedef struct {
    FILE *out;
    size_t col;    /* octets on the current physical line */
} ics_line;

static void ics_raw(ics_line *l, const char *s, size_t n)
{
    if (l->col + n > 75) {
        fputs("\r\n ", l->out);
        l->col = 1;
    }
    fwrite(s, 1, n, l->out);
    l->col += n;
}

static void ics_text(ics_line *l, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    for (size_t i = 0; i < len;) {
        ck_char c = ck_char_at(s + i, len - i);
        char esc[1 + CK_ESCAPE_MAX] = "\\"; /* "\x1b" as TEXT is "\\x1b" */
        if (c.cls == CK_CHAR_PLAIN && (c.cp == '\\' || c.cp == ';' || c.cp == ','))
            ics_raw(l, (char[]){'\\', (char)c.cp}, 2);
        else if (c.cp == '\n' && c.cls != CK_CHAR_INVALID)
            ics_raw(l, "\\n", 2);
        else if (c.cls == CK_CHAR_PLAIN || c.cls == CK_CHAR_TAB)
            ics_raw(l, s + i, c.len);
        else
            ics_raw(l, esc, 1 + ck_escape_notation(esc + 1, s + i, c));
        i += c.len;
    }
}

static void ics_start(ics_line *l, const char *name)
{
    l->col = 0;
    ics_raw(l, name, strlen(name));
}

static void ics_end(ics_line *l) { fputs("\r\n", l->out); }

/* NAME:value, value escaped as TEXT. */
static void ics_prop(ics_line *l, const char *name, const char *value)
{
    ics_start(l, name);
    ics_raw(l, ":", 1);
    ics_text(l, value);
    ics_end(l);
}

static void ics_event(ics_line *l, const ck_policy *p, const cal_entry *e, const char *stamp)
{
    int y, m, d;
    char date[16], next[16], line[128];
    ck_date_ymd(e->due, &y, &m, &d);
    snprintf(date, sizeof date, "%04d%02d%02d", y, m, d);
    ck_date_ymd((ck_date){e->due.days + 1}, &y, &m, &d);
    snprintf(next, sizeof next, "%04d%02d%02d", y, m, d);
    fputs("BEGIN:VEVENT\r\n", l->out);
    fprintf(l->out, "UID:%s@clausecheck\r\nDTSTAMP:%s\r\n", e->fingerprint, stamp);
    fprintf(l->out, "DTSTART;VALUE=DATE:%s\r\nDTEND;VALUE=DATE:%s\r\n", date, next);
    ics_start(l, "SUMMARY:");
    ics_text(l, "Due: ");
    ics_text(l, who(e));
    ics_text(l, ": ");
    ics_text(l, p->reqs[e->req].id);
    ics_text(l, " ");
    ics_text(l, p->reqs[e->req].title);
    ics_text(l, " (renew ");
    ics_text(l, ck_due_class_name(ck_due_class_of(e->cause)));
    ics_text(l, ")");
    ics_end(l);
    ics_start(l, "DESCRIPTION:");
    ics_text(l, e->message);
    if (e->remediation) {
        ics_text(l, "\nTo do: ");
        ics_text(l, e->remediation);
    }
    snprintf(line, sizeof line, ":%u", e->line);
    ics_text(l, "\nRecord: ");
    ics_text(l, e->path);
    ics_text(l, line);
    if (e->supplier_id) {
        ics_text(l, "\nSupplier id: ");
        ics_text(l, e->supplier_id);
    }
    if (e->contract_id) {
        ics_text(l, "\nContract: ");
        ics_text(l, e->contract_id);
    }
    ics_end(l);
    ics_prop(l, "CATEGORIES", ck_due_class_name(ck_due_class_of(e->cause)));
    fputs("TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n", l->out);
}

static void ics_calendar_end(ck_report *r, const ck_summary *s)
{
    (void)s;
    cal_state *st = sorted(r);
    ics_line l = {.out = r->out};
    int y, m, d;
    char stamp[32];
    /* DTSTAMP is required; the as-of date stands in for the clock so that output is reproducible. */
    ck_date_ymd(r->as_of, &y, &m, &d);
    snprintf(stamp, sizeof stamp, "%04d%02d%02dT000000Z", y, m, d);
    fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//clausecheck//clausecheck " CK_VERSION "//EN\r\n"
          "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
          r->out);
    ics_prop(&l, "X-WR-CALNAME", "clausecheck: what falls due");
    for (size_t i = 0; i < r->input_errors.len; i++)
        ics_prop(&l, "X-CLAUSECHECK-UNREADABLE", (const char *)r->input_errors.items[i]);
    for (size_t i = 0; st && i < st->entries.len; i++)
        ics_event(&l, r->policy, st->entries.items[i], stamp);
    fputs("END:VCALENDAR\r\n", r->out);
}

/* ---- text ---- */

/* The entries by date, and the first and last day the calendar covers, as text. */
static cal_state *dated_entries(ck_report *r, char from[16], char until[16])
{
    ck_date_format(r->as_of, from);
    ck_date_format(r->due_until, until);
    return sorted(r);
}

static void text_calendar_end(ck_report *r, const ck_summary *s)
{
    (void)s;
    char from[16], until[16];
    cal_state *st = dated_entries(r, from, until);
    size_t n = st ? st->entries.len : 0;
    fprintf(r->out, "falls due from %s to %s: %zu item%s\n", from, until, n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const cal_entry *e = st->entries.items[i];
        char due[16];
        ck_date_format(e->due, due);
        fprintf(r->out, "\n%s  ", due);
        ck_esc_text(r->out, who(e));
        if (e->supplier_id && e->supplier_name) {
            fputs(" (", r->out);
            ck_esc_text(r->out, e->supplier_id);
            fputc(')', r->out);
        }
        fprintf(r->out, ": %s ", r->policy->reqs[e->req].id);
        ck_esc_text(r->out, r->policy->reqs[e->req].title);
        fprintf(r->out, " [renew %s]\n  ", ck_due_class_name(ck_due_class_of(e->cause)));
        ck_esc_text(r->out, e->path);
        fprintf(r->out, ":%u:%u: ", e->line, e->col);
        ck_esc_text(r->out, e->message);
        fputc('\n', r->out);
        if (e->remediation) {
            fputs("  fix: ", r->out);
            ck_esc_text(r->out, e->remediation);
            fputc('\n', r->out);
        }
    }
    for (size_t i = 0; i < r->input_errors.len; i++) {
        fprintf(r->out, "%sunreadable: ", i ? "" : "\n");
        ck_esc_text(r->out, r->input_errors.items[i]);
        fputc('\n', r->out);
    }
}

/* ---- JSON (docs/calendar.schema.json) ---- */

static void js(FILE *out, const char *s) { ck_json_write_string_or_null(out, s); }

static void json_entry(FILE *out, const ck_policy *p, const cal_entry *e)
{
    char due[16];
    ck_date_format(e->due, due);
    fprintf(out, "{\"due\":\"%s\",\"supplier\":{\"id\":", due);
    js(out, e->supplier_id);
    fputs(",\"name\":", out);
    js(out, e->supplier_name);
    fputs("},\"contract\":", out);
    js(out, e->contract_id);
    fputs(",\"requirement\":{\"id\":", out);
    js(out, p->reqs[e->req].id);
    fputs(",\"title\":", out);
    js(out, p->reqs[e->req].title);
    fputs("},\"renew\":", out);
    js(out, ck_due_class_name(ck_due_class_of(e->cause)));
    fputs(",\"cause\":", out);
    js(out, ck_finding_kind_get(e->cause)->code);
    fputs(",\"location\":{\"path\":", out);
    js(out, e->path);
    fprintf(out, ",\"line\":%u,\"column\":%u},\"message\":", e->line, e->col);
    js(out, e->message);
    fputs(",\"remediation\":", out);
    js(out, e->remediation);
    fprintf(out, ",\"uid\":\"%s@clausecheck\"}", e->fingerprint);
}

static void json_calendar_end(ck_report *r, const ck_summary *s)
{
    (void)s;
    char from[16], until[16];
    cal_state *st = dated_entries(r, from, until);
    fprintf(r->out, "{\"schema_version\":1,\"as_of\":\"%s\",\"until\":\"%s\",\"items\":[", from, until);
    for (size_t i = 0; st && i < st->entries.len; i++) {
        fputs(i ? ",\n" : "\n", r->out);
        json_entry(r->out, r->policy, st->entries.items[i]);
    }
    fputs("],\n\"unreadable\":[", r->out);
    for (size_t i = 0; i < r->input_errors.len; i++) {
        fputs(i ? "," : "", r->out);
        js(r->out, (const char *)r->input_errors.items[i]);
    }
    fputs("]}\n", r->out);
}

/* The calendar keeps only due-soon findings, whose fingerprints (the UIDs) the forecast always
 * computes, so the evaluator need not fingerprint the others. */
static const ck_reporter calendars[] = {
    {"ics", false, cal_begin, cal_record, cal_input_error, ics_calendar_end},
    {"text", false, cal_begin, cal_record, cal_input_error, text_calendar_end},
    {"json", false, cal_begin, cal_record, cal_input_error, json_calendar_end},
};

const ck_reporter *ck_calendar_find(const char *name)
{
    for (size_t i = 0; i < sizeof calendars / sizeof calendars[0]; i++)
        if (strcmp(calendars[i].name, name) == 0)
            return &calendars[i];
    return NULL;
}
