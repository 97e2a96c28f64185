#!/bin/bash
# The README's report excerpts are real output: every fenced block that starts with a record line
# ("examples/contracts/...: supplier ...") must equal what `check` prints for that one record, as
# the README says to run it: the repository's config file names the policy and the root. A wording
# change that makes the README stale fails here, not in a reader's hands. Likewise every policy
# excerpt (a block that starts with a declaration keyword) must appear word for word in a shipped
# policy.
source "$(dirname "$0")/../lib/case_env.sh"

"$PY" - "$tmp" <<'PYEOF' || exit 1
import re, sys
tmp = sys.argv[1]
def fenced(path):
    """The contents of the README's fenced blocks without an info string, in order."""
    blocks, cur, lang = [], None, None
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            if cur is None:
                cur, lang = [], line[3:].strip()
            else:
                if not lang:
                    blocks.append("".join(cur))
                cur = None
        elif cur is not None:
            cur.append(line)
    return blocks

n = 0
for block in fenced("README.md"):
    m = re.match(r"(examples/contracts/\S+): supplier ", block)
    if m:
        open(f"{tmp}/excerpt-{n}.txt", "w", encoding="utf-8").write(block)
        open(f"{tmp}/excerpt-{n}.path", "w", encoding="utf-8").write(m.group(1))
        n += 1
if n == 0:
    print("FAIL: README.md has no report excerpt to check")
    sys.exit(1)
import glob
shipped = [open(f, encoding="utf-8").read() for f in sorted(glob.glob("policies/*.policy")) + ["examples/organisation.policy"]]
bad = 0
for block in fenced("README.md"):
    if re.match(r"(require|party|group|clause|evidence|tiers|profile|questionnaire|tier) ", block):
        if not any(block in p for p in shipped):
            print("FAIL: README policy excerpt is not in any shipped policy:\n" + block)
            bad += 1
sys.exit(1 if bad else 0)
PYEOF

status=0 n=0
for f in "$tmp"/excerpt-*.txt; do
  path=$(cat "${f%.txt}.path")
  NO_COLOR=1 $WRAP "$CK" check --as-of 2026-11-28 "$path" >"$tmp/actual" 2>&1
  if ! diff -u "$f" "$tmp/actual" >"$tmp/diff"; then
    echo "FAIL: README excerpt for $path differs from the real output:"
    head -30 "$tmp/diff"
    status=1
  fi
  n=$((n + 1))
done
echo "README excerpts checked: $n"
exit $status
