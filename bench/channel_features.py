"""Would the span model gain from weighing each candidate's fit by how likely a spinner was
to write the observed word for it?

    python -m bench.channel_features                 # 3,000 spun train and 3,000 test records
    python -m bench.channel_features --spun 1000 --test 1000

An experiment, not a shipped feature (model card, item 84). The span model reads the
language-model gain of the *best-fitting* candidate. In the spun seed the best fit of
"scenario" is "book" (1.4; "the book on the border"), of "battle" "man", of "workplace"
"house": common words the thesauri link weakly, which fit any context, so that a natural
"scenario" draws the same gain as a spun one and the gain says little. A spinner's channel
says more: the original is likelier the more strongly the sources link it to the observed
word (the candidate's ``prior``, its share of the observed wording's sources). Five more
features per span, from the candidates and gains the extractor already scores:

- ``channel_gain``: the best candidate's gain plus log10 of its prior, over candidates (a
  noisy-channel score: fit in context times the chance of the swap);
- ``channel_prior``: the prior of the candidate that wins ``channel_gain``;
- ``top_prior_gain``: the gain of the candidate with the highest prior;
- ``share_gain_gt1``: the share of scored candidates whose gain exceeds 1 (a word that many
  candidates beat is rare in its context, not necessarily swapped);
- ``gain_over_median``: the best gain minus the median gain of the scored candidates.

Two span models are fitted as ``corpus/train.py`` fits the span model (gradient-boosted
trees, 150 of depth 7) on ``--spun`` spun train records (seen profiles) and as many natural
train records: on :data:`detector.features.SPAN_FEATURES` alone, and with the five. Reported
on every span of ``--test`` test-split records (every profile, natural included): ROC AUC,
average precision and recall at precision 0.85, overall and on the held-out profile's
records and the natural ones' false spans. Needs ``corpus/data`` and scikit-learn
(build-time dependencies).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.gain_by_wording import fit_span_model, recall_at_precision, span_experiment_args  # noqa: E402
from corpus.train import NONE_PROFILE, evidence_all, in_family, load_doc_split, load_records  # noqa: E402

CHANNEL_FEATURES = ("channel_gain", "channel_prior", "top_prior_gain", "share_gain_gt1",
                    "gain_over_median")
HELD_OUT = "mythes"
MIN_PRIOR = 1e-3


def channel_row(span) -> list[float]:
    """:data:`CHANNEL_FEATURES` of one span."""
    gains = np.asarray(span.gains, dtype=float)
    if not len(gains):
        return [0.0] * len(CHANNEL_FEATURES)
    priors = np.asarray([o.prior for o in span.options], dtype=float)
    channel = gains + np.log10(np.maximum(priors, MIN_PRIOR))
    k = int(np.argmax(channel))
    return [float(channel[k]), float(priors[k]), float(gains[int(np.argmax(priors))]),
            float((gains > 1.0).mean()), float(gains.max() - np.median(gains))]


def rows(items: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, groups = [], [], []
    for it in items:
        group = it["rec"]["profile"]
        for s, y in zip(it["ev"].spans, it["labels"], strict=True):
            if y < 0:
                continue
            xs.append([*s.values, *channel_row(s)])
            ys.append(y)
            groups.append(group)
    return np.asarray(xs, dtype=float), np.asarray(ys), np.asarray(groups)


def main(argv: list[str] | None = None) -> int:
    args = span_experiment_args(__doc__, argv)
    from sklearn.metrics import average_precision_score, roc_auc_score

    from detector.features import SPAN_FEATURES

    records, split = load_records(), load_doc_split()
    rng = random.Random(3)
    train = [r for r in records if split.get(r["doc_id"]) == "train"
             and not in_family(r["profile"], HELD_OUT)]
    spun = [r for r in train if r["profile"] != NONE_PROFILE]
    natural = [r for r in train if r["profile"] == NONE_PROFILE]
    test = [r for r in records if split.get(r["doc_id"]) == "test"]
    for rs in (spun, natural, test):
        rng.shuffle(rs)
    x_tr, y_tr, _ = rows(evidence_all(spun[: args.spun] + natural[: args.spun], args.jobs))
    x_te, y_te, g_te = rows(evidence_all(test[: args.test], args.jobs))
    print(f"spans: {len(y_tr)} to train ({y_tr.mean():.3f} substituted), {len(y_te)} to test "
          f"({y_te.mean():.3f})\n")
    held = np.asarray([in_family(g, HELD_OUT) for g in g_te])
    natural_te = g_te == NONE_PROFILE
    print("| span model | ROC AUC | average precision | recall at precision 0.85 | held out: "
          "AP | held out: recall at 0.85 | natural spans over 0.68 per 1,000 |")
    print("|---|---|---|---|---|---|---|")
    for name, cols in (("span features", slice(0, len(SPAN_FEATURES))),
                       ("+ channel features", slice(None))):
        p = fit_span_model(x_tr[:, cols], y_tr).predict_proba(x_te[:, cols])[:, 1]
        h = held | natural_te
        print(f"| {name} | {roc_auc_score(y_te, p):.4f} | "
              f"{average_precision_score(y_te, p):.4f} | {recall_at_precision(p, y_te):.3f} | "
              f"{average_precision_score(y_te[h], p[h]):.4f} | "
              f"{recall_at_precision(p[h], y_te[h]):.3f} | "
              f"{1000 * float((p[natural_te] >= 0.68).mean()):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
