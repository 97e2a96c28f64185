#!/bin/bash
# Golden tests: each case is an input beside its expected output; prints "N passed, M failed".
# CLAUSECHECK names the binary; CK_WRAP (e.g. valgrind) wraps every run; UPDATE=1 rewrites expectations.
# ONLY=GLOB limits the run (and any UPDATE) to cases whose name matches, e.g. ONLY='lint/*' or ONLY='check/gaps*'.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
CK=${CLAUSECHECK:-build/clausecheck}
case "$CK" in /*) ;; *) CK="$root/$CK" ;; esac
PY=${PYTHON:-/usr/bin/python3}
WRAP=${CK_WRAP:-}
pass=0 fail=0
failed_names=()
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1)); failed_names+=("$1")
  echo "FAIL: $1"
  [ -n "${2:-}" ] && printf '%s\n' "$2" | head -40 | sed 's/^/    /'
}

# selected NAME: whether the case NAME is in this run (ONLY=GLOB, all when unset).
selected() { [ -z "${ONLY:-}" ] || [[ "$1" == $ONLY ]]; }

# run_case NAME EXPECTED CMD... runs CMD in the directory $RUN_IN (default: the repository root);
# EXPECTED is relative to that directory too. No subshell here: the counters must survive.
run_case() {
  local name=$1 expected=$2; shift 2
  selected "$name" || return 0
  local out="$tmp/out" dir=${RUN_IN:-.}
  case "$expected" in /*) ;; *) expected="$dir/$expected" ;; esac
  (cd "$dir" && NO_COLOR=1 exec $WRAP "$@") >"$out" 2>&1
  local rc=$?
  echo "exit: $rc" >>"$out"
  if [ "$rc" -ge 128 ] && [ "$rc" -ne 99 ]; then bad "$name" "crashed with status $rc"; return; fi
  if [ "$rc" -eq 99 ] && [ -n "$WRAP" ]; then bad "$name" "$(cat "$out")"; return; fi
  if [ "${UPDATE:-}" = 1 ]; then cp "$out" "$expected"; ok; return; fi
  if [ ! -f "$expected" ]; then bad "$name" "missing $expected"; return; fi
  if diff -u "$expected" "$out" >"$tmp/diff"; then ok; else bad "$name" "$(cat "$tmp/diff")"; fi
}

# 1. lint: tests/lint/NAME.policy with NAME.expected (diagnostics and exit code)
for p in tests/lint/*.policy; do
  [ -e "$p" ] || continue
  run_case "lint/$(basename "$p" .policy)" "${p%.policy}.expected" "$CK" lint "$p"
done

# 2. check: tests/check/NAME/ holds args (one argument per line), expected.txt, and optionally expected.json
for d in tests/check/*/; do
  [ -f "$d/args" ] || continue
  name=check/$(basename "$d")
  mapfile -t args <"$d/args"
  RUN_IN=$d run_case "$name" expected.txt "$CK" check "${args[@]}"
  if [ -f "$d/expected.json" ] || [ "${UPDATE:-}" = 1 ]; then
    RUN_IN=$d run_case "$name (json)" expected.json "$CK" check -f json "${args[@]}"
  fi
done

# 2b. other commands: tests/cli/NAME/args is a whole command line (one argument per line), run from
#     tests/cli so that cases share the drafts and evidence there
for d in tests/cli/*/; do
  [ -f "$d/args" ] || continue
  name=cli/$(basename "$d")
  mapfile -t args <"$d/args"
  # a case may name another working directory (relative to the repository root) in a file `cwd`
  if [ -f "$d/cwd" ]; then
    RUN_IN=$(cat "$d/cwd") run_case "$name" "$root/${d%/}/expected.txt" "$CK" "${args[@]}"
  else
    RUN_IN=tests/cli run_case "$name" "$(basename "$d")/expected.txt" "$CK" "${args[@]}"
  fi
done

# 3. every shipped and example policy lints clean, runs its own tests, and is a fixed point of fmt
for p in policies/*.policy examples/*.policy examples/*/*.policy; do
  [ -e "$p" ] || continue
  selected "policy/$p" || continue
  if NO_COLOR=1 $WRAP "$CK" lint "$p" >"$tmp/lint" 2>&1; then ok; else bad "lint clean: $p" "$(cat "$tmp/lint")"; fi
  if NO_COLOR=1 $WRAP "$CK" test "$p" >"$tmp/test" 2>&1; then ok; else bad "policy tests: $p" "$(cat "$tmp/test")"; fi
  if "$CK" fmt --help >/dev/null 2>&1; then
    "$CK" fmt "$p" >"$tmp/f1.policy" 2>"$tmp/fmterr" && cp "$tmp/f1.policy" "$tmp/fixed.policy"
    # imports resolve relative to the file: format a copy placed beside the original
    cp "$tmp/f1.policy" "$(dirname "$p")/.fmt-roundtrip.policy" 2>/dev/null
    if [ -s "$tmp/f1.policy" ] && "$CK" lint "$(dirname "$p")/.fmt-roundtrip.policy" >"$tmp/l2" 2>&1 \
       && "$CK" fmt "$tmp/f1.policy" >"$tmp/f2.policy" 2>>"$tmp/fmterr" && cmp -s "$tmp/f1.policy" "$tmp/f2.policy"; then
      ok
    else
      bad "fmt round trip: $p" "$(cat "$tmp/fmterr" "$tmp/l2" 2>/dev/null; diff "$tmp/f1.policy" "$tmp/f2.policy" | head -20)"
    fi
    rm -f "$(dirname "$p")/.fmt-roundtrip.policy"
  fi
done

# 4. JSON reports validate against the shipped schema
if [ -f docs/report.schema.json ]; then
  for d in tests/check/*/; do
    [ -f "$d/expected.json" ] || continue
    selected "schema/$d" || continue
    # the expected file ends with the exit line the runner appends
    if head -n -1 "$d/expected.json" >"$tmp/r.json" && "$PY" - "$tmp/r.json" <<'PYEOF' >"$tmp/v" 2>&1; then ok; else bad "json schema: $d" "$(cat "$tmp/v")"; fi
import json, sys, jsonschema
schema = json.load(open("docs/report.schema.json"))
jsonschema.validate(json.load(open(sys.argv[1])), schema)
PYEOF
  done
fi

# 5. scripted cases: tests/cases/*.sh each exit 0 and print no FAIL line on success
for s in tests/cases/*.sh; do
  [ -e "$s" ] || continue
  selected "case/$(basename "$s" .sh)" || continue
  # a FAIL line counts even if the script's exit status lost it (a subshell, a pipeline)
  if CK="$CK" WRAP="$WRAP" PY="$PY" bash "$s" >"$tmp/case" 2>&1 && ! grep -q '^FAIL' "$tmp/case"; then
    ok
  else
    bad "case: $(basename "$s")" "$(cat "$tmp/case")"
  fi
done

if [ "$fail" -gt 0 ]; then
  echo "failed:"; printf '  %s\n' "${failed_names[@]}"
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
