/* The record format a compiled policy accepts, as a JSON Schema (draft 2020-12) editors check records with. */
#include "record_jsonschema.h"

#include <stdbool.h>
#include <string.h>

#include "escape.h"
#include "record.h"
#include "record_schema.h"
#include "textutil.h"
#include "version.h"

/*
 * The schema mirrors the loader (record.c): every key it reads, every type it gives a value,
 * every key it requires, and `additionalProperties: false` wherever it reports an unknown key.
 * Where the loader is more lenient than a mapping of known keys (a null list entry is skipped,
 * a section left empty means none), so is the schema. Names the checker only warns about (an
 * evidence kind or a gap's requirement the policy does not declare) are enums here too: in an
 * editor they are typos, and check reports them as such.
 */

/* ---- writing: indented JSON, strings escaped by ck_json_write_string ---- */

/* Deep enough for the deepest value written below (the levels of a party kind's field: 12). */
enum { JW_MAX_DEPTH = 24 };

typedef struct {
    FILE *out;
    int depth;
    bool empty[JW_MAX_DEPTH]; /* nothing written yet in the open container at this depth */
    bool flat[JW_MAX_DEPTH];  /* the container is written on one line */
    bool after_key;           /* a key was written: its value follows on the same line */
} jw;

/* Before a key or a value: the comma and the line break its container needs. */
static void jw_next(jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->empty[w->depth])
        fputs(w->flat[w->depth] ? ", " : ",", w->out);
    if (!w->flat[w->depth])
        fprintf(w->out, "\n%*s", 2 * w->depth, "");
    w->empty[w->depth] = false;
}

static void jw_open(jw *w, char c, bool flat)
{
    jw_next(w);
    fputc(c, w->out);
    if (w->depth + 1 < JW_MAX_DEPTH)
        w->depth++;
    w->empty[w->depth] = true;
    w->flat[w->depth] = flat;
}

static void jw_close(jw *w, char c)
{
    bool newline = !w->empty[w->depth] && !w->flat[w->depth];
    w->depth--;
    if (newline)
        fprintf(w->out, "\n%*s", 2 * w->depth, "");
    fputc(c, w->out);
}

static void jw_string(jw *w, const char *s)
{
    jw_next(w);
    ck_json_write_string(w->out, s, strlen(s));
}

static void jw_key(jw *w, const char *key)
{
    jw_string(w, key);
    fputs(": ", w->out);
    w->after_key = true;
}

static void obj(jw *w) { jw_open(w, '{', false); }
static void end(jw *w) { jw_close(w, '}'); }

static void key_obj(jw *w, const char *key)
{
    jw_key(w, key);
    obj(w);
}

/* "key": "value", left out when value is NULL (a declaration without a description). */
static void key_str(jw *w, const char *key, const char *value)
{
    if (!value)
        return;
    jw_key(w, key);
    jw_string(w, value);
}

/* "key": a literal (false, a number) */
static void key_raw(jw *w, const char *key, const char *raw)
{
    jw_key(w, key);
    jw_next(w);
    fputs(raw, w->out);
}

/* A list of names of an array of declarations: `name` at offset `off` of each `stride`-byte
 * element, or a plain array of strings (stride sizeof(char *), off 0). */
typedef struct {
    const void *base;
    size_t n, stride, off;
} names;

#define NAMES_OF(arr, count, field) ((names){(arr), (count), sizeof *(arr), offsetof(__typeof__(*(arr)), field)})
#define STRINGS(arr, count) ((names){(arr), (count), sizeof(const char *), 0})

static const char *name_at(names ns, size_t i)
{
    return *(const char *const *)(const void *)((const char *)ns.base + i * ns.stride + ns.off);
}

/* "key": ["a", "b"]: on one line when short, one name a line otherwise. */
static void key_names(jw *w, const char *key, names ns)
{
    size_t width = 0;
    for (size_t i = 0; i < ns.n; i++)
        width += strlen(name_at(ns, i)) + 4;
    jw_key(w, key);
    jw_open(w, '[', width < 72);
    for (size_t i = 0; i < ns.n; i++)
        jw_string(w, name_at(ns, i));
    jw_close(w, ']');
}

/* "type": ["object", "null"] or "type": "object" */
static void key_type(jw *w, const char *type, bool nullable)
{
    if (!nullable) {
        key_str(w, "type", type);
        return;
    }
    const char *both[] = {type, "null"};
    key_names(w, "type", STRINGS(both, 2));
}

