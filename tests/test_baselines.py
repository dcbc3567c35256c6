"""Frequency baselines: loading (checked formats, clear errors) and behaviour on spun wording."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from detector import baselines, resources
from detector.resources import ModelError

MODELS = Path(__file__).resolve().parent.parent / "models"
OURS = ("lexicon.npz", "ngrams.npz")


def _clear() -> None:
    resources.manifest.cache_clear()
    baselines._reset()


@pytest.fixture
def model_copy(tmp_path, monkeypatch):
    """A private copy of the baseline artifacts and their manifest entries."""
    for name in OURS:
        shutil.copyfile(MODELS / name, tmp_path / name)
    manifest = json.loads((MODELS / "MANIFEST.json").read_text())
    manifest["artifacts"] = {k: v for k, v in manifest["artifacts"].items() if k in OURS}
    (tmp_path / "MANIFEST.json").write_text(json.dumps(manifest))
    monkeypatch.setattr(resources, "model_dir", lambda: tmp_path)
    _clear()
    yield tmp_path
    monkeypatch.undo()
    _clear()


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "MANIFEST.json").read_text())


# --- loading ---------------------------------------------------------------------------


def test_copy_loads(model_copy):
    assert baselines.known("the")


def test_missing_artifact(model_copy):
    (model_copy / "ngrams.npz").unlink()
    with pytest.raises(ModelError, match=r"ngrams\.npz is missing"):
        baselines.logprob(["last"], "year")


def test_corrupt_artifact(model_copy):
    data = bytearray((model_copy / "lexicon.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (model_copy / "lexicon.npz").write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"lexicon\.npz is corrupt"):
        baselines.zipf("the")


def test_wrong_version_in_manifest(model_copy):
    m = _manifest(model_copy)
    m["artifacts"]["ngrams.npz"]["version"] = 99
    (model_copy / "MANIFEST.json").write_text(json.dumps(m))
    with pytest.raises(ModelError, match="version"):
        baselines.sequence_logprob(["last", "year"])


def test_unlisted_artifact(model_copy):
    m = _manifest(model_copy)
    del m["artifacts"]["lexicon.npz"]
    (model_copy / "MANIFEST.json").write_text(json.dumps(m))
    with pytest.raises(ModelError, match="not listed"):
        baselines.known("the")


def test_metadata_format_checked(model_copy):
    """A file whose own header names another format is refused even with a matching
    manifest entry (rewritten with a fresh checksum)."""
    import hashlib

    from corpus.artifacts import write_npz

    with np.load(model_copy / "lexicon.npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files if k != "__meta__"}
        meta = json.loads(str(z["__meta__"]))
    meta["format"] = "something-else"
    write_npz(model_copy / "lexicon.npz", arrays, meta)
    m = _manifest(model_copy)
    data = (model_copy / "lexicon.npz").read_bytes()
    m["artifacts"]["lexicon.npz"].update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    (model_copy / "MANIFEST.json").write_text(json.dumps(m))
    with pytest.raises(ModelError, match="something-else"):
        baselines.known("the")


def test_artifact_meta_credits_sources():
    for name in OURS:
        with np.load(MODELS / name, allow_pickle=False) as z:
            meta = json.loads(str(z["__meta__"]))
        assert meta["version"] == 1 and meta["format"].startswith("unspin-")
        assert meta["licence"] and meta["sources"]
    with np.load(MODELS / "lexicon.npz", allow_pickle=False) as z:
        assert "CC BY-SA 4.0" in json.loads(str(z["__meta__"]))["licence"]


# --- behaviour -------------------------------------------------------------------------


def _ctx(left: str, span: str, right: str = "") -> float:
    lw, sw, rw = left.split(), span.split(), right.split()
    return baselines.sequence_logprob(lw + sw + rw, context=len(lw))


@pytest.mark.parametrize(
    ("left", "original", "spun", "right"),
    [
        ("sales rose", "last year", "final yr", "and"),
        ("the un", "security council", "safety council", "voted"),
        ("officials said they were", "trying to", "making an attempt to", "reach"),
        ("the minister", "informed lawmakers", "knowledgeable lawmakers", "of"),
        ("companies invest in", "big data", "huge information", "and"),
        ("he made a", "phone call", "cellphone name", "to"),
        ("new rules", "in order to ensure", "with a view to making sure", "that"),
        ("researchers used", "deep learning", "profound learning", "to"),
    ],
)
def test_original_beats_spun_in_context(left, original, spun, right):
    assert _ctx(left, original, right) > _ctx(left, spun, right)


def test_unknown_words_get_the_floor():
    floor = baselines.unigram_logprob("qxzvbnmw")
    assert not baselines.known("qxzvbnmw")
    assert baselines.zipf("qxzvbnmw") == 0.0
    assert floor < baselines.unigram_logprob("insectoids") < baselines.unigram_logprob("the")
    assert floor == baselines.UNKNOWN_LOGPROB
    assert baselines.logprob(["the"], "qxzvbnmw") < baselines.logprob(["the"], "cat")
    # A real but rare word (in the lexicon, not in the language models) beats a non-word.
    assert baselines.logprob(["the"], "insectoids") > baselines.logprob(["the"], "qxzvbnmw")


def test_zipf_and_known():
    assert 7.0 < baselines.zipf("the") < 8.0
    assert baselines.known("that's")
    assert baselines.zipf("year") > baselines.zipf("yr") > 0
    assert list(baselines.zipfs(["the", "qxzvbnmw"])) == [baselines.zipf("the"), 0.0]


def test_numbers_form_one_class():
    assert baselines.logprob(["in"], "1945") == baselines.logprob(["in"], "2010")
    assert baselines.logprob([], "1945") == baselines.NUMBER_LOGPROB


def test_history_is_used():
    assert baselines.logprob(["security"], "council") > baselines.logprob(["safety"], "council")
    assert baselines.logprob(["the", "security"], "council") == baselines.logprob(
        ["security"], "council"
    )
    assert baselines.logprob([], "council") == baselines.sequence_logprob(["council"])


def test_sequence_matches_token_logprobs():
    words = "the un security council met in new york on 12 march".split()
    lps = baselines.token_logprobs(words)
    assert lps.shape == (len(words),)
    assert baselines.sequence_logprob(words, 3) == pytest.approx(float(lps[3:].sum()))
    for k in range(1, len(words)):
        assert lps[k] == pytest.approx(baselines.logprob(words[:k], words[k]))
    assert baselines.sequence_logprob(words, len(words)) == 0.0
    # Long sequences take the vectorised path, short ones the cached scalar path: same values.
    long = words * 5
    assert baselines.sequence_logprob(long, 2) == pytest.approx(
        sum(baselines.sequence_logprob(long[k - 1 : k + 1], 1) for k in range(2, len(long)))
    )
    assert len(baselines.token_logprobs([])) == 0


def test_code_book_pairs_equal_token_logprobs(monkeypatch):
    # The feature extractor scores candidates through code-book codes; the values must be
    # exactly those of the string API at the same positions, unknown words and numbers too.
    words = ["\x00", "the", "un", "security", "council", "met", "qxzvbnmw", "<num>", "1945",
             "that's", "a" * 40, "council"]
    book = baselines.codebook()
    codes = book.codes(words)
    assert book.codes(words) == codes  # stable within a generation
    lps = baselines.token_logprobs(words)
    pairs = book.pair_logprobs(codes[:-1], codes[1:])
    assert pairs.tolist() == lps[1:].tolist()
    # Past its size the book starts afresh, with a new generation (kept codes are void).
    monkeypatch.setattr(baselines, "CODEBOOK_SIZE", len(book) - 1)
    fresh = baselines.codebook()
    assert fresh is not book and fresh.generation != book.generation
    assert fresh.pair_logprobs(fresh.codes(words[:-1]), fresh.codes(words[1:])).tolist() == (
        lps[1:].tolist()
    )


def test_ngram_seen_and_pmi():
    assert baselines.ngram_seen(["last", "year"])
    assert not baselines.ngram_seen(["final", "yr"])
    assert baselines.ngram_seen(["the", "security", "council"])
    assert baselines.bigram_pmi("security", "council") > 1.0
    assert baselines.bigram_pmi("security", "council") > baselines.bigram_pmi("safety", "council")
    assert baselines.bigram_pmi("qxzvbnmw", "council") == 0.0


def test_odd_tokens_do_not_crash():
    words = ["\x00", "a" * 40, "", "naïve", "über", "that's", "3.5"]
    assert np.isfinite(baselines.token_logprobs(words)).all()
    assert not baselines.known("a" * 40)


# --- build side ------------------------------------------------------------------------


def test_sphinx_trie_decoder():
    """The decoder of pocketsphinx's binary LM against values of its ARPA bigram dump."""
    pytest.importorskip("pocketsphinx")
    from corpus.build_baselines import read_sphinx_lm

    lm = read_sphinx_lm()
    ids = {w: i for i, w in enumerate(lm.words)}
    assert len(lm.words) == 72547 and len(lm.bi_lp) == 2051541 and len(lm.tri_lp) == 1669625
    assert lm.uni_lp[ids["'bout"]] == pytest.approx(-6.2831, abs=1e-3)
    k = np.flatnonzero((lm.bi_w1 == ids["of"]) & (lm.bi_w2 == ids["the"]))
    assert len(k) == 1
    assert lm.bi_lp[k[0]] == pytest.approx(-0.6986, abs=1e-3)
    assert lm.bi_bo[k[0]] == pytest.approx(-0.0724, abs=1e-3)
    t = np.flatnonzero(
        (lm.tri_w1 == ids["university"]) & (lm.tri_w2 == ids["of"]) & (lm.tri_w3 == ids["zurich"])
    )
    assert len(t) == 1 and -4 < lm.tri_lp[t[0]] < -3
