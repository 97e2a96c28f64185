/* Rendering an evaluation trace (`clausecheck explain`): how the tier and each requirement were decided. */
#ifndef CK_REPORT_EXPLAIN_H
#define CK_REPORT_EXPLAIN_H

#include <stdio.h>

#include "eval.h"

/* The record's trace lines, indented by depth; only_req >= 0 keeps that requirement's lines
 * (and the tiering). */
void ck_explain_write(FILE *out, const ck_record *rec, ck_date as_of, const ck_vec *trace, int only_req);

#endif
