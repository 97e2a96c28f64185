/* Does the contract say what the record says? Each clause's section, required words and durations read from the documents. */
#include "document_check.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "duration_phrase.h"
#include "present.h"
#include "scope.h"

#define MAX_PHRASES 64 /* durations read per section: a section stating more is a chapter, not a clause */
#define MAX_BOUNDS 16  /* bounds on one parameter that are looked at */
#define QUOTE_BYTES 160

/* A document the record lists, as read. */
typedef struct opened {
    const ck_rec_document *rd;
    const ck_doc_cached *dc;  /* NULL when the entry gives no usable path (record-invalid says why) */
    bool usable;              /* read, with its sections */
    const char *path;         /* as reports show it: the root joined to the record's path */
    const char *name;         /* its base name, for messages: "MSA.docx" */
} opened;

/* A bound that a requirement applying to the record puts on a duration parameter. */
typedef struct bound {
    int req;
    ck_cmp_op op;
    ck_duration need;
} bound;

/* Which way a parameter's bounds point: what "weaker" means for it. */
typedef enum { DIR_AT_MOST, DIR_AT_LEAST, DIR_EXACT } direction;

typedef struct dcx {
    const ck_doccheck *in;
    const ck_policy *p;
    const ck_record *rec;
    ck_arena *arena;
    opened *docs;
    size_t ndocs;
    ck_scope scope;             /* the record at its tier; reading bounds marks nothing */
    const ck_rec_party *party;  /* whose clause is checked; NULL for the supplier's */
    bool oom;
} dcx;

/* ---- findings and trace lines ---- */

static char *fmt(dcx *x, const char *f, ...) __attribute__((format(printf, 2, 3)));
static char *fmt(dcx *x, const char *f, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    char *s = ck_arena_strdup(x->arena, buf);
    x->oom = x->oom || !s;
    return s;
}

static void trace(dcx *x, int depth, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void trace(dcx *x, int depth, const char *f, ...)
{
    if (!x->in->trace)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, f);
    vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    ck_trace_line *t = ck_arena_alloc(x->arena, sizeof *t);
    if (!t || !(t->text = ck_arena_strdup(x->arena, buf)) || ck_vec_push(x->arena, x->in->trace, t) != 0) {
        x->oom = true;
        return;
    }
    t->req = -1;
    t->depth = depth;
}

/* trace() whose arguments are not even computed when no explanation is kept. */
#define TRACE(x, ...) ((x)->in->trace ? trace((x), __VA_ARGS__) : (void)0)

static const char *where(dcx *x, ck_span span)
{
    if (!span.src)
        return "not given";
    ck_linecol lc = ck_source_linecol(span.src, span.start);
    return fmt(x, "%s:%u:%u", span.src->path, lc.line, lc.col);
}

static ck_finding *add(dcx *x, ck_finding_kind kind, ck_severity sev, ck_span span, const char *message,
                       const char *fix, const ck_finding_document *doc)
{
    ck_finding *f = ck_arena_alloc(x->arena, sizeof *f);
    if (!f) {
        x->oom = true;
        return NULL;
    }
    f->kind = kind;
    f->severity = sev;
    f->req = -1;
    f->party = x->party;
    f->span = span.src ? span : x->party ? x->party->span : x->rec->span;
    /* as the evaluator's: a finding about a party names it first */
    f->message = x->party ? fmt(x, "%s %s: %s", x->party->kind_name, x->party->id ? x->party->id : "(no id)", message)
                          : message;
    f->remediation = fix;
    f->document = doc;
    if (ck_vec_push(x->arena, x->in->findings, f) != 0)
        x->oom = true;
    return f;
}

/* ---- where in a document ---- */

