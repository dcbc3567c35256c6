"""Restorer: ranked canonical wording for spun spans, and restoration of whole texts.

Candidates come from the same generator as the detector's evidence
(:mod:`detector.candidates`), already scored in context by the n-gram baseline; the ranker
(a small model trained on simulated substitutions, ``models/classifier.json``) combines that
gain with the mapping's prior, its sources, word frequencies and length change into one
score that is comparable across candidates. Two more cues are the restorer's own: a found
multiword span also gets the shorter wordings inside it that the thesauri list as its
synonyms (spinners expand "cell" into "electric cell"; as detector evidence such pairs would
make every "early on" look spun), and each candidate's gain is averaged over the places
where the text repeats the observed wording (spinners are dictionaries: the original fits
every one of them, a candidate that fits one sentence by chance does not); a candidate with
many synonyms is a less likely source of any one of them. Capitalisation
follows the observed span ("Final yr" -> "Last year", "UN Safety Council" -> "UN Security
Council").

:func:`suggest` also works on an isolated phrase such as a tortured-phrase fingerprint: the
phrase is scored as a sentence of its own, with word-by-word products of candidates for
phrases of up to four words.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence

import numpy as np

from . import acronyms, articles, baselines, fingerprints, names, terminology
from .candidates import (
    STOPWORDS,
    CandidateGenerator,
    Option,
    for_phrases,
    from_spin_table_alone,
    is_shorter_inside,
)
from .candidates import default as default_generator
from .classifier import Scorer, models, phrase_ranker
from .features import (
    Span,
    TextEvidence,
    article_next_to,
    candidate_gains,
    claimable,
    fold_plural,
)
from .fingerprints import plural_of, singulars
from .offensive import offensive
from .thesaurus import PHRASEBOOK
from .thesaurus import default as default_thesaurus
from .tokens import Token, tokenize

__all__ = [
    "CANDIDATE_FEATURES",
    "PHRASE_RANK_FEATURES",
    "RANK_FEATURES",
    "candidate_vectors",
    "from_spin_table_alone",
    "is_lone_term_swap",
    "keep_hyphens",
    "lone_term_swaps_last",
    "match_case",
    "occurrence_gains",
    "phrase_rank_vectors",
    "rank",
    "rank_vectors",
    "span_candidates",
    "span_pool",
    "suggest",
    "written_elsewhere",
]

# What the ranker knows of a candidate in its place (both rankers).
CANDIDATE_FEATURES = (
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
# The in-context ranker also sees how well the candidate fits the other places where the
# text has the same wording (spinners are dictionaries: "stated" is "said" everywhere, so a
# candidate that fits one sentence by chance fits the others worse), whether the candidate
# is a shorter wording inside the observed one ("electric cell" -> "cell"), and how widely
# the candidate spreads in the thesaurus (log10 of 1 + :meth:`Thesaurus.fan_out`): the
# prior says how often the observed wording comes from the candidate among its sources,
# the fan-out how often the candidate becomes the observed wording rather than one of its
# other synonyms. Dev top-1 (original among the candidates) 0.682 -> 0.698 with it. Last,
# how often the candidate is written elsewhere in the text (log1p of
# :func:`written_elsewhere`): the spinner would have replaced it there too. Test split top-1
# 0.587 -> 0.592 on the held-out profile with it. And, where the observed wording clashes
# with the article before it ("a unprecedented"), whether the candidate agrees with that
# article (+1) or clashes too (-1): the spinner kept the article, so the original agreed.
RANK_FEATURES = (
    *CANDIDATE_FEATURES, "pooled_gain", "pooled_margin", "shorter", "fan_out", "cand_written",
    "article_fit",
)


def occurrence_gains(spans: Sequence[Span]) -> dict[str, dict[str, float]]:
    """Per observed wording, each candidate's mean LM gain over the wording's claimable
    single spans in one text (word-by-word products left out: their options differ)."""
    sums: dict[str, dict[str, list[float]]] = {}
    for s in spans:
        if s.composed or not claimable(s):
            continue
        per = sums.setdefault(s.observed, {})
        for o, g in zip(s.options, s.gains):
            per.setdefault(o.text, []).append(_clip(g))
    return {obs: {t: sum(v) / len(v) for t, v in per.items()} for obs, per in sums.items()}


def written_elsewhere(ev: TextEvidence, span: Span, options: Sequence[Option]) -> dict[str, int]:
    """How often each candidate's wording is written in the text outside ``span``.

    A spinner replaces a wording wherever it occurs, so the original of a spun wording is
    rarely left standing elsewhere in the text (the spun seed has "stated" fourteen times and
    "said" never), while a wrong candidate may well be.
    """
    occ, n = ev.occurrences, len(ev.words)
    out = {}
    for o in options:
        seq = o.text.split(" ")
        out[o.text] = occ.count(seq, 0, n) - occ.count(seq, span.first, span.last)
    return out


def span_pool(pools: Mapping[str, Mapping[str, float]], span: Span) -> Mapping[str, float] | None:
    """The pooled gains (:func:`occurrence_gains`) that apply to ``span``; none for a
    word-by-word product, whose candidates are not its wording's options."""
    return None if span.composed else pools.get(span.observed)


