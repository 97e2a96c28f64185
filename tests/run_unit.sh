#!/bin/sh
# Runs each cmocka runner given; fails if any fails. Each runner prints its own summary.
status=0
for t in "$@"; do
  "$t" || status=1
done
exit $status
