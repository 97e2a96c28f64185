/* Unit tests for the symbol index: declarations, and each use resolved as the checker resolves it. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "policy.h"
#include "policy_symbols.h"

static const char POLICY[] =
    "policy \"Symbols\"\n"
    "profile {\n"
    "  importance : level(low, medium, high) \"How important\"\n"
    "  cloud : bool\n"
    "}\n"
    "tiers low < medium < high\n"
    "tier attribute notify_within : duration \"Notify\"\n"
    "tier attribute depth_needed : depth of sq\n"
    "tier low has notify_within = 7d, depth_needed = lite\n"
    "tier high has notify_within = 24h, depth_needed = full\n"
    "tier high when importance >= high or high <= importance\n"
    "tier medium when importance in (low, medium) and cloud\n"
    "tier low otherwise\n"
    "clause notify \"Incidents are notified\" {\n"
    "  notify_within : duration\n"
    "  severity_floor : level(minor, major)\n"
    "}\n"
    "evidence iso \"ISO\" { independent }\n"
    "questionnaire sq \"Questions\" {\n"
    "  depths lite < full\n"
    "  question mfa : bool \"MFA\" expect true from full\n"
    "}\n"
    "require R-1 \"Notify\" for tier >= medium when tier in (medium, high) {\n"
    "  clause notify with notify_within <= tier.notify_within and severity_floor >= major\n"
    "  questionnaire sq at depth full\n"
    "  evidence iso not expired\n"
    "}\n"
    "require R-1 \"The same id again\" for tiers low to high {\n"
    "  clause unknown-clause\n"
    "}\n"
    "test \"t\" {\n"
    "  as of 2026-11-28\n"
    "  profile importance = high, cloud = true\n"
    "  clause notify notify_within = 24h, severity_floor = major\n"
    "  questionnaire sq depth = full, mfa = true\n"
    "  gap R-1 reason = \"x\"\n"
    "  expect tier high\n"
    "  expect R-1 clause-missing\n"
    "}\n"
    "party sub \"Sub-processor\" {\n"
    "  region : level(eu, other) \"Where\"\n"
    "  cloud : bool\n"
    "}\n"
    "evidence scan \"Scan\" { attribute grade : level(poor, good) }\n"
    "group parties \"Our sub-processors\" { rationale \"GDPR Art. 28\" }\n"
    "require Q-1 \"Parties\" {\n"
    "  group parties\n"
    "  for each sub where region == other {\n"
    "    ensure cloud and importance >= medium\n"
    "    evidence scan grade >= good\n"
    "  }\n"
    "  ensure cloud\n"
    "}\n"
    "test \"p\" {\n"
    "  as of 2026-11-28\n"
    "  party sub s1 region = eu {\n"
    "    evidence scan grade = poor\n"
    "  }\n"
    "  expect nothing\n"
    "}\n";

typedef struct {
    ck_arena *arena;
    ck_vec files;
    ck_symbols syms;
    const ck_source *src;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ck_diags diags;
    f->arena = ck_arena_new();
    if (!f->arena || ck_diags_init(&diags) != 0)
        return -1;
    ck_policy_input in = {.path = "symbols.policy", .text = POLICY, .len = sizeof POLICY - 1};
    int rc = ck_policy_load_files(&in, 1, NULL, f->arena, &diags, &f->files);
    ck_diags_fini(&diags);
    if (rc != 0 || f->files.len != 1 || ck_symbols_build(f->arena, &f->files, &f->syms) != 0)
        return -1;
    f->src = ((const ck_file *)f->files.items[0])->src;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ck_arena_free(f->arena);
    free(f);
    return 0;
}

/* Byte offset of the nth (0-based) occurrence of needle in the fixture text, plus skip. */
static uint32_t offset_of(const char *needle, int nth, size_t skip)
{
    const char *p = POLICY - 1;
    for (int i = 0; i <= nth; i++) {
        p = strstr(p + 1, needle);
        assert_non_null(p);
    }
    return (uint32_t)(p - POLICY + skip);
}

