/* Unit tests for the policy checker: names and hints, types, duplicates, tiers, imports, the compiled tables. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "expr_print.h"
#include "policy.h"

/* A policy that compiles cleanly (no errors, no warnings); tests append declarations to it. */
static const char BASE[] =
    "policy \"Test\" version \"3\" owner \"Sec\" effective 2026-12-01\n"                 /* 1 */
    "profile {\n"                                                                       /* 2 */
    "  importance : level(low, medium, high, critical) \"How important\"\n"             /* 3 */
    "  data_shared : bool\n"                                                            /* 4 */
    "  staff : number\n"                                                                /* 5 */
    "  country : string\n"                                                              /* 6 */
    "  rto : duration\n"                                                                /* 7 */
    "  since : date\n"                                                                  /* 8 */
    "}\n"                                                                               /* 9 */
    "tiers low < medium < high\n"                                                       /* 10 */
    "tier attribute notify_within : duration \"Notify\"\n"                              /* 11 */
    "tier attribute depth_needed : depth of sq\n"                                       /* 12 */
    "# tier low gives no values: no requirement reads them there\n"                     /* 13 */
    "tier medium has notify_within = 72h, depth_needed = standard\n"                    /* 14 */
    "tier high has notify_within = 24h, depth_needed = full\n"                          /* 15 */
    "tier high when importance >= high and data_shared\n"                               /* 16 */
    "tier medium when data_shared or staff > 100\n"                                     /* 17 */
    "tier low otherwise\n"                                                              /* 18 */
    "clause notify \"Incidents are notified\" { notify_within : duration  covers_all : bool }\n" /* 19 */
    "clause audit \"Right to audit\"\n"                                                 /* 20 */
    "evidence iso \"ISO\" { valid for 3y independent }\n"                               /* 21 */
    "questionnaire sq \"Security questionnaire\" {\n"                                   /* 22 */
    "  depths standard < full\n"                                                        /* 23 */
    "  question mfa : bool \"MFA\" expect true from standard\n"                         /* 24 */
    "}\n"                                                                               /* 25 */
    "require R-1 \"Notify\" for tier >= medium {\n"                                     /* 26 */
    "  clause notify with notify_within <= tier.notify_within and covers_all\n"         /* 27 */
    "  questionnaire sq at depth tier.depth_needed\n"                                   /* 28 */
    "}\n"                                                                               /* 29 */
    "require R-2 \"Audit\" when country == \"GB\" or rto <= 4h or since >= 2020-01-01 {\n" /* 30 */
    "  clause audit\n"                                                                  /* 31 */
    "  evidence iso not expired\n"                                                      /* 32 */
    "  severity warning\n"                                                              /* 33 */
    "}\n";                                                                              /* 34 */
#define BASE_LINES 34u

typedef struct {
    ck_diags diags;
    ck_policy *policy;
    int rc;
} compiled;

static compiled *compile_inputs(const ck_policy_input *in, size_t n)
{
    compiled *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(ck_diags_init(&c->diags), 0);
    c->rc = ck_policy_compile(in, n, NULL, &c->diags, &c->policy);
    return c;
}

static compiled *compile(const char *text)
{
    ck_policy_input in = {.path = "t.policy", .text = text, .len = strlen(text)};
    return compile_inputs(&in, 1);
}

/* BASE followed by more declarations, which start on line BASE_LINES + 1. */
static compiled *compile_base(const char *more)
{
    size_t n = strlen(BASE) + strlen(more) + 2;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "%s%s\n", BASE, more);
    compiled *c = compile(text);
    free(text);
    return c;
}

static void done(compiled *c)
{
    ck_diags_fini(&c->diags);
    ck_policy_free(c->policy);
    free(c);
}

static void dump(const compiled *c)
{
    for (size_t i = 0; i < c->diags.list.len; i++) {
        const ck_diag *d = c->diags.list.items[i];
        ck_linecol lc = d->span.src ? ck_source_linecol(d->span.src, d->span.start) : (ck_linecol){0, 0};
        print_message("  diag %zu: %s:%u:%u: %s%s%s\n", i, d->path ? d->path : "?", lc.line, lc.col, d->message,
                      d->hint ? " | hint: " : "", d->hint ? d->hint : "");
    }
}

static void assert_ok(const compiled *c)
{
    if (c->rc != 0 || c->policy == NULL || c->diags.list.len != 0) {
        dump(c);
        fail_msg("expected a clean compile, rc %d with %zu diagnostics", c->rc, c->diags.list.len);
    }
}

/* The compile failed with exactly n errors (and any warnings). */
static void assert_errors(const compiled *c, size_t n)
{
    if (c->rc != 1 || c->policy != NULL || c->diags.errors != n) {
        dump(c);
        fail_msg("expected %zu errors with rc 1, got %zu errors, rc %d", n, c->diags.errors, c->rc);
    }
}

/* The i-th diagnostic has this level, exact message, file, line and column; returns it. */
static const ck_diag *assert_diag_lvl(const compiled *c, size_t i, ck_diag_level level, const char *path,
                                      unsigned line, unsigned col, const char *message)
{
    if (c->diags.list.len <= i) {
        dump(c);
        fail_msg("no diagnostic %zu", i);
    }
    const ck_diag *d = c->diags.list.items[i];
    if (strcmp(d->message, message) != 0 || d->level != level) {
        dump(c);
        fail_msg("diagnostic %zu is '%s' (level %d), expected '%s' (level %d)", i, d->message, d->level, message,
                 level);
    }
    assert_non_null(d->span.src);
    assert_string_equal(d->span.src->path, path);
    ck_linecol lc = ck_source_linecol(d->span.src, d->span.start);
    if (lc.line != line || lc.col != col)
        fail_msg("diagnostic %zu is at %u:%u, expected %u:%u", i, lc.line, lc.col, line, col);
    return d;
}

static const ck_diag *assert_diag(const compiled *c, size_t i, unsigned line, unsigned col, const char *message)
{
    return assert_diag_lvl(c, i, CK_DIAG_ERROR, "t.policy", line, col, message);
}

static void assert_hint(const ck_diag *d, const char *hint)
{
    if (!d->hint)
        fail_msg("'%s' has no hint, expected '%s'", d->message, hint);
    assert_string_equal(d->hint, hint);
}

static void assert_no_hint(const ck_diag *d)
{
    if (d->hint)
        fail_msg("'%s' has hint '%s'", d->message, d->hint);
}

/* ---- the compiled policy ---- */

