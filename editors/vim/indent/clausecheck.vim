" clausecheck policy files: one level per open brace, as `clausecheck fmt` indents.
if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal autoindent
setlocal indentexpr=ClausecheckIndent(v:lnum)
setlocal indentkeys=0},!^F,o,O
let b:undo_indent = 'setlocal autoindent< indentexpr< indentkeys<'

if exists('*ClausecheckIndent')
  finish
endif

" Braces inside strings and comments do not count.
function! s:Braces(line) abort
  let l:code = substitute(a:line, '"\%([^"\\]\|\\.\)*"', '""', 'g')
  let l:code = substitute(l:code, '#.*$', '', '')
  return count(l:code, '{') - count(l:code, '}')
endfunction

function! ClausecheckIndent(lnum) abort
  let l:prev = prevnonblank(a:lnum - 1)
  if l:prev == 0
    return 0
  endif
  let l:ind = indent(l:prev)
  let l:open = s:Braces(getline(l:prev))
  if l:open > 0
    let l:ind += shiftwidth()
  elseif l:open < 0 && getline(l:prev) !~# '^\s*}'
    let l:ind -= shiftwidth()
  endif
  if getline(a:lnum) =~# '^\s*}'
    let l:ind -= shiftwidth()
  endif
  return l:ind < 0 ? 0 : l:ind
endfunction
