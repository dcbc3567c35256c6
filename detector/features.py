"""Feature extractor: per-span and per-passage evidence against the frequency baselines.

The heuristic. A spinner swaps a word for a thesaurus neighbour without reading the
neighbours, so each spun word is ordinary on its own but sits in company that natural writers
rarely produce ("final yr", "knowledgeable Putin", "UN Safety Council"), while some wording the
spinner could have replaced reads far more naturally in the same place. For every word and
known phrase of a sentence we therefore

1. ask :mod:`detector.candidates` which wordings it could have replaced (inverse synonyms,
   learned tortured-phrase mappings, the phrasebook of spinners' function-word rewrites,
   word-by-word products for two-word spans, and a few wordings inside a phrase that a
   thesaurus expands, "value" for "economic value", flagged so that the span model knows
   them, ``cand_nested``);
2. score the observed window ``left2 + span + right2`` and each candidate window with the
   n-gram baseline (word pairs as :class:`detector.baselines.CodeBook` codes, all windows of
   a text in one vectorised look-up); the **substitution gain** is how much more probable
   (log10) the best candidate makes the window;
3. record what a person would look at: the gain, the words' Zipf frequencies, whether the
   observed and candidate bigrams were ever seen, collocation strength (PMI), the mapping's
   prior and sources, where the span stands (capitalised mid-sentence, quoted, sentence
   start), whether the same hand wrote the candidate nearby (spinners replace a word
   everywhere, so "said" elsewhere makes "stated" a choice), and whether the span clashes
   with the article before it ("a unprecedented": spinners keep the article,
   :mod:`detector.articles`).

The span classifier turns these into P(substituted). Where a passage looks spun, the context
span model re-scores each span with its company (:func:`context_matrix`: the passage's and
text's probabilities, the span scores of the words around it) and with the same wording's
record across the text (a spinner's dictionary puts its synonym everywhere, each occurrence a
little worse than the word it replaced, and that word nowhere: :class:`_TypeStats`). Passage
evidence aggregates the span probabilities per content word (mean, share above 0.5/0.8/0.95,
top-3), the phrasebook rewrites apart (mostly function words, which those figures skip:
"within the", "as a result of"), tortured-phrase hits, number anomalies and the passage's
mean log-probability, with the word count so that a short text with little evidence gets an
honest, unconfident score. Each wording counts at its two strongest uses in a window, and the
number of distinct claimed wordings is a feature of its own: a spinner rewrites many words,
while a writer's topic word draws the same weak claim at every use.

Names, numbers and code never drive alarms on their own: words unknown to the baselines get no
candidates, numbers are a class of their own in the language model, prose extraction blanks
code before we see it, a word the text also writes inside a code identifier is its own term
(:mod:`detector.identifiers`), and the classifier sees capitalisation as a feature.

Words shown rather than used count for nothing (``TextEvidence.mentions``): a tortured phrase
or spun wording quoted beside the original it replaced, the examples of a text about spinning
(its quotations and bare lists of wordings, :func:`_shown_examples`), and a run of
near-synonyms, which is a thesaurus's list in any text (:func:`_synonym_lists`).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import acronyms, articles, baselines, fingerprints, identifiers, names, numbers
from .candidates import NESTED, STOPWORDS, CandidateGenerator, Option, possessive_stem
from .candidates import default as default_generator
from .spelling import common_spelling
from .thesaurus import ABBREV, MOBY, PHRASEBOOK, PPS, WORDNET
from .tokens import BLOCK, EMPHASIS, HORIZONTAL_SPACE, HYPHENS, Token, sentence_spans, tokenize

__all__ = [
    "CONTEXT_FEATURES",
    "PASSAGE_FEATURES",
    "SPAN_FEATURES",
    "Occurrences",
    "PassageEvidence",
    "Span",
    "TextEvidence",
    "article_next_to",
    "candidate_gains",
    "claimable",
    "clashing_article",
    "context_matrix",
    "extract",
    "fold_plural",
    "quoted_words",
]

SPAN_FEATURES = (
    "gain",
    "gain_per_word",
    "second_gain",
    "prior",
    "log_options",
    "obs_words",
    "cand_words",
    "zipf_obs",
    "zipf_min_obs",
    "zipf_cand",
    "zipf_delta",
    "obs_lp_per_word",
    "lp_left",
    "lp_right",
    "pmi_left",
    "pmi_right",
    "cand_pmi_left",
    "cand_pmi_right",
    "flag_wordnet",
    "flag_moby",
    "flag_pps",
    "flag_abbrev",
    "flag_phrasebook",
    "capitalized",
    "sentence_initial",
    "quoted",
    "stop_frac",
    "composed",
    "neighbour_unknown",
    "inner_pmi",
    "cand_nearby",
    "article_clash",
    "cand_nested",
)

PASSAGE_FEATURES = (
    "log_words",
    "mean_p",
    "frac_p50",
    "frac_p80",
    "frac_p95",
    "top3_mean",
    "log_n_p80",
    "fingerprint_density",
    "log_fingerprints",
    "number_strength_density",
    "max_number_strength",
    "mean_gain_pos",
    "gain_gt1",
    "gain_gt2",
    "gain_gt3",
    "neg_pmi_both",
    "mean_pmi",
    "mean_lp",
    "phrasebook_density",
    "log_n_phrasebook_p50",
    "log_n_distinct_p50",
    "distinct_share_p50",
)

# The context span model sees a span's own evidence and its company: how spun its passage and
# the whole text look to the passage model, the span scores of the words around it, and how
# the same wording fares wherever the text uses it (_TypeStats).
CONTEXT_FEATURES = (
    *SPAN_FEATURES,
    "support",
    "passage_p",
    "text_p",
    "near_mean_p",
    "near_frac_p50",
    "near_top3_p",
    "span_p",
    "type_occurrences",
    "type_claimable_share",
    "type_mean_gain",
    "type_max_other_p",
    "best_in_text",
)
NEAR_WORDS = 25
# Spinners are dictionaries: a word they replace once, they replace everywhere, with the same
# synonym ("said" -> "stated" fourteen times in the spun seed, "said" never). So a candidate
# that the same hand wrote nearby is evidence against a substitution. (The observed wording
# repeating is no evidence for one: natural text repeats its topic words, and a feature
# counting repeats tripled findings on natural technical text.) Counted within this many words
# either side, so that a long document's counts stay comparable to a short text's.
REPEAT_WORDS = 150
# A window's span evidence counts each wording at this many of its uses, the strongest: a
# spinner rewrites many words, a writer's topic word draws the same weak claim at every use
# (git's chunk-format manual: "chunk" 33 times), and 40 claims on one word are not 40 on 40.
WORDING_REPEATS = 2

_GAIN = SPAN_FEATURES.index("gain")

# How many candidates per observed span the language model scores; more costs time, fewer
# loses originals whose prior is low (the LM is the better judge of fit).
OPTIONS_PER_SPAN = 12
COMPOSE_PER_WORD = 3
CONTEXT = 2
_SEP = "\x00"  # an unknown word: resets the LM history between concatenated windows
_QUOTES_OPEN = frozenset("\"“«‘")
_QUOTES_CLOSE = frozenset("\"”»’")


@dataclass(frozen=True)
class Span:
    """An observed word or phrase with its candidates and evidence.

    ``first``/``last`` index :attr:`TextEvidence.words` (``last`` exclusive); ``options`` are
    the scored candidates and ``gains`` their LM gains (same order); ``values`` follows
    :data:`SPAN_FEATURES`.
    """

    first: int
    last: int
    start: int
    end: int
    observed: str
    options: tuple[Option, ...]
    gains: tuple[float, ...]
    best: int
    values: tuple[float, ...]
    composed: bool = False

    @property
    def best_option(self) -> Option:
        return self.options[self.best]


@dataclass
class TextEvidence:
    """Everything the classifier and restorer need about one text."""

    text: str
    tokens: list[Token]
    words: list[Token]  # word and number tokens, in order
    word_sentence: list[int]  # sentence number of each word
    sentences: list[tuple[int, int]]  # character spans
    spans: list[Span]
    word_lp: np.ndarray  # log10 P(word | previous word) within its sentence
    # (first word, last word exclusive, phrase, expected, papers)
    fingerprint_hits: list[tuple[int, int, str, str, int]]
    # (first word, last word exclusive, canonical, kind, strength)
    number_hits: list[tuple[int, int, str, str, float]]
    # Per word, from its single-word span (zero where it has none): the best candidate's LM
    # gain (floored at 0) and the observed word's PMI with its left and right neighbours.
    # Passage evidence reads these for every word, claimable or not.
    word_has_span: np.ndarray
    word_gain: np.ndarray
    word_pmi: np.ndarray  # (words, 2)
    occurrences: Occurrences  # where each normalised word occurs (numbers as one token)
    span_p: np.ndarray = field(default_factory=lambda: np.zeros(0))  # filled by the classifier
    # The writer puts "a" before vowels by habit (articles.by_habit): no clash is evidence.
    articles_by_habit: bool = False
    # Word ranges of tortured phrases, number forms and terms with their acronym mentioned
    # rather than used (:func:`mentioned`, :func:`set_off`): no finding of any rule is
    # reported there.
    mentions: list[tuple[int, int]] = field(default_factory=list)
    # Words the text also writes inside a code identifier (detector.identifiers): its own
    # terms, never a substitution nor evidence for one. A tortured phrase of the curated
    # list still counts there: a paper mill's "counterfeit consciousness" stays one beside a
    # file named consciousness_model.py.
    own_terms: list[int] = field(default_factory=list)
    # Names of institutions as news spinners render them (detector.names): (first word, last
    # word exclusive, spun rendering, original name). Listed evidence, as tortured phrases are.
    name_hits: list[tuple[int, int, str, str]] = field(default_factory=list)


def quoted_words(ev: TextEvidence) -> list[bool]:
    """Per word of ``ev``: whether it stands inside double quotes."""
    return _words_in_quotes(ev.tokens)


def _words_in_quotes(tokens: list[Token]) -> list[bool]:
    """Per word token (punctuation left out): whether it stands inside double quotes."""
    inside = _in_quotes(tokens)
    return [q for t, q in zip(tokens, inside, strict=True) if t.kind != "punct"]


def _in_quotes(tokens: list[Token]) -> list[bool]:
    """Whether each token is inside double quotes (straight quotes toggle)."""
    out = []
    inside = False
    for t in tokens:
        if t.kind == "punct":
            if t.text == '"':
                inside = not inside
            elif t.text in ("“", "«"):
                inside = True
            elif t.text in ("”", "»"):
                inside = False
        out.append(inside)
    return out


def extract(
    text: str, generator: CandidateGenerator | None = None, *, every_span: bool = False
) -> TextEvidence:
    """Tokenise ``text`` and collect span evidence for every word and known phrase.

    Only :func:`claimable` spans can become findings or count in passage evidence, and they
    are about a quarter of all spans, so by default :attr:`TextEvidence.spans` holds just
    those: the others get their gain and neighbour PMI (per word, for passage evidence) but
    not the rest of their features. ``every_span=True`` keeps them all (training: the span
    model learns from every span).
    """
    gen = generator or default_generator()
    tokens = tokenize(text)
    word_tok = [k for k, t in enumerate(tokens) if t.kind != "punct"]
    words = [tokens[k] for k in word_tok]
    quoted = _words_in_quotes(tokens)
    sentences = sentence_spans(text)
    word_sentence = _assign_sentences(words, sentences)
    norms = [_lookup_form(w) for w in words]

    # Sentence boundaries as ranges over words.
    bounds: list[tuple[int, int]] = []
    a = 0
    for i in range(1, len(words) + 1):
        if i == len(words) or word_sentence[i] != word_sentence[a]:
            bounds.append((a, i))
            a = i

    occurrences = Occurrences(norms)
    habit = articles.by_habit(
        (norms[i - 1], words[i].text) for i in range(1, len(words))
        if norms[i - 1] in articles.ARTICLES and article_next_to(text, words[i - 1], words[i])
    )
    proposals: list[tuple[int, int, str, list[Option], bool]] = []
    for s0, s1 in bounds:
        _propose(gen, text, norms, words, s0, s1, proposals)
    # Chat and posts write "yr" for year (numbers.chat_shorthand): not a spinner's. The
    # whole text is scanned for chat only where a proposal holds a "yr".
    on_yr = [any(numbers.is_year_abbreviation(norms[k]) for k in range(*p[:2]))
             for p in proposals]
    if any(on_yr) and numbers.chat_shorthand(tokens):
        proposals = [p for p, yr in zip(proposals, on_yr, strict=True) if not yr]
    n_words = len(words)

    # The baseline is a bigram model, so every value below is log10 P(word | previous word)
    # for some word pair: the words are turned into code-book codes once and each pair is
    # looked up in one vectorised call per kind.
    book = baselines.codebook()
    sep = book.codes((_SEP,))[0]  # an unknown word: the history at a sentence start
    codes = book.codes(norms)

    # Per-sentence word log-probabilities (history reset at sentence starts).
    history = [sep, *codes[:-1]]
    for s0, _ in bounds:
        history[s0] = sep
    word_lp = book.pair_logprobs(history, codes) if n_words else np.zeros(0)
    csum = np.concatenate(([0.0], np.cumsum(word_lp))).tolist()

    # Every candidate of the text in one go. A candidate changes only its own words'
    # probabilities and the next word's: its score is P(first word | previous word), its own
    # inner pairs and P(next word | last word); its gain is that minus the same positions'
    # sum in the sentence as written.
    in_sentence = [_sentence_of(bounds, word_sentence, first) for first, *_ in proposals]
    cached = [_option_codes(gen, book, obs, opts, composed)
              for _first, _last, obs, opts, composed in proposals]
    _OptionCodes.fill(book, list({id(c): c for c in cached if c.inner is None}.values()))
    counts = [len(opts) for _f, _l, _o, opts, _c in proposals]
    lefts = []
    rights = []
    owns = []
    for (first, last, *_), (s0, s1) in zip(proposals, in_sentence, strict=True):
        lefts.append(codes[first - 1] if first > s0 else sep)
        rights.append(codes[last] if last < s1 else -1)
        owns.append(csum[last + (last < s1)] - csum[first])
    if proposals:
        firsts = np.concatenate([c.firsts for c in cached])
        lasts = np.concatenate([c.lasts for c in cached])
        right = np.repeat(np.asarray(rights, dtype=np.int64), counts)
        has_right = right >= 0
        after = np.zeros(len(right))
        after[has_right] = book.pair_logprobs(lasts[has_right], right[has_right])
        sums = (book.pair_logprobs(np.repeat(np.asarray(lefts, dtype=np.int64), counts), firsts)
                + np.concatenate([c.inner for c in cached]) + after)
        gains_all = sums - np.repeat(np.asarray(owns), counts)
        scores_all = (gains_all + np.concatenate([c.prior_terms for c in cached])).tolist()
        gains_all = gains_all.tolist()
    else:
        gains_all = scores_all = []

    k = 0
    pairs = _PairStats(book, sep)
    pending = []
    has_span = np.zeros(n_words, dtype=bool)
    word_gain = np.zeros(n_words)
    pmi_slots: list[tuple[int, int, int]] = []  # (word, left pair slot, right pair slot)
    for (first, last, obs, opts, composed), (s0, s1), oc, left_code, right_code in zip(
        proposals, in_sentence, cached, lefts, rights, strict=True
    ):
        n = len(opts)
        gains = gains_all[k : k + n]
        scores = scores_all[k : k + n]
        k += n
        # The best candidate: LM gain, nudged by the mapping's prior so that ties go to the
        # wording thesauri and real spinner output agree on; the first of equal maxima.
        best = scores.index(max(scores))
        gain = max(-10.0, min(10.0, gains[best]))
        left_code = left_code if first > s0 else None
        right_code = None if right_code < 0 else right_code
        observed_pairs = None
        if last - first == 1:
            observed_pairs = (pairs.add(left_code, codes[first]),
                              pairs.add(codes[first], right_code))
            pmi_slots.append((first, *observed_pairs))
            has_span[first] = True
            word_gain[first] = max(word_gain[first], gain, 0.0)
        if every_span or (_claimable(gain, obs, composed)
                          and not _capitalised_term(words, first, last, opts[best].text)):
            # The observed window's log-probability (a feature): the span and CONTEXT words on.
            base = csum[min(s1, last + CONTEXT)] - csum[first]
            article = norms[first - 1] if first > s0 and not habit and article_next_to(
                text, words[first - 1], words[first]) else None
            pending.append(_span(norms, codes, words, quoted, s0, s1, first, last, obs, opts,
                                 gains, best, base, composed, pairs, occurrences,
                                 observed_pairs, int(oc.firsts[best]), int(oc.lasts[best]),
                                 article))
    pairs.compute()
    spans = [p() for p in pending]
    word_pmi = np.zeros((n_words, 2))
    for i, a, b in pmi_slots:
        word_pmi[i] = (pairs.pmi[a], pairs.pmi[b])

    mentions: list[tuple[int, int]] = []
    token_norms = [t.norm for t in tokens]
    tok_to_word = {k: i for i, k in enumerate(word_tok)}
    fp_hits = _fingerprints(text, tokens, token_norms, tok_to_word, mentions, gen)
    num_hits = _number_hits(text, tokens, token_norms, tok_to_word, mentions)
    name_hits = _spun_names(text, tokens, token_norms, tok_to_word, mentions)
    if shown := _shown_examples(text) + _synonym_lists(text, gen.thes.is_related):
        # A text about spinning quotes the spinners' wordings as examples, without what each
        # replaced ('wordings such as "final yr", "knowledgeable lawmakers" and "a whole
        # bunch of" appear throughout'), or a spun sentence whole, or lists them; a
        # thesaurus lists near-synonyms. A wording inside such an example is shown, not
        # used, and lends its passage no evidence.
        shown.sort()
        starts = [qa for qa, _ in shown]
        reach = list(itertools.accumulate((qb for _, qb in shown), max))

        def inside(first: int, last: int) -> bool:
            # Some example opening at or before the wording reaches past its end (examples
            # nest: a quoted wording inside a quoted sentence).
            a, b = words[first].start, words[last - 1].end
            k = bisect.bisect_right(starts, a) - 1
            return k >= 0 and reach[k] >= b

        for hits in (fp_hits, num_hits, name_hits):
            held = [inside(h[0], h[1]) for h in hits]
            mentions.extend((h[0], h[1]) for h, x in zip(hits, held, strict=True) if x)
            hits[:] = [h for h, x in zip(hits, held, strict=True) if not x]
        mentions.extend((s.first, s.last) for s in spans if inside(s.first, s.last))
    # A term with its bracketed acronym, quoted or in italics as a whole, is mentioned too
    # ('terms that lose their acronym, "persistent kidney illness (CKD)"'): the acronym rule
    # and the substitution rule leave its words alone.
    mentions.extend((d.first, d.end) for d in acronyms.definitions(text, words)
                    if set_off(text, words[d.first].start, d.close))
    # So is an acronym's expansion written beside the acronym ("the term radar, originally
    # an acronym for radio detection and ranging"): a thesaurus lists such expansions as
    # synonyms of the word ("radio detection and ranging" -> radar), but a spinner that
    # wrote one replaced the word everywhere (model card item 230).
    mentions.extend((s.first, s.last) for s in spans if _spells_a_word_beside_it(
        s, norms, word_sentence))
    # So is a wording a spinner could have produced, quoted or in italics on its own with
    # what it could replace quoted beside it ('"final yr" -> "last year"').
    mentions.extend((s.first, s.last) for s in spans
                    if set_off(text, s.start, s.end) and _named_nearby(text, s))
    # A word the text also writes inside a code identifier, wherever it stands, is the
    # text's own term, which no spinner chose (detector.identifiers).
    named = identifiers.identifier_words(text, STOPWORDS) | identifiers.numbered_element_words(
        text, STOPWORDS)
    own = [i for i, w in enumerate(norms)
           if w not in STOPWORDS and identifiers.same_word(w, named)] if named else []
    return TextEvidence(text, tokens, words, word_sentence, sentences, spans, word_lp,
                        fp_hits, num_hits, has_span, word_gain, word_pmi, occurrences,
                        articles_by_habit=habit, mentions=mentions, own_terms=own,
                        name_hits=name_hits)


def _spells_a_word_beside_it(span: Span, norms: list[str], word_sentence: list[int]) -> bool:
    """Whether ``span`` is three or more words whose best candidate is one word written in
    the same sentence, which they spell as an acronym ("radio detection and ranging" beside
    "radar")."""
    words = span.observed.split(" ")
    word = span.best_option.text
    if len(words) < 3 or " " in word or word in words:
        return False
    letters = acronyms.letters_of(word)
    if letters is None or not acronyms.spelled_by_initials(letters, words):
        return False
    # word_sentence runs in order: the sentence's words are one range of it.
    here = word_sentence[span.first]
    first = bisect.bisect_left(word_sentence, here, 0, span.first)
    last = bisect.bisect_right(word_sentence, here, span.last)
    return word in norms[first : span.first] or word in norms[span.last : last]


def _assign_sentences(words: list[Token], sentences: list[tuple[int, int]]) -> list[int]:
    out = []
    j = 0
    for w in words:
        while j + 1 < len(sentences) and w.start >= sentences[j][1]:
            j += 1
        out.append(j)
    return out


def _sentence_of(
    bounds: list[tuple[int, int]], word_sentence: list[int], i: int
) -> tuple[int, int]:
    """The word range of the sentence holding word ``i`` (bounds are in word order)."""
    k = bisect.bisect_right(bounds, (i, len(word_sentence) + 1)) - 1
    return bounds[k]


def _propose(
    gen: CandidateGenerator,
    text: str,
    norms: list[str],
    words: list[Token],
    s0: int,
    s1: int,
    out: list[tuple[int, int, str, list[Option], bool]],
) -> None:
    """Observed spans of one sentence that have candidates."""
    singles: dict[int, list[Option]] = {}
    idiom = _reduplicated_idioms(gen, text, norms, words, s0, s1)
    cited = _before_a_standard(words, norms, s0, s1)
    for i in range(s0, s1):
        w = norms[i]
        if (words[i].kind != "word" or _final_year_of_study(norms, i, s0, s1)
                or i in idiom or (w == "within" and _within_a_limit(text, words, norms, i + 1,
                                                                      s1))):
            continue
        longest, phrases = gen.phrases_from(w)
        for n in range(min(longest, s1 - i), 1, -1):
            phrase = " ".join(norms[i : i + n])
            # A phrase is words separated by white space only: never across punctuation.
            if (phrase not in phrases and possessive_stem(phrase) not in phrases
                    and not gen.listed_plural(phrase, phrases)) or any(
                words[k].kind != "word" or not text[words[k].end : words[k + 1].start].isspace()
                for k in range(i, i + n - 1)
            ) or words[i + n - 1].kind != "word" or (
                i + n < s1 and norms[i + n] in _PARTICLE_GOES_ON
                and norms[i + n - 1] in PARTICLES and _listed_with_particle(phrase)):
                continue
            if i + n in cited or (phrase == _SPUN_WHERE and not _clause_follows(
                    text, words, norms, i + n, s1)):
                continue
            opts = gen.options(phrase, OPTIONS_PER_SPAN) + gen.nested_options(phrase)
            if opts:
                out.append((i, i + n, phrase, opts, False))
        if w in STOPWORDS or len(w) < 2 or i + 1 in cited or _unit_of_number(text, words, norms,
                                                                           i, s0):
            continue
        opts = gen.options(w, OPTIONS_PER_SPAN)
        if opts:
            singles[i] = opts
            out.append((i, i + 1, w, opts, False))
    # Adjacent pairs where both words have candidates: word-by-word products.
    for i in range(s0, s1 - 1):
        if i in singles and i + 1 in singles and text[words[i].end : words[i + 1].start].isspace():
            pair = [norms[i], norms[i + 1]]
            opts = gen.compose(pair, COMPOSE_PER_WORD)[:OPTIONS_PER_SPAN]
            if opts:
                out.append((i, i + 2, " ".join(pair), opts, True))


def _unit_of_number(text: str, words: list[Token], norms: list[str], i: int, s0: int) -> bool:
    """Whether word ``i`` of a sentence starting at word ``s0`` is a unit abbreviated after
    a number ("14 mo", "100-yr", "5 ml") or in a rate ("km/h", "g/t"):
    :data:`detector.numbers.UNIT_ABBREVIATIONS`, which thesauri read as words ("mo" ->
    moment, "ml" -> machine learning; model card item 228)."""
    if i == s0 or norms[i] not in numbers.UNIT_ABBREVIATIONS:
        return False
    gap = text[words[i - 1].end : words[i].start]
    if gap == "/":
        return True
    return words[i - 1].kind == "number" and (not gap or gap.isspace() or gap in HYPHENS)


# The phrasebook's "the place" is a spinner's "where" ("the town the place she grew up"), so
# a clause follows it. Where it ends a clause or goes on into a phrase of its own it is the
# noun phrase of natural writing: "kittens strut out like they own the place;", "all over
# the place", "the place of birth", "the place to be", "the place where" (a pet-care post's
# "own the place" was a finding, model card item 205).
_SPUN_WHERE = "the place"
_PLACE_GOES_ON = frozenset("of to where that which for in".split())


def _clause_follows(text: str, words: list[Token], norms: list[str], i: int, s1: int) -> bool:
    """Whether a clause can begin at word ``i`` of a sentence ending before word ``s1``,
    right after the previous word (no punctuation between)."""
    return (i < s1 and text[words[i - 1].end : words[i].start].isspace()
            and norms[i] not in _PLACE_GOES_ON)


# A word said twice around a preposition or "and" is an idiom ("side by side", "step by
# step", "again and again", "day after day"): nobody's spinner writes it word by word, and
# the thesauri list it whole as a synonym of a single word ("side by side" for "next"),
# which the language model then prefers in every context ("the two stood side by side" ->
# "next"). AI-style and literary prose draw such idioms often: in a precision probe two
# texts were labelled spun with "side by side" among their findings (each natural without
# it) and restore wrote "together, next." (model card item 143). The corpus' spinners made
# 513 of their 835,657 substitutions this way (the phrasebook's "side by side" for "next"
# most), and only as listed wordings; a swapped word said twice ("stage by stage") is no
# listed wording and stays a candidate span.
_REDUPLICATING = frozenset({"by", "and", "after", "to", "for", "upon", "in", "on", "over"})


def _reduplicated_idioms(gen: CandidateGenerator, text: str, norms: list[str],
                         words: list[Token], s0: int, s1: int) -> frozenset[int]:
    """Indices of the words of sentence ``[s0, s1)`` inside a listed wording of the shape
    "X by X" or "X and X", written with single spaces: no span is proposed on them."""
    out: set[int] = set()
    for i in range(s0, s1 - 2):
        w = norms[i]
        if (w == norms[i + 2] and norms[i + 1] in _REDUPLICATING
                and all(words[k].kind == "word" for k in range(i, i + 3))
                and all(text[words[k].end : words[k + 1].start].isspace()
                        for k in range(i, i + 2))
                and f"{w} {norms[i + 1]} {w}" in gen.phrases_from(w)[1]):
            out.update(range(i, i + 3))
    return frozenset(out)


# "within" before a span of time or a limit is the usual word, not a spinner's "in": "within
# the last 12 months", "within 28 days", "within an hour", "within the limits of". The
# phrasebook's "within the" -> "in the" is read by the bigram baselines alone, which cannot
# see what follows it, so it scored 0.96-0.97 there: in a precision probe of public-sector
# guidance, job adverts and markets wraps one natural "within the last N months" raised a
# passage's score by 0.22 (median over 66 texts), and two of them made a markets wrap
# spun (model card item 144). A spinner's "within the" stands before whatever its "in the"
# did ("within the morning", "within the world", "within the case of"), and a spun text
# holds many; the ones before a time or a limit are left unread.
_WITHIN_TIME_UNITS = frozenset("""
    second seconds minute minutes hour hours day days night nights week weeks weekend
    weekends fortnight fortnights month months quarter quarters year years decade decades
    century centuries semester semesters season seasons
