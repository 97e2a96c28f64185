/* Unit tests for the contract documents check: sections, required words, durations, the cache, the trace. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "document_cache.h"
#include "eval.h"

static const char POLICY[] =
    "profile { importance : level(low, high) }\n"
    "tiers low < high\n"
    "tier high when importance >= high\n"
    "tier low otherwise\n"
    "tier attribute notify : duration\n"
    "tier low has notify = 72h\n"
    "tier high has notify = 24h\n"
    "clause incident \"Incidents are notified\" {\n"
    "  early_warning : duration\n"
    "  notify_within : duration\n"
    "  mentions \"incident\" or \"breach\"\n"
    "}\n"
    "clause notice \"Notice of changes\" { notice : duration }\n"
    "clause audit \"Audit\" { every : duration }\n"
    "clause sub-terms \"Subcontract terms\" { notify_within : duration }\n"
    "party subcontractor \"A subcontractor\" { handles_data : bool }\n"
    "require R1 \"Notify\" { clause incident with early_warning <= 24h and notify_within <= tier.notify }\n"
    "require R2 \"Notice\" for tier high { clause notice with notice >= 30d }\n"
    "require R3 \"Audit\" { clause audit }\n"
    "require R4 \"Subs\" { for each subcontractor { clause sub-terms with notify_within <= 48h } }\n";

static const char MSA[] =
    "# Master Services Agreement\n"
    "\n"
    "## 9. Security\n"
    "\n"
    "9.1 The Supplier keeps a security programme.\n"
    "\n"
    "9.2 The Supplier shall give an early warning of any Security Incident within twenty-four (24) hours\n"
    "and a full notification no later than seventy-two (72) hours after becoming aware of it.\n"
    "\n"
    "9.3 The Supplier shall give at least thirty (30) days' notice of any change of control.\n"
    "\n"
    "9.4 The Supplier shall inform the Customer promptly of any change.\n"
    "\n"
    "9.5 The Customer may audit the Supplier.\n"
    "\n"
    "9.6 The Supplier shall notify the Customer of any breach within 5 business days.\n"
    "\n"
    "9.7 The Supplier shall notify the Customer of any Security Incident without undue delay.\n"
    "\n"
    "## 12. Subcontracting\n"
    "\n"
    "12.1 Each subcontract obliges the subcontractor to report incidents within 90 minutes.\n";

static const char DPA[] =
    "# Data Processing Addendum\n"
    "\n"
    "9. Breaches\n"
    "\n"
    "9.1 The Processor shall notify any personal data breach within 48 hours.\n";

static ck_policy *policy;
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

static int setup(void **state)
{
    (void)state;
    ck_diags diags;
    if (ck_diags_init(&diags) != 0)
        return -1;
    ck_policy_input in = {.path = "t.policy", .text = POLICY, .len = sizeof POLICY - 1};
    int rc = ck_policy_compile(&in, 1, NULL, &diags, &policy);
    for (size_t i = 0; i < diags.list.len; i++)
        fprintf(stderr, "policy: %s\n", ((ck_diag *)diags.list.items[i])->message);
    ck_diags_fini(&diags);
    snprintf(tmp, sizeof tmp, "/tmp/ck_dcheck_XXXXXX");
    if (rc != 0 || !mkdtemp(tmp))
        return -1;
    put("msa.md", MSA);
    put("dpa.md", DPA);
    put("twice.md", "# Terms\n\n## 4. Audit\n\nOnce a year.\n\n## 4. Audit, again\n\nAt any time.\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const names[] = {"msa.md", "dpa.md", "twice.md"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", tmp, names[i]);
        unlink(p);
    }
    ck_policy_free(policy);
    return rmdir(tmp);
}

typedef struct {
    ck_evfile_root root;
    ck_doc_cache *cache;
    ck_record *rec;
    ck_result res;
    ck_vec trace;
} run;

/* Loads a record (its documents: header prepended) and evaluates it with the documents read. */
static void check_with(run *r, ck_doc_cache *cache, const char *body, bool explain)
{
    char text[4096];
    snprintf(text, sizeof text,
             "supplier: { id: s }\n"
             "profile: { importance: high }\n"
             "%s",
             body);
    ck_diags diags;
    assert_int_equal(ck_diags_init(&diags), 0);
    assert_int_equal(ck_record_load_text(policy, "rec.yaml", text, strlen(text), NULL, &diags, &r->rec), 0);
    ck_diags_fini(&diags);
    for (size_t i = 0; i < r->rec->problems.len; i++)
        print_message("problem: %s\n", ((const ck_rec_problem *)r->rec->problems.items[i])->message);
    assert_int_equal(r->rec->problems.len, 0);
    r->trace = (ck_vec){0};
    ck_eval_options opts = {.as_of = {.days = 20000}, .root = &r->root, .documents = cache,
                            .trace = explain ? &r->trace : NULL};
    assert_int_equal(ck_eval_record(policy, r->rec, &opts, &r->res), 0);
}

