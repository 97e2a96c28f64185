#!/bin/bash
# The JSON report against docs/report.schema.json, on a repository full of hostile strings: quotes,
# backslashes, newlines, tabs, < & %, format directives, non-ASCII (including U+2028 and a character
# outside the BMP), DEL and a control character written as the YAML escape "\u0001", in supplier
# ids and names, contract ids, gap requirement ids and reasons, file names, and the policy's own
# texts. The report must parse as JSON, validate against the schema, carry every hostile string
# exactly as the record or policy wrote it, and be byte-identical when run twice. The schema must
# also reject a report with an unknown field or an unknown enum value, so that it cannot pass
# vacuously.
# Called by tests/run_golden.sh from the repository root with CK (the binary) and PY (python3).
set -u
CK=${CK:-build/clausecheck}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
PY=${PY:-/usr/bin/python3}
SCHEMA="$PWD/docs/report.schema.json"
[ -f "$SCHEMA" ] || { echo "missing $SCHEMA"; exit 1; }
[ -x "$CK" ] || { echo "missing binary $CK"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo/sub"
printf "# the root of the hostile repository\n" >"$tmp/repo/.clausecheck.yaml"

# 1. The policy and the records, written by Python so that every escape is exact; it also writes
#    expected.json: the strings the report must carry, as Python decodes them.
"$PY" - "$tmp" <<'PYEOF' || { echo "could not write the test repository"; exit 1; }
import json, os, sys

tmp = sys.argv[1]

# One hostile string per place; each different, so that a mix-up between fields shows.
H = {
    "id1": 'acme"cloud\\ <&> %s%n%% \u00e9\u2603 \x01 end',
    "name1": 'Acme "Cloud" Ltd\\Inc\nsecond line\tafter tab <b>&amp;</b> 100% \u00fc\u00df\u2028\U0001d11e\x7f \x01',
    "contract1": 'C-"1"\\2\t<x>&%d\u00f1\x01',
    "status1": 'draft\n"pending"\\ \u00e9',
    "id2": "b\u00e9ta\tsupplier\n\\\"%n\x01",
    "name2": "<script>alert('x')</script> & \"quoted\" \\ \U0001f600",
    "reason1": 'Vendor\'s "14-day" cycle\\patches\nline two\t<&> 50% \u00e9\u2603\x01',
    "reason2": "Legacy \\\\ path \"C:\\temp\" %s%s%s \u00e7a \x01\t\n<end>",
    "accepted2": 'CISO "J. O\'Kafor" <ciso@example.com> & team \u00f8',
    "compensating2": "isolated VLAN\n\"\\\" %x \u2603",
    "unknown_req": 'NO-SUCH"REQ\\<&>%s\u00e9\x01',
    "policy_name": 'Hostile "policy" \\ <&> %s \u00e9\u2603\x01',
    "policy_version": '1.0\t"rc"\n\\',
    "title": 'Incidents "are" notified \\ <&> 100% \u00e9\x01\ttab\nnewline',
    "ref": 'NIS2 Art. 23(4) "early warning" \\ <&> %s \u00e9\x01',
}

def quoted(s, also_escape=()):
    """A double-quoted literal: \\" \\\\ \\n \\t, \\uXXXX for other controls and also_escape; the rest raw."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F or o in also_escape:
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'

def yq(s):
    """A YAML double-quoted scalar: YAML also wants line and paragraph separators, NEL and BOM escaped."""
    return quoted(s, (0x2028, 0x2029, 0x85, 0xFEFF))

def pq(s):
    """A policy string literal."""
    return quoted(s)

policy = f"""policy {pq(H["policy_name"])} version {pq(H["policy_version"])}

profile {{
  cloud : bool "A cloud service"
}}

tiers low < high
tier high when cloud
tier low  otherwise

clause incident-notification "Incidents are notified" {{
  notify_within : duration "Longest time to notify"
}}
clause patching "Known vulnerabilities are fixed"

require R-1 {pq(H["title"])} for tier high {{
  clause incident-notification with notify_within <= 24h
  ref {pq(H["ref"])}
  ref "plain reference"
}}

require R-2 "Patching" for all tiers {{
  clause patching
}}
"""
with open(os.path.join(tmp, "hostile.policy"), "w", encoding="utf-8") as f:
    f.write(policy)

# Record 1 (tier high): R-1 weaker with a declared, unaccepted gap; R-2 missing; a gap naming
# a requirement that does not exist. File name hostile too.
rec1 = f"""# hostile record 1
supplier: {{ id: {yq(H["id1"])}, name: {yq(H["name1"])} }}
contract: {{ id: {yq(H["contract1"])}, status: {yq(H["status1"])} }}
profile: {{ cloud: true }}
clauses:
  incident-notification: {{ notify_within: 72h }}
gaps:
  - requirement: R-1
    reason: {yq(H["reason1"])}
  - requirement: {yq(H["unknown_req"])}
    reason: "whatever"
"""
name1 = 'we"ird \\ <&> %s \u00e9 file.yaml'
with open(os.path.join(tmp, "repo", name1), "w", encoding="utf-8") as f:
    f.write(rec1)

# Record 2 (tier low): R-2 missing, covered by an accepted gap.
rec2 = f"""supplier:
  id: {yq(H["id2"])}
  name: {yq(H["name2"])}
profile:
  cloud: false
gaps:
  - requirement: R-2
    reason: {yq(H["reason2"])}
    accepted_by: {yq(H["accepted2"])}
    expires: 2027-06-30
    compensating: {yq(H["compensating2"])}
"""
with open(os.path.join(tmp, "repo", "sub", "b\u00e9ta.yaml"), "w", encoding="utf-8") as f:
    f.write(rec2)

H["path1"] = "repo/" + name1
H["path2"] = "repo/sub/b\u00e9ta.yaml"
with open(os.path.join(tmp, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(H, f)
PYEOF

# 2. Run the check twice from the temporary directory (paths in the report are as walked from there).
run() { (cd "$tmp" && "$CK" check -p hostile.policy -f json --as-of 2026-11-28 repo) >"$1" 2>"$1.err"; }
run "$tmp/report.json"; rc=$?
if [ "$rc" -ne 1 ]; then
  echo "expected exit status 1 (findings fail the gate), got $rc"
  cat "$tmp/report.json.err"
  exit 1
fi
if [ -s "$tmp/report.json.err" ]; then
  echo "unexpected output on stderr:"; cat "$tmp/report.json.err"; exit 1
fi
run "$tmp/again.json"
if ! cmp -s "$tmp/report.json" "$tmp/again.json"; then
  echo "two runs with the same inputs and --as-of differ:"; diff "$tmp/report.json" "$tmp/again.json" | head -20
  exit 1
fi
# The built-in baseline on the same records (mostly record-invalid findings): still valid.
(cd "$tmp" && "$CK" check -f json --as-of 2026-11-28 repo) >"$tmp/baseline.json" 2>"$tmp/baseline.err"
rc=$?
if [ "$rc" -ne 1 ]; then
  echo "built-in baseline: expected exit status 1, got $rc"; cat "$tmp/baseline.err"; exit 1
fi

# 3. Parse, validate, compare.
"$PY" - "$SCHEMA" "$tmp" <<'PYEOF'
import copy, json, sys

import jsonschema

schema_path, tmp = sys.argv[1], sys.argv[2]
problems = []

def fail(msg):
    problems.append(msg)

with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
validator_cls = jsonschema.validators.validator_for(schema)
try:
    validator_cls.check_schema(schema)
except jsonschema.SchemaError as e:
    print("docs/report.schema.json is not a valid JSON Schema:", e.message)
    sys.exit(1)
validator = validator_cls(schema)

def load(name):
    with open(f"{tmp}/{name}", "rb") as f:
        raw = f.read()
    if not raw.endswith(b"\n"):
        fail(f"{name}: the report does not end with a newline")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{name}: not UTF-8: {e}")
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        fail(f"{name}: not JSON: {e}")
        return None

def validate(name, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        fail(f"{name}: schema: at /{'/'.join(str(p) for p in e.absolute_path)}: {e.message}")

report = load("report.json")
baseline = load("baseline.json")
with open(f"{tmp}/expected.json", encoding="utf-8") as f:
    H = json.load(f)

if baseline is not None:
    validate("baseline.json", baseline)
    ids = sorted(r["supplier"]["id"] for r in baseline.get("records", []))
    if ids != sorted([H["id1"], H["id2"]]):
        fail(f"baseline.json: supplier ids {ids!r}")

if report is None:
    print("\n".join(problems))
    sys.exit(1)
validate("report.json", report)

def eq(what, got, want):
    if got != want:
        fail(f"{what}: got {got!r}, want {want!r}")

def contains(what, text, part):
    if not isinstance(text, str) or part not in text:
        fail(f"{what}: {text!r} does not contain {part!r}")

eq("policy.name", report["policy"]["name"], H["policy_name"])
eq("policy.version", report["policy"]["version"], H["policy_version"])
eq("policy.tiers", report["policy"]["tiers"], ["low", "high"])
records = report["records"]
# each folder is walked in bytewise order of its entries: "sub" before "we\"ird ..."
eq("record paths (walk order)", [r["path"] for r in records], [H["path2"], H["path1"]])
if len(records) == 2:
    r2, r1 = records
    eq("record 1 supplier.id", r1["supplier"]["id"], H["id1"])
    eq("record 1 supplier.name", r1["supplier"]["name"], H["name1"])
    eq("record 1 contract.id", r1["contract"]["id"], H["contract1"])
    eq("record 1 contract.status", r1["contract"]["status"], H["status1"])
    eq("record 1 tier", r1["tier"], "high")
    eq("record 2 supplier.id", r2["supplier"]["id"], H["id2"])
    eq("record 2 supplier.name", r2["supplier"]["name"], H["name2"])
    eq("record 2 contract", r2["contract"], {"id": None, "status": None})
    eq("record 2 tier", r2["tier"], "low")

    by_kind = {}
    for f in r1["findings"]:
        by_kind.setdefault(f["kind"], []).append(f)
        eq(f"record 1 {f['kind']} location.path", f["location"]["path"], H["path1"])
    eq("record 1 finding kinds", sorted(by_kind),
       sorted(["gap-unknown-requirement", "clause-weaker", "gap-declared", "clause-missing"]))
    for f in by_kind.get("gap-unknown-requirement", []):
        contains("gap-unknown-requirement message", f["message"], H["unknown_req"])
        eq("gap-unknown-requirement requirement", f["requirement"], None)
        eq("gap-unknown-requirement references", f["references"], [])
    for f in by_kind.get("gap-declared", []):
        contains("gap-declared message", f["message"], H["reason1"])
        eq("gap-declared requirement", f["requirement"], {"id": "R-1", "title": H["title"]})
        eq("gap-declared references", f["references"], [H["ref"], "plain reference"])
    for f in by_kind.get("clause-weaker", []):
        eq("clause-weaker requirement title", f["requirement"]["title"], H["title"])

    eq("record 2 finding kinds", [f["kind"] for f in r2["findings"]], ["gap-accepted"])
    for f in r2["findings"]:
        eq("gap-accepted severity", f["severity"], "info")
        eq("gap-accepted location.path", f["location"]["path"], H["path2"])
        for part in (H["reason2"], H["accepted2"], H["compensating2"]):
            contains("gap-accepted message", f["message"], part)
    reqs2 = {q["id"]: q for q in r2["requirements"]}
    if "R-2" in reqs2:
        eq("record 2 R-2 outcome", reqs2["R-2"]["outcome"], "gap-accepted")
        contains("record 2 R-2 reason", reqs2["R-2"]["reason"], H["accepted2"])
    else:
        fail("record 2: no outcome for R-2")
    reqs1 = {q["id"]: q for q in r1["requirements"]}
    eq("record 1 R-1 title", reqs1.get("R-1", {}).get("title"), H["title"])

eq("summary.records", report["summary"]["records"], 2)
eq("summary.per_tier", report["summary"]["per_tier"], {"low": 1, "high": 1})
eq("summary.gate", report["summary"]["gate"], "failed")

# The schema must not pass anything: each mutation below must be rejected.
def mutated(path, value=None, delete=False):
    doc = copy.deepcopy(report)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc

mutations = {
    "unknown top-level field": mutated(["extra"], 1),
    "unknown field in a record": mutated(["records", 0, "extra"], True),
    "unknown field in a finding": mutated(["records", 0, "findings", 0, "extra"], "x"),
    "unknown severity": mutated(["records", 0, "findings", 0, "severity"], "fatal"),
    "unknown finding kind": mutated(["records", 0, "findings", 0, "kind"], "clause-absent"),
    "unknown outcome": mutated(["records", 0, "requirements", 0, "outcome"], "passed"),
    "unknown gate": mutated(["summary", "gate"], "ok"),
    "missing fingerprint": mutated(["records", 0, "findings", 0, "fingerprint"], delete=True),
    "schema_version 2": mutated(["schema_version"], 2),
    "tier_uncertain as a string": mutated(["records", 0, "tier_uncertain"], "false"),
}
for name, doc in mutations.items():
    if validator.is_valid(doc):
        fail(f"the schema accepts a report with {name}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
PYEOF
