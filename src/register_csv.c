/* CSV registers: the header row read against the configured mapping, each data row turned into
 * the node tree of the record it stands for (spans on its cells), then checked as a file's tree is.
 *
 * The CSV reader is written here rather than taken from a library: every finding must point at
 * file:line:col of the cell it is about, and the CSV libraries packaged for Debian (libcsv) hand
 * out field text without its position. RFC 4180 is small: fields separated by commas, a field in
 * double quotes may hold commas, line breaks and "" for a quote. */
#include "register_csv.h"

#include <stdlib.h>
#include <string.h>

#include "record_schema.h"
#include "textutil.h"
#include "tree_build.h"

typedef struct {
    ck_section section;
    const char *group;       /* clause, evidence kind or questionnaire; NULL for the fixed sections */
    bool answers;            /* questionnaires.Q.answers.QUESTION */
    const char *leaf;        /* the key; NULL for a clauses.CLAUSE yes/no column */
    size_t column;           /* its index in a row */
    const char *unit;
    size_t order;            /* the mapping's order, to keep the record's keys in it */
} slot;

struct ck_csv_plan {
    ck_arena *arena;
    slot *slots;             /* grouped: by section, then group, then answers */
    size_t nslots;
    size_t nfields;          /* fields in the header row: every data row has as many */
};

/* ---- fields of one row ---- */

typedef struct {
    size_t start, end;       /* the cell in the row's text, quotes included */
    const char *text;        /* its value: unquoted, "" made ", spaces around a bare value trimmed */
    size_t len;
} field;

/* Splits text into at most max fields; returns how many, or -1 with *bad at the offending byte. */
static long split(ck_arena *a, const char *t, size_t len, field *out, size_t max, size_t *bad)
{
    size_t n = 0, i = 0;
    for (;;) {
        if (n == max) {
            *bad = i;
            return -1;
        }
        field *f = &out[n++];
        f->start = i;
        if (i < len && t[i] == '"') {
            char *v = ck_arena_alloc(a, len - i + 1);
            size_t k = 0, q = i++;
            for (;; i++) {
                if (i >= len) {
                    *bad = q; /* the quote never closes */
                    return -1;
                }
                if (t[i] == '"' && i + 1 < len && t[i + 1] == '"')
                    v[k++] = t[i++];
                else if (t[i] == '"')
                    break;
                else
                    v[k++] = t[i];
            }
            f->end = ++i;
            f->text = v;
            f->len = k;
            if (i < len && t[i] != ',') {
                *bad = i; /* text after the closing quote */
                return -1;
            }
        } else {
            size_t s = i;
            while (i < len && t[i] != ',')
                i++;
            f->end = i;
            size_t e = i;
            while (s < e && (t[s] == ' ' || t[s] == '\t'))
                s++;
            while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t'))
                e--;
            f->text = t + s;
            f->len = e - s;
        }
        if (i >= len)
            return (long)n;
        i++; /* the comma */
    }
}

/* ---- the plan ---- */

static ck_diag *mapping_error(ck_diags *diags, const ck_csv_column *c, const char *path, unsigned line,
                              const char *fmt, const char *what)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, c->header, what);
    if (c->at.src)
        return ck_diag_add(diags, CK_DIAG_ERROR, c->at, "%s", msg);
    return ck_diag_add_path(diags, CK_DIAG_ERROR, path, "line %u: %s", line, msg);
}

