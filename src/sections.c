/* Section splitting: clause numbers at paragraph starts, a stack of open sections, id lookup. */
#include "sections.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NUMS 6     /* 9.2.1.4.5.6: deeper is not a clause number */
#define MAX_SUBS 4     /* (a)(i)(A)(1) */
#define SUB_CAP 8      /* "(viii)" */
#define NUM_MAX 999    /* a part above this is a year or an amount, not a clause */
#define CONTAINER_CAP 32
#define ID_CAP 128

/* ---- reading a label ---- */

typedef enum { L_NONE, L_NUMBER, L_SUB, L_CONTAINER } label_kind;

typedef struct {
    label_kind kind;
    bool keyword;                  /* "Clause 9.2", "Section 9", "Paragraph 4" */
    bool closed;                   /* "9." or "9)": a one-part number written as a clause number */
    char container[CONTAINER_CAP]; /* "schedule 2" */
    unsigned nums[MAX_NUMS];
    size_t nnums;
    char subs[MAX_SUBS][SUB_CAP];  /* contents of "(a)" as written */
    size_t nsubs;
    size_t end;                    /* bytes of the label */
} label;

typedef struct {
    const char *s;
    size_t n;
} text;

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Bytes of a space (ASCII, tab, no-break space) at i, or 0. */
static size_t space_at(text t, size_t i)
{
    if (i < t.n && (t.s[i] == ' ' || t.s[i] == '\t'))
        return 1;
    if (i + 1 < t.n && (unsigned char)t.s[i] == 0xC2 && (unsigned char)t.s[i + 1] == 0xA0)
        return 2;
    return 0;
}

static size_t skip_spaces(text t, size_t i)
{
    size_t k;
    while ((k = space_at(t, i)) != 0)
        i += k;
    return i;
}

/* Bytes of an en or em dash at i, or 0. */
static size_t dash_at(text t, size_t i)
{
    if (i + 2 < t.n && (unsigned char)t.s[i] == 0xE2 && (unsigned char)t.s[i + 1] == 0x80 &&
        ((unsigned char)t.s[i + 2] == 0x93 || (unsigned char)t.s[i + 2] == 0x94))
        return 3;
    return 0;
}

/* Can a label end before i? The paragraph ends, or a space or emphasis follows; with
 * separators also ':', '-', '.', ',' or a dash ("Schedule 2 - Security", "Clause 9:"). */
static bool ends_label(text t, size_t i, bool separators)
{
    if (i >= t.n || space_at(t, i) || t.s[i] == '*' || t.s[i] == '_')
        return true;
    return separators && (t.s[i] == ':' || t.s[i] == '-' || t.s[i] == '.' || t.s[i] == ',' ||
                          dash_at(t, i));
}

/* The word (ASCII, any case) at i, not followed by a letter; its end or 0. */
static size_t word_at(text t, size_t i, const char *w)
{
    size_t k = 0;
    for (; w[k]; k++)
        if (i + k >= t.n || lower(t.s[i + k]) != w[k])
            return 0;
    return i + k < t.n && is_alpha(t.s[i + k]) ? 0 : i + k;
}

/* "(a)", "(iv)", "(A)", "(12)", or without the opening parenthesis "a)". */
static size_t sub_at(text t, size_t i, char out[SUB_CAP], bool need_open)
{
    size_t j = i, k = 0;
    bool open = j < t.n && t.s[j] == '(';
    if (open)
        j++;
    else if (need_open)
        return 0;
    bool digits = j < t.n && is_digit(t.s[j]);
    while (j < t.n && (digits ? is_digit(t.s[j]) : is_alpha(t.s[j])) && k < SUB_CAP - 1)
        out[k++] = t.s[j++];
    out[k] = '\0';
    if (k == 0 || j >= t.n || t.s[j] != ')' || (digits && k > 3))
        return 0;
    return j + 1;
}

