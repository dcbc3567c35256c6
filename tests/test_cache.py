"""``unspin check --cache`` (detector/cache.py): a stored report is reused only for the same
bytes, settings and program, is exactly the fresh one, and the cache never fails a check."""

from __future__ import annotations

import json
import os

import pytest

import detector
from detector import cache
from detector.cli import ExitStatus, run
from detector.report import Report

SPUN = ("The metropolis council stated on Tuesday that the previous harbour bridge will shut "
        "to heavy lorries from subsequent month. Final yr it carried 14,000 automobiles a day.\n")


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A working directory with no config above it, and no cache folder from the caller."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("UNSPIN_CACHE_DIR", raising=False)
    (tmp_path / ".unspin.toml").write_text("")
    return tmp_path


@pytest.fixture
def analyses(monkeypatch):
    """Counts the analyses actually run (a cache hit runs none)."""
    calls = []
    real = detector.analyze

    def counted(text, **kw):
        calls.append(text)
        return real(text, **kw)

    monkeypatch.setattr(detector, "analyze", counted)
    return calls


def check(capsys, *args: str) -> tuple[ExitStatus, str]:
    status = run(["check", "-j", "1", *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_report_survives_the_round_trip_exactly() -> None:
    report = detector.analyze(SPUN * 3)
    assert report.findings and report.sentences and report.findings[0].evidence
    back = cache.report_from_dict(json.loads(json.dumps(cache.report_to_dict(report))))
    assert back == report
    assert isinstance(back, Report) and isinstance(back.findings[0].evidence, tuple)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "html"])
def test_second_run_reuses_the_report_and_prints_the_same(tree, analyses, capsys, fmt) -> None:
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    first = check(capsys, "--cache", "-f", fmt, "a.txt")
    assert len(analyses) == 1
    second = check(capsys, "--cache", "-f", fmt, "a.txt")
    assert len(analyses) == 1, "the unchanged file was analysed again"
    assert second == first
    assert first[0] == ExitStatus.FLAGGED


def test_a_changed_file_or_setting_is_analysed_again(tree, analyses, capsys) -> None:
    path = tree / "a.txt"
    path.write_text(SPUN, encoding="utf-8")
    check(capsys, "--cache", "a.txt")
    path.write_text(SPUN.replace("Final yr", "Last year"), encoding="utf-8")
    _, out = check(capsys, "--cache", "a.txt")
    assert len(analyses) == 2 and "Final yr" not in out
    check(capsys, "--cache", "--threshold", "0.5", "a.txt")
    check(capsys, "--cache", "--allow", "metropolis", "a.txt")
    check(capsys, "--cache", "--ignore", "number-form", "a.txt")
    assert len(analyses) == 5
    # ...and each of those settings has its own entry: none of them is analysed again.
    check(capsys, "--cache", "--threshold", "0.5", "a.txt")
    check(capsys, "--cache", "a.txt")
    assert len(analyses) == 5


def test_without_cache_nothing_is_written_or_read(tree, analyses, capsys) -> None:
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    check(capsys, "a.txt")
    check(capsys, "a.txt")
    assert len(analyses) == 2
    assert not (tree / ".unspin_cache").exists()
    check(capsys, "--cache", "a.txt")
    check(capsys, "--no-cache", "a.txt")
    assert len(analyses) == 4