static void test_base_compiles_to_tables(void **state)
{
    (void)state;
    compiled *c = compile(BASE);
    assert_ok(c);
    const ck_policy *p = c->policy;
    assert_int_equal(p->files.len, 1);
    assert_non_null(p->header);
    assert_string_equal(p->header->title, "Test");
    assert_string_equal(p->header->version, "3");

    assert_int_equal(p->tiers.count, 3);
    assert_string_equal(p->tiers.names[0], "low");
    assert_string_equal(p->tiers.names[1], "medium");
    assert_string_equal(p->tiers.names[2], "high");
    assert_int_equal(ck_policy_tier(p, "medium"), 1);
    assert_int_equal(ck_policy_tier(p, "critical"), -1);

    assert_int_equal(p->nprofile, 6);
    int imp = ck_policy_profile_field(p, "importance");
    assert_int_equal(imp, 0);
    assert_int_equal(p->profile[imp].type.kind, CK_TYPE_LEVEL);
    assert_int_equal(p->profile[imp].type.scale->count, 4);
    assert_string_equal(p->profile[imp].type.scale->names[3], "critical");
    assert_int_equal(ck_scale_index(p->profile[imp].type.scale, "high"), 2);
    assert_int_equal(p->profile[ck_policy_profile_field(p, "rto")].type.kind, CK_TYPE_DURATION);
    assert_int_equal(p->profile[ck_policy_profile_field(p, "since")].type.kind, CK_TYPE_DATE);
    assert_int_equal(ck_policy_profile_field(p, "nope"), -1);

    assert_int_equal(p->nclauses, 2);
    int cl = ck_policy_clause(p, "notify");
    assert_true(cl >= 0);
    assert_int_equal(p->clauses[cl].nparams, 2);
    assert_int_equal(p->clauses[cl].params[1].type.kind, CK_TYPE_BOOL);
    assert_int_equal(ck_field_index(p->clauses[cl].params, p->clauses[cl].nparams, "covers_all"), 1);
    assert_int_equal(p->nevidence_kinds, 1);
    assert_int_equal(ck_policy_evidence_kind(p, "iso"), 0);
    assert_true(p->evidence_kinds[0].decl->independent);
    assert_int_equal(p->nquestionnaires, 1);
    const ck_questionnaire *q = &p->questionnaires[0];
    assert_int_equal(q->depths.count, 2);
    assert_int_equal(q->nquestions, 1);
    assert_int_equal(q->questions[0].from_depth, 0);
    done(c);
}

static void test_requirements_table(void **state)
{
    (void)state;
    compiled *c = compile(BASE);
    assert_ok(c);
    const ck_policy *p = c->policy;
    assert_int_equal(p->nreqs, 2);
    assert_int_equal(ck_policy_requirement(p, "R-2"), 1);
    assert_int_equal(ck_policy_requirement(p, "R-3"), -1);
    const ck_requirement *r1 = &p->reqs[0], *r2 = &p->reqs[1];
    assert_string_equal(r1->id, "R-1");
    assert_string_equal(r1->title, "Notify");
    assert_int_equal(r1->tier_lo, 1);
    assert_int_equal(r1->tier_hi, 2);
    assert_int_equal(r1->severity, CK_SEV_ERROR); /* the default */
    assert_int_equal(r1->nrules, 3); /* two rules and one coverage slot: question mfa's expected answer */
    assert_int_equal(r2->tier_lo, 0);
    assert_int_equal(r2->tier_hi, 2);
    assert_int_equal(r2->severity, CK_SEV_WARNING);
    /* Rules are numbered in order, and name what they resolved to. */
    const ck_rule *rule = r2->decl->rules.items[1];
    assert_int_equal(rule->index, 1);
    assert_int_equal(rule->target_ref, 0);
    done(c);
}

static void test_tier_attributes_and_rules(void **state)
{
    (void)state;
    compiled *c = compile(BASE);
    assert_ok(c);
    const ck_policy *p = c->policy;
    assert_int_equal(p->nattrs, 2);
    int a = ck_field_index(p->attrs, p->nattrs, "notify_within");
    assert_int_equal(a, 0);
    static const struct {
        int64_t amount;
        ck_dur_unit unit;
    } notify[] = {{0, CK_DUR_DAY}, {72, CK_DUR_HOUR}, {24, CK_DUR_HOUR}};
    assert_null(p->attr_values[(size_t)a]); /* tier low: read by no requirement, so given no value */
    for (size_t t = 1; t < 3; t++) {
        const ck_expr *v = p->attr_values[t * p->nattrs + (size_t)a];
        assert_non_null(v);
        assert_int_equal(v->kind, CK_EX_DURATION);
        assert_int_equal(v->u.duration.amount, notify[t].amount);
        assert_int_equal(v->u.duration.unit, notify[t].unit);
    }
    /* A depth attribute's values are resolved to positions in the questionnaire's scale. */
    int d = ck_field_index(p->attrs, p->nattrs, "depth_needed");
    assert_int_equal(p->attrs[d].type.kind, CK_TYPE_DEPTH);
    assert_ptr_equal(p->attrs[d].type.scale, &p->questionnaires[0].depths);
    const ck_expr *full = p->attr_values[2 * p->nattrs + (size_t)d];
    assert_true(full->is_level_value);
    assert_int_equal(full->ref, 1);

    /* Tier rules in the order written, the otherwise last. */
    assert_int_equal(p->ntier_rules, 3);
    assert_int_equal(p->tier_rules[0].tier, 2);
    assert_int_equal(p->tier_rules[1].tier, 1);
    assert_int_equal(p->tier_rules[2].tier, 0);
    assert_non_null(p->tier_rules[0].cond);
    assert_null(p->tier_rules[2].cond);
    /* The profile field in a rule is resolved to its index. */
    const ck_expr *cmp = p->tier_rules[1].cond->u.bin.rhs;
    assert_int_equal(cmp->kind, CK_EX_CMP);
    assert_int_equal(cmp->u.bin.lhs->ref, ck_policy_profile_field(p, "staff"));
    done(c);
}

static void test_default_questionnaire_depth(void **state)
{
    (void)state;
    compiled *c = compile_base("questionnaire plain \"No depths\" { question ok : bool }\n"
                               "require R-3 \"q\" { questionnaire plain }");
    assert_ok(c);
    int q = ck_policy_questionnaire(c->policy, "plain");
    assert_true(q >= 0);
    const ck_scale *s = &c->policy->questionnaires[q].depths;
    assert_int_equal(s->count, 1);
    assert_string_equal(s->names[0], "standard");
    assert_string_equal(s->what, "depth of plain");
    done(c);
}

