/* Pre-signature review: which requirements a draft meets, lacks, or carries as gaps. */
#include "review.h"

#include <stdint.h>

#include "present.h"

/* An absent clause, evidence or questionnaire makes an item "missing"; only weaker clauses and
 * answers make it "weaker"; anything else unmet (a condition on a party, a count, evidence out of
 * date) is "not met", so the reader is not sent looking for something that is there. */
static ck_review_state item_state(const ck_review_item *it)
{
    switch (it->outcome) {
    case CK_OUTCOME_MET: return CK_REVIEW_MET;
    case CK_OUTCOME_NOT_APPLICABLE: return CK_REVIEW_NOT_APPLICABLE;
    case CK_OUTCOME_GAP_ACCEPTED: return CK_REVIEW_GAP_ACCEPTED;
    case CK_OUTCOME_UNMET: break;
    }
    if (it->findings.len == 0)
        return CK_REVIEW_VALUE_INVALID;
    bool missing = false, all_weaker = true;
    for (size_t k = 0; k < it->findings.len; k++) {
        ck_finding_kind kind = ((const ck_finding *)it->findings.items[k])->kind;
        if (kind == CK_FK_GAP_DECLARED)
            return CK_REVIEW_GAP_DECLARED;
        if (kind == CK_FK_GAP_EXPIRED)
            return CK_REVIEW_GAP_EXPIRED;
        missing = missing || kind == CK_FK_CLAUSE_MISSING || kind == CK_FK_EVIDENCE_MISSING ||
                  kind == CK_FK_QUESTIONNAIRE_MISSING || kind == CK_FK_ALTERNATIVES_UNMET;
        all_weaker = all_weaker && (kind == CK_FK_CLAUSE_WEAKER || kind == CK_FK_QUESTIONNAIRE_DEPTH ||
                                    kind == CK_FK_QUESTIONNAIRE_ANSWER);
    }
    return missing ? CK_REVIEW_MISSING : all_weaker ? CK_REVIEW_WEAKER : CK_REVIEW_NOT_MET;
}

int ck_review_build(const ck_policy *p, const ck_result *res, bool hypothetical, ck_review *out)
{
    ck_arena *a = res->record->arena;
    *out = (ck_review){.result = res, .hypothetical = hypothetical};
    ck_scope scope = {.policy = p, .record = res->record, .tier = res->tier};
    ck_presenter pr = {.scope = &scope, .arena = a};
    if (res->tier_rule >= 0) {
        out->deciding_rule = &p->tier_rules[res->tier_rule];
    }
    /* The facts: fields read by every rule tried up to the deciding one. */
    bool *seen = ck_arena_alloc(a, p->nprofile + 1);
    ck_vec order = {0};
    if (!seen)
        return -1;
    size_t last = res->tier_rule >= 0 ? (size_t)res->tier_rule : p->ntier_rules - 1;
    for (size_t i = 0; i <= last && i < p->ntier_rules; i++)
        if (p->tier_rules[i].cond)
            ck_expr_profile_fields(p->tier_rules[i].cond, seen, &order, a);
    for (size_t i = 0; i < order.len; i++) {
        int f = (int)(intptr_t)order.items[i];
        ck_review_fact *fact = ck_arena_alloc(a, sizeof *fact);
        if (!fact)
            return -1;
        const ck_value *v = &res->record->subject.fields[f];
        fact->field = p->profile[f].name;
        fact->value = ck_present_value(&pr, v, p->profile[f].type.scale);
        fact->span = v->present || v->invalid ? v->span : (ck_span){0};
        ck_vec_push(a, &out->facts, fact);
    }
    ck_review_item **by_req = ck_arena_alloc(a, (p->nreqs + 1) * sizeof *by_req);
    if (!by_req)
        return -1;
    for (size_t k = 0; k < p->nreqs; k++) {
        size_t r = p->req_order[k];
        ck_review_item *it = ck_arena_alloc(a, sizeof *it);
        if (!it)
            return -1;
        it->req = (int)r;
        it->outcome = res->reqs[r].outcome;
        it->reason = res->reqs[r].reason;
        by_req[r] = it;
        ck_vec_push(a, &out->items, it);
    }
    for (size_t i = 0; i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        if (f->req >= 0)
            ck_vec_push(a, &by_req[f->req]->findings, (void *)f);
        else
            ck_vec_push(a, ck_finding_kind_get(f->kind)->about_document ? &out->document_findings : &out->record_findings,
                        (void *)f);
        if (f->req < 0 && f->severity == CK_SEV_ERROR)
            out->to_resolve++;
    }
    for (size_t r = 0; r < p->nreqs; r++) {
        ck_review_item *it = by_req[r];
        it->state = item_state(it);
        bool fails = false;
        for (size_t k = 0; k < it->findings.len; k++)
            fails = fails || ((const ck_finding *)it->findings.items[k])->severity == CK_SEV_ERROR;
        if (it->outcome == CK_OUTCOME_UNMET && fails)
            out->to_resolve++;
    }
    return pr.oom ? -1 : 0;
}
