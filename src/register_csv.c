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
    const char *header;      /* the column's name, for messages about its cells */
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

enum { SPLIT_NOT_CSV = -1, SPLIT_TOO_MANY = -2 };

/* Splits text into at most max fields; returns how many, or SPLIT_NOT_CSV (a quote) or
 * SPLIT_TOO_MANY (the first field past max) with *bad at the offending byte. */
static long split(ck_arena *a, const char *t, size_t len, field *out, size_t max, size_t *bad)
{
    size_t n = 0, i = 0;
    for (;;) {
        if (n == max) {
            *bad = i;
            return SPLIT_TOO_MANY;
        }
        field *f = &out[n++];
        f->start = i;
        if (i < len && t[i] == '"') {
            char *v = ck_arena_alloc(a, len - i + 1);
            size_t k = 0, q = i++;
            for (;; i++) {
                if (i >= len) {
                    *bad = q; /* the quote never closes */
                    return SPLIT_NOT_CSV;
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
                return SPLIT_NOT_CSV;
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

/* A target's last key, checked against the keys it may name (the record schema's assignable keys
 * of fixed_section, if any, then declared[ndeclared], the policy's names): NULL when it is one,
 * else the error's text (what, a format naming the key), with the nearest name as a hint. */
typedef struct {
    ck_arena *arena;
    char *hint;              /* [HINT_SIZE]: "did you mean ...?", or empty */
} why_buf;
#define HINT_SIZE 160

static const char *known_leaf(why_buf *w, const char *leaf, int fixed_section, const ck_field *declared,
                              size_t ndeclared, const char *what)
{
    size_t nfixed = fixed_section < 0 ? 0 : ck_section_get((ck_section)fixed_section)->nkeys;
    const char **names = ck_arena_alloc(w->arena, (nfixed + ndeclared + 1) * sizeof *names);
    if (!names)
        return "out of memory";
    size_t n = fixed_section < 0 ? 0 : ck_record_key_names((ck_section)fixed_section, true, false, names);
    for (size_t i = 0; i < ndeclared; i++)
        names[n++] = declared[i].name;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], leaf) == 0)
            return NULL;
    const char *near = ck_closest(leaf, names, n);
    if (near)
        snprintf(w->hint, HINT_SIZE, "did you mean '%s'?", near);
    const char *why = ck_arena_printf(w->arena, what, leaf);
    return why ? why : "out of memory";
}

/* Reads "section.group.leaf" into s; the error's text (a hint in w), or NULL when it names a
 * record key. */
static const char *parse_target(why_buf *w, const ck_policy *p, const char *target, slot *s)
{
    char *copy = ck_arena_strdup(w->arena, target);
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
    if (sec < 0 || sec == CK_SECTION_GAPS || sec == CK_SECTION_PARTIES || sec == CK_SECTION_DOCUMENTS)
        return "its target must start with supplier, contract, profile, clauses, evidence or questionnaires";
    s->section = (ck_section)sec;
    int g;
    switch (s->section) {
    case CK_SECTION_SUPPLIER:
    case CK_SECTION_CONTRACT:
        s->leaf = part[1];
        if (n != 2)
            return "a supplier, contract or profile target is SECTION.KEY";
        return known_leaf(w, s->leaf, sec, NULL, 0,
                          sec == CK_SECTION_SUPPLIER ? "supplier has no key '%s'" : "contract has no key '%s'");
    case CK_SECTION_PROFILE:
        s->leaf = part[1];
        if (n != 2)
            return "a supplier, contract or profile target is SECTION.KEY";
        return known_leaf(w, s->leaf, -1, p->profile, p->nprofile, "the policy declares no profile field '%s'");
    case CK_SECTION_CLAUSES:
        s->group = part[1];
        s->leaf = part[2];
        if (n < 2 || n > 3)
            return "a clause target is clauses.CLAUSE or clauses.CLAUSE.PARAMETER";
        if ((g = ck_policy_clause(p, s->group)) < 0)
            return "the policy declares no such clause";
        return !s->leaf ? NULL
                        : known_leaf(w, s->leaf, CK_SECTION_CLAUSES, p->clauses[g].params, p->clauses[g].nparams,
                                     "the clause has no parameter '%s'");
    case CK_SECTION_EVIDENCE:
        s->group = part[1];
        s->leaf = part[2];
        if (n != 3)
            return "an evidence target is evidence.KIND.KEY";
        if ((g = ck_policy_evidence_kind(p, s->group)) < 0)
            return "the policy declares no such evidence kind";
        return known_leaf(w, s->leaf, CK_SECTION_EVIDENCE, p->evidence_kinds[g].attrs, p->evidence_kinds[g].nattrs,
                          "an evidence entry has no key '%s'");
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
        if ((g = ck_policy_questionnaire(p, s->group)) < 0)
            return "the policy declares no such questionnaire";
        return !s->answers ? NULL
                           : known_leaf(w, s->leaf, -1, p->questionnaires[g].questions, p->questionnaires[g].nquestions,
                                        "the questionnaire has no question '%s'");
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

/* The header's place of field f, for errors about the header row: its source lives in the
 * diagnostics' own arena, as the register's buffer does not outlast them. */
static ck_span header_span(ck_diags *diags, const char *path, unsigned line, const char *text, size_t len,
                           size_t start, size_t end)
{
    ck_source *src = ck_source_from_text(diags->arena, path, text, len);
    if (src)
        src->line_base = line - 1;
    return (ck_span){src, (uint32_t)start, (uint32_t)end};
}

/* The header field a mapped column names, or nfields when none does: an error either way
 * when no field or more than one field has that name. */
static size_t find_column(const ck_csv_column *c, const field *header, size_t nfields, ck_diags *diags,
                          const char *path, unsigned line, const char *text, size_t len)
{
    size_t hlen = strlen(c->header), k = nfields;
    for (size_t i = 0; i < nfields; i++) {
        if (!(header[i].len == hlen && memcmp(header[i].text, c->header, hlen) == 0))
            continue;
        if (k == nfields) {
            k = i;
            continue;
        }
        ck_span at = header_span(diags, path, line, text, len, header[i].start, header[i].end);
        ck_diag *d = ck_diag_add(diags, CK_DIAG_ERROR, at,
                                 "the header names column '%s' twice (columns %zu and %zu), and the mapping reads it",
                                 c->header, k + 1, i + 1);
        ck_diag_hint(diags, d, "rename one of them in the export, so that the mapping says which one it means");
        return nfields;
    }
    if (k == nfields) {
        ck_diag *d = mapping_error(diags, c, path, line, "the CSV header has no column '%s'%s", "");
        ck_diag_hint(diags, d, "the header row of %s (line %u) names the columns; a mapped name must match one exactly",
                     path, line);
    }
    return k;
}

/* Two columns filling one record key: the row would say two things at once. */
static bool same_target(const ck_csv_mapping *mapping, size_t i, const char *path, unsigned line, ck_diags *diags)
{
    const ck_csv_column *c = &mapping->columns[i];
    for (size_t j = 0; j < i; j++) {
        if (strcmp(mapping->columns[j].target, c->target) != 0)
            continue;
        char what[600];
        snprintf(what, sizeof what, "%s, which column '%s' fills already", c->target, mapping->columns[j].header);
        ck_diag *d = mapping_error(diags, c, path, line, "column '%s' fills %s", what);
        ck_diag_hint(diags, d, "a record key takes one column: map only one of them to %s", c->target);
        return true;
    }
    return false;
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
    why_buf w = {plan->arena, ck_arena_alloc(plan->arena, HINT_SIZE)};
    if (!header || !plan->slots || !w.hint) {
        ck_csv_plan_free(plan);
        return -1;
    }
    size_t bad = 0;
    long nf = split(plan->arena, text, len, header, MAX_FIELDS, &bad);
    if (nf < 0) {
        ck_diag_add(diags, CK_DIAG_ERROR, header_span(diags, path, line, text, len, bad, bad + 1),
                    nf == SPLIT_TOO_MANY ? "the header row has more than %d columns" : "the header row is not CSV",
                    MAX_FIELDS);
        ck_csv_plan_free(plan);
        return 1;
    }
    plan->nfields = (size_t)nf;
    int errors = 0;
    for (size_t i = 0; i < mapping->ncolumns; i++) {
        const ck_csv_column *c = &mapping->columns[i];
        slot *s = &plan->slots[plan->nslots];
        *s = (slot){.header = c->header, .unit = c->unit, .order = i};
        w.hint[0] = '\0';
        const char *why = parse_target(&w, policy, c->target, s);
        if (why) {
            ck_diag *d = mapping_error(diags, c, path, line, "column '%s': %s", why);
            if (w.hint[0])
                ck_diag_hint(diags, d, "%s", w.hint);
            errors++;
            continue;
        }
        if (same_target(mapping, i, path, line, diags)) {
            errors++;
            continue;
        }
        if ((s->column = find_column(c, header, plan->nfields, diags, path, line, text, len)) == plan->nfields) {
            errors++;
            continue;
        }
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

/* A yes/no cell of a clauses.CLAUSE column says whether the contract has the clause. Only clear
 * words count (docs/records.md lists them): a gate must not pass on "pending" or "TBD", so any
 * other value is a record-invalid finding at the cell (unclear_cells) and the clause is absent. */
typedef enum { CELL_NO, CELL_YES, CELL_UNCLEAR } yes_no;
static const char *const yes_words[] = {"yes", "y", "true", "1", "x",
                                        "\xE2\x9C\x93" /* ✓ */, "\xE2\x9C\x94" /* ✔ */};
static const char *const no_words[] = {"no", "n", "false", "0", "-"};

static bool is_word(const field *f, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (f->len == strlen(words[i]) && strncasecmp(f->text, words[i], f->len) == 0)
            return true;
    return false;
}

static yes_no cell_yes_no(const field *f)
{
    if (f->len == 0 || is_word(f, no_words, sizeof no_words / sizeof *no_words))
        return CELL_NO;
    return is_word(f, yes_words, sizeof yes_words / sizeof *yes_words) ? CELL_YES : CELL_UNCLEAR;
}

static bool says_yes(const emitter *m, const slot *s) { return cell_yes_no(&m->cells[s->column]) == CELL_YES; }

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

/* The yes/no cells that say neither: a record-invalid problem each, at the cell. */
static int unclear_cells(const ck_csv_plan *plan, ck_record *rec, const emitter *m)
{
    for (size_t i = 0; i < plan->nslots; i++) {
        const slot *s = &plan->slots[i];
        const field *f = &m->cells[s->column];
        if (s->section != CK_SECTION_CLAUSES || s->leaf || cell_yes_no(f) != CELL_UNCLEAR)
            continue;
        ck_rec_problem *pr = ck_arena_alloc(rec->arena, sizeof *pr);
        if (!pr)
            return -1;
        int shown = f->len > 60 ? 60 : (int)f->len;
        pr->span = cell_span(m, f);
        pr->message = ck_arena_printf(rec->arena, "column '%s' (clause %s) must be yes or no, not '%.*s%s'", s->header,
                                      s->group, shown, f->text, (size_t)shown < f->len ? "..." : "");
        pr->hint = "yes, y, true, 1, x or \xE2\x9C\x93 when the contract has the clause; no, n, false, 0, - or an "
                   "empty cell when not; until the cell says which, the clause counts as absent";
        if (!pr->message || ck_vec_push(rec->arena, &rec->problems, pr) != 0)
            return -1;
    }
    return 0;
}

/* A row that is not text: a NUL byte or invalid UTF-8 make it an input error at the byte, as a
 * JSON line's are. 1 with the diagnostic, else 0. */
static int row_not_text(const ck_record *rec, ck_diags *diags)
{
    const char *t = rec->src->text;
    size_t len = rec->src->len, at = 0;
    const char *what = NULL;
    const char *nul = memchr(t, '\0', len);
    if (!nul && ck_utf8_valid(t, len)) /* the usual row, at vector speed */
        return 0;
    if (nul) {
        at = (size_t)(nul - t);
        what = "NUL byte in a CSV register row";
    }
    for (size_t i = 0; !what && i < len;) { /* where it breaks */
        bool valid = true;
        size_t n = ck_utf8_char_len(t + i, len - i, &valid);
        if (!valid) {
            at = i;
            what = "invalid UTF-8 in a CSV register row";
        }
        i += n ? n : 1;
    }
    if (!what)
        return 0;
    ck_diag *d = ck_diag_add(diags, CK_DIAG_ERROR, (ck_span){rec->src, (uint32_t)at, (uint32_t)at + 1}, "%s", what);
    ck_diag_hint(diags, d, "a register is UTF-8 text (save the export as CSV UTF-8); the row is not read");
    return 1;
}

/* A row that does not split into the header's fields: an error at the place that shows it. */
static void bad_row(const ck_csv_plan *plan, const ck_source *src, long n, size_t bad, ck_diags *diags)
{
    size_t len = src->len;
    ck_span at = {src, (uint32_t)(n < 0 ? bad : 0), (uint32_t)(n < 0 ? bad + 1 : len)};
    if (n == SPLIT_TOO_MANY)
        ck_diag_add(diags, CK_DIAG_ERROR, at, "the row has more fields than the header's %zu", plan->nfields);
    else if (n < 0 && bad < len && src->text[bad] == '"')
        ck_diag_add(diags, CK_DIAG_ERROR, at, "a quoted field is not closed");
    else if (n < 0)
        ck_diag_add(diags, CK_DIAG_ERROR, at, "text after a field's closing quote");
    else
        ck_diag_add(diags, CK_DIAG_ERROR, at, "the row has fewer fields than the header's %zu", plan->nfields);
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
    if (row_not_text(rec, diags))
        return 1;
    size_t bad = 0;
    long n = split(rec->arena, rec->src->text, len, cells, plan->nfields, &bad);
    if (n < 0 || (size_t)n != plan->nfields) {
        bad_row(plan, rec->src, n, bad, diags);
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
    int rc = ck_record_fill(policy, rec, m.b.root, limits);
    return rc == 0 && unclear_cells(plan, rec, &m) != 0 ? -1 : rc;
}