/* digits("."digits)* ["."|")"] then sub-clauses written onto it ("9.2(a)"). */
static size_t path_at(text t, size_t i, label *l)
{
    size_t j = i;
    l->nnums = l->nsubs = 0;
    while (j < t.n && is_digit(t.s[j]) && l->nnums < MAX_NUMS) {
        unsigned v = 0;
        size_t d = 0;
        for (; j < t.n && is_digit(t.s[j]); j++, d++)
            v = v * 10 + (unsigned)(t.s[j] - '0');
        if (d > 3 || v > NUM_MAX || v == 0)
            return 0;
        l->nums[l->nnums++] = v;
        if (j + 1 < t.n && t.s[j] == '.' && is_digit(t.s[j + 1]))
            j++;
        else
            break;
    }
    if (l->nnums == 0 || (j < t.n && is_digit(t.s[j])))
        return 0;
    l->closed = j < t.n && (t.s[j] == '.' || t.s[j] == ')');
    if (l->closed)
        j++;
    while (!l->closed && l->nsubs < MAX_SUBS) {
        size_t e = sub_at(t, j, l->subs[l->nsubs], true);
        if (!e)
            break;
        l->nsubs++;
        j = e;
    }
    return j;
}

static const char *const container_words[][2] = {
    {"schedule", "schedule"}, {"annexure", "annex"},   {"annex", "annex"},
    {"appendix", "appendix"}, {"exhibit", "exhibit"}, {"attachment", "attachment"},
};

/* "Schedule 2", "Annex II", "Appendix A", "Exhibit 2A": writes "schedule 2" into l->container. */
static size_t container_at(text t, size_t i, label *l)
{
    for (size_t k = 0; k < sizeof container_words / sizeof container_words[0]; k++) {
        size_t j = word_at(t, i, container_words[k][0]);
        if (!j)
            continue;
        size_t s = skip_spaces(t, j);
        if (s == j)
            return 0;
        size_t e = s;
        while (e < t.n && is_digit(t.s[e]) && e - s < 3)
            e++;
        if (e > s && e < t.n && is_alpha(t.s[e]))
            e++; /* "2A" */
        else if (e == s)
            while (e < t.n && is_alpha(t.s[e]) && e - s < 8)
                e++;
        if (e == s || (e < t.n && (is_alpha(t.s[e]) || is_digit(t.s[e]))) || !ends_label(t, e, true))
            return 0;
        int w = snprintf(l->container, sizeof l->container, "%s ", container_words[k][1]);
        for (size_t c = s; c < e; c++)
            l->container[w++] = lower(t.s[c]);
        l->container[w] = '\0';
        return e;
    }
    return 0;
}

static const char *const clause_words[] = {"clause", "section", "article", "paragraph", "para", "sect", "art", "cl"};

/* "Clause 9.2", "Section 9", "§ 9", "para. 4": the number after a keyword. */
static size_t keyword_path_at(text t, size_t i, label *l)
{
    size_t j = 0;
    if (i + 1 < t.n && (unsigned char)t.s[i] == 0xC2 && (unsigned char)t.s[i + 1] == 0xA7)
        j = i + 2; /* § */
    for (size_t k = 0; !j && k < sizeof clause_words / sizeof clause_words[0]; k++)
        j = word_at(t, i, clause_words[k]);
    if (!j)
        return 0;
    if (j < t.n && t.s[j] == '.')
        j++;
    size_t s = skip_spaces(t, j);
    size_t e = path_at(t, s, l);
    return e && ends_label(t, e, true) ? e : 0;
}

/*
 * The label at the start of t. In a reference (a record's section field) a container may be
 * followed by a clause number ("Schedule 2, paragraph 4"); in a document a container label is
 * a heading on its own.
 */
static void label_at(text t, bool reference, label *l)
{
    memset(l, 0, sizeof *l);
    size_t e = container_at(t, 0, l);
    if (e) {
        l->kind = L_CONTAINER;
        l->end = e;
        if (!reference)
            return;
        size_t j = skip_spaces(t, e);
        if (j < t.n && t.s[j] == ',')
            j = skip_spaces(t, j + 1);
        size_t k = keyword_path_at(t, j, l);
        if (!k && j > e)
            k = path_at(t, j, l); /* "Schedule 2 4.1" */
        if (k) {
            l->kind = L_NUMBER;
            l->end = k;
        }
        return;
    }
    if ((e = keyword_path_at(t, 0, l)) != 0) {
        l->kind = L_NUMBER;
        l->keyword = true;
    } else if ((e = path_at(t, 0, l)) != 0 && ends_label(t, e, false)) {
        l->kind = L_NUMBER;
    } else if (!reference && (e = sub_at(t, 0, l->subs[0], false)) != 0 && ends_label(t, e, false)) {
        l->kind = L_SUB;
        l->nsubs = 1;
    } else {
        e = 0;
    }
    l->end = e;
}

