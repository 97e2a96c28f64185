/* Durations as contracts write them ("within twenty-four (24) hours"), and required words, found in text. */
#ifndef CK_DURATION_PHRASE_H
#define CK_DURATION_PHRASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timeval.h"

/*
 * The reader scans a section's text for every duration it states and returns them in text
 * order, each with its byte span, so that a finding can quote the words that decided a value.
 * It reads numbers in digits and in words up to 999 ("seventy-two", "seventy two", "one hundred
 * and twenty"), the two together ("twenty-four (24) hours"), units from minutes to years with
 * their abbreviations ("24h", "72 hrs"), adjectival forms ("a 72-hour period"), business and
 * working days and hours, the words that bound a duration from above ("within", "no later than",
 * "not exceeding", "up to", ...) or below ("at least", "not less than", ...), ranges ("between 24
 * and 72 hours", "24-72 hours", "48 to 72 hours") and the unquantified words contracts use in
 * place of a number ("promptly", "without undue delay", "as soon as practicable", ...).
 *
 * What it deliberately does not read, so that it never invents a value:
 *  - decimals ("1.5 days") and clause numbers ("9.2"): a number with a fractional part is skipped;
 *  - times of day ("17:00"), ordinals ("the 5th day"), zero amounts and amounts above
 *    CK_DURATION_MAX;
 *  - rates: "24 hours a day, 7 days a week" states availability, not a period, and is skipped
 *    whole ("a", "per", "each" or "every" followed by a unit);
 *  - "a day" / "an hour" count as one only right after a bounding word ("within an hour"), since
 *    "on a business day" names no period.
 *
 * Business days. "5 business days" is kept as days with the business flag set; it is never
 * silently turned into calendar days, because its calendar length depends on the starting day.
 * ck_dphrase_minutes gives the shortest and longest calendar length the words allow: N business
 * days last at least N days and at most N + 2 * ceil(N / 5) days (a start late on a Friday crosses
 * a weekend every five business days; public holidays are not counted, which the documentation
 * states). Business hours assume an 8-hour business day: N business hours last at least N hours
 * and at most as long as ceil(N / 8) business days. A comparison against "at most 24h" uses the
 * longest length, one against "at least 30d" the shortest, so the reader never makes a contract
 * look stronger than its words. The same shortest/longest pair carries ranges (low and high bound)
 * and numbers whose words and figures disagree ("twenty-four (48) hours": both readings kept).
 *
 * The reported value (the `value` field) is the upper bound: every deadline a contract states
 * ("notify within", "restore within", "respond no later than") is only as strong as the latest
 * time it allows, so for a range "between 24 and 72 hours" the value is 72 hours and the lower
 * bound stays in `low` for comparisons against a minimum.
 *
 * Text is UTF-8. Case is ignored for ASCII letters. Markdown emphasis ('*', '_', '`'), quotes,
 * square brackets (draft placeholders, "[24] hours"), no-break and other Unicode spaces count as
 * spaces; Unicode hyphens and dashes as '-'. The scan is linear in the text and allocates nothing.
 */

typedef enum {
    CK_DPHRASE_QUANTIFIED,   /* a number and a unit */
    CK_DPHRASE_UNQUANTIFIED, /* "promptly", "without undue delay", ...: no bound at all */
} ck_dphrase_kind;

/* What the words around the number say about it. */
typedef enum {
    CK_DPHRASE_PLAIN,    /* "72 hours after becoming aware" */
    CK_DPHRASE_AT_MOST,  /* "within", "no later than", "not exceeding", "up to", "at most", ... */
    CK_DPHRASE_AT_LEAST, /* "at least", "not less than", "no fewer than", "a minimum of", ... */
    CK_DPHRASE_RANGE,    /* "between 24 and 72 hours", "24-72 hours" */
} ck_dphrase_bound;

/* Units as written; minutes exist here (contracts use them) though ck_duration has none. */
typedef enum {
    CK_DPU_MINUTE,
    CK_DPU_HOUR,
    CK_DPU_DAY,
    CK_DPU_WEEK,
    CK_DPU_MONTH,
    CK_DPU_YEAR,
} ck_dphrase_unit;

/* One amount as written. */
typedef struct {
    int64_t amount;       /* 1..CK_DURATION_MAX */
    ck_dphrase_unit unit; /* "fortnight" is read as 2 weeks */
    bool business;        /* business/working/banking days or hours (only with DAY and HOUR) */
} ck_dphrase_amount;

typedef struct {
    ck_dphrase_kind kind;
    ck_dphrase_bound bound;
    ck_dphrase_amount low, high; /* QUANTIFIED: equal unless a range or words and figures differ */
    bool figures_differ;         /* "twenty-four (48) hours": low and high are the two readings */
    ck_duration value;           /* QUANTIFIED: high as a ck_duration (business days as days, see
                                    the business flag; minutes rounded up to whole hours) */
    size_t start, end;           /* bytes [start, end) of the text: bounding words through the unit,
                                    or the unquantified words */
    const char *words;           /* UNQUANTIFIED: the phrase in canonical form ("without undue delay") */
} ck_dphrase;

/*
 * Finds every duration phrase in text[0..len), in text order, writing at most cap of them to out
 * (out may be NULL when cap is 0). Returns how many there are, which may exceed cap.
 */
size_t ck_dphrase_scan(const char *text, size_t len, ck_dphrase *out, size_t cap);

/*
 * The shortest and longest calendar length, in minutes, that the phrase allows (see the business
 * day rule above; months and years by ck_duration_minutes). UNQUANTIFIED: 0 and INT64_MAX.
 */
void ck_dphrase_minutes(const ck_dphrase *p, int64_t *shortest, int64_t *longest);

/*
 * Plain words for reports, snprintf-style: "72 hours", "1 business day", "between 24 and 72
 * hours", "24 or 48 hours (words and figures differ)", "without undue delay".
 */
size_t ck_dphrase_describe(const ck_dphrase *p, char *buf, size_t n);

/*
 * Required words: finds the words of `words` (e.g. "incident" or "security incident") in text as
 * whole words, in order, separated only by what the reader counts as space (so "Security
 * **Incident**" and a line break match), ignoring ASCII case. Punctuation written in `words` must
 * be there too ("sub-processor", with any hyphen or dash). true with the match's byte span in
 * *start, *end (either may be NULL); false if absent or if `words` holds no word. At most
 * CK_DPHRASE_MAX_WORDS tokens (words, numbers, punctuation) of `words` are compared.
 */
#define CK_DPHRASE_MAX_WORDS 16
bool ck_dphrase_find_words(const char *text, size_t len, const char *words, size_t wlen,
                           size_t *start, size_t *end);

/* Whether `words` can be found at all (it holds a word or a number), with the number of tokens
 * ck_dphrase_find_words compares in *ntokens (may be NULL): a policy's checker uses it to refuse
 * required words that could never match or are too long. */
bool ck_dphrase_words_usable(const char *words, size_t wlen, size_t *ntokens);

#endif
