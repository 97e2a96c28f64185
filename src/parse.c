/* Scanner/parser glue and grammar actions: turns one policy file into its AST. */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse_actions.h"
#include "parser.h"
/* flex's header names the parser's types without the api.prefix. */
#define YYSTYPE CK_YYSTYPE
#define YYLTYPE CK_YYLTYPE
#include "lexer.h"
#include "textutil.h"

/* ---- scanner support ---- */

typedef struct {
    const char *word;
    int token;
} ck_keyword;

/* Sorted by word for bsearch. */
static const ck_keyword keywords[] = {
    {"all", CK_TOK_KW_ALL},
    {"and", CK_TOK_KW_AND},
    {"any", CK_TOK_KW_ANY},
    {"as", CK_TOK_KW_AS},
    {"at", CK_TOK_KW_AT},
    {"attribute", CK_TOK_KW_ATTRIBUTE},
    {"bool", CK_TOK_KW_BOOL},
    {"clause", CK_TOK_KW_CLAUSE},
    {"contract", CK_TOK_KW_CONTRACT},
    {"date", CK_TOK_KW_DATE},
    {"depth", CK_TOK_KW_DEPTH},
    {"depths", CK_TOK_KW_DEPTHS},
    {"duration", CK_TOK_KW_DURATION},
    {"effective", CK_TOK_KW_EFFECTIVE},
    {"ensure", CK_TOK_KW_ENSURE},
    {"evidence", CK_TOK_KW_EVIDENCE},
    {"expect", CK_TOK_KW_EXPECT},
    {"expired", CK_TOK_KW_EXPIRED},
    {"false", CK_TOK_KW_FALSE},
    {"for", CK_TOK_KW_FOR},
    {"from", CK_TOK_KW_FROM},
    {"gap", CK_TOK_KW_GAP},
    {"group", CK_TOK_KW_GROUP},
    {"has", CK_TOK_KW_HAS},
    {"import", CK_TOK_KW_IMPORT},
    {"in", CK_TOK_KW_IN},
    {"independent", CK_TOK_KW_INDEPENDENT},
    {"level", CK_TOK_KW_LEVEL},
    {"not", CK_TOK_KW_NOT},
    {"nothing", CK_TOK_KW_NOTHING},
    {"number", CK_TOK_KW_NUMBER},
    {"of", CK_TOK_KW_OF},
    {"or", CK_TOK_KW_OR},
    {"otherwise", CK_TOK_KW_OTHERWISE},
    {"owner", CK_TOK_KW_OWNER},
    {"party", CK_TOK_KW_PARTY},
    {"policy", CK_TOK_KW_POLICY},
    {"profile", CK_TOK_KW_PROFILE},
    {"question", CK_TOK_KW_QUESTION},
    {"questionnaire", CK_TOK_KW_QUESTIONNAIRE},
    {"rationale", CK_TOK_KW_RATIONALE},
    {"ref", CK_TOK_KW_REF},
    {"remediation", CK_TOK_KW_REMEDIATION},
    {"require", CK_TOK_KW_REQUIRE},
    {"severity", CK_TOK_KW_SEVERITY},
    {"string", CK_TOK_KW_STRING},
    {"supplier", CK_TOK_KW_SUPPLIER},
    {"test", CK_TOK_KW_TEST},
    {"tier", CK_TOK_KW_TIER},
    {"tiers", CK_TOK_KW_TIERS},
    {"to", CK_TOK_KW_TO},
    {"true", CK_TOK_KW_TRUE},
    {"valid", CK_TOK_KW_VALID},
    {"version", CK_TOK_KW_VERSION},
    {"when", CK_TOK_KW_WHEN},
    {"with", CK_TOK_KW_WITH},
    {"within", CK_TOK_KW_WITHIN},
};

static int keyword_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const ck_keyword *)elem)->word);
}

bool ck_parse_is_keyword(const char *word)
{
    return bsearch(word, keywords, sizeof keywords / sizeof keywords[0], sizeof keywords[0],
                   keyword_cmp) != NULL;
}

const char *ck_parse_keyword(size_t i)
{
    return i < sizeof keywords / sizeof keywords[0] ? keywords[i].word : NULL;
}

ck_span ck_pa_span(ck_parse_ctx *ctx, ck_loc loc) { return (ck_span){ctx->src, loc.start, loc.end}; }

void ck_parse_error(ck_parse_ctx *ctx, ck_span span, const char *message, const char *hint)
{
    ctx->syntax_errors++;
    ck_diag *d = ck_diag_add(ctx->diags, CK_DIAG_ERROR, span, "%s", message);
    if (d)
        d->code = "syntax";
    if (hint)
        ck_diag_hint(ctx->diags, d, "%s", hint);
}

/* Whether '(' is the next thing after offset end (blanks and line breaks between). `level` is a
 * keyword only there, as in `level(low, high)`: elsewhere it is a name, so that an evidence
 * attribute or profile field may be called level (`level >= moderate`). */
static bool before_paren(const ck_parse_ctx *ctx, size_t end)
{
    const char *t = ctx->src->text;
    while (end < ctx->src->len && (t[end] == ' ' || t[end] == '\t' || t[end] == '\r' || t[end] == '\n'))
        end++;
    return end < ctx->src->len && t[end] == '(';
}

int ck_parse_word_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc, const char *text, size_t len)
{
    if (len < 16) {
        const ck_keyword *kw = bsearch(text, keywords, sizeof keywords / sizeof keywords[0],
                                       sizeof keywords[0], keyword_cmp);
        if (kw && !(kw->token == CK_TOK_KW_LEVEL && !before_paren(ctx, loc.end)))
            return kw->token;
    }
    val->name.text = ck_arena_strndup(ctx->arena, text, len);
    val->name.span = ck_pa_span(ctx, loc);
    return CK_TOK_IDENT;
}