""".split())
_WITHIN_SPANS = frozenset("last next past coming preceding previous".split())
_WITHIN_LIMITS = frozenset("""
    limit limits bounds boundaries scope confines remit purview deadline deadlines timeframe
    timeframes time period periods range ranges allotted prescribed specified stipulated
    agreed required statutory permitted allowed
""".split())
_WITHIN_COUNTS = frozenset("a an one few several couple two three four five six seven eight "
                           "nine ten eleven twelve fifteen twenty thirty forty sixty ninety "
                           "hundred".split())


# "within the hour." closes a clause as an idiom does; a spinner's "within the hour" is an
# "in the hour" that goes on ("in the hour before dawn"), and "in the day", "in the year"
# close clauses in natural writing ("later in the day.", "back in the day").
_WITHIN_CLOSING_UNITS = frozenset("hour week fortnight month".split())


def _within_a_limit(text: str, words: list[Token], norms: list[str], i: int, end: int
                    ) -> bool:
    """Whether the words from ``i`` (just after a "within", before ``end``; ``norms`` as
    :func:`_lookup_form` gives them) name a span of time or a limit: "the last/next/past
    [N] <unit>", "the limits/scope/deadline ...", "[a|N] <unit>", or "the hour", "the
    month" closing a clause. Not "the [N] <unit>" otherwise: "within the 12 weeks to
    Christmas" is a spinner's "in the 12 weeks"."""
    k = i
    if k < end and norms[k] == "the":
        k += 1
        if k < end and norms[k] in _WITHIN_LIMITS:
            return True
        if k < end and norms[k] in _WITHIN_CLOSING_UNITS:
            return k + 1 == end or not text[words[k].end : words[k + 1].start].isspace()
        if k >= end or norms[k] not in _WITHIN_SPANS:
            return False
        k += 1
    # Up to two counting words ("a few", "twenty four", "12") before the unit.
    for _ in range(2):
        if k < end and (norms[k] in _WITHIN_COUNTS or norms[k] == "<num>"):
            k += 1
    return k < end and norms[k] in _WITHIN_TIME_UNITS


