#!/usr/bin/env python3
"""Writes the DOCX and PDF fixtures of the document reader's tests into tests/documents/.

Usage: scripts/gen_document_fixtures.py [OUTDIR]   (default tests/documents)
       scripts/gen_document_fixtures.py --bench-pdf FILE PAGES   (make bench: a long contract)
       scripts/gen_document_fixtures.py --bench-check DIR PAGES  (make bench: it, and records with and without it)

No Office or PDF library is needed: a DOCX is a ZIP of XML parts (python's zipfile), and the
PDFs are written object by object with their cross-reference table. The outputs are committed;
run this again only to change them. Everything is deterministic (fixed ZIP timestamps), so a
re-run reproduces the same bytes.

Besides well-formed documents it writes the hostile ones the reader must refuse cleanly:
a ZIP bomb with an honest size, one whose headers lie about the size, a member named
'../../x', an encrypted member, a DOCX with a DOCTYPE (entity expansion), a PDF whose page
tree and stream lengths refer to themselves, a PDF whose content stream inflates to 512 MiB
of spaces, and one whose content stream is a single 256 MiB string.
"""
import os
import struct
import sys
import zipfile
import zlib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = (2026, 1, 1, 0, 0, 0)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

# Heading 1 is list level 0 of list 1 ("1."), Heading 2 level 1 ("1.1"); body paragraphs take
# level 2 ("(a)") directly. ScheduleHeading is a heading through its outline level only.
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/>
  <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ScheduleHeading"><w:name w:val="Schedule Heading"/>
  <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
</w:styles>"""

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
<w:abstractNum w:abstractNumId="10">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%4)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="20">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#8226;"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="30">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Annex %1"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>
</w:numbering>"""


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text, style=None, num=None, ilvl=None, outline=None, runs=None):
    """One w:p. text may hold '\t' (a w:tab run) ; runs overrides text with raw run XML."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += "<w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + \
               f'<w:numId w:val="{num}"/></w:numPr>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    body = runs if runs is not None else "".join(
        ("<w:r><w:tab/></w:r>" if i else "") + f'<w:r><w:t xml:space="preserve">{esc(part)}</w:t></w:r>'
        for i, part in enumerate(text.split("\t")))
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def document(paras):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f'<w:body>{"".join(paras)}<w:sectPr/></w:body></w:document>')


def write_zip(path, members, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compress) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = compress
            z.writestr(info, data)


def docx(path, body_xml, extra=()):
    write_zip(path, [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                     ("word/document.xml", body_xml), ("word/styles.xml", STYLES),
                     ("word/numbering.xml", NUMBERING), *extra])


def msa_docx(path):
    incident = ('<w:r><w:t xml:space="preserve">The Supplier shall notify the Customer of any Security '
                'Incident without undue delay and in any event within </w:t></w:r>'
                '<w:del w:id="1" w:author="Legal"><w:r><w:delText>seventy-two (72)</w:delText></w:r></w:del>'
                '<w:ins w:id="2" w:author="Legal"><w:r><w:t>twenty-four (24)</w:t></w:r></w:ins>'
                '<w:r><w:t xml:space="preserve"> hours after becoming aware of it.</w:t></w:r>')
    paras = [
        para("Master Services Agreement", style="Title"),
        para("Definitions", style="Heading1"),
        para("In this Agreement, Business Day means a day other than a Saturday or Sunday.", num=1, ilvl=1),
        para("Incident notification", style="Heading1"),
        para("", num=1, ilvl=1, runs=incident),
        para("the nature of the incident;", num=1, ilvl=2),
        para("the data concerned; and", num=1, ilvl=2),
        para("the measures taken.", num=1, ilvl=2),
        para("Audit", style="Heading1"),
        para("Audit rights", style="Heading2"),
        para("The Customer may audit the Supplier once in any twelve (12) month period.", num=1, ilvl=2),
        para("Key facts\tsee the table below"),
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Response time</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:p><w:r><w:t>4</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>hours</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
        para("a bullet point that carries no number", num=2, ilvl=0),
        para("Schedule 2 - Security Requirements", style="ScheduleHeading"),
        para("General", num=3, ilvl=0),
        para("Patches are applied within 14 days.", num=3, ilvl=1),
        para("", num=4, ilvl=0, runs='<w:r><w:t xml:space="preserve"> - Data processing details</w:t></w:r>'),
        para("Heading by outline level only", outline=1),
    ]
    docx(path, document(paras))


# ---- PDF ----

def pdf_string(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_objects(objs, root=1):
    """objs: list of bytes bodies for objects 1..n. Returns the file with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data, compress=False):
    if compress:
        data = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text_pdf(pages):
    """pages: list of lists of lines. Helvetica, one line per 14 points from the top."""
    n = len(pages)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        ops = ["BT /F1 10 Tf 14 TL 56 790 Td"]
        for line in lines:
            ops.append(pdf_string(line) + " Tj T*")
        ops.append("ET")
        objs.append(stream("\n".join(ops).encode("latin-1"), compress=True))
        content = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(len(objs))
    objs[1] = ("<< /Type /Pages /Count %d /Kids [%s] >>" % (n, " ".join(f"{k} 0 R" for k in kids))).encode()
    return pdf_objects(objs)


