"""``unspin server``: a Language Server Protocol server, for findings while you write.

Editors speak LSP to linters (ruff's ``ruff server``, Vale's ``vale-ls``): the editor starts
the server, sends it each open document's text as it changes, and shows what comes back as
diagnostics under the words, with quick fixes. This is that, over standard input and output,
with the standard library's JSON and nothing else:

* ``textDocument/didOpen``, ``didChange`` (whole text: ``textDocumentSync`` 1) and
  ``didSave`` analyse the document as ``unspin check`` analyses a file of its name (its
  prose kind from the file extension: Markdown, HTML, LaTeX, ...; markup left out, the
  ``unspin-disable`` comments honoured) and publish one diagnostic per finding, a warning
  whose message names the rule and the first suggestion, plus one per spun passage, a hint on
  its first line; ``didClose`` clears them;
* ``textDocument/codeAction`` offers each suggestion of the findings under the cursor as a
  quick fix that replaces the span, and, asked for ``source.fixAll`` (an editor's "fix all"
  or fix-on-save), the whole document as ``unspin restore`` writes it;
* positions are LSP's: zero-based lines, columns in UTF-16 code units (a character outside
  the Basic Multilingual Plane counts two), whatever the text holds.

The configuration applies as for ``check``: the ``.unspin.toml`` or ``[tool.unspin]`` found
walking up from the document's folder, read again for each analysis (so an edit to it
counts at once), gives the threshold, the allowed phrases and the ignored rules for the
document's path; an invalid one is reported once per analysis as a logged message and the
defaults apply. Edits are coalesced: messages are read as they arrive (a thread does
the reading) and handled in order, and a document is analysed once the messages that had
arrived meanwhile are handled, so a burst of keystrokes on a long document costs one
analysis of its last text, not one per keystroke (a 1,000-word document takes tens of
milliseconds once the tables are loaded). A quick-fix request on a document whose analysis
is pending analyses it first. A request
it does not know gets the protocol's "method not found" error; a notification it does not
know is ignored, as the protocol asks. Analysis errors become a logged message, never a dead
server.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from collections.abc import Callable
from typing import Any, BinaryIO
from urllib.parse import unquote, urlparse

from .tokens import LineIndex

__all__ = ["Server", "serve", "utf16_position"]

SOURCE = "unspin"
METHOD_NOT_FOUND = -32601
INVALID_REQUEST = -32600
SEVERITY_WARNING, SEVERITY_HINT = 2, 4
FIX_ALL = "source.fixAll"
LOG_ERROR, LOG_WARNING = 1, 2


def read_message(stream: BinaryIO) -> dict[str, Any] | None:
    """One JSON-RPC message from ``stream`` (``Content-Length`` framed), None at its end."""
    length: str | None = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            length = value.strip()
    # The whole header is read before it is judged, so that a bad one costs one message:
    # without a length, or with "Content-Length: abc", the session used to end.
    if length is None or not length.isdigit():
        raise ValueError(f"no usable Content-Length header ({length!r})")
    message = json.loads(stream.read(int(length)).decode("utf-8"))
    if not isinstance(message, dict):  # "[]", "1", "null": JSON, but no message
        kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
        kind = kinds.get(type(message), "a number")
        raise ValueError(f"a message is a JSON object, not {kind}")
    return message


def write_message(stream: BinaryIO, message: dict[str, Any]) -> None:
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    stream.flush()


def utf16_position(text: str, offset: int, lines: LineIndex) -> dict[str, int]:
    """The LSP position of character ``offset`` in ``text``: the line as the reports number
    it (:class:`detector.tokens.LineIndex`: \\n, \\r\\n and \\r end lines, as LSP has it),
    zero-based, and the column in UTF-16 code units."""
    line, column = lines.position(offset)
    start = offset - (column - 1)
    return {"line": line - 1,
            "character": sum(2 if ord(ch) > 0xFFFF else 1 for ch in text[start:offset])}


def _path_of(uri: str) -> str:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("file", "") else parsed.path


class Server:
    """The protocol's state: open documents and their findings. ``send`` writes a message
    to the client. With ``coalesce``, a changed document is only marked stale, and analysed
    by :meth:`publish_stale` (``serve`` calls it when no message is waiting); without it,
    at once."""

    def __init__(self, send: Callable[[dict[str, Any]], None], *,
                 coalesce: bool = False) -> None:
        self.send = send
        self.coalesce = coalesce
        self.documents: dict[str, str] = {}
        self.findings: dict[str, list[tuple[dict[str, Any], Any]]] = {}
        self.stale: dict[str, None] = {}  # documents changed since analysed, in order
        self.shutting_down = False

    # -- dispatch -------------------------------------------------------------------------

    def handle(self, message: dict[str, Any]) -> bool:
        """Act on one message; False once the client has said ``exit``."""
        method = message.get("method")
        params = message.get("params") or {}
        if method == "exit":
            return False
        if not isinstance(method, str):
            return True  # a response (this server sends no requests) or no message at all
        if self.shutting_down and "id" in message:
            # After shutdown the protocol allows only exit; requests get InvalidRequest.
            self._reply(message["id"], error={"code": INVALID_REQUEST,
                                              "message": "the server is shutting down"})
            return True
        handler = getattr(self, "on_" + method.replace("/", "_").replace("$", "_"), None)
        if "id" not in message:  # a notification: no reply, unknown ones ignored
            if handler is not None:
                self._guard(handler, params)
            return True
        if handler is None:
            self._reply(message["id"], error={"code": METHOD_NOT_FOUND,
                                              "message": f"unknown method {method!r}"})
            return True
        result = self._guard(handler, params)
        self._reply(message["id"], result=result)
        return True

    def _guard(self, handler: Callable[[dict[str, Any]], Any], params: dict[str, Any]) -> Any:
        try:
            return handler(params)
        except Exception as exc:  # one bad document must not end the session
            self._log(LOG_ERROR, f"{type(exc).__name__}: {exc}")
            return None

    def _log(self, kind: int, message: str) -> None:
        self.send({"jsonrpc": "2.0", "method": "window/logMessage",
                   "params": {"type": kind, "message": f"unspin: {message}"}})

    def _reply(self, id_: Any, *, result: Any = None, error: dict[str, Any] | None = None) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "id": id_}
        if error is not None:
            message["error"] = error
        else:
            message["result"] = result
        self.send(message)

    # -- lifecycle ------------------------------------------------------------------------

    def on_initialize(self, params: dict[str, Any]) -> dict[str, Any]:
        from . import __version__

        return {
            "capabilities": {
                "textDocumentSync": {"openClose": True, "change": 1, "save": True},
                "codeActionProvider": {"codeActionKinds": ["quickfix", FIX_ALL + ".unspin"]},
            },
            "serverInfo": {"name": "unspin", "version": __version__},
        }

    def on_shutdown(self, params: dict[str, Any]) -> None:
        self.shutting_down = True
        return None

    # -- documents ------------------------------------------------------------------------

    def on_textDocument_didOpen(self, params: dict[str, Any]) -> None:
        doc = params["textDocument"]
        self.documents[doc["uri"]] = doc["text"]
        self._changed(doc["uri"])

    def on_textDocument_didChange(self, params: dict[str, Any]) -> None:
        uri = params["textDocument"]["uri"]
        changes = params.get("contentChanges") or []
        if changes:
            self.documents[uri] = changes[-1]["text"]  # full sync: the last is the text
        self._changed(uri)

    def on_textDocument_didSave(self, params: dict[str, Any]) -> None:
        uri = params["textDocument"]["uri"]
        if "text" in params:
            self.documents[uri] = params["text"]
        if uri in self.documents:
            self._changed(uri)

    def on_textDocument_didClose(self, params: dict[str, Any]) -> None:
        uri = params["textDocument"]["uri"]
        self.documents.pop(uri, None)
        self.findings.pop(uri, None)
        self.stale.pop(uri, None)
        self.send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                   "params": {"uri": uri, "diagnostics": []}})

    def _changed(self, uri: str) -> None:
        self.stale[uri] = None
        if not self.coalesce:
            self.publish_stale()

    def publish_stale(self, only: str | None = None) -> None:
        """Analyse and publish the documents changed since their last analysis (``only``:
        that one, if it is stale); a document that cannot be analysed is logged."""
        for uri in [only] if only is not None else list(self.stale):
            if uri in self.stale:
                del self.stale[uri]
                self._guard(lambda _params, uri=uri: self._publish(uri), {})

    def _publish(self, uri: str) -> None:
        from .checkfile import analyze_file
        from .prose import kind_for_path
        from .report import SPUN

        text = self.documents[uri]
        path = _path_of(uri)
        threshold, allowed, ignore = self._settings(path)
        # check's own pipeline for a file of this name (markup left out, a long text in
        # chunks), on the editor's text rather than the file on disk
        report = analyze_file(path, kind=kind_for_path(path), text=text, threshold=threshold,
                              allowed=allowed, ignore=ignore).report
        lines = LineIndex(text)

        def span(a: int, b: int) -> dict[str, Any]:
            return {"start": utf16_position(text, a, lines),
                    "end": utf16_position(text, b, lines)}

        diagnostics = []
        found = []
        for f in report.findings:
            message = f.message + (f" -> {f.suggestions[0]}" if f.suggestions else "")
            diagnostic = {"range": span(f.start, f.end), "severity": SEVERITY_WARNING,
                          "source": SOURCE, "code": f.rule, "message": message,
                          "data": {"suggestions": list(f.suggestions), "score": f.score}}
            diagnostics.append(diagnostic)
            found.append((diagnostic, f))
        for p in report.passages:
            if p.label == SPUN:
                # On the passage's first line only (an editor shows a hint along its range),
                # ending where that line ends as the positions count lines.
                end = min(lines.line_end(p.start), p.end)
                diagnostics.append({
                    "range": span(p.start, max(p.start, end)), "severity": SEVERITY_HINT,
                    "source": SOURCE, "code": "spun-passage",
                    "message": f"spun passage (probability {p.probability:.2f}, {p.words} "
                               f"words, {p.findings} findings)"})
        self.findings[uri] = found
        self.send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                   "params": {"uri": uri, "diagnostics": diagnostics}})

    def _settings(self, path: str) -> tuple[float | None, tuple[str, ...], tuple[str, ...]]:
        """Threshold, allowed phrases and ignored rules for the document at ``path``, from
        the configuration ``check`` would find for it (the defaults when there is none, or
        when it is invalid: said in a logged message)."""
        import os
        from pathlib import Path

        from .config import Config, ConfigError, find, load

        cfg = Config()
        folder = Path(path).parent if os.path.isabs(path) else None
        if folder is not None and folder.is_dir():
            try:
                found = find(folder)
                cfg = load(found) if found is not None else Config()
            except ConfigError as exc:
                self._log(LOG_WARNING, str(exc))
        threshold, allowed = cfg.for_path(path)
        return threshold, allowed, cfg.ignored_for(path)

    # -- quick fixes ----------------------------------------------------------------------

    def _fix_all(self, uri: str) -> list[dict[str, Any]]:
        """``source.fixAll``: the document as ``unspin restore`` would write it (confident
        findings only), as one edit; asked for by name only (on save, or from a menu),
        since restoring costs a few analyses."""
        from .checkfile import restore_text
        from .prose import kind_for_path

        text = self.documents.get(uri)
        if text is None:
            return []
        path = _path_of(uri)
        _, allowed, ignore = self._settings(path)
        restored = restore_text(text, kind_for_path(path), allowed=allowed, ignore=ignore)
        if restored == text:
            return []
        return [{"title": "Restore the confidently spun wording (unspin restore)",
                 "kind": FIX_ALL + ".unspin",
                 "edit": {"changes": {uri: [{"range": _whole(text), "newText": restored}]}}}]

    def _prose(self, uri: str) -> str:
        """The document's text as analysed: markup blanked (:func:`detector.checkfile.prepare`)."""
        from .checkfile import prepare
        from .prose import kind_for_path

        return prepare(self.documents[uri], kind_for_path(_path_of(uri)))

    def on_textDocument_codeAction(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        uri = params["textDocument"]["uri"]
        self.publish_stale(uri)  # fixes for the text the editor has, not an older one
        want = params["range"]
        only = (params.get("context") or {}).get("only") or []
        if any(kind in ("source", FIX_ALL) or kind.startswith(FIX_ALL + ".") for kind in only):
            return self._fix_all(uri)
        from .checkfile import replacement

        actions = []
        prose = None
        for diagnostic, f in self.findings.get(uri, []):
            if not _overlaps(diagnostic["range"], want):
                continue
            if prose is None:
                prose = self._prose(uri)
            offered = 0
            for suggestion in f.suggestions:
                # Markup inside a span stays where it was ("final *yr*" -> "last *year*"); a
                # suggestion that would break it is not offered.
                new_text = replacement(self.documents[uri], prose, f.start, f.end, suggestion)
                if new_text is None:
                    continue
                actions.append({
                    "title": f"Replace '{f.text}' with '{suggestion}'",
                    "kind": "quickfix",
                    "diagnostics": [diagnostic],
                    "isPreferred": offered == 0,
                    "edit": {"changes": {uri: [{"range": diagnostic["range"],
                                                "newText": new_text}]}},
                })
                offered += 1
        return actions


def _whole(text: str) -> dict[str, Any]:
    """The range of all of ``text``."""
    return {"start": {"line": 0, "character": 0},
            "end": utf16_position(text, len(text), LineIndex(text))}


def _key(position: dict[str, int]) -> tuple[int, int]:
    return position["line"], position["character"]


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether ranges ``a`` and ``b`` touch (a cursor, an empty range, counts at either
    end of a span)."""
    return _key(a["start"]) <= _key(b["end"]) and _key(b["start"]) <= _key(a["end"])


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
    """Run the server until the client says ``exit`` (or closes the stream); the exit
    status the protocol asks for: 0 after ``shutdown``, 1 without it."""
    inp = stdin if stdin is not None else sys.stdin.buffer
    out = stdout if stdout is not None else sys.stdout.buffer
    server = Server(lambda message: write_message(out, message), coalesce=True)
    # The reader runs ahead of the analyses, so that what arrived during one is seen as a
    # whole before the next: the edits of a burst then cost one analysis.
    inbox: queue.Queue[dict[str, Any] | Exception | None] = queue.Queue()

    def read_all() -> None:
        while True:
            try:
                message = read_message(inp)
            except (ValueError, UnicodeDecodeError) as exc:
                inbox.put(exc)
                continue
            except OSError:  # the stream is gone: the session ends as at its end
                message = None
            inbox.put(message)
            if message is None:
                return

    threading.Thread(target=read_all, name="unspin-lsp-reader", daemon=True).start()
    while True:
        item = inbox.get()
        while True:
            if isinstance(item, Exception):
                write_message(out, {"jsonrpc": "2.0", "id": None, "error": {
                    "code": INVALID_REQUEST, "message": f"unreadable message ({item})"}})
            elif item is None or not server.handle(item):
                return 0 if server.shutting_down else 1
            try:
                item = inbox.get_nowait()
            except queue.Empty:
                break
        server.publish_stale()
