"""Train the phrase ranker (``models/phrase_ranker.json``) on the PPS tortured-phrase rows.

``detector.suggest(phrase)`` without context ranks the candidates of an isolated phrase. The
in-context ranker (``corpus/train.py``) learned from simulated news spinning leans on the
n-gram gain, which an isolated technical phrase hardly has; this ranker learns, from the PPS
rows (tortured phrase -> expected phrase), how much to trust the spin table, the terminology
list and the thesaurus instead (:data:`detector.restorer.PHRASE_RANK_FEATURES`).

Honest features need care: the spin table and the term list are learned from PPS rows
themselves, so a row's features must come from a table that never saw the row's expected
phrase. Rows are grouped by expected phrase into folds; each fold's features are computed
with a table learned on the other folds, which is exactly the position of a phrase the
shipped table has never seen. The model ships as gradient-boosted trees plus Platt scaling.

:func:`cross_validate` is the nested version that ``bench/quality.py`` reports: for each
outer fold, a ranker is trained on inner-fold features of the other folds and tested on the
held-out fold with a table learned without it.

    python -m corpus.train_phrase_ranker          # writes models/phrase_ranker.json
    python -m corpus.train_phrase_ranker --cv     # nested cross-validation only
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from corpus.artifacts import MODELS, update_manifest, write_json
from corpus.sources import pps_fingerprints
from corpus.splits import stable_hash

__all__ = ["FOLDS", "cross_validate", "fold_of", "main", "norm", "term", "term_key", "train"]

FOLDS = 5
FOLD_SEED = 7
_BRACKETS = re.compile(r"\([^)]*\)")
TREES, DEPTH = 200, 4


def norm(s: str) -> str:
    from detector.fingerprints import phrase_words

    return " ".join(w for w in phrase_words(s) if w != "\x00")


def term(s: str) -> str:
    """A phrase as compared with the expected one: :func:`norm` without bracketed parts.
    Spinners keep a bracketed acronym verbatim and ``suggest`` keeps it in place
    ("partial component analysis (PCA)" -> "principal component analysis (PCA)"), while the
    PPS export writes the expected phrase with or without it."""
    return norm(_BRACKETS.sub(" ", s))


def term_key(s: str) -> str:
    """:func:`term` without its spaces: a compound's closed, open and hyphenated spellings
    are one term ("nonlinear data", "non linear data", "non-linear data"; "k-means", "kmeans").
    The PPS export spells the expected phrase one way, the tortured phrase shows the
    writer's ("kmeans bunching" -> "kmeans clustering", "hyper otherworldly" -> "hyper
    spectral"), and restoring the tortured word is the whole of the task (model card item
    208)."""
    return term(s).replace(" ", "")


def fold_of(
    rows: Sequence[Any], folds: int = FOLDS, seed: int = FOLD_SEED, by: str = "expected"
) -> list[int]:
    """Fold of every row: rows grouped by expected phrase (``by="expected"``: a test
    phrase's canonical form was never seen in training; -1 for a row without one) or dealt
    out one by one (``by="row"``: as in a random split of the PPS export, where other
    tortured variants of the same expected phrase may have been seen).

    A group's fold is a hash of its key (the normalised expected phrase, or the row's
    phrase and expected phrase) salted with ``seed``, as :mod:`corpus.splits` places
    documents: a fix to some rows' expected phrases moves those rows alone, so
    cross-validation before and after it compares the same folds (a shuffled deal moved
    every group whenever one changed, model card item 124)."""
    if by == "row":
        return [_hashed_fold(f"{r.phrase}\t{r.expected}", folds, seed) for r in rows]
    return [_hashed_fold(norm(r.expected), folds, seed) if r.expected else -1 for r in rows]


def _hashed_fold(key: str, folds: int, seed: int) -> int:
    """The fold of a group named ``key``: the same on every run and machine."""
    return stable_hash(f"{seed}\t{key}") % folds


def _split(rows: Sequence[Any], folds: list[int], test: int, skip: int | None = None
           ) -> tuple[list[Any], list[Any]]:
    """Rows of fold ``test``, and rows of every other fold but ``skip``."""
    inside = [r for r, f in zip(rows, folds) if f == test]
    rest = [r for r, f in zip(rows, folds) if f not in (test, skip)]
    return inside, rest


def _generator(train_rows: Sequence[Any]) -> Any:
    from detector.candidates import CandidateGenerator
    from detector.fingerprints import SpinTable, learn_spin_table
    from detector.thesaurus import default as thesaurus

    th = thesaurus()
    # As detector.candidates.for_phrases makes them for detector.suggest.
    return CandidateGenerator(th, SpinTable(learn_spin_table(train_rows, related=th.is_related)),
                              adverbs=True)


def features(
    test_rows: Sequence[Any], train_rows: Sequence[Any], gen: Any = None
) -> list[tuple[np.ndarray, np.ndarray, list[str], str]]:
    """Per test row: feature matrix, labels (candidate and expected phrase are one term,
    :func:`term_key`), candidate and expected phrases as :func:`term_key` gives them, with
    candidates from a generator learned on ``train_rows`` (or ``gen``, already learned on
    them)."""
    from detector.restorer import phrase_candidates, phrase_rank_vectors

    gen = gen or _generator(train_rows)
    out = []
    for r in test_rows:
        if not r.expected:
            continue
        words, opts, gains, composed = phrase_candidates(r.phrase, None, gen)
        want = term_key(r.expected)
        if not opts:
            out.append((np.zeros((0, 0)), np.zeros(0), [], want))
            continue
        x = phrase_rank_vectors(words, opts, gains, composed, gen)
        texts = [term_key(o.text) for o in opts]
        out.append((x, np.asarray([t == want for t in texts], dtype=np.int64), texts, want))
    return out


def _inner_features(rows: Sequence[Any], folds: list[int], skip: int | None) -> list:
    """Features of every row outside fold ``skip``, each from a table learned without its own
    fold (and without ``skip``)."""
    out = []
    for j in range(FOLDS):
        if j == skip:
            continue
        test, train_rows = _split(rows, folds, j, skip)
        out.extend(features(test, train_rows))
    return out


def fit(items: list) -> dict[str, Any]:
    """Gradient-boosted trees over candidates of rows whose expected phrase is among them,
    then Platt scaling; returns a ``detector.classifier.Model`` dict."""
    from corpus.train import fit_trees, platt
    from detector.classifier import Model
    from detector.restorer import PHRASE_RANK_FEATURES

    usable = [(x, y) for x, y, _, _ in items if len(y) and y.any()]
    x = np.vstack([x for x, _ in usable])
    y = np.concatenate([y for _, y in usable])
    d = fit_trees(x, y, trees=TREES, depth=DEPTH)
    d["features"] = list(PHRASE_RANK_FEATURES)
    model = Model.from_dict(d)
    a, b = platt(model, x, y)
    d["platt_a"], d["platt_b"] = a, b
    return d


def _top(items: list, model: Any) -> tuple[int, int, int, int]:
    top1 = top5 = covered = 0
    for x, y, texts, want in items:
        if not texts:
            continue
        covered += bool(y.any())
        order = np.argsort(-model.predict(x), kind="stable")
        ranked = [texts[i] for i in order]
        top1 += ranked[:1] == [want]
        top5 += want in ranked[:5]
    return top1, top5, covered, len(items)


def _suggest_top(test_rows: Sequence[Any], gen: Any, ranker: Any) -> tuple[int, int]:
    """Top-1 / top-5 hits of :func:`detector.suggest` itself (curated forms first, then the
    ranker), with the candidate generator ``gen`` learned without ``test_rows``."""
    from detector.restorer import suggest

    top1 = top5 = 0
    for r in test_rows:
        if not r.expected:
            continue
        got = [term_key(s) for s in suggest(r.phrase, generator=gen, ranker=ranker)]
        want = term_key(r.expected)
        top1 += got[:1] == [want]
        top5 += want in got[:5]
    return top1, top5


def cross_validate(
    rows: Sequence[Any] | None = None, log=print, by: str = "expected"
) -> dict[str, Any]:
    """Nested grouped cross-validation of :func:`detector.suggest` on isolated PPS phrases:
    per held-out fold, the spin table, term list and phrase ranker are learned without it."""
    from detector.classifier import Model

    rows = list(rows if rows is not None else pps_fingerprints())
    folds = fold_of(rows, by=by)
    top1 = top5 = covered = n = 0
    for k in range(FOLDS):
        t0 = time.time()
        model = Model.from_dict(fit(_inner_features(rows, folds, k)))
        test, train_rows = _split(rows, folds, k)
        gen = _generator(train_rows)
        _, _, c, m = _top(features(test, train_rows, gen), model)
        a, b = _suggest_top(test, gen, model)
        top1, top5, covered, n = top1 + a, top5 + b, covered + c, n + m
        log(f"  fold {k}: top-1 {a / m:.3f} top-5 {b / m:.3f} covered {c / m:.3f} "
            f"({m} rows, {time.time() - t0:.0f}s)")
    return {"rows": n, "top1": top1 / n, "top5": top5 / n, "covered": covered / n,
            "folds": FOLDS, "by": by}


def train(rows: Sequence[Any] | None = None) -> dict[str, Any]:
    """The shipped ranker: trained on every row's out-of-fold features."""
    rows = list(rows if rows is not None else pps_fingerprints())
    return fit(_inner_features(rows, fold_of(rows), None))