/* Appends the canonical form of a clause number (and its sub-clauses) to buf at w. */
static size_t write_path(char *buf, size_t cap, size_t w, const label *l)
{
    for (size_t i = 0; i < l->nnums && w < cap; i++)
        w += (size_t)snprintf(buf + w, cap - w, i ? ".%u" : "%u", l->nums[i]);
    for (size_t i = 0; i < l->nsubs && w < cap; i++) {
        w += (size_t)snprintf(buf + w, cap - w, "(%s)", l->subs[i]);
    }
    for (size_t i = 0; i < w && i < cap; i++)
        buf[i] = lower(buf[i]);
    return w;
}

size_t ck_section_id_normalise(const char *ref, size_t len, char *buf, size_t cap)
{
    if (cap)
        buf[0] = '\0';
    if (!ref || cap < 2)
        return 0;
    /* "9.2 (a)" is written "9.2(a)" in the canonical form: spaces before a '(' go. */
    char compact[256];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (ref[i] == ' ' && i + 1 < len && (ref[i + 1] == '(' || ref[i + 1] == ' '))
            continue;
        if (n == sizeof compact)
            return 0;
        compact[n++] = ref[i];
    }
    text t = {compact, n};
    size_t i = skip_spaces(t, 0);
    t.s += i;
    t.n -= i;
    while (t.n && (space_at(t, t.n - 1) || t.s[t.n - 1] == '.'))
        t.n--;
    label l;
    label_at(t, true, &l);
    if (l.kind == L_NONE || l.end != t.n)
        return 0;
    size_t w = 0;
    if (l.container[0])
        w = (size_t)snprintf(buf, cap, l.nnums ? "%s para " : "%s", l.container);
    w = write_path(buf, cap, w < cap ? w : cap, &l);
    if (w >= cap) {
        buf[0] = '\0';
        return 0;
    }
    return w;
}

/* ---- splitting ---- */

/* One open section on the stack. */
typedef struct {
    size_t section;          /* index into the items */
    char kind;               /* 'C' container, 'N' numbered clause, or a sub-clause list's
                                kind: 'a' 'A' letters, 'i' 'I' roman, '1' digits */
    char last[SUB_CAP];      /* a sub-clause list's current value as written */
    unsigned nums[MAX_NUMS]; /* a numbered clause's number */
    size_t nnums;
    uint8_t heading;         /* heading level of the paragraph it started at */
} level;

#define MAX_OPEN (1 + MAX_NUMS + MAX_SUBS)

typedef struct {
    const ck_document *doc;
    ck_sections *out;
    size_t cap;              /* items allocated */
    size_t pool_len, pool_cap;
    level open[MAX_OPEN];
    size_t nopen;
    unsigned last[MAX_NUMS]; /* the last numbered clause accepted in this container */
    size_t nlast;
    size_t container;        /* index of the open container section, SIZE_MAX if none */
    bool failed;
} splitter;

static size_t pool_add(splitter *sp, const char *id)
{
    size_t n = strlen(id) + 1;
    if (sp->pool_len + n > sp->pool_cap) {
        size_t cap = sp->pool_cap ? sp->pool_cap * 2 : 4096;
        while (cap < sp->pool_len + n)
            cap *= 2;
        char *p = realloc(sp->out->pool, cap);
        if (!p) {
            sp->failed = true;
            return 0;
        }
        sp->out->pool = p;
        sp->pool_cap = cap;
    }
    memcpy(sp->out->pool + sp->pool_len, id, n);
    sp->pool_len += n;
    return sp->pool_len - n;
}

/* Closes the top open section where paragraph p (or the text's end) begins. */
static void pop(splitter *sp, size_t p)
{
    ck_doc_section *s = &sp->out->items[sp->open[--sp->nopen].section];
    s->end = p < sp->doc->npara ? sp->doc->paras[p].offset : sp->doc->text_len;
    s->last_para = p ? p - 1 : 0;
    if (s->own_end == SIZE_MAX)
        s->own_end = s->end;
    if (sp->open[sp->nopen].kind == 'C')
        sp->container = SIZE_MAX;
}

