/* Record loading: a YAML/JSON contract record checked against the policy's declarations. */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_tree.h"
#include "strfmt.h"
#include "textutil.h"

void ck_record_limits_default(ck_record_limits *limits)
{
    ck_yaml_limits_default(&limits->yaml);
    limits->max_evidence = 256;
    limits->max_documents = 64;
    limits->max_parties = 10000;
    limits->max_party_depth = 8;
}

typedef struct loader {
    const ck_policy *p;
    ck_record *rec;
    ck_arena *arena;
    const ck_record_limits *limits;
    size_t nparties;            /* party entries read so far, at every depth */
    bool parties_reported;      /* the party limit was reported once */
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
    ck_vformat(buf, sizeof buf, fmt, ap);
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
    ck_vformat(msg, sizeof msg, fmt, ap);
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

/* What a value is, for its problems: kind "field" and name "notify_within" say "field
 * 'notify_within'"; a NULL kind says the name alone. Put into words only when a problem is
 * reported: a record's every value passes through here, and almost all of them are fine. */
typedef struct {
    const char *kind;
    const char *name;
} label;

static const char *label_text(const label *l, char *buf, size_t n)
{
    if (!l->kind)
        return l->name;
    ck_snprintf(buf, n, "%s '%s'", l->kind, l->name);
    return buf;
}
#define LABEL(l) label_text((l), (char[160]){0}, 160)

/* Whether n can hold a value at all: a plain scalar, untagged, not null, NUL-free UTF-8. */
static bool scalar_ok(loader *ld, const ck_yaml_node *n, ck_type_info t, const label *what)
{
    if (n->kind != CK_YAML_SCALAR) {
        problem(ld, n->span, NULL, "%s must be %s, not %s", LABEL(what), type_word(t), kind_word(n));
        return false;
    }
    if (n->tag && strcmp(n->tag, "tag:yaml.org,2002:str") != 0) {
        problem(ld, n->span, "remove the tag; records use plain values", "%s has a YAML tag '%s', which records do not use",
                LABEL(what), n->tag);
        return false;
    }
    if (is_null(n)) {
        problem(ld, n->span, "give a value or leave the key out", "%s has no value", LABEL(what));
        return false;
    }
    if (memchr(n->text, '\0', n->text_len)) {
        problem(ld, n->span, "remove the NUL byte (the \\0 escape, in YAML)", "%s contains a NUL byte", LABEL(what));
        return false;
    }
    if (!ck_utf8_valid(n->text, n->text_len)) {
        problem(ld, n->span, NULL, "%s is not valid UTF-8 text", LABEL(what));
        return false;
    }
    return true;
}

static bool read_bool(loader *ld, const ck_yaml_node *n, const label *what, ck_value *v)
{
    const char *s = n->text;
    if (n->plain && (strcmp(s, "true") == 0 || strcmp(s, "false") == 0)) {
        v->u.boolean = s[0] == 't';
        return true;
    }
    /* "remove the quotes" would leave a quoted "yes" just as wrong */
    bool word = strcmp(s, "true") == 0 || strcmp(s, "false") == 0;
    problem(ld, n->span, n->plain ? NULL : word ? "remove the quotes" : "write true or false, without quotes",
            "%s must be true or false, not '%s'", LABEL(what), s);
    return false;
}

static bool read_number(loader *ld, const ck_yaml_node *n, const label *what, ck_value *v)
{
    ck_number_status st = ck_number_parse(n->text, n->text_len, &v->u.number);
    if (n->plain && st == CK_NUMBER_OK)
        return true;
    /* a quoted "21" is text: say so, as the message alone reads as if 21 were wrong */
    problem(ld, n->span,
            st == CK_NUMBER_TOO_LONG ? "numbers have at most 15 digits, 6 of them after the decimal point"
            : st == CK_NUMBER_OK     ? "remove the quotes"
                                     : "write a number as digits, with '-' and a decimal point where needed: -3, 9.5",
            "%s must be a number, not '%s'", LABEL(what), n->text);
    return false;
}

static bool read_duration(loader *ld, const ck_yaml_node *n, const label *what, ck_value *v)
{
    ck_time_status st = ck_duration_parse(n->text, n->text_len, &v->u.duration);
    if (st == CK_TIME_OK)
        return true;
    problem(ld, n->span, "durations are a whole number and a unit: h, d, w, mo or y (e.g. 24h, 12mo)",
            st == CK_TIME_OVERFLOW ? "%s is too large a duration: '%s'" : "%s is not a duration: '%s'", LABEL(what),
            n->text);
    return false;
}

static bool read_date(loader *ld, const ck_yaml_node *n, const label *what, ck_value *v)
{
    ck_time_status st = ck_date_parse(n->text, n->text_len, &v->u.date);
    if (st == CK_TIME_OK)
        return true;
    /* 2026-02-30 is written correctly; telling its author the format would not help */
    problem(ld, n->span, st == CK_TIME_IMPOSSIBLE ? "check the day and month: no such day in the calendar"
                                                  : "dates are written YYYY-MM-DD",
            st == CK_TIME_IMPOSSIBLE ? "%s is not a real date: '%s'" : "%s is not a date: '%s'", LABEL(what), n->text);
    return false;
}

/* A level, depth or tier: one of its scale's names. */
static bool read_scaled(loader *ld, const ck_yaml_node *n, ck_type_info t, const label *what, ck_value *v)
{
    const char *s = n->text;
    int idx = t.scale ? ck_scale_index(t.scale, s) : -1;
    if (idx >= 0) {
        v->u.level = idx;
        return true;
    }
    char list[256] = "", hint[320];
    if (t.scale)
        ck_scale_list(t.scale, list, sizeof list);
    const char *close = t.scale ? ck_closest(s, t.scale->names, t.scale->count) : NULL;
    if (close)
        snprintf(hint, sizeof hint, "did you mean '%s'?", close);
    else
        snprintf(hint, sizeof hint, "one of: %s", list);
    problem(ld, n->span, hint, "%s must be one of the declared values, not '%s'", LABEL(what), s);
    return false;
}

/* Converts a scalar to a typed value; a problem (and !present, invalid) when it does not fit. */
static ck_value typed_value(loader *ld, const ck_yaml_node *n, ck_type_info t, const label *what)
{
    ck_value v = {.kind = t.kind, .span = n->span, .invalid = true};
    if (!scalar_ok(ld, n, t, what))
        return v;
    bool ok = false;
    switch (t.kind) {
    case CK_TYPE_BOOL: ok = read_bool(ld, n, what, &v); break;
    case CK_TYPE_NUMBER: ok = read_number(ld, n, what, &v); break;
    case CK_TYPE_STRING:
        v.u.string = n->text;
        ok = true;
        break;
    case CK_TYPE_DURATION: ok = read_duration(ld, n, what, &v); break;
    case CK_TYPE_DATE: ok = read_date(ld, n, what, &v); break;
    case CK_TYPE_LEVEL:
    case CK_TYPE_DEPTH:
    case CK_TYPE_TIER: ok = read_scaled(ld, n, t, what, &v); break;
    }
    v.present = ok;
    v.invalid = !ok;
    return v;
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

static bool is_sha256_hex(const char *s)
{
    return strlen(s) == 64 && strspn(s, "0123456789abcdefABCDEF") == 64;
}

/* One key of a fixed-key mapping into obj, as the record schema says. */
static void load_key(loader *ld, const ck_record_key *k, const ck_yaml_node *key, const ck_yaml_node *vn, void *obj)
{
    char *base = obj;
    if (k->span_offset)
        *(ck_span *)(void *)(base + k->span_offset) = vn->span;
    if ((k->flags & CK_KEY_RAW) && vn->kind == CK_YAML_SCALAR && !vn->tag && memchr(vn->text, '\0', vn->text_len)) {
        /* A path with a NUL byte is a hostile path, not a typo: the evidence check refuses it as
         * evidence-bad-path, with the length kept so it sees the NUL. */
        *(const char **)(void *)(base + k->offset) = vn->text;
        *(size_t *)(void *)(base + k->len_offset) = vn->text_len;
        return;
    }
    ck_value v = typed_value(ld, vn, (ck_type_info){.kind = k->type}, &(label){NULL, key->text});
    if ((k->flags & CK_KEY_SHA256) && v.present && !is_sha256_hex(v.u.string)) {
        problem(ld, vn->span, "write the file's SHA-256 as 64 hexadecimal digits (sha256sum prints it)",
                "sha256 is not a SHA-256 digest");
        return;
    }
    ck_record_key_store(k, obj, &v);
    if (k->len_offset && v.present)
        *(size_t *)(void *)(base + k->len_offset) = vn->text_len;
}

/* Keys an entry carries besides its section's fixed ones: an evidence kind's attributes. */
typedef struct {
    const ck_field *fields;
    size_t n;
    ck_value *values;         /* [n] */
} extra_keys;

/* "unknown key" among the fixed keys, the extra ones and the sub-sections an entry may have. */
static void unknown_key(loader *ld, ck_section s, const ck_yaml_node *key, const extra_keys *extra,
                        const char *const *more, size_t nmore)
{
    const char *names[64];
    size_t n = ck_record_key_names(s, false, false, names);
    for (size_t i = 0; extra && i < extra->n && n < 60; i++)
        names[n++] = extra->fields[i].name;
    for (size_t i = 0; i < nmore && n < 64; i++)
        names[n++] = more[i];
    problem_closest(ld, key->span, key->text, names, n, "unknown key '%s' in %s", key->text, ck_section_get(s)->entry);
}

/* One key of an entry: a fixed key of section s, or one of the extra keys; false when neither. */
static bool load_entry_key(loader *ld, ck_section s, const ck_yaml_node *key, const ck_yaml_node *value, void *obj,
                           const extra_keys *extra)
{
    int k = ck_record_key_find(s, key->text);
    if (k >= 0) {
        load_key(ld, ck_record_key_get(s, k), key, value, obj);
        return true;
    }
    int a = extra ? ck_field_index(extra->fields, extra->n, key->text) : -1;
    if (a < 0)
        return false;
    extra->values[a] = typed_value(ld, value, extra->fields[a].type, &(label){"attribute", key->text});
    return true;
}

/* A mapping of fixed keys (supplier, contract, an evidence entry, a gap) into obj. */
static void load_fixed(loader *ld, ck_section s, const ck_yaml_node *map, void *obj, const extra_keys *extra)
{
    for (size_t i = 0; i < map->count; i++)
        if (!load_entry_key(ld, s, map->keys[i], map->values[i], obj, extra))
            unknown_key(ld, s, map->keys[i], extra, NULL, 0);
}

/* supplier and contract: fixed keys stored in the record itself. */
static void load_record_keys(loader *ld, ck_section s, const ck_yaml_node *map)
{
    const ck_section_info *si = ck_section_get(s);
    if (expect_map(ld, map, si->name)) {
        load_fixed(ld, s, map, ld->rec, NULL);
        return;
    }
    /* The values may be in there, unreadable: that is one problem, not also "no date recorded". */
    for (size_t k = 0; !is_null(map) && k < si->nkeys; k++)
        if (si->keys[k].store == CK_STORE_VALUE)
            ((ck_value *)(void *)((char *)ld->rec + si->keys[k].offset))->invalid = true;
}

static void load_supplier(loader *ld, const ck_yaml_node *map) { load_record_keys(ld, CK_SECTION_SUPPLIER, map); }

static void load_contract(loader *ld, const ck_yaml_node *map) { load_record_keys(ld, CK_SECTION_CONTRACT, map); }

/* A subject's fields: the supplier's profile (kind NULL), or the fields a party kind declares. */
static void load_fields(loader *ld, ck_value *into, const ck_field *fields, size_t n, const char *kind,
                        const ck_yaml_node *map)
{
    if (!expect_map(ld, map, "profile"))
        return;
    for (size_t i = 0; i < map->count; i++) {
        const ck_yaml_node *key = map->keys[i];
        int f = ck_field_index(fields, n, key->text);
        if (f < 0) {
            const char **names = CK_NAMES_OF(ld->arena, fields, n, name);
            if (kind)
                problem_closest(ld, key->span, key->text, names, n, "party kind '%s' has no field '%s'", kind, key->text);
            else
                problem_closest(ld, key->span, key->text, names, n, "unknown profile field '%s'", key->text);
            continue;
        }
        const label what = {kind ? "field" : "profile field", key->text};
        into[f] = typed_value(ld, map->values[i], fields[f].type, &what);
    }
}

static void load_profile(loader *ld, const ck_yaml_node *map)
{
    load_fields(ld, ld->rec->subject.fields, ld->p->profile, ld->p->nprofile, NULL, map);
}

ck_rec_clause *ck_record_clause(ck_arena *arena, const ck_policy *p, ck_rec_subject *s, int c)
{
    if (!s->clauses && !(s->clauses = ck_arena_alloc(arena, (p->nclauses + 1) * sizeof *s->clauses)))
        return NULL;
    ck_rec_clause *rc = &s->clauses[c];
    if (!rc->params && !(rc->params = ck_arena_alloc(arena, (p->clauses[c].nparams + 1) * sizeof *rc->params)))
        return NULL;
    return rc;
}

/* One clause's parameters (and the section of the contract it is in). */
static void load_clause_params(loader *ld, const ck_clause *cl, ck_rec_clause *rc, const ck_yaml_node *key,
                               const ck_yaml_node *val)
{
    if (is_null(val))
        return;
    if (!expect_map(ld, val, key->text)) {
        /* The parameters may be in there, unreadable: that is one problem, not also "does not state". */
        for (size_t k = 0; k < cl->nparams; k++)
            rc->params[k].invalid = true;
        return;
    }
    for (size_t k = 0; k < val->count; k++) {
        const ck_yaml_node *pk = val->keys[k];
        int fixed = ck_record_key_find(CK_SECTION_CLAUSES, pk->text);
        if (fixed >= 0) { /* section, document */
            load_key(ld, ck_record_key_get(CK_SECTION_CLAUSES, fixed), pk, val->values[k], rc);
            continue;
        }
        int pi = ck_field_index(cl->params, cl->nparams, pk->text);
        if (pi < 0) {
            const char *names[64];
            size_t nn = 0;
            for (size_t j = 0; j < cl->nparams && nn < 60; j++)
                names[nn++] = cl->params[j].name;
            nn += ck_record_key_names(CK_SECTION_CLAUSES, false, false, names + nn);
            problem_closest(ld, pk->span, pk->text, names, nn, "clause '%s' has no parameter '%s'", cl->name, pk->text);
            continue;
        }
        rc->params[pi] = typed_value(ld, val->values[k], cl->params[pi].type, &(label){"parameter", pk->text});
    }
}

static void load_subject_clauses(loader *ld, ck_rec_subject *s, const ck_yaml_node *map)
{
    if (!expect_map(ld, map, "clauses"))
        return;
    const ck_policy *p = ld->p;
    for (size_t i = 0; i < map->count; i++) {
        const ck_yaml_node *key = map->keys[i];
        int c = ck_policy_clause(p, key->text);
        if (c < 0) {
            const char **names = CK_NAMES_OF(ld->arena, p->clauses, p->nclauses, name);
            problem_closest(ld, key->span, key->text, names, p->nclauses, "clause '%s' is not declared by the policy",
                            key->text);
            continue;
        }
        ck_rec_clause *rc = ck_record_clause(ld->arena, p, s, c);
        if (!rc)
            return;
        rc->present = true;
        rc->span = key->span;
        load_clause_params(ld, &p->clauses[c], rc, key, map->values[i]);
    }
}

static void load_clauses(loader *ld, const ck_yaml_node *map) { load_subject_clauses(ld, &ld->rec->subject, map); }

/* One evidence entry: its kind first, as the kind says which attributes it may carry. */
static ck_rec_evidence *load_evidence_entry(loader *ld, const ck_yaml_node *m)
{
    const ck_policy *p = ld->p;
    ck_rec_evidence *ev = ck_arena_alloc(ld->arena, sizeof *ev);
    if (!ev)
        return NULL;
    ev->kind = -1;
    ev->span = m->span;
    const ck_yaml_node *kn = ck_yaml_map_get(m, "kind");
    int kind = kn && kn->kind == CK_YAML_SCALAR && !kn->tag ? ck_policy_evidence_kind(p, kn->text) : -1;
    extra_keys attrs = {0};
    if (kind >= 0 && p->evidence_kinds[kind].nattrs) {
        attrs = (extra_keys){p->evidence_kinds[kind].attrs, p->evidence_kinds[kind].nattrs, NULL};
        attrs.values = ev->attrs = ck_arena_alloc(ld->arena, attrs.n * sizeof *ev->attrs);
        if (!ev->attrs)
            return NULL;
    }
    load_fixed(ld, CK_SECTION_EVIDENCE, m, ev, attrs.values ? &attrs : NULL);
    if (!ev->kind_name)
        problem(ld, m->span, "add 'kind:' naming one of the policy's evidence kinds", "evidence entry has no kind");
    else
        ev->kind = ck_policy_evidence_kind(p, ev->kind_name);
    return ev;
}

static void load_subject_evidence(loader *ld, ck_rec_subject *s, const ck_yaml_node *seq)
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
    for (size_t i = 0; i < seq->count; i++) {
        const ck_yaml_node *m = seq->values[i];
        if (!expect_map(ld, m, "an evidence entry"))
            continue;
        ck_rec_evidence *ev = load_evidence_entry(ld, m);
        if (!ev)
            return;
        ck_vec_push(ld->arena, &s->evidence, ev);
    }
}

static void load_evidence(loader *ld, const ck_yaml_node *seq) { load_subject_evidence(ld, &ld->rec->subject, seq); }

static void load_subject_parties(loader *ld, ck_rec_subject *s, const ck_rec_party *parent, const ck_yaml_node *seq);

/* A party's own keys: kind, id and name, its fields (`profile`), clauses, evidence and parties. */
static void load_party_keys(loader *ld, ck_rec_party *pt, const ck_yaml_node *m)
{
    const char *sub[CK_PARTY_NSECTIONS];
    for (size_t j = 0; j < CK_PARTY_NSECTIONS; j++)
        sub[j] = ck_section_get(ck_party_sections[j])->name;
    const ck_party_kind *k = pt->kind >= 0 ? &ld->p->party_kinds[pt->kind] : NULL;
    for (size_t i = 0; i < m->count; i++) {
        const ck_yaml_node *key = m->keys[i], *val = m->values[i];
        if (load_entry_key(ld, CK_SECTION_PARTIES, key, val, pt, NULL))
            continue;
        int sec = ck_section_find(key->text);
        if (sec == CK_SECTION_PROFILE) {
            pt->subject.fields_span = key->span;
            if (k) /* an undeclared kind's fields have no types: its one problem says so */
                load_fields(ld, pt->subject.fields, k->fields, k->nfields, k->name, val);
        } else if (sec == CK_SECTION_CLAUSES) {
            pt->subject.clauses_span = key->span;
            load_subject_clauses(ld, &pt->subject, val);
        } else if (sec == CK_SECTION_EVIDENCE) {
            pt->subject.evidence_span = key->span;
            load_subject_evidence(ld, &pt->subject, val);
        } else if (sec == CK_SECTION_PARTIES) {
            pt->subject.parties_span = key->span;
            load_subject_parties(ld, &pt->subject, pt, val);
        } else {
            unknown_key(ld, CK_SECTION_PARTIES, key, NULL, sub, CK_PARTY_NSECTIONS);
        }
    }
}

static ck_rec_party *load_party(loader *ld, const ck_yaml_node *m, const ck_rec_party *parent)
{
    const ck_policy *p = ld->p;
    ck_rec_party *pt = ck_arena_alloc(ld->arena, sizeof *pt);
    if (!pt)
        return NULL;
    pt->kind = -1;
    pt->span = m->span;
    pt->parent = parent;
    pt->depth = parent ? parent->depth + 1 : 1;
    const ck_yaml_node *kn = ck_yaml_map_get(m, "kind");
    if (kn && kn->kind == CK_YAML_SCALAR && !kn->tag) {
        pt->kind = ck_policy_party_kind(p, kn->text);
        if (pt->kind < 0) {
            /* a similar name is usually another kind of party: suggest only a slip of the keyboard */
            const char *close = ck_misspelling(kn->text, CK_NAMES_OF(ld->arena, p->party_kinds, p->nparty_kinds, name),
                                               p->nparty_kinds);
            char hint[160];
            if (close)
                snprintf(hint, sizeof hint, "did you mean '%s'?", close);
            problem(ld, kn->span, close ? hint : NULL, "party kind '%s' is not declared by the policy", kn->text);
        }
    }
    size_t nfields = pt->kind >= 0 ? p->party_kinds[pt->kind].nfields : 0;
    if (!(pt->subject.fields = ck_arena_alloc(ld->arena, (nfields + 1) * sizeof *pt->subject.fields)))
        return NULL;
    load_party_keys(ld, pt, m);
    if (!pt->kind_name)
        problem(ld, m->span, "add 'kind:' naming one of the policy's kinds of party", "party entry has no kind");
    if (!pt->id)
        problem(ld, m->span, "add 'id:' so findings can name the party", "party entry has no id");
    return pt;
}

/* The parties listed behind a subject: each entry once per kind and id, within the limits. */
static void load_subject_parties(loader *ld, ck_rec_subject *s, const ck_rec_party *parent, const ck_yaml_node *seq)
{
    unsigned depth = parent ? parent->depth + 1 : 1;
    if (is_null(seq))
        return;
    if (seq->kind != CK_YAML_SEQ) {
        problem(ld, seq->span, "write one '- { kind: ..., id: ... }' entry per party", "parties must be a list, not %s",
                kind_word(seq));
        return;
    }
    if (depth > ld->limits->max_party_depth) {
        problem(ld, seq->span, NULL, "parties are nested too deeply (more than %u levels)", ld->limits->max_party_depth);
        return;
    }
    ck_name_index seen; /* kind and id -> position in s->parties: a repeat is found without a scan */
    if (ck_name_index_init(&seen, ld->arena, seq->count) != 0)
        return;
    for (size_t i = 0; i < seq->count; i++) {
        const ck_yaml_node *m = seq->values[i];
        if (!expect_map(ld, m, "a party"))
            continue;
        if (++ld->nparties > ld->limits->max_parties) {
            if (!ld->parties_reported)
                problem(ld, m->span, NULL, "too many parties (the limit is %zu in a record)", ld->limits->max_parties);
            ld->parties_reported = true;
            return;
        }
        ck_rec_party *pt = load_party(ld, m, parent);
        if (!pt)
            return;
        /* the kind's length first: no kind and id can spell another's, whatever text they hold */
        const char *key = pt->kind_name && pt->id
                              ? ck_arena_printf(ld->arena, "%zu:%s%s", strlen(pt->kind_name), pt->kind_name, pt->id)
                              : NULL;
        int prev = key ? ck_name_index_find(&seen, key) : -1;
        if (prev >= 0) {
            const ck_rec_party *first = s->parties.items[prev];
            problem(ld, m->span, "give each party one entry, with everything it carries",
                    "%s '%s' is already listed at line %u", pt->kind_name, pt->id,
                    ck_source_linecol(first->span.src, first->span.start).line);
            continue;
        }
        if (key)
            ck_name_index_put(&seen, key, (int)s->parties.len);
        ck_vec_push(ld->arena, &s->parties, pt);
    }
}

static void load_parties(loader *ld, const ck_yaml_node *seq) { load_subject_parties(ld, &ld->rec->subject, NULL, seq); }

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
        if (strcmp(mk->text, CK_QUESTIONNAIRE_DEPTH_KEY) == 0) {
            rq->depth = typed_value(ld, mv, depth, &(label){NULL, "questionnaire depth"});
        } else if (strcmp(mk->text, CK_QUESTIONNAIRE_ANSWERS_KEY) == 0) {
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
                rq->answers[qi] =
                    typed_value(ld, mv->values[a], qn->questions[qi].type, &(label){"answer", mv->keys[a]->text});
            }
        } else if (!load_entry_key(ld, CK_SECTION_QUESTIONNAIRES, mk, mv, rq, NULL)) { /* its fixed keys: answered */
            const char *names[8] = {CK_QUESTIONNAIRE_DEPTH_KEY, CK_QUESTIONNAIRE_ANSWERS_KEY};
            size_t nn = 2 + ck_record_key_names(CK_SECTION_QUESTIONNAIRES, false, false, names + 2);
            problem_closest(ld, mk->span, mk->text, names, nn, "unknown key '%s' in questionnaire '%s'", mk->text,
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
            const char **names = CK_NAMES_OF(ld->arena, p->questionnaires, p->nquestionnaires, name);
            problem_closest(ld, map->keys[i]->span, map->keys[i]->text, names, p->nquestionnaires,
                            "questionnaire '%s' is not declared by the policy", map->keys[i]->text);
            continue;
        }
        load_questionnaire(ld, q, map->keys[i], map->values[i]);
    }
}