# A wording before a standard's designation is the formula of compliance: "conforming to EN
# 166", "gloves tested to EN 374", "certified to ISO 9001", "complies with BS 5839". Safety data
# sheets and specifications cite standards this way in every line; "conforming to" (->
# following) and "tested" (-> tried) made one such sentence a spun text (model card item
# 151). A designation: one to three standards bodies' letters ("EN", "EN ISO", "AS/NZS",
# "ANSI") and a number; not any capitals and a number ("UTF-8", "COVID-19", "HTTP/1.1"
# stand after "with" in synthetic spun records whose spans are a spinner's). Only "to" and
# "with" lead to it: a spun record's "JSON-compatible physical body per PEP 566" (for
# "format") is a spinner's.
_BEFORE_A_STANDARD = frozenset(("to", "with"))
_STANDARDS_BODIES = frozenset(
    "EN ISO IEC ANSI ASTM BS DIN NFPA UL CSA AS NZS JIS IEEE ASME SAE MIL RFC ITU ETSI NEN "
    "ISEA NIOSH OSHA".split())


def _before_a_standard(words: list[Token], norms: list[str], s0: int, s1: int
                       ) -> frozenset[int]:
    """Word indices ``e`` of sentence ``[s0, s1)`` such that a span ending before word ``e``
    (exclusive end ``e``) stands before a standard's designation, directly or through one of
    :data:`_BEFORE_A_STANDARD`."""
    starts = []
    for k in range(s0, s1):
        j = k
        while j < s1 and j - k < 3 and words[j].text in _STANDARDS_BODIES:
            j += 1
        if j > k and j < s1 and words[j].kind == "number":
            starts.append(k)
    out = set(starts)
    out.update(k - 1 for k in starts if k - 1 >= s0 and norms[k - 1] in _BEFORE_A_STANDARD)
    return frozenset(out)


