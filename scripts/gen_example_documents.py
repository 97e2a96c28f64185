#!/usr/bin/env python3
"""Writes the example repository's contract documents (DOCX and PDF) from their text sources.

Usage: scripts/gen_example_documents.py [SOURCES [REPOSITORY]]
       (defaults: scripts/example-documents and examples)

Each source is a contract written as plain text with a little Markdown:

    # Title                      the document's title
    > a line                     a line under the title (parties, date), centred in the PDF
    ## 7. Security               a numbered clause heading
    7.1 The Supplier shall ...   a numbered clause (its number as the contract prints it)
    (a) ...                      a sub-clause
    ## Schedule 1 - Site rules   a schedule (annex, appendix) heading: numbering starts again
    1. ...                       a paragraph of the schedule
    any other text               a paragraph

A source's first line names its output, relative to REPOSITORY:
`<!-- out: contracts/documents/harbour/engagement-letter.pdf -->`.

A DOCX gets Word's own automatic numbering (clause headings, clauses and sub-clauses are list
levels, each schedule a list that starts again at 1), heading styles and a title style, so that
clausecheck reads the numbers the way Word prints them; the script checks that the numbers the
source writes are the ones Word will print. A PDF is typeset in Helvetica on A4 pages, ragged
right and without hyphenation, a line never starting with a number that could read as a clause
number, with a page footer. Both are written with Python's standard library alone (zipfile,
zlib), like the reader's test fixtures (gen_document_fixtures.py), so the outputs are the same
bytes on every run; they are committed.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_document_fixtures import (CONTENT_TYPES, RELS, W, esc, pdf_objects, pdf_string,  # noqa: E402
                                   stream, write_zip)

# ---- the source ----

HEADING = re.compile(r"^## (\d+)\.\s+(.*)$")
CONTAINER = re.compile(r"^## ((Schedule|Annex|Appendix) \S+)\s*-\s*(.*)$")
CLAUSE = re.compile(r"^(\d+)\.(\d+)\s+(.*)$")
ITEM = re.compile(r"^(\d+)\.\s+(.*)$")
SUB = re.compile(r"^\(([a-z])\)\s+(.*)$")


def parse(text):
    """The source as (kind, number, text) blocks: title, line, heading, container, clause, item, sub, para."""
    blocks, para = [], []

    def flush():
        if para:
            blocks.append(("para", None, " ".join(para)))
            para.clear()

    for raw in text.splitlines()[1:]:
        line = raw.strip()
        if not line:
            flush()
            continue
        for kind, rx in (("heading", HEADING), ("container", CONTAINER), ("clause", CLAUSE), ("item", ITEM),
                         ("sub", SUB)):
            m = rx.match(line)
            if m:
                flush()
                blocks.append((kind, m.groups()[:-1], m.groups()[-1]))
                break
        else:
            if line.startswith("# "):
                flush()
                blocks.append(("title", None, line[2:]))
            elif line.startswith("> "):
                flush()
                blocks.append(("line", None, line[2:]))
            elif blocks and blocks[-1][0] in ("clause", "item", "sub") and not para:
                kind, num, body = blocks.pop()  # a clause's text continued on the next source line
                blocks.append((kind, num, body + " " + line))
            else:
                para.append(line)
    flush()
    return blocks


# ---- DOCX ----

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>
  <w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/><w:sz w:val="22"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:jc w:val="center"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ScheduleHeading"><w:name w:val="Schedule Heading"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:pageBreakBefore/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"""


def numbering(schedules):
    """List 1: the agreement (1. / 1.1 / (a)); one list per schedule (1. / (a)), each starting at 1."""
    lvl = ('<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
           '<w:pPr><w:ind w:left="{ind}" w:hanging="567"/></w:pPr></w:lvl>')
    main = "".join(lvl.format(i=i, fmt=f, text=t, ind=567 * (i + 1))
                   for i, (f, t) in enumerate((("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)"))))
    sched = "".join(lvl.format(i=i, fmt=f, text=t, ind=567 * (i + 1))
                    for i, (f, t) in enumerate((("decimal", "%1."), ("lowerLetter", "(%2)"))))
    nums = '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>' + "".join(
        f'<w:num w:numId="{100 + k}"><w:abstractNumId w:val="20"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>' for k in range(schedules))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W}">'
            f'<w:abstractNum w:abstractNumId="10">{main}</w:abstractNum>'
            f'<w:abstractNum w:abstractNumId="20">{sched}</w:abstractNum>{nums}</w:numbering>')


def wpara(text, style=None, num=None, ilvl=None):
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
    return (f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}"
            f'<w:r><w:t xml:space="preserve">{esc(text)}</w:t></w:r></w:p>')


