/* Fuzz target: a register file (CSV with a fixed column mapping, or JSON Lines, chosen by the first
 * byte) read through the streaming reader, every record loaded and evaluated against the baseline. */
#define _GNU_SOURCE /* memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diag.h"
#include "eval.h"
#include "policy.h"
#include "register.h"

extern const char ck_baseline_policy[];
extern const size_t ck_baseline_policy_len;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ck_policy *baseline(void)
{
    static ck_policy *policy;
    if (!policy) {
        ck_diags diags;
        ck_diags_init(&diags);
        ck_policy_input in = {.path = "baseline.policy", .text = ck_baseline_policy, .len = ck_baseline_policy_len};
        ck_policy_compile(&in, 1, NULL, &diags, &policy);
        ck_diags_fini(&diags);
    }
    return policy;
}

static const ck_csv_column columns[] = {
    {"id", "supplier.id", NULL, {0}},
    {"importance", "profile.importance", NULL, {0}},
    {"notify", "clauses.incident-notification.notify_within", "h", {0}},
    {"audit", "clauses.right-to-audit", NULL, {0}},
    {"iso", "evidence.iso27001-certificate.expires", NULL, {0}},
    {"depth", "questionnaires.security-questionnaire.depth", NULL, {0}},
    {"mfa", "questionnaires.security-questionnaire.answers.mfa_enforced", NULL, {0}},
};
static const ck_csv_mapping mapping = {columns, sizeof columns / sizeof *columns};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ck_policy *policy = baseline();
    if (!policy || size == 0)
        return 0;
    int fd = memfd_create("register", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    /* the reader tells CSV from JSON Lines by the name the register is shown as */
    const char *display = data[0] & 1 ? "fuzz.csv" : "fuzz.jsonl";
    ck_diags diags;
    ck_diags_init(&diags);
    ck_record_limits lim;
    ck_record_limits_default(&lim);
    lim.yaml.max_bytes = 4096; /* over-long rows are refused, and skipped, often */
    ck_register *r = NULL;
    if (ck_register_open(path, display, &mapping, policy, &lim, &diags, &r) == 0) {
        ck_record *rec;
        int rc;
        FILE *sink = fopen("/dev/null", "w");
        while (ck_register_next(r, policy, &diags, &rec, &rc) == 1) {
            if (rec && rc == 0) {
                ck_eval_options opts = {.as_of = {20785}};
                ck_result res;
                ck_eval_record(policy, rec, &opts, &res);
            }
            if (sink)
                ck_diags_print(sink, &diags, false);
            ck_diags_fini(&diags);
            ck_diags_init(&diags);
            ck_record_free(rec);
        }
        if (sink)
            fclose(sink);
        ck_register_close(r);
    }
    ck_diags_fini(&diags);
    close(fd);
    return 0;
}
