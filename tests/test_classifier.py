"""Inference of exported models (no scikit-learn needed) and the shipped classifier file."""

from __future__ import annotations

import numpy as np
import pytest

from detector.classifier import Model, models


def test_network_logit_and_calibration() -> None:
    m = Model.from_dict(
        {
            "features": ["a", "b"],
            "mean": [1.0, 0.0],
            "scale": [2.0, 1.0],
            "layers": [[[[1.0], [-1.0]], [0.5]]],
            "platt_a": 2.0,
            "platt_b": -1.0,
        }
    )
    x = np.array([[3.0, 1.0], [1.0, 0.0]])
    assert m.logit(x) == pytest.approx([0.5, 0.5])  # (3-1)/2 - 1 + .5 ; 0 - 0 + .5
    assert m.predict(x) == pytest.approx([0.5, 0.5])
    assert Model.from_dict(m.to_dict()).predict_one([3.0, 1.0]) == pytest.approx(0.5)


def test_trees_walk_every_tree_at_once() -> None:
    # Tree 1: x0 <= 0.5 ? -1 : +1.  Tree 2: x1 <= 2 ? (x0 <= 3 ? 0.25 : 0.5) : 2.
    trees = {
        "feature": [0, 0, 0, 1, 0, 0, 0, 0],
        "threshold": [0.5, 0, 0, 2.0, 3.0, 0, 0, 0],
        "left": [1, 0, 0, 4, 5, 0, 0, 0],
        "right": [2, 0, 0, 7, 6, 0, 0, 0],
        "value": [0, -1.0, 1.0, 0, 0, 0.25, 0.5, 2.0],
        "leaf": [0, 1, 1, 0, 0, 1, 1, 1],
        "roots": [0, 3],
        "depth": 3,
        "baseline": 0.1,
    }
    m = Model.from_dict({"features": ["x0", "x1"], "trees": trees})
    x = np.array([[0.0, 0.0], [1.0, 1.0], [4.0, 1.0], [0.0, 5.0]])
    assert m.logit(x) == pytest.approx([0.1 - 1 + 0.25, 0.1 + 1 + 0.25, 0.1 + 1 + 0.5, 0.1 - 1 + 2])
    assert Model.from_dict(m.to_dict()).logit(x) == pytest.approx(m.logit(x))


def test_shipped_models_are_consistent() -> None:
    from detector.features import CONTEXT_FEATURES, PASSAGE_FEATURES, SPAN_FEATURES
    from detector.restorer import RANK_FEATURES

    m = models()
    assert m.span.features == SPAN_FEATURES
    assert m.context.features == CONTEXT_FEATURES
    assert m.passage.features == PASSAGE_FEATURES
    assert m.ranker.features == RANK_FEATURES
    assert 0.5 <= m.threshold < 1.0
    assert 0.0 < m.span_threshold < 1.0
    assert 0.0 < m.context_threshold <= m.meta["restore_threshold"] < 1.0
    p = m.passage.predict(np.zeros((3, len(PASSAGE_FEATURES))))
    assert np.all((p >= 0) & (p <= 1))


def test_exported_trees_keep_a_monotonic_constraint() -> None:
    pytest.importorskip("sklearn", reason="training is build-time: pip install '.[build]'")
    from corpus.train import fit_trees

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 2))
    # Label noise that, unconstrained, the trees fit as bumps in feature 0.
    y = ((x[:, 0] + 0.5 * rng.normal(size=2000) + np.sin(8 * x[:, 0])) > 0).astype(int)
    grid = np.column_stack([np.linspace(-3, 3, 400), np.zeros(400)])
    free = Model.from_dict({"features": ["a", "b"], **fit_trees(x, y, trees=30, depth=4)})
    rising = Model.from_dict({"features": ["a", "b"],
                              **fit_trees(x, y, trees=30, depth=4, increasing=[0])})
    assert (np.diff(free.logit(grid)) < -1e-9).any()
    assert (np.diff(rising.logit(grid)) >= -1e-9).all()
