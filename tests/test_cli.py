"""The command line, run in-process through detector.cli.run, plus a few subprocess runs.

Most tests inject a fake analyzer (flags "yr" and "final"; a passage is spun when it has at
least two findings) so they test the CLI plumbing, not the model. The end-to-end tests at the
bottom use the real detector.analyze when it exists.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fakes import report_over  # tests/ is on sys.path (rootdir)
from hypothesis import given, settings
from hypothesis import strategies as st

import detector
from detector.checkfile import transplant
from detector.cli import ExitStatus, run
from detector.report import Finding, Passage, Report
from detector.tokens import LineIndex, passage_spans, tokenize

ROOT = Path(__file__).resolve().parent.parent
SUB = {"yr": "year", "final": "last"}


def fake_analyze(text, *, threshold=None, allowed=(), ignore=()):
    idx = LineIndex(text)
    allowed_l = {a.lower() for a in allowed}
    thr = 0.5 if threshold is None else threshold
    findings = []
    for t in tokenize(text):
        if t.norm in SUB and t.norm not in allowed_l:
            line, col = idx.position(t.start)
            findings.append(
                Finding(t.start, t.end, line, col, t.text, "substitution", 0.9,
                        (SUB[t.norm],),
                        (("rarity", 0.8), ("source", "fake"), ("passage_p", 0.9)))
            )
    passages = []
    for a, b in passage_spans(text):
        n = sum(1 for f in findings if a <= f.start < b)
        prob = 0.9 if n >= 2 else 0.1
        words = sum(1 for t in tokenize(text, a, b) if t.is_word)
        passages.append(
            Passage(a, b, idx.position(a)[0], words, prob, "spun" if prob >= thr else "natural", n)
        )
    p = max((x.probability for x in passages), default=0.0)
    # Ignored rules' findings are not reported; the verdicts stand (detector.analyze).
    return Report(p, "spun" if p >= thr else "natural", sum(x.words for x in passages),
                  tuple(passages), tuple(findings), threshold=thr).ignoring(ignore)


def fake_restore(text, *, threshold=None, allowed=(), ignore=()):
    if "final yr" in allowed or "substitution" in ignore:
        return text
    return re.sub(r"\bfinal yr\b", "last year", text)


def fake_suggest(phrase, context=None):
    return {"final yr": ["last year", "past year"]}.get(phrase.lower(), [])


@pytest.fixture
def fake(monkeypatch):
    calls = []

    def analyze(text, **kw):
        calls.append((text, kw))
        return fake_analyze(text, **kw)

    monkeypatch.setattr(detector, "analyze", analyze, raising=False)
    monkeypatch.setattr(detector, "restore", fake_restore, raising=False)
    monkeypatch.setattr(detector, "suggest", fake_suggest, raising=False)
    return calls


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A working directory with no config above it that could leak in."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".unspin.toml").write_text("")  # stops config discovery here
    return tmp_path


SPUN = "The final yr was long. Prices rose in the final yr.\n"
CLEAN = "The last year was long. Prices rose all year.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def set_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


# --------------------------------------------------------------------------- check


def test_version(capsys):
    assert run(["--version"]) == ExitStatus.OK
    assert capsys.readouterr().out.strip() == f"unspin {detector.__version__}"


def test_clean_file_exits_zero(tree, fake, capsys):
    write(tree / "a.md", CLEAN)
    assert run(["check", "a.md"]) == ExitStatus.OK
    out = capsys.readouterr().out
    assert "1 file checked: 0 passages flagged, 0 findings, 0 errors" in out


def test_spun_file_exits_one_with_locations(tree, fake, capsys):
    write(tree / "a.md", "# Heading\n\n" + SPUN)
    assert run(["check", "a.md"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    assert "a.md:3:5: unspin/substitution 'final'" in out
    assert "-> last" in out
    assert re.search(r"a\.md:\d+: spun passage \(probability 0\.90", out)
    assert "\033[" not in out  # not a TTY: no colour


def test_fail_on_finding_and_exit_zero(tree, fake):
    write(tree / "a.txt", "Only one final word here.\n")
    assert run(["check", "a.txt"]) == ExitStatus.OK  # one finding, no spun passage
    assert run(["check", "--fail-on", "finding", "a.txt"]) == ExitStatus.FLAGGED
    assert run(["check", "--fail-on", "finding", "--exit-zero", "a.txt"]) == ExitStatus.OK


def test_fail_on_text_by_default_and_passage_on_request(tree, monkeypatch):
    # One passage over the threshold in a text whose own score is below it.
    def one_spun_passage(text, *, threshold=None, allowed=(), ignore=()):
        idx = LineIndex(text)
        passages = tuple(
            Passage(a, b, idx.position(a)[0], 100, 0.99 if k == 0 else 0.1,
                    "spun" if k == 0 else "natural", 0)
            for k, (a, b) in enumerate(passage_spans(text))
        )
        return Report(0.3, "natural", 100 * len(passages), passages, (), threshold=0.9)

    monkeypatch.setattr(detector, "analyze", one_spun_passage, raising=False)
    write(tree / "a.txt", "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n")
    assert run(["check", "a.txt"]) == ExitStatus.OK
    assert run(["check", "--fail-on", "text", "a.txt"]) == ExitStatus.OK
    assert run(["check", "--fail-on", "passage", "a.txt"]) == ExitStatus.FLAGGED
    assert run(["check", "--fail-on", "finding", "a.txt"]) == ExitStatus.FLAGGED


def test_a_passing_check_with_a_spun_passage_says_why(tree, monkeypatch, capsys):
    """Exit 0 under a report that prints "spun passage" reads like a mistake: a hint on
    standard error says what --fail-on text fails on, and how to fail on passages."""
    test_fail_on_text_by_default_and_passage_on_request(tree, monkeypatch)
    capsys.readouterr()
    assert run(["check", "a.txt"]) == ExitStatus.OK
    captured = capsys.readouterr()
    assert "spun passage" in captured.out
    assert captured.err.strip() == (
        "hint: exit 0 with a spun passage: no file reads spun as a whole "
        "(--fail-on passage fails on any spun passage)")
    for quiet in (["--quiet"], ["--exit-zero"], ["--fail-on", "passage"], ["-f", "json"]):
        run(["check", *quiet, "a.txt"])
        assert "hint:" not in capsys.readouterr().err, quiet


def test_threshold_is_passed(tree, fake):
    write(tree / "a.txt", SPUN)
    assert run(["check", "--threshold", "0.95", "a.txt"]) == ExitStatus.OK
    assert fake[-1][1]["threshold"] == 0.95


def test_usage_errors_exit_two(tree, fake, capsys):
    assert run(["check", "--threshold", "2", "x"]) == ExitStatus.ERROR
    assert run(["check", "--no-such-option"]) == ExitStatus.ERROR
    assert run(["check", "--format", "yaml", "x"]) == ExitStatus.ERROR
    assert run(["frobnicate"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert "Traceback" not in err


def test_missing_and_undecodable_files_do_not_stop_the_run(tree, fake, capsys):
    write(tree / "good.txt", SPUN)
    (tree / "latin1.txt").write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    assert run(["check", "missing.md", "latin1.txt", "good.txt"]) == ExitStatus.ERROR
    captured = capsys.readouterr()
    assert "missing.md: error: no such file or directory" in captured.err
    assert re.search(r"^latin1\.txt: error: not UTF-8 text", captured.err, re.M)
    assert "Traceback" not in captured.err
    assert "good.txt:1:5: unspin/substitution" in captured.out
    assert "1 file checked: 1 passage flagged, 4 findings, 2 errors" in captured.out


def test_utf8_bom_and_utf16_are_decoded(tree, fake, capsys):
    (tree / "bom.txt").write_bytes(codecs.BOM_UTF8 + SPUN.encode())
    (tree / "u16.txt").write_bytes(SPUN.encode("utf-16"))
    assert run(["check", "bom.txt", "u16.txt"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    assert "bom.txt:1:5:" in out  # the BOM is not a column
    assert "u16.txt:1:5:" in out


def test_directory_walk_include_exclude_hidden_binary(tree, fake, capsys):
    write(tree / "docs/a.md", SPUN)
    write(tree / "docs/sub/b.txt", SPUN)
    write(tree / "docs/c.py", SPUN)  # not included by default
    write(tree / "docs/.hidden.md", SPUN)
    write(tree / "docs/.git/d.md", SPUN)
    write(tree / "docs/node_modules/e.md", SPUN)
    (tree / "docs/blob.txt").write_bytes(b"\x00\x01binary\x00")
    assert run(["check", "docs"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    files = sorted({line.split(":")[0] for line in out.splitlines() if "unspin/" in line})
    assert files == ["docs/a.md", "docs/sub/b.txt"]
    assert "2 files checked" in out

    assert run(["check", "docs", "--exclude", "sub"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    assert "docs/sub/b.txt" not in out and "1 file checked" in out

    assert run(["check", "docs", "--include", "*.py"]) == ExitStatus.FLAGGED
    assert "docs/c.py:1:5:" in capsys.readouterr().out


def test_explicit_binary_file_is_an_error(tree, fake, capsys):
    (tree / "blob.txt").write_bytes(b"\x00\x01binary\x00")
    assert run(["check", "blob.txt"]) == ExitStatus.ERROR
    assert "blob.txt: error: not UTF-8 text" in capsys.readouterr().err


def test_stdin_with_filename_uses_markdown(tree, fake, monkeypatch, capsys):
    set_stdin(monkeypatch, b"Intro.\n\n```\nfinal yr final yr\n```\n\n`final yr` code\n")
    assert run(["check", "-", "--stdin-filename", "notes.md"]) == ExitStatus.OK
    out = capsys.readouterr().out
    assert "0 findings" in out
    set_stdin(monkeypatch, SPUN.encode())
    assert run(["check", "-"]) == ExitStatus.FLAGGED
    assert "-:1:5: unspin/substitution" in capsys.readouterr().out


def test_stdin_undecodable(tree, fake, monkeypatch, capsys):
    set_stdin(monkeypatch, b"ab \xc3\x28 cd")
    assert run(["check", "-", "--stdin-filename", "x.txt"]) == ExitStatus.ERROR
    captured = capsys.readouterr()
    assert "x.txt: error: not UTF-8 text" in captured.err
    assert "0 files checked: 0 passages flagged, 0 findings, 1 error" in captured.out


class _Endless(io.RawIOBase):
    """A stream of bytes that never ends (``cat /dev/urandom |``), counting what is read."""

    def __init__(self, chunk: bytes) -> None:
        self.chunk, self.given = chunk, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = min(len(b), len(self.chunk))
        b[:n] = self.chunk[:n]
        self.given += n
        return n


@pytest.mark.parametrize("command", [["check", "-"], ["restore", "-"], ["explain", "-"],
                                     ["suggest", "-"]])
def test_an_endless_binary_stdin_is_given_up_at_its_first_bytes(tree, fake, monkeypatch,
                                                                capsys, command):
    endless = _Endless(b"\x00\x01binary" * 1000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    assert run(command) == ExitStatus.ERROR
    assert "not UTF-8 text (binary file)" in capsys.readouterr().err
    assert endless.given < 1 << 20


def test_json_keeps_command_line_order_with_errors(tree, fake, capsys):
    write(tree / "a.txt", CLEAN)
    write(tree / "c.txt", CLEAN)
    run(["check", "-f", "json", "a.txt", "missing.txt", "c.txt"])
    doc = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in doc["files"]] == ["a.txt", "missing.txt", "c.txt"]
    assert doc["files"][1] == {"path": "missing.txt", "error": "no such file or directory"}


def test_offsets_point_into_the_file(tree, fake, capsys):
    text = "---\ntitle: final yr\n---\n# Final\n\nSee [the final yr](http://yr.example) and `yr`.\n"
    write(tree / "p.md", text)
    run(["check", "--format", "json", "p.md"])
    doc = json.loads(capsys.readouterr().out)
    found = [(f["text"], f["line"], f["column"]) for f in doc["files"][0]["findings"]]
    assert found == [("Final", 4, 3), ("final", 6, 10), ("yr", 6, 16)]
    for f in doc["files"][0]["findings"]:
        assert text[f["start"] : f["end"]] == f["text"]


def test_suppression_comments(tree, fake, capsys):
    write(tree / "s.md", "<!-- unspin-disable -->\nfinal yr\n<!-- unspin-enable -->\n\n"
          "<!-- unspin-disable-next-line -->\nfinal yr\nfinal word\n")
    run(["check", "--fail-on", "finding", "s.md"])
    out = capsys.readouterr().out
    assert [line.split(": ")[0] for line in out.splitlines() if "unspin/" in line] == ["s.md:7:1"]


def test_output_file_and_formats(tree, fake, capsys):
    write(tree / "a.txt", SPUN)
    for fmt in ("text", "json", "sarif", "github", "gitlab", "html"):
        assert run(["check", "-f", fmt, "-o", f"out.{fmt}", "a.txt"]) == ExitStatus.FLAGGED
        assert (tree / f"out.{fmt}").read_text()
    assert capsys.readouterr().out == ""
    json.loads((tree / "out.json").read_text())
    json.loads((tree / "out.sarif").read_text())
    assert json.loads((tree / "out.gitlab").read_text())[0]["location"]["path"] == "a.txt"
    assert (tree / "out.github").read_text().startswith("::warning file=a.txt,line=1,col=5,")
    assert not [p for p in tree.iterdir() if p.name.endswith(".tmp")]


def test_output_to_unwritable_place_is_error(tree, fake, capsys):
    write(tree / "a.txt", CLEAN)
    assert run(["check", "-o", "no/such/dir/out.txt", "a.txt"]) == ExitStatus.ERROR
    assert "error: cannot write report" in capsys.readouterr().err


def test_quiet_drops_summary(tree, fake, capsys):
    write(tree / "a.txt", SPUN)
    run(["check", "-q", "a.txt"])
    out = capsys.readouterr().out
    assert "files checked" not in out and "file checked" not in out
    assert "unspin/substitution" in out


def test_colour_only_on_tty_without_no_color(tree, fake, monkeypatch, capsys):
    write(tree / "a.txt", SPUN)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    run(["check", "a.txt"])
    assert "\033[" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    run(["check", "a.txt"])
    assert "\033[" not in capsys.readouterr().out


def test_config_is_used(tree, fake, capsys):
    (tree / ".unspin.toml").write_text(
        'fail-on = "finding"\nallowed = ["yr"]\nformat = "json"\n'
        '[[overrides]]\npaths = ["legal/**"]\nthreshold = 0.99\nallowed = ["final"]\n'
    )
    write(tree / "a.txt", "final word\n")
    write(tree / "legal/b.txt", SPUN)
    assert run(["check", "a.txt"]) == ExitStatus.FLAGGED  # fail-on finding from config
    assert json.loads(capsys.readouterr().out)["schema"] == "unspin-output/1"
    assert run(["check", "legal/b.txt"]) == ExitStatus.OK
    assert fake[-1][1] == {"threshold": 0.99, "allowed": ("yr", "final"), "ignore": ()}
    capsys.readouterr()
    assert run(["check", "--isolated", "--format", "text", "legal/b.txt"]) == ExitStatus.FLAGGED


def test_config_exclude_is_relative_to_config_dir(tree, fake, capsys):
    (tree / ".unspin.toml").write_text('exclude = ["docs/drafts/**"]\n')
    write(tree / "docs/drafts/a.md", SPUN)
    write(tree / "docs/b.md", SPUN)
    write(tree / "docs/node_modules/c.md", SPUN)  # built-in excludes still apply
    (tree / "docs" / "sub").mkdir()
    run(["check", "docs"])
    out = capsys.readouterr().out
    assert "docs/b.md" in out and "drafts" not in out and "node_modules" not in out
    assert "1 file checked" in out


def test_config_errors_exit_two(tree, fake, capsys):
    (tree / ".unspin.toml").write_text("treshold = 0.3\n")
    write(tree / "a.txt", CLEAN)
    assert run(["check", "a.txt"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert "treshold" in err and ".unspin.toml" in err and "Traceback" not in err
    assert run(["check", "--config", "nope.toml", "a.txt"]) == ExitStatus.ERROR
    assert "nope.toml: error: config file not found" in capsys.readouterr().err


def test_parallel_jobs_keep_order(tree, fake, capsys):
    for i in range(6):
        write(tree / f"d/f{i}.txt", SPUN if i % 2 else CLEAN)
    assert run(["check", "--jobs", "3", "d"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    names = [line.split(":")[0] for line in out.splitlines() if "unspin/" in line]
    assert names == sorted(names) and set(names) == {"d/f1.txt", "d/f3.txt", "d/f5.txt"}
    assert "6 files checked: 3 passages flagged, 12 findings, 0 errors" in out


def test_progress_bar_only_on_a_terminal(tree, fake, monkeypatch, capsys):
    for i in range(25):
        write(tree / f"many/f{i:02}.txt", CLEAN)
    run(["check", "--jobs", "1", "many"])
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    run(["check", "--jobs", "1", "many"])
    err = capsys.readouterr().err
    assert "25/25" in err and "[" in err


def test_analyzer_crash_is_one_line(tree, monkeypatch, capsys):
    def boom(text, **kw):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(detector, "analyze", boom, raising=False)
    write(tree / "a.txt", CLEAN)
    assert run(["check", "a.txt"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert err.strip() == "a.txt: error: internal error: RuntimeError: model file missing"


def _dying_analyze(text, **kw):
    if "die" in text:
        os._exit(3)
    return fake_analyze(text, **kw)


def test_dead_worker_is_reported_not_raised(tree, monkeypatch, capsys):
    monkeypatch.setattr(detector, "analyze", _dying_analyze, raising=False)
    for i in range(4):
        write(tree / f"w/f{i}.txt", "please die now\n" if i == 2 else CLEAN)
    assert run(["check", "--jobs", "2", "w"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert "error: internal error: worker process died" in err
    assert "Traceback" not in err


def test_model_errors_are_named(tree, monkeypatch, capsys):
    class ModelError(RuntimeError):
        pass

    def broken(text, **kw):
        raise ModelError("classifier.json is missing")

    monkeypatch.setattr(detector, "analyze", broken, raising=False)
    write(tree / "a.txt", CLEAN)
    assert run(["check", "a.txt"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert err == "a.txt: error: cannot load models: classifier.json is missing\n"


# --------------------------------------------------------------------------- suggest / explain


def test_suggest(fake, capsys):
    assert run(["suggest", "final yr", "xyz"]) == ExitStatus.OK
    assert capsys.readouterr().out.splitlines() == [
        "final yr: last year, past year",
        "xyz: (no suggestion)",
    ]


def test_suggest_reads_phrases_from_stdin_and_writes_json(fake, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"final yr\n\n  xyz  \n")))
    assert run(["suggest", "-f", "json", "Final yr", "-"]) == ExitStatus.OK
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "unspin-suggestions/1"
    assert doc["results"] == [
        {"phrase": "Final yr", "suggestions": ["last year", "past year"]},
        {"phrase": "final yr", "suggestions": ["last year", "past year"]},
        {"phrase": "xyz", "suggestions": []},
    ]
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"caf\xe9\n")))
    assert run(["suggest", "-"]) == ExitStatus.ERROR
    assert capsys.readouterr().err == (
        "-: error: standard input is not UTF-8 (invalid byte at offset 3)\n")


def test_explain_shows_evidence(tree, fake, capsys):
    write(tree / "a.txt", SPUN)
    assert run(["explain", "a.txt"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    assert "a.txt:1:5: 'final' unspin/substitution score 0.90" in out
    assert "    suggestions: last" in out
    assert "    restore: puts in 'last'" in out  # the fake's 0.9 is over the restore bar
    assert "    rarity: 0.800" in out


# --------------------------------------------------------------------------- restore


def test_restore_in_place_keeps_crlf_bom_and_code(tree, fake):
    src = "Intro: the final yr.\r\n\r\n```\r\nfinal yr\r\n```\r\n"
    p = tree / "r.md"
    p.write_bytes(codecs.BOM_UTF8 + src.encode())
    assert run(["restore", "r.md", "--in-place"]) == ExitStatus.OK
    data = p.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert data[3:].decode() == "Intro: the last year.\r\n\r\n```\r\nfinal yr\r\n```\r\n"
    # idempotent
    assert run(["restore", "r.md", "--in-place"]) == ExitStatus.OK
    assert p.read_bytes() == data


def test_restore_utf16_to_output(tree, fake):
    (tree / "u.txt").write_bytes("A final yr.\n".encode("utf-16"))
    assert run(["restore", "u.txt", "-o", "out.txt"]) == ExitStatus.OK
    assert (tree / "out.txt").read_bytes() == "A last year.\n".encode("utf-16")


def test_restore_diff_and_stdout(tree, fake, capsysbinary):
    write(tree / "a.txt", "A final yr.\n")
    assert run(["restore", "a.txt", "--diff"]) == ExitStatus.FLAGGED
    out = capsysbinary.readouterr().out.decode()
    assert "-A final yr.\n+A last year.\n" in out
    assert "--- a/a.txt\n+++ b/a.txt\n" in out
    assert (tree / "a.txt").read_text() == "A final yr.\n"  # --diff alone writes nothing
    # An absolute path as git diff --no-index prints one: "a/tmp/...", not "a//tmp/...".
    absolute = str((tree / "a.txt").resolve())
    assert run(["restore", absolute, "--diff"]) == ExitStatus.FLAGGED
    assert f"--- a{absolute}\n+++ b{absolute}\n" in capsysbinary.readouterr().out.decode()
    assert run(["restore", "a.txt"]) == ExitStatus.OK
    assert capsysbinary.readouterr().out == b"A last year.\n"


def test_restore_usage_and_io_errors(tree, fake, capsys):
    write(tree / "a.txt", "x\n")
    assert run(["restore", "a.txt", "-o", "b.txt", "--in-place"]) == ExitStatus.ERROR
    assert run(["restore", "missing.txt"]) == ExitStatus.ERROR
    assert "missing.txt: error: no such file" in capsys.readouterr().err


def test_restore_several_files_in_place_or_as_a_diff(tree, fake, capsys):
    """A fixer hook passes every staged file: each is restored on its own, and one that
    cannot be read is one line while the others are still restored."""
    write(tree / "a.txt", "A final yr.\n")
    write(tree / "b.md", "Clean text.\n")
    write(tree / "c.txt", "The final yr ended.\n")
    assert run(["restore", "--diff", "a.txt", "b.md", "c.txt"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    assert "--- a/a.txt" in out and "--- a/c.txt" in out and "b.md" not in out
    assert run(["restore", "--in-place", "a.txt", "missing.txt", "c.txt"]) == (
        ExitStatus.ERROR)
    assert capsys.readouterr().err.strip() == "missing.txt: error: no such file"
    assert (tree / "a.txt").read_text() == "A last year.\n"
    assert (tree / "c.txt").read_text() == "The last year ended.\n"
    assert run(["restore", "--in-place", "a.txt", "b.md", "c.txt"]) == ExitStatus.OK
    # Printing, -o and standard input take one file.
    for argv in (["a.txt", "c.txt"], ["-o", "out.txt", "a.txt", "c.txt"],
                 ["--diff", "-", "a.txt"]):
        assert run(["restore", *argv]) == ExitStatus.ERROR
        err = capsys.readouterr().err
        assert "Traceback" not in err and ("one" in err or "own" in err), err
    assert not (tree / "out.txt").exists()


def test_restore_force_exclude_leaves_excluded_files_alone(tree, fake):
    write(tree / "drafts" / "old.txt", "A final yr.\n")
    write(tree / "notes.md", "A final yr.\n")
    (tree / ".unspin.toml").write_text('exclude = ["drafts/**"]\n')
    named = ["restore", "--in-place", "drafts/old.txt", "notes.md"]
    assert run([*named, "--force-exclude"]) == ExitStatus.OK
    assert (tree / "drafts" / "old.txt").read_text() == "A final yr.\n"
    assert (tree / "notes.md").read_text() == "A last year.\n"
    assert run(["restore", "--in-place", "--force-exclude", "drafts/old.txt"]) == ExitStatus.OK
    assert (tree / "drafts" / "old.txt").read_text() == "A final yr.\n"  # nothing left to do
    assert run(named) == ExitStatus.OK  # named files are restored by default
    assert (tree / "drafts" / "old.txt").read_text() == "A last year.\n"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab yr final`*[]()#\n\r<>!-")), max_size=120))
def test_transplant_never_touches_markup(src):
    from detector.prose import extract

    prose = extract(src, "markdown")
    out = transplant(src, prose, fake_restore(prose))
    # whatever changed, every non-prose stretch of the source survives in order
    blanked = [src[i] for i in range(len(src)) if src[i] != prose[i]]
    it = iter(out)
    assert all(c in it for c in blanked)
    assert transplant(out, extract(out, "markdown"), fake_restore(extract(out, "markdown"))) == (
        out
    )


def test_transplant_skips_edits_to_markup():
    original = "a [final yr](http://final-yr) b"
    prose = "a  final yr                    b"
    assert transplant(original, prose, prose.replace("final yr", "last year")) == (
        "a [last year](http://final-yr) b"
    )
    # an edit that touches blanked characters is dropped
    assert transplant(original, prose, "a  final yr b") == original


def test_transplant_keeps_markup_between_the_words_it_rewrites():
    from detector.prose import extract

    original = "The final *yr* and a <b>final</b> yr, then *final yr*s and a final **yr**."
    prose = extract(original, "markdown")
    restored = re.sub("final[ \u205f]{2,}yr", "last year", prose)  # blanked markup between
    assert transplant(original, prose, restored) == (
        "The last *year* and a <b>last</b> year, then *final yr*s and a last **year**.")
    # another number of words cannot keep the markup between them: left as written
    assert transplant(original, prose, re.sub("final[ \u205f]{2,}yr", "past", prose)) == original


def test_transplant_takes_changes_apart_only_by_spaces_as_one():
    """A rewrite over markup followed by more rewrites aligns word against word in any order
    ("stated" against "intelligence"); applied in parts it read "*counterfeit* consciousness
    intelligence said", and a second restore changed that again."""
    from detector.prose import extract

    original = "the *counterfeit* consciousness stated final yr that final yr it was.\n"
    prose = extract(original, "markdown")
    restored = (prose.replace("counterfeit\u205f consciousness", "artificial intelligence")
                .replace("stated", "said").replace("final yr", "last year"))
    assert transplant(original, prose, restored) == (
        "the *artificial* intelligence said last year that last year it was.\n")
    # the same changes with a wording of another length over the markup: left whole
    fewer = prose.replace("counterfeit\u205f consciousness stated", "AI said")
    assert transplant(original, prose, fewer) == original


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", " "]), max_size=60),
       st.lists(st.sampled_from(["a", "b", "c", " "]), max_size=60))
