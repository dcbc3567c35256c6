"""Word documents: detector/docx.py and the command line on .docx files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from documents import (  # tests/ is on sys.path (rootdir)
    SPUN_SENTENCE,
    damaged,
    restore_prints_and_never_writes,
    text_or_one_line_error,
)
from hypothesis import given, settings

from detector import docx
from detector.cli import ExitStatus, run
from detector.files import FileError

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def make_docx(body: str, footnotes: str | None = None, endnotes: str | None = None) -> bytes:
    """A minimal Word document whose body XML is ``body`` (paragraphs), with footnotes and
    endnotes parts when given (their notes' XML)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}">'
                   f"<w:body>{body}</w:body></w:document>")
        for name, notes in (("footnotes", footnotes), ("endnotes", endnotes)):
            if notes is not None:
                z.writestr(f"word/{name}.xml",
                           f'<?xml version="1.0" encoding="UTF-8"?><w:{name} xmlns:w="{W}">'
                           f"{notes}</w:{name}>")
    return buf.getvalue()


def note(kind: str, number: int, *texts: str, note_type: str | None = None) -> str:
    """A footnote or endnote (``kind``) of paragraphs; ``note_type`` "separator" and its kin
    are the rules Word draws above the notes."""
    attr = f' w:type="{note_type}"' if note_type else ""
    return f'<w:{kind} w:id="{number}"{attr}>{paras(*texts)}</w:{kind}>'


def paras(*texts: str) -> str:
    return "".join(f"<w:p>{_run(t)}</w:p>" if t else "<w:p/>" for t in texts)


def test_runs_in_italics_are_set_off(tmp_path: Path, capsys) -> None:
    """A run in italics is read between EMPHASIS marks, so a tortured phrase a screening
    report names in italics is a mention (not reported); one in running text, in bold (a
    keyword's emphasis) or with italics switched off (w:val="0") is still found."""
    def styled(text: str, props: str) -> str:
        return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'

    italic, bold, not_italic = "<w:i/>", '<w:b w:val="true"/>', '<w:i w:val="0"/>'
    body = (f"<w:p>{_run('Screened papers wrote ')}{styled('counterfeit ', italic)}"
            f"{styled('consciousness', italic)}{_run(' and ')}"
            f"{styled('irregular woodland', bold)}"
            f"{_run('; another applied ')}{styled('counterfeit consciousness', not_italic)}"
            f"{_run(' to the data.')}</w:p>")
    # italics a tracked change removed (its record of the former look) set nothing off
    removed = '<w:rPrChange w:id="1" w:author="A"><w:rPr><w:i/></w:rPr></w:rPrChange>'
    assert docx.paragraphs(make_docx(f"<w:p>{styled('plain', removed)}</w:p>")) == ["plain"]
    # Word splits runs anywhere, inside words too: no mark cuts a word in two
    split = f"<w:p>{styled('Counterf', italic)}{_run('eit')}{styled('s', italic)}</w:p>"
    data = make_docx(split + body)
    assert docx.paragraphs(data)[0] == "\u205fCounterfeits\u205f"
    assert docx.paragraphs(data)[1:] == [
        "Screened papers wrote \u205fcounterfeit \u205f\u205fconsciousness\u205f and "
        "irregular woodland; another applied counterfeit consciousness to the data."]
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    assert run(["check", "--isolated", "--format", "json", str(path)]) in (
        ExitStatus.OK, ExitStatus.FLAGGED)
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert [f["text"] for f in found if f["rule"] == "tortured-phrase"] == [
        "irregular woodland", "counterfeit consciousness"]


