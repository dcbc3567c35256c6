"""Classifiers: numpy inference of the models trained by ``corpus/train.py``.

Three models share one shape: standardised features, a small feed-forward network (zero or
more ReLU layers, then one logit) and Platt scaling, so that ``predict`` returns calibrated
probabilities:

- the **span** model scores one observed word or phrase with its best candidate from
  ``detector.features`` (is this a substitution?);
- the **passage** model scores aggregated evidence of a stretch of text (densities of span
  scores, tortured-phrase hits, number anomalies, word count); it is trained on sentences,
  passages and whole documents alike, so it also serves for sentences and the whole text,
  and short texts get the low confidence their little evidence deserves;
- the **ranker** scores restoration candidates for the restorer.

Weights ship in ``models/classifier.json`` (format ``unspin-classifier``); scikit-learn is
only needed to train them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .resources import load_json

__all__ = ["Model", "Models", "models"]

FORMAT, VERSION = "unspin-classifier", 1
CLASSIFIER_FILE = "classifier.json"


@dataclass(frozen=True)
class Model:
    """A trained scorer: feature names, standardisation, layers and calibration."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    platt_a: float = 1.0
    platt_b: float = 0.0

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Model:
        layers = tuple(
            (np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64))
            for w, b in d["layers"]
        )
        return cls(
            tuple(d["features"]),
            np.asarray(d["mean"], dtype=np.float64),
            np.asarray(d["scale"], dtype=np.float64),
            layers,
            float(d.get("platt_a", 1.0)),
            float(d.get("platt_b", 0.0)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "layers": [[w.tolist(), b.tolist()] for w, b in self.layers],
            "platt_a": self.platt_a,
            "platt_b": self.platt_b,
        }

    def logit(self, x: np.ndarray) -> np.ndarray:
        """Uncalibrated scores for rows of ``x`` (n_samples x n_features)."""
        h = (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        for k, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if k < len(self.layers) - 1:
                np.maximum(h, 0.0, out=h)
        return h.reshape(-1)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for rows of ``x``."""
        z = self.platt_a * self.logit(x) + self.platt_b
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def predict_one(self, row: Sequence[float]) -> float:
        return float(self.predict(np.asarray([row]))[0])


@dataclass(frozen=True)
class Models:
    span: Model
    passage: Model
    ranker: Model
    threshold: float
    span_threshold: float
    meta: dict[str, Any]


@functools.lru_cache(maxsize=1)
def models() -> Models:
    """The shipped models, loaded once."""
    d = load_json(CLASSIFIER_FILE, FORMAT, VERSION)
    return Models(
        Model.from_dict(d["span"]),
        Model.from_dict(d["passage"]),
        Model.from_dict(d["ranker"]),
        float(d["threshold"]),
        float(d["span_threshold"]),
        {k: v for k, v in d.items() if k not in ("span", "passage", "ranker")},
    )


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


# The passage threshold chosen in training for <= 1% false positives on natural dev text;
# read lazily so importing this module stays cheap.
def __getattr__(name: str) -> Any:
    if name == "DEFAULT_THRESHOLD":
        return models().threshold
    raise AttributeError(name)
