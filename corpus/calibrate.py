"""Fit ``models/calibration.json``: what passage and text probabilities mean once findings
have been counted (:mod:`detector.calibration` explains why).

    python -m corpus.calibrate              # after python -m corpus.train
    python -m corpus.calibrate --records 2000 --jobs 2

Analyses dev records (every profile but the held-out family, as training uses them) with
the shipped ``classifier.json`` and no calibration, the way ``detector.analyze`` reports
them, and labels each passage and each whole text as training does (spun when at least 5%
of its content words were substituted, natural when none were, left out in between). A
window's score is *standing* when no corroboration rule moved it; below
:data:`~detector.calibration.CALIBRATED_BELOW` a rule can only have held it, to exactly the
rule's value with no finding in the window, so those are left out. The isotonic curve of
the standing windows is fitted with the two classes weighted equally over *all* labelled
windows of the kind, so that the calibrated scores, together with the raised and held ones,
read at even odds. Deterministic for a given corpus and classifier.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from corpus.artifacts import MODELS, record, write_json
from corpus.train import NONE_PROFILE, load_doc_split, load_records, record_labeller, select
from detector.calibration import CALIBRATED_ABOVE, CALIBRATED_BELOW, Curve

# Windows per record: (kind, probability, different findings, label).
Window = tuple[str, float, int, int | None]


def analyse(rec: dict[str, Any]) -> list[Window]:
    """The passages and the whole text of one record as ``detector.analyze`` reports them
    (the calibration in effect is the process's; :func:`main` turns it off)."""
    import detector
    from detector.analyzer import distinct_findings

    text = rec["spun"]
    rep = detector.analyze(text)
    label = record_labeller(rec)

    out: list[Window] = [("passage", p.probability, distinct_findings(rep.findings, p.start, p.end),
                          label(p.start, p.end)) for p in rep.passages if p.label != "unsupported"]
    out.append(("text", rep.probability, distinct_findings(rep.findings, 0, len(text)),
                label(0, len(text))))
    return out


def fit_curve(scores: Sequence[float], spun: Sequence[bool], weights: Sequence[float]) -> Curve:
    """The isotonic curve of ``spun`` on ``scores``."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=CALIBRATED_ABOVE, y_max=CALIBRATED_BELOW,
                             out_of_bounds="clip")
    iso.fit(list(scores), [float(s) for s in spun], sample_weight=list(weights))
    # The fit is a staircase: every score on a step would get the same probability, and
    # windows the passage model ranked apart would tie (ROC AUC 0.941 -> 0.940 on the test
    # split). A knot at the middle of each step, joined by straight lines, keeps the order.
    steps: list[tuple[float, list[float]]] = []  # (value, the knots' scores on the step)
    for x, y in zip(iso.X_thresholds_.tolist(), iso.y_thresholds_.tolist(), strict=True):
        if steps and y == steps[-1][0]:
            steps[-1][1].append(x)
        else:
            steps.append((y, [x]))
    return Curve(tuple((min(on) + max(on)) / 2 for _, on in steps),
                 tuple(float(y) for y, _ in steps))


def fit(windows: list[Window], kind: str) -> tuple[Curve, dict[str, Any]]:
    """The curve of one window kind, and what it was fitted on."""
    from detector.analyzer import PASSAGE_CORROBORATION, TEXT_CORROBORATION

    held = (PASSAGE_CORROBORATION if kind == "passage" else TEXT_CORROBORATION).unconfirmed
    rows = [(p, d, y) for k, p, d, y in windows if k == kind and y is not None]
    positives = sum(y for _, _, y in rows)
    negatives = len(rows) - positives
    standing = [(p, y) for p, d, y in rows
                if p < CALIBRATED_BELOW and not (d == 0 and p == held)]
    weights = [0.5 / positives if y else 0.5 / negatives for _, y in standing]
    curve = fit_curve([p for p, _ in standing], [bool(y) for _, y in standing], weights)
    return curve, {"windows": len(rows), "spun": positives, "standing": len(standing)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=3000, help="dev records (half natural)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=MODELS / "calibration.json")
    args = ap.parse_args(argv)

    from detector import calibration
    from detector.calibration import FORMAT, VERSION, Calibration
    from detector.classifier import models
    from detector.resources import manifest

    t0 = time.time()
    held_out = models().meta.get("trained_on", {}).get("held_out_profile", "mythes")
    dev = select(load_records(), load_doc_split(), "dev", held_out)
    random.Random(5).shuffle(dev)
    natural = [r for r in dev if r["profile"] == NONE_PROFILE][: args.records // 2]
    spun = [r for r in dev if r["profile"] != NONE_PROFILE][: args.records - len(natural)]
    # The scores as the models give them: no calibration (the workers are forked with it).
    calibration._default = Calibration()
    with ProcessPoolExecutor(args.jobs) as pool:
        windows = [w for ws in pool.map(analyse, natural + spun, chunksize=8) for w in ws]
    passage, p_info = fit(windows, "passage")
    text, t_info = fit(windows, "text")
    classifier = manifest()["artifacts"]["classifier.json"]["sha256"]
    write_json(args.out, {
        "format": FORMAT, "version": VERSION, "classifier_sha256": classifier,
        "fitted_on": {"records": len(natural) + len(spun), "natural_records": len(natural),
                      "held_out_profile": held_out, "passage": p_info, "text": t_info},
        "passage": passage.to_dict(), "text": text.to_dict(),
    })
    record(args.out)
    print(f"{args.out}: passages {p_info}, texts {t_info} ({time.time() - t0:.0f}s)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
