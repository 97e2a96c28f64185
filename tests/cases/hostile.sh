#!/bin/bash
# Hostile and broken inputs (tests/hostile/ and layouts built here): each must end with its intended
# exit code, never a crash (status >= 128) or a hang (5 s limit; 20 s for a sanitizer build, which
# runs some inputs, such as a PDF read in a child, several times slower), and with a message naming
# the file.
set -u
hang=5
[ -n "${CK_SANITIZED:-}" ] && hang=20
CK=${CK:-build/clausecheck}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
PY=${PY:-/usr/bin/python3}
status=0 n=0
fail() { echo "FAIL: $*"; status=1; return 1; }  # returns 1 so that a failure inside ( ... ) reaches the caller

# expect NAME EXIT NEEDLE -- CMD...: runs CMD in the current directory and checks the outcome
expect() {
  local name=$1 code=$2 needle=$3; shift 4
  n=$((n + 1))
  local out rc
  out=$(timeout $hang "$@" 2>&1); rc=$?
  if [ "$rc" -eq 124 ]; then fail "$name: hung (killed after $hang s)"; return; fi
  if [ "$rc" -ge 128 ]; then fail "$name: crashed with status $rc"; return; fi
  [ "$rc" -eq "$code" ] || { fail "$name: exit $rc, expected $code: $(printf '%s' "$out" | head -3)"; return; }
  # a clean success may print nothing; every other outcome must name the file
  if [ "$code" -ne 0 ] || [ -n "$needle" ]; then
    case "$out" in *"$name"*) ;; *) fail "$name: output does not name the file: $(printf '%s' "$out" | head -2)"; return ;; esac
  fi
  case "$out" in *"$needle"*) ;; *) fail "$name: output lacks '$needle': $(printf '%s' "$out" | head -4)" ;; esac
}

cd tests/hostile
for f in *.policy *.yaml *.json; do
  [ -e "$f" ] || continue
  code=$(sed -n 's/^exit //p' "${f%.*}.expect")
  needle=$(sed -n 's/^message //p' "${f%.*}.expect")
  case "$f" in
    *.policy) expect "$f" "$code" "$needle" -- "$CK" lint "$f" ;;
    rp-*) expect "$f" "$code" "$needle" -- "$CK" check --as-of 2026-11-28 --fail-on error -p p-parties.policy "$f" ;;
    *) expect "$f" "$code" "$needle" -- "$CK" check --as-of 2026-11-28 --fail-on error "$f" ;;
  esac
done
# party lists too large to keep in git (over 10,000 parties, in one list and across depths)
large=$(mktemp -d)
"$PY" make_inputs.py --large "$large" || fail "make_inputs.py --large failed"
for f in "$large"/rp-*.yaml; do
  b=$(basename "$f")
  (cd "$large" && expect "$b" "$(sed -n 's/^exit //p' "${b%.*}.expect")" "$(sed -n 's/^message //p' "${b%.*}.expect")" \
    -- "$CK" check --as-of 2026-11-28 --fail-on error -p "$OLDPWD/p-parties.policy" "$b") || status=1
  n=$((n + 1))
done
rm -rf "$large"
cd - >/dev/null

# layouts that cannot live in git: symlinks, FIFOs, sockets, devices, oversized files
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo/evidence" "$tmp/outside"
echo secret >"$tmp/outside/secret.pdf"
echo inside >"$tmp/repo/evidence/ok.pdf"
ln -s /etc/passwd "$tmp/repo/evidence/passwd.pdf"
ln -s ../../outside/secret.pdf "$tmp/repo/evidence/up.pdf"
ln -s ../outside "$tmp/repo/linked-dir"
mkfifo "$tmp/repo/evidence/fifo.pdf"
ln -s /dev/null "$tmp/repo/evidence/null.pdf"
ln -s loop-b.pdf "$tmp/repo/evidence/loop-a.pdf"
ln -s loop-a.pdf "$tmp/repo/evidence/loop-b.pdf"
mkdir "$tmp/repo/evidence/dir.pdf"
"$PY" -c "import socket; s = socket.socket(socket.AF_UNIX); s.bind('$tmp/repo/evidence/sock.pdf')"
ln -s ok.pdf "$tmp/repo/evidence/inside-link.pdf"
# what the baseline asks of a low-tier supplier, so that a record passes unless its files fail
lowset='contract: { last_assessed: 2025-02-01 }
clauses:
  security-requirements: { schedule: "Schedule 1" }
  incident-notification: { notify_within: 7d }
  right-to-audit: { frequency: 3y }
  inability-notice: { notify_within: 30d }
