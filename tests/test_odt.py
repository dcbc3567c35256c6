"""OpenDocument text: detector/odt.py and the command line on .odt files."""

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

from detector import odt
from detector.cli import ExitStatus, run

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')


def make_odt(body: str, styles: str = "") -> bytes:
    """A minimal OpenDocument text whose ``office:text`` holds ``body``, after ``styles``
    (``office:automatic-styles``)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                   f"<office:document-content {NS}>{styles}<office:body><office:text>{body}"
                   "</office:text></office:body></office:document-content>")
    return buf.getvalue()


def p(*texts: str) -> str:
    return "".join(f"<text:p>{t}</text:p>" for t in texts)


def test_paragraphs_mixed_content_notes_comments_and_tracked_changes() -> None:
    body = (
        '<text:h text:outline-level="1">The <text:span>plan</text:span></text:h>'
        "<text:tracked-changes><text:changed-region><text:deletion>"
        f"{p('deleted words')}</text:deletion></text:changed-region></text:tracked-changes>"
        "<text:p>The council<text:s text:c=\"2\"/>met<text:tab/>on "
        '<text:a xlink:href="x" xmlns:xlink="http://www.w3.org/1999/xlink">Tuesday</text:a>'
        "<text:note><text:note-citation>1</text:note-citation><text:note-body>"
        f"{p('A footnote.')}</text:note-body></text:note>.<text:line-break/>Next."
        "<office:annotation><text:p>A comment.</text:p></office:annotation></text:p>"
        "<text:p/>"
        f"<table:table><table:table-row><table:table-cell>{p('cell one')}</table:table-cell>"
        "</table:table-row></table:table>"
        "<text:p>Anchor<draw:frame><draw:text-box>"
        f"{p('In a box.')}</draw:text-box></draw:frame> text.</text:p>"
    )
    assert odt.paragraphs(make_odt(body)) == [
        "The plan", "The council  met\ton Tuesday. Next.", "", "cell one", "In a box.",
        "Anchor text.", "A footnote.",  # the note after the body
    ]


def test_notes_follow_the_body_in_citation_order() -> None:
    def note(cls: str, n: int, *texts: str) -> str:
        return (f'<text:note text:note-class="{cls}"><text:note-citation>{n}'
                f"</text:note-citation><text:note-body>{p(*texts)}</text:note-body>"
                "</text:note>")

    body = (f"<text:p>First{note('footnote', 1, 'Note one.', 'Its second paragraph.')} "
            f"claim.</text:p><text:p>An endnote here{note('endnote', 1, 'Endnote.')}.</text:p>"
            "<text:p>A note with a comment<text:note><text:note-body><text:p>Kept."
            "<office:annotation><text:p>Not read.</text:p></office:annotation></text:p>"
            "</text:note-body></text:note>.</text:p>")
    assert odt.paragraphs(make_odt(body)) == [
        "First claim.", "An endnote here.", "A note with a comment.",
        "Note one.", "Its second paragraph.", "Endnote.", "Kept.",
    ]
    # A report says where the notes begin: paragraph 4, after the body's three.
    from detector.files import convert

    assert convert(make_odt(body), "a.odt").notes_from == 4
    assert convert(make_odt("<text:p>No notes.</text:p>"), "a.odt").notes_from is None


def test_the_body_is_parsed_once(monkeypatch) -> None:
    # Body and notes come from one pass over content.xml (it was parsed twice).
    calls = []
    read = odt.read_member

    def counting(*args, **kwargs):
        calls.append(args[1])
        return read(*args, **kwargs)

    monkeypatch.setattr(odt, "read_member", counting)
    body = ("<text:p>Claim<text:note><text:note-body><text:p>Note.</text:p></text:note-body>"
            "</text:note>.</text:p>")
    assert odt.paragraphs(make_odt(body)) == ["Claim.", "Note."]
    assert calls == ["content.xml"]


def test_white_space_is_read_as_the_format_defines_it() -> None:
    # A run of white space in the XML is one space; text:s writes the extra ones.
    assert odt.paragraphs(make_odt("<text:p>two\n   lines <text:s/>here</text:p>")) == [
        "two lines  here"]


def test_check_reports_paragraph_numbers(tmp_path: Path, capsys) -> None:
    path = tmp_path / "story.odt"
    path.write_bytes(make_odt(p("Title", "Police stated that the metropolis council had been "
                                "knowledgeable of the final yr's battle, and the mayor "
                                "requested calm within the metropolis.")))
    findings = findings_by_paragraph(path, odt.paragraphs(path.read_bytes()), capsys)
    assert {f["line"] for f in findings} == {2}


def test_bad_documents_and_restore(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.odt"
    bad.write_bytes(b"not a zip")
    empty = tmp_path / "empty.odt"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    empty.write_bytes(buf.getvalue())
    assert run(["check", "--isolated", str(bad), str(empty)]) == ExitStatus.ERROR
    assert capsys.readouterr().err.splitlines() == [
        f"{bad}: error: not an OpenDocument text (.odt): not a zip archive",
        f"{empty}: error: not an OpenDocument text (.odt): no content.xml",
    ]
    good = tmp_path / "notes.odt"
    good.write_bytes(make_odt(p(SPUN_SENTENCE)))
    restore_prints_and_never_writes(good, "OpenDocument text", capsys)


_VALID = make_odt(p("The council met on Tuesday.", "It agreed to publish the plan."))


@settings(max_examples=200, deadline=None)
@given(damaged(_VALID))
def test_any_damage_is_a_file_error_or_text(raw: bytes) -> None:
    text_or_one_line_error(odt.text_of, raw)


def test_spans_in_italics_are_set_off(tmp_path: Path, capsys) -> None:
    """A span of an automatic text style in italics, or of the Emphasis character
    style, is read between EMPHASIS marks: a tortured phrase a screening report names so is
    a mention, one in running text is still found."""
    styles = (
        '<office:automatic-styles xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
        ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0">'
        '<style:style style:name="T1" style:family="text">'
        '<style:text-properties fo:font-style="italic"/></style:style>'
        '<style:style style:name="T2" style:family="text">'
        '<style:text-properties fo:color="#ff0000"/></style:style>'
        "</office:automatic-styles>")
    body = p('Screened papers wrote <text:span text:style-name="T1">counterfeit '
             'consciousness</text:span> and <text:span text:style-name="Emphasis">irregular '
             'woodland</text:span>; another applied <text:span text:style-name="T2">'
             "counterfeit consciousness</text:span> to the data.")
    data = make_odt(body, styles)
    assert odt.paragraphs(data) == [
        "Screened papers wrote \u205fcounterfeit consciousness\u205f and \u205firregular "
        "woodland\u205f; another applied counterfeit consciousness to the data."]
    path = tmp_path / "report.odt"
    path.write_bytes(data)
    run(["check", "--isolated", "--format", "json", str(path)])
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [f["text"] for f in found if f["rule"] == "tortured-phrase"] == [
        "counterfeit consciousness"]