def test_paragraphs_runs_tabs_breaks_and_tracked_changes() -> None:
    body = (
        f"<w:p>{_run('The council ')}<w:r><w:t>met</w:t></w:r>{_run(' on Tuesday.')}</w:p>"
        "<w:p/>"
        f"<w:p>{_run('Name')}<w:r><w:tab/></w:r>{_run('Value')}<w:r><w:br/></w:r>"
        f"{_run('next')}</w:p>"
        # a tracked insertion is read, a deletion and a field code are not
        f"<w:p><w:ins>{_run('kept')}</w:ins><w:del><w:r><w:delText>gone</w:delText></w:r>"
        f"</w:del><w:r><w:instrText> PAGE </w:instrText></w:r>"
        f"<w:hyperlink>{_run(' linked')}</w:hyperlink></w:p>"
        f"<w:tbl><w:tr><w:tc>{paras('cell one')}</w:tc><w:tc>{paras('cell two')}</w:tc>"
        "</w:tr></w:tbl>"
    )
    assert docx.paragraphs(make_docx(body)) == [
        "The council met on Tuesday.", "", "Name\tValue next", "kept linked", "cell one",
        "cell two",
    ]
    assert docx.text_of(make_docx(paras("One.", "Two."))) == "One.\n\nTwo.\n\n"


def test_footnotes_and_endnotes_follow_the_body_without_separators() -> None:
    separators = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                  "</w:p></w:footnote>"
                  + note("footnote", 0, "", note_type="continuationSeparator"))
    data = make_docx(
        paras("The body cites a source.", "A second paragraph."),
        footnotes=separators + note("footnote", 1, "First note.", "Its second paragraph.")
        + note("footnote", 2, "Second note."),
        endnotes=note("endnote", 1, "An endnote.", note_type="normal"),
    )
    assert docx.paragraphs(data) == [
        "The body cites a source.", "A second paragraph.", "First note.",
        "Its second paragraph.", "Second note.", "An endnote.",
    ]
    broken = make_docx(paras("Body."), footnotes="<w:footnote><w:p>")
    with pytest.raises(FileError, match="damaged Word document"):
        docx.paragraphs(broken)


def test_a_spun_footnote_is_found_at_its_paragraph_number(tmp_path, capsys) -> None:
    path = tmp_path / "paper.docx"
    path.write_bytes(make_docx(paras("The library opens at nine on weekdays.", ""),
                               footnotes=note("footnote", 1, SPUN_SENTENCE)))
    run(["check", "--isolated", "--fail-on", "finding", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["findings"] and {f["line"] for f in report["findings"]} == {3}  # the note 3
    # The report says where the notes begin, and the text output does when it reports
    # something there.
    assert "footnotes and endnotes from paragraph 3" in report["notes"]
    run(["check", "--isolated", str(path)])
    out = capsys.readouterr().out.splitlines()
    assert f"{path}: footnotes and endnotes from paragraph 3" in out
    assert out[-1].startswith("1 file checked:")


def test_notes_are_placed_from_standard_input_and_through_the_cache(
        tmp_path, capsys, monkeypatch) -> None:
    import io
    import sys

    data = make_docx(paras("The library opens at nine on weekdays.", ""),
                     footnotes=note("footnote", 1, SPUN_SENTENCE))
    (tmp_path / "paper.docx").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    run(["check", "--isolated", "--format", "json", "--stdin-filename", "paper.docx", "-"])
    assert "footnotes and endnotes from paragraph 3" in json.loads(
        capsys.readouterr().out)["files"][0]["notes"]
    for _ in range(2):  # a fresh report, then the cached one
        run(["check", "--isolated", "--cache", "--format", "json", "paper.docx"])
        assert "footnotes and endnotes from paragraph 3" in json.loads(
            capsys.readouterr().out)["files"][0]["notes"]


def test_a_document_without_notes_or_nothing_in_them_says_nothing_of_notes(
        tmp_path, capsys) -> None:
    plain = tmp_path / "plain.docx"
    plain.write_bytes(make_docx(paras(SPUN_SENTENCE, "The library opens at nine.")))
    clean = tmp_path / "clean.docx"
    clean.write_bytes(make_docx(paras(SPUN_SENTENCE),
                                footnotes=note("footnote", 1, "See the minutes of May.")))
    run(["check", "--isolated", "--format", "json", str(plain), str(clean)])
    files = json.loads(capsys.readouterr().out)["files"]
    assert not any("footnotes" in n for n in files[0]["notes"])
    assert "footnotes and endnotes from paragraph 2" in files[1]["notes"]
    run(["check", "--isolated", str(plain), str(clean)])
    assert "footnotes and endnotes" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"plain text, not a zip", "not a zip archive"),
        (b"", "not a zip archive"),
    ],
)
def test_bad_documents_are_one_line_errors(data: bytes, reason: str) -> None:
    with pytest.raises(FileError, match=reason):
        docx.paragraphs(data)


