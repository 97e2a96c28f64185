/* Duration phrases in contract text: a tokenizer, number words, units, bounding words, ranges. */
#include "duration_phrase.h"

#include <stdio.h>
#include <string.h>

/* ---- tokens ---- */

typedef enum { T_END, T_WORD, T_NUM, T_SKIPNUM, T_LP, T_RP, T_DASH, T_PUNCT } tkind;

#define WORD_CAP 20 /* longer words match no table entry, so they are kept only as spans */

typedef struct {
    tkind kind;
    size_t start, end;
    bool glued;       /* nothing, not even a space, between this token and the one before */
    int64_t num;      /* T_NUM: the value, capped at CK_DURATION_MAX + 1 */
    char w[WORD_CAP]; /* T_WORD: lower-cased ASCII; "" when longer or not ASCII */
} tok;

/* Bytes of a character the reader treats as space at s[i], or 0: Unicode spaces, quotes,
 * Markdown emphasis and draft brackets ("[24] hours") never separate a number from its unit. */
static size_t space_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned char c = s[i];
    if (c == ' ' || (c >= '\t' && c <= '\r') || c == '*' || c == '_' || c == '`' || c == '"' ||
        c == '\'' || c == '[' || c == ']')
        return 1;
    if (c == 0xC2 && i + 1 < len && s[i + 1] == 0xA0) /* no-break space */
        return 2;
    if (i + 2 >= len)
        return 0;
    if (c == 0xE2 && s[i + 1] == 0x80) {
        unsigned char d = s[i + 2];
        if (d <= 0x8B || d == 0x98 || d == 0x99 || d == 0x9C || d == 0x9D || d == 0xAF)
            return 3; /* U+2000..200B spaces, U+2018/2019/201C/201D quotes, U+202F */
    }
    if ((c == 0xE2 && s[i + 1] == 0x81 && s[i + 2] == 0x9F) ||  /* U+205F */
        (c == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x80) ||  /* U+3000 */
        (c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF))    /* U+FEFF */
        return 3;
    return 0;
}

/* Bytes of a hyphen or dash at s[i], or 0. */
static size_t dash_len(const unsigned char *s, size_t len, size_t i)
{
    if (s[i] == '-')
        return 1;
    if (i + 2 < len && s[i] == 0xE2 &&
        ((s[i + 1] == 0x80 && s[i + 2] >= 0x90 && s[i + 2] <= 0x95) ||
         (s[i + 1] == 0x88 && s[i + 2] == 0x92))) /* U+2010..2015, U+2212 */
        return 3;
    return 0;
}

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* A word: ASCII letters and any UTF-8 that is neither space nor dash (so "délai" is one word). */
static size_t scan_word(const unsigned char *s, size_t len, size_t i, tok *t)
{
    size_t n = 0;
    bool ascii = true;
    while (i < len && (is_alpha(s[i]) || (s[i] >= 0x80 && !space_len(s, len, i) && !dash_len(s, len, i)))) {
        if (s[i] >= 0x80)
            ascii = false;
        else if (n < WORD_CAP - 1)
            t->w[n] = (char)(s[i] | 0x20);
        n++;
        i++;
    }
    t->w[ascii && n < WORD_CAP ? n : 0] = '\0';
    t->kind = T_WORD;
    return i;
}

/* Adds a run of digits to *v (saturating above CK_DURATION_MAX); returns the run's length. */
static size_t digit_run(const unsigned char *s, size_t len, size_t *i, int64_t *v)
{
    size_t n = 0;
    for (; *i < len && is_digit(s[*i]); (*i)++, n++)
        *v = *v > CK_DURATION_MAX ? *v : *v * 10 + (s[*i] - '0');
    return n;
}

/*
 * Digits. "1,000" is a thousand; "9.2", "1.5" and "17:00" are clause numbers, decimals and times
 * of day, which no duration is read from (T_SKIPNUM), so "1.5 days" is never misread as 5 days.
 */