def _capitalised_term(words: list[Token], first: int, last: int, candidate: str) -> bool:
    """Whether words ``[first, last)`` are a term with every word capitalised ("Purchase
    Orders", "Information Handling System") and ``candidate`` has another number of words.

    A spinner keeps the capital of the word it replaces on the first word of its
    replacement only ("Orders" -> "Purchase orders"), and swaps a name's words one for one
    ("Security Council" -> "Safety Council"): every word capitalised and a different length
    is the writer's defined term or name. A contract's "Purchase Orders" (-> "Orders") was
    claimed at each of its uses, and its clause labelled spun (model card item 134)."""
    if last - first < 2 or candidate.count(" ") + 1 == last - first:
        return False
    return all(w.text[:1].isupper() and not w.text.isupper() for w in words[first:last])


def _final_year_of_study(norms: list[str], i: int, s0: int, s1: int) -> bool:
    """Whether word ``i`` of the sentence ``[s0, s1)`` begins or is the "yr" of a student's
    "final yr" (:func:`detector.numbers.year_of_study`): the phrasebook's "final yr" ->
    "last year" is no candidate there, and neither is "yr" -> "year" ("Final yr project:"
    made spun company of an 11-word text, and "project" was reported in it)."""
    at = i + 1 if norms[i] == "final" else i
    if not s0 < at < s1 or norms[at] not in ("yr", "yrs"):
        return False
    return numbers.year_of_study(norms[at - 2] if at - 2 >= s0 else None, norms[at - 1],
                                 norms[at + 1] if at + 1 < s1 else None)


class _OptionCodes:
    """A wording's candidates as the language model sees them: the code of each candidate's
    first and last word, the summed log-probability of its inner word pairs, and the prior's
    nudge to its score. Kept per wording on the generator, so that a word met again costs no
    string handling."""

    __slots__ = ("_pairs", "firsts", "generation", "inner", "lasts", "prior_terms")

    def __init__(self, book: baselines.CodeBook, opts: Sequence[Option]) -> None:
        self.generation = book.generation
        lengths = []
        flat: list[str] = []
        for o in opts:
            ws = o.text.split(" ")
            lengths.append(len(ws))
            flat.extend(ws)
        codes = book.codes(flat)
        firsts = []
        lasts = []
        self._pairs: list[tuple[int, int, int]] = []  # (option, code, next code)
        at = 0
        for j, n in enumerate(lengths):
            firsts.append(codes[at])
            lasts.append(codes[at + n - 1])
            for k in range(at, at + n - 1):
                self._pairs.append((j, codes[k], codes[k + 1]))
            at += n
        self.firsts = np.asarray(firsts, dtype=np.int64)
        self.lasts = np.asarray(lasts, dtype=np.int64)
        # Ties in LM gain go to the wording thesauri and real spinner output agree on.
        self.prior_terms = np.asarray([0.5 * math.log10(o.prior + 1e-3) for o in opts])
        self.inner: np.ndarray | None = None

    @staticmethod
    def fill(book: baselines.CodeBook, fresh: list[_OptionCodes]) -> None:
        """Compute ``inner`` of newly made entries, in one look-up."""
        if not fresh:
            return
        h = [p[1] for oc in fresh for p in oc._pairs]
        w = [p[2] for oc in fresh for p in oc._pairs]
        lps = book.pair_logprobs(h, w).tolist() if h else []
        at = 0
        for oc in fresh:
            inner = [0.0] * len(oc.firsts)
            for j, _, _ in oc._pairs:
                inner[j] += lps[at]
                at += 1
            oc.inner = np.asarray(inner)
            oc._pairs = []


def _option_codes(gen: CandidateGenerator, book: baselines.CodeBook, observed: str,
                  opts: list[Option], composed: bool) -> _OptionCodes:
    """The generator's remembered :class:`_OptionCodes` of ``observed``'s candidates (the
    products of its words when ``composed``), made afresh when the code book has changed."""
    key = (observed, composed)
    hit = gen.scoring.get(key)
    if not isinstance(hit, _OptionCodes) or hit.generation != book.generation:
        hit = gen.scoring[key] = _OptionCodes(book, opts)
    return hit


def _zipfs(ws: Sequence[str]) -> list[float]:
    return [baselines.zipf(w) for w in ws]


class _PairStats:
    """Bigram statistics for many word pairs (code-book codes), computed in one vectorised
    LM call.

    :meth:`add` registers a pair and returns a slot; after :meth:`compute`, ``lp[slot]`` is
    log10 P(b | a) and ``pmi[slot]`` is log10 P(b | a) - log10 P(b), both under the same
    language model (P(b) being b's probability at a sentence start; pairs with a missing
    neighbour get 0).
    """

    def __init__(self, book: baselines.CodeBook, sep: int) -> None:
        self.book = book
        self.sep = sep
        self.a: list[int] = []
        self.b: list[int] = []
        self.lp = np.zeros(0)
        self.pmi = np.zeros(0)

    def add(self, a: int | None, b: int | None) -> int:
        if a is None or b is None:
            self.a.append(-1)
            self.b.append(-1)
        else:
            self.a.append(a)
            self.b.append(b)
        return len(self.a) - 1

    def compute(self) -> None:
        a = np.asarray(self.a, dtype=np.int64)
        b = np.asarray(self.b, dtype=np.int64)
        ok = a >= 0
        self.lp = np.zeros(len(a))
        self.pmi = np.zeros(len(a))
        if ok.any():
            lp = self.book.pair_logprobs(a[ok], b[ok])
            alone = self.book.pair_logprobs(np.full(int(ok.sum()), self.sep), b[ok])
            self.lp[ok] = np.maximum(lp, -10.0)
            self.pmi[ok] = np.clip(lp - alone, -5.0, 5.0)


class Occurrences:
    """Where each word of a text occurs, to count a word sequence within a word range."""

    def __init__(self, norms: list[str]) -> None:
        self.norms = norms
        self.at: dict[str, list[int]] = {}
        for i, w in enumerate(norms):
            self.at.setdefault(w, []).append(i)

    def count(self, seq: Sequence[str], lo: int, hi: int) -> int:
        """Occurrences of ``seq`` starting in words ``[lo, hi)``."""
        where = self.at.get(seq[0], ())
        a, b = bisect.bisect_left(where, lo), bisect.bisect_left(where, hi)
        if len(seq) == 1:
            return b - a
        n, want = len(seq), list(seq)
        return sum(self.norms[i : i + n] == want for i in where[a:b])