/* Words of the document on one line, for quoting: line breaks and tabs as spaces, cut between characters. */
static const char *quote(dcx *x, const char *s, size_t len)
{
    if (len > QUOTE_BYTES) {
        len = QUOTE_BYTES;
        while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    char *q = ck_arena_strndup(x->arena, s, len);
    if (!q) {
        x->oom = true;
        return NULL;
    }
    for (char *c = q; *c; c++)
        if (*c == '\n' || *c == '\t')
            *c = ' ';
    return q;
}

static ck_finding_document *doc_info(dcx *x, const opened *o)
{
    ck_finding_document *d = ck_arena_alloc(x->arena, sizeof *d);
    if (!d) {
        x->oom = true;
        return NULL;
    }
    d->id = o->rd->id;
    d->path = o->path;
    d->format = o->usable ? ck_doc_format_name(o->dc->doc->format) : NULL;
    return d;
}

/* d says where bytes [start, end) of o's text are, in words and in numbers, and quotes them. */
static void doc_place(dcx *x, const opened *o, ck_finding_document *d, size_t start, size_t end)
{
    const ck_document *doc = o->dc->doc;
    char buf[160];
    ck_doc_describe_span(doc, start, end, buf, sizeof buf);
    d->where = fmt(x, "%s", buf);
    const ck_doc_para *a = ck_doc_para_at(doc, start), *z = ck_doc_para_at(doc, end > start ? end - 1 : start);
    if (!a)
        return;
    d->page = a->page;
    d->line = a->number;
    d->start_char = (unsigned)ck_doc_chars_between(doc->text, a->offset, start) + 1;
    d->end_char = a == z ? (unsigned)ck_doc_chars_between(doc->text, a->offset, end) : 0;
    d->text = quote(x, doc->text + start, end - start);
}

/* "MSA.docx, paragraph 41, characters 1-3 ("9.2")": a span for explain. */
static const char *span_words(dcx *x, const opened *o, size_t start, size_t end)
{
    char buf[160];
    ck_doc_describe_span(o->dc->doc, start, end, buf, sizeof buf);
    return fmt(x, "%s, %s (\"%s\")", o->name, buf, quote(x, o->dc->doc->text + start, end - start));
}

/* ---- the documents ---- */

/* A document that could not be read: a finding of the evidence-file kind it resembles. */
static void unreadable(dcx *x, const opened *o)
{
    const ck_doc_error *err = &o->dc->err;
    ck_finding_kind kind = CK_FK_DOCUMENT_UNREADABLE;
    const char *fix;
    switch (err->status) {
    case CK_DOC_FILE:
        kind = err->file_status == CK_EVFILE_MISSING        ? CK_FK_DOCUMENT_FILE_MISSING
               : err->file_status == CK_EVFILE_OUTSIDE_ROOT ? CK_FK_DOCUMENT_OUTSIDE_ROOT
                                                            : CK_FK_DOCUMENT_UNREADABLE;
        fix = kind == CK_FK_DOCUMENT_FILE_MISSING   ? fmt(x, "add the file %s to the repository or correct the path", o->rd->file)
              : kind == CK_FK_DOCUMENT_OUTSIDE_ROOT ? "keep contract documents inside the contract repository and name them by a relative path"
                                                    : "replace the path with a regular, readable file inside the repository";
        break;
    case CK_DOC_TOO_LARGE: fix = "check that the file is the contract; the limits are in docs/documents.md"; break;
    case CK_DOC_UNSUPPORTED: fix = "save the document as PDF, DOCX, Markdown or UTF-8 text"; break;
    case CK_DOC_NO_TEXT: fix = "run the scanned document through OCR, so that it has a text layer"; break;
    default: fix = "export the document again from its source, as PDF or DOCX"; break;
    }
    const char *why = err->detail[0] ? err->detail : ck_doc_status_name(err->status);
    add(x, kind, CK_SEV_ERROR, o->rd->file_span,
        err->status == CK_DOC_FILE ? fmt(x, "contract document %s: %s", o->rd->id, why)
                                   : fmt(x, "contract document %s (%s) cannot be read: %s", o->rd->id, o->name, why),
        fix, doc_info(x, o));
    TRACE(x, 1, "%s: %s cannot be read (%s)", o->rd->id, o->path, why);
}

/* The record's documents, each read (or found in the cache), its hash compared with the record's. */
static int open_documents(dcx *x)
{
    const ck_vec *docs = &x->rec->documents;
    const char *root = x->in->root->root_path;
    bool dot = !root || !*root || strcmp(root, ".") == 0; /* "" would read before the string */
    if (!(x->docs = ck_arena_alloc(x->arena, (docs->len + 1) * sizeof *x->docs)))
        return -1;
    ck_doc_cache_begin_record(x->in->cache);
    TRACE(x, 0, "contract documents (%s)", where(x, x->rec->documents_span));
    for (size_t i = 0; i < docs->len; i++) {
        opened *o = &x->docs[x->ndocs++];
        o->rd = docs->items[i];
        if (!o->rd->file)
            continue; /* none given, or not valid: a record-invalid finding says so */
        const char *slash = strrchr(o->rd->file, '/');
        o->name = slash ? slash + 1 : o->rd->file;
        o->path = dot ? o->rd->file : fmt(x, "%s%s%s", root, root[strlen(root) - 1] == '/' ? "" : "/", o->rd->file);
        if (!(o->dc = ck_doc_cache_get(x->in->cache, x->in->root, o->rd->file, o->rd->file_len)))
            return -1;
        if (o->dc->status != CK_DOC_OK) {
            unreadable(x, o);
            continue;
        }
        o->usable = true;
        x->in->tally->read++;
        const ck_document *doc = o->dc->doc;
        bool same = !o->rd->sha256 || strcasecmp(o->rd->sha256, doc->sha256_hex) == 0;
        TRACE(x, 1, "%s: %s, %s, %zu %s, %zu sections; sha256 %s", o->rd->id, o->path, ck_doc_format_name(doc->format),
              doc->npara, doc->format == CK_DOC_DOCX ? "paragraphs" : "lines", o->dc->sections->n,
              !o->rd->sha256 ? "not recorded" : same ? "as recorded" : "differs from the record's: the file changed");
        if (!same)
            add(x, CK_FK_DOCUMENT_HASH_MISMATCH, CK_SEV_ERROR, o->rd->file_span,
                fmt(x, "contract document %s (%s) does not match its recorded sha256: it changed since it was recorded; "
                       "it is checked as it now reads", o->rd->id, o->name),
                fmt(x, "check that %s is the contract as signed; if it is, record sha256 %s", o->rd->file, doc->sha256_hex),
                doc_info(x, o));
    }
    return x->oom ? -1 : 0;
}

/* ---- what the policy bounds ---- */

static void rule_bounds(dcx *x, const ck_rule *r, int req, int clause, int param, bool in_party, bound *out, size_t *n);

static void rules_bounds(dcx *x, const ck_vec *rules, int req, int clause, int param, bool in_party, bound *out, size_t *n)
{
    for (size_t i = 0; i < rules->len; i++)
        rule_bounds(x, rules->items[i], req, clause, param, in_party, out, n);
}

/* The bounds rule r puts on parameter `param` of clause `clause`: the supplier's clause when
 * in_party is false, else the clause of a party of x->party's kind (rules inside its `for`). */
static void rule_bounds(dcx *x, const ck_rule *r, int req, int clause, int param, bool in_party, bound *out, size_t *n)
{
    switch (r->kind) {
    case CK_RULE_CLAUSE:
        if (r->target_ref != clause || in_party != (x->party != NULL))
            return;
        for (size_t i = 0; i < r->params.len && *n < MAX_BOUNDS; i++) {
            const ck_param_test *pt = r->params.items[i];
            ck_value need = pt->value ? ck_scope_value(&x->scope, pt->value) : (ck_value){0};
            if (pt->param_index == param && pt->op != CK_OP_NE && need.present && need.kind == CK_TYPE_DURATION)
                out[(*n)++] = (bound){req, pt->op, need.u.duration};
        }
        return;
    case CK_RULE_ANY:
    case CK_RULE_ALL: rules_bounds(x, &r->children, req, clause, param, in_party, out, n); return;
    case CK_RULE_CHOICE:
        /* as the evaluator reads guards: a false one does not apply, an unknown one might */
        for (size_t i = 0; i < r->children.len; i++) {
            const ck_guard_arm *arm = r->children.items[i];
            ck_tri t = arm->cond ? ck_scope_cond(&x->scope, arm->cond) : CK_TRI_TRUE;
            if (t != CK_TRI_FALSE)
                rule_bounds(x, arm->rule, req, clause, param, in_party, out, n);
            if (t == CK_TRI_TRUE)
                break;
        }
        return;
    case CK_RULE_QUANT:
        if (r->has_block && x->party && r->target_ref == x->party->kind)
            rules_bounds(x, &r->children, req, clause, param, true, out, n);
        return;
    default: return;
    }
}

/* The bounds requirements that apply to the record put on a clause's parameter; how many. */
static size_t param_bounds(dcx *x, int clause, int param, bound *out)
{
    size_t n = 0;
    for (size_t k = 0; k < x->p->nreqs; k++) {
        size_t r = x->p->req_order[k];
        const ck_requirement *req = &x->p->reqs[r];
        if (x->in->tier < req->tier_lo || x->in->tier > req->tier_hi ||
            (req->decl->when && ck_scope_cond(&x->scope, req->decl->when) == CK_TRI_FALSE))
            continue;
        rules_bounds(x, &req->decl->rules, (int)r, clause, param, false, out, &n);
    }
    return n;
}

static direction direction_of(const bound *b, size_t n)
{
    direction d = b[0].op == CK_OP_LE || b[0].op == CK_OP_LT ? DIR_AT_MOST
                  : b[0].op == CK_OP_GE || b[0].op == CK_OP_GT ? DIR_AT_LEAST
                                                                : DIR_EXACT;
    for (size_t i = 1; i < n; i++) {
        direction e = b[i].op == CK_OP_LE || b[i].op == CK_OP_LT ? DIR_AT_MOST
                      : b[i].op == CK_OP_GE || b[i].op == CK_OP_GT ? DIR_AT_LEAST
                                                                    : DIR_EXACT;
        if (e != d)
            return DIR_EXACT;
    }
    return d;
}

/* ---- durations ---- */

/* The length words give a parameter, read the way its bounds point: a deadline is as long as the
 * latest time the words allow ("5 business days" may be 7 days), a minimum as short as the earliest. */
static int64_t phrase_minutes(const ck_dphrase *ph, direction d)
{
    int64_t shortest, longest;
    ck_dphrase_minutes(ph, &shortest, &longest);
    return d == DIR_AT_LEAST ? shortest : longest;
}

static bool phrase_exact(const ck_dphrase *ph)
{
    int64_t shortest, longest;
    ck_dphrase_minutes(ph, &shortest, &longest);
    return shortest == longest;
}

/* Whether the words state the record's value. Minutes, which a record cannot write, agree with the
 * whole hours they round up to. */
static bool agrees(const ck_dphrase *ph, direction d, ck_duration rec)
{
    if (ph->kind != CK_DPHRASE_QUANTIFIED || (d == DIR_EXACT && !phrase_exact(ph)))
        return false;
    if (ph->low.unit == CK_DPU_MINUTE && ph->high.unit == CK_DPU_MINUTE && phrase_exact(ph))
        return ck_duration_cmp(ph->value, rec) == 0;
    return phrase_minutes(ph, d) == ck_duration_minutes(rec);
}

/* "document" when the words allow less than the record says (a later deadline, a shorter notice),
 * "record" when they hold the supplier to more, NULL when neither can be said. */
static const char *weaker_side(const ck_dphrase *ph, direction d, ck_duration rec)
{
    int64_t m = phrase_minutes(ph, d), r = ck_duration_minutes(rec);
    if (d == DIR_EXACT || m == r)
        return NULL;
    return (d == DIR_AT_MOST ? m > r : m < r) ? "document" : "record";
}

/* Minutes as a reader counts them: "3 calendar days", "10 hours". */
static const char *calendar(dcx *x, int64_t m)
{
    if (m % 1440 == 0)
        return fmt(x, "%lld calendar day%s", (long long)(m / 1440), m == 1440 ? "" : "s");
    return fmt(x, "%lld hour%s", (long long)((m + 59) / 60), m <= 60 ? "" : "s");
}

/* What the words say, for a reader: "72 hours", "1 business day (up to 3 calendar days)". */
static const char *phrase_words(dcx *x, const ck_dphrase *ph, direction d)
{
    char buf[160];
    ck_dphrase_describe(ph, buf, sizeof buf);
    if (ph->kind == CK_DPHRASE_QUANTIFIED && (ph->low.business || ph->high.business) && d != DIR_EXACT)
        return fmt(x, "%s (%s %s)", buf, d == DIR_AT_MOST ? "up to" : "at least", calendar(x, phrase_minutes(ph, d)));
    return fmt(x, "%s", buf);
}

/* The duration a record would write for the words: the bound its policy compares, in the words'
 * own unit where a record has it. */
static const char *recordable(dcx *x, const ck_dphrase *ph, direction d)
{
    static const char *const unit[] = {[CK_DPU_MINUTE] = "", [CK_DPU_HOUR] = "h", [CK_DPU_DAY] = "d",
                                       [CK_DPU_WEEK] = "w", [CK_DPU_MONTH] = "mo", [CK_DPU_YEAR] = "y"};
    const ck_dphrase_amount *a = d == DIR_AT_LEAST ? &ph->low : &ph->high;
    if (!a->business && a->unit != CK_DPU_MINUTE)
        return fmt(x, "%lld%s", (long long)a->amount, unit[a->unit]);
    int64_t m = phrase_minutes(ph, d);
    if (m % 1440 == 0)
        return fmt(x, "%lldd", (long long)(m / 1440));
    /* never stronger than the words: a deadline rounds up, a minimum down */
    return fmt(x, "%lldh", (long long)(d == DIR_AT_LEAST ? m / 60 : (m + 59) / 60));
}

static bool meets(const ck_dphrase *ph, const bound *b)
{
    direction d = b->op == CK_OP_GE || b->op == CK_OP_GT ? DIR_AT_LEAST : DIR_AT_MOST;
    int64_t m = phrase_minutes(ph, d), need = ck_duration_minutes(b->need);
    switch (b->op) {
    case CK_OP_LE: return m <= need;
    case CK_OP_LT: return m < need;
    case CK_OP_GE: return m >= need;
    case CK_OP_GT: return m > need;
    case CK_OP_EQ: return m == need && phrase_exact(ph);
    case CK_OP_NE: break;
    }
    return true;
}

/* "BL-04 requires at most 24h": the first applicable bound. */
static const char *bound_words(dcx *x, const bound *b)
{
    char need[32];
    ck_duration_format(b->need, need, sizeof need);
    return fmt(x, "%s requires %s%s", x->p->reqs[b->req].id, b->op == CK_OP_EQ ? "exactly " : ck_op_words(b->op), need);
}

/* What the document's value means for the policy: the first bound it fails, or that it meets them. */
static const char *consequence(dcx *x, const ck_dphrase *ph, const bound *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!meets(ph, &b[i]))
            return fmt(x, "; %s", bound_words(x, &b[i]));
    char need[32];
    ck_duration_format(b[0].need, need, sizeof need);
    return fmt(x, "; that still meets %s (%s%s)", x->p->reqs[b[0].req].id, ck_op_words(b[0].op), need);
}

