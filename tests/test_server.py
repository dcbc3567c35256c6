"""``unspin server``: the Language Server Protocol over stdin/stdout (detector/server.py),
driven by a scripted client in a child process, and its pieces in-process."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from detector.server import Server, read_message, utf16_position, write_message

SPUN = ("# Notes\n\nThe final yr was long. Prices rose in the final yr, and a whole bunch of "
        "stores shut.\n")


def frame(message: dict) -> bytes:
    out = io.BytesIO()
    write_message(out, message)
    return out.getvalue()


def messages(data: bytes) -> list[dict]:
    stream = io.BytesIO(data)
    out = []
    while (m := read_message(stream)) is not None:
        out.append(m)
    return out


def test_a_session_in_a_child_process():
    """initialize, open a Markdown file, get its diagnostics, ask for quick fixes, change
    it, close it, shut down and exit: the replies a client expects, and exit status 0."""
    uri = "file:///tmp/notes%20draft.md"
    client = b"".join(frame(m) for m in [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": SPUN}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 2, "character": 6}, "end": {"line": 2, "character": 6}},
            "context": {"diagnostics": []}}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": "The last year was long.\n"}]}},
        {"jsonrpc": "2.0", "id": 3, "method": "no/suchMethod", "params": {}},
        {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 9}},
        {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {
            "textDocument": {"uri": uri}}},
        {"jsonrpc": "2.0", "id": 4, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ])
    done = subprocess.run([sys.executable, "-m", "detector", "server"], input=client,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    replies = messages(done.stdout)
    by_id = {m["id"]: m for m in replies if "id" in m}
    assert by_id[1]["result"]["capabilities"]["textDocumentSync"]["change"] == 1
    published = [m["params"] for m in replies
                 if m.get("method") == "textDocument/publishDiagnostics"]
    # The code action needs the opened text analysed; the change is analysed only if the
    # reader had not yet read the close when the change was handled (coalescing).
    assert [p["uri"] for p in published] in ([uri, uri], [uri, uri, uri])
    first = published[0]["diagnostics"]
    findings = [d for d in first if d["code"] != "spun-passage"]
    assert findings and all(d["source"] == "unspin" for d in findings)
    yr = next(d for d in findings if d["range"]["start"] == {"line": 2, "character": 4})
    assert yr["range"]["end"] == {"line": 2, "character": 12}  # "final yr"
    assert "last year" in yr["message"]
    actions = by_id[2]["result"]
    assert actions and actions[0]["isPreferred"]
    edit = actions[0]["edit"]["changes"][uri][0]
    assert edit == {"range": yr["range"], "newText": "last year"}
    assert all("final" not in d["message"] for p in published[1:-1] for d in p["diagnostics"])
    assert published[-1]["diagnostics"] == []  # closed
    assert by_id[3]["error"]["code"] == -32601
    assert by_id[4]["result"] is None


def test_exit_without_shutdown_is_status_1():
    client = frame({"jsonrpc": "2.0", "method": "exit"})
    done = subprocess.run([sys.executable, "-m", "detector", "server"], input=client,
                          capture_output=True, timeout=60)
    assert done.returncode == 1


@pytest.mark.parametrize(("text", "offset", "expected"), [
    ("abc", 2, {"line": 0, "character": 2}),
    ("a\nbc", 3, {"line": 1, "character": 1}),
    ("a\r\nbc", 4, {"line": 1, "character": 1}),
    ("a\rbc", 3, {"line": 1, "character": 1}),
    ("\U0001d400x final", 3, {"line": 0, "character": 4}),  # a surrogate pair counts two
])
def test_positions_are_zero_based_in_utf16_units(text, offset, expected):
    from detector.tokens import LineIndex

    assert utf16_position(text, offset, LineIndex(text)) == expected


def test_a_document_that_cannot_be_analysed_is_logged_not_fatal(monkeypatch):
    import detector

    sent = []
    server = Server(sent.append)

    def broken(text, **kw):
        raise RuntimeError("boom")

    monkeypatch.setattr(detector, "analyze", broken)
    assert server.handle({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": "file:///a.txt", "text": "x"}}})
    assert sent[-1]["method"] == "window/logMessage" and "boom" in sent[-1]["params"]["message"]


def _replies_after(raw: bytes) -> list[dict]:
    """The server's replies to ``raw`` bytes, then a shutdown (id 1) and an exit, checking
    that the session went on to answer the shutdown and ended cleanly."""
    from detector.server import serve

    inp = io.BytesIO(raw + frame({"jsonrpc": "2.0", "id": 1, "method": "shutdown"})
                     + frame({"jsonrpc": "2.0", "method": "exit"}))
    out = io.BytesIO()
    assert serve(inp, out) == 0
    replies = messages(out.getvalue())
    assert replies[-1] == {"jsonrpc": "2.0", "id": 1, "result": None}
    return replies


def test_an_unreadable_message_gets_an_error_and_the_session_goes_on():
    replies = _replies_after(b"Content-Length: 5\r\n\r\n{oops")
    assert len(replies) == 2 and replies[0]["error"]["code"] == -32600


@pytest.mark.parametrize("body", [b"[]", b"7", b"null", b'"hi"', b"true"])
def test_json_that_is_no_object_gets_an_error_and_the_session_goes_on(body):
    replies = _replies_after(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    assert len(replies) == 2 and replies[0]["error"]["code"] == -32600
    assert "a message is a JSON object" in replies[0]["error"]["message"]


@pytest.mark.parametrize("header", [b"Content-Type: application/vscode-jsonrpc\r\n",
                                    b"Content-Length: abc\r\n"])
def test_a_header_without_a_usable_length_costs_one_message(header):
    replies = _replies_after(header + b"\r\n")
    assert replies[0]["error"]["code"] == -32600


def test_requests_after_shutdown_are_invalid():
    sent = []
    server = Server(sent.append)
    server.handle({"jsonrpc": "2.0", "id": 1, "method": "shutdown"})
    server.handle({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction",
                   "params": {}})
    assert sent[-1]["id"] == 2 and sent[-1]["error"]["code"] == -32600
    assert server.handle({"jsonrpc": "2.0", "method": "exit"}) is False


def test_the_projects_configuration_applies_as_for_check(tmp_path):
    """An allowed phrase and an ignored rule of the .unspin.toml above the document hold in
    the editor too; an invalid configuration is a logged warning, and the defaults apply."""
    (tmp_path / ".unspin.toml").write_text('allowed = ["final yr"]\nignore = ["number-form"]\n')
    doc = tmp_path / "notes.md"
    uri = doc.as_uri()
    sent = []
    server = Server(sent.append)
    text = "The final yr was long.\n\nIt took 2 weeks and a whole bunch of money.\n"
    server.handle({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "text": text}}})
    diagnostics = sent[-1]["params"]["diagnostics"]
    assert not any("final yr" in d["message"] or d["code"] == "number-form"
                   for d in diagnostics), diagnostics
    (tmp_path / ".unspin.toml").write_text("allowed = 3\n")
    server.handle({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {
        "textDocument": {"uri": uri}}})
    assert any(m.get("method") == "window/logMessage" and "allowed" in m["params"]["message"]
               for m in sent[-3:])
    assert sent[-1]["method"] == "textDocument/publishDiagnostics"
    assert any("final yr" in d["message"] for d in sent[-1]["params"]["diagnostics"])


def test_fix_all_returns_the_document_as_restore_writes_it(tmp_path):
    doc = tmp_path / "notes.md"
    uri = doc.as_uri()
    text = ("# Title\n\nThe final yr was long, and a whole bunch of stores shut.\n\n"
            "```\nfinal yr\n```\n")
    sent = []
    server = Server(sent.append)
    server.handle({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "text": text}}})
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
    server.handle({"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": whole,
        "context": {"diagnostics": [], "only": ["source.fixAll"]}}})
    [action] = sent[-1]["result"]
    [edit] = action["edit"]["changes"][uri]
    assert edit["range"]["start"] == {"line": 0, "character": 0}
    assert edit["range"]["end"] == {"line": 7, "character": 0}
    assert edit["newText"] != text and "```\nfinal yr\n```" in edit["newText"]  # code kept
    assert action["kind"] == "source.fixAll.unspin"
    # without "only", the quick fixes under the cursor, not the whole document
    server.handle({"jsonrpc": "2.0", "id": 8, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}})
    assert all(a["kind"] == "quickfix" for a in sent[-1]["result"])


def test_quick_fixes_never_break_markup(monkeypatch, tmp_path):
    """Markup inside a finding stays where it was ("final *yr*" -> "last *year*"; replacing
    the range left "last year*"), a suggestion that would break it is not offered, and a
    character reference inside one stays as written."""
    from fakes import report_over  # tests/ is on sys.path (rootdir)

    import detector

    monkeypatch.setattr(detector, "analyze", lambda text, **kw: report_over(
        text, [("final \u205fyr", ("past", "last year")),
               ("final yr’" + "\u2060" * 6 + "s", ("last year’s",))]))
    uri = (tmp_path / "notes.md").as_uri()
    text = "The final *yr* was long.\n\n<p>final yr&rsquo;s end</p>\n"
    sent = []
    server = Server(sent.append)
    server.handle({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "text": text}}})
    assert len(sent[-1]["params"]["diagnostics"]) == 2
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}
    server.handle({"jsonrpc": "2.0", "id": 9, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}})
    emphasis, reference = sent[-1]["result"]
    [edit] = emphasis["edit"]["changes"][uri]
    assert edit["newText"] == "last *year" and emphasis["isPreferred"]
    assert emphasis["title"] == "Replace 'final  yr' with 'last year'"
    [edit] = reference["edit"]["changes"][uri]
    assert edit["newText"] == "last year&rsquo;s"
    assert edit["range"]["start"] == {"line": 2, "character": 3}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_spun_passage_hint_covers_the_passages_first_line(newline):
    """The hint ends where the passage's first line ends, whichever line ends the file
    uses: positions count a lone \r as a line end, and so must the hint, or in a file of
    old Mac line ends it would run over the whole passage."""
    import json
    from pathlib import Path

    cases = Path(__file__).parent / "cases" / "must_flag.jsonl"
    case = next(json.loads(line) for line in cases.read_text(encoding="utf-8").splitlines()
                if json.loads(line)["id"] == "f-news-bridge-heavy")
    text = case["text"].replace("\n", newline)
    sent = []
    server = Server(sent.append)
    server.handle({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": "file:///tmp/bridge.txt", "text": text}}})
    [hint] = [d for d in sent[-1]["params"]["diagnostics"] if d["code"] == "spun-passage"]
    start, end = hint["range"]["start"], hint["range"]["end"]
    first_line = text.splitlines()[start["line"]]
    assert end == {"line": start["line"], "character": len(first_line)}
    assert start["character"] == 0 and len(first_line) > 20


def test_a_response_or_a_message_without_method_gets_no_reply():
    sent = []
    server = Server(sent.append)
    assert server.handle({"jsonrpc": "2.0", "id": 5, "result": None})
    assert server.handle({"jsonrpc": "2.0", "id": 6})
    assert sent == []


def test_a_burst_of_edits_is_analysed_once_as_its_last_text(monkeypatch):
    """With coalescing (as ``serve`` runs it), changes handled before the next
    ``publish_stale`` cost one analysis, of the text the editor has last; a document changed
    and closed in between is not analysed at all; a code action analyses its document first."""
    import detector.checkfile as checkfile

    analysed = []
    real = checkfile.analyze_file

    def counting(path, **kwargs):
        analysed.append(kwargs["text"])
        return real(path, **kwargs)

    monkeypatch.setattr(checkfile, "analyze_file", counting)
    sent = []
    server = Server(sent.append, coalesce=True)
    uri, other = "file:///tmp/a.txt", "file:///tmp/b.txt"
    for u, text in ((uri, "Draft 0.\n"), (other, "Gone soon.\n")):
        server.handle({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": u, "languageId": "plaintext", "version": 1, "text": text}}})
    for k in range(1, 30):
        server.handle({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": k},
            "contentChanges": [{"text": f"Draft {k}. The final yr was long.\n"}]}})
    server.handle({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {
        "textDocument": {"uri": other}}})
    assert analysed == []
    server.publish_stale()
    assert analysed == ["Draft 29. The final yr was long.\n"]
    server.publish_stale()
    assert len(analysed) == 1  # nothing stale any more
    server.handle({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 30},
        "contentChanges": [{"text": "Final yr.\n"}]}})
    server.handle({"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": []}}})
    assert analysed[-1] == "Final yr.\n"
    published = [m["params"]["uri"] for m in sent
                 if m.get("method") == "textDocument/publishDiagnostics"]
    assert published == [other, uri, uri]  # the close's empty list, then two analyses


def test_without_coalescing_each_change_is_published_at_once():
    sent = []
    server = Server(sent.append)
    uri = "file:///tmp/c.txt"
    server.handle({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "plaintext", "version": 0,
                         "text": "Text 0.\n"}}})
    for k in (1, 2):
        server.handle({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": k},
            "contentChanges": [{"text": f"Text {k}.\n"}]}})
    assert sum(m.get("method") == "textDocument/publishDiagnostics" for m in sent) == 3
    assert not server.stale
