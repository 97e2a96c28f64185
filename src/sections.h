/* Numbered sections of a contract document ("9.2", "9.2(a)", "Schedule 2 para 4", "Annex II"). */
#ifndef CK_SECTIONS_H
#define CK_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "document.h"

/*
 * A section starts at a paragraph that begins with a number, and runs until the next section
 * that is not inside it, so "9" holds 9.1 and 9.2, and 9.2 holds 9.2(a). Numbers recognised at
 * the start of a paragraph (after Markdown '#'s and emphasis):
 *   1   1.   9.2   9.2.1   9.2(a)   9.2(a)(iv)   1)             numbered clauses
 *   (a) (b) ... (i) (ii) ... (A) (1)  a)                        sub-clauses of the open clause
 *   Clause 9.2   Section 9   Article 30(2)   Paragraph 4   § 9   the same with a keyword
 *   Schedule 2   Annex II   Appendix A   Exhibit 1   Attachment 3   containers
 * Inside a container, numbering starts again and ids carry the container: paragraph 4 of
 * Schedule 2 is "schedule 2 para 4".
 *
 * Paragraphs of plain text and PDF lines are not always clauses ("72 hours of becoming aware"
 * can start a wrapped line), so a number only starts a section when it is plausible:
 *  - strong evidence is always enough: a heading (DOCX heading style or outline level, Markdown
 *    '#'), or DOCX automatic numbering;
 *  - otherwise a number must continue its container's numbering: where it first differs from
 *    the last clause, higher by at most 10, with every later part 1 ("2.2" may be followed by
 *    "2.3", "2.3.1", "3" or "3.1", but "9.2" or "72." there is text), and a one-part number
 *    needs its '.' or ')' ("1." or "1)"; "1 January" is text);
 *  - a sub-clause must continue its list ((b) after (a)) or start one ((a), (i), (A), (1)) under
 *    an open numbered clause; "(i)" right after "(h)" is the letter i, otherwise a roman list;
 *  - a keyword or container label must look like a heading: a heading paragraph, nothing or a
 *    separator (":", "-", "." or a dash) after the number, or a short line not ending a
 *    sentence ("Clause 9.2 applies to all Services." is text).
 * An unnumbered heading closes the open sections that began at the same or a deeper heading
 * level, or in body text ("## Signatures" ends the last clause).
 *
 * Ids are canonical: lower case, single spaces, "para" for paragraph/clause/section inside a
 * container, no trailing dot, no keyword outside containers ("Clause 9.2" is "9.2"), sub-clauses
 * in parentheses without spaces ("9.2(a)"). Roman and letter container numbers are kept as
 * written ("Annex II" is "annex ii", not "annex 2"). A record's section reference goes through
 * the same reading (ck_section_id_normalise), so "Schedule 2, paragraph 4", "schedule 2 para. 4"
 * and "SCHEDULE 2 Para 4" all name "schedule 2 para 4".
 */

typedef struct {
    const char *id;          /* canonical id (see above) */
    size_t label_start, label_end;     /* the number as written, in doc->text */
    size_t heading_start, heading_end; /* the rest of its first paragraph after the number, trimmed */
    size_t start, end;       /* the whole section, subsections included, in doc->text */
    size_t own_end;          /* end of its own text, where its first subsection starts (else end) */
    size_t first_para, last_para; /* indexes into doc->paras */
    int parent;              /* index of the enclosing section, -1 at the top */
    unsigned depth;          /* sections it is inside: 0 for containers and top-level clauses */
} ck_doc_section;

typedef struct {
    ck_doc_section *items;       /* in document order */
    size_t n;
    char *pool;              /* the ids' storage */
    size_t *by_id;           /* indexes sorted by id, then document order */
} ck_sections;

/* 0 on success; -1 when out of memory (s left empty). Linear in the document's size. */
int ck_sections_split(const ck_document *doc, ck_sections *s);
void ck_sections_free(ck_sections *s);

/*
 * The first section (in document order) whose id is ref once normalised; NULL if none or if
 * ref is not a section reference. *matches (may be NULL) counts the sections with that id: more
 * than one means the document numbers two places alike (a numbering restart without a container
 * heading), which a caller may want to report. O(log n).
 */
const ck_doc_section *ck_sections_find(const ck_sections *s, const char *ref, size_t len, size_t *matches);

/*
 * Writes the canonical id of a section reference as a record would write it ("Clause 9.2",
 * "9.2 (a)", "Schedule 2, paragraph 4", "Annex II") into buf; returns its length, or 0 (buf "")
 * when ref is not a section reference or does not fit.
 */
size_t ck_section_id_normalise(const char *ref, size_t len, char *buf, size_t cap);

#endif
