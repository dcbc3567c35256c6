"""A/an agreement evidence (detector.articles) and where the detector and restorer use it."""

from __future__ import annotations

import pytest

from detector import articles
from detector.candidates import Option
from detector.features import SPAN_FEATURES, clashing_article, extract
from detector.restorer import RANK_FEATURES, rank_vectors


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("apple", "vowel"),
        ("Important", "vowel"),
        ("idea", "vowel"),
        ("unprecedented", "vowel"),
        ("unusual", "vowel"),
        ("upper", "vowel"),
        ("special", "consonant"),
        ("European", "consonant"),
        ("one", "consonant"),
        ("one-time", "consonant"),
        ("once", "consonant"),
        ("unique", "consonant"),
        ("united", "consonant"),
        ("university", "consonant"),
        # Undecided: the spelling does not tell, or it is not a plain word.
        ("hour", None),
        ("historic", None),
        ("user", None),
        ("unidentified", None),
        ("year", None),
        ("FBI", None),
        ("iPhone", None),
        ("x", None),
        ("3D", None),
    ],
)
def test_sound_is_read_from_spelling_only_where_clear(word: str, expected: str | None) -> None:
    assert articles.sound(word) == expected


def test_clashes_needs_an_article_and_a_decided_sound() -> None:
    assert articles.clashes("a", "unprecedented") is True
    assert articles.clashes("an", "significant") is True
    assert articles.clashes("An", "significant") is True
    assert articles.clashes("a", "special") is False
    assert articles.clashes("an", "important") is False
    assert articles.clashes("a", "European") is False
    assert articles.clashes("an", "hour") is None
    # Older English chose "an" by the letter: no evidence either way.
    assert articles.clashes("an", "uniform") is None
    assert articles.clashes("an", "European") is None
    assert articles.clashes("an", "one") is None
    assert articles.clashes("the", "apple") is None
    assert articles.clashes(None, "apple") is None


def test_the_span_feature_marks_a_word_that_clashes_with_its_article() -> None:
    text = "He spoke at a unprecedented session. It was an important step, said a European."
    ev = extract(text, every_span=True)
    k = SPAN_FEATURES.index("article_clash")
    clashing = {s.observed for s in ev.spans if s.values[k] == 1.0}
    assert "unprecedented" in clashing
    assert not clashing & {"important", "european", "session", "step"}
    span = next(s for s in ev.spans if s.observed == "unprecedented")
    assert clashing_article(ev, span) == "a"
    assert all(clashing_article(ev, s) is None for s in ev.spans if s.observed == "important")


def test_an_article_in_the_previous_sentence_does_not_count() -> None:
    ev = extract("That was a. Unprecedented events followed.", every_span=True)
    for s in ev.spans:
        if s.observed.startswith("unprecedented"):
            assert clashing_article(ev, s) is None


@pytest.mark.parametrize(("text", "clash"), [
    ("It held a unprecedented session.", True),
    ("It held a\n    unprecedented session.", True),  # a hard-wrapped, indented line
    ("It held a\u00a0unprecedented session.", True),  # a no-break space, as web pages have
    ("It held a\r\nunprecedented session.", True),  # a Windows line break
    ("It held a “unprecedented” session.", True),
    # Emphasis blanked by prose extraction ("a **unprecedented**", "a <b>unprecedented</b>")
    # leaves the pair; inline code ("a `x` attribute", "a <code>names</code> attribute") does
    # not.
    ("It held a   unprecedented   session.", True),
    ("It held a    unprecedented    session.", True),
    ("It has a     attribute for the cases.", False),
    ("It has a         attribute for the cases.", False),
    ("The A-okay signal came.", False),  # a letter joined by a hyphen, not an article
])
def test_a_clash_needs_the_word_right_after_its_article(text: str, clash: bool) -> None:
    ev = extract(text, every_span=True)
    k = SPAN_FEATURES.index("article_clash")
    assert any(s.values[k] == 1.0 for s in ev.spans) == clash
    assert any(clashing_article(ev, s) is not None for s in ev.spans) == clash


def test_the_ranker_sees_which_candidates_agree_with_a_clashing_article() -> None:
    opts = [Option("new", 0.5, 1), Option("extraordinary", 0.3, 1), Option("historic", 0.2, 1)]
    k = RANK_FEATURES.index("article_fit")
    fit = rank_vectors("unprecedented", opts, [1.0, 1.0, 1.0], False, article="a")[:, k]
    assert fit.tolist() == [1.0, -1.0, 0.0]
    # No clashing article: no evidence either way.
    assert rank_vectors("unprecedented", opts, [1.0, 1.0, 1.0], False)[:, k].tolist() == [0.0] * 3


def test_suggest_in_context_prefers_wordings_that_agree_with_a_clashing_article() -> None:
    import detector

    top = detector.suggest("significant", "It was an significant step for the town.")[0]
    assert articles.clashes("an", top) is not True
    # Across a sentence boundary the article is not the phrase's.
    from detector.restorer import _clashing_article_in

    assert _clashing_article_in("It was an significant step.", ["significant"]) == "an"
    assert _clashing_article_in("Take a. Significant steps follow.", ["significant"]) is None
    assert _clashing_article_in("It was a significant step.", ["significant"]) is None


