"""Word pairs of scientific terms (models/term_pairs.npz) and their builder."""

from __future__ import annotations

import pytest

from corpus import build_term_pairs
from detector import terminology
from detector.candidates import CandidateGenerator
from detector.resources import load_npz


def test_terms_of_fields_are_pairs_and_tortured_ones_are_not() -> None:
    for a, b in (("support", "vector"), ("feature", "selection"), ("random", "forest"),
                 ("power", "spectrum"), ("image", "recognition")):
        assert terminology.is_term_pair(a, b), (a, b)
    for a, b in (("help", "vector"), ("feeling", "acknowledgment"), ("irregular", "woodland"),
                 ("electricity", "spectrum"), ("profound", "learning")):
        assert not terminology.is_term_pair(a, b), (a, b)


def test_share_of_pairs() -> None:
    assert terminology.term_pair_share(["support", "vector", "machine"]) == 1.0
    assert terminology.term_pair_share(["help", "vector", "machine"]) == 0.5
    assert terminology.term_pair_share(["vector"]) == 0.0


def test_artifact_names_its_sources_and_holds_sorted_keys() -> None:
    arrays, meta = load_npz(terminology.FILENAME, terminology.FORMAT, terminology.VERSION)
    keys = arrays["keys"]
    assert len(keys) > 50_000
    assert (keys[1:] > keys[:-1]).all()
    assert set(meta["sources"]) == set(build_term_pairs.SOURCES)


def test_builder_reads_prose_not_code_and_splits_at_punctuation() -> None:
    page = ("<html><head><title>Guide title here</title></head><body>"
            "<p>A support vector machine fits non-linear data well; the kernel trick "
            "helps.</p>\n\n<pre>clf = svm.SVC(kernel rbf)</pre>\n\n"
            "<p>Short.</p></body></html>")
    paragraphs = list(build_term_pairs._prose(page))
    assert paragraphs and not any("clf" in p or "title" in p for p in paragraphs)
    pairs = {p for para in paragraphs for p in build_term_pairs._pairs_of(para)}
    assert ("support", "vector") in pairs and ("non", "linear") in pairs
    assert ("linear", "data") in pairs
    # No pair across the semicolon.
    assert ("well", "the") not in pairs


@pytest.mark.parametrize("words, term", [(["help", "vector", "machine"], "support vector machine")])
def test_fluent_products_keep_term_pairs(words: list[str], term: str) -> None:
    gen = CandidateGenerator()
    assert term in [o.text for o in gen.compose_fluent(words)]
