#!/bin/bash
# The progress line of a long check: drawn on stderr when it is a terminal (a pseudo-terminal from
# util-linux's script) and the report goes elsewhere, redrawn in place, erased at the end, and
# never reaching the report; absent on a pipe, with --quiet, with --no-progress, and when the
# report itself streams to the terminal. Also --color on a terminal: auto colours, never does not.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
command -v script >/dev/null || { fail "script (bsdutils) is not installed: scripts/deps.sh test"; exit 1; }
policy=$PWD/examples/organisation.policy
# one record, without its contract document, hard-linked many times: a run long enough to pass the
# line's one-second delay, doubled until it takes 1.4 seconds on this machine (and build)
mkdir -p "$tmp/recs/a"
grep -v -e '^documents:' -e '- { id: agreement' -e 'sha256: "b9ba' examples/contracts/services/greenleaf-catering.yaml >"$tmp/one.yaml"
n=4000
# link_records LO HI: records LO..HI-1, linking to a fresh copy of the source every 30,000 links,
# since filesystems cap the links to one inode (ext4 at 65,000: a fast machine reaches that)
link_records() {
  "$PY" - "$tmp/one.yaml" "$tmp/recs/a" "$1" "$2" <<'PYEOF'
import os, shutil, sys
src, d, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for i in range(lo, hi):
    copy = f"{src}.{i // 30000}"
    if not os.path.exists(copy):
        shutil.copyfile(src, copy)
    os.link(copy, f"{d}/r{i:06}.yaml")
PYEOF
}
link_records 0 "$n"
# Not under $WRAP: the line is about time, and valgrind's fifty-fold slowdown would make each of
# these runs minutes long; the paths it takes are plain check runs, covered under valgrind elsewhere.
run() { "$CK" check --as-of 2026-11-28 -p "$policy" --root "$tmp/recs" "$@"; }
while :; do
  start=$(date +%s%N)
  run -o "$tmp/plain.txt" "$tmp/recs" >/dev/null 2>&1
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  [ "$ms" -ge 1400 ] || [ "$n" -ge 512000 ] && break
  link_records "$n" $((n * 2))
  n=$((n * 2))
done
grep -q "checked $n suppliers" "$tmp/plain.txt" || fail "the plain run said: $(tail -5 "$tmp/plain.txt")"

# on_tty FILE ARGS...: the check under a pseudo-terminal (stdin, stdout and stderr), its screen in FILE
on_tty() {
  local screen=$1; shift
  local cmd="cd $(printf %q "$PWD") && NO_COLOR= $(printf '%q ' "$CK" check --as-of 2026-11-28 -p "$policy" --root "$tmp/recs" "$@")"
  script -qec "$cmd" "$screen" >/dev/null 2>&1 </dev/null
}
on_tty "$tmp/screen" -o "$tmp/tty.txt" "$tmp/recs"
# the screen: "\r1234 of 4000 records (30%), 4100/s, 1s left\e[K" redrawn, then "\r\e[K"
tr '\r' '\n' <"$tmp/screen" | grep -a -E "^[0-9]+ of $n records \([0-9]+%\), [0-9]+/s, [0-9:]+s? left"$'\e\\[K$' >"$tmp/lines"
[ -s "$tmp/lines" ] || fail "no progress line on the terminal: $(head -c 600 "$tmp/screen" | cat -v)"
last=$(tr '\r' '\n' <"$tmp/screen" | grep -a -n "records (" | tail -1 | cut -d: -f1)
tr '\r' '\n' <"$tmp/screen" | sed -n "$((last + 1))p" | grep -q $'^\e\\[K' || fail "the last progress line was not erased"
cmp -s "$tmp/plain.txt" "$tmp/tty.txt" || fail "the report differs when the progress line is drawn"
for opt in --no-progress -q; do
  on_tty "$tmp/screen" "$opt" -o "$tmp/tty.txt" "$tmp/recs"
  grep -a -q "records (" "$tmp/screen" && fail "a progress line with $opt"
done
# the report streaming to the terminal is progress enough
on_tty "$tmp/screen" "$tmp/recs"
grep -a -q "records (" "$tmp/screen" && fail "a progress line under a report that goes to the terminal"
# on a pipe: nothing but the report's own words
run -o "$tmp/pipe.txt" "$tmp/recs" 2>&1 | cat >"$tmp/stderr"
[ -s "$tmp/stderr" ] && fail "stderr on a pipe: $(head -c 300 "$tmp/stderr" | cat -v)"

# --color on a terminal: auto colours the report, never and NO_COLOR do not
weak=$PWD/examples/contracts/saas/brightdesk-crm.yaml
colors() { grep -a -c $'\e\\[1;31merror' "$1"; }
on_tty "$tmp/screen" "$weak"
[ "$(colors "$tmp/screen")" -ge 1 ] || fail "--color auto did not colour the terminal: $(head -3 "$tmp/screen" | cat -v)"
on_tty "$tmp/screen" --color=never "$weak"
[ "$(colors "$tmp/screen")" -eq 0 ] || fail "--color=never coloured the terminal"
script -qec "NO_COLOR=1 $(printf '%q ' "$CK") check --as-of 2026-11-28 -p $(printf %q "$policy") $(printf %q "$weak")" "$tmp/screen" >/dev/null 2>&1 </dev/null
[ "$(colors "$tmp/screen")" -eq 0 ] || fail "NO_COLOR=1 coloured the terminal"

[ $status -eq 0 ] && echo "progress line: $n records in ${ms} ms, drawn $(wc -l <"$tmp/lines") times, erased; none on a pipe, with -q or --no-progress"
exit $status
