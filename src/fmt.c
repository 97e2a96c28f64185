/* The canonical formatter: lines are built in memory so trailing comments can join the line they followed. */
#include "fmt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "expr_print.h"

typedef struct fmt {
    const ck_file *file;
    char **lines;
    size_t nlines, cap;
    char *cur;          /* the line being written (open_memstream) */
    size_t cur_len;
    FILE *cur_f;
    size_t next_comment;
    uint32_t last_end;  /* source offset up to which everything has been printed */
    bool oom;
} fmt;

/* ---- lines ---- */

static void push_line(fmt *f, char *line)
{
    if (f->nlines == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        char **nl = realloc(f->lines, cap * sizeof *nl);
        if (!nl) {
            f->oom = true;
            free(line);
            return;
        }
        f->lines = nl;
        f->cap = cap;
    }
    f->lines[f->nlines++] = line;
}

/* Starts a line at an indentation level; text goes to f->cur_f until end_line. */
static FILE *begin_line(fmt *f, int indent)
{
    f->cur_f = open_memstream(&f->cur, &f->cur_len);
    if (!f->cur_f) {
        f->oom = true;
        f->cur_f = fopen("/dev/null", "w");
    }
    for (int i = 0; i < indent; i++)
        fputs("  ", f->cur_f);
    return f->cur_f;
}

static void end_line(fmt *f)
{
    fclose(f->cur_f);
    f->cur_f = NULL;
    if (!f->cur) {
        f->oom = true;
        return;
    }
    size_t n = strlen(f->cur);
    while (n && f->cur[n - 1] == ' ')
        f->cur[--n] = '\0';
    push_line(f, f->cur);
    f->cur = NULL;
}

static void blank_line(fmt *f)
{
    if (f->nlines && f->lines[f->nlines - 1][0] != '\0') {
        char *empty = calloc(1, 1);
        if (empty)
            push_line(f, empty);
    }
}

static void line(fmt *f, int indent, const char *fmtstr, ...) __attribute__((format(printf, 3, 4)));
static void line(fmt *f, int indent, const char *fmtstr, ...)
{
    FILE *o = begin_line(f, indent);
    va_list ap;
    va_start(ap, fmtstr);
    vfprintf(o, fmtstr, ap);
    va_end(ap);
    end_line(f);
}

/* Appends text to the last finished line (trailing comments, `when` after a closing brace). */
static void append_to_last(fmt *f, const char *text)
{
    if (!f->nlines) {
        line(f, 0, "%s", text);
        return;
    }
    char *last = f->lines[f->nlines - 1];
    size_t a = strlen(last), b = strlen(text);
    char *joined = realloc(last, a + b + 1);
    if (!joined) {
        f->oom = true;
        return;
    }
    memcpy(joined + a, text, b + 1);
    f->lines[f->nlines - 1] = joined;
}

/* ---- comments ---- */

/* A comment that followed code joins the last line with code on it (never a blank line). */
static void append_trailing(fmt *f, const char *text)
{
    size_t i = f->nlines;
    while (i > 0 && f->lines[i - 1][0] == '\0')
        i--;
    if (i == 0) {
        line(f, 0, "%s", text);
        return;
    }
    char *last = f->lines[i - 1];
    if (last[strspn(last, " ")] == '#') {
        /* joined to a '#' comment line it would become part of that comment */
        line(f, 0, "%s", text);
        return;
    }
    size_t a = strlen(last), b = strlen(text);
    char *joined = realloc(last, a + b + 2);
    if (!joined) {
        f->oom = true;
        return;
    }
    joined[a] = ' ';
    memcpy(joined + a + 1, text, b + 1);
    f->lines[i - 1] = joined;
}

/* Comments written after an item on its own source line stay on the item's line. */
static void flush_same_line(fmt *f, uint32_t end)
{
    const ck_vec *cs = &f->file->comments;
    const char *t = f->file->src->text;
    while (f->next_comment < cs->len) {
        const ck_comment *c = cs->items[f->next_comment];
        if (c->own_line || c->span.start < end || memchr(t + end, '\n', c->span.start - end))
            break;
        f->next_comment++;
        char text[4096];
        size_t len = c->span.end - c->span.start < sizeof text - 1 ? c->span.end - c->span.start : sizeof text - 1;
        memcpy(text, t + c->span.start, len);
        text[len] = '\0';
        while (len && (text[len - 1] == ' ' || text[len - 1] == '\r'))
            text[--len] = '\0';
        append_trailing(f, text);
        f->last_end = c->span.end;
    }
}

