#!/bin/bash
# One record, the same findings however it is checked: from three working directories, alone, with
# its siblings, with the whole repository, through --files-from, and through review and explain.
# Its repository root comes from examples/contracts/.clausecheck.yaml, which also names the policy.
# Every variant is normalised (the record's path as given taken out) and must equal
# tests/cases/same_findings.expected; UPDATE=1 rewrites that file from the first variant.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
top=$PWD
expected=$top/tests/cases/same_findings.expected
rec=examples/contracts/saas/brightdesk-crm.yaml

# variant NAME CWD RECORD-AS-NAMED-THERE KIND ARGS...: runs clausecheck in CWD, normalises its output
variant() {
  local name=$1 cwd=$2 named=$3 kind=$4; shift 4
  (cd "$top/$cwd" && NO_COLOR=1 $WRAP "$CK" "$@") >"$tmp/raw" 2>"$tmp/err"
  local rc=$?
  [ -s "$tmp/err" ] && fail "$name: wrote to stderr: $(head -3 "$tmp/err")"
  "$PY" - "$tmp/raw" "$named" "$kind" "$rc" >"$tmp/$name.norm" <<'PYEOF' || fail "$name: cannot normalise its output"
import json, re, sys
raw, named, kind, rc = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
text = open(raw, encoding="utf-8").read()
out = []
if kind == "check":
    doc = json.loads(text)
    [r] = [r for r in doc["records"] if r["path"] == named]
    out.append(f"check: tier {r['tier']}")
    for f in r["findings"]:
        req = f["requirement"]["id"] if f["requirement"] else "record"
        loc = f["location"]
        out.append(f"  {loc['line']}:{loc['column']} {f['severity']} [{f['kind']}] {req}: {f['message']}"
                   f" | fix: {f['remediation']} | {f['fingerprint']}")
elif kind == "review":
    doc = json.loads(text)
    out.append(f"review: tier {doc['tier']}, {doc['verdict']['items_to_resolve']} to resolve, exit {rc}")
    for item in doc["items"]:
        for f in item["findings"]:
            out.append(f"  {f['line']}:{f['column']} {f['severity']} [{f['kind']}] {item['id']}: {f['message']}")
    for f in doc["record_findings"]:
        out.append(f"  {f['line']}:{f['column']} {f['severity']} [{f['kind']}] record: {f['message']}")
else:  # explain: the trace names the record and the policy files as seen from where it ran
    text = text.replace(named, "RECORD")
    text = re.sub(r"[^ (]*/([^/ ]+\.policy)", r"\1", text)
    out.append(f"explain: exit {rc}")
    out.append(text.rstrip("\n"))
print("\n".join(out))
PYEOF
  n=$((n + 1))
}

n=0
for cwd in . examples examples/contracts/saas; do
  case $cwd in
    .) here=$rec; saas=examples/contracts/saas; repo=examples/contracts ;;
    examples) here=contracts/saas/brightdesk-crm.yaml; saas=contracts/saas; repo=contracts ;;
    *) here=brightdesk-crm.yaml; saas=.; repo=../ ;;
  esac
  [ "$saas" = . ] && in_saas=$here || in_saas=$saas/brightdesk-crm.yaml
  [ "$repo" = ../ ] && in_repo=../saas/brightdesk-crm.yaml || in_repo=$repo/saas/brightdesk-crm.yaml
  tag=${cwd//\//-}
  variant "check-alone-$tag" "$cwd" "$here" check check --as-of 2026-11-28 -f json "$here"
  variant "check-siblings-$tag" "$cwd" "$in_saas" check check --as-of 2026-11-28 -f json "$saas"
  variant "check-repository-$tag" "$cwd" "$in_repo" check check --as-of 2026-11-28 -f json "$repo"
  # --files-from: paths relative to the working directory, as `git diff --name-only --relative` prints them
  printf '%s\n' "$here" >"$tmp/changed"
  variant "check-files-from-$tag" "$cwd" "$in_repo" check check --as-of 2026-11-28 -f json --files-from "$tmp/changed" "$repo"
  variant "review-$tag" "$cwd" "$here" review review --as-of 2026-11-28 -f json "$here"
  variant "explain-$tag" "$cwd" "$here" explain explain --as-of 2026-11-28 "$here"
done

# every check variant equals the first, every review the first review, every explain the first explain
for kind in check review explain; do
  first=$(ls "$tmp"/$kind-*.norm | head -1)
  for f in "$tmp"/$kind-*.norm; do
    cmp -s "$first" "$f" || fail "$(basename "$f" .norm) differs from $(basename "$first" .norm): $(diff "$first" "$f" | head -6)"
  done
done
# review and check agree on which findings there are
diff <(sed -n 's/^  \([0-9]*:[0-9]* [a-z]* \[[a-z-]*\]\) [^:]*: \(.*\)/\1 \2/p' "$tmp/review-..norm" | sort) \
     <(sed -n 's/^  \([0-9]*:[0-9]* [a-z]* \[[a-z-]*\]\) [^:]*: \([^|]*\) | .*/\1 \2/p' "$tmp/check-alone-..norm" | sort) \
     >"$tmp/rc-diff" || fail "review and check disagree on the findings: $(head -6 "$tmp/rc-diff")"
cat "$tmp/check-alone-..norm" "$tmp/review-..norm" "$tmp/explain-..norm" >"$tmp/all"
if [ "${UPDATE:-}" = 1 ]; then
  cp "$tmp/all" "$expected"
elif ! diff -u "$expected" "$tmp/all" >"$tmp/diff"; then
  fail "the findings differ from $expected: $(head -20 "$tmp/diff")"
fi
echo "variants: $n"
[ "$n" -eq 18 ] || fail "expected 18 variants, ran $n"
exit $status