/* Reads "section.group.leaf" into s; the error's text, or NULL when it names a record key. */
static const char *parse_target(ck_arena *a, const ck_policy *p, const char *target, slot *s)
{
    char *copy = ck_arena_strdup(a, target);
    if (!copy)
        return "out of memory";
    char *part[4] = {0};
    size_t n = 0;
    for (char *tok = copy; tok && n < 4; n++) {
        part[n] = tok;
        tok = strchr(tok, '.');
        if (tok)
            *tok++ = '\0';
    }
    int sec = ck_section_find(part[0]);
    if (sec < 0 || sec == CK_SECTION_GAPS || sec == CK_SECTION_PARTIES)
        return "its target must start with supplier, contract, profile, clauses, evidence or questionnaires";
    s->section = (ck_section)sec;
    switch (s->section) {
    case CK_SECTION_SUPPLIER:
    case CK_SECTION_CONTRACT:
    case CK_SECTION_PROFILE:
        s->leaf = part[1];
        return n == 2 ? NULL : "a supplier, contract or profile target is SECTION.KEY";
    case CK_SECTION_CLAUSES:
        s->group = part[1];
        s->leaf = part[2];
        if (n < 2 || n > 3)
            return "a clause target is clauses.CLAUSE or clauses.CLAUSE.PARAMETER";
        return ck_policy_clause(p, s->group) < 0 ? "the policy declares no such clause" : NULL;
    case CK_SECTION_EVIDENCE:
        s->group = part[1];
        s->leaf = part[2];
        if (n != 3)
            return "an evidence target is evidence.KIND.KEY";
        return ck_policy_evidence_kind(p, s->group) < 0 ? "the policy declares no such evidence kind" : NULL;
    default:
        s->group = part[1];
        s->answers = n == 4 && strcmp(part[2], CK_QUESTIONNAIRE_ANSWERS_KEY) == 0;
        s->leaf = s->answers ? part[3] : part[2];
        /* besides depth and the answers, its fixed keys (answered) come from the record schema */
        if (!(n == 3 && (strcmp(part[2], CK_QUESTIONNAIRE_DEPTH_KEY) == 0 ||
                         ck_record_key_find(CK_SECTION_QUESTIONNAIRES, part[2]) >= 0)) &&
            !s->answers)
            return "a questionnaire target is questionnaires.Q.depth, questionnaires.Q.answered or "
                   "questionnaires.Q.answers.QUESTION";
        return ck_policy_questionnaire(p, s->group) < 0 ? "the policy declares no such questionnaire" : NULL;
    }
}

static int same_group(const slot *a, const slot *b)
{
    if (a->section != b->section)
        return (int)a->section - (int)b->section;
    if (!a->group || !b->group)
        return 0;
    int c = strcmp(a->group, b->group);
    return c ? c : (int)a->answers - (int)b->answers;
}

static int by_group(const void *x, const void *y)
{
    const slot *a = x, *b = y;
    int c = same_group(a, b);
    return c ? c : a->order < b->order ? -1 : a->order > b->order;
}

int ck_csv_plan_make(const ck_csv_mapping *mapping, const ck_policy *policy, const char *path, unsigned line,
                     const char *text, size_t len, ck_diags *diags, ck_csv_plan **out)
{
    *out = NULL;
    ck_csv_plan *plan = calloc(1, sizeof *plan);
    if (!plan || !(plan->arena = ck_arena_new())) {
        free(plan);
        return -1;
    }
    enum { MAX_FIELDS = 4096 };
    field *header = ck_arena_alloc(plan->arena, MAX_FIELDS * sizeof *header);
    plan->slots = ck_arena_alloc(plan->arena, (mapping->ncolumns + 1) * sizeof *plan->slots);
    size_t bad = 0;
    long nf = header && plan->slots ? split(plan->arena, text, len, header, MAX_FIELDS, &bad) : -2;
    int errors = 0;
    if (nf == -2) {
        ck_csv_plan_free(plan);
        return -1;
    }
    if (nf < 0) {
        ck_diag_add_path(diags, CK_DIAG_ERROR, path, "line %u, byte %zu: the header row is not CSV", line, bad + 1);
        ck_csv_plan_free(plan);
        return 1;
    }
    plan->nfields = (size_t)nf;
    for (size_t i = 0; i < mapping->ncolumns; i++) {
        const ck_csv_column *c = &mapping->columns[i];
        slot *s = &plan->slots[plan->nslots];
        *s = (slot){.unit = c->unit, .order = i};
        const char *why = parse_target(plan->arena, policy, c->target, s);
        if (why) {
            mapping_error(diags, c, path, line, "column '%s': %s", why);
            errors++;
            continue;
        }
        size_t k = 0, hlen = strlen(c->header);
        while (k < plan->nfields && !(header[k].len == hlen && memcmp(header[k].text, c->header, hlen) == 0))
            k++;
        if (k == plan->nfields) {
            ck_diag *d = mapping_error(diags, c, path, line, "the CSV header has no column '%s'%s", "");
            ck_diag_hint(diags, d, "the header row of %s (line %u) names the columns; a mapped name must match one exactly",
                         path, line);
            errors++;
            continue;
        }
        s->column = k;
        plan->nslots++;
    }
    if (errors) {
        ck_csv_plan_free(plan);
        return 1;
    }
    qsort(plan->slots, plan->nslots, sizeof *plan->slots, by_group);
    *out = plan;
    return 0;
}