static bool blank_between(const fmt *f, uint32_t from, uint32_t to)
{
    const char *t = f->file->src->text;
    int newlines = 0;
    for (uint32_t i = from; i < to && i < f->file->src->len; i++) {
        if (t[i] == '\n') {
            if (++newlines >= 2)
                return true;
        } else if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r') {
            newlines = 0;
        }
    }
    return false;
}

static void comment_text(fmt *f, const ck_comment *c, char *buf, size_t n)
{
    size_t len = c->span.end - c->span.start;
    if (len >= n)
        len = n - 1;
    memcpy(buf, f->file->src->text + c->span.start, len);
    buf[len] = '\0';
    while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t' || buf[len - 1] == '\r'))
        buf[--len] = '\0';
}

/* Prints every comment that starts before `before`, at indent (own-line ones) or on the last line. */
static void flush_comments(fmt *f, uint32_t before, int indent, bool keep_blank)
{
    const ck_vec *cs = &f->file->comments;
    while (f->next_comment < cs->len) {
        const ck_comment *c = cs->items[f->next_comment];
        if (c->span.start >= before)
            break;
        f->next_comment++;
        char text[4096];
        comment_text(f, c, text, sizeof text);
        if (!c->own_line && f->nlines) {
            append_trailing(f, text);
        } else {
            if (keep_blank && blank_between(f, f->last_end, c->span.start))
                blank_line(f);
            /* a block comment may span lines: print them as written */
            char *save = NULL;
            char *part = strtok_r(text, "\n", &save);
            bool first = true;
            while (part) {
                if (first)
                    line(f, indent, "%s", part);
                else
                    line(f, 0, "%s", part);
                first = false;
                part = strtok_r(NULL, "\n", &save);
            }
        }
        f->last_end = c->span.end;
    }
}

/* Before an item at `start` inside a block: its comments, and a blank line the author left. */
static void before_item(fmt *f, uint32_t start, int indent)
{
    flush_comments(f, start, indent, true);
    if (blank_between(f, f->last_end, start))
        blank_line(f);
}

/* ---- pieces ---- */

static void write_type(FILE *o, const ck_type_expr *t)
{
    switch (t->kind) {
    case CK_TYPE_BOOL: fputs("bool", o); break;
    case CK_TYPE_NUMBER: fputs("number", o); break;
    case CK_TYPE_STRING: fputs("string", o); break;
    case CK_TYPE_DURATION: fputs("duration", o); break;
    case CK_TYPE_DATE: fputs("date", o); break;
    case CK_TYPE_LEVEL:
        fputs("level(", o);
        for (size_t i = 0; i < t->levels.len; i++)
            fprintf(o, "%s%s", i ? ", " : "", ((const ck_name *)t->levels.items[i])->text);
        fputc(')', o);
        break;
    case CK_TYPE_DEPTH: fprintf(o, "depth of %s", t->ref.text); break;
    case CK_TYPE_TIER: fputs("tier", o); break;
    }
}

/* `name : type "description"` with names padded to width. */
static void write_field(FILE *o, const ck_field_decl *fd, int width)
{
    fprintf(o, "%-*s : ", width, fd->name.text);
    write_type(o, fd->type);
    if (fd->description) {
        fputc(' ', o);
        ck_write_string_literal(o, fd->description);
    }
}

static int field_width(const ck_vec *fields)
{
    int w = 0;
    for (size_t i = 0; i < fields->len; i++) {
        int n = (int)strlen(((const ck_field_decl *)fields->items[i])->name.text);
        if (n > w)
            w = n;
    }
    return w;
}

