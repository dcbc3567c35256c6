"""A/an agreement: spinners swap the word after an article and leave the article.

"An" goes before a vowel sound and "a" before a consonant sound. A spinner that turns "a
special session" into "a unprecedented session" (the spun seed) or "an important step" into
"an significant step" replaces the word and keeps the article, so the pair clashes, and the
original, whatever it was, agreed with the article. Edited natural text almost never
clashes: in the corpus's natural records, 193 of 48,035 "a"/"an" + word pairs do by the
rules below (0.4%), most of them "a" used as a letter or variable ("a and b", "a is") or
code; of the simulated spinners' substitutions right after an article, 14,759 of 61,367
do (24%). A pair is an article and the word right after it, with nothing but an ordinary
gap between (:func:`detector.features.article_next_to`). ``python -m bench.articles``
counts both.

The sound is read from spelling, so only clear cases count: a word starting with a, e, i or o
takes "an" (except "eu-", "ewe", "one", "once": a /j/ or /w/ sound), one starting with
another consonant letter takes "a". Of the u-words, the prefix "un-" and "up-", "ug-",
"ul-", "um-" words take "an" (an unusual, an unprecedented, an upper), a listed set of
"uni-" words "a" (a unit, a unique, a union, a unanimous); other "uni-" words (an
unidentified, a unicameral) and other u-words (a user, an urge) are undecided. Words
starting with h (an hour; a historic or, in British usage, an historic) or y, single
letters, acronyms and mixed-case words are left undecided, and so is anything that is not
a plain word. "An" before a vowel letter said as a consonant ("an uniform", "an European")
is no clash either: writers before the twentieth century chose "an" by the letter.

A writer who never writes "an" is not kept by the rule at all: many who learned English
after a language without articles, and documentation filled in from templates ("delete a
intercept endpoint group"), write "a" before every vowel. A natural abstract written that
way had five clashes and was labelled spun (p 0.993, seven findings; with "an" written,
0.07). When a text has two or more "a" + vowel clashes and no "an" anywhere
(:func:`by_habit`), its clashes are the writer's habit and count for nothing. A spinner
leaves the original writer's "an"s standing before the words it did not replace, so spun
text seldom looks like that: 136 of the 9,076 spun dev and test records of the corpus do
(a short original without an "an"), and 4 of the 2,269 natural ones ("a and b").

Restoring runs the other way (:func:`agreeing`): some spinners do adjust the article to
their word ("an historic" -> "a new"), and putting the original back then leaves "a" before
a vowel sound; ``restore`` makes the article agree with what it puts back ("a area" was
written six times in 438 restored texts, ``python -m bench.articles --restore 400``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .tokens import HORIZONTAL_SPACE

__all__ = ["ARTICLES", "agreeing", "by_habit", "clashes", "clashing", "put_back", "sound"]

ARTICLES = frozenset({"a", "an"})
_VOWEL_LETTERS = frozenset("aeio")
_UNDECIDED_LETTERS = frozenset("hy")
# Spelled with a vowel letter, said with a consonant sound.
_CONSONANT_SOUND_PREFIXES = ("eu", "ewe", "once")
_YOU_SOUND_PREFIXES = (
    "unanim", "unicellular", "unicode", "unicorn", "unicycle", "unidirectional", "unif",
    "uniform", "unilateral", "union", "unipolar", "unique", "unisex", "unison", "unit",
    "univers", "unix",
)


def sound(word: str) -> str | None:
    """``"vowel"`` or ``"consonant"``: the sound ``word`` starts with, as its article must
    agree with; None when the spelling does not tell."""
    head = word.split("-", 1)[0]
    if len(head) < 2 or not head.isalpha() or not head[1:].islower():
        return None
    w = head.lower()
    first = w[0]
    if first in _UNDECIDED_LETTERS:
        return None
    if first == "u":
        if w.startswith(_YOU_SOUND_PREFIXES):
            return "consonant"
        if w.startswith("uni"):  # "unidentified" is un- + identified, "unicorn" is not
            return None
        return "vowel" if w.startswith(("un", "up", "ug", "ul", "um")) else None
    if first in _VOWEL_LETTERS:
        if w.startswith(_CONSONANT_SOUND_PREFIXES) or w in ("one", "ones", "oneself"):
            return "consonant"
        return "vowel"
    return "consonant"


def clashes(article: str | None, word: str) -> bool | None:
    """Whether ``article`` ("a" or "an", any case) disagrees with the sound ``word`` starts
    with; None when there is no article or the sound is undecided."""
    if article is None or article.lower() not in ARTICLES:
        return None
    s = sound(word)
    if s is None:
        return None
    an = article.lower() == "an"
    if an and s == "consonant" and word[:1].lower() in "aeiou":
        # "an uniform", "an union", "an European", "such an one": older English wrote "an"
        # by the letter; the State of the Union addresses do it dozens of times.
        return None
    return an != (s == "vowel")


def clashing(left: str | None, word: str) -> str | None:
    """``left`` (a normalised word) when it is an article that ``word``, as written,
    disagrees with; else None."""
    return left if left in ARTICLES and clashes(left, word) else None


def by_habit(pairs: Iterable[tuple[str, str]]) -> bool:
    """Whether a text's article + word ``pairs`` (the article normalised, the word as
    written; every "a" and "an" of the text with the word after it) show a writer who
    writes "a" before vowels by habit: two or more such clashes, and never "an"."""
    clashing_a = 0
    for article, word in pairs:
        if article == "an":
            return False
        if article == "a" and clashes(article, word):
            clashing_a += 1
    return clashing_a >= 2


# An article right before a position: "a"/"an" in lower case anywhere, capitalised only where
# a sentence starts ("Grade A" is a letter, not an article), then white space.
_ARTICLE_BEFORE = re.compile(
    r"(?:(?<![\w'’.-])(?P<lower>an?)|(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”’)]\s)|(?<=\n))"
    rf"(?P<upper>An?))(?P<gap>{HORIZONTAL_SPACE}*\r?\n?{HORIZONTAL_SPACE}*)$"
)
_WORD_AT = re.compile(r"[^\W\d_][\w'’-]*")
_OTHER = {"a": "an", "an": "a", "A": "An", "An": "A"}


def agreeing(text: str, start: int, floor: int = 0) -> str:
    """``text`` with the article right before ``start`` made to agree with the word there:
    after ``restore`` puts "extraordinary" where a spinner wrote "a new", the article is
    "an". Nothing changes when there is no article (none at or after ``floor``: an earlier
    edit's end), when it agrees, or when the word's sound is undecided."""
    window = text[max(floor, start - 12):start]
    m = _ARTICLE_BEFORE.search(window)
    word = _WORD_AT.match(text, start)
    if m is None or word is None:
        return text
    article = m.group("lower") or m.group("upper")
    if not clashes(article, word.group(0)):
        return text
    at = start - len(window) + m.start("lower" if m.group("lower") else "upper")
    return text[:at] + _OTHER[article] + text[at + len(article):]


def put_back(text: str, edits: Sequence[tuple[int, int, str, int]]) -> str:
    """``text`` with each edit ``(start, end, wording, floor)`` made (``edits`` in text order,
    not overlapping), right to left so that offsets stay valid, and the article before each
    wording made to agree with it (:func:`agreeing`; an article before ``floor`` is not
    this edit's). ``restore`` and ``restore --interactive`` put wordings back through it."""
    out = text
    for start, end, wording, floor in reversed(edits):
        wording = _spaced_as(out[start:end], _without_repeated_article(out[:start], wording))
        out = agreeing(out[:start] + wording + out[end:], start, floor)
    return out


def _spaced_as(written: str, wording: str) -> str:
    """``wording`` with the white space between its words as ``written`` has it, where both
    have as many words: a hard-wrapped "Python\nbundle" restored is "Python\npackage", not
    a line joined to the next (model card item 148)."""
    gaps = re.findall(r"\s+", written.strip())
    words = wording.split()
    if not gaps or len(words) != len(gaps) + 1 or all(g == " " for g in gaps):
        return wording
    return "".join(w + g for w, g in zip(words, [*gaps, ""], strict=True))


_LEADING_ARTICLE = re.compile(r"(the|a|an)\s+", re.I)
_TRAILING_ARTICLE = re.compile(r"\b(the|a|an)\s+$", re.I)


def _without_repeated_article(before: str, wording: str) -> str:
    """``wording`` without its leading article when the text before it ends with one: the
    screener expects "the cloud platform" for "cloud stage", and restore wrote "in the the
    cloud platform" (model card item 146)."""
    lead, tail = _LEADING_ARTICLE.match(wording), _TRAILING_ARTICLE.search(before)
    if not lead or not tail:
        return wording
    # "the" twice, or "a"/"an" twice; "the a priori probability" is English.
    same = {lead.group(1).lower(), tail.group(1).lower()}
    return wording[lead.end():] if same in ({"the"}, {"a"}, {"an"}, {"a", "an"}) else wording