/* {"$ref": "#/$defs/DEF"}, with a description beside it when there is one */
static void write_ref(jw *w, const char *def, const char *description)
{
    char ref[64];
    snprintf(ref, sizeof ref, "#/$defs/%s", def);
    jw_open(w, '{', !description); /* a bare reference on one line */
    key_str(w, "$ref", ref);
    key_str(w, "description", description);
    end(w);
}

/* ---- values: the types of the language, as the loader reads them (record.c, typed_value) ---- */

/*
 * The shared definitions values refer to. Text is any scalar (the loader keeps what was written:
 * `section: 12.10` is the text "12.10"), but never null and never with a NUL byte. A number is
 * written unquoted; its spelling (at most 15 digits, 6 after the point, no exponent) is beyond a
 * schema, its size is not. A duration is a whole number from 1 to 100000 and a unit; a date is
 * YYYY-MM-DD from year 1000, a day the calendar has (February 29 in leap years only).
 */
static const char *const value_defs[][4] = {
    /* name, type, pattern, what the pattern means (for editors that show it instead of the pattern) */
    {"text", NULL, "^[^\\x00]*$", "text without NUL bytes"},
    {"raw-text", NULL, NULL, NULL},
    {"duration", "string", "^0*([1-9][0-9]{0,4}|100000)(h|d|w|mo|y)$",
     "a duration: a whole number from 1 to 100000 and a unit, h, d, w, mo or y (24h, 30d, 12mo)"},
    {"date", "string",
     "^[1-9][0-9]{3}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$"
     "|^([1-9][0-9](0[48]|[2468][048]|[13579][26])|(1[26]|[2468][048]|[3579][26])00)-02-29$",
     "a date written YYYY-MM-DD, a day the calendar has (2026-11-28)"},
    {"sha256", "string", "^[0-9A-Fa-f]{64}$", "a SHA-256 digest: 64 hexadecimal digits, as sha256sum prints it"},
};

static void write_value_defs(jw *w)
{
    for (size_t i = 0; i < sizeof value_defs / sizeof value_defs[0]; i++) {
        const char *const *d = value_defs[i];
        key_obj(w, d[0]);
        if (d[1]) {
            key_str(w, "type", d[1]);
        } else { /* text: any scalar but null */
            const char *scalars[] = {"string", "number", "boolean"};
            key_names(w, "type", STRINGS(scalars, 3));
        }
        key_str(w, "pattern", d[2]);
        /* VS Code's and the YAML language server's message for a value the pattern refuses */
        key_str(w, "patternErrorMessage", d[3]);
        end(w);
    }
    key_obj(w, "clause-section");
    key_str(w, "$ref", "#/$defs/text");
    key_str(w, "description", "where in the contract the clause is (\"12.3\", \"Schedule 2\")");
    end(w);
    key_obj(w, "number");
    key_str(w, "type", "number");
    key_raw(w, "exclusiveMinimum", "-1000000000000000");
    key_raw(w, "exclusiveMaximum", "1000000000000000");
    end(w);
}

/* A value of type t, as a property's schema. */
static void write_value(jw *w, ck_type_info t, const char *description)
{
    static const char *const defs[] = {[CK_TYPE_NUMBER] = "number", [CK_TYPE_STRING] = "text",
                                       [CK_TYPE_DURATION] = "duration", [CK_TYPE_DATE] = "date"};
    if (t.kind != CK_TYPE_BOOL && !ck_type_scaled(t.kind)) {
        write_ref(w, defs[t.kind], description);
        return;
    }
    obj(w);
    if (t.kind == CK_TYPE_BOOL)
        key_str(w, "type", "boolean"); /* unquoted true or false */
    else if (t.scale) /* a level, depth or tier: one of its scale's names, as declared */
        key_names(w, "enum", STRINGS(t.scale->names, t.scale->count));
    key_str(w, "description", description);
    end(w);
}

static const char *field_text(const ck_field *f) { return f->decl ? f->decl->description : NULL; }

/* The declared fields as properties: profile fields, parameters, answers, attributes. A field
 * named `skip` is left out: the loader reads that key as something else. */
static void write_fields(jw *w, const ck_field *fields, size_t n, const char *skip)
{
    for (size_t i = 0; i < n; i++) {
        if (skip && strcmp(fields[i].name, skip) == 0)
            continue;
        jw_key(w, fields[i].name);
        write_value(w, fields[i].type, field_text(&fields[i]));
    }
}

