#!/bin/bash
# fmt --check names files that would change (exit 1) and passes formatted ones (exit 0); fmt -w
# rewrites in place keeping permissions, and a failing write leaves the original intact.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
cp policies/baseline.policy "$tmp/messy.policy"
sed -i 's/^tiers low < medium < high < critical/tiers   low<medium <high<   critical/' "$tmp/messy.policy"
"$CK" fmt "$tmp/messy.policy" >"$tmp/clean.policy" || fail "fmt failed"
cp "$tmp/clean.policy" "$tmp/clean2.policy"
out=$("$CK" fmt --check "$tmp/messy.policy" "$tmp/clean.policy" 2>/dev/null); rc=$?
[ "$rc" -eq 1 ] || fail "--check exited $rc on an unformatted file, expected 1"
[ "$out" = "$tmp/messy.policy" ] || fail "--check should name exactly the file that would change, named: $out"
"$CK" fmt --check "$tmp/clean.policy" >/dev/null 2>&1 || fail "--check fails on formatted output (not a fixed point)"
chmod 640 "$tmp/messy.policy"
"$CK" fmt -w "$tmp/messy.policy" || fail "fmt -w failed"
cmp -s "$tmp/messy.policy" "$tmp/clean.policy" || fail "fmt -w did not write the canonical form"
[ "$(stat -c %a "$tmp/messy.policy")" = 640 ] || fail "fmt -w changed the file's permissions"
ls "$tmp" | grep -q '\.tmp\.' && fail "fmt -w left a temporary file behind"
# a write that fails (file size limit) must leave the original untouched
cp policies/baseline.policy "$tmp/big.policy"
sed -i 's/^tiers low < medium < high < critical/tiers low<medium<high<critical/' "$tmp/big.policy"
cp "$tmp/big.policy" "$tmp/big.orig"
( trap '' XFSZ; ulimit -f 1; "$CK" fmt -w "$tmp/big.policy" ) >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] || fail "a failed write exited $rc, expected 2"
cmp -s "$tmp/big.policy" "$tmp/big.orig" || fail "a failed write damaged the original"
grep -q "cannot write" "$tmp/err" || fail "a failed write gave no message: $(cat "$tmp/err")"
ls "$tmp" | grep -q '\.tmp\.' && fail "a failed write left a temporary file behind"
# a file that does not parse is refused, not rewritten
printf 'policy "x" tiers a < \n' >"$tmp/broken.policy"
cp "$tmp/broken.policy" "$tmp/broken.orig"
"$CK" fmt -w "$tmp/broken.policy" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "fmt -w on a broken file exited $rc, expected 2"
cmp -s "$tmp/broken.policy" "$tmp/broken.orig" || fail "fmt -w rewrote a file that does not parse"
# the shipped policies are written as fmt writes them, and a blank line before a party in a test
# stays before the party, not inside it
out=$("$CK" fmt --check policies/*.policy 2>&1) || fail "shipped policies are not in fmt's form: $out"
printf 'policy "p"\ntiers low\nparty vendor "V" { ok : bool "ok" }\nclause c "C"\ntest "t" {\n  clause c\n\n  party vendor v1 ok = true {\n    clause c\n  }\n  expect nothing\n}\n' >"$tmp/party.policy"
"$CK" fmt "$tmp/party.policy" >"$tmp/party.out" 2>&1 || fail "fmt failed on a test with a party: $(cat "$tmp/party.out")"
grep -A1 'party vendor v1' "$tmp/party.out" | tail -1 | grep -q '^    clause c$' \
  || fail "fmt put a blank line inside the party: $(cat "$tmp/party.out")"
exit $status
