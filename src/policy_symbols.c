/* The symbol index of a policy: declarations first, then every use resolved against them. */
#include "policy_symbols.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    ck_arena *arena;
    ck_symbols *out;
    ck_vec syms;   /* ck_symbol * while declaring */
    ck_vec refs;   /* ck_symbol_ref * */
    int party;     /* the party kind a `for` rule being walked looks at, or -1 */
    bool oom;
} builder;

/* What a value compared with something is resolved against. */
typedef enum { SC_NONE, SC_TIERS, SC_LEVEL, SC_DEPTH } scale_kind;
typedef struct {
    scale_kind kind;
    int owner;     /* LEVEL: the field symbol; DEPTH: the questionnaire symbol */
} scale;

static const scale no_scale = {SC_NONE, -1};

const char *ck_sym_kind_name(ck_sym_kind kind)
{
    static const char *const names[] = {
        [CK_SYM_POLICY] = "policy",           [CK_SYM_PROFILE_FIELD] = "profile field",
        [CK_SYM_LEVEL_VALUE] = "level",       [CK_SYM_TIER] = "tier",
        [CK_SYM_TIER_ATTR] = "tier attribute", [CK_SYM_CLAUSE] = "clause",
        [CK_SYM_PARAM] = "parameter",         [CK_SYM_EVIDENCE] = "evidence kind",
        [CK_SYM_QUESTIONNAIRE] = "questionnaire", [CK_SYM_DEPTH] = "depth",
        [CK_SYM_QUESTION] = "question",       [CK_SYM_REQUIREMENT] = "requirement",
        [CK_SYM_TEST] = "test",             [CK_SYM_PARTY] = "party kind",
        [CK_SYM_PARTY_FIELD] = "party field", [CK_SYM_EVIDENCE_ATTR] = "evidence attribute",
        [CK_SYM_GROUP] = "requirement group",
    };
    _Static_assert(sizeof names / sizeof names[0] == CK_SYM_KIND_COUNT, "a name for every kind of symbol");
    return names[kind];
}

/* ---- the hash of (kind, parent, name) ---- */

static size_t sym_hash(ck_sym_kind kind, int parent, const char *name)
{
    uint64_t h = 1469598103934665603u ^ ((uint64_t)kind << 32) ^ (uint32_t)parent;
    for (; *name; name++) {
        h ^= (unsigned char)*name;
        h *= 1099511628211u;
    }
    return (size_t)(h ^ (h >> 29));
}

int ck_symbols_find(const ck_symbols *s, ck_sym_kind kind, int parent, const char *name)
{
    if (!name || !s->mask)
        return -1;
    for (size_t i = sym_hash(kind, parent, name) & s->mask;; i = (i + 1) & s->mask) {
        int k = s->slots[i];
        if (k < 0)
            return -1;
        const ck_symbol *sym = &s->syms[k];
        if (sym->kind == kind && sym->parent == parent && strcmp(sym->name, name) == 0)
            return k;
    }
}

/* Fills the hash; a name declared twice keeps its first declaration. */
static int build_hash(ck_arena *arena, ck_symbols *s)
{
    size_t cap = 16;
    while (cap < 2 * s->nsyms + 1)
        cap *= 2;
    s->slots = ck_arena_alloc(arena, cap * sizeof *s->slots);
    if (!s->slots)
        return -1;
    memset(s->slots, 0xff, cap * sizeof *s->slots); /* every slot -1 */
    s->mask = cap - 1;
    for (size_t k = 0; k < s->nsyms; k++) {
        const ck_symbol *sym = &s->syms[k];
        if (ck_symbols_find(s, sym->kind, sym->parent, sym->name) >= 0)
            continue;
        size_t i = sym_hash(sym->kind, sym->parent, sym->name) & s->mask;
        while (s->slots[i] >= 0)
            i = (i + 1) & s->mask;
        s->slots[i] = (int)k;
    }
    return 0;
}

/* ---- declarations ---- */

static int declare(builder *b, ck_sym_kind kind, const ck_name *name, ck_span span, int parent,
                   const ck_decl *decl, const ck_field_decl *field, int position)
{
    if (!name->text || b->oom)
        return -1;
    ck_symbol *sym = ck_arena_alloc(b->arena, sizeof *sym);
    if (!sym || ck_vec_push(b->arena, &b->syms, sym) != 0) {
        b->oom = true;
        return -1;
    }
    *sym = (ck_symbol){.kind = kind, .name = name->text, .name_span = name->span, .span = span,
                       .parent = parent, .decl = decl, .field = field, .position = position};
    return (int)b->syms.len - 1;
}