def _span(
    norms: list[str],
    codes: list[int],
    words: list[Token],
    quoted: list[bool],
    s0: int,
    s1: int,
    first: int,
    last: int,
    obs: str,
    opts: list[Option],
    gains: list[float],
    best: int,
    base: float,
    composed: bool,
    pairs: _PairStats,
    occurrences: Occurrences,
    observed_pairs: tuple[int, int] | None,
    cand_first: int,
    cand_last: int,
    article: str | None,
):  # type: ignore[no-untyped-def]
    """Everything about a span but its bigram statistics; returns a function that builds the
    :class:`Span` once ``pairs`` has been computed. ``[s0, s1)`` is the span's sentence;
    ``codes`` are the words' code-book codes and ``cand_first``, ``cand_last`` those of the
    best candidate's first and last word; ``observed_pairs`` are the slots of the observed
    word's pairs with its neighbours, when already registered; ``article`` is the word right
    before the span when nothing stands between them (:func:`article_next_to`)."""
    b = opts[best]
    gain = max(-10.0, min(10.0, gains[best]))
    ordered = sorted(gains, reverse=True)
    second = max(-10.0, min(10.0, ordered[1])) if len(ordered) > 1 else -10.0
    obs_words = last - first
    cand = b.text.split(" ")
    zo = _zipfs(norms[first:last])
    zc = _zipfs(cand)
    left = norms[first - 1] if first > s0 else None
    right = norms[last] if last < s1 else None
    first_tok = words[first]
    capitalized = float(first > s0 and first_tok.text[:1].isupper())
    neighbour_unknown = float(
        (left is not None and not baselines.known(left))
        or (right is not None and not baselines.known(right))
    )
    n_window = obs_words + (0 if right is None else min(CONTEXT, s1 - last))
    left_code = codes[first - 1] if first > s0 else None
    right_code = codes[last] if last < s1 else None
    slots = (
        *(observed_pairs
          or (pairs.add(left_code, codes[first]), pairs.add(codes[last - 1], right_code))),
        pairs.add(left_code, cand_first),
        pairs.add(cand_last, right_code),
        # Cohesion of a multiword observed span: "making an attempt" is a set phrase whose
        # first two words still collocate, a spun "final yr" is not.
        pairs.add(codes[first], codes[first + 1]) if obs_words > 1 else pairs.add(None, None),
    )
    head = (
        gain,
        gain / max(obs_words, len(cand)),
        second,
        b.prior,
        math.log1p(len(opts)),
        float(obs_words),
        float(len(cand)),
        sum(zo) / len(zo),
        min(zo),
        sum(zc) / len(zc),
        sum(zc) / len(zc) - sum(zo) / len(zo),
        max(-10.0, base / max(n_window, 1)),
    )
    tail = (
        float(bool(b.flags & WORDNET)),
        float(bool(b.flags & MOBY)),
        float(bool(b.flags & PPS)),
        float(bool(b.flags & ABBREV)),
        float(bool(b.flags & PHRASEBOOK)),
        capitalized,
        float(first == s0),
        float(quoted[first]),
        sum(w in STOPWORDS for w in norms[first:last]) / obs_words,
        float(composed),
        neighbour_unknown,
    )
    nearby = math.log1p(occurrences.count(cand, first - REPEAT_WORDS, last + REPEAT_WORDS))
    clash = float(articles.clashing(article, first_tok.text) is not None)

    def build() -> Span:
        lp, pmi = pairs.lp, pairs.pmi
        values = (
            *head,
            lp[slots[0]],
            lp[slots[1]],
            pmi[slots[0]],
            pmi[slots[1]],
            pmi[slots[2]],
            pmi[slots[3]],
            *tail,
            pmi[slots[4]],
            nearby,
            clash,
            float(bool(b.flags & NESTED)),
        )
        return Span(first, last, words[first].start, words[last - 1].end, obs, tuple(opts),
                    tuple(gains), best, tuple(float(v) for v in values), composed)

    return build


def clashing_article(ev: TextEvidence, span: Span) -> str | None:
    """The article before ``span`` in its sentence when the span's first word disagrees
    with it ("a unprecedented"): a spinner replaced the word and kept the article, so the
    original agreed with it."""
    i = span.first
    if i == 0 or ev.articles_by_habit or ev.word_sentence[i - 1] != ev.word_sentence[i]:
        return None
    if not article_next_to(ev.text, ev.words[i - 1], ev.words[i]):
        return None
    return articles.clashing(ev.words[i - 1].norm, ev.words[i].text)


# What may stand between an article and its word: up to four spaces, or a line break with
# its indentation, and an opening quotation mark. Prose extraction blanks markup in place:
# emphasis leaves two to four spaces ("a **unprecedented**", "a <b>unprecedented</b>": a
# pair), inline code five or more ("a `x` attribute", "a <code>names</code> attribute": "a"
# and "attribute" are no pair, and R's manual had "a attribute" twice in one passage labelled
# spun). A space is any horizontal one (no-break spaces too, which extraction never writes).
_ARTICLE_GAP_RE = re.compile(
    rf"(?:{HORIZONTAL_SPACE}{{1,4}}|{HORIZONTAL_SPACE}*\r?\n{HORIZONTAL_SPACE}*)[\"'“‘]?")


def article_next_to(text: str, article: Token, word: Token) -> bool:
    """Whether ``word`` follows ``article`` in ``text`` with nothing but an ordinary gap
    between them (:data:`_ARTICLE_GAP_RE`)."""
    return _ARTICLE_GAP_RE.fullmatch(text, article.end, word.start) is not None


def _lookup_form(word: Token) -> str:
    """What ``word`` is looked up under in the baselines: its norm in its commoner spelling
    (the baselines are mostly American text, and a British spelling would read as an odd
    word: :mod:`detector.spelling`), or ``"<num>"`` for a number."""
    return common_spelling(word.norm) if word.kind == "word" else "<num>"


def candidate_gains(ev: TextEvidence, first: int, last: int, texts: Sequence[str]) -> list[float]:
    """LM gains of replacing words ``[first, last)`` by each of ``texts``, scored as
    :func:`extract` scores its candidates (the previous and next word of the same sentence
    as context); for candidates found after extraction."""
    def norm(i: int) -> str:
        return _lookup_form(ev.words[i])

    sent = ev.word_sentence
    left = [norm(first - 1)] if first > 0 and sent[first - 1] == sent[first] else []
    right = [norm(last)] if last < len(ev.words) and sent[last] == sent[last - 1] else []
    observed = [norm(i) for i in range(first, last)]

    def logprob(words: Sequence[str]) -> float:
        return baselines.sequence_logprob([_SEP, *left, *words, *right], 1 + len(left))

    base = logprob(observed)
    return [logprob(t.split(" ")) - base for t in texts]


def _fingerprints(text: str, tokens: list[Token], norms: list[str],
                  tok_to_word: dict[int, int], mentions: list[tuple[int, int]],
                  gen: CandidateGenerator) -> list[tuple[int, int, str, str, int]]:
    """Tortured-phrase hits as word ranges (``tokens`` of ``text``; ``norms``: their
    normalised forms, ``tok_to_word``: token index -> word index), run on where the
    screener's phrase stops short (:func:`_runs_on`, candidates from ``gen``); those
    :func:`mentioned` go to ``mentions``."""
    out = []
    for m in fingerprints.find(norms):
        if _crosses_block(text, tokens, m.start_index, m.end_index):
            continue
        idx = [tok_to_word[k] for k in range(m.start_index, m.end_index) if k in tok_to_word]
        if idx and _after_hyphen(text, tokens[m.start_index].start):
            # "Self-Directed Learning" holds no "directed learning": a phrase that begins
            # inside a hyphenated compound is none (a nursing paper, model card item 129).
            continue
        if mentioned(text, tokens, norms, m.start_index, m.end_index, m.expected):
            if idx:
                mentions.append((idx[0], idx[-1] + 1))
            continue
        # A suggestion is one wording, not the screener's note (fingerprints.wording_of).
        expected = fingerprints.wording_of(m.expected, m.phrase)
        if split := acronyms.split_trailing(m.phrase):
            # "remote sensor systems (WSNs)": the bracket confirms the hit but is kept by
            # spinners, so the finding (and its restoration) ends before it.
            idx = idx[: -len(fingerprints.phrase_words(split[1]))]
            expected = (acronyms.split_trailing(expected) or (expected,))[0]
        elif _runs_on(text, tokens, norms, m.end_index, expected, gen):
            idx.append(tok_to_word[m.end_index])
        if idx:
            out.append((idx[0], idx[-1] + 1, m.phrase, expected, m.papers))
    return out