/* ---- one clause's section ---- */

/* A duration parameter a requirement bounds, with the record's value and the words stating it. */
typedef struct pcheck {
    int param;
    const ck_value *value;   /* the record's */
    bound b[MAX_BOUNDS];
    size_t nb;
    direction dir;
    int agree;               /* the phrase stating the record's value, -1 when none does */
} pcheck;
#define MAX_CHECKED 16       /* duration parameters of one clause compared */

/* A clause's section as found: where, its text, and the durations it states. */
typedef struct found_section {
    const ck_clause *cl;
    const ck_rec_clause *rc;
    const opened *o;
    const ck_doc_section *sec;
    size_t base, len;        /* the section's text, subsections included, in the document's text */
    ck_dphrase ph[MAX_PHRASES]; /* spans relative to base */
    size_t nph;
} found_section;

static const char *section_text(const found_section *fs) { return fs->o->dc->doc->text + fs->base; }

/* The finding's document part: the document and the section, placed at [start, end) of the section. */
static ck_finding_document *section_info(dcx *x, const found_section *fs, size_t start, size_t end)
{
    ck_finding_document *d = doc_info(x, fs->o);
    if (!d)
        return NULL;
    d->section = fs->sec->id;
    doc_place(x, fs->o, d, fs->base + start, fs->base + end);
    return d;
}

