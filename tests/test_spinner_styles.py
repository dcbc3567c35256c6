"""The hand-spun texts of bench/spinner_styles.py: well formed, and read as measured."""

from __future__ import annotations

from bench.spinner_styles import STYLES, load, measure, restored


def test_the_set_is_well_formed() -> None:
    texts = load()
    assert {t["style"] for t in texts} == set(STYLES)
    ids = [t["id"] for t in texts]
    assert len(ids) == len(set(ids))
    for t in texts:
        swaps = t.get("swaps", [])
        assert (t["style"] == "orig") == (not swaps), t["id"]
        ends = [0]
        for a, b, original in sorted(swaps):
            assert ends[-1] <= a < b <= len(t["text"]), t["id"]
            assert t["text"][a:b] != original, t["id"]
            ends.append(b)


def test_a_finding_is_compared_over_the_swaps_it_touches() -> None:
    text = "He stated it final yr."
    swaps = [[3, 9, "said"], [13, 21, "last year"]]
    # A finding on "yr" alone is read over the whole swap "final yr".
    assert restored(text, swaps, 19, 21) == (13, 21, "last year")
    assert restored(text, swaps, 3, 9) == (3, 9, "said")
    assert restored(text, swaps, 0, 2) == (0, 2, "He")


def test_the_originals_draw_nothing_and_the_dictionary_spinner_is_caught() -> None:
    rows = [measure(t) for t in load() if t["style"] in ("orig", "dict")]
    originals = [r for r in rows if r["style"] == "orig"]
    assert not any(r["spun"] or r["findings"] for r in originals)
    # 9 of 10 when the set was written (model card, item 96); raise as the detector improves.
    assert sum(r["spun"] for r in rows if r["style"] == "dict") >= 9


def test_the_news_set_is_what_the_news_spinner_makes_of_its_originals() -> None:
    from bench.news_spinner import spin

    texts = {t["id"]: t for t in load() if t["id"].startswith(("wire_", "southasia_"))}
    originals = [t for t in texts.values() if t["style"] == "orig"]
    assert len(originals) == 24
    for t in originals:
        spun = texts[f"{t['topic']}-news"]
        assert [spun["text"], spun["swaps"]] == list(spin(t["text"]))


def test_whole_news_articles_spun_by_a_dictionary_are_caught_and_their_originals_clear() -> None:
    rows = [measure(t) for t in load() if t["id"].startswith(("wire_", "southasia_"))]
    assert not any(r["spun"] or r["findings"] for r in rows if r["style"] == "orig")
    # 21 of 24 when the set was written (model card, item 102); raise as the detector improves.
    # 20 since item 143: the ISRO article's original "step by step" was read as a swap
    # (0.87) and carried its last passage over the threshold; reduplicated idioms hold no span.
    assert sum(r["spun"] for r in rows if r["style"] == "news") >= 20


def test_articles_whose_names_were_spun_too_are_caught() -> None:
    rows = [measure(t) for t in load() if t["style"] == "names"]
    assert len(rows) == 20
    # 16 of 20 when the set was written (model card, item 153); raise as the detector improves.
    assert sum(r["spun"] for r in rows) >= 16