def _spun_names(text: str, tokens: list[Token], norms: list[str], tok_to_word: dict[int, int],
                mentions: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Spun names (:mod:`detector.names`) as word ranges; those :func:`mentioned` (an article
    on spinners quoting "the Well being Ministry") go to ``mentions``."""
    out = []
    for h in names.find(tokens, norms):
        idx = [tok_to_word[k] for k in range(h.start, h.end) if k in tok_to_word]
        if not idx or _crosses_block(text, tokens, h.start, h.end):
            continue
        if mentioned(text, tokens, norms, h.start, h.end, h.original):
            mentions.append((idx[0], idx[-1] + 1))
        else:
            out.append((idx[0], idx[-1] + 1, h.spun, h.original))
    return out


def _crosses_block(text: str, tokens: Sequence[Token], first: int, end: int) -> bool:
    """Whether ``tokens[first:end]`` run across a block boundary that prose extraction
    marked (:data:`~detector.tokens.BLOCK`: a table cell, list item or heading ends there):
    a wording is written within one block ("a whole bunch of" and "hundreds of" in two cells
    of a plain-English table are no "a whole bunch of hundreds")."""
    return BLOCK in text[tokens[first].end : tokens[end - 1].start]


def _after_hyphen(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the second part of a hyphenated compound."""
    return start > 1 and text[start - 1] in "-‐‑" and text[start - 2].isalnum()


def _runs_on(text: str, tokens: Sequence[Token], norms: Sequence[str], end: int,
             expected: str, gen: CandidateGenerator) -> bool:
    """Whether a tortured phrase ending before token ``end`` runs on into that word. The
    screener lists a phrase by the words that find it, and some stop short: "bosom
    malignant" (breast cancer) is written "bosom malignant growth", "malignant growth" being
    a thesaurus's wording for "cancer". The phrase runs on when its last word and the next
    are a thesaurus phrase for the last word of ``expected``, so that the finding, and its
    restoration, take the whole wording ("breast cancer", not "breast cancer growth")."""
    if not 0 < end < len(tokens) or tokens[end].kind == "punct":
        return False
    gap = text[tokens[end - 1].end : tokens[end].start]
    if gap.count("\n") > 1 or BLOCK in gap:
        return False
    words = expected.lower().split()
    if not words:  # a listed phrase whose expected wording the screener does not give
        return False
    return any(o.text == words[-1] for o in gen.options(f"{norms[end - 1]} {norms[end]}"))


# A tortured phrase written as a mention, not used: a research-integrity report quotes it
# ('wrote "counterfeit consciousness" where ...') or names its original beside it
# ("irregular woodland for random forest"). A spinner neither quotes the phrase it wrote
# nor leaves the wording it replaced a few words away.
_OPENING = frozenset('"“‘«\'`')
_CLOSING = frozenset('"”’»\'`')
# Italics set a word off as quotes do; bold does not: content writers bold their keywords,
# and a spun page keeps the bold on the spun wording ("**counterfeit consciousness**").
_QUOTES = _OPENING | _CLOSING | frozenset(EMPHASIS)
MENTION_WINDOW = 6  # tokens between a tortured phrase and its original named beside it
_ENDS_SENTENCE = re.compile(r"[.!?]+$")


def mentioned(text: str, tokens: Sequence[Token], norms: Sequence[str], start: int, end: int,
              expected: str) -> bool:
    """Whether the tortured phrase of ``tokens[start:end]`` (tokens of ``text``) is mentioned
    rather than used: quoted or in italics on its own (its closing quote may follow a comma
    or full stop), or with its ``expected`` wording within :data:`MENTION_WINDOW` tokens
    before or after it, in the same sentence."""
    before = tokens[start - 1].text if start else ""
    after = [t.text for t in tokens[end : end + 2]]
    if before in _OPENING and after and (
            after[0] in _CLOSING or (after[0] in ",.;:!?" and after[1:] and after[1] in _CLOSING)):
        return True
    if set_off(text, tokens[start].start, tokens[end - 1].end):
        return True
    want = fingerprints.phrase_words(expected.lower())
    if not want:
        return False
    n = len(want)
    lo, hi = max(0, start - MENTION_WINDOW - 2 * n), min(len(norms), end + MENTION_WINDOW + 2 * n)
    # The original may be hyphenated ("flag to commotion proportion" for "signal-to-noise
    # ratio"): its words are the same, the hyphens tokens of their own.
    at = [k for k in range(lo, hi) if not (tokens[k].kind == "punct" and tokens[k].text in HYPHENS)]
    for m in range(len(at) - n + 1):
        a, last = at[m], at[m + n - 1]
        if a < end and last >= start:
            continue  # overlapping the phrase itself
        if tuple(norms[k] for k in at[m : m + n]) == want and not any(
                _ENDS_SENTENCE.match(tokens[k].text)
                for k in range(min(last + 1, end), max(a, start))):
            return True
    return False


# Words by which a text names spinning: it is about spinners, not spun by one. The first
# name the practice outright; the second its tools, which are also subjects of study (a
# paper-mill paper on paraphrase generation lists its tortured terms after a colon, and
# those lists stay read); the last also have everyday senses ("spun off its unit",
# "rewrote the bill"), so a text that names it only so shows its short quotations alone.
_NAMES_SPINNING = re.compile(
    r"\b(?:spinners?|tortured[- ]phrases?|paper[- ]mills?|humani[sz]ers?|article generators?"
    r"|word[- ]?swap\w*|spun (?:text|content|copy|articles?|versions?|wordings?|phrases?))\b",
    re.IGNORECASE)
_NAMES_ITS_TOOLS = re.compile(r"\b(?:thesaur(?:us|i)|synonyms?|paraphras\w*)\b", re.IGNORECASE)
_MAY_NAME_SPINNING = re.compile(r"\b(?:spun|spinning|reword\w*|rewrit\w*)\b", re.IGNORECASE)
SHORT_QUOTATION_WORDS = 6
QUOTATION_WORDS = 80
# Quotations, each opening mark with its own closing one: straight and curly double quotes,
# guillemets, German low-high quotes, and single quotes (British writers quote with them)
# that open after no letter and close before none: an apostrophe inside a word ("yr's",
# "yr’s") closes nothing. Within a paragraph: wrapped source lines break quotations too.
_QUOTATIONS = tuple(re.compile(p) for p in (
    r'"([^"]{1,600}?)"',
    r"“([^“”]{1,600}?)”",
    r"«([^«»]{1,600}?)»",
    r"„([^„“”]{1,600}?)[“”]",
    r"(?<!\w)‘((?:[^‘’]|’(?=\w)){1,600}?)’(?!\w)",
    r"(?<!\w)'((?:[^'‘’]|'(?=\w)){1,600}?)'(?!\w)",
))


def _shown_examples(text: str) -> list[tuple[int, int]]:
    """Character ranges of the examples a text about spinning shows: what its quotations
    hold, of at most :data:`QUOTATION_WORDS` words where the text names spinning outright
    (and its bare lists of wordings, :func:`_listed_wordings`) or its tools, of at most
    :data:`SHORT_QUOTATION_WORDS` where it names it only in words of everyday senses too;
    elsewhere the drafts a style guide labels (:func:`_labelled_drafts`)."""
    lists = bool(_NAMES_SPINNING.search(text))
    if lists or _NAMES_ITS_TOOLS.search(text):
        most = QUOTATION_WORDS
    elif _MAY_NAME_SPINNING.search(text):
        most = SHORT_QUOTATION_WORDS
    else:
        return _labelled_drafts(text)
    shown = [m.span(1) for m in _quotations(text, most)]
    if most == QUOTATION_WORDS:
        # A text naming only the tools lists examples where it says so ("for example final
        # yr, tens of hundreds"): its other lists may be a paper's own terms, tortured or not.
        shown += _listed_wordings(text, introduced_only=not lists)
    return shown


def _quotations(text: str, most: int) -> Iterator[re.Match[str]]:
    """The quotations of :data:`_QUOTATIONS` in ``text`` holding at most ``most`` words
    within one paragraph (group 1: what they hold)."""
    for pattern in _QUOTATIONS:
        for m in pattern.finditer(text):
            if len(m.group(1).split()) <= most and "\n\n" not in m.group(1):
                yield m


# A style guide labels the draft it rewrites ('**Before:** "Kindly make an attempt to
# restart the application subsequent to the update"', 'Instead of: "at this point in
# time"'): the quotation after such a label is an example in any text (a probe of software
# teams' Markdown, model card item 192).
_DRAFT_LABELS = (r"\b(?:before|instead of|don't write|do not write|avoid|wrong|bad|weak|draft"
                 r"|original)[ \t*_]*:")
_ANY_DRAFT_LABEL = re.compile(_DRAFT_LABELS, re.IGNORECASE)
_DRAFT_LABEL = re.compile(_DRAFT_LABELS + r"[ \t*_]*$", re.IGNORECASE)


def _labelled_drafts(text: str) -> list[tuple[int, int]]:
    """Character ranges of the quotations, of at most :data:`QUOTATION_WORDS` words, that
    a label of :data:`_DRAFT_LABEL` introduces on the same line."""
    if not _ANY_DRAFT_LABEL.search(text):
        return []
    return [m.span(1) for m in _quotations(text, QUOTATION_WORDS)
            if _DRAFT_LABEL.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())]


# Where a text about spinning lists its examples bare: after a colon to the end of the
# sentence ("Wordings found: final yr; a whole bunch of; making an attempt to."), in
# brackets ("(for example final yr, tens of hundreds)"), or one list item of its own
# ("- final yr, subsequent week"; a Markdown item, cell or heading starts a block).
_LIST_REGIONS = re.compile(
    r":[ \t]+([^.!?\n\u2029]+)"
    r"|\(((?:e\.g\.,?|for example|for instance|such as|like)?[^()\n]+)\)"
    r"|^[ \t]*(?:\u2029[ \t\u2029]*|(?:[-*•+]|\d{1,2}[.)])[ \t]+)([^\n\u2029]+)", re.MULTILINE)
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")
_LIST_INTRODUCER = re.compile(r"(?:e\.g\.,?|for example,?|for instance,?|such as|like)\s+",
                              re.IGNORECASE)
_EXAMPLES_BEFORE = re.compile(r"\b(?:examples?|e\.g\.|for instance)\s*$", re.IGNORECASE)
LISTED_WORDING_WORDS = 6