void ck_csv_plan_free(ck_csv_plan *plan)
{
    if (!plan)
        return;
    ck_arena_free(plan->arena);
    free(plan);
}

/* ---- a row's tree ---- */

typedef struct {
    ck_tree_build b;
    const field *cells;
    ck_span row;
} emitter;

static ck_span cell_span(const emitter *m, const field *f) { return ck_tree_span(&m->b, f->start, f->end); }

static int key(emitter *m, const char *name, ck_span at)
{
    return ck_tree_scalar(&m->b, at, name, strlen(name), false, NULL, NULL);
}

static int open_map(emitter *m, ck_span at) { return ck_tree_open(&m->b, CK_YAML_MAP, at, NULL, true, NULL); }
static int close_node(emitter *m) { return ck_tree_close(&m->b, m->row.end, NULL); }

/* A cell's value as a plain scalar (typed as an unquoted YAML value is), with its unit. */
static int value(emitter *m, const slot *s)
{
    const field *f = &m->cells[s->column];
    const char *text = f->text;
    size_t len = f->len;
    size_t digits = 0;
    while (digits < len && (text[digits] >= '0' && text[digits] <= '9'))
        digits++;
    if (s->unit && len && digits == len) {
        char *with = ck_arena_printf(m->b.arena, "%.*s%s", (int)len, text, s->unit);
        if (!with)
            return ck_tree_out_of_memory(&m->b);
        text = with;
        len = strlen(with);
    }
    return ck_tree_scalar(&m->b, cell_span(m, f), text, len, true, NULL, NULL);
}

static bool filled(const emitter *m, const slot *s) { return m->cells[s->column].len > 0; }

/* A yes/no cell of a clauses.CLAUSE column says whether the contract has the clause. */
static bool says_yes(const emitter *m, const slot *s)
{
    const field *f = &m->cells[s->column];
    static const char *const no[] = {"no", "false", "n", "0", "-"};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (f->len == strlen(no[i]) && strncasecmp(f->text, no[i], f->len) == 0)
            return false;
    return f->len > 0;
}

/* The leaves of slots [from, to) that have a value, as keys of the open mapping. */
static int leaves(emitter *m, const slot *from, const slot *to)
{
    for (const slot *s = from; s < to; s++)
        if (s->leaf && filled(m, s) && (key(m, s->leaf, cell_span(m, &m->cells[s->column])) != 0 || value(m, s) != 0))
            return -1;
    return 0;
}

static bool group_present(const emitter *m, const slot *from, const slot *to)
{
    for (const slot *s = from; s < to; s++)
        if (s->leaf ? filled(m, s) : says_yes(m, s))
            return true;
    return false;
}

/* One clause, evidence entry or questionnaire: the slots [a, b) share its group. */
static int group(emitter *m, const slot *a, const slot *b)
{
    ck_span at = cell_span(m, &m->cells[a->column]);
    switch (a->section) {
    case CK_SECTION_CLAUSES:
        return key(m, a->group, at) != 0 || open_map(m, at) != 0 || leaves(m, a, b) != 0 ? -1 : close_node(m);
    case CK_SECTION_EVIDENCE:
        if (open_map(m, at) != 0 || key(m, "kind", at) != 0 ||
            ck_tree_scalar(&m->b, at, a->group, strlen(a->group), false, NULL, NULL) != 0 || leaves(m, a, b) != 0)
            return -1;
        return close_node(m);
    default: {
        const slot *answers = a;
        while (answers < b && !answers->answers)
            answers++;
        if (key(m, a->group, at) != 0 || open_map(m, at) != 0 || leaves(m, a, answers) != 0)
            return -1;
        if (group_present(m, answers, b) &&
            (key(m, CK_QUESTIONNAIRE_ANSWERS_KEY, at) != 0 || open_map(m, at) != 0 || leaves(m, answers, b) != 0 || close_node(m) != 0))
            return -1;
        return close_node(m);
    }
    }
}

