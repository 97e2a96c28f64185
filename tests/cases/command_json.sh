#!/bin/bash
# lint, test, explain and requirements with -f json: every output, over every shipped policy,
# every lint case and every example record, is valid against its schema in docs/ and says what
# the text form says (the same counts, the same lines).
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
ck() { NO_COLOR=1 $WRAP "$CK" "$@"; }
mkdir -p "$tmp/lint" "$tmp/test" "$tmp/explain" "$tmp/requirements"
n=0
for p in tests/lint/*.policy policies/*.policy examples/*.policy; do
  n=$((n + 1))
  ck lint -f json "$p" >"$tmp/lint/$n.json" 2>"$tmp/lint/$n.err"
  # the text form's totals line, when it has one, counts what the JSON lists
  ck lint "$p" >/dev/null 2>"$tmp/lint/$n.text"
  totals=$(sed -n 's/^clausecheck: \([0-9]*\) errors\?, \([0-9]*\) warnings\?$/\1 \2/p' "$tmp/lint/$n.text")
  echo "${totals:-0 0}" >"$tmp/lint/$n.want"
  echo "$p" >"$tmp/lint/$n.name"
done
for p in policies/*.policy examples/*.policy; do
  n=$((n + 1))
  ck test -f json "$p" >"$tmp/test/$n.json" 2>"$tmp/test/$n.err"
  ck test "$p" 2>/dev/null | tail -1 >"$tmp/test/$n.want"
  echo "$p" >"$tmp/test/$n.name"
  ck requirements -f json -p "$p" >"$tmp/requirements/$n.json" 2>"$tmp/requirements/$n.err"
  ck requirements -p "$p" --list-tiers >"$tmp/requirements/$n.want"
  echo "$p" >"$tmp/requirements/$n.name"
done
# a policy whose test fails, so that a failure's shape is validated too
cat >"$tmp/failing.policy" <<'POLICY'
policy "Failing" version "1"
profile { important : bool "Important" }
tiers low < high
tier high when important
tier low otherwise
clause audit "We may audit" { every : duration }
require R1 "Audit" for tier >= low { clause audit with every <= 1y }
test "expects the wrong tier and a finding that does not come" {
  as of 2026-11-28
  profile important = true
  clause audit every = 6mo
  expect tier low
  expect R1 clause-missing
}
POLICY
n=$((n + 1))
ck test -f json "$tmp/failing.policy" >"$tmp/test/$n.json" 2>"$tmp/test/$n.err"
echo "0 passed, 1 failed" >"$tmp/test/$n.want"
echo "failing.policy" >"$tmp/test/$n.name"
for r in examples/contracts/*/*.yaml examples/contracts/*/*.json; do
  n=$((n + 1))
  ck explain -f json --as-of 2026-11-28 -p examples/organisation.policy "$r" >"$tmp/explain/$n.json" 2>"$tmp/explain/$n.err"
  ck explain --as-of 2026-11-28 -p examples/organisation.policy "$r" 2>/dev/null | tail -n +2 >"$tmp/explain/$n.want"
  echo "$r" >"$tmp/explain/$n.name"
done

"$PY" - "$tmp" <<'PYEOF' || status=1
import glob, json, os, sys, jsonschema
tmp = sys.argv[1]
bad = 0
def fail(msg):
    global bad
    bad += 1
    print("FAIL:", msg)
count = 0
for cmd in ("lint", "test", "explain", "requirements"):
    schema = json.load(open(f"docs/{cmd}.schema.json"))
    v = jsonschema.Draft202012Validator(schema)
    for path in sorted(glob.glob(f"{tmp}/{cmd}/*.json")):
        stem = path[:-5]
        name = open(stem + ".name").read().strip()
        try:
            doc = json.load(open(path))
        except ValueError as e:
            fail(f"{cmd} -f json {name}: not JSON ({e}): {open(stem + '.err').read()[:300]}")
            continue
        errors = list(v.iter_errors(doc))
        if errors:
            fail(f"{cmd} -f json {name}: {errors[0].message} at {list(errors[0].absolute_path)}")
            continue
        count += 1
        want = open(stem + ".want").read()
        if cmd == "lint":
            e, w = map(int, want.split())
            if (doc["errors"], doc["warnings"]) != (e, w) or len(doc["diagnostics"]) < e + w:
                fail(f"lint {name}: JSON counts {doc['errors']}/{doc['warnings']}, text {e}/{w}")
            for d in doc["diagnostics"]:
                if not d["code"]:
                    fail(f"lint {name}: a diagnostic without a code: {d['message']}")
        elif cmd == "test":
            got = f"{doc['passed']} passed, {doc['failed']} failed"
            if got != want.strip() or sum(t["passed"] for t in doc["tests"]) != doc["passed"]:
                fail(f"test {name}: JSON says {got}, text {want.strip()}")
        elif cmd == "explain":
            lines = ["  " * (l["depth"] + 1) + l["text"] for l in doc["lines"]]
            if "\n".join(lines) + "\n" != want:
                fail(f"explain {name}: the JSON's lines differ from the text's")
        elif cmd == "requirements":
            tiers = [t["tier"] for t in doc["tiers"]]
            if tiers != list(reversed(want.split())):
                fail(f"requirements {name}: tiers {tiers}, policy's {want.split()}")
print(f"{count} outputs valid against docs/{{lint,test,explain,requirements}}.schema.json")
sys.exit(1 if bad else 0)
PYEOF
exit $status
