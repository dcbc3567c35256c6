"""Build the frequency baselines: ``models/lexicon.npz`` and ``models/ngrams.npz``.

Lexicon
    English unigram frequencies from ``wordfreq`` (CC BY-SA 4.0, Robyn Speer et al.): the
    ``TOP_WORDS`` most frequent lower-case words made of letters with internal apostrophes
    (the shapes ``detector.tokens`` produces, at most 20 bytes of UTF-8). Stored as a sorted
    fixed-width byte-string array (numpy ``S20``): the runtime looks words up with
    ``np.searchsorted``, vectorised over a whole text, and never builds a 250k-entry Python
    dictionary (that alone took 0.1-0.3 s on the 2-core machine, too slow for a cold start).
    A word's id is its position. Zipf values are stored in hundredths (``uint16``; wordfreq
    itself is quantised to 0.01 Zipf).

N-grams (two experts, both bigram; the runtime averages their log-probabilities)
    1. The CMU Sphinx generic US English trigram LM shipped in ``pocketsphinx``
       (``model/en-us/en-us.lm.bin``, BSD-style licence of CMU), decoded straight from its
       binary trie by :func:`read_sphinx_lm` (``NGramModel.write`` to ARPA segfaults after
       the bigram section in pocketsphinx 5.1.1). Unigrams, back-off weights and bigrams are
       shipped; the trigrams are decoded and measured by ``bench/baselines.py`` but not
       shipped (+1 of 105 hand-written pairs, +0.2 points on the PPS pairs, for about 8 MB).
       Stored over its own vocabulary (LM words also in the lexicon, the 65535 most probable)
       so that a key ``id1 << 16 | id2`` fits in ``uint32``; ``lex2ng`` maps lexicon ids to it.
    2. ``wordsegment``'s bigram and unigram counts (Google Web 1T derived, Apache-2.0): the
       conditional log10 c(w1 w2) / c(w1) keyed by lexicon ids (``id1 << 18 | id2``, uint64),
       with stupid back-off (0.4 x unigram) at run time. It is the best single source on the
       PPS pairs (technical phrases: "signal to noise ratio"), Sphinx the best in context.
    Unigram log-probabilities and back-off weights are ``int16`` thousandths of log10; bigram
    log-probabilities are ``uint8`` codes into a 256-entry codebook (equal-count bins, bin
    means), which moves a value by about 0.01 log10 on average.

Everything is deterministic: sorted inputs, no randomness.
"""

from __future__ import annotations

import json
import math
import re
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.artifacts import MODELS, update_manifest, write_npz

LEXICON_NAME = "lexicon.npz"
LEXICON_FORMAT = "unspin-lexicon"
LEXICON_VERSION = 1
NGRAMS_NAME = "ngrams.npz"
NGRAMS_FORMAT = "unspin-ngrams"
NGRAMS_VERSION = 1

TOP_WORDS = 250_000
MAX_WORD_BYTES = 20  # 27 longer words of wordfreq's top 250k are dropped
MAX_LM_VOCAB = 0xFFFF  # id 0xFFFF means "not in the language model"
CODEBOOK = 256
LEX_BITS = 18  # lexicon ids < 2**18
WS_BACKOFF = 0.4  # stupid back-off factor for the wordsegment bigrams
WS_FLOOR = -10  # lowest log10 unigram probability stored for the wordsegment expert

_WORD_RE = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)*$")

WORDFREQ_CREDIT = (
    "wordfreq (Robyn Speer et al.), data CC BY-SA 4.0; "
    "https://github.com/rspeer/wordfreq — derived from Wikipedia, subtitles, news, books, web text"
)
POCKETSPHINX_CREDIT = (
    "CMU Sphinx generic US English LM (pocketsphinx model/en-us/en-us.lm.bin), "
    "Copyright (c) 1999-2016 Carnegie Mellon University, BSD-style licence"
)

WORDSEGMENT_CREDIT = (
    "wordsegment (Grant Jenks), Apache-2.0; unigram/bigram counts derived from the Google Web "
    "1T 5-gram corpus via Peter Norvig's 'Natural Language Corpus Data: Beautiful Data'"
)


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def lexicon_words() -> tuple[list[str], np.ndarray]:
    """The lexicon: words by descending frequency and their frequencies (proportions)."""
    import wordfreq

    freqs = wordfreq.get_frequency_dict("en")
    words = [
        w
        for w in freqs
        if w == w.lower() and _WORD_RE.match(w) and len(w.encode("utf-8")) <= MAX_WORD_BYTES
    ]
    words.sort(key=lambda w: (-freqs[w], w))
    words = words[:TOP_WORDS]
    return words, np.array([freqs[w] for w in words], dtype=np.float64)