/* Field declarations, their names aligned; each after `keyword` (attributes) when given. */
static void keyword_fields_block(fmt *f, const char *keyword, const ck_vec *fields, int indent)
{
    int w = field_width(fields);
    for (size_t i = 0; i < fields->len; i++) {
        const ck_field_decl *fd = fields->items[i];
        before_item(f, fd->span.start, indent);
        FILE *o = begin_line(f, indent);
        fputs(keyword, o);
        write_field(o, fd, w);
        end_line(f);
        f->last_end = fd->span.end;
        flush_same_line(f, fd->span.end);
    }
}

#define CK_FMT_WIDTH 100

/* `a = v, b = v, ...` continuing the current line (already `column` wide); past CK_FMT_WIDTH the
 * list wraps after a comma, continuation lines aligned under the first assignment. */
static void write_assigns(fmt *f, FILE **o, size_t column, const ck_vec *assigns)
{
    size_t col = column;
    for (size_t i = 0; i < assigns->len; i++) {
        const ck_assign *a = assigns->items[i];
        char val[512];
        ck_expr_to_string(a->value, val, sizeof val);
        size_t piece = strlen(a->name.text) + 3 + strlen(val) + (i ? 2 : 0);
        if (i && col + piece > CK_FMT_WIDTH) {
            fputc(',', *o);
            end_line(f);
            *o = begin_line(f, 0);
            fprintf(*o, "%*s", (int)column, "");
            col = column;
            piece -= 2;
        } else if (i) {
            fputs(", ", *o);
        }
        fprintf(*o, "%s = %s", a->name.text, val);
        col += piece;
    }
}

static void write_names(FILE *o, const ck_vec *names, const char *sep)
{
    for (size_t i = 0; i < names->len; i++)
        fprintf(o, "%s%s", i ? sep : "", ((const ck_name *)names->items[i])->text);
}

/* ---- rules ---- */

static void write_rule(fmt *f, const ck_rule *r, int indent);

/* A rule that fits on one line (everything but braced groups). */
/* for each KIND where COND: the head of a quantifier, before its block. */
static void write_quantifier_head(FILE *o, const ck_rule *r)
{
    static const char *const words[] = {[CK_QUANT_EACH] = "each", [CK_QUANT_SOME] = "some", [CK_QUANT_NO] = "no",
                                        [CK_QUANT_AT_LEAST] = "at least", [CK_QUANT_AT_MOST] = "at most"};
    fprintf(o, "for %s ", words[r->quant]);
    if (r->quant == CK_QUANT_AT_LEAST || r->quant == CK_QUANT_AT_MOST)
        fprintf(o, "%lld ", (long long)r->count);
    fputs(r->target.text, o);
    if (r->cond) {
        fputs(" where ", o);
        ck_expr_write(o, r->cond);
    }
}

static void write_rule_inline(FILE *o, const ck_rule *r)
{
    switch (r->kind) {
    case CK_RULE_CLAUSE:
        fprintf(o, "clause %s", r->target.text);
        for (size_t i = 0; i < r->params.len; i++) {
            const ck_param_test *pt = r->params.items[i];
            fprintf(o, "%s%s", i ? " and " : " with ", pt->param.text);
            if (pt->value) {
                fprintf(o, " %s ", ck_cmp_op_text(pt->op));
                ck_expr_write(o, pt->value);
            }
        }
        break;
    case CK_RULE_EVIDENCE:
        fprintf(o, "evidence %s", r->target.text);
        for (size_t i = 0; i < r->quals.len; i++) {
            const ck_evidence_qual *q = r->quals.items[i];
            fputs(i ? " and " : " ", o);
            if (q->kind == CK_EVQ_NOT_EXPIRED)
                fputs("not expired", o);
            else if (q->kind == CK_EVQ_INDEPENDENT)
                fputs("independent", o);
            else if (q->kind == CK_EVQ_ATTR) {
                fprintf(o, "%s %s ", q->field.text, ck_cmp_op_text(q->op));
                ck_expr_write(o, q->limit);
            } else {
                fprintf(o, "%s within ", q->field.text);
                ck_expr_write(o, q->limit);
            }
        }
        break;
    case CK_RULE_QUESTIONNAIRE:
        fprintf(o, "questionnaire %s", r->target.text);
        if (r->limit) {
            fputs(" at depth ", o);
            ck_expr_write(o, r->limit);
        }
        if (r->within) {
            fputs(" within ", o);
            ck_expr_write(o, r->within);
        }
        break;
    case CK_RULE_DATE:
        fprintf(o, "contract.%s within ", r->field.text);
        ck_expr_write(o, r->limit);
        break;
    case CK_RULE_ANY:
        for (size_t i = 0; i < r->children.len; i++) {
            if (i)
                fputs(" or ", o);
            write_rule_inline(o, r->children.items[i]);
        }
        break;
    case CK_RULE_ENSURE:
        fputs("ensure ", o);
        ck_expr_write(o, r->cond);
        break;
    case CK_RULE_QUANT:
        write_quantifier_head(o, r);
        break;
    default: break;
    }
}