/* The section's first line (its number and heading), where findings about it as a whole point. */
static ck_finding_document *heading_info(dcx *x, const found_section *fs)
{
    size_t end = fs->sec->heading_end > fs->sec->label_end ? fs->sec->heading_end : fs->sec->label_end;
    return section_info(x, fs, fs->sec->label_start - fs->base, end - fs->base);
}

static const char *phrase_span(dcx *x, const found_section *fs, const ck_dphrase *ph)
{
    return span_words(x, fs->o, fs->base + ph->start, fs->base + ph->end);
}

static const char *param_name(const found_section *fs, const pcheck *pc) { return fs->cl->params[pc->param].name; }

/* " and 48 hours, 96 hours": the other candidates after the first, at most three in all. */
static const char *other_values(dcx *x, const found_section *fs, const pcheck *pc, const int *cand, size_t n)
{
    char buf[256] = "";
    size_t at = 0;
    for (size_t i = 1; i < n && i < 3 && at < sizeof buf; i++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s", i + 1 == n || i == 2 ? " and " : ", ",
                               phrase_words(x, &fs->ph[cand[i]], pc->dir));
    return fmt(x, "%s%s", buf, n > 3 ? " among others" : "");
}

/* The section states a value other than the record's: both values, both places, which is weaker. */
static void differs(dcx *x, const found_section *fs, const pcheck *pc, const int *cand, size_t n)
{
    const ck_dphrase *p0 = &fs->ph[cand[0]];
    char rec[32];
    ck_duration_format(pc->value->u.duration, rec, sizeof rec);
    /* several candidates: the document is stronger only if each of them is */
    bool doc_stronger = true;
    for (size_t i = 0; i < n; i++) {
        const char *w = weaker_side(&fs->ph[cand[i]], pc->dir, pc->value->u.duration);
        doc_stronger = doc_stronger && w && strcmp(w, "record") == 0;
    }
    const char *weak = n == 1 ? weaker_side(p0, pc->dir, pc->value->u.duration) : NULL;
    const char *says = phrase_words(x, p0, pc->dir), *name = param_name(fs, pc);
    const char *msg = fmt(x, "%s in clause %s: the record says %s, section %s of %s says %s%s%s%s", name, fs->cl->name,
                          rec, fs->rc->section, fs->o->name, says, other_values(x, fs, pc, cand, n),
                          !weak ? "" : doc_stronger ? ", which is stronger" : ", which is weaker",
                          doc_stronger || pc->dir == DIR_EXACT ? "" : consequence(x, p0, pc->b, pc->nb));
    const char *fix = doc_stronger ? fmt(x, "record %s: %s, as section %s of %s says", name, recordable(x, p0, pc->dir),
                                         fs->rc->section, fs->o->name)
                                   : fmt(x, "record what the contract says (%s: %s), or have section %s of %s amended to %s",
                                         name, recordable(x, p0, pc->dir), fs->rc->section, fs->o->name, rec);
    ck_finding_document *d = section_info(x, fs, p0->start, p0->end);
    if (d) {
        d->record_value = fmt(x, "%s", rec);
        d->document_value = says;
        d->weaker = weak;
    }
    /* The record overstating the contract hides a risk; understating it does not, but is still wrong. */
    add(x, CK_FK_DOCUMENT_VALUE_DIFFERS, doc_stronger ? CK_SEV_WARNING : CK_SEV_ERROR, pc->value->span, msg, fix, d);
    TRACE(x, 2, "%s: the record says %s (%s); the document says %s at %s: differs%s", name, rec,
          where(x, pc->value->span), says, phrase_span(x, fs, p0),
          !weak ? "" : doc_stronger ? ", the document is stronger" : ", the document is weaker");
}

