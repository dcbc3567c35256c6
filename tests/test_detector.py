"""The public API end to end: analyze, suggest, restore, on the shipped models."""

from __future__ import annotations

import json
import math
import re
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import detector
from bench import typing_variants

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not beside the checkout"
)


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _case(name: str, case_id: str) -> str:
    """The text of case ``case_id`` in ``tests/cases/{name}.jsonl``."""
    with (ROOT / "tests" / "cases" / f"{name}.jsonl").open(encoding="utf-8") as f:
        return next(r["text"] for r in map(json.loads, f) if r["id"] == case_id)


@pytest.fixture(scope="module")
def spun_example() -> str:
    return (EXAMPLES / "spun-news.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def natural_example() -> str:
    return (EXAMPLES / "natural-news.md").read_text(encoding="utf-8")


def test_examples_are_told_apart(spun_example: str, natural_example: str) -> None:
    spun = detector.analyze(spun_example)
    natural = detector.analyze(natural_example)
    assert natural.label == "natural" and not natural.findings
    # The spun example scores far above its original (0.95 vs 0.05 with model v1) but stays
    # under the strict shipped threshold; its findings point at the spun wording.
    assert spun.probability > 0.5 > natural.probability
    by_text = {f.text: f for f in spun.findings}
    assert by_text["Final yr"].suggestions[0] == "Last year"
    assert by_text["Two Thousands"].suggestions[0] == "2000s"


def test_report_is_immutable_and_json(spun_example: str) -> None:
    r = detector.analyze(spun_example)
    with pytest.raises(FrozenInstanceError):
        r.label = "natural"  # type: ignore[misc]
    d = json.loads(json.dumps(r.to_dict()))
    assert d["schema"] == detector.SCHEMA_VERSION
    assert d["label"] == r.label
    assert len(d["findings"]) == len(r.findings)
    assert {"start", "end", "line", "column", "suggestions", "evidence"} <= set(d["findings"][0])


def test_findings_point_into_the_text(spun_example: str) -> None:
    r = detector.analyze(spun_example)
    lines = spun_example.splitlines(keepends=True)
    prev_end = -1
    for f in r.findings:
        assert 0 <= f.start < f.end <= len(spun_example)
        assert spun_example[f.start : f.end] == f.text
        assert f.start >= prev_end, "findings must be sorted and must not overlap"
        prev_end = f.end
        # 1-based line and column locate the same character.
        assert lines[f.line - 1][f.column - 1 :].startswith(f.text.split("\n")[0])
        assert 0.0 <= f.score <= 1.0
        assert f.text not in f.suggestions
    for p in r.passages:
        assert 0.0 <= p.probability <= 1.0 and p.label in ("spun", "natural")


def test_windows_line_endings_change_nothing(spun_example: str, natural_example: str) -> None:
    # Read as one paragraph, a CRLF file had other passages and other findings (the spun
    # seed: 3 passages and 70 findings against 7 and 66).
    text = f"{spun_example}\n\n{natural_example}"
    lf = detector.analyze(text)
    crlf = detector.analyze(text.replace("\n", "\r\n"))
    assert len(lf.passages) > 1
    assert [(p.line, p.words, p.label, round(p.probability, 6)) for p in crlf.passages] == [
        (p.line, p.words, p.label, round(p.probability, 6)) for p in lf.passages]
    assert [(f.line, f.column, f.text, f.suggestions) for f in crlf.findings] == [
        (f.line, f.column, f.text, f.suggestions) for f in lf.findings]


# How a file spaces and encodes its words is no evidence: Windows line breaks, no-break
# spaces (web pages), tabs, spaces at line ends, ligatures (text copied out of a PDF),
# accents as combining characters (bench/typing_variants.py reads every case so). Each of
# these once changed an analysis: the a/an clash, the spintax rule and the acronym rule read
# only plain spaces, line blocks missed a Windows blank line, "ﬁnal yr" was no "final yr",
# "cafe\u0301" two tokens.
# Hard-wrapping is left out: an acronym's term and a spintax group end at a line break on
# purpose (detector/acronyms.py, detector/spintax.py), so those two cases read otherwise.
@pytest.mark.parametrize("variant", sorted(
    v for v in typing_variants.VARIANTS if not v.startswith("hard-wrapped")))
def test_how_words_are_typed_changes_nothing(variant: str) -> None:
    cases = typing_variants.texts()
    retyped = 0
    # (nf-genre-hiking-trail: a short line's length once counted its indentation;
    # kfp-docs-about-wording: a quoted wording's named original once had to be spaced so.)
    for case in ("f-spintax-template-left", "f-clinical-abstract-acronyms",
                 "f-story-election-count", "f-news-bridge-heavy", "nf-travel-guide",
                 "nf-genre-hiking-trail", "kfp-docs-about-wording"):
        text = cases[case]
        if variant == "straight quotes":  # the cases are typed straight: curl them first
            text = re.sub(r'"([^"\n]*)"', r"“\1”", re.sub(r"(?<=\w)'(?=\w)", "’", text))
        typed = typing_variants.VARIANTS[variant](text)
        retyped += typed != text
        assert typing_variants.reading(detector.analyze(typed)) == typing_variants.reading(
            detector.analyze(text)), case
    assert retyped


def test_tortured_phrases_are_found_and_restored() -> None:
    text = (
        "In this paper we apply counterfeit consciousness and profound learning to huge "
        "information gathered from sensor networks, and compare the results with an "
        "irregular woodland classifier trained on the same features."
    )
    r = detector.analyze(text)
    by_text = {f.text.lower(): f for f in r.findings}
    assert "counterfeit consciousness" in by_text
    assert by_text["counterfeit consciousness"].suggestions[0] == "artificial intelligence"
    assert by_text["counterfeit consciousness"].rule == "tortured-phrase"


def test_suggest_isolated_phrases() -> None:
    assert detector.suggest("counterfeit consciousness")[0] == "artificial intelligence"
    assert "last year" in detector.suggest("final yr")
    assert "Last year" in detector.suggest("Final yr")
    for phrase in ("profound learning", "stated", "Safety Council"):
        out = detector.suggest(phrase)
        assert out and phrase not in out


def test_phrase_ranker_matches_its_features() -> None:
    from detector.candidates import default
    from detector.classifier import phrase_ranker
    from detector.restorer import PHRASE_RANK_FEATURES, phrase_candidates, phrase_rank_vectors

    assert phrase_ranker().features == PHRASE_RANK_FEATURES
    gen = default()
    words, opts, gains, composed = phrase_candidates("irregular timberland", None, gen)
    x = phrase_rank_vectors(words, opts, gains, composed, gen)
    assert x.shape == (len(opts), len(PHRASE_RANK_FEATURES))
    assert np.isfinite(x).all()


def test_isolated_phrases_prefer_known_terms_over_frequent_words() -> None:
    # Neither phrase is a PPS row as written; each word's replacement is known, and the
    # rebuilt phrase is a known term, which the general-English n-grams barely know.
    assert detector.suggest("profound neural organizations")[0] == "deep neural networks"
    assert detector.suggest("sign to commotion proportion")[0] == "signal to noise ratio"
    # Known tortured phrases and number forms need no ranking.
    assert detector.suggest("irregular woodland")[0] == "random forest"
    assert detector.suggest("Nineteen Nineties")[0] == "1990s"


def test_inner_runs_of_a_phrase_are_replaced_as_a_whole() -> None:
    from types import SimpleNamespace

    from detector.candidates import CandidateGenerator
    from detector.fingerprints import SpinTable, learn_spin_table
    from detector.thesaurus import Thesaurus

    rows = [
        SimpleNamespace(phrase="malignant growth", expected="cancer", papers=100),
        SimpleNamespace(phrase="bosom", expected="breast", papers=10),
    ]
    spin = SpinTable(learn_spin_table(rows, related=lambda a, b: False))
    gen = CandidateGenerator(Thesaurus.from_pairs([("cat", "feline", 1.0, 1, "n")]), spin)
    texts = [o.text for o in gen.compose_pieces(["bosom", "malignant", "growth"])]
    assert texts[0] == "breast cancer"
    assert "bosom cancer" in texts
    # Products must replace a run of two or more words: word-by-word ones are compose()'s.
    assert all(len(t.split()) < 3 for t in texts)
    assert gen.compose_pieces(["malignant", "growth"]) == []  # the whole phrase is options()'s
    assert detector.suggest("bosom malignant growth")[0] == "breast cancer"


def test_a_number_form_is_suggested_in_context_too() -> None:
    assert detector.suggest("1000's of", "there were 1000's of people here") == ["thousands of"]
    assert detector.suggest("the 2 nations", "talks between the 2 nations failed")[0] == (
        "the two nations")


def test_suggest_uses_context() -> None:
    out = detector.suggest("Safety", context="on the agenda of the UN Safety Council.")
    assert out[0] == "Security"


def test_short_text_is_not_called_spun_for_lack_of_evidence() -> None:
    for text in ("Hello.", "The meeting is at noon.", "Thanks, see you tomorrow!", ""):
        r = detector.analyze(text)
        assert r.label == "natural", text


def test_other_languages_are_unsupported_never_spun() -> None:
    text = (
        "Der Stadtrat hat am Dienstag die Pläne für ein neues Fährterminal genehmigt. "
        "Damit endet ein Streit, der seit Anfang der zweitausender Jahre andauert. "
        "Die Vorsitzende sagte, das Projekt werde rund vierzig Millionen Euro kosten."
    )
    r = detector.analyze(text)
    assert r.label == "unsupported"
    assert r.probability == 0.0 and not r.findings


def test_a_passage_in_another_language_says_it_was_not_analysed() -> None:
    """A passage the language test sets aside is labelled unsupported, and the report says
    so: its reason, and a note that ``check`` prints (a probe's ramen menu, 2026-12-06, had
    its menu passage go unread with no word of why)."""
    english = (
        "The city council approved plans for a new ferry terminal on Tuesday, ending a dispute "
        "that began in the early 2000s. The chair said the project would cost about forty "
        "million euros and that work would start next spring, once the harbour survey is done."
    )
    german = (
        "Der Stadtrat hat am Dienstag die Pläne für ein neues Fährterminal genehmigt. Damit "
        "endet ein Streit, der seit Anfang der zweitausender Jahre andauert. Die Vorsitzende "
        "sagte, das Projekt werde rund vierzig Millionen Euro kosten, und die Arbeiten würden "
        "im nächsten Frühjahr beginnen, sobald die Untersuchung des Hafens abgeschlossen sei."
    )
    # Paragraphs this long are passages of their own (short ones are grouped).
    r = detector.analyze("\n\n".join([english * 2, german * 3, english * 2]))
    foreign = [p for p in r.passages if p.label == "unsupported"]
    assert len(foreign) == 1 and foreign[0].line == 3
    assert foreign[0].reason == "not analysed: does not look like English"
    assert foreign[0].to_dict()["reason"] == foreign[0].reason
    assert "1 passage does not look like English; not analysed" in r.notes
    assert all(p.reason is None for p in r.passages if p.label != "unsupported")


@pytest.mark.parametrize("text", [
    "Der schnelle braune Fuchs springt über den faulen Hund und läuft weiter in den Wald.",
    "El rápido zorro marrón salta sobre el perro perezoso y corre hacia el bosque.",
    "Le conseil municipal a rejeté le premier projet du nouveau pont cette année.",
    "Il consiglio comunale ha respinto il primo progetto del nuovo ponte questa settimana.",
])
def test_a_short_sentence_in_another_language_is_unsupported(text: str) -> None:
    """Under twenty words the function-word share is no test (headlines lack English ones),
    and the lexicon knows "der", "fuchs" and "wald": foreign function words decide."""
    assert detector.analyze(text).label == "unsupported"


@pytest.mark.parametrize("text", [
    "Los Angeles, El Paso, San Diego, Santa Fe, Las Vegas, La Jolla and Des Moines",
    "Apple Unveils New iPhone Models With Faster Chips, Better Cameras, Longer Battery Life",
    "Smith et al. and Jones et al. measured van der Waals forces in 2020",
])
def test_a_short_english_text_with_foreign_names_is_english(text: str) -> None:
    assert detector.analyze(text).language == "en"


def test_allowed_phrases_are_not_reported(spun_example: str) -> None:
    r = detector.analyze(spun_example)
    target = r.findings[0].text
    again = detector.analyze(spun_example, allowed=[target])
    assert all(f.text.lower() != target.lower() for f in again.findings)


def test_threshold_override(spun_example: str) -> None:
    assert detector.analyze(spun_example, threshold=1.0).label == "natural"
    assert detector.analyze(spun_example, threshold=0.0).label == "spun"


def test_a_restore_threshold_given_holds_for_every_rule() -> None:
    text = ("The UN Safety Council stated final yr that the battle had brought on tens of "
            "hundreds lifeless, and counterfeit consciousness was used.")
    found = {f.rule: f.score for f in detector.analyze(text).findings}
    assert {"number-form", "tortured-phrase"} <= found.keys()
    assert max(found["number-form"], found["tortured-phrase"]) < 0.99
    assert detector.restore(text, threshold=0.99) == text  # "final yr" scores 0.85
    default = detector.restore(text)  # tortured phrases and number forms from 0.8
    assert "last year" in default and "artificial intelligence" in default


def test_restore_brings_wording_back_and_is_idempotent(spun_example: str) -> None:
    restored = detector.restore(spun_example)
    assert restored != spun_example
    assert re.search(r"\blast year\b", restored, re.I)
    assert detector.restore(restored) == restored
    assert detector.analyze(restored).probability < detector.analyze(spun_example).probability


def test_restore_leaves_natural_text_alone(natural_example: str) -> None:
    assert detector.restore(natural_example) == natural_example


@needs_seeds
def test_spun_seed_is_flagged_with_most_substitutions_found() -> None:
    text = seed("001")
    r = detector.analyze(text)
    assert r.label == "spun"
    assert r.probability >= 0.95
    # The shipped models find 50 of the seed's 124 judged substitutions (bench/quality.py),
    # in 59 findings.
    assert len(r.findings) >= 40
    assert any(p.label == "spun" for p in r.passages)
    suggestions = {f.text: f.suggestions[0] for f in r.findings}
    assert suggestions["final yr"] == "last year"
    assert suggestions["Final yr"] == "Last year"
    assert suggestions["The 2"] == "The two"
    assert suggestions["Nineteen Nineties"] == "1990s"
    assert suggestions["tens of hundreds"] == "tens of thousands"


@needs_seeds
def test_natural_seed_is_cleared() -> None:
    r = detector.analyze(seed("000"))
    assert r.label == "natural"
    assert all(p.label == "natural" for p in r.passages)
    # The targets are p <= 0.05 and <= 0.3 findings per 100 words; the shipped model
    # gives p of about 0.06-0.1 and no findings (bench/quality.py), so this guards the label
    # and bounds the findings at 1 per 100 words.
    assert len(r.findings) / r.words * 100 <= 1.0


def test_phrasal_verbs_and_weak_gains_are_not_reported() -> None:
    from detector.features import MIN_FINDING_GAIN, PARTICLES

    text = (
        "She said she would be staying on until the work is finished later on this year. "
        "The board promised to sort out the disputes, and volunteers kept turning up to help."
    )
    r = detector.analyze(text)
    for f in r.findings:
        assert f.text.lower().rsplit(" ", 1)[-1] not in PARTICLES, f
        if f.rule == "substitution":
            assert dict(f.evidence)["gain"] >= MIN_FINDING_GAIN, f


def test_everyday_multiword_expressions_and_acronyms_are_not_reported() -> None:
    text = (
        "First of all, bear in mind that the rank and file never liked the plan. From their "
        "point of view, a couple of the proposals would have cut overtime, and the old rota is "
        "still in use. The manager, who appeared on local TV on Thursday, wants workers to play "
        "a role in drafting the timetable."
    )
    found = {f.text.lower() for f in detector.analyze(text).findings}
    for phrase in ("first of all", "bear in mind", "rank and file", "point of view",
                   "a couple of", "in use", "tv", "play a role"):
        assert phrase not in found, phrase


def test_one_passage_over_the_threshold_does_not_make_a_long_text_spun() -> None:
    from detector.analyzer import document_probability

    # Seven natural passages, one of which crosses the threshold by chance: the text's own
    # score decides. Two passages over it are not chance.
    assert document_probability(0.08, [0.99, 0.3, 0.2, 0.1, 0.1, 0.05, 0.05], 0.98) == 0.08
    assert document_probability(0.08, [0.99, 0.985, 0.2], 0.98) == 0.985
    assert document_probability(0.97, [0.99, 0.3], 0.98) == 0.97
    assert document_probability(0.4, [], 0.98) == 0.4
    # Natural passages' scores below the threshold do not raise the text's probability.
    assert document_probability(0.1, [0.6, 0.5, 0.2], 0.98) == 0.1


def test_two_different_findings_corroborate_a_passage() -> None:
    from detector.analyzer import (
        PASSAGE_CORROBORATION,
        SENTENCE_CORROBORATION,
        TEXT_CORROBORATION,
        corroborated,
        document_probability,
    )

    raised = PASSAGE_CORROBORATION.probability
    assert corroborated(0.5, 1) == 0.5
    assert corroborated(0.5, 2) == raised
    assert corroborated(0.9999, 5) == 0.9999
    # A sentence needs three.
    assert corroborated(0.5, 2, SENTENCE_CORROBORATION) == 0.5
    assert corroborated(0.5, 3, SENTENCE_CORROBORATION) == SENTENCE_CORROBORATION.probability
    # A text is not raised by a count, only through its passages: one corroborated passage
    # among several is one passage over the threshold, which chance may explain; two are
    # not chance, and a text of one passage is that passage.
    assert corroborated(0.5, 9, TEXT_CORROBORATION) == 0.5
    assert document_probability(0.4, [raised], 0.98) == raised
    assert document_probability(0.4, [raised, 0.3, 0.2], 0.98) == 0.4
    assert document_probability(0.4, [raised, raised, 0.2], 0.98) == raised


def test_a_window_with_one_wording_to_show_is_not_labelled_spun(monkeypatch) -> None:
    from detector import analyzer
    from detector.analyzer import (
        LONE_FINDING_P,
        PASSAGE_CORROBORATION,
        SENTENCE_CORROBORATION,
        TEXT_CORROBORATION,
        corroborated,
    )
    from detector.classifier import models

    assert models().threshold > LONE_FINDING_P
    for rule in (PASSAGE_CORROBORATION, SENTENCE_CORROBORATION, TEXT_CORROBORATION):
        assert corroborated(0.999, 1, rule) == LONE_FINDING_P
        assert corroborated(0.6, 1, rule) == 0.6
    # Through analyze: an encyclopedia article's British "flood defence scheme" was a lone
    # finding ("scheme" -> system, 0.971) whose sentence the passage model reads over the
    # threshold (model card item 175); the sentence is held, not labelled spun on one word.
    # Since item 182 a word alone needs 0.99, so the old bar is put back to show the hold.
    text = _case("must_not_flag", "nf-encyclopedia-river-flood-defence-scheme")
    assert detector.analyze(text).findings == ()
    monkeypatch.setattr(analyzer, "UNSUPPORTED_FINDING_MIN_P", 0.97)
    report = detector.analyze(text)
    assert [f.text for f in report.findings] == ["scheme"]
    held = [s for s in report.sentences if s.start <= report.findings[0].start < s.end]
    assert [(s.probability, s.label, s.reason) for s in held] == [
        (LONE_FINDING_P, "natural", "held: one wording found")]
    # An ignored rule's findings were still found: two wordings, one of them ignored, are
    # not a window with a single wording to show.
    assert corroborated(0.999, 1, PASSAGE_CORROBORATION, found=2) == 0.999


def test_a_window_without_findings_is_not_labelled_spun() -> None:
    from detector.analyzer import (
        PASSAGE_CORROBORATION,
        SENTENCE_CORROBORATION,
        TEXT_CORROBORATION,
        corroborated,
    )

    for rule in (PASSAGE_CORROBORATION, SENTENCE_CORROBORATION, TEXT_CORROBORATION):
        assert rule.unconfirmed < 0.9
        assert corroborated(0.999, 0, rule) == rule.unconfirmed
        assert corroborated(0.2, 0, rule) == 0.2
        assert corroborated(0.999, 2, rule) == 0.999
    # Through analyze: a natural recipe that the passage model scores 0.94 has no finding;
    # judged at a threshold of 0.85, it is held to 0.79 and not labelled spun.
    text = _case("must_not_flag", "nf-recipe-soup")
    report = detector.analyze(text, threshold=0.85)
    assert not report.findings
    assert [p.probability for p in report.passages] == [PASSAGE_CORROBORATION.unconfirmed]
    assert report.probability == TEXT_CORROBORATION.unconfirmed
    assert report.label == "natural" and all(p.label == "natural" for p in report.passages)
    assert all(s.probability <= SENTENCE_CORROBORATION.unconfirmed for s in report.sentences)


def test_ignored_rules_do_not_raise_a_passage_but_do_not_empty_it() -> None:
    from detector.analyzer import PASSAGE_CORROBORATION

    # The newswire crime report: nine substitution findings raise its passage (model score
    # 0.986) to 0.995. With substitutions ignored nothing raises it; the substitutions were
    # still found, so the score is not held to 0.79 either.
    text = _case("must_flag", "f-crime-newswire")
    (raised,) = detector.analyze(text).passages
    (plain,) = detector.analyze(text, ignore=["substitution"]).passages
    assert raised.probability == PASSAGE_CORROBORATION.probability and raised.label == "spun"
    assert PASSAGE_CORROBORATION.unconfirmed < plain.probability < raised.probability
    assert plain.label == "natural" and plain.findings == 0


def test_a_fields_compound_holding_its_candidate_is_found_only_in_spun_passages() -> None:
    # "free energy" (-> energy, one WordNet synset) in a biochemistry note whose passage
    # reads natural (0.94) named the quantity, and with "a great deal of" raised the passage
    # to spun (model card item 234).
    natural = detector.analyze(_case("must_not_flag", "nf-greek-symbols-gibbs-energy-coupling"))
    assert all(p.label == "natural" for p in natural.passages)
    assert not [f for f in natural.findings if "energy" in f.text.lower()]
    # In a passage that reads spun by itself (a hand-spun phone review) the same wording,
    # put in, is still a finding.
    spun = _case("must_flag", "f-tech-phone-heavy").replace(
        "improved considerably", "improved considerably, because the chip wastes less free "
        "energy as warmth")
    report = detector.analyze(spun)
    assert report.label == "spun"
    assert [f.suggestions[0] for f in report.findings if f.text == "free energy"] == ["energy"]


def test_distinct_findings_count_wordings_not_occurrences() -> None:
    from detector.analyzer import distinct_findings
    from detector.report import Finding

    def at(start: int, text: str) -> Finding:
        return Finding(start, start + len(text), 1, start + 1, text, "substitution", 0.9, (), ())

    findings = [at(0, "final yr"), at(20, "Final yr"), at(40, "knowledgeable"), at(90, "lively")]
    assert distinct_findings(findings, 0, 80) == 2
    assert distinct_findings(findings, 0, 30) == 1
    assert distinct_findings(findings, 30, 100) == 2
    # A line break inside a phrase does not make it another wording.
    wrapped = [at(0, "complex number"), at(30, "Complex\nnumber"), at(60, "complex  number")]
    assert distinct_findings(wrapped, 0, 100) == 1


def test_a_passage_the_passage_model_leaves_is_labelled_spun_by_its_findings() -> None:
    from detector.analyzer import PASSAGE_CORROBORATION, distinct_findings

    # A hand-written newswire rewrite (must_flag.jsonl) whose passage score alone stays
    # under the threshold: its nine findings carry the passage, and the passage is the
    # whole text (document_probability): the text is labelled as its passage is.
    text = _case("must_flag", "f-crime-newswire")
    report = detector.analyze(text)
    (passage,) = report.passages
    assert distinct_findings(report.findings, passage.start, passage.end) >= 2
    assert passage.probability == PASSAGE_CORROBORATION.probability
    assert passage.label == "spun"
    assert report.label == "spun" and report.probability == passage.probability
    # Sentences need three different findings: its sentence with three is spun, the two
    # with two are not.
    by_count: dict[int, list[str]] = {}
    for sentence in report.sentences:
        distinct = distinct_findings(report.findings, sentence.start, sentence.end)
        by_count.setdefault(distinct, []).append(sentence.label)
    assert by_count[3] == ["spun"]
    assert by_count[2] == ["natural", "natural"]


# Written for these tests: an editor's note that ends by quoting a spun story.
NATURAL_PARAGRAPHS = """\
Every morning the night editor leaves a list of the stories that came in from partner sites
overnight. Most of them are fine: wire copy that a local paper has trimmed, a council report
rewritten for a general reader, a sports result with a few quotes added. A handful each week
are not, and the desk has learned to spot them before they reach the website.

The first sign is usually the headline. Partner sites that lift stories wholesale tend to keep
the original structure and change the words, so the headline reads like a translation of a
headline. The second sign is the names of institutions. A writer who knows the subject never
calls the Security Council anything else, and a sub-editor would catch it if they did.

Since then we have changed two things. Syndicated stories now go through the same checks as
our own reporting, which means a second reader looks at every piece before it is published,
however short. And when a partner sends us a story that reads oddly, we ask for the source
they worked from. Most partners send it the same day; the ones who cannot are the ones we
stop taking copy from.

None of this is new. Editors have always compared copy against its sources, and the habits
that catch a careless rewrite are the same ones that catch a misquoted figure or a wrong
date. What has changed is the volume. A single person can now publish hundreds of rewritten
stories a day, and a desk of four cannot read them all closely. That is why we are trialling
automated checks on the overnight list, with a person making the final call on each story.

Here is one story we turned down last month, exactly as it reached us."""


def _quoting_spun_story() -> str:
    """The editor's note, then the spun example story's paragraphs (its heading dropped)."""
    story = (EXAMPLES / "spun-news.md").read_text(encoding="utf-8").split("\n", 2)[2]
    return NATURAL_PARAGRAPHS + "\n\n" + story.strip()


def test_a_text_spun_in_one_place_is_judged_by_the_rest() -> None:
    from detector.analyzer import document_probability

    # One passage over the threshold of three: fewer than chance needs. The whole text
    # scores 0.995 only because of it; without it, the text reads as natural (0.3).
    assert document_probability(0.995, [0.999, 0.5, 0.4], 0.98, rest=0.3) == 0.3
    # The rest is not clearly natural, or is spun too: the whole text's score stands.
    assert document_probability(0.995, [0.999, 0.5, 0.4], 0.98, rest=0.6) == 0.995
    assert document_probability(0.995, [0.999, 0.5, 0.4], 0.98, rest=0.99) == 0.995
    # Enough passages over the threshold: the rest does not matter.
    assert document_probability(0.995, [0.999, 0.99, 0.4], 0.98, rest=0.3) == 0.995


def test_a_spun_text_with_a_natural_line_at_its_end_is_still_spun() -> None:
    story = (EXAMPLES / "spun-news.md").read_text(encoding="utf-8").split("\n", 2)[2]
    paragraph = " ".join(story.split())
    # One long spun paragraph (the story twice), then a natural line as a passage of its own:
    # the rest of the text reads as natural, but it is a line, not a text around the story.
    text = (f"{paragraph} {paragraph}\n\nThe council meets again in March to discuss next "
            "year's budget, and residents may write to it before then.\n")
    rep = detector.analyze(text)
    assert [p.label for p in rep.passages] == ["spun", "natural"]
    assert rep.label == "spun"


def test_vector_of_a_mask_is_the_window_it_selects() -> None:
    from detector.analyzer import evidence
    from detector.features import PassageEvidence

    ev = evidence(_quoting_spun_story())
    windows = PassageEvidence(ev, np.linspace(0.0, 1.0, len(ev.words)))
    n = len(ev.words)
    keep = np.zeros(n, dtype=bool)
    keep[5:40] = True
    assert windows.vector_of(keep) == windows.vector(5, 40)
    assert windows.vector_of(np.ones(n, dtype=bool)) == windows.vector(0, n)


def test_a_natural_text_around_one_spun_passage() -> None:
    """A natural text that quotes one spun passage (an editor's write-up, a paper on
    tortured phrases): the spun passage is reported, the writer's own passages are not put
    in spun company, so their topic words are not accused."""
    rep = detector.analyze(_quoting_spun_story())
    spun = [p for p in rep.passages if p.label == "spun"]
    assert spun, "the quoted spun passage is reported"
    outside = [f.text for f in rep.findings
               if not any(p.start <= f.start < p.end for p in spun)]
    assert outside == []
    # Its rest reads as natural, and one spun passage is fewer than chance needs.
    assert rep.label == "natural"


def test_a_long_text_needs_more_spun_passages_than_chance_explains() -> None:
    from detector.analyzer import document_probability, spun_passages_needed

    # Up to ten passages, two over the threshold are not chance (the rule above).
    assert [spun_passages_needed(n) for n in (2, 7, 10)] == [2, 2, 2]
    # One passage is the text: its label is the text's.
    assert spun_passages_needed(1) == 1
    assert document_probability(0.984, [0.995], 0.988) == 0.995
    assert document_probability(0.984, [0.95], 0.988) == 0.984
    # A 10,000-word paper has ~80 passages: two or four crossing the threshold is chance.
    assert spun_passages_needed(80) == 5
    natural = [0.99, 0.987] + [0.3] * 78
    assert document_probability(0.64, natural, 0.984) == 0.64
    assert document_probability(0.64, [0.999, 0.99, 0.99, 0.988] + [0.3] * 76, 0.984) == 0.64
    # Five are not, and the weakest of the five needed sets the probability.
    spun = [0.999, 0.99, 0.99, 0.988, 0.986] + [0.3] * 75
    assert document_probability(0.64, spun, 0.984) == 0.986
    # The count needed grows with length, monotonically.
    needed = [spun_passages_needed(n) for n in range(1, 400)]
    assert needed == sorted(needed)


def test_report_probability_follows_the_document_rule() -> None:
    text = (Path(__file__).resolve().parents[1] / "examples" / "spun-news.md").read_text(
        encoding="utf-8"
    )
    long_text = "\n\n".join([text] * 4)
    r = detector.analyze(long_text)
    scores = sorted(p.probability for p in r.passages if p.label != "unsupported")
    assert len(scores) > 1
    if scores[-2] >= r.threshold:
        assert r.probability >= scores[-2]
    whole = detector.analyze(long_text, threshold=1.0)  # nothing reaches it: the text's own score
    assert whole.probability <= r.probability
    assert (r.label == "spun") == (r.probability >= r.threshold)


def test_a_substitution_without_spun_company_needs_a_higher_score(
    spun_example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detector import analyzer

    supported = [f for f in detector.analyze(spun_example).findings if f.rule == "substitution"]
    # No text looks spun enough to support a claim: only the confident findings remain.
    monkeypatch.setattr(analyzer, "FINDING_SUPPORT_P", 1.01)
    alone = [f for f in detector.analyze(spun_example).findings if f.rule == "substitution"]
    assert all(f.score >= analyzer.UNSUPPORTED_FINDING_MIN_P for f in alone)
    assert {f.text for f in alone} <= {f.text for f in supported}
    assert any(f.score < analyzer.UNSUPPORTED_FINDING_MIN_P for f in supported)


def test_within_the_alone_is_not_a_finding() -> None:
    # Natural uses of a phrasebook phrase, each of which scored 0.95-0.97 alone.
    for text in ("Tension is rising within the party after the vote.",
                 "Most partners send it within the hour; the rest we stop taking copy from.",
                 "The manufacture of arms within the United States still invites attention."):
        assert [f.text for f in detector.analyze(text).findings] == [], text


def test_an_idiom_alone_is_not_a_finding() -> None:
    # "deep in thought" scored 0.98 alone (reported until model card item 38); idioms are
    # English phrases before they are anyone's substitutions.
    for text in ("The old man sat deep in thought until the train pulled in.",
                 "She had been very quiet of late, and in all probability she was tired."):
        report = detector.analyze(text)
        assert report.label == "natural" and [f.text for f in report.findings] == [], text


def test_older_registers_own_words_alone_are_not_findings() -> None:
    # Each of these words scored 0.95-0.97 alone, in State of the Union addresses.
    for text in ("The bill was not acted upon, as is supposed, for want of time.",
                 "Any inadequacy in the provisions for the wants of the Treasury might be "
                 "supplied by a loan.",
                 "No establishment shall be made under the authority of the said States "
                 "without the consent of Congress."):
        assert [f.text for f in detector.analyze(text).findings] == [], text


def test_a_listed_phrase_alone_needs_a_higher_score_than_a_word() -> None:
    # "within the", "free of charge", "in use", "right this moment": phrases a writer
    # chooses far more often than a spinner produces them; the thesauri's idioms and the
    # phrasebook's phrases are never reported alone. Word-by-word products ("Safety
    # Council") are not listed.
    from detector import analyzer
    from detector.candidates import Option
    from detector.features import SPAN_FEATURES, Span
    from detector.thesaurus import PHRASEBOOK

    values = tuple(0.0 for _ in SPAN_FEATURES)

    def span(n_words: int, flags: int = 0, composed: bool = False) -> Span:
        return Span(0, n_words, 0, 10, "x", (Option("y", 1.0, flags),), (2.0,), 0, values,
                    composed)

    word = analyzer._alone_bar(span(1), 0.7)
    assert word == analyzer.UNSUPPORTED_FINDING_MIN_P
    assert analyzer._alone_bar(span(3), 0.7) > 1.0  # an idiom: only in spun company
    assert analyzer._alone_bar(span(2, composed=True), 0.7) == word
    # A phrasebook phrase neither (model card item 136: "right this moment" in speech).
    assert analyzer._alone_bar(span(3, flags=PHRASEBOOK), 0.7) > 1.0
    # In spun company the same split: idioms need the multiword bar.
    assert analyzer._context_bar(span(3), 0.66) == analyzer.MULTIWORD_FINDING_MIN_P
    assert analyzer._context_bar(span(3, flags=PHRASEBOOK), 0.66) == 0.66


def test_a_small_number_in_digits_is_a_finding_only_in_spun_company(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from detector import analyzer

    text = "Our 4 kids love this recipe, and it only takes twenty minutes to make."
    assert not [f for f in detector.analyze(text).findings if f.rule == "number-form"]
    monkeypatch.setattr(analyzer, "FINDING_SUPPORT_P", 0.0)  # every text counts as spun
    found = [f for f in detector.analyze(text).findings if f.rule == "number-form"]
    assert [(f.text, f.suggestions[:1]) for f in found] == [("4", ("four",))]


def test_acronyms_are_never_substitution_findings() -> None:
    from detector.analyzer import reportable
    from detector.candidates import Option
    from detector.features import SPAN_FEATURES, Span

    values = tuple(5.0 if name == "gain" else 0.0 for name in SPAN_FEATURES)

    def span(text: str) -> Span:
        return Span(0, 1, 0, len(text), text.lower(), (Option("television", 1.0, 0),), (5.0,),
                    0, values)

    assert not reportable(span("TV"), "TV")
    assert reportable(span("telly"), "telly")


def test_a_passage_lends_spun_company_only_when_labelled_spun(spun_example: str) -> None:
    """Between FINDING_SUPPORT_P and the threshold a passage of a natural text is natural, and
    so is its words' company: natural manuals and papers score there, and their topic words
    were accused."""
    from detector.analyzer import FINDING_SUPPORT_P, evidence, score_windows
    from detector.tokens import passage_spans

    class PassagesAt:
        """Scores every window ``p`` but the longest (the whole text), which reads natural."""

        def __init__(self, p: float) -> None:
            self.p = p

        def predict(self, x: np.ndarray) -> np.ndarray:
            n_words = x[:, 0]  # log1p of the window's words
            return np.where(n_words == n_words.max(), 0.1, self.p)

    text = f"{spun_example}\n{spun_example}"
    assert len(passage_spans(text)) > 1
    ev = evidence(text)
    threshold = 0.99
    below = (FINDING_SUPPORT_P + threshold) / 2
    model: Any = PassagesAt(below)
    assert not score_windows(ev, threshold, model).in_company.any()
    model = PassagesAt(threshold)
    assert score_windows(ev, threshold, model).in_company.any()
    # A threshold under the floor (``--threshold 0.9``) does not lower the bar.
    model = PassagesAt(0.95)
    assert not score_windows(ev, 0.9, model).in_company.any()


def test_a_text_is_spun_throughout_only_on_sharp_evidence(
    spun_example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text of several passages scoring FINDING_SUPPORT_P lends its words spun company only
    when enough of its words are sharply odd for its high-gain ones (model card, item 80);
    a text of one passage is judged by its score alone."""
    from detector import analyzer
    from detector.tokens import passage_spans

    class All:
        def predict(self, x: np.ndarray) -> np.ndarray:
            return np.full(len(x), 0.985)  # spun text, no passage labelled spun

    long_text = f"{spun_example}\n{spun_example}"
    assert len(passage_spans(long_text)) > 1 and len(passage_spans(spun_example)) == 1
    model: Any = All()
    long_ev, short_ev = analyzer.evidence(long_text), analyzer.evidence(spun_example)
    assert analyzer.score_windows(long_ev, 0.99, model).in_company.all()
    monkeypatch.setattr(analyzer, "SPUN_TEXT_SHARP_SHARE", 1e9)
    assert not analyzer.score_windows(long_ev, 0.99, model).in_company.any()
    assert analyzer.score_windows(short_ev, 0.99, model).in_company.all()


def test_a_report_says_when_a_long_text_s_own_score_was_read_down(
    spun_example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detector import analyzer

    text = f"{spun_example}\n{spun_example}"
    assert not detector.analyze(text).notes
    monkeypatch.setattr(analyzer, "SPUN_TEXT_SHARP_SHARE", 1e9)
    (note,) = detector.analyze(text).notes
    assert note.startswith(analyzer.UNSHARP_NOTE) and note.endswith(
        f"read as {analyzer.UNSHARP_TEXT_P}")
    assert not detector.analyze(spun_example).notes  # one passage: its score stands


def test_a_long_text_without_sharp_evidence_is_not_spun_by_its_own_score(
    spun_example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its whole-text score is read as at most UNSHARP_TEXT_P; its passages still count."""
    from detector import analyzer

    class WholeText:
        """Scores the longest window (the whole text) ``whole``, every other ``other``."""

        def __init__(self, whole: float, other: float) -> None:
            self.whole, self.other = whole, other

        def predict(self, x: np.ndarray) -> np.ndarray:
            n_words = x[:, 0]
            return np.where(n_words == n_words.max(), self.whole, self.other)

    ev = analyzer.evidence(f"{spun_example}\n{spun_example}")
    model: Any = WholeText(0.995, 0.5)
    assert analyzer.score_windows(ev, 0.99, model).probability == 0.995
    monkeypatch.setattr(analyzer, "SPUN_TEXT_SHARP_SHARE", 1e9)
    sc = analyzer.score_windows(ev, 0.99, model)
    assert sc.whole_text == sc.probability == analyzer.UNSHARP_TEXT_P < analyzer.FINDING_SUPPORT_P
    # Two passages over the threshold make the text spun, but not spun company throughout.
    sc = analyzer.score_windows(ev, 0.99, WholeText(0.5, 0.995))  # type: ignore[arg-type]
    assert sc.probability == 0.995
    assert sc.in_company.all()  # its passages are labelled spun: company of their own


def test_a_tortured_phrase_does_not_make_spun_company_of_its_neighbours() -> None:
    # One paraphrased phrase in a human-written abstract: the phrase is reported, and the
    # abstract's own words are not (before model card item 41: "yield", "study", "boosting"
    # twice, in a text labelled spun by the tortured phrase).
    text = ("Accurate yield forecasts help farmers and insurers plan ahead. In this paper we "
            "study whether counterfeit consciousness methods can predict wheat yield from "
            "multispectral satellite images collected during the growing season. We collected "
            "images of 1,240 fields in three regions over four seasons and matched them with "
            "the yields reported by the farmers.\n\nWe compare a random forest, gradient "
            "boosting and a convolutional neural network trained on image patches. The network "
            "reaches the lowest error, but the gradient boosting model is close behind and far "
            "cheaper to train.")
    report = detector.analyze(text)
    assert [(f.text, f.rule) for f in report.findings] == [
        ("counterfeit consciousness", "tortured-phrase")
    ]
    assert report.findings[0].suggestions[0] == "artificial intelligence"


def test_listed_phrases_alone_do_not_raise_a_passage_that_reads_natural_without_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A nursing introduction whose "oral tract" and "malignant growth" are on the screener's
    # list (model card item 142): both are reported, but its passage reads 0.09 without them
    # and keeps the passage model's score instead of the 0.995 two findings would give it.
    from detector import analyzer

    text = _case("must_not_flag", "nf-paper-listed-nursing-intro")
    report = detector.analyze(text)
    listed = {f.text.lower() for f in report.findings if f.rule == "tortured-phrase"}
    assert {"oral tract", "malignant growth"} <= listed
    assert all(f.rule == "tortured-phrase" for f in report.findings)
    assert report.label == "natural"
    assert all(p.label == "natural" for p in report.passages)
    assert all(p.probability < analyzer.PASSAGE_CORROBORATION.probability
               for p in report.passages)
    # The rules are what clear it (this one, and item 151's: "malignant growth" is a listed
    # phrase general English writes, which raises no window).
    monkeypatch.setattr(analyzer, "LISTED_RAISE_P", 0.0)
    monkeypatch.setattr(analyzer, "_is_everyday", lambda f: False)
    raised = detector.analyze(text)
    assert any(p.label == "spun" for p in raised.passages)
    # A blog lightly spun around its listed phrase (0.58 without it, 0.97 with it) is still
    # raised by its findings.
    monkeypatch.undo()
    spun = _case("must_flag", "f-tech-blog-tortured-light")
    assert [p.probability for p in detector.analyze(spun).passages] == [
        analyzer.PASSAGE_CORROBORATION.probability]


def test_the_context_model_reads_spun_company(spun_example: str) -> None:
    """The same spans score higher with their real (spun) company than with a calm one."""
    from detector.analyzer import FINDING_SUPPORT_P, evidence, score_windows, supported_spans
    from detector.classifier import models
    from detector.features import CONTEXT_FEATURES, context_matrix

    m = models()
    ev = evidence(spun_example)
    sc = score_windows(ev, m.threshold)
    ks = supported_spans(ev, sc)
    assert len(ks) > 10
    assert all(sc.in_company[ev.spans[k].first] for k in ks)
    x = context_matrix(ev, sc.windows, sc.support, sc.word_passage_p, sc.probability, ks)
    calm = x.copy()
    for name in ("passage_p", "text_p", "near_mean_p", "near_frac_p50", "near_top3_p"):
        calm[:, CONTEXT_FEATURES.index(name)] = 0.0
    calm[:, CONTEXT_FEATURES.index("support")] = FINDING_SUPPORT_P
    assert m.context.predict(x).mean() > m.context.predict(calm).mean() + 0.05


def test_thesaurus_idioms_need_a_higher_context_score_than_phrasebook_phrases() -> None:
    from detector.analyzer import MULTIWORD_FINDING_MIN_P, _context_bar
    from detector.candidates import Option
    from detector.features import Span
    from detector.thesaurus import MOBY, PHRASEBOOK

    def span(flags: int, composed: bool = False) -> Span:
        return Span(2, 6, 7, 26, "for the reason that", (Option("since", 1.0, flags),), (2.0,),
                    0, (), composed)

    assert _context_bar(span(MOBY), 0.67) == MULTIWORD_FINDING_MIN_P
    assert _context_bar(span(PHRASEBOOK), 0.67) == 0.67
    assert _context_bar(span(MOBY, composed=True), 0.67) == 0.67
    assert _context_bar(span(MOBY), 0.85) == 0.85


def test_a_candidate_written_nearby_is_counted() -> None:
    """Spinners replace a word everywhere: "said" written elsewhere by the same hand is
    evidence that "stated" was the writer's choice."""
    from detector.features import SPAN_FEATURES, extract

    nearby = SPAN_FEATURES.index("cand_nearby")

    def stated(text: str) -> list[float]:
        return [s.values[nearby] for s in extract(text).spans
                if s.observed == "stated" and s.best_option.text == "said"]

    spun = stated("The minister stated the talks would go on. Her deputy stated the same.")
    assert spun == [0.0, 0.0]
    natural = stated("The minister stated the talks would go on. Her deputy said the same, and "
                     "officials said nothing else.")
    assert natural == [pytest.approx(np.log1p(2))]


def test_the_context_model_sees_how_a_wording_fares_across_the_text() -> None:
    """Spinners are dictionaries: their wording is claimable wherever it occurs and the word
    it replaced is missing from the text."""
    from detector.analyzer import evidence
    from detector.features import CONTEXT_FEATURES, SPAN_FEATURES, _TypeStats, claimable

    names = CONTEXT_FEATURES[-5:]
    assert names == ("type_occurrences", "type_claimable_share", "type_mean_gain",
                     "type_max_other_p", "best_in_text")
    gain = SPAN_FEATURES.index("gain")

    def rows(text: str) -> list[dict[str, float]]:
        ev = evidence(text)
        stats = _TypeStats(ev)
        ks = [k for k, s in enumerate(ev.spans) if s.observed == "stated" and claimable(s)]
        assert ks
        return [dict(zip(names, stats.row(k), strict=True)) | {"p": float(ev.span_p[k]),
                "gain": ev.spans[k].values[gain]} for k in ks]

    spun = rows("The minister stated the talks would go on. Her deputy stated the same. "
                "The embassy stated that it had no comment.")
    assert len(spun) == 3
    for r in spun:
        assert r["type_occurrences"] == pytest.approx(2.0)  # log2(1 + 3)
        assert r["type_claimable_share"] == 1.0
        assert r["type_mean_gain"] == pytest.approx(sum(x["gain"] for x in spun) / 3)
        assert r["type_max_other_p"] == max(x["p"] for x in spun if x is not r)
        assert r["best_in_text"] == 0.0
    natural = rows("The minister stated the talks would go on. Her deputy said the same.")
    assert natural[0]["best_in_text"] == 1.0 and natural[0]["type_max_other_p"] == 0.0


def test_number_forms_of_one_kind_are_one_habit_not_two_findings() -> None:
    """A history writing its decades in capitals had two findings, two "different"
    wordings, and its passage was raised to spun on them alone (probes, 2026-12-05)."""
    from detector.analyzer import distinct_findings

    text = ("In the Nineteen Sixties the mills closed, and by the Nineteen Nineties the band had "
            "gone. The town changed a great deal after 1962. The mills closed, the new "
            "estate was built on the common, and the bypass took traffic away from the high "
            "street. Many older residents still remember the brass band playing in the park.")
    report = detector.analyze(text)
    assert [f.text for f in report.findings] == ["Nineteen Sixties", "Nineteen Nineties"]
    assert distinct_findings(report.findings, 0, len(text)) == 1
    assert report.label == "natural"
    spun = detector.analyze(text.replace("closed", "shut down").replace(
        "the band had gone", "the band had gone final yr"))
    assert distinct_findings(spun.findings, 0, len(text)) >= 2  # decades, "final yr": two kinds


def test_dates_in_words_throughout_are_a_style_not_findings() -> None:
    """A text that writes every date in words has a style; a spinner rewrites some of a
    text's digits ("2021 ... the Nineteen Nineties"). Outside spun company, decades and years
    in words are findings only beside a date in digits (probes, model card item 129)."""
    obituary = ("She was born in the village and baptised at this font in Nineteen Thirty-One. "
                "In the Nineteen Fifties she ran the Sunday school almost single-handed, and "
                "her husband Arthur predeceased her in Nineteen Ninety-Four.")
    assert detector.analyze(obituary).findings == ()
    dated = obituary.replace("the village", "the village (rebuilt in 1948)")
    assert [f.text for f in detector.analyze(dated).findings] == [
        "Nineteen Thirty-One", "Nineteen Fifties", "Nineteen Ninety-Four"]
    # Speech a reporter quotes keeps its dates in words.
    quoted = ('The mill opened in 1888. "Back in the Nineteen Seventies we had four hundred '
              'men here," said the foreman.')
    assert detector.analyze(quoted).findings == ()
    assert [f.text for f in detector.analyze(quoted.replace('"', "")).findings] == [
        "Nineteen Seventies"]
    # So does a spinner's own "final yr": its dictionary rewrote the digits too (a newswire
    # dictionary spinner of bench/spinner_styles.py, model card item 201).
    spun = ("The hall was built in the Nineteen Sixties and rebuilt by the town. Final yr the "
            "council met there twice.")
    assert [(f.text, f.suggestions[0]) for f in detector.analyze(spun).findings] == [
        ("Nineteen Sixties", "1960s"), ("Final yr", "Last year")]
    assert detector.analyze(spun.replace("Final yr", "Last year")).findings == ()
    # A writer says the decade in words in lower case; a spinner writes it in capitals
    # (model card item 230).
    music = ("The music of the two thousands was shaped by how people listened. By 2004 "
             "the scene had moved to Sheffield.")
    assert detector.analyze(music).findings == ()
    assert [f.text for f in detector.analyze(music.replace("two thousands", "Two Thousands")
                                             ).findings] == ["Two Thousands"]


def test_wording_figures_worked_out_once_are_those_of_each_span() -> None:
    """_TypeStats works a wording's figures out once (span by span over all the others,
    a pasted paragraph repeated made restore's time grow with the square of the text): every
    span's row is the one the span-by-span formula gives."""
    from detector.analyzer import evidence
    from detector.features import _GAIN, _TypeStats

    ev = evidence(("The minister stated final yr that the talks would go on. Her deputy said "
                   "the same, and the embassy stated it had no remark on the battle. ") * 6)
    stats = _TypeStats(ev)
    occ, n = ev.occurrences, len(ev.words)
    for k, s in enumerate(ev.spans):
        same = stats.by_type.get(s.observed, [k])
        written = max(len(same), occ.count(s.observed.split(" "), 0, n))
        others = [float(ev.span_p[j]) for j in same if j != k]
        assert stats.row(k) == (
            math.log2(1 + len(same)), len(same) / written,
            sum(ev.spans[j].values[_GAIN] for j in same) / len(same),
            max(others, default=0.0),
            float(occ.count(s.best_option.text.split(" "), 0, n) > 0))
    assert any(len(v) > 2 for v in stats.by_type.values())


def test_passage_evidence_counts_distinct_claimed_wordings() -> None:
    """Forty claims on one topic word are weaker than forty on forty words: the passage
    model sees how many distinct wordings (plurals folded) carry the claimed words, and its
    span densities count each wording at its strongest uses only."""
    from detector.analyzer import evidence
    from detector.features import PASSAGE_FEATURES, PassageEvidence

    count = PASSAGE_FEATURES.index("log_n_distinct_p50")
    share = PASSAGE_FEATURES.index("distinct_share_p50")
    ev = evidence("Each chunk has an id. The chunks follow the table, and a chunk may be "
                  "empty. Readers skip a chunk they do not know.")
    claimed = {"chunk", "chunks", "table"}
    word_p = np.asarray([0.9 if w.norm in claimed else 0.1 for w in ev.words])
    windows = PassageEvidence(ev, word_p)
    row = windows.vector(0, len(ev.words))
    assert row[count] == pytest.approx(math.log1p(2))  # chunk(s), table
    assert row[share] == pytest.approx(2 / 5)
    # The span densities count each wording at its two strongest uses: chunk twice, table.
    assert row[PASSAGE_FEATURES.index("frac_p50")] == pytest.approx(3 / windows.content.sum())
    row = PassageEvidence(ev, np.zeros(len(ev.words))).vector(0, len(ev.words))
    assert row[count] == 0.0 and row[share] == 1.0


def test_strongest_uses_keeps_each_wordings_top_k() -> None:
    from detector.features import strongest_uses

    wording = np.asarray([3, 1, 3, 3, 1, 2])
    p = np.asarray([0.1, 0.5, 0.9, 0.8, 0.2, 0.0])
    assert strongest_uses(wording, p, 2).tolist() == [False, True, True, True, True, True]
    assert strongest_uses(wording, p, 1).tolist() == [False, True, True, False, False, True]
    assert strongest_uses(np.zeros(0, dtype=np.int64), np.zeros(0), 2).tolist() == []


def test_phrasebook_rewrites_count_in_passage_evidence() -> None:
    """A news spinner's function-word rewrites ("as a result of", "for the reason that") hold
    no content word for the span densities to see; the passage model gets them apart."""
    from detector.analyzer import evidence
    from detector.features import PASSAGE_FEATURES, PassageEvidence, word_probabilities

    density = PASSAGE_FEATURES.index("phrasebook_density")
    count = PASSAGE_FEATURES.index("log_n_phrasebook_p50")

    def book(text: str) -> tuple[float, float]:
        ev = evidence(text)
        row = PassageEvidence(ev, word_probabilities(ev)).vector(0, len(ev.words))
        return row[density], row[count]

    spun = book("The match was called off for the reason that the pitch was flooded, and "
                "the fans went home early as a result of the rain.")
    assert spun[0] > 0 and spun[1] > 0
    assert book("The match was called off since the pitch was flooded, and the fans went "
                "home early because of the rain.") == (0.0, 0.0)


@needs_seeds
def test_restore_leaves_allowed_phrases_and_ignored_rules_alone() -> None:
    text = seed("001")
    restored = detector.restore(text)
    assert "final yr" not in restored and "Nineteen Nineties" not in restored
    kept = detector.restore(text, allowed=["final yr"], ignore=["number-form"])
    assert "final yr" in kept and "Nineteen Nineties" in kept
    assert "making an attempt to" not in kept  # the rest is still restored


def test_analyze_file_reads_a_file_as_check_does(tmp_path: Path) -> None:
    md = tmp_path / "notes.md"
    md.write_text("# Notes\n\nPolice stated that the metropolis council had been knowledgeable "
                  "of the final yr's battle, not `final yr` code.\n"
                  "<!-- unspin-disable-next-line -->\nA final yr left alone.\n",
                  encoding="utf-8")
    report = detector.analyze_file(md)
    text = md.read_text(encoding="utf-8")
    found = [(f.text, f.line) for f in report.findings]
    assert ("final yr's", 3) in found and ("metropolis", 3) in found
    # Inline code and the suppressed line are not read; offsets are the file's own.
    assert all(line == 3 for _, line in found)
    assert all(text[f.start : f.end] == f.text for f in report.findings)
    assert report == detector.analyze_file(str(md))
    allowed = detector.analyze_file(md, allowed=["metropolis"])
    assert "metropolis" not in {f.text for f in allowed.findings}


def test_a_finding_over_a_character_reference_reads_as_written(tmp_path: Path) -> None:
    # Prose extraction pads "&rsquo;" with word joiners to keep the file's offsets; the
    # finding's text is what a reader sees, not six invisible characters (JSON: \u2060).
    page = tmp_path / "page.html"
    page.write_text("<p>The council said final yr&rsquo;s budget was knowledgeable by the "
                    "minister, and final yr&#8217;s plan by nobody.</p>\n", encoding="utf-8")
    report = detector.analyze_file(page)
    texts = [f.text for f in report.findings]
    assert "final yr’s" in texts
    assert not any("\u2060" in t for t in texts)
    assert "\\u2060" not in json.dumps(report.to_dict())

def test_analyze_file_errors_are_file_errors(tmp_path: Path) -> None:
    from detector import FileError

    with pytest.raises(FileError, match="no such file"):
        detector.analyze_file(tmp_path / "missing.txt")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(FileError, match="binary"):
        detector.analyze_file(tmp_path / "blob.txt")
    (tmp_path / "latin.txt").write_bytes("caf\xe9 final yr".encode("latin-1"))
    with pytest.raises(FileError, match="not UTF-8"):
        detector.analyze_file(tmp_path / "latin.txt")
    assert detector.analyze_file(tmp_path / "latin.txt", encoding="latin-1").words == 3


def test_a_long_text_is_analysed_and_restored_in_chunks(monkeypatch, spun_example,
                                                        natural_example) -> None:
    """The API bounds memory as ``check`` does: a text over the streaming size goes through
    the chunks :mod:`detector.stream` cuts (here made small), each analysed on its own,
    with offsets, lines and columns in the whole text's coordinates."""
    from detector import analyzer, stream
    from detector.tokens import LineIndex

    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 3_000)
    monkeypatch.setattr(stream, "CHUNK_CHARS", 2_000)
    text = "\n\n".join([natural_example, spun_example] * 4)
    assert len(text) > 3_000
    chunks = list(stream.split_text(text))
    assert len(chunks) > 1 and "".join(chunks) == text

    rep = detector.analyze(text)
    assert any("chunks" in note for note in rep.notes)
    expected, offset = [], 0
    for chunk in chunks:
        expected += [(f.start + offset, f.text) for f in analyzer.analyze(chunk).findings]
        offset += len(chunk)
    assert [(f.start, f.text) for f in rep.findings] == expected
    assert rep.findings and rep.label == "spun"
    lines = LineIndex(text)
    for f in rep.findings:
        assert text[f.start : f.end] == f.text
        assert lines.position(f.start) == (f.line, f.column)

    restored = detector.restore(text)
    assert restored != text
    assert detector.restore(restored) == restored  # idempotent across chunk cuts too
    assert restored == "".join(analyzer.restore(c) for c in chunks)


def test_restore_applies_a_substitution_only_when_sure_of_its_suggestion(monkeypatch) -> None:
    """A finding may be sure that a word was spun and its ranker unsure what the word was:
    restore leaves it (the spun seed's "military help" became "military service" four
    times, its first suggestion at p 0.35-0.59)."""
    from detector import analyzer
    from detector.report import Finding, Report

    text = "They asked for military help and aid last year."

    def analyze(t, **kw):
        i, j = t.find("help"), t.find("aid")
        company = (analyzer.COMPANY_EVIDENCE, 0.99)
        found = [Finding(i, i + 4, 1, i + 1, "help", "substitution", 0.99, ("service",),
                         (company, (analyzer.SUGGESTION_P, 0.35))),
                 Finding(j, j + 3, 1, j + 1, "aid", "substitution", 0.99, ("support",),
                         (company, (analyzer.SUGGESTION_P, 0.9)))]
        return Report(0.99, "spun", 9, (), tuple(f for f in found if f.start >= 0))

    monkeypatch.setattr(analyzer, "analyze", analyze)
    assert analyzer.restore(text) == "They asked for military help and support last year."


@needs_seeds
def test_restoring_the_spun_seed_keeps_what_the_ranker_is_unsure_of() -> None:
    text = seed("001")
    restored = detector.restore(text)
    assert "military help" in restored and "military service" not in restored
    assert "trying to" in restored and "last year" in restored


def test_why_restore_leaves_a_finding() -> None:
    from detector.analyzer import (
        COMPANY_EVIDENCE,
        SUGGESTION_FROM,
        SUGGESTION_P,
        why_not_restored,
    )
    from detector.report import Finding

    def finding(score, rule="substitution", **evidence):
        evidence = {COMPANY_EVIDENCE: 0.99, **evidence}  # judged in spun company
        return Finding(0, 4, 1, 1, "help", rule, score, ("aid",), tuple(evidence.items()))

    assert why_not_restored(finding(0.9, suggestion_p=0.8), 0.834) is None
    assert "restore threshold 0.834" in why_not_restored(finding(0.8, suggestion_p=0.8), 0.834)
    assert "unsure" in why_not_restored(finding(0.9, suggestion_p=0.4), 0.834)
    # a phrasebook rewrite, a number form: no ranker's doubt applies
    assert why_not_restored(finding(0.9, **{SUGGESTION_P: 0.2, SUGGESTION_FROM: "phrasebook"}),
                            0.834) is None
    # by default a number form has the lower bar; a threshold given holds for it too
    assert why_not_restored(finding(0.81, "number-form")) is None
    assert "restore threshold 0.834" in why_not_restored(finding(0.81, "number-form"), 0.834)
    assert why_not_restored(Finding(0, 4, 1, 1, "help", "substitution", 0.99), 0.834) == (
        "no suggestion")
    # found alone, without the context model's evidence: shown, not rewritten, at any bar
    alone = Finding(0, 4, 1, 1, "help", "substitution", 0.99, ("aid",), (("suggestion_p", 0.9),))
    assert "found alone" in why_not_restored(alone)
    assert "found alone" in why_not_restored(alone, 0.5)


def test_restore_leaves_a_substitution_found_alone_in_natural_text(monkeypatch) -> None:
    """An encyclopedia article's "flood defence scheme" was reported alone ("scheme" ->
    system, 0.971) in a text labelled natural: restore leaves the file as written (model card
    item 179); its reason says so. (Since item 182 a word alone needs 0.99: the old bar is
    put back to find it.)"""
    from detector import analyzer
    from detector.analyzer import why_not_restored

    monkeypatch.setattr(analyzer, "UNSUPPORTED_FINDING_MIN_P", 0.97)

    text = _case("must_not_flag", "nf-encyclopedia-river-flood-defence-scheme")
    report = detector.analyze(text)
    assert report.label == "natural" and [f.text for f in report.findings] == ["scheme"]
    assert "found alone" in why_not_restored(report.findings[0])
    assert detector.restore(text) == text


def _news_text(text_id: str) -> str:
    data = json.loads((Path(__file__).parent.parent / "bench" / "data" /
                       "spinner_news.json").read_text(encoding="utf-8"))
    return next(t["text"] for t in data["texts"] if t["id"] == text_id)


def test_a_wording_the_title_holds_is_the_topic_not_a_substitution() -> None:
    """A spun summit report, its headline as the outlet wrote it: "summit" and "declaration"
    recur in the body, which in spun company read as a dictionary spinner's choices."""
    spun = _news_text("southasia_12_g20-news")
    title = spun.split("\n", 1)[0].lower()
    assert "summit" in title and "declaration" in title
    report = detector.analyze(spun)
    assert report.label == "spun"
    found = {f.text.lower() for f in report.findings}
    assert found and not found & {"summit", "declaration"}


def test_a_title_word_claimed_in_the_title_and_the_body_alike_is_still_the_topic() -> None:
    """A transfer story whose headline and body say "club": the context model claims it in
    both, and a claim in the title no longer means the spinner rewrote it when the body's
    claims repeat the wording (model card item 111)."""
    spun = _news_text("wire_03_transfer-news")
    assert "club" in spun.split("\n", 1)[0].lower()
    report = detector.analyze(spun)
    assert report.label == "spun"
    assert "club" not in {f.text.lower() for f in report.findings}


def test_a_title_is_a_short_first_line_alone_not_a_sentence() -> None:
    from detector.analyzer import _title_end

    def title_words(text: str) -> int:
        return _title_end(detector.analyzer.evidence(text))

    body = "\n\nThe council stated on Tuesday that the plan had been accredited."
    assert title_words("Council backs ferry plan" + body) == 4
    assert title_words(" date 2021-05-14 Council backs plan-World News , Firstpost" + body) > 0
    assert title_words("The council met on Tuesday." + body) == 0  # a sentence
    assert title_words("Council backs ferry plan\nThe council stated it.") == 0  # no blank line
    assert title_words("Council backs ferry plan\n\n") == 0  # nothing after it
    # A full stop ends a title too where every longer word is capitalised (a book's chapter
    # heading, a headline), not a sentence's, nor a label's colon.
    assert title_words("CHAPTER 125. The Log and Line." + body) == 6
    assert title_words("Council Backs Ferry Plan!" + body) == 4
    assert title_words("The Council agreed on Tuesday." + body) == 0
    assert title_words("Note:" + body) == 0


def test_a_capitalised_term_of_another_length_is_no_substitution() -> None:
    """A spinner keeps a replaced word's capital on the first word of its replacement
    only ("Orders" -> "Purchase orders"): "Purchase Orders", every word capitalised, is a
    contract's defined term, and was claimed (-> "Orders") at each use (model card item
    134). A name's words swapped one for one ("Safety Council") stay claimable."""
    from detector.features import claimable, extract

    ev = extract("The Client may issue Purchase Orders under Schedule 2, and the "
                 "UN Safety Council met on Monday.")
    claimed = {s.observed for s in ev.spans if claimable(s)}
    assert "purchase orders" not in claimed
    assert "safety council" in claimed or "safety" in claimed
    lower = extract("The Client may issue purchase orders under Schedule 2.")
    assert "purchase orders" in {s.observed for s in lower.spans if claimable(s)}


def test_a_reduplicated_idiom_holds_no_span() -> None:
    """"side by side", "step by step", "again and again": listed whole as synonyms of one
    word ("next"), they were found in AI-style travel copy and a LinkedIn post, labelled
    spun, and restore wrote "together, next." (model card item 143). A word a spinner
    swapped at both of its uses ("aspect by aspect") is no listed wording and still is."""
    from detector.features import extract

    ev = extract("The two children stood side by side at the gate. We went through the "
                 "plan step by step, and again and again the same question came up.")
    held = {s.observed for s in ev.spans}
    assert not held & {"side by side", "side", "step by step", "step", "again and again",
                       "again"}
    swapped = extract("The two children stood aspect by aspect at the gate.")
    assert "aspect" in {s.observed for s in swapped.spans}


def test_a_unit_after_a_number_or_in_a_rate_holds_no_span() -> None:
    """Thesauri read unit abbreviations as words ("mo" -> moment, "ms" -> manuscript, "ml"
    -> machine learning): after a number or in a rate they are units, and a tide-gauge
    report and a power-engineering paper were labelled spun with them among the evidence
    (model card item 228). The same words elsewhere are still read."""
    from detector.features import extract

    def held(text: str) -> set[str]:
        return {s.observed for s in extract(text, every_span=True).spans}

    units = held("Data for 14 mo were lost; faults cleared after 100 ms. Add 5 ml of "
                 "acid, keep it at 20 km/h for a 100-yr flood and 2 wks.")
    assert not units & {"mo", "ms", "ml", "h", "yr", "wks"}, units
    assert "mo" in held("Wait a mo, please.")
    assert "ms" in held("She sent the ms to her editor.")


def test_an_expansion_beside_its_acronym_is_shown_not_used() -> None:
    """A thesaurus lists "radio detection and ranging" as a synonym of "radar"; a sensor
    specification that explained the word was read in spun company and the expansion found
    (-> radar, 0.89; an adversarial probe of acronyms, model card item 230). Beside the
    word it spells it is a definition; a spinner that wrote it replaced the word
    everywhere, and is still found."""
    from detector.features import extract

    def mentioned(text: str) -> list[str]:
        ev = extract(text)
        return [" ".join(w.norm for w in ev.words[a:b]) for a, b in ev.mentions]

    defined = ("Four corner radars supplement the LiDAR in rain and fog. The term radar, "
               "originally an acronym for radio detection and ranging, is written in lower "
               "case throughout this document.")
    assert "radio detection and ranging" in mentioned(defined)
    assert detector.analyze(defined).findings == ()
    spun = ("Radio detection and ranging is used to track storms far out at sea. "
            "Forecasters rely on radio detection and ranging every day.")
    assert mentioned(spun) == []
    assert [f.suggestions[0] for f in detector.analyze(spun).findings] == ["Radar", "radar"]


def test_within_a_span_of_time_or_a_limit_is_no_swap() -> None:
    """The phrasebook's "within the" -> "in the" is read without the word after it; before
    a span of time or a limit "within" is the usual word, and one such sentence raised a
    guidance page's passage by 0.22 on average (model card item 144). A spinner's "within
    the" before anything else ("within the morning", "within the 12 weeks to Christmas",
    the retailer's "in the 12 weeks") is still read."""
    from detector.features import extract

    def within(text: str) -> list[str]:
        return [s.observed for s in extract(text).spans if "within" in s.observed]

    assert within("Give details of any hospital stays within the last year, and apply "
                  "within 28 days, within an hour or within the next few weeks.") == []
    assert within("Prices stayed within the range, within the limits of the rule.") == []
    assert "within the" in within("The rain fell within the morning, within the area.")
    assert "within the" in within("Sales within the 12 weeks to Christmas rose 4%.")
    # "within the hour." closes a clause as an idiom; "in the hour before dawn" goes on
    # (model card item 145).
    assert within("Police stated the road would reopen within the hour.") == []
    assert within("Council to commence work on flood defences within the month") == []
    assert "within the" in within("We left within the hour before dawn.")


@pytest.mark.parametrize(("text", "chatty"), [
    ("Last yr I ran my first 5k 💪", True),
    ("Same venue as last yr #livemusic", True),
    ("Thanks @dana_k, same as last yr", True),
    ("Mail dana@example.com about last yr's accounts.", False),
    ("Written in C# last yr.", False),
    ("Final yr the same realm lost water twice.", False),
    # An analyst's note (model card item 152); "y/y" is wire copy's too, and a spinner keeps
    # it beside its "final yr".
    ("Sales rose 17% yr/yr; we stay confident on next yr.", True),
    ("Sales rose 17% y/y, after final yr's fall.", False),
])
def test_posts_with_emoji_hashtags_or_mentions_write_their_own_yr(text: str, chatty: bool
                                                                  ) -> None:
    """A post's "yr" is its writer's abbreviation: "Need an answer right this moment, the
    deal has to close this yr 😬" was labelled spun at 0.996, "yr" -> year claimed in the
    company "right this moment" made (model card item 145)."""
    from detector import numbers
    from detector.features import extract
    from detector.tokens import tokenize

    assert numbers.chat_shorthand(tokenize(text)) is chatty
    ev = extract(text)
    spans_on_yr = [s for s in ev.spans if "yr" in s.observed.split()]
    hits_on_yr = [h for h in ev.number_hits if "year" in h[2].lower()]
    assert bool(spans_on_yr or hits_on_yr) is not chatty


@pytest.mark.parametrize("text", [
    "I need that report right this moment, please.",
    "Sorry, I can't talk right this moment, I'm driving. Call you back in ten.",
])
def test_a_phrasebook_phrase_alone_is_no_finding(text: str) -> None:
    """Everyday speech: "right this moment" scored 0.98-0.99 alone and was reported
    (-> "today", which restore would have written) in a spoken-English probe (model card
    item 136). In a spun story the same phrase is still found, in spun company that other
    evidence makes (it makes none itself, item 209: "The minister stated right this moment
    that for the reason that talks failed, a number of nations had left." alone is no
    longer spun company)."""
    assert detector.analyze(text).findings == ()
    spun = ("The minister stated right this moment that for the reason that talks failed, "
            "a number of nations had left. Final yr the identical officers mentioned they had "
            "been making an attempt to attain a deal earlier than the summit.")
    assert "right this moment" in [f.text for f in detector.analyze(spun).findings]


def test_verse_is_spun_company_only_at_the_threshold() -> None:
    """Poems score 0.98 or more on the passage model; at 0.98 a whole text was spun company
    and a folk song's "break of day" and refrain were found (model card item 141). Prose at
    the same score still lends its company."""
    from detector.analyzer import _verse

    poem = "\n".join(["The river runs by the mill,", "the miller sleeps at the wheel,",
                      "and the moon comes over the hill", "as cold and as bright as steel",
                      "", "We will stack it high and dry", "and we will stack it strong"])
    assert _verse(poem)
    prose = ("The council said on Monday that the bridge would close for repairs. "
             "Engineers found cracks in two of its supports last year.\n") * 4
    assert not _verse(prose)
    # Six short lines ending in full stops: a list of sentences, not verse.
    assert not _verse("\n".join(["It rained.", "We left.", "It snowed.", "We came back.",
                                 "It was cold.", "We stayed."]))
    # A list of editions and a table of contents: items and headings, not verse.
    assert not _verse("\n".join(f"- ISBN 0-451-5167{k}-6 (paper text, 19{k}0)" for k in range(6)))
    assert not _verse("Plot\nCharacters\nHuman beings\nOther animals\nComposition\nOrigin\n"
                      "Critical response\nAdaptations")


# Written for this test, after the manner of a nineteenth-century sea novel.
LITERARY_CHAPTER = (
    "It was past midnight when the mate came below; and though he said nothing, I knew by "
    "the set of his jaw that the glass had fallen again. \"She will blow before morning,\" "
    "said he, hanging his dripping coat upon the peg; \"mark me, she will blow, and we with "
    "every stitch of canvas still aloft!\" I asked him whether the captain knew of it; he "
    "laughed, not pleasantly, and told me that the captain knew a great many things, and "
    "cared for fewer of them every day.\n\n"
    "Now there is a kind of silence that comes over a ship in such an hour, when the men "
    "who are not on watch lie awake in their hammocks and listen; and in that silence I "
    "heard, or fancied I heard, the old timbers of the Perseverance working against one "
    "another, like the joints of an old man rising from his chair. \"Lord help us,\" "
    "whispered the boy who slept nearest me; and I did not rebuke him, for I had been "
    "thinking the very same. Above us the wind began to sing in the rigging; below us the "
    "sea answered it; and between the two of them we lay, twelve men and a boy, waiting "
    "for the bell.")


def test_literary_prose_lowers_every_windows_odds(spun_example: str) -> None:
    """A novel's chapter reads as a thesaurus's to a passage model that never learned from
    fiction: in literary prose every window's odds are lowered (model card item 195)."""
    from detector import analyzer
    from detector.analyzer import (
        LITERARY_LOGIT_SHIFT,
        evidence,
        literary_prose,
        score_windows,
    )
    from detector.classifier import models

    ev = evidence(LITERARY_CHAPTER)
    assert literary_prose(ev.text, len(ev.words), len(ev.sentences))
    sc = score_windows(ev, models().threshold)
    (_, _, i, j, _), p = sc.passage_ranges[0], sc.passage_p[0]
    raw = float(models().passage.predict(sc.windows.matrix([(i, j)]))[0])
    assert p == pytest.approx(1 / (1 + math.exp(LITERARY_LOGIT_SHIFT) * (1 - raw) / raw))
    assert p < raw
    # And the report says so (explain, JSON); a plain text's does not.
    assert any(n.startswith(analyzer.LITERARY_NOTE) for n in detector.analyze(
        LITERARY_CHAPTER).notes)
    assert not detector.analyze(spun_example).notes
    # News, a spun story, a list: no semicolons, dialogue or length to speak of.
    # Essayistic narration without dialogue too, where it is no Bible's manner.
    ev = evidence(ESSAYISTIC_CHAPTER)
    assert literary_prose(ev.text, len(ev.words), len(ev.sentences))
    for text in (spun_example, NATURAL_PARAGRAPHS, "Milk; eggs; bread!",
                 LITERARY_CHAPTER[:400], BIBLICAL_CHAPTER):
        ev = evidence(text)
        assert not literary_prose(ev.text, len(ev.words), len(ev.sentences))


# Written for this test: essayistic narration without dialogue, and the same in the manner
# of the King James Bible, which the passage model learned from.
ESSAYISTIC_CHAPTER = (
    "Of all the trades that the coast supported in those years, none was so little understood "
    "by the inland people as that of the salt-boilers; for they worked at night, when the tide "
    "had drawn off and the pans could be filled, and they slept through the hours in which "
    "other men went about their business. Their huts stood apart from the village, on a spit "
    "of shingle that the spring tides sometimes covered; and their wives, who carried the salt "
    "to market in panniers, were thought proud because they would not stay to gossip. Yet the "
    "whole county salted its bacon with what they made, and no farmer's winter could have been "
    "got through without it; so that the contempt in which they were held was of that curious "
    "kind which a people reserves for those upon whom it most depends.\n\n"
    "The work itself was simple enough in its outline, and hard beyond the telling in its "
    "particulars. The brine was drawn up into shallow pans of beaten iron, set over fires of "
    "driftwood and furze; it was skimmed as it boiled, and stirred as it thickened, and raked "
    "at last into wicker baskets to drain, the whole business taking the better part of a "
    "night; and the men who did it came home at dawn with their eyes red from the smoke, their "
    "hands cracked by the salt, and their clothes so stiff with it that they could stand them "
    "up against the wall.")
BIBLICAL_CHAPTER = ESSAYISTIC_CHAPTER.replace("their wives", "thy wives unto thee").replace(
    "the men who did it", "ye that did it, and thou that hath done it")


def test_the_wording_before_a_standard_is_no_substitution() -> None:
    from detector.features import extract

    # "conforming to EN 166", "tested to EN 374": the formula of compliance in every line of
    # a safety data sheet (model card item 151). Every proposal, claimable or not:
    ev = extract("Wear safety glasses with side shields conforming to EN 166 and gloves tested "
                 "to EN ISO 374-1; breathing apparatus must comply with AS/NZS 1716.",
                 every_span=True)
    observed = {s.observed for s in ev.spans}
    assert "shields" in observed
    assert not {"conforming to", "conforming", "tested", "comply with", "comply"} & observed
    # Not any capitals and a number: "with UTF-8" or "per PEP 566" cite no standard.
    ev = extract("The file is encoded with UTF 8, in a physical body per PEP 566.",
                 every_span=True)
    assert {"encoded", "physical body"} <= {s.observed for s in ev.spans}


def test_an_everyday_listed_phrase_raises_no_window() -> None:
    from detector.analyzer import EVERYDAY

    # An Indian-English horoscope: "money-related decisions" (a listed phrase the everyday
    # test does not read) releases "heart ailments"; both are reported, but the everyday one
    # does not make two different findings of the passage (model card item 151).
    text = ("Taurus: This week the planets favour steady work over bold moves. Ganesha advises "
            "you to avoid hasty money-related decisions, especially about property. Those with "
            "heart ailments should not skip their regular check-up, and elderly relatives may "
            "need extra care. Students should revise daily; good news may come from abroad. "
            "On the family front, a short trip is likely, and a function at home will bring "
            "relatives together. Lucky colour: white. Lucky number: 6.")
    report = detector.analyze(text)
    rules = {f.text: dict(f.evidence) for f in report.findings if f.rule == "tortured-phrase"}
    assert EVERYDAY in rules["heart ailments"] and EVERYDAY not in rules["money-related decisions"]
    assert all(p.label == "natural" for p in report.passages)


_QUOTED_WORDINGS = '"final yr", "knowledgeable lawmakers" and "a whole bunch of"'


@pytest.mark.parametrize(("text", "shown"), [
    # An editor's note about a spun story quotes its wordings without what each replaced.
    (f"Phrases such as {_QUOTED_WORDINGS} show that a spinner rewrote the wire story.", True),
    (f"The rewritten copy keeps phrases such as {_QUOTED_WORDINGS} throughout.", True),
    # Wrapped source lines break a quotation; a paragraph break ends it.
    ('Wordings like "final\nyr" mark spun text.', True),
    # Single quotes, curly ones with an apostrophe inside, German ones, nested ones.
    ("The spinner's tells: 'final yr', 'tens of hundreds'.", True),
    ("A rewording tool wrote ‘final yr’s catch’ for last year's.", True),
    ("Das Synonym-Programm schrieb „final yr“ statt last year.", True),
    ('The rewritten copy said "it opened \'final yr\' in Leeds and then in York and Hull".',
     True),
    # The same quotations in a text that does not name spinning are used, not shown.
    (f"Phrases such as {_QUOTED_WORDINGS} appeared in the story we received.", False),
    # A spun sentence quoted whole is an example where the text names spinning outright...
    ('The spinner turned the quote into: "The council stated final yr that a whole bunch of '
     'homes were at risk of flooding."', True),
    # ... not where it names it only in words of everyday senses too ("rewrote the bill").
    ('The mayor rewrote the plan and said: "The council stated final yr that a whole bunch of '
     'homes were at risk of flooding."', False),
    ('The spinner\'s output quoted nothing: final yr the council met.', False),
    # Bare lists of wordings where the text names spinning outright: after a colon, in
    # brackets, as list items (plain text or Markdown).
    ("A spinner's tells: final yr; the earlier week; a whole bunch of commuters.", True),
    ("Spun copy has tells (for example final yr, tens of hundreds) in every line.", True),
    ("The spinner's tells:\n\n- final yr, subsequent week\n- knowledgeable reporters\n", True),
    # The same list in a text that does not name spinning is read as written.
    ("Wordings found: final yr; the earlier week; a whole bunch of commuters.", False),
])
def test_a_text_about_spinning_shows_the_wordings_it_quotes(text: str, shown: bool) -> None:
    from detector.analyzer import evidence

    ev = evidence(text)
    final = next(i for i, w in enumerate(ev.words) if w.norm == "final")
    assert any(a <= final < b for a, b in ev.mentions) is shown
    findings = detector.analyze(text).findings
    if shown:
        assert not any(f.text.lower().startswith("final") for f in findings)


def test_a_wording_does_not_run_across_table_cells(tmp_path: Path) -> None:
    # A plain-English guide's table: "a whole bunch of" and "hundreds of" stand in two cells,
    # and were read as the number idiom "a whole bunch of hundreds".
    table = tmp_path / "plain.md"
    table.write_text("| Instead of | Write |\n|---|---|\n| a whole bunch of | hundreds of |\n"
                     "| in excess of | more than |\n", encoding="utf-8")
    report = detector.analyze_file(table)
    assert not [f for f in report.findings if "hundreds" in f.text]
    # Within one cell the idiom is still one.
    table.write_text("| Year | Note |\n|---|---|\n| 2019 | A whole bunch of hundreds of people "
                     "came to the fair. |\n", encoding="utf-8")
    assert [f.rule for f in detector.analyze_file(table).findings] == ["number-form"]


@pytest.mark.parametrize(("text", "listed"), [
    # A thesaurus's sense line, a vocabulary lesson: near-synonyms in a row.
    ("1 they walked along the beach: stroll, saunter, amble, wander, meander, ramble, pad, "
     "promenade; hike, tramp, trek, march, stride, troop, plod, trudge; informal mosey, "
     "hoof it, traipse; formal perambulate.", True),
    ("N. haste, urgency, hurry, rush, dispatch; V. hasten, hurry, rush, speed.", True),
    # A list of unrelated things, and a sentence whose words a spinner swapped one by one.
    ("We packed bread, cheese, rope, a torch and two maps.", False),
    ("The knowledgeable lawmakers stated final yr that a whole bunch of homes had flooded.",
     False),
])
def test_a_run_of_near_synonyms_is_a_thesaurus_list(text: str, listed: bool) -> None:
    from detector.features import _synonym_lists
    from detector.thesaurus import default

    runs = _synonym_lists(text, default().is_related)
    assert bool(runs) is listed
    if listed:
        assert not detector.analyze(text).findings


@pytest.mark.parametrize(("text", "shown"), [
    # A style guide labels the draft it rewrites.
    ('**Before:** "Your request could not be processed at this point in time due to the '
     'fact that the server is busy."\n\n**After:** "We are busy. Try again soon."', True),
    ('Instead of: "at this point in time due to the fact that", write "now, because".', True),
    # Without the label the quotation is read as written; a label ends at its line.
    ('He said: "Your request could not be processed at this point in time due to the fact '
     'that the server is busy."', False),
    ('Before:\n"Your request could not be processed at this point in time due to the fact '
     'that the server is busy."', False),
])
def test_a_draft_a_style_guide_labels_is_an_example(text: str, shown: bool) -> None:
    from detector.features import _shown_examples

    at = text.index("point in time")
    assert any(a <= at < b for a, b in _shown_examples(text)) is shown


def test_a_paper_on_paraphrasing_keeps_its_listed_tortured_terms() -> None:
    # "Paraphrase" and "synonym" are subjects of study too: a paper-mill paper on paraphrase
    # generation that lists its tortured terms after a colon is still read.
    text = ("Paraphrase generation with neural models. We study synonym-based paraphrase "
            "generation for data augmentation. The pipeline combines three components: "
            "profound learning, irregular woodland and bolster vector machine. Experiments on "
            "two corpora show that the counterfeit consciousness approach improves the "
            "baseline by four points.")
    report = detector.analyze(text)
    assert report.label == "spun"
    assert {"irregular woodland", "bolster vector machine"} <= {f.text for f in report.findings}
