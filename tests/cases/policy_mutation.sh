#!/bin/bash
# The baseline's own tests have teeth: weaken one threshold in a copy of policies/baseline.policy
# and `clausecheck test` must fail (exit 1) with a line naming the failing test's place and its
# expected and actual findings. Each mutation is a threshold a careless edit could loosen; the
# unchanged original must pass.
source "$(dirname "$0")/../lib/case_env.sh"
status=0 n=0 bad=0
fail() { echo "FAIL: $*"; status=1; bad=1; }

# The original passes.
out=$($WRAP "$CK" test policies/baseline.policy 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "the original baseline's tests exit $rc, expected 0: $out"

# mutate NAME SED-EXPRESSION TEST-TITLE MISSING-FINDING: apply the edit to a copy, run its tests and
# expect TEST-TITLE to fail at its own line, listing MISSING-FINDING as expected but not produced.
mutate() {
  local name=$1 expr=$2 title=$3 finding=$4
  n=$((n + 1)) bad=0
  local copy="$tmp/mutant$n/baseline.policy"
  mkdir -p "$tmp/mutant$n"
  sed "$expr" policies/baseline.policy >"$copy"
  if cmp -s "$copy" policies/baseline.policy; then
    fail "$name: the edit '$expr' changed nothing (the policy text moved on: update this case)"; return
  fi
  local line
  line=$(grep -n -F "test \"$title\" {" "$copy" | cut -d: -f1)
  [ -n "$line" ] || { fail "$name: no test \"$title\" in the baseline"; return; }
  out=$($WRAP "$CK" test "$copy" 2>&1); rc=$?
  [ "$rc" -eq 1 ] || fail "$name: clausecheck test exits $rc, expected 1"
  # The failure names the test by place and title, then expected and actual findings.
  local head="$copy:$line:1: FAILED: test \"$title\""
  local block
  block=$(printf '%s\n' "$out" | grep -F -x -A 3 "$head")
  if [ -z "$block" ]; then
    fail "$name: no line '$head' in:"$'\n'"$out"; return
  fi
  printf '%s\n' "$block" | grep -q "^  expected: .*$finding" || fail "$name: no 'expected:' line with $finding: $block"
  printf '%s\n' "$block" | grep -q '^  actual:   ' || fail "$name: no 'actual:' line: $block"
  printf '%s\n' "$block" | grep '^  actual:   ' | grep -q "$finding" && fail "$name: $finding is still produced: $block"
  printf '%s\n' "$out" | grep -q -x "  missing $finding" || fail "$name: no 'missing $finding' line: $out"
  printf '%s\n' "$out" | grep -q '^[0-9]* passed, [1-9][0-9]* failed$' || fail "$name: no summary with failures: $out"
  [ "$bad" -eq 0 ] && echo "ok: $name is caught by test \"$title\" (line $line)"
}

mutate "BL-15 notice of organisational changes 30d -> 7d" \
  's/clause organisational-change-notice with notice >= 30d/clause organisational-change-notice with notice >= 7d/' \
  "medium-tier software vendor on its own standard terms" "BL-15 clause-weaker"
mutate "tier high notify_within 24h -> 72h" \
  's/notify_within = 24h, recover_within = 24h/notify_within = 72h, recover_within = 24h/' \
  "data held outside our countries makes a supplier high-tier: 48-hour notice is too slow, its certificate lapsed" \
  "BL-04 clause-weaker"
mutate "BL-11 inability notice 30d -> 90d" \
  's/clause inability-notice with notify_within <= 30d/clause inability-notice with notify_within <= 90d/' \
  "medium-tier software vendor on its own standard terms" "BL-11 clause-weaker"
mutate "BL-13 penetration test freshness 12mo -> 24mo" \
  's/evidence penetration-test issued within 12mo/evidence penetration-test issued within 24mo/' \
  "critical provider whose penetration test is more than a year old" "BL-13 evidence-stale"
exit $status
