"""Frequency baselines: unigram frequencies and a back-off n-gram language model.

A spinner replaces words by thesaurus synonyms one at a time, without looking at the
neighbours, so it breaks collocations: "last year" becomes "final yr", "Security Council"
becomes "Safety Council". Natural wording is therefore, word for word, more probable under an
n-gram model than its spun counterpart *in the same context*; the detector compares
``sequence_logprob(left + span + right, context=len(left))`` for the text as written and for a
candidate restoration.

Two artifacts, loaded lazily on first use and once (``detector.resources``):

``lexicon.npz``
    250k English words (wordfreq, CC BY-SA 4.0) as a sorted fixed-width byte array, looked
    up with ``np.searchsorted`` (vectorised; no 250k-entry dict to build at start-up), with
    Zipf values.
``ngrams.npz``
    Two bigram experts whose log10 probabilities are averaged (log-linear interpolation):
    the CMU Sphinx US English model's unigrams, back-off weights and bigrams (BSD-style
    licence) with ARPA back-off, ``log P(w | h) = bigram(h, w)`` when seen, else
    ``backoff(h) + unigram(w)``; and wordsegment's Google Web 1T derived bigram counts
    (Apache-2.0) with stupid back-off, ``log c(h w) / c(h)`` when seen, else
    ``log 0.4 + log P(w)``. ``bench/baselines.py`` measured this pair as the best of the
    candidates (model card, "Frequency baselines").

Words the language model does not know, but the lexicon does, fall back to their wordfreq
unigram log-probability (so a rare but real word is not punished like a typo); words neither
knows get ``UNKNOWN_LOGPROB`` of the lexicon; numbers form one class with a fixed probability
(``NUMBER_LOGPROB``) so that "1945" and "2010" never decide a comparison.

The current artifact holds no trigrams (see the model card), so the history used is the last
word; ``history`` may still hold two words, and longer histories are cut.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from detector.resources import ModelError, load_npz, without_gc

__all__ = [
    "NUMBER_LOGPROB",
    "UNKNOWN_LOGPROB",
    "CodeBook",
    "bigram_matrix",
    "bigram_pmi",
    "codebook",
    "known",
    "logprob",
    "ngram_seen",
    "sequence_logprob",
    "token_logprobs",
    "unigram_logprob",
    "word_ids",
    "zipf",
    "zipfs",
]

LEXICON = ("lexicon.npz", "unspin-lexicon", 1)
NGRAMS = ("ngrams.npz", "unspin-ngrams", 1)
NO_ID = 0xFFFF
ID_CACHE_SIZE = 20_000
NUMBER_LOGPROB = -3.0
#: Fallback until the lexicon is loaded; replaced by the artifact's own floor.
UNKNOWN_LOGPROB = -8.5


class _Tables:
    """All arrays of both artifacts. Words are found by ``searchsorted`` in the sorted
    fixed-width vocabulary: no Python dictionary of 250k words is built at start-up.

    The stored integer values (centi-Zipf, milli-log10) and codebook indices are kept as
    they are and turned into float64 log-probabilities only for the entries a query
    gathers (the ``*_at`` methods): converting the whole tables (two million bigrams) at
    load cost ~0.03 s of every cold start and 20 MB. Each value gets the very operations
    the whole-table conversion applied (``float64(v) / scale``), so results are identical.
    """

    @without_gc
    def __init__(self) -> None:
        lex, lmeta = load_npz(*LEXICON)
        ng, ngmeta = load_npz(*NGRAMS)
        try:
            self.vocab = lex["vocab"]
            self.width = self.vocab.dtype.itemsize
            self.zipf_centi = lex["zipf_centi"]
            self.unknown = float(lmeta["build"]["unknown_logprob"])
            self.lex2ng = ng["lex2ng"]
            self.uni_lp = ng["uni_lp"]
            self.uni_bo = ng["uni_bo"]
            self.bi_keys = ng["bi_keys"]
            self.bi_code = ng["bi_code"]
            self.bi_book = ng["bi_book"].astype(np.float64)
            self.ws_uni = ng["ws_uni"]
            self.ws_keys = ng["ws_keys"]
            self.ws_code = ng["ws_code"]
            self.ws_book = ng["ws_book"].astype(np.float64)
            self.ws_backoff = math.log10(float(ngmeta["build"]["ws_backoff"]))
            self.lex_bits = int(str(ngmeta["build"]["ws_key"]).split("<<")[1].split("|")[0])
        except (KeyError, IndexError, TypeError) as exc:
            raise ModelError(
                f"frequency baselines are incomplete ({exc!r}); rebuild models"
            ) from None
        if self.vocab.dtype.kind != "S" or not (
            len(self.vocab) == len(self.zipf_centi) == len(self.lex2ng) == len(self.ws_uni)
        ) or len(self.bi_code) != len(self.bi_keys) or len(self.ws_code) != len(self.ws_keys):
            raise ModelError("lexicon.npz and ngrams.npz disagree; rebuild models")
        self._id_cache: dict[str, int] = {}
        self.codebook: CodeBook | None = None

    def zipf_at(self, lex: np.ndarray) -> np.ndarray:
        """Zipf values of lexicon ids ``lex``."""
        return self.zipf_centi[lex].astype(np.float64) / 100.0

    def lex_lp_at(self, lex: np.ndarray) -> np.ndarray:
        """wordfreq unigram log10 probabilities of lexicon ids ``lex``."""
        return self.zipf_at(lex) - 9.0

    def uni_lp_at(self, ng: np.ndarray) -> np.ndarray:
        """Sphinx unigram log10 probabilities of n-gram ids ``ng``."""
        return self.uni_lp[ng].astype(np.float64) / 1000.0

    def uni_bo_at(self, ng: np.ndarray) -> np.ndarray:
        """Sphinx back-off weights of n-gram ids ``ng``."""
        return self.uni_bo[ng].astype(np.float64) / 1000.0

    def ws_uni_at(self, lex: np.ndarray) -> np.ndarray:
        """wordsegment unigram log10 probabilities of lexicon ids ``lex``."""
        return self.ws_uni[lex].astype(np.float64) / 1000.0

    def bi_lp_at(self, pos: np.ndarray) -> np.ndarray:
        """Sphinx bigram log10 probabilities of rows ``pos`` of ``bi_keys``."""
        return self.bi_book[self.bi_code[pos]]

    def ws_lp_at(self, pos: np.ndarray) -> np.ndarray:
        """wordsegment bigram log10 probabilities of rows ``pos`` of ``ws_keys``."""
        return self.ws_book[self.ws_code[pos]]

    def ids(self, words: Sequence[str]) -> np.ndarray:
        """Lexicon ids of ``words`` (-1 when unknown), vectorised."""
        # Running text repeats a few thousand words: each distinct word is searched once per
        # process and remembered (bounded, since a long run meets ever more words).
        cache = self._id_cache
        missing = [w for w in dict.fromkeys(words) if w not in cache]
        if missing:
            if len(cache) + len(missing) > ID_CACHE_SIZE:
                cache.clear()
                missing = list(dict.fromkeys(words))
            cache.update(zip(missing, self._ids(missing).tolist(), strict=True))
        return np.array(list(map(cache.__getitem__, words)), dtype=np.int64)

    def _ids(self, words: Sequence[str]) -> np.ndarray:
        enc = [w.encode("utf-8") for w in words]
        q = np.array(enc, dtype=self.vocab.dtype)
        pos = np.minimum(np.searchsorted(self.vocab, q), len(self.vocab) - 1)
        hit = self.vocab[pos] == q
        if any(len(e) > self.width for e in enc):  # truncated by the array: not a match
            hit &= np.array([len(e) <= self.width for e in enc])
        return np.where(hit, pos, -1)

    @functools.lru_cache(maxsize=1 << 16)  # noqa: B019 - one _Tables per process
    def id(self, word: str) -> int:
        """Lexicon id of one word (-1: unknown); cached, the scalar API calls it per word."""
        return int(self.ids([word])[0])


_T: _Tables | None = None


def _tables() -> _Tables:
    global _T, UNKNOWN_LOGPROB
    if _T is None:
        _T = _Tables()
        UNKNOWN_LOGPROB = _T.unknown
    return _T


def _reset() -> None:
    """Forget loaded tables (tests point ``model_dir`` elsewhere)."""
    global _T
    _T = None
    _Tables.id.cache_clear()
    _word.cache_clear()
    _pair.cache_clear()


def zipf(word: str) -> float:
    """wordfreq-style Zipf value (log10 of frequency per billion words); 0 when unknown."""
    t = _tables()
    i = t.id(word)
    return 0.0 if i < 0 else float(t.zipf_centi[i]) / 100.0


def known(word: str) -> bool:
    """Whether ``word`` (normalised) is in the lexicon."""
    return _tables().id(word) >= 0


def unigram_logprob(word: str) -> float:
    """log10 unigram probability from the lexicon; the floor for unknown words."""
    t = _tables()
    i = t.id(word)
    return t.unknown if i < 0 else float(t.zipf_centi[i]) / 100.0 - 9.0


class _Encoded:
    """Per-word look-up results for a sequence of normalised words."""

    __slots__ = ("lex", "ng", "sphinx_uni", "ws_uni")

    def __init__(self, t: _Tables, words: Sequence[str]) -> None:
        n = len(words)
        self.lex = lex = t.ids(words) if n else np.zeros(0, dtype=np.int64)
        found = lex >= 0
        ng = np.full(n, -1, dtype=np.int64)
        ng[found] = t.lex2ng[lex[found]]
        ng[ng == NO_ID] = -1
        self.ng = ng
        in_lm = ng >= 0
        # A word the LM lacks but the lexicon knows gets its wordfreq probability.
        sph = np.full(n, t.unknown)
        sph[found] = t.lex_lp_at(lex[found])
        sph[in_lm] = t.uni_lp_at(ng[in_lm])
        ws = np.full(n, t.unknown)
        ws[found] = t.ws_uni_at(lex[found])
        if not found.all():
            unknown = np.flatnonzero(~found)
            numbers = unknown[[words[k][:1].isdigit() for k in unknown.tolist()]]
            sph[numbers] = NUMBER_LOGPROB
            ws[numbers] = NUMBER_LOGPROB
        self.sphinx_uni, self.ws_uni = sph, ws


def _positions(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Where each of ``keys`` is, or would be, in the sorted ``table`` (clipped to its last
    index). The keys are looked up in sorted order: a text's word pairs repeat and cluster,
    and a binary search that starts where the previous one ended touches far less of a
    table of millions (three times faster on a text's pairs than in text order)."""
    order = np.argsort(keys)
    pos = np.empty(len(keys), dtype=np.intp)
    pos[order] = np.searchsorted(table, keys[order])
    return np.minimum(pos, len(table) - 1)


