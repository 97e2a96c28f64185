/* Rendering an evaluation trace (`clausecheck explain`): how the tier and each requirement were decided. */
#include "report_explain.h"

#include "escape.h"

void ck_explain_write(FILE *out, const ck_record *rec, ck_date as_of, const ck_vec *trace, int only_req)
{
    char date[16];
    ck_date_format(as_of, date);
    ck_esc_text(out, rec->path);
    fputs(": supplier ", out);
    ck_esc_text(out, rec->supplier_id ? rec->supplier_id : "(no id)");
    fprintf(out, ", as of %s\n", date);
    for (size_t i = 0; i < trace->len; i++) {
        const ck_trace_line *t = trace->items[i];
        if (only_req >= 0 && t->req >= 0 && t->req != only_req)
            continue;
        fprintf(out, "%*s", 2 * t->depth + 2, "");
        ck_esc_text(out, t->text); /* trace lines quote record values */
        fputc('\n', out);
    }
}
