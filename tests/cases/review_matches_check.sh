#!/bin/bash
# review and check never disagree: for every example record, the requirements check reports unmet
# are exactly the ones review lists as unmet (both run from the record's repository root). The
# contract repository is checked against the example organisation's policy (baseline and the DORA
# and GDPR overlays), the drafts against the built-in baseline.
set -u
CK=${CK:-build/clausecheck}
PY=${PY:-/usr/bin/python3}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
status=0 n=0
compare() { # ROOT RECORD(relative to ROOT) [-p POLICY(relative to ROOT)]
  local root=$1 rec=$2; shift 2
  (cd "$root" && "$CK" check --as-of 2026-11-28 "$@" -f json "$rec" >"$tmp/check.json" 2>/dev/null)
  (cd "$root" && "$CK" review --as-of 2026-11-28 "$@" -f json "$rec" >"$tmp/review.json" 2>/dev/null)
  "$PY" - "$tmp/check.json" "$tmp/review.json" <<'PYEOF'
import json, sys
check = json.load(open(sys.argv[1]))
review = json.load(open(sys.argv[2]))
if not check["records"]:
    sys.exit(0)  # not a loadable record: nothing to compare
unmet_check = sorted(r["id"] for r in check["records"][0]["requirements"] if r["outcome"] == "unmet")
unmet_review = sorted(i["id"] for i in review["items"] if i["outcome"] == "unmet")
if unmet_check != unmet_review:
    print("check:", unmet_check, "\nreview:", unmet_review)
    sys.exit(1)
PYEOF
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS= read -r f; do
  n=$((n + 1))
  if ! out=$(compare examples/contracts "${f#examples/contracts/}" -p ../organisation.policy); then
    echo "disagree on $f: $out"; status=1
  fi
done < <([ -d examples/contracts ] && find examples/contracts -name '*.yaml' -o -name '*.yml' -o -name '*.json' | sort)
for f in examples/drafts/*.yaml; do
  n=$((n + 1))
  if ! out=$(compare examples "${f#examples/}"); then
    echo "disagree on $f: $out"; status=1
  fi
done
echo "compared $n records"
exit $status
