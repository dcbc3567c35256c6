"""Inference of exported models (no scikit-learn needed) and the shipped classifier file."""

from __future__ import annotations

import numpy as np
import pytest

from detector.classifier import Ensemble, Model, models


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


def _linear(weight: float, platt_a: float = 1.0, platt_b: float = 0.0) -> Model:
    return Model.from_dict({"features": ["a"], "layers": [[[[weight]], [0.0]]],
                            "platt_a": platt_a, "platt_b": platt_b})


def test_an_ensemble_averages_its_members_calibrated_logits() -> None:
    x = np.array([[1.0], [-2.0]])
    one, two = _linear(1.0, platt_a=2.0, platt_b=-1.0), _linear(3.0)
    both = Ensemble((one, two))
    # Calibrated logits: 2*1-1 = 1 and 3 for the first row; -5 and -6 for the second.
    assert both.logit(x) == pytest.approx([2.0, -5.5])
    assert both.predict(x) == pytest.approx(1 / (1 + np.exp([-2.0, 5.5])))
    assert both.predict_one([1.0]) == pytest.approx(float(both.predict(x)[0]))
    # One member scores exactly as that member alone.
    assert Ensemble((one,)).predict(x) == pytest.approx(one.predict(x))
    assert Ensemble.from_list(both.to_list()).logit(x) == pytest.approx(both.logit(x))


def test_an_ensemble_refuses_members_of_other_features_or_none() -> None:
    other = Model.from_dict({"features": ["b"], "layers": [[[[1.0]], [0.0]]]})
    with pytest.raises(ValueError, match="different features"):
        Ensemble((_linear(1.0), other))
    with pytest.raises(ValueError, match="at least one member"):
        Ensemble(())
    with pytest.raises(TypeError, match="list of trained members"):
        Ensemble.from_list(_linear(1.0).to_dict())  # type: ignore[arg-type]


def test_the_shipped_models_are_ensembles_of_the_recorded_seeds() -> None:
    from corpus.train import SEEDS

    m = models()
    seeds = [member["seed"] for member in m.meta["trained_on"]["members"]]
    # The default training command makes what ships.
    assert seeds == list(SEEDS)
    for part in (m.span, m.passage, m.context, m.ranker):
        assert len(part.members) == len(seeds)
    x = np.random.default_rng(0).random((50, len(m.span.features)))
    if len(seeds) == 1:
        assert m.span.predict(x) == pytest.approx(m.span.members[0].predict(x))
    else:  # members are different trainings, not copies
        first, second = (member.predict(x) for member in m.span.members[:2])
        assert not np.allclose(first, second)


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


def test_top1_share_takes_the_first_of_equal_maxima() -> None:
    from corpus.train import top1_share

    groups = np.array([0, 0, 0, 1, 1, 2, 2])
    y = np.array([0, 1, 0, 1, 0, 0, 1])
    scores = np.array([0.2, 0.9, 0.1, 0.5, 0.5, 0.3, 0.3])
    # Group 0: the original is best; group 1: a tie, its first row (the original) wins;
    # group 2: a tie, its first row is not the original.
    assert top1_share(scores, y, groups) == pytest.approx(2 / 3)


def test_listwise_fine_tuning_learns_to_put_the_original_first() -> None:
    from corpus.train import fine_tune_listwise, top1_share

    rng = np.random.default_rng(1)
    n_groups, size = 3000, 6
    x = rng.normal(size=(n_groups * size, 3))
    groups = np.repeat(np.arange(n_groups), size)
    y = np.zeros(n_groups * size, dtype=int)
    # The original is the row with the largest x0 - x1 of its group.
    key = (x[:, 0] - x[:, 1]).reshape(n_groups, size)
    y[np.arange(n_groups) * size + key.argmax(axis=1)] = 1
    start = {"mean": [0.0] * 3, "scale": [1.0] * 3,
             "layers": [[rng.normal(0, 0.1, (3, 4)).tolist(), [0.1] * 4],
                        [rng.normal(0, 0.1, (4, 1)).tolist(), [0.0]]]}
    before = top1_share(Model.from_dict({"features": list("abc"), **start}).logit(x), y, groups)
    tuned = fine_tune_listwise(start, x, y, groups, seed=0, epochs=8, lr=1e-2, batch=500)
    after = top1_share(Model.from_dict({"features": list("abc"), **tuned}).logit(x), y, groups)
    assert after > 0.9 and after > before + 0.2, (before, after)
    assert start["layers"][1][1] == [0.0]  # the network given is left as it was


def test_the_shipped_threshold_clears_every_must_not_flag_case(tmp_path) -> None:
    from corpus.train import must_not_flag_floor

    m = models()
    floor = must_not_flag_floor(m.span, m.passage)
    # The trainer raises the dev-chosen threshold to this floor; the shipped file keeps it.
    # A rule added to the code since may lower a case's score, never raise it over the floor
    # recorded: the numpydoc case (nf-numpydoc-precision-recall) scored 0.982 and set the
    # floor of 0.983 until its parameter names' words were read as its own terms (model
    # card item 117).
    assert m.threshold >= floor
    assert floor <= m.meta["trained_on"]["must_not_flag_floor"]
    # The floor is the next 0.001 above the highest passage score among the cases.
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "x", "text": "The council met on Tuesday and said little."}\n',
                   encoding="utf-8")
    assert 0.001 <= must_not_flag_floor(m.span, m.passage, one) <= floor
    assert must_not_flag_floor(m.span, m.passage, tmp_path / "none.jsonl") == 0.001


def test_a_training_never_ships_a_threshold_below_the_minimum() -> None:
    """The dev split's tail picks the threshold; the minimum keeps the operating point that
    was measured on writing no model saw (bench/unseen_docs.py)."""
    from corpus.train import MIN_THRESHOLD, must_not_flag_floor, with_floor

    m = models()
    floor = must_not_flag_floor(m.span, m.passage)
    trained_on: dict[str, float] = {}
    assert with_floor(floor - 0.01, m.span, m.passage, trained_on, 0.995) == 0.995
    assert trained_on == {"dev_threshold": round(floor - 0.01, 4),
                          "must_not_flag_floor": floor, "min_threshold": 0.995}
    assert with_floor(0.999, m.span, m.passage, {}, 0.995) == 0.999
    assert with_floor(floor - 0.01, m.span, m.passage, {}, 0.0) == floor
    # The shipped file was made this way.
    assert m.threshold >= MIN_THRESHOLD == m.meta["trained_on"]["min_threshold"]


def test_tree_arrays_round_trip_exactly_through_base64() -> None:
    from detector.classifier import decode_array, encode_array

    x = np.array([0.1, -2.5e-300, np.pi, 1e308])
    assert decode_array(encode_array(x), np.float64).tobytes() == x.tobytes()
    idx = np.array([0, 40_000, 7], dtype=np.int64)
    enc = encode_array(idx)
    assert enc["dtype"] == "<i4"  # narrowed to what holds 40,000
    assert decode_array(enc, np.int64).tolist() == [0, 40_000, 7]
    assert decode_array([1, 0, 1], bool).tolist() == [True, False, True]  # lists still read


@pytest.mark.parametrize("bad", [
    {"dtype": "|O", "base64": ""},  # object arrays are never built
    {"dtype": "<f8", "base64": "AAAA"},  # 3 bytes: not whole float64 items
    {"dtype": "<f8", "base64": "not base64!"},
])
def test_bad_binary_arrays_are_value_errors(bad) -> None:
    from detector.classifier import decode_array

    with pytest.raises(ValueError):
        decode_array(bad, np.float64)