static void test_tier_range_forms(void **state)
{
    (void)state;
    compiled *c = compile_base("require A \"a\" for tier < high { clause audit }\n"
                               "require B \"b\" for tier <= low { clause audit }\n"
                               "require C \"c\" for tier > low { clause audit }\n"
                               "require D \"d\" for tier medium { clause audit }\n"
                               "require E \"e\" for tiers low to medium { clause audit }\n"
                               "require F \"f\" for all tiers { clause audit }\n");
    assert_ok(c);
    static const struct {
        const char *id;
        int lo, hi;
    } want[] = {{"A", 0, 1}, {"B", 0, 0}, {"C", 1, 2}, {"D", 1, 1}, {"E", 0, 1}, {"F", 0, 2}};
    for (size_t i = 0; i < 6; i++) {
        int r = ck_policy_requirement(c->policy, want[i].id);
        assert_true(r >= 0);
        assert_int_equal(c->policy->reqs[r].tier_lo, want[i].lo);
        assert_int_equal(c->policy->reqs[r].tier_hi, want[i].hi);
    }
    done(c);
}

/* ---- names ---- */

static void test_unknown_clause_hint(void **state)
{
    (void)state;
    compiled *c = compile_base("require R-3 \"x\" {\n  clause notfy\n  clause zzz\n}");
    assert_errors(c, 2);
    assert_hint(assert_diag(c, 0, BASE_LINES + 2, 10, "unknown clause 'notfy'"), "did you mean 'notify'?");
    /* Nothing close: say how to declare it. */
    assert_hint(assert_diag(c, 1, BASE_LINES + 3, 10, "unknown clause 'zzz'"),
                "declare it: clause zzz \"what the clause says\" { ... }");
    done(c);
}

static void test_unknown_parameter_hint(void **state)
{
    (void)state;
    compiled *c = compile_base("require R-3 \"x\" { clause notify with notify_withn <= 24h }");
    assert_errors(c, 1);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 38, "clause 'notify' has no parameter 'notify_withn'"),
                "did you mean 'notify_within'?");
    done(c);
}

static void test_unknown_profile_field_hint(void **state)
{
    (void)state;
    compiled *c = compile_base("require R-3 \"x\" when importanse >= high { clause audit }\n"
                               "require R-4 \"y\" when country == GB { clause audit }");
    assert_errors(c, 2);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 22, "unknown profile field 'importanse'"),
                "did you mean 'importance'?");
    /* Compared with a string, a bare word was probably meant as one. */
    assert_hint(assert_diag(c, 1, BASE_LINES + 2, 33, "unknown profile field 'GB'"),
                "a string value is written in double quotes: \"GB\"");
    done(c);
}

static void test_level_value_names(void **state)
{
    (void)state;
    compiled *c = compile_base("require R-3 \"x\" when importance >= hgh { clause audit }\n"
                               "require R-4 \"y\" when importance >= zzz { clause audit }");
    assert_errors(c, 2);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 36, "'hgh' is not a value of importance"),
                "did you mean 'high'?");
    assert_hint(assert_diag(c, 1, BASE_LINES + 2, 36, "'zzz' is not a value of importance"),
                "the values are: low, medium, high, critical");
    done(c);
}

static void test_unknown_evidence_questionnaire_dates(void **state)
{
    (void)state;
    compiled *c = compile_base("require R-3 \"x\" {\n"
                               "  evidence isoo\n"
                               "  evidence iso issud within 1y\n"
                               "  questionnaire sqq\n"
                               "  questionnaire sq at depth ful\n"
                               "  contract.last_asessed within 1y\n"
                               "  contract.opened within 1y\n"
                               "}");
    assert_errors(c, 6);
    assert_hint(assert_diag(c, 0, BASE_LINES + 2, 12, "unknown evidence kind 'isoo'"), "did you mean 'iso'?");
    assert_hint(assert_diag(c, 1, BASE_LINES + 3, 16, "evidence has no date 'issud'"), "did you mean 'issued'?");
    assert_hint(assert_diag(c, 2, BASE_LINES + 4, 17, "unknown questionnaire 'sqq'"), "did you mean 'sq'?");
    assert_hint(assert_diag(c, 3, BASE_LINES + 5, 29, "'ful' is not a value of depth of sq"), "did you mean 'full'?");
    assert_hint(assert_diag(c, 4, BASE_LINES + 6, 12, "contracts have no date 'last_asessed'"),
                "did you mean 'last_assessed'?");
    assert_hint(assert_diag(c, 5, BASE_LINES + 7, 12, "contracts have no date 'opened'"),
                "contract dates are: last_assessed, last_reviewed, signed");
    done(c);
}

static void test_unknown_tier_names(void **state)
{
    (void)state;
    compiled *c = compile_base("require R-3 \"x\" for tier >= hgh { clause audit }\n"
                               "require R-4 \"y\" for tiers low to zzz { clause audit }\n"
                               "require R-5 \"z\" when tier.notfy_within <= 24h { clause audit }");
    assert_errors(c, 3);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 29, "unknown tier 'hgh'"), "did you mean 'high'?");
    assert_hint(assert_diag(c, 1, BASE_LINES + 2, 34, "unknown tier 'zzz'"), "the tiers are: low, medium, high");
    assert_hint(assert_diag(c, 2, BASE_LINES + 3, 22, "unknown tier attribute 'notfy_within'"),
                "did you mean 'notify_within'?");
    done(c);
}

/* ---- types ---- */

static void test_type_errors_in_conditions(void **state)
{
    (void)state;
    compiled *c = compile_base("require A \"a\" when staff == \"many\" { clause audit }\n"
                               "require B \"b\" when data_shared > true { clause audit }\n"
                               "require C \"c\" when staff { clause audit }\n"
                               "require D \"d\" when rto <= 5 { clause audit }\n"
                               "require E \"e\" when country in (\"GB\", 3) { clause audit }");
    assert_errors(c, 5);
    assert_no_hint(assert_diag(c, 0, BASE_LINES + 1, 20, "cannot compare staff (number) with \"many\" (string)"));
    assert_hint(assert_diag(c, 1, BASE_LINES + 2, 20, "'>' does not apply to bool values"),
                "compare bool values with == or !=");
    assert_hint(assert_diag(c, 2, BASE_LINES + 3, 20, "a condition must be true or false, but staff is a number"),
                "compare it with a value, e.g. staff >= ...");
    assert_diag(c, 3, BASE_LINES + 4, 20, "cannot compare rto (duration) with 5 (number)");
    assert_diag(c, 4, BASE_LINES + 5, 38, "list value is a number, but the left side is a string");
    done(c);
}

