/* Policy tests: the findings a test's record produces must be exactly the ones it expects. */
#include "policy_test.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "eval.h"
#include "driver.h"

/* A finding as tests name it: "BL-04 clause-weaker" or "record profile-incomplete". */
static const char *finding_key(ck_arena *a, const ck_policy *p, const ck_finding *f)
{
    return ck_arena_printf(a, "%s %s", f->req >= 0 ? p->reqs[f->req].id : "record",
                           ck_finding_kind_get(f->kind)->code);
}

static bool in_list(const ck_vec *v, const char *s)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0)
            return true;
    return false;
}

static void print_list(FILE *out, const char *label, const ck_vec *v)
{
    fprintf(out, "  %s", label);
    if (v->len == 0)
        fputs(" nothing", out);
    for (size_t i = 0; i < v->len; i++)
        fprintf(out, "%s %s", i ? "," : "", (const char *)v->items[i]);
    fputc('\n', out);
}

/* What one test found: the findings it expected and got, as "REQ kind" keys, and the tier. */
typedef struct {
    ck_vec expected, actual, missing, unexpected;
    const char *want_tier, *got_tier;
    ck_span tier_span;
    bool tier_ok, ok;
} test_outcome;

static void compare(ck_arena *a, const ck_policy *p, const ck_decl *t, const ck_result *res, test_outcome *o)
{
    *o = (test_outcome){0};
    for (size_t i = 0; i < t->expects.len; i++) {
        const ck_expectation *e = t->expects.items[i];
        if (e->is_tier) {
            o->want_tier = e->kind.text;
            o->tier_span = e->span;
        } else if (!e->nothing) {
            const char *k = ck_arena_printf(a, "%s %s", e->req.text, e->kind.text);
            if (!in_list(&o->expected, k))
                ck_vec_push(a, &o->expected, (void *)k);
        }
    }
    for (size_t i = 0; i < res->findings.len; i++) {
        const char *k = finding_key(a, p, res->findings.items[i]);
        if (!in_list(&o->actual, k))
            ck_vec_push(a, &o->actual, (void *)k);
    }
    for (size_t i = 0; i < o->expected.len; i++)
        if (!in_list(&o->actual, o->expected.items[i]))
            ck_vec_push(a, &o->missing, o->expected.items[i]);
    for (size_t i = 0; i < o->actual.len; i++)
        if (!in_list(&o->expected, o->actual.items[i]))
            ck_vec_push(a, &o->unexpected, o->actual.items[i]);
    o->got_tier = p->tiers.names[res->tier];
    o->tier_ok = !o->want_tier || strcmp(o->want_tier, o->got_tier) == 0;
    o->ok = o->tier_ok && o->missing.len == 0 && o->unexpected.len == 0;
}

static void write_text(FILE *out, ck_arena *a, const ck_policy *p, const ck_decl *t, const ck_result *res,
                       const test_outcome *o, bool verbose)
{
    ck_linecol lc = ck_source_linecol(t->span.src, t->span.start);
    if (o->ok) {
        if (verbose)
            fprintf(out, "%s:%u:%u: passed: test \"%s\"\n", t->span.src->path, lc.line, lc.col, t->title);
        return;
    }
    fprintf(out, "%s:%u:%u: FAILED: test \"%s\"\n", t->span.src->path, lc.line, lc.col, t->title);
    if (!o->tier_ok) {
        ck_linecol tl = ck_source_linecol(o->tier_span.src, o->tier_span.start);
        fprintf(out, "  line %u: expected tier %s, got tier %s%s\n", tl.line, o->want_tier, o->got_tier,
                res->tier_uncertain ? " (held to the highest possible: profile incomplete)" : "");
    }
    print_list(out, "expected:", &o->expected);
    print_list(out, "actual:  ", &o->actual);
    for (size_t i = 0; i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        const char *k = finding_key(a, p, f);
        if (in_list(&o->unexpected, k))
            fprintf(out, "  unexpected %s: %s\n", k, f->message);
    }
    for (size_t i = 0; i < o->missing.len; i++)
        fprintf(out, "  missing %s\n", (const char *)o->missing.items[i]);
}

static void json_list(FILE *out, const char *name, const ck_vec *v)
{
    fprintf(out, ",\"%s\":[", name);
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            fputc(',', out);
        ck_json_write_string_or_null(out, v->items[i]);
    }
    fputc(']', out);
}

