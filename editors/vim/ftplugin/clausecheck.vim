" clausecheck policy files: comments and indentation as `clausecheck fmt` writes them.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

" '#' starts a line comment; /* */ blocks exist too, but fmt and gcc-style tools use '#'.
setlocal commentstring=#\ %s
setlocal comments=:#,s1:/*,mb:*,ex:*/
setlocal formatoptions-=t formatoptions+=croql
" Two spaces per block level, never tabs.
setlocal expandtab shiftwidth=2 softtabstop=2 tabstop=8
" Names may contain '-' (incident-notification, BL-04): keep them whole for w, *, and completion.
setlocal iskeyword=@,48-57,_,192-255,-

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< tabstop< iskeyword<'
