"""docs/editors.md: the editor patterns read unspin's text output as it really is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from detector.cli import ExitStatus, run

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
SPUN = "The final yr was long. Prices rose in the final yr, and a whole bunch of stores shut.\n"


def _vscode_regex() -> re.Pattern[str]:
    block = re.search(r"```json\n(.*?)```", DOC, re.S).group(1)
    task = json.loads(block)["tasks"][0]
    return re.compile(task["problemMatcher"]["pattern"]["regexp"])


def _output(tmp_path, monkeypatch, capsys) -> list[str]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes, draft.md").write_text(SPUN, encoding="utf-8")
    status = run(["check", "--isolated", "-q", "--exit-zero", "notes, draft.md"])
    assert status == ExitStatus.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines, "the spun text gave no output to read"
    return lines


def test_vscode_problem_matcher_reads_every_line(tmp_path, monkeypatch, capsys):
    regexp = _vscode_regex()
    for line in _output(tmp_path, monkeypatch, capsys):
        m = regexp.match(line)
        assert m, line
        assert m.group(1) == "notes, draft.md" and int(m.group(2)) >= 1
        assert m.group(4)


@pytest.mark.parametrize("pattern", [
    r'"file_regex": "(.+?)"',  # Sublime Text, as written in the doc
])
def test_sublime_file_regex_matches_the_vscode_one(pattern):
    sublime = re.search(pattern, DOC).group(1).replace("\\\\", "\\")
    assert sublime == _vscode_regex().pattern


def test_vim_errorformat_reads_findings_and_passages(tmp_path, monkeypatch, capsys):
    # %f:%l:%c:\ %m and %f:%l:\ %m, as Vim reads them ('%f' is greedy up to the last match).
    efm = re.search(r"errorformat=(.+)", DOC).group(1).strip()
    assert efm == r"%f:%l:%c:\ %m,%f:%l:\ %m"
    with_col = re.compile(r"^(.+):(\d+):(\d+): (.+)$")
    without = re.compile(r"^(.+):(\d+): (.+)$")
    lines = _output(tmp_path, monkeypatch, capsys)
    assert any(with_col.match(x) for x in lines)
    for line in lines:
        m = with_col.match(line) or without.match(line)
        assert m and m.group(1) == "notes, draft.md", line
