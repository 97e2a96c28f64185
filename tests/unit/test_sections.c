/* Unit tests for sections: every numbering style, plausibility of body-text numbers, ids, lookup, spans. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "document.h"
#include "sections.h"

typedef struct {
    ck_document *doc;
    ck_sections s;
} split;

static split read_split(const char *name, const char *text)
{
    split r;
    ck_doc_error err;
    assert_int_equal(ck_doc_read_memory(text, strlen(text), name, NULL, &r.doc, &err), CK_DOC_OK);
    assert_int_equal(ck_sections_split(r.doc, &r.s), 0);
    return r;
}

static void done(split *r)
{
    ck_sections_free(&r->s);
    ck_doc_free(r->doc);
}

/* All ids in document order, space-separated with "|" between, for one assertion per document. */
static void ids(const split *r, char *out, size_t cap)
{
    size_t w = 0;
    out[0] = '\0';
    for (size_t i = 0; i < r->s.n && w < cap; i++)
        w += (size_t)snprintf(out + w, cap - w, "%s%s", i ? "|" : "", r->s.items[i].id);
}

static const ck_doc_section *find(const split *r, const char *ref)
{
    return ck_sections_find(&r->s, ref, strlen(ref), NULL);
}

/* The section's whole text, for comparing. */
static void section_text(const split *r, const ck_doc_section *s, char *out, size_t cap, bool own)
{
    size_t end = own ? s->own_end : s->end;
    snprintf(out, cap, "%.*s", (int)(end - s->start), r->doc->text + s->start);
}

static const char plain_contract[] =
    "MASTER SERVICES AGREEMENT\n"
    "This Agreement is dated 1 January 2026.\n"
    "(A) The Supplier provides cloud services.\n"
    "1. Definitions\n"
    "1.1 Business Day means a day other than a Saturday or Sunday.\n"
    "2. Security\n"
    "2.1 The Supplier shall notify the Customer within\n"
    "72 hours of becoming aware of an incident.\n"
    "72. This line wraps but is not a clause.\n"
    "2.2 Clause 9.2 applies to all Services.\n"
    "9.2 is cited here again but numbers do not go back.\n"
    "2.3 The Supplier shall:\n"
    "(a) keep records;\n"
    "(b) notify the Customer; and\n"
    "(i) the nature of the breach;\n"
    "(ii) its likely consequences;\n"
    "(c) cooperate.\n"
    "(z) is not the next letter.\n"
    "3) Audit\n"
    "3.1 Audits take place once a year, under this clause 3 and\n"
    "Schedule 1, as the parties agree, and at any time after\n"
    "an incident.\n";

static void test_plain_text_numbers(void **state)
{
    (void)state;
    split r = read_split("msa.txt", plain_contract);
    char got[512];
    ids(&r, got, sizeof got);
    assert_string_equal(got, "1|1.1|2|2.1|2.2|2.3|2.3(a)|2.3(b)|2.3(b)(i)|2.3(b)(ii)|2.3(c)|3|3.1");
    const ck_doc_section *s = find(&r, "2.1");
    char text[512];
    section_text(&r, s, text, sizeof text, false);
    assert_string_equal(text, "2.1 The Supplier shall notify the Customer within\n"
                              "72 hours of becoming aware of an incident.\n"
                              "72. This line wraps but is not a clause.\n");
    s = find(&r, "2.3(b)");
    section_text(&r, s, text, sizeof text, false);
    assert_string_equal(text, "(b) notify the Customer; and\n(i) the nature of the breach;\n"
                              "(ii) its likely consequences;\n");
    section_text(&r, s, text, sizeof text, true);
    assert_string_equal(text, "(b) notify the Customer; and\n");
    assert_int_equal(s->depth, 2);
    assert_string_equal(r.s.items[s->parent].id, "2.3");
    s = find(&r, "2.3(c)");
    section_text(&r, s, text, sizeof text, false);
    assert_string_equal(text, "(c) cooperate.\n(z) is not the next letter.\n");
    s = find(&r, "3");
    assert_int_equal(s->heading_end - s->heading_start, 5);
    assert_memory_equal(r.doc->text + s->heading_start, "Audit", 5);
    assert_int_equal(s->label_end - s->label_start, 2); /* "3)" */
    done(&r);
}

