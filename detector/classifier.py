"""Classifiers: numpy inference of the models trained by ``corpus/train.py``.

Four models share one interface: a raw score (logit) from either a small feed-forward
network over standardised features (zero or more ReLU layers, then one logit) or an ensemble
of gradient-boosted regression trees, then Platt scaling, so that ``predict`` returns
calibrated probabilities:

- the **span** model scores one observed word or phrase with its best candidate from
  ``detector.features`` (is this a substitution?);
- the **context span** model scores a span in company: its span-model probability and
  evidence with its passage's and the whole text's probabilities and the span scores of the
  words around it (used for findings where the passage model finds the text spun-looking);
- the **passage** model scores aggregated evidence of a stretch of text (densities of span
  scores, tortured-phrase hits, number anomalies, word count); it is trained on sentences,
  passages and whole documents alike, so it also serves for sentences and the whole text,
  and short texts get the low confidence their little evidence deserves;
- the **ranker** scores restoration candidates for the restorer in context; the **phrase
  ranker** (``models/phrase_ranker.json``, trained on the PPS rows by
  ``corpus/train_phrase_ranker.py``) scores candidates of an isolated phrase.

Each of the four is stored as an :class:`Ensemble`: trainings of the same recipe on different
draws of the training records (``python -m corpus.train --seeds 13 14``), whose calibrated
logits are averaged. One training is one draw: two that score alike on the synthetic test
split found 212 and 708 spans in the same natural writing no model had seen (model card,
item 69). The shipped file holds two members per model, seeds 13 and 14 (item 72).

Weights ship in ``models/classifier.json`` (format ``unspin-classifier``); scikit-learn is
only needed to train them. The trees' node arrays are stored as base64 of their little-endian
bytes (``{"dtype": "<f8", "base64": ...}``), not as JSON numbers: decoding ~100,000 decimal
numbers was 0.02 s of every cold start, and base64 round-trips every float exactly.
"""

from __future__ import annotations

import base64
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .resources import REBUILD_HINT, ModelError, load_json, without_gc

__all__ = ["Ensemble", "Model", "Models", "Scorer", "Trees", "models", "phrase_ranker"]

# v2 added the context span model; v3 the ranker's pooled-gain and shorter-wording features;
# v4 the ranker's thesaurus fan-out; v5 the context model's dictionary features (type_*) and
# the ranker's cand_written; v6 the span model's article_clash and the ranker's article_fit;
# v7 the passage model's phrasebook features; v8 its repeated-wording cap and distinct-wording
# features; v9 stores the trees' arrays as base64 (readers still accept number lists); v10
# holds a list of trained members per model (an ensemble), where v9 held one; v11 the span
# model's cand_nested.
FORMAT, VERSION = "unspin-classifier", 11
CLASSIFIER_FILE = "classifier.json"
PHRASE_FORMAT, PHRASE_VERSION = "unspin-phrase-ranker", 1
PHRASE_RANKER_FILE = "phrase_ranker.json"


# Plain numeric dtypes only: the decoder never builds object arrays.
_BINARY_KINDS = frozenset("biuf")


def encode_array(a: np.ndarray) -> dict[str, str]:
    """``a`` as ``{"dtype", "base64"}`` of its little-endian bytes (see the module docstring);
    integers in the narrowest type that holds them (node indices fit 16 or 32 bits)."""
    a = np.ascontiguousarray(a)
    if a.dtype.kind in "iu" and a.size:
        a = a.astype(np.promote_types(np.min_scalar_type(-1 - int(a.max())),
                                      np.min_scalar_type(int(a.min()))))
    a = a.astype(a.dtype.newbyteorder("<"), copy=False)
    return {"dtype": a.dtype.str, "base64": base64.b64encode(a.tobytes()).decode("ascii")}


def decode_array(value: Any, dtype: Any) -> np.ndarray:
    """A 1-d array of ``dtype`` from a JSON number list or from :func:`encode_array`."""
    if not isinstance(value, dict):
        return np.asarray(value, dtype=dtype)
    stored = np.dtype(value["dtype"])
    if stored.kind not in _BINARY_KINDS:
        raise ValueError(f"array dtype {stored.str!r} is not a plain number type")
    raw = base64.b64decode(value["base64"], validate=True)
    if len(raw) % stored.itemsize:
        raise ValueError("array bytes do not fill whole items")
    return np.frombuffer(raw, dtype=stored).astype(dtype, copy=False)