def _clip(g: float) -> float:
    return max(-10.0, min(10.0, g))


def rank_vectors(
    observed: str,
    options: Sequence[Option],
    gains: Sequence[float],
    composed: bool | Sequence[bool],
    pooled: Mapping[str, float] | None = None,
    written: Mapping[str, int] | None = None,
    article: str | None = None,
) -> np.ndarray:
    """One :data:`RANK_FEATURES` row per candidate (``composed`` per candidate or for all).

    ``pooled`` maps candidates to their mean gain over the observed wording's places in the
    text (:func:`occurrence_gains`); a candidate it lacks counts its own gain. ``written``
    counts each candidate's wording elsewhere in the text (:func:`written_elsewhere`; none
    when absent). ``article`` is the article before the observed wording when the wording
    clashes with it (:func:`detector.features.clashing_article`).
    """
    base = candidate_vectors(observed, options, gains, composed)
    pool = [_clip((pooled or {}).get(o.text, g)) for o, g in zip(options, gains)]
    top = max(pool) if pool else 0.0
    thes = default_thesaurus()
    counts = written or {}
    extra = [[p, p - top, float(is_shorter_inside(o.text, observed)),
              math.log10(1.0 + thes.fan_out(o.text)), math.log1p(counts.get(o.text, 0)),
              _article_fit(article, o.text)]
             for o, p in zip(options, pool)]
    n_extra = len(RANK_FEATURES) - len(CANDIDATE_FEATURES)
    return np.hstack([base, np.asarray(extra, dtype=np.float64).reshape(len(options), n_extra)])


def _article_fit(article: str | None, candidate: str) -> float:
    """+1 when ``candidate`` agrees with ``article``, -1 when it clashes too, 0 when there
    is no clashing article or the candidate's sound is undecided."""
    if article is None:
        return 0.0
    clash = articles.clashes(article, candidate.split(" ", 1)[0])
    return 0.0 if clash is None else -1.0 if clash else 1.0


def candidate_vectors(
    observed: str,
    options: Sequence[Option],
    gains: Sequence[float],
    composed: bool | Sequence[bool],
) -> np.ndarray:
    """One :data:`CANDIDATE_FEATURES` row per candidate."""
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
                _clip(g),
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
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(CANDIDATE_FEATURES))


# An isolated phrase (a tortured-phrase fingerprint, ``unspin suggest``) has no sentence
# around it, so the n-gram gain says little: general-English baselines know "about forest"
# better than "random forest". The phrase ranker (``models/phrase_ranker.json``, trained on
# the PPS rows by ``corpus/train_phrase_ranker.py``) adds evidence about the phrase itself:
# does the candidate rebuild a known term or its word pairs, are its word pairs attested at
# all, and is each changed word a replacement the spin table or the thesaurus knows. It also
# sees the words a candidate keeps: a kept word the spin table knows as a spinner's wording
# (how often, and whether with the same original in two terms) is likely one left tortured,
# so "spectral grouping" for "otherworldly grouping" is a half restoration (model card item
# 205). And it sees how many of a candidate's word pairs recur in scientific manuals
# (:mod:`detector.terminology`): a term the PPS list has not met is still a field's phrase
# ("feature selection", "gradient descent").
PHRASE_RANK_FEATURES = (
    *CANDIDATE_FEATURES,
    "n_words",
    "n_changed",
    "prior_rank",
    "lm_pairs",
    "term_exact",
    "term_pairs",
    "term_words",
    "thesaurus_entry",
    "spin_words",
    "spin_weight",
    "thesaurus_words",
    "kept_spun",
    "kept_recurring",
    "field_pairs",
)


def _changed(obs: list[str], cand: list[str]) -> list[tuple[str, str]]:
    """Replaced ``(observed, candidate)`` pieces: position by position when the lengths
    match, else the whole phrase as one piece."""
    if len(obs) == len(cand):
        return [(a, b) for a, b in zip(obs, cand) if a != b]
    return [(" ".join(obs), " ".join(cand))]


