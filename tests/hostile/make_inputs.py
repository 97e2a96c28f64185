#!/usr/bin/env python3
"""Writes the static hostile inputs of tests/hostile/ (run once by hand; the files are committed).

Each input NAME.policy or NAME.yaml has NAME.expect beside it: the exit code clausecheck must
return and a substring its output must contain (it always also contains the file's name)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OK = 'profile: { supplies: goods, importance: low, data_shared: false, system_access: false, processing: false, cloud: false, location: GB }\n'
SUP = 'supplier: { id: hostile, name: "Hostile Ltd" }\n'


def write(name, data, code, needle, directory=HERE):
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    base = name.rsplit(".", 1)[0]
    with open(os.path.join(directory, base + ".expect"), "w") as f:
        f.write(f"exit {code}\nmessage {needle}\n")


def main():
    P = "policy"
    # policies (linted)
    write("p-empty.policy", "", 2, "no declarations")
    write("p-whitespace.policy", "  \n\t\n\n", 2, "no declarations")
    write("p-comment-only.policy", "# nothing here\n", 2, "no declarations")
    write("p-nul.policy", b'policy "x"\x00 tiers a\n', 2, "NUL byte")
    write("p-garbage.policy", bytes(range(1, 256)) * 4, 2, "unexpected")
    write("p-invalid-utf8-string.policy", b'policy "caf\xe9"\ntiers a\ntier a otherwise\n', 2, "not valid UTF-8")
    write("p-invalid-utf8-bare.policy", b'policy "x"\n\xff\xfe tiers a\n', 2, "unexpected byte")
    write("p-bom-crlf.policy", b'\xef\xbb\xbfpolicy "x"\r\ntiers a < b\r\ntier b when c\r\ntier a otherwise\r\nprofile { c : bool "C" }\r\nclause k "K"\r\nrequire R "r" for tier b {\r\n  clause k\r\n}\r\n', 0, "")
    write("p-deep-parens.policy", "tiers a < b\ntier b when " + "(" * 5000 + "x" + ")" * 5000 + "\n", 2, "nested too deeply")
    write("p-deep-any.policy", 'tiers a\ntier a otherwise\nclause k "K"\nrequire R "r" {\n' + "any {\n" * 80 + "clause k\n" + "}\n" * 80 + "}\n", 2, "nested too deeply")
    write("p-long-string.policy", 'policy "' + "x" * 70000 + '"\n', 2, "too long")
    write("p-unterminated-string.policy", 'policy "never closed\n', 2, "unterminated string")
    write("p-unterminated-string-eof.policy", 'policy "never closed', 2, "unterminated string")
    write("p-unterminated-comment.policy", 'policy "x" /* never closed\n', 2, "unterminated comment")
    write("p-huge-number.policy", 'tiers a\ntier a otherwise\nquestionnaire q "Q" { question n : number "N" expect <= 99999999999999999999 }\n', 2, "too long")
    write("p-huge-duration.policy", 'tiers a\ntier a attribute\n', 2, "unexpected")
    write("p-duration-overflow.policy", 'tiers a\ntier attribute d : duration "D"\ntier a has d = 9999999999y\ntier a otherwise\n', 2, "too large")
    write("p-impossible-date.policy", 'policy "x" effective 2026-02-30\n', 2, "no such date")
    write("p-truncated.policy", 'policy "x"\ntiers low < high\ntier high when importance >=', 2, "unexpected end of file")
    write("p-import-missing.policy", 'import "does-not-exist.policy"\n', 2, "cannot read imported policy")
    write("p-import-self.policy", 'import "p-import-self.policy"\ntiers a\ntier a otherwise\n', 2, "import cycle")
    write("p-import-dev.policy", 'import "/dev/zero"\n', 2, "not a regular file")
    write("p-import-dir.policy", 'import "."\n', 2, "directory")
    write("p-control-chars.policy", 'policy "x"\x07\x1b[31m\ntiers a\n', 2, "unexpected")
    write("p-semicolons.policy", 'policy "x";\ntiers a;\n', 2, "terminator")
    write("p-many-errors.policy", "".join(f"tier t{i} when\n" for i in range(1000)), 2, "too many errors")
    # records (checked with the built-in baseline)
    write("r-empty.yaml", "", 2, "empty record file")
    write("r-garbage.yaml", bytes(range(128, 256)) * 2, 2, "invalid")
    write("r-nul.yaml", b"supplier: { id: a\x00b }\n", 2, "NUL")
    write("r-invalid-utf8.yaml", b"supplier: { id: \"\xc3\x28\" }\n", 2, "invalid")
    write("r-bom-crlf.yaml", b"\xef\xbb\xbf" + (SUP + OK).replace("\n", "\r\n").encode(), 0, "tier low")
    write("r-duplicate-key.yaml", SUP + OK + "supplier: { id: again }\n", 2, "duplicate key")
    write("r-billion-laughs.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n", 2, "alias expansion")
    write("r-depth-bomb.yaml", "x: " + "[" * 10000 + "]" * 10000 + "\n", 2, "nest")
    write("r-depth-bomb-map.yaml", "".join("  " * i + f"k{i}:\n" for i in range(200)), 2, "nest")
    write("r-tag.yaml", SUP + "profile: { supplies: !!str goods, importance: !custom low, data_shared: false, system_access: false, processing: false, cloud: false, location: GB }\n", 1, "YAML tag")
    write("r-huge-int.yaml", SUP + OK + "questionnaires: { security-questionnaire: { depth: lite, answers: { patch_critical_days: 123456789012345678901234567890 } } }\n", 1, "must be a number")
    write("r-impossible-date.yaml", SUP + "contract: { id: c, last_assessed: 2026-02-30 }\n" + OK, 1, "not a real date")
    write("r-duration-overflow.yaml", SUP + OK + "clauses: { incident-notification: { notify_within: 99999999999h } }\n", 1, "too large a duration")
    write("r-negative-duration.yaml", SUP + OK + "clauses: { incident-notification: { notify_within: -24h } }\n", 1, "not a duration")
    write("r-scalar-root.yaml", "just a string\n", 1, "must be a mapping")
    write("r-list-root.yaml", "- a\n- b\n", 1, "must be a mapping")
    write("r-two-documents.yaml", SUP + OK + "---\n" + SUP, 2, "document")
    write("r-unknown-section.yaml", SUP + OK + "clauzes: {}\n", 1, "did you mean 'clauses'")
    write("r-wrong-shape.yaml", SUP + OK + "evidence: { kind: x }\n", 1, "must be a list")
    write("r-too-many-evidence.yaml", SUP + OK + "evidence:\n" + "".join(f"  - {{ kind: penetration-test, file: e{i}.pdf }}\n" for i in range(300)), 1, "too many evidence entries")
    write("r-bad-sha.yaml", SUP + OK + "evidence: [ { kind: penetration-test, file: x.pdf, sha256: \"zz\" } ]\n", 1, "not a SHA-256")
    write("r-json-invalid.json", '{"supplier": {"id": "a",}', 2, "invalid")
    write("r-json-dup.json", '{"supplier": {"id": "a"}, "supplier": {"id": "b"}}', 2, "duplicate key")
    write("r-undefined-alias.yaml", "supplier: *nothing\n", 2, "alias")
    write("r-merge-key.yaml", "base: &b { id: x }\nsupplier:\n  <<: *b\n" + OK, 1, "unknown key '<<'")
    write("r-control-in-name.yaml", 'supplier: { id: "a\\u001b[31mred", name: "\\u0007bell" }\n' + OK, 0, "tier low")
    write("r-evidence-absolute.yaml", SUP + OK + "evidence: [ { kind: penetration-test, file: /etc/passwd } ]\n", 1, "evidence-outside-root")
    write("r-evidence-dotdot.yaml", SUP + OK + "evidence: [ { kind: penetration-test, file: ../../../../etc/passwd } ]\n", 1, "evidence-outside-root")
    write("r-evidence-nul.yaml", SUP + OK + "evidence: [ { kind: penetration-test, file: \"a\\0b\" } ]\n", 1, "contains a NUL byte")
    write("r-evidence-dev.yaml", SUP + OK + "evidence: [ { kind: penetration-test, file: ../../../../dev/zero } ]\n", 1, "evidence-outside-root")
    write("r-document-nul.yaml", SUP + OK + "documents: [ { id: msa, file: \"a\\0b.docx\" } ]\n", 1, "contains a NUL byte")
    write("r-document-absolute.yaml", SUP + OK + "documents: [ { id: msa, file: /etc/passwd } ]\n", 1, "document-outside-root")
    write("r-document-dev.yaml", SUP + OK + "documents: [ { id: msa, file: ../../../../dev/zero } ]\n", 1, "document-outside-root")
    write("r-document-unknown-id.yaml", SUP + OK + "documents: [ { id: msa, file: msa.docx } ]\n"
          "clauses: { incident-notification: { notify_within: 7d, section: \"9.2\", document: dpa } }\n", 1,
          "names document 'dpa', which the record does not list")
    write("r-document-duplicate-id.yaml", SUP + OK + "documents: [ { id: msa, file: a.md }, { id: msa, file: b.md } ]\n", 1,
          "already listed")
    write("r-too-many-documents.yaml", SUP + OK + "documents:\n" + "".join(f"  - {{ id: d{i}, file: d{i}.pdf }}\n" for i in range(100)), 1,
          "too many documents")
    write("r-evidence-long.yaml", SUP + OK + "evidence: [ { kind: penetration-test, file: " + "a/" * 3000 + "x } ]\n", 1, "evidence-bad-path")

    # parties behind the supplier, checked against p-parties.policy (rp-*): each within the 5 s limit
    write("p-parties.policy", PARTIES_POLICY, 0, "")
    PSUP = SUP + "profile: { personal_data: true }\n"
    write("rp-duplicate-ids.yaml", PSUP + "parties:\n" + "".join("  - { kind: sub, id: same, profile: { location: GB } }\n" for _ in range(200)), 1, "sub 'same' is already listed at line 4")
    write("rp-deep-nesting.yaml", PSUP + "parties: " + "".join(f"[ {{ kind: {'sub' if i == 0 else 'vendor'}, id: p{i}, parties: " for i in range(12)) + "[]" + " } ]" * 12 + "\n", 1, "parties are nested too deeply (more than 8 levels)")
    write("rp-nesting-bomb.yaml", PSUP + "parties: " + "[ { kind: sub, id: x, parties: " * 40 + "[]" + " } ]" * 40 + "\n", 2, "nested deeper than 64 levels")
    write("rp-scalar-party.yaml", PSUP + "parties:\n  - just-a-name\n  - 42\n  - [ kind, sub ]\n", 1, "a party must be a mapping of keys to values")
    write("rp-parties-mapping.yaml", PSUP + "parties: { kind: sub, id: a }\n", 1, "parties must be a list, not a mapping")
    write("rp-attribute-garbage.yaml", PSUP + "evidence:\n" + "".join(f"  - {{ kind: assessment, score: {'9' * 16}.{'9' * 7}, grade: x{i} }}\n" for i in range(250)), 1, "attribute 'score' must be a number")


def write_large(directory):
    """The party lists too large to keep in git: tests/cases/hostile.sh writes them at run time."""
    PSUP = SUP + "profile: { personal_data: true }\n"
    write("rp-huge-list.yaml", PSUP + "parties:\n" + "".join(f"  - {{ kind: sub, id: s{i}, profile: {{ location: GB }} }}\n" for i in range(10050)), 1, "too many parties (the limit is 10000 in a record)", directory)
    write("rp-many-parties.yaml", PSUP + "parties:\n" + "".join(f"  - {{ kind: sub, id: s{i}, profile: {{ location: {'US' if i % 2 else 'GB'} }}, clauses: {{ dpa: }}, parties: [ {{ kind: vendor, id: v }} ] }}\n" for i in range(4900)), 1, "party-not-allowed", directory)
    # 100 sub-processors with 101 vendors each: the limit counts every depth, and is reported once
    # (the vendors' filters decide, so the run stays well within 5 s under the sanitizers)
    write("rp-wide-and-deep.yaml", PSUP + "parties:\n" + "".join(f"  - {{ kind: sub, id: s{i}, parties: [ " + ", ".join(f"{{ kind: vendor, id: v{j}, profile: {{ country: GB }} }}" for j in range(101)) + " ] }\n" for i in range(100)), 1, "too many parties (the limit is 10000 in a record)", directory)


PARTIES_POLICY = """policy "Hostile parties"
profile { personal_data : bool "P" }
tiers low < high
tier high when personal_data
tier low otherwise
party sub "A sub-processor" { location : string "L" }
party vendor "A vendor" { country : string "C" }
clause dpa "DPA"
evidence assessment "Assessment" {
  attribute score : number "S"
  attribute grade : level(basic, high) "G"
}
require H-1 "Every sub-processor is bound" {
  for each sub {
    clause dpa
    for at most 0 vendor where country == "KP"
  }
  for no sub where location not in ("GB", "IE")
  for at least 3 sub where location == "GB" {
    clause dpa
  }
  evidence assessment score >= 0 and grade >= high
}
"""


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--large":
        write_large(sys.argv[2])
    else:
        main()
