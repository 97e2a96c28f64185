# Sourced by the scripted cases in tests/cases/: the binary as an absolute path (the cases may
# change directory), the wrapper the runner asks for (valgrind, or nothing), the Python to use,
# and a scratch folder that is removed however the case ends.
set -u
CK=${CK:-build/clausecheck}
case "$CK" in /*) ;; *) CK="$PWD/$CK" ;; esac
WRAP=${WRAP:-}
PY=${PY:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