/* A typed field, and the values of its level type when it has one. */
static int declare_field(builder *b, ck_sym_kind kind, const ck_field_decl *f, int parent, const ck_decl *decl)
{
    /* a tier attribute is a declaration of its own; other fields are lines of a block */
    int k = declare(b, kind, &f->name, kind == CK_SYM_TIER_ATTR ? decl->span : f->span, parent, decl, f, 0);
    if (k >= 0 && f->type && f->type->kind == CK_TYPE_LEVEL)
        for (size_t i = 0; i < f->type->levels.len; i++)
            declare(b, CK_SYM_LEVEL_VALUE, f->type->levels.items[i], f->span, k, decl, f, (int)i);
    return k;
}

static void declare_decl(builder *b, const ck_decl *d)
{
    switch (d->kind) {
    case CK_DECL_POLICY:
        declare(b, CK_SYM_POLICY, &(ck_name){d->title, d->title_span}, d->span, -1, d, NULL, 0);
        break;
    case CK_DECL_TEST:
        declare(b, CK_SYM_TEST, &(ck_name){d->title, d->title_span}, d->span, -1, d, NULL, 0);
        break;
    case CK_DECL_PROFILE:
        for (size_t i = 0; i < d->fields.len; i++)
            declare_field(b, CK_SYM_PROFILE_FIELD, d->fields.items[i], -1, d);
        break;
    case CK_DECL_TIERS:
        for (size_t i = 0; i < d->names.len; i++)
            declare(b, CK_SYM_TIER, d->names.items[i], d->span, -1, d, NULL, (int)i);
        break;
    case CK_DECL_TIER_ATTR:
        if (d->fields.len)
            declare_field(b, CK_SYM_TIER_ATTR, d->fields.items[0], -1, d);
        break;
    case CK_DECL_CLAUSE: {
        int c = declare(b, CK_SYM_CLAUSE, &d->name, d->span, -1, d, NULL, 0);
        for (size_t i = 0; c >= 0 && i < d->fields.len; i++)
            declare_field(b, CK_SYM_PARAM, d->fields.items[i], c, d);
        break;
    }
    case CK_DECL_EVIDENCE:
    case CK_DECL_PARTY: {
        bool ev = d->kind == CK_DECL_EVIDENCE;
        int k = declare(b, ev ? CK_SYM_EVIDENCE : CK_SYM_PARTY, &d->name, d->span, -1, d, NULL, 0);
        for (size_t i = 0; k >= 0 && i < d->fields.len; i++)
            declare_field(b, ev ? CK_SYM_EVIDENCE_ATTR : CK_SYM_PARTY_FIELD, d->fields.items[i], k, d);
        break;
    }
    case CK_DECL_QUESTIONNAIRE: {
        int q = declare(b, CK_SYM_QUESTIONNAIRE, &d->name, d->span, -1, d, NULL, 0);
        for (size_t i = 0; q >= 0 && i < d->names.len; i++)
            declare(b, CK_SYM_DEPTH, d->names.items[i], d->span, q, d, NULL, (int)i);
        for (size_t i = 0; q >= 0 && i < d->fields.len; i++)
            declare_field(b, CK_SYM_QUESTION, d->fields.items[i], q, d);
        break;
    }
    case CK_DECL_REQUIRE:
        declare(b, CK_SYM_REQUIREMENT, &d->name, d->span, -1, d, NULL, 0);
        break;
    case CK_DECL_GROUP:
        declare(b, CK_SYM_GROUP, &d->name, d->span, -1, d, NULL, 0);
        break;
    case CK_DECL_IMPORT:
    case CK_DECL_TIER_HAS:
    case CK_DECL_TIER_RULE:
        break; /* they only use names */
    }
}

/* ---- uses ---- */

static int find(builder *b, ck_sym_kind kind, int parent, const char *name)
{
    return ck_symbols_find(b->out, kind, parent, name);
}

static void use(builder *b, int sym, ck_span span)
{
    if (sym < 0 || b->oom || !span.src)
        return;
    ck_symbol_ref *r = ck_arena_alloc(b->arena, sizeof *r);
    if (!r || ck_vec_push(b->arena, &b->refs, r) != 0) {
        b->oom = true;
        return;
    }
    *r = (ck_symbol_ref){span, sym};
}

/* A name used where the language expects a declaration of one kind. */
static int use_name(builder *b, ck_sym_kind kind, int parent, const ck_name *name)
{
    int k = find(b, kind, parent, name->text);
    use(b, k, name->span);
    return k;
}

