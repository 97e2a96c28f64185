/* The checker's declarations: collected into the policy's tables, each name once, types resolved. */
#include <ctype.h>
#include <string.h>

#include "duration_phrase.h"
#include "record_schema.h"
#include "sema_private.h"
#include "textutil.h"

/* ---- collecting declarations ---- */

typedef struct {
    size_t profile, attrs, clauses, evidence, questionnaires, reqs, tier_rules, parties, groups;
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
            case CK_DECL_PARTY: c->parties++; break;
            case CK_DECL_GROUP: c->groups++; break;
            default: break;
            }
        }
    }
}

/* The policy's tables, sized by one pass over the declarations so that they never move. */
static bool allocate_tables(ck_sema *ck)
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
    p->party_kinds = ck_arena_alloc(ck->arena, (c.parties + 1) * sizeof *p->party_kinds);
    p->groups = ck_arena_alloc(ck->arena, (c.groups + 1) * sizeof *p->groups);
    return p->profile && p->attrs && p->clauses && p->evidence_kinds && p->questionnaires && p->reqs &&
           p->tier_rules && p->party_kinds && p->groups && ck_name_index_init(&p->profile_ix, ck->arena, c.profile) == 0 &&
           ck_name_index_init(&p->party_ix, ck->arena, c.parties) == 0 &&
           ck_name_index_init(&p->group_ix, ck->arena, c.groups) == 0 &&
           ck_name_index_init(&p->attr_ix, ck->arena, c.attrs) == 0 &&
           ck_name_index_init(&p->clause_ix, ck->arena, c.clauses) == 0 &&
           ck_name_index_init(&p->evidence_ix, ck->arena, c.evidence) == 0 &&
           ck_name_index_init(&p->questionnaire_ix, ck->arena, c.questionnaires) == 0 &&
           ck_name_index_init(&p->req_ix, ck->arena, c.reqs) == 0;
}

/*
 * A name must be declared once in its table: `prev` is where the index already has it (-1:
 * not yet). On a second declaration, reports "WHAT 'name' is VERB twice" with where the first
 * was, and returns false.
 */
static bool first_declaration(ck_sema *ck, int prev, const ck_name *nm, const char *what, const char *verb,
                              ck_span first)
{
    if (prev < 0)
        return true;
    ck_diag *d = ck_sema_error(ck, nm->span, "%s '%s' is %s twice", what, nm->text, verb);
    ck_sema_hint_where(ck, d, "it was", first);
    return false;
}

static bool add_field(ck_sema *ck, ck_field *arr, size_t *n, ck_name_index *ix, const ck_field_decl *fd,
                      const char *what)
{
    int prev = ck_field_index(arr, *n, fd->name.text);
    if (!first_declaration(ck, prev, &fd->name, what, "declared", prev >= 0 ? arr[prev].decl->name.span : (ck_span){0}))
        return false;
    arr[*n] = (ck_field){.name = fd->name.text, .decl = fd, .ix = ix, .from_depth = -1};
    ck_name_index_put(ix, fd->name.text, (int)*n);
    (*n)++;
    return true;
}

/* A field array of its own (a clause's parameters, a questionnaire's questions), indexed. */
static ck_field *field_table(ck_sema *ck, const ck_vec *decls, size_t *n, ck_name_index *ix, const char *what)
{
    ck_field *arr = ck_arena_alloc(ck->arena, (decls->len + 1) * sizeof *arr);
    if (!arr || ck_name_index_init(ix, ck->arena, decls->len) != 0) {
        ck->oom = true;
        return NULL;
    }
    for (size_t k = 0; k < decls->len; k++)
        add_field(ck, arr, n, ix, decls->items[k], what);
    return arr;
}

/*
 * An ordered set of names (tier order, level values, questionnaire depths): each name once,
 * lowest first. `twice` is the message for a repeated name (one %s), `hint` its hint.
 */
