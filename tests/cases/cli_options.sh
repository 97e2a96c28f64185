#!/bin/bash
# Every option of the command table, as --help lists it, is parsed by its command, and appears in
# the man page's SYNOPSIS and OPTIONS and in the bash, zsh and fish completions the build wrote;
# the bash completion, run, completes commands, options, formats and the policy's tiers.
source "$(dirname "$0")/../lib/case_env.sh"
status=0
fail() { echo "FAIL: $*"; status=1; }
build=$(dirname "$CK")
man=$build/clausecheck.1 bash_c=$build/completions/clausecheck.bash
zsh_c=$build/completions/_clausecheck fish_c=$build/completions/clausecheck.fish
for f in "$man" "$bash_c" "$zsh_c" "$fish_c"; do [ -s "$f" ] || { fail "the build did not write $f"; exit 1; }; done

# roff's spelling of an option's name: \fB\-\-as\-of\fR
roff() { printf '\\fB%s\\fR' "$(printf '%s' "$1" | sed 's/-/\\-/g')"; }
# the lines of a man page section .SS CMD (OPTIONS), and of the synopsis of CMD
man_options() { awk -v c="$1" '/^\.S[SH] /{on = ($0 == ".SS " c)} on' "$man"; }
man_synopsis() { awk -v c="$1" '/^\.B clausecheck /{on = ($0 == ".B clausecheck " c); next} /^\.(br|SH|hy)/{on=0} on' "$man"; }
# the case branch of CMD in a bash or zsh completion
case_branch() { awk -v c="    $2)" '$0 == c {on=1; next} /^    [a-z]+\)$/ || /^    esac/ {on=0} on' "$1"; }

commands=$("$CK" help | sed -n 's/^  clausecheck \([a-z]*\).*/\1/p')
[ "$(echo "$commands" | wc -l)" -ge 12 ] || fail "the global help lists only: $commands"
noptions=0
repo=$PWD
cd "$tmp" || exit 1
for cmd in $commands; do
  "$CK" help "$cmd" >"$tmp/help" || fail "help $cmd"
  "$CK" "$cmd" --help | cmp -s - "$tmp/help" || fail "$cmd --help differs from help $cmd"
  grep -q "^\.B clausecheck $cmd\$" "$man" || fail "the man page's synopsis lacks $cmd"
  grep -q "^\.SS $cmd\$" "$man" || fail "the man page's OPTIONS lacks $cmd"
  grep -q "^    $cmd)\$" "$bash_c" || fail "the bash completion lacks $cmd"
  grep -q "^        '$cmd:" "$zsh_c" || fail "the zsh completion lacks $cmd"
  grep -q "__fish_use_subcommand -a $cmd " "$fish_c" || fail "the fish completion lacks $cmd"
  # "  -p, --policy POLICY   ..." or "      --as-of DATE   ..."
  while IFS='|' read -r short long value; do
    noptions=$((noptions + 1))
    args=("--$long"); [ -n "$value" ] && args+=(x)
    # lsp without --help would serve standard input; every other option is parsed, not rejected
    if [ "$cmd" != lsp ] || [ "$long" = help ]; then
      "$CK" "$cmd" "${args[@]}" </dev/null >/dev/null 2>"$tmp/err"
      grep -q "unknown option" "$tmp/err" && fail "$cmd does not parse --$long"
    fi
    man_options "$cmd" | grep -qF "$(roff "--$long")" || fail "man OPTIONS of $cmd lacks --$long"
    if [ "$long" != help ]; then
      want=$(roff "${short:+-$short}"); [ -z "$short" ] && want=$(roff "--$long")
      man_synopsis "$cmd" | grep -qF "$want" || fail "man SYNOPSIS of $cmd lacks ${short:+-$short }--$long"
    fi
    case_branch "$bash_c" "$cmd" | grep -q "^        opts='.*--$long\\b" || fail "bash completion of $cmd lacks --$long"
    case_branch "$zsh_c" "$cmd" | grep -qE "(--$long\\[|,--$long\\})" || fail "zsh completion of $cmd lacks --$long"
    grep -qE "^complete -c clausecheck -n '__fish_seen_subcommand_from $cmd'( -s $short)? -l $long( |$)" "$fish_c" \
      || fail "fish completion of $cmd lacks ${short:+-$short }--$long"
    if [ -n "$short" ]; then
      "$CK" "$cmd" "-$short" ${value:+x} </dev/null >/dev/null 2>"$tmp/err"
      grep -q "unknown option" "$tmp/err" && fail "$cmd does not parse -$short"
      case_branch "$bash_c" "$cmd" | grep -q "^        opts='.*-$short " || fail "bash completion of $cmd lacks -$short"
    fi
  done < <(sed -nE 's/^  (-(.), |    )--([a-z-]+)( ([A-Z]+))?( .*)?$/\2|\3|\5/p' "$tmp/help")
done
[ "$noptions" -ge 50 ] || fail "only $noptions options were found in the help"