/* The field a bare name reads: inside a `for` rule the party's own fields first, then the profile's. */
static int field_named(builder *b, const char *name)
{
    int k = b->party >= 0 ? find(b, CK_SYM_PARTY_FIELD, b->party, name) : -1;
    return k >= 0 ? k : find(b, CK_SYM_PROFILE_FIELD, -1, name);
}

/* The scale a field's values come from: its level type, or the depths of `depth of Q`. */
static scale field_scale(builder *b, int sym)
{
    const ck_field_decl *f = sym >= 0 ? b->out->syms[sym].field : NULL;
    if (!f || !f->type)
        return no_scale;
    if (f->type->kind == CK_TYPE_LEVEL)
        return (scale){SC_LEVEL, sym};
    if (f->type->kind == CK_TYPE_DEPTH) {
        int q = find(b, CK_SYM_QUESTIONNAIRE, -1, f->type->ref.text);
        return q >= 0 ? (scale){SC_DEPTH, q} : no_scale;
    }
    return no_scale;
}

static int in_scale(builder *b, scale sc, const char *name)
{
    switch (sc.kind) {
    case SC_TIERS: return find(b, CK_SYM_TIER, -1, name);
    case SC_LEVEL: return find(b, CK_SYM_LEVEL_VALUE, sc.owner, name);
    case SC_DEPTH: return find(b, CK_SYM_DEPTH, sc.owner, name);
    case SC_NONE: break;
    }
    return -1;
}

/* The scale of an operand, which the other side of a comparison is read in. */
static scale scale_of(builder *b, const ck_expr *e)
{
    switch (e ? e->kind : CK_EX_ERROR) {
    case CK_EX_NAME: return field_scale(b, field_named(b, e->u.name.text));
    case CK_EX_TIER: return (scale){SC_TIERS, -1};
    case CK_EX_ATTR: return field_scale(b, find(b, CK_SYM_TIER_ATTR, -1, e->u.name.text));
    case CK_EX_PAREN: return scale_of(b, e->u.operand);
    default: return no_scale;
    }
}

/* Uses in a condition or value; want is the scale a bare name is a value of (the checker's order:
 * a field first). Depth is bounded by the parser (CK_PARSE_MAX_NESTING). */
static void expr_uses(builder *b, const ck_expr *e, scale want)
{
    if (!e)
        return;
    switch (e->kind) {
    case CK_EX_NAME: {
        int k = field_named(b, e->u.name.text);
        use(b, k >= 0 ? k : in_scale(b, want, e->u.name.text), e->u.name.span);
        break;
    }
    case CK_EX_ATTR: use_name(b, CK_SYM_TIER_ATTR, -1, &e->u.name); break;
    case CK_EX_NOT:
    case CK_EX_PAREN: expr_uses(b, e->u.operand, no_scale); break;
    case CK_EX_AND:
    case CK_EX_OR:
        expr_uses(b, e->u.bin.lhs, no_scale);
        expr_uses(b, e->u.bin.rhs, no_scale);
        break;
    case CK_EX_CMP:
        expr_uses(b, e->u.bin.lhs, scale_of(b, e->u.bin.rhs));
        expr_uses(b, e->u.bin.rhs, scale_of(b, e->u.bin.lhs));
        break;
    case CK_EX_IN: {
        scale sc = scale_of(b, e->u.in.lhs);
        expr_uses(b, e->u.in.lhs, no_scale);
        for (size_t i = 0; i < e->u.in.items.len; i++)
            expr_uses(b, e->u.in.items.items[i], sc);
        break;
    }
    default: break; /* literals and `tier` name nothing declared */
    }
}

/* A questionnaire's `depth of` types and `from` depths, and its questions' expected answers. */
static void field_type_uses(builder *b, const ck_field_decl *f)
{
    if (f->type && f->type->kind == CK_TYPE_DEPTH)
        use_name(b, CK_SYM_QUESTIONNAIRE, -1, &f->type->ref);
}

