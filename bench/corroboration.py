"""How far findings corroborate a window: the measurement behind ``PASSAGE_CORROBORATION``
and ``SENTENCE_CORROBORATION`` in ``detector/analyzer.py``.

    python -m bench.corroboration                   # dev and test splits, 2,000 records each kind
    python -m bench.corroboration --max-records 500 --jobs 2

For passages of 80+ words and for sentences of the synthetic corpus (the labels
``bench/quality.py`` uses: a window of a spun record is spun when 5% or more of its content
words were substituted), it reads the passage model's own score (before
:func:`detector.analyzer.corroborated`) and how many different wordings the findings in the
window report. For windows the passage model leaves under the threshold it counts, for each
number of different findings k, the spun and natural ones with k or more: the rule's
precision there, Laplace-smoothed, is the probability such a window gets on the class balance
the passage model is calibrated on. The dev split gives the probability and bounds k (the
rule's precision must reach the threshold); the test split shows what the shipped rule does
to windows no choice was made on. Natural writing unlike the corpus is
``bench/unseen_docs.py``'s part, and it decided k for passages: one finding reaches the
threshold on dev (0.9916), but natural writing no model saw has lone findings the corpus
does not, and k = 1 would have added 60 passages labelled spun there (k = 2: 2).
"""

from __future__ import annotations

import argparse
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from corpus.train import (  # noqa: E402
    NONE_PROFILE,
    load_doc_split,
    load_records,
    window_label,
)

MIN_PASSAGE_WORDS = 80
KINDS = ("passage", "sentence")
MAX_K = 4


def windows_of(rec: dict[str, Any]) -> list[tuple[str, int, float, int]]:
    """``(kind, label, passage-model score, different findings)`` of each labelled 80+-word
    passage and each labelled sentence of one corpus record."""
    from detector import analyzer
    from detector.candidates import STOPWORDS
    from detector.classifier import models
    from detector.tokens import LineIndex, tokenize

    text = rec["spun"]
    subs = rec.get("substitutions") or []
    ev = analyzer.evidence(text)
    sc = analyzer.score_windows(ev, models().threshold)
    findings = analyzer._findings(ev, LineIndex(text), sc)
    passages = [(a, b, j - i, p) for (a, b, i, j, _), p in
                zip(sc.passage_ranges, sc.passage_p, strict=True) if p is not None]
    sentences = [(a, b, j - i, p) for (a, b, i, j), p in
                 zip(sc.sentence_ranges, sc.sentence_p, strict=True)]
    out = []
    for kind, ranges in (("passage", passages), ("sentence", sentences)):
        for a, b, n_words, p in ranges:
            if kind == "passage" and n_words < MIN_PASSAGE_WORDS:
                continue
            words = [t for t in tokenize(text, a, b)
                     if t.kind == "word" and t.norm not in STOPWORDS]
            hit = np.asarray([any(s["start"] < t.end and s["end"] > t.start for s in subs)
                              for t in words], dtype=bool)
            label = window_label(rec["profile"] != NONE_PROFILE, hit,
                                 np.ones(len(hit), dtype=bool))
            if label is not None:
                out.append((kind, label, p, analyzer.distinct_findings(findings, a, b)))
    return out


def measure(split: str, limit: int, jobs: int) -> dict[str, Any]:
    from detector.classifier import models

    thr = models().threshold
    doc_split = load_doc_split()
    records = [r for r in load_records() if doc_split.get(r["doc_id"]) == split]
    random.Random(3).shuffle(records)
    chosen = ([r for r in records if r["profile"] == NONE_PROFILE][:limit]
              + [r for r in records if r["profile"] != NONE_PROFILE][:limit])
    with ProcessPoolExecutor(jobs) as pool:
        rows = [x for out in pool.map(windows_of, chosen, chunksize=8) for x in out]
    res: dict[str, Any] = {"split": split, "threshold": thr}
    for kind in KINDS:
        mine = [(y, p, k) for kd, y, p, k in rows if kd == kind]
        r: dict[str, Any] = {}
        for name, label in (("natural", 0), ("spun", 1)):
            r[name] = {"windows": sum(y == label for y, _, _ in mine),
                       "labelled": sum(y == label and p >= thr for y, p, _ in mine)}
        for k in range(1, MAX_K + 1):
            spun = sum(y == 1 and p < thr and n >= k for y, p, n in mine)
            natural = sum(y == 0 and p < thr and n >= k for y, p, n in mine)
            r[k] = {"spun": spun, "natural": natural,
                    "precision": (spun + 1) / (spun + natural + 2)}
        res[kind] = r
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-records", type=int, default=2000,
                    help="records per kind (natural, spun) and split")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--splits", nargs="+", default=["dev", "test"])
    args = ap.parse_args(argv)
    from detector.analyzer import PASSAGE_CORROBORATION, SENTENCE_CORROBORATION

    shipped = {"passage": PASSAGE_CORROBORATION, "sentence": SENTENCE_CORROBORATION}
    for kind, rule in shipped.items():
        print(f"shipped, {kind}s: {rule.findings}+ different findings -> at least "
              f"{rule.probability}")
    print()
    print("Windows under the threshold with k or more different findings: spun / natural "
          "(precision, Laplace)")
    print()
    print("| split | window | " + " | ".join(f"k = {k}" for k in range(1, MAX_K + 1))
          + " | natural labelled spun: model / + shipped rule | spun recall: model / "
          "+ shipped rule |")
    print("|---|---|" + "---|" * MAX_K + "---|---|")
    for split in args.splits:
        res = measure(split, args.max_records, args.jobs)
        for kind in KINDS:
            r, k_ = res[kind], shipped[kind].findings
            n, s = r["natural"], r["spun"]
            cells = [f"{r[k]['spun']} / {r[k]['natural']} ({r[k]['precision']:.4f})"
                     for k in range(1, MAX_K + 1)]
            recall = s["labelled"] / max(s["windows"], 1)
            recall_after = (s["labelled"] + r[k_]["spun"]) / max(s["windows"], 1)
            print(f"| {split} | {kind}s | " + " | ".join(cells)
                  + f" | {n['labelled']} / {n['labelled'] + r[k_]['natural']} of "
                  f"{n['windows']} | {recall:.3f} / {recall_after:.3f} of {s['windows']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
