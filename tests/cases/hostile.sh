#!/bin/bash
# Hostile and broken inputs (tests/hostile/ and layouts built here): each must end with its intended
# exit code, never a crash (status >= 128) or a hang (5 s limit), and with a message naming the file.
set -u
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
  out=$(timeout 5 "$@" 2>&1); rc=$?
  if [ "$rc" -eq 124 ]; then fail "$name: hung (killed after 5 s)"; return; fi
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
record() { # NAME FILE: a low-tier record with its tier's light set, naming one evidence file
  printf 'supplier: { id: %s }\nprofile: { supplies: goods, importance: low, data_shared: false, system_access: false, processing: false, cloud: false, location: GB }\nevidence: [ { kind: penetration-test, file: "%s" } ]\n' "$1" "$2" >"$tmp/repo/$1.yaml"
  cat >>"$tmp/repo/$1.yaml" <<'EOF'
contract: { last_assessed: 2025-02-01 }
clauses:
  security-requirements: { schedule: "Schedule 1" }
  incident-notification: { notify_within: 7d }
  right-to-audit: { frequency: 3y }
  inability-notice: { notify_within: 30d }
questionnaires:
  security-questionnaire: { depth: lite, answers: { has_security_policy: true } }
EOF
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
out=$(cd "$tmp/repo" && timeout 5 "$CK" check --as-of 2026-11-28 . 2>&1); rc=$?
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
echo "hostile inputs: $n"
[ "$n" -ge 60 ] || fail "fewer than 60 hostile inputs ($n)"
exit $status