bool ck_sema_scale(ck_sema *ck, ck_scale *s, const ck_vec *names, size_t extra, const char *twice, const char *hint)
{
    s->names = ck_arena_alloc(ck->arena, (names->len + extra + 1) * sizeof(char *));
    if (!s->names || ck_name_index_init(&s->ix, ck->arena, names->len + extra) != 0) {
        ck->oom = true;
        return false;
    }
    for (size_t k = 0; k < names->len; k++) {
        const ck_name *nm = names->items[k];
        if (ck_scale_index(s, nm->text) >= 0) {
            ck_diag *d = ck_sema_error(ck, nm->span, twice, nm->text);
            HINT(d, "%s", hint);
            continue;
        }
        ck_name_index_put(&s->ix, nm->text, (int)s->count);
        s->names[s->count++] = nm->text;
    }
    return true;
}

static void collect_header(ck_sema *ck, const ck_file *file, const ck_file *root, const ck_decl *d)
{
    ck_policy *p = ck->p;
    if (file != root)
        return;
    if (p->header && p->header->span.src == d->span.src) {
        ck_diag *dg = ck_sema_error(ck, d->span, "the policy header is given twice");
        ck_sema_hint_where(ck, dg, "the header was", p->header->span);
    }
    p->header = d;
}

static void collect_tiers(ck_sema *ck, const ck_decl *d)
{
    ck_policy *p = ck->p;
    if (p->tiers_decl) {
        ck_diag *dg = ck_sema_error(ck, d->span, "the tiers are declared twice");
        ck_sema_hint_where(ck, dg, "they were", p->tiers_decl->span);
        return;
    }
    p->tiers_decl = d;
    p->tiers.what = "tier";
    ck_sema_scale(ck, &p->tiers, &d->names, 0, "tier '%s' appears twice in the tier order",
                  "the tier order lists each tier once, lowest first");
}

