/* make bench: reads a contract document as a check will (confined open, extraction, sections,
 * durations in every section) and prints how long each stage took. Speed is measured, never asserted. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "document.h"
#include "duration_phrase.h"
#include "sections.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s ROOT DOCUMENT\n", argv[0]);
        return 2;
    }
    ck_evfile_root root;
    if (ck_evfile_root_open(&root, argv[1]) != 0) {
        perror(argv[1]);
        return 2;
    }
    ck_document *doc;
    ck_doc_error err;
    double t0 = now();
    if (ck_doc_open(&root, argv[2], strlen(argv[2]), NULL, NULL, &doc, &err) != CK_DOC_OK) {
        fprintf(stderr, "%s: %s\n", argv[2], err.detail);
        ck_evfile_root_close(&root);
        return 1;
    }
    double t1 = now();
    ck_sections s;
    if (ck_sections_split(doc, &s) != 0) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    double t2 = now();
    size_t durations = 0;
    for (size_t i = 0; i < s.n; i++)
        durations += ck_dphrase_scan(doc->text + s.items[i].start, s.items[i].own_end - s.items[i].start, NULL, 0);
    double t3 = now();
    printf("%s: %u pages, %zu bytes of text, %zu paragraphs, %zu sections, %zu durations\n", argv[2],
           doc->npages, doc->text_len, doc->npara, s.n, durations);
    printf("  extract %.0f ms, split %.1f ms, durations %.1f ms, total %.0f ms\n", (t1 - t0) * 1e3,
           (t2 - t1) * 1e3, (t3 - t2) * 1e3, (t3 - t0) * 1e3);
    ck_sections_free(&s);
    ck_doc_free(doc);
    ck_evfile_root_close(&root);
    return 0;
}
