/* Does the contract say what the record says? A record's clauses checked against its contract documents. */
#ifndef CK_DOCUMENT_CHECK_H
#define CK_DOCUMENT_CHECK_H

#include "document_cache.h"
#include "eval.h"

/*
 * A record that lists its contract documents (`documents:`) makes claims about them: each clause
 * with a `section` is in that section of one of them, the section is about the clause, and it
 * states the clause's terms as the record does. This module checks those claims:
 *  - each document is read through the cache (once per run), confined and hashed like an evidence
 *    file; a file that cannot be read, or whose hash is not the recorded one, is a finding (a
 *    changed document is still read: what it now says is the best evidence of the drift);
 *  - each clause's section is looked up (in the document its `document:` names, else in every
 *    document in record order); absent, or numbered alike in several places, is a finding;
 *  - the section must contain each of the clause's `mentions` (the policy's required words);
 *  - each duration parameter that a requirement applying to the record bounds is read from the
 *    section's text: a different value than the record's is a finding with both values, both
 *    places and which is weaker, and a section that bounds it only with words ("promptly") or not
 *    at all is one too.
 * The supplier's clauses are checked when they give a section; a party's clauses only when they
 * also name the document (`document:`), since a party's sections usually live in its own contract.
 *
 * Findings are about the record (no requirement), and carry a ck_finding_document saying where in
 * the document, so reporters print and compute nothing. Explain's trace gets a line for each
 * document, section, required word and value, naming the span of text that decided it.
 */
typedef struct ck_doccheck {
    const ck_policy *policy;
    const ck_record *record;
    int tier;                      /* the tier the record is held to: whose requirements' bounds apply */
    const ck_evfile_root *root;    /* documents resolve beneath it, as evidence files do */
    ck_doc_cache *cache;
    ck_arena *arena;               /* the record's: findings and trace lines */
    ck_vec *findings;              /* ck_finding *, appended */
    ck_vec *trace;                 /* ck_trace_line *, appended; NULL when no explanation is kept */
    ck_doc_tally *tally;           /* filled: what was looked at */
} ck_doccheck;

/* Checks dc->record against its documents (nothing at all when it lists none). 0, or -1 when out
 * of memory. */
int ck_doccheck_record(const ck_doccheck *dc);

#endif
