/* The record format as one table: its sections, and each fixed key with its type and where it is stored. */
#include "record_schema.h"

#include <string.h>

#include "record.h"

#define TEXT(obj, field) CK_STORE_TEXT, offsetof(obj, field)
#define VALUE(obj, field) CK_STORE_VALUE, offsetof(obj, field)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const ck_record_key supplier_keys[] = {
    {"id", CK_TYPE_STRING, TEXT(ck_record, supplier_id), .flags = CK_KEY_REQUIRED},
    {"name", CK_TYPE_STRING, TEXT(ck_record, supplier_name)},
    {"location", CK_TYPE_STRING, TEXT(ck_record, location)},
};

static const ck_record_key contract_keys[] = {
    {"id", CK_TYPE_STRING, TEXT(ck_record, contract_id)},
    {"status", CK_TYPE_STRING, TEXT(ck_record, status)},
    {"last_assessed", CK_TYPE_DATE, VALUE(ck_record, last_assessed), .flags = CK_KEY_DATED},
    {"last_reviewed", CK_TYPE_DATE, VALUE(ck_record, last_reviewed), .flags = CK_KEY_DATED},
    {"signed", CK_TYPE_DATE, VALUE(ck_record, signed_on), .flags = CK_KEY_DATED},
    {"title", CK_TYPE_STRING, TEXT(ck_record, contract_title)},
};

static const ck_record_key evidence_keys[] = {
    {"kind", CK_TYPE_STRING, TEXT(ck_rec_evidence, kind_name), .span_offset = offsetof(ck_rec_evidence, kind_span),
     .flags = CK_KEY_TARGET | CK_KEY_REQUIRED},
    /* the span is kept also when the value is invalid: the entry does name a file */
    {"file", CK_TYPE_STRING, TEXT(ck_rec_evidence, file), .span_offset = offsetof(ck_rec_evidence, file_span),
     .len_offset = offsetof(ck_rec_evidence, file_len), .flags = CK_KEY_RAW},
    {"sha256", CK_TYPE_STRING, TEXT(ck_rec_evidence, sha256), .flags = CK_KEY_SHA256},
    {"issued", CK_TYPE_DATE, VALUE(ck_rec_evidence, issued), .flags = CK_KEY_DATED},
    {"expires", CK_TYPE_DATE, VALUE(ck_rec_evidence, expires)},
    {"period_end", CK_TYPE_DATE, VALUE(ck_rec_evidence, period_end), .flags = CK_KEY_DATED},
    {"last_audit", CK_TYPE_DATE, VALUE(ck_rec_evidence, last_audit), .flags = CK_KEY_DATED},
    {"issuer", CK_TYPE_STRING, TEXT(ck_rec_evidence, issuer)},
    {"independent", CK_TYPE_BOOL, VALUE(ck_rec_evidence, independent)},
    {"note", CK_TYPE_STRING, TEXT(ck_rec_evidence, note)},
};

/* Besides its depth and answers (typed by the questionnaire's declaration): when it was answered. */
static const ck_record_key questionnaire_keys[] = {
    {"answered", CK_TYPE_DATE, VALUE(ck_rec_questionnaire, answered)},
};

static const ck_record_key gap_keys[] = {
    /* a gap's findings point at the requirement it names */
    {"requirement", CK_TYPE_STRING, TEXT(ck_rec_gap, requirement), .span_offset = offsetof(ck_rec_gap, span),
     .flags = CK_KEY_TARGET | CK_KEY_REQUIRED},
    {"reason", CK_TYPE_STRING, TEXT(ck_rec_gap, reason)},
    {"accepted_by", CK_TYPE_STRING, TEXT(ck_rec_gap, accepted_by)},
    {"expires", CK_TYPE_DATE, VALUE(ck_rec_gap, expires)},
    {"compensating", CK_TYPE_STRING, TEXT(ck_rec_gap, compensating)},
};

static const ck_record_key party_keys[] = {
    {"kind", CK_TYPE_STRING, TEXT(ck_rec_party, kind_name), .span_offset = offsetof(ck_rec_party, kind_span),
     .flags = CK_KEY_TARGET | CK_KEY_REQUIRED},
    {"id", CK_TYPE_STRING, TEXT(ck_rec_party, id), .flags = CK_KEY_TARGET | CK_KEY_REQUIRED},
    {"name", CK_TYPE_STRING, TEXT(ck_rec_party, name)},
};

/* Besides the parameters its clause declares: where in the contract documents the clause is. */
static const ck_record_key clause_keys[] = {
    {CK_CLAUSE_SECTION_KEY, CK_TYPE_STRING, TEXT(ck_rec_clause, section), .span_offset = offsetof(ck_rec_clause, section_span)},
    {"document", CK_TYPE_STRING, TEXT(ck_rec_clause, document), .span_offset = offsetof(ck_rec_clause, document_span)},
};