questionnaires:
  security-questionnaire: { depth: lite, answered: 2026-06-01, answers: { has_security_policy: true } }'
record() { # NAME FILE: a low-tier record with its tier's light set, naming one evidence file
  printf 'supplier: { id: %s }\nprofile: { supplies: goods, importance: low, data_shared: false, system_access: false, processing: false, cloud: false, location: GB }\nevidence: [ { kind: penetration-test, file: "%s" } ]\n%s\n' "$1" "$2" "$lowset" >"$tmp/repo/$1.yaml"
}
layout() { # NAME FILE EXIT NEEDLE
  record "$1" "$2"
  (cd "$tmp/repo" && expect "$1.yaml" "$3" "$4" -- "$CK" check --as-of 2026-11-28 "$1.yaml") || status=1
  n=$((n + 1))
  rm -f "$tmp/repo/$1.yaml"
}
layout symlink-etc evidence/passwd.pdf 1 evidence-outside-root
layout symlink-up evidence/up.pdf 1 evidence-outside-root
layout symlinked-folder linked-dir/secret.pdf 1 evidence-outside-root
layout fifo evidence/fifo.pdf 1 evidence-not-regular
layout dev-null evidence/null.pdf 1 evidence-outside-root
layout symlink-loop evidence/loop-a.pdf 1 evidence-bad-path
layout directory evidence/dir.pdf 1 evidence-not-regular
layout socket evidence/sock.pdf 1 evidence-not-regular
layout missing evidence/none.pdf 1 evidence-file-missing
layout inside-link evidence/inside-link.pdf 0 "tier low"
layout trailing-slash evidence/ok.pdf/ 1 evidence-bad-path
# contract documents: hostile archives and PDFs, oversized and escaping files, each a located
# document-* finding naming the document's entry in the record, in bounded time
mkdir -p "$tmp/repo/docs"
cp tests/documents/bomb.docx tests/documents/bomb-lying.docx tests/documents/traversal.docx \
   tests/documents/encrypted.docx tests/documents/doctype.docx tests/documents/loop.pdf \
   tests/documents/garbage.pdf "$tmp/repo/docs/"
truncate -s 40M "$tmp/repo/docs/huge.pdf"
ln -s ../../outside/secret.pdf "$tmp/repo/docs/escape.md"
document() { # NAME FILE EXIT NEEDLE: a low-tier record whose one document is FILE
  printf 'supplier: { id: %s }\nprofile: { supplies: goods, importance: low, data_shared: false, system_access: false, processing: false, cloud: false, location: GB }\n' "$1" >"$tmp/repo/$1.yaml"
  printf 'documents: [ { id: contract, file: "%s" } ]\nclauses: { incident-notification: { notify_within: 7d, section: "9.2" } }\n' "$2" >>"$tmp/repo/$1.yaml"
  (cd "$tmp/repo" && expect "$1.yaml" "$3" "$4" -- "$CK" check --as-of 2026-11-28 --fail-on error "$1.yaml") || status=1
  rm -f "$tmp/repo/$1.yaml"
}
document doc-zip-bomb docs/bomb.docx 1 "document-unreadable"
document doc-zip-bomb-lying docs/bomb-lying.docx 1 "inflates past the limit"
document doc-traversal-member docs/traversal.docx 1 "'../../x'"
document doc-encrypted-member docs/encrypted.docx 1 "is encrypted"
document doc-doctype docs/doctype.docx 1 "document-unreadable"
document doc-pdf-loop docs/loop.pdf 1 "document-unreadable"
document doc-pdf-garbage docs/garbage.pdf 1 "document-unreadable"
document doc-over-size-limit docs/huge.pdf 1 "over the limit"
document doc-symlink-out docs/escape.md 1 "document-outside-root"
document doc-missing docs/none.docx 1 "document-file-missing"
document doc-dotdot ../outside/secret.pdf 1 "document-outside-root"
document doc-directory docs 1 "document-unreadable"

