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
# --diff: a unified diff that patch applies to the original to give exactly fmt's output, for
# policies made messy in several ways (spacing, blank lines, no final newline)
n=0
for p in policies/*.policy examples/*.policy; do
  n=$((n + 1))
  cp "$p" "$tmp/d$n.policy"
  sed -i -e 's/^tiers \(.*\)$/tiers   \1/' -e 's/^  \([a-z_]*\) *: /  \1   :  /' -e '0~17s/^$/\n/' "$tmp/d$n.policy"
  [ $((n % 2)) = 0 ] && truncate -s -1 "$tmp/d$n.policy"
  "$CK" fmt --diff "$tmp/d$n.policy" >"$tmp/d$n.patch" 2>"$tmp/err"; rc=$?
  [ "$rc" = 0 ] || fail "fmt --diff exited $rc: $(cat "$tmp/err")"
  grep -q '^@@ ' "$tmp/d$n.patch" || fail "fmt --diff of messy $p shows no change"
  cp "$tmp/d$n.policy" "$tmp/d$n.patched"
  patch -s "$tmp/d$n.patched" <"$tmp/d$n.patch" >"$tmp/err" 2>&1 || fail "patch rejects fmt --diff of $p: $(head -3 "$tmp/err")"
  "$CK" fmt "$tmp/d$n.policy" | cmp -s - "$tmp/d$n.patched" || fail "fmt --diff of $p, applied, is not fmt's output"
done
"$CK" fmt --diff "$tmp/clean.policy" >"$tmp/out" && [ ! -s "$tmp/out" ] || fail "fmt --diff of a formatted file printed: $(head -3 "$tmp/out")"
# -l lists exactly the files that would change and exits 0; with --check it exits 1
out=$("$CK" fmt -l "$tmp/d1.policy" "$tmp/clean.policy" "$tmp/d2.policy" 2>&1); rc=$?
[ "$rc" = 0 ] && [ "$out" = "$tmp/d1.policy"$'\n'"$tmp/d2.policy" ] || fail "fmt -l exited $rc and said: $out"
"$CK" fmt -l --check "$tmp/d1.policy" >/dev/null 2>&1; [ $? = 1 ] || fail "fmt -l --check on a messy file did not exit 1"
# -: standard input to standard output
"$CK" fmt - <"$tmp/d1.policy" | cmp -s - <("$CK" fmt "$tmp/d1.policy") || fail "fmt - differs from fmt FILE"
out=$("$CK" fmt --check - <"$tmp/d1.policy" 2>/dev/null); [ $? = 1 ] && [ "$out" = "<stdin>" ] || fail "fmt --check - said: $out"
"$CK" fmt -w - <"$tmp/d1.policy" >/dev/null 2>&1; [ $? = 2 ] || fail "fmt -w - is not a usage error"
# an unreadable file is said to be unreadable, not to not parse (exit 2)
for bad in "$tmp/no-such.policy" "$tmp"; do
  "$CK" fmt "$bad" >/dev/null 2>"$tmp/err"; rc=$?
  [ "$rc" = 2 ] && grep -q "not formatted: it cannot be read" "$tmp/err" && ! grep -q "does not parse" "$tmp/err" \
    || fail "fmt of unreadable $bad exited $rc: $(cat "$tmp/err")"
done
"$CK" fmt "$tmp/broken.policy" >/dev/null 2>"$tmp/err"
grep -q "not formatted: it does not parse" "$tmp/err" || fail "a broken policy: $(cat "$tmp/err")"
exit $status