static const char markdown_contract[] =
    "# Master Services Agreement\n"
    "\n"
    "## 9 Security incidents\n"
    "\n"
    "## 9.2 Incident notification\n"
    "The Supplier shall notify the Customer without undue delay.\n"
    "(a) the nature of the incident;\n"
    "(b) the categories of data;\n"
    "(c) ...\n"
    "(d) ...\n"
    "(e) ...\n"
    "(f) ...\n"
    "(g) ...\n"
    "(h) the contact point;\n"
    "(i) the letter after h, not a roman one.\n"
    "### 9.2.1 Early warning\n"
    "Within 24 hours.\n"
    "9.2(b) restated.\n"
    "**Clause 10: Term**\n"
    "The Agreement runs for three years.\n"
    "Section 11\n"
    "Governing law.\n"
    "## Schedule 2 - Security Requirements\n"
    "1. General\n"
    "Paragraph 4 Incident management\n"
    "4.1 Incidents are logged.\n"
    "## Annex II\n"
    "1. Encryption\n"
    "## Appendix A: Contacts\n"
    "## Exhibit 2A\n"
    "## Signatures\n"
    "Signed by both parties.\n";

static void test_markdown_styles(void **state)
{
    (void)state;
    split r = read_split("msa.md", markdown_contract);
    char got[1024];
    ids(&r, got, sizeof got);
    assert_string_equal(got, "9|9.2|9.2(a)|9.2(b)|9.2(c)|9.2(d)|9.2(e)|9.2(f)|9.2(g)|9.2(h)|9.2(i)|"
                             "9.2.1|10|11|schedule 2|schedule 2 para 1|schedule 2 para 4|"
                             "schedule 2 para 4.1|annex ii|annex ii para 1|appendix a|exhibit 2a");
    const ck_doc_section *s = find(&r, "9.2");
    char text[1024];
    section_text(&r, s, text, sizeof text, true);
    assert_string_equal(text, "## 9.2 Incident notification\n"
                              "The Supplier shall notify the Customer without undue delay.\n");
    assert_memory_equal(r.doc->text + s->heading_start, "Incident notification", 21);
    /* "## Signatures" ends the last section: the signature block is nobody's clause */
    s = find(&r, "Exhibit 2A");
    section_text(&r, s, text, sizeof text, false);
    assert_string_equal(text, "## Exhibit 2A\n");
    s = find(&r, "clause 10");
    assert_memory_equal(r.doc->text + s->heading_start, "Term", 4);
    section_text(&r, s, text, sizeof text, false);
    assert_string_equal(text, "**Clause 10: Term**\nThe Agreement runs for three years.\n");
    /* Schedule 2 holds its paragraphs */
    s = find(&r, "Schedule 2");
    section_text(&r, s, text, sizeof text, false);
    assert_true(strstr(text, "4.1 Incidents are logged.") != NULL);
    assert_memory_equal(r.doc->text + s->heading_start, "Security Requirements", 21);
    done(&r);
}

