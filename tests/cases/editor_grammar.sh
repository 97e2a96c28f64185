#!/bin/bash
# The editor grammars follow the language: the VS Code TextMate grammar, run by the engine VS Code
# uses (vscode-textmate + vscode-oniguruma, pinned in tests/editors/package-lock.json), gives the
# scopes of the golden files in tests/editors/grammar/, tokenises every shipped policy without an
# invalid or unscoped token, and its keywords, like the Vim syntax's, are exactly the lexer's.
# Vim, started without any configuration of its own, detects the file type, highlights the golden
# files as tests/editors/grammar/*.vim-syntax say, and its indent script re-indents them as fmt does.
# UPDATE=1 rewrites the golden .scopes and .vim-syntax files.
. tests/lib/case_env.sh
prefix=$PWD/build/npm-textmate
modules=$prefix/node_modules
if [ ! -e "$modules/vscode-textmate/package.json" ] || [ ! -e "$modules/vscode-oniguruma/package.json" ] \
   || ! cmp -s tests/editors/package-lock.json "$prefix/package-lock.json"; then
  command -v npm >/dev/null || { echo "FAIL: npm is missing: install it with  sudo apt-get install -y npm"; exit 1; }
  rm -rf "$prefix" && mkdir -p "$prefix"
  cp tests/editors/package.json tests/editors/package-lock.json "$prefix/"
  (cd "$prefix" && npm ci --no-audit --no-fund) >"$prefix.log" 2>&1 \
    || { echo "FAIL: npm ci of the grammar test tools failed:"; tail -5 "$prefix.log"; exit 1; }
fi
tok() { node tests/editors/tokenize.js "$modules" "$@"; }
status=0

tok keywords || status=1

for p in tests/editors/grammar/*.policy; do
  expected=${p%.policy}.scopes
  tok scopes "$p" >"$tmp/scopes" || { echo "FAIL: tokenising $p"; status=1; continue; }
  if [ "${UPDATE:-}" = 1 ]; then cp "$tmp/scopes" "$expected"; continue; fi
  diff -u "$expected" "$tmp/scopes" >"$tmp/diff" || { echo "FAIL: scopes of $p"; head -40 "$tmp/diff"; status=1; }
done

tok check policies/*.policy examples/*.policy || status=1

command -v vim >/dev/null || { echo "FAIL: vim is missing: install it with  sudo apt-get install -y vim"; exit 1; }
for p in tests/editors/grammar/*.policy; do
  expected=${p%.policy}.vim-syntax
  vim -N -u NONE -i NONE -es -c "let g:out = '$tmp/vim'" -S tests/editors/vim_syntax.vim "$p" </dev/null >/dev/null 2>&1
  [ -s "$tmp/vim" ] || { echo "FAIL: vim did not run tests/editors/vim_syntax.vim on $p"; status=1; continue; }
  # the re-indented text is the file itself: the golden holds only the highlighting
  sed -n '/^--- re-indented$/,$p' "$tmp/vim" | tail -n +2 >"$tmp/reindented"
  sed '/^--- re-indented$/,$d' "$tmp/vim" >"$tmp/syntax"
  # (declarations.policy is laid out as fmt writes it; the others hold block comments and errors)
  if [ "$p" = tests/editors/grammar/declarations.policy ] && ! diff -u "$p" "$tmp/reindented" >"$tmp/diff"; then
    echo "FAIL: vim re-indents $p differently"; head -20 "$tmp/diff"; status=1
  fi
  if [ "${UPDATE:-}" = 1 ]; then cp "$tmp/syntax" "$expected"; rm -f "$tmp/vim"; continue; fi
  diff -u "$expected" "$tmp/syntax" >"$tmp/diff" || { echo "FAIL: vim highlighting of $p"; head -40 "$tmp/diff"; status=1; }
  rm -f "$tmp/vim"
done
exit $status
