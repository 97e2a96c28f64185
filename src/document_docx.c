/* DOCX (Office Open XML) text: libzip for the archive, libxml2's streaming reader for the parts. */
#include "document_build.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <zip.h>

/*
 * What is read: word/document.xml (the body, paragraph by paragraph, tables included, text of
 * tracked insertions included and of tracked deletions left out, i.e. the document with its
 * changes accepted), word/numbering.xml and word/styles.xml, so that the automatic numbers Word
 * draws ("9.2", "(a)", "Schedule 2") are recovered as text at the start of their paragraph, and
 * heading styles and outline levels give heading levels. Headers, footers, footnotes and
 * comments are not read: clauses live in the body.
 *
 * List numbering follows Word: a paragraph's w:numPr (or its style's, through w:basedOn) names
 * a w:num, which names a w:abstractNum (possibly through a numbering style, w:numStyleLink);
 * counters live in the abstract definition, so two w:num of one definition continue one list,
 * and a w:num with a w:startOverride restarts the list where it is first used. Going up a level
 * leaves the deeper counters to restart. w:lvlText ("%1.%2") is filled with each level's
 * counter in its w:numFmt (decimal, decimalZero, lower/upper letter, lower/upper roman,
 * ordinal; others as decimal; w:isLgl makes all decimal); bullet levels add no number.
 */

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT_NS "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define LEVELS 9
#define ID_CAP 64         /* style ids longer than this are cut: none in real documents */
#define MAX_DEFINITIONS 20000 /* styles, lists and list instances, each */
#define MAX_PARA_NESTING 16   /* text boxes hold paragraphs inside paragraphs */

/* ---- the archive ---- */

/* A member name that would escape wherever it were extracted. We never extract, but an archive
 * carrying one is an attack, not a contract, and is refused whole. */
static bool dangerous_name(const char *name)
{
    if (!name[0] || name[0] == '/' || strchr(name, '\\') ||
        (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':'))
        return true;
    for (const char *p = name; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p += n + (e != NULL);
    }
    return false;
}

/* Checks every member's name and encryption, and the member count. */
static ck_doc_status check_members(ck_doc_builder *b, zip_t *za)
{
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || (zip_uint64_t)n > b->limits->max_zip_members)
        return ck_docb_fail(b, CK_DOC_TOO_LARGE, "the archive has %lld members, over the limit of %zu",
                            (long long)n, b->limits->max_zip_members);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        zip_stat_t st;
        if (!name || zip_stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) != 0)
            return ck_docb_fail(b, CK_DOC_MALFORMED, "archive member %lld cannot be read: %s",
                                (long long)i, zip_strerror(za));
        char shown[80];
        size_t k = 0;
        for (const char *p = name; *p && k < sizeof shown - 1; p++)
            shown[k++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
        shown[k] = '\0';
        if (dangerous_name(name))
            return ck_docb_fail(b, CK_DOC_REFUSED, "archive member '%s' has a path that leaves the "
                                "archive (absolute, '..' or '\\')", shown);
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
            return ck_docb_fail(b, CK_DOC_REFUSED, "archive member '%s' is encrypted", shown);
    }
    return CK_DOC_OK;
}

/* The member's bytes, NUL-terminated, in *out (NULL and OK if absent and optional). The limit
 * is checked on the declared size first and on the inflated bytes as they come, so a member
 * whose header lies about its size stops at the limit all the same. */