/*
 * Whether r can stand on one line as an alternative of an `or` chain (last: the one that ends it).
 * A block (all { }, a quantifier's rules, a guarded chain inside a braced any) cannot, and a
 * condition that runs to the end of the rule (ensure, a `where` without a block) would take a
 * following `or` as part of itself.
 */
static bool writes_inline(const ck_rule *r, bool last)
{
    switch (r->kind) {
    case CK_RULE_ENSURE: return last;
    case CK_RULE_QUANT: return !r->has_block && (last || !r->cond);
    case CK_RULE_ANY:
        for (size_t i = 0; i < r->children.len; i++)
            if (!writes_inline(r->children.items[i], last && i + 1 == r->children.len))
                return false;
        return true;
    case CK_RULE_ALL:
    case CK_RULE_CHOICE: return false;
    default: return true;
    }
}

/* A braced group, or an `or` chain that cannot be written inline: it is written as `any { }`. */
static bool is_block(const ck_rule *r)
{
    return (r->kind == CK_RULE_ANY && (r->braced || !writes_inline(r, true))) || r->kind == CK_RULE_ALL;
}

static void write_rule(fmt *f, const ck_rule *r, int indent)
{
    if (r->kind == CK_RULE_CHOICE) {
        for (size_t i = 0; i < r->children.len; i++) {
            const ck_guard_arm *arm = r->children.items[i];
            write_rule(f, arm->rule, indent);
            char suffix[1024];
            if (arm->cond) {
                char cond[1000];
                ck_expr_to_string(arm->cond, cond, sizeof cond);
                snprintf(suffix, sizeof suffix, " when %s", cond);
            } else {
                snprintf(suffix, sizeof suffix, " otherwise");
            }
            append_to_last(f, suffix);
            f->last_end = arm->span.end;
            flush_same_line(f, arm->span.end);
        }
        return;
    }
    before_item(f, r->span.start, indent);
    if (r->kind == CK_RULE_QUANT && r->has_block) {
        FILE *o = begin_line(f, indent);
        write_quantifier_head(o, r);
        fputs(" {", o);
        end_line(f);
        for (size_t i = 0; i < r->children.len; i++)
            write_rule(f, r->children.items[i], indent + 1);
        flush_comments(f, r->span.end, indent + 1, true);
        line(f, indent, "}");
    } else if (is_block(r)) {
        line(f, indent, "%s {", r->kind == CK_RULE_ANY ? "any" : "all");
        for (size_t i = 0; i < r->children.len; i++)
            write_rule(f, r->children.items[i], indent + 1);
        flush_comments(f, r->span.end, indent + 1, true);
        line(f, indent, "}");
    } else {
        FILE *o = begin_line(f, indent);
        write_rule_inline(o, r);
        end_line(f);
    }
    f->last_end = r->span.end;
    flush_same_line(f, r->span.end);
}

/* ---- declarations ---- */

static void write_range(FILE *o, const ck_tier_range *rg)
{
    switch (rg->kind) {
    case CK_TR_ALL:
        if (rg->span.src)
            fputs(" for all tiers", o);
        break;
    case CK_TR_CMP:
        if (rg->op == CK_OP_EQ)
            fprintf(o, " for tier %s", rg->lo.text);
        else
            fprintf(o, " for tier %s %s", ck_cmp_op_text(rg->op), rg->lo.text);
        break;
    case CK_TR_RANGE: fprintf(o, " for tiers %s to %s", rg->lo.text, rg->hi.text); break;
    }
}