/* The section sets no time for a parameter the policy bounds: only words ("promptly"), or nothing. */
static void unquantified(dcx *x, const found_section *fs, const pcheck *pc, const ck_dphrase *words)
{
    const char *name = param_name(fs, pc);
    char rec[32] = "";
    if (pc->value->present)
        ck_duration_format(pc->value->u.duration, rec, sizeof rec);
    const char *says = words ? fmt(x, "sets no time for it: it says only \"%s\"", words->words)
                             : fmt(x, "states no duration for it");
    const char *msg = fmt(x, "%s in clause %s: section %s of %s %s%s%s; %s", name, fs->cl->name, fs->rc->section,
                          fs->o->name, says, rec[0] ? ", the record says " : "", rec, bound_words(x, &pc->b[0]));
    char need[32];
    ck_duration_format(pc->b[0].need, need, sizeof need);
    const char *fix = fmt(x, "have section %s of %s state a time for %s (%s%s), or point the record at the section that "
                             "does", fs->rc->section, fs->o->name, name,
                          pc->b[0].op == CK_OP_EQ ? "" : ck_op_words(pc->b[0].op), need);
    ck_finding_document *d = words ? section_info(x, fs, words->start, words->end) : heading_info(x, fs);
    if (d) {
        d->record_value = rec[0] ? fmt(x, "%s", rec) : NULL;
        d->document_value = words ? words->words : "no duration";
        d->weaker = rec[0] ? "document" : NULL;
    }
    /* A record that claims a bound the paper does not give hides a risk; one that claims none
     * already fails the requirement, and this says why the paper cannot meet it yet. */
    add(x, CK_FK_DOCUMENT_VALUE_UNQUANTIFIED, rec[0] ? CK_SEV_ERROR : CK_SEV_WARNING,
        pc->value->present ? pc->value->span : fs->rc->section_span, msg, fix, d);
    TRACE(x, 2, "%s: %s%s%s", name, words ? fmt(x, "the document says only %s", phrase_span(x, fs, words)) : says,
          rec[0] ? "; the record says " : "", rec);
}

