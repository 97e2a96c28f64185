/* CSV registers: a supplier per row, its columns mapped onto record keys by the configuration. */
#ifndef CK_REGISTER_CSV_H
#define CK_REGISTER_CSV_H

#include <stddef.h>

#include "diag.h"
#include "policy.h"
#include "record.h"

/*
 * One mapped column: the CSV header names it, the target says where its value goes in the record
 * the row stands for, as a path of record keys:
 *   supplier.KEY  contract.KEY  profile.FIELD
 *   clauses.CLAUSE            (a yes/no column: the clause is in the contract or not; a cell
 *                              that is no clear yes or no is a record-invalid finding)
 *   clauses.CLAUSE.PARAM
 *   evidence.KIND.KEY         (one evidence entry of KIND per row, its keys from such columns)
 *   questionnaires.Q.depth  questionnaires.Q.answers.QUESTION
 * unit, when given, is appended to a value that is a bare number: an export's "Notification
 * (hours)" column holds 24, the record means 24h.
 */
typedef struct ck_csv_column {
    const char *header;
    const char *target;
    const char *unit;         /* NULL, or a duration unit such as "h" or "d" */
    ck_span at;               /* where the configuration names it, for its errors */
} ck_csv_column;

typedef struct ck_csv_mapping {
    const ck_csv_column *columns;
    size_t ncolumns;
} ck_csv_mapping;

/* The mapping made ready for one CSV file: targets checked against the policy, columns found in
 * the header row. Lives in an arena of its own. */
typedef struct ck_csv_plan ck_csv_plan;

/*
 * Reads the header row (text, its bytes without the line end; line is its line number in path)
 * against mapping. 0 with *plan; 1 with diagnostics (a target that is not a record key or names
 * nothing the policy declares, two columns with one target, a column the header lacks, a header
 * naming a mapped column twice); -1 when out of memory.
 */
int ck_csv_plan_make(const ck_csv_mapping *mapping, const ck_policy *policy, const char *path, unsigned line,
                     const char *text, size_t len, ck_diags *diags, ck_csv_plan **plan);
void ck_csv_plan_free(ck_csv_plan *plan);

/*
 * The record of one data row (text: the row's bytes, which may span lines inside quotes; line:
 * its first line). 0 with *out (findings about its values inside it); 1 when the row is not CSV,
 * has the wrong number of fields or is not UTF-8 text (*out holds the text the diagnostics point
 * into); -1 when out of memory.
 */
int ck_csv_row_record(const ck_csv_plan *plan, const ck_policy *policy, const char *path, unsigned line,
                      const char *text, size_t len, const ck_record_limits *limits, ck_diags *diags,
                      ck_record **out);

#endif
