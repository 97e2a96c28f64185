# Completes a command line in an interactive zsh on a pseudo-terminal (zsh/zpty), as a user
# pressing Tab would, and prints what the terminal showed.
# Usage: zsh -f zsh_complete.zsh COMPLETIONS_DIR BIN_DIR 'clausecheck check --fail-on w' [WAIT_FOR]
# With WAIT_FOR, reading stops as soon as the terminal shows it.
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='%% '"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D; PATH=${(q)2}:\$PATH"
zpty -w z "zstyle ':completion:*' menu no"
zpty -w z "print RE''ADY"
zpty -r z junk '*READY*'
sleep 0.5
while zpty -r -t z junk; do :; done
zpty -n -w z "$3"$'\t'
# what the terminal shows, read until WAIT_FOR appears, or else until two seconds pass without
# more (at most 20 s in all: a loaded machine)
out= quiet=0
for i in {1..100}; do
  sleep 0.2
  if zpty -r -t z chunk; then
    out+=$chunk quiet=0
    while zpty -r -t z chunk; do out+=$chunk; done
  elif [[ -n $out ]] && (( ++quiet >= 10 )); then
    break
  fi
  [[ -n $4 && $out == *"$4"* ]] && break
done
print -r -- "$out"
zpty -d z