def test_pieces_aligned_window_by_window_still_spell_both_sides(a, b):
    """The windowed alignment of long lines is a true alignment: its runs cover both
    sides in order, and what it calls equal is equal."""
    from detector.checkfile import _piece_opcodes

    opcodes = _piece_opcodes(a, b, whole=4, window=8)
    assert bool(opcodes) == bool(a or b)
    if opcodes:
        assert opcodes[0][1::2] == (0, 0)
    for (_, _, i2, _, j2), (_, k1, _, l1, _) in itertools.pairwise(opcodes):
        assert (i2, j2) == (k1, l1)
    if opcodes:
        assert opcodes[-1][2::2] == (len(a), len(b))
    for op, i1, i2, j1, j2 in opcodes:
        assert (a[i1:i2] == b[j1:j2]) == (op == "equal")
    assert opcodes == _piece_opcodes(a, b, whole=4, window=8)  # deterministic


def test_a_long_line_is_restored_as_its_sentences_are():
    """One long line of spun sentences was aligned piece by piece all at once when the
    restore was carried back into the file: over 15 minutes for 100 KB. Aligned a window
    at a time, each sentence comes out as it does on its own."""
    def restore(text):
        for spun, wording in (("final yr", "last year"), ("stated", "said"),
                              ("counterfeit consciousness", "artificial intelligence")):
            text = text.replace(spun, wording)
        return text

    sentence = "The counterfeit consciousness was stated final yr to be the final yr's. "
    assert restore(sentence) == (
        "The artificial intelligence was said last year to be the last year's. ")
    line = sentence * 300
    assert transplant(line, line, restore(line)) == restore(sentence) * 300
    markup = "Final yr the *counterfeit* consciousness was used. " * 120
    from detector.prose import extract

    prose = extract(markup, "markdown")
    restored = transplant(markup, prose, prose.replace("Final yr", "Last year"))
    assert restored == "Last year the *counterfeit* consciousness was used. " * 120