/* A mapping of declared fields and nothing else: a profile, a party kind's fields, answers. */
static void write_field_map(jw *w, const ck_field *fields, size_t n, const char *description)
{
    key_type(w, "object", true);
    key_str(w, "description", description);
    key_obj(w, "properties");
    write_fields(w, fields, n, NULL);
    end(w);
    key_raw(w, "additionalProperties", "false");
}

/* ---- fixed keys whose value names a declaration ---- */

typedef enum { NAMED_EVIDENCE_KIND, NAMED_REQUIREMENT, NAMED_PARTY_KIND } named;

/* The keys of the record schema table that name something the policy declares. The unit test
 * checks each row against the table, so a renamed key cannot leave its names behind. */
static const struct {
    ck_section section;
    const char *key;
    named what;
} named_keys[] = {
    {CK_SECTION_EVIDENCE, "kind", NAMED_EVIDENCE_KIND},
    {CK_SECTION_GAPS, "requirement", NAMED_REQUIREMENT},
    {CK_SECTION_PARTIES, "kind", NAMED_PARTY_KIND},
};

static int named_key(ck_section s, const char *key)
{
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (named_keys[i].section == s && strcmp(named_keys[i].key, key) == 0)
            return (int)i;
    return -1;
}

/* The key that says which kind an entry of section s is (evidence, parties). */
static const char *kind_key(ck_section s)
{
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (named_keys[i].section == s)
            return named_keys[i].key;
    return "kind";
}

static names named_names(const ck_policy *p, named what)
{
    switch (what) {
    case NAMED_EVIDENCE_KIND: return NAMES_OF(p->evidence_kinds, p->nevidence_kinds, name);
    case NAMED_REQUIREMENT: return NAMES_OF(p->reqs, p->nreqs, id);
    case NAMED_PARTY_KIND: return NAMES_OF(p->party_kinds, p->nparty_kinds, name);
    }
    return STRINGS(NULL, 0);
}

static const char *named_title(const ck_policy *p, named what, size_t i)
{
    switch (what) {
    case NAMED_EVIDENCE_KIND: return p->evidence_kinds[i].decl->title;
    case NAMED_REQUIREMENT: return p->reqs[i].title;
    case NAMED_PARTY_KIND: return p->party_kinds[i].decl->title;
    }
    return NULL;
}

/* One of the names, each described by its title (enumDescriptions: shown by VS Code and the
 * YAML language server beside each proposal). */
static void write_named(jw *w, const ck_policy *p, named what)
{
    names ns = named_names(p, what);
    obj(w);
    key_names(w, "enum", ns);
    jw_key(w, "enumDescriptions");
    jw_open(w, '[', false);
    for (size_t i = 0; i < ns.n; i++) {
        const char *title = named_title(p, what, i);
        jw_string(w, title ? title : "");
    }
    jw_close(w, ']');
    end(w);
}

static void write_fixed_key(jw *w, const ck_policy *p, ck_section s, const ck_record_key *k)
{
    int nk = named_key(s, k->name);
    jw_key(w, k->name);
    if (nk >= 0)
        write_named(w, p, named_keys[nk].what);
    else if (k->flags & CK_KEY_SHA256)
        write_ref(w, "sha256", NULL);
    else if (k->flags & CK_KEY_RAW) /* a path with a NUL byte is a finding about the file, not a typo */
        write_ref(w, "raw-text", NULL);
    else
        write_value(w, (ck_type_info){.kind = k->type}, NULL);
}

/* ---- entries discriminated by kind: evidence attributes, a party's fields ---- */

/* "if": the entry's kind is `kind` */
/* Ends an object that allows no keys but those it lists. */
static void end_closed(jw *w)
{
    key_raw(w, "additionalProperties", "false");
    end(w);
}

static void write_if_kind(jw *w, ck_section s, const char *kind)
{
    const char *required[] = {kind_key(s)};
    key_obj(w, "if");
    key_obj(w, "properties");
    key_obj(w, kind_key(s));
    key_str(w, "const", kind);
    end(w);
    end(w);
    key_names(w, "required", STRINGS(required, 1));
    end(w);
}

/* An entry of an allOf list: if its kind is KIND, then its properties are ... (closed by
 * close_then_properties). */
