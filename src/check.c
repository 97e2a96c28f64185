/* The policy checker: declarations collected, names resolved, types checked, mistakes diagnosed. */
#include "check.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "textutil.h"

const char *const ck_contract_date_fields[] = {"last_assessed", "last_reviewed", "signed"};
const size_t ck_contract_date_field_count = 3;
const char *const ck_evidence_date_fields[] = {"issued", "period_end", "last_audit"};
const size_t ck_evidence_date_field_count = 3;

typedef struct checker {
    ck_policy *p;
    ck_diags *diags;
    ck_arena *arena;
    int errors;
    bool oom;
    bool in_tier_rule; /* checking the condition of a tier rule, which decides the tier */
} checker;

/* A type, or "already reported": an ill-typed operand stays silent further up. */
typedef struct {
    bool ok;
    ck_type_info t;
} typed;

static ck_diag *error_at(checker *ck, ck_span span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static ck_diag *error_at(checker *ck, ck_span span, const char *fmt, ...)
{
    char buf[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ck->errors++;
    return ck_diag_add(ck->diags, CK_DIAG_ERROR, span, "%s", buf);
}

static ck_diag *warn_at(checker *ck, ck_span span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static ck_diag *warn_at(checker *ck, ck_span span, const char *fmt, ...)
{
    char buf[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ck_diag_add(ck->diags, CK_DIAG_WARNING, span, "%s", buf);
}

#define HINT(d, ...) ck_diag_hint(ck->diags, (d), __VA_ARGS__)

static void hint_where(checker *ck, ck_diag *d, const char *what, ck_span first)
{
    if (!first.src)
        return;
    ck_linecol lc = ck_source_linecol(first.src, first.start);
    HINT(d, "%s first declared at %s:%u:%u", what, first.src->path, lc.line, lc.col);
}

/* "did you mean 'x'?" among n names, if one is close. */
static void hint_closest(checker *ck, ck_diag *d, const char *name, const char *const *names, size_t n)
{
    const char *close = ck_closest(name, names, n);
    if (close)
        HINT(d, "did you mean '%s'?", close);
}

/* ---- lookups ---- */

/* Every name array of a compiled policy is indexed as it is filled (collect, resolve_type), so
 * lookups never scan; an index left unbuilt by an allocation failure finds nothing, and that
 * compile fails anyway. */
int ck_scale_index(const ck_scale *s, const char *name) { return ck_name_index_find(&s->ix, name); }

int ck_field_index(const ck_field *fields, size_t n, const char *name)
{
    if (n == 0)
        return -1;
    int i = ck_name_index_find(fields[0].ix, name);
    return i < (int)n ? i : -1; /* a shorter prefix of the array may be asked for while it fills */
}

int ck_policy_tier(const ck_policy *p, const char *name) { return ck_scale_index(&p->tiers, name); }
int ck_policy_profile_field(const ck_policy *p, const char *name) { return ck_name_index_find(&p->profile_ix, name); }
int ck_policy_clause(const ck_policy *p, const char *name) { return ck_name_index_find(&p->clause_ix, name); }
int ck_policy_evidence_kind(const ck_policy *p, const char *name) { return ck_name_index_find(&p->evidence_ix, name); }
int ck_policy_questionnaire(const ck_policy *p, const char *name) { return ck_name_index_find(&p->questionnaire_ix, name); }
int ck_policy_requirement(const ck_policy *p, const char *name) { return ck_name_index_find(&p->req_ix, name); }

/* Names of a field array, for "did you mean". */
static const char **field_names(checker *ck, const ck_field *f, size_t n)
{
    const char **names = ck_arena_alloc(ck->arena, (n + 1) * sizeof *names);
    if (names)
        for (size_t i = 0; i < n; i++)
            names[i] = f[i].name;
    return names;
}

#define NAMES_OF(arr, n, key)                                                   \
    ({                                                                          \
        const char **names_ = ck_arena_alloc(ck->arena, ((n) + 1) * sizeof(char *)); \
        if (names_)                                                             \
            for (size_t i_ = 0; i_ < (n); i_++)                                 \
                names_[i_] = (arr)[i_].key;                                     \
        names_;                                                                 \
    })

/* ---- expression printing ---- */

static void write_value_list(FILE *out, const ck_vec *items)
{
    for (size_t i = 0; i < items->len; i++) {
        if (i)
            fputs(", ", out);
        ck_expr_write(out, items->items[i]);
    }
}

void ck_write_string_literal(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        switch (*s) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if ((unsigned char)*s < 0x20)
                fprintf(out, "\\u%04x", (unsigned char)*s);
            else
                fputc(*s, out);
        }
    }
    fputc('"', out);
}

void ck_expr_write(FILE *out, const ck_expr *e)
{
    char buf[32];
    switch (e->kind) {
    case CK_EX_BOOL: fputs(e->u.boolean ? "true" : "false", out); break;
    case CK_EX_NUMBER: fprintf(out, "%" PRId64, e->u.number); break;
    case CK_EX_STRING: ck_write_string_literal(out, e->u.string); break;
    case CK_EX_DURATION:
        ck_duration_format(e->u.duration, buf, sizeof buf);
        fputs(buf, out);
        break;
    case CK_EX_DATE:
        ck_date_format(e->u.date, buf);
        fputs(buf, out);
        break;
    case CK_EX_NAME: fputs(e->u.name.text, out); break;
    case CK_EX_TIER: fputs("tier", out); break;
    case CK_EX_ATTR: fprintf(out, "tier.%s", e->u.name.text); break;
    case CK_EX_NOT:
        fputs("not ", out);
        ck_expr_write(out, e->u.operand);
        break;
    case CK_EX_AND:
    case CK_EX_OR:
        ck_expr_write(out, e->u.bin.lhs);
        fputs(e->kind == CK_EX_AND ? " and " : " or ", out);
        ck_expr_write(out, e->u.bin.rhs);
        break;
    case CK_EX_CMP:
        ck_expr_write(out, e->u.bin.lhs);
        fprintf(out, " %s ", ck_cmp_op_text(e->u.bin.op));
        ck_expr_write(out, e->u.bin.rhs);
        break;
    case CK_EX_IN:
        ck_expr_write(out, e->u.in.lhs);
        fputs(" in (", out);
        write_value_list(out, &e->u.in.items);
        fputc(')', out);
        break;
    case CK_EX_PAREN:
        fputc('(', out);
        ck_expr_write(out, e->u.operand);
        fputc(')', out);
        break;
    case CK_EX_ERROR: fputs("?", out); break;
    }
}

void ck_expr_to_string(const ck_expr *e, char *buf, size_t n)
{
    FILE *f = fmemopen(buf, n, "w");
    if (!f) {
        if (n)
            buf[0] = '\0';
        return;
    }
    ck_expr_write(f, e);
    fclose(f);
    buf[n - 1] = '\0';
}

/* ---- types ---- */

static const char *type_name(ck_type_info t, char *buf, size_t n)
{
    switch (t.kind) {
    case CK_TYPE_BOOL: return "bool";
    case CK_TYPE_NUMBER: return "number";
    case CK_TYPE_STRING: return "string";
    case CK_TYPE_DURATION: return "duration";
    case CK_TYPE_DATE: return "date";
    case CK_TYPE_TIER: return "tier";
    case CK_TYPE_LEVEL:
        snprintf(buf, n, "level of %s", t.scale ? t.scale->what : "?");
        return buf;
    case CK_TYPE_DEPTH:
        snprintf(buf, n, "%s", t.scale ? t.scale->what : "depth");
        return buf;
    }
    return "?";
}

static bool scaled(ck_type_kind k) { return k == CK_TYPE_LEVEL || k == CK_TYPE_DEPTH || k == CK_TYPE_TIER; }

/* The type of a field declared 'depth of Q' for an unknown Q: already reported, so values
 * of this type and comparisons with it stay silent instead of cascading. */
static bool poisoned(ck_type_info t) { return t.kind == CK_TYPE_DEPTH && !t.scale; }

static bool type_eq(ck_type_info a, ck_type_info b)
{
    return a.kind == b.kind && (!scaled(a.kind) || a.scale == b.scale);
}

static bool ordered(ck_type_kind k) { return k != CK_TYPE_BOOL && k != CK_TYPE_STRING; }

static void list_scale(const ck_scale *s, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->count && at < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? ", " : "", s->names[i]);
}

static ck_type_info resolve_type(checker *ck, const ck_type_expr *te, const char *owner)
{
    ck_type_info t = {.kind = te ? te->kind : CK_TYPE_BOOL};
    if (!te)
        return t;
    if (te->kind == CK_TYPE_LEVEL) {
        ck_scale *s = ck_arena_alloc(ck->arena, sizeof *s);
        if (!s)
            return t;
        s->what = owner;
        s->names = ck_arena_alloc(ck->arena, (te->levels.len + 1) * sizeof(char *));
        if (ck_name_index_init(&s->ix, ck->arena, te->levels.len) != 0)
            ck->oom = true;
        for (size_t i = 0; s->names && i < te->levels.len; i++) {
            const ck_name *nm = te->levels.items[i];
            if (ck_scale_index(s, nm->text) >= 0) {
                ck_diag *d = error_at(ck, nm->span, "level '%s' appears twice in the scale", nm->text);
                HINT(d, "a level scale lists each value once, lowest first");
                continue;
            }
            ck_name_index_put(&s->ix, nm->text, (int)s->count);
            s->names[s->count++] = nm->text;
        }
        if (te->levels.len < 2)
            warn_at(ck, te->span, "a level scale with fewer than two values cannot distinguish anything");
        t.scale = s;
    } else if (te->kind == CK_TYPE_DEPTH) {
        int q = ck_policy_questionnaire(ck->p, te->ref.text);
        if (q < 0) {
            ck_diag *d = error_at(ck, te->ref.span, "unknown questionnaire '%s'", te->ref.text);
            hint_closest(ck, d, te->ref.text, NAMES_OF(ck->p->questionnaires, ck->p->nquestionnaires, name),
                         ck->p->nquestionnaires);
            return t; /* a depth without a scale: see poisoned() */
        }
        ck->p->questionnaires[q].used = true;
        t.scale = &ck->p->questionnaires[q].depths;
    }
    return t;
}

/* ---- expressions ---- */

static typed check_operand(checker *ck, ck_expr *e, const ck_type_info *want);
static typed check_cond(checker *ck, ck_expr *e);

static bool is_unresolved_name(checker *ck, const ck_expr *e)
{
    return e->kind == CK_EX_NAME && ck_policy_profile_field(ck->p, e->u.name.text) < 0;
}

static typed check_cmp(checker *ck, ck_expr *e)
{
    ck_expr *lhs = e->u.bin.lhs, *rhs = e->u.bin.rhs;
    typed lt, rt;
    if (is_unresolved_name(ck, lhs) && !is_unresolved_name(ck, rhs)) {
        rt = check_operand(ck, rhs, NULL);
        lt = check_operand(ck, lhs, rt.ok ? &rt.t : NULL);
    } else {
        lt = check_operand(ck, lhs, NULL);
        /* After a bad left side, a bare name on the right may be a value of the scale the left
         * side was meant to have: it cannot be judged, so it is not reported. */
        if (!lt.ok && is_unresolved_name(ck, rhs))
            rt = (typed){.ok = false};
        else
            rt = check_operand(ck, rhs, lt.ok ? &lt.t : NULL);
    }
    typed out = {.ok = true, .t = {.kind = CK_TYPE_BOOL}};
    if (!lt.ok || !rt.ok)
        return out;
    char b1[128], b2[128];
    if (!type_eq(lt.t, rt.t)) {
        char s1[96], s2[96];
        ck_expr_to_string(lhs, s1, sizeof s1);
        ck_expr_to_string(rhs, s2, sizeof s2);
        ck_diag *d = error_at(ck, e->span, "cannot compare %s (%s) with %s (%s)", s1,
                              type_name(lt.t, b1, sizeof b1), s2, type_name(rt.t, b2, sizeof b2));
        if (lt.t.kind == CK_TYPE_LEVEL && rt.t.kind == CK_TYPE_LEVEL)
            HINT(d, "levels compare only with values of the same scale");
        return out;
    }
    if (!ordered(lt.t.kind) && e->u.bin.op != CK_OP_EQ && e->u.bin.op != CK_OP_NE) {
        ck_diag *d = error_at(ck, e->span, "'%s' does not apply to %s values", ck_cmp_op_text(e->u.bin.op),
                              type_name(lt.t, b1, sizeof b1));
        HINT(d, "compare %s values with == or !=", type_name(lt.t, b1, sizeof b1));
    }
    return out;
}

static typed check_operand(checker *ck, ck_expr *e, const ck_type_info *want)
{
    typed r = {.ok = true};
    char buf[256];
    switch (e->kind) {
    case CK_EX_BOOL: r.t.kind = CK_TYPE_BOOL; break;
    case CK_EX_NUMBER: r.t.kind = CK_TYPE_NUMBER; break;
    case CK_EX_STRING: r.t.kind = CK_TYPE_STRING; break;
    case CK_EX_DURATION: r.t.kind = CK_TYPE_DURATION; break;
    case CK_EX_DATE: r.t.kind = CK_TYPE_DATE; break;
    case CK_EX_ERROR: r.ok = false; break;
    case CK_EX_TIER:
        if (ck->in_tier_rule) {
            /* the evaluator has no tier yet while it runs the tier rules */
            ck_diag *d = error_at(ck, e->span, "a tier rule cannot use the tier it decides");
            HINT(d, "%s", "tier rules read profile fields; 'tier' belongs in requirements and tests");
            r.ok = false;
            break;
        }
        r.t = ck->p->tier_type;
        break;
    case CK_EX_NAME: {
        const char *name = e->u.name.text;
        int f = ck_policy_profile_field(ck->p, name);
        if (f >= 0) {
            ck->p->profile[f].used = true;
            e->ref = f;
            r.t = ck->p->profile[f].type;
            r.ok = !poisoned(r.t);
            break;
        }
        if (want && scaled(want->kind) && want->scale) {
            if (want->kind == CK_TYPE_TIER && want->scale->count == 0) {
                r.ok = false; /* no tier order: reported once already ("declares no tiers") */
                break;
            }
            int v = ck_scale_index(want->scale, name);
            if (v >= 0) {
                e->ref = v;
                e->is_level_value = true;
                r.t = *want;
                break;
            }
            ck_diag *d = want->kind == CK_TYPE_TIER
                             ? error_at(ck, e->u.name.span, "unknown tier '%s'", name)
                             : error_at(ck, e->u.name.span, "'%s' is not a value of %s", name, want->scale->what);
            const char *close = ck_closest(name, want->scale->names, want->scale->count);
            if (close) {
                HINT(d, "did you mean '%s'?", close);
            } else {
                list_scale(want->scale, buf, sizeof buf);
                HINT(d, "the values are: %s", buf);
            }
            r.ok = false;
            break;
        }
        ck_diag *d = error_at(ck, e->u.name.span, "unknown profile field '%s'", name);
        hint_closest(ck, d, name, field_names(ck, ck->p->profile, ck->p->nprofile), ck->p->nprofile);
        if (d && !d->hint && want && want->kind == CK_TYPE_STRING)
            HINT(d, "a string value is written in double quotes: \"%s\"", name);
        r.ok = false;
        break;
    }
    case CK_EX_ATTR: {
        if (ck->in_tier_rule) {
            ck_diag *d = error_at(ck, e->span, "a tier rule cannot use tier.%s: the tier is what it decides",
                                  e->u.name.text);
            HINT(d, "%s", "tier attributes belong in requirements; tier rules read profile fields");
            r.ok = false;
            break;
        }
        int a = ck_field_index(ck->p->attrs, ck->p->nattrs, e->u.name.text);
        if (a < 0) {
            ck_diag *d = error_at(ck, e->span, "unknown tier attribute '%s'", e->u.name.text);
            hint_closest(ck, d, e->u.name.text, field_names(ck, ck->p->attrs, ck->p->nattrs), ck->p->nattrs);
            if (!d || !d->hint)
                HINT(d, "declare it: tier attribute %s : TYPE \"description\"", e->u.name.text);
            r.ok = false;
            break;
        }
        ck->p->attrs[a].used = true;
        e->ref = a;
        r.t = ck->p->attrs[a].type;
        r.ok = !poisoned(r.t);
        break;
    }
    case CK_EX_PAREN: return check_operand(ck, e->u.operand, want);
    case CK_EX_NOT:
    case CK_EX_AND:
    case CK_EX_OR:
        return check_cond(ck, e);
    case CK_EX_CMP: return check_cmp(ck, e);
    case CK_EX_IN: {
        typed lt = check_operand(ck, e->u.in.lhs, NULL);
        for (size_t i = 0; i < e->u.in.items.len; i++) {
            ck_expr *item = e->u.in.items.items[i];
            if (!lt.ok && is_unresolved_name(ck, item))
                continue; /* as in check_cmp: cannot be judged against a bad left side */
            typed it = check_operand(ck, item, lt.ok ? &lt.t : NULL);
            if (lt.ok && it.ok && !type_eq(lt.t, it.t)) {
                char b1[128], b2[128];
                error_at(ck, item->span, "list value is a %s, but the left side is a %s",
                         type_name(it.t, b1, sizeof b1), type_name(lt.t, b2, sizeof b2));
            }
        }
        r.t.kind = CK_TYPE_BOOL;
        break;
    }
    }
    if (r.ok)
        e->type = NULL; /* types live in the policy tables; the evaluator re-derives from refs */
    return r;
}

/* A condition: an operand that must be true or false. */
static typed check_cond(checker *ck, ck_expr *e)
{
    typed r = {.ok = true, .t = {.kind = CK_TYPE_BOOL}};
    switch (e->kind) {
    case CK_EX_NOT:
        check_cond(ck, e->u.operand);
        return r;
    case CK_EX_AND:
    case CK_EX_OR:
        check_cond(ck, e->u.bin.lhs);
        check_cond(ck, e->u.bin.rhs);
        return r;
    case CK_EX_PAREN:
        return check_cond(ck, e->u.operand);
    default:
        break;
    }
    typed t = check_operand(ck, e, NULL);
    if (t.ok && t.t.kind != CK_TYPE_BOOL) {
        char b[128], s[96];
        ck_expr_to_string(e, s, sizeof s);
        ck_diag *d = error_at(ck, e->span, "a condition must be true or false, but %s is a %s", s,
                              type_name(t.t, b, sizeof b));
        HINT(d, "compare it with a value, e.g. %s %s", s,
             t.t.kind == CK_TYPE_STRING ? "== \"...\"" : ">= ...");
    }
    return r;
}

/* A value that must have type want (parameters, attributes, answers, limits). */
static void check_value(checker *ck, ck_expr *e, ck_type_info want, const char *what)
{
    if (!e || poisoned(want))
        return;
    typed t = check_operand(ck, e, &want);
    if (t.ok && !type_eq(t.t, want)) {
        char b1[128], b2[128];
        ck_diag *d = error_at(ck, e->span, "%s must be a %s, not a %s", what, type_name(want, b1, sizeof b1),
                              type_name(t.t, b2, sizeof b2));
        if (want.kind == CK_TYPE_DURATION)
            HINT(d, "write a duration with a unit: h, d, w, mo or y (e.g. 24h)");
        else if (want.kind == CK_TYPE_DATE)
            HINT(d, "write a date as YYYY-MM-DD");
        else if (scaled(want.kind) && want.scale) {
            list_scale(want.scale, b2, sizeof b2);
            HINT(d, "the values are: %s", b2);
        }
    }
}

/* Whether e (after parentheses) is a literal usable for contradiction checks; fills v. */
static bool literal_number(const ck_expr *e, int64_t *v)
{
    while (e->kind == CK_EX_PAREN)
        e = e->u.operand;
    switch (e->kind) {
    case CK_EX_NUMBER: *v = e->u.number; return true;
    case CK_EX_DURATION: *v = ck_duration_minutes(e->u.duration); return true;
    case CK_EX_DATE: *v = e->u.date.days; return true;
    case CK_EX_NAME:
        if (e->is_level_value) {
            *v = e->ref;
            return true;
        }
        return false;
    default: return false;
    }
}

/* ---- collecting declarations ---- */

typedef struct {
    size_t profile, attrs, clauses, evidence, questionnaires, reqs, tier_rules;
} decl_counts;

static void count_decls(const ck_policy *p, decl_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t f = 0; f < p->files.len; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len; i++) {
            const ck_decl *d = file->decls.items[i];
            switch (d->kind) {
            case CK_DECL_PROFILE: c->profile += d->fields.len; break;
            case CK_DECL_TIER_ATTR: c->attrs++; break;
            case CK_DECL_CLAUSE: c->clauses++; break;
            case CK_DECL_EVIDENCE: c->evidence++; break;
            case CK_DECL_QUESTIONNAIRE: c->questionnaires++; break;
            case CK_DECL_REQUIRE: c->reqs++; break;
            case CK_DECL_TIER_RULE: c->tier_rules++; break;
            default: break;
            }
        }
    }
}