/* The clause's duration parameters that requirements applying to the record bound; how many. */
static size_t bounded_params(dcx *x, const found_section *fs, int c, pcheck *out)
{
    size_t n = 0;
    for (size_t k = 0; k < fs->cl->nparams && n < MAX_CHECKED; k++) {
        if (fs->cl->params[k].type.kind != CK_TYPE_DURATION)
            continue;
        pcheck *pc = &out[n];
        pc->param = (int)k;
        pc->value = &fs->rc->params[k];
        pc->agree = -1;
        pc->nb = param_bounds(x, c, (int)k, pc->b);
        if (!pc->nb) {
            TRACE(x, 2, "%s: no requirement that applies to the record bounds it; not compared", fs->cl->params[k].name);
            continue;
        }
        if (pc->value->invalid)
            continue; /* its record-invalid finding says what is wrong */
        pc->dir = direction_of(pc->b, pc->nb);
        n++;
    }
    return n;
}

/*
 * Each bounded duration parameter against the durations the section states. A section may state
 * several (an early warning in 24 hours, a notification in 72): a parameter first takes words
 * stating its recorded value; the rest are compared with the words no parameter agreed with.
 */
static void check_durations(dcx *x, found_section *fs, int c)
{
    pcheck pcs[MAX_CHECKED];
    size_t npc = bounded_params(x, fs, c, pcs);
    if (!npc)
        return;
    size_t total = ck_dphrase_scan(section_text(fs), fs->len, fs->ph, MAX_PHRASES);
    fs->nph = total < MAX_PHRASES ? total : MAX_PHRASES;
    if (total > MAX_PHRASES)
        TRACE(x, 2, "the section states %zu durations; the first %d are compared", total, MAX_PHRASES);
    /* Words agreeing with one parameter are its own, so that an early warning "within 24 hours"
     * does not also vouch for a notification the record puts at 24h where the section says 72. */
    bool taken[MAX_PHRASES] = {0};
    for (size_t i = 0; i < npc; i++) {
        pcheck *pc = &pcs[i];
        for (size_t k = 0; pc->value->present && k < fs->nph && pc->agree < 0; k++)
            if (!taken[k] && agrees(&fs->ph[k], pc->dir, pc->value->u.duration))
                pc->agree = (int)k;
        if (pc->agree >= 0)
            taken[pc->agree] = true;
    }
    int cand[MAX_PHRASES], first_words = -1;
    size_t ncand = 0;
    for (size_t k = 0; k < fs->nph; k++) {
        if (fs->ph[k].kind == CK_DPHRASE_UNQUANTIFIED && first_words < 0)
            first_words = (int)k;
        else if (fs->ph[k].kind == CK_DPHRASE_QUANTIFIED && !taken[k])
            cand[ncand++] = (int)k;
    }
    for (size_t i = 0; i < npc; i++) {
        pcheck *pc = &pcs[i];
        const ck_dphrase *words = first_words >= 0 ? &fs->ph[first_words] : NULL;
        /* with no other words left, one duration may state two parameters that are alike */
        for (size_t k = 0; !ncand && pc->value->present && k < fs->nph && pc->agree < 0; k++)
            if (agrees(&fs->ph[k], pc->dir, pc->value->u.duration))
                pc->agree = (int)k;
        if (pc->agree >= 0) {
            char rec[32];
            ck_duration_format(pc->value->u.duration, rec, sizeof rec);
            TRACE(x, 2, "%s: the record says %s (%s); the document says %s at %s: agrees", param_name(fs, pc), rec,
                  where(x, pc->value->span), phrase_words(x, &fs->ph[pc->agree], pc->dir),
                  phrase_span(x, fs, &fs->ph[pc->agree]));
        } else if (pc->value->present && ncand) {
            differs(x, fs, pc, cand, ncand);
        } else if (ncand) {
            TRACE(x, 2, "%s: the record does not state it; the document says %s at %s", param_name(fs, pc),
                  phrase_words(x, &fs->ph[cand[0]], pc->dir), phrase_span(x, fs, &fs->ph[cand[0]]));
        } else if (pc->value->present || words) {
            unquantified(x, fs, pc, words); /* no candidate is left: only words, or nothing at all */
        } else {
            TRACE(x, 2, "%s: the record does not state it, nor does the section", param_name(fs, pc));
        }
    }
}

/* "\"incident\" or \"breach\"": a mention as the policy writes it. */
static const char *mention_words(dcx *x, const ck_mention *m)
{
    char buf[512];
    size_t at = 0;
    buf[0] = '\0';
    for (size_t a = 0; a < m->alts.len && at < sizeof buf; a++)
        at += (size_t)snprintf(buf + at, sizeof buf - at, "%s\"%s\"", a ? " or " : "", ((const ck_name *)m->alts.items[a])->text);
    return fmt(x, "%s", buf);
}