/* rationale, remediation or ref: the comments before it and after it on its line stay with it */
static void write_text_item(fmt *f, const char *keyword, const char *text, ck_span span)
{
    if (span.src)
        before_item(f, span.start, 1);
    FILE *r = begin_line(f, 1);
    fprintf(r, "%s ", keyword);
    ck_write_string_literal(r, text);
    end_line(f);
    if (span.src) {
        f->last_end = span.end;
        flush_same_line(f, span.end);
    }
}

/* The comments left before a declaration's closing brace, and the brace. */
static void close_block(fmt *f, const ck_decl *d)
{
    flush_comments(f, d->span.end, 1, true);
    line(f, 0, "}");
}

/* Each `ref "..."` of a declaration, with the comments beside it. */
static void write_refs(fmt *f, const ck_decl *d)
{
    for (size_t i = 0; i < d->refs.len; i++) {
        const ck_span *at = i < d->ref_spans.len ? d->ref_spans.items[i] : NULL;
        write_text_item(f, "ref", d->refs.items[i], at ? *at : (ck_span){0});
    }
}

static void write_require(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    FILE *o = begin_line(f, 0);
    fprintf(o, "require %s ", d->name.text);
    ck_write_string_literal(o, d->title);
    write_range(o, &d->range);
    if (d->when) {
        fputs(" when ", o);
        ck_expr_write(o, d->when);
    }
    fputs(" {", o);
    end_line(f);
    f->last_end = d->title_span.end;
    if (d->group.text) {
        before_item(f, d->group.span.start, 1);
        line(f, 1, "group %s", d->group.text);
        f->last_end = d->group.span.end;
        flush_same_line(f, d->group.span.end);
    }
    for (size_t i = 0; i < d->rules.len; i++)
        write_rule(f, d->rules.items[i], 1);
    if (d->has_severity) {
        before_item(f, d->severity_span.start, 1);
        line(f, 1, "severity %s", ck_severity_name(d->severity));
        f->last_end = d->severity_span.end;
        flush_same_line(f, d->severity_span.end);
    }
    if (d->rationale)
        write_text_item(f, "rationale", d->rationale, d->rationale_span);
    if (d->remediation)
        write_text_item(f, "remediation", d->remediation, d->remediation_span);
    write_refs(f, d);
    close_block(f, d);
}

static const char *fact_word(ck_fact_kind k)
{
    switch (k) {
    case CK_FACT_SUPPLIER: return "supplier";
    case CK_FACT_PROFILE: return "profile";
    case CK_FACT_CONTRACT: return "contract";
    case CK_FACT_CLAUSE: return "clause";
    case CK_FACT_EVIDENCE: return "evidence";
    case CK_FACT_QUESTIONNAIRE: return "questionnaire";
    case CK_FACT_GAP: return "gap";
    case CK_FACT_PARTY: return "party";
    }
    return "?";
}

/* One fact of a test's record at indent: `clause x a = 1, ...`, or a party with what it carries. */
static void write_fact(fmt *f, const ck_fact *fact, int indent)
{
    before_item(f, fact->span.start, indent);
    FILE *l = begin_line(f, indent);
    fputs(fact_word(fact->kind), l);
    size_t column = 2 * (size_t)indent + strlen(fact_word(fact->kind));
    if (fact->target.text) {
        fprintf(l, " %s", fact->target.text);
        column += 1 + strlen(fact->target.text);
    }
    if (fact->kind == CK_FACT_PARTY) {
        fprintf(l, " %s", fact->id.text);
        column += 1 + strlen(fact->id.text);
    }
    if (fact->assigns.len) {
        fputc(' ', l);
        column++;
    }
    write_assigns(f, &l, column, &fact->assigns);
    if (fact->kind == CK_FACT_PARTY && fact->facts.len) {
        fputs(" {", l);
        end_line(f);
        /* a blank line before the party is not one before its first fact */
        f->last_end = fact->assigns.len
                          ? ((const ck_assign *)fact->assigns.items[fact->assigns.len - 1])->span.end
                          : fact->id.span.end;
        for (size_t i = 0; i < fact->facts.len; i++)
            write_fact(f, fact->facts.items[i], indent + 1);
        flush_comments(f, fact->span.end, indent + 1, true);
        line(f, indent, "}");
    } else {
        end_line(f);
    }
    f->last_end = fact->span.end;
    flush_same_line(f, fact->span.end);
}

