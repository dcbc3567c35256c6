"""Tortured phrases the curated list does not hold: does unspin find them in a paper?

    python -m bench.unlisted_tortured [--jobs 2] [--limit 400]

Paper mills keep paraphrasing, so the tortured phrases a research-integrity desk meets next
year are not on today's list. This measures what unspin makes of those: the PPS rows
(``../shared/data/pps_fingerprints_train.csv``) are dealt into the five folds of
``bench/quality.py``'s cross-validation, grouped by expected phrase (``--by row``: dealt row
by row, so that other tortured forms of a test phrase's term may be known, as they are for
next year's phrases of today's terms), and for each fold the
fingerprint list and the spin table learned from the PPS rows are rebuilt **without it**
(:func:`corpus.build_fingerprints.fingerprint_records`,
:func:`detector.fingerprints.learn_spin_table`), so that none of its phrases, nor the word
swaps learned from them, is known. Each of the fold's tortured phrases (plain ones, no query
conditions; ``--limit`` per fold) is then written into a paper and analysed with the shipped
models:

* **one in a human paragraph**: a natural scientific paragraph (the must-not-flag cases of
  genre ``scientific`` and ``academic``, in turn) with one sentence holding the phrase
  appended ("In this work, {phrase} was used to analyse the collected data."): the phrase
  must stand out on its own evidence;
* **a tortured abstract**: five of the fold's phrases in five such sentences in one
  paragraph, as a paper-mill abstract has them: the phrases are each other's company.

Counted: phrases with a finding on them (any rule); of those, the finding's first suggestion
equal to the expected phrase (the phrase ranker is the shipped one, trained on every row:
restoration figures lean optimistic, detection does not depend on it); and texts labelled
spun as a whole, what ``unspin check`` fails on. For comparison, the same phrases with the
shipped list and spin table (they are all listed there). Figures go in the model card by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

CASES = ROOT / "tests" / "cases" / "must_not_flag.jsonl"
CARRIERS = (
    "In this work, {phrase} was used to analyse the collected data.",
    "The results obtained with {phrase} are reported in the next section.",
    "We then compared {phrase} with the baseline methods.",
    "Several studies have examined {phrase} in recent years.",
    "Finally, {phrase} was evaluated on the test set.",
)
ABSTRACT_PHRASES = 5


def _paragraphs() -> list[str]:
    out = []
    with CASES.open(encoding="utf-8") as fh:
        for r in map(json.loads, fh):
            if r["genre"] in ("scientific", "academic"):
                out.append(r["text"].split("\n\n")[0])
    return out


def _plain(row: Any) -> bool:
    return bool(row.expected) and not re.search(r"\b(AND|NOT)\b|~\d", row.phrase)


_STATE: dict[str, Any] = {}


def _use_fold(fold: int | None, by: str = "expected") -> None:
    """Swap in the fingerprint list and spin table learned without ``fold`` (None: the
    shipped ones), in this process."""
    from corpus.build_fingerprints import fingerprint_records
    from corpus.sources import pps_fingerprints
    from corpus.train_phrase_ranker import fold_of
    from detector import analyzer, candidates, fingerprints
    from detector.thesaurus import default as thesaurus

    if _STATE.get("fold", "unset") == (fold, by):
        return
    if "shipped" not in _STATE:
        _STATE["shipped"] = (fingerprints.default(), fingerprints.default_spin_table())
    if fold is None:
        fingerprints._matcher, fingerprints._spin = _STATE["shipped"]
    else:
        rows = list(pps_fingerprints())
        train = [r for r, f in zip(rows, fold_of(rows, by=by), strict=True) if f != fold]
        fingerprints._matcher = fingerprints.Matcher(fingerprint_records(train))
        fingerprints._spin = fingerprints.SpinTable(
            fingerprints.learn_spin_table(train, related=thesaurus().is_related))
    # Rebuilt on the next call, with the table above (suggest()'s generator too), and so
    # are the list's well-known terms, which the analysis keeps from the list it met first.
    candidates._default = candidates._for_phrases = None
    analyzer._protected_terms.cache_clear()
    _STATE["fold"] = (fold, by)


def _check(job: tuple[int | None, str, str, list[tuple[int, int, str]]]
           ) -> tuple[list[tuple[bool, bool]], bool]:
    """(found, restored) for each planted phrase of one text, and whether the text is
    labelled spun."""
    import detector
    from corpus.train_phrase_ranker import term

    fold, by, text, planted = job
    _use_fold(fold, by)
    report = detector.analyze(text)
    out = []
    for start, end, expected in planted:
        hits = [f for f in report.findings if f.start < end and f.end > start]
        found = bool(hits)
        restored = found and bool(hits[0].suggestions) and (
            hits[0].start == start and hits[0].end == end
            and term(hits[0].suggestions[0]) == term(expected))
        out.append((found, restored))
    return out, report.label == "spun"


def _texts(rows: list[Any], paragraphs: list[str], rng: random.Random
           ) -> tuple[list[tuple[str, list]], list[tuple[str, list]]]:
    """The one-phrase texts and the abstracts of ``rows``."""
    single, abstracts = [], []
    for k, r in enumerate(rows):
        para = paragraphs[k % len(paragraphs)]
        sentence = CARRIERS[k % len(CARRIERS)].format(phrase=r.phrase)
        text = para + " " + sentence
        start = len(para) + 1 + sentence.index(r.phrase)
        single.append((text, [(start, start + len(r.phrase), r.expected)]))
    for k in range(0, len(rows) - ABSTRACT_PHRASES + 1, ABSTRACT_PHRASES):
        text, planted = "", []
        for j, r in enumerate(rows[k : k + ABSTRACT_PHRASES]):
            sentence = CARRIERS[j].format(phrase=r.phrase)
            start = len(text) + sentence.index(r.phrase)
            planted.append((start, start + len(r.phrase), r.expected))
            text += sentence + " "
        abstracts.append((text.strip(), planted))
    rng.shuffle(single)
    return single, abstracts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=400, help="phrases per fold")
    ap.add_argument("--by", choices=("expected", "row"), default="expected",
                    help="folds grouped by expected phrase (a test phrase's term never seen: "
                         "the default), or dealt by row (other variants of its term seen)")
    args = ap.parse_args()

    from corpus.sources import pps_fingerprints
    from corpus.train_phrase_ranker import FOLDS, fold_of

    rows = list(pps_fingerprints())
    folds = fold_of(rows, by=args.by)
    paragraphs = _paragraphs()
    rng = random.Random(3)
    totals: dict[tuple[str, str], list[tuple[bool, bool]]] = {}
    labelled: dict[tuple[str, str], list[bool]] = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        for fold in range(FOLDS):
            test = [r for r, f in zip(rows, folds, strict=True) if f == fold and _plain(r)]
            rng.shuffle(test)
            single, abstracts = _texts(test[: args.limit], paragraphs, rng)
            for lists, setting in ((fold, "unlisted"), (None, "listed")):
                for name, texts in (("one in a human paragraph", single),
                                    ("a tortured abstract", abstracts)):
                    jobs = [(lists, args.by, t, p) for t, p in texts]
                    results = list(pool.map(_check, jobs, chunksize=8))
                    totals.setdefault((name, setting), []).extend(
                        x for res, _ in results for x in res)
                    labelled.setdefault((name, setting), []).extend(
                        spun for _, spun in results)
            print(f"fold {fold} done", file=sys.stderr)
    print("| setting | phrases | list and spin table | found | first suggestion the "
          "expected phrase | texts labelled spun |")
    print("|---|---|---|---|---|---|")
    for (name, setting), got in totals.items():
        n = len(got)
        found = sum(f for f, _ in got)
        restored = sum(r for _, r in got)
        spun = labelled[(name, setting)]
        print(f"| {name} | {n:,} | {setting} | {found / n:.1%} | "
              f"{restored / n:.1%} ({restored / max(found, 1):.1%} of found) | "
              f"{sum(spun):,} of {len(spun):,} |")


if __name__ == "__main__":
    main()
