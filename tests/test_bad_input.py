"""Bad input through ``unspin check`` / ``restore``: never a traceback, one line per bad file.

Binary files, invalid UTF-8, BOMs, empty files, files too large to hold in memory (streamed in
paragraph-aligned chunks, :mod:`detector.stream`), a long line without white space, mixed
scripts, other languages, unreadable and missing paths, symlink loops. Most tests run the CLI
in-process with a fake analyzer (flags "final" and "yr"; a passage with two findings is spun)
so that they test the plumbing; the ones that need the real model skip when it is unusable.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import json
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

import detector
import detector.stream as stream
from detector.cli import ExitStatus, run
from detector.report import Finding, Passage, Report
from detector.tokens import LineIndex, passage_spans, tokenize

ROOT = Path(__file__).resolve().parent.parent
SUB = {"yr": "year", "final": "last"}
SPUN = "The final yr was long. Prices rose in the final yr.\n"
CLEAN = "The last year was long. Prices rose all year.\n"


def fake_analyze(text, *, threshold=None, allowed=(), ignore=()):
    idx = LineIndex(text)
    thr = 0.5 if threshold is None else threshold
    findings = []
    for t in tokenize(text):
        if t.norm in SUB:
            line, col = idx.position(t.start)
            findings.append(Finding(t.start, t.end, line, col, t.text, "substitution", 0.9,
                                    (SUB[t.norm],)))
    passages = []
    for a, b in passage_spans(text):
        n = sum(1 for f in findings if a <= f.start < b)
        prob = 0.9 if n >= 2 else 0.1
        passages.append(Passage(a, b, idx.position(a)[0], 1, prob,
                                "spun" if prob >= thr else "natural", n))
    p = max((x.probability for x in passages), default=0.0)
    return Report(p, "spun" if p >= thr else "natural", len(text.split()), tuple(passages),
                  tuple(findings), threshold=thr)


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(detector, "analyze", fake_analyze, raising=False)
    monkeypatch.setattr(detector, "restore", lambda t, threshold=None, **kw: t.replace("final yr",
                        "last year"), raising=False)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".unspin.toml").write_text("")  # stops config discovery here
    return tmp_path


def one_error_line(err: str, name: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith(f"{name}:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --------------------------------------------------------------------------- encodings


def test_binary_file_is_one_line_and_others_are_checked(tree, fake, capsys):
    (tree / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (tree / "good.txt").write_text(SPUN)
    assert run(["check", "--jobs", "1", "blob.txt", "good.txt"]) == ExitStatus.ERROR
    out, err = capsys.readouterr()
    assert one_error_line(err, "blob.txt") == "blob.txt: error: not UTF-8 text (binary file)"
    assert "good.txt:1:5: unspin/substitution" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_an_endless_binary_stream_is_given_up_at_its_first_bytes(tree, fake, capsys):
    """A device or pipe may never end ("unspin check /dev/urandom" read until memory ran
    out): binary at its first bytes, it is one line of error, and the rest is checked."""
    import threading

    os.mkfifo(tree / "pipe.txt")
    (tree / "ok.txt").write_text("The last year was long.\n")

    def endless() -> None:
        with contextlib.suppress(BrokenPipeError), open(tree / "pipe.txt", "wb") as fh:
            while True:
                fh.write(b"text\x00" * 4096)

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    assert run(["check", "pipe.txt", "ok.txt"]) == ExitStatus.ERROR
    writer.join(timeout=10)
    assert not writer.is_alive()
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["pipe.txt: error: not UTF-8 text (binary file)"]


def test_text_through_a_pipe_is_read_whole(tree, fake, capsys):
    """Process substitution (``unspin check <(curl ...)``) hands over a pipe: read to its end."""
    read, write = os.pipe()
    with os.fdopen(write, "wb") as fh:
        fh.write(b"The final yr was long.\n")
    try:
        assert run(["check", "--no-cache", f"/dev/fd/{read}"]) == ExitStatus.FLAGGED
    finally:
        os.close(read)
    assert "'final'" in capsys.readouterr().out


def test_invalid_utf8_names_the_offset(tree, fake, capsys):
    (tree / "bad.md").write_bytes(b"Fine text here.\n\nthen \xff\xfe junk\n")
    assert run(["check", "bad.md"]) == ExitStatus.ERROR
    line = one_error_line(capsys.readouterr().err, "bad.md")
    assert line == ("bad.md: error: not UTF-8 text (invalid byte at offset 22); "
                    "--encoding reads other encodings")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_boms_are_decoded_and_not_counted_as_columns(tree, fake, capsys, encoding):
    text = "Intro line.\r\n" + SPUN
    if encoding == "utf-16-le-bom":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    (tree / "f.txt").write_bytes(data)
    assert run(["check", "f.txt"]) == ExitStatus.FLAGGED
    assert "f.txt:2:5: unspin/substitution 'final'" in capsys.readouterr().out


def test_utf16_without_bom_is_not_guessed(tree, fake, capsys):
    (tree / "f.txt").write_bytes("hello".encode("utf-16-le"))  # NUL bytes, no BOM
    assert run(["check", "f.txt"]) == ExitStatus.ERROR
    assert "not UTF-8 text" in one_error_line(capsys.readouterr().err, "f.txt")


@pytest.mark.parametrize("content", [b"", codecs.BOM_UTF8, b"\n\n\n", b"   \t  ", b"\r\n"])
def test_empty_and_blank_files_are_clean(tree, fake, capsys, content):
    (tree / "e.md").write_bytes(content)
    assert run(["check", "e.md"]) == ExitStatus.OK
    assert "1 file checked: 0 passages flagged, 0 findings, 0 errors" in capsys.readouterr().out


def test_restore_refuses_binary_and_invalid_utf8_with_one_line(tree, fake, capsys):
    (tree / "blob.txt").write_bytes(b"\x00\x01\x02")
    (tree / "bad.txt").write_bytes(b"caf\xe9")
    assert run(["restore", "blob.txt"]) == ExitStatus.ERROR
    assert one_error_line(capsys.readouterr().err, "blob.txt").endswith("(binary file)")
    assert run(["restore", "bad.txt", "--in-place"]) == ExitStatus.ERROR
    assert "invalid byte at offset 3" in one_error_line(capsys.readouterr().err, "bad.txt")
    assert (tree / "bad.txt").read_bytes() == b"caf\xe9"  # untouched


def test_restore_of_empty_file(tree, fake, capsysbinary):
    (tree / "e.txt").write_bytes(b"")
    assert run(["restore", "e.txt"]) == ExitStatus.OK
    assert capsysbinary.readouterr().out == b""


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_restore_in_place_keeps_a_wide_files_bom_and_byte_order(tree, fake, capsys, encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[encoding]
    (tree / "f.txt").write_bytes(bom + ("Intro.\r\n" + SPUN).encode(encoding))
    assert run(["check", "f.txt"]) == ExitStatus.FLAGGED  # UTF-32 is not read as UTF-16
    assert "f.txt:2:5: unspin/substitution 'final'" in capsys.readouterr().out
    assert run(["restore", "--in-place", "f.txt"]) == ExitStatus.OK
    want = bom + ("Intro.\r\n" + SPUN.replace("final yr", "last year")).encode(encoding)
    assert (tree / "f.txt").read_bytes() == want
    assert run(["restore", "--in-place", "f.txt"]) == ExitStatus.OK
    assert (tree / "f.txt").read_bytes() == want


@pytest.mark.parametrize("name", ["idna", "punycode", "undefined"])
def test_codecs_that_read_no_file_are_refused(tree, fake, capsys, name):
    (tree / "f.txt").write_text(SPUN)
    for command in ("check", "restore"):
        assert run([command, "--encoding", name, "f.txt"]) == ExitStatus.ERROR
        err = capsys.readouterr().err
        assert f"not a text encoding: '{name}'" in err and "Traceback" not in err


def test_restored_text_the_encoding_cannot_hold_is_one_line(tree, fake, capsys, monkeypatch):
    (tree / "f.txt").write_bytes(SPUN.encode("latin-1"))
    monkeypatch.setattr(detector, "restore", lambda t, **kw: t.replace("final yr", "last \u20ac"),
                        raising=False)
    assert run(["restore", "--encoding", "latin-1", "--in-place", "f.txt"]) == ExitStatus.ERROR
    assert "cannot be written in iso8859-1" in one_error_line(capsys.readouterr().err, "f.txt")
    assert (tree / "f.txt").read_bytes() == SPUN.encode("latin-1")


# --------------------------------------------------------------------------- writes


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_restore_in_place_writes_through_a_symlink(tree, fake):
    (tree / "real.txt").write_text(SPUN)
    (tree / "link.txt").symlink_to("real.txt")
    assert run(["restore", "--in-place", "link.txt"]) == ExitStatus.OK
    assert (tree / "link.txt").is_symlink()
    assert (tree / "real.txt").read_text() == SPUN.replace("final yr", "last year")


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links here")
def test_restore_in_place_keeps_hard_links(tree, fake):
    (tree / "a.txt").write_text(SPUN)
    os.link(tree / "a.txt", tree / "b.txt")
    assert run(["restore", "--in-place", "a.txt"]) == ExitStatus.OK
    assert (tree / "b.txt").read_text() == SPUN.replace("final yr", "last year")
    assert os.path.samefile(tree / "a.txt", tree / "b.txt")
    assert not [p.name for p in tree.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="only root gives files away")
def test_restore_in_place_keeps_the_owner(tree, fake):
    f = tree / "a.txt"
    f.write_text(SPUN)
    os.chown(f, 65534, 65534)
    f.chmod(0o640)
    assert run(["restore", "--in-place", "a.txt"]) == ExitStatus.OK
    st = f.stat()
    assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o640)
    assert f.read_text() == SPUN.replace("final yr", "last year")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("command", ["check", "restore"])
def test_output_to_a_named_pipe_goes_into_the_pipe(tree, fake, command):
    """``-o`` onto what is no regular file (a pipe, ``/dev/null``) writes into it: replacing
    it, as an atomic write replaces a file, put a file where the pipe or device was."""
    import threading

    (tree / "a.txt").write_text(SPUN)
    os.mkfifo(tree / "out")
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append((tree / "out").read_bytes()),
                              daemon=True)
    reader.start()
    assert run([command, "a.txt", "-o", "out"]) in (ExitStatus.OK, ExitStatus.FLAGGED)
    reader.join(timeout=10)
    assert (tree / "out").is_fifo()
    assert b"year" in got[0] if command == "restore" else b"a.txt:1:5:" in got[0]


class _FullDisk:
    """Standard output on a full disk: every write fails."""

    def write(self, _data):
        raise OSError(28, "No space left on device")

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    @property
    def buffer(self):
        return self


@pytest.mark.parametrize("argv", [["restore", "a.txt"], ["suggest", "final yr"],
                                  ["explain", "a.txt"], ["restore", "--diff", "a.txt"]])
def test_a_failing_standard_output_is_one_line(tree, fake, capsys, monkeypatch, argv):
    (tree / "a.txt").write_text(SPUN)
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    assert run(argv) == ExitStatus.ERROR
    assert capsys.readouterr().err == (
        "unspin: error: cannot write output: No space left on device\n")


def test_a_file_named_twice_is_checked_once(tree, fake, capsys):
    (tree / "docs").mkdir()
    (tree / "docs" / "a.txt").write_text(SPUN)
    (tree / "link.txt").symlink_to("docs/a.txt")
    assert run(["check", "docs/a.txt", "./docs/a.txt", "docs", "./docs/", "link.txt",
                str(tree / "docs" / "a.txt")]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    assert out.count("unspin/substitution 'final'") == 2  # the file's two, once each
    assert "1 file checked" in out
    assert run(["restore", "--diff", "docs/a.txt", "./docs/a.txt"]) == ExitStatus.FLAGGED
    assert capsys.readouterr().out.count("--- a/") == 1


def test_a_diff_of_a_file_without_a_final_newline_applies(tree, fake, capsys):
    (tree / "a.txt").write_text("Intro.\nThe final yr.")
    assert run(["restore", "--diff", "a.txt"]) == ExitStatus.FLAGGED
    assert capsys.readouterr().out == (
        "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n Intro.\n-The final yr.\n"
        "\\ No newline at end of file\n+The last year.\n\\ No newline at end of file\n")


@pytest.mark.parametrize("command", ["check", "restore", "explain"])
def test_threshold_nan_is_a_usage_error(tree, fake, capsys, command):
    (tree / "a.txt").write_text(SPUN)
    assert run([command, "--threshold", "nan", "a.txt"]) == ExitStatus.ERROR
    assert "not nan" in capsys.readouterr().err


# --------------------------------------------------------------------------- paths


def test_missing_path_is_one_line_and_others_are_checked(tree, fake, capsys):
    (tree / "good.txt").write_text(SPUN)
    assert run(["check", "--jobs", "1", "nope/", "good.txt", "gone.md"]) == ExitStatus.ERROR
    out, err = capsys.readouterr()
    assert one_error_line(err, "nope/") == "nope/: error: no such file or directory"
    assert one_error_line(err, "gone.md") == "gone.md: error: no such file or directory"
    assert "1 file checked: 1 passage flagged, 4 findings, 2 errors" in out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads files whatever their mode; see the simulated test")
def test_unreadable_file_chmod(tree, fake, capsys):
    f = tree / "secret.txt"
    f.write_text(SPUN)
    f.chmod(0)
    try:
        assert run(["check", "secret.txt"]) == ExitStatus.ERROR
    finally:
        f.chmod(0o644)
    assert one_error_line(capsys.readouterr().err, "secret.txt") == (
        "secret.txt: error: permission denied"
    )


def test_unreadable_file_simulated(tree, fake, capsys, monkeypatch):
    (tree / "secret.txt").write_text(SPUN)
    (tree / "good.txt").write_text(SPUN)
    import detector.files

    def opener(path, *args, **kwargs):
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    # the reader's own open(): a file the OS refuses (a root-run CI ignores chmod)
    monkeypatch.setattr(detector.files, "open", opener, raising=False)
    assert run(["check", "--jobs", "1", "secret.txt", "good.txt"]) == ExitStatus.ERROR
    out, err = capsys.readouterr()
    assert one_error_line(err, "secret.txt") == "secret.txt: error: permission denied"
    assert "good.txt:1:5:" in out


def test_directory_named_as_file_for_restore(tree, fake, capsys):
    (tree / "d").mkdir()
    assert run(["restore", "d"]) == ExitStatus.ERROR
    assert one_error_line(capsys.readouterr().err, "d") == "d: error: is a directory"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_symlink_loops_in_walks_and_on_the_command_line(tree, fake, capsys):
    docs = tree / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "a.md").write_text(SPUN)
    os.symlink("..", docs / "sub" / "up")  # directory loop: the walk must not follow it
    os.symlink("self.md", docs / "self.md")  # a link to itself
    assert run(["check", "--jobs", "1", "docs"]) == ExitStatus.ERROR
    out, err = capsys.readouterr()
    assert one_error_line(err, "docs/self.md") == "docs/self.md: error: symbolic link loop"
    assert out.count("docs/sub/a.md:1:5:") == 1  # checked once, not once per loop turn
    assert run(["check", "docs/self.md"]) == ExitStatus.ERROR
    assert "symbolic link loop" in one_error_line(capsys.readouterr().err, "docs/self.md")


# --------------------------------------------------------------------------- large files


def _paragraphs(n: int) -> str:
    out = []
    for i in range(n):
        body = SPUN if i % 7 == 3 else CLEAN
        out.append(f"Paragraph {i} starts here.\r\n" if i % 5 == 0 else f"Paragraph {i}.\n")
        out.append(body * (1 + i % 3))
        out.append("\n")
    return "".join(out)


def test_chunks_are_cut_at_blank_lines_and_rebuild_the_file(tmp_path):
    text = _paragraphs(300)
    f = tmp_path / "big.txt"
    f.write_bytes(text.encode("utf-8"))
    chunks = list(stream.iter_chunks(str(f), chunk_chars=2000))
    assert "".join(chunks) == text
    assert len(chunks) > 5
    assert all(len(c) - c.count("\r\n") <= 2000 for c in chunks)  # a CRLF counts as one
    assert all(re.search(r"\n\r?\n\Z", c) for c in chunks[:-1])  # after a blank line


def test_long_line_without_whitespace_is_cut_hard(tmp_path):
    f = tmp_path / "line.txt"
    f.write_bytes(b"x" * 10_000 + b"\r\n" + b"y" * 5_000)
    chunks = list(stream.iter_chunks(str(f), chunk_chars=3000))
    assert "".join(chunks) == "x" * 10_000 + "\r\n" + "y" * 5_000
    assert all(0 < len(c) <= 3000 for c in chunks)


def test_minified_html_is_cut_between_tags_and_blanked_as_whole():
    """A page on one line is cut after a tag's end, never inside a tag, whose attributes
    would be read as prose."""
    from detector.prose import extract

    page = "<html><body><div class=\"main\">" + "".join(
        f'<p class="para" data-id="{k}">{CLEAN.strip()}</p>'
        f'<a href="https://example.com/{k}" class="more link">Read more</a>'
        for k in range(80)) + "</div></body></html>"
    chunks = list(stream.split_text(page, 1500))
    assert len(chunks) > 5 and all(c.endswith(">") for c in chunks)
    prose = "".join(p for _, p in stream.prepared(chunks, "html"))
    assert prose == extract(page, "html")


@pytest.mark.parametrize("chunk", [700, 2000, 50_000])
def test_streamed_findings_equal_whole_file_findings(tmp_path, chunk):
    text = _paragraphs(120) + "x" * 1500 + " final yr " + "z" * 900 + " yr\n"
    f = tmp_path / "big.txt"
    f.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    whole = fake_analyze(text)
    streamed = stream.analyze_path(str(f), "text", chunk_chars=chunk, analyze=fake_analyze)
    assert streamed.findings == whole.findings  # same offsets, lines and columns
    for fnd in streamed.findings:
        assert text[fnd.start : fnd.end] == fnd.text
    idx = LineIndex(text)
    for p in streamed.passages:  # in file coordinates
        assert 0 <= p.start < p.end <= len(text)
        assert idx.position(p.start)[0] == p.line
    body = len(_paragraphs(120))  # cuts fall between its paragraphs: each SPUN one is spun
    for f in whole.findings:
        if f.start < body:
            assert any(p.start <= f.start < p.end and p.label == "spun"
                       for p in streamed.passages), f
    if chunk > len(text):  # one chunk: passages are grouped exactly as in the whole file
        assert streamed.passages == whole.passages
    assert streamed.label == "spun" and any("chunks" in n for n in streamed.notes)


def test_a_chunks_own_notes_are_kept_with_the_line_its_part_starts(tmp_path, monkeypatch):
    def noting(text, **options):
        rep = fake_analyze(text, **options)
        # As the analyser notes a text whose own score it read down (item 81).
        return dataclasses.replace(rep, notes=("read down",)) if "NOTE" in text else rep

    lines = [f"Line {k} of plain words here." for k in range(400)]
    lines[250] = "NOTE " + lines[250]
    f = tmp_path / "n.txt"
    f.write_text("\n".join(lines) + "\n")
    rep = stream.analyze_path(str(f), "text", chunk_chars=1000, analyze=noting)
    (kept,) = [n for n in rep.notes if n.endswith("read down")]
    first = int(kept.split("line ")[1].split(":")[0])
    assert first <= 251 < first + 1000 // len(lines[0])  # the part holding line 251
    # A large file keeps a few and counts the rest.
    monkeypatch.setattr(stream, "KEEP_CHUNK_NOTES", 2)
    f.write_text("\n".join(f"NOTE {line}" for line in lines) + "\n")
    rep = stream.analyze_path(str(f), "text", chunk_chars=1000, analyze=noting)
    assert sum(n.endswith("read down") for n in rep.notes) == 2
    assert any(n.endswith("more notes of parts not kept (large file)") for n in rep.notes)


def _streamed_markdown(tmp_path: Path, text: str):
    """The report of ``text`` as a Markdown file read in chunks of 500 characters, with the
    fake analysis."""
    f = tmp_path / "s.md"
    f.write_text(text)
    return stream.analyze_path(str(f), "markdown", chunk_chars=500, analyze=fake_analyze)


def test_suppressed_region_is_carried_across_chunks(tmp_path):
    text = ("Intro.\n\n<!-- unspin-disable -->\n\n" + CLEAN * 40 + "\n" + SPUN * 30
            + "\n<!-- unspin-enable -->\n\n" + SPUN)
    rep = _streamed_markdown(tmp_path, text)
    assert {fnd.line for fnd in rep.findings} == {text.count("\n")}  # only the last line


def test_windows_line_breaks_cut_a_long_text_where_unix_ones_do(tmp_path):
    lf = _paragraphs(300).replace("\r\n", "\n")
    crlf = lf.replace("\n", "\r\n")
    assert [c.replace("\r\n", "\n") for c in stream.split_text(crlf, 500)] == list(
        stream.split_text(lf, 500))
    reports = []
    for name, text in (("lf.md", lf), ("crlf.md", crlf)):
        (tmp_path / name).write_bytes(text.encode())
        assert [c.replace("\r\n", "\n") for c in stream.iter_chunks(str(tmp_path / name), 500)
                ] == list(stream.split_text(lf, 500))
        rep = stream.analyze_path(str(tmp_path / name), "markdown", chunk_chars=500,
                                  analyze=fake_analyze)
        reports.append([(f.line, f.column, f.text) for f in rep.findings])
    assert reports[0] == reports[1] and reports[0]
    assert not stream.too_long("x\r\n" * (stream.STREAM_MIN_BYTES // 2 - 1))


def test_a_code_fence_longer_than_a_chunk_stays_code(tmp_path):
    text = ("Intro.\n\n~~~~ text\n" + "code " + SPUN * 60 + "```\n" + SPUN * 60
            + "~~~~\n\n" + SPUN)
    rep = _streamed_markdown(tmp_path, text)
    assert {fnd.line for fnd in rep.findings} == {text.count("\n")}  # only the last line


def test_a_marker_in_code_opens_no_region_across_chunks(tmp_path):
    text = ("Intro.\n\n```\n<!-- unspin-disable -->\n```\n\n" + CLEAN * 40 + "\n"
            + SPUN * 30)
    rep = _streamed_markdown(tmp_path, text)
    assert len(rep.findings) == 4 * 30


def test_streaming_through_the_cli(tree, fake, capsys, monkeypatch):
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 10_000)
    monkeypatch.setattr(stream, "CHUNK_CHARS", 3_000)
    text = _paragraphs(200)
    (tree / "big.txt").write_text(text)
    (tree / "big.json.txt").write_bytes(codecs.BOM_UTF8 + text.encode())
    assert run(["check", "--jobs", "1", "big.txt"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    expected = [f"big.txt:{f.line}:{f.column}:" for f in fake_analyze(text).findings]
    got = [m.group() for m in re.finditer(r"^big\.txt:\d+:\d+:", out, re.M)]
    assert got == expected
    assert run(["check", "-f", "json", "big.json.txt"]) == ExitStatus.FLAGGED


def test_streamed_invalid_utf8_late_in_the_file(tree, fake, capsys, monkeypatch):
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 1_000)
    monkeypatch.setattr(stream, "READ_BYTES", 512)
    data = (CLEAN * 100).encode() + b"\xc3(" + b" tail\n"
    (tree / "late.txt").write_bytes(data)
    (tree / "blob.txt").write_bytes(b"\x00" * 5000)
    assert run(["check", "--jobs", "1", "late.txt", "blob.txt"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert one_error_line(err, "late.txt") == (
        f"late.txt: error: not UTF-8 text (invalid byte at offset {len(CLEAN) * 100}); "
        "--encoding reads other encodings"
    )
    assert one_error_line(err, "blob.txt").endswith("(binary file)")


def test_streaming_memory_is_bounded_by_the_chunk_not_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "READ_BYTES", 64 * 1024)
    f = tmp_path / "big.txt"
    block = (CLEAN * 20 + "\n").encode()
    with f.open("wb") as fh:
        for _ in range(8 * 2**20 // len(block)):
            fh.write(block)
    empty = Report(0.0, "natural", 0)
    tracemalloc.start()
    try:
        rep = stream.analyze_path(str(f), "text", chunk_chars=100_000,
                                  analyze=lambda t, **kw: empty)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rep.label == "natural"
    assert peak < 2 * 2**20, peak  # an 8 MB file, under 2 MB at the peak


def test_ten_megabyte_line_without_whitespace(tree, fake, capsys):
    (tree / "line.txt").write_bytes(b"a" * (10 * 2**20) + b"\n")
    assert run(["check", "line.txt"]) == ExitStatus.OK
    assert "1 file checked: 0 passages flagged" in capsys.readouterr().out


# --------------------------------------------------------------------------- languages


def test_unsupported_language_is_said_in_text_output(tree, monkeypatch, capsys):
    def not_english(text, **kw):
        return Report(0.0, "unsupported", 12, language="unknown",
                      notes=("text does not look like English; not analysed",))

    monkeypatch.setattr(detector, "analyze", not_english, raising=False)
    (tree / "de.txt").write_text("Im letzten Jahr hat der Rat den Plan abgelehnt.\n")
    assert run(["check", "de.txt"]) == ExitStatus.OK
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "de.txt: unsupported language: does not look like English, not analysed",
        "1 file checked: 0 passages flagged, 0 findings, 0 errors",
    ]


FOREIGN = {
    "de": "Im vergangenen Jahr hat der Gemeinderat den ersten Entwurf der neuen Brücke "
    "abgelehnt, weil die Kosten zu hoch waren. Die Bürgermeisterin sagte den Journalisten, dass "
    "das Projekt etwa vierzig Millionen Euro kosten und hunderte Arbeitsplätze schaffen werde.\n",
    "fr": "L'année dernière, le conseil municipal a rejeté le premier projet du nouveau pont "
    "parce que les coûts étaient trop élevés. La maire a déclaré aux journalistes que le projet "
    "coûterait environ quarante millions d'euros et créerait des centaines d'emplois.\n",
    "es": "El año pasado el ayuntamiento rechazó el primer proyecto del nuevo puente porque los "
    "costes eran demasiado altos. La alcaldesa dijo a los periodistas que el proyecto costaría "
    "unos cuarenta millones de euros y crearía cientos de empleos.\n",
    "nl": "Vorig jaar heeft de gemeenteraad het eerste ontwerp van de nieuwe brug afgewezen "
    "omdat de kosten te hoog waren. De burgemeester vertelde verslaggevers dat het project "
    "ongeveer veertig miljoen euro zou kosten.\n",
    "ru": "В прошлом году городской совет отклонил первый проект нового моста, потому что "
    "расходы были слишком высокими. Мэр сказала журналистам, что проект будет стоить около "
    "сорока миллионов евро.\n",
    "ja": "昨年、市議会は費用が高すぎるとして新しい橋の最初の設計を却下した。市長は記者団に対し、"
    "この事業には約四千万ユーロかかり、数百人の雇用が生まれると述べた。\n",
}
MIXED = (
    "The council met on Tuesday. Совет собрался во вторник. 評議会は火曜日に開かれた。 "
    "المجلس اجتمع يوم الثلاثاء. 🚀🎉 The final yr was long; naïve café façade — “quotes” "
    "x\u0301y\u200dz e\u0301 \U0001d400\U0001d401 2024-01-01 ½ ⅔ Ⅻ.\n"
)


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_real_analyzer_never_labels_other_languages_spun(tree, capsys, lang):
    text = FOREIGN[lang] * 3
    (tree / f"{lang}.md").write_text(text)
    assert run(["check", f"{lang}.md"]) == ExitStatus.OK
    assert detector.analyze(text).label != "spun"


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_other_languages_are_reported_unsupported(tree, capsys, lang):
    """Latin-script languages included: many of their words are in the lexicon, so the
    analyzer's language gate also counts English function words."""
    (tree / f"{lang}.md").write_text(FOREIGN[lang] * 3)
    assert run(["check", f"{lang}.md"]) == ExitStatus.OK
    assert f"{lang}.md: unsupported language" in capsys.readouterr().out
    assert detector.analyze(FOREIGN[lang] * 3).label == "unsupported"


