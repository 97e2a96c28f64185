#!/bin/bash
# Microsoft's SARIF validator on the example repository's SARIF: no error, and no warning but the
# documented one (SARIF2005: clausecheck has no public informationUri yet; see docs/ci.md).
set -u
CK=${CK:-build/clausecheck}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
prefix=$PWD/build/npm
tool=$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -e "$tool" ]; then
  if ! command -v npm >/dev/null; then
    echo "npm is missing: install it with  sudo apt-get install -y npm"; exit 1
  fi
  npm install --no-audit --no-fund --prefix "$prefix" @microsoft/sarif-multitool@5.7.0 >"$prefix.log" 2>&1 \
    || { echo "npm install @microsoft/sarif-multitool failed:"; tail -5 "$prefix.log"; exit 1; }
fi
# npm 11 does not run the package's postinstall (chmod) unless approved
chmod u+x "$tool"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the example repository is checked against its organisation's policy; the drafts use the baseline
repo=examples/contracts policy=(-p examples/organisation.policy)
[ -d "$repo" ] || { repo=examples/drafts; policy=(); }
"$CK" check --as-of 2026-11-28 "${policy[@]}" -f sarif -o "$tmp/report.sarif" "$repo" 2>/dev/null
# and findings about parties behind the supplier (their party in each result's properties)
(cd tests/check/parties && "$CK" check -p policy.policy --as-of 2026-11-28 -f sarif -o "$tmp/parties.sarif" contracts 2>/dev/null)
for report in report parties; do
  "$tool" validate "$tmp/$report.sarif" >"$tmp/validate.log" 2>&1
  rc=$?
  if [ "$rc" -ne 0 ] || grep -q ": error " "$tmp/validate.log"; then
    echo "sarif-multitool reports errors on $report.sarif (exit $rc):"; cat "$tmp/validate.log"; exit 1
  fi
  if grep ": warning " "$tmp/validate.log" | grep -v "SARIF2005" | grep -q .; then
    echo "sarif-multitool reports undocumented warnings on $report.sarif:"; grep ": warning " "$tmp/validate.log"; exit 1
  fi
  echo "sarif-multitool on $report.sarif: $(grep -c ': warning ' "$tmp/validate.log") documented warning(s), no errors"
done