# unreadable files: root reads everything, so as root the run drops to nobody (setpriv, from
# util-linux) with a copy of the binary it can reach
echo locked >"$tmp/repo/evidence/locked.pdf"
printf 'supplier: { id: locked-record }\n' >"$tmp/repo/locked-record.yaml"
printf 'policy "Locked"\n' >"$tmp/locked.policy"
chmod 000 "$tmp/repo/evidence/locked.pdf" "$tmp/repo/locked-record.yaml" "$tmp/locked.policy"
as_user=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null; then
    cp "$CK" "$tmp/ck-copy" && chmod 755 "$tmp" "$tmp/ck-copy" "$tmp/repo" "$tmp/repo/evidence"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    echo "note: running as root without setpriv; the unreadable-file cases are skipped"
  fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
  ck_user=$CK
  [ ${#as_user[@]} -gt 0 ] && ck_user=$tmp/ck-copy
  record locked-evidence evidence/locked.pdf
  (cd "$tmp/repo" && expect locked-evidence.yaml 1 "evidence-unreadable" -- "${as_user[@]}" "$ck_user" check --as-of 2026-11-28 locked-evidence.yaml) || status=1
  (cd "$tmp/repo" && expect locked-record.yaml 2 "locked-record.yaml" -- "${as_user[@]}" "$ck_user" check --as-of 2026-11-28 locked-record.yaml) || status=1
  (cd "$tmp" && expect locked.policy 2 "locked.policy" -- "${as_user[@]}" "$ck_user" lint locked.policy) || status=1
  n=$((n + 3))
  rm -f "$tmp/repo/locked-evidence.yaml"
fi
rm -f "$tmp/repo/evidence/locked.pdf" "$tmp/repo/locked-record.yaml" "$tmp/locked.policy"

# inputs that are not regular files, and oversized ones
mkfifo "$tmp/fifo.policy" "$tmp/repo/fifo-record.yaml"
(cd "$tmp" && expect fifo.policy 2 "not a regular file" -- "$CK" lint fifo.policy)
mkdir "$tmp/dir.policy"
(cd "$tmp" && expect dir.policy 2 "directory" -- "$CK" lint dir.policy)
(cd "$tmp/repo" && expect fifo-record.yaml 2 "not a regular file" -- "$CK" check --as-of 2026-11-28 fifo-record.yaml)
rm -f "$tmp/repo/fifo-record.yaml"
"$PY" -c "print('supplier: { id: big }\n' + '# padding\n' * 120000)" >"$tmp/repo/big.yaml"
(cd "$tmp/repo" && expect big.yaml 2 "too large" -- "$CK" check --as-of 2026-11-28 big.yaml)
rm -f "$tmp/repo/big.yaml"
"$PY" -c "print('policy \"big\"\n' + '# padding line\n' * 320000)" >"$tmp/big.policy"
(cd "$tmp" && expect big.policy 2 "too large" -- "$CK" lint big.policy)
(cd "$tmp" && expect missing.policy 2 "cannot read policy" -- "$CK" lint missing.policy)
# a broken record beside good ones: the good ones are still checked and the run exits 2
printf 'supplier: [unclosed\n' >"$tmp/repo/broken.yaml"
record fine evidence/ok.pdf
out=$(cd "$tmp/repo" && timeout $hang "$CK" check --as-of 2026-11-28 . 2>&1); rc=$?
n=$((n + 1))
[ "$rc" -eq 2 ] || fail "broken beside good: exit $rc, expected 2"
case "$out" in *"fine.yaml: supplier fine"*) ;; *) fail "broken beside good: the good record was not reported" ;; esac
case "$out" in *"broken.yaml:2:"*) ;; *) fail "broken beside good: the broken record's error has no location" ;; esac
# inputs are never written to
before=$(find "$tmp/repo" -type f -exec sha256sum {} + 2>/dev/null | sort | sha256sum)
(cd "$tmp/repo" && "$CK" check --as-of 2026-11-28 -f json -o "$tmp/out.json" . >/dev/null 2>&1)
after=$(find "$tmp/repo" -type f -exec sha256sum {} + 2>/dev/null | sort | sha256sum)
n=$((n + 1))
[ "$before" = "$after" ] || fail "check changed files in the repository it read"