static size_t scan_number(const unsigned char *s, size_t len, size_t i, tok *t)
{
    int64_t v = 0;
    size_t first = digit_run(s, len, &i, &v);
    bool skip = false;
    while (i + 1 < len && (s[i] == '.' || s[i] == ',' || s[i] == ':') && is_digit(s[i + 1])) {
        unsigned char sep = s[i++];
        if (digit_run(s, len, &i, &v) != 3 || sep != ',' || first > 3)
            skip = true;
    }
    t->kind = skip ? T_SKIPNUM : T_NUM;
    t->num = v > CK_DURATION_MAX ? CK_DURATION_MAX + 1 : v;
    return i;
}

/* The token at or after pos; T_END at the end of the text. */
static void next_token(const char *text, size_t len, size_t pos, tok *t)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = pos, k;
    t->glued = true;
    while (i < len && (k = space_len(s, len, i)) != 0) {
        i += k;
        t->glued = false;
    }
    t->start = i;
    t->w[0] = '\0';
    t->num = 0;
    if (i >= len) {
        t->kind = T_END;
        t->end = len;
        return;
    }
    if ((k = dash_len(s, len, i)) != 0) {
        t->kind = T_DASH;
        t->end = i + k;
    } else if (is_digit(s[i])) {
        t->end = scan_number(s, len, i, t);
    } else if (is_alpha(s[i]) || s[i] >= 0x80) {
        t->end = scan_word(s, len, i, t);
    } else {
        t->kind = s[i] == '(' ? T_LP : s[i] == ')' ? T_RP : T_PUNCT;
        t->end = i + 1;
    }
}

/* ---- a window of tokens from one starting point ---- */

#define LOOKAHEAD 24 /* the longest phrase read ("between twenty-four (24) business hours and ...") fits */

typedef struct {
    tok t[LOOKAHEAD];
    size_t n; /* the last token is T_END when the text ends inside the window */
} window;

static void fill_window(window *w, const char *text, size_t len, size_t pos)
{
    w->n = 0;
    while (w->n < LOOKAHEAD) {
        tok *t = &w->t[w->n++];
        next_token(text, len, pos, t);
        if (t->kind == T_END)
            break;
        pos = t->end;
    }
}

static const tok *at(const window *w, size_t i)
{
    static const tok end = {.kind = T_END};
    return i < w->n ? &w->t[i] : &end;
}

static bool word_is(const window *w, size_t i, const char *word)
{
    const tok *t = at(w, i);
    return t->kind == T_WORD && strcmp(t->w, word) == 0;
}

/* Index of s in the NULL-terminated list, or -1. */
static int word_in(const window *w, size_t i, const char *const *list)
{
    const tok *t = at(w, i);
    if (t->kind != T_WORD)
        return -1;
    for (int k = 0; list[k]; k++)
        if (strcmp(t->w, list[k]) == 0)
            return k;
    return -1;
}

/* ---- numbers ---- */

static const char *const ones_words[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", NULL,
};
static const char *const tens_words[] = {
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", NULL,
};

/* tens [-] [one..nine] | one..nineteen: 1..99, or -1. */
static int64_t below_hundred(const window *w, size_t i, size_t *next)
{
    int k = word_in(w, i, tens_words);
    if (k >= 0) {
        int64_t v = 20 + 10 * k;
        size_t j = i + 1;
        if (at(w, j)->kind == T_DASH && at(w, j)->glued)
            j++;
        int o = word_in(w, j, ones_words);
        if (o >= 1 && o <= 9) {
            *next = j + 1;
            return v + o;
        }
        *next = i + 1;
        return v;
    }
    k = word_in(w, i, ones_words);
    if (k < 0)
        return -1;
    *next = i + 1;
    return k;
}