MSA_PDF_PAGES = [
    ["DATA PROCESSING AGREEMENT",
     "",
     "1. Definitions",
     "1.1 Personal Data has the meaning given in the GDPR.",
     "2. Security",
     "2.1 The Processor shall implement the measures in Annex II.",
     ],
    ["3. Personal data breaches",
     "3.1 The Processor shall notify the Controller without undue delay and in any",
     "event no later than 48 hours after becoming aware of a personal data breach.",
     "3.2 The notification shall describe:",
     "(a) the nature of the breach;",
     "(b) the likely consequences; and",
     "(c) the measures taken.",
     "Annex II - Technical and organisational measures",
     "1. Encryption of personal data in transit and at rest.",
     ],
]


def loop_pdf():
    """Page tree whose Kids point back at itself, and a stream whose /Length is itself."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count 1 /Kids [2 0 R 3 0 R] >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Length 4 0 R >>\nstream\nBT (loop) Tj ET\nendstream"]
    return pdf_objects(objs)


def huge_stream_pdf(inflated=512 << 20, head=b"", fill=b" ", tail=b""):
    """One page whose content stream inflates to about `inflated` bytes of `fill` between head
    and tail: tiny on disk, long to interpret (spaces) or large to hold (one string literal)."""
    comp = zlib.compressobj(9)
    chunk = fill * (1 << 20)
    data = comp.compress(head) + b"".join(comp.compress(chunk) for _ in range(inflated >> 20)) + \
        comp.compress(tail) + comp.flush()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /MediaBox [0 0 595 842] >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    return pdf_objects(objs)


# ---- hostile ZIPs ----

def bomb_docx(path, inflated, lie):
    """word/document.xml inflating to `inflated` bytes. With lie, both headers claim 1000 bytes."""
    head = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    filler = b"A" * (1 << 20)
    raw = comp.compress(head) + b"".join(comp.compress(filler) for _ in range(inflated >> 20)) + comp.flush()
    crc = zlib.crc32(head)
    for _ in range(inflated >> 20):
        crc = zlib.crc32(filler, crc)
    size = len(head) + (inflated >> 20) * len(filler)
    stated = 1000 if lie else size
    name = b"word/document.xml"
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5C21, crc, len(raw), stated, len(name), 0)
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x5C21, crc, len(raw),
                          stated, len(name), 0, 0, 0, 0, 0, 0)
    body = local + name + raw
    cd = central + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(cd), len(body), 0)
    with open(path, "wb") as f:
        f.write(body + cd + end)


def encrypted_docx(path):
    """A valid DOCX whose styles part has the 'encrypted' flag (general purpose bit 0) set."""
    tmp = path + ".tmp"
    docx(tmp, document([para("Encrypted parts are refused.")]))
    data = bytearray(open(tmp, "rb").read())
    os.unlink(tmp)
    name = b"word/styles.xml"
    for sig, flag_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 26, 30), (b"PK\x01\x02", 8, 28, 46)):
        at = data.find(sig)
        while at >= 0:
            n = struct.unpack_from("<H", data, at + name_len_at)[0]
            if bytes(data[at + name_at:at + name_at + n]) == name:
                struct.pack_into("<H", data, at + flag_at, struct.unpack_from("<H", data, at + flag_at)[0] | 1)
            at = data.find(sig, at + 4)
    open(path, "wb").write(bytes(data))


def bench_pdf(path, pages):
    """A contract of `pages` pages, 50 lines each: numbered clauses with sub-clauses and durations."""
    lines, clause = [], 0
    while len(lines) < pages * 50:
        clause += 1
        lines.append(f"{clause}. Obligations of the parties, part {clause}")
        for sub in range(1, 6):
            lines.append(f"{clause}.{sub} The Supplier shall notify the Customer of any change to the Services")
            lines.append("without undue delay and in any event within twenty-four (24) hours, and shall")
            lines.append(f"deliver a written report within {sub + 2} Business Days of the request:")
            for letter in "abc":
                lines.append(f"({letter}) describing the measures taken under clause {clause}.{sub};")
    open(path, "wb").write(text_pdf([lines[i:i + 50] for i in range(0, pages * 50, 50)]))


BENCH_RECORD = """supplier: {{ id: bench-documents }}
profile: {{ supplies: goods, importance: low, data_shared: false, system_access: false, processing: false,
           cloud: false, location: GB }}
{documents}clauses:
  security-requirements: {{ schedule: "clause 1", section: "1" }}
  incident-notification: {{ notify_within: 24h, section: "{last}.1" }}
  inability-notice: {{ notify_within: 3d, section: "{mid}.2" }}
  right-to-audit: {{ frequency: 3y, section: "{mid}" }}
