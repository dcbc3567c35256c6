"""Helpers for the document readers' tests (Word, OpenDocument, EPUB, JATS, PDF): damaged
documents (a hypothesis strategy, and the one outcome allowed for each), the check that a
document's findings point into its paragraphs, and that restore never writes a document."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from detector.cli import ExitStatus, run
from detector.files import FileError


def damaged(valid: bytes, header: bytes = b"") -> st.SearchStrategy[bytes]:
    """Arbitrary bytes (after ``header``), and ``valid`` overwritten in places or cut short."""
    return st.one_of(
        st.binary(max_size=300).map(lambda junk: header + junk),
        st.builds(lambda at, junk: valid[:at] + junk + valid[at + len(junk):],
                  st.integers(0, len(valid)), st.binary(min_size=1, max_size=8)),
        st.builds(lambda at: valid[:at], st.integers(0, len(valid))),
    )


def text_or_one_line_error(read: Callable[[bytes], str], raw: bytes) -> None:
    """``read(raw)`` gives text or raises a FileError of one line; nothing else escapes."""
    try:
        text = read(raw)
    except FileError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str)


def findings_by_paragraph(path: Path, paragraphs: list[str], capsys: Any) -> list[dict]:
    """``unspin check --format json`` of the spun document at ``path``: its findings, each
    checked to start at its line's column in ``paragraphs`` (the line is the paragraph's
    number)."""
    assert run(["check", "--isolated", "--format", "json", "--fail-on", "finding",
                str(path)]) == ExitStatus.FLAGGED
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert findings
    for f in findings:
        assert paragraphs[f["line"] - 1][f["column"] - 1 :].startswith(f["text"])
    return findings


SPUN_SENTENCE = "Final yr the council rejected the plan."


def restore_prints_and_never_writes(path: Path, kind: str, capsys: Any) -> None:
    """``unspin restore`` of the document at ``path`` (a ``kind`` such as "Word document",
    holding :data:`SPUN_SENTENCE`): writing it back, in place or to another file of its
    kind, is refused with one line and leaves the file as it was; without either the
    restored text is printed."""
    before = path.read_bytes()
    article = "an" if kind[0] in "AEIOU" else "a"
    assert run(["restore", "--in-place", str(path)]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert f"cannot write {article} {kind}" in err and err.count("\n") == 1
    copy = path.with_name("copy" + path.suffix)
    assert run(["restore", "-o", str(copy), str(path)]) == ExitStatus.ERROR
    assert f"cannot write {article} {kind}" in capsys.readouterr().err
    assert path.read_bytes() == before and not copy.exists()
    assert run(["restore", str(path)]) == ExitStatus.OK
    assert capsys.readouterr().out.startswith("Last year the council rejected the plan.")