static void open_then_properties(jw *w, ck_section s, const char *kind)
{
    obj(w);
    write_if_kind(w, s, kind);
    key_obj(w, "then");
    key_obj(w, "properties");
}

static void close_then_properties(jw *w)
{
    end(w);
    end(w);
    end(w);
}

/* Whether attribute a of evidence kind k is the first of its name among all kinds' attributes:
 * the union of attribute names lists each once. */
static bool first_attr(const ck_policy *p, size_t k, size_t a)
{
    for (size_t e = 0; e < k; e++)
        if (ck_field_index(p->evidence_kinds[e].attrs, p->evidence_kinds[e].nattrs, p->evidence_kinds[k].attrs[a].name) >= 0)
            return false;
    return true;
}

/* Every kind's attribute names as properties: `false` (refused) for those `except` does not
 * declare, or with no constraint at all when except is NULL (the kind's rule below decides). */
static void write_attr_union(jw *w, const ck_policy *p, const ck_evidence_kind *except)
{
    for (size_t k = 0; k < p->nevidence_kinds; k++)
        for (size_t a = 0; a < p->evidence_kinds[k].nattrs; a++) {
            const char *name = p->evidence_kinds[k].attrs[a].name;
            if (!first_attr(p, k, a) || (except && ck_field_index(except->attrs, except->nattrs, name) >= 0))
                continue;
            if (except) {
                key_raw(w, name, "false");
            } else {
                key_obj(w, name);
                key_str(w, "description", "an attribute its kind declares");
                end(w);
            }
        }
}

/* "if": the entry names none of the kinds that declare attributes (or no kind at all) */
static void write_if_no_attrs(jw *w, const ck_policy *p)
{
    const char *required[] = {kind_key(CK_SECTION_EVIDENCE)};
    key_obj(w, "if");
    key_obj(w, "not");
    key_obj(w, "properties");
    key_obj(w, kind_key(CK_SECTION_EVIDENCE));
    jw_key(w, "enum");
    jw_open(w, '[', false);
    for (size_t k = 0; k < p->nevidence_kinds; k++)
        if (p->evidence_kinds[k].nattrs)
            jw_string(w, p->evidence_kinds[k].name);
    jw_close(w, ']');
    end(w);
    end(w);
    key_names(w, "required", STRINGS(required, 1));
    end(w);
    end(w);
}

/* An evidence entry carries the attributes its kind declares, typed, and no other kind's: the
 * loader reads the kind first and takes only its attributes (an undeclared kind has none). */
static void write_attr_rules(jw *w, const ck_policy *p)
{
    bool any = false;
    for (size_t k = 0; k < p->nevidence_kinds; k++)
        any = any || p->evidence_kinds[k].nattrs > 0;
    if (!any)
        return;
    static const ck_evidence_kind none = {0}; /* declares no attribute: every name is refused */
    jw_key(w, "allOf");
    jw_open(w, '[', false);
    obj(w);
    write_if_no_attrs(w, p);
    key_obj(w, "then");
    key_obj(w, "properties");
    write_attr_union(w, p, &none);
    end(w);
    end(w);
    end(w);
    for (size_t k = 0; k < p->nevidence_kinds; k++) {
        const ck_evidence_kind *ek = &p->evidence_kinds[k];
        if (!ek->nattrs)
            continue;
        open_then_properties(w, CK_SECTION_EVIDENCE, ek->name);
        write_fields(w, ek->attrs, ek->nattrs, NULL);
        write_attr_union(w, p, ek);
        close_then_properties(w);
    }
    jw_close(w, ']');
}

/* A party's profile holds the fields its kind declares; the loader reads no profile of an
 * undeclared kind (its kind is the one problem), so neither does the schema. */
static void write_party_rules(jw *w, const ck_policy *p)
{
    if (!p->nparty_kinds)
        return;
    jw_key(w, "allOf");
    jw_open(w, '[', false);
    for (size_t k = 0; k < p->nparty_kinds; k++) {
        const ck_party_kind *pk = &p->party_kinds[k];
        open_then_properties(w, CK_SECTION_PARTIES, pk->name);
        key_obj(w, ck_section_get(CK_SECTION_PROFILE)->name);
        write_field_map(w, pk->fields, pk->nfields, pk->decl->title);
        end(w);
        close_then_properties(w);
    }
    jw_close(w, ']');
}

/* What a party carries besides its fixed keys: its profile (typed by the kind's rule) and
 * clauses, evidence and parties shaped as the record's own. */