static void write_test(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    FILE *o = begin_line(f, 0);
    fputs("test ", o);
    ck_write_string_literal(o, d->title);
    fputs(" {", o);
    end_line(f);
    f->last_end = d->title_span.end;
    if (d->has_as_of) {
        char date[16];
        ck_date_format(d->as_of, date);
        line(f, 1, "as of %s", date);
    }
    /* facts and expectations interleave as written */
    size_t fi = 0, ei = 0;
    while (fi < d->facts.len || ei < d->expects.len) {
        const ck_fact *fact = fi < d->facts.len ? d->facts.items[fi] : NULL;
        const ck_expectation *ex = ei < d->expects.len ? d->expects.items[ei] : NULL;
        if (fact && (!ex || fact->span.start < ex->span.start)) {
            write_fact(f, fact, 1);
            fi++;
        } else {
            before_item(f, ex->span.start, 1);
            if (ex->nothing)
                line(f, 1, "expect nothing");
            else if (ex->is_tier)
                line(f, 1, "expect tier %s", ex->kind.text);
            else
                line(f, 1, "expect %s %s", ex->req.text, ex->kind.text);
            f->last_end = ex->span.end;
            flush_same_line(f, ex->span.end);
            ei++;
        }
    }
    flush_comments(f, d->span.end, 1, true);
    line(f, 0, "}");
}

static void write_questionnaire(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    FILE *o = begin_line(f, 0);
    fprintf(o, "questionnaire %s ", d->name.text);
    ck_write_string_literal(o, d->title);
    fputs(" {", o);
    end_line(f);
    f->last_end = d->title_span.end;
    if (d->names.len) {
        FILE *l = begin_line(f, 1);
        fputs("depths ", l);
        write_names(l, &d->names, " < ");
        end_line(f);
    }
    int w = field_width(&d->fields);
    for (size_t i = 0; i < d->fields.len; i++) {
        const ck_field_decl *q = d->fields.items[i];
        before_item(f, q->span.start, 1);
        FILE *l = begin_line(f, 1);
        fputs("question ", l);
        write_field(l, q, w);
        if (q->has_expect) {
            fputs(" expect ", l);
            if (q->expect_op != CK_OP_EQ)
                fprintf(l, "%s ", ck_cmp_op_text(q->expect_op));
            ck_expr_write(l, q->expect);
        }
        if (q->from_depth.text)
            fprintf(l, " from %s", q->from_depth.text);
        end_line(f);
        f->last_end = q->span.end;
        flush_same_line(f, q->span.end);
    }
    flush_comments(f, d->span.end, 1, true);
    line(f, 0, "}");
}

/* One-line declarations of these kinds group without blank lines between them. */
static bool groups(ck_decl_kind k)
{
    return k == CK_DECL_IMPORT || k == CK_DECL_TIER_ATTR || k == CK_DECL_TIER_HAS || k == CK_DECL_TIER_RULE;
}

/* Clauses without parameters print on one line and group like the one-line kinds. */
static bool one_line(const ck_decl *d) { return d->kind == CK_DECL_CLAUSE && d->fields.len == 0 && d->mentions.len == 0; }

/* Width of tier names in the run of `kind` declarations starting at decls[i]. */
static int run_width(const ck_vec *decls, size_t i, ck_decl_kind kind)
{
    int w = 0;
    for (; i < decls->len && ((const ck_decl *)decls->items[i])->kind == kind; i++) {
        const ck_decl *d = decls->items[i];
        int n = (int)strlen(kind == CK_DECL_TIER_ATTR ? ((const ck_field_decl *)d->fields.items[0])->name.text : d->name.text);
        if (n > w)
            w = n;
    }
    return w;
}

