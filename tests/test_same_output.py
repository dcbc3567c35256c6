"""bench/same_output.py: the refactoring check must notice any change in the analysis."""

from __future__ import annotations

from bench.same_output import compare


def _result(p: float = 0.9, score: float = 0.8, label: str = "spun") -> dict:
    return {"probability": p, "label": label, "passages": [[0, 40, p, label]],
            "findings": [[4, 12, "substitution", score, ["last year"]]]}


def test_identical_runs_are_the_same():
    assert compare([_result()], [_result()]) == ([], 0.0)


def test_any_difference_is_reported():
    changed, largest = compare([_result()], [_result(score=0.8000001)])
    # A number moved: --compare lists the text and exits 1 on this too.
    assert len(changed) == 1 and "scores only" in changed[0] and largest > 0
    changed, _ = compare([_result()], [_result(label="natural")])
    assert changed and "spun -> natural" in changed[0]
    other = _result()
    other["findings"][0][4] = ["past year"]
    changed, largest = compare([_result()], [other])
    assert changed and largest == 0.0