void ck_record_add_gap(ck_record *rec, ck_rec_gap *g)
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
        load_fixed(ld, CK_SECTION_GAPS, m, g, NULL);
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
        ck_record_add_gap(ld->rec, g);
    }
}

/* The contract documents: each with an id (unique in the record) and a file. */
static void load_documents(loader *ld, const ck_yaml_node *seq)
{
    if (is_null(seq))
        return;
    if (seq->kind != CK_YAML_SEQ) {
        problem(ld, seq->span, "write one '- { id: ..., file: ..., sha256: ... }' entry per document",
                "documents must be a list, not %s", kind_word(seq));
        return;
    }
    if (seq->count > ld->limits->max_documents) {
        problem(ld, seq->span, NULL, "too many documents (%zu; the limit is %zu)", seq->count, ld->limits->max_documents);
        return;
    }
    for (size_t i = 0; i < seq->count; i++) {
        const ck_yaml_node *m = seq->values[i];
        if (!expect_map(ld, m, "a document entry"))
            continue;
        ck_rec_document *doc = ck_arena_alloc(ld->arena, sizeof *doc);
        if (!doc)
            return;
        doc->span = m->span;
        load_fixed(ld, CK_SECTION_DOCUMENTS, m, doc, NULL);
        if (!doc->id) {
            if (!ck_yaml_map_get(m, "id"))
                problem(ld, m->span, "add 'id:' so that clauses can name the document", "document entry has no id");
            continue;
        }
        if (!doc->file && !doc->file_span.src)
            problem(ld, m->span, "add 'file:' with the document's path in the repository", "document '%s' names no file",
                    doc->id);
        const ck_rec_document *first = NULL;
        for (size_t k = 0; k < ld->rec->documents.len && !first; k++)
            if (strcmp(((const ck_rec_document *)ld->rec->documents.items[k])->id, doc->id) == 0)
                first = ld->rec->documents.items[k];
        if (first) {
            problem(ld, doc->id_span, "give each document its own id", "document '%s' is already listed at line %u",
                    doc->id, ck_source_linecol(first->span.src, first->span.start).line);
            continue;
        }
        ck_vec_push(ld->arena, &ld->rec->documents, doc);
    }
}

