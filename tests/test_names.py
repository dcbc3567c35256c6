"""Names of institutions as news spinners render them (detector.names, rule ``spun-name``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import detector
from corpus import build_spun_names
from detector import names
from detector.analyzer import SPUN_NAME
from detector.tokens import tokenize

MODELS = Path(__file__).resolve().parent.parent / "models"


def _names(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.suggestions[0]) for f in detector.analyze(text).findings
            if f.rule == SPUN_NAME]


def _found(text: str) -> list[str]:
    tokens = tokenize(text)
    return [h.spun for h in names.find(tokens, [t.norm for t in tokens])]


@pytest.mark.parametrize(("text", "found", "name"), [
    # the spun seed story's
    ("on the agenda of the UN Safety Council.", "UN Safety Council", "UN Security Council"),
    ("a consultant of the US State Division, Philip Reeker.", "US State Division",
     "US State Department"),
    # a rendering that splits a word keeps the capital on its first word; the name is
    # written as a name all the same
    ("The Well being Ministry stated on Tuesday", "Well being Ministry", "Health Ministry"),
    ("The Reserve Financial institution of India left rates unchanged",
     "Reserve Financial institution", "Reserve Bank"),
    ("Medical doctors With out Borders stated its clinic was hit",
     "Medical doctors With out Borders", "Doctors Without Borders"),
    ("the Ministry of Well being said", "Ministry of Well being", "Ministry of Health"),
])
def test_a_spun_name_is_found_and_restored(text: str, found: str, name: str) -> None:
    assert _names(text) == [(found, name)]
    assert detector.restore(text) == text.replace(found, name)


@pytest.mark.parametrize(("phrase", "name"), [
    ("UN Safety Council", "UN Security Council"),
    ("Reserve Financial institution", "Reserve Bank"),
    ("world well being group", "world health organization"),
])
def test_suggest_puts_a_listed_names_original_first(phrase: str, name: str) -> None:
    assert detector.suggest(phrase)[0] == name
    assert names.written_as("reserve bank", "the reserve financial institution") == "reserve bank"


@pytest.mark.parametrize("text", [
    # general English, not a name: fewer than two words capitalised
    "The IMF is a world financial institution with 190 members.",
    "Members of the un safety council were not named.",
    # real bodies whose names look like renderings are not listed
    "The National Safety Council and the Nationwide Building Society backed the campaign.",
    "The New York State Division of Human Rights opened an inquiry.",
    # a split rendering in title case throughout is a name of its own
    "The Annual Labour Get Together will be held at the Miners' Welfare Hall.",
])
def test_names_and_phrases_that_only_look_spun_are_not_found(text: str) -> None:
    assert _names(text) == []


def test_a_name_mentioned_rather_than_used_counts_for_nothing() -> None:
    text = ('A spinner turns "the Health Ministry" into "the Well being Ministry" and the UN '
            'Security Council into the "UN Safety Council".')
    assert _found('the "Well being Ministry" said') == ["well being ministry"]
    assert _names(text) == []


def test_two_spun_names_label_their_passage_spun_unless_ignored() -> None:
    text = ("Kyrgyzstan's Overseas Ministry said on Friday that it had summoned the ambassador "
            "of Tajikistan after a shooting at a border post left two guards dead. A spokeswoman "
            "said the government had asked the Collective Safety Treaty Organisation to send "
            "observers to the area and would raise the incident with the UN Safety Council if "
            "the talks failed. Tajik officials said their guards had come under fire first.")
    report = detector.analyze(text)
    assert [f.rule for f in report.findings] == [SPUN_NAME] * 3
    assert [p.label for p in report.passages] == ["spun"]
    ignored = detector.analyze(text, ignore=[SPUN_NAME])
    assert not ignored.findings
    assert [p.label for p in ignored.passages] == ["natural"]


def test_longest_rendering_wins_where_two_overlap() -> None:
    assert _found("the World Well being Group said") == ["world well being group"]


def test_source_pairs_are_renderings_of_two_words_or_more() -> None:
    pairs = build_spun_names.read_pairs()
    assert len(pairs) >= 90
    assert all(len(spun.split()) >= 2 and spun != original for original, spun in pairs)


def test_the_source_refuses_a_malformed_line(tmp_path: Path) -> None:
    bad = tmp_path / "names.tsv"
    bad.write_text("original\tspun\nhealth ministry\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"names\.tsv:2"):
        build_spun_names.read_pairs(bad)


def test_shipped_artifact_is_a_fresh_build_of_the_source(tmp_path: Path) -> None:
    build_spun_names.build(tmp_path)
    name = build_spun_names.FILENAME
    fresh = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    shipped = json.loads((MODELS / name).read_text(encoding="utf-8"))
    assert shipped == fresh, "models/spun_names.json is stale: python -m corpus.build_spun_names"


def test_spun_names_make_spun_company_where_tortured_phrases_do_not() -> None:
    # A wire story whose passage model score alone (0.94) makes no company: with its spun
    # names it does, and the context span model finds its "stated"s (-> said).
    with (Path(__file__).parent / "cases" / "must_flag.jsonl").open(encoding="utf-8") as fh:
        text = next(r["text"] for r in map(json.loads, fh)
                    if r["id"] == "f-news-wire-spun-names")
    findings = detector.analyze(text).findings
    assert {f.rule for f in findings} == {SPUN_NAME, "substitution"}
    assert [f.suggestions[0] for f in findings if f.text == "stated"][:1] == ["said"]
