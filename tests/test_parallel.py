"""detector.analyze_many: the same reports as detector.analyze, in order, in bounded memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import detector

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    def first(name: str, n: int) -> list[str]:
        path = ROOT / "tests" / "cases" / name
        return [json.loads(line)["text"] for line in path.open(encoding="utf-8")][:n]

    # spun and natural, an empty text, one in another language
    return [*first("must_flag.jsonl", 6), *first("must_not_flag.jsonl", 6), "",
            "Der Hund schläft im Garten und träumt von den Katzen des Nachbarn."]


@pytest.mark.parametrize("jobs", [1, 2])
def test_reports_equal_analyze_in_input_order(jobs: int) -> None:
    texts = _texts()
    got = list(detector.analyze_many(texts, jobs=jobs, batch_size=3))
    assert got == [detector.analyze(t) for t in texts]


def test_options_reach_every_analysis() -> None:
    texts = _texts()[:6]
    options = {"threshold": 0.5, "allowed": ["stated"], "ignore": ["number-form"]}
    got = list(detector.analyze_many(texts, jobs=2, batch_size=2, **options))
    assert got == [detector.analyze(t, **options) for t in texts]  # type: ignore[arg-type]


def test_texts_are_read_lazily() -> None:
    taken = []

    def endless():
        n = 0
        while True:
            taken.append(n)
            yield f"Report number {n} was filed on Tuesday by the clerk of the court."
            n += 1

    reports = detector.analyze_many(endless(), jobs=2, batch_size=4)
    first = [next(reports) for _ in range(5)]
    assert all(r.label == "natural" for r in first)
    # two workers, two batches ahead each, and the batch being formed: bounded
    assert len(taken) <= 4 * (2 * 2 + 2)
    reports.close()  # stops the workers


def test_a_failing_text_raises_in_order() -> None:
    texts = ["The clerk filed the report on Tuesday.", b"not text", "Another line."]
    reports = detector.analyze_many(texts, jobs=2, batch_size=1)  # type: ignore[arg-type]
    assert next(reports).label == "natural"
    with pytest.raises(TypeError, match="str, not bytes"):
        next(reports)


@pytest.mark.parametrize("jobs", [1, 2])
def test_reports_before_a_failing_text_in_its_batch_come_first(jobs: int) -> None:
    texts = ["The clerk filed the report on Tuesday.", "Another line.", None, "More."]
    reports = detector.analyze_many(texts, jobs=jobs, batch_size=3)  # type: ignore[arg-type]
    assert [next(reports).label, next(reports).label] == ["natural", "natural"]
    with pytest.raises(TypeError, match="str, not NoneType"):
        next(reports)


def test_a_path_that_is_no_path_raises_after_the_files_before_it(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("The clerk filed the report on Tuesday.\n")
    results = detector.analyze_files([tmp_path / "a.txt", tmp_path / "gone.txt", None],
                                     jobs=1)  # type: ignore[list-item]
    assert next(results).error is None
    assert next(results).error == "no such file"
    with pytest.raises(TypeError):
        next(results)


@pytest.mark.parametrize("options, error, match", [
    ({"threshold": 2}, ValueError, "between 0 and 1"),
    ({"threshold": float("nan")}, ValueError, "between 0 and 1"),
    ({"threshold": "0.5"}, TypeError, "must be a number"),
    ({"allowed": "final yr"}, TypeError, "not a single str"),
    ({"allowed": [1]}, TypeError, "must hold str"),
    ({"ignore": ["bogus"]}, ValueError, "unknown rule 'bogus'"),
    ({"ignore": 3}, TypeError, "collection of str"),
])
def test_options_are_checked_at_the_door(options, error, match) -> None:
    for call in (lambda: detector.analyze("Some text.", **options),
                 lambda: detector.restore("Some text.", **options),
                 lambda: detector.analyze_many(["Some text."], **options),
                 lambda: detector.analyze_files(["a.txt"], **options)):
        with pytest.raises(error, match=match):
            call()
    with pytest.raises(TypeError, match="jobs must be an int"):
        detector.analyze_many(["x"], jobs="2")  # type: ignore[arg-type]


def test_a_passage_given_as_a_phrase_gets_no_suggestion_at_once() -> None:
    assert detector.suggest("word " * 20_000) == []  # took ten minutes
    assert detector.suggest(" ".join(["final yr"] * 11)) == []
    assert detector.suggest("final yr")[0] == "last year"


def test_bad_arguments() -> None:
    # raised at the call, not at the first report
    with pytest.raises(ValueError, match="jobs"):
        detector.analyze_many(["x"], jobs=0)
    with pytest.raises(ValueError, match="batch_size"):
        detector.analyze_many(["x"], batch_size=0)
    assert list(detector.analyze_many([])) == []


def test_analyze_says_what_it_needs() -> None:
    with pytest.raises(TypeError, match="str, not bytes"):
        detector.analyze(b"final yr")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str, not NoneType"):
        detector.restore(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="phrase must be str, not int"):
        detector.suggest(3)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- analyze_files


@pytest.mark.parametrize("jobs", [1, 2])
def test_analyze_files_equals_analyze_file_in_order_and_reports_errors(tmp_path, jobs):
    texts = _texts()[:5]
    paths: list = []
    for k, text in enumerate(texts):
        path = tmp_path / f"doc{k}.{'md' if k % 2 else 'txt'}"
        path.write_text(text, encoding="utf-8")
        paths.append(path if k % 2 else str(path))  # PathLike and str alike
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01binary")
    paths[2:2] = [tmp_path / "missing.txt", tmp_path / "bin.txt"]
    got = list(detector.analyze_files(paths, jobs=jobs, batch_size=2, ignore=["number-form"]))
    assert [r.path for r in got] == [str(p) for p in paths]
    for r, p in zip(got, paths, strict=True):
        if Path(p).name in ("missing.txt", "bin.txt"):
            assert r.report is None and r.error
            with pytest.raises(detector.FileError, match=r.error[:12]):
                detector.analyze_file(p)
        else:
            assert r.error is None
            assert r.report == detector.analyze_file(p, ignore=["number-form"])