void ck_parse_buf_add(ck_parse_ctx *ctx, const char *text, size_t len)
{
    if (ctx->buf_len + len > CK_PARSE_MAX_STRING) {
        if (!ctx->string_bad) {
            ck_parse_error(ctx, (ck_span){ctx->src, (uint32_t)ctx->tok_start, (uint32_t)ctx->tok_start + 1},
                           "string is too long (limit 65536 bytes)", NULL);
            ctx->string_bad = true;
        }
        return;
    }
    if (ctx->buf_len + len + 1 > ctx->buf_cap) {
        size_t cap = ctx->buf_cap ? ctx->buf_cap : 64;
        while (cap < ctx->buf_len + len + 1)
            cap *= 2;
        char *nb = realloc(ctx->buf, cap);
        if (!nb) {
            ctx->string_bad = true;
            return;
        }
        ctx->buf = nb;
        ctx->buf_cap = cap;
    }
    memcpy(ctx->buf + ctx->buf_len, text, len);
    ctx->buf_len += len;
}

void ck_parse_buf_add_codepoint(ck_parse_ctx *ctx, const char *hex4, ck_loc loc)
{
    unsigned cp = (unsigned)strtoul((char[5]){hex4[0], hex4[1], hex4[2], hex4[3], 0}, NULL, 16);
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ck_parse_error(ctx, ck_pa_span(ctx, loc), "invalid \\u escape (NUL or surrogate)", NULL);
        ctx->string_bad = true;
        return;
    }
    char out[3];
    size_t n;
    if (cp < 0x80) {
        out[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    }
    ck_parse_buf_add(ctx, out, n);
}

int ck_parse_string_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc)
{
    if (!ctx->string_bad) {
        if (memchr(ctx->buf ? ctx->buf : "", '\0', ctx->buf_len)) {
            ck_parse_error(ctx, ck_pa_span(ctx, loc), "string contains a NUL byte", NULL);
        } else if (!ck_utf8_valid(ctx->buf ? ctx->buf : "", ctx->buf_len)) {
            ck_parse_error(ctx, ck_pa_span(ctx, loc), "string is not valid UTF-8",
                           "save the policy file as UTF-8");
        }
    }
    val->string = ck_arena_strndup(ctx->arena, ctx->buf ? ctx->buf : "", ctx->buf_len);
    return CK_TOK_STRING;
}

int ck_parse_number_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc, const char *text, size_t len)
{
    /* Numbers in policies are counts, scores and thresholds; 15 digits and 6 decimals are beyond
     * any real one and keep every value exact. */
    if (ck_number_parse(text, len, &val->number) != CK_NUMBER_OK) {
        ck_parse_error(ctx, ck_pa_span(ctx, loc), "number is too long (at most 15 digits, 6 of them after the point)",
                       NULL);
        return ck_parse_bad_literal(ctx, val);
    }
    return CK_TOK_NUMBER;
}

int ck_parse_duration_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc, const char *text, size_t len)
{
    ck_time_status st = ck_duration_parse(text, len, &val->duration);
    if (st == CK_TIME_OK)
        return CK_TOK_DURATION;
    ck_parse_error(ctx, ck_pa_span(ctx, loc),
                   st == CK_TIME_OVERFLOW ? "duration is too large" : "malformed duration",
                   st == CK_TIME_OVERFLOW ? "durations are at most 100000 units (e.g. 100000d)"
                                          : "durations are a positive whole number and a unit: h, d, w, mo or y");
    return ck_parse_bad_literal(ctx, val);
}

int ck_parse_date_token(ck_parse_ctx *ctx, CK_YYSTYPE *val, ck_loc loc, const char *text, size_t len)
{
    ck_time_status st = ck_date_parse(text, len, &val->date);
    if (st == CK_TIME_OK)
        return CK_TOK_DATE;
    ck_parse_error(ctx, ck_pa_span(ctx, loc),
                   st == CK_TIME_IMPOSSIBLE ? "no such date" : "malformed date",
                   "dates are written YYYY-MM-DD, e.g. 2026-11-28");
    return ck_parse_bad_literal(ctx, val);
}

int ck_parse_bad_literal(ck_parse_ctx *ctx, CK_YYSTYPE *val)
{
    (void)ctx;
    memset(val, 0, sizeof *val);
    return CK_TOK_BADLIT;
}

/* The words language version 2 reserved: a version-1 policy may use them as names. */
static bool reserved_in_v2(const char *word)
{
    return strcmp(word, "party") == 0 || strcmp(word, "ensure") == 0 || strcmp(word, "group") == 0;
}

/* A '.' with a digit just before or after it: a decimal number written .5 or 5. */
static bool decimal_point_alone(const ck_parse_ctx *ctx, ck_loc loc)
{
    const char *t = ctx->src->text;
    bool before = loc.start > 0 && isdigit((unsigned char)t[loc.start - 1]);
    bool after = loc.start + 1 < ctx->src->len && isdigit((unsigned char)t[loc.start + 1]);
    return before || after;
}

void ck_parse_bad_char(ck_parse_ctx *ctx, ck_loc loc, char c)
{
    const char *hint = NULL;
    switch (c) {
    case ';': hint = "declarations and rules need no terminator; remove the ';'"; break;
    case '\'': hint = "strings are written in double quotes"; break;
    case '&': hint = "write 'and' to combine conditions"; break;
    case '|': hint = "write 'or' for alternatives"; break;
    case '!': hint = "write 'not' to negate a condition"; break;
    case '-': hint = "names may contain '-' between letters or digits; a negative number has its '-' just before the digits: -3"; break;
    case '[': case ']': hint = "lists of values are written in parentheses: x in (a, b)"; break;
    case '+': hint = "a number has no '+': write 3, not +3"; break;
    default: break;
    }
    char msg[64];
    snprintf(msg, sizeof msg, "unexpected character '%c'", c);
    ck_parse_error(ctx, ck_pa_span(ctx, loc), msg, hint);
}