static bool add_field(checker *ck, ck_field *arr, size_t *n, ck_name_index *ix, const ck_field_decl *fd,
                      const char *what)
{
    int prev = ck_field_index(arr, *n, fd->name.text);
    if (prev >= 0) {
        ck_diag *d = error_at(ck, fd->name.span, "%s '%s' is declared twice", what, fd->name.text);
        hint_where(ck, d, "it was", arr[prev].decl->name.span);
        return false;
    }
    arr[*n] = (ck_field){.name = fd->name.text, .decl = fd, .ix = ix, .from_depth = -1};
    ck_name_index_put(ix, fd->name.text, (int)*n);
    (*n)++;
    return true;
}

static void collect(checker *ck)
{
    ck_policy *p = ck->p;
    decl_counts c;
    count_decls(p, &c);
    p->profile = ck_arena_alloc(ck->arena, (c.profile + 1) * sizeof *p->profile);
    p->attrs = ck_arena_alloc(ck->arena, (c.attrs + 1) * sizeof *p->attrs);
    p->clauses = ck_arena_alloc(ck->arena, (c.clauses + 1) * sizeof *p->clauses);
    p->evidence_kinds = ck_arena_alloc(ck->arena, (c.evidence + 1) * sizeof *p->evidence_kinds);
    p->questionnaires = ck_arena_alloc(ck->arena, (c.questionnaires + 1) * sizeof *p->questionnaires);
    p->reqs = ck_arena_alloc(ck->arena, (c.reqs + 1) * sizeof *p->reqs);
    p->tier_rules = ck_arena_alloc(ck->arena, (c.tier_rules + 1) * sizeof *p->tier_rules);
    if (!p->profile || !p->attrs || !p->clauses || !p->evidence_kinds || !p->questionnaires || !p->reqs ||
        !p->tier_rules || ck_name_index_init(&p->profile_ix, ck->arena, c.profile) != 0 ||
        ck_name_index_init(&p->attr_ix, ck->arena, c.attrs) != 0 ||
        ck_name_index_init(&p->clause_ix, ck->arena, c.clauses) != 0 ||
        ck_name_index_init(&p->evidence_ix, ck->arena, c.evidence) != 0 ||
        ck_name_index_init(&p->questionnaire_ix, ck->arena, c.questionnaires) != 0 ||
        ck_name_index_init(&p->req_ix, ck->arena, c.reqs) != 0) {
        ck->oom = true;
        return;
    }
    const ck_decl *tiers_decl = NULL;
    const ck_file *root = p->files.len ? p->files.items[p->files.len - 1] : NULL;
    for (size_t f = 0; f < p->files.len; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len; i++) {
            const ck_decl *d = file->decls.items[i];
            switch (d->kind) {
            case CK_DECL_POLICY:
                if (file == root) {
                    if (p->header && p->header->span.src == d->span.src) {
                        ck_diag *dg = error_at(ck, d->span, "the policy header is given twice");
                        hint_where(ck, dg, "the header was", p->header->span);
                    }
                    p->header = d;
                }
                break;
            case CK_DECL_PROFILE:
                for (size_t k = 0; k < d->fields.len; k++)
                    add_field(ck, p->profile, &p->nprofile, &p->profile_ix, d->fields.items[k], "profile field");
                break;
            case CK_DECL_TIER_ATTR:
                if (d->fields.len)
                    add_field(ck, p->attrs, &p->nattrs, &p->attr_ix, d->fields.items[0], "tier attribute");
                break;
            case CK_DECL_TIERS:
                if (tiers_decl) {
                    ck_diag *dg = error_at(ck, d->span, "the tiers are declared twice");
                    hint_where(ck, dg, "they were", tiers_decl->span);
                    break;
                }
                tiers_decl = d;
                p->tiers.what = "tier";
                p->tiers.names = ck_arena_alloc(ck->arena, (d->names.len + 1) * sizeof(char *));
                if (ck_name_index_init(&p->tiers.ix, ck->arena, d->names.len) != 0)
                    ck->oom = true;
                for (size_t k = 0; p->tiers.names && k < d->names.len; k++) {
                    const ck_name *nm = d->names.items[k];
                    if (ck_scale_index(&p->tiers, nm->text) >= 0) {
                        ck_diag *dg = error_at(ck, nm->span, "tier '%s' appears twice in the tier order", nm->text);
                        HINT(dg, "the tier order lists each tier once, lowest first");
                        continue;
                    }
                    ck_name_index_put(&p->tiers.ix, nm->text, (int)p->tiers.count);
                    p->tiers.names[p->tiers.count++] = nm->text;
                }
                break;
            case CK_DECL_CLAUSE: {
                int prev = ck_policy_clause(p, d->name.text);
                if (prev >= 0) {
                    ck_diag *dg = error_at(ck, d->name.span, "clause '%s' is declared twice", d->name.text);
                    hint_where(ck, dg, "it was", p->clauses[prev].decl->name.span);
                    break;
                }
                ck_name_index_put(&p->clause_ix, d->name.text, (int)p->nclauses);
                ck_clause *cl = &p->clauses[p->nclauses++];
                cl->name = d->name.text;
                cl->decl = d;
                cl->params = ck_arena_alloc(ck->arena, (d->fields.len + 1) * sizeof *cl->params);
                if (ck_name_index_init(&cl->param_ix, ck->arena, d->fields.len) != 0)
                    ck->oom = true;
                for (size_t k = 0; cl->params && k < d->fields.len; k++)
                    add_field(ck, cl->params, &cl->nparams, &cl->param_ix, d->fields.items[k], "parameter");
                break;
            }
            case CK_DECL_EVIDENCE: {
                int prev = ck_policy_evidence_kind(p, d->name.text);
                if (prev >= 0) {
                    ck_diag *dg = error_at(ck, d->name.span, "evidence kind '%s' is declared twice", d->name.text);
                    hint_where(ck, dg, "it was", p->evidence_kinds[prev].decl->name.span);
                    break;
                }
                ck_name_index_put(&p->evidence_ix, d->name.text, (int)p->nevidence_kinds);
                p->evidence_kinds[p->nevidence_kinds++] = (ck_evidence_kind){.name = d->name.text, .decl = d};
                break;
            }
            case CK_DECL_QUESTIONNAIRE: {
                int prev = ck_policy_questionnaire(p, d->name.text);
                if (prev >= 0) {
                    ck_diag *dg = error_at(ck, d->name.span, "questionnaire '%s' is declared twice", d->name.text);
                    hint_where(ck, dg, "it was", p->questionnaires[prev].decl->name.span);
                    break;
                }
                ck_name_index_put(&p->questionnaire_ix, d->name.text, (int)p->nquestionnaires);
                ck_questionnaire *q = &p->questionnaires[p->nquestionnaires++];
                q->name = d->name.text;
                q->decl = d;
                q->depths.what = ck_arena_printf(ck->arena, "depth of %s", d->name.text);
                q->depths.names = ck_arena_alloc(ck->arena, (d->names.len + 2) * sizeof(char *));
                if (!q->depths.names || ck_name_index_init(&q->depths.ix, ck->arena, d->names.len + 1) != 0 ||
                    ck_name_index_init(&q->question_ix, ck->arena, d->fields.len) != 0) {
                    ck->oom = true;
                    break;
                }
                for (size_t k = 0; k < d->names.len; k++) {
                    const ck_name *nm = d->names.items[k];
                    if (ck_scale_index(&q->depths, nm->text) >= 0) {
                        ck_diag *dg = error_at(ck, nm->span, "depth '%s' appears twice", nm->text);
                        HINT(dg, "the depth order lists each depth once, lowest first");
                        continue;
                    }
                    ck_name_index_put(&q->depths.ix, nm->text, (int)q->depths.count);
                    q->depths.names[q->depths.count++] = nm->text;
                }
                if (q->depths.count == 0) {
                    ck_name_index_put(&q->depths.ix, "standard", 0);
                    q->depths.names[q->depths.count++] = "standard";
                }
                q->questions = ck_arena_alloc(ck->arena, (d->fields.len + 1) * sizeof *q->questions);
                for (size_t k = 0; q->questions && k < d->fields.len; k++)
                    add_field(ck, q->questions, &q->nquestions, &q->question_ix, d->fields.items[k], "question");
                break;
            }
            case CK_DECL_REQUIRE: {
                int prev = ck_policy_requirement(p, d->name.text);
                if (prev >= 0) {
                    ck_diag *dg = error_at(ck, d->name.span, "requirement id '%s' is used twice", d->name.text);
                    hint_where(ck, dg, "it was", p->reqs[prev].decl->name.span);
                    break;
                }
                ck_name_index_put(&p->req_ix, d->name.text, (int)p->nreqs);
                p->reqs[p->nreqs++] = (ck_requirement){.id = d->name.text, .title = d->title, .decl = d};
                break;
            }
            case CK_DECL_TEST:
                ck_vec_push(ck->arena, &p->tests, (void *)d);
                break;
            default:
                break;
            }
        }
    }
    p->tier_type = (ck_type_info){.kind = CK_TYPE_TIER, .scale = &p->tiers};
    if (!tiers_decl) {
        ck->errors++;
        ck_span at = p->header ? p->header->span : root ? (ck_span){root->src, 0, 0} : (ck_span){0};
        ck_diag *dg = at.src ? ck_diag_add(ck->diags, CK_DIAG_ERROR, at, "the policy declares no tiers")
                           : ck_diag_add_path(ck->diags, CK_DIAG_ERROR, "policy", "the policy declares no tiers");
        HINT(dg, "declare the tier order, lowest first, e.g. 'tiers low < medium < high < critical'");
    }
}