static void fields_block(fmt *f, const ck_vec *fields, int indent) { keyword_fields_block(f, "", fields, indent); }

/* KEYWORD "text" on a line of its own. */
static void keyword_string(fmt *f, int indent, const char *keyword, const char *text)
{
    FILE *o = begin_line(f, indent);
    fputs(keyword, o);
    ck_write_string_literal(o, text);
    end_line(f);
}

/* policy "name" with its version, owner and effective date on lines of their own */
static void write_policy(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    keyword_string(f, 0, "policy ", d->title);
    if (d->version)
        keyword_string(f, 1, "version ", d->version);
    if (d->owner)
        keyword_string(f, 1, "owner ", d->owner);
    if (d->has_effective) {
        char date[16];
        ck_date_format(d->effective, date);
        line(f, 1, "effective %s", date);
    }
}

static void write_import(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    keyword_string(f, 0, "import ", d->title);
}

static void write_profile(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    line(f, 0, "profile {");
    f->last_end = d->span.start + 7;
    fields_block(f, &d->fields, 1);
    flush_comments(f, d->span.end, 1, true);
    line(f, 0, "}");
}

static void write_tiers(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    FILE *o = begin_line(f, 0);
    fputs("tiers ", o);
    write_names(o, &d->names, " < ");
    end_line(f);
}

/* Tier lines of one run align their names to `width`. */
static void write_tier_attr(fmt *f, const ck_decl *d, int width)
{
    FILE *o = begin_line(f, 0);
    fputs("tier attribute ", o);
    write_field(o, d->fields.items[0], width);
    end_line(f);
}

static void write_tier_has(fmt *f, const ck_decl *d, int width)
{
    FILE *o = begin_line(f, 0);
    fprintf(o, "tier %-*s has ", width, d->name.text);
    int name_width = width > (int)strlen(d->name.text) ? width : (int)strlen(d->name.text);
    write_assigns(f, &o, 5 + (size_t)name_width + 5, &d->assigns);
    end_line(f);
}

static void write_tier_rule(fmt *f, const ck_decl *d, int width)
{
    FILE *o = begin_line(f, 0);
    fprintf(o, "tier %-*s ", width, d->name.text);
    if (d->cond) {
        fputs("when ", o);
        ck_expr_write(o, d->cond);
    } else {
        fputs("otherwise", o);
    }
    end_line(f);
}

/* mentions "a" or "b", "c" on a line of its own */
static void write_mention(fmt *f, const ck_mention *m)
{
    before_item(f, m->span.start, 1);
    FILE *o = begin_line(f, 1);
    fputs("mentions ", o);
    for (size_t a = 0; a < m->alts.len; a++) {
        fputs(a ? " or " : "", o);
        ck_write_string_literal(o, ((const ck_name *)m->alts.items[a])->text);
    }
    end_line(f);
    f->last_end = m->span.end;
    flush_same_line(f, m->span.end);
}

/* KEYWORD NAME "title", then " {" and true when the block has contents to write, else empty (""
 * or " {}") and false; the line is ended either way. */
static bool open_block(fmt *f, const char *keyword, const ck_decl *d, bool has_contents, const char *empty)
{
    FILE *o = begin_line(f, 0);
    fprintf(o, "%s %s ", keyword, d->name.text);
    ck_write_string_literal(o, d->title);
    fputs(has_contents ? " {" : empty, o);
    end_line(f);
    if (has_contents)
        f->last_end = d->title_span.end;
    return has_contents;
}

/* A clause's parameters, aligned, and its mentions, in the order written (comments stay beside them). */
static void write_clause(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    if (!open_block(f, "clause", d, d->fields.len || d->mentions.len, ""))
        return;
    size_t i = 0, m = 0, nf = d->fields.len, nm = d->mentions.len;
    while (i < nf || m < nm) {
        uint32_t mention_at = m < nm ? ((const ck_mention *)d->mentions.items[m])->span.start : UINT32_MAX;
        if (i == nf || mention_at < ((const ck_field_decl *)d->fields.items[i])->span.start) {
            write_mention(f, d->mentions.items[m++]);
            continue;
        }
        /* the parameters up to the next mention, aligned together */
        size_t j = i;
        while (j < nf && ((const ck_field_decl *)d->fields.items[j])->span.start < mention_at)
            j++;
        ck_vec run = {.items = d->fields.items + i, .len = j - i};
        fields_block(f, &run, 1);
        i = j;
    }
    close_block(f, d);
}