/* A number in words, 0..999: "seventy-two", "one hundred and twenty", "a hundred"; or -1. */
static int64_t number_words(const window *w, size_t i, size_t *next)
{
    int64_t v;
    size_t j;
    if ((word_is(w, i, "a") || word_is(w, i, "an")) && word_is(w, i + 1, "hundred")) {
        v = 1;
        j = i + 1;
    } else {
        v = below_hundred(w, i, &j);
        if (v < 0)
            return -1;
        if (v >= 10 || !word_is(w, j, "hundred")) {
            *next = j;
            return v;
        }
    }
    v *= 100;
    j++; /* "hundred" */
    size_t k = j;
    if (word_is(w, k, "and"))
        k++;
    size_t after;
    int64_t rest = below_hundred(w, k, &after);
    if (rest > 0) {
        *next = after;
        return v + rest;
    }
    *next = j;
    return v;
}

/* Digits, "(24)" or words; -1 if none. */
static int64_t one_number(const window *w, size_t i, size_t *next)
{
    const tok *t = at(w, i);
    if (t->kind == T_NUM) {
        *next = i + 1;
        return t->num;
    }
    if (t->kind == T_LP && at(w, i + 1)->kind == T_NUM && at(w, i + 2)->kind == T_RP) {
        *next = i + 3;
        return at(w, i + 1)->num;
    }
    return number_words(w, i, next);
}

/* A number with an optional restatement in parentheses: "twenty-four (24)", "72 (seventy-two)".
 * Returns false if none; *lo <= *hi are the two readings (equal when they agree). */
static bool number(const window *w, size_t i, int64_t *lo, int64_t *hi, size_t *next)
{
    int64_t a = one_number(w, i, next);
    if (a < 0)
        return false;
    *lo = *hi = a;
    size_t j = *next, k;
    if (at(w, i)->kind != T_LP && at(w, j)->kind == T_LP) {
        int64_t b = one_number(w, j + 1, &k);
        if (b >= 0 && at(w, k)->kind == T_RP) {
            *lo = a < b ? a : b;
            *hi = a < b ? b : a;
            *next = k + 1;
        }
    }
    return true;
}

/* ---- units ---- */

typedef struct {
    const char *word;
    ck_dphrase_unit unit;
    int times;   /* "fortnight" is 2 weeks */
    bool glued;  /* single letters count only written onto the number: "24h" */
} unit_word;

static const unit_word units[] = {
    {"minute", CK_DPU_MINUTE, 1, false}, {"minutes", CK_DPU_MINUTE, 1, false},
    {"min", CK_DPU_MINUTE, 1, false},    {"mins", CK_DPU_MINUTE, 1, false},
    {"hour", CK_DPU_HOUR, 1, false},     {"hours", CK_DPU_HOUR, 1, false},
    {"hr", CK_DPU_HOUR, 1, false},       {"hrs", CK_DPU_HOUR, 1, false},
    {"h", CK_DPU_HOUR, 1, true},         {"day", CK_DPU_DAY, 1, false},
    {"days", CK_DPU_DAY, 1, false},      {"d", CK_DPU_DAY, 1, true},
    {"week", CK_DPU_WEEK, 1, false},     {"weeks", CK_DPU_WEEK, 1, false},
    {"wk", CK_DPU_WEEK, 1, false},       {"wks", CK_DPU_WEEK, 1, false},
    {"w", CK_DPU_WEEK, 1, true},         {"fortnight", CK_DPU_WEEK, 2, false},
    {"fortnights", CK_DPU_WEEK, 2, false}, {"month", CK_DPU_MONTH, 1, false},
    {"months", CK_DPU_MONTH, 1, false},  {"mo", CK_DPU_MONTH, 1, true},
    {"mth", CK_DPU_MONTH, 1, false},     {"mths", CK_DPU_MONTH, 1, false},
    {"year", CK_DPU_YEAR, 1, false},     {"years", CK_DPU_YEAR, 1, false},
    {"yr", CK_DPU_YEAR, 1, false},       {"yrs", CK_DPU_YEAR, 1, false},
    {"y", CK_DPU_YEAR, 1, true},
};

static const unit_word *unit_at(const window *w, size_t i)
{
    const tok *t = at(w, i);
    if (t->kind != T_WORD)
        return NULL;
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (strcmp(t->w, units[k].word) == 0)
            return units[k].glued && !t->glued ? NULL : &units[k];
    return NULL;
}

