#!/bin/bash
# No input byte reaches a terminal raw: file names and record values holding ESC, C1, bidi
# overrides, newlines and broken UTF-8 are escaped (\x1b, \u202e) in the text, Markdown and GitHub
# reports, in HTML, the calendar (text and iCalendar), review, explain and diagnostics; JUnit stays
# valid XML and JSON/SARIF valid JSON in valid UTF-8. Checked on the raw output bytes.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
repo=$tmp/repo
mkdir -p "$repo"
printf '# clausecheck configuration (docs/records.md)\n' >"$repo/.clausecheck.yaml"
# a record whose values carry ESC sequences, a C1 CSI, a bidi override, a newline that would
# forge an annotation, and an evidence path with an override in it
cat >"$repo/values.yaml" <<'YAML'
supplier: { id: "id\e[2J", name: "Evil\u202eCorp\n::error file=forged.yaml::forged" }
contract: { id: "C-\u009b1m", status: "draft\e]0;title\a" }
profile: { supplies: software, importance: "hi\e[31mgh", data_shared: true, system_access: true, processing: true,
           cloud: true, location: GB }
evidence:
  - { kind: penetration-test, file: "evidence/\u202egnp.pdf" }
YAML
good='profile: { supplies: goods, importance: low, data_shared: false, system_access: false, processing: false, cloud: false, location: GB }'
# file names with ESC, an override, a newline and a byte that is not UTF-8
printf 'supplier: { id: name-esc }\n%s\n' "$good" >"$repo/"$'esc\e[31m\xe2\x80\xaered.yaml'
printf 'supplier: { id: name-newline }\n%s\n' "$good" >"$repo/"$'nl\n::error file=x::forged.yaml'
printf 'supplier: { id: name-ff }\n%s\n' "$good" >"$repo/"$'ff\xff\xfe.yaml'
# a compliant low-tier record whose reassessment falls due, for the calendar to list it
cat >"$repo/due.yaml" <<'YAML'
supplier: { id: "due\e[2J", name: "Due\u202eCorp\u009b" }
contract: { id: "C-\e]8;;x\a", status: active, last_assessed: 2026-01-10 }
profile: { supplies: goods, importance: low, data_shared: false, system_access: false, processing: false, cloud: false, location: GB }
clauses:
  security-requirements: { schedule: "S1" }
  incident-notification: { notify_within: 7d }
  right-to-audit: { frequency: 3y }
  inability-notice: { notify_within: 30d }
questionnaires:
  security-questionnaire: { depth: lite, answered: 2026-06-01, answers: { has_security_policy: true } }
YAML
# a broken record with ESC in its name: its diagnostic names it
printf 'supplier: [unclosed\n' >"$repo/"$'broken\e[5m.yaml'

cd "$repo" || exit 1
for f in text markdown github junit sarif json html; do
  $WRAP "$CK" check --as-of 2026-11-28 -f $f . >"$tmp/out.$f" 2>"$tmp/err.$f"
  rc=$?
  [ "$rc" -eq 2 ] || fail "-f $f exited $rc, expected 2 (the broken record): $(head -3 "$tmp/err.$f")"
done
# a diagnostic on stderr, and the other commands
$WRAP "$CK" review --as-of 2026-11-28 $'broken\e[5m.yaml' >/dev/null 2>"$tmp/out.stderr"
for fmt in text markdown; do
  $WRAP "$CK" review --as-of 2026-11-28 -f $fmt values.yaml >"$tmp/out.review-$fmt" 2>&1
done
$WRAP "$CK" explain --as-of 2026-11-28 values.yaml >"$tmp/out.explain" 2>&1
for fmt in text ics; do
  $WRAP "$CK" calendar --as-of 2026-11-28 --horizon 3y -f $fmt due.yaml >"$tmp/out.calendar-$fmt" 2>&1
done

"$PY" - "$tmp" <<'PYEOF' || status=1
import json, sys, re, subprocess
tmp = sys.argv[1]
ok = True
def fail(msg):
    global ok
    ok = False
    print("FAIL:", msg)
raw = {n: open(f"{tmp}/out.{n}", "rb").read() for n in
       ["text", "markdown", "github", "junit", "sarif", "json", "html", "stderr", "review-text", "review-markdown",
        "explain", "calendar-text", "calendar-ics"]}
for name, b in raw.items():
    for bad, what in [(b"\x1b", "ESC"), ("\u202e".encode(), "U+202E"), ("\u009b".encode(), "C1 CSI"), (b"\x07", "BEL")]:
        if bad in b:
            fail(f"{name}: raw {what} in the output")
    try:
        b.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{name}: not valid UTF-8: {e}")
# the people formats show the escapes, so nothing was silently dropped either
for name in ["text", "markdown", "github", "html", "stderr", "review-text", "review-markdown", "explain",
             "calendar-text", "calendar-ics"]:
    t = raw[name].decode("utf-8", "replace")
    if "\\x1b" not in t:
        fail(f"{name}: no \\x1b escape shown")
for name in ["text", "markdown", "github", "html", "review-text", "calendar-text", "calendar-ics"]:
    if "\\u202e" not in raw[name].decode("utf-8", "replace"):
        fail(f"{name}: no \\u202e escape shown")
for name in ["text"]:
    if "\\xff\\xfe" not in raw[name].decode("utf-8", "replace"):
        fail(f"{name}: the 0xFF byte of a file name is not shown as \\xff")
# a newline in a file name or value never starts a line of its own
for name in ["text", "github", "markdown", "stderr", "review-text", "explain"]:
    for line in raw[name].decode("utf-8", "replace").splitlines():
        if "forged" in line and (line.startswith("::error file=x") or line.startswith("::error file=forged")):
            fail(f"{name}: a forged line: {line!r}")
gh = raw["github"].decode()
if not all(l.startswith("::") or l.startswith("clausecheck: ") for l in gh.splitlines()):
    fail("github: a line that is not a workflow command or the summary")
# JSON and SARIF: valid, and the values kept (JSON escapes are lossless)
for name in ["json", "sarif"]:
    try:
        doc = json.loads(raw[name])
    except ValueError as e:
        fail(f"{name}: not JSON: {e}")
        continue
    if name == "json":
        names = [r["supplier"]["name"] for r in doc["records"]]
        if "Evil\u202eCorp\n::error file=forged.yaml::forged" not in names:
            fail(f"json: the supplier name was not kept: {names}")
        if not any(p.startswith("ff\ufffd") for p in (r["path"] for r in doc["records"])):
            fail("json: the 0xFF file name is not reported with U+FFFD")
r = subprocess.run(["xmllint", "--noout", f"{tmp}/out.junit"], capture_output=True, text=True)
if r.returncode != 0:
    fail("junit: not well-formed XML: " + r.stderr[:300])
if "ff\ufffd\ufffd.yaml" not in raw["junit"].decode():
    fail("junit: the 0xFF file name is not written with U+FFFD")
sys.exit(0 if ok else 1)
PYEOF
exit $status
