"""Would the passage model label more spun passages if it read the spinner's dictionary?

    python -m bench.dictionary_passage                  # 3,000 train and 3,000 test records
    python -m bench.dictionary_passage --train 1000 --test 1000

An experiment, not a shipped model (model card, item 83). A spinner is a dictionary: it
writes the same synonym wherever the original stood ("stated" fourteen times in the spun
seed, "said" never). The context span model reads that per wording
(``detector.features._TypeStats``), but it runs only in spun company, which the passage
model decides without it, counting each wording at its two strongest uses; a short news
story spun that way (the must-flag case ``f-story-election-count``: "stated" four times at
0.3-0.5, "said" never) stays at 0.79. A wording is *dictionary-like* here when the text uses
it at least twice, every time where a span of it can be claimed, its best candidate is
nowhere in the text, and its mean span score is at least 0.3. Four aggregates per window
are appended to :data:`detector.features.PASSAGE_FEATURES` (:data:`DICTIONARY_FEATURES`):
how many such wordings the window uses (log1p), their uses per content word, their mean
span score and their mean gain (0 when none).

The passage model is fitted both ways as ``bench/stacked_passage.py`` fits it
(gradient-boosted trees, 120 of depth 5) on ``--train`` train-split records of the seen
profiles plus joined documents, and compared on ``--test`` test-split records (every
profile, and natural ones): ROC AUC and recall at the score where 0.25% and 1% of natural
test passages of 80+ words are reached (read off the test split itself, so both fits are
flattered alike), overall and by spinner profile. The span scores are the shipped span
model's. Needs ``corpus/data`` and scikit-learn (build-time dependencies).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.stacked_passage import (  # noqa: E402
    draw,
    experiment_args,
    fit,
    profile_table,
    recall_row,
)
from corpus.train import evidence_all, passage_matrix  # noqa: E402

DICTIONARY_FEATURES = ("log_n_dictionary", "dictionary_density", "dictionary_mean_p",
                       "dictionary_mean_gain")
DICTIONARY_MIN_P = 0.3


def dictionary_wordings(ev) -> dict[str, tuple[float, float]]:
    """The dictionary-like wordings of ``ev`` (span scores filled in), each with its mean
    span score and mean gain."""
    from detector.features import _GAIN, _TypeStats

    stats = _TypeStats(ev)
    out = {}
    for observed, ks in stats.by_type.items():
        if len(ks) < 2:
            continue
        if stats.occurrences.count(observed.split(" "), 0, stats.n_words) > len(ks):
            continue  # also written where no span can be claimed: a writer's own word
        best = ev.spans[ks[0]].best_option.text.split(" ")
        if stats.occurrences.count(best, 0, stats.n_words):
            continue
        p = sum(float(ev.span_p[k]) for k in ks) / len(ks)
        if p >= DICTIONARY_MIN_P:
            out[observed] = (p, sum(ev.spans[k].values[_GAIN] for k in ks) / len(ks))
    return out


def dictionary_row(ev, types: dict[str, tuple[float, float]], first: np.ndarray,
                   i: int, j: int, content: int) -> list[float]:
    """:data:`DICTIONARY_FEATURES` of the window of words ``[i, j)``."""
    inside = np.nonzero((first >= i) & (first < j))[0]
    uses = [ev.spans[k].observed for k in inside if ev.spans[k].observed in types]
    kinds = set(uses)
    if not kinds:
        return [0.0, 0.0, 0.0, 0.0]
    return [math.log1p(len(kinds)), len(uses) / max(content, 1),
            sum(types[t][0] for t in kinds) / len(kinds),
            sum(types[t][1] for t in kinds) / len(kinds)]


def dictionary_columns(it: dict, pe) -> Callable[[int, int], list[float]]:
    """For ``corpus.train.passage_matrix``: a window's :data:`DICTIONARY_FEATURES`."""
    ev = it["ev"]
    types = dictionary_wordings(ev)
    first = np.asarray([s.first for s in ev.spans], dtype=np.int64)
    return lambda i, j: dictionary_row(ev, types, first, i, j, int(pe.content[i:j].sum()))


def window_rows(items: list, m) -> tuple[np.ndarray, np.ndarray, list]:
    """Passage features plus :data:`DICTIONARY_FEATURES` per window; labels; (kind, words,
    profile) per row."""
    return passage_matrix(items, m.span, extra=dictionary_columns)


def main(argv: list[str] | None = None) -> int:
    from detector.classifier import models

    args = experiment_args(__doc__, argv)
    m = models()
    train, docs, test = draw(every_profile=True)
    t0 = time.time()
    x_tr, y_tr, _ = window_rows(evidence_all(train[: args.train] + docs, args.jobs), m)
    x_te, y_te, info = window_rows(evidence_all(test[: args.test], args.jobs), m)
    print(f"window rows: train {len(y_tr)}, test {len(y_te)} ({time.time() - t0:.0f}s)",
          file=sys.stderr)

    long_ = np.asarray([k == "passage" and n >= 80 for k, n, _ in info])
    prof = np.asarray([p for _, _, p in info])
    pos, neg = long_ & (y_te == 1), long_ & (y_te == 0)
    print(f"test passages of 80+ words: {int(pos.sum())} spun, {int(neg.sum())} natural")
    n_all = x_tr.shape[1]
    has = x_te[:, n_all - len(DICTIONARY_FEATURES)] > 0
    print(f"with a dictionary-like wording: spun {float(has[pos].mean()):.3f}, "
          f"natural {float(has[neg].mean()):.3f}\n")
    print("| passage model | ROC AUC | recall at natural FPR 0.25% | at 1% |")
    print("|---|---|---|---|")
    labels = {}
    for name, cols in (("passage features", slice(0, n_all - len(DICTIONARY_FEATURES))),
                       ("+ dictionary features", slice(None))):
        p = fit(x_tr[:, cols], y_tr).predict_proba(x_te[:, cols])[:, 1]
        labels[name] = p >= recall_row(name, p, y_te, long_, pos, neg)
    profile_table(("recall without", "with"), prof, pos, *labels.values())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
