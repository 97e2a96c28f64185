/* Record loading: a YAML/JSON contract record checked against the policy's declarations. */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "textutil.h"

void ck_record_limits_default(ck_record_limits *limits)
{
    ck_yaml_limits_default(&limits->yaml);
    limits->max_evidence = 256;
}

typedef struct loader {
    const ck_policy *p;
    ck_record *rec;
    ck_arena *arena;
    const ck_record_limits *limits;
    bool supplier_id_invalid;   /* given but unusable: already a problem of its own */
} loader;

static void problem(loader *ld, ck_span span, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(loader *ld, ck_span span, const char *hint, const char *fmt, ...)
{
    ck_rec_problem *pr = ck_arena_alloc(ld->arena, sizeof *pr);
    if (!pr)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    pr->span = span;
    pr->message = ck_arena_strdup(ld->arena, buf);
    pr->hint = hint ? ck_arena_strdup(ld->arena, hint) : NULL;
    ck_vec_push(ld->arena, &ld->rec->problems, pr);
}

static void problem_closest(loader *ld, ck_span span, const char *name, const char *const *names, size_t n,
                            const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void problem_closest(loader *ld, ck_span span, const char *name, const char *const *names, size_t n,
                            const char *fmt, ...)
{
    char msg[512], hint[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *close = ck_closest(name, names, n);
    if (close)
        snprintf(hint, sizeof hint, "did you mean '%s'?", close);
    problem(ld, span, close ? hint : NULL, "%s", msg);
}

static bool is_null(const ck_yaml_node *n)
{
    return n->kind == CK_YAML_SCALAR && n->plain && !n->tag &&
           (n->text_len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0);
}

static const char *kind_word(const ck_yaml_node *n)
{
    return n->kind == CK_YAML_MAP ? "a mapping" : n->kind == CK_YAML_SEQ ? "a list" : "a single value";
}

static const char *type_word(ck_type_info t)
{
    switch (t.kind) {
    case CK_TYPE_BOOL: return "true or false";
    case CK_TYPE_NUMBER: return "a whole number";
    case CK_TYPE_STRING: return "text";
    case CK_TYPE_DURATION: return "a duration (e.g. 24h, 30d, 12mo)";
    case CK_TYPE_DATE: return "a date (YYYY-MM-DD)";
    case CK_TYPE_LEVEL: return "a level";
    case CK_TYPE_DEPTH: return "a questionnaire depth";
    case CK_TYPE_TIER: return "a tier";
    }
    return "a value";
}

/* Converts a scalar to a typed value; a problem (and !present, invalid) when it does not fit. */
static ck_value typed_value(loader *ld, const ck_yaml_node *n, ck_type_info t, const char *what)
{
    ck_value v = {.kind = t.kind, .span = n->span, .invalid = true};
    if (n->kind != CK_YAML_SCALAR) {
        problem(ld, n->span, NULL, "%s must be %s, not %s", what, type_word(t), kind_word(n));
        return v;
    }
    if (n->tag && strcmp(n->tag, "tag:yaml.org,2002:str") != 0) {
        problem(ld, n->span, "remove the tag; records use plain values", "%s has a YAML tag '%s', which records do not use",
                what, n->tag);
        return v;
    }
    if (is_null(n)) {
        problem(ld, n->span, "give a value or leave the key out", "%s has no value", what);
        return v;
    }
    if (memchr(n->text, '\0', n->text_len)) {
        problem(ld, n->span, "remove the \\0 escape", "%s contains a NUL byte", what);
        return v;
    }
    if (!ck_utf8_valid(n->text, n->text_len)) {
        problem(ld, n->span, NULL, "%s is not valid UTF-8 text", what);
        return v;
    }
    const char *s = n->text;
    size_t len = n->text_len;
    switch (t.kind) {
    case CK_TYPE_BOOL:
        if (n->plain && strcmp(s, "true") == 0)
            v.u.boolean = true;
        else if (n->plain && strcmp(s, "false") == 0)
            v.u.boolean = false;
        else {
            /* "remove the quotes" would leave a quoted "yes" just as wrong */
            bool word = strcmp(s, "true") == 0 || strcmp(s, "false") == 0;
            problem(ld, n->span, n->plain ? NULL : word ? "remove the quotes" : "write true or false, without quotes",
                    "%s must be true or false, not '%s'", what, s);
            return v;
        }
        break;
    case CK_TYPE_NUMBER: {
        size_t i = (len && s[0] == '-') ? 1 : 0;
        bool digits = i < len && strspn(s + i, "0123456789") == len - i;
        if (!n->plain || !digits || len - i > 15) {
            /* a quoted "21" is text: say so, as the message alone reads as if 21 were wrong */
            problem(ld, n->span, digits && len - i > 15 ? "numbers have at most 15 digits"
                                 : digits ? "remove the quotes" : NULL,
                    "%s must be a whole number, not '%s'", what, s);
            return v;
        }
        v.u.number = strtoll(s, NULL, 10);
        break;
    }
    case CK_TYPE_STRING:
        v.u.string = s;
        break;
    case CK_TYPE_DURATION: {
        ck_time_status st = ck_duration_parse(s, len, &v.u.duration);
        if (st != CK_TIME_OK) {
            problem(ld, n->span, "durations are a whole number and a unit: h, d, w, mo or y (e.g. 24h, 12mo)",
                    st == CK_TIME_OVERFLOW ? "%s is too large a duration: '%s'" : "%s is not a duration: '%s'", what, s);
            return v;
        }
        break;
    }
    case CK_TYPE_DATE: {
        ck_time_status st = ck_date_parse(s, len, &v.u.date);
        if (st != CK_TIME_OK) {
            /* 2026-02-30 is written correctly; telling its author the format would not help */
            problem(ld, n->span, st == CK_TIME_IMPOSSIBLE ? "check the day and month: no such day in the calendar"
                                                          : "dates are written YYYY-MM-DD",
                    st == CK_TIME_IMPOSSIBLE ? "%s is not a real date: '%s'" : "%s is not a date: '%s'", what, s);
            return v;
        }
        break;
    }
    case CK_TYPE_LEVEL:
    case CK_TYPE_DEPTH:
    case CK_TYPE_TIER: {
        int idx = t.scale ? ck_scale_index(t.scale, s) : -1;
        if (idx < 0) {
            char list[256];
            size_t at = 0;
            list[0] = '\0';
            for (size_t i = 0; t.scale && i < t.scale->count && at < sizeof list; i++)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", t.scale->names[i]);
            const char *close = t.scale ? ck_closest(s, t.scale->names, t.scale->count) : NULL;
            char hint[320];
            if (close)
                snprintf(hint, sizeof hint, "did you mean '%s'?", close);
            else
                snprintf(hint, sizeof hint, "one of: %s", list);
            problem(ld, n->span, hint, "%s must be one of the declared values, not '%s'", what, s);
            return v;
        }
        v.u.level = idx;
        break;
    }
    }
    v.present = true;
    v.invalid = false;
    return v;
}

/* Text of a scalar (for ids and names); NULL with a problem otherwise. */
static const char *text_of(loader *ld, const ck_yaml_node *n, const char *what)
{
    ck_value v = typed_value(ld, n, (ck_type_info){.kind = CK_TYPE_STRING}, what);
    return v.present ? v.u.string : NULL;
}

static bool expect_map(loader *ld, const ck_yaml_node *n, const char *what)
{
    if (n->kind == CK_YAML_MAP)
        return true;
    if (is_null(n))
        return false;
    problem(ld, n->span, NULL, "%s must be a mapping of keys to values, not %s", what, kind_word(n));
    return false;
}

typedef struct {
    const char *name;
    ck_type_kind kind;
} fixed_key;

/* Finds key among fixed names; a problem with "did you mean" when absent. */
static int fixed_index(loader *ld, const ck_yaml_node *key, const fixed_key *keys, size_t n, const char *where)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i].name, key->text) == 0)
            return (int)i;
    const char *names[16];
    for (size_t i = 0; i < n && i < 16; i++)
        names[i] = keys[i].name;
    problem_closest(ld, key->span, key->text, names, n, "unknown key '%s' in %s", key->text, where);
    return -1;
}

