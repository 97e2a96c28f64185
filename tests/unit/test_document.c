/* Unit tests for document: text, Markdown, DOCX and PDF extraction, locations, and hostile files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "document.h"

/* Fixtures are written by scripts/gen_document_fixtures.py; tests run from the repository root. */
#define FIXTURES "tests/documents/"

typedef struct {
    char *data;
    size_t len;
} bytes;

static bytes load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s (run the tests from the repository root)", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    bytes b = {malloc((size_t)n + 1), (size_t)n};
    assert_non_null(b.data);
    assert_int_equal(fread(b.data, 1, b.len, f), b.len);
    fclose(f);
    return b;
}

static ck_document *read_ok(const char *name, const char *data, size_t len)
{
    ck_document *doc = NULL;
    ck_doc_error err;
    ck_doc_status s = ck_doc_read_memory(data, len, name, NULL, &doc, &err);
    if (s != CK_DOC_OK)
        fail_msg("%s: %s: %s", name, ck_doc_status_name(s), err.detail);
    return doc;
}

static ck_document *fixture_ok(const char *name)
{
    bytes b = load(name);
    ck_document *doc = read_ok(name, b.data, b.len);
    free(b.data);
    return doc;
}

/* Reads a fixture that must fail with status s and a detail containing `says`. */
static void fixture_fails(const char *name, const ck_doc_limits *limits, ck_doc_status s, const char *says)
{
    bytes b = load(name);
    ck_document *doc = (ck_document *)1;
    ck_doc_error err;
    ck_doc_status got = ck_doc_read_memory(b.data, b.len, name, limits, &doc, &err);
    free(b.data);
    if (got != s || !strstr(err.detail, says))
        fail_msg("%s: expected %s with '%s', got %s: '%s'", name, ck_doc_status_name(s), says,
                 ck_doc_status_name(got), err.detail);
    assert_int_equal(err.status, s);
    assert_null(doc);
}

static void para_is(const ck_document *doc, size_t i, const char *text)
{
    assert_true(i < doc->npara);
    const ck_doc_para *p = &doc->paras[i];
    if (p->len != strlen(text) || memcmp(doc->text + p->offset, text, p->len) != 0)
        fail_msg("paragraph %zu: expected '%s', got '%.*s'", i, text, (int)p->len, doc->text + p->offset);
    assert_int_equal(doc->text[p->offset + p->len], '\n');
}

/* ---- text and Markdown ---- */

static void test_plain_text(void **state)
{
    (void)state;
    const char t[] = "\xEF\xBB\xBF" "first line\r\nsecond\tline\rthird\x01line\n\nlast";
    ck_document *doc = read_ok("msa.txt", t, sizeof t - 1);
    assert_int_equal(doc->format, CK_DOC_TEXT);
    assert_int_equal(doc->npara, 5);
    para_is(doc, 0, "first line");
    para_is(doc, 1, "second\tline");
    para_is(doc, 2, "third line"); /* a control character becomes a space */
    para_is(doc, 3, "");
    para_is(doc, 4, "last");
    assert_int_equal(doc->paras[4].number, 5);
    assert_int_equal(doc->paras[4].page, 0);
    assert_string_equal(doc->text, "first line\nsecond\tline\nthird line\n\nlast\n");
    assert_true(doc->sha256_matches);
    ck_doc_free(doc);

    ck_doc_error err;
    const char bad[] = "ok\nbad \xC3\x28 byte\n";
    assert_int_equal(ck_doc_read_memory(bad, sizeof bad - 1, "a.txt", NULL, &doc, &err), CK_DOC_UNSUPPORTED);
    assert_string_equal(err.detail, "line 2 is not valid UTF-8 (save the document as UTF-8)");
    assert_int_equal(ck_doc_read_memory("a\0b", 3, "a.txt", NULL, &doc, &err), CK_DOC_UNSUPPORTED);
    assert_non_null(strstr(err.detail, "NUL byte"));
    assert_int_equal(ck_doc_read_memory(" \n\t\n", 4, "a.txt", NULL, &doc, &err), CK_DOC_NO_TEXT);
    assert_int_equal(ck_doc_read_memory("\xD0\xCF\x11\xE0 rest", 9, "old.doc", NULL, &doc, &err), CK_DOC_UNSUPPORTED);
    assert_non_null(strstr(err.detail, "legacy binary Word"));
    assert_int_equal(ck_doc_read_memory("plain words", 11, "msa.pdf", NULL, &doc, &err), CK_DOC_MALFORMED);
    assert_string_equal(err.detail, "named a PDF but does not start as one");
    assert_null(doc);
}

