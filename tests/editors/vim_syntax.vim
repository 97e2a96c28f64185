" Run by tests/cases/editor_grammar.sh in a Vim started with -u NONE on one policy file:
"   vim -N -u NONE -i NONE -es -c 'let g:out = "OUT"' -S tests/editors/vim_syntax.vim FILE
" Writes to g:out the filetype Vim detected, the comment string, then each token of the file with
" its syntax group (one line each: line:col text group; a token is a name, an escape or one other
" character), then the file as the indent script re-indents it after every leading blank was removed.
set runtimepath^=editors/vim
filetype plugin indent on
syntax on
doautocmd BufRead
let s:out = ['filetype=' . &filetype, 'commentstring=' . &commentstring]
for s:lnum in range(1, line('$'))
  let s:line = getline(s:lnum)
  let s:start = 0
  while 1
    let [s:text, s:from, s:to] = matchstrpos(s:line, '\\u\x\{4}\|\\.\|\k\+\|\S', s:start)
    if s:from < 0
      break
    endif
    let s:group = synIDattr(synID(s:lnum, s:from + 1, 1), 'name')
    call add(s:out, printf('%d:%d %s %s', s:lnum, s:from + 1, s:text, s:group == '' ? '-' : s:group))
    let s:start = s:to
  endwhile
endfor
call add(s:out, '--- re-indented')
silent %s/^\s\+//e
normal! gg=G
call extend(s:out, getline(1, '$'))
call writefile(s:out, g:out)
qa!