# walks: every entry a walk does not check is ignored by a documented rule (hidden, excluded, not a
# record's name, a symlink loop) or reported with its name, and a run that found no record at all
# is an input error (docs/records.md#what-check-reads)
w=$tmp/walks
mkdir -p "$w" "$tmp/elsewhere"
printf '# the walk cases share this root\n' >"$w/.clausecheck.yaml"
low='profile: { supplies: goods, importance: low, data_shared: false, system_access: false, processing: false, cloud: false, location: GB }'
lowrec() { mkdir -p "$(dirname "$1")" && printf 'supplier: { id: %s }\n%s\n%s\n' "$2" "$low" "$lowset" >"$1"; }
# walk NAME EXIT NEEDLE [OPTIONS...]: checks the folder NAME from $w
walk() {
  local name=$1 code=$2 needle=$3; shift 3
  (cd "$w" && expect "$name" "$code" "$needle" -- "${as_user[@]}" "$ck_user" check --as-of 2026-11-28 "$@" "$name") || status=1
  n=$((n + 1))
}
ck_user=$CK; as_user=()
mkdir "$w/empty"
walk empty 2 "no records found under empty"
out=$(cd "$w" && "$CK" check --as-of 2026-11-28 --allow-empty empty 2>&1); rc=$?; n=$((n + 1))
[ "$rc" -eq 0 ] && [[ "$out" == *"checked 0 suppliers"* ]] || fail "--allow-empty on an empty folder: exit $rc: $out"
# a path that cannot be read is one input error, not also "no records found"
out=$(cd "$w" && "$CK" check --as-of 2026-11-28 no-such-record.yaml 2>&1); rc=$?; n=$((n + 1))
[ "$rc" -eq 2 ] && [[ "$out" == *"input errors: 1"* ]] && [[ "$out" != *"no records found"* ]] ||
  fail "an unreadable path: exit $rc: $out"
# an empty register: no records found, with a register's hint
: >"$w/empty.jsonl"
out=$(cd "$w" && "$CK" check --as-of 2026-11-28 empty.jsonl 2>&1); rc=$?; n=$((n + 1))
[ "$rc" -eq 2 ] && [[ "$out" == *"no records found under empty.jsonl"*"a register holds a record a row"* ]] ||
  fail "an empty register: exit $rc: $out"
lowrec "$w/hidden-only/.draft.yaml" hidden
walk hidden-only 2 "skipped: 1 hidden"
lowrec "$w/upper/contract.YAML" upper
walk upper 2 "upper/contract.YAML: error: a record extension in other letter case: not checked"
mkdir "$w/fifo" && mkfifo "$w/fifo/x.yaml"
walk fifo 2 "fifo/x.yaml: error: not a regular file (a FIFO): not checked"
mkdir "$w/socket" && "$PY" -c "import socket; socket.socket(socket.AF_UNIX).bind('$w/socket/s.yaml')"
walk socket 2 "not a regular file (a socket)"
if [ "$(id -u)" = 0 ]; then
  mkdir "$w/device" && mknod "$w/device/null.yaml" c 1 3 && walk device 2 "not a regular file (a device)"
fi
# a record under a path longer than PATH_MAX (4096 bytes), made one folder at a time
"$PY" - "$w" <<'PYEOF'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
os.mkdir("long", dir_fd=fd); fd = os.open("long", os.O_RDONLY, dir_fd=fd)
for i in range(22):
    name = chr(ord("a") + i) * 200
    os.mkdir(name, dir_fd=fd)
    fd = os.open(name, os.O_RDONLY, dir_fd=fd)