/* The rest of the paragraph after its label: the heading, without separators or emphasis. */
static void heading_span(text t, size_t base, size_t from, ck_doc_section *s)
{
    size_t i = from, k;
    while (i < t.n && ((k = space_at(t, i)) || (k = dash_at(t, i)) ||
                       strchr("-:.)*_#", t.s[i]) != NULL))
        i += k ? k : 1;
    size_t e = t.n;
    while (e > i && (space_at(t, e - 1) || t.s[e - 1] == '*' || t.s[e - 1] == '_' || t.s[e - 1] == '#'))
        e--;
    s->heading_start = base + i;
    s->heading_end = base + e;
}

/* Opens a section at paragraph p with the given id and label span, as a child of the top. */
static level *push(splitter *sp, size_t p, const char *id, text t, size_t base, const label *l,
                   char kind, const char *last)
{
    if (sp->failed || sp->nopen == MAX_OPEN)
        return NULL;
    ck_sections *o = sp->out;
    if (o->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 64;
        ck_doc_section *items = realloc(o->items, cap * sizeof *items);
        if (!items) {
            sp->failed = true;
            return NULL;
        }
        o->items = items;
        sp->cap = cap;
    }
    size_t at = pool_add(sp, id);
    if (sp->failed)
        return NULL;
    int parent = sp->nopen ? (int)sp->open[sp->nopen - 1].section : -1;
    ck_doc_section *s = &o->items[o->n];
    *s = (ck_doc_section){.id = (const char *)(uintptr_t)at, .label_start = base, .label_end = base + l->end,
                      .start = sp->doc->paras[p].offset, .own_end = SIZE_MAX, .first_para = p,
                      .parent = parent, .depth = (unsigned)sp->nopen};
    heading_span(t, base, l->end, s);
    if (parent >= 0 && o->items[parent].own_end == SIZE_MAX)
        o->items[parent].own_end = s->start;
    level *lv = &sp->open[sp->nopen++];
    lv->section = o->n++;
    lv->kind = kind;
    lv->heading = sp->doc->paras[p].heading_level;
    snprintf(lv->last, sizeof lv->last, "%s", last ? last : "");
    lv->nnums = 0;
    return lv;
}

/* ---- deciding what a label at a paragraph's start is ---- */

/* Does a keyword or container label stand as a heading (see the header)? */
static bool heading_like(const ck_doc_para *p, text t, const label *l)
{
    if (p->heading_level || (p->flags & CK_PARA_NUMBERED))
        return true;
    size_t i = skip_spaces(t, l->end);
    if (i >= t.n || strchr(":-.", t.s[i]) || dash_at(t, i))
        return true;
    if (strchr(",;", t.s[i])) /* "Schedule 1, it shall ...": a wrapped line of a sentence */
        return false;
    size_t e = t.n;
    while (e > i && space_at(t, e - 1))
        e--;
    return t.n <= 100 && !strchr(".;,", t.s[e - 1]);
}