static const char *const business_words[] = {"business", "working", "banking", NULL};
static const char *const calendar_words[] = {"calendar", "clear", "consecutive", NULL};

/* [-] [business|working|calendar ...] unit: the unit after a number. */
static bool unit_after(const window *w, size_t i, ck_dphrase_unit *unit, int *times, bool *business,
                       size_t *next)
{
    bool dashed = at(w, i)->kind == T_DASH; /* "a 72-hour period" */
    if (dashed)
        i++;
    *business = word_in(w, i, business_words) >= 0;
    bool modified = *business || word_in(w, i, calendar_words) >= 0;
    if (modified)
        i++;
    const unit_word *u = unit_at(w, i);
    if (!u || (u->glued && (dashed || modified)))
        return false;
    if (*business && u->unit != CK_DPU_DAY && u->unit != CK_DPU_HOUR)
        return false; /* "business week" names no fixed count of business days */
    *unit = u->unit;
    *times = u->times;
    *next = i + 1;
    return true;
}

/* ---- bounding words before a number ---- */

typedef struct {
    const char *words[5];
    ck_dphrase_bound bound;
} bound_words;

static const bound_words bounds[] = {
    {{"within"}, CK_DPHRASE_AT_MOST},
    {{"no", "later", "than"}, CK_DPHRASE_AT_MOST},
    {{"not", "later", "than"}, CK_DPHRASE_AT_MOST},
    {{"in", "no", "event", "later", "than"}, CK_DPHRASE_AT_MOST},
    {{"no", "event", "later", "than"}, CK_DPHRASE_AT_MOST},
    {{"in", "no", "case", "later", "than"}, CK_DPHRASE_AT_MOST},
    {{"no", "case", "later", "than"}, CK_DPHRASE_AT_MOST},
    {{"not", "exceeding"}, CK_DPHRASE_AT_MOST},
    {{"not", "to", "exceed"}, CK_DPHRASE_AT_MOST},
    {{"no", "more", "than"}, CK_DPHRASE_AT_MOST},
    {{"not", "more", "than"}, CK_DPHRASE_AT_MOST},
    {{"no", "longer", "than"}, CK_DPHRASE_AT_MOST},
    {{"not", "longer", "than"}, CK_DPHRASE_AT_MOST},
    {{"less", "than"}, CK_DPHRASE_AT_MOST},
    {{"fewer", "than"}, CK_DPHRASE_AT_MOST},
    {{"up", "to"}, CK_DPHRASE_AT_MOST},
    {{"at", "most"}, CK_DPHRASE_AT_MOST},
    {{"maximum", "of"}, CK_DPHRASE_AT_MOST},
    {{"maximum"}, CK_DPHRASE_AT_MOST},
    {{"at", "least"}, CK_DPHRASE_AT_LEAST},
    {{"not", "less", "than"}, CK_DPHRASE_AT_LEAST},
    {{"no", "less", "than"}, CK_DPHRASE_AT_LEAST},
    {{"not", "fewer", "than"}, CK_DPHRASE_AT_LEAST},
    {{"no", "fewer", "than"}, CK_DPHRASE_AT_LEAST},
    {{"more", "than"}, CK_DPHRASE_AT_LEAST},
    {{"minimum", "of"}, CK_DPHRASE_AT_LEAST},
    {{"minimum"}, CK_DPHRASE_AT_LEAST},
};

/* Words between a bound and its number that change nothing: "within a period of 30 days". */
static const char *const fillers[][3] = {
    {"a", "period", "of"}, {"the", "period", "of"}, {"period", "of"}, {"a", "total", "of"},
    {"the", "next"},       {"a"},
};

#define HISTORY 8 /* more than the longest bound plus the longest filler */

/* The tokens just before a candidate, most recent last. */
typedef struct {
    tok t[HISTORY];
    size_t n;
} history;

static void remember(history *h, const tok *t)
{
    if (h->n == HISTORY) {
        memmove(h->t, h->t + 1, (HISTORY - 1) * sizeof h->t[0]);
        h->n--;
    }
    h->t[h->n++] = *t;
}