/* The symbol at the nth occurrence of needle (skip bytes into it). */
static const ck_symbol *at(const fixture *f, const char *needle, int nth, size_t skip)
{
    ck_span span;
    int k = ck_symbols_at(&f->syms, f->src, offset_of(needle, nth, skip), &span);
    return k < 0 ? NULL : &f->syms.syms[k];
}

static void assert_symbol(const fixture *f, const ck_symbol *s, ck_sym_kind kind, const char *name,
                          const char *parent)
{
    assert_non_null(s);
    assert_int_equal(s->kind, kind);
    assert_string_equal(s->name, name);
    if (parent)
        assert_string_equal(f->syms.syms[s->parent].name, parent);
    else
        assert_int_equal(s->parent, -1);
}

static void test_declarations(void **state)
{
    fixture *f = *state;
    assert_symbol(f, at(f, "importance :", 0, 0), CK_SYM_PROFILE_FIELD, "importance", NULL);
    assert_symbol(f, at(f, "low,", 0, 0), CK_SYM_LEVEL_VALUE, "low", "importance");
    assert_symbol(f, at(f, "low <", 0, 0), CK_SYM_TIER, "low", NULL);
    assert_symbol(f, at(f, "notify_within :", 0, 0), CK_SYM_TIER_ATTR, "notify_within", NULL);
    assert_symbol(f, at(f, "notify \"", 0, 0), CK_SYM_CLAUSE, "notify", NULL);
    assert_symbol(f, at(f, "notify_within :", 1, 0), CK_SYM_PARAM, "notify_within", "notify");
    assert_symbol(f, at(f, "major)", 0, 0), CK_SYM_LEVEL_VALUE, "major", "severity_floor");
    assert_symbol(f, at(f, "iso \"", 0, 0), CK_SYM_EVIDENCE, "iso", NULL);
    assert_symbol(f, at(f, "sq \"", 0, 0), CK_SYM_QUESTIONNAIRE, "sq", NULL);
    assert_symbol(f, at(f, "lite <", 0, 0), CK_SYM_DEPTH, "lite", "sq");
    assert_symbol(f, at(f, "mfa :", 0, 0), CK_SYM_QUESTION, "mfa", "sq");
    assert_symbol(f, at(f, "R-1 \"Notify", 0, 0), CK_SYM_REQUIREMENT, "R-1", NULL);
    const ck_symbol *high = at(f, "high", 1, 0);
    assert_int_equal(high->position, 2);
    /* a cursor right after a name still finds it; a keyword or a title finds nothing */
    assert_symbol(f, at(f, "cloud :", 0, 5), CK_SYM_PROFILE_FIELD, "cloud", NULL);
    assert_null(at(f, "profile {", 0, 2));
    assert_null(at(f, "\"Incidents", 0, 3));
    assert_int_equal(ck_symbols_find(&f->syms, CK_SYM_PARAM, -1, "notify_within"), -1); /* parameters are scoped */
}

/* A bare name is a profile field, else a value of the scale it is compared with, on either side. */
static void test_values_resolve_by_comparison(void **state)
{
    fixture *f = *state;
    assert_symbol(f, at(f, "importance >=", 0, 0), CK_SYM_PROFILE_FIELD, "importance", NULL);
    assert_symbol(f, at(f, "high or", 0, 0), CK_SYM_LEVEL_VALUE, "high", "importance");
    assert_symbol(f, at(f, "high <= importance", 0, 0), CK_SYM_LEVEL_VALUE, "high", "importance");
    assert_symbol(f, at(f, "low, medium)", 0, 0), CK_SYM_LEVEL_VALUE, "low", "importance");
    assert_symbol(f, at(f, "medium, high)", 1, 0), CK_SYM_TIER, "medium", NULL); /* tier in (...) */
    assert_symbol(f, at(f, "tier >= medium", 0, 8), CK_SYM_TIER, "medium", NULL);
    assert_symbol(f, at(f, "tiers low to high", 0, 6), CK_SYM_TIER, "low", NULL);
    assert_symbol(f, at(f, "tier high when", 0, 5), CK_SYM_TIER, "high", NULL);
    assert_symbol(f, at(f, "depth_needed = full", 0, 15), CK_SYM_DEPTH, "full", "sq"); /* depth of sq */
    assert_symbol(f, at(f, "depth of sq", 0, 9), CK_SYM_QUESTIONNAIRE, "sq", NULL);
}

