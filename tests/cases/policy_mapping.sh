#!/bin/bash
# The shipped policies cover what they claim to: every point of DORA Art. 30(2)(a)-(i) and
# 30(3)(a)-(f) (with Art. 3 and 4 of the RTS on subcontracting) and of GDPR Art. 28(2), 28(3)(a)-(h)
# and 28(4) is the `ref` of at least one requirement its overlay declares; every clause the
# founding supply-chain guidance names (listed in the product brief) is required by a baseline
# requirement, found by the baseline's clause names; and each of the guidance's four summary
# areas is a baseline group that asks something at every tier. Read from
# the compiled policies (`requirements -f markdown` for every tier), so a ref in a comment or a
# requirement no tier reaches does not count. A self-check then removes one mapping of each kind
# from a copy and expects the check to fail.
set -u
CK=${CK:-build/clausecheck}
PY=${PY:-/usr/bin/python3}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check DIR: the mapping of DIR/baseline.policy, DIR/dora-art30.policy and DIR/gdpr-art28.policy
check() {
  local dir=$1 p t
  for p in baseline dora-art30 gdpr-art28; do
    : >"$tmp/$p.md"
    for t in low medium high critical; do
      if ! "$CK" requirements -p "$dir/$p.policy" --tier "$t" -f markdown >"$tmp/$p.$t.md" 2>"$tmp/err"; then
        echo "FAIL: clausecheck requirements -p $dir/$p.policy --tier $t: $(cat "$tmp/err")"; return 1
      fi
      cat "$tmp/$p.$t.md" >>"$tmp/$p.md"
    done
  done
  "$PY" - "$dir" "$tmp" <<'PYEOF'
import re, sys
src, out = sys.argv[1], sys.argv[2]

def checklist(name):
    """Requirement id -> (refs, rules) from the markdown checklists of every tier."""
    reqs, cur = {}, None
    for line in open(f"{out}/{name}.md", encoding="utf-8"):
        line = re.sub(r"\\(.)", r"\1", line.rstrip("\n"))  # undo the Markdown escapes
        m = re.match(r"- \[ \] \*\*(\S+)\*\* ", line)
        if m:
            cur = reqs.setdefault(m.group(1), (set(), set()))
        elif cur is not None and line.startswith("  - _ref:_ "):
            cur[0].add(line[len("  - _ref:_ "):])
        elif cur is not None and line.startswith("  - "):
            cur[1].add(line[4:])
    return reqs

def declared(name):
    """Ids of the requirements a policy file itself declares (not the ones it imports)."""
    return set(re.findall(r"^require (\S+)", open(f"{src}/{name}.policy", encoding="utf-8").read(), re.M))

ok = True
def need(cond, what):
    global ok
    print(("ok:   " if cond else "FAIL: ") + what)
    ok = ok and cond

points = {
    "dora-art30": [f"DORA Art. 30(2)({p})" for p in "abcdefghi"] + [f"DORA Art. 30(3)({p})" for p in "abcdef"]
                  + [f"Commission Delegated Regulation (EU) 2025/532 Art. {a}" for a in (3, 4)],
    "gdpr-art28": ["GDPR Art. 28(2)"] + [f"GDPR Art. 28(3)({p})" for p in "abcdefgh"] + ["GDPR Art. 28(4)"],
}
for overlay, refs in points.items():
    reqs, own = checklist(overlay), declared(overlay)
    for ref in refs:
        ids = sorted(i for i, (r, _) in reqs.items() if ref in r and i in own)
        need(ids, f"{ref} maps to {', '.join(ids) or 'no requirement'} of {overlay}.policy")

# The clauses the guidance asks for, by the baseline's clause names.
guidance = [
    ("security requirements for the product or service", "security-requirements"),
    ("defined security responsibilities", "security-responsibilities"),
    ("incident response plans and procedures", "incident-response"),
    ("notification of security incidents", "incident-notification"),
    ("sharing information that helps mitigate incidents", "information-sharing"),
    ("business continuity", "business-continuity"),
    ("questionnaire answers form part of the contract", "questionnaire-binding"),
    ("flow-down to the supplier's own supply chain", "flow-down"),
    ("information classification", "information-classification"),
    ("right to audit, assess, monitor and measure performance", "right-to-audit"),
    ("communicating an inability to meet a requirement", "inability-notice"),
    ("handling of known vulnerabilities", "vulnerability-handling"),
    ("timely notice of organisational changes", "organisational-change-notice"),
]
base, own = checklist("baseline"), declared("baseline")
def requiring(pattern):
    return sorted(i for i, (_, rules) in base.items() if i in own and any(re.search(pattern, r) for r in rules))
for what, clause in guidance:
    # the checklist names each clause in brackets after its description: "Contract clause: ... (name)"
    ids = requiring(rf"Contract clause: [^;]*\({re.escape(clause)}\)")
    need(ids, f"guidance '{what}' (clause {clause}) maps to {', '.join(ids) or 'no requirement'} of baseline.policy")
# Independent evidence is an evidence rule, not a clause: some requirement must ask for a kind the
# baseline declares `independent`.
text = open(f"{src}/baseline.policy", encoding="utf-8").read()
independent = [k for k, body in re.findall(r'^evidence (\S+) "[^"]*" \{([^}]*)\}', text, re.M)
               if re.search(r"^\s*independent\s*$", body, re.M)]
ids = requiring(r"Evidence: [^;]*\((" + "|".join(map(re.escape, independent)) + r")\)") if independent else []
need(ids, f"guidance 'independent evidence where the risk warrants it' ({', '.join(independent) or 'no independent kind'}) "
          f"maps to {', '.join(ids) or 'no requirement'} of baseline.policy")

# The guidance's four summary areas are the baseline's groups: every baseline requirement sits in
# one, and each area asks something of a supplier at every tier, the lowest included.
areas = ["communication", "requirements", "practice", "assurance"]
for tier in ["low", "medium", "high", "critical"]:
    group, members = None, {a: [] for a in areas}
    for line in open(f"{out}/baseline.{tier}.md", encoding="utf-8"):
        m = re.match(r"### .* \(`([^`]+)`\)$", line.rstrip("\n"))
        if line.startswith("### "):
            group = m.group(1) if m else None
            continue
        m = re.match(r"- \[ \] \*\*(\S+)\*\* ", line)
        if m and m.group(1) in own:
            need(group in areas, f"tier {tier}: baseline requirement {m.group(1)} is in summary area {group or 'none'}")
            if group in members:
                members[group].append(m.group(1))
    for a in areas:
        need(members[a], f"tier {tier}: summary area '{a}' asks {', '.join(members[a]) or 'nothing'}")
sys.exit(0 if ok else 1)
PYEOF
}