static ck_doc_status read_member(ck_doc_builder *b, zip_t *za, const char *name, bool required,
                                 char **out, size_t *out_len)
{
    size_t max = b->limits->max_member_bytes;
    *out = NULL;
    *out_len = 0;
    zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_ENC_RAW);
    if (idx < 0)
        return required ? ck_docb_fail(b, CK_DOC_UNSUPPORTED, "a ZIP archive without %s: not a "
                                       "DOCX document", name)
                        : CK_DOC_OK;
    zip_stat_t st;
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0)
        return ck_docb_fail(b, CK_DOC_MALFORMED, "%s: %s", name, zip_strerror(za));
    if ((st.valid & ZIP_STAT_SIZE) && st.size > max)
        return ck_docb_fail(b, CK_DOC_TOO_LARGE, "%s declares %llu bytes uncompressed, over the "
                            "limit of %zu", name, (unsigned long long)st.size, max);
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!zf)
        return ck_docb_fail(b, CK_DOC_MALFORMED, "%s cannot be opened: %s", name, zip_strerror(za));
    size_t cap = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size + 1 : 65536, len = 0;
    char *buf = malloc(cap);
    ck_doc_status s = buf ? CK_DOC_OK : ck_docb_fail(b, CK_DOC_NO_MEMORY, "out of memory");
    while (s == CK_DOC_OK) {
        if (len + 1 == cap) {
            char *nb = cap > max + 1 ? NULL : realloc(buf, cap * 2 > max + 2 ? max + 2 : cap * 2);
            if (!nb) {
                s = cap > max + 1 ? ck_docb_fail(b, CK_DOC_TOO_LARGE, "%s inflates past the limit "
                                                 "of %zu bytes", name, max)
                                  : ck_docb_fail(b, CK_DOC_NO_MEMORY, "out of memory");
                break;
            }
            cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
            buf = nb;
        }
        zip_int64_t n = zip_fread(zf, buf + len, cap - 1 - len);
        if (n < 0)
            s = ck_docb_fail(b, CK_DOC_MALFORMED, "%s: %s", name, zip_file_strerror(zf));
        else if (n == 0)
            break;
        else if ((len += (size_t)n) > max)
            s = ck_docb_fail(b, CK_DOC_TOO_LARGE, "%s inflates past the limit of %zu bytes", name, max);
    }
    zip_fclose(zf);
    if (s != CK_DOC_OK) {
        free(buf);
        return s;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return CK_DOC_OK;
}

/* ---- streaming XML ---- */

typedef struct {
    xmlTextReaderPtr r;
    ck_doc_builder *b;
    const char *member;
    char error[160]; /* libxml2's first message, for the failure we report */
    int error_line;
} xml;

static void on_xml_error(void *arg, xmlErrorPtr e)
{
    xml *x = arg;
    if (x->error[0] || !e || !e->message)
        return;
    snprintf(x->error, sizeof x->error, "%s", e->message);
    size_t n = strlen(x->error);
    while (n && (x->error[n - 1] == '\n' || x->error[n - 1] == ' '))
        x->error[--n] = '\0';
    x->error_line = e->line;
}

/* No entity substitution, no DTD loading, no network; libxml2's depth and size limits stay on
 * (no XML_PARSE_HUGE). A DOCTYPE is refused outright in next(). */
static ck_doc_status xml_open(xml *x, ck_doc_builder *b, const char *member, const char *buf, size_t len)
{
    memset(x, 0, sizeof *x);
    x->b = b;
    x->member = member;
    if (len > INT_MAX)
        return ck_docb_fail(b, CK_DOC_TOO_LARGE, "%s is too large to parse", member);
    x->r = xmlReaderForMemory(buf, (int)len, member, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!x->r)
        return ck_docb_fail(b, CK_DOC_NO_MEMORY, "out of memory");
    xmlTextReaderSetStructuredErrorHandler(x->r, on_xml_error, x);
    return CK_DOC_OK;
}

static void xml_close(xml *x)
{
    if (x->r)
        xmlFreeTextReader(x->r);
    x->r = NULL;
}

