"""The PPS rows' cross-validation folds (corpus.train_phrase_ranker.fold_of): grouped rows stay
together, and a fix to some rows moves those rows alone."""

from __future__ import annotations

from corpus.sources import Fingerprint
from corpus.train_phrase_ranker import FOLDS, fold_of


def _row(phrase: str, expected: str) -> Fingerprint:
    return Fingerprint(phrase, (phrase,), expected=expected)


ROWS = [
    _row("counterfeit consciousness", "artificial intelligence"),
    _row("fake intelligence", "artificial intelligence"),
    _row("Artificial Consciousness", "Artificial Intelligence"),
    _row("profound learning", "deep learning"),
    _row("huge information", "big data"),
    _row("irregular woodland", "random forest"),
    _row("arbitrary backwoods", "random forest"),
    _row("flag to commotion", "signal to noise"),
    _row("unlisted phrase", ""),
    *(_row(f"tortured phrase {i}", f"expected phrase {i}") for i in range(200)),
]


def test_rows_of_one_expected_phrase_share_a_fold() -> None:
    folds = fold_of(ROWS)
    assert folds[0] == folds[1] == folds[2]  # case and wording of the expected phrase aside
    assert folds[5] == folds[6]
    assert folds[8] == -1  # no expected phrase: in no fold
    assert all(0 <= f < FOLDS for f in folds[:8] + folds[9:])
    # Every fold is used, none takes most of the groups.
    counts = [folds.count(k) for k in range(FOLDS)]
    assert min(counts) > 0 and max(counts) < len(ROWS) / 2


def test_a_fixed_expected_phrase_moves_its_rows_alone() -> None:
    before = fold_of(ROWS)
    fixed = list(ROWS)
    fixed[3] = _row("profound learning", "deep learnings")
    fixed.insert(10, _row("a new row", "a new expected phrase"))
    after = fold_of(fixed)
    del after[10]
    assert [a for i, a in enumerate(after) if i != 3] == [b for i, b in enumerate(before)
                                                            if i != 3]


def test_rows_dealt_one_by_one_are_stable_and_spread() -> None:
    by_row = fold_of(ROWS, by="row")
    assert by_row == fold_of(list(ROWS), by="row")
    assert fold_of(ROWS[1:], by="row") == by_row[1:]
    assert len(set(by_row)) == FOLDS
    assert fold_of(ROWS, seed=8) != fold_of(ROWS)


def test_a_suggestion_matches_the_expected_phrase_as_a_term() -> None:
    from corpus.train_phrase_ranker import term_key

    # A compound's closed, open and hyphenated spellings are one term; a bracketed acronym
    # and case are no part of it; a different word is a different term.
    assert term_key("k-means clustering") == term_key("kmeans clustering")
    assert term_key("Non-linear data") == term_key("nonlinear data") == "nonlineardata"
    assert term_key("principal component analysis (PCA)") == "principalcomponentanalysis"
    assert term_key("spectral grouping") != term_key("spectral clustering")