def build_lexicon(path: Path) -> tuple[list[str], np.ndarray]:
    """Write the lexicon; returns its words in id order (byte order of their UTF-8) and their
    log10 probabilities as the runtime sees them (from the stored Zipf values)."""
    words, freqs = lexicon_words()
    order = sorted(range(len(words)), key=lambda i: words[i].encode("utf-8"))
    words = [words[i] for i in order]
    freqs = freqs[order]
    vocab = np.array([w.encode("utf-8") for w in words], dtype=f"S{MAX_WORD_BYTES}")
    assert (np.sort(vocab) == vocab).all(), "vocabulary must be sorted for searchsorted"
    zipf = np.round((np.log10(freqs) + 9.0) * 100).astype(np.uint16)
    floor = round(float(zipf.min()) / 100 - 9.0 - 0.5, 2)
    meta = {
        "format": LEXICON_FORMAT,
        "version": LEXICON_VERSION,
        "sources": [f"wordfreq {_version('wordfreq')} 'en' (get_frequency_dict)"],
        "licence": WORDFREQ_CREDIT,
        "build": {
            "top_words": TOP_WORDS,
            "filter": f"lower-case letters with internal apostrophes, <= {MAX_WORD_BYTES} bytes",
            "vocab": "sorted fixed-width UTF-8 (numpy S), id = position",
            "zipf_scale": 100,
            "unknown_logprob": floor,
        },
        "words": len(words),
    }
    write_npz(path, {"vocab": vocab, "zipf_centi": zipf}, meta)
    return words, zipf.astype(np.float64) / 100.0 - 9.0


def sphinx_lm_path() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.__file__).with_name("model") / "en-us" / "en-us.lm.bin"


@dataclass(frozen=True)
class SphinxLM:
    """The pocketsphinx trigram model decoded, in forward word order, log10 units.

    ``words[i]`` is unigram i; bigram k is ``(bi_w1[k], bi_w2[k])`` with log-probability
    ``bi_lp[k]`` = log10 P(w2 | w1) and back-off ``bi_bo[k]`` for the history (w1, w2);
    trigram t is ``(tri_w1[t], tri_w2[t], tri_w3[t])`` with ``tri_lp[t]``.
    """

    words: list[str]
    uni_lp: np.ndarray
    uni_bo: np.ndarray
    bi_w1: np.ndarray
    bi_w2: np.ndarray
    bi_lp: np.ndarray
    bi_bo: np.ndarray
    tri_w1: np.ndarray
    tri_w2: np.ndarray
    tri_w3: np.ndarray
    tri_lp: np.ndarray


def _bitfield(buf: np.ndarray, n: int, total: int, start: int, width: int) -> np.ndarray:
    """Field ``start:start+width`` (bits) of ``n`` records of ``total`` bits, little-endian."""
    o = np.arange(n, dtype=np.int64) * total + start
    by = o >> 3
    g = np.stack([buf[by + k] for k in range(8)], axis=1).copy().view("<u8").ravel()
    return ((g >> (o & 7).astype(np.uint64)) & np.uint64((1 << width) - 1)).astype(np.int64)


