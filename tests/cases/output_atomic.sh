#!/bin/bash
# check -o replaces the report only when complete: a write that fails (file size limit) leaves the
# previous report intact and no temporary file behind, and exits 2 with a message.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
"$CK" check --as-of 2026-11-28 -p examples/organisation.policy -f json -o "$tmp/report.json" examples/contracts >/dev/null 2>&1
[ -s "$tmp/report.json" ] || fail "-o wrote no report"
cp "$tmp/report.json" "$tmp/previous.json"
( trap '' XFSZ; ulimit -f 4; "$CK" check --as-of 2026-11-28 -p examples/organisation.policy -f sarif -o "$tmp/report.json" examples/contracts ) >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] || fail "a failed report write exited $rc, expected 2"
cmp -s "$tmp/report.json" "$tmp/previous.json" || fail "a failed write damaged the previous report"
grep -q "cannot write" "$tmp/err" || fail "no message for the failed write: $(cat "$tmp/err")"
ls "$tmp" | grep -q '\.tmp\.' && fail "a temporary file was left behind"
exit $status
