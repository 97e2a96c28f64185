/* Expression printing: policy expressions and string literals in canonical policy syntax. */
#include "expr_print.h"

#include <inttypes.h>

static void write_value_list(FILE *out, const ck_vec *items)
{
    for (size_t i = 0; i < items->len; i++) {
        if (i)
            fputs(", ", out);
        ck_expr_write(out, items->items[i]);
    }
}

void ck_write_string_literal(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        switch (*s) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if ((unsigned char)*s < 0x20)
                fprintf(out, "\\u%04x", (unsigned char)*s);
            else
                fputc(*s, out);
        }
    }
    fputc('"', out);
}

void ck_expr_write(FILE *out, const ck_expr *e)
{
    char buf[32];
    switch (e->kind) {
    case CK_EX_BOOL: fputs(e->u.boolean ? "true" : "false", out); break;
    case CK_EX_NUMBER:
        ck_number_format(e->u.number, buf, sizeof buf);
        fputs(buf, out);
        break;
    case CK_EX_STRING: ck_write_string_literal(out, e->u.string); break;
    case CK_EX_DURATION:
        ck_duration_format(e->u.duration, buf, sizeof buf);
        fputs(buf, out);
        break;
    case CK_EX_DATE:
        ck_date_format(e->u.date, buf);
        fputs(buf, out);
        break;
    case CK_EX_NAME: fputs(e->u.name.text, out); break;
    case CK_EX_TIER: fputs("tier", out); break;
    case CK_EX_ATTR: fprintf(out, "tier.%s", e->u.name.text); break;
    case CK_EX_NOT:
        fputs("not ", out);
        ck_expr_write(out, e->u.operand);
        break;
    case CK_EX_AND:
    case CK_EX_OR:
        ck_expr_write(out, e->u.bin.lhs);
        fputs(e->kind == CK_EX_AND ? " and " : " or ", out);
        ck_expr_write(out, e->u.bin.rhs);
        break;
    case CK_EX_CMP:
        ck_expr_write(out, e->u.bin.lhs);
        fprintf(out, " %s ", ck_cmp_op_text(e->u.bin.op));
        ck_expr_write(out, e->u.bin.rhs);
        break;
    case CK_EX_IN:
        ck_expr_write(out, e->u.in.lhs);
        fputs(e->u.in.negated ? " not in (" : " in (", out);
        write_value_list(out, &e->u.in.items);
        fputc(')', out);
        break;
    case CK_EX_PAREN:
        fputc('(', out);
        ck_expr_write(out, e->u.operand);
        fputc(')', out);
        break;
    case CK_EX_ERROR: fputs("?", out); break;
    }
}

void ck_expr_to_string(const ck_expr *e, char *buf, size_t n)
{
    FILE *f = fmemopen(buf, n, "w");
    if (!f) {
        if (n)
            buf[0] = '\0';
        return;
    }
    ck_expr_write(f, e);
    fclose(f);
    buf[n - 1] = '\0';
}
