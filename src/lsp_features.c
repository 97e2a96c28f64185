/* The language server's answers about one open policy, built from its syntax trees, its symbol
 * index and a compile of its text, as LSP JSON values. */
#include "lsp_features.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fmt.h"
#include "lsp_uri.h"
#include "parse.h"
#include "policy.h"
#include "record_schema.h"
#include "textutil.h"
#include "timeval.h"

/* ---- analysis ---- */

void ck_lsp_doc_release(ck_lsp_doc *doc)
{
    ck_arena_free(doc->arena);
    doc->arena = NULL;
    doc->files = (ck_vec){0};
    doc->root = NULL;
    doc->src = NULL;
    doc->syms = (ck_symbols){0};
}

int ck_lsp_doc_analyse(ck_lsp_doc *doc)
{
    ck_lsp_doc_release(doc);
    ck_diags diags; /* the parse's own diagnostics are not wanted: ck_lsp_diagnostics compiles */
    if (!(doc->arena = ck_arena_new()) || ck_diags_init(&diags) != 0)
        return -1;
    ck_policy_input in = {.path = doc->path, .text = doc->text, .len = doc->len,
                          .imports_beside_path = doc->on_disk};
    int rc = ck_policy_load_files(&in, 1, NULL, doc->arena, &diags, &doc->files);
    ck_diags_fini(&diags);
    if (rc < 0)
        return -1;
    /* imports come before their importer: the text's own tree is the last one, if it loaded */
    doc->root = doc->files.len ? doc->files.items[doc->files.len - 1] : NULL;
    doc->src = doc->root ? doc->root->src : ck_source_from_text(doc->arena, doc->path, doc->text, doc->len);
    if (!doc->src)
        return -1;
    return ck_symbols_build(doc->arena, &doc->files, &doc->syms);
}

/* ---- JSON pieces ---- */

/* A JSON string of policy text, which may hold bytes that are not UTF-8 (a file read from disk):
 * each maximal invalid subpart becomes U+FFFD, as an editor shows it. */
static json_t *text_json(const char *s)
{
    size_t len = strlen(s);
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    char *buf = malloc(3 * len + 1);
    if (!buf)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        bool valid;
        size_t k = ck_utf8_char_len(s + i, len - i, &valid);
        if (valid) {
            memcpy(buf + n, s + i, k);
            n += k;
        } else {
            memcpy(buf + n, "\xef\xbf\xbd", 3);
            n += 3;
        }
        i += k;
    }
    j = json_stringn(buf, n);
    free(buf);
    return j;
}

static json_t *pos_json(const ck_source *src, uint32_t offset)
{
    ck_lsp_pos p = ck_lsp_pos_from_offset(src, offset);
    return json_pack("{s:I,s:I}", "line", (json_int_t)p.line, "character", (json_int_t)p.character);
}

static json_t *range_json(const ck_source *src, uint32_t start, uint32_t end)
{
    return json_pack("{s:o,s:o}", "start", pos_json(src, start), "end", pos_json(src, end));
}

/* The URI of a source: the client's own for the open text, a file: URI for an imported file. */
static json_t *uri_json(const ck_lsp_doc *doc, const ck_source *src)
{
    if (src == doc->src)
        return json_string(doc->uri);
    char real[PATH_MAX];
    char *uri = ck_lsp_path_to_uri(realpath(src->path, real) ? real : src->path);
    json_t *j = uri ? json_string(uri) : NULL;
    free(uri);
    return j;
}

static json_t *location_json(const ck_lsp_doc *doc, ck_span span)
{
    return json_pack("{s:o,s:o}", "uri", uri_json(doc, span.src), "range",
                     range_json(span.src, span.start, span.end));
}

/* Text written with stdio into a JSON string (NULL when out of memory). */
typedef struct {
    char *buf;
    size_t len;
    FILE *f;
} textbuf;

static FILE *tb_open(textbuf *tb)
{
    *tb = (textbuf){0};
    return tb->f = open_memstream(&tb->buf, &tb->len);
}

static json_t *tb_json(textbuf *tb)
{
    json_t *j = NULL;
    if (tb->f && fclose(tb->f) == 0 && tb->buf)
        j = text_json(tb->buf);
    free(tb->buf);
    return j;
}

/* ---- diagnostics ---- */

/* Position of f in doc->files, or -1. */
static long file_index(const ck_lsp_doc *doc, const ck_file *f)
{
    for (size_t i = 0; i < doc->files.len; i++)
        if (doc->files.items[i] == f)
            return (long)i;
    return -1;
}

