#!/bin/bash
# Every report format on hostile strings: SARIF valid against the SARIF 2.1.0 schema, JUnit against
# the JUnit XSD, JSON parseable with the strings intact, GitHub commands escaped, Markdown inert.
# Then fingerprints: stable across runs, changed only for the changed record, and a baseline run
# fails only on the new finding.
set -u
CK=${CK:-build/clausecheck}
PY=${PY:-/usr/bin/python3}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
schemas=$PWD/tests/schemas
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; status=1; }
status=0
mkdir -p "$tmp/repo/odd dir"
cat >"$tmp/repo/odd dir/hostile.yaml" <<'YAML'
supplier: { id: "evil\"<&>%,:id", name: "Ünïcödé & <script>alert(1)</script> 100% \"quoted\"\nsecond line\ttab \u0001 end" }
contract: { id: "C-1,2:3%", status: draft }
profile: { supplies: software, importance: high, data_shared: true, system_access: true, processing: true,
           cloud: true, location: "GB" }
clauses:
  incident-notification: { notify_within: 72h }
gaps:
  - { requirement: BL-99, reason: "legacy <b>bold</b> & 50% \"done\"\r\nnext" }
YAML
cat >"$tmp/repo/plain.yaml" <<'YAML'
supplier: { id: plain-co, name: "Plain Co" }
profile: { supplies: goods, importance: low, data_shared: false, system_access: false, processing: false,
           cloud: false, location: GB }
YAML
cd "$tmp/repo"
for f in text json sarif junit github markdown; do
  "$CK" check --as-of 2026-11-28 -f $f . >"$tmp/out.$f" 2>"$tmp/err.$f"
  rc=$?
  [ "$rc" -eq 1 ] || fail "-f $f exited $rc, expected 1: $(cat "$tmp/err.$f")"
done
"$PY" - "$tmp" "$schemas" <<'PYEOF' || status=1
import json, sys, jsonschema
tmp, schemas = sys.argv[1], sys.argv[2]
ok = True
name = 'Ünïcödé & <script>alert(1)</script> 100% "quoted"\nsecond line\ttab \u0001 end'
report = json.load(open(f"{tmp}/out.json"))
names = [r["supplier"]["name"] for r in report["records"]]
if name not in names:
    print("FAIL: JSON did not keep the hostile name intact:", names); ok = False
sarif = json.load(open(f"{tmp}/out.sarif"))
try:
    jsonschema.validate(sarif, json.load(open(f"{schemas}/sarif-schema-2.1.0.json")))
except jsonschema.ValidationError as e:
    print("FAIL: SARIF does not validate:", e.message); ok = False
results = sarif["runs"][0]["results"]
if not all("clausecheck/v1" in r["partialFingerprints"] for r in results):
    print("FAIL: a SARIF result lacks its fingerprint"); ok = False
if not any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "odd%20dir/hostile.yaml" for r in results):
    print("FAIL: SARIF URIs are not percent-encoded"); ok = False
sys.exit(0 if ok else 1)
PYEOF
xmllint --noout --schema "$schemas/junit-10.xsd" "$tmp/out.junit" 2>"$tmp/xmllint" || fail "JUnit does not validate: $(cat "$tmp/xmllint")"
grep -q '&lt;script&gt;' "$tmp/out.junit" || fail "JUnit did not escape markup"
# GitHub: one command per line; no raw CR/LF inside; properties escape , and :
while IFS= read -r line; do
  case "$line" in "::error "*|"::warning "*|"::notice "*|"clausecheck: "*) ;; *) fail "stray GitHub output line: $line" ;; esac
done <"$tmp/out.github"
grep -q 'title=evil"<&>%25%2C%3Aid' "$tmp/out.github" || fail "GitHub title property not escaped: $(grep -m1 hostile "$tmp/out.github")"
grep -q $'\r' "$tmp/out.github" && fail "GitHub output holds a raw CR"
grep -q '<script>' "$tmp/out.markdown" && fail "Markdown passes raw HTML through"
grep -q '\\<script\\>' "$tmp/out.markdown" || fail "Markdown did not escape the supplier name"

# fingerprints are stable across runs
"$CK" check --as-of 2026-11-28 -f json . >"$tmp/again.json" 2>/dev/null
cmp -s "$tmp/out.json" "$tmp/again.json" || fail "two identical runs differ"
# changing one record changes only its findings' fingerprints
"$CK" check --as-of 2026-11-28 --write-baseline "$tmp/baseline.json" -f text . >/dev/null 2>&1
sed -i 's/importance: low/importance: medium/; s/cloud: false/cloud: true/' plain.yaml
"$CK" check --as-of 2026-11-28 -f json . >"$tmp/changed.json" 2>/dev/null
"$PY" - "$tmp/out.json" "$tmp/changed.json" <<'PYEOF' || status=1
import json, sys
def fps(path):
    out = {}
    for r in json.load(open(path))["records"]:
        out[r["supplier"]["id"]] = sorted(f["fingerprint"] for f in r["findings"])
    return out