static void write_party_sections(jw *w)
{
    for (size_t i = 0; i < CK_PARTY_NSECTIONS; i++) {
        const char *name = ck_section_get(ck_party_sections[i])->name;
        if (ck_party_sections[i] == CK_SECTION_PROFILE) {
            key_obj(w, name);
            key_str(w, "description", "the fields its kind of party declares");
            end(w);
        } else {
            jw_key(w, name);
            write_ref(w, name, NULL);
        }
    }
}

/* ---- sections ---- */

static bool has_required(ck_section s)
{
    const ck_section_info *si = ck_section_get(s);
    for (size_t k = 0; k < si->nkeys; k++)
        if (si->keys[k].flags & CK_KEY_REQUIRED)
            return true;
    return false;
}

/* A mapping of a section's fixed keys (supplier, contract, an evidence entry, a gap, a party).
 * Null is an empty section, or a list entry the loader skips; a mapping with required keys
 * cannot be empty. */
static void write_entry(jw *w, const ck_policy *p, ck_section s, bool nullable)
{
    const ck_section_info *si = ck_section_get(s);
    obj(w);
    key_type(w, "object", nullable);
    key_obj(w, "properties");
    for (size_t k = 0; k < si->nkeys; k++)
        write_fixed_key(w, p, s, &si->keys[k]);
    if (s == CK_SECTION_EVIDENCE)
        write_attr_union(w, p, NULL);
    else if (s == CK_SECTION_PARTIES)
        write_party_sections(w);
    end(w);
    if (has_required(s)) {
        jw_key(w, "required");
        jw_open(w, '[', true);
        for (size_t k = 0; k < si->nkeys; k++)
            if (si->keys[k].flags & CK_KEY_REQUIRED)
                jw_string(w, si->keys[k].name);
        jw_close(w, ']');
    }
    key_raw(w, "additionalProperties", "false");
    if (s == CK_SECTION_EVIDENCE)
        write_attr_rules(w, p);
    else if (s == CK_SECTION_PARTIES)
        write_party_rules(w, p);
    end(w);
}

/* A section of fixed keys: one mapping, or a list of them (evidence, gaps, parties). */
static void write_fixed_section(jw *w, const ck_policy *p, ck_section s)
{
    if (!ck_section_get(s)->is_list) {
        write_entry(w, p, s, !has_required(s));
        return;
    }
    obj(w);
    key_type(w, "array", true);
    if (s == CK_SECTION_EVIDENCE || s == CK_SECTION_DOCUMENTS) {
        ck_record_limits limits;
        ck_record_limits_default(&limits);
        char max[32];
        snprintf(max, sizeof max, "%zu", s == CK_SECTION_EVIDENCE ? limits.max_evidence : limits.max_documents);
        key_raw(w, "maxItems", max);
    }
    jw_key(w, "items");
    write_entry(w, p, s, true);
    end(w);
}

static void write_profile(jw *w, const ck_policy *p)
{
    obj(w);
    write_field_map(w, p->profile, p->nprofile, "the supplier's risk profile: a field left out is unknown, never false");
    end(w);
}

/* A closed object whose keys are declared names (clauses, questionnaires), each itself a closed
 * object: open_named ... { open_entry ... close_entry } ... close_named. */
static void open_named(jw *w)
{
    obj(w);
    key_type(w, "object", true);
    key_obj(w, "properties");
}

static void open_entry(jw *w, const char *name, const char *description)
{
    key_obj(w, name);
    key_type(w, "object", true);
    key_str(w, "description", description);
    key_obj(w, "properties");
}

/* Closes an entry, or (the same two steps) the object of entries. */
static void close_named(jw *w)
{
    end(w);
    end_closed(w);
}

/* Each clause the policy declares, with its parameters and the section of the contract it is in. */
static void write_clauses(jw *w, const ck_policy *p)
{
    open_named(w);
    for (size_t c = 0; c < p->nclauses; c++) {
        const ck_clause *cl = &p->clauses[c];
        open_entry(w, cl->name, cl->decl->title);
        write_fields(w, cl->params, cl->nparams, CK_CLAUSE_SECTION_KEY);
        /* the keys every clause entry has: its section, the document it is in */
        const ck_section_info *si = ck_section_get(CK_SECTION_CLAUSES);
        for (size_t k = 0; k < si->nkeys; k++) {
            if (strcmp(si->keys[k].name, CK_CLAUSE_SECTION_KEY) == 0) {
                jw_key(w, CK_CLAUSE_SECTION_KEY);
                write_ref(w, "clause-section", NULL);
            } else {
                write_fixed_key(w, p, CK_SECTION_CLAUSES, &si->keys[k]);
            }
        }
        close_named(w);
    }
    close_named(w);
}

