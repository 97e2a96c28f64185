#!/bin/bash
# `clausecheck schema` says what the record loader says. The schema of examples/organisation.policy
# (written with -o, and byte-identical on stdout and run twice) and of the built-in baseline must be
# valid JSON Schema 2020-12; every record of examples/contracts (YAML and JSON) and examples/drafts
# must fail it exactly where `check` reports record-invalid (or an evidence kind or gap requirement
# the policy lacks) and pass it otherwise; and so must some 1,600 hand-typing mistakes made to
# three full records (tests/lib/schema_vs_check.py --mutate): each key deleted, each value replaced
# by wrong ones, unknown keys, other kinds of evidence and party. One is a JSON record, whose
# mistakes are written as JSON; one is the record of tests/cli/schema-small, whose policy declares
# evidence attributes and two kinds of party.
# The schema's keys are the record schema table's: tests/unit/test_record_jsonschema.c.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }

$WRAP "$CK" schema -p examples/organisation.policy -o "$tmp/org.json" || fail "schema -o exited $?"
$WRAP "$CK" schema -p examples/organisation.policy >"$tmp/org-stdout.json" || fail "schema exited $?"
"$CK" schema -p examples/organisation.policy >"$tmp/org-again.json"
cmp -s "$tmp/org.json" "$tmp/org-stdout.json" || fail "-o and stdout differ"
cmp -s "$tmp/org.json" "$tmp/org-again.json" || fail "two runs differ"
$WRAP "$CK" schema >"$tmp/baseline.json" || fail "schema of the built-in baseline exited $?"
"$CK" schema -p tests/cli/schema-small/policy.policy >"$tmp/small.json" || fail "schema of schema-small exited $?"

mapfile -t records < <(find examples/contracts -name '*.yaml' -o -name '*.yml' -o -name '*.json' | sort)
[ "${#records[@]}" -ge 10 ] || fail "found only ${#records[@]} example records"
run() { "$PY" tests/lib/schema_vs_check.py "$@" || status=1; }
run "$CK" "$tmp/org.json" examples/organisation.policy "$tmp" "${records[@]}"
run "$CK" "$tmp/baseline.json" policies/baseline.policy "$tmp" examples/drafts/*.yaml
run --mutate "$CK" "$tmp/org.json" examples/organisation.policy "$tmp/org" \
  examples/contracts/saas/meridian-core-banking.yaml examples/contracts/saas/orbit-analytics.json
run --mutate "$CK" "$tmp/small.json" tests/cli/schema-small/policy.policy "$tmp/small" tests/cli/schema-small/record.yaml
exit $status