void ck_parse_bad_bytes(ck_parse_ctx *ctx, ck_loc loc, const char *text, size_t len)
{
    /* A valid UTF-8 character is named by its code point: a pasted non-breaking space or
     * zero-width space is invisible in the excerpt. */
    bool valid;
    size_t n = ck_utf8_char_len(text, len, &valid);
    if (!valid || n < 2)
        n = 0; /* broken UTF-8 or a control byte: no code point to name */
    char msg[96];
    if (n) {
        snprintf(msg, sizeof msg, "unexpected non-ASCII character U+%04X", (unsigned)ck_utf8_codepoint(text, n));
        loc.end = loc.start + (uint32_t)n;
    } else {
        snprintf(msg, sizeof msg, "%s", len == 1 ? "unexpected byte in policy text" : "unexpected bytes in policy text");
    }
    ck_parse_error(ctx, ck_pa_span(ctx, loc), msg, "outside strings and comments, a policy is plain ASCII text");
}

void ck_parse_comment(ck_parse_ctx *ctx, size_t start, size_t end)
{
    ck_comment *c = ck_arena_alloc(ctx->arena, sizeof *c);
    if (!c)
        return;
    c->span = (ck_span){ctx->src, (uint32_t)start, (uint32_t)end};
    size_t i = start;
    while (i > 0 && (ctx->src->text[i - 1] == ' ' || ctx->src->text[i - 1] == '\t'))
        i--;
    c->own_line = i == 0 || ctx->src->text[i - 1] == '\n';
    ck_vec_push(ctx->arena, &ctx->file->comments, c);
}

/* ---- syntax errors ---- */

static bool is_token_class(const char *name)
{
    static const char *const classes[] = {"end of file", "quoted string", "numeric value", "duration value",
                                          "date value",  "name",          "malformed literal", "error"};
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(name, classes[i]) == 0)
            return true;
    return false;
}

static size_t append_symbol(char *buf, size_t at, size_t cap, const char *name)
{
    if (at >= cap)
        return at;
    int n = is_token_class(name) ? snprintf(buf + at, cap - at, "%s", name)
                                 : snprintf(buf + at, cap - at, "'%s'", name);
    return n < 0 ? at : at + (size_t)n;
}

/* When the token at offset is the first on its line, the number of the closest line above
 * that holds code (not blank, not only a '#' comment); else 0. */
static unsigned previous_code_line(const ck_source *src, uint32_t offset)
{
    ck_linecol lc = ck_source_linecol(src, offset);
    size_t len;
    const char *line = ck_source_line(src, lc.line, &len);
    for (const char *p = line; p < src->text + offset; p++)
        if (*p != ' ' && *p != '\t')
            return 0;
    for (unsigned l = lc.line - 1; l >= 1; l--) {
        line = ck_source_line(src, l, &len);
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i < len && line[i] != '#')
            return l;
    }
    return 0;
}

/* Whether the last diagnostic of this file is the scanner's report of a string or comment left
 * open at the end of the file: the parser's "unexpected end of file" would only repeat it. */
static bool open_at_eof_reported(const ck_parse_ctx *ctx)
{
    if (!ctx->diags->list.len)
        return false;
    const ck_diag *last = ctx->diags->list.items[ctx->diags->list.len - 1];
    return last->span.src == ctx->src && strncmp(last->message, "unterminated ", 13) == 0;
}

void ck_pa_syntax_error(ck_parse_ctx *ctx, ck_loc loc, const char *unexpected,
                        const char *const *expected, int n_expected)
{
    char msg[512], hint_buf[128];
    size_t at = 0;
    const char *hint = NULL;
    if (n_expected >= 0 && unexpected) {
        /* The scanner has reported these already; a second message would be a cascade. */
        if (strcmp(unexpected, "malformed literal") == 0)
            return;
        if (strcmp(unexpected, "end of file") == 0 && open_at_eof_reported(ctx))
            return;
    }
    if (n_expected < 0) {
        /* bison's own failure, e.g. its stack exhausted by deep nesting */
        snprintf(msg, sizeof msg, "%s", strcmp(unexpected, "memory exhausted") == 0
                                            ? "policy is nested too deeply to parse"
                                            : unexpected);
        if (strcmp(unexpected, "memory exhausted") == 0)
            hint = "at most 64 levels of parentheses and any/all groups are allowed";
    } else {
        at = (size_t)snprintf(msg, sizeof msg, "unexpected ");
        at = append_symbol(msg, at, sizeof msg, unexpected ? unexpected : "input");
        /* Name the word or literal: "unexpected name 'low'" says which one. */
        static const char *const quoted[] = {"name", "numeric value", "duration value", "date value"};
        for (size_t q = 0; unexpected && q < sizeof quoted / sizeof quoted[0]; q++) {
            if (strcmp(unexpected, quoted[q]) == 0 && loc.end > loc.start && loc.end <= ctx->src->len &&
                at < sizeof msg) {
                int n = (int)(loc.end - loc.start);
                at += (size_t)snprintf(msg + at, sizeof msg - at, " '%.*s%s'", n > 40 ? 40 : n,
                                       ctx->src->text + loc.start, n > 40 ? "..." : "");
            }
        }
        for (int i = 0; i < n_expected && at < sizeof msg; i++) {
            at += (size_t)snprintf(msg + at, sizeof msg - at, "%s",
                                   i == 0 ? ", expected " : i == n_expected - 1 ? " or " : ", ");
            at = append_symbol(msg, at, sizeof msg, expected[i]);
        }
        bool wants_close = false, wants_name = false;
        for (int i = 0; i < n_expected; i++) {
            if (strcmp(expected[i], "}") == 0)
                wants_close = true;
            if (strcmp(expected[i], "name") == 0)
                wants_name = true;
        }
        /* "unexpected 'require', expected '{'" at the start of a line: the '{' belongs at the
         * end of the line before, which is where to look. Of several, a ')' is the likely one. */
        const char *missing = n_expected == 1 ? expected[0] : NULL;
        for (int i = 0; i < n_expected && !missing; i++)
            if (strcmp(expected[i], ")") == 0)
                missing = expected[i];
        unsigned prev_line = missing ? previous_code_line(ctx->src, loc.start) : 0;
        if (prev_line && !(unexpected && strcmp(unexpected, "end of file") == 0)) {
            snprintf(hint_buf, sizeof hint_buf, "is %s%s%s missing at the end of line %u?",
                     is_token_class(missing) ? "a " : "'", missing, is_token_class(missing) ? "" : "'", prev_line);
            hint = hint_buf;
        } else if (unexpected && strcmp(unexpected, "end of file") == 0 && wants_close)
            hint = "a '{' is not closed";
        else if (unexpected && strcmp(unexpected, "end of file") == 0)
            hint = "the file ends in the middle of a declaration: is it complete?";
        /* a version-1 policy may use the words version 2 reserved, in a condition too (where too
         * much is expected to list): say why it no longer compiles */
        else if (unexpected && ck_parse_is_keyword(unexpected) && (wants_name || (n_expected == 0 && reserved_in_v2(unexpected)))) {
            bool v2 = reserved_in_v2(unexpected);
            snprintf(hint_buf, sizeof hint_buf, "'%s' is a reserved word%s and cannot be used as a name%s", unexpected,
                     v2 ? " since language version 2" : "", v2 ? ": rename it" : "");
            hint = hint_buf;
        } else if (unexpected && strcmp(unexpected, ".") == 0 && decimal_point_alone(ctx, loc)) {
            hint = "a decimal number has digits on both sides of its point: 0.5, 5.0";
        } else if (unexpected && strcmp(unexpected, "=") == 0) {
            bool wants_cmp = n_expected == 0; /* too many to list: a condition */
            for (int i = 0; i < n_expected; i++)
                if (strcmp(expected[i], "==") == 0)
                    wants_cmp = true;
            hint = wants_cmp ? "comparisons use '==', assignments appear only in tier attributes and tests"
                             : "no '=' belongs here: remove it";
        }
    }
    ck_parse_error(ctx, ck_pa_span(ctx, loc), msg, hint);
}

