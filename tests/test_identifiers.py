"""Words a text writes inside code identifiers are its own terms (detector.identifiers)."""

from __future__ import annotations

import pytest

from detector.candidates import STOPWORDS
from detector.identifiers import identifier_words, same_word


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("stored in register_offset", {"register", "offset"}),
        ("see key_brightness_up and __init_subclass__", {"key", "brightness", "init",
                                                         "subclass"}),
        ('- compatible: must be "marvell,orion-intc"', {"marvell", "orion", "intc"}),
        ("the #interrupt-cells property", {"interrupt", "cells"}),
        ("get_the_value", {"get", "value"}),  # the function word is left out
    ],
)
def test_identifiers_give_their_words(text: str, words: set[str]) -> None:
    assert identifier_words(text, STOPWORDS) == words


@pytest.mark.parametrize(
    "text",
    [
        "A #hashtag, apples,oranges and a well-known long-term plan.",  # prose marks
        "the __init__ method and __call__",  # one word in a dunder: a broken name shares it
        "a_b c_d",  # words of two letters or fewer
        "We went there by car.",
    ],
)
def test_prose_has_no_identifiers(text: str) -> None:
    assert identifier_words(text, STOPWORDS) == frozenset()


def test_same_word_takes_plurals_and_singulars() -> None:
    words = frozenset({"interrupt", "offsets", "boxes"})
    assert same_word("interrupts", words)
    assert same_word("offset", words)
    assert same_word("box", words)
    assert not same_word("interruption", words)
    # The -ies and -ses plurals the fingerprints' rules know; "lens" is no plural of "len".
    assert same_word("strategy", frozenset({"strategies"}))
    assert same_word("strategies", frozenset({"strategy"}))
    assert same_word("analysis", frozenset({"analyses"}))
    assert not same_word("lens", frozenset({"len"}))


def test_a_word_named_in_an_identifier_is_never_a_finding() -> None:
    import detector

    prose = ("The driver reads the level from the data register and moves the backlight "
             "to the next brightness step when the reading crosses a threshold.")
    # As plain prose the words are judged as usual; with an identifier spelling
    # "brightness", no occurrence of it is a finding, nor its plural.
    text = prose + " The current value is kept in als_brightness_raw."
    spans = [f.text.lower() for f in detector.analyze(text).findings]
    assert not [s for s in spans if "brightness" in s]
    ev = detector.analyzer.evidence(text)
    named = [i for i, w in enumerate(ev.words) if w.norm == "brightness"]
    assert len(named) == 2
    assert set(named) <= set(ev.own_terms)


def test_a_listed_tortured_phrase_beside_an_identifier_is_still_found() -> None:
    import detector

    text = ("In this paper we use counterfeit consciousness to classify the images, with "
            "the code in consciousness_model.py.")
    assert [(f.text, f.rule) for f in detector.analyze(text).findings] == [
        ("counterfeit consciousness", "tortured-phrase")]


def test_function_words_are_never_own_terms() -> None:
    from detector.analyzer import evidence

    # "thes" (of thes_index) is "the" with an s: the article stays an ordinary word.
    ev = evidence("Within the index we keep thes_index for the thesaurus lookups.")
    assert not [ev.words[i].norm for i in ev.own_terms if ev.words[i].norm == "the"]
    assert "index" in {ev.words[i].norm for i in ev.own_terms}


_PATENT = (
    "FIG. 1 shows a monitoring apparatus 100. The apparatus 100 comprises a housing 102 "
    "and an information handling system 110 disposed in the housing 102. The information "
    "handling system 110 includes a processor 112a."
)


def test_a_patents_numbered_elements_give_their_names_words() -> None:
    """A patent names its elements before their reference numerals, the same way at every
    use ("an information handling system 110"): their words are its terms of art."""
    from detector.identifiers import numbered_element_words

    assert numbered_element_words(_PATENT, STOPWORDS) == {
        "monitoring", "apparatus", "housing", "information", "handling", "system",
        "processor"}


@pytest.mark.parametrize(
    "text",
    [
        # Numerals named once each: counts, not element labels.
        "The study recruited 120 participants. The team measured 45 samples, and the lab "
        "collected 300 questionnaires.",
        # Years, units, and names after a function word or a figure label.
        "the plan 2019 and the plan 2019, the rod 20 mm and the rod 20 mm, in FIG. 12 and "
        "FIG. 12, the line 40 and the line 40, the page 12 and the page 12",
        # Two numbered elements are not yet a patent's, nor three named again once.
        "a housing 102 and the housing 102, a strap 104 and the strap 104",
        "a housing 102 and the housing 102, a strap 104 and a bus 106",
    ],
)
def test_other_numbers_after_words_are_no_element_names(text: str) -> None:
    from detector.identifiers import numbered_element_words

    assert numbered_element_words(text, STOPWORDS) == frozenset()


def test_a_patents_element_names_are_never_findings() -> None:
    """A 100-word excerpt of a patent description was labelled spun on "apparatus"
    (-> setup) and "handling" (-> processing) (model card item 134)."""
    import detector

    report = detector.analyze(_PATENT)
    assert not [f for f in report.findings
                if f.text.lower() in ("apparatus", "handling", "information")]