def main(argv: list[str] | None = None) -> int:
    from detector.classifier import PHRASE_FORMAT, PHRASE_RANKER_FILE, PHRASE_VERSION
    from detector.fingerprints import CREDIT

    ap = argparse.ArgumentParser(prog="python -m corpus.train_phrase_ranker",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv", action="store_true", help="only run the nested cross-validation")
    ap.add_argument("--by", choices=("expected", "row"), default="expected",
                    help="cross-validation folds: grouped by expected phrase, or by row")
    args = ap.parse_args(argv)
    rows = pps_fingerprints()
    if args.cv:
        res = cross_validate(rows, by=args.by)
        print(f"top-1 {res['top1']:.3f} top-5 {res['top5']:.3f} covered {res['covered']:.3f} "
              f"({res['rows']} rows)")
        return 0
    t0 = time.time()
    ranker = train(rows)
    path = MODELS / PHRASE_RANKER_FILE
    write_json(path, {
        "format": PHRASE_FORMAT,
        "version": PHRASE_VERSION,
        "meta": {"rows": len(rows), "folds": FOLDS, "trees": TREES, "depth": DEPTH,
                 "trainer": "corpus/train_phrase_ranker.py"},
        "credit": CREDIT,
        "ranker": ranker,
    })
    update_manifest()
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB) in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