static void test_reference_normalisation(void **state)
{
    (void)state;
    static const struct {
        const char *ref, *id;
    } cases[] = {
        {"9.2", "9.2"},
        {"9.2.", "9.2"},
        {" 9.2 ", "9.2"},
        {"Clause 9.2", "9.2"},
        {"clause 9.2(a)", "9.2(a)"},
        {"9.2 (a)", "9.2(a)"},
        {"9.2(A)(iv)", "9.2(a)(iv)"},
        {"Section 9", "9"},
        {"SECTION 9", "9"},
        {"Article 30(2)", "30(2)"},
        {"\xC2\xA7 12", "12"},
        {"Schedule 2 para 4", "schedule 2 para 4"},
        {"Schedule 2, paragraph 4", "schedule 2 para 4"},
        {"schedule 2 para. 4", "schedule 2 para 4"},
        {"SCHEDULE 2 Para 4.1(b)", "schedule 2 para 4.1(b)"},
        {"Schedule 2 clause 4", "schedule 2 para 4"},
        {"Schedule 2", "schedule 2"},
        {"Annex II", "annex ii"},
        {"annex  II", "annex ii"},
        {"Annexure 3", "annex 3"},
        {"Appendix A", "appendix a"},
        {"Exhibit 2A", "exhibit 2a"},
        {"", ""},
        {"security", ""},
        {"9.2 Incident notification", ""},
        {"1000", ""},
        {"(a)", ""},
        {"Schedule", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        size_t n = ck_section_id_normalise(cases[i].ref, strlen(cases[i].ref), buf, sizeof buf);
        if (strcmp(buf, cases[i].id) != 0 || n != strlen(cases[i].id))
            fail_msg("'%s': expected '%s', got '%s'", cases[i].ref, cases[i].id, buf);
    }
    char tiny[4];
    assert_int_equal(ck_section_id_normalise("Schedule 2", 10, tiny, sizeof tiny), 0);
    assert_string_equal(tiny, "");
}

static void test_duplicates_and_missing(void **state)
{
    (void)state;
    /* strong (heading) numbers may restart; the lookup names the first and counts both */
    split r = read_split("two.md", "## 1 Main\n## 2 More\n## 1 Restarted\n");
    size_t matches;
    const ck_doc_section *s = ck_sections_find(&r.s, "1", 1, &matches);
    assert_non_null(s);
    assert_int_equal(matches, 2);
    assert_memory_equal(r.doc->text + s->heading_start, "Main", 4);
    assert_null(ck_sections_find(&r.s, "3", 1, &matches));
    assert_int_equal(matches, 0);
    assert_null(ck_sections_find(&r.s, "not an id", 9, &matches));
    done(&r);
}

static void test_docx_numbering_sections(void **state)
{
    (void)state;
    /* Word's automatic numbers become section ids: see scripts/gen_document_fixtures.py */
    FILE *f = fopen("tests/documents/msa.docx", "rb");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    split r;
    ck_doc_error err;
    assert_int_equal(ck_doc_read_memory(buf, n, "msa.docx", NULL, &r.doc, &err), CK_DOC_OK);
    assert_int_equal(ck_sections_split(r.doc, &r.s), 0);
    char got[512];
    ids(&r, got, sizeof got);
    assert_string_equal(got, "1|1.1|2|2.1|2.1(a)|2.1(b)|2.1(c)|3|3.1|3.1(a)|schedule 2|schedule 2 para 1|"
                             "schedule 2 para 1.1|annex i");
    const ck_doc_section *s = find(&r, "Clause 2.1");
    char where[96];
    ck_doc_describe_span(r.doc, s->label_start, s->label_end, where, sizeof where);
    assert_string_equal(where, "paragraph 5, characters 1-3");
    done(&r);
}

static void test_empty_and_limits(void **state)
{
    (void)state;
    ck_sections s;
    assert_int_equal(ck_sections_split(NULL, &s), 0);
    assert_int_equal(s.n, 0);
    assert_null(ck_sections_find(&s, "1", 1, NULL));
    ck_sections_free(&s);
    /* numbers too deep, too large, or dotted like a date are text */
    split r = read_split("x.txt", "1.2.3.4.5.6.7 deep\n1000. large\n2026.01.31 a date\n");
    assert_int_equal(r.s.n, 0);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_numbers),
        cmocka_unit_test(test_markdown_styles),
        cmocka_unit_test(test_reference_normalisation),
        cmocka_unit_test(test_duplicates_and_missing),
        cmocka_unit_test(test_docx_numbering_sections),
        cmocka_unit_test(test_empty_and_limits),
    };
    return cmocka_run_group_tests_name("sections", tests, NULL, NULL);
}