def test_cache_folder_is_tagged_and_hidden_from_git(tree, analyses, capsys) -> None:
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    check(capsys, "--cache", "a.txt")
    folder = tree / ".unspin_cache"
    assert (folder / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert [p.name for p in folder.iterdir() if p.is_dir()] == [cache.fingerprint()]


def test_entries_of_another_unspin_are_removed_not_read(tree, analyses, capsys) -> None:
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    check(capsys, "--cache", "a.txt")
    folder = tree / ".unspin_cache"
    (folder / cache.fingerprint()).rename(folder / "0123456789abcdef")
    keep = folder / "notes"  # not named as the cache names its subfolders: left alone
    keep.mkdir()
    check(capsys, "--cache", "a.txt")
    assert len(analyses) == 2
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(
        [cache.fingerprint(), "notes"])


def test_a_damaged_entry_is_a_miss_not_an_error(tree, analyses, capsys) -> None:
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    first = check(capsys, "--cache", "a.txt")
    [entry] = (tree / ".unspin_cache" / cache.fingerprint()).glob("*.json")
    for damage in (b"", b"{not json", b'{"format": "unspin-cache", "version": 1}',
                   entry.read_bytes()[: 200]):
        entry.write_bytes(damage)
        assert check(capsys, "--cache", "a.txt") == first
    assert len(analyses) == 5


@pytest.mark.parametrize("edit", [
    lambda r: r["passages"][0].update(probability=None),
    lambda r: r["passages"][0].update(label=None),
    lambda r: r.update(label=None),
    lambda r: r.update(probability=1.5),
    lambda r: r["findings"][0].update(text=7),
    lambda r: r["findings"][0].update(line="x"),
    lambda r: r["findings"][0].update(suggestions=[None]),
    lambda r: r.update(words=-1),
])
def test_an_entry_that_parses_with_wrong_values_is_a_miss(tree, analyses, capsys, edit) -> None:
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    first = check(capsys, "--cache", "a.txt")
    [entry] = (tree / ".unspin_cache" / cache.fingerprint()).glob("*.json")
    data = json.loads(entry.read_bytes())
    edit(data["report"])
    entry.write_text(json.dumps(data))
    assert check(capsys, "--cache", "a.txt") == first
    assert len(analyses) == 2


def test_an_entry_for_other_bytes_is_not_used(tree, analyses, capsys) -> None:
    """Same path, same size, same timestamp, other bytes: the checksum tells."""
    path = tree / "a.txt"
    path.write_text(SPUN, encoding="utf-8")
    check(capsys, "--cache", "a.txt")
    st = path.stat()
    path.write_text(SPUN.replace("Final", "Later"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    _, out = check(capsys, "--cache", "a.txt")
    assert len(analyses) == 2 and "Final" not in out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a POSIX user without root's right to write anywhere")
def test_an_unwritable_cache_folder_does_not_fail_the_check(tree, analyses, capsys) -> None:
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    locked = tree / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status, out = check(capsys, "--cache", "--cache-dir", "locked/c", "a.txt")
    finally:
        locked.chmod(0o700)
    assert status == ExitStatus.FLAGGED and "0 errors" in out


def test_a_cache_folder_that_is_a_file_does_not_fail_the_check(tree, analyses,
                                                                capsys) -> None:
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    (tree / "c").write_text("mine")
    status, out = check(capsys, "--cache", "--cache-dir", "c", "a.txt")
    assert status == ExitStatus.FLAGGED and "0 errors" in out
    assert (tree / "c").read_text() == "mine"


def test_a_users_own_folder_is_not_tagged(tree, analyses, capsys) -> None:
    """--cache-dir pointed at a folder with files in it: no .gitignore of '*' lands there."""
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    check(capsys, "--cache", "--cache-dir", ".", "a.txt")
    assert not (tree / ".gitignore").exists() and not (tree / "CACHEDIR.TAG").exists()
    check(capsys, "--cache", "--cache-dir", ".", "a.txt")
    assert len(analyses) == 1  # still a working cache


def test_config_turns_the_cache_on_and_places_it(tree, analyses, capsys) -> None:
    (tree / ".unspin.toml").write_text('cache = true\ncache-dir = "build/unspin"\n')
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    check(capsys, "a.txt")
    check(capsys, "a.txt")
    assert len(analyses) == 1
    assert (tree / "build" / "unspin" / "CACHEDIR.TAG").is_file()
    check(capsys, "--no-cache", "a.txt")
    assert len(analyses) == 2


def test_cache_dir_from_the_environment(tree, analyses, capsys, monkeypatch) -> None:
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(tree / "env-cache"))
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    check(capsys, "--cache", "a.txt")
    assert (tree / "env-cache" / "CACHEDIR.TAG").is_file()
    assert not (tree / ".unspin_cache").exists()


@pytest.mark.parametrize("bad", ['cache = "yes"', "cache-dir = 3", 'cache-dir = ""'])
def test_bad_cache_settings_are_one_line_errors(tree, capsys, bad) -> None:
    (tree / ".unspin.toml").write_text(bad + "\n")
    (tree / "a.txt").write_text(SPUN, encoding="utf-8")
    assert run(["check", "a.txt"]) == ExitStatus.ERROR
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cache" in err


def test_errors_and_binary_files_are_reported_as_without_the_cache(tree, capsys) -> None:
    (tree / "bin.txt").write_bytes(b"\x00\x01\x02 binary")
    (tree / "bad.txt").write_bytes(b"caf\xe9 au lait, said the waiter\n")
    without = check(capsys, "bin.txt", "bad.txt", "missing.txt")
    assert check(capsys, "--cache", "bin.txt", "bad.txt", "missing.txt") == without
    assert without[0] == ExitStatus.ERROR


def test_a_word_document_is_cached_with_its_paragraph_numbers(tree, analyses, capsys) -> None:
    from test_docx import make_docx, paras  # tests/ is on sys.path (rootdir)

    (tree / "a.docx").write_bytes(make_docx(paras("Opening words.", SPUN.strip())))
    first = check(capsys, "--cache", "-f", "json", "a.docx")
    second = check(capsys, "--cache", "-f", "json", "a.docx")
    assert second == first and len(analyses) == 1
    [finding, *_] = json.loads(first[1])["files"][0]["findings"]
    assert finding["line"] == 2  # paragraph 2 of the document, not a line of its text


def test_worker_processes_share_the_cache(tree) -> None:
    """--jobs 2 in a real process: each worker stores its files' entries, the next run
    prints what the first did."""
    import subprocess
    import sys

    for name in ("a.txt", "b.md"):
        (tree / name).write_text(SPUN, encoding="utf-8")
    argv = [sys.executable, "-m", "detector", "check", "--cache", "-j", "2", "a.txt", "b.md"]
    first = subprocess.run(argv, capture_output=True, text=True, cwd=tree)
    assert first.returncode == 1, first.stderr
    # (in its own subfolder: the child may import an installed unspin, not this checkout's)
    assert len(list((tree / ".unspin_cache").glob("*/*.json"))) == 2
    second = subprocess.run(argv, capture_output=True, text=True, cwd=tree)
    assert (second.returncode, second.stdout, second.stderr) == (1, first.stdout, first.stderr)