with os.fdopen(os.open("deep.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
    f.write("supplier: { id: deep }\n")
PYEOF
walk long 2 "path too long"
lowrec "$w/targets/inside.yaml" linked-inside
mkdir "$w/links" && ln -s ../targets "$w/links/folder" && ln -s ../targets/inside.yaml "$w/links/record.yaml"
walk links 0 "supplier linked-inside"
lowrec "$tmp/elsewhere/outside.yaml" outside
mkdir "$w/out-record" && ln -s "$tmp/elsewhere/outside.yaml" "$w/out-record/outside.yaml"
walk out-record 2 "out-record/outside.yaml: error: symbolic link leads outside the repository root"
mkdir "$w/out-folder" && ln -s ../../elsewhere "$w/out-folder/shared"
walk out-folder 2 "out-folder/shared: error: symbolic link leads outside the repository root"
mkdir "$w/broken" && ln -s nowhere.yaml "$w/broken/gone.yaml"
walk broken 2 "broken/gone.yaml: error: symbolic link leads nowhere"
lowrec "$w/loop/ok.yaml" loop-ok && ln -s . "$w/loop/again"
walk loop 0 "skipped: 1 in a symlink loop"
deep=$w/deep; for i in $(seq 66); do deep=$deep/d; done
lowrec "$deep/bottom.yaml" bottom
walk deep 2 "folders nested too deeply (more than 64 levels): not walked"
# a nested repository whose config file excludes patterns relative to its own root
mkdir -p "$w/nested/drafts"
printf 'exclude: [drafts, "*.old.yaml"]\n' >"$w/nested/.clausecheck.yaml"
lowrec "$w/nested/kept.yaml" kept; lowrec "$w/nested/drafts/a.yaml" draft; lowrec "$w/nested/b.old.yaml" old
printf 'notes\n' >"$w/nested/README.md"
walk nested 0 "skipped: 1 hidden, 2 excluded, 1 without a record extension"
# config files that cannot be used: every record under them is left unchecked, and the run says why
mkdir -p "$w/bad-config/sub" && lowrec "$w/bad-config/sub/r.yaml" bad-config
printf 'policies: [x.policy]\nfail-on: sometimes\nexlude: [a]\n' >"$w/bad-config/.clausecheck.yaml"
walk bad-config 2 "bad-config/.clausecheck.yaml:2:10: error: unknown fail-on level 'sometimes'"
walk bad-config 2 "bad-config/.clausecheck.yaml:3:1: error: unknown config key 'exlude'"
mkdir -p "$w/yaml-config" && lowrec "$w/yaml-config/r.yaml" yaml-config
printf 'exclude: [unclosed\n' >"$w/yaml-config/.clausecheck.yaml"
walk yaml-config 2 "yaml-config/.clausecheck.yaml:2:1: error: invalid YAML"
mkdir -p "$w/fifo-config" && lowrec "$w/fifo-config/r.yaml" fifo-config && mkfifo "$w/fifo-config/.clausecheck.yaml"
walk fifo-config 2 "fifo-config/.clausecheck.yaml: error: config file is not a regular file"
mkdir -p "$w/dir-config/.clausecheck.yaml" && lowrec "$w/dir-config/r.yaml" dir-config
walk dir-config 2 "dir-config/.clausecheck.yaml: error: config file is a directory"
"$PY" -c "print('# padding\n' * 10000)" >"$w/big.yaml.tmp"
mkdir -p "$w/big-config" && mv "$w/big.yaml.tmp" "$w/big-config/.clausecheck.yaml" && lowrec "$w/big-config/r.yaml" big
walk big-config 2 "config file is too large"
# an unreadable folder: as root the walk runs as nobody (see the unreadable files above)
if [ "$(id -u)" != 0 ] || [ -n "$(command -v setpriv)" ]; then
  lowrec "$w/locked/sealed/r.yaml" locked && lowrec "$w/locked/open.yaml" open
  chmod 000 "$w/locked/sealed"
  if [ "$(id -u)" = 0 ]; then
    cp "$CK" "$tmp/ck-walk" && chmod 755 "$tmp" "$tmp/ck-walk" && chmod -R o+rX "$w" 2>/dev/null; chmod 000 "$w/locked/sealed"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups); ck_user=$tmp/ck-walk
  fi
  walk locked 2 "locked/sealed: error: cannot read folder: Permission denied"
  chmod 755 "$w/locked/sealed"; as_user=(); ck_user=$CK
fi
echo "hostile inputs: $n"
[ "$n" -ge 60 ] || fail "fewer than 60 hostile inputs ($n)"
exit $status