static void start(run *r, const char *body)
{
    assert_int_equal(ck_evfile_root_open(&r->root, tmp), 0);
    assert_non_null(r->cache = ck_doc_cache_new(NULL, 0, 0));
    check_with(r, r->cache, body, true);
}

static void finish(run *r)
{
    ck_record_free(r->rec);
    ck_doc_cache_free(r->cache);
    ck_evfile_root_close(&r->root);
}

/* The i-th document-* finding. */
static const ck_finding *doc_finding(const run *r, size_t i)
{
    for (size_t k = 0; k < r->res.findings.len; k++) {
        const ck_finding *f = r->res.findings.items[k];
        if (ck_finding_kind_get(f->kind)->about_document && i-- == 0)
            return f;
    }
    return NULL;
}

static void dump(const run *r);
static size_t doc_findings(const run *r)
{
    if (getenv("CK_DUMP"))
        dump(r);
    size_t n = 0;
    while (doc_finding(r, n))
        n++;
    return n;
}

static void dump(const run *r)
{
    for (size_t k = 0; k < r->res.findings.len; k++) {
        const ck_finding *f = r->res.findings.items[k];
        print_message("finding %zu: [%s] %s\n", k, ck_finding_kind_get(f->kind)->code, f->message);
    }
}

static void assert_finding(const run *r, size_t i, ck_finding_kind kind, ck_severity sev, const char *message)
{
    const ck_finding *f = doc_finding(r, i);
    if (!f) {
        dump(r);
        fail_msg("no document finding %zu", i);
    }
    if (f->kind != kind || f->severity != sev || strcmp(f->message, message) != 0) {
        dump(r);
        fail_msg("finding %zu: [%s] %s", i, ck_finding_kind_get(f->kind)->code, f->message);
    }
}

static bool traced(const run *r, const char *text)
{
    if (getenv("CK_DUMP"))
        for (size_t i = 0; i < r->trace.len; i++)
            print_message("trace: %s\n", ((const ck_trace_line *)r->trace.items[i])->text);
    for (size_t i = 0; i < r->trace.len; i++)
        if (strstr(((const ck_trace_line *)r->trace.items[i])->text, text))
            return true;
    return false;
}

/* Two durations in one section, each the record's: both agree, each by its own words. */
static void test_values_agree(void **state)
{
    (void)state;
    run r;
    start(&r, "documents: [ { id: msa, file: msa.md } ]\n"
              "clauses:\n"
              "  incident: { early_warning: 24h, notify_within: 3d, section: \"9.2\" }\n"
              "  notice: { notice: 30d, section: \"Clause 9.3\" }\n");
    assert_int_equal(doc_findings(&r), 0);
    assert_int_equal(r.res.documents.listed, 1);
    assert_int_equal(r.res.documents.read, 1);
    assert_int_equal(r.res.documents.sections, 2);
    assert_true(traced(&r, "early_warning: the record says 24h (rec.yaml:5:30); the document says 24 hours at msa.md, "
                           "line 7, characters 71-99 (\"within twenty-four (24) hours\"): agrees"));
    assert_true(traced(&r, "notify_within: the record says 3d"));
    assert_true(traced(&r, "mentions \"incident\" or \"breach\": at msa.md, line 7, characters 62-69 (\"Incident\")"));
    assert_true(traced(&r, "notice: the record says 30d"));
    finish(&r);
}

