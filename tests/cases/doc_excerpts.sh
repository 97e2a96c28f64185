#!/bin/bash
# The docs' worked examples are real output: wherever a doc shows a one-line shell block that
# runs clausecheck from inside examples/ (`cd examples... && ../build/clausecheck ...`) and a
# plain text block follows with nothing but blank lines between, that text must be what the command prints today. A wording or
# policy change that makes a doc stale fails here.
source "$(dirname "$0")/../lib/case_env.sh"

"$PY" - "$tmp" docs/*.md README.md <<'PYEOF' || exit 1
import re, sys
tmp, paths = sys.argv[1], sys.argv[2:]
n = 0
for path in paths:
    blocks, cur, lang, prose = [], None, None, ""
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            if cur is None:
                cur, lang, before = [], line[3:].strip(), prose
            else:
                blocks.append((lang, "".join(cur), before))
                cur, prose = None, ""
        elif cur is not None:
            cur.append(line)
        else:
            prose += line
    for (lang, cmd, _), (nlang, shown, between) in zip(blocks, blocks[1:]):
        m = re.fullmatch(r"cd (examples\S*) && (\S*build/clausecheck) (.*)\n", cmd)
        if lang == "sh" and m and not nlang and not between.strip():
            open(f"{tmp}/ex-{n}.cmd", "w").write(f"{m.group(1)}\n{m.group(3)}\n{path}\n")
            open(f"{tmp}/ex-{n}.shown", "w", encoding="utf-8").write(shown)
            n += 1
print(n, file=open(f"{tmp}/count", "w"))
PYEOF

status=0
for f in "$tmp"/ex-*.cmd; do
  [ -e "$f" ] || continue
  { read -r dir; read -r args; read -r doc; } <"$f"
  # the command line is the doc's own; eval keeps its quoting
  (cd "$dir" && eval "NO_COLOR=1 $WRAP \"\$CK\" $args") >"$tmp/actual" 2>&1
  if ! diff -u "${f%.cmd}.shown" "$tmp/actual" >"$tmp/diff"; then
    echo "FAIL: $doc: the output shown for 'clausecheck $args' differs from the real output:"
    head -40 "$tmp/diff"
    status=1
  fi
done
echo "doc excerpts checked: $(cat "$tmp/count")"
exit $status