/* Whether path is f or one of the files f imports, directly or not (seen bounds the walk: the
 * import graph has no cycles, but shared imports would otherwise be walked once per path). */
static bool reaches(const ck_lsp_doc *doc, const ck_file *f, const char *path, bool *seen)
{
    long at = file_index(doc, f);
    if (at < 0 || seen[at])
        return false;
    seen[at] = true;
    if (strcmp(f->src->path, path) == 0)
        return true;
    for (size_t i = 0; i < f->decls.len; i++) {
        const ck_decl *d = f->decls.items[i];
        if (d->kind == CK_DECL_IMPORT && d->imported && reaches(doc, d->imported, path, seen))
            return true;
    }
    return false;
}

/* The import of the open text through which the file at path was loaded, or NULL. */
static const ck_decl *import_leading_to(const ck_lsp_doc *doc, const char *path)
{
    if (!doc->root || !path)
        return NULL;
    bool *seen = calloc(doc->files.len + 1, 1);
    const ck_decl *found = NULL;
    for (size_t i = 0; seen && !found && i < doc->root->decls.len; i++) {
        const ck_decl *d = doc->root->decls.items[i];
        if (d->kind == CK_DECL_IMPORT && d->imported) {
            memset(seen, 0, doc->files.len + 1);
            if (reaches(doc, d->imported, path, seen))
                found = d;
        }
    }
    free(seen);
    return found;
}

static json_t *diag_json(const ck_lsp_doc *doc, const ck_diag *d)
{
    static const int severity[] = {[CK_DIAG_ERROR] = 1, [CK_DIAG_WARNING] = 2, [CK_DIAG_NOTE] = 3};
    const ck_source *src = d->span.src;
    const char *path = src ? src->path : d->path;
    textbuf msg;
    FILE *m = tb_open(&msg);
    json_t *range, *related = NULL;
    if (path && strcmp(path, doc->path) == 0) {
        /* the compile's copy of the text: the same bytes, so the same positions */
        range = src ? range_json(src, d->span.start, d->span.end) : range_json(doc->src, 0, 0);
        if (m)
            fputs(d->message, m);
    } else {
        /* in an imported file: shown on the import that brings it in, the place in the message */
        const ck_decl *imp = import_leading_to(doc, path);
        range = imp ? range_json(doc->src, imp->span.start, imp->span.end) : range_json(doc->src, 0, 0);
        if (src) {
            ck_linecol lc = ck_source_linecol(src, d->span.start);
            if (m)
                fprintf(m, "%s:%u:%u: %s", path, lc.line, lc.col, d->message);
            related = json_pack("[{s:{s:o,s:o},s:o}]", "location", "uri", uri_json(doc, src), "range",
                                range_json(src, d->span.start, d->span.end), "message", text_json(d->message));
        } else if (m) {
            fprintf(m, "%s: %s", path ? path : "", d->message);
        }
    }
    if (m && d->hint)
        fprintf(m, "\nhint: %s", d->hint);
    json_t *j = json_pack("{s:o,s:i,s:s,s:o}", "range", range, "severity", severity[d->level], "source",
                          "clausecheck", "message", tb_json(&msg));
    if (j && related)
        json_object_set_new(j, "relatedInformation", related);
    else
        json_decref(related);
    return j;
}

json_t *ck_lsp_diagnostics(const ck_lsp_doc *doc)
{
    ck_diags diags;
    json_t *out = json_array();
    if (!out || ck_diags_init(&diags) != 0)
        return json_decref(out), NULL;
    ck_policy_input in = {.path = doc->path, .text = doc->text, .len = doc->len,
                          .imports_beside_path = doc->on_disk};
    ck_policy *policy = NULL;
    int rc = ck_policy_compile(&in, 1, NULL, &diags, &policy);
    for (size_t i = 0; i < diags.list.len && out; i++)
        if (json_array_append_new(out, diag_json(doc, diags.list.items[i])) != 0)
            out = (json_decref(out), NULL);
    if (rc < 0 && out)
        json_array_append_new(out, json_pack("{s:o,s:i,s:s,s:s}", "range", range_json(doc->src, 0, 0), "severity",
                                             1, "source", "clausecheck", "message",
                                             "out of memory while compiling the policy"));
    ck_policy_free(policy);
    ck_diags_fini(&diags);
    return out;
}

/* ---- formatting ---- */