/* A value the record states differently: both values, the document's place, which is weaker,
 * what the policy makes of it; stronger paper is a warning, weaker an error. */
static void test_value_differs(void **state)
{
    (void)state;
    run r;
    start(&r, "documents: [ { id: msa, file: msa.md } ]\n"
              "clauses:\n"
              "  incident: { early_warning: 24h, notify_within: 24h, section: \"9.2\" }\n"
              "  notice: { notice: 60d, section: \"9.3\" }\n");
    assert_int_equal(doc_findings(&r), 2);
    assert_finding(&r, 0, CK_FK_DOCUMENT_VALUE_DIFFERS, CK_SEV_ERROR,
                   "notify_within in clause incident: the record says 24h, section 9.2 of msa.md says 72 hours, which "
                   "is weaker; R1 requires at most 24h");
    const ck_finding *f = doc_finding(&r, 0);
    assert_string_equal(f->remediation,
                        "record what the contract says (notify_within: 72h), or have section 9.2 of msa.md amended to 24h");
    const ck_finding_document *d = f->document;
    assert_non_null(d);
    assert_string_equal(d->id, "msa");
    assert_string_equal(d->format, "markdown");
    assert_string_equal(d->section, "9.2");
    assert_string_equal(d->where, "line 8, characters 25-60");
    assert_int_equal(d->line, 8);
    assert_int_equal(d->start_char, 25);
    assert_int_equal(d->end_char, 60);
    assert_string_equal(d->text, "no later than seventy-two (72) hours");
    assert_string_equal(d->record_value, "24h");
    assert_string_equal(d->document_value, "72 hours");
    assert_string_equal(d->weaker, "document");
    ck_linecol lc = ck_source_linecol(f->span.src, f->span.start);
    assert_int_equal(lc.line, 5);
    assert_int_equal(lc.col, 50);
    /* a notice of at least 30 days is weaker than the recorded 60; R2 still holds with it */
    assert_finding(&r, 1, CK_FK_DOCUMENT_VALUE_DIFFERS, CK_SEV_ERROR,
                   "notice in clause notice: the record says 60d, section 9.3 of msa.md says at least 30 days, which is "
                   "weaker; that still meets R2 (at least 30d)");
    finish(&r);

    start(&r, "documents: [ { id: msa, file: msa.md } ]\n"
              "clauses:\n"
              "  incident: { early_warning: 2d, notify_within: 3d, section: \"9.2\" }\n");
    assert_finding(&r, 0, CK_FK_DOCUMENT_VALUE_DIFFERS, CK_SEV_WARNING,
                   "early_warning in clause incident: the record says 2d, section 9.2 of msa.md says 24 hours, which is "
                   "stronger");
    assert_string_equal(doc_finding(&r, 0)->remediation, "record early_warning: 24h, as section 9.2 of msa.md says");
    assert_string_equal(doc_finding(&r, 0)->document->weaker, "record");
    finish(&r);
}

/* Business days are as long as the words allow; minutes agree with the hours they round up to. */
static void test_business_days_and_minutes(void **state)
{
    (void)state;
    run r;
    start(&r, "documents: [ { id: msa, file: msa.md } ]\n"
              "clauses:\n"
              "  incident: { early_warning: 5d, notify_within: 5d, section: \"9.6\" }\n");
    assert_finding(&r, 0, CK_FK_DOCUMENT_VALUE_DIFFERS, CK_SEV_ERROR,
                   "early_warning in clause incident: the record says 5d, section 9.6 of msa.md says 5 business days (up "
                   "to 7 calendar days), which is weaker; R1 requires at most 24h");
    assert_string_equal(doc_finding(&r, 0)->remediation,
                        "record what the contract says (early_warning: 7d), or have section 9.6 of msa.md amended to 5d");
    finish(&r);

    /* 90 minutes is written 2h in a record; a party's clause is checked when it names its document */
    start(&r, "documents: [ { id: msa, file: msa.md } ]\n"
              "parties:\n"
              "  - kind: subcontractor\n"
              "    id: sub1\n"
              "    clauses:\n"
              "      sub-terms: { notify_within: 2h, section: \"12.1\", document: msa }\n"
              "  - kind: subcontractor\n"
              "    id: sub2\n"
              "    clauses:\n"
              "      sub-terms: { notify_within: 1h, section: \"12.1\", document: msa }\n"
              "  - kind: subcontractor\n"
              "    id: sub3\n"
              "    clauses:\n"
              "      sub-terms: { notify_within: 1h, section: \"Sch. 4\" }\n");
    assert_int_equal(doc_findings(&r), 1);
    assert_finding(&r, 0, CK_FK_DOCUMENT_VALUE_DIFFERS, CK_SEV_ERROR,
                   "subcontractor sub2: notify_within in clause sub-terms: the record says 1h, section 12.1 of msa.md "
                   "says 90 minutes, which is weaker; that still meets R4 (at most 48h)");
    assert_int_equal(r.res.documents.sections, 2);
    finish(&r);
}

