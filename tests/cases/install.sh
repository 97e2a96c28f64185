#!/bin/bash
# make install into a temporary DESTDIR, then use only what was installed: the command from an
# empty folder (an `import "baseline.policy"` found among the installed policies, the man page),
# and a program built against the installed header and library through pkg-config. make uninstall
# then leaves no file behind.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
build=$(dirname "$CK")
dest="$tmp/dest" prefix=/opt/cc
make -s --no-print-directory BUILD="$build" DESTDIR="$dest" PREFIX="$prefix" install >"$tmp/install.log" 2>&1 \
  || { fail "make install: $(tail -5 "$tmp/install.log")"; exit 1; }
root="$dest$prefix"
ninstalled=$(find "$dest" -type f -o -type l | wc -l)
for f in bin/clausecheck share/man/man1/clausecheck.1 include/clausecheck.h lib/libclausecheck.so.0 \
         lib/libclausecheck.a lib/pkgconfig/clausecheck.pc share/clausecheck/policies/baseline.policy \
         share/doc/clausecheck/language.md share/bash-completion/completions/clausecheck \
         share/zsh/site-functions/_clausecheck share/fish/vendor_completions.d/clausecheck.fish; do
  [ -e "$root/$f" ] || fail "make install did not install $f"
done
# the installed command, run from an empty folder with nothing of the source tree in reach
work="$tmp/work"
mkdir -p "$work"
cat >"$work/mine.policy" <<'EOF'
import "baseline.policy"
import "dora-art30.policy"
import "gdpr-art28.policy"

policy "Mine" version "1"
EOF
cp examples/contracts/services/greenleaf-catering.yaml "$work/"
mkdir -p "$work/documents/greenleaf" # the record names its contract, which the check reads
cp examples/contracts/documents/greenleaf/catering-agreement.md "$work/documents/greenleaf/"
(cd "$work" && env -i PATH=/usr/bin:/bin "$root/bin/clausecheck" lint mine.policy) >"$tmp/out" 2>&1 \
  || fail "the installed command cannot import the installed baseline: $(cat "$tmp/out")"
(cd "$work" && env -i PATH=/usr/bin:/bin "$root/bin/clausecheck" check --as-of 2026-11-28 -p mine.policy greenleaf-catering.yaml) \
  >"$tmp/out" 2>&1 || fail "the installed command's check: $(cat "$tmp/out")"
grep -q "tier low" "$tmp/out" || fail "the installed command's check said: $(head -3 "$tmp/out")"
if command -v man >/dev/null; then
  MANPATH="$root/share/man" man -w clausecheck >/dev/null 2>&1 || fail "man does not find the installed page"
fi
# the installed page carries the options the build wrote in from the command table
grep -q '^\.SH OPTIONS' "$root/share/man/man1/clausecheck.1" && grep -qF '\fB\-\-fail\-on\fR' "$root/share/man/man1/clausecheck.1" \
  && ! grep -q '@OPTIONS@\|@SYNOPSIS@' "$root/share/man/man1/clausecheck.1" || fail "the installed man page lacks its OPTIONS"
# the installed bash completion, loaded as bash-completion loads it, completes the installed command
reply=$(env -i PATH="$root/bin:/usr/bin:/bin" bash -c 'source "$1"; COMP_WORDS=(clausecheck check --fail); COMP_CWORD=2
        _clausecheck; echo "${COMPREPLY[*]}"' _ "$root/share/bash-completion/completions/clausecheck" 2>&1)
[ "$reply" = --fail-on ] || fail "the installed bash completion completed 'check --fail' to '$reply'"
# CLAUSECHECK_PATH comes first
mkdir -p "$tmp/shadow"
printf 'policy "Shadow" version "1"\nprofile { x : bool "x" }\ntiers low\ntier low otherwise\n' >"$tmp/shadow/baseline.policy"
printf 'import "baseline.policy"\npolicy "Base only" version "1"\n' >"$work/base-only.policy"
(cd "$work" && CLAUSECHECK_PATH="$tmp/shadow" "$root/bin/clausecheck" requirements -p base-only.policy --tier low) >"$tmp/out" 2>&1
grep -q "No requirements apply" "$tmp/out" || fail "CLAUSECHECK_PATH was not searched first: $(head -3 "$tmp/out")"
# a program built against the installed header and library alone
if command -v pkg-config >/dev/null; then
  flags=$(PKG_CONFIG_PATH="$root/lib/pkgconfig" pkg-config --define-variable=prefix="$root" --define-variable=libdir="$root/lib" \
          --cflags --libs clausecheck) || fail "pkg-config does not know the installed clausecheck.pc"
  # shellcheck disable=SC2086 # flags are words
  ${CC:-cc} -std=c17 ${CK_SANFLAGS:-} examples/embed/check_record.c $flags -Wl,-rpath,"$root/lib" -o "$tmp/embed" 2>"$tmp/cc.err" \
    || fail "the example does not build against the installed library: $(cat "$tmp/cc.err")"
  (cd "$work" && "$tmp/embed" mine.policy greenleaf-catering.yaml) >"$tmp/out" 2>&1
  grep -q "^greenleaf-catering: tier low" "$tmp/out" || fail "the example against the installed library said: $(head -3 "$tmp/out")"
  ldd "$tmp/embed" | grep -q "$root/lib/libclausecheck.so.0" || fail "the example is not linked to the installed library"
fi
make -s --no-print-directory BUILD="$build" DESTDIR="$dest" PREFIX="$prefix" uninstall >"$tmp/uninstall.log" 2>&1 \
  || fail "make uninstall: $(tail -5 "$tmp/uninstall.log")"
left=$(find "$dest" -type f -o -type l)
[ -z "$left" ] && echo "install: $ninstalled files installed under $prefix, used from there, uninstalled to nothing" \
  || fail "make uninstall left: $left"
exit $status