static const fixed_key supplier_keys[] = {{"id", CK_TYPE_STRING}, {"name", CK_TYPE_STRING}, {"location", CK_TYPE_STRING}};
static const fixed_key contract_keys[] = {{"id", CK_TYPE_STRING},        {"status", CK_TYPE_STRING},
                                          {"last_assessed", CK_TYPE_DATE}, {"last_reviewed", CK_TYPE_DATE},
                                          {"signed", CK_TYPE_DATE},        {"title", CK_TYPE_STRING}};
static const fixed_key evidence_keys[] = {{"kind", CK_TYPE_STRING},     {"file", CK_TYPE_STRING},
                                          {"sha256", CK_TYPE_STRING},   {"issued", CK_TYPE_DATE},
                                          {"expires", CK_TYPE_DATE},    {"period_end", CK_TYPE_DATE},
                                          {"last_audit", CK_TYPE_DATE}, {"issuer", CK_TYPE_STRING},
                                          {"independent", CK_TYPE_BOOL}, {"note", CK_TYPE_STRING}};
static const fixed_key gap_keys[] = {{"requirement", CK_TYPE_STRING}, {"reason", CK_TYPE_STRING},
                                     {"accepted_by", CK_TYPE_STRING}, {"expires", CK_TYPE_DATE},
                                     {"compensating", CK_TYPE_STRING}};