status=0
check policies || status=1

# Self-check: the same check must fail when one overlay ref, one baseline clause rule or one
# requirement's group is removed.
mkdir -p "$tmp/drop-ref" "$tmp/drop-clause" "$tmp/drop-area"
for d in drop-ref drop-clause drop-area; do cp policies/baseline.policy policies/dora-art30.policy policies/gdpr-art28.policy "$tmp/$d/"; done
sed -i '/^  ref "DORA Art. 30(3)(d)"$/d' "$tmp/drop-ref/dora-art30.policy"
sed -i '/^  clause questionnaire-binding/d' "$tmp/drop-clause/baseline.policy"
# the low tier's only 'requirements' requirement, BL-01, taken out of its group
sed -i '/^require BL-01 /,/^}/{/^  group requirements$/d}' "$tmp/drop-area/baseline.policy"
for d in drop-ref drop-clause drop-area; do
  if cmp -s "$tmp/$d/dora-art30.policy" policies/dora-art30.policy && cmp -s "$tmp/$d/baseline.policy" policies/baseline.policy; then
    echo "FAIL: self-check $d changed nothing (the policy text moved on: update the sed line)"; status=1
  elif out=$(check "$tmp/$d"); then
    echo "FAIL: self-check $d: the mapping check passed on a policy with a mapping removed"; status=1
  else
    echo "ok:   self-check $d: $(printf '%s\n' "$out" | grep '^FAIL' | head -1)"
  fi
done
exit $status
