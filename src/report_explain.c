/* Rendering an evaluation trace (`clausecheck explain`): how the tier and each requirement were decided. */
#include "report_explain.h"

void ck_explain_write(FILE *out, const ck_record *rec, ck_date as_of, const ck_vec *trace, int only_req)
{
    char date[16];
    ck_date_format(as_of, date);
    fprintf(out, "%s: supplier %s, as of %s\n", rec->path, rec->supplier_id ? rec->supplier_id : "(no id)", date);
    for (size_t i = 0; i < trace->len; i++) {
        const ck_trace_line *t = trace->items[i];
        if (only_req >= 0 && t->req >= 0 && t->req != only_req)
            continue;
        fprintf(out, "%*s%s\n", 2 * t->depth + 2, "", t->text);
    }
}
