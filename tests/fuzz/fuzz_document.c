/* Fuzz target: bytes -> document (text, Markdown or DOCX) -> sections -> durations and required words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "duration_phrase.h"
#include "sections.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Properties, not only "no crash": a violated one aborts, which libFuzzer reports. */
static void check(int ok)
{
    if (!ok)
        abort();
}

static void scan_durations(const char *text, size_t len)
{
    ck_dphrase p[16];
    size_t n = ck_dphrase_scan(text, len, p, 16);
    size_t prev_end = 0;
    for (size_t i = 0; i < n && i < 16; i++) {
        int64_t lo, hi;
        check(p[i].start < p[i].end && p[i].end <= len && p[i].start >= prev_end);
        prev_end = p[i].end;
        ck_dphrase_minutes(&p[i], &lo, &hi);
        check(lo <= hi);
        char buf[128];
        ck_dphrase_describe(&p[i], buf, sizeof buf);
    }
}

/* Every section lies inside the text, and the id it carries finds a section with that id. */
static void check_sections(const ck_document *doc, const ck_sections *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const ck_doc_section *x = &s->items[i];
        check(x->start <= x->own_end && x->own_end <= x->end && x->end <= doc->text_len);
        check(x->label_start <= x->label_end && x->label_end <= doc->text_len);
        check(x->heading_start <= x->heading_end && x->heading_end <= doc->text_len);
        check(x->parent < (int)i);
        const ck_doc_section *found = ck_sections_find(s, x->id, strlen(x->id), NULL);
        check(found && strcmp(found->id, x->id) == 0);
        scan_durations(doc->text + x->start, x->own_end - x->start);
        char where[128];
        ck_doc_describe_span(doc, x->label_start, x->label_end, where, sizeof where);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scan_durations((const char *)data, size);
    /* required words: the first line of the input, looked for in the rest */
    const uint8_t *nl = memchr(data, '\n', size < 64 ? size : 64);
    if (nl)
        ck_dphrase_find_words((const char *)nl + 1, size - (size_t)(nl + 1 - data), (const char *)data,
                              (size_t)(nl - data), NULL, NULL);
    /* PDFs go to poppler in a child process: too slow per input, and not our code to fuzz */
    if (size >= 5 && memcmp(data, "%PDF-", 5) == 0)
        return 0;
    ck_document *doc = NULL;
    ck_doc_error err;
    if (ck_doc_read_memory(data, size, "fuzz.md", NULL, &doc, &err) != CK_DOC_OK)
        return 0;
    check(doc->text[doc->text_len] == '\0');
    ck_sections s;
    if (ck_sections_split(doc, &s) == 0)
        check_sections(doc, &s);
    ck_sections_free(&s);
    ck_doc_free(doc);
    return 0;
}