static void resolve_field_types(checker *ck)
{
    ck_policy *p = ck->p;
    for (size_t i = 0; i < p->nprofile; i++)
        p->profile[i].type = resolve_type(ck, p->profile[i].decl->type, p->profile[i].name);
    for (size_t i = 0; i < p->nattrs; i++)
        p->attrs[i].type = resolve_type(ck, p->attrs[i].decl->type, p->attrs[i].name);
    for (size_t c = 0; c < p->nclauses; c++)
        for (size_t i = 0; i < p->clauses[c].nparams; i++)
            p->clauses[c].params[i].type =
                resolve_type(ck, p->clauses[c].params[i].decl->type, p->clauses[c].params[i].name);
    for (size_t q = 0; q < p->nquestionnaires; q++) {
        ck_questionnaire *qn = &p->questionnaires[q];
        for (size_t i = 0; i < qn->nquestions; i++) {
            ck_field *qf = &qn->questions[i];
            qf->type = resolve_type(ck, qf->decl->type, qf->name);
            if (qf->decl->has_expect) {
                check_value(ck, qf->decl->expect, qf->type, "the expected answer");
                if (!ordered(qf->type.kind) && qf->decl->expect_op != CK_OP_EQ && qf->decl->expect_op != CK_OP_NE) {
                    ck_diag *d = error_at(ck, qf->decl->expect->span, "'%s' does not apply to %s answers",
                                          ck_cmp_op_text(qf->decl->expect_op),
                                          qf->type.kind == CK_TYPE_BOOL ? "bool" : "string");
                    HINT(d, "expect the answer itself, e.g. 'expect %s', or compare with !=",
                         qf->type.kind == CK_TYPE_BOOL ? "true" : "\"...\"");
                }
            }
            if (qf->decl->from_depth.text) {
                int dpt = ck_scale_index(&qn->depths, qf->decl->from_depth.text);
                if (dpt < 0) {
                    ck_diag *d = error_at(ck, qf->decl->from_depth.span, "questionnaire '%s' has no depth '%s'",
                                          qn->name, qf->decl->from_depth.text);
                    hint_closest(ck, d, qf->decl->from_depth.text, qn->depths.names, qn->depths.count);
                    if (d && !d->hint) {
                        char buf[256];
                        list_scale(&qn->depths, buf, sizeof buf);
                        HINT(d, "the depths are: %s", buf);
                    }
                }
                qf->from_depth = dpt;
            }
        }
    }
}