/* One element of test -f json's "tests" (docs/test.schema.json). */
static void write_json(FILE *out, const ck_policy *p, const ck_decl *t, const ck_result *res, const test_outcome *o,
                       bool first)
{
    ck_linecol lc = ck_source_linecol(t->span.src, t->span.start);
    fputs(first ? "\n    {\"file\":" : ",\n    {\"file\":", out);
    ck_json_write_string_or_null(out, t->span.src->path);
    fprintf(out, ",\"line\":%u,\"column\":%u,\"title\":", lc.line, lc.col);
    ck_json_write_string_or_null(out, t->title);
    fprintf(out, ",\"passed\":%s,\"tier\":{\"expected\":", o->ok ? "true" : "false");
    ck_json_write_string_or_null(out, o->want_tier);
    fputs(",\"actual\":", out);
    ck_json_write_string_or_null(out, o->got_tier);
    fprintf(out, ",\"uncertain\":%s}", res->tier_uncertain ? "true" : "false");
    json_list(out, "expected", &o->expected);
    json_list(out, "actual", &o->actual);
    json_list(out, "missing", &o->missing);
    json_list(out, "unexpected", &o->unexpected);
    fputs(",\"messages\":[", out);
    for (size_t i = 0; i < res->findings.len; i++) {
        const ck_finding *f = res->findings.items[i];
        fprintf(out, "%s{\"finding\":", i ? "," : "");
        ck_json_write_string_or_null(out, finding_key(res->record->arena, p, f));
        fputs(",\"message\":", out);
        ck_json_write_string_or_null(out, f->message);
        fputc('}', out);
    }
    fputs("]}", out);
}

static int run_one(const ck_policy *p, const ck_decl *t, const ck_test_output *to, ck_test_totals *totals,
                   ck_coverage *cov)
{
    ck_record *rec;
    ck_result res;
    if (ck_driver_test(p, t, cov, &rec, &res) != CK_STATUS_OK) {
        ck_record_free(rec);
        return -1;
    }
    test_outcome o;
    compare(rec->arena, p, t, &res, &o);
    if (to->json)
        write_json(to->out, p, t, &res, &o, totals->passed + totals->failed == 0);
    else
        write_text(to->out, rec->arena, p, t, &res, &o, to->verbose);
    if (o.ok)
        totals->passed++;
    else
        totals->failed++;
    ck_record_free(rec);
    return 0;
}

int ck_policy_run_tests(const ck_policy *policy, const char *path, const ck_test_output *to, ck_test_totals *totals)
{
    for (size_t i = 0; i < policy->tests.len; i++) {
        const ck_decl *t = policy->tests.items[i];
        if (strcmp(t->span.src->path, path) != 0)
            continue;
        if (run_one(policy, t, to, totals, NULL) != 0)
            return -1;
    }
    return 0;
}

/* A coverage slot of a requirement: a rule, or a threshold inside one (an evidence attribute's
 * comparison, a question's expected answer), which tests must exercise both ways too. */
typedef struct {
    ck_span span;
    const char *what;   /* "rule" or "threshold"; NULL: a slot nothing reports (a guarded chain) */
} cover_unit;

static void collect_units(const ck_policy *p, const ck_rule *r, cover_unit *units)
{
    units[r->index] = (cover_unit){r->span, r->kind == CK_RULE_CHOICE ? NULL : "rule"};
    for (size_t i = 0; r->kind == CK_RULE_EVIDENCE && i < r->quals.len; i++) {
        const ck_evidence_qual *q = r->quals.items[i];
        if (q->cover >= 0)
            units[q->cover] = (cover_unit){q->span, "threshold"};
    }
    if (r->kind == CK_RULE_QUESTIONNAIRE && r->cover_base >= 0) {
        const ck_questionnaire *qn = &p->questionnaires[r->target_ref];
        for (size_t i = 0; i < qn->nquestions; i++)
            if (qn->questions[i].decl->has_expect)
                units[r->cover_base + (int)i] = (cover_unit){qn->questions[i].decl->expect->span, "threshold"};
    }
    if (r->kind == CK_RULE_ANY || r->kind == CK_RULE_ALL || r->kind == CK_RULE_QUANT)
        for (size_t i = 0; i < r->children.len; i++)
            collect_units(p, r->children.items[i], units);
    else if (r->kind == CK_RULE_CHOICE)
        for (size_t i = 0; i < r->children.len; i++)
            collect_units(p, ((const ck_guard_arm *)r->children.items[i])->rule, units);
}

static const char *ways(unsigned char bits)
{
    bits &= CK_COVER_MET | CK_COVER_UNMET;
    return bits == (CK_COVER_MET | CK_COVER_UNMET) ? "both ways" : bits == CK_COVER_MET ? "met only"
                                                              : bits == CK_COVER_UNMET ? "unmet only"
                                                                                       : "never reached";
}

