"""bench/context_scores.py: each use of a wording, with the scores that decide its finding."""

from __future__ import annotations

from pathlib import Path

import detector
from bench.context_scores import scores

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "spun-news.md"


def test_every_use_is_scored_and_agrees_with_the_findings() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    rows = scores(text, ["stated", "Making an attempt to"])
    assert [r[0] for r in rows].count("stated") == text.count("stated")
    assert any(r[0] == "making an attempt to" for r in rows)
    found = {f.start for f in detector.analyze(text).findings}
    for wording, start, span_p, company, context_p, bar in rows:
        assert 0.0 <= span_p <= 1.0 and 0.0 < bar < 1.0
        # In spun company only the context model can make a span a finding.
        if company and start in found:
            assert context_p >= bar, (wording, start)
    assert any(r[3] and r[1] in found for r in rows)  # the example's "stated"s are found


def test_a_wording_the_text_lacks_has_no_rows() -> None:
    assert scores("The council said it would meet again next week.", ["stated"]) == []