/* Each questionnaire the policy declares: the depth it was sent at, its answers, and the fixed
 * keys every questionnaire has (when it was answered). */
static void write_questionnaires(jw *w, const ck_policy *p)
{
    const ck_section_info *si = ck_section_get(CK_SECTION_QUESTIONNAIRES);
    open_named(w);
    for (size_t q = 0; q < p->nquestionnaires; q++) {
        const ck_questionnaire *qn = &p->questionnaires[q];
        open_entry(w, qn->name, qn->decl->title);
        jw_key(w, CK_QUESTIONNAIRE_DEPTH_KEY);
        write_value(w, (ck_type_info){.kind = CK_TYPE_DEPTH, .scale = &qn->depths}, "the depth it was sent at");
        key_obj(w, CK_QUESTIONNAIRE_ANSWERS_KEY);
        write_field_map(w, qn->questions, qn->nquestions, "answers by question");
        end(w);
        for (size_t k = 0; k < si->nkeys; k++)
            write_fixed_key(w, p, CK_SECTION_QUESTIONNAIRES, &si->keys[k]);
        close_named(w);
    }
    close_named(w);
}

/* The sections whose keys the policy declares; the others are written from the table alone. */
static void (*const section_writers[CK_SECTION_COUNT])(jw *w, const ck_policy *p) = {
    [CK_SECTION_PROFILE] = write_profile,
    [CK_SECTION_CLAUSES] = write_clauses,
    [CK_SECTION_QUESTIONNAIRES] = write_questionnaires,
};

static void write_section(jw *w, const ck_policy *p, ck_section s)
{
    if (section_writers[s])
        section_writers[s](w, p);
    else
        write_fixed_section(w, p, s);
}

/* Sections a party carries too are definitions, which a party's own refer to. */
static bool shared(ck_section s)
{
    for (size_t i = 0; i < CK_PARTY_NSECTIONS; i++)
        if (ck_party_sections[i] == s)
            return s != CK_SECTION_PROFILE; /* a party's profile is its kind's fields */
    return false;
}

static void write_header(jw *w, const ck_policy *p)
{
    const ck_decl *h = p->header;
    char title[1024];
    snprintf(title, sizeof title, "Contract record for %s%s%s", h && h->title ? h->title : "the policy",
             h && h->version ? " version " : "", h && h->version ? h->version : "");
    key_str(w, "$schema", "https://json-schema.org/draft/2020-12/schema");
    key_str(w, "$comment", "Generated by clausecheck " CK_VERSION " (clausecheck schema) from the policy; "
                           "regenerate it when the policy changes.");
    key_str(w, "title", title);
    key_str(w, "description", "A supplier contract record, YAML or JSON: see docs/records.md. clausecheck check "
                              "also checks what a schema cannot (spellings, duplicates, limits, evidence files).");
}

int ck_record_jsonschema_write(FILE *out, const ck_policy *p)
{
    jw w = {.out = out};
    obj(&w);
    write_header(&w, p);
    key_str(&w, "type", "object");
    key_obj(&w, "properties");
    for (int s = 0; s < CK_SECTION_COUNT; s++) {
        const char *name = ck_section_get((ck_section)s)->name;
        jw_key(&w, name);
        if (shared((ck_section)s))
            write_ref(&w, name, NULL);
        else
            write_section(&w, p, (ck_section)s);
    }
    end(&w);
    jw_key(&w, "required");
    jw_open(&w, '[', true);
    for (int s = 0; s < CK_SECTION_COUNT; s++)
        if (!ck_section_get((ck_section)s)->is_list && has_required((ck_section)s))
            jw_string(&w, ck_section_get((ck_section)s)->name);
    jw_close(&w, ']');
    key_raw(&w, "additionalProperties", "false");
    key_obj(&w, "$defs");
    write_value_defs(&w);
    for (int s = 0; s < CK_SECTION_COUNT; s++)
        if (shared((ck_section)s)) {
            jw_key(&w, ck_section_get((ck_section)s)->name);
            write_section(&w, p, (ck_section)s);
        }
    end(&w);
    end(&w);
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
