#!/bin/bash
# fmt is a fixed point and keeps the meaning:
# - every tests/lint/ok-*.policy written in canonical form formats to itself, byte for byte (the
#   older cases listed below predate that rule: they show lint reading free layouts);
# - every tests/cli/fmt-*/input.policy formats to a fixed point that lints as cleanly as the input
#   and, when the input has tests, passes the same tests.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
free_layout=(ok-bom-crlf ok-clause-mentions ok-clause-parameters ok-conditions ok-contract-dates ok-evidence ok-header-and-comments
  ok-import ok-minimal ok-profile-types ok-questionnaire ok-requirement-texts ok-rule-groups ok-tests
  ok-tier-attributes ok-tier-ranges ok-unicode-strings)
n=0
for p in tests/lint/ok-*.policy; do
  name=$(basename "$p" .policy)
  [[ " ${free_layout[*]} " == *" $name "* ]] && continue
  n=$((n + 1))
  if ! "$CK" fmt "$p" >"$tmp/out" 2>"$tmp/err"; then fail "$p: fmt failed: $(cat "$tmp/err")"; continue; fi
  cmp -s "$tmp/out" "$p" || fail "$p is not in canonical form: $(diff "$p" "$tmp/out" | head -10)"
done
for p in tests/cli/fmt-*/input.policy; do
  [ -e "$p" ] || continue
  n=$((n + 1))
  out="$(dirname "$p")/.fmt-fixed-point.policy" # beside the input, so that imports resolve alike
  "$CK" fmt "$p" >"$out" 2>"$tmp/err" || { fail "$p: fmt failed: $(cat "$tmp/err")"; rm -f "$out"; continue; }
  "$CK" fmt "$out" 2>/dev/null | cmp -s - "$out" || fail "$p: fmt is not a fixed point on its output"
  "$CK" lint "$p" >/dev/null 2>&1; want=$?
  "$CK" lint "$out" >/dev/null 2>&1; got=$?
  [ "$want" -eq "$got" ] || fail "$p: lint exits $want, on the formatted copy $got"
  if grep -q '^[[:space:]]*test[[:space:]]*"' "$p"; then
    "$CK" test "$p" >/dev/null 2>&1; want=$?
    "$CK" test "$out" >/dev/null 2>&1; got=$?
    [ "$want" -eq "$got" ] || fail "$p: its tests exit $want, on the formatted copy $got"
  fi
  rm -f "$out"
done
[ "$status" -eq 0 ] && echo "$n policies are fixed points of fmt"
exit $status