json_t *ck_lsp_formatting(const ck_lsp_doc *doc)
{
    json_t *edits = json_array();
    ck_arena *arena = ck_arena_new();
    ck_diags diags;
    if (!edits || !arena || ck_diags_init(&diags) != 0) {
        ck_arena_free(arena);
        return json_decref(edits), NULL;
    }
    ck_file *file = NULL;
    ck_policy_input in = {.path = doc->path, .text = doc->text, .len = doc->len};
    if (ck_policy_parse_input(&in, NULL, arena, &diags, &file) == 0 && diags.errors == 0 && file) {
        size_t len = 0;
        char *text = ck_fmt_to_buffer(file, &len);
        bool same = text && len == doc->len && memcmp(text, doc->text, len) == 0;
        /* a comment read from disk may hold bytes JSON cannot carry: then no edit, not a wrong one */
        if (text && !same && ck_utf8_valid(text, len) && !memchr(text, '\0', len))
            json_array_append_new(edits, json_pack("{s:o,s:s%}", "range", range_json(doc->src, 0, (uint32_t)doc->len),
                                                   "newText", text, len));
        if (!text)
            edits = (json_decref(edits), NULL);
        free(text);
    }
    ck_diags_fini(&diags);
    ck_arena_free(arena);
    return edits;
}

/* ---- hover ---- */

static void write_names(FILE *out, const ck_vec *names, const char *sep)
{
    for (size_t i = 0; i < names->len; i++)
        fprintf(out, "%s%s", i ? sep : "", ((const ck_name *)names->items[i])->text);
}

static void write_type(FILE *out, const ck_type_expr *t)
{
    static const char *const plain[] = {[CK_TYPE_BOOL] = "bool", [CK_TYPE_NUMBER] = "number",
                                        [CK_TYPE_STRING] = "string", [CK_TYPE_DURATION] = "duration",
                                        [CK_TYPE_DATE] = "date", [CK_TYPE_TIER] = "tier"};
    if (!t) {
        fputs("?", out);
    } else if (t->kind == CK_TYPE_LEVEL) {
        fputs("level(", out);
        write_names(out, &t->levels, ", ");
        fputs(")", out);
    } else if (t->kind == CK_TYPE_DEPTH) {
        fprintf(out, "depth of %s", t->ref.text ? t->ref.text : "?");
    } else {
        fputs(plain[t->kind], out);
    }
}

/* The scale a tier, level value or depth belongs to. */
static const ck_vec *scale_names(const ck_symbol *s)
{
    if (s->kind == CK_SYM_LEVEL_VALUE)
        return s->field && s->field->type ? &s->field->type->levels : NULL;
    return s->kind == CK_SYM_TIER || s->kind == CK_SYM_DEPTH ? &s->decl->names : NULL;
}

/* One line saying what a symbol is: "clause: Incidents are notified", "profile field: bool". */
static void write_detail(FILE *out, const ck_symbol *s)
{
    const ck_vec *scale = scale_names(s);
    if (scale) {
        fprintf(out, "%d of %zu: ", s->position + 1, scale->len);
        write_names(out, scale, " < ");
    } else if (s->field) {
        write_type(out, s->field->type);
    } else if (s->decl->title && s->kind != CK_SYM_POLICY && s->kind != CK_SYM_TEST) {
        fputs(s->decl->title, out);
    }
}

/* What the rest of a declaration says: parameters, validity, depths, severity and rationale. */
static void write_decl_notes(FILE *out, const ck_symbol *s)
{
    const ck_decl *d = s->decl;
    char buf[32];
    if (s->kind == CK_SYM_EVIDENCE && (d->has_valid_for || d->independent)) {
        if (d->has_valid_for)
            ck_duration_format(d->valid_for, buf, sizeof buf);
        fprintf(out, "\n\n%s%s%s%s", d->has_valid_for ? "valid for " : "", d->has_valid_for ? buf : "",
                d->has_valid_for && d->independent ? ", " : "", d->independent ? "independent" : "");
    }
    if ((s->kind == CK_SYM_CLAUSE || s->kind == CK_SYM_EVIDENCE || s->kind == CK_SYM_PARTY) && d->fields.len) {
        fputs(s->kind == CK_SYM_CLAUSE ? "\n\nparameters:" : s->kind == CK_SYM_PARTY ? "\n\nfields:" : "\n\nattributes:",
              out);
        for (size_t i = 0; i < d->fields.len; i++) {
            const ck_field_decl *f = d->fields.items[i];
            fprintf(out, "%s `%s : ", i ? "," : "", f->name.text);
            write_type(out, f->type);
            fputs("`", out);
        }
    } else if (s->kind == CK_SYM_QUESTIONNAIRE && d->names.len) {
        fputs("\n\ndepths: ", out);
        write_names(out, &d->names, " < ");
    } else if (s->kind == CK_SYM_REQUIREMENT) {
        fprintf(out, "\n\nseverity %s", ck_severity_name(d->has_severity ? d->severity : CK_SEV_ERROR));
        if (d->group.text)
            fprintf(out, " · group `%s`", d->group.text);
    }
    if ((s->kind == CK_SYM_REQUIREMENT || s->kind == CK_SYM_GROUP) && d->rationale)
        fprintf(out, "\n\n%s", d->rationale);
}

