" Vim syntax for clausecheck policy files (.policy).
" Follows grammar/lexer.l and grammar/parser.y; tests/cases/editor_grammar.sh checks that the
" keyword lists below are exactly the lexer's keywords.
if exists('b:current_syntax')
  finish
endif

" A name is [A-Za-z_][A-Za-z0-9_]* with '-' between parts: 'security-questionnaire' is one name,
" so the keyword 'questionnaire' inside it is not highlighted.
syntax iskeyword @,48-57,_,-
syntax case match

" Keywords, in the groups of the VS Code grammar.
syntax keyword clausecheckDeclaration policy import profile tiers tier attribute party clause evidence
syntax keyword clausecheckDeclaration questionnaire question depths group require test
syntax keyword clausecheckType        bool number string duration date level depth
syntax keyword clausecheckOperator    and or not in
syntax keyword clausecheckBoolean     true false
syntax keyword clausecheckControl     when otherwise for all any with within at from to of has as expect nothing
syntax keyword clausecheckControl     ensure
syntax keyword clausecheckProperty    version owner effective valid independent expired severity rationale
syntax keyword clausecheckProperty    remediation ref contract supplier gap

" Declared names: clause/evidence/questionnaire NAME "title", require ID, tier attribute NAME,
" question NAME, and NAME : TYPE (defined first: the more specific matches below win).
syntax match clausecheckField    /\<\k\+\ze\s*:/
syntax match clausecheckDeclName /\%(\<\%(clause\|evidence\|questionnaire\|party\|group\)\s\+\)\@<=\k\+\ze\s*"/
syntax match clausecheckDeclName /\%(\<require\s\+\)\@<=\k\+/
syntax match clausecheckDeclName /\%(\<tier\s\+attribute\s\+\)\@<=\k\+/
syntax match clausecheckField    /\%(\<question\s\+\)\@<=\k\+/
syntax match clausecheckAttr     /\%(\<\%(tier\|contract\)\s*\.\s*\)\@<=\k\+/

" Quantifiers: each, some, no, least, most and where are words of the language only after `for`
" (elsewhere they may name things).
syntax match clausecheckQuantifier /\%(\<for\s\+\)\@<=\%(each\|some\|no\)\>/
syntax match clausecheckQuantifier /\%(\<for\s\+at\s\+\)\@<=\%(least\|most\)\>/
syntax match clausecheckQuantifier /\%(\<for\s\+\%(each\|some\|no\|at\s\+\%(least\|most\)\s\+\d\+\)\s\+\k\+\s\+\)\@<=where\>/

" `mentions` is a word of the language only before the quoted words a clause's section must
" contain (elsewhere it may name a parameter).
syntax match clausecheckDeclaration /\<mentions\ze\s\+"/

" Literals: dates, durations (h d w mo y), numbers (decimals, negative or not: -20.5); digits
" followed by other letters are an error.
syntax match clausecheckDate     /\<\d\{4}-\d\{2}-\d\{2}\>/
syntax match clausecheckBadLit   /\<\d\+\a\w*/
syntax match clausecheckDuration /\<\d\+\%(mo\|h\|d\|w\|y\)\>/
syntax match clausecheckNumber   /\%([A-Za-z0-9_]\)\@<!-\=\d\+\%(\.\d\+\)\=\>/

syntax match clausecheckCompare  /==\|!=\|<=\|>=\|<\|>/
syntax match clausecheckBadOp    /&&\=\|||\=\|!\ze[^=]\|\[\|\]\|;/

" Strings stay on one line (an unterminated one is an error); escapes are \" \\ \n \t and \uXXXX.
" Typographic and single quotes are errors of the lexer's own.
syntax match clausecheckBadString /"\%([^"\\]\|\\.\)*\\\=$/
syntax match clausecheckBadString /\%u201c[^\u201d]*\%u201d\|\%u201e[^\u201c\u201d]*[\u201c\u201d]\|'[^']*'/
syntax region clausecheckString start=/"/ skip=/\\\\\|\\"/ end=/"/ oneline contains=clausecheckEscape,clausecheckBadEscape
syntax match clausecheckBadEscape /\\./ contained
syntax match clausecheckEscape /\\\%(["\\nt]\|u\x\{4}\)/ contained

syntax match clausecheckTodo /\<\%(TODO\|FIXME\|XXX\)\>/ contained
syntax match clausecheckComment /#.*$/ contains=clausecheckTodo,@Spell
syntax region clausecheckComment start=+/\*+ end=+\*/+ contains=clausecheckTodo,@Spell

highlight default link clausecheckDeclaration Keyword
highlight default link clausecheckType        Type
highlight default link clausecheckOperator    Operator
highlight default link clausecheckBoolean     Boolean
highlight default link clausecheckControl     Conditional
highlight default link clausecheckQuantifier  Conditional
highlight default link clausecheckProperty    Statement
highlight default link clausecheckDeclName    Function
highlight default link clausecheckField       Identifier
highlight default link clausecheckAttr        Identifier
highlight default link clausecheckDate        Constant
highlight default link clausecheckDuration    Number
highlight default link clausecheckNumber      Number
highlight default link clausecheckBadLit      Error
highlight default link clausecheckCompare     Operator
highlight default link clausecheckBadOp       Error
highlight default link clausecheckString      String
highlight default link clausecheckBadString   Error
highlight default link clausecheckEscape      SpecialChar
highlight default link clausecheckBadEscape   Error
highlight default link clausecheckComment     Comment
highlight default link clausecheckTodo        Todo

let b:current_syntax = 'clausecheck'