before, after = fps(sys.argv[1]), fps(sys.argv[2])
hostile = 'evil"<&>%,:id'
if before[hostile] != after[hostile]:
    print("FAIL: the unchanged record's fingerprints changed"); sys.exit(1)
if before["plain-co"] == after["plain-co"]:
    print("FAIL: the changed record's findings did not change"); sys.exit(1)
PYEOF
# a baseline run fails only on findings the baseline lacks
"$CK" check --as-of 2026-11-28 --baseline "$tmp/baseline.json" -f json . >"$tmp/based.json" 2>/dev/null
rc=$?
[ "$rc" -eq 1 ] || fail "baseline run with new findings exited $rc, expected 1"
"$PY" - "$tmp/based.json" <<'PYEOF' || status=1
import json, sys
r = json.load(open(sys.argv[1]))
new = [f for rec in r["records"] for f in rec["findings"] if not f["known"]]
known = [f for rec in r["records"] for f in rec["findings"] if f["known"]]
if not new or any(f for f in new if f["kind"] == "clause-weaker"):
    print("FAIL: unexpected new findings:", [(f["kind"], f["message"]) for f in new]); sys.exit(1)
if not known:
    print("FAIL: no finding recognised from the baseline"); sys.exit(1)
PYEOF
git -C . status >/dev/null 2>&1 || true
cp plain.yaml plain.bak && sed -i 's/importance: medium/importance: low/; s/cloud: true/cloud: false/' plain.yaml
"$CK" check --as-of 2026-11-28 --baseline "$tmp/baseline.json" . >/dev/null 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "baseline run with only known findings exited $rc, expected 0"

# Findings about parties behind the supplier: SARIF valid, each result about a party naming it in
# its properties; and a baseline that accepted one party's finding does not accept another's.
cp -r "$root/tests/check/parties" "$tmp/parties"
cd "$tmp/parties"
"$CK" check -p policy.policy --as-of 2026-11-28 -f sarif contracts >"$tmp/parties.sarif" 2>/dev/null
"$PY" - "$tmp/parties.sarif" "$schemas" <<'PYEOF' || status=1
import json, sys, jsonschema
sarif = json.load(open(sys.argv[1]))
try:
    jsonschema.validate(sarif, json.load(open(f"{sys.argv[2]}/sarif-schema-2.1.0.json")))
except jsonschema.ValidationError as e:
    print("FAIL: SARIF with parties does not validate:", e.message); sys.exit(1)
about = [r for r in sarif["runs"][0]["results"] if "party" in r.get("properties", {})]
if not about or not all(r["message"]["text"].find(f'{r["properties"]["party"]["kind"]} {r["properties"]["party"]["id"]}: ') >= 0
                        for r in about if r["properties"]["party"]["id"]):
    print("FAIL: SARIF results about parties do not carry and name them"); sys.exit(1)
PYEOF
printf 'supplier: { id: swap }\nprofile: { personal_data: false, country: GB }\nparties:\n  - { kind: subprocessor, id: a, profile: { location: US } }\n  - { kind: subprocessor, id: b, profile: { location: GB } }\n' >contracts/swap.yaml
"$CK" check -p policy.policy --as-of 2026-11-28 --write-baseline "$tmp/parties-base.json" contracts/swap.yaml >/dev/null 2>&1
sed -i 's/location: US/location: XX/; s/location: GB } }$/location: US } }/; s/location: XX/location: GB/' contracts/swap.yaml
"$CK" check -p policy.policy --as-of 2026-11-28 --baseline "$tmp/parties-base.json" -f json contracts/swap.yaml >"$tmp/swap.json" 2>/dev/null
rc=$?
[ "$rc" -eq 1 ] || fail "a baseline that accepted sub-processor a's finding accepted b's too (exit $rc)"
"$PY" - "$tmp/swap.json" <<'PYEOF' || status=1
import json, sys
fs = json.load(open(sys.argv[1]))["records"][0]["findings"]
new = [f["party"]["id"] for f in fs if f["kind"] == "party-not-allowed" and not f["known"]]
if new != ["b"]:
    print("FAIL: expected b's party-not-allowed to be new, got", [(f["message"], f["known"]) for f in fs]); sys.exit(1)
PYEOF
exit $status
