# Completes a command line in an interactive zsh on a pseudo-terminal (zsh/zpty), as a user
# pressing Tab would, and prints what the terminal showed.
# Usage: zsh -f zsh_complete.zsh COMPLETIONS_DIR BIN_DIR 'clausecheck check --fail-on w'
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
sleep 2
out=
while zpty -r -t z chunk; do out+=$chunk; done
print -r -- "$out"
zpty -d z
