"""The must-flag / must-not-flag corpus in ``tests/cases/`` (see its README).

Two kinds of test:

* Structure (always run): every record is well formed, ids are unique across both files,
  planted spans occur verbatim in the text, and the corpus keeps its promised size and spread.
* Behaviour (run once :func:`detector.analyze` exists): no passage of a must-not-flag record is
  labelled spun (zero passage-level false positives), and every must-flag record of at least
  80 words is labelled spun. These are real assertions; the model is tuned until they pass.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).parent / "cases"
MUST_FLAG = CASES / "must_flag.jsonl"
MUST_NOT_FLAG = CASES / "must_not_flag.jsonl"
KNOWN_FALSE_POSITIVES = CASES / "known_false_positives.jsonl"
MIN_WORDS_FOR_LABEL = 80
_WORD_RE = re.compile(r"[^\W_]+")


def _load(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as e:  # pragma: no cover - reported by the test
                    raise AssertionError(f"{path.name}:{n}: not JSON: {e}") from e
    return records


@cache
def must_flag() -> tuple[dict[str, Any], ...]:
    return tuple(_load(MUST_FLAG))


@cache
def must_not_flag() -> tuple[dict[str, Any], ...]:
    return tuple(_load(MUST_NOT_FLAG))


@cache
def known_false_positives() -> tuple[dict[str, Any], ...]:
    return tuple(_load(KNOWN_FALSE_POSITIVES))


def words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _ids(records: tuple[dict[str, Any], ...]) -> list[str]:
    return [r["id"] for r in records]


# ----------------------------------------------------------------------------- structure

REQUIRED = {"id": str, "genre": str, "text": str, "note": str}


@pytest.mark.parametrize("path", [MUST_FLAG, MUST_NOT_FLAG, KNOWN_FALSE_POSITIVES],
                         ids=lambda p: p.name)
def test_records_are_well_formed(path: Path) -> None:
    for r in _load(path):
        for key, typ in REQUIRED.items():
            assert isinstance(r.get(key), typ) and r[key].strip(), f"{r.get('id')}: bad {key!r}"
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", r["id"]), f"{r['id']}: id must be kebab-case"
        assert r["text"] == r["text"].strip(), f"{r['id']}: text has surrounding white space"


def test_ids_are_unique_across_the_files() -> None:
    ids = _ids(must_flag()) + _ids(must_not_flag()) + _ids(known_false_positives())
    dupes = [i for i, c in Counter(ids).items() if c > 1]
    assert not dupes, f"duplicate ids: {dupes}"


def test_must_flag_spans_are_found_verbatim() -> None:
    for r in must_flag():
        spans = r.get("spans")
        assert isinstance(spans, list) and spans, f"{r['id']}: must list its planted spans"
        for s in spans:
            assert set(s) >= {"text", "original"}, f"{r['id']}: span needs text and original"
            assert s["text"] in r["text"], f"{r['id']}: span {s['text']!r} not in text"
            assert s["text"] != s["original"], f"{r['id']}: span {s['text']!r} is not a change"


def test_must_not_flag_has_no_spans() -> None:
    for r in must_not_flag():
        assert not r.get("spans"), f"{r['id']}: natural passages plant nothing"
        assert r.get("held_by", "findings") == "findings", f"{r['id']}: unknown held_by"


def test_corpus_size_and_spread() -> None:
    nf, f = must_not_flag(), must_flag()
    assert len(nf) >= 40
    assert len(f) >= 25
    assert len({r["genre"] for r in nf}) >= 10
    assert len({r["genre"] for r in f}) >= 6
    # Most natural passages are full passages (80-200 words) or whole documents (nf-long-*,
    # 350-900 words, and the probes' news articles, papers and pages); the rest are
    # deliberate short cases and a few long documents (nf-longer-*, 900-1,400 words, the
    # probe of model card item 225; nf-literary-long-*, 1,400-2,000 words, item 234).
    full = [r for r in nf if 80 <= words(r["text"]) <= 900]
    assert len(full) >= 0.75 * len(nf)
    assert all(350 <= words(r["text"]) <= 900 for r in nf if r["id"].startswith("nf-long-"))
    assert all(900 <= words(r["text"]) <= 1400 for r in nf if r["id"].startswith("nf-longer-"))
    assert all(1400 <= words(r["text"]) <= 2000 for r in nf
               if r["id"].startswith("nf-literary-long-"))
    # Spun passages are 80-200 words; f-story-* are short news stories of a few passages,
    # f-long-* whole articles of 350-900 words (the recall probe of model card item 251).
    assert all(80 <= words(r["text"]) <= (300 if r["id"].startswith("f-story-") else 200)
               for r in f if not r["id"].startswith("f-long-")), "spun passages are 80-200 words"
    assert all(350 <= words(r["text"]) <= 900 for r in f if r["id"].startswith("f-long-"))


# ----------------------------------------------------------------------------- behaviour


def _analyze() -> Any:
    import detector

    if not hasattr(detector, "analyze"):
        pytest.skip("detector.analyze not available yet")
    return detector.analyze


@pytest.mark.parametrize("record", must_not_flag(), ids=_ids(must_not_flag()))
def test_natural_passages_are_not_flagged(record: dict[str, Any]) -> None:
    analyze = _analyze()
    report = analyze(record["text"])
    spun = [p for p in report.passages if p.label == "spun"]
    assert not spun, (
        f"{record['id']} ({record['genre']}): {len(spun)} passage(s) labelled spun, "
        f"p={[round(p.probability, 3) for p in spun]}; findings: "
        f"{[(f.text, f.rule, round(f.score, 3)) for f in report.findings][:10]}"
    )


def test_cases_held_by_their_findings_need_them() -> None:
    # A case marked held_by "findings" is left out of the training's must-not-flag floor; the
    # mark holds only while the passage model alone would label it spun.
    _analyze()
    from detector import analyzer
    from detector.classifier import models

    held = [r for r in must_not_flag() if r.get("held_by") == "findings"]
    assert held
    for r in held:
        sc = analyzer.score_windows(analyzer.evidence(r["text"]), models().threshold)
        top = max(p for p in sc.passage_p if p is not None)
        assert top >= models().threshold, f"{r['id']}: {top:.3f}; drop its held_by mark"


# Natural text the shipped models still label spun, kept so that the fix is noticed: a strict
# expected failure turns into a test failure the day the passage is cleared, and the record
# then moves to must_not_flag.jsonl.
@pytest.mark.xfail(strict=True, reason="known false positive of the shipped models")
@pytest.mark.parametrize("record", known_false_positives(), ids=_ids(known_false_positives()))
def test_known_false_positives_are_still_flagged(record: dict[str, Any]) -> None:
    analyze = _analyze()
    assert not [p for p in analyze(record["text"]).passages if p.label == "spun"]


# The v8 models label 19 of the 35 hand-written spun passages spun (the rest score below the
# strict threshold chosen for <= 0.25% false positives on natural dev text; v7 labelled 20,
# v1 16); the spintax rule adds the 36th, a template left unexpanded. Of the five short news
# stories added on 2026-12-03 (f-story-*), the two spun heavily are caught, the medium and
# light ones are not: 22 of 41. The models of model card item 72 label 24; with a text of
# one passage labelled as its passage (item 75), 27; with the disguised-word rule (item 77),
# 28 of 42: a spun story disguised with lookalike letters, natural before the rule; with
# tortured phrases no list holds (item 79), 30 of 43: a lightly tortured blog post and a
# paper-mill abstract of unlisted tortured phrases. Four written on 2026-12-04 in genres the
# corpus lacked (an incident postmortem, a forecast, a cover letter, a history textbook): the
# heavily spun forecast is caught, 31 of 47; the heavily spun postmortem is not (its passage
# scores 0.92 against 0.05 as written: technical writing reads as odd wording either way).
# Then two of content teams' kind: a heavily spun SEO landing page is caught, a hotel review
# spun at a medium rate is not (0.86; the informal register): 32 of 49. A local flood story
# spun heavily in the seed's newswire manner is not either (0.83, no finding; item 95): 32 of
# 50. Phrasebook wordings that end in a particle ("with out") counted and the phrasebook's
# fifth block (item 150): an election count and a history spun lightly are caught, 34 of 50.
# Eight whole news articles of 500-560 words, spun by a helper's own dictionary script
# (item 251): six are labelled spun, the other two have a passage labelled spun: 42 of 60.
# This floor keeps a regression from going unnoticed; raise it as the detector improves.
MIN_MUST_FLAG_CAUGHT = 42


def test_spun_passages_are_flagged() -> None:
    analyze = _analyze()
    records = [r for r in must_flag() if words(r["text"]) >= MIN_WORDS_FOR_LABEL]
    reports = {r["id"]: analyze(r["text"]) for r in records}
    caught = [k for k, rep in reports.items() if rep.label == "spun"]
    # Nothing is labelled spun without a finding to show (analyzer.corroborated).
    for k, rep in reports.items():
        for p in rep.passages:
            assert p.label != "spun" or any(p.start <= f.start < p.end for f in rep.findings), k
    assert len(caught) >= MIN_MUST_FLAG_CAUGHT, (
        f"{len(caught)} of {len(records)} spun passages labelled spun; missed: "
        f"{[(k, round(rep.probability, 3)) for k, rep in reports.items() if k not in caught]}"
    )
    # Spun passages score above natural ones on the whole.
    natural = sorted(analyze(r["text"]).probability for r in must_not_flag())
    spun = sorted(rep.probability for rep in reports.values())
    assert spun[len(spun) // 2] > natural[len(natural) // 2]