/* ---- AST construction ---- */

static void *node(ck_parse_ctx *ctx, size_t size) { return ck_arena_alloc(ctx->arena, size); }

void ck_pa_push(ck_parse_ctx *ctx, ck_vec *vec, void *item)
{
    if (item)
        ck_vec_push(ctx->arena, vec, item);
}

ck_name *ck_pa_name(ck_parse_ctx *ctx, const ck_name *name)
{
    ck_name *n = node(ctx, sizeof *n);
    if (n)
        *n = *name;
    return n;
}

static ck_decl *new_decl(ck_parse_ctx *ctx, ck_decl_kind kind, ck_loc loc)
{
    ck_decl *d = node(ctx, sizeof *d);
    if (!d)
        return NULL;
    d->kind = kind;
    d->span = ck_pa_span(ctx, loc);
    ck_vec_push(ctx->arena, &ctx->file->decls, d);
    return d;
}

void ck_pa_policy(ck_parse_ctx *ctx, char *name, ck_loc name_loc, ck_loc loc)
{
    ck_decl *d = new_decl(ctx, CK_DECL_POLICY, loc);
    if (!d)
        return;
    d->title = name;
    d->title_span = ck_pa_span(ctx, name_loc);
    ctx->cur = d;
}

void ck_pa_policy_attr(ck_parse_ctx *ctx, int which, char *text, const ck_date *date, ck_loc loc)
{
    ck_decl *d = ctx->cur;
    if (!d || d->kind != CK_DECL_POLICY)
        return;
    const char *what = NULL;
    if (which == CK_TOK_KW_VERSION) {
        if (d->version)
            what = "version";
        d->version = text;
    } else if (which == CK_TOK_KW_OWNER) {
        if (d->owner)
            what = "owner";
        d->owner = text;
    } else {
        if (d->has_effective)
            what = "effective date";
        d->has_effective = true;
        d->effective = *date;
    }
    d->span.end = loc.end;
    if (what) {
        char msg[64];
        snprintf(msg, sizeof msg, "the policy's %s is given twice", what);
        ck_parse_error(ctx, ck_pa_span(ctx, loc), msg, NULL);
    }
}

void ck_pa_import(ck_parse_ctx *ctx, char *path, ck_loc path_loc, ck_loc loc)
{
    ck_decl *d = new_decl(ctx, CK_DECL_IMPORT, loc);
    if (!d)
        return;
    d->title = path;
    d->title_span = ck_pa_span(ctx, path_loc);
    ctx->cur = NULL;
}

void ck_pa_begin(ck_parse_ctx *ctx, ck_decl_kind kind, const ck_name *name, ck_loc loc)
{
    ck_decl *d = new_decl(ctx, kind, loc);
    if (d && name)
        d->name = *name;
    ctx->cur = d;
}

void ck_pa_begin_titled(ck_parse_ctx *ctx, ck_decl_kind kind, const ck_name *name, char *title,
                        ck_loc title_loc, ck_loc loc)
{
    ck_pa_begin(ctx, kind, name, loc);
    if (ctx->cur) {
        ctx->cur->title = title;
        ctx->cur->title_span = ck_pa_span(ctx, title_loc);
    }
}

void ck_pa_end(ck_parse_ctx *ctx, ck_loc loc)
{
    if (ctx->cur)
        ctx->cur->span.end = loc.end;
    ctx->cur = NULL;
}

void ck_pa_tiers(ck_parse_ctx *ctx, ck_vec *names, ck_loc loc)
{
    ck_decl *d = new_decl(ctx, CK_DECL_TIERS, loc);
    if (d)
        d->names = *names;
    ctx->cur = NULL;
}

void ck_pa_tier_attr(ck_parse_ctx *ctx, ck_field_decl *field, ck_loc loc)
{
    ck_decl *d = new_decl(ctx, CK_DECL_TIER_ATTR, loc);
    if (d && field) {
        d->name = field->name;
        ck_vec_push(ctx->arena, &d->fields, field);
    }
    ctx->cur = NULL;
}

void ck_pa_tier_has(ck_parse_ctx *ctx, const ck_name *tier, ck_vec *assigns, ck_loc loc)
{
    ck_decl *d = new_decl(ctx, CK_DECL_TIER_HAS, loc);
    if (d) {
        d->name = *tier;
        d->assigns = *assigns;
    }
    ctx->cur = NULL;
}

void ck_pa_tier_rule(ck_parse_ctx *ctx, const ck_name *tier, ck_expr *cond, ck_loc loc)
{
    ck_decl *d = new_decl(ctx, CK_DECL_TIER_RULE, loc);
    if (d) {
        d->name = *tier;
        d->cond = cond;
    }
    ctx->cur = NULL;
}

