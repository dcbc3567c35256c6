"""Looser readings of the ``tortured-term`` rule: what they would catch, and what they cost.

    python -m bench.rebuilt_terms [--jobs 2] [--by row] [--natural 7680]

The rule (:data:`detector.analyzer.TORTURED_TERM`, :func:`detector.analyzer._rebuilt_terms`)
reports a multiword wording the n-gram baselines never saw, one of whose candidates is a
known term, only in company: two different such wordings (or listed tortured phrases) in a
passage that reads spun itself. ``bench/unlisted_tortured.py`` finds that it seldom fires on
tortured phrases no list holds. This bench collects the rule's raw material, every wording
that has a known term among its candidates before the company and passage filters, and
counts, for readings of the rule that ask less, the texts where it would fire:

* the five-phrase tortured abstracts of ``bench/unlisted_tortured.py`` (400, with the
  fingerprint list and spin table rebuilt without each fold, ``--by`` as there);
* records of the built natural corpus (``corpus/data/natural.jsonl``; the first
  ``--natural`` of them);
* the must-not-flag cases (``tests/cases/must_not_flag.jsonl``).

A reading is: the term sources (the spin table's terms, the PPS rows' expected phrases, as
shipped; or those and the manuals' term pairs of :mod:`detector.terminology` for a wording of
two words), the different wordings a passage must hold, the least span score, and the least
score of the passage (with the wordings; the shipped rule also reads it without them and
counts listed tortured phrases as company, which this bench leaves out). Wordings are taken
longest first, without overlaps, as the rule takes them. Figures go in the model card by
hand.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

NATURAL = ROOT / "corpus" / "data" / "natural.jsonl"
CASES = ROOT / "tests" / "cases" / "must_not_flag.jsonl"


class Wording(NamedTuple):
    first: int
    last: int
    observed: str
    source: str  # "pps": a term of the spin table; "pairs": a pair of detector.terminology
    span_p: float
    passage: int


class Reading(NamedTuple):
    name: str
    sources: tuple[str, ...] = ("pps",)
    company: int = 2
    min_span_p: float = 0.3
    min_passage_p: float | None = 0.9


READINGS = (
    Reading("as shipped (approximately)"),
    Reading("no passage score", min_passage_p=None),
    Reading("no passage score, three wordings", company=3, min_passage_p=None),
    Reading("term pairs too", sources=("pps", "pairs")),
    Reading("term pairs too, passage 0.5", sources=("pps", "pairs"), min_passage_p=0.5),
    Reading("term pairs too, no passage score", sources=("pps", "pairs"), min_passage_p=None),
    Reading("term pairs too, no passage score, three wordings", sources=("pps", "pairs"),
            company=3, min_passage_p=None),
)


def wordings(text: str) -> tuple[list[Wording], list[float | None]] | None:
    """The text's wordings with a known term among their candidates, and its passages'
    scores; None for a text not read as English."""
    from detector import analyzer, baselines, terminology
    from detector.features import words_mentioned

    ev = analyzer.evidence(text)
    if not analyzer._is_english(ev):
        return None
    sc = analyzer.score_windows(ev, analyzer.models().threshold)
    terms = analyzer.default_generator().spin.terms
    out = []
    for s, p in zip(ev.spans, ev.span_p.tolist(), strict=True):
        n = s.last - s.first
        if n < 2 or s.observed in terms or analyzer._in_compound(ev, s) or (
                baselines.ngram_seen(s.observed.split(" "))):
            continue
        fits = [o.text for o in s.options if o.text.count(" ") == n - 1
                and not analyzer._inflected(s.observed, o.text)]
        term = next((t for t in fits if t in terms), None)
        source = "pps"
        if term is None and n == 2:
            term = next((t for t in fits if terminology.is_term_pair(*t.split(" "))), None)
            source = "pairs"
        if term is None or words_mentioned(ev, s.first, s.last, term):
            continue
        passage = next((k for k, (_, _, i, j, _) in enumerate(sc.passage_ranges)
                        if i <= s.first < j), -1)
        out.append(Wording(s.first, s.last, s.observed, source, p, passage))
    return out, list(sc.passage_p)


def fires(found: tuple[list[Wording], list[float | None]] | None, reading: Reading) -> bool:
    """Whether ``reading`` of the rule reports a wording of the text."""
    if found is None:
        return False
    ws, passage_p = found
    ws = sorted((w for w in ws if w.source in reading.sources and w.span_p >= reading.min_span_p),
                key=lambda w: (w.first - w.last, w.first))
    taken: set[int] = set()
    groups: dict[int, set[str]] = {}
    for w in ws:
        if taken.isdisjoint(range(w.first, w.last)):
            taken.update(range(w.first, w.last))
            groups.setdefault(w.passage, set()).add(w.observed)
    for passage, observed in groups.items():
        p = passage_p[passage] if passage >= 0 else None
        if p is None or (reading.min_passage_p is not None and p < reading.min_passage_p):
            continue
        if len(observed) >= reading.company:
            return True
    return False


def _scan(job: tuple[int | None, str, str]) -> Any:
    from bench.unlisted_tortured import _use_fold

    fold, by, text = job
    _use_fold(fold, by)
    return wordings(text)


def _abstracts(by: str) -> list[tuple[int, str]]:
    """(fold, text) of the tortured abstracts of ``bench/unlisted_tortured.py``."""
    from bench.unlisted_tortured import _paragraphs, _plain, _texts
    from corpus.sources import pps_fingerprints
    from corpus.train_phrase_ranker import FOLDS, fold_of

    rows = list(pps_fingerprints())
    folds = fold_of(rows, by=by)
    paragraphs = _paragraphs()
    rng = random.Random(3)
    out = []
    for fold in range(FOLDS):
        test = [r for r, f in zip(rows, folds, strict=True) if f == fold and _plain(r)]
        rng.shuffle(test)
        _, abstracts = _texts(test[:400], paragraphs, rng)
        out += [(fold, text) for text, _ in abstracts]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--by", choices=("expected", "row"), default="expected",
                    help="folds of the abstracts' phrases, as bench/unlisted_tortured.py")
    ap.add_argument("--natural", type=int, default=10_000,
                    help="natural corpus records to read (the first N)")
    args = ap.parse_args()
    if not NATURAL.is_file():
        sys.exit(f"{NATURAL} not found: build the corpus first (python -m corpus.build_corpus)")

    with NATURAL.open(encoding="utf-8") as fh:
        natural = [json.loads(line)["text"] for line in fh][: args.natural]
    with CASES.open(encoding="utf-8") as fh:
        cases = [json.loads(line)["text"] for line in fh if line.strip()]
    sets = {
        "tortured abstracts": [(fold, args.by, t) for fold, t in _abstracts(args.by)],
        "natural corpus records": [(None, args.by, t) for t in natural],
        "must-not-flag cases": [(None, args.by, t) for t in cases],
    }
    found = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        for name, jobs in sets.items():
            found[name] = list(pool.map(_scan, jobs, chunksize=8))
            print(f"{name}: {len(jobs)} read", file=sys.stderr)
    names = list(sets)
    print("| reading of the rule | " + " | ".join(f"{n} ({len(sets[n]):,})" for n in names)
          + " |")
    print("|---|" + "---|" * len(names))
    for reading in READINGS:
        counts = [sum(fires(f, reading) for f in found[n]) for n in names]
        print(f"| {reading.name} | " + " | ".join(f"{c:,}" for c in counts) + " |")


if __name__ == "__main__":
    main()