def test_transplant_rewrites_words_written_with_character_references():
    """A word spelled with a character reference ("Offici&#1072;ls", disguised with a
    Cyrillic letter) is prose, not markup: restoring it rewrites the reference too."""
    import re

    from detector.prose import JOINER, extract

    original = "<p>Offici&#1072;ls <b>st&#1072;ted</b> it, said caf&eacute; &amp; co.</p>"
    prose = extract(original, "html")
    word = re.compile(f"[\\w{JOINER}]+")
    restored = word.sub(lambda m: m.group().replace(JOINER, "").replace("\u0430", "a"), prose)
    restored = restored.replace("said", "told")
    assert transplant(original, prose, restored) == (
        "<p>Officials <b>stated</b> it, told caf&eacute; &amp; co.</p>")


def test_transplant_of_a_long_text_with_repeated_markup_lines():
    """Thousands of identical blanked lines (code, blank lines) between paragraphs: the
    line-by-line alignment must still put each edit in its own paragraph, never in code."""
    from detector.prose import extract

    blocks = []
    for k in range(1500):
        blocks.append(f"Paragraph {k} says the final yr was long.\n\n" if k % 7 == 0
                      else f"Paragraph {k} is plain.\n\n")
        blocks.append("```\nfinal yr = 1\n```\n\n")
    src = "".join(blocks)
    prose = extract(src, "markdown")
    out = transplant(src, prose, fake_restore(prose))
    assert out.count("final yr = 1") == 1500  # code untouched
    assert out.count("the last year was long") == len(range(0, 1500, 7))
    assert "the final yr was long" not in out