static void write_evidence(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    f->last_end = d->title_span.end; /* even when the block is empty */
    if (!open_block(f, "evidence", d, d->has_valid_for || d->independent || d->fields.len, " {}"))
        return;
    if (d->has_valid_for) {
        char dur[32];
        ck_duration_format(d->valid_for, dur, sizeof dur);
        line(f, 1, "valid for %s", dur);
    }
    if (d->independent)
        line(f, 1, "independent");
    keyword_fields_block(f, "attribute ", &d->fields, 1);
    close_block(f, d);
}

/* group NAME "title" { rationale "..." ref "..." } */
static void write_group(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    if (!open_block(f, "group", d, d->rationale || d->refs.len, " {}"))
        return;
    if (d->rationale)
        write_text_item(f, "rationale", d->rationale, d->rationale_span);
    write_refs(f, d);
    close_block(f, d);
}

/* party KIND "title" { fields } */
static void write_party(fmt *f, const ck_decl *d, int width)
{
    (void)width;
    if (!open_block(f, "party", d, d->fields.len, " {}"))
        return;
    fields_block(f, &d->fields, 1);
    close_block(f, d);
}

/* One writer per declaration kind: a new kind of declaration is a new row. */
static void (*const writers[])(fmt *f, const ck_decl *d, int width) = {
    [CK_DECL_POLICY] = write_policy,
    [CK_DECL_IMPORT] = write_import,
    [CK_DECL_PROFILE] = write_profile,
    [CK_DECL_TIERS] = write_tiers,
    [CK_DECL_TIER_ATTR] = write_tier_attr,
    [CK_DECL_TIER_HAS] = write_tier_has,
    [CK_DECL_TIER_RULE] = write_tier_rule,
    [CK_DECL_CLAUSE] = write_clause,
    [CK_DECL_EVIDENCE] = write_evidence,
    [CK_DECL_QUESTIONNAIRE] = write_questionnaire,
    [CK_DECL_REQUIRE] = write_require,
    [CK_DECL_TEST] = write_test,
    [CK_DECL_PARTY] = write_party,
    [CK_DECL_GROUP] = write_group,
};

static void write_decl(fmt *f, const ck_decl *d, int width)
{
    writers[d->kind](f, d, width);
    f->last_end = d->span.end;
    flush_same_line(f, d->span.end);
}

int ck_fmt_write(FILE *out, const ck_file *file)
{
    fmt f = {.file = file};
    const ck_vec *decls = &file->decls;
    int width = 0;
    for (size_t i = 0; i < decls->len; i++) {
        const ck_decl *d = decls->items[i];
        const ck_decl *prev = i ? decls->items[i - 1] : NULL;
        bool new_run = !prev || prev->kind != d->kind;
        bool grouped = prev && !new_run && (groups(d->kind) || (one_line(prev) && one_line(d)));
        if (prev && !grouped)
            blank_line(&f);
        flush_comments(&f, d->span.start, 0, true);
        if (blank_between(&f, f.last_end, d->span.start))
            blank_line(&f);
        if (new_run && (d->kind == CK_DECL_TIER_HAS || d->kind == CK_DECL_TIER_RULE || d->kind == CK_DECL_TIER_ATTR))
            width = run_width(decls, i, d->kind);
        write_decl(&f, d, width);
    }
    flush_comments(&f, UINT32_MAX, 0, true);
    int rc = f.oom ? -1 : 0;
    for (size_t i = 0; i < f.nlines; i++) {
        if (rc == 0)
            fprintf(out, "%s\n", f.lines[i]);
        free(f.lines[i]);
    }
    free(f.lines);
    return rc;
}

char *ck_fmt_to_buffer(const ck_file *file, size_t *len)
{
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);
    if (!m)
        return NULL;
    int rc = ck_fmt_write(m, file);
    if (fclose(m) != 0 || rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
