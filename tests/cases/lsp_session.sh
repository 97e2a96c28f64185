#!/bin/bash
# `clausecheck lsp` driven through whole sessions by a scripted client over pipes (tests/lsp/session.py):
# open, edit with an error, fix, format, hover, definition across an import, references, completion,
# outline, shutdown and exit; then malformed frames and JSON, unknown methods, lifecycle misuse.
. tests/lib/case_env.sh
# shellcheck disable=SC2086
"$PY" tests/lsp/session.py "$CK" $WRAP