/* ---- tiers ---- */

static int resolve_tier(checker *ck, const ck_name *nm)
{
    int t = ck_policy_tier(ck->p, nm->text);
    if (t < 0 && ck->p->tiers.count) {
        ck_diag *d = error_at(ck, nm->span, "unknown tier '%s'", nm->text);
        const char *close = ck_closest(nm->text, ck->p->tiers.names, ck->p->tiers.count);
        char buf[256];
        if (close) {
            HINT(d, "did you mean '%s'?", close);
        } else {
            list_scale(&ck->p->tiers, buf, sizeof buf);
            HINT(d, "the tiers are: %s", buf);
        }
    }
    return t;
}

/* The tier a misspelt tier name most likely means, or -1. It only keeps the follow-on checks
 * ("gives no value", "no tier rule yields") quiet about a tier whose name was already reported. */
static int tier_standin(checker *ck, const ck_name *nm)
{
    const char *close = ck_closest(nm->text, ck->p->tiers.names, ck->p->tiers.count);
    return close ? ck_policy_tier(ck->p, close) : -1;
}

static void check_tier_attrs(checker *ck)
{
    ck_policy *p = ck->p;
    size_t n = p->tiers.count * p->nattrs;
    p->attr_values = ck_arena_alloc(ck->arena, (n + 1) * sizeof *p->attr_values);
    if (!p->attr_values) {
        ck->oom = true;
        return;
    }
    ck_vec unknown = {0}; /* names of undeclared attributes already reported */
    for (size_t f = 0; f < p->files.len; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len; i++) {
            const ck_decl *d = file->decls.items[i];
            if (d->kind != CK_DECL_TIER_HAS)
                continue;
            int t = resolve_tier(ck, &d->name);
            for (size_t k = 0; k < d->assigns.len; k++) {
                ck_assign *as = d->assigns.items[k];
                int a = ck_field_index(p->attrs, p->nattrs, as->name.text);
                if (a < 0) {
                    const char **names = field_names(ck, p->attrs, p->nattrs);
                    const char *close = names ? ck_closest(as->name.text, names, p->nattrs) : NULL;
                    if (close && t >= 0) {
                        /* The misspelt name stands for that attribute: no "gives no value" for it too. */
                        int c = ck_field_index(p->attrs, p->nattrs, close);
                        if (!p->attr_values[(size_t)t * p->nattrs + (size_t)c])
                            p->attr_values[(size_t)t * p->nattrs + (size_t)c] = as->value;
                    }
                    /* An undeclared attribute is reported once, not once for every tier giving it. */
                    bool seen = false;
                    for (size_t u = 0; u < unknown.len && !seen; u++)
                        seen = strcmp(unknown.items[u], as->name.text) == 0;
                    if (seen)
                        continue;
                    ck_vec_push(ck->arena, &unknown, as->name.text);
                    ck_diag *dg = error_at(ck, as->name.span, "unknown tier attribute '%s'", as->name.text);
                    if (close)
                        HINT(dg, "did you mean '%s'?", close);
                    else
                        HINT(dg, "declare it first: tier attribute %s : TYPE \"description\"", as->name.text);
                    continue;
                }
                check_value(ck, as->value, p->attrs[a].type, as->name.text);
                if (t < 0) {
                    int s = tier_standin(ck, &d->name);
                    if (s >= 0 && !p->attr_values[(size_t)s * p->nattrs + (size_t)a])
                        p->attr_values[(size_t)s * p->nattrs + (size_t)a] = as->value;
                    continue;
                }
                const ck_expr **slot = &p->attr_values[(size_t)t * p->nattrs + (size_t)a];
                if (*slot) {
                    ck_diag *dg = error_at(ck, as->name.span, "tier '%s' gives '%s' twice", d->name.text,
                                           as->name.text);
                    ck_linecol lc = ck_source_linecol((*slot)->span.src, (*slot)->span.start);
                    HINT(dg, "the first value is at %s:%u:%u; keep one", (*slot)->span.src->path, lc.line, lc.col);
                    continue;
                }
                *slot = as->value;
            }
        }
    }
    for (size_t a = 0; a < p->nattrs; a++)
        for (size_t t = 0; t < p->tiers.count; t++)
            if (!p->attr_values[t * p->nattrs + a]) {
                ck_diag *d = error_at(ck, p->attrs[a].decl->name.span, "tier '%s' gives no value for '%s'",
                                      p->tiers.names[t], p->attrs[a].name);
                HINT(d, "add: tier %s has %s = ...", p->tiers.names[t], p->attrs[a].name);
            }
}

