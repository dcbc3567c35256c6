"""PDF documents: detector/pdf.py and the command line on .pdf files."""

from __future__ import annotations

import concurrent.futures
import io
import json
import signal
import time
from pathlib import Path

import pytest
from documents import (  # tests/ is on sys.path (rootdir)
    SPUN_SENTENCE,
    damaged,
    restore_prints_and_never_writes,
    text_or_one_line_error,
)
from hypothesis import HealthCheck, given, settings

from detector import pdf
from detector.cli import ExitStatus, run
from detector.files import FileError

pypdf = pytest.importorskip("pypdf")  # a dependency; skip only in a broken environment


def esc(line: str) -> str:
    """A line as a PDF string's contents."""
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], streams: list[str] | None = None) -> bytes:
    """A minimal PDF with one page per list of lines (Helvetica, one text line each), or
    with one page per content stream of ``streams``."""
    if streams is None:
        streams = ["BT /F1 11 Tf 14 TL 72 720 Td "
                   + " ".join(f"({esc(x)}) Tj T*" for x in lines) + " ET" for lines in pages]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
           b"/Encoding /WinAnsiEncoding >>",
    }
    kids = []
    n = 4
    for stream in streams:
        body = stream.encode("latin-1")
        objects[n] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                      b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (n + 1))
        objects[n + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body)
        kids.append(b"%d 0 R" % n)
        n += 2
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for k in sorted(objects):
        offsets[k] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (k, objects[k])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    out += b"".join(b"%010d 00000 n \n" % offsets[k] for k in range(1, n))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    return bytes(out)


def make_two_column_pdf(left: list[str], right: list[str]) -> bytes:
    """One page whose two columns are drawn line by line across the page (left line 1, right
    line 1, left line 2, ...), as some generators write them: the worst reading order for
    a text extractor."""
    ops = []
    for i in range(max(len(left), len(right))):
        y = 740 - 13 * i
        for x, column in ((60, left), (320, right)):
            if i < len(column):
                ops.append(f"BT /F1 10 Tf {x} {y} Td ({esc(column[i])}) Tj ET")
    return make_pdf([], streams=["\n".join(ops)])


SPUN_PAGES = [
    ["Police stated that the metropolis council had been knowledgeable of the",
     "final yr's battle, and the mayor requested calm within the metropolis."],
    ["The council will meet again next week to discuss the ex-", "ample of the bridge."],
]


def test_text_of_pages_hyphenation_and_ligatures() -> None:
    text = pdf.text_of(make_pdf(SPUN_PAGES))
    first, second = text.split("\n\n")  # pages are separated by a blank line
    assert first.startswith("Police stated") and first.endswith("metropolis.")
    assert "the example\n of the bridge." in second  # a word broken at the line's end
    assert pdf._repaired("well-\nknown, long-\nterm") == "well-\nknown, long-\nterm"
    assert pdf._repaired("de\ufb01ned \ufb02ow, soft\u00adhyphen") == "defined flow, softhyphen"


def test_a_long_run_of_letters_is_repaired_from_the_word_start() -> None:
    # The hyphenation pattern was tried from every letter of a run with no hyphen after it:
    # 20,000 letters took 11.6 s (issue #7). It now starts at a word's first letter only,
    # with the same joins.
    assert pdf._repaired("to ex-\namine it") == "to examine\n it"
    long = "a" * 20_000
    assert pdf._repaired(f"{long} to ex-\namine it") == f"{long} to examine\n it"
    assert pdf._repaired(f"{long}ex-\namine") == f"{long}examine\n"


def test_check_reports_lines_of_the_extracted_text(tmp_path: Path, capsys) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf(SPUN_PAGES))
    assert run(["check", "--isolated", "--format", "json", "--fail-on", "finding",
                str(path)]) == ExitStatus.FLAGGED
    report = json.loads(capsys.readouterr().out)["files"][0]
    lines = pdf.text_of(path.read_bytes()).split("\n")
    found = {f["text"] for f in report["findings"]}
    assert "final yr's" in found and "knowledgeable" in found
    for f in report["findings"]:
        assert lines[f["line"] - 1][f["column"] - 1 :].startswith(f["text"].split("\n")[0])


def test_bad_pdfs_are_one_line_errors(tmp_path: Path, capsys) -> None:
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("Just text with a PDF name.\n", encoding="utf-8")
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(make_pdf(SPUN_PAGES)[:200])
    assert run(["check", "--isolated", str(not_pdf), str(truncated)]) == ExitStatus.ERROR
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{not_pdf}: error: not a PDF document: no %PDF header",
                   f"{truncated}: error: " + err[1].split(": error: ")[1]]
    assert "PDF" in err[1]