static void write_hover(FILE *out, const ck_symbols *syms, int k)
{
    const ck_symbol *s = &syms->syms[k];
    fprintf(out, "**%s** `%s`", ck_sym_kind_name(s->kind), s->name);
    if (s->parent >= 0)
        fprintf(out, " of %s `%s`", ck_sym_kind_name(syms->syms[s->parent].kind), syms->syms[s->parent].name);
    if (s->field && s->kind != CK_SYM_LEVEL_VALUE) { /* a typed name; a level value is one of a scale */
        fputs(": `", out);
        write_detail(out, s);
        fputs("`", out);
        if (s->field->description)
            fprintf(out, "\n\n%s", s->field->description);
        if (s->kind == CK_SYM_QUESTION && s->field->from_depth.text)
            fprintf(out, "\n\nasked from depth `%s`", s->field->from_depth.text);
    } else {
        fputs("\n\n", out);
        write_detail(out, s);
        write_decl_notes(out, s);
    }
}

json_t *ck_lsp_hover(const ck_lsp_doc *doc, ck_lsp_pos pos)
{
    ck_span at;
    int k = ck_symbols_at(&doc->syms, doc->src, ck_lsp_offset_from_pos(doc->src, pos), &at);
    if (k < 0)
        return json_null();
    textbuf tb;
    FILE *m = tb_open(&tb);
    if (m)
        write_hover(m, &doc->syms, k);
    return json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value", tb_json(&tb), "range",
                     range_json(at.src, at.start, at.end));
}

/* ---- definition and references ---- */

json_t *ck_lsp_definition(const ck_lsp_doc *doc, ck_lsp_pos pos)
{
    uint32_t offset = ck_lsp_offset_from_pos(doc->src, pos);
    ck_span at;
    int k = ck_symbols_at(&doc->syms, doc->src, offset, &at);
    if (k >= 0)
        return location_json(doc, doc->syms.syms[k].name_span);
    /* an import's path leads to the file it names */
    for (size_t i = 0; doc->root && i < doc->root->decls.len; i++) {
        const ck_decl *d = doc->root->decls.items[i];
        if (d->kind == CK_DECL_IMPORT && d->imported && d->title_span.start <= offset && offset <= d->title_span.end)
            return location_json(doc, (ck_span){d->imported->src, 0, 0});
    }
    return json_null();
}

json_t *ck_lsp_references(const ck_lsp_doc *doc, ck_lsp_pos pos, bool with_declaration)
{
    ck_span at;
    int k = ck_symbols_at(&doc->syms, doc->src, ck_lsp_offset_from_pos(doc->src, pos), &at);
    if (k < 0)
        return json_null();
    json_t *out = json_array();
    if (out && with_declaration)
        json_array_append_new(out, location_json(doc, doc->syms.syms[k].name_span));
    for (size_t i = 0; out && i < doc->syms.nrefs; i++)
        if (doc->syms.refs[i].symbol == k && json_array_append_new(out, location_json(doc, doc->syms.refs[i].span)))
            out = (json_decref(out), NULL);
    return out;
}

/* ---- completion ---- */

