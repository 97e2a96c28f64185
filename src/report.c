/* The table of report formats and helpers every reporter shares. */
#include "report.h"

#include <stdio.h>
#include <string.h>

static const ck_reporter *const reporters[] = {&ck_report_text,  &ck_report_json,   &ck_report_sarif,
                                               &ck_report_junit, &ck_report_github, &ck_report_markdown};

const ck_reporter *ck_reporter_find(const char *name)
{
    for (size_t i = 0; i < sizeof reporters / sizeof reporters[0]; i++)
        if (strcmp(reporters[i]->name, name) == 0)
            return reporters[i];
    return NULL;
}

void ck_reporter_list(char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof reporters / sizeof reporters[0] && at < n; i++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? ", " : "", reporters[i]->name);
}

ck_place ck_report_place(const ck_span *span)
{
    if (!span->src)
        return (ck_place){.path = ""};
    ck_linecol lc = ck_source_linecol(span->src, span->start);
    return (ck_place){.path = span->src->path, .line = lc.line, .col = lc.col};
}