static int cmp_nums(const unsigned *a, size_t na, const unsigned *b, size_t nb)
{
    for (size_t i = 0; i < na && i < nb; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return (na > nb) - (na < nb);
}

/*
 * A weak (body text) number must continue the container's numbering: where it first differs from
 * the last clause accepted, it is higher by at most 10, and every part after that is 1 ("2.2"
 * may be followed by "2.3", "2.3.1", "3", "3.1", but not by "9.2" or "3.4"). A one-part number
 * needs its '.' or ')'. Wrapped lines of body text rarely pass all three.
 */
static bool plausible(const splitter *sp, const label *l)
{
    if (l->nnums == 1 && !l->closed)
        return false;
    size_t d = 0;
    while (d < l->nnums && d < sp->nlast && l->nums[d] == sp->last[d])
        d++;
    if (d == l->nnums)
        return false; /* the same number again, or going back up a level */
    unsigned before = d < sp->nlast ? sp->last[d] : 0;
    if (l->nums[d] <= before || l->nums[d] > before + 10)
        return false;
    for (size_t i = d + 1; i < l->nnums; i++)
        if (l->nums[i] != 1)
            return false;
    return true;
}

static bool is_prefix(const level *lv, const label *l)
{
    return lv->nnums < l->nnums && cmp_nums(lv->nums, lv->nnums, l->nums, lv->nnums) == 0;
}

/* The id of a sub-clause x under the top open section. */
static void sub_id(const splitter *sp, const char *x, char *id)
{
    const ck_doc_section *parent = &sp->out->items[sp->open[sp->nopen - 1].section];
    int w = snprintf(id, ID_CAP, "%s(", sp->out->pool + (uintptr_t)parent->id);
    for (const char *c = x; *c && w < ID_CAP - 2; c++)
        id[w++] = lower(*c);
    id[w++] = ')';
    id[w] = '\0';
}

static char start_kind(const char *x)
{
    if (!x[1] && strchr("aAiI1", x[0]))
        return x[0];
    return 0;
}

static int roman_value(const char *x, bool upper)
{
    static const char *const lc[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
                                     "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii",
                                     "xix", "xx"};
    for (int v = 0; v < 20; v++) {
        size_t k = 0;
        while (lc[v][k] && x[k] == (upper ? (char)(lc[v][k] - 'a' + 'A') : lc[v][k]))
            k++;
        if (!lc[v][k] && !x[k])
            return v + 1;
    }
    return 0;
}

/* Is x the value after prev in a list of this kind? Letters run a..z, then aa, bb, ... */
static bool follows(const char *prev, const char *x, char kind)
{
    size_t np = strlen(prev), nx = strlen(x);
    if (kind == '1')
        return atoi(x) == atoi(prev) + 1;
    if (kind == 'i' || kind == 'I') {
        int a = roman_value(prev, kind == 'I'), b = roman_value(x, kind == 'I');
        return a && b == a + 1;
    }
    char z = kind == 'a' ? 'z' : 'Z', first = kind;
    for (size_t i = 0; i < nx; i++)
        if (x[i] != x[0] || (kind == 'a' ? x[i] < 'a' || x[i] > 'z' : x[i] < 'A' || x[i] > 'Z'))
            return false;
    if (prev[0] == z)
        return nx == np + 1 && x[0] == first;
    return nx == np && x[0] == prev[0] + 1;
}

/* A sub-clause "(x)": continues an open list, or starts one under the open clause. */
static void take_sub(splitter *sp, size_t p, text t, size_t base, const label *l)
{
    const char *x = l->subs[0];
    size_t k = sp->nopen;
    bool clause = false;
    for (size_t i = 0; i < sp->nopen; i++)
        clause |= sp->open[i].kind == 'N';
    if (!clause)
        return; /* "(A) The Supplier is ..." in recitals: no clause to belong to */
    while (k > 0 && sp->open[k - 1].kind != 'N' && sp->open[k - 1].kind != 'C') {
        level *lv = &sp->open[k - 1];
        if (follows(lv->last, x, lv->kind)) {
            char kind = lv->kind, id[ID_CAP];
            while (sp->nopen >= k)
                pop(sp, p);
            sub_id(sp, x, id);
            push(sp, p, id, t, base, l, kind, x);
            return;
        }
        k--;
    }
    char kind = start_kind(x), id[ID_CAP];
    if (!kind || sp->nopen - k >= MAX_SUBS)
        return;
    sub_id(sp, x, id);
    push(sp, p, id, t, base, l, kind, x);
}

/* A numbered clause: closes what it is not inside, opens itself (and sub-clauses written onto it). */
static void take_number(splitter *sp, size_t p, text t, size_t base, const label *l)
{
    while (sp->nopen && sp->open[sp->nopen - 1].kind != 'C' &&
           !(sp->open[sp->nopen - 1].kind == 'N' && is_prefix(&sp->open[sp->nopen - 1], l)))
        pop(sp, p);
    char id[ID_CAP] = "";
    size_t w = 0;
    if (sp->container != SIZE_MAX)
        w = (size_t)snprintf(id, sizeof id, "%s para ", sp->out->pool + (uintptr_t)sp->out->items[sp->container].id);
    label bare = *l;
    bare.nsubs = 0;
    if (write_path(id, sizeof id, w < sizeof id ? w : sizeof id, &bare) >= sizeof id)
        return;
    level *lv = push(sp, p, id, t, base, l, 'N', NULL);
    if (!lv)
        return;
    memcpy(lv->nums, l->nums, sizeof l->nums);
    lv->nnums = l->nnums;
    memcpy(sp->last, l->nums, sizeof l->nums);
    sp->nlast = l->nnums;
    for (size_t i = 0; i < l->nsubs; i++) {
        char sid[ID_CAP];
        sub_id(sp, l->subs[i], sid);
        char kind = start_kind(l->subs[i]);
        if (!push(sp, p, sid, t, base, l, kind ? kind : 'a', l->subs[i]))
            return;
    }
}

static void take_container(splitter *sp, size_t p, text t, size_t base, const label *l)
{
    while (sp->nopen)
        pop(sp, p);
    if (push(sp, p, l->container, t, base, l, 'C', NULL)) {
        sp->container = sp->out->n - 1;
        sp->nlast = 0;
    }
}

/* An unnumbered heading ends the sections begun at its level or deeper, or in body text. */
static void take_heading(splitter *sp, size_t p, uint8_t h)
{
    while (sp->nopen && (sp->open[sp->nopen - 1].heading == 0 || sp->open[sp->nopen - 1].heading >= h))
        pop(sp, p);
}

/* The paragraph without Markdown heading marks, leading spaces and emphasis. */
static text para_text(const ck_document *doc, const ck_doc_para *p, size_t *base)
{
    text t = {doc->text + p->offset, p->len};
    size_t i = skip_spaces(t, 0);
    if (doc->format == CK_DOC_MARKDOWN && p->heading_level)
        while (i < t.n && t.s[i] == '#')
            i++;
    size_t k;
    while (i < t.n && ((k = space_at(t, i)) != 0 || t.s[i] == '*' || t.s[i] == '_'))
        i += k ? k : 1;
    *base = p->offset + i;
    t.s += i;
    t.n -= i;
    return t;
}

static void split_para(splitter *sp, size_t p)
{
    const ck_doc_para *para = &sp->doc->paras[p];
    size_t base;
    text t = para_text(sp->doc, para, &base);
    label l;
    label_at(t, false, &l);
    bool strong = para->heading_level || (para->flags & CK_PARA_NUMBERED);
    if (l.kind == L_CONTAINER && heading_like(para, t, &l))
        take_container(sp, p, t, base, &l);
    else if (l.kind == L_NUMBER && (l.keyword ? heading_like(para, t, &l) : strong || plausible(sp, &l)))
        take_number(sp, p, t, base, &l);
    else if (l.kind == L_SUB)
        take_sub(sp, p, t, base, &l);
    else if (para->heading_level)
        take_heading(sp, p, para->heading_level);
}

typedef struct {
    const char *id;
    size_t index;
} by_id_entry;

static int by_id_cmp(const void *a, const void *b)
{
    const by_id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Ids become pointers once the pool stops moving; then the sorted index is built. */
static int finish(ck_sections *s)
{
    for (size_t i = 0; i < s->n; i++)
        s->items[i].id = s->pool + (uintptr_t)s->items[i].id;
    if (s->n == 0)
        return 0;
    by_id_entry *e = malloc(s->n * sizeof *e);
    s->by_id = malloc(s->n * sizeof *s->by_id);
    if (!e || !s->by_id) {
        free(e);
        return -1;
    }
    for (size_t i = 0; i < s->n; i++)
        e[i] = (by_id_entry){s->items[i].id, i};
    qsort(e, s->n, sizeof *e, by_id_cmp);
    for (size_t i = 0; i < s->n; i++)
        s->by_id[i] = e[i].index;
    free(e);
    return 0;
}

int ck_sections_split(const ck_document *doc, ck_sections *s)
{
    memset(s, 0, sizeof *s);
    if (!doc)
        return 0;
    splitter sp = {.doc = doc, .out = s, .container = SIZE_MAX};
    for (size_t p = 0; p < doc->npara && !sp.failed; p++)
        split_para(&sp, p);
    while (sp.nopen)
        pop(&sp, doc->npara);
    if (sp.failed || finish(s) != 0) {
        ck_sections_free(s);
        return -1;
    }
    return 0;
}

void ck_sections_free(ck_sections *s)
{
    if (!s)
        return;
    free(s->items);
    free(s->pool);
    free(s->by_id);
    memset(s, 0, sizeof *s);
}

const ck_doc_section *ck_sections_find(const ck_sections *s, const char *ref, size_t len, size_t *matches)
{
    char id[ID_CAP];
    if (matches)
        *matches = 0;
    if (!s || s->n == 0 || ck_section_id_normalise(ref, len, id, sizeof id) == 0)
        return NULL;
    size_t lo = 0, hi = s->n; /* the first entry not less than id */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->items[s->by_id[mid]].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < s->n && strcmp(s->items[s->by_id[end]].id, id) == 0)
        end++;
    if (matches)
        *matches = end - lo;
    return end > lo ? &s->items[s->by_id[lo]] : NULL;
}