/* A clause's `document:` names one of the record's documents: linked once everything is loaded,
 * since the documents may come after the clauses. */
static void link_clause_documents(loader *ld, ck_rec_subject *s)
{
    const ck_policy *p = ld->p;
    const ck_vec *docs = &ld->rec->documents;
    for (size_t c = 0; s->clauses && c < p->nclauses; c++) {
        ck_rec_clause *rc = &s->clauses[c];
        if (!rc->present || !rc->document)
            continue;
        for (size_t k = 0; k < docs->len && !rc->doc; k++)
            if (strcmp(((const ck_rec_document *)docs->items[k])->id, rc->document) == 0)
                rc->doc = docs->items[k];
        if (rc->doc)
            continue;
        if (!docs->len) {
            problem(ld, rc->document_span, "list the contract's documents under 'documents:' with their ids",
                    "clause '%s' names document '%s', but the record lists no documents", p->clauses[c].name, rc->document);
            continue;
        }
        const char *names[64];
        size_t n = 0;
        for (size_t k = 0; k < docs->len && n < 64; k++)
            names[n++] = ((const ck_rec_document *)docs->items[k])->id;
        problem_closest(ld, rc->document_span, rc->document, names, n,
                        "clause '%s' names document '%s', which the record does not list", p->clauses[c].name,
                        rc->document);
    }
    for (size_t i = 0; i < s->parties.len; i++)
        link_clause_documents(ld, &((ck_rec_party *)s->parties.items[i])->subject);
}