/* 1 at a node, 0 at the end, -1 after recording a failure. skip: step over the current subtree. */
static int xml_next(xml *x, bool skip)
{
    int r = skip ? xmlTextReaderNext(x->r) : xmlTextReaderRead(x->r);
    if (r == 1 && xmlTextReaderNodeType(x->r) == XML_READER_TYPE_DOCUMENT_TYPE) {
        ck_docb_fail(x->b, CK_DOC_REFUSED, "%s has a DOCTYPE, which Office documents never have "
                     "(entity expansion is refused)", x->member);
        return -1;
    }
    if (r < 0 || (r == 0 && x->error[0])) {
        if (x->error[0])
            ck_docb_fail(x->b, CK_DOC_MALFORMED, "%s, line %d: %s", x->member, x->error_line, x->error);
        else
            ck_docb_fail(x->b, CK_DOC_MALFORMED, "%s is not well-formed XML", x->member);
        return -1;
    }
    return r;
}

static bool is_start(const xml *x) { return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT; }
static bool is_end(const xml *x) { return xmlTextReaderNodeType(x->r) == XML_READER_TYPE_END_ELEMENT; }

/* Is the current node the WordprocessingML element `local` (transitional or strict)? */
static bool is_w(const xml *x, const char *local)
{
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(x->r);
    const xmlChar *name = xmlTextReaderConstLocalName(x->r);
    return ns && name && strcmp((const char *)name, local) == 0 &&
           (strcmp((const char *)ns, W_NS) == 0 || strcmp((const char *)ns, W_STRICT_NS) == 0);
}

/* The w: attribute into buf ("" when absent). */
static void attr(const xml *x, const char *local, char *buf, size_t cap)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(x->r, BAD_CAST local, BAD_CAST W_NS);
    if (!v)
        v = xmlTextReaderGetAttributeNs(x->r, BAD_CAST local, BAD_CAST W_STRICT_NS);
    snprintf(buf, cap, "%s", v ? (const char *)v : "");
    xmlFree(v);
}

/* A w: attribute as a small non-negative integer, or dflt when absent or not one. */
static int attr_int(const xml *x, const char *local, int dflt)
{
    char v[16];
    attr(x, local, v, sizeof v);
    char *end;
    long n = strtol(v, &end, 10);
    return v[0] && !*end && n >= 0 && n <= 100000 ? (int)n : dflt;
}

/* ---- styles and numbering definitions ---- */

typedef struct {
    int start;
    char fmt;        /* '1' decimal, '0' decimalZero, 'a' 'A' letters, 'i' 'I' roman, 'o' ordinal,
                        '-' bullet, ' ' none */
    bool legal;      /* w:isLgl: every level shown in decimal */
    char suffix;     /* '\t', ' ' or 0 after the number */
    char text[48];   /* w:lvlText */
} level_def;

typedef struct {
    int id;
    char style_link[ID_CAP]; /* w:numStyleLink: the definition lives in a numbering style */
    level_def lvl[LEVELS];
    int counter[LEVELS];
    bool started[LEVELS];
} abstract_def;

typedef struct {
    int id, abstract_id;
    int start_override[LEVELS]; /* -1: none */
    bool used;
} num_def;

typedef struct {
    char id[ID_CAP], based_on[ID_CAP];
    int num_id, ilvl, outline; /* -1: not set here */
    int heading;               /* 1..9 from the name "heading N", else 0 */
} style_def;

typedef struct {
    style_def *styles;
    size_t nstyles;
    abstract_def *abstracts;
    size_t nabstracts;
    num_def *nums;
    size_t nnums;
} defs;

/* Appends a zeroed element to a definitions array, within MAX_DEFINITIONS. */
static void *grow(ck_doc_builder *b, void **arr, size_t *n, size_t size)
{
    if (*n >= MAX_DEFINITIONS) {
        ck_docb_fail(b, CK_DOC_TOO_LARGE, "more than %d style or numbering definitions", MAX_DEFINITIONS);
        return NULL;
    }
    if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4, ...: double */
        void *p = realloc(*arr, (*n ? *n * 2 : 16) * size);
        if (!p) {
            ck_docb_fail(b, CK_DOC_NO_MEMORY, "out of memory");
            return NULL;
        }
        *arr = p;
    }
    void *e = (char *)*arr + (*n)++ * size;
    memset(e, 0, size);
    return e;
}

