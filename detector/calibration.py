"""What a passage's or a text's probability means once its findings have been counted.

The passage model is Platt-scaled on the dev split, so its score for a window is calibrated
by itself. Then findings corroborate windows (:func:`detector.analyzer.corroborated`): a
passage with two or more different findings is raised to 0.995, a window with none is held
to 0.79 at most. Those rules take the spun passages that have findings out of the middle of
the scale, so a passage left at 0.7 (fewer than two findings) is spun less often than 0.7
says: on the synthetic test split, passages of 80+ words at 0.5-0.8 were spun 59% of the
time and at 0.2-0.5 20% (spun and natural weighted equally; ``bench/quality.py``).

So a window's *standing* score (one that no rule moved) below :data:`CALIBRATED_BELOW` is
mapped to the share of such windows that were spun on the dev split: an isotonic, that is
monotone, piecewise-linear curve, one for passages and one for whole texts, fitted by
``python -m corpus.calibrate`` with the classes weighted equally over all windows (as the
Platt scaling weighs them). The curve never rises above :data:`CALIBRATED_BELOW` and scores
from it up are kept, so no label changes at the shipped threshold and the findings, which
read the scores before this step, do not change either; only what a probability under it
says. Sentences are not mapped: their findings need three to raise them, and their scores
were calibrated already (expected calibration error 0.01 on the test split).

``calibration.json`` records the SHA-256 of the ``classifier.json`` it was fitted on; with
any other classifier it is refused, since its curves describe that classifier's scores.
"""

from __future__ import annotations

import bisect
import threading
from itertools import pairwise
from typing import Any, NamedTuple

from . import resources

__all__ = ["CALIBRATED_BELOW", "Calibration", "Curve", "default"]

FILENAME = "calibration.json"
FORMAT = "unspin-calibration"
VERSION = 1
CLASSIFIER_FILE = "classifier.json"
# Under the lowest bar the analysis reads from a score (FINDING_SUPPORT_P, 0.98) and the
# shipped threshold (0.988): mapping only what lies below keeps every label and finding.
CALIBRATED_BELOW = 0.95
# The curve's floor: the lowest scores are a few dozen natural windows on the dev split,
# which cannot show that a window is certainly natural.
CALIBRATED_ABOVE = 0.01


class Curve(NamedTuple):
    """A monotone piecewise-linear map given by its knots (``xs`` strictly increasing,
    ``ys`` not decreasing); flat beyond the first and last knot."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, p: float) -> float:
        xs, ys = self.xs, self.ys
        if not xs:
            return p
        if p <= xs[0]:
            return ys[0]
        if p >= xs[-1]:
            return ys[-1]
        k = bisect.bisect_right(xs, p)
        x0, x1, y0, y1 = xs[k - 1], xs[k], ys[k - 1], ys[k]
        return y0 + (y1 - y0) * (p - x0) / (x1 - x0)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Curve:
        xs = tuple(float(x) for x in d["x"])
        ys = tuple(float(y) for y in d["y"])
        if len(xs) != len(ys) or any(b <= a for a, b in pairwise(xs)) or any(
            b < a for a, b in pairwise(ys)
        ) or any(not CALIBRATED_ABOVE <= y <= CALIBRATED_BELOW for y in ys):
            raise ValueError("knots must be increasing, with values in [0.01, 0.95]")
        return cls(xs, ys)

    def to_dict(self) -> dict[str, list[float]]:
        return {"x": [round(x, 6) for x in self.xs], "y": [round(y, 6) for y in self.ys]}


IDENTITY = Curve((), ())


class Calibration(NamedTuple):
    """The curves for passages and whole texts."""

    passage: Curve = IDENTITY
    text: Curve = IDENTITY

    @staticmethod
    def standing(curve: Curve, p: float, before: float) -> float:
        """``p``, a window's probability after its findings were counted from ``before``
        (the passage model's score), as ``curve`` calibrates it: only a score no rule moved,
        and only below :data:`CALIBRATED_BELOW`."""
        if p != before or p >= CALIBRATED_BELOW:
            return p
        return curve(p)


_lock = threading.Lock()
_default: Calibration | None = None


def default() -> Calibration:
    """The shipped calibration, loaded once; refused when it was fitted on another
    ``classifier.json`` than the one shipped beside it."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = _load()
    return _default


def _load() -> Calibration:
    d = resources.load_json(FILENAME, FORMAT, VERSION)
    shipped = resources.manifest().get("artifacts", {}).get(CLASSIFIER_FILE, {}).get("sha256")
    if d.get("classifier_sha256") != shipped:
        raise resources.ModelError(
            f"model file {FILENAME} was fitted on another {CLASSIFIER_FILE}; refit it with "
            "`python -m corpus.calibrate`, or reinstall unspin"
        )
    try:
        return Calibration(Curve.from_dict(d["passage"]), Curve.from_dict(d["text"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise resources.ModelError(
            f"model file {FILENAME} has unexpected content ({exc}); {resources.REBUILD_HINT}"
        ) from None
