/* The record format a compiled policy accepts, as a JSON Schema (draft 2020-12) editors check records with. */
#ifndef CK_RECORD_JSONSCHEMA_H
#define CK_RECORD_JSONSCHEMA_H

#include <stdio.h>

#include "policy.h"

/*
 * Writes to out the JSON Schema of the records `policy` accepts: the sections and fixed keys of
 * the record schema table (record_schema.h), and the policy's profile fields, clauses and their
 * parameters, evidence kinds and their attributes, questionnaires and their answers, requirement
 * ids (for gaps) and kinds of party, each typed as the record loader types it and described by
 * the policy's own text. The schema describes records as YAML 1.2 and JSON read them, so it can
 * see values but not spellings; docs/records.md ("Checking records while typing") lists what only
 * clausecheck itself checks. The same policy always gives the same bytes.
 *
 * Allocates nothing. Returns 0, or -1 when out reported a write error (the caller owns out, and
 * says so).
 */
int ck_record_jsonschema_write(FILE *out, const ck_policy *policy);

#endif
