#!/bin/bash
# lint on hostile policy inputs: a located message, exit 2, no crash, no hang, and no leak under valgrind.
set -u
CK=${CK:-build/clausecheck}
PY=${PY:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg=()
# an AddressSanitizer build checks itself and cannot run under valgrind
[ -z "${CK_SANITIZED:-}" ] && command -v valgrind >/dev/null && vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
status=0

: >"$tmp/empty.policy"
head -c 4096 /dev/urandom >"$tmp/garbage.policy"
printf 'policy "x" version "1"\ntiers low < high\ntier high when' >"$tmp/truncated.policy"
"$PY" -c 'import sys; sys.stdout.write("policy \"big\"\n" + "# padding line for size\n" * 460000)' >"$tmp/ten-mb.policy"
"$PY" -c 'print("tiers low < high\ntier high when " + "(" * 10000 + "x" + ")" * 10000)' >"$tmp/nested.policy"
printf 'policy "unterminated\n' >"$tmp/string.policy"
printf 'policy "x" /* never closed\n' >"$tmp/comment.policy"

for f in empty garbage truncated ten-mb nested string comment; do
  p="$tmp/$f.policy"
  # the 10 MB file is refused before parsing; valgrind is kept for the others
  if [ "$f" = ten-mb ]; then run=(); else run=("${vg[@]}"); fi
  out=$(timeout 60 "${run[@]}" "$CK" lint "$p" 2>&1)
  rc=$?
  if [ "$rc" -ne 2 ]; then
    echo "$f: expected exit 2, got $rc"; printf '%s\n' "$out" | head -5; status=1; continue
  fi
  if ! printf '%s\n' "$out" | grep -q "^$p:[0-9]*:[0-9]*: error: \|^$p: error: "; then
    echo "$f: no message naming the file"; printf '%s\n' "$out" | head -5; status=1
  fi
done
exit $status
