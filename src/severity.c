/* Severities: one table of their names and how each output format shows them. */
#include "severity.h"

#include <string.h>

static const ck_severity_info severities[CK_SEV_COUNT] = {
    [CK_SEV_ERROR] = {"error", "errors", "error", "error", "\033[1;31m"},
    [CK_SEV_WARNING] = {"warning", "warnings", "warning", "warning", "\033[1;35m"},
    [CK_SEV_INFO] = {"info", "info", "note", "notice", "\033[1;36m"},
};

const ck_severity_info *ck_severity_get(ck_severity s) { return &severities[s]; }

const char *ck_severity_name(ck_severity s) { return severities[s].name; }

int ck_severity_find(const char *name)
{
    for (int s = 0; s < CK_SEV_COUNT; s++)
        if (strcmp(severities[s].name, name) == 0)
            return s;
    return -1;
}

int ck_fail_on_parse(const char *name)
{
    return strcmp(name, "never") == 0 ? CK_FAIL_NEVER : ck_severity_find(name);
}

const char *ck_fail_on_name(int fail_on)
{
    return fail_on >= 0 && fail_on < CK_SEV_COUNT ? severities[fail_on].name : "never";
}

void ck_severity_counts_write(FILE *out, const size_t counts[CK_SEV_COUNT])
{
    for (int s = 0; s < CK_SEV_COUNT; s++)
        fprintf(out, "%s%zu %s", s ? ", " : "", counts[s], counts[s] == 1 ? severities[s].name : severities[s].plural);
}