def test_encrypted_pdf_is_an_error(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf(SPUN_PAGES))))
    writer.encrypt("secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(FileError, match="encrypted PDF"):
        pdf.text_of(buf.getvalue())


def test_pdf_without_text_is_an_error_when_named_and_skipped_in_walks(tmp_path, capsys):
    figure = tmp_path / "figure.pdf"
    figure.write_bytes(make_pdf([[]]))
    assert run(["check", "--isolated", str(figure)]) == ExitStatus.ERROR
    assert "no text layer" in capsys.readouterr().err
    (tmp_path / "paper.pdf").write_bytes(make_pdf(SPUN_PAGES))
    assert run(["check", "--isolated", "--include", "*.pdf", "--format", "json",
                str(tmp_path)]) == ExitStatus.FLAGGED
    out = capsys.readouterr()
    assert [Path(f["path"]).name for f in json.loads(out.out)["files"]] == ["paper.pdf"]
    assert "figure.pdf" not in out.err


def test_pdfs_are_not_walked_by_default(tmp_path: Path) -> None:
    from detector.files import discover

    (tmp_path / "figure.pdf").write_bytes(make_pdf([[]]))
    (tmp_path / "notes.txt").write_text("Text.\n", encoding="utf-8")
    assert [Path(p).name for p, _ in discover([str(tmp_path)])] == ["notes.txt"]


def test_oversized_pdf_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", 100)
    with pytest.raises(FileError, match="PDF larger than"):
        pdf.text_of(make_pdf(SPUN_PAGES))


def test_a_page_that_reads_too_slowly_is_interrupted(tmp_path: Path, monkeypatch,
                                                     capsys) -> None:
    """A page whose text pypdf cannot read in time (a damaged or hostile content stream)
    is one clear error for its file, interrupted mid-page on the main thread; the other
    files are still checked."""
    finished = []

    def slow(self, *args, **kwargs):
        time.sleep(5)  # interrupted by the alarm long before it ends
        finished.append(True)
        return "never"

    monkeypatch.setattr(pdf, "MAX_PAGE_SECONDS", 0.05)
    monkeypatch.setattr(pypdf.PageObject, "extract_text", slow)
    (tmp_path / "slow.pdf").write_bytes(make_pdf(SPUN_PAGES))
    (tmp_path / "notes.txt").write_text("The council met on Tuesday.\n", encoding="utf-8")
    handler = signal.getsignal(signal.SIGALRM)
    assert run(["check", "--isolated", "--jobs", "1", str(tmp_path / "slow.pdf"),
                str(tmp_path / "notes.txt")]) == ExitStatus.ERROR
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{tmp_path / 'slow.pdf'}: error: PDF page 1 took more than 0.05 s to "
                   "read (damaged or built to be slow); not analysed"]
    assert finished == []
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # no alarm left behind
    assert signal.getsignal(signal.SIGALRM) == handler


def test_slow_pages_are_stopped_between_pages_off_the_main_thread(monkeypatch) -> None:
    """Off the main thread no alarm can interrupt a page: the page finishes and the file
    stops there, with the same error."""
    calls = []

    def slow(self, *args, **kwargs):
        calls.append(True)
        time.sleep(0.1)
        return "text"

    monkeypatch.setattr(pdf, "MAX_PAGE_SECONDS", 0.05)
    monkeypatch.setattr(pypdf.PageObject, "extract_text", slow)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(pdf.text_of, make_pdf(SPUN_PAGES))
        with pytest.raises(FileError, match=r"PDF page 1 took more than 0\.05 s"):
            future.result()
    assert calls == [True]  # stopped after the first page


LEFT_COLUMN = [
    "The river authority opened the new weir at",
    "Hallow Mill on Saturday, three years after",
    "floods washed the old one away. The design",
    "lets salmon and eels pass upstream through",
    "a stepped channel beside the main spillway,",
    "and sensors report the water level to the",
    "control room every five minutes. Anglers",
    "had campaigned for the channel since the",
    "first plans were published, and several",
    "of them came to watch the gates lifted.",
]
RIGHT_COLUMN = [
    "Funding for the scheme came mostly from the",
    "national flood programme, with the county",
    "council paying for the footpath that now",
    "runs along the east bank. Walkers can cross",
    "the river on a narrow bridge above the weir",
    "for the first time since the floods, and",
    "the mill café has reopened its terrace. The",
    "authority will publish a report on fish",
    "numbers next spring, once a full season of",
    "counts from the channel has been recorded.",
]


def test_two_columns_read_across_the_page_are_not_labelled_spun(tmp_path: Path,
                                                                 capsys) -> None:
    """A two-column page drawn across the page: pypdf joins each left line to the right
    line beside it, so every sentence comes out spliced with another, which must not read
    as spinning."""
    data = make_two_column_pdf(LEFT_COLUMN, RIGHT_COLUMN)
    lines = pdf.text_of(data).splitlines()
    assert lines[:2] == [f"{a} {b}" for a, b in zip(LEFT_COLUMN, RIGHT_COLUMN)][:2]
    path = tmp_path / "columns.pdf"
    path.write_bytes(data)
    assert run(["check", "--isolated", "--fail-on", "passage", "--format", "json",
                str(path)]) == ExitStatus.OK
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["label"] == "natural" and report["findings"] == []


def test_restore_prints_text_and_never_writes_a_pdf(tmp_path: Path, capsys) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf([[SPUN_SENTENCE]]))
    restore_prints_and_never_writes(path, "PDF document", capsys)


_VALID = make_pdf(SPUN_PAGES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged(_VALID, b"%PDF-1.4\n"))
def test_any_damage_is_a_file_error_or_text(raw: bytes) -> None:
    text_or_one_line_error(pdf.text_of, raw)
