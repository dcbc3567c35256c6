"""The calibration of passage and text probabilities (``detector/calibration.py``).

It maps a window's standing score below 0.95 through a monotone curve fitted on the dev
split, and nothing else: labels, findings and every score a rule set or that lies at 0.95 or
above stay as the models gave them. A calibration fitted on another classifier is refused.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

import detector
import detector.resources as resources
from detector import calibration
from detector.calibration import CALIBRATED_BELOW, Calibration, Curve
from detector.resources import ModelError

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
CASES = ROOT / "tests" / "cases"


def test_a_curve_interpolates_between_its_knots_and_is_flat_beyond_them():
    c = Curve((0.1, 0.5, 0.9), (0.05, 0.4, 0.8))
    assert c(0.3) == pytest.approx(0.225)
    assert c(0.0) == 0.05 and c(0.1) == 0.05
    assert c(0.95) == 0.8 and c(0.9) == 0.8
    assert c(0.5) == pytest.approx(0.4)


@pytest.mark.parametrize("knots", [
    {"x": [0.1, 0.5], "y": [0.5, 0.4]},  # falling
    {"x": [0.5, 0.1], "y": [0.1, 0.4]},  # x out of order
    {"x": [0.5, 0.5], "y": [0.1, 0.4]},  # a vertical step
    {"x": [0.1, 0.5], "y": [0.1, 0.99]},  # over the bar
    {"x": [0.1, 0.5], "y": [0.0, 0.4]},  # certainty of natural
    {"x": [0.1], "y": [0.1, 0.4]},
])
def test_knots_that_are_not_a_rising_curve_under_the_bar_are_refused(knots):
    with pytest.raises(ValueError):
        Curve.from_dict(knots)


def test_only_a_standing_score_under_the_bar_is_mapped():
    cal = Calibration(Curve((0.0, 0.94), (0.01, 0.5)), Curve((0.0, 0.94), (0.01, 0.5)))
    assert cal.standing(cal.passage, 0.47, 0.47) == pytest.approx(0.255, abs=1e-3)
    # Moved by a rule (held to 0.79, raised to 0.995): kept.
    assert cal.standing(cal.passage, 0.79, 0.99) == 0.79
    assert cal.standing(cal.passage, 0.995, 0.6) == 0.995
    # At and over the bar: kept, so no label at the shipped threshold can change.
    assert cal.standing(cal.passage, CALIBRATED_BELOW, CALIBRATED_BELOW) == CALIBRATED_BELOW
    assert cal.standing(cal.passage, 0.97, 0.97) == 0.97


def test_the_shipped_curves_are_monotone_and_stay_under_the_bar():
    cal = calibration.default()
    for curve in (cal.passage, cal.text):
        assert len(curve.xs) >= 5
        values = [curve(k / 200) for k in range(191)]
        assert values == sorted(values)
        assert all(0.01 <= v <= CALIBRATED_BELOW for v in values)
        # Continuous with the kept scores: nothing under the bar maps over a score above it.
        assert curve(CALIBRATED_BELOW - 1e-9) <= CALIBRATED_BELOW


def _texts() -> list[str]:
    rows = []
    for name in ("must_flag.jsonl", "must_not_flag.jsonl"):
        with (CASES / name).open(encoding="utf-8") as fh:
            rows += [json.loads(line)["text"] for line in fh if line.strip()][:15]
    return rows


def test_calibration_changes_no_label_no_finding_and_no_score_at_or_over_the_bar(monkeypatch):
    texts = _texts()
    shipped = [detector.analyze(t) for t in texts]
    monkeypatch.setattr(calibration, "_default", Calibration())
    raw = [detector.analyze(t) for t in texts]
    moved = 0
    for a, b in zip(shipped, raw, strict=True):
        assert a.label == b.label
        assert a.findings == b.findings
        assert [s.probability for s in a.sentences] == [s.probability for s in b.sentences]
        for pa, pb in zip(a.passages, b.passages, strict=True):
            assert pa.label == pb.label and pa.findings == pb.findings
            if pb.probability >= CALIBRATED_BELOW:
                assert pa.probability == pb.probability
            moved += pa.probability != pb.probability
        if b.probability >= CALIBRATED_BELOW:
            assert a.probability == b.probability
    assert moved  # the cases include natural passages with mid-range scores


def test_a_calibration_fitted_on_another_classifier_is_refused(tmp_path, monkeypatch):
    dst = tmp_path / "models"
    shutil.copytree(MODELS, dst, ignore=shutil.ignore_patterns("__pycache__"))
    data = json.loads((dst / "calibration.json").read_text())
    data["classifier_sha256"] = "0" * 64
    raw = json.dumps(data).encode()
    (dst / "calibration.json").write_bytes(raw)
    m = json.loads((dst / "MANIFEST.json").read_text())
    m["artifacts"]["calibration.json"].update(sha256=hashlib.sha256(raw).hexdigest(),
                                              bytes=len(raw))
    (dst / "MANIFEST.json").write_text(json.dumps(m))
    monkeypatch.setattr(resources, "model_dir", lambda: dst)
    resources.manifest.cache_clear()
    resources._forget_ahead()
    try:
        with pytest.raises(ModelError, match=r"calibration\.json was fitted on another "
                                             r"classifier\.json.*corpus\.calibrate"):
            calibration._load()
    finally:
        resources.manifest.cache_clear()
        resources._forget_ahead()