def test_older_englishs_an_by_the_letter_is_not_spun() -> None:
    # Written in the manner of an early State of the Union address; before "an" by the
    # letter stopped counting as a clash, this was labelled spun (p 0.994, three findings).
    import detector

    report = detector.analyze("The militia should be placed on an uniform footing throughout "
                              "the States, and an union of effort secured.")
    assert report.label == "natural"
    assert [f.text for f in report.findings] == []


@pytest.mark.parametrize("text", [
    "Crossing my fingers, I did a upgrade to the new release last night and had to reinstall "
    "the whole thing afterwards.",
    "I've got an normal CD drive that I'd like to put in the old machine, but the cable is too "
    "short for it.",
    "She was seen lying on a autopsy table in the second episode, which upset a lot of "
    "viewers.",
])
def test_a_writers_slip_on_a_or_an_alone_is_not_a_finding(text) -> None:
    # Written in the manner of the mail of bench/unseen_docs.py; each was a finding (span
    # score 0.97-1.0) before a clash alone stopped counting outside spun company.
    import detector

    report = detector.analyze(text)
    assert report.label == "natural"
    assert report.findings == ()


def test_a_clash_still_counts_in_spun_company() -> None:
    import detector

    text = ("Talking at a unprecedented session of parliament, the prime minister stated that "
            "final yr's battle between the arch-foes had left tens of hundreds lifeless.")
    assert "unprecedented" in [f.text for f in detector.analyze(text).findings]


@pytest.mark.parametrize(("pairs", "habit"), [
    ([("a", "improved"), ("a", "arid"), ("a", "model")], True),
    ([("a", "improved"), ("a", "arid"), ("an", "index")], False),  # writes "an" somewhere
    ([("a", "improved"), ("a", "model")], False),  # one clash is not a habit
    ([("a", "model"), ("a", "river")], False),
    ([("a", "unit"), ("a", "European"), ("a", "hour")], False),  # no clash at all
    ([], False),
])
def test_a_writer_who_never_writes_an_clashes_by_habit(pairs, habit) -> None:
    assert articles.by_habit(pairs) is habit


def test_clashes_made_by_habit_are_no_evidence() -> None:
    habit = extract("We propose a improved method for a arid region and a older model.")
    assert habit.articles_by_habit
    assert all(clashing_article(habit, s) is None for s in habit.spans)
    spun = extract("An important step was taken. We propose a improved method for a arid "
                   "region.")
    assert not spun.articles_by_habit
    assert any(clashing_article(spun, s) == "a" for s in spun.spans)


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("at a extraordinary session", "extraordinary", "at an extraordinary session"),
        ("an new design", "new", "a new design"),
        ("It failed. A apple fell.", "apple", "It failed. An apple fell."),
        ("A apple", "apple", "An apple"),
        ("across a\nimportant line", "important", "across an\nimportant line"),
        ("across a\r\nimportant line", "important", "across an\r\nimportant line"),
        ("at a\u00a0extraordinary session", "extraordinary", "at an\u00a0extraordinary session"),
        # left alone: no article, agreement, an undecided sound, a capital letter that is
        # a grade or a name mid-sentence, the old "an" before a "you" sound
        ("the extraordinary", "extraordinary", "the extraordinary"),
        ("an extraordinary", "extraordinary", "an extraordinary"),
        ("a hour", "hour", "a hour"),
        ("Grade A apples", "apples", "Grade A apples"),
        ("is an useful tool", "useful", "is an useful tool"),
        ("banana extraordinary", "extraordinary", "banana extraordinary"),
        # a control character separates words as a space does (found by hypothesis)
        ("the\x1ban dog", "dog", "the\x1ba dog"),
    ],
)
def test_agreeing_fixes_the_article_before_a_restored_word(text, word, expected):
    assert articles.agreeing(text, text.index(word)) == expected


def test_agreeing_leaves_an_article_that_belongs_to_an_earlier_edit():
    text = "a an extraordinary"  # "a an" were restored already, up to offset 4
    assert articles.agreeing(text, 5, floor=5) == text


def test_restore_makes_the_article_agree_with_what_it_puts_back(monkeypatch):
    """restore (and restore --interactive) fix "a" + a vowel-sound wording they put back:
    the spinner had adjusted the article to its own word ("an historic" -> "a new")."""
    from detector import analyzer
    from detector.interactive import review
    from detector.report import Finding, Report

    text = "They met at a new session and a big hall."
    at, big = text.index("new"), text.index("big")
    company = ((analyzer.COMPANY_EVIDENCE, 0.99),)  # judged in a spun passage
    findings = (
        Finding(at, at + 3, 1, at + 1, "new", "substitution", 0.99, ("extraordinary",), company),
        Finding(big, big + 3, 1, big + 1, "big", "substitution", 0.99, ("enormous",), company),
    )
    monkeypatch.setattr(analyzer, "analyze", lambda t, **kw: Report(
        0.99, "spun", 10, findings=findings if t == text else ()))
    want = "They met at an extraordinary session and an enormous hall."
    assert analyzer.restore(text) == want
    assert review(text, findings, "t", lambda prompt: "y", lambda line: None) == want
