#!/bin/bash
# Hostile registers: a 10 GB line (sparse, so the test stays fast: holes are skipped, not read), a
# NUL byte and invalid UTF-8, quoted CSV fields across lines and never closed, a byte order mark, a
# column mapping naming a column the header lacks or one the header names twice, a UTF-16 and a
# CR-only export, and a JSON line that is a list. Each must give a located error, never a crash or a hang (5 s),
# and lose nothing of the lines around it: every case has a good record before and after the bad
# line. The outputs together must equal tests/cases/hostile_registers.expected (UPDATE=1 rewrites it).
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
top=$PWD
expected=$top/tests/cases/hostile_registers.expected
cp tests/hostile/registers/policy.policy "$tmp/"
printf 'registers:\n  columns:\n    "Supplier ID": supplier.id\n    "Name": supplier.name\n    "Importance": profile.importance\n' \
  >"$tmp/.clausecheck.yaml"
cd "$tmp"

before='{"supplier": {"id": "before"}, "profile": {"importance": "low"}}'
after='{"supplier": {"id": "after"}, "profile": {"importance": "high"}}'
header='Supplier ID,Name,Importance'
printf '%s\n' "$before" >long.jsonl && truncate -s +10G long.jsonl && printf '\n%s\n' "$after" >>long.jsonl
printf '%s\nbefore,B,low\nlong,"' "$header" >long.csv && truncate -s +10G long.csv && printf '",low\nafter,A,high\n' >>long.csv
printf '%s\nbefore,B,low\nopen,"' "$header" >long-open-quote.csv && truncate -s +2M long-open-quote.csv &&
  printf '\nafter,A,high\n' >>long-open-quote.csv
printf '%s\n{"supplier": {"id": "n\0ul"}}\n%s\n' "$before" "$after" >nul.jsonl
printf '%s\nbefore,B,low\nnul,N\0L,low\nafter,A,high\n' "$header" >nul.csv
printf '%s\nbefore,B,low\nlatin1,Caf\xe9,low\nafter,A,high\n' "$header" >latin1.csv
printf '%s\n[%s]\n%s\n' "$before" "$before" "$after" >list.jsonl
printf '%s\r\nbefore,B,low\r\nafter,A,high\r\n' "$header" | iconv -f UTF-8 -t UTF-16 >utf16.csv
printf '%s\rbefore,B,low\rafter,A,high\r' "$header" >cr.csv
mkdir twice
cp .clausecheck.yaml twice/
printf 'Supplier ID,Name,Importance,Name\nacme,A,high,B\n' >twice/register.csv
printf '%s\nbefore,"B\nacross lines",low\nafter,A,high\nopen,"never closed,low\nlast,L,high\n' "$header" >quoted.csv
printf '\xef\xbb\xbf%s\n%s\n' "$before" "$after" >bom.jsonl
printf '\xef\xbb\xbf%s\nbefore,B,low\nafter,A,high\n' "$header" >bom.csv
printf '%s\nbefore,B,low\n\xef\xbb\xbfbom-inside,M,low\nafter,A,high\n' "$header" >bom-inside.csv
mkdir missing-column
printf 'registers:\n  columns:\n    "Supplier ID": supplier.id\n    "Risk": profile.importance\n' >missing-column/.clausecheck.yaml
printf 'Supplier ID,Importance\nacme,high\n' >missing-column/register.csv

: >"$tmp/out"
limit=5
[ -n "$WRAP" ] && limit=60 # valgrind starts in seconds; the plain run keeps the 5 s that catches a 10 GB line read through
# run NAME WHERE FILE: the check of FILE with a good register after it (which must still be read);
# an input error must be located (line and column) in the file WHERE
run() {
  local name=$1 where=$2 file=$3
  local rc
  timeout "$limit" $WRAP "$CK" check -p policy.policy --as-of 2026-11-28 "$file" bom.jsonl >"$tmp/one" 2>&1; rc=$?
  [ "$rc" -eq 124 ] && fail "$name: hung (killed after $limit s)"
  [ "$rc" -ge 128 ] && fail "$name: crashed with status $rc"
  [ "$rc" -eq 2 ] || fail "$name: exit $rc, expected 2 (an input error)"
  grep -q "^$where:[0-9]*:[0-9]*: error: " "$tmp/one" || fail "$name: no located error in $where"
  grep -q "^bom.jsonl:2: supplier after" "$tmp/one" || fail "$name: the register after it was not read"
  { echo "== $name (exit $rc)"; LC_ALL=C tr '\0' '@' <"$tmp/one"; } >>"$tmp/out"
}
run "a 10 GB JSON line" long.jsonl long.jsonl
run "a 10 GB CSV row" long.csv long.csv
run "a CSV quote open over 2 MB to the end" long-open-quote.csv long-open-quote.csv
run "a NUL byte in a JSON line" nul.jsonl nul.jsonl
run "quoted CSV fields across lines, one never closed" quoted.csv quoted.csv
run "a byte order mark in the middle of a CSV register" bom-inside.csv bom-inside.csv
run "a column mapping naming a missing column" missing-column/.clausecheck.yaml missing-column/register.csv
run "a NUL byte in a CSV row" nul.csv nul.csv
run "invalid UTF-8 in a CSV row" latin1.csv latin1.csv
run "a JSON line that is a list" list.jsonl list.jsonl
run "a UTF-16 CSV export" utf16.csv utf16.csv
run "a CSV export with CR-only line ends" cr.csv cr.csv
run "a mapped column the header names twice" twice/register.csv twice/register.csv
# a byte order mark at the start is accepted: nothing to report, the records as without it
$WRAP "$CK" check -p policy.policy --as-of 2026-11-28 --fail-on never bom.csv >"$tmp/one" 2>&1 || fail "bom.csv: exit $?"
{ echo "== a byte order mark at the start (exit 0)"; cat "$tmp/one"; } >>"$tmp/out"

cd "$top"
if [ "${UPDATE:-}" = 1 ]; then cp "$tmp/out" "$expected"; fi
diff -u "$expected" "$tmp/out" || fail "the outputs differ from $expected"
exit $status