/* One section: its keys, or its clauses, evidence entries or questionnaires. */
static int section(emitter *m, const slot *from, const slot *to)
{
    ck_span at = cell_span(m, &m->cells[from->column]);
    bool list = from->section == CK_SECTION_EVIDENCE;
    if (key(m, ck_section_get(from->section)->name, at) != 0 ||
        (list ? ck_tree_open(&m->b, CK_YAML_SEQ, at, NULL, true, NULL) : open_map(m, at)) != 0)
        return -1;
    if (!from->group) {
        if (leaves(m, from, to) != 0)
            return -1;
        return close_node(m);
    }
    for (const slot *a = from; a < to;) {
        const slot *b = a + 1;
        while (b < to && strcmp(a->group, b->group) == 0)
            b++;
        if (group_present(m, a, b) && group(m, a, b) != 0)
            return -1;
        a = b;
    }
    return close_node(m);
}

static bool section_present(const emitter *m, const slot *from, const slot *to) { return group_present(m, from, to); }

static int row_tree(emitter *m, const ck_csv_plan *plan)
{
    if (open_map(m, m->row) != 0)
        return -1;
    for (size_t i = 0; i < plan->nslots;) {
        size_t j = i + 1;
        while (j < plan->nslots && plan->slots[j].section == plan->slots[i].section)
            j++;
        if (section_present(m, &plan->slots[i], &plan->slots[j]) && section(m, &plan->slots[i], &plan->slots[j]) != 0)
            return -1;
        i = j;
    }
    return close_node(m);
}

int ck_csv_row_record(const ck_csv_plan *plan, const ck_policy *policy, const char *path, unsigned line,
                      const char *text, size_t len, const ck_record_limits *limits, ck_diags *diags,
                      ck_record **out)
{
    *out = NULL;
    char display[4096];
    snprintf(display, sizeof display, "%s:%u", path, line);
    ck_record *rec = ck_record_with_text(policy, path, display, line - 1, text, len);
    field *cells = rec ? ck_arena_alloc(rec->arena, (plan->nfields + 1) * sizeof *cells) : NULL;
    if (!cells) {
        ck_record_free(rec);
        return -1;
    }
    *out = rec;
    size_t bad = 0;
    long n = split(rec->arena, rec->src->text, len, cells, plan->nfields + 1, &bad);
    if (n < 0 || (size_t)n != plan->nfields) {
        ck_span at = {rec->src, (uint32_t)(n < 0 ? bad : 0), (uint32_t)(n < 0 ? bad + 1 : len)};
        if (n < 0 && bad < len && rec->src->text[bad] == '"')
            ck_diag_add(diags, CK_DIAG_ERROR, at, "a quoted field is not closed");
        else if (n < 0 && (size_t)bad < len && bad > 0 && rec->src->text[bad - 1] == '"')
            ck_diag_add(diags, CK_DIAG_ERROR, at, "text after a field's closing quote");
        else
            ck_diag_add(diags, CK_DIAG_ERROR, at, "the row has %s fields than the header's %zu",
                        n < 0 ? "more" : "fewer", plan->nfields);
        return 1;
    }
    ck_yaml_limits lim = limits ? limits->yaml : (ck_yaml_limits){0};
    emitter m = {.cells = cells};
    ck_tree_build_init(&m.b, rec->arena, rec->src, &lim, diags);
    m.row = ck_tree_span(&m.b, 0, len);
    if (row_tree(&m, plan) != 0)
        return m.b.failed ? 1 : -1;
    ck_record_limits dflt;
    if (!limits) {
        ck_record_limits_default(&dflt);
        limits = &dflt;
    }
    return ck_record_fill(policy, rec, m.b.root, limits);
}
