"""Word pairs of scientific and technical terms (``models/term_pairs.npz``).

The general bigram tables (:mod:`detector.baselines`) come from broadcast news and web
counts: "blood pressure" is in them, "support vector", "feature selection" and "random
forest" are not. A tortured phrase is such a term rebuilt word by word ("help vector
system", "highlight choice", "irregular woodland"), so both finding one and restoring it ask
whether a wording's adjacent pairs are a field's. The restorer asks it of an isolated
phrase's candidates (:func:`detector.suggest`): the word-by-word products it keeps
(:meth:`detector.candidates.CandidateGenerator.compose_fluent`) and the phrase ranker's
``field_pairs`` feature. The detector does not take a term pair as evidence of a rebuilt
term in running text (it also found fields' own wordings, model card item 211); it asks
only to spare a field's own compound in a passage that reads natural ("free energy" ->
energy, item 234).

The pairs are those that recur in the manuals of scientific libraries
(:mod:`corpus.build_term_pairs`); the artifact stores 64-bit keys of them (BLAKE2b of the
pair, sorted), no text, and is loaded on first use.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence

import numpy as np

from detector.memo import Memo
from detector.resources import load_npz, without_gc

__all__ = ["FILENAME", "FORMAT", "VERSION", "is_term_pair", "pair_key", "term_pair_share"]

FILENAME, FORMAT, VERSION = "term_pairs.npz", "unspin-term-pairs", 1

_keys: np.ndarray | None = None
_CACHE_SIZE = 50_000
_cache: Memo[tuple[str, str], bool] = Memo(_CACHE_SIZE)


def pair_key(a: str, b: str) -> int:
    """The stored key of the pair ``a b`` (look-up forms, :func:`detector.tokens.normalize`)."""
    return int.from_bytes(hashlib.blake2b(f"{a} {b}".encode(), digest_size=8).digest(),
                          "little")


@without_gc
def _load() -> np.ndarray:
    global _keys
    if _keys is None:
        arrays, _ = load_npz(FILENAME, FORMAT, VERSION)
        _keys = arrays["keys"]
    return _keys


def is_term_pair(a: str, b: str) -> bool:
    """Whether ``a b`` recurs in scientific and technical manuals."""
    hit = _cache.get((a, b))
    if hit is None:
        keys = _load()
        k = np.uint64(pair_key(a, b))
        i = int(np.searchsorted(keys, k))
        hit = bool(i < len(keys) and keys[i] == k)
        _cache[(a, b)] = hit
    return hit


def term_pair_share(words: Sequence[str]) -> float:
    """The share of adjacent pairs of ``words`` that are term pairs (0 for one word)."""
    pairs = list(itertools.pairwise(words))
    if not pairs:
        return 0.0
    return sum(is_term_pair(a, b) for a, b in pairs) / len(pairs)