/* Does the history end (before `skip` tokens) with these words? Returns their count or 0. */
static size_t ends_with(const history *h, size_t skip, const char *const *words, size_t max)
{
    size_t n = 0;
    while (n < max && words[n])
        n++;
    if (n == 0 || h->n < skip + n)
        return 0;
    for (size_t k = 0; k < n; k++) {
        const tok *t = &h->t[h->n - skip - n + k];
        if (t->kind != T_WORD || strcmp(t->w, words[k]) != 0)
            return 0;
    }
    return n;
}

/* The bound stated just before the number, and where its words start (else number_start). */
static ck_dphrase_bound bound_before(const history *h, size_t number_start, size_t *start)
{
    *start = number_start;
    size_t skip = 0;
    for (size_t f = 0; f < sizeof fillers / sizeof fillers[0]; f++) {
        size_t n = ends_with(h, 0, fillers[f], 3);
        if (n) {
            skip = n;
            break;
        }
    }
    size_t best = 0;
    ck_dphrase_bound b = CK_DPHRASE_PLAIN;
    for (size_t k = 0; k < sizeof bounds / sizeof bounds[0]; k++) {
        size_t n = ends_with(h, skip, bounds[k].words, 5);
        if (n > best) {
            best = n;
            b = bounds[k].bound;
        }
    }
    if (best)
        *start = h->t[h->n - skip - best].start;
    return b;
}

/* ---- unquantified words ---- */

typedef struct {
    const char *words[7];
    const char *canonical;
} vague_words;

static const vague_words vague[] = {
    {{"without", "undue", "delay"}, "without undue delay"},
    {{"without", "any", "undue", "delay"}, "without undue delay"},
    {{"without", "unreasonable", "delay"}, "without unreasonable delay"},
    {{"without", "delay"}, "without delay"},
    {{"promptly"}, "promptly"},
    {{"prompt"}, "prompt"},
    {{"immediately"}, "immediately"},
    {{"immediate"}, "immediate"},
    {{"forthwith"}, "forthwith"},
    {{"expeditiously"}, "expeditiously"},
    {{"as", "soon", "as", "practicable"}, "as soon as practicable"},
    {{"as", "soon", "as", "reasonably", "practicable"}, "as soon as reasonably practicable"},
    {{"as", "soon", "as", "possible"}, "as soon as possible"},
    {{"as", "soon", "as", "reasonably", "possible"}, "as soon as reasonably possible"},
    {{"as", "soon", "as", "feasible"}, "as soon as feasible"},
    {{"in", "a", "timely", "manner"}, "in a timely manner"},
    {{"in", "a", "timely", "fashion"}, "in a timely manner"},
    {{"timely"}, "timely"},
    {{"within", "a", "reasonable", "time"}, "within a reasonable time"},
    {{"within", "a", "reasonable", "period"}, "within a reasonable period"},
    {{"within", "a", "reasonable", "period", "of", "time"}, "within a reasonable period"},
};

/* The longest unquantified phrase starting at token 0; its length in tokens, or 0. */
static size_t vague_at(const window *w, const vague_words **which)
{
    size_t best = 0;
    for (size_t k = 0; k < sizeof vague / sizeof vague[0]; k++) {
        size_t n = 0;
        while (n < 7 && vague[k].words[n] && word_is(w, n, vague[k].words[n]))
            n++;
        if (n > best && (n == 7 || !vague[k].words[n])) {
            best = n;
            *which = &vague[k];
        }
    }
    return best;
}

/* ---- quantities and ranges ---- */

typedef struct {
    int64_t lo, hi;       /* readings of the number, before the unit's multiplier */
    bool has_unit;
    ck_dphrase_unit unit;
    int times;
    bool business;
    size_t next;          /* window index after the quantity */
} quantity;