static void test_markdown_headings(void **state)
{
    (void)state;
    const char t[] = "# Agreement\n## 9.2 Notification\nSetext title\n===\nbody\n#hashtag\n####### seven\n";
    ck_document *doc = read_ok("msa.md", t, sizeof t - 1);
    assert_int_equal(doc->format, CK_DOC_MARKDOWN);
    assert_int_equal(doc->paras[0].heading_level, 1);
    assert_int_equal(doc->paras[1].heading_level, 2);
    assert_int_equal(doc->paras[2].heading_level, 1); /* underlined by === */
    assert_int_equal(doc->paras[4].heading_level, 0);
    assert_int_equal(doc->paras[5].heading_level, 0); /* no space after '#' */
    assert_int_equal(doc->paras[6].heading_level, 0); /* more than six */
    ck_doc_free(doc);
    /* the same text named .txt has no headings */
    doc = read_ok("msa.txt", t, sizeof t - 1);
    assert_int_equal(doc->paras[0].heading_level, 0);
    ck_doc_free(doc);
}

static void test_limits_on_text(void **state)
{
    (void)state;
    ck_doc_limits l = ck_doc_default_limits;
    ck_document *doc;
    ck_doc_error err;
    l.max_paragraphs = 2;
    assert_int_equal(ck_doc_read_memory("a\nb\nc\n", 6, "a.txt", &l, &doc, &err), CK_DOC_TOO_LARGE);
    assert_string_equal(err.detail, "the document has more than 2 paragraphs");
    l = ck_doc_default_limits;
    l.max_text_bytes = 5;
    assert_int_equal(ck_doc_read_memory("abc\ndef\n", 8, "a.txt", &l, &doc, &err), CK_DOC_TOO_LARGE);
    assert_string_equal(err.detail, "the extracted text passes the limit of 5 bytes");
    l = ck_doc_default_limits;
    l.max_file_bytes = 3;
    assert_int_equal(ck_doc_read_memory("abcd", 4, "a.txt", &l, &doc, &err), CK_DOC_TOO_LARGE);
    assert_string_equal(err.detail, "4 bytes, over the limit of 3");
}

/* ---- DOCX ---- */

