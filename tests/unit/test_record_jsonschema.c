/* Unit tests for the records' JSON Schema: every section and key of the record schema table is in
 * it, as the table says (types, required keys), and so is everything the policy declares. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "record.h"
#include "record_jsonschema.h"
#include "record_schema.h"

static const char POLICY[] =
    "policy \"Unit \\\"schema\\\" policy\" version \"2\"\n"
    "profile {\n"
    "  importance : level(low, high) \"How important\"\n"
    "  cloud : bool\n"
    "}\n"
    "tiers low < high\n"
    "tier high when importance >= high or cloud\n"
    "tier low otherwise\n"
    "clause notify \"Notify\" { notify_within : duration \"Longest time\"  staff : number  since : date }\n"
    "clause audit \"Audit\"\n"
    "evidence iso \"ISO\" { valid for 3y }\n"
    "evidence pentest \"Pen test\" { attribute score : number  attribute scope : level(some, whole) }\n"
    "questionnaire sq \"SQ\" { depths lite < full  question mfa : bool }\n"
    "party processor \"A processor\" { approved : bool  country : string }\n"
    "party host \"A host\" { rating : level(b, a) }\n"
    "require R-1 \"Notified\" { clause notify with notify_within <= 24h  clause audit\n"
    "  evidence iso  evidence pentest score <= 4 and scope == whole  questionnaire sq at depth full\n"
    "  for each processor { ensure approved }  for each host { ensure rating >= a } }\n"
    "require R-2 \"Second\" { ensure cloud }\n";

static ck_policy *compile(const char *text)
{
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    ck_policy *p = NULL;
    ck_policy_input in = {.path = "t.policy", .text = text, .len = strlen(text)};
    int rc = ck_policy_compile(&in, 1, NULL, &diags, &p);
    for (size_t i = 0; i < diags.list.len; i++)
        if (((ck_diag *)diags.list.items[i])->level == CK_DIAG_ERROR)
            fprintf(stderr, "policy: %s\n", ((ck_diag *)diags.list.items[i])->message);
    ck_diags_fini(&diags);
    assert_int_equal(rc, 0);
    return p;
}

/* The schema as text (malloc'd) and parsed. */
static json_t *schema_of(const ck_policy *p, char **text)
{
    size_t len = 0;
    FILE *m = open_memstream(text, &len);
    assert_non_null(m);
    assert_int_equal(ck_record_jsonschema_write(m, p), 0);
    assert_int_equal(fclose(m), 0);
    json_error_t err;
    json_t *root = json_loadb(*text, len, 0, &err);
    if (!root)
        fail_msg("not JSON: %s at line %d", err.text, err.line);
    return root;
}

/* Follows "$ref": "#/$defs/NAME" within root. */
static json_t *deref(json_t *root, json_t *s)
{
    const char *ref = json_string_value(json_object_get(s, "$ref"));
    if (!ref)
        return s;
    assert_true(strncmp(ref, "#/$defs/", 8) == 0);
    json_t *d = json_object_get(json_object_get(root, "$defs"), ref + 8);
    assert_non_null(d);
    return deref(root, d);
}

static json_t *prop(json_t *root, json_t *object, const char *name)
{
    json_t *p = json_object_get(json_object_get(object, "properties"), name);
    if (!p)
        fail_msg("no property '%s'", name);
    return deref(root, p);
}

static bool listed(json_t *array, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v) if (strcmp(json_string_value(v), name) == 0) return true;
    return false;
}

