"""The texts about spinning of ``bench/about_spinning.py``: an editor's note, an integrity
report or a style guide that shows spun wordings as examples is not itself spun."""

from __future__ import annotations

from bench import about_spinning


def test_no_text_about_spinning_is_labelled_spun() -> None:
    results = about_spinning.measure(about_spinning.load())
    assert len(results) == 50
    assert [r["id"] for r in results if r["label"] == "spun"] == []
    # The controls quote dialogue, use scare quotes or spin yarn: nothing to find.
    assert [r["id"] for r in results if r["control"] and r["findings"]] == []
    # Examples in running prose are still read as used (a blockquote of a spun paragraph,
    # a list between em dashes): at most those two passages.
    assert sum(r["spun_passages"] for r in results) <= 2
