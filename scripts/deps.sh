#!/bin/sh
# Checks (and, as root, installs) the Debian packages clausecheck needs to build and test.
# Usage: scripts/deps.sh build|test|fuzz
set -eu
need_build="gcc make flex bison pkg-config libyaml-dev libyajl-dev libssl-dev libjansson-dev unicode-data libzip-dev libxml2-dev libpoppler-glib-dev"
need_test="libcmocka-dev python3-jsonschema python3-yaml python3-icalendar libxml2-utils valgrind vim chromium nodejs bsdutils patch zsh fish"
case "${1:-build}" in
  build) want="$need_build" ;;
  test)  want="$need_build $need_test" ;;
  fuzz)  want="$need_build clang" ;;   # libFuzzer ships with Debian's clang
  *) echo "usage: $0 build|test|fuzz" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
# the SARIF validator and the editor grammar tests install their tools with npm (node comes with it)
if [ "${1:-build}" = test ] && ! command -v npm >/dev/null 2>&1; then
  missing="$missing npm"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "clausecheck: installing missing Debian packages:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >&2
else
  echo "clausecheck: missing Debian packages:$missing" >&2
  echo "install them with:  sudo apt-get install -y$missing" >&2
  exit 1
fi
