/* Names of AST enumerations, shared by the checker, formatter and reports. */
#include "ast.h"

const char *ck_cmp_op_text(ck_cmp_op op)
{
    switch (op) {
    case CK_OP_EQ: return "==";
    case CK_OP_NE: return "!=";
    case CK_OP_LT: return "<";
    case CK_OP_LE: return "<=";
    case CK_OP_GT: return ">";
    case CK_OP_GE: return ">=";
    }
    return "==";
}