void ck_pa_require(ck_parse_ctx *ctx, const ck_name *id, char *title, ck_loc title_loc,
                   const ck_tier_range *range, ck_expr *when, ck_loc loc)
{
    ck_pa_begin_titled(ctx, CK_DECL_REQUIRE, id, title, title_loc, loc);
    if (ctx->cur) {
        ctx->cur->range = *range;
        ctx->cur->when = when;
    }
}

ck_field_decl *ck_pa_field(ck_parse_ctx *ctx, const ck_name *name, ck_type_expr *type,
                           char *description, ck_loc loc)
{
    ck_field_decl *f = node(ctx, sizeof *f);
    if (!f)
        return NULL;
    f->name = *name;
    f->type = type;
    f->description = description;
    f->span = ck_pa_span(ctx, loc);
    ctx->last_field = f;
    return f;
}

void ck_pa_add_field(ck_parse_ctx *ctx, ck_field_decl *field)
{
    if (ctx->cur && field)
        ck_vec_push(ctx->arena, &ctx->cur->fields, field);
}

ck_type_expr *ck_pa_type(ck_parse_ctx *ctx, ck_type_kind kind, ck_loc loc)
{
    ck_type_expr *t = node(ctx, sizeof *t);
    if (!t)
        return NULL;
    t->kind = kind;
    t->span = ck_pa_span(ctx, loc);
    return t;
}

ck_assign *ck_pa_assign(ck_parse_ctx *ctx, const ck_name *name, ck_expr *value, ck_loc loc)
{
    ck_assign *a = node(ctx, sizeof *a);
    if (!a)
        return NULL;
    a->name = *name;
    a->value = value;
    a->span = ck_pa_span(ctx, loc);
    return a;
}

/* mentions "a" or "b", "c": the word must be `mentions` (it is no reserved word, so that no
 * policy's names break); anything else after a name in a clause is a parameter missing its ':'. */
void ck_pa_mentions(ck_parse_ctx *ctx, const ck_name *word, ck_vec *mentions, ck_loc loc)
{
    (void)loc;
    static const char *const item[] = {"mentions"};
    if (strcmp(word->text, "mentions") != 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "unknown clause item '%.100s'", word->text);
        if (ck_closest(word->text, item, 1))
            ck_parse_error(ctx, word->span, msg, "did you mean 'mentions'?");
        else
            ck_parse_error(ctx, word->span, "expected ':' and a type after the parameter name",
                           "a parameter is written name : type \"description\"; the words its section must contain, "
                           "mentions \"words\"");
        return;
    }
    for (size_t i = 0; ctx->cur && i < mentions->len; i++)
        if (mentions->items[i])
            ck_vec_push(ctx->arena, &ctx->cur->mentions, mentions->items[i]);
}

ck_mention *ck_pa_mention(ck_parse_ctx *ctx, ck_vec *alts, ck_loc loc)
{
    ck_mention *m = node(ctx, sizeof *m);
    if (!m)
        return NULL;
    m->alts = *alts;
    m->span = ck_pa_span(ctx, loc);
    return m;
}

ck_name *ck_pa_phrase(ck_parse_ctx *ctx, char *text, ck_loc loc)
{
    return ck_pa_name(ctx, &(ck_name){text, ck_pa_span(ctx, loc)});
}

void ck_pa_valid_for(ck_parse_ctx *ctx, ck_duration d, ck_loc loc)
{
    if (!ctx->cur)
        return;
    if (ctx->cur->has_valid_for)
        ck_parse_error(ctx, ck_pa_span(ctx, loc), "validity period given twice", NULL);
    ctx->cur->has_valid_for = true;
    ctx->cur->valid_for = d;
}

void ck_pa_independent(ck_parse_ctx *ctx, ck_loc loc)
{
    (void)loc;
    if (ctx->cur)
        ctx->cur->independent = true;
}

void ck_pa_depths(ck_parse_ctx *ctx, ck_vec *names, ck_loc loc)
{
    if (!ctx->cur)
        return;
    if (ctx->cur->names.len)
        ck_parse_error(ctx, ck_pa_span(ctx, loc), "the questionnaire's depths are given twice", NULL);
    ctx->cur->names = *names;
}

void ck_pa_question_expect(ck_parse_ctx *ctx, ck_cmp_op op, ck_expr *value)
{
    if (!ctx->last_field)
        return;
    ctx->last_field->has_expect = true;
    ctx->last_field->expect_op = op;
    ctx->last_field->expect = value;
}

void ck_pa_question_from(ck_parse_ctx *ctx, const ck_name *depth)
{
    if (ctx->last_field)
        ctx->last_field->from_depth = *depth;
}

static unsigned rule_depth(const ck_rule *r) { return r ? r->depth : 0; }

static void check_rule_depth(ck_parse_ctx *ctx, ck_rule *r)
{
    if (r->depth > CK_PARSE_MAX_NESTING && !ctx->nesting_reported) {
        ctx->nesting_reported = true;
        ck_parse_error(ctx, r->span, "rules are nested too deeply (more than 64 levels)",
                       "flatten nested any/all groups");
    }
}

void ck_pa_add_rule(ck_parse_ctx *ctx, ck_vec *list, ck_rule *rule, ck_expr *guard,
                    bool otherwise, ck_loc loc)
{
    if (!rule)
        return;
    if (!list) {
        if (!ctx->cur || ctx->cur->kind != CK_DECL_REQUIRE)
            return;
        list = &ctx->cur->rules;
    }
    if (!guard && !otherwise) {
        ck_vec_push(ctx->arena, list, rule);
        return;
    }
    ck_rule *last = list->len ? list->items[list->len - 1] : NULL;
    ck_rule *choice;
    if (last && last->kind == CK_RULE_CHOICE && !last->closed) {
        choice = last;
    } else if (otherwise) {
        ck_parse_error(ctx, ck_pa_span(ctx, loc), "'otherwise' without a preceding 'when' rule",
                       "write 'RULE when CONDITION' before the 'otherwise' rule, or drop 'otherwise'");
        ck_vec_push(ctx->arena, list, rule);
        return;
    } else {
        choice = node(ctx, sizeof *choice);
        if (!choice)
            return;
        choice->kind = CK_RULE_CHOICE;
        choice->span = ck_pa_span(ctx, loc);
        ck_vec_push(ctx->arena, list, choice);
    }
    ck_guard_arm *arm = node(ctx, sizeof *arm);
    if (!arm)
        return;
    arm->rule = rule;
    arm->cond = guard;
    arm->span = ck_pa_span(ctx, loc);
    ck_vec_push(ctx->arena, &choice->children, arm);
    choice->span.end = loc.end;
    if (rule_depth(rule) + 1 > choice->depth)
        choice->depth = rule_depth(rule) + 1;
    if (otherwise)
        choice->closed = true;
}