/* An enum holds exactly names, in order. */
static void assert_enum(json_t *schema, const char *const *names, size_t n)
{
    json_t *e = json_object_get(schema, "enum");
    assert_non_null(e);
    assert_int_equal(json_array_size(e), n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(json_string_value(json_array_get(e, i)), names[i]);
}

/* The schema of one entry of section s (the mapping, or an item of the list). */
static json_t *entry_of(json_t *root, ck_section s)
{
    json_t *sec = prop(root, root, ck_section_get(s)->name);
    return ck_section_get(s)->is_list ? deref(root, json_object_get(sec, "items")) : sec;
}

static void test_every_table_key_is_in_the_schema(void **state)
{
    (void)state;
    ck_policy *p = compile(POLICY);
    char *text = NULL;
    json_t *root = schema_of(p, &text);
    assert_string_equal(json_string_value(json_object_get(root, "$schema")),
                        "https://json-schema.org/draft/2020-12/schema");
    assert_false(json_is_true(json_object_get(root, "additionalProperties")));
    size_t nprops = 0;
    for (int s = 0; s < CK_SECTION_COUNT; s++) {
        const ck_section_info *si = ck_section_get((ck_section)s);
        json_t *entry = entry_of(root, (ck_section)s);
        if (s == CK_SECTION_CLAUSES) /* a clause entry's fixed keys sit in each clause, beside its parameters */
            entry = prop(root, entry, "notify");
        if (s == CK_SECTION_QUESTIONNAIRES) /* and a questionnaire's beside its depth and answers */
            entry = prop(root, entry, "sq");
        nprops++;
        bool required_section = false;
        for (size_t k = 0; k < si->nkeys; k++) {
            const ck_record_key *key = &si->keys[k];
            prop(root, entry, key->name);
            bool required = key->flags & CK_KEY_REQUIRED;
            assert_int_equal(listed(json_object_get(entry, "required"), key->name), required);
            required_section = required_section || (required && !si->is_list);
            if (key->type == CK_TYPE_DATE)
                assert_non_null(json_object_get(prop(root, entry, key->name), "pattern"));
        }
        assert_int_equal(listed(json_object_get(root, "required"), si->name), required_section);
        if (si->keys) /* a mapping of fixed keys refuses others */
            assert_true(json_is_false(json_object_get(entry, "additionalProperties")));
    }
    /* nothing but the table's sections at the top */
    assert_int_equal(json_object_size(json_object_get(root, "properties")), nprops);
    json_decref(root);
    free(text);
    ck_policy_free(p);
}

static void test_names_the_policy_declares(void **state)
{
    (void)state;
    ck_policy *p = compile(POLICY);
    char *text = NULL;
    json_t *root = schema_of(p, &text);
    static const char *const kinds[] = {"iso", "pentest"}, *const reqs[] = {"R-1", "R-2"},
                             *const parties[] = {"processor", "host"}, *const depths[] = {"lite", "full"},
                             *const levels[] = {"low", "high"};
    assert_enum(prop(root, entry_of(root, CK_SECTION_EVIDENCE), "kind"), kinds, 2);
    assert_enum(prop(root, entry_of(root, CK_SECTION_GAPS), "requirement"), reqs, 2);
    assert_enum(prop(root, entry_of(root, CK_SECTION_PARTIES), "kind"), parties, 2);
    json_t *profile = entry_of(root, CK_SECTION_PROFILE);
    assert_enum(prop(root, profile, "importance"), levels, 2);
    assert_string_equal(json_string_value(json_object_get(prop(root, profile, "cloud"), "type")), "boolean");
    assert_true(json_is_false(json_object_get(profile, "additionalProperties")));
    /* clauses: parameters typed, and the section every clause entry may name */
    json_t *clauses = entry_of(root, CK_SECTION_CLAUSES);
    json_t *notify = prop(root, clauses, "notify");
    assert_non_null(json_object_get(prop(root, notify, "notify_within"), "pattern"));
    assert_string_equal(json_string_value(json_object_get(prop(root, notify, "staff"), "type")), "number");
    prop(root, notify, CK_CLAUSE_SECTION_KEY);
    prop(root, prop(root, clauses, "audit"), CK_CLAUSE_SECTION_KEY);
    prop(root, notify, "document");
    assert_int_equal(json_object_size(json_object_get(prop(root, clauses, "audit"), "properties")),
                     ck_section_get(CK_SECTION_CLAUSES)->nkeys);
    /* questionnaires: depth, answers and the date they were answered */
    json_t *sq = prop(root, entry_of(root, CK_SECTION_QUESTIONNAIRES), "sq");
    assert_enum(prop(root, sq, CK_QUESTIONNAIRE_DEPTH_KEY), depths, 2);
    prop(root, prop(root, sq, CK_QUESTIONNAIRE_ANSWERS_KEY), "mfa");
    assert_non_null(json_object_get(prop(root, sq, "answered"), "pattern"));
    /* a party carries the sub-sections the loader reads, and its kind's fields */
    json_t *party = entry_of(root, CK_SECTION_PARTIES);
    for (size_t i = 0; i < CK_PARTY_NSECTIONS; i++)
        prop(root, party, ck_section_get(ck_party_sections[i])->name);
    json_t *rules = json_object_get(party, "allOf");
    assert_int_equal(json_array_size(rules), 2);
    json_t *host = json_object_get(json_array_get(rules, 1), "then");
    static const char *const ratings[] = {"b", "a"};
    assert_enum(prop(root, prop(root, host, "profile"), "rating"), ratings, 2);
    /* evidence attributes: one rule for kinds without them, one per kind with them */
    json_t *ev_rules = json_object_get(entry_of(root, CK_SECTION_EVIDENCE), "allOf");
    assert_int_equal(json_array_size(ev_rules), 2);
    json_t *none = json_object_get(json_object_get(json_array_get(ev_rules, 0), "then"), "properties");
    assert_true(json_is_false(json_object_get(none, "score")));
    assert_true(json_is_false(json_object_get(none, "scope")));
    json_t *pentest = json_object_get(json_array_get(ev_rules, 1), "then");
    static const char *const scopes[] = {"some", "whole"};
    assert_enum(prop(root, pentest, "scope"), scopes, 2);
    json_decref(root);
    free(text);
    ck_policy_free(p);
}

/* A policy that declares nothing a record names still gives a schema, whose lists are empty. */
static void test_a_policy_of_nothing(void **state)
{
    (void)state;
    ck_policy *p = compile("tiers only\ntier only otherwise\n");
    char *text = NULL;
    json_t *root = schema_of(p, &text);
    assert_enum(prop(root, entry_of(root, CK_SECTION_EVIDENCE), "kind"), NULL, 0);
    assert_null(json_object_get(entry_of(root, CK_SECTION_EVIDENCE), "allOf"));
    assert_int_equal(json_object_size(json_object_get(entry_of(root, CK_SECTION_CLAUSES), "properties")), 0);
    assert_string_equal(json_string_value(json_object_get(root, "title")), "Contract record for the policy");
    json_decref(root);
    free(text);
    ck_policy_free(p);
}

static void test_same_policy_same_bytes(void **state)
{
    (void)state;
    ck_policy *p = compile(POLICY), *q = compile(POLICY);
    char *a = NULL, *b = NULL;
    json_t *ja = schema_of(p, &a), *jb = schema_of(q, &b);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "\"title\": \"Contract record for Unit \\\"schema\\\" policy version 2\""));
    json_decref(ja);
    json_decref(jb);
    free(a);
    free(b);
    ck_policy_free(p);
    ck_policy_free(q);
}

/* A full disk is an error the caller hears of, not a truncated schema reported as written. */
static void test_write_error(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    setvbuf(full, NULL, _IONBF, 0);
    ck_policy *p = compile(POLICY);
    assert_int_equal(ck_record_jsonschema_write(full, p), -1);
    fclose(full);
    ck_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_table_key_is_in_the_schema),
        cmocka_unit_test(test_names_the_policy_declares),
        cmocka_unit_test(test_a_policy_of_nothing),
        cmocka_unit_test(test_same_policy_same_bytes),
        cmocka_unit_test(test_write_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
