#!/bin/bash
# The README's report excerpts are real output: every fenced block that starts with a record line
# ("examples/contracts/...: supplier ...") must equal what `check` prints for that one record with
# the example organisation's policy, as of the examples' date. A wording change that makes the
# README stale fails here, not in a reader's hands.
source "$(dirname "$0")/../lib/case_env.sh"

"$PY" - "$tmp" <<'PYEOF' || exit 1
import re, sys
tmp = sys.argv[1]
text = open("README.md", encoding="utf-8").read()
n = 0
for block in re.findall(r"^```\n(.*?)^```$", text, re.S | re.M):
    m = re.match(r"(examples/contracts/\S+): supplier ", block)
    if m:
        open(f"{tmp}/excerpt-{n}.txt", "w", encoding="utf-8").write(block)
        open(f"{tmp}/excerpt-{n}.path", "w", encoding="utf-8").write(m.group(1))
        n += 1
if n == 0:
    print("FAIL: README.md has no report excerpt to check")
    sys.exit(1)
PYEOF

status=0 n=0
for f in "$tmp"/excerpt-*.txt; do
  path=$(cat "${f%.txt}.path")
  NO_COLOR=1 $WRAP "$CK" check --as-of 2026-11-28 -p examples/organisation.policy --root examples/contracts "$path" >"$tmp/actual" 2>&1
  if ! diff -u "$f" "$tmp/actual" >"$tmp/diff"; then
    echo "FAIL: README excerpt for $path differs from the real output:"
    head -30 "$tmp/diff"
    status=1
  fi
  n=$((n + 1))
done
echo "README excerpts checked: $n"
exit $status