static void test_type_errors_in_rules(void **state)
{
    (void)state;
    compiled *c = compile_base("require A \"a\" {\n"
                               "  clause notify with notify_within <= 5\n"
                               "  clause notify with notify_within\n"
                               "  clause notify with covers_all > false\n"
                               "  evidence iso issued within 2026-01-01\n"
                               "  contract.signed within 3\n"
                               "}");
    assert_errors(c, 5);
    assert_hint(assert_diag(c, 0, BASE_LINES + 2, 39, "notify_within must be a duration, not a number"),
                "write a duration with a unit: h, d, w, mo or y (e.g. 24h)");
    assert_hint(assert_diag(c, 1, BASE_LINES + 3, 22, "parameter 'notify_within' is a duration, so it needs a comparison"),
                "e.g. notify_within <= 24h");
    assert_hint(assert_diag(c, 2, BASE_LINES + 4, 22, "'>' does not apply to bool values"), "use == or !=");
    assert_diag(c, 3, BASE_LINES + 5, 30, "the freshness limit must be a duration, not a date");
    assert_diag(c, 4, BASE_LINES + 6, 26, "the time limit must be a duration, not a number");
    done(c);
}

static void test_contradictory_bounds(void **state)
{
    (void)state;
    compiled *c = compile_base("require A \"a\" { clause notify with notify_within <= 24h and notify_within > 2d }");
    assert_errors(c, 1);
    /* 2d is 48h: durations compare across units. */
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 61,
                            "contradictory conditions: no value of 'notify_within' is both <= 24h and > 2d"),
                "no contract could meet this rule; drop one of the bounds");
    done(c);
    /* Touching bounds that both include the value are satisfiable. */
    c = compile_base("require A \"a\" { clause notify with notify_within <= 1d and notify_within >= 24h }");
    assert_ok(c);
    done(c);
}

static void test_tier_attribute_values_typed(void **state)
{
    (void)state;
    compiled *c = compile("profile { a : bool }\n"
                          "tiers low < high\n"
                          "tier attribute d : duration\n"
                          "tier attribute q : depth of nope\n"
                          "tier low has d = 5, q = x\n"
                          "tier high has d = 1d, q = y\n"
                          "tier high when a\n"
                          "tier low otherwise\n"
                          "clause c \"c\"\n"
                          "require R \"r\" when tier.d <= 1d and tier.q == x { clause c }\n");
    /* The unknown questionnaire is reported once; its values and comparisons stay silent. */
    assert_errors(c, 2);
    assert_no_hint(assert_diag(c, 0, 4, 29, "unknown questionnaire 'nope'"));
    assert_diag(c, 1, 5, 18, "d must be a duration, not a number");
    done(c);
}

/* ---- duplicates ---- */

static void test_duplicate_declarations(void **state)
{
    (void)state;
    compiled *c = compile_base("clause audit \"again\"\n"
                               "evidence iso \"again\" { }\n"
                               "questionnaire sq \"again\" { }\n"
                               "require R-1 \"again\" { clause audit }\n"
                               "profile { staff : bool }\n"
                               "tier attribute notify_within : number");
    assert_errors(c, 6);
    /* In the order written. */
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 8, "clause 'audit' is declared twice"),
                "it was first declared at t.policy:20:8");
    assert_hint(assert_diag(c, 1, BASE_LINES + 2, 10, "evidence kind 'iso' is declared twice"),
                "it was first declared at t.policy:21:10");
    assert_hint(assert_diag(c, 2, BASE_LINES + 3, 15, "questionnaire 'sq' is declared twice"),
                "it was first declared at t.policy:22:15");
    assert_hint(assert_diag(c, 3, BASE_LINES + 4, 9, "requirement id 'R-1' is used twice"),
                "it was first declared at t.policy:26:9");
    assert_hint(assert_diag(c, 4, BASE_LINES + 5, 11, "profile field 'staff' is declared twice"),
                "it was first declared at t.policy:5:3");
    assert_hint(assert_diag(c, 5, BASE_LINES + 6, 16, "tier attribute 'notify_within' is declared twice"),
                "it was first declared at t.policy:11:16");
    /* The first declaration wins. */
    done(c);
}

static void test_duplicate_names_inside_declarations(void **state)
{
    (void)state;
    compiled *c = compile_base("clause twice \"t\" { a : bool  a : number }\n"
                               "profile { lv : level(x, y, x) }\n"
                               "questionnaire q2 \"q\" { depths a < b < a  question z : bool  question z : bool }\n"
                               "require R-3 \"x\" when lv == y { clause twice with a  questionnaire q2 }");
    assert_errors(c, 4);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 30, "parameter 'a' is declared twice"),
                "it was first declared at t.policy:35:20");
    assert_hint(assert_diag(c, 1, BASE_LINES + 3, 39, "depth 'a' appears twice"),
                "the depth order lists each depth once, lowest first");
    assert_hint(assert_diag(c, 2, BASE_LINES + 3, 70, "question 'z' is declared twice"),
                "it was first declared at t.policy:37:51");
    assert_hint(assert_diag(c, 3, BASE_LINES + 2, 28, "level 'x' appears twice in the scale"),
                "a level scale lists each value once, lowest first");
    done(c);
}

static void test_header_and_tiers_twice(void **state)
{
    (void)state;
    compiled *c = compile_base("policy \"Again\"\ntiers a < b\ntiers low < medium < high");
    assert_errors(c, 3);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 1, "the policy header is given twice"),
                "the header was first declared at t.policy:1:1");
    assert_hint(assert_diag(c, 1, BASE_LINES + 2, 1, "the tiers are declared twice"),
                "they were first declared at t.policy:10:1");
    assert_diag(c, 2, BASE_LINES + 3, 1, "the tiers are declared twice");
    done(c);
}

/* ---- tiers ---- */

static const char TIER_TAIL[] = "profile { a : bool  b : bool  n : number }\n"
                                "tiers low < medium < high\n"
                                "clause c \"c\"\n"
                                "require R \"r\" when a or b or n > 1 { clause c }\n";

static compiled *compile_tiers(const char *rules)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "%s%s", TIER_TAIL, rules);
    return compile(buf);
}

