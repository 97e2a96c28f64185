#!/bin/bash
# The shape STYLE.md and issue 10 ask of src/:
# - no function over 80 lines unless the comment right above it says why it is long (the word
#   "long" in that comment). A function is a definition whose opening brace stands alone at the
#   start of a line, counted from its signature's first line to its closing brace;
# - no run of six identical lines (compared without their indentation) in two places of src/*.[ch].
#   Runs that are only #include lines, or mostly blank lines and lone braces (fewer than four lines
#   of more than three characters), are not code anyone would factor out, and are not counted.
# A self-check then gives each rule a file that breaks it and expects it to be caught, so that the
# check cannot pass by seeing nothing.
source tests/lib/case_env.sh

check() {
  "$PY" - "$@" <<'PYEOF'
import re, sys
LIMIT = 80
bad = 0
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i] != "{":
            i += 1
            continue
        start = i
        # the signature: the lines above, back to a blank line, a comment, a '}' or a ';'
        while start > 0 and lines[start - 1].strip() and not re.match(r"^(}|#|/\*| \*|//)", lines[start - 1]) \
                and not lines[start - 1].rstrip().endswith(";"):
            start -= 1
        end = i + 1
        while end < len(lines) and lines[end] != "}":
            end += 1
        n = end - start + 1
        c, comment = start - 1, []
        while c >= 0 and re.match(r"^(/\*| \*|//)", lines[c]):
            comment.append(lines[c])
            c -= 1
        if n > LIMIT and not any(re.search(r"\blong\b", l) for l in comment):
            print(f"FAIL: {path}:{start + 1}: {lines[start].strip()[:60]} is {n} lines (over {LIMIT}) "
                  "and no comment above it says why it is long")
            bad += 1
        i = end + 1
RUN = 6
seen = {}
for path in sys.argv[1:]:
    lines = [l.strip() for l in open(path, encoding="utf-8", errors="replace")]
    for i in range(len(lines) - RUN + 1):
        w = tuple(lines[i:i + RUN])
        if any(l.startswith("#") for l in w) or sum(len(l) > 3 for l in w) < 4:
            continue
        seen.setdefault(w, []).append((path, i + 1))
reported = set()
for w, places in sorted(seen.items(), key=lambda kv: kv[1]):
    if len(places) < 2:
        continue
    continued = all((p, n - 1) in reported for p, n in places)  # the run before, one line longer
    reported.update(places)
    if continued:
        continue
    print("FAIL: a run of six identical lines at " + ", ".join(f"{p}:{n}" for p, n in places) +
          ": " + " / ".join(w[:3]) + " / ...")
    bad += 1
sys.exit(1 if bad else 0)
PYEOF
}

check src/*.c || status=1

# Self-check: a copy with one 90-line function must be caught.
{
  printf '/* Padding, and no reason given. */\nstatic int padded(void)\n{\n    int x = 0;\n'
  for i in $(seq 1 86); do printf '    x += %d;\n' "$i"; done
  printf '    return x;\n}\n'
} >"$tmp/padded.c"
if check "$tmp/padded.c" >"$tmp/self" 2>&1; then
  echo "FAIL: the self-check's 90-line function was not caught"
fi
# ... and a run of six lines written twice.
for f in a b; do
  printf 'static int %s(int x)\n{\n    x += 1;\n    x *= 2;\n    x -= 3;\n    x /= 4;\n    x %%= 5;\n    return x;\n}\n' "$f" >"$tmp/$f.c"
done
if check "$tmp/a.c" "$tmp/b.c" >"$tmp/self" 2>&1; then
  echo "FAIL: the self-check's repeated run was not caught"
fi
exit "${status:-0}"