/* Runs path's own tests quietly, recording what they exercise into cov; -1 when out of memory. */
static int run_quietly(const ck_policy *policy, const char *path, FILE *out, ck_test_totals *totals, ck_coverage *cov)
{
    FILE *sink = fopen("/dev/null", "w");
    int rc = 0;
    for (size_t i = 0; i < policy->tests.len && rc == 0; i++) {
        const ck_decl *t = policy->tests.items[i];
        if (strcmp(t->span.src->path, path) == 0)
            rc = run_one(policy, t, &(ck_test_output){.out = sink ? sink : out}, totals, cov);
    }
    if (sink)
        fclose(sink);
    return rc;
}

/* One requirement's coverage line and its rules not exercised both ways; adds its rules to
 * *both and *total. -1 when out of memory. */
static int report_requirement(const ck_policy *policy, const ck_coverage *cov, size_t r, ck_arena *arena, FILE *out,
                              size_t *both, size_t *total)
{
    const ck_requirement *req = &policy->reqs[r];
    unsigned char bits = cov->req_bits[r];
    cover_unit *units = ck_arena_alloc(arena, ((size_t)req->nrules + 1) * sizeof *units);
    if (!units)
        return -1;
    for (size_t i = 0; i < req->decl->rules.len; i++)
        collect_units(policy, req->decl->rules.items[i], units);
    /* A guarded choice is bookkeeping, not a rule a lawyer wrote: count its arms only. */
    size_t n_both = 0, n_rules = 0;
    for (int i = 0; i < req->nrules; i++) {
        if (!units[i].what)
            continue;
        unsigned char rb = cov->rule_bits[cov->rule_offset[r] + (size_t)i];
        n_both += (rb & 3) == 3;
        n_rules++;
    }
    *both += n_both;
    *total += n_rules;
    fprintf(out, "  %-14s %-13s rules both ways: %zu of %zu%s\n", req->id, ways(bits), n_both, n_rules,
            bits == CK_COVER_NOT_APPLICABLE ? " (not applicable in any test)" : "");
    for (int i = 0; i < req->nrules; i++) {
        unsigned char rb = cov->rule_bits[cov->rule_offset[r] + (size_t)i];
        if ((rb & 3) == 3 || !units[i].what)
            continue;
        ck_linecol lc = ck_source_linecol(units[i].span.src, units[i].span.start);
        fprintf(out, "      %s:%u:%u: %s %s\n", units[i].span.src->path, lc.line, lc.col, units[i].what, ways(rb));
    }
    return 0;
}

int ck_policy_test_coverage(const ck_policy *policy, const char *path, FILE *out)
{
    ck_arena *arena = ck_arena_new();
    ck_coverage cov;
    ck_test_totals totals = {0};
    /* per group: [2g] own requirements, [2g+1] of them both ways */
    size_t *by_group = NULL;
    if (!arena || ck_coverage_init(&cov, policy, arena) != 0 || run_quietly(policy, path, out, &totals, &cov) != 0 ||
        !(by_group = ck_arena_alloc(arena, (2 * policy->ngroups + 1) * sizeof *by_group))) {
        ck_arena_free(arena);
        return -1;
    }
    size_t reqs_both = 0, reqs_own = 0, rules_both = 0, rules_total = 0, imported = 0;
    fprintf(out, "coverage of %s (%zu tests):\n", path, totals.passed + totals.failed);
    for (size_t k = 0; k < policy->nreqs; k++) {
        size_t r = policy->req_order[k];
        const ck_requirement *req = &policy->reqs[r];
        /* An overlay answers for its own requirements; the imported ones are covered by the
         * tests of the file that declares them, and counting them here would hide the overlay's
         * own coverage behind a total it can never reach. */
        if (strcmp(req->decl->span.src->path, path) != 0) {
            imported++;
            continue;
        }
        reqs_own++;
        unsigned char bits = cov.req_bits[r];
        bool both = (bits & (CK_COVER_MET | CK_COVER_UNMET)) == (CK_COVER_MET | CK_COVER_UNMET);
        reqs_both += both;
        if (req->group >= 0) {
            by_group[2 * (size_t)req->group]++;
            by_group[2 * (size_t)req->group + 1] += both;
        }
        if (report_requirement(policy, &cov, r, arena, out, &rules_both, &rules_total) != 0) {
            ck_arena_free(arena);
            return -1;
        }
    }
    if (imported)
        fprintf(out, "  (%zu imported requirement%s left to the tests of the files that declare them)\n", imported,
                imported == 1 ? "" : "s");
    for (size_t g = 0; g < policy->ngroups; g++)
        if (by_group[2 * g])
            fprintf(out, "  group %-14s requirements both ways: %zu of %zu\n", policy->groups[g].name, by_group[2 * g + 1],
                    by_group[2 * g]);
    fprintf(out, "requirements exercised both ways: %zu of %zu; rules: %zu of %zu\n", reqs_both, reqs_own,
            rules_both, rules_total);
    ck_arena_free(arena);
    return 0;
}