/* One loader per section of the record schema: a new section is a row here and one there. */
static void (*const section_loaders[CK_SECTION_COUNT])(loader *ld, const ck_yaml_node *value) = {
    [CK_SECTION_SUPPLIER] = load_supplier,   [CK_SECTION_CONTRACT] = load_contract,
    [CK_SECTION_PROFILE] = load_profile,     [CK_SECTION_CLAUSES] = load_clauses,
    [CK_SECTION_EVIDENCE] = load_evidence,   [CK_SECTION_QUESTIONNAIRES] = load_questionnaires,
    [CK_SECTION_GAPS] = load_gaps,           [CK_SECTION_PARTIES] = load_parties,
    [CK_SECTION_DOCUMENTS] = load_documents,
};

ck_record *ck_record_new(const ck_policy *p)
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
    rec->subject.fields = ck_arena_alloc(arena, (p->nprofile + 1) * sizeof *rec->subject.fields);
    rec->questionnaires = ck_arena_alloc(arena, (p->nquestionnaires + 1) * sizeof *rec->questionnaires);
    rec->gap_of_req = ck_arena_alloc(arena, (p->nreqs + 1) * sizeof *rec->gap_of_req);
    bool ok = rec->subject.fields && rec->questionnaires && rec->gap_of_req;
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

