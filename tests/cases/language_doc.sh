#!/bin/bash
# Every ```policy block of docs/language.md is a complete policy: it lints with no diagnostic at all,
# its test blocks pass, and its fmt output lints clean too. ```policy-fragment blocks are not run.
# A block preceded by the line '<!-- file: NAME.policy -->' is saved under that name, so that
# later blocks can import it; the others are saved as block-LINE.policy (LINE: its line in the doc).
# A block that shows a warning on purpose is preceded by '<!-- expect-warning: TEXT -->': it must
# then lint with exit 0, no error, and every warning line containing TEXT.
set -u
CK=${CK:-build/clausecheck}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
cd "$(dirname "$0")/../.." || exit 2
doc=${LANGUAGE_DOC:-docs/language.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

[ -f "$doc" ] || { echo "FAIL: $doc is missing"; exit 1; }

# Extract: one file per block, and a list "LINE<TAB>FILE" in document order.
awk -v dir="$tmp" '
  /^<!-- file: [A-Za-z0-9_.-]+\.policy -->$/ { name = $3; next }
  /^<!-- expect-warning: .* -->$/ { warn = $0; sub(/^<!-- expect-warning: /, "", warn); sub(/ -->$/, "", warn); next }
  !inblock && /^```policy[ \t]*$/ {
    inblock = 1; start = NR
    file = (name != "") ? name : sprintf("block-%d.policy", NR)
    name = ""
    printf "" > (dir "/" file)
    print start "\t" file "\t" warn > (dir "/.list")
    warn = ""
    next
  }
  inblock && /^```[ \t]*$/ { inblock = 0; close(dir "/" file); next }
  inblock { print > (dir "/" file); next }
  /^```/ { name = ""; warn = "" }
  END { if (inblock) { print "unclosed ```policy block at line " start > "/dev/stderr"; exit 1 } }
' "$doc" || { echo "FAIL: cannot extract the policy blocks of $doc"; exit 1; }

[ -s "$tmp/.list" ] || { echo "FAIL: $doc has no \`\`\`policy blocks"; exit 1; }

n=0
# clean LINT-OUTPUT EXIT WARN: whether lint said nothing, or only the expected warning
clean() {
  [ "$2" -eq 0 ] || return 1
  [ -z "$3" ] && { [ -z "$1" ]; return; }
  ! grep -q 'error:' <<<"$1" && grep -q "warning: .*$3" <<<"$1" && ! grep 'warning:' <<<"$1" | grep -vq -- "$3"
}

while IFS=$'\t' read -r line file warn; do
  n=$((n + 1))
  p="$tmp/$file"
  where="$doc:$line (\`\`\`policy block)"
  out=$(cd "$tmp" && NO_COLOR=1 "$CK" lint "$file" 2>&1); rc=$?
  if ! clean "$out" "$rc" "$warn"; then
    fail "$where does not lint clean${warn:+ but for the expected warning} (exit $rc):"
    printf '%s\n' "$out" | head -20 | sed 's/^/    /'
    continue
  fi
  if grep -q '^[[:space:]]*test[[:space:]]*"' "$p"; then
    out=$(cd "$tmp" && NO_COLOR=1 "$CK" test "$file" 2>&1); rc=$?
    if [ "$rc" -ne 0 ]; then
      fail "$where: its tests do not pass (exit $rc):"
      printf '%s\n' "$out" | head -20 | sed 's/^/    /'
    fi
  fi
  # the formatted copy sits beside the original, so that its imports resolve the same way
  fmtd="$(dirname "$p")/.fmt-$(basename "$file")"
  if ! "$CK" fmt "$p" >"$fmtd" 2>"$tmp/fmterr"; then
    fail "$where: fmt fails:"; sed 's/^/    /' "$tmp/fmterr"
    continue
  fi
  out=$(NO_COLOR=1 "$CK" lint "$fmtd" 2>&1); rc=$?
  if ! clean "$out" "$rc" "$warn"; then
    fail "$where: its fmt output does not lint clean (exit $rc):"
    printf '%s\n' "$out" | head -20 | sed 's/^/    /'
  fi
  if ! "$CK" fmt --check "$fmtd" >/dev/null 2>&1; then
    fail "$where: fmt is not a fixed point on it"
  fi
  rm -f "$fmtd"
done <"$tmp/.list"

[ "$status" -eq 0 ] && echo "$n policy blocks of $doc lint clean"
exit $status
