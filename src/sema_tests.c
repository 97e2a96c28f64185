/* The checker's test blocks: each fact of a test's record and each expectation resolved. */
#include <string.h>

#include "finding.h"
#include "record_schema.h"
#include "sema_private.h"
#include "textutil.h"

/* supplier, contract, evidence, gap and party facts: keys of the record schema (the fact's target
 * aside), and the fields declared for them (an evidence kind's attributes, a party kind's fields). */
static void check_fixed_assigns(ck_sema *ck, const ck_fact *f, ck_field *fields, size_t nfields, const char *owner)
{
    ck_section s = ck_section_of_fact(f->kind);
    const char *names[64];
    size_t n = ck_record_key_names(s, true, false, names);
    for (size_t i = 0; i < nfields && n < 64; i++)
        names[n++] = fields[i].name;
    for (size_t i = 0; i < f->assigns.len; i++) {
        ck_assign *as = f->assigns.items[i];
        int k = ck_record_key_find(s, as->name.text);
        const ck_record_key *key = k >= 0 ? ck_record_key_get(s, k) : NULL;
        int fi = ck_field_index(fields, nfields, as->name.text);
        if (fi >= 0) {
            ck_sema_value(ck, as->value, fields[fi].type, as->name.text);
            continue;
        }
        if (!key || (key->flags & CK_KEY_TARGET)) {
            ck_diag *d = ck_sema_error(ck, as->name.span, "%s has no field '%s'",
                                       owner ? owner : ck_section_get(s)->fact_what, as->name.text);
            ck_sema_hint_closest(ck, d, as->name.text, names, n);
            continue;
        }
        ck_sema_value(ck, as->value, (ck_type_info){.kind = key->type}, as->name.text);
    }
}

/* profile, clause and questionnaire facts: names the policy declares (and a questionnaire's depth and answered date). */
static void check_field_assigns(ck_sema *ck, const ck_fact *f, ck_field *fields, size_t n, const ck_scale *depths)
{
    const char *what = ck_section_get(ck_section_of_fact(f->kind))->fact_what;
    for (size_t i = 0; i < f->assigns.len; i++) {
        ck_assign *as = f->assigns.items[i];
        if (depths && strcmp(as->name.text, "depth") == 0) {
            ck_sema_value(ck, as->value, (ck_type_info){.kind = CK_TYPE_DEPTH, .scale = depths}, "depth");
            continue;
        }
        int fixed = depths ? ck_record_key_find(CK_SECTION_QUESTIONNAIRES, as->name.text) : -1;
        if (fixed >= 0) { /* answered */
            ck_sema_value(ck, as->value, (ck_type_info){.kind = ck_record_key_get(CK_SECTION_QUESTIONNAIRES, fixed)->type},
                          as->name.text);
            continue;
        }
        int k = ck_field_index(fields, n, as->name.text);
        if (k < 0) {
            ck_diag *d = ck_sema_error(ck, as->name.span, "%s has no field '%s'", what, as->name.text);
            ck_sema_hint_closest(ck, d, as->name.text, CK_NAMES_OF(ck->arena, fields, n, name), n);
            if (d && !d->hint && depths) {
                const char *keys[8];
                ck_sema_hint_closest(ck, d, as->name.text, keys,
                                     ck_record_key_names(CK_SECTION_QUESTIONNAIRES, false, false, keys));
            }
            if (d && !d->hint) {
                char buf[512];
                size_t at = (size_t)snprintf(buf, sizeof buf, "%s", depths ? "depth, answered" : "");
                for (size_t j = 0; j < n && at < sizeof buf; j++)
                    at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s", at ? ", " : "", fields[j].name);
                if (buf[0])
                    HINT(d, "its fields are: %s", buf);
            }
            continue;
        }
        ck_sema_value(ck, as->value, fields[k].type, as->name.text);
    }
}

static void check_fact(ck_sema *ck, const ck_fact *f);

/* party KIND ID fields { facts }: a declared kind, its fields, and what the party carries. */
static void check_party_fact(ck_sema *ck, const ck_fact *f)
{
    ck_policy *p = ck->p;
    int k = ck_policy_party_kind(p, f->target.text);
    if (k < 0) {
        ck_diag *d = ck_sema_error(ck, f->target.span, "unknown party kind '%s'", f->target.text);
        ck_sema_hint_misspelling(ck, d, f->target.text, CK_NAMES_OF(ck->arena, p->party_kinds, p->nparty_kinds, name),
                             p->nparty_kinds);
        if (d && !d->hint)
            HINT(d, "declare it: party %s \"who they are\" { FIELD : TYPE \"description\" }", f->target.text);
    } else {
        /* an undeclared kind's fields cannot be checked: its one error says so */
        const ck_party_kind *pk = &p->party_kinds[k];
        check_fixed_assigns(ck, f, pk->fields, pk->nfields, ck_arena_printf(ck->arena, "party kind '%s'", pk->name));
    }
    for (size_t i = 0; i < f->facts.len; i++)
        check_fact(ck, f->facts.items[i]);
}

