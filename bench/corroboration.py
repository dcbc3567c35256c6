"""How far findings corroborate a passage: the measurement behind ``CORROBORATED_P``.

    python -m bench.corroboration                   # dev and test splits, 2,000 records each kind
    python -m bench.corroboration --max-records 500 --jobs 2

For passages of 80+ words of the synthetic corpus (the labels ``bench/quality.py`` uses: a
passage of a spun record is spun when 5% or more of its content words were substituted), it
reads the passage model's own score (before :func:`detector.analyzer.corroborated`) and how
many different wordings the findings in the passage report. It prints, per split, the
passages the passage model labels spun, and those the rule adds: under the threshold with
:data:`detector.analyzer.CORROBORATING_FINDINGS` or more different findings. On the dev
split the rule's precision, Laplace-smoothed, is the probability such a passage gets
(:data:`detector.analyzer.CORROBORATED_P`); the test split shows what the rule does to
passages no choice was made on. Natural writing unlike the corpus is
``bench/unseen_docs.py``'s part.
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


def passages_of(rec: dict[str, Any]) -> list[tuple[int, float, int]]:
    """``(label, passage-model score, different findings)`` of each labelled 80+-word passage
    of one corpus record."""
    from detector import analyzer
    from detector.candidates import STOPWORDS
    from detector.classifier import models
    from detector.tokens import LineIndex, tokenize

    text = rec["spun"]
    subs = rec.get("substitutions") or []
    ev = analyzer.evidence(text)
    sc = analyzer.score_windows(ev, models().threshold)
    findings = analyzer._findings(ev, LineIndex(text), sc)
    out = []
    for (a, b, i, j, _), p in zip(sc.passage_ranges, sc.passage_p, strict=True):
        if p is None or j - i < MIN_PASSAGE_WORDS:
            continue
        words = [t for t in tokenize(text, a, b) if t.kind == "word" and t.norm not in STOPWORDS]
        hit = np.asarray([any(s["start"] < t.end and s["end"] > t.start for s in subs)
                          for t in words], dtype=bool)
        label = window_label(rec["profile"] != NONE_PROFILE, hit, np.ones(len(hit), dtype=bool))
        if label is not None:
            out.append((label, p, analyzer.distinct_findings(findings, a, b)))
    return out


def measure(split: str, limit: int, jobs: int) -> dict[str, Any]:
    from detector.analyzer import CORROBORATING_FINDINGS
    from detector.classifier import models

    thr = models().threshold
    doc_split = load_doc_split()
    records = [r for r in load_records() if doc_split.get(r["doc_id"]) == split]
    random.Random(3).shuffle(records)
    chosen = ([r for r in records if r["profile"] == NONE_PROFILE][:limit]
              + [r for r in records if r["profile"] != NONE_PROFILE][:limit])
    with ProcessPoolExecutor(jobs) as pool:
        rows = [x for out in pool.map(passages_of, chosen, chunksize=8) for x in out]
    res: dict[str, Any] = {"split": split, "threshold": thr}
    for name, label in (("natural", 0), ("spun", 1)):
        mine = [(p, k) for y, p, k in rows if y == label]
        res[name] = {"passages": len(mine),
                     "labelled": sum(p >= thr for p, _ in mine),
                     "added": sum(p < thr and k >= CORROBORATING_FINDINGS for p, k in mine)}
    added_spun, added_natural = res["spun"]["added"], res["natural"]["added"]
    res["precision_of_added"] = (added_spun + 1) / (added_spun + added_natural + 2)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-records", type=int, default=2000,
                    help="records per kind (natural, spun) and split")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--splits", nargs="+", default=["dev", "test"])
    args = ap.parse_args(argv)
    from detector.analyzer import CORROBORATED_P, CORROBORATING_FINDINGS

    print(f"rule: {CORROBORATING_FINDINGS}+ different findings -> at least {CORROBORATED_P}")
    print("| split | natural passages | labelled spun | + rule | spun passages | recall "
          "| + rule | precision of the added (Laplace) |")
    print("|---|---|---|---|---|---|---|---|")
    for split in args.splits:
        r = measure(split, args.max_records, args.jobs)
        n, s = r["natural"], r["spun"]
        recall = s["labelled"] / max(s["passages"], 1)
        recall_after = (s["labelled"] + s["added"]) / max(s["passages"], 1)
        print(f"| {split} | {n['passages']} | {n['labelled']} | {n['labelled'] + n['added']} "
              f"| {s['passages']} | {recall:.3f} | {recall_after:.3f} "
              f"| {r['precision_of_added']:.4f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