/* LSP's CompletionItemKind and SymbolKind for each kind of name. */
static const struct {
    int completion, symbol;
} kinds[] = {
    [CK_SYM_POLICY] = {9, 3},         [CK_SYM_PROFILE_FIELD] = {5, 8}, [CK_SYM_LEVEL_VALUE] = {20, 22},
    [CK_SYM_TIER] = {20, 22},         [CK_SYM_TIER_ATTR] = {10, 7},    [CK_SYM_CLAUSE] = {7, 5},
    [CK_SYM_PARAM] = {5, 8},          [CK_SYM_EVIDENCE] = {8, 11},     [CK_SYM_QUESTIONNAIRE] = {9, 2},
    [CK_SYM_DEPTH] = {20, 22},        [CK_SYM_QUESTION] = {5, 8},      [CK_SYM_REQUIREMENT] = {3, 12},
    [CK_SYM_TEST] = {2, 6},           [CK_SYM_PARTY] = {7, 5},         [CK_SYM_PARTY_FIELD] = {5, 8},
    [CK_SYM_EVIDENCE_ATTR] = {10, 7}, [CK_SYM_GROUP] = {19, 4},
};
_Static_assert(sizeof kinds / sizeof kinds[0] == CK_SYM_KIND_COUNT, "LSP kinds for every kind of symbol");
enum { CK_COMPLETE_KEYWORD = 14, CK_COMPLETE_FIELD = 5 };

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* The word that ends at end (after skipping blanks before end), as [*start, returned end). */
static size_t word_before(const char *t, size_t end, size_t *start)
{
    while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t'))
        end--;
    size_t s = end;
    while (s > 0 && name_char(t[s - 1]))
        s--;
    *start = s;
    return end;
}

static bool word_is(const char *t, size_t start, size_t end, const char *w)
{
    return end - start == strlen(w) && memcmp(t + start, w, end - start) == 0;
}

/* Which names fit where the cursor is; -1: all of them and the keywords. */
typedef enum { FIT_ALL = -1, FIT_CONTRACT_FIELDS = -2 } fit_special;

static int fitting_kind(const ck_source *src, uint32_t offset)
{
    const char *t = src->text;
    size_t start, end = offset;
    while (end > 0 && name_char(t[end - 1]))
        end--; /* the part of a name already typed */
    size_t before = end;
    while (before > 0 && (t[before - 1] == ' ' || t[before - 1] == '\t'))
        before--;
    if (before > 0 && t[before - 1] == '.') {
        size_t e = word_before(t, before - 1, &start);
        if (word_is(t, start, e, "tier"))
            return CK_SYM_TIER_ATTR;
        return word_is(t, start, e, "contract") ? FIT_CONTRACT_FIELDS : FIT_ALL;
    }
    size_t e = word_before(t, end, &start);
    static const struct {
        const char *word;
        ck_sym_kind kind;
    } after[] = {{"clause", CK_SYM_CLAUSE},           {"evidence", CK_SYM_EVIDENCE},
                 {"questionnaire", CK_SYM_QUESTIONNAIRE}, {"gap", CK_SYM_REQUIREMENT},
                 {"each", CK_SYM_PARTY},                  {"some", CK_SYM_PARTY},
                 {"no", CK_SYM_PARTY},                    {"group", CK_SYM_GROUP}};
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++)
        if (word_is(t, start, e, after[i].word))
            return (int)after[i].kind;
    return FIT_ALL;
}

static json_t *item_json(const char *label, int kind, const char *detail)
{
    return json_pack("{s:o,s:i,s:o*}", "label", text_json(label), "kind", kind, "detail",
                     detail ? text_json(detail) : NULL);
}

static json_t *symbol_item(const ck_symbol *s)
{
    textbuf tb;
    FILE *m = tb_open(&tb);
    if (m) {
        fprintf(m, "%s: ", ck_sym_kind_name(s->kind));
        write_detail(m, s);
    }
    json_t *detail = tb_json(&tb);
    json_t *j = json_pack("{s:o,s:i,s:o}", "label", text_json(s->name), "kind", kinds[s->kind].completion,
                          "detail", detail);
    return j;
}

