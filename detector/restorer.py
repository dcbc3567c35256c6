"""Restorer: ranked canonical wording for spun spans, and restoration of whole texts.

Candidates come from the same generator as the detector's evidence
(:mod:`detector.candidates`), already scored in context by the n-gram baseline; the ranker
(a small model trained on simulated substitutions, ``models/classifier.json``) combines that
gain with the mapping's prior, its sources, word frequencies and length change into one
score that is comparable across candidates. Capitalisation follows the observed span
("Final yr" -> "Last year", "UN Safety Council" -> "UN Security Council").

:func:`suggest` also works on an isolated phrase such as a tortured-phrase fingerprint: the
phrase is scored as a sentence of its own, with word-by-word products of candidates for
phrases of up to four words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from . import baselines
from .candidates import STOPWORDS, CandidateGenerator, Option
from .candidates import default as default_generator
from .classifier import Model, models

__all__ = ["RANK_FEATURES", "match_case", "rank", "rank_vectors", "suggest"]

RANK_FEATURES = (
    "gain",
    "gain_margin",
    "prior",
    "log_prior",
    "flag_wordnet",
    "flag_moby",
    "flag_pps",
    "flag_abbrev",
    "zipf_cand",
    "zipf_delta",
    "len_delta",
    "changed_frac",
    "composed",
)


def rank_vectors(
    observed: str,
    options: Sequence[Option],
    gains: Sequence[float],
    composed: bool | Sequence[bool],
) -> np.ndarray:
    """One :data:`RANK_FEATURES` row per candidate (``composed`` per candidate or for all)."""
    flags = [composed] * len(options) if isinstance(composed, bool) else list(composed)
    obs = observed.split(" ")
    z_obs = sum(baselines.zipf(w) for w in obs) / len(obs)
    top = max(gains) if gains else 0.0
    rows = []
    for o, g, comp in zip(options, gains, flags):
        cand = o.text.split(" ")
        z = sum(baselines.zipf(w) for w in cand) / len(cand)
        changed = (
            sum(a != b for a, b in zip(cand, obs)) / len(obs) if len(cand) == len(obs) else 1.0
        )
        rows.append(
            [
                max(-10.0, min(10.0, g)),
                max(-10.0, g - top),
                o.prior,
                math.log10(o.prior + 1e-4),
                float(bool(o.flags & 1)),
                float(bool(o.flags & 2)),
                float(bool(o.flags & 16)),
                float(bool(o.flags & 8)),
                z,
                z - z_obs,
                float(len(cand) - len(obs)),
                changed,
                float(comp),
            ]
        )
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(RANK_FEATURES))


def rank(
    observed: str,
    options: Sequence[Option],
    gains: Sequence[float],
    composed: bool = False,
    ranker: Model | None = None,
) -> list[tuple[str, float]]:
    """Candidates with ranker scores (probability the candidate is the original), best first."""
    if not options:
        return []
    model = ranker or models().ranker
    scores = model.predict(rank_vectors(observed, options, gains, composed))
    order = np.argsort(-scores, kind="stable")
    return [(options[i].text, float(scores[i])) for i in order]


def match_case(candidate: str, observed: str) -> str:
    """Give ``candidate`` the capitalisation pattern of ``observed``."""
    if observed.isupper() and len(observed) > 1:
        return candidate.upper()
    words = observed.split()
    if words and all(w[:1].isupper() for w in words) and len(words) > 1:
        return " ".join(w[:1].upper() + w[1:] for w in candidate.split(" "))
    if observed[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


def _phrase_options(
    gen: CandidateGenerator, words: list[str]
) -> tuple[list[Option], list[bool]]:
    """Direct candidates for the whole phrase, then word-by-word products."""
    phrase = " ".join(words)
    direct = gen.options(phrase)
    seen = {o.text for o in direct}
    out = list(direct)
    composed = [False] * len(out)
    if 1 < len(words) <= 4:
        for o in gen.compose(words, 4 if len(words) <= 2 else 2)[:60]:
            if o.text not in seen:
                seen.add(o.text)
                out.append(o)
                composed.append(True)
    return out, composed


def phrase_candidates(
    phrase: str, context: str | None = None, generator: CandidateGenerator | None = None
) -> tuple[list[str], list[Option], list[float], list[bool]]:
    """The phrase's normalised words, its candidates, their LM gains (in ``context`` when it
    contains the phrase, else with the phrase as a sentence of its own) and whether each is a
    word-by-word product."""
    from .tokens import tokenize

    gen = generator or default_generator()
    toks = [t for t in tokenize(phrase) if t.kind != "punct"]
    words = [t.norm for t in toks]
    if not words:
        return [], [], [], []
    left: list[str] = []
    right: list[str] = []
    if context:
        ctx = [t.norm for t in tokenize(context) if t.kind != "punct"]
        for i in range(len(ctx) - len(words) + 1):
            if ctx[i : i + len(words)] == words:
                left, right = ctx[max(0, i - 2) : i], ctx[i + len(words) : i + len(words) + 2]
                break
    opts, composed = _phrase_options(gen, words)
    if not opts:
        return words, [], [], []
    windows = [left + words + right] + [left + o.text.split(" ") + right for o in opts]
    base, *alts = (baselines.sequence_logprob(["\x00", *w], 1 + len(left)) for w in windows)
    return words, opts, [a - base for a in alts], composed


def suggest(
    phrase: str,
    context: str | None = None,
    generator: CandidateGenerator | None = None,
    ranker: Model | None = None,
    limit: int = 5,
) -> list[str]:
    """Canonical wordings for ``phrase``, best first; never the phrase itself.

    With ``context`` (text that contains ``phrase``) the candidates are scored in place;
    otherwise the phrase is scored on its own.
    """
    words, opts, gains, composed = phrase_candidates(phrase, context, generator)
    if not opts:
        return []
    model = ranker or models().ranker
    scores = model.predict(rank_vectors(" ".join(words), opts, gains, composed))
    order = np.argsort(-scores, kind="stable")
    observed_text = phrase.strip()
    out: list[str] = []
    for i in order:
        text = opts[i].text
        if text == " ".join(words) or all(w in STOPWORDS for w in text.split(" ")):
            continue
        cased = match_case(text, observed_text)
        if cased not in out:
            out.append(cased)
        if len(out) >= limit:
            break
    return out