def test_restore_of_a_large_file_goes_chunk_by_chunk_and_is_idempotent(tree, fake,
                                                                      monkeypatch):
    from detector import stream

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 1_000)
    monkeypatch.setattr(stream, "CHUNK_CHARS", 900)
    seen = []
    monkeypatch.setattr(detector, "restore", lambda text, **kw: seen.append(text) or
                        fake_restore(text, **kw), raising=False)
    text = ("Owners met on Friday, the final yr of the plan.\n\n" * 60
            + "```\nfinal yr\n```\n")
    write(tree / "big.md", text)
    assert run(["restore", "--in-place", "big.md"]) == ExitStatus.OK
    got = (tree / "big.md").read_text(encoding="utf-8")
    assert got == text.replace("the final yr of", "the last year of")
    assert len(seen) > 2 and max(map(len, seen)) <= 900  # chunks, not the whole file
    assert run(["restore", "--in-place", "big.md"]) == ExitStatus.OK
    assert (tree / "big.md").read_text(encoding="utf-8") == got


# --------------------------------------------------------------------------- subprocess

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
FAKE_MAIN = textwrap.dedent(
    f"""
    import sys
    sys.path.insert(0, {str(Path(__file__).parent)!r})
    import detector, test_cli
    detector.analyze = test_cli.fake_analyze
    from detector.cli import main
    main()
    """
)


