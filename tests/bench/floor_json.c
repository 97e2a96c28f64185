/*
 * The floor for a JSON Lines register: yajl's event parser over every line of the file, events
 * discarded, read in large blocks as check reads it. check's JSONL input is measured against it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

static unsigned long events;

static int on_any(void *ctx) { (void)ctx; events++; return 1; }
static int on_bool(void *ctx, int v) { (void)ctx; (void)v; events++; return 1; }
static int on_text(void *ctx, const char *s, size_t n) { (void)ctx; (void)s; (void)n; events++; return 1; }
static int on_str(void *ctx, const unsigned char *s, size_t n) { (void)ctx; (void)s; (void)n; events++; return 1; }

static const yajl_callbacks cbs = {on_any, on_bool, NULL, NULL, on_text, on_str, on_any, on_str, on_any, on_any, on_any};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: floor_json FILE.jsonl\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lines = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        yajl_handle h = yajl_alloc(&cbs, NULL, NULL);
        if (yajl_parse(h, (const unsigned char *)line, (size_t)n) != yajl_status_ok ||
            yajl_complete_parse(h) != yajl_status_ok) {
            fprintf(stderr, "%s:%lu: parse error\n", argv[1], lines + 1);
            return 2;
        }
        yajl_free(h);
        lines++;
    }
    free(line);
    fclose(f);
    printf("%lu records, %lu events\n", lines, events);
    return 0;
}