static void test_tier_rule_shadowed_by_subset(void **state)
{
    (void)state;
    compiled *c = compile_tiers("tier high when a\n"
                                "tier medium when b and a\n"
                                "tier low otherwise\n");
    assert_errors(c, 1);
    assert_hint(assert_diag(c, 0, 6, 1, "this tier rule can never match"),
                "every supplier it matches is already matched by the rule at t.policy:5:1 (first match wins)");
    done(c);

    /* Every alternative of a later rule already matched earlier. */
    c = compile_tiers("tier high when a or (b and n > 3)\n"
                      "tier medium when a and n > 1 or n > 3 and b\n"
                      "tier low otherwise\n");
    assert_errors(c, 1);
    assert_diag(c, 0, 6, 1, "this tier rule can never match");
    done(c);

    /* A narrower earlier rule does not shadow a broader later one. */
    c = compile_tiers("tier high when a and b\n"
                      "tier medium when a\n"
                      "tier low otherwise\n");
    assert_ok(c);
    done(c);
}

static void test_tier_rule_after_otherwise(void **state)
{
    (void)state;
    compiled *c = compile_tiers("tier high when a\n"
                                "tier low otherwise\n"
                                "tier medium when b\n");
    assert_errors(c, 1);
    assert_hint(assert_diag(c, 0, 7, 1, "this tier rule can never match"),
                "the 'otherwise' rule at t.policy:6:1 already matches every supplier; move this rule above it");
    done(c);
}

static void test_tier_rules_need_otherwise(void **state)
{
    (void)state;
    compiled *c = compile_tiers("tier high when a\n"
                                "tier medium when b\n");
    assert_errors(c, 1);
    assert_hint(assert_diag(c, 0, 6, 1, "no 'otherwise' tier rule: a supplier that matches no rule would have no tier"),
                "end the tier rules with 'tier low otherwise'");
    done(c);

    c = compile_tiers("");
    assert_errors(c, 1);
    assert_hint(assert_diag(c, 0, 2, 1, "the policy has no tier rules"),
                "add rules that give each supplier a tier, e.g. 'tier high when ...', ending with 'tier low otherwise'");
    done(c);
}

static void test_tier_rule_cannot_read_tier(void **state)
{
    (void)state;
    compiled *c = compile_tiers("tier high when tier >= medium or tier.x == 1\n"
                                "tier medium when b\n"
                                "tier low otherwise\n");
    assert_errors(c, 2);
    assert_hint(assert_diag(c, 0, 5, 16, "a tier rule cannot use the tier it decides"),
                "tier rules read profile fields; 'tier' belongs in requirements and tests");
    assert_diag(c, 1, 5, 34, "a tier rule cannot use tier.x: the tier is what it decides");
    done(c);
}

static void test_unknown_tier_in_rule_no_cascade(void **state)
{
    (void)state;
    compiled *c = compile_tiers("tier hgh when a\n"
                                "tier medium when b\n"
                                "tier low otherwise\n");
    /* The misspelt tier stands for 'high': no "no tier rule yields tier 'high'" after it. */
    assert_errors(c, 1);
    assert_int_equal(c->diags.warnings, 0);
    assert_hint(assert_diag(c, 0, 5, 6, "unknown tier 'hgh'"), "did you mean 'high'?");
    done(c);
}

static void test_tier_never_yielded_warning(void **state)
{
    (void)state;
    compiled *c = compile_tiers("tier high when a\n"
                                "tier low otherwise\n");
    assert_int_equal(c->rc, 0);
    assert_non_null(c->policy);
    assert_int_equal(c->diags.errors, 0);
    assert_int_equal(c->diags.warnings, 1);
    assert_hint(assert_diag_lvl(c, 0, CK_DIAG_WARNING, "t.policy", 2, 13, "no tier rule yields tier 'medium'"),
                "add a rule 'tier medium when ...' or remove the tier");
    done(c);
}

static void test_tier_attribute_coverage(void **state)
{
    (void)state;
    compiled *c = compile_tiers("tier high when a\n"
                                "tier medium when b\n"
                                "tier low otherwise\n"
                                "tier attribute d : duration\n"
                                "tier low has d = 1d, e = 2d\n"
                                "tier medium has d = 2d, d = 3d, e = 1d\n"
                                "require S \"s\" when tier.d > 1d { clause c }\n");
    assert_errors(c, 2);
    /* The undeclared attribute is reported once, however many tiers give it. */
    assert_hint(assert_diag(c, 0, 9, 22, "unknown tier attribute 'e'"), "did you mean 'd'?");
    assert_hint(assert_diag(c, 1, 10, 25, "tier 'medium' gives 'd' twice"), "the first value is at t.policy:10:21; keep one");
    done(c);
}

/* A tier needs a value only where a requirement can read it; a value nothing reads is a warning. */
static void test_tier_attribute_where_read(void **state)
{
    (void)state;
    compiled *c = compile_tiers("tier high when a\n"
                                "tier medium when b\n"
                                "tier low otherwise\n"
                                "tier attribute d : duration\n"
                                "tier low has d = 1d\n"
                                "tier medium has d = 2d\n"
                                "clause k \"k\" { t : duration }\n"
                                "require S \"s\" for tier >= medium { clause k with t <= tier.d }\n"
                                "require U \"u\" for tier high { clause k with t <= tier.d when tier == low }\n");
    assert_errors(c, 1);
    assert_hint(assert_diag(c, 0, 12, 55, "requirement S reads tier.d at tier high, which gives it no value"),
                "add: tier high has d = ...");
    done(c);
    c = compile_tiers("tier high when a\n"
                      "tier medium when b\n"
                      "tier low otherwise\n"
                      "tier attribute d : duration\n"
                      "tier low has d = 1d\n"
                      "tier medium has d = 2d\n"
                      "tier high has d = 3d\n"
                      "clause k \"k\" { t : duration }\n"
                      "require S \"s\" for tier >= medium { clause k with t <= tier.d }\n");
    assert_int_equal(c->rc, 0);
    assert_int_equal(c->diags.warnings, 1);
    assert_hint(assert_diag_lvl(c, 0, CK_DIAG_WARNING, "t.policy", 9, 18,
                                "tier low gives 'd', but no requirement that applies at tier low reads it"),
                "remove the value, or state what tier low must meet with tier.d");
    done(c);
}

