"""Tortured phrases no list holds (analyzer.TORTURED_TERM): wordings whose words are synonyms
of a known term's, reported in company."""

from __future__ import annotations

import json
from pathlib import Path

import detector
from detector import fingerprints
from detector.analyzer import TORTURED_TERM
from detector.tokens import tokenize

CASES = Path(__file__).parent / "cases"


def _case(name: str, case_id: str) -> str:
    with (CASES / name).open(encoding="utf-8") as fh:
        return next(r["text"] for r in map(json.loads, fh) if r["id"] == case_id)


# A paper-mill abstract: spun throughout, with three tortured phrases the curated list does
# not hold ("haphazard woods", "desire bushes", "uphold vector contraptions").
ABSTRACT = _case("must_flag.jsonl", "f-sci-unlisted-tortured-abstract")
# Technical writing whose wordings the baselines never saw and whose synonyms make known
# terms ("arbitrary order" -> "random order", "regression test" -> "regression analysis",
# "running system" -> "operating system"): natural, and packed with them.
TECHNICAL = _case("must_not_flag.jsonl", "nf-technical-python-terms")


def _terms(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.suggestions[0]) for f in detector.analyze(text).findings
            if f.rule == TORTURED_TERM]


def test_the_abstracts_phrases_are_not_on_the_list() -> None:
    norms = [t.norm for t in tokenize(ABSTRACT) if t.is_word]
    assert fingerprints.find(norms) == []


def test_unlisted_tortured_phrases_in_company_are_reported_with_their_term() -> None:
    found = dict(_terms(ABSTRACT))
    assert found.get("desire bushes") == "decision trees"
    assert found.get("uphold vector") == "support vector"
    report = detector.analyze(ABSTRACT)
    assert report.label == "spun"
    # Without the rule the abstract reads as natural: the rule is what caught it.
    assert detector.analyze(ABSTRACT, ignore=[TORTURED_TERM]).label == "natural"


def test_one_such_wording_alone_is_not_reported() -> None:
    text = ("The samples were collected over two summers at four sites. In this work, desire "
            "bushes were used to analyse the collected data, and the results are reported in "
            "the next section together with the sampling protocol.")
    assert _terms(text) == []


def test_natural_technical_writing_is_left_alone() -> None:
    assert _terms(TECHNICAL) == []
    assert detector.analyze(TECHNICAL).label == "natural"


def test_a_fields_own_terms_do_not_make_their_own_company() -> None:
    """A fire-alarm note's "fault rate" and "false alerts" (-> error rate, false alarm) lifted
    their own passage over TORTURED_TERM_PASSAGE_P; read without them it is natural (model
    card item 181)."""
    text = _case("must_not_flag.jsonl", "nf-reliability-note-fault-rate-false-alerts")
    assert _terms(text) == []
    assert detector.analyze(text).label == "natural"


def test_restore_puts_the_terms_back() -> None:
    restored = detector.restore(ABSTRACT)
    assert "decision trees" in restored and "support vector" in restored
    assert detector.restore(restored) == restored


def test_no_wording_begins_inside_a_hyphenated_compound() -> None:
    """A paper mill's blog post with two tortured phrases read "start users" of "cold-start
    users" as a third, rebuilt as "end users", and restore wrote "cold-end users"."""
    text = _case("must_flag.jsonl", "f-tech-blog-tortured-light")
    assert "cold-start users" in text
    found = {f.text for f in detector.analyze(text).findings}
    assert "start users" not in found and "profound learning" in found
    assert "cold-start users" in detector.restore(text)


PAPER_MILL_SENTENCE = ("Counterfeit consciousness and profound learning are used for huge "
                       "information analysis.")


def test_in_a_paper_mills_text_a_known_term_comes_first() -> None:
    """"huge information" is written in ordinary English too, so it is a plain substitution,
    whose ranker (trained on news) prefers "large data"; beside tortured phrases the known
    term goes first, marked as such, as suggest() puts it."""
    found = {f.text: f for f in detector.analyze(PAPER_MILL_SENTENCE).findings}
    f = found["huge information"]
    assert f.rule == "substitution"
    assert f.suggestions[0] == "big data"
    assert dict(f.evidence)["suggestion_from"] == "known-term"
    assert detector.suggest("huge information", PAPER_MILL_SENTENCE)[0] == "big data"


def test_outside_a_paper_mills_text_the_ranker_keeps_its_order() -> None:
    from detector.restorer import known_terms_first

    # The helper itself: multiword known terms first, single words and the rest untouched.
    assert known_terms_first(["huge", "information"], ["large data", "big data"])[0] == \
        "big data"
    assert known_terms_first(["help"], ["service", "assistance"]) == ["service", "assistance"]
    news = detector.analyze("The officials stated that a whole bunch of individuals had been "
                            "compelled to depart their houses final yr.").findings
    assert news and all(dict(f.evidence).get("suggestion_from") != "known-term" for f in news)