def read_sphinx_lm(path: Path | None = None) -> SphinxLM:
    """Decode pocketsphinx's binary trie LM (``ngram_model_trie`` format of sphinxbase).

    ``NGramModel.write(path, ARPA)`` crashes (segfault) after the bigram section in
    pocketsphinx 5.1.1, so the file is read directly. Layout: header "Trie Language Model",
    order (uint8), n-gram counts (uint32 each); quantiser type (int32) and float tables (2^16
    probabilities and 2^16 back-offs for the middle order, 2^16 probabilities for the
    longest); unigrams {float prob, float backoff, uint32 next} x (n1 + 1); bit-packed
    middle records [word | back-off index 16 | prob index 16 | next] and longest records
    [word | prob index 16]; then the word strings, NUL separated. The trie is *reversed*: a
    unigram's children are the words before it. Values are in log base 1.0001. Checked
    against the ARPA dump of the bigram section: all 2,051,511 dumped bigrams agree to 1e-4.
    """
    data = (path or sphinx_lm_path()).read_bytes()
    head = b"Trie Language Model"
    if not data.startswith(head) or data[len(head)] != 3:
        raise SystemExit("unexpected pocketsphinx LM format (want a trigram trie)")
    off = len(head) + 1
    n1, n2, n3 = struct.unpack_from("<3I", data, off)
    off += 12 + 4  # counts, quantiser type
    nq = 3 * 2**16
    q = np.frombuffer(data, dtype="<f4", count=nq, offset=off).astype(np.float64)
    off += 4 * nq
    scale = math.log10(1.0001)
    mid_p, mid_b, long_p = q[: 2**16] * scale, q[2**16 : 2**17] * scale, q[2**17 :] * scale
    uni = np.frombuffer(
        data, dtype=np.dtype([("p", "<f4"), ("b", "<f4"), ("n", "<u4")]), count=n1 + 1, offset=off
    )
    off += 12 * (n1 + 1)
    wb, nb = n1.bit_length(), n3.bit_length()
    mtb, ltb = wb + 32 + nb, wb + 16
    msize, lsize = ((1 + n2) * mtb + 7) // 8 + 8, ((1 + n3) * ltb + 7) // 8 + 8
    mid = np.frombuffer(data, dtype=np.uint8, count=msize, offset=off)
    off += msize
    lon = np.frombuffer(data, dtype=np.uint8, count=lsize, offset=off)
    off += lsize
    (slen,) = struct.unpack_from("<I", data, off)
    words = data[off + 4 : off + 4 + slen].decode("utf-8").split("\0")[:n1]
    uni_next = uni["n"].astype(np.int64)
    n2 = int(uni_next[-1])  # the header counts a few duplicates that were not stored
    m_next = _bitfield(mid, n2 + 1, mtb, wb + 32, nb)
    n3 = int(m_next[-1])
    m_word = _bitfield(mid, n2, mtb, 0, wb)
    m_bo = _bitfield(mid, n2, mtb, wb, 16)
    m_p = _bitfield(mid, n2, mtb, wb + 16, 16)
    l_word = _bitfield(lon, n3, ltb, 0, wb)
    l_p = _bitfield(lon, n3, ltb, wb, 16)
    last = np.searchsorted(uni_next, np.arange(n2), side="right") - 1
    parent = np.searchsorted(m_next, np.arange(n3), side="right") - 1
    scale_u = uni["p"][:n1].astype(np.float64) * scale, uni["b"][:n1].astype(np.float64) * scale
    return SphinxLM(
        words=words,
        uni_lp=scale_u[0],
        uni_bo=scale_u[1],
        bi_w1=m_word,
        bi_w2=last,
        bi_lp=mid_p[m_p],
        bi_bo=mid_b[m_bo],
        tri_w1=l_word,
        tri_w2=m_word[parent],
        tri_w3=last[parent],
        tri_lp=long_p[l_p],
    )


def quantise(values: np.ndarray, levels: int = CODEBOOK) -> tuple[np.ndarray, np.ndarray]:
    """Equal-count binning: codes (uint8) and the codebook (bin means, float32)."""
    order = np.argsort(values, kind="stable")
    codes = np.empty(len(values), dtype=np.uint8)
    book = np.zeros(levels, dtype=np.float32)
    for i, chunk in enumerate(np.array_split(order, levels)):
        codes[chunk] = i
        book[i] = values[chunk].mean() if len(chunk) else (book[i - 1] if i else 0.0)
    return codes, book


def wordsegment_counts() -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """Unigram and bigram counts of ``wordsegment`` (Google Web 1T derived), lower-cased."""
    import wordsegment

    folder = Path(wordsegment.__file__).parent
    uni: dict[str, float] = {}
    for line in (folder / "unigrams.txt").read_text(encoding="utf-8").splitlines():
        word, _, count = line.rpartition("\t")
        if word:
            uni[word.lower()] = uni.get(word.lower(), 0.0) + float(count)
    bi: dict[tuple[str, str], float] = {}
    for line in (folder / "bigrams.txt").read_text(encoding="utf-8").splitlines():
        pair, _, count = line.rpartition("\t")
        parts = pair.lower().split()
        if len(parts) == 2:
            bi[(parts[0], parts[1])] = bi.get((parts[0], parts[1]), 0.0) + float(count)
    return uni, bi