static void rule_uses(builder *b, const ck_rule *r)
{
    if (!r)
        return;
    switch (r->kind) {
    case CK_RULE_CLAUSE: {
        int c = use_name(b, CK_SYM_CLAUSE, -1, &r->target);
        for (size_t i = 0; i < r->params.len; i++) {
            const ck_param_test *pt = r->params.items[i];
            int p = c >= 0 ? use_name(b, CK_SYM_PARAM, c, &pt->param) : -1;
            expr_uses(b, pt->value, field_scale(b, p));
        }
        break;
    }
    case CK_RULE_EVIDENCE: {
        int e = use_name(b, CK_SYM_EVIDENCE, -1, &r->target);
        for (size_t i = 0; i < r->quals.len; i++) {
            const ck_evidence_qual *q = r->quals.items[i];
            int a = q->kind == CK_EVQ_ATTR ? use_name(b, CK_SYM_EVIDENCE_ATTR, e, &q->field) : -1;
            expr_uses(b, q->limit, field_scale(b, a));
        }
        break;
    }
    case CK_RULE_QUESTIONNAIRE: {
        int q = use_name(b, CK_SYM_QUESTIONNAIRE, -1, &r->target);
        expr_uses(b, r->limit, q >= 0 ? (scale){SC_DEPTH, q} : no_scale);
        expr_uses(b, r->within, no_scale);
        break;
    }
    case CK_RULE_DATE: expr_uses(b, r->limit, no_scale); break;
    case CK_RULE_ENSURE: expr_uses(b, r->cond, no_scale); break;
    case CK_RULE_QUANT: {
        /* inside, names are the party's; an unknown kind leaves them as they were, as in the checker */
        int outer = b->party, k = use_name(b, CK_SYM_PARTY, -1, &r->target);
        if (k >= 0)
            b->party = k;
        expr_uses(b, r->cond, no_scale);
        for (size_t i = 0; i < r->children.len; i++)
            rule_uses(b, r->children.items[i]);
        b->party = outer;
        break;
    }
    case CK_RULE_ANY:
    case CK_RULE_ALL:
        for (size_t i = 0; i < r->children.len; i++)
            rule_uses(b, r->children.items[i]);
        break;
    case CK_RULE_CHOICE:
        for (size_t i = 0; i < r->children.len; i++) {
            const ck_guard_arm *arm = r->children.items[i];
            rule_uses(b, arm->rule);
            expr_uses(b, arm->cond, no_scale);
        }
        break;
    }
}

/* `name = value` lines whose names are declared fields of one kind under parent. */
static void assign_uses(builder *b, const ck_vec *assigns, ck_sym_kind kind, int parent)
{
    for (size_t i = 0; i < assigns->len; i++) {
        const ck_assign *as = assigns->items[i];
        if (kind == CK_SYM_QUESTION && strcmp(as->name.text, "depth") == 0) {
            expr_uses(b, as->value, parent >= 0 ? (scale){SC_DEPTH, parent} : no_scale);
            continue;
        }
        expr_uses(b, as->value, field_scale(b, use_name(b, kind, parent, &as->name)));
    }
}

/* A fact of a test's record, and what a party in it carries (nesting is bounded by the parser). */
static void fact_uses(builder *b, const ck_fact *f)
{
    switch (f->kind) {
    case CK_FACT_PROFILE: assign_uses(b, &f->assigns, CK_SYM_PROFILE_FIELD, -1); break;
    case CK_FACT_CLAUSE:
        assign_uses(b, &f->assigns, CK_SYM_PARAM, use_name(b, CK_SYM_CLAUSE, -1, &f->target));
        break;
    case CK_FACT_EVIDENCE: /* its fixed keys are the record's; its attributes the kind's */
        assign_uses(b, &f->assigns, CK_SYM_EVIDENCE_ATTR, use_name(b, CK_SYM_EVIDENCE, -1, &f->target));
        break;
    case CK_FACT_QUESTIONNAIRE:
        assign_uses(b, &f->assigns, CK_SYM_QUESTION, use_name(b, CK_SYM_QUESTIONNAIRE, -1, &f->target));
        break;
    case CK_FACT_PARTY:
        assign_uses(b, &f->assigns, CK_SYM_PARTY_FIELD, use_name(b, CK_SYM_PARTY, -1, &f->target));
        for (size_t i = 0; i < f->facts.len; i++)
            fact_uses(b, f->facts.items[i]);
        break;
    case CK_FACT_GAP: use_name(b, CK_SYM_REQUIREMENT, -1, &f->target); break;
    case CK_FACT_SUPPLIER:
    case CK_FACT_CONTRACT: break; /* fixed record keys, not declared by the policy */
    }
}

static void test_uses(builder *b, const ck_decl *t)
{
    for (size_t i = 0; i < t->facts.len; i++)
        fact_uses(b, t->facts.items[i]);
    for (size_t i = 0; i < t->expects.len; i++) {
        const ck_expectation *e = t->expects.items[i];
        if (e->is_tier)
            use_name(b, CK_SYM_TIER, -1, &e->kind);
        else if (!e->nothing && e->req.text)
            use_name(b, CK_SYM_REQUIREMENT, -1, &e->req);
    }
}

