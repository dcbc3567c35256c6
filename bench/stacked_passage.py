"""Would a second passage model on top of the context span model label more spun passages?

    python -m bench.stacked_passage                  # 3,000 train and 3,000 test records
    python -m bench.stacked_passage --train 1000 --test 1000

An experiment, not a shipped model (model card, item 64). The passage model reads aggregates
of the *span* model's scores; the context span model (which also sees the neighbourhood and
how a wording fares across the text) is run only in spun company, to pick findings. This
bench asks whether the context model's scores, run on every reportable span and aggregated
per window like the span scores (mean, share over 0.5 and 0.8, top-3 mean, log count over
0.5, over content words), carry what the passage model misses:

1. evidence of ``--train`` train-split records (seen profiles) plus joined documents, and of
   ``--test`` test-split records, with the shipped span, passage and context models;
2. two passage models fitted as ``corpus/train.py`` fits the passage model (gradient-boosted
   trees, 120 trees of depth 5): on :data:`detector.features.PASSAGE_FEATURES` alone, and
   with the five context aggregates added;
3. on test passages of 80+ words: ROC AUC and recall at the score where 0.25% and 1% of
   natural test passages are reached (thresholds read off the test split itself, so both
   models are flattered alike), and recall by spinner profile;
4. the shipped pipeline's own labels on the same passages (``detector.analyze``: passage
   model plus corroboration by findings), and the union of those labels with the stacked
   model's, which is roughly what adding the stacked model as one more route would give.

Needs ``corpus/data`` and scikit-learn (build-time dependencies).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from corpus.train import (  # noqa: E402
    NONE_PROFILE,
    evidence_all,
    joined_documents,
    load_doc_split,
    load_records,
    select,
    set_span_p,
    window_label,
    windows,
)

N_CONTEXT = 5  # aggregates appended to the passage features


def window_rows(items: list, m) -> tuple[np.ndarray, np.ndarray, list]:
    """Passage features plus context aggregates per window; labels; (kind, words, profile,
    item id, first character) per row."""
    from detector.analyzer import reportable, score_windows
    from detector.features import context_matrix

    set_span_p(items, m.span)
    xs, ys, info = [], [], []
    for it in items:
        ev = it["ev"]
        sc = score_windows(ev, m.threshold)
        ks = [k for k, s in enumerate(ev.spans) if reportable(s, ev.text)]
        word_ctx = np.zeros(len(ev.words))
        if ks:
            x = context_matrix(ev, sc.windows, sc.support, sc.word_passage_p, sc.probability, ks)
            for k, p in zip(ks, m.context.predict(x).tolist(), strict=True):
                s = ev.spans[k]
                word_ctx[s.first : s.last] = np.maximum(word_ctx[s.first : s.last], p)
        pe = sc.windows
        spun = it["rec"]["profile"] != NONE_PROFILE
        for kind, i, j, n in windows(it):
            if it["rec"].get("document") and kind != "text":
                continue
            y = window_label(spun, it["mask"][i:j], pe.content[i:j])
            if y is None:
                continue
            c = word_ctx[i:j][pe.content[i:j]]
            nc = max(len(c), 1)
            top = np.sort(c)[::-1][:3] if len(c) else np.zeros(1)
            xs.append([
                *pe.vector(i, j),
                float(c.sum() / nc), float((c > 0.5).sum() / nc), float((c > 0.8).sum() / nc),
                float(top.mean()), math.log1p(float((c > 0.5).sum())),
            ])
            ys.append(y)
            info.append((kind, n, it["rec"]["profile"], id(it), ev.words[i].start))
    return np.asarray(xs), np.asarray(ys), info


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=120, max_depth=5, learning_rate=0.1, max_leaf_nodes=31,
        l2_regularization=1.0, early_stopping=False, random_state=0).fit(x, y)


def recall_row(name: str, p: np.ndarray, y: np.ndarray, long_: np.ndarray,
               pos: np.ndarray, neg: np.ndarray) -> float:
    """Print a table row: ROC AUC over the long passages, recall of the spun ones (``pos``)
    where 0.25% and 1% of the natural ones (``neg``) are reached; return the 0.25% score."""
    from sklearn.metrics import roc_auc_score

    nat = np.sort(p[neg])[::-1]
    thr = {f: nat[math.floor(f * len(nat))] + 1e-9 for f in (0.0025, 0.01)}
    print(f"| {name} | {roc_auc_score(y[long_], p[long_]):.4f} | "
          f"{float((p[pos] >= thr[0.0025]).mean()):.3f} | "
          f"{float((p[pos] >= thr[0.01]).mean()):.3f} |")
    return thr[0.0025]


def profile_table(names: tuple[str, str], prof: np.ndarray, pos: np.ndarray,
                  a: np.ndarray, b: np.ndarray, digits: int = 3) -> None:
    """Print recall of the spun passages (``pos``) by spinner profile (``prof``) under two
    labellings ``a`` and ``b``, headed ``names``."""
    print(f"\n| profile | spun passages | {names[0]} | {names[1]} |")
    print("|---|---|---|---|")
    for q in sorted(set(prof[pos].tolist())):
        sel = pos & (prof == q)
        print(f"| {q} | {int(sel.sum())} | {float(a[sel].mean()):.{digits}f} | "
              f"{float(b[sel].mean()):.{digits}f} |")


def experiment_args(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """The options of a passage-model experiment (this one, ``bench/dictionary_passage.py``)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--train", type=int, default=3000, help="train-split records")
    ap.add_argument("--test", type=int, default=3000, help="test-split records")
    ap.add_argument("--jobs", type=int, default=2)
    return ap.parse_args(argv)