/* The section contains each of the clause's required words (any alternative of each); false when
 * one is missing. */
static bool check_mentions(dcx *x, const found_section *fs)
{
    bool all = true;
    const ck_vec *ms = &fs->cl->decl->mentions;
    for (size_t i = 0; i < ms->len; i++) {
        const ck_mention *m = ms->items[i];
        size_t s = 0, e = 0;
        bool hit = false;
        for (size_t a = 0; a < m->alts.len && !hit; a++) {
            const char *w = ((const ck_name *)m->alts.items[a])->text;
            hit = ck_dphrase_find_words(section_text(fs), fs->len, w, strlen(w), &s, &e);
        }
        if (hit) {
            TRACE(x, 2, "mentions %s: at %s", mention_words(x, m), span_words(x, fs->o, fs->base + s, fs->base + e));
            continue;
        }
        add(x, CK_FK_DOCUMENT_MENTION_MISSING, CK_SEV_WARNING, fs->rc->section_span,
            fmt(x, "clause %s: section %s of %s does not mention %s, which the policy looks for in the clause's section",
                fs->cl->name, fs->rc->section, fs->o->name, mention_words(x, m)),
            fmt(x, "check that section %s is where the contract states clause %s (%s); if the contract words it "
                   "differently, add its words to the clause's mentions in the policy",
                fs->rc->section, fs->cl->name, fs->cl->decl->title),
            heading_info(x, fs));
        TRACE(x, 2, "mentions %s: not in the section", mention_words(x, m));
        all = false;
    }
    return all;
}

/* "MSA.docx, DPA.pdf": the documents a section was looked for in. */
static const char *searched(dcx *x, const ck_rec_clause *rc)
{
    char buf[512] = "";
    size_t at = 0, n = 0;
    for (size_t i = 0; i < x->ndocs && at < sizeof buf; i++) {
        const opened *o = &x->docs[i];
        if (o->usable && (!rc->doc || o->rd == rc->doc))
            at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s", n++ ? ", " : "", o->name);
    }
    return fmt(x, "%s", buf);
}

/* The section is in none of the documents looked in (or is no section number at all). */
static void section_missing(dcx *x, const ck_clause *cl, const ck_rec_clause *rc, const opened *only, bool readable)
{
    ck_finding_document *d = only ? doc_info(x, only) : NULL;
    if (!readable) {
        add(x, CK_FK_DOCUMENT_SECTION_MISSING, CK_SEV_ERROR, rc->section_span,
            fmt(x, "clause %s: section '%s' is not a section number that can be looked up in a document", cl->name,
                rc->section),
            "write the section as the document numbers it: 9.2, 9.2(a), Schedule 2 para 4, Annex II", d);
        TRACE(x, 2, "not a section number that can be looked up");
        return;
    }
    add(x, CK_FK_DOCUMENT_SECTION_MISSING, CK_SEV_ERROR, rc->section_span,
        only ? fmt(x, "clause %s: section %s is not in %s (contract document %s)", cl->name, rc->section, only->name,
                   only->rd->id)
             : fmt(x, "clause %s: section %s is in none of the contract documents (%s)", cl->name, rc->section,
                   searched(x, rc)),
        fmt(x, "correct the section to where the contract states clause %s (%s), or list the document that holds it",
            cl->name, cl->decl->title),
        d);
    TRACE(x, 2, "not found in %s", searched(x, rc));
}

/* "line 3", "paragraph 12", "page 2, line 5": the paragraph holding offset off. */
static const char *paragraph_words(dcx *x, const ck_document *doc, size_t off)
{
    const ck_doc_para *p = ck_doc_para_at(doc, off);
    if (!p)
        return "the end";
    const char *unit = doc->format == CK_DOC_DOCX ? "paragraph" : "line";
    return p->page ? fmt(x, "page %u, %s %u", p->page, unit, p->number) : fmt(x, "%s %u", unit, p->number);
}

/* The first place with the section's id after the one found (a document numbering two places alike). */
static const ck_doc_section *second_place(const ck_sections *ss, const ck_doc_section *first)
{
    for (size_t i = (size_t)(first - ss->items) + 1; i < ss->n; i++)
        if (strcmp(ss->items[i].id, first->id) == 0)
            return &ss->items[i];
    return NULL;
}

/* Found, but numbered alike elsewhere too: say which one was read. */
static void ambiguous(dcx *x, const found_section *fs, size_t matches, const opened *other)
{
    const char *msg, *fix;
    if (matches > 1) {
        const ck_doc_section *again = second_place(fs->o->dc->sections, fs->sec);
        msg = fmt(x, "clause %s: %s has %zu sections numbered %s (%s and %s); the first is read", fs->cl->name,
                  fs->o->name, matches, fs->sec->id, paragraph_words(x, fs->o->dc->doc, fs->sec->label_start),
                  again ? paragraph_words(x, fs->o->dc->doc, again->label_start) : "?");
        fix = "check that the first is the clause's section; a schedule or annex that restarts its numbering needs a "
              "heading of its own (Schedule 2), which the record then names (Schedule 2 para 4)";
    } else {
        msg = fmt(x, "clause %s: section %s is in %s and in %s; the record does not say which, so %s is read",
                  fs->cl->name, fs->rc->section, fs->o->name, other->name, fs->o->name);
        fix = fmt(x, "name the document the clause is in: document: %s, or document: %s", fs->o->rd->id, other->rd->id);
    }
    add(x, CK_FK_DOCUMENT_SECTION_AMBIGUOUS, CK_SEV_WARNING, fs->rc->section_span, msg, fix, heading_info(x, fs));
}