void ck_pa_severity(ck_parse_ctx *ctx, const ck_name *severity, ck_loc loc)
{
    ck_decl *d = ctx->cur;
    if (!d)
        return;
    if (d->has_severity) {
        char first[256];
        ck_linecol lc = ck_source_linecol(d->severity_span.src, d->severity_span.start);
        snprintf(first, sizeof first, "it was first given at %s:%u:%u; keep one", d->severity_span.src->path,
                 lc.line, lc.col);
        ck_parse_error(ctx, ck_pa_span(ctx, loc), "severity given twice", first);
    }
    int sev = ck_severity_find(severity->text);
    if (sev >= 0) {
        d->has_severity = true;
        d->severity = (ck_severity)sev;
        d->severity_span = ck_pa_span(ctx, loc);
        return;
    }
    const char *names[CK_SEV_COUNT];
    for (int i = 0; i < CK_SEV_COUNT; i++)
        names[i] = ck_severity_name((ck_severity)i);
    const char *close = ck_closest(severity->text, names, CK_SEV_COUNT);
    char hint[96];
    if (close)
        snprintf(hint, sizeof hint, "did you mean '%s'?", close);
    else
        snprintf(hint, sizeof hint, "severity is one of: error, warning, info");
    ck_parse_error(ctx, severity->span, "unknown severity", hint);
}

void ck_pa_group_of(ck_parse_ctx *ctx, const ck_name *group, ck_loc loc)
{
    ck_decl *d = ctx->cur;
    if (!d)
        return;
    if (d->group.text) {
        ck_linecol lc = ck_source_linecol(d->group.span.src, d->group.span.start);
        char first[256];
        snprintf(first, sizeof first, "it is in group %s at line %u; a requirement belongs to one group", d->group.text,
                 lc.line);
        ck_parse_error(ctx, ck_pa_span(ctx, loc), "group given twice", first);
        return;
    }
    d->group = *group;
}

void ck_pa_text(ck_parse_ctx *ctx, int which, char *text, ck_loc loc)
{
    ck_decl *d = ctx->cur;
    if (!d)
        return;
    ck_span span = ck_pa_span(ctx, loc);
    if (which == CK_TOK_KW_REF) {
        ck_span *at = node(ctx, sizeof *at);
        if (!at)
            return;
        *at = span;
        ck_vec_push(ctx->arena, &d->refs, text);
        ck_vec_push(ctx->arena, &d->ref_spans, at);
        return;
    }
    char **slot = which == CK_TOK_KW_RATIONALE ? &d->rationale : &d->remediation;
    if (*slot)
        ck_parse_error(ctx, span,
                       which == CK_TOK_KW_RATIONALE ? "rationale given twice" : "remediation given twice",
                       "join the texts into one string");
    *slot = text;
    *(which == CK_TOK_KW_RATIONALE ? &d->rationale_span : &d->remediation_span) = span;
}

ck_rule *ck_pa_rule(ck_parse_ctx *ctx, ck_rule_kind kind, const ck_name *target, ck_loc loc)
{
    ck_rule *r = node(ctx, sizeof *r);
    if (!r)
        return NULL;
    r->kind = kind;
    r->span = ck_pa_span(ctx, loc);
    if (target)
        r->target = *target;
    return r;
}

ck_rule *ck_pa_rule_or(ck_parse_ctx *ctx, ck_rule *lhs, ck_rule *rhs, ck_loc loc)
{
    if (!lhs || !rhs)
        return lhs ? lhs : rhs;
    ck_rule *any = lhs;
    if (!(lhs->kind == CK_RULE_ANY && !lhs->braced)) {
        any = ck_pa_rule(ctx, CK_RULE_ANY, NULL, loc);
        if (!any)
            return NULL;
        ck_vec_push(ctx->arena, &any->children, lhs);
        any->depth = lhs->depth + 1;
    }
    ck_vec_push(ctx->arena, &any->children, rhs);
    any->span = ck_pa_span(ctx, loc);
    if (rhs->depth + 1 > any->depth)
        any->depth = rhs->depth + 1;
    return any;
}

ck_rule *ck_pa_date_rule(ck_parse_ctx *ctx, const ck_name *field, ck_expr *limit,
                         ck_loc section_loc, ck_loc loc)
{
    ck_rule *r = ck_pa_rule(ctx, CK_RULE_DATE, NULL, loc);
    if (!r)
        return NULL;
    r->target.text = "contract";
    r->target.span = ck_pa_span(ctx, section_loc);
    r->field = *field;
    r->limit = limit;
    return r;
}

ck_rule *ck_pa_group(ck_parse_ctx *ctx, ck_rule_kind kind, ck_vec *children, ck_loc loc)
{
    ck_rule *r = ck_pa_rule(ctx, kind, NULL, loc);
    if (!r)
        return NULL;
    r->children = *children;
    r->braced = true;
    for (size_t i = 0; i < children->len; i++) {
        ck_rule *c = children->items[i];
        if (c->depth + 1 > r->depth)
            r->depth = c->depth + 1;
    }
    if (r->depth == 0)
        r->depth = 1;
    check_rule_depth(ctx, r);
    return r;
}

