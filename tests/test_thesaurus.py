"""The synonym graph: inverse view on the shipped artifact, in-memory construction, loaders."""

from __future__ import annotations

import numpy as np
import pytest

from detector import resources
from detector import thesaurus as th
from detector.thesaurus import ABBREV, MOBY, WORDNET, Candidate, Thesaurus


def _shipped() -> bool:
    try:
        return th.FILENAME in resources.manifest().get("artifacts", {})
    except resources.ModelError:
        return False


shipped = pytest.mark.skipif(not _shipped(), reason="models/thesaurus.npz not built")


def texts(cands: list[Candidate]) -> list[str]:
    return [c.text for c in cands]


# Spun surface -> an original the shipped sources genuinely support. Examples from the brief
# that the sources do not support ("for the reason that" <- "since", "a whole bunch" <-
# "hundreds", "cellphone" <- "phone") are listed in models/README_thesaurus.md rather than
# hard-coded into the artifact.
SUPPORTED = [
    ("stated", "said"),
    ("knowledgeable", "informed"),
    ("safety", "security"),
    ("final", "last"),
    ("excessive", "high"),
    ("making an attempt", "trying"),
    ("in opposition to", "against"),
    ("disaster", "crisis"),
    ("yr", "year"),
    ("requested", "asked"),
    ("nations", "countries"),
    ("huge", "big"),
    ("profound", "deep"),
    ("informed", "told"),
    ("workplace", "office"),
]


@shipped
@pytest.mark.parametrize(("spun", "original"), SUPPORTED)
def test_sources_of_examples(spun, original):
    assert original in texts(th.sources_of(spun))


@shipped
def test_inflection_is_consistent():
    req = texts(th.sources_of("requested"))
    assert "asked" in req and "ask" not in req
    assert "ask" in texts(th.sources_of("request"))
    nations = texts(th.sources_of("nations"))
    assert "countries" in nations and "country" not in nations
    said = texts(th.sources_of("stated"))
    assert "say" not in said


@shipped
def test_candidates_are_well_formed():
    cands = th.sources_of("stated")
    assert abs(sum(c.weight for c in cands) - 1) < 1e-3
    assert all(cands[i].weight >= cands[i + 1].weight for i in range(len(cands) - 1))
    assert all(c.pos in th.POS_CODES and c.flags for c in cands)
    assert "abbrev" in th.sources_of("yr")[0].sources
    assert th.sources_of("no-such-wordzz") == []
    assert th.sources_of("Stated") == cands
    assert th.max_phrase_words() >= 3
    assert th.default().phrase_len_from("making") >= 3
    assert "said" in texts(th.synonyms("stated")) or "stated" in texts(th.synonyms("said"))


def test_in_memory_thesaurus():
    t = Thesaurus.from_pairs(
        [
            ("said", "stated", 3.0, WORDNET | MOBY, "v"),
            ("told", "stated", 1.0, MOBY, "v"),
            ("year", "yr", 2.0, ABBREV, ""),
            ("trying", "making an attempt", 1.0, MOBY, "v"),
        ]
    )
    s = t.sources_of("stated")
    assert texts(s) == ["said", "told"]
    assert s[0].weight == pytest.approx(0.75) and s[0].sources == ("wordnet", "moby")
    assert texts(t.synonyms("said")) == ["stated"]
    assert t.sources_of("said") == []
    assert t.max_phrase_words() == 3 and t.phrase_len_from("making") == 3
    # Only phrases that have sources count: "making an attempt" is a spun form, while no
    # phrase starting with "trying" is (a look-up by first word, two bisects per sorted run).
    assert t.phrase_len_from("trying") == 0 and t.phrase_len_from("make") == 0
    assert t.has_phrase("making an attempt") and not t.has_phrase("making an")
    assert "yr" in t and "year" not in t
    assert t.is_related("year", "yr") and not t.is_related("said", "told")


def test_fan_out_sums_an_originals_edges():
    pairs = [
        ("said", "stated", 3.0, WORDNET, "v"),
        ("said", "declared", 2.0, MOBY, "v"),
        ("told", "stated", 1.0, MOBY, "v"),
    ]
    t = Thesaurus.from_pairs(pairs)
    said, told = t.fan_out("said"), t.fan_out("told")
    assert said > told > 0
    assert t.fan_out("Said") == said
    assert t.fan_out("stated") == 0.0 and t.fan_out("unknown") == 0.0


def test_inconsistent_arrays_are_refused():
    with pytest.raises(ValueError):
        Thesaurus(
            {
                "vocab": np.frombuffer(b"a\nb", dtype=np.uint8),
                "ptr": np.array([0, 0, 5]),
                "orig": np.array([0]),
                "score": np.array([1]),
                "packed": np.array([1], dtype=np.uint8),
            }
        )


def test_corrupt_artifact_raises_model_error(tmp_path, monkeypatch):
    from corpus.artifacts import update_manifest, write_npz

    write_npz(
        tmp_path / th.FILENAME,
        {"vocab": np.frombuffer(b"a\nb", dtype=np.uint8), "ptr": np.array([0, 0, 9])},
        {"format": th.FORMAT, "version": th.VERSION},
    )
    update_manifest(tmp_path)
    monkeypatch.setattr(resources, "model_dir", lambda: tmp_path)
    resources.manifest.cache_clear()
    monkeypatch.setattr(th, "_default", None)
    try:
        with pytest.raises(resources.ModelError):
            th.default()  # missing arrays
        (tmp_path / th.FILENAME).write_bytes(b"PK\x03\x04 not a zip")
        with pytest.raises(resources.ModelError):
            th.default()  # checksum mismatch
    finally:
        resources.manifest.cache_clear()