static void test_rules_resolve_in_their_declaration(void **state)
{
    fixture *f = *state;
    assert_symbol(f, at(f, "clause notify with", 0, 7), CK_SYM_CLAUSE, "notify", NULL);
    assert_symbol(f, at(f, "notify_within <=", 0, 0), CK_SYM_PARAM, "notify_within", "notify");
    assert_symbol(f, at(f, "tier.notify_within", 0, 5), CK_SYM_TIER_ATTR, "notify_within", NULL);
    assert_symbol(f, at(f, ">= major", 0, 3), CK_SYM_LEVEL_VALUE, "major", "severity_floor");
    assert_symbol(f, at(f, "at depth full", 0, 9), CK_SYM_DEPTH, "full", "sq");
    assert_symbol(f, at(f, "from full", 0, 5), CK_SYM_DEPTH, "full", "sq");
    assert_symbol(f, at(f, "evidence iso", 0, 9), CK_SYM_EVIDENCE, "iso", NULL);
    assert_null(at(f, "unknown-clause", 0, 0)); /* declared nowhere: no symbol */
}

static void test_tests_use_what_they_name(void **state)
{
    fixture *f = *state;
    assert_symbol(f, at(f, "importance = high", 0, 0), CK_SYM_PROFILE_FIELD, "importance", NULL);
    assert_symbol(f, at(f, "importance = high", 0, 13), CK_SYM_LEVEL_VALUE, "high", "importance");
    assert_symbol(f, at(f, "notify_within = 24h", 1, 0), CK_SYM_PARAM, "notify_within", "notify");
    assert_symbol(f, at(f, "severity_floor = major", 0, 17), CK_SYM_LEVEL_VALUE, "major", "severity_floor");
    assert_symbol(f, at(f, "depth = full", 0, 8), CK_SYM_DEPTH, "full", "sq");
    assert_symbol(f, at(f, "mfa = true", 0, 0), CK_SYM_QUESTION, "mfa", "sq");
    assert_symbol(f, at(f, "gap R-1", 0, 4), CK_SYM_REQUIREMENT, "R-1", NULL);
    assert_symbol(f, at(f, "expect tier high", 0, 12), CK_SYM_TIER, "high", NULL);
    assert_symbol(f, at(f, "expect R-1", 0, 7), CK_SYM_REQUIREMENT, "R-1", NULL);
}

static size_t uses_of(const fixture *f, int symbol)
{
    size_t n = 0;
    for (size_t i = 0; i < f->syms.nrefs; i++)
        n += f->syms.refs[i].symbol == symbol;
    return n;
}

/* Inside `for KIND`, a bare name is the party's field first; evidence attributes belong to their kind;
 * a requirement names its group. */