def phrase_rank_vectors(
    words: Sequence[str],
    options: Sequence[Option],
    gains: Sequence[float],
    composed: Sequence[bool],
    generator: CandidateGenerator,
) -> np.ndarray:
    """One :data:`PHRASE_RANK_FEATURES` row per candidate of the isolated phrase ``words``."""
    obs = list(words)
    base = candidate_vectors(" ".join(obs), options, gains, composed)
    spin, thes = generator.spin, generator.thes
    term_pairs, term_words = spin.term_pairs, spin.term_words
    extra = []
    for k, o in enumerate(options):
        cand = o.text.split(" ")
        pairs = list(itertools.pairwise(cand))
        content = [w for w in cand if w not in STOPWORDS] or cand
        changed = _changed(obs, cand)
        spin_hits = []
        thes_hits = 0
        for a, b in changed:
            weight = next((c.weight for c in spin.sources_of(a) if c.text == b), 0.0)
            spin_hits.append(weight)
            thes_hits += thes.is_related(a, b)
        n_ch = max(1, len(changed))
        kept = [a for a, b in zip(obs, cand) if a == b and a not in STOPWORDS] if len(
            obs) == len(cand) else []
        extra.append(
            [
                float(len(cand)),
                float(len(changed)),
                math.log1p(k),
                sum(baselines.ngram_seen(p) for p in pairs) / len(pairs) if pairs else 1.0,
                float(o.text in spin.terms),
                sum(p in term_pairs for p in pairs) / len(pairs) if pairs else 0.0,
                sum(w in term_words for w in content) / len(content),
                float(len(cand) > 1 and o.text in thes),
                sum(w > 0 for w in spin_hits) / n_ch,
                sum(spin_hits) / n_ch,
                thes_hits / n_ch,
                sum(math.log1p(spin.spun_count(w)) for w in kept) / len(obs),
                sum(spin.recurs_as_spun(w) for w in kept) / len(obs),
                terminology.term_pair_share(cand),
            ]
        )
    return np.hstack([base, np.asarray(extra, dtype=np.float64).reshape(len(options), -1)])


def rank(
    observed: str,
    options: Sequence[Option],
    gains: Sequence[float],
    composed: bool | Sequence[bool] = False,
    ranker: Scorer | None = None,
    pooled: Mapping[str, float] | None = None,
    written: Mapping[str, int] | None = None,
    article: str | None = None,
) -> list[tuple[str, float]]:
    """Candidates with ranker scores (probability the candidate is the original), best first;
    ``pooled``, ``written`` and ``article`` as for :func:`rank_vectors`. Vulgar words and
    slurs are never among them (:mod:`detector.offensive`)."""
    if not options:
        return []
    model = ranker or models().ranker
    scores = model.predict(
        rank_vectors(observed, options, gains, composed, pooled, written, article)
    )
    order = np.argsort(-scores, kind="stable")
    return [(options[i].text, float(scores[i])) for i in order if not offensive(options[i].text)]


def is_lone_term_swap(
    observed: str, option: Option, left: str | None, right: str | None,
    generator: CandidateGenerator | None = None,
) -> bool:
    """Whether ``option`` replaces the single word ``observed`` only on the strength of one
    term's tortured phrases, with nothing beside it to say the term is here.

    The spin table's word pairs are segments of tortured phrases aligned with their terms.
    One that recurs across terms is a spinner's dictionary entry (organization -> network);
    one aligned in a single term's phrases is that term's own swap or the alignment's guess
    ("excessive benchmark" <- "stress test" gives excessive -> stress), no synonym, and in
    general English it misleads: "tensions run excessive" was "high". Such a candidate still
    counts when a neighbouring word ties it to a known term, as written or as a word tortured
    phrases write for a term's word ("random" beside "forest" or "woodland"), and when a
    thesaurus links the two words as well.
    """
    if " " in observed or " " in option.text or not from_spin_table_alone(option):
        return False
    gen = generator or default_generator()
    if gen.spin.recurs(observed, option.text):
        return False
    pairs = gen.spin.term_pairs
    for neighbour, before in ((left, True), (right, False)):
        if not neighbour:
            continue
        for w in (neighbour, *(c.text for c in gen.spin.sources_of(neighbour))):
            if ((w, option.text) if before else (option.text, w)) in pairs:
                return False
    return True


def lone_term_swaps_last(
    ranked: list[str], options: Sequence[Option], observed: str,
    left: str | None, right: str | None, generator: CandidateGenerator | None = None,
) -> list[str]:
    """``ranked`` (candidate wordings, best first) with those :func:`is_lone_term_swap`
    after every other one, each part in ranked order."""
    late = {o.text for o in options
            if is_lone_term_swap(observed, o, left, right, generator)}
    if not late:
        return ranked
    return [t for t in ranked if t not in late] + [t for t in ranked if t in late]


