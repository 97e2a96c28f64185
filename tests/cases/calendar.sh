#!/bin/bash
# The renewal calendar read back by real parsers: python3-icalendar (Debian) parses the iCalendar
# output of the forecast case, the example repository and a record with hostile strings; every
# event has the UID, the all-day date, the summary and the description the JSON calendar gives for
# the same item, text round-trips exactly (commas, semicolons, backslashes, newlines, non-ASCII),
# lines are CRLF and folded at 75 octets; the JSON calendar validates against its schema.
source tests/lib/case_env.sh
status=0
fail() { echo "FAIL: $*"; status=1; }
mkdir -p "$tmp/hostile/evidence"
printf 'certificate\n' >"$tmp/hostile/evidence/cert.pdf"
cat >"$tmp/hostile/x.yaml" <<'YAML'
supplier: { id: "ev;il,\\id", name: "Ünïcödé; <script>alert(1)</script>, \\back\nnew line 🚀 a very long supplier name that goes on and on past any fold" }
contract: { id: "C-1;2,3", last_assessed: 2026-01-10 }
YAML
cat >"$tmp/hostile/p.policy" <<'POL'
policy "Hostile calendar" version "1"
profile {
  cloud : bool "Cloud"
}
tiers standard
tier standard otherwise
require H1 "Reassessed, yearly; with, punctuation \\ and more" {
  contract.last_assessed within 1y
}
POL
(cd tests/check/forecast && $WRAP "$CK" calendar -p policy.policy --as-of 2026-11-28 --horizon 90d -f ics -o "$tmp/forecast.ics" contracts) || fail "calendar -f ics exited $?"
(cd tests/check/forecast && $WRAP "$CK" calendar -p policy.policy --as-of 2026-11-28 --horizon 90d -f json -o "$tmp/forecast.json" contracts) || fail "calendar -f json exited $?"
$WRAP "$CK" calendar -p examples/organisation.policy --as-of 2026-11-28 -f ics -o "$tmp/examples.ics" examples/contracts || fail "examples calendar exited $?"
$WRAP "$CK" calendar -p examples/organisation.policy --as-of 2026-11-28 -f json -o "$tmp/examples.json" examples/contracts || fail "examples calendar json exited $?"
(cd "$tmp/hostile" && $WRAP "$CK" calendar -p p.policy --as-of 2026-11-28 -f ics -o h.ics . && $WRAP "$CK" calendar -p p.policy --as-of 2026-11-28 -f json -o h.json .) \
  || fail "hostile calendar exited $?"
"$PY" - "$tmp" <<'PYEOF' || status=1
import json, sys, datetime, jsonschema
from icalendar import Calendar
tmp = sys.argv[1]
ok = True
schema = json.load(open("docs/calendar.schema.json"))
def bad(*a):
    global ok
    print("FAIL:", *a); ok = False
for ics, js in ((f"{tmp}/forecast.ics", f"{tmp}/forecast.json"), (f"{tmp}/examples.ics", f"{tmp}/examples.json"),
                (f"{tmp}/hostile/h.ics", f"{tmp}/hostile/h.json")):
    raw = open(ics, "rb").read()
    data = json.load(open(js))
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as e:
        bad(js, "does not validate:", e.message)
    lines = raw.split(b"\r\n")
    if lines[-1] != b"" or any(b"\n" in l or b"\r" in l for l in lines):
        bad(ics, "has a line not ended by CRLF")
    if any(len(l) > 75 for l in lines):
        bad(ics, "has a line longer than 75 octets")
    cal = Calendar.from_ical(raw)
    if str(cal["VERSION"]) != "2.0" or "PRODID" not in cal:
        bad(ics, "lacks VERSION 2.0 or PRODID")
    events = cal.walk("VEVENT")
    items = data["items"]
    if len(events) != len(items) or not items:
        bad(ics, f"has {len(events)} events for {len(items)} items")
    uids = [str(e["UID"]) for e in events]
    if len(set(uids)) != len(uids):
        bad(ics, "repeats a UID")
    for ev, it in zip(events, items):
        start = ev["DTSTART"].dt
        if type(start) is not datetime.date or start.isoformat() != it["due"]:
            bad(ics, "DTSTART", start, "is not the all-day date", it["due"])
        if ev["DTSTAMP"].dt != datetime.datetime.fromisoformat(data["as_of"] + "T00:00:00+00:00"):
            bad(ics, "DTSTAMP is not the as-of date:", ev["DTSTAMP"].dt)
        if str(ev["UID"]) != it["uid"]:
            bad(ics, "UID", ev["UID"], "differs from the JSON", it["uid"])
        who = it["supplier"]["name"] or it["supplier"]["id"]
        summary = str(ev["SUMMARY"])
        if who not in summary or it["requirement"]["id"] not in summary or it["requirement"]["title"] not in summary:
            bad(ics, "SUMMARY does not name supplier and requirement:", summary)
        if it["renew"] not in summary:
            bad(ics, "SUMMARY does not say what to renew:", summary)
        desc = str(ev["DESCRIPTION"])
        if it["message"] not in desc or (it["remediation"] and it["remediation"] not in desc):
            bad(ics, "DESCRIPTION lacks the message or the fix:", desc)
hostile = json.load(open(f"{tmp}/hostile/h.json"))["items"]
name = 'Ünïcödé; <script>alert(1)</script>, \\back\nnew line 🚀 a very long supplier name that goes on and on past any fold'
if not hostile or hostile[0]["supplier"]["name"] != name:
    bad("the hostile name did not survive JSON:", hostile)
raw = open(f"{tmp}/hostile/h.ics", "rb").read().replace(b"\r\n ", b"")
# parsers forgive a lone backslash, so the escaping is checked on the unfolded text itself
if b"\\\\back\\nnew line" not in raw or b"\\;" not in raw or b"\\," not in raw:
    bad("backslash, newline, semicolon or comma not escaped in the iCalendar text")
ev = Calendar.from_ical(raw).walk("VEVENT")
if not ev or name not in str(ev[0]["SUMMARY"]) or 'ev;il,\\id' not in str(ev[0]["DESCRIPTION"]):
    bad("the hostile strings did not survive iCalendar:", ev and ev[0]["SUMMARY"])
sys.exit(0 if ok else 1)
PYEOF
# an unreadable record: exit 2, named in the calendar
printf 'supplier: [\n' >"$tmp/hostile/broken.yaml"
(cd "$tmp/hostile" && "$CK" calendar -p p.policy --as-of 2026-11-28 -f ics . >"$tmp/b.ics" 2>"$tmp/b.err")
rc=$?
[ "$rc" -eq 2 ] || fail "an unreadable record gave exit $rc, expected 2"
grep -q 'X-CLAUSECHECK-UNREADABLE:broken.yaml' "$tmp/b.ics" || fail "the calendar does not name the unreadable record"
exit $status