static const char *const sections[] = {"supplier", "contract", "profile", "clauses", "evidence", "questionnaires", "gaps"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void load_supplier(loader *ld, const ck_yaml_node *map)
{
    if (!expect_map(ld, map, "supplier"))
        return;
    for (size_t i = 0; i < map->count; i++) {
        int k = fixed_index(ld, map->keys[i], supplier_keys, COUNT(supplier_keys), "supplier");
        const char *t = k >= 0 ? text_of(ld, map->values[i], map->keys[i]->text) : NULL;
        if (k == 0) {
            ld->rec->supplier_id = t;
            ld->supplier_id_invalid = !t;
        } else if (k == 1)
            ld->rec->supplier_name = t;
        else if (k == 2)
            ld->rec->location = t;
    }
}

static void load_contract(loader *ld, const ck_yaml_node *map)
{
    if (!expect_map(ld, map, "contract")) {
        /* The dates may be in there, unreadable: that is one problem, not also "no date recorded". */
        for (size_t k = 0; !is_null(map) && k < ck_contract_date_field_count; k++)
            ld->rec->contract_dates[k].invalid = true;
        return;
    }
    for (size_t i = 0; i < map->count; i++) {
        int k = fixed_index(ld, map->keys[i], contract_keys, COUNT(contract_keys), "contract");
        if (k < 0)
            continue;
        ck_value v = typed_value(ld, map->values[i], (ck_type_info){.kind = contract_keys[k].kind},
                                 map->keys[i]->text);
        if (k == 0)
            ld->rec->contract_id = v.present ? v.u.string : NULL;
        else if (k == 1)
            ld->rec->status = v.present ? v.u.string : NULL;
        else if (k >= 2 && k <= 4)
            ld->rec->contract_dates[k - 2] = v;
    }
}

static void load_profile(loader *ld, const ck_yaml_node *map)
{
    if (!expect_map(ld, map, "profile"))
        return;
    const ck_policy *p = ld->p;
    for (size_t i = 0; i < map->count; i++) {
        const ck_yaml_node *key = map->keys[i];
        int f = ck_policy_profile_field(p, key->text);
        if (f < 0) {
            const char **names = ck_arena_alloc(ld->arena, (p->nprofile + 1) * sizeof *names);
            for (size_t k = 0; names && k < p->nprofile; k++)
                names[k] = p->profile[k].name;
            problem_closest(ld, key->span, key->text, names, p->nprofile, "unknown profile field '%s'", key->text);
            continue;
        }
        char what[160];
        snprintf(what, sizeof what, "profile field '%s'", key->text);
        ld->rec->profile[f] = typed_value(ld, map->values[i], p->profile[f].type, what);
    }
}

static void load_clauses(loader *ld, const ck_yaml_node *map)
{
    if (!expect_map(ld, map, "clauses"))
        return;
    const ck_policy *p = ld->p;
    for (size_t i = 0; i < map->count; i++) {
        const ck_yaml_node *key = map->keys[i], *val = map->values[i];
        int c = ck_policy_clause(p, key->text);
        if (c < 0) {
            const char **names = ck_arena_alloc(ld->arena, (p->nclauses + 1) * sizeof *names);
            for (size_t k = 0; names && k < p->nclauses; k++)
                names[k] = p->clauses[k].name;
            problem_closest(ld, key->span, key->text, names, p->nclauses,
                            "clause '%s' is not declared by the policy", key->text);
            continue;
        }
        const ck_clause *cl = &p->clauses[c];
        ck_rec_clause *rc = &ld->rec->clauses[c];
        rc->present = true;
        rc->span = key->span;
        if (is_null(val))
            continue;
        if (!expect_map(ld, val, key->text)) {
            /* The parameters may be in there, unreadable: that is one problem, not also "does not state". */
            for (size_t k = 0; k < cl->nparams; k++)
                rc->params[k].invalid = true;
            continue;
        }
        for (size_t k = 0; k < val->count; k++) {
            const ck_yaml_node *pk = val->keys[k];
            if (strcmp(pk->text, "section") == 0) {
                rc->section = text_of(ld, val->values[k], "section");
                continue;
            }
            int pi = ck_field_index(cl->params, cl->nparams, pk->text);
            if (pi < 0) {
                const char *names[64];
                size_t nn = 0;
                for (size_t j = 0; j < cl->nparams && nn < 63; j++)
                    names[nn++] = cl->params[j].name;
                names[nn++] = "section";
                problem_closest(ld, pk->span, pk->text, names, nn, "clause '%s' has no parameter '%s'", cl->name,
                                pk->text);
                continue;
            }
            char what[160];
            snprintf(what, sizeof what, "parameter '%s'", pk->text);
            rc->params[pi] = typed_value(ld, val->values[k], cl->params[pi].type, what);
        }
    }
}

static void load_evidence(loader *ld, const ck_yaml_node *seq)
{
    if (is_null(seq))
        return;
    if (seq->kind != CK_YAML_SEQ) {
        problem(ld, seq->span, "write one '- { kind: ..., file: ... }' entry per piece of evidence",
                "evidence must be a list, not %s", kind_word(seq));
        return;
    }
    if (seq->count > ld->limits->max_evidence) {
        problem(ld, seq->span, NULL, "too many evidence entries (%zu; the limit is %zu)", seq->count,
                ld->limits->max_evidence);
        return;
    }
    const ck_policy *p = ld->p;
    for (size_t i = 0; i < seq->count; i++) {
        const ck_yaml_node *m = seq->values[i];
        if (!expect_map(ld, m, "an evidence entry"))
            continue;
        ck_rec_evidence *ev = ck_arena_alloc(ld->arena, sizeof *ev);
        if (!ev)
            return;
        ev->kind = -1;
        ev->span = m->span;
        for (size_t k = 0; k < m->count; k++) {
            int fk = fixed_index(ld, m->keys[k], evidence_keys, COUNT(evidence_keys), "an evidence entry");
            if (fk < 0)
                continue;
            const ck_yaml_node *vn = m->values[k];
            if (fk == 1 && vn->kind == CK_YAML_SCALAR && !vn->tag && memchr(vn->text, '\0', vn->text_len)) {
                /* A path with a NUL byte is a hostile path, not a typo: the evidence check
                 * refuses it as evidence-bad-path, with the length kept so it sees the NUL. */
                ev->file = vn->text;
                ev->file_len = vn->text_len;
                ev->file_span = vn->span;
                continue;
            }
            ck_value v = typed_value(ld, vn, (ck_type_info){.kind = evidence_keys[fk].kind}, m->keys[k]->text);
            switch (fk) {
            case 0:
                ev->kind_name = v.present ? v.u.string : NULL;
                ev->kind_span = vn->span;
                break;
            case 1:
                if (v.present) {
                    ev->file = v.u.string;
                    ev->file_len = vn->text_len;
                }
                ev->file_span = vn->span; /* also when invalid: the entry does name a file */
                break;
            case 2:
                if (v.present && (strlen(v.u.string) != 64 || strspn(v.u.string, "0123456789abcdefABCDEF") != 64)) {
                    problem(ld, vn->span, "write the file's SHA-256 as 64 hexadecimal digits (sha256sum prints it)",
                            "sha256 is not a SHA-256 digest");
                    break;
                }
                ev->sha256 = v.present ? v.u.string : NULL;
                break;
            case 3: ev->issued = v; break;
            case 4: ev->expires = v; break;
            case 5: ev->period_end = v; break;
            case 6: ev->last_audit = v; break;
            case 7: ev->issuer = v.present ? v.u.string : NULL; break;
            case 8: ev->independent = v; break;
            default: break;
            }
        }
        if (!ev->kind_name) {
            problem(ld, m->span, "add 'kind:' naming one of the policy's evidence kinds", "evidence entry has no kind");
        } else {
            ev->kind = ck_policy_evidence_kind(p, ev->kind_name);
        }
        ck_vec_push(ld->arena, &ld->rec->evidence, ev);
    }
}

static void load_questionnaire(loader *ld, int q, const ck_yaml_node *key, const ck_yaml_node *m)
{
    const ck_questionnaire *qn = &ld->p->questionnaires[q];
    ck_rec_questionnaire *rq = &ld->rec->questionnaires[q];
    rq->present = true;
    rq->span = key->span;
    if (!expect_map(ld, m, key->text)) {
        /* An unreadable questionnaire is one problem, not also "answered at depth unknown". */
        rq->depth.invalid = !is_null(m);
        return;
    }
    ck_type_info depth = {.kind = CK_TYPE_DEPTH, .scale = &qn->depths};
    for (size_t k = 0; k < m->count; k++) {
        const ck_yaml_node *mk = m->keys[k], *mv = m->values[k];
        if (strcmp(mk->text, "depth") == 0) {
            rq->depth = typed_value(ld, mv, depth, "questionnaire depth");
        } else if (strcmp(mk->text, "answers") == 0) {
            rq->answers_span = mk->span;
            if (!expect_map(ld, mv, "answers")) {
                for (size_t a = 0; !is_null(mv) && a < qn->nquestions; a++)
                    rq->answers[a].invalid = true;
                continue;
            }
            for (size_t a = 0; a < mv->count; a++) {
                int qi = ck_field_index(qn->questions, qn->nquestions, mv->keys[a]->text);
                if (qi < 0) {
                    const char *names[128];
                    size_t nn = 0;
                    for (size_t j = 0; j < qn->nquestions && nn < 128; j++)
                        names[nn++] = qn->questions[j].name;
                    problem_closest(ld, mv->keys[a]->span, mv->keys[a]->text, names, nn,
                                    "questionnaire '%s' has no question '%s'", qn->name, mv->keys[a]->text);
                    continue;
                }
                char what[160];
                snprintf(what, sizeof what, "answer '%s'", mv->keys[a]->text);
                rq->answers[qi] = typed_value(ld, mv->values[a], qn->questions[qi].type, what);
            }
        } else {
            static const char *const names[] = {"depth", "answers"};
            problem_closest(ld, mk->span, mk->text, names, 2, "unknown key '%s' in questionnaire '%s'", mk->text,
                            qn->name);
        }
    }
}

static void load_questionnaires(loader *ld, const ck_yaml_node *map)
{
    if (!expect_map(ld, map, "questionnaires"))
        return;
    const ck_policy *p = ld->p;
    for (size_t i = 0; i < map->count; i++) {
        int q = ck_policy_questionnaire(p, map->keys[i]->text);
        if (q < 0) {
            const char **names = ck_arena_alloc(ld->arena, (p->nquestionnaires + 1) * sizeof *names);
            for (size_t k = 0; names && k < p->nquestionnaires; k++)
                names[k] = p->questionnaires[k].name;
            problem_closest(ld, map->keys[i]->span, map->keys[i]->text, names, p->nquestionnaires,
                            "questionnaire '%s' is not declared by the policy", map->keys[i]->text);
            continue;
        }
        load_questionnaire(ld, q, map->keys[i], map->values[i]);
    }
}

/* The one way a gap joins a record: the list, and the per-requirement lookup the evaluator uses
 * (the first gap for a requirement is the one that counts). */
static void add_gap(ck_record *rec, ck_rec_gap *g)
{
    if (g->req >= 0 && !rec->gap_of_req[g->req])
        rec->gap_of_req[g->req] = g;
    ck_vec_push(rec->arena, &rec->gaps, g);
}

static void load_gaps(loader *ld, const ck_yaml_node *seq)
{
    if (is_null(seq))
        return;
    if (seq->kind != CK_YAML_SEQ) {
        problem(ld, seq->span, NULL, "gaps must be a list, not %s", kind_word(seq));
        return;
    }
    /* ids already declared -> position in rec->gaps: a duplicate is found without a scan, so a
     * record of many gaps costs no more than linear time */
    ck_name_index ids;
    if (ck_name_index_init(&ids, ld->arena, seq->count) != 0)
        return;
    for (size_t i = 0; i < seq->count; i++) {
        const ck_yaml_node *m = seq->values[i];
        if (!expect_map(ld, m, "a gap"))
            continue;
        ck_rec_gap *g = ck_arena_alloc(ld->arena, sizeof *g);
        if (!g)
            return;
        g->req = -1;
        g->span = m->span;
        for (size_t k = 0; k < m->count; k++) {
            int fk = fixed_index(ld, m->keys[k], gap_keys, COUNT(gap_keys), "a gap");
            if (fk < 0)
                continue;
            ck_value v = typed_value(ld, m->values[k], (ck_type_info){.kind = gap_keys[fk].kind}, m->keys[k]->text);
            switch (fk) {
            case 0:
                g->requirement = v.present ? v.u.string : NULL;
                g->span = m->values[k]->span;
                break;
            case 1: g->reason = v.present ? v.u.string : NULL; break;
            case 2: g->accepted_by = v.present ? v.u.string : NULL; break;
            case 3: g->expires = v; break;
            case 4: g->compensating = v.present ? v.u.string : NULL; break;
            default: break;
            }
        }
        if (!g->requirement) {
            problem(ld, m->span, "add 'requirement:' with the id of the requirement not met", "gap names no requirement");
            continue;
        }
        g->req = ck_policy_requirement(ld->p, g->requirement);
        /* Only the first gap for a requirement is used: a second one, perhaps the accepted one,
         * would otherwise be ignored without a word. */
        int prev = ck_name_index_find(&ids, g->requirement);
        if (prev >= 0) {
            const ck_rec_gap *first = ld->rec->gaps.items[prev];
            problem(ld, g->span, "merge the two gaps into one",
                    "a gap for %s is already declared at line %u; only that one is used", g->requirement,
                    ck_source_linecol(first->span.src, first->span.start).line);
            continue;
        }
        ck_name_index_put(&ids, g->requirement, (int)ld->rec->gaps.len);
        add_gap(ld->rec, g);
    }
}

static ck_record *record_new(const ck_policy *p)
{
    ck_arena *arena = ck_arena_new();
    if (!arena)
        return NULL;
    ck_record *rec = ck_arena_alloc(arena, sizeof *rec);
    if (!rec) {
        ck_arena_free(arena);
        return NULL;
    }
    rec->arena = arena;
    rec->profile = ck_arena_alloc(arena, (p->nprofile + 1) * sizeof *rec->profile);
    rec->clauses = ck_arena_alloc(arena, (p->nclauses + 1) * sizeof *rec->clauses);
    rec->questionnaires = ck_arena_alloc(arena, (p->nquestionnaires + 1) * sizeof *rec->questionnaires);
    rec->gap_of_req = ck_arena_alloc(arena, (p->nreqs + 1) * sizeof *rec->gap_of_req);
    bool ok = rec->profile && rec->clauses && rec->questionnaires && rec->gap_of_req;
    for (size_t c = 0; ok && c < p->nclauses; c++) {
        rec->clauses[c].params = ck_arena_alloc(arena, (p->clauses[c].nparams + 1) * sizeof(ck_value));
        ok = rec->clauses[c].params != NULL;
    }
    for (size_t q = 0; ok && q < p->nquestionnaires; q++) {
        rec->questionnaires[q].answers = ck_arena_alloc(arena, (p->questionnaires[q].nquestions + 1) * sizeof(ck_value));
        ok = rec->questionnaires[q].answers != NULL;
    }
    if (!ok) {
        ck_arena_free(arena);
        return NULL;
    }
    return rec;
}

void ck_record_free(ck_record *record)
{
    if (record)
        ck_arena_free(record->arena);
}

int ck_record_load_text(const ck_policy *policy, const char *display_path, const char *text, size_t len,
                        const ck_record_limits *limits, ck_diags *diags, ck_record **out)
{
    *out = NULL;
    ck_record_limits dflt;
    if (!limits) {
        ck_record_limits_default(&dflt);
        limits = &dflt;
    }
    ck_record *rec = record_new(policy);
    if (!rec)
        return -1;
    rec->path = ck_arena_strdup(rec->arena, display_path);
    rec->src = ck_source_from_text(rec->arena, display_path, text, len);
    if (!rec->path || !rec->src) {
        ck_record_free(rec);
        return -1;
    }
    rec->span = (ck_span){rec->src, 0, 0};
    ck_yaml_node *root = NULL;
    if (ck_yaml_load(rec->arena, rec->src, &limits->yaml, &root, diags) != 0) {
        *out = rec; /* the diagnostics point into its text */
        return 1;
    }
    loader ld = {.p = policy, .rec = rec, .arena = rec->arena, .limits = limits};
    if (root->kind != CK_YAML_MAP) {
        rec->span = root->span; /* findings about what it lacks point at it, not at a comment above */
        problem(&ld, root->span, "a record is a mapping with supplier, contract, profile, clauses, ...",
                "record must be a mapping, not %s", kind_word(root));
        *out = rec;
        return 0;
    }
    /* Findings about something absent from an absent section point at the first key, which is
     * real record text, rather than at line 1, which is often a comment. */
    if (root->count)
        rec->span = root->keys[0]->span;
    ck_span supplier_key = rec->span;
    for (size_t i = 0; i < root->count; i++) {
        const ck_yaml_node *key = root->keys[i], *val = root->values[i];
        const char *k = key->text;
        if (strcmp(k, "supplier") == 0)
            supplier_key = key->span;
        else if (strcmp(k, "contract") == 0)
            rec->contract_span = key->span;
        else if (strcmp(k, "profile") == 0)
            rec->profile_span = key->span; /* the key, not the first field, which is not the problem */
        else if (strcmp(k, "clauses") == 0)
            rec->clauses_span = key->span;
        else if (strcmp(k, "evidence") == 0)
            rec->evidence_span = key->span;
        else if (strcmp(k, "questionnaires") == 0)
            rec->questionnaires_span = key->span;
        if (strcmp(k, "supplier") == 0)
            load_supplier(&ld, val);
        else if (strcmp(k, "contract") == 0)
            load_contract(&ld, val);
        else if (strcmp(k, "profile") == 0)
            load_profile(&ld, val);
        else if (strcmp(k, "clauses") == 0)
            load_clauses(&ld, val);
        else if (strcmp(k, "evidence") == 0)
            load_evidence(&ld, val);
        else if (strcmp(k, "questionnaires") == 0)
            load_questionnaires(&ld, val);
        else if (strcmp(k, "gaps") == 0)
            load_gaps(&ld, val);
        else
            problem_closest(&ld, key->span, k, sections, COUNT(sections), "unknown section '%s'", k);
    }
    if (!rec->supplier_id && !ld.supplier_id_invalid)
        problem(&ld, supplier_key, "add 'supplier: { id: ..., name: ... }'", "record has no supplier id");
    *out = rec;
    return 0;
}

int ck_record_load(const ck_policy *policy, const char *path, const char *display_path,
                   const ck_record_limits *limits, ck_diags *diags, ck_record **out)
{
    *out = NULL;
    ck_record_limits dflt;
    if (!limits) {
        ck_record_limits_default(&dflt);
        limits = &dflt;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, display_path, "cannot read record: %s", strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, display_path, "record is not a regular file");
        close(fd);
        return 1;
    }
    size_t max = limits->yaml.max_bytes ? limits->yaml.max_bytes : CK_YAML_DEFAULT_MAX_BYTES;
    if ((size_t)st.st_size > max) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, display_path, "record file is too large (%lld bytes; the limit is %zu)",
                         (long long)st.st_size, max);
        close(fd);
        return 1;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        close(fd);
        return -1;
    }
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + len, (size_t)st.st_size + 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ck_diag_add_path(diags, CK_DIAG_ERROR, display_path, "cannot read record: %s", strerror(errno));
            free(buf);
            close(fd);
            return 1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > (size_t)st.st_size) {
            ck_diag_add_path(diags, CK_DIAG_ERROR, display_path, "record file changed while it was read");
            free(buf);
            close(fd);
            return 1;
        }
    }
    close(fd);
    int rc = ck_record_load_text(policy, display_path, buf, len, limits, diags, out);
    free(buf);
    return rc;
}