def _pairs(t: _Tables, e: _Encoded, h: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Averaged back-off log10 P(w | h) of both experts for index arrays ``h``, ``w`` into
    ``e``, and whether either table holds the bigram."""
    # Sphinx: ARPA back-off.
    sph = e.sphinx_uni[w].copy()
    seen = np.zeros(len(w), dtype=bool)
    nh, nw = e.ng[h], e.ng[w]
    both = (nh >= 0) & (nw >= 0)
    if both.any():
        keys = ((nh[both] << 16) | nw[both]).astype(np.uint32)
        pos = _positions(t.bi_keys, keys)
        hit = t.bi_keys[pos] == keys
        idx = np.flatnonzero(both)[hit]
        seen[idx] = True
        sph[idx] = t.bi_lp_at(pos[hit])
    backoff = (nh >= 0) & ~seen
    sph[backoff] += t.uni_bo_at(nh[backoff])
    # wordsegment: stupid back-off.
    ws = e.ws_uni[w] + t.ws_backoff
    lh, lw = e.lex[h], e.lex[w]
    both = (lh >= 0) & (lw >= 0)
    if both.any():
        keys = (lh[both].astype(np.uint64) << np.uint64(t.lex_bits)) | lw[both].astype(np.uint64)
        pos = _positions(t.ws_keys, keys)
        hit = t.ws_keys[pos] == keys
        idx = np.flatnonzero(both)[hit]
        seen[idx] = True
        ws[idx] = t.ws_lp_at(pos[hit])
    return 0.5 * (sph + ws), seen


class CodeBook:
    """Words encoded once per process, so that a caller can keep integer codes (a candidate
    list's words, say) and score many word pairs without handling strings again.

    The feature extractor scores about ten candidates per word of a text, each against its
    neighbours; as strings, the same few thousand words were looked up in the lexicon and
    encoded millions of times. Codes index growing arrays holding exactly what
    :class:`_Encoded` computes for the word, and :meth:`pair_logprobs` applies the same
    :func:`_pairs`, so values equal :func:`token_logprobs` at the same positions.
    """

    def __init__(self, t: _Tables, generation: int) -> None:
        self.t = t
        #: Changes whenever codes are reissued: codes kept from another generation are void.
        self.generation = generation
        self.index: dict[str, int] = {}
        self._pending: list[str] = []
        self.lex = np.zeros(0, dtype=np.int64)
        self.ng = np.zeros(0, dtype=np.int64)
        self.sphinx_uni = np.zeros(0)
        self.ws_uni = np.zeros(0)

    def __len__(self) -> int:
        return len(self.index)

    def codes(self, words: Sequence[str]) -> list[int]:
        """The code of each word, issuing new ones as needed."""
        index = self.index
        out = [index.get(w, -1) for w in words]
        if -1 in out:
            for k, c in enumerate(out):
                if c < 0:
                    w = words[k]
                    c = index.get(w, -1)
                    if c < 0:
                        c = index[w] = len(index)
                        self._pending.append(w)
                    out[k] = c
        return out

    def pair_logprobs(self, h: Sequence[int] | np.ndarray, w: Sequence[int] | np.ndarray
                      ) -> np.ndarray:
        """log10 P(w | h) for code arrays ``h``, ``w``, as :func:`logprob` gives it."""
        if self._pending:
            e = _Encoded(self.t, self._pending)
            self.lex = np.concatenate((self.lex, e.lex))
            self.ng = np.concatenate((self.ng, e.ng))
            self.sphinx_uni = np.concatenate((self.sphinx_uni, e.sphinx_uni))
            self.ws_uni = np.concatenate((self.ws_uni, e.ws_uni))
            self._pending = []
        h = np.asarray(h, dtype=np.int64)
        if not len(h):
            return np.zeros(0)
        lp, _ = _pairs(self.t, self, h, np.asarray(w, dtype=np.int64))  # type: ignore[arg-type]
        return lp


CODEBOOK_SIZE = 100_000
_generations = itertools.count(1)


def codebook() -> CodeBook:
    """The process's :class:`CodeBook`, started afresh when it has grown past
    :data:`CODEBOOK_SIZE` words (call once per text, before taking codes: codes of one
    generation stay valid until the next call)."""
    t = _tables()
    book = t.codebook
    if book is None or len(book) > CODEBOOK_SIZE:
        book = t.codebook = CodeBook(t, next(_generations))
    return book


def token_logprobs(words: Sequence[str]) -> np.ndarray:
    """log10 P(w_k | w_{k-1}) for every position (the first word: its unigram), vectorised.

    The fast path for whole texts: one vectorised vocabulary search and two ``searchsorted``
    calls for all bigrams.
    """
    t = _tables()
    if not len(words):
        return np.zeros(0)
    e = _Encoded(t, words)
    out = 0.5 * (e.sphinx_uni + e.ws_uni)
    if len(words) > 1:
        k = np.arange(1, len(words))
        out[1:], _ = _pairs(t, e, k - 1, k)
    return out


def zipfs(words: Sequence[str]) -> np.ndarray:
    """:func:`zipf` of many words at once."""
    t = _tables()
    if not len(words):
        return np.zeros(0)
    lex = t.ids(words)
    return np.where(lex >= 0, t.zipf_at(np.maximum(lex, 0)), 0.0)


def word_ids(words: Sequence[str]) -> np.ndarray:
    """Lexicon ids (-1: unknown) of normalised words, vectorised; ids index the lexicon."""
    return _tables().ids(words)


@functools.lru_cache(maxsize=1 << 16)
def _word(word: str) -> tuple[int, int, float]:
    """Scalar path: (lexicon id, n-gram id, mean unigram log10) of one word, cached."""
    t = _tables()
    e = _Encoded(t, [word])
    return int(e.lex[0]), int(e.ng[0]), float(0.5 * (e.sphinx_uni[0] + e.ws_uni[0]))


@functools.lru_cache(maxsize=1 << 18)
def _pair(h: str, w: str) -> float:
    """Scalar path: log10 P(w | h) as :func:`token_logprobs` computes it, cached."""
    t = _tables()
    e = _Encoded(t, [h, w])
    lp, _ = _pairs(t, e, _ZERO, _ONE)
    return float(lp[0])


_ZERO, _ONE = np.array([0]), np.array([1])
_SCALAR_MAX = 24  # below this many words the cached scalar path beats numpy's overhead


def logprob(history: Sequence[str], word: str) -> float:
    """log10 P(word | history): the mean of the two experts' back-off log-probabilities (a
    log-linear interpolation). Only the last history word is used by the current (bigram)
    artifact; an empty history gives the unigram estimate."""
    if len(history):
        return _pair(history[-1], word)
    return _word(word)[2]


def sequence_logprob(words: Sequence[str], context: int = 0) -> float:
    """Sum of log10 P(w_k | history) for k >= ``context`` (earlier words are history only)."""
    n = len(words)
    context = max(context, 0)
    if context >= n:
        return 0.0
    if n <= _SCALAR_MAX:
        total = _word(words[0])[2] if context == 0 else 0.0
        for k in range(max(context, 1), n):
            total += _pair(words[k - 1], words[k])
        return total
    return float(token_logprobs(words)[context:].sum())


def bigram_matrix(histories: Sequence[str], words: Sequence[str]) -> np.ndarray:
    """log10 P(w | h) for every history word ``h`` (rows) and word ``w`` (columns), as
    :func:`logprob` gives it; one vectorised look-up for all pairs."""
    t = _tables()
    if not len(histories) or not len(words):
        return np.zeros((len(histories), len(words)))
    e = _Encoded(t, [*histories, *words])
    h = np.repeat(np.arange(len(histories)), len(words))
    w = np.tile(np.arange(len(histories), len(histories) + len(words)), len(histories))
    lp, _ = _pairs(t, e, h, w)
    return lp.reshape(len(histories), len(words))


def ngram_seen(words: Sequence[str]) -> bool:
    """Whether every adjacent pair of ``words`` is a bigram of either table (a single word:
    whether the language model or the lexicon knows it). The artifact has no trigrams, so
    three words count as seen when both of their bigrams are."""
    t = _tables()
    if not len(words):
        return False
    e = _Encoded(t, words)
    if len(words) == 1:
        return bool(e.lex[0] >= 0)
    k = np.arange(1, len(words))
    _, seen = _pairs(t, e, k - 1, k)
    return bool(seen.all())


def bigram_pmi(w1: str, w2: str) -> float:
    """Collocation strength: log10 P(w2 | w1) - log10 P(w2), both as :func:`logprob` gives.

    Positive when w2 follows w1 more often than by chance. For an unseen pair the back-off
    makes it the (usually negative) back-off weight: the models' "no evidence of
    association". 0 when either word is unknown to the lexicon.
    """
    t = _tables()
    e = _Encoded(t, [w1, w2])
    if (e.lex < 0).any():
        return 0.0
    lp, _ = _pairs(t, e, np.array([0]), np.array([1]))
    return float(lp[0] - 0.5 * (e.sphinx_uni[1] + e.ws_uni[1]))


def info() -> dict[str, Any]:
    """Sizes of the loaded tables (for benchmarks and the model card)."""
    t = _tables()
    return {
        "words": len(t.vocab),
        "lm_vocab": len(t.uni_lp),
        "bigrams": len(t.bi_keys),
        "ws_bigrams": len(t.ws_keys),
    }