/* Conjunctions of atoms, for the "shadowed tier rule" analysis. */
typedef struct {
    char **atoms;
    size_t n;
} conj;

static void flatten_and(checker *ck, const ck_expr *e, ck_vec *atoms)
{
    while (e->kind == CK_EX_PAREN)
        e = e->u.operand;
    if (e->kind == CK_EX_AND) {
        flatten_and(ck, e->u.bin.lhs, atoms);
        flatten_and(ck, e->u.bin.rhs, atoms);
        return;
    }
    char buf[512];
    ck_expr_to_string(e, buf, sizeof buf);
    ck_vec_push(ck->arena, atoms, ck_arena_strdup(ck->arena, buf));
}

static void flatten_or(checker *ck, const ck_expr *e, ck_vec *disjuncts)
{
    while (e->kind == CK_EX_PAREN)
        e = e->u.operand;
    if (e->kind == CK_EX_OR) {
        flatten_or(ck, e->u.bin.lhs, disjuncts);
        flatten_or(ck, e->u.bin.rhs, disjuncts);
        return;
    }
    ck_vec *atoms = ck_arena_alloc(ck->arena, sizeof *atoms);
    if (!atoms)
        return;
    flatten_and(ck, e, atoms);
    ck_vec_push(ck->arena, disjuncts, atoms);
}

#define CK_SHADOW_MAX_ALTERNATIVES 1024