/* ---- records described by policy test blocks ---- */

static ck_value expr_value(const ck_expr *e, ck_type_info t)
{
    ck_value v = {.kind = t.kind, .span = e->span, .present = true};
    switch (e->kind) {
    case CK_EX_BOOL: v.u.boolean = e->u.boolean; break;
    case CK_EX_NUMBER: v.u.number = e->u.number; break;
    case CK_EX_STRING: v.u.string = e->u.string; break;
    case CK_EX_DURATION: v.u.duration = e->u.duration; break;
    case CK_EX_DATE: v.u.date = e->u.date; break;
    case CK_EX_NAME:
        if (e->is_level_value) {
            v.u.level = e->ref;
            break;
        }
        v.present = false;
        break;
    default: v.present = false; break;
    }
    return v;
}

static const ck_assign *find_assign(const ck_fact *f, const char *name)
{
    for (size_t i = 0; i < f->assigns.len; i++) {
        const ck_assign *a = f->assigns.items[i];
        if (strcmp(a->name.text, name) == 0)
            return a;
    }
    return NULL;
}

static const char *assign_text(const ck_fact *f, const char *name)
{
    const ck_assign *a = find_assign(f, name);
    return a && a->value->kind == CK_EX_STRING ? a->value->u.string : NULL;
}