static void questionnaire_uses(builder *b, const ck_decl *d)
{
    int q = find(b, CK_SYM_QUESTIONNAIRE, -1, d->name.text);
    for (size_t i = 0; i < d->fields.len; i++) {
        const ck_field_decl *f = d->fields.items[i];
        field_type_uses(b, f);
        if (q < 0)
            continue;
        if (f->has_expect)
            expr_uses(b, f->expect, field_scale(b, find(b, CK_SYM_QUESTION, q, f->name.text)));
        if (f->from_depth.text)
            use_name(b, CK_SYM_DEPTH, q, &f->from_depth);
    }
}

static void decl_uses(builder *b, const ck_decl *d)
{
    switch (d->kind) {
    case CK_DECL_PROFILE:
    case CK_DECL_TIER_ATTR:
    case CK_DECL_CLAUSE:
    case CK_DECL_EVIDENCE:
    case CK_DECL_PARTY:
        for (size_t i = 0; i < d->fields.len; i++)
            field_type_uses(b, d->fields.items[i]);
        break;
    case CK_DECL_QUESTIONNAIRE: questionnaire_uses(b, d); break;
    case CK_DECL_TIER_HAS:
        use_name(b, CK_SYM_TIER, -1, &d->name);
        for (size_t i = 0; i < d->assigns.len; i++) {
            const ck_assign *as = d->assigns.items[i];
            expr_uses(b, as->value, field_scale(b, use_name(b, CK_SYM_TIER_ATTR, -1, &as->name)));
        }
        break;
    case CK_DECL_TIER_RULE:
        use_name(b, CK_SYM_TIER, -1, &d->name);
        expr_uses(b, d->cond, no_scale);
        break;
    case CK_DECL_REQUIRE:
        if (d->range.lo.text)
            use_name(b, CK_SYM_TIER, -1, &d->range.lo);
        if (d->range.hi.text)
            use_name(b, CK_SYM_TIER, -1, &d->range.hi);
        if (d->group.text)
            use_name(b, CK_SYM_GROUP, -1, &d->group);
        expr_uses(b, d->when, no_scale);
        for (size_t i = 0; i < d->rules.len; i++)
            rule_uses(b, d->rules.items[i]);
        break;
    case CK_DECL_TEST: test_uses(b, d); break;
    case CK_DECL_POLICY:
    case CK_DECL_IMPORT:
    case CK_DECL_TIERS:
    case CK_DECL_GROUP: break;
    }
}

/* The items of v (each of size bytes) copied into one array; NULL when out of memory. */
static void *flatten(ck_arena *arena, const ck_vec *v, size_t size)
{
    char *out = ck_arena_alloc(arena, (v->len + 1) * size);
    for (size_t i = 0; out && i < v->len; i++)
        memcpy(out + i * size, v->items[i], size);
    return out;
}

int ck_symbols_build(ck_arena *arena, const ck_vec *files, ck_symbols *out)
{
    *out = (ck_symbols){0};
    builder b = {.arena = arena, .out = out, .party = -1};
    for (size_t f = 0; f < files->len; f++) {
        const ck_file *file = files->items[f];
        for (size_t i = 0; i < file->decls.len; i++)
            declare_decl(&b, file->decls.items[i]);
    }
    out->nsyms = b.syms.len;
    if (b.oom || !(out->syms = flatten(arena, &b.syms, sizeof *out->syms)) || build_hash(arena, out) != 0)
        return -1;
    for (size_t f = 0; f < files->len; f++) {
        const ck_file *file = files->items[f];
        for (size_t i = 0; i < file->decls.len; i++)
            decl_uses(&b, file->decls.items[i]);
    }
    out->nrefs = b.refs.len;
    return b.oom || !(out->refs = flatten(arena, &b.refs, sizeof *out->refs)) ? -1 : 0;
}

static bool covers(ck_span span, const ck_source *src, uint32_t offset)
{
    return span.src == src && span.start <= offset && offset <= span.end;
}

int ck_symbols_at(const ck_symbols *s, const ck_source *src, uint32_t offset, ck_span *span)
{
    for (size_t i = 0; i < s->nsyms; i++) {
        const ck_symbol *sym = &s->syms[i];
        /* a policy's or a test's title is a string, not a name */
        if (sym->kind != CK_SYM_POLICY && sym->kind != CK_SYM_TEST && covers(sym->name_span, src, offset)) {
            *span = sym->name_span;
            return (int)i;
        }
    }
    for (size_t i = 0; i < s->nrefs; i++)
        if (covers(s->refs[i].span, src, offset)) {
            *span = s->refs[i].span;
            return s->refs[i].symbol;
        }
    return -1;
}