/* number [unit]; the unit is optional only where a range gives it later ("between 24 and 72 hours"). */
static bool quantity_at(const window *w, size_t i, bool a_is_one, quantity *q)
{
    size_t j;
    if (a_is_one && (word_is(w, i, "a") || word_is(w, i, "an")) && !word_is(w, i + 1, "hundred")) {
        q->lo = q->hi = 1;
        j = i + 1;
    } else if (!number(w, i, &q->lo, &q->hi, &j)) {
        return false;
    }
    q->has_unit = unit_after(w, j, &q->unit, &q->times, &q->business, &q->next);
    if (!q->has_unit)
        q->next = j;
    /* "a"/"an" is one only as "within a day": not as the start of a range or a bare article */
    return q->has_unit || at(w, i)->kind != T_WORD || at(w, i)->w[0] != 'a';
}

static bool amount_ok(int64_t v, int times) { return v >= 1 && v * times <= CK_DURATION_MAX; }

static ck_dphrase_amount amount_of(int64_t v, const quantity *q)
{
    return (ck_dphrase_amount){v * q->times, q->unit, q->business};
}

static int64_t longest_minutes(ck_dphrase_amount a);

/* "24 hours a day", "7 days per week": a rate, not a period. Index after it, or 0. */
static size_t rate_after(const window *w, size_t i)
{
    static const char *const per[] = {"a", "an", "per", "each", "every", NULL};
    if (word_in(w, i, per) >= 0 && unit_at(w, i + 1))
        return i + 2;
    return 0;
}

/* A range after its first quantity: "and"/"to"/"-" and a second quantity with a unit. */
static bool range_rest(const window *w, quantity *first, bool between, quantity *second)
{
    size_t j = first->next;
    if (between ? !word_is(w, j, "and") : !(word_is(w, j, "to") || at(w, j)->kind == T_DASH))
        return false;
    if (!quantity_at(w, j + 1, false, second) || !second->has_unit)
        return false;
    if (!first->has_unit) {
        first->unit = second->unit;
        first->times = second->times;
        first->business = second->business;
    }
    return true;
}

typedef enum { NOTHING, PHRASE, SKIP } outcome;

/* Fills p from a single quantity or a range starting at window index `from`. */
static outcome read_quantity(const window *w, size_t from, bool after_bound, ck_dphrase *p, size_t *end)
{
    bool between = word_is(w, from, "between") || word_is(w, from, "from");
    size_t i = between ? from + 1 : from;
    quantity a, b;
    if (!quantity_at(w, i, after_bound && !between, &a))
        return NOTHING;
    bool range = range_rest(w, &a, between, &b);
    if (!range && (!a.has_unit || between))
        return NOTHING;
    const quantity *last = range ? &b : &a;
    size_t rate = rate_after(w, last->next);
    if (rate) {
        *end = at(w, rate - 1)->end;
        return SKIP;
    }
    if (!amount_ok(a.lo, a.times) || !amount_ok(a.hi, a.times) ||
        (range && (!amount_ok(b.lo, b.times) || !amount_ok(b.hi, b.times))))
        return NOTHING;
    p->kind = CK_DPHRASE_QUANTIFIED;
    p->low = amount_of(a.lo, &a);
    p->high = amount_of(range ? b.hi : a.hi, range ? &b : &a);
    p->figures_differ = a.lo != a.hi || (range && b.lo != b.hi);
    if (range) {
        p->bound = CK_DPHRASE_RANGE;
        if (longest_minutes(p->low) > longest_minutes(p->high)) { /* "72 to 24 hours" */
            ck_dphrase_amount t = p->low;
            p->low = p->high;
            p->high = t;
        }
    }
    *end = at(w, last->next - 1)->end;
    return PHRASE;
}

static ck_duration duration_of(ck_dphrase_amount a)
{
    static const ck_dur_unit to[] = {CK_DUR_HOUR, CK_DUR_HOUR, CK_DUR_DAY, CK_DUR_WEEK, CK_DUR_MONTH, CK_DUR_YEAR};
    if (a.unit == CK_DPU_MINUTE)
        return (ck_duration){(a.amount + 59) / 60, CK_DUR_HOUR};
    return (ck_duration){a.amount, to[a.unit]};
}