/* One fact of a test's record: the names and types of what it assigns. */
static void check_fact(ck_sema *ck, const ck_fact *f)
{
    ck_policy *p = ck->p;
    switch (f->kind) {
    case CK_FACT_SUPPLIER:
    case CK_FACT_CONTRACT: check_fixed_assigns(ck, f, NULL, 0, NULL); break;
    case CK_FACT_PROFILE: check_field_assigns(ck, f, p->profile, p->nprofile, NULL); break;
    case CK_FACT_CLAUSE: {
        int c = ck_policy_clause(p, f->target.text);
        if (c < 0) {
            ck_diag *d = ck_sema_error(ck, f->target.span, "unknown clause '%s'", f->target.text);
            ck_sema_hint_closest(ck, d, f->target.text, CK_NAMES_OF(ck->arena, p->clauses, p->nclauses, name),
                                 p->nclauses);
            break;
        }
        check_field_assigns(ck, f, p->clauses[c].params, p->clauses[c].nparams, NULL);
        break;
    }
    case CK_FACT_EVIDENCE: {
        int e = ck_policy_evidence_kind(p, f->target.text);
        if (e < 0) {
            ck_diag *d = ck_sema_error(ck, f->target.span, "unknown evidence kind '%s'", f->target.text);
            ck_sema_hint_misspelling(ck, d, f->target.text,
                                 CK_NAMES_OF(ck->arena, p->evidence_kinds, p->nevidence_kinds, name),
                                 p->nevidence_kinds);
        }
        check_fixed_assigns(ck, f, e >= 0 ? p->evidence_kinds[e].attrs : NULL, e >= 0 ? p->evidence_kinds[e].nattrs : 0,
                            NULL);
        break;
    }
    case CK_FACT_PARTY: check_party_fact(ck, f); break;
    case CK_FACT_QUESTIONNAIRE: {
        int q = ck_policy_questionnaire(p, f->target.text);
        if (q < 0) {
            ck_diag *d = ck_sema_error(ck, f->target.span, "unknown questionnaire '%s'", f->target.text);
            ck_sema_hint_closest(ck, d, f->target.text,
                                 CK_NAMES_OF(ck->arena, p->questionnaires, p->nquestionnaires, name),
                                 p->nquestionnaires);
            break;
        }
        ck_questionnaire *qn = &p->questionnaires[q];
        check_field_assigns(ck, f, qn->questions, qn->nquestions, &qn->depths);
        break;
    }
    case CK_FACT_GAP:
        if (ck_policy_requirement(p, f->target.text) < 0)
            ck_sema_warn(ck, "test-gap-unknown-requirement", f->target.span, "gap names unknown requirement '%s'", f->target.text);
        check_fixed_assigns(ck, f, NULL, 0, NULL);
        break;
    }
}

/* expect REQ KIND | expect record KIND | expect tier T | expect nothing */
static void check_expectation(ck_sema *ck, const ck_expectation *e, size_t finding_expects)
{
    ck_policy *p = ck->p;
    if (e->nothing) {
        if (finding_expects > 1) {
            ck_diag *d = ck_sema_error(ck, e->span, "'expect nothing' cannot be combined with expected findings");
            HINT(d, "drop 'expect nothing', or the findings the test expects");
        }
        return;
    }
    if (e->is_tier) {
        ck_sema_tier(ck, &e->kind);
        return;
    }
    int k = ck_finding_kind_find(e->kind.text);
    if (k < 0) {
        const char *codes[CK_FK_COUNT];
        for (int j = 0; j < CK_FK_COUNT; j++)
            codes[j] = ck_finding_kind_get((ck_finding_kind)j)->code;
        ck_diag *d = ck_sema_error(ck, e->kind.span, "unknown finding kind '%s'", e->kind.text);
        ck_sema_hint_closest(ck, d, e->kind.text, codes, CK_FK_COUNT);
        if (d && !d->hint)
            HINT(d, "finding kinds are codes such as clause-missing, clause-weaker, evidence-missing, "
                    "evidence-expired, evidence-stale, questionnaire-answer");
        return;
    }
    if (!ck_finding_kind_get((ck_finding_kind)k)->about_requirement) {
        if (strcmp(e->req.text, "record") != 0) {
            ck_diag *d = ck_sema_error(ck, e->req.span, "'%s' findings concern the whole record", e->kind.text);
            HINT(d, "write: expect record %s", e->kind.text);
        }
        return;
    }
    if (ck_policy_requirement(p, e->req.text) < 0) {
        ck_diag *d = ck_sema_error(ck, e->req.span, "unknown requirement '%s'", e->req.text);
        ck_sema_hint_closest(ck, d, e->req.text, CK_NAMES_OF(ck->arena, p->reqs, p->nreqs, id), p->nreqs);
    }
}

void ck_sema_test(ck_sema *ck, const ck_decl *t)
{
    if (!t->has_as_of) {
        ck_diag *d = ck_sema_error(ck, t->title_span, "test has no 'as of' date");
        HINT(d, "add 'as of YYYY-MM-DD' so the test gives the same result on every day");
    }
    if (t->expects.len == 0) {
        ck_diag *d = ck_sema_error(ck, t->title_span, "test expects nothing");
        HINT(d, "list the findings with 'expect REQUIREMENT KIND', or write 'expect nothing'");
    }
    for (size_t i = 0; i < t->facts.len; i++)
        check_fact(ck, t->facts.items[i]);
    size_t finding_expects = 0;
    for (size_t i = 0; i < t->expects.len; i++)
        finding_expects += !((const ck_expectation *)t->expects.items[i])->is_tier;
    for (size_t i = 0; i < t->expects.len; i++)
        check_expectation(ck, t->expects.items[i], finding_expects);
}
