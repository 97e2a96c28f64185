/* Rendering an evaluation trace (`clausecheck explain`): how the tier and each requirement were decided. */
#ifndef CK_REPORT_EXPLAIN_H
#define CK_REPORT_EXPLAIN_H

#include <stdio.h>

#include "eval.h"

/* The record's trace lines, indented by depth; only_req >= 0 keeps that requirement's lines
 * (and the tiering). */
void ck_explain_write(FILE *out, const ck_record *rec, ck_date as_of, const ck_vec *trace, int only_req);
/* The same as one JSON object (docs/explain.schema.json): the record, its tier, and the lines,
 * each with its depth and requirement (null: the tiering and the record). */
void ck_explain_write_json(FILE *out, const ck_policy *p, const ck_result *res, ck_date as_of, const ck_vec *trace,
                           int only_req);

#endif