# README's command section names only options its commands have
readme=$(awk '/^## Command line/{on=1} on && /^```$/{n++; if (n == 2) exit; next} on && n == 1' "$repo/README.md")
[ -n "$readme" ] || fail "README.md has no command section"
while read -r cmd rest; do
  "$CK" help "$cmd" >"$tmp/help" 2>/dev/null || { fail "README names a command '$cmd' that does not exist"; continue; }
  for opt in $(printf '%s\n' "$rest" | sed 's/#.*//' | grep -oE '(^|[][ |])--?[a-zA-Z][a-z-]*' | sed 's/^[][ |]//'); do
    grep -qE -- "(^| )$opt[ ,]|(^| )$opt\$" "$tmp/help" || fail "README shows $cmd $opt, which its --help does not list"
  done
done < <(printf '%s\n' "$readme" | awk '/^clausecheck /{cmd = $2; sub(/^clausecheck [a-z]+/, ""); print cmd, $0; next} {print cmd, $0}')

# the bash completion, run as bash runs it: COMP_WORDS and COMP_CWORD in, COMPREPLY out
complete_bash() {
  PATH="$build:$PATH" bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _clausecheck; echo "${COMPREPLY[*]}"' \
    _ "$bash_c" "$@" 2>&1
}
[ "$(complete_bash clausecheck che)" = check ] || fail "bash: 'che' completes to '$(complete_bash clausecheck che)'"
[ "$(complete_bash clausecheck check --fail)" = --fail-on ] || fail "bash: check --fail completes to '$(complete_bash clausecheck check --fail)'"
[ "$(complete_bash clausecheck check --fail-on w)" = warning ] || fail "bash: --fail-on w completes to '$(complete_bash clausecheck check --fail-on w)'"
[ "$(complete_bash clausecheck check -f s)" = sarif ] || fail "bash: check -f s completes to '$(complete_bash clausecheck check -f s)'"
[ "$(complete_bash clausecheck review --tier '')" = "low medium high critical" ] \
  || fail "bash: review --tier completes to '$(complete_bash clausecheck review --tier '')'"
printf 'policy "T" version "1"\nprofile { x : bool "x" }\ntiers bronze < gold\ntier gold when x\ntier bronze otherwise\n' >"$tmp/t.policy"
[ "$(complete_bash clausecheck requirements -p "$tmp/t.policy" --tier '')" = "bronze gold" ] \
  || fail "bash: --tier after -p completes to '$(complete_bash clausecheck requirements -p "$tmp/t.policy" --tier '')'"
[ "$(complete_bash clausecheck help rev)" = review ] || fail "bash: help rev completes to '$(complete_bash clausecheck help rev)'"
# zsh and fish (scripts/deps.sh test installs them) parse theirs; fish, asked as it asks while
# typing, completes commands, option values and the policy's tiers (fish lists them sorted)
command -v zsh >/dev/null && command -v fish >/dev/null || fail "zsh and fish are needed: scripts/deps.sh test"
zsh -n "$zsh_c" || fail "zsh cannot parse $zsh_c"
# zsh, on a pseudo-terminal, completes a line as Tab would: a command, a value, the tiers of the
# default policy and of a -p policy
complete_zsh() { timeout 30 zsh -f "$repo/tests/lib/zsh_complete.zsh" "$build/completions" "$build" "$1" "$2" 2>&1 | tr -d '\r'; }
for want in "clausecheck che|clausecheck check" "clausecheck check --fail-on w|--fail-on warning" \
            "clausecheck review --tier cr|--tier critical" "clausecheck requirements -p $tmp/t.policy --tier g|--tier gold"; do
  complete_zsh "${want%%|*}" "${want#*|}" | grep -qF -- "${want#*|}" || fail "zsh: '${want%%|*}' did not complete to '${want#*|}'"
done
fish -n "$fish_c" || fail "fish cannot parse $fish_c"
complete_fish() { PATH="$build:$PATH" fish -c "source $(printf %q "$fish_c"); complete -C$(printf %q "$1")" 2>&1 | cut -f1 | tr '\n' ' '; }
[ "$(complete_fish 'clausecheck che')" = "check " ] || fail "fish: 'che' completes to '$(complete_fish 'clausecheck che')'"
[ "$(complete_fish 'clausecheck check --fail-on w')" = "warning " ] || fail "fish: --fail-on w gives '$(complete_fish 'clausecheck check --fail-on w')'"
[ "$(complete_fish 'clausecheck review --tier ')" = "critical high low medium " ] \
  || fail "fish: review --tier gives '$(complete_fish 'clausecheck review --tier ')'"
[ "$(complete_fish "clausecheck requirements -p $tmp/t.policy --tier ")" = "bronze gold " ] \
  || fail "fish: --tier after -p gives '$(complete_fish "clausecheck requirements -p $tmp/t.policy --tier ")'"
[ $status -eq 0 ] && echo "cli options: $noptions options of $(echo $commands | wc -w) commands in help, man page and completions"
exit $status