static ck_value assign_value(const ck_fact *f, const char *name, ck_type_kind kind)
{
    const ck_assign *a = find_assign(f, name);
    if (!a)
        return (ck_value){.kind = kind};
    return expr_value(a->value, (ck_type_info){.kind = kind});
}

ck_record *ck_record_from_test(const ck_policy *p, const ck_decl *test)
{
    ck_record *rec = record_new(p);
    if (!rec)
        return NULL;
    rec->path = test->span.src->path;
    rec->src = test->span.src;
    rec->span = test->title_span;
    rec->supplier_id = "test";
    for (size_t i = 0; i < test->facts.len; i++) {
        const ck_fact *f = test->facts.items[i];
        switch (f->kind) {
        case CK_FACT_SUPPLIER:
            if (assign_text(f, "id"))
                rec->supplier_id = assign_text(f, "id");
            rec->supplier_name = assign_text(f, "name");
            rec->location = assign_text(f, "location");
            break;
        case CK_FACT_CONTRACT:
            rec->contract_id = assign_text(f, "id");
            rec->status = assign_text(f, "status");
            for (size_t k = 0; k < ck_contract_date_field_count; k++)
                rec->contract_dates[k] = assign_value(f, ck_contract_date_fields[k], CK_TYPE_DATE);
            break;
        case CK_FACT_PROFILE:
            rec->profile_span = f->span;
            for (size_t k = 0; k < f->assigns.len; k++) {
                const ck_assign *a = f->assigns.items[k];
                int fi = ck_policy_profile_field(p, a->name.text);
                if (fi >= 0)
                    rec->profile[fi] = expr_value(a->value, p->profile[fi].type);
            }
            break;
        case CK_FACT_CLAUSE: {
            int c = ck_policy_clause(p, f->target.text);
            if (c < 0)
                break;
            rec->clauses[c].present = true;
            rec->clauses[c].span = f->span;
            for (size_t k = 0; k < f->assigns.len; k++) {
                const ck_assign *a = f->assigns.items[k];
                int pi = ck_field_index(p->clauses[c].params, p->clauses[c].nparams, a->name.text);
                if (pi >= 0)
                    rec->clauses[c].params[pi] = expr_value(a->value, p->clauses[c].params[pi].type);
            }
            break;
        }
        case CK_FACT_EVIDENCE: {
            ck_rec_evidence *ev = ck_arena_alloc(rec->arena, sizeof *ev);
            if (!ev)
                break;
            ev->kind_name = f->target.text;
            ev->kind = ck_policy_evidence_kind(p, f->target.text);
            ev->span = f->span;
            ev->file = assign_text(f, "file");
            ev->file_len = ev->file ? strlen(ev->file) : 0;
            ev->file_span = ev->file ? f->span : (ck_span){0}; /* set only when a file is named */
            ev->sha256 = assign_text(f, "sha256");
            ev->issuer = assign_text(f, "issuer");
            ev->issued = assign_value(f, "issued", CK_TYPE_DATE);
            ev->expires = assign_value(f, "expires", CK_TYPE_DATE);
            ev->period_end = assign_value(f, "period_end", CK_TYPE_DATE);
            ev->last_audit = assign_value(f, "last_audit", CK_TYPE_DATE);
            ev->independent = assign_value(f, "independent", CK_TYPE_BOOL);
            ck_vec_push(rec->arena, &rec->evidence, ev);
            break;
        }
        case CK_FACT_QUESTIONNAIRE: {
            int q = ck_policy_questionnaire(p, f->target.text);
            if (q < 0)
                break;
            const ck_questionnaire *qn = &p->questionnaires[q];
            ck_rec_questionnaire *rq = &rec->questionnaires[q];
            rq->present = true;
            rq->span = f->span;
            for (size_t k = 0; k < f->assigns.len; k++) {
                const ck_assign *a = f->assigns.items[k];
                if (strcmp(a->name.text, "depth") == 0) {
                    rq->depth = expr_value(a->value, (ck_type_info){.kind = CK_TYPE_DEPTH, .scale = &qn->depths});
                    continue;
                }
                int qi = ck_field_index(qn->questions, qn->nquestions, a->name.text);
                if (qi >= 0)
                    rq->answers[qi] = expr_value(a->value, qn->questions[qi].type);
            }
            break;
        }
        case CK_FACT_GAP: {
            ck_rec_gap *g = ck_arena_alloc(rec->arena, sizeof *g);
            if (!g)
                break;
            g->requirement = f->target.text;
            g->req = ck_policy_requirement(p, f->target.text);
            g->reason = assign_text(f, "reason");
            g->accepted_by = assign_text(f, "accepted_by");
            g->compensating = assign_text(f, "compensating");
            g->expires = assign_value(f, "expires", CK_TYPE_DATE);
            g->span = f->span;
            add_gap(rec, g);
            break;
        }
        }
    }
    return rec;
}