"""


def bench_check(out, pages):
    """make bench: a 200-page contract and one record naming it, and the same record without it."""
    os.makedirs(out, exist_ok=True)
    bench_pdf(os.path.join(out, "contract.pdf"), pages)
    clauses = pages * 50 // 31  # bench_pdf: a heading, 5 sub-clauses of 3 lines and 3 items each
    doc = "documents: [ { id: contract, file: contract.pdf } ]\n"
    for name, documents in (("with-document.yaml", doc), ("without-document.yaml", "")):
        with open(os.path.join(out, name), "w") as f:
            f.write(BENCH_RECORD.format(documents=documents, last=clauses - 1, mid=clauses // 2))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--bench-pdf":
        bench_pdf(sys.argv[2], int(sys.argv[3]))
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--bench-check":
        bench_check(sys.argv[2], int(sys.argv[3]))
        return
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/documents"
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)
    msa_docx(p("msa.docx"))
    open(p("dpa.pdf"), "wb").write(text_pdf(MSA_PDF_PAGES))
    # hostile
    bomb_docx(p("bomb.docx"), 100 << 20, lie=False)
    bomb_docx(p("bomb-lying.docx"), 100 << 20, lie=True)
    docx(p("traversal.docx"), document([para("x")]), extra=[("../../x", "owned")])
    encrypted_docx(p("encrypted.docx"))
    doctype = document([para("&lol;")]).replace("?>\n", '?>\n<!DOCTYPE w:document [<!ENTITY lol "lol">]>\n', 1)
    docx(p("doctype.docx"), doctype)
    docx(p("malformed-xml.docx"), document([para("unclosed")]).replace("</w:body>", ""))
    write_zip(p("not-docx.docx"), [("mimetype", "application/vnd.oasis.opendocument.text")])
    open(p("truncated.docx"), "wb").write(open(p("msa.docx"), "rb").read()[:700])
    open(p("loop.pdf"), "wb").write(loop_pdf())
    open(p("huge-stream.pdf"), "wb").write(huge_stream_pdf())
    open(p("string-bomb.pdf"), "wb").write(huge_stream_pdf(256 << 20, b"BT (", b"A", b") Tj ET"))
    open(p("garbage.pdf"), "wb").write(b"%PDF-1.4\n" + bytes(range(256)) * 8)


if __name__ == "__main__":
    main()
