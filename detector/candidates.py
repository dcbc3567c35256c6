"""Candidate originals for an observed word or phrase: one mechanism for the detector and the
restorer.

A spinner replaces a common word or phrase with a thesaurus neighbour. To judge an observed
span (and to undo it) we ask which wordings it could have replaced: the inverse view of the
synonym graph (WordNet + Moby, surface forms, ``detector.thesaurus``) merged with the
replacements learned from tortured-phrase fingerprints (``detector.fingerprints.SpinTable``)
and the phrasebook of spinners' word <-> phrase rewrites that no thesaurus holds ("for the
reason that" -> "since"; ``detector.fingerprints.default_phrasebook``).
For a two-word span the product of the words' candidates is also offered ("huge
information" -> "big data"), because spinners substitute word by word and a fixed phrase
only reads right again when both words are restored. An isolated phrase (the restorer's
``suggest``) also gets the products the bigram model reads best, searched over deeper
candidate lists (:meth:`CandidateGenerator.compose_fluent`).

Members of one closed set (units of time, directions, relatives, colours: "months" and
"years") are never each other's candidates, whatever a thesaurus lists (:func:`contrasting`).

The detector and the restorer both call :class:`CandidateGenerator`; the restorer can inject
a spin table trained on other data (cross-validation) without touching the detector.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple

from . import baselines, fingerprints, numbers, terminology, thesaurus
from .memo import Memo
from .spelling import same_but_spelling

__all__ = [
    "STOPWORDS", "CandidateGenerator", "Option", "adjectives_of", "adverb_of", "default",
    "for_phrases", "from_spin_table_alone", "is_shorter_inside", "possessive_stem",
]

# Function words: a spinner rarely replaces one on its own, so single-word candidates are not
# generated for them (phrases that contain them, such as "for the reason that", still are).
STOPWORDS = frozenset(
    """a an the and or but nor so yet for of in on at to from by with as into onto upon about
    above below over under between among through during before after since until while than
    then that this these those there here it its it's he him his she her hers they them
    their theirs we us our ours you your yours i me my mine who whom whose which what when
    where why how is am are was were be been being have has had having do does did doing
    will would shall should can could may might must not no yes all any each every both
    either neither some such own same other another more most very too also just only even
    if because though although whether s t don't can't won't isn't aren't wasn't weren't
    doesn't didn't hasn't haven't hadn't i'm you're we're they're he's she's that's there's
    let's""".split()
)

CACHE_SIZE = 30_000
# The log-probability a field's term pair (:mod:`detector.terminology`) is given at least in
# :meth:`CandidateGenerator.compose_fluent`; None: general bigrams alone.
TERM_PAIR_LOGPROB: float | None = -2.0
# An option's flag (beside the thesaurus's source bits) for a wording inside the observed
# one ("value" in "economic value"): :meth:`CandidateGenerator.nested_options`.
NESTED = 64
# How many such wordings the detector scores per observed phrase.
NESTED_PER_SPAN = 3
COMPOSE_CACHE_SIZE = 1_000  # entries hold up to ~20 products each: memory before hits
# What the feature extractor keeps per wording (features._option_codes).
SCORING_CACHE_SIZE = 20_000
# Letters two words must share from their start to count as one word's forms for
# :meth:`CandidateGenerator.term_completions` ("recurring" and "recurrent").
TERM_STEM_LETTERS = 5
# The prior of a term completion whose changed word no thesaurus entry links to the observed
# one (only the other way round, or by its stem): as low as a thesaurus's last candidates.
TERM_COMPLETION_PRIOR = 0.01

FLAG_NAMES = ("wordnet", "moby", "mythes", "abbrev", "pps", "phrasebook")
FLAG_BITS = (thesaurus.WORDNET, thesaurus.MOBY, thesaurus.MYTHES, thesaurus.ABBREV, thesaurus.PPS,
             thesaurus.PHRASEBOOK)