static bool atoms_subset(const ck_vec *a, const ck_vec *b)
{
    for (size_t i = 0; i < a->len; i++) {
        bool found = false;
        for (size_t j = 0; j < b->len && !found; j++)
            found = strcmp(a->items[i], b->items[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

static void check_tier_rules(checker *ck)
{
    ck_policy *p = ck->p;
    const ck_decl *otherwise = NULL, *last_rule = NULL;
    ck_vec earlier = {0}; /* ck_vec * of disjunct atom sets from earlier rules */
    bool *yielded = ck_arena_alloc(ck->arena, p->tiers.count + 1);
    for (size_t f = 0; f < p->files.len; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len; i++) {
            const ck_decl *d = file->decls.items[i];
            if (d->kind != CK_DECL_TIER_RULE)
                continue;
            last_rule = d;
            int t = resolve_tier(ck, &d->name);
            if (d->cond) {
                ck->in_tier_rule = true;
                check_cond(ck, d->cond);
                ck->in_tier_rule = false;
            }
            /* A rule names its tier even when it cannot match or the name is misspelt: that
             * error is enough, and "no tier rule yields" it would only repeat it. */
            int named = t >= 0 ? t : tier_standin(ck, &d->name);
            if (named >= 0 && yielded)
                yielded[named] = true;
            if (otherwise) {
                ck_diag *dg = error_at(ck, d->span, "this tier rule can never match");
                ck_linecol lc = ck_source_linecol(otherwise->span.src, otherwise->span.start);
                HINT(dg, "the 'otherwise' rule at %s:%u:%u already matches every supplier; move this rule above it",
                     otherwise->span.src->path, lc.line, lc.col);
                continue;
            }
            if (!d->cond) {
                otherwise = d;
            } else {
                ck_vec mine = {0};
                flatten_or(ck, d->cond, &mine);
                /* Pairwise comparison is quadratic; real policies have a few dozen tier rules, and
                 * past CK_SHADOW_MAX_ALTERNATIVES earlier alternatives the check steps aside rather
                 * than let a generated policy stall lint (docs/security.md, limits). */
                bool all_shadowed = mine.len > 0 && earlier.len / 2 <= CK_SHADOW_MAX_ALTERNATIVES;
                const ck_decl *by = NULL;
                for (size_t m = 0; m < mine.len && all_shadowed; m++) {
                    bool sh = false;
                    for (size_t e = 0; e < earlier.len && !sh; e += 2) {
                        if (atoms_subset(earlier.items[e], mine.items[m])) {
                            sh = true;
                            by = earlier.items[e + 1];
                        }
                    }
                    all_shadowed = sh;
                }
                if (all_shadowed && by) {
                    ck_diag *dg = error_at(ck, d->span, "this tier rule can never match");
                    ck_linecol lc = ck_source_linecol(by->span.src, by->span.start);
                    HINT(dg, "every supplier it matches is already matched by the rule at %s:%u:%u (first match wins)",
                         by->span.src->path, lc.line, lc.col);
                    continue;
                }
                for (size_t m = 0; m < mine.len; m++) {
                    ck_vec_push(ck->arena, &earlier, mine.items[m]);
                    ck_vec_push(ck->arena, &earlier, (void *)d);
                }
            }
            if (t >= 0) {
                if (yielded)
                    yielded[t] = true;
                p->tier_rules[p->ntier_rules++] = (ck_tier_rule){.decl = d, .tier = t, .cond = d->cond};
            }
        }
    }
    if (!p->tiers.count)
        return;
    const ck_file *root = p->files.items[p->files.len - 1];
    const ck_decl *tiers_decl = NULL;
    for (size_t f = 0; f < p->files.len && !tiers_decl; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len && !tiers_decl; i++) {
            const ck_decl *d = file->decls.items[i];
            if (d->kind == CK_DECL_TIERS)
                tiers_decl = d;
        }
    }
    if (!otherwise) {
        /* Located at the last tier rule, where 'otherwise' belongs, or at the tier order. */
        const ck_decl *last = last_rule ? last_rule : tiers_decl;
        ck_span at = last ? last->span : (ck_span){root->src, 0, 0};
        ck_diag *dg = error_at(ck, at, "%s", last_rule ? "no 'otherwise' tier rule: a supplier that matches no rule would have no tier"
                                                            : "the policy has no tier rules");
        if (last_rule)
            HINT(dg, "end the tier rules with 'tier %s otherwise'", p->tiers.names[0]);
        else
            HINT(dg, "add rules that give each supplier a tier, e.g. 'tier %s when ...', ending with 'tier %s otherwise'",
                 p->tiers.names[p->tiers.count - 1], p->tiers.names[0]);
        return;
    }
    for (size_t t = 0; yielded && t < p->tiers.count; t++)
        if (!yielded[t]) {
            const ck_decl *td = tiers_decl;
            const ck_name *nm = td->names.items[0];
            for (size_t k = 0; k < td->names.len; k++)
                if (strcmp(((const ck_name *)td->names.items[k])->text, p->tiers.names[t]) == 0)
                    nm = td->names.items[k];
            ck_diag *dg = warn_at(ck, nm->span, "no tier rule yields tier '%s'", p->tiers.names[t]);
            HINT(dg, "add a rule 'tier %s when ...' or remove the tier", p->tiers.names[t]);
        }
}

/* ---- requirements ---- */

typedef struct {
    bool has_lo, lo_incl, has_hi, hi_incl;
    int64_t lo, hi;
} interval;

static bool interval_add(interval *iv, ck_cmp_op op, int64_t v)
{
    switch (op) {
    case CK_OP_EQ:
        return interval_add(iv, CK_OP_GE, v) && interval_add(iv, CK_OP_LE, v);
    case CK_OP_NE: break;
    case CK_OP_LT:
    case CK_OP_LE:
        if (!iv->has_hi || v < iv->hi || (v == iv->hi && op == CK_OP_LT)) {
            iv->has_hi = true;
            iv->hi = v;
            iv->hi_incl = op == CK_OP_LE;
        }
        break;
    case CK_OP_GT:
    case CK_OP_GE:
        if (!iv->has_lo || v > iv->lo || (v == iv->lo && op == CK_OP_GT)) {
            iv->has_lo = true;
            iv->lo = v;
            iv->lo_incl = op == CK_OP_GE;
        }
        break;
    }
    if (iv->has_lo && iv->has_hi) {
        if (iv->lo > iv->hi)
            return false;
        if (iv->lo == iv->hi && !(iv->lo_incl && iv->hi_incl))
            return false;
    }
    return true;
}

static void check_rule(checker *ck, ck_requirement *req, ck_rule *r);

static void check_rules(checker *ck, ck_requirement *req, ck_vec *rules)
{
    for (size_t i = 0; i < rules->len; i++)
        check_rule(ck, req, rules->items[i]);
}

static void check_clause_rule(checker *ck, ck_rule *r)
{
    ck_policy *p = ck->p;
    int c = ck_policy_clause(p, r->target.text);
    r->target_ref = c;
    if (c < 0) {
        ck_diag *d = error_at(ck, r->target.span, "unknown clause '%s'", r->target.text);
        hint_closest(ck, d, r->target.text, NAMES_OF(p->clauses, p->nclauses, name), p->nclauses);
        if (d && !d->hint)
            HINT(d, "declare it: clause %s \"what the clause says\" { ... }", r->target.text);
        return;
    }
    ck_clause *cl = &p->clauses[c];
    cl->used = true;
    for (size_t i = 0; i < r->params.len; i++) {
        ck_param_test *pt = r->params.items[i];
        int k = ck_field_index(cl->params, cl->nparams, pt->param.text);
        pt->param_index = k;
        if (k < 0) {
            ck_diag *d = error_at(ck, pt->param.span, "clause '%s' has no parameter '%s'", cl->name, pt->param.text);
            hint_closest(ck, d, pt->param.text, field_names(ck, cl->params, cl->nparams), cl->nparams);
            continue;
        }
        ck_field *pf = &cl->params[k];
        pf->used = true;
        char b[128];
        if (!pt->value) {
            if (pf->type.kind != CK_TYPE_BOOL) {
                ck_diag *d = error_at(ck, pt->span, "parameter '%s' is a %s, so it needs a comparison", pf->name,
                                      type_name(pf->type, b, sizeof b));
                HINT(d, "e.g. %s %s", pf->name, pf->type.kind == CK_TYPE_DURATION ? "<= 24h" : "== ...");
            }
            continue;
        }
        check_value(ck, pt->value, pf->type, pf->name);
        if (!ordered(pf->type.kind) && pt->op != CK_OP_EQ && pt->op != CK_OP_NE) {
            ck_diag *d = error_at(ck, pt->span, "'%s' does not apply to %s values", ck_cmp_op_text(pt->op),
                                  type_name(pf->type, b, sizeof b));
            HINT(d, "use == or !=");
        }
    }
    /* Contradictions: two literal bounds on one parameter that no value meets. */
    for (size_t i = 0; i < r->params.len; i++) {
        ck_param_test *a = r->params.items[i];
        if (a->param_index < 0 || !a->value)
            continue;
        interval iv = {0};
        int64_t v;
        if (!literal_number(a->value, &v))
            continue;
        interval_add(&iv, a->op, v);
        for (size_t j = i + 1; j < r->params.len; j++) {
            ck_param_test *b = r->params.items[j];
            if (b->param_index != a->param_index || !b->value || !literal_number(b->value, &v))
                continue;
            if (!interval_add(&iv, b->op, v)) {
                char s1[64], s2[64];
                ck_expr_to_string(a->value, s1, sizeof s1);
                ck_expr_to_string(b->value, s2, sizeof s2);
                ck_diag *d = error_at(ck, b->span, "contradictory conditions: no value of '%s' is both %s %s and %s %s",
                                      a->param.text, ck_cmp_op_text(a->op), s1, ck_cmp_op_text(b->op), s2);
                HINT(d, "no contract could meet this rule; drop one of the bounds");
                break;
            }
        }
    }
}

static bool name_in(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* What a rule is about, to tell a chain of variants of one obligation from unrelated rules. */
static bool same_subject(const ck_rule *a, const ck_rule *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case CK_RULE_CLAUSE:
    case CK_RULE_EVIDENCE:
    case CK_RULE_QUESTIONNAIRE: return strcmp(a->target.text, b->target.text) == 0;
    case CK_RULE_DATE: return strcmp(a->field.text, b->field.text) == 0;
    default: return false;
    }
}

/*
 * Consecutive guarded rules are one if/else-if chain. That reads naturally for variants of one
 * obligation ("notify within 24h when high, 72h otherwise"), but two unrelated guarded rules
 * written one after the other silently become alternatives: the second is skipped whenever the
 * first guard holds. Such a chain without an `otherwise` is almost always that mistake.
 */
static void warn_mixed_chain(checker *ck, const ck_rule *chain)
{
    if (chain->closed || chain->children.len < 2)
        return;
    const ck_guard_arm *first = chain->children.items[0];
    for (size_t i = 1; i < chain->children.len; i++) {
        const ck_guard_arm *arm = chain->children.items[i];
        if (same_subject(first->rule, arm->rule))
            continue;
        ck_linecol lc = ck_source_linecol(first->span.src, first->span.start);
        ck_diag *d = warn_at(ck, arm->span,
                             "this guarded rule continues the chain begun on line %u: it is checked only when no "
                             "guard before it holds",
                             lc.line);
        HINT(d, "%s", "if the rules are independent, put each in its own 'all { ... }'; if they are alternatives, "
                      "end the chain with an 'otherwise' arm");
        return;
    }
}

static void check_rule(checker *ck, ck_requirement *req, ck_rule *r)
{
    ck_policy *p = ck->p;
    r->index = req->nrules++;
    r->target_ref = -1;
    static const ck_type_info duration = {.kind = CK_TYPE_DURATION};
    switch (r->kind) {
    case CK_RULE_CLAUSE:
        check_clause_rule(ck, r);
        break;
    case CK_RULE_EVIDENCE: {
        int e = ck_policy_evidence_kind(p, r->target.text);
        r->target_ref = e;
        if (e < 0) {
            ck_diag *d = error_at(ck, r->target.span, "unknown evidence kind '%s'", r->target.text);
            hint_closest(ck, d, r->target.text, NAMES_OF(p->evidence_kinds, p->nevidence_kinds, name),
                         p->nevidence_kinds);
            if (d && !d->hint)
                HINT(d, "declare it: evidence %s \"what it is\" { valid for 3y }", r->target.text);
        } else {
            p->evidence_kinds[e].used = true;
        }
        for (size_t i = 0; i < r->quals.len; i++) {
            ck_evidence_qual *q = r->quals.items[i];
            if (q->kind != CK_EVQ_WITHIN)
                continue;
            if (!name_in(q->field.text, ck_evidence_date_fields, ck_evidence_date_field_count)) {
                ck_diag *d = error_at(ck, q->field.span, "evidence has no date '%s'", q->field.text);
                const char *close = ck_closest(q->field.text, ck_evidence_date_fields, ck_evidence_date_field_count);
                if (close)
                    HINT(d, "did you mean '%s'?", close);
                else
                    HINT(d, "evidence dates are: issued, period_end, last_audit");
            }
            check_value(ck, q->limit, duration, "the freshness limit");
        }
        break;
    }
    case CK_RULE_QUESTIONNAIRE: {
        int q = ck_policy_questionnaire(p, r->target.text);
        r->target_ref = q;
        if (q < 0) {
            ck_diag *d = error_at(ck, r->target.span, "unknown questionnaire '%s'", r->target.text);
            hint_closest(ck, d, r->target.text, NAMES_OF(p->questionnaires, p->nquestionnaires, name),
                         p->nquestionnaires);
            break;
        }
        p->questionnaires[q].used = true;
        if (r->limit) {
            ck_type_info depth = {.kind = CK_TYPE_DEPTH, .scale = &p->questionnaires[q].depths};
            check_value(ck, r->limit, depth, "the questionnaire depth");
        }
        break;
    }
    case CK_RULE_DATE:
        if (!name_in(r->field.text, ck_contract_date_fields, ck_contract_date_field_count)) {
            ck_diag *d = error_at(ck, r->field.span, "contracts have no date '%s'", r->field.text);
            const char *close = ck_closest(r->field.text, ck_contract_date_fields, ck_contract_date_field_count);
            if (close)
                HINT(d, "did you mean '%s'?", close);
            else
                HINT(d, "contract dates are: last_assessed, last_reviewed, signed");
        }
        check_value(ck, r->limit, duration, "the time limit");
        break;
    case CK_RULE_ANY:
    case CK_RULE_ALL:
        if (r->children.len == 0) {
            ck_diag *d = error_at(ck, r->span, "empty '%s' group", r->kind == CK_RULE_ANY ? "any" : "all");
            HINT(d, "put at least one rule inside the braces, or remove the group");
        }
        check_rules(ck, req, &r->children);
        break;
    case CK_RULE_CHOICE:
        for (size_t i = 0; i < r->children.len; i++) {
            ck_guard_arm *arm = r->children.items[i];
            if (arm->cond)
                check_cond(ck, arm->cond);
            check_rule(ck, req, arm->rule);
        }
        warn_mixed_chain(ck, r);
        break;
    }
}

static void check_requirement(checker *ck, ck_requirement *req)
{
    ck_policy *p = ck->p;
    const ck_decl *d = req->decl;
    req->severity = d->has_severity ? d->severity : CK_SEV_ERROR;
    int n = (int)p->tiers.count;
    req->tier_lo = 0;
    req->tier_hi = n - 1;
    const ck_tier_range *rg = &d->range;
    if (rg->kind == CK_TR_CMP) {
        int t = resolve_tier(ck, &rg->lo);
        if (t >= 0) {
            switch (rg->op) {
            case CK_OP_EQ: req->tier_lo = req->tier_hi = t; break;
            case CK_OP_NE: {
                ck_diag *dg = error_at(ck, rg->span, "a requirement's tiers must be a range; 'tier != %s' is not one",
                                       rg->lo.text);
                HINT(dg, "write one range, e.g. 'for tier > %s' or 'for tiers %s to %s', or split the requirement",
                     rg->lo.text, p->tiers.names[0], p->tiers.names[p->tiers.count - 1]);
                break;
            }
            case CK_OP_LT: req->tier_hi = t - 1; break;
            case CK_OP_LE: req->tier_hi = t; break;
            case CK_OP_GT: req->tier_lo = t + 1; break;
            case CK_OP_GE: req->tier_lo = t; break;
            }
        }
    } else if (rg->kind == CK_TR_RANGE) {
        int lo = resolve_tier(ck, &rg->lo), hi = resolve_tier(ck, &rg->hi);
        if (lo >= 0)
            req->tier_lo = lo;
        if (hi >= 0)
            req->tier_hi = hi;
    }
    if (p->tiers.count && req->tier_lo > req->tier_hi) {
        ck_diag *dg = error_at(ck, rg->span, "requirement %s applies to no tier", req->id);
        HINT(dg, "the tier order is lowest first: %s ... %s", p->tiers.names[0], p->tiers.names[n - 1]);
    }
    if (d->when)
        check_cond(ck, d->when);
    check_rules(ck, req, (ck_vec *)&d->rules);
    if (d->rules.len == 0) {
        ck_diag *dg = error_at(ck, d->name.span, "requirement %s has no rules", req->id);
        HINT(dg, "state what the contract must carry, e.g. 'clause NAME' or 'evidence KIND not expired'");
    }
}

/* ---- tests ---- */

typedef struct {
    const char *name;
    ck_type_kind kind;
} fixed_field;

static const fixed_field supplier_fields[] = {{"id", CK_TYPE_STRING}, {"name", CK_TYPE_STRING}, {"location", CK_TYPE_STRING}};
static const fixed_field contract_fields[] = {{"id", CK_TYPE_STRING},        {"status", CK_TYPE_STRING},
                                              {"last_assessed", CK_TYPE_DATE}, {"last_reviewed", CK_TYPE_DATE},
                                              {"signed", CK_TYPE_DATE}};
static const fixed_field evidence_fields[] = {{"file", CK_TYPE_STRING},     {"sha256", CK_TYPE_STRING},
                                              {"issued", CK_TYPE_DATE},     {"expires", CK_TYPE_DATE},
                                              {"period_end", CK_TYPE_DATE}, {"last_audit", CK_TYPE_DATE},
                                              {"issuer", CK_TYPE_STRING},   {"independent", CK_TYPE_BOOL}};
static const fixed_field gap_fields[] = {{"reason", CK_TYPE_STRING},
                                         {"accepted_by", CK_TYPE_STRING},
                                         {"expires", CK_TYPE_DATE},
                                         {"compensating", CK_TYPE_STRING}};

static void check_fixed_assigns(checker *ck, const ck_fact *f, const fixed_field *fields, size_t n, const char *what)
{
    const char *names[16];
    for (size_t i = 0; i < n; i++)
        names[i] = fields[i].name;
    for (size_t i = 0; i < f->assigns.len; i++) {
        ck_assign *as = f->assigns.items[i];
        size_t k = 0;
        while (k < n && strcmp(fields[k].name, as->name.text) != 0)
            k++;
        if (k == n) {
            ck_diag *d = error_at(ck, as->name.span, "%s has no field '%s'", what, as->name.text);
            hint_closest(ck, d, as->name.text, names, n);
            continue;
        }
        check_value(ck, as->value, (ck_type_info){.kind = fields[k].kind}, as->name.text);
    }
}

static void check_field_assigns(checker *ck, const ck_fact *f, ck_field *fields, size_t n, const char *what,
                                const ck_scale *depths)
{
    for (size_t i = 0; i < f->assigns.len; i++) {
        ck_assign *as = f->assigns.items[i];
        if (depths && strcmp(as->name.text, "depth") == 0) {
            check_value(ck, as->value, (ck_type_info){.kind = CK_TYPE_DEPTH, .scale = depths}, "depth");
            continue;
        }
        int k = ck_field_index(fields, n, as->name.text);
        if (k < 0) {
            ck_diag *d = error_at(ck, as->name.span, "%s has no field '%s'", what, as->name.text);
            hint_closest(ck, d, as->name.text, field_names(ck, fields, n), n);
            if (d && !d->hint) {
                char buf[512];
                size_t at = (size_t)snprintf(buf, sizeof buf, "%s", depths ? "depth" : "");
                for (size_t j = 0; j < n && at < sizeof buf; j++)
                    at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s", at ? ", " : "", fields[j].name);
                if (buf[0])
                    HINT(d, "its fields are: %s", buf);
            }
            continue;
        }
        check_value(ck, as->value, fields[k].type, as->name.text);
    }
}

static void check_test(checker *ck, const ck_decl *t)
{
    ck_policy *p = ck->p;
    if (!t->has_as_of) {
        ck_diag *d = error_at(ck, t->title_span, "test has no 'as of' date");
        HINT(d, "add 'as of YYYY-MM-DD' so the test gives the same result on every day");
    }
    if (t->expects.len == 0) {
        ck_diag *d = error_at(ck, t->title_span, "test expects nothing");
        HINT(d, "list the findings with 'expect REQUIREMENT KIND', or write 'expect nothing'");
    }
    for (size_t i = 0; i < t->facts.len; i++) {
        const ck_fact *f = t->facts.items[i];
        switch (f->kind) {
        case CK_FACT_SUPPLIER:
            check_fixed_assigns(ck, f, supplier_fields, 3, "supplier");
            break;
        case CK_FACT_CONTRACT:
            check_fixed_assigns(ck, f, contract_fields, 5, "contract");
            break;
        case CK_FACT_PROFILE:
            check_field_assigns(ck, f, p->profile, p->nprofile, "the profile", NULL);
            break;
        case CK_FACT_CLAUSE: {
            int c = ck_policy_clause(p, f->target.text);
            if (c < 0) {
                ck_diag *d = error_at(ck, f->target.span, "unknown clause '%s'", f->target.text);
                hint_closest(ck, d, f->target.text, NAMES_OF(p->clauses, p->nclauses, name), p->nclauses);
                break;
            }
            check_field_assigns(ck, f, p->clauses[c].params, p->clauses[c].nparams, "the clause", NULL);
            break;
        }
        case CK_FACT_EVIDENCE:
            if (ck_policy_evidence_kind(p, f->target.text) < 0) {
                ck_diag *d = error_at(ck, f->target.span, "unknown evidence kind '%s'", f->target.text);
                hint_closest(ck, d, f->target.text, NAMES_OF(p->evidence_kinds, p->nevidence_kinds, name),
                             p->nevidence_kinds);
            }
            check_fixed_assigns(ck, f, evidence_fields, 8, "evidence");
            break;
        case CK_FACT_QUESTIONNAIRE: {
            int q = ck_policy_questionnaire(p, f->target.text);
            if (q < 0) {
                ck_diag *d = error_at(ck, f->target.span, "unknown questionnaire '%s'", f->target.text);
                hint_closest(ck, d, f->target.text, NAMES_OF(p->questionnaires, p->nquestionnaires, name),
                             p->nquestionnaires);
                break;
            }
            ck_questionnaire *qn = &p->questionnaires[q];
            check_field_assigns(ck, f, qn->questions, qn->nquestions, "the questionnaire", &qn->depths);
            break;
        }
        case CK_FACT_GAP:
            if (ck_policy_requirement(p, f->target.text) < 0)
                warn_at(ck, f->target.span, "gap names unknown requirement '%s'", f->target.text);
            check_fixed_assigns(ck, f, gap_fields, 4, "a gap");
            break;
        }
    }
    size_t finding_expects = 0;
    for (size_t i = 0; i < t->expects.len; i++)
        finding_expects += !((const ck_expectation *)t->expects.items[i])->is_tier;
    for (size_t i = 0; i < t->expects.len; i++) {
        const ck_expectation *e = t->expects.items[i];
        if (e->nothing) {
            if (finding_expects > 1) {
                ck_diag *d = error_at(ck, e->span, "'expect nothing' cannot be combined with expected findings");
                HINT(d, "drop 'expect nothing', or the findings the test expects");
            }
            continue;
        }
        if (e->is_tier) {
            resolve_tier(ck, &e->kind);
            continue;
        }
        int k = ck_finding_kind_find(e->kind.text);
        if (k < 0) {
            const char *codes[CK_FK_COUNT];
            for (int j = 0; j < CK_FK_COUNT; j++)
                codes[j] = ck_finding_kind_get((ck_finding_kind)j)->code;
            ck_diag *d = error_at(ck, e->kind.span, "unknown finding kind '%s'", e->kind.text);
            hint_closest(ck, d, e->kind.text, codes, CK_FK_COUNT);
            if (d && !d->hint)
                HINT(d, "finding kinds are codes such as clause-missing, clause-weaker, evidence-missing, "
                        "evidence-expired, evidence-stale, questionnaire-answer");
            continue;
        }
        bool about_req = ck_finding_kind_get((ck_finding_kind)k)->about_requirement;
        if (!about_req) {
            if (strcmp(e->req.text, "record") != 0) {
                ck_diag *d = error_at(ck, e->req.span, "'%s' findings concern the whole record", e->kind.text);
                HINT(d, "write: expect record %s", e->kind.text);
            }
            continue;
        }
        if (ck_policy_requirement(p, e->req.text) < 0) {
            ck_diag *d = error_at(ck, e->req.span, "unknown requirement '%s'", e->req.text);
            hint_closest(ck, d, e->req.text, NAMES_OF(p->reqs, p->nreqs, id), p->nreqs);
        }
    }
}

/* ---- unused declarations ---- */

static void warn_unused(checker *ck)
{
    ck_policy *p = ck->p;
    for (size_t i = 0; i < p->nprofile; i++)
        if (!p->profile[i].used)
            warn_at(ck, p->profile[i].decl->name.span, "profile field '%s' is never used by a rule",
                    p->profile[i].name);
    for (size_t i = 0; i < p->nattrs; i++)
        if (!p->attrs[i].used)
            warn_at(ck, p->attrs[i].decl->name.span, "tier attribute '%s' is never used", p->attrs[i].name);
    for (size_t i = 0; i < p->nclauses; i++)
        if (!p->clauses[i].used)
            warn_at(ck, p->clauses[i].decl->name.span, "clause '%s' is never required", p->clauses[i].name);
    for (size_t i = 0; i < p->nevidence_kinds; i++)
        if (!p->evidence_kinds[i].used)
            warn_at(ck, p->evidence_kinds[i].decl->name.span, "evidence kind '%s' is never required",
                    p->evidence_kinds[i].name);
    for (size_t i = 0; i < p->nquestionnaires; i++)
        if (!p->questionnaires[i].used)
            warn_at(ck, p->questionnaires[i].decl->name.span, "questionnaire '%s' is never required",
                    p->questionnaires[i].name);
}

int ck_check_policy(ck_policy *policy, ck_diags *diags)
{
    checker ck = {.p = policy, .diags = diags, .arena = policy->arena};
    collect(&ck);
    if (ck.oom)
        return -1;
    resolve_field_types(&ck);
    check_tier_attrs(&ck);
    check_tier_rules(&ck);
    for (size_t i = 0; i < policy->nreqs; i++)
        check_requirement(&ck, &policy->reqs[i]);
    for (size_t i = 0; i < policy->tests.len; i++)
        check_test(&ck, policy->tests.items[i]);
    if (ck.errors == 0)
        warn_unused(&ck);
    return ck.oom ? -1 : ck.errors;
}