def draw(every_profile: bool) -> tuple[list, list, list]:
    """The experiments' draw: train-split records of the seen profiles and 200 documents
    joined from them per group, and test-split records of the seen profiles (or, with
    ``every_profile``, of every profile), the records shuffled."""
    records, split = load_records(), load_doc_split()
    rng = random.Random(5)
    train = select(records, split, "train", "mythes")
    test = ([r for r in records if split.get(r["doc_id"]) == "test"] if every_profile
            else select(records, split, "test", "mythes"))
    docs = joined_documents(train, 200, 13)
    rng.shuffle(train)
    rng.shuffle(test)
    return train, docs, test


def main(argv: list[str] | None = None) -> int:
    import detector
    from detector.classifier import models

    args = experiment_args(__doc__, argv)
    m = models()
    train, docs, test = draw(every_profile=False)
    t0 = time.time()
    x_tr, y_tr, _ = window_rows(evidence_all(train[: args.train] + docs, args.jobs), m)
    items = evidence_all(test[: args.test], args.jobs)
    x_te, y_te, info = window_rows(items, m)
    print(f"window rows: train {len(y_tr)}, test {len(y_te)} ({time.time() - t0:.0f}s)",
          file=sys.stderr)

    long_ = np.asarray([k == "passage" and n >= 80 for k, n, *_ in info])
    prof = np.asarray([p for _, _, p, *_ in info])
    pos, neg = long_ & (y_te == 1), long_ & (y_te == 0)
    print(f"test passages of 80+ words: {int(pos.sum())} spun, {int(neg.sum())} natural\n")
    print("| passage model | ROC AUC | recall at natural FPR 0.25% | at 1% |")
    print("|---|---|---|---|")
    stacked_p = stacked_thr = None
    for name, cols in (("passage features", slice(0, x_tr.shape[1] - N_CONTEXT)),
                       ("+ context aggregates", slice(None))):
        p = fit(x_tr[:, cols], y_tr).predict_proba(x_te[:, cols])[:, 1]
        stacked_p, stacked_thr = p, recall_row(name, p, y_te, long_, pos, neg)

    # The shipped pipeline's labels of the same passages (passage model + corroboration).
    by_item = {id(it): it for it in items}
    labels: dict[int, dict[int, bool]] = {}
    shipped = np.zeros(len(y_te), dtype=bool)
    for r, (_, _, _, item, start) in enumerate(info):
        if not long_[r]:
            continue
        if item not in labels:
            rep = detector.analyze(by_item[item]["ev"].text)
            labels[item] = {p.start: p.label == "spun" for p in rep.passages}
        starts = [s for s in labels[item] if s <= start]
        shipped[r] = bool(starts) and labels[item][max(starts)]
    union = shipped | (stacked_p >= stacked_thr)
    print("\n| labels | recall | natural FPR |")
    print("|---|---|---|")
    for name, lab in (("shipped pipeline", shipped), ("stacked model alone", stacked_p
                                                       >= stacked_thr), ("union", union)):
        print(f"| {name} | {float(lab[pos].mean()):.3f} | {float(lab[neg].mean()):.4f} |")
    profile_table(("shipped recall", "union recall"), prof, pos, shipped, union, digits=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