def test_real_analyzer_on_mixed_scripts(tree, capsys):
    (tree / "mixed.txt").write_text(MIXED * 5)
    status = run(["check", "-f", "json", "mixed.txt"])
    assert status in (ExitStatus.OK, ExitStatus.FLAGGED)
    rep = detector.analyze(MIXED * 5)
    for f in rep.findings:
        assert (MIXED * 5)[f.start : f.end] == f.text


# --------------------------------------------------------------------------- subprocess


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "detector", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_subprocess_bad_files_never_traceback(tmp_path):
    (tmp_path / ".unspin.toml").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(200))
    (tmp_path / "bad.txt").write_bytes(b"ok \xfd not text")
    (tmp_path / "empty.md").write_bytes(b"")
    proc = _cli("check", "blob.txt", "bad.txt", "empty.md", "missing.txt", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = sorted(proc.stderr.splitlines())
    assert lines[0].startswith("bad.txt: error: not UTF-8 text (invalid byte at offset 3);")
    assert lines[1] == "blob.txt: error: not UTF-8 text (binary file)"
    assert lines[2] == "missing.txt: error: no such file or directory"
    assert len(lines) == 3
    assert "1 file checked" in proc.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("argv", [["--version"], ["restore", "--diff", "a.txt"]])
def test_subprocess_output_to_a_full_disk_is_one_line(tmp_path, argv):
    """What is printed and fails at the interpreter's last flush is said too, in one line."""
    (tmp_path / ".unspin.toml").write_text("")
    (tmp_path / "a.txt").write_text("The UN Safety Council stated final yr that it met.\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "detector", *argv], cwd=tmp_path, env=env,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr == "unspin: error: cannot write output: No space left on device\n"


def test_subprocess_restore_of_binary(tmp_path):
    (tmp_path / "blob.md").write_bytes(b"\x00\x00\x00")
    proc = _cli("restore", "blob.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "blob.md: error: not UTF-8 text (binary file)\n"


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "gitlab", "html"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tree, fake, capsys, fmt):
    """A name Python holds with lone surrogates (its bytes are not UTF-8) is shown with
    those bytes escaped, in every format and in a report written with -o: no traceback,
    and the JSON formats stay valid UTF-8."""
    try:
        Path(os.fsdecode(b"caf\xe9.txt")).write_text("The final yr was long.\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    assert run(["check", "-f", fmt, "-o", "report.out", "."]) == ExitStatus.FLAGGED
    out = (tree / "report.out").read_bytes().decode("utf-8")  # valid UTF-8
    shown = {"json": json.dumps("caf\\xe9.txt"), "jsonl": json.dumps("caf\\xe9.txt"),
             "gitlab": json.dumps("caf\\xe9.txt"),
             "sarif": "caf%5Cxe9.txt"}.get(fmt, "caf\\xe9.txt")
    assert shown in out
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out)
    assert run(["check", "-f", fmt, "."]) == ExitStatus.FLAGGED
    assert capsys.readouterr().out == out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_walk_skips_named_pipes_instead_of_waiting_on_them(tree, fake, capsys):
    """A pipe with no writer blocks a reader for ever: a walk leaves pipes (and sockets and
    devices) alone, as ripgrep does; the regular files beside it are checked."""
    os.mkfifo(tree / "pipe.txt")
    (tree / "a.txt").write_text("The final yr was long.\n")
    # In a child with a time limit: were the pipe read, the test would fail, not hang.
    done = subprocess.run([sys.executable, "-m", "detector", "check", "--isolated", "."],
                          cwd=tree, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr  # checked, not an error
    assert "a.txt:1:5:" in done.stdout and "pipe.txt" not in done.stdout + done.stderr
    assert "1 file checked" in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_named_on_the_command_line_is_read(tree, fake, capsys):
    """`unspin check <(cmd)` names a pipe: read, as cat reads it."""
    import threading

    os.mkfifo(tree / "pipe.txt")

    def feed() -> None:
        with open(tree / "pipe.txt", "w") as fh:
            fh.write("The final yr was long.\n")

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        assert run(["check", "-j", "1", "pipe.txt"]) == ExitStatus.FLAGGED
    finally:
        writer.join(timeout=10)
    assert "pipe.txt:1:5:" in capsys.readouterr().out


def test_a_long_file_with_parts_in_another_language_says_so_in_text_output(
        tree, monkeypatch, capsys):
    """A long file is read in chunks; the chunks that are not English are not analysed, and
    the text output says so under the file's name, as it does for a whole file."""
    from detector import stream

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 1000)
    monkeypatch.setattr(stream, "CHUNK_CHARS", 1200)
    english = ("The council met on Tuesday to discuss the budget for the coming year. "
               "Members agreed to spend more on roads and less on new offices, and the "
               "mayor said the plan would be published next month after a public meeting.\n\n")
    (tree / "mixed.txt").write_text(english * 4 + (FOREIGN["de"] + "\n") * 6 + english * 4)
    assert run(["check", "mixed.txt"]) == ExitStatus.OK
    lines = capsys.readouterr().out.splitlines()
    said = [line for line in lines if line.startswith("mixed.txt: unsupported language: ")]
    assert len(said) == 1, lines
    assert re.fullmatch(r"mixed\.txt: unsupported language: [1-9]\d* of \d+ chunks do not "
                        r"look like English; not analysed", said[0])
    assert lines[-1].startswith("1 file checked:")
    assert run(["check", "--statistics", "mixed.txt"]) == ExitStatus.OK
    lines = capsys.readouterr().out.splitlines()
    assert "unsupported language: 1 file analysed in part (some of their chunks do not look " \
        "like English)" in lines
    assert not any("not analysed" in line for line in lines)


def test_a_long_text_in_another_language_is_unsupported_whatever_its_short_tail():
    """The last chunk of a long foreign text can be a few words, too few to tell their
    language (read as English, as a short text is): the text is still not English."""
    from detector import stream
    from detector.report import NOT_ENGLISH_PARTS

    foreign = (FOREIGN["de"] + " ") * 40
    tail = "Ende gut."
    report = stream.analyze_text(foreign + tail, None, chunk_chars=len(foreign) // 2)
    assert report.label == "unsupported" and report.language == "unknown"
    assert report.notes[0] == "text does not look like English; not analysed"
    assert not any(note.endswith(NOT_ENGLISH_PARTS) for note in report.notes)


def test_a_folder_that_cannot_be_listed_is_an_error_not_a_pass(tree, fake, capsys,
                                                                monkeypatch):
    """A folder the walk could not list was skipped without a word and the run passed
    ("0 errors", exit 0), as if its files were clean. Simulated: the tests may run as
    root, whom no permission stops. A folder that vanishes during the walk holds nothing
    to check and is passed over."""
    (tree / "locked").mkdir()
    (tree / "locked" / "a.txt").write_text("The final yr was long.\n")
    (tree / "gone").mkdir()
    (tree / "b.txt").write_text("The final yr was long.\n")
    real_scandir = os.scandir

    def scandir(path="."):
        name = os.path.basename(os.fsdecode(path))
        if name == "locked":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        if name == "gone":
            raise FileNotFoundError(2, "No such file or directory", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert run(["check", "-j", "1", "."]) == ExitStatus.ERROR
    out, err = capsys.readouterr()
    assert err.splitlines() == ["locked: error: permission denied"]
    assert "b.txt:1:5:" in out and "a.txt" not in out and "gone" not in out + err
    assert "1 error" in out
