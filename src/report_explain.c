/* Rendering an evaluation trace (`clausecheck explain`): how the tier and each requirement were decided. */
#include "report_explain.h"

#include <string.h>

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

void ck_explain_write_json(FILE *out, const ck_policy *p, const ck_result *res, ck_date as_of, const ck_vec *trace,
                           int only_req)
{
    const ck_record *rec = res->record;
    char date[16];
    ck_date_format(as_of, date);
    fputs("{\n  \"schema_version\": 1,\n  \"record\": ", out);
    ck_json_write_string_or_null(out, rec->path);
    fputs(",\n  \"supplier\": ", out);
    ck_json_write_string_or_null(out, rec->supplier_id);
    fprintf(out, ",\n  \"as_of\": \"%s\",\n  \"tier\": ", date);
    ck_json_write_string_or_null(out, p->tiers.names[res->tier]);
    fprintf(out, ",\n  \"tier_uncertain\": %s,\n  \"requirement\": ", res->tier_uncertain ? "true" : "false");
    ck_json_write_string_or_null(out, only_req >= 0 ? p->reqs[only_req].id : NULL);
    fputs(",\n  \"lines\": [", out);
    bool first = true;
    for (size_t i = 0; i < trace->len; i++) {
        const ck_trace_line *t = trace->items[i];
        if (only_req >= 0 && t->req >= 0 && t->req != only_req)
            continue;
        fprintf(out, "%s\n    {\"depth\": %d, \"requirement\": ", first ? "" : ",", t->depth);
        ck_json_write_string_or_null(out, t->req >= 0 ? p->reqs[t->req].id : NULL);
        fputs(", \"text\": ", out);
        ck_json_write_string_or_null(out, t->text);
        fputc('}', out);
        first = false;
    }
    fputs(first ? "]\n}\n" : "\n  ]\n}\n", out);
}