json_t *ck_lsp_completion(const ck_lsp_doc *doc, ck_lsp_pos pos)
{
    int fit = fitting_kind(doc->src, ck_lsp_offset_from_pos(doc->src, pos));
    json_t *items = json_array();
    ck_arena *arena = ck_arena_new();
    ck_name_index seen; /* labels offered already: a tier and a level value may share a name */
    size_t nkeywords = 0;
    while (ck_parse_keyword(nkeywords))
        nkeywords++;
    if (!items || !arena || ck_name_index_init(&seen, arena, doc->syms.nsyms + nkeywords) != 0) {
        ck_arena_free(arena);
        return json_decref(items), NULL;
    }
    if (fit == FIT_CONTRACT_FIELDS) { /* the dates a rule may name: contract.FIELD within ... */
        const char *dates[32];
        size_t n = ck_section_get(CK_SECTION_CONTRACT)->nkeys <= 32
                       ? ck_record_key_names(CK_SECTION_CONTRACT, false, true, dates)
                       : 0;
        for (size_t i = 0; i < n; i++)
            json_array_append_new(items, item_json(dates[i], CK_COMPLETE_FIELD, "contract date"));
    }
    for (size_t i = 0; fit != FIT_CONTRACT_FIELDS && i < doc->syms.nsyms; i++) {
        const ck_symbol *s = &doc->syms.syms[i];
        bool wanted = fit == FIT_ALL ? s->kind != CK_SYM_POLICY && s->kind != CK_SYM_TEST : (int)s->kind == fit;
        if (!wanted || ck_name_index_find(&seen, s->name) >= 0)
            continue;
        ck_name_index_put(&seen, s->name, (int)i);
        json_array_append_new(items, symbol_item(s));
    }
    for (size_t i = 0; fit == FIT_ALL && i < nkeywords; i++)
        if (ck_name_index_find(&seen, ck_parse_keyword(i)) < 0)
            json_array_append_new(items, item_json(ck_parse_keyword(i), CK_COMPLETE_KEYWORD, "keyword"));
    ck_arena_free(arena);
    return items;
}

/* ---- document symbols ---- */

static json_t *outline_node(const char *name, int kind, json_t *detail, ck_span range, ck_span selection)
{
    if (detail && json_string_length(detail) == 0)
        detail = (json_decref(detail), NULL); /* no detail rather than an empty one */
    return json_pack("{s:o,s:i,s:o*,s:o,s:o,s:[]}", "name", text_json(name), "kind", kind, "detail", detail,
                     "range", range_json(range.src, range.start, range.end), "selectionRange",
                     range_json(selection.src, selection.start, selection.end), "children");
}

/* The node of symbol k with the symbols inside it, among those of one declaration [k, end). */
static json_t *symbol_node(const ck_symbols *syms, size_t k, size_t end)
{
    const ck_symbol *s = &syms->syms[k];
    textbuf tb;
    FILE *m = tb_open(&tb);
    if (m)
        write_detail(m, s);
    json_t *node = outline_node(s->name, kinds[s->kind].symbol, tb_json(&tb), s->span, s->name_span);
    json_t *children = node ? json_object_get(node, "children") : NULL;
    for (size_t i = k + 1; children && i < end; i++)
        if (syms->syms[i].parent == (int)k)
            json_array_append_new(children, symbol_node(syms, i, end));
    return node;
}

/* A group without a name of its own (the profile block, the tier order), around its symbols. */
static json_t *group_node(const ck_symbols *syms, const ck_decl *d, const char *keyword, int kind, size_t from,
                          size_t end)
{
    ck_span head = {d->span.src, d->span.start, d->span.start + (uint32_t)strlen(keyword)};
    json_t *node = outline_node(keyword, kind, NULL, d->span, head);
    json_t *children = node ? json_object_get(node, "children") : NULL;
    for (size_t i = from; children && i < end; i++)
        if (syms->syms[i].parent < 0)
            json_array_append_new(children, symbol_node(syms, i, end));
    return node;
}

json_t *ck_lsp_document_symbols(const ck_lsp_doc *doc)
{
    enum { SK_FILE = 1, SK_ENUM = 10, SK_STRUCT = 23 };
    json_t *out = json_array();
    if (!out || !doc->root)
        return out;
    const ck_symbols *syms = &doc->syms;
    size_t k = 0; /* symbols are declared in the order of the files and their declarations */
    while (k < syms->nsyms && syms->syms[k].name_span.src != doc->src)
        k++;
    for (size_t i = 0; i < doc->root->decls.len; i++) {
        const ck_decl *d = doc->root->decls.items[i];
        size_t from = k;
        while (k < syms->nsyms && syms->syms[k].decl == d)
            k++;
        if (d->kind == CK_DECL_IMPORT && d->title)
            json_array_append_new(out, outline_node(d->title, SK_FILE, NULL, d->span, d->title_span));
        else if (d->kind == CK_DECL_PROFILE)
            json_array_append_new(out, group_node(syms, d, "profile", SK_STRUCT, from, k));
        else if (d->kind == CK_DECL_TIERS)
            json_array_append_new(out, group_node(syms, d, "tiers", SK_ENUM, from, k));
        else
            for (size_t j = from; j < k; j++)
                if (syms->syms[j].parent < 0)
                    json_array_append_new(out, symbol_node(syms, j, k));
    }
    return out;
}