ck_param_test *ck_pa_param(ck_parse_ctx *ctx, const ck_name *param, ck_cmp_op op, ck_expr *value,
                           ck_loc loc)
{
    ck_param_test *p = node(ctx, sizeof *p);
    if (!p)
        return NULL;
    p->param = *param;
    p->op = op;
    p->value = value;
    p->span = ck_pa_span(ctx, loc);
    return p;
}

/* for each|some|no KIND ... and for at least|most N KIND ...: the words are names elsewhere. */
ck_rule *ck_pa_quantifier(ck_parse_ctx *ctx, const char *word, ck_loc word_loc, const ck_number *count,
                          ck_loc count_loc, const ck_name *kind, ck_expr *filter, ck_rule *block, ck_loc loc)
{
    static const char *const words[] = {[CK_QUANT_EACH] = "each", [CK_QUANT_SOME] = "some", [CK_QUANT_NO] = "no",
                                        [CK_QUANT_AT_LEAST] = "least", [CK_QUANT_AT_MOST] = "most"};
    int q = -1;
    for (int i = count ? CK_QUANT_AT_LEAST : CK_QUANT_EACH; word && i <= (count ? CK_QUANT_AT_MOST : CK_QUANT_NO); i++)
        if (strcmp(word, words[i]) == 0)
            q = i;
    if (q < 0 && count) {
        ck_parse_error(ctx, ck_pa_span(ctx, word_loc), "expected 'least' or 'most' after 'for at'",
                       "write: for at least 2 KIND ..., or for at most 2 KIND ...");
        return NULL;
    }
    if (q < 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "'for %.64s' is not a quantifier", word);
        ck_parse_error(ctx, ck_pa_span(ctx, word_loc), msg,
                       strcmp(word, "all") == 0 || strcmp(word, "every") == 0
                           ? "write: for each KIND { rules each must meet }"
                           : "write: for each, for some, for no, for at least N or for at most N, then the kind of "
                             "party");
        return NULL;
    }
    if (count && (count->scale || count->coef < 0)) {
        char msg[160];
        snprintf(msg, sizeof msg, "a count of parties is a whole number, 0 or more, not %.*s",
                 (int)(count_loc.end - count_loc.start), ctx->src->text + count_loc.start);
        ck_parse_error(ctx, ck_pa_span(ctx, count_loc), msg, NULL);
        return NULL;
    }
    ck_rule *r = ck_pa_rule(ctx, CK_RULE_QUANT, kind, loc);
    if (!r)
        return NULL;
    r->quant = (ck_quant)q;
    r->count = count ? count->coef : 0;
    r->cond = filter;
    if (block) {
        r->has_block = true;
        r->children = block->children;
        r->depth = block->depth;
    } else {
        r->depth = 1;
    }
    check_rule_depth(ctx, r);
    return r;
}

ck_expr *ck_pa_filter(ck_parse_ctx *ctx, const ck_name *word, ck_expr *filter)
{
    if (strcmp(word->text, "where") != 0)
        ck_parse_error(ctx, word->span, "expected 'where' or '{' after the kind of party",
                       "write: for each KIND where CONDITION { ... }");
    return filter;
}

ck_evidence_qual *ck_pa_bare_qual(ck_parse_ctx *ctx, const ck_name *name)
{
    char msg[200], hint[240];
    snprintf(msg, sizeof msg, "'%.64s' is not an evidence qualifier: an attribute needs a comparison", name->text);
    snprintf(hint, sizeof hint, "write %.64s == true (or another comparison), not expired, independent, or DATE within "
             "DURATION", name->text);
    ck_parse_error(ctx, name->span, msg, hint);
    return NULL;
}

ck_evidence_qual *ck_pa_qual(ck_parse_ctx *ctx, ck_evq_kind kind, const ck_name *field,
                             ck_expr *limit, ck_loc loc)
{
    ck_evidence_qual *q = node(ctx, sizeof *q);
    if (!q)
        return NULL;
    q->kind = kind;
    q->span = ck_pa_span(ctx, loc);
    if (field)
        q->field = *field;
    q->limit = limit;
    return q;
}

void ck_pa_as_of(ck_parse_ctx *ctx, ck_date date, ck_loc loc)
{
    if (!ctx->cur)
        return;
    if (ctx->cur->has_as_of)
        ck_parse_error(ctx, ck_pa_span(ctx, loc), "'as of' date given twice", NULL);
    ctx->cur->has_as_of = true;
    ctx->cur->as_of = date;
}

void ck_pa_expect(ck_parse_ctx *ctx, bool tier, bool nothing, const ck_name *req,
                  const ck_name *kind, ck_loc kw_loc, ck_loc loc)
{
    (void)kw_loc;
    if (!ctx->cur)
        return;
    ck_expectation *e = node(ctx, sizeof *e);
    if (!e)
        return;
    e->is_tier = tier;
    e->nothing = nothing;
    if (req)
        e->req = *req;
    if (kind)
        e->kind = *kind;
    e->span = ck_pa_span(ctx, (ck_loc){kw_loc.start, loc.end});
    ck_vec_push(ctx->arena, &ctx->cur->expects, e);
}

ck_fact *ck_pa_new_fact(ck_parse_ctx *ctx, ck_fact_kind kind, const ck_name *target, ck_vec *assigns,
                        ck_loc kw_loc, ck_loc loc)
{
    ck_fact *f = node(ctx, sizeof *f);
    if (!f)
        return NULL;
    f->kind = kind;
    if (target)
        f->target = *target;
    f->assigns = *assigns;
    f->span = ck_pa_span(ctx, (ck_loc){kw_loc.start, loc.end});
    return f;
}

ck_fact *ck_pa_party_fact(ck_parse_ctx *ctx, const ck_name *kind, const ck_name *id, ck_vec *assigns, ck_vec *facts,
                          ck_loc kw_loc, ck_loc loc)
{
    ck_fact *f = ck_pa_new_fact(ctx, CK_FACT_PARTY, kind, assigns, kw_loc, loc);
    if (f) {
        f->id = *id;
        f->facts = *facts;
    }
    return f;
}

void ck_pa_push_fact(ck_parse_ctx *ctx, ck_vec *list, ck_fact *fact)
{
    if (!fact)
        return;
    if (list)
        ck_pa_push(ctx, list, fact);
    else if (ctx->cur)
        ck_pa_push(ctx, &ctx->cur->facts, fact);
}

