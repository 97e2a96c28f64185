#!/usr/bin/env python3
"""A scripted LSP client for `clausecheck lsp` (run by tests/cases/lsp_session.sh).

Drives three sessions over pipes with JSON-RPC in Content-Length frames and records every
message the server sends, in order, with the step that caused it. The record must equal
tests/lsp/session.expected exactly (UPDATE=1 rewrites it); the key results are also asserted
here one by one, so that a wrong expectation cannot be recorded unnoticed. The server must write
nothing to stderr and exit with the status the protocol asks for.

usage: session.py CLAUSECHECK [WRAPPER...]
"""
import json
import os
import pathlib
import signal
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MAIN = HERE / "main.policy"
BASE = HERE / "base" / "base.policy"
MAIN_URI = MAIN.as_uri()
BASE_URI = BASE.as_uri()
failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}:\n  got  {json.dumps(got, ensure_ascii=False)}\n  want {json.dumps(want, ensure_ascii=False)}")


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, command):
        self.p = subprocess.Popen(command + ["lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.next_id = 0
        self.log = []

    def write(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.rstrip(b"\r\n")
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.p.stdout.read(length))

    def step(self, label, data, replies):
        """Sends data (bytes or a message), then reads and records exactly `replies` messages."""
        self.write(data if isinstance(data, bytes) else frame(data))
        got = [self.read() for _ in range(replies)]
        self.log.append({"step": label, "messages": got})
        return got

    def request(self, label, method, params, replies=1):
        self.next_id += 1
        return self.step(label, {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}, replies)

    def notify(self, label, method, params, replies=0):
        return self.step(label, {"jsonrpc": "2.0", "method": method, "params": params}, replies)

    def finish(self, what, want_status):
        """Closes the input; the server must end with want_status, nothing more on stdout, nothing on stderr."""
        self.p.stdin.close()
        rest, err = self.p.stdout.read(), self.p.stderr.read()
        check(f"exit status {what}", self.p.wait(), want_status)
        check(f"nothing more on stdout {what}", rest, b"")
        check(f"nothing on stderr {what}", err, b"")
        return self.log


def utf16(text):
    return len(text.encode("utf-16-le")) // 2


def position(text, line, needle, nth=0, offset=0):
    """The LSP position (UTF-16 columns) of the nth occurrence of needle on a line, plus offset."""
    row = text.split("\n")[line]
    at = -1
    for _ in range(nth + 1):
        at = row.index(needle, at + 1)
    return {"line": line, "character": utf16(row[:at + offset])}


def doc(uri=MAIN_URI):
    return {"textDocument": {"uri": uri}}


def at(pos, uri=MAIN_URI):
    return {"textDocument": {"uri": uri}, "position": pos}


def main_session(command):
    text = MAIN.read_text(encoding="utf-8")
    s = Server(command)
    r = s.request("initialize", "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    check("capabilities", sorted(r[0]["result"]["capabilities"]), sorted([
        "positionEncoding", "textDocumentSync", "documentFormattingProvider", "hoverProvider",
        "definitionProvider", "referencesProvider", "completionProvider", "documentSymbolProvider"]))
    s.notify("initialized", "initialized", {})
    r = s.notify("open main.policy", "textDocument/didOpen",
                 {"textDocument": {"uri": MAIN_URI, "languageId": "clausecheck", "version": 1, "text": text}}, 1)
    check("diagnostics on open", r[0]["params"], {"uri": MAIN_URI, "diagnostics": []})

    # an edit with a mistake: the diagnostic lint gives, at the misspelt name
    broken = text.replace("clause incident-notification with", "clause incident-notificaton with")
    r = s.notify("edit: misspell a clause", "textDocument/didChange",
                 {"textDocument": {"uri": MAIN_URI, "version": 2}, "contentChanges": [{"text": broken}]}, 1)
    diags = r[0]["params"]["diagnostics"]
    check("diagnostic count", len(diags), 1)
    check("diagnostic", diags[0], {
        "range": {"start": {"line": 5, "character": 9}, "end": {"line": 5, "character": 29}},
        "severity": 1, "source": "clausecheck",
        "message": "unknown clause 'incident-notificaton'\nhint: did you mean 'incident-notification'?"})

    # fixed with an incremental change (one character inserted): diagnostics cleared
    r = s.notify("edit: fix it with a range change", "textDocument/didChange",
                 {"textDocument": {"uri": MAIN_URI, "version": 3},
                  "contentChanges": [{"range": {"start": {"line": 5, "character": 27}, "end": {"line": 5, "character": 27}},
                                      "text": "i"}]}, 1)
    check("diagnostics after the fix", r[0]["params"]["diagnostics"], [])

    # formatting: a canonical text needs no edit; a messy one gets the fmt output; a broken one none
    r = s.request("format the canonical text", "textDocument/formatting", {**doc(), "options": {"tabSize": 2, "insertSpaces": True}})
    check("no edit for canonical text", r[0]["result"], [])
    messy = text.replace("\n  clause incident", "\n        clause   incident").replace("policy \"LSP session\"", "policy   \"LSP session\"")
    s.notify("edit: messy layout", "textDocument/didChange",
             {"textDocument": {"uri": MAIN_URI, "version": 4}, "contentChanges": [{"text": messy}]}, 1)
    r = s.request("format the messy text", "textDocument/formatting", {**doc(), "options": {"tabSize": 2, "insertSpaces": True}})
    edits = r[0]["result"]
    check("one whole-document edit", len(edits), 1)
    check("edit range", edits[0]["range"], {"start": {"line": 0, "character": 0},
                                            "end": {"line": messy.count("\n"), "character": 0}})
    check("edit text is the canonical form", edits[0]["newText"], text)
    s.notify("edit: unparseable", "textDocument/didChange",
             {"textDocument": {"uri": MAIN_URI, "version": 5}, "contentChanges": [{"text": text.replace("  expect nothing\n}", "  expect nothing\n")}]}, 1)
    r = s.request("format the unparseable text", "textDocument/formatting", {**doc(), "options": {}})
    check("no edit when the text does not parse", r[0]["result"], [])
    r = s.notify("edit: back to the file", "textDocument/didChange",
                 {"textDocument": {"uri": MAIN_URI, "version": 6}, "contentChanges": [{"text": text}]}, 1)
    check("diagnostics cleared", r[0]["params"]["diagnostics"], [])

    # hover: a clause used here and declared in the import; a tier after non-ASCII text (UTF-16)
    r = s.request("hover a clause", "textDocument/hover", at(position(text, 5, "incident-notification", offset=3)))
    check("hover clause", r[0]["result"]["contents"]["value"],
          "**clause** `incident-notification`\n\nSecurity incidents are notified to us\n\nparameters: `notify_within : duration`")
    line9 = text.split("\n")[9]
    check("fixture has a non-BMP character before the tier", "🔒" in line9[:line9.index("tier high")], True)
    pos = position(text, 9, "high")
    check("UTF-16 column differs from code points", pos["character"], line9.index("high") + 1)
    r = s.request("hover a tier after non-ASCII text", "textDocument/hover", at(pos))
    check("hover tier range", r[0]["result"]["range"], {"start": pos, "end": {"line": 9, "character": pos["character"] + 4}})
    check("hover tier", r[0]["result"]["contents"]["value"], "**tier** `high`\n\n3 of 3: low < medium < high")
    r = s.request("hover a level value", "textDocument/hover", at(position(text, 9, "high", nth=1)))
    check("hover level", r[0]["result"]["contents"]["value"],
          "**level** `high` of profile field `importance`\n\n3 of 3: low < medium < high")
    r = s.request("hover a keyword", "textDocument/hover", at(position(text, 9, "require")))
    check("hover keyword", r[0]["result"], None)

    # definition: into the imported file, for a clause, a tier attribute, a parameter; an import path
    r = s.request("definition of a clause", "textDocument/definition", at(position(text, 5, "incident-notification")))
    check("definition clause", r[0]["result"], {"uri": BASE_URI, "range": {"start": {"line": 22, "character": 7},
                                                                           "end": {"line": 22, "character": 28}}})
    r = s.request("definition of a tier attribute", "textDocument/definition", at(position(text, 5, "notify_within", nth=1)))
    check("definition attribute", r[0]["result"]["range"]["start"], {"line": 11, "character": 15})
    r = s.request("definition of a parameter", "textDocument/definition", at(position(text, 5, "notify_within")))
    check("definition parameter", r[0]["result"]["range"]["start"], {"line": 23, "character": 2})
    r = s.request("definition of an import", "textDocument/definition", at(position(text, 0, "base")))
    check("definition import", r[0]["result"], {"uri": BASE_URI, "range": {"start": {"line": 0, "character": 0},
                                                                          "end": {"line": 0, "character": 0}}})

    # references: every use across both files, the declaration first
    r = s.request("references of a tier attribute", "textDocument/references",
                  {**at(position(text, 5, "notify_within", nth=1)), "context": {"includeDeclaration": True}})
    check("references", [(l["uri"] == MAIN_URI, l["range"]["start"]["line"]) for l in r[0]["result"]],
          [(False, 11), (False, 15), (False, 16), (True, 5)])
    s.request("references of a tier", "textDocument/references",
              {**at(position(text, 9, "high")), "context": {"includeDeclaration": False}})

    # completion: after `clause `, after `tier.`, and anywhere
    r = s.request("complete after clause", "textDocument/completion", at(position(text, 5, "incident", offset=0)))
    check("clauses", [i["label"] for i in r[0]["result"]], ["incident-notification"])
    r = s.request("complete after tier.", "textDocument/completion", at(position(text, 5, "notify_within", nth=1)))
    check("attributes", [i["label"] for i in r[0]["result"]], ["notify_within", "depth_needed"])
    dates = (HERE / "dates.policy").as_uri()
    s.notify("open a text being typed", "textDocument/didOpen",
             {"textDocument": {"uri": dates, "languageId": "clausecheck", "version": 1,
                               "text": "require R \"x\" {\n  contract.la\n}\n"}}, 1)
    r = s.request("complete after contract.", "textDocument/completion", at({"line": 1, "character": 13}, dates))
    check("contract dates", [i["label"] for i in r[0]["result"]], ["last_assessed", "last_reviewed", "signed"])
    s.notify("close the text being typed", "textDocument/didClose", doc(dates), 1)
    r = s.request("complete anywhere", "textDocument/completion", at({"line": 1, "character": 0}))
    labels = [i["label"] for i in r[0]["result"]]
    check("names and keywords", all(w in labels for w in ["importance", "high", "R-1", "security-questionnaire", "require", "within"]), True)

    r = s.request("document symbols", "textDocument/documentSymbol", doc())
    check("outline", [(d["name"], d["kind"], [c["name"] for c in d["children"]]) for d in r[0]["result"]],
          [("base/base.policy", 1, []), ("LSP session", 3, []), ("R-1", 12, []), ("R-2", 12, []),
           ("a high-tier cloud supplier", 6, [])])
    r = s.request("document symbols of the import", "textDocument/documentSymbol", doc(BASE_URI))
    check("a file not open has no outline", r[0]["result"], None)

    # a mistake in an imported file is shown on the import that brings it in, with its place
    scratch = (HERE / "scratch.policy").as_uri()
    r = s.notify("open a text importing a broken file", "textDocument/didOpen",
                 {"textDocument": {"uri": scratch, "languageId": "clausecheck", "version": 1,
                                   "text": "policy \"Scratch\"\n\nimport \"base/broken.policy\"\n"}}, 1)
    diags = r[0]["params"]["diagnostics"]
    check("imported diagnostic range", [d["range"] for d in diags],
          [{"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 27}}])
    check("imported diagnostic place", [d["relatedInformation"][0]["location"] for d in diags],
          [{"uri": (HERE / "base" / "broken.policy").as_uri(),
            "range": {"start": {"line": 7, "character": 15}, "end": {"line": 7, "character": 19}}}])
    s.notify("close it", "textDocument/didClose", doc(scratch), 1)

    r = s.request("an unknown request", "clausecheck/unknown", {})
    check("unknown request", r[0]["error"]["code"], -32601)
    s.notify("an unknown notification", "$/unknownNotification", {})
    s.notify("close", "textDocument/didClose", doc(), 1)
    r = s.request("shutdown", "shutdown", None)
    check("shutdown", r[0]["result"], None)
    r = s.request("a request after shutdown", "textDocument/hover", at({"line": 0, "character": 0}))
    check("after shutdown", r[0]["error"]["code"], -32600)
    s.notify("exit", "exit", None)
    return s.finish("after shutdown and exit", 0)


def hostile_session(command):
    s = Server(command)
    s.request("a request before initialize", "textDocument/hover", at({"line": 0, "character": 0}))
    s.notify("a notification before initialize", "textDocument/didOpen",
             {"textDocument": {"uri": MAIN_URI, "languageId": "clausecheck", "version": 1, "text": "x"}})
    s.step("malformed JSON", b"Content-Length: 9\r\n\r\n{\"id\": 1,", 1)
    s.step("no Content-Length", b"Content-Type: application/vscode-jsonrpc\r\n\r\n", 1)
    s.step("a bad Content-Length", b"Content-Length: twelve\r\n\r\n", 1)
    s.step("a huge header", b"X-Padding: " + b"x" * 20000 + b"\r\nContent-Length: 2\r\n\r\n{}", 1)
    s.step("a JSON array", frame([1, 2, 3]), 1)
    s.step("an id that is an object", frame({"jsonrpc": "2.0", "id": {"a": 1}, "method": "initialize"}), 1)
    s.step("a response from the client", frame({"jsonrpc": "2.0", "id": 7, "result": None}), 0)
    r = s.request("initialize", "initialize", {"capabilities": {}})
    check("initialize after bad input", "capabilities" in r[0]["result"], True)
    s.request("initialize again", "initialize", {"capabilities": {}})
    s.request("hover with bad params", "textDocument/hover", {"textDocument": {"uri": MAIN_URI}, "position": {"line": "x"}})
    s.request("hover in a document never opened", "textDocument/hover", at({"line": 0, "character": 0}))
    s.notify("open a document that is not a file: URI, with NUL-free binary junk",
             "textDocument/didOpen", {"textDocument": {"uri": "untitled:Untitled-1", "languageId": "clausecheck",
                                                       "version": 1, "text": "\u00ff\u2028 policy \"x\" ;; {{{"}}, 1)
    s.request("formatting it", "textDocument/formatting", {**doc("untitled:Untitled-1"), "options": {}})
    r = s.notify("open a text larger than a policy file may be", "textDocument/didOpen",
                 {"textDocument": {"uri": "untitled:Big", "languageId": "clausecheck", "version": 1,
                                   "text": "# " + "x" * (4 << 20)}}, 1)
    check("too large", r[0]["params"]["diagnostics"][0]["message"],
          "policy file is too large (4194306 bytes; the limit is 4194304)")
    r = s.request("hover in it", "textDocument/hover", at({"line": 0, "character": 3}, "untitled:Big"))
    check("no analysis of a text too large", r[0]["result"], None)
    s.write(b"\x00\xff garbage without a header\r\n\r\n")
    s.log.append({"step": "garbage then the end of input", "messages": [s.read()]})
    return s.finish("at the end of input without shutdown", 1)


def exit_without_shutdown(command):
    s = Server(command)
    s.request("initialize", "initialize", {"capabilities": {}})
    s.notify("exit without shutdown", "exit", None)
    return s.finish("after exit without shutdown", 1)


def main():
    signal.alarm(300)  # a server that stops answering fails the test instead of hanging it
    command = sys.argv[2:] + [sys.argv[1]]
    log = {"main": main_session(command), "hostile": hostile_session(command),
           "exit": exit_without_shutdown(command)}
    text = json.dumps(log, indent=1, ensure_ascii=False).replace(HERE.as_uri(), "file://$TESTS")
    text = text.replace(str(HERE), "$TESTS")
    expected = HERE / "session.expected"
    if os.environ.get("UPDATE") == "1":
        expected.write_text(text + "\n", encoding="utf-8")
    elif expected.read_text(encoding="utf-8") != text + "\n":
        import difflib
        diff = difflib.unified_diff(expected.read_text(encoding="utf-8").splitlines(), text.splitlines(),
                                    "session.expected", "this run", lineterm="", n=2)
        failures.append("the session differs from tests/lsp/session.expected:\n" + "\n".join(list(diff)[:80]))
    for f in failures:
        print("FAIL: " + f)
    print(f"lsp session: {sum(len(s['messages']) for part in log.values() for s in part)} messages checked, "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
