// Tokenises policies with the VS Code extension's TextMate grammar, using the engine VS Code uses
// (vscode-textmate + vscode-oniguruma, installed by tests/cases/editor_grammar.sh).
//
//   node tokenize.js MODULES scopes FILE...      every token and its scopes (the golden files)
//   node tokenize.js MODULES check FILE...       no invalid token, no token without a scope
//   node tokenize.js MODULES keywords REPO       the grammars' keyword lists equal the lexer's
//
// MODULES is the node_modules folder holding the two packages.
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, mode, ...args] = process.argv.slice(2);
const tm = require(path.join(modules, 'vscode-textmate'));
const onig = require(path.join(modules, 'vscode-oniguruma'));
const repo = path.resolve(__dirname, '..', '..');
const grammarPath = path.join(repo, 'editors/vscode/syntaxes/clausecheck.tmLanguage.json');
const ROOT = 'source.clausecheck';

async function loadGrammar() {
    const wasm = fs.readFileSync(path.join(modules, 'vscode-oniguruma/release/onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new tm.Registry({
        onigLib: Promise.resolve({
            createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
            createOnigString: (s) => new onig.OnigString(s),
        }),
        loadGrammar: async (scope) =>
            scope === ROOT ? tm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    return registry.loadGrammar(ROOT);
}

// Yields {line, col, text, scopes} for every token that is not only white space.
function* tokens(grammar, text) {
    let state = tm.INITIAL;
    const lines = text.split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i < lines.length; i++) {
        const r = grammar.tokenizeLine(lines[i], state);
        for (const t of r.tokens) {
            const piece = lines[i].slice(t.startIndex, t.endIndex);
            if (piece.trim() === '') continue;
            yield { line: i + 1, col: t.startIndex + 1, text: piece, scopes: t.scopes.filter((s) => s !== ROOT) };
        }
        state = r.ruleStack;
    }
}

function scopes(grammar, files) {
    for (const f of files) {
        for (const t of tokens(grammar, fs.readFileSync(f, 'utf8')))
            process.stdout.write(`${t.line}:${t.col} ${JSON.stringify(t.text)} ${t.scopes.join(' ')}\n`);
    }
    return 0;
}

// A shipped policy must read as the lexer reads it: nothing marked invalid, nothing left unscoped.
function check(grammar, files) {
    let bad = 0, count = 0;
    for (const f of files) {
        for (const t of tokens(grammar, fs.readFileSync(f, 'utf8'))) {
            count++;
            const invalid = t.scopes.some((s) => s.startsWith('invalid.'));
            if (t.scopes.length === 0 || invalid) {
                bad++;
                console.log(`FAIL: ${f}:${t.line}:${t.col}: ${JSON.stringify(t.text)} is ${invalid ? t.scopes.join(' ') : 'unscoped'}`);
            }
        }
    }
    console.log(`grammar: ${files.length} policies, ${count} tokens, ${bad} invalid or unscoped`);
    return bad ? 1 : 0;
}

// The lexer's keywords: the table ck_parse_word_token searches, and the parser's KW_ tokens.
function lexerKeywords() {
    const table = fs.readFileSync(path.join(repo, 'src/parse.c'), 'utf8');
    const fromTable = [...table.matchAll(/\{"([a-z_]+)", CK_TOK_KW_[A-Z_]+\}/g)].map((m) => m[1]);
    const parser = fs.readFileSync(path.join(repo, 'grammar/parser.y'), 'utf8');
    const fromParser = [...parser.matchAll(/\bKW_[A-Z_]+ "([a-z_]+)"/g)].map((m) => m[1]);
    return { fromTable: new Set(fromTable), fromParser: new Set(fromParser) };
}

function tmKeywordGroups() {
    const g = JSON.parse(fs.readFileSync(grammarPath, 'utf8'));
    return g.repository.keywords.patterns.map((p) => {
        const m = /\(\?:([a-z_|]+)\)/.exec(p.match);
        return { scope: p.name, words: m ? m[1].split('|') : [] };
    });
}

function vimKeywords() {
    const vim = fs.readFileSync(path.join(repo, 'editors/vim/syntax/clausecheck.vim'), 'utf8');
    const words = [];
    for (const line of vim.split('\n')) {
        const m = /^\s*syn(?:tax)?\s+keyword\s+\S+\s+(.*)$/.exec(line);
        if (m) words.push(...m[1].split(/\s+/).filter((w) => w && !w.includes('=')));
    }
    return words;
}

function diffSets(what, want, got) {
    const missing = [...want].filter((w) => !got.has(w)).sort();
    const extra = [...got].filter((w) => !want.has(w)).sort();
    if (missing.length) console.log(`FAIL: ${what} lacks the lexer keyword(s): ${missing.join(' ')}`);
    if (extra.length) console.log(`FAIL: ${what} has word(s) the lexer does not reserve: ${extra.join(' ')}`);
    return missing.length + extra.length;
}

function duplicates(what, words) {
    const seen = new Set(), dup = new Set();
    for (const w of words) (seen.has(w) ? dup : seen).add(w);
    if (dup.size) console.log(`FAIL: ${what} lists ${[...dup].join(' ')} more than once`);
    return dup.size;
}

function keywords(grammar) {
    const { fromTable, fromParser } = lexerKeywords();
    let bad = diffSets('the keyword table of src/parse.c (against grammar/parser.y)', fromParser, fromTable);
    const groups = tmKeywordGroups();
    const tmWords = groups.flatMap((g) => g.words);
    bad += diffSets('the TextMate grammar', fromTable, new Set(tmWords)) + duplicates('the TextMate grammar', tmWords);
    const vim = vimKeywords();
    bad += diffSets('the Vim syntax', fromTable, new Set(vim)) + duplicates('the Vim syntax', vim);
    // Each keyword, tokenised on its own, gets its group's scope: the lists are what the engine uses.
    for (const g of groups) {
        for (const w of g.words) {
            const t = [...tokens(grammar, w)];
            if (t.length !== 1 || t[0].text !== w || !t[0].scopes.includes(g.scope)) {
                console.log(`FAIL: keyword ${w} tokenises as ${JSON.stringify(t)}, not ${g.scope}`);
                bad++;
            }
        }
    }
    console.log(`keywords: ${fromTable.size} in the lexer, ${tmWords.length} in the TextMate grammar, ${vim.length} in the Vim syntax`);
    return bad ? 1 : 0;
}

loadGrammar().then((grammar) => {
    const run = { scopes, check, keywords }[mode];
    if (!run) {
        console.error(`usage: node tokenize.js MODULES scopes|check|keywords ARGS`);
        process.exit(2);
    }
    process.exitCode = run(grammar, args);
}, (e) => {
    console.log(`FAIL: cannot load the grammar: ${e.message}`);
    process.exitCode = 1;
});