def span_candidates(
    ev: TextEvidence,
    span: Span,
    generator: CandidateGenerator | None = None,
    also: Sequence[Option] = (),
) -> tuple[list[Option], list[float], list[bool]]:
    """The candidates to rank for a found span: those the detector scored, then the shorter
    wordings inside it (:meth:`CandidateGenerator.shorter_options`) and any of ``also`` not
    yet among them, scored the same way; with their gains and whether each is a
    word-by-word product."""
    gen = generator or default_generator()
    opts, gains = list(span.options), list(span.gains)
    composed = [span.composed] * len(opts)
    have = {o.text for o in opts}
    extra = []
    for o in (*gen.shorter_options(span.observed), *also):
        if o.text not in have:
            have.add(o.text)
            extra.append(o)
    if extra:
        opts += extra
        gains += candidate_gains(ev, span.first, span.last, [o.text for o in extra])
        composed += [False] * len(extra)
    return opts, gains, composed


def match_case(candidate: str, observed: str) -> str:
    """Give ``candidate`` the capitalisation pattern of ``observed``, its curly apostrophes
    ("yr’s" -> "year’s") and its hyphens (:func:`keep_hyphens`)."""
    candidate = keep_hyphens(candidate, observed)
    if "’" in observed:
        candidate = candidate.replace("'", "’")
    if observed.isupper() and len(observed) > 1:
        return candidate.upper()
    pieces = _HYPHEN_OR_SPACE.split(candidate)
    parts = _HYPHEN_OR_SPACE.split(observed.strip())[0::2]
    if len(parts) > 1 and len(pieces[0::2]) == len(parts):
        # Word for word: a word kept is kept as written ("UN Safety Council" -> "UN Security
        # Council", not "Un Security Council"), a word replaced takes its case.
        pieces[0::2] = [_word_case(c, o) for c, o in zip(pieces[0::2], parts, strict=True)]
        return "".join(pieces)
    if len(parts) > 1 and all(p[:1].isupper() for p in parts):
        return _PART_START.sub(lambda m: m.group(1) + m.group(2).upper(), candidate)
    words = observed.split()
    if words and all(w[:1].isupper() for w in words) and len(words) > 1:
        return " ".join(w[:1].upper() + w[1:] for w in candidate.split(" "))
    if observed[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


def _word_case(candidate: str, observed: str) -> str:
    """One word of :func:`match_case`'s word-for-word case: an acronym replaced by words
    starts with a capital only ("PC vision" -> "Computer vision")."""
    if candidate == observed.lower():
        return observed
    if observed[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


# A hyphen (or en dash) between two word characters; the candidates' words are joined by
# spaces.
_HYPHENS = "‐‑–-"  # the ASCII hyphen last, where a character class reads it literally
_HYPHEN_OR_SPACE = re.compile(rf"(\s+|(?<=[^\W_])[{_HYPHENS}](?=[^\W_]))")
_PART_START = re.compile(rf"(^|[\s{_HYPHENS}])(\w)")


def keep_hyphens(candidate: str, observed: str) -> str:
    """Join ``candidate``'s words with ``observed``'s hyphens, word for word, when both have
    the same number of words and the candidate has no hyphen of its own.

    Candidates are words joined by spaces, but spinners replace the parts of a compound one
    by one and keep its hyphen: "brief-term memory" was "short-term memory", not "short term
    memory", and "long brief-term memory" is "long short-term memory".
    """
    parts = _HYPHEN_OR_SPACE.split(observed.strip())
    joints = parts[1::2]
    if not any(j and not j.isspace() for j in joints) or any(h in candidate for h in _HYPHENS):
        return candidate
    words = candidate.split(" ")
    if len(words) != len(parts[0::2]):
        return candidate
    out = [words[0]]
    for joint, word in zip(joints, words[1:], strict=True):
        out.append(joint if not joint.isspace() else " ")
        out.append(word)
    return "".join(out)


# Word-by-word products for an isolated phrase: candidates per word by phrase length, and
# how many products (best prior first) are scored. The true original of a PPS word sits in
# its first candidate for about 70% of changed words and within the first eight for 90%.
COMPOSE_PER_WORD = {2: 8, 3: 4, 4: 3, 5: 2}
COMPOSE_CAP = 150
# Products that replace an inner run of words as a whole ("malignant growth" -> "cancer").
PIECES_CAP = 40
# Products the language model reads best, from deeper in each word's list ("magnetic
# pasture" -> "magnetic field"). With them and the acronym-spelling products, the expected
# phrase of a PPS row is among the candidates for 0.439 of rows (was 0.393; model card).
FLUENT_CAP = 30


def _swap_letters(bracket: str, words: list[str], phrase: str) -> list[str | None] | None:
    """The initials a bracketed acronym after an isolated ``phrase`` (``words``: its
    normalised words) asks of its words, or None when it cannot be read against them or they
    already spell it (no evidence of a swap), also with its hyphenated compounds made one
    word ("synthetic minority over-sampling technique (SMOTE)")."""
    letters = acronyms.letters_for(bracket, len(words), words)
    if letters is None or acronyms.spells(letters, words):
        return None
    joined = acronyms.hyphen_joined(phrase, [t for t in tokenize(phrase) if t.kind != "punct"])
    whole = acronyms.letters_of(bracket)
    if joined is not None and whole is not None and acronyms.spelled_by(whole, joined):
        return None
    return letters


def _phrase_options(
    gen: CandidateGenerator, words: list[str], letters: Sequence[str | None] | None = None
) -> tuple[list[Option], list[bool]]:
    """Direct candidates for the whole phrase, then word-by-word products (those that spell
    a bracketed acronym's ``letters`` first, then by prior, then the most fluent), then
    products that replace an inner run of words as a whole, then known terms one word away
    (:meth:`~detector.candidates.CandidateGenerator.term_completions`)."""
    direct = gen.options(" ".join(words))
    out = list(direct)
    seen = {o.text for o in out}
    per_word = COMPOSE_PER_WORD.get(len(words), 0)
    products: list[Option] = []
    if letters is not None:
        products += gen.compose_fluent(words, limit=None, keep=FLUENT_CAP, letters=letters)
    if per_word:
        products += gen.compose(words, per_word)[:COMPOSE_CAP]
        products += gen.compose_fluent(words, keep=FLUENT_CAP)
    if len(words) > 2:
        products += gen.compose_pieces(words, per_word or 2)[:PIECES_CAP]
    products += gen.term_completions(words)
    for o in products:
        if o.text not in seen:
            seen.add(o.text)
            out.append(o)
    return out, [False] * len(direct) + [True] * (len(out) - len(direct))


def _normalised_words(text: str) -> list[str]:
    """The normalised words of ``text``, punctuation dropped, as the candidates spell them."""
    return [t.norm for t in tokenize(text) if t.kind != "punct"]


def phrase_candidates(
    phrase: str, context: str | None = None, generator: CandidateGenerator | None = None
) -> tuple[list[str], list[Option], list[float], list[bool]]:
    """The phrase's normalised words, its candidates, their LM gains (in ``context`` when it
    contains the phrase, else with the phrase as a sentence of its own) and whether each is a
    word-by-word product. An isolated phrase's bracketed acronym is not part of it
    (:func:`detector.acronyms.split_trailing`); it guides the products instead."""
    gen = generator or default_generator()
    split = None if context else acronyms.split_trailing(phrase)
    if split:
        phrase = split[0]
    words = _normalised_words(phrase)
    if not words:
        return [], [], [], []
    letters = _swap_letters(split[1], words, phrase) if split else None
    left: list[str] = []
    right: list[str] = []
    if context:
        every, at, i = _locate(context, words)
        if i is not None:
            ctx = [every[k].norm for k in at]
            left, right = ctx[max(0, i - 2) : i], ctx[i + len(words) : i + len(words) + 2]
    opts, composed = _phrase_options(gen, words, letters)
    if context:
        # In context the in-context ranker judges, which knows shorter wordings (as for
        # findings, span_candidates).
        seen = {o.text for o in opts}
        shorter = [o for o in gen.shorter_options(" ".join(words)) if o.text not in seen]
        opts, composed = opts + shorter, composed + [False] * len(shorter)
    if not opts:
        return words, [], [], []
    windows = [left + words + right] + [left + o.text.split(" ") + right for o in opts]
    base, *alts = (baselines.sequence_logprob(["\x00", *w], 1 + len(left)) for w in windows)
    return words, opts, [a - base for a in alts], composed


def _locate(context: str, words: list[str]) -> tuple[list[Token], list[int], int | None]:
    """``context``'s tokens, the positions of its word tokens among them, and the index (in
    those positions) where the normalised ``words`` first occur, None when they do not."""
    every = tokenize(context)
    at = [k for k, t in enumerate(every) if t.kind != "punct"]
    n = len(words)
    for j in range(len(at) - n + 1):
        if [every[k].norm for k in at[j : j + n]] == words:
            return every, at, j
    return every, at, None


_Located = tuple[list[Token], list[int], int | None]  # what _locate returns


def _lone_term_swaps_last_in(located: _Located, word: str, options: Sequence[Option],
                             ranked: list[str], gen: CandidateGenerator) -> list[str]:
    """:func:`lone_term_swaps_last` for ``word`` where the context (``located`` in it by
    :func:`_locate`) first has it, unless the context holds a listed tortured phrase (a
    text's findings also heed rebuilt terms)."""
    every, at, j = located
    norms = [t.norm for t in every]
    if j is None or fingerprints.default().find(norms):
        return ranked
    left = every[at[j - 1]].norm if j else None
    right = every[at[j + 1]].norm if j + 1 < len(at) else None
    return lone_term_swaps_last(ranked, options, word, left, right, gen)


def _clashing_article_in(context: str, words: list[str],
                         located: _Located | None = None) -> str | None:
    """The article before the first occurrence of ``words`` in ``context`` (``located`` by
    :func:`_locate` when given) when they clash with it ("a unprecedented"), as
    :func:`detector.features.clashing_article`."""
    every, at, j = located or _locate(context, words)
    if j is None:
        return None
    k = at[j]
    # The token right before, so that "a. Unprecedented" (another sentence) is none.
    left = every[k - 1].norm if k and every[k - 1].kind != "punct" and article_next_to(
        context, every[k - 1], every[k]) else None
    return articles.clashing(left, every[k].text)


def _number_form_of(text: str) -> str | None:
    """The usual written form of ``text`` when all of it is one number or word-form anomaly
    ("Nineteen Nineties" -> "1990s", "1000's of" -> "thousands of"), lower-cased."""
    from .numbers import find_anomalies

    text = text.strip()
    anomalies = find_anomalies(tokenize(text))
    if len(anomalies) == 1 and anomalies[0].start == 0 and anomalies[0].end == len(text):
        return anomalies[0].canonical.lower()
    return None


def _split_clitic(words: list[str]) -> bool:
    """Whether ``words`` hold the "s" the tokenizer splits from a figure's "'s" ("1000's" is
    "1000", "'", "s"): a wording keeping it reads "1000 s of human"."""
    return any(w == "s" and k and words[k - 1][:1].isdigit() for k, w in enumerate(words))


def _number_form_first(phrase: str, ranked: list[str]) -> list[str]:
    """``ranked`` (an isolated phrase's wordings) led by one with the phrase's number
    anomaly put right ("1000's of people" -> "thousands of people", "the 2 nations" -> "the
    two nations"): the first that already has the usual form ("tens of hundreds lifeless" ->
    "tens of thousands dead"), else the phrase with only the anomaly replaced. The phrase as
    written is read: its normalised words lose the apostrophe of "1000's". Anomalies as
    strong as the analysis reports in a text count ("co 2", 0.3, does not)."""
    from .analyzer import NUMBER_FINDING_STRENGTH
    from .numbers import find_anomalies

    anomalies = [a for a in find_anomalies(tokenize(phrase))
                 if a.strength >= NUMBER_FINDING_STRENGTH]
    if len(anomalies) != 1:
        return ranked
    a = anomalies[0]
    usual = " ".join(_normalised_words(a.canonical))
    has = [t for t in ranked[:5] if f" {usual} " in f" {t} "]
    if not has:
        has = [" ".join(_normalised_words(phrase[: a.start] + a.canonical + phrase[a.end :]))]
    return list(dict.fromkeys([has[0], *ranked]))


def _curated(words: list[str], gen: CandidateGenerator, ranked: list[str]) -> list[str]:
    """Canonical forms that go before the ranker's order for an isolated phrase: a number or
    word form covering the whole phrase ("final yr" -> "last year"), the originals a tortured
    phrase of two or more words is known to stand for, heaviest first ("counterfeit
    consciousness" -> "artificial intelligence"), the phrasebook's originals of the phrase
    ("making an attempt to" -> "trying to", "additionally" -> "also"), then ranked
    candidates that rebuild a known term or are made of its word pairs ("huge information"
    -> "big data"). A single word's spin-table originals are left to the ranker: the table
    also holds word segments, which depend on context."""
    phrase = " ".join(words)
    out = []
    form = _number_form_of(phrase)
    if form:
        out.append(form)
    if len(words) > 1:
        out += [c.text for c in gen.spin.sources_of(phrase)]
    # The phrasebook's rewrites are what spinners write for everyday wordings, one original
    # each ("a whole bunch of" -> "hundreds of", "additionally" -> "also"); the phrase
    # ranker, trained on the screener's technical terms, put "a total group of" and "item"
    # first (model card item 107).
    out += [c.text for c in gen.book.sources_of(phrase)]
    if len(words) > 1:
        # The table and the term list hold phrases once, in the singular: "irregular
        # woodlands" stands for "random forests".
        singular = None if out else gen.spin.listed_singular(phrase)
        if singular is not None:
            out += [plural_of(c.text) for c in gen.spin.sources_of(singular)]
        out += _known_terms(words, ranked, gen)
    return list(dict.fromkeys(out))


def _singular_twins_first(words: list[str], ranked: list[str]) -> list[str]:
    """``ranked`` with each wording whose last word is a plural put after its singular twin
    when ``words`` end in a singular ("cerebrum network" -> "neural network", then "neural
    networks"): a spinner keeps the number of what it rewrites, so the twin that agrees goes
    first."""
    if singulars(words[-1]):
        return ranked
    at = {t: k for k, t in reversed(list(enumerate(ranked)))}
    out: list[str] = []
    for text in ranked:
        head, _, last = text.rpartition(" ")
        twins = (f"{head} {s}" if head else s for s in singulars(last))
        twin = next((t for t in twins if at.get(t, -1) > at[text]), None)
        if twin is not None and twin not in out:
            out.append(twin)
        if text not in out:
            out.append(text)
    return out


def _known_terms(words: list[str], ranked: list[str], gen: CandidateGenerator,
                 multiword: bool = False) -> list[str]:
    """The candidates ``ranked`` that rebuild a known term or are made of its word pairs
    (only those of two or more words with ``multiword``), in the plural where ``words``
    end in one, without those that change more than they need (:func:`_needless_changes`)."""
    terms = [t for t in ranked if t in gen.spin.terms and (" " in t or not multiword)]
    terms += [t for t in ranked if _made_of_term_pairs(t, gen)]
    if singulars(words[-1]):
        terms = [plural_of(t) for t in terms]
    return [t for t in terms if not _needless_changes(words, t, ranked, gen)]


def known_terms_first(words: list[str], ranked: list[str],
                      gen: CandidateGenerator | None = None) -> list[str]:
    """``ranked`` (candidates of the wording ``words`` of two or more words, best first) with
    those of two or more words that rebuild a known term, or are made of its word pairs, put
    first ("huge information" -> "big data"). Not the spin table's originals of the wording
    itself, which :func:`_curated` also puts first for an isolated phrase: in running text
    an ordinary phrase the table learned as a segment of one tortured phrase is no tortured
    phrase ("on the job" -> "smart"), and a listed one is a fingerprint finding already."""
    if len(words) < 2:
        return ranked
    known = _known_terms(words, ranked, gen or default_generator(), multiword=True)
    return list(dict.fromkeys([*known, *ranked]))


def _needless_changes(words: list[str], text: str, ranked: list[str],
                      gen: CandidateGenerator) -> bool:
    """Whether ``text`` changes more of ``words`` than another candidate that makes the same
    changes and keeps the rest, where no extra change is a replacement tortured phrases are
    known to make ("heart ailments" -> "brain disease" beside "heart disease"): a known term
    that also rewrites a word the spinner left alone is some other term. "profound neural
    organizations" -> "deep neural networks" keeps its place: "organization" for "network"
    is a known replacement."""
    cand = text.split(" ")
    if len(cand) != len(words):
        return False
    changed = {k for k, (w, c) in enumerate(zip(words, cand, strict=True)) if w != c}
    for other in ranked:
        ws = other.split(" ")
        if len(ws) != len(words) or other == text:
            continue
        fewer = {k for k, (w, c) in enumerate(zip(words, ws, strict=True)) if w != c}
        if fewer and fewer < changed and all(ws[k] == cand[k] for k in fewer):
            return not any(_known_replacement(words[k], cand[k], gen) for k in changed - fewer)
    return False


def _known_replacement(observed: str, original: str, gen: CandidateGenerator) -> bool:
    """Whether the spin table learned that tortured phrases write ``observed`` for
    ``original`` (plurals folded)."""
    for spun, orig in ((observed, original), (fold_plural(observed), fold_plural(original))):
        if any(c.text == orig for c in gen.spin.sources_of(spun)):
            return True
    return False


def _made_of_term_pairs(text: str, gen: CandidateGenerator) -> bool:
    """A multiword phrase made only of known terms' word pairs ("big data" from "big data
    analytics")."""
    ws = text.split(" ")
    pairs = gen.spin.term_pairs
    return len(ws) > 1 and all(p in pairs for p in itertools.pairwise(ws))


def _loses_content(observed: list[str], cand: list[str]) -> bool:
    """Whether ``cand`` puts a function word where ``observed`` has a content word
    ("magnetic field" -> "of field"): spinners replace content words by content words; such
    products come from word pairings the spin table learned from phrases of unequal length."""
    return len(observed) == len(cand) and any(
        o not in STOPWORDS and c in STOPWORDS for o, c in zip(observed, cand, strict=True)
    )


def suggest(
    phrase: str,
    context: str | None = None,
    generator: CandidateGenerator | None = None,
    ranker: Scorer | None = None,
    limit: int = 5,
) -> list[str]:
    """Canonical wordings for ``phrase``, best first; never the phrase itself. A fingerprint
    in the Problematic Paper Screener's query syntax (``"malignant growth" AND "cancer"``)
    stands for its first phrase.

    With ``context`` (text that contains ``phrase``) the candidates are scored in place by the
    in-context ranker; otherwise by the phrase ranker, on their own. Known canonical forms
    come first either way for a phrase of two or more words (:func:`_curated`): in a
    paper's sentence the in-context ranker, trained on news-like text, put "important
    information" before "deep learning" for "profound learning" (``bench/suggest_context.py``).

    ``generator`` makes the candidates (:func:`detector.candidates.for_phrases` by default,
    which also makes adverbs from adjectives' candidates). ``ranker`` replaces the ranker
    that scores them: the in-context one with ``context``, else the phrase ranker for two or
    more words; a single word without context is always ranked by the shipped in-context
    ranker (model card item 108), so the cross-validation of the phrase ranker, which
    passes its fold's, leaves those few rows to a ranker that never saw the screener's.
    """
    gen = generator or for_phrases()
    # A fingerprint in the screener's query syntax: its first phrase is the tortured one.
    phrase = fingerprints.tortured_phrase_of(phrase)
    words, opts, gains, composed = phrase_candidates(phrase, context, gen)
    if not opts:
        # A number form the words alone do not show ("1000's of" is "1000 s of" to them).
        form = _number_form_of(phrase)
        return [match_case(form, phrase.strip())] if form else []
    split = None if context else acronyms.split_trailing(phrase)
    letters = None
    if split:
        phrase = split[0]
        letters = _swap_letters(split[1], words, phrase)
    # Where the words stand in the context, found once for the article and the neighbours.
    located = _locate(context, words) if context else None
    if context:
        model = ranker or models().ranker
        article = _clashing_article_in(context, words, located)
        scores = model.predict(rank_vectors(" ".join(words), opts, gains, composed,
                                            article=article))
    elif len(words) == 1:
        # One word on its own is ranked as in a sentence of its own by the in-context ranker,
        # trained on everyday wordings. The phrase ranker learned the screener's rows, which
        # are almost all terms of two or more words, and put "bank" and "man" first for
        # "battle" (model card item 108).
        scores = models().ranker.predict(rank_vectors(words[0], opts, gains, composed))
    else:
        model = ranker or phrase_ranker()
        scores = model.predict(phrase_rank_vectors(words, opts, gains, composed, gen))
    order = np.argsort(-scores, kind="stable")
    observed_text = phrase.strip()
    ranked = [opts[i].text for i in order]
    if not context and len(words) == 1:
        # Nothing beside the word ties a term's own swap to its term.
        ranked = lone_term_swaps_last(ranked, opts, words[0], None, None, gen)
    if not context or len(words) > 1:
        ranked = [*_curated(words, gen, ranked), *ranked]
        if not context and len(words) > 1:
            ranked = _singular_twins_first(words, ranked)
        if len(words) > 1:  # in context too: "the 2 nations" is "the two nations" anywhere
            ranked = _number_form_first(phrase, ranked)
    elif located is not None:
        ranked = _lone_term_swaps_last_in(located, words[0], opts, ranked, gen)
    if (name := names.original_of(words)) is not None:
        ranked = [name, *ranked]  # a listed spun name: its name, in or out of context
    if letters is not None:
        # The bracket spells the original's initials: wordings that spell it go first.
        ranked = [t for t in ranked if acronyms.spells(letters, t.split(" "))] + ranked
    # Function words are no canonical form of content words ("the"; "of field" for "magnetic
    # field"), unless the phrasebook of spinners' rewrites says so ("for the reason that" ->
    # "since", "additionally" -> "also").
    rewrites = {o.text for o in opts if o.flags & PHRASEBOOK}
    rewrites.update(c.text for c in gen.book.sources_of(" ".join(words)))  # "so that" -> "so"
    out: list[str] = []
    for text in ranked:
        cand = text.split(" ")
        if cand == words or offensive(text) or _split_clitic(cand) or (text not in rewrites and (
            _loses_content(words, cand) or all(w in STOPWORDS for w in cand)
        )):
            continue
        # A spun name's name is written as a name: "Reserve Bank", not "Reserve bank".
        cased = (names.written_as(name, observed_text) if text == name
                 else match_case(text, observed_text))
        if split:
            cased = f"{cased} {split[1]}"
        if cased not in out:
            out.append(cased)
        if len(out) >= limit:
            break
    if out and not context and len(words) > 1:
        # The only known term that fits the phrase with one word open goes second, linked to
        # the phrase's word or not. Put first, it displaced the right wording of phrases
        # whose term the table does not know (model card item 213).
        shown = {_term_form(t) for t in out}
        for term in gen.lone_terms(words):
            cased = match_case(term, observed_text)
            if split:
                cased = f"{cased} {split[1]}"
            if (form := _term_form(cased)) not in shown:
                shown.add(form)
                out.insert(1, cased)
        del out[limit:]
    return out


def _term_form(text: str) -> str:
    """``text`` as one term whatever its case, spaces and hyphens ("Fully-connected layer",
    "fully connected layer")."""
    return re.sub(r"[\s\-‐‑]+", "", text.lower())