def _list_items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Character ranges of the items of ``text[a:b]`` split at :data:`_LIST_SEPARATOR`, white
    space trimmed (an empty item is an empty range)."""
    out = []
    for sep in itertools.chain(_LIST_SEPARATOR.finditer(text, a, b), (None,)):
        stop = sep.start() if sep else b
        item = text[a:stop]
        i = a + len(item) - len(item.lstrip())
        out.append((i, max(i, a + len(item.rstrip()))))
        if sep:
            a = sep.end()
    return out


def _listed_wordings(text: str, introduced_only: bool = False) -> list[tuple[int, int]]:
    """Character ranges of the items of the bare lists of :data:`_LIST_REGIONS` whose items
    are all wordings of at most :data:`LISTED_WORDING_WORDS` words: two or more after a
    colon or in brackets, any number in a list item; with ``introduced_only``, only lists
    that say they are examples ("for example", "e.g.", "such as", or "examples:")."""
    out = []
    for m in _LIST_REGIONS.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        a, b = m.span(group)
        if intro := _LIST_INTRODUCER.match(text, a, b):
            a = intro.end()
        elif introduced_only and not (group == 1 and _EXAMPLES_BEFORE.search(text, 0, m.start())):
            continue
        items = [(i, j) for i, j in _list_items(text, a, b) if j > i]
        if (len(items) >= (1 if group == 3 else 2)
                and all(len(text[i:j].split()) <= LISTED_WORDING_WORDS for i, j in items)):
            out.extend(items)
    return out


# A list of near-synonyms is a thesaurus's or a lesson's, not a spinner's ("stroll,
# saunter, amble, wander, meander", "N. haste, urgency, hurry"): a spinner swaps a word in
# a sentence and never writes three words of one meaning in a row. Such a list shows its
# words whether or not its text names the practice (a probe of writing about words: a
# thesaurus entry's sense lines were labelled spun, model card item 191).
_LIST_SEGMENT = re.compile(r"[^.!?:\n\u2029()]+")
SYNONYM_LIST_ITEMS = 3  # items in a run, each of at most SYNONYM_ITEM_WORDS words
SYNONYM_ITEM_WORDS = 3
SYNONYM_LIST_LINKS = 2  # neighbouring items the thesaurus links, at least


def _synonym_lists(text: str, related: Callable[[str, str], bool]) -> list[tuple[int, int]]:
    """Character ranges of the items of the runs of near-synonyms in ``text``: at least
    :data:`SYNONYM_LIST_ITEMS` items of a comma or semicolon list, each of at most
    :data:`SYNONYM_ITEM_WORDS` words, of which :data:`SYNONYM_LIST_LINKS` neighbouring
    pairs are ``related``."""
    out: list[tuple[int, int]] = []

    def close(run: list[tuple[int, int]]) -> None:
        if len(run) >= SYNONYM_LIST_ITEMS:
            words = [" ".join(text[a:b].lower().split()) for a, b in run]
            if sum(related(x, y) for x, y in itertools.pairwise(words)) >= SYNONYM_LIST_LINKS:
                out.extend(run)

    for seg in _LIST_SEGMENT.finditer(text):
        if "," not in seg.group() and ";" not in seg.group():
            continue
        run: list[tuple[int, int]] = []
        for i, j in _list_items(text, seg.start(), seg.end()):
            if j > i and len(text[i:j].split()) <= SYNONYM_ITEM_WORDS:
                run.append((i, j))
            else:
                close(run)
                run = []
        close(run)
    return out


def set_off(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` stands alone between quotes or italics (a comma or full stop
    inside allowed at the end): quotation marks, plain text's single asterisks or
    underscores ("*final yr*", not bold "**final yr**"), or the
    :data:`~detector.tokens.EMPHASIS` that prose extraction leaves where italics were."""
    end = b + 1 if b < len(text) and text[b] in ",.;:" else b
    return a > 0 and end < len(text) and _marks(text, a - 1, -1) and _marks(text, end, 1)


def _marks(text: str, i: int, outwards: int) -> bool:
    """Whether ``text[i]`` is a quotation mark or a mark of italics (a single asterisk or
    underscore: its neighbour ``outwards`` is not another)."""
    c = text[i]
    if c in "*_":
        j = i + outwards
        return not 0 <= j < len(text) or text[j] != c
    return c in _QUOTES


def _named_nearby(text: str, span: Span) -> bool:
    """Whether ``span``'s best candidate stands quoted or in italics on its own within
    :data:`MENTION_WINDOW` words of it, roughly (eight characters a word)."""
    # Its words as written, whatever spaces stand between them ("last\u00a0year").
    best = r"\s+".join(re.escape(w) for w in span.best_option.text.lower().split(" "))
    lo = max(0, span.start - 8 * MENTION_WINDOW)
    near = text[lo : span.end + 8 * MENTION_WINDOW].lower()
    return any(set_off(near, m.start(), m.end())
               for m in re.finditer(rf"(?<!\w){best}(?!\w)", near))


@functools.lru_cache(maxsize=4)
def _term_index(terms: frozenset[str]) -> dict[str, frozenset[tuple[str, ...]]]:
    """Terms of two words or more by their first word."""
    index: dict[str, set[tuple[str, ...]]] = {}
    for term in terms:
        words = tuple(term.split(" "))
        if len(words) > 1:
            index.setdefault(words[0], set()).add(words)
    return {w: frozenset(v) for w, v in index.items()}


def words_in_terms(ev: TextEvidence, terms: frozenset[str]) -> np.ndarray:
    """Per word of ``ev``: whether it stands in a term of ``terms`` of two words or more
    written whole, its last word also in the plural ("support vector machines")."""
    index = _term_index(terms)
    norms = [w.norm for w in ev.words]
    inside = np.zeros(len(norms), dtype=bool)
    for i, w in enumerate(norms):
        for term in index.get(w, ()):
            k = len(term)
            if (i + k > len(norms) or tuple(norms[i : i + k - 1]) != term[:-1]
                    or ev.word_sentence[i] != ev.word_sentence[i + k - 1]):
                continue
            if (norms[i + k - 1] == term[-1]
                    or term[-1] in fingerprints.singulars(norms[i + k - 1])):
                inside[i : i + k] = True
    return inside


def words_mentioned(ev: TextEvidence, first: int, last: int, expected: str) -> bool:
    """:func:`mentioned` for the words ``first:last`` of ``ev`` (a wording no list holds,
    rebuilt as the known term ``expected``)."""
    starts = [t.start for t in ev.tokens]
    a = bisect.bisect_left(starts, ev.words[first].start)
    b = bisect.bisect_left(starts, ev.words[last - 1].start) + 1
    return mentioned(ev.text, ev.tokens, [t.norm for t in ev.tokens], a, b, expected)


def _number_hits(
    text: str, tokens: list[Token], norms: list[str], tok_to_word: dict[int, int],
    mentions: list[tuple[int, int]],
) -> list[tuple[int, int, str, str, float]]:
    """Number-form anomalies as word ranges (arguments as for :func:`_fingerprints`); those
    :func:`mentioned` ("last year becomes final yr": a text about spinning) go to
    ``mentions``."""
    out = []
    for a in numbers.find_anomalies(tokens, text):
        if _crosses_block(text, tokens, a.first_token, a.last_token + 1):
            continue
        idx = [tok_to_word[k] for k in range(a.first_token, a.last_token + 1) if k in tok_to_word]
        if mentioned(text, tokens, norms, a.first_token, a.last_token + 1, a.canonical):
            if idx:
                mentions.append((idx[0], idx[-1] + 1))
            continue
        if idx:
            out.append((idx[0], idx[-1] + 1, a.canonical, a.kind, float(a.strength)))
    return out


# A substitution claim says that some wording the spinner could have replaced reads far
# more naturally in the same place. Below this LM gain (log10; 1.0 = ten times more
# probable) the claim is not made, whatever the span model learned from other cues.
MIN_FINDING_GAIN = 1.0
# Phrasal verbs and adverb + particle pairs ("sort out", "staying on", "later on", "turning
# up") are everyday English that thesauri list as synonyms of one-word verbs; the language
# model prefers the shorter word, so they look like substitutions. Spinners rarely produce
# them, natural writers constantly: they never count as substitutions on their own. The
# phrasebook's wordings that end in one are a spinner's, not phrasal verbs: "with out" (for
# "without"), "discover out" (for "find out"), "decide up" (for "pick up"); they count
# (:func:`_listed_with_particle`; model card item 150) unless the particle goes on into a
# phrase of its own (:data:`_PARTICLE_GOES_ON`).
PARTICLES = frozenset("on up out off down over away back in around about along".split())
# Where the particle begins a phrase of its own, the wording is ordinary English: "decide up
# front", "decide up to what point", "discover out there", "with out of town guests".
_PARTICLE_GOES_ON = frozenset("front to there here of loud".split())


def claimable(span: Span) -> bool:
    """Whether a span may count as a substitution: reported as a finding, or counted in
    passage evidence."""
    return _claimable(span.values[_GAIN], span.observed, span.composed)


def _claimable(gain: float, observed: str, composed: bool) -> bool:
    return gain >= MIN_FINDING_GAIN and (observed.rsplit(" ", 1)[-1] not in PARTICLES or (
        not composed and _listed_with_particle(observed)))


@functools.lru_cache(maxsize=64)
def _listed_with_particle(observed: str) -> bool:
    """Whether ``observed``, ending in a particle, is a spun wording of the phrasebook."""
    return " " in observed and observed in fingerprints.default_phrasebook()


def word_probabilities(ev: TextEvidence) -> np.ndarray:
    """Per word: the highest probability of a :func:`claimable` span covering it (0 where
    none, in a tortured phrase or number form mentioned rather than used, and on the text's
    own terms, :attr:`TextEvidence.own_terms`)."""
    p = np.zeros(len(ev.words))
    for s, sp in zip(ev.spans, ev.span_p):
        if not claimable(s):
            continue
        seg = p[s.first : s.last]
        np.maximum(seg, sp, out=seg)
    for first, last in ev.mentions:
        p[first:last] = 0.0
    p[ev.own_terms] = 0.0
    return p


