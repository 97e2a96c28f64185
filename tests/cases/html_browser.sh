#!/bin/bash
# The HTML report in a real browser (Debian's headless Chromium, tests/browser/inspect.js): the
# example repository's report loads with no console error and no network request, its summary
# counts equal the JSON report's, filtering by tier shows exactly that tier's suppliers, and a
# screenshot is left in build/ for a person to look at. A report of hostile records runs no script
# from a record. Without a browser: output is byte-identical across runs, and --link-base only
# accepts http and https.
source tests/lib/case_env.sh
status=0
fail() { echo "FAIL: $*"; status=1; }
command -v chromium >/dev/null || { echo "FAIL: chromium is missing: sudo apt-get install -y chromium"; exit 1; }
command -v node >/dev/null || { echo "FAIL: node is missing: sudo apt-get install -y nodejs"; exit 1; }
mkdir -p build
ex=(-p examples/organisation.policy --as-of 2026-11-28 --horizon 90d)
$WRAP "$CK" check "${ex[@]}" -f html -o "$tmp/example.html" examples/contracts 2>/dev/null
[ $? -eq 1 ] || fail "the example report did not exit 1"
"$CK" check "${ex[@]}" -f html -o "$tmp/again.html" examples/contracts 2>/dev/null
cmp -s "$tmp/example.html" "$tmp/again.html" || fail "two runs gave different HTML"
"$CK" check "${ex[@]}" -f json -o "$tmp/example.json" examples/contracts 2>/dev/null
node tests/browser/inspect.js "$tmp/example.html" --filter-tier high --search brightdesk \
  --screenshot build/report-example.png >"$tmp/example.out" || fail "Chromium could not inspect the example report"
node tests/browser/inspect.js "$tmp/example.html" --no-script >"$tmp/noscript.out" || fail "Chromium could not open the report without script"

# Hostile records: markup, script, event handlers, javascript: URLs and bidi overrides in every
# string a report shows.
mkdir -p "$tmp/hostile/evidence"
printf 'x\n' >"$tmp/hostile/evidence/a.pdf"
cat >"$tmp/hostile/h.yaml" <<'YAML'
supplier: { id: "<script>window.__pwned=1</script>", name: "Evil \u202Egnp.exe\u202C <img src=x onerror=\"window.__pwned=2\"> javascript:window.__pwned=3" }
contract: { id: "\"'><svg onload=window.__pwned=4>", status: "</style><script>window.__pwned=5</script>", last_assessed: 2026-01-10 }
profile: { supplies: software, importance: high, data_shared: true, system_access: true, processing: true,
           cloud: true, location: "<iframe src=javascript:window.__pwned=6>" }
clauses:
  incident-notification: { notify_within: 72h, section: "<a href='javascript:window.__pwned=7'>9.2</a>" }
evidence:
  - { kind: "<b onmouseover=window.__pwned=8>x</b>", file: "evidence/a.pdf", issued: 2026-01-01 }
  - { kind: iso27001-certificate, file: "evidence/<script>.pdf", issued: 2025-01-01 }
gaps:
  - { requirement: BL-12, reason: "<script>window.__pwned=9</script>", accepted_by: "\u2066admin\u2069 <u>x</u>",
      expires: 2027-06-30, compensating: "javascript:window.__pwned=10" }
YAML
(cd "$tmp/hostile" && "$CK" check --as-of 2026-11-28 --horizon 12mo -f html --link-base 'https://git.example/repo/blob/main' \
  -o "$tmp/hostile.html" . 2>/dev/null)
[ -s "$tmp/hostile.html" ] || fail "no hostile report was written"
node tests/browser/inspect.js "$tmp/hostile.html" >"$tmp/hostile.out" || fail "Chromium could not inspect the hostile report"

# An unreadable input's section is not a supplier's: filtering by tier never hides it. The search
# looks at names, ids and files, not at the heading's tier and tier rule.
mkdir -p "$tmp/mixed"
cp examples/contracts/hardware/ferrous-hardware.yaml "$tmp/mixed/"
printf 'supplier: { id: broken\n' >"$tmp/mixed/broken.yaml"
"$CK" check -p examples/organisation.policy --as-of 2026-11-28 -f html -o "$tmp/mixed.html" "$tmp/mixed" 2>/dev/null
node tests/browser/inspect.js "$tmp/mixed.html" --filter-tier critical --search "tier rule" >"$tmp/mixed.out" ||
  fail "Chromium could not inspect the mixed report"