/* Words a phrase can start with; others are skipped without looking further. */
static bool may_start(const tok *t)
{
    static const char *const first[] = {
        "without", "promptly", "prompt", "immediately", "immediate", "forthwith", "expeditiously",
        "as", "in", "timely", "within", "between", "from", "a", "an", NULL,
    };
    if (t->kind == T_NUM || t->kind == T_LP)
        return true;
    if (t->kind != T_WORD)
        return false;
    for (size_t k = 0; first[k]; k++)
        if (strcmp(t->w, first[k]) == 0)
            return true;
    for (size_t k = 0; ones_words[k]; k++)
        if (strcmp(t->w, ones_words[k]) == 0)
            return true;
    for (size_t k = 0; tens_words[k]; k++)
        if (strcmp(t->w, tens_words[k]) == 0)
            return true;
    return false;
}

/* Tries to read a phrase at the token t (already known to be no T_END). */
static outcome read_at(const char *text, size_t len, const tok *t, const history *h, ck_dphrase *p,
                       size_t *end)
{
    if (!may_start(t))
        return NOTHING;
    window w;
    fill_window(&w, text, len, t->start);
    memset(p, 0, sizeof *p);
    const vague_words *vw = NULL;
    size_t n = vague_at(&w, &vw);
    if (n) {
        p->kind = CK_DPHRASE_UNQUANTIFIED;
        p->words = vw->canonical;
        p->start = t->start;
        p->end = w.t[n - 1].end;
        *end = p->end;
        return PHRASE;
    }
    size_t start;
    ck_dphrase_bound b = bound_before(h, t->start, &start);
    outcome o = read_quantity(&w, 0, b != CK_DPHRASE_PLAIN, p, end);
    if (o != PHRASE)
        return o;
    if (p->bound != CK_DPHRASE_RANGE)
        p->bound = b;
    p->start = start;
    p->end = *end;
    p->value = duration_of(p->high);
    return PHRASE;
}

size_t ck_dphrase_scan(const char *text, size_t len, ck_dphrase *out, size_t cap)
{
    history h = {.n = 0};
    size_t found = 0, pos = 0;
    if (!text)
        return 0;
    for (;;) {
        tok t;
        next_token(text, len, pos, &t);
        if (t.kind == T_END)
            return found;
        ck_dphrase p;
        size_t end;
        outcome o = read_at(text, len, &t, &h, &p, &end);
        if (o == NOTHING) {
            remember(&h, &t);
            pos = t.end;
            continue;
        }
        if (o == PHRASE && found < cap)
            out[found] = p;
        found += o == PHRASE;
        h.n = 0; /* a bound belongs to the phrase it preceded, never to the next */
        pos = end;
    }
}

/* ---- lengths and words ---- */

static int64_t plain_minutes(ck_dphrase_amount a)
{
    if (a.unit == CK_DPU_MINUTE)
        return a.amount;
    static const ck_dur_unit to[] = {CK_DUR_HOUR, CK_DUR_HOUR, CK_DUR_DAY, CK_DUR_WEEK, CK_DUR_MONTH, CK_DUR_YEAR};
    return ck_duration_minutes((ck_duration){a.amount, to[a.unit]});
}

/* The latest a business period can end, counted in calendar time (see the header). */
static int64_t longest_minutes(ck_dphrase_amount a)
{
    if (!a.business)
        return plain_minutes(a);
    int64_t days = a.unit == CK_DPU_HOUR ? (a.amount + 7) / 8 : a.amount;
    return (days + 2 * ((days + 4) / 5)) * 1440;
}

void ck_dphrase_minutes(const ck_dphrase *p, int64_t *shortest, int64_t *longest)
{
    if (p->kind != CK_DPHRASE_QUANTIFIED) {
        *shortest = 0;
        *longest = INT64_MAX;
        return;
    }
    *shortest = plain_minutes(p->low);
    *longest = longest_minutes(p->high);
}

