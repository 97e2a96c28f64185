#!/bin/bash
# Memory stays flat as records grow: peak RSS for 10,000 records within 10% of 1,000 records.
set -eu
if [ -n "${CK_SANITIZED:-}" ]; then
  echo "skipped: AddressSanitizer's quarantine holds freed memory by design; measured in the plain build"
  exit 0
fi
CK=${CK:-build/clausecheck}
PY=${PY:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" scripts/gen_records.py "$tmp/r1000" 1000
"$PY" scripts/gen_records.py "$tmp/r10000" 10000
peak() {
  "$PY" - "$CK" "$1" <<'PYEOF'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "check", "--as-of", "2026-11-28", "-f", "json", sys.argv[2]],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PYEOF
}
small=$(peak "$tmp/r1000")
large=$(peak "$tmp/r10000")
echo "peak RSS: 1,000 records ${small} KiB; 10,000 records ${large} KiB"
# within 10%
if [ $((large * 10)) -gt $((small * 11)) ]; then
  echo "memory grew with the number of records"
  exit 1
fi
