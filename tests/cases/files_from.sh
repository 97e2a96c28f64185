#!/bin/bash
# --files-from checks only listed records, and records whose evidence files or contract documents are listed.
set -u
CK=${CK:-build/clausecheck}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
status=0
fail() { echo "FAIL: $*"; status=1; }
suppliers() { grep -o '^[^ ]*: supplier [^ ,]*' | sed 's/.*supplier //' | sort | tr '\n' ' '; }
# a changed record (path as git diff --name-only prints it, relative to the repository root)
got=$(printf 'examples/contracts/saas/quillmail.yaml\n' | "$CK" check --as-of 2026-11-28 -p examples/organisation.policy --files-from - examples/contracts 2>&1 | suppliers)
[ "$got" = "quillmail " ] || fail "a listed record: checked '$got', expected 'quillmail '"
# a changed evidence file makes the record citing it count as changed
got=$(printf 'examples/contracts/evidence/ledgerline/iso27001-2023.pdf\n' | "$CK" check --as-of 2026-11-28 -p examples/organisation.policy --files-from - examples/contracts 2>&1 | suppliers)
[ "$got" = "ledgerline-payroll " ] || fail "a listed evidence file: checked '$got', expected 'ledgerline-payroll '"
# so does a changed contract document
got=$(printf 'examples/contracts/documents/keystone/dora-addendum.pdf\n' | "$CK" check --as-of 2026-11-28 -p examples/organisation.policy --files-from - examples/contracts 2>&1 | suppliers)
[ "$got" = "keystone-erp " ] || fail "a listed contract document: checked '$got', expected 'keystone-erp '"
# so does the evidence file of a party listed behind the supplier (c.pdf: sub-processor files of
# each-unmet), or behind a party
got=$(cd tests/check/parties && printf 'contracts/evidence/c.pdf\n' | "$CK" check --as-of 2026-11-28 -p policy.policy --files-from - contracts 2>&1 | suppliers)
[ "$got" = "each-unmet " ] || fail "a party's listed evidence file: checked '$got', expected 'each-unmet '"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/evidence"
echo report >"$tmp/evidence/deep.pdf"
printf 'supplier: { id: deep }\nparties:\n  - kind: subprocessor\n    id: s\n    parties:\n      - { kind: vendor, id: v, evidence: [ { kind: assessment, file: evidence/deep.pdf } ] }\n' >"$tmp/deep.yaml"
printf 'supplier: { id: other }\n' >"$tmp/other.yaml"
got=$(cd "$tmp" && printf 'evidence/deep.pdf\n' | "$CK" check --as-of 2026-11-28 -p "$OLDPWD/tests/check/parties/policy.policy" --files-from - . 2>&1 | suppliers)
[ "$got" = "deep " ] || fail "a nested party's listed evidence file: checked '$got', expected 'deep '"
# deleted and unrelated files select nothing; the run passes
out=$(printf 'examples/contracts/gone.yaml\nREADME.md\n' | "$CK" check --as-of 2026-11-28 -p examples/organisation.policy --files-from - examples/contracts 2>&1); rc=$?
[ "$rc" -eq 0 ] || fail "nothing listed that exists: exit $rc, expected 0"
case "$out" in *"checked 0 suppliers"*) ;; *) fail "nothing listed: $(printf '%s' "$out" | tail -3)" ;; esac
# a list with nothing that exists (only deleted files), and an empty one (a diff that touches
# nothing): every record is left out, not every record checked
for list in 'examples/contracts/saas/deleted-supplier.yaml\n' ''; do
  out=$(printf "$list" | "$CK" check --as-of 2026-11-28 -p examples/organisation.policy --files-from - examples/contracts 2>&1); rc=$?
  [ "$rc" -eq 0 ] || fail "list '$list': exit $rc, expected 0"
  case "$out" in *"checked 0 suppliers"*"unchanged, not checked (--files-from): 15"*) ;;
    *) fail "list '$list': $(printf '%s' "$out" | tail -4)" ;; esac
done
exit $status