def run_fake_main(cwd: Path, *args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """``unspin ARGS`` in a child process through the real entry point (main), with the
    fake analyser."""
    return subprocess.run([sys.executable, "-c", FAKE_MAIN, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=ENV, cwd=cwd, check=False)


def write_spun_files(folder: Path, count: int) -> None:
    """``count`` spun files and an empty config (so no user config is read)."""
    (folder / ".unspin.toml").write_text("")
    for i in range(count):
        (folder / f"f{i:02}.txt").write_text(SPUN)


@pytest.mark.subprocess
def test_python_m_detector_version():
    out = subprocess.run(
        [sys.executable, "-m", "detector", "--version"],
        capture_output=True, text=True, env=ENV, cwd=ROOT, check=False,
    )
    assert out.returncode == 0 and out.stdout.strip() == f"unspin {detector.__version__}"


@pytest.mark.subprocess
def test_python_m_detector_errors(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "detector", "check", str(tmp_path / "missing.md")],
        capture_output=True, text=True, env=ENV, cwd=tmp_path, check=False,
    )
    assert out.returncode == 2
    assert out.stderr.strip() == f"{tmp_path / 'missing.md'}: error: no such file or directory"
    out = subprocess.run(
        [sys.executable, "-m", "detector", "check", "--bogus"],
        capture_output=True, text=True, env=ENV, cwd=tmp_path, check=False,
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr


@pytest.mark.subprocess
def test_subprocess_check_with_pool(tmp_path):
    write_spun_files(tmp_path, 4)
    out = run_fake_main(tmp_path, "check", "--jobs", "2", ".")
    assert out.returncode == 1, out.stderr
    assert "4 files checked: 4 passages flagged, 16 findings, 0 errors" in out.stdout
    assert out.stderr == ""  # no progress bar when stderr is not a terminal


@pytest.mark.subprocess
def test_subprocess_output_complete_despite_fast_exit(tmp_path):
    # main() leaves with os._exit (no interpreter teardown, which would flush): output must
    # still arrive whole, here a report far larger than any stream buffer.
    write_spun_files(tmp_path, 60)
    out = run_fake_main(tmp_path, "check", "--format", "json", ".")
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    assert len(doc["files"]) == 60 and len(out.stdout) > 65536


@pytest.mark.subprocess
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_subprocess_full_disk_on_stdout_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(SPUN)
    with open("/dev/full", "w") as full:
        out = run_fake_main(tmp_path, "check", "a.txt", stdout=full)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1, out.stderr


@pytest.mark.subprocess
def test_installed_console_command():
    exe = shutil.which("unspin", path=os.path.dirname(sys.executable)) or shutil.which("unspin")
    if exe is None:
        pytest.skip("the unspin console script is not installed (pip install -e .)")
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and out.stdout.strip() == f"unspin {detector.__version__}"


# --------------------------------------------------------------------------- real analyzer

def test_end_to_end_real_analyzer(tree, capsys):
    write(tree / "clean.md", "# Notes\n\nWe met on Monday and agreed on the plan for next year.\n")
    status = run(["check", "--format", "json", "clean.md"])
    doc = json.loads(capsys.readouterr().out)
    assert status in (ExitStatus.OK, ExitStatus.FLAGGED)
    assert doc["summary"]["errors"] == 0
    text = (tree / "clean.md").read_text()
    for f in doc["files"][0]["findings"]:
        assert text[f["start"] : f["end"]] == f["text"]


def test_end_to_end_examples(capsys):
    jsonschema = pytest.importorskip("jsonschema")
    examples = ROOT / "examples"
    if not examples.is_dir():
        pytest.skip("examples/ is absent")
    run(["check", "--isolated", "--format", "json", str(examples)])
    doc = json.loads(capsys.readouterr().out)
    schema = json.loads((ROOT / "detector" / "report.schema.json").read_text())
    jsonschema.validate(doc, schema)
    assert doc["summary"]["errors"] == 0
    for entry in doc["files"]:
        text = Path(entry["path"]).read_text(encoding="utf-8")
        for f in entry["findings"]:
            assert text[f["start"] : f["end"]] == f["text"]
            line, col = LineIndex(text).position(f["start"])
            assert (f["line"], f["column"]) == (line, col)
    spun = [e for e in doc["files"] if e["path"].endswith("spun-news.md")]
    if spun:
        assert spun[0]["findings"], "the spun example should have findings"
    natural, spun_md = examples / "natural-news.md", examples / "spun-news.md"
    if natural.exists() and spun_md.exists():
        # As a pipeline gate on findings: the spun example fails it, the original passes.
        gate = ["check", "--isolated", "-q", "--fail-on", "finding"]
        assert run([*gate, str(natural)]) == ExitStatus.OK
        assert run([*gate, str(spun_md)]) == ExitStatus.FLAGGED


def test_explain_says_when_findings_set_a_passage_probability(tree, capsys):
    # Texts that the passage model alone scores 0.986 (nine findings), 0.94 (no finding)
    # and 0.99 (one), judged at 0.9: findings raise the first and hold the others.
    cases = {json.loads(line)["id"]: json.loads(line)["text"]
             for name in ("must_flag.jsonl", "must_not_flag.jsonl")
             for line in (Path(__file__).parent / "cases" / name).open(encoding="utf-8")}
    write(tree / "a.txt", cases["f-crime-newswire"])
    write(tree / "b.txt", cases["nf-recipe-soup"])
    # And one whose only finding is one wording (a fingerprint hit): held to 0.929.
    write(tree / "c.txt", cases["nf-envvar-reference-trace"])
    assert run(["explain", "--threshold", "0.9", "a.txt", "b.txt", "c.txt"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    assert re.search(r"passage at line 1: spun, probability 0\.99 \(raised to 0\.995: 2\+ "
                     r"different findings\), \d+ words, 9 findings", out), out
    assert re.search(r"passage at line 1: natural, probability 0\.79 \(held to 0\.79: no "
                     r"finding\), \d+ words, 0 findings", out), out
    assert re.search(r"passage at line 2: spun, probability 0\.93 \(held to 0\.929: one "
                     r"wording found\), \d+ words, 1 findings", out), out
    # The JSON report says the same in each passage's and sentence's optional "reason".
    run(["check", "--threshold", "0.9", "--format", "json", "a.txt", "b.txt", "c.txt"])
    files = {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}
    reasons = {name: [p.get("reason") for p in f["passages"]] for name, f in files.items()}
    assert reasons["a.txt"][0] == "raised: 2+ different findings"
    assert reasons["b.txt"][0] == "held: no finding"
    assert "held: one wording found" in reasons["c.txt"]
    held = [s for s in files["b.txt"]["sentences"] if s.get("reason") == "held: no finding"]
    assert held and all(s["probability"] == 0.703 for s in held)
    assert all("reason" not in s for s in files["b.txt"]["sentences"]
               if s["probability"] != 0.703)


def test_end_to_end_real_restore_is_idempotent(tree):
    write(tree / "r.txt", "The final yr was hard for the nation.\r\n")
    assert run(["restore", "r.txt", "--in-place"]) == ExitStatus.OK
    once = (tree / "r.txt").read_bytes()
    assert b"\r\n" in once
    assert run(["restore", "r.txt", "--in-place"]) == ExitStatus.OK
    assert (tree / "r.txt").read_bytes() == once


def test_eval_needs_a_source_checkout(tmp_path, capsys):
    assert run(["eval", "--repo", str(tmp_path)]) == ExitStatus.ERROR
    assert "source checkout" in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--jobs", "--max-records"])
def test_eval_refuses_a_count_under_one_in_a_line(capsys, option):
    assert run(["eval", "--repo", str(ROOT), option, "0", "--no-update"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert f"argument {option}: must be 1 or more, not 0" in err and "Traceback" not in err


def test_readme_example_output_is_what_check_prints(capsys, monkeypatch):
    """The README shows `unspin check examples/spun-news.md`; its lines must stay true."""
    readme, example = ROOT / "README.md", ROOT / "examples" / "spun-news.md"
    if not (readme.is_file() and example.is_file()):
        pytest.skip("README.md or examples/ is absent")
    shown = [line for line in readme.read_text(encoding="utf-8").splitlines()
             if line.startswith("examples/spun-news.md:") or line.startswith("1 file checked")]
    assert shown, "the README has no example output"
    monkeypatch.chdir(ROOT)
    run(["check", "--isolated", "examples/spun-news.md"])
    printed = capsys.readouterr().out.splitlines()
    assert [line for line in shown if line not in printed] == []


# --------------------------------------------------------------------------- --encoding


def test_encoding_option_reads_legacy_files(tree, fake, capsys):
    (tree / "l1.txt").write_bytes("Caf\xe9 news. ".encode("latin-1") + SPUN.encode())
    assert run(["check", "l1.txt"]) == ExitStatus.ERROR
    assert "l1.txt: error: not UTF-8 text (invalid byte at offset 3)" in capsys.readouterr().err
    assert run(["check", "--encoding", "latin-1", "l1.txt"]) == ExitStatus.FLAGGED
    captured = capsys.readouterr()
    assert "l1.txt:1:1" in captured.out and "unspin/substitution" in captured.out
    assert captured.err == ""
    # A BOM still decides: a UTF-8 file with a BOM is read as UTF-8 whatever is asked.
    (tree / "bom.txt").write_bytes(codecs.BOM_UTF8 + "Café. ".encode() + SPUN.encode())
    assert run(["check", "--encoding", "latin-1", "bom.txt"]) == ExitStatus.FLAGGED


def test_encoding_errors_are_one_line(tree, fake, capsys):
    write(tree / "a.txt", SPUN)
    for name, why in (("nope", "unknown encoding: 'nope'"),
                      ("base64", "not a text encoding: 'base64'")):
        for cmd in (["check"], ["explain"], ["restore"]):
            assert run([*cmd, "--encoding", name, "a.txt"]) == ExitStatus.ERROR
            err = capsys.readouterr().err
            assert err == f"error: {why}\n", (cmd, err)
    # Bytes the named encoding cannot decode name it.
    (tree / "u8.txt").write_bytes(b"\x81 bad")
    assert run(["check", "--encoding", "cp1252", "u8.txt"]) == ExitStatus.ERROR
    assert "u8.txt: error: not cp1252 text (invalid byte at offset 0)" in capsys.readouterr().err


def test_restore_in_place_writes_the_encoding_it_read(tree, fake):
    p = tree / "w.txt"
    p.write_bytes("\u201cCaf\xe9\u201d: the final yr.\r\n".encode("cp1252"))
    assert run(["restore", "--encoding", "cp1252", "w.txt", "--in-place"]) == ExitStatus.OK
    data = p.read_bytes()
    assert data == "\u201cCaf\xe9\u201d: the last year.\r\n".encode("cp1252")
    assert run(["restore", "--encoding", "cp1252", "w.txt", "--in-place"]) == ExitStatus.OK
    assert p.read_bytes() == data  # idempotent


def test_encoding_from_config_and_its_validation(tree, fake, capsys):
    (tree / "l1.txt").write_bytes("Caf\xe9. ".encode("latin-1") + SPUN.encode())
    write(tree / ".unspin.toml", 'encoding = "latin-1"\n')
    assert run(["check", "l1.txt"]) == ExitStatus.FLAGGED
    capsys.readouterr()
    write(tree / ".unspin.toml", 'encoding = "klingon"\n')
    assert run(["check", "l1.txt"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert ".unspin.toml: error: encoding: unknown encoding: 'klingon'" in err


def test_streamed_file_in_a_legacy_encoding(tree, fake, capsys, monkeypatch):
    from detector import stream

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 1_000)
    monkeypatch.setattr(stream, "READ_BYTES", 512)
    text = ("Caf\xe9 owners met. " * 20 + "\n\n") * 10 + SPUN
    (tree / "big.txt").write_bytes(text.encode("latin-1"))
    assert run(["check", "--jobs", "1", "--encoding", "latin-1", "big.txt"]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out
    expected = [f"big.txt:{f.line}:{f.column}:" for f in fake_analyze(text).findings]
    assert [m.group() for m in re.finditer(r"^big\.txt:\d+:\d+:", out, re.M)] == expected


def test_explain_analyses_a_large_file_in_the_chunks_check_does(tree, fake, capsys,
                                                                monkeypatch):
    """explain shows the findings check reports: a file large enough to stream is analysed
    in the same chunks (a whole-file analysis found 4,471 findings in a 300 kB spun text
    where check reported 4,395)."""
    from detector import stream

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 1_000)
    monkeypatch.setattr(stream, "READ_BYTES", 512)
    monkeypatch.setattr(stream, "CHUNK_CHARS", 900)
    write(tree / "big.txt", ("Owners met on Friday. " * 20 + "\n\n") * 10 + SPUN)
    assert run(["check", "--jobs", "1", "big.txt"]) == ExitStatus.FLAGGED
    checked = list(fake)
    check_out = capsys.readouterr().out
    fake.clear()
    assert run(["explain", "big.txt"]) == ExitStatus.FLAGGED
    assert [text for text, _ in fake] == [text for text, _ in checked]
    assert len(checked) > 1  # chunks, not the whole file
    explained = re.findall(r"^big\.txt:\d+:\d+:", capsys.readouterr().out, re.M)
    assert explained == re.findall(r"^big\.txt:\d+:\d+:", check_out, re.M) != []


def test_ignore_drops_a_kind_of_finding_but_not_the_verdict(tree, fake, capsys):
    write(tree / "one.txt", "The yr was long.\n")  # one finding, a natural passage
    write(tree / "a.txt", SPUN)
    assert run(["check", "--fail-on", "finding", "one.txt"]) == ExitStatus.FLAGGED
    assert run(["check", "--fail-on", "finding", "--ignore", "substitution",
                "one.txt"]) == ExitStatus.OK
    capsys.readouterr()
    # The passages keep their probabilities and labels; their finding counts follow.
    assert run(["check", "--ignore", "substitution", "-f", "json", "a.txt"]) == (
        ExitStatus.FLAGGED
    )
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["findings"] == [] and report["label"] == "spun"
    assert [p["findings"] for p in report["passages"]] == [0]
    # From the configuration too; other rules leave the findings alone.
    (tree / ".unspin.toml").write_text('ignore = ["substitution"]\nfail-on = "finding"\n')
    assert run(["check", "one.txt"]) == ExitStatus.OK
    assert run(["check", "--isolated", "--fail-on", "finding", "--ignore", "number-form",
                "one.txt"]) == ExitStatus.FLAGGED


def test_ignore_rejects_unknown_rules(tree, fake, capsys):
    write(tree / "a.txt", SPUN)
    assert run(["check", "--ignore", "substitutions", "a.txt"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert "unknown rule 'substitutions'" in err and len(err.strip().splitlines()) == 1
    (tree / ".unspin.toml").write_text('ignore = ["typo"]\n')
    assert run(["check", "a.txt"]) == ExitStatus.ERROR
    err = capsys.readouterr().err
    assert "ignore" in err and "unknown rule 'typo'" in err and "Traceback" not in err


def test_select_reports_only_the_chosen_kinds_of_finding(tree, fake, capsys):
    from detector.report import RULES

    write(tree / "one.txt", "The yr was long.\n")  # one substitution finding
    finding = ["check", "--fail-on", "finding"]
    assert run([*finding, "--select", "substitution", "one.txt"]) == ExitStatus.FLAGGED
    assert run([*finding, "--select", "tortured-phrase", "one.txt"]) == ExitStatus.OK
    assert fake[-1][1]["ignore"] == tuple(r for r in RULES if r != "tortured-phrase")
    # --ignore still narrows a selection.
    assert run([*finding, "--select", "substitution", "--ignore", "substitution",
                "one.txt"]) == ExitStatus.OK
    # From the configuration; the command line's --select replaces the configuration's.
    (tree / ".unspin.toml").write_text('select = ["tortured-phrase"]\nfail-on = "finding"\n')
    assert run(["check", "one.txt"]) == ExitStatus.OK
    assert run(["check", "--select", "substitution", "one.txt"]) == ExitStatus.FLAGGED
    # restore applies the selected kinds only.
    write(tree / "a.txt", SPUN)
    capsys.readouterr()
    assert run(["restore", "--isolated", "--select", "number-form", "a.txt"]) == ExitStatus.OK
    assert capsys.readouterr().out == SPUN
    assert run(["restore", "--isolated", "--select", "substitution", "a.txt"]) == ExitStatus.OK
    assert "last year" in capsys.readouterr().out
    # Unknown rules are one-line errors, on the command line and in the configuration.
    assert run(["check", "--isolated", "--select", "typo", "one.txt"]) == ExitStatus.ERROR
    assert capsys.readouterr().err.strip() == (
        "error: --select: unknown rule 'typo' (rules: " + ", ".join(RULES) + ")")
    (tree / ".unspin.toml").write_text('select = ["typo"]\n')
    assert run(["check", "one.txt"]) == ExitStatus.ERROR
    assert "select: unknown rule 'typo'" in capsys.readouterr().err


def test_report_ignoring_recounts_passage_findings():
    f = [Finding(0, 3, 1, 1, "yr", "number-form", 0.9),
         Finding(5, 9, 1, 6, "safe", "substitution", 0.9)]
    rep = Report(0.9, "spun", 20, (Passage(0, 50, 1, 20, 0.9, "spun", 2),), tuple(f))
    out = rep.ignoring({"number-form"})
    assert [x.rule for x in out.findings] == ["substitution"]
    assert out.passages[0].findings == 1 and out.passages[0].probability == 0.9
    assert rep.ignoring(()) is rep and rep.ignoring({"acronym"}) is rep


def test_restore_honours_allowed_phrases_and_ignored_rules(tree, fake, capsys):
    write(tree / "a.txt", SPUN)
    assert run(["restore", "a.txt"]) == ExitStatus.OK
    assert "last year" in capsys.readouterr().out
    for extra in (["--allow", "final yr"], ["--ignore", "substitution"]):
        assert run(["restore", *extra, "a.txt"]) == ExitStatus.OK
        assert capsys.readouterr().out == SPUN
    # The configuration's allowed phrases and ignored rules hold for restore as for check.
    (tree / ".unspin.toml").write_text('allowed = ["final yr"]\n')
    assert run(["restore", "a.txt", "--in-place"]) == ExitStatus.OK
    assert (tree / "a.txt").read_text() == SPUN
    assert run(["restore", "--isolated", "a.txt"]) == ExitStatus.OK
    assert "last year" in capsys.readouterr().out
    (tree / ".unspin.toml").write_text('ignore = ["substitution"]\n')
    assert run(["restore", "a.txt", "--diff"]) == ExitStatus.OK  # nothing to change
    assert run(["restore", "--ignore", "typo", "a.txt"]) == ExitStatus.ERROR
    assert "unknown rule 'typo'" in capsys.readouterr().err


def test_explain_applies_the_configuration(tree, fake, capsys):
    write(tree / "a.txt", SPUN)
    (tree / ".unspin.toml").write_text('allowed = ["final"]\nthreshold = 0.95\n')
    run(["explain", "a.txt"])
    out = capsys.readouterr().out
    assert "'final'" not in out and "'yr'" in out  # an allowed phrase is not shown
    assert fake[-1][1] == {"threshold": 0.95, "allowed": ("final",), "ignore": ()}
    run(["explain", "--isolated", "a.txt"])
    assert "'final'" in capsys.readouterr().out
    (tree / ".unspin.toml").write_text('ignore = ["substitution"]\n')
    run(["explain", "a.txt"])
    assert "unspin/substitution" not in capsys.readouterr().out
    (tree / ".unspin.toml").write_text('ignore = "typo"\n')
    assert run(["explain", "a.txt"]) == ExitStatus.ERROR
    assert "ignore" in capsys.readouterr().err


def test_ignore_per_path_in_overrides(tree, fake, capsys):
    write(tree / "docs/one.txt", "The yr was long.\n")
    write(tree / "legal/one.txt", "The yr was long.\n")
    (tree / ".unspin.toml").write_text(
        'fail-on = "finding"\n[[overrides]]\npaths = ["legal/**"]\nignore = ["substitution"]\n'
    )
    assert run(["check", "docs/one.txt"]) == ExitStatus.FLAGGED
    assert run(["check", "legal/one.txt"]) == ExitStatus.OK
    (tree / ".unspin.toml").write_text('[[overrides]]\npaths = ["x"]\nignore = ["nope"]\n')
    assert run(["check", "docs/one.txt"]) == ExitStatus.ERROR
    assert "overrides[0].ignore: unknown rule 'nope'" in capsys.readouterr().err


def test_force_exclude_applies_excludes_to_named_files(tmp_path, monkeypatch, capsys):
    # A pre-commit hook names every staged file; the project's excludes must still hold.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "old.txt").write_bytes("na\xefve\n".encode("latin-1"))
    (tmp_path / "notes.md").write_text("We met on Monday and agreed on the plan.\n")
    (tmp_path / ".unspin.toml").write_text('exclude = ["drafts/**"]\n')
    named = ["drafts/old.txt", "notes.md"]
    assert run(["check", *named]) == ExitStatus.ERROR  # named files are checked by default
    assert "drafts/old.txt: error" in capsys.readouterr().err
    assert run(["check", "--force-exclude", *named]) == ExitStatus.OK
    assert "1 file checked" in capsys.readouterr().out
    # Matched relative to the config file's directory too, from anywhere below it.
    monkeypatch.chdir(tmp_path / "drafts")
    assert run(["check", "--force-exclude", "old.txt"]) == ExitStatus.OK
    assert "0 files checked" in capsys.readouterr().out
    (tmp_path / ".unspin.toml").write_text('exclude = ["drafts/**"]\nforce-exclude = true\n')
    assert run(["check", "old.txt"]) == ExitStatus.OK
    assert run(["check", "--no-force-exclude", "old.txt"]) == ExitStatus.ERROR


def test_statistics_count_findings_per_kind(tmp_path, capsys):
    spun = (ROOT / "examples" / "spun-news.md").read_text(encoding="utf-8")
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(spun, encoding="utf-8")
    (tmp_path / "c.md").write_text(
        "Der Hund schläft im Garten und träumt von den Katzen des Nachbarn. Am Abend kommt "
        "die Familie nach Hause, und die Kinder spielen noch eine Stunde mit ihm auf der "
        "Wiese, bevor es dunkel wird und alle zum Essen in die Küche gehen.\n",
        encoding="utf-8")
    assert run(["check", "--isolated", str(tmp_path)]) == ExitStatus.FLAGGED
    plain = capsys.readouterr().out
    per_rule: dict[str, int] = {}
    for line in plain.splitlines():
        m = re.search(r" unspin/([a-z-]+) ", line)
        if m:
            per_rule[m.group(1)] = per_rule.get(m.group(1), 0) + 1
    assert per_rule

    assert run(["check", "--isolated", "--statistics", str(tmp_path)]) == ExitStatus.FLAGGED
    out = capsys.readouterr().out.splitlines()
    assert not any(" unspin/" in line for line in out)  # no line per finding
    rows = {m.group(2): int(m.group(1)) for line in out
            if (m := re.match(r"\s*(\d+)  ([a-z-]+) in 2 files: ", line))}
    assert rows == per_rule
    assert any(line.startswith("spun passages: 2; files labelled spun as a whole: 2")
               for line in out)
    assert "unsupported language: 1 file not analysed (they do not look like English)" in out
    assert out[-1].startswith("3 files checked")
    substitution = next(line for line in out if " substitution in " in line)
    assert "stated -> said (6)" in substitution  # three in each file, the commonest first

    assert run(["check", "--isolated", "--statistics", "--format", "json",
                str(tmp_path)]) == ExitStatus.ERROR
    assert "--statistics" in capsys.readouterr().err


# --------------------------------------------------------------------------- --show-source


def test_show_source_marks_each_finding_under_its_line(tree, fake, capsys):
    write(tree / "a.md", "# Title\n\n" + SPUN)
    assert run(["check", "--show-source", "a.md"]) == ExitStatus.FLAGGED
    lines = capsys.readouterr().out.splitlines()
    at = lines.index(next(x for x in lines if x.startswith("a.md:3:5:")))
    assert lines[at + 1] == "    " + SPUN.strip()
    assert lines[at + 2] == "        ^^^^^"  # under "final", four spaces of indent + "The "
    assert run(["check", "a.md"]) == ExitStatus.FLAGGED
    assert "^" not in capsys.readouterr().out  # off by default


def test_show_source_from_config_and_in_a_word_document(tree, fake, capsys):
    from test_docx import make_docx, paras  # tests/ is on sys.path (rootdir)

    (tree / ".unspin.toml").write_text("show-source = true\n")
    (tree / "a.docx").write_bytes(make_docx(paras("Opening.", SPUN.strip())))
    assert run(["check", "a.docx"]) == ExitStatus.FLAGGED
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("a.docx:2:5:")  # paragraph 2
    assert lines[1:3] == ["    " + SPUN.strip(), "        ^^^^^"]
    assert run(["check", "--no-show-source", "a.docx"]) == ExitStatus.FLAGGED
    assert "^" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("line", "span", "shown", "marks"),
    [
        ("The final yr was long.", "final yr", "The final yr was long.", "    ^^^^^^^^"),
        # a long line is cut between words around the finding
        ("word " * 40 + "the final yr " + "more " * 40, "final yr",
         "…" + "word " * 7 + "the final yr" + " more" * 10 + "…", " " * 40 + "^" * 8),
        # wide characters take two columns, tabs one
        ("中文\tfinal yr", "final yr", "中文 final yr", "     ^^^^^^^^"),
        # zero-width characters none
        ("We met to\u200bmorrow, final yr.", "final yr", "We met to\u200bmorrow, final yr.",
         " " * 17 + "^" * 8),
        # a line shorter than the width is shown whole, however far in the finding is
        ("x" * 45 + " the final yr.", "final yr", "x" * 45 + " the final yr.",
         " " * 50 + "^" * 8),
    ],
)
def test_excerpt_places_carets_by_display_width(line, span, shown, marks):
    from detector.formats.text import EXCERPT_WIDTH, excerpt

    text = "before\n" + line + "\nafter"
    start = text.index(span)
    got = excerpt(text, start, start + len(span))
    assert got == (shown, marks)
    assert len(got[0]) <= EXCERPT_WIDTH + 2


def test_excerpt_of_a_file_with_classic_mac_line_breaks_is_one_line():
    from detector.formats.text import excerpt

    text = "First line.\r\rThe council\rstated final yr.\r"
    start = text.index("final")
    assert excerpt(text, start, start + 8) == ("stated final yr.", "       ^^^^^^^^")


def test_excerpt_of_a_span_across_lines_marks_to_the_line_end():
    from detector.formats.text import excerpt

    text = "a complex\nnumber here"
    assert excerpt(text, 2, text.index("number") + 6) == ("a complex", "  ^^^^^^^")


# --------------------------------------------------------------------------- --format jsonl


def test_jsonl_is_the_json_files_one_per_line(tree, fake, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    write(tree / "a.md", SPUN)
    write(tree / "b.txt", CLEAN)
    (tree / "c.txt").write_bytes(b"caf\xe9\n")
    args = ["a.md", "b.txt", "c.txt", "missing.txt"]
    assert run(["check", "-j", "1", "-f", "json", *args]) == ExitStatus.ERROR
    files = json.loads(capsys.readouterr().out)["files"]
    assert run(["check", "-j", "1", "-f", "jsonl", *args]) == ExitStatus.ERROR
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines()]
    assert lines == files and [e["path"] for e in lines] == args
    assert out.err.count("error:") == 2  # the unreadable and the missing file, on stderr too
    schema = json.loads((ROOT / "detector" / "report.schema.json").read_text())
    for entry in lines:
        kind = "fileError" if "error" in entry else "fileReport"
        jsonschema.validate(entry, {"$schema": schema["$schema"], "$defs": schema["$defs"],
                                    "$ref": f"#/$defs/{kind}"})


def test_jsonl_writes_each_file_before_the_next_is_analysed(tree, monkeypatch):
    for name in ("a.md", "b.md", "c.md"):
        write(tree / name, SPUN)
    written: list[str] = []
    seen_before: list[int] = []

    class Out(io.StringIO):
        def write(self, s: str) -> int:
            written.append(s)
            return len(s)

    def analyze(text, **kw):
        seen_before.append(sum(s.count("\n") for s in written))
        return fake_analyze(text, **kw)

    monkeypatch.setattr(detector, "analyze", analyze, raising=False)
    monkeypatch.setattr(sys, "stdout", Out())
    assert run(["check", "-j", "1", "-f", "jsonl", "a.md", "b.md", "c.md"]) == ExitStatus.FLAGGED
    assert seen_before == [0, 1, 2]
    assert len(written) == 3


def test_jsonl_to_a_file_exit_status_and_config(tree, fake, capsys):
    write(tree / "a.md", SPUN)
    write(tree / "b.txt", CLEAN)
    assert run(["check", "-f", "jsonl", "-o", "out.jsonl", "b.txt"]) == ExitStatus.OK
    assert run(["check", "-f", "jsonl", "-o", "out.jsonl", "a.md", "b.txt"]) == ExitStatus.FLAGGED
    assert [json.loads(x)["path"] for x in (tree / "out.jsonl").read_text().splitlines()] == [
        "a.md", "b.txt"]
    assert capsys.readouterr().out == ""
    assert run(["check", "-f", "jsonl", "--exit-zero", "a.md"]) == ExitStatus.OK
    capsys.readouterr()
    (tree / ".unspin.toml").write_text('format = "jsonl"\n')
    assert run(["check", "b.txt"]) == ExitStatus.OK
    assert json.loads(capsys.readouterr().out)["label"] == "natural"


def test_jsonl_to_an_unwritable_place_is_one_line_and_leaves_nothing(tree, fake, capsys):
    write(tree / "a.md", SPUN)
    assert run(["check", "-f", "jsonl", "-o", "no/such/dir/out.jsonl", "a.md"]) == ExitStatus.ERROR
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cannot write report" in err
    assert sorted(p.name for p in tree.iterdir()) == [".unspin.toml", "a.md"]


# --------------------------------------------------------------------------- restore --interactive


def answer(monkeypatch, *lines: str) -> None:
    """Standard input holding these answers, one a line."""
    set_stdin(monkeypatch, "".join(x + "\n" for x in lines).encode())


def test_interactive_restore_applies_the_choices_made(tree, fake, capsys, monkeypatch):
    # SPUN's findings, in order: final, yr, final, yr
    write(tree / "a.md", SPUN)
    answer(monkeypatch, "y", "n", "e", "closing", "1")
    assert run(["restore", "--interactive", "--in-place", "a.md"]) == ExitStatus.OK
    assert (tree / "a.md").read_text() == "The last yr was long. Prices rose in the closing year.\n"
    err = capsys.readouterr().err
    assert "a.md:1:5: 'final' (substitution, score 0.90)" in err
    assert "    The final yr was long. Prices rose in the final yr." in err
    assert "        ^^^^^" in err and "  1 last" in err


def test_interactive_restore_stops_at_q_or_end_of_input_keeping_choices(tree, fake, capsys,
                                                                        monkeypatch):
    write(tree / "a.md", SPUN)
    answer(monkeypatch, "y", "q", "y")
    assert run(["restore", "--interactive", "a.md"]) == ExitStatus.OK
    assert capsys.readouterr().out == SPUN.replace("final", "last", 1)
    answer(monkeypatch, "n", "y")  # then the input ends
    assert run(["restore", "--interactive", "a.md"]) == ExitStatus.OK
    assert capsys.readouterr().out == "The final year was long. Prices rose in the final yr.\n"


def test_interactive_q_and_a_hold_for_the_files_after(tree, fake, capsys, monkeypatch):
    # SPUN's findings, in order: final, yr, final, yr
    for name in ("a.md", "b.md"):
        write(tree / name, SPUN)
    answer(monkeypatch, "q", "y", "y", "y", "y")
    assert run(["restore", "--interactive", "--in-place", "a.md", "b.md"]) == ExitStatus.OK
    assert (tree / "a.md").read_text() == SPUN and (tree / "b.md").read_text() == SPUN
    assert capsys.readouterr().err.count("Replace?") == 1
    answer(monkeypatch, "n", "a")  # then the input ends: "a" still holds in b.md
    assert run(["restore", "--interactive", "--in-place", "a.md", "b.md"]) == ExitStatus.OK
    assert (tree / "a.md").read_text() == "The final year was long. Prices rose in the last year.\n"
    assert (tree / "b.md").read_text() == "The last year was long. Prices rose in the last year.\n"


def test_an_interrupt_is_said_and_exits_130(tree, fake, capsys, monkeypatch):
    import detector.checkfile

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    write(tree / "a.md", SPUN)
    monkeypatch.setattr(detector.checkfile, "restore_text", interrupted)
    assert run(["restore", "--in-place", "a.md"]) == 130
    assert capsys.readouterr().err.endswith("unspin: interrupted\n")
    assert (tree / "a.md").read_text() == SPUN


def test_interactive_restore_all_the_rest_and_help(tree, fake, capsys, monkeypatch):
    write(tree / "a.md", SPUN)
    answer(monkeypatch, "n", "?", "7", "\u00b2", "a")  # "²" is a digit to str.isdigit
    assert run(["restore", "--interactive", "--diff", "a.md"]) == ExitStatus.FLAGGED
    out = capsys.readouterr()
    assert "+The final year was long. Prices rose in the last year." in out.out
    assert out.err.count("number: that suggestion") == 3  # after "?", "7" and "²"


def test_interactive_restore_leaves_code_and_takes_a_threshold(tree, fake, capsys, monkeypatch):
    text = "The final yr.\n\n```\nfinal yr\n```\n"
    write(tree / "a.md", text)
    answer(monkeypatch, "a")
    assert run(["restore", "--interactive", "a.md"]) == ExitStatus.OK
    assert capsys.readouterr().out == text.replace("final yr.", "last year.")
    answer(monkeypatch, "a")
    assert run(["restore", "--interactive", "--threshold", "0.95", "a.md"]) == ExitStatus.OK
    out = capsys.readouterr()
    assert out.out == text and "a.md: no findings" in out.err  # the fake's scores are 0.9


def test_interactive_restore_never_breaks_markup(tree, fake, capsys, monkeypatch):
    # Markup inside a finding stays where it was ("final *yr*" -> "last *year*"), where
    # replacing the span wrote "last year*"; a wording that would break it is not put in; an
    # HTML character reference inside a finding stays as written.
    joined = "final yr’" + "\u2060" * 6 + "s"  # "final yr&rsquo;s" as analysed
    monkeypatch.setattr(detector, "analyze", lambda text, **kw: report_over(
        text, [("final \u205fyr", ("last year",)), (joined, ("last year’s",))]))
    text = "The final *yr* was long, the final *yr* too.\n\n<p>final yr&rsquo;s end</p>\n"
    write(tree / "a.md", text)
    answer(monkeypatch, "y", "e", "past", "y")
    assert run(["restore", "--interactive", "a.md"]) == ExitStatus.OK
    out = capsys.readouterr()
    assert out.out == ("The last *year* was long, the final *yr* too.\n\n"
                       "<p>last year&rsquo;s end</p>\n")
    assert "a.md:1:30: 'final  yr' left as written: markup inside it, which 'past' would break" \
        in out.err
    # "all the rest" too
    write(tree / "a.html", "<p>The final yr&rsquo;s end and the <b>final</b> yr.</p>\n")
    monkeypatch.setattr(detector, "analyze", lambda text, **kw: report_over(
        text, [(joined, ("last year’s",)), ("final     yr", ("last year",))]))
    answer(monkeypatch, "a")
    assert run(["restore", "--interactive", "a.html"]) == ExitStatus.OK
    assert capsys.readouterr().out == (
        "<p>The last year&rsquo;s end and the <b>last</b> year.</p>\n")


def test_interactive_restore_needs_named_files(tree, fake, capsys, monkeypatch):
    answer(monkeypatch, "y")
    assert run(["restore", "--interactive", "-"]) == ExitStatus.ERROR
    assert "name the files" in capsys.readouterr().err


def test_include_globs_match_file_names_not_the_folders_on_the_way(tmp_path, capsys):
    # A folder named like a document ("notes.md", an unpacked "book.epub") had every file
    # inside it checked, whatever its kind.
    write(tmp_path / "README.md", "A short note about the project.\n")
    write(tmp_path / "notes.md" / "script.py", "print('hello')\n")
    write(tmp_path / "book.epub" / "chapter.xhtml", "<p>Some words.</p>\n")
    write(tmp_path / "docs" / "guide.txt", "A short guide.\n")
    assert run(["check", str(tmp_path), "--format", "json"]) == ExitStatus.OK
    files = sorted(Path(f["path"]).name for f in json.loads(capsys.readouterr().out)["files"])
    assert files == ["README.md", "guide.txt"]
    assert run(["check", str(tmp_path), "--format", "json", "--include", "docs/*.txt"]) == (
        ExitStatus.OK)
    files = [Path(f["path"]).name for f in json.loads(capsys.readouterr().out)["files"]]
    assert files == ["guide.txt"]