static int style_cmp(const void *a, const void *b)
{
    return strcmp(((const style_def *)a)->id, ((const style_def *)b)->id);
}

/* Styles are sorted once read (sort_definitions), so lookups stay O(log n) per paragraph. */
static const style_def *find_style(const defs *d, const char *id)
{
    style_def key;
    snprintf(key.id, sizeof key.id, "%s", id);
    return d->nstyles ? bsearch(&key, d->styles, d->nstyles, sizeof key, style_cmp) : NULL;
}

static style_def *new_style(ck_doc_builder *b, defs *d, const xml *x)
{
    style_def *s = grow(b, (void **)&d->styles, &d->nstyles, sizeof *s);
    if (s) {
        attr(x, "styleId", s->id, sizeof s->id);
        s->num_id = s->ilvl = s->outline = -1;
    }
    return s;
}

/* "heading 3" (any case) is heading level 3. */
static int heading_from_name(const char *name)
{
    if (strncasecmp(name, "heading ", 8) == 0 && name[8] >= '1' && name[8] <= '9' && !name[9])
        return name[8] - '0';
    return 0;
}

static ck_doc_status read_styles(ck_doc_builder *b, defs *d, const char *buf, size_t len)
{
    xml x;
    if (xml_open(&x, b, "word/styles.xml", buf, len) != CK_DOC_OK)
        return b->status;
    style_def *cur = NULL;
    int r;
    while ((r = xml_next(&x, false)) == 1) {
        if (is_end(&x) && is_w(&x, "style"))
            cur = NULL;
        if (!is_start(&x))
            continue;
        if (is_w(&x, "style")) {
            if (!(cur = new_style(b, d, &x)))
                break;
        } else if (cur && is_w(&x, "name")) {
            char name[32];
            attr(&x, "val", name, sizeof name);
            cur->heading = heading_from_name(name);
        } else if (cur && is_w(&x, "basedOn")) {
            attr(&x, "val", cur->based_on, sizeof cur->based_on);
        } else if (cur && is_w(&x, "numId")) {
            cur->num_id = attr_int(&x, "val", -1);
        } else if (cur && is_w(&x, "ilvl")) {
            cur->ilvl = attr_int(&x, "val", -1);
        } else if (cur && is_w(&x, "outlineLvl")) {
            cur->outline = attr_int(&x, "val", -1);
        } else if (is_w(&x, "pPrChange") || is_w(&x, "rPrChange")) {
            if (xml_next(&x, true) < 0) /* the properties before a tracked change */
                break;
        }
    }
    xml_close(&x);
    return b->status;
}

static char number_format(const char *v)
{
    static const struct { const char *name; char fmt; } formats[] = {
        {"decimal", '1'}, {"decimalZero", '0'}, {"lowerLetter", 'a'}, {"upperLetter", 'A'},
        {"lowerRoman", 'i'}, {"upperRoman", 'I'}, {"ordinal", 'o'}, {"bullet", '-'}, {"none", ' '},
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(v, formats[i].name) == 0)
            return formats[i].fmt;
    return '1';
}

/* One element inside a w:lvl. */
static void read_level_part(const xml *x, level_def *l)
{
    char v[48];
    if (is_w(x, "start")) {
        l->start = attr_int(x, "val", 1);
    } else if (is_w(x, "numFmt")) {
        attr(x, "val", v, sizeof v);
        l->fmt = number_format(v);
    } else if (is_w(x, "lvlText")) {
        attr(x, "val", l->text, sizeof l->text);
    } else if (is_w(x, "isLgl")) {
        l->legal = true;
    } else if (is_w(x, "suff")) {
        attr(x, "val", v, sizeof v);
        l->suffix = strcmp(v, "space") == 0 ? ' ' : strcmp(v, "nothing") == 0 ? 0 : '\t';
    }
}

static void default_levels(abstract_def *a)
{
    for (int i = 0; i < LEVELS; i++)
        a->lvl[i] = (level_def){.start = 1, .fmt = '1', .suffix = '\t'};
}

