"""How far findings corroborate a window: the measurement behind ``PASSAGE_CORROBORATION``,
``SENTENCE_CORROBORATION`` and ``TEXT_CORROBORATION`` in ``detector/analyzer.py``.

    python -m bench.corroboration                   # dev and test splits, 2,000 records each kind
    python -m bench.corroboration --max-records 500 --jobs 2
    python -m bench.corroboration --max-k 10      # counts up to ten different findings

For passages of 80+ words, sentences and whole texts of the synthetic corpus (the labels
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
does not: in the JSON of ``unspin check`` on that bench's sources, 60 passages under the
threshold have one (the shipped k = 2 added 2 passages labelled spun there).

Passages under 80 words (a short file, a paragraph between headings) have their own row,
"short passage": the shipped rule raises them too, though the corpus holds too few to confirm
it (dev: 40 spun and no natural one with two or more different findings, 0.976 smoothed).

Texts of a single passage have a row of their own ("one-passage text"): their passage is
nearly the whole text, so a passage raised by its findings might carry it. On the dev split
it does not hold: of those under the threshold with two or more different findings, 36 were
spun and 2 natural (0.925; at six or more 16 and 0, 0.944), so a text is raised only through
two passages (:func:`detector.analyzer.document_probability`). ``--max-k`` widens the table.

Column k = 0 is the other half: windows scoring ``FINDING_SUPPORT_P`` (0.98) or more with no
finding at all. Their precision on dev is the most such a window may score (the rule's
``unconfirmed``), so that nothing is labelled spun without a finding to show. Column "k = 1
only" counts the windows scoring 0.98 or more whose findings report exactly one wording: on
dev their precision is what the rule's ``lone`` holds them to (passages and texts; under the
threshold, since natural writing no model saw has such passages the corpus does not: 24 of
the 161 passages ``bench/unseen_docs.py`` labelled spun before the rule).
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
KINDS = ("passage", "short passage", "sentence", "text", "one-passage text")
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
    whole = [(0, len(text), len(ev.words), sc.probability)] if ev.words else []
    out = []
    for kind, ranges in (("passage", passages), ("short passage", passages),
                         ("sentence", sentences), ("text", whole),
                         ("one-passage text", whole if len(passages) == 1 else [])):
        for a, b, n_words, p in ranges:
            if kind in ("passage", "short passage") and (
                    (kind == "passage") != (n_words >= MIN_PASSAGE_WORDS)):
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


def measure(split: str, limit: int, jobs: int, max_k: int = MAX_K) -> dict[str, Any]:
    from detector.analyzer import FINDING_SUPPORT_P
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
        for k in range(1, max_k + 1):
            spun = sum(y == 1 and p < thr and n >= k for y, p, n in mine)
            natural = sum(y == 0 and p < thr and n >= k for y, p, n in mine)
            r[k] = {"spun": spun, "natural": natural,
                    "precision": (spun + 1) / (spun + natural + 2)}
        # At FINDING_SUPPORT_P or more with no finding at all: nothing to show a reader.
        spun = sum(y == 1 and p >= FINDING_SUPPORT_P and n == 0 for y, p, n in mine)
        natural = sum(y == 0 and p >= FINDING_SUPPORT_P and n == 0 for y, p, n in mine)
        r[0] = {"spun": spun, "natural": natural, "precision": (spun + 1) / (spun + natural + 2)}
        # At FINDING_SUPPORT_P or more with a single wording to show.
        spun = sum(y == 1 and p >= FINDING_SUPPORT_P and n == 1 for y, p, n in mine)
        natural = sum(y == 0 and p >= FINDING_SUPPORT_P and n == 1 for y, p, n in mine)
        r["lone"] = {"spun": spun, "natural": natural,
                     "precision": (spun + 1) / (spun + natural + 2)}
        for key, k in (("unconfirmed_labelled", 0), ("lone_labelled", 1)):
            r[key] = {name: sum(y == label and p >= thr and n == k for y, p, n in mine)
                      for name, label in (("natural", 0), ("spun", 1))}
        res[kind] = r
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-records", type=int, default=2000,
                    help="records per kind (natural, spun) and split")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--splits", nargs="+", default=["dev", "test"])
    ap.add_argument("--max-k", type=int, default=MAX_K, help="largest count of findings shown")
    args = ap.parse_args(argv)
    from detector.analyzer import (
        PASSAGE_CORROBORATION,
        SENTENCE_CORROBORATION,
        TEXT_CORROBORATION,
    )

    shipped = {"passage": PASSAGE_CORROBORATION, "sentence": SENTENCE_CORROBORATION,
               "text": TEXT_CORROBORATION, "one-passage text": TEXT_CORROBORATION,
               "short passage": PASSAGE_CORROBORATION}
    for kind, rule in shipped.items():
        raised = (f"{rule.findings}+ different findings -> at least {rule.probability}; "
                  if rule.findings else "")
        lone = f"; one wording -> at most {rule.lone}" if rule.lone is not None else ""
        print(f"shipped, {kind}s: {raised}no finding -> at most {rule.unconfirmed}{lone}")
    print()
    print("Spun / natural windows (the rule's precision, Laplace): scoring 0.98 "
          "(FINDING_SUPPORT_P) or more with no finding (k = 0) or exactly one wording (k = 1 "
          "only), and under the threshold with k or more different findings.")
    print()
    print("| split | window | k = 0 | k = 1 only | "
          + " | ".join(f"k = {k}" for k in range(1, args.max_k + 1))
          + " | natural labelled spun: model / shipped | spun recall: model / shipped |")
    print("|---|---|---|---|" + "---|" * args.max_k + "---|---|")
    for split in args.splits:
        res = measure(split, args.max_records, args.jobs, args.max_k)
        for kind in KINDS:
            r, rule = res[kind], shipped[kind]
            n, s = r["natural"], r["spun"]
            cells = [f"{r[k]['spun']} / {r[k]['natural']} ({r[k]['precision']:.4f})"
                     for k in (0, "lone", *range(1, args.max_k + 1))]
            held = rule.lone is not None and rule.lone < res["threshold"]
            after = {name: r[name]["labelled"] - r["unconfirmed_labelled"][name]
                     - (r["lone_labelled"][name] if held else 0)
                     + (r[rule.findings][name] if rule.findings else 0)
                     for name in ("natural", "spun")}
            print(f"| {split} | {kind}s | " + " | ".join(cells)
                  + f" | {n['labelled']} / {after['natural']} of {n['windows']} "
                  f"| {s['labelled'] / max(s['windows'], 1):.3f} / "
                  f"{after['spun'] / max(s['windows'], 1):.3f} of {s['windows']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