static const ck_record_key document_keys[] = {
    {"id", CK_TYPE_STRING, TEXT(ck_rec_document, id), .span_offset = offsetof(ck_rec_document, id_span),
     .flags = CK_KEY_REQUIRED},
    /* as an evidence file: hostile paths are kept with their length, the span also when invalid */
    {"file", CK_TYPE_STRING, TEXT(ck_rec_document, file), .span_offset = offsetof(ck_rec_document, file_span),
     .len_offset = offsetof(ck_rec_document, file_len), .flags = CK_KEY_RAW | CK_KEY_REQUIRED},
    {"sha256", CK_TYPE_STRING, TEXT(ck_rec_document, sha256), .flags = CK_KEY_SHA256},
    {"title", CK_TYPE_STRING, TEXT(ck_rec_document, title)},
    {"kind", CK_TYPE_STRING, TEXT(ck_rec_document, kind)},
};

static const ck_section_info sections[CK_SECTION_COUNT] = {
    [CK_SECTION_SUPPLIER] = {"supplier", "supplier", "supplier", false, offsetof(ck_record, supplier_span), supplier_keys, COUNT(supplier_keys)},
    [CK_SECTION_CONTRACT] = {"contract", "contract", "contract", false, offsetof(ck_record, contract_span),
                             contract_keys, COUNT(contract_keys)},
    [CK_SECTION_PROFILE] = {"profile", "profile", "the profile", false, offsetof(ck_record, subject.fields_span), NULL, 0},
    [CK_SECTION_CLAUSES] = {"clauses", "clauses", "the clause", false, offsetof(ck_record, subject.clauses_span),
                            clause_keys, COUNT(clause_keys)},
    [CK_SECTION_EVIDENCE] = {"evidence", "an evidence entry", "evidence", true, offsetof(ck_record, subject.evidence_span),
                             evidence_keys, COUNT(evidence_keys)},
    [CK_SECTION_QUESTIONNAIRES] = {"questionnaires", "questionnaires", "the questionnaire", false,
                                   offsetof(ck_record, questionnaires_span), questionnaire_keys, COUNT(questionnaire_keys)},
    [CK_SECTION_GAPS] = {"gaps", "a gap", "a gap", true, offsetof(ck_record, gaps_span), gap_keys, COUNT(gap_keys)},
    /* a party's profile, clauses, evidence and parties are sub-sections its loader reads */
    [CK_SECTION_PARTIES] = {"parties", "a party", "a party", true, offsetof(ck_record, subject.parties_span), party_keys,
                            COUNT(party_keys)},
    [CK_SECTION_DOCUMENTS] = {"documents", "a document entry", "a document", true, offsetof(ck_record, documents_span),
                              document_keys, COUNT(document_keys)},
};

const ck_section ck_party_sections[CK_PARTY_NSECTIONS] = {CK_SECTION_PROFILE, CK_SECTION_CLAUSES, CK_SECTION_EVIDENCE,
                                                          CK_SECTION_PARTIES};

const ck_section_info *ck_section_get(ck_section s) { return &sections[s]; }

int ck_section_find(const char *name)
{
    for (int s = 0; s < CK_SECTION_COUNT; s++)
        if (strcmp(sections[s].name, name) == 0)
            return s;
    return -1;
}

ck_section ck_section_of_fact(ck_fact_kind kind)
{
    switch (kind) {
    case CK_FACT_SUPPLIER: return CK_SECTION_SUPPLIER;
    case CK_FACT_PROFILE: return CK_SECTION_PROFILE;
    case CK_FACT_CONTRACT: return CK_SECTION_CONTRACT;
    case CK_FACT_CLAUSE: return CK_SECTION_CLAUSES;
    case CK_FACT_EVIDENCE: return CK_SECTION_EVIDENCE;
    case CK_FACT_QUESTIONNAIRE: return CK_SECTION_QUESTIONNAIRES;
    case CK_FACT_GAP: return CK_SECTION_GAPS;
    case CK_FACT_PARTY: return CK_SECTION_PARTIES;
    }
    return CK_SECTION_SUPPLIER;
}

int ck_record_key_find(ck_section s, const char *name)
{
    const ck_section_info *si = &sections[s];
    for (size_t i = 0; i < si->nkeys; i++)
        if (strcmp(si->keys[i].name, name) == 0)
            return (int)i;
    return -1;
}

const ck_record_key *ck_record_key_get(ck_section s, int key) { return &sections[s].keys[key]; }

size_t ck_record_key_names(ck_section s, bool assignable, bool dated, const char **names)
{
    const ck_section_info *si = &sections[s];
    size_t n = 0;
    for (size_t i = 0; i < si->nkeys; i++) {
        const ck_record_key *k = &si->keys[i];
        if ((assignable && (k->flags & CK_KEY_TARGET)) || (dated && !(k->flags & CK_KEY_DATED)))
            continue;
        names[n++] = k->name;
    }
    return n;
}

void ck_record_key_store(const ck_record_key *k, void *obj, const ck_value *v)
{
    char *at = (char *)obj + k->offset;
    if (k->store == CK_STORE_VALUE)
        memcpy(at, v, sizeof *v);
    else
        *(const char **)(void *)at = v->present ? v->u.string : NULL;
}

const ck_value *ck_record_key_value(const ck_record_key *k, const void *obj)
{
    return (const ck_value *)(const void *)((const char *)obj + k->offset);
}