class PassageEvidence:
    """Per-word arrays from which :data:`PASSAGE_FEATURES` of any window are sliced.

    Built once per text, so that scoring every sentence, passage and the whole text costs
    time proportional to the windows' total length, not windows x spans.
    """

    def __init__(self, ev: TextEvidence, word_p: np.ndarray) -> None:
        n = len(ev.words)
        self.word_p = word_p
        self.content = np.asarray(
            [w.kind == "word" and w.norm not in STOPWORDS for w in ev.words], dtype=bool
        ).reshape(n)
        # Raw language-model evidence per content word (single-word spans), independent of
        # the span model: how much a candidate gains, and whether the word collocates with
        # neither neighbour.
        self.has_span = ev.word_has_span
        self.gain = ev.word_gain
        self.pmi = ev.word_pmi
        # Spun names count as listed phrases do: a list's evidence, not the models'.
        self.fp_first = sorted([h[0] for h in ev.fingerprint_hits]
                               + [h[0] for h in ev.name_hits])
        self.name_first = sorted(h[0] for h in ev.name_hits)
        # Number forms that are findings only in spun company (numbers.COMPANY_ONLY_KINDS)
        # do not make that company either: a school report on "loads of of" ('"could of",
        # "should of"') reached the passage threshold on its number-form count and had eight
        # ordinary words reported (adversarial probe, model card item 164). The passage model
        # was trained before these kinds existed.
        nums = sorted((h[0], h[4]) for h in ev.number_hits
                      if h[3] not in numbers.COMPANY_ONLY_KINDS)
        self.num_first = [a for a, _ in nums]
        self.num_strength = np.asarray([b for _, b in nums], dtype=np.float64)
        self.word_lp = np.asarray(ev.word_lp, dtype=np.float64)
        # Phrasebook rewrites ("within the", "as a result of", "for the reason that") are mostly
        # function words, which the content-word densities above never see; yet a news
        # spinner leaves them in every sentence. Per first word: the highest span score of a
        # claimable span whose best candidate is a phrasebook wording.
        book = np.zeros(n)
        for s, sp in zip(ev.spans, ev.span_p):
            if s.best_option.flags & PHRASEBOOK and claimable(s):
                book[s.first] = max(book[s.first], float(sp))
        self.book_p = book
        # Per word, an id of its wording (plurals folded), for WORDING_REPEATS and the count
        # of distinct claimed wordings.
        ids: dict[str, int] = {}
        self.wording = np.asarray(
            [ids.setdefault(fold_plural(w.norm), len(ids)) for w in ev.words], dtype=np.int64
        ).reshape(n)

    def vector(self, first: int, last: int) -> list[float]:
        """:data:`PASSAGE_FEATURES` for words ``[first, last)``."""
        f0, f1 = (bisect.bisect_left(self.fp_first, x) for x in (first, last))
        n0, n1 = (bisect.bisect_left(self.num_first, x) for x in (first, last))
        return self._vector(slice(first, last), max(last - first, 0), int(f1 - f0),
                            self.num_strength[n0:n1])

    def names_in(self, first: int, last: int) -> int:
        """How many of the listed hits in words ``[first, last)`` are spun names."""
        return bisect.bisect_left(self.name_first, last) - bisect.bisect_left(
            self.name_first, first)

    def vector_of(self, keep: np.ndarray) -> list[float]:
        """:data:`PASSAGE_FEATURES` for the words where the boolean mask ``keep`` is true, as
        if they were one window (a text without some of its passages)."""
        at = np.flatnonzero(keep)
        n_fp = sum(1 for w in self.fp_first if keep[w])
        strengths = self.num_strength[np.asarray([keep[w] for w in self.num_first], dtype=bool)]
        return self._vector(at, len(at), n_fp, strengths)

    def _vector(self, sel: slice | np.ndarray, n: int, n_fp: int,
                strengths: np.ndarray) -> list[float]:
        """The features of the words ``sel`` (a slice or word indices, in order), which hold
        ``n_fp`` fingerprint hits and number anomalies of ``strengths``."""
        content = self.content[sel]
        n_content = int(content.sum())
        nc = max(n_content, 1)
        word_p = self.word_p[sel]
        wording = self.wording[sel]
        # Each wording's evidence counts at its WORDING_REPEATS strongest uses only.
        counted = content & strongest_uses(wording, word_p, WORDING_REPEATS)
        ps = np.sort(word_p[counted])[::-1] if counted.any() else np.zeros(1)
        has = self.has_span[sel] & counted
        g_all = self.gain[sel][has]
        pm = self.pmi[sel][has]
        lp = self.word_lp[sel]
        book = self.book_p[sel]
        claimed = wording[content & (word_p > 0.5)]
        # (a set, not np.unique: numpy's first unique() imports numpy.ma, 0.07 s of start-up)
        n_distinct = len(set(claimed.tolist()))
        return [
            math.log1p(n),
            float(ps.sum() / nc),
            float((ps > 0.5).sum() / nc),
            float((ps > 0.8).sum() / nc),
            float((ps > 0.95).sum() / nc),
            float(ps[:3].sum() / min(len(ps), 3)),
            math.log1p(float((ps > 0.8).sum())),
            n_fp / nc,
            math.log1p(n_fp),
            float(strengths.sum()) / nc,
            float(strengths.max()) if len(strengths) else 0.0,
            float(g_all.sum()) / nc,
            float((g_all > 1).sum()) / nc,
            float((g_all > 2).sum()) / nc,
            float((g_all > 3).sum()) / nc,
            float(((pm[:, 0] < 0) & (pm[:, 1] < 0)).sum()) / nc,
            float(pm.sum() / pm.size) if len(pm) else 0.0,
            float(lp.sum() / len(lp)) if len(lp) else 0.0,
            float(book.sum()) / nc,
            math.log1p(float((book > 0.5).sum())),
            math.log1p(n_distinct),
            n_distinct / len(claimed) if len(claimed) else 1.0,
        ]

    def matrix(self, windows: Sequence[tuple[int, int]]) -> np.ndarray:
        """One :data:`PASSAGE_FEATURES` row per ``(first, last)`` word window."""
        rows = [self.vector(a, b) for a, b in windows]
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(PASSAGE_FEATURES))


def strongest_uses(wording: np.ndarray, p: np.ndarray, k: int) -> np.ndarray:
    """Mask of the positions that are among the ``k`` highest-``p`` uses of their wording
    (ties: the earlier use)."""
    order = np.lexsort((-p, wording))
    ranked = wording[order]
    # (np.concatenate, not np.r_: the index trick costs ~40 us a call, once per window)
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(ranked)])))
    rank = np.arange(len(ranked)) - np.repeat(starts, sizes)
    keep = np.empty(len(p), dtype=bool)
    keep[order] = rank < k
    return keep


def fold_plural(word: str) -> str:
    """``word`` without a plural -s, crudely: only to tell repeated wordings apart (and the
    restorer's spin-table look-ups)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def context_matrix(
    ev: TextEvidence,
    windows: PassageEvidence,
    support: np.ndarray,
    passage_p: np.ndarray,
    text_p: float,
    indices: Sequence[int],
) -> np.ndarray:
    """:data:`CONTEXT_FEATURES` of the spans ``ev.spans[k]`` for ``k`` in ``indices``.

    ``support`` and ``passage_p`` are per word: the higher of its passage's and the text's
    spun probability, and its passage's alone; ``text_p`` is the whole text's. The
    neighbourhood is the content words within :data:`NEAR_WORDS` of the span, the span's own
    words left out, so a span is not its own company.
    """
    n = len(ev.words)
    types = _TypeStats(ev)
    rows = []
    for k in indices:
        s = ev.spans[k]
        lo, hi = max(0, s.first - NEAR_WORDS), min(n, s.last + NEAR_WORDS)
        near = np.concatenate([windows.word_p[lo : s.first], windows.word_p[s.last : hi]])
        content = np.concatenate([windows.content[lo : s.first], windows.content[s.last : hi]])
        near = near[content]
        rows.append([
            *s.values,
            float(support[s.first]),
            float(passage_p[s.first]),
            text_p,
            float(near.mean()) if len(near) else 0.0,
            float((near > 0.5).mean()) if len(near) else 0.0,
            float(np.sort(near)[-3:].mean()) if len(near) else 0.0,
            float(ev.span_p[k]),
            *types.row(k),
        ])
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(CONTEXT_FEATURES))


class _TypeStats:
    """How a span's wording fares wherever the text uses it: the dictionary evidence.

    A spinner is a dictionary: it replaces a word everywhere, with the same synonym ("said"
    became "stated" fourteen times in the spun seed, never "said"), so every occurrence of
    its output reads a little worse than the word it replaced, and that word is missing from
    the text. A writer's own repeated word (a topic word, a term) fits some of its contexts
    and not others. Counted over :func:`claimable` spans only, as the analyser keeps them
    (training keeps every span, and must see the same numbers).
    """

    def __init__(self, ev: TextEvidence) -> None:
        self.occurrences = ev.occurrences
        self.n_words = len(ev.words)
        self.ev = ev
        self.by_type: dict[str, list[int]] = {}
        for k, s in enumerate(ev.spans):
            if claimable(s):
                self.by_type.setdefault(s.observed, []).append(k)
        # Each wording's figures are worked out once, not once per span: a text that repeats
        # a spun wording a thousand times (a pasted paragraph) made every span of it go over
        # all the others, and its restore took time growing with the square of its length.
        self._wording: dict[str, tuple[int, float, list[tuple[float, int]]]] = {}
        self._written: dict[str, bool] = {}

    def _figures(self, k: int) -> tuple[int, float, list[tuple[float, int]]]:
        """For span ``k``'s wording: how often it is written, its spans' mean gain, and its
        two most probable spans as ``(probability, span)``."""
        s = self.ev.spans[k]
        same = self.by_type.get(s.observed)
        if same is None:  # not claimable: a type of its own
            return self._compute([k], s.observed)
        if s.observed not in self._wording:
            self._wording[s.observed] = self._compute(same, s.observed)
        return self._wording[s.observed]

    def _compute(self, same: list[int], observed: str
                 ) -> tuple[int, float, list[tuple[float, int]]]:
        ev = self.ev
        written = max(len(same), self.occurrences.count(observed.split(" "), 0, self.n_words))
        gains = [ev.spans[j].values[_GAIN] for j in same]
        top = heapq.nlargest(2, ((float(ev.span_p[j]), -j) for j in same))
        return written, sum(gains) / len(gains), [(p, -j) for p, j in top]

    def row(self, k: int) -> tuple[float, float, float, float, float]:
        s = self.ev.spans[k]
        same = len(self.by_type.get(s.observed, [k]))
        written, mean_gain, top = self._figures(k)
        others = [p for p, j in top if j != k][:1]
        best = s.best_option.text
        if best not in self._written:
            self._written[best] = self.occurrences.count(best.split(" "), 0, self.n_words) > 0
        return (
            math.log2(1 + same),
            same / written,
            mean_gain,
            others[0] if others else 0.0,
            float(self._written[best]),
        )
