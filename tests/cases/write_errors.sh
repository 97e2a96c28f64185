#!/bin/bash
# No write error is lost: every command with standard output on a full disk (/dev/full) exits 2
# with one line naming the output and the error; a broken pipe stays quiet; -o and
# --write-baseline create their files with mode 0666 minus the umask.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
pol=examples/organisation.policy rec=examples/contracts/saas/brightdesk-crm.yaml
cp tests/lint/warn-level-scale-one-value.policy "$tmp/warn.policy"
cp policies/baseline.policy "$tmp/fmt.policy"

# full NAME CMD...: CMD with stdout on /dev/full must exit 2 and say so in exactly one line
# (fmt --check also names the files it would reformat)
full() {
  local name=$1; shift
  $WRAP "$CK" "$@" >/dev/full 2>"$tmp/err"; local rc=$?
  [ "$rc" -eq 2 ] || fail "$name >/dev/full: exit $rc, expected 2"
  [ "$(grep -c "cannot write standard output: No space left on device" "$tmp/err")" -eq 1 ] \
    || fail "$name >/dev/full: expected one line naming the output and the error, got: $(head -3 "$tmp/err")"
}
full check check --as-of 2026-11-28 -p $pol examples/contracts
full check-json check --as-of 2026-11-28 -p $pol -f json examples/contracts
full review review --as-of 2026-11-28 -p $pol $rec
full calendar calendar --as-of 2026-11-28 -p $pol -f ics examples/contracts
full explain explain --as-of 2026-11-28 -p $pol $rec
full fmt fmt "$tmp/fmt.policy"
full fmt-check fmt --check tests/lint/ok-conditions.policy tests/cli/fmt-comments/input.policy
full test test policies/baseline.policy
full requirements requirements --tier high
full schema schema
full help --help
full version --version
full command-help review --help
# the language server answers on stdout: its first answer cannot be written either
msg='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'
printf 'Content-Length: %d\r\n\r\n%s' "${#msg}" "$msg" >"$tmp/lsp.in"
full lsp lsp <"$tmp/lsp.in"

# lint writes its diagnostics to stderr: nothing goes to stdout, and a lost warning is exit 2
$WRAP "$CK" lint "$tmp/warn.policy" >/dev/full 2>/dev/null; rc=$?
[ "$rc" -eq 0 ] || fail "lint >/dev/full: exit $rc, expected 0 (it writes nothing to stdout)"
$WRAP "$CK" lint "$tmp/warn.policy" 2>/dev/full; rc=$?
[ "$rc" -eq 2 ] || fail "lint 2>/dev/full: exit $rc, expected 2 (its warning was lost)"
$WRAP "$CK" lint policies/baseline.policy 2>/dev/full; rc=$?
[ "$rc" -eq 0 ] || fail "lint of a clean policy 2>/dev/full: exit $rc, expected 0 (nothing to write)"

# a closed standard output is a write error too
$WRAP "$CK" --version >&- 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && grep -q "cannot write standard output" "$tmp/err" || fail "--version >&-: exit $rc: $(cat "$tmp/err")"

# a reader that goes away: no message, whether SIGPIPE ends the process or is ignored
for sig in default ignored; do
  ( [ $sig = ignored ] && trap '' PIPE
    "$CK" check --as-of 2026-11-28 -p $pol -f json examples/contracts 2>"$tmp/err" | head -c 1 >/dev/null )
  [ -s "$tmp/err" ] && fail "broken pipe (SIGPIPE $sig) printed: $(cat "$tmp/err")"
done

# file outputs: mode 0666 minus the umask, like any file the user creates
for mask in 022 077 027; do
  rm -f "$tmp/report.txt" "$tmp/base.json"
  ( umask $mask; "$CK" check --as-of 2026-11-28 -p $pol -o "$tmp/report.txt" --write-baseline "$tmp/base.json" examples/contracts >/dev/null 2>&1 )
  want=$(printf '%o' $((0666 & ~0$mask)))
  for f in report.txt base.json; do
    got=$(stat -c %a "$tmp/$f" 2>/dev/null)
    [ "$got" = "$want" ] || fail "umask $mask: $f has mode $got, expected $want"
  done
done
# fmt -w keeps the file's own mode
cp tests/cli/fmt-comments/input.policy "$tmp/keep.policy" && chmod 640 "$tmp/keep.policy"
( umask 077; "$CK" fmt -w "$tmp/keep.policy" )
[ "$(stat -c %a "$tmp/keep.policy")" = 640 ] || fail "fmt -w changed the mode to $(stat -c %a "$tmp/keep.policy")"
# --write-baseline that cannot be written: exit 2, one message, nothing left behind
"$CK" check --as-of 2026-11-28 -p $pol --write-baseline "$tmp/no-such-dir/b.json" examples/contracts >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && grep -q "cannot write $tmp/no-such-dir/b.json: No such file or directory" "$tmp/err" \
  || fail "unwritable --write-baseline: exit $rc: $(cat "$tmp/err")"
# -o naming no regular file is written in place, never replaced: a device keeps its node (as root,
# a rename over /dev/full would succeed), a FIFO gets the whole report, a folder is an error
"$CK" check --as-of 2026-11-28 -p $pol -o /dev/full examples/contracts >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && grep -q "cannot write /dev/full: No space left on device" "$tmp/err" \
  || fail "-o /dev/full: exit $rc: $(cat "$tmp/err")"
[ -c /dev/full ] || fail "-o /dev/full replaced the device node"
ls /dev | grep -q '^full\.tmp\.' && fail "-o /dev/full left a temporary file in /dev"
mkfifo "$tmp/fifo"
timeout 20 cat "$tmp/fifo" >"$tmp/from-fifo" &  # bounded: a replaced FIFO is never opened for writing
"$CK" check --as-of 2026-11-28 -p $pol -f json -o "$tmp/fifo" examples/contracts >/dev/null 2>&1
wait
[ -p "$tmp/fifo" ] || fail "-o FIFO replaced the FIFO"
"$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/from-fifo" 2>/dev/null || fail "-o FIFO: the reader got no whole JSON report"
"$CK" check --as-of 2026-11-28 -p $pol -o "$tmp" examples/contracts >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && grep -q "cannot write $tmp: Is a directory" "$tmp/err" || fail "-o FOLDER: exit $rc: $(cat "$tmp/err")"
exit $status
