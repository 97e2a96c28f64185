" clausecheck policy files
autocmd BufRead,BufNewFile *.policy setfiletype clausecheck
