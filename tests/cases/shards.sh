#!/bin/bash
# --shard I/N: the union of the N shards' JSON reports is the whole run's report (the same records,
# each exactly once, the same input errors, the same totals), on the example repository, on a
# generated one with its JSON Lines and CSV registers, and on tests/check/registers (whose bad lines
# are input errors that must land in exactly one shard); also at -j 3 and from another directory.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
top=$PWD
"$PY" scripts/gen_register.py "$tmp/gen" 120 >/dev/null || fail "gen_register.py failed"

# union NAME CWD N ARGS...: checks the whole run against its N shards
union() {
  local name=$1 cwd=$2 n=$3; shift 3
  rm -f "$tmp"/shard-*.json
  (cd "$cwd" && $WRAP "$CK" check --as-of 2026-11-28 -f json "$@" >"$tmp/whole.json" 2>/dev/null)
  for i in $(seq "$n"); do
    (cd "$cwd" && $WRAP "$CK" check --as-of 2026-11-28 -f json --shard "$i/$n" "$@" >"$tmp/shard-$i.json" 2>/dev/null)
  done
  "$PY" - "$tmp/whole.json" "$n" "$tmp"/shard-*.json <<'PYEOF' || fail "$name: the shards' union is not the whole run"
import json, sys
whole, n, parts = json.load(open(sys.argv[1])), int(sys.argv[2]), [json.load(open(p)) for p in sys.argv[3:]]
assert len(parts) == n
key = lambda x: json.dumps(x, sort_keys=True)
def union(field):
    return sorted((key(x) for p in parts for x in p[field]))
assert whole["records"], "the whole run checked nothing"
assert union("records") == sorted(key(x) for x in whole["records"]), "records differ"
assert union("input_errors") == sorted(key(x) for x in whole["input_errors"]), "input errors differ"
assert sum(1 for p in parts if p["records"]) > 1, "one shard took everything"
ws = whole["summary"]
for sev in ("error", "warning", "info"):
    assert sum(p["summary"]["findings"][sev] for p in parts) == ws["findings"][sev], sev
for i, p in enumerate(parts, 1):
    s = p["summary"]
    assert s["found"] == ws["found"], "found"
    assert s["shard"] == {"index": i, "count": n, "elsewhere": s["shard"]["elsewhere"]}, s["shard"]
assert sum(p["summary"]["shard"]["elsewhere"] for p in parts) == (n - 1) * ws["found"], "elsewhere"
assert "shard" not in ws
PYEOF
}
union "examples, 3 shards" "$top" 3 -p examples/organisation.policy examples/contracts
union "examples, 2 shards at -j 3" "$top" 2 -j 3 -p examples/organisation.policy examples/contracts
union "examples from inside, 3 shards" "$top/examples/contracts" 3 -p ../organisation.policy .
union "generated with registers, 4 shards" "$tmp/gen/repo" 4 . register.jsonl register.csv
union "tests/check/registers, 2 shards" "$top/tests/check/registers" 2 -p policy.policy \
  contracts/register.jsonl contracts/register.csv
# a record's shard does not depend on the directory the run starts from
(cd "$top" && "$CK" check --as-of 2026-11-28 -f json --shard 1/3 -p examples/organisation.policy examples/contracts) \
  >"$tmp/a.json" 2>/dev/null
(cd "$top/examples/contracts" && "$CK" check --as-of 2026-11-28 -f json --shard 1/3 -p ../organisation.policy .) \
  >"$tmp/b.json" 2>/dev/null
"$PY" - "$tmp/a.json" "$tmp/b.json" <<'PYEOF' || fail "shard 1/3 holds other records from another directory"
import json, sys
ids = [sorted(r["supplier"]["id"] for r in json.load(open(p))["records"]) for p in sys.argv[1:]]
assert ids[0] == ids[1] and ids[0], ids
PYEOF
for bad in 0/3 4/3 1/0 x 1/ /3 1/3x; do
  "$CK" check --shard "$bad" examples/contracts >/dev/null 2>&1
  [ $? -eq 2 ] || fail "--shard $bad is not a usage error"
done
exit $status