/* JSON records get the JSON parser: faster, and its messages speak JSON. */
static bool is_json(const char *path)
{
    size_t n = strlen(path);
    return n >= 5 && strcmp(path + n - 5, ".json") == 0;
}

/* Parses the text, which lives in the record's arena, into rec. 0 (findings about the record are
 * in rec), 1 with diagnostics when it is no record at all, -1 when out of memory. */
/* Where a record's text comes from: the file (path), how reports name the record (a file of its
 * own is named by its path, a register's line by path:line), and the file's lines before it. */
typedef struct {
    const char *path;
    const char *display;
    unsigned line_base;
    bool json;
    bool register_line;  /* a line of a JSON Lines register: only an object is a record */
} text_origin;

/* Gives rec its text (already in its arena) and names; -1 when out of memory. */
static int adopt_text(ck_record *rec, text_origin o, char *text, size_t len)
{
    rec->path = ck_arena_strdup(rec->arena, o.display);
    ck_source *src = ck_source_adopt(rec->arena, o.path, text, len);
    if (!rec->path || !src)
        return -1;
    src->line_base = o.line_base;
    rec->src = src;
    rec->span = (ck_span){rec->src, 0, 0};
    return 0;
}

int ck_record_fill(const ck_policy *policy, ck_record *rec, const ck_yaml_node *root, const ck_record_limits *limits)
{
    loader ld = {.p = policy, .rec = rec, .arena = rec->arena, .limits = limits};
    if (root->kind != CK_YAML_MAP) {
        rec->span = root->span; /* findings about what it lacks point at it, not at a comment above */
        problem(&ld, root->span, "a record is a mapping with supplier, contract, profile, clauses, ...",
                "record must be a mapping, not %s", kind_word(root));
        return 0;
    }
    /* Findings about something absent from an absent section point at the first key, which is
     * real record text, rather than at line 1, which is often a comment. */
    if (root->count)
        rec->span = root->keys[0]->span;
    const char *section_names[CK_SECTION_COUNT];
    for (int k = 0; k < CK_SECTION_COUNT; k++)
        section_names[k] = ck_section_get((ck_section)k)->name;
    for (size_t i = 0; i < root->count; i++) {
        const ck_yaml_node *key = root->keys[i];
        int sec = ck_section_find(key->text);
        if (sec < 0) {
            problem_closest(&ld, key->span, key->text, section_names, CK_SECTION_COUNT, "unknown section '%s'",
                            key->text);
            continue;
        }
        /* Findings about something absent from a section point at its key, not at its first field,
         * which is not the problem. */
        size_t at = ck_section_get((ck_section)sec)->span_offset;
        *(ck_span *)(void *)((char *)rec + at) = key->span;
        section_loaders[sec](&ld, root->values[i]);
    }
    link_clause_documents(&ld, &rec->subject);
    if (!rec->supplier_id && !ck_yaml_map_get(ck_yaml_map_get(root, "supplier"), "id"))
        problem(&ld, rec->supplier_span.src ? rec->supplier_span : rec->span, "add 'supplier: { id: ..., name: ... }'",
                "record has no supplier id");
    return 0;
}