void ck_pa_fact(ck_parse_ctx *ctx, ck_fact_kind kind, const ck_name *target, ck_vec *assigns,
                ck_loc kw_loc, ck_loc loc)
{
    ck_pa_push_fact(ctx, NULL, ck_pa_new_fact(ctx, kind, target, assigns, kw_loc, loc));
}

ck_expr *ck_pa_expr(ck_parse_ctx *ctx, ck_expr_kind kind, ck_loc loc)
{
    ck_expr *e = node(ctx, sizeof *e);
    if (!e)
        return NULL;
    e->kind = kind;
    e->span = ck_pa_span(ctx, loc);
    e->ref = -1;
    e->depth = 1;
    return e;
}

ck_expr *ck_pa_bool(ck_parse_ctx *ctx, bool value, ck_loc loc)
{
    ck_expr *e = ck_pa_expr(ctx, CK_EX_BOOL, loc);
    if (e)
        e->u.boolean = value;
    return e;
}

static void note_depth(ck_parse_ctx *ctx, ck_expr *e, unsigned child_depth)
{
    e->depth = child_depth + 1;
    if (e->depth > CK_PARSE_MAX_NESTING && !ctx->nesting_reported) {
        ctx->nesting_reported = true;
        ck_parse_error(ctx, e->span, "condition is nested too deeply (more than 64 levels)",
                       "split the condition, or remove redundant parentheses");
    }
}

ck_expr *ck_pa_binary(ck_parse_ctx *ctx, ck_expr_kind kind, ck_expr *lhs, ck_expr *rhs,
                      ck_cmp_op op, ck_loc loc)
{
    if (!lhs || !rhs)
        return lhs ? lhs : rhs;
    ck_expr *e = ck_pa_expr(ctx, kind, loc);
    if (!e)
        return NULL;
    e->u.bin.lhs = lhs;
    e->u.bin.rhs = rhs;
    e->u.bin.op = op;
    unsigned child = lhs->depth > rhs->depth ? lhs->depth : rhs->depth;
    /* A long flat chain 'a or b or c ...' is as deep as it is long: say so, not "nested". */
    if ((kind == CK_EX_OR || kind == CK_EX_AND) && lhs->kind == kind && lhs->depth >= rhs->depth &&
        child + 1 > CK_PARSE_MAX_NESTING && !ctx->nesting_reported) {
        ctx->nesting_reported = true;
        e->depth = child + 1;
        ck_parse_error(ctx, e->span,
                       kind == CK_EX_OR ? "condition has too many 'or' terms (more than 64)"
                                        : "condition has too many 'and' terms (more than 64)",
                       kind == CK_EX_OR ? "for alternative values of one field write FIELD in (A, B, ...); "
                                          "otherwise split the condition over several rules"
                                        : "split the condition over several rules");
        return e;
    }
    note_depth(ctx, e, child);
    return e;
}

ck_expr *ck_pa_unary(ck_parse_ctx *ctx, ck_expr_kind kind, ck_expr *operand, ck_loc loc)
{
    if (!operand)
        return NULL;
    ck_expr *e = ck_pa_expr(ctx, kind, loc);
    if (!e)
        return NULL;
    e->u.operand = operand;
    note_depth(ctx, e, operand->depth);
    return e;
}

ck_expr *ck_pa_in(ck_parse_ctx *ctx, ck_expr *lhs, ck_vec *items, ck_loc loc)
{
    if (!lhs)
        return NULL;
    ck_expr *e = ck_pa_expr(ctx, CK_EX_IN, loc);
    if (!e)
        return NULL;
    e->u.in.lhs = lhs;
    e->u.in.items = *items;
    note_depth(ctx, e, lhs->depth);
    return e;
}

/* ---- driver ---- */

/* Offset of the first byte of binary data in the first 4 KiB when they are mostly not text
 * (control bytes, invalid UTF-8), or -1: such a file is refused with one error, not a flood. */
static long binary_at(const ck_source *src)
{
    size_t n = src->len < 4096 ? src->len : 4096, bad = 0;
    long first = -1;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)src->text[i];
        size_t len = 0;
        if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f))
            len = 1;
        else if (c >= 0x80)
            for (size_t k = 2; k <= 4 && !len && i + k <= src->len; k++)
                if (ck_utf8_valid(src->text + i, k))
                    len = k;
        if (!len) {
            bad++;
            if (first < 0)
                first = (long)i;
            len = 1;
        }
        i += len;
    }
    return bad >= 8 && bad * 10 > n ? first : -1;
}

int ck_parse_file(ck_arena *arena, const ck_source *src, ck_diags *diags, ck_file **out)
{
    ck_file *file = ck_arena_alloc(arena, sizeof *file);
    if (!file)
        return -1;
    file->src = src;
    ck_parse_ctx ctx = {.src = src, .arena = arena, .diags = diags, .file = file};
    long bin = binary_at(src);
    if (bin >= 0) {
        ck_parse_error(&ctx, (ck_span){src, (uint32_t)bin, (uint32_t)bin + 1},
                       "unexpected binary data: the policy file is not text", "name a .policy text file");
        *out = file;
        return 1;
    }
    yyscan_t scanner;
    if (ck_yylex_init_extra(&ctx, &scanner) != 0)
        return -1;
    /* A UTF-8 byte-order mark is accepted and skipped, as editors add one. */
    size_t skip = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    ctx.offset = skip;
    YY_BUFFER_STATE buf = ck_yy_scan_bytes(src->text + skip, (int)(src->len - skip), scanner);
    /* yyparse returns 2 when its stack is exhausted, which deep nesting causes
     * and which has been reported as an error; only a failed scan_bytes is OOM. */
    int rc = buf ? ck_yyparse(scanner, &ctx) : -1;
    if (buf)
        ck_yy_delete_buffer(buf, scanner);
    ck_yylex_destroy(scanner);
    free(ctx.buf);
    *out = file;
    if (rc < 0)
        return -1;
    return ctx.syntax_errors || rc != 0 ? 1 : 0;
}
