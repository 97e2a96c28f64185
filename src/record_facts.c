/* Records described by policy test blocks: each fact of a test becomes record values. */
#include "record_facts.h"

#include <string.h>

/* A literal of a test fact as a value of type t (the checker has matched the two). */
static ck_value expr_value(const ck_expr *e, ck_type_info t)
{
    ck_value v = {.kind = t.kind, .span = e->span, .present = true};
    switch (e->kind) {
    case CK_EX_BOOL: v.u.boolean = e->u.boolean; break;
    case CK_EX_NUMBER: v.u.number = e->u.number; break;
    case CK_EX_STRING: v.u.string = e->u.string; break;
    case CK_EX_DURATION: v.u.duration = e->u.duration; break;
    case CK_EX_DATE: v.u.date = e->u.date; break;
    case CK_EX_NAME:
        if (e->is_level_value) {
            v.u.level = e->ref;
            break;
        }
        v.present = false;
        break;
    default: v.present = false; break;
    }
    return v;
}

/* supplier, contract, evidence, questionnaire and gap facts: their assignments by the record schema's keys. */
static void fill_fixed(ck_section s, const ck_fact *f, void *obj)
{
    for (size_t i = 0; i < f->assigns.len; i++) {
        const ck_assign *a = f->assigns.items[i];
        int k = ck_record_key_find(s, a->name.text);
        if (k < 0)
            continue;
        const ck_record_key *key = ck_record_key_get(s, k);
        if (key->flags & CK_KEY_TARGET)
            continue;
        ck_value v = expr_value(a->value, (ck_type_info){.kind = key->type});
        ck_record_key_store(key, obj, &v);
        if (key->len_offset && v.present)
            *(size_t *)(void *)((char *)obj + key->len_offset) = strlen(v.u.string);
        if (key->span_offset && v.present)
            *(ck_span *)(void *)((char *)obj + key->span_offset) = f->span;
    }
}

/* profile, clause and questionnaire facts: the names the policy declares. */
static void fill_declared(const ck_fact *f, const ck_field *fields, size_t n, ck_value *values)
{
    for (size_t k = 0; k < f->assigns.len; k++) {
        const ck_assign *a = f->assigns.items[k];
        int i = ck_field_index(fields, n, a->name.text);
        if (i >= 0)
            values[i] = expr_value(a->value, fields[i].type);
    }
}

static void add_evidence(ck_record *rec, const ck_policy *p, ck_rec_subject *s, const ck_fact *f)
{
    ck_rec_evidence *ev = ck_arena_alloc(rec->arena, sizeof *ev);
    if (!ev)
        return;
    ev->kind_name = f->target.text;
    ev->kind = ck_policy_evidence_kind(p, f->target.text);
    ev->span = f->span;
    fill_fixed(CK_SECTION_EVIDENCE, f, ev);
    const ck_evidence_kind *k = ev->kind >= 0 ? &p->evidence_kinds[ev->kind] : NULL;
    if (k && k->nattrs && (ev->attrs = ck_arena_alloc(rec->arena, k->nattrs * sizeof *ev->attrs)))
        fill_declared(f, k->attrs, k->nattrs, ev->attrs);
    ck_vec_push(rec->arena, &s->evidence, ev);
}

static void add_clause(ck_record *rec, const ck_policy *p, ck_rec_subject *s, const ck_fact *f)
{
    int c = ck_policy_clause(p, f->target.text);
    ck_rec_clause *rc = c >= 0 ? ck_record_clause(rec->arena, p, s, c) : NULL;
    if (!rc)
        return;
    rc->present = true;
    rc->span = f->span;
    fill_declared(f, p->clauses[c].params, p->clauses[c].nparams, rc->params);
}

