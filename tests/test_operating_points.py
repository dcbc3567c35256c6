"""bench/operating_points.py reads bench/unseen_docs.py's JSON by the threshold each run used,
and writes a row per threshold, the shipped one marked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import operating_points as op


def _unseen_json(path: Path, threshold: float | None, spun: int) -> Path:
    row = {"files": 3, "words": 900, "passages": 10, "passages_spun": spun, "files_spun": 1,
           "findings": 2, "errors": 0, "sentences": 40, "sentences_spun": 0}
    path.write_text(json.dumps({"sources": {"a": row, "b": row}, "flagged": [],
                                "threshold": threshold}), encoding="utf-8")
    return path


def test_unseen_runs_are_keyed_by_their_threshold(tmp_path: Path) -> None:
    shipped = _unseen_json(tmp_path / "s.json", None, 1)  # a run without --threshold
    lower = _unseen_json(tmp_path / "l.json", 0.9, 4)
    got = op.unseen([shipped, lower], 0.988)
    assert got[0.988]["passages_spun"] == 2 and got[0.988]["passages"] == 20
    assert got[0.9]["passages_spun"] == 8 and got[0.9]["files_spun"] == 2


def test_a_file_that_is_not_an_unseen_run_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "quality.json"
    bad.write_text(json.dumps({"synthetic": {}}), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"not a JSON file of bench/unseen_docs\.py"):
        op.unseen([bad], 0.988)


def test_the_table_has_a_row_per_threshold_and_says_what_was_not_run() -> None:
    thresholds = (0.988, 0.9)
    res = {
        "synthetic": {"seen profiles": [(60, 100), (70, 100)],
                      "held-out profile": [(6, 10), (7, 10)],
                      "natural": [(1, 1000), (5, 1000)]},
        "cases": {"must_flag": [(40, 60), (45, 60)], "must_not_flag": [(0, 1900), (9, 1900)]},
        "hand_spun": {"spun": [(50, 148), (60, 148)], "originals": [(0, 66), (0, 66)]},
        "unseen": {0.9: {"passages": 100, "passages_spun": 3, "files": 10, "files_spun": 1,
                         "findings": 0, "words": 0}},
    }
    short = op.readme_markdown(thresholds, res).splitlines()[2:]
    assert short[0] == "| 0.988 (shipped) | 0.60 / 0.60 | 50 of 148 | 0.0010 | not run |"
    assert short[1] == "| 0.9 | 0.70 / 0.70 | 60 of 148 | 0.0050 | 3 of 100 (3.00%), in 1 file |"
    rows = op.markdown(thresholds, res).splitlines()[2:]
    assert len(rows) == 2
    assert rows[0].startswith("| 0.988 (shipped) | 0.600 | 0.600 | 1 of 1,000 (0.0010) |")
    assert rows[0].endswith("| not run | not run |")
    assert rows[1].startswith("| 0.9 | 0.700 | 0.700 | 5 of 1,000 (0.0050) | 45 of 60 |")
    assert rows[1].endswith("| 3 of 100 | 1 of 10 |")


def test_the_shipped_row_is_marked_by_its_value_not_its_place() -> None:
    pair = [(1, 2), (1, 2)]
    res = {"shipped": 0.988,
           "synthetic": {"seen profiles": pair, "held-out profile": pair, "natural": pair},
           "cases": {"must_flag": pair, "must_not_flag": pair},
           "hand_spun": {"spun": pair, "originals": pair}, "unseen": {}}
    rows = op.markdown((0.995, 0.988), res).splitlines()[2:]
    assert rows[0].startswith("| 0.995 | ") and rows[1].startswith("| 0.988 (shipped) | ")