static void test_docx(void **state)
{
    (void)state;
    ck_document *doc = fixture_ok("msa.docx");
    assert_int_equal(doc->format, CK_DOC_DOCX);
    assert_int_equal(doc->npara, 20);
    para_is(doc, 0, "Master Services Agreement");
    assert_int_equal(doc->paras[0].heading_level, 0); /* Title is not a heading style */
    para_is(doc, 1, "1.\tDefinitions");             /* Heading 1 numbered through its style */
    assert_int_equal(doc->paras[1].heading_level, 1);
    assert_int_equal(doc->paras[1].flags, CK_PARA_NUMBERED);
    para_is(doc, 3, "2.\tIncident notification");
    /* the tracked deletion is gone, the insertion is in */
    para_is(doc, 4, "2.1\tThe Supplier shall notify the Customer of any Security Incident without undue "
                    "delay and in any event within twenty-four (24) hours after becoming aware of it.");
    para_is(doc, 5, "(a) the nature of the incident;");
    para_is(doc, 7, "(c) the measures taken.");
    para_is(doc, 9, "3.1\tAudit rights"); /* Heading 2: level 1 of the same list */
    assert_int_equal(doc->paras[9].heading_level, 2);
    para_is(doc, 10, "(a) The Customer may audit the Supplier once in any twelve (12) month period.");
    para_is(doc, 11, "Key facts\tsee the table below");
    para_is(doc, 12, "Response time"); /* table cells are paragraphs */
    para_is(doc, 13, "4 hours");       /* a line break reads as a space */
    para_is(doc, 14, "a bullet point that carries no number");
    assert_int_equal(doc->paras[14].flags, 0);
    para_is(doc, 15, "Schedule 2 - Security Requirements");
    assert_int_equal(doc->paras[15].heading_level, 1); /* outline level from its style */
    para_is(doc, 16, "1.\tGeneral");                     /* a second list of the same definition restarts */
    para_is(doc, 17, "1.1\tPatches are applied within 14 days.");
    para_is(doc, 18, "Annex I - Data processing details"); /* upper roman, no suffix */
    para_is(doc, 19, "Heading by outline level only");
    assert_int_equal(doc->paras[19].heading_level, 2);
    assert_int_equal(doc->paras[19].number, 20);
    char where[96];
    const char *at = strstr(doc->text, "twenty-four");
    ck_doc_describe_span(doc, (size_t)(at - doc->text), (size_t)(at - doc->text) + 22, where, sizeof where);
    assert_string_equal(where, "paragraph 5, characters 113-134");
    ck_doc_free(doc);
}

static void test_docx_hostile(void **state)
{
    (void)state;
    fixture_fails("bomb.docx", NULL, CK_DOC_TOO_LARGE,
                  "word/document.xml declares 104857706 bytes uncompressed, over the limit of 33554432");
    fixture_fails("bomb-lying.docx", NULL, CK_DOC_TOO_LARGE,
                  "word/document.xml inflates past the limit of 33554432 bytes");
    ck_doc_limits small = ck_doc_default_limits;
    small.max_member_bytes = 4096;
    fixture_fails("bomb-lying.docx", &small, CK_DOC_TOO_LARGE, "inflates past the limit of 4096 bytes");
    fixture_fails("traversal.docx", NULL, CK_DOC_REFUSED,
                  "archive member '../../x' has a path that leaves the archive");
    fixture_fails("encrypted.docx", NULL, CK_DOC_REFUSED, "archive member 'word/styles.xml' is encrypted");
    fixture_fails("doctype.docx", NULL, CK_DOC_REFUSED, "word/document.xml has a DOCTYPE");
    fixture_fails("malformed-xml.docx", NULL, CK_DOC_MALFORMED, "word/document.xml, line 2: ");
    fixture_fails("not-docx.docx", NULL, CK_DOC_UNSUPPORTED, "a ZIP archive without word/document.xml");
    fixture_fails("truncated.docx", NULL, CK_DOC_MALFORMED, "not a readable ZIP archive");
    ck_doc_limits few = ck_doc_default_limits;
    few.max_zip_members = 3;
    fixture_fails("msa.docx", &few, CK_DOC_TOO_LARGE, "the archive has 5 members, over the limit of 3");
}

/* ---- PDF ---- */

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_pdf(void **state)
{
    (void)state;
    ck_document *doc = fixture_ok("dpa.pdf");
    assert_int_equal(doc->format, CK_DOC_PDF);
    assert_int_equal(doc->npages, 2);
    assert_int_equal(doc->npara, 14); /* blank lines are not paragraphs */
    para_is(doc, 0, "DATA PROCESSING AGREEMENT");
    para_is(doc, 6, "3.1 The Processor shall notify the Controller without undue delay and in any");
    assert_int_equal(doc->paras[6].page, 2);
    assert_int_equal(doc->paras[6].number, 2);
    const char *at = strstr(doc->text, "48 hours");
    char where[96];
    ck_doc_describe_span(doc, (size_t)(at - doc->text), (size_t)(at - doc->text) + 8, where, sizeof where);
    assert_string_equal(where, "page 2, line 3, characters 21-28");
    at = strstr(doc->text, "any\nevent");
    ck_doc_describe_span(doc, (size_t)(at - doc->text), (size_t)(at - doc->text) + 9, where, sizeof where);
    assert_string_equal(where, "page 2, lines 2-3, from character 74");
    ck_doc_free(doc);
}