/* One clause whose record entry gives a section. */
static void check_clause(dcx *x, int c, const ck_rec_clause *rc)
{
    const ck_clause *cl = &x->p->clauses[c];
    TRACE(x, 1, "clause %s, section %s (%s)%s%s", cl->name, rc->section, where(x, rc->section_span),
          rc->doc ? " in " : "", rc->doc ? rc->doc->id : "");
    char id[128];
    bool readable_ref = ck_section_id_normalise(rc->section, strlen(rc->section), id, sizeof id) > 0;
    found_section *fs = ck_arena_alloc(x->arena, sizeof *fs);
    if (!fs) {
        x->oom = true;
        return;
    }
    *fs = (found_section){.cl = cl, .rc = rc};
    const opened *only = NULL, *other = NULL;
    size_t looked = 0, matches = 0;
    for (size_t i = 0; i < x->ndocs; i++) {
        const opened *o = &x->docs[i];
        if (!o->usable || (rc->doc && o->rd != rc->doc))
            continue;
        only = looked++ ? NULL : o;
        size_t m = 0;
        const ck_doc_section *s = readable_ref ? ck_sections_find(o->dc->sections, id, strlen(id), &m) : NULL;
        if (s && !fs->o) {
            fs->o = o;
            fs->sec = s;
            matches = m;
        } else if (s && !other) {
            other = o;
        }
    }
    if (!looked) {
        TRACE(x, 2, "not checked: no document it could be in was read");
        return;
    }
    x->in->tally->sections++;
    if (!fs->o) {
        section_missing(x, cl, rc, only, readable_ref);
        return;
    }
    fs->base = fs->sec->start;
    fs->len = fs->sec->end - fs->sec->start;
    TRACE(x, 2, "found in %s at %s", fs->o->rd->id,
          span_words(x, fs->o, fs->sec->label_start, fs->sec->heading_end > fs->sec->label_end ? fs->sec->heading_end
                                                                                                : fs->sec->label_end));
    if (matches > 1 || other)
        ambiguous(x, fs, matches, other);
    /* A section that does not read as the clause's is probably the wrong one: its durations are
     * about something else, and comparing them would only add noise to the one finding that says so. */
    if (check_mentions(x, fs))
        check_durations(x, fs, c);
    else
        TRACE(x, 2, "durations not compared: the section lacks the clause's words");
}

typedef struct {
    uint32_t at; /* where the record lists it */
    int clause;
} listed;

static int by_place(const void *a, const void *b)
{
    uint32_t x = ((const listed *)a)->at, y = ((const listed *)b)->at;
    return x < y ? -1 : x > y;
}

/* The clauses of a subject that are checked, in the order the record lists them: the supplier's
 * with a section, a party's that also name their document. */
static void check_subject(dcx *x, const ck_rec_subject *s, const ck_rec_party *party)
{
    x->party = party;
    x->scope.party = party;
    listed *order = s->clauses ? ck_arena_alloc(x->arena, (x->p->nclauses + 1) * sizeof *order) : NULL;
    size_t n = 0;
    for (size_t c = 0; order && c < x->p->nclauses; c++) {
        const ck_rec_clause *rc = &s->clauses[c];
        if (rc->present && (party ? rc->section && rc->doc : true))
            order[n++] = (listed){rc->span.start, (int)c};
    }
    x->oom = x->oom || (s->clauses && !order);
    if (n > 1)
        qsort(order, n, sizeof *order, by_place);
    for (size_t i = 0; i < n; i++) {
        const ck_rec_clause *rc = &s->clauses[order[i].clause];
        if (rc->section)
            check_clause(x, order[i].clause, rc);
        else /* the record does not say where: nothing to look up, which explain says */
            TRACE(x, 1, "clause %s gives no section: not looked up (%s)", x->p->clauses[order[i].clause].name,
                  where(x, rc->span));
    }
    for (size_t i = 0; i < s->parties.len; i++)
        check_subject(x, &((const ck_rec_party *)s->parties.items[i])->subject, s->parties.items[i]);
    x->party = NULL;
    x->scope.party = NULL;
}

int ck_doccheck_record(const ck_doccheck *in)
{
    if (!in->record->documents.len)
        return 0;
    dcx x = {.in = in, .p = in->policy, .rec = in->record, .arena = in->arena};
    in->tally->listed = in->record->documents.len;
    x.scope = (ck_scope){.policy = in->policy, .record = in->record, .tier = in->tier};
    if (open_documents(&x) != 0)
        return -1;
    check_subject(&x, &in->record->subject, NULL);
    return x.oom ? -1 : 0;
}
