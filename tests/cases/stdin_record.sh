#!/bin/bash
# check -, review - and explain - read one record from standard input, named by --stdin-name and belonging to
# the repository a file of that name would: the output is byte for byte that of the file itself.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
cd examples || exit 1
ck() { NO_COLOR=1 $WRAP "$CK" "$@"; }
common=(--as-of 2026-11-28 -p organisation.policy)
n=0
# the same output from the file and from standard input under its name: evidence (hashed, so a
# wrong root would show), documents and the repository's config all resolve alike
for rec in contracts/saas/tallyhr.yaml contracts/onprem/keystone-erp.yaml contracts/saas/orbit-analytics.json; do
  for args in "check" "check -f json" "check --compact" "review" "review -f json" "explain" "explain -f json"; do
    # shellcheck disable=SC2086 # args are words
    ck $args "${common[@]}" "$rec" >"$tmp/file.out" 2>&1; want=$?
    # shellcheck disable=SC2086
    ck $args "${common[@]}" --stdin-name "$rec" - <"$rec" >"$tmp/stdin.out" 2>&1; got=$?
    [ "$got" = "$want" ] || fail "$args of $rec on stdin: exit $got, from the file $want"
    cmp -s "$tmp/file.out" "$tmp/stdin.out" || fail "$args of $rec on stdin differs: $(diff "$tmp/file.out" "$tmp/stdin.out" | head -6)"
    n=$((n + 1))
  done
done
# without --stdin-name the record is <stdin>, in the current directory's repository
ck check "${common[@]}" --compact - <contracts/saas/brightdesk-crm.yaml >"$tmp/out" 2>&1
grep -q '^<stdin>:19:43: error \[clause-weaker\] BL-04:' "$tmp/out" || fail "check - said: $(head -3 "$tmp/out")"
ck review "${common[@]}" - <contracts/saas/brightdesk-crm.yaml >"$tmp/out" 2>&1
grep -q '^  Record: <stdin>$' "$tmp/out" || fail "review - said: $(head -3 "$tmp/out")"
# a record given as well as '-'
ck check "${common[@]}" --compact contracts/saas/quillmail.yaml - <contracts/saas/brightdesk-crm.yaml >"$tmp/out" 2>&1
grep -q '^checked 2 suppliers' "$tmp/out" || fail "check FILE - said: $(tail -4 "$tmp/out")"
# what cannot be: each a usage error (exit 2) that says why
expect_usage() {
  local want=$1; shift
  ck "$@" </dev/null >"$tmp/out" 2>&1; local rc=$?
  [ "$rc" = 2 ] && grep -q -- "$want" "$tmp/out" || fail "$* gave exit $rc: $(head -2 "$tmp/out")"
}
expect_usage "give '-' once" check "${common[@]}" - -
expect_usage "no path is '-'" check "${common[@]}" --stdin-name x.yaml contracts
expect_usage "cannot both read standard input" check "${common[@]}" --files-from - -
expect_usage "names a register" check "${common[@]}" --stdin-name contracts/export.jsonl -
expect_usage "names a register" check "${common[@]}" --stdin-name contracts/export.csv -
expect_usage "the draft is not '-'" review "${common[@]}" --stdin-name x.yaml contracts/saas/tallyhr.yaml
expect_usage "the record is not '-'" explain "${common[@]}" --stdin-name x.yaml contracts/saas/tallyhr.yaml
expect_usage "is a register" explain "${common[@]}" --stdin-name contracts/x.jsonl -
expect_usage "is a register" review "${common[@]}" --stdin-name contracts/x.jsonl -
expect_usage "cannot read: No such file" check "${common[@]}" --stdin-name no/such/folder/x.yaml -
head -c 1100000 /dev/zero | tr '\0' 'a' >"$tmp/big"
ck check "${common[@]}" - <"$tmp/big" >"$tmp/out" 2>&1
[ $? = 2 ] && grep -q "too large" "$tmp/out" || fail "an oversized stdin record: $(head -2 "$tmp/out")"
[ $status -eq 0 ] && echo "stdin records: $n commands alike from the file and from standard input"
exit $status