/* No number where the policy needs one: an error when the record claims one, a warning when not. */
static void test_unquantified(void **state)
{
    (void)state;
    run r;
    start(&r, "documents: [ { id: msa, file: msa.md } ]\n"
              "clauses:\n"
              "  incident: { early_warning: 24h, section: \"9.7\" }\n"
              "  notice: { section: \"9.4\" }\n"
              "  audit: { every: 1y, section: \"9.5\" }\n");
    /* audit.every is bounded by no requirement: not compared, nor is notify_within absent from the paper */
    assert_int_equal(doc_findings(&r), 3);
    assert_finding(&r, 0, CK_FK_DOCUMENT_VALUE_UNQUANTIFIED, CK_SEV_ERROR,
                   "early_warning in clause incident: section 9.7 of msa.md sets no time for it: it says only "
                   "\"without undue delay\", the record says 24h; R1 requires at most 24h");
    assert_string_equal(doc_finding(&r, 0)->document->text, "without undue delay");
    /* the record does not state it either: the requirement fails already, this says why */
    assert_finding(&r, 1, CK_FK_DOCUMENT_VALUE_UNQUANTIFIED, CK_SEV_WARNING,
                   "notify_within in clause incident: section 9.7 of msa.md sets no time for it: it says only "
                   "\"without undue delay\"; R1 requires at most 24h");
    assert_finding(&r, 2, CK_FK_DOCUMENT_VALUE_UNQUANTIFIED, CK_SEV_WARNING,
                   "notice in clause notice: section 9.4 of msa.md sets no time for it: it says only \"promptly\"; R2 "
                   "requires at least 30d");
    assert_true(traced(&r, "every: no requirement that applies to the record bounds it; not compared"));
    finish(&r);

    start(&r, "documents: [ { id: msa, file: msa.md } ]\n"
              "clauses:\n"
              "  notice: { notice: 30d, section: \"9.1\" }\n");
    assert_finding(&r, 0, CK_FK_DOCUMENT_VALUE_UNQUANTIFIED, CK_SEV_ERROR,
                   "notice in clause notice: section 9.1 of msa.md states no duration for it, the record says 30d; R2 "
                   "requires at least 30d");
    assert_string_equal(doc_finding(&r, 0)->document->where, "line 5, characters 1-44");
    finish(&r);

    /* a section without the clause's words is probably the wrong one: its durations are not compared */
    start(&r, "documents: [ { id: msa, file: msa.md } ]\n"
              "clauses:\n"
              "  incident: { early_warning: 24h, section: \"9.4\" }\n");
    assert_int_equal(doc_findings(&r), 1);
    assert_finding(&r, 0, CK_FK_DOCUMENT_MENTION_MISSING, CK_SEV_WARNING,
                   "clause incident: section 9.4 of msa.md does not mention \"incident\" or \"breach\", which the policy "
                   "looks for in the clause's section");
    assert_string_equal(doc_finding(&r, 0)->document->text, "9.4 The Supplier shall inform the Customer promptly of any change.");
    assert_true(traced(&r, "durations not compared: the section lacks the clause's words"));
    finish(&r);
}

