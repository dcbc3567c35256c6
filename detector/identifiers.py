"""Words a text also writes inside code identifiers: the text's own vocabulary.

Technical writing names things in code between its sentences: ``register_offset``,
``actual_brightness``, a device-tree property ``ti,brightness-resolution``, a cell count
``#interrupt-cells``. The tokenizer reads such a name as words ("register offset"), and the
names' words recur in the prose around them ("the offset of the register", "the brightness
level"), where they are the document's terms, chosen by its author. A spinner writes no
such names: it rewrites prose word by word and leaves a name it cannot look up as it stands
(a thesaurus has no ``key_brightness_up``), so a word a text writes inside an identifier
was not put there by a spinner, in the identifier or anywhere else in the text. Such words are
:attr:`detector.features.TextEvidence.own_terms`: no finding of an inferred rule and no
passage evidence, while a tortured phrase of the curated list still counts on them.

The Linux kernel's documentation showed why this matters: "interrupt" (-> "break"),
"brightness" (-> "light") and "offset" were reported at every use in device-tree bindings
whose identifiers spell them, and twelve of its files were labelled spun
(``bench/unseen_docs.py``: its findings 386 -> 200, spun passages 46 -> 28).

Only unmistakable identifiers count: two or more runs of letters and digits joined by
underscores (``can_frame``, ``__init_subclass__``; not ``__init__``, whose one word a name
broken by a space, ``__computer software__``, would share), a lower-case vendor prefix
before a hyphenated name (``marvell,orion-intc``), and a name after ``#`` that goes on with
a hyphen or underscore (``#interrupt-cells``, not a hashtag). Function words and words of
two letters or fewer in them are left out: ``get_the_value`` says nothing about "the".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from detector.fingerprints import plural_of, singulars

__all__ = ["identifier_words", "numbered_element_words", "same_word"]

_IDENTIFIER = re.compile(
    r"(?<![\w#$])(?:"
    r"_*[A-Za-z0-9]+(?:_+[A-Za-z0-9]+)+_*"  # snake_case, __init_subclass__
    r"|[a-z][a-z0-9]*,[a-z][a-z0-9]*(?:-[a-z0-9]+)+"  # vendor,property-name
    r"|#[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+"  # #interrupt-cells
    r")"
)
_PARTS = re.compile(r"[A-Za-z]{3,}")


def identifier_words(text: str, stopwords: Iterable[str] = ()) -> frozenset[str]:
    """The lower-case words of three letters or more that ``text`` writes inside an
    identifier, function words (``stopwords``) left out."""
    skip = frozenset(stopwords)
    words = {part.lower() for m in _IDENTIFIER.finditer(text)
             for part in _PARTS.findall(m.group())}
    return frozenset(words - skip)


# A patent's reference numeral after an element's name: "a housing 102", "an information
# handling system 110", "the elongate member 130": a determiner, up to three words of the
# name, then a numeral of two to four digits (a letter may follow: "112a") that is no
# quantity ("the sample 20 mm", "a dose 10%") and no year.
_NUMBERED = re.compile(
    r"(?<![\w-])(?:a|an|the|said|each|its|their|this|these|those|first|second|third|further"
    r"|another|respective)[ \t]+((?:[A-Za-z][A-Za-z-]*[ \t]+){1,3})([0-9]{2,4})[a-z]?"
    r"(?![\w.,]*[0-9])(?![ \t]*(?:%|(?:mm|cm|m|km|kg|g|mg|ml|l|s|ms|h|min|v|w|hz|khz|mhz)\b))",
    re.IGNORECASE,
)
_NUMBERED_MIN = 3  # different numerals before a text reads as a patent's
_NUMBERED_AGAIN = 2  # and uses of them after the first
_NOT_NAMES = frozenset(
    "fig figs figure figures claim claims page pages table tables line lines step steps "
    "section sections chapter chapters paragraph paragraphs item items version first second "
    "third".split())


def numbered_element_words(text: str, stopwords: Iterable[str] = ()) -> frozenset[str]:
    """The lower-case words of the element names a patent numbers ("an information handling
    system 110" -> information, handling, system), when the text names three or more
    different numbered elements so, and names them again twice or more; otherwise none.

    A patent description labels each element with a reference numeral and names it the
    same way at every use, a name as fixed as a code identifier's: "apparatus", "housing",
    "information handling system" are a patent attorney's terms of art, and a 100-word
    excerpt of a description was labelled spun on "apparatus" (-> setup) and "handling"
    (-> processing) (model card item 134). A name's words are those between a determiner
    and the numeral, at most three, none of them a function word."""
    skip = frozenset(stopwords) | _NOT_NAMES
    uses: dict[str, int] = {}
    words: set[str] = set()
    for m in _NUMBERED.finditer(text):
        number = m.group(2)
        name = [w.lower() for w in m.group(1).split()]
        if 1900 <= int(number) <= 2099 or any(w in skip for w in name):
            continue
        uses[number] = uses.get(number, 0) + 1
        words.update(part for w in name for part in _PARTS.findall(w))
    # And named again: a patent refers to its elements again and again, where "the study
    # recruited 120 participants" and its like are said once.
    if len(uses) < _NUMBERED_MIN or sum(uses.values()) - len(uses) < _NUMBERED_AGAIN:
        return frozenset()
    return frozenset(words - skip)


def same_word(norm: str, words: frozenset[str]) -> bool:
    """Whether the normalised word ``norm`` is one of ``words``, or its regular plural or
    singular (``interrupts`` and ``#interrupt-cells``, ``strategy`` and ``io_strategies``),
    by the plural rules the fingerprints use."""
    return (norm in words or plural_of(norm) in words
            or not words.isdisjoint(singulars(norm)))