static int load_into(const ck_policy *policy, ck_record *rec, text_origin o, char *text, size_t len,
                     const ck_record_limits *limits, ck_diags *diags)
{
    if (adopt_text(rec, o, text, len) != 0)
        return -1;
    ck_yaml_node *root = NULL;
    int loaded = o.json ? ck_json_load(rec->arena, rec->src, &limits->yaml, &root, diags)
                        : ck_yaml_load(rec->arena, rec->src, &limits->yaml, &root, diags);
    if (loaded != 0)
        return 1; /* the diagnostics point into its text */
    if (o.register_line && root->kind != CK_YAML_MAP) {
        /* a list or a value is not a supplier with nothing recorded: checked as one, it would bury
         * the mistake under a finding for every requirement */
        ck_span at = {root->span.src, root->span.start, root->span.start + 1}; /* its first character */
        ck_diag *d = ck_diag_add(diags, CK_DIAG_ERROR, at, "a register line must be a JSON object, not %s",
                                 kind_word(root));
        ck_diag_hint(diags, d, "each line is one record: {\"supplier\": {\"id\": ...}, \"profile\": {...}, ...}");
        return 1;
    }
    return ck_record_fill(policy, rec, root, limits);
}

ck_record *ck_record_with_text(const ck_policy *policy, const char *path, const char *display, unsigned line_base,
                               const char *text, size_t len)
{
    ck_record *rec = ck_record_new(policy);
    char *copy = rec ? ck_arena_strndup(rec->arena, text, len) : NULL;
    text_origin o = {.path = path, .display = display, .line_base = line_base};
    if (!copy || adopt_text(rec, o, copy, len) != 0) {
        ck_record_free(rec);
        return NULL;
    }
    return rec;
}


