"""Words in disguise: letters of another script and invisible characters inside English words.

"Humanizer" tools and some spinners hide a rewrite from plagiarism and AI checkers by changing
characters a reader cannot see change: a Cyrillic "а" (U+0430) for the Latin "a", a Greek
"Ο" for "O", or a zero-width space inside a word ("re\\u200bsult"). On screen the text is
unchanged; to a checker "Lаst" is an unknown word and "re\\u200bsult" two, so the spun
wording around them goes unseen, and a text disguised throughout stops looking like English
at all. This module finds such words and gives their plain spelling:

* :func:`fold` returns the text as the reader sees it, **at the same length**: a lookalike
  in a disguised word becomes its Latin letter, an invisible character between two letters
  becomes U+2060 WORD JOINER (which the tokenizer keeps inside a word and drops from its
  look-up form), and one elsewhere a space, a word break; so the analysis reads the words
  the reader sees, and offsets, lines and columns stay the caller's;
* :func:`find` lists the disguised words, which the analyser reports as findings of the rule
  ``disguised-word`` with the plain word as their suggestion (:func:`unmask` does both).

A word is disguised when

* it mixes Latin letters with lookalikes from another script, and reads as a Latin word
  once they are read as Latin letters ("Lаst", "Kаlbаjаr"): English, Russian and Armenian
  words are each written in one script, so a mixed word is a disguise, or at most the slip
  of a writer whose keyboard has both layouts (a word or two in a text, not several; a
  Russian word with a Latin letter slipped in, "мoлоко", stays a Russian word). Greek is
  the exception: science writes Greek letters beside Latin ones, so a word mixed with Greek
  lookalikes must read as an English word of three letters or more ("Οnly", not "οC" for
  "°C"); or
* it is written in lookalikes alone and reads as an English word of three letters or more
  ("Тhе" for "The"), between words written in Latin letters: a Russian word in an English
  sentence ("the word тот") is mostly spelled with letters English lacks, a quotation in
  Russian has Russian neighbours, and the shorter ones are the words and letters a text
  about Russian or Armenian cites (Russians sigh "ох"; the Armenian letters օ (o) and ֆ
  (f)); or
* an invisible character (:data:`INVISIBLE`) stands between two of its letters and it reads
  as an English word ("re\\u200bsult"). Zero-width characters elsewhere (in emoji sequences,
  in Persian and Indic scripts, beside a space or an "@") are read as word breaks and not
  reported, and so is the soft hyphen (U+00AD), a legitimate hyphenation hint in web text,
  which is folded for reading like the others.

"Reads as an English word": the lexicon of :mod:`detector.baselines` knows it, its
lookalikes read as Latin letters. The lookalikes (:data:`LOOKALIKES`) are the letters of
Cyrillic, Greek, Armenian and the fullwidth forms that common fonts draw like a Latin letter,
chosen by hand from Unicode's confusables; not the phonetic alphabet's ("ɑ", "ɡ"), which
pronunciation guides write among Latin letters. Greek lower-case letters that science writes next
to Latin ones are not among them: "NF-κB", "Aβ", "TNF-α", "ERα", "μm" are notation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

__all__ = ["INVISIBLE", "LOOKALIKES", "MAX_LETTERS", "Disguise", "find", "fold", "plain", "unmask"]

# Cyrillic, Greek (capitals and omicron), Armenian and Latin-block lookalikes, by the Latin
# letter each is drawn as.
_BY_LATIN = {
    "a": "\u0430", "c": "\u0441\u03f2", "d": "\u0501", "e": "\u0435", "h": "\u04bb\u0570",
    "i": "\u0456", "j": "\u0458", "l": "\u04cf", "o": "\u043e\u03bf\u0585", "p": "\u0440",
    "q": "\u051b", "s": "\u0455", "u": "\u057d", "w": "\u051d", "x": "\u0445", "y": "\u0443",
    "A": "\u0410\u0391", "B": "\u0412\u0392", "C": "\u0421\u03f9", "E": "\u0415\u0395",
    "H": "\u041d\u0397", "I": "\u0406\u0399\u04c0", "J": "\u0408", "K": "\u041a\u039a",
    "M": "\u041c\u039c", "N": "\u039d", "O": "\u041e\u039f\u0555", "P": "\u0420\u03a1",
    "S": "\u0405", "T": "\u0422\u03a4", "X": "\u0425\u03a7", "Y": "\u04ae\u03a5",
    "Z": "\u0396",
}
_FULLWIDTH_LETTERS = {chr(0xFF21 + k): chr(0x41 + k) for k in range(26)} | {
    chr(0xFF41 + k): chr(0x61 + k) for k in range(26)
}
LOOKALIKES: dict[str, str] = {
    c: latin for latin, chars in _BY_LATIN.items() for c in chars
} | _FULLWIDTH_LETTERS
# Characters with no width that a checker reads as a word break: zero-width space, non-joiner
# and joiner, the byte-order mark used as a zero-width no-break space, the Mongolian vowel
# separator and the combining grapheme joiner. Not the invisible mathematical operators
# (U+2061-2064): MathML copied as text keeps them between a function and its argument
# ("cos\u2061t"), which read as "cost" (adversarial probe, model card item 171).
INVISIBLE = "\u200b\u200c\u200d\ufeff\u180e\u034f"
_ZWSP, _ZWNJ = "\u200b", "\u200c"
# Fullwidth letters (U+FF21-FF5A) are visibly wide: a word written in them alone is styling
# or a CJK writer's ("by \uff26\uff21\uff38", "end of \uff2e\uff2f\uff36"), not a disguise; mixed
# with ASCII letters in one word it still is one.
_FULLWIDTH = frozenset(_FULLWIDTH_LETTERS)
# A word written wholly in lookalikes of another script is a word of that script unless it
# reads as a common English word (Zipf >= this) in lower or title case: English texts cite
# Russian and Greek words and abbreviations (Cyrillic "Pyx", "HATO", Greek "OXI" to the
# eye), which the lexicon knows as "pyx", "hato" and "oxi" (it knows most strings of three
# letters), while a humanizer's whole-word swaps are of the commonest words ("see", "has").
WHOLE_WORD_MIN_ZIPF = 4.0
# and has four letters or more: a vocabulary note's Russian word for rubbish and a
# Mongolian word for month read as "cop" and "cap".
WHOLE_WORD_MIN_LETTERS = 4
# Folded for reading, never reported: a hyphenation hint, and the word joiner with which
# prose extraction pads a character reference inside a word (detector.prose).
_SILENT = "\u00ad\u2060"
_JOINER = "\u2060"

# Longer than any English word (45 letters: "pneumonoultramicroscopicsilicovolcanoconiosis"):
# a run of letters with no space in it, not a word anyone disguised.
MAX_LETTERS = 45
_HIDDEN = INVISIBLE + _SILENT
_SUSPECTS = re.compile("[" + "".join(LOOKALIKES) + _HIDDEN + "]")
_INSIDE = "".join(LOOKALIKES) + _HIDDEN
# A run of letters, lookalikes and invisible characters, apostrophes inside; the letters are
# checked one by one below.
_WORD = re.compile(r"(?:[^\W\d_]|[" + _INSIDE + r"])+(?:['’](?:[^\W\d_]|[" + _INSIDE + r"])+)*")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_APOSTROPHES = "'’"


class Disguise(NamedTuple):
    """A disguised word: ``text[start:end]``, read as ``plain``; ``characters`` names the
    characters that disguise it ("U+0430 CYRILLIC SMALL LETTER A")."""

    start: int
    end: int
    plain: str
    characters: tuple[str, ...]


def _describe(c: str) -> str:
    return f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED CHARACTER')}"


def plain(text: str) -> str:
    """``text`` with every lookalike read as its Latin letter and invisible characters
    dropped (whatever the words are)."""
    return "".join(LOOKALIKES.get(c, c) for c in text if c not in INVISIBLE and c not in _SILENT)


def _latin_word(word: str) -> bool:
    """Whether ``word`` is written in Latin letters (ASCII or accented) and nothing else."""
    return any(c.isalpha() for c in word) and all(
        c.isascii() or "LATIN" in unicodedata.name(c, "") for c in word if c.isalpha())


def find(text: str, known: Callable[[str], bool] | None = None) -> list[Disguise]:
    """The disguised words of ``text``, in order. ``known`` tells whether a plain word (lower
    case, straight apostrophes) is English; by default the lexicon of
    :mod:`detector.baselines`."""
    return unmask(text, known)[1]


def fold(text: str, known: Callable[[str], bool] | None = None) -> str:
    """``text`` as the reader sees it, at the same length: the lookalikes of disguised words
    as their Latin letters, invisible characters and soft hyphens inside words as U+2060 and
    elsewhere as spaces."""
    return unmask(text, known)[0]


def unmask(text: str, known: Callable[[str], bool] | None = None
           ) -> tuple[str, list[Disguise]]:
    """:func:`fold` and :func:`find` in one pass: ``text`` folded, and its disguised words."""
    if text.isascii() or _SUSPECTS.search(text) is None:
        return text, []
    if known is None:
        from .baselines import known
    out = [" " if c in _HIDDEN else c for c in text]  # between words: a word break
    found: list[Disguise] = []
    words = list(_WORD.finditer(text))
    for k, m in enumerate(words):
        if _SUSPECTS.search(m.group()) is None:
            continue
        a, b = m.span()
        # Invisible characters at a word's edge are its neighbours' business.
        while a < b and text[a] in _HIDDEN:
            a += 1
        while b > a and text[b - 1] in _HIDDEN:
            b -= 1
        word = text[a:b]
        for j, c in enumerate(word):
            if c in _HIDDEN:
                out[a + j] = _JOINER  # read as one word either way
        disguise = _disguise(word, a, words, k, known)
        if disguise is not None:
            found.append(disguise)
            for j, c in enumerate(word):
                if c in LOOKALIKES:
                    out[a + j] = LOOKALIKES[c]
    return "".join(out), found


def _disguise(word: str, a: int, words: list[re.Match[str]], k: int,
              known: Callable[[str], bool]) -> Disguise | None:
    """``word`` (at ``a``; ``words[k]``) as a disguise, or None when it is none."""
    lookalike = [c for c in word if c in LOOKALIKES]
    hidden = [c for j, c in enumerate(word) if c in INVISIBLE and not _typographic(word, j)]
    if not lookalike and not hidden:
        return None
    spelled = plain(word)
    if not 0 < len(spelled) <= MAX_LETTERS:
        return None
    english = known(spelled.replace("’", "'").lower())
    stem = _before_clitic(word) if lookalike else word
    if lookalike and _case_ending(word):
        # Russian writers decline a Latin word with an ending of their own after an
        # apostrophe ("worker'а", "GitHub'е"): two scripts, on purpose, in plain sight.
        disguised = False
    elif lookalike and _LATIN_LETTER.search(stem):
        # One word, two scripts, Latin once the lookalikes are read: a disguise, names
        # included, unless the other script is Greek and the word no English word of three
        # letters or more (notation: "οC" for "°C"). A Russian word with a Latin slip in it
        # ("мoлоко") stays Russian.
        disguised = _latin_word(spelled) and (
            any("GREEK" not in unicodedata.name(c) for c in lookalike)
            or (english and len(spelled) >= 3))
    elif lookalike and all(c in LOOKALIKES or c in _HIDDEN or c in _APOSTROPHES for c in stem):
        disguised = (english and len(spelled) >= WHOLE_WORD_MIN_LETTERS
                     and not _FULLWIDTH.issuperset(lookalike)
                     and not _all_capitals(spelled) and _common(spelled)
                     and _between_latin(words, k))
    else:
        disguised = False
    if hidden and not disguised:
        disguised = english and _latin_word(spelled)
    if not disguised:
        return None
    characters = tuple(dict.fromkeys(_describe(c) for c in (*lookalike, *hidden)))
    return Disguise(a, a + len(word), spelled, characters)


def _typographic(word: str, j: int) -> bool:
    """Whether the invisible character ``word[j]`` is a typesetter's: a zero-width non-joiner
    after an "f" keeps a ligature from forming ("chief\u200cly", German "Auf\u200clage"), a
    zero-width space between a small and a capital letter is a line-break opportunity in a
    long identifier ("Data\u200bSet"); adversarial probe, model card item 171. (A chat
    bridge's zero-width space after a nickname's first letter, which keeps the person named
    from being notified, is left a finding: humanizers put theirs there too, "t\u200bhe".)"""
    c = word[j]
    before = word[j - 1] if j else ""
    after = word[j + 1] if j + 1 < len(word) else ""
    return ((c == _ZWNJ and before in "fF")
            or (c == _ZWSP and before.islower() and after.isupper()))


def _last_apostrophe(word: str) -> int:
    """Where ``word``'s last apostrophe is, -1 if it has none."""
    return max(word.rfind(a) for a in _APOSTROPHES)