def write_docx(path, blocks):
    """Word numbers the clauses; the numbers the source writes must be the ones it will print."""
    paras, schedules = [], 0
    counters = [0, 0, 0]
    num = 1

    def expect(level, written):
        counters[level] += 1
        for deeper in range(level + 1, 3):
            counters[deeper] = 0
        if written is not None and written != counters[level]:
            sys.exit(f"{path}: the source numbers {written} where Word will print {counters[level]}")

    for kind, n, text in blocks:
        if kind == "title":
            paras.append(wpara(text, "Title"))
        elif kind == "line":
            paras.append(wpara(text, "Subtitle"))
        elif kind == "heading":
            expect(0, int(n[0]))
            paras.append(wpara(text, "Heading1", 1, 0))
        elif kind == "container":
            paras.append(wpara(f"{n[0]} - {text}", "ScheduleHeading"))
            num, counters[:] = 100 + schedules, [0, 0, 0]
            schedules += 1
        elif kind == "clause":
            expect(1, int(n[1]))
            paras.append(wpara(text, None, num, 1))
        elif kind == "item":
            if num == 1:
                sys.exit(f"{path}: '{n[0]}. {text[:30]}...' outside a schedule: the agreement numbers N.M")
            expect(0, int(n[0]))
            paras.append(wpara(text, None, num, 0))
        elif kind == "sub":
            level = 2 if num == 1 else 1
            expect(level, ord(n[0]) - ord("a") + 1)
            paras.append(wpara(text, None, num, level))
        else:
            paras.append(wpara(text))
    body = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}">'
            f'<w:body>{"".join(paras)}<w:sectPr/></w:body></w:document>')
    write_zip(path, [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("word/document.xml", body),
                     ("word/styles.xml", STYLES), ("word/numbering.xml", numbering(schedules))])


# ---- PDF ----

WIDTH = 92        # characters on a line of 10-point Helvetica between 56-point margins, near enough
PER_PAGE = 54     # lines a page holds above its footer


def wrap(text, indent=""):
    """Ragged-right lines; a continuation line never starts with a number (it could read as a clause)."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > WIDTH:
            if w[0].isdigit() and " " in line.strip():  # carry the word before the number along
                line, carried = line.rsplit(" ", 1)
                lines.append(line)
                line = indent + carried + " " + w
                continue
            lines.append(line)
            line = indent + w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line)
    return lines


def layout(blocks):
    """(font, text, centred) lines, pages broken before a schedule."""
    out = []
    for kind, n, text in blocks:
        if kind == "title":
            out += [("F2", text.upper(), True), ("F1", "", False)]
        elif kind == "line":
            out.append(("F1", text, True))
        elif kind == "heading":
            out += [("F1", "", False), ("F2", f"{n[0]}. {text}", False)]
        elif kind == "container":
            out += [("PAGE", "", False), ("F2", f"{n[0]} - {text}", True), ("F1", "", False)]
        elif kind == "clause":
            out += [("F1", line, False) for line in wrap(f"{n[0]}.{n[1]} {text}", "      ")]
        elif kind == "item":
            out += [("F1", line, False) for line in wrap(f"{n[0]}. {text}", "    ")]
        elif kind == "sub":
            out += [("F1", line, False) for line in wrap(f"      ({n[0]}) {text}", "          ")]
        else:
            out += [("F1", "", False)] + [("F1", line, False) for line in wrap(text)]
    pages, page = [], []
    for item in out:
        if item[0] == "PAGE" or len(page) == PER_PAGE:
            if page:
                pages.append(page)
            page = []
            if item[0] == "PAGE":
                continue
        if page or item[1]:
            page.append(item)
    pages.append(page)
    return pages


def write_pdf(path, blocks, footer):
    pages = layout(blocks)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"]
    kids = []
    for i, lines in enumerate(pages, 1):
        ops = []
        for k, (font, text, centred) in enumerate(lines):
            if not text:
                continue
            x = 56 if not centred else max(56, int(297 - len(text) * (3.0 if font == "F1" else 3.3)))
            ops.append(f"BT /{font} 10 Tf {x} {790 - 13 * k} Td {pdf_string(text)} Tj ET")
        ops.append(f"BT /F1 8 Tf 56 40 Td {pdf_string(f'{footer} - page {i} of {len(pages)}')} Tj ET")
        objs.append(stream("\n".join(ops).encode("cp1252"), compress=True))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % len(objs))
        kids.append(len(objs))
    objs[1] = ("<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), " ".join(f"{k} 0 R" for k in kids))).encode()
    with open(path, "wb") as f:
        f.write(pdf_objects(objs))


def main():
    sources = sys.argv[1] if len(sys.argv) > 1 else "scripts/example-documents"
    repo = sys.argv[2] if len(sys.argv) > 2 else "examples"
    for name in sorted(os.listdir(sources)):
        text = open(os.path.join(sources, name), encoding="utf-8").read()
        m = re.match(r"<!-- out: (\S+) -->", text)
        if not m:
            sys.exit(f"{name}: the first line must be <!-- out: PATH -->")
        out = os.path.join(repo, m.group(1))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        blocks = parse(text)
        if out.endswith(".docx"):
            write_docx(out, blocks)
        elif out.endswith(".pdf"):
            write_pdf(out, blocks, next(t for k, _, t in blocks if k == "title"))
        else:
            sys.exit(f"{name}: writes only .docx and .pdf ({out})")
        print(out)


if __name__ == "__main__":
    main()
