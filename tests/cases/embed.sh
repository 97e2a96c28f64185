#!/bin/bash
# The embedding example builds against the shared library and the public header alone, runs, and
# renders exactly the report the command renders for the same record: the library is the checker,
# not a second one. Also: the shared library exports the public API and nothing else.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
build=$(dirname "$CK")
[ -e "$build/libclausecheck.so" ] || { echo "FAIL: $build/libclausecheck.so is not built (make all builds it)"; exit 1; }
CCX=${CC:-cc}
# shellcheck disable=SC2086 # the sanitizer flags are words
$CCX -std=c17 -Wall -Wextra -Werror ${CK_SANFLAGS:-} -Iinclude examples/embed/check_record.c -L"$build" -lclausecheck \
  -Wl,-rpath,"$build" -o "$tmp/check_record" 2>"$tmp/cc.err" || { fail "the embed example does not build: $(cat "$tmp/cc.err")"; exit 1; }
cd examples/contracts
for rec in saas/ledgerline-payroll.yaml saas/orbit-analytics.json services/greenleaf-catering.yaml; do
  $WRAP "$tmp/check_record" ../organisation.policy "$rec" . >"$tmp/out" 2>"$tmp/err"; rc=$?
  "$CK" check --as-of 2026-11-28 -f json -p ../organisation.policy --root . "$rec" >"$tmp/cli.json"; cli=$?
  [ "$rc" = "$cli" ] || fail "$rec: the example exited $rc, the command $cli"
  sed -n '/^{"schema_version"/,$p' "$tmp/out" >"$tmp/lib.json"
  cmp -s "$tmp/lib.json" "$tmp/cli.json" || fail "$rec: the library's JSON report differs from the command's: $(diff "$tmp/lib.json" "$tmp/cli.json" | head -5)"
  head -1 "$tmp/out" | grep -q "tier " || fail "$rec: no tier line: $(head -2 "$tmp/out")"
done
# a record that is not a record: exit 2 with a located diagnostic
printf 'supplier: { id: x\n' >"$tmp/broken.yaml"
"$tmp/check_record" ../organisation.policy "$tmp/broken.yaml" >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" = 2 ] || fail "a broken record exited $rc, expected 2"
grep -q "broken.yaml:2:1: error: invalid YAML" "$tmp/err" || fail "a broken record's diagnostic: $(cat "$tmp/err")"
cd - >/dev/null
exported=$(nm -D --defined-only "$build/libclausecheck.so" | awk '$2 == "T" {print $3}' | grep -v '^clausecheck_' | head -3)
[ -z "$exported" ] || fail "the shared library exports more than the API: $exported"
declared=$(grep -oE '\bclausecheck_[a-z_]+\(' include/clausecheck.h | tr -d '(' | sort -u)
defined=$(nm -D --defined-only "$build/libclausecheck.so" | awk '$2 == "T" {print $3}' | sed 's/@.*//' | sort -u)
[ "$declared" = "$defined" ] || fail "header and library disagree: $(diff <(echo "$declared") <(echo "$defined"))"
objdump -p "$build/libclausecheck.so" | grep -q "SONAME *libclausecheck.so.0" || fail "no soname libclausecheck.so.0"
echo "embed: the example and the command agree on 3 records; $(echo "$defined" | wc -l) symbols exported"
exit $status
