"""EPUB books: detector/epub.py and the command line on .epub files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from documents import (  # tests/ is on sys.path (rootdir)
    SPUN_SENTENCE,
    damaged,
    findings_by_paragraph,
    restore_prints_and_never_writes,
    text_or_one_line_error,
)
from hypothesis import given, settings

from detector import epub
from detector.cli import ExitStatus, run

CONTAINER = ('<?xml version="1.0"?><container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             '<rootfile full-path="OEBPS/content.opf" '
             'media-type="application/oebps-package+xml"/></rootfiles></container>')


def chapter(body: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>The Book</title><style>p {{ margin: 0 }}</style></head>"
            f"<body>{body}</body></html>")


def make_epub(chapters: list[str], *, extra: dict[str, str] | None = None) -> bytes:
    """A minimal EPUB whose spine lists ``chapters`` (XHTML bodies) in order; the manifest
    also holds a cover image that is not in the spine."""
    items = "".join(f'<item id="c{i}" href="text/ch{i}.xhtml" '
                    f'media-type="application/xhtml+xml"/>' for i in range(len(chapters)))
    spine = "".join(f'<itemref idref="c{i}"/>' for i in reversed(range(len(chapters))))
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           f'<manifest>{items}<item id="cover" href="cover.jpg" media-type="image/jpeg"/>'
           f"</manifest><spine>{spine}</spine></package>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER)
        z.writestr("OEBPS/content.opf", opf)
        z.writestr("OEBPS/cover.jpg", b"\xff\xd8 not text")
        for i, body in enumerate(chapters):
            z.writestr(f"OEBPS/text/ch{i}.xhtml", chapter(body))
        for name, content in (extra or {}).items():
            z.writestr(name, content)
    return buf.getvalue()


def test_paragraphs_follow_the_spine_and_skip_what_is_not_prose() -> None:
    # The spine lists the chapters in reverse: chapter 1's file comes first.
    data = make_epub([
        "<h1>Two</h1><p>Second chapter, <em>emphasis</em> kept.</p><pre>code()</pre>",
        "<h1>One</h1><p>First line<br/>and the\n   same paragraph &amp; more.</p>"
        "<ul><li>An item</li></ul><div>A div <code>x = 1</code> with text.</div>",
    ])
    assert epub.paragraphs(data) == [
        "One", "First line and the same paragraph & more.", "An item", "A div with text.",
        "Two", "Second chapter, \u205femphasis\u205f kept.",  # set off (EMPHASIS)
    ]


def test_check_reports_paragraph_numbers(tmp_path: Path, capsys) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(make_epub([
        "<h1>Chapter 1</h1><p>Police stated that the metropolis council had been "
        "knowledgeable of the final yr's battle, and the mayor requested calm within the "
        "metropolis.</p>",
    ]))
    findings = findings_by_paragraph(path, epub.paragraphs(path.read_bytes()), capsys)
    assert {f["line"] for f in findings} == {2}  # the heading is paragraph 1


def test_bad_books_are_one_line_errors(tmp_path: Path, capsys) -> None:
    cases = {
        "text.epub": b"not a zip at all",
        "nocontainer.epub": _zip({"mimetype": "application/epub+zip"}),
        "emptyspine.epub": make_epub([]),
        "drm.epub": make_epub(["<p>Text.</p>"], extra={"META-INF/encryption.xml": (
            '<encryption><EncryptedData><EncryptionMethod Algorithm='
            '"http://www.w3.org/2001/04/xmlenc#aes128-cbc"/></EncryptedData></encryption>')}),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    assert run(["check", "--isolated", *(str(tmp_path / n) for n in cases)]) == ExitStatus.ERROR
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(cases)
    assert "not a zip archive" in err[0] and "META-INF/container.xml is missing" in err[1]
    assert "no chapters" in err[2] and "encrypted (DRM)" in err[3]


def test_obfuscated_fonts_are_not_drm() -> None:
    fonts = ('<encryption><EncryptedData><EncryptionMethod Algorithm='
             '"http://www.idpf.org/2008/embedding"/></EncryptedData></encryption>')
    data = make_epub(["<p>Readable text.</p>"], extra={"META-INF/encryption.xml": fonts})
    assert epub.paragraphs(data) == ["Readable text."]


def test_restore_prints_text_and_never_writes_a_book(tmp_path: Path, capsys) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(make_epub([f"<p>{SPUN_SENTENCE}</p>"]))
    restore_prints_and_never_writes(path, "EPUB book", capsys)  # "an EPUB", not "a EPUB"


def test_standard_input_named_as_a_book_is_read_as_one(tmp_path: Path, monkeypatch, capsys):
    import sys

    data = make_epub(["<h1>Title</h1><p>Final yr the council rejected the plan.</p>"])
    for command in (["check", "--format", "json"], ["explain"], ["restore"]):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        run([*command, "--isolated", "-", "--stdin-filename", "book.epub"])
        out = capsys.readouterr().out
        if command[0] == "check":
            (finding,) = json.loads(out)["files"][0]["findings"]
            assert (finding["text"], finding["line"]) == ("Final yr", 2)  # paragraph 2
        elif command[0] == "explain":
            assert "book.epub:2:1: 'Final yr'" in out
        else:
            assert out.startswith("Title\n\nLast year the council rejected the plan.")


def test_directory_walks_include_books(tmp_path: Path) -> None:
    from detector.files import discover

    (tmp_path / "a.epub").write_bytes(make_epub(["<p>Text.</p>"]))
    assert [Path(p).name for p, _ in discover([str(tmp_path)])] == ["a.epub"]


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


_VALID = make_epub(["<h1>One</h1><p>The council met on Tuesday.</p>",
                    "<p>It agreed to publish the plan.</p>"])


@settings(max_examples=200, deadline=None)
@given(damaged(_VALID))
def test_any_damage_is_a_file_error_or_text(raw: bytes) -> None:
    text_or_one_line_error(epub.text_of, raw)
