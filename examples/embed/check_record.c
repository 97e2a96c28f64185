/*
 * Embedding clausecheck: check one contract record against a policy and say what to fix.
 *
 *   check_record POLICY RECORD [ROOT]
 *
 * Compiles POLICY, checks RECORD (YAML or JSON) with its evidence files beneath ROOT (default:
 * evidence not looked at), prints the tier and each finding on one line, then the same result as
 * a JSON report on stdout. Exit status: 0 no errors, 1 findings at error level, 2 unusable input.
 *
 * Build against the installed library:
 *   cc check_record.c $(pkg-config --cflags --libs clausecheck) -o check_record
 */
#include <clausecheck.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s POLICY RECORD [ROOT]\n", argv[0]);
        return 2;
    }
    clausecheck_policy *policy = NULL;
    clausecheck_diagnostics *diags = NULL;
    const char *paths[] = {argv[1]};
    if (clausecheck_policy_compile_files(paths, 1, &policy, &diags) != CLAUSECHECK_OK) {
        clausecheck_diagnostics_write(diags, stderr);
        clausecheck_diagnostics_free(&diags);
        return 2;
    }
    clausecheck_diagnostics_free(&diags);

    clausecheck_check_options options = {.as_of = "2026-11-28", .root = argc == 4 ? argv[3] : NULL};
    clausecheck_result *result = NULL;
    clausecheck_status st = clausecheck_check_file(policy, argv[2], &options, &result, &diags);
    if (st != CLAUSECHECK_OK) {
        fprintf(stderr, "%s: %s\n", argv[2], clausecheck_status_text(st));
        clausecheck_diagnostics_write(diags, stderr);
        clausecheck_diagnostics_free(&diags);
        clausecheck_policy_free(&policy);
        return 2;
    }
    clausecheck_diagnostics_free(&diags);

    printf("%s: tier %s%s\n", clausecheck_result_supplier(result), clausecheck_result_tier(result),
           clausecheck_result_tier_uncertain(result) ? " (profile incomplete)" : "");
    int errors = 0;
    for (size_t i = 0; i < clausecheck_result_finding_count(result); i++) {
        clausecheck_finding f;
        clausecheck_result_finding(result, i, &f);
        printf("  %s:%u:%u %s [%s] %s%s%s: %s\n", f.path, f.line, f.column, f.severity, f.kind,
               f.requirement ? f.requirement : "record", f.party_id ? " " : "", f.party_id ? f.party_id : "",
               f.message);
        if (f.fix)
            printf("    fix: %s\n", f.fix);
        errors += strcmp(f.severity, "error") == 0;
    }
    const clausecheck_result *all[] = {result};
    st = clausecheck_report_write(policy, all, 1, "json", "error", stdout);
    clausecheck_result_free(&result);
    clausecheck_policy_free(&policy);
    if (st != CLAUSECHECK_OK)
        return 2;
    return errors ? 1 : 0;
}