"$PY" -c 'import json, sys; o = json.load(open(sys.argv[1])); f = o["filtered"]; q = o["searched"]
sys.exit(0 if (o["unreadable"], f["unreadable"], o["visible"], f["visible"], q["visible"]) == (1, 1, 1, 0, 0) else 1)' \
  "$tmp/mixed.out" || fail "filtering hid the unreadable input or showed the wrong suppliers: $(head -c 600 "$tmp/mixed.out")"

"$PY" - "$tmp" <<'PYEOF' || status=1
import json, re, sys, html, html.parser
tmp = sys.argv[1]
ok = True
def bad(*a):
    global ok
    print("FAIL:", *a); ok = False
shown = json.load(open(f"{tmp}/example.out"))
report = json.load(open(f"{tmp}/example.json"))
s = report["summary"]
want = {"records": s["records"], "error": s["findings"]["error"], "warning": s["findings"]["warning"],
        "info": s["findings"]["info"], "gate": s["gate"], "per_tier": s["per_tier"]}
if shown["summary"] != want:
    bad("the page's summary", shown["summary"], "is not the JSON report's", want)
for what in ("requests", "console", "exceptions"):
    if shown[what]:
        bad(f"the example report caused {what}:", shown[what])
if shown["sections"] != s["records"] or shown["visible"] != s["records"]:
    bad("sections shown before filtering:", shown["visible"], "of", shown["sections"])
if not shown["filters_shown"]:
    bad("the script did not show the filters")
high = shown["filtered"]
if high["visible"] != s["per_tier"]["high"] or high["visible_tiers"] != ["high"]:
    bad("filtering by tier high shows", high["visible"], high["visible_tiers"], "expected", s["per_tier"]["high"])
if shown["searched"]["visible"] != 1:
    bad("searching for brightdesk shows", shown["searched"]["visible"], "suppliers")
if shown["dom"]["scripts"] != 1:
    bad("the example report has", shown["dom"]["scripts"], "scripts")
total = sum(len(r["findings"]) for r in report["records"])
if shown["findings"] != total:
    bad("the page shows", shown["findings"], "findings; the JSON report has", total)
# Requirement groups (issue 18): the per-requirement table has one body per group, in policy order,
# headed by the group's title, each requirement in its own group's body; in a supplier's section,
# the findings of requirements stand under the name of their group. That table and the folded
# one under it list every requirement once (the sections link to them for titles and references
# instead of repeating them), and every link inside the page has its target.
page = open(f"{tmp}/example.html", encoding="utf-8").read()
group_of = {q["id"]: q.get("group") for rec in report["records"] for q in rec["requirements"]}
order = [g["id"] for g in report["policy"]["groups"]]
titles = {g["id"]: g["title"] for g in report["policy"]["groups"]}
table = page[page.index('id="per-requirement"'):]
table = table[:table.index("</table>")]
seen = []
listed = re.findall(r'<tr id="r-([^"]*)">', page)
for body in re.findall(r"<tbody>(.*?)</tbody>", table, re.S):
    m = re.match(r'<tr class="group"><th colspan="8">(.*?) <span class="group-id">\((.*?)\)</span></th></tr>', body.strip())
    if not m:
        bad("a body of the per-requirement table has no group heading:", body.strip()[:80])
        continue
    gid = m.group(2)
    seen.append(gid)
    if html.unescape(m.group(1)) != titles.get(gid):
        bad("group", gid, "is headed", m.group(1), "not", titles.get(gid))
    for rid in re.findall(r'<tr id="r-[^"]*"><td>([^<]*)</td>', body):
        if group_of.get(rid) != gid:
            bad("requirement", rid, "is in the table under group", gid, "but belongs to", group_of.get(rid))
if len(seen) < 4 or seen != sorted(set(seen), key=order.index):
    bad("the per-requirement table's groups are", seen, "not distinct and in policy order", order)