/* The caller's limits, or the defaults, filled into *dflt. */
static const ck_record_limits *limits_or_default(const ck_record_limits *limits, ck_record_limits *dflt)
{
    if (limits)
        return limits;
    ck_record_limits_default(dflt);
    return dflt;
}

/* Loads text (kept in rec's arena; NULL when it could not be) into rec and hands rec over in
 * *out; out of memory, rec is freed and -1 returned. */
static int load_kept(const ck_policy *policy, ck_record *rec, text_origin o, char *text, size_t len,
                     const ck_record_limits *limits, ck_diags *diags, ck_record **out)
{
    int rc = text ? load_into(policy, rec, o, text, len, limits, diags) : -1;
    if (rc < 0) {
        ck_record_free(rec);
        return -1;
    }
    *out = rec;
    return rc;
}

/* A record from len bytes of text in memory, copied into its own arena; a line of a register
 * (line > 0) is named "PATH:LINE". */
static int load_copy(const ck_policy *policy, text_origin o, unsigned line, const char *text, size_t len,
                     const ck_record_limits *limits, ck_diags *diags, ck_record **out)
{
    *out = NULL;
    ck_record_limits dflt;
    ck_record *rec = ck_record_new(policy);
    if (!rec)
        return -1;
    char *copy = ck_arena_strndup(rec->arena, text, len);
    if (line > 0 && !(o.display = ck_arena_printf(rec->arena, "%s:%u", o.path, line)))
        copy = NULL;
    return load_kept(policy, rec, o, copy, len, limits_or_default(limits, &dflt), diags, out);
}