static void test_pdf_hostile(void **state)
{
    (void)state;
    struct timespec t0;
    /* a page tree and a stream length that refer to themselves: poppler breaks the loops, and
     * what is left holds no text, which is said so */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fixture_fails("loop.pdf", NULL, CK_DOC_NO_TEXT, "no text on its 1 page");
    assert_true(seconds_since(&t0) < 5);
    /* 512 MiB of content stream: the deadline stops it */
    ck_doc_limits quick = ck_doc_default_limits;
    quick.pdf_seconds = 1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fixture_fails("huge-stream.pdf", &quick, CK_DOC_READER_FAILED, "reading the PDF took longer than 1 s");
    assert_true(seconds_since(&t0) < 3);
    /* a string literal of 256 MiB: the memory budget stops it. Under valgrind, which keeps its
     * own address space where RLIMIT_AS does not reach, the deadline stops it instead. */
    ck_doc_limits tight = ck_doc_default_limits;
    tight.pdf_memory_bytes = 64 << 20;
    tight.pdf_seconds = 5;
    const char *preload = getenv("LD_PRELOAD");
    bool valgrind = preload && strstr(preload, "vgpreload");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fixture_fails("string-bomb.pdf", &tight, CK_DOC_READER_FAILED,
                  valgrind ? "took longer than 5 s" : "over its 64 MiB memory budget");
    assert_true(seconds_since(&t0) < 7);
    fixture_fails("garbage.pdf", NULL, CK_DOC_MALFORMED, "PDF document is damaged");
    ck_doc_limits one = ck_doc_default_limits;
    one.max_pages = 1;
    fixture_fails("dpa.pdf", &one, CK_DOC_TOO_LARGE, "2 pages, over the limit of 1");
    ck_doc_limits text = ck_doc_default_limits;
    text.max_text_bytes = 100;
    fixture_fails("dpa.pdf", &text, CK_DOC_TOO_LARGE, "the extracted text passes the limit of 100 bytes");
}

/* ---- files beneath a repository root ---- */

static char tmp[64];

static void put(const char *rel, const char *data)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmp, rel);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(data, f);
    fclose(f);
}

static int make_repo(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ck_doc_XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    char p[256];
    snprintf(p, sizeof p, "%s/repo", tmp);
    return mkdir(p, 0755);
}

static int remove_repo(void **state)
{
    (void)state;
    static const char *const names[] = {"repo/msa.md", "repo/big.pdf", "repo/link.md", "secret.md", "repo"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", tmp, names[i]);
        if (unlink(p) != 0)
            rmdir(p);
    }
    return rmdir(tmp);
}