/* Sections looked up in the named document or in all; missing, numbered alike, or no number at all. */
static void test_sections(void **state)
{
    (void)state;
    run r;
    start(&r, "documents:\n"
              "  - { id: msa, file: msa.md }\n"
              "  - { id: dpa, file: dpa.md }\n"
              "clauses:\n"
              "  incident: { early_warning: 48h, notify_within: 48h, section: \"9.1\", document: dpa }\n"
              "  notice: { section: \"9.9\" }\n"
              "  audit: { section: \"9.1\" }\n"
              "  sub-terms: { section: \"SA-1\" }\n");
    /* the DPA's 9.1 states 48 hours once, for both parameters the record puts at 48h: they agree
     * (and R1's clause-weaker findings say the policy wants less) */
    assert_int_equal(doc_findings(&r), 3);
    assert_true(traced(&r, "notify_within: the record says 48h (rec.yaml:7:50); the document says 48 hours at dpa.md"));
    assert_finding(&r, 0, CK_FK_DOCUMENT_SECTION_MISSING, CK_SEV_ERROR,
                   "clause notice: section 9.9 is in none of the contract documents (msa.md, dpa.md)");
    assert_null(doc_finding(&r, 0)->document);
    assert_finding(&r, 1, CK_FK_DOCUMENT_SECTION_AMBIGUOUS, CK_SEV_WARNING,
                   "clause audit: section 9.1 is in msa.md and in dpa.md; the record does not say which, so msa.md is "
                   "read");
    assert_string_equal(doc_finding(&r, 1)->remediation, "name the document the clause is in: document: msa, or document: dpa");
    assert_finding(&r, 2, CK_FK_DOCUMENT_SECTION_MISSING, CK_SEV_ERROR,
                   "clause sub-terms: section 'SA-1' is not a section number that can be looked up in a document");
    finish(&r);

    /* one document numbering two places alike: the first is read, and both are named */
    start(&r, "documents: [ { id: terms, file: twice.md } ]\n"
              "clauses:\n"
              "  audit: { section: \"4\" }\n");
    assert_int_equal(doc_findings(&r), 1);
    assert_finding(&r, 0, CK_FK_DOCUMENT_SECTION_AMBIGUOUS, CK_SEV_WARNING,
                   "clause audit: twice.md has 2 sections numbered 4 (line 3 and line 7); the first is read");
    finish(&r);
}

/* Files that cannot be read, and a changed file, which is still read. */
static void test_files(void **state)
{
    (void)state;
    run r;
    start(&r, "documents:\n"
              "  - { id: msa, file: msa.md, sha256: \"0000000000000000000000000000000000000000000000000000000000000000\" }\n"
              "  - { id: gone, file: nothere.pdf }\n"
              "  - { id: out, file: ../x.md }\n"
              "clauses:\n"
              "  notice: { notice: 30d, section: \"9.3\" }\n"
              "  audit: { section: \"1\", document: gone }\n");
    assert_int_equal(doc_findings(&r), 3);
    assert_finding(&r, 0, CK_FK_DOCUMENT_HASH_MISMATCH, CK_SEV_ERROR,
                   "contract document msa (msa.md) does not match its recorded sha256: it changed since it was "
                   "recorded; it is checked as it now reads");
    assert_finding(&r, 1, CK_FK_DOCUMENT_FILE_MISSING, CK_SEV_ERROR,
                   "contract document gone: 'nothere.pdf' does not exist");
    assert_finding(&r, 2, CK_FK_DOCUMENT_OUTSIDE_ROOT, CK_SEV_ERROR,
                   "contract document out: '..' climbs above the repository root");
    assert_int_equal(r.res.documents.read, 1);
    /* notice agrees with the changed file; the audit clause's document could not be read */
    assert_int_equal(r.res.documents.sections, 1);
    assert_true(traced(&r, "not checked: no document it could be in was read"));
    finish(&r);
}

/* Each document is read once per run however many records and clauses name it; a record without
 * documents reads nothing, and without a cache nothing is read at all. */