static void test_no_tiers(void **state)
{
    (void)state;
    compiled *c = compile("policy \"x\"\n");
    assert_errors(c, 1);
    assert_hint(assert_diag(c, 0, 1, 1, "the policy declares no tiers"),
                "declare the tier order, lowest first, e.g. 'tiers low < medium < high < critical'");
    done(c);
}

static void test_requirement_range_errors(void **state)
{
    (void)state;
    compiled *c = compile_base("require A \"a\" for tier > high { clause audit }\n"
                               "require B \"b\" for tier != low { clause audit }\n"
                               "require C \"c\" for tiers high to low { clause audit }\n"
                               "require D \"d\" { }\n"
                               "require E \"e\" { any { } }");
    assert_errors(c, 5);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 15, "requirement A applies to no tier"),
                "the tier order is lowest first: low ... high");
    assert_hint(assert_diag(c, 1, BASE_LINES + 2, 15, "a requirement's tiers must be a range; 'tier != low' is not one"),
                "write one range, e.g. 'for tier > low' or 'for tiers low to high', or split the requirement");
    assert_diag(c, 2, BASE_LINES + 3, 15, "requirement C applies to no tier");
    assert_hint(assert_diag(c, 3, BASE_LINES + 4, 9, "requirement D has no rules"),
                "state what the contract must carry, e.g. 'clause NAME' or 'evidence KIND not expired'");
    assert_hint(assert_diag(c, 4, BASE_LINES + 5, 17, "empty 'any' group"),
                "put at least one rule inside the braces, or remove the group");
    done(c);
}

/* ---- questionnaires and tests ---- */

static void test_question_declarations(void **state)
{
    (void)state;
    compiled *c = compile_base("questionnaire q2 \"x\" {\n"
                               "  depths a < b\n"
                               "  question y : bool expect > true\n"
                               "  question z : number expect \"x\"\n"
                               "  question w : bool from c\n"
                               "}\n"
                               "require R-3 \"x\" { questionnaire q2 }");
    assert_errors(c, 3);
    assert_hint(assert_diag(c, 0, BASE_LINES + 3, 30, "'>' does not apply to bool answers"),
                "expect the answer itself, e.g. 'expect true', or compare with !=");
    assert_diag(c, 1, BASE_LINES + 4, 30, "the expected answer must be a number, not a string");
    assert_diag(c, 2, BASE_LINES + 5, 26, "questionnaire 'q2' has no depth 'c'");
    done(c);
}

static void test_test_block_checks(void **state)
{
    (void)state;
    compiled *c = compile_base("test \"t\" {\n"
                               "  profile importanse = high\n"
                               "  clause notify notify_within = \"x\", foo = 1\n"
                               "  evidence isx issued = 1\n"
                               "  questionnaire sq depth = ful\n"
                               "  supplier idd = \"x\"\n"
                               "  expect R-9 clause-missing\n"
                               "  expect R-1 clause-mising\n"
                               "  expect R-1 profile-incomplete\n"
                               "}");
    assert_errors(c, 11);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 6, "test has no 'as of' date"),
                "add 'as of YYYY-MM-DD' so the test gives the same result on every day");
    assert_hint(assert_diag(c, 1, BASE_LINES + 2, 11, "the profile has no field 'importanse'"), "did you mean 'importance'?");
    assert_diag(c, 2, BASE_LINES + 3, 33, "notify_within must be a duration, not a string");
    assert_hint(assert_diag(c, 3, BASE_LINES + 3, 38, "the clause has no field 'foo'"),
                "its fields are: notify_within, covers_all");
    assert_hint(assert_diag(c, 4, BASE_LINES + 4, 12, "unknown evidence kind 'isx'"), "did you mean 'iso'?");
    assert_diag(c, 5, BASE_LINES + 4, 25, "issued must be a date, not a number");
    assert_hint(assert_diag(c, 6, BASE_LINES + 5, 28, "'ful' is not a value of depth of sq"), "did you mean 'full'?");
    assert_hint(assert_diag(c, 7, BASE_LINES + 6, 12, "supplier has no field 'idd'"), "did you mean 'id'?");
    assert_hint(assert_diag(c, 8, BASE_LINES + 7, 10, "unknown requirement 'R-9'"), "did you mean 'R-1'?");
    assert_hint(assert_diag(c, 9, BASE_LINES + 8, 14, "unknown finding kind 'clause-mising'"),
                "did you mean 'clause-missing'?");
    /* record-level kinds need 'record' */
    assert_hint(assert_diag(c, 10, BASE_LINES + 9, 10, "'profile-incomplete' findings concern the whole record"),
                "write: expect record profile-incomplete");
    done(c);
}

static void test_test_block_expectations(void **state)
{
    (void)state;
    compiled *c = compile_base("test \"empty\" {\n  as of 2026-01-01\n}\n"
                               "test \"mixed\" {\n"
                               "  as of 2026-01-01\n"
                               "  gap R-7 reason = \"x\"\n"
                               "  expect R-1 clause-missing\n"
                               "  expect nothing\n"
                               "  expect R-2 clause-weaker\n"
                               "}");
    assert_errors(c, 2);
    assert_int_equal(c->diags.warnings, 1);
    assert_hint(assert_diag(c, 0, BASE_LINES + 1, 6, "test expects nothing"),
                "list the findings with 'expect REQUIREMENT KIND', or write 'expect nothing'");
    assert_diag_lvl(c, 1, CK_DIAG_WARNING, "t.policy", BASE_LINES + 6, 7, "gap names unknown requirement 'R-7'");
    assert_hint(assert_diag(c, 2, BASE_LINES + 8, 3, "'expect nothing' cannot be combined with expected findings"),
                "drop 'expect nothing', or the findings the test expects");
    done(c);
}

static void test_unused_declarations_warned(void **state)
{
    (void)state;
    compiled *c = compile("profile { a : bool  z : number }\n"
                          "tiers low < high\n"
                          "tier high when a\n"
                          "tier low otherwise\n"
                          "clause c \"c\"\n"
                          "clause d \"d\"\n"
                          "evidence e \"e\" { }\n"
                          "questionnaire q \"q\" { }\n"
                          "tier attribute t : number\n"
                          "tier low has t = 1\n"
                          "tier high has t = 2\n"
                          "require R \"r\" { clause c }\n");
    /* Warnings do not fail the compile. */
    assert_int_equal(c->rc, 0);
    assert_non_null(c->policy);
    assert_int_equal(c->diags.errors, 0);
    assert_int_equal(c->diags.warnings, 5);
    assert_diag_lvl(c, 0, CK_DIAG_WARNING, "t.policy", 1, 21, "profile field 'z' is never used by a rule");
    assert_diag_lvl(c, 1, CK_DIAG_WARNING, "t.policy", 9, 16, "tier attribute 't' is never used");
    assert_diag_lvl(c, 2, CK_DIAG_WARNING, "t.policy", 6, 8, "clause 'd' is never required");
    assert_diag_lvl(c, 3, CK_DIAG_WARNING, "t.policy", 7, 10, "evidence kind 'e' is never required");
    assert_diag_lvl(c, 4, CK_DIAG_WARNING, "t.policy", 8, 15, "questionnaire 'q' is never required");
    done(c);
}

