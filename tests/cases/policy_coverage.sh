#!/bin/bash
# Every shipped policy's tests exercise each of its own requirements, and each of their rules,
# both ways (met in one test, unmet in another): `clausecheck test --coverage` must report N of N.
# A small policy with a requirement no test reaches shows the report names it and its rule.
source "$(dirname "$0")/../lib/case_env.sh"
status=0

for p in policies/*.policy; do
  out=$($WRAP "$CK" test --coverage "$p" 2>&1); rc=$?
  [ "$rc" -eq 0 ] || { echo "FAIL: $p: test --coverage exits $rc"; echo "$out" | tail -5; status=1; continue; }
  line=$(grep '^requirements exercised both ways:' <<<"$out")
  if [[ ! "$line" =~ both\ ways:\ ([0-9]+)\ of\ ([0-9]+)\;\ rules:\ ([0-9]+)\ of\ ([0-9]+) ]]; then
    echo "FAIL: $p: no coverage summary"; status=1; continue
  fi
  r=${BASH_REMATCH[1]} R=${BASH_REMATCH[2]} u=${BASH_REMATCH[3]} U=${BASH_REMATCH[4]}
  if [ "$R" -eq 0 ] || [ "$r" -ne "$R" ] || [ "$u" -ne "$U" ]; then
    echo "FAIL: $p: $line"
    grep -E 'met only|unmet only|never reached' <<<"$out" | head -10
    status=1
  fi
done

# the report must show what is missing, or the check above could pass on a silent report
cat >"$tmp/gap.policy" <<'POLICY'
policy "Coverage gap"
  version "1"

profile {
  cloud : bool "The service is a cloud service"
}

tiers low < high

tier high when cloud
tier low  otherwise

clause nda "A non-disclosure agreement"

clause exit-plan "An exit plan"

require R-1 "NDA" for tier >= low {
  clause nda
}

require R-2 "Exit plan" for tier high {
  clause exit-plan
}

test "low supplier with an NDA" {
  as of 2026-11-28
  profile cloud = false
  clause nda
  expect tier low
  expect nothing
}

test "low supplier without one" {
  as of 2026-11-28
  profile cloud = false
  expect R-1 clause-missing
}
POLICY
out=$($WRAP "$CK" test --coverage "$tmp/gap.policy" 2>&1)
grep -q 'R-1 *both ways' <<<"$out" || { echo "FAIL: R-1 should be covered both ways"; echo "$out"; status=1; }
grep -q 'R-2 *never reached' <<<"$out" || { echo "FAIL: R-2 should be reported as never reached"; echo "$out"; status=1; }
grep -q 'gap.policy:22:3: rule never reached' <<<"$out" || { echo "FAIL: R-2's rule should be located"; echo "$out"; status=1; }
grep -q 'requirements exercised both ways: 1 of 2; rules: 1 of 2' <<<"$out" || { echo "FAIL: summary"; echo "$out"; status=1; }
exit $status
