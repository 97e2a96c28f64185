#!/bin/bash
# check -j N writes exactly what check -j 1 writes, in every format: on the example repository (its
# PDF and DOCX documents included, read while the workers are paused), on a generated repository of
# 150 records whose evidence files are shared between records (and hashed once, by whichever worker asks first),
# and on the same records as a JSON Lines and a CSV register. Also with --horizon, and the
# --write-baseline report, which are made from the same records. A deadlock fails (timeout), never hangs.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
top=$PWD
formats="text json sarif junit markdown html github"
"$PY" scripts/gen_register.py "$tmp/gen" 150 >/dev/null || fail "gen_register.py failed"

# same NAME CWD ARGS...: the check's output (and exit status) at -j 1, 2 and 5 must be identical
same() {
  local name=$1 cwd=$2; shift 2
  local j rc1 rc
  (cd "$cwd" && timeout 300 $WRAP "$CK" check --as-of 2026-11-28 -j 1 "$@" >"$tmp/j1" 2>&1); rc1=$?
  [ "$rc1" -ge 128 ] && fail "$name -j 1: crashed with status $rc1"
  [ -s "$tmp/j1" ] || fail "$name -j 1: no output"
  for j in 2 5; do
    (cd "$cwd" && timeout 300 $WRAP "$CK" check --as-of 2026-11-28 -j $j "$@" >"$tmp/jn" 2>&1); rc=$?
    [ "$rc" -eq "$rc1" ] || fail "$name -j $j: exit $rc, -j 1 exited $rc1"
    cmp -s "$tmp/j1" "$tmp/jn" || fail "$name -j $j: output differs from -j 1: $(diff "$tmp/j1" "$tmp/jn" | head -5)"
  done
}
for f in $formats; do
  same "examples ($f)" "$top" -p examples/organisation.policy -f "$f" examples/contracts
  same "generated ($f)" "$tmp/gen/repo" -f "$f" .
  same "registers ($f)" "$tmp/gen/repo" -f "$f" register.jsonl register.csv
done
same "examples (--horizon)" "$top" -p examples/organisation.policy --horizon 12mo examples/contracts
for j in 1 3; do
  "$CK" check --as-of 2026-11-28 -j $j -p examples/organisation.policy --write-baseline "$tmp/base-$j.json" \
    examples/contracts >/dev/null 2>&1
done
cmp -s "$tmp/base-1.json" "$tmp/base-3.json" || fail "--write-baseline: -j 3 differs from -j 1"
exit $status