static void test_syntax_errors_stop_before_checking(void **state)
{
    (void)state;
    /* A syntax error fails the compile; the checker does not add its own noise about the wreckage. */
    compiled *c = compile_base("require R-3 \"x\" { clause notfy with }");
    assert_errors(c, 1);
    assert_diag(c, 0, BASE_LINES + 1, 37, "unexpected '}', expected name");
    done(c);

    c = compile("\n# nothing here\n");
    assert_errors(c, 1);
    assert_hint(assert_diag(c, 0, 1, 1, "policy file has no declarations"),
                "a policy starts with: policy \"Name\" version \"1\"");
    done(c);
}

/* ---- printing ---- */

static void test_expression_writer(void **state)
{
    (void)state;
    compiled *c = compile_base("require R-3 \"x\" for tier >= medium when  ( importance>=high  and not data_shared )or country in(\"G\\\"B\",\"IE\") "
                               "or tier.notify_within<=24h { clause audit }");
    assert_ok(c);
    const ck_requirement *r = &c->policy->reqs[ck_policy_requirement(c->policy, "R-3")];
    char buf[256];
    ck_expr_to_string(r->decl->when, buf, sizeof buf);
    assert_string_equal(buf, "(importance >= high and not data_shared) or country in (\"G\\\"B\", \"IE\") or "
                             "tier.notify_within <= 24h");
    /* Truncated to the buffer, still terminated. */
    char small[8];
    ck_expr_to_string(r->decl->when, small, sizeof small);
    assert_string_equal(small, "(import");
    done(c);

    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    ck_write_string_literal(f, "a\"b\\c\nd\te\x01");
    fclose(f);
    assert_string_equal(out, "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    free(out);
}

/* ---- imports ---- */

static char tmpdir[64];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int imports_setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/ck_check_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int imports_teardown(void **state)
{
    (void)state;
    return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *put(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir(path, 0755);
    *slash = '/';
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static compiled *compile_path(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    ck_policy_input in = {.path = path};
    return compile_inputs(&in, 1);
}

static void test_import_composition(void **state)
{
    (void)state;
    put("shared/tiers.policy", "tiers low < high\n"
                               "profile { critical : bool }\n"
                               "tier high when critical\n"
                               "tier low otherwise\n");
    put("shared/clauses.policy", "import \"tiers.policy\"\n"
                                 "clause audit \"Right to audit\"\n");
    put("overlay.policy", "import \"shared/tiers.policy\"\n"
                          "clause notify \"Notify\"\n"
                          "require O-1 \"o\" for tier high { clause notify }\n");
    put("root.policy", "policy \"Root\" version \"1\"\n"
                       "import \"shared/clauses.policy\"\n"
                       "import \"overlay.policy\"\n"
                       "require R-1 \"r\" { clause audit }\n");
    compiled *c = compile_path("root.policy");
    assert_ok(c);
    const ck_policy *p = c->policy;
    /* Each file once (tiers.policy is imported twice), imports before importers, the root last. */
    assert_int_equal(p->files.len, 4);
    char want[256];
    static const char *const order[] = {"shared/tiers.policy", "shared/clauses.policy", "overlay.policy",
                                        "root.policy"};
    for (size_t i = 0; i < 4; i++) {
        const ck_file *f = p->files.items[i];
        snprintf(want, sizeof want, "%s/%s", tmpdir, order[i]);
        assert_string_equal(f->src->path, want);
    }
    assert_string_equal(p->header->title, "Root");
    assert_int_equal(p->nclauses, 2);
    assert_int_equal(p->nreqs, 2);
    /* Requirements in file order: the overlay's before the root's. */
    assert_string_equal(p->reqs[0].id, "O-1");
    assert_string_equal(p->reqs[1].id, "R-1");
    assert_int_equal(p->reqs[0].tier_lo, 1);
    done(c);
}

static void test_import_cycle(void **state)
{
    (void)state;
    put("cyc/a.policy", "tiers low\ntier low otherwise\nimport \"b.policy\"\n");
    put("cyc/b.policy", "import \"c.policy\"\n");
    put("cyc/c.policy", "clause x \"x\"\nimport \"a.policy\"\n");
    compiled *c = compile_path("cyc/a.policy");
    assert_errors(c, 1);
    char path_c[256], msg[1024];
    snprintf(path_c, sizeof path_c, "%s/cyc/c.policy", tmpdir);
    snprintf(msg, sizeof msg, "import cycle: %s/cyc/a.policy -> %s/cyc/b.policy -> %s/cyc/c.policy -> %s/cyc/a.policy",
             tmpdir, tmpdir, tmpdir, tmpdir);
    assert_hint(assert_diag_lvl(c, 0, CK_DIAG_ERROR, path_c, 2, 8, msg),
                "move the shared declarations into a file that both import");
    done(c);

    put("self.policy", "import \"self.policy\"\ntiers low\n");
    c = compile_path("self.policy");
    assert_errors(c, 1);
    const ck_diag *d = c->diags.list.items[0];
    assert_non_null(strstr(d->message, "import cycle: "));
    assert_non_null(strstr(d->message, "self.policy -> "));
    done(c);
}

static void test_import_missing_file(void **state)
{
    (void)state;
    put("miss.policy", "tiers low\n"
                       "import \"nowhere.policy\"\n"
                       "import \"\"\n");
    compiled *c = compile_path("miss.policy");
    assert_errors(c, 2);
    char path[256], msg[512];
    snprintf(path, sizeof path, "%s/miss.policy", tmpdir);
    snprintf(msg, sizeof msg, "cannot read imported policy '%s/nowhere.policy': No such file or directory", tmpdir);
    assert_diag_lvl(c, 0, CK_DIAG_ERROR, path, 2, 8, msg);
    assert_diag_lvl(c, 1, CK_DIAG_ERROR, path, 3, 8, "empty import path");
    done(c);

    /* The root itself missing: a diagnostic with a path and no place. */
    c = compile_path("absent.policy");
    assert_errors(c, 1);
    const ck_diag *d = c->diags.list.items[0];
    assert_null(d->span.src);
    assert_non_null(strstr(d->path, "absent.policy"));
    assert_string_equal(d->message, "cannot read policy: No such file or directory");
    done(c);
}

static void test_import_duplicate_across_files(void **state)
{
    (void)state;
    put("dup/lib.policy", "clause audit \"Audit\"\n");
    put("dup/main.policy", "import \"lib.policy\"\n"
                           "profile { a : bool }\n"
                           "tiers low < high\n"
                           "tier high when a\n"
                           "tier low otherwise\n"
                           "clause audit \"Audit again\"\n"
                           "require R \"r\" { clause audit }\n");
    compiled *c = compile_path("dup/main.policy");
    assert_errors(c, 1);
    char path[256], hint[512];
    snprintf(path, sizeof path, "%s/dup/main.policy", tmpdir);
    snprintf(hint, sizeof hint, "it was first declared at %s/dup/lib.policy:1:8", tmpdir);
    assert_hint(assert_diag_lvl(c, 0, CK_DIAG_ERROR, path, 6, 8, "clause 'audit' is declared twice"), hint);
    done(c);
}

static void test_import_limits(void **state)
{
    (void)state;
    put("chain/f0.policy", "import \"f1.policy\"\ntiers low\ntier low otherwise\n");
    put("chain/f1.policy", "import \"f2.policy\"\n");
    put("chain/f2.policy", "import \"f3.policy\"\n");
    put("chain/f3.policy", "clause c \"c\"\n");
    char path[256];
    snprintf(path, sizeof path, "%s/chain/f0.policy", tmpdir);
    ck_policy_input in = {.path = path};
    ck_policy_limits lim;
    ck_policy_limits_default(&lim);
    assert_int_equal(lim.max_files, 64);
    assert_int_equal(lim.max_file_bytes, 4u << 20);
    lim.max_files = 3;
    compiled *c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(ck_diags_init(&c->diags), 0);
    c->rc = ck_policy_compile(&in, 1, &lim, &c->diags, &c->policy);
    assert_errors(c, 1);
    assert_diag_lvl(c, 0, CK_DIAG_ERROR, ((ck_diag *)c->diags.list.items[0])->span.src->path, 1, 8,
                    "too many policy files (the limit is 3)");
    assert_non_null(strstr(((ck_diag *)c->diags.list.items[0])->span.src->path, "f2.policy"));
    done(c);

    lim.max_files = 64;
    lim.max_file_bytes = 10;
    c = calloc(1, sizeof *c);
    assert_non_null(c);
    assert_int_equal(ck_diags_init(&c->diags), 0);
    c->rc = ck_policy_compile(&in, 1, &lim, &c->diags, &c->policy);
    assert_errors(c, 1);
    const ck_diag *d = c->diags.list.items[0];
    assert_null(d->span.src);
    assert_string_equal(d->message, "policy file is too large (48 bytes; the limit is 10)");
    done(c);
}

static void test_several_inputs_compose(void **state)
{
    (void)state;
    /* Inputs given together form one policy, like the baseline plus an overlay. */
    static const char base[] = "profile { a : bool }\ntiers low < high\ntier high when a\ntier low otherwise\n"
                               "clause c \"c\"\n";
    static const char overlay[] = "require O \"o\" for tier high { clause c }\n";
    ck_policy_input in[2] = {{.path = "base.policy", .text = base, .len = sizeof base - 1},
                             {.path = "overlay.policy", .text = overlay, .len = sizeof overlay - 1}};
    compiled *c = compile_inputs(in, 2);
    assert_ok(c);
    assert_int_equal(c->policy->files.len, 2);
    assert_int_equal(c->policy->nreqs, 1);
    assert_int_equal(c->policy->reqs[0].tier_lo, 1);
    done(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_compiles_to_tables),
        cmocka_unit_test(test_requirements_table),
        cmocka_unit_test(test_tier_attributes_and_rules),
        cmocka_unit_test(test_default_questionnaire_depth),
        cmocka_unit_test(test_tier_range_forms),
        cmocka_unit_test(test_unknown_clause_hint),
        cmocka_unit_test(test_unknown_parameter_hint),
        cmocka_unit_test(test_unknown_profile_field_hint),
        cmocka_unit_test(test_level_value_names),
        cmocka_unit_test(test_unknown_evidence_questionnaire_dates),
        cmocka_unit_test(test_unknown_tier_names),
        cmocka_unit_test(test_type_errors_in_conditions),
        cmocka_unit_test(test_type_errors_in_rules),
        cmocka_unit_test(test_contradictory_bounds),
        cmocka_unit_test(test_tier_attribute_values_typed),
        cmocka_unit_test(test_duplicate_declarations),
        cmocka_unit_test(test_duplicate_names_inside_declarations),
        cmocka_unit_test(test_header_and_tiers_twice),
        cmocka_unit_test(test_tier_rule_shadowed_by_subset),
        cmocka_unit_test(test_tier_rule_after_otherwise),
        cmocka_unit_test(test_tier_rules_need_otherwise),
        cmocka_unit_test(test_tier_rule_cannot_read_tier),
        cmocka_unit_test(test_unknown_tier_in_rule_no_cascade),
        cmocka_unit_test(test_tier_never_yielded_warning),
        cmocka_unit_test(test_tier_attribute_coverage),
        cmocka_unit_test(test_tier_attribute_where_read),
        cmocka_unit_test(test_no_tiers),
        cmocka_unit_test(test_requirement_range_errors),
        cmocka_unit_test(test_question_declarations),
        cmocka_unit_test(test_test_block_checks),
        cmocka_unit_test(test_test_block_expectations),
        cmocka_unit_test(test_unused_declarations_warned),
        cmocka_unit_test(test_syntax_errors_stop_before_checking),
        cmocka_unit_test(test_expression_writer),
        cmocka_unit_test(test_import_composition),
        cmocka_unit_test(test_import_cycle),
        cmocka_unit_test(test_import_missing_file),
        cmocka_unit_test(test_import_duplicate_across_files),
        cmocka_unit_test(test_import_limits),
        cmocka_unit_test(test_several_inputs_compose),
    };
    return cmocka_run_group_tests(tests, imports_setup, imports_teardown);
}