static void test_parties_and_evidence_attributes(void **state)
{
    fixture *f = *state;
    assert_symbol(f, at(f, "sub \"", 0, 0), CK_SYM_PARTY, "sub", NULL);
    assert_symbol(f, at(f, "region :", 0, 0), CK_SYM_PARTY_FIELD, "region", "sub");
    assert_symbol(f, at(f, "grade :", 0, 0), CK_SYM_EVIDENCE_ATTR, "grade", "scan");
    assert_symbol(f, at(f, "each sub", 0, 5), CK_SYM_PARTY, "sub", NULL);
    assert_symbol(f, at(f, "region == other", 0, 0), CK_SYM_PARTY_FIELD, "region", "sub");
    assert_symbol(f, at(f, "== other", 0, 3), CK_SYM_LEVEL_VALUE, "other", "region");
    assert_symbol(f, at(f, "ensure cloud and", 0, 7), CK_SYM_PARTY_FIELD, "cloud", "sub");
    assert_symbol(f, at(f, "importance >= medium", 0, 0), CK_SYM_PROFILE_FIELD, "importance", NULL);
    assert_symbol(f, at(f, ">= medium\n", 0, 3), CK_SYM_LEVEL_VALUE, "medium", "importance");
    assert_symbol(f, at(f, "grade >= good", 0, 0), CK_SYM_EVIDENCE_ATTR, "grade", "scan");
    assert_symbol(f, at(f, ">= good", 0, 3), CK_SYM_LEVEL_VALUE, "good", "grade");
    assert_symbol(f, at(f, "  ensure cloud\n", 0, 9), CK_SYM_PROFILE_FIELD, "cloud", NULL); /* outside: the profile's */
    assert_symbol(f, at(f, "party sub s1", 0, 6), CK_SYM_PARTY, "sub", NULL);
    assert_symbol(f, at(f, "region = eu", 0, 9), CK_SYM_LEVEL_VALUE, "eu", "region");
    assert_symbol(f, at(f, "grade = poor", 0, 0), CK_SYM_EVIDENCE_ATTR, "grade", "scan");
    assert_symbol(f, at(f, "= poor", 0, 2), CK_SYM_LEVEL_VALUE, "poor", "grade");
    assert_symbol(f, at(f, "parties \"", 0, 0), CK_SYM_GROUP, "parties", NULL);
    assert_symbol(f, at(f, "group parties\n", 0, 6), CK_SYM_GROUP, "parties", NULL);
}

/* A name declared twice: both are symbols, uses resolve to the first. */
static void test_duplicates_resolve_to_the_first(void **state)
{
    fixture *f = *state;
    const ck_symbol *first = at(f, "R-1 \"Notify", 0, 0), *second = at(f, "R-1 \"The same", 0, 0);
    assert_non_null(second);
    assert_ptr_not_equal(first, second);
    assert_ptr_equal(at(f, "gap R-1", 0, 4), first);
    assert_int_equal(uses_of(f, (int)(first - f->syms.syms)), 2); /* gap R-1, expect R-1 */
    assert_int_equal(uses_of(f, (int)(second - f->syms.syms)), 0);
}

static void test_every_use_is_counted(void **state)
{
    fixture *f = *state;
    /* two `tier X has`, one tier.notify_within */
    assert_int_equal(uses_of(f, ck_symbols_find(&f->syms, CK_SYM_TIER_ATTR, -1, "notify_within")), 3);
    assert_int_equal(uses_of(f, ck_symbols_find(&f->syms, CK_SYM_TIER, -1, "high")), 5);
}

/* Uses in one file resolve to declarations in the file it imports; the text resolves its imports beside its path. */
static void test_across_imports(void **state)
{
    (void)state;
    char dir[] = "/tmp/ck-symbols-XXXXXX", path[64], main_path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/base.policy", dir);
    snprintf(main_path, sizeof main_path, "%s/main.policy", dir);
    FILE *b = fopen(path, "w");
    assert_non_null(b);
    fputs("clause shared \"Declared in the import\"\n", b);
    fclose(b);
    static const char text[] = "import \"base.policy\"\nrequire R \"x\" {\n  clause shared\n}\n";
    ck_arena *arena = ck_arena_new();
    ck_diags diags;
    ck_vec files = {0};
    ck_symbols syms;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_policy_input in = {.path = main_path, .text = text, .len = sizeof text - 1, .imports_beside_path = true};
    assert_int_equal(ck_policy_load_files(&in, 1, NULL, arena, &diags, &files), 0);
    assert_int_equal(files.len, 2);
    assert_int_equal(ck_symbols_build(arena, &files, &syms), 0);
    const ck_file *root = files.items[1];
    const ck_decl *imp = root->decls.items[0];
    assert_ptr_equal(imp->imported, files.items[0]);
    ck_span span;
    int k = ck_symbols_at(&syms, root->src, (uint32_t)(strstr(text, "shared") - text), &span);
    assert_true(k >= 0);
    assert_string_equal(syms.syms[k].name_span.src->path, path);
    ck_diags_fini(&diags);
    ck_arena_free(arena);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_declarations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_resolve_by_comparison, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rules_resolve_in_their_declaration, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tests_use_what_they_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parties_and_evidence_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_resolve_to_the_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_use_is_counted, setup, teardown),
        cmocka_unit_test(test_across_imports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