def _before_clitic(word: str) -> str:
    """``word`` without an English clitic after its last apostrophe, which is English in
    any script (a Russian operator's Cyrillic initials with "'s" are the initials cited)."""
    cut = _last_apostrophe(word)
    return word[:cut] if cut > 0 and plain(word[cut + 1 :]).lower() in _CLITICS else word


def _all_capitals(spelled: str) -> bool:
    """An abbreviation or an inscription: two or more letters, all capitals (an English
    clitic aside: a Russian operator's "\u041c\u0422\u0421's")."""
    cut = _last_apostrophe(spelled)
    letters = [c for c in (spelled[:cut] if cut > 0 else spelled) if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _common(spelled: str) -> bool:
    from .baselines import zipf

    return zipf(spelled.replace("’", "'").lower()) >= WHOLE_WORD_MIN_ZIPF


# What follows an apostrophe in English ("year's", "don't", "we'll"): written in lookalikes,
# a disguise, never a case ending.
_CLITICS = frozenset({"s", "t", "d", "ll", "re", "ve", "m"})


def _case_ending(word: str) -> bool:
    """Whether ``word`` is Latin letters, an apostrophe and an ending in letters of another
    script (no English clitic read plainly), the only place its lookalikes are."""
    cut = _last_apostrophe(word)
    head, ending = word[:cut], word[cut + 1 :]
    return (cut >= 0 and _latin_word(head) and all(c not in LOOKALIKES for c in head)
            and not any(_LATIN_LETTER.match(c) or c in INVISIBLE for c in ending)
            and plain(ending).lower() not in _CLITICS)


def _between_latin(words: list[re.Match[str]], k: int) -> bool:
    """Whether the words either side of ``words[k]`` (those there are) are written in Latin
    letters."""
    sides = [words[j].group() for j in (k - 1, k + 1) if 0 <= j < len(words)]
    return bool(sides) and all(_LATIN_LETTER.search(w) is not None or _latin_word(w)
                               for w in sides)