static const char *unit_name(ck_dphrase_amount a)
{
    static const char *const names[][2] = {
        {"minute", "minutes"}, {"hour", "hours"}, {"day", "days"},
        {"week", "weeks"},     {"month", "months"}, {"year", "years"},
    };
    static const char *const business[][2] = {{"business hour", "business hours"},
                                               {"business day", "business days"}};
    if (a.business)
        return business[a.unit == CK_DPU_DAY][a.amount != 1];
    return names[a.unit][a.amount != 1];
}

static bool same_unit(ck_dphrase_amount a, ck_dphrase_amount b)
{
    return a.unit == b.unit && a.business == b.business;
}

size_t ck_dphrase_describe(const ck_dphrase *p, char *buf, size_t n)
{
    int r;
    if (p->kind == CK_DPHRASE_UNQUANTIFIED)
        r = snprintf(buf, n, "%s", p->words ? p->words : "unquantified");
    else if (p->bound == CK_DPHRASE_RANGE && same_unit(p->low, p->high))
        r = snprintf(buf, n, "between %lld and %lld %s%s", (long long)p->low.amount,
                     (long long)p->high.amount, unit_name(p->high),
                     p->figures_differ ? " (words and figures differ)" : "");
    else if (p->bound == CK_DPHRASE_RANGE)
        r = snprintf(buf, n, "between %lld %s and %lld %s", (long long)p->low.amount,
                     unit_name(p->low), (long long)p->high.amount, unit_name(p->high));
    else if (p->figures_differ)
        r = snprintf(buf, n, "%lld or %lld %s (words and figures differ)", (long long)p->low.amount,
                     (long long)p->high.amount, unit_name(p->high));
    else
        r = snprintf(buf, n, "%s%lld %s", p->bound == CK_DPHRASE_AT_LEAST ? "at least " : "",
                     (long long)p->high.amount, unit_name(p->high));
    return r < 0 ? 0 : (size_t)r;
}

/* ---- required words ---- */

static bool same_token(const char *a, const tok *x, const char *b, const tok *y)
{
    if (x->kind != y->kind)
        return false;
    if (x->kind == T_DASH) /* "sub-processor" matches "sub‑processor": any hyphen or dash */
        return true;
    size_t n = x->end - x->start;
    if (n != y->end - y->start)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[x->start + i], d = (unsigned char)b[y->start + i];
        if (is_alpha(c))
            c |= 0x20;
        if (is_alpha(d))
            d |= 0x20;
        if (c != d)
            return false;
    }
    return true;
}

#define MAX_REQUIRED_WORDS CK_DPHRASE_MAX_WORDS

bool ck_dphrase_words_usable(const char *words, size_t wlen, size_t *ntokens)
{
    size_t n = 0, pos = 0;
    bool word = false;
    for (;;) {
        tok t;
        next_token(words, wlen, pos, &t);
        if (t.kind == T_END)
            break;
        word = word || t.kind == T_WORD || t.kind == T_NUM || t.kind == T_SKIPNUM;
        n++;
        pos = t.end;
    }
    if (ntokens)
        *ntokens = n;
    return word;
}

bool ck_dphrase_find_words(const char *text, size_t len, const char *words, size_t wlen,
                           size_t *start, size_t *end)
{
    tok want[MAX_REQUIRED_WORDS];
    size_t nw = 0, pos = 0;
    if (!text || !words)
        return false;
    while (nw < MAX_REQUIRED_WORDS) {
        next_token(words, wlen, pos, &want[nw]);
        if (want[nw].kind == T_END)
            break;
        pos = want[nw++].end;
    }
    if (nw == 0)
        return false;
    for (pos = 0;;) {
        tok t;
        next_token(text, len, pos, &t);
        if (t.kind == T_END)
            return false;
        size_t k = 0, p = t.start;
        tok u = t;
        while (k < nw && same_token(words, &want[k], text, &u)) {
            if (++k == nw)
                break;
            p = u.end;
            next_token(text, len, p, &u);
        }
        if (k == nw) {
            if (start)
                *start = t.start;
            if (end)
                *end = u.end;
            return true;
        }
        pos = t.end;
    }
}