static void test_read_once(void **state)
{
    (void)state;
    run r;
    start(&r, "documents: [ { id: msa, file: msa.md }, { id: m2, file: ./msa.md } ]\n"
              "clauses:\n"
              "  notice: { notice: 30d, section: \"9.3\", document: msa }\n"
              "  audit: { section: \"9.5\", document: msa }\n");
    assert_int_equal(ck_doc_cache_reads(r.cache), 2); /* two paths, though one file */
    ck_record_free(r.rec);
    check_with(&r, r.cache, "documents: [ { id: msa, file: msa.md } ]\nclauses:\n  notice: { section: \"9.3\" }\n", false);
    assert_int_equal(ck_doc_cache_reads(r.cache), 2);
    assert_int_equal(r.res.documents.sections, 1);
    ck_record_free(r.rec);
    check_with(&r, r.cache, "clauses:\n  notice: { notice: 1d, section: \"9.3\" }\n", false);
    assert_int_equal(ck_doc_cache_reads(r.cache), 2);
    assert_int_equal(r.res.documents.listed, 0);
    ck_record_free(r.rec);
    check_with(&r, NULL, "documents: [ { id: dpa, file: dpa.md } ]\nclauses:\n  notice: { notice: 1d, section: \"9.1\" }\n",
               false);
    assert_int_equal(doc_findings(&r), 0);
    assert_int_equal(ck_doc_cache_reads(r.cache), 2);
    finish(&r);
}

/* A cache of one document evicts the least recently used between records, never during one. */
static void test_cache_bounds(void **state)
{
    (void)state;
    ck_evfile_root root;
    assert_int_equal(ck_evfile_root_open(&root, tmp), 0);
    ck_doc_cache *c = ck_doc_cache_new(NULL, 1, 0);
    assert_non_null(c);
    ck_doc_cache_begin_record(c);
    const ck_doc_cached *a = ck_doc_cache_get(c, &root, "msa.md", 6);
    const ck_doc_cached *b = ck_doc_cache_get(c, &root, "dpa.md", 6);
    assert_int_equal(a->status, CK_DOC_OK);
    assert_int_equal(b->status, CK_DOC_OK);
    assert_non_null(strstr(a->doc->text, "Master Services")); /* still there: the record uses both */
    assert_ptr_equal(ck_doc_cache_get(c, &root, "msa.md", 6), a);
    assert_int_equal(ck_doc_cache_reads(c), 2);
    /* the next record uses the DPA and a missing file (kept too, as a failure): the MSA goes */
    ck_doc_cache_begin_record(c);
    (void)ck_doc_cache_get(c, &root, "dpa.md", 6);
    assert_int_equal(ck_doc_cache_reads(c), 2);
    const ck_doc_cached *bad = ck_doc_cache_get(c, &root, "nothere.md", 10);
    assert_int_equal(ck_doc_cache_reads(c), 3);
    assert_int_equal(bad->status, CK_DOC_FILE);
    assert_int_equal(bad->err.file_status, CK_EVFILE_MISSING);
    ck_doc_cache_begin_record(c);
    const ck_doc_cached *again = ck_doc_cache_get(c, &root, "msa.md", 6);
    assert_int_equal(ck_doc_cache_reads(c), 4);
    assert_int_equal(again->status, CK_DOC_OK);
    assert_non_null(strstr(again->doc->text, "Master Services"));
    /* a cache of one keeps one */
    (void)ck_doc_cache_get(c, &root, "nothere.md", 10);
    assert_int_equal(ck_doc_cache_reads(c), 5);
    ck_doc_cache_free(c);
    /* failures are kept like documents: a missing file is looked for once */
    c = ck_doc_cache_new(NULL, 0, 0);
    assert_non_null(c);
    ck_doc_cache_begin_record(c);
    assert_ptr_equal(ck_doc_cache_get(c, &root, "nothere.md", 10), ck_doc_cache_get(c, &root, "nothere.md", 10));
    ck_doc_cache_begin_record(c);
    assert_int_equal(ck_doc_cache_get(c, &root, "nothere.md", 10)->status, CK_DOC_FILE);
    assert_int_equal(ck_doc_cache_reads(c), 1);
    ck_doc_cache_free(c);
    ck_evfile_root_close(&root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_agree),
        cmocka_unit_test(test_value_differs),
        cmocka_unit_test(test_business_days_and_minutes),
        cmocka_unit_test(test_unquantified),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_read_once),
        cmocka_unit_test(test_cache_bounds),
    };
    return cmocka_run_group_tests_name("document_check", tests, setup, teardown);
}