static ck_doc_status read_numbering(ck_doc_builder *b, defs *d, const char *buf, size_t len)
{
    xml x;
    if (xml_open(&x, b, "word/numbering.xml", buf, len) != CK_DOC_OK)
        return b->status;
    abstract_def *abs = NULL;
    num_def *num = NULL;
    level_def *lvl = NULL;
    int override_level = -1, r;
    while ((r = xml_next(&x, false)) == 1) {
        if (is_end(&x) && (is_w(&x, "abstractNum") || is_w(&x, "num")))
            abs = NULL, num = NULL, lvl = NULL;
        if (!is_start(&x))
            continue;
        if (is_w(&x, "abstractNum")) {
            if (!(abs = grow(b, (void **)&d->abstracts, &d->nabstracts, sizeof *abs)))
                break;
            abs->id = attr_int(&x, "abstractNumId", -1);
            default_levels(abs);
        } else if (abs && is_w(&x, "lvl")) {
            int i = attr_int(&x, "ilvl", -1);
            lvl = i >= 0 && i < LEVELS ? &abs->lvl[i] : NULL;
        } else if (abs && lvl) {
            read_level_part(&x, lvl);
        } else if (abs && is_w(&x, "numStyleLink")) {
            attr(&x, "val", abs->style_link, sizeof abs->style_link);
        } else if (is_w(&x, "num")) {
            if (!(num = grow(b, (void **)&d->nums, &d->nnums, sizeof *num)))
                break;
            num->id = attr_int(&x, "numId", -1);
            num->abstract_id = -1;
            for (int i = 0; i < LEVELS; i++)
                num->start_override[i] = -1;
        } else if (num && is_w(&x, "abstractNumId")) {
            num->abstract_id = attr_int(&x, "val", -1);
        } else if (num && is_w(&x, "lvlOverride")) {
            override_level = attr_int(&x, "ilvl", -1);
        } else if (num && is_w(&x, "startOverride") && override_level >= 0 && override_level < LEVELS) {
            num->start_override[override_level] = attr_int(&x, "val", 1);
        }
    }
    xml_close(&x);
    return b->status;
}

static int num_cmp(const void *a, const void *b)
{
    int x = ((const num_def *)a)->id, y = ((const num_def *)b)->id;
    return (x > y) - (x < y);
}

static int abstract_cmp(const void *a, const void *b)
{
    int x = ((const abstract_def *)a)->id, y = ((const abstract_def *)b)->id;
    return (x > y) - (x < y);
}

/* Stable sorts would keep the first of duplicate ids; qsort keeps one of them, which is as
 * good: Word never writes duplicates and a crafted file gains nothing from either. */
static void sort_definitions(defs *d)
{
    if (d->nstyles)
        qsort(d->styles, d->nstyles, sizeof *d->styles, style_cmp);
    if (d->nnums)
        qsort(d->nums, d->nnums, sizeof *d->nums, num_cmp);
    if (d->nabstracts)
        qsort(d->abstracts, d->nabstracts, sizeof *d->abstracts, abstract_cmp);
}

static num_def *find_num(const defs *d, int id)
{
    num_def key = {.id = id};
    return d->nnums ? bsearch(&key, d->nums, d->nnums, sizeof key, num_cmp) : NULL;
}

static abstract_def *find_abstract(const defs *d, int id)
{
    abstract_def key = {.id = id};
    return d->nabstracts ? bsearch(&key, d->abstracts, d->nabstracts, sizeof key, abstract_cmp) : NULL;
}

/* The definition a list instance draws, through numbering-style links (at most 4). */
static abstract_def *abstract_of(const defs *d, const num_def *n)
{
    abstract_def *a = find_abstract(d, n->abstract_id);
    for (int hops = 0; a && a->style_link[0] && hops < 4; hops++) {
        const style_def *s = find_style(d, a->style_link);
        const num_def *linked = s && s->num_id > 0 ? find_num(d, s->num_id) : NULL;
        if (!linked)
            break;
        a = find_abstract(d, linked->abstract_id);
    }
    return a;
}