/* party KIND ID fields { clause ... evidence ... party ... }: a party behind subject s. */
static void add_party(ck_record *rec, const ck_policy *p, ck_rec_subject *s, const ck_fact *f, const ck_rec_party *parent)
{
    ck_rec_party *pt = ck_arena_alloc(rec->arena, sizeof *pt);
    if (!pt)
        return;
    pt->kind_name = f->target.text;
    pt->kind = ck_policy_party_kind(p, f->target.text);
    pt->id = f->id.text;
    pt->span = f->span;
    pt->parent = parent;
    pt->depth = parent ? parent->depth + 1 : 1;
    const ck_party_kind *k = pt->kind >= 0 ? &p->party_kinds[pt->kind] : NULL;
    if (!(pt->subject.fields = ck_arena_alloc(rec->arena, ((k ? k->nfields : 0) + 1) * sizeof *pt->subject.fields)))
        return;
    fill_fixed(CK_SECTION_PARTIES, f, pt);
    if (k) {
        pt->subject.fields_span = f->span;
        fill_declared(f, k->fields, k->nfields, pt->subject.fields);
    }
    for (size_t i = 0; i < f->facts.len; i++) {
        const ck_fact *g = f->facts.items[i];
        if (g->kind == CK_FACT_CLAUSE)
            add_clause(rec, p, &pt->subject, g);
        else if (g->kind == CK_FACT_EVIDENCE)
            add_evidence(rec, p, &pt->subject, g);
        else if (g->kind == CK_FACT_PARTY)
            add_party(rec, p, &pt->subject, g, pt);
    }
    ck_vec_push(rec->arena, &s->parties, pt);
}

static void add_questionnaire(ck_record *rec, const ck_policy *p, const ck_fact *f)
{
    int q = ck_policy_questionnaire(p, f->target.text);
    if (q < 0)
        return;
    const ck_questionnaire *qn = &p->questionnaires[q];
    ck_rec_questionnaire *rq = &rec->questionnaires[q];
    rq->present = true;
    rq->span = f->span;
    fill_declared(f, qn->questions, qn->nquestions, rq->answers);
    fill_fixed(CK_SECTION_QUESTIONNAIRES, f, rq);
    for (size_t k = 0; k < f->assigns.len; k++) {
        const ck_assign *a = f->assigns.items[k];
        if (strcmp(a->name.text, "depth") == 0)
            rq->depth = expr_value(a->value, (ck_type_info){.kind = CK_TYPE_DEPTH, .scale = &qn->depths});
    }
}

static void add_gap(ck_record *rec, const ck_policy *p, const ck_fact *f)
{
    ck_rec_gap *g = ck_arena_alloc(rec->arena, sizeof *g);
    if (!g)
        return;
    g->requirement = f->target.text;
    g->req = ck_policy_requirement(p, f->target.text);
    fill_fixed(CK_SECTION_GAPS, f, g);
    g->span = f->span;
    ck_record_add_gap(rec, g);
}

static void add_fact(ck_record *rec, const ck_policy *p, const ck_fact *f)
{
    switch (f->kind) {
    case CK_FACT_SUPPLIER:
    case CK_FACT_CONTRACT: fill_fixed(ck_section_of_fact(f->kind), f, rec); break;
    case CK_FACT_PROFILE:
        rec->subject.fields_span = f->span;
        fill_declared(f, p->profile, p->nprofile, rec->subject.fields);
        break;
    case CK_FACT_CLAUSE: add_clause(rec, p, &rec->subject, f); break;
    case CK_FACT_EVIDENCE: add_evidence(rec, p, &rec->subject, f); break;
    case CK_FACT_PARTY: add_party(rec, p, &rec->subject, f, NULL); break;
    case CK_FACT_QUESTIONNAIRE: add_questionnaire(rec, p, f); break;
    case CK_FACT_GAP: add_gap(rec, p, f); break;
    }
}

ck_record *ck_record_from_test(const ck_policy *p, const ck_decl *test)
{
    ck_record *rec = ck_record_new(p);
    if (!rec)
        return NULL;
    rec->path = test->span.src->path;
    rec->src = test->span.src;
    rec->span = test->title_span;
    rec->supplier_id = "test";
    for (size_t i = 0; i < test->facts.len; i++)
        add_fact(rec, p, test->facts.items[i]);
    return rec;
}
