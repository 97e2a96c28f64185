/* The table of finding kinds: one row per kind, the single source of codes and summaries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "finding.h"
#include "strfmt.h"

static const ck_finding_kind_info kinds[CK_FK_COUNT] = {
    [CK_FK_CLAUSE_MISSING] = {"clause-missing", "A required clause is absent from the contract", true},
    [CK_FK_CLAUSE_WEAKER] = {"clause-weaker", "A clause is present but weaker than the policy requires", true},
    [CK_FK_EVIDENCE_MISSING] = {"evidence-missing", "Required evidence is not recorded", true},
    [CK_FK_EVIDENCE_WRONG_KIND] = {"evidence-wrong-kind", "Recorded evidence is of a kind the policy does not declare", false},
    [CK_FK_EVIDENCE_FILE_MISSING] = {"evidence-file-missing", "An evidence file does not exist", false},
    [CK_FK_EVIDENCE_OUTSIDE_ROOT] = {"evidence-outside-root", "An evidence path leads outside the repository", false},
    [CK_FK_EVIDENCE_NOT_REGULAR] = {"evidence-not-regular", "An evidence path is not a regular file", false},
    [CK_FK_EVIDENCE_UNREADABLE] = {"evidence-unreadable", "An evidence file cannot be read", false},
    [CK_FK_EVIDENCE_HASH_MISMATCH] = {"evidence-hash-mismatch", "An evidence file does not match its recorded sha256", false},
    [CK_FK_EVIDENCE_CHANGED] = {"evidence-changed", "An evidence file changed while it was being hashed", false},
    [CK_FK_EVIDENCE_BAD_PATH] = {"evidence-bad-path", "An evidence path is malformed or loops", false},
    [CK_FK_EVIDENCE_EXPIRED] = {"evidence-expired", "Required evidence has expired", true},
    [CK_FK_EVIDENCE_STALE] = {"evidence-stale", "Required evidence is older than the policy allows", true},
    [CK_FK_EVIDENCE_NOT_INDEPENDENT] = {"evidence-not-independent", "Required evidence is not from an independent party", true},
    [CK_FK_QUESTIONNAIRE_MISSING] = {"questionnaire-missing", "The required questionnaire was not answered", true},
    [CK_FK_QUESTIONNAIRE_DEPTH] = {"questionnaire-depth", "The questionnaire was answered at a lower depth than required", true},
    [CK_FK_QUESTIONNAIRE_ANSWER] = {"questionnaire-answer", "A questionnaire answer is missing or unacceptable", true},
    [CK_FK_ASSESSMENT_OVERDUE] = {"assessment-overdue", "A contract date is older than the policy allows", true},
    [CK_FK_ALTERNATIVES_UNMET] = {"alternatives-unmet", "None of the acceptable alternatives is met", true},
    [CK_FK_PROFILE_INCOMPLETE] = {"profile-incomplete", "The risk profile lacks fields the tier rules need", false},
    [CK_FK_RECORD_INVALID] = {"record-invalid", "The record does not follow the policy's declarations", false},
    [CK_FK_GAP_ACCEPTED] = {"gap-accepted", "A declared gap is accepted and within its acceptance period", true},
    [CK_FK_GAP_DECLARED] = {"gap-declared", "A gap is declared but not accepted", true},
    [CK_FK_GAP_EXPIRED] = {"gap-expired", "The acceptance of a declared gap has expired", true},
    [CK_FK_GAP_UNKNOWN_REQUIREMENT] = {"gap-unknown-requirement", "A declared gap names a requirement the policy does not have", false},
    [CK_FK_EVIDENCE_ATTRIBUTE] = {"evidence-attribute", "Recorded evidence has an attribute (a score, a level) the policy does not accept", true},
    [CK_FK_CONDITION_UNMET] = {"condition-unmet", "A condition on the risk profile or on a party's fields does not hold", true},
    [CK_FK_PARTY_INCOMPLETE] = {"party-incomplete", "A listed party lacks fields a rule needs to tell whether it applies", true},
    [CK_FK_PARTIES_INSUFFICIENT] = {"parties-insufficient", "Fewer listed parties meet a rule than it requires", true},
    [CK_FK_PARTY_NOT_ALLOWED] = {"party-not-allowed", "A listed party is one the policy rules out, or more are listed than it allows", true},
    [CK_FK_DUE_SOON] = {"due-soon", "A requirement met today stops being met within the forecast horizon", true},
    [CK_FK_DOCUMENT_FILE_MISSING] = {"document-file-missing", "A contract document the record names does not exist", false, true},
    [CK_FK_DOCUMENT_OUTSIDE_ROOT] = {"document-outside-root", "A contract document's path leads outside the repository", false, true},
    [CK_FK_DOCUMENT_UNREADABLE] = {"document-unreadable", "A contract document cannot be read: not a regular file, too large, of a format not read, malformed or refused", false, true},
    [CK_FK_DOCUMENT_HASH_MISMATCH] = {"document-hash-mismatch", "A contract document does not match its recorded sha256", false, true},
    [CK_FK_DOCUMENT_SECTION_MISSING] = {"document-section-missing", "A clause's section is in none of the contract documents", false, true},
    [CK_FK_DOCUMENT_SECTION_AMBIGUOUS] = {"document-section-ambiguous", "A clause's section is numbered alike in more than one place", false, true},
    [CK_FK_DOCUMENT_MENTION_MISSING] = {"document-mention-missing", "A clause's section lacks words the policy requires of it", false, true},
    [CK_FK_DOCUMENT_VALUE_DIFFERS] = {"document-value-differs", "A clause's section states a different value than the record", false, true},
    [CK_FK_DOCUMENT_VALUE_UNQUANTIFIED] = {"document-value-unquantified", "A clause's section sets no bound where the policy needs one", false, true},
    [CK_FK_QUESTIONNAIRE_STALE] = {"questionnaire-stale", "The questionnaire was answered longer ago than the policy allows", true},
};

const ck_finding_kind_info *ck_finding_kind_get(ck_finding_kind kind)
{
    return (unsigned)kind < CK_FK_COUNT ? &kinds[kind] : NULL;
}

int ck_finding_kind_find(const char *code)
{
    for (int i = 0; i < CK_FK_COUNT; i++)
        if (strcmp(kinds[i].code, code) == 0)
            return i;
    return -1;
}

int ck_finding_fingerprint(const char *supplier, const char *req_id, ck_finding_kind kind, size_t nth, char out[33])
{
    return ck_finding_fingerprint_at(supplier, req_id, kind, nth, NULL, out);
}

int ck_finding_fingerprint_at(const char *supplier, const char *req_id, ck_finding_kind kind, size_t nth,
                              const char *party, char out[33])
{
    char key[512];
    if (!party) { /* the supplier's own: the key as version 1 made it, cut at 511 bytes */
        int n = ck_snprintf(key, sizeof key, "%s%c%s%c%s%c%zu", supplier, 0, req_id, 0, kinds[kind].code, 0, nth);
        return ck_sha256_hex(key, n > 0 && (size_t)n < sizeof key ? (size_t)n : sizeof key - 1, out, 32);
    }
    /* a party's place is hashed first, so that however long the key it is never cut */
    char place[33];
    if (ck_sha256_hex(party, strlen(party), place, 32) != 0)
        return -1;
    int n = ck_snprintf(key, sizeof key, "%s%c%s%c%s%c%zu%c%s", supplier, 0, req_id, 0, kinds[kind].code, 0, nth, 0,
                        place);
    if (n > 0 && (size_t)n < sizeof key)
        return ck_sha256_hex(key, (size_t)n, out, 32);
    size_t len = (size_t)n + 1;
    char *big = n > 0 ? malloc(len) : NULL;
    if (!big)
        return -1;
    ck_snprintf(big, len, "%s%c%s%c%s%c%zu%c%s", supplier, 0, req_id, 0, kinds[kind].code, 0, nth, 0, place);
    int rc = ck_sha256_hex(big, len - 1, out, 32);
    free(big);
    return rc;
}

const char *ck_outcome_name(ck_outcome outcome)
{
    switch (outcome) {
    case CK_OUTCOME_NOT_APPLICABLE: return "not-applicable";
    case CK_OUTCOME_MET: return "met";
    case CK_OUTCOME_UNMET: return "unmet";
    case CK_OUTCOME_GAP_ACCEPTED: return "gap-accepted";
    }
    return "unmet";
}