class Option(NamedTuple):
    """A candidate original: lower-case ``text``, ``prior`` in [0, 1] (the mapping's weight
    among the observed span's candidates) and ``flags`` (bit set of supporting sources)."""

    text: str
    prior: float
    flags: int


# Words of one closed set that name different things: a unit of time is not another, a
# direction, a season, a relative, a colour or an ordinal neither. Thesauri list them side by
# side (Moby gives "years" for "months", "south" for "north", "brother" for "sister"), but a
# spinner's dictionary swaps synonyms, and "in recent months" read as a spun "in recent years"
# is an accusation of natural writing. Forms of one member ("north", "northern") stay
# candidates of each other: a word maps to its set and its member.
_CONTRAST_SETS = (
    "second seconds|minute minutes|hour hours|day days|week weeks|fortnight fortnights|month "
    "months|year years|decade decades|century centuries|millennium millennia millenniums",
    # (An evening is a night in a spinner's dictionary, and in a hand spinner's of item 96.)
    "morning mornings|afternoon afternoons|evening evenings night nights|noon|midnight",
    "spring springs|summer summers|autumn autumns|winter winters",
    "monday mondays|tuesday tuesdays|wednesday wednesdays|thursday thursdays|friday fridays|"
    "saturday saturdays|sunday sundays",
    "january|february|march|april|june|july|august|september|october|november|december",
    "north northern northward northwards northerly|south southern southward southwards "
    "southerly|east eastern eastward eastwards easterly|west western westward westwards "
    "westerly|northeast northeastern|northwest northwestern|southeast southeastern|southwest "
    "southwestern",
    "mother mothers|father fathers|son sons|daughter daughters|brother brothers|sister "
    "sisters|uncle uncles|aunt aunts|cousin cousins|nephew nephews|niece nieces|grandfather "
    "grandfathers|grandmother grandmothers|grandson grandsons|granddaughter granddaughters|"
    "husband husbands|wife wives",
    "man men|woman women", "boy boys|girl girls", "male males|female females",
    "king kings|queen queens", "prince princes|princess princesses",
    "red reds|blue blues|green greens|yellow yellows|black blacks|white whites|orange|purple|"
    "brown|pink|grey gray",
    "first|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth",
)


def _contrast_members() -> dict[str, tuple[int, str]]:
    """Each word of :data:`_CONTRAST_SETS`: its set's index and its member (the forms of one
    member, space-separated)."""
    return {word: (k, member)
            for k, group in enumerate(_CONTRAST_SETS)
            for member in group.split("|")
            for word in member.split()}


_CONTRASTS = _contrast_members()


def contrasting(a: str, b: str) -> bool:
    """Whether wordings ``a`` and ``b`` differ, word for word, in members of one closed set
    ("recent months" / "recent years", "north" / "south")."""
    wa, wb = a.split(" "), b.split(" ")
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb, strict=True):
        cx, cy = _CONTRASTS.get(x), _CONTRASTS.get(y)
        if cx and cy and cx[0] == cy[0] and cx[1] != cy[1]:
            return True
    return False