int ck_record_load_text(const ck_policy *policy, const char *display_path, const char *text, size_t len,
                        const ck_record_limits *limits, ck_diags *diags, ck_record **out)
{
    text_origin o = {.path = display_path, .display = display_path, .json = is_json(display_path)};
    return load_copy(policy, o, 0, text, len, limits, diags, out);
}

int ck_record_load_line(const ck_policy *policy, const char *path, unsigned line, const char *text, size_t len,
                        const ck_record_limits *limits, ck_diags *diags, ck_record **out)
{
    text_origin o = {.path = path, .line_base = line - 1, .json = true, .register_line = true};
    return load_copy(policy, o, line, text, len, limits, diags, out);
}

/* Reads the whole regular file of size bytes into buf (size + 1 bytes of room): one read() in the
 * usual case, since a read that stops short of what was asked has met the end. 0, or errno, or
 * -1 when the file grew while it was read. */
static int read_whole(int fd, char *buf, size_t size, size_t *len)
{
    *len = 0;
    for (;;) {
        size_t want = size + 1 - *len;
        ssize_t n = read(fd, buf + *len, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        *len += (size_t)n;
        if (*len > size)
            return -1;
        if (n == 0 || (size_t)n < want)
            return 0;
    }
}

int ck_record_load(const ck_policy *policy, const char *path, const char *display_path,
                   const ck_record_limits *limits, ck_diags *diags, ck_record **out)
{
    *out = NULL;
    ck_record_limits dflt;
    limits = limits_or_default(limits, &dflt);
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
    /* read straight into the record's memory: the text is kept, not copied */
    ck_record *rec = ck_record_new(policy);
    char *buf = rec ? ck_arena_alloc(rec->arena, (size_t)st.st_size + 1) : NULL;
    if (!buf) {
        ck_record_free(rec);
        close(fd);
        return -1;
    }
    size_t len;
    int err = read_whole(fd, buf, (size_t)st.st_size, &len);
    close(fd);
    if (err) {
        if (err < 0)
            ck_diag_add_path(diags, CK_DIAG_ERROR, display_path, "record file changed while it was read");
        else
            ck_diag_add_path(diags, CK_DIAG_ERROR, display_path, "cannot read record: %s", strerror(err));
        ck_record_free(rec);
        return 1;
    }
    buf[len] = '\0';
    text_origin o = {.path = display_path, .display = display_path, .json = is_json(display_path)};
    return load_kept(policy, rec, o, buf, len, limits, diags, out);
}