if sorted(listed) != sorted(group_of):
    bad("the requirement tables list", sorted(listed), "not every requirement once:", sorted(group_of))
ids = set(re.findall(r' id="([^"]*)"', page))
for target in sorted(set(re.findall(r' href="#([^"]*)"', page))):
    if target not in ids:
        bad("a link inside the page goes nowhere: #" + target)
if not re.search(r'href="#tier-rule-\d+"', page):
    bad("no supplier section links to the tier rule that decided its tier")
headed = 0
for sec in re.findall(r'<section data-tier=.*?</section>', page, re.S):
    cur = None
    for m in re.finditer(r'<h4>([^<]*)</h4>|<div class="([a-z]+)"><a href="#r-([^"]*)">([a-z]+) ([^<]*)</a> ', sec):
        if m.group(1):
            cur = m.group(1)
            headed += 1
        elif group_of.get(m.group(3)) != cur:
            bad("a finding of", m.group(3), "stands under group", cur, "not", group_of.get(m.group(3)))
        elif m.group(2) != m.group(4) or m.group(3) != m.group(5):
            bad("a finding's badge", m.group(4), m.group(5), "is not its class and link", m.group(2), m.group(3))
if not headed:
    bad("no supplier section has a group heading")

# a finding's badge has its severity's colour (the style sheet's --error, --warning, --info)
colors = {"error": "rgb(179, 38, 30)", "warning": "rgb(154, 103, 0)", "info": "rgb(11, 92, 173)"}
if shown["badge_colors"] != colors:
    bad("the findings' badges are coloured", shown["badge_colors"], "not", colors)

# without the script: every supplier and finding is there, the filter form (which needs it) is not
off = json.load(open(f"{tmp}/noscript.out"))
if off["visible"] != s["records"] or off["findings"] != total or off["filters_shown"] or off["summary"] != want:
    bad("without the script the page shows", off["visible"], "suppliers,", off["findings"], "findings, filters:", off["filters_shown"])

h = json.load(open(f"{tmp}/hostile.out"))
if h["pwned"] is not None:
    bad("a script from a record ran: window.__pwned =", h["pwned"])
for what in ("requests", "console", "exceptions"):
    if h[what]:
        bad(f"the hostile report caused {what}:", h[what])
d = h["dom"]
if d["scripts"] != 1 or d["on_attributes"] or d["javascript_links"] or d["iframes"] or d["bidi_controls"]:
    bad("the hostile report's DOM holds injected markup:", d)
# the same, parsed as HTML without a browser: one script element, no event handler, links only to
# the base or to a plain id inside the page
class Scan(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.scripts = 0; self.bad = []
    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        for k, v in attrs:
            if k.startswith("on") or (k == "href" and not v.startswith("https://git.example/repo/blob/main/")
                                      and not re.fullmatch(r"#[A-Za-z0-9_-]+", v)):
                self.bad.append((tag, k, v))
p = Scan(); p.feed(open(f"{tmp}/hostile.html", encoding="utf-8").read())
if p.scripts != 1 or p.bad:
    bad("the hostile HTML has", p.scripts, "script elements and these attributes:", p.bad[:5])
text = open(f"{tmp}/hostile.html", encoding="utf-8").read()
for needle in ("&lt;script&gt;window.__pwned=1&lt;/script&gt;", "\\u202egnp.exe\\u202c", "&lt;script&gt;window.__pwned=9"):
    if needle not in text:
        bad("the hostile report does not show", needle, "as text")
sys.exit(0 if ok else 1)
PYEOF

# --link-base: only http and https become links
"$CK" check --as-of 2026-11-28 -f html --link-base 'javascript:alert(1)' -o "$tmp/x.html" examples/contracts 2>"$tmp/err"
[ $? -eq 2 ] || fail "--link-base javascript: was accepted"
grep -q "http:// or https://" "$tmp/err" || fail "--link-base javascript: was not explained: $(cat "$tmp/err")"
[ -e "$tmp/x.html" ] && fail "a report was written despite a bad --link-base"
[ -s build/report-example.png ] || fail "no screenshot in build/report-example.png"
exit $status