/* The same required words, ignoring case and runs of spaces: "Security  Incident" is "security incident". */
static bool same_words(const char *a, const char *b)
{
    while (*a == ' ')
        a++;
    while (*b == ' ')
        b++;
    for (;;) {
        bool space_a = *a == ' ', space_b = *b == ' ';
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (space_a != space_b || tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++;
        b++;
    }
}

/* mentions "a" or "b", ...: each alternative can be found (it holds a word, and not too many),
 * and is given once in the clause. */
static void check_mentions(ck_sema *ck, const ck_decl *d)
{
    for (size_t i = 0; i < d->mentions.len; i++) {
        const ck_mention *m = d->mentions.items[i];
        for (size_t a = 0; a < m->alts.len; a++) {
            const ck_name *w = m->alts.items[a];
            size_t ntok;
            if (!ck_dphrase_words_usable(w->text, strlen(w->text), &ntok)) {
                ck_diag *dg = ck_sema_error(ck, w->span, "mentions \"%s\" has no word to look for", w->text);
                HINT(dg, "give the words the clause's section must contain: mentions \"incident\"");
                continue;
            }
            if (ntok > CK_DPHRASE_MAX_WORDS) {
                ck_diag *dg = ck_sema_error(ck, w->span, "too many words to look for: %zu, at most %d", ntok,
                                            CK_DPHRASE_MAX_WORDS);
                HINT(dg, "a few words the section cannot do without are enough");
                continue;
            }
            const ck_name *prev = NULL;
            for (size_t j = 0; j <= i && !prev; j++) {
                const ck_mention *o = d->mentions.items[j];
                for (size_t b = 0; b < (j == i ? a : o->alts.len) && !prev; b++)
                    if (same_words(((const ck_name *)o->alts.items[b])->text, w->text))
                        prev = o->alts.items[b];
            }
            if (prev) {
                ck_diag *dg = ck_sema_warn(ck, "mention-repeated", w->span, "\"%s\" is already mentioned in clause '%s'", w->text,
                                           d->name.text);
                ck_linecol lc = ck_source_linecol(prev->span.src, prev->span.start);
                HINT(dg, "it is first mentioned at %s:%u:%u; once is enough", prev->span.src->path, lc.line, lc.col);
            }
        }
    }
}

static void collect_clause(ck_sema *ck, const ck_decl *d)
{
    ck_policy *p = ck->p;
    int prev = ck_policy_clause(p, d->name.text);
    if (!first_declaration(ck, prev, &d->name, "clause", "declared", prev >= 0 ? p->clauses[prev].decl->name.span : (ck_span){0}))
        return;
    ck_name_index_put(&p->clause_ix, d->name.text, (int)p->nclauses);
    ck_clause *cl = &p->clauses[p->nclauses++];
    cl->name = d->name.text;
    cl->decl = d;
    cl->params = field_table(ck, &d->fields, &cl->nparams, &cl->param_ix, "parameter");
    /* A parameter named as a fixed key of a clause entry could never be given in a record. */
    for (size_t i = 0; i < cl->nparams; i++)
        if (ck_record_key_find(CK_SECTION_CLAUSES, cl->params[i].name) >= 0) {
            ck_diag *dg = ck_sema_error(ck, cl->params[i].decl->name.span,
                                        "parameter '%s' has the name of a key every clause entry has", cl->params[i].name);
            HINT(dg, "records write a clause's %s beside its parameters; name the parameter for what it holds",
                 cl->params[i].name);
        }
    check_mentions(ck, d);
}

static void collect_evidence(ck_sema *ck, const ck_decl *d)
{
    ck_policy *p = ck->p;
    int prev = ck_policy_evidence_kind(p, d->name.text);
    if (!first_declaration(ck, prev, &d->name, "evidence kind", "declared",
                           prev >= 0 ? p->evidence_kinds[prev].decl->name.span : (ck_span){0}))
        return;
    ck_name_index_put(&p->evidence_ix, d->name.text, (int)p->nevidence_kinds);
    ck_evidence_kind *k = &p->evidence_kinds[p->nevidence_kinds++];
    *k = (ck_evidence_kind){.name = d->name.text, .decl = d};
    k->attrs = field_table(ck, &d->fields, &k->nattrs, &k->attr_ix, "attribute");
    /* An entry's attributes sit beside its own keys (file, issued, ...): one name, one meaning. */
    for (size_t i = 0; i < k->nattrs; i++)
        if (ck_record_key_find(CK_SECTION_EVIDENCE, k->attrs[i].name) >= 0) {
            ck_diag *dg = ck_sema_error(ck, k->attrs[i].decl->name.span,
                                        "attribute '%s' has the name of a key every evidence entry has", k->attrs[i].name);
            const char *keys[32];
            size_t n = ck_record_key_names(CK_SECTION_EVIDENCE, false, false, keys);
            char list[400];
            size_t at = 0;
            list[0] = '\0';
            for (size_t j = 0; j < n && at < sizeof list; j++)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", j ? ", " : "", keys[j]);
            HINT(dg, "name the attribute for what it records; an entry's own keys are %s", list);
        }
}

static void collect_questionnaire(ck_sema *ck, const ck_decl *d)
{
    ck_policy *p = ck->p;
    int prev = ck_policy_questionnaire(p, d->name.text);
    if (!first_declaration(ck, prev, &d->name, "questionnaire", "declared",
                           prev >= 0 ? p->questionnaires[prev].decl->name.span : (ck_span){0}))
        return;
    ck_name_index_put(&p->questionnaire_ix, d->name.text, (int)p->nquestionnaires);
    ck_questionnaire *q = &p->questionnaires[p->nquestionnaires++];
    q->name = d->name.text;
    q->decl = d;
    q->depths.what = ck_arena_printf(ck->arena, "depth of %s", d->name.text);
    if (!ck_sema_scale(ck, &q->depths, &d->names, 1, "depth '%s' appears twice",
                       "the depth order lists each depth once, lowest first"))
        return;
    if (q->depths.count == 0) {
        ck_name_index_put(&q->depths.ix, "standard", 0);
        q->depths.names[q->depths.count++] = "standard";
    }
    q->questions = field_table(ck, &d->fields, &q->nquestions, &q->question_ix, "question");
}

static void collect_requirement(ck_sema *ck, const ck_decl *d)
{
    ck_policy *p = ck->p;
    int prev = ck_policy_requirement(p, d->name.text);
    if (!first_declaration(ck, prev, &d->name, "requirement id", "used",
                           prev >= 0 ? p->reqs[prev].decl->name.span : (ck_span){0}))
        return;
    ck_name_index_put(&p->req_ix, d->name.text, (int)p->nreqs);
    p->reqs[p->nreqs++] = (ck_requirement){.id = d->name.text, .title = d->title, .decl = d, .group = -1};
}

static void collect_party_kind(ck_sema *ck, const ck_decl *d)
{
    ck_policy *p = ck->p;
    int prev = ck_policy_party_kind(p, d->name.text);
    if (!first_declaration(ck, prev, &d->name, "party kind", "declared",
                           prev >= 0 ? p->party_kinds[prev].decl->name.span : (ck_span){0}))
        return;
    ck_name_index_put(&p->party_ix, d->name.text, (int)p->nparty_kinds);
    ck_party_kind *k = &p->party_kinds[p->nparty_kinds++];
    *k = (ck_party_kind){.name = d->name.text, .decl = d};
    k->fields = field_table(ck, &d->fields, &k->nfields, &k->field_ix, "field");
}

static void collect_group(ck_sema *ck, const ck_decl *d)
{
    ck_policy *p = ck->p;
    int prev = ck_policy_group(p, d->name.text);
    if (!first_declaration(ck, prev, &d->name, "group", "declared", prev >= 0 ? p->groups[prev].decl->name.span : (ck_span){0}))
        return;
    ck_name_index_put(&p->group_ix, d->name.text, (int)p->ngroups);
    p->groups[p->ngroups++] = (ck_group){.name = d->name.text, .decl = d};
}

static void report_no_tiers(ck_sema *ck, const ck_file *root)
{
    ck_policy *p = ck->p;
    ck->errors++;
    ck_span at = p->header ? p->header->span : root ? (ck_span){root->src, 0, 0} : (ck_span){0};
    ck_diag *dg = at.src ? ck_diag_add(ck->diags, CK_DIAG_ERROR, at, "the policy declares no tiers")
                         : ck_diag_add_path(ck->diags, CK_DIAG_ERROR, "policy", "the policy declares no tiers");
    HINT(dg, "declare the tier order, lowest first, e.g. 'tiers low < medium < high < critical'");
    if (dg)
        dg->code = "invalid";
}

/* Every declaration of every file, imports first, into the policy's name tables. */
void ck_sema_collect(ck_sema *ck)
{
    ck_policy *p = ck->p;
    if (!allocate_tables(ck)) {
        ck->oom = true;
        return;
    }
    const ck_file *root = p->files.len ? p->files.items[p->files.len - 1] : NULL;
    for (size_t f = 0; f < p->files.len; f++) {
        const ck_file *file = p->files.items[f];
        for (size_t i = 0; i < file->decls.len; i++) {
            const ck_decl *d = file->decls.items[i];
            switch (d->kind) {
            case CK_DECL_POLICY: collect_header(ck, file, root, d); break;
            case CK_DECL_PROFILE:
                for (size_t k = 0; k < d->fields.len; k++)
                    add_field(ck, p->profile, &p->nprofile, &p->profile_ix, d->fields.items[k], "profile field");
                break;
            case CK_DECL_TIER_ATTR:
                if (d->fields.len)
                    add_field(ck, p->attrs, &p->nattrs, &p->attr_ix, d->fields.items[0], "tier attribute");
                break;
            case CK_DECL_TIERS: collect_tiers(ck, d); break;
            case CK_DECL_CLAUSE: collect_clause(ck, d); break;
            case CK_DECL_EVIDENCE: collect_evidence(ck, d); break;
            case CK_DECL_QUESTIONNAIRE: collect_questionnaire(ck, d); break;
            case CK_DECL_REQUIRE: collect_requirement(ck, d); break;
            case CK_DECL_PARTY: collect_party_kind(ck, d); break;
            case CK_DECL_GROUP: collect_group(ck, d); break;
            case CK_DECL_TEST: ck_vec_push(ck->arena, &p->tests, (void *)d); break;
            default: break;
            }
        }
    }
    p->tier_type = (ck_type_info){.kind = CK_TYPE_TIER, .scale = &p->tiers};
    if (!p->tiers_decl)
        report_no_tiers(ck, root);
}

/* ---- types of declared fields ---- */

/* A question's `expect` (its type and operator) and `from` depth. */
static void check_question(ck_sema *ck, ck_questionnaire *qn, ck_field *qf)
{
    const ck_field_decl *fd = qf->decl;
    if (fd->has_expect) {
        ck_sema_value(ck, fd->expect, qf->type, "the expected answer");
        if (!ck_type_ordered(qf->type.kind) && fd->expect_op != CK_OP_EQ && fd->expect_op != CK_OP_NE) {
            ck_diag *d = ck_sema_error(ck, fd->expect->span, "'%s' does not apply to %s answers",
                                       ck_cmp_op_text(fd->expect_op), qf->type.kind == CK_TYPE_BOOL ? "bool" : "string");
            HINT(d, "expect the answer itself, e.g. 'expect %s', or compare with !=",
                 qf->type.kind == CK_TYPE_BOOL ? "true" : "\"...\"");
        }
    }
    if (fd->from_depth.text) {
        int dpt = ck_scale_index(&qn->depths, fd->from_depth.text);
        if (dpt < 0) {
            ck_diag *d = ck_sema_error(ck, fd->from_depth.span, "questionnaire '%s' has no depth '%s'", qn->name,
                                       fd->from_depth.text);
            ck_sema_hint_scale(ck, d, fd->from_depth.text, &qn->depths, "the depths are");
        }
        qf->from_depth = dpt;
    }
}

static void resolve_fields(ck_sema *ck, ck_field *fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fields[i].type = ck_sema_resolve_type(ck, fields[i].decl->type, fields[i].name);
}

void ck_sema_field_types(ck_sema *ck)
{
    ck_policy *p = ck->p;
    resolve_fields(ck, p->profile, p->nprofile);
    resolve_fields(ck, p->attrs, p->nattrs);
    for (size_t c = 0; c < p->nclauses; c++)
        resolve_fields(ck, p->clauses[c].params, p->clauses[c].nparams);
    for (size_t e = 0; e < p->nevidence_kinds; e++)
        resolve_fields(ck, p->evidence_kinds[e].attrs, p->evidence_kinds[e].nattrs);
    for (size_t k = 0; k < p->nparty_kinds; k++)
        resolve_fields(ck, p->party_kinds[k].fields, p->party_kinds[k].nfields);
    for (size_t q = 0; q < p->nquestionnaires; q++) {
        ck_questionnaire *qn = &p->questionnaires[q];
        resolve_fields(ck, qn->questions, qn->nquestions);
        for (size_t i = 0; i < qn->nquestions; i++)
            check_question(ck, qn, &qn->questions[i]);
    }
}

/* ---- unused declarations ---- */

void ck_sema_warn_unused(ck_sema *ck)
{
    ck_policy *p = ck->p;
    for (size_t i = 0; i < p->nprofile; i++)
        if (!p->profile[i].used)
            ck_sema_warn(ck, "unused-profile-field", p->profile[i].decl->name.span, "profile field '%s' is never used by a rule",
                         p->profile[i].name);
    for (size_t i = 0; i < p->nattrs; i++)
        if (!p->attrs[i].used)
            ck_sema_warn(ck, "unused-tier-attribute", p->attrs[i].decl->name.span, "tier attribute '%s' is never used", p->attrs[i].name);
    for (size_t i = 0; i < p->nclauses; i++)
        if (!p->clauses[i].used)
            ck_sema_warn(ck, "unused-clause", p->clauses[i].decl->name.span, "clause '%s' is never required", p->clauses[i].name);
    for (size_t i = 0; i < p->nevidence_kinds; i++)
        if (!p->evidence_kinds[i].used)
            ck_sema_warn(ck, "unused-evidence-kind", p->evidence_kinds[i].decl->name.span, "evidence kind '%s' is never required",
                         p->evidence_kinds[i].name);
    for (size_t i = 0; i < p->nquestionnaires; i++)
        if (!p->questionnaires[i].used)
            ck_sema_warn(ck, "unused-questionnaire", p->questionnaires[i].decl->name.span, "questionnaire '%s' is never required",
                         p->questionnaires[i].name);
    for (size_t i = 0; i < p->ngroups; i++)
        if (!p->groups[i].used)
            ck_sema_warn(ck, "empty-group", p->groups[i].decl->name.span, "group '%s' has no requirements", p->groups[i].name);
    for (size_t i = 0; i < p->nparty_kinds; i++)
        if (!p->party_kinds[i].used)
            ck_sema_warn(ck, "unused-party-kind", p->party_kinds[i].decl->name.span, "party kind '%s' is never used by a rule",
                         p->party_kinds[i].name);
}