def build_ngrams(
    path: Path, lexicon: list[str], lexicon_lp: np.ndarray
) -> dict[str, int | float | str]:
    lm = read_sphinx_lm()
    lex_id = {w: i for i, w in enumerate(lexicon)}
    # The most probable language-model words that the lexicon also holds.
    lm_words = sorted(
        (i for i, w in enumerate(lm.words) if w in lex_id), key=lambda i: (-lm.uni_lp[i], i)
    )[:MAX_LM_VOCAB]
    remap = np.full(len(lm.words), -1, dtype=np.int64)  # sphinx id -> n-gram id
    remap[lm_words] = np.arange(len(lm_words))
    lex2ng = np.full(len(lexicon), MAX_LM_VOCAB, dtype=np.uint16)
    for j, i in enumerate(lm_words):
        lex2ng[lex_id[lm.words[i]]] = j
    a, b = remap[lm.bi_w1], remap[lm.bi_w2]
    keep = (a >= 0) & (b >= 0)
    keys = ((a[keep] << 16) | b[keep]).astype(np.uint32)
    lps = lm.bi_lp[keep]
    order = np.argsort(keys, kind="stable")
    keys, lps = keys[order], lps[order]
    codes, book = quantise(lps)
    err = float(np.abs(book[codes] - lps).mean())

    # wordsegment: log10 P(w2 | w1) = log10 c(w1 w2) / c(w1); unigram log10 c(w) / N.
    ws_uni, ws_bi = wordsegment_counts()
    total = sum(ws_uni.values())
    # A lexicon word wordsegment never saw gets its wordfreq probability, as in the Sphinx
    # expert: a real but rare word must never score below an unknown string.
    ws_lp = np.round(np.maximum(lexicon_lp, WS_FLOOR) * 1000).astype(np.int16)
    for w, c in ws_uni.items():
        i = lex_id.get(w)
        if i is not None:
            ws_lp[i] = max(round(math.log10(c / total) * 1000), WS_FLOOR * 1000)
    ws_keys, ws_vals = [], []
    for (w1, w2), c in sorted(ws_bi.items()):
        i, j = lex_id.get(w1), lex_id.get(w2)
        c1 = ws_uni.get(w1, 0.0)
        if i is None or j is None or not c1:
            continue
        ws_keys.append((i << LEX_BITS) | j)
        ws_vals.append(math.log10(min(c / c1, 1.0)))
    wk = np.array(ws_keys, dtype=np.uint64)
    wv = np.array(ws_vals, dtype=np.float64)
    order = np.argsort(wk, kind="stable")
    wk, wv = wk[order], wv[order]
    ws_codes, ws_book = quantise(wv)

    meta = {
        "format": NGRAMS_FORMAT,
        "version": NGRAMS_VERSION,
        "sources": [
            f"pocketsphinx {_version('pocketsphinx')} model/en-us/en-us.lm.bin (1- and 2-grams)",
            f"wordsegment {_version('wordsegment')} unigrams.txt, bigrams.txt",
        ],
        "licence": [POCKETSPHINX_CREDIT, WORDSEGMENT_CREDIT],
        "build": {
            "order": 2,
            "vocab": len(lm_words),
            "lm_unigrams": len(lm.words),
            "lm_bigrams": len(lm.bi_lp),
            "lm_trigrams_not_shipped": len(lm.tri_lp),
            "bigrams": len(keys),
            "key": "id1 << 16 | id2 (uint32), ids index the LM vocabulary via lex2ng",
            "ws_bigrams": len(wk),
            "ws_key": f"lexicon id1 << {LEX_BITS} | id2 (uint64)",
            "ws_backoff": WS_BACKOFF,
            "ws_floor": WS_FLOOR,
            "logprob_scale": 1000,
            "codebook_levels": CODEBOOK,
            "mean_quantisation_error": round(err, 4),
            "ws_mean_quantisation_error": round(float(np.abs(ws_book[ws_codes] - wv).mean()), 4),
        },
    }
    write_npz(
        path,
        {
            "lex2ng": lex2ng,
            "uni_lp": np.clip(np.round(lm.uni_lp[lm_words] * 1000), -32000, 0).astype(np.int16),
            "uni_bo": np.clip(np.round(lm.uni_bo[lm_words] * 1000), -32000, 32000).astype(
                np.int16
            ),
            "bi_keys": keys,
            "bi_code": codes,
            "bi_book": book,
            "ws_uni": ws_lp,
            "ws_keys": wk,
            "ws_code": ws_codes,
            "ws_book": ws_book,
        },
        meta,
    )
    return meta["build"]


def build(models_dir: Path = MODELS) -> None:
    """Build ``lexicon.npz`` and ``ngrams.npz`` into ``models_dir`` (manifest not updated)."""
    models_dir = Path(models_dir)
    lexicon, lexicon_lp = build_lexicon(models_dir / LEXICON_NAME)
    stats = build_ngrams(models_dir / NGRAMS_NAME, lexicon, lexicon_lp)
    print(json.dumps({"lexicon_words": len(lexicon), **stats}, indent=1))


if __name__ == "__main__":
    build(MODELS)
    update_manifest(MODELS)