/* ---- list numbers ---- */

static size_t roman(int v, bool upper, char *out, size_t cap)
{
    static const struct { int v; const char *s; } r[] = {
        {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
        {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"}, {1, "i"},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        for (; v >= r[i].v; v -= r[i].v)
            for (const char *p = r[i].s; *p && n + 1 < cap; p++)
                out[n++] = upper ? (char)(*p - 'a' + 'A') : *p;
    out[n] = '\0';
    return n;
}

/* One counter in a level's format; Word writes letters past z as aa, bb, ... */
static void format_counter(int v, char fmt, char *out, size_t cap)
{
    if ((fmt == 'a' || fmt == 'A') && v >= 1) {
        size_t reps = (size_t)((v - 1) / 26 + 1), n = 0;
        for (; n < reps && n + 1 < cap; n++)
            out[n] = (char)((fmt == 'a' ? 'a' : 'A') + (v - 1) % 26);
        out[n] = '\0';
    } else if ((fmt == 'i' || fmt == 'I') && v >= 1 && v < 4000) {
        roman(v, fmt == 'I', out, cap);
    } else if (fmt == 'o') {
        int t = v % 100;
        const char *suf = t >= 11 && t <= 13 ? "th" : v % 10 == 1 ? "st" : v % 10 == 2 ? "nd" : v % 10 == 3 ? "rd" : "th";
        snprintf(out, cap, "%d%s", v, suf);
    } else if (fmt == ' ') {
        out[0] = '\0';
    } else {
        snprintf(out, cap, fmt == '0' && v < 10 ? "0%d" : "%d", v);
    }
}

/* Advances the list at level ilvl and writes its number ("9.2", "(a)") and suffix into out;
 * returns its length, 0 for bullets and unknown lists. */
static size_t list_label(defs *d, int num_id, int ilvl, char *out, size_t cap)
{
    num_def *num = find_num(d, num_id);
    abstract_def *a = num ? abstract_of(d, num) : NULL;
    if (!a || ilvl < 0 || ilvl >= LEVELS)
        return 0;
    if (!num->used) {
        num->used = true;
        for (int k = 0; k < LEVELS; k++)
            if (num->start_override[k] >= 0) {
                a->lvl[k].start = num->start_override[k];
                a->started[k] = false;
            }
    }
    a->counter[ilvl] = a->started[ilvl] ? a->counter[ilvl] + 1 : a->lvl[ilvl].start;
    a->started[ilvl] = true;
    for (int k = ilvl + 1; k < LEVELS; k++)
        a->started[k] = false;
    const level_def *l = &a->lvl[ilvl];
    if (l->fmt == '-')
        return 0;
    size_t n = 0;
    for (const char *p = l->text; *p && n + 1 < cap; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = *++p - '1';
            char v[24];
            format_counter(a->started[k] ? a->counter[k] : a->lvl[k].start,
                           l->legal ? '1' : a->lvl[k].fmt, v, sizeof v);
            for (const char *q = v; *q && n + 1 < cap; q++)
                out[n++] = *q;
        } else {
            out[n++] = *p;
        }
    }
    if (n > 0 && l->suffix && n + 1 < cap)
        out[n++] = l->suffix;
    out[n] = '\0';
    return n;
}

/* ---- the body ---- */

typedef struct {
    int depth;               /* reader depth of its w:p */
    char *text;
    size_t len, cap;
    char style[ID_CAP];
    int num_id, ilvl, outline; /* -1: not set on the paragraph */
} para;

typedef struct {
    ck_doc_builder *b;
    defs *d;
    para stack[MAX_PARA_NESTING];
    size_t depth;            /* open paragraphs */
    int ppr_depth;           /* depth of the innermost paragraph's w:pPr while inside it, else -1 */
    bool in_t;               /* inside w:t: its text nodes are the paragraph's text */
    uint32_t count;
} body;

static ck_doc_status para_add(body *bd, const char *s, size_t n)
{
    if (bd->depth == 0 || n == 0)
        return CK_DOC_OK;
    para *p = &bd->stack[bd->depth - 1];
    if (n > bd->b->limits->max_text_bytes - p->len || p->len + n > bd->b->limits->max_text_bytes)
        return ck_docb_fail(bd->b, CK_DOC_TOO_LARGE, "a paragraph passes the text limit of %zu bytes",
                            bd->b->limits->max_text_bytes);
    if (p->len + n > p->cap) {
        size_t cap = p->cap ? p->cap : 256;
        while (cap < p->len + n)
            cap *= 2;
        char *t = realloc(p->text, cap);
        if (!t)
            return ck_docb_fail(bd->b, CK_DOC_NO_MEMORY, "out of memory");
        p->text = t;
        p->cap = cap;
    }
    memcpy(p->text + p->len, s, n);
    p->len += n;
    return CK_DOC_OK;
}

/* The paragraph's numbering and heading level, from itself or its style chain (16 deep at most,
 * which also ends a basedOn cycle). */
static void resolve_style(const defs *d, const para *p, int *num_id, int *ilvl, int *heading)
{
    *num_id = p->num_id;
    *ilvl = p->ilvl;
    int outline = p->outline, named = 0;
    const style_def *s = p->style[0] ? find_style(d, p->style) : NULL;
    for (int hops = 0; s && hops < 16; hops++) {
        if (*num_id < 0)
            *num_id = s->num_id;
        if (*ilvl < 0)
            *ilvl = s->ilvl;
        if (outline < 0)
            outline = s->outline;
        if (!named)
            named = s->heading;
        s = s->based_on[0] ? find_style(d, s->based_on) : NULL;
    }
    *heading = outline >= 0 && outline < 9 ? outline + 1 : named;
}

static ck_doc_status para_close(body *bd)
{
    para *p = &bd->stack[--bd->depth];
    int num_id, ilvl, heading;
    resolve_style(bd->d, p, &num_id, &ilvl, &heading);
    char label[96];
    size_t n = num_id > 0 ? list_label(bd->d, num_id, ilvl < 0 ? 0 : ilvl, label, sizeof label) : 0;
    ck_docb_append(bd->b, label, n);
    ck_docb_append(bd->b, p->text, p->len);
    ck_docb_end(bd->b, ++bd->count, 0, (uint8_t)heading, n ? CK_PARA_NUMBERED : 0);
    free(p->text);
    return bd->b->status;
}

static ck_doc_status para_open(body *bd, int depth)
{
    if (bd->depth == MAX_PARA_NESTING)
        return ck_docb_fail(bd->b, CK_DOC_REFUSED, "paragraphs nested more than %d deep (text boxes "
                            "within text boxes)", MAX_PARA_NESTING);
    para *p = &bd->stack[bd->depth++];
    memset(p, 0, sizeof *p);
    p->depth = depth;
    p->num_id = p->ilvl = p->outline = -1;
    bd->ppr_depth = -1;
    return CK_DOC_OK;
}

/* Paragraph properties: only those of the innermost paragraph's own w:pPr. */
static void read_ppr(body *bd, const xml *x)
{
    para *p = &bd->stack[bd->depth - 1];
    if (is_w(x, "pStyle"))
        attr(x, "val", p->style, sizeof p->style);
    else if (is_w(x, "numId"))
        p->num_id = attr_int(x, "val", -1);
    else if (is_w(x, "ilvl"))
        p->ilvl = attr_int(x, "val", -1);
    else if (is_w(x, "outlineLvl"))
        p->outline = attr_int(x, "val", -1);
}

/* Subtrees whose text is not the document's: tracked deletions and moves away, the properties
 * before a tracked change, and the fallback copy of drawings that would repeat a text box. */
static bool skipped(const xml *x)
{
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(x->r);
    const xmlChar *name = xmlTextReaderConstLocalName(x->r);
    if (ns && name && strcmp((const char *)ns, MC_NS) == 0 && strcmp((const char *)name, "Fallback") == 0)
        return true;
    return is_w(x, "del") || is_w(x, "moveFrom") || is_w(x, "pPrChange") || is_w(x, "rPrChange");
}

/* One start element of the body. */
static ck_doc_status body_element(body *bd, const xml *x, int depth)
{
    bool empty = xmlTextReaderIsEmptyElement(x->r);
    if (is_w(x, "p")) {
        if (para_open(bd, depth) != CK_DOC_OK)
            return bd->b->status;
        return empty ? para_close(bd) : CK_DOC_OK;
    }
    if (bd->depth == 0)
        return CK_DOC_OK;
    if (is_w(x, "pPr") && depth == bd->stack[bd->depth - 1].depth + 1 && !empty)
        bd->ppr_depth = depth;
    else if (bd->ppr_depth >= 0)
        read_ppr(bd, x);
    else if (is_w(x, "t"))
        bd->in_t = !empty;
    else if (is_w(x, "tab"))
        return para_add(bd, "\t", 1);
    else if (is_w(x, "br") || is_w(x, "cr"))
        return para_add(bd, " ", 1);
    else if (is_w(x, "noBreakHyphen"))
        return para_add(bd, "-", 1);
    return CK_DOC_OK;
}

static ck_doc_status read_body(ck_doc_builder *b, defs *d, const char *buf, size_t len)
{
    xml x;
    body bd = {.b = b, .d = d, .ppr_depth = -1};
    if (xml_open(&x, b, "word/document.xml", buf, len) != CK_DOC_OK)
        return b->status;
    bool skip = false;
    int r;
    while (b->status == CK_DOC_OK && (r = xml_next(&x, skip)) == 1) {
        int type = xmlTextReaderNodeType(x.r), depth = xmlTextReaderDepth(x.r);
        skip = type == XML_READER_TYPE_ELEMENT && skipped(&x);
        if (skip)
            continue;
        if (type == XML_READER_TYPE_ELEMENT) {
            body_element(&bd, &x, depth);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (bd.depth && depth == bd.stack[bd.depth - 1].depth && is_w(&x, "p"))
                para_close(&bd);
            else if (depth == bd.ppr_depth)
                bd.ppr_depth = -1;
            else if (is_w(&x, "t"))
                bd.in_t = false;
        } else if (bd.in_t && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                               type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
            const xmlChar *v = xmlTextReaderConstValue(x.r);
            if (v)
                para_add(&bd, (const char *)v, strlen((const char *)v));
        }
    }
    while (bd.depth) /* only after a failure: free what was open */
        free(bd.stack[--bd.depth].text);
    xml_close(&x);
    return b->status;
}

ck_doc_status ck_docx_read(ck_doc_builder *b, const unsigned char *data, size_t len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!za) {
        ck_docb_fail(b, CK_DOC_MALFORMED, "not a readable ZIP archive: %s", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return b->status;
    }
    zip_error_fini(&ze);
    xmlInitParser();
    defs d = {0};
    char *body_xml = NULL, *part = NULL;
    size_t body_len = 0, part_len = 0;
    if (check_members(b, za) == CK_DOC_OK &&
        read_member(b, za, "word/document.xml", true, &body_xml, &body_len) == CK_DOC_OK &&
        read_member(b, za, "word/styles.xml", false, &part, &part_len) == CK_DOC_OK &&
        (!part || read_styles(b, &d, part, part_len) == CK_DOC_OK)) {
        free(part);
        part = NULL;
        if (read_member(b, za, "word/numbering.xml", false, &part, &part_len) == CK_DOC_OK &&
            (!part || read_numbering(b, &d, part, part_len) == CK_DOC_OK)) {
            sort_definitions(&d);
            read_body(b, &d, body_xml, body_len);
        }
    }
    free(part);
    free(body_xml);
    free(d.styles);
    free(d.abstracts);
    free(d.nums);
    zip_discard(za);
    return b->status;
}
