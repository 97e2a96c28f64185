/*
 * Unit test for a machine without poppler-glib: the PDF reader is loaded when the first PDF is
 * read, so this build names a library that does not exist (the reader's source is compiled in
 * here with that name, in place of the library's copy) and checks that reading a PDF fails
 * with the loader's reason, every time, while text documents still read.
 */
/* first: the reader's source defines _GNU_SOURCE before its own includes */
#define CK_POPPLER_SONAME "libclausecheck-test-absent-poppler.so.0"
#include "../../src/document_pdf.c"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "document.h"

static const char tiny_pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

static void test_pdf_without_poppler(void **state)
{
    (void)state;
    for (int i = 0; i < 2; i++) { /* the second read gets the first one's answer, not a new dlopen */
        ck_document *doc = NULL;
        ck_doc_error err;
        ck_doc_status s = ck_doc_read_memory(tiny_pdf, sizeof tiny_pdf - 1, "msa.pdf", NULL, &doc, &err);
        assert_int_equal(s, CK_DOC_READER_FAILED);
        assert_null(doc);
        assert_non_null(strstr(err.detail, "cannot load the PDF reader: libclausecheck-test-absent-poppler.so.0: "
                                           "cannot open shared object file"));
        assert_non_null(strstr(err.detail, "(install libpoppler-glib8)"));
    }
}

static void test_text_still_reads(void **state)
{
    (void)state;
    ck_document *doc = NULL;
    ck_doc_error err;
    assert_int_equal(ck_doc_read_memory("1. Scope\n", 9, "msa.txt", NULL, &doc, &err), CK_DOC_OK);
    assert_int_equal(doc->npara, 1);
    ck_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_without_poppler),
        cmocka_unit_test(test_text_still_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