def test_a_zip_without_a_body_or_with_broken_xml() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/styles.xml", "<x/>")
    with pytest.raises(FileError, match=r"no word/document\.xml"):
        docx.paragraphs(buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    with pytest.raises(FileError, match="damaged Word document"):
        docx.paragraphs(buf.getvalue())


def test_a_body_that_would_expand_too_far_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(docx, "MAX_XML_BYTES", 100)
    with pytest.raises(FileError, match="too large"):
        docx.paragraphs(make_docx(paras("x" * 200)))


def test_check_reports_paragraph_numbers(tmp_path, capsys) -> None:
    spun = (ROOT / "examples" / "spun-news.md").read_text(encoding="utf-8")
    blocks = [b.strip() for b in spun.split("\n\n") if b.strip() and not b.startswith("#")]
    path = tmp_path / "story.docx"
    path.write_bytes(make_docx(paras("Title of the story", "", *blocks)))
    assert run(["check", "--isolated", "--format", "json", str(path)]) == ExitStatus.FLAGGED
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["findings"]
    texts = docx.paragraphs(path.read_bytes())
    for f in report["findings"]:
        # the line is the paragraph's number, the column counts within its text
        paragraph = texts[f["line"] - 1]
        assert paragraph[f["column"] - 1 :].startswith(f["text"].split("\n")[0])


def test_check_explain_and_restore_on_bad_or_word_files(tmp_path, capsys) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    good = tmp_path / "notes.docx"
    good.write_bytes(make_docx(paras("We met on Monday and agreed on the plan.")))
    assert run(["check", "--isolated", str(bad), str(good)]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.docx: error: not a Word document" in err
    assert run(["explain", "--isolated", str(good)]) == ExitStatus.OK
    assert "notes.docx" in capsys.readouterr().out
    # Without --in-place or -o the restored text is printed, as plain text.
    spun = tmp_path / "spun.docx"
    spun.write_bytes(make_docx(paras(SPUN_SENTENCE)))
    restore_prints_and_never_writes(spun, "Word document", capsys)


def test_restore_never_writes_plain_text_to_a_document_name(tmp_path, capsys) -> None:
    src = tmp_path / "notes.txt"
    src.write_text("Final yr the council rejected the plan.\n", encoding="utf-8")
    for name in ("out.docx", "out.odt", "out.epub", "out.pdf", "out.nxml"):
        assert run(["restore", "--isolated", "-o", str(tmp_path / name), str(src)]) == (
            ExitStatus.ERROR)
        assert not (tmp_path / name).exists()
    assert "cannot write an EPUB book" in capsys.readouterr().err


def test_directory_walks_include_word_documents(tmp_path) -> None:
    from detector.files import discover

    (tmp_path / "a.docx").write_bytes(make_docx(paras("Text.")))
    assert [Path(p).name for p, _ in discover([str(tmp_path)])] == ["a.docx"]


_VALID = make_docx(paras("The council met on Tuesday.", "It agreed to publish the plan."))


@settings(max_examples=200, deadline=None)
@given(damaged(_VALID))
def test_any_damage_is_a_file_error_or_text(raw: bytes) -> None:
    text_or_one_line_error(docx.text_of, raw)


def test_writers_number_end_positions_by_paragraph(tmp_path, capsys) -> None:
    path = tmp_path / "story.docx"
    path.write_bytes(make_docx(paras("Opening words here.", "", "Final yr the council met.")))
    assert run(["check", "--isolated", "--exit-zero", "-f", "github", str(path)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "Final yr" in x)
    # paragraph 3, one line: an end column, no end line
    assert "line=3,col=1,endColumn=9," in line
    assert run(["check", "--isolated", "--exit-zero", "-f", "sarif", str(path)]) == 0
    sarif = json.loads(capsys.readouterr().out)
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"]) == (3, 3)
    assert (region["startColumn"], region["endColumn"]) == (1, 9)