def _nested(a: str, b: str) -> bool:
    """Whether one wording is the other with words added around it ("early" / "early on",
    "later" / "later on"): thesauri list such pairs, but undoing one restores nothing and the
    language model's preference for fewer words would make every "early on" look spun. The
    ones that add meaning ("economic value" for "value") come back, flagged, through
    :meth:`CandidateGenerator.nested_options`."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return f" {short} " in f" {long_} "


def _options(items: Iterable[tuple[float, str, int]]) -> list[Option]:
    """Options from ``(-prior, text, flags)`` tuples, best prior first (ties by text).

    Every word of a long run that is new to the candidate cache builds ~40 options: plain
    tuples sort without a key function, and ``tuple.__new__`` skips the named tuple's
    keyword handling (each several times faster; same values, same order, since a wording
    occurs once among a span's candidates)."""
    return [_make_option(Option, (t, -p, f)) for p, t, f in sorted(items)]


_make_option = tuple.__new__


def _merged(sources: Iterable[tuple[str, float, int]], total: float = 0.0) -> list[Option]:
    """One :class:`Option` per wording of ``sources``: weights summed into a prior (a share of
    ``total``, or of the sources' own sum), flags combined; best prior first."""
    merged: dict[str, list[float]] = {}
    for text, weight, flags in sources:
        entry = merged.setdefault(text, [0.0, 0])
        entry[0] += weight
        entry[1] = int(entry[1]) | flags
    total = total or sum(v[0] for v in merged.values()) or 1.0
    return _options((-(v[0] / total), t, int(v[1])) for t, v in merged.items())


def _from_thesaurus(rows: list[tuple[str, float, int]], observed: str) -> list[Option]:
    """:func:`_merged` of the thesaurus's rows alone (most words: the spin table and the
    phrasebook know few), without the merge: a row lists each wording once. The same
    arithmetic in the same order, so the priors are the same floats."""
    # Two spellings of one wording start with the same letter: only those rows are asked
    # (same_but_spelling, identical wordings included), inline since every row is seen.
    first = observed[:1]
    if " " in observed:
        kept = [r for r in rows
                if not (r[0][:1] == first and same_but_spelling(r[0], observed))
                and not _nested(r[0], observed)]
    else:
        # A single word nests only in a phrase (or is the word itself).
        kept = [r for r in rows
                if not (r[0][:1] == first and same_but_spelling(r[0], observed))
                and not (" " in r[0] and _nested(r[0], observed))]
    total = sum(w for _, w, _ in kept) or 1.0
    return _options([(-(w / total), t, f) for t, w, f in kept])


# An adverb made from a candidate that no thesaurus lists must be this common (Zipf:
# "negatively" 3.7); the lexicon also holds coinages ("bigly" 2.4, "tilly" 2.9).
ADVERB_MIN_ZIPF = 3.0


def adjectives_of(adverb: str) -> list[str]:
    """The known adjectives ``adverb`` may be made from ("happily" -> "happy", "simply" ->
    "simple", "genetically" -> "genetic"); none for words of five letters or fewer
    ("truly", "early", "daily"), where the rules guess wrong."""
    if len(adverb) < 6 or not adverb.endswith("ly") or not adverb.isalpha():
        return []
    stem = adverb[:-2]
    bases = [stem, stem + "e", adverb[:-1] + "e"]
    if stem.endswith("i"):
        bases.append(stem[:-1] + "y")
    if adverb.endswith("ically"):
        bases.append(adverb[:-4])
    if adverb.endswith("lly"):
        bases.append(adverb[:-1])
    return [b for b in dict.fromkeys(bases) if baselines.known(b)]


def adverb_of(adjective: str) -> str | None:
    """The commonest known adverb made from a one-word ``adjective`` ("genetic" ->
    "genetically", "simple" -> "simply", "happy" -> "happily", "full" -> "fully"), or
    None."""
    if (" " in adjective or len(adjective) < 3 or not adjective.isalpha()
            or adjective.endswith("ly")):
        return None
    forms = [adjective + "ly"]
    if adjective.endswith("ic"):
        forms.append(adjective + "ally")
    if adjective.endswith("le"):
        forms.append(adjective[:-1] + "y")
    if adjective.endswith("ue"):
        forms.append(adjective[:-1] + "ly")
    if adjective.endswith("y"):
        forms.append(adjective[:-1] + "ily")
    if adjective.endswith("ll"):
        forms.append(adjective + "y")
    best = max(forms, key=baselines.zipf)
    return best if baselines.known(best) else None


# Sources that link an observed word to a candidate in general English.
_GENERAL_SOURCES = thesaurus.WORDNET | thesaurus.MOBY | thesaurus.ABBREV | thesaurus.PHRASEBOOK


def from_spin_table_alone(option: Option) -> bool:
    """Whether only the PPS spin table offers ``option`` (no thesaurus, abbreviation list or
    phrasebook links it to the observed wording)."""
    return bool(option.flags & thesaurus.PPS) and not option.flags & _GENERAL_SOURCES


# Figures alone ("2", "84", "0.5", "10,000").
_FIGURES = re.compile(r"\d[\d.,]*")
_FRACTIONS = frozenset({"half", "quarter"})


def _cut_from_a_tortured_phrase(option: Option) -> bool:
    """Whether ``option``, a candidate of figures, is only a segment the spin table cut from
    a tortured phrase: "2" -> "nitrogen" (from "N2"), "84" -> "encoding". Number words stay
    ("0.33" -> "third", "0.5" -> "half": spinners write figures for them)."""
    return (from_spin_table_alone(option) and option.text not in _FRACTIONS
            and numbers.number_value(option.text) is None)


def possessive_stem(observed: str) -> str | None:
    """``observed`` without a final possessive "'s" ("yr's" -> "yr", "final yr's" -> "final
    yr"), or None when there is none or the word before it is a function word ("it's",
    "that's", "let's" are contractions)."""
    if not observed.endswith("'s"):
        return None
    stem = observed[:-2]
    last = stem.rsplit(" ", 1)[-1]
    if len(last) < 2 or not last.isalpha() or last in STOPWORDS or last == "let":
        return None
    return stem


def _content_both_ways(inner: str, observed: str) -> bool:
    """Whether ``inner`` holds a content word and so do the words ``observed`` adds to it.
    "a few" for "few", "other than" for "than", "size of it" for "size": a spinner's
    expansion adds meaning; adding function words is how people write, and the language
    model's preference for fewer words would read every one of them as spun."""
    inner_words = inner.split()
    added = list(observed.split())
    for w in inner_words:  # the inner wording's words, once each, out of the added ones
        if w in added:
            added.remove(w)
    return (any(w not in STOPWORDS for w in inner_words)
            and any(w not in STOPWORDS for w in added))


def is_shorter_inside(candidate: str, observed: str) -> bool:
    """Whether ``candidate`` is a shorter wording inside ``observed`` ("cell" in "electric
    cell"): the pairs :meth:`CandidateGenerator.shorter_options` offers."""
    return len(candidate) < len(observed) and _nested(candidate, observed)


class CandidateGenerator:
    """Merges thesaurus, spin-table and phrasebook candidates for observed spans."""

    def __init__(
        self,
        thes: thesaurus.Thesaurus | None = None,
        spin: fingerprints.SpinTable | None = None,
        per_word: int = 8,
        book: fingerprints.SpinTable | None = None,
        adverbs: bool = False,
    ) -> None:
        self.thes = thes if thes is not None else thesaurus.default()
        self.spin = spin if spin is not None else fingerprints.default_spin_table()
        self.book = book if book is not None else fingerprints.default_phrasebook()
        self.per_word = per_word
        # Whether an adverb no source lists takes its adjective's candidates as adverbs
        # (:meth:`_adverbs_of_adjective`): for restoring isolated phrases only
        # (:func:`for_phrases`). As evidence they found 7 more of 373 hand-spun swaps but
        # added 17 findings on natural writing, on literary adverbs ("composedly",
        # "trebly") and in passages they tipped into spun company (model card item 113).
        self.adverbs = adverbs
        # Bounded (a long run meets ever more wordings), keeping what is used (detector.memo).
        self._cache: Memo[str, list[Option]] = Memo(CACHE_SIZE)
        self._compose_cache: Memo[tuple[str, str, int], list[Option]] = Memo(
            COMPOSE_CACHE_SIZE)
        self._phrases: Memo[str, tuple[int, frozenset[str]]] = Memo(CACHE_SIZE)
        #: What the feature extractor derives from a wording's candidates (their words as
        #: language-model codes), kept with the candidates it was derived from.
        self.scoring: Memo[tuple[str, bool], object] = Memo(SCORING_CACHE_SIZE)

    def max_phrase_words(self, first_word: str) -> int:
        """Longest observed phrase starting with ``first_word`` that has candidates."""
        return self.phrases_from(first_word)[0]

    def phrases_from(self, first_word: str) -> tuple[int, frozenset[str]]:
        """The longest phrase (in words) starting with ``first_word`` that could have
        candidates, and all such multiword phrases; remembered per word, since a scanner
        asks at every word of every text."""
        hit = self._phrases.get(first_word)
        if hit is None:
            found = frozenset(
                p for source in (self.thes, self.spin, self.book)
                for p in source.phrases_from(first_word)
            )
            hit = (max((p.count(" ") + 1 for p in found), default=0), found)
            self._phrases[first_word] = hit
        return hit

    def has_phrase(self, phrase: str) -> bool:
        """Whether the multiword ``phrase`` could have candidates (cheap; no look-up), also
        as the possessive of such a phrase ("final yr's") or the plural of a tortured phrase
        the spin table lists ("malignant growths", :meth:`_plural_of_listed`)."""
        known = self.phrases_from(phrase.split(" ", 1)[0])[1]
        return (phrase in known or (possessive_stem(phrase) or "") in known
                or self.listed_plural(phrase, known))

    def listed_plural(self, phrase: str, known: Collection[str]) -> bool:
        """Whether multiword ``phrase`` is the plural of a tortured phrase the spin table lists
        (``known``: the phrases starting with its first word, :meth:`phrases_from`)."""
        # Asked at every word of every text: most wordings cannot be a regular plural.
        if not phrase.endswith("s") or not known:
            return False
        singular = self.spin.listed_singular(phrase)
        return singular is not None and singular in known

    def options(self, observed: str, limit: int | None = None) -> list[Option]:
        """Candidates for ``observed`` (lower-case, space-joined), best prior first."""
        hit = self._cache.get(observed)
        if hit is None:
            if self.spin.sources_of(observed) or self.book.sources_of(observed):
                hit = _merged(s for s in self._sources(observed) if not _nested(s[0], observed))
            else:
                hit = _from_thesaurus(self.thes.source_tuples(observed), observed)
            stem = possessive_stem(observed)
            if not hit and stem:
                # Thesauri list "year", not "year's"; a spinner swaps the word and keeps the
                # clitic ("final yr's" for "last year's").
                hit = [Option(o.text + "'s", o.prior, o.flags) for o in self.options(stem)
                       if not o.text.endswith("'s")]
            if not hit and " " in observed:
                hit = self._plural_of_listed(observed)
            if not hit and self.adverbs and observed.endswith("ly"):
                hit = self._adverbs_of_adjective(observed)
            if hit and observed[:1].isdigit() and _FIGURES.fullmatch(observed):
                hit = [o for o in hit if not _cut_from_a_tortured_phrase(o)]
            if hit and any(w in _CONTRASTS for w in observed.split(" ")):
                hit = [o for o in hit if not contrasting(o.text, observed)]
            self._cache[observed] = hit
        return hit if limit is None else hit[:limit]

    def _adverbs_of_adjective(self, observed: str) -> list[Option]:
        """For an adverb no source lists, its adjective's candidates made adverbs
        ("hereditarily" <- "hereditary" <- "genetic" -> "genetically"): thesauri list few
        adverbs, and spinners swap them as freely as adjectives ("momentously" for
        "significantly")."""
        out: dict[str, Option] = {}
        for base in adjectives_of(observed):
            for o in self.options(base):
                adverb = adverb_of(o.text)
                if (adverb is not None and adverb != observed and adverb not in out
                        and self._is_adverb(adverb)):
                    out[adverb] = Option(adverb, o.prior, o.flags)
            if out:
                break
        return list(out.values())

    def _is_adverb(self, word: str) -> bool:
        """Whether a made adverb is a word: one the thesaurus lists as an adverb, or, when
        it lists it not at all, a common one ("negatively"; not "bigly", nor "goodly",
        which it lists as an adjective)."""
        pos = {c.pos for c in self.thes.sources_of(word)}
        return "r" in pos if pos else baselines.zipf(word) >= ADVERB_MIN_ZIPF

    def _plural_of_listed(self, observed: str) -> list[Option]:
        """The spin table's originals of a tortured phrase it lists in the singular, put in
        the plural, for ``observed`` in the plural ("malignant growths" -> "cancers"): the
        table learned each phrase as the screener lists it, once."""
        listed = self.spin.listed_singular(observed)
        if listed is None:
            return []
        return [Option(fingerprints.plural_of(o.text), o.prior, o.flags)
                for o in self.options(listed)]

    def shorter_options(self, observed: str) -> list[Option]:
        """Wordings inside a multiword ``observed`` that the sources list as its synonyms
        ("electric cell" <- "cell", "computer code" <- "code"), best prior first.

        :meth:`options` leaves them out: as evidence they would make every "early on" look
        spun. But spinners do expand a word into its thesaurus phrase, and then the shorter
        wording is the original: the restorer offers these for spans already found.
        """
        if " " not in observed:
            return []
        sources = list(self._sources(observed))
        # Priors are shares of all the observed wording's sources, as in options().
        total = sum(w for _, w, _ in sources)
        return _merged(
            (s for s in sources if is_shorter_inside(s[0], observed)), total
        )

    def nested_options(self, observed: str) -> list[Option]:
        """The best :data:`NESTED_PER_SPAN` of :meth:`shorter_options`, flagged
        :data:`NESTED`: the detector scores them as candidates of their own kind, so that a
        span model can tell a spinner's expansion ("the time value of" for "the value of")
        from the language model's preference for fewer words."""
        key = "\x00" + observed
        hit = self._cache.get(key)
        if hit is None:
            hit = [Option(o.text, o.prior, o.flags | NESTED)
                   for o in self.shorter_options(observed)
                   if _content_both_ways(o.text, observed)][:NESTED_PER_SPAN]
            self._cache[key] = hit
        return hit

    def _sources(self, observed: str) -> Iterator[tuple[str, float, int]]:
        """``(wording, weight, flags)`` of every source that lists ``observed`` as a
        synonym of another wording."""
        # The spin table is learned from real spinner output: it counts double.
        for weight, cands in (
            (2.0, self.spin.sources_of(observed)),
            (1.0, self.thes.sources_of(observed)),
            (1.0, self.book.sources_of(observed)),
        ):
            for c in cands:
                # A spelling of the same wording ("criticized" for "criticised") is no
                # original: detector.spelling.
                if not same_but_spelling(c.text, observed):
                    yield c.text, weight * c.weight, c.flags

    def compose(self, words: list[str], limit: int = 3) -> list[Option]:
        """Word-by-word products for a multiword span (each word kept or replaced by one of
        its top ``limit`` candidates), excluding the unchanged span."""
        if len(words) == 2:
            # Word pairs recur across a long run ("the same", "new york"): remembered.
            key = (words[0], words[1], limit)
            hit = self._compose_cache.get(key)
            if hit is None:
                hit = self._compose_cache[key] = self._compose(words, limit)
            return hit
        return self._compose(words, limit)

    def _compose(self, words: list[str], limit: int) -> list[Option]:
        if len(words) == 2:
            return self._compose_pair(words[0], words[1], limit)
        combos: list[tuple[list[str], float, int]] = [([], 1.0, 0)]
        for w in words:
            alts = [Option(w, 1.0, 0)]
            if w not in STOPWORDS:
                alts += [o for o in self.options(w, limit) if " " not in o.text]
            combos = [
                ([*ws, a.text], p * (a.prior if a.text != w else 0.5), f | a.flags)
                for ws, p, f in combos
                for a in alts
            ]
        out = [Option(" ".join(ws), p, f) for ws, p, f in combos if ws != words]
        return sorted(out, key=lambda o: -o.prior)

    def _compose_pair(self, w0: str, w1: str, limit: int) -> list[Option]:
        """:meth:`_compose` of two words (the feature extractor's every adjacent pair), with
        plain tuples: the same products, priors and order (a stable sort by prior)."""
        def alts(w: str) -> list[tuple[str, float, int]]:
            out = [(w, 0.5, 0)]
            if w not in STOPWORDS:
                out += [(o.text, o.prior if o.text != w else 0.5, o.flags)
                        for o in self.options(w, limit) if " " not in o.text]
            return out

        second = alts(w1)
        items = []
        for ta, pa, fa in alts(w0):
            for tb, pb, fb in second:
                if ta != w0 or tb != w1:
                    items.append((-(pa * pb), len(items), f"{ta} {tb}", fa | fb))
        items.sort()
        return [_make_option(Option, (t, -p, f)) for p, _, t, f in items]

    def compose_fluent(
        self,
        words: list[str],
        limit: int | None = 40,
        beam: int = 40,
        keep: int = 30,
        letters: Sequence[str | None] | None = None,
    ) -> list[Option]:
        """Word-by-word products that read best under the language model ("magnetic pasture"
        -> "magnetic field"), most probable first, excluding the unchanged span.

        :meth:`compose` multiplies only the top few candidates of each word, by prior; but a
        word's original often sits deep in its list ("pasture" has 25 candidates, "field"
        is the 9th). A beam search over up to ``limit`` candidates per word, scored by bigram
        log-probability from a sentence start, finds the wordings that form a phrase
        someone writes; ``beam`` partial products survive each word. A pair of a field's
        terms (:mod:`detector.terminology`) scores :data:`TERM_PAIR_LOGPROB` at least, as
        the general bigrams do not know "support vector" (model card item 211). With
        ``letters`` (the initial each word must have, None for any:
        :func:`detector.acronyms.letters_for`) only products that spell them are made."""
        alts = []
        for k, w in enumerate(words):
            here = [Option(w, 0.5, 0)]
            if w not in STOPWORDS:
                # Function words would win on fluency alone ("magnetic" -> "of").
                here += [o for o in self.options(w, limit)
                         if " " not in o.text and o.text not in STOPWORDS]
            if letters is not None and letters[k] is not None:
                here = [o for o in here if o.text.startswith(letters[k])]
            if not here:
                return []
            alts.append(here)
        first = baselines.bigram_matrix(["\x00"], [a.text for a in alts[0]])[0]
        # (log-probability, words, prior, flags, changed)
        Partial = tuple[float, tuple[str, ...], float, int, bool]
        cur: list[Partial] = heapq.nlargest(beam, (
            (float(lp), (a.text,), a.prior, a.flags, a.text != words[0])
            for lp, a in zip(first, alts[0], strict=True)
        ), key=lambda c: c[0])
        for i in range(1, len(words)):
            prev = sorted({c[1][-1] for c in cur})
            row_of = {p: k for k, p in enumerate(prev)}
            lps = baselines.bigram_matrix(prev, [a.text for a in alts[i]]).tolist()
            if TERM_PAIR_LOGPROB is not None:
                # A field's term pairs are phrases someone writes, though general English
                # bigrams never saw them ("support vector", "feature selection").
                for h, row in zip(prev, lps, strict=True):
                    for j, a in enumerate(alts[i]):
                        if row[j] < TERM_PAIR_LOGPROB and terminology.is_term_pair(h, a.text):
                            row[j] = TERM_PAIR_LOGPROB
            cur = heapq.nlargest(beam, (
                (lp + row[j], (*ws, a.text), p * (0.5 if a.text == words[i] else a.prior),
                 f | a.flags, changed or a.text != words[i])
                for lp, ws, p, f, changed in cur
                for row in (lps[row_of[ws[-1]]],)
                for j, a in enumerate(alts[i])
            ), key=lambda c: c[0])
        return [Option(" ".join(ws), p, f) for _, ws, p, f, changed in cur if changed][:keep]

    def term_completions(self, words: list[str]) -> list[Option]:
        """Known terms (the spin table's, :attr:`detector.fingerprints.SpinTable.terms`) that
        differ from the phrase ``words`` in one word, where the term's word is a candidate of
        the phrase's, or has it as a candidate, or shares its stem.

        A tortured phrase of a known term rewrites some of its words and keeps the others, and
        the word-by-word products miss the term when the original sits deep in the changed
        word's candidates or the thesaurus lists the pair only the other way round: "sack of
        words" ("bag of words"), "recurring neural network" ("recurrent neural network").
        A completion whose word is not a candidate has :data:`TERM_COMPLETION_PRIOR`."""
        out: list[Option] = []
        for j, term in self.spin.terms_one_word_away(words):
            observed, original = words[j], term.split(" ")[j]
            hit = next((o for o in self.options(observed) if o.text == original), None)
            if hit is not None:
                out.append(Option(term, hit.prior, hit.flags))
            elif any(o.text == observed for o in self.options(original)) or (
                    _same_stem(observed, original)):
                out.append(Option(term, TERM_COMPLETION_PRIOR, 0))
        return out

    def lone_terms(self, words: list[str]) -> list[str]:
        """Known terms that are the only one to fit the phrase ``words`` with one of its
        words left open, whatever that word is ("idle dirichlet allocation" -> "latent
        dirichlet allocation": no other known term is "* dirichlet allocation"). The spinner's
        word for the term's may be linked to it through senses no thesaurus entry shows
        ("latent" -> "dormant" -> "idle")."""
        fits: dict[int, list[str]] = {}
        for j, term in self.spin.terms_one_word_away(words):
            fits.setdefault(j, []).append(term)
        return [terms[0] for terms in fits.values() if len(terms) == 1]

    def compose_pieces(self, words: list[str], limit: int = 3, keep: int = 200) -> list[Option]:
        """Products in which at least one inner run of two or three words is replaced as a
        whole ("bosom malignant growth" -> "breast" + "cancer"), the other words kept or
        replaced one by one; the phrase-length changes that :meth:`compose` cannot make.
        At most ``keep`` partial products (best prior first) are extended at each word."""
        n = len(words)
        # partial[i]: products of words[:i] as (words, prior, flags, used a multiword piece)
        Partial = list[tuple[tuple[str, ...], float, int, bool]]
        partial: dict[int, Partial] = {0: [((), 1.0, 0, False)]}
        for i in range(n):
            here = sorted(partial.pop(i, []), key=lambda c: -c[1])[:keep]
            if not here:
                continue
            for size in (1, 2, 3):
                if i + size > n or size == n:
                    continue
                piece = " ".join(words[i : i + size])
                if size == 1:
                    alts = [Option(piece, 1.0, 0)]
                    if piece not in STOPWORDS:
                        alts += [o for o in self.options(piece, limit) if " " not in o.text]
                else:
                    alts = self.options(piece, limit)
                nxt = partial.setdefault(i + size, [])
                for ws, p, f, multi in here:
                    for a in alts:
                        same = a.text == piece
                        nxt.append(((*ws, a.text), p * (0.5 if same else a.prior), f | a.flags,
                                    multi or (size > 1 and not same)))
        done = sorted((c for c in partial.get(n, []) if c[3]), key=lambda c: -c[1])
        out: dict[str, Option] = {}
        for ws, p, f, _ in done:
            out.setdefault(" ".join(ws), Option(" ".join(ws), p, f))
        return list(out.values())


def _same_stem(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` start with the same :data:`TERM_STEM_LETTERS` letters or more
    ("convolutionary", "convolutional")."""
    return len(a) >= TERM_STEM_LETTERS and len(b) >= TERM_STEM_LETTERS and (
        a[:TERM_STEM_LETTERS] == b[:TERM_STEM_LETTERS])


_default: CandidateGenerator | None = None
_for_phrases: CandidateGenerator | None = None


def default() -> CandidateGenerator:
    global _default
    if _default is None:
        _default = CandidateGenerator()
    return _default


def for_phrases() -> CandidateGenerator:
    """The generator that restores isolated phrases (:func:`detector.suggest`): the default
    one's sources, and adverbs made from adjectives' candidates."""
    global _for_phrases
    if _for_phrases is None:
        d = default()
        _for_phrases = CandidateGenerator(d.thes, d.spin, d.per_word, d.book, adverbs=True)
    return _for_phrases