static void test_open_confined(void **state)
{
    (void)state;
    put("repo/msa.md", "## 9.2 Notification\nwithin 24 hours\n");
    put("secret.md", "outside\n");
    char p[256], target[64];
    snprintf(p, sizeof p, "%s/repo/link.md", tmp);
    snprintf(target, sizeof target, "../secret.md");
    assert_int_equal(symlink(target, p), 0);
    snprintf(p, sizeof p, "%s/repo/big.pdf", tmp);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)ck_doc_default_limits.max_file_bytes + 1), 0); /* sparse */
    close(fd);

    snprintf(p, sizeof p, "%s/repo", tmp);
    ck_evfile_root root;
    assert_int_equal(ck_evfile_root_open(&root, p), 0);
    ck_document *doc;
    ck_doc_error err;
    const char *sha = "8b9d0f1f7b1f9d2d6c2f4c2a4d0a3b0e1a2e6a9c6f8f0b5e2f6c1d9b3a7e4c21";
    assert_int_equal(ck_doc_open(&root, "msa.md", 6, NULL, NULL, &doc, &err), CK_DOC_OK);
    assert_int_equal(doc->format, CK_DOC_MARKDOWN);
    assert_int_equal(strlen(doc->sha256_hex), 64);
    assert_true(doc->sha256_matches);
    char actual[65];
    memcpy(actual, doc->sha256_hex, sizeof actual);
    ck_doc_free(doc);
    /* a changed document is still read, and says it changed */
    assert_int_equal(ck_doc_open(&root, "msa.md", 6, sha, NULL, &doc, &err), CK_DOC_OK);
    assert_false(doc->sha256_matches);
    assert_string_equal(doc->sha256_hex, actual);
    para_is(doc, 1, "within 24 hours");
    ck_doc_free(doc);
    assert_int_equal(ck_doc_open(&root, "msa.md", 6, actual, NULL, &doc, &err), CK_DOC_OK);
    assert_true(doc->sha256_matches);
    ck_doc_free(doc);

    assert_int_equal(ck_doc_open(&root, "gone.md", 7, NULL, NULL, &doc, &err), CK_DOC_FILE);
    assert_int_equal(err.file_status, CK_EVFILE_MISSING);
    assert_string_equal(err.detail, "'gone.md' does not exist");
    assert_int_equal(ck_doc_open(&root, "../secret.md", 12, NULL, NULL, &doc, &err), CK_DOC_FILE);
    assert_int_equal(err.file_status, CK_EVFILE_OUTSIDE_ROOT);
    assert_int_equal(ck_doc_open(&root, "link.md", 7, NULL, NULL, &doc, &err), CK_DOC_FILE);
    assert_int_equal(err.file_status, CK_EVFILE_OUTSIDE_ROOT);
    assert_string_equal(err.detail, "symlink 'link.md' points outside the repository");
    /* over the size limit: refused from its size, never read */
    assert_int_equal(ck_doc_open(&root, "big.pdf", 7, NULL, NULL, &doc, &err), CK_DOC_TOO_LARGE);
    assert_int_equal(err.file_status, CK_EVFILE_TOO_LARGE);
    assert_string_equal(err.detail, "'big.pdf' is 33554433 bytes, over the limit of 33554432");
    assert_null(doc);
    ck_evfile_root_close(&root);
}

static void test_para_lookup(void **state)
{
    (void)state;
    const char t[] = "ab\n\xC3\xA9t\xC3\xA9\nc";
    ck_document *doc = read_ok("a.txt", t, sizeof t - 1);
    assert_ptr_equal(ck_doc_para_at(doc, 0), &doc->paras[0]);
    assert_ptr_equal(ck_doc_para_at(doc, 2), &doc->paras[0]); /* its '\n' */
    assert_ptr_equal(ck_doc_para_at(doc, 3), &doc->paras[1]);
    assert_null(ck_doc_para_at(doc, doc->text_len));
    char where[64];
    ck_doc_describe_span(doc, 6, 8, where, sizeof where); /* the second é, after "é" "t" */
    assert_string_equal(where, "line 2, characters 3-3");
    ck_doc_describe_span(doc, doc->text_len, doc->text_len, where, sizeof where);
    assert_string_equal(where, "end of the document");
    ck_doc_free(doc);
    assert_string_equal(ck_doc_format_name(CK_DOC_PDF), "pdf");
    assert_string_equal(ck_doc_status_name(CK_DOC_READER_FAILED), "reader-failed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_markdown_headings),
        cmocka_unit_test(test_limits_on_text),
        cmocka_unit_test(test_docx),
        cmocka_unit_test(test_docx_hostile),
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_pdf_hostile),
        cmocka_unit_test_setup_teardown(test_open_confined, make_repo, remove_repo),
        cmocka_unit_test(test_para_lookup),
    };
    return cmocka_run_group_tests_name("document", tests, NULL, NULL);
}