def _squash(z: np.ndarray) -> np.ndarray:
    """Logits to probabilities (the sigmoid, clipped so that exp never overflows)."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


@dataclass(frozen=True)
class Trees:
    """Gradient-boosted regression trees, all trees' nodes in flat arrays.

    A sample goes left at a split node when ``x[feature] <= threshold``; ``left``/``right``
    are absolute node indices; a leaf's ``value`` is added to the score. Every tree is
    walked at once, one level per step, so the cost is ``depth`` numpy operations however
    many trees there are.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    leaf: np.ndarray
    roots: np.ndarray
    depth: int
    baseline: float

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Trees:
        return cls(
            decode_array(d["feature"], np.int64),
            decode_array(d["threshold"], np.float64),
            decode_array(d["left"], np.int64),
            decode_array(d["right"], np.int64),
            decode_array(d["value"], np.float64),
            decode_array(d["leaf"], bool),
            decode_array(d["roots"], np.int64),
            int(d["depth"]),
            float(d["baseline"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": encode_array(self.feature),
            "threshold": encode_array(self.threshold),
            "left": encode_array(self.left),
            "right": encode_array(self.right),
            "value": encode_array(self.value),
            "leaf": encode_array(self.leaf),
            "roots": encode_array(self.roots),
            "depth": self.depth,
            "baseline": self.baseline,
        }

    @functools.cached_property
    def _walk(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``feature``, ``threshold``, ``left``, ``right`` with every leaf its own child, so
        that a walk needs no test for having arrived (the frozen dataclass's fields are
        left as trained)."""
        at = np.flatnonzero(self.leaf)
        feature, threshold = self.feature.copy(), self.threshold.copy()
        left, right = self.left.copy(), self.right.copy()
        feature[at], threshold[at], left[at], right[at] = 0, np.inf, at, at
        return feature, threshold, left, right

    def score(self, x: np.ndarray) -> np.ndarray:
        feature, threshold, left, right = self._walk
        n, width = x.shape
        node = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        flat = np.ascontiguousarray(x).reshape(-1)
        row_start = (np.arange(n) * width)[:, None]
        for _ in range(self.depth):
            go_left = flat[row_start + feature[node]] <= threshold[node]
            node = np.where(go_left, left[node], right[node])
        return self.baseline + self.value[node].sum(axis=1)


@dataclass(frozen=True)
class Model:
    """A trained scorer: feature names, standardisation, a network or trees, calibration."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...] = ()
    platt_a: float = 1.0
    platt_b: float = 0.0
    trees: Trees | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Model:
        layers = tuple(
            (np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64))
            for w, b in d.get("layers", ())
        )
        n = len(d["features"])
        return cls(
            tuple(d["features"]),
            np.asarray(d.get("mean", [0.0] * n), dtype=np.float64),
            np.asarray(d.get("scale", [1.0] * n), dtype=np.float64),
            layers,
            float(d.get("platt_a", 1.0)),
            float(d.get("platt_b", 0.0)),
            Trees.from_dict(d["trees"]) if d.get("trees") else None,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "layers": [[w.tolist(), b.tolist()] for w, b in self.layers],
            "platt_a": self.platt_a,
            "platt_b": self.platt_b,
        }
        if self.trees is not None:
            out["trees"] = self.trees.to_dict()
        return out

    def logit(self, x: np.ndarray) -> np.ndarray:
        """Uncalibrated scores for rows of ``x`` (n_samples x n_features)."""
        h = (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        if self.trees is not None:
            return self.trees.score(h)
        for k, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if k < len(self.layers) - 1:
                np.maximum(h, 0.0, out=h)
        return h.reshape(-1)

    def calibrated_logit(self, x: np.ndarray) -> np.ndarray:
        """Platt-scaled scores for rows of ``x``: the logits of :meth:`predict`."""
        return self.platt_a * self.logit(x) + self.platt_b

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for rows of ``x``."""
        return _squash(self.calibrated_logit(x))

    def predict_one(self, row: Sequence[float]) -> float:
        return float(self.predict(np.asarray([row]))[0])


@dataclass(frozen=True)
class Ensemble:
    """Trainings of one model on different draws of the data: the score is the mean of the
    members' calibrated logits (Platt-scaled, so that members trained on different draws
    speak on one scale), squashed again into a probability. One member scores exactly as
    that member alone."""

    members: tuple[Model, ...]

    def __post_init__(self) -> None:
        if not self.members:
            raise ValueError("an ensemble needs at least one member")
        if any(m.features != self.members[0].features for m in self.members):
            raise ValueError("ensemble members were trained on different features")

    @classmethod
    def from_list(cls, entries: Sequence[dict[str, Any]]) -> Ensemble:
        if not isinstance(entries, list):
            raise TypeError(f"expected a list of trained members, got {type(entries).__name__}")
        return cls(tuple(Model.from_dict(d) for d in entries))

    def to_list(self) -> list[dict[str, Any]]:
        return [m.to_dict() for m in self.members]

    @property
    def features(self) -> tuple[str, ...]:
        return self.members[0].features

    def logit(self, x: np.ndarray) -> np.ndarray:
        """The mean calibrated logit of the members for rows of ``x``."""
        total = np.zeros(len(x))
        for m in self.members:
            total += m.calibrated_logit(x)
        return total / len(self.members)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return _squash(self.logit(x))

    def predict_one(self, row: Sequence[float]) -> float:
        return float(self.predict(np.asarray([row]))[0])


# Anything that scores rows of features: one trained model or an ensemble of them.
Scorer = Model | Ensemble


@dataclass(frozen=True)
class Models:
    span: Ensemble
    passage: Ensemble
    ranker: Ensemble
    context: Ensemble
    threshold: float
    span_threshold: float
    context_threshold: float
    meta: dict[str, Any]


@functools.lru_cache(maxsize=1)
@without_gc
def models() -> Models:
    """The shipped models, loaded once."""
    d = load_json(CLASSIFIER_FILE, FORMAT, VERSION)
    _check_features(d)
    try:
        return Models(
            Ensemble.from_list(d["span"]),
            Ensemble.from_list(d["passage"]),
            Ensemble.from_list(d["ranker"]),
            Ensemble.from_list(d["context"]),
            float(d["threshold"]),
            float(d["span_threshold"]),
            float(d["context_threshold"]),
            {k: v for k, v in d.items() if k not in ("span", "passage", "ranker", "context")},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(
            f"model file {CLASSIFIER_FILE} has unexpected content ({exc!r}); {REBUILD_HINT}"
        ) from None


def _check_features(d: dict[str, Any]) -> None:
    """Each model must have been trained on the features this code computes, in order: a
    file from another build is a clear error, not a shape mismatch deep in numpy."""
    from .features import CONTEXT_FEATURES, PASSAGE_FEATURES, SPAN_FEATURES
    from .restorer import RANK_FEATURES

    want = {"span": SPAN_FEATURES, "passage": PASSAGE_FEATURES, "context": CONTEXT_FEATURES,
            "ranker": RANK_FEATURES}
    for key, names in want.items():
        members = d.get(key)
        got = [m.get("features") if isinstance(m, dict) else None
               for m in (members if isinstance(members, list) else [None])]
        if not got or any(g is None or tuple(g) != names for g in got):
            raise ModelError(
                f"model file {CLASSIFIER_FILE}: the {key} model was trained on other features "
                f"than this unspin computes; {REBUILD_HINT}"
            )


@functools.lru_cache(maxsize=1)
@without_gc
def phrase_ranker() -> Model:
    """The ranker for isolated phrases (``models/phrase_ranker.json``), loaded once."""
    from .restorer import PHRASE_RANK_FEATURES

    d = load_json(PHRASE_RANKER_FILE, PHRASE_FORMAT, PHRASE_VERSION)["ranker"]
    if not isinstance(d, dict) or tuple(d.get("features") or ()) != PHRASE_RANK_FEATURES:
        raise ModelError(f"model file {PHRASE_RANKER_FILE} was trained on other features than "
                         f"this unspin computes; {REBUILD_HINT}")
    return Model.from_dict(d)


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


# The passage threshold chosen in training for <= 1% false positives on natural dev text;
# read lazily so importing this module stays cheap.
def __getattr__(name: str) -> Any:
    if name == "DEFAULT_THRESHOLD":
        return models().threshold
    raise AttributeError(name)
