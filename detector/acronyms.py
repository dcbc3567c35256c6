"""Bracketed acronyms as evidence of the original wording.

Technical writing defines an acronym once, right after its term: "principal component
analysis (PCA)". Spinners replace the words and keep the bracket verbatim ("partial component
analysis (PCA)", "remote sensor systems (WSNs)"), so the acronym still spells the original's
initials: a candidate restoration that makes the term spell it again is almost certainly
right, and a term that no longer spells it has lost its original words.

An acronym is read against the words before it in one of two ways: one letter per word
("quality of service" -> QOS), or one letter per content word ("analysis of variance" ->
AV; function words between them free). A trailing lower-case "s" is a plural ("WSNs").
Acronyms with digits ("5G") are not read; letters taken from the parts of a compound ("NL"
for newline, "SECC" for Southeastern Ceremonial Complex) count as spelled, and so does a term
standing earlier in a longer phrase before the bracket ("the minimum covariance determinant
estimator of location and scatter (MCD)"); in running text only brackets with at least two
capitals count ("(see)" is no acronym).

A well-known acronym has a known term: ``models/acronyms.json`` (built from WordNet by
``corpus/build_acronyms.py``) lists what 390 of them stand for, and :func:`expansions` reads
it. For those, only a restoration to a known term counts, WordNet's or one of the
tortured-phrase list's expected terms that spells it (:func:`terms_spelling`: a paper's SVR
is no Russian intelligence service): otherwise chance candidates could spell a loose gloss
("when lacking sufficient memory (RAM)", where the writer's acronym explains "memory", is no
spun "random access memory").
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from . import resources
from .baselines import zipf
from .candidates import STOPWORDS
from .tokens import HORIZONTAL_SPACE, HYPHENS

__all__ = [
    "Definition",
    "definitions",
    "expansions",
    "hyphen_joined",
    "letters_for",
    "letters_of",
    "readings",
    "spelled_by",
    "spelled_by_initials",
    "spelled_earlier",
    "spelled_out_of_order",
    "spells",
    "split_trailing",
    "terms_spelling",
]

# From the first space before the bracket only (the lookbehind): tried from every space
# of a long run, a phrase of 20,000 spaces took 1.2 s in suggest(), 80,000 took 18 s.
_TRAILING = re.compile(r"(?<!\s)\s*\(\s*([A-Za-z]{2,10})\s*\)\s*$")
# Not a bracket that a word goes on after: "(PP)GTT" is one name, not "PP" defined.
_BRACKET = re.compile(r"\(\s*([A-Za-z]{2,10})\s*\)(?!\w)")
_LOWER_RUN_RE = re.compile(r"[a-z]{3}")
# Words before a bracket that may belong to its term (longer terms are not read).
MAX_TERM_WORDS = 8
# What may stand between a term's words: spaces (no-break ones too) and hyphens, not a line
# break. (Allowing one, for hard-wrapped "body mass\nindex (BMI)", made a kernel document's
# "may receive interrupts for the\nperipheral (GPU) events" three acronym findings.)
_TERM_GAP_RE = re.compile(rf"(?:{HORIZONTAL_SPACE}|-)*")


# Element symbols: a bracket made of them, one with a lower-case letter among them, is a
# chemical formula ("mercury cadmium telluride (HgCdTe)", "tin selenide (SnSe)"), whose
# capitals are no initials of the words before it; read as HCT and SS they had "mercury"
# re-spelled "herd" and "tin" "sugar" (adversarial probe, model card item 170).
ELEMENTS = frozenset(
    "H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge "
    "As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm "
    "Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U "
    "Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og".split())
_SYMBOL_RE = re.compile(r"[A-Z][a-z]?")
# A label of Roman numerals made of I, V and X ("a compound of formula (II)", "Stage (IV)"):
# numbered, not defined. (Acronyms with C, D, L or M are real ones: CD, MD, CV, MI.)
_ROMAN_LABEL_RE = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")


def _formula(letters: str) -> bool:
    """Whether ``letters`` are element symbols, at least one of two letters."""
    symbols = _SYMBOL_RE.findall(letters)
    return ("".join(symbols) == letters and len(symbols) >= 2
            and all(x in ELEMENTS for x in symbols) and any(len(x) == 2 for x in symbols))


def letters_of(acronym: str, strict: bool = False) -> str | None:
    """The initials ``acronym`` stands for, lower case, or None when it cannot be read.

    A trailing lower-case "s" is a plural ("WSNs"). ``strict`` (running text) reads only
    the capitals and needs two of them: lower-case letters join words ("IoT", "QoS" read as
    IT, QS against content words) or belong to chemical formulas ("LiF"), and a bracketed
    lower-case word is no acronym, nor a name in camel case ("CanadaHonk"). Isolated phrases
    (tortured-phrase lists are lower case) read every letter."""
    letters = acronym.strip("() ")
    if letters[-1:] == "s" and len(letters) > 2 and letters[:-1].upper() == letters[:-1]:
        letters = letters[:-1]
    if strict:
        # Lower-case letters join an acronym's words one or two at a time ("IoT", "QoS",
        # "LoRaWAN"); three in a row are a word of a name: a changelog's "(CanadaHonk)", a
        # contributor's user name, read as CH made "error performance" a spun term.
        # A lower-case first letter is a prefix of the term's first word, the capitals
        # often syllables inside its words ("hereditary transthyretin-mediated (hATTR)",
        # "small interfering RNA (siRNA)"): dropped, the capitals were read as initials and
        # a drug maker's press release had "hereditary" re-spelled "transmitted" (precision
        # probe, model card item 194).
        if (letters[:1].islower() or _LOWER_RUN_RE.search(letters) or _formula(letters)
                or _ROMAN_LABEL_RE.fullmatch(letters)):
            return None
        letters = "".join(c for c in letters if c.isupper())
    return letters.lower() if letters.isalpha() and len(letters) >= 2 else None


def split_trailing(phrase: str) -> tuple[str, str] | None:
    """``(phrase before the bracket, the bracket as written)`` when ``phrase`` ends with a
    bracketed acronym and has words before it, else None."""
    m = _TRAILING.search(phrase)
    if m is None or not phrase[: m.start()].strip():
        return None
    return phrase[: m.start()].rstrip(), phrase[m.start() :].strip()


def letters_for(acronym: str, n_words: int, words: Sequence[str]) -> list[str | None] | None:
    """The initial each of ``n_words`` words must have for the phrase to spell ``acronym``
    (None where a function word of ``words`` is free), or None when the acronym cannot be
    read against a phrase of that shape. ``words`` are the observed words."""
    letters = letters_of(acronym)
    if letters is None or len(words) != n_words:
        return None
    if len(letters) == n_words:
        return list(letters)
    content = [k for k, w in enumerate(words) if w not in STOPWORDS]
    if len(letters) == len(content) < n_words:
        out: list[str | None] = [None] * n_words
        for k, c in zip(content, letters, strict=True):
            out[k] = c
        return out
    return None


def spells(letters: Sequence[str | None], words: Sequence[str]) -> bool:
    """Whether ``words`` start with ``letters`` (None: any word)."""
    return len(letters) == len(words) and all(
        c is None or w.startswith(c) for c, w in zip(letters, words, strict=True)
    )


def spelled_by(letters: str, words: Sequence[str]) -> bool:
    """Whether the words right before a bracket spell its ``letters`` (:func:`letters_of`)
    in any of its :func:`readings`, or as the start of the last word (an abbreviation,
    "identifiers (IDs)"), or with letters from inside compounds as well ("newline
    character (NL)", "Southeastern Ceremonial Complex (SECC)"): the letters in order among
    the initials of the last words and of the words inside them. Any inner letter would
    do for far too many terms ("business knowledge (BI)", "data innovation (IT)")."""
    if any(all(words[k].startswith(c) for k, c in r) for r in readings(letters, words)):
        return True
    if words and words[-1].startswith(letters):
        return True  # an abbreviation of one word: "identifiers (IDs)", "figure (FIG)"
    if _prefixes_spell(letters, words):
        return True  # "restricted maximum likelihood (REML)": RE from its first word
    initials = iter([c for w in words[-2 * len(letters) :] for c in _initials(w)])
    return all(c in initials for c in letters)  # a subsequence: the iterator is consumed


def spelled_by_initials(letters: str, words: Sequence[str]) -> bool:
    """Whether ``words`` spell ``letters`` by their initials alone, in one of its
    :func:`readings`, or by short prefixes ("RAdio Detection And Ranging"): the strict part
    of :func:`spelled_by`, without an abbreviated last word or inner letters."""
    return any(all(words[k].startswith(c) for k, c in r) for r in readings(letters, words)) or (
        _prefixes_spell(letters, words))


# How many letters of an acronym one word may give: "REstricted Maximum Likelihood" (REML),
# "MATrix LABoratory" (MATLAB).
MAX_PREFIX_LETTERS = 3


def _prefixes_spell(letters: str, words: Sequence[str]) -> bool:
    """Whether the last words before the bracket, each giving the first one to
    :data:`MAX_PREFIX_LETTERS` letters of itself and one of them more than one, spell the
    ``letters`` (three or more) in order."""

    def spelled(i: int, k: int, longer: bool) -> bool:
        # letters[:i] by words ending at words[k - 1], each giving a prefix of itself
        if i == 0:
            return longer
        if k == 0:
            return False
        word = words[k - 1]
        return any(letters[i - n : i] == word[:n] and spelled(i - n, k - 1, longer or n > 1)
                   for n in range(1, min(MAX_PREFIX_LETTERS, i, len(word)) + 1))

    return len(letters) >= 3 and spelled(len(letters), len(words), False)


_HYPHEN_CHARS = frozenset(HYPHENS)


def hyphen_joined(text: str, words: Sequence) -> list[str] | None:
    """The normalised ``words`` (tokens with ``start``, ``end`` and ``norm``) with each
    hyphenated compound made one word ("over-sampling" -> "oversampling"), or None when no
    two of them are joined by a hyphen. A compound gives an acronym the letters of one
    word: "synthetic minority over-sampling technique (SMOTE)" is S, M, O, TE, its
    "sampling" gives none; read part by part it was taken for a term that lost its T and E
    (a genuine paper's methods section, model card item 168)."""
    out: list[str] = []
    joined = False
    for k, w in enumerate(words):
        if k and text[words[k - 1].end : w.start] in _HYPHEN_CHARS:
            out[-1] += w.norm
            joined = True
        else:
            out.append(w.norm)
    return out if joined else None


def spelled_out_of_order(letters: str, words: Sequence[str]) -> bool:
    """Whether ``letters`` are the initials of the last content ``words`` before the bracket,
    as many as there are letters, in another order: an acronym of the name in another
    language, after its translation ("the generalised social contribution (CSG)",
    Contribution sociale généralisée; "coordinated universal time (UTC)"). A spinner keeps
    the bracket and swaps words; it does not turn the original's initials around
    (adversarial probe, model card item 170). Read with one more word, the check let a word
    before the term give the missing letter ("we applied primary component examination
    (PCA)") and lost two spun terms of the screener's rows."""
    content = [w for w in words if w not in STOPWORDS][-len(letters) :]
    return len(content) == len(letters) and Counter(w[:1] for w in content) == Counter(letters)


def spelled_earlier(letters: str, words: Sequence[str]) -> bool:
    """Whether a run of ``words`` that ends before the last of them spells ``letters`` in
    one of its :func:`readings`: the writer's term stands earlier in a longer phrase ("the
    minimum covariance determinant estimator of location and scatter (MCD)"). The words
    between it and the bracket are the writer's, not a spinner's replacements, however
    well their candidates would spell the acronym. Two letters are spelled by chance too
    often in a run of eight words ("in this study we applied data technology (IT)")."""
    if len(letters) < 3:
        return False
    return any(
        all(words[k].startswith(c) for k, c in r)
        for end in range(len(letters), len(words))
        for r in readings(letters, words[:end])
    )


# A compound's parts are real words, not fragments ("bus" + "iness").
MIN_PART_LETTERS = 3
MIN_PART_ZIPF = 3.0
# Learned prefixes that start a compound without being common words themselves: "infra" is
# rarer than MIN_PART_ZIPF, yet "near-infrared spectra (NIR)" takes its R from "red" (an R
# vignette's data description, as text, PDF and JATS: the acronym rule's known false alarm,
# model card items 43 and 168).
COMBINING_FORMS = frozenset(
    "infra ultra micro macro nano multi poly electro hydro thermo photo radio tele".split())
# After a combining form the rest may be a rarer word: chemistry names its polymers so, and
# their acronyms take a letter from each part ("maleic anhydride grafted polypropylene
# (MAPP)", "polyethylene (PE)", "polylactic acid (PLA)"). At MIN_PART_ZIPF "propylene"
# (2.6) gave no P, and a materials paper's "grafted" was reported as a term's lost word
# (-> "prized"; precision probe, model card item 198).
MIN_FORM_PART_ZIPF = 2.0


def _initials(word: str) -> list[str]:
    """The first letter of ``word`` and of each word a compound is made of ("newline" ->
    n, l; "southeastern" -> s, e; "infrared" -> i, r; "polypropylene" -> p, p)."""
    inner = [
        word[i]
        for i in range(MIN_PART_LETTERS, len(word) - MIN_PART_LETTERS + 1)
        if zipf(word[i:]) >= _rest_bar(word[:i])
    ]
    return [word[:1], *inner]


def _rest_bar(start: str) -> float:
    """The Zipf frequency the rest of a word needs for ``start`` to begin a compound: a
    combining form's rest :data:`MIN_FORM_PART_ZIPF`, a common word's :data:`MIN_PART_ZIPF`,
    anything else none (infinite)."""
    if start in COMBINING_FORMS:
        return MIN_FORM_PART_ZIPF
    return MIN_PART_ZIPF if zipf(start) >= MIN_PART_ZIPF else math.inf


def readings(letters: str, words: Sequence[str]) -> list[list[tuple[int, str]]]:
    """The ways ``letters`` can be read against the words right before their bracket: lists
    of ``(index into words, letter)``, one letter per word, then one per content word."""
    n = len(letters)
    out = []
    if len(words) >= n:
        out.append(list(zip(range(len(words) - n, len(words)), letters, strict=True)))
    content = [k for k, w in enumerate(words) if w not in STOPWORDS][-n:]
    if len(content) == n and (not out or content != [k for k, _ in out[0]]):
        out.append(list(zip(content, letters, strict=True)))
    return out


EXPANSIONS_FILE, EXPANSIONS_FORMAT, EXPANSIONS_VERSION = "acronyms.json", "unspin-acronyms", 1
_expansions: dict[str, tuple[tuple[str, ...], ...]] | None = None


def expansions(letters: str) -> tuple[tuple[str, ...], ...]:
    """The terms a well-known acronym (its :func:`letters_of`) stands for, as word tuples
    ("ram" -> ("random", "access", "memory")); empty when the acronym is not known. The
    table loads on first use (raises :class:`detector.resources.ModelError`)."""
    global _expansions
    if _expansions is None:
        data = resources.load_json(EXPANSIONS_FILE, EXPANSIONS_FORMAT, EXPANSIONS_VERSION)
        try:
            # Built whole, then published: a thread racing here builds the same table.
            _expansions = {
                a: tuple(tuple(e.split(" ")) for e in terms)
                for a, terms in data["entries"].items()
            }
        except (KeyError, AttributeError, TypeError) as exc:
            raise resources.ModelError(
                f"model file {EXPANSIONS_FILE} has unexpected content ({exc!r}); "
                f"{resources.REBUILD_HINT}"
            ) from None
    return _expansions.get(letters, ())


_term_index: tuple[frozenset[str], dict[str, tuple[tuple[str, ...], ...]]] | None = None


def terms_spelling(letters: str, terms: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    """The multiword terms of ``terms`` (a terminology list: the spin table's expected
    phrases) that spell ``letters``, one letter per word or per content word, as word
    tuples. A paper's "SVR" is support vector regression, which WordNet does not know; the
    list is indexed by initials once."""
    global _term_index
    if _term_index is None or _term_index[0] is not terms:
        index: dict[str, list[tuple[str, ...]]] = {}
        for term in sorted(terms):
            words = tuple(term.split())
            if len(words) < 2:
                continue
            content = [w for w in words if w not in STOPWORDS]
            for key in {"".join(w[0] for w in words), "".join(w[0] for w in content)}:
                index.setdefault(key, []).append(words)
        _term_index = (terms, {k: tuple(v) for k, v in index.items()})
    return _term_index[1].get(letters, ())


class Definition(NamedTuple):
    """A bracketed acronym after some words: ``words[first:end]`` (word indices) may hold
    its term; ``acronym`` as written, ``letters`` as read (:func:`letters_of`, strict);
    ``close`` the text offset just after its closing bracket."""

    first: int
    end: int
    acronym: str
    letters: str
    close: int = -1


def definitions(text: str, words: Sequence) -> list[Definition]:
    """Acronym brackets in ``text`` right after a word (``words``: word tokens with ``start``
    and ``end`` offsets, in order), each with the words of its sentence run before it (at
    most :data:`MAX_TERM_WORDS`, not across punctuation)."""
    ends = [w.end for w in words]
    out = []
    for m in _BRACKET.finditer(text):
        letters = letters_of(m.group(1), strict=True)
        if letters is None:
            continue
        end = bisect.bisect_right(ends, m.start())
        first = end
        # Walk back over words separated by spaces only (hyphens split words too).
        while first > 0 and end - first < MAX_TERM_WORDS:
            gap = text[words[first - 1].end : (words[first].start if first < end else m.start())]
            if not _TERM_GAP_RE.fullmatch(gap):
                break
            first -= 1
        if first < end:
            out.append(Definition(first, end, m.group(1), letters, m.end()))
    return out
