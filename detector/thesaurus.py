"""The synonym graph over surface forms and its inverse view (``models/thesaurus.npz``).

A spinner swaps a word for a thesaurus synonym inflected the same way ("asked" ->
"requested", "last year" -> "final yr"). The key query is the inverse one:
:meth:`Thesaurus.sources_of` gives, for an observed word or phrase, the common words or
phrases a spinner could have replaced to produce it, each with a prior weight (normalised over
the candidates of that surface), a part of speech where the source has one, and flags naming
the sources that support the pair (WordNet, Moby, the abbreviation list; the spin table adds
PPS). MyThes is kept out on purpose: it is the simulator's held-out thesaurus. The forward
view :meth:`Thesaurus.synonyms` lists what a word could be spun into.

Edges are stored between surface forms (built by ``corpus/build_thesaurus.py``, which expands
lemma pairs to pairs of the same inflection), so no lemmatizer is needed here. The artifact is
one edge list sorted by spun form, plus a vocabulary blob; a dict from string to id is built
on first use and the forward order is computed lazily (one argsort).
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np

from detector import resources

__all__ = [
    "ABBREV",
    "MOBY",
    "MYTHES",
    "PPS",
    "WORDNET",
    "Candidate",
    "Thesaurus",
    "default",
    "max_phrase_words",
    "sources_of",
    "synonyms",
]

FILENAME = "thesaurus.npz"
FORMAT = "unspin-thesaurus"
VERSION = 1

WORDNET, MOBY, MYTHES, ABBREV, PPS, PHRASEBOOK = 1, 2, 4, 8, 16, 32
_FLAG_NAMES = ((WORDNET, "wordnet"), (MOBY, "moby"), (MYTHES, "mythes"), (ABBREV, "abbrev"),
               (PPS, "pps"), (PHRASEBOOK, "phrasebook"))
POS_CODES = ("", "n", "v", "a", "r")


class Candidate(NamedTuple):
    """A candidate word or phrase: ``text``; part of speech (``n v a r`` or ``""``);
    ``weight``, a prior in [0, 1] normalised over the candidates of one query; ``flags``, a
    bit set of the supporting sources (:data:`WORDNET`, :data:`MOBY`, :data:`ABBREV`,
    :data:`PPS`; :data:`MYTHES` is reserved and unused)."""

    text: str
    pos: str
    weight: float
    flags: int

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(name for bit, name in _FLAG_NAMES if self.flags & bit)


class Thesaurus:
    """The surface-form synonym graph, constructed from the artifact's arrays: ``vocab`` (a
    utf-8 blob of newline-separated strings: ``n_orig`` sorted originals, then the other
    forms sorted; without ``n_orig`` all sorted), ``ptr`` (CSR row pointers by spun form, one
    more than the vocabulary), and per edge ``orig`` (vocabulary id of the original),
    ``score`` and ``packed`` (source flags in bits 0-3, part of speech code in bits 4-6 and
    bit 16 of the original's id in bit 7, so that ``orig`` fits uint16). :meth:`from_pairs`
    builds one from tuples."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        # No dict over the ~180k strings (50 ms to build): the vocabulary is two sorted runs
        # (originals, then the other spun forms), searched with bisect; edge arrays are
        # decoded per query slice. Both keep the first look-up well under 0.3 s.
        self.vocab: list[str] = bytes(arrays["vocab"]).decode("utf-8").split("\n")
        n = len(self.vocab)
        self._n_orig = int(arrays["n_orig"]) if "n_orig" in arrays else n
        self._ptr = np.asarray(arrays["ptr"], dtype=np.int64)
        self._orig_lo = np.asarray(arrays["orig"])
        self._score = np.asarray(arrays["score"])
        self._packed = np.asarray(arrays["packed"], dtype=np.uint8)
        m = len(self._orig_lo)
        if len(self._ptr) != n + 1 or self._ptr[-1] != m or not 0 <= self._n_orig <= n:
            raise ValueError("row pointers do not match the vocabulary and edges")
        if len(self._score) != m or len(self._packed) != m:
            raise ValueError("edge arrays differ in length")
        self._fwd: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._fan_out: np.ndarray | None = None
        self._inv_cache: dict[str, list[Candidate]] = {}
        self._phrase_len: dict[str, int] = {}
        self._max_words: int | None = None

    def id_of(self, surface: str) -> int | None:
        """Vocabulary id of ``surface`` or None."""
        v = self.vocab
        for lo, hi in ((0, self._n_orig), (self._n_orig, len(v))):
            i = bisect_left(v, surface, lo, hi)
            if i < hi and v[i] == surface:
                return i
        return None

    def _orig_ids(self, rows: np.ndarray | slice) -> np.ndarray:
        return self._orig_lo[rows].astype(np.int64) | (
            (self._packed[rows] >> 7).astype(np.int64) << 16
        )

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str, float, int, str]]) -> Thesaurus:
        """Build from ``(original, spun, score, flags, pos)`` tuples (tests, experiments)."""
        pairs = list(pairs)
        vocab = sorted({p[0] for p in pairs} | {p[1] for p in pairs})
        idx = {w: i for i, w in enumerate(vocab)}
        pairs.sort(key=lambda p: (idx[p[1]], -p[2]))
        spun = np.array([idx[p[1]] for p in pairs], dtype=np.int64)
        orig = np.array([idx[p[0]] for p in pairs], dtype=np.int64)
        if len(orig) and orig.max() >= 1 << 17:
            raise ValueError("too many originals for 17-bit ids")
        packed = np.array([p[3] | (POS_CODES.index(p[4]) << 4) for p in pairs], dtype=np.int64)
        return cls(
            {
                "vocab": np.frombuffer("\n".join(vocab).encode(), dtype=np.uint8),
                "ptr": np.searchsorted(spun, np.arange(len(vocab) + 1)),
                "orig": orig & 0xFFFF,
                "score": np.array([p[2] for p in pairs], dtype=np.float32),
                "packed": (packed | ((orig >> 16) << 7)).astype(np.uint8),
            }
        )

    # -- queries -----------------------------------------------------------------------

    def sources_of(self, surface: str) -> list[Candidate]:
        """Words or phrases a spinner could have replaced to produce ``surface`` (lower-case,
        space-joined for phrases), best first. Empty when unknown."""
        hit = self._inv_cache.get(surface)
        if hit is not None:
            return hit
        i = self._id_any_case(surface)
        out = [] if i is None else self._row(i)
        if len(self._inv_cache) >= 30_000:  # bounded: long runs meet ever more words
            self._inv_cache.clear()
        self._inv_cache[surface] = out
        return out

    def _id_any_case(self, surface: str) -> int | None:
        """Vocabulary id of ``surface``, else of its lower case (None: neither)."""
        i = self.id_of(surface)
        if i is None and surface != surface.lower():
            i = self.id_of(surface.lower())
        return i

    def synonyms(self, word: str) -> list[Candidate]:
        """Words or phrases ``word`` could be spun into (same inflection), best first."""
        i = self.id_of(word)
        if i is None:
            return [] if word == word.lower() else self.synonyms(word.lower())
        if self._fwd is None:
            orig = self._orig_ids(np.arange(len(self._orig_lo)))
            order = np.argsort(orig, kind="stable")
            ptr = np.searchsorted(orig[order], np.arange(len(self.vocab) + 1))
            spun = np.repeat(np.arange(len(self.vocab)), np.diff(self._ptr))
            self._fwd = (order, ptr, spun)
        order, ptr, spun = self._fwd
        rows = order[int(ptr[i]) : int(ptr[i + 1])]
        return self._candidates(spun[rows], rows)

    def fan_out(self, surface: str) -> float:
        """How much ``surface`` spreads as an original: the summed stored scores of every
        edge from it (0 when it is no original). A word with many synonyms ("make") makes
        any one of them less likely to be its replacement than a word with few ("informed")."""
        i = self._id_any_case(surface)
        if i is None or i >= self._n_orig:
            return 0.0
        if self._fan_out is None:
            # One pass over the edges (~20 ms), on the first ranking only.
            orig = self._orig_ids(slice(None))
            self._fan_out = np.bincount(orig, weights=self._score, minlength=self._n_orig)
        return float(self._fan_out[i])

    def source_tuples(self, surface: str) -> list[tuple[str, float, int]]:
        """:meth:`sources_of` as plain ``(text, weight, flags)`` tuples, same order and
        values, not cached: for callers that merge and cache the result themselves (the
        candidate generator meets every new word of a long run once)."""
        i = self._id_any_case(surface)
        if i is None:
            return []
        texts, packed, weights = self._edges(i)
        return list(zip(texts, weights, [p & 15 for p in packed], strict=True))

    def _edges(self, i: int) -> tuple[list[str], list[int], list[float]]:
        """Row ``i``'s originals, packed flag bytes and normalised weights, heaviest first
        (stored order among equals)."""
        # Plain slices and lists: several times faster than fancy indexing for ~20 edges.
        a, b = int(self._ptr[i]), int(self._ptr[i + 1])
        if a == b:
            return [], [], []
        lo = self._orig_lo[a:b].tolist()
        packed = self._packed[a:b].tolist()
        scores = self._score[a:b].tolist()
        total = float(sum(scores)) or 1.0
        vocab = self.vocab
        texts = [vocab[o | ((p >> 7) << 16)] for o, p in zip(lo, packed, strict=True)]
        weights = [sc / total for sc in scores]
        if any(weights[j] < weights[j + 1] for j in range(len(weights) - 1)):
            order = sorted(range(len(weights)), key=lambda j: -weights[j])
            texts = [texts[j] for j in order]
            packed = [packed[j] for j in order]
            weights = [weights[j] for j in order]
        return texts, packed, weights

    def _row(self, i: int) -> list[Candidate]:
        texts, packed, weights = self._edges(i)
        return [
            Candidate(t, POS_CODES[(p >> 4) & 7], w, p & 15)
            for t, p, w in zip(texts, packed, weights, strict=True)
        ]

    def _candidates(self, targets: np.ndarray, rows: Any) -> list[Candidate]:
        rows = np.asarray(rows, dtype=np.int64)
        if len(rows) == 0:
            return []
        scores = self._score[rows].astype(np.float64)
        total = float(scores.sum()) or 1.0
        order = np.argsort(-scores, kind="stable")
        packed = self._packed[rows]
        vocab = self.vocab
        return [
            Candidate(
                vocab[int(targets[j])],
                POS_CODES[(int(packed[j]) >> 4) & 7],
                float(scores[j]) / total,
                int(packed[j]) & 15,
            )
            for j in order.tolist()
        ]

    def is_related(self, a: str, b: str) -> bool:
        """True when ``a`` and ``b`` are linked in either direction."""
        return any(c.text == b for c in self.sources_of(a)) or any(
            c.text == a for c in self.sources_of(b)
        )

    def __contains__(self, surface: str) -> bool:
        i = self.id_of(surface)
        return i is not None and self._ptr[i + 1] > self._ptr[i]

    def phrase_len_from(self, first_word: str) -> int:
        """Longest spun phrase starting with ``first_word`` (0 when none): lets a scanner
        skip phrase look-ups at most positions."""
        hit = self._phrase_len.get(first_word)
        if hit is None:
            hit = max((p.count(" ") + 1 for p in self.phrases_from(first_word)), default=0)
            if len(self._phrase_len) >= 30_000:
                self._phrase_len.clear()
            self._phrase_len[first_word] = hit
        return hit

    def phrases_from(self, first_word: str) -> list[str]:
        """The multiword spun phrases that start with ``first_word`` and have sources."""
        # Phrases starting with "word " sit together in each sorted run of the vocabulary
        # (" " sorts just before "!"), so two bisects per run find them. Answered per first
        # word on demand: indexing all ~180k strings at load cost 0.3 s of start-up.
        v, ptr, out = self.vocab, self._ptr, []
        lo_key, hi_key = first_word + " ", first_word + "!"
        for lo, hi in ((0, self._n_orig), (self._n_orig, len(v))):
            a, b = bisect_left(v, lo_key, lo, hi), bisect_left(v, hi_key, lo, hi)
            out.extend(v[i] for i in range(a, b) if ptr[i + 1] > ptr[i])
        return out

    def has_phrase(self, phrase: str) -> bool:
        """Whether the multiword ``phrase`` (lower-case) has sources: a cheaper test than the
        full candidate look-up at the many word runs that are none."""
        first = phrase.split(" ", 1)[0]
        return self.phrase_len_from(first) >= phrase.count(" ") + 1 and phrase in self

    def max_phrase_words(self) -> int:
        """The longest spun phrase (in words) that has sources."""
        if self._max_words is None:
            has = np.flatnonzero(np.diff(self._ptr) > 0).tolist()
            v = self.vocab
            self._max_words = max((v[i].count(" ") + 1 for i in has), default=1)
        return self._max_words

    def __len__(self) -> int:
        return len(self._orig_lo)


_default: Thesaurus | None = None
_lock = threading.Lock()


@resources.without_gc
def default() -> Thesaurus:
    """The shipped thesaurus, loaded once (raises :class:`detector.resources.ModelError`)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                arrays, _meta = resources.load_npz(FILENAME, FORMAT, VERSION)
                try:
                    _default = Thesaurus(arrays)
                except (KeyError, ValueError, UnicodeDecodeError, IndexError) as exc:
                    raise resources.ModelError(
                        f"model file {FILENAME} has unexpected content ({exc}); "
                        f"{resources.REBUILD_HINT}"
                    ) from None
    return _default


def sources_of(surface: str) -> list[Candidate]:
    """:meth:`Thesaurus.sources_of` on the shipped thesaurus."""
    return default().sources_of(surface)


def synonyms(word: str) -> list[Candidate]:
    """:meth:`Thesaurus.synonyms` on the shipped thesaurus."""
    return default().synonyms(word)


def max_phrase_words() -> int:
    return default().max_phrase_words()
