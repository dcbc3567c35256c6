"""Would the span model gain from knowing how a wording usually fares in natural text?

    python -m bench.gain_by_wording                 # 3,000 spun train and 3,000 test records
    python -m bench.gain_by_wording --spun 1000 --test 1000

An experiment, not a shipped feature (model card, item 65). A commercial spinner swaps
common words for common synonyms ("help" -> "assist"), and the bigram gain of putting the
original back is small; but natural writers' "assist" is also beaten by "help" a little,
everywhere. Measured against the same wording's gains in natural text, a spun use might
stand out where the raw gain does not. This bench:

1. extracts evidence of the natural train-split records; half of them give, per observed
   wording (a span's text, lower-cased), the mean and standard deviation of its best
   candidate's gain; the other half are natural training text for the span models;
2. fits two span models as ``corpus/train.py`` fits the span model (gradient-boosted
   trees, 150 of depth 7) on ``--spun`` spun train records (seen profiles) plus that other
   half: on :data:`detector.features.SPAN_FEATURES` alone, and with three more features
   (the gain's z-score against its wording's natural gains when the wording was seen five
   times or more, the wording's mean natural gain, log of how often it was seen);
3. reports ROC AUC, average precision and recall at precision 0.85 of every span of
   ``--test`` test-split records (seen profiles, natural included).

Needs ``corpus/data`` and scikit-learn (build-time dependencies).
"""

from __future__ import annotations

import argparse
import collections
import math
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from corpus.train import NONE_PROFILE, evidence_all, load_doc_split, load_records, select  # noqa: E402

MIN_SEEN = 5


def span_experiment_args(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """The options of the span-feature experiments (this bench, ``bench/channel_features``)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--spun", type=int, default=3000, help="spun train-split records")
    ap.add_argument("--test", type=int, default=3000, help="test-split records")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    import importlib.util

    if importlib.util.find_spec("sklearn") is None:  # after --help, which needs none
        sys.exit("this bench fits span models with the build-time packages (scikit-learn "
                 "missing): pip install -e '.[build]'")
    return args


def fit_span_model(x: np.ndarray, y: np.ndarray):
    """A span model fitted as ``corpus/train.py`` fits it (gradient-boosted trees, 150 of
    depth 7)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=150, max_depth=7, learning_rate=0.1, max_leaf_nodes=31,
        l2_regularization=1.0, early_stopping=False, random_state=0).fit(x, y)


def recall_at_precision(p: np.ndarray, y: np.ndarray, floor: float = 0.85) -> float:
    """The highest recall of labels ``y`` at which scores ``p`` keep precision ``floor``."""
    order = np.argsort(-p)
    tp = np.cumsum(y[order])
    precision = tp / np.arange(1, len(order) + 1)
    ok = precision >= floor
    return float((tp / max(int(y.sum()), 1))[ok].max()) if ok.any() else 0.0


def main(argv: list[str] | None = None) -> int:
    args = span_experiment_args(__doc__, argv)
    from sklearn.metrics import average_precision_score, roc_auc_score

    from detector.features import SPAN_FEATURES

    records, split = load_records(), load_doc_split()
    rng = random.Random(3)
    natural = [r for r in records
               if split.get(r["doc_id"]) == "train" and r["profile"] == NONE_PROFILE]
    spun = [r for r in select(records, split, "train", "mythes") if r["profile"] != NONE_PROFILE]
    test = select(records, split, "test", "mythes")
    rng.shuffle(spun)
    rng.shuffle(test)
    gain = SPAN_FEATURES.index("gain")

    nat_items = evidence_all(natural, args.jobs)
    half = len(nat_items) // 2
    seen: dict[str, list[float]] = collections.defaultdict(list)
    for it in nat_items[:half]:
        for s in it["ev"].spans:
            seen[s.observed].append(s.values[gain])
    table = {k: (len(v), float(np.mean(v)), float(np.std(v)) + 0.5) for k, v in seen.items()}
    often = sum(1 for n, _, _ in table.values() if n >= MIN_SEEN)
    print(f"{len(natural)} natural train records; {len(table)} wordings seen in half of them, "
          f"{often} of them {MIN_SEEN}+ times\n")

    def rows(items: list) -> tuple[np.ndarray, np.ndarray]:
        xs, ys = [], []
        for it in items:
            for s, y in zip(it["ev"].spans, it["labels"], strict=True):
                if y < 0:
                    continue
                n, mean, sd = table.get(s.observed, (0, 0.0, 1.0))
                z = (s.values[gain] - mean) / sd if n >= MIN_SEEN else np.nan
                xs.append([*s.values, z, mean if n >= MIN_SEEN else np.nan, math.log1p(n)])
                ys.append(y)
        return np.asarray(xs, dtype=float), np.asarray(ys)

    x_tr, y_tr = rows(evidence_all(spun[: args.spun], args.jobs) + nat_items[half:])
    x_te, y_te = rows(evidence_all(test[: args.test], args.jobs))
    print(f"spans: {len(y_tr)} to train ({y_tr.mean():.3f} substituted), {len(y_te)} to test "
          f"({y_te.mean():.3f})\n")
    print("| span model | ROC AUC | average precision | recall at precision 0.85 |")
    print("|---|---|---|---|")
    for name, cols in (("span features", slice(0, len(SPAN_FEATURES))),
                       ("+ gain against the wording's natural gains", slice(None))):
        p = fit_span_model(x_tr[:, cols], y_tr).predict_proba(x_te[:, cols])[:, 1]
        print(f"| {name} | {roc_auc_score(y_te, p):.4f} | "
              f"{average_precision_score(y_te, p):.4f} | {recall_at_precision(p, y_te):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
